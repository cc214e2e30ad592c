#ifndef mfpg_verification_wasserstein_1d_h
#define mfpg_verification_wasserstein_1d_h

#include "verification/weighted_points.h"

namespace mfpg
{
  /**
   * The quadratic Wasserstein distance W2(a, b) between two discrete
   * measures on the line, exactly, by the quantile coupling
   *
   *   W2^2 = ∫_0^1 (F_a^{-1}(u) - F_b^{-1}(u))^2 du,
   *
   * optimal on R for every convex cost. Both point sets are sorted, their
   * step-function CDFs merged (quantile_laws::StepLaw), and the integral
   * summed over the merged breakpoints, between which both quantiles are
   * constant: exact up to floating point (relative error a few eps in
   * W2^2). Any sizes and weights.
   *
   * Cost O(N log N + M log M) time, O(N + M) memory: use it for 10^5 to
   * 10^7 points. Both sets must have d = 1 (std::invalid_argument
   * otherwise). Returns W2, not W2^2.
   */
  double
  wasserstein_1d(const WeightedPoints &a, const WeightedPoints &b);
} // namespace mfpg

#endif
