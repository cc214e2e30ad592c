// A reduced version of Agazzi & Lu's bandit experiment (ICLR 2021, §5):
// A = [0, 1], tau = 0.2, sigma = 0 (pure transport), a teacher
// Q* = tau f* with f* a width-5 ReLU network with N(0, 4) weights, so that
// the soft-optimal policy pi* ∝ e^{f*} is the student's to learn; a student
// of ReLU neurons c relu(w a + b) with output weights c = 0 and inner
// weights N(0, 4) at t = 0, Euler steps of 1e-3. The optimality gap
// V* - V(pi_nu) must decrease (monotone after smoothing) and end below a
// stated fraction of its initial value.

#include <gtest/gtest.h>

#include "particles/particle_monitor.h"
#include "tests/cases.h"
#include "tests/particles/particle_case.h"

using namespace mfpg;

namespace
{
  /** f*(a) = sum_i c_i relu(w_i a + b_i), 5 neurons, weights drawn from N(0,
   * 4). */
  const std::string teacher =
    "(-2.3577*max(0, -2.2963*a + 1.3389) - 4.5878*max(0, -0.2868*a - 4.5122)"
    " + 2.2019*max(0, 0.4058*a + 2.7126) - 1.0084*max(0, 0.7964*a - 0.5718)"
    " - 1.4767*max(0, 0.2906*a - 2.5144))";

  std::string
  experiment_text(const unsigned int n_particles, const double eta)
  {
    return test::bandit_p1_text(R"(
subsection MDP
  subsection Action space
    set Points per axis = 32
  end
  set Reward = 0.2 * )" + teacher +
                                R"(
  set Entropy strength = 0.2
end
subsection Feature
  set Type = relu neuron
  set Output function = identity
  set ReLU smoothing = 0
end
subsection Initial law
  set Type = agazzi-lu
  set Inner weight deviation = 2
end
)") + test::particles_text(n_particles, eta);
  }
} // namespace

// Width 100 (the full experiment, examples/agazzi_lu_bandit_particles.prm,
// has 800), 32 Gauss-Legendre actions, t in [0, 20]. With sigma = 0 and
// exact gradients the gap is monotone without smoothing: sampled every 500
// steps it must never increase, and end below 20 % of its initial value.
TEST(AgazziLuExperiment, ReducedBanditOptimalityGapDecreasesMonotonically)
{
  const test::ParticleParameters parameters(experiment_text(100, 1e-3));
  const Model                    model(parameters.model);
  const InitialLaw               law(parameters.initial_law,
                       model.feature().parameter_names());
  const McKeanVlasovDrift        transport(model.mdp(),
                                    model.feature(),
                                    model.potential(),
                                    0.);
  ParticleSystem system(parameters.particles, transport, law, MPI_COMM_SELF);
  const ParticleMonitor monitor(transport);

  std::vector<double> gaps;
  for (unsigned int k = 0;; ++k)
    {
      if (k % 500 == 0)
        gaps.push_back(monitor.row(system.time(), system.particles()).back());
      if (k == 20000)
        break;
      system.make_one_step();
    }
  unsigned int n_increases = 0;
  for (unsigned int i = 1; i < gaps.size(); ++i)
    n_increases += gaps[i] > gaps[i - 1];
  const double fraction = gaps.back() / gaps.front();
  test::report("optimality gap at t = 0", gaps.front());
  test::report("optimality gap at t = 20", gaps.back());
  test::report("final / initial optimality gap", fraction);
  EXPECT_EQ(n_increases, 0u);
  EXPECT_LT(fraction, 0.2);
}
