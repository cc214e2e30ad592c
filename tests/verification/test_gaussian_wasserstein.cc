// gaussian_wasserstein() against the metric axioms it must satisfy and
// against independent computations: the quantile formula of W2 on the line
// (tanh-sinh quadrature of the normal quantile functions), the 1-D closed
// forms for commuting covariances, and the 2 x 2 trace-of-square-root
// identity for non-commuting ones.

#include <boost/math/distributions/normal.hpp>
#include <boost/math/quadrature/tanh_sinh.hpp>

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "verification/gaussian_wasserstein.h"

#include <cmath>
#include <iostream>
#include <string>
#include <vector>

namespace mfpg::test
{
  namespace
  {

    /** Three non-commuting laws in R^3. */
    std::vector<GaussianLaw>
    laws_in_3d()
    {
      return {gaussian({0.1, -0.4, 2.0},
                       {2.0, 0.3, -0.2, 0.3, 1.0, 0.4, -0.2, 0.4, 0.7},
                       3),
              gaussian({-1.0, 0.5, 0.0},
                       {0.5, -0.1, 0.0, -0.1, 3.0, 0.8, 0.0, 0.8, 1.2},
                       3),
              gaussian({0.0}, {1e-3, 2.0, 4.0}, 3)};
    }

    /**
     * W2 between N(m1, s1^2) and N(m2, s2^2) on the line as
     * (∫_0^1 (F1^{-1}(u) - F2^{-1}(u))^2 du)^{1/2}, the quantile-coupling
     * formula, by tanh-sinh quadrature. Near u = 1 the quantile is taken of
     * the complement 1 - u that the quadrature supplies exactly.
     */
    double
    quantile_wasserstein(const double m1,
                         const double s1,
                         const double m2,
                         const double s2)
    {
      const boost::math::normal_distribution<double> N1(m1, s1), N2(m2, s2);
      const auto squared_difference = [&](const double u, const double uc) {
        using boost::math::complement;
        using boost::math::quantile;
        const double q1 =
          u < 0.5 ? quantile(N1, u) : quantile(complement(N1, uc));
        const double q2 =
          u < 0.5 ? quantile(N2, u) : quantile(complement(N2, uc));
        return (q1 - q2) * (q1 - q2);
      };
      // not const: Boost 1.74 declares integrate() non-const
      boost::math::quadrature::tanh_sinh<double> integrator;
      return std::sqrt(integrator.integrate(squared_difference, 0., 1., 1e-13));
    }
  } // namespace

  TEST(GaussianWasserstein, IsSymmetric)
  {
    const std::vector<GaussianLaw> laws  = laws_in_3d();
    double                         worst = 0.;
    for (const GaussianLaw &a : laws)
      for (const GaussianLaw &b : laws)
        {
          const double ab = gaussian_wasserstein(a, b);
          const double ba = gaussian_wasserstein(b, a);
          worst           = std::max(worst, std::abs(ab - ba));
          EXPECT_NEAR(ab, ba, 1e-13 * std::max(1., ab));
        }
    report("|W2(a, b) - W2(b, a)|, worst over 3 x 3 pairs in 3-D", worst);
  }

  TEST(GaussianWasserstein, VanishesOnEqualLaws)
  {
    double worst = 0.;
    for (const GaussianLaw &a : laws_in_3d())
      {
        const double w2 = gaussian_wasserstein(a, a);
        worst           = std::max(worst, w2);
        // the literal trace formula would give sqrt(eps |S|) ~ 1e-8 here
        EXPECT_LT(w2, 1e-13);
      }
    report("W2(a, a), worst over 3 laws in 3-D", worst);
  }

  TEST(GaussianWasserstein, EqualsTheShiftForTranslatedLaws)
  {
    double worst = 0.;
    for (const GaussianLaw &a : laws_in_3d())
      {
        const dealii::Vector<double> shift{0.3, -1.2, 0.05};
        GaussianLaw                  b = a;
        b.mean += shift;
        const double error =
          std::abs(gaussian_wasserstein(a, b) - shift.l2_norm());
        worst = std::max(worst, error);
        EXPECT_LT(error, 1e-13);
      }
    report("|W2(a, a + v) - |v||, worst over 3 laws in 3-D", worst);
  }

  TEST(GaussianWasserstein, MatchesTheQuantileIntegralInOneDimension)
  {
    struct Pair
    {
      double m1, s1, m2, s2;
    };
    const std::vector<Pair> pairs{{0., 1., 0., 2.},
                                  {1., 0.5, -0.3, 0.7},
                                  {0.2, 3., 0.2, 0.1},
                                  {-2., 1e-2, 5., 1.5},
                                  {0., 1., 1e-3, 1.}};
    double                  worst = 0.;
    for (const Pair &p : pairs)
      {
        const double closed_form =
          gaussian_wasserstein(gaussian({p.m1}, {p.s1 * p.s1}, 1),
                               gaussian({p.m2}, {p.s2 * p.s2}, 1));
        const double quadrature = quantile_wasserstein(p.m1, p.s1, p.m2, p.s2);
        const double relative_error =
          std::abs(closed_form - quadrature) / quadrature;
        worst = std::max(worst, relative_error);
        EXPECT_LT(relative_error, 1e-8)
          << "N(" << p.m1 << ", " << p.s1 << "^2) vs N(" << p.m2 << ", " << p.s2
          << "^2): closed form " << closed_form << ", quadrature "
          << quadrature;
      }
    report("1-D closed form vs quantile quadrature, worst relative error",
           worst);
  }

  TEST(GaussianWasserstein,
       IsTheSumOfOneDimensionalDistancesForDiagonalCovariances)
  {
    const GaussianLaw a              = gaussian({0.5, -1.0}, {0.3, 2.0}, 2);
    const GaussianLaw b              = gaussian({-0.2, 0.4}, {1.7, 0.1}, 2);
    double            sum_of_squares = 0.;
    for (unsigned int k = 0; k < 2; ++k)
      {
        const double w =
          gaussian_wasserstein(gaussian({a.mean[k]}, {a.covariance(k, k)}, 1),
                               gaussian({b.mean[k]}, {b.covariance(k, k)}, 1));
        const double dm = a.mean[k] - b.mean[k];
        const double ds =
          std::sqrt(a.covariance(k, k)) - std::sqrt(b.covariance(k, k));
        EXPECT_NEAR(w * w, dm * dm + ds * ds, 1e-14);
        sum_of_squares += w * w;
      }
    const double error =
      std::abs(gaussian_wasserstein(a, b) - std::sqrt(sum_of_squares));
    report("2-D diagonal: |W2 - sqrt(sum of 1-D W2^2)|", error);
    EXPECT_LT(error, 1e-14);
  }

  /**
   * For 2 x 2 symmetric positive definite M, tr M^{1/2} = (tr M + 2 (det
   * M)^{1/2})^{1/2}; with M = S1^{1/2} S2 S1^{1/2}, tr M = tr(S1 S2) and
   * det M = det S1 det S2. So W2^2 = |m1 - m2|^2 + tr S1 + tr S2 -
   * 2 (tr(S1 S2) + 2 (det S1 det S2)^{1/2})^{1/2} needs no matrix function:
   * an independent check of the rotation in the non-commuting case.
   */
  TEST(GaussianWasserstein,
       MatchesTheTwoByTwoTraceFormulaForNonCommutingCovariances)
  {
    const GaussianLaw a = gaussian({0.5, -1.0}, {1.0, 0.6, 0.6, 0.5}, 2);
    const GaussianLaw b = gaussian({-0.2, 0.4}, {0.3, -0.2, -0.2, 2.0}, 2);
    const dealii::FullMatrix<double> &S1 = a.covariance, &S2 = b.covariance;
    dealii::FullMatrix<double>        S1S2(2, 2);
    S1.mmult(S1S2, S2);
    const double           det1 = S1(0, 0) * S1(1, 1) - S1(0, 1) * S1(1, 0);
    const double           det2 = S2(0, 0) * S2(1, 1) - S2(0, 1) * S2(1, 0);
    dealii::Vector<double> dm   = a.mean;
    dm -= b.mean;
    const double w2_squared =
      dm.norm_sqr() + S1.trace() + S2.trace() -
      2. * std::sqrt(S1S2.trace() + 2. * std::sqrt(det1 * det2));

    const double w2    = gaussian_wasserstein(a, b);
    const double error = std::abs(w2 * w2 - w2_squared);
    report("2-D non-commuting: |W2^2 - trace formula|", error);
    EXPECT_LT(error, 1e-13);
    EXPECT_GT(w2_squared - dm.norm_sqr(), 0.1); // the covariances matter
  }

  TEST(GaussianWasserstein, LawsOfDifferentDimensionsAreRejected)
  {
    EXPECT_THROW(gaussian_wasserstein(gaussian({0.}, {1.}, 1),
                                      gaussian({0.}, {1.}, 2)),
                 std::invalid_argument);
  }
} // namespace mfpg::test
