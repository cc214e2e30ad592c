// The outputs of a particle run: a snapshot's CSV is an initial law that
// restores the particles bit for bit, its VTU holds one point per particle
// and the .pvd indexes the snapshots; the monitor row holds the moments,
// V(rho; pi_{nu^N}) (for a linear feature: V of the policy of the sample
// mean, model.md §7) and the optimality gap.

#include <gtest/gtest.h>

#include "particles/particle_monitor.h"
#include "particles/particle_snapshots.h"
#include "tests/cases.h"
#include "tests/particles/particle_case.h"
#include "verification/gaussian_flow.h"

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

using namespace mfpg;

namespace
{
  std::string
  file_text(const std::filesystem::path &path)
  {
    std::ifstream      in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }
} // namespace

TEST(ParticleSnapshots, CsvRestoresTheParticlesAndVtuHoldsOnePointEach)
{
  const unsigned int N = 700;
  const std::string  neuron =
    test::tanh_neuron + test::gaussian_initial_law_text("0.1", "0.5");
  test::ParticleCase run(test::bandit_p1_text(neuron) +
                         test::particles_text(N, 0.05));
  run.run_to(0.1);

  const auto directory =
    std::filesystem::temp_directory_path() / "mfpg_particle_snapshots";
  std::filesystem::remove_all(directory);
  ParticleSnapshots snapshots(directory.string(),
                              run.model.feature().parameter_names(),
                              MPI_COMM_SELF);
  snapshots.write(0, 0., run.system.particles());
  snapshots.write(run.system.n_steps(),
                  run.system.time(),
                  run.system.particles());

  const test::ParticleCase restored(
    test::bandit_p1_text(
      test::tanh_neuron +
      "subsection Initial law\n set Type = file\n set File = " +
      (directory / "particles_000002.csv").string() + "\nend\n") +
    test::particles_text(N, 0.05));
  EXPECT_EQ(restored.system.particles().coordinates(),
            run.system.particles().coordinates());

  const std::string vtu = file_text(directory / "particles_000002.vtu");
  EXPECT_NE(vtu.find("NumberOfPoints=\"" + std::to_string(N) + "\""),
            std::string::npos);
  for (const char *name : {"Name=\"c\"", "Name=\"w\"", "Name=\"b\""})
    EXPECT_NE(vtu.find(name), std::string::npos) << name;
  const std::string pvd = file_text(directory / "particles.pvd");
  EXPECT_NE(pvd.find("particles_000000.vtu"), std::string::npos);
  EXPECT_NE(pvd.find("particles_000002.vtu"), std::string::npos);
  std::filesystem::remove_all(directory);
}

TEST(ParticleMonitor, RowHoldsMomentsObjectiveOfTheSampleMeanAndOptimalityGap)
{
  const unsigned int N = 1000;
  test::ParticleCase run(test::bandit_p1_gaussian_start_text() +
                         test::particles_text(N, 0.1));
  run.run_to(0.5);
  const ParticleMonitor monitor(run.drift);
  EXPECT_EQ(monitor.column_names(),
            (std::vector<std::string>{
              "t", "mean1", "cov11", "V", "optimality_gap", "kl_gibbs"}));
  const std::vector<double> row =
    monitor.row(run.system.time(), run.system.particles());

  // the moments from the coordinates by a two-pass sum in long double (64-bit
  // mantissa), independent of ParticleEnsemble::mean()/covariance(): a
  // recursive double sum of N terms errs by at most (N - 1) eps sum |x_n|
  // (Higham, Accuracy and Stability, §4.2), so the columns must agree to
  // N eps (1/N) sum |x_n| for the mean and N eps (1/(N-1)) sum (x_n - m)^2
  // (plus the mean's error, second order) for the variance
  const std::vector<double> &x   = run.system.particles().coordinates();
  long double                sum = 0., sum_abs = 0.;
  for (const double x_n : x)
    sum += x_n, sum_abs += std::abs(x_n);
  const long double mean = sum / N;
  long double       squares = 0.;
  for (const double x_n : x)
    squares += (x_n - mean) * (x_n - mean);
  const double variance = static_cast<double>(squares / (N - 1));
  const double eps      = std::numeric_limits<double>::epsilon();
  const double mean_tolerance     = N * eps * static_cast<double>(sum_abs / N);
  const double variance_tolerance = 2. * N * eps * variance;
  test::report("|mean1 - two-pass mean of the coordinates|",
               std::abs(row[1] - static_cast<double>(mean)));
  test::report("|cov11 - two-pass variance of the coordinates|",
               std::abs(row[2] - variance));
  test::report("mean1 tolerance N eps mean|x|", mean_tolerance);
  test::report("cov11 tolerance 2 N eps var", variance_tolerance);
  EXPECT_EQ(row[0], 0.5);
  EXPECT_NEAR(row[1], static_cast<double>(mean), mean_tolerance);
  EXPECT_NEAR(row[2], variance, variance_tolerance);

  // V of the policy of the sample mean (model.md §7: a linear feature's
  // policy depends on m only), by the Gaussian flow's own evaluation; the
  // gap against V* of an independent quadrature (tests/cases.h), which the
  // monitor's soft value iteration meets to ~4e-15
  dealii::Vector<double> sample_mean(1);
  sample_mean[0] = static_cast<double>(mean);
  const GaussianLaw sample{sample_mean, run.system.particles().covariance()};
  const double      V = GaussianFlow(run.model).objective(sample);
  const double      gap = test::bandit_p1_soft_optimal_value() - V;
  test::report("|monitor V - V(policy of the sample mean)|",
               std::abs(row[3] - V));
  test::report("|monitor gap - (tau ln int e^{r/tau} - V)|",
               std::abs(row[4] - gap));
  EXPECT_NEAR(row[3], V, 1e-13);
  EXPECT_NEAR(row[4], gap, 1e-13);
  EXPECT_GT(row[4], 0.);
  EXPECT_GT(row[5], 0.);
}
