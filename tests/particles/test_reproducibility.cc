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

  /** All coordinates after each of @p n_steps steps, and the final F. */
  std::vector<std::vector<double>>
  trajectory(const std::string &integrator, const unsigned int n_steps)
  {
    test::ParticleCase run(
      test::agazzi_lu_text(test::tanh_neuron +
                           test::gaussian_initial_law_text("0", "1")) +
      test::particles_text(3000, 0.05, integrator, 17));
    std::vector<std::vector<double>> states;
    for (unsigned int k = 0; k < n_steps; ++k)
      {
        run.system.make_one_step();
        states.push_back(run.system.particles().coordinates());
      }
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

INSTANTIATE_TEST_SUITE_P(BothIntegrators,
                         ThreadCount,
                         ::testing::Values("euler-maruyama", "ou-splitting"),
                         [](const ::testing::TestParamInfo<std::string> &info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });
