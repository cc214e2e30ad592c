#ifndef mfpg_verification_mesh_density_wasserstein_h
#define mfpg_verification_mesh_density_wasserstein_h

#include <deal.II/lac/vector.h>

#include "solver/mesh_discretisation.h"

namespace mfpg
{
  /**
   * W2 between two Q1 densities on the same 1-D mesh, exactly as
   * continuous densities (not as atoms at the nodes): each density is
   * piecewise linear, its CDF piecewise quadratic and inverted in closed
   * form, and W2^2 = ∫_0^1 (F_a^{-1}(u) - F_b^{-1}(u))^2 du is integrated
   * between the merged breakpoints {F_a(x_i)} ∪ {F_b(x_i)} by a 4-point
   * Gauss rule on which the integrand is smooth (error below 1e-12 relative
   * for the meshes we use). Both densities are normalised by their mass.
   *
   * Why not mesh_density_points(): two atomic measures on the same nodes
   * whose weights differ by delta are at distance ~ h sqrt(delta), not
   * ~ delta, so the distance between two close mesh densities decays at
   * half the rate of the true one. Cost O(n log n) for n nodes.
   */
  double
  mesh_density_wasserstein_1d(const MeshDiscretisation<1>  &mesh,
                              const dealii::Vector<double> &a,
                              const dealii::Vector<double> &b);
} // namespace mfpg

#endif
