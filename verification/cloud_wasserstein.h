#ifndef mfpg_verification_cloud_wasserstein_h
#define mfpg_verification_cloud_wasserstein_h

#include "particles/particle_system.h"
#include "verification/weighted_points.h"

#include <cstddef>
#include <functional>
#include <string>

namespace mfpg
{
  /**
   * Advance @p system to the output time @p t (>= its current time), which
   * must be a whole number of its time steps eta up to a relative 1e-9
   * (whole_number_of_steps()); otherwise a ParameterError naming
   * "Particles/Time step". Used by the experiments that read a particle run
   * at the output times of model.md §6.6. A non-empty @p stop is asked
   * before every step: true leaves the system where it is (a stop takes
   * effect within one step) and advance_to() returns false; true when t is
   * reached.
   */
  bool
  advance_to(ParticleSystem              &system,
             const double                 t,
             const std::function<bool()> &stop = {});

  /**
   * The W2 method that @p method stands for when comparing two clouds (or a
   * cloud with a sample of a mesh density) of @p n_pairs point pairs in
   * d = @p dim (model.md §9.7): "auto" is quantile in d = 1 (exact), else
   * network-simplex while
   * n_pairs <= 10^6 (network_simplex_default_max_pairs), else sinkhorn;
   * any other value is returned unchanged.
   */
  std::string
  resolved_cloud_distance(const std::string &method,
                          const unsigned int dim,
                          const std::size_t  n_pairs);

  /**
   * W2(@p a, @p b) between two discrete measures by @p method: "quantile"
   * (exact, d = 1, wasserstein_1d(), model.md §9.2), "network-simplex"
   * (exact OT, any d, model.md §9.3) or "sinkhorn" (the Sinkhorn
   * divergence of model.md §9.4 at eps = @p sinkhorn_epsilon, in units of
   * squared distance, with N M pairs allowed). Anything else throws
   * std::invalid_argument.
   */
  double
  cloud_wasserstein(const WeightedPoints &a,
                    const WeightedPoints &b,
                    const std::string    &method,
                    const double          sinkhorn_epsilon);
} // namespace mfpg

#endif
