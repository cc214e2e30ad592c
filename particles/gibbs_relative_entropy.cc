#include "particles/gibbs_relative_entropy.h"

#include "model/slotboom_potential.h"
#include "particles/mckean_vlasov_drift.h"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/math/special_functions/digamma.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

namespace mfpg
{
  namespace
  {
    /** The m-spacing entropy estimate of Ebrahimi et al. of sorted @p x. */
    double
    spacing_entropy(const std::vector<double> &x)
    {
      const long N = x.size();
      const long m = std::max<long>(1, std::lround(0.5 * std::sqrt(double(N))));
      double     sum = 0.;
      for (long i = 0; i < N; ++i)
        {
          // c_i corrects the spacings cut short at both ends
          const double c = i < m      ? 1. + double(i) / m :
                           i >= N - m ? 1. + double(N - 1 - i) / m :
                                        2.;
          const double spacing =
            x[std::min(i + m, N - 1)] - x[std::max(i - m, 0L)];
          sum += std::log(N * spacing / (c * m));
        }
      return sum / N;
    }

    /**
     * The Kozachenko–Leonenko estimate of the entropy of the @p N points
     * @p x in R^dim (first nearest neighbours, Boost.Geometry's R-tree):
     * psi(N) - psi(1) + ln V_dim + (dim/N) sum_i ln eps_i, eps_i the
     * distance from point i to its nearest neighbour, V_dim the volume of
     * the unit ball.
     */
    template <int dim>
    double
    nearest_neighbour_entropy(const std::vector<double> &x)
    {
      namespace bg  = boost::geometry;
      namespace bgi = boost::geometry::index;
      using Point   = bg::model::point<double, dim, bg::cs::cartesian>;
      const unsigned int                          N = x.size() / dim;
      std::vector<std::pair<Point, unsigned int>> points(N);
      for (unsigned int n = 0; n < N; ++n)
        {
          Point p;
          bg::set<0>(p, x[n * dim]);
          bg::set<1>(p, x[n * dim + 1]);
          if constexpr (dim == 3)
            bg::set<2>(p, x[n * dim + 2]);
          points[n] = {p, n};
        }
      const bgi::rtree<std::pair<Point, unsigned int>, bgi::quadratic<16>> tree(
        points.begin(), points.end());
      double sum_log = 0.;
      for (unsigned int n = 0; n < N; ++n)
        {
          double nearest = std::numeric_limits<double>::infinity();
          for (auto it = tree.qbegin(bgi::nearest(points[n].first, 2));
               it != tree.qend();
               ++it)
            if (it->second != n)
              nearest =
                std::min(nearest,
                         double(bg::distance(it->first, points[n].first)));
          sum_log += std::log(nearest);
        }
      const double unit_ball =
        std::pow(M_PI, 0.5 * dim) / std::tgamma(0.5 * dim + 1.);
      return boost::math::digamma(double(N)) - boost::math::digamma(1.) +
             std::log(unit_ball) + dim * sum_log / N;
    }

    /**
     * ln ∫ e^{-Phi} by the tensor trapezoidal rule on @p n points per axis
     * over the box [lo, hi].
     */
    double
    log_partition_function(
      const std::function<std::vector<double>(const std::vector<double> &)>
                                &Phi,
      const std::vector<double> &lo,
      const std::vector<double> &hi,
      const unsigned int         n)
    {
      const unsigned int  d = lo.size();
      std::vector<double> h(d);
      unsigned int        n_points = 1;
      for (unsigned int k = 0; k < d; ++k)
        {
          h[k] = (hi[k] - lo[k]) / (n - 1);
          n_points *= n;
        }
      std::vector<double> nodes(std::size_t(n_points) * d),
        weight(n_points, 1.);
      for (unsigned int q = 0; q < n_points; ++q)
        for (unsigned int k = 0, rest = q; k < d; ++k, rest /= n)
          {
            const unsigned int i = rest % n;
            nodes[q * d + k]     = lo[k] + i * h[k];
            weight[q] *= (i == 0 || i + 1 == n ? 0.5 : 1.) * h[k];
          }
      const std::vector<double> Phi_nodes = Phi(nodes);
      const double              smallest =
        *std::min_element(Phi_nodes.begin(), Phi_nodes.end());
      double Z = 0.;
      for (unsigned int q = 0; q < n_points; ++q)
        Z += weight[q] * std::exp(smallest - Phi_nodes[q]);
      return -smallest + std::log(Z);
    }
  } // namespace

  double
  gibbs_relative_entropy(const McKeanVlasovDrift          &drift,
                         const std::vector<double>        &theta,
                         const dealii::FullMatrix<double> &W)
  {
    const double       sigma = drift.sigma();
    const unsigned int d     = drift.n_parameters();
    const unsigned int N     = theta.size() / d;
    if (!(sigma > 0.) || N < 4 || d > 3)
      return std::numeric_limits<double>::quiet_NaN();
    // Phi = U - (2 / sigma^2) dV/dnu at a set of points, in one sweep
    const auto Phi = [&](const std::vector<double> &points) {
      const unsigned int  n = points.size() / d;
      std::vector<double> values(n);
      slotboom_potential_at_points(drift.feature(),
                                   drift.potential(),
                                   sigma,
                                   W,
                                   points.data(),
                                   n,
                                   values.data());
      return values;
    };

    // the particle average of Phi, and a box of the cloud's range widened
    // by 8 sample standard deviations per axis for ln Z
    const std::vector<double> Phi_particles = Phi(theta);
    double                    mean_Phi      = 0.;
    std::vector<double>       t(d), mean(d, 0.), square(d, 0.),
      lo(d, std::numeric_limits<double>::max()),
      hi(d, std::numeric_limits<double>::lowest());
    for (unsigned int n = 0; n < N; ++n)
      {
        for (unsigned int k = 0; k < d; ++k)
          {
            t[k] = theta[n * d + k];
            mean[k] += t[k] / N;
            square[k] += t[k] * t[k] / N;
            lo[k] = std::min(lo[k], t[k]);
            hi[k] = std::max(hi[k], t[k]);
          }
        mean_Phi += Phi_particles[n] / N;
      }
    for (unsigned int k = 0; k < d; ++k)
      {
        const double spread =
          std::sqrt(std::max(square[k] - mean[k] * mean[k], 0.));
        lo[k] -= 8. * spread;
        hi[k] += 8. * spread;
      }
    const unsigned int points_per_axis[] = {0, 4001, 201, 61};
    const double       log_Z =
      log_partition_function(Phi, lo, hi, points_per_axis[d]);

    double entropy;
    if (d == 1)
      {
        std::vector<double> x = theta;
        std::sort(x.begin(), x.end());
        entropy = spacing_entropy(x);
      }
    else if (d == 2)
      entropy = nearest_neighbour_entropy<2>(theta);
    else
      entropy = nearest_neighbour_entropy<3>(theta);
    return -entropy + mean_Phi + log_Z;
  }
} // namespace mfpg
