// The statistics of replicated particle runs (docs/model.md §6.6 (c)):
// replica mean and standard error, Bonferroni's critical value, the
// weighted least-squares slope with its standard error, against closed
// forms.

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "verification/replica_statistics.h"

#include <cmath>
#include <stdexcept>

using namespace mfpg;

TEST(ReplicaStatistics, MeanAndStandardErrorOfKnownNumbers)
{
  // 1, 2, 3, 4: mean 5/2, s^2 = (9/4 + 1/4 + 1/4 + 9/4) / 3 = 5/3,
  // SE = sqrt(5/3 / 4) = sqrt(5/12); rounding only (1e-15 relative)
  const ReplicaEstimate e = replica_estimate({1., 2., 3., 4.});
  EXPECT_EQ(e.replicas, 4u);
  EXPECT_NEAR(e.mean, 2.5, 1e-15);
  EXPECT_NEAR(e.standard_error, std::sqrt(5. / 12.), 1e-15);
  EXPECT_NEAR(e.z(), 2.5 / std::sqrt(5. / 12.), 1e-14);
  // one replica: a mean without a standard error
  const ReplicaEstimate one = replica_estimate({0.3});
  EXPECT_EQ(one.mean, 0.3);
  EXPECT_TRUE(std::isnan(one.standard_error));
  EXPECT_THROW(replica_estimate({}), std::invalid_argument);
}

TEST(ReplicaStatistics, ColumnByColumnOverTheReplicas)
{
  // three replicas of two quantities: column 0 is 1, 2, 3 (mean 2, s^2 = 1,
  // SE = 1/sqrt 3), column 1 is 5, 5, 5 (SE 0); rounding only
  const std::vector<ReplicaEstimate> e =
    replica_estimates({{1., 5.}, {2., 5.}, {3., 5.}});
  ASSERT_EQ(e.size(), 2u);
  EXPECT_NEAR(e[0].mean, 2., 1e-15);
  EXPECT_NEAR(e[0].standard_error, 1. / std::sqrt(3.), 1e-15);
  EXPECT_EQ(e[0].replicas, 3u);
  EXPECT_NEAR(e[1].mean, 5., 1e-15);
  EXPECT_NEAR(e[1].standard_error, 0., 1e-15);
  EXPECT_THROW(replica_estimates({}), std::invalid_argument);
  EXPECT_THROW(replica_estimates({{1., 2.}, {1.}}), std::invalid_argument);
  // as text: mean ± SE (sqrt(5/12) = 0.6455 to 2 digits), one replica says
  // it has no SE, a quantity not measured (NaN) is a dash
  EXPECT_EQ(replica_estimate({1., 2., 3., 4.}).text(3, 2), "2.5 ± 0.65");
  EXPECT_EQ(replica_estimate({0.3}).text(), "0.3 (1 replica, no SE)");
  EXPECT_EQ(replica_estimate({std::nan(""), 1.}).text(), "—");
}

TEST(ReplicaStatistics, BonferroniCriticalValues)
{
  // Student's t quantiles in closed form: one degree of freedom (Cauchy)
  // F^{-1}(p) = tan(pi (p - 1/2)); two, F^{-1}(p) = (2p - 1) / sqrt(2 p (1 -
  // p)); the quantile is accurate to a few ulps (1e-12 relative)
  for (const unsigned int m : {1u, 10u, 36u})
    {
      const double p      = 1. - 0.05 / (2. * m);
      const double cauchy = std::tan(M_PI * (p - 0.5));
      const double two    = (2. * p - 1.) / std::sqrt(2. * p * (1. - p));
      EXPECT_NEAR(bonferroni_t(0.05, m, 1), cauchy, 1e-12 * cauchy);
      EXPECT_NEAR(bonferroni_t(0.05, m, 2), two, 1e-12 * two);
    }
  // many degrees of freedom: the normal quantile Phi^{-1}(1 - 0.05/2) =
  // 1.959963984540054 and Phi^{-1}(1 - 0.05/20) = 2.807033768343811 (tables),
  // the t quantile exceeding it by (z^3 + z) / (4 nu) + O(nu^-2) = 2.9e-6 and
  // 6.2e-6 at nu = 10^6: within 1e-5
  EXPECT_NEAR(bonferroni_t(0.05, 1, 1000000), 1.959963984540054, 1e-5);
  EXPECT_NEAR(bonferroni_t(0.05, 10, 1000000), 2.807033768343811, 1e-5);
  EXPECT_GT(bonferroni_t(0.05, 10, 1000000), 2.807033768343811);
  EXPECT_THROW(bonferroni_t(0.05, 0, 7), std::invalid_argument);
  EXPECT_THROW(bonferroni_t(1.5, 3, 7), std::invalid_argument);
  EXPECT_THROW(bonferroni_t(0.05, 3, 0), std::invalid_argument);
}

TEST(ReplicaStatistics, WeightedSlopeAndItsStandardError)
{
  // y = 2 x + 1 exactly: slope 2; x = 0, 1, 2 with sd 1, 2, 1: weights 1,
  // 1/4, 1, weighted mean of x 1, sum w (x - 1)^2 = 2, SE = 1/sqrt 2
  const FittedSlope fit =
    weighted_slope({0., 1., 2.}, {1., 3., 5.}, {1., 2., 1.});
  EXPECT_NEAR(fit.slope, 2., 1e-14);
  EXPECT_NEAR(fit.standard_error, 1. / std::sqrt(2.), 1e-14);
  EXPECT_TRUE(fit.consistent_with(2. + 1.9 / std::sqrt(2.)));
  EXPECT_FALSE(fit.consistent_with(2. + 2. / std::sqrt(2.)));
  // the weights move the slope towards the precise points: y = 0, 1, 0 with
  // the middle point 10 times less precise than the ends: weights 1, 0.01,
  // 1, weighted means x 1, y 0.01/2.01, sxy = 0 -> slope 0
  EXPECT_NEAR(weighted_slope({0., 1., 2.}, {0., 1., 0.}, {1., 10., 1.}).slope,
              0.,
              1e-14);
  // unknown sd (one replica): the unweighted slope, no standard error
  const FittedSlope plain =
    weighted_slope({0., 1., 3.}, {0., 1., 2.}, {NAN, NAN, NAN});
  // x mean 4/3, y mean 1: sxy = (-4/3)(-1) + 0 + (5/3)(1) = 3, sxx = 14/3
  EXPECT_NEAR(plain.slope, 3. / (14. / 3.), 1e-14);
  EXPECT_TRUE(std::isnan(plain.standard_error));
  EXPECT_THROW(weighted_slope({1., 1.}, {0., 1.}, {1., 1.}),
               std::invalid_argument);
}

TEST(ReplicaStatistics, RateInNOfAnExactPowerLaw)
{
  // mean 3 N^{-1/2}, relative SE 0.1 at every N: slope -1/2 exactly; the
  // sd of ln mean is 0.1, so SE = 0.1 / sqrt(sum (ln N - mean)^2) =
  // 0.1 / (ln 4 sqrt 2) for N = 100, 400, 1600
  std::vector<ReplicaEstimate> values;
  for (const double n : {100., 400., 1600.})
    values.push_back({3. / std::sqrt(n), 0.3 / std::sqrt(n), 8});
  const FittedSlope rate = rate_in_n({100, 400, 1600}, values);
  EXPECT_NEAR(rate.slope, -0.5, 1e-13);
  EXPECT_NEAR(rate.standard_error, 0.1 / (std::log(4.) * std::sqrt(2.)), 1e-13);
}
