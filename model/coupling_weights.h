#ifndef mfpg_model_coupling_weights_h
#define mfpg_model_coupling_weights_h

#include <deal.II/lac/full_matrix.h>

#include "model/policy_evaluation.h"
#include "model/softmax_policy.h"

namespace mfpg
{
  class Mdp;

  /**
   * The coupling weights of model.md §4,
   *   A_ij = Q_ij - tau ln p_ij,  Abar_i = sum_j pi_ij A_ij,
   * (for another policy regulariser A_ij = Q_ij - tau phi'(p_ij), §12;
   * for kl phi' = ln p + 1, whose constant cancels in A - Abar)
   *   W_ij = d_i pi_ij (A_ij - Abar_i) / (1 - gamma),
   * through which the whole dependence of the drift on nu passes: by the
   * policy-gradient theorem, W_ij = dV(rho) / dF_ij.
   */
  dealii::FullMatrix<double>
  coupling_weights(const Mdp              &mdp,
                   const SoftmaxPolicy    &policy,
                   const PolicyEvaluation &evaluation);

  /**
   * Everything the flow needs of one policy energy F: the policy, its
   * evaluation and the coupling weights, computed once per time step; the
   * first variation and the drift then follow per theta from
   * Feature::first_variation() and Feature::drift() with weights().
   */
  class PolicyGradient
  {
  public:
    PolicyGradient(const Mdp &mdp, const dealii::FullMatrix<double> &F);

    const SoftmaxPolicy &
    policy() const;

    const PolicyEvaluation &
    evaluation() const;

    const dealii::FullMatrix<double> &
    weights() const;

  private:
    SoftmaxPolicy              pi;
    PolicyEvaluation           eval;
    dealii::FullMatrix<double> W;
  };
} // namespace mfpg

#endif
