#ifndef mfpg_tests_verification_tensor_grid_cases_h
#define mfpg_tests_verification_tensor_grid_cases_h

// Q1 meshes of boxes that are uniform tensor grids, and Gaussian densities
// at their nodes: the cases of the grid Wasserstein tests (model.md §9.8,
// §9.9).

#include <deal.II/numerics/vector_tools.h>

#include "meshes/parameter_domain.h"
#include "solver/mesh_discretisation.h"
#include "tests/solver/mesh_cases.h"

namespace mfpg::test
{
  /** Q1 on the box [lo, hi]^dim in n^dim cells. */
  inline ParameterDomain
  grid_box(const double lo, const double hi, const unsigned int n)
  {
    ParameterDomain domain;
    domain.lower_corner       = {lo};
    domain.upper_corner       = {hi};
    domain.subdivisions       = {n};
    domain.global_refinements = 0;
    return domain;
  }

  /** The density of @p law at the nodes of @p mesh. */
  template <int dim>
  dealii::Vector<double>
  nodal_density(const MeshDiscretisation<dim> &mesh, const GaussianLaw &law)
  {
    dealii::Vector<double> nu(mesh.n_dofs());
    dealii::VectorTools::interpolate(mesh.dof_handler(),
                                     GaussianDensity<dim>(law),
                                     nu);
    return nu;
  }
} // namespace mfpg::test

#endif
