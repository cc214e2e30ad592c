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
#include "solver/fokker_planck_operator.h"
#include "solver/mesh_discretisation.h"
#include "solver/time_stepper.h"

#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace mfpg
{
  /** Where and how often a mesh flow writes, and its boundary check. */
  struct FlowOutputParameters
  {
    std::string directory;
    double      interval                = 0.1;
    double      boundary_mass_tolerance = 1e-6;
    bool        stop_on_boundary_mass   = false;

    /** Declare subsection "Output" of @p prm. */
    void
    add_parameters(dealii::ParameterHandler &prm);
  };

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
   * parameter space R^d, d = dim: each step builds the policy energy F from
   * the density (nodal quadrature), solves the MDP for the coupling weights
   * W (PolicyGradient), forms the Slotboom potential
   * Phi = U - (2/sigma^2) dV/dnu at the nodes and advances nu by the
   * exponentially fitted scheme (or the Galerkin comparison; a
   * FokkerPlanckOperator) and a TimeStepper.
   * Monitors (FlowRecord) are kept at every output time and, with an output
   * directory, written as monitors.csv (renamed from monitors.csv.partial
   * once the run has succeeded), VTU files and a ParaView .pvd series.
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
     * Everything run() carries from one step to the next: with it (and the
     * same parameters) a run continues exactly as the uninterrupted one —
     * the same numbers to the last bit, the monitors.csv rows and the .pvd
     * series of the steps before. The nodal vectors are gathered (every
     * node, global numbering); that numbering depends on the partition, so
     * a state restores only on the number of ranks that wrote it.
     */
    struct State
    {
      /** The step k about to be taken (t = k dt). */
      unsigned int step = 0;
      /** The number of ranks of the run that wrote the state. */
      unsigned int           n_ranks = 1;
      dealii::Vector<double> nu;
      /** nu and Phi of step k - 1 (BDF2), empty at k = 0. */
      dealii::Vector<double> nu_previous;
      dealii::Vector<double> Phi_previous;
      /** J at step k - 1 (for the numerical dJ/dt), NaN at k = 0. */
      double J_previous = std::numeric_limits<double>::quiet_NaN();
      /** Linear-solver iterations of the step to k (a monitor). */
      unsigned int linear_iterations = 0;
      /** The smallest nodal density of steps 0 ... k - 1. */
      /** The smallest owned nodal density of this rank so far. */
      double                                      min_density;
      std::vector<FlowRecord>                     history;
      std::vector<std::pair<double, std::string>> vtu_series;
    };

    /**
     * The state at the start of the current step: what a step observer
     * sees is the state before that step's monitors and time step, the
     * point at which a checkpoint is taken. Collective: three all-gathers
     * of n_dofs doubles.
     */
    State
    state() const;

    /**
     * Continue from @p state (a checkpoint) in the next run(); a state of
     * another number of ranks or mesh size throws std::invalid_argument.
     */
    void
    restore(const State &state);

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

  private:
    FlowRecord
    monitor(const double                  time,
            const dealii::Vector<double> &Phi,
            const double                  objective,
            const double                  J,
            const double                  objective_rate) const;

    void
    check_boundary_layer(const FlowRecord &record) const;

    void
    write_output(const FlowRecord &record, const dealii::Vector<double> &Phi);

    const Model                               &model;
    const MeshFlowParameters                   parameters;
    const bool                                 is_root;
    MeshDiscretisation<dim>                    mesh;
    std::unique_ptr<FokkerPlanckOperator<dim>> fokker_planck;
    TimeStepper<dim>                           stepper;
    const dealii::Vector<double>               U;
    unsigned int                               step;
    dealii::Vector<double>                     nu;
    dealii::Vector<double>                     nu_previous;
    dealii::Vector<double>                     Phi_previous;
    double                                     J_previous;
    unsigned int                               linear_iterations;
    std::vector<FlowRecord>                    history;
    std::vector<
      std::function<void(const FlowRecord &, const dealii::Vector<double> &)>>
                                             observers;
    std::vector<std::function<void(double)>> step_observers;
    /** The smallest owned nodal density of this rank so far. */
    double                                      min_density;
    mutable bool                                warned_about_boundary;
    std::ofstream                               csv;
    std::vector<std::pair<double, std::string>> vtu_series;
    dealii::TimerOutput                         timer;
  };
} // namespace mfpg

#endif
