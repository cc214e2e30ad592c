#include "verification/exponential_convergence.h"

#include "model/parameter_file.h"
#include "particles/mckean_vlasov_drift.h"
#include "solver/nodal_quadrature.h"
#include "solver/non_negative_density.h"
#include "verification/mesh_density_sample.h"
#include "verification/mesh_density_wasserstein.h"
#include "verification/result_table.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>
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
    out << std::setprecision(3);
    if (!particle_distances.empty())
      out << "particles: rate " << particle_rate << " above 3 x the floor "
          << particle_floor << "; mesh: ";
    const double beta = hypothesis.beta();
    out << "observed rate " << observed_rate;
    if (hypothesis.reading() != TheoremHypothesis::Reading::silent)
      out << (observed_rate >= beta ? " >= " : " < ") << "beta = " << beta
          << ", max W2(nu_t, nu*) / (e^{-beta t} W2(nu_0, nu*)) = "
          << worst_bound_ratio();
    return hypothesis.verdict(out.str(),
                              observed_rate >= beta &&
                                worst_bound_ratio() <= 1. + 1e-6);
  }

  void
  ExponentialConvergence::write_csv(const std::string &filename) const
  {
    const bool                       particles = !particle_distances.empty();
    std::vector<std::vector<double>> rows;
    for (unsigned int n = 0; n < times.size(); ++n)
      {
        rows.push_back({times[n], distances[n], bound[n]});
        if (particles)
          rows.back().insert(rows.back().end(),
                             {particle_distances[n], particle_floor});
      }
    write_csv_table(filename,
                    std::string("t,w2_to_stationary,bound") +
                      (particles ? ",w2_particles,particle_floor" : ""),
                    rows);
  }

  namespace
  {
    /**
     * The least-squares slope of -ln(distance) over the times in
     * [t_min, T] at which the distance exceeds @p threshold; NaN with
     * fewer than two such times.
     */
    double
    decay_rate(const std::vector<double> &times,
               const std::vector<double> &distances,
               const double               t_min,
               const double               threshold)
    {
      std::vector<double> fit_times, log_distances;
      for (unsigned int n = 0; n < times.size(); ++n)
        if (times[n] >= t_min && distances[n] > threshold)
          {
            fit_times.push_back(times[n]);
            log_distances.push_back(std::log(distances[n]));
          }
      return -least_squares_slope(fit_times, log_distances);
    }
  } // namespace

  ExponentialConvergence
  exponential_convergence_1d(
    const Model                                     &model,
    const InitialLaw                                &initial_law,
    const MeshFlowParameters                        &flow,
    const GibbsFixedPointParameters                 &stationary,
    const TheoremHypothesis                         &hypothesis,
    const double                                     fit_start,
    const std::optional<ParticleSystem::Parameters> &particles)
  {
    if (model.n_parameters() != 1)
      throw ParameterError("Feature",
                           "the exponential-convergence experiment measures "
                           "W2 exactly in d = 1; this feature has d = " +
                             std::to_string(model.n_parameters()));
    flow.discretisation.require_degree_one(
      "the exponential-convergence experiment");
    // whole nodal vectors are compared: the study runs on one rank
    FokkerPlanckSolver<1> solver(model, flow, MPI_COMM_SELF);
    solver.set_initial_density(initial_law);
    const MeshDiscretisation<1> &mesh = solver.discretisation();

    const GibbsFixedPoint<1> gibbs(model, mesh, stationary);
    const auto               fixed_point = gibbs.solve(solver.density());

    ExponentialConvergence result;
    result.hypothesis           = hypothesis;
    result.fixed_point_residual = fixed_point.residual;
    solver.add_observer(
      [&](const FlowRecord &record, const dealii::Vector<double> &nu) {
        result.times.push_back(record.time);
        result.distances.push_back(mesh_density_wasserstein_1d(
          mesh,
          non_negative_density(mesh, nu, flow, record.time),
          fixed_point.density));
      });
    solver.run();

    for (const double t : result.times)
      result.bound.push_back(std::exp(-hypothesis.beta() * t) *
                             result.distances[0]);
    result.observed_rate =
      decay_rate(result.times, result.distances, fit_start, 1e-9);
    if (std::isnan(result.observed_rate))
      throw std::runtime_error(
        "exponential convergence: fewer than two output times to fit the "
        "rate on (lower the fit start or the output interval)");
    if (particles)
      {
        const McKeanVlasovDrift drift(model);
        ParticleSystem system(*particles, drift, initial_law, MPI_COMM_SELF);
        for (const double t : result.times)
          {
            const double steps = std::round(t / particles->time_step);
            if (std::abs(steps * particles->time_step - t) >
                1e-9 * std::max(1., t))
              throw ParameterError("Particles/Time step",
                                   "the output time " + std::to_string(t) +
                                     " is not a multiple of it");
            while (system.n_steps() < steps)
              system.make_one_step();
            result.particle_distances.push_back(mesh_density_wasserstein_1d(
              mesh,
              fixed_point.density,
              WeightedPoints(1, system.particles().gathered_coordinates())));
          }
        result.particle_floor = mesh_density_wasserstein_1d(
          mesh,
          fixed_point.density,
          sample_mesh_density(mesh,
                              fixed_point.density,
                              particles->n_particles,
                              particles->seed + 1));
        result.particle_rate = decay_rate(result.times,
                                          result.particle_distances,
                                          fit_start,
                                          3. * result.particle_floor);
      }
    return result;
  }
} // namespace mfpg
