// The observed rates' uncertainties (docs/model.md §6.6 (a)): the
// least-squares slope's standard error against its closed form, the band
// of the distances' error estimates against the slopes of perturbed
// distances, and the verdict's rule r + 2 s + b >= beta.

#include <gtest/gtest.h>

#include "verification/exponential_convergence.h"
#include "verification/result_table.h"

#include <cmath>
#include <random>

using namespace mfpg;

// y = 1 + 0.7 x + delta p_n on x = 0, ..., 7 with the residual pattern
// p = (+, -, -, +, +, -, -, +): p sums to 0 and is orthogonal to x - xbar,
// so the slope is 0.7 exactly and the residuals are exactly +-delta:
// SE = sqrt(8 delta^2 / ((8 - 2) Sxx)), Sxx = sum (x - 3.5)^2 = 42.
TEST(LeastSquaresFit, StandardErrorIsTheClosedFormOfKnownResiduals)
{
  const double              delta   = 0.03;
  const std::vector<double> pattern = {1., -1., -1., 1., 1., -1., -1., 1.};
  std::vector<double>       x, y;
  for (unsigned int n = 0; n < 8; ++n)
    {
      x.push_back(n);
      y.push_back(1. + 0.7 * n + delta * pattern[n]);
    }
  const LeastSquaresSlope fit = least_squares_fit(x, y);
  // sums of 8 terms of size <= 7: rounding ~ 1e-15 relative
  EXPECT_NEAR(fit.value, 0.7, 1e-13);
  EXPECT_NEAR(fit.standard_error,
              std::sqrt(8. * delta * delta / (6. * 42.)),
              1e-13);
  EXPECT_EQ(fit.error_band, 0.);
  // a residual-free line has SE 0 (to rounding)
  for (unsigned int n = 0; n < 8; ++n)
    y[n] = 1. + 0.7 * n;
  EXPECT_NEAR(least_squares_fit(x, y).standard_error, 0., 1e-14);
  // two points: a slope, but no degree of freedom for its error
  const LeastSquaresSlope two = least_squares_fit({0., 1.}, {1., 3.});
  EXPECT_NEAR(two.value, 2., 1e-15);
  EXPECT_TRUE(std::isnan(two.standard_error));
  EXPECT_TRUE(std::isnan(least_squares_fit({0.}, {1.}).value));
  EXPECT_NE(two.text("W2 error estimates").find("± ? (fit: 2 points)"),
            std::string::npos);
  EXPECT_THROW(least_squares_fit({0., 1.}, {1.}), std::invalid_argument);
}

// The band of decay_rate() bounds the change of the rate when each distance
// W_n moves anywhere within its error estimate e_n (random e_n / W_n <=
// 0.2, so every perturbed distance stays above 3 e_n and the fitted times
// do not change): the rate is linear in ln W and |ln(W + u e) - ln W| <=
// -ln(1 - e / W) for |u| <= 1, so the bound is exact, not first-order.
// And it is sharp to first order: the sign pattern u_n = -sign(c_n) (W
// up where the slope's weight is negative) reaches at least
// (1 - max e / W) of it (ln(1 + x) >= (1 - x) (-ln(1 - x)) for x <= 0.2).
TEST(LeastSquaresFit, ErrorBandContainsTheRatesOfPerturbedDistances)
{
  std::mt19937                           random(7);
  std::uniform_real_distribution<double> relative_error(0., 0.2);
  std::uniform_real_distribution<double> unit(-1., 1.);
  std::vector<double>                    times, distances, errors;
  for (unsigned int n = 0; n <= 12; ++n)
    {
      times.push_back(0.5 * n);
      distances.push_back(std::exp(-0.4 * times.back() + 0.05 * unit(random)));
      errors.push_back(relative_error(random) * distances.back());
    }
  const LeastSquaresSlope rate = decay_rate(times, distances, 0., 0., errors);
  ASSERT_GT(rate.error_band, 0.);
  for (unsigned int trial = 0; trial < 200; ++trial)
    {
      std::vector<double> perturbed = distances;
      for (unsigned int n = 0; n < perturbed.size(); ++n)
        perturbed[n] +=
          (trial % 2 ? unit(random) : (unit(random) > 0. ? 1. : -1.)) *
          errors[n];
      const double change =
        decay_rate(times, perturbed, 0., 0., errors).value - rate.value;
      // the bound is exact; 1e-14 for the rounding of the two fits
      EXPECT_LE(std::abs(change), rate.error_band + 1e-14) << trial;
    }
  // the extreme pattern: the rate is minus the slope, so W goes up where
  // c_n = t_n - tbar > 0 (the late times) to lower the rate most
  const double        t_mean  = 3.;
  double              largest = 0.;
  std::vector<double> extreme = distances;
  for (unsigned int n = 0; n < extreme.size(); ++n)
    {
      extreme[n] += (times[n] > t_mean ? 1. : -1.) * errors[n];
      largest = std::max(largest, errors[n] / distances[n]);
    }
  const double change =
    decay_rate(times, extreme, 0., 0., errors).value - rate.value;
  EXPECT_LT(change, 0.);
  EXPECT_GE(-change, (1. - largest) * rate.error_band);
  EXPECT_THROW(decay_rate(times, distances, 0., 0., {0.}),
               std::invalid_argument);
}

// The verdict's rule (ExponentialConvergence::verdict_rule()): the theorem
// bounds the rate from below, so r ± s (fit) ± b violates beta only if
// r + 2 s + b < beta. Synthetic results with W2 at the bound (ratio 1, so
// only the rate decides): r = 0.5, s = 0.01, b = 0.02, r + 2 s + b = 0.54.
TEST(LeastSquaresFit, VerdictViolatesOnlyBelowTheBand)
{
  ExponentialConvergence result;
  for (unsigned int n = 0; n <= 4; ++n)
    {
      result.times.push_back(n);
      result.distances.push_back(std::exp(-0.5 * n));
      result.distance_errors.push_back(0.);
      result.bound.push_back(result.distances.back());
    }
  result.observed_rate = {0.5, 0.01, 0.02};
  const auto verdict   = [&](const double beta) {
    result.hypothesis = {beta + 0.1, beta, 6., 1};
    return result.verdict();
  };
  EXPECT_DOUBLE_EQ(
    ExponentialConvergence::largest_allowed_rate(result.observed_rate), 0.54);
  // r < beta = 0.53 but within the band
  const std::string within = verdict(0.53);
  EXPECT_NE(within.find("consistent with the theorem"), std::string::npos)
    << within;
  EXPECT_NE(within.find("observed rate 0.5 ± 0.01 (fit) ± 0.02 (W2 error "
                        "estimates), r + 2 s + b = 0.54 >= beta = 0.53"),
            std::string::npos)
    << within;
  // beta = 0.55 beyond r + 2 s + b
  EXPECT_NE(verdict(0.55).find("VIOLATES the theorem"), std::string::npos);
  // without a fit error (2 points) the band alone: r + b = 0.52 < 0.53
  result.observed_rate.standard_error = std::nan("");
  EXPECT_NE(verdict(0.53).find("VIOLATES the theorem"), std::string::npos);
  EXPECT_NE(verdict(0.51).find("consistent with the theorem"),
            std::string::npos);
}
