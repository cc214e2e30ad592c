#ifndef mfpg_model_vectorised_tanh_h
#define mfpg_model_vectorised_tanh_h

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace mfpg
{
  /**
   * tanh z for one SIMD lane: inline, branch-free and written so that GCC
   * vectorises a loop that calls it (`#pragma omp simd`) at the host's
   * full width, with no call into libm. It evaluates
   *   tanh z = sign(z) (-e) / (e + 2),   e = expm1(-2|z|) in (-1, 0],
   * which never overflows and keeps full relative accuracy near 0, with
   * expm1 by Cody–Waite reduction x = k ln 2 + r, |r| <= ln(2)/2 (ln 2 in
   * two parts, the first with 11 trailing zero bits so that k ln2_hi is
   * exact), the degree-13 Taylor polynomial of expm1 r (Estrin's scheme;
   * its remainder is below 1e-17 relative) and
   * e = 2^k expm1(r) + (2^k - 1), 2^k put together from its exponent bits.
   * The argument is clamped at x >= -40 (e = -1 to the last bit), which
   * keeps 2^k normal; NaN propagates through the clamp.
   * Accuracy: 3 ulp from std::tanh on [-25, 25] and 1e-300 <= |z| <= 10,
   * measured for SSE2, AVX2 and AVX-512 builds, with and without
   * contraction into FMAs (the tests assert 4). Throughput: 1.15-1.6 times
   * glibc's vector expm1 in the same formula, 1.9-2.7 times glibc's vector
   * tanh (benchmarks/run.sh). The translation unit must not be built with
   * -fassociative-math (-ffast-math), which would fold the rounding
   * (x / ln 2 + 1.5 2^52) - 1.5 2^52 away.
   */
  inline double
  tanh_in_lane(const double z)
  {
    const double x     = std::max(-2. * std::abs(z), -40.);
    const double shift = 0x1.8p52;
    // k = round(x / ln 2) in the last bits of k_shifted
    const double k_shifted = x * 0x1.71547652b82fep0 + shift;
    const double k         = k_shifted - shift;
    const double r = (x - k * 0x1.62e42fefa3800p-1) - k * 0x1.ef35793c76730p-45;
    // expm1 r = r + r^2 (1/2! + r/3! + ... + r^11/13!)
    const double r2  = r * r;
    const double r4  = r2 * r2;
    const double r8  = r4 * r4;
    const double p01 = 1. / 2 + r * (1. / 6);
    const double p23 = 1. / 24 + r * (1. / 120);
    const double p45 = 1. / 720 + r * (1. / 5040);
    const double p67 = 1. / 40320 + r * (1. / 362880);
    const double p89 = 1. / 3628800 + r * (1. / 39916800);
    const double pab = 1. / 479001600 + r * (1. / 6227020800);
    const double p =
      (p01 + r2 * p23) + r4 * (p45 + r2 * p67) + r8 * (p89 + r2 * pab);
    const double expm1_r = r + r2 * p;
    // 2^k: k + 1023 in the exponent field
    std::uint64_t k_bits;
    std::memcpy(&k_bits, &k_shifted, sizeof k_bits);
    const std::uint64_t two_k_bits = (k_bits << 52) + 0x3ff0000000000000ull;
    double              two_k;
    std::memcpy(&two_k, &two_k_bits, sizeof two_k);
    const double e = two_k * expm1_r + (two_k - 1.);
    return std::copysign(-e / (e + 2.), z);
  }

  /**
   * t_i = tanh(z_i), i < n, in SIMD lanes by tanh_in_lane (the sweeps'
   * kernel over an array, for the benchmark's limit and the tests).
   * @p z and @p t must not overlap.
   */
  void
  tanh_of_array(const double *z, double *t, const unsigned int n);
} // namespace mfpg

#endif
