#ifndef mfpg_apps_convergence_experiment_h
#define mfpg_apps_convergence_experiment_h

#include <deal.II/base/parameter_handler.h>

#include "apps/output_directory.h"
#include "apps/run_summary.h"

#include "model/initial_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "solver/fokker_planck_solver.h"
#include "solver/gibbs_fixed_point.h"
#include "verification/exponential_convergence.h"

#include <ostream>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * `mfpg convergence FILE`: experiment (a) of model.md §6 (§6.6) for any
   * feature: on a mesh of d = 1, 2, 3 (with_mesh_dimension()), nu* the
   * Gibbs fixed point on it ("Experiment/Reference = mesh"), or for the
   * particle system alone in any d, nu* a long particle run
   * ("Experiment/Reference = particles", particle_exponential_convergence()).
   * Prints the theorem's constants (kappa, C_2, L, each with how it was
   * obtained, where, and whether it is exact or a bound: the grid estimate
   * for a linear feature, sampled_convergence_constants() for any other),
   * on the box [-b, b]^d and over R^d (model.md §6.4), and the two betas;
   * runs the mesh flow (and, with "Experiment/With particles", the
   * particle system, W2(nu_t^N, nu*) against its floor), measures
   * W2(nu_t, nu*) to the Gibbs fixed point (exact in d = 1, grid Sinkhorn
   * with its error estimate in d = 2, 3) and the two relative entropies,
   * fits the observed rate; or runs the particle system alone against the
   * reference run. Prints where nu* came from, writes
   * exponential_convergence.csv into the output directory and prints the
   * three-way verdict of TheoremHypothesis.
   * The PNG is made by plot_results().
   */
  namespace convergence_experiment
  {
    struct Parameters
    {
      Model::Parameters          model;
      InitialLaw::Parameters     initial_law;
      MeshFlowParameters         flow;
      GibbsFixedPointParameters  stationary;
      ParticleSystem::Parameters particles;
      bool                       with_particles = false;
      std::string                reference      = "mesh";
      ParticleReference          particle_reference;
      double                     sinkhorn_epsilon = 1e-2;
      double                     fit_start        = 1.;
      double                     perturbation     = 1e-3;
      double                     grid_bound       = 6.;
      unsigned int               grid_points      = 61;

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
  } // namespace convergence_experiment
} // namespace mfpg

#endif
