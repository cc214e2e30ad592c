#include "verification/wasserstein_network_simplex.h"

#include <lemon/network_simplex.h>
#include <lemon/static_graph.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace mfpg
{
  namespace
  {
    /** S, the integer total mass: masses are rounded to multiples of 1/S. */
    constexpr std::int64_t total_mass = std::int64_t(1) << 40;
    /** The integer cost of the largest pair. */
    constexpr double largest_integer_cost = double(std::int64_t(1) << 40);

    /**
     * Largest-remainder rounding of the weights of @p p to integers summing
     * exactly to total_mass; @p total_variation returns 1/2 sum |w S_n/S -
     * w_n| (< N / (2 S)).
     */
    std::vector<std::int64_t>
    integer_masses(const WeightedPoints &p, double &total_variation)
    {
      const unsigned int        n = p.n_points();
      std::vector<std::int64_t> mass(n);
      std::vector<double>       remainder(n);
      std::int64_t              sum = 0;
      for (unsigned int i = 0; i < n; ++i)
        {
          const double scaled = p.weight(i) * double(total_mass);
          mass[i]             = std::int64_t(std::floor(scaled));
          remainder[i]        = scaled - double(mass[i]);
          sum += mass[i];
        }
      std::vector<unsigned int> order(n);
      std::iota(order.begin(), order.end(), 0u);
      std::sort(order.begin(),
                order.end(),
                [&remainder](const unsigned int i, const unsigned int j) {
                  return remainder[i] > remainder[j];
                });
      // Weights summing to 1 to rounding leave a deficit in [0, n]; a
      // surplus (sum of weights above 1 by rounding) is taken from the
      // smallest remainders.
      for (unsigned int k = 0; sum < total_mass; k = (k + 1) % n, ++sum)
        ++mass[order[k]];
      for (unsigned int k = n - 1; sum > total_mass; k = (k + n - 1) % n)
        if (mass[order[k]] > 0)
          {
            --mass[order[k]];
            --sum;
          }
      total_variation = 0.;
      for (unsigned int i = 0; i < n; ++i)
        total_variation +=
          std::abs(double(mass[i]) / double(total_mass) - p.weight(i));
      total_variation /= 2.;
      return mass;
    }

    /** The indices of the points of positive integer mass. */
    std::vector<unsigned int>
    support(const std::vector<std::int64_t> &mass)
    {
      std::vector<unsigned int> s;
      for (unsigned int i = 0; i < mass.size(); ++i)
        if (mass[i] > 0)
          s.push_back(i);
      return s;
    }
  } // namespace

  DiscreteTransport
  wasserstein_network_simplex(const WeightedPoints &a,
                              const WeightedPoints &b,
                              const std::size_t     max_pairs)
  {
    check_same_dimension(a, b, "wasserstein_network_simplex");

    double                          tv_a = 0., tv_b = 0.;
    const std::vector<std::int64_t> mass_a = integer_masses(a, tv_a);
    const std::vector<std::int64_t> mass_b = integer_masses(b, tv_b);
    const std::vector<unsigned int> sa = support(mass_a), sb = support(mass_b);
    const std::size_t               n_pairs = sa.size() * sb.size();
    if (n_pairs > max_pairs ||
        n_pairs > std::size_t(std::numeric_limits<int>::max()))
      throw std::invalid_argument(
        "wasserstein_network_simplex: " + std::to_string(sa.size()) + " x " +
        std::to_string(sb.size()) + " = " + std::to_string(n_pairs) +
        " pairs exceed the limit of " + std::to_string(max_pairs) +
        " (time and memory grow like N M); use wasserstein_1d in 1-D or "
        "sinkhorn_divergence");

    std::vector<double> cost(n_pairs);
    double              c_max = 0.;
    for (std::size_t i = 0; i < sa.size(); ++i)
      for (std::size_t j = 0; j < sb.size(); ++j)
        {
          cost[i * sb.size() + j] = squared_distance(a, sa[i], b, sb[j]);
          c_max                   = std::max(c_max, cost[i * sb.size() + j]);
        }

    DiscreteTransport result;
    if (c_max == 0.) // all mass at one point
      return result;
    const double cost_scale = largest_integer_cost / c_max;

    // The complete bipartite graph: nodes 0..N-1 the points of a, N..N+M-1
    // those of b; arc i M + j from i to N + j (StaticDigraph keeps this
    // order, so an arc's id is its pair index).
    using Graph = lemon::StaticDigraph;
    std::vector<std::pair<int, int>> arcs;
    arcs.reserve(n_pairs);
    for (std::size_t i = 0; i < sa.size(); ++i)
      for (std::size_t j = 0; j < sb.size(); ++j)
        arcs.emplace_back(int(i), int(sa.size() + j));
    Graph graph;
    graph.build(int(sa.size() + sb.size()), arcs.begin(), arcs.end());
    Graph::NodeMap<std::int64_t> supply(graph);
    for (std::size_t i = 0; i < sa.size(); ++i)
      supply[graph.node(int(i))] = mass_a[sa[i]];
    for (std::size_t j = 0; j < sb.size(); ++j)
      supply[graph.node(int(sa.size() + j))] = -mass_b[sb[j]];
    Graph::ArcMap<std::int64_t> integer_cost(graph);
    for (std::size_t k = 0; k < n_pairs; ++k)
      integer_cost[graph.arc(int(k))] = std::llround(cost_scale * cost[k]);

    lemon::NetworkSimplex<Graph, std::int64_t, std::int64_t> simplex(graph);
    simplex.supplyMap(supply).costMap(integer_cost);
    const auto status = simplex.run();
    if (status != decltype(simplex)::OPTIMAL)
      throw std::runtime_error(
        std::string("wasserstein_network_simplex: LEMON's NetworkSimplex "
                    "returned ") +
        (status == decltype(simplex)::INFEASIBLE ? "INFEASIBLE" : "UNBOUNDED") +
        " for a balanced transport problem (integer masses sum to " +
        std::to_string(total_mass) + " on both sides)");

    double squared = 0.;
    for (Graph::ArcIt arc(graph); arc != lemon::INVALID; ++arc)
      squared += double(simplex.flow(arc)) * cost[graph.id(arc)];
    squared /= double(total_mass);

    result.distance = std::sqrt(std::max(squared, 0.));
    result.squared_distance_error_bound =
      c_max * (tv_a + tv_b) + 1. / cost_scale;
    result.distance_error_bound =
      result.distance > 0. ?
        std::min(std::sqrt(result.squared_distance_error_bound),
                 result.squared_distance_error_bound / result.distance) :
        std::sqrt(result.squared_distance_error_bound);
    return result;
  }
} // namespace mfpg
