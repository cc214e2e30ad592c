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
#include "verification/replica_statistics.h"
#include "verification/result_table.h"

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
    prm.add_parameter(
      "Replicas",
      replicas,
      "mfpg particles: independent runs with the seeds Seed + r, r = 0.."
      "Replicas - 1; every monitor is reported as their mean ± standard "
      "error (1: one run, no SE; > 1: each run's files in "
      "OUTPUT/replica_r, no checkpoints). compare and study have their own "
      "Replicas.",
      dealii::Patterns::Integer(1));
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

    /**
     * One particle run: the system of @p parameters with the seed @p seed
     * and the flow that writes to @p directory (empty: no files).
     */
    struct OneRun
    {
      OneRun(const Parameters               &parameters,
             const unsigned int              seed,
             const std::string              &directory,
             const McKeanVlasovDrift        &drift,
             const InitialLaw               &initial_law,
             const ParticleMonitor          &monitor,
             const std::vector<std::string> &parameter_names,
             dealii::TimerOutput            &timer,
             const MPI_Comm                  communicator)
        : system(with_seed(parameters.particles, seed),
                 drift,
                 initial_law,
                 communicator)
        , flow(system,
               monitor,
               {parameters.end_time,
                parameters.output_interval,
                parameters.snapshot_interval,
                directory},
               parameter_names,
               timer)
      {
      }

      static ParticleSystem::Parameters
      with_seed(ParticleSystem::Parameters particles, const unsigned int seed)
      {
        particles.seed = seed;
        return particles;
      }

      ParticleSystem system;
      ParticleFlow   flow;
    };

    /**
     * The monitors of @p runs (one table of rows per replica, the same
     * output times) as replica estimates, row by row: column 0 is t.
     */
    std::vector<std::vector<ReplicaEstimate>>
    replica_rows(const std::vector<std::vector<std::vector<double>>> &runs)
    {
      std::vector<std::vector<ReplicaEstimate>> rows;
      for (std::size_t k = 0; k < runs[0].size(); ++k)
        {
          std::vector<std::vector<double>> at_k;
          for (const auto &run : runs)
            at_k.push_back(run[k]);
          rows.push_back(replica_estimates(at_k));
        }
      return rows;
    }

    /**
     * The monitors of several replicas (@p rows from replica_rows()): the
     * table of mean ± SE per output time to @p out, OUTPUT/monitors.csv
     * (t, then name and name_se per monitor, then replicas) and the final
     * time's figures in @p summary (name and "name SE", and "replicas").
     */
    void
    report_replicas(const std::vector<std::string>                  &names,
                    const std::vector<std::vector<ReplicaEstimate>> &rows,
                    const Parameters                                &parameters,
                    dealii::ConditionalOStream                      &out,
                    RunSummary                                      &summary)
    {
      const unsigned int n_replicas = rows[0][0].replicas;
      out << "\n  replica mean ± standard error over " << n_replicas
          << " replicas:\n";
      for (unsigned int c = 0; c < names.size(); ++c)
        out << std::setw(c == 0 ? 8 : 26) << names[c];
      out << "\n";
      for (const std::vector<ReplicaEstimate> &row : rows)
        {
          out << std::setw(8) << std::setprecision(4) << row[0].mean;
          for (unsigned int c = 1; c < row.size(); ++c)
            out << std::setw(26) << row[c].text(8, 2);
          out << "\n";
        }
      summary.add_figure("replicas", n_replicas);
      for (unsigned int c = 0; c < names.size(); ++c)
        {
          summary.add_figure(names[c], rows.back()[c].mean);
          if (c > 0)
            summary.add_figure(names[c] + " SE", rows.back()[c].standard_error);
        }
      if (parameters.output_directory.empty() ||
          dealii::Utilities::MPI::this_mpi_process(MPI_COMM_WORLD) != 0)
        return;
      std::string header = names[0];
      for (unsigned int c = 1; c < names.size(); ++c)
        header += "," + names[c] + "," + names[c] + "_se";
      header += ",replicas";
      std::vector<std::vector<double>> table;
      for (const std::vector<ReplicaEstimate> &row : rows)
        {
          table.push_back({row[0].mean});
          for (unsigned int c = 1; c < row.size(); ++c)
            table.back().insert(table.back().end(),
                                {row[c].mean, row[c].standard_error});
          table.back().push_back(n_replicas);
        }
      write_csv_table((std::filesystem::path(parameters.output_directory) /
                       "monitors.csv")
                        .string(),
                      header,
                      table);
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

    const Model                  model(parameters.model);
    const InitialLaw             initial_law(parameters.initial_law,
                                 model.feature().parameter_names());
    const McKeanVlasovDrift      drift(model);
    std::optional<BlobDiffusion> blob;
    // (blob with the entropy is refused by the particle system, naming
    // Particles/Integrator)
    if (parameters.particles.integrator == "blob" &&
        !model.regulariser().is_entropy())
      blob.emplace(model.regulariser(),
                   model.sigma(),
                   parameters.particles.blob_width);
    const ParticleMonitor monitor(drift, blob);
    const unsigned int    n_replicas = parameters.replicas;
    if (n_replicas > 1 &&
        (parameters.checkpoint.interval > 0 || parameters.checkpoint.resume))
      throw ParameterError("Particles/Replicas",
                           "a checkpoint holds one run: with " +
                             std::to_string(n_replicas) +
                             " replicas set Checkpoint/Interval = 0 and "
                             "Checkpoint/Resume = false");
    if (n_replicas > 1 && parameters.particles.initial_sample == "lattice" &&
        parameters.particles.integrator == "blob")
      throw ParameterError("Particles/Replicas",
                           "the blob particles from the lattice start are "
                           "deterministic: every replica would repeat the "
                           "same run; set Replicas = 1 or Initial sample = "
                           "random");
    const Checkpoint checkpoint(parameters.checkpoint,
                                parameters.output_directory,
                                "particles",
                                prm,
                                {"Particles/End time", "Particles/Threads"},
                                communicator);

    dealii::TimerOutput timer(pcout,
                              dealii::TimerOutput::summary,
                              dealii::TimerOutput::wall_times);
    if (!parameters.output_directory.empty() && is_root)
      write_used_parameters(prm, parameters.output_directory);

    const unsigned int seed = parameters.particles.seed;
    pcout << "mfpg particles: " << parameter_file << "\n"
          << "  d = " << model.n_parameters()
          << ", N = " << parameters.particles.n_particles
          << ", eta = " << parameters.particles.time_step
          << ", T = " << parameters.end_time << " (" << n_steps << " steps)"
          << ", integrator " << parameters.particles.integrator << ", seed "
          << seed;
    if (n_replicas > 1)
      pcout << ".." << seed + n_replicas - 1 << " (" << n_replicas
            << " replicas)";
    pcout << ", threads " << dealii::MultithreadInfo::n_threads() << ", ranks "
          << dealii::Utilities::MPI::n_mpi_processes(communicator) << "\n"
          << "  sigma = " << model.sigma()
          << ", tau = " << model.mdp().entropy_strength()
          << ", gamma = " << model.mdp().discount()
          << ", V* = " << std::setprecision(10) << monitor.optimal_objective()
          << " (soft value iteration)\n"
          << model.mdp().safety_description() << "\n";

    const std::vector<std::string> names = monitor.column_names();
    const std::vector<std::string> parameter_names =
      model.feature().parameter_names();
    // the replicas one after the other: R T of simulated time in all
    ProgressLine progress(n_replicas * parameters.end_time);
    // each replica's rows; with one replica, printed as they come
    std::vector<std::vector<std::vector<double>>> runs;
    for (unsigned int r = 0; r < n_replicas; ++r)
      {
        const std::string directory =
          n_replicas == 1 || parameters.output_directory.empty() ?
            parameters.output_directory :
            (std::filesystem::path(parameters.output_directory) /
             ("replica_" + std::to_string(r)))
              .string();
        if (n_replicas > 1)
          prepare_output_directory(directory, "Particles/Output directory");
        OneRun run(parameters,
                   seed + r,
                   directory,
                   drift,
                   initial_law,
                   monitor,
                   parameter_names,
                   timer,
                   communicator);
        if (checkpoint.resuming())
          run.flow.restore(checkpoint.read().get<ParticleFlowState>());
        if (n_replicas == 1)
          {
            for (unsigned int c = 0; c < names.size(); ++c)
              pcout << std::setw(c == 0 ? 8 : 16) << names[c];
            pcout << "\n";
            const auto print_row = [&](const std::vector<double> &row) {
              progress.clear();
              for (unsigned int c = 0; c < row.size(); ++c)
                pcout << std::setw(c == 0 ? 8 : 16)
                      << std::setprecision(c == 0 ? 4 : 8) << row[c];
              pcout << "\n";
            };
            for (const std::vector<double> &row : run.flow.rows())
              print_row(row);
            run.flow.add_observer(print_row);
          }
        // a signal stops the run at the start of the next step: with one
        // replica after writing the checkpoint, with several without one
        run.flow.add_step_observer([&](const double t) {
          progress.update(r * parameters.end_time + t);
          if (checkpoint.due(run.system.n_steps(), n_steps))
            {
              if (n_replicas > 1)
                throw RunInterrupted(
                  "interrupted by a signal at t = " + std::to_string(t) +
                  " of replica " + std::to_string(r) + " of " +
                  std::to_string(n_replicas) +
                  " (no checkpoint with Particles/Replicas > 1)");
              checkpoint.write(t, run.flow.state());
              if (checkpoint.interrupted())
                throw RunInterrupted(t, checkpoint.file());
            }
        });
        run.flow.run();
        runs.push_back(run.flow.rows());
        if (n_replicas > 1)
          {
            progress.clear();
            pcout << "  replica " << r << " (seed " << seed + r << ") finished"
                  << std::endl;
          }
      }

    if (n_replicas == 1)
      for (unsigned int c = 0; c < names.size(); ++c)
        summary.add_figure(names[c], runs[0].back()[c]);
    else
      report_replicas(names, replica_rows(runs), parameters, pcout, summary);
    summary.add_figure("V*", monitor.optimal_objective());
    for (const auto &[section, seconds] :
         timer.get_summary_data(dealii::TimerOutput::total_wall_time))
      summary.add_timing(section, seconds);
    if (!parameters.output_directory.empty())
      {
        pcout << "\nwritten: " << parameters.output_directory
              << "/{parameters.prm, monitors.csv"
              << (n_replicas == 1 ?
                    ", particles_*.csv, particles_*.vtu, particles.pvd}\n" :
                    ", replica_*/{monitors.csv, particles_*.csv, "
                    "particles_*.vtu, particles.pvd}}\n");
        if (is_root)
          plot_results((std::filesystem::path(parameters.output_directory) /
                        "monitors.csv")
                         .string(),
                       out);
      }
  }
} // namespace mfpg::particle_run
