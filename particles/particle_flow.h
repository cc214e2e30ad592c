#ifndef mfpg_particles_particle_flow_h
#define mfpg_particles_particle_flow_h

#include <deal.II/base/timer.h>

#include "particles/particle_flow_state.h"
#include "particles/particle_output.h"
#include "particles/particle_system.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace mfpg
{
  class ParticleMonitor;

  /**
   * The interacting particle system of model.md §5 from t = 0 (or a
   * ParticleFlowState) to the end time: the main loop that wires the
   * particles and their integrator of §8 (ParticleSystem) to their
   * monitors and files (ParticleOutput), calls the observers, and times the
   * phases. Per step k: call the step observers (the point at which a
   * checkpoint is taken); at an output time, the monitors, the row
   * observers and the check that the particles are finite; at a snapshot
   * time, a snapshot; then the step to k + 1.
   * Collective over the ranks of the particle system.
   */
  class ParticleFlow
  {
  public:
    struct Parameters
    {
      /** T, a whole number of time steps. */
      double end_time = 1.;
      /** Monitors every this many steps, and at T. */
      unsigned int output_interval = 10;
      /** Snapshots every this many steps (0: only at t = 0 and T). */
      unsigned int snapshot_interval = 0;
      /** Empty: no files. */
      std::string output_directory;
    };

    /**
     * Keeps references to @p system and @p timer, which take the wall time
     * of the phases "monitors", "snapshots" and "particle steps".
     */
    ParticleFlow(ParticleSystem                 &system,
                 const ParticleMonitor          &monitor,
                 const Parameters               &parameters,
                 const std::vector<std::string> &parameter_names,
                 dealii::TimerOutput            &timer);

    /** Call @p observer with the monitor row at every output time. */
    void
    add_observer(
      const std::function<void(const std::vector<double> &)> &observer);

    /**
     * Call @p observer with the time t at the start of every step and at
     * the end time (e.g. for a progress line or a checkpoint).
     */
    void
    add_step_observer(const std::function<void(double)> &observer);

    /**
     * Integrate from the particle system's step, or from the state given
     * to restore(), to the end time.
     */
    void
    run();

    /**
     * The state at the start of the current step (collective: the
     * particles are gathered on every rank).
     */
    ParticleFlowState
    state() const;

    /** Continue from @p state (a checkpoint) in the next run(). */
    void
    restore(const ParticleFlowState &state);

    /** The monitor rows so far. */
    const std::vector<std::vector<double>> &
    rows() const;

  private:
    ParticleSystem                                               &system;
    const Parameters                                              parameters;
    dealii::TimerOutput                                          &timer;
    ParticleOutput                                                output;
    std::vector<std::function<void(const std::vector<double> &)>> observers;
    std::vector<std::function<void(double)>> step_observers;
  };
} // namespace mfpg

#endif
