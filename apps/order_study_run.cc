#include "apps/order_study_run.h"

#include "apps/subcommand_input.h"

#include "apps/mesh_dimension.h"
#include "apps/result_plots.h"
#include "model/parameter_file.h"

#include <fstream>
#include <sstream>

namespace mfpg::order_study_run
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
    const dealii::ParameterHandler   &prm        = file.prm;

    const std::string &directory = parameters.flow.output.directory;
    const Model        model(parameters.model);
    if (!model.regulariser().is_entropy() && parameters.study.variable == "N")
      throw ParameterError(
        "Study/Variable",
        "with Regularisation/Regulariser = tsallis mfpg study refines h and "
        "dt (the mesh's upwind scheme) and eta (the blob particles), not N: "
        "at a fixed blob width the blob particles' error is not a sampling "
        "error of order N^-1/2 (docs/model.md §11.5)");
    const InitialLaw initial_law(parameters.initial_law,
                                 model.feature().parameter_names());

    const std::string &variable = parameters.study.variable;
    const OrderStudy   study =
      variable == "N" || variable == "eta" ?
          particle_order_study(model,
                             initial_law,
                             parameters.particles,
                             parameters.flow,
                             parameters.study) :
          with_mesh_dimension(model.n_parameters(), [&](const auto dim) {
          return mesh_order_study<decltype(dim)::value>(model,
                                                        initial_law,
                                                        parameters.flow,
                                                        parameters.study);
        });
    const dealii::ConvergenceTable table = study.table();
    out << "mfpg study: " << parameter_file << ", refining " << variable
        << ", errors at t = " << parameters.flow.time_stepping.end_time
        << " against " << study.reference();
    if (study.replicas() > 1)
      out << "; each error is the mean over " << study.replicas()
          << " replicas (seeds), with its standard error (SE columns)";
    out << "\n\n";
    table.write_text(out);
    if (!study.limits().empty())
      out << (study.geometric() ?
                "\nAitken limits (ratio per level, limit ± uncertainty; of "
                "the three finest levels, the uncertainty their change from "
                "the previous triple, or with three levels the extrapolation "
                "step):\n" :
                "\nRichardson limits (order, limit ± uncertainty; of the "
                "three finest levels, or of the mesh reference and its "
                "coarser companion):\n")
          << study.limits_report();

    if (!directory.empty())
      {
        write_used_parameters(prm, directory);
        std::ofstream text(directory + "/study.txt");
        table.write_text(text);
        std::ofstream tex(directory + "/study.tex");
        table.write_tex(tex);
        study.write_csv(directory + "/study.csv");
        if (!study.limits().empty())
          study.write_limits_csv(directory + "/study_limits.csv");
        out << "\nwritten: " << directory
            << "/{study.txt, study.tex, study.csv, "
            << (study.limits().empty() ? "" : "study_limits.csv, ")
            << "parameters.prm}\n";
        plot_results(directory + "/study.csv", out);
      }
    out << "verdict: " << study.verdict() << "\n";
    const std::string cross_check = study.cross_check();
    if (!cross_check.empty())
      out << "cross-check: " << cross_check << "\n";
    std::ostringstream text;
    table.write_text(text);
    summary.add_text("reference", study.reference());
    summary.add_text("convergence table", text.str());
    summary.add_text("verdict", study.verdict());
    summary.add_figure("replicas", study.replicas());
    for (unsigned int e = 0; e < study.errors().size(); ++e)
      if (study.geometric())
        summary.add_figure("finest ratio of " + study.errors()[e],
                           study.verdict_order(e));
      else
        {
          const FittedSlope order = study.fitted_order(e);
          summary.add_figure("fitted order of " + study.errors()[e],
                             order.slope);
          if (study.replicas() > 1)
            summary.add_figure("fitted order of " + study.errors()[e] + " SE",
                               order.standard_error);
        }
    if (!cross_check.empty())
      summary.add_text("cross-check", cross_check);
  }
} // namespace mfpg::order_study_run
