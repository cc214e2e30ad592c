#include "apps/particle_run.h"

#include "apps/output_directory.h"
#include "apps/parameter_file_of.h"
#include "apps/progress_line.h"
#include "apps/result_plots.h"

#include <deal.II/base/conditional_ostream.h>
#include <deal.II/base/mpi.h>
#include <deal.II/base/multithread_info.h>
#include <deal.II/base/timer.h>

#include "model/parameter_file.h"
#include "particles/mckean_vlasov_drift.h"
#include "particles/particle_monitor.h"
#include "particles/particle_snapshots.h"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <memory>

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
    const ParameterFileOf<Parameters> file(parameter_file, overrides);
    const Parameters                 &parameters = file.parameters;
    const dealii::ParameterHandler   &prm        = file.prm;
    prepare_output_directory(parameters.output_directory,
                             "Particles/Output directory");
    summary.set_output(prm,
                       RunSummary::in_directory(parameters.output_directory));
    const std::uint64_t n_steps = number_of_steps(parameters);
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
    // the monitor rows so far: a checkpoint carries them into monitors.csv
    std::vector<std::vector<double>> rows;
    nlohmann::json                   resumed_state;
    if (checkpoint.resuming())
      {
        resumed_state = checkpoint.read();
        system.restore(resumed_state["step"],
                       resumed_state["coordinates"].get<std::vector<double>>());
        rows = resumed_state["rows"].get<std::vector<std::vector<double>>>();
      }

    std::unique_ptr<ParticleSnapshots> snapshots;
    std::ofstream                      csv;
    const std::filesystem::path        directory(parameters.output_directory);
    if (!parameters.output_directory.empty())
      {
        snapshots =
          std::make_unique<ParticleSnapshots>(directory.string(),
                                              model.feature().parameter_names(),
                                              communicator);
        if (is_root)
          {
            write_used_parameters(prm, directory.string());
            // renamed to monitors.csv once the run has succeeded
            csv.open(directory / "monitors.csv.partial");
            csv << std::setprecision(16);
          }
        if (checkpoint.resuming())
          snapshots->restore_series(
            resumed_state["snapshots"]
              .get<std::vector<std::pair<double, std::string>>>());
      }

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
      {
        pcout << std::setw(c == 0 ? 8 : 16) << names[c];
        if (csv.is_open())
          csv << (c ? "," : "") << names[c];
      }
    pcout << "\n";
    if (csv.is_open())
      csv << "\n";

    dealii::TimerOutput timer(pcout,
                              dealii::TimerOutput::summary,
                              dealii::TimerOutput::wall_times);
    const unsigned int  d = model.n_parameters();
    ProgressLine        progress(parameters.end_time);
    const auto          write_row = [&](const std::vector<double> &row) {
      progress.clear();
      for (unsigned int c = 0; c < row.size(); ++c)
        {
          pcout << std::setw(c == 0 ? 8 : 16)
                << std::setprecision(c == 0 ? 4 : 8) << row[c];
          if (csv.is_open())
            csv << (c ? "," : "") << row[c];
        }
      pcout << "\n";
      if (csv.is_open())
        csv << std::endl;
    };
    for (const std::vector<double> &row : rows)
      write_row(row);
    for (std::uint64_t k = system.n_steps();; ++k)
      {
        progress.update(system.time());
        if (checkpoint.due(k, n_steps))
          {
            const nlohmann::json state = {
              {"step", k},
              {"coordinates", system.particles().gathered_coordinates()},
              {"rows", rows},
              {"snapshots",
               snapshots ? snapshots->series() :
                           std::vector<std::pair<double, std::string>>()}};
            checkpoint.write(system.time(), state);
            if (checkpoint.interrupted())
              throw RunInterrupted(system.time(), checkpoint.file());
          }
        if (k % parameters.output_interval == 0 || k == n_steps)
          {
            const dealii::TimerOutput::Scope scope(timer, "monitors");
            rows.push_back(monitor.row(system.time(), system.particles()));
            write_row(rows.back());
            // mean and covariance are reduced over all ranks: all stop
            for (unsigned int c = 1; c <= d + d * (d + 1) / 2; ++c)
              if (!std::isfinite(rows.back()[c]))
                throw std::runtime_error(
                  "the particles are not finite at t = " +
                  std::to_string(system.time()) +
                  ": the integrator is unstable at this step; reduce "
                  "'Particles/Time step' (Euler-Maruyama needs eta sigma^2 "
                  "k_max / 2 < 2, k_max the largest stiffness) or use the "
                  "ou-splitting integrator");
          }
        if (snapshots && (k == 0 || k == n_steps ||
                          (parameters.snapshot_interval > 0 &&
                           k % parameters.snapshot_interval == 0)))
          {
            const dealii::TimerOutput::Scope scope(timer, "snapshots");
            snapshots->write(k, system.time(), system.particles());
          }
        if (k == n_steps)
          break;
        const dealii::TimerOutput::Scope scope(timer, "particle steps");
        system.make_one_step();
      }
    if (csv.is_open())
      {
        csv.close();
        std::filesystem::rename(directory / "monitors.csv.partial",
                                directory / "monitors.csv");
      }
    for (unsigned int c = 0; c < names.size(); ++c)
      summary.add_figure(names[c], rows.back()[c]);
    summary.add_figure("V*", monitor.optimal_objective());
    for (const auto &[section, seconds] :
         timer.get_summary_data(dealii::TimerOutput::total_wall_time))
      summary.add_timing(section, seconds);
    if (snapshots)
      {
        pcout << "\nwritten: " << parameters.output_directory
              << "/{parameters.prm, monitors.csv"
              << ", particles_*.csv, particles_*.vtu, particles.pvd}\n";
        if (is_root)
          plot_results((directory / "monitors.csv").string(), out);
      }
  }
} // namespace mfpg::particle_run
