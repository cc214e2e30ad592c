#include "apps/convergence_study.h"

#include "apps/parameter_file_of.h"

#include "apps/mesh_dimension.h"
#include "apps/output_directory.h"
#include "apps/result_plots.h"
#include "model/parameter_file.h"

#include <fstream>
#include <sstream>

namespace mfpg::convergence_study_run
{
  void
  Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    model.add_parameters(prm);
    initial_law.add_parameters(prm);
    flow.add_parameters(prm);
    particles.add_parameters(prm);
    study.add_parameters(prm);
  }

  void
  run(const std::string              &parameter_file,
      const std::vector<std::string> &overrides,
      std::ostream                   &out,
      RunSummary                     &summary)
  {
    const ParameterFileOf<Parameters> file(parameter_file, overrides);
    const Parameters                 &parameters = file.parameters;
    const dealii::ParameterHandler   &prm        = file.prm;

    const std::string &directory = parameters.flow.output.directory;
    prepare_output_directory(directory, "Output/Directory");
    summary.set_output(prm, RunSummary::in_directory(directory));
    const Model      model(parameters.model);
    const InitialLaw initial_law(parameters.initial_law,
                                 model.feature().parameter_names());
    initial_law.require_gaussian("a convergence study");

    const std::string     &variable = parameters.study.variable;
    const ConvergenceStudy study =
      variable == "N" || variable == "eta" ?
        particle_convergence_study(model,
                                   initial_law.gaussian(),
                                   parameters.particles,
                                   parameters.flow.time_stepping.end_time,
                                   parameters.study) :
        with_mesh_dimension(model.n_parameters(), [&](const auto dim) {
          return convergence_study<decltype(dim)::value>(model,
                                                         initial_law.gaussian(),
                                                         parameters.flow,
                                                         parameters.study);
        });
    const dealii::ConvergenceTable table = study.table();
    out << "mfpg study: " << parameter_file << ", refining " << variable
        << ", errors at t = " << parameters.flow.time_stepping.end_time
        << "\n\n";
    table.write_text(out);

    if (!directory.empty())
      {
        write_used_parameters(prm, directory);
        std::ofstream text(directory + "/study.txt");
        table.write_text(text);
        std::ofstream tex(directory + "/study.tex");
        table.write_tex(tex);
        study.write_csv(directory + "/study.csv");
        out << "\nwritten: " << directory
            << "/{study.txt, study.tex, study.csv, parameters.prm}\n";
        plot_results(directory + "/study.csv", out);
      }
    out << "verdict: " << study.verdict() << "\n";
    std::ostringstream text;
    table.write_text(text);
    summary.add_text("convergence table", text.str());
    summary.add_text("verdict", study.verdict());
  }
} // namespace mfpg::convergence_study_run
