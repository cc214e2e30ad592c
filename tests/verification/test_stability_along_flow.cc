// The time-dependent stability bound of model.md §6.3 along two exact
// Gaussian flows of case P1 (d = 1, linear feature): it holds at every
// time, starts at W2^2(nu_0, nu'_0), tends to the stationary bound, and
// vanishes with the distance for identical flows.

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "tests/verification/linear_feature_hypothesis.h"
#include "verification/gaussian_flow.h"
#include "verification/stability_along_flow.h"
#include "verification/stability_bound.h"

#include <cmath>
#include <limits>

using namespace mfpg;

namespace
{
  Model::Parameters
  p1_parameters()
  {
    dealii::ParameterHandler prm;
    Model::Parameters        parameters;
    parameters.add_parameters(prm);
    parse_parameter_text(prm, test::bandit_p1_text());
    return parameters;
  }

  /**
   * The flows of case P1 from N(-1, 0.5) and of (sigma', tau') = (1.0, 0.4)
   * from N(1.5, 2), at @p times.
   */
  FlowStability
  p1_flows(const std::vector<double> &times,
           const TheoremHypothesis   &hypothesis)
  {
    return stability_along_flow(p1_parameters(),
                                test::gaussian({-1.}, {0.5}, 1),
                                {1.0, 0.4, test::gaussian({1.5}, {2.}, 1)},
                                times,
                                hypothesis,
                                SupremumSearch());
  }

  std::vector<double>
  equally_spaced(const double end, const unsigned int n)
  {
    std::vector<double> times;
    for (unsigned int k = 0; k <= n; ++k)
      times.push_back(end * k / n);
    return times;
  }
} // namespace

TEST(StabilityAlongFlow, BoundHoldsAtEveryTimeOnCaseP1)
{
  const TheoremHypothesis hypothesis =
    test::linear_feature_hypothesis(p1_parameters());
  const FlowStability result = p1_flows(equally_spaced(12., 48), hypothesis);
  test::report("P1 along the flow: beta", hypothesis.beta());
  test::report("P1 along the flow: D", result.D().value);
  test::report("P1 along the flow: max W2^2 / bound over t > 0",
               result.worst_ratio());
  test::report("P1 along the flow: best l at t = 12",
               result.points.back().best_l);
  std::cout << "[ verdict  ] " << result.verdict() << std::endl;
  ASSERT_EQ(result.hypothesis.reading(), TheoremHypothesis::Reading::applies);
  // W2^2 <= bound at each t > 0 (at t = 0 they are equal, next test)
  EXPECT_LE(result.worst_ratio(), 1.);
  for (const FlowStabilityPoint &p : result.points)
    EXPECT_LE(p.squared_distance, p.bound * (1. + 1e-12)) << "t = " << p.time;
  // the case is not trivial: the flows stay apart
  EXPECT_GT(result.points.back().squared_distance, 1e-3);
  EXPECT_NE(result.verdict().find("consistent with the theorem"),
            std::string::npos);
}

TEST(StabilityAlongFlow, AtTimeZeroTheBoundIsTheInitialDistance)
{
  const FlowStability result =
    p1_flows({0., 1.}, test::linear_feature_hypothesis(p1_parameters()));
  // in d = 1, W2^2(N(m, s^2), N(m', s'^2)) = (m - m')^2 + (s - s')^2 =
  // 2.5^2 + (sqrt 2 - sqrt 0.5)^2 = 6.25 + 0.5; rounding of the square roots
  // and of the Procrustes form: a few ulps of 6.75
  EXPECT_NEAR(result.points[0].bound, 6.75, 1e-13);
  EXPECT_NEAR(result.points[0].squared_distance, 6.75, 1e-13);
  EXPECT_LT(result.points[1].bound, 6.75);
}

TEST(StabilityAlongFlow, TendsToTheStationaryBound)
{
  const Model::Parameters parameters = p1_parameters();
  const TheoremHypothesis hypothesis =
    test::linear_feature_hypothesis(parameters);
  Model::Parameters second    = parameters;
  second.sigma                = 1.0;
  second.mdp.entropy_strength = 0.4;
  const Model       second_model(second);
  const GaussianLaw second_stationary =
    GaussianFlow(second_model).stationary_law();
  // nu'_0 = nu'*: M(s) = ∫|grad U|^2 dnu'_s is the constant M*, so the bound
  // has the closed form below for every l
  const double              end_time = 150.;
  const std::vector<double> times    = equally_spaced(end_time, 30);
  const FlowStability       result =
    stability_along_flow(parameters,
                         test::gaussian({-1.}, {0.5}, 1),
                         {1.0, 0.4, second_stationary},
                         times,
                         hypothesis,
                         SupremumSearch());
  const double beta = hypothesis.beta();
  const double x    = 1. - 0.81;
  const double M    = second_model.potential().mean_squared_gradient(
    second_stationary.mean, second_stationary.covariance);
  const double drift_gap   = result.D().value * 0.1;
  const double noise_gap   = 0.01;
  const double w0_squared  = result.points[0].squared_distance;
  const auto   closed_form = [&](const double l,
                               const double eta,
                               const double t) {
    const double r = 2. * (beta - l * x - eta);
    return std::exp(-r * t) * w0_squared +
           (x * M / (8. * l) + noise_gap + drift_gap * drift_gap / (2. * eta)) *
             (-std::expm1(-r * t)) / r;
  };
  const double stationary =
    stationary_stability_bound({beta, x, drift_gap, noise_gap}, M).value;
  test::report("stationary bound", stationary);

  for (const FlowStabilityPoint &p : result.points)
    if (p.time > 0.)
      {
        // the bound is the closed form at the (l, eta) it reports (10-point
        // Gauss on panels of length <= 1 is exact to ~1e-20 for e^{-r u} M*;
        // the flow keeps nu'* to its Newton residual 1e-12 and the ODE
        // tolerance 1e-10), and no (l, eta) of a grid over the admissible
        // triangle does better (the minimum of a jointly convex function,
        // found by nested Brent searches to ~1e-16 relative)
        EXPECT_NEAR(p.bound,
                    closed_form(p.best_l, p.best_eta, p.time),
                    1e-9 * p.bound);
        double grid_minimum = std::numeric_limits<double>::infinity();
        for (unsigned int i = 1; i < 100; ++i)
          for (unsigned int j = 1; j < 100; ++j)
            {
              const double eta = beta * i / 100.;
              grid_minimum =
                std::min(grid_minimum,
                         closed_form((beta - eta) / x * j / 100., eta, p.time));
            }
        EXPECT_LE(p.bound, grid_minimum * (1. + 1e-9)) << "t = " << p.time;
      }

  // At T the transient of the bound at the reported (l, eta) is
  // e^{-2 b T} (W2^2(nu_0, nu'_0) + stationary value), b = beta - l x - eta;
  // with b >= beta / 4 (asserted) that is below e^{-beta T / 2} ~ 1e-12 of
  // it, so the bound equals the stationary one (the exact root form, which
  // the minimum over eta of the Young form reproduces) to the flow's
  // tolerance 1e-9.
  const FlowStabilityPoint &last = result.points.back();
  EXPECT_GE(beta - last.best_l * x - last.best_eta, beta / 4.);
  test::report("bound(T) - stationary bound", last.bound - stationary);
  EXPECT_NEAR(last.bound, stationary, 1e-8 * stationary);
}

TEST(StabilityAlongFlow, IdenticalFlowsHaveBothSidesZero)
{
  const Model::Parameters parameters = p1_parameters();
  const GaussianLaw       initial    = test::gaussian({-1.}, {0.5}, 1);
  const FlowStability     result =
    stability_along_flow(parameters,
                         initial,
                         {0.9, 0.3, initial},
                         equally_spaced(5., 10),
                         test::linear_feature_hypothesis(parameters),
                         SupremumSearch());
  // the same ODE from the same law gives the same numbers, and in d = 1 the
  // Procrustes form of W2 subtracts equal square roots: exactly 0; the bound
  // has W2(nu_0, nu'_0) = 0, sigma = sigma', tau = tau': every term is 0
  for (const FlowStabilityPoint &p : result.points)
    {
      EXPECT_EQ(p.squared_distance, 0.) << "t = " << p.time;
      EXPECT_EQ(p.bound, 0.) << "t = " << p.time;
    }
  EXPECT_EQ(result.worst_ratio(), 0.);
}

TEST(StabilityAlongFlow, NoBoundWhenTheTheoremIsSilent)
{
  const FlowStability result =
    p1_flows({0., 1.}, TheoremHypothesis{-0.1, -0.2, 6., 1});
  for (const FlowStabilityPoint &p : result.points)
    EXPECT_TRUE(std::isnan(p.bound));
  EXPECT_TRUE(std::isnan(result.worst_ratio()));
  EXPECT_NE(result.verdict().find("the theorem is silent"), std::string::npos);
}

TEST(StabilityAlongFlow, BoundHoldsInTwoDimensionsWithCorrelatedLaws)
{
  // the MDP of Agazzi & Lu's kernel, f = theta1 a + theta2 s a (d = 2), a
  // non-isotropic U (K with off-diagonal entries), and initial laws with
  // correlated covariances: the moment tr(K S K) + |K (m - c)|^2 and the
  // Bures part of W2 are exercised
  dealii::ParameterHandler prm;
  Model::Parameters        parameters;
  parameters.add_parameters(prm);
  parse_parameter_text(prm, test::agazzi_lu_text(R"(
subsection Regularisation
  set Potential stiffness = 1.5, 0.3, 0.3, 1
end
)"));
  const TheoremHypothesis hypothesis =
    test::linear_feature_hypothesis(parameters);
  const FlowStability result = stability_along_flow(
    parameters,
    test::gaussian({0.5, -0.5}, {0.3, 0.1, 0.1, 0.6}, 2),
    {1.2, 0.3, test::gaussian({-1., 1.}, {1., -0.4, -0.4, 0.5}, 2)},
    equally_spaced(8., 32),
    hypothesis,
    SupremumSearch());
  test::report("d = 2 along the flow: beta", hypothesis.beta());
  test::report("d = 2 along the flow: D", result.D().value);
  test::report("d = 2 along the flow: max W2^2 / bound over t > 0",
               result.worst_ratio());
  test::report("d = 2 along the flow: best l at t = 8",
               result.points.back().best_l);
  std::cout << "[ verdict  ] " << result.verdict() << std::endl;
  ASSERT_EQ(hypothesis.reading(), TheoremHypothesis::Reading::applies);
  EXPECT_LE(result.worst_ratio(), 1.);
  EXPECT_GT(result.points.back().squared_distance, 1e-4);
}
