#ifndef mfpg_apps_mesh_flow_h
#define mfpg_apps_mesh_flow_h

#include <deal.II/base/parameter_handler.h>

#include "apps/checkpoint.h"
#include "apps/output_directory.h"
#include "apps/run_summary.h"

#include "model/initial_law.h"
#include "model/model.h"
#include "solver/fokker_planck_solver.h"
#include "solver/gibbs_fixed_point.h"

#include <ostream>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * `mfpg mesh FILE`: the flow of model.md §5 on a mesh of parameter space,
   * d = 1, 2 or 3 taken from the model's feature (the one place where the
   * run-time dimension becomes a template argument), from the initial law
   * of FILE to the end time. Prints the monitors at the output times and
   * writes monitors.csv, VTU files, a .pvd series and the parameters used
   * into the output directory; checkpoints and restart as Checkpoint
   * describes (the state: FlowState). With
   * "Stationary solver/Enabled", the Gibbs
   * fixed point is then solved for from the final density and compared;
   * with "Error estimate/Enabled", the flow is run twice more (one level
   * coarser, another time step) and the final mean, covariance and V are
   * printed with their estimated errors in space and time
   * (mesh_error_estimate(), docs/model.md §10.3).
   * Runs on the ranks of MPI_COMM_WORLD (docs/architecture.md, "MPI and
   * threads"); rank 0 prints and writes the files that are not split by
   * rank.
   */
  namespace mesh_flow
  {
    struct Parameters
    {
      Model::Parameters         model;
      InitialLaw::Parameters    initial_law;
      MeshFlowParameters        flow;
      GibbsFixedPointParameters stationary;
      /**
       * Whether the Gibbs fixed point is solved for after the flow
       * (Stationary solver/Enabled; mfpg mesh only).
       */
      bool solve_stationary = false;
      /**
       * Whether the error of the final moments and V is estimated by
       * Richardson in space and time (Error estimate/Enabled;
       * mesh_error_estimate()).
       */
      bool                   estimate_error = false;
      Checkpoint::Parameters checkpoint;

      void
      add_parameters(dealii::ParameterHandler &prm);

      /** Where the run writes (SubcommandInput checks it before the run). */
      OutputPlace
      output_place() const;
    };

    void
    run(const std::string              &parameter_file,
        const std::vector<std::string> &overrides,
        std::ostream                   &out,
        RunSummary                     &summary);
  } // namespace mesh_flow
} // namespace mfpg

#endif
