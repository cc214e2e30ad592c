#include "model/policy_regulariser.h"

#include "model/expression.h"
#include "model/parameter_file.h"

#include <boost/math/tools/roots.hpp>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <mutex>
#include <sstream>
#include <vector>


namespace mfpg
{
  struct PolicyRegulariser::Functions
  {
    Functions(const std::string &function, const std::string &derivative)
      : phi(function, {"p"}, "MDP/Policy regulariser function")
      , phi_prime(derivative, {"p"}, "MDP/Policy regulariser derivative")
    {
    }

    Expression         phi;
    Expression         phi_prime;
    mutable std::mutex lock;
  };

  namespace
  {
    std::string
    at(const double p)
    {
      std::ostringstream out;
      out << "p = " << p;
      return out.str();
    }
  } // namespace

  PolicyRegulariser::PolicyRegulariser(const std::string &type,
                                       const std::string &function,
                                       const std::string &derivative)
    : name(type)
  {
    if (type != "kl" && type != "tsallis" && type != "expression")
      throw ParameterError("MDP/Policy regulariser",
                           "kl, tsallis or expression, not '" + type + "'");
    if (type != "expression")
      return;
    functions = std::make_shared<const Functions>(function, derivative);
    // the checks on p = 10^-8 .. 10^4, 20 points per decade
    const double small = function_at(1e-12);
    if (!(std::abs(small) <= 1e-6))
      throw ParameterError("MDP/Policy regulariser function",
                           "phi(0+) must be 0 (the regulariser is evaluated "
                           "as sum_j pi_j phi(p_j) / p_j); phi(1e-12) = " +
                             std::to_string(small));
    // phi' non-decreasing from point to point (up to rounding) and rising
    // across every decade (20 points)
    std::vector<double> slopes, points;
    for (int k = -160; k <= 80; ++k)
      {
        const double p     = std::pow(10., k / 20.);
        const double slope = derivative_at(p);
        const double h     = 1e-5 * p;
        const double difference =
          (function_at(p + h) - function_at(p - h)) / (2. * h);
        if (!(std::abs(difference - slope) <=
              1e-5 * std::max(1., std::abs(slope))))
          throw ParameterError("MDP/Policy regulariser derivative",
                               "is not the derivative of Policy regulariser "
                               "function: " +
                                 std::to_string(slope) +
                                 " against the central difference " +
                                 std::to_string(difference) + " at " + at(p));
        const unsigned int n = slopes.size();
        if ((n > 0 &&
             slope < slopes[n - 1] - 1e-12 * std::max(1., std::abs(slope))) ||
            (n >= 20 && !(slope > slopes[n - 20])))
          throw ParameterError(
            "MDP/Policy regulariser function",
            "must be strictly convex (phi' increasing) for a unique soft "
            "maximum; phi' does not increase from " +
              at(
                points[n >= 20 && !(slope > slopes[n - 20]) ? n - 20 : n - 1]) +
              " to " + at(p));
        slopes.push_back(slope);
        points.push_back(p);
      }
  }

  double
  PolicyRegulariser::function_at(const double p) const
  {
    const std::lock_guard<std::mutex> guard(functions->lock);
    const double                      x = std::max(p, DBL_MIN);
    return functions->phi(dealii::ArrayView<const double>(&x, 1));
  }

  double
  PolicyRegulariser::derivative_at(const double p) const
  {
    const std::lock_guard<std::mutex> guard(functions->lock);
    const double                      x = std::max(p, DBL_MIN);
    return functions->phi_prime(dealii::ArrayView<const double>(&x, 1));
  }

  const std::string &
  PolicyRegulariser::type() const
  {
    return name;
  }

  bool
  PolicyRegulariser::is_kl() const
  {
    return name == "kl";
  }

  double
  PolicyRegulariser::cost(const double log_p) const
  {
    if (is_kl())
      return log_p;
    if (name == "tsallis")
      return std::exp(log_p) - 1.;
    const double p = std::max(std::exp(log_p), DBL_MIN);
    return function_at(p) / p;
  }

  double
  PolicyRegulariser::slope(const double log_p) const
  {
    if (is_kl())
      return log_p + 1.;
    if (name == "tsallis")
      return 2. * std::exp(log_p) - 1.;
    return derivative_at(std::exp(log_p));
  }

  PolicyRegulariser::SoftMaximum
  PolicyRegulariser::soft_maximum(const dealii::ArrayView<const double> &Q,
                                  const dealii::ArrayView<const double> &mu,
                                  const double tau) const
  {
    const unsigned int n = Q.size();
    SoftMaximum        result{0., std::vector<double>(n, 0.)};
    // the actions the reference weights charge (a hard constraint's mu
    // vanishes on the others), by decreasing Q
    std::vector<unsigned int> order;
    for (unsigned int j = 0; j < n; ++j)
      if (mu[j] > 0.)
        order.push_back(j);
    std::stable_sort(order.begin(),
                     order.end(),
                     [&](const unsigned int a, const unsigned int b) {
                       return Q[a] > Q[b];
                     });
    const unsigned int best = order.front();
    if (tau == 0.)
      {
        result.value         = Q[best];
        result.density[best] = 1. / mu[best];
        return result;
      }
    if (is_kl())
      {
        double sum = 0.;
        for (const unsigned int j : order)
          sum += mu[j] * std::exp((Q[j] - Q[best]) / tau);
        result.value = Q[best] + tau * std::log(sum);
        for (const unsigned int j : order)
          result.density[j] = std::exp((Q[j] - result.value) / tau);
        return result;
      }
    if (name == "expression")
      return expression_soft_maximum(Q, mu, order, tau);
    // tsallis: with the k largest Q active, sum mu p = 1 gives
    // lambda_k = (sum mu Q + tau sum mu - 2 tau) / sum mu over them; the
    // active set is the k at which the k-th action stays positive and the
    // (k+1)-th does not (p_j decreases with Q_j)
    double       weight = 0., weighted_Q = 0., lambda = 0.;
    unsigned int active = 0;
    for (unsigned int k = 0; k < order.size(); ++k)
      {
        weight += mu[order[k]];
        weighted_Q += mu[order[k]] * Q[order[k]];
        lambda = (weighted_Q + tau * weight - 2. * tau) / weight;
        active = k + 1;
        if (k + 1 == order.size() ||
            (Q[order[k + 1]] - lambda) / (2. * tau) + 0.5 <= 0.)
          break;
      }
    for (unsigned int k = 0; k < active; ++k)
      {
        const unsigned int j = order[k];
        const double       p = std::max((Q[j] - lambda) / (2. * tau) + 0.5, 0.);
        result.density[j]    = p;
        result.value += mu[j] * (p * Q[j] - tau * (p * p - p));
      }
    return result;
  }

  PolicyRegulariser::SoftMaximum
  PolicyRegulariser::expression_soft_maximum(
    const dealii::ArrayView<const double> &Q,
    const dealii::ArrayView<const double> &mu,
    const std::vector<unsigned int>       &order,
    const double                           tau) const
  {
    using boost::math::tools::eps_tolerance;
    using boost::math::tools::toms748_solve;
    const double floor = derivative_at(DBL_MIN); // phi'(0+)
    // p with phi'(p) = y, 0 at or below phi'(0+): a search in ln p
    const auto inverse = [&](const double y) {
      if (!(y > floor))
        return 0.;
      double hi = 0.;
      while (derivative_at(std::exp(hi)) < y)
        if ((hi += 8.) > 700.)
          throw std::runtime_error("MDP/Policy regulariser derivative: no p "
                                   "below e^700 with phi'(p) = " +
                                   std::to_string(y));
      std::uintmax_t iterations = 200;
      const auto     root       = toms748_solve(
        [&](const double u) { return derivative_at(std::exp(u)) - y; },
        std::log(DBL_MIN),
        hi,
        eps_tolerance<double>(52),
        iterations);
      return std::exp(0.5 * (root.first + root.second));
    };
    const auto density_at = [&](const double lambda, const unsigned int j) {
      return inverse((Q[j] - lambda) / tau);
    };
    const auto excess_mass = [&](const double lambda) {
      double mass = 0.;
      for (const unsigned int j : order)
        mass += mu[j] * density_at(lambda, j);
      return mass - 1.;
    };
    // the mass falls as lambda rises: bracket the root by doubling steps
    const double top = Q[order.front()];
    double       lo = top - tau, hi = top, step = tau;
    while (excess_mass(lo) < 0.)
      lo -= (step *= 2.);
    step = tau;
    while (excess_mass(hi) > 0.)
      hi += (step *= 2.);
    std::uintmax_t iterations = 200;
    const auto     root =
      toms748_solve(excess_mass, lo, hi, eps_tolerance<double>(52), iterations);
    const double lambda = 0.5 * (root.first + root.second);
    SoftMaximum  result{0., std::vector<double>(Q.size(), 0.)};
    for (const unsigned int j : order)
      {
        const double p    = density_at(lambda, j);
        result.density[j] = p;
        if (p > 0.)
          result.value += mu[j] * (p * Q[j] - tau * function_at(p));
      }
    return result;
  }
} // namespace mfpg
