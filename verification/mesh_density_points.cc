#include "verification/mesh_density_points.h"

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace mfpg
{
  template <int dim>
  WeightedPoints
  mesh_density_points(const MeshDiscretisation<dim> &discretisation,
                      const dealii::Vector<double>  &nu)
  {
    const unsigned int n = discretisation.n_dofs();
    if (nu.size() != n)
      throw std::invalid_argument(
        "mesh_density_points: the density has " + std::to_string(nu.size()) +
        " nodal values for " + std::to_string(n) + " degrees of freedom");

    const dealii::Vector<double> &m = discretisation.law_mass();
    std::vector<double>           weights(n);
    double                        total = 0.;
    for (unsigned int i = 0; i < n; ++i)
      {
        weights[i] = m[i] * nu[i];
        if (!(weights[i] >= 0.))
          throw std::invalid_argument(
            "mesh_density_points: the nodal mass m~_i nu_i of dof " +
            std::to_string(i) + " is " + std::to_string(weights[i]) +
            " (a Wasserstein distance needs a non-negative measure; "
            "Galerkin densities can undershoot, the exponential fitting "
            "cannot)");
        total += weights[i];
      }
    if (!(total > 0.) || !std::isfinite(total))
      throw std::invalid_argument(
        "mesh_density_points: the density has total mass " +
        std::to_string(total) + " (it must be positive and finite)");
    for (double &w : weights)
      w /= total;

    std::vector<double> coordinates;
    coordinates.reserve(std::size_t(n) * dim);
    for (const dealii::Point<dim> &p : discretisation.support_points())
      for (unsigned int k = 0; k < dim; ++k)
        coordinates.push_back(p[k]);
    return WeightedPoints(dim, std::move(coordinates), std::move(weights));
  }

  template WeightedPoints
  mesh_density_points(const MeshDiscretisation<1> &,
                      const dealii::Vector<double> &);
  template WeightedPoints
  mesh_density_points(const MeshDiscretisation<2> &,
                      const dealii::Vector<double> &);
  template WeightedPoints
  mesh_density_points(const MeshDiscretisation<3> &,
                      const dealii::Vector<double> &);
} // namespace mfpg
