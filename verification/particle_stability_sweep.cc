#include "verification/particle_stability_sweep.h"

#include "model/parameter_file.h"
#include "verification/cloud_wasserstein.h"
#include "verification/exponential_convergence.h"

#include <limits>

namespace mfpg
{
  double
  cloud_mean_squared_gradient(const QuadraticPotential &potential,
                              const WeightedPoints     &cloud)
  {
    std::vector<double> gradient(cloud.dimension());
    double              mean = 0.;
    for (unsigned int n = 0; n < cloud.n_points(); ++n)
      {
        potential.gradient(cloud.point(n), dealii::make_array_view(gradient));
        double squared = 0.;
        for (const double g : gradient)
          squared += g * g;
        mean += cloud.weight(n) * squared;
      }
    return mean;
  }

  StabilitySweep
  particle_stability_sweep(const Model::Parameters          &parameters,
                           const std::vector<double>        &sigmas,
                           const std::vector<double>        &taus,
                           const InitialLaw                 &initial_law,
                           const ParticleSystem::Parameters &particles,
                           const double                      end_time,
                           const SupremumSearch             &search,
                           const double                      sinkhorn_epsilon)
  {
    const Model reference(parameters);
    reference.require_diffusion("the particle system's stationary law");
    require_positive_sigmas(sigmas, "the particle system's stationary law");
    if (!(end_time > 0.))
      throw ParameterError("Stability/Particle end time",
                           "the stationary laws are long particle runs: "
                           "T_ref must be positive");
    whole_number_of_steps(end_time,
                          particles.time_step,
                          "Stability/Particle end time");

    StabilitySweep sweep = stability_constants(parameters, taus, search);
    const auto     stationary_cloud = [&](const Model       &model,
                                      const unsigned int seed) {
      ParticleSystem::Parameters run = particles;
      run.seed                       = seed;
      return particle_law_at(model, initial_law, run, end_time);
    };
    const WeightedPoints nu_star = stationary_cloud(reference, particles.seed);
    const std::string    method =
      resolved_cloud_distance("auto",
                              reference.n_parameters(),
                              std::size_t(particles.n_particles) *
                                particles.n_particles);
    const auto distance = [&](const WeightedPoints &cloud) {
      return cloud_wasserstein(nu_star, cloud, method, sinkhorn_epsilon);
    };
    sweep.sampling_floor =
      distance(stationary_cloud(reference, particles.seed + 1));
    unsigned int seed = particles.seed + 2;
    for (const double sigma_prime : sigmas)
      for (const double tau_prime : taus)
        {
          const Model other(
            with_sigma_and_tau(parameters, sigma_prime, tau_prime));
          const WeightedPoints nu_prime = stationary_cloud(other, seed++);
          sweep.add_point(sigma_prime,
                          tau_prime,
                          distance(nu_prime),
                          3. * sweep.sampling_floor,
                          std::numeric_limits<double>::quiet_NaN(),
                          cloud_mean_squared_gradient(reference.potential(),
                                                      nu_prime));
        }
    return sweep;
  }
} // namespace mfpg
