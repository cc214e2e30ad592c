#include "model/barenblatt_profile.h"

#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/gamma.hpp>

#include <cmath>
#include <stdexcept>

namespace mfpg
{
  BarenblattProfile
  BarenblattProfile::with_variance(const double                  m,
                                   const dealii::Vector<double> &mean,
                                   const double                  variance)
  {
    BarenblattProfile profile{m, mean, 0.};
    profile.radius = std::sqrt(variance * (mean.size() + 2. + 2. / (m - 1.)));
    return profile;
  }

  unsigned int
  BarenblattProfile::dimension() const
  {
    return mean.size();
  }

  double
  BarenblattProfile::power() const
  {
    return 1. / (exponent - 1.);
  }

  double
  BarenblattProfile::variance() const
  {
    return radius * radius / (dimension() + 2. + 2. * power());
  }

  dealii::FullMatrix<double>
  BarenblattProfile::covariance() const
  {
    dealii::FullMatrix<double> S(dimension(), dimension());
    for (unsigned int k = 0; k < dimension(); ++k)
      S(k, k) = variance();
    return S;
  }

  namespace
  {
    /** ln ∫ (1 - |x|^2 / R^2)_+^q dx over R^d. */
    double
    log_ball_integral(const unsigned int d, const double R, const double q)
    {
      return d * std::log(R) + 0.5 * d * std::log(M_PI) + std::lgamma(q + 1.) -
             std::lgamma(q + 1. + 0.5 * d);
    }
  } // namespace

  double
  BarenblattProfile::density(const dealii::ArrayView<const double> &theta) const
  {
    AssertDimension(theta.size(), dimension());
    double r2 = 0.;
    for (unsigned int k = 0; k < dimension(); ++k)
      r2 += (theta[k] - mean[k]) * (theta[k] - mean[k]);
    const double base = 1. - r2 / (radius * radius);
    if (!(base > 0.))
      return 0.;
    return std::exp(power() * std::log(base) -
                    log_ball_integral(dimension(), radius, power()));
  }

  double
  BarenblattProfile::integral_of_power() const
  {
    const double log_A = -log_ball_integral(dimension(), radius, power());
    return std::exp(exponent * log_A +
                    log_ball_integral(dimension(), radius, power() + 1.));
  }

  void
  BarenblattProfile::sample(const dealii::ArrayView<const double> &uniforms,
                            const dealii::ArrayView<double>       &theta) const
  {
    const unsigned int d = dimension();
    AssertDimension(uniforms.size(), d);
    AssertDimension(theta.size(), d);
    if (d > 3)
      throw std::logic_error("BarenblattProfile::sample: d <= 3 only");
    const double p = power();
    if (d == 1)
      {
        const double v = std::abs(2. * uniforms[0] - 1.);
        const double r =
          radius * std::sqrt(boost::math::ibeta_inv(0.5, p + 1., v));
        theta[0] = mean[0] + (uniforms[0] < 0.5 ? -r : r);
        return;
      }
    const double r =
      radius * std::sqrt(boost::math::ibeta_inv(0.5 * d, p + 1., uniforms[0]));
    const double angle = 2. * M_PI * uniforms[1];
    if (d == 2)
      {
        theta[0] = mean[0] + r * std::cos(angle);
        theta[1] = mean[1] + r * std::sin(angle);
        return;
      }
    const double z = 2. * uniforms[2] - 1., rho = std::sqrt(1. - z * z);
    theta[0] = mean[0] + r * rho * std::cos(angle);
    theta[1] = mean[1] + r * rho * std::sin(angle);
    theta[2] = mean[2] + r * z;
  }

  double
  barenblatt_wasserstein(const BarenblattProfile &a, const BarenblattProfile &b)
  {
    if (a.dimension() != b.dimension() || a.exponent != b.exponent)
      throw std::invalid_argument(
        "barenblatt_wasserstein: the profiles differ in dimension or exponent");
    const double spread = std::sqrt(a.dimension() * a.variance()) -
                          std::sqrt(b.dimension() * b.variance());
    double squared = spread * spread;
    for (unsigned int k = 0; k < a.dimension(); ++k)
      squared += (a.mean[k] - b.mean[k]) * (a.mean[k] - b.mean[k]);
    return std::sqrt(squared);
  }

  double
  barenblatt_gaussian_wasserstein(
    const BarenblattProfile          &a,
    const dealii::Vector<double>     &mean_b,
    const dealii::FullMatrix<double> &covariance_b)
  {
    const unsigned int d = a.dimension();
    if (mean_b.size() != d || covariance_b.m() != d || covariance_b.n() != d)
      throw std::invalid_argument(
        "barenblatt_gaussian_wasserstein: the laws differ in dimension");
    const double v = covariance_b(0, 0);
    for (unsigned int k = 0; k < d; ++k)
      for (unsigned int l = 0; l < d; ++l)
        if (std::abs(covariance_b(k, l) - (k == l ? v : 0.)) > 1e-10 * v)
          throw std::invalid_argument(
            "barenblatt_gaussian_wasserstein: the Gaussian is not isotropic");
    const double p = 1. / (a.exponent - 1.);
    const double R = a.radius;
    // u = F_a(r), the distribution of |theta - m| under the profile
    // (|theta - m|^2 / R^2 ~ Beta(d/2, p + 1)), turns the integral over the
    // quantiles into one over the profile's radius r in [0, R], where the
    // integrand is bounded: (r - Q_b(F_a(r)))^2 f_a(r), Q_b the radius of
    // the Gaussian at probability F (|theta - m|^2 / v ~ chi^2_d = 2
    // Gamma(d/2)), from the complement 1 - F_a for accuracy near r = R
    const auto integrand = [&](const double r) {
      const double s          = r * r / (R * R);
      const double complement = boost::math::ibetac(0.5 * d, p + 1., s);
      if (!(complement > 0.) || s >= 1.)
        return 0.; // f_a(R) = 0
      const double q =
        std::sqrt(2. * v * boost::math::gamma_q_inv(0.5 * d, complement));
      const double density =
        boost::math::ibeta_derivative(0.5 * d, p + 1., s) * 2. * r / (R * R);
      return (r - q) * (r - q) * density;
    };
    double squared =
      boost::math::quadrature::gauss_kronrod<double, 61>::integrate(
        integrand, 0., R, 15, 1e-12);
    for (unsigned int k = 0; k < d; ++k)
      squared += (a.mean[k] - mean_b[k]) * (a.mean[k] - mean_b[k]);
    return std::sqrt(squared);
  }
} // namespace mfpg
