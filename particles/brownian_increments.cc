#include "particles/brownian_increments.h"

#include <deal.II/base/exceptions.h>

#include "particles/random_stream.h"

#include <algorithm>
#include <cmath>

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
    std::fill(xi.begin(), xi.end(), 0.);
    for (unsigned int r = 0; r < n_substeps; ++r)
      {
        RandomStream stream(stream_seed, particle, 1 + step * n_substeps + r);
        for (double &x : xi)
          x += stream.normal();
      }
    const double scale = 1. / std::sqrt(double(n_substeps));
    for (double &x : xi)
      x *= scale;
  }
} // namespace mfpg
