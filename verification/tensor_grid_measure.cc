#include "verification/tensor_grid_measure.h"

#include "verification/mesh_density_points.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace mfpg
{
  namespace
  {
    [[noreturn]] void
    not_a_tensor_grid(const std::string &reason)
    {
      throw std::invalid_argument(
        "tensor_grid_measure: the mesh is not a uniform tensor grid of a box (" +
        reason +
        "); the grid Wasserstein distances need one (a box with subdivisions "
        "and global refinements); use mesh_density_points() with "
        "sinkhorn_divergence() or wasserstein_network_simplex() instead");
    }

    /**
     * The distinct values of @p x (sorted), values closer than @p tolerance
     * counting as one.
     */
    std::vector<double>
    distinct_values(std::vector<double> x, const double tolerance)
    {
      std::sort(x.begin(), x.end());
      std::vector<double> values{x.front()};
      for (const double v : x)
        if (v - values.back() > tolerance)
          values.push_back(v);
      return values;
    }

    /** The index of the value of @p axis within @p tolerance of @p x. */
    unsigned int
    node_index(const std::vector<double> &axis,
               const double               x,
               const double               tolerance)
    {
      const auto it = std::lower_bound(axis.begin(), axis.end(), x - tolerance);
      if (it == axis.end() || std::abs(*it - x) > tolerance)
        not_a_tensor_grid("a support point is off the grid lines");
      return it - axis.begin();
    }
  } // namespace

  template <int dim>
  unsigned int
  TensorGridMeasure<dim>::n_nodes(const unsigned int k) const
  {
    return axes[k].size();
  }

  template <int dim>
  double
  TensorGridMeasure<dim>::spacing() const
  {
    double h = 0.;
    for (const std::vector<double> &axis : axes)
      if (axis.size() > 1)
        h = std::max(h, (axis.back() - axis.front()) / (axis.size() - 1));
    return h;
  }

  template <int dim>
  TensorGridMeasure<dim>
  tensor_grid_measure(const MeshDiscretisation<dim> &discretisation,
                      const dealii::Vector<double>  &nu)
  {
    if (discretisation.dof_handler().get_fe().degree > 2)
      throw std::invalid_argument(
        "tensor_grid_measure: the density must be Q1 or Q2 (degree " +
        std::to_string(discretisation.dof_handler().get_fe().degree) +
        " given): the Gauss-Lobatto nodes of higher degrees are not "
        "equally spaced");
    if (discretisation.n_locally_relevant() != discretisation.n_dofs())
      throw std::invalid_argument(
        "tensor_grid_measure: the mesh is split over several ranks; the grid "
        "distances need every node on one rank");
    const WeightedPoints points = mesh_density_points(discretisation, nu);
    const unsigned int   n      = points.n_points();

    std::array<std::vector<double>, dim> coordinates;
    double                               extent = 0.;
    for (unsigned int k = 0; k < dim; ++k)
      {
        for (unsigned int i = 0; i < n; ++i)
          coordinates[k].push_back(points.point(i)[k]);
        const auto [lo, hi] =
          std::minmax_element(coordinates[k].begin(), coordinates[k].end());
        extent = std::max(extent, *hi - *lo);
      }
    const double tolerance = 1e-9 * extent;

    TensorGridMeasure<dim> grid;
    std::size_t            n_product = 1;
    for (unsigned int k = 0; k < dim; ++k)
      {
        grid.axes[k] = distinct_values(coordinates[k], tolerance);
        n_product *= grid.axes[k].size();
        const std::vector<double> &axis = grid.axes[k];
        if (axis.size() < 2)
          not_a_tensor_grid("axis " + std::to_string(k) + " has one node");
        const double h = (axis.back() - axis.front()) / (axis.size() - 1);
        for (unsigned int j = 0; j < axis.size(); ++j)
          if (std::abs(axis[j] - (axis.front() + j * h)) > 1e-6 * h)
            not_a_tensor_grid("the nodes of axis " + std::to_string(k) +
                              " are not equally spaced");
      }
    if (n_product != n)
      not_a_tensor_grid(std::to_string(n) + " support points, but the " +
                        "product of the axes' node counts is " +
                        std::to_string(n_product));

    grid.weights.assign(n, -1.);
    for (unsigned int i = 0; i < n; ++i)
      {
        std::size_t index = 0;
        for (unsigned int k = 0; k < dim; ++k)
          index = index * grid.axes[k].size() +
                  node_index(grid.axes[k], coordinates[k][i], tolerance);
        if (grid.weights[index] >= 0.)
          not_a_tensor_grid("two support points at one node");
        grid.weights[index] = points.weight(i);
      }
    return grid;
  }

  template struct TensorGridMeasure<1>;
  template struct TensorGridMeasure<2>;
  template struct TensorGridMeasure<3>;
  template TensorGridMeasure<1>
  tensor_grid_measure(const MeshDiscretisation<1> &,
                      const dealii::Vector<double> &);
  template TensorGridMeasure<2>
  tensor_grid_measure(const MeshDiscretisation<2> &,
                      const dealii::Vector<double> &);
  template TensorGridMeasure<3>
  tensor_grid_measure(const MeshDiscretisation<3> &,
                      const dealii::Vector<double> &);
} // namespace mfpg
