#ifndef mfpg_verification_quantile_laws_h
#define mfpg_verification_quantile_laws_h

#include <deal.II/base/quadrature_lib.h>

#include "verification/weighted_points.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <vector>

namespace mfpg
{
  /**
   * Laws on the line given by their quantile functions, for the exact 1-D
   * W2 = (∫_0^1 (F_a^{-1}(u) - F_b^{-1}(u))^2 du)^{1/2} of the quantile
   * coupling (optimal on R for every convex cost): a discrete law
   * (StepLaw, the particle clouds and atoms of wasserstein_1d()) and a
   * continuous piecewise-linear density (PiecewiseLinearLaw, the Q1 mesh
   * densities of mesh_density_wasserstein_1d()). Each offers its
   * breakpoints in u, between which its quantile is smooth.
   */
  namespace quantile_laws
  {
    /** A piecewise-linear density on sorted nodes, its CDF and inverse. */
    class PiecewiseLinearLaw
    {
    public:
      PiecewiseLinearLaw(const std::vector<double> &x, std::vector<double> rho)
        : x(x)
        , rho(std::move(rho))
        , F(x.size(), 0.)
      {
        for (unsigned int i = 0; i + 1 < x.size(); ++i)
          {
            if (this->rho[i] < 0.)
              throw std::invalid_argument(
                "PiecewiseLinearLaw: negative density");
            F[i + 1] = F[i] + 0.5 * (x[i + 1] - x[i]) *
                                (this->rho[i] + this->rho[i + 1]);
          }
        const double mass = F.back();
        if (!(mass > 0.))
          throw std::invalid_argument(
            "PiecewiseLinearLaw: the density has no mass");
        for (double &f : F)
          f /= mass;
        for (double &r : this->rho)
          r /= mass;
      }

      const std::vector<double> &
      breakpoints() const
      {
        return F;
      }

      /** F^{-1}(u), u in [0, 1]. */
      double
      quantile(const double u) const
      {
        const auto   it = std::upper_bound(F.begin(), F.end(), u);
        const size_t i =
          std::min<size_t>(std::max<std::ptrdiff_t>(it - F.begin(), 1) - 1,
                           x.size() - 2);
        // solve F[i] + rho_i h t + (rho_{i+1} - rho_i) h t^2 / 2 = u
        const double h = x[i + 1] - x[i];
        const double a = 0.5 * (rho[i + 1] - rho[i]) * h;
        const double b = rho[i] * h;
        const double c = F[i] - u;
        double       t;
        if (std::abs(a) < 1e-14 * std::max(b, 1e-300))
          t = b > 0. ? -c / b : 0.;
        else
          {
            // the root in [0, 1], in the form that does not cancel
            const double discriminant = std::max(b * b - 4. * a * c, 0.);
            t                         = -2. * c / (b + std::sqrt(discriminant));
          }
        return x[i] + h * std::clamp(t, 0., 1.);
      }

    private:
      std::vector<double> x;
      std::vector<double> rho;
      std::vector<double> F;
    };

    /**
     * A discrete law on the line: its quantile function is a step function,
     * x_(k) on (u_{k-1}, u_k] with u_k the cumulative sorted weights.
     */
    class StepLaw
    {
    public:
      explicit StepLaw(const WeightedPoints &points)
        : x(points.coordinates())
        , F(1, 0.)
      {
        std::vector<unsigned int> order(x.size());
        std::iota(order.begin(), order.end(), 0u);
        std::sort(order.begin(), order.end(), [&](const auto i, const auto j) {
          return x[i] < x[j];
        });
        std::vector<double> sorted;
        for (const unsigned int n : order)
          {
            sorted.push_back(x[n]);
            F.push_back(F.back() + points.weight(n));
          }
        x = std::move(sorted);
        for (double &f : F)
          f /= F.back();
      }

      const std::vector<double> &
      breakpoints() const
      {
        return F;
      }

      /** F^{-1}(u) for u strictly inside a step. */
      double
      quantile(const double u) const
      {
        const auto it = std::lower_bound(F.begin() + 1, F.end(), u);
        return x[std::min<std::size_t>(it - F.begin() - 1, x.size() - 1)];
      }

    private:
      std::vector<double> x;
      std::vector<double> F;
    };

    /**
     * ∫_0^1 (F_a^{-1} - F_b^{-1})^2 du between the merged breakpoints, on
     * each of which both quantile functions are smooth, by a 4-point Gauss
     * rule (exact for two step laws; about 1e-10 relative with a
     * piecewise-linear law, whose quantile steepens in near-empty tails).
     */
    template <typename LawA, typename LawB>
    double
    quantile_distance(const LawA &law_a, const LawB &law_b)
    {
      std::vector<double> u = law_a.breakpoints();
      u.insert(u.end(), law_b.breakpoints().begin(), law_b.breakpoints().end());
      std::sort(u.begin(), u.end());
      const dealii::QGauss<1> gauss(4);
      double                  sum = 0.;
      for (unsigned int k = 0; k + 1 < u.size(); ++k)
        {
          const double length = u[k + 1] - u[k];
          if (length <= 0.)
            continue;
          for (unsigned int q = 0; q < gauss.size(); ++q)
            {
              const double v = u[k] + length * gauss.point(q)[0];
              const double d = law_a.quantile(v) - law_b.quantile(v);
              sum += gauss.weight(q) * length * d * d;
            }
        }
      return std::sqrt(sum);
    }

  } // namespace quantile_laws
} // namespace mfpg

#endif
