#ifndef mfpg_verification_weighted_points_h
#define mfpg_verification_weighted_points_h

#include <deal.II/base/array_view.h>

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * A discrete probability measure sum_n w_n delta_{x_n} on R^d: the common
   * input of the Wasserstein distances of model.md §9 (wasserstein_1d(),
   * wasserstein_network_simplex(), sinkhorn_divergence()). A particle cloud
   * is one with equal weights 1/N; a mesh density is one with the nodal
   * quadrature weights (mesh_density_points()).
   *
   * The points are stored as one flat array, point after point (d numbers
   * each), as ParticleEnsemble stores its particles, so that
   * WeightedPoints(ensemble.dimension(), ensemble.gathered_coordinates())
   * is the empirical measure nu^N (on rank 0, where the gather lands).
   *
   * The constructors check the input and throw std::invalid_argument, naming
   * the problem, for: d = 0, no points, a coordinate array whose length is
   * not a multiple of d, non-finite coordinates, a weight array of another
   * length than the number of points, a negative or non-finite weight, or
   * weights whose sum differs from 1 by more than 1e-10 (a measure that is
   * not a probability is a bug of the caller, not something to normalise
   * away silently). Weights within that tolerance are then divided by their
   * sum, so that later algorithms see a sum of 1 to rounding. Cost O(N d).
   */
  class WeightedPoints
  {
  public:
    /** The points @p coordinates (N d numbers) with weights @p weights. */
    WeightedPoints(const unsigned int  dimension,
                   std::vector<double> coordinates,
                   std::vector<double> weights);

    /** The points @p coordinates with equal weights 1/N (a particle cloud). */
    WeightedPoints(const unsigned int  dimension,
                   std::vector<double> coordinates);

    /** d. */
    unsigned int
    dimension() const;

    /** N. */
    unsigned int
    n_points() const;

    /** x_n, d numbers. */
    dealii::ArrayView<const double>
    point(const unsigned int n) const;

    /** w_n. */
    double
    weight(const unsigned int n) const;

    /** x_1, ..., x_N, point after point. */
    const std::vector<double> &
    coordinates() const;

    /** w_1, ..., w_N (sum 1 to rounding). */
    const std::vector<double> &
    weights() const;

  private:
    unsigned int        d;
    std::vector<double> x;
    std::vector<double> w;
  };

  /**
   * |x_n - y_m|^2 for x_n of @p a and y_m of @p b (same dimension, not
   * checked). Cost O(d).
   */
  double
  squared_distance(const WeightedPoints &a,
                   const unsigned int    n,
                   const WeightedPoints &b,
                   const unsigned int    m);

  /**
   * Throw std::invalid_argument, naming @p function, when @p a and @p b live
   * in different dimensions.
   */
  void
  check_same_dimension(const WeightedPoints &a,
                       const WeightedPoints &b,
                       const std::string    &function);
} // namespace mfpg

#endif
