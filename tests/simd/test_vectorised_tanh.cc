// The vectorised tanh of the features' SIMD kernels (simd/vectorised_tanh.h)
// against std::tanh.

#include <gtest/gtest.h>

#include "simd/vectorised_tanh.h"
#include "tests/cases.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

using namespace mfpg;

TEST(VectorisedTanh, AgreesWithStdTanhToAFewUlp)
{
  // a uniform grid of [-25, 25] and, for the relative accuracy near 0 and
  // the reduction's switch points, |z| = 10^-300 ... 10 log-spaced
  const unsigned int  n = 200001, n_log = 60001;
  std::vector<double> z(n + n_log), t(n + n_log);
  for (unsigned int i = 0; i < n; ++i)
    z[i] = -25. + 50. * i / (n - 1);
  z[n / 2] = 0.;
  for (unsigned int i = 0; i < n_log; ++i)
    z[n + i] =
      (i % 2 == 0 ? 1. : -1.) * std::pow(10., -300. + 301. * i / (n_log - 1));
  tanh_of_array(z.data(), t.data(), z.size());
  double worst = 0.;
  for (unsigned int i = 0; i < z.size(); ++i)
    {
      const double exact = std::tanh(z[i]);
      const double ulp = std::nextafter(std::abs(exact), 2.) - std::abs(exact);
      worst = std::max(worst, std::abs(t[i] - exact) / (ulp > 0. ? ulp : 1.));
    }
  test::report("tanh_of_array vs std::tanh on [-25, 25] and 1e-300 ... 10: "
               "max error in ulp",
               worst);
  // 3 ulp measured for SSE2, AVX2 and AVX-512 builds, with and without
  // contraction into FMAs (the only difference between targets); one ulp
  // of slack
  EXPECT_LE(worst, 4.);
  // the sweeps' form on Lanes: the same bits, NaNs and saturation included
  std::vector<double> t_lanes(z.size());
  tanh_of_array_in_lanes(z.data(), t_lanes.data(), z.size());
  EXPECT_EQ(std::memcmp(t.data(), t_lanes.data(), t.size() * sizeof(double)),
            0);
  EXPECT_EQ(t[n / 2], 0.);
  EXPECT_EQ(t[0], -1.);
  EXPECT_EQ(t[n - 1], 1.);

  // a NaN (a particle that blew up) stays a NaN; huge arguments saturate
  const double extreme[3] = {std::numeric_limits<double>::quiet_NaN(),
                             1e300,
                             -1e300};
  double       tanh_extreme[3];
  tanh_of_array(extreme, tanh_extreme, 3);
  EXPECT_TRUE(std::isnan(tanh_extreme[0]));
  EXPECT_EQ(tanh_extreme[1], 1.);
  EXPECT_EQ(tanh_extreme[2], -1.);
  double extremes[8], tanh_extremes[8];
  for (unsigned int i = 0; i < 8; ++i)
    extremes[i] = extreme[i % 3];
  tanh_of_array_in_lanes(extremes, tanh_extremes, 8);
  for (unsigned int i = 0; i < 8; ++i)
    if (i % 3 == 0)
      EXPECT_TRUE(std::isnan(tanh_extremes[i]));
    else
      EXPECT_EQ(tanh_extremes[i], tanh_extreme[i % 3]);
}
