// sigma = 0, Agazzi & Lu's pure transport d theta = G(nu, theta) dt
// (model.md §5). With a linear feature every particle moves by the same
// g(mbar) eta, so the sample covariance stays what it was and the sample
// mean follows the Euler recursion m_{k+1} = m_k + eta g(m_k) exactly (to
// rounding); V increases and the optimality gap V* - V decreases at every
// step (gradient ascent of V in m with a small step), measured against
// V* = tau ln ∫ e^{r/tau} dmu of an independent quadrature. The Model
// rejects sigma = 0, so the drift is built from the model's pieces.

#include <gtest/gtest.h>

#include "particles/particle_monitor.h"
#include "tests/cases.h"
#include "tests/particles/particle_case.h"
#include "verification/gaussian_flow.h"

#include <algorithm>

using namespace mfpg;

namespace
{
  class PureTransport : public ::testing::TestWithParam<std::string>
  {
  };
} // namespace

TEST_P(PureTransport, LinearFeatureMovesTheCloudRigidlyAlongTheEulerMean)
{
  const test::ParticleParameters parameters(
    test::bandit_p1_gaussian_start_text() +
    test::particles_text(2000, 0.1, GetParam()));
  const Model             model(parameters.model);
  const InitialLaw        law(parameters.initial_law,
                       model.feature().parameter_names());
  const McKeanVlasovDrift transport(model.mdp(),
                                    model.feature(),
                                    model.potential(),
                                    0.);
  ParticleSystem system(parameters.particles, transport, law, MPI_COMM_SELF);
  const ParticleMonitor monitor(transport);
  const GaussianFlow    flow(model);

  const double           S0 = system.particles().covariance()(0, 0);
  dealii::Vector<double> m  = system.particles().mean();
  std::vector<double>    gaps{monitor.row(0., system.particles()).back()};
  double                 max_mean_error = 0., max_covariance_change = 0.;
  for (unsigned int k = 0; k < 30; ++k)
    {
      m.add(0.1, flow.policy_gradient_drift(m));
      system.make_one_step();
      max_mean_error =
        std::max(max_mean_error, std::abs(system.particles().mean()[0] - m[0]));
      max_covariance_change =
        std::max(max_covariance_change,
                 std::abs(system.particles().covariance()(0, 0) - S0));
      gaps.push_back(monitor.row(system.time(), system.particles()).back());
    }
  unsigned int n_increases = 0;
  for (unsigned int k = 1; k < gaps.size(); ++k)
    n_increases += gaps[k] >= gaps[k - 1];

  test::report(GetParam() + ": max |mbar - Euler mean|", max_mean_error);
  test::report(GetParam() + ": max |S(t) - S(0)|", max_covariance_change);
  test::report(GetParam() + ": optimality gap at t = 0", gaps.front());
  test::report(GetParam() + ": optimality gap at t = 3", gaps.back());
  EXPECT_LT(max_mean_error, 1e-12);
  EXPECT_LT(max_covariance_change, 1e-12);
  EXPECT_EQ(n_increases, 0u);
  EXPECT_GT(gaps.back(), 0.);
  // the V* behind the gaps against tau ln ∫ e^{r/tau} da by an independent
  // quadrature (tests/cases.h): both exact to rounding, which for the
  // 64-term sum of the MDP's rule is tau · 64 · eps ≈ 4.3e-15
  const double optimum_error =
    std::abs(monitor.optimal_objective() - test::bandit_p1_soft_optimal_value());
  test::report(GetParam() + ": |monitor V* - tau ln int e^{r/tau} da|",
               optimum_error);
  EXPECT_LT(optimum_error, 1e-14);
}

INSTANTIATE_TEST_SUITE_P(BothIntegrators,
                         PureTransport,
                         ::testing::Values("euler-maruyama", "ou-splitting"),
                         [](const ::testing::TestParamInfo<std::string> &info) {
                           std::string name = info.param;
                           std::replace(name.begin(), name.end(), '-', '_');
                           return name;
                         });
