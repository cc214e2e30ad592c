#include "apps/stability_experiment.h"

#include "apps/result_plots.h"
#include "apps/subcommand_input.h"
#include "verification/stability_sweep.h"


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
      "L and D are estimated on the means in [-bound, bound]^d.",
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
    const StabilitySweep              sweep = stability_sweep(parameters.model,
                                                 parameters.sigmas,
                                                 parameters.taus,
                                                 -parameters.grid_bound,
                                                 parameters.grid_bound,
                                                 parameters.grid_points);
    out
      << "mfpg stability: " << parameter_file << "\n"
      << "  beta = " << sweep.constants.beta()
      << " (L = " << sweep.constants.L.value << ", "
      << to_string(sweep.constants.L.bound) << "), D = " << sweep.D
      << " (lower bound: largest |g_tau' - g_tau| / |tau' - tau| on the grid)\n";
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
    summary.add_figure("beta", sweep.constants.beta());
    summary.add_figure("D", sweep.D);
    summary.add_figure("max W2^2 / bound", sweep.worst_ratio());
    summary.add_text("verdict", sweep.verdict());
  }
} // namespace mfpg::stability_experiment
