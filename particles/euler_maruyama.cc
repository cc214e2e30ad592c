#include "particles/euler_maruyama.h"

#include "particles/brownian_increments.h"
#include "particles/mckean_vlasov_drift.h"
#include "particles/particle_chunks.h"
#include "particles/particle_ensemble.h"

#include <cmath>
#include <vector>

namespace mfpg
{
  void
  EulerMaruyama::make_one_step(ParticleEnsemble   &particles,
                               const std::uint64_t step) const
  {
    const PolicyGradient              pg = policy_gradient(particles, step);
    const dealii::FullMatrix<double> &W  = pg.weights();
    const unsigned int                d  = particles.dimension();
    const double noise_scale             = std::sqrt(eta) * drift.sigma();

    const unsigned int   first = particles.first_locally_owned_particle();
    const ParticleChunks chunks(particles.n_locally_owned_particles());
    advance(particles, step, [&](const unsigned int chunk) {
      const unsigned int  begin = chunks.begin(chunk);
      const unsigned int  size  = chunks.end(chunk) - begin;
      std::vector<double> b(size * d), xi(size * d, 0.);
      if (noise_scale > 0.)
        noise.draw(first + begin, size, step, d, xi.data());
      double *const theta = particles.particle(begin).data();
      drift.drift(W, theta, size, b.data(), sweep_cache.chunk(chunk));
      for (unsigned int i = 0; i < size * d; ++i)
        theta[i] += eta * b[i] + noise_scale * xi[i];
    });
  }
} // namespace mfpg
