#ifndef mfpg_meshes_parameter_domain_h
#define mfpg_meshes_parameter_domain_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/grid/tria.h>

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * The mesh of parameter space R^d on which the Fokker–Planck equation of
   * model.md §5 is solved: a box [lo, hi] of hexahedra (intervals, squares,
   * cubes), subdivided and globally refined, or a Gmsh file read by deal.II's
   * GridIn. The box replaces R^d: it must be large enough that the density
   * is negligible at its boundary, which the solver monitors.
   */
  struct ParameterDomain
  {
    std::vector<double>       lower_corner{-4.};
    std::vector<double>       upper_corner{4.};
    std::vector<unsigned int> subdivisions{1};
    unsigned int              global_refinements = 5;
    std::string               mesh_file;

    /** Declare subsection "Mesh" of @p prm, bound to the members. */
    void
    add_parameters(dealii::ParameterHandler &prm);

    /**
     * Fill @p triangulation, of dimension d = dim of theta. Corner and
     * subdivision lists have 1 value (all axes) or d values; a wrong length,
     * an empty box, or an unreadable mesh file throws a ParameterError.
     */
    template <int dim>
    void
    create(dealii::Triangulation<dim> &triangulation) const;
  };
} // namespace mfpg

#endif
