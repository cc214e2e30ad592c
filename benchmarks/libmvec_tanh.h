#ifndef mfpg_benchmarks_libmvec_tanh_h
#define mfpg_benchmarks_libmvec_tanh_h

/** t_i = tanh z_i by glibc's vector tanh (see libmvec_tanh.cc). */
void
libmvec_tanh_of_array(const double *z, double *t, const unsigned int n);

#endif
