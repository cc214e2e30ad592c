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

    /** |m1 - m2|^2. */
    double
    squared_mean_distance(const GaussianLaw &a, const GaussianLaw &b)
    {
      double s = 0.;
      for (unsigned int k = 0; k < a.mean.size(); ++k)
        s += (a.mean[k] - b.mean[k]) * (a.mean[k] - b.mean[k]);
      return s;
    }

    /**
     * s log det(D + s I) - tr D for D = (4 R S R + s^2 I)^{1/2}, R = S1^{1/2}
     * (@p root_a), S = S2 (@p b): the part of OT_eps that does not cancel
     * in the Sinkhorn divergence.
     */
    double
    entropic_bures_term(const dealii::FullMatrix<double> &root_a,
                        const dealii::FullMatrix<double> &b,
                        const double                      s)
    {
      const unsigned int         d = b.m();
      dealii::FullMatrix<double> RS(d, d), RSR(d, d);
      root_a.mmult(RS, b);
      RS.mmult(RSR, root_a);
      RSR.symmetrize();
      double term = 0.;
      for (const double lambda : symmetric_eigenvalues(RSR))
        {
          const double D = std::sqrt(4. * std::max(lambda, 0.) + s * s);
          term += s * std::log(D + s) - D;
        }
      return term;
    }
  } // namespace

  double
  gaussian_sinkhorn_divergence(const GaussianLaw &a,
                               const GaussianLaw &b,
                               const double       epsilon)
  {
    check_dimensions(a, b);
    if (!(epsilon > 0.))
      throw std::invalid_argument(
        "gaussian_sinkhorn_divergence: eps must be positive");
    const double                     mean_part = squared_mean_distance(a, b);
    const dealii::FullMatrix<double> A = covariance_square_root(a.covariance);
    const dealii::FullMatrix<double> B = covariance_square_root(b.covariance);
    const double                     s = epsilon / 2.;
    return mean_part + entropic_bures_term(A, b.covariance, s) -
           (entropic_bures_term(A, a.covariance, s) +
            entropic_bures_term(B, b.covariance, s)) /
             2.;
  }

  double
  gaussian_wasserstein(const GaussianLaw &a, const GaussianLaw &b)
  {
    check_dimensions(a, b);
    const unsigned int d = a.mean.size();
    if (d == 0)
      return 0.;

    const double mean_part = squared_mean_distance(a, b);

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
