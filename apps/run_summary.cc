#include "apps/run_summary.h"

#include <deal.II/base/mpi.h>

#include "git_revision.h"

#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mfpg
{
  RunSummary::RunSummary(const std::string              &subcommand,
                         const std::string              &parameter_file,
                         const std::vector<std::string> &overrides)
    : start(std::chrono::steady_clock::now())
  {
    const std::time_t now = std::time(nullptr);
    char              stamp[32];
    std::strftime(stamp,
                  sizeof(stamp),
                  "%Y-%m-%dT%H:%M:%SZ",
                  std::gmtime(&now));
    summary["program"]        = {{"name", "mfpg"},
                                 {"version", MFPG_VERSION},
                                 {"git_revision", MFPG_GIT_REVISION}};
    summary["subcommand"]     = subcommand;
    summary["parameter_file"] = parameter_file;
    summary["overrides"]      = overrides;
    summary["started"]        = stamp;
    summary["figures"]        = nlohmann::json::object();
    summary["timings"]        = nlohmann::json::object();
  }

  void
  RunSummary::set_output(const dealii::ParameterHandler &prm,
                         const std::string              &summary_file)
  {
    std::ostringstream json;
    prm.print_parameters(json, dealii::ParameterHandler::ShortJSON);
    summary["parameters"] = nlohmann::json::parse(json.str());
    file                  = summary_file;
  }

  std::string
  RunSummary::in_directory(const std::string &directory)
  {
    return directory.empty() ? "" : directory + "/summary.json";
  }

  std::string
  RunSummary::beside(const std::string &name)
  {
    return name.empty() ?
             "" :
             std::filesystem::path(name).replace_extension(".summary.json");
  }

  void
  RunSummary::add_figure(const std::string &name, const double value)
  {
    summary["figures"][name] =
      std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
  }

  void
  RunSummary::add_text(const std::string &name, const std::string &text)
  {
    summary["figures"][name] = text;
  }

  void
  RunSummary::add_counts(const std::string               &name,
                         const std::vector<unsigned int> &counts)
  {
    summary["figures"][name] = counts;
  }

  void
  RunSummary::add_timing(const std::string &name, const double seconds)
  {
    summary["timings"][name] = seconds;
  }

  void
  RunSummary::write(const std::string &status, const std::string &message)
  {
    // one writer under MPI: rank 0 (every rank holds the same summary)
    if (file.empty() ||
        dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) != 0)
      return;
    summary["status"] = status;
    if (!message.empty())
      summary["error"] = message;
    summary["timings"]["total"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
        .count();
    const std::filesystem::path path(file);
    if (path.has_parent_path())
      std::filesystem::create_directories(path.parent_path());
    const std::filesystem::path partial = file + ".partial";
    {
      std::ofstream out(partial);
      out << summary.dump(2) << "\n";
      if (!out)
        throw std::runtime_error("cannot write " + partial.string());
    }
    std::filesystem::rename(partial, path);
  }
} // namespace mfpg
