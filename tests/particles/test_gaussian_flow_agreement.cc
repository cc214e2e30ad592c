// Linear features, quadratic U, Gaussian start (model.md §7): the particle
// system's sample mean and covariance at t = 1 agree with the exact Gaussian
// flow within 4 standard errors, for a bandit and for an MDP.
//
// Standard errors: the sample mean fluctuates like N(0, P(t)/N) with P from
// the central limit of gaussian_references.h (the interaction through g
// changes it from S(t)/N); the deviations theta - mbar are an interaction-
// free Ornstein–Uhlenbeck ensemble, so a covariance entry has the i.i.d.
// standard error sqrt((S_kk S_ll + S_kl^2) / N).
//
// Time-step bias: eta = 0.01 puts the Euler–Maruyama bias (measured exactly
// by the N -> infinity recursion of gaussian_references.h) below half a
// standard error at N = 16384; the test asserts that too.

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "tests/particles/gaussian_references.h"
#include "tests/particles/particle_case.h"

using namespace mfpg;

namespace
{
  struct AgreementCase
  {
    std::string name;
    std::string text;
  };

  class GaussianFlowAgreement : public ::testing::TestWithParam<AgreementCase>
  {
  };

  const unsigned int n_particles = 16384;
  const double       eta         = 0.01;
  const double       end_time    = 1.;
} // namespace

TEST_P(GaussianFlowAgreement, SampleMomentsAtTimeOneWithinFourStandardErrors)
{
  test::ParticleCase run(GetParam().text +
                         test::particles_text(n_particles, eta));
  const unsigned int d       = run.model.n_parameters();
  const GaussianLaw &initial = run.initial_law.gaussian();
  const GaussianLaw  exact =
    GaussianFlow(run.model).solve(initial, {end_time}).front();
  const GaussianLaw euler = test::euler_maruyama_limit(
    run.model, initial, eta, std::lround(end_time / eta));
  const dealii::FullMatrix<double> P =
    test::sample_mean_covariance(run.model, initial, end_time);

  run.run_to(end_time);
  const dealii::Vector<double>     m = run.system.particles().mean();
  const dealii::FullMatrix<double> S = run.system.particles().covariance();

  const std::string name = GetParam().name;
  for (unsigned int k = 0; k < d; ++k)
    {
      const double      se   = std::sqrt(P(k, k) / n_particles);
      const double      z    = (m[k] - exact.mean[k]) / se;
      const double      bias = (euler.mean[k] - exact.mean[k]) / se;
      const std::string what = name + ": m" + std::to_string(k + 1);
      test::report(what + " error / SE", z);
      test::report(what + " Euler-Maruyama bias / SE", bias);
      test::report(what + " SE of the sample mean / sqrt(S_kk(t)/N)",
                   std::sqrt(P(k, k) / exact.covariance(k, k)));
      EXPECT_LT(std::abs(z), 4.) << what;
      EXPECT_LT(std::abs(bias), 0.5) << what;
    }
  for (unsigned int k = 0; k < d; ++k)
    for (unsigned int l = k; l < d; ++l)
      {
        const double se =
          std::sqrt((exact.covariance(k, k) * exact.covariance(l, l) +
                     exact.covariance(k, l) * exact.covariance(k, l)) /
                    n_particles);
        const double z = (S(k, l) - exact.covariance(k, l)) / se;
        const double bias =
          (euler.covariance(k, l) - exact.covariance(k, l)) / se;
        const std::string what =
          name + ": S" + std::to_string(k + 1) + std::to_string(l + 1);
        test::report(what + " error / SE", z);
        test::report(what + " Euler-Maruyama bias / SE", bias);
        EXPECT_LT(std::abs(z), 4.) << what;
        EXPECT_LT(std::abs(bias), 0.5) << what;
      }
}

INSTANTIATE_TEST_SUITE_P(
  BanditAndMdp,
  GaussianFlowAgreement,
  ::testing::Values(
    AgreementCase{"bandit_p1", test::bandit_p1_gaussian_start_text()},
    AgreementCase{"agazzi_lu_mdp",
                  test::agazzi_lu_text(
                    test::gaussian_initial_law_text("0.5, -0.5",
                                                    "0.3, 0.1, 0.1, 0.6"))}),
  [](const ::testing::TestParamInfo<AgreementCase> &info) {
    return info.param.name;
  });
