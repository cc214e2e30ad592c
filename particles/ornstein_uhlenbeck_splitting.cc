#include "particles/ornstein_uhlenbeck_splitting.h"

#include <deal.II/lac/identity_matrix.h>

#include "model/feature.h"
#include "model/potential.h"
#include "model/symmetric_matrix_function.h"
#include "particles/brownian_increments.h"
#include "particles/mckean_vlasov_drift.h"
#include "particles/particle_chunks.h"
#include "particles/particle_ensemble.h"

#include <cmath>
#include <vector>

namespace mfpg
{
  OrnsteinUhlenbeckSplitting::OrnsteinUhlenbeckSplitting(
    const McKeanVlasovDrift  &drift,
    const BrownianIncrements &noise,
    const double              time_step,
    const double              sweep_cache_budget)
    : ParticleIntegrator(drift, noise, time_step, sweep_cache_budget)
  {
    const double                      s2 = drift.sigma() * drift.sigma();
    const dealii::FullMatrix<double> &K  = drift.potential().stiffness();
    const unsigned int                d  = K.m();
    if (s2 == 0.)
      {
        // pure transport: exactly the identity, not V V^T up to rounding
        decay = dealii::IdentityMatrix(d);
        covariance_sqrt.reinit(d, d);
        return;
      }
    decay = symmetric_matrix_function(K, [s2, time_step](const double k) {
      return std::exp(-0.5 * s2 * k * time_step);
    });
    // (1 - e^{-sigma^2 k eta}) / k with expm1: no cancellation at small eta
    covariance_sqrt =
      symmetric_matrix_function(K, [s2, time_step](const double k) {
        return std::sqrt(-std::expm1(-s2 * k * time_step) / k);
      });
  }

  const dealii::FullMatrix<double> &
  OrnsteinUhlenbeckSplitting::contraction() const
  {
    return decay;
  }

  const dealii::FullMatrix<double> &
  OrnsteinUhlenbeckSplitting::noise_factor() const
  {
    return covariance_sqrt;
  }

  void
  OrnsteinUhlenbeckSplitting::make_one_step(ParticleEnsemble   &particles,
                                            const std::uint64_t step) const
  {
    const PolicyGradient              pg = policy_gradient(particles, step);
    const dealii::FullMatrix<double> &W  = pg.weights();
    const dealii::Vector<double>     &c  = drift.potential().center();
    const unsigned int                d  = particles.dimension();
    const bool                        with_noise = drift.sigma() > 0.;

    const unsigned int   first = particles.first_locally_owned_particle();
    const ParticleChunks chunks(particles.n_locally_owned_particles());
    advance(particles, step, [&](const unsigned int chunk) {
      const unsigned int  begin = chunks.begin(chunk);
      const unsigned int  size  = chunks.end(chunk) - begin;
      std::vector<double> G(size * d), y(d), xi(size * d, 0.);
      if (with_noise)
        noise.draw(first + begin, size, step, d, xi.data());
      drift.feature().drift_at_points(particles.particle(begin).data(),
                                      size,
                                      W,
                                      G.data(),
                                      sweep_cache.chunk(chunk));
      for (unsigned int n = begin; n < begin + size; ++n)
        {
          const dealii::ArrayView<double> theta = particles.particle(n);
          const double *const             G_n   = &G[(n - begin) * d];
          for (unsigned int k = 0; k < d; ++k)
            y[k] = theta[k] + eta * G_n[k] - c[k];
          const double *const xi_n = &xi[(n - begin) * d];
          for (unsigned int k = 0; k < d; ++k)
            {
              theta[k] = c[k];
              for (unsigned int l = 0; l < d; ++l)
                theta[k] +=
                  decay(k, l) * y[l] + covariance_sqrt(k, l) * xi_n[l];
            }
        }
    });
  }
} // namespace mfpg
