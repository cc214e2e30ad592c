// PorousMediumStepper (docs/model.md §11.4), the upwind scheme of the
// porous-medium flow, against the exact Barenblatt flow of §11.3 (case P1
// with the Tsallis regulariser, a linear feature): the drift of each step
// from the exact mean at the step's start (lagged, as the flow lags it),
// so that the runs measure the scheme's error for the nonlinear diffusion,
// the confinement and the drift. Checked: the mass at every step, nu >= 0
// at every step, and the L1 error at t = 1 with its observed order in h
// (dt proportional to h: the scheme is first order in both).

#include <gtest/gtest.h>

#include "model/parameter_file.h"
#include "solver/porous_medium_stepper.h"
#include "tests/barenblatt_cases.h"
#include "tests/cases.h"
#include "verification/barenblatt_flow.h"

#include <cmath>

using namespace mfpg;

namespace
{
  Model::Parameters
  tsallis_p1(const double m, const std::string &extra = "")
  {
    dealii::ParameterHandler prm;
    Model::Parameters        parameters;
    parameters.add_parameters(prm);
    parse_parameter_text(prm,
                         test::bandit_p1_text(
                           "subsection Regularisation\n set Regulariser = "
                           "tsallis\n set Tsallis exponent = " +
                           std::to_string(m) + "\nend\n" + extra));
    return parameters;
  }

  struct StepperRun
  {
    double       l1_error;
    double       largest_mass_change;
    double       smallest_density;
    unsigned int largest_newton_iterations;
  };

  /**
   * The scheme (upwind, or upwind-fct with @p flux_correction) on
   * 2^@p refinements cells per axis of [-4, 4]^dim from the nodal values of
   * @p initial (scaled to unit nodal mass), dt = @p dt, to t = 1.
   */
  template <int dim>
  StepperRun
  run(const Model             &model,
      const BarenblattProfile &initial,
      const unsigned int       refinements,
      const double             dt,
      const MPI_Comm           communicator    = MPI_COMM_SELF,
      const bool               flux_correction = false)
  {
    ParameterDomain domain;
    domain.lower_corner       = {-4.};
    domain.upper_corner       = {4.};
    domain.global_refinements = refinements;
    const MeshDiscretisation<dim> mesh(domain, 1, communicator);
    const BarenblattFlow          exact(model);
    const GaussianFlow            mean_flow(model);
    PorousMediumStepper<dim>      stepper(
      mesh, model.regulariser(), model.sigma(), dt, flux_correction);
    const double D    = 0.5 * model.sigma() * model.sigma();
    const auto  &mass = mesh.lumped_mass();
    // sums over the owned nodes, added across the ranks
    const auto total = [&](const dealii::Vector<double> &nu) {
      double sum = 0.;
      for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
        sum += mass[k] * nu[k];
      return dealii::Utilities::MPI::sum(sum, communicator);
    };
    dealii::Vector<double> nu(mesh.n_locally_relevant());
    for (unsigned int k = 0; k < nu.size(); ++k)
      nu[k] = initial.density(mesh.theta(k));
    nu /= total(nu);

    StepperRun         result{0., 0., 0., 0};
    const unsigned int n_steps = std::lround(1. / dt);
    for (unsigned int n = 0; n < n_steps; ++n)
      {
        const dealii::Vector<double> g = mean_flow.policy_gradient_drift(
          exact.solve(initial, {n * dt}).back().mean);
        dealii::Vector<double> Phi(nu.size());
        for (unsigned int k = 0; k < nu.size(); ++k)
          {
            double dV = 0.;
            for (unsigned int i = 0; i < dim; ++i)
              dV += mesh.theta(k)[i] * g[i];
            Phi[k] = model.potential().value(mesh.theta(k)) - dV / D;
          }
        nu = stepper.step(Phi, nu);
        result.largest_mass_change =
          std::max(result.largest_mass_change, std::abs(total(nu) - 1.));
        result.smallest_density =
          std::min(result.smallest_density, mesh.minimum(nu));
        result.largest_newton_iterations =
          std::max(result.largest_newton_iterations,
                   stepper.newton_iterations());
      }
    const BarenblattProfile at_one = exact.solve(initial, {1.}).back();
    for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
      result.l1_error +=
        mass[k] * std::abs(nu[k] - at_one.density(mesh.theta(k)));
    result.l1_error =
      dealii::Utilities::MPI::sum(result.l1_error, communicator);
    return result;
  }

  /** Report a ladder of runs and return log2 of the last error ratio. */
  double
  last_order(const std::vector<StepperRun> &runs, const std::string &what)
  {
    for (unsigned int i = 0; i < runs.size(); ++i)
      {
        const std::string level = what + ", level " + std::to_string(i);
        test::report(level + ": L1 error at t = 1", runs[i].l1_error);
        test::report(level + ": largest |mass - 1|",
                     runs[i].largest_mass_change);
        test::report(level + ": largest Newton iterations",
                     runs[i].largest_newton_iterations);
        EXPECT_LE(runs[i].largest_mass_change, 1e-12) << level;
        EXPECT_GE(runs[i].smallest_density, 0.) << level;
      }
    const double order =
      std::log2(runs[runs.size() - 2].l1_error / runs.back().l1_error);
    test::report(what + ": observed order", order);
    return order;
  }
} // namespace

namespace
{
  /** P1 with the basis (a, a^2) and the Tsallis exponent 2. */
  Model::Parameters
  two_dimensional_p1()
  {
    return tsallis_p1(2., "subsection Feature\n set Basis = a; a^2\nend\n");
  }
} // namespace

// d = 1, m = 2 and 3, from the profile of mean 1 and variance 0.5: 64,
// 128, 256 cells, dt = h. The mass to 1e-12 (measured 7e-16: the Newton
// residual ends below 1e-14), nu >= 0 at every step, the order within 0.2
// of 1 (measured 0.94 and 0.87; the kink at the free boundary keeps it
// below 1 at these h).
TEST(PorousMediumStepper, ConvergesToTheBarenblattFlowIn1D)
{
  for (const double m : {2., 3.})
    {
      const Model             model(tsallis_p1(m));
      const BarenblattProfile initial_profile = test::p1_barenblatt_start(m);
      std::vector<StepperRun> runs;
      for (const unsigned int r : {6u, 7u, 8u})
        runs.push_back(run<1>(model, initial_profile, r, 8. / (1u << r)));
      const double order = last_order(runs, "d = 1, m = " + std::to_string(m));
      EXPECT_NEAR(order, 1., 0.2);
    }
}

// d = 2, m = 2, P1 with the basis (a, a^2) from the profile of mean
// (0.5, -0.5) and variance 0.4: 32^2, 64^2, 128^2 cells, dt = h.
TEST(PorousMediumStepper, ConvergesToTheBarenblattFlowIn2D)
{
  const Model             model(two_dimensional_p1());
  const BarenblattProfile initial = test::two_dimensional_barenblatt_start();
  std::vector<StepperRun> runs;
  for (const unsigned int r : {5u, 6u, 7u})
    runs.push_back(run<2>(model, initial, r, 8. / (1u << r)));
  const double order = last_order(runs, "d = 2, m = 2");
  EXPECT_NEAR(order, 1., 0.2);
}

// On the ranks of MPI_COMM_WORLD (the test runs again on 2 ranks,
// solver_tests.mpi_2_ranks): the 2-D run on 64^2 cells gives the one-rank
// L1 error to rounding (the residual and Jacobian are formed on the owned
// rows, the Newton solve is PETSc's; 1e-10 relative allows the different
// summation orders and MUMPS's parallel factorisation), the mass to 1e-12
// and nu >= 0; the same for upwind-fct.
TEST(PorousMediumStepper, MpiRanksGiveTheOneRankSolution)
{
  const Model             model(two_dimensional_p1());
  const BarenblattProfile initial = test::two_dimensional_barenblatt_start();
  const StepperRun        one     = run<2>(model, initial, 6, 0.125);
  const StepperRun all = run<2>(model, initial, 6, 0.125, MPI_COMM_WORLD);
  EXPECT_NEAR(all.l1_error, one.l1_error, 1e-10 * one.l1_error);
  EXPECT_LE(all.largest_mass_change, 1e-12);
  EXPECT_GE(all.smallest_density, 0.);
  // upwind-fct: its limiter reads the neighbours' ratios across the ranks
  const StepperRun one_fct =
    run<2>(model, initial, 6, 0.125, MPI_COMM_SELF, true);
  const StepperRun all_fct =
    run<2>(model, initial, 6, 0.125, MPI_COMM_WORLD, true);
  EXPECT_NEAR(all_fct.l1_error, one_fct.l1_error, 1e-10 * one_fct.l1_error);
  EXPECT_LE(all_fct.largest_mass_change, 1e-12);
  EXPECT_GE(all_fct.smallest_density, 0.);
}

// upwind-fct (the upwind step, then Zalesak's limited antidiffusion toward
// the central fluxes): d = 1, m = 2 and 3 from the profile of mean 1 and
// variance 0.5, 64, 128, 256 cells, dt = h^2 (the scheme is first order in
// dt) against the upwind scheme at the same dt. The mass to 1e-12, nu >= 0
// at every step; the L1 error at most a quarter of the upwind scheme's at
// every level (measured 1/11 to 1/30 for m = 2, 1/4.1 to 1/8.3 for m = 3);
// the order over the ladder, log2(e_64 / e_256) / 2, at least 1.5 for
// m = 2 (measured 1.70: second order but for the kink at the free
// boundary; 2.27 from 256 to 512 cells) and 1.2 for m = 3 (measured 1.42;
// the profile meets its edge like dist^(1/2), which caps the L1 order near
// 1.5).
TEST(PorousMediumStepper, FluxCorrectionConvergesToTheBarenblattFlowIn1D)
{
  for (const double m : {2., 3.})
    {
      const Model             model(tsallis_p1(m));
      const BarenblattProfile initial_profile = test::p1_barenblatt_start(m);
      std::vector<StepperRun> corrected, upwind;
      for (const unsigned int r : {6u, 7u, 8u})
        {
          const double h = 8. / (1u << r);
          upwind.push_back(
            run<1>(model, initial_profile, r, h * h, MPI_COMM_SELF, false));
          corrected.push_back(
            run<1>(model, initial_profile, r, h * h, MPI_COMM_SELF, true));
        }
      const std::string what = "d = 1, m = " + std::to_string(m);
      last_order(upwind, "upwind, " + what);
      last_order(corrected, "upwind-fct, " + what);
      for (unsigned int i = 0; i < corrected.size(); ++i)
        EXPECT_LE(corrected[i].l1_error, 0.25 * upwind[i].l1_error)
          << what << ", level " << i;
      const double order =
        std::log2(corrected.front().l1_error / corrected.back().l1_error) / 2.;
      test::report("upwind-fct, " + what + ": order over the ladder", order);
      EXPECT_GE(order, m == 2. ? 1.5 : 1.2) << what;
    }
}

// upwind-fct, d = 2, m = 2, P1 with the basis (a, a^2) from the profile of
// mean (0.5, -0.5) and variance 0.4: 16^2, 32^2, 64^2 cells, dt = h^2. The
// mass to 1e-12, nu >= 0 at every step, the last order within 0.3 of 2
// (measured 1.81).
TEST(PorousMediumStepper, FluxCorrectionConvergesToTheBarenblattFlowIn2D)
{
  const Model             model(two_dimensional_p1());
  const BarenblattProfile initial = test::two_dimensional_barenblatt_start();
  std::vector<StepperRun> runs;
  for (const unsigned int r : {4u, 5u, 6u})
    {
      const double h = 8. / (1u << r);
      runs.push_back(run<2>(model, initial, r, h * h, MPI_COMM_SELF, true));
    }
  const double order = last_order(runs, "upwind-fct, d = 2, m = 2");
  EXPECT_NEAR(order, 2., 0.3);
}
