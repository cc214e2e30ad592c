// The particle estimate of the fixed-point residual KL(nu | Gamma(nu)) in
// d = 1, 2, 3 against its closed form for a Gaussian cloud and a linear
// feature.

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
            gibbs_relative_entropy(c.drift,
                                   c.system.particles().gathered_coordinates(),
                                   W) -
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
  EXPECT_TRUE(std::isnan(gibbs_relative_entropy(
    c.drift, c.system.particles().gathered_coordinates(), W)));
}

TEST(GibbsRelativeEntropy,
     NearestNeighbourEstimateMatchesTheClosedFormInTwoAndThreeD)
{
  // the bandit with f = theta · (a, a^2[, a^3]), U = |theta|^2 / 2 and
  // nu = N(m, S I): G(nu, .) = g is constant, Gamma(nu) = N(2 g / sigma^2, I)
  // and KL(nu | Gamma) = (d S + |m - mu|^2 - d - d ln S) / 2
  const double S = 0.45;
  for (const unsigned int d : {2u, 3u})
    {
      const std::string   basis   = d == 2 ? "a; a*a" : "a; a*a; a*a*a";
      const std::string   mean    = d == 2 ? "0.8, -0.3" : "0.8, -0.3, 0.2";
      const unsigned int  n_seeds = 4;
      std::vector<double> rms;
      for (const unsigned int n : {2000u, 32000u})
        {
          double bias = 0., squares = 0.;
          for (unsigned int seed = 1; seed <= n_seeds; ++seed)
            {
              test::ParticleCase               c(test::bandit_p1_text(
                "subsection Feature\n set Basis = " + basis +
                "\nend\nsubsection Initial law\n set Mean = " + mean +
                "\n set Covariance = 0.45\nend\nsubsection Particles\n set "
                              "Number of particles = " +
                std::to_string(n) + "\n set Seed = " + std::to_string(seed) +
                "\nend\n"));
              const dealii::FullMatrix<double> W =
                c.drift.policy_gradient(c.system.particles()).weights();
              std::vector<double> g(d), origin(d, 0.);
              c.model.feature().drift(origin, W, g);
              const double              sigma = c.model.sigma();
              const std::vector<double> m_exact =
                d == 2 ? std::vector<double>{0.8, -0.3} :
                         std::vector<double>{0.8, -0.3, 0.2};
              double distance2 = 0.;
              for (unsigned int k = 0; k < d; ++k)
                {
                  const double mu = 2. * g[k] / (sigma * sigma);
                  distance2 += (m_exact[k] - mu) * (m_exact[k] - mu);
                }
              const double exact =
                0.5 * (d * S + distance2 - d - d * std::log(S));
              const double error =
                gibbs_relative_entropy(
                  c.drift, c.system.particles().gathered_coordinates(), W) -
                exact;
              bias += error / n_seeds;
              squares += error * error / n_seeds;
            }
          rms.push_back(std::sqrt(squares));
          test::report("d = " + std::to_string(d) + ", N = " +
                         std::to_string(n) + ": rms error of the estimate",
                       rms.back());
          test::report("d = " + std::to_string(d) +
                         ", N = " + std::to_string(n) + ": mean error (bias)",
                       bias);
        }
      EXPECT_LT(rms[1], rms[0]);
      EXPECT_LT(rms[1], 0.03);
    }
}
