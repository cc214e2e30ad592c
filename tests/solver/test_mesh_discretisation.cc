// The parameter-space mesh (meshes/) and the discretisation built on it:
// boxes and Gmsh input, lumped mass, M-matrix edge weights, output files.

#include <gtest/gtest.h>

#include "tests/solver/mesh_cases.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

using namespace mfpg;

namespace
{
  /** A fresh, empty directory under the system's temporary directory. */
  std::filesystem::path
  scratch_directory(const std::string &name)
  {
    const auto path =
      std::filesystem::temp_directory_path() / ("mfpg_test_" + name);
    std::filesystem::remove_all(path);
    return path;
  }
} // namespace

TEST(MeshDiscretisation, LumpedMassSumsToTheVolumeAndEdgeWeightsAreNonPositive)
{
  const MeshDiscretisation<1> d1(test::box({-2.}, {3.}, 4), 1);
  const MeshDiscretisation<2> d2(test::box({-1.}, {1.}, 3), 1);
  const MeshDiscretisation<3> d3(test::box({0.}, {2.}, 2), 1);
  EXPECT_NEAR(d1.lumped_mass().l1_norm(), 5., 1e-13);
  EXPECT_NEAR(d2.lumped_mass().l1_norm(), 4., 1e-13);
  EXPECT_NEAR(d3.lumped_mass().l1_norm(), 8., 1e-13);
  EXPECT_EQ(d1.n_positive_edge_weights(), 0u);
  EXPECT_EQ(d2.n_positive_edge_weights(), 0u);
  EXPECT_EQ(d3.n_positive_edge_weights(), 0u);
  // the outermost layer of an 8 x 8 mesh of [-1, 1]^2: 28 cells of area 1/16
  EXPECT_NEAR(d2.boundary_layer_weights().l1_norm(), 28. / 16., 1e-13);
  test::report("Q1 on [-2, 3] with 16 cells: h", d1.mesh_size());
  EXPECT_NEAR(d1.mesh_size(), 5. / 16., 1e-14);
}

TEST(MeshDiscretisation, Q2LumpedMassIsPositiveAndExact)
{
  const MeshDiscretisation<2> d(test::box({-1.}, {1.}, 2), 2);
  EXPECT_EQ(d.n_dofs(), 81u);
  EXPECT_NEAR(d.lumped_mass().l1_norm(), 4., 1e-13);
  for (const double m : d.lumped_mass())
    EXPECT_GT(m, 0.);
  // Simpson's rule integrates theta_1^2 theta_2^2 exactly: (2/3)^2
  double integral = 0.;
  for (unsigned int i = 0; i < d.n_dofs(); ++i)
    integral += d.lumped_mass()[i] * std::pow(d.support_points()[i][0], 2) *
                std::pow(d.support_points()[i][1], 2);
  EXPECT_NEAR(integral, 4. / 9., 1e-13);
}

// Q3 and Q4 (FE_Q: nodes at the Gauss–Lobatto points of each cell): the
// lumped masses m_i = ∫ phi_i of one cell [0, 1] are the Gauss–Lobatto
// weights, (1, 5, 5, 1) / 12 and (9, 49, 64, 49, 9) / 180 (half the weights
// on [-1, 1]: 1/6, 5/6 and 1/10, 49/90, 32/45), all positive; the nodal
// quadrature is then exact for theta^(2p-1) (∫_0^1 = 1 / 2p) and, on 2 x 2
// cells of [-1, 1]^2, for theta_1^(2p-2) theta_2^2
TEST(MeshDiscretisation, Q3AndQ4LumpedMassesAreTheGaussLobattoWeights)
{
  const std::map<unsigned int, std::vector<double>> weights = {
    {3, {1. / 12., 5. / 12., 5. / 12., 1. / 12.}},
    {4, {9. / 180., 49. / 180., 64. / 180., 49. / 180., 9. / 180.}}};
  for (const auto &[p, w] : weights)
    {
      const MeshDiscretisation<1> d(test::box({0.}, {1.}, 0), p);
      ASSERT_EQ(d.n_dofs(), p + 1);
      std::vector<std::pair<double, double>> nodes; // (theta_i, m_i)
      for (unsigned int i = 0; i < d.n_dofs(); ++i)
        nodes.emplace_back(d.support_points()[i][0], d.lumped_mass()[i]);
      std::sort(nodes.begin(), nodes.end());
      double moment = 0.;
      for (unsigned int i = 0; i <= p; ++i)
        {
          EXPECT_NEAR(nodes[i].second, w[i], 1e-14) << "Q" << p << " " << i;
          moment += nodes[i].second * std::pow(nodes[i].first, 2 * p - 1);
        }
      EXPECT_NEAR(moment, 1. / (2. * p), 1e-14) << "Q" << p;

      const MeshDiscretisation<2> square(test::box({-1.}, {1.}, 1), p);
      double                      integral = 0.;
      for (unsigned int i = 0; i < square.n_dofs(); ++i)
        {
          EXPECT_GT(square.lumped_mass()[i], 0.);
          integral += square.lumped_mass()[i] *
                      std::pow(square.support_points()[i][0], 2 * p - 2) *
                      std::pow(square.support_points()[i][1], 2);
        }
      // ∫ theta_1^(2p-2) = 2 / (2p - 1), ∫ theta_2^2 = 2 / 3
      EXPECT_NEAR(integral, 2. / (2. * p - 1.) * 2. / 3., 1e-13) << "Q" << p;
    }
}

// A Q3 density (galerkin) on 8 cells: the VTU subdivides each cell 3 times,
// so that ParaView draws the cubic, 24 line cells through the 25 nodes (the
// cells' end points repeated: 8 x 4 = 32 points)
TEST(FokkerPlanckSolver, WritesAQ3DensityWithOneVtuCellPerNodeInterval)
{
  const auto               directory = scratch_directory("q3_output");
  const test::MeshFlowCase c(test::bandit_p1_text() + R"(
subsection Mesh
  set Lower corner = -6
  set Upper corner = 6
  set Global refinements = 3
end
subsection Discretisation
  set Scheme = galerkin
  set Element degree = 3
end
subsection Time stepping
  set Time step = 0.1
  set End time = 0.1
end
subsection Output
  set Interval = 0.1
  set Directory = )" + directory.string() +
                             "\nend\n");
  const Model              model(c.model_parameters);
  FokkerPlanckSolver<1>    solver(model, c.flow_parameters);
  solver.set_initial_density(
    [](const dealii::Point<1> &p) { return std::exp(-p[0] * p[0]); });
  solver.run();
  EXPECT_EQ(solver.discretisation().n_dofs(), 25u);
  std::ifstream     vtu(directory / "density_0001.0.vtu");
  std::stringstream text;
  text << vtu.rdbuf();
  EXPECT_NE(text.str().find("NumberOfPoints=\"32\" NumberOfCells=\"24\""),
            std::string::npos);
}

TEST(ParameterDomain, ReadsAGmshFileAndRefinesIt)
{
  const auto directory = scratch_directory("gmsh");
  std::filesystem::create_directories(directory);
  const std::string file = (directory / "square.msh").string();
  std::ofstream(file) << test::two_by_two_square_msh();
  ParameterDomain domain;
  domain.mesh_file          = file;
  domain.global_refinements = 2;
  const MeshDiscretisation<2> d(domain, 1);
  EXPECT_EQ(d.dof_handler().get_triangulation().n_active_cells(), 64u);
  EXPECT_EQ(d.n_dofs(), 81u);
  EXPECT_NEAR(d.lumped_mass().l1_norm(), 4., 1e-13);
  std::filesystem::remove_all(directory);
}

TEST(ParameterDomain, BadMeshParametersNameTheEntry)
{
  const auto message = [](const ParameterDomain &domain) {
    return test::parameter_error_message(
      [&]() { MeshDiscretisation<2> d(domain, 1); });
  };
  ParameterDomain wrong_length = test::box({-1., 0., 1.}, {1.}, 1);
  EXPECT_NE(message(wrong_length).find("Mesh/Lower corner"), std::string::npos);
  ParameterDomain empty = test::box({1.}, {1.}, 1);
  EXPECT_NE(message(empty).find("Mesh/Upper corner"), std::string::npos);
  ParameterDomain missing;
  missing.mesh_file = "/nonexistent/mesh.msh";
  EXPECT_NE(message(missing).find("Mesh/Mesh file"), std::string::npos);
}

TEST(FokkerPlanckSolver, WritesCsvVtuAndAParaViewSeries)
{
  const auto               directory = scratch_directory("output");
  const test::MeshFlowCase c(test::bandit_p1_text() + R"(
subsection Mesh
  set Lower corner = -6
  set Upper corner = 6
  set Global refinements = 5
end
subsection Time stepping
  set Time step = 0.1
  set End time = 1
end
subsection Output
  set Interval = 0.25
  set Directory = )" + directory.string() +
                             "\nend\n");
  const Model              model(c.model_parameters);
  FokkerPlanckSolver<1>    solver(model, c.flow_parameters);
  solver.set_initial_density(
    [](const dealii::Point<1> &p) { return std::exp(-p[0] * p[0]); });
  EXPECT_THROW(FokkerPlanckSolver<1>(model, c.flow_parameters).run(),
               std::logic_error);
  // 0.25 is not a whole number of steps of 0.1
  EXPECT_THROW(solver.run(), ParameterError);

  MeshFlowParameters parameters = c.flow_parameters;
  parameters.output.interval    = 0.2;
  FokkerPlanckSolver<1> good(model, parameters);
  good.set_initial_density(
    [](const dealii::Point<1> &p) { return std::exp(-p[0] * p[0]); });
  good.run();
  ASSERT_EQ(good.records().size(), 6u);

  std::ifstream csv(directory / "monitors.csv");
  std::string   line;
  unsigned int  n_lines = 0;
  while (std::getline(csv, line))
    ++n_lines;
  EXPECT_EQ(n_lines, 7u);
  EXPECT_FALSE(std::filesystem::exists(directory / "monitors.csv.partial"));
  std::ifstream     pvd(directory / "density.pvd");
  std::stringstream pvd_text;
  pvd_text << pvd.rdbuf();
  for (unsigned int n = 0; n < 6; ++n)
    {
      const std::string name =
        "density_" + dealii::Utilities::int_to_string(n, 4) + ".pvtu";
      EXPECT_NE(pvd_text.str().find(name), std::string::npos) << name;
      EXPECT_TRUE(std::filesystem::exists(directory / name)) << name;
    }
  std::filesystem::remove_all(directory);
}

TEST(FokkerPlanckSolver, StopsWhenTheBoxIsTooSmallIfAskedTo)
{
  // N(1, 0.5) on [-2, 2]: about 1e-2 of the mass lies in the outer cells
  const test::MeshFlowCase       c(test::bandit_p1_text() + R"(
subsection Mesh
  set Lower corner = -2
  set Upper corner = 2
  set Global refinements = 4
end
subsection Time stepping
  set Time step = 0.1
  set End time = 0.2
end
subsection Output
  set Interval = 0.1
  set Boundary mass tolerance = 1e-6
  set Stop on boundary mass = true
end
)");
  const Model                    model(c.model_parameters);
  FokkerPlanckSolver<1>          solver(model, c.flow_parameters);
  const test::GaussianDensity<1> initial(test::gaussian({1.0}, {0.5}, 1));
  solver.set_initial_density(
    [&](const dealii::Point<1> &p) { return initial.value(p); });
  try
    {
      solver.run();
      FAIL() << "the run should stop on the boundary-layer mass";
    }
  catch (const std::runtime_error &e)
    {
      EXPECT_NE(std::string(e.what()).find("Boundary mass tolerance"),
                std::string::npos)
        << e.what();
    }
  ASSERT_EQ(solver.records().size(), 0u);
}
