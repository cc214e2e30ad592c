// The particle estimate of the fixed-point residual KL(nu | Gamma(nu)) in
// d = 1 against its closed form for a Gaussian cloud and a linear feature.

#include <gtest/gtest.h>

#include "model/feature.h"
#include "particles/gibbs_relative_entropy.h"
#include "tests/cases.h"
#include "tests/particles/particle_case.h"

#include <cmath>

using namespace mfpg;

TEST(GibbsRelativeEntropy, MatchesTheGaussianClosedFormAsNGrows)
{
  // P1 (U = theta^2 / 2, f = theta a) with nu = N(m, S): G(nu, theta) = g
  // does not depend on theta, so Gamma(nu) = N(2 g / sigma^2, 1) and
  // KL(nu | Gamma) = (S + (m - mu)^2 - 1 - ln S) / 2 in closed form
  const double        m = 0.8, S = 0.45;
  const unsigned int  n_seeds = 8;
  std::vector<double> rms;
  for (const unsigned int n : {2000u, 32000u})
    {
      double bias = 0., squares = 0.;
      for (unsigned int seed = 1; seed <= n_seeds; ++seed)
        {
          test::ParticleCase               c(test::bandit_p1_text(
            "subsection Initial law\n set Mean = 0.8\n set Covariance = "
                          "0.45\nend\nsubsection Particles\n set Number of particles = " +
            std::to_string(n) + "\n set Seed = " + std::to_string(seed) +
            "\nend\n"));
          const dealii::FullMatrix<double> W =
            c.drift.policy_gradient(c.system.particles()).weights();
          double       g     = 0.;
          const double theta = 0.;
          c.model.feature().drift({&theta, 1}, W, {&g, 1});
          const double sigma = c.model.sigma();
          const double mu    = 2. * g / (sigma * sigma);
          const double exact =
            0.5 * (S + (m - mu) * (m - mu) - 1. - std::log(S));
          const double error =
            gibbs_relative_entropy_1d(
              c.drift, c.system.particles().gathered_coordinates(), W) -
            exact;
          bias += error / n_seeds;
          squares += error * error / n_seeds;
        }
      rms.push_back(std::sqrt(squares));
      const double spread = std::sqrt(std::max(squares - bias * bias, 0.));
      test::report("N = " + std::to_string(n) + ": rms error of the estimate",
                   rms.back());
      test::report("N = " + std::to_string(n) + ": mean error (bias)", bias);
      // no bias beyond the sampling error of 8 seeds and a small floor
      EXPECT_LT(std::abs(bias), 3. * spread / std::sqrt(n_seeds) + 2e-3);
    }
  // the error falls like N^{-1/2}: 4x for 16x the particles, give or take
  EXPECT_LT(rms[1], rms[0] / 2.);
  EXPECT_LT(rms[1], 1e-2);
}

TEST(GibbsRelativeEntropy, IsUndefinedWithoutDiffusion)
{
  test::ParticleCase               c(test::bandit_p1_text(
    "subsection Regularisation\n set Sigma = 0\nend\n"
                  "subsection Particles\n set Number of particles = 100\nend\n"));
  const dealii::FullMatrix<double> W =
    c.drift.policy_gradient(c.system.particles()).weights();
  EXPECT_TRUE(std::isnan(gibbs_relative_entropy_1d(
    c.drift, c.system.particles().gathered_coordinates(), W)));
}
