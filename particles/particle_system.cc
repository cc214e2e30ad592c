#include "particles/particle_system.h"

#include "model/initial_law.h"
#include "model/parameter_file.h"
#include "particles/mckean_vlasov_drift.h"

#include <stdexcept>
#include <string>

namespace mfpg
{
  void
  ParticleSystem::Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Particles");
    prm.add_parameter("Number of particles",
                      n_particles,
                      "N, the number of particles of the empirical measure "
                      "nu^N.",
                      dealii::Patterns::Integer(1));
    prm.add_parameter(
      "Time step",
      time_step,
      "eta > 0, the fixed time step (time units of docs/model.md "
      "§5).",
      dealii::Patterns::Double(0.));
    prm.add_parameter(
      "Integrator",
      integrator,
      "euler-maruyama (docs/model.md §5; stable for eta sigma^2 k_max / 2 < 2, "
      "k_max the largest eigenvalue of the potential's stiffness) or "
      "ou-splitting (an Euler step of the policy-gradient drift G, then the "
      "exact Ornstein-Uhlenbeck flow of -(sigma^2/2) grad U dt + sigma dW: "
      "no step restriction from U); both for Regulariser = entropy. blob: "
      "the deterministic blob particles of the porous-medium flow of "
      "Regulariser = tsallis (docs/model.md §11.5; explicit Euler, no noise), "
      "which needs it.",
      dealii::Patterns::Selection("euler-maruyama|ou-splitting|blob"));
    prm.add_parameter("Seed",
                      seed,
                      "Seed of the counter-based random streams: the initial "
                      "sample and every Brownian increment are functions of "
                      "(seed, particle, step).",
                      dealii::Patterns::Integer(0));
    prm.add_parameter(
      "Brownian substeps",
      brownian_substeps,
      "R >= 1: each step's Gaussian increment is the normalised sum of those "
      "of R substeps of size eta/R, so that runs with (eta, R) and "
      "(eta/2, R/2) share their Brownian paths (common random numbers for "
      "time-step studies). 1 for ordinary runs.",
      dealii::Patterns::Integer(1));
    prm.add_parameter(
      "Sweep cache budget",
      sweep_cache_budget,
      "Memory (MiB, per MPI rank) a step may use to keep what its first "
      "sweep over the particles (F) computed for its second (G): "
      "N (n_S n_A + 2) doubles for a neuron feature, so that each activation "
      "is evaluated once per step. Above the budget, or at 0, the second "
      "sweep evaluates again (the same scheme, up to rounding, slower).",
      dealii::Patterns::Double(0.));
    prm.add_parameter(
      "Initial sample",
      initial_sample,
      "How the N initial particles are drawn from the initial law: random "
      "(independent, from (seed, particle): the usual empirical measure, "
      "W2 to the law of order N^{-1/2} in d = 1) or lattice (deterministic "
      "quasi-uniform uniforms mapped by the law: in d = 1 the quantiles of "
      "(n + 1/2)/N, W2 of order 1/N; the Fibonacci and Kronecker lattices "
      "above; docs/model.md §11.5), for the deterministic blob particles.",
      dealii::Patterns::Selection("random|lattice"));
    prm.add_parameter(
      "Blob width",
      blob_width,
      "blob: the width eps > 0 of the Gaussian blobs phi_eps that regularise "
      "the porous-medium energy, E_eps(nu) = ∫ F(phi_eps * nu) dnu "
      "(docs/model.md §11.5); the error falls with eps and N together (eps "
      "about a few mean interparticle distances).",
      dealii::Patterns::Double(0.));
    prm.leave_subsection();
  }

  namespace
  {
    const ParticleSystem::Parameters &
    checked(const ParticleSystem::Parameters &parameters,
            const McKeanVlasovDrift          &drift,
            const InitialLaw                 &law)
    {
      if (parameters.n_particles == 0)
        throw ParameterError("Particles/Number of particles",
                             "needs at least one particle");
      if (parameters.brownian_substeps == 0)
        throw ParameterError("Particles/Brownian substeps", "must be >= 1");
      if (law.dimension() != drift.n_parameters())
        throw ParameterError("Initial law",
                             "a law on R^" + std::to_string(law.dimension()) +
                               " for theta in R^" +
                               std::to_string(drift.n_parameters()));
      if (law.n_points() > 0 && law.n_points() != parameters.n_particles)
        throw ParameterError("Particles/Number of particles",
                             "N = " + std::to_string(parameters.n_particles) +
                               ", but the initial-law file holds " +
                               std::to_string(law.n_points()) + " points");
      return parameters;
    }
  } // namespace

  ParticleSystem::ParticleSystem(const Parameters        &parameters,
                                 const McKeanVlasovDrift &drift,
                                 const InitialLaw        &initial_law,
                                 const MPI_Comm           communicator)
    : mean_field_drift(drift)
    , noise(checked(parameters, drift, initial_law).seed,
            parameters.brownian_substeps)
    , integrator(make_particle_integrator(parameters.integrator,
                                          drift,
                                          noise,
                                          parameters.time_step,
                                          parameters.sweep_cache_budget,
                                          parameters.blob_width))
    , ensemble(initial_law,
               parameters.n_particles,
               parameters.seed,
               communicator,
               parameters.initial_sample == "lattice")
    , step(0)
  {
  }

  void
  ParticleSystem::make_one_step()
  {
    integrator->make_one_step(ensemble, step);
    ++step;
  }

  void
  ParticleSystem::restore(const std::uint64_t        steps_made,
                          const std::vector<double> &coordinates)
  {
    const unsigned int d = ensemble.dimension();
    if (coordinates.size() != std::size_t(ensemble.n_particles()) * d)
      throw std::invalid_argument(
        "ParticleSystem::restore: " + std::to_string(coordinates.size()) +
        " coordinates for " + std::to_string(ensemble.n_particles()) +
        " particles in d = " + std::to_string(d));
    const std::size_t first =
      std::size_t(ensemble.first_locally_owned_particle()) * d;
    for (unsigned int n = 0; n < ensemble.n_locally_owned_particles(); ++n)
      for (unsigned int k = 0; k < d; ++k)
        ensemble.particle(n)[k] = coordinates[first + std::size_t(n) * d + k];
    step = steps_made;
    integrator->forget_policy_energy();
  }

  std::uint64_t
  ParticleSystem::n_steps() const
  {
    return step;
  }

  double
  ParticleSystem::time() const
  {
    return step * integrator->time_step();
  }

  double
  ParticleSystem::time_step() const
  {
    return integrator->time_step();
  }

  const ParticleEnsemble &
  ParticleSystem::particles() const
  {
    return ensemble;
  }

  std::size_t
  ParticleSystem::memory_consumption() const
  {
    return ensemble.coordinates().capacity() * sizeof(double) +
           integrator->sweep_cache_memory();
  }

  const McKeanVlasovDrift &
  ParticleSystem::drift() const
  {
    return mean_field_drift;
  }
} // namespace mfpg
