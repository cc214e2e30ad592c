#ifndef mfpg_particles_particle_chunks_h
#define mfpg_particles_particle_chunks_h

#include <deal.II/base/parallel.h>

#include <algorithm>

namespace mfpg
{
  /**
   * The particles 0..N-1 cut into chunks of a fixed size: the unit of work
   * given to a thread and the unit of summation of the policy energy F.
   * Since the chunks do not depend on the number of threads, and partial
   * sums over chunks are added in chunk order, every result is the same bit
   * for bit on any number of threads.
   */
  class ParticleChunks
  {
  public:
    /**
     * 512 particles: enough work per task (512 feature sweeps) to hide the
     * scheduling cost, and a few chunks per thread already at N = 10^4.
     */
    static constexpr unsigned int chunk_size = 512;

    explicit ParticleChunks(const unsigned int n_particles)
      : n_particles(n_particles)
    {
    }

    unsigned int
    n_chunks() const
    {
      return (n_particles + chunk_size - 1) / chunk_size;
    }

    unsigned int
    begin(const unsigned int chunk) const
    {
      return chunk * chunk_size;
    }

    unsigned int
    end(const unsigned int chunk) const
    {
      return std::min(n_particles, (chunk + 1) * chunk_size);
    }

    /**
     * Call @p f(chunk) for every chunk in [first, last), in parallel on
     * deal.II's threads (MultithreadInfo::n_threads()).
     */
    template <class Function>
    void
    parallel_for(const unsigned int first,
                 const unsigned int last,
                 const Function    &f) const
    {
      dealii::parallel::apply_to_subranges(
        first,
        last,
        [&f](const unsigned int chunk_begin, const unsigned int chunk_end) {
          for (unsigned int chunk = chunk_begin; chunk < chunk_end; ++chunk)
            f(chunk);
        },
        1);
    }

    /** parallel_for() over all chunks. */
    template <class Function>
    void
    parallel_for(const Function &f) const
    {
      parallel_for(0, n_chunks(), f);
    }

  private:
    unsigned int n_particles;
  };
} // namespace mfpg

#endif
