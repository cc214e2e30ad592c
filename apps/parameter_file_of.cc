#include "apps/parameter_file_of.h"

#include "apps/subcommands.h"

#include <memory>
#include <vector>

namespace mfpg
{
  namespace
  {
    /**
     * The entries of every subcommand (subcommands()) in one handler, bound
     * to Parameters objects that live as long as it.
     */
    struct EverySubcommand
    {
      dealii::ParameterHandler           prm;
      std::vector<std::shared_ptr<void>> parameters;

      EverySubcommand()
      {
        for (const Subcommand &c : subcommands())
          parameters.push_back(c.declare(prm));
      }

      EverySubcommand(const EverySubcommand &) = delete;
    };
  } // namespace

  void
  parse_subcommand_file(dealii::ParameterHandler &prm,
                        const std::string        &filename)
  {
    EverySubcommand every;
    parse_parameter_file(prm, every.prm, filename);
  }

  void
  apply_subcommand_override(dealii::ParameterHandler &prm,
                            const std::string        &assignment)
  {
    try
      {
        apply_override(prm, assignment);
        return;
      }
    catch (const ParameterError &)
      {
        EverySubcommand every;
        bool            read_by_others = true;
        try
          {
            apply_override(every.prm, assignment);
          }
        catch (const ParameterError &)
          {
            read_by_others = false;
          }
        // unknown to every subcommand: this subcommand's diagnosis
        if (!read_by_others)
          throw;
      }
    throw ParameterError(assignment.substr(0, assignment.find('=')),
                         "this subcommand does not read it (other "
                         "subcommands do; 'mfpg --print-parameters "
                         "SUBCOMMAND' lists what a subcommand reads)");
  }
} // namespace mfpg
