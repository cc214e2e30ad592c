#ifndef mfpg_solver_mesh_discretisation_h
#define mfpg_solver_mesh_discretisation_h

#include <deal.II/base/array_view.h>
#include <deal.II/base/index_set.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/partitioner.h>
#include <deal.II/base/point.h>
#include <deal.II/distributed/shared_tria.h>
#include <deal.II/distributed/tria.h>
#include <deal.II/dofs/dof_handler.h>
#include <deal.II/fe/fe_q.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/la_parallel_vector.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/vector.h>

#include "meshes/parameter_domain.h"

#include <memory>
#include <type_traits>
#include <vector>

namespace mfpg
{
  /**
   * The mesh of the mesh solver, split over the ranks of a communicator:
   * p4est's parallel::distributed::Triangulation in d = 2, 3 (each rank
   * stores its cells and one layer of ghost cells). p4est has no 1-D
   * forest, so in d = 1 it is a parallel::shared::Triangulation: every rank
   * stores all cells (a 1-D mesh is small) and owns a contiguous range of
   * them (z-order partition); the code above this alias is the same in
   * every dimension.
   */
  template <int dim>
  using DistributedTriangulation =
    std::conditional_t<dim == 1,
                       dealii::parallel::shared::Triangulation<dim>,
                       dealii::parallel::distributed::Triangulation<dim>>;

  /**
   * The finite-element space of the density nu on a mesh of parameter space
   * (model.md §5) and everything about it that does not change in time:
   * continuous Lagrange elements of degree 1 to 4 (deal.II's FE_Q: nodes
   * at the Gauss–Lobatto points of each cell, equispaced for degrees 1 and
   * 2), the support points theta_i, the lumped mass m_i = ∫ phi_i (the
   * nodal quadrature every integral of nu uses: ∫ g nu ≈ sum_i m_i
   * g(theta_i) nu_i; trapezoidal for Q1, Simpson for Q2, Gauss–Lobatto for
   * Q3 and Q4, docs/model.md §8.3), the Laplace stiffness
   * k_ij = ∫ grad phi~_i · grad phi~_j, for degrees 1 and 2 of the Q1
   * sub-cells that the nodes cut the cells into (phi~ the basis of
   * FE_Q_iso_Q1(degree), the Q1 basis for degree 1; model.md §8.1), for
   * degrees 3 and 4 of the element itself, whose off-diagonal entries are
   * the edge weights of the exponential fitting, the sparsity of all
   * couplings of the element, and the weights of the outermost layer of
   * cells, where the density must be negligible.
   *
   * The exponential fitting is positivity preserving when k_ij <= 0 for
   * i != j, true on boxes of squares or cubes (and of rectangles of aspect
   * ratio below sqrt 2); the constructor counts the violations.
   *
   * <b>Parallel layout.</b> The mesh is a DistributedTriangulation over the
   * ranks of @p communicator; each rank owns a contiguous range of dofs and
   * sees the locally relevant ones (owned, and the ghosts on its ghost
   * cells). Every nodal array of the solver is a <i>local nodal vector</i>:
   * a dealii::Vector of n_locally_relevant() entries in the local numbering
   * k of the dof partitioner, owned dofs first (k < n_locally_owned(), in
   * the order of their global indices), then the ghosts. On one rank the
   * local numbering is the global dof numbering and a local nodal vector
   * holds all nodes. Support points, lumped mass and boundary weights are
   * local nodal vectors valid on every entry; the stiffness is kept for the
   * owned rows only, with local column indices (all cells touching an owned
   * dof are owned or ghost cells, so these rows are complete without
   * communication). Sums over nodes run over the owned entries and are added
   * across ranks (nodal_quadrature). The dof numbering depends on the
   * number of ranks: compare runs on different numbers of ranks through
   * integrals or point values, not dof by dof.
   */
  template <int dim>
  class MeshDiscretisation
  {
  public:
    MeshDiscretisation(const ParameterDomain &domain,
                       const unsigned int     degree,
                       const MPI_Comm         communicator = MPI_COMM_WORLD);

    MPI_Comm
    communicator() const;

    const dealii::DoFHandler<dim> &
    dof_handler() const;

    /** The number of dofs on all ranks. */
    unsigned int
    n_dofs() const;

    unsigned int
    n_locally_owned() const;

    /** Owned and ghost dofs: the length of a local nodal vector. */
    unsigned int
    n_locally_relevant() const;

    const dealii::IndexSet &
    locally_owned_dofs() const;

    /** The global dof index of local index @p k. */
    dealii::types::global_dof_index
    global_index(const unsigned int k) const;

    /** The local index of the locally relevant global dof @p i. */
    unsigned int
    local_index(const dealii::types::global_dof_index i) const;

    /** theta_k, the support point of local index k. */
    const std::vector<dealii::Point<dim>> &
    support_points() const;

    /** theta_k as the coordinate array the model layer takes. */
    dealii::ArrayView<const double>
    theta(const unsigned int k) const;

    /**
     * m_k = ∫ phi_k > 0: the constructor throws a ParameterError naming
     * "Discretisation/Element degree" if a weight is not positive.
     */
    const dealii::Vector<double> &
    lumped_mass() const;

    /**
     * The weights of the nodes when the density is read as a law
     * (docs/model.md §8.1, §9.5): m~_k = ∫ phi~_k, phi~ the basis of the
     * stiffness element. For degrees 1 and 2 this is the continuous
     * piecewise-linear law sum_k nu_k phi~_k on the Q1 sub-cells of edge
     * h / degree (FE_Q_iso_Q1(degree)), non-negative wherever the nodal
     * values are, and m~_k its trapezoidal lumped mass on the uniform
     * sub-cell grid (m~ = m for degree 1; for degree 2 the sub-cell
     * trapezoid instead of Simpson's rule, an O(h^2) difference in every
     * moment). For degrees 3 and 4 (no equispaced sub-cells) m~ = m, the
     * Gauss–Lobatto weights; no piecewise-linear reading exists there and
     * the readers of a law refuse them
     * (DiscretisationParameters::require_piecewise_linear_law()). The flow's
     * own integrals stay on lumped_mass().
     */
    const dealii::Vector<double> &
    law_mass() const;

    /**
     * The local column indices of owned row @p k of the sub-cell stiffness
     * (the nodes of a common sub-cell with a nonzero k_kl).
     */
    dealii::ArrayView<const unsigned int>
    stiffness_columns(const unsigned int k) const;

    /** k_kl of owned row @p k, for l in stiffness_columns(k). */
    dealii::ArrayView<const double>
    stiffness_values(const unsigned int k) const;

    /**
     * The sparsity of the owned rows (global indices; all pairs of dofs of
     * a common cell), for PETSc.
     */
    const dealii::DynamicSparsityPattern &
    sparsity_pattern() const;

    /** b_k = ∫ phi_k over the cells that touch the boundary. */
    const dealii::Vector<double> &
    boundary_layer_weights() const;

    /** The number of off-diagonal k_ij > 0 (0: an M-matrix mesh). */
    unsigned int
    n_positive_edge_weights() const;

    /** The largest cell diameter. */
    double
    mesh_size() const;

    /**
     * Overwrite the ghost entries of the local nodal vector @p x by the
     * owners' values: one halo exchange (each rank sends its owned values
     * on other ranks' ghost cells).
     */
    void
    update_ghost_values(dealii::Vector<double> &x) const;

    /**
     * Add the ghost entries of the local nodal vector @p x to their owners'
     * entries (the transpose of update_ghost_values(): one halo exchange),
     * for contributions that ranks compute for nodes they do not own. The
     * ghost entries of @p x are left as they were.
     */
    void
    add_ghost_contributions(dealii::Vector<double> &x) const;

    /**
     * The owned entries of @p x in a distributed vector with its ghost
     * values imported (one halo exchange), for DataOut.
     */
    dealii::LinearAlgebra::distributed::Vector<double>
    ghosted_vector(const dealii::Vector<double> &x) const;

    /**
     * All nodes of the local nodal vector @p x in the global dof numbering,
     * on every rank: an all-gather of n_dofs() doubles (memory and traffic
     * O(n_dofs) on every rank, not scalable; on one rank a copy). For
     * observers, checkpoints and files that want the whole density.
     */
    dealii::Vector<double>
    gather(const dealii::Vector<double> &x) const;

    /**
     * The local nodal vector of a vector @p all of every node in the
     * global numbering (no communication), the inverse of gather().
     */
    dealii::Vector<double>
    local_part(const dealii::Vector<double> &all) const;

    /** The owned entries of @p x as a PETSc vector. */
    dealii::PETScWrappers::MPI::Vector
    petsc_vector(const dealii::Vector<double> &x) const;

    /** The owned entries of @p x from the PETSc vector @p v. */
    void
    copy_locally_owned(const dealii::PETScWrappers::MPI::Vector &v,
                       dealii::Vector<double>                   &x) const;

    /** min over the owned entries of @p x on all ranks. */
    double
    minimum(const dealii::Vector<double> &x) const;

    /** max |x_k| over the owned entries of @p x on all ranks. */
    double
    maximum_norm(const dealii::Vector<double> &x) const;

  private:
    MPI_Comm                                                   mpi_communicator;
    DistributedTriangulation<dim>                              triangulation;
    dealii::FE_Q<dim>                                          fe;
    dealii::DoFHandler<dim>                                    dofs;
    dealii::IndexSet                                           owned;
    std::shared_ptr<const dealii::Utilities::MPI::Partitioner> partitioner;
    std::vector<dealii::types::global_dof_index>               owned_ranges;
    std::vector<dealii::Point<dim>>                            points;
    std::vector<double>                                        coordinates;
    dealii::Vector<double>                                     mass;
    dealii::Vector<double>                                     sub_cell_mass;
    std::vector<unsigned int>                                  row_start;
    std::vector<unsigned int>                                  columns;
    std::vector<double>                                        values;
    dealii::DynamicSparsityPattern                             sparsity;
    dealii::Vector<double>                                     boundary_weights;
    unsigned int                                               n_positive;
  };
} // namespace mfpg

#endif
