#include "particles/particle_flow.h"

#include "model/parameter_file.h"

namespace mfpg
{
  ParticleFlow::ParticleFlow(ParticleSystem                 &system,
                             const ParticleMonitor          &monitor,
                             const Parameters               &parameters,
                             const std::vector<std::string> &parameter_names,
                             dealii::TimerOutput            &timer)
    : system(system)
    , parameters(parameters)
    , timer(timer)
    , output(monitor,
             parameters.output_directory,
             parameter_names,
             system.particles().get_mpi_communicator())
  {
  }

  void
  ParticleFlow::add_observer(
    const std::function<void(const std::vector<double> &)> &observer)
  {
    observers.push_back(observer);
  }

  void
  ParticleFlow::add_step_observer(const std::function<void(double)> &observer)
  {
    step_observers.push_back(observer);
  }

  void
  ParticleFlow::run()
  {
    const std::uint64_t n_steps = whole_number_of_steps(parameters.end_time,
                                                        system.time_step(),
                                                        "Particles/End time");
    output.open();
    for (std::uint64_t k = system.n_steps();; ++k)
      {
        for (const auto &observer : step_observers)
          observer(system.time());
        if (k % parameters.output_interval == 0 || k == n_steps)
          {
            const dealii::TimerOutput::Scope scope(timer, "monitors");
            const std::vector<double>       &row =
              output.write_monitors(system.time(), system.particles());
            for (const auto &observer : observers)
              observer(row);
            output.require_finite_moments();
          }
        if (output.writes_files() && (k == 0 || k == n_steps ||
                                      (parameters.snapshot_interval > 0 &&
                                       k % parameters.snapshot_interval == 0)))
          {
            const dealii::TimerOutput::Scope scope(timer, "snapshots");
            output.write_snapshot(k, system.time(), system.particles());
          }
        if (k == n_steps)
          break;
        const dealii::TimerOutput::Scope scope(timer, "particle steps");
        system.make_one_step();
      }
    output.close();
  }

  ParticleFlowState
  ParticleFlow::state() const
  {
    ParticleFlowState state;
    state.step        = system.n_steps();
    state.coordinates = system.particles().gathered_coordinates();
    output.save(state);
    return state;
  }

  void
  ParticleFlow::restore(const ParticleFlowState &state)
  {
    system.restore(state.step, state.coordinates);
    output.restore(state);
  }

  const std::vector<std::vector<double>> &
  ParticleFlow::rows() const
  {
    return output.rows();
  }
} // namespace mfpg
