#ifndef mfpg_model_symmetric_matrix_function_h
#define mfpg_model_symmetric_matrix_function_h

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <functional>

namespace mfpg
{
  /**
   * Eigenvalues (ascending) of a symmetric matrix, by LAPACK's syevx through
   * deal.II's LAPACKFullMatrix.
   */
  dealii::Vector<double>
  symmetric_eigenvalues(const dealii::FullMatrix<double> &M);

  /**
   * f(M) = V f(Lambda) V^T for a symmetric M = V Lambda V^T: the matrix
   * square root of a covariance (Gaussian W2), its inverse, its logarithm.
   */
  dealii::FullMatrix<double>
  symmetric_matrix_function(const dealii::FullMatrix<double>    &M,
                            const std::function<double(double)> &f);
} // namespace mfpg

#endif
