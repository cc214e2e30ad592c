#include "apps/comparison_run.h"

#include "apps/mesh_dimension.h"
#include "apps/result_plots.h"
#include "apps/subcommand_input.h"

#include "model/parameter_file.h"

#include <iomanip>

namespace mfpg::comparison_run
{
  void
  Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    model.add_parameters(prm);
    initial_law.add_parameters(prm);
    flow.add_parameters(prm);
    particles.add_parameters(prm);
    comparison.add_parameters(prm);
  }

  OutputPlace
  Parameters::output_place() const
  {
    return {OutputPlace::Kind::directory,
            flow.output.directory,
            "Output/Directory"};
  }

  void
  run(const std::string              &parameter_file,
      const std::vector<std::string> &overrides,
      std::ostream                   &out,
      RunSummary                     &summary)
  {
    const SubcommandInput<Parameters> file(parameter_file, overrides, summary);
    const Parameters                 &parameters = file.parameters;
    const std::string &directory = parameters.flow.output.directory;

    const Model      model(parameters.model);
    const InitialLaw initial_law(parameters.initial_law,
                                 model.feature().parameter_names());
    initial_law.require_density("the mesh solver");
    if (!directory.empty())
      write_used_parameters(file.prm, directory);

    out << "mfpg compare: " << parameter_file
        << "\n  d = " << model.n_parameters() << ", sigma = " << model.sigma()
        << ", tau = " << model.mdp().entropy_strength()
        << ", mesh dt = " << parameters.flow.time_stepping.time_step
        << ", particle eta = " << parameters.particles.time_step
        << ", replicas " << parameters.comparison.replicas << "\n";
    PdeParticleComparison result;
    with_mesh_dimension(model.n_parameters(), [&](const auto dim) {
      result =
        compare_mesh_and_particles<decltype(dim)::value>(model,
                                                         initial_law,
                                                         parameters.flow,
                                                         parameters.particles,
                                                         parameters.comparison);
    });

    out << "  W2 by " << result.distance
        << "; at the final time, averaged over the replicas:\n"
        << std::setw(8) << "N" << std::setw(14) << "W2" << std::setw(14)
        << "floor" << std::setw(14) << "|mean err|" << std::setw(14)
        << "|cov err|" << std::setw(14) << "|V err|"
        << "\n";
    for (const ComparisonLevel &l : result.final_levels())
      out << std::setw(8) << l.n_particles << std::setprecision(5)
          << std::setw(14) << l.distance << std::setw(14) << l.sampling_floor
          << std::setw(14) << l.mean_error << std::setw(14)
          << l.covariance_error << std::setw(14) << l.objective_error << "\n";
    if (!directory.empty())
      {
        result.write_csv(directory);
        out << "written: " << directory
            << "/{comparison.csv, comparison_levels.csv, "
               "mesh_density_final.csv, particles_final.csv, monitors.csv, "
               "density.pvd, parameters.prm}\n";
        plot_results(directory + "/comparison.csv", out);
      }
    out << "verdict: " << result.verdict() << "\n";
    summary.add_text("distance", result.distance);
    for (const ComparisonLevel &l : result.final_levels())
      {
        const std::string n = "N = " + std::to_string(l.n_particles) + ": ";
        summary.add_figure(n + "W2", l.distance);
        summary.add_figure(n + "sampling floor", l.sampling_floor);
        summary.add_figure(n + "mean error", l.mean_error);
        summary.add_figure(n + "covariance error", l.covariance_error);
        summary.add_figure(n + "V error", l.objective_error);
      }
    if (result.final_levels().size() >= 2)
      {
        summary.add_figure("rate in N of W2",
                           result.rate_in_n(&ComparisonLevel::distance));
        summary.add_figure("rate in N of the floor",
                           result.rate_in_n(&ComparisonLevel::sampling_floor));
      }
    summary.add_text("verdict", result.verdict());
  }
} // namespace mfpg::comparison_run
