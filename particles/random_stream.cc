#include "particles/random_stream.h"

#include <cmath>

namespace mfpg
{
  std::array<std::uint32_t, 4>
  philox4x32(const std::array<std::uint32_t, 4> &counter,
             const std::array<std::uint32_t, 2> &key)
  {
    constexpr std::uint64_t multiplier_0 = 0xD2511F53u;
    constexpr std::uint64_t multiplier_1 = 0xCD9E8D57u;
    constexpr std::uint32_t weyl_0       = 0x9E3779B9u;
    constexpr std::uint32_t weyl_1       = 0xBB67AE85u;

    std::array<std::uint32_t, 4> x = counter;
    std::array<std::uint32_t, 2> k = key;
    for (unsigned int round = 0; round < 10; ++round)
      {
        if (round > 0)
          {
            k[0] += weyl_0;
            k[1] += weyl_1;
          }
        const std::uint64_t product_0 = multiplier_0 * x[0];
        const std::uint64_t product_1 = multiplier_1 * x[2];
        x = {{std::uint32_t(product_1 >> 32) ^ x[1] ^ k[0],
              std::uint32_t(product_1),
              std::uint32_t(product_0 >> 32) ^ x[3] ^ k[1],
              std::uint32_t(product_0)}};
      }
    return x;
  }

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

  std::uint64_t
  RandomStream::next_bits()
  {
    if (n_used == 4)
      {
        block = philox4x32(counter, key);
        ++counter[0];
        n_used = 0;
      }
    const std::uint64_t bits =
      (std::uint64_t(block[n_used]) << 32) | block[n_used + 1];
    n_used += 2;
    return bits;
  }

  double
  RandomStream::uniform()
  {
    return (double(next_bits() >> 11) + 0.5) * 0x1p-53;
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
