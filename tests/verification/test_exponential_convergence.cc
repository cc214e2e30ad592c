// Experiment (a) of model.md §6 as a test: for a linear feature, C_2 = 0 and
// L = sup ||Dg|| are known, and the mesh flow must converge to its Gibbs
// fixed point at an observed rate of at least beta = sigma^2 kappa/2 - L.

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "tests/verification/p1_mesh_case.h"
#include "verification/convergence_constants.h"
#include "verification/exponential_convergence.h"
#include "verification/supremum_search.h"

using namespace mfpg;

namespace
{
  /** Case P1's mesh flow to t = 10 (BDF2, dt = 0.02), output every 0.5. */
  struct P1MeshCase : test::P1MeshCase
  {
    P1MeshCase()
      : test::P1MeshCase(R"(
subsection Time stepping
  set Scheme = bdf2
  set Time step = 0.02
  set End time = 10
end
subsection Output
  set Interval = 0.5
end
)")
    {
    }
  };

  /** The betas of P1 on [-6, 6] and over R (model.md §6.4). */
  TheoremHypothesis
  p1_hypothesis(const Model &model)
  {
    return theorem_hypothesis(
      linear_feature_convergence_constants(model, 6., 61),
      global_linear_feature_convergence_constants(model, SupremumSearch()),
      6.,
      1);
  }
} // namespace

TEST(ConvergenceConstants, LinearFeatureHasZeroC2AndLipschitzConstantOfG)
{
  const P1MeshCase           c;
  const Model                model(c.model_parameters);
  const ConvergenceConstants constants =
    linear_feature_convergence_constants(model, 6., 61);
  test::report("P1: kappa", constants.kappa.value);
  test::report("P1: L (lower bound: grid sup of ||Dg||)", constants.L.value);
  test::report("P1: beta", constants.beta());
  EXPECT_EQ(constants.kappa.value, 1.);
  EXPECT_EQ(constants.C2.value, 0.);
  EXPECT_EQ(constants.L.bound, TheoryConstant::Bound::lower_bound);
  EXPECT_GT(constants.L.value, 0.);
  EXPECT_GT(constants.beta(), 0.);
  // the grid estimate of the supremum has converged: a grid twice as fine
  // changes it by less than 1 %
  const double finer =
    linear_feature_convergence_constants(model, 6., 121).L.value;
  test::report("P1: L on a grid twice as fine", finer);
  EXPECT_NEAR(finer, constants.L.value, 1e-2 * constants.L.value);
}

TEST(ExponentialConvergence, MeshFlowConvergesAtLeastAtRateBeta)
{
  const P1MeshCase c;
  const Model      model(c.model_parameters);
  const InitialLaw law(c.law_parameters, model.feature().parameter_names());
  const ExponentialConvergence result = exponential_convergence<1>(
    model, law, c.flow, GibbsFixedPointParameters(), p1_hypothesis(model), 2.);
  test::report("P1 mesh flow: beta", result.hypothesis.beta());
  test::report("P1 mesh flow: observed rate", result.observed_rate);
  test::report("P1 mesh flow: W2(nu_0, nu*)", result.distances.front());
  test::report("P1 mesh flow: W2(nu_T, nu*)", result.distances.back());
  test::report("P1 mesh flow: max W2 / bound", result.worst_bound_ratio());
  std::cout << "[ verdict  ] " << result.verdict() << std::endl;
  EXPECT_EQ(result.hypothesis.reading(),
            TheoremHypothesis::Reading::applies);
  EXPECT_GE(result.observed_rate, result.hypothesis.beta());
  EXPECT_LE(result.worst_bound_ratio(), 1. + 1e-6);
}

TEST(ExponentialConvergence, ParticlesDecayAtTheMeshRateDownToTheirFloor)
{
  const P1MeshCase c;
  const Model      model(c.model_parameters);
  const InitialLaw law(c.law_parameters, model.feature().parameter_names());
  ParticleSystem::Parameters particles;
  particles.n_particles = 4000;
  particles.time_step   = 0.02;
  particles.seed        = 3;
  const ExponentialConvergence result =
    exponential_convergence<1>(model,
                               law,
                               c.flow,
                               GibbsFixedPointParameters(),
                               p1_hypothesis(model),
                               2.,
                               particles);
  test::report("P1 particles, N = 4000: sampling floor", result.particle_floor);
  test::report("P1 particles: observed rate above 3 x the floor",
               result.particle_rate);
  test::report("P1 mesh: observed rate", result.observed_rate);
  std::cout << "[ verdict  ] " << result.verdict() << std::endl;
  EXPECT_GE(result.particle_rate, result.hypothesis.beta());
  EXPECT_NEAR(result.particle_rate, result.observed_rate, 0.1);
  // the theorem's bound, up to the sampling error of N particles
  for (unsigned int n = 0; n < result.times.size(); ++n)
    EXPECT_LE(result.particle_distances[n],
              result.bound[n] + 3. * result.particle_floor)
      << "t = " << result.times[n];
  // and the floor is reached: the cloud ends within 3 floors of nu*
  EXPECT_LE(result.particle_distances.back(), 3. * result.particle_floor);
}
