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
