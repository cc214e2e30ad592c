#include "model/barenblatt_profile.h"

#include <boost/math/special_functions/beta.hpp>

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
} // namespace mfpg
