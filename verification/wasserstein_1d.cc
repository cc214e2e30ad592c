#include "verification/wasserstein_1d.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace mfpg
{
  namespace
  {
    /** The indices of the points of @p p in increasing order of position. */
    std::vector<unsigned int>
    sorted_order(const WeightedPoints &p)
    {
      std::vector<unsigned int> order(p.n_points());
      std::iota(order.begin(), order.end(), 0u);
      const std::vector<double> &x = p.coordinates();
      std::sort(order.begin(),
                order.end(),
                [&x](const unsigned int i, const unsigned int j) {
                  return x[i] < x[j];
                });
      return order;
    }
  } // namespace

  double
  wasserstein_1d(const WeightedPoints &a, const WeightedPoints &b)
  {
    check_same_dimension(a, b, "wasserstein_1d");
    if (a.dimension() != 1)
      throw std::invalid_argument(
        "wasserstein_1d: the quantile coupling is optimal on the line only; "
        "the point sets have dimension " +
        std::to_string(a.dimension()) +
        " (use wasserstein_network_simplex or sinkhorn_divergence)");

    const std::vector<unsigned int> ia = sorted_order(a), ib = sorted_order(b);
    const std::vector<double>      &x = a.coordinates(), &y = b.coordinates();
    std::size_t                     n = 0, m = 0;
    double left_a = a.weight(ia[0]), left_b = b.weight(ib[0]);
    double squared = 0.;
    while (true)
      {
        const double moved = std::min(left_a, left_b);
        const double gap   = x[ia[n]] - y[ib[m]];
        squared += moved * gap * gap;
        left_a -= moved;
        left_b -= moved;
        // advance the set whose current atom is used up (both on a tie)
        if (left_a <= left_b)
          {
            if (++n == ia.size())
              break;
            left_a = a.weight(ia[n]);
          }
        else
          {
            if (++m == ib.size())
              break;
            left_b = b.weight(ib[m]);
          }
      }
    return std::sqrt(std::max(squared, 0.));
  }
} // namespace mfpg
