#ifndef mfpg_apps_particle_run_h
#define mfpg_apps_particle_run_h

#include <deal.II/base/parameter_handler.h>

#include "apps/checkpoint.h"
#include "apps/output_directory.h"
#include "apps/run_summary.h"

#include "model/initial_law.h"
#include "model/model.h"
#include "particles/particle_system.h"

#include <ostream>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * `mfpg particles FILE`: the interacting particle system of model.md §5
   * for the model of FILE, from its initial law to the end time: monitors
   * (t, mean, covariance, V, optimality gap) printed and written to
   * monitors.csv, particle snapshots (CSV, VTU, .pvd) and the parameters
   * used in the output directory, and the wall time per step.
   *
   * With "Particles/Replicas" R > 1 the run is repeated with the seeds
   * Seed + r (r = 0..R-1; each replica's own files in OUTPUT/replica_r),
   * and every monitor printed, in OUTPUT/monitors.csv (columns name,
   * name_se, and replicas), in summary.json and in the plot is the replica
   * mean ± standard error (replica_estimates(), docs/model.md §6.6 (c)).
   * Checkpoints hold one run: with R > 1 they are refused, and SIGINT or
   * SIGTERM stop the run before the next step without one.
   */
  namespace particle_run
  {
    struct Parameters
    {
      Model::Parameters          model;
      InitialLaw::Parameters     initial_law;
      ParticleSystem::Parameters particles;
      double                     end_time          = 1.;
      unsigned int               output_interval   = 10;
      unsigned int               snapshot_interval = 0;
      std::string                output_directory;
      unsigned int               n_threads = 1;
      unsigned int               replicas  = 1;
      Checkpoint::Parameters     checkpoint;

      /** Every entry the subcommand reads, bound to the members. */
      void
      add_parameters(dealii::ParameterHandler &prm);

      /** Where the run writes (SubcommandInput checks it before the run). */
      OutputPlace
      output_place() const;
    };

    /** Run on @p parameter_file, printing to @p out. */
    void
    run(const std::string              &parameter_file,
        const std::vector<std::string> &overrides,
        std::ostream                   &out,
        RunSummary                     &summary);
  } // namespace particle_run
} // namespace mfpg

#endif
