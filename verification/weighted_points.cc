#include "verification/weighted_points.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <utility>

namespace mfpg
{
  namespace
  {
    [[noreturn]] void
    invalid(const std::string &problem)
    {
      throw std::invalid_argument("WeightedPoints: " + problem);
    }

    /**
     * 1/N for each of the N points of @p n_coordinates numbers (the checks
     * of the main constructor catch the cases without such N).
     */
    std::vector<double>
    equal_weights(const unsigned int d, const std::size_t n_coordinates)
    {
      const std::size_t n = d > 0 ? n_coordinates / d : 0;
      return std::vector<double>(n, n > 0 ? 1. / n : 0.);
    }
  } // namespace

  WeightedPoints::WeightedPoints(const unsigned int  dimension,
                                 std::vector<double> coordinates,
                                 std::vector<double> weights)
    : d(dimension)
    , x(std::move(coordinates))
    , w(std::move(weights))
  {
    if (d == 0)
      invalid("the dimension d must be at least 1");
    if (x.empty())
      invalid("the point set is empty (a probability measure needs at least "
              "one point)");
    if (x.size() % d != 0)
      invalid("the coordinate array has " + std::to_string(x.size()) +
              " numbers, not a multiple of the dimension " + std::to_string(d));
    const std::size_t n = x.size() / d;
    if (w.size() != n)
      invalid(std::to_string(w.size()) + " weights for " + std::to_string(n) +
              " points");
    for (std::size_t k = 0; k < x.size(); ++k)
      if (!std::isfinite(x[k]))
        invalid("coordinate " + std::to_string(k % d) + " of point " +
                std::to_string(k / d) + " is not finite");
    // Neumaier-compensated sum: exact to a few eps for any N (a naive sum
    // of 10^7 weights 1/N can miss 1 by more than the tolerance)
    double sum = 0., compensation = 0.;
    for (std::size_t k = 0; k < n; ++k)
      {
        if (!std::isfinite(w[k]) || w[k] < 0.)
          invalid("weight " + std::to_string(k) + " is " +
                  std::to_string(w[k]) +
                  " (weights must be finite and non-negative)");
        const double next = sum + w[k];
        compensation += std::abs(sum) >= std::abs(w[k]) ? (sum - next) + w[k] :
                                                          (w[k] - next) + sum;
        sum = next;
      }
    sum += compensation;
    if (!(std::abs(sum - 1.) <= 1e-10))
      invalid("the weights sum to " + std::to_string(sum) +
              ", not 1 (to 1e-10): normalise the measure first");
    for (double &wk : w)
      wk /= sum;
  }

  WeightedPoints::WeightedPoints(const unsigned int  dimension,
                                 std::vector<double> coordinates)
    : WeightedPoints(dimension,
                     coordinates,
                     equal_weights(dimension, coordinates.size()))
  {
  }

  unsigned int
  WeightedPoints::dimension() const
  {
    return d;
  }

  unsigned int
  WeightedPoints::n_points() const
  {
    return w.size();
  }

  dealii::ArrayView<const double>
  WeightedPoints::point(const unsigned int n) const
  {
    return dealii::ArrayView<const double>(x.data() + std::size_t(n) * d, d);
  }

  double
  WeightedPoints::weight(const unsigned int n) const
  {
    return w[n];
  }

  const std::vector<double> &
  WeightedPoints::coordinates() const
  {
    return x;
  }

  const std::vector<double> &
  WeightedPoints::weights() const
  {
    return w;
  }

  double
  squared_distance(const WeightedPoints &a,
                   const unsigned int    n,
                   const WeightedPoints &b,
                   const unsigned int    m)
  {
    const unsigned int d  = a.dimension();
    const double      *xn = a.coordinates().data() + std::size_t(n) * d;
    const double      *ym = b.coordinates().data() + std::size_t(m) * d;
    double             s  = 0.;
    for (unsigned int k = 0; k < d; ++k)
      s += (xn[k] - ym[k]) * (xn[k] - ym[k]);
    return s;
  }

  void
  check_same_dimension(const WeightedPoints &a,
                       const WeightedPoints &b,
                       const std::string    &function)
  {
    if (a.dimension() != b.dimension())
      throw std::invalid_argument(function +
                                  ": the point sets live in different "
                                  "dimensions (" +
                                  std::to_string(a.dimension()) + " and " +
                                  std::to_string(b.dimension()) + ")");
  }
} // namespace mfpg
