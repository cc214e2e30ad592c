#ifndef mfpg_particles_sweep_cache_h
#define mfpg_particles_sweep_cache_h

#include <cstddef>
#include <vector>

namespace mfpg
{
  class Feature;

  /**
   * What the first sweep of a particle step (the policy energy F, model.md
   * §4, over every particle) keeps for the second (the drift G at the same
   * positions): Feature::sweep_cache_size() doubles per particle — for the
   * tanh neuron its n_S n_A activations sigma(z_p) and psi(c) — so that
   * each activation is evaluated once per step instead of twice.
   *
   * This is an array of N_local x (n_S n_A + 2) doubles, so it is kept only
   * within a memory budget ("Particles/Sweep cache budget", MiB): above it,
   * or for a feature with nothing to keep (linear), slot() is null and the
   * second sweep evaluates again. Either way the drift is the same up to
   * rounding: the cache changes the cost, not the scheme.
   */
  class SweepCache
  {
  public:
    /** @p budget_mib: the largest cache in MiB (0: never keep one). */
    explicit SweepCache(const double budget_mib);

    /**
     * Make room for @p n_particles of @p feature (memory kept across
     * steps), or for none when that exceeds the budget.
     */
    void
    reinit(const unsigned int n_particles, const Feature &feature);

    /** Particle n's slot, or null when nothing is kept. */
    double *
    slot(const unsigned int n);

    /** The bytes held. */
    std::size_t
    memory_consumption() const;

  private:
    double              budget_bytes;
    unsigned int        slot_size;
    std::vector<double> data;
  };
} // namespace mfpg

#endif
