#ifndef mfpg_verification_mesh_wasserstein_h
#define mfpg_verification_mesh_wasserstein_h

#include <deal.II/lac/vector.h>

#include "solver/mesh_discretisation.h"
#include "verification/tensor_grid_measure.h"

namespace mfpg
{
  /**
   * W2 between two Q1 densities @p a and @p b of @p mesh (model.md §9):
   * exact in d = 1 (mesh_density_wasserstein_1d, error estimate 0), by
   * grid_sinkhorn_wasserstein() with its error estimate in d = 2, 3.
   */
  template <int dim>
  GridWasserstein
  mesh_wasserstein(const MeshDiscretisation<dim> &mesh,
                   const dealii::Vector<double>  &a,
                   const dealii::Vector<double>  &b);

  /**
   * What mesh_wasserstein() needs of the mesh, checked before a run: in
   * d = 2, 3 a uniform tensor grid of a box (tensor_grid_measure() of the
   * density @p nu), else a ParameterError naming "Mesh"; nothing in d = 1.
   */
  template <int dim>
  void
  require_tensor_grid(const MeshDiscretisation<dim> &mesh,
                      const dealii::Vector<double>  &nu);
} // namespace mfpg

#endif
