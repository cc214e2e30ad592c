#include "verification/grid_network_simplex.h"

#include "verification/mesh_density_points.h"

#include <algorithm>
#include <cmath>

namespace mfpg
{
  template <int dim>
  GridWasserstein
  grid_network_simplex_wasserstein(const MeshDiscretisation<dim> &mesh_a,
                                   const dealii::Vector<double>  &nu_a,
                                   const MeshDiscretisation<dim> &mesh_b,
                                   const dealii::Vector<double>  &nu_b,
                                   const std::size_t              max_pairs)
  {
    // checks that both meshes are uniform tensor grids, and their spacings
    const double            h_a = tensor_grid_measure(mesh_a, nu_a).spacing();
    const double            h_b = tensor_grid_measure(mesh_b, nu_b).spacing();
    const DiscreteTransport atoms =
      wasserstein_network_simplex(mesh_density_points(mesh_a, nu_a),
                                  mesh_density_points(mesh_b, nu_b),
                                  max_pairs);

    const double squared  = atoms.distance * atoms.distance;
    const double rounding = atoms.squared_distance_error_bound;
    const double offset   = dim * (h_a + h_b) * (h_a + h_b) / 12.;
    const double lower = std::sqrt(std::max(squared - offset - rounding, 0.));
    const double upper = std::sqrt(squared + rounding);

    GridWasserstein result;
    result.distance       = (lower + upper) / 2.;
    result.error_estimate = (upper - lower) / 2.;
    return result;
  }

  template GridWasserstein
  grid_network_simplex_wasserstein(const MeshDiscretisation<1> &,
                                   const dealii::Vector<double> &,
                                   const MeshDiscretisation<1> &,
                                   const dealii::Vector<double> &,
                                   const std::size_t);
  template GridWasserstein
  grid_network_simplex_wasserstein(const MeshDiscretisation<2> &,
                                   const dealii::Vector<double> &,
                                   const MeshDiscretisation<2> &,
                                   const dealii::Vector<double> &,
                                   const std::size_t);
  template GridWasserstein
  grid_network_simplex_wasserstein(const MeshDiscretisation<3> &,
                                   const dealii::Vector<double> &,
                                   const MeshDiscretisation<3> &,
                                   const dealii::Vector<double> &,
                                   const std::size_t);
} // namespace mfpg
