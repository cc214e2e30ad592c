#include "solver/linear_solver.h"

#include <deal.II/lac/petsc_solver.h>
#include <deal.II/lac/solver_control.h>

#include "model/parameter_file.h"

namespace mfpg
{
  void
  LinearSolverParameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.add_parameter("Linear solver",
                      method,
                      "cg-amg (PETSc CG, or GMRES for the galerkin scheme, "
                      "preconditioned by hypre BoomerAMG) or direct (MUMPS "
                      "sparse LU).",
                      dealii::Patterns::Selection("cg-amg|direct"));
    prm.add_parameter("Tolerance",
                      tolerance,
                      "cg-amg: stop at a residual of tolerance times the "
                      "right-hand side (l2 norms; for CG the residual "
                      "preconditioned by the AMG cycle, PETSc's default).",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Preconditioner reuse",
                      reuse_preconditioner,
                      "cg-amg: keep the AMG hierarchy of an earlier step's "
                      "matrix (same scheme, alpha and time step) while the "
                      "iterations stay below 'Rebuild factor' times those "
                      "of the first solve after it was built; the solution "
                      "meets the same tolerance either way. false: a new "
                      "hierarchy every step.",
                      dealii::Patterns::Bool());
    prm.add_parameter("Rebuild factor",
                      rebuild_factor,
                      "cg-amg with preconditioner reuse: build a new AMG "
                      "hierarchy after a solve that took more than this "
                      "factor (>= 1) times the iterations of the first "
                      "solve with the current one.",
                      dealii::Patterns::Double(1.));
  }

  void
  LinearSolverParameters::check() const
  {
    if (!(tolerance > 0.))
      throw ParameterError("Time stepping/Tolerance", "must be positive");
    if (!(rebuild_factor >= 1.))
      throw ParameterError("Time stepping/Rebuild factor",
                           "must be at least 1");
  }

  bool
  SystemFamily::operator==(const SystemFamily &other) const
  {
    return fokker_planck == other.fokker_planck && alpha == other.alpha &&
           time_step == other.time_step;
  }

  LinearSolver::LinearSolver(const LinearSolverParameters &parameters,
                             const unsigned int            dim,
                             const MPI_Comm                communicator)
    : parameters(parameters)
    , dim(dim)
    , communicator(communicator)
    , amg_family{nullptr, 0., 0.}
    , first_iterations(0)
    , stale(false)
    , builds(0)
    , iterations(0)
  {
    parameters.check();
  }

  bool
  LinearSolver::will_build(const SystemFamily &family) const
  {
    return parameters.method == "direct" || !parameters.reuse_preconditioner ||
           amg == nullptr || stale || !(family == amg_family);
  }

  unsigned int
  LinearSolver::solve(const dealii::PETScWrappers::MPI::SparseMatrix &matrix,
                      dealii::PETScWrappers::MPI::Vector             &x,
                      const dealii::PETScWrappers::MPI::Vector       &b,
                      const bool                                      symmetric,
                      const SystemFamily                             &family)
  {
    x = 0.;
    dealii::SolverControl control(10000, parameters.tolerance * b.l2_norm());
    unsigned int          n = 1;
    if (parameters.method == "direct")
      {
        dealii::PETScWrappers::SparseDirectMUMPS solver(control, communicator);
        solver.set_symmetric_mode(symmetric);
        solver.solve(matrix, x, b);
        ++builds;
      }
    else
      {
        if (will_build(family))
          {
            build_amg(matrix, symmetric, family);
            ++builds;
          }
        if (symmetric)
          dealii::PETScWrappers::SolverCG(control, communicator)
            .solve(matrix, x, b, *amg);
        else
          dealii::PETScWrappers::SolverGMRES(control, communicator)
            .solve(matrix, x, b, *amg);
        n = control.last_step();
        if (first_iterations == 0)
          first_iterations = n;
        stale = n > parameters.rebuild_factor * first_iterations;
      }
    iterations += n;
    return n;
  }

  void
  LinearSolver::restore_preconditioner(
    const dealii::PETScWrappers::MPI::SparseMatrix &matrix,
    const bool                                      symmetric,
    const SystemFamily                             &family,
    const unsigned int                              reference_iterations)
  {
    build_amg(matrix, symmetric, family);
    first_iterations = reference_iterations;
  }

  void
  LinearSolver::build_amg(
    const dealii::PETScWrappers::MPI::SparseMatrix &matrix,
    const bool                                      symmetric,
    const SystemFamily                             &family)
  {
    // hypre's advice for 3-D: strong threshold 0.5 (0.25 keeps too many
    // coarse points of the 27-point stencil); the coarsest level is
    // smoothed, not factorised (Gaussian elimination there dominated the
    // cost in 3-D)
    using AMG = dealii::PETScWrappers::PreconditionBoomerAMG;
    AMG::AdditionalData data(symmetric, dim == 3 ? 0.5 : 0.25);
    data.relaxation_type_coarse =
      AMG::AdditionalData::RelaxationType::symmetricSORJacobi;
    data.n_sweeps_coarse = 4;
    // set up now, on this matrix; PETSc's KSPSetUp would set it up again
    // for each later matrix (the same Mat, changed) without the reuse flag
    amg = std::make_unique<AMG>(matrix, data);
    const PetscErrorCode ierr =
      PCSetReusePreconditioner(amg->get_pc(), PETSC_TRUE);
    AssertThrow(ierr == 0, dealii::ExcPETScError(ierr));
    amg_family       = family;
    first_iterations = 0;
    stale            = false;
  }

  unsigned int
  LinearSolver::reference_iterations() const
  {
    return first_iterations;
  }

  unsigned int
  LinearSolver::n_builds() const
  {
    return builds;
  }

  std::uint64_t
  LinearSolver::n_iterations() const
  {
    return iterations;
  }

  void
  LinearSolver::set_counts(const unsigned int  builds,
                           const std::uint64_t iterations)
  {
    this->builds     = builds;
    this->iterations = iterations;
  }
} // namespace mfpg
