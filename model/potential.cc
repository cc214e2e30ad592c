#include "model/potential.h"

#include "model/parameter_file.h"
#include "model/symmetric_matrix_function.h"
#include "simd/compile_time_size.h"

#include <cmath>
#include <stdexcept>

namespace mfpg
{
  void
  QuadraticPotential::Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.add_parameter("Potential center",
                      center,
                      "Center c of U(theta) = (theta - c)^T K (theta - c) / 2 "
                      "+ const: 1 value (all components) or d values.",
                      dealii::Patterns::List(dealii::Patterns::Double(), 1));
    prm.add_parameter("Potential stiffness",
                      stiffness,
                      "Stiffness K of U, symmetric positive definite: 1 value "
                      "(times the identity), d values (diagonal) or d*d "
                      "values (row by row). kappa = its smallest eigenvalue.",
                      dealii::Patterns::List(dealii::Patterns::Double(), 1));
  }

  QuadraticPotential::QuadraticPotential(const Parameters  &parameters,
                                         const unsigned int d,
                                         const std::string &section)
    : c(vector_from_list(parameters.center, d, section + "/Potential center"))
    , K(spd_matrix_from_list(parameters.stiffness,
                             d,
                             section + "/Potential stiffness"))
  {
    const dealii::Vector<double> eigenvalues = symmetric_eigenvalues(K);
    double                       log_det_K   = 0.;
    for (const double lambda : eigenvalues)
      log_det_K += std::log(lambda);
    log_normaliser = 0.5 * (d * std::log(2. * M_PI) - log_det_K);
    kappa          = eigenvalues[0];
  }

  unsigned int
  QuadraticPotential::dimension() const
  {
    return c.size();
  }

  double
  QuadraticPotential::value(const dealii::ArrayView<const double> &theta) const
  {
    AssertDimension(theta.size(), dimension());
    double quadratic = 0.;
    for (unsigned int k = 0; k < dimension(); ++k)
      for (unsigned int l = 0; l < dimension(); ++l)
        quadratic += (theta[k] - c[k]) * K(k, l) * (theta[l] - c[l]);
    return 0.5 * quadratic + log_normaliser;
  }

  void
  QuadraticPotential::gradient(const dealii::ArrayView<const double> &theta,
                               const dealii::ArrayView<double> &gradient) const
  {
    AssertDimension(theta.size(), dimension());
    AssertDimension(gradient.size(), dimension());
    std::fill(gradient.begin(), gradient.end(), 0.);
    add_scaled_gradients(theta.data(), 1, 1., gradient.data());
  }

  void
  QuadraticPotential::add_scaled_gradients(const double      *thetas,
                                           const unsigned int n,
                                           const double       factor,
                                           double            *b) const
  {
    const double *K_data = &K(0, 0);
    const double *c_data = c.data();
    // for d <= 4 with d known to the compiler (the loops unrolled)
    const auto add = [&](const auto d) {
      for (unsigned int m = 0; m < n; ++m)
        {
          const double *theta = thetas + std::size_t(m) * d;
          double       *b_m   = b + std::size_t(m) * d;
          for (unsigned int k = 0; k < d; ++k)
            {
              double sum = 0.;
              for (unsigned int l = 0; l < d; ++l)
                sum += K_data[k * d + l] * (theta[l] - c_data[l]);
              b_m[k] += factor * sum;
            }
        }
    };
    if (!with_compile_time_size<4>(dimension(), add))
      add(dimension());
  }

  const dealii::Vector<double> &
  QuadraticPotential::center() const
  {
    return c;
  }

  const dealii::FullMatrix<double> &
  QuadraticPotential::stiffness() const
  {
    return K;
  }

  double
  QuadraticPotential::convexity() const
  {
    return kappa;
  }

  double
  QuadraticPotential::expected_value(
    const dealii::Vector<double>     &mean,
    const dealii::FullMatrix<double> &covariance) const
  {
    const unsigned int d = dimension();
    AssertDimension(mean.size(), d);
    AssertDimension(covariance.m(), d);
    double trace_KS = 0.;
    for (unsigned int k = 0; k < d; ++k)
      for (unsigned int l = 0; l < d; ++l)
        trace_KS += K(k, l) * covariance(l, k);
    dealii::Vector<double> offset = mean;
    offset -= c;
    return 0.5 * (trace_KS + K.matrix_norm_square(offset)) + log_normaliser;
  }

  double
  QuadraticPotential::gaussian_relative_entropy(
    const dealii::Vector<double>     &mean,
    const dealii::FullMatrix<double> &covariance) const
  {
    double log_det_S = 0.;
    for (const double lambda : symmetric_eigenvalues(covariance))
      {
        if (!(lambda > 0.))
          throw std::invalid_argument(
            "gaussian_relative_entropy: the covariance is not positive definite");
        log_det_S += std::log(lambda);
      }
    // minus the entropy of N(m, S), (1/2) ln((2 pi e)^d det S)
    return expected_value(mean, covariance) -
           0.5 * (dimension() * (std::log(2. * M_PI) + 1.) + log_det_S);
  }

  double
  QuadraticPotential::mean_squared_gradient(
    const dealii::Vector<double>     &mean,
    const dealii::FullMatrix<double> &covariance) const
  {
    const unsigned int d = dimension();
    AssertDimension(mean.size(), d);
    AssertDimension(covariance.m(), d);
    AssertDimension(covariance.n(), d);
    dealii::Vector<double> gradient_at_mean(d);
    gradient(dealii::make_array_view(mean),
             dealii::make_array_view(gradient_at_mean));
    dealii::FullMatrix<double> KS(d, d);
    K.mmult(KS, covariance);
    double trace_KSK = 0.;
    for (unsigned int k = 0; k < d; ++k)
      for (unsigned int l = 0; l < d; ++l)
        trace_KSK += KS(k, l) * K(l, k);
    return gradient_at_mean.norm_sqr() + trace_KSK;
  }
} // namespace mfpg
