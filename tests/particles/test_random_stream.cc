// The random numbers of the particle system: Philox4x32-10 reproduces the
// known-answer vectors of Random123, and the Brownian increments with R
// substeps are the normalised sums of those of the finer step (common
// random numbers across time steps).

#include <gtest/gtest.h>

#include "particles/brownian_increments.h"
#include "model/random_stream.h"
#include "tests/cases.h"

#include <cmath>

using namespace mfpg;

TEST(RandomStream, Philox4x32ReproducesRandom123KnownAnswers)
{
  // Random123's kat_vectors: counter, key -> output
  EXPECT_EQ(philox4x32({{0u, 0u, 0u, 0u}}, {{0u, 0u}}),
            (std::array<std::uint32_t, 4>{
              {0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u}}));
  EXPECT_EQ(philox4x32({{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}},
                       {{0xffffffffu, 0xffffffffu}}),
            (std::array<std::uint32_t, 4>{
              {0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu}}));
  EXPECT_EQ(philox4x32({{0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u}},
                       {{0xa4093822u, 0x299f31d0u}}),
            (std::array<std::uint32_t, 4>{
              {0xd16cfe09u, 0x94fdccebu, 0x5001e420u, 0x24126ea1u}}));
}

TEST(RandomStream, NormalsHaveUnitVarianceAndStreamsAreIndependent)
{
  // 10^5 normals from 10^4 streams (particle n, step 7) of 10 numbers each;
  // mean and variance within 4 standard errors (1/sqrt(M), sqrt(2/M)), and
  // the correlation of neighbouring streams' first numbers within 4/sqrt(n).
  const unsigned int n_streams = 10000, per_stream = 10;
  const double       M   = n_streams * per_stream;
  double             sum = 0., sum2 = 0., cross = 0., previous = 0.;
  for (unsigned int n = 0; n < n_streams; ++n)
    {
      RandomStream stream(2024, n, 7);
      for (unsigned int i = 0; i < per_stream; ++i)
        {
          const double z = stream.normal();
          sum += z;
          sum2 += z * z;
          if (i == 0)
            {
              cross += z * previous;
              previous = z;
            }
        }
      const double u = RandomStream(2024, n, 8).uniform();
      EXPECT_GT(u, 0.);
      EXPECT_LT(u, 1.);
    }
  const double mean_error     = (sum / M) * std::sqrt(M);
  const double variance_error = (sum2 / M - 1.) / std::sqrt(2. / M);
  const double correlation    = cross / n_streams * std::sqrt(n_streams);
  test::report("mean of normals / SE", mean_error);
  test::report("(variance - 1) / SE", variance_error);
  test::report("lag-1 stream correlation / SE", correlation);
  EXPECT_LT(std::abs(mean_error), 4.);
  EXPECT_LT(std::abs(variance_error), 4.);
  EXPECT_LT(std::abs(correlation), 4.);
}

TEST(BrownianIncrements, CoarseIncrementIsNormalisedSumOfFineIncrements)
{
  const BrownianIncrements fine(11, 1), coarse(11, 4);
  std::vector<double>      xi(3), sum(3, 0.), fine_xi(3);
  double                   max_difference = 0.;
  for (const unsigned int particle : {0u, 5u, 100000u})
    for (const std::uint64_t step : {0ull, 3ull, 1ull << 33})
      {
        coarse.draw(particle, step, xi);
        std::fill(sum.begin(), sum.end(), 0.);
        for (unsigned int r = 0; r < 4; ++r)
          {
            fine.draw(particle, 4 * step + r, fine_xi);
            for (unsigned int k = 0; k < 3; ++k)
              sum[k] += fine_xi[k];
          }
        for (unsigned int k = 0; k < 3; ++k)
          max_difference =
            std::max(max_difference, std::abs(xi[k] - sum[k] / 2.));
      }
  test::report("max |coarse - sum(fine)/2|", max_difference);
  EXPECT_LT(max_difference, 1e-15);
}

TEST(BrownianIncrements,
     BlocksInSimdLanesAreRandomStreamNormalsWhateverTheBlock)
{
  // 1000 particles in one block, in blocks of 7, and one by one; length 3
  // (one Box–Muller sine left over); a step beyond 2^32
  const BrownianIncrements noise(23, 1);
  const unsigned int       n = 1000, length = 3, first = 4096;
  const std::uint64_t      step = (1ull << 32) + 5;
  std::vector<double> block(n * length), blocks_of_7(n * length), one(length);
  noise.draw(first, n, step, length, block.data());
  for (unsigned int p = 0; p < n; p += 7)
    noise.draw(first + p,
               std::min(7u, n - p),
               step,
               length,
               blocks_of_7.data() + p * length);
  double       max_difference = 0.;
  unsigned int n_different    = 0;
  for (unsigned int p = 0; p < n; ++p)
    {
      noise.draw(first + p, step, one);
      RandomStream stream(23, first + p, 1 + step);
      for (unsigned int k = 0; k < length; ++k)
        {
          n_different += (block[p * length + k] != one[k]) +
                         (block[p * length + k] != blocks_of_7[p * length + k]);
          max_difference =
            std::max(max_difference,
                     std::abs(block[p * length + k] - stream.normal()));
        }
    }
  test::report("SIMD-lane increments vs RandomStream::normal(): max difference",
               max_difference);
  EXPECT_EQ(n_different, 0u);
  EXPECT_LT(max_difference, 1e-13);
}
