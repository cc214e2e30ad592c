// Two loops over an array by glibc's vector functions (libmvec): this file
// alone is compiled with -ffast-math -march=native, under which GCC calls
// _ZGV*_tanh and _ZGV*_expm1. The benchmark's references for a tight
// vectorised tanh loop beside mfpg's tanh_of_array (simd/vectorised_tanh.h).

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

void
libmvec_expm1_tanh_of_array(const double *__restrict z,
                            double *__restrict t,
                            const unsigned int n)
{
  for (unsigned int i = 0; i < n; ++i)
    {
      const double e = std::expm1(-2. * std::abs(z[i]));
      t[i]           = std::copysign(-e / (e + 2.), z[i]);
    }
}
