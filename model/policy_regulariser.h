#ifndef mfpg_model_policy_regulariser_h
#define mfpg_model_policy_regulariser_h

#include <deal.II/base/array_view.h>

#include <memory>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * The regulariser of the policy, docs/model.md §12:
   *   Omega(pi(.|s)) = sum_j mu_j phi(p_j),   p_j = pi_j / mu_j,
   * p the policy's density with respect to the reference weights mu and
   * phi convex:
   *
   *  - kl: phi(p) = p ln p, Omega = KL(pi | mu) (the entropy regularisation
   *    of §1, the default);
   *  - tsallis: phi(p) = p^2 - p, Omega = sum_j mu_j p_j^2 - 1;
   *  - expression: phi and phi' given as expressions in p, checked at
   *    set-up: phi(0+) = 0 (Omega is evaluated as sum_j pi_j phi(p_j) /
   *    p_j), phi' the derivative of phi (central differences) and strictly
   *    increasing (phi strictly convex), on p = 10^-8 .. 10^4.
   *
   * It enters the MDP in three places, each a function here: the
   * regularised reward R_ij = r_ij - tau phi(p_ij) / p_ij (cost()), the
   * advantage A_ij = Q_ij - tau phi'(p_ij) of the coupling weights
   * (slope()), and the soft maximum sup_p sum_j mu_j (p_j Q_j - tau
   * phi(p_j)) over densities (soft_maximum()). Read from
   * "MDP/Policy regulariser".
   */
  class PolicyRegulariser
  {
  public:
    /**
     * @p type kl, tsallis or expression (a ParameterError naming "MDP/Policy
     * regulariser" otherwise); for expression, phi = @p function and phi'
     * = @p derivative, expressions in p (a ParameterError naming "MDP/Policy
     * regulariser function" or "... derivative" when a check fails).
     */
    explicit PolicyRegulariser(const std::string &type       = "kl",
                               const std::string &function   = "",
                               const std::string &derivative = "");

    /** kl, tsallis or expression. */
    const std::string &
    type() const;

    bool
    is_kl() const;

    /**
     * phi(p) / p at p = exp(@p log_p): ln p (kl) or p - 1 (tsallis); the
     * log keeps kl's cost exact where p underflows (an expression is
     * evaluated at p >= DBL_MIN).
     */
    double
    cost(const double log_p) const;

    /** phi'(p) at p = exp(@p log_p): ln p + 1 (kl) or 2 p - 1 (tsallis). */
    double
    slope(const double log_p) const;

    /** The soft maximum of one state's action values and its maximiser. */
    struct SoftMaximum
    {
      /** sup_p sum_j mu_j (p_j Q_j - tau phi(p_j)), sum_j mu_j p_j = 1. */
      double value;
      /** The maximising density p_j >= 0. */
      std::vector<double> density;
    };

    /**
     * The SoftMaximum of the action values @p Q with the reference
     * weights @p mu (over the actions with mu_j > 0, at least one) and
     * strength @p tau >= 0 (tau = 0: max_j Q_j, the
     * density on the first maximiser). kl: tau ln sum_j mu_j e^{Q_j / tau},
     * p_j = e^{(Q_j - V) / tau}; tsallis: p_j = [(Q_j - lambda) / (2 tau) +
     * 1/2]_+ with lambda the root of sum_j mu_j p_j = 1 (the
     * Karush–Kuhn–Tucker conditions Q_j - tau phi'(p_j) = lambda where
     * p_j > 0, <= lambda where p_j = 0), found exactly over the actions
     * sorted by Q; expression: the same conditions, p_j = (phi')^{-1}((Q_j
     * - lambda) / tau) (0 below phi'(0+)), lambda and each inverse by
     * Boost's TOMS 748 to rounding (nested: n_A root searches per step of
     * the outer one).
     */
    SoftMaximum
    soft_maximum(const dealii::ArrayView<const double> &Q,
                 const dealii::ArrayView<const double> &mu,
                 const double                           tau) const;

  private:
    /** phi and phi' of an expression, evaluated under a lock. */
    struct Functions;

    /** phi'(p) and phi(p) of the expression at p >= DBL_MIN. */
    double
    derivative_at(const double p) const;
    double
    function_at(const double p) const;

    /** The soft maximum of an expression (see soft_maximum()). */
    SoftMaximum
    expression_soft_maximum(const dealii::ArrayView<const double> &Q,
                            const dealii::ArrayView<const double> &mu,
                            const std::vector<unsigned int>       &order,
                            const double                           tau) const;

    std::string                      name;
    std::shared_ptr<const Functions> functions;
  };
} // namespace mfpg

#endif
