// mfpg: the command-line program. It parses the command line and dispatches
// to a subcommand; the work is done in the libraries.

#include <deal.II/base/exceptions.h>
#include <deal.II/base/mpi.h>

#include "apps/checkpoint.h"
#include "apps/run_summary.h"
#include "apps/subcommands.h"
#include "model/parameter_file.h"

#include <iomanip>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace
{
  void
  print_usage(std::ostream &out)
  {
    out << "usage:\n";
    for (const mfpg::Subcommand &c : mfpg::subcommands())
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

  /** The complete default parameter file of @p command. */
  void
  print_default_parameters(const mfpg::Subcommand &command)
  {
    dealii::ParameterHandler    prm;
    const std::shared_ptr<void> parameters = command.declare(prm);
    prm.print_parameters(std::cout, dealii::ParameterHandler::PRM);
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
      const mfpg::Subcommand *command =
        args.size() >= 2 ? mfpg::find_subcommand(print ? args[1] : args[0]) :
                           nullptr;
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
          print_default_parameters(*command);
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
