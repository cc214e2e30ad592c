#include "particles/brownian_increments.h"

#include <deal.II/base/exceptions.h>

#include "model/random_stream.h"
#include "simd/simd_lanes.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace mfpg
{
  BrownianIncrements::BrownianIncrements(const std::uint64_t seed,
                                         const unsigned int  n_substeps)
    : stream_seed(seed)
    , n_substeps(n_substeps)
  {
    AssertThrow(n_substeps > 0,
                dealii::ExcMessage("BrownianIncrements needs >= 1 substep"));
  }

  void
  BrownianIncrements::draw(const unsigned int               particle,
                           const std::uint64_t              step,
                           const dealii::ArrayView<double> &xi) const
  {
    draw(particle, 1, step, xi.size(), xi.data());
  }

  void
  BrownianIncrements::draw(const unsigned int  first,
                           const unsigned int  n_particles,
                           const std::uint64_t step,
                           const unsigned int  length,
                           double             *xi) const
  {
    const std::array<std::uint32_t, 2> key{
      {std::uint32_t(stream_seed), std::uint32_t(stream_seed >> 32)}};
    // Three loops over the particles, in blocks of n_lanes (sin and
    // cos of one angle in one loop would be fused into a scalar sincos).
    // The particle count is padded to whole blocks, so that every number
    // comes out of the same vector function whatever its position in the
    // block: the increments of a particle do not depend on the block sizes
    // (the chunks, the ranks' shares).
    const unsigned int padded = (n_particles + n_lanes - 1) / n_lanes * n_lanes;
    thread_local std::vector<double> radii, angles, cosines;
    radii.resize(padded);
    angles.resize(padded);
    cosines.resize(padded);
    double *__restrict radius = radii.data();
    double *__restrict angle  = angles.data();
    double *__restrict even   = cosines.data();
    double *__restrict odd    = angles.data();

    std::fill(xi, xi + std::size_t(n_particles) * length, 0.);
    for (unsigned int r = 0; r < n_substeps; ++r)
      {
        const std::uint64_t counter = 1 + step * n_substeps + r;
        // Box–Muller pair j of every particle from RandomStream's block j
        for (unsigned int j = 0; 2 * j < length; ++j)
          {
            for (unsigned int block = 0; block < padded; block += n_lanes)
              {
#pragma omp simd
                for (unsigned int q = 0; q < n_lanes; ++q)
                  {
                    const unsigned int p  = block + q;
                    std::uint32_t      x0 = j, x1 = std::uint32_t(counter),
                                  x2 = std::uint32_t(counter >> 32),
                                  x3 = first + p;
                    philox4x32_rounds(x0, x1, x2, x3, key[0], key[1]);
                    radius[p] =
                      std::sqrt(-2. * std::log(uniform_of_bits(x0, x1)));
                    angle[p] = 2. * M_PI * uniform_of_bits(x2, x3);
                  }
#pragma omp simd
                for (unsigned int q = 0; q < n_lanes; ++q)
                  even[block + q] =
                    radius[block + q] * std::cos(angle[block + q]);
#pragma omp simd
                for (unsigned int q = 0; q < n_lanes; ++q)
                  odd[block + q] =
                    radius[block + q] * std::sin(angle[block + q]);
              }
            for (unsigned int p = 0; p < n_particles; ++p)
              {
                double *const x = xi + std::size_t(p) * length;
                x[2 * j] += even[p];
                if (2 * j + 1 < length)
                  x[2 * j + 1] += odd[p];
              }
          }
      }
    const double scale = 1. / std::sqrt(double(n_substeps));
    for (std::size_t i = 0; i < std::size_t(n_particles) * length; ++i)
      xi[i] *= scale;
  }
} // namespace mfpg
