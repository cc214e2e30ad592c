#ifndef mfpg_verification_stability_along_flow_h
#define mfpg_verification_stability_along_flow_h

#include "model/gaussian_law.h"
#include "model/model.h"
#include "verification/convergence_constants.h"
#include "verification/supremum_search.h"
#include "verification/theorem_verdict.h"

#include <functional>
#include <string>
#include <vector>

namespace mfpg
{
  /** One output time of stability_along_flow(). */
  struct FlowStabilityPoint
  {
    double time;
    /**
     * W2^2(nu_t, nu'_t): closed form between two Gaussians, exact between
     * two 1-D mesh densities, by the grid Sinkhorn in d = 2, 3.
     */
    double squared_distance;
    /**
     * The error estimate of W2(nu_t, nu'_t) (of W2, not of its square): 0
     * when exact, the grid Sinkhorn's estimate in d = 2, 3.
     */
    double distance_error;
    /**
     * The bound of model.md §6.3 at the best (l, eta); NaN when the theorem
     * is silent.
     */
    double bound;
    /**
     * The l at which the bound was taken; NaN when l plays no role (t = 0,
     * sigma = sigma', or no bound).
     */
    double best_l;
    /**
     * The eta at which the bound was taken; NaN when eta plays no role
     * (t = 0, tau = tau', or no bound).
     */
    double best_eta;
  };

  /**
   * The time-dependent stability bound of model.md §6.3 along two flows:
   * nu_t for the model's (sigma, tau) from nu_0, nu'_t for (sigma', tau')
   * from nu'_0, and at each output time t, W2^2(nu_t, nu'_t) against the
   * bound (flow_stability_bound()) with M(s) = ∫|grad U|^2 dnu'_s. The flows
   * are the exact Gaussian ones of a linear feature (stability_along_flow())
   * or two mesh flows of any feature (stability_along_mesh_flow()). beta,
   * and D for the pair (tau, tau'), are those of the reading of
   * @p hypothesis (over R^d when the theorem applies, on the box when
   * beta > 0 only there); when the theorem is silent there is no bound.
   */
  struct FlowStability
  {
    TheoremHypothesis               hypothesis;
    TheoryConstant                  D_on_box;
    TheoryConstant                  global_D;
    std::vector<FlowStabilityPoint> points;

    /** The D the bounds use: global_D when the theorem applies. */
    const TheoryConstant &
    D() const;

    /**
     * The largest (W2(nu_t, nu'_t) - its error estimate)^2 / bound over the
     * output times t > 0 (at t = 0 the bound is W2^2(nu_0, nu'_0), plus the
     * error estimate, itself): above 1 only if W2 exceeds the bound's
     * square root by more than its error estimate; a time where both vanish
     * counts as 0; NaN when the theorem is silent.
     */
    double
    worst_ratio() const;

    /**
     * TheoremHypothesis::verdict(): consistent when worst_ratio() <= 1 +
     * 1e-6 (the Gaussian flows are integrated to a relative tolerance
     * 1e-10; the mesh flows are judged, as the exponential convergence is,
     * on their own numbers, with W2 less its error estimate).
     */
    std::string
    verdict() const;

    /**
     * Columns t, w2_squared_along_flow, bound, best_l, best_eta,
     * w2_error_estimate.
     */
    void
    write_csv(const std::string &filename) const;
  };

  /**
   * The bounds of model.md §6.3 at the points of @p result, whose times,
   * distances, hypothesis and D are set: the flows of @p model and of
   * (@p second_sigma, @p second_tau), from laws with
   * W2^2(nu_0, nu'_0) <= @p initial_squared_distance, and
   * @p memory(k, r) = ∫_0^{t_k} e^{-r (t_k - s)} M(s) ds at the time t_k of
   * point k (r in [0, 2 beta]). NaN when the theorem is silent.
   */
  void
  add_flow_stability_bounds(
    FlowStability                                     &result,
    const Model                                       &model,
    const double                                       second_sigma,
    const double                                       second_tau,
    const double                                       initial_squared_distance,
    const std::function<double(unsigned int, double)> &memory);

  /** The second flow: its (sigma', tau') and its initial law nu'_0. */
  struct SecondFlow
  {
    double      sigma;
    double      tau;
    GaussianLaw initial;
  };

  /**
   * The bound along the flows of the linear-feature model of @p parameters
   * from @p initial and of @p second, at @p times (>= 0, increasing), with
   * beta from @p hypothesis and D estimated as @p search says
   * (entropy_lipschitz_constant() for the one tau' of @p second).
   */
  FlowStability
  stability_along_flow(const Model::Parameters   &parameters,
                       const GaussianLaw         &initial,
                       const SecondFlow          &second,
                       const std::vector<double> &times,
                       const TheoremHypothesis   &hypothesis,
                       const SupremumSearch      &search);
} // namespace mfpg

#endif
