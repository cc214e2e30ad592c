#ifndef mfpg_model_safety_measures_h
#define mfpg_model_safety_measures_h

namespace mfpg
{
  class Mdp;
  class SoftmaxPolicy;
  class PolicyEvaluation;

  /**
   * How safe a policy is on the budget-augmented MDP of docs/model.md §13,
   * a violation being an action that costs more than the budget left.
   */
  struct SafetyMeasures
  {
    /**
     * D_viol = sum_t gamma^t P(violation at t)
     *        = (1 / (1 - gamma)) sum_x d_x sum_j pi_xj 1{c_xj > z_x},
     * d the normalised discounted occupancy.
     */
    double discounted_violation;
    /**
     * V_0, the value without the barrier: V_n - (1 / (1 - gamma)) sum_x d_x
     * sum_j pi_xj B_n(z_x - c_xj) (the policy regulariser's cost stays).
     */
    double unpenalised_value;
    /**
     * P(ever violate) from rho: the absorption probability h of the
     * cemetery, the least solution of h = P_pi h off the cemetery, h(†) =
     * 1: h = 0 where the cemetery cannot be reached, the linear solve of
     * (I - P_pi) h = P_pi(. -> †) on the states from which it can (where
     * I - P_pi is invertible: mass leaks to † from each of them), with
     * the diagonal summed as the flow out of each state so that a tiny
     * leak (e^{-n / tau}) does not cancel.
     */
    double ever_violation;
  };

  /**
   * The SafetyMeasures of @p policy with its @p evaluation on @p mdp, which
   * must have MDP/Safety enabled (std::logic_error otherwise).
   */
  SafetyMeasures
  safety_measures(const Mdp              &mdp,
                  const SoftmaxPolicy    &policy,
                  const PolicyEvaluation &evaluation);
} // namespace mfpg

#endif
