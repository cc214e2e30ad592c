#ifndef mfpg_solver_exponential_fitting_operator_h
#define mfpg_solver_exponential_fitting_operator_h

#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/vector.h>

#include "solver/fokker_planck_operator.h"
#include "solver/mesh_discretisation.h"

namespace mfpg
{
  /**
   * The exponentially fitted discretisation of the Fokker–Planck equation in
   * its symmetric (Slotboom) form, model.md §5,
   *   d/dt nu = (sigma^2/2) div( e^{-Phi} grad( e^{Phi} nu ) ),
   * for a potential Phi given at the nodes (frozen over a time step): the
   * edge-averaged finite elements (EAFE) of Xu & Zikatanov on Q1, i.e.
   * Scharfetter–Gummel fluxes on the edges of the Laplace stiffness graph
   * of MeshDiscretisation (on a Q2 mesh: of its Q1 sub-cells, which makes
   * this the safe step of SpectralElementOperator),
   *   M d/dt nu = -A(Phi) nu,
   *   (A nu)_i = (sigma^2/2) sum_j (-k_ij) [ B(Phi_j - Phi_i) nu_i
   *                                         - B(Phi_i - Phi_j) nu_j ],
   * with B(x) = x / (e^x - 1) and M the lumped mass. Its columns sum to zero
   * (mass is conserved exactly, and zero flux holds for the total flux at
   * the boundary), it is a Z-matrix when k_ij <= 0 (so M + dt A is an
   * M-matrix: nu >= 0 for every time step) and A e^{-Phi} = 0 (the discrete
   * Gibbs state is an exact fixed point).
   *
   * With E = diag(e^{Phi/2}), Â = E A E^{-1} is symmetric, with off-diagonal
   * entries (sigma^2/2) k_ij S(Phi_i - Phi_j), S(x) = (x/2)/sinh(x/2) in
   * (0, 1], and has the eigenvalues of A (>= 0): alpha M + dt Â is
   * symmetric positive definite: the unknown is w = E nu (shifted by
   * min Phi, which changes nothing but the range of E).
   *
   * In parallel each rank sets its owned rows; Phi is needed on the locally
   * relevant nodes (the ends of the owned rows' edges), which the caller
   * evaluates pointwise, and min Phi is one reduction.
   */
  template <int dim>
  class ExponentialFittingOperator : public FokkerPlanckOperator<dim>
  {
  public:
    ExponentialFittingOperator(const MeshDiscretisation<dim> &discretisation,
                               const double                   sigma);

    /** alpha M + dt Â(Phi) (sparsity of the stiffness). */
    void
    assemble_system(
      const dealii::Vector<double>             &Phi,
      const double                              alpha,
      const double                              dt,
      dealii::PETScWrappers::MPI::SparseMatrix &matrix) const override;

    dealii::Vector<double>
    unknown_scaling(const dealii::Vector<double> &Phi) const override;

    /** The lumped mass times @p x. */
    dealii::Vector<double>
    mass_times(const dealii::Vector<double> &x) const override;

    bool
    is_symmetric() const override;

    /** discrete_dissipation() below, exact for this scheme. */
    double
    dissipation(const dealii::Vector<double> &Phi,
                const dealii::Vector<double> &nu) const override;

  private:
    const MeshDiscretisation<dim> &discretisation;
    const double                   diffusion;
  };

  /**
   * The discrete dissipation D^2 sum_{i<j} (-k_ij) flux_ij, D = sigma^2/2
   * (@p diffusion),
   * (ln u_i - ln u_j), u = e^{Phi} nu, flux_ij = B(Phi_j - Phi_i) nu_i -
   * B(Phi_i - Phi_j) nu_j: the exponential fitting's ∫ |grad dJ/dnu|^2 nu,
   * for which its semi-discrete energy identity dJ/dt = dissipation is
   * exact (with the nodal quadrature of J); also the Galerkin scheme's
   * monitor.
   * Needs @p Phi and @p nu on the ghosts too (local nodal vectors); each
   * edge is summed on one rank, the sum added across ranks.
   */
  template <int dim>
  double
  discrete_dissipation(const MeshDiscretisation<dim> &discretisation,
                       const double                   diffusion,
                       const dealii::Vector<double>  &Phi,
                       const dealii::Vector<double>  &nu);

  /** The Bernoulli function B(x) = x / (e^x - 1), B(0) = 1. */
  double
  bernoulli(const double x);
} // namespace mfpg

#endif
