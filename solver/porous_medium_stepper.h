#ifndef mfpg_solver_porous_medium_stepper_h
#define mfpg_solver_porous_medium_stepper_h

#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/vector.h>

#include "model/regulariser.h"
#include "solver/mesh_discretisation.h"

#include <petscsnes.h>

namespace mfpg
{
  /**
   * One implicit step of the porous-medium flow of docs/model.md §11.4 on
   * the edge graph of the mesh's (sub-cell) Q1 stiffness: the upwind finite
   * volumes of Bailo, Carrillo & Hu,
   *
   *   M_i (nu_i - nu_i^n) / dt
   *     = - sum_j w_ij [ nu_i (xi_i - xi_j)_+ - nu_j (xi_j - xi_i)_+ ],
   *   xi_i = D (h'(nu_i) + Phi_i),   w_ij = -k_ij >= 0,   D = sigma^2 / 2,
   *
   * with M the lumped mass and the Slotboom potential Phi = U - (1/D)
   * dV/dnu given at the nodes and frozen over the step, so that
   * xi = D (h'(nu) + U) - dV/dnu is the first variation of -J_h of §11.1.
   * Each edge's flux leaves one node and enters the other: the mass
   * sum_i M_i nu_i is conserved up to the solver's tolerance. The nonlinear
   * system is solved by Newton's method with a line search (PETSc SNES,
   * SNESNEWTONLS; residual below 1e-12 relative, or below its rounding
   * floor 100 eps ||M nu^n / dt||_2 absolute), each
   * linear system by MUMPS, with the exact Jacobian (h'' of Regulariser).
   * The solution of the scheme is non-negative; an iterate may dip below
   * zero, where h' is taken at max(nu, 0) (flat: h'' = 0 there). For
   * m < 2, where h''(0) is infinite and h'(nu) not Lipschitz at 0, Newton
   * works in u with nu = u^p for u > 0, p = 1 / (m - 1) > 1, and nu = u
   * below: then h'(nu) = (m u - 1) / (m - 1) is linear in u and the
   * Jacobian bounded; for m >= 2 the unknown is nu itself.
   *
   * In parallel each rank forms its owned rows (the stiffness rows of
   * MeshDiscretisation are complete there); the iterate's ghost values are
   * exchanged at every residual and Jacobian evaluation.
   */
  template <int dim>
  class PorousMediumStepper
  {
  public:
    /**
     * Keeps references to @p mesh and @p regulariser. Throws a
     * ParameterError naming "Mesh" for a mesh with positive off-diagonal
     * stiffness entries (no non-negative edge weights).
     */
    PorousMediumStepper(const MeshDiscretisation<dim> &mesh,
                        const Regulariser             &regulariser,
                        const double                   sigma,
                        const double                   time_step);

    ~PorousMediumStepper();

    PorousMediumStepper(const PorousMediumStepper &) = delete;
    PorousMediumStepper &
    operator=(const PorousMediumStepper &) = delete;

    /**
     * nu^{n+1} from nu^n and Phi (local nodal vectors, valid on the locally
     * relevant nodes), valid on the locally relevant nodes (collective).
     * Throws std::runtime_error naming PETSc's reason when Newton does not
     * converge.
     */
    dealii::Vector<double>
    step(const dealii::Vector<double> &Phi, const dealii::Vector<double> &nu);

    /**
     * The scheme's dissipation at @p nu and @p Phi (local nodal vectors,
     * valid on the locally relevant nodes; collective):
     *   (1/2) sum_{i,j} w_ij (xi_i - xi_j)^2 nu_upwind(ij),
     * nu_upwind the value at the end the flux leaves, the exact dJ_h/dt of
     * the semi-discrete scheme with J_h by the lumped mass (docs/model.md
     * §11.4).
     */
    double
    dissipation(const dealii::Vector<double> &Phi,
                const dealii::Vector<double> &nu) const;

    /** Newton iterations of the last step. */
    unsigned int
    newton_iterations() const;

  private:
    /** xi_k = D (h'(max(nu_k, 0)) + Phi_k) at every locally relevant node. */
    dealii::Vector<double>
    first_variation(const dealii::Vector<double> &Phi,
                    const dealii::Vector<double> &nu) const;

    /** The residual above of the iterate @p x (owned entries). */
    void
    residual(const Vec x, Vec f) const;

    /** Its Jacobian, into the system matrix. */
    void
    jacobian(const Vec x) const;

    /** The local nodal vector of the owned entries of @p x, ghosts updated. */
    dealii::Vector<double>
    local_iterate(const Vec x) const;

    /** nu(u): u^p for u > 0, u below (the unknown u of Newton). */
    double
    density(const double u) const;

    /** nu'(u): p u^{p-1} for u > 0, 1 below. */
    double
    density_slope(const double u) const;

    /** d xi / du at u (0 for u <= 0, where h' is taken at 0). */
    double
    first_variation_slope(const double u) const;

    /** nu(u) at every entry of @p u. */
    dealii::Vector<double>
    densities(const dealii::Vector<double> &u) const;

    static PetscErrorCode
    residual_callback(SNES, Vec x, Vec f, void *context);

    static PetscErrorCode
    jacobian_callback(SNES, Vec x, Mat, Mat, void *context);


    const MeshDiscretisation<dim> &mesh;
    const Regulariser             &regulariser;
    const double                   diffusion;
    const double                   dt;
    /** p of the unknown u: 1 / (m - 1) for m < 2, else 1. */
    const double power;

    mutable dealii::PETScWrappers::MPI::SparseMatrix matrix;
    SNES                                             snes;

    /** The step's Phi and nu^n (set by step()). */
    const dealii::Vector<double> *potential     = nullptr;
    const dealii::Vector<double> *density_start = nullptr;
    unsigned int                  iterations    = 0;
  };
} // namespace mfpg

#endif
