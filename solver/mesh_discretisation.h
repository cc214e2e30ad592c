#ifndef mfpg_solver_mesh_discretisation_h
#define mfpg_solver_mesh_discretisation_h

#include <deal.II/base/array_view.h>
#include <deal.II/base/point.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/grid/tria.h>
#include <deal.II/lac/sparse_matrix.h>
#include <deal.II/lac/sparsity_pattern.h>
#include <deal.II/lac/vector.h>

#include "meshes/parameter_domain.h"

#include <vector>

namespace mfpg
{
  /**
   * The finite-element space of the density nu on a mesh of parameter space
   * (model.md §5) and everything about it that does not change in time:
   * continuous Lagrange elements of degree 1 or 2, the support points
   * theta_i,
   * the lumped mass m_i = ∫ phi_i (the nodal, trapezoidal quadrature every
   * integral of nu uses: ∫ g nu ≈ sum_i m_i g(theta_i) nu_i), the Laplace
   * stiffness k_ij = ∫ grad phi_i · grad phi_j whose off-diagonal entries are
   * the edge weights of the exponential fitting, and the weights of the
   * outermost layer of cells, where the density must be negligible.
   *
   * The exponential fitting is positivity preserving when k_ij <= 0 for
   * i != j, true on boxes of squares or cubes (and of rectangles of aspect
   * ratio below sqrt 2); setup() counts the violations.
   */
  template <int dim>
  class MeshDiscretisation
  {
  public:
    MeshDiscretisation(const ParameterDomain &domain,
                       const unsigned int     degree);

    const dealii::DoFHandler<dim> &
    dof_handler() const;

    unsigned int
    n_dofs() const;

    /** theta_i, the support point of dof i. */
    const std::vector<dealii::Point<dim>> &
    support_points() const;

    /** theta_i as the coordinate array the model layer takes. */
    dealii::ArrayView<const double>
    theta(const unsigned int i) const;

    /** m_i = ∫ phi_i > 0. */
    const dealii::Vector<double> &
    lumped_mass() const;

    /** k_ij = ∫ grad phi_i · grad phi_j. */
    const dealii::SparseMatrix<double> &
    stiffness() const;

    /** b_i = ∫ phi_i over the cells that touch the boundary. */
    const dealii::Vector<double> &
    boundary_layer_weights() const;

    /** The number of off-diagonal k_ij > 0 (0: an M-matrix mesh). */
    unsigned int
    n_positive_edge_weights() const;

    /** The largest cell diameter. */
    double
    mesh_size() const;

  private:
    dealii::Triangulation<dim>      triangulation;
    dealii::FE_Q<dim>               fe;
    dealii::DoFHandler<dim>         dofs;
    std::vector<dealii::Point<dim>> points;
    std::vector<double>             coordinates;
    dealii::Vector<double>          mass;
    dealii::SparsityPattern         sparsity;
    dealii::SparseMatrix<double>    laplace;
    dealii::Vector<double>          boundary_weights;
    unsigned int                    n_positive;
  };
} // namespace mfpg

#endif
