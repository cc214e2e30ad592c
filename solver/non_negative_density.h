#ifndef mfpg_solver_non_negative_density_h
#define mfpg_solver_non_negative_density_h

#include <deal.II/lac/vector.h>

#include "solver/fokker_planck_solver.h"
#include "solver/mesh_discretisation.h"

namespace mfpg
{
  /**
   * The mesh density nu of the flow of @p flow at time @p time for a run
   * that reads it as a measure (a W2 distance, a sample): nu with the
   * negative values that lie within the linear solve's accuracy,
   * nu_i >= -tolerance max_j nu_j ("Time stepping/Tolerance"), set to 0.
   * A value below that stops the run, in a user's terms: the
   * ParameterError says which scheme, when (t and the step), where (theta
   * of the most negative node, and its value) and what to change, naming
   * the parameter:
   *  - galerkin ("Discretisation/Scheme"): it undershoots where the cell
   *    Peclet number h |grad Phi| exceeds about 2; the exponential fitting
   *    keeps nu >= 0, a finer mesh lowers the Peclet number;
   *  - bdf2 with the exponential fitting ("Time stepping/Scheme"): its
   *    right-hand side 2 nu^n - nu^{n-1}/2 can change sign; implicit Euler
   *    keeps nu >= 0, a smaller time step helps;
   *  - implicit Euler with the exponential fitting, which keeps nu >= 0 on
   *    meshes of M-matrix type: "Mesh" if the mesh is not of that type,
   *    else "Time stepping/Tolerance".
   * (A density that is not finite stops FokkerPlanckSolver::run before an
   * observer sees it.)
   *
   * @p nu holds every node in the global numbering (as an observer of
   * FokkerPlanckSolver receives it, on every rank); on a negative value the
   * support points are gathered, collectively for the mesh's communicator.
   */
  template <int dim>
  dealii::Vector<double>
  non_negative_density(const MeshDiscretisation<dim> &mesh,
                       const dealii::Vector<double>  &nu,
                       const MeshFlowParameters      &flow,
                       const double                   time);
} // namespace mfpg

#endif
