#ifndef mfpg_solver_flow_output_h
#define mfpg_solver_flow_output_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/vector.h>

#include "io/partial_file.h"
#include "io/pvd_series.h"
#include "solver/flow_monitor.h"
#include "solver/flow_state.h"
#include "solver/flow_stepper.h"
#include "solver/mesh_discretisation.h"

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
    /**
     * Which run this is, for its messages (not a parameter: a companion
     * run such as the error estimate's sets it; empty for the run itself).
     */
    std::string run_name;

    /** Declare subsection "Output" of @p prm. */
    void
    add_parameters(dealii::ParameterHandler &prm);
  };

  /**
   * The monitors of the mesh flow of model.md §5 at its output times
   * (FlowRecord: mass and positivity, moments, V and J, the energy identity,
   * the fixed-point residual) and the files they go to: with an output
   * directory, monitors.csv (written as monitors.csv.partial and renamed by
   * close() once the run has succeeded), a VTU file of nu and Phi per
   * output time and the ParaView series density.pvd. Polices the box: a
   * mass in the outermost layer of cells above "Output/Boundary mass
   * tolerance" stops the run or is warned about once. Also keeps the
   * smallest nodal density over every step.
   *
   * <b>MPI.</b> The monitors are reductions; each rank writes its VTU
   * piece, rank 0 the CSV rows, the .pvtu and the .pvd.
   */
  template <int dim>
  class FlowOutput
  {
  public:
    /** Keeps references to @p mesh and @p parameters. */
    FlowOutput(const MeshDiscretisation<dim> &mesh,
               const FlowOutputParameters    &parameters);

    /**
     * Create the output directory, open monitors.csv.partial and write
     * the rows of the monitors restored from a FlowState (collective);
     * @p with_safety: the model has MDP/Safety (the columns D_viol, V_0,
     * P_violate).
     */
    void
    open(const bool with_safety);

    /**
     * Take the owned nodal values of @p nu into the smallest density, and
     * min nu / max |nu| of this step into the smallest ratio (collective:
     * two reductions).
     */
    void
    track_minimum(const dealii::Vector<double> &nu);

    /**
     * The monitors of @p flow's current (evaluated) density, checked
     * against the boundary-mass tolerance, kept, and written to the files
     * (collective).
     */
    const FlowRecord &
    write(const FlowStepper<dim> &flow);

    /** Close monitors.csv.partial and rename it to monitors.csv. */
    void
    close();

    /** The monitors at every output time so far. */
    const std::vector<FlowRecord> &
    records() const;

    /** The smallest nodal density over all steps so far (collective). */
    double
    min_density_over_run() const;

    /**
     * The smallest min nu / max |nu| of a step over all steps so far: the
     * quantity the positivity criterion of docs/model.md §8.8 bounds.
     */
    double
    min_relative_density_over_run() const;

    /**
     * The monitors, the smallest density and the .pvd series into
     * @p state (collective: one reduction).
     */
    void
    save(FlowState &state) const;

    void
    restore(const FlowState &state);

  private:
    FlowRecord
    monitor(const FlowStepper<dim> &flow) const;

    void
    check_boundary_layer(const FlowRecord &record);

    void
    write_files(const FlowRecord &record, const FlowStepper<dim> &flow);

    const MeshDiscretisation<dim> &mesh;
    const FlowOutputParameters    &parameters;
    const bool                     is_root;
    std::vector<FlowRecord>        history;
    /** The smallest owned nodal density of this rank so far. */
    double                       min_density;
    double                       min_relative_density;
    bool                         warned_about_boundary;
    std::unique_ptr<PartialFile> csv;
    PvdSeries                    vtu_series;
  };
} // namespace mfpg

#endif
