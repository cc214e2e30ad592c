#include "verification/stability_bound.h"

#include <boost/math/tools/minima.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>

namespace mfpg
{
  namespace
  {
    constexpr double not_used = std::numeric_limits<double>::quiet_NaN();
    constexpr double infinity = std::numeric_limits<double>::infinity();

    /**
     * Brent's method to about 1e-8 relative in the argument; it may probe
     * the ends of the interval, where the functions below are infinite.
     */
    template <typename Function>
    std::pair<double, double>
    minimum_on(const Function &f, const double lower, const double upper)
    {
      return boost::math::tools::brent_find_minima(
        f, lower, upper, std::numeric_limits<double>::digits / 2);
    }

    /** (1 - e^{-r t}) / r = ∫_0^t e^{-r u} du, also for r -> 0. */
    double
    relaxation_integral(const double rate, const double t)
    {
      return rate == 0. ? t : -std::expm1(-rate * t) / rate;
    }

    void
    require_positive_beta(const StabilityGap &gap)
    {
      if (!(gap.beta > 0.))
        throw std::invalid_argument(
          "the stability bound needs beta > 0 (docs/model.md §6.3)");
    }
  } // namespace

  StabilityBound
  stationary_stability_bound(const StabilityGap &gap,
                             const double        grad_U_squared)
  {
    require_positive_beta(gap);
    const double x = gap.delta_sigma2;
    // the stationary point of the comparison u' = -2 b u + 2 D|dtau| sqrt(u)
    // + c: the positive root in sqrt(u) of 2 b u - 2 D|dtau| sqrt(u) - c
    const auto bound_at = [&](const double l) {
      const double b = gap.beta - l * x;
      if (!(b > 0.) || (x > 0. && !(l > 0.)))
        return infinity; // outside the admissible interval
      const double c =
        (x > 0. ? x / (8. * l) * grad_U_squared : 0.) + gap.noise_gap;
      const double root =
        (gap.drift_gap +
         std::sqrt(gap.drift_gap * gap.drift_gap + 2. * b * c)) /
        (2. * b);
      return root * root;
    };
    if (x == 0.)
      return {bound_at(0.), not_used, not_used};
    const auto [l, value] = minimum_on(bound_at, 0., gap.beta / x);
    return {value, l, not_used};
  }

  StabilityBound
  flow_stability_bound(const StabilityGap &gap,
                       const double        t,
                       const double        initial_squared_distance,
                       const std::function<double(double)> &memory)
  {
    require_positive_beta(gap);
    if (t == 0.)
      return {initial_squared_distance, not_used, not_used};
    const double x        = gap.delta_sigma2;
    const auto   bound_at = [&](const double l, const double eta) {
      const double b = gap.beta - l * x - eta;
      if (!(b > 0.) || (x > 0. && !(l > 0.)) ||
          (gap.drift_gap > 0. && !(eta > 0.)))
        return infinity; // outside the admissible triangle
      double value =
        std::exp(-2. * b * t) * initial_squared_distance +
        (gap.noise_gap +
         (eta > 0. ? gap.drift_gap * gap.drift_gap / (2. * eta) : 0.)) *
          relaxation_integral(2. * b, t);
      if (x > 0.)
        value += x / (8. * l) * memory(2. * b);
      return value;
    };
    // the best l for one eta (l plays no role when sigma = sigma')
    const auto best_l = [&](const double eta) {
      if (x == 0.)
        return std::pair(not_used, bound_at(0., eta));
      return minimum_on([&](const double l) { return bound_at(l, eta); },
                        0.,
                        (gap.beta - eta) / x);
    };
    if (gap.drift_gap == 0.)
      {
        const auto [l, value] = best_l(0.);
        return {value, l, not_used};
      }
    const auto [eta, value] =
      minimum_on([&](const double eta) { return best_l(eta).second; },
                 0.,
                 gap.beta);
    return {value, best_l(eta).first, eta};
  }
} // namespace mfpg
