// The cloud-in-cell deposit of a particle cloud on a tensor grid and W2
// from it by the grid Sinkhorn (model.md §9.9): the deposit against the hat
// functions and its spread s against the coupling's cost, both computed
// here from their definitions; W2 between translated deposits; the bound
// |W2_grid - W2| <= s_a + s_b + e + 2 h sqrt(d / 6) against exact OT; and
// the null test's equality in law of W2 and its floor.

#include <gtest/gtest.h>

#include "tests/verification/tensor_grid_cases.h"
#include "verification/cloud_grid_deposit.h"
#include "verification/grid_sinkhorn_divergence.h"
#include "verification/mesh_density_sample.h"
#include "verification/replica_statistics.h"
#include "verification/wasserstein_network_simplex.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

namespace mfpg::test
{
  namespace
  {
    /** Axis k: 4 + k equally spaced nodes on [-1, 1 + k / 2]. */
    template <int dim>
    std::array<std::vector<double>, dim>
    uneven_axes()
    {
      std::array<std::vector<double>, dim> axes;
      for (unsigned int k = 0; k < dim; ++k)
        {
          const unsigned int n  = 4 + k;
          const double       hi = 1. + k / 2.;
          for (unsigned int j = 0; j < n; ++j)
            axes[k].push_back(-1. + j * (hi + 1.) / (n - 1));
        }
      return axes;
    }

    /** @p n_nodes equally spaced nodes on [lo, hi] on each axis. */
    template <int dim>
    std::array<std::vector<double>, dim>
    cube_axes(const double lo, const double hi, const unsigned int n_nodes)
    {
      std::array<std::vector<double>, dim> axes;
      for (std::vector<double> &axis : axes)
        for (unsigned int j = 0; j < n_nodes; ++j)
          axis.push_back(lo + j * (hi - lo) / (n_nodes - 1));
      return axes;
    }

    /** @p n points uniform on [lo, hi]^dim with weights ∝ 1, 2, ..., n. */
    template <int dim>
    WeightedPoints
    uniform_cloud(const unsigned int n,
                  const double       lo,
                  const double       hi,
                  const unsigned int seed)
    {
      std::mt19937_64                        random(seed);
      std::uniform_real_distribution<double> u(lo, hi);
      std::vector<double>                    x, w;
      for (unsigned int i = 0; i < n; ++i)
        {
          for (unsigned int k = 0; k < dim; ++k)
            x.push_back(u(random));
          w.push_back(2. * (i + 1.) / (n * (n + 1.)));
        }
      return WeightedPoints(dim, x, w);
    }

    /** N(mean, sd^2 I) samples, equal weights. */
    template <int dim>
    WeightedPoints
    gaussian_cloud(const unsigned int         n,
                   const std::vector<double> &mean,
                   const std::vector<double> &sd,
                   const unsigned int         seed)
    {
      std::mt19937_64                  random(seed);
      std::normal_distribution<double> z;
      std::vector<double>              x;
      for (unsigned int i = 0; i < n; ++i)
        for (unsigned int k = 0; k < dim; ++k)
          x.push_back(mean[k] + sd[k] * z(random));
      return WeightedPoints(dim, x);
    }

    /** The node of index @p index (row-major, axis 0 slowest). */
    template <int dim>
    std::array<double, dim>
    node(const std::array<std::vector<double>, dim> &axes, std::size_t index)
    {
      std::array<double, dim> y;
      for (int k = dim - 1; k >= 0; --k)
        {
          y[k] = axes[k][index % axes[k].size()];
          index /= axes[k].size();
        }
      return y;
    }

    /**
     * The share of node @p y in the deposit of @p x: the tensor hat
     * function prod_k max(0, 1 - |x'_k - y_k| / h_k) at the clamped x'.
     */
    template <int dim>
    double
    hat(const std::array<std::vector<double>, dim> &axes,
        const std::array<double, dim>              &y,
        const dealii::ArrayView<const double>      &x)
    {
      double value = 1.;
      for (unsigned int k = 0; k < dim; ++k)
        {
          const double h = axes[k][1] - axes[k][0];
          const double c = std::clamp(x[k], axes[k].front(), axes[k].back());
          value *= std::max(0., 1. - std::abs(c - y[k]) / h);
        }
      return value;
    }

    /** The cloud moved by @p v. */
    WeightedPoints
    translated(const WeightedPoints &cloud, const std::vector<double> &v)
    {
      std::vector<double> x = cloud.coordinates();
      for (std::size_t i = 0; i < x.size(); ++i)
        x[i] += v[i % v.size()];
      return WeightedPoints(cloud.dimension(), x, cloud.weights());
    }

    template <int dim>
    void
    check_deposit_against_its_definition()
    {
      // 40 points with unequal weights on a box larger than the grid's, so
      // some are clamped
      const auto                  axes  = uneven_axes<dim>();
      const WeightedPoints        cloud = uniform_cloud<dim>(40, -1.6, 2.4, 7);
      const CloudGridDeposit<dim> deposit =
        cloud_grid_deposit<dim>(cloud, axes);
      // each weight and the coupling's cost sum_i w_i sum_y share |x_i -
      // y|^2 from the definition; rounding of sums of <= 40 products of
      // d + 1 numbers of size <= 10: 1e-14 absolute
      double mass = 0., squared_spread = 0.;
      for (std::size_t j = 0; j < deposit.measure.weights.size(); ++j)
        {
          const std::array<double, dim> y        = node<dim>(axes, j);
          double                        expected = 0.;
          for (unsigned int i = 0; i < cloud.n_points(); ++i)
            {
              const double share =
                cloud.weight(i) * hat<dim>(axes, y, cloud.point(i));
              expected += share;
              for (unsigned int k = 0; k < dim; ++k)
                squared_spread += share * std::pow(cloud.point(i)[k] - y[k], 2);
            }
          EXPECT_NEAR(deposit.measure.weights[j], expected, 1e-14) << j;
          mass += deposit.measure.weights[j];
        }
      EXPECT_NEAR(mass, 1., 1e-14);
      EXPECT_NEAR(deposit.spread * deposit.spread, squared_spread, 1e-13);
      EXPECT_GT(deposit.spread, 0.);

      // inside the box the mean is kept (the hats reproduce linear
      // functions); rounding 1e-14
      const WeightedPoints        inside = uniform_cloud<dim>(40, -1., 1., 8);
      const CloudGridDeposit<dim> kept = cloud_grid_deposit<dim>(inside, axes);
      for (unsigned int k = 0; k < dim; ++k)
        {
          double mean_cloud = 0., mean_deposit = 0.;
          for (unsigned int i = 0; i < inside.n_points(); ++i)
            mean_cloud += inside.weight(i) * inside.point(i)[k];
          for (std::size_t j = 0; j < kept.measure.weights.size(); ++j)
            mean_deposit += kept.measure.weights[j] * node<dim>(axes, j)[k];
          EXPECT_NEAR(mean_deposit, mean_cloud, 1e-14) << k;
        }

      // points on nodes stay there: zero spread, exactly
      std::vector<double> on_nodes;
      for (const std::size_t j : {std::size_t(0), std::size_t(5)})
        for (const double y : node<dim>(axes, j))
          on_nodes.push_back(y);
      const CloudGridDeposit<dim> still =
        cloud_grid_deposit<dim>(WeightedPoints(dim, on_nodes), axes);
      EXPECT_EQ(still.spread, 0.);
      EXPECT_EQ(still.measure.weights[0], 0.5);
      EXPECT_EQ(still.measure.weights[5], 0.5);
    }
  } // namespace

  TEST(CloudGridDeposit, IsTheHatWeightsWithTheCouplingCostAsSpread2d)
  {
    check_deposit_against_its_definition<2>();
  }

  TEST(CloudGridDeposit, IsTheHatWeightsWithTheCouplingCostAsSpread3d)
  {
    check_deposit_against_its_definition<3>();
  }

  TEST(CloudGridDeposit, RefusesAGridWithoutCells)
  {
    std::array<std::vector<double>, 2> axes = cube_axes<2>(-1., 1., 3);
    axes[1]                                 = {0.};
    EXPECT_THROW(cloud_grid_deposit<2>(WeightedPoints(2, {0., 0.}), axes),
                 std::invalid_argument);
    EXPECT_THROW(cloud_grid_deposit<3>(WeightedPoints(2, {0., 0.}),
                                       cube_axes<3>(-1., 1., 3)),
                 std::invalid_argument);
  }

  TEST(CloudGridDeposit, TranslatedDepositsAreAtTheTranslationDistance)
  {
    // A cloud and its translate by v = (2 h, -3 h), a multiple of the
    // spacing h = 0.125 of 33^2 nodes on [-2, 2]^2, both inside the box:
    // the deposits are translates by v, and for any coupling of a measure
    // with its translate the cost is the untranslated one + |v|^2 (the
    // cross term is v . (mean - mean) = 0), so S_eps = |v|^2 for every eps
    // and W2 = |v| exactly. What is left: the stopping rule (dual value
    // still by 1e-10 per iteration) and rounding; 1e-6 on W2 = 0.45.
    const double              h    = 0.125;
    const std::vector<double> v    = {2. * h, -3. * h};
    const auto                axes = cube_axes<2>(-2., 2., 33);
    const WeightedPoints      cloud =
      gaussian_cloud<2>(200, {-0.2, 0.3}, {0.3, 0.25}, 3);
    const CloudGridDeposit<2> a = cloud_grid_deposit<2>(cloud, axes);
    const CloudGridDeposit<2> b =
      cloud_grid_deposit<2>(translated(cloud, v), axes);
    EXPECT_NEAR(a.spread, b.spread, 1e-12); // the same offsets in the cells
    const GridWasserstein w2 = grid_sinkhorn_wasserstein(a.measure, b.measure);
    EXPECT_NEAR(w2.distance, std::hypot(v[0], v[1]), w2.error_estimate + 1e-6);
  }

  TEST(CloudGridDeposit, W2OfTheDepositsIsWithinItsBoundOfExactTransport)
  {
    // Two clouds of 300 points (N(m_a, diag(0.35^2)), N(m_b, diag(0.45^2,
    // 0.3^2))) on 33^2 nodes of [-2, 2]^2 (h = 0.125), W2 between the
    // clouds by exact OT (network simplex, 9e4 pairs). By the triangle
    // inequality |W2_grid - W2| <= s_a + s_b + |W2_grid - W2(deposits)|;
    // the last is the extrapolation error e plus what the grid Sinkhorn
    // does not see below its scale sqrt(eps_min) ~ h: as W2 between the
    // deposits each convolved with the Q1 hat (variance h^2 / 6 per axis),
    // at most 2 h sqrt(d / 6) from W2 of the deposits. Bound: s_a + s_b +
    // e + 2 h sqrt(d / 6).
    const double         h    = 0.125;
    const auto           axes = cube_axes<2>(-2., 2., 33);
    const WeightedPoints x =
      gaussian_cloud<2>(300, {-0.3, 0.2}, {0.35, 0.35}, 11);
    const WeightedPoints y =
      gaussian_cloud<2>(300, {0.3, -0.1}, {0.45, 0.3}, 12);
    const CloudGridDeposit<2> a = cloud_grid_deposit<2>(x, axes);
    const CloudGridDeposit<2> b = cloud_grid_deposit<2>(y, axes);
    const GridWasserstein w2 = grid_sinkhorn_wasserstein(a.measure, b.measure);
    const double          exact = wasserstein_network_simplex(x, y).distance;
    const double          bound =
      a.spread + b.spread + w2.error_estimate + 2. * h * std::sqrt(2. / 6.);
    RecordProperty("W2_grid", std::to_string(w2.distance));
    RecordProperty("W2_exact", std::to_string(exact));
    RecordProperty("bound", std::to_string(bound));
    EXPECT_LE(std::abs(w2.distance - exact), bound)
      << "W2_grid " << w2.distance << ", exact " << exact << ", s_a "
      << a.spread << ", s_b " << b.spread << ", e " << w2.error_estimate;
  }

  TEST(CloudGridDeposit, W2AndFloorAreEqualInLawUnderTheNull)
  {
    // nu: a Gaussian's nodal density on 32^2 cells of [-3, 3]^2 (h =
    // 0.1875); per seed a "cloud" and a floor sample, both N = 2000-samples
    // of nu, deposited and measured against nu's nodal measure: the same
    // statistic of two independent samples, equal in law whatever the
    // deposition's bias, so the mean of the 8 ratios W2 / floor is 1 up to
    // its sampling error (and a Jensen bias E[1 / floor] > 1 / E[floor] of
    // about var(floor) / floor^2 ~ 1 %): within 4 of its standard errors
    // (Student t with 7 degrees of freedom: two-sided level 0.5 %; 24 seeds
    // gave 0.969 ± 0.035). A cloud moved by 1 (> 5
    // h) is at W2 ~ 1 from nu, far above the floor (histogram noise,
    // measured 0.058 here): more than 10 floors.
    const MeshDiscretisation<2>  mesh(grid_box(-3., 3., 32), 1);
    const dealii::Vector<double> nu =
      nodal_density(mesh, gaussian({0.2, -0.1}, {0.5, 0.1, 0.1, 0.3}, 2));
    const TensorGridMeasure<2> nodal = tensor_grid_measure(mesh, nu);
    const auto                 w2    = [&](const WeightedPoints &points) {
      return grid_sinkhorn_wasserstein(
               cloud_grid_deposit<2>(points, nodal.axes).measure, nodal)
        .distance;
    };
    std::vector<double> ratios, floors, shifted;
    for (unsigned int r = 0; r < 8; ++r)
      {
        const WeightedPoints cloud =
          sample_mesh_density(mesh, nu, 2000, 2 * r + 1);
        const WeightedPoints sample =
          sample_mesh_density(mesh, nu, 2000, 2 * r + 2);
        floors.push_back(w2(sample));
        ratios.push_back(w2(cloud) / floors.back());
        if (r < 2)
          shifted.push_back(w2(translated(cloud, {1., 0.})));
      }
    const ReplicaEstimate ratio = replica_estimate(ratios);
    const ReplicaEstimate floor = replica_estimate(floors);
    RecordProperty("ratio", ratio.text());
    RecordProperty("floor", floor.text());
    EXPECT_LE(std::abs(ratio.mean - 1.), 4. * ratio.standard_error)
      << ratio.text();
    for (const double w : shifted)
      EXPECT_GT(w, 10. * floor.mean) << w << " against floor " << floor.text();
  }
} // namespace mfpg::test
