#include "verification/mesh_density_sample.h"

#include <deal.II/fe/mapping_q1.h>

#include "model/random_stream.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace mfpg
{
  template <int dim>
  WeightedPoints
  sample_mesh_density(const MeshDiscretisation<dim> &mesh,
                      const dealii::Vector<double>  &nu,
                      const unsigned int             n_points,
                      const std::uint64_t            seed)
  {
    const dealii::FiniteElement<dim> &fe = mesh.dof_handler().get_fe();
    if (fe.degree != 1 || nu.size() != mesh.n_dofs())
      throw std::invalid_argument(
        "sample_mesh_density: needs a Q1 density of the mesh's size");
    if (n_points == 0)
      throw std::invalid_argument("sample_mesh_density: no points asked for");

    using Cell = typename dealii::DoFHandler<dim>::active_cell_iterator;
    std::vector<Cell>                                         cells;
    std::vector<std::vector<dealii::types::global_dof_index>> dofs;
    std::vector<double> cumulative_mass(1, 0.), largest_value;
    for (const auto &cell : mesh.dof_handler().active_cell_iterators())
      {
        const double box_volume = cell->bounding_box().volume();
        if (std::abs(cell->measure() - box_volume) > 1e-10 * box_volume)
          throw std::invalid_argument(
            "sample_mesh_density: a cell is not an axis-parallel box");
        std::vector<dealii::types::global_dof_index> local(
          fe.n_dofs_per_cell());
        cell->get_dof_indices(local);
        double sum = 0., largest = 0.;
        for (const auto i : local)
          {
            if (!(nu[i] >= 0.))
              throw std::invalid_argument(
                "sample_mesh_density: a negative or NaN nodal density");
            sum += nu[i];
            largest = std::max(largest, nu[i]);
          }
        cells.push_back(cell);
        dofs.push_back(std::move(local));
        cumulative_mass.push_back(cumulative_mass.back() +
                                  box_volume * sum / fe.n_dofs_per_cell());
        largest_value.push_back(largest);
      }
    const double total = cumulative_mass.back();
    if (!(total > 0.))
      throw std::invalid_argument(
        "sample_mesh_density: the density has no mass");

    const dealii::MappingQ1<dim> mapping;
    std::vector<double>          coordinates;
    coordinates.reserve(std::size_t(n_points) * dim);
    for (unsigned int n = 0; n < n_points; ++n)
      {
        RandomStream   random(seed, n, 0);
        const double   u = random.uniform() * total;
        const unsigned c =
          std::min<std::size_t>(std::upper_bound(cumulative_mass.begin() + 1,
                                                 cumulative_mass.end(),
                                                 u) -
                                  cumulative_mass.begin() - 1,
                                cells.size() - 1);
        dealii::Point<dim> xi;
        for (double value = -1.;
             !(random.uniform() * largest_value[c] <= value);)
          {
            for (unsigned int k = 0; k < dim; ++k)
              xi[k] = random.uniform();
            value = 0.;
            for (unsigned int i = 0; i < dofs[c].size(); ++i)
              value += nu[dofs[c][i]] * fe.shape_value(i, xi);
          }
        const dealii::Point<dim> x =
          mapping.transform_unit_to_real_cell(cells[c], xi);
        for (unsigned int k = 0; k < dim; ++k)
          coordinates.push_back(x[k]);
      }
    return WeightedPoints(dim, std::move(coordinates));
  }

  template WeightedPoints
  sample_mesh_density(const MeshDiscretisation<1> &,
                      const dealii::Vector<double> &,
                      const unsigned int,
                      const std::uint64_t);
  template WeightedPoints
  sample_mesh_density(const MeshDiscretisation<2> &,
                      const dealii::Vector<double> &,
                      const unsigned int,
                      const std::uint64_t);
  template WeightedPoints
  sample_mesh_density(const MeshDiscretisation<3> &,
                      const dealii::Vector<double> &,
                      const unsigned int,
                      const std::uint64_t);
} // namespace mfpg
