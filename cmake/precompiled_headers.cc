// The translation unit that makes the precompiled header
// cmake/deal_ii_headers.h.
