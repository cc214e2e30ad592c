// MPI: the mesh solver on the ranks of MPI_COMM_WORLD (p4est in d = 2, 3,
// a shared mesh in d = 1) against the same run on MPI_COMM_SELF. The dof
// numbering differs with the partition, so the runs are compared through
// their monitors and the L2 error against the exact Gaussian of model.md §7;
// they differ by the linear solver's tolerance (AMG coarsens differently on
// two ranks) and the rounding of the reductions. The comparisons are
// skipped at 1 rank (they would compare a run with itself) and run at 2
// ranks as solver_tests.mpi_2_ranks; the other tests run at both.

#include <gtest/gtest.h>

#include "solver/nodal_quadrature.h"
#include "tests/solver/mesh_cases.h"
#include "verification/gaussian_flow.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace mfpg;

namespace
{
  std::string
  mesh_text(const unsigned int refinements, const double end_time)
  {
    std::ostringstream text;
    text << "subsection Mesh\n set Lower corner = -5\n set Upper corner = 5"
         << "\n set Global refinements = " << refinements
         << "\nend\nsubsection Time stepping\n set Scheme = bdf2"
         << "\n set Time step = 0.02\n set End time = " << end_time
         << "\nend\nsubsection Output\n set Interval = 0.04"
         << "\n set Boundary mass tolerance = 1e-4\nend\n";
    return text.str();
  }

  /** |a - b| / max(|b|, 1e-3): relative, absolute near zero. */
  double
  relative_difference(const double a, const double b)
  {
    return std::abs(a - b) / std::max(std::abs(b), 1e-3);
  }

  struct Agreement
  {
    double monitors;
    double l2_error_one_rank;
    double l2_error_ranks;
  };

  /**
   * The largest relative difference of mass, mean, covariance, V, J,
   * dissipation and KL(nu | Gamma(nu)) over the output times between the
   * run of @p text on MPI_COMM_WORLD and on MPI_COMM_SELF, and both runs'
   * L2 errors against the exact Gaussian at @p end_time.
   */
  template <int dim>
  Agreement
  compare_ranks(const std::string &text,
                const GaussianLaw &initial,
                const double       end_time)
  {
    const test::MeshFlowCase         c(text);
    const Model                      model(c.model_parameters);
    const test::GaussianDensity<dim> initial_density(initial);
    const test::GaussianDensity<dim> exact(
      GaussianFlow(model).solve(initial, {end_time}).back());
    FokkerPlanckSolver<dim> one_rank(model, c.flow_parameters, MPI_COMM_SELF);
    FokkerPlanckSolver<dim> ranks(model, c.flow_parameters, MPI_COMM_WORLD);
    for (FokkerPlanckSolver<dim> *solver : {&one_rank, &ranks})
      {
        solver->set_initial_density([&](const dealii::Point<dim> &p) {
          return initial_density.value(p);
        });
        solver->run();
      }
    EXPECT_EQ(ranks.discretisation().n_dofs(),
              one_rank.discretisation().n_dofs());
    EXPECT_EQ(ranks.records().size(), one_rank.records().size());

    Agreement agreement{0.,
                        test::l2_error(one_rank, exact),
                        test::l2_error(ranks, exact)};
    for (unsigned int n = 0; n < ranks.records().size(); ++n)
      {
        const FlowRecord &a = ranks.records()[n];
        const FlowRecord &b = one_rank.records()[n];
        EXPECT_EQ(a.safe_steps, b.safe_steps);
        EXPECT_EQ(a.limited_steps, b.limited_steps);
        std::vector<double> differences{
          relative_difference(a.mass, b.mass),
          relative_difference(a.redistributed_mass, b.redistributed_mass),
          relative_difference(a.objective, b.objective),
          relative_difference(a.regularised_objective, b.regularised_objective),
          relative_difference(a.dissipation, b.dissipation),
          relative_difference(a.gibbs_relative_entropy,
                              b.gibbs_relative_entropy)};
        for (unsigned int k = 0; k < dim; ++k)
          {
            differences.push_back(relative_difference(a.mean[k], b.mean[k]));
            for (unsigned int l = 0; l < dim; ++l)
              differences.push_back(
                relative_difference(a.covariance(k, l), b.covariance(k, l)));
          }
        agreement.monitors =
          std::max(agreement.monitors,
                   *std::max_element(differences.begin(), differences.end()));
      }
    return agreement;
  }

  template <int dim>
  void
  expect_agreement(const std::string &name,
                   const std::string &text,
                   const GaussianLaw &initial,
                   const double       end_time)
  {
    const Agreement a = compare_ranks<dim>(text, initial, end_time);
    test::report(name + ": ranks",
                 dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD));
    test::report(name + ": max relative monitor difference, ranks vs 1 rank",
                 a.monitors);
    test::report(name + ": L2 error vs exact, 1 rank", a.l2_error_one_rank);
    test::report(name + ": L2 error vs exact, ranks", a.l2_error_ranks);
    const double l2_difference =
      std::abs(a.l2_error_ranks - a.l2_error_one_rank) / a.l2_error_one_rank;
    test::report(name + ": relative difference of the L2 errors",
                 l2_difference);
    EXPECT_LT(a.monitors, 1e-8);
    EXPECT_LT(l2_difference, 1e-8);
  }
} // namespace

TEST(MeshSolverMpiRanks, BanditIn2DMonitorsAgreeWithOneRank)
{
  if (dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) < 2)
    GTEST_SKIP() << "compares a run on MPI_COMM_WORLD with one on one rank: "
                    "meaningful from 2 ranks on, as solver_tests.mpi_2_ranks";
  // 32 x 32 cells of [-5, 5]^2, the exact Gaussian case of
  // test_fokker_planck.cc, to t = 0.2
  expect_agreement<2>("bandit d=2, 32^2",
                      test::bandit_p1_text(
                        "subsection Feature\n set Basis = a; a^2\nend\n") +
                        mesh_text(5, 0.2),
                      test::gaussian({0.5, -0.5}, {0.4}, 2),
                      0.2);
}

TEST(MeshSolverMpiRanks, BanditIn1DAnd3DMonitorsAgreeWithOneRank)
{
  if (dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) < 2)
    GTEST_SKIP() << "compares a run on MPI_COMM_WORLD with one on one rank: "
                    "meaningful from 2 ranks on, as solver_tests.mpi_2_ranks";
  expect_agreement<1>("P1 d=1, 256 cells",
                      test::bandit_p1_text() + mesh_text(8, 0.2),
                      test::gaussian({1.0}, {0.5}, 1),
                      0.2);
  expect_agreement<3>("bandit d=3, 8^3",
                      test::bandit_p1_text(
                        "subsection Feature\n set Basis = a; a^2; a^3\nend\n") +
                        mesh_text(3, 0.08),
                      test::gaussian({0.5, -0.5, 0.2}, {0.5}, 3),
                      0.08);
}

TEST(MeshSolverMpiRanks, GalerkinQ2In2DMonitorsAgreeWithOneRank)
{
  if (dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) < 2)
    GTEST_SKIP() << "compares a run on MPI_COMM_WORLD with one on one rank: "
                    "meaningful from 2 ranks on, as solver_tests.mpi_2_ranks";
  // the Galerkin assembly over owned cells (PETSc sends the rows of other
  // ranks) and the distributed consistent mass matrix, solved by MUMPS
  expect_agreement<2>(
    "Galerkin Q2 d=2, 16^2",
    test::bandit_p1_text("subsection Feature\n set Basis = a; a^2\nend\n") +
      mesh_text(4, 0.2) +
      "subsection Discretisation\n set Scheme = galerkin\n set Element "
      "degree = 2\nend\nsubsection Time stepping\n set Linear solver = "
      "direct\nend\n",
    test::gaussian({0.5, -0.5}, {0.4}, 2),
    0.2);
}

TEST(MeshSolverMpiRanks, SpectralElementIn2DMonitorsAgreeWithOneRank)
{
  if (dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD) < 2)
    GTEST_SKIP() << "compares a run on MPI_COMM_WORLD with one on one rank: "
                    "meaningful from 2 ranks on, as solver_tests.mpi_2_ranks";
  // the precomputed GLL terms of the owned rows (nodes on ghost cells) and
  // the positivity test and repair (reductions, ghost neighbours) on 2
  // ranks, 16^2 Q2 cells: the same repairs on both (compare_ranks)
  expect_agreement<2>(
    "spectral elements Q2 d=2, 16^2",
    test::bandit_p1_text("subsection Feature\n set Basis = a; a^2\nend\n") +
      mesh_text(4, 0.2) +
      "subsection Discretisation\n set Scheme = spectral-element\n set "
      "Element degree = 2\nend\n",
    test::gaussian({0.5, -0.5}, {0.4}, 2),
    0.2);
}

TEST(MeshSolverMpiRanks, DistributedMeshSumsGathersAndCountsLikeOneRank)
{
  ParameterDomain domain;
  domain.lower_corner       = {-1.};
  domain.upper_corner       = {1.};
  domain.global_refinements = 4;
  const MeshDiscretisation<2> mesh(domain, 1, MPI_COMM_WORLD);
  dealii::Vector<double>      ones(mesh.n_locally_relevant());
  ones                             = 1.;
  const dealii::Vector<double> all = mesh.gather(ones);
  dealii::Vector<double>       x(mesh.n_locally_relevant());
  for (unsigned int k = 0; k < x.size(); ++k)
    x[k] = mesh.support_points()[k][0] + 3. * mesh.support_points()[k][1];
  const dealii::Vector<double> back       = mesh.local_part(mesh.gather(x));
  double                       round_trip = 0.;
  for (unsigned int k = 0; k < x.size(); ++k)
    round_trip = std::max(round_trip, std::abs(back[k] - x[k]));
  test::report("ranks",
               dealii::Utilities::MPI::n_mpi_processes(MPI_COMM_WORLD));
  test::report("16^2 on [-1, 1]^2: sum of the lumped mass",
               nodal_quadrature::mass(mesh, ones));
  EXPECT_NEAR(nodal_quadrature::mass(mesh, ones), 4., 1e-13);
  EXPECT_NEAR(nodal_quadrature::boundary_layer_mass(mesh, ones),
              60. / 64.,
              1e-13);
  EXPECT_EQ(all.size(), 289u);
  EXPECT_EQ(all.l1_norm(), 289.);
  EXPECT_EQ(round_trip, 0.);
  EXPECT_EQ(mesh.n_positive_edge_weights(), 0u);
  EXPECT_NEAR(mesh.mesh_size(), std::sqrt(2.) / 8., 1e-14);
}

TEST(MeshSolverMpiRanks, GmshFileIsTheCoarseMeshOfTheDistributedMesh)
{
  // every rank reads the file into the coarse mesh that p4est refines
  const unsigned int rank =
    dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD);
  const auto file = std::filesystem::temp_directory_path() /
                    ("mfpg_test_square_" + std::to_string(rank) + ".msh");
  std::ofstream(file) << test::two_by_two_square_msh();
  ParameterDomain domain;
  domain.mesh_file          = file.string();
  domain.global_refinements = 3;
  const MeshDiscretisation<2> mesh(domain, 1, MPI_COMM_WORLD);
  dealii::Vector<double>      ones(mesh.n_locally_relevant());
  ones = 1.;
  test::report("Gmsh square refined 3 times: dofs", mesh.n_dofs());
  EXPECT_EQ(mesh.dof_handler().get_triangulation().n_global_active_cells(),
            256u);
  EXPECT_EQ(mesh.n_dofs(), 289u);
  EXPECT_NEAR(nodal_quadrature::mass(mesh, ones), 4., 1e-13);
  std::filesystem::remove(file);
}

TEST(MeshSolverMpiRanks, StateRestoresOnTheSameRanksAndOnlyThere)
{
  // the state of t = 0.1 (gathered) continued to t = 0.2 against the
  // uninterrupted run: the same numbers; a state of another number of
  // ranks is refused
  const std::string text =
    test::bandit_p1_text("subsection Feature\n set Basis = a; a^2\nend\n") +
    mesh_text(4, 0.2);
  const test::MeshFlowCase       c(text);
  const Model                    model(c.model_parameters);
  const test::GaussianDensity<2> initial(test::gaussian({0.5, -0.5}, {0.4}, 2));
  MeshFlowParameters             first_half = c.flow_parameters;
  first_half.time_stepping.end_time         = 0.1;
  FokkerPlanckSolver<2> uninterrupted(model, c.flow_parameters, MPI_COMM_WORLD);
  FokkerPlanckSolver<2> interrupted(model, first_half, MPI_COMM_WORLD);
  for (FokkerPlanckSolver<2> *solver : {&uninterrupted, &interrupted})
    {
      solver->set_initial_density(
        [&](const dealii::Point<2> &p) { return initial.value(p); });
      solver->run();
    }
  auto state = interrupted.state();
  state.history.pop_back(); // the t = 0.1 row is written again on resume
  FokkerPlanckSolver<2> resumed(model, c.flow_parameters, MPI_COMM_WORLD);
  resumed.restore(state);
  resumed.run();
  const FlowRecord &a = resumed.records().back();
  const FlowRecord &b = uninterrupted.records().back();
  test::report("resumed vs uninterrupted: |J difference|",
               std::abs(a.regularised_objective - b.regularised_objective));
  EXPECT_EQ(resumed.records().size(), uninterrupted.records().size());
  EXPECT_EQ(a.regularised_objective, b.regularised_objective);
  EXPECT_EQ(a.mean[0], b.mean[0]);
  EXPECT_EQ(a.covariance(1, 1), b.covariance(1, 1));

  state.n_ranks += 1;
  EXPECT_THROW(resumed.restore(state), std::invalid_argument);
}
