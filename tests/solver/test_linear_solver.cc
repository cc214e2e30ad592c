// The linear solve of a time step (LinearSolver, docs/model.md §8.4): an
// AMG hierarchy kept across systems of one family still meets the stopping
// rule (residual checked here independently of the solver), the hierarchy
// is built again when the family (alpha, dt, operator) changes or a solve
// exceeds the rebuild factor, and a flow with the hierarchy kept agrees
// with the flow that builds it every step to the solver's tolerance.

#include <gtest/gtest.h>

#include "solver/exponential_fitting_operator.h"
#include "tests/solver/mesh_cases.h"

#include <cmath>

using namespace mfpg;

namespace
{
  /** Systems alpha M + dt A(Phi) of the exponential fitting on [-2, 2]^2. */
  struct Systems
  {
    Systems()
      : mesh(test::box({-2.}, {2.}, 4), 1, MPI_COMM_SELF)
      , fokker_planck(mesh, 1.)
    {
      matrix.reinit(mesh.locally_owned_dofs(),
                    mesh.locally_owned_dofs(),
                    mesh.sparsity_pattern(),
                    mesh.communicator());
    }

    /** Phi = c |theta|^2 / 2 + sin(theta_1). */
    void
    assemble(const double c, const double alpha, const double dt)
    {
      dealii::Vector<double> Phi(mesh.n_locally_relevant());
      for (unsigned int k = 0; k < Phi.size(); ++k)
        Phi[k] = 0.5 * c * mesh.support_points()[k].norm_square() +
                 std::sin(mesh.support_points()[k][0]);
      fokker_planck.assemble_system(Phi, alpha, dt, matrix);
    }

    /**
     * Solve with @p solver for a right-hand side that is not an
     * eigenvector; check the residual with the matrix itself and return
     * the iterations.
     */
    unsigned int
    solve(LinearSolver &solver, const SystemFamily &family)
    {
      dealii::Vector<double> rhs(mesh.n_locally_owned());
      for (unsigned int k = 0; k < rhs.size(); ++k)
        rhs[k] = 1. + mesh.support_points()[k][0];
      const auto         b = mesh.petsc_vector(rhs);
      auto               x = b;
      const unsigned int n = solver.solve(matrix, x, b, true, family);
      auto               r = b;
      matrix.vmult(r, x);
      r -= b;
      // PETSc's CG stops on the preconditioned residual, ||P^{-1} r|| <=
      // tol ||b||. P is a V-cycle for the matrix B it was built from, the
      // eigenvalues of P^{-1} B in [1 - rho, 1] (rho its contraction, < 1/2
      // for a V-cycle that converges in the few iterations reported), so
      // ||P|| <= ||B|| / (1 - rho) <= 2 ||B||, and ||B|| <= ||A|| here (B
      // is A, an A of a nearby potential, or the near-mass matrix below):
      // ||r|| <= 2 ||A|| tol ||b||, with ||A||_2 <= ||A||_inf (symmetric A)
      EXPECT_LE(r.l2_norm(),
                2. * matrix.linfty_norm() * tolerance * b.l2_norm());
      return n;
    }

    const double                             tolerance = 1e-12;
    const MeshDiscretisation<2>              mesh;
    const ExponentialFittingOperator<2>      fokker_planck;
    dealii::PETScWrappers::MPI::SparseMatrix matrix;
  };

  LinearSolverParameters
  amg(const bool reuse, const double factor = 2.)
  {
    LinearSolverParameters p;
    p.tolerance            = 1e-12;
    p.reuse_preconditioner = reuse;
    p.rebuild_factor       = factor;
    return p;
  }
} // namespace

TEST(LinearSolver, KeepsTheHierarchyWithinAFamilyAndRebuildsWhenItChanges)
{
  Systems            s;
  LinearSolver       solver(amg(true, 1e6), 2, MPI_COMM_SELF);
  const SystemFamily euler{&s.fokker_planck, 1., 0.01};
  // the potential moves from step to step: one build for the family
  for (const double c : {1., 1.1, 1.2})
    {
      s.assemble(c, euler.alpha, euler.time_step);
      EXPECT_EQ(solver.will_build(euler), c == 1.);
      s.solve(solver, euler);
    }
  EXPECT_EQ(solver.n_builds(), 1u);
  // BDF2's alpha = 3/2, then another dt: a build each
  const SystemFamily bdf2{&s.fokker_planck, 1.5, 0.01};
  const SystemFamily halved{&s.fokker_planck, 1.5, 0.005};
  for (const SystemFamily &family : {bdf2, halved})
    {
      s.assemble(1.2, family.alpha, family.time_step);
      EXPECT_TRUE(solver.will_build(family));
      s.solve(solver, family);
      EXPECT_FALSE(solver.will_build(family));
    }
  EXPECT_EQ(solver.n_builds(), 3u);
  // without reuse, every solve builds
  LinearSolver every_step(amg(false), 2, MPI_COMM_SELF);
  for (const double c : {1., 1.1})
    {
      s.assemble(c, euler.alpha, euler.time_step);
      s.solve(every_step, euler);
    }
  EXPECT_EQ(every_step.n_builds(), 2u);
}

TEST(LinearSolver, RebuildsAfterASolveAboveTheFactor)
{
  // built on M + 1e-8 A (nearly the diagonal lumped mass: AMG is nearly
  // exact, CG takes 1 or 2 iterations), then used for M + 10 A (condition
  // number ~ 10 max(A)/min(m) ~ 1e4: that diagonal preconditioner needs
  // tens of iterations): above twice the first count, so the next solve of
  // the same family builds a new hierarchy, which takes few iterations again
  Systems            s;
  LinearSolver       solver(amg(true, 2.), 2, MPI_COMM_SELF);
  const SystemFamily family{&s.fokker_planck, 1., 1.};
  s.assemble(1., 1., 1e-8);
  const unsigned int first = s.solve(solver, family);
  s.assemble(1., 1., 10.);
  EXPECT_FALSE(solver.will_build(family));
  const unsigned int stale = s.solve(solver, family);
  test::report("iterations: built on the near-diagonal system", first);
  test::report("iterations: that hierarchy on M + 10 A", stale);
  EXPECT_GT(stale, 2 * first);
  EXPECT_TRUE(solver.will_build(family));
  const unsigned int rebuilt = s.solve(solver, family);
  test::report("iterations: rebuilt on M + 10 A", rebuilt);
  EXPECT_LT(rebuilt, stale);
  EXPECT_EQ(solver.n_builds(), 2u);
  EXPECT_EQ(solver.n_iterations(), first + stale + rebuilt);
}

TEST(LinearSolver, BadParametersAreRefusedByName)
{
  LinearSolverParameters p;
  p.rebuild_factor          = 0.5;
  const std::string message = test::parameter_error_message([&] { p.check(); });
  EXPECT_NE(message.find("Time stepping/Rebuild factor"), std::string::npos)
    << message;
}

TEST(LinearSolver, FlowWithTheKeptHierarchyAgreesWithTheRebuiltOne)
{
  // Case P4 (tanh neuron, steep and moving Phi) on 16^2 cells of
  // [-5, 5]^2, exponential fitting Q1 and spectral elements Q2, BDF2,
  // dt = 0.02, 25 steps, with and without reuse (rebuild factor 1e6: no
  // rebuild for the iterations, so the builds can be counted).
  // Both runs solve each step to ||r||_2 <= tol ||b||_2, tol = 1e-12: the
  // step's error, relative, is at most the condition number of the system
  // times tol where the mass sits (where the diagonal is largest; the
  // nodes of tiny e^{-Phi} weigh nothing in V and the mean), about
  // 1 + dt (sigma^2/2) 8/h^2 B with h = 0.625 and the Bernoulli factor
  // B <= 1 + h |grad Phi| / 2 ~ 3 (|grad Phi| <= 6 near the mass): ~2 (a
  // factor 4 more for Q2's inner GLL nodes: 8). The differences of two runs
  // add over the steps (the scheme is stable): 2 x 25 x 8 x 1e-12 = 4e-10
  // relative in nu, and in V and the mean (averages of nu); asserted below
  // 1e-9 (the factor 2.5: the feedback of nu through Phi over t = 0.5)
  for (const std::string scheme : {"exponential-fitting", "spectral-element"})
    {
      const std::string text =
        test::bandit_p4_text() +
        "subsection Mesh\n set Lower corner = -5\n set Upper corner = 5\n"
        " set Global refinements = " +
        "4" + "\nend\nsubsection Discretisation\n set Scheme = " + scheme +
        "\n set Element degree = " +
        (scheme == "spectral-element" ? "2" : "1") +
        "\nend\nsubsection Time stepping\n set Scheme = bdf2\n"
        " set Time step = 0.02\n set End time = 0.5\n"
        " set Rebuild factor = 1e6\nend\n"
        "subsection Output\n set Interval = 0.5\n"
        " set Boundary mass tolerance = 1e-4\nend\n";
      std::vector<FlowRecord> last;
      for (const bool reuse : {true, false})
        {
          test::MeshFlowCase c(text);
          c.flow_parameters.time_stepping.linear_solver.reuse_preconditioner =
            reuse;
          const Model                    model(c.model_parameters);
          const test::GaussianDensity<2> initial(
            test::gaussian({0.3, 0.3}, {0.3}, 2));
          FokkerPlanckSolver<2> solver(model, c.flow_parameters, MPI_COMM_SELF);
          solver.set_initial_density(
            [&](const dealii::Point<2> &p) { return initial.value(p); });
          solver.run();
          last.push_back(solver.records().back());
        }
      const FlowRecord &kept = last[0], &rebuilt = last[1];
      const double      dV = std::abs(kept.objective - rebuilt.objective) /
                        std::abs(rebuilt.objective);
      const double dm = std::max(std::abs(kept.mean[0] - rebuilt.mean[0]),
                                 std::abs(kept.mean[1] - rebuilt.mean[1])) /
                        rebuilt.mean.l2_norm();
      test::report(scheme + ": builds, kept", kept.preconditioner_builds);
      test::report(scheme + ": builds, rebuilt", rebuilt.preconditioner_builds);
      test::report(scheme + ": linear iterations, kept",
                   kept.total_linear_iterations);
      test::report(scheme + ": linear iterations, rebuilt",
                   rebuilt.total_linear_iterations);
      test::report(scheme + ": relative difference of V", dV);
      test::report(scheme + ": relative difference of the mean", dm);
      EXPECT_LT(dV, 1e-9) << scheme;
      EXPECT_LT(dm, 1e-9) << scheme;
      // without reuse every solve builds: 25 steps and the safe steps (a
      // second solve); with it, implicit Euler's first step and BDF2 build
      // once each, and a safe step twice at most (its fallback operator,
      // then the scheme's again)
      const unsigned int safe = rebuilt.safe_steps;
      test::report(scheme + ": safe steps", safe);
      EXPECT_EQ(kept.safe_steps, safe) << scheme;
      EXPECT_EQ(rebuilt.preconditioner_builds, 25u + safe) << scheme;
      EXPECT_LE(kept.preconditioner_builds, 2u + 2u * safe) << scheme;
    }
}
