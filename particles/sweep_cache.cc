#include "particles/sweep_cache.h"

#include "model/feature.h"

namespace mfpg
{
  SweepCache::SweepCache(const double budget_mib)
    : budget_bytes(budget_mib * 1024. * 1024.)
    , slot_size(0)
  {
  }

  void
  SweepCache::reinit(const unsigned int n_particles, const Feature &feature)
  {
    const std::size_t size =
      std::size_t(n_particles) * feature.sweep_cache_size();
    slot_size = size > 0 && size * sizeof(double) <= budget_bytes ?
                  feature.sweep_cache_size() :
                  0;
    data.resize(std::size_t(n_particles) * slot_size);
    if (slot_size == 0)
      data.shrink_to_fit();
  }

  double *
  SweepCache::slot(const unsigned int n)
  {
    return slot_size > 0 ? data.data() + std::size_t(n) * slot_size : nullptr;
  }

  std::size_t
  SweepCache::memory_consumption() const
  {
    return data.capacity() * sizeof(double);
  }
} // namespace mfpg
