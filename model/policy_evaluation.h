#ifndef mfpg_model_policy_evaluation_h
#define mfpg_model_policy_evaluation_h

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

namespace mfpg
{
  class Mdp;
  class SoftmaxPolicy;

  /**
   * Policy evaluation of model.md §3 for the regularised reward
   * R_ij = r_ij - tau ln p_ij (for another policy regulariser r_ij - tau
   * phi(p_ij) / p_ij, §12):
   *   (I - gamma P_pi) V = R_pi,   Q_ij = r_ij + gamma sum_k P(s_k|s_i,a_j)
   * V_k, d^T = (1 - gamma) rho^T (I - gamma P_pi)^{-1}   (normalised
   * occupancy), V(rho) = rho · V                                 (the
   * objective).
   *
   * Solver: one dense LU factorisation of I - gamma P_pi (LAPACK getrf
   * through deal.II's LAPACKFullMatrix), used for V and, transposed, for d.
   * It costs n_S^3 / 3 flops, about 0.1 s at n_S = 1000 on one core; the
   * MDP sizes a parameter-space flow needs (n_S up to a few hundred) stay
   * far below the point where an iterative PETSc solve would pay off.
   */
  /** (P V)_ij = sum_k P(s_k | s_i, a_j) V_k, the expected next value. */
  dealii::FullMatrix<double>
  expected_next_value(const Mdp &mdp, const dealii::Vector<double> &V);

  /** Q_ij = r_ij + gamma (P V)_ij for a value V. */
  dealii::FullMatrix<double>
  action_values(const Mdp &mdp, const dealii::Vector<double> &V);

  class PolicyEvaluation
  {
  public:
    PolicyEvaluation(const Mdp &mdp, const SoftmaxPolicy &policy);

    /** V_i, the regularised value of each state. */
    const dealii::Vector<double> &
    value() const;

    /** Q_ij. */
    const dealii::FullMatrix<double> &
    q_function() const;

    /** d_i, the normalised discounted occupancy measure (sum 1). */
    const dealii::Vector<double> &
    occupancy_measure() const;

    /** V(rho) = sum_i rho_i V_i. */
    double
    objective() const;

  private:
    dealii::Vector<double>     V;
    dealii::FullMatrix<double> Q;
    dealii::Vector<double>     d;
    double                     V_rho;
  };
} // namespace mfpg

#endif
