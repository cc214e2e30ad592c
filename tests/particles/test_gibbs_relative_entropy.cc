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

namespace
{
  /**
   * The bias and the rms error over @p n_seeds seeds of the estimate for
   * the bandit of P1 with the linear basis @p basis (d = its length),
   * U = |theta|^2 / 2 and N particles drawn from nu = N(m, S I): G(nu, .) = g
   * does not depend on theta, so Gamma(nu) = N(mu, I), mu = 2 g / sigma^2,
   * and KL(nu | Gamma) = (d S + |m - mu|^2 - d - d ln S) / 2 in closed form.
   */
  std::pair<double, double>
  estimate_errors(const std::string         &basis,
                  const std::vector<double> &m,
                  const double               S,
                  const unsigned int         n,
                  const unsigned int         n_seeds)
  {
    const unsigned int d = m.size();
    std::string        mean;
    for (const double m_k : m)
      mean += (mean.empty() ? "" : ", ") + std::to_string(m_k);
    double bias = 0., squares = 0.;
    for (unsigned int seed = 1; seed <= n_seeds; ++seed)
      {
        test::ParticleCase               c(test::bandit_p1_text(
          "subsection Feature\n set Basis = " + basis +
          "\nend\nsubsection Initial law\n set Mean = " + mean +
          "\n set Covariance = " + std::to_string(S) +
          "\nend\nsubsection Particles\n set Number of particles = " +
          std::to_string(n) + "\n set Seed = " + std::to_string(seed) +
          "\nend\n"));
        const dealii::FullMatrix<double> W =
          c.drift.policy_gradient(c.system.particles()).weights();
        std::vector<double> g(d), origin(d, 0.);
        c.model.feature().drift(origin, W, g);
        const double sigma     = c.model.sigma();
        double       distance2 = 0.;
        for (unsigned int k = 0; k < d; ++k)
          {
            const double mu = 2. * g[k] / (sigma * sigma);
            distance2 += (m[k] - mu) * (m[k] - mu);
          }
        const double exact = 0.5 * (d * S + distance2 - d - d * std::log(S));
        const double error =
          gibbs_relative_entropy(c.drift,
                                 c.system.particles().gathered_coordinates(),
                                 W) -
          exact;
        bias += error / n_seeds;
        squares += error * error / n_seeds;
      }
    return {bias, std::sqrt(squares)};
  }
} // namespace

TEST(GibbsRelativeEntropy, MatchesTheGaussianClosedFormAsNGrows)
{
  // P1 itself: d = 1, the m-spacing entropy estimate
  const unsigned int  n_seeds = 8;
  std::vector<double> rms;
  for (const unsigned int n : {2000u, 32000u})
    {
      const auto [bias, rms_n] = estimate_errors("a", {0.8}, 0.45, n, n_seeds);
      rms.push_back(rms_n);
      const double spread =
        std::sqrt(std::max(rms_n * rms_n - bias * bias, 0.));
      test::report("N = " + std::to_string(n) + ": rms error of the estimate",
                   rms_n);
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
  for (const unsigned int d : {2u, 3u})
    {
      std::vector<double> rms;
      for (const unsigned int n : {2000u, 32000u})
        {
          const auto [bias, rms_n] =
            d == 2 ?
              estimate_errors("a; a*a", {0.8, -0.3}, 0.45, n, 4) :
              estimate_errors("a; a*a; a*a*a", {0.8, -0.3, 0.2}, 0.45, n, 4);
          rms.push_back(rms_n);
          test::report("d = " + std::to_string(d) + ", N = " +
                         std::to_string(n) + ": rms error of the estimate",
                       rms_n);
          test::report("d = " + std::to_string(d) +
                         ", N = " + std::to_string(n) + ": mean error (bias)",
                       bias);
        }
      EXPECT_LT(rms[1], rms[0]);
      EXPECT_LT(rms[1], 0.03);
    }
}
