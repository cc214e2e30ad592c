// Experiment (b) of model.md §6 on the mesh (§6.6 (b)): the Gibbs fixed
// points at (sigma', tau') against the closed-form Gaussian stationary laws
// of a linear feature, the reference point at distance 0, and the sampled
// D of §6.4 against the grid estimate of a linear feature.

#include <gtest/gtest.h>

#include "tests/cases.h"
#include "verification/convergence_constants.h"
#include "verification/mesh_stability_sweep.h"
#include "verification/stability_sweep.h"
#include "verification/supremum_search.h"

#include <cmath>

using namespace mfpg;

namespace
{
  /** The model and mesh of @p text (a model text with subsection Mesh). */
  struct MeshStabilityCase
  {
    Model::Parameters model;
    ParameterDomain   domain;

    explicit MeshStabilityCase(const std::string &text)
    {
      dealii::ParameterHandler prm;
      model.add_parameters(prm);
      domain.add_parameters(prm);
      parse_parameter_text(prm, text);
    }
  };

  /** Case P1 on 256 cells of [-7, 7]: h = 14 / 256. */
  const std::string p1_on_256_cells = test::bandit_p1_text(R"(
subsection Mesh
  set Lower corner = -7
  set Upper corner = 7
  set Global refinements = 8
end
)");

  /**
   * Case P1 with the basis (a, a^2), d = 2, on 32 x 32 squares of
   * [-6, 6]^2: h = 0.375.
   */
  const std::string p1_quadratic_basis_on_32_squares = test::bandit_p1_text(R"(
subsection Feature
  set Basis = a; a^2
end
subsection Mesh
  set Lower corner = -6
  set Upper corner = 6
  set Global refinements = 5
end
)");
} // namespace

// The stationary laws of a linear feature are N(m'*, K^{-1}) = N(m'*, 1)
// whatever (sigma', tau') (model.md §7), so W2^2(nu*, nu'*) = |m* - m'*|^2.
// On the mesh, the Gibbs fixed point's nodal values are those of that
// Gaussian (Phi is quadratic), normalised and with the mean m_h taken by
// the nodal (trapezoidal) quadrature. For a general density the Q1 law
// would be O(h^2) from it; for a Gaussian the h-dependence is far smaller:
// by Poisson summation the Q1 law of the nodal values of N(m, 1) on a
// uniform grid is N(m, 1) convolved with the hat function of width 2h,
// up to aliasing terms of relative size exp(-2 pi^2 / h^2) (= e^{-6600}
// at h = 14/256), and so are the trapezoidal sums. The two Q1 laws are
// then translates of one law by m_h* - m_h'*, at W2 = |m_h* - m_h'*|
// (mesh_density_wasserstein_1d, exact). What remains: the fixed point's
// tolerance (1e-10 relative), Newton's for m* (1e-12) and the mass of
// N(m, 1) outside [-7, 7] (|m| < 0.5: < 1e-10), each moving the means by
// at most ~1e-9, so W2^2 (<= 0.1 here) by at most ~1e-9: 1e-8 allows for
// it. (The O(h^2) of a non-Gaussian law is not seen here: the test is of
// the sweep's wiring to 1e-8, not of the Q1 space.)
TEST(MeshStabilitySweep, LinearFeatureOnTheMeshAgreesWithTheGaussianLaws)
{
  const MeshStabilityCase   c(p1_on_256_cells);
  const std::vector<double> sigmas{0.8, 0.9, 1.0}, taus{0.2, 0.3, 0.4};
  const StabilitySweep      mesh =
    mesh_stability_sweep<1>(c.model,
                            sigmas,
                            taus,
                            c.domain,
                            GibbsFixedPointParameters(),
                            SupremumSearch());
  const StabilitySweep exact =
    stability_sweep(c.model, sigmas, taus, SupremumSearch());
  test::report("P1 on the mesh: nu* residual", mesh.fixed_point_residual);
  ASSERT_EQ(mesh.points.size(), exact.points.size());
  for (unsigned int n = 0; n < mesh.points.size(); ++n)
    {
      const StabilityPoint &p = mesh.points[n], &q = exact.points[n];
      test::report("sigma' = " + std::to_string(p.sigma) + ", tau' = " +
                     std::to_string(p.tau) + ": W2^2 mesh - Gaussian",
                   p.squared_distance - q.squared_distance);
      EXPECT_NEAR(p.squared_distance, q.squared_distance, 1e-8);
      EXPECT_EQ(p.distance_error, 0.); // exact in d = 1
      EXPECT_LT(p.fixed_point_residual, 1e-10);
      // the same constants (a linear feature: grid estimates) and
      // ∫|grad U|^2 dnu'* = 1 + m'*^2 by the nodal quadrature, a trapezoidal
      // sum of a Gaussian moment: the bounds agree to the fixed point's
      // tolerance, far below 1e-6 relative
      EXPECT_NEAR(p.bound, q.bound, 1e-6 * q.bound);
    }
  EXPECT_EQ(mesh.D().value, exact.D().value);
  EXPECT_EQ(mesh.verdict(), exact.verdict());
}

// d = 2: W2 by the grid Sinkhorn, which estimates W2 between the laws whose
// trapezoidal rules are the nodal measures (model.md §9.8): here the
// Gaussians N(m*, I) and N(m'*, I) themselves (the nodal values are theirs,
// as in d = 1; the quadrature error exp(-pi^2 eps_min / h^2) is 3e-9
// relative at eps_min = 2 h^2). So |W2_mesh - |m* - m'*|| is within the
// extrapolation's error estimate, plus 1e-6 for what the estimate does not
// cover: the Sinkhorn stopping rule (dual change 1e-10 per iteration) and
// the fixed point's tolerance 1e-10.
TEST(MeshStabilitySweep, TwoDimensionalLinearFeatureWithinTheSinkhornError)
{
  const MeshStabilityCase   c(p1_quadratic_basis_on_32_squares);
  const std::vector<double> sigmas{0.8, 0.9}, taus{0.2, 0.3, 0.4};
  SupremumSearch            search;
  search.n_per_axis         = 21;
  const StabilitySweep mesh = mesh_stability_sweep<2>(
    c.model, sigmas, taus, c.domain, GibbsFixedPointParameters(), search);
  const StabilitySweep exact = stability_sweep(c.model, sigmas, taus, search);
  ASSERT_EQ(mesh.points.size(), exact.points.size());
  for (unsigned int n = 0; n < mesh.points.size(); ++n)
    {
      const StabilityPoint &p = mesh.points[n], &q = exact.points[n];
      test::report("d = 2, sigma' = " + std::to_string(p.sigma) + ", tau' = " +
                     std::to_string(p.tau) + ": W2 mesh - Gaussian",
                   std::sqrt(p.squared_distance) -
                     std::sqrt(q.squared_distance));
      test::report("  its error estimate", p.distance_error);
      EXPECT_NEAR(std::sqrt(p.squared_distance),
                  std::sqrt(q.squared_distance),
                  p.distance_error + 1e-6);
    }
}

// (sigma', tau') = (sigma, tau): nu'* is nu* (the iteration starts there and
// stops at once), at distance 0 from itself, where the bound is 0 too; the
// tanh-neuron bandit of examples/tanh_bandit_stability.prm (case P4 at
// sigma = 0.7) on 16 x 16 squares of [-6, 6]^2, W2 by the grid Sinkhorn,
// whose three problems are then one and the same. The other points are
// told apart: W2 above three times its error estimate.
TEST(MeshStabilitySweep, ReferencePointIsAtDistanceZero)
{
  const MeshStabilityCase c(test::bandit_p4_text(R"(
subsection Regularisation
  set Sigma = 0.7
end
subsection Mesh
  set Lower corner = -6
  set Upper corner = 6
  set Global refinements = 4
end
)"));
  SupremumSearch          search;
  search.initial_bound = 4.;
  const StabilitySweep sweep =
    mesh_stability_sweep<2>(c.model,
                            {0.6, 0.7},
                            {0.15, 0.3},
                            c.domain,
                            GibbsFixedPointParameters(),
                            search);
  std::cout << "[ verdict  ] " << sweep.verdict() << std::endl;
  ASSERT_EQ(sweep.points.size(), 4u);
  const StabilityPoint &reference = sweep.points[2];
  ASSERT_EQ(reference.sigma, 0.7);
  ASSERT_EQ(reference.tau, 0.15);
  EXPECT_EQ(reference.squared_distance, 0.);
  EXPECT_EQ(reference.ratio(), 0.);
  for (const unsigned int n : {0u, 1u, 3u})
    {
      const StabilityPoint &p = sweep.points[n];
      test::report("P4 at sigma = 0.7, sigma' = " + std::to_string(p.sigma) +
                     ", tau' = " + std::to_string(p.tau) + ": W2",
                   std::sqrt(p.squared_distance));
      EXPECT_GT(std::sqrt(p.squared_distance), 3. * p.distance_error);
    }
  EXPECT_GT(sweep.D_on_box.value, 0.);
}

// D of a linear feature sampled over measures (any-feature method) against
// the grid estimate over the means (entropy_lipschitz_constant): for a
// linear feature G_tau(nu, theta) = g_tau(m_nu), so each sampled ratio is
// a value of m -> |g_tau'(m) - g_tau(m)| / |tau' - tau| at a sampled mean,
// at most its supremum. The estimate over R^d refines the grid maximum by
// BFGS to a stationary point (value exact to ~1e-12); 1e-6 relative leaves
// room for that. With tau' != tau the sampled D is positive, with only
// tau' = tau it is 0 (no ratio), and over R^d it includes the box.
TEST(SampledEntropyLipschitzConstant, IsALowerBoundOfTheLinearFeatureD)
{
  dealii::ParameterHandler prm;
  Model::Parameters        parameters;
  parameters.add_parameters(prm);
  parse_parameter_text(prm, test::bandit_p1_text());
  const std::vector<double> taus{0.2, 0.3, 0.4};
  const SupremumSearch      search;
  ConstantSampling          sampling;
  sampling.lo = -search.initial_bound;
  sampling.hi = search.initial_bound;
  const auto [box, global] =
    entropy_lipschitz_constant(parameters, taus, search);
  const TheoryConstant sampled =
    sampled_entropy_lipschitz_constant(parameters, taus, sampling);
  const TheoryConstant sampled_global =
    global_sampled_entropy_lipschitz_constant(parameters,
                                              taus,
                                              sampling,
                                              search);
  test::report("P1: D on the box (grid over the means)", box.value);
  test::report("P1: D over R (grid and BFGS)", global.value);
  test::report("P1: D sampled on the box", sampled.value);
  test::report("P1: D sampled over growing boxes", sampled_global.value);
  EXPECT_EQ(sampled.bound, TheoryConstant::Bound::lower_bound);
  EXPECT_GT(sampled.value, 0.);
  EXPECT_LE(sampled.value, global.value * (1. + 1e-6));
  EXPECT_LE(sampled_global.value, global.value * (1. + 1e-6));
  EXPECT_GE(sampled_global.value, sampled.value);
  EXPECT_EQ(
    sampled_entropy_lipschitz_constant(parameters, {0.3}, sampling).value, 0.);
}

// A tanh neuron (case P4, d = 2): G depends on tau through the coupling
// weights; D > 0 for tau' != tau, and each tau' alone gives at most the
// D of the whole sweep (the maximum over the tau').
TEST(SampledEntropyLipschitzConstant, TanhNeuronDIsTheLargestOverTheTaus)
{
  dealii::ParameterHandler prm;
  Model::Parameters        parameters;
  parameters.add_parameters(prm);
  parse_parameter_text(prm, test::bandit_p4_text());
  ConstantSampling sampling;
  const double     all =
    sampled_entropy_lipschitz_constant(parameters, {0.1, 0.15, 0.3}, sampling)
      .value;
  const double low =
    sampled_entropy_lipschitz_constant(parameters, {0.1}, sampling).value;
  const double high =
    sampled_entropy_lipschitz_constant(parameters, {0.3}, sampling).value;
  test::report("P4: D sampled, tau' in {0.1, 0.3}", all);
  EXPECT_GT(low, 0.);
  EXPECT_GT(high, 0.);
  EXPECT_EQ(all, std::max(low, high));
}

// Bad input is refused before any work, naming the entry: a feature whose
// d is not the mesh's, and a sigma' at which the Gibbs map (2 / sigma'^2)
// does not exist.
TEST(MeshStabilitySweep, RefusesAWrongDimensionAndSigmaZero)
{
  const MeshStabilityCase c(p1_on_256_cells);
  EXPECT_NE(test::parameter_error_message([&] {
              mesh_stability_sweep<2>(c.model,
                                      {0.9},
                                      {0.3},
                                      c.domain,
                                      GibbsFixedPointParameters(),
                                      SupremumSearch());
            }).find("'Feature'"),
            std::string::npos);
  EXPECT_NE(test::parameter_error_message([&] {
              mesh_stability_sweep<1>(c.model,
                                      {0., 0.9},
                                      {0.3},
                                      c.domain,
                                      GibbsFixedPointParameters(),
                                      SupremumSearch());
            }).find("'Stability/Sigmas'"),
            std::string::npos);
}
