#ifndef mfpg_model_random_stream_h
#define mfpg_model_random_stream_h

#include <array>
#include <cstdint>

namespace mfpg
{
  /**
   * Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as
   * easy as 1, 2, 3", SC'11; the generator of Random123 and cuRAND): a
   * bijection of a 128-bit counter under a 64-bit key, ten rounds of
   * 32-bit multiply-xor. Counter-based: output number i of any stream is a
   * pure function of (key, counter), so a number never depends on which
   * thread, rank or order draws it.
   */
  /**
   * Philox4x32-10 in place on the counter words (@p x0 ... @p x3) under the
   * key (@p k0, @p k1): scalars only, so that a loop over particles runs in
   * SIMD lanes.
   */
  inline void
  philox4x32_rounds(std::uint32_t &x0,
                    std::uint32_t &x1,
                    std::uint32_t &x2,
                    std::uint32_t &x3,
                    std::uint32_t  k0,
                    std::uint32_t  k1)
  {
    constexpr std::uint64_t multiplier_0 = 0xD2511F53u;
    constexpr std::uint64_t multiplier_1 = 0xCD9E8D57u;
    constexpr std::uint32_t weyl_0       = 0x9E3779B9u;
    constexpr std::uint32_t weyl_1       = 0xBB67AE85u;
    for (unsigned int round = 0; round < 10; ++round)
      {
        if (round > 0)
          {
            k0 += weyl_0;
            k1 += weyl_1;
          }
        const std::uint64_t product_0 = multiplier_0 * x0;
        const std::uint64_t product_1 = multiplier_1 * x2;
        const std::uint32_t y0 = std::uint32_t(product_1 >> 32) ^ x1 ^ k0;
        const std::uint32_t y2 = std::uint32_t(product_0 >> 32) ^ x3 ^ k1;
        x1                     = std::uint32_t(product_1);
        x3                     = std::uint32_t(product_0);
        x0                     = y0;
        x2                     = y2;
      }
  }

  inline std::array<std::uint32_t, 4>
  philox4x32(const std::array<std::uint32_t, 4> &counter,
             const std::array<std::uint32_t, 2> &key)
  {
    std::array<std::uint32_t, 4> x = counter;
    philox4x32_rounds(x[0], x[1], x[2], x[3], key[0], key[1]);
    return x;
  }

  /**
   * The uniform on (0, 1) of 53 bits of the 64 bits (@p high, @p low),
   * offset by half a unit in the last place.
   */
  inline double
  uniform_of_bits(const std::uint32_t high, const std::uint32_t low)
  {
    const std::uint64_t bits = (std::uint64_t(high) << 32) | low;
    return (double(bits >> 11) + 0.5) * 0x1p-53;
  }

  /**
   * The random numbers of one particle at one step of the particle scheme
   * of model.md §5: Philox4x32-10 keyed by the seed, with counter
   * (block, step, step >> 32, particle), blocks numbered 0, 1, ... as the
   * stream is read. Streams of different (seed, particle, step) never share
   * a number; a run is reproducible bit for bit for a given seed whatever
   * the number of threads.
   *
   * uniform() is on the open interval (0, 1) (53 random bits, offset by half
   * a unit in the last place); normal() is standard normal by the
   * Box–Muller transform of two uniforms, the second of each pair kept for
   * the next call.
   */
  class RandomStream
  {
  public:
    RandomStream(const std::uint64_t seed,
                 const std::uint32_t particle,
                 const std::uint64_t step);

    double
    uniform();

    double
    normal();

  private:
    std::array<std::uint32_t, 2> key;
    std::array<std::uint32_t, 4> counter;
    std::array<std::uint32_t, 4> block;
    unsigned int                 n_used;
    double                       spare_normal;
    bool                         has_spare;
  };
} // namespace mfpg

#endif
