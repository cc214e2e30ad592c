#include "particles/particle_integrator.h"

#include "model/parameter_file.h"
#include "particles/blob_integrator.h"
#include "particles/euler_maruyama.h"
#include "particles/mckean_vlasov_drift.h"
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

  void
  ParticleIntegrator::forget_policy_energy() const
  {
    next_particles = nullptr;
  }

  PolicyGradient
  ParticleIntegrator::policy_gradient(const ParticleEnsemble &particles,
                                      const std::uint64_t     step) const
  {
    if (next_particles == &particles && next_step == step)
      return PolicyGradient(drift.mdp(), next_policy_energy);
    return drift.policy_gradient(particles, &sweep_cache);
  }

  void
  ParticleIntegrator::advance(
    const ParticleEnsemble                        &particles,
    const std::uint64_t                            step,
    const std::function<void(const unsigned int)> &update) const
  {
    next_particles     = nullptr;
    next_policy_energy = drift.policy_energy(particles, &sweep_cache, update);
    next_particles     = &particles;
    next_step          = step + 1;
  }

  std::unique_ptr<ParticleIntegrator>
  make_particle_integrator(const std::string        &name,
                           const McKeanVlasovDrift  &drift,
                           const BrownianIncrements &noise,
                           const double              time_step,
                           const double              sweep_cache_budget,
                           const double              blob_width)
  {
    const bool entropy = drift.regulariser().is_entropy();
    if (entropy && name == "blob")
      throw ParameterError("Particles/Integrator",
                           "the blob particles solve the porous-medium flow "
                           "of Regularisation/Regulariser = tsallis; for the "
                           "entropy use euler-maruyama or ou-splitting");
    if (!entropy && name != "blob")
      throw ParameterError("Particles/Integrator",
                           "the porous-medium flow of Regulariser = tsallis "
                           "has no SDE (no Brownian noise): set Integrator = "
                           "blob");
    if (name == "blob")
      return std::make_unique<BlobIntegrator>(drift,
                                              noise,
                                              time_step,
                                              sweep_cache_budget,
                                              BlobDiffusion(drift.regulariser(),
                                                            drift.sigma(),
                                                            blob_width));
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
                           "' (euler-maruyama, ou-splitting or blob)");
  }
} // namespace mfpg
