#include "apps/stability_experiment.h"

#include "apps/result_plots.h"
#include "apps/subcommand_input.h"
#include "verification/stability_along_flow.h"
#include "verification/stability_sweep.h"

#include <tuple>

namespace mfpg::stability_experiment
{
  void
  Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    model.add_parameters(prm);
    prm.enter_subsection("Stability");
    prm.add_parameter("Sigmas",
                      sigmas,
                      "The sigma' of the sweep (> 0).",
                      dealii::Patterns::List(dealii::Patterns::Double(0.), 1));
    prm.add_parameter("Taus",
                      taus,
                      "The tau' of the sweep (>= 0).",
                      dealii::Patterns::List(dealii::Patterns::Double(0.), 1));
    prm.add_parameter(
      "Grid bound",
      grid_bound,
      "L and D are estimated on the means in [-bound, bound]^d, and over "
      "R^d starting from that box (docs/model.md §6.4).",
      dealii::Patterns::Double(0.));
    prm.add_parameter("Grid points",
                      grid_points,
                      "Points per axis of that grid.",
                      dealii::Patterns::Integer(2));
    prm.add_parameter("Output file",
                      output_file,
                      "CSV of sigma', tau', W2^2 and the bound (empty: none).");
    prm.enter_subsection("Along the flow");
    prm.add_parameter(
      "End time",
      along_the_flow.end_time,
      "0: no flow part. > 0: the time-dependent stability bound (docs/"
      "model.md §6.3) along the exact Gaussian flows of the model from the "
      "first initial law and of (second sigma, second tau) from the second, "
      "on [0, end time]; CSV beside the output file (name-along-flow.csv).",
      dealii::Patterns::Double(0.));
    prm.add_parameter("Output times",
                      along_the_flow.output_times,
                      "Number of equal time intervals of [0, end time].",
                      dealii::Patterns::Integer(1));
    prm.add_parameter("Second sigma",
                      along_the_flow.second_sigma,
                      "sigma' of the second flow (> 0).",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Second tau",
                      along_the_flow.second_tau,
                      "tau' of the second flow (>= 0).",
                      dealii::Patterns::Double(0.));
    prm.enter_subsection("First initial law");
    along_the_flow.first_initial.add_parameters(prm);
    prm.leave_subsection();
    prm.enter_subsection("Second initial law");
    along_the_flow.second_initial.add_parameters(prm);
    prm.leave_subsection();
    prm.leave_subsection();
    prm.leave_subsection();
  }

  OutputPlace
  Parameters::output_place() const
  {
    return {OutputPlace::Kind::file, output_file, "Stability/Output file"};
  }

  namespace
  {
    /** The part "Along the flow": stability_along_flow(), CSV, plot, verdict.
     */
    void
    run_along_the_flow(const Parameters        &parameters,
                       const TheoremHypothesis &hypothesis,
                       const SupremumSearch    &search,
                       std::ostream            &out,
                       RunSummary              &summary)
    {
      const Parameters::AlongTheFlow &flow    = parameters.along_the_flow;
      const std::string               section = "Stability/Along the flow/";
      const unsigned int              d       = hypothesis.dimension;
      std::vector<double>             times;
      for (unsigned int k = 0; k <= flow.output_times; ++k)
        times.push_back(flow.end_time * k / flow.output_times);
      const FlowStability result = stability_along_flow(
        parameters.model,
        GaussianLaw::from_parameters(flow.first_initial,
                                     d,
                                     section + "First initial law"),
        {flow.second_sigma,
         flow.second_tau,
         GaussianLaw::from_parameters(flow.second_initial,
                                      d,
                                      section + "Second initial law")},
        times,
        hypothesis,
        search);
      const FlowStabilityPoint &last = result.points.back();
      out << "  along the flow to t = " << flow.end_time
          << " (sigma' = " << flow.second_sigma
          << ", tau' = " << flow.second_tau
          << "):\n    D = " << describe(result.D())
          << " (|g_tau' - g_tau| / |tau' - tau|)\n"
          << "    t = 0: W2^2 = " << result.points[0].squared_distance
          << " = bound\n    t = " << last.time
          << ": W2^2 = " << last.squared_distance << ", bound = " << last.bound
          << " (best l = " << last.best_l << ", best eta = " << last.best_eta
          << ")\n";
      if (!parameters.output_file.empty())
        {
          const std::string &file = parameters.output_file;
          const std::string  csv =
            file.substr(0, file.rfind('.')) + "-along-flow.csv";
          result.write_csv(csv);
          out << "  written: " << csv << "\n";
          plot_results(csv, out);
        }
      out << "verdict along the flow: " << result.verdict() << "\n";
      summary.add_figure("max W2^2 / bound along the flow",
                         result.worst_ratio());
      summary.add_figure("best l at the end time", last.best_l);
      summary.add_text("verdict along the flow", result.verdict());
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
    SupremumSearch                    search;
    search.initial_bound       = parameters.grid_bound;
    search.n_per_axis          = parameters.grid_points;
    const StabilitySweep sweep = stability_sweep(parameters.model,
                                                 parameters.sigmas,
                                                 parameters.taus,
                                                 search);
    const unsigned int   d     = sweep.hypothesis.dimension;
    out << "mfpg stability: " << parameter_file << "\n";
    for (const auto &[where, constants, D] :
         {std::tuple<std::string,
                     const ConvergenceConstants &,
                     const TheoryConstant &>{box_name(parameters.grid_bound, d),
                                             sweep.constants_on_box,
                                             sweep.D_on_box},
          {"R^" + std::to_string(d), sweep.global_constants, sweep.global_D}})
      out << "  over " << where << ": beta = " << constants.beta()
          << "\n    L = " << describe(constants.L)
          << "\n    D = " << describe(D)
          << " (largest |g_tau' - g_tau| / |tau' - tau| over the tau' of the "
             "sweep)\n";
    for (const StabilityPoint &p : sweep.points)
      out << "  sigma' = " << p.sigma << ", tau' = " << p.tau
          << ": W2^2 = " << p.squared_distance << ", bound = " << p.bound
          << "\n";
    if (!parameters.output_file.empty())
      {
        sweep.write_csv(parameters.output_file);
        out << "  written: " << parameters.output_file << "\n";
        plot_results(parameters.output_file, out);
      }
    out << "verdict: " << sweep.verdict() << "\n";
    if (parameters.along_the_flow.end_time > 0.)
      run_along_the_flow(parameters, sweep.hypothesis, search, out, summary);
    summary.add_figure("beta", sweep.global_constants.beta());
    summary.add_figure("D", sweep.global_D.value);
    summary.add_figure("beta on the box", sweep.constants_on_box.beta());
    summary.add_figure("D on the box", sweep.D_on_box.value);
    summary.add_figure("max W2^2 / bound", sweep.worst_ratio());
    summary.add_text("verdict", sweep.verdict());
  }
} // namespace mfpg::stability_experiment
