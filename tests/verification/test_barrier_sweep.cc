// The barrier sweep of docs/model.md §13.2 (BarrierSweep) on the safety
// issue's public case (two independent computations in the issue): its
// numbers, the three verdicts, and verdicts that do not hold on a sweep too
// short to show the facts.

#include <gtest/gtest.h>

#include "model/parameter_file.h"
#include "tests/cases.h"
#include "verification/barrier_sweep.h"

#include <cmath>
#include <string>
#include <vector>

using namespace mfpg;

namespace
{
  BarrierSweep
  public_case_sweep(const std::vector<double> &strengths)
  {
    std::vector<double> times;
    for (unsigned int k = 0; k <= 40; ++k)
      times.push_back(0.5 * k);
    GaussianStationaryLaws laws(test::gaussian({0., 0.}, {0.5}, 2),
                                times,
                                2.,
                                SupremumSearch());
    return barrier_sweep(test::parameters_from_text(
                           test::safety_bandit_text(1.)),
                         strengths,
                         laws);
  }

  bool
  holds(const std::string &verdict)
  {
    return verdict.rfind("holds", 0) == 0;
  }
} // namespace

// The numbers: the gaps V*_n - V*_inf = 1.627e-3, 1.113e-5,
// 5.053e-10 at n = 1, 2, 4 (to their 4 digits), the stationary means m*_n
// of the flow with the barrier in the reward at n = 1, 2, 4, 64 (to 1e-8),
// and the hard constraint's m* = (0.23436838, 0) with J = 1.6501810 (to
// their digits). The barrier in mu_n gives stationary laws within 1e-100
// of the hard one at n = 64. The observed rate (a fit of ln W2 along the
// exact flow) and the linearised rate (the Jacobian's eigenvalue at m*_n)
// are two computations of one rate: they agree to 5 %. The three verdicts
// hold.
TEST(BarrierSweep, PublicCaseNumbersAndVerdicts)
{
  const BarrierSweep        sweep = public_case_sweep({1., 2., 4., 8., 64.});
  const std::vector<double> gaps  = {1.627e-3, 1.113e-5, 5.053e-10};
  const std::vector<std::vector<double>> means = {{0.02868117, -0.19390244},
                                                  {-0.13590838, -0.34921188},
                                                  {-0.46230977, -0.73057561}};
  for (unsigned int k = 0; k < 3; ++k)
    {
      const BarrierStrengthResult &p = sweep.points[k];
      EXPECT_NEAR(p.soft_optimal_gap, gaps[k], 5e-4 * gaps[k]) << k;
      EXPECT_NEAR(p.mean[0], means[k][0], 1e-8) << k;
      EXPECT_NEAR(p.mean[1], means[k][1], 1e-8) << k;
    }
  const BarrierStrengthResult &last = sweep.points.back();
  EXPECT_NEAR(last.mean[0], -2.01833981, 1e-8);
  EXPECT_NEAR(last.mean[1], -2.86072143, 1e-8);
  EXPECT_NEAR(sweep.hard_mean[0], 0.23436838, 1e-8);
  EXPECT_EQ(sweep.hard_mean[1], 0.);
  EXPECT_NEAR(sweep.hard_objective, 1.6501810, 1e-7);
  EXPECT_NEAR(sweep.hard_soft_optimum, 1.8974298517594492, 1e-12);
  EXPECT_LT(last.distance_to_hard, 1e-100);
  EXPECT_NEAR(sweep.predicted_gap_rate, 5., 1e-12);
  for (const BarrierStrengthResult &p : sweep.points)
    EXPECT_NEAR(p.observed_rate.value,
                p.linearised_rate,
                0.05 * p.linearised_rate)
      << "n = " << p.strength;
  EXPECT_TRUE(holds(sweep.gap_verdict())) << sweep.gap_verdict();
  EXPECT_TRUE(holds(sweep.escape_verdict())) << sweep.escape_verdict();
  EXPECT_TRUE(holds(sweep.rate_verdict())) << sweep.rate_verdict();
  test::report("fitted gap rate", sweep.gap_rate.value);
  test::report("beta_n at n = 8", sweep.points[3].beta);
  test::report("observed rate at n = 64", last.observed_rate.value);
}

// The verdicts can fail: at n = 1, 2 only two gaps (no fit with a standard
// error) and beta_n > 0 at both.
TEST(BarrierSweep, ShortSweepDoesNotShowTheFacts)
{
  const BarrierSweep sweep = public_case_sweep({1., 2.});
  EXPECT_FALSE(holds(sweep.gap_verdict())) << sweep.gap_verdict();
  EXPECT_FALSE(holds(sweep.rate_verdict())) << sweep.rate_verdict();
  EXPECT_GT(sweep.points.back().beta, 0.);
}

// Bad sweeps name the parameter: strengths not increasing, tsallis, no
// safety budget.
TEST(BarrierSweep, BadInputNamesTheParameter)
{
  const auto message = [](const std::string        &text,
                          const std::vector<double> strengths) {
    GaussianStationaryLaws laws(test::gaussian({0., 0.}, {0.5}, 2),
                                {0., 1.},
                                0.,
                                SupremumSearch());
    return test::parameter_error_message([&] {
      barrier_sweep(test::parameters_from_text(text), strengths, laws);
    });
  };
  const std::string text = test::safety_bandit_text(1.);
  EXPECT_NE(message(text, {2., 1.}).find("Barrier sweep/Barrier strengths"),
            std::string::npos);
  EXPECT_NE(message(text + "subsection MDP\n set Policy regulariser = "
                           "tsallis\nend\n",
                    {1., 2.})
              .find("MDP/Policy regulariser"),
            std::string::npos);
  EXPECT_NE(message(test::bandit_p1_text(), {1., 2.}).find("MDP/Safety"),
            std::string::npos);
}
