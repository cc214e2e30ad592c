#include "model/softmax_policy.h"

#include <cmath>

namespace mfpg
{
  SoftmaxPolicy::SoftmaxPolicy(const dealii::FullMatrix<double> &F,
                               const dealii::Vector<double>     &mu)
    : log_p(F.m(), F.n())
    , pi(F.m(), F.n())
  {
    AssertDimension(F.n(), mu.size());
    for (unsigned int i = 0; i < F.m(); ++i)
      {
        double F_max = F(i, 0);
        for (unsigned int j = 1; j < F.n(); ++j)
          F_max = std::max(F_max, F(i, j));
        double Z = 0.; // Z_i e^{-F_max}
        for (unsigned int j = 0; j < F.n(); ++j)
          Z += mu[j] * std::exp(F(i, j) - F_max);
        const double log_Z = F_max + std::log(Z);
        for (unsigned int j = 0; j < F.n(); ++j)
          {
            log_p(i, j) = F(i, j) - log_Z;
            pi(i, j)    = mu[j] * std::exp(log_p(i, j));
          }
      }
  }

  const dealii::FullMatrix<double> &
  SoftmaxPolicy::log_density() const
  {
    return log_p;
  }

  const dealii::FullMatrix<double> &
  SoftmaxPolicy::probabilities() const
  {
    return pi;
  }
} // namespace mfpg
