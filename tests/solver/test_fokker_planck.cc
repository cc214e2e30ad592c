// The finite-element Fokker–Planck solver (model.md §5) against the exact
// Gaussian solution of model.md §7, and its conservation laws.

#include <gtest/gtest.h>

#include "tests/solver/mesh_cases.h"
#include "verification/gaussian_flow.h"

using namespace mfpg;

namespace
{
  std::string
  mesh_text(const std::string &box,
            const unsigned int refinements,
            const std::string &scheme,
            const double       dt,
            const double       end_time)
  {
    return "subsection Mesh\n set Lower corner = -" + box + "\n set Upper corner = " + box +
           "\n set Global refinements = " + std::to_string(refinements) +
           "\nend\nsubsection Time stepping\n set Scheme = " + scheme +
           "\n set Time step = " + std::to_string(dt) +
           "\n set End time = " + std::to_string(end_time) +
           "\nend\nsubsection Output\n set Interval = " + std::to_string(end_time) + "\nend\n";
  }

  struct ExactComparison
  {
    double l2_density;
    double mean;
    double covariance;
    double objective;
  };

  /** Run the case to @p end_time from N(m0, S0) and compare with §7. */
  template <int dim>
  ExactComparison
  compare_with_exact(const std::string &text, const GaussianLaw &initial, const double end_time)
  {
    const test::MeshFlowCase  c(text);
    const Model               model(c.model_parameters);
    FokkerPlanckSolver<dim>   solver(model, c.flow_parameters);
    const test::GaussianDensity<dim> initial_density(initial);
    solver.set_initial_density(
      [&](const dealii::Point<dim> &p) { return initial_density.value(p); });
    solver.run();

    const GaussianFlow flow(model);
    const GaussianLaw  exact = flow.solve(initial, {end_time}).back();
    const FlowRecord & last  = solver.records().back();
    EXPECT_NEAR(last.time, end_time, 1e-12);

    ExactComparison e;
    e.l2_density = test::l2_error(solver, test::GaussianDensity<dim>(exact));
    e.mean       = 0.;
    e.covariance = 0.;
    for (unsigned int k = 0; k < dim; ++k)
      {
        e.mean = std::max(e.mean, std::abs(last.mean[k] - exact.mean[k]));
        for (unsigned int l = 0; l < dim; ++l)
          e.covariance =
            std::max(e.covariance, std::abs(last.covariance(k, l) - exact.covariance(k, l)));
      }
    e.objective = std::abs(last.objective - flow.objective(exact));
    return e;
  }
} // namespace

TEST(FokkerPlanckSolver, BanditP1In1DMatchesTheExactGaussianAtTimeOne)
{
  const GaussianLaw initial = test::gaussian({1.0}, {0.5}, 1);
  const ExactComparison e   = compare_with_exact<1>(
    test::bandit_p1_text() + mesh_text("6", 8, "bdf2", 0.01, 1.), initial, 1.);
  test::report("P1 d=1: L2 error of nu", e.l2_density);
  test::report("P1 d=1: mean error", e.mean);
  test::report("P1 d=1: covariance error", e.covariance);
  test::report("P1 d=1: V error", e.objective);
  EXPECT_LT(e.l2_density, 1e-3);
}
