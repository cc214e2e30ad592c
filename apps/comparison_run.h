#ifndef mfpg_apps_comparison_run_h
#define mfpg_apps_comparison_run_h

#include <deal.II/base/parameter_handler.h>

#include "apps/output_directory.h"
#include "apps/run_summary.h"

#include "model/initial_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "solver/fokker_planck_solver.h"
#include "verification/pde_particle_comparison.h"

#include <ostream>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * `mfpg compare FILE`: experiment (c) of model.md §6, the mesh solver and
   * the particle system on the same model and initial law, d = 1, 2, 3
   * (PdeParticleComparison): W2(nu^mesh, nu^N) against the sampling floor
   * and the moment and objective differences for each N of
   * "Comparison/Particle numbers", the fitted rates in N and a verdict.
   * With "Output/Directory": the mesh run's monitors.csv and VTU series,
   * comparison.csv, comparison_levels.csv, the final mesh density and
   * particle cloud as CSV (rewritten after each N), and comparison.png;
   * SIGINT or SIGTERM stops the run after the current output time of the
   * current particle run, keeping the finished N (summary.json
   * "interrupted" with "finished N", RunInterrupted).
   */
  namespace comparison_run
  {
    struct Parameters
    {
      Model::Parameters               model;
      InitialLaw::Parameters          initial_law;
      MeshFlowParameters              flow;
      ParticleSystem::Parameters      particles;
      PdeParticleComparisonParameters comparison;

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
  } // namespace comparison_run
} // namespace mfpg

#endif
