#ifndef mfpg_solver_flow_stepper_h
#define mfpg_solver_flow_stepper_h

#include <deal.II/base/timer.h>
#include <deal.II/lac/vector.h>

#include "model/model.h"
#include "solver/flow_state.h"
#include "solver/fokker_planck_operator.h"
#include "solver/mesh_discretisation.h"
#include "solver/porous_medium_stepper.h"
#include "solver/time_stepper.h"

#include <cstdint>
#include <memory>

namespace mfpg
{
  /**
   * One step of the mean-field policy-gradient flow of model.md §5 on a mesh:
   * evaluate() builds the policy energy F from the density nu^k (nodal
   * quadrature, one Allreduce), solves the MDP for the coupling weights W
   * (PolicyGradient, on every rank), and forms the Slotboom potential
   * Phi^k = U - (2/sigma^2) dV/dnu at the nodes, the objective V and
   * J = V - (sigma^2/2) KL(nu | e^{-U}); advance() takes the step of the
   * time scheme of §8 (TimeStepper with the FokkerPlanckOperator of
   * "Discretisation/Scheme") with Phi^k, or with the extrapolated
   * Phi* = 2 Phi^k - Phi^{k-1} for BDF2, to nu^{k+1}.
   *
   * With Regularisation/Regulariser = tsallis the flow is the porous-medium
   * flow of §11: J = V - (sigma^2/2) H_h(nu), and advance() takes the
   * implicit Euler step of the upwind scheme (PorousMediumStepper, §11.4;
   * "Discretisation/Scheme = upwind" and "Time stepping/Scheme =
   * implicit-euler" are required) with Phi^k.
   *
   * Owns the density and what the scheme keeps of the step before
   * (nu^{k-1}, Phi^{k-1}, J^{k-1}); save() and restore() move them to and
   * from a FlowState. Nodal vectors are local nodal vectors of the mesh
   * (MeshDiscretisation). The wall time of each phase goes to the timer
   * given to the constructor.
   */
  template <int dim>
  class FlowStepper
  {
  public:
    /**
     * Keeps references to every argument but @p discretisation. Throws a
     * ParameterError naming "Discretisation/Scheme" for a scheme that does
     * not fit the regulariser (DiscretisationParameters::check_regulariser)
     * and "Time stepping/Scheme" for tsallis with another scheme than
     * implicit-euler.
     */
    FlowStepper(const Model                    &model,
                const MeshDiscretisation<dim>  &mesh,
                const DiscretisationParameters &discretisation,
                const TimeSteppingParameters   &time_stepping,
                dealii::TimerOutput            &timer);

    /**
     * F, W, Phi, V and J of the current density (collective). After a step
     * (k > 0), a density that is not finite on some rank throws a
     * std::runtime_error on every rank.
     */
    void
    evaluate();

    /**
     * nu^k -> nu^{k+1} with the potential of the last evaluate()
     * (collective).
     */
    void
    advance();

    /** The step k of the current density. */
    unsigned int
    step_number() const;

    /** t = k dt. */
    double
    time() const;

    /** nu^k, a local nodal vector. */
    const dealii::Vector<double> &
    density() const;

    /** Phi^k of the last evaluate(). */
    const dealii::Vector<double> &
    potential() const;

    /** V(rho; pi_nu) of the last evaluate(). */
    double
    objective() const;

    /** J of the last evaluate(). */
    double
    regularised_objective() const;

    /**
     * With MDP/Safety, D_viol, V_0 and P(ever violate) of the policy of the
     * last evaluate() (safety_measures(), docs/model.md §13); empty
     * without.
     */
    const std::vector<double> &
    safety() const;

    /** Whether the model has MDP/Safety (safety() is filled). */
    bool
    with_safety() const;

    /** (J^k - J^{k-1}) / dt; NaN at k = 0. */
    double
    objective_rate() const;

    /**
     * Linear-solver iterations of the step to k; with tsallis its Newton
     * iterations (one LU factorisation and solve each).
     */
    unsigned int
    linear_iterations() const;

    /**
     * The scheme's discrete dissipation at nu^k and Phi^k
     * (FokkerPlanckOperator::dissipation(),
     * PorousMediumStepper::dissipation()).
     */
    double
    dissipation() const;

    /**
     * The fixed-point residual KL(nu^k | Gamma(nu^k)) of the entropy flow
     * (nodal_quadrature::gibbs_relative_entropy()); NaN with tsallis, whose
     * stationary points are not Gibbs densities (§11.2).
     */
    double
    fixed_point_residual() const;

    /** The safe steps (TimeStepper) of the steps to k (0 with tsallis). */
    unsigned int
    safe_steps() const;

    /**
     * The steps repaired by redistribution (TimeStepper) of the steps to k
     * (0 with tsallis, whose scheme keeps nu >= 0).
     */
    unsigned int
    limited_steps() const;

    /** The mass those repairs moved, summed over the steps to k. */
    double
    redistributed_mass() const;

    /**
     * Preconditioners built (AMG hierarchies, LU factorisations) in the
     * steps to k; with tsallis the Newton iterations (one LU each).
     */
    unsigned int
    preconditioner_builds() const;

    /**
     * Linear-solver iterations of the steps to k; with tsallis the Newton
     * iterations.
     */
    std::uint64_t
    total_linear_iterations() const;

    /**
     * The step, the densities, Phi^{k-1}, J^{k-1}, the iterations, the
     * safe steps and the linear solver's counts and preconditioner source
     * into @p state (four all-gathers of n_dofs doubles; collective).
     */
    void
    save(FlowState &state) const;

    /** The same from @p state, checked by the caller to fit the mesh. */
    void
    restore(const FlowState &state);

  private:
    const Model                   &model;
    const MeshDiscretisation<dim> &mesh;
    const TimeSteppingParameters  &parameters;
    dealii::TimerOutput           &timer;
    /** The entropy flow's operator and time scheme (null with tsallis). */
    std::unique_ptr<FokkerPlanckOperator<dim>> fokker_planck;
    std::unique_ptr<TimeStepper<dim>>          time_stepper;
    /** The porous-medium flow's step (null with the entropy). */
    std::unique_ptr<PorousMediumStepper<dim>> porous_medium;
    /** Newton iterations of the porous-medium steps to k. */
    std::uint64_t newton_iterations;
    /** U at the nodes. */
    const dealii::Vector<double> U;
    unsigned int                 step;
    dealii::Vector<double>       nu;
    dealii::Vector<double>       nu_previous;
    dealii::Vector<double>       Phi;
    dealii::Vector<double>       Phi_previous;
    double                       V;
    double                       J;
    double                       J_previous;
    std::vector<double>          safety_of_policy;
    unsigned int                 iterations;
  };
} // namespace mfpg

#endif
