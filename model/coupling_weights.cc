#include "model/coupling_weights.h"

#include "model/mdp.h"

namespace mfpg
{
  dealii::FullMatrix<double>
  coupling_weights(const Mdp              &mdp,
                   const SoftmaxPolicy    &policy,
                   const PolicyEvaluation &evaluation)
  {
    const unsigned int                n_S   = mdp.n_states();
    const unsigned int                n_A   = mdp.n_actions();
    const double                      tau   = mdp.entropy_strength();
    const dealii::FullMatrix<double> &pi    = policy.probabilities();
    const dealii::FullMatrix<double> &log_p = policy.log_density();
    const dealii::FullMatrix<double> &Q     = evaluation.q_function();
    const dealii::Vector<double>     &d     = evaluation.occupancy_measure();
    const PolicyRegulariser          &omega = mdp.policy_regulariser();

    dealii::FullMatrix<double> W(n_S, n_A);
    std::vector<double>        A(n_A);
    for (unsigned int i = 0; i < n_S; ++i)
      {
        double A_bar = 0.;
        for (unsigned int j = 0; j < n_A; ++j)
          {
            A[j] = Q(i, j) - tau * omega.slope(log_p(i, j));
            A_bar += pi(i, j) * A[j];
          }
        const double scale = d[i] / (1. - mdp.discount());
        for (unsigned int j = 0; j < n_A; ++j)
          W(i, j) = scale * pi(i, j) * (A[j] - A_bar);
      }
    return W;
  }

  PolicyGradient::PolicyGradient(const Mdp                        &mdp,
                                 const dealii::FullMatrix<double> &F)
    : pi(F, mdp.reference_weights())
    , eval(mdp, pi)
    , W(coupling_weights(mdp, pi, eval))
  {
  }

  const SoftmaxPolicy &
  PolicyGradient::policy() const
  {
    return pi;
  }

  const PolicyEvaluation &
  PolicyGradient::evaluation() const
  {
    return eval;
  }

  const dealii::FullMatrix<double> &
  PolicyGradient::weights() const
  {
    return W;
  }
} // namespace mfpg
