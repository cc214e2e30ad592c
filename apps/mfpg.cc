// mfpg: the command-line program. It parses the command line and dispatches
// to a subcommand; the work is done in the libraries.

#include <deal.II/base/exceptions.h>
#include <deal.II/base/mpi.h>

#include "apps/exact_flow.h"
#include "model/parameter_file.h"

#include <iostream>
#include <string>

namespace
{
  const char *usage = R"(usage:
  mfpg exact FILE.prm                 the exact Gaussian flow (model.md §7) of
                                      the model in FILE: linear feature,
                                      quadratic potential, Gaussian start
  mfpg --print-parameters exact       a complete default parameter file for
                                      'exact', every entry documented
  mfpg --help                         this text
)";
}

int
main(int argc, char **argv)
{
  dealii::Utilities::MPI::MPI_InitFinalize mpi(argc, argv, 1);
  const std::vector<std::string> args(argv + 1, argv + argc);
  try
    {
      if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h"))
        {
          std::cout << usage;
          return 0;
        }
      if (args.size() == 2 && args[0] == "--print-parameters" &&
          args[1] == "exact")
        {
          dealii::ParameterHandler             prm;
          mfpg::exact_flow::Parameters parameters;
          parameters.add_parameters(prm);
          prm.print_parameters(std::cout, dealii::ParameterHandler::PRM);
          return 0;
        }
      if (args.size() == 2 && args[0] == "exact")
        {
          mfpg::exact_flow::run(args[1], std::cout);
          return 0;
        }
      std::cerr << usage;
      return 2;
    }
  catch (const mfpg::ParameterError &e)
    {
      std::cerr << "mfpg: " << e.what() << std::endl;
      return 2;
    }
  catch (const dealii::ExceptionBase &e)
    {
      std::cerr << "mfpg: error: ";
      e.print_info(std::cerr);
      std::cerr << std::endl;
      return 1;
    }
  catch (const std::exception &e)
    {
      std::cerr << "mfpg: error: " << e.what() << std::endl;
      return 1;
    }
}
