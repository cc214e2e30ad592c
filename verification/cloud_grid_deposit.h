#ifndef mfpg_verification_cloud_grid_deposit_h
#define mfpg_verification_cloud_grid_deposit_h

#include "verification/tensor_grid_measure.h"
#include "verification/weighted_points.h"

#include <array>
#include <vector>

namespace mfpg
{
  /** The result of cloud_grid_deposit(). */
  template <int dim>
  struct CloudGridDeposit
  {
    /** The deposited measure on the nodes of the grid. */
    TensorGridMeasure<dim> measure;
    /**
     * s, the root of the cost of the deposition as a coupling between the
     * cloud and measure: an upper bound of W2(cloud, measure).
     */
    double spread = 0.;
  };

  /**
   * The cloud-in-cell deposit of @p cloud on the tensor grid with the node
   * coordinates @p axes (each increasing, at least two nodes; model.md
   * §9.9). A point x is first moved to its nearest point x' of the box
   * (clamp), then its weight w is shared among the 2^d corners of its cell
   * with the tensor-product hat weights prod_k (1 - t_k) or t_k, t_k =
   * (x'_k - x^k_{i_k}) / h_k its relative position in the cell along axis k,
   * h_k that cell's width. The deposit keeps the mass, and the mean of the
   * points inside the box (the hat weights reproduce linear functions).
   *
   * The sharing is a coupling between the cloud and the deposit whose cost
   * is exactly
   *
   *   s^2 = sum_i w_i [ |x_i - x'_i|^2 + sum_k t_ik (1 - t_ik) h_k^2 ]
   *
   * (the corners' mass-weighted mean is x', so the cross term vanishes, and
   * per axis (1 - t)(t h)^2 + t((1 - t) h)^2 = t(1 - t) h^2): hence
   * W2(cloud, deposit) <= s <= sqrt(sum_k h_k^2) / 2 + (the clamp's share).
   * Cost O(N 2^d). Called as cloud_grid_deposit<dim>() (dim is not deduced
   * from std::array). Throws std::invalid_argument when the dimension of the
   * cloud is not dim or an axis has fewer than two nodes or does not
   * increase.
   */
  template <int dim>
  CloudGridDeposit<dim>
  cloud_grid_deposit(const WeightedPoints                       &cloud,
                     const std::array<std::vector<double>, dim> &axes);
} // namespace mfpg

#endif
