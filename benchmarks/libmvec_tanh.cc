// glibc's vector tanh (libmvec) over an array: this file alone is compiled
// with -ffast-math -march=native, under which GCC calls _ZGV*_tanh. The
// benchmark's reference for a tight vectorised tanh loop beside mfpg's
// tanh_of_array (model/vectorised_tanh.h).

#include "benchmarks/libmvec_tanh.h"

#include <cmath>

void
libmvec_tanh_of_array(const double *__restrict z,
                      double *__restrict t,
                      const unsigned int n)
{
  for (unsigned int i = 0; i < n; ++i)
    t[i] = std::tanh(z[i]);
}
