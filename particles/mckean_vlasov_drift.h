#ifndef mfpg_particles_mckean_vlasov_drift_h
#define mfpg_particles_mckean_vlasov_drift_h

#include <deal.II/base/array_view.h>
#include <deal.II/lac/full_matrix.h>

#include "model/coupling_weights.h"
#include "model/regulariser.h"

#include <functional>

namespace mfpg
{
  class Feature;
  class Mdp;
  class Model;
  class ParticleEnsemble;
  class QuadraticPotential;
  class SweepCache;

  /**
   * The drift of the McKean–Vlasov SDE of model.md §5,
   *   b(nu, theta) = G(nu, theta) - (sigma^2/2) grad U(theta),
   * for the empirical measure nu^N of a ParticleEnsemble, computed as §4
   * prescribes: one sweep over the particles for
   *   F = (1/N) sum_n f(., ., theta^n),
   * the MDP solve for the coupling weights W (PolicyGradient), then
   * G(nu^N, theta) = sum_ij W_ij grad_theta f(s_i, a_j, theta) for a chunk
   * of particles at a time (Feature::drift_at_points).
   *
   * F is summed chunk by chunk (ParticleChunks), partial matrices added in
   * chunk order: the same bits on any number of threads. Over MPI ranks,
   * each rank sums its particles and one Allreduce adds the ranks' F (equal
   * to the one-rank F up to rounding); policy_energy() and
   * policy_gradient() are collective.
   *
   * sigma >= 0: sigma = 0 is Agazzi & Lu's pure transport,
   * d theta = G(nu, theta) dt. The object keeps references to the MDP, the
   * feature and the potential, which must outlive it.
   */
  class McKeanVlasovDrift
  {
  public:
    /**
     * Throws a ParameterError naming "Regularisation/Sigma" if sigma < 0.
     * @p regulariser does not enter the drift b (the same for every h); the
     * integrator reads it (make_particle_integrator()).
     */
    McKeanVlasovDrift(const Mdp                &mdp,
                      const Feature            &feature,
                      const QuadraticPotential &potential,
                      const double              sigma,
                      const Regulariser &regulariser = Regulariser({"entropy",
                                                                    2.}));

    /** The MDP, feature, potential, sigma and regulariser of @p model. */
    explicit McKeanVlasovDrift(const Model &model);

    const Mdp &
    mdp() const;

    const Feature &
    feature() const;

    const QuadraticPotential &
    potential() const;

    double
    sigma() const;

    /** The regulariser h of the parameter law (docs/model.md §11). */
    const Regulariser &
    regulariser() const;

    /** d. */
    unsigned int
    n_parameters() const;

    /**
     * F = (1/N) sum_n f(s_i, a_j, theta^n), n_S x n_A; with @p cache, what
     * the drift at these positions can reuse is kept in it. With
     * @p before_chunk, that runs on each chunk (ParticleChunks) first, and
     * the chunk's sum is taken right after it: an integrator moves a chunk
     * and the policy energy at the new positions is summed while the chunk
     * is at hand, one sweep over the particles for both (the cache, read
     * by its drift, is then overwritten chunk by chunk). The sum over a
     * chunk then prefetches the cache of chunk + 1, the thread's next
     * chunk unless its range of chunks (ParticleChunks::parallel_for)
     * ends there: that drift's reads from memory overlap the tanh of this
     * chunk instead of following them.
     */
    dealii::FullMatrix<double>
    policy_energy(
      const ParticleEnsemble                        &particles,
      SweepCache                                    *cache        = nullptr,
      const std::function<void(const unsigned int)> &before_chunk = {}) const;

    /** Policy, evaluation and W for nu^N (and the cache, as above). */
    PolicyGradient
    policy_gradient(const ParticleEnsemble &particles,
                    SweepCache             *cache = nullptr) const;

    /**
     * b(nu, theta_m) into b[m d .. (m + 1) d) for the @p n particles
     * theta_m = thetas[m d .. (m + 1) d) (a chunk of them), for the
     * coupling weights @p W of nu; @p sweep_cache: the chunk's region of
     * the cache filled by policy_energy() at these same positions, or null.
     */
    void
    drift(const dealii::FullMatrix<double> &W,
          const double                     *thetas,
          const unsigned int                n,
          double                           *b,
          const double                     *sweep_cache = nullptr) const;

  private:
    const Mdp                &mdp_;
    const Feature            &feature_;
    const QuadraticPotential &potential_;
    double                    sigma_;
    Regulariser               regulariser_;
  };
} // namespace mfpg

#endif
