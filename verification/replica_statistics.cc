#include "verification/replica_statistics.h"

#include <boost/math/distributions/students_t.hpp>

#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <stdexcept>

namespace mfpg
{
  double
  ReplicaEstimate::z() const
  {
    return mean / standard_error;
  }

  std::string
  ReplicaEstimate::text(const int digits, const int se_digits) const
  {
    if (std::isnan(mean))
      return "—";
    std::ostringstream out;
    out << std::setprecision(digits) << mean;
    if (replicas < 2)
      out << " (1 replica, no SE)";
    else
      out << " ± " << std::setprecision(se_digits > 0 ? se_digits : digits)
          << standard_error;
    return out.str();
  }

  ReplicaEstimate
  replica_estimate(const std::vector<double> &values)
  {
    if (values.empty())
      throw std::invalid_argument("replica_estimate: no replicas");
    const double r    = values.size();
    double       mean = 0.;
    for (const double x : values)
      mean += x / r;
    double squares = 0.;
    for (const double x : values)
      squares += (x - mean) * (x - mean);
    const double se = values.size() < 2 ?
                        std::numeric_limits<double>::quiet_NaN() :
                        std::sqrt(squares / (r - 1.) / r);
    return {mean, se, static_cast<unsigned int>(values.size())};
  }

  std::vector<ReplicaEstimate>
  replica_estimates(const std::vector<std::vector<double>> &runs)
  {
    if (runs.empty())
      throw std::invalid_argument("replica_estimates: no replicas");
    std::vector<ReplicaEstimate> estimates;
    for (std::size_t c = 0; c < runs[0].size(); ++c)
      {
        std::vector<double> values;
        for (const std::vector<double> &run : runs)
          {
            if (run.size() != runs[0].size())
              throw std::invalid_argument(
                "replica_estimates: replicas with different quantities");
            values.push_back(run[c]);
          }
        estimates.push_back(replica_estimate(values));
      }
    return estimates;
  }

  double
  bonferroni_t(const double       alpha,
               const unsigned int m,
               const unsigned int degrees_of_freedom)
  {
    if (!(alpha > 0. && alpha < 1.) || m == 0 || degrees_of_freedom == 0)
      throw std::invalid_argument(
        "bonferroni_t: needs 0 < alpha < 1, at least one test and one "
        "degree of freedom (two replicas)");
    return boost::math::quantile(boost::math::students_t(
                                   double(degrees_of_freedom)),
                                 1. - alpha / (2. * m));
  }

  bool
  FittedSlope::consistent_with(const double value, const double z) const
  {
    return std::abs(slope - value) <= z * standard_error;
  }

  FittedSlope
  weighted_slope(const std::vector<double> &x,
                 const std::vector<double> &y,
                 const std::vector<double> &sd)
  {
    if (x.size() != y.size() || x.size() != sd.size() || x.size() < 2)
      throw std::invalid_argument(
        "weighted_slope: needs x, y, sd of one length, at least two");
    bool known = true;
    for (const double s : sd)
      known = known && s > 0. && std::isfinite(s);
    std::vector<double> w(x.size(), 1.);
    if (known)
      for (std::size_t i = 0; i < x.size(); ++i)
        w[i] = 1. / (sd[i] * sd[i]);
    double sum_w = 0., mean_x = 0., mean_y = 0.;
    for (std::size_t i = 0; i < x.size(); ++i)
      sum_w += w[i];
    for (std::size_t i = 0; i < x.size(); ++i)
      {
        mean_x += w[i] * x[i] / sum_w;
        mean_y += w[i] * y[i] / sum_w;
      }
    double sxx = 0., sxy = 0.;
    for (std::size_t i = 0; i < x.size(); ++i)
      {
        sxx += w[i] * (x[i] - mean_x) * (x[i] - mean_x);
        sxy += w[i] * (x[i] - mean_x) * (y[i] - mean_y);
      }
    if (!(sxx > 0.))
      throw std::invalid_argument("weighted_slope: needs two distinct x");
    return {sxy / sxx,
            known ? 1. / std::sqrt(sxx) :
                    std::numeric_limits<double>::quiet_NaN()};
  }

  FittedSlope
  rate_in_n(const std::vector<unsigned int>    &n,
            const std::vector<ReplicaEstimate> &values)
  {
    std::vector<double> x, y, sd;
    for (std::size_t i = 0; i < n.size(); ++i)
      {
        x.push_back(std::log(double(n[i])));
        y.push_back(std::log(values[i].mean));
        sd.push_back(values[i].standard_error / values[i].mean);
      }
    return weighted_slope(x, y, sd);
  }
} // namespace mfpg
