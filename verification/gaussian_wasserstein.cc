#include "verification/gaussian_wasserstein.h"

#include <deal.II/lac/lapack_full_matrix.h>

#include "model/symmetric_matrix_function.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace mfpg
{
  namespace
  {
    /** S^{1/2}; eigenvalues that rounding has pushed below 0 count as 0. */
    dealii::FullMatrix<double>
    covariance_square_root(const dealii::FullMatrix<double> &S)
    {
      return symmetric_matrix_function(S, [](const double lambda) {
        return std::sqrt(std::max(lambda, 0.));
      });
    }

    /**
     * The orthogonal polar factor U = Q P^T of C = P Sigma Q^T, the
     * maximiser of tr(C U) over orthogonal U.
     */
    dealii::FullMatrix<double>
    maximising_rotation(const dealii::FullMatrix<double> &C)
    {
      const unsigned int               d = C.m();
      dealii::LAPACKFullMatrix<double> svd(d, d);
      svd = C;
      svd.compute_svd();
      const dealii::LAPACKFullMatrix<double> &P  = svd.get_svd_u();
      const dealii::LAPACKFullMatrix<double> &Qt = svd.get_svd_vt();
      dealii::FullMatrix<double>              U(d, d);
      for (unsigned int k = 0; k < d; ++k)
        for (unsigned int l = 0; l < d; ++l)
          for (unsigned int e = 0; e < d; ++e)
            U(k, l) += Qt(e, k) * P(l, e);
      return U;
    }

    void
    check_dimensions(const GaussianLaw &a, const GaussianLaw &b)
    {
      const unsigned int d = a.mean.size();
      if (a.covariance.m() != d || a.covariance.n() != d ||
          b.mean.size() != d || b.covariance.m() != d || b.covariance.n() != d)
        throw std::invalid_argument(
          "gaussian_wasserstein: the laws must share one dimension (means of "
          "size " +
          std::to_string(a.mean.size()) + " and " +
          std::to_string(b.mean.size()) + ", covariances " +
          std::to_string(a.covariance.m()) + " x " +
          std::to_string(a.covariance.n()) + " and " +
          std::to_string(b.covariance.m()) + " x " +
          std::to_string(b.covariance.n()) + ")");
    }
  } // namespace

  double
  gaussian_wasserstein(const GaussianLaw &a, const GaussianLaw &b)
  {
    check_dimensions(a, b);
    const unsigned int d = a.mean.size();
    if (d == 0)
      return 0.;

    double mean_part = 0.;
    for (unsigned int k = 0; k < d; ++k)
      mean_part += (a.mean[k] - b.mean[k]) * (a.mean[k] - b.mean[k]);

    const dealii::FullMatrix<double> A = covariance_square_root(a.covariance);
    const dealii::FullMatrix<double> B = covariance_square_root(b.covariance);
    dealii::FullMatrix<double>       AB(d, d);
    A.mmult(AB, B);
    const dealii::FullMatrix<double> U = maximising_rotation(AB);
    dealii::FullMatrix<double>       BU(d, d);
    B.mmult(BU, U);

    // |A - B U|_F^2 = tr(S1 + S2 - 2 (S1^{1/2} S2 S1^{1/2})^{1/2}) >= 0.
    double bures_part = 0.;
    for (unsigned int k = 0; k < d; ++k)
      for (unsigned int l = 0; l < d; ++l)
        bures_part += (A(k, l) - BU(k, l)) * (A(k, l) - BU(k, l));

    return std::sqrt(std::max(mean_part + bures_part, 0.));
  }
} // namespace mfpg
