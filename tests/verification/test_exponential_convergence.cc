// Experiment (a) of model.md §6 as a test: for a linear feature, C_2 = 0 and
// L = sup ||Dg|| are known, and the mesh flow must converge to its Gibbs
// fixed point at an observed rate of at least beta = sigma^2 kappa/2 - L;
// the particle system follows it down to its floor, in d = 1 and 2 against
// the mesh's nu*, and without a mesh against a long particle run.

#include <gtest/gtest.h>

#include "solver/gibbs_fixed_point.h"
#include "tests/cases.h"
#include "tests/verification/p1_mesh_case.h"
#include "verification/convergence_constants.h"
#include "verification/exponential_convergence.h"
#include "verification/mesh_density_sample.h"
#include "verification/mesh_density_wasserstein.h"
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
  test::report("P1 mesh flow: observed rate", result.observed_rate.value);
  test::report("P1 mesh flow: W2(nu_0, nu*)", result.distances.front());
  test::report("P1 mesh flow: W2(nu_T, nu*)", result.distances.back());
  test::report("P1 mesh flow: max W2 / bound", result.worst_bound_ratio());
  std::cout << "[ verdict  ] " << result.verdict() << std::endl;
  EXPECT_EQ(result.hypothesis.reading(), TheoremHypothesis::Reading::applies);
  EXPECT_GE(result.observed_rate.value, result.hypothesis.beta());
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
               result.particle_rate.value);
  test::report("P1 mesh: observed rate", result.observed_rate.value);
  std::cout << "[ verdict  ] " << result.verdict() << std::endl;
  EXPECT_GE(result.particle_rate.value, result.hypothesis.beta());
  EXPECT_NEAR(result.particle_rate.value, result.observed_rate.value, 0.1);
  // the theorem's bound, up to the sampling error of N particles
  for (unsigned int n = 0; n < result.times.size(); ++n)
    EXPECT_LE(result.particle_distances[n],
              result.bound[n] + 3. * result.particle_floor)
      << "t = " << result.times[n];
  // and the floor is reached: the cloud ends within 3 floors of nu*
  EXPECT_LE(result.particle_distances.back(), 3. * result.particle_floor);
}

namespace
{
  /**
   * The tanh bandit of examples/tanh_bandit_exponential_convergence.prm
   * (d = 2: f = tanh(c) tanh(w a + 0.2), r(a) = sin 3a + 1/2, sigma = 0.7,
   * tau = 0.15, nu_0 = N((-1.5, 2), 0.2 I)) on 16 x 16 cells of [-6, 6]^2,
   * BDF2 with dt = 0.02 to t = 20, output every 1; 300 particles with
   * eta = 0.02.
   */
  struct TanhBanditCase
  {
    Model::Parameters          model_parameters;
    InitialLaw::Parameters     law_parameters;
    MeshFlowParameters         flow;
    ParticleSystem::Parameters particles;

    TanhBanditCase()
    {
      dealii::ParameterHandler prm;
      model_parameters.add_parameters(prm);
      law_parameters.add_parameters(prm);
      flow.add_parameters(prm);
      particles.add_parameters(prm);
      parse_parameter_text(prm,
                           test::unit_interval_bandit_text("sin(3*a) + 0.5",
                                                           "0.15") +
                             R"(
subsection Feature
  set Type              = tanh neuron
  set Output function   = tanh
  set Frozen components = b: 0.2
end
subsection Regularisation
  set Sigma = 0.7
end
subsection Initial law
  set Type       = gaussian
  set Mean       = -1.5, 2
  set Covariance = 0.2
end
subsection Mesh
  set Lower corner       = -6
  set Upper corner       = 6
  set Global refinements = 4
end
subsection Time stepping
  set Scheme    = bdf2
  set Time step = 0.02
  set End time  = 20
end
subsection Output
  set Interval = 1
end
subsection Particles
  set Number of particles = 300
  set Time step           = 0.02
  set Seed                = 3
end
)");
    }
  };
} // namespace

// Experiment (a) with particles in d = 2 against the mesh's Gibbs law
// (model.md §6.6 (a), §9.7): nu* enters as a 300-sample of itself, the
// distance is exact network simplex, the floor W2 between two independent
// 300-samples of nu*.
TEST(ExponentialConvergence, ParticlesInTwoDimensionsReachTheFloorOfTheMeshLaw)
{
  const TanhBanditCase c;
  const Model          model(c.model_parameters);
  const InitialLaw     law(c.law_parameters, model.feature().parameter_names());
  const TheoremHypothesis      hypothesis{0., 0., 4., 2};
  const ExponentialConvergence result =
    exponential_convergence<2>(model,
                               law,
                               c.flow,
                               GibbsFixedPointParameters(),
                               hypothesis,
                               1.,
                               c.particles,
                               0.);
  test::report("tanh bandit, N = 300: floor", result.particle_floor);
  test::report("tanh bandit: W2(nu_0^N, nu*)",
               result.particle_distances.front());
  test::report("tanh bandit: W2(nu_T^N, nu*)",
               result.particle_distances.back());
  test::report("tanh bandit: W2(nu_T, nu*) (mesh)", result.distances.back());
  test::report("tanh bandit: particle rate", result.particle_rate.value);
  test::report("tanh bandit: mesh rate", result.observed_rate.value);
  EXPECT_EQ(result.particle_distance,
            "network-simplex to an independent N-sample of nu*");
  // At T = 20 the mesh law is within W2 = 0.03 of nu*, a tenth of the
  // floor (0.3), so the cloud is, up to the O(1/N) and O(eta) biases, a
  // 300-sample of nu*, and W2(nu_T^N, sample of nu*) and the floor are two
  // draws of the same statistic. Over the seeds 1 to 6 their ratio spread
  // over [0.80, 1.11] (sd 0.12): [2/3, 3/2] is about 3.5 sd either side.
  EXPECT_LE(result.particle_distances.back(), 1.5 * result.particle_floor);
  EXPECT_GE(result.particle_distances.back(), result.particle_floor / 1.5);
  // the start N((-1.5, 2), 0.2 I) lies W2 = 2.6 from nu* on the mesh,
  // eight floors: the decay is resolved over more than 3 floors
  EXPECT_GE(result.particle_distances.front(), 5. * result.particle_floor);
  EXPECT_GT(result.particle_rate.value, 0.);
  // KL(nu_t^N | Gamma(nu_t^N)) by the nearest-neighbour estimator against
  // the mesh's KL(nu_t | Gamma(nu_t)) by the nodal quadrature: at t = 0
  // both measure the Gaussian nu_0 (the cloud is an exact sample of it; the
  // mesh value moves by 0.01 from 16^2 to 32^2 cells); at T the mesh's is
  // 5e-4. The estimator's spread at N = 300 in d = 2 is about 0.1 (its
  // values at t >= 10, where the mesh's are below 0.05, scatter by that):
  // 3 spreads.
  const std::vector<double> &kl = result.particle_gibbs_relative_entropies;
  ASSERT_EQ(kl.size(), result.times.size());
  test::report("tanh bandit: KL(nu_0^N | Gamma(nu_0^N))", kl.front());
  test::report("tanh bandit: KL(nu_0 | Gamma(nu_0)) (mesh)",
               result.gibbs_relative_entropies.front());
  test::report("tanh bandit: KL(nu_T^N | Gamma(nu_T^N))", kl.back());
  EXPECT_NEAR(kl.front(), result.gibbs_relative_entropies.front(), 0.3);
  EXPECT_NEAR(kl.back(), result.gibbs_relative_entropies.back(), 0.3);
}

// Experiment (a) without a mesh (model.md §6.6 (a)): nu* from a long
// particle run, checked against the mesh's Gibbs fixed point, an
// independent answer, on case P1 (d = 1, exact 1-D distances).
TEST(ExponentialConvergence, ReferenceParticleRunAgreesWithTheMeshGibbsLaw)
{
  const P1MeshCase c;
  const Model      model(c.model_parameters);
  const InitialLaw law(c.law_parameters, model.feature().parameter_names());
  FokkerPlanckSolver<1> solver(model, c.flow, MPI_COMM_SELF);
  solver.set_initial_density(law);
  const MeshDiscretisation<1> &mesh = solver.discretisation();
  const dealii::Vector<double> nu_star =
    GibbsFixedPoint<1>(model, mesh, GibbsFixedPointParameters())
      .solve(solver.density())
      .density;

  ParticleSystem::Parameters reference;
  reference.n_particles = 4000;
  reference.time_step   = 0.02;
  reference.seed        = 7;
  const double w2_to_mesh_law =
    mesh_density_wasserstein_1d(mesh,
                                nu_star,
                                particle_law_at(model, law, reference, 20.));
  const double floor =
    mesh_density_wasserstein_1d(mesh,
                                nu_star,
                                sample_mesh_density(mesh, nu_star, 4000, 8));
  test::report("P1 reference run, N_ref = 4000, T_ref = 20: W2 to the mesh's "
               "nu*",
               w2_to_mesh_law);
  test::report("P1: W2(nu*, 4000-sample of nu*)", floor);
  // The reference run at T_ref = 20 is within e^{-0.4 * 20} W2(nu_0, nu*)
  // ~ 4e-4 of its limit; the mesh's h = 14/256 gives an O(h^2) ~ 3e-3
  // relative error of nu*, and eta = 0.02 an O(eta) bias of the Euler-
  // Maruyama stationary law of about eta times the relaxation rate / 2 ~
  // 0.5 % of its spread (~ 0.005): all well below the floor (0.03 - 0.05). So
  // the reference cloud is a 4000-sample of nu* up to them, and its
  // distance and the floor are two independent draws of the same
  // statistic. For a normal law at N = 4000, W2(nu, N-sample) has a
  // relative spread of 0.23 (200 draws, exact quantiles), so ln of the
  // ratio of two draws has sd ~ 0.33: 3 floors is ln 3 = 1.1, 3.3 sd.
  EXPECT_LE(w2_to_mesh_law, 3. * floor);
}

// The particles-only path on case P1: the rate of W2(nu_t^N, nu*_ref)
// against the mesh's observed rate.
TEST(ExponentialConvergence, ParticlesAloneDecayAtTheMeshRate)
{
  const P1MeshCase c;
  const Model      model(c.model_parameters);
  const InitialLaw law(c.law_parameters, model.feature().parameter_names());
  ParticleSystem::Parameters particles;
  particles.n_particles = 4000;
  particles.time_step   = 0.02;
  particles.seed        = 3;
  ParticleReference reference;
  reference.n_particles = 4000;
  reference.end_time    = 20.;
  const ExponentialConvergence alone =
    particle_exponential_convergence(model,
                                     law,
                                     particles,
                                     reference,
                                     p1_hypothesis(model),
                                     c.flow.time_stepping.end_time,
                                     c.flow.output.interval,
                                     2.);
  const ExponentialConvergence mesh = exponential_convergence<1>(
    model, law, c.flow, GibbsFixedPointParameters(), p1_hypothesis(model), 2.);
  test::report("P1 particles alone: floor", alone.particle_floor);
  test::report("P1 particles alone: rate", alone.particle_rate.value);
  test::report("P1 mesh: observed rate", mesh.observed_rate.value);
  std::cout << "[ verdict  ] " << alone.verdict() << std::endl;
  EXPECT_FALSE(alone.has_mesh());
  EXPECT_EQ(alone.times, mesh.times);
  EXPECT_NE(alone.reference.find("N_ref = 4000"), std::string::npos);
  EXPECT_NE(alone.verdict().find("consistent with the theorem"),
            std::string::npos);
  // The rate is fitted from t = 2 to where W2 falls to 3 floors (from
  // W2(nu_0^N, nu*) = 1.3 at rate 0.44: t ~ 5, 7 output times); each W2
  // carries a sampling error of about a floor, a third of the smallest
  // fitted value, i.e. up to ln(4/3) = 0.29 in ln W2 at the window's end
  // and less before: over the 3 time units the slope moves by at most
  // ~ 0.29 / 3 ~ 0.1 when the errors conspire (measured 0.018).
  EXPECT_NEAR(alone.particle_rate.value, mesh.observed_rate.value, 0.1);
}

// Bad combinations of the particles-only path are refused before any run,
// naming the entry.
TEST(ExponentialConvergence, ReferenceRunShorterThanTheExperimentIsRefused)
{
  ParticleSystem::Parameters particles;
  particles.time_step = 0.02;
  ParticleReference reference;
  reference.end_time = 5.;
  EXPECT_NE(test::parameter_error_message([&] {
              particle_output_times(particles, reference, 10., 0.5);
            }).find("Experiment/Reference end time"),
            std::string::npos);
  reference.end_time = 20.;
  EXPECT_NE(test::parameter_error_message([&] {
              particle_output_times(particles, reference, 10., 0.03);
            }).find("Particles/Time step"),
            std::string::npos);
  const std::vector<double> times =
    particle_output_times(particles, reference, 1., 0.4);
  EXPECT_EQ(times, (std::vector<double>{0., 0.4, 0.8, 1.}));
}

// The verdict without a mesh reads the particle rate and distances, each
// distance allowed 3 floors (model.md §6.6 (a)); exact synthetic numbers.
TEST(ExponentialConvergence, VerdictWithoutAMeshReadsTheParticles)
{
  // W2(nu_t^N, nu*) = e^{-0.5 t} at t = 0, 0.5, ..., 4, floor 0.01
  ExponentialConvergence result;
  for (unsigned int n = 0; n <= 8; ++n)
    {
      result.times.push_back(0.5 * n);
      result.particle_distances.push_back(std::exp(-0.25 * n));
    }
  result.particle_floor      = 0.01;
  result.particle_rate.value = 0.5;
  const auto verdict         = [&](const TheoremHypothesis &hypothesis) {
    result.hypothesis = hypothesis;
    result.bound.clear();
    for (const double t : result.times)
      result.bound.push_back(std::exp(-hypothesis.beta() * t) *
                             (1. + 3. * result.particle_floor));
    return result.verdict();
  };
  EXPECT_FALSE(result.has_mesh());
  const std::string consistent = verdict({0.3, 0.2, 6., 4});
  EXPECT_NE(consistent.find("particles: rate 0.5 ± ? (fit: 2 points) ± 0 "
                            "(W2 error = the floor) above 3 x the floor "
                            "0.01, r + 2 s + b = 0.5 >= beta = 0.2"),
            std::string::npos)
    << consistent;
  EXPECT_NE(consistent.find("consistent with the theorem"), std::string::npos);
  // the rate below beta over R^d
  EXPECT_NE(verdict({0.7, 0.6, 6., 4}).find("VIOLATES"), std::string::npos);
  // a distance above the bound by more than its 3 floors: W2 = 1 at t = 2
  // gives (1 - 0.03) / (1.03 e^{-0.2 * 2}) = 1.40 > 1
  result.particle_distances[4] = 1.;
  EXPECT_NE(verdict({0.3, 0.2, 6., 4}).find("VIOLATES"), std::string::npos);
  // no rate: reported as such, never "consistent"
  result.particle_distances[4] = std::exp(-1.);
  result.particle_rate.value   = std::numeric_limits<double>::quiet_NaN();
  const std::string no_rate    = verdict({0.3, 0.2, 6., 4});
  EXPECT_NE(no_rate.find("particles: no rate"), std::string::npos) << no_rate;
  EXPECT_EQ(no_rate.find("consistent"), std::string::npos) << no_rate;
}
