#ifndef mfpg_solver_spectral_element_operator_h
#define mfpg_solver_spectral_element_operator_h

#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/vector.h>

#include "solver/exponential_fitting_operator.h"
#include "solver/fokker_planck_operator.h"
#include "solver/mesh_discretisation.h"

#include <vector>

namespace mfpg
{
  /**
   * The Q2 spectral-element discretisation of the Slotboom form of model.md
   * §5 (Hu & Zhang's scheme, model.md §8.8),
   *   d/dt nu = (sigma^2/2) div( e^{-Phi} grad( e^{Phi} nu ) ),
   * continuous Q2 elements with Gauss–Lobatto–Legendre quadrature at the
   * nodes (for Q2 the equispaced support points of FE_Q(2)) and the lumped
   * mass m_i = ∫ phi_i (Simpson's weights):
   *   M d/dt nu = -A(Phi) nu,
   *   (A nu)_i = (sigma^2/2) sum_j K_ij(Phi) e^{Phi_j} nu_j,
   *   K_ij(Phi) = sum_cells sum_q w_q e^{-Phi_q} grad phi_i · grad phi_j (x_q),
   * the x_q, w_q the GLL nodes and weights of each cell and Phi_q the nodal
   * potential there. The columns of A sum to zero (exact mass), A e^{-Phi} = 0
   * (the nodal Gibbs state is an exact fixed point) and, with the unknown
   * w = E nu of the exponential fitting (E = diag e^{(Phi - min Phi)/2}),
   *   Â_ij = (E A E^{-1})_ij
   *        = (sigma^2/2) sum_q c_ijq e^{(Phi_i + Phi_j)/2 - Phi_q},
   * c_ijq = w_q grad phi_i · grad phi_j (x_q) summed over the cells, is
   * symmetric positive semidefinite: alpha M + dt Â is symmetric positive
   * definite, solved as for the exponential fitting.
   *
   * A is not a Z-matrix (the Q2 stiffness has positive off-diagonal entries),
   * so nu >= 0 holds only for resolved data and small enough steps: the
   * operator names the exponential fitting on the Q1 sub-cell graph of the
   * same nodes (ExponentialFittingOperator on the same MeshDiscretisation)
   * as its positivity_fallback(), which TimeStepper takes for a step that
   * went negative.
   *
   * The c_ijq are computed once; assembly is then one pass over them (no
   * finite-element evaluation per step). In parallel each rank keeps the
   * c_ijq of its owned rows (the nodes q of the owned and ghost cells are
   * locally relevant) and sets those rows.
   */
  template <int dim>
  class SpectralElementOperator : public FokkerPlanckOperator<dim>
  {
  public:
    /** Needs @p discretisation of degree 2. */
    SpectralElementOperator(const MeshDiscretisation<dim> &discretisation,
                            const double                   sigma);

    /** alpha M + dt Â(Phi). */
    void
    assemble_system(
      const dealii::Vector<double>             &Phi,
      const double                              alpha,
      const double                              dt,
      dealii::PETScWrappers::MPI::SparseMatrix &matrix) const override;

    /** E, as for the exponential fitting. */
    dealii::Vector<double>
    unknown_scaling(const dealii::Vector<double> &Phi) const override;

    /** The lumped mass times @p x. */
    dealii::Vector<double>
    mass_times(const dealii::Vector<double> &x) const override;

    bool
    is_symmetric() const override;

    /**
     * dJ_h/dt of this scheme (model.md §8.8): D sum_i ln u_i (A nu)_i,
     * u = e^{Phi} nu.
     */
    double
    dissipation(const dealii::Vector<double> &Phi,
                const dealii::Vector<double> &nu) const override;

    /** The exponential fitting on the Q1 sub-cells of the same nodes. */
    const FokkerPlanckOperator<dim> *
    positivity_fallback() const override;

    /**
     * The nonzero entries of Â (on a grid line through a common node) and
     * of the sub-cell stiffness of the safe step: in 2-D 13 of the 25
     * couplings of a vertex in the mesh's pattern.
     */
    const dealii::DynamicSparsityPattern *
    sparsity_pattern() const override;

  private:
    /**
     * sum_q c_kle (E_k / E_q)(E_l / E_q) of entry @p e of owned row @p k
     * (column l), with E and its inverse at the nodes: Â_kl / D.
     */
    double
    scaled_entry(const unsigned int            k,
                 const unsigned int            e,
                 const dealii::Vector<double> &E,
                 const dealii::Vector<double> &inverse_E) const;

    /** E = e^{(Phi - min Phi)/2} and 1/E at the locally relevant nodes. */
    std::pair<dealii::Vector<double>, dealii::Vector<double>>
    scalings(const dealii::Vector<double> &Phi) const;

    const MeshDiscretisation<dim>        &discretisation;
    const double                          diffusion;
    const ExponentialFittingOperator<dim> exponential_fitting;
    /** Per owned row k, its entries [entry_start[k], entry_start[k+1]). */
    std::vector<unsigned int>                    entry_start;
    std::vector<dealii::types::global_dof_index> entry_column;
    /** Local index of the column of each entry. */
    std::vector<unsigned int> entry_local_column;
    /** Per entry e, its terms [term_start[e], term_start[e+1]). */
    std::vector<unsigned int> term_start;
    /** The node q (local index) and c_ijq of each term. */
    std::vector<unsigned int>      term_node;
    std::vector<double>            term_weight;
    dealii::DynamicSparsityPattern sparsity;
  };
} // namespace mfpg

#endif
