#include "verification/exponential_convergence.h"

#include "model/parameter_file.h"
#include "particles/gibbs_relative_entropy.h"
#include "particles/mckean_vlasov_drift.h"
#include "solver/nodal_quadrature.h"
#include "solver/non_negative_density.h"
#include "verification/cloud_wasserstein.h"
#include "verification/mesh_density_sample.h"
#include "verification/mesh_density_wasserstein.h"
#include "verification/result_table.h"

#include <cmath>
#include <fstream>
#include <functional>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace mfpg
{
  bool
  ExponentialConvergence::has_mesh() const
  {
    return !distances.empty();
  }

  double
  ExponentialConvergence::worst_bound_ratio() const
  {
    const bool mesh  = has_mesh();
    double     worst = 0.;
    for (unsigned int n = 0; n < times.size(); ++n)
      worst = std::max(worst,
                       mesh ? (distances[n] - distance_errors[n]) / bound[n] :
                              (particle_distances[n] - 3. * particle_floor) /
                                bound[n]);
    return worst;
  }

  double
  ExponentialConvergence::largest_allowed_rate(const LeastSquaresSlope &rate)
  {
    const double s = std::isnan(rate.standard_error) ? 0. : rate.standard_error;
    return rate.value + 2. * s + rate.error_band;
  }

  std::string
  ExponentialConvergence::verdict_rule()
  {
    return "the theorem bounds the rate from below: a rate r ± s (fit) ± b "
           "(error estimates) violates it only if r + 2 s + b < beta (s: "
           "the fit's standard error, 0 with 2 points; b: a bound, not "
           "scaled), or if some W2 minus its error estimate exceeds the "
           "bound by more than 1e-6 relative";
  }

  std::string
  ExponentialConvergence::verdict() const
  {
    std::ostringstream out;
    out << std::setprecision(3);
    if (!particle_distances.empty())
      {
        out << "particles: ";
        if (std::isnan(particle_rate.value))
          out << "no rate (fewer than two output times)";
        else
          out << "rate " << particle_rate.text("W2 error = the floor");
        out << " above 3 x the floor " << particle_floor
            << (has_mesh() ? "; mesh: " : "");
      }
    const double beta = hypothesis.beta();
    const double largest_rate =
      largest_allowed_rate(has_mesh() ? observed_rate : particle_rate);
    if (has_mesh())
      out << "observed rate " << observed_rate.text("W2 error estimates");
    if (hypothesis.reading() != TheoremHypothesis::Reading::silent)
      out << ", r + 2 s + b = " << largest_rate
          << (largest_rate >= beta ? " >= " : " < ") << "beta = " << beta
          << (has_mesh() ?
                ", max W2(nu_t, nu*) / (e^{-beta t} W2(nu_0, nu*)) = " :
                ", max W2(nu_t^N, nu*) / (e^{-beta t} W2(nu_0^N, nu*)) "
                "(3 floors allowed on each) = ")
          << worst_bound_ratio();
    if (!std::isnan(linearised_rate.value))
      out << ", linearised rate at nu* "
          << linearised_rate.text("fixed-point residual");
    return hypothesis.verdict(out.str(),
                              largest_rate >= beta &&
                                worst_bound_ratio() <= 1. + 1e-6);
  }

  void
  ExponentialConvergence::write_csv(const std::string &filename) const
  {
    const bool mesh        = has_mesh();
    const bool mesh_kl     = !relative_entropies.empty();
    const bool particles   = !particle_distances.empty();
    const bool particle_kl = !particle_gibbs_relative_entropies.empty();
    std::vector<std::vector<double>> rows;
    for (unsigned int n = 0; n < times.size(); ++n)
      {
        rows.push_back({times[n]});
        if (mesh)
          rows.back().insert(rows.back().end(),
                             {distances[n], distance_errors[n], bound[n]});
        if (mesh_kl)
          rows.back().insert(rows.back().end(),
                             {relative_entropies[n],
                              gibbs_relative_entropies[n]});
        if (particles)
          rows.back().insert(rows.back().end(),
                             {particle_distances[n], particle_floor});
        if (particle_kl)
          rows.back().push_back(particle_gibbs_relative_entropies[n]);
        if (!mesh)
          rows.back().push_back(bound[n]);
      }
    write_csv_table(filename,
                    std::string("t") +
                      (mesh ? ",w2_to_stationary,w2_error_estimate,bound" :
                              "") +
                      (mesh_kl ? ",kl_to_stationary,kl_to_gibbs_map" : "") +
                      (particles ? ",w2_particles,particle_floor" : "") +
                      (particle_kl ? ",kl_particles_to_gibbs_map" : "") +
                      (mesh ? "" : ",bound"),
                    rows);
  }

  LeastSquaresSlope
  decay_rate(const std::vector<double> &times,
             const std::vector<double> &distances,
             const double               t_min,
             const double               threshold,
             const std::vector<double> &errors)
  {
    if (distances.size() != times.size() || errors.size() != times.size())
      throw std::invalid_argument(
        "decay_rate: one distance and one error estimate per time");
    std::vector<double> fit_times, log_distances, log_errors;
    for (unsigned int n = 0; n < times.size(); ++n)
      if (times[n] >= t_min && distances[n] > threshold &&
          distances[n] > 3. * errors[n])
        {
          fit_times.push_back(times[n]);
          log_distances.push_back(std::log(distances[n]));
          log_errors.push_back(-std::log1p(-errors[n] / distances[n]));
        }
    LeastSquaresSlope rate =
      least_squares_fit(fit_times, log_distances, log_errors);
    rate.value = -rate.value;
    return rate;
  }

  namespace
  {
    /**
     * The particle part of ExponentialConvergence: the system of
     * @p particles run to each output time of @p result, the distance of
     * its empirical measure to nu* by @p distance_to_nu_star, and the rate
     * fitted above 3 x @p floor.
     */
    void
    particle_convergence(
      const Model                                         &model,
      const InitialLaw                                    &initial_law,
      const ParticleSystem::Parameters                    &particles,
      const std::function<double(const WeightedPoints &)> &distance_to_nu_star,
      const double                                         floor,
      ExponentialConvergence                              &result)
    {
      const McKeanVlasovDrift drift(model);
      ParticleSystem system(particles, drift, initial_law, MPI_COMM_SELF);
      // the estimator is of the entropy's Gibbs map (tsallis: none, §11.2)
      const bool with_kl = drift.n_parameters() <= 3 && drift.sigma() > 0. &&
                           model.regulariser().is_entropy();
      for (const double t : result.times)
        {
          advance_to(system, t);
          const std::vector<double> theta =
            system.particles().gathered_coordinates();
          result.particle_distances.push_back(
            distance_to_nu_star(WeightedPoints(model.n_parameters(), theta)));
          if (with_kl)
            result.particle_gibbs_relative_entropies.push_back(
              gibbs_relative_entropy(
                drift,
                theta,
                drift.policy_gradient(system.particles()).weights()));
        }
      result.particle_floor = floor;
      result.particle_rate =
        decay_rate(result.times,
                   result.particle_distances,
                   result.fit_start,
                   3. * floor,
                   std::vector<double>(result.times.size(), floor));
    }

    /**
     * particle_convergence() against the mesh's nu* (model.md §9.7): in
     * d = 1 exactly to the continuous piecewise-linear nu*, the floor W2(nu*,
     * an N-sample of nu*); in d = 2, 3 to an N-sample of nu* (seed s + 2) by
     * network simplex while N^2 <= 10^6, else the Sinkhorn divergence at
     * eps = @p sinkhorn_epsilon, the floor W2 between it and an independent
     * N-sample (seed s + 1).
     */
    template <int dim>
    void
    particle_convergence_to_mesh_law(
      const Model                      &model,
      const InitialLaw                 &initial_law,
      const ParticleSystem::Parameters &particles,
      const double                      sinkhorn_epsilon,
      const MeshDiscretisation<dim>    &mesh,
      const dealii::Vector<double>     &nu_star,
      ExponentialConvergence           &result)
    {
      const unsigned int   n = particles.n_particles;
      const WeightedPoints sample =
        sample_mesh_density(mesh, nu_star, n, particles.seed + 1);
      const std::string method =
        resolved_cloud_distance("auto", dim, std::size_t(n) * n);
      std::function<double(const WeightedPoints &)> distance;
      if constexpr (dim == 1)
        {
          result.particle_distance =
            "exact 1-D distance to the continuous piecewise-linear nu*";
          distance = [&](const WeightedPoints &cloud) {
            return mesh_density_wasserstein_1d(mesh, nu_star, cloud);
          };
        }
      else
        {
          result.particle_distance =
            method + " to an independent N-sample of nu*";
          distance =
            [&,
             reference =
               sample_mesh_density(mesh, nu_star, n, particles.seed + 2)](
              const WeightedPoints &cloud) {
              return cloud_wasserstein(reference,
                                       cloud,
                                       method,
                                       sinkhorn_epsilon);
            };
        }
      particle_convergence(
        model, initial_law, particles, distance, distance(sample), result);
    }

    /**
     * The linearised rate of ExponentialConvergence: the mesh flow (without
     * files) from (1 - @p perturbation) nu* + @p perturbation nu_0, its
     * relative L2 distance to nu* fitted on [fit_start, T] above 100 x the
     * fixed point's @p residual, the band that of an error @p residual in
     * each distance (the residual as the estimate of nu*'s relative error).
     */
    template <int dim>
    LeastSquaresSlope
    linearised_rate(const Model                  &model,
                    const MeshFlowParameters     &flow,
                    const dealii::Vector<double> &nu_star,
                    const dealii::Vector<double> &nu_0,
                    const double                  perturbation,
                    const double                  fit_start,
                    const double                  residual)
    {
      const double       floor         = 100. * residual;
      MeshFlowParameters without_files = flow;
      without_files.output.directory   = "";
      without_files.output.run_name    = "the linearised rate's flow from nu*";
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
      return decay_rate(times,
                        differences,
                        fit_start,
                        floor,
                        std::vector<double>(times.size(), residual));
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
    const double                                     perturbation,
    const double                                     sinkhorn_epsilon)
  {
    if (!(perturbation >= 0. && perturbation <= 1.))
      throw ParameterError("Experiment/Linearised perturbation",
                           "must lie in [0, 1]");
    model.require_dimension(dim, "the exponential-convergence experiment");
    flow.discretisation.require_piecewise_linear_law(
      "the exponential-convergence experiment");
    // whole nodal vectors are compared: the study runs on one rank
    FokkerPlanckSolver<dim> solver(model, flow, MPI_COMM_SELF);
    solver.set_initial_density(initial_law);
    const MeshDiscretisation<dim> &mesh = solver.discretisation();
    require_tensor_grid(mesh, solver.density());
    if (particles)
      // the mesh's output times are multiples of min(Interval, End time)
      // and End time: the particles must reach them in whole steps
      for (const double t :
           {std::min(flow.output.interval, flow.time_stepping.end_time),
            flow.time_stepping.end_time})
        whole_number_of_steps(t, particles->time_step, "Particles/Time step");

    const GibbsFixedPoint<dim>   gibbs(model, mesh, stationary);
    const dealii::Vector<double> nu_0        = solver.density();
    const auto                   fixed_point = gibbs.solve(nu_0);
    const dealii::Vector<double> Phi_star =
      gibbs.potential(fixed_point.density);

    ExponentialConvergence result;
    result.reference              = model.regulariser().is_entropy() ?
                                      "the Gibbs fixed point on the mesh" :
                                      "the stationary profile on the mesh (§11.2)";
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
      if (model.regulariser().is_entropy())
        {
          result.relative_entropies.push_back(
            nodal_quadrature::gibbs_relative_entropy(mesh, density, Phi_star));
          result.gibbs_relative_entropies.push_back(
            record.gibbs_relative_entropy);
        }
    });
    solver.run();

    for (const double t : result.times)
      result.bound.push_back(std::exp(-hypothesis.beta() * t) *
                             (result.distances[0] + result.distance_errors[0]));
    result.observed_rate = decay_rate(
      result.times, result.distances, fit_start, 1e-9, result.distance_errors);
    if (std::isnan(result.observed_rate.value))
      throw std::runtime_error(
        "exponential convergence: fewer than two output times to fit the "
        "rate on (lower the fit start or the output interval)");
    // tsallis: (1 - eps) nu* + eps nu_0 spreads mass beyond the free
    // boundary of nu*, not a small perturbation of it (no linearised rate)
    if (perturbation > 0. && model.regulariser().is_entropy())
      result.linearised_rate = linearised_rate<dim>(model,
                                                    flow,
                                                    fixed_point.density,
                                                    nu_0,
                                                    perturbation,
                                                    fit_start,
                                                    fixed_point.residual);
    if (particles)
      particle_convergence_to_mesh_law(model,
                                       initial_law,
                                       *particles,
                                       sinkhorn_epsilon,
                                       mesh,
                                       fixed_point.density,
                                       result);
    return result;
  }

  WeightedPoints
  particle_law_at(const Model                      &model,
                  const InitialLaw                 &initial_law,
                  const ParticleSystem::Parameters &particles,
                  const double                      end_time)
  {
    const McKeanVlasovDrift drift(model);
    ParticleSystem system(particles, drift, initial_law, MPI_COMM_SELF);
    advance_to(system, end_time);
    return WeightedPoints(model.n_parameters(),
                          system.particles().gathered_coordinates());
  }

  std::vector<double>
  particle_output_times(const ParticleSystem::Parameters &particles,
                        const ParticleReference          &reference,
                        const double                      end_time,
                        const double                      interval)
  {
    if (!(reference.end_time >= end_time))
      throw ParameterError("Experiment/Reference end time",
                           "the reference run must reach at least the "
                           "experiment's end time " +
                             std::to_string(end_time) + ", got " +
                             std::to_string(reference.end_time));
    whole_number_of_steps(reference.end_time,
                          particles.time_step,
                          "Experiment/Reference end time");
    if (!(interval > 0.))
      throw ParameterError("Output/Interval", "must be positive");
    std::vector<double> times;
    for (unsigned int k = 0; k * interval < end_time * (1. - 1e-9); ++k)
      times.push_back(k * interval);
    times.push_back(end_time);
    for (const double t : times)
      if (t > 0.)
        whole_number_of_steps(t, particles.time_step, "Particles/Time step");
    return times;
  }

  ExponentialConvergence
  particle_exponential_convergence(const Model      &model,
                                   const InitialLaw &initial_law,
                                   const ParticleSystem::Parameters &particles,
                                   const ParticleReference          &reference,
                                   const TheoremHypothesis          &hypothesis,
                                   const double                      end_time,
                                   const double output_interval,
                                   const double fit_start,
                                   const double sinkhorn_epsilon)
  {
    ExponentialConvergence result;
    result.times =
      particle_output_times(particles, reference, end_time, output_interval);
    result.hypothesis             = hypothesis;
    result.fit_start              = fit_start;
    result.fixed_point_residual   = std::numeric_limits<double>::quiet_NaN();
    result.fixed_point_iterations = 0;

    ParticleSystem::Parameters reference_run = particles;
    reference_run.n_particles                = reference.n_particles;
    reference_run.seed                       = particles.seed + 1;
    ParticleSystem::Parameters floor_run     = particles;
    floor_run.seed                           = particles.seed + 2;
    const WeightedPoints nu_star =
      particle_law_at(model, initial_law, reference_run, reference.end_time);
    const WeightedPoints converged_cloud =
      particle_law_at(model, initial_law, floor_run, reference.end_time);
    const std::string method =
      resolved_cloud_distance("auto",
                              model.n_parameters(),
                              std::size_t(particles.n_particles) *
                                reference.n_particles);
    std::ostringstream description;
    description << "a particle run of N_ref = " << reference.n_particles
                << " particles to t = " << reference.end_time << " (no mesh)";
    result.reference = description.str();
    result.particle_distance =
      method + " between the cloud and the reference cloud";
    const auto distance = [&](const WeightedPoints &cloud) {
      return cloud_wasserstein(nu_star, cloud, method, sinkhorn_epsilon);
    };
    particle_convergence(model,
                         initial_law,
                         particles,
                         distance,
                         distance(converged_cloud),
                         result);
    if (std::isnan(result.particle_rate.value))
      throw std::runtime_error(
        "exponential convergence: fewer than two output times with "
        "W2(nu_t^N, nu*) above 3 x the floor " +
        std::to_string(result.particle_floor) +
        " to fit the rate on (more particles, an earlier fit start or a "
        "shorter output interval)");
    for (const double t : result.times)
      result.bound.push_back(
        std::exp(-hypothesis.beta() * t) *
        (result.particle_distances[0] + 3. * result.particle_floor));
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
                             const double,
                             const double);
  template ExponentialConvergence
  exponential_convergence<2>(const Model &,
                             const InitialLaw &,
                             const MeshFlowParameters &,
                             const GibbsFixedPointParameters &,
                             const TheoremHypothesis &,
                             const double,
                             const std::optional<ParticleSystem::Parameters> &,
                             const double,
                             const double);
  template ExponentialConvergence
  exponential_convergence<3>(const Model &,
                             const InitialLaw &,
                             const MeshFlowParameters &,
                             const GibbsFixedPointParameters &,
                             const TheoremHypothesis &,
                             const double,
                             const std::optional<ParticleSystem::Parameters> &,
                             const double,
                             const double);
} // namespace mfpg
