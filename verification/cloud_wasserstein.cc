#include "verification/cloud_wasserstein.h"

#include "model/parameter_file.h"
#include "verification/sinkhorn_divergence.h"
#include "verification/wasserstein_1d.h"
#include "verification/wasserstein_network_simplex.h"

#include <stdexcept>

namespace mfpg
{
  bool
  advance_to(ParticleSystem              &system,
             const double                 t,
             const std::function<bool()> &stop)
  {
    const unsigned long steps =
      t == 0. ?
        0 :
        whole_number_of_steps(t, system.time_step(), "Particles/Time step");
    while (system.n_steps() < steps)
      {
        if (stop && stop())
          return false;
        system.make_one_step();
      }
    return true;
  }

  std::string
  resolved_cloud_distance(const std::string &method,
                          const unsigned int dim,
                          const std::size_t  n_pairs)
  {
    if (method != "auto")
      return method;
    if (dim == 1)
      return "quantile";
    return n_pairs <= network_simplex_default_max_pairs ? "network-simplex" :
                                                          "sinkhorn";
  }

  double
  cloud_wasserstein(const WeightedPoints &a,
                    const WeightedPoints &b,
                    const std::string    &method,
                    const double          sinkhorn_epsilon)
  {
    const std::size_t n_pairs = std::size_t(a.n_points()) * b.n_points();
    if (method == "quantile")
      return wasserstein_1d(a, b);
    if (method == "network-simplex")
      return wasserstein_network_simplex(a, b, n_pairs).distance;
    if (method == "sinkhorn")
      {
        SinkhornParameters sinkhorn;
        sinkhorn.epsilon   = sinkhorn_epsilon;
        sinkhorn.max_pairs = n_pairs;
        return sinkhorn_divergence(a, b, sinkhorn).distance;
      }
    throw std::invalid_argument("cloud_wasserstein: unknown method '" + method +
                                "' (quantile, network-simplex or sinkhorn)");
  }
} // namespace mfpg
