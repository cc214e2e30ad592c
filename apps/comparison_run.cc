#include "apps/comparison_run.h"

#include "apps/checkpoint.h"
#include "apps/mesh_dimension.h"
#include "apps/result_plots.h"
#include "apps/subcommand_input.h"

#include "model/parameter_file.h"

#include <iomanip>
#include <optional>
#include <sstream>
#include <utility>

namespace mfpg::comparison_run
{
  void
  Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    model.add_parameters(prm);
    initial_law.add_parameters(prm);
    flow.add_parameters(prm);
    particles.add_parameters(prm);
    comparison.add_parameters(prm);
  }

  OutputPlace
  Parameters::output_place() const
  {
    return {OutputPlace::Kind::directory,
            flow.output.directory,
            "Output/Directory"};
  }

  namespace
  {
    /**
     * The replica estimates of every finished N at the final time, the
     * mesh's error estimates and the rates in N as summary figures (W2 and
     * its floor only where measured).
     */
    void
    add_figures(const PdeParticleComparison &result, RunSummary &summary)
    {
      const std::vector<ComparisonLevel> levels = result.final_levels();
      const bool                         w2     = result.distances_at != "none";
      summary.add_text("distance", result.distance);
      summary.add_text("distances at", result.distances_at);
      const auto add_estimate = [&](const std::string     &name,
                                    const ReplicaEstimate &e) {
        summary.add_figure(name, e.mean);
        summary.add_figure(name + " SE", e.standard_error);
      };
      for (const ComparisonLevel &l : levels)
        {
          const std::string n = "N = " + std::to_string(l.n_particles) + ": ";
          summary.add_figure(n + "replicas", l.distance.replicas);
          if (w2)
            {
              add_estimate(n + "W2", l.distance);
              add_estimate(n + "sampling floor", l.sampling_floor);
              add_estimate(n + "W2 / floor", l.ratio);
              summary.add_figure(n + "largest deposit spread s",
                                 l.largest_spread);
              summary.add_figure(n + "largest Sinkhorn error estimate",
                                 l.largest_sinkhorn_error);
            }
          add_estimate(n + "mean error", l.mean_error);
          add_estimate(n + "covariance error", l.covariance_error);
          for (unsigned int i = 0; i < result.quantity_names.size(); ++i)
            {
              const std::string d = n + "d_" + result.quantity_names[i];
              add_estimate(d, l.differences[i]);
              summary.add_figure(d + " z", l.differences[i].z());
            }
        }
      for (unsigned int i = 0; i < result.quantity_names.size(); ++i)
        summary.add_figure("mesh error estimate: " + result.quantity_names[i],
                           result.mesh_errors.back()[i]);
      if (!result.particle_errors.empty())
        for (unsigned int i = 0; i < result.quantity_names.size(); ++i)
          summary.add_figure("blob width correction: " +
                               result.quantity_names[i],
                             result.particle_errors.back()[i]);
      if (levels.size() >= 2)
        for (const auto &[name, member] :
             {std::pair{"W2", &ComparisonLevel::distance},
              std::pair{"the floor", &ComparisonLevel::sampling_floor},
              std::pair{"mean error", &ComparisonLevel::mean_error},
              std::pair{"covariance error",
                        &ComparisonLevel::covariance_error}})
          if (w2 || member == &ComparisonLevel::mean_error ||
              member == &ComparisonLevel::covariance_error)
            {
              const FittedSlope rate = result.rate_in_n(member);
              summary.add_figure(std::string("rate in N of ") + name,
                                 rate.slope);
              summary.add_figure(std::string("rate in N of ") + name + " SE",
                                 rate.standard_error);
            }
    }

    /**
     * A comparison stopped by a signal: its finished N (already written,
     * ComparisonProgress::finished_n) in summary.json, and RunInterrupted
     * (status "interrupted", exit status 3).
     */
    [[noreturn]] void
    stop(const PdeParticleComparison &result,
         const std::string           &directory,
         RunSummary                  &summary)
    {
      std::string               finished;
      std::vector<unsigned int> numbers;
      for (const ComparisonLevel &l : result.final_levels())
        {
          finished +=
            (finished.empty() ? "" : ", ") + std::to_string(l.n_particles);
          numbers.push_back(l.n_particles);
        }
      summary.add_counts("finished N", numbers);
      if (!result.rows.empty())
        add_figures(result, summary);
      throw RunInterrupted(
        "interrupted by a signal; finished N: " +
        (finished.empty() ? std::string("none") : finished) +
        (finished.empty() ? "" : ", written to " + directory));
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
    const std::string &directory = parameters.flow.output.directory;

    const Model model(parameters.model);
    // tsallis: the mesh's upwind scheme against the blob particles, whose
    // replicas differ only by a random start
    if (parameters.particles.initial_sample == "lattice")
      throw ParameterError("Particles/Initial sample",
                           "mfpg compare measures the particles' spread over "
                           "independent replicas, and the lattice start makes "
                           "every replica the same run: set Initial sample = "
                           "random");
    const InitialLaw initial_law(parameters.initial_law,
                                 model.feature().parameter_names());
    initial_law.require_density("the mesh solver");
    if (!directory.empty())
      write_used_parameters(file.prm, directory);

    out << "mfpg compare: " << parameter_file
        << "\n  d = " << model.n_parameters() << ", sigma = " << model.sigma()
        << ", tau = " << model.mdp().entropy_strength()
        << ", mesh dt = " << parameters.flow.time_stepping.time_step
        << ", particle eta = " << parameters.particles.time_step
        << ", replicas " << parameters.comparison.replicas << "\n"
        << model.mdp().safety_description();
    // with an output directory, SIGINT and SIGTERM stop the run before the
    // next particle step (or after the current output time's W2) of the
    // current particle run, and what is finished stays: the CSV files are
    // rewritten after each N
    std::optional<StopSignals> signals;
    if (!directory.empty())
      signals.emplace();
    bool               stopped = false;
    ComparisonProgress progress;
    progress.stop = [&]() {
      stopped = signals && signals->received();
      return stopped;
    };
    progress.estimated = [&](const ComparisonCost &cost) {
      out << std::setprecision(3) << "  cost: mesh runs " << cost.mesh_seconds
          << " s (measured), calibration " << cost.calibration_seconds
          << " s; predicted particle runs " << cost.particle_seconds
          << " s, W2 " << cost.distances_seconds << " s";
      if (cost.grid_seconds > 0.)
        out << " (of one W2 by grid, its Sinkhorn on the mesh's grid "
            << cost.grid_seconds << " s, independent of N)";
      out << ", total " << cost.total() << " s" << std::endl;
      summary.add_figure("predicted seconds: total", cost.total());
      summary.add_figure("predicted seconds: particle runs",
                         cost.particle_seconds);
      summary.add_figure("predicted seconds: W2", cost.distances_seconds);
      summary.add_figure("measured seconds: mesh runs", cost.mesh_seconds);
    };
    progress.finished_n = [&](const PdeParticleComparison &so_far) {
      out << "  N = " << so_far.rows.back().n_particles << " finished";
      if (!directory.empty())
        {
          so_far.write_csv(directory);
          out << ", written to " << directory;
        }
      out << std::endl;
    };
    PdeParticleComparison result;
    with_mesh_dimension(model.n_parameters(), [&](const auto dim) {
      result =
        compare_mesh_and_particles<decltype(dim)::value>(model,
                                                         initial_law,
                                                         parameters.flow,
                                                         parameters.particles,
                                                         parameters.comparison,
                                                         progress);
    });
    if (stopped)
      stop(result, directory, summary);

    const std::vector<ComparisonLevel> levels = result.final_levels();
    // a quantity not measured (W2 with Distances at = none) is a dash
    const auto cell = [](const ReplicaEstimate &e) { return e.text(3, 2); };
    out << "  W2 by " << result.distance << " at "
        << (result.distances_at == "all"   ? "every output time" :
            result.distances_at == "final" ? "the final time only" :
                                             "no time (— below)")
        << "; at the final time t = " << result.times.back()
        << ", replica mean ± standard error over "
        << levels.back().distance.replicas << " replicas:\n"
        << std::setw(8) << "N" << std::setw(22) << "W2" << std::setw(22)
        << "floor" << std::setw(22) << "W2 / floor" << std::setw(22)
        << "|mean err|" << std::setw(22) << "||cov err||"
        << "\n";
    for (const ComparisonLevel &l : levels)
      out << std::setw(8) << l.n_particles << std::setw(22) << cell(l.distance)
          << std::setw(22) << cell(l.sampling_floor) << std::setw(22)
          << cell(l.ratio) << std::setw(22) << cell(l.mean_error)
          << std::setw(22) << cell(l.covariance_error) << "\n";
    if (result.distance == "grid" && result.distances_at != "none")
      {
        out << "  W2 by grid: |W2_grid - W2(cloud, nu_h)| <= s + e + O(h^2) "
               "(s the deposit's spread, e the grid Sinkhorn's error "
               "estimate; docs/model.md §9.9); the floor is the same "
               "statistic of an N-sample, so W2 / floor ~ 1 under the null "
               "whatever the bias; largest over replicas, W2 and floor:\n";
        for (const ComparisonLevel &l : levels)
          out << std::setw(8) << l.n_particles << std::setprecision(3)
              << "  s = " << l.largest_spread
              << ", e = " << l.largest_sinkhorn_error << "\n";
      }
    const bool blob_error = !result.particle_errors.empty();
    out << "  signed differences q^N - q^mesh at t = " << result.times.back()
        << ", mean ± SE (z = difference / SE); e_h the mesh's error "
           "estimate (Richardson in space, refinements "
        << result.refinements - 1 << " and " << result.refinements
        << ", and in time, another time step)"
        << (blob_error ? "; q^N of the blob particles extrapolated in the "
                         "width, q_eps + e_p with e_p = q_eps - q_sqrt2eps "
                         "(Richardson, each replica; the column e_p is its "
                         "replica mean at the largest N)" :
                         "")
        << ":\n"
        << std::setw(16) << "quantity" << std::setw(14) << "mesh"
        << std::setw(12) << "e_h";
    if (blob_error)
      out << std::setw(12) << "e_p";
    for (const ComparisonLevel &l : levels)
      out << std::setw(30) << "N = " + std::to_string(l.n_particles);
    out << "\n";
    for (unsigned int i = 0; i < result.quantity_names.size(); ++i)
      {
        out << std::setw(16) << result.quantity_names[i] << std::setprecision(5)
            << std::setw(14) << result.mesh_quantities.back()[i]
            << std::setprecision(2) << std::setw(12)
            << result.mesh_errors.back()[i];
        if (blob_error)
          out << std::setw(12) << result.particle_errors.back()[i];
        for (const ComparisonLevel &l : levels)
          {
            std::ostringstream z;
            z << std::setprecision(2) << " (" << l.differences[i].z() << ")";
            out << std::setw(30) << cell(l.differences[i]) + z.str();
          }
        out << "\n";
      }
    if (!directory.empty())
      {
        result.write_csv(directory);
        out << "written: " << directory
            << "/{comparison.csv, comparison_levels.csv, comparison_test.csv, "
               "mesh_density_final.csv, particles_final.csv, monitors.csv, "
               "density.pvd, parameters.prm}\n";
        plot_results(directory + "/comparison.csv", out);
      }
    const std::string verdict = result.verdict();
    out << "verdict: " << verdict << "\n";
    add_figures(result, summary);
    const ComparisonTest test = result.test();
    summary.add_text("test", test.outcome);
    summary.add_figure("test: quantities m", test.quantities.size());
    summary.add_figure("test: critical z", test.critical_z);
    summary.add_text("verdict", verdict);
  }
} // namespace mfpg::comparison_run
