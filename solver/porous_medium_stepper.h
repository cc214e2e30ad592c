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
   * With flux correction (Discretisation/Scheme = upwind-fct) the upwind
   * step's solution nu^L is corrected by Zalesak's flux-corrected transport
   * (Kuzmin's algebraic form) toward the central fluxes w_ij (nu_i + nu_j)/2
   * (xi_i - xi_j), second order where nu is smooth:
   *
   *   nu_i = nu^L_i + dt / M_i sum_j alpha_ij a_ij,
   *   a_ij = w_ij |xi_i - xi_j| (nu_i - nu_j) / 2 at nu^L,
   *
   * alpha_ij = alpha_ji in [0, 1] the largest factors that keep each nu_i
   * within the range of nu^L over i and its neighbours. So the mass is
   * conserved (a_ji = -a_ij), nu >= 0, and each edge carries the flux
   * w_ij (xi_i - xi_j) nu_edge with nu_edge between the upwind value and
   * the mean: the semi-discrete scheme still dissipates J_h (§11.4).
   * In parallel each rank forms its owned rows (the stiffness rows of
   * MeshDiscretisation are complete there); the iterate's ghost values are
   * exchanged at every residual and Jacobian evaluation.
   */
  template <int dim>
  class PorousMediumStepper
  {
  public:
    /**
     * Keeps references to @p mesh and @p regulariser; @p flux_correction
     * for upwind-fct. Throws a
     * ParameterError naming "Mesh" for a mesh with positive off-diagonal
     * stiffness entries (no non-negative edge weights).
     */
    PorousMediumStepper(const MeshDiscretisation<dim> &mesh,
                        const Regulariser             &regulariser,
                        const double                   sigma,
                        const double                   time_step,
                        const bool                     flux_correction);

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
     *   (1/2) sum_{i,j} w_ij (xi_i - xi_j)^2 nu_edge(ij),
     * nu_edge = nu_up - alpha_ij (nu_up - nu_down) / 2, nu_up the value at
     * the end the flux leaves, alpha_ij the limiter's at @p nu (0 without
     * flux correction): the exact dJ_h/dt of the semi-discrete scheme with
     * J_h by the lumped mass (docs/model.md §11.4).
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

    /** Zalesak's ratios R+ and R- at every locally relevant node. */
    struct LimiterRatios
    {
      dealii::Vector<double> plus;
      dealii::Vector<double> minus;

      /**
       * alpha_kl of the edge (k, l) whose antidiffusive flux into k is
       * @p a: min(R+_k, R-_l) for a > 0, min(R-_k, R+_l) otherwise
       * (symmetric: alpha_lk = alpha_kl).
       */
      double
      alpha(const unsigned int k, const unsigned int l, const double a) const;
    };

    /**
     * a_kl = w_kl |xi_k - xi_l| (nu_k - nu_l) / 2, the upwind flux out of
     * k minus the central one w_kl (nu_k + nu_l) / 2 (xi_k - xi_l): the
     * antidiffusion into k that turns the upwind step into the central one.
     */
    static double
    antidiffusive_flux(const double w,
                       const double xi_k,
                       const double xi_l,
                       const double nu_k,
                       const double nu_l);

    /**
     * R+_k = min(1, Q+_k / P+_k) and R-_k = min(1, Q-_k / P-_k), P+-_k the
     * sums of the positive and negative a_kl at @p xi and @p nu, Q+-_k =
     * M_k / dt (the largest and smallest nu_l of k and its neighbours -
     * nu_k) (shrunk by bound_margin), ghosts updated (collective).
     */
    LimiterRatios
    limiter_ratios(const dealii::Vector<double> &xi,
                   const dealii::Vector<double> &nu) const;

    /**
     * The flux-corrected step from the upwind step's @p low (locally
     * relevant): nu_k = low_k + dt / M_k sum_l alpha_kl a_kl, with xi, a
     * and alpha at @p low (collective).
     */
    dealii::Vector<double>
    flux_corrected(const dealii::Vector<double> &Phi,
                   const dealii::Vector<double> &low) const;

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
    /** Whether each step is flux-corrected (upwind-fct). */
    const bool flux_correction;
    /**
     * The share of the room to the neighbours' range that the limiter
     * hands out: 1 - 1e-10, so that the rounding of the corrected update
     * (a few eps of nu) cannot cross the range, and nu >= 0 holds exactly.
     */
    static constexpr double bound_margin = 1. - 1e-10;

    mutable dealii::PETScWrappers::MPI::SparseMatrix matrix;
    SNES                                             snes;

    /** The step's Phi and nu^n (set by step()). */
    const dealii::Vector<double> *potential     = nullptr;
    const dealii::Vector<double> *density_start = nullptr;
    unsigned int                  iterations    = 0;
  };
} // namespace mfpg

#endif
