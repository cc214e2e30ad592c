#ifndef mfpg_particles_particle_monitor_h
#define mfpg_particles_particle_monitor_h

#include "particles/blob_diffusion.h"

#include <optional>
#include <string>
#include <vector>

namespace mfpg
{
  class McKeanVlasovDrift;
  class ParticleEnsemble;

  /**
   * The monitors of a particle run (model.md §5): at time t, the sample
   * mean m and covariance S of nu^N, the objective V(rho; pi_{nu^N}) of the
   * particles' policy, and the optimality gap V* - V(rho; pi_{nu^N})
   * against the soft-optimal value V*(rho) of soft value iteration (the
   * figure Agazzi & Lu plot).
   *
   * With a safety budget (MDP/Safety, §13) also the particles' policy's
   * discounted violation D_viol, value without the barrier V_0 and
   * probability of ever violating P_violate (safety_measures()).
   *
   * In d <= 3 with sigma > 0 and the entropy also the fixed-point residual
   * KL(nu | Gamma(nu)) (gibbs_relative_entropy(), an estimate with a floor
   * set by N; computed on rank 0, NaN on the others).
   *
   * With the blob particles of the porous-medium flow (§11.5) also their
   * objective J_eps = V - D (E_eps(nu^N) - 1/(m - 1) + (1/N) sum_i U_i)
   * (BlobDiffusion::evaluate(): J_h with the blob energy) and its
   * dissipation (1/N) sum_i |d theta_i / dt|^2, the exact dJ_eps/dt of the
   * particles' ODE (a gradient flow of J_eps on the N positions), computed
   * on every rank from all the particles.
   *
   * For the entropy J = V - (sigma^2/2) KL(nu | e^{-U}) is not monitored: KL
   * needs the
   * entropy ∫ nu ln nu, which an empirical measure does not have; a kernel
   * or nearest-neighbour entropy estimator would bring a bias of its own
   * (O(h^2) in the bandwidth, resp. O(N^{-1/d})), so J is left to the mesh
   * solver and to the exact Gaussian reference.
   */
  class ParticleMonitor
  {
  public:
    /**
     * Solves for V* once; keeps a reference to @p drift and a copy of
     * @p blob (the blob particles' diffusion, or none).
     */
    explicit ParticleMonitor(
      const McKeanVlasovDrift            &drift,
      const std::optional<BlobDiffusion> &blob = std::nullopt);

    /**
     * t, mean1..meand, cov11, cov12, ..., covdd (upper triangle), V,
     * optimality_gap, D_viol, V_0, P_violate with a safety budget, and
     * kl_gibbs in d <= 3 (the entropy) or J and
     * dissipation (blob particles): the names of the mesh solver's
     * monitors where they measure the same thing.
     */
    std::vector<std::string>
    column_names() const;

    /** The values of column_names() for @p particles at time @p t. */
    std::vector<double>
    row(const double t, const ParticleEnsemble &particles) const;

    /** V*(rho), the soft-optimal objective. */
    double
    optimal_objective() const;

  private:
    /**
     * d <= 3, sigma > 0 and the entropy: where the KL estimate is defined
     * (the stationary laws of tsallis are not Gibbs laws, §11.2).
     */
    bool
    with_gibbs_relative_entropy() const;

    const McKeanVlasovDrift     &drift;
    double                       optimal_value;
    std::optional<BlobDiffusion> blob;
  };
} // namespace mfpg

#endif
