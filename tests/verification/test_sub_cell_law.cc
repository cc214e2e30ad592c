// A Q2 density read as a law (docs/model.md §8.1, §9.5): the continuous
// piecewise-linear law on the Q1 sub-cells of edge h~ = h / 2 that the
// equispaced nodes cut each cell into, with the node weights
// MeshDiscretisation::law_mass(). Its weights sum to 1 and give the
// moments of a smooth density at order 2 (the sub-cell trapezoid), where
// Simpson's rule of the flow is order 4; the grid Sinkhorn W2 and the 1-D
// quantile W2 on Q2 against the Gaussian closed forms, the latter with its
// derived O(h~^2) term; sampling a Q2 density reproduces the sub-cell law's
// moments, hat variance included.

#include <gtest/gtest.h>

#include "solver/mesh_discretisation.h"
#include "tests/cases.h"
#include "tests/verification/tensor_grid_cases.h"
#include "verification/gaussian_wasserstein.h"
#include "verification/grid_sinkhorn_divergence.h"
#include "verification/mesh_density_points.h"
#include "verification/mesh_density_sample.h"
#include "verification/mesh_density_wasserstein.h"
#include "verification/tensor_grid_measure.h"

#include <array>
#include <cmath>
#include <string>
#include <vector>

namespace mfpg::test
{
  namespace
  {
    /** Mean and covariance (row-major) of a 2-D weighted measure. */
    struct Moments
    {
      std::array<double, 2> mean{};
      std::array<double, 4> covariance{};
    };

    /** The moments of @p points with their weights. */
    Moments
    moments(const WeightedPoints &points)
    {
      Moments m;
      for (unsigned int n = 0; n < points.n_points(); ++n)
        for (unsigned int k = 0; k < 2; ++k)
          m.mean[k] += points.weight(n) * points.point(n)[k];
      for (unsigned int n = 0; n < points.n_points(); ++n)
        for (unsigned int k = 0; k < 2; ++k)
          for (unsigned int l = 0; l < 2; ++l)
            m.covariance[2 * k + l] += points.weight(n) *
                                       (points.point(n)[k] - m.mean[k]) *
                                       (points.point(n)[l] - m.mean[l]);
      return m;
    }

    /** The largest error of mean and covariance of @p m against @p exact. */
    double
    moment_error(const Moments &m, const Moments &exact)
    {
      double error = 0.;
      for (unsigned int k = 0; k < 2; ++k)
        error = std::max(error, std::abs(m.mean[k] - exact.mean[k]));
      for (unsigned int k = 0; k < 4; ++k)
        error =
          std::max(error, std::abs(m.covariance[k] - exact.covariance[k]));
      return error;
    }

    /**
     * Mean and variance of N(@p m, @p s^2) cut to [@p a, @p b] (the
     * truncated normal's closed form).
     */
    std::array<double, 2>
    truncated_normal_moments(const double m,
                             const double s,
                             const double a,
                             const double b)
    {
      const auto phi = [](const double z) {
        return std::exp(-0.5 * z * z) / std::sqrt(2. * M_PI);
      };
      const auto Phi = [](const double z) {
        return 0.5 * std::erfc(-z / std::sqrt(2.));
      };
      const double alpha = (a - m) / s, beta = (b - m) / s;
      const double Z     = Phi(beta) - Phi(alpha);
      const double shift = (phi(alpha) - phi(beta)) / Z;
      return {
        {m + s * shift,
         s * s *
           (1. + (alpha * phi(alpha) - beta * phi(beta)) / Z - shift * shift)}};
    }

    /** The nodes of a mesh with the flow's Simpson weights m_i nu_i. */
    WeightedPoints
    simpson_points(const MeshDiscretisation<2>  &mesh,
                   const dealii::Vector<double> &nu)
    {
      std::vector<double> coordinates, weights;
      double              total = 0.;
      for (unsigned int i = 0; i < mesh.n_dofs(); ++i)
        {
          for (unsigned int k = 0; k < 2; ++k)
            coordinates.push_back(mesh.support_points()[i][k]);
          weights.push_back(mesh.lumped_mass()[i] * nu[i]);
          total += weights.back();
        }
      for (double &w : weights)
        w /= total;
      return WeightedPoints(2, std::move(coordinates), std::move(weights));
    }
  } // namespace

  TEST(SubCellLaw, IsTheQ1LawOfTheSameNodes)
  {
    // Q2 on n cells and Q1 on 2n cells of a box have the same nodes; the
    // sub-cell law of the one is the Q1 law of the other, so their node
    // weights (law_mass(), FE_Q_iso_Q1(2) against FE_Q(1)) and measures
    // agree to rounding (sums of a few products of O(h^2) numbers: 1e-15
    // relative).
    const MeshDiscretisation<2> q2(grid_box(-2., 2., 6), 2);
    const MeshDiscretisation<2> q1(grid_box(-2., 2., 12), 1);
    const GaussianLaw law = gaussian({0.2, -0.1}, {0.5, 0.1, 0.1, 0.3}, 2);
    const TensorGridMeasure<2> a =
      tensor_grid_measure(q2, nodal_density(q2, law));
    const TensorGridMeasure<2> b =
      tensor_grid_measure(q1, nodal_density(q1, law));
    ASSERT_EQ(a.weights.size(), b.weights.size());
    double sum = 0.;
    for (unsigned int i = 0; i < a.weights.size(); ++i)
      {
        EXPECT_NEAR(a.weights[i], b.weights[i], 1e-15);
        sum += a.weights[i];
      }
    EXPECT_NEAR(sum, 1., 1e-14);
    EXPECT_NEAR(a.spacing(), 4. / 12., 1e-15);
    // the law mass integrates 1 exactly: the box's area
    double area = 0.;
    for (const double m : q2.law_mass())
      area += m;
    EXPECT_NEAR(area, 16., 1e-13);
  }

  TEST(SubCellLaw, GivesTheMomentsAtOrderTwoAndSimpsonAtOrderFour)
  {
    // N((0.3, -0.2), diag(0.64, 0.36)) cut to the box [-1, 2]^2, where it
    // is far from negligible at the boundary: the sub-cell trapezoid's
    // Euler-Maclaurin term (h~^2 / 12) [g f]' at the ends does not vanish,
    // so mean and covariance of mesh_density_points() are O(h^2) off the
    // truncated normal's closed form, Simpson's (the flow's nodal
    // quadrature) O(h^4). Observed orders over 8, 16, 32 Q2 cells per axis
    // (the 1-D sums, by the same rules in NumPy: 2.003 and 4.01 at 32):
    // 2 +- 0.2 and 4 +- 0.3 (the next Euler-Maclaurin term moves the order
    // by ~ 0.05 at 8 -> 16).
    const GaussianLaw law = gaussian({0.3, -0.2}, {0.64, 0., 0., 0.36}, 2);
    const std::array<double, 2> x = truncated_normal_moments(0.3, 0.8, -1., 2.);
    const std::array<double, 2> y =
      truncated_normal_moments(-0.2, 0.6, -1., 2.);
    const Moments       exact{{{x[0], y[0]}}, {{x[1], 0., 0., y[1]}}};
    std::vector<double> law_errors, simpson_errors;
    for (const unsigned int n : {8u, 16u, 32u})
      {
        const MeshDiscretisation<2>  mesh(grid_box(-1., 2., n), 2);
        const dealii::Vector<double> nu     = nodal_density(mesh, law);
        const WeightedPoints         points = mesh_density_points(mesh, nu);
        double                       sum    = 0.;
        for (unsigned int i = 0; i < points.n_points(); ++i)
          sum += points.weight(i);
        EXPECT_NEAR(sum, 1., 1e-14);
        law_errors.push_back(moment_error(moments(points), exact));
        simpson_errors.push_back(
          moment_error(moments(simpson_points(mesh, nu)), exact));
        report(std::to_string(n) + "^2 Q2 cells: moment error, sub-cell law",
               law_errors.back());
        report(std::to_string(n) + "^2 Q2 cells: moment error, Simpson",
               simpson_errors.back());
      }
    const double law_order = std::log2(law_errors[1] / law_errors[2]);
    const double simpson_order =
      std::log2(simpson_errors[1] / simpson_errors[2]);
    report("observed order, sub-cell law", law_order);
    report("observed order, Simpson", simpson_order);
    EXPECT_NEAR(law_order, 2., 0.2);
    EXPECT_NEAR(simpson_order, 4., 0.3);
  }

  TEST(SubCellLaw, GridSinkhornW2OfTwoQ2GaussiansMatchesTheClosedForm)
  {
    // 32^2 Q2 cells of [-5, 5]^2: nodes of spacing h~ = 0.156, the grid of
    // the Q1 test on 64^2 cells. The grid Sinkhorn W2 is that of the nodal
    // measures, whose Sinkhorn sums are trapezoidal rules of functions
    // smooth on the scale sqrt(eps / 2): aliasing 2 exp(-pi^2 eps / h~^2)
    // <= 6e-9 at eps_min = 2 h~^2, box cut 1e-6 (see test_grid_wasserstein).
    // So the distance must match the closed form within the error
    // estimate + 1e-6: the Q2 interpolation adds nothing at the nodes. The
    // continuous sub-cell laws are these measures convolved with the hat of
    // variance h~^2 / 6 per axis: their W2 differs by O(h~^2), as in
    // W2PerAxisIn1dHasTheDerivedOrderTwoTerm below (~1e-3 here).
    const GaussianLaw a = gaussian({-0.5, 0.3}, {0.4, 0.12, 0.12, 0.24}, 2);
    const GaussianLaw b = gaussian({0.4, -0.2}, {0.2, -0.08, -0.08, 0.36}, 2);
    const MeshDiscretisation<2> mesh(grid_box(-5., 5., 32), 2);
    const GridWasserstein       result = grid_sinkhorn_wasserstein(
      mesh, nodal_density(mesh, a), mesh, nodal_density(mesh, b));
    const double W = gaussian_wasserstein(a, b);
    report("Q2 32^2 cells: relative error of W2", (result.distance - W) / W);
    report("Q2 32^2 cells: error estimate / W2", result.error_estimate / W);
    EXPECT_LE(std::abs(result.distance - W), result.error_estimate + 1e-6);
    // and the same through mesh_density_wasserstein(), the tools' entry
    EXPECT_NEAR(mesh_density_wasserstein(mesh,
                                         nodal_density(mesh, a),
                                         nodal_density(mesh, b))
                  .distance,
                result.distance,
                1e-12);
  }

  TEST(SubCellLaw, QuantileW2In1dHasTheDerivedOrderTwoTerm)
  {
    // The sub-cell law of the nodal values of N(m, s^2) (box [-8, 8], tails
    // below 1e-10) has the trapezoidal mass and mean, exact to aliasing,
    // and variance s^2 + h~^2 / 6 (the hat's). To O(h~^4) it moves each
    // standard deviation by h~^2 / (12 s), so W2 = W + c h~^2 + O(h~^4),
    // c = (s_a - s_b) (1 / s_a - 1 / s_b) / (12 W) (differentiating W^2 =
    // (m_a - m_b)^2 + (s_a - s_b)^2). The quantile W2 must show order
    // 2 +- 0.2 over 2^6, 2^7 Q2 cells (NumPy, same law: 1.98, 1.99) and
    // (W2_h - W) / h~^2 within 2 % of c (NumPy: -0.031071 vs c = -0.031056
    // at 2^7 cells; the O(h~^2) relative change from 2^6 is 0.4 %).
    const double m_a = -0.5, s_a = 1.2, m_b = 0.7, s_b = 0.6;
    const double W = gaussian_wasserstein(gaussian({m_a}, {s_a * s_a}, 1),
                                          gaussian({m_b}, {s_b * s_b}, 1));
    const double c = (s_a - s_b) * (1. / s_a - 1. / s_b) / (12. * W);
    std::vector<double> errors;
    double              h = 0.;
    for (const unsigned int r : {6u, 7u})
      {
        const MeshDiscretisation<1> mesh(grid_box(-8., 8., 1u << r), 2);
        h = 16. / (2 << r);
        errors.push_back(
          mesh_density_wasserstein_1d(
            mesh,
            nodal_density(mesh, gaussian({m_a}, {s_a * s_a}, 1)),
            nodal_density(mesh, gaussian({m_b}, {s_b * s_b}, 1))) -
          W);
        report("Q2, 2^" + std::to_string(r) + " cells: (W2_h - W) / h~^2",
               errors.back() / (h * h));
      }
    report("derived c", c);
    EXPECT_NEAR(std::log2(errors[0] / errors[1]), 2., 0.2);
    EXPECT_NEAR(errors[1] / (h * h), c, 0.02 * std::abs(c));
  }

  TEST(SubCellLaw, SamplingAQ2DensityGivesTheSubCellLawsMoments)
  {
    // N((0.3, -0.2), [[0.36, 0.1], [0.1, 0.25]]) on 8^2 Q2 cells of [-4,
    // 4]^2 (h~ = 0.5; tails below 1e-14). The sub-cell law has the mean of
    // the nodal measure and its covariance plus h~^2 / 6 I = 0.0417 I (each
    // interior hat's variance); that term is 12 standard errors of a
    // variance at N = 20000, so a sampler of the nodal atoms (or of the Q1
    // law of the cell corners, + h^2 / 6 = 0.167) would fail. Tolerance 4
    // standard errors per entry: sqrt(Sigma_kk / N) for the mean,
    // sqrt((Sigma_kk Sigma_ll + Sigma_kl^2) / N) for the covariance
    // (Gaussian fourth moments; the sub-cell law's are within a few %).
    const GaussianLaw law = gaussian({0.3, -0.2}, {0.36, 0.1, 0.1, 0.25}, 2);
    const MeshDiscretisation<2>  mesh(grid_box(-4., 4., 8), 2);
    const dealii::Vector<double> nu = nodal_density(mesh, law);
    Moments      expected           = moments(mesh_density_points(mesh, nu));
    const double hat                = 0.5 * 0.5 / 6.;
    expected.covariance[0] += hat;
    expected.covariance[3] += hat;
    const unsigned int N      = 20000;
    const Moments      sample = moments(sample_mesh_density(mesh, nu, N, 7));
    const auto        &S      = expected.covariance;
    for (unsigned int k = 0; k < 2; ++k)
      {
        EXPECT_NEAR(sample.mean[k],
                    expected.mean[k],
                    4. * std::sqrt(S[3 * k] / N));
        for (unsigned int l = 0; l < 2; ++l)
          {
            report("covariance " + std::to_string(k) + std::to_string(l) +
                     ": sample - sub-cell law",
                   sample.covariance[2 * k + l] - S[2 * k + l]);
            EXPECT_NEAR(sample.covariance[2 * k + l],
                        S[2 * k + l],
                        4. * std::sqrt((S[3 * k] * S[3 * l] +
                                        S[2 * k + l] * S[2 * k + l]) /
                                       N));
          }
      }
  }
} // namespace mfpg::test
