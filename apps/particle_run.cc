#include "apps/particle_run.h"

#include "apps/progress_line.h"
#include "apps/result_plots.h"
#include "apps/subcommand_input.h"

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/multithread_info.h>
#include <deal.II/base/timer.h>

#include "model/parameter_file.h"
#include "particles/mckean_vlasov_drift.h"
#include "particles/particle_flow.h"
#include "particles/particle_monitor.h"

#include <filesystem>
#include <iomanip>

namespace mfpg::particle_run
{
  void
  Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    model.add_parameters(prm);
    initial_law.add_parameters(prm);
    particles.add_parameters(prm);
    prm.enter_subsection("Particles");
    prm.add_parameter("End time",
                      end_time,
                      "Final time T > 0, a multiple of the time step.",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Output interval",
                      output_interval,
                      "Monitors every this many steps, and at T.",
                      dealii::Patterns::Integer(1));
    prm.add_parameter("Snapshot interval",
                      snapshot_interval,
                      "Particle snapshots every this many steps (0: only at "
                      "t = 0 and T); written only with an output directory.",
                      dealii::Patterns::Integer(0));
    prm.add_parameter("Output directory",
                      output_directory,
                      "Directory for parameters.prm, monitors.csv and the "
                      "snapshots (empty: print the monitors only).");
    prm.add_parameter("Threads",
                      n_threads,
                      "Threads over particles (0: one per core). The results "
                      "do not depend on it.",
                      dealii::Patterns::Integer(0));
    prm.leave_subsection();
    checkpoint.add_parameters(prm);
  }

  OutputPlace
  Parameters::output_place() const
  {
    return {OutputPlace::Kind::directory,
            output_directory,
            "Particles/Output directory"};
  }

  namespace
  {
    std::uint64_t
    number_of_steps(const Parameters &parameters)
    {
      const double T   = parameters.end_time;
      const double eta = parameters.particles.time_step;
      if (!(T > 0.))
        throw ParameterError("Particles/End time", "must be positive");
      if (!(eta > 0.))
        throw ParameterError("Particles/Time step", "must be positive");
      return whole_number_of_steps(T, eta, "Particles/End time");
    }
  } // namespace

  void
  run(const std::string              &parameter_file,
      const std::vector<std::string> &overrides,
      std::ostream                   &out,
      RunSummary                     &summary)
  {
    const SubcommandInput<Parameters> file(parameter_file, overrides, summary);
    const Parameters                 &parameters = file.parameters;
    const dealii::ParameterHandler   &prm        = file.prm;
    const std::uint64_t               n_steps    = number_of_steps(parameters);
    dealii::MultithreadInfo::set_thread_limit(
      parameters.n_threads == 0 ? dealii::numbers::invalid_unsigned_int :
                                  parameters.n_threads);

    const MPI_Comm communicator = MPI_COMM_WORLD;
    const bool     is_root =
      dealii::Utilities::MPI::this_mpi_process(communicator) == 0;
    dealii::ConditionalOStream pcout(out, is_root);

    const Model             model(parameters.model);
    const InitialLaw        initial_law(parameters.initial_law,
                                 model.feature().parameter_names());
    const McKeanVlasovDrift drift(model);
    ParticleSystem          system(parameters.particles,
                          drift,
                          initial_law,
                          communicator);
    const ParticleMonitor   monitor(drift);
    const Checkpoint        checkpoint(parameters.checkpoint,
                                parameters.output_directory,
                                "particles",
                                prm,
                                {"Particles/End time", "Particles/Threads"},
                                communicator);
    ParticleFlowState       resumed_state;
    if (checkpoint.resuming())
      resumed_state = checkpoint.read().get<ParticleFlowState>();

    dealii::TimerOutput timer(pcout,
                              dealii::TimerOutput::summary,
                              dealii::TimerOutput::wall_times);
    ParticleFlow        flow(system,
                      monitor,
                      {parameters.end_time,
                              parameters.output_interval,
                              parameters.snapshot_interval,
                              parameters.output_directory},
                      model.feature().parameter_names(),
                      timer);
    if (checkpoint.resuming())
      flow.restore(resumed_state);
    if (!parameters.output_directory.empty() && is_root)
      write_used_parameters(prm, parameters.output_directory);

    pcout << "mfpg particles: " << parameter_file << "\n"
          << "  d = " << model.n_parameters()
          << ", N = " << parameters.particles.n_particles
          << ", eta = " << parameters.particles.time_step
          << ", T = " << parameters.end_time << " (" << n_steps << " steps)"
          << ", integrator " << parameters.particles.integrator << ", seed "
          << parameters.particles.seed << ", threads "
          << dealii::MultithreadInfo::n_threads() << ", ranks "
          << dealii::Utilities::MPI::n_mpi_processes(communicator) << "\n"
          << "  sigma = " << model.sigma()
          << ", tau = " << model.mdp().entropy_strength()
          << ", gamma = " << model.mdp().discount()
          << ", V* = " << std::setprecision(10) << monitor.optimal_objective()
          << " (soft value iteration)\n\n";

    const std::vector<std::string> names = monitor.column_names();
    for (unsigned int c = 0; c < names.size(); ++c)
      pcout << std::setw(c == 0 ? 8 : 16) << names[c];
    pcout << "\n";

    ProgressLine progress(parameters.end_time);
    const auto   print_row = [&](const std::vector<double> &row) {
      progress.clear();
      for (unsigned int c = 0; c < row.size(); ++c)
        pcout << std::setw(c == 0 ? 8 : 16) << std::setprecision(c == 0 ? 4 : 8)
              << row[c];
      pcout << "\n";
    };
    for (const std::vector<double> &row : flow.rows())
      print_row(row);
    flow.add_observer(print_row);
    flow.add_step_observer([&](const double t) {
      progress.update(t);
      if (checkpoint.due(system.n_steps(), n_steps))
        {
          checkpoint.write(t, flow.state());
          if (checkpoint.interrupted())
            throw RunInterrupted(t, checkpoint.file());
        }
    });
    flow.run();

    for (unsigned int c = 0; c < names.size(); ++c)
      summary.add_figure(names[c], flow.rows().back()[c]);
    summary.add_figure("V*", monitor.optimal_objective());
    for (const auto &[section, seconds] :
         timer.get_summary_data(dealii::TimerOutput::total_wall_time))
      summary.add_timing(section, seconds);
    if (!parameters.output_directory.empty())
      {
        pcout << "\nwritten: " << parameters.output_directory
              << "/{parameters.prm, monitors.csv"
              << ", particles_*.csv, particles_*.vtu, particles.pvd}\n";
        if (is_root)
          plot_results((std::filesystem::path(parameters.output_directory) /
                        "monitors.csv")
                         .string(),
                       out);
      }
  }
} // namespace mfpg::particle_run
