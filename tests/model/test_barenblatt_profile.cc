// The Barenblatt profile of docs/model.md §11.3 (BarenblattProfile): its
// closed forms (unit mass, covariance, ∫ nu^m) against adaptive quadrature
// of its density, the inverse-distribution sampling against the
// distribution function computed by quadrature, and the same-shape W2
// against the quantile formula of W2 in 1-D.

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/erf.hpp>

#include <gtest/gtest.h>

#include "model/barenblatt_profile.h"

#include <cmath>
#include <tuple>

using namespace mfpg;

namespace
{
  /** ∫_{-R}^{R} g(x) dx by adaptive Gauss-Kronrod to 1e-13. */
  template <typename Function>
  double
  integral(const Function &g, const double a, const double b)
  {
    return boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
      g, a, b, 15, 1e-13);
  }

  BarenblattProfile
  profile(const double m, const std::vector<double> &mean, const double v)
  {
    dealii::Vector<double> centre(mean.begin(), mean.end());
    return BarenblattProfile::with_variance(m, centre, v);
  }

  /** The radial integral ∫_0^R g(r) |S^{d-1}| r^{d-1} dr of a radial g. */
  template <typename Function>
  double
  radial_integral(const Function &g, const unsigned int d, const double R)
  {
    const double sphere = d == 1 ? 2. : d == 2 ? 2. * M_PI : 4. * M_PI;
    return integral(
      [&](const double r) { return sphere * std::pow(r, d - 1.) * g(r); },
      0.,
      R);
  }
} // namespace

// Unit mass, the variance per component v (E|theta - mean|^2 = d v) and
// ∫ nu^m in closed form, against quadrature of the density along a ray,
// for m = 1.5, 2, 3 (p = 2, 1, 1/2) in d = 1, 2, 3; the quadrature is
// accurate to ~1e-13 (the kink at R is an endpoint).
TEST(BarenblattProfile, MassVarianceAndPowerIntegralAgainstQuadrature)
{
  for (const double m : {1.5, 2., 3.})
    for (unsigned int d = 1; d <= 3; ++d)
      {
        const BarenblattProfile b =
          profile(m, std::vector<double>(d, 0.3), 0.7);
        const auto nu = [&](const double r) {
          std::vector<double> theta(d, 0.3);
          theta[0] += r;
          return b.density(dealii::make_array_view(theta));
        };
        const std::string what =
          "m = " + std::to_string(m) + ", d = " + std::to_string(d);
        EXPECT_NEAR(radial_integral(nu, d, b.radius), 1., 1e-11) << what;
        EXPECT_NEAR(radial_integral([&](
                                      const double r) { return r * r * nu(r); },
                                    d,
                                    b.radius),
                    d * 0.7,
                    1e-11)
          << what;
        EXPECT_NEAR(b.variance(), 0.7, 1e-14) << what;
        EXPECT_NEAR(
          radial_integral([&](const double r) { return std::pow(nu(r), m); },
                          d,
                          b.radius),
          b.integral_of_power(),
          1e-11 * b.integral_of_power())
          << what;
        std::vector<double> outside(d, 0.3);
        outside[d - 1] += 1.0001 * b.radius;
        EXPECT_EQ(b.density(dealii::make_array_view(outside)), 0.) << what;
      }
}

// The sample of uniform u has |theta - mean| at the u-quantile of the
// radius (the first uniform; in d = 1 the signed quantile): the radial
// distribution function by quadrature at the sampled radius equals u to
// 1e-10, and the sample lies on the circle/sphere in the direction of the
// other uniforms.
TEST(BarenblattProfile, SamplesAreQuantilesOfTheRadius)
{
  const double m = 2.5;
  for (unsigned int d = 1; d <= 3; ++d)
    {
      const BarenblattProfile b = profile(m, std::vector<double>(d, -0.4), 1.3);
      const auto              nu_r = [&](const double r) {
        std::vector<double> theta(d, -0.4);
        theta[0] += r;
        return b.density(dealii::make_array_view(theta));
      };
      for (const double u : {0.05, 0.3, 0.5, 0.77, 0.99})
        {
          std::vector<double> uniforms(d, 0.25), theta(d);
          uniforms[0] = u;
          b.sample(dealii::make_array_view(uniforms),
                   dealii::make_array_view(theta));
          double r2 = 0.;
          for (unsigned int k = 0; k < d; ++k)
            r2 += (theta[k] + 0.4) * (theta[k] + 0.4);
          const double r = std::sqrt(r2);
          if (d == 1)
            {
              // P(X <= x) = ∫_{-R}^{x} nu
              const double x = theta[0] + 0.4;
              EXPECT_NEAR(integral(nu_r, -b.radius, x), u, 1e-10) << u;
            }
          else
            {
              EXPECT_NEAR(radial_integral(nu_r, d, r), u, 1e-10)
                << "d = " << d << ", u = " << u;
              // the angle 2 pi 0.25 = pi / 2 of the second uniform: on the
              // axis of the second component (d = 2), or its plane with
              // z = 2 (0.25) - 1 = -1/2 (d = 3)
              if (d == 2)
                EXPECT_NEAR(theta[0] + 0.4, 0., 1e-12 * b.radius);
              else
                EXPECT_NEAR(theta[2] + 0.4, -0.5 * r, 1e-12 * b.radius);
            }
        }
    }
}

// In d = 1, W2 between two profiles of one exponent is the L2 distance of
// their quantile functions; the quantiles are the samples of the same
// uniforms, integrated over u by the midpoint rule on 2^16 points (the
// quantiles have square-root singularities at u = 0, 1: ~1e-6).
TEST(BarenblattProfile, SameShapeWassersteinAgainstQuantiles)
{
  const BarenblattProfile a   = profile(2., {0.5}, 0.4);
  const BarenblattProfile b   = profile(2., {-1.}, 1.7);
  const unsigned int      n   = 1u << 16;
  double                  sum = 0.;
  for (unsigned int i = 0; i < n; ++i)
    {
      const double u[1] = {(i + 0.5) / n};
      double       x[1], y[1];
      a.sample(dealii::make_array_view(u), dealii::make_array_view(x));
      b.sample(dealii::make_array_view(u), dealii::make_array_view(y));
      sum += (x[0] - y[0]) * (x[0] - y[0]) / n;
    }
  EXPECT_NEAR(barenblatt_wasserstein(a, b), std::sqrt(sum), 1e-5);
}

// In d = 1, W2 between a profile and a Gaussian by the L2 distance of their
// signed quantile functions: the profile's through sample() (checked
// against its distribution function above), the Gaussian's m + sqrt(2 v)
// erf^-1(2u - 1), midpoint rule on n = 2^16 points (the Gaussian's squared
// quantile grows like 2 v ln(1/(1 - u)) at the ends, where the midpoint
// rule misses about 2 (1 - ln 2) 2 v / n of W2^2, 1.9e-5 v, some 3e-5 of
// W2 here: measured 2.0e-5; on 2^20 points every case agrees within 5e-6).
// The radial formula of barenblatt_gaussian_wasserstein() agrees to 5e-5
// for m = 2 and m = 1.2, means apart and together.
TEST(BarenblattProfile, WassersteinToAGaussianAgainstQuantiles)
{
  for (const auto &[m, mean, v] :
       {std::tuple<double, double, double>{2., 0.5, 0.7},
        {1.2, 0., 0.4},
        {2., -1., 0.3}})
    {
      const BarenblattProfile a   = profile(m, {0.5}, 0.4);
      const unsigned int      n   = 1u << 16;
      double                  sum = 0.;
      for (unsigned int i = 0; i < n; ++i)
        {
          const double u[1] = {(i + 0.5) / n};
          double       x[1];
          a.sample(dealii::make_array_view(u), dealii::make_array_view(x));
          const double y =
            mean + std::sqrt(2. * v) * boost::math::erf_inv(2. * u[0] - 1.);
          sum += (x[0] - y) * (x[0] - y) / n;
        }
      dealii::Vector<double>     mean_b(1);
      dealii::FullMatrix<double> covariance_b(1, 1);
      mean_b[0]          = mean;
      covariance_b(0, 0) = v;
      EXPECT_NEAR(barenblatt_gaussian_wasserstein(a, mean_b, covariance_b),
                  std::sqrt(sum),
                  5e-5)
        << "m = " << m << ", Gaussian N(" << mean << ", " << v << ")";
    }
}

// A Gaussian that is not a multiple of I, or of another dimension, is
// refused.
TEST(BarenblattProfile, WassersteinToAGaussianNeedsAnIsotropicOne)
{
  const BarenblattProfile    a = profile(2., {0., 0.}, 0.4);
  dealii::Vector<double>     mean_b(2);
  dealii::FullMatrix<double> covariance_b(2, 2);
  covariance_b(0, 0) = 1.;
  covariance_b(1, 1) = 2.;
  EXPECT_THROW(barenblatt_gaussian_wasserstein(a, mean_b, covariance_b),
               std::invalid_argument);
  EXPECT_THROW(barenblatt_gaussian_wasserstein(a,
                                               dealii::Vector<double>(1),
                                               dealii::FullMatrix<double>(1,
                                                                          1)),
               std::invalid_argument);
}
