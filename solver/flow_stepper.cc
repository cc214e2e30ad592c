#include "solver/flow_stepper.h"

#include "model/coupling_weights.h"
#include "model/parameter_file.h"
#include "model/safety_measures.h"
#include "solver/nodal_quadrature.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace mfpg
{
  template <int dim>
  FlowStepper<dim>::FlowStepper(const Model                    &model,
                                const MeshDiscretisation<dim>  &mesh,
                                const DiscretisationParameters &discretisation,
                                const TimeSteppingParameters   &time_stepping,
                                dealii::TimerOutput            &timer)
    : model(model)
    , mesh(mesh)
    , parameters(time_stepping)
    , timer(timer)
    , newton_iterations(0)
    , U(nodal_quadrature::potential_values(mesh, model))
    , step(0)
    , V(std::numeric_limits<double>::quiet_NaN())
    , J(std::numeric_limits<double>::quiet_NaN())
    , J_previous(std::numeric_limits<double>::quiet_NaN())
    , iterations(0)
  {
    discretisation.check_regulariser(model.regulariser());
    if (model.regulariser().is_entropy())
      {
        fokker_planck =
          make_fokker_planck_operator(discretisation, mesh, model.sigma());
        time_stepper = std::make_unique<TimeStepper<dim>>(mesh,
                                                          *fokker_planck,
                                                          time_stepping);
        return;
      }
    discretisation.check();
    if (time_stepping.scheme != "implicit-euler")
      throw ParameterError("Time stepping/Scheme",
                           "the upwind scheme of the porous-medium flow "
                           "(Regulariser = tsallis) is implicit Euler only: "
                           "set Scheme = implicit-euler");
    porous_medium = std::make_unique<PorousMediumStepper<dim>>(
      mesh,
      model.regulariser(),
      model.sigma(),
      time_stepping.time_step,
      discretisation.flux_corrected());
  }

  template <int dim>
  void
  FlowStepper<dim>::evaluate()
  {
    dealii::FullMatrix<double> F;
    {
      const dealii::TimerOutput::Scope scope(timer, "policy energy F");
      F = nodal_quadrature::policy_energy(mesh, model, nu);
    }
    // F sums the density over every rank's nodes: it is not finite on
    // every rank as soon as the density is not finite on one
    if (step > 0 && !std::all_of(F.begin(), F.end(), [](const double f) {
          return std::isfinite(f);
        }))
      throw std::runtime_error(
        "the density is not finite after the step to t = " +
        std::to_string(time()));
    const dealii::TimerOutput::Scope scope(timer, "MDP solve, Phi, J");
    const PolicyGradient             pg(model.mdp(), F);
    Phi = nodal_quadrature::slotboom_potential(mesh, model, pg.weights());
    V   = pg.evaluation().objective();
    if (model.mdp().safety() != nullptr)
      {
        const SafetyMeasures safety =
          safety_measures(model.mdp(), pg.policy(), pg.evaluation());
        safety_of_policy = {safety.discounted_violation,
                            safety.unpenalised_value,
                            safety.ever_violation};
      }
    J = model.regularised_objective(V,
                                    nodal_quadrature::regulariser_plus_energy(
                                      mesh, model.regulariser(), nu, U));
  }

  template <int dim>
  void
  FlowStepper<dim>::advance()
  {
    if (porous_medium)
      {
        const dealii::TimerOutput::Scope scope(timer,
                                               "time step (Newton, solves)");
        dealii::Vector<double>           next = porous_medium->step(Phi, nu);
        iterations = porous_medium->newton_iterations();
        newton_iterations += iterations;
        nu         = std::move(next);
        J_previous = J;
        ++step;
        return;
      }
    dealii::Vector<double> Phi_star = Phi;
    if (parameters.scheme == "bdf2" && Phi_previous.size() > 0)
      {
        Phi_star *= 2.;
        Phi_star -= Phi_previous;
      }
    dealii::TimerOutput::Scope scope(timer, "time step (assembly, solve)");
    dealii::Vector<double> next = time_stepper->step(Phi_star, nu, nu_previous);
    scope.stop();
    iterations   = time_stepper->last_iterations();
    nu_previous  = std::move(nu);
    nu           = std::move(next);
    Phi_previous = Phi;
    J_previous   = J;
    ++step;
  }

  template <int dim>
  unsigned int
  FlowStepper<dim>::step_number() const
  {
    return step;
  }

  template <int dim>
  double
  FlowStepper<dim>::time() const
  {
    return step * parameters.time_step;
  }

  template <int dim>
  const dealii::Vector<double> &
  FlowStepper<dim>::density() const
  {
    return nu;
  }

  template <int dim>
  const dealii::Vector<double> &
  FlowStepper<dim>::potential() const
  {
    return Phi;
  }

  template <int dim>
  double
  FlowStepper<dim>::objective() const
  {
    return V;
  }

  template <int dim>
  double
  FlowStepper<dim>::regularised_objective() const
  {
    return J;
  }

  template <int dim>
  const std::vector<double> &
  FlowStepper<dim>::safety() const
  {
    return safety_of_policy;
  }

  template <int dim>
  bool
  FlowStepper<dim>::with_safety() const
  {
    return model.mdp().safety() != nullptr;
  }

  template <int dim>
  double
  FlowStepper<dim>::objective_rate() const
  {
    return (J - J_previous) / parameters.time_step;
  }

  template <int dim>
  unsigned int
  FlowStepper<dim>::linear_iterations() const
  {
    return iterations;
  }

  template <int dim>
  unsigned int
  FlowStepper<dim>::safe_steps() const
  {
    return time_stepper ? time_stepper->n_safe_steps() : 0;
  }

  template <int dim>
  double
  FlowStepper<dim>::dissipation() const
  {
    return porous_medium ? porous_medium->dissipation(Phi, nu) :
                           fokker_planck->dissipation(Phi, nu);
  }

  template <int dim>
  double
  FlowStepper<dim>::fixed_point_residual() const
  {
    return porous_medium ?
             std::numeric_limits<double>::quiet_NaN() :
             nodal_quadrature::gibbs_relative_entropy(mesh, nu, Phi);
  }

  template <int dim>
  unsigned int
  FlowStepper<dim>::limited_steps() const
  {
    return time_stepper ? time_stepper->n_limited_steps() : 0;
  }

  template <int dim>
  double
  FlowStepper<dim>::redistributed_mass() const
  {
    return time_stepper ? time_stepper->redistributed_mass() : 0.;
  }

  template <int dim>
  unsigned int
  FlowStepper<dim>::preconditioner_builds() const
  {
    return time_stepper ? time_stepper->linear_solver().n_builds() :
                          newton_iterations;
  }

  template <int dim>
  std::uint64_t
  FlowStepper<dim>::total_linear_iterations() const
  {
    return time_stepper ? time_stepper->linear_solver().n_iterations() :
                          newton_iterations;
  }

  template <int dim>
  void
  FlowStepper<dim>::save(FlowState &state) const
  {
    const auto gathered = [this](const dealii::Vector<double> &x) {
      return x.size() == 0 ? dealii::Vector<double>() : mesh.gather(x);
    };
    state.step                    = step;
    state.nu                      = gathered(nu);
    state.nu_previous             = gathered(nu_previous);
    state.Phi_previous            = gathered(Phi_previous);
    state.J_previous              = J_previous;
    state.linear_iterations       = iterations;
    state.safe_steps              = safe_steps();
    state.limited_steps           = limited_steps();
    state.redistributed_mass      = redistributed_mass();
    state.preconditioner_builds   = preconditioner_builds();
    state.total_linear_iterations = total_linear_iterations();
    if (!time_stepper)
      return;
    const auto source                = time_stepper->preconditioner_source();
    state.preconditioner_Phi         = gathered(source.Phi);
    state.preconditioner_alpha       = source.alpha;
    state.preconditioner_of_fallback = source.fallback;
    state.preconditioner_reference_iterations = source.reference_iterations;
  }

  template <int dim>
  void
  FlowStepper<dim>::restore(const FlowState &state)
  {
    const auto local = [this](const dealii::Vector<double> &all) {
      return all.size() == 0 ? dealii::Vector<double>() : mesh.local_part(all);
    };
    step         = state.step;
    nu           = local(state.nu);
    nu_previous  = local(state.nu_previous);
    Phi_previous = local(state.Phi_previous);
    J_previous   = state.J_previous;
    iterations   = state.linear_iterations;
    if (porous_medium)
      {
        newton_iterations = state.total_linear_iterations;
        return;
      }
    time_stepper->restore_positivity_counts(state.safe_steps,
                                            state.limited_steps,
                                            state.redistributed_mass);
    time_stepper->restore_linear_solver(
      state.preconditioner_builds,
      state.total_linear_iterations,
      {local(state.preconditioner_Phi),
       state.preconditioner_alpha,
       state.preconditioner_of_fallback,
       state.preconditioner_reference_iterations});
  }

  template class FlowStepper<1>;
  template class FlowStepper<2>;
  template class FlowStepper<3>;
} // namespace mfpg
