#ifndef mfpg_verification_convergence_study_h
#define mfpg_verification_convergence_study_h

#include <deal.II/base/convergence_table.h>
#include <deal.II/base/parameter_handler.h>

#include "model/gaussian_law.h"
#include "model/model.h"
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
} // namespace mfpg

#endif
