#ifndef mfpg_simd_simd_lanes_h
#define mfpg_simd_simd_lanes_h

#include <cstdint>
#include <cstring>

namespace mfpg
{
  /**
   * Eight doubles as one GCC vector (vector_size extension): the lanes of
   * the feature sweeps, one point theta per lane. Its
   * arithmetic is element-wise; on an AVX-512 host it is one register, with
   * AVX2 or SSE2 GCC splits it into two or four. Kernels written on Lanes
   * keep a block's values in registers, which GCC's loop vectoriser does
   * not do for loops of eight trips.
   *
   * Functions that take or return Lanes by value are templates or live in
   * translation units built with MFPG_SIMD_OPTIONS: GCC warns (-Wpsabi)
   * wherever it compiles one for a narrower ISA.
   */
  typedef double        Lanes __attribute__((vector_size(8 * sizeof(double))));
  typedef std::uint64_t LaneBits
    __attribute__((vector_size(8 * sizeof(std::uint64_t))));

  /**
   * The doubles in Lanes: the points a feature sweep takes at once. Any
   * number of points works; multiples of it waste no lane.
   */
  constexpr unsigned int n_lanes = sizeof(Lanes) / sizeof(double);

  /** The unsigned integers of the size of a double, or of Lanes. */
  template <class T>
  struct BitsOf;

  template <>
  struct BitsOf<double>
  {
    using type = std::uint64_t;
  };

  template <>
  struct BitsOf<Lanes>
  {
    using type = LaneBits;
  };

  /** The bits of @p x (of each lane). */
  template <class T>
  typename BitsOf<T>::type
  bits_of(const T &x)
  {
    typename BitsOf<T>::type bits;
    std::memcpy(&bits, &x, sizeof bits);
    return bits;
  }

  /** The double (the lanes) with the bits @p bits. */
  template <class T>
  T
  from_bits(const typename BitsOf<T>::type &bits)
  {
    T x;
    std::memcpy(&x, &bits, sizeof x);
    return x;
  }

  /** The lanes at @p p (any alignment). */
  template <class T = Lanes>
  T
  load_lanes(const double *p)
  {
    T x;
    std::memcpy(&x, p, sizeof x);
    return x;
  }

  /** Write the lanes @p x to @p p (any alignment). */
  template <class T>
  void
  store_lanes(double *p, const T &x)
  {
    std::memcpy(p, &x, sizeof x);
  }
} // namespace mfpg

#endif
