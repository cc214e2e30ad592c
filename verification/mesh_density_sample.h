#ifndef mfpg_verification_mesh_density_sample_h
#define mfpg_verification_mesh_density_sample_h

#include <deal.II/lac/vector.h>

#include "solver/mesh_discretisation.h"
#include "verification/weighted_points.h"

#include <cstdint>

namespace mfpg
{
  /**
   * N independent draws from the Q1 or Q2 density nu of a mesh, read as
   * the continuous piecewise-linear law on the Q1 sub-cells (model.md §9.5;
   * the cells themselves for Q1, the 2^d sub-cells of edge h / 2 that the
   * equispaced nodes cut a Q2 cell into: the law of
   * MeshDiscretisation::law_mass(), non-negative wherever the nodal values
   * are, O(h^2) from the Q2 function): a sub-cell is chosen with
   * probability its mass (∫ over a box of a multilinear function is its
   * volume times the mean of its corner values), then a point of it by
   * rejection against the largest corner value (a bound of the multilinear
   * interpolant of non-negative values; acceptance rate the mean over the
   * max of the corners). Draw n uses RandomStream(seed, n, 0) only, so the
   * sample is a function of (seed, n) and a new seed gives an independent
   * sample.

   * Used for the empirical-measure floor of model.md §6: W2(nu_h,
   * sample_N(nu_h)) is what a particle cloud that follows nu_h exactly
   * would show, so W2(nu_h, nu^N) is read against it.
   *
   * Needs degree 1 or 2, nodal values of the mesh's size, nu >= 0 with
   * positive mass, and cells that are axis-parallel boxes (ParameterDomain's
   * boxes; not a distorted Gmsh mesh): std::invalid_argument otherwise.
   * Cost O(n_dofs + N log n_sub_cells) plus the rejections.
   */
  template <int dim>
  WeightedPoints
  sample_mesh_density(const MeshDiscretisation<dim> &mesh,
                      const dealii::Vector<double>  &nu,
                      const unsigned int             n_points,
                      const std::uint64_t            seed);
} // namespace mfpg

#endif
