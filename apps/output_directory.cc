#include "apps/output_directory.h"

#include <deal.II/base/mpi.h>

#include "model/parameter_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

namespace mfpg
{
  namespace
  {
    /** What keeps a run from writing into @p directory; "" if nothing. */
    std::string
    problem_with(const std::filesystem::path &directory)
    {
      std::error_code error;
      std::filesystem::create_directories(directory, error);
      if (error)
        return "cannot create '" + directory.string() + "': " + error.message();
      if (!std::filesystem::is_directory(directory, error))
        return "'" + directory.string() + "' is not a directory";
      const std::filesystem::path probe = directory / ".mfpg-write-test";
      {
        std::ofstream out(probe);
        out << "mfpg\n";
        out.close();
        if (!out)
          return "cannot write in '" + directory.string() +
                 "': " + std::strerror(errno);
      }
      std::filesystem::remove(probe, error);
      return "";
    }
  } // namespace

  void
  prepare_output_directory(const std::string &directory,
                           const std::string &parameter)
  {
    if (directory.empty())
      return;
    const MPI_Comm world = MPI_COMM_WORLD;
    std::string    problem;
    if (dealii::Utilities::MPI::this_mpi_process(world) == 0)
      problem = problem_with(directory);
    problem = dealii::Utilities::MPI::broadcast(world, problem, 0);
    if (!problem.empty())
      throw ParameterError(parameter, problem);
  }

  void
  prepare_output_file(const std::string &file, const std::string &parameter)
  {
    if (file.empty())
      return;
    const std::filesystem::path parent =
      std::filesystem::path(file).parent_path();
    prepare_output_directory(parent.empty() ? "." : parent.string(), parameter);
  }

  void
  prepare_output(const OutputPlace &place)
  {
    if (place.kind == OutputPlace::Kind::directory)
      prepare_output_directory(place.path, place.parameter);
    else
      prepare_output_file(place.path, place.parameter);
  }
} // namespace mfpg
