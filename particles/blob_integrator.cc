#include "particles/blob_integrator.h"

#include "particles/mckean_vlasov_drift.h"
#include "particles/particle_chunks.h"
#include "particles/particle_ensemble.h"

#include <vector>

namespace mfpg
{
  BlobIntegrator::BlobIntegrator(const McKeanVlasovDrift  &drift,
                                 const BrownianIncrements &noise,
                                 const double              time_step,
                                 const double              sweep_cache_budget,
                                 const BlobDiffusion      &blob)
    : ParticleIntegrator(drift, noise, time_step, sweep_cache_budget)
    , blob(blob)
  {
  }

  void
  BlobIntegrator::make_one_step(ParticleEnsemble   &particles,
                                const std::uint64_t step) const
  {
    const PolicyGradient              pg = policy_gradient(particles, step);
    const dealii::FullMatrix<double> &W  = pg.weights();
    const unsigned int                d  = particles.dimension();
    const unsigned int        first = particles.first_locally_owned_particle();
    const std::vector<double> v =
      blob.velocities(particles.all_coordinates(),
                      d,
                      first,
                      particles.n_locally_owned_particles(),
                      particles.get_mpi_communicator());

    const ParticleChunks chunks(particles.n_locally_owned_particles());
    advance(particles, step, [&](const unsigned int chunk) {
      const unsigned int  begin = chunks.begin(chunk);
      const unsigned int  size  = chunks.end(chunk) - begin;
      std::vector<double> b(size * d);
      double *const       theta = particles.particle(begin).data();
      drift.drift(W, theta, size, b.data(), sweep_cache.chunk(chunk));
      for (unsigned int i = 0; i < size * d; ++i)
        theta[i] += eta * (b[i] + v[begin * d + i]);
    });
  }
} // namespace mfpg
