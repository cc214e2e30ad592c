#ifndef mfpg_model_vectorised_tanh_h
#define mfpg_model_vectorised_tanh_h

namespace mfpg
{
  /**
   * t_i = tanh(z_i), i < n, in SIMD lanes: the one transcendental of the
   * tanh neuron's sweeps, as
   *   tanh z = sign(z) (-e) / (e + 2),   e = expm1(-2|z|) in (-1, 0],
   * which never overflows, keeps full relative accuracy near 0 and
   * propagates NaN. Its translation unit is compiled with -ffast-math (and
   * -march=native), under which GCC calls glibc's vector expm1 (libmvec,
   * _ZGV*_expm1), 1.6-2 times the throughput of libmvec's vector tanh on the
   * development machine (benchmarks/run.sh). Accuracy: 3 ulp from std::tanh
   * measured there (AVX-512); glibc's 4-ulp guarantee for expm1 makes it at
   * most 10 ulp on any SIMD width, which the tests assert.
   * @p z and @p t must not overlap.
   */
  void
  tanh_of_array(const double *z, double *t, const unsigned int n);
} // namespace mfpg

#endif
