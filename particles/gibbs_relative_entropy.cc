#include "particles/gibbs_relative_entropy.h"

#include "model/feature.h"
#include "model/potential.h"
#include "particles/mckean_vlasov_drift.h"

#include <algorithm>
#include <cmath>
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
  } // namespace

  double
  gibbs_relative_entropy_1d(const McKeanVlasovDrift          &drift,
                            const std::vector<double>        &theta,
                            const dealii::FullMatrix<double> &W)
  {
    const double sigma = drift.sigma();
    if (!(sigma > 0.) || theta.size() < 4 || drift.n_parameters() != 1)
      return std::numeric_limits<double>::quiet_NaN();
    const auto Phi = [&](const double t) {
      return drift.potential().value({&t, 1}) -
             2. / (sigma * sigma) * drift.feature().first_variation({&t, 1}, W);
    };

    std::vector<double> x = theta;
    std::sort(x.begin(), x.end());
    double mean_Phi = 0., mean = 0., square = 0.;
    for (const double t : x)
      {
        mean_Phi += Phi(t) / x.size();
        mean += t / x.size();
        square += t * t / x.size();
      }
    const double spread = std::sqrt(std::max(square - mean * mean, 0.));

    const unsigned int  n  = 4001;
    const double        lo = x.front() - 8. * spread;
    const double        hi = x.back() + 8. * spread;
    const double        h  = (hi - lo) / (n - 1);
    std::vector<double> minus_Phi(n);
    for (unsigned int k = 0; k < n; ++k)
      minus_Phi[k] = -Phi(lo + k * h);
    const double largest =
      *std::max_element(minus_Phi.begin(), minus_Phi.end());
    double Z = 0.;
    for (unsigned int k = 0; k < n; ++k)
      Z += (k == 0 || k + 1 == n ? 0.5 : 1.) * std::exp(minus_Phi[k] - largest);
    const double log_Z = largest + std::log(Z * h);

    return -spacing_entropy(x) + mean_Phi + log_Z;
  }
} // namespace mfpg
