#ifndef mfpg_apps_subcommand_input_h
#define mfpg_apps_subcommand_input_h

#include "apps/output_directory.h"
#include "apps/parameter_file_of.h"
#include "apps/run_summary.h"

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * What every subcommand starts with, before any computation: its
   * Parameters read from the parameter file and the command line's
   * overrides (ParameterFileOf), the place it writes to, named by
   * Parameters::output_place(), checked (prepare_output(): a directory
   * that cannot be created or written in is a ParameterError before the
   * run), and the run summary told where to go (summary.json in the output
   * directory, or NAME.summary.json beside a single output file).
   */
  template <class Parameters>
  struct SubcommandInput : ParameterFileOf<Parameters>
  {
    SubcommandInput(const std::string              &parameter_file,
                    const std::vector<std::string> &overrides,
                    RunSummary                     &summary)
      : ParameterFileOf<Parameters>(parameter_file, overrides)
    {
      const OutputPlace place = this->parameters.output_place();
      prepare_output(place);
      summary.set_output(this->prm,
                         place.kind == OutputPlace::Kind::directory ?
                           RunSummary::in_directory(place.path) :
                           RunSummary::beside(place.path));
    }
  };
} // namespace mfpg

#endif
