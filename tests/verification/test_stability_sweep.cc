// Experiment (b) of model.md §6 as a test: the W2 stability bound of
// stationary points in (sigma, tau) holds on a small sweep around case P1.

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "verification/stability_sweep.h"

using namespace mfpg;

TEST(StabilitySweep, BoundHoldsAroundCaseP1)
{
  dealii::ParameterHandler prm;
  Model::Parameters        parameters;
  parameters.add_parameters(prm);
  parse_parameter_text(prm, test::bandit_p1_text());
  const StabilitySweep sweep =
    stability_sweep(parameters, {0.8, 0.9, 1.0}, {0.2, 0.3, 0.4}, SupremumSearch());
  test::report("P1: beta on [-6, 6]", sweep.constants_on_box.beta());
  test::report("P1: beta over R", sweep.global_constants.beta());
  test::report("P1: D on [-6, 6] (lower bound)", sweep.D_on_box.value);
  test::report("P1: D over R (lower bound)", sweep.global_D.value);
  for (const StabilityPoint &p : sweep.points)
    if (p.bound > 0.)
      test::report("sigma' = " + std::to_string(p.sigma) +
                     ", tau' = " + std::to_string(p.tau) + ": W2^2 / bound",
                   p.squared_distance / p.bound);
  std::cout << "[ verdict  ] " << sweep.verdict() << std::endl;
  ASSERT_EQ(sweep.points.size(), 9u);
  EXPECT_EQ(sweep.hypothesis.reading(), TheoremHypothesis::Reading::applies);
  EXPECT_GT(sweep.D().value, 0.);
  EXPECT_LE(sweep.worst_ratio(), 1.);
  // the reference point itself: W2 = 0 = bound
  EXPECT_EQ(sweep.points[4].squared_distance, 0.);
  // and the sweep is not trivial: its points are really apart
  EXPECT_GT(sweep.points[0].squared_distance, 1e-4);
}

// The rule of StabilitySweep::verdict(): a point violates the bound only if
// (W2 - e)^2 > bound, and W2^2 / bound = r ± u with u = ((W2 + e)^2 -
// W2^2) / bound. Synthetic points with bound 1: W2 = 1.1, e = 0.2 lies above
// the bound but within its error (r = 1.21, u = (1.3^2 - 1.21) = 0.48); e =
// 0.05 leaves (1.05)^2 > 1: a violation. Exact numbers, rounding only.
TEST(StabilitySweep, ViolatesOnlyBeyondTheErrorOfW2)
{
  StabilitySweep sweep;
  sweep.hypothesis     = {0.5, 0.4, 6., 1};
  sweep.global_D.value = sweep.D_on_box.value = 1.; // printed only
  sweep.points.push_back({0.8, 0.3, 1.21, 0.2, 0., 1., 1.});
  EXPECT_NEAR(sweep.points[0].ratio_uncertainty(), 0.48, 1e-14);
  EXPECT_NEAR(sweep.points[0].ratio(), 0.81, 1e-14);
  EXPECT_NE(sweep.verdict().find("consistent with the theorem"),
            std::string::npos)
    << sweep.verdict();
  sweep.points[0].distance_error = 0.05;
  EXPECT_NE(sweep.verdict().find("VIOLATES the theorem"), std::string::npos)
    << sweep.verdict();
  // an exact W2 (e = 0) has no uncertainty, also at a vanishing bound
  sweep.points[0].distance_error = 0.;
  EXPECT_EQ(sweep.points[0].ratio_uncertainty(), 0.);
  sweep.points.push_back({0.9, 0.3, 0., 0., 0., 1., 0.});
  EXPECT_EQ(sweep.points[1].ratio_uncertainty(), 0.);
}
