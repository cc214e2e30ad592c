#include "verification/convergence_constants.h"

#include "model/symmetric_matrix_function.h"
#include "verification/gaussian_flow.h"

#include <cmath>
#include <sstream>

namespace mfpg
{
  std::string
  to_string(const TheoryConstant::Bound bound)
  {
    switch (bound)
      {
        case TheoryConstant::Bound::exact:
          return "exact";
        case TheoryConstant::Bound::lower_bound:
          return "lower bound";
        default:
          return "upper bound";
      }
  }

  double
  ConvergenceConstants::beta() const
  {
    return 0.5 * sigma * sigma * kappa.value - C2.value - L.value;
  }

  namespace
  {
    /** ||A||_2 = sqrt(largest eigenvalue of A^T A). */
    double
    spectral_norm(const dealii::FullMatrix<double> &A)
    {
      dealii::FullMatrix<double> AtA(A.n(), A.n());
      A.Tmmult(AtA, A);
      const dealii::Vector<double> eigenvalues = symmetric_eigenvalues(AtA);
      return std::sqrt(std::max(0., eigenvalues[eigenvalues.size() - 1]));
    }
  } // namespace

  ConvergenceConstants
  linear_feature_convergence_constants(const Model       &model,
                                       const double       lo,
                                       const double       hi,
                                       const unsigned int n_per_axis)
  {
    const GaussianFlow flow(model);
    const unsigned int d           = model.n_parameters();
    const double       half_sigma2 = 0.5 * model.sigma() * model.sigma();

    // Dg = D(mean drift) + (sigma^2/2) K on the grid of means
    double       L_max    = 0.;
    unsigned int n_points = 1;
    for (unsigned int k = 0; k < d; ++k)
      n_points *= n_per_axis;
    dealii::Vector<double> m(d);
    for (unsigned int q = 0; q < n_points; ++q)
      {
        for (unsigned int k = 0, rest = q; k < d; ++k, rest /= n_per_axis)
          m[k] =
            lo + (hi - lo) * (rest % n_per_axis) / std::max(1u, n_per_axis - 1);
        dealii::FullMatrix<double> Dg = flow.mean_drift_jacobian(m);
        Dg.add(half_sigma2, model.potential().stiffness());
        L_max = std::max(L_max, spectral_norm(Dg));
      }

    std::ostringstream grid;
    grid << "largest ||Dg(m)||_2 over " << n_per_axis << "^" << d
         << " means in [" << lo << ", " << hi << "]^" << d
         << " (central differences)";
    return {{model.potential().convexity(),
             TheoryConstant::Bound::exact,
             "smallest eigenvalue of the stiffness K"},
            {0.,
             TheoryConstant::Bound::exact,
             "dV/dnu is linear in theta for a linear feature"},
            {L_max, TheoryConstant::Bound::lower_bound, grid.str()},
            model.sigma()};
  }
} // namespace mfpg
