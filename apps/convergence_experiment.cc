#include "apps/convergence_experiment.h"

#include "apps/mesh_dimension.h"
#include "apps/result_plots.h"
#include "apps/subcommand_input.h"

#include "model/parameter_file.h"
#include "verification/convergence_constants.h"
#include "verification/supremum_search.h"
#include "verification/theorem_verdict.h"

#include <algorithm>
#include <cmath>


namespace mfpg::convergence_experiment
{
  void
  Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    model.add_parameters(prm);
    initial_law.add_parameters(prm);
    flow.add_parameters(prm);
    stationary.add_parameters(prm);
    particles.add_parameters(prm);
    prm.enter_subsection("Experiment");
    prm.add_parameter("With particles",
                      with_particles,
                      "Also run the particle system of subsection Particles "
                      "and measure W2(nu_t^N, nu*) against its floor "
                      "(docs/model.md §6.5, §6.6); required with Reference "
                      "= particles.",
                      dealii::Patterns::Bool());
    prm.add_parameter("Reference",
                      reference,
                      "Where nu* comes from: mesh (the Gibbs fixed point on "
                      "the mesh of subsection Mesh, d <= 3) or particles "
                      "(a run of Reference particles to Reference end time, "
                      "no mesh, any d; the experiment is then the particle "
                      "system's alone, at the output times Output/Interval "
                      "to Time stepping/End time).",
                      dealii::Patterns::Selection("mesh|particles"));
    prm.add_parameter("Reference particles",
                      particle_reference.n_particles,
                      "N_ref of Reference = particles (its seed is "
                      "Particles/Seed + 1; time step and integrator those "
                      "of subsection Particles).",
                      dealii::Patterns::Integer(2));
    prm.add_parameter("Reference end time",
                      particle_reference.end_time,
                      "T_ref of Reference = particles: at least Time "
                      "stepping/End time and a multiple of Particles/Time "
                      "step; long enough for the flow to have converged.",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Sinkhorn epsilon",
                      sinkhorn_epsilon,
                      "Entropic regularisation of the Sinkhorn divergence "
                      "between clouds (d >= 2) when they have more than "
                      "10^6 point pairs (below: exact network simplex), in "
                      "units of squared parameter distance.",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Fit start",
                      fit_start,
                      "The observed rate is fitted on the output times in "
                      "[Fit start, End time] at which W2(nu_t, nu*) exceeds "
                      "three times its error estimate (d = 2, 3), the "
                      "particle rate where W2(nu_t^N, nu*) exceeds three "
                      "times its floor.",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Linearised perturbation",
                      perturbation,
                      "eps of the linearised rate at nu*: the decay rate of "
                      "the flow from (1 - eps) nu* + eps nu_0, fitted like "
                      "the observed rate (docs/model.md §6.6); 0: not "
                      "measured. Reference = mesh only (a particle "
                      "reference has no nu* to perturb).",
                      dealii::Patterns::Double(0., 1.));
    prm.add_parameter("Lipschitz grid bound",
                      grid_bound,
                      "Linear features: L = sup ||Dg(m)|| is estimated on "
                      "the means in [-bound, bound]^d; other features: C_2 "
                      "and L are sampled over measures with means and "
                      "points theta in that box (ConstantSampling). The "
                      "estimates over R^d start from this box "
                      "(docs/model.md §6.4).",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Lipschitz grid points",
                      grid_points,
                      "Points per axis of that grid.",
                      dealii::Patterns::Integer(2));
    prm.leave_subsection();
  }

  OutputPlace
  Parameters::output_place() const
  {
    return {OutputPlace::Kind::directory,
            flow.output.directory,
            "Output/Directory"};
  }

  namespace
  {
    /**
     * The combinations of Experiment/Reference that cannot run, refused
     * before the constants are estimated (ParameterErrors naming the
     * entry): the mesh reference in d > 3, the particle reference without
     * the particle run or with a reference run that stops before the
     * experiment (particle_output_times()).
     */
    void
    check_reference(const Parameters &parameters, const unsigned int d)
    {
      if (parameters.reference == "mesh" && d > 3)
        throw ParameterError("Experiment/Reference",
                             "nu* from the mesh needs d <= 3 (the mesh "
                             "solver's dimensions); this feature has d = " +
                               std::to_string(d) +
                               ": use Reference = particles");
      if (parameters.reference == "particles")
        {
          if (!parameters.with_particles)
            throw ParameterError("Experiment/With particles",
                                 "Reference = particles measures the "
                                 "particle system alone: set With particles "
                                 "= true");
          particle_output_times(parameters.particles,
                                parameters.particle_reference,
                                parameters.flow.time_stepping.end_time,
                                parameters.flow.output.interval);
        }
    }

    /** The run of the experiment that Experiment/Reference asks for. */
    ExponentialConvergence
    run_experiment(const Parameters        &parameters,
                   const Model             &model,
                   const InitialLaw        &initial_law,
                   const TheoremHypothesis &hypothesis)
    {
      if (parameters.reference == "particles")
        return particle_exponential_convergence(
          model,
          initial_law,
          parameters.particles,
          parameters.particle_reference,
          hypothesis,
          parameters.flow.time_stepping.end_time,
          parameters.flow.output.interval,
          parameters.fit_start,
          parameters.sinkhorn_epsilon);
      return with_mesh_dimension(model.n_parameters(), [&](const auto d) {
        return exponential_convergence<decltype(d)::value>(
          model,
          initial_law,
          parameters.flow,
          parameters.stationary,
          hypothesis,
          parameters.fit_start,
          parameters.with_particles ? std::optional(parameters.particles) :
                                      std::nullopt,
          parameters.perturbation,
          parameters.sinkhorn_epsilon);
      });
    }

    /** The mesh flow's lines of the report. */
    void
    print_mesh_result(const ExponentialConvergence &result,
                      const Parameters             &parameters,
                      const unsigned int            d,
                      std::ostream                 &out)
    {
      const double largest_w2_error =
        *std::max_element(result.distance_errors.begin(),
                          result.distance_errors.end());
      out << "  fixed point residual " << result.fixed_point_residual
          << " after " << result.fixed_point_iterations << " iterations\n"
          << "  W2(nu_t, nu*): "
          << (d == 1 ? std::string("exact 1-D distance of the mesh densities") :
                       "debiased Sinkhorn on the grid extrapolated to eps -> "
                       "0, largest error estimate " +
                         std::to_string(largest_w2_error))
          << "; W2(nu_0, nu*) = " << result.distances.front()
          << ", W2(nu_T, nu*) = " << result.distances.back() << "\n"
          << "  observed rate "
          << result.observed_rate.text("W2 error estimates") << " fitted on ["
          << parameters.fit_start << ", " << result.times.back() << "]";
      if (!std::isnan(result.linearised_rate.value))
        out << "; linearised rate at nu* "
            << result.linearised_rate.text("fixed-point residual")
            << " (perturbation " << parameters.perturbation << ")";
      else if (parameters.perturbation > 0.)
        out << "; no linearised rate for tsallis ((1 - eps) nu* + eps nu_0 "
               "moves the free boundary of nu*: no small perturbation)";
      out << "\n";
    }
  } // namespace

  void
  run(const std::string              &parameter_file,
      const std::vector<std::string> &overrides,
      std::ostream                   &out,
      RunSummary                     &summary)
  {
    const SubcommandInput<Parameters> file(parameter_file, overrides, summary);
    const Parameters                 &parameters = file.parameters;
    const dealii::ParameterHandler   &prm        = file.prm;

    const std::string &directory = parameters.flow.output.directory;
    const Model        model(parameters.model);
    const InitialLaw   initial_law(parameters.initial_law,
                                 model.feature().parameter_names());
    check_reference(parameters, model.n_parameters());
    const bool     linear = parameters.model.feature.type == "linear";
    SupremumSearch search;
    search.initial_bound = parameters.grid_bound;
    search.n_per_axis    = parameters.grid_points;
    ConstantSampling sampling;
    sampling.lo = -parameters.grid_bound;
    sampling.hi = parameters.grid_bound;
    const ConvergenceConstants on_box =
      linear ? linear_feature_convergence_constants(model,
                                                    parameters.grid_bound,
                                                    parameters.grid_points) :
               sampled_convergence_constants(model, sampling);
    const ConvergenceConstants global =
      linear ? global_linear_feature_convergence_constants(model, search) :
               global_sampled_convergence_constants(model, sampling, search);
    const TheoremHypothesis hypothesis = theorem_hypothesis(
      on_box, global, parameters.grid_bound, model.n_parameters());
    out << "mfpg convergence: " << parameter_file << "\n";
    for (const auto &[where, constants] :
         {std::pair<std::string, const ConvergenceConstants &>{
            box_name(parameters.grid_bound, model.n_parameters()), on_box},
          {"R^" + std::to_string(model.n_parameters()), global}})
      {
        out << "  constants over " << where << ":\n";
        for (const auto &[name, c] :
             {std::pair<const char *, const TheoryConstant &>{"kappa",
                                                              constants.kappa},
              {"C_2", constants.C2},
              {"L", constants.L}})
          out << "    " << name << " = " << describe(c) << "\n";
        out << "    beta = sigma^2 kappa / 2 - C_2 - L = " << constants.beta()
            << "\n";
      }
    if (!model.regulariser().is_entropy())
      out << "  tsallis: beta is again a sufficient rate (docs/model.md "
             "§11.2: -J_h is beta-convex along generalised geodesics), with "
             "the constants of §6.4; nu* is the stationary profile\n";

    const ExponentialConvergence result =
      run_experiment(parameters, model, initial_law, hypothesis);
    out << "  nu*: " << result.reference << "\n";
    if (result.has_mesh())
      print_mesh_result(result, parameters, model.n_parameters(), out);
    else
      out << "  no mesh: KL(nu_t | nu*) and the linearised rate are not "
             "measured\n";
    if (!result.particle_distances.empty() &&
        result.particle_gibbs_relative_entropies.empty())
      out << "  KL(nu_t^N | Gamma(nu_t^N)): no estimator in d > 3, for sigma "
             "= 0 or for tsallis\n";
    if (!result.particle_distances.empty())
      {
        out << "  W2(nu_t^N, nu*), N = " << parameters.particles.n_particles
            << ": " << result.particle_distance
            << "; W2(nu_0^N, nu*) = " << result.particle_distances.front()
            << ", W2(nu_T^N, nu*) = " << result.particle_distances.back()
            << ", floor " << result.particle_floor << "\n";
        if (std::isnan(result.particle_rate.value))
          out << "  no particle rate: W2(nu_t^N, nu*) exceeds 3 x the floor "
                 "at fewer than two output times in [";
        else
          out << "  particle rate "
              << result.particle_rate.text("W2 error = the floor")
              << " fitted above 3 x the floor on [";
        out << parameters.fit_start << ", " << result.times.back() << "]\n";
      }
    if (!directory.empty())
      {
        write_used_parameters(prm, directory);
        result.write_csv(directory + "/exponential_convergence.csv");
        out << "  written: " << directory << "/exponential_convergence.csv\n";
        plot_results(directory + "/exponential_convergence.csv", out);
      }
    summary.add_text("nu*", result.reference);
    summary.add_figure("kappa", global.kappa.value);
    summary.add_figure("C_2", global.C2.value);
    summary.add_figure("L", global.L.value);
    summary.add_figure("beta", global.beta());
    summary.add_figure("C_2 on the box", on_box.C2.value);
    summary.add_figure("L on the box", on_box.L.value);
    summary.add_figure("beta on the box", on_box.beta());
    summary.add_figure("max W2 / bound", result.worst_bound_ratio());
    if (result.has_mesh())
      {
        summary.add_figure("observed rate", result.observed_rate.value);
        summary.add_figure("observed rate: fit standard error",
                           result.observed_rate.standard_error);
        summary.add_figure("observed rate: W2 error band",
                           result.observed_rate.error_band);
        summary.add_figure("linearised rate", result.linearised_rate.value);
        summary.add_figure("max W2 error estimate",
                           *std::max_element(result.distance_errors.begin(),
                                             result.distance_errors.end()));
        summary.add_figure("Gibbs fixed point residual",
                           result.fixed_point_residual);
      }
    if (!result.particle_distances.empty())
      {
        summary.add_figure("particles: observed rate",
                           result.particle_rate.value);
        summary.add_figure("particles: fit standard error",
                           result.particle_rate.standard_error);
        summary.add_figure("particles: floor band",
                           result.particle_rate.error_band);
        summary.add_figure("particles: sampling floor", result.particle_floor);
        summary.add_figure("particles: W2 at t = 0",
                           result.particle_distances.front());
        summary.add_figure("particles: W2 at the end",
                           result.particle_distances.back());
      }
    summary.add_text("verdict", result.verdict());
    out << "verdict: " << result.verdict() << "\n"
        << "  rule: " << ExponentialConvergence::verdict_rule() << "\n";
  }
} // namespace mfpg::convergence_experiment
