#include "verification/mesh_wasserstein.h"

#include "model/parameter_file.h"
#include "verification/grid_sinkhorn_divergence.h"
#include "verification/mesh_density_wasserstein.h"

#include <stdexcept>
#include <string>

namespace mfpg
{
  template <int dim>
  GridWasserstein
  mesh_wasserstein(const MeshDiscretisation<dim> &mesh,
                   const dealii::Vector<double>  &a,
                   const dealii::Vector<double>  &b)
  {
    if constexpr (dim == 1)
      return {mesh_density_wasserstein_1d(mesh, a, b), 0., {}, {}, 0};
    else
      return grid_sinkhorn_wasserstein(mesh, a, mesh, b);
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
  mesh_wasserstein<1>(const MeshDiscretisation<1> &,
                      const dealii::Vector<double> &,
                      const dealii::Vector<double> &);
  template GridWasserstein
  mesh_wasserstein<2>(const MeshDiscretisation<2> &,
                      const dealii::Vector<double> &,
                      const dealii::Vector<double> &);
  template GridWasserstein
  mesh_wasserstein<3>(const MeshDiscretisation<3> &,
                      const dealii::Vector<double> &,
                      const dealii::Vector<double> &);
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
