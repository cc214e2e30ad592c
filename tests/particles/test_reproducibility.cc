// Same seed, 1 thread vs 2 threads: the particle system's trajectories are
// identical bit for bit (random numbers keyed by (seed, particle, step),
// F summed over fixed chunks in chunk order), for both integrators, on a
// nonlinear feature (tanh neurons, d = 4, an MDP) and a particle number
// that leaves a partial chunk.

#include <deal.II/base/multithread_info.h>

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "tests/particles/particle_case.h"

#include <algorithm>

using namespace mfpg;

namespace
{
  /** The thread limit for one scope; the test executable's 1 afterwards. */
  class ThreadLimit
  {
  public:
    explicit ThreadLimit(const unsigned int n_threads)
    {
      dealii::MultithreadInfo::set_thread_limit(n_threads);
    }
    ~ThreadLimit()
    {
      dealii::MultithreadInfo::set_thread_limit(1);
    }
  };

  /**
   * All coordinates after each of @p n_steps steps, and the final F; with
   * @p sweep_cache_budget MiB for the sweep cache (6 chunks of 512
   * particles x 65 doubles).
   */
  std::vector<std::vector<double>>
  trajectory(const std::string &integrator,
             const unsigned int n_steps,
             const double       sweep_cache_budget = 1024.)
  {
    test::ParticleCase run(
      test::agazzi_lu_text(test::tanh_neuron +
                           test::gaussian_initial_law_text("0", "1")) +
      test::particles_text(3000, 0.05, integrator, 17) +
      "subsection Particles\n  set Sweep cache budget = " +
      std::to_string(sweep_cache_budget) + "\nend\n");
    const std::size_t cache_bytes =
      6 * 512 * (run.model.mdp().n_states() * run.model.mdp().n_actions() + 1) *
      sizeof(double);
    std::vector<std::vector<double>> states;
    for (unsigned int k = 0; k < n_steps; ++k)
      {
        run.system.make_one_step();
        states.push_back(run.system.particles().coordinates());
      }
    // the cache is kept exactly when it fits the budget
    const std::size_t particle_bytes = 3000 * 4 * sizeof(double);
    EXPECT_EQ(run.system.memory_consumption(),
              particle_bytes +
                (cache_bytes <= sweep_cache_budget * 1024 * 1024 ? cache_bytes :
                                                                   0));
    const auto F = run.drift.policy_energy(run.system.particles());
    states.emplace_back(F.begin(), F.end());
    return states;
  }

  class ThreadCount : public ::testing::TestWithParam<std::string>
  {
  };
} // namespace

TEST_P(ThreadCount, OneAndTwoThreadsGiveIdenticalTrajectories)
{
  const unsigned int               n_steps = 10;
  std::vector<std::vector<double>> serial, threaded;
  {
    const ThreadLimit limit(1);
    serial = trajectory(GetParam(), n_steps);
  }
  {
    const ThreadLimit limit(2);
    ASSERT_EQ(dealii::MultithreadInfo::n_threads(), 2u);
    threaded = trajectory(GetParam(), n_steps);
  }
  ASSERT_EQ(serial.size(), threaded.size());
  unsigned int n_different = 0, n_compared = 0;
  for (unsigned int k = 0; k < serial.size(); ++k)
    {
      ASSERT_EQ(serial[k].size(), threaded[k].size());
      for (unsigned int i = 0; i < serial[k].size(); ++i)
        {
          n_different += serial[k][i] != threaded[k][i];
          ++n_compared;
        }
    }
  test::report(GetParam() + ": numbers compared", n_compared);
  test::report(GetParam() + ": numbers that differ", n_different);
  EXPECT_EQ(n_different, 0u);
}

TEST_P(ThreadCount, TheSweepCacheChangesNoNumber)
{
  const std::vector<std::vector<double>> cached = trajectory(GetParam(), 5),
                                         evaluated_again =
                                           trajectory(GetParam(), 5, 0.),
                                         over_budget =
                                           trajectory(GetParam(), 5, 1.);
  unsigned int n_different = 0;
  for (unsigned int k = 0; k < cached.size(); ++k)
    for (unsigned int i = 0; i < cached[k].size(); ++i)
      n_different += (cached[k][i] != evaluated_again[k][i]) +
                     (cached[k][i] != over_budget[k][i]);
  test::report(GetParam() + ": numbers that differ with and without the "
                            "sweep cache",
               n_different);
  EXPECT_EQ(n_different, 0u);
}

INSTANTIATE_TEST_SUITE_P(BothIntegrators,
                         ThreadCount,
                         ::testing::Values("euler-maruyama", "ou-splitting"),
                         [](const ::testing::TestParamInfo<std::string> &info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });
