// The statistical error of a moment decays like N^{-1/2} (model.md §6: the
// error of smooth observables is O(N^{-1/2}) statistical + O(1/N) bias +
// O(eta)). Measured on the sample mean at t = 1 for the bandit P1 under
// Euler–Maruyama, against its own N -> infinity limit (the Euler recursion
// of gaussian_references.h), which removes the O(eta) error exactly: what
// is left is the particles' sampling error and the O(1/N) bias.

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "tests/particles/fitted_slope.h"
#include "tests/particles/gaussian_references.h"
#include "tests/particles/particle_case.h"

using namespace mfpg;

// Root-mean-square error over 32 seeds at N = 256, 1024, 4096, 16384. The
// RMS over M seeds has a relative spread of about 1/sqrt(2M) = 12.5 %, so
// the least-squares slope of ln RMS against ln N has a spread of about
// 0.04: the tolerance 0.15 is 3.7 of them. The pooled constant
// RMS sqrt(N / P) (P the central-limit variance of the sample mean) must be
// 1 within 20 % (128 runs: a spread of 6 %).
TEST(StatisticalError, SampleMeanErrorDecaysLikeOneOverSquareRootOfN)
{
  const double       eta = 0.1, end_time = 1.;
  const unsigned int n_seeds = 32;
  const Model        model   = test::model_from_text(test::bandit_p1_text());
  const GaussianLaw  initial = test::gaussian({1.0}, {0.5}, 1);
  const double       limit_mean =
    test::euler_maruyama_limit(model, initial, eta, 10).mean[0];
  const double P = test::sample_mean_covariance(model, initial, end_time)(0, 0);

  std::vector<double> log_n, log_rms;
  double              pooled = 0.;
  for (const unsigned int n_particles : {256u, 1024u, 4096u, 16384u})
    {
      double sum_squares = 0.;
      for (unsigned int seed = 1; seed <= n_seeds; ++seed)
        {
          test::ParticleCase run(
            test::bandit_p1_gaussian_start_text() +
            test::particles_text(n_particles, eta, "euler-maruyama", seed));
          run.run_to(end_time);
          const double error = run.system.particles().mean()[0] - limit_mean;
          sum_squares += error * error;
        }
      const double rms = std::sqrt(sum_squares / n_seeds);
      log_n.push_back(std::log(n_particles));
      log_rms.push_back(std::log(rms));
      pooled += sum_squares * n_particles / P;
      test::report("N = " + std::to_string(n_particles) + ": RMS error", rms);
    }
  const double constant = std::sqrt(pooled / (n_seeds * log_n.size()));

  const double rate = test::fitted_slope(log_n, log_rms);
  test::report("slope of ln RMS error against ln N", rate);
  test::report("RMS error sqrt(N / P), pooled", constant);
  EXPECT_NEAR(rate, -0.5, 0.15);
  EXPECT_NEAR(constant, 1., 0.2);
}
