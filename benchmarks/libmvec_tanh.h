#ifndef mfpg_benchmarks_libmvec_tanh_h
#define mfpg_benchmarks_libmvec_tanh_h

/** t_i = tanh z_i by glibc's vector tanh (see libmvec_tanh.cc). */
void
libmvec_tanh_of_array(const double *z, double *t, const unsigned int n);

/**
 * t_i = tanh z_i by the formula of mfpg's tanh_in_lane, sign(z) (-e) /
 * (e + 2) with e = expm1(-2|z|), but glibc's vector expm1 for e.
 */
void
libmvec_expm1_tanh_of_array(const double *z, double *t, const unsigned int n);

#endif
