#ifndef mfpg_apps_parameter_file_of_h
#define mfpg_apps_parameter_file_of_h

#include <deal.II/base/parameter_handler.h>

#include "model/parameter_file.h"

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * A subcommand's Parameters read from a parameter file: every entry
   * declared (bound to the members), the file parsed, then the command
   * line's overrides "Subsection/Entry=value" applied in order
   * (ParameterError on any unknown key or bad value). Neither copied nor
   * moved: the handler holds the members' addresses.
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
      parse_parameter_file(prm, filename);
      for (const std::string &assignment : overrides)
        apply_override(prm, assignment);
    }

    ParameterFileOf(const ParameterFileOf &) = delete;
  };
} // namespace mfpg

#endif
