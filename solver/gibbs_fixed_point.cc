#include "solver/gibbs_fixed_point.h"

#include "model/coupling_weights.h"
#include "model/parameter_file.h"
#include "solver/nodal_quadrature.h"

#include <limits>
#include <sstream>
#include <stdexcept>

namespace mfpg
{
  void
  GibbsFixedPointParameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Stationary solver");
    prm.add_parameter("Damping",
                      damping,
                      "a in nu <- (1 - a) nu + a Gamma(nu), in (0, 1].",
                      dealii::Patterns::Double(0., 1.));
    prm.add_parameter(
      "Tolerance",
      tolerance,
      "Stop when max |nu - Gamma(nu)| / max Gamma(nu) is below.",
      dealii::Patterns::Double(0.));
    prm.add_parameter("Max iterations",
                      max_iterations,
                      "Give up (with an error) after this many iterations.",
                      dealii::Patterns::Integer(1));
    prm.leave_subsection();
  }

  template <int dim>
  GibbsFixedPoint<dim>::GibbsFixedPoint(
    const Model                     &model,
    const MeshDiscretisation<dim>   &discretisation,
    const GibbsFixedPointParameters &parameters)
    : model(model)
    , discretisation(discretisation)
    , parameters(parameters)
  {
    if (!(parameters.damping > 0.))
      throw ParameterError("Stationary solver/Damping", "must lie in (0, 1]");
  }

  template <int dim>
  dealii::Vector<double>
  GibbsFixedPoint<dim>::potential(const dealii::Vector<double> &nu) const
  {
    const PolicyGradient pg(
      model.mdp(), nodal_quadrature::policy_energy(discretisation, model, nu));
    return nodal_quadrature::slotboom_potential(discretisation,
                                                model,
                                                pg.weights());
  }

  template <int dim>
  dealii::Vector<double>
  GibbsFixedPoint<dim>::gibbs_map(const dealii::Vector<double> &nu) const
  {
    return nodal_quadrature::stationary_density(discretisation,
                                                model.regulariser(),
                                                potential(nu));
  }

  template <int dim>
  typename GibbsFixedPoint<dim>::Result
  GibbsFixedPoint<dim>::solve(const dealii::Vector<double> &initial) const
  {
    Result result{initial, 0., 0., 0};
    for (;; ++result.n_iterations)
      {
        const dealii::Vector<double> Gamma = gibbs_map(result.density);
        dealii::Vector<double>       difference(Gamma);
        difference -= result.density;
        result.residual = discretisation.maximum_norm(difference) /
                          discretisation.maximum_norm(Gamma);
        if (result.residual < parameters.tolerance)
          break;
        if (result.n_iterations == parameters.max_iterations)
          {
            std::ostringstream message;
            message << "the Gibbs fixed point iteration reached residual "
                    << result.residual << " after " << result.n_iterations
                    << " iterations, above 'Stationary solver/Tolerance' = "
                    << parameters.tolerance
                    << " (try a smaller 'Stationary solver/Damping')";
            throw std::runtime_error(message.str());
          }
        result.density.add(parameters.damping, difference);
      }
    result.relative_entropy =
      model.regulariser().is_entropy() ?
        nodal_quadrature::gibbs_relative_entropy(discretisation,
                                                 result.density,
                                                 potential(result.density)) :
        std::numeric_limits<double>::quiet_NaN();
    return result;
  }

  template class GibbsFixedPoint<1>;
  template class GibbsFixedPoint<2>;
  template class GibbsFixedPoint<3>;
} // namespace mfpg
