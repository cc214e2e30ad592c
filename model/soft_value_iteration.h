#ifndef mfpg_model_soft_value_iteration_h
#define mfpg_model_soft_value_iteration_h

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

namespace mfpg
{
  class Mdp;

  /**
   * The soft-optimal reference of model.md §5 (no parametrisation):
   *   V*(s_i) = tau ln sum_j mu_j exp(Q*_ij / tau),  Q* = r + gamma P V*,
   * (V*(s_i) = max_j Q*_ij when tau = 0; for another policy regulariser
   * its soft maximum, §12) by value iteration, a
   * gamma-contraction in the sup norm, iterated until the Bellman residual
   * is below @p tolerance. V*(rho) - V(rho; pi_nu) is the optimality gap.
   */
  struct SoftOptimum
  {
    dealii::Vector<double>     value;
    dealii::FullMatrix<double> q_function;
    double                     objective;
    double                     bellman_residual;
    unsigned int               n_iterations;
  };

  SoftOptimum
  soft_value_iteration(const Mdp &mdp, const double tolerance = 1e-12);

  /**
   * The soft maximum over the actions of the MDP's policy regulariser
   * (PolicyRegulariser::soft_maximum()): for kl V_i = tau ln sum_j mu_j
   * exp(Q_ij / tau) (max_j Q_ij for tau = 0), with the row maximum factored
   * out.
   */
  dealii::Vector<double>
  soft_maximum(const Mdp &mdp, const dealii::FullMatrix<double> &Q);

  /**
   * The soft Bellman operator T V = soft_maximum(r + gamma P V) (for kl
   * (T V)_i = tau ln sum_j mu_j exp(Q_ij / tau)).
   */
  dealii::Vector<double>
  soft_bellman_operator(const Mdp &mdp, const dealii::Vector<double> &V);
} // namespace mfpg

#endif
