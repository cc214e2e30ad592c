#ifndef mfpg_particles_particle_integrator_h
#define mfpg_particles_particle_integrator_h

#include <deal.II/lac/full_matrix.h>

#include "model/coupling_weights.h"
#include "particles/sweep_cache.h"

#include <functional>

#include <cstdint>
#include <memory>
#include <string>

namespace mfpg
{
  class BrownianIncrements;
  class McKeanVlasovDrift;
  class ParticleEnsemble;

  /**
   * One time step nu^N_k -> nu^N_{k+1} of the particle system of model.md
   * §5, of a fixed size eta. The Brownian increments of step k are those of
   * BrownianIncrements for (particle, k), so that a step is a deterministic
   * function of the ensemble and k. The integrator keeps references to the
   * drift and the increments, which must outlive it.
   */
  class ParticleIntegrator
  {
  public:
    /**
     * @p sweep_cache_budget: the memory (MiB) a step may keep between its
     * two sweeps (SweepCache).
     */
    ParticleIntegrator(const McKeanVlasovDrift  &drift,
                       const BrownianIncrements &noise,
                       const double              time_step,
                       const double              sweep_cache_budget);

    virtual ~ParticleIntegrator() = default;

    /** Advance @p particles from step @p step to step + 1 (collective). */
    virtual void
    make_one_step(ParticleEnsemble   &particles,
                  const std::uint64_t step) const = 0;

    double
    time_step() const;

    /** The bytes kept between the two sweeps of a step. */
    std::size_t
    sweep_cache_memory() const;

    /**
     * Forget the policy energy kept for the next step (the particles were
     * moved by something else: ParticleSystem::restore()).
     */
    void
    forget_policy_energy() const;

  protected:
    /**
     * The policy gradient of @p particles at step @p step: from the policy
     * energy that the previous step summed on its way (advance()) when it
     * was for these particles at this step, else by a sweep now, which
     * fills the sweep cache for the drift. Collective.
     */
    PolicyGradient
    policy_gradient(const ParticleEnsemble &particles,
                    const std::uint64_t     step) const;

    /**
     * Move the particles of step @p step by @p update(chunk) for every
     * chunk, and sum the policy energy of step + 1 on the way (kept for
     * policy_gradient()). Collective.
     */
    void
    advance(const ParticleEnsemble                        &particles,
            const std::uint64_t                            step,
            const std::function<void(const unsigned int)> &update) const;

    const McKeanVlasovDrift  &drift;
    const BrownianIncrements &noise;
    const double              eta;
    /** Filled by the F sweep of a step, read by its drift sweep. */
    mutable SweepCache sweep_cache;

  private:
    /** F of the particles at next_step, summed by advance(). */
    mutable dealii::FullMatrix<double> next_policy_energy;
    mutable const ParticleEnsemble    *next_particles = nullptr;
    mutable std::uint64_t              next_step      = 0;
  };

  /**
   * The integrator called @p name: "euler-maruyama" (EulerMaruyama),
   * "ou-splitting" (OrnsteinUhlenbeckSplitting), both for the entropy, or
   * "blob" (BlobIntegrator with blobs of width @p blob_width), for tsallis
   * (the drift's regulariser). Another name, or one that does not fit the
   * regulariser, throws a ParameterError naming "Particles/Integrator".
   */
  std::unique_ptr<ParticleIntegrator>
  make_particle_integrator(const std::string        &name,
                           const McKeanVlasovDrift  &drift,
                           const BrownianIncrements &noise,
                           const double              time_step,
                           const double              sweep_cache_budget,
                           const double              blob_width);
} // namespace mfpg

#endif
