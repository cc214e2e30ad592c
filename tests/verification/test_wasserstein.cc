// The Wasserstein distances between discrete measures (WeightedPoints):
// the exact 1-D quantile coupling, LEMON's network simplex and the Sinkhorn
// divergence, against what is known exactly (translations, the optimality of
// gradients of convex functions, the Gaussian closed form), against each
// other, against the metric axioms, and on the measure a mesh density makes.

#include <deal.II/lac/vector.h>

#include <boost/math/distributions/normal.hpp>
#include <boost/random/mersenne_twister.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/uniform_real_distribution.hpp>

#include <gtest/gtest.h>

#include "meshes/parameter_domain.h"
#include "solver/mesh_discretisation.h"
#include "tests/cases.h"
#include "verification/gaussian_wasserstein.h"
#include "verification/mesh_density_points.h"
#include "verification/sinkhorn_divergence.h"
#include "verification/wasserstein_1d.h"
#include "verification/wasserstein_network_simplex.h"
#include "verification/weighted_points.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mfpg::test
{
  namespace
  {
    /** N points uniform in [-1, 1]^d with random weights (seeded). */
    WeightedPoints
    random_points(const unsigned int d,
                  const unsigned int n,
                  const unsigned int seed)
    {
      boost::random::mt19937                           rng(seed);
      boost::random::uniform_real_distribution<double> uniform(-1., 1.);
      std::vector<double>                              x(n * d), w(n);
      for (double &xk : x)
        xk = uniform(rng);
      for (double &wk : w)
        wk = 0.1 + (1. + uniform(rng)); // in [0.1, 2.1]: far from uniform
      const double sum = std::accumulate(w.begin(), w.end(), 0.);
      for (double &wk : w)
        wk /= sum;
      return WeightedPoints(d, x, w);
    }

    /** @p p moved by @p v. */
    WeightedPoints
    translated(const WeightedPoints &p, const std::vector<double> &v)
    {
      std::vector<double> x = p.coordinates();
      for (std::size_t k = 0; k < x.size(); ++k)
        x[k] += v[k % v.size()];
      return WeightedPoints(p.dimension(), x, p.weights());
    }

    /** N samples of N(m, s^2) on the line, equal weights (seeded). */
    WeightedPoints
    normal_sample(const double       m,
                  const double       s,
                  const unsigned int n,
                  const unsigned int seed)
    {
      boost::random::mt19937                     rng(seed);
      boost::random::normal_distribution<double> normal(m, s);
      std::vector<double>                        x(n);
      for (double &xk : x)
        xk = normal(rng);
      return WeightedPoints(1, x);
    }

    /**
     * W2 between a discrete measure on the line and N(m, s^2), exactly: the
     * quantile coupling sends the u-interval (U_{i-1}, U_i] of atom x_i
     * (sorted, U the cumulative weights) to the normal quantiles there, so
     * W2^2 = sum_i w_i x_i^2 - 2 sum_i x_i (m w_i + s (phi(z_{i-1}) -
     * phi(z_i))) + m^2 + s^2 with z_i = Phi^{-1}(U_i), phi the standard
     * density (∫ z phi = -phi). U near 1 is taken from its complement.
     */
    double
    wasserstein_to_normal(const WeightedPoints &p,
                          const double          m,
                          const double          s)
    {
      std::vector<unsigned int> order(p.n_points());
      std::iota(order.begin(), order.end(), 0u);
      const std::vector<double> &x = p.coordinates();
      std::sort(order.begin(),
                order.end(),
                [&x](unsigned int i, unsigned int j) { return x[i] < x[j]; });
      const unsigned int  n = order.size();
      std::vector<double> below(n + 1, 0.), above(n + 1, 0.);
      for (unsigned int i = 0; i < n; ++i)
        below[i + 1] = below[i] + p.weight(order[i]);
      for (unsigned int i = n; i > 0; --i)
        above[i - 1] = above[i] + p.weight(order[i - 1]);
      const boost::math::normal_distribution<double> standard(0., 1.);
      const auto density_at_quantile = [&](const unsigned int i) {
        if (below[i] <= 0. || above[i] <= 0.)
          return 0.;
        const double z =
          below[i] < 0.5 ?
            boost::math::quantile(standard, below[i]) :
            boost::math::quantile(boost::math::complement(standard, above[i]));
        return boost::math::pdf(standard, z);
      };
      double squared = m * m + s * s, previous = 0.;
      for (unsigned int i = 0; i < n; ++i)
        {
          const double xi = x[order[i]], wi = p.weight(order[i]);
          const double next = density_at_quantile(i + 1);
          squared += wi * xi * xi - 2. * xi * (m * wi + s * (previous - next));
          previous = next;
        }
      return std::sqrt(std::max(squared, 0.));
    }

    /** The message of the std::invalid_argument @p action throws. */
    template <class Action>
    std::string
    invalid_argument_message(const Action &action)
    {
      try
        {
          action();
        }
      catch (const std::invalid_argument &e)
        {
          return e.what();
        }
      return "<no error>";
    }
  } // namespace

  TEST(Wasserstein, TranslationsAreTransportedByTheirShift)
  {
    // W2(a, a + v) = |v|: the mean gives >=, the identity pairing <=.
    const WeightedPoints line = random_points(1, 50, 1);
    const double         w1d  = wasserstein_1d(line, translated(line, {0.37}));
    report("1-D quantile: |W2(a, a + v) - |v||", std::abs(w1d - 0.37));
    EXPECT_NEAR(w1d, 0.37, 1e-13);

    const WeightedPoints    plane = random_points(2, 40, 2);
    const WeightedPoints    moved = translated(plane, {0.3, -0.4});
    const DiscreteTransport exact = wasserstein_network_simplex(plane, moved);
    report("network simplex: |W2(a, a + v) - |v||",
           std::abs(exact.distance - 0.5));
    report("network simplex: its rounding bound", exact.distance_error_bound);
    EXPECT_LT(exact.distance_error_bound, 1e-8);
    EXPECT_NEAR(exact.distance, 0.5, exact.distance_error_bound + 1e-14);

    // S_eps(a, a + v) = |v|^2 exactly at every eps: only the tolerance
    SinkhornParameters parameters;
    parameters.epsilon   = 0.05;
    parameters.tolerance = 1e-10;
    const SinkhornDivergence sinkhorn =
      sinkhorn_divergence(plane, moved, parameters);
    report("Sinkhorn (eps = 0.05): |sqrt S_eps(a, a + v) - |v||",
           std::abs(sinkhorn.distance - 0.5));
    report("Sinkhorn (eps = 0.05): OT_eps(a, a + v) - |v|^2, the plain bias",
           sinkhorn.entropic_cost - 0.25);
    EXPECT_NEAR(sinkhorn.distance, 0.5, 1e-8);
    EXPECT_GT(sinkhorn.entropic_cost - 0.25,
              1e-3); // what the divergence removes
  }

  TEST(Wasserstein, QuantileCouplingEqualsNetworkSimplexInOneDimension)
  {
    double worst = 0., worst_bound = 0.;
    for (unsigned int seed = 0; seed < 5; ++seed)
      {
        const WeightedPoints    a     = random_points(1, 60, 10 + seed);
        const WeightedPoints    b     = random_points(1, 80, 20 + seed);
        const double            w1d   = wasserstein_1d(a, b);
        const DiscreteTransport exact = wasserstein_network_simplex(a, b);
        worst       = std::max(worst, std::abs(w1d - exact.distance));
        worst_bound = std::max(worst_bound, exact.distance_error_bound);
        EXPECT_NEAR(w1d, exact.distance, exact.distance_error_bound + 1e-14)
          << "seed " << seed;
        EXPECT_NEAR(w1d, wasserstein_1d(b, a), 1e-14);
      }
    report("|quantile - network simplex|, worst of 5 pairs (60 x 80 points)",
           worst);
    report("network simplex rounding bound, worst", worst_bound);
  }

  TEST(Wasserstein, SamplesOfTwoGaussiansOnTheLineAreAtTheClosedFormDistance)
  {
    // Independent samples of N = 10^5 points. The empirical W2 fluctuates
    // by the sample means and scales: sd ~ sqrt(1.5 (s1^2 + s2^2) / N);
    // its bias E W2^2(sample, law) ~ log log N / N is negligible. Tolerance:
    // 5 standard deviations (the seeds are fixed, the check deterministic).
    const unsigned int n  = 100000;
    const double       m1 = 0.4, s1 = 1.0, m2 = -0.6, s2 = 0.7;
    const double       closed_form =
      gaussian_wasserstein(gaussian({m1}, {s1 * s1}, 1),
                           gaussian({m2}, {s2 * s2}, 1));
    const double empirical =
      wasserstein_1d(normal_sample(m1, s1, n, 3), normal_sample(m2, s2, n, 4));
    const double sd = std::sqrt(1.5 * (s1 * s1 + s2 * s2) / n);
    report("1-D, 10^5 samples: |W2(samples) - W2(laws)|",
           std::abs(empirical - closed_form));
    report("  in standard deviations", std::abs(empirical - closed_form) / sd);
    EXPECT_NEAR(empirical, closed_form, 5. * sd);
  }

  TEST(Wasserstein, SampleAndItsImageUnderAConvexGradientAreAtTheSampleCost)
  {
    // x_n ~ N(m1, S1), y_n = T(x_n) = m2 + A (x_n - m1) with A symmetric
    // positive definite: T is the gradient of a convex function, so the
    // pairing x_n -> y_n is optimal between the two empirical measures
    // (cyclical monotonicity) and W2^2 = (1/N) sum |x_n - y_n|^2 exactly,
    // while T pushes N(m1, S1) to N(m2, A S1 A) optimally, so this sample
    // mean estimates the closed form with sd(|x - Tx|^2) / sqrt N.
    const unsigned int        n = 300;
    const std::vector<double> m1{0.2, -0.1}, m2{-0.5, 0.4};
    const double              L[2][2] = {{1.0, 0.}, {0.4, 0.6}}; // S1 = L L^T
    const double              A[2][2] = {{1.3, 0.3}, {0.3, 0.8}};
    boost::random::mt19937    rng(5);
    boost::random::normal_distribution<double> normal(0., 1.);
    std::vector<double>                        x(2 * n), y(2 * n), gap(n);
    for (unsigned int k = 0; k < n; ++k)
      {
        const double z0 = normal(rng), z1 = normal(rng);
        const double d0 = L[0][0] * z0, d1 = L[1][0] * z0 + L[1][1] * z1;
        x[2 * k]     = m1[0] + d0;
        x[2 * k + 1] = m1[1] + d1;
        y[2 * k]     = m2[0] + A[0][0] * d0 + A[0][1] * d1;
        y[2 * k + 1] = m2[1] + A[1][0] * d0 + A[1][1] * d1;
        gap[k]       = (x[2 * k] - y[2 * k]) * (x[2 * k] - y[2 * k]) +
                 (x[2 * k + 1] - y[2 * k + 1]) * (x[2 * k + 1] - y[2 * k + 1]);
      }
    const double sample_cost = std::accumulate(gap.begin(), gap.end(), 0.) / n;
    double       variance    = 0.;
    for (const double g : gap)
      variance += (g - sample_cost) * (g - sample_cost) / (n - 1);

    // closed form: S1 = L L^T, S2 = A S1 A
    const double        S1[2][2] = {{L[0][0] * L[0][0], L[0][0] * L[1][0]},
                                    {L[0][0] * L[1][0],
                                     L[1][0] * L[1][0] + L[1][1] * L[1][1]}};
    std::vector<double> S2(4, 0.);
    for (unsigned int i = 0; i < 2; ++i)
      for (unsigned int j = 0; j < 2; ++j)
        for (unsigned int k = 0; k < 2; ++k)
          for (unsigned int l = 0; l < 2; ++l)
            S2[2 * i + j] += A[i][k] * S1[k][l] * A[l][j];
    const double closed_form = gaussian_wasserstein(
      gaussian(m1, {S1[0][0], S1[0][1], S1[1][0], S1[1][1]}, 2),
      gaussian(m2, S2, 2));

    const WeightedPoints    a(2, x), b(2, y);
    const DiscreteTransport exact           = wasserstein_network_simplex(a, b);
    const double            sample_distance = std::sqrt(sample_cost);
    report(
      "2-D, 300 points: |network simplex - sample cost of the optimal map|",
      std::abs(exact.distance - sample_distance));
    EXPECT_NEAR(exact.distance,
                sample_distance,
                exact.distance_error_bound + 1e-12);

    const double sd = std::sqrt(variance / n) / (2. * closed_form);
    report("2-D, 300 points: |W2(samples) - W2(laws)|",
           std::abs(exact.distance - closed_form));
    report("  in standard deviations",
           std::abs(exact.distance - closed_form) / sd);
    EXPECT_NEAR(exact.distance, closed_form, 5. * sd);

    // Sinkhorn on the same sets: the divergence's bias against the exact
    // W2 shrinks faster than eps (measured 1.2e-3, 1.2e-4, 4.8e-5 at eps =
    // 0.3, 0.1, 0.03, with c_max ~ 20); the tolerances are ~2x those. The
    // plain entropic cost keeps its bias 0 <= OT_eps - W2^2 <= eps log N.
    const double exact_squared = exact.distance * exact.distance;
    for (const auto &[eps, tolerance] : std::vector<std::pair<double, double>>{
           {0.3, 2.5e-3}, {0.1, 2.5e-4}, {0.03, 1e-4}})
      {
        SinkhornParameters parameters;
        parameters.epsilon   = eps;
        parameters.tolerance = 1e-7;
        const SinkhornDivergence sinkhorn =
          sinkhorn_divergence(a, b, parameters);
        const std::string at = "2-D, 300 points, eps = " + std::to_string(eps);
        report(at + ": sqrt S_eps - W2 (network simplex)",
               sinkhorn.distance - exact.distance);
        report(at + ": OT_eps - W2^2, the plain entropic bias",
               sinkhorn.entropic_cost - exact_squared);
        EXPECT_NEAR(sinkhorn.distance, exact.distance, tolerance);
        EXPECT_GE(sinkhorn.entropic_cost, exact_squared - 1e-6);
        EXPECT_LE(sinkhorn.entropic_cost, exact_squared + eps * std::log(n));
      }
  }

  TEST(Wasserstein, NetworkSimplexIsAMetricOnRandomTriples)
  {
    double worst_asymmetry = 0., smallest_slack = 1e300, worst_self = 0.;
    for (unsigned int seed = 0; seed < 5; ++seed)
      {
        const WeightedPoints    a  = random_points(2, 30, 100 + seed);
        const WeightedPoints    b  = random_points(2, 40, 200 + seed);
        const WeightedPoints    c  = random_points(2, 50, 300 + seed);
        const DiscreteTransport ab = wasserstein_network_simplex(a, b),
                                ba = wasserstein_network_simplex(b, a),
                                bc = wasserstein_network_simplex(b, c),
                                ac = wasserstein_network_simplex(a, c),
                                aa = wasserstein_network_simplex(a, a);
        const double rounding      = ab.distance_error_bound +
                                bc.distance_error_bound +
                                ac.distance_error_bound;
        worst_asymmetry =
          std::max(worst_asymmetry, std::abs(ab.distance - ba.distance));
        smallest_slack =
          std::min(smallest_slack, ab.distance + bc.distance - ac.distance);
        worst_self = std::max(worst_self, aa.distance);
        EXPECT_NEAR(ab.distance,
                    ba.distance,
                    ab.distance_error_bound + ba.distance_error_bound);
        EXPECT_LE(ac.distance, ab.distance + bc.distance + rounding);
        EXPECT_LE(aa.distance, aa.distance_error_bound);
        EXPECT_GT(ab.distance, 0.05); // distinct random sets
      }
    report("|W2(a, b) - W2(b, a)|, worst of 5 triples", worst_asymmetry);
    report("W2(a, b) + W2(b, c) - W2(a, c), smallest of 5 triples",
           smallest_slack);
    report("W2(a, a), worst", worst_self);
  }

  TEST(MeshDensityPoints, DistanceToAnotherGaussianConvergesAtSecondOrder)
  {
    // nu = the density of N(0.3, 0.8^2) at the Q1 nodes of [-8, 8]. Its
    // nodal measure is h/sqrt(12) from nu itself (the atoms' quantisation:
    // first order), but W2^2 to a law at distance W > 0 is W^2 + O(h^2):
    // the distance to N(-0.5, 1.2^2) converges at second order.
    const double m = 0.3, s = 0.8, m_other = -0.5, s_other = 1.2;
    const double closed_form =
      gaussian_wasserstein(gaussian({m}, {s * s}, 1),
                           gaussian({m_other}, {s_other * s_other}, 1));
    std::vector<double> h, error, floor_ratio;
    for (unsigned int refinements = 5; refinements <= 9; ++refinements)
      {
        ParameterDomain domain;
        domain.lower_corner       = {-8.};
        domain.upper_corner       = {8.};
        domain.global_refinements = refinements;
        const MeshDiscretisation<1> mesh(domain, 1);
        dealii::Vector<double>      nu(mesh.n_dofs());
        for (unsigned int i = 0; i < mesh.n_dofs(); ++i)
          {
            const double z = (mesh.support_points()[i][0] - m) / s;
            nu[i]          = std::exp(-z * z / 2.) / (s * std::sqrt(2. * M_PI));
          }
        const WeightedPoints points = mesh_density_points(mesh, nu);
        h.push_back(mesh.mesh_size());
        error.push_back(std::abs(
          wasserstein_to_normal(points, m_other, s_other) - closed_form));
        floor_ratio.push_back(wasserstein_to_normal(points, m, s) / h.back());
        report("h = " + std::to_string(h.back()) + ": |W2(mesh, other) - W2|",
               error.back());
        report("h = " + std::to_string(h.back()) + ": W2(mesh, own law) / h",
               floor_ratio.back());

        if (refinements == 9)
          {
            // the same through wasserstein_1d against 2^20 quantile points
            const unsigned int                             k = 1u << 20;
            std::vector<double>                            q(k);
            const boost::math::normal_distribution<double> other(m_other,
                                                                 s_other);
            for (unsigned int j = 0; j < k; ++j)
              q[j] = boost::math::quantile(other, (j + 0.5) / k);
            const double quantile_points =
              wasserstein_1d(points, WeightedPoints(1, q));
            report("h = " + std::to_string(h.back()) +
                     ": |wasserstein_1d against 2^20 quantile points - exact|",
                   std::abs(quantile_points -
                            wasserstein_to_normal(points, m_other, s_other)));
            EXPECT_NEAR(quantile_points,
                        wasserstein_to_normal(points, m_other, s_other),
                        1e-5);
          }
      }
    const std::size_t last = h.size() - 1;
    const double      order =
      std::log(error[last - 1] / error[last]) / std::log(h[last - 1] / h[last]);
    report("observed order of |W2(mesh, other) - W2| in h", order);
    EXPECT_NEAR(order, 2., 0.3);
    EXPECT_LT(error[last], 1e-3);
    report("W2(mesh, own law) / h at the finest h, vs 1/sqrt 12 = 0.2887",
           floor_ratio[last]);
    EXPECT_NEAR(floor_ratio[last], 1. / std::sqrt(12.), 0.01);
  }

  TEST(Wasserstein, TenMillionEqualWeightsAreAProbability)
  {
    // a naive sum of 10^7 weights 1/N misses 1 by 2.5e-10, beyond the
    // 1e-10 tolerance: the compensated sum must accept the cloud
    const WeightedPoints cloud(1, std::vector<double>(10000000, 0.5));
    double               sum = 0.;
    for (const double w : cloud.weights())
      sum += w;
    report("naive sum of the 10^7 stored weights - 1", sum - 1.);
    EXPECT_EQ(cloud.n_points(), 10000000u);
    EXPECT_NEAR(cloud.weight(0), 1e-7, 1e-21);
  }

  TEST(Wasserstein, BadInputIsRejectedWithAClearMessage)
  {
    EXPECT_NE(invalid_argument_message([] {
                WeightedPoints(1, {});
              }).find("empty"),
              std::string::npos);
    EXPECT_NE(invalid_argument_message([] {
                WeightedPoints(1, {0., 1.}, {0.5, 0.6});
              }).find("sum to 1.1"),
              std::string::npos);
    EXPECT_NE(invalid_argument_message([] {
                WeightedPoints(2, {0., 1., 2.});
              }).find("not a multiple of the dimension 2"),
              std::string::npos);
    EXPECT_NE(invalid_argument_message([] {
                WeightedPoints(1, {0., 1.}, {1.5, -0.5});
              }).find("non-negative"),
              std::string::npos);

    const WeightedPoints line(1, {0., 1.}), plane(2, {0., 1., 2., 3.});
    for (const std::string &message :
         {invalid_argument_message([&] { wasserstein_1d(line, plane); }),
          invalid_argument_message(
            [&] { wasserstein_network_simplex(line, plane); }),
          invalid_argument_message([&] { sinkhorn_divergence(line, plane); })})
      EXPECT_NE(message.find("different dimensions (1 and 2)"),
                std::string::npos)
        << message;
    EXPECT_NE(invalid_argument_message([&] {
                wasserstein_1d(plane, plane);
              }).find("on the line only"),
              std::string::npos);

    const WeightedPoints many = random_points(2, 200, 7);
    EXPECT_NE(invalid_argument_message([&] {
                wasserstein_network_simplex(many, many, 1000);
              }).find("exceed the limit of 1000"),
              std::string::npos);

    ParameterDomain domain;
    domain.global_refinements = 2;
    const MeshDiscretisation<1> mesh(domain, 1);
    EXPECT_NE(invalid_argument_message([&] {
                mesh_density_points(mesh, dealii::Vector<double>(3));
              }).find("3 nodal values for 5 degrees of freedom"),
              std::string::npos);
    dealii::Vector<double> negative(mesh.n_dofs());
    negative    = 1.;
    negative[2] = -0.1;
    EXPECT_NE(invalid_argument_message([&] {
                mesh_density_points(mesh, negative);
              }).find("non-negative measure"),
              std::string::npos);
  }
} // namespace mfpg::test
