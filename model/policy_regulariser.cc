#include "model/policy_regulariser.h"

#include "model/parameter_file.h"

#include <algorithm>
#include <cmath>


namespace mfpg
{
  PolicyRegulariser::PolicyRegulariser(const std::string &type)
    : name(type)
  {
    if (type != "kl" && type != "tsallis")
      throw ParameterError("MDP/Policy regulariser",
                           "kl or tsallis, not '" + type + "'");
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
    return is_kl() ? log_p : std::exp(log_p) - 1.;
  }

  double
  PolicyRegulariser::slope(const double log_p) const
  {
    return is_kl() ? log_p + 1. : 2. * std::exp(log_p) - 1.;
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
} // namespace mfpg
