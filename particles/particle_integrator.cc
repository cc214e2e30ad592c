#include "particles/particle_integrator.h"

#include "model/parameter_file.h"
#include "particles/euler_maruyama.h"
#include "particles/ornstein_uhlenbeck_splitting.h"

namespace mfpg
{
  ParticleIntegrator::ParticleIntegrator(const McKeanVlasovDrift  &drift,
                                         const BrownianIncrements &noise,
                                         const double              time_step,
                                         const double sweep_cache_budget)
    : drift(drift)
    , noise(noise)
    , eta(time_step)
    , sweep_cache(sweep_cache_budget)
  {
    if (!(time_step > 0.))
      throw ParameterError("Particles/Time step",
                           "eta = " + std::to_string(time_step) +
                             " must be positive");
  }

  double
  ParticleIntegrator::time_step() const
  {
    return eta;
  }

  std::size_t
  ParticleIntegrator::sweep_cache_memory() const
  {
    return sweep_cache.memory_consumption();
  }

  std::unique_ptr<ParticleIntegrator>
  make_particle_integrator(const std::string        &name,
                           const McKeanVlasovDrift  &drift,
                           const BrownianIncrements &noise,
                           const double              time_step,
                           const double              sweep_cache_budget)
  {
    if (name == "euler-maruyama")
      return std::make_unique<EulerMaruyama>(drift,
                                             noise,
                                             time_step,
                                             sweep_cache_budget);
    if (name == "ou-splitting")
      return std::make_unique<OrnsteinUhlenbeckSplitting>(drift,
                                                          noise,
                                                          time_step,
                                                          sweep_cache_budget);
    throw ParameterError("Particles/Integrator",
                         "unknown integrator '" + name +
                           "' (euler-maruyama or ou-splitting)");
  }
} // namespace mfpg
