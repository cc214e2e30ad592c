#include "model/random_stream.h"

#include <cmath>

namespace mfpg
{
  RandomStream::RandomStream(const std::uint64_t seed,
                             const std::uint32_t particle,
                             const std::uint64_t step)
    : key{{std::uint32_t(seed), std::uint32_t(seed >> 32)}}
    , counter{{0u, std::uint32_t(step), std::uint32_t(step >> 32), particle}}
    , block{}
    , n_used(4)
    , spare_normal(0.)
    , has_spare(false)
  {
  }

  double
  RandomStream::uniform()
  {
    if (n_used == 4)
      {
        block = philox4x32(counter, key);
        ++counter[0];
        n_used = 0;
      }
    n_used += 2;
    return uniform_of_bits(block[n_used - 2], block[n_used - 1]);
  }

  double
  RandomStream::normal()
  {
    if (has_spare)
      {
        has_spare = false;
        return spare_normal;
      }
    const double radius = std::sqrt(-2. * std::log(uniform()));
    const double angle  = 2. * M_PI * uniform();
    spare_normal        = radius * std::sin(angle);
    has_spare           = true;
    return radius * std::cos(angle);
  }
} // namespace mfpg
