#include "verification/sinkhorn_divergence.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace mfpg
{
  namespace
  {
    /** The cost matrix C_nm = |x_n - y_m|^2, row by row, and its maximum. */
    struct CostMatrix
    {
      CostMatrix(const WeightedPoints &a,
                 const WeightedPoints &b,
                 const std::size_t     max_pairs)
        : n_rows(a.n_points())
        , n_columns(b.n_points())
      {
        const std::size_t n_pairs = std::size_t(n_rows) * n_columns;
        if (n_pairs > max_pairs)
          throw std::invalid_argument(
            "sinkhorn_divergence: " + std::to_string(n_rows) + " x " +
            std::to_string(n_columns) + " = " + std::to_string(n_pairs) +
            " pairs exceed the limit of " + std::to_string(max_pairs) +
            " (SinkhornParameters::max_pairs; time and memory grow like N M)");
        entries.resize(n_pairs);
        for (unsigned int n = 0; n < n_rows; ++n)
          for (unsigned int m = 0; m < n_columns; ++m)
            {
              entries[std::size_t(n) * n_columns + m] =
                squared_distance(a, n, b, m);
              max = std::max(max, entries[std::size_t(n) * n_columns + m]);
            }
      }

      double
      operator()(const unsigned int n, const unsigned int m) const
      {
        return entries[std::size_t(n) * n_columns + m];
      }

      unsigned int        n_rows, n_columns;
      std::vector<double> entries;
      double              max = 0.;
    };

    std::vector<double>
    log_weights(const WeightedPoints &p)
    {
      std::vector<double> l(p.n_points());
      for (unsigned int n = 0; n < p.n_points(); ++n)
        l[n] = p.weight(n) > 0. ? std::log(p.weight(n)) :
                                  -std::numeric_limits<double>::infinity();
      return l;
    }

    /**
     * The soft c-transform: f_n = -eps log sum_m exp(log b_m + (g_m -
     * C_nm) / eps) for every row n (@p transpose: columns, with the roles of
     * the two sets exchanged), stabilised by the maximum exponent.
     */
    void
    soft_transform(const CostMatrix          &C,
                   const bool                 transpose,
                   const std::vector<double> &log_b,
                   const std::vector<double> &g,
                   const double               eps,
                   std::vector<double>       &f)
    {
      const unsigned int  n_out = transpose ? C.n_columns : C.n_rows;
      const unsigned int  n_in  = transpose ? C.n_rows : C.n_columns;
      std::vector<double> exponent(n_in);
      for (unsigned int n = 0; n < n_out; ++n)
        {
          double largest = -std::numeric_limits<double>::infinity();
          for (unsigned int m = 0; m < n_in; ++m)
            {
              const double c = transpose ? C(m, n) : C(n, m);
              exponent[m]    = log_b[m] + (g[m] - c) / eps;
              largest        = std::max(largest, exponent[m]);
            }
          double sum = 0.;
          for (unsigned int m = 0; m < n_in; ++m)
            sum += std::exp(exponent[m] - largest);
          f[n] = -eps * (largest + std::log(sum));
        }
    }

    double
    dual_pairing(const WeightedPoints &p, const std::vector<double> &f)
    {
      double s = 0.;
      for (unsigned int n = 0; n < p.n_points(); ++n)
        if (p.weight(n) > 0.)
          s += p.weight(n) * f[n];
      return s;
    }

    /** The eps of the annealing steps: c_max, c_max / 2, ..., the target. */
    std::vector<double>
    epsilon_schedule(const double c_max, const double target)
    {
      std::vector<double> schedule;
      for (double eps = c_max; eps > target; eps /= 2.)
        schedule.push_back(eps);
      schedule.push_back(target);
      return schedule;
    }

    [[noreturn]] void
    not_converged(const SinkhornParameters &parameters, const double change)
    {
      std::ostringstream message;
      message << "sinkhorn_divergence: no convergence in "
              << parameters.max_iterations
              << " iterations at eps = " << parameters.epsilon
              << " (last change of the dual value " << change << " > tolerance "
              << parameters.tolerance
              << "): raise eps, the tolerance or max_iterations";
      throw std::runtime_error(message.str());
    }

    /** OT_eps(a, b) by alternating updates; adds to @p n_iterations. */
    double
    entropic_cost(const WeightedPoints     &a,
                  const WeightedPoints     &b,
                  const SinkhornParameters &parameters,
                  unsigned int             &n_iterations)
    {
      const CostMatrix          C(a, b, parameters.max_pairs);
      const std::vector<double> log_a = log_weights(a), log_b = log_weights(b);
      std::vector<double>       f(a.n_points(), 0.), g(b.n_points(), 0.);
      for (const double eps : epsilon_schedule(C.max, parameters.epsilon))
        {
          soft_transform(C, false, log_b, g, eps, f);
          soft_transform(C, true, log_a, f, eps, g);
        }
      double value = dual_pairing(a, f) + dual_pairing(b, g), change = 0.;
      for (unsigned int k = 0; k < parameters.max_iterations; ++k)
        {
          soft_transform(C, false, log_b, g, parameters.epsilon, f);
          soft_transform(C, true, log_a, f, parameters.epsilon, g);
          const double next = dual_pairing(a, f) + dual_pairing(b, g);
          change            = std::abs(next - value);
          value             = next;
          if (change <= parameters.tolerance)
            {
              n_iterations += k + 1;
              return value;
            }
        }
      not_converged(parameters, change);
    }

    /** OT_eps(a, a) = 2 <a, f> by the averaged symmetric update. */
    double
    symmetric_entropic_cost(const WeightedPoints     &a,
                            const SinkhornParameters &parameters,
                            unsigned int             &n_iterations)
    {
      const CostMatrix          C(a, a, parameters.max_pairs);
      const std::vector<double> log_a = log_weights(a);
      std::vector<double>       f(a.n_points(), 0.), t(a.n_points());
      const auto                averaged_update = [&](const double eps) {
        soft_transform(C, false, log_a, f, eps, t);
        for (std::size_t n = 0; n < f.size(); ++n)
          f[n] = (f[n] + t[n]) / 2.;
      };
      for (const double eps : epsilon_schedule(C.max, parameters.epsilon))
        averaged_update(eps);
      double value = 2. * dual_pairing(a, f), change = 0.;
      for (unsigned int k = 0; k < parameters.max_iterations; ++k)
        {
          averaged_update(parameters.epsilon);
          const double next = 2. * dual_pairing(a, f);
          change            = std::abs(next - value);
          value             = next;
          if (change <= parameters.tolerance)
            {
              n_iterations += k + 1;
              return value;
            }
        }
      not_converged(parameters, change);
    }
  } // namespace

  SinkhornDivergence
  sinkhorn_divergence(const WeightedPoints     &a,
                      const WeightedPoints     &b,
                      const SinkhornParameters &parameters)
  {
    check_same_dimension(a, b, "sinkhorn_divergence");
    if (!(parameters.epsilon > 0.) || !(parameters.tolerance > 0.))
      {
        std::ostringstream message;
        message << "sinkhorn_divergence: eps (" << parameters.epsilon
                << ") and the tolerance (" << parameters.tolerance
                << ") must be positive";
        throw std::invalid_argument(message.str());
      }

    SinkhornDivergence result;
    result.entropic_cost = entropic_cost(a, b, parameters, result.n_iterations);
    const double aa =
      symmetric_entropic_cost(a, parameters, result.n_iterations);
    const double bb =
      symmetric_entropic_cost(b, parameters, result.n_iterations);
    result.divergence = result.entropic_cost - (aa + bb) / 2.;
    result.distance   = std::sqrt(std::max(result.divergence, 0.));
    return result;
  }
} // namespace mfpg
