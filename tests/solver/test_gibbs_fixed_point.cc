// The stationary Gibbs solver (model.md §5): nu* ∝ exp(-Phi_{nu*}), found
// without time stepping, against the flow's long-time limit and the exact
// stationary law of model.md §7.

#include <gtest/gtest.h>


#include "model/coupling_weights.h"
#include "solver/gibbs_fixed_point.h"
#include "solver/nodal_quadrature.h"
#include "tests/solver/mesh_cases.h"
#include "verification/gaussian_flow.h"

#include <map>

using namespace mfpg;

namespace
{
  /** Case P4 of shared/peers: a bandit with the tanh neuron, d = 2. */
  std::string
  p4_text(const double end_time)
  {
    return test::bandit_p4_text(R"(
subsection Mesh
  set Lower corner = -5
  set Upper corner = 5
  set Global refinements = 5
end
subsection Time stepping
  set Scheme = bdf2
  set Time step = 0.1
  set Linear solver = direct
  set End time = )" + std::to_string(end_time) +
                                "\nend\nsubsection Output\n set Interval = " +
                                std::to_string(end_time) + "\nend\n");
  }

} // namespace

TEST(GibbsFixedPoint, TanhNeuronFlowConvergesToTheGibbsFixedPoint)
{
  const test::MeshFlowCase       c(p4_text(20.) +
                             "subsection Output\n set Interval = 2.5\nend\n");
  const Model                    model(c.model_parameters);
  FokkerPlanckSolver<2>          solver(model, c.flow_parameters);
  const test::GaussianDensity<2> initial(test::gaussian({0.3, 0.3}, {0.3}, 2));
  solver.set_initial_density(
    [&](const dealii::Point<2> &p) { return initial.value(p); });

  const GibbsFixedPoint<2> gibbs(model,
                                 solver.discretisation(),
                                 GibbsFixedPointParameters());
  dealii::Vector<double>   uniform(solver.discretisation().n_dofs());
  uniform = 1.;
  uniform /= nodal_quadrature::mass(solver.discretisation(), uniform);
  const auto result = gibbs.solve(uniform);
  test::report("Gibbs iteration: residual", result.residual);
  test::report("Gibbs iteration: KL(nu | Gamma(nu))", result.relative_entropy);
  test::report("Gibbs iteration: iterations", result.n_iterations);
  EXPECT_LT(result.residual, 1e-10);
  EXPECT_LT(std::abs(result.relative_entropy), 1e-12);

  // the relative L2 distance d(t) of the flow to the fixed point every 2.5
  std::map<double, double> distance;
  solver.add_observer(
    [&](const FlowRecord &record, const dealii::Vector<double> &nu) {
      distance[record.time] =
        nodal_quadrature::relative_l2_difference(solver.discretisation(),
                                                 nu,
                                                 result.density);
    });
  solver.run();
  for (const auto &[t, d] : distance)
    test::report("flow vs Gibbs fixed point, relative L2 at t = " +
                   std::to_string(t),
                 d);
  test::report("flow at t = 20: KL(nu | Gamma(nu))",
               solver.records().back().gibbs_relative_entropy);
  const double d10 = distance.at(10.), d20 = distance.at(20.);
  const double rate       = std::log(distance.at(5.) / d10) / 5.;
  const double later_rate = std::log(d10 / d20) / 10.;
  // Near nu* the flow is linear and d decays like e^{-lambda t} with the
  // slowest rate lambda of the linearised flow (BDF2 at dt = 0.1 and the
  // Gibbs iteration's residual 1e-10 sit far below the distances here); the
  // linearisation error is quadratic in the deviation, so over [10, 20]
  // the rate may differ from that of [5, 10] by a relative O(d(5)). Hence
  // d(20) <= d(10) e^{-10 (1 - d(5)) lambda}, lambda the rate over [5, 10]:
  // the flow keeps converging to the Gibbs fixed point, not to a nearby
  // state, and the bound gives the distance at t = 20 a derived ceiling.
  const double bound = d10 * std::exp(-10. * (1. - distance.at(5.)) * rate);
  test::report("decay rate of d over [5, 10]", rate);
  test::report("decay rate of d over [10, 20]", later_rate);
  test::report("bound d(10) exp(-10 (1 - d(5)) rate) on d(20)", bound);
  EXPECT_GT(rate, 0.);
  EXPECT_LT(d20, bound);
  EXPECT_LT(std::abs(later_rate - rate), distance.at(5.) * rate);
}

TEST(GibbsFixedPoint, DiscreteGibbsStateIsAFixedPointOfTheExponentialFitting)
{
  const test::MeshFlowCase    c(p4_text(1.));
  const Model                 model(c.model_parameters);
  const MeshDiscretisation<2> mesh(c.flow_parameters.mesh, 1);
  const GibbsFixedPoint<2>    gibbs(model, mesh, GibbsFixedPointParameters());
  dealii::Vector<double>      uniform(mesh.n_dofs());
  uniform = 1.;
  uniform /= nodal_quadrature::mass(mesh, uniform);
  const dealii::Vector<double> nu_star = gibbs.solve(uniform).density;

  // one implicit Euler step with the potential of nu* frozen, dt = 10
  const PolicyGradient pg(
    model.mdp(), nodal_quadrature::policy_energy(mesh, model, nu_star));
  const dealii::Vector<double> Phi =
    nodal_quadrature::slotboom_potential(mesh, model, pg.weights());
  TimeSteppingParameters ts = c.flow_parameters.time_stepping;
  ts.scheme                 = "implicit-euler";
  ts.time_step              = 10.;
  DiscretisationParameters exponential_fitting;
  exponential_fitting.scheme = "exponential-fitting";
  const auto fitting =
    make_fokker_planck_operator(exponential_fitting, mesh, 1.0);
  TimeStepper<2>         stepper(mesh, *fitting, ts);
  dealii::Vector<double> next =
    stepper.step(Phi, nu_star, dealii::Vector<double>());
  next -= nu_star;
  test::report("|step(nu*) - nu*|_max / |nu*|_max",
               next.linfty_norm() / nu_star.linfty_norm());
  EXPECT_LT(next.linfty_norm(), 1e-9 * nu_star.linfty_norm());
}

TEST(GibbsFixedPoint, LinearFeatureFixedPointHasTheExactStationaryMean)
{
  const test::MeshFlowCase    c(test::bandit_p1_text() + R"(
subsection Mesh
  set Lower corner = -6
  set Upper corner = 6
  set Global refinements = 8
end
)");
  const Model                 model(c.model_parameters);
  const MeshDiscretisation<1> mesh(c.flow_parameters.mesh, 1);
  dealii::Vector<double>      uniform(mesh.n_dofs());
  uniform = 1.;
  uniform /= nodal_quadrature::mass(mesh, uniform);
  const auto result =
    GibbsFixedPoint<1>(model, mesh, GibbsFixedPointParameters()).solve(uniform);
  const GaussianLaw exact = GaussianFlow(model).stationary_law();
  const double      mean_error =
    std::abs(nodal_quadrature::mean(mesh, result.density)[0] - exact.mean[0]);
  const double variance_error =
    std::abs(nodal_quadrature::covariance(mesh, result.density)(0, 0) -
             exact.covariance(0, 0));
  test::report("P1 Gibbs fixed point: mean error", mean_error);
  test::report("P1 Gibbs fixed point: variance error", variance_error);
  EXPECT_LT(mean_error, 1e-6);
  EXPECT_LT(variance_error, 1e-5);
}
