#ifndef mfpg_tests_particles_fitted_slope_h
#define mfpg_tests_particles_fitted_slope_h

#include <vector>

namespace mfpg::test
{
  /** The least-squares slope of @p y against @p x (an observed order). */
  inline double
  fitted_slope(const std::vector<double> &x, const std::vector<double> &y)
  {
    const unsigned int n      = x.size();
    double             mean_x = 0., mean_y = 0.;
    for (unsigned int i = 0; i < n; ++i)
      {
        mean_x += x[i] / n;
        mean_y += y[i] / n;
      }
    double sxy = 0., sxx = 0.;
    for (unsigned int i = 0; i < n; ++i)
      {
        sxy += (x[i] - mean_x) * (y[i] - mean_y);
        sxx += (x[i] - mean_x) * (x[i] - mean_x);
      }
    return sxy / sxx;
  }
} // namespace mfpg::test

#endif
