#ifndef mfpg_particles_random_stream_h
#define mfpg_particles_random_stream_h

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
  std::array<std::uint32_t, 4>
  philox4x32(const std::array<std::uint32_t, 4> &counter,
             const std::array<std::uint32_t, 2> &key);

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

    std::uint64_t
    next_bits();
  };
} // namespace mfpg

#endif
