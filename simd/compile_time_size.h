#ifndef mfpg_simd_compile_time_size_h
#define mfpg_simd_compile_time_size_h

#include <type_traits>
#include <utility>

namespace mfpg
{
  namespace internal
  {
    template <class Function, unsigned int... I>
    bool
    with_compile_time_size(const unsigned int n,
                           const Function    &f,
                           std::integer_sequence<unsigned int, I...>)
    {
      return ((n == I + 1 ?
                 (f(std::integral_constant<unsigned int, I + 1>()), true) :
                 false) ||
              ...);
    }
  } // namespace internal

  /**
   * f(std::integral_constant<unsigned int, n>()) when 1 <= n <= Max, so
   * that a kernel's loops over a small run-time size (a neuron's inputs, the
   * dimension of theta) are unrolled and its accumulators kept in
   * registers; returns whether n was in that range (f is not called
   * otherwise).
   */
  template <unsigned int Max, class Function>
  bool
  with_compile_time_size(const unsigned int n, const Function &f)
  {
    return internal::with_compile_time_size(
      n, f, std::make_integer_sequence<unsigned int, Max>());
  }
} // namespace mfpg

#endif
