#include "simd/vectorised_tanh.h"

namespace mfpg
{
  void
  tanh_of_array(const double *__restrict z,
                double *__restrict t,
                const unsigned int n)
  {
#pragma omp simd
    for (unsigned int i = 0; i < n; ++i)
      t[i] = tanh_in_lane(z[i]);
  }

  void
  tanh_of_array_in_lanes(const double *__restrict z,
                         double *__restrict t,
                         const unsigned int n)
  {
    unsigned int i = 0;
    for (; i + n_lanes <= n; i += n_lanes)
      store_lanes(t + i, tanh_in_lane(load_lanes(z + i)));
    for (; i < n; ++i)
      t[i] = tanh_in_lane(z[i]);
  }
} // namespace mfpg
