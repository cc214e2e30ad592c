#include "solver/time_stepper.h"

#include <deal.II/base/index_set.h>
#include <deal.II/lac/petsc_precondition.h>
#include <deal.II/lac/petsc_solver.h>
#include <deal.II/lac/petsc_vector.h>
#include <deal.II/lac/solver_control.h>

#include "model/parameter_file.h"

#include <cmath>

namespace mfpg
{
    void
  TimeSteppingParameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    prm.add_parameter("Scheme",
                      scheme,
                      "implicit-euler (first order, nu >= 0 for any time "
                      "step) or bdf2 (second order, extrapolated potential, "
                      "positivity monitored).",
                      dealii::Patterns::Selection("implicit-euler|bdf2"));
    prm.add_parameter("Time step",
                      time_step,
                      "Time step dt > 0.",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("End time",
                      end_time,
                      "Final time T > 0 of the flow.",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Linear solver",
                      linear_solver,
                      "cg-amg (PETSc CG preconditioned by hypre BoomerAMG) or "
                      "direct (MUMPS sparse LU).",
                      dealii::Patterns::Selection("cg-amg|direct"));
    prm.add_parameter("Tolerance",
                      tolerance,
                      "cg-amg: stop at a residual of tolerance times the "
                      "right-hand side (l2 norms).",
                      dealii::Patterns::Double(0.));
    prm.leave_subsection();
  }

    void
  TimeSteppingParameters::check() const
  {
    if (!(time_step > 0.))
      throw ParameterError("Time stepping/Time step", "must be positive");
    if (!(end_time > 0.))
      throw ParameterError("Time stepping/End time", "must be positive");
    if (!(tolerance > 0.))
      throw ParameterError("Time stepping/Tolerance", "must be positive");
  }

  template <int dim>
  TimeStepper<dim>::TimeStepper(const MeshDiscretisation<dim> & discretisation,
                                const FokkerPlanckOperator<dim> &fokker_planck,
                                const TimeSteppingParameters &   parameters)
    : discretisation(discretisation)
    , fokker_planck(fokker_planck)
    , parameters(parameters)
    , iterations(0)
  {
    parameters.check();
    const dealii::IndexSet all = dealii::complete_index_set(discretisation.n_dofs());
    matrix.reinit(all,
                  all,
                  discretisation.stiffness().get_sparsity_pattern(),
                  MPI_COMM_SELF);
  }

  template <int dim>
  dealii::Vector<double>
  TimeStepper<dim>::step(const dealii::Vector<double> &Phi,
                         const dealii::Vector<double> &nu,
                         const dealii::Vector<double> &nu_previous)
  {
    const bool   bdf2  = parameters.scheme == "bdf2" && nu_previous.size() > 0;
    const double alpha = bdf2 ? 1.5 : 1.;
    fokker_planck.assemble_symmetrised_system(Phi, alpha, parameters.time_step, matrix);

    // right-hand side M (2 nu^n - nu^{n-1}/2) or M nu^n, times E = e^{Phi/2}
    // (Phi shifted by its minimum: the scheme depends on differences only)
    const unsigned int     n       = discretisation.n_dofs();
    const double           Phi_min = *std::min_element(Phi.begin(), Phi.end());
    dealii::Vector<double> E(n), rhs(n);
    for (unsigned int i = 0; i < n; ++i)
      {
        E[i]   = std::exp(0.5 * (Phi[i] - Phi_min));
        rhs[i] = discretisation.lumped_mass()[i] * E[i] *
                 (bdf2 ? 2. * nu[i] - 0.5 * nu_previous[i] : nu[i]);
      }

    const dealii::IndexSet all = dealii::complete_index_set(n);
    dealii::PETScWrappers::MPI::Vector b(all, MPI_COMM_SELF), v(all, MPI_COMM_SELF);
    b = rhs;
    dealii::SolverControl control(10000, parameters.tolerance * b.l2_norm());
    if (parameters.linear_solver == "direct")
      {
        dealii::PETScWrappers::SparseDirectMUMPS solver(control, MPI_COMM_SELF);
        solver.set_symmetric_mode(true);
        solver.solve(matrix, v, b);
        iterations = 1;
      }
    else
      {
        dealii::PETScWrappers::SolverCG solver(control, MPI_COMM_SELF);
        dealii::PETScWrappers::PreconditionBoomerAMG amg(
          matrix,
          dealii::PETScWrappers::PreconditionBoomerAMG::AdditionalData(true));
        solver.solve(matrix, v, b, amg);
        iterations = control.last_step();
      }

    dealii::Vector<double> next(v);
    for (unsigned int i = 0; i < n; ++i)
      next[i] /= E[i];
    return next;
  }

  template <int dim>
  unsigned int
  TimeStepper<dim>::last_iterations() const
  {
    return iterations;
  }

  template class TimeStepper<1>;
  template class TimeStepper<2>;
  template class TimeStepper<3>;
} // namespace mfpg
