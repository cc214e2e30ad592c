// The integrators of the particle system against exact references:
//  - Euler–Maruyama and the Ornstein–Uhlenbeck splitting have weak order 1
//    in eta, measured on E[theta] at t = 1 for the bandit P1 with common
//    random numbers (Brownian substeps) and asserted on the slope;
//  - the OU step solves the moment equations of the OU process exactly
//    (d = 2, non-diagonal K), and the splitting is exact in law when
//    g = 0, for any eta, where Euler–Maruyama at the same eta is not.

#include <gtest/gtest.h>

#include <boost/numeric/odeint.hpp>

#include "particles/brownian_increments.h"
#include "particles/ornstein_uhlenbeck_splitting.h"
#include "tests/cases.h"
#include "tests/particles/fitted_slope.h"
#include "tests/particles/gaussian_references.h"
#include "tests/particles/particle_case.h"

using namespace mfpg;

namespace
{
  class WeakOrder : public ::testing::TestWithParam<std::string>
  {
  };
} // namespace

// eta_l = 0.2 / 2^l, l = 0..4, all runs driven by the same Brownian paths
// (Brownian substeps 2^{4-l}) and the same initial sample, so the
// differences e_l - e_{l+1} of the errors e_l = mbar_l(1) - m(1) hold the
// time-step error alone (the common sampling error cancels); for weak
// order 1 they halve with eta. Richardson's 2 e_4 - e_3 removes the O(eta)
// term and must leave only the sampling error, within 4 standard errors of
// the exact mean.
TEST_P(WeakOrder, MeanErrorIsFirstOrderInTimeStepWithCommonRandomNumbers)
{
  const unsigned int n_particles = 4096, n_levels = 5;
  const Model        model   = test::model_from_text(test::bandit_p1_text());
  const GaussianLaw  initial = test::gaussian({1.0}, {0.5}, 1);
  const double       exact_mean =
    GaussianFlow(model).solve(initial, {1.}).front().mean[0];
  const double se = std::sqrt(
    test::sample_mean_covariance(model, initial, 1.)(0, 0) / n_particles);

  std::vector<double> eta(n_levels), error(n_levels);
  for (unsigned int level = 0; level < n_levels; ++level)
    {
      eta[level]                  = 0.2 / (1u << level);
      const unsigned int substeps = 1u << (n_levels - 1 - level);
      test::ParticleCase run(
        test::bandit_p1_gaussian_start_text() +
        test::particles_text(n_particles, eta[level], GetParam(), 3, substeps));
      run.run_to(1.);
      error[level] = run.system.particles().mean()[0] - exact_mean;
      test::report(GetParam() + ": eta = " + std::to_string(eta[level]) +
                     ", (mbar(1) - m(1)) / SE",
                   error[level] / se);
    }

  std::vector<double> log_eta, log_difference;
  for (unsigned int level = 0; level + 1 < n_levels; ++level)
    {
      log_eta.push_back(std::log(eta[level]));
      log_difference.push_back(
        std::log(std::abs(error[level] - error[level + 1])));
    }
  const double order = test::fitted_slope(log_eta, log_difference);
  const double richardson =
    (2. * error[n_levels - 1] - error[n_levels - 2]) / se;
  test::report(GetParam() + ": observed weak order", order);
  test::report(GetParam() + ": Richardson-extrapolated error / SE", richardson);
  EXPECT_GT(order, 0.8);
  EXPECT_LT(order, 1.2);
  EXPECT_LT(std::abs(richardson), 4.);
}

INSTANTIATE_TEST_SUITE_P(BothIntegrators,
                         WeakOrder,
                         ::testing::Values("euler-maruyama", "ou-splitting"),
                         [](const ::testing::TestParamInfo<std::string> &info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });

// e^{-A eta} and Sigma^{1/2} of the OU step against Boost.odeint solutions of
// dE/dt = -A E, E(0) = I and dSigma/dt = -A Sigma - Sigma A + sigma^2 I,
// Sigma(0) = 0, A = (sigma^2/2) K, for a non-diagonal K in d = 2.
TEST(OrnsteinUhlenbeckSplitting,
     StepSolvesTheMomentEquationsOfTheOrnsteinUhlenbeckProcess)
{
  const Model model = test::model_from_text(test::agazzi_lu_text(R"(
subsection Regularisation
  set Sigma = 1.3
  set Potential center = 0.3, -0.2
  set Potential stiffness = 2, 0.5, 0.5, 1
end
)"));
  const McKeanVlasovDrift          drift(model);
  const BrownianIncrements         noise(1, 1);
  const double                     eta = 0.7;
  const OrnsteinUhlenbeckSplitting ou(drift, noise, eta, 0.);

  const double s2 = 1.3 * 1.3;
  const auto  &K  = model.potential().stiffness();
  using State     = std::vector<double>;
  // E (4 entries) then Sigma (4 entries), row by row
  State      x{1., 0., 0., 1., 0., 0., 0., 0.};
  const auto system = [&](const State &y, State &dydt, double) {
    for (unsigned int k = 0; k < 2; ++k)
      for (unsigned int l = 0; l < 2; ++l)
        {
          double AE = 0., ASigma = 0., SigmaA = 0.;
          for (unsigned int q = 0; q < 2; ++q)
            {
              AE += 0.5 * s2 * K(k, q) * y[q * 2 + l];
              ASigma += 0.5 * s2 * K(k, q) * y[4 + q * 2 + l];
              SigmaA += y[4 + k * 2 + q] * 0.5 * s2 * K(q, l);
            }
          dydt[k * 2 + l]     = -AE;
          dydt[4 + k * 2 + l] = -ASigma - SigmaA + (k == l ? s2 : 0.);
        }
  };
  namespace odeint = boost::numeric::odeint;
  odeint::integrate_adaptive(
    odeint::make_controlled(1e-13, 1e-13, odeint::runge_kutta_dopri5<State>()),
    system,
    x,
    0.,
    eta,
    1e-3);

  const dealii::FullMatrix<double> &E = ou.contraction();
  dealii::FullMatrix<double>        Sigma(2, 2);
  ou.noise_factor().mmult(Sigma, ou.noise_factor());
  double max_error = 0.;
  for (unsigned int k = 0; k < 2; ++k)
    for (unsigned int l = 0; l < 2; ++l)
      max_error = std::max({max_error,
                            std::abs(E(k, l) - x[k * 2 + l]),
                            std::abs(Sigma(k, l) - x[4 + k * 2 + l])});
  test::report("max |OU step moments - ODE solution|", max_error);
  EXPECT_LT(max_error, 1e-10);
}

// tau = 0 and r = 0 make A = Q - tau ln p = 0, so W = 0 and g = 0: the flow is
// the Ornstein–Uhlenbeck process, which the splitting integrates exactly,
// in one step of eta = 1 as in four of 0.25. Euler–Maruyama at eta = 1 misses
// the mean by (e^{-a} - 1 + a) m_0, a = sigma^2/2: about ten standard errors.
TEST(OrnsteinUhlenbeckSplitting, IsExactInLawWhenThePolicyGradientVanishes)
{
  const std::string no_policy_gradient = R"(
subsection MDP
  set Reward = 0
  set Entropy strength = 0
end
)";
  const Model       model =
    test::model_from_text(test::bandit_p1_text(no_policy_gradient));
  const GaussianLaw  initial = test::gaussian({1.0}, {0.5}, 1);
  const GaussianFlow flow(model);
  EXPECT_EQ(flow.policy_gradient_drift(initial.mean)[0], 0.);
  const GaussianLaw exact = flow.solve(initial, {1.}).front();

  const unsigned int n_particles = 16384;
  const double       se_mean = std::sqrt(exact.covariance(0, 0) / n_particles);
  const double       se_variance =
    std::sqrt(2. / n_particles) * exact.covariance(0, 0);
  const auto z_scores = [&](const double eta, const std::string &integrator) {
    test::ParticleCase run(
      test::bandit_p1_gaussian_start_text(no_policy_gradient) +
      test::particles_text(n_particles, eta, integrator, 5));
    run.run_to(1.);
    const double z_mean =
      (run.system.particles().mean()[0] - exact.mean[0]) / se_mean;
    const double z_variance =
      (run.system.particles().covariance()(0, 0) - exact.covariance(0, 0)) /
      se_variance;
    const std::string what =
      integrator + ", eta = " + std::to_string(eta) + ": ";
    test::report(what + "(mean - exact) / SE", z_mean);
    test::report(what + "(variance - exact) / SE", z_variance);
    return std::make_pair(z_mean, z_variance);
  };

  for (const double eta : {1., 0.25})
    {
      const auto [z_mean, z_variance] = z_scores(eta, "ou-splitting");
      EXPECT_LT(std::abs(z_mean), 4.);
      EXPECT_LT(std::abs(z_variance), 4.);
    }
  EXPECT_GT(std::abs(z_scores(1., "euler-maruyama").first), 4.);
}
