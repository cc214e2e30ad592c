#include "model/gaussian_law.h"

#include "model/parameter_file.h"

namespace mfpg
{
  void
  GaussianLaw::Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.add_parameter("Mean",
                      mean,
                      "Mean m of the Gaussian: 1 value (all components) or d "
                      "values.",
                      dealii::Patterns::List(dealii::Patterns::Double(), 1));
    prm.add_parameter("Covariance",
                      covariance,
                      "Covariance S, symmetric positive definite: 1 value "
                      "(times the identity), d values (diagonal) or d*d values "
                      "(row by row).",
                      dealii::Patterns::List(dealii::Patterns::Double(), 1));
  }

  GaussianLaw
  GaussianLaw::from_parameters(const Parameters  &parameters,
                               const unsigned int d,
                               const std::string &section)
  {
    return {vector_from_list(parameters.mean, d, section + "/Mean"),
            spd_matrix_from_list(parameters.covariance,
                                 d,
                                 section + "/Covariance")};
  }
} // namespace mfpg
