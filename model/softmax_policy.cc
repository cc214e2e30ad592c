#include "model/softmax_policy.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace mfpg
{
  SoftmaxPolicy::SoftmaxPolicy(const dealii::FullMatrix<double> &F,
                               const dealii::FullMatrix<double> &mu)
    : log_p(F.m(), F.n())
    , pi(F.m(), F.n())
  {
    AssertDimension(F.m(), mu.m());
    AssertDimension(F.n(), mu.n());
    for (unsigned int i = 0; i < F.m(); ++i)
      {
        double top = -std::numeric_limits<double>::infinity();
        for (unsigned int j = 0; j < F.n(); ++j)
          if (mu(i, j) > 0.)
            top = std::max(top, F(i, j) + std::log(mu(i, j)));
        double Z = 0.; // Z_i e^{-top}
        for (unsigned int j = 0; j < F.n(); ++j)
          if (mu(i, j) > 0.)
            Z += std::exp(F(i, j) + std::log(mu(i, j)) - top);
        const double log_Z = top + std::log(Z);
        for (unsigned int j = 0; j < F.n(); ++j)
          {
            log_p(i, j) = F(i, j) - log_Z;
            pi(i, j)    = mu(i, j) * std::exp(log_p(i, j));
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
