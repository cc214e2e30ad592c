#include "verification/barenblatt_flow.h"

#include "model/parameter_file.h"

#include <cmath>
#include <stdexcept>

namespace mfpg
{
  namespace
  {
    /** kappa of K = kappa I; a ParameterError for any other K. */
    double
    isotropic_stiffness(const QuadraticPotential &potential)
    {
      const dealii::FullMatrix<double> &K = potential.stiffness();
      for (unsigned int k = 0; k < K.m(); ++k)
        for (unsigned int l = 0; l < K.n(); ++l)
          if (K(k, l) != (k == l ? K(0, 0) : 0.))
            throw ParameterError("Regularisation/Potential stiffness",
                                 "the exact Barenblatt flow needs an isotropic "
                                 "potential, K = kappa I");
      return K(0, 0);
    }

    /** @p model, once its regulariser is checked to be tsallis. */
    const Model &
    tsallis_model(const Model &model)
    {
      model.regulariser().require_tsallis("the exact Barenblatt flow");
      return model;
    }
  } // namespace

  BarenblattFlow::BarenblattFlow(const Model &model)
    : model(model)
    , mean_flow(tsallis_model(model))
    , m(model.regulariser().exponent())
    , kappa(isotropic_stiffness(model.potential()))
    , diffusion(0.5 * model.sigma() * model.sigma())
  {
  }

  double
  BarenblattFlow::exponent() const
  {
    return m;
  }

  double
  BarenblattFlow::stationary_radius() const
  {
    const double p = 1. / (m - 1.), d = mean_flow.n_parameters();
    const double log_R = (std::lgamma(p + 1. + 0.5 * d) -
                          p * std::log((m - 1.) * kappa / (2. * m)) -
                          0.5 * d * std::log(M_PI) - std::lgamma(p + 1.)) /
                         (2. * p + d);
    return std::exp(log_R);
  }

  std::vector<BarenblattProfile>
  BarenblattFlow::solve(const BarenblattProfile   &initial,
                        const std::vector<double> &times) const
  {
    if (initial.exponent != m ||
        initial.dimension() != mean_flow.n_parameters())
      throw std::invalid_argument(
        "BarenblattFlow::solve: the initial profile's exponent or dimension "
        "is not the model's");
    const GaussianLaw              start{initial.mean, initial.covariance()};
    const std::vector<GaussianLaw> means = mean_flow.solve(start, times);
    const double                   q     = (m - 1.) * initial.dimension() + 2.;
    const double                   R_star_q = std::pow(stationary_radius(), q);
    const double                   R0_q     = std::pow(initial.radius, q);
    std::vector<BarenblattProfile> profiles;
    for (unsigned int k = 0; k < times.size(); ++k)
      profiles.push_back(
        {m,
         means[k].mean,
         std::pow(R_star_q + (R0_q - R_star_q) *
                               std::exp(-q * diffusion * kappa * times[k]),
                  1. / q)});
    return profiles;
  }

  BarenblattProfile
  BarenblattFlow::stationary_law() const
  {
    return {m, mean_flow.stationary_law().mean, stationary_radius()};
  }

  double
  BarenblattFlow::objective(const BarenblattProfile &law) const
  {
    return mean_flow.objective({law.mean, law.covariance()});
  }

  double
  BarenblattFlow::regularised_objective(const BarenblattProfile &law) const
  {
    const double tsallis = (law.integral_of_power() - 1.) / (m - 1.);
    return objective(law) -
           diffusion *
             (tsallis +
              model.potential().expected_value(law.mean, law.covariance()));
  }
} // namespace mfpg
