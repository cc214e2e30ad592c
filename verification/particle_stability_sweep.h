#ifndef mfpg_verification_particle_stability_sweep_h
#define mfpg_verification_particle_stability_sweep_h

#include "model/initial_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "verification/stability_sweep.h"
#include "verification/supremum_search.h"
#include "verification/weighted_points.h"

#include <vector>

namespace mfpg
{
  /**
   * ∫|grad U|^2 d@p cloud, the moment of the stability bound of model.md
   * §6.3 under an empirical measure: the weighted average of
   * |grad U(theta_n)|^2 over its points.
   */
  double
  cloud_mean_squared_gradient(const QuadraticPotential &potential,
                              const WeightedPoints     &cloud);

  /**
   * Experiment (b) of model.md §6 with particles, any feature, any d
   * (model.md §6.6 (b)). Every stationary law is the cloud of a long run of
   * the particle system of @p particles (its N = N_ref particles, time
   * step, integrator) from @p initial_law to T_ref = @p end_time
   * (particle_law_at()): nu* with seed s = @p particles.seed, and the
   * nu'* at (sigma', tau') in @p sigmas x @p taus (sigma' the outer loop)
   * with the seeds s + 2, s + 3, ... in that order, so every cloud is
   * independent of nu*'s. W2 between the clouds by cloud_wasserstein()
   * with resolved_cloud_distance("auto") (exact 1-D in d = 1, network
   * simplex while N_ref^2 <= 10^6, Sinkhorn at eps = @p sinkhorn_epsilon
   * beyond, model.md §9.7). The sampling floor f is W2 between nu* and a
   * second run of the reference model (seed s + 1): what W2 reads when
   * the two laws are equal (model.md §6.5). Each point carries 3 f as the
   * error estimate of its W2 (StabilityPoint::distance_error), so it is
   * judged by (max(W2 - 3 f, 0))^2 / bound. ∫|grad U|^2 dnu'* is
   * cloud_mean_squared_gradient() of the cloud of nu'*. The constants by
   * stability_constants().
   *
   * Checked before any run, each a ParameterError naming the entry:
   * sigma > 0 (Model::require_diffusion()), every sigma' > 0
   * (require_positive_sigmas()) and T_ref > 0 a whole number of
   * time steps ("Stability/Particle end time").
   */
  StabilitySweep
  particle_stability_sweep(const Model::Parameters          &parameters,
                           const std::vector<double>        &sigmas,
                           const std::vector<double>        &taus,
                           const InitialLaw                 &initial_law,
                           const ParticleSystem::Parameters &particles,
                           const double                      end_time,
                           const SupremumSearch             &search,
                           const double sinkhorn_epsilon = 1e-2);
} // namespace mfpg

#endif
