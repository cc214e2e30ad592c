#ifndef mfpg_apps_parameter_file_of_h
#define mfpg_apps_parameter_file_of_h

#include <deal.II/base/parameter_handler.h>

#include "model/parameter_file.h"

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * Parse the parameter file @p filename into @p prm, which declares the
   * entries of one subcommand. The file may also hold the sections and
   * entries that only other subcommands read, so that one file describes a
   * model (MDP, Feature, Regularisation, Initial law) and its runs for
   * every subcommand: those are checked against the entries of all
   * subcommands — an entry that no subcommand declares, e.g. a misspelt
   * key, is a ParameterError — and then ignored.
   */
  void
  parse_subcommand_file(dealii::ParameterHandler &prm,
                        const std::string        &filename);

  /**
   * Apply the command-line override @p assignment to @p prm, the entries
   * of one subcommand (apply_override()); an entry that only other
   * subcommands read is a ParameterError that says so.
   */
  void
  apply_subcommand_override(dealii::ParameterHandler &prm,
                            const std::string        &assignment);

  /**
   * A subcommand's Parameters read from a parameter file: every entry
   * declared (bound to the members), the file parsed by
   * parse_subcommand_file(), then the command line's overrides
   * "Subsection/Entry=value" applied in order by apply_subcommand_override()
   * (ParameterError on a bad value or on a key the subcommand does not
   * read). Neither copied nor moved: the
   * handler holds the members' addresses.
   */
  template <class Parameters>
  struct ParameterFileOf
  {
    dealii::ParameterHandler prm;
    Parameters               parameters;

    ParameterFileOf(const std::string              &filename,
                    const std::vector<std::string> &overrides)
    {
      parameters.add_parameters(prm);
      parse_subcommand_file(prm, filename);
      for (const std::string &assignment : overrides)
        apply_subcommand_override(prm, assignment);
    }

    ParameterFileOf(const ParameterFileOf &) = delete;
  };
} // namespace mfpg

#endif
