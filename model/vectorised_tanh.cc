#include "model/vectorised_tanh.h"

#include <cmath>

namespace mfpg
{
  void
  tanh_of_array(const double *__restrict z,
                double *__restrict t,
                const unsigned int n)
  {
    for (unsigned int i = 0; i < n; ++i)
      {
        const double e = std::expm1(-2. * std::abs(z[i]));
        t[i]           = std::copysign(-e / (e + 2.), z[i]);
      }
  }
} // namespace mfpg
