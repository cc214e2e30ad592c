#include "particles/mckean_vlasov_drift.h"

#include <deal.II/base/mpi.h>

#include "model/feature.h"
#include "model/mdp.h"
#include "model/model.h"
#include "model/parameter_file.h"
#include "model/potential.h"
#include "particles/particle_chunks.h"
#include "particles/particle_ensemble.h"
#include "particles/sweep_cache.h"

#include <algorithm>

namespace mfpg
{
  McKeanVlasovDrift::McKeanVlasovDrift(const Mdp                &mdp,
                                       const Feature            &feature,
                                       const QuadraticPotential &potential,
                                       const double              sigma,
                                       const Regulariser        &regulariser)
    : mdp_(mdp)
    , feature_(feature)
    , potential_(potential)
    , sigma_(sigma)
    , regulariser_(regulariser)
  {
    if (!(sigma >= 0.))
      throw ParameterError("Regularisation/Sigma",
                           "sigma = " + std::to_string(sigma) +
                             " must be >= 0 for the particle system");
    AssertDimension(potential.dimension(), feature.n_parameters());
  }

  McKeanVlasovDrift::McKeanVlasovDrift(const Model &model)
    : McKeanVlasovDrift(model.mdp(),
                        model.feature(),
                        model.potential(),
                        model.sigma(),
                        model.regulariser())
  {
  }

  const Regulariser &
  McKeanVlasovDrift::regulariser() const
  {
    return regulariser_;
  }

  const Mdp &
  McKeanVlasovDrift::mdp() const
  {
    return mdp_;
  }

  const Feature &
  McKeanVlasovDrift::feature() const
  {
    return feature_;
  }

  const QuadraticPotential &
  McKeanVlasovDrift::potential() const
  {
    return potential_;
  }

  double
  McKeanVlasovDrift::sigma() const
  {
    return sigma_;
  }

  unsigned int
  McKeanVlasovDrift::n_parameters() const
  {
    return feature_.n_parameters();
  }

  dealii::FullMatrix<double>
  McKeanVlasovDrift::policy_energy(
    const ParticleEnsemble                        &particles,
    SweepCache                                    *cache,
    const std::function<void(const unsigned int)> &before_chunk) const
  {
    if (cache != nullptr)
      cache->reinit(particles.n_locally_owned_particles(), feature_);
    AssertDimension(particles.dimension(), n_parameters());
    const unsigned int n_S    = mdp_.n_states();
    const unsigned int n_A    = mdp_.n_actions();
    const double       weight = 1. / particles.n_particles();

    // Partial sums of a block of chunks at a time, computed in parallel and
    // then added in chunk order: the memory stays at block_size matrices for
    // any N, and the order of additions never depends on the threads. The
    // ranks' sums are then added by one Allreduce.
    const ParticleChunks       chunks(particles.n_locally_owned_particles());
    const unsigned int         block_size = 64;
    const std::vector<double>  weights(ParticleChunks::chunk_size, weight);
    dealii::FullMatrix<double> F(n_S, n_A);
    std::vector<dealii::FullMatrix<double>> partial(
      std::min(block_size, chunks.n_chunks()),
      dealii::FullMatrix<double>(n_S, n_A));
    for (unsigned int first = 0; first < chunks.n_chunks(); first += block_size)
      {
        const unsigned int last =
          std::min(first + block_size, chunks.n_chunks());
        chunks.parallel_for(first, last, [&](const unsigned int chunk) {
          if (before_chunk)
            before_chunk(chunk);
          dealii::FullMatrix<double> &F_chunk = partial[chunk - first];
          F_chunk                             = 0.;
          // with before_chunk, the drift reads the next chunk's cache next
          const bool prefetch =
            cache != nullptr && before_chunk && chunk + 1 < chunks.n_chunks();
          feature_.add_values_at_points(
            particles.particle(chunks.begin(chunk)).data(),
            weights.data(),
            chunks.end(chunk) - chunks.begin(chunk),
            F_chunk,
            cache != nullptr ? cache->chunk(chunk) : nullptr,
            prefetch ? cache->chunk(chunk + 1) : nullptr);
        });
        for (unsigned int chunk = first; chunk < last; ++chunk)
          F.add(1., partial[chunk - first]);
      }
    dealii::Utilities::MPI::sum(dealii::ArrayView<const double>(&F(0, 0),
                                                                n_S * n_A),
                                particles.get_mpi_communicator(),
                                dealii::ArrayView<double>(&F(0, 0), n_S * n_A));
    return F;
  }

  PolicyGradient
  McKeanVlasovDrift::policy_gradient(const ParticleEnsemble &particles,
                                     SweepCache             *cache) const
  {
    return PolicyGradient(mdp_, policy_energy(particles, cache));
  }

  void
  McKeanVlasovDrift::drift(const dealii::FullMatrix<double> &W,
                           const double                     *thetas,
                           const unsigned int                n,
                           double                           *b,
                           const double                     *sweep_cache) const
  {
    feature_.drift_at_points(thetas, n, W, b, sweep_cache);
    if (sigma_ > 0.)
      potential_.add_scaled_gradients(thetas, n, -0.5 * sigma_ * sigma_, b);
  }
} // namespace mfpg
