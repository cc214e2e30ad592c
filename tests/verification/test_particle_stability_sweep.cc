// Experiment (b) of model.md §6 with particles (§6.6 (b)): the stationary
// laws as clouds of long particle runs against the closed-form Gaussian
// stationary laws of a linear feature (stability_sweep()), the reference
// point at the sampling floor, and the cloud's ∫|grad U|^2 against an
// exact sum.

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "verification/particle_stability_sweep.h"
#include "verification/stability_sweep.h"

#include <algorithm>
#include <cmath>

using namespace mfpg;

namespace
{
  /**
   * Case P1 (d = 1) and its particle runs: N = 1000, eta = 0.02,
   * ou-splitting, from N(0, 1).
   */
  struct ParticleStabilityCase
  {
    Model::Parameters          model;
    InitialLaw::Parameters     initial_law;
    ParticleSystem::Parameters particles;

    ParticleStabilityCase()
    {
      dealii::ParameterHandler prm;
      model.add_parameters(prm);
      initial_law.add_parameters(prm);
      parse_parameter_text(prm, test::bandit_p1_text());
      particles.n_particles = 1000;
      particles.time_step   = 0.02;
      particles.integrator  = "ou-splitting";
    }

    /** particle_stability_sweep() over @p sigmas x @p taus to T = @p end_time.
     */
    StabilitySweep
    sweep(const std::vector<double> &sigmas,
          const std::vector<double> &taus,
          const double               end_time) const
    {
      return particle_stability_sweep(model,
                                      sigmas,
                                      taus,
                                      InitialLaw(initial_law, {"theta"}),
                                      particles,
                                      end_time,
                                      SupremumSearch());
    }
  };
} // namespace

// ∫|grad U|^2 dnu for U = (1/2) k |theta - c|^2 on two weighted points:
// k^2 (w_1 |x_1 - c|^2 + w_2 |x_2 - c|^2), exact to rounding.
TEST(CloudMeanSquaredGradient, IsTheWeightedSumOfSquaredGradients)
{
  QuadraticPotential::Parameters p;
  p.center    = {1., -1.};
  p.stiffness = {2.};
  const QuadraticPotential U(p, 2, "Regularisation");
  const WeightedPoints     cloud(2, {1., 1., 4., 3.}, {0.25, 0.75});
  // |x_1 - c|^2 = 0 + 4, |x_2 - c|^2 = 9 + 16
  EXPECT_NEAR(cloud_mean_squared_gradient(U, cloud),
              4. * (0.25 * 4. + 0.75 * 25.),
              1e-13);
}

// Case P1: a linear feature, whose stationary laws are N(m'*, 1) (model.md
// §7), W2(nu*, nu'*) = |m* - m'*| in closed form. The particle path
// approximates each by a cloud of N = 1000 particles at T = 40 (ou-splitting,
// eta = 0.02) and takes the exact 1-D W2 between clouds (quantile).
//
// Tolerance of each W2: by the triangle inequality
//   |W2(nu*_N, nu'*_N) - W2(nu*, nu'*)| <= W2(nu*_N, nu*) + W2(nu'*_N, nu'*),
// two one-sample empirical distances; the floor f is a two-sample one, and
// in 1-D the quantile differences of two independent samples have twice
// the variance of one, so each term is about f / sqrt 2 and their sum
// about 1.4 f. 3 f leaves room for their fluctuation (a W2 of an N-sample
// is concentrated: its relative spread at N = 1000 is a few tens of per
// cent). The biases are below 0.1 f (f = 0.07 here): the splitting's
// stationary mean is G / a times a eta / (e^{a eta} - 1) = 1 - a eta / 2
// (a = sigma'^2 / 2 <= 1.125; the OU part and so the variance are exact),
// off by at most (a eta / 2) |m'*| <= 1.2e-3 on this sweep (|m'*| = 0.65 at
// sigma' = 0.6, 0.11 at sigma' = 1.5: p1_stationary_mean of
// tests/apps/references.py); the start N(0, 1) is |m'*| <= 0.65 from nu'*
// and its mean relaxes at a - G'(m'*) >= 0.18 - L = 0.14 (L = 0.039, the
// sup of |G'|): 0.65 e^{-0.14 * 40} < 3e-3.
//
// ∫|grad U|^2 dnu'* against tr K + |K m'*|^2 = 1 + m'*^2: the average of
// theta^2 over N points of N(m'*, 1) has the standard error
// sqrt((2 + 4 m'*^2) / N) <= 0.06; 5 standard errors.
TEST(ParticleStabilitySweep, AgreesWithTheGaussianLawsWithinThreeFloors)
{
  const ParticleStabilityCase c;
  const std::vector<double>   sigmas{0.6, 0.9, 1.5}, taus{0.1, 0.8};
  const StabilitySweep        clouds = c.sweep(sigmas, taus, 40.);
  const StabilitySweep        exact =
    stability_sweep(c.model, sigmas, taus, SupremumSearch());
  const double f = clouds.sampling_floor;
  test::report("P1, N = 1000: the floor f", f);
  std::cout << "[ verdict  ] " << clouds.verdict() << std::endl;
  ASSERT_EQ(clouds.points.size(), exact.points.size());
  double largest_exact = 0.;
  for (unsigned int n = 0; n < clouds.points.size(); ++n)
    {
      const StabilityPoint &p = clouds.points[n], &q = exact.points[n];
      const double          w2       = std::sqrt(p.squared_distance);
      const double          exact_w2 = std::sqrt(q.squared_distance);
      test::report("sigma' = " + std::to_string(p.sigma) + ", tau' = " +
                     std::to_string(p.tau) + ": (W2 clouds - W2 exact) / f",
                   (w2 - exact_w2) / f);
      largest_exact = std::max(largest_exact, exact_w2);
      EXPECT_NEAR(w2, exact_w2, 3. * f);
      EXPECT_EQ(p.distance_error, 3. * f);
      const double standard_error =
        std::sqrt((2. + 4. * (q.mean_squared_gradient - 1.)) / 1000.);
      EXPECT_NEAR(p.mean_squared_gradient,
                  q.mean_squared_gradient,
                  5. * standard_error);
    }
  // the comparison is not decided by the floor alone: the sweep reaches
  // distances well above 3 f
  test::report("P1: the largest exact W2 / f", largest_exact / f);
  EXPECT_GT(largest_exact, 3. * f);
  EXPECT_EQ(clouds.D().value, exact.D().value);
  EXPECT_EQ(clouds.hypothesis.reading(), exact.hypothesis.reading());
}

// At (sigma', tau') = (sigma, tau) the cloud of nu'* is an independent
// N-sample of nu* (its own seed): W2 is then a reading of the floor, below
// 3 f (the spread of a two-sample W2 at N = 1000 is a few tens of per cent
// of f), and the point's ratio is 0 although its bound is 0. (At sigma =
// 0.9 the mean relaxes at >= 0.405 - 0.039: from |m*| = 0.29 by T = 20 to
// 2e-4, far below f.)
TEST(ParticleStabilitySweep, ReferencePointReadsTheFloor)
{
  const ParticleStabilityCase c;
  const StabilitySweep        clouds = c.sweep({0.9}, {0.3}, 20.);
  ASSERT_EQ(clouds.points.size(), 1u);
  const double w2 = std::sqrt(clouds.points[0].squared_distance);
  test::report("P1 at the reference point: W2 / f", w2 / clouds.sampling_floor);
  EXPECT_LE(w2, 3. * clouds.sampling_floor);
  EXPECT_EQ(clouds.points[0].ratio(), 0.);
}

// Bad input is refused before any run, naming the entry: T = 1 is no whole
// number of steps 0.3, and sigma' = 0 has no stationary law (T = 0.6 is).
TEST(ParticleStabilitySweep, RefusesWhatCannotRun)
{
  ParticleStabilityCase c;
  c.particles.time_step = 0.3;
  EXPECT_NE(test::parameter_error_message([&] {
              c.sweep({0.9}, {0.3}, 1.);
            }).find("Stability/Particle end time"),
            std::string::npos);
  EXPECT_NE(test::parameter_error_message([&] {
              c.sweep({0.}, {0.3}, 0.6);
            }).find("Stability/Sigmas"),
            std::string::npos);
  EXPECT_NE(test::parameter_error_message([&] {
              c.sweep({0.9}, {0.3}, 0.);
            }).find("Stability/Particle end time"),
            std::string::npos);
}
