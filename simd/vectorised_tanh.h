#ifndef mfpg_simd_vectorised_tanh_h
#define mfpg_simd_vectorised_tanh_h

#include "simd/simd_lanes.h"

namespace mfpg
{
  /**
   * tanh z for a double, or for each of the Lanes: inline, branch-free and
   * with no call into libm, so that GCC vectorises a loop over doubles that
   * calls it (`#pragma omp simd`) at the host's full width, and keeps it in
   * registers on Lanes (the sweeps of NeuronFeature). It evaluates
   *   tanh z = sign(z) (-e) / (e + 2),   e = expm1(-2|z|) in (-1, 0],
   * which never overflows and keeps full relative accuracy near 0, with
   * expm1 by Cody–Waite reduction x = k ln 2 + r, |r| <= ln(2)/2 (ln 2 in
   * two parts, the first with 11 trailing zero bits so that k ln2_hi is
   * exact), the degree-13 Taylor polynomial of expm1 r (Estrin's scheme;
   * its remainder is below 1e-17 relative) and
   * e = 2^k expm1(r) + (2^k - 1), 2^k put together from its exponent bits;
   * |z| and the sign are bit operations. The argument is clamped at
   * x >= -40 (e = -1 to the last bit), which keeps 2^k normal; NaN
   * propagates through the clamp. A lane of the Lanes form gives the bits
   * of the double form (the same operations in the same order; tested).
   * Accuracy: 3 ulp from std::tanh on [-25, 25] and 1e-300 <= |z| <= 10,
   * measured for SSE2, AVX2 and AVX-512 builds, with and without
   * contraction into FMAs (the tests assert 4). Throughput: 1.04-1.6 times
   * glibc's vector expm1 in the same formula, 1.5-2.7 times glibc's vector
   * tanh (benchmarks/run.sh). The translation unit must not be built with
   * -fassociative-math (-ffast-math), which would fold the rounding
   * (x / ln 2 + 1.5 2^52) - 1.5 2^52 away.
   */
  template <class T>
  inline __attribute__((always_inline)) T
  tanh_in_lane(const T &z)
  {
    using Bits                = typename BitsOf<T>::type;
    const Bits   sign_bit     = Bits{} + 0x8000000000000000ull;
    const T      minus_2abs_z = -2. * from_bits<T>(bits_of(z) & ~sign_bit);
    const T      x            = minus_2abs_z < -40. ? T{} - 40. : minus_2abs_z;
    const double shift        = 0x1.8p52;
    // k = round(x / ln 2) in the last bits of k_shifted
    const T k_shifted = x * 0x1.71547652b82fep0 + shift;
    const T k         = k_shifted - shift;
    const T r = (x - k * 0x1.62e42fefa3800p-1) - k * 0x1.ef35793c76730p-45;
    // expm1 r = r + r^2 (1/2! + r/3! + ... + r^11/13!)
    const T r2  = r * r;
    const T r4  = r2 * r2;
    const T r8  = r4 * r4;
    const T p01 = 1. / 2 + r * (1. / 6);
    const T p23 = 1. / 24 + r * (1. / 120);
    const T p45 = 1. / 720 + r * (1. / 5040);
    const T p67 = 1. / 40320 + r * (1. / 362880);
    const T p89 = 1. / 3628800 + r * (1. / 39916800);
    const T pab = 1. / 479001600 + r * (1. / 6227020800);
    const T p =
      (p01 + r2 * p23) + r4 * (p45 + r2 * p67) + r8 * (p89 + r2 * pab);
    const T expm1_r = r + r2 * p;
    // 2^k: k + 1023 in the exponent field
    const T two_k =
      from_bits<T>((bits_of(k_shifted) << 52) + 0x3ff0000000000000ull);
    const T e         = two_k * expm1_r + (two_k - 1.);
    const T magnitude = -e / (e + 2.);
    return from_bits<T>((bits_of(magnitude) & ~sign_bit) |
                        (bits_of(z) & sign_bit));
  }

  /**
   * t_i = tanh(z_i), i < n, in SIMD lanes by tanh_in_lane (the sweeps'
   * kernel over an array, for the benchmark's limit and the tests).
   * @p z and @p t must not overlap.
   */
  void
  tanh_of_array(const double *z, double *t, const unsigned int n);

  /**
   * The same by the Lanes form of tanh_in_lane, eight values at a time (as
   * the sweeps evaluate it; a last n mod 8 by the double form).
   */
  void
  tanh_of_array_in_lanes(const double *z, double *t, const unsigned int n);
} // namespace mfpg

#endif
