#ifndef mfpg_solver_time_stepper_h
#define mfpg_solver_time_stepper_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/vector.h>

#include "solver/fokker_planck_operator.h"
#include "solver/linear_solver.h"
#include "solver/mesh_discretisation.h"
#include "solver/positivity_limiter.h"

#include <string>

namespace mfpg
{
  /** The parameters of TimeStepper (subsection "Time stepping"). */
  struct TimeSteppingParameters
  {
    std::string            scheme     = "bdf2";
    double                 time_step  = 1e-2;
    std::string            positivity = "redistribution";
    double                 end_time   = 1.;
    LinearSolverParameters linear_solver;

    /** Declare subsection "Time stepping" of @p prm. */
    void
    add_parameters(dealii::ParameterHandler &prm);

    void
    check() const;

    /** The order of Scheme in dt: 1 (implicit Euler) or 2 (BDF2). */
    unsigned int
    order() const;
  };

  /**
   * Time stepping of M d/dt nu = -A(Phi) nu (FokkerPlanckOperator) with the
   * nonlocal potential Phi given by the caller:
   *
   *  - implicit-euler: (M + dt A(Phi^n)) nu^{n+1} = M nu^n, Phi frozen at
   *    the previous step; first order; with the exponential fitting,
   *    nu >= 0 for every dt (M-matrix);
   *  - bdf2: (3/2 M + dt A(Phi*)) nu^{n+1} = M (2 nu^n - nu^{n-1}/2),
   *    Phi* = 2 Phi^n - Phi^{n-1} extrapolated; second order; positivity is
   *    not guaranteed (the right-hand side may change sign) and is reported
   *    by the monitors. Its first step is an implicit Euler step.
   *
   * Each step solves for the operator's unknown w = s(Phi) nu with a
   * LinearSolver (CG or GMRES with BoomerAMG, kept across steps, or MUMPS),
   * on the ranks of the mesh's communicator: the matrix and vectors hold the
   * owned rows of each rank (the solver's halo exchanges and reductions are
   * PETSc's and hypre's). The system an AMG hierarchy was built from is
   * remembered (PreconditionerSource), so that a restored run builds the
   * same one and continues with the same numbers.
   *
   * <b>Positivity.</b> When the operator has a positivity_fallback() and a
   * step ends with min nu < -1e-14 max |nu| (over all ranks), it is
   * repaired (docs/model.md §8.8): with "Positivity = redistribution" (the
   * default) by the PositivityLimiter, which moves the negative mass to
   * the positive neighbours, counted (n_limited_steps()) with the mass it
   * moved (redistributed_mass()); when that fails or leaves the step still
   * negative, or with "Positivity = safe-step", the step is redone from nu^n by
   * implicit Euler with the fallback and the step's potential (an M-matrix
   * scheme: nu^{n+1} >= 0 for every dt) and counted (n_safe_steps()). A BDF2
   * step after it takes the repaired result as nu^n as usual.
   */
  template <int dim>
  class TimeStepper
  {
  public:
    /**
     * The system the current AMG preconditioner was built from: its
     * potential (a local nodal vector; empty: none built), alpha, whether
     * the operator was the positivity fallback, and the iterations of the
     * first solve with it.
     */
    struct PreconditionerSource
    {
      dealii::Vector<double> Phi;
      double                 alpha                = 1.;
      bool                   fallback             = false;
      unsigned int           reference_iterations = 0;
    };

    TimeStepper(const MeshDiscretisation<dim>   &discretisation,
                const FokkerPlanckOperator<dim> &fokker_planck,
                const TimeSteppingParameters    &parameters);

    /**
     * nu^{n+1} from nu^n (and nu^{n-1} for bdf2; pass an empty vector for
     * the first step) and the potential Phi* of the step, as local nodal
     * vectors: nu on the owned nodes, Phi on the locally relevant ones. The
     * result is valid on all locally relevant nodes (one halo exchange
     * after the solve).
     */
    dealii::Vector<double>
    step(const dealii::Vector<double> &Phi,
         const dealii::Vector<double> &nu,
         const dealii::Vector<double> &nu_previous);

    /**
     * Linear-solver iterations of the last step (1 for the direct solver;
     * the sum of both solves for a safe step).
     */
    unsigned int
    last_iterations() const;

    /** The number of safe steps so far. */
    unsigned int
    n_safe_steps() const;

    /** The number of steps repaired by redistribution so far. */
    unsigned int
    n_limited_steps() const;

    /** The mass moved by those repairs, summed over the steps so far. */
    double
    redistributed_mass() const;

    /**
     * Continue the counts of safe and limited steps and the redistributed
     * mass from a restored state.
     */
    void
    restore_positivity_counts(const unsigned int safe,
                              const unsigned int limited,
                              const double       redistributed);

    /** The solver's counts (builds, iterations of all steps). */
    const LinearSolver &
    linear_solver() const;

    PreconditionerSource
    preconditioner_source() const;

    /**
     * Continue from a restored state: the solver's counts, and the
     * preconditioner of @p source built again (none if its Phi is empty).
     */
    void
    restore_linear_solver(const unsigned int          builds,
                          const std::uint64_t         iterations,
                          const PreconditionerSource &source);

  private:
    /**
     * Solve (alpha M + dt A(Phi)) nu^{n+1} = M @p combination with
     * @p fokker_planck for the owned entries of nu^{n+1}, adding the
     * solver's iterations to the count of this step.
     */
    dealii::Vector<double>
    solve(const FokkerPlanckOperator<dim> &fokker_planck,
          const dealii::Vector<double>    &Phi,
          const double                     alpha,
          const dealii::Vector<double>    &combination);

    /** The family of the systems of @p fokker_planck with @p alpha. */
    SystemFamily
    family(const FokkerPlanckOperator<dim> &fokker_planck,
           const double                     alpha) const;

    /** Whether min nu < -1e-14 max |nu| over the owned entries of all ranks. */
    bool
    is_negative(const dealii::Vector<double> &nu) const;

    const MeshDiscretisation<dim>           &discretisation;
    const FokkerPlanckOperator<dim>         &fokker_planck;
    const TimeSteppingParameters             parameters;
    dealii::PETScWrappers::MPI::SparseMatrix matrix;
    LinearSolver                             solver;
    PreconditionerSource                     source;
    unsigned int                             iterations;
    PositivityLimiter<dim>                   limiter;
    unsigned int                             safe_steps;
    unsigned int                             limited_steps;
    double                                   moved_mass;
  };
} // namespace mfpg

#endif
