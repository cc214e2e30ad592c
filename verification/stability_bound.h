#ifndef mfpg_verification_stability_bound_h
#define mfpg_verification_stability_bound_h

#include <functional>

namespace mfpg
{
  /**
   * What separates two flows, or two stationary laws, in the stability
   * bounds of model.md §6.3: (sigma, tau) against (sigma', tau').
   */
  struct StabilityGap
  {
    /** beta = sigma^2 kappa / 2 - C_2 - L of the reading (> 0). */
    double beta;
    /** x = |sigma^2 - sigma'^2|. */
    double delta_sigma2;
    /** D |tau - tau'|, D the Lipschitz constant of tau -> G. */
    double drift_gap;
    /** d |sigma - sigma'|^2, the Ito term of the coupled noises. */
    double noise_gap;
  };

  /** A bound of model.md §6.3 and the free parameters it was taken at. */
  struct StabilityBound
  {
    double value;
    /** l of Young's step on the confinement mismatch; NaN: no role. */
    double best_l;
    /** eta of Young's step on the drift gap; NaN: no role. */
    double best_eta;
  };

  /**
   * The stationary bound of model.md §6.3,
   *
   *   W2(nu*, nu'*) <= (D|tau - tau'| + sqrt((D|tau - tau'|)^2 + 2 beta_l c_l))
   *                    / (2 beta_l),
   *   c_l = |sigma^2 - sigma'^2| / (8 l) ∫|grad U|^2 dnu'* + d|sigma -
   * sigma'|^2, beta_l = beta - l |sigma^2 - sigma'^2|,
   *
   * squared, minimised over 0 < l < beta / |sigma^2 - sigma'^2| by Brent's
   * method (convex in l, model.md §6.3); @p grad_U_squared is
   * ∫|grad U|^2 dnu'*. Requires beta > 0 (std::invalid_argument).
   */
  StabilityBound
  stationary_stability_bound(const StabilityGap &gap,
                             const double        grad_U_squared);

  /**
   * The time-dependent bound of model.md §6.3 at time @p t,
   *
   *   W2^2(nu_t, nu'_t) <= e^{-2 b t} W2^2(nu_0, nu'_0)
   *     + |sigma^2 - sigma'^2| / (8 l) ∫_0^t e^{-2 b (t - s)} M(s) ds
   *     + (d|sigma - sigma'|^2 + (D|tau - tau'|)^2 / (2 eta))
   *       (1 - e^{-2 b t}) / (2 b),      b = beta - l |sigma^2 - sigma'^2| -
   * eta,
   *
   * M(s) = ∫|grad U|^2 dnu'_s, minimised over the admissible (l, eta) by
   * nested Brent searches (jointly convex, model.md §6.3). @p memory(r)
   * must return ∫_0^t e^{-r (t - s)} M(s) ds for r in [0, 2 beta]. At
   * t = 0 the bound is W2^2(nu_0, nu'_0). Requires beta > 0.
   */
  StabilityBound
  flow_stability_bound(const StabilityGap &gap,
                       const double        t,
                       const double        initial_squared_distance,
                       const std::function<double(double)> &memory);
} // namespace mfpg

#endif
