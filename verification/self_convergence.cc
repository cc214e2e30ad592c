#include "verification/self_convergence.h"

#include <deal.II/base/exceptions.h>

#include <algorithm>
#include <cmath>
#include <limits>

namespace mfpg
{
  double
  triple_order(const double coarse_difference, const double fine_difference)
  {
    if (!(std::abs(coarse_difference) > std::abs(fine_difference) &&
          fine_difference != 0.))
      return std::numeric_limits<double>::quiet_NaN();
    return std::log2(std::abs(coarse_difference / fine_difference));
  }

  namespace
  {
    /** 1 / (2^p - 1), the weight of the finest difference in the limit. */
    double
    richardson_weight(const double order)
    {
      return 1. / (std::pow(2., order) - 1.);
    }

    /** The order of the signed differences: NaN when they change sign. */
    double
    signed_triple_order(const double coarse_difference,
                        const double fine_difference)
    {
      if (coarse_difference * fine_difference <= 0.)
        return std::numeric_limits<double>::quiet_NaN();
      return triple_order(coarse_difference, fine_difference);
    }
  } // namespace

  double
  richardson_correction(const double coarse,
                        const double fine,
                        const double order)
  {
    return (fine - coarse) * richardson_weight(order);
  }

  std::vector<std::string>
  moment_output_names(const unsigned int d)
  {
    std::vector<std::string> names;
    for (unsigned int k = 0; k < d; ++k)
      names.push_back("mean_" + std::to_string(k + 1));
    for (unsigned int k = 0; k < d; ++k)
      for (unsigned int l = k; l < d; ++l)
        names.push_back("covariance_" + std::to_string(k + 1) +
                        std::to_string(l + 1));
    names.push_back("V");
    return names;
  }

  std::vector<double>
  moment_outputs(const dealii::Vector<double>     &mean,
                 const dealii::FullMatrix<double> &covariance,
                 const double                      objective)
  {
    std::vector<double> outputs(mean.begin(), mean.end());
    for (unsigned int k = 0; k < mean.size(); ++k)
      for (unsigned int l = k; l < mean.size(); ++l)
        outputs.push_back(covariance(k, l));
    outputs.push_back(objective);
    return outputs;
  }

  bool
  SelfConvergence::Limit::agrees_with_exact() const
  {
    return std::abs(value - exact) <= uncertainty;
  }

  SelfConvergence::SelfConvergence(std::vector<std::string>  names,
                                   std::vector<unsigned int> columns,
                                   const double              expected_order,
                                   const ErrorDecay          decay)
    : names(std::move(names))
    , columns(std::move(columns))
    , expected_order(expected_order)
    , decay(decay)
    , exact(this->names.size(), std::numeric_limits<double>::quiet_NaN())
  {
    AssertDimension(this->names.size(), this->columns.size());
  }

  void
  SelfConvergence::add_level(const std::vector<double> &outputs)
  {
    AssertDimension(outputs.size(), names.size());
    levels.push_back(outputs);
  }

  void
  SelfConvergence::set_exact(const std::vector<double> &values)
  {
    AssertDimension(values.size(), names.size());
    exact = values;
  }

  unsigned int
  SelfConvergence::n_levels() const
  {
    return levels.size();
  }

  SelfConvergence::Limit
  SelfConvergence::limit(const unsigned int output,
                         const unsigned int finest) const
  {
    Assert(finest >= 2, dealii::ExcMessage("a limit needs three levels"));
    if (decay == ErrorDecay::geometric)
      return aitken_limit(output, finest);
    const double q    = levels[finest][output];
    const double fine = q - levels[finest - 1][output];
    const double coarse =
      levels[finest - 1][output] - levels[finest - 2][output];
    const double order = signed_triple_order(coarse, fine);
    const double expected_limit =
      q + richardson_correction(levels[finest - 1][output], q, expected_order);
    if (std::isnan(order))
      return {names[output],
              order,
              expected_limit,
              std::abs(fine) + std::abs(coarse),
              exact[output]};
    const double value       = q + fine * richardson_weight(order);
    double       uncertainty = std::abs(value - expected_limit);
    if (finest >= 3)
      uncertainty = std::max(uncertainty,
                             std::abs(value - limit(output, finest - 1).value));
    return {names[output], order, value, uncertainty, exact[output]};
  }

  SelfConvergence::Limit
  SelfConvergence::aitken_limit(const unsigned int output,
                                const unsigned int finest) const
  {
    const double nan  = std::numeric_limits<double>::quiet_NaN();
    const double q    = levels[finest][output];
    const double fine = q - levels[finest - 1][output];
    const double coarse =
      levels[finest - 1][output] - levels[finest - 2][output];
    const double ratio = fine / coarse;
    if (!(std::abs(ratio) < 1.))
      return {names[output],
              nan,
              q,
              std::abs(fine) + std::abs(coarse),
              exact[output],
              nan};
    const double value       = q - fine * fine / (fine - coarse);
    const double uncertainty = std::abs(
      value - (finest >= 3 ? aitken_limit(output, finest - 1).value : q));
    return {names[output], nan, value, uncertainty, exact[output], ratio};
  }

  std::vector<SelfConvergence::Limit>
  SelfConvergence::limits() const
  {
    AssertThrow(levels.size() >= 3,
                dealii::ExcMessage("self-convergence needs three levels"));
    std::vector<Limit> result;
    for (unsigned int k = 0; k < names.size(); ++k)
      result.push_back(limit(k, levels.size() - 1));
    return result;
  }

  std::vector<double>
  SelfConvergence::errors(const unsigned int i) const
  {
    AssertIndexRange(i, levels.size());
    const std::vector<Limit> all = limits();
    std::vector<double>      result(
      *std::max_element(columns.begin(), columns.end()) + 1, 0.);
    for (unsigned int k = 0; k < names.size(); ++k)
      result[columns[k]] =
        std::max(result[columns[k]], std::abs(levels[i][k] - all[k].value));
    return result;
  }

  std::vector<double>
  self_convergence_errors(
    const std::vector<dealii::Vector<double>>                   &levels,
    const std::function<double(const dealii::Vector<double> &)> &norm,
    const double                                                 expected_order,
    const ErrorDecay                                             decay)
  {
    const unsigned int L = levels.size() - 1;
    AssertThrow(levels.size() >= 3,
                dealii::ExcMessage("self-convergence needs three levels"));
    dealii::Vector<double> fine = levels[L], coarse = levels[L - 1];
    fine -= levels[L - 1];
    coarse -= levels[L - 2];
    // the Richardson weight 1 / (2^p - 1) at the observed order is rho /
    // (1 - rho) for rho = 2^-p: Aitken's weight when the decay is geometric
    const double           order = triple_order(norm(coarse), norm(fine));
    dealii::Vector<double> limit = levels[L];
    if (!std::isnan(order) || decay == ErrorDecay::algebraic)
      limit.add(richardson_weight(std::isnan(order) ? expected_order : order),
                fine);
    std::vector<double> errors;
    for (const dealii::Vector<double> &v : levels)
      {
        dealii::Vector<double> error = v;
        error -= limit;
        errors.push_back(norm(error));
      }
    return errors;
  }
} // namespace mfpg
