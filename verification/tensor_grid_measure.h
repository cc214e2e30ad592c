#ifndef mfpg_verification_tensor_grid_measure_h
#define mfpg_verification_tensor_grid_measure_h

#include <deal.II/lac/vector.h>

#include "solver/mesh_discretisation.h"

#include <array>
#include <vector>

namespace mfpg
{
  /**
   * The nodal measure of a Q1 or Q2 density on a uniform tensor grid of a
   * box (model.md §9.5, §9.8): the atoms theta_i = (x^0_{i_0}, ...,
   * x^{d-1}_{i_{d-1}}) with the weights w_i = m~_i nu_i / sum_j m~_j nu_j of
   * mesh_density_points() (m~ the law mass; for Q2 the nodes are the
   * corners of the sub-cells, a grid of spacing h / 2), stored by axes so that a kernel exp(-|x - y|^2 /
   * eps), which factorises over the axes, can be applied one axis at a time.
   */
  template <int dim>
  struct TensorGridMeasure
  {
    /** The node coordinates of each axis, increasing and equally spaced. */
    std::array<std::vector<double>, dim> axes;
    /**
     * The weights, row-major with axis 0 slowest: the node (i_0, ..., i_{d-1})
     * has index (...(i_0 n_1 + i_1) n_2 + ...) + i_{d-1}.
     */
    std::vector<double> weights;

    /** The number of nodes of axis @p k. */
    unsigned int
    n_nodes(const unsigned int k) const;

    /** The largest node spacing over the axes. */
    double
    spacing() const;
  };

  /**
   * The result of the W2 distances between two mesh densities on tensor
   * grids (grid_sinkhorn_wasserstein(), grid_network_simplex_wasserstein()).
   */
  struct GridWasserstein
  {
    /** The estimate of W2 (not W2^2). */
    double distance = 0.;
    /** The estimate of |distance - W2| (what it covers: see each method). */
    double error_estimate = 0.;
    /** The entropic regularisations used, decreasing (empty: exact OT). */
    std::vector<double> epsilons;
    /** The Sinkhorn divergence S_eps at each of them. */
    std::vector<double> divergences;
    /** Sinkhorn iterations over all problems and eps (0: exact OT). */
    unsigned int n_iterations = 0;
  };

  /**
   * The density @p nu (n_dofs() nodal values) of a Q1 or Q2 mesh as a
   * TensorGridMeasure. The weights are those of mesh_density_points(), which
   * checks the density (size, non-negative nodal masses, positive total).
   * The mesh must be a uniform tensor grid: its support points are the
   * product of their coordinate sets on each axis (compared with a
   * tolerance of 1e-9 times the box's extent), each node once, equally
   * spaced on each axis; this is what ParameterDomain makes of a box with
   * subdivisions and global refinements. Anything else (a Gmsh mesh that is
   * not such a grid, a space of degree 3 or 4, a mesh split over several ranks, whose
   * support points are only the locally relevant ones) throws
   * std::invalid_argument naming the cause. Cost O(n_dofs log n_dofs).
   */
  template <int dim>
  TensorGridMeasure<dim>
  tensor_grid_measure(const MeshDiscretisation<dim> &discretisation,
                      const dealii::Vector<double>  &nu);
} // namespace mfpg

#endif
