#include "apps/stability_experiment.h"

#include "apps/result_plots.h"
#include "apps/subcommand_input.h"
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
    prm.leave_subsection();
  }

  OutputPlace
  Parameters::output_place() const
  {
    return {OutputPlace::Kind::file, output_file, "Stability/Output file"};
  }

  void
  run(const std::string              &parameter_file,
      const std::vector<std::string> &overrides,
      std::ostream                   &out,
      RunSummary                     &summary)
  {
    const SubcommandInput<Parameters> file(parameter_file, overrides, summary);
    const Parameters                 &parameters = file.parameters;
    SupremumSearch search;
    search.initial_bound       = parameters.grid_bound;
    search.n_per_axis          = parameters.grid_points;
    const StabilitySweep sweep = stability_sweep(parameters.model,
                                                 parameters.sigmas,
                                                 parameters.taus,
                                                 search);
    const unsigned int d = sweep.hypothesis.dimension;
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
    summary.add_figure("beta", sweep.global_constants.beta());
    summary.add_figure("D", sweep.global_D.value);
    summary.add_figure("beta on the box", sweep.constants_on_box.beta());
    summary.add_figure("D on the box", sweep.D_on_box.value);
    summary.add_figure("max W2^2 / bound", sweep.worst_ratio());
    summary.add_text("verdict", sweep.verdict());
  }
} // namespace mfpg::stability_experiment
