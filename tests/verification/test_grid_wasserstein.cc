// W2 between mesh densities on tensor grids in d = 2, 3 (model.md §9.8):
// the Sinkhorn divergence on the grids against the Gaussian closed forms of
// S_eps and of W2, its extrapolation to eps -> 0, the metric axioms, two
// different grids, and the exact OT of the nodal measures on a coarse grid.

#include <deal.II/numerics/vector_tools.h>

#include <gtest/gtest.h>

#include "meshes/parameter_domain.h"
#include "solver/mesh_discretisation.h"
#include "tests/cases.h"
#include "tests/solver/mesh_cases.h"
#include "tests/verification/tensor_grid_cases.h"
#include "verification/gaussian_wasserstein.h"
#include "verification/grid_network_simplex.h"
#include "verification/grid_sinkhorn_divergence.h"
#include "verification/tensor_grid_measure.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace mfpg::test
{
  namespace
  {
    /** The two 2-D Gaussians: different means, non-diagonal covariances. */
    const GaussianLaw gaussian_a_2d =
      gaussian({-0.5, 0.3}, {0.4, 0.12, 0.12, 0.24}, 2);
    const GaussianLaw gaussian_b_2d =
      gaussian({0.4, -0.2}, {0.2, -0.08, -0.08, 0.36}, 2);

    /** Seconds since @p start. */
    double
    seconds_since(const std::chrono::steady_clock::time_point start)
    {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() -
                                           start)
        .count();
    }
  } // namespace

  TEST(GridSinkhornDivergence, MatchesTheGaussianClosedFormAtFixedEps)
  {
    // Two Gaussians on 64^2 cells of [-5, 5]^2 (h = 0.156) at eps = 2 h^2,
    // 4 h^2, 8 h^2. The grid sums are trapezoidal rules of functions smooth
    // on the scale sqrt(eps / 2): aliasing error 2 exp(-pi^2 eps / h^2) <=
    // 6e-9; the box cuts the laws at >= 5.3 standard deviations (mass
    // outside < 1e-6, moving W2^2 by less than that times c_max ~ 1e-4 at
    // worst, much less in fact as it sits in the far tails); the stopping
    // rule (1e-10 per iteration) adds ~1e-9. Tolerance 1e-5 absolute on
    // S_eps ~ 1.35 (7e-6 relative), which every term above respects.
    const MeshDiscretisation<2> mesh(grid_box(-5., 5., 64), 1);
    const TensorGridMeasure<2>  a =
      tensor_grid_measure(mesh, nodal_density(mesh, gaussian_a_2d));
    const TensorGridMeasure<2> b =
      tensor_grid_measure(mesh, nodal_density(mesh, gaussian_b_2d));
    const double                  h = a.spacing();
    const std::vector<double>     epsilons{8. * h * h, 4. * h * h, 2. * h * h};
    const GridSinkhornDivergences s = grid_sinkhorn_divergences(a, b, epsilons);
    const double        W = gaussian_wasserstein(gaussian_a_2d, gaussian_b_2d);
    std::vector<double> bias;
    for (std::size_t j = 0; j < epsilons.size(); ++j)
      {
        const double exact = gaussian_sinkhorn_divergence(gaussian_a_2d,
                                                          gaussian_b_2d,
                                                          epsilons[j]);
        report("2-D eps = " + std::to_string(epsilons[j]) +
                 ": S_eps(grid) - S_eps(closed form)",
               s.divergences[j] - exact);
        EXPECT_NEAR(s.divergences[j], exact, 1e-5);
        bias.push_back(s.divergences[j] - W * W);
      }
    // The bias S_eps - W2^2 is O(eps^2): halving eps divides it by 4. For
    // these laws the closed form gives ratios 3.9 and 3.97 at these eps (the
    // eps^4 term); the observed order log2(ratio) lies in [1.9, 2.1].
    for (std::size_t j = 0; j + 1 < bias.size(); ++j)
      {
        const double order = std::log2(bias[j] / bias[j + 1]);
        report("observed order of S_eps - W2^2", order);
        EXPECT_NEAR(order, 2., 0.1);
      }
  }

  TEST(GridSinkhornWasserstein, TwoGaussiansIn2dMatchTheClosedForm)
  {
    // eps_min = 2 h^2 on 64^2 cells of [-5, 5]^2: the extrapolation leaves
    // an O(eps^4) remainder, about 2e-7 in W2^2 by the closed form's
    // expansion, plus the 1e-6 of the box and aliasing (previous test). The
    // target is a relative error below 1 %; the method's own error estimate
    // must cover the actual error (with 1e-6 for what it does not include),
    // and that error must be below 1e-4 relative.
    const MeshDiscretisation<2> mesh(grid_box(-5., 5., 64), 1);
    const auto                  start = std::chrono::steady_clock::now();
    const GridWasserstein       result =
      grid_sinkhorn_wasserstein(mesh,
                                nodal_density(mesh, gaussian_a_2d),
                                mesh,
                                nodal_density(mesh, gaussian_b_2d));
    const double time = seconds_since(start);
    const double W    = gaussian_wasserstein(gaussian_a_2d, gaussian_b_2d);
    report("2-D 65^2 nodes: W2 closed form", W);
    report("2-D 65^2 nodes: relative error", (result.distance - W) / W);
    report("2-D 65^2 nodes: error estimate / W2", result.error_estimate / W);
    report("2-D 65^2 nodes: iterations", result.n_iterations);
    report("2-D 65^2 nodes: seconds", time);
    EXPECT_LE(std::abs(result.distance - W), result.error_estimate + 1e-6);
    EXPECT_LE(std::abs(result.distance - W), 1e-4 * W);
    EXPECT_EQ(result.epsilons.size(), 3u);
  }

  TEST(GridSinkhornWasserstein, TwoGaussiansIn3dMatchTheClosedForm)
  {
    // 24^3 cells of [-3, 3]^3 (h = 0.25, eps = 0.5, 0.25, 0.125): the
    // laws have standard deviations <= 0.55, the box cuts them at >= 5
    // standard deviations (mass outside < 1e-5); the extrapolation's
    // remainder, by the closed form's expansion, is ~1e-4 relative in W2.
    // Asserted: the error estimate covers the actual error (with 1e-5 for
    // the box), and the error is below the 1 % target.
    const GaussianLaw a =
      gaussian({0., 0., 0.}, {0.3, 0.1, 0., 0.1, 0.25, 0.05, 0., 0.05, 0.2}, 3);
    const GaussianLaw b =
      gaussian({0.3, -0.2, 0.1},
               {0.2, -0.05, 0.02, -0.05, 0.3, 0., 0.02, 0., 0.15},
               3);
    const MeshDiscretisation<3> mesh(grid_box(-3., 3., 24), 1);
    const auto                  start  = std::chrono::steady_clock::now();
    const GridWasserstein       result = grid_sinkhorn_wasserstein(
      mesh, nodal_density(mesh, a), mesh, nodal_density(mesh, b));
    const double time = seconds_since(start);
    const double W    = gaussian_wasserstein(a, b);
    report("3-D 25^3 nodes: W2 closed form", W);
    report("3-D 25^3 nodes: relative error", (result.distance - W) / W);
    report("3-D 25^3 nodes: error estimate / W2", result.error_estimate / W);
    report("3-D 25^3 nodes: iterations", result.n_iterations);
    report("3-D 25^3 nodes: seconds", time);
    EXPECT_LE(std::abs(result.distance - W), result.error_estimate + 1e-5);
    EXPECT_LE(std::abs(result.distance - W), 1e-2 * W);
  }

  TEST(GridSinkhornWasserstein, WorksBetweenTwoDifferentGrids)
  {
    // a on 48^2 cells of [-5, 5]^2 (h = 0.208), b on 40^2 cells of
    // [-4.5, 5.5]^2 (h = 0.25): no node in common but the corner. The
    // method uses the larger h (eps_min = 0.125); remainder as in the 2-D
    // test, scaled by (0.25 / 0.156)^8 ~ 40 for the eps^4 term: ~1e-5
    // relative. Asserted: the estimate covers the error, error < 1e-3.
    const MeshDiscretisation<2> mesh_a(grid_box(-5., 5., 48), 1);
    const MeshDiscretisation<2> mesh_b(grid_box(-4.5, 5.5, 40), 1);
    const GridWasserstein       result =
      grid_sinkhorn_wasserstein(mesh_a,
                                nodal_density(mesh_a, gaussian_a_2d),
                                mesh_b,
                                nodal_density(mesh_b, gaussian_b_2d));
    const double W = gaussian_wasserstein(gaussian_a_2d, gaussian_b_2d);
    report("two grids: relative error", (result.distance - W) / W);
    EXPECT_LE(std::abs(result.distance - W), result.error_estimate + 1e-6);
    EXPECT_LE(std::abs(result.distance - W), 1e-3 * W);
  }

  TEST(GridSinkhornWasserstein, IsZeroForIdenticalDensitiesAndSymmetric)
  {
    // S_eps(a, a) = OT_eps(a, a) - OT_eps(a, a): both computed by different
    // iterations (alternating and averaged), each stopped when its value
    // moves by <= 1e-10; their difference is a few 1e-10, so W2 = sqrt(max(
    // S, 0)) is at most ~ sqrt(1e-9) = 3e-5 (the square root is the stated
    // bias at zero). Symmetry: (a, b) and (b, a) run different iterations to
    // the same fixed points, W2^2 agreeing to a few 1e-10: W2 to 1e-9.
    const MeshDiscretisation<2>  mesh(grid_box(-5., 5., 32), 1);
    const dealii::Vector<double> a = nodal_density(mesh, gaussian_a_2d);
    const dealii::Vector<double> b = nodal_density(mesh, gaussian_b_2d);
    const GridWasserstein zero = grid_sinkhorn_wasserstein(mesh, a, mesh, a);
    report("W2(a, a)", zero.distance);
    EXPECT_LE(zero.distance, 3e-5);
    const double ab = grid_sinkhorn_wasserstein(mesh, a, mesh, b).distance;
    const double ba = grid_sinkhorn_wasserstein(mesh, b, mesh, a).distance;
    report("W2(a, b) - W2(b, a)", ab - ba);
    EXPECT_NEAR(ab, ba, 1e-9);
  }

  TEST(GridSinkhornWasserstein, SatisfiesTheTriangleInequality)
  {
    // a, b = a translated by v, c = b translated by v with another
    // covariance: W2(a, c) is close to W2(a, b) + W2(b, c) (equal for c a
    // translate of b), the sharpest case. The inequality must hold up to
    // the three error estimates.
    const GaussianLaw a = gaussian({-0.8, -0.4}, {0.3, 0.1, 0.1, 0.2}, 2);
    const GaussianLaw b = gaussian({0., 0.}, {0.3, 0.1, 0.1, 0.2}, 2);
    const GaussianLaw c = gaussian({0.8, 0.4}, {0.25, -0.05, -0.05, 0.3}, 2);
    const MeshDiscretisation<2>  mesh(grid_box(-4., 4., 48), 1);
    const dealii::Vector<double> na = nodal_density(mesh, a),
                                 nb = nodal_density(mesh, b),
                                 nc = nodal_density(mesh, c);
    const GridWasserstein ab = grid_sinkhorn_wasserstein(mesh, na, mesh, nb);
    const GridWasserstein bc = grid_sinkhorn_wasserstein(mesh, nb, mesh, nc);
    const GridWasserstein ac = grid_sinkhorn_wasserstein(mesh, na, mesh, nc);
    report("W2(a, b) + W2(b, c) - W2(a, c)",
           ab.distance + bc.distance - ac.distance);
    EXPECT_LE(ac.distance,
              ab.distance + bc.distance + ab.error_estimate +
                bc.error_estimate + ac.error_estimate);
    // and W2(a, b) is the translation's |v| (the debiased divergence is
    // exact for translations up to the grid's aliasing, ~1e-8 here)
    EXPECT_NEAR(ab.distance, std::sqrt(0.8 * 0.8 + 0.4 * 0.4), 1e-6);
  }

  TEST(GridNetworkSimplexWasserstein, AgreesWithTheGridSinkhornAndTheClosedForm)
  {
    // On 16^2 cells of [-4, 4]^2 (h = 0.5) the exact OT of the nodal
    // measures is W2^2 plus an offset in [0, d (2h)^2 / 12]; the returned
    // bracket must contain the closed form and the Sinkhorn estimate on a
    // 64^2 grid of the same box (whose own error estimate is added).
    const MeshDiscretisation<2> coarse(grid_box(-4., 4., 16), 1);
    const MeshDiscretisation<2> fine(grid_box(-4., 4., 64), 1);
    const GridWasserstein       exact =
      grid_network_simplex_wasserstein(coarse,
                                       nodal_density(coarse, gaussian_a_2d),
                                       coarse,
                                       nodal_density(coarse, gaussian_b_2d));
    const GridWasserstein sinkhorn =
      grid_sinkhorn_wasserstein(fine,
                                nodal_density(fine, gaussian_a_2d),
                                fine,
                                nodal_density(fine, gaussian_b_2d));
    const double W = gaussian_wasserstein(gaussian_a_2d, gaussian_b_2d);
    report("network simplex 17^2: (distance - W2) / W2",
           (exact.distance - W) / W);
    report("network simplex 17^2: bracket half-width / W2",
           exact.error_estimate / W);
    EXPECT_LE(std::abs(exact.distance - W), exact.error_estimate);
    EXPECT_LE(std::abs(exact.distance - sinkhorn.distance),
              exact.error_estimate + sinkhorn.error_estimate);
    // Identical densities: atomic distance 0, so the bracket is [0,
    // sqrt(r)] with r <= ((N + M) / 2 + 1) 2^-40 c_max the network simplex's
    // rounding bound (model.md §9.3; N = M = 289, c_max = 2 * 8^2), and the
    // midpoint at most sqrt(r) / 2 ~ 9e-5.
    const dealii::Vector<double> a = nodal_density(coarse, gaussian_a_2d);
    const GridWasserstein        zero =
      grid_network_simplex_wasserstein(coarse, a, coarse, a);
    const double rounding = (289. + 1.) * std::ldexp(1., -40) * 128.;
    report("network simplex, identical densities: distance", zero.distance);
    EXPECT_LE(zero.distance, std::sqrt(rounding) / 2.);
  }

  TEST(TensorGridMeasure, RefusesWhatIsNotAUniformTensorGrid)
  {
    // An L-shaped Gmsh mesh: 8 nodes on 3 x 3 grid lines
    const auto directory =
      std::filesystem::temp_directory_path() / "mfpg_test_grid_wasserstein";
    std::filesystem::create_directories(directory);
    const std::string file = (directory / "l_shape.msh").string();
    std::ofstream(file) << R"($MeshFormat
2.2 0 8
$EndMeshFormat
$Nodes
8
1 0 0 0
2 1 0 0
3 2 0 0
4 0 1 0
5 1 1 0
6 2 1 0
7 0 2 0
8 1 2 0
$EndNodes
$Elements
3
1 3 2 0 1 1 2 5 4
2 3 2 0 1 2 3 6 5
3 3 2 0 1 4 5 8 7
$EndElements
)";
    ParameterDomain l_shape;
    l_shape.mesh_file          = file;
    l_shape.global_refinements = 0;
    const MeshDiscretisation<2>  mesh(l_shape, 1);
    const dealii::Vector<double> nu(mesh.n_dofs());
    dealii::Vector<double>       one(mesh.n_dofs());
    one = 1.;
    try
      {
        tensor_grid_measure(mesh, one);
        ADD_FAILURE() << "an L-shaped mesh was accepted";
      }
    catch (const std::invalid_argument &e)
      {
        EXPECT_NE(std::string(e.what()).find("not a uniform tensor grid"),
                  std::string::npos)
          << e.what();
      }
    std::filesystem::remove_all(directory);

    // Q3: Gauss-Lobatto nodes, not equally spaced (Q2 is read as its
    // sub-cell law, test_sub_cell_law.cc)
    const MeshDiscretisation<2> q3(grid_box(-1., 1., 4), 3);
    dealii::Vector<double>      ones(q3.n_dofs());
    ones = 1.;
    EXPECT_THROW(tensor_grid_measure(q3, ones), std::invalid_argument);
  }
} // namespace mfpg::test
