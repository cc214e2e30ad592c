#ifndef mfpg_verification_grid_network_simplex_h
#define mfpg_verification_grid_network_simplex_h

#include <deal.II/lac/vector.h>

#include "solver/mesh_discretisation.h"
#include "verification/tensor_grid_measure.h"
#include "verification/wasserstein_network_simplex.h"

#include <cstddef>

namespace mfpg
{
  /**
   * W2 between the Q1 or Q2 densities @p nu_a of @p mesh_a and @p nu_b of
   * @p mesh_b (uniform tensor grids of boxes, node spacings h_a, h_b; see
   * tensor_grid_measure()) by exact discrete OT between their nodal
   * measures (wasserstein_network_simplex(), model.md §9.3), with the
   * quantisation offset of the atoms bracketed (model.md §9.8).
   *
   * The offset. Each atom carries the mass of its dual cell, so along the
   * optimal coupling the atoms' positions differ from those of the smooth
   * laws by a sawtooth of mean 0 and mean square h^2 / 12 per axis. With
   * r_a, r_b these displacements, W2^2(atoms) = W2^2 + 2 <T - id, r_b - r_a>
   * + |r_a - r_b|^2, the middle term averaging out (T smooth on the scale
   * h), so
   *
   *   0 <= W2^2(atoms) - W2^2 <= |r_a - r_b|^2 <= d (h_a + h_b)^2 / 12
   *
   * (Cauchy-Schwarz). A translation by v on one grid gives exactly
   * sum_k phi_k (h - phi_k), phi_k = v_k mod h, between 0 and d h^2 / 4;
   * for a generic map the phases are spread and the offset is near the
   * midpoint d h^2 / 6 (measured 0.13 to 0.15 d h^2 for two 2-D Gaussians).
   * Two close densities (W comparable to h) are then at atomic distance
   * ~ sqrt(h W), not W: the bracket is what makes the method usable there.
   *
   * Returned: distance the midpoint of the bracket [sqrt(max(D^2 - delta -
   * r, 0)), sqrt(D^2 + r)] for W2, with D the atomic distance, delta =
   * d (h_a + h_b)^2 / 12, r the rounding bound of the network simplex;
   * error_estimate its half-width (a bound under the assumptions above).
   * A bias of first order in W2 when W2 ~ h, of O(h^2 / W2) when W2 >> h.
   * Cost as wasserstein_network_simplex() for N_a N_b pairs (at most
   * @p max_pairs, else std::invalid_argument): coarse grids only, e.g.
   * 32^2 or 10^3 nodes.
   */
  template <int dim>
  GridWasserstein
  grid_network_simplex_wasserstein(
    const MeshDiscretisation<dim> &mesh_a,
    const dealii::Vector<double>  &nu_a,
    const MeshDiscretisation<dim> &mesh_b,
    const dealii::Vector<double>  &nu_b,
    const std::size_t max_pairs = network_simplex_default_max_pairs);
} // namespace mfpg

#endif
