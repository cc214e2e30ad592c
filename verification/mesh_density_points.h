#ifndef mfpg_verification_mesh_density_points_h
#define mfpg_verification_mesh_density_points_h

#include <deal.II/lac/vector.h>

#include "solver/mesh_discretisation.h"
#include "verification/weighted_points.h"

namespace mfpg
{
  /**
   * The discrete measure that the nodal quadrature of the law reading
   * makes of a finite-element density nu (model.md §5, §9.5): points
   * theta_i (the support points) with weights m~_i nu_i / sum_j m~_j nu_j,
   * m~_i = MeshDiscretisation::law_mass(), the lumped mass of the
   * piecewise-linear law on the Q1 sub-cells. For Q1 this is the
   * quadrature ∫ g nu ≈ sum_i m_i g(theta_i) nu_i that every integral of nu
   * in the solver uses, so the measure has the solver's own mass, mean and
   * covariance (to rounding), and the normalisation only removes the
   * solver's mass error (exactly 0 for the exponential fitting). For Q2 it
   * is the trapezoidal rule on the sub-cell grid of edge h / 2 where the
   * solver uses Simpson's rule: mean and covariance differ from the
   * solver's by O(h^2) (the trapezoid's error, (h/2)^2 / 12 ∫ g'' nu per
   * axis), the price of a law that is non-negative wherever the nodal
   * values are (the Q2 function can dip below 0 between them). Below, h is
   * the node spacing (the sub-cell edge for Q2).

   * Error it adds. For smooth test functions g the quadrature is second
   * order, O(h^2) (h the cell edge). A Wasserstein distance, however, sees
   * the atoms: the mass of a (dual) cell of edge h sits at its node, which
   * costs h^2 / 12 per axis in W2^2. So W2(points, nu) itself is first
   * order, ~ h sqrt(d / 12) (measured in 1-D, Q1 on [-8, 8] for
   * N(0.3, 0.8^2): W2 / h = 0.2899 at h = 1/2, 0.28868 at h = 1/32, vs
   * 1/sqrt 12 = 0.28868). A distance to a law at distance W > 0 picks this
   * up only squared, W2^2 = W^2 + O(h^2), i.e. W2 = W + O(h^2 / W): second
   * order (measured to N(-0.5, 1.2^2): error 1.7e-2 at h = 1/2, 6.8e-5 at
   * h = 1/32, observed order 2.00). Compare mesh densities with laws at
   * distances well above h, or subtract the floor in quadrature.
   *
   * @p nu holds the nodal values of @p discretisation (n_dofs() numbers).
   * A negative m_i nu_i (Galerkin densities can undershoot) or a
   * non-positive total mass throws std::invalid_argument, as does a vector
   * of the wrong size. Cost O(n_dofs d).
   */
  template <int dim>
  WeightedPoints
  mesh_density_points(const MeshDiscretisation<dim> &discretisation,
                      const dealii::Vector<double>  &nu);
} // namespace mfpg

#endif
