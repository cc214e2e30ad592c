// mfpg: the command-line program. It parses the command line and dispatches
// to a subcommand; the work is done in the libraries.

#include <deal.II/base/exceptions.h>
#include <deal.II/base/mpi.h>

#include "apps/checkpoint.h"
#include "apps/comparison_run.h"
#include "apps/convergence_experiment.h"
#include "apps/convergence_study.h"
#include "apps/exact_flow.h"
#include "apps/mesh_flow.h"
#include "apps/particle_run.h"
#include "apps/run_summary.h"
#include "apps/stability_experiment.h"
#include "model/parameter_file.h"

#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace
{
  /** The complete default parameter file of a subcommand's Parameters. */
  template <class Parameters>
  void
  print_default_parameters()
  {
    dealii::ParameterHandler prm;
    Parameters               parameters;
    parameters.add_parameters(prm);
    prm.print_parameters(std::cout, dealii::ParameterHandler::PRM);
  }

  struct Subcommand
  {
    const char *name;
    const char *summary;
    void (*print_parameters)();
    void (*run)(const std::string &,
                const std::vector<std::string> &,
                std::ostream &,
                mfpg::RunSummary &);
  };

  const std::vector<Subcommand> subcommands = {
    {"exact",
     "the exact Gaussian flow (docs/model.md §7): linear feature, quadratic "
     "potential, Gaussian start",
     &print_default_parameters<mfpg::exact_flow::Parameters>,
     &mfpg::exact_flow::run},
    {"mesh",
     "the flow on a mesh of parameter space (docs/model.md §5), d = 1, 2, 3: "
     "monitors, VTU/ParaView output",
     &print_default_parameters<mfpg::mesh_flow::Parameters>,
     &mfpg::mesh_flow::run},
    {"convergence",
     "experiment (a) of docs/model.md §6: W2(nu_t, nu*) against e^{-beta t} "
     "W2(nu_0, nu*), linear feature, d = 1",
     &print_default_parameters<mfpg::convergence_experiment::Parameters>,
     &mfpg::convergence_experiment::run},
    {"stability",
     "experiment (b) of docs/model.md §6: W2 between stationary laws over a "
     "(sigma', tau') sweep against the bound, linear feature",
     &print_default_parameters<mfpg::stability_experiment::Parameters>,
     &mfpg::stability_experiment::run},
    {"study",
     "observed orders of the mesh flow in h (against the exact Gaussian) or "
     "dt: a ConvergenceTable",
     &print_default_parameters<mfpg::convergence_study_run::Parameters>,
     &mfpg::convergence_study_run::run},
    {"particles",
     "the interacting particle system (docs/model.md §5), any d: monitors, "
     "snapshots",
     &print_default_parameters<mfpg::particle_run::Parameters>,
     &mfpg::particle_run::run},
    {"compare",
     "experiment (c) of docs/model.md §6: the mesh solver against particles of "
     "growing N, W2 read against the sampling floor, d = 1, 2, 3",
     &print_default_parameters<mfpg::comparison_run::Parameters>,
     &mfpg::comparison_run::run},
  };

  void
  print_usage(std::ostream &out)
  {
    out << "usage:\n";
    for (const Subcommand &c : subcommands)
      out << "  mfpg " << std::left << std::setw(12) << c.name << "FILE.prm  "
          << c.summary << "\n";
    out << "  mfpg SUBCOMMAND FILE.prm --set 'Mesh/Global refinements=6' ...\n"
           "                          override single entries of FILE, in "
           "order\n"
           "  (FILE may also hold the entries of other subcommands: checked, "
           "then ignored)\n"
           "  mfpg --print-parameters SUBCOMMAND   a complete default "
           "parameter file, every entry documented\n"
           "  mfpg --help             this text\n";
  }

  const Subcommand *
  find_subcommand(const std::string &name)
  {
    for (const Subcommand &c : subcommands)
      if (name == c.name)
        return &c;
    return nullptr;
  }
} // namespace

int
main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const std::vector<std::string>           args(argv + 1, argv + argc);
  std::unique_ptr<mfpg::RunSummary>        summary;
  // a failed or interrupted run says so in its summary.json too, when it
  // got that far; if even that cannot be written, the first error stays the
  // one reported
  const auto record = [&summary](const std::string &status,
                                 const std::string &message) {
    if (summary)
      try
        {
          summary->write(status, message);
        }
      catch (const std::exception &e)
        {
          std::cerr << "mfpg: the run summary was not written either: "
                    << e.what() << std::endl;
        }
  };
  try
    {
      if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h"))
        {
          print_usage(std::cout);
          return 0;
        }
      const bool print = !args.empty() && args[0] == "--print-parameters";
      const Subcommand *command =
        args.size() >= 2 ? find_subcommand(print ? args[1] : args[0]) : nullptr;
      std::vector<std::string> overrides;
      for (unsigned int k = 2; k < args.size(); k += 2)
        if (args[k] == "--set" && k + 1 < args.size())
          overrides.push_back(args[k + 1]);
        else
          command = nullptr;
      if (command == nullptr || (print && args.size() != 2))
        {
          print_usage(std::cerr);
          return 2;
        }
      if (print)
        {
          command->print_parameters();
          return 0;
        }
      summary =
        std::make_unique<mfpg::RunSummary>(command->name, args[1], overrides);
      command->run(args[1], overrides, std::cout, *summary);
      summary->write("completed");
      return 0;
    }
  catch (const mfpg::RunInterrupted &e)
    {
      std::cerr << "mfpg: " << e.what() << std::endl;
      record("interrupted", e.what());
      return 3;
    }
  catch (const mfpg::ParameterError &e)
    {
      std::cerr << "mfpg: " << e.what() << std::endl;
      record("failed", e.what());
      return 2;
    }
  catch (const dealii::ExceptionBase &e)
    {
      std::ostringstream message;
      e.print_info(message);
      std::cerr << "mfpg: error: " << message.str() << std::endl;
      record("failed", message.str());
      return 1;
    }
  catch (const std::exception &e)
    {
      std::cerr << "mfpg: error: " << e.what() << std::endl;
      record("failed", e.what());
      return 1;
    }
}
