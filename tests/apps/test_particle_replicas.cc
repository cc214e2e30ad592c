// `mfpg particles` with Particles/Replicas (issue 21 §1): every monitor is
// the replica mean ± standard error over the seeds Seed + r. The mean and
// SE it reports (summary.json, monitors.csv) are those of the single runs
// with those seeds, and the SE matches the spread of independent runs.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "apps/particle_run.h"
#include "tests/cases.h"
#include "verification/replica_statistics.h"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

using namespace mfpg;

namespace
{
  /**
   * `mfpg particles` on case P1 (d = 1) from N(1, 0.5), N = 100, eta = 0.05
   * to T = 0.5, with @p replicas replicas from seed @p seed, in a fresh
   * directory: its summary.json "figures", and its directory.
   */
  struct ParticlesRun
  {
    std::filesystem::path directory;
    nlohmann::json        figures;
    std::string           printed;

    ParticlesRun(const unsigned int replicas, const unsigned int seed)
      : directory(std::filesystem::temp_directory_path() /
                  ("mfpg_particle_replicas_" + std::to_string(::getpid()) +
                   "_" + std::to_string(replicas) + "_" + std::to_string(seed)))
    {
      ::setenv("MFPG_NO_PLOTS", "1", 1);
      std::filesystem::remove_all(directory);
      std::filesystem::create_directories(directory);
      const std::string file = (directory / "case.prm").string();
      std::ofstream(file) << test::bandit_p1_text(R"(
subsection Initial law
  set Type = gaussian
  set Mean = 1
  set Covariance = 0.5
end
subsection Particles
  set Number of particles = 100
  set Time step = 0.05
  set End time = 0.5
  set Output interval = 5
  set Seed = )" + std::to_string(seed) + R"(
  set Replicas = )" + std::to_string(replicas) +
                                                  R"(
  set Output directory = )" + (directory / "out").string() +
                                                  R"(
end
)");
      RunSummary         summary("particles", file, {});
      std::ostringstream out;
      particle_run::run(file, {}, out, summary);
      summary.write("completed");
      printed = out.str();
      figures =
        nlohmann::json::parse(std::ifstream(directory / "out" / "summary.json"))
          .at("figures");
    }

    ~ParticlesRun()
    {
      std::filesystem::remove_all(directory);
    }
  };
} // namespace

TEST(ParticleReplicas, MeanAndStandardErrorAreThoseOfTheSingleRuns)
{
  // 3 replicas from seed 11 against the single runs with seeds 11, 12, 13:
  // the same numbers through the same arithmetic (1e-12 relative); one
  // replica reports no SE
  const ParticlesRun  replicated(3, 11);
  std::vector<double> mean1, v;
  for (unsigned int r = 0; r < 3; ++r)
    {
      const ParticlesRun single(1, 11 + r);
      EXPECT_FALSE(single.figures.contains("mean1 SE"));
      mean1.push_back(single.figures.at("mean1").get<double>());
      v.push_back(single.figures.at("V").get<double>());
    }
  const ReplicaEstimate m = replica_estimate(mean1), e = replica_estimate(v);
  const nlohmann::json &f = replicated.figures;
  EXPECT_EQ(f.at("replicas").get<double>(), 3.);
  EXPECT_NEAR(f.at("mean1").get<double>(), m.mean, 1e-12 * std::abs(m.mean));
  EXPECT_NEAR(f.at("mean1 SE").get<double>(),
              m.standard_error,
              1e-12 * m.standard_error);
  EXPECT_NEAR(f.at("V").get<double>(), e.mean, 1e-12 * std::abs(e.mean));
  EXPECT_NEAR(f.at("V SE").get<double>(),
              e.standard_error,
              1e-12 * e.standard_error);
  // the printed table and monitors.csv say the same
  EXPECT_NE(replicated.printed.find("replica mean ± standard error over 3 "
                                    "replicas"),
            std::string::npos)
    << replicated.printed;
  std::ifstream monitors(replicated.directory / "out" / "monitors.csv");
  std::string   header;
  std::getline(monitors, header);
  EXPECT_EQ(header.rfind("t,mean1,mean1_se,", 0), 0u) << header;
  EXPECT_NE(header.find(",replicas"), std::string::npos) << header;
  EXPECT_TRUE(std::filesystem::exists(replicated.directory / "out" /
                                      "replica_2" / "monitors.csv"));
}

TEST(ParticleReplicas, StandardErrorMatchesTheSpreadOfIndependentRuns)
{
  // the SE of the mean m^N(T) that one run with R = 48 replicas (seeds
  // 1..48) reports, against the spread of K = 48 independent single runs
  // (seeds 101..148): their sample sd over sqrt(R) is what the SE claims.
  // Tolerance (chi-square): an sd from 48 values has relative sd about
  // 1/sqrt(2 x 47) = 0.103, so the ratio of two independent ones has about
  // 0.146; 40 % is 2.7 of them (two-sided 1 %)
  const unsigned int  R = 48, K = 48;
  const ParticlesRun  replicated(R, 1);
  std::vector<double> means;
  for (unsigned int j = 0; j < K; ++j)
    means.push_back(ParticlesRun(1, 101 + j).figures.at("mean1").get<double>());
  const double spread =
    replica_estimate(means).standard_error * std::sqrt(double(K));
  const double reported = replicated.figures.at("mean1 SE").get<double>();
  test::report("SE of mean1 reported over 48 replicas", reported);
  test::report("sd of 48 independent runs / sqrt(48)", spread / std::sqrt(R));
  test::report("reported / (spread / sqrt R) - 1",
               reported / (spread / std::sqrt(R)) - 1.);
  EXPECT_NEAR(reported / (spread / std::sqrt(R)), 1., 0.4);
}
