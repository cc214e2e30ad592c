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
      worst = std::max(worst, (distances[n] - distance_errors[n]) / bound[n]);
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
    if (!std::isnan(linearised_rate))
      out << ", linearised rate at nu* " << linearised_rate;
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
        rows.push_back({times[n],
                        distances[n],
                        distance_errors[n],
                        bound[n],
                        relative_entropies[n],
                        gibbs_relative_entropies[n]});
        if (particles)
          rows.back().insert(rows.back().end(),
                             {particle_distances[n], particle_floor});
      }
    write_csv_table(filename,
                    std::string("t,w2_to_stationary,w2_error_estimate,bound,"
                                "kl_to_stationary,kl_to_gibbs_map") +
                      (particles ? ",w2_particles,particle_floor" : ""),
                    rows);
  }

  namespace
  {
    /**
     * The least-squares slope of -ln(distance) over the times in
     * [t_min, T] at which the distance exceeds @p threshold and three times
     * its @p errors (when given); NaN with fewer than two such times.
     */
    double
    decay_rate(const std::vector<double> &times,
               const std::vector<double> &distances,
               const double               t_min,
               const double               threshold,
               const std::vector<double> &errors = {})
    {
      std::vector<double> fit_times, log_distances;
      for (unsigned int n = 0; n < times.size(); ++n)
        if (times[n] >= t_min && distances[n] > threshold &&
            (errors.empty() || distances[n] > 3. * errors[n]))
          {
            fit_times.push_back(times[n]);
            log_distances.push_back(std::log(distances[n]));
          }
      return -least_squares_slope(fit_times, log_distances);
    }

    /**
     * The checks of exponential_convergence() that need the mesh, before
     * the run: particles only in d = 1, and in d = 2, 3 a tensor grid.
     */
    template <int dim>
    void
    check_experiment(const MeshDiscretisation<dim> &mesh,
                     const dealii::Vector<double>  &nu_0,
                     const bool                     with_particles)
    {
      if (dim != 1 && with_particles)
        throw ParameterError("Experiment/With particles",
                             "the particle run of the exponential-"
                             "convergence experiment measures W2 exactly in "
                             "d = 1 only; this feature has d = " +
                               std::to_string(dim));
      require_tensor_grid(mesh, nu_0);
    }

    /** The particle part of exponential_convergence() (d = 1). */
    void
    particle_convergence(const Model                      &model,
                         const InitialLaw                 &initial_law,
                         const ParticleSystem::Parameters &particles,
                         const MeshDiscretisation<1>      &mesh,
                         const dealii::Vector<double>     &nu_star,
                         ExponentialConvergence           &result)
    {
      const McKeanVlasovDrift drift(model);
      ParticleSystem system(particles, drift, initial_law, MPI_COMM_SELF);
      for (const double t : result.times)
        {
          const double steps = std::round(t / particles.time_step);
          if (std::abs(steps * particles.time_step - t) >
              1e-9 * std::max(1., t))
            throw ParameterError("Particles/Time step",
                                 "the output time " + std::to_string(t) +
                                   " is not a multiple of it");
          while (system.n_steps() < steps)
            system.make_one_step();
          result.particle_distances.push_back(mesh_density_wasserstein_1d(
            mesh,
            nu_star,
            WeightedPoints(1, system.particles().gathered_coordinates())));
        }
      result.particle_floor =
        mesh_density_wasserstein_1d(mesh,
                                    nu_star,
                                    sample_mesh_density(mesh,
                                                        nu_star,
                                                        particles.n_particles,
                                                        particles.seed + 1));
      result.particle_rate = decay_rate(result.times,
                                        result.particle_distances,
                                        result.fit_start,
                                        3. * result.particle_floor);
    }

    /**
     * The linearised rate of ExponentialConvergence: the mesh flow (without
     * files) from (1 - @p perturbation) nu* + @p perturbation nu_0, its
     * relative L2 distance to nu* fitted on [fit_start, T] above @p floor.
     */
    template <int dim>
    double
    linearised_rate(const Model                  &model,
                    const MeshFlowParameters     &flow,
                    const dealii::Vector<double> &nu_star,
                    const dealii::Vector<double> &nu_0,
                    const double                  perturbation,
                    const double                  fit_start,
                    const double                  floor)
    {
      MeshFlowParameters without_files = flow;
      without_files.output.directory   = "";
      FokkerPlanckSolver<dim> solver(model, without_files, MPI_COMM_SELF);
      dealii::Vector<double>  perturbed(nu_star);
      perturbed.sadd(1. - perturbation, perturbation, nu_0);
      solver.set_initial_density(perturbed);
      std::vector<double> times, differences;
      solver.add_observer(
        [&](const FlowRecord &record, const dealii::Vector<double> &nu) {
          times.push_back(record.time);
          differences.push_back(nodal_quadrature::relative_l2_difference(
            solver.discretisation(), nu, nu_star));
        });
      solver.run();
      return decay_rate(times, differences, fit_start, floor);
    }
  } // namespace

  template <int dim>
  ExponentialConvergence
  exponential_convergence(
    const Model                                     &model,
    const InitialLaw                                &initial_law,
    const MeshFlowParameters                        &flow,
    const GibbsFixedPointParameters                 &stationary,
    const TheoremHypothesis                         &hypothesis,
    const double                                     fit_start,
    const std::optional<ParticleSystem::Parameters> &particles,
    const double                                     perturbation)
  {
    if (!(perturbation >= 0. && perturbation <= 1.))
      throw ParameterError("Experiment/Linearised perturbation",
                           "must lie in [0, 1]");
    if (model.n_parameters() != dim)
      throw ParameterError("Feature",
                           "the exponential-convergence experiment runs on a "
                           "mesh of dimension " +
                             std::to_string(dim) + "; this feature has d = " +
                             std::to_string(model.n_parameters()));
    flow.discretisation.require_degree_one(
      "the exponential-convergence experiment");
    // whole nodal vectors are compared: the study runs on one rank
    FokkerPlanckSolver<dim> solver(model, flow, MPI_COMM_SELF);
    solver.set_initial_density(initial_law);
    const MeshDiscretisation<dim> &mesh = solver.discretisation();
    check_experiment(mesh, solver.density(), particles.has_value());

    const GibbsFixedPoint<dim>   gibbs(model, mesh, stationary);
    const dealii::Vector<double> nu_0        = solver.density();
    const auto                   fixed_point = gibbs.solve(nu_0);
    const dealii::Vector<double> Phi_star =
      gibbs.potential(fixed_point.density);

    ExponentialConvergence result;
    result.hypothesis             = hypothesis;
    result.fit_start              = fit_start;
    result.fixed_point_residual   = fixed_point.residual;
    result.fixed_point_iterations = fixed_point.n_iterations;
    solver.add_observer([&](const FlowRecord             &record,
                            const dealii::Vector<double> &nu) {
      const dealii::Vector<double> density =
        non_negative_density(mesh, nu, flow, record.time);
      const GridWasserstein w2 =
        mesh_density_wasserstein(mesh, density, fixed_point.density);
      result.times.push_back(record.time);
      result.distances.push_back(w2.distance);
      result.distance_errors.push_back(w2.error_estimate);
      result.relative_entropies.push_back(
        nodal_quadrature::gibbs_relative_entropy(mesh, density, Phi_star));
      result.gibbs_relative_entropies.push_back(record.gibbs_relative_entropy);
    });
    solver.run();

    for (const double t : result.times)
      result.bound.push_back(std::exp(-hypothesis.beta() * t) *
                             (result.distances[0] + result.distance_errors[0]));
    result.observed_rate = decay_rate(
      result.times, result.distances, fit_start, 1e-9, result.distance_errors);
    if (std::isnan(result.observed_rate))
      throw std::runtime_error(
        "exponential convergence: fewer than two output times to fit the "
        "rate on (lower the fit start or the output interval)");
    if (perturbation > 0.)
      result.linearised_rate =
        linearised_rate<dim>(model,
                             flow,
                             fixed_point.density,
                             nu_0,
                             perturbation,
                             fit_start,
                             100. * fixed_point.residual);
    if constexpr (dim == 1)
      if (particles)
        particle_convergence(
          model, initial_law, *particles, mesh, fixed_point.density, result);
    return result;
  }

  template ExponentialConvergence
  exponential_convergence<1>(const Model &,
                             const InitialLaw &,
                             const MeshFlowParameters &,
                             const GibbsFixedPointParameters &,
                             const TheoremHypothesis &,
                             const double,
                             const std::optional<ParticleSystem::Parameters> &,
                             const double);
  template ExponentialConvergence
  exponential_convergence<2>(const Model &,
                             const InitialLaw &,
                             const MeshFlowParameters &,
                             const GibbsFixedPointParameters &,
                             const TheoremHypothesis &,
                             const double,
                             const std::optional<ParticleSystem::Parameters> &,
                             const double);
  template ExponentialConvergence
  exponential_convergence<3>(const Model &,
                             const InitialLaw &,
                             const MeshFlowParameters &,
                             const GibbsFixedPointParameters &,
                             const TheoremHypothesis &,
                             const double,
                             const std::optional<ParticleSystem::Parameters> &,
                             const double);
} // namespace mfpg
