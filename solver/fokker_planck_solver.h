#ifndef mfpg_solver_fokker_planck_solver_h
#define mfpg_solver_fokker_planck_solver_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/base/point.h>
#include <deal.II/base/timer.h>
#include <deal.II/lac/vector.h>

#include "meshes/parameter_domain.h"
#include "model/initial_law.h"
#include "model/model.h"
#include "solver/flow_monitor.h"
#include "solver/flow_output.h"
#include "solver/flow_state.h"
#include "solver/flow_stepper.h"
#include "solver/mesh_discretisation.h"
#include "solver/time_stepper.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace mfpg
{
  /** Everything a mesh flow reads besides the model. */
  struct MeshFlowParameters
  {
    ParameterDomain          mesh;
    DiscretisationParameters discretisation;
    TimeSteppingParameters   time_stepping;
    FlowOutputParameters     output;

    void
    add_parameters(dealii::ParameterHandler &prm);
  };

  /**
   * The mean-field policy-gradient flow of model.md §5 on a mesh of
   * parameter space R^d, d = dim, from t = 0 (or a FlowState) to the end
   * time: the main loop that wires the mesh (MeshDiscretisation), the step
   * of the flow (FlowStepper: F, W, Phi, J and the time scheme of §8) and
   * its monitors and files (FlowOutput), calls the observers, and times
   * the phases. Per step k: evaluate F, W, Phi, J at nu^k; call the step
   * observers (the point at which a checkpoint is taken); at an output
   * time, the monitors, the files and the observers; then the step to
   * nu^{k+1}.
   *
   * <b>MPI.</b> The mesh is split over the ranks of @p communicator
   * (MeshDiscretisation); nodal vectors are local nodal vectors. Per step
   * the ranks exchange: one Allreduce of F (n_S x n_A doubles; the MDP solve
   * for W is then repeated on every rank, and Phi on the ghosts follows from
   * W without communication), two scalar reductions (the entropy term of
   * J; min Phi, the scaling of the unknown), the linear solve's halo
   * exchanges and reductions, and one halo exchange of the new density
   * (docs/architecture.md, "MPI and threads"). At output times the monitors
   * are reductions; each rank writes its VTU piece, rank 0 the CSV row, the
   * .pvtu and the .pvd. Observers, state() and gathered_density() gather
   * the whole density on every rank (documented there).
   */
  template <int dim>
  class FokkerPlanckSolver
  {
  public:
    FokkerPlanckSolver(const Model              &model,
                       const MeshFlowParameters &parameters,
                       const MPI_Comm            communicator = MPI_COMM_WORLD);

    /**
     * nu_0 interpolated at the nodes from @p density (which need not be
     * normalised); the mass it has on the box is then scaled to 1.
     */
    void
    set_initial_density(
      const std::function<double(const dealii::Point<dim> &)> &density);

    /**
     * nu_0 = the density of @p initial_law, as above; a law without a
     * density throws a ParameterError naming "Initial law/Type".
     */
    void
    set_initial_density(const InitialLaw &initial_law);

    /**
     * nu_0 given by its nodal values, a local nodal vector (on one rank:
     * every node), of mass 1 in the nodal quadrature.
     */
    void
    set_initial_density(const dealii::Vector<double> &nu);

    /**
     * Call @p observer with the monitors and the nodal density at every
     * output time of run() (e.g. to measure a distance to a reference).
     * The density is gathered: every node in the global numbering, on every
     * rank (an all-gather of n_dofs doubles per output time; a copy on one
     * rank).
     */
    void
    add_observer(
      const std::function<void(const FlowRecord &,
                               const dealii::Vector<double> &)> &observer);

    /**
     * Call @p observer with the time t at the start of every step and at
     * the end time (e.g. for a progress line).
     */
    void
    add_step_observer(const std::function<void(double)> &observer);

    /**
     * Integrate from t = 0, or from the state given to restore(), to the
     * end time.
     */
    void
    run();

    /**
     * The state at the start of the current step: what a step observer
     * sees is the state before that step's monitors and time step, the
     * point at which a checkpoint is taken. Collective: three all-gathers
     * of n_dofs doubles.
     */
    FlowState
    state() const;

    /**
     * Continue from @p state (a checkpoint) in the next run(); a state of
     * another number of ranks or mesh size throws std::invalid_argument.
     */
    void
    restore(const FlowState &state);

    const MeshDiscretisation<dim> &
    discretisation() const;

    /** The current nodal density, a local nodal vector. */
    const dealii::Vector<double> &
    density() const;

    /**
     * The current density at every node (global numbering) on every rank:
     * an all-gather of n_dofs doubles (collective).
     */
    dealii::Vector<double>
    gathered_density() const;

    /** The monitors at every output time so far. */
    const std::vector<FlowRecord> &
    records() const;

    /**
     * The wall time of this rank in each phase of run() so far (s): the
     * policy energy F with its Allreduce, the MDP solve with Phi and J,
     * the time step (assembly and linear solve), monitors and output.
     */
    std::map<std::string, double>
    phase_times() const;

    /** The smallest nodal density over all steps so far (collective). */
    double
    min_density_over_run() const;

    /** The smallest min nu / max |nu| of a step over all steps so far. */
    double
    min_relative_density_over_run() const;

  private:
    const MeshFlowParameters parameters;
    MeshDiscretisation<dim>  mesh;
    dealii::TimerOutput      timer;
    FlowStepper<dim>         stepper;
    FlowOutput<dim>          output;
    std::vector<
      std::function<void(const FlowRecord &, const dealii::Vector<double> &)>>
                                             observers;
    std::vector<std::function<void(double)>> step_observers;
  };
} // namespace mfpg

#endif
