#ifndef mfpg_solver_flow_state_h
#define mfpg_solver_flow_state_h

#include <deal.II/lac/vector.h>

#include <nlohmann/json_fwd.hpp>

#include "solver/flow_monitor.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

namespace mfpg
{
  /**
   * Everything the mesh flow of model.md §5 carries from one step to the
   * next (FlowStepper: the density and what the time scheme of §8 keeps of
   * the step before; FlowOutput: the monitors and the .pvd series so far):
   * with it, and the same parameters, a run continues exactly as the
   * uninterrupted one — the same numbers to the last bit, the monitors.csv
   * rows and the .pvd series of the steps before. The nodal vectors are
   * gathered (every node, global numbering); that numbering depends on the
   * partition, so a state restores only on the number of ranks that wrote
   * it. to_json() and from_json() give its form in a checkpoint
   * (doubles exact in CBOR).
   */
  struct FlowState
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
    /** Safe steps (TimeStepper) of the steps to k. */
    unsigned int safe_steps = 0;
    /** Steps repaired by redistribution, and the mass they moved. */
    unsigned int limited_steps      = 0;
    double       redistributed_mass = 0.;
    /** Preconditioners built and linear iterations of the steps to k. */
    unsigned int  preconditioner_builds   = 0;
    std::uint64_t total_linear_iterations = 0;
    /**
     * The system the AMG preconditioner in use was built from
     * (TimeStepper::PreconditionerSource, its Phi gathered; empty: none):
     * the restored run builds it again.
     */
    dealii::Vector<double> preconditioner_Phi;
    double                 preconditioner_alpha                = 1.;
    bool                   preconditioner_of_fallback          = false;
    unsigned int           preconditioner_reference_iterations = 0;
    /** The smallest nodal density of steps 0 ... k - 1. */
    double min_density = std::numeric_limits<double>::max();
    /** The smallest min nu / max |nu| of a step so far. */
    double min_relative_density = std::numeric_limits<double>::max();
    std::vector<FlowRecord>                     history;
    std::vector<std::pair<double, std::string>> vtu_series;
  };

  void
  to_json(nlohmann::json &j, const FlowState &state);

  /** The inverse of to_json(); a missing "n_ranks" is 1. */
  void
  from_json(const nlohmann::json &j, FlowState &state);
} // namespace mfpg

#endif
