#ifndef mfpg_solver_fokker_planck_operator_h
#define mfpg_solver_fokker_planck_operator_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/dynamic_sparsity_pattern.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/vector.h>

#include "model/regulariser.h"
#include "solver/mesh_discretisation.h"

#include <memory>
#include <string>

namespace mfpg
{
  /**
   * A space discretisation of the Fokker–Planck equation of model.md §5 for
   * a potential Phi frozen over a time step,
   *   M d/dt nu = -A(Phi) nu,   ∫ nu conserved by A's zero column sums,
   * written for an unknown w = s(Phi) nu (a diagonal scaling that may make
   * the system symmetric). TimeStepper combines it with a time scheme.
   * Nodal vectors are local nodal vectors (MeshDiscretisation): Phi is read
   * on the locally relevant nodes, results are valid on the owned ones; each
   * rank assembles the matrix rows it owns.
   */
  template <int dim>
  class FokkerPlanckOperator
  {
  public:
    virtual ~FokkerPlanckOperator() = default;

    /** The matrix of alpha M + dt A(Phi) acting on w, into @p matrix. */
    virtual void
    assemble_system(const dealii::Vector<double>             &Phi,
                    const double                              alpha,
                    const double                              dt,
                    dealii::PETScWrappers::MPI::SparseMatrix &matrix) const = 0;

    /** s(Phi), with w = s nu. */
    virtual dealii::Vector<double>
    unknown_scaling(const dealii::Vector<double> &Phi) const = 0;

    /** M x. */
    virtual dealii::Vector<double>
    mass_times(const dealii::Vector<double> &x) const = 0;

    /** Whether the system matrix is symmetric (CG) or not (GMRES). */
    virtual bool
    is_symmetric() const = 0;

    /**
     * The scheme's discrete dissipation, the dJ_h/dt of its semi-discrete
     * flow at (@p Phi, @p nu) (model.md §8.2 property 5, §8.8): the
     * monitor printed beside (J^n - J^{n-1}) / dt. Collective; @p nu on the
     * locally relevant nodes.
     */
    virtual double
    dissipation(const dealii::Vector<double> &Phi,
                const dealii::Vector<double> &nu) const = 0;

    /**
     * The operator TimeStepper takes instead, with implicit Euler, for a
     * step that made nu negative (a positive scheme on the same dofs,
     * model.md §8.8), or nullptr: none (the default).
     */
    virtual const FokkerPlanckOperator<dim> *
    positivity_fallback() const
    {
      return nullptr;
    }

    /**
     * The sparsity of the system matrix (owned rows, global indices), or
     * nullptr: that of the mesh, all pairs of dofs of a common cell (the
     * default). It holds the entries of positivity_fallback() too.
     */
    virtual const dealii::DynamicSparsityPattern *
    sparsity_pattern() const
    {
      return nullptr;
    }
  };

  /** Which space discretisation (subsection "Discretisation"). */
  struct DiscretisationParameters
  {
    std::string scheme = "spectral-element";
    /** 0: the scheme's own (element_degree()). */
    unsigned int degree = 0;

    void
    add_parameters(dealii::ParameterHandler &prm);

    /**
     * The degree of the elements: "Element degree", or where it is 0 the
     * scheme's own, 2 for the spectral elements and 1 for the others.
     */
    unsigned int
    element_degree() const;

    /**
     * The design order in h of the nodal values and of the moments, F and
     * V (nodal-quadrature sums of them; docs/model.md §8): 4 for the
     * spectral elements (Hu & Zhang's fourth order at the nodes, Simpson's
     * rule), 1 for the upwind scheme of the porous-medium flow, 2 for its
     * flux-corrected form upwind-fct, degree + 1 for the others.
     */
    unsigned int
    nodal_order() const;

    /**
     * Whether the scheme steps the porous-medium flow (docs/model.md
     * §11.4): upwind or upwind-fct.
     */
    bool
    porous_medium() const;

    /** Whether the scheme is upwind-fct (§11.4's flux correction). */
    bool
    flux_corrected() const;

    /**
     * Throws a ParameterError naming "Discretisation/Element degree" for
     * a degree other than 1 with the exponential fitting and the upwind
     * scheme (Q1 schemes) and other than 2 with the spectral elements (a Q2
     * scheme); the galerkin scheme takes degrees 1 to 4 (the parameter's
     * range).
     */
    void
    check() const;

    /**
     * Throws a ParameterError naming "Discretisation/Scheme" unless the
     * scheme fits @p regulariser: upwind or upwind-fct for tsallis (the
     * porous-medium flow,
     * docs/model.md §11.4), any other for the entropy.
     */
    void
    check_regulariser(const Regulariser &regulariser) const;

    /**
     * Throws a ParameterError naming "Discretisation/Element degree" for
     * a degree above 2: @p user (e.g. "mfpg compare") reads the density as
     * a continuous piecewise-linear law, the Q1 function for degree 1 and
     * the Q1 function on the sub-cells the equispaced nodes cut a cell into
     * for degree 2 (MeshDiscretisation::law_mass(), docs/model.md §8.1);
     * the Gauss–Lobatto nodes of degrees 3 and 4 have no such reading.
     */
    void
    require_piecewise_linear_law(const std::string &user) const;
  };

  /** The operator @p parameters name, on @p discretisation. */
  template <int dim>
  std::unique_ptr<FokkerPlanckOperator<dim>>
  make_fokker_planck_operator(const DiscretisationParameters &parameters,
                              const MeshDiscretisation<dim>  &discretisation,
                              const double                    sigma);
} // namespace mfpg

#endif
