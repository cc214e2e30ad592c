#ifndef mfpg_verification_grid_sinkhorn_divergence_h
#define mfpg_verification_grid_sinkhorn_divergence_h

#include <deal.II/lac/vector.h>

#include "solver/mesh_discretisation.h"
#include "verification/tensor_grid_measure.h"

#include <vector>

namespace mfpg
{
  /** The parameters of grid_sinkhorn_divergences() and
   * grid_sinkhorn_wasserstein(). */
  struct GridSinkhornParameters
  {
    /**
     * The smallest eps as a multiple of h^2, h the larger node spacing of
     * the two grids; at least 1. The sums over the nodes are trapezoidal
     * rules of functions smooth on the scale sqrt(eps), whose error (Poisson
     * summation of a Gaussian kernel of variance eps / 2) is about
     * 2 exp(-pi^2 eps / h^2): 3e-9 relative at 2 h^2, 1e-4 at h^2.
     */
    double finest_epsilon_over_h_squared = 2.;
    /**
     * The number of eps, eps_min 2^(n-1), ..., 2 eps_min, eps_min; at least
     * 3 (two Richardson values, whose difference is the error estimate).
     */
    unsigned int n_epsilons = 3;
    /**
     * Stop each OT_eps when its dual value changes by at most this (units
     * of squared distance) in one iteration: a stopping rule, not a bound.
     */
    double tolerance = 1e-10;
    /** Iterations per problem and eps before giving up (std::runtime_error). */
    unsigned int max_iterations = 20000;
  };

  /** The Sinkhorn divergences of grid_sinkhorn_divergences(). */
  struct GridSinkhornDivergences
  {
    /** S_eps(a, b) at each eps given. */
    std::vector<double> divergences;
    /** Iterations of the three problems over all eps. */
    unsigned int n_iterations = 0;
  };

  /**
   * The Sinkhorn divergence S_eps(a, b) = OT_eps(a, b) - (OT_eps(a, a) +
   * OT_eps(b, b)) / 2 of model.md §9.4 between two measures on tensor grids
   * (the grids may differ), at each of the decreasing @p epsilons, by
   * Sinkhorn iterations in the log domain with the kernel applied one axis
   * at a time (model.md §9.8, Solomon et al. 2015): since |x - y|^2 =
   * sum_k (x_k - y_k)^2, the soft c-transform
   *
   *   f(x) = -eps log sum_y b_y exp((g_y - |x - y|^2) / eps)
   *
   * is d one-dimensional log-sum-exp contractions, one per axis, each of
   * them a product with the matrix exp(-(x_k - y_k)^2 / eps) after
   * subtracting the maximum of each line (an entry whose sum would
   * underflow is recomputed with the maximum of the exponents, so no eps is
   * too small). Cost O(n^(d+1)) per iteration for n nodes per axis instead
   * of O(n^(2d)), memory O(n^d). The iterations start at eps = c_max and
   * halve eps once per iteration down to epsilons[0]; each later eps starts
   * from the potentials of the previous one. Between two measures at
   * distance W, S_eps = W2^2 + c_2 eps^2 + O(eps^3) for smooth densities
   * (even powers only for Gaussians).
   *
   * Throws std::invalid_argument for non-positive or non-decreasing eps or
   * tolerance, std::runtime_error when an OT_eps does not converge.
   */
  template <int dim>
  GridSinkhornDivergences
  grid_sinkhorn_divergences(const TensorGridMeasure<dim> &a,
                            const TensorGridMeasure<dim> &b,
                            const std::vector<double>    &epsilons,
                            const GridSinkhornParameters &parameters = {});

  /**
   * W2 between two measures @p a and @p b on uniform tensor grids (possibly
   * different), by the debiased Sinkhorn divergence on the grids
   * extrapolated to eps -> 0 (model.md §9.8):
   *
   *  - eps_j = eps_min 2^(n-1-j), j = 0..n-1, eps_min =
   *    finest_epsilon_over_h_squared h^2, with h the larger spacing;
   *  - Richardson in eps^2 on consecutive pairs, R_j = (4 S(eps_{j+1}) -
   *    S(eps_j)) / 3, which removes the c_2 eps^2 term;
   *  - W2^2 ~ R_{n-2}, with the estimated error |R_{n-2} - R_{n-3}| (the
   *    error of the previous, coarser extrapolation: an overestimate by
   *    about 8 if the next term is eps^3 and 16 if eps^4), converted to W2
   *    as min(sqrt(e), e / W).
   *
   * What it estimates: the W2 between the laws whose trapezoidal rules on
   * the grids are the nodal measures; for sqrt(eps) well above h the nodal
   * sums are accurate to about 2 exp(-pi^2 eps / h^2), so the atoms do not
   * show. The error estimate covers the extrapolation only, not the
   * stopping rule (parameters.tolerance) nor the O(exp(-pi^2 eps_min /
   * h^2)) quadrature. Cost: that of grid_sinkhorn_divergences() at n_eps
   * eps, independent of how the weights came about.
   */
  template <int dim>
  GridWasserstein
  grid_sinkhorn_wasserstein(const TensorGridMeasure<dim> &a,
                            const TensorGridMeasure<dim> &b,
                            const GridSinkhornParameters &parameters = {});

  /**
   * W2 between the Q1 or Q2 densities @p nu_a of @p mesh_a and @p nu_b of
   * @p mesh_b (uniform tensor grids of boxes, possibly different): the
   * grid_sinkhorn_wasserstein() above between their tensor_grid_measure().
   * The continuous piecewise-linear laws (docs/model.md §8.1; for Q2 on
   * the sub-cells) are the nodal measures convolved with the
   * tensor hat function (variance h^2 / 6 per axis); their W2 differs from
   * this one by O(h^2).
   */
  template <int dim>
  GridWasserstein
  grid_sinkhorn_wasserstein(const MeshDiscretisation<dim> &mesh_a,
                            const dealii::Vector<double>  &nu_a,
                            const MeshDiscretisation<dim> &mesh_b,
                            const dealii::Vector<double>  &nu_b,
                            const GridSinkhornParameters  &parameters = {});
} // namespace mfpg

#endif
