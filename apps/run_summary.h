#ifndef mfpg_apps_run_summary_h
#define mfpg_apps_run_summary_h

#include <deal.II/base/parameter_handler.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * summary.json of a run, in its output directory (beside the CSV file,
   * as NAME.summary.json, for runs that write one file): what ran (subcommand,
   * parameter file, command-line overrides, every parameter used), with
   * which program (version, the git commit it was built from), how long it
   * took (wall-clock seconds, in total and per phase), how it ended (status
   * "completed", or "failed" with the error message) and its final figures
   * (numbers and one-line verdicts). Written through summary.json.partial
   * and renamed, so a summary.json is always complete; a run that fails
   * after its output directory is known leaves one with status "failed", so
   * that its other files are not mistaken for a finished result.
   *
   * Figures that are not finite numbers are written as null (JSON has no
   * NaN).
   */
  class RunSummary
  {
  public:
    RunSummary(const std::string              &subcommand,
               const std::string              &parameter_file,
               const std::vector<std::string> &overrides);

    /**
     * The parameters used, and the file the summary goes to (empty: no
     * summary is written): see in_directory() and beside().
     */
    void
    set_output(const dealii::ParameterHandler &prm, const std::string &file);

    /** DIR/summary.json, or "" for an empty @p directory. */
    static std::string
    in_directory(const std::string &directory);

    /** NAME.summary.json for the file NAME.csv, or "" for an empty name. */
    static std::string
    beside(const std::string &file);

    /** A final figure: "figures": {name: value}. */
    void
    add_figure(const std::string &name, const double value);

    /** A final statement, e.g. a verdict: "figures": {name: text}. */
    void
    add_text(const std::string &name, const std::string &text);

    /** A list of whole numbers: "figures": {name: [n_1, n_2, ...]}. */
    void
    add_counts(const std::string               &name,
               const std::vector<unsigned int> &counts);

    /** "timings": {name: seconds}, besides the total. */
    void
    add_timing(const std::string &name, const double seconds);

    /**
     * Write summary.json with @p status ("completed" or "failed") and, for
     * a failure, @p message; nothing without an output directory, and
     * nothing on MPI ranks other than 0.
     */
    void
    write(const std::string &status, const std::string &message = "");

  private:
    nlohmann::json                        summary;
    std::string                           file;
    std::chrono::steady_clock::time_point start;
  };
} // namespace mfpg

#endif
