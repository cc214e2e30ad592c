#ifndef mfpg_apps_order_study_run_h
#define mfpg_apps_order_study_run_h

#include <deal.II/base/parameter_handler.h>

#include "apps/output_directory.h"
#include "apps/run_summary.h"

#include "model/initial_law.h"
#include "model/model.h"
#include "solver/fokker_planck_solver.h"
#include "verification/order_study.h"

#include <ostream>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * `mfpg study FILE`: an observed-order study of the mesh flow in h,
   * degree or dt (mesh_order_study()) or of the particles in N or eta
   * (particle_order_study(), to Time stepping/End time), against the exact
   * Gaussian or by self-convergence (Study/Reference), printed as a
   * deal.II ConvergenceTable with a verdict on the observed orders and the
   * Richardson limits (with their cross-check against the exact values
   * where both exist), and written as study.txt, study.tex, study.csv,
   * study_limits.csv and study.png into the output directory.
   */
  namespace order_study_run
  {
    struct Parameters
    {
      Model::Parameters          model;
      InitialLaw::Parameters     initial_law;
      MeshFlowParameters         flow;
      ParticleSystem::Parameters particles;
      OrderStudyParameters       study;

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
  } // namespace order_study_run
} // namespace mfpg

#endif
