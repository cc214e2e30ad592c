#ifndef mfpg_verification_stability_sweep_h
#define mfpg_verification_stability_sweep_h

#include "model/model.h"
#include "verification/convergence_constants.h"
#include "verification/supremum_search.h"
#include "verification/theorem_verdict.h"

#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace mfpg
{
  /**
   * Experiment (b) of model.md §6, the stability of stationary points in
   * (sigma, tau): for each (sigma', tau') of a sweep, W2^2(nu*, nu'*)
   * between the stationary law of the model and that at (sigma', tau'),
   * against the stationary bound of model.md §6.3
   * (stationary_stability_bound()) with ∫|grad U|^2 dnu'*. The bound
   * exists only for beta > 0. The stationary laws are either the Gaussians
   * N(m*, K^{-1}) of §7 with W2 in closed form (stability_sweep(), a linear
   * feature) or the Gibbs fixed points on a mesh with W2 between the mesh
   * densities (mesh_stability_sweep(), any feature, model.md §6.6 (b)).
   *
   * beta and D are estimated twice (model.md §6.4), on the box [-b, b]^d
   * and over R^d (stability_constants()). The bounds use the constants of
   * the hypothesis's reading: over R^d when beta > 0 there (the theorem
   * applies), on the box when beta > 0 only there (the hypothesis is not
   * verified: the bound is reported, not claimed), and none (NaN) when
   * beta <= 0 (the theorem is silent).
   */
  struct StabilityPoint
  {
    double sigma;
    double tau;
    double squared_distance;
    /** The error estimate of W2 (not W2^2): 0 when W2 is exact. */
    double distance_error;
    /** The Gibbs fixed point's residual of nu'* (NaN: closed form). */
    double fixed_point_residual;
    /** ∫|grad U|^2 dnu'*, the moment of the bound. */
    double mean_squared_gradient;
    /** The bound of model.md §6.3; NaN when the theorem is silent. */
    double bound;

    /**
     * (W2 - its error estimate)^2 / bound, by bound_ratio(), W2 reduced to
     * 0 at most: above 1 only if W2^2 exceeds the bound by more than the
     * error of W2 allows.
     */
    double
    ratio() const;

    /**
     * The uncertainty u of W2^2 / bound = r ± u that the error estimate e
     * of W2 allows: ((W2 + e)^2 - W2^2) / bound = (2 W2 e + e^2) / bound,
     * the larger of the two sides, by bound_ratio() (0 when W2 is exact;
     * NaN without a bound).
     */
    double
    ratio_uncertainty() const;
  };

  struct StabilitySweep
  {
    /** sigma and tau of the reference nu*. */
    double                      sigma;
    double                      tau;
    ConvergenceConstants        constants_on_box;
    ConvergenceConstants        global_constants;
    TheoryConstant              D_on_box;
    TheoryConstant              global_D;
    TheoremHypothesis           hypothesis;
    std::vector<StabilityPoint> points;
    /** The Gibbs fixed point's residual of nu* (NaN: closed form). */
    double fixed_point_residual = std::numeric_limits<double>::quiet_NaN();
    /**
     * The sampling floor of W2 between two independent clouds of nu*
     * (particle_stability_sweep(); NaN on the other paths).
     */
    double sampling_floor = std::numeric_limits<double>::quiet_NaN();

    /** The D the bounds use: global_D when the theorem applies. */
    const TheoryConstant &
    D() const;

    /**
     * Add the point (@p sigma_prime, @p tau_prime) at distance @p distance
     * (W2, with @p distance_error) from nu*, with the bound of model.md
     * §6.3 for the reading's beta and D and @p grad_U_squared =
     * ∫|grad U|^2 dnu'* (NaN when the theorem is silent).
     */
    void
    add_point(const double sigma_prime,
              const double tau_prime,
              const double distance,
              const double distance_error,
              const double fixed_point_residual,
              const double grad_U_squared);

    /**
     * The largest StabilityPoint::ratio() over the sweep (<= 1: the bound
     * holds); the reference point itself, where both vanish, counts as 0;
     * NaN when the theorem is silent (no bound).
     */
    double
    worst_ratio() const;

    /** The largest error estimate of W2 over the sweep. */
    double
    largest_distance_error() const;

    /** TheoremHypothesis::verdict() of the worst ratio. */
    std::string
    verdict() const;

    /**
     * The rule of verdict(), one line (printed under it): a point violates
     * the bound only if (W2 - e)^2 > bound, e the error estimate of W2.
     */
    static std::string
    verdict_rule();

    /**
     * sigma', tau', W2^2, the error estimate of W2, ∫|grad U|^2 dnu'*, the
     * bound and the fixed-point residual of nu'* per point.
     */
    void
    write_csv(const std::string &filename) const;
  };

  /**
   * W2^2 / bound at one point of a stability check: 0 where both vanish,
   * infinity where only the bound does.
   */
  double
  bound_ratio(const double squared_distance, const double bound);

  /**
   * Throw a ParameterError naming "Stability/Sigmas" unless every sigma' of
   * @p sigmas is > 0: the stationary law that @p what computes needs the
   * diffusion (the Gibbs map has 2 / sigma'^2, the particles' confinement
   * sigma'^2 / 2 grad U).
   */
  void
  require_positive_sigmas(const std::vector<double> &sigmas,
                          const std::string         &what);

  /** @p parameters with sigma and the entropy strength tau replaced. */
  Model::Parameters
  with_sigma_and_tau(const Model::Parameters &parameters,
                     const double             sigma,
                     const double             tau);

  /**
   * D of model.md §6.1 for a linear feature, the Lipschitz constant of
   * tau -> G: the largest |g_tau'(m) - g_tau(m)| / |tau' - tau| over the
   * tau' != tau of @p taus (0 if there is none), over the means m on the
   * box (box_maximum) and over R^d (global_maximum), as @p search says
   * (model.md §6.4). Returns {on the box, over R^d}.
   */
  std::pair<TheoryConstant, TheoryConstant>
  entropy_lipschitz_constant(const Model::Parameters   &parameters,
                             const std::vector<double> &taus,
                             const SupremumSearch      &search);

  /**
   * A sweep without points: beta, D and the hypothesis of model.md §6.4 on
   * the box [-b, b]^d, b = search.initial_bound, and over R^d. For a linear
   * feature the grid estimates (linear_feature_convergence_constants(),
   * entropy_lipschitz_constant()); for any other, the sampled ones
   * (sampled_convergence_constants(), sampled_entropy_lipschitz_constant()
   * with ConstantSampling on that box, and their growing-box versions).
   */
  StabilitySweep
  stability_constants(const Model::Parameters   &parameters,
                      const std::vector<double> &taus,
                      const SupremumSearch      &search);

  /**
   * D of model.md §6.1 for the tau' of @p taus, {on the box, over R^d}:
   * entropy_lipschitz_constant() for a linear feature, otherwise
   * sampled_entropy_lipschitz_constant() on the box [-b, b]^d,
   * b = search.initial_bound, and its growing-box version (model.md §6.4).
   */
  std::pair<TheoryConstant, TheoryConstant>
  estimate_D(const Model::Parameters   &parameters,
             const std::vector<double> &taus,
             const SupremumSearch      &search);

  /**
   * The sweep over @p sigmas x @p taus around the model of @p parameters
   * with the Gaussian stationary laws of model.md §7 (a linear feature:
   * otherwise GaussianFlow throws), W2 in closed form and
   * ∫|grad U|^2 dnu'* = tr K + |K (m'* - c)|^2; the constants by
   * stability_constants().
   */
  StabilitySweep
  stability_sweep(const Model::Parameters   &parameters,
                  const std::vector<double> &sigmas,
                  const std::vector<double> &taus,
                  const SupremumSearch      &search);
} // namespace mfpg

#endif
