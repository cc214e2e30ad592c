// The constants of model.md §6 over the whole space (§6.4): the search for a
// supremum over R^d against closed forms, and the three readings of a
// theorem (TheoremHypothesis) on constructed cases.

#include <gtest/gtest.h>

#include <deal.II/base/quadrature_lib.h>

#include "tests/cases.h"
#include "verification/exponential_convergence.h"
#include "verification/stability_sweep.h"
#include "verification/supremum_search.h"
#include "verification/theorem_verdict.h"

#include <cmath>
#include <tuple>

using namespace mfpg;

namespace
{
  /**
   * A bandit on A = [0, 1] (the 64 Gauss-Legendre points of case P1,
   * Lebesgue mu), f = theta a, r(a) = 30 (a - 1/2)^2, tau = 2. With
   * pi_m ∝ mu e^{m a}, V(m) = E_m r - tau KL(pi_m | mu) has
   *
   *   V''(m) = Cov_m(r, (a - abar)^2) - tau Var_m(a) - tau m kappa_3,m(a),
   *
   * which vanishes at m = 0 (Cov_0 = 30/180 = tau/12 = tau Var_0, and
   * kappa_3,0 = 0 for the symmetric law) and peaks far from it: L =
   * sup |V''| lies outside a small box around the origin.
   */
  std::string
  vanishing_curvature_bandit(const double sigma)
  {
    return test::bandit_p1_text(R"(
subsection MDP
  set Reward = 30*(a - 0.5)^2
  set Entropy strength = 2
end
subsection Regularisation
  set Sigma = )" + std::to_string(sigma) +
                                "\nend\n");
  }

  /** |V''(m)| of that bandit by the cumulant formula above, not by mfpg. */
  double
  reference_curvature(const double m)
  {
    static const dealii::QGauss<1> gauss(64);
    double                  Z = 0., mean = 0.;
    std::vector<double>     p(64), a(64), r(64);
    for (unsigned int j = 0; j < 64; ++j)
      {
        a[j] = gauss.point(j)[0];
        r[j] = 30. * (a[j] - 0.5) * (a[j] - 0.5);
        p[j] = gauss.weight(j) * std::exp(m * (a[j] - 1.));
        Z += p[j];
      }
    for (unsigned int j = 0; j < 64; ++j)
      mean += (p[j] /= Z) * a[j];
    double r_mean = 0., variance = 0., third = 0., covariance = 0.;
    for (unsigned int j = 0; j < 64; ++j)
      r_mean += p[j] * r[j];
    for (unsigned int j = 0; j < 64; ++j)
      {
        const double c = a[j] - mean;
        variance += p[j] * c * c;
        third += p[j] * c * c * c;
        covariance += p[j] * (r[j] - r_mean) * c * c;
      }
    return std::abs(covariance - 2. * variance - 2. * m * third);
  }

  /** max |V''| on box_grid(1, b, 61), by reference_curvature(). */
  double
  reference_box_maximum(const double b)
  {
    double largest = 0.;
    for (unsigned int q = 0; q < 61; ++q)
      largest = std::max(largest, reference_curvature(-b + 2. * b * q / 60.));
    return largest;
  }

  SupremumSearch
  search_from(const double bound)
  {
    SupremumSearch search;
    search.initial_bound = bound;
    return search;
  }
} // namespace

TEST(SupremumSearch, FindsAFarBumpThatTheBoxCannotSee)
{
  // f(x) = 2 exp(-|x - x0|^2 / 50), x0 = (37, -21): sup f = 2 at x0. On
  // [-6, 6]^2 the largest is at the corner (6, -6), a grid point:
  // 2 exp(-(31^2 + 15^2) / 50) = 1.0e-10; the box [-48, 48]^2
  // has grid spacing 1.6, so a grid point within 0.8 per axis of x0 where
  // f >= 2 exp(-1.28 / 50) = 1.95, and BFGS climbs from there.
  const dealii::Vector<double> x0({37., -21.});
  const SupremumObjective bump = [&](const dealii::Vector<double> &x) {
    dealii::Vector<double> offset = x;
    offset -= x0;
    return 2. * std::exp(-offset.norm_sqr() / 50.);
  };
  const TheoryConstant box = box_maximum(bump, 2, 6., 61);
  const TheoryConstant global = global_maximum(bump, 2, search_from(6.));
  test::report("bump: maximum on [-6, 6]^2", box.value);
  test::report("bump: global estimate", global.value);
  std::cout << "[ method   ] " << describe(global) << std::endl;
  EXPECT_NEAR(box.value, 2. * std::exp(-1186. / 50.), 1e-14 * box.value);
  // BFGS stops at |gradient| <= 2e-6, |grad f| = f |x - x0| / 25 at the
  // top: |x - x0| <= 2.5e-5 (plus the differences' 1e-6), so f is within
  // f |x - x0|^2 / 50 < 1e-10 of 2, and x within 1e-4 of x0
  EXPECT_NEAR(global.value, 2., 1e-9);
  ASSERT_EQ(global.argmax.size(), 2u);
  EXPECT_NEAR(global.argmax[0], 37., 1e-4);
  EXPECT_NEAR(global.argmax[1], -21., 1e-4);
  EXPECT_EQ(global.region, "R^2");
}

TEST(GlobalConstants, LinearFeatureWithCurvatureAwayFromTheOrigin)
{
  const Model                model = test::model_from_text(
    vanishing_curvature_bandit(0.1));
  const ConvergenceConstants on_box =
    linear_feature_convergence_constants(model, 1., 61);
  const ConvergenceConstants global =
    global_linear_feature_convergence_constants(model, search_from(1.));
  // the reference supremum: a scan of reference_curvature with step 1e-3
  // (the peak's curvature, about 6e-4, makes the scan's error below
  // 6e-4 (5e-4)^2 / 2 < 1e-10)
  double sup = 0., argmax = 0.;
  for (int q = -60000; q <= 60000; ++q)
    if (reference_curvature(q * 1e-3) > sup)
      {
        sup    = reference_curvature(q * 1e-3);
        argmax = q * 1e-3;
      }
  test::report("L on [-1, 1]", on_box.L.value);
  test::report("L over R", global.L.value);
  test::report("reference sup |V''|", sup);
  test::report("reference argmax |m|", std::abs(argmax));
  std::cout << "[ L global ] " << describe(global.L) << std::endl;

  // the box estimate is the reference's grid maximum: central differences
  // of step 1e-6 max(1, |m|) give |V''| to about 1e-10, 1e-7 of it
  EXPECT_NEAR(on_box.L.value, reference_box_maximum(1.), 1e-6 * sup);
  // the global estimate is the supremum: the optimiser stops at a gradient
  // of 1e-6, i.e. within 1e-6 / |V'''(m*)| = 1.6e-3 of the maximiser
  // (|V'''| = 6.3e-4 there), where the value is lower by at most
  // 6.3e-4 (1.6e-3)^2 / 2 < 1e-9, 2e-7 of it
  EXPECT_NEAR(global.L.value, sup, 1e-6 * sup);
  ASSERT_EQ(global.L.argmax.size(), 1u);
  EXPECT_NEAR(std::abs(global.L.argmax[0]), std::abs(argmax), 0.01);
  EXPECT_EQ(global.L.region, "R^1");
  // the growing boxes [-2^k, 2^k]: each value is the reference grid
  // maximum on that box (to the differences' accuracy), they settled, and
  // their best agrees with the optimiser to within the grid: spacing
  // 16/60 on [-8, 8], the maximiser at most 0.134 from a grid point, a
  // drop of at most 6.3e-4 0.134^2 / 2 = 5.6e-6, 1e-3 of the value
  double best_box = 0.;
  for (const auto &[b, value] : global.L.growing_boxes)
    {
      EXPECT_NEAR(value, reference_box_maximum(b), 1e-6 * sup) << "b = " << b;
      best_box = std::max(best_box, value);
    }
  EXPECT_GE(global.L.growing_boxes.size(), 6u); // 1, 2, 4, 8, 16, 32
  EXPECT_NEAR(best_box, global.L.value, 1e-3 * global.L.value);
  EXPECT_NE(global.L.method.find("settled: the last two doublings"),
            std::string::npos)
    << global.L.method;
  // and the box misses most of it
  EXPECT_LT(on_box.L.value, 0.2 * global.L.value);
}

TEST(TheoremVerdict, ThreeReadingsOfOneBanditBySigma)
{
  // kappa = 1, C_2 = 0, L = 1.04e-3 on [-1, 1] and 5.98e-3 over R
  // (reference_box_maximum, reference_curvature): sigma^2 / 2 = 0.02 is
  // above both, 3.2e-3 between them, 6.1e-4 below both
  ASSERT_GT(0.5 * 0.2 * 0.2, reference_curvature(8.0645) * 1.5);
  ASSERT_LT(0.5 * 0.08 * 0.08, reference_curvature(8.0645) / 1.5);
  ASSERT_GT(0.5 * 0.08 * 0.08, reference_box_maximum(1.) * 1.5);
  ASSERT_LT(0.5 * 0.035 * 0.035, reference_box_maximum(1.) / 1.5);
  for (const auto &[sigma, reading, words] :
       {std::tuple<double, TheoremHypothesis::Reading, std::string>{
          0.2,
          TheoremHypothesis::Reading::applies,
          "> 0 over R^1: the theorem applies; "},
        {0.08,
         TheoremHypothesis::Reading::only_on_box,
         "> 0 only on [-1, 1]^1 (beta over R^1 ~ "},
        {0.035,
         TheoremHypothesis::Reading::silent,
         "): the theorem is silent; "}})
    {
      dealii::ParameterHandler prm;
      Model::Parameters        parameters;
      parameters.add_parameters(prm);
      parse_parameter_text(prm, vanishing_curvature_bandit(sigma));
      // tau' >= 2 only: below, V''(0) = 1/6 - tau'/12 > 0 makes m* = 0
      // linearly unstable for these small sigma
      const StabilitySweep sweep = stability_sweep(
        parameters, {sigma, 1.5 * sigma}, {2., 2.5}, search_from(1.));
      const std::string verdict = sweep.verdict();
      std::cout << "[ verdict  ] sigma = " << sigma << ": " << verdict
                << std::endl;
      EXPECT_EQ(sweep.hypothesis.reading(), reading);
      EXPECT_NE(verdict.find(words), std::string::npos) << verdict;
      if (reading == TheoremHypothesis::Reading::silent)
        {
          // no bound at all, rather than one divided by beta <= 0
          for (const StabilityPoint &p : sweep.points)
            EXPECT_TRUE(std::isnan(p.bound));
          EXPECT_TRUE(std::isnan(sweep.worst_ratio()));
        }
      else
        {
          for (const StabilityPoint &p : sweep.points)
            EXPECT_TRUE(std::isfinite(p.bound) && p.bound >= 0.);
          // the bound used is that of the reading's constants
          EXPECT_EQ(sweep.D().value,
                    reading == TheoremHypothesis::Reading::applies ?
                      sweep.global_D.value :
                      sweep.D_on_box.value);
        }
    }
}

TEST(TheoremVerdict, ExponentialConvergenceReadsTheHypothesis)
{
  // W2(nu_t, nu*) = e^{-0.5 t}, exact: observed rate 0.5
  ExponentialConvergence result;
  for (unsigned int n = 0; n <= 8; ++n)
    {
      result.times.push_back(0.5 * n);
      result.distances.push_back(std::exp(-0.25 * n));
      result.distance_errors.push_back(0.);
    }
  result.observed_rate.value = 0.5;
  const auto verdict         = [&](const TheoremHypothesis &hypothesis) {
    result.hypothesis = hypothesis;
    result.bound.clear();
    for (const double t : result.times)
      result.bound.push_back(std::exp(-hypothesis.beta() * t));
    return result.verdict();
  };
  EXPECT_NE(verdict({0.3, 0.2, 6., 3}).find(
              "beta = 0.2 > 0 over R^3: the theorem applies; observed rate "
              "0.5 ± ? (fit: 2 points) ± 0 (W2 error estimates), r + 2 s + b "
              "= 0.5 >= beta = 0.2"),
            std::string::npos);
  EXPECT_NE(verdict({0.3, 0.2, 6., 3}).find("consistent with the theorem"),
            std::string::npos);
  // a beta above the observed rate over R^d: a violation
  EXPECT_NE(verdict({0.7, 0.6, 6., 3}).find("VIOLATES the theorem"),
            std::string::npos);
  // beta over R^d <= 0: the box's 0.6 above the rate is no violation
  const std::string not_verified = verdict({0.6, -0.1, 6., 3});
  EXPECT_NE(not_verified.find(
              "beta = 0.6 > 0 only on [-6, 6]^3 (beta over R^3 ~ -0.1): the "
              "theorem's hypothesis is not verified; observed rate 0.5 ± ? "
              "(fit: 2 points) ± 0 (W2 error estimates), r + 2 s + b = 0.5 < "
              "beta = 0.6"),
            std::string::npos)
    << not_verified;
  EXPECT_EQ(not_verified.find("VIOLATES"), std::string::npos);
  EXPECT_EQ(not_verified.find("consistent"), std::string::npos);
  EXPECT_NE(verdict({-0.1, -0.2, 6., 3}).find(
              "beta <= 0 (-0.1 on [-6, 6]^3, -0.2 over R^3): the theorem is "
              "silent; observed rate 0.5"),
            std::string::npos);
}
