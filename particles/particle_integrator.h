#ifndef mfpg_particles_particle_integrator_h
#define mfpg_particles_particle_integrator_h

#include "particles/sweep_cache.h"

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

  protected:
    const McKeanVlasovDrift  &drift;
    const BrownianIncrements &noise;
    const double              eta;
    /** Filled by the F sweep of a step, read by its drift sweep. */
    mutable SweepCache sweep_cache;
  };

  /**
   * The integrator called @p name: "euler-maruyama" (EulerMaruyama) or
   * "ou-splitting" (OrnsteinUhlenbeckSplitting); another name throws a
   * ParameterError naming "Particles/Integrator".
   */
  std::unique_ptr<ParticleIntegrator>
  make_particle_integrator(const std::string        &name,
                           const McKeanVlasovDrift  &drift,
                           const BrownianIncrements &noise,
                           const double              time_step,
                           const double              sweep_cache_budget);
} // namespace mfpg

#endif
