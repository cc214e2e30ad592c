#ifndef mfpg_particles_ornstein_uhlenbeck_splitting_h
#define mfpg_particles_ornstein_uhlenbeck_splitting_h

#include <deal.II/lac/full_matrix.h>

#include "particles/particle_integrator.h"

namespace mfpg
{
  /**
   * A Lie splitting of the McKean–Vlasov SDE of model.md §5 for the
   * quadratic potential U = (1/2)(theta - c)^T K (theta - c) + const:
   *
   *  1. the policy-gradient transport d theta = G(nu, theta) dt by one
   *     explicit Euler step with nu frozen at nu^N_k:
   *       y^n = theta^n_k + eta G(nu^N_k, theta^n_k);
   *  2. the Ornstein–Uhlenbeck part d theta = -A (theta - c) dt + sigma dW,
   *     A = (sigma^2/2) K, integrated exactly over eta:
   *       theta^n_{k+1} = c + e^{-A eta} (y^n - c) + Sigma^{1/2} xi^n_k,
   *       Sigma = K^{-1} (I - e^{-sigma^2 K eta})  (the Lyapunov equation's
   *       solution A Sigma + Sigma A = sigma^2 (I - e^{-2 A eta})),
   *     the matrix functions taken on K = V Lambda V^T.
   *
   * With G = 0 the step is exact in law for any eta; in general it is of
   * weak order 1, like Euler–Maruyama, but without the restriction
   * eta (sigma^2/2) k_max < 2 from the potential, which matters at large
   * sigma or stiff K. sigma = 0 leaves the transport alone (e^{-A eta} = I,
   * Sigma = 0).
   */
  class OrnsteinUhlenbeckSplitting : public ParticleIntegrator
  {
  public:
    OrnsteinUhlenbeckSplitting(const McKeanVlasovDrift  &drift,
                               const BrownianIncrements &noise,
                               const double              time_step,
                               const double              sweep_cache_budget);

    void
    make_one_step(ParticleEnsemble   &particles,
                  const std::uint64_t step) const override;

    /** e^{-A eta}. */
    const dealii::FullMatrix<double> &
    contraction() const;

    /** Sigma^{1/2}, the symmetric square root of the step's covariance. */
    const dealii::FullMatrix<double> &
    noise_factor() const;

  private:
    dealii::FullMatrix<double> decay;
    dealii::FullMatrix<double> covariance_sqrt;
  };
} // namespace mfpg

#endif
