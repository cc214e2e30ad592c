#include "model/vectorised_tanh.h"

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
} // namespace mfpg
