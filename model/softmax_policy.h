#ifndef mfpg_model_softmax_policy_h
#define mfpg_model_softmax_policy_h

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

namespace mfpg
{
  /**
   * The softmax policy of model.md §2 for a policy energy F (n_S x n_A) and
   * reference weights mu_ij >= 0 (per state, §13.1; each row with a
   * positive weight): Z_i = sum_j mu_ij exp(F_ij), p_ij = exp(F_ij) / Z_i,
   * pi_ij = mu_ij p_ij. ln Z is computed with the largest F_ij + ln mu_ij
   * of each row subtracted, so that large energies and tiny weights
   * neither overflow nor lose the log-density.
   */
  class SoftmaxPolicy
  {
  public:
    SoftmaxPolicy(const dealii::FullMatrix<double> &F,
                  const dealii::FullMatrix<double> &mu);

    /** ln p_ij. */
    const dealii::FullMatrix<double> &
    log_density() const;

    /** pi_ij = mu_j p_ij, rows sum to 1. */
    const dealii::FullMatrix<double> &
    probabilities() const;

  private:
    dealii::FullMatrix<double> log_p;
    dealii::FullMatrix<double> pi;
  };
} // namespace mfpg

#endif
