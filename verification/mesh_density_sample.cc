#include "verification/mesh_density_sample.h"

#include <deal.II/fe/fe_q.h>
#include <deal.II/fe/mapping_q1.h>

#include "model/random_stream.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>
#include <vector>

namespace mfpg
{
  namespace
  {
    /**
     * The sub-cells of a cell of FE_Q(@p fe.degree) (degree 1 or 2; edge
     * 1 / degree on the unit cell): per sub-cell its lower corner on the
     * unit cell and the cell-local indices of its 2^d corner nodes in the
     * order of FE_Q(1)'s vertices.
     */
    template <int dim>
    std::vector<std::pair<dealii::Point<dim>, std::vector<unsigned int>>>
    unit_sub_cells(const dealii::FiniteElement<dim> &fe,
                   const dealii::FE_Q<dim>          &q1)
    {
      const unsigned int p = fe.degree;
      std::vector<std::pair<dealii::Point<dim>, std::vector<unsigned int>>>
        sub_cells;
      for (unsigned int s = 0; s < dealii::Utilities::pow(p, dim); ++s)
        {
          dealii::Point<dim> lower;
          for (unsigned int k = 0, r = s; k < dim; ++k, r /= p)
            lower[k] = double(r % p) / p;
          std::vector<unsigned int> corners;
          for (const dealii::Point<dim> &v : q1.get_unit_support_points())
            {
              const dealii::Point<dim> node = lower + v / double(p);
              for (unsigned int i = 0; i < fe.n_dofs_per_cell(); ++i)
                if (fe.unit_support_point(i).distance(node) < 1e-12)
                  corners.push_back(i);
            }
          Assert(corners.size() == q1.n_dofs_per_cell(),
                 dealii::ExcInternalError());
          sub_cells.emplace_back(lower, std::move(corners));
        }
      return sub_cells;
    }
  } // namespace

  template <int dim>
  WeightedPoints
  sample_mesh_density(const MeshDiscretisation<dim> &mesh,
                      const dealii::Vector<double>  &nu,
                      const unsigned int             n_points,
                      const std::uint64_t            seed)
  {
    const dealii::FiniteElement<dim> &fe = mesh.dof_handler().get_fe();
    if (fe.degree > 2 || nu.size() != mesh.n_dofs())
      throw std::invalid_argument(
        "sample_mesh_density: needs a Q1 or Q2 density of the mesh's size");
    if (n_points == 0)
      throw std::invalid_argument("sample_mesh_density: no points asked for");

    const dealii::FE_Q<dim> q1(1);
    const auto              unit_sub_cell = unit_sub_cells(fe, q1);
    const double            sub_cell_edge = 1. / fe.degree;
    using Cell = typename dealii::DoFHandler<dim>::active_cell_iterator;
    std::vector<Cell>                                         cells;
    std::vector<unsigned int>                                 sub_cell_of;
    std::vector<std::vector<dealii::types::global_dof_index>> corners;
    std::vector<double> cumulative_mass(1, 0.), largest_value;
    std::vector<dealii::types::global_dof_index> local(fe.n_dofs_per_cell());
    for (const auto &cell : mesh.dof_handler().active_cell_iterators())
      {
        const double box_volume = cell->bounding_box().volume();
        if (std::abs(cell->measure() - box_volume) > 1e-10 * box_volume)
          throw std::invalid_argument(
            "sample_mesh_density: a cell is not an axis-parallel box");
        cell->get_dof_indices(local);
        for (const auto i : local)
          if (!(nu[i] >= 0.))
            throw std::invalid_argument(
              "sample_mesh_density: a negative or NaN nodal density");
        for (unsigned int s = 0; s < unit_sub_cell.size(); ++s)
          {
            std::vector<dealii::types::global_dof_index> dofs;
            double                                       sum = 0., largest = 0.;
            for (const unsigned int i : unit_sub_cell[s].second)
              {
                dofs.push_back(local[i]);
                sum += nu[local[i]];
                largest = std::max(largest, nu[local[i]]);
              }
            cells.push_back(cell);
            sub_cell_of.push_back(s);
            corners.push_back(std::move(dofs));
            cumulative_mass.push_back(cumulative_mass.back() +
                                      box_volume / unit_sub_cell.size() * sum /
                                        q1.n_dofs_per_cell());
            largest_value.push_back(largest);
          }
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
            for (unsigned int j = 0; j < corners[c].size(); ++j)
              value += nu[corners[c][j]] * q1.shape_value(j, xi);
          }
        const dealii::Point<dim> x = mapping.transform_unit_to_real_cell(
          cells[c], unit_sub_cell[sub_cell_of[c]].first + sub_cell_edge * xi);
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
