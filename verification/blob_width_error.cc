#include "verification/blob_width_error.h"

#include "model/parameter_file.h"
#include "verification/cloud_wasserstein.h"
#include "verification/self_convergence.h"

#include <cmath>

namespace mfpg
{
  std::optional<std::vector<std::vector<double>>>
  particle_moment_outputs(const McKeanVlasovDrift          &drift,
                          const InitialLaw                 &initial_law,
                          const ParticleSystem::Parameters &particles,
                          const std::vector<double>        &times,
                          const std::function<bool()>      &stop)
  {
    ParticleSystem system(particles, drift, initial_law, MPI_COMM_SELF);
    std::vector<std::vector<double>> outputs;
    for (const double t : times)
      {
        if (!advance_to(system, t, stop))
          return std::nullopt;
        outputs.push_back(moment_outputs(
          system.particles().mean(),
          system.particles().covariance(),
          drift.policy_gradient(system.particles()).evaluation().objective()));
      }
    return outputs;
  }

  std::optional<std::vector<std::vector<double>>>
  blob_width_error_estimate(const McKeanVlasovDrift                &drift,
                            const InitialLaw                       &initial_law,
                            const ParticleSystem::Parameters       &particles,
                            const std::vector<double>              &times,
                            const std::vector<std::vector<double>> &at_eps,
                            const std::function<bool()>            &stop)
  {
    if (particles.integrator != "blob")
      throw ParameterError("Particles/Integrator",
                           "the blob width's error estimate needs the blob "
                           "particles, not " +
                             particles.integrator);
    ParticleSystem::Parameters companion = particles;
    companion.blob_width                 = std::sqrt(2.) * particles.blob_width;
    const auto at_wider =
      particle_moment_outputs(drift, initial_law, companion, times, stop);
    if (!at_wider)
      return std::nullopt;
    // order 2 in eps with the width ratio sqrt 2 is order 1 in eps^2,
    // which halves
    std::vector<std::vector<double>> errors = at_eps;
    for (std::size_t k = 0; k < errors.size(); ++k)
      for (std::size_t i = 0; i < errors[k].size(); ++i)
        errors[k][i] =
          richardson_correction((*at_wider)[k][i], at_eps[k][i], 1.);
    return errors;
  }
} // namespace mfpg
