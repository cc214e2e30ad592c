#include "solver/time_stepper.h"

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
                      "cg-amg (PETSc CG, or GMRES for the galerkin scheme, "
                      "preconditioned by hypre BoomerAMG) or direct (MUMPS "
                      "sparse LU).",
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
  TimeStepper<dim>::TimeStepper(const MeshDiscretisation<dim>   &discretisation,
                                const FokkerPlanckOperator<dim> &fokker_planck,
                                const TimeSteppingParameters    &parameters)
    : discretisation(discretisation)
    , fokker_planck(fokker_planck)
    , parameters(parameters)
    , iterations(0)
    , safe_steps(0)
  {
    parameters.check();
    const dealii::DynamicSparsityPattern *sparsity =
      fokker_planck.sparsity_pattern();
    matrix.reinit(discretisation.locally_owned_dofs(),
                  discretisation.locally_owned_dofs(),
                  sparsity ? *sparsity : discretisation.sparsity_pattern(),
                  discretisation.communicator());
  }

  template <int dim>
  dealii::Vector<double>
  TimeStepper<dim>::step(const dealii::Vector<double> &Phi,
                         const dealii::Vector<double> &nu,
                         const dealii::Vector<double> &nu_previous)
  {
    const bool bdf2 = parameters.scheme == "bdf2" && nu_previous.size() > 0;
    // right-hand side M (2 nu^n - nu^{n-1}/2) or M nu^n
    dealii::Vector<double> combination(nu);
    if (bdf2)
      {
        combination *= 2.;
        combination.add(-0.5, nu_previous);
      }
    iterations = 0;
    dealii::Vector<double> next =
      solve(fokker_planck, Phi, bdf2 ? 1.5 : 1., combination);
    const FokkerPlanckOperator<dim> *fallback =
      fokker_planck.positivity_fallback();
    if (fallback != nullptr && is_negative(next))
      {
        next = solve(*fallback, Phi, 1., nu);
        ++safe_steps;
      }
    discretisation.update_ghost_values(next);
    return next;
  }

  template <int dim>
  dealii::Vector<double>
  TimeStepper<dim>::solve(const FokkerPlanckOperator<dim> &fokker_planck,
                          const dealii::Vector<double>    &Phi,
                          const double                     alpha,
                          const dealii::Vector<double>    &combination)
  {
    fokker_planck.assemble_system(Phi, alpha, parameters.time_step, matrix);
    // right-hand side s M combination for the unknown w = s nu
    const dealii::Vector<double> s   = fokker_planck.unknown_scaling(Phi);
    dealii::Vector<double>       rhs = fokker_planck.mass_times(combination);
    rhs.scale(s);

    const MPI_Comm communicator          = discretisation.communicator();
    dealii::PETScWrappers::MPI::Vector b = discretisation.petsc_vector(rhs);
    dealii::PETScWrappers::MPI::Vector v(b);
    v = 0.;
    dealii::SolverControl control(10000, parameters.tolerance * b.l2_norm());
    if (parameters.linear_solver == "direct")
      {
        dealii::PETScWrappers::SparseDirectMUMPS solver(control, communicator);
        solver.set_symmetric_mode(fokker_planck.is_symmetric());
        solver.solve(matrix, v, b);
        iterations += 1;
      }
    else
      {
        // hypre's advice for 3-D: strong threshold 0.5 (0.25 keeps too
        // many coarse points of the 27-point stencil); the coarsest level is
        // smoothed, not factorised (Gaussian elimination there dominated
        // the cost in 3-D)
        using AMG = dealii::PETScWrappers::PreconditionBoomerAMG;
        AMG::AdditionalData amg_data(fokker_planck.is_symmetric(),
                                     dim == 3 ? 0.5 : 0.25);
        amg_data.relaxation_type_coarse =
          AMG::AdditionalData::RelaxationType::symmetricSORJacobi;
        amg_data.n_sweeps_coarse = 4;
        const AMG amg(matrix, amg_data);
        if (fokker_planck.is_symmetric())
          dealii::PETScWrappers::SolverCG(control, communicator)
            .solve(matrix, v, b, amg);
        else
          dealii::PETScWrappers::SolverGMRES(control, communicator)
            .solve(matrix, v, b, amg);
        iterations += control.last_step();
      }

    dealii::Vector<double> next(combination.size());
    discretisation.copy_locally_owned(v, next);
    for (unsigned int k = 0; k < discretisation.n_locally_owned(); ++k)
      next[k] /= s[k];
    return next;
  }

  template <int dim>
  bool
  TimeStepper<dim>::is_negative(const dealii::Vector<double> &nu) const
  {
    return discretisation.minimum(nu) <
           -1e-14 * discretisation.maximum_norm(nu);
  }

  template <int dim>
  unsigned int
  TimeStepper<dim>::last_iterations() const
  {
    return iterations;
  }

  template <int dim>
  unsigned int
  TimeStepper<dim>::n_safe_steps() const
  {
    return safe_steps;
  }

  template <int dim>
  void
  TimeStepper<dim>::set_n_safe_steps(const unsigned int n)
  {
    safe_steps = n;
  }

  template class TimeStepper<1>;
  template class TimeStepper<2>;
  template class TimeStepper<3>;
} // namespace mfpg
