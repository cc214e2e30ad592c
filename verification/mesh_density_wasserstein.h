#ifndef mfpg_verification_mesh_density_wasserstein_h
#define mfpg_verification_mesh_density_wasserstein_h

#include <deal.II/lac/vector.h>

#include "solver/mesh_discretisation.h"
#include "verification/grid_sinkhorn_divergence.h"
#include "verification/weighted_points.h"

namespace mfpg
{
  /**
   * W2 between two Q1 or Q2 densities on the same 1-D mesh, exactly as
   * continuous piecewise-linear laws (not as atoms at the nodes; for Q2 the
   * sub-cell law of MeshDiscretisation::law_mass(), O(h^2) from the Q2
   * function in W2): each density is piecewise linear, its CDF piecewise quadratic and inverted in closed
   * form, and W2^2 = ∫_0^1 (F_a^{-1}(u) - F_b^{-1}(u))^2 du is integrated
   * between the merged breakpoints {F_a(x_i)} ∪ {F_b(x_i)} by a 4-point
   * Gauss rule on which the integrand is smooth (measured relative error
   * 1e-10 against exact moments; the cells of the far tails, where the
   * quantile steepens like 1/sqrt of a tiny density, dominate it). Both
   * densities are normalised by their mass.
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

  /**
   * W2 between the Q1 or Q2 density @p nu of a 1-D mesh, as the continuous
   * piecewise-linear law, and a discrete measure (a particle cloud, or a
   * sample of nu itself to measure the empirical-measure floor of
   * model.md §6), exactly by the same quantile coupling: between merged
   * breakpoints the points' quantile is constant and the density's smooth.
   * No atom floor enters: W2(nu, sample_N(nu)) -> 0 as N grows.
   * Cost O((n + N) log(n + N)).
   */
  double
  mesh_density_wasserstein_1d(const MeshDiscretisation<1>  &mesh,
                              const dealii::Vector<double> &nu,
                              const WeightedPoints         &points);

  /**
   * W2 between two Q1 or Q2 densities @p a and @p b of one mesh in d = dim, as
   * the experiments of model.md §6.6 measure it (model.md §9.7): exactly in
   * d = 1 (mesh_density_wasserstein_1d(), error estimate 0), by the debiased
   * Sinkhorn divergence on the tensor grid extrapolated to eps -> 0 in
   * d = 2, 3 (grid_sinkhorn_wasserstein() with @p sinkhorn, error estimate
   * beside it; a mesh that is not a uniform tensor grid throws
   * std::invalid_argument).
   */
  template <int dim>
  GridWasserstein
  mesh_density_wasserstein(const MeshDiscretisation<dim> &mesh,
                           const dealii::Vector<double>  &a,
                           const dealii::Vector<double>  &b,
                           const GridSinkhornParameters  &sinkhorn = {});

  /**
   * What mesh_density_wasserstein() needs of the mesh, checked before a run: in
   * d = 2, 3 a uniform tensor grid of a box (tensor_grid_measure() of the
   * density @p nu), else a ParameterError naming "Mesh"; nothing in d = 1.
   */
  template <int dim>
  void
  require_tensor_grid(const MeshDiscretisation<dim> &mesh,
                      const dealii::Vector<double>  &nu);
} // namespace mfpg

#endif
