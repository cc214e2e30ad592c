#ifndef mfpg_apps_subcommands_h
#define mfpg_apps_subcommands_h

#include <deal.II/base/parameter_handler.h>

#include "apps/run_summary.h"

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * One subcommand of the mfpg program: its name, the line `mfpg --help`
   * prints, how it declares its parameters and how it runs. The list of
   * subcommands (subcommands()) is the one place that knows them all: the
   * program dispatches through it, and a parameter file's entries are
   * checked against the entries every subcommand declares through it
   * (parse_subcommand_file()).
   */
  struct Subcommand
  {
    const char *name;
    const char *summary;
    /**
     * Declare the subcommand's entries in @p prm, bound to a new
     * Parameters object; the returned pointer keeps it alive as long as
     * @p prm is used.
     */
    std::shared_ptr<void> (*declare)(dealii::ParameterHandler &prm);
    /** Run on a parameter file with command-line overrides. */
    void (*run)(const std::string              &parameter_file,
                const std::vector<std::string> &overrides,
                std::ostream                   &out,
                RunSummary                     &summary);
  };

  /** Every subcommand, in the order `mfpg --help` lists them. */
  const std::vector<Subcommand> &
  subcommands();

  /** The subcommand called @p name, or nullptr. */
  const Subcommand *
  find_subcommand(const std::string &name);
} // namespace mfpg

#endif
