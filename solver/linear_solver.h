#ifndef mfpg_solver_linear_solver_h
#define mfpg_solver_linear_solver_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_sparse_matrix.h>
#include <deal.II/lac/petsc_vector.h>

#include <cstdint>
#include <memory>
#include <string>

namespace mfpg
{
  /**
   * The parameters of LinearSolver, entries of the subsection "Time
   * stepping" (where the solver and its tolerance always were).
   */
  struct LinearSolverParameters
  {
    std::string method               = "cg-amg";
    double      tolerance            = 1e-12;
    bool        reuse_preconditioner = true;
    double      rebuild_factor       = 2.;

    /** Declare the entries in the current subsection of @p prm. */
    void
    add_parameters(dealii::ParameterHandler &prm);

    /** Throw a ParameterError naming "Time stepping/..." for bad values. */
    void
    check() const;
  };

  /**
   * What a preconditioner built from one system alpha M + dt A(Phi) of
   * docs/model.md §8.4 is kept for: systems of the same operator (its
   * address), alpha and dt, which differ only by the potential Phi.
   */
  struct SystemFamily
  {
    const void *fokker_planck;
    double      alpha;
    double      time_step;

    bool
    operator==(const SystemFamily &other) const;
  };

  /**
   * The linear solve of a time step (docs/model.md §8.4): PETSc CG (symmetric
   * systems) or GMRES preconditioned by hypre's BoomerAMG, or MUMPS's LU.
   *
   * <b>Reuse.</b> The matrix changes every step (Phi moves), but little: an
   * AMG hierarchy built from the matrix of an earlier step of the same
   * SystemFamily stays a good preconditioner (an SPD one for CG: a V-cycle
   * with symmetric smoothing of an SPD matrix), and the Krylov solver still
   * stops at the same relative residual, so only the iteration count
   * changes. With "Preconditioner reuse", the hierarchy is kept (PETSc's
   * PCSetReusePreconditioner) until the family changes or a solve takes
   * more than "Rebuild factor" times the iterations of the first solve after
   * the last build; the next solve then builds a new one. The direct solver
   * factorises every system (a build per solve).
   *
   * All ranks take the same decisions: the iteration counts are global.
   */
  class LinearSolver
  {
  public:
    /** For systems on a mesh of dimension @p dim (the AMG's settings). */
    LinearSolver(const LinearSolverParameters &parameters,
                 const unsigned int            dim,
                 const MPI_Comm                communicator);

    /**
     * Solve @p matrix x = @p b for x (starting from 0) to the relative
     * residual "Tolerance", building the preconditioner first when
     * will_build(@p family) says so. Returns the iterations (1 for the
     * direct solver).
     */
    unsigned int
    solve(const dealii::PETScWrappers::MPI::SparseMatrix &matrix,
          dealii::PETScWrappers::MPI::Vector             &x,
          const dealii::PETScWrappers::MPI::Vector       &b,
          const bool                                      symmetric,
          const SystemFamily                             &family);

    /** Whether solve() for @p family builds a new preconditioner. */
    bool
    will_build(const SystemFamily &family) const;

    /**
     * Build the AMG preconditioner from @p matrix for @p family, with the
     * iterations of the first solve after it set to
     * @p reference_iterations (a restored run: the preconditioner of the
     * uninterrupted one). Not counted in n_builds().
     */
    void
    restore_preconditioner(
      const dealii::PETScWrappers::MPI::SparseMatrix &matrix,
      const bool                                      symmetric,
      const SystemFamily                             &family,
      const unsigned int                              reference_iterations);

    /** The iterations of the first solve after the last build (0: none). */
    unsigned int
    reference_iterations() const;

    /** Preconditioners (AMG hierarchies or LU factorisations) built. */
    unsigned int
    n_builds() const;

    /** Iterations of every solve. */
    std::uint64_t
    n_iterations() const;

    /** Continue the counts from @p builds and @p iterations. */
    void
    set_counts(const unsigned int builds, const std::uint64_t iterations);

  private:
    void
    build_amg(const dealii::PETScWrappers::MPI::SparseMatrix &matrix,
              const bool                                      symmetric,
              const SystemFamily                             &family);

    const LinearSolverParameters                                  parameters;
    const unsigned int                                            dim;
    const MPI_Comm                                                communicator;
    std::unique_ptr<dealii::PETScWrappers::PreconditionBoomerAMG> amg;
    /** The family the AMG was built for. */
    SystemFamily amg_family;
    /** Iterations of the first solve with the AMG (0: not solved yet). */
    unsigned int first_iterations;
    /** A solve exceeded the rebuild threshold: build before the next. */
    bool          stale;
    unsigned int  builds;
    std::uint64_t iterations;
  };
} // namespace mfpg

#endif
