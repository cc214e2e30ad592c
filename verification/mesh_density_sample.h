#ifndef mfpg_verification_mesh_density_sample_h
#define mfpg_verification_mesh_density_sample_h

#include <deal.II/lac/vector.h>

#include "solver/mesh_discretisation.h"
#include "verification/weighted_points.h"

#include <cstdint>

namespace mfpg
{
  /**
   * N independent draws from the Q1 density nu of a mesh, read as the
   * continuous law nu_h = sum_i nu_i phi_i / ∫ nu_h: a cell is chosen with
   * probability its mass (∫ over a box cell of a multilinear function is
   * its volume times the mean of its corner values), then a point of the
   * cell by rejection against the largest corner value (a bound of the
   * multilinear interpolant of non-negative values; acceptance rate the
   * mean over the max of the corners). Draw n uses
   * RandomStream(seed, n, 0) only, so the sample is a function of
   * (seed, n) and a new seed gives an independent sample.
   *
   * Used for the empirical-measure floor of model.md §6: W2(nu_h,
   * sample_N(nu_h)) is what a particle cloud that follows nu_h exactly
   * would show, so W2(nu_h, nu^N) is read against it.
   *
   * Needs Q1, nodal values of the mesh's size, nu >= 0 with positive mass,
   * and cells that are axis-parallel boxes (ParameterDomain's boxes; not a
   * distorted Gmsh mesh): std::invalid_argument otherwise. Cost O(n_dofs +
   * N log n_cells) plus the rejections.
   */
  template <int dim>
  WeightedPoints
  sample_mesh_density(const MeshDiscretisation<dim> &mesh,
                      const dealii::Vector<double>  &nu,
                      const unsigned int             n_points,
                      const std::uint64_t            seed);
} // namespace mfpg

#endif
