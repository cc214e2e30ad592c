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
    const PolicyGradient pg = drift.policy_gradient(particles, &sweep_cache);
    const dealii::FullMatrix<double> &W = pg.weights();
    const unsigned int                d = particles.dimension();
    const double noise_scale            = std::sqrt(eta) * drift.sigma();

    const unsigned int   first = particles.first_locally_owned_particle();
    const ParticleChunks chunks(particles.n_locally_owned_particles());
    chunks.parallel_for([&](const unsigned int chunk) {
      const unsigned int  begin = chunks.begin(chunk);
      const unsigned int  size  = chunks.end(chunk) - begin;
      std::vector<double> b(d), scratch(d), xi(size * d, 0.);
      if (noise_scale > 0.)
        noise.draw(first + begin, size, step, d, xi.data());
      for (unsigned int n = begin; n < begin + size; ++n)
        {
          const dealii::ArrayView<double> theta = particles.particle(n);
          drift.drift(W, theta, b, scratch, sweep_cache.slot(n));
          const double *const xi_n = &xi[(n - begin) * d];
          for (unsigned int k = 0; k < d; ++k)
            theta[k] += eta * b[k] + noise_scale * xi_n[k];
        }
    });
  }
} // namespace mfpg
