#ifndef mfpg_apps_barrier_run_h
#define mfpg_apps_barrier_run_h

#include <deal.II/base/parameter_handler.h>

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
   * `mfpg barrier FILE`: the barrier sweep of docs/model.md §13.2
   * (BarrierSweep) on a model with MDP/Safety: per barrier strength n the
   * soft-optimal gap V*_n - V*_inf, D_viol of pi*_n, the stationary law
   * with the barrier in the reward (m*_n, J_n, D_viol, V_0, L_n, beta_n,
   * observed and linearised rates) and in the reference measure (W2 to the
   * hard constraint's), a table, a CSV with its plot, and the three
   * verdicts. The stationary laws and flows: exact Gaussian ones for a
   * linear feature (GaussianStationaryLaws), Gibbs fixed points and mesh
   * flows otherwise (MeshStationaryLaws, d <= 3).
   */
  namespace barrier_run
  {
    struct Parameters
    {
      Model::Parameters         model;
      InitialLaw::Parameters    initial_law;
      MeshFlowParameters        flow;
      GibbsFixedPointParameters stationary;
      double                    perturbation = 1e-3;
      std::vector<double>       strengths    = {1., 2., 4., 8., 16., 32., 64.};
      double                    end_time     = 20.;
      unsigned int              n_output_times = 80;
      double                    fit_start      = 2.;
      double                    grid_bound     = 6.;
      unsigned int              grid_points    = 61;
      std::string               output_file;

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
  } // namespace barrier_run
} // namespace mfpg

#endif
