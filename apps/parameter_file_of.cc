#include "apps/parameter_file_of.h"

#include "apps/comparison_run.h"
#include "apps/convergence_experiment.h"
#include "apps/convergence_study.h"
#include "apps/exact_flow.h"
#include "apps/mesh_flow.h"
#include "apps/particle_run.h"
#include "apps/stability_experiment.h"

namespace mfpg
{
  namespace
  {
    /** The entries of every subcommand in one handler, bound to members. */
    struct EverySubcommand
    {
      exact_flow::Parameters             exact;
      mesh_flow::Parameters              mesh;
      particle_run::Parameters           particles;
      convergence_experiment::Parameters convergence;
      stability_experiment::Parameters   stability;
      convergence_study_run::Parameters  study;
      comparison_run::Parameters         compare;
      dealii::ParameterHandler           prm;

      EverySubcommand()
      {
        exact.add_parameters(prm);
        mesh.add_parameters(prm);
        particles.add_parameters(prm);
        convergence.add_parameters(prm);
        stability.add_parameters(prm);
        study.add_parameters(prm);
        compare.add_parameters(prm);
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
