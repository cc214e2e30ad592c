#ifndef mfpg_verification_blob_width_error_h
#define mfpg_verification_blob_width_error_h

#include "model/initial_law.h"
#include "particles/mckean_vlasov_drift.h"
#include "particles/particle_system.h"

#include <functional>
#include <optional>
#include <vector>

namespace mfpg
{
  /**
   * The moment outputs (moment_outputs(): mean components, covariance
   * entries k <= l, V) of the particle system of @p particles, on one rank,
   * at each of the increasing output @p times (whole numbers of its time
   * step eta, advance_to()). A non-empty @p stop is asked before every
   * step: true ends the run and the result is empty.
   */
  std::optional<std::vector<std::vector<double>>>
  particle_moment_outputs(const McKeanVlasovDrift          &drift,
                          const InitialLaw                 &initial_law,
                          const ParticleSystem::Parameters &particles,
                          const std::vector<double>        &times,
                          const std::function<bool()>      &stop = {});

  /**
   * The blob particles' own error in their width eps (docs/model.md §11.5):
   * their energy E_eps is E smoothed by Gaussians of width eps, which biases
   * the moments by O(eps^2) (on the exact Barenblatt flow of case P1 the
   * estimate below is within 25 % of the variance's error:
   * BlobWidthError.EstimatesTheExactVarianceErrorOfTheBlobs). For the
   * moment outputs @p at_eps of the blob run of @p particles at @p times
   * (particle_moment_outputs()), the signed Richardson estimate of
   * q_0 - q_eps per output time and output,
   *
   *   e_eps = (q_eps - q_{sqrt 2 eps}) / (2 - 1),
   *
   * from a companion run of width sqrt 2 eps with the same N, seed, start
   * and time step (its start is the same cloud, so the difference carries
   * none of the start's sampling error). Empty when @p stop ends the
   * companion run. Needs Particles/Integrator = blob (ParameterError).
   */
  std::optional<std::vector<std::vector<double>>>
  blob_width_error_estimate(const McKeanVlasovDrift                &drift,
                            const InitialLaw                       &initial_law,
                            const ParticleSystem::Parameters       &particles,
                            const std::vector<double>              &times,
                            const std::vector<std::vector<double>> &at_eps,
                            const std::function<bool()>            &stop = {});
} // namespace mfpg

#endif
