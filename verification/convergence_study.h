#ifndef mfpg_verification_convergence_study_h
#define mfpg_verification_convergence_study_h

#include <deal.II/base/convergence_table.h>
#include <deal.II/base/parameter_handler.h>

#include "model/gaussian_law.h"
#include "model/model.h"
#include "particles/particle_system.h"
#include "solver/fokker_planck_solver.h"

#include <string>

namespace mfpg
{
  /** The parameters of convergence_study() (subsection "Study"). */
  struct ConvergenceStudyParameters
  {
    std::string  variable  = "h";
    unsigned int min_level = 4;
    unsigned int max_level = 7;
    unsigned int replicas  = 8;

    void
    add_parameters(dealii::ParameterHandler &prm);
  };

  /**
   * An observed-order study of the mesh flow as a run mode (ExaDG style):
   * the flow of the parameter file is run at levels min..max of one
   * variable and the errors at the end time go into a deal.II
   * ConvergenceTable with rates log2(e_l / e_{l+1}):
   *
   *  - "h": level l is 'Global refinements' = l; the errors are against
   *    the exact Gaussian solution of model.md §7 (linear feature, Gaussian
   *    initial law): L2 error of nu, mean, covariance (max entry), V;
   *  - "degree": level l = 1, 2 is the element degree on the file's mesh
   *    (the galerkin scheme), errors as for "h", the rate measured against
   *    dofs^{1/d} (the order an h-refinement would need for the same gain);
   *  - "dt": level l is the file's time step / 2^l on the file's mesh; the
   *    errors are against the same mesh run with time step / 2^{max + 3}
   *    (so that the spatial error cancels): nodal-quadrature L2 difference
   *    of nu, mean, V.
   */
  template <int dim>
  dealii::ConvergenceTable
  convergence_study(const Model                      &model,
                    const GaussianLaw                &initial_law,
                    const MeshFlowParameters         &flow,
                    const ConvergenceStudyParameters &study);

  /**
   * The same for the particle system of @p particles, to the end time
   * @p end_time (a linear feature and a Gaussian initial law):
   *
   *  - "N": level l has N = (Particles/Number of particles) 4^l; the errors
   *    at T against the exact Gaussian (model.md §7), averaged over
   *    "Replicas" seeds: max |mean error|, max |covariance entry error|,
   *    |V error|. The rate is measured against the column N: 0.5 for the
   *    statistical error O(N^{-1/2}), as long as it dominates the bias of
   *    the time step.
   *  - "eta": level l has eta = (Particles/Time step) / 2^l on the same
   *    Brownian paths (BrownianIncrements with 2^{max + 3 - l} substeps),
   *    the errors against the run with eta / 2^{max + 3} on those paths:
   *    the sampling error cancels and the weak order of the integrator
   *    shows (1 for Euler–Maruyama), as log2 of the error ratios.
   */
  dealii::ConvergenceTable
  particle_convergence_study(const Model                      &model,
                             const GaussianLaw                &initial_law,
                             const ParticleSystem::Parameters &particles,
                             const double                      end_time,
                             const ConvergenceStudyParameters &study);
} // namespace mfpg

#endif
