#include "verification/mesh_density_wasserstein.h"

#include "model/parameter_file.h"
#include "verification/quantile_laws.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace mfpg
{
  namespace
  {
    using namespace quantile_laws;

    /**
     * The Q1 or Q2 density @p nu of @p mesh as a PiecewiseLinearLaw: the
     * linear interpolant between consecutive nodes, which for Q2 is the
     * sub-cell law of MeshDiscretisation::law_mass().
     */
    PiecewiseLinearLaw
    piecewise_linear_law(const MeshDiscretisation<1>  &mesh,
                         const dealii::Vector<double> &nu)
    {
      if (nu.size() != mesh.n_dofs() || mesh.dof_handler().get_fe().degree > 2)
        throw std::invalid_argument(
          "mesh_density_wasserstein_1d: needs a Q1 or Q2 density of the "
          "mesh's size");
      std::vector<unsigned int> order(mesh.n_dofs());
      std::iota(order.begin(), order.end(), 0u);
      std::sort(order.begin(), order.end(), [&](const auto i, const auto j) {
        return mesh.support_points()[i][0] < mesh.support_points()[j][0];
      });
      std::vector<double> x, rho;
      for (const unsigned int i : order)
        {
          x.push_back(mesh.support_points()[i][0]);
          rho.push_back(nu[i]);
        }
      return PiecewiseLinearLaw(x, rho);
    }
  } // namespace

  double
  mesh_density_wasserstein_1d(const MeshDiscretisation<1>  &mesh,
                              const dealii::Vector<double> &a,
                              const dealii::Vector<double> &b)
  {
    return quantile_distance(piecewise_linear_law(mesh, a),
                             piecewise_linear_law(mesh, b));
  }

  double
  mesh_density_wasserstein_1d(const MeshDiscretisation<1>  &mesh,
                              const dealii::Vector<double> &nu,
                              const WeightedPoints         &points)
  {
    if (points.dimension() != 1)
      throw std::invalid_argument(
        "mesh_density_wasserstein_1d: the points must be 1-D");
    return quantile_distance(piecewise_linear_law(mesh, nu), StepLaw(points));
  }

  template <int dim>
  GridWasserstein
  mesh_density_wasserstein(const MeshDiscretisation<dim> &mesh,
                           const dealii::Vector<double>  &a,
                           const dealii::Vector<double>  &b,
                           const GridSinkhornParameters  &sinkhorn)
  {
    if constexpr (dim == 1)
      return {mesh_density_wasserstein_1d(mesh, a, b), 0., {}, {}, 0};
    else
      return grid_sinkhorn_wasserstein(mesh, a, mesh, b, sinkhorn);
  }

  template <int dim>
  void
  require_tensor_grid(const MeshDiscretisation<dim> &mesh,
                      const dealii::Vector<double>  &nu)
  {
    if constexpr (dim != 1)
      try
        {
          tensor_grid_measure(mesh, nu);
        }
      catch (const std::invalid_argument &e)
        {
          throw ParameterError(
            "Mesh",
            std::string("W2 in d = 2, 3 is computed on a uniform tensor "
                        "grid of a box (Lower/Upper corner with "
                        "subdivisions and global refinements): ") +
              e.what());
        }
  }

  template GridWasserstein
  mesh_density_wasserstein<1>(const MeshDiscretisation<1> &,
                              const dealii::Vector<double> &,
                              const dealii::Vector<double> &,
                              const GridSinkhornParameters &);
  template GridWasserstein
  mesh_density_wasserstein<2>(const MeshDiscretisation<2> &,
                              const dealii::Vector<double> &,
                              const dealii::Vector<double> &,
                              const GridSinkhornParameters &);
  template GridWasserstein
  mesh_density_wasserstein<3>(const MeshDiscretisation<3> &,
                              const dealii::Vector<double> &,
                              const dealii::Vector<double> &,
                              const GridSinkhornParameters &);
  template void
  require_tensor_grid<1>(const MeshDiscretisation<1> &,
                         const dealii::Vector<double> &);
  template void
  require_tensor_grid<2>(const MeshDiscretisation<2> &,
                         const dealii::Vector<double> &);
  template void
  require_tensor_grid<3>(const MeshDiscretisation<3> &,
                         const dealii::Vector<double> &);
} // namespace mfpg
