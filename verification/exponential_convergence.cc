#include "verification/exponential_convergence.h"

#include "model/parameter_file.h"
#include "solver/nodal_quadrature.h"
#include "verification/mesh_density_wasserstein.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

namespace mfpg
{
  double
  ExponentialConvergence::worst_bound_ratio() const
  {
    double worst = 0.;
    for (unsigned int n = 0; n < times.size(); ++n)
      worst = std::max(worst, distances[n] / bound[n]);
    return worst;
  }

  std::string
  ExponentialConvergence::verdict() const
  {
    std::ostringstream out;
    out << std::setprecision(3) << "observed rate " << observed_rate
        << (observed_rate >= beta ? " >= " : " < ") << "beta = " << beta
        << ", max W2(nu_t, nu*) / (e^{-beta t} W2(nu_0, nu*)) = "
        << worst_bound_ratio() << ": "
        << (beta <= 0. ? "beta <= 0, the theorem says nothing" :
            observed_rate >= beta && worst_bound_ratio() <= 1. + 1e-6 ?
                         "consistent with the theorem" :
                         "VIOLATES the bound");
    return out.str();
  }

  void
  ExponentialConvergence::write_csv(const std::string &filename) const
  {
    std::ofstream out(filename);
    out << "t,w2_to_stationary,bound\n" << std::setprecision(16);
    for (unsigned int n = 0; n < times.size(); ++n)
      out << times[n] << ',' << distances[n] << ',' << bound[n] << '\n';
    if (!out)
      throw std::runtime_error("cannot write " + filename);
  }

  ExponentialConvergence
  exponential_convergence_1d(const Model                     &model,
                             const InitialLaw                &initial_law,
                             const MeshFlowParameters        &flow,
                             const GibbsFixedPointParameters &stationary,
                             const double                     beta,
                             const double                     fit_start)
  {
    if (model.n_parameters() != 1)
      throw ParameterError("Feature",
                           "the exponential-convergence experiment measures "
                           "W2 exactly in d = 1; this feature has d = " +
                             std::to_string(model.n_parameters()));
    FokkerPlanckSolver<1> solver(model, flow);
    solver.set_initial_density(initial_law);
    const MeshDiscretisation<1> &mesh = solver.discretisation();

    const GibbsFixedPoint<1> gibbs(model, mesh, stationary);
    const auto               fixed_point = gibbs.solve(solver.density());

    ExponentialConvergence result;
    result.beta                 = beta;
    result.fixed_point_residual = fixed_point.residual;
    solver.add_observer(
      [&](const FlowRecord &record, const dealii::Vector<double> &nu) {
        result.times.push_back(record.time);
        result.distances.push_back(
          mesh_density_wasserstein_1d(mesh, nu, fixed_point.density));
      });
    solver.run();

    double       sum_t = 0., sum_y = 0., sum_tt = 0., sum_ty = 0.;
    unsigned int n_fit = 0;
    for (unsigned int n = 0; n < result.times.size(); ++n)
      {
        result.bound.push_back(std::exp(-beta * result.times[n]) *
                               result.distances[0]);
        if (result.times[n] >= fit_start && result.distances[n] > 1e-9)
          {
            const double y = std::log(result.distances[n]);
            sum_t += result.times[n];
            sum_y += y;
            sum_tt += result.times[n] * result.times[n];
            sum_ty += result.times[n] * y;
            ++n_fit;
          }
      }
    if (n_fit < 2)
      throw std::runtime_error(
        "exponential convergence: fewer than two output times to fit the "
        "rate on (lower the fit start or the output interval)");
    result.observed_rate =
      -(n_fit * sum_ty - sum_t * sum_y) / (n_fit * sum_tt - sum_t * sum_t);
    return result;
  }
} // namespace mfpg
