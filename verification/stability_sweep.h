#ifndef mfpg_verification_stability_sweep_h
#define mfpg_verification_stability_sweep_h

#include "model/model.h"
#include "verification/convergence_constants.h"

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * Experiment (b) of model.md §6, the stability of stationary points in
   * (sigma, tau), for a linear feature, where every stationary law is the
   * Gaussian N(m*, K^{-1}) of §7 and W2 between two of them is closed form:
   * for each (sigma', tau') of a sweep,
   *
   *   W2^2(nu*, nu'*) <= |sigma^2 - sigma'^2| / (16 l beta_l) ∫|grad U|^2 dnu'*
   *                      + (D |tau - tau'| + d |sigma - sigma'|^2) / (2
   * beta_l), beta_l = beta - l |sigma^2 - sigma'^2| > 0,
   *
   * with the right-hand side minimised over l on a grid of 200 points of
   * (0, beta / |sigma^2 - sigma'^2|) (any l > 0 is allowed). beta is that of
   * linear_feature_convergence_constants() at (sigma, tau); D, the
   * Lipschitz constant of tau -> G, is the largest
   * |g_tau'(m) - g_tau(m)| / |tau' - tau| over the grid of means and the
   * tau' of the sweep (a lower bound, like L); ∫|grad U|^2 dnu'* =
   * tr K + |K (m'* - c)|^2.
   */
  struct StabilityPoint
  {
    double sigma;
    double tau;
    double squared_distance;
    double bound;
  };

  struct StabilitySweep
  {
    ConvergenceConstants        constants;
    double                      D;
    std::vector<StabilityPoint> points;

    /**
     * The largest W2^2 / bound over the sweep (<= 1: the bound holds); the
     * reference point itself, where both vanish, counts as 0.
     */
    double
    worst_ratio() const;

    std::string
    verdict() const;

    void
    write_csv(const std::string &filename) const;
  };

  /**
   * The sweep over @p sigmas x @p taus around the model of @p parameters;
   * means in [lo, hi]^d on @p n_per_axis points for L and D.
   */
  StabilitySweep
  stability_sweep(const Model::Parameters   &parameters,
                  const std::vector<double> &sigmas,
                  const std::vector<double> &taus,
                  const double               lo,
                  const double               hi,
                  const unsigned int         n_per_axis);
} // namespace mfpg

#endif
