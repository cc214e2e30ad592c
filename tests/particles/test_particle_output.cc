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
  test::ParticleCase run(test::bandit_p1_gaussian_start_text() +
                         test::particles_text(1000, 0.1));
  run.run_to(0.5);
  const ParticleMonitor monitor(run.drift);
  EXPECT_EQ(monitor.column_names(),
            (std::vector<std::string>{
              "t", "mean1", "cov11", "V", "optimality_gap", "kl_gibbs"}));
  const std::vector<double> row =
    monitor.row(run.system.time(), run.system.particles());
  const GaussianLaw sample{run.system.particles().mean(),
                           run.system.particles().covariance()};
  const double      V = GaussianFlow(run.model).objective(sample);
  EXPECT_EQ(row[0], 0.5);
  EXPECT_EQ(row[1], sample.mean[0]);
  EXPECT_EQ(row[2], sample.covariance(0, 0));
  test::report("|monitor V - V(policy of the sample mean)|",
               std::abs(row[3] - V));
  EXPECT_NEAR(row[3], V, 1e-13);
  EXPECT_NEAR(row[4], monitor.optimal_objective() - V, 1e-13);
  EXPECT_GT(row[4], 0.);
  EXPECT_GT(row[5], 0.);
}
