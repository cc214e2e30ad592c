#include "verification/cloud_grid_deposit.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>

namespace mfpg
{
  namespace
  {
    template <int dim>
    void
    check_axes(const WeightedPoints                       &cloud,
               const std::array<std::vector<double>, dim> &axes)
    {
      if (cloud.dimension() != dim)
        throw std::invalid_argument(
          "cloud_grid_deposit: the cloud has dimension " +
          std::to_string(cloud.dimension()) + ", the grid " +
          std::to_string(dim));
      for (const std::vector<double> &axis : axes)
        {
          if (axis.size() < 2)
            throw std::invalid_argument(
              "cloud_grid_deposit: each axis needs at least two nodes");
          for (std::size_t j = 1; j < axis.size(); ++j)
            if (!(axis[j] > axis[j - 1]))
              throw std::invalid_argument(
                "cloud_grid_deposit: the nodes of each axis must increase");
        }
    }

    /**
     * The cell [axis[i], axis[i + 1]] of @p x (already in the box) and its
     * relative position t in it.
     */
    std::pair<unsigned int, double>
    cell_of(const std::vector<double> &axis, const double x)
    {
      const auto   upper = std::upper_bound(axis.begin(), axis.end(), x);
      const auto   i     = std::clamp<std::ptrdiff_t>(upper - axis.begin() - 1,
                                                0,
                                                axis.size() - 2);
      const double t     = (x - axis[i]) / (axis[i + 1] - axis[i]);
      return {i, std::clamp(t, 0., 1.)};
    }
  } // namespace

  template <int dim>
  CloudGridDeposit<dim>
  cloud_grid_deposit(const WeightedPoints                       &cloud,
                     const std::array<std::vector<double>, dim> &axes)
  {
    check_axes<dim>(cloud, axes);
    CloudGridDeposit<dim> result;
    result.measure.axes = axes;
    std::size_t n_nodes = 1;
    for (const std::vector<double> &axis : axes)
      n_nodes *= axis.size();
    result.measure.weights.assign(n_nodes, 0.);

    double squared_spread = 0.;
    for (unsigned int n = 0; n < cloud.n_points(); ++n)
      {
        const double                  w = cloud.weight(n);
        std::array<unsigned int, dim> cell;
        std::array<double, dim>       t;
        double                        cost = 0.;
        for (unsigned int k = 0; k < dim; ++k)
          {
            const double x = cloud.point(n)[k];
            const double clamped =
              std::clamp(x, axes[k].front(), axes[k].back());
            std::tie(cell[k], t[k]) = cell_of(axes[k], clamped);
            const double h          = axes[k][cell[k] + 1] - axes[k][cell[k]];
            cost += (x - clamped) * (x - clamped) + t[k] * (1. - t[k]) * h * h;
          }
        squared_spread += w * cost;
        // the 2^d corners: bit k of c says whether corner c is at the
        // upper end of the cell along axis k
        for (unsigned int c = 0; c < (1u << dim); ++c)
          {
            std::size_t index  = 0;
            double      weight = w;
            for (unsigned int k = 0; k < dim; ++k)
              {
                const bool upper = (c >> k) & 1u;
                index            = index * axes[k].size() + cell[k] + upper;
                weight *= upper ? t[k] : 1. - t[k];
              }
            result.measure.weights[index] += weight;
          }
      }
    result.spread = std::sqrt(squared_spread);
    return result;
  }

#define MFPG_INSTANTIATE(dim)                             \
  template CloudGridDeposit<dim> cloud_grid_deposit<dim>( \
    const WeightedPoints &, const std::array<std::vector<double>, dim> &);
  MFPG_INSTANTIATE(1)
  MFPG_INSTANTIATE(2)
  MFPG_INSTANTIATE(3)
#undef MFPG_INSTANTIATE
} // namespace mfpg
