#ifndef mfpg_particles_blob_integrator_h
#define mfpg_particles_blob_integrator_h

#include "particles/blob_diffusion.h"
#include "particles/particle_integrator.h"

namespace mfpg
{
  /**
   * The blob particles of the porous-medium flow (docs/model.md §11.5): no
   * Brownian noise, each particle moved by the explicit Euler step
   *   theta^n_{k+1} = theta^n_k + eta (G(nu^N_k, theta^n_k)
   *                   - D grad U(theta^n_k) + v_n(nu^N_k)),
   * v the BlobDiffusion velocity of all particles at step k (an all-gather
   * of the N d coordinates per step, before the particles move), then the
   * policy energy of the moved chunk for the next step as in
   * EulerMaruyama (ParticleIntegrator::advance()). First order in eta;
   * deterministic.
   */
  class BlobIntegrator : public ParticleIntegrator
  {
  public:
    /** Keeps a copy of @p blob and references to the other arguments. */
    BlobIntegrator(const McKeanVlasovDrift  &drift,
                   const BrownianIncrements &noise,
                   const double              time_step,
                   const double              sweep_cache_budget,
                   const BlobDiffusion      &blob);

    void
    make_one_step(ParticleEnsemble   &particles,
                  const std::uint64_t step) const override;

  private:
    const BlobDiffusion blob;
  };
} // namespace mfpg

#endif
