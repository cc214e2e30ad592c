#ifndef mfpg_apps_stability_experiment_h
#define mfpg_apps_stability_experiment_h

#include <deal.II/base/parameter_handler.h>

#include "apps/output_directory.h"
#include "apps/run_summary.h"

#include "meshes/parameter_domain.h"
#include "model/gaussian_law.h"
#include "model/initial_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "solver/gibbs_fixed_point.h"

#include <ostream>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * `mfpg stability FILE`: experiment (b) of model.md §6 (§6.6 (b)): W2^2
   * between the stationary law of the model of FILE and those at every
   * (sigma', tau') of a sweep, against the bound; writes the CSV and
   * prints the constants and a one-line verdict. "Stability/Stationary
   * laws" chooses the laws: the Gaussians of §7 in closed form
   * (stability_sweep(), linear features), the Gibbs fixed points on the
   * mesh of subsection Mesh (mesh_stability_sweep(), any feature,
   * d = 1, 2, 3) or the clouds of long runs of the particle system of
   * subsection Particles from the initial law (particle_stability_sweep(),
   * any feature, any d); automatic takes the first for a linear feature,
   * else the second in d <= 3 and the third in d >= 4. With
   * "Along the flow/End time" > 0 also the time-dependent bound along two
   * exact Gaussian flows (stability_along_flow()), its CSV beside the first
   * (name-along-flow.csv) and its own verdict.
   * The PNG is made by plot_results().
   */
  namespace stability_experiment
  {
    struct Parameters
    {
      Model::Parameters          model;
      ParameterDomain            mesh;
      GibbsFixedPointParameters  stationary;
      InitialLaw::Parameters     initial_law;
      ParticleSystem::Parameters particles;
      /** automatic, gaussian, mesh or particles. */
      std::string stationary_laws = "automatic";
      /** T_ref, the end time of the particle runs (Stationary laws =
       * particles). */
      double              particle_end_time = 20.;
      double              sinkhorn_epsilon  = 1e-2;
      std::vector<double> sigmas{0.8, 0.9, 1.0};
      std::vector<double> taus{0.2, 0.3, 0.4};
      double              grid_bound  = 6.;
      unsigned int        grid_points = 61;
      std::string         output_file;

      /** The optional part "Stability along the flow" (model.md §6.6). */
      struct AlongTheFlow
      {
        double                  end_time     = 0.;
        unsigned int            output_times = 40;
        double                  second_sigma = 1.0;
        double                  second_tau   = 0.4;
        GaussianLaw::Parameters first_initial{{0.}, {1.}};
        GaussianLaw::Parameters second_initial{{1.}, {1.}};
        /** The mesh flows' time step and scheme (stationary laws on the mesh).
         */
        double      time_step   = 1e-2;
        std::string time_scheme = "bdf2";
      } along_the_flow;

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
  } // namespace stability_experiment
} // namespace mfpg

#endif
