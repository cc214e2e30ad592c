#include "verification/wasserstein_1d.h"

#include "verification/quantile_laws.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

namespace mfpg
{
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

    return quantile_laws::quantile_distance(quantile_laws::StepLaw(a),
                                            quantile_laws::StepLaw(b));
  }
} // namespace mfpg
