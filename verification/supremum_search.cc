#include "verification/supremum_search.h"

#include <deal.II/lac/solver_control.h>
#include <deal.II/optimization/solver_bfgs.h>

#include "model/random_stream.h"

#include <cmath>
#include <limits>
#include <sstream>

namespace mfpg
{
  std::string
  box_name(const double bound, const unsigned int d)
  {
    std::ostringstream name;
    name << "[" << -bound << ", " << bound << "]^" << d;
    return name.str();
  }

  namespace
  {
    std::vector<double>
    as_std_vector(const dealii::Vector<double> &x)
    {
      return std::vector<double>(x.begin(), x.end());
    }
  } // namespace

  std::vector<dealii::Vector<double>>
  box_grid(const unsigned int d, const double bound, const unsigned int n)
  {
    unsigned int n_points = 1;
    for (unsigned int k = 0; k < d; ++k)
      n_points *= n;
    std::vector<dealii::Vector<double>> points(n_points,
                                               dealii::Vector<double>(d));
    for (unsigned int q = 0; q < n_points; ++q)
      for (unsigned int k = 0, rest = q; k < d; ++k, rest /= n)
        points[q][k] = -bound + 2. * bound * (rest % n) / std::max(1u, n - 1);
    return points;
  }

  TheoryConstant
  box_maximum(const SupremumObjective &objective,
              const unsigned int       d,
              const double             bound,
              const unsigned int       n)
  {
    TheoryConstant result{-std::numeric_limits<double>::infinity(),
                          TheoryConstant::Bound::lower_bound,
                          "",
                          box_name(bound, d)};
    for (const dealii::Vector<double> &x : box_grid(d, bound, n))
      {
        const double value = objective(x);
        if (value > result.value)
          {
            result.value  = value;
            result.argmax = as_std_vector(x);
          }
      }
    std::ostringstream method;
    method << "largest value on the grid of " << n << "^" << d
           << " points of the box";
    result.method = method.str();
    return result;
  }

  TheoryConstant
  growing_box_estimate(const BoxEstimate    &estimate,
                       const unsigned int    d,
                       const SupremumSearch &search)
  {
    double         bound         = search.initial_bound;
    TheoryConstant result        = estimate(bound);
    result.growing_boxes         = {{bound, result.value}};
    unsigned int n_small_changes = 0;
    for (unsigned int k = 1; k <= search.max_doublings && n_small_changes < 2;
         ++k)
      {
        bound *= 2.;
        const TheoryConstant box = estimate(bound);
        result.growing_boxes.emplace_back(bound, box.value);
        const double previous = result.value;
        if (box.value > result.value)
          {
            result.value  = box.value;
            result.argmax = box.argmax;
          }
        n_small_changes =
          result.value - previous <= search.tolerance * std::abs(result.value) ?
            n_small_changes + 1 :
            0;
      }
    const bool         settled = n_small_changes == 2;
    std::ostringstream method;
    method << "largest over the boxes [-2^k b, 2^k b]^" << d
           << ", b = " << search.initial_bound << ", "
           << (settled ? "settled: the last two doublings each raised it by "
                         "at most " :
                         "NOT settled within ")
           << (settled ? search.tolerance * 100 : search.max_doublings)
           << (settled ? " %" : " doublings")
           << "; on the first box: " << result.method;
    result.method = method.str();
    result.region = settled ? "R^" + std::to_string(d) : box_name(bound, d);
    return result;
  }

  TheoryConstant
  growing_box_maximum(const SupremumObjective &objective,
                      const unsigned int       d,
                      const SupremumSearch    &search)
  {
    return growing_box_estimate(
      [&](const double bound) {
        return box_maximum(objective, d, bound, search.n_per_axis);
      },
      d,
      search);
  }

  TheoryConstant
  optimised_maximum(const SupremumObjective                   &objective,
                    const unsigned int                         d,
                    const SupremumSearch                      &search,
                    const std::vector<dealii::Vector<double>> &starts)
  {
    TheoryConstant result{-std::numeric_limits<double>::infinity(),
                          TheoryConstant::Bound::lower_bound,
                          "",
                          "R^" + std::to_string(d)};
    const auto     evaluate = [&](const dealii::Vector<double> &x) {
      const double value = objective(x);
      if (value > result.value)
        {
          result.value  = value;
          result.argmax = as_std_vector(x);
        }
      return value;
    };
    // SolverBFGS minimises: f = -objective, gradient by central differences
    const auto compute = [&](const dealii::Vector<double> &x,
                             dealii::Vector<double>       &gradient) {
      dealii::Vector<double> shifted(x);
      for (unsigned int k = 0; k < d; ++k)
        {
          const double h     = 1e-4 * std::max(1., std::abs(x[k]));
          shifted[k]         = x[k] + h;
          const double plus  = evaluate(shifted);
          shifted[k]         = x[k] - h;
          const double minus = evaluate(shifted);
          shifted[k]         = x[k];
          gradient[k]        = -(plus - minus) / (2. * h);
        }
      return -evaluate(x);
    };

    std::vector<dealii::Vector<double>> all_starts = starts;
    all_starts.emplace_back(d);
    std::vector<dealii::Vector<double>> directions;
    for (unsigned int k = 0; k < d; ++k)
      for (const double sign : {-1., 1.})
        {
          directions.emplace_back(d);
          directions.back()[k] = sign;
        }
    for (unsigned int q = 0; q < search.n_random_directions; ++q)
      {
        RandomStream           random(search.seed, q, 3);
        dealii::Vector<double> u(d);
        for (double &x : u)
          x = random.normal();
        u /= u.l2_norm();
        directions.push_back(u);
      }
    for (const double radius : {1., 4., 16.})
      for (dealii::Vector<double> u : directions)
        {
          u *= radius * search.initial_bound;
          all_starts.push_back(u);
        }

    unsigned int n_converged = 0;
    for (dealii::Vector<double> x : all_starts)
      {
        // the gradient of a value of order 1 by differences of step 1e-4
        // is accurate to about 1e-8 (truncation) plus the objective's own
        // noise over 1e-4: stop at 1e-6
        dealii::SolverControl control(search.max_iterations,
                                      1e-6 *
                                        std::max(1., std::abs(result.value)),
                                      false,
                                      false);
        dealii::SolverBFGS<dealii::Vector<double>> bfgs(control);
        try
          {
            bfgs.solve(compute, x);
            ++n_converged;
          }
        catch (const dealii::ExceptionBase &)
          {
            // no convergence or a failed line search: the values evaluated
            // on the way still count (each is a value of the objective)
          }
      }
    std::ostringstream method;
    method << "largest value reached by BFGS from " << all_starts.size()
           << " starts (" << starts.size() << " given, the origin, and "
           << directions.size()
           << " directions at radii b, 4b, 16b, b = " << search.initial_bound
           << "); " << n_converged << " of the searches converged";
    result.method = method.str();
    return result;
  }

  TheoryConstant
  global_maximum(const SupremumObjective &objective,
                 const unsigned int       d,
                 const SupremumSearch    &search)
  {
    const TheoryConstant growing = growing_box_maximum(objective, d, search);
    const TheoryConstant optimised =
      optimised_maximum(objective,
                        d,
                        search,
                        {dealii::Vector<double>(growing.argmax.begin(),
                                                growing.argmax.end())});
    TheoryConstant result =
      optimised.value > growing.value ? optimised : growing;
    result.growing_boxes = growing.growing_boxes;
    result.region        = "R^" + std::to_string(d);
    std::ostringstream method;
    method << "the larger of " << growing.value << " (" << growing.method
           << ") and " << optimised.value << " (" << optimised.method << ")";
    result.method = method.str();
    return result;
  }
} // namespace mfpg
