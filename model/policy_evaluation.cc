#include "model/policy_evaluation.h"

#include <deal.II/lac/lapack_full_matrix.h>

#include "model/mdp.h"
#include "model/softmax_policy.h"

namespace mfpg
{
  dealii::FullMatrix<double>
  expected_next_value(const Mdp &mdp, const dealii::Vector<double> &V)
  {
    const unsigned int         n_S = mdp.n_states();
    const unsigned int         n_A = mdp.n_actions();
    dealii::FullMatrix<double> PV(n_S, n_A);
    for (unsigned int i = 0; i < n_S; ++i)
      for (unsigned int j = 0; j < n_A; ++j)
        for (unsigned int k = 0; k < n_S; ++k)
          PV(i, j) += mdp.transition()(i * n_A + j, k) * V[k];
    return PV;
  }

  dealii::FullMatrix<double>
  action_values(const Mdp &mdp, const dealii::Vector<double> &V)
  {
    dealii::FullMatrix<double> Q = mdp.reward();
    Q.add(mdp.discount(), expected_next_value(mdp, V));
    return Q;
  }

  PolicyEvaluation::PolicyEvaluation(const Mdp           &mdp,
                                     const SoftmaxPolicy &policy)
  {
    const unsigned int                n_S   = mdp.n_states();
    const unsigned int                n_A   = mdp.n_actions();
    const double                      gamma = mdp.discount();
    const double                      tau   = mdp.entropy_strength();
    const dealii::FullMatrix<double> &P     = mdp.transition();
    const dealii::FullMatrix<double> &pi    = policy.probabilities();
    const dealii::FullMatrix<double> &log_p = policy.log_density();
    const PolicyRegulariser          &omega = mdp.policy_regulariser();

    // I - gamma P_pi and the regularised reward R_pi
    dealii::LAPACKFullMatrix<double> M(n_S, n_S);
    dealii::Vector<double>           R_pi(n_S);
    for (unsigned int i = 0; i < n_S; ++i)
      {
        M(i, i) = 1.;
        for (unsigned int j = 0; j < n_A; ++j)
          {
            R_pi[i] +=
              pi(i, j) * (mdp.reward()(i, j) - tau * omega.cost(log_p(i, j)));
            const double weight = gamma * pi(i, j);
            for (unsigned int k = 0; k < n_S; ++k)
              M(i, k) -= weight * P(i * n_A + j, k);
          }
      }
    M.compute_lu_factorization();

    V = R_pi;
    M.solve(V);

    d = mdp.initial_distribution();
    d *= 1. - gamma;
    M.solve(d, /*transposed=*/true);

    Q = action_values(mdp, V);

    V_rho = mdp.initial_distribution() * V;
  }

  const dealii::Vector<double> &
  PolicyEvaluation::value() const
  {
    return V;
  }

  const dealii::FullMatrix<double> &
  PolicyEvaluation::q_function() const
  {
    return Q;
  }

  const dealii::Vector<double> &
  PolicyEvaluation::occupancy_measure() const
  {
    return d;
  }

  double
  PolicyEvaluation::objective() const
  {
    return V_rho;
  }
} // namespace mfpg
