#ifndef mfpg_model_softmax_policy_h
#define mfpg_model_softmax_policy_h

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

namespace mfpg
{
  /**
   * The softmax policy of model.md §2 for a policy energy F (n_S x n_A):
   * Z_i = sum_j mu_j exp(F_ij), p_ij = exp(F_ij) / Z_i, pi_ij = mu_j p_ij.
   * ln p is computed with the maximum of each row subtracted, so that large
   * energies neither overflow nor lose the log-density.
   */
  class SoftmaxPolicy
  {
  public:
    SoftmaxPolicy(const dealii::FullMatrix<double> &F,
                  const dealii::Vector<double>     &mu);

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
