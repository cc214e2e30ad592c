#ifndef mfpg_particles_sweep_cache_h
#define mfpg_particles_sweep_cache_h

#include <deal.II/base/aligned_vector.h>

#include <cstddef>

namespace mfpg
{
  class Feature;

  /**
   * What the first sweep of a particle step (the policy energy F, model.md
   * §4, over every particle) keeps for the second (the drift G at the same
   * positions): per chunk of particles (ParticleChunks),
   * Feature::sweep_cache_size(chunk_size) doubles — for the tanh neuron its
   * n_S n_A activations sigma(z_p) and psi(c) per particle — so that each
   * activation is evaluated once per step instead of twice.
   *
   * This is about N_local x (n_S n_A + 1) doubles, so it is kept only
   * within a memory budget ("Particles/Sweep cache budget", MiB): above it,
   * or for a feature with nothing to keep (linear), chunk() is null and the
   * second sweep evaluates again. Either way the drift is the same to the
   * last bit: the cache changes the cost, not the scheme.
   */
  class SweepCache
  {
  public:
    /** @p budget_mib: the largest cache in MiB (0: never keep one). */
    explicit SweepCache(const double budget_mib);

    /**
     * Make room for the chunks of @p n_particles of @p feature (memory
     * kept across steps), or for none when that exceeds the budget.
     */
    void
    reinit(const unsigned int n_particles, const Feature &feature);

    /** The region of chunk @p c (64-byte aligned), or null. */
    double *
    chunk(const unsigned int c);

    /** The bytes held. */
    std::size_t
    memory_consumption() const;

  private:
    double                        budget_bytes;
    std::size_t                   chunk_size;
    dealii::AlignedVector<double> data;
  };
} // namespace mfpg

#endif
