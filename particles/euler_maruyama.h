#ifndef mfpg_particles_euler_maruyama_h
#define mfpg_particles_euler_maruyama_h

#include "particles/particle_integrator.h"

namespace mfpg
{
  /**
   * The Euler–Maruyama scheme of model.md §5 for N particles:
   *   theta^n_{k+1} = theta^n_k + eta (G(nu^N_k, theta^n_k)
   *                   - (sigma^2/2) grad U(theta^n_k)) + sqrt(eta) sigma
   * xi^n_k, one MDP solve and one sweep over the particles per step (the
   * drift and update of a chunk, then its policy energy at the new
   * positions for the next step: ParticleIntegrator::advance()). Weak order 1 in eta; stable for eta (sigma^2/2) k_max < 2 on the
   * potential's stiffest direction (k_max the largest eigenvalue of K).
   */
  class EulerMaruyama : public ParticleIntegrator
  {
  public:
    using ParticleIntegrator::ParticleIntegrator;

    void
    make_one_step(ParticleEnsemble   &particles,
                  const std::uint64_t step) const override;
  };
} // namespace mfpg

#endif
