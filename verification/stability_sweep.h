#ifndef mfpg_verification_stability_sweep_h
#define mfpg_verification_stability_sweep_h

#include "model/model.h"
#include "verification/convergence_constants.h"
#include "verification/supremum_search.h"
#include "verification/theorem_verdict.h"

#include <string>
#include <utility>
#include <vector>

namespace mfpg
{
  /**
   * Experiment (b) of model.md §6, the stability of stationary points in
   * (sigma, tau), for a linear feature, where every stationary law is the
   * Gaussian N(m*, K^{-1}) of §7 and W2 between two of them is closed form:
   * for each (sigma', tau') of a sweep, W2^2(nu*, nu'*) against the
   * stationary bound of model.md §6.3 (stationary_stability_bound()), with
   * ∫|grad U|^2 dnu'* = tr K + |K (m'* - c)|^2. The bound exists only for
   * beta > 0.
   *
   * beta and D are estimated twice (model.md §6.4): on the box
   * [-b, b]^d of means and over R^d (global_linear_feature_convergence_
   * constants, and for D, the Lipschitz constant of tau -> G, the largest
   * |g_tau'(m) - g_tau(m)| / |tau' - tau| over the tau' of the sweep, by
   * box_maximum and global_maximum). The bounds use the constants of the
   * hypothesis's reading: over R^d when beta > 0 there (the theorem
   * applies), on the box when beta > 0 only there (the hypothesis is not
   * verified: the bound is reported, not claimed), and none (NaN) when
   * beta <= 0 (the theorem is silent).
   */
  struct StabilityPoint
  {
    double sigma;
    double tau;
    double squared_distance;
    /** The bound of model.md §6.3; NaN when the theorem is silent. */
    double bound;
  };

  struct StabilitySweep
  {
    ConvergenceConstants        constants_on_box;
    ConvergenceConstants        global_constants;
    TheoryConstant              D_on_box;
    TheoryConstant              global_D;
    TheoremHypothesis           hypothesis;
    std::vector<StabilityPoint> points;

    /** The D the bounds use: global_D when the theorem applies. */
    const TheoryConstant &
    D() const;

    /**
     * The largest W2^2 / bound over the sweep (<= 1: the bound holds); the
     * reference point itself, where both vanish, counts as 0; NaN when the
     * theorem is silent (no bound).
     */
    double
    worst_ratio() const;

    /** TheoremHypothesis::verdict() of the worst ratio. */
    std::string
    verdict() const;

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
   * The sweep over @p sigmas x @p taus around the model of @p parameters,
   * the constants on the box and over R^d as @p search says.
   */
  StabilitySweep
  stability_sweep(const Model::Parameters   &parameters,
                  const std::vector<double> &sigmas,
                  const std::vector<double> &taus,
                  const SupremumSearch      &search);
} // namespace mfpg

#endif
