// The finite-element Fokker–Planck solver (model.md §5) against the exact
// Gaussian solution of model.md §7, and its conservation laws.

#include <gtest/gtest.h>

#include "tests/solver/mesh_cases.h"
#include "verification/gaussian_flow.h"

#include <iomanip>
#include <limits>
#include <map>
#include <sstream>

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
    std::ostringstream text;
    text << std::setprecision(17) << "subsection Mesh\n set Lower corner = -"
         << box << "\n set Upper corner = " << box
         << "\n set Global refinements = " << refinements
         << "\nend\nsubsection Time stepping\n set Scheme = " << scheme
         << "\n set Time step = " << dt << "\n set End time = " << end_time
         << "\nend\nsubsection Output\n set Interval = " << end_time
         << "\nend\n";
    return text.str();
  }

  struct ExactComparison
  {
    double l2_density;
    /** (sum_i m_i (nu_i - exact(theta_i))^2)^{1/2}: the nodal-quadrature L2. */
    double nodal_l2_density;
    double mean;
    double covariance;
    double objective;
    /** The safe steps of the run (§8.8; 0 for the other schemes). */
    unsigned int safe_steps;
    /** The steps repaired by redistribution (§8.8). */
    unsigned int limited_steps;

    /** Report the errors of case @p name and assert their tolerances. */
    void
    expect_below(const std::string &name,
                 const double       l2_tolerance,
                 const double       mean_tolerance,
                 const double       covariance_tolerance,
                 const double       objective_tolerance) const
    {
      test::report(name + ": L2 error of nu", l2_density);
      test::report(name + ": mean error", mean);
      test::report(name + ": covariance error", covariance);
      test::report(name + ": V error", objective);
      EXPECT_LT(l2_density, l2_tolerance);
      EXPECT_LT(mean, mean_tolerance);
      EXPECT_LT(covariance, covariance_tolerance);
      EXPECT_LT(objective, objective_tolerance);
    }
  };

  /**
   * The mesh flow of the parameter @p text from the density of the
   * Gaussian @p initial, run to its end time.
   */
  template <int dim>
  struct GaussianStartRun
  {
    test::MeshFlowCase      input;
    Model                   model;
    FokkerPlanckSolver<dim> solver;

    GaussianStartRun(const std::string &text, const GaussianLaw &initial)
      : input(text)
      , model(input.model_parameters)
      , solver(model, input.flow_parameters)
    {
      const test::GaussianDensity<dim> density(initial);
      solver.set_initial_density(
        [&](const dealii::Point<dim> &p) { return density.value(p); });
      solver.run();
    }
  };

  /** Run the case to @p end_time from N(m0, S0) and compare with §7. */
  template <int dim>
  ExactComparison
  compare_with_exact(const std::string &text,
                     const GaussianLaw &initial,
                     const double       end_time)
  {
    const GaussianStartRun<dim>    run(text, initial);
    const Model                   &model  = run.model;
    const FokkerPlanckSolver<dim> &solver = run.solver;

    const GaussianFlow flow(model);
    const GaussianLaw  exact = flow.solve(initial, {end_time}).back();
    const FlowRecord  &last  = solver.records().back();
    EXPECT_NEAR(last.time, end_time, 1e-12);
    for (const FlowRecord &r : solver.records())
      EXPECT_NEAR(r.mass, 1., 1e-10) << "t = " << r.time;

    ExactComparison e;
    e.l2_density = test::l2_error(solver, test::GaussianDensity<dim>(exact));
    const MeshDiscretisation<dim>   &mesh = solver.discretisation();
    const test::GaussianDensity<dim> exact_density(exact);
    double                           sum = 0.;
    for (unsigned int k = 0; k < mesh.n_locally_owned(); ++k)
      sum += mesh.lumped_mass()[k] *
             std::pow(solver.density()[k] -
                        exact_density.value(mesh.support_points()[k]),
                      2);
    e.nodal_l2_density =
      std::sqrt(dealii::Utilities::MPI::sum(sum, mesh.communicator()));
    e.mean       = 0.;
    e.covariance = 0.;
    for (unsigned int k = 0; k < dim; ++k)
      {
        e.mean = std::max(e.mean, std::abs(last.mean[k] - exact.mean[k]));
        for (unsigned int l = 0; l < dim; ++l)
          e.covariance =
            std::max(e.covariance,
                     std::abs(last.covariance(k, l) - exact.covariance(k, l)));
      }
    e.objective     = std::abs(last.objective - flow.objective(exact));
    e.safe_steps    = last.safe_steps;
    e.limited_steps = last.limited_steps;
    return e;
  }
} // namespace

TEST(FokkerPlanckSolver, BanditP1In1DMatchesTheExactGaussianAtTimeOne)
{
  const GaussianLaw     initial = test::gaussian({1.0}, {0.5}, 1);
  const ExactComparison e       = compare_with_exact<1>(
    test::bandit_p1_text() + mesh_text("6", 8, "bdf2", 0.01, 1.), initial, 1.);
  e.expect_below("P1 d=1", 5e-4, 5e-4, 1e-4, 1e-4);
}

TEST(FokkerPlanckSolver, BanditIn2DMatchesTheExactGaussianAtTimeOne)
{
  const GaussianLaw     initial = test::gaussian({0.5, -0.5}, {0.4}, 2);
  const ExactComparison e =
    compare_with_exact<2>(test::bandit_p1_text(
                            "subsection Feature\n set Basis = a; a^2\nend\n") +
                            mesh_text("5", 6, "bdf2", 0.02, 1.),
                          initial,
                          1.);
  e.expect_below("bandit d=2", 5e-3, 5e-3, 5e-3, 2e-3);
}

TEST(FokkerPlanckSolver, AgazziLuMdpIn2DMatchesTheExactGaussianAtTimeOne)
{
  const GaussianLaw initial =
    test::gaussian({0.8, -0.5}, {0.6, 0.1, 0.1, 0.4}, 2);
  const ExactComparison e = compare_with_exact<2>(
    test::agazzi_lu_text() + mesh_text("5", 6, "bdf2", 0.02, 1.), initial, 1.);
  e.expect_below("Agazzi-Lu MDP d=2", 5e-3, 5e-3, 5e-3, 2e-3);
}

namespace
{
  /** The observed order log2(e_k / e_{k+1}) of the last pair of errors. */
  double
  observed_order(const std::vector<double> &errors)
  {
    return std::log2(errors[errors.size() - 2] / errors.back());
  }

  /** The nodal density of the P1 bandit at t = @p end_time. */
  dealii::Vector<double>
  p1_density(const unsigned int      refinements,
             const std::string      &scheme,
             const double            dt,
             const double            end_time,
             dealii::Vector<double> *lumped_mass = nullptr)
  {
    const test::MeshFlowCase c(
      test::bandit_p1_text() +
      mesh_text("6", refinements, scheme, dt, end_time));
    const Model                    model(c.model_parameters);
    FokkerPlanckSolver<1>          solver(model, c.flow_parameters);
    const test::GaussianDensity<1> initial(test::gaussian({1.0}, {0.5}, 1));
    solver.set_initial_density(
      [&](const dealii::Point<1> &p) { return initial.value(p); });
    solver.run();
    if (lumped_mass != nullptr)
      *lumped_mass = solver.discretisation().lumped_mass();
    return solver.density();
  }

  /** The temporal errors of @p scheme at dt, dt/2, dt/4 against dt/64. */
  std::vector<double>
  temporal_errors(const std::string &scheme)
  {
    const double                 dt = 0.1, end_time = 0.8;
    dealii::Vector<double>       mass;
    const dealii::Vector<double> reference =
      p1_density(6, scheme, dt / 64, end_time, &mass);
    std::vector<double> errors;
    for (const double step : {dt, dt / 2, dt / 4})
      {
        dealii::Vector<double> difference =
          p1_density(6, scheme, step, end_time);
        difference -= reference;
        double l2 = 0.;
        for (unsigned int i = 0; i < mass.size(); ++i)
          l2 += mass[i] * difference[i] * difference[i];
        errors.push_back(std::sqrt(l2));
        test::report(scheme + ": L2 error at dt = " + std::to_string(step),
                     errors.back());
      }
    return errors;
  }
} // namespace

TEST(FokkerPlanckSolver, ExponentialFittingSpatialOrderIsTwoUnderHRefinement)
{
  const GaussianLaw   initial = test::gaussian({1.0}, {0.5}, 1);
  std::vector<double> errors;
  for (unsigned int refinements = 5; refinements <= 8; ++refinements)
    {
      errors.push_back(
        compare_with_exact<1>(test::bandit_p1_text() +
                                mesh_text("6", refinements, "bdf2", 1e-3, 0.5) +
                                "subsection Discretisation\n set Scheme = "
                                "exponential-fitting\nend\n",
                              initial,
                              0.5)
          .l2_density);
      test::report("h = 12/2^" + std::to_string(refinements) + ": L2 error",
                   errors.back());
    }
  test::report("observed spatial order", observed_order(errors));
  EXPECT_NEAR(observed_order(errors), 2., 0.2);
}

TEST(FokkerPlanckSolver, ImplicitEulerIsFirstOrderInTime)
{
  const std::vector<double> errors = temporal_errors("implicit-euler");
  test::report("implicit Euler: observed temporal order",
               observed_order(errors));
  EXPECT_NEAR(observed_order(errors), 1., 0.2);
}

TEST(FokkerPlanckSolver, Bdf2IsSecondOrderInTime)
{
  const std::vector<double> errors = temporal_errors("bdf2");
  test::report("BDF2: observed temporal order", observed_order(errors));
  EXPECT_NEAR(observed_order(errors), 2., 0.2);
}

namespace
{
  /** The P1 bandit in 1-D, every step an output time. */
  std::vector<FlowRecord>
  p1_records(const unsigned int refinements,
             const std::string &scheme,
             const double       dt,
             const std::string &extra = "")
  {
    const test::MeshFlowCase c(
      test::bandit_p1_text() + mesh_text("6", refinements, scheme, dt, 1.) +
      "subsection Output\n set Interval = " + std::to_string(dt) + "\nend\n" +
      extra);
    const Model                    model(c.model_parameters);
    FokkerPlanckSolver<1>          solver(model, c.flow_parameters);
    const test::GaussianDensity<1> initial(test::gaussian({1.0}, {0.5}, 1));
    solver.set_initial_density(
      [&](const dealii::Point<1> &p) { return initial.value(p); });
    solver.run();
    return solver.records();
  }
} // namespace

TEST(FokkerPlanckSolver, MassIsConservedAndDensityStaysNonNegative)
{
  // The exponential fitting's columns sum to zero, so a step changes the
  // mass only by rounding and by the linear solver's residual. Rounding: the
  // mass is a sum of n_dofs nonnegative terms of total 1, computed with an
  // error of at most n_dofs eps (Higham, Accuracy and Stability, §4.2), and
  // each step's matrix-vector products and solve add errors of that order:
  // over n_steps steps at most n_steps n_dofs eps = 20 · 129 · 2.2e-16 =
  // 5.7e-13. MUMPS solves to rounding; CG stops at a residual r of 1e-12
  // times the right-hand side, which moves the mass by 1^T S^{-1} r (S >= 1
  // the Slotboom scaling), a second source this bound does not cover: the
  // test holds CG to the same bound, and prints what it measured.
  const unsigned int n_dofs = 129, n_steps = 20;
  const double       tolerance =
    n_steps * n_dofs * std::numeric_limits<double>::epsilon();
  test::report("tolerance n_steps n_dofs eps", tolerance);
  for (const std::string solver : {"cg-amg", "direct"})
    for (const std::string scheme : {"implicit-euler", "bdf2"})
      {
        const std::vector<FlowRecord> records =
          p1_records(7,
                     scheme,
                     0.05,
                     "subsection Time stepping\n set Linear solver = " +
                       solver + "\nend\n");
        ASSERT_EQ(records.size(), n_steps + 1);
        double worst_mass = 0., min_density = 1.;
        for (const FlowRecord &r : records)
          {
            worst_mass  = std::max(worst_mass, std::abs(r.mass - 1.));
            min_density = std::min(min_density, r.min_density);
          }
        const std::string what = scheme + ", " + solver;
        test::report(what + ": max |mass - 1| over the run", worst_mass);
        test::report(what + ": min nu over the run", min_density);
        EXPECT_LT(worst_mass, tolerance);
        EXPECT_GT(min_density, 0.);
      }
}

TEST(FokkerPlanckSolver, RegularisedObjectiveIsNonDecreasing)
{
  const std::vector<FlowRecord> records = p1_records(7, "implicit-euler", 0.05);
  double                        smallest_increase = 1.;
  for (unsigned int n = 1; n < records.size(); ++n)
    smallest_increase = std::min(smallest_increase,
                                 records[n].regularised_objective -
                                   records[n - 1].regularised_objective);
  test::report("smallest J^{n+1} - J^n", smallest_increase);
  EXPECT_GT(smallest_increase, 0.);
}

TEST(FokkerPlanckSolver, EnergyIdentityHoldsUpToErrorsThatShrinkUnderRefinement)
{
  // dJ/dt (a difference quotient over the last step) against the
  // dissipation, at t = 0.5 and t = 1, refining h and dt together
  std::vector<double> defects;
  for (unsigned int level = 0; level < 3; ++level)
    {
      const std::vector<FlowRecord> records =
        p1_records(6 + level, "implicit-euler", 0.05 / (1 << level));
      double defect = 0.;
      for (const FlowRecord &r : records)
        if (r.time > 0.)
          defect = std::max(defect,
                            std::abs(r.objective_rate - r.dissipation) /
                              r.dissipation);
      defects.push_back(defect);
      test::report("level " + std::to_string(level) + ": max |dJ/dt - D| / D",
                   defect);
    }
  EXPECT_LT(defects[1], 0.7 * defects[0]);
  EXPECT_LT(defects[2], 0.7 * defects[1]);
  EXPECT_LT(defects[2], 0.05);
}

namespace
{
  std::string
  discretisation_text(const std::string &scheme, const unsigned int degree)
  {
    // Galerkin's mass is conserved only up to the GMRES residual: solve it
    // exactly, so that the comparison is about the scheme
    return "subsection Discretisation\n set Scheme = " + scheme +
           "\n set Element degree = " + std::to_string(degree) +
           "\nend\nsubsection Time stepping\n set Linear solver = " +
           (scheme == "galerkin" ? "direct" : "cg-amg") + "\nend\n";
  }
} // namespace

TEST(FokkerPlanckSolver, GalerkinSpatialOrderIsDegreePlusOne)
{
  const GaussianLaw initial = test::gaussian({1.0}, {0.5}, 1);
  for (const unsigned int degree : {1u, 2u})
    {
      std::vector<double> errors;
      for (unsigned int refinements = 4; refinements <= 7; ++refinements)
        errors.push_back(compare_with_exact<1>(
                           test::bandit_p1_text() +
                             discretisation_text("galerkin", degree) +
                             mesh_text("6", refinements, "bdf2", 1e-3, 0.5),
                           initial,
                           0.5)
                           .l2_density);
      for (const double e : errors)
        test::report("Galerkin Q" + std::to_string(degree) + ": L2 error", e);
      test::report("Galerkin Q" + std::to_string(degree) + ": observed order",
                   observed_order(errors));
      EXPECT_NEAR(observed_order(errors), degree + 1., 0.2);
    }
}

TEST(FokkerPlanckSolver,
     ExponentialFittingStaysPositiveAtHighPecletWhereGalerkinDoesNot)
{
  // sigma = 0.25 on 16 cells of [-6, 6] (h = 0.75): Phi = U - 32 dV/dnu
  // has |grad Phi| up to ~6 on the box, cell Peclet numbers up to ~4
  const std::string case_text =
    test::bandit_p1_text(
      "subsection Regularisation\n set Sigma = 0.25\nend\n") +
    mesh_text("6", 4, "implicit-euler", 0.05, 1.);
  const GaussianLaw              initial = test::gaussian({1.0}, {0.5}, 1);
  const test::GaussianDensity<1> initial_density(initial);
  std::map<std::string, double>  min_density;
  for (const std::string scheme : {"exponential-fitting", "galerkin"})
    {
      const test::MeshFlowCase c(case_text + discretisation_text(scheme, 1));
      const Model              model(c.model_parameters);
      FokkerPlanckSolver<1>    solver(model, c.flow_parameters);
      solver.set_initial_density(
        [&](const dealii::Point<1> &p) { return initial_density.value(p); });
      solver.run();
      min_density[scheme] = solver.min_density_over_run();
      test::report(scheme + ": min nu over the run", min_density[scheme]);
      EXPECT_NEAR(solver.records().back().mass, 1., 1e-10);
    }
  EXPECT_GE(min_density["exponential-fitting"], 0.);
  EXPECT_LT(min_density["galerkin"], -1e-6);
}

TEST(FokkerPlanckSolver,
     AmgPreconditionedCgIterationsStayBoundedUnderRefinement)
{
  const GaussianLaw initial = test::gaussian({0.5, -0.5}, {0.4}, 2);
  const test::GaussianDensity<2> density(initial);
  std::vector<unsigned int>      iterations;
  for (unsigned int refinements = 4; refinements <= 7; ++refinements)
    {
      const test::MeshFlowCase c(
        test::bandit_p1_text("subsection Feature\n set Basis = a; a^2\nend\n") +
        mesh_text("5", refinements, "implicit-euler", 0.1, 0.2) +
        "subsection Output\n set Interval = 0.1\nend\n");
      const Model           model(c.model_parameters);
      FokkerPlanckSolver<2> solver(model, c.flow_parameters);
      solver.set_initial_density(
        [&](const dealii::Point<2> &p) { return density.value(p); });
      solver.run();
      iterations.push_back(solver.records().back().linear_iterations);
      test::report(std::to_string(solver.discretisation().n_dofs()) +
                     " dofs: CG iterations",
                   iterations.back());
    }
  EXPECT_LE(*std::max_element(iterations.begin(), iterations.end()), 12u);
  EXPECT_LE(iterations.back(), iterations.front() + 4);
}

TEST(FokkerPlanckSolver, BanditIn3DMatchesTheExactGaussian)
{
  const GaussianLaw     initial = test::gaussian({0.5, -0.5, 0.2}, {0.5}, 3);
  const ExactComparison e       = compare_with_exact<3>(
    test::bandit_p1_text(
      "subsection Feature\n set Basis = a; a^2; a^3\nend\n") +
      mesh_text("5", 5, "bdf2", 0.05, 0.5),
    initial,
    0.5);
  e.expect_below("bandit d=3", 2e-2, 2e-2, 2e-2, 5e-3);
}

namespace
{
  std::string
  spectral_element_text(const std::string &linear_solver = "cg-amg",
                        const std::string &positivity    = "redistribution")
  {
    return "subsection Discretisation\n set Scheme = spectral-element\n set "
           "Element degree = 2\nend\nsubsection Time stepping\n set Linear "
           "solver = " +
           linear_solver + "\n set Positivity = " + positivity + "\nend\n";
  }

  /** The errors of the spectral elements on 2^r cells per axis, r in @p levels.
   */
  template <int dim>
  std::vector<ExactComparison>
  spectral_element_errors(const std::string               &case_text,
                          const std::string               &box,
                          const std::vector<unsigned int> &levels,
                          const GaussianLaw               &initial,
                          const double                     dt,
                          const double                     end_time)
  {
    std::vector<ExactComparison> errors;
    for (const unsigned int r : levels)
      {
        errors.push_back(
          compare_with_exact<dim>(case_text +
                                    mesh_text(box, r, "bdf2", dt, end_time) +
                                    spectral_element_text(),
                                  initial,
                                  end_time));
        const std::string what = "d = " + std::to_string(dim) + ", 2^" +
                                 std::to_string(r) + " Q2 cells per axis: ";
        test::report(what + "nodal L2 error", errors.back().nodal_l2_density);
        test::report(what + "L2 error", errors.back().l2_density);
        test::report(what + "mean error", errors.back().mean);
        test::report(what + "V error", errors.back().objective);
        test::report(what + "safe steps", errors.back().safe_steps);
      }
    return errors;
  }

  /** log2 of the ratio of the last two values of @p member. */
  double
  observed_order(const std::vector<ExactComparison> &errors,
                 double ExactComparison::*member)
  {
    std::vector<double> values;
    for (const ExactComparison &e : errors)
      values.push_back(e.*member);
    return observed_order(values);
  }
} // namespace

TEST(FokkerPlanckSolver, SpectralElementOrdersInHAgainstTheExactGaussian)
{
  // Design orders (model.md §8.8): 4 at the nodes (the nodal-quadrature L2
  // error of the density, and the mean and V, which are Simpson sums of
  // the nodal values), 3 for the L2 error of the Q2 field between the
  // nodes; asserted to ±0.2 on the last pair of meshes, where no safe step
  // is taken (reported). BDF2 with dt = 1e-3: in 1-D its error is below
  // the spatial one on 64 cells. In 2-D on 64^2 cells it is not for the
  // mean and V (a run at dt/2 moved the mean error at 64^2 by a third), whose
  // observed orders are reported, not asserted; the nodal density error is
  // ten times larger and shows the spatial order.
  const std::vector<ExactComparison> one =
    spectral_element_errors<1>(test::bandit_p1_text(),
                               "6",
                               {5, 6},
                               test::gaussian({1.0}, {0.5}, 1),
                               1e-3,
                               0.5);
  const std::vector<ExactComparison> two = spectral_element_errors<2>(
    test::bandit_p1_text("subsection Feature\n set Basis = a; a^2\nend\n"),
    "5",
    {5, 6},
    test::gaussian({0.5, -0.5}, {0.4}, 2),
    1e-3,
    0.1);
  for (const auto &[name, errors] :
       {std::pair<std::string, const std::vector<ExactComparison> &>{"d = 1",
                                                                     one},
        {"d = 2", two}})
    {
      test::report(name + ": observed order, nodal L2",
                   observed_order(errors, &ExactComparison::nodal_l2_density));
      test::report(name + ": observed order, L2",
                   observed_order(errors, &ExactComparison::l2_density));
      test::report(name + ": observed order, mean",
                   observed_order(errors, &ExactComparison::mean));
      test::report(name + ": observed order, V",
                   observed_order(errors, &ExactComparison::objective));
      EXPECT_NEAR(observed_order(errors, &ExactComparison::nodal_l2_density),
                  4.,
                  0.2)
        << name;
      EXPECT_NEAR(observed_order(errors, &ExactComparison::l2_density), 3., 0.2)
        << name;
      for (const ExactComparison &e : errors)
        EXPECT_EQ(e.safe_steps, 0u) << name;
    }
  EXPECT_NEAR(observed_order(one, &ExactComparison::mean), 4., 0.2);
  EXPECT_NEAR(observed_order(one, &ExactComparison::objective), 4., 0.2);
}

TEST(FokkerPlanckSolver, SpectralElementOrdersInHIn3DAgainstTheExactGaussian)
{
  // The default scheme in d = 3: the P1 bandit with the basis (a, a^2, a^3)
  // from N((0.5, -0.5, 0.2), 0.4 I) on 16^3 and 32^3 Q2 cells of [-5, 5]^3
  // (35937 and 274625 nodes; coarser meshes are not yet asymptotic: 8^3 to
  // 16^3 gave 2.4 for the L2 error), BDF2 with dt = 1e-3 to t = 0.01 (ten
  // steps, to keep the test at about 25 s). Asserted: the L2 error of the
  // Q2 field, design order 3, to ±0.2. Reported, not asserted: the nodal
  // L2 error, the mean and V, whose observed orders on this short run
  // (2.3, 3.6, 3.4) are below the nodes' 4. At dt = 5e-4 the mean and V
  // came out at 3.86 and 3.82 (the time error's floor at 1e-3), the nodal
  // L2 error still at 2.28: not the time step; its cause is not known.
  const std::vector<ExactComparison> three = spectral_element_errors<3>(
    test::bandit_p1_text("subsection Feature\n set Basis = a; a^2; a^3\nend\n"),
    "5",
    {4, 5},
    test::gaussian({0.5, -0.5, 0.2}, {0.4}, 3),
    1e-3,
    0.01);
  test::report("d = 3: observed order, nodal L2",
               observed_order(three, &ExactComparison::nodal_l2_density));
  test::report("d = 3: observed order, L2",
               observed_order(three, &ExactComparison::l2_density));
  test::report("d = 3: observed order, mean",
               observed_order(three, &ExactComparison::mean));
  test::report("d = 3: observed order, V",
               observed_order(three, &ExactComparison::objective));
  EXPECT_NEAR(observed_order(three, &ExactComparison::l2_density), 3., 0.2);
}

namespace
{
  /**
   * The nodal-quadrature L2 differences of the default scheme's density at
   * @p end_time with BDF2 at dt, dt/2, dt/4 from the run at dt/32 (the
   * same mesh: 2^@p refinements cells per axis of [-5, 5]^dim), from
   * @p initial on the P1 bandit with the feature of @p case_text.
   */
  template <int dim>
  std::vector<double>
  default_scheme_temporal_errors(const std::string &case_text,
                                 const GaussianLaw &initial,
                                 const unsigned int refinements,
                                 const double       dt,
                                 const double       end_time)
  {
    dealii::Vector<double> mass;
    const auto             density = [&](const double step) {
      const GaussianStartRun<dim> run(
        case_text + mesh_text("5", refinements, "bdf2", step, end_time),
        initial);
      mass = run.solver.discretisation().lumped_mass();
      return run.solver.density();
    };
    const dealii::Vector<double> reference = density(dt / 32);
    std::vector<double>          errors;
    for (const double step : {dt, dt / 2, dt / 4})
      {
        dealii::Vector<double> difference = density(step);
        difference -= reference;
        double l2 = 0.;
        for (unsigned int i = 0; i < mass.size(); ++i)
          l2 += mass[i] * difference[i] * difference[i];
        errors.push_back(std::sqrt(l2));
        test::report("d = " + std::to_string(dim) +
                       ": L2 difference at dt = " + std::to_string(step),
                     errors.back());
      }
    return errors;
  }
} // namespace

// The default scheme (spectral elements, BDF2) in time in d = 2 and 3: the
// P1 bandit with the bases (a, a^2) and (a, a^2, a^3) from N((0.5, -0.5),
// 0.4 I) and N((0.5, -0.5, 0.2), 0.4 I), on 16^2 and 8^3 Q2 cells of
// [-5, 5]^d, dt = 0.1, 0.05, 0.025 to t = 0.8 against dt / 32 on the same
// mesh (the spatial error is common to the runs and cancels). The design
// order 2 to ±0.2 on the last pair; the reference's own error, (1/8)^2 of
// the finest run's, moves that order by < 0.1. The repairs of negative
// steps (§8.8) move ~1e-10 of the mass, far below the differences.
// Measured: 2.05 (d = 2) and 2.04 (d = 3).
TEST(FokkerPlanckSolver, DefaultSchemeIsSecondOrderInTimeIn2DAnd3D)
{
  const std::vector<double> two = default_scheme_temporal_errors<2>(
    test::bandit_p1_text("subsection Feature\n set Basis = a; a^2\nend\n"),
    test::gaussian({0.5, -0.5}, {0.4}, 2),
    4,
    0.1,
    0.8);
  const std::vector<double> three = default_scheme_temporal_errors<3>(
    test::bandit_p1_text("subsection Feature\n set Basis = a; a^2; a^3\nend\n"),
    test::gaussian({0.5, -0.5, 0.2}, {0.4}, 3),
    3,
    0.1,
    0.8);
  test::report("d = 2: observed temporal order", observed_order(two));
  test::report("d = 3: observed temporal order", observed_order(three));
  EXPECT_NEAR(observed_order(two), 2., 0.2);
  EXPECT_NEAR(observed_order(three), 2., 0.2);
}

namespace
{
  /** What the runs of the spectral elements below look at. */
  struct SpectralElementRun
  {
    unsigned int            n_dofs;
    std::vector<FlowRecord> records;
    double                  min_density;
    /** max |nu| at the end. */
    double max_density;
  };

  /**
   * The P1 bandit in 1-D with the spectral elements from N(1, @p variance)
   * on 2^@p refinements cells of [-6, 6] to t = 1, dt = 0.05, every step
   * an output time.
   */
  SpectralElementRun
  spectral_element_p1_run(const double       variance,
                          const unsigned int refinements,
                          const std::string &time_scheme,
                          const std::string &linear_solver,
                          const std::string &positivity = "redistribution")
  {
    const test::MeshFlowCase c(
      test::bandit_p1_text() +
      mesh_text("6", refinements, time_scheme, 0.05, 1.) +
      "subsection Output\n set Interval = 0.05\nend\n" +
      spectral_element_text(linear_solver, positivity));
    const Model                    model(c.model_parameters);
    FokkerPlanckSolver<1>          solver(model, c.flow_parameters);
    const test::GaussianDensity<1> initial(
      test::gaussian({1.0}, {variance}, 1));
    solver.set_initial_density(
      [&](const dealii::Point<1> &p) { return initial.value(p); });
    solver.run();
    return {solver.discretisation().n_dofs(),
            solver.records(),
            solver.min_density_over_run(),
            solver.density().linfty_norm()};
  }
} // namespace

TEST(FokkerPlanckSolver,
     SpectralElementConservesMassWithoutSafeStepsOnResolvedData)
{
  // The columns of A sum to zero (model.md §8.8), so a step changes the
  // mass only by rounding and the linear solver's error: with MUMPS the
  // bound of MassIsConservedAndDensityStaysNonNegative, n_steps n_dofs
  // eps, here 20 · 129 · 2.2e-16 = 5.7e-13 (64 Q2 cells, 129 nodes). CG
  // stops at a residual r of 1e-12 times the right-hand side, which moves
  // the mass by 1^T E^{-1} r per step; measured with BDF2: 1.4e-12 over
  // the run, reported, not asserted. A Gaussian of variance 0.5 on cells
  // of 0.19 is resolved: no safe step.
  const unsigned int n_dofs = 129, n_steps = 20;
  const double       tolerance =
    n_steps * n_dofs * std::numeric_limits<double>::epsilon();
  for (const std::string solver_name : {"cg-amg", "direct"})
    for (const std::string scheme : {"implicit-euler", "bdf2"})
      {
        const SpectralElementRun run =
          spectral_element_p1_run(0.5, 6, scheme, solver_name);
        ASSERT_EQ(run.n_dofs, n_dofs);
        ASSERT_EQ(run.records.size(), n_steps + 1);
        double worst_mass = 0.;
        for (const FlowRecord &r : run.records)
          worst_mass = std::max(worst_mass, std::abs(r.mass - 1.));
        const std::string what = scheme + ", " + solver_name;
        test::report(what + ": max |mass - 1| over the run", worst_mass);
        test::report(what + ": min nu over the run", run.min_density);
        if (solver_name == "direct")
          {
            EXPECT_LT(worst_mass, tolerance);
          }
        EXPECT_GE(run.min_density, 0.);
        EXPECT_EQ(run.records.back().safe_steps, 0u);
        EXPECT_EQ(run.records.back().limited_steps, 0u);
      }
}

TEST(FokkerPlanckSolver,
     SpectralElementRedistributionKeepsTheAccuracyTheSafeStepsLose)
{
  // Agazzi & Lu's MDP (d = 2, linear feature) from N((0.5, -0.5), S0) on
  // [-5, 5]^2, BDF2, dt = 0.01, to t = 1, against the exact Gaussian (§7).
  // On 16^2 Q2 cells most steps undershoot in the tails (by ~1e-10 of the
  // maximum): redistribution moves that mass locally, the safe step
  // replaces the whole step by a first-order one. On 32^2 no step
  // undershoots; its error (mostly BDF2's at this dt) is what the
  // discretisation allows. Asserted: the repaired 16^2 run's errors of V
  // and the mean within 4 times the 32^2 run's (the spatial error falls by
  // 2^4 from 16^2 to 32^2 and the time error is common, so a factor 4
  // leaves room for the spatial part and none for an O(dt) repair), and
  // the safe steps' errors at least 10 times the repaired ones.
  const GaussianLaw initial =
    test::gaussian({0.5, -0.5}, {0.3, 0.1, 0.1, 0.6}, 2);
  const auto run = [&](const unsigned int refinements,
                       const std::string &positivity) {
    return compare_with_exact<2>(
      test::agazzi_lu_text() + mesh_text("5", refinements, "bdf2", 0.01, 1.) +
        spectral_element_text("cg-amg", positivity),
      initial,
      1.);
  };
  const ExactComparison fine     = run(5, "redistribution"),
                        repaired = run(4, "redistribution"),
                        safe     = run(4, "safe-step");
  for (const auto &[name, e] :
       {std::pair<std::string, const ExactComparison &>{"32^2", fine},
        {"16^2, redistribution", repaired},
        {"16^2, safe steps", safe}})
    {
      test::report(name + ": V error", e.objective);
      test::report(name + ": mean error", e.mean);
      test::report(name + ": redistributions of 100", e.limited_steps);
      test::report(name + ": safe steps of 100", e.safe_steps);
    }
  EXPECT_EQ(fine.limited_steps + fine.safe_steps, 0u);
  EXPECT_GT(repaired.limited_steps, 0u);
  EXPECT_GT(safe.safe_steps, 0u);
  EXPECT_LT(repaired.objective, 4. * fine.objective);
  EXPECT_LT(repaired.mean, 4. * fine.mean);
  EXPECT_GT(safe.objective, 10. * repaired.objective);
  EXPECT_GT(safe.mean, 10. * repaired.mean);
}

TEST(FokkerPlanckSolver,
     SpectralElementRepairsKeepAnUnderResolvedDensityPositive)
{
  // N(1, 0.01) (standard deviation 0.1) on 8 Q2 cells of length 1.5: the
  // Q2 steps undershoot (the operator is not an M-matrix). Repaired by
  // redistribution (the default, PositivityLimiter) or by the safe step
  // (implicit Euler with the exponential fitting, an M-matrix); each is
  // counted. Bounds: min nu >= -1e-14 max nu, the repairs' criterion; mass
  // as in SpectralElementConservesMassWithoutSafeStepsOnResolvedData, with
  // 20 steps of 17 nodes, doubled for the steps solved twice or repaired:
  // 2 · 20 · 17 · eps = 1.5e-13.
  const double tolerance = 2 * 20 * 17 * std::numeric_limits<double>::epsilon();
  for (const std::string positivity : {"redistribution", "safe-step"})
    for (const std::string scheme : {"implicit-euler", "bdf2"})
      {
        const SpectralElementRun run =
          spectral_element_p1_run(0.01, 3, scheme, "direct", positivity);
        ASSERT_EQ(run.n_dofs, 17u);
        double worst_mass = 0.;
        for (const FlowRecord &r : run.records)
          worst_mass = std::max(worst_mass, std::abs(r.mass - 1.));
        const FlowRecord &last = run.records.back();
        const std::string what = positivity + ", " + scheme;
        test::report(what + ": safe steps of 20", last.safe_steps);
        test::report(what + ": redistributions of 20", last.limited_steps);
        test::report(what + ": redistributed mass", last.redistributed_mass);
        test::report(what + ": min nu over the run / max nu",
                     run.min_density / run.max_density);
        test::report(what + ": max |mass - 1| over the run", worst_mass);
        if (positivity == "safe-step")
          {
            EXPECT_GT(last.safe_steps, 0u) << what;
            EXPECT_EQ(last.limited_steps, 0u) << what;
          }
        else
          {
            EXPECT_GT(last.limited_steps, 0u) << what;
            EXPECT_GT(last.redistributed_mass, 0.) << what;
          }
        EXPECT_GE(run.min_density, -1e-14 * run.max_density) << what;
        EXPECT_LT(worst_mass, tolerance) << what;
      }
}

namespace
{
  /** Case P4 to t = 0.5 on 2^r cells of [-5, 5]^2 (BDF2, dt = 0.005). */
  FlowRecord
  p4_end(const std::string &scheme, const unsigned int refinements)
  {
    const GaussianStartRun<2> run(
      test::bandit_p4_text() + mesh_text("5", refinements, "bdf2", 0.005, 0.5) +
        "subsection Discretisation\n set Scheme = " + scheme + "\nend\n",
      test::gaussian({0.3, 0.3}, {0.3}, 2));
    return run.solver.records().back();
  }
} // namespace

// The low-order scheme and the default converge to one flow on a
// non-linear feature (case P4, no exact solution; [-5, 5]^2, BDF2 at
// dt = 0.005 to t = 0.5, the same time error in every run): the Richardson
// limits of V and the mean of the exponential fitting (Q1 on 32^2, 64^2,
// 128^2 cells, order 2: the observed ratio of its differences is reported)
// and of the spectral elements (Q2 on 16^2 and 32^2 cells, order 4 at the
// nodes) agree within 5 % of the exponential fitting's finest error, which
// both limits remove (measured: 0.3 % for V, 0.09 % for the mean).
TEST(FokkerPlanckSolver, ExponentialFittingAndSpectralElementsConvergeToOneFlow)
{
  const FlowRecord ef5 = p4_end("exponential-fitting", 5),
                   ef6 = p4_end("exponential-fitting", 6),
                   ef7 = p4_end("exponential-fitting", 7),
                   se4 = p4_end("spectral-element", 4),
                   se5 = p4_end("spectral-element", 5);
  const auto check     = [](const std::string &name,
                        const double       q5,
                        const double       q6,
                        const double       q7,
                        const double       s4,
                        const double       s5) {
    const double ef_limit = q7 + (q7 - q6) / 3.;
    const double se_limit = s5 + (s5 - s4) / 15.;
    test::report(name + ": exponential fitting's ratio of differences",
                 (q6 - q5) / (q7 - q6));
    test::report(name + ": limits' difference / finest Q1 error",
                 std::abs(ef_limit - se_limit) / std::abs(q7 - ef_limit));
    EXPECT_LT(std::abs(ef_limit - se_limit), 0.05 * std::abs(q7 - ef_limit))
      << name;
  };
  check("V",
        ef5.objective,
        ef6.objective,
        ef7.objective,
        se4.objective,
        se5.objective);
  for (unsigned int k = 0; k < 2; ++k)
    check("mean " + std::to_string(k + 1),
          ef5.mean[k],
          ef6.mean[k],
          ef7.mean[k],
          se4.mean[k],
          se5.mean[k]);
}
