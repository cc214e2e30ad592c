#ifndef mfpg_verification_convergence_constants_h
#define mfpg_verification_convergence_constants_h

#include <deal.II/lac/vector.h>

#include "model/model.h"

#include <string>

namespace mfpg
{
  /**
   * One constant of the convergence theorem of model.md §6, with how it was
   * obtained and whether the number is exact, a lower bound or an upper
   * bound of the constant the theorem needs.
   */
  struct TheoryConstant
  {
    enum class Bound
    {
      exact,
      lower_bound,
      upper_bound
    };

    double      value;
    Bound       bound;
    std::string method;
  };

  /** "exact", "lower bound" or "upper bound". */
  std::string
  to_string(const TheoryConstant::Bound bound);

  /**
   * The constants of the exponential-convergence theorem of Leahy et al.
   * (model.md §6), W2(nu_t, nu*) <= e^{-beta t} W2(nu_0, nu*) when
   * beta = sigma^2 kappa / 2 - C_2 - L > 0, for a linear feature
   * f = theta · phi and the quadratic potential:
   *
   *  - kappa, the smallest eigenvalue of K: exact;
   *  - C_2 = sup |Hess_theta dV/dnu| = 0: exact, dV/dnu(nu, theta) =
   *    theta · g(m) is linear in theta;
   *  - L, the Lipschitz constant of nu -> G(nu, theta) = g(m_nu) in W1:
   *    |g(m) - g(m')| <= sup ||Dg|| |m - m'| and |m - m'| <= W1(nu, nu'),
   *    with equality for translations, so L = sup_m ||Dg(m)||_2. It is
   *    estimated by the largest spectral norm of the (central-difference)
   *    Jacobian Dg on a grid of n points per axis over the box
   *    [lo, hi]^d of means: a lower bound of the supremum over R^d, equal to
   *    it up to the grid when the maximum lies inside the box (Dg decays
   *    where the policy saturates, at large |m|).
   *
   * beta() is then sigma^2 kappa / 2 - C_2 - L, an upper bound of the
   * theorem's beta whenever L is a lower bound.
   */
  struct ConvergenceConstants
  {
    TheoryConstant kappa;
    TheoryConstant C2;
    TheoryConstant L;
    double         sigma;

    double
    beta() const;
  };

  ConvergenceConstants
  linear_feature_convergence_constants(const Model       &model,
                                       const double       lo,
                                       const double       hi,
                                       const unsigned int n_per_axis);
} // namespace mfpg

#endif
