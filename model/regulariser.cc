#include "model/regulariser.h"

#include "model/parameter_file.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace mfpg
{
  void
  Regulariser::Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.add_parameter(
      "Regulariser",
      type,
      "The convex regulariser h of the parameter law, J = V - (sigma^2/2) "
      "(∫ h(nu) + ∫ U dnu) (docs/model.md §11): entropy (h = r ln r, the "
      "Fokker–Planck flow; every solver) or tsallis (h = (r^m - r)/(m - 1), "
      "the porous-medium flow: `mfpg mesh` with Discretisation/Scheme = "
      "upwind and Time stepping/Scheme = implicit-euler, and the exact "
      "Barenblatt flow of `mfpg exact` for linear features).",
      dealii::Patterns::Selection("entropy|tsallis"));
    prm.add_parameter("Tsallis exponent",
                      exponent,
                      "tsallis: the exponent m > 1 of h_m (pressure nu^m; "
                      "m -> 1 is the entropy).",
                      dealii::Patterns::Double());
  }

  Regulariser::Regulariser(const Parameters &parameters)
    : entropy(parameters.type == "entropy")
    , m(parameters.exponent)
  {
    if (!entropy && !(m > 1. && std::isfinite(m)))
      {
        std::ostringstream value;
        value << m;
        throw ParameterError("Regularisation/Tsallis exponent",
                             "must be a finite m > 1 (m -> 1 is the entropy: "
                             "set Regulariser = entropy), not " +
                               value.str());
      }
  }

  bool
  Regulariser::is_entropy() const
  {
    return entropy;
  }

  double
  Regulariser::value(const double r) const
  {
    if (entropy)
      return r > 0. ? r * std::log(r) : 0.;
    return (std::pow(r, m) - r) / (m - 1.);
  }

  double
  Regulariser::exponent() const
  {
    if (is_entropy())
      throw std::logic_error("Regulariser::exponent: the entropy has none");
    return m;
  }

  double
  Regulariser::derivative(const double r) const
  {
    return (exponent() * std::pow(r, exponent() - 1.) - 1.) / (m - 1.);
  }

  double
  Regulariser::derivative_inverse(const double y) const
  {
    if (entropy)
      return std::exp(y - 1.);
    return std::pow(std::max(0., (1. + (m - 1.) * y) / m), 1. / (m - 1.));
  }

  double
  Regulariser::second_derivative(const double r) const
  {
    return exponent() * std::pow(r, exponent() - 2.);
  }

  void
  Regulariser::require_tsallis(const std::string &user) const
  {
    if (is_entropy())
      throw ParameterError("Regularisation/Regulariser",
                           user + " needs Regulariser = tsallis");
  }
} // namespace mfpg
