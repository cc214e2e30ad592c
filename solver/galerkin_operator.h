#ifndef mfpg_solver_galerkin_operator_h
#define mfpg_solver_galerkin_operator_h

#include <deal.II/lac/petsc_sparse_matrix.h>

#include "solver/fokker_planck_operator.h"

namespace mfpg
{
  /**
   * The plain Galerkin discretisation of model.md §5 in conservative form,
   *   ∫ d/dt nu phi_i = -(sigma^2/2) ∫ (grad nu + nu grad Phi_h) · grad phi_i,
   * with Q1 to Q4 elements (docs/model.md §8.3), the consistent mass matrix
   * (Gauss quadrature of degree + 1 points per axis, exact for it) and
   * Phi_h the finite
   * element interpolant of the nodal potential: the natural boundary
   * condition is zero total flux and the columns of A sum to zero (mass is
   * conserved). Kept as a comparison: A is not a Z-matrix once the cell
   * Peclet number h |grad Phi| exceeds about 2, and nu then goes negative.
   * In parallel each rank assembles its owned cells (PETSc sends the
   * entries of other ranks' rows at compress); mass_times() is a
   * distributed matrix-vector product, whose result is valid on the owned
   * entries.
   */
  template <int dim>
  class GalerkinOperator : public FokkerPlanckOperator<dim>
  {
  public:
    GalerkinOperator(const MeshDiscretisation<dim> &discretisation,
                     const double                   sigma);

    void
    assemble_system(
      const dealii::Vector<double>             &Phi,
      const double                              alpha,
      const double                              dt,
      dealii::PETScWrappers::MPI::SparseMatrix &matrix) const override;

    /** 1: the unknown is nu itself. */
    dealii::Vector<double>
    unknown_scaling(const dealii::Vector<double> &Phi) const override;

    /** The consistent mass matrix times @p x. */
    dealii::Vector<double>
    mass_times(const dealii::Vector<double> &x) const override;

    bool
    is_symmetric() const override;

    /** The exponential fitting's discrete_dissipation() at this scheme's
     * density (on the Q1 stiffness graph): not an identity of this scheme. */
    double
    dissipation(const dealii::Vector<double> &Phi,
                const dealii::Vector<double> &nu) const override;

  private:
    const MeshDiscretisation<dim>           &discretisation;
    const double                             diffusion;
    dealii::PETScWrappers::MPI::SparseMatrix mass;
  };
} // namespace mfpg

#endif
