#ifndef mfpg_particles_particle_system_h
#define mfpg_particles_particle_system_h

#include <deal.II/base/parameter_handler.h>

#include "particles/brownian_increments.h"
#include "particles/particle_ensemble.h"
#include "particles/particle_integrator.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mfpg
{
  class InitialLaw;
  class McKeanVlasovDrift;

  /**
   * The interacting particle system of model.md §5: N particles drawn from
   * the initial law nu_0, moved by an integrator of the McKean–Vlasov SDE
   * (Euler–Maruyama or the Ornstein–Uhlenbeck splitting), or for the
   * Tsallis regulariser by the blob method (§11.5), with a fixed time
   * step eta, split over the ranks of an MPI communicator (ParticleEnsemble)
   * with one Allreduce of the policy energy F per step. Everything random
   * is a function of the seed, the particle and the step (RandomStream,
   * BrownianIncrements), so a run is the same bit for bit on any number of
   * threads, and the same up to the rounding of that Allreduce on any
   * number of ranks. make_one_step() is collective.
   *
   * The object keeps a reference to the drift, which must outlive it.
   */
  class ParticleSystem
  {
  public:
    struct Parameters
    {
      unsigned int n_particles        = 1000;
      double       time_step          = 0.01;
      std::string  integrator         = "euler-maruyama";
      unsigned int seed               = 1;
      unsigned int brownian_substeps  = 1;
      double       sweep_cache_budget = 1024.;
      double       blob_width         = 0.05;
      std::string  initial_sample     = "random";

      /** Declare these entries of subsection "Particles" of @p prm. */
      void
      add_parameters(dealii::ParameterHandler &prm);
    };

    /**
     * Bad values (no particles, eta <= 0, an unknown integrator, an initial
     * law whose file holds another number of points) throw a
     * ParameterError naming the entry.
     */
    ParticleSystem(const Parameters        &parameters,
                   const McKeanVlasovDrift &drift,
                   const InitialLaw        &initial_law,
                   const MPI_Comm           communicator);

    /** One step of size eta. */
    void
    make_one_step();

    /**
     * Continue from a checkpoint: @p step steps made, all N particles'
     * coordinates @p coordinates (global order, point after point; each
     * rank takes its block). With the same parameters the run then goes on
     * exactly as the uninterrupted one: every random number is a function
     * of (seed, particle, step). A wrong number of coordinates throws
     * std::invalid_argument.
     */
    void
    restore(const std::uint64_t step, const std::vector<double> &coordinates);

    /** The number k of steps made. */
    std::uint64_t
    n_steps() const;

    /** t = k eta. */
    double
    time() const;

    double
    time_step() const;

    const ParticleEnsemble &
    particles() const;

    const McKeanVlasovDrift &
    drift() const;

    /**
     * The bytes this rank holds for the particles and the sweep cache (the
     * O(N) and O(N n_S n_A) parts; the MDP's matrices are not counted).
     */
    std::size_t
    memory_consumption() const;

  private:
    const McKeanVlasovDrift            &mean_field_drift;
    BrownianIncrements                  noise;
    std::unique_ptr<ParticleIntegrator> integrator;
    ParticleEnsemble                    ensemble;
    std::uint64_t                       step;
  };
} // namespace mfpg

#endif
