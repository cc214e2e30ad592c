#include "particles/sweep_cache.h"

#include "model/feature.h"
#include "particles/particle_chunks.h"

namespace mfpg
{
  SweepCache::SweepCache(const double budget_mib)
    : budget_bytes(budget_mib * 1024. * 1024.)
    , chunk_size(0)
  {
  }

  void
  SweepCache::reinit(const unsigned int n_particles, const Feature &feature)
  {
    const ParticleChunks chunks(n_particles);
    const std::size_t    per_chunk =
      feature.sweep_cache_size(ParticleChunks::chunk_size);
    const std::size_t size = chunks.n_chunks() * per_chunk;
    chunk_size =
      size > 0 && size * sizeof(double) <= budget_bytes ? per_chunk : 0;
    if (chunk_size == 0)
      data.clear();
    else
      data.resize_fast(size);
  }

  double *
  SweepCache::chunk(const unsigned int c)
  {
    return chunk_size > 0 ? data.data() + c * chunk_size : nullptr;
  }

  std::size_t
  SweepCache::memory_consumption() const
  {
    return data.capacity() * sizeof(double);
  }
} // namespace mfpg
