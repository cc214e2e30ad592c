#ifndef mfpg_model_policy_regulariser_h
#define mfpg_model_policy_regulariser_h

#include <deal.II/base/array_view.h>

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
   *  - tsallis: phi(p) = p^2 - p, Omega = sum_j mu_j p_j^2 - 1.
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
     * @p type kl or tsallis (a ParameterError naming "MDP/Policy
     * regulariser" otherwise).
     */
    explicit PolicyRegulariser(const std::string &type = "kl");

    /** kl or tsallis. */
    const std::string &
    type() const;

    bool
    is_kl() const;

    /**
     * phi(p) / p at p = exp(@p log_p): ln p (kl) or p - 1 (tsallis); the
     * log keeps kl's cost exact where p underflows.
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
     * sorted by Q.
     */
    SoftMaximum
    soft_maximum(const dealii::ArrayView<const double> &Q,
                 const dealii::ArrayView<const double> &mu,
                 const double                           tau) const;

  private:
    std::string name;
  };
} // namespace mfpg

#endif
