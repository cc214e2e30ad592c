#include "solver/time_stepper.h"

#include <deal.II/lac/petsc_vector.h>

#include "model/parameter_file.h"

#include <cmath>
#include <stdexcept>

namespace mfpg
{
  namespace
  {
    /** A step is negative where min nu < -this max |nu| (model.md §8.8). */
    constexpr double negativity_tolerance = 1e-14;
  } // namespace

  void
  TimeSteppingParameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Time stepping");
    prm.add_parameter("Scheme",
                      scheme,
                      "bdf2 (second order, extrapolated potential; nu >= 0 "
                      "kept by the repairs of Positivity with the spectral "
                      "elements, monitored with the other schemes) or "
                      "implicit-euler (first order; nu >= 0 for any time "
                      "step with the exponential fitting).",
                      dealii::Patterns::Selection("implicit-euler|bdf2"));
    prm.add_parameter(
      "Positivity",
      positivity,
      "How a step of the spectral elements that ends with min nu < -1e-14 "
      "max nu is repaired (docs/model.md §8.8): redistribution moves each "
      "negative node's mass m_i |nu_i| to the positive nodes of its "
      "sub-cells in proportion to their mass (conservative, local; a moment, "
      "F or V moves by at most 2 max|integrand| times the redistributed "
      "mass, reported), and takes the safe step where the neighbours cannot "
      "supply it; safe-step redoes the whole step by implicit Euler with the "
      "exponential fitting on the Q1 sub-cells (first order in time). No "
      "effect on the other schemes.",
      dealii::Patterns::Selection("redistribution|safe-step"));
    prm.add_parameter("Time step",
                      time_step,
                      "Time step dt > 0.",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("End time",
                      end_time,
                      "Final time T > 0 of the flow.",
                      dealii::Patterns::Double(0.));
    linear_solver.add_parameters(prm);
    prm.leave_subsection();
  }

  void
  TimeSteppingParameters::check() const
  {
    if (!(time_step > 0.))
      throw ParameterError("Time stepping/Time step", "must be positive");
    if (!(end_time > 0.))
      throw ParameterError("Time stepping/End time", "must be positive");
    linear_solver.check();
  }

  unsigned int
  TimeSteppingParameters::order() const
  {
    return scheme == "bdf2" ? 2 : 1;
  }

  template <int dim>
  TimeStepper<dim>::TimeStepper(const MeshDiscretisation<dim>   &discretisation,
                                const FokkerPlanckOperator<dim> &fokker_planck,
                                const TimeSteppingParameters    &parameters)
    : discretisation(discretisation)
    , fokker_planck(fokker_planck)
    , parameters(parameters)
    , solver(parameters.linear_solver, dim, discretisation.communicator())
    , iterations(0)
    , limiter(discretisation)
    , safe_steps(0)
    , limited_steps(0)
    , moved_mass(0.)
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
    discretisation.update_ghost_values(next);
    if (fallback == nullptr || !is_negative(next))
      return next;
    if (parameters.positivity == "redistribution")
      {
        const double moved = limiter.redistribute(next, negativity_tolerance);
        if (moved >= 0. && !is_negative(next))
          {
            ++limited_steps;
            moved_mass += moved;
            return next;
          }
      }
    next = solve(*fallback, Phi, 1., nu);
    ++safe_steps;
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

    dealii::PETScWrappers::MPI::Vector b = discretisation.petsc_vector(rhs);
    dealii::PETScWrappers::MPI::Vector v(b);
    const SystemFamily                 kind = family(fokker_planck, alpha);
    if (solver.will_build(kind))
      source = {Phi, alpha, &fokker_planck != &this->fokker_planck, 0};
    iterations +=
      solver.solve(matrix, v, b, fokker_planck.is_symmetric(), kind);
    source.reference_iterations = solver.reference_iterations();
    // a build is due at the next solve (the iterations exceeded the rebuild
    // factor): a restored run builds it then too, from no source
    if (solver.will_build(kind))
      source.Phi.reinit(0);

    dealii::Vector<double> next(combination.size());
    discretisation.copy_locally_owned(v, next);
    for (unsigned int k = 0; k < discretisation.n_locally_owned(); ++k)
      next[k] /= s[k];
    return next;
  }

  template <int dim>
  SystemFamily
  TimeStepper<dim>::family(const FokkerPlanckOperator<dim> &fokker_planck,
                           const double                     alpha) const
  {
    return {&fokker_planck, alpha, parameters.time_step};
  }

  template <int dim>
  bool
  TimeStepper<dim>::is_negative(const dealii::Vector<double> &nu) const
  {
    return discretisation.minimum(nu) <
           -negativity_tolerance * discretisation.maximum_norm(nu);
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
  unsigned int
  TimeStepper<dim>::n_limited_steps() const
  {
    return limited_steps;
  }

  template <int dim>
  double
  TimeStepper<dim>::redistributed_mass() const
  {
    return moved_mass;
  }

  template <int dim>
  void
  TimeStepper<dim>::restore_positivity_counts(const unsigned int safe,
                                              const unsigned int limited,
                                              const double       redistributed)
  {
    safe_steps    = safe;
    limited_steps = limited;
    moved_mass    = redistributed;
  }

  template <int dim>
  const LinearSolver &
  TimeStepper<dim>::linear_solver() const
  {
    return solver;
  }

  template <int dim>
  typename TimeStepper<dim>::PreconditionerSource
  TimeStepper<dim>::preconditioner_source() const
  {
    return source;
  }

  template <int dim>
  void
  TimeStepper<dim>::restore_linear_solver(const unsigned int  builds,
                                          const std::uint64_t iterations,
                                          const PreconditionerSource &source)
  {
    solver.set_counts(builds, iterations);
    this->source = source;
    if (source.Phi.size() == 0 || parameters.linear_solver.method == "direct")
      return;
    if (source.fallback && fokker_planck.positivity_fallback() == nullptr)
      throw std::invalid_argument(
        "TimeStepper: the state's preconditioner was built for a positivity "
        "fallback, which this scheme does not have");
    const FokkerPlanckOperator<dim> &built_for =
      source.fallback ? *fokker_planck.positivity_fallback() : fokker_planck;
    built_for.assemble_system(source.Phi,
                              source.alpha,
                              parameters.time_step,
                              matrix);
    solver.restore_preconditioner(matrix,
                                  built_for.is_symmetric(),
                                  family(built_for, source.alpha),
                                  source.reference_iterations);
  }

  template class TimeStepper<1>;
  template class TimeStepper<2>;
  template class TimeStepper<3>;
} // namespace mfpg
