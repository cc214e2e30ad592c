#include "particles/particle_output.h"

#include "particles/particle_ensemble.h"
#include "particles/particle_monitor.h"

#include <cmath>
#include <filesystem>
#include <iomanip>
#include <stdexcept>

namespace mfpg
{
  namespace
  {
    /** One line of comma-separated @p values (flushed). */
    template <typename T>
    void
    write_csv_line(std::ostream &out, const std::vector<T> &values)
    {
      for (unsigned int c = 0; c < values.size(); ++c)
        out << (c ? "," : "") << values[c];
      out << std::endl;
    }
  } // namespace

  ParticleOutput::ParticleOutput(
    const ParticleMonitor          &monitor,
    const std::string              &directory,
    const std::vector<std::string> &parameter_names,
    const MPI_Comm                  communicator)
    : monitor(monitor)
    , directory(directory)
    , is_root(dealii::Utilities::MPI::this_mpi_process(communicator) == 0)
    , n_parameters(parameter_names.size())
  {
    if (!directory.empty())
      snapshots = std::make_unique<ParticleSnapshots>(directory,
                                                      parameter_names,
                                                      communicator);
  }

  void
  ParticleOutput::open()
  {
    if (directory.empty() || !is_root)
      return;
    csv = std::make_unique<PartialFile>(
      (std::filesystem::path(directory) / "monitors.csv").string());
    std::ostream &out = csv->stream();
    out << std::setprecision(16);
    write_csv_line(out, monitor.column_names());
    // the rows of the steps before a restored state
    for (const std::vector<double> &row : monitor_rows)
      write_csv_line(out, row);
  }

  const std::vector<double> &
  ParticleOutput::write_monitors(const double            t,
                                 const ParticleEnsemble &particles)
  {
    monitor_rows.push_back(monitor.row(t, particles));
    const std::vector<double> &row = monitor_rows.back();
    if (csv)
      write_csv_line(csv->stream(), row);
    return row;
  }

  void
  ParticleOutput::require_finite_moments() const
  {
    const std::vector<double> &row = monitor_rows.back();
    const double               t   = row[0];
    // t, then d means and d (d + 1) / 2 covariance entries, reduced over all
    // ranks: all stop
    const std::size_t d = n_parameters;
    for (std::size_t c = 1; c <= d + d * (d + 1) / 2; ++c)
      if (!std::isfinite(row[c]))
        throw std::runtime_error(
          "the particles are not finite at t = " + std::to_string(t) +
          ": the integrator is unstable at this step; reduce "
          "'Particles/Time step' (Euler-Maruyama needs eta sigma^2 "
          "k_max / 2 < 2, k_max the largest stiffness) or use the "
          "ou-splitting integrator");
  }

  bool
  ParticleOutput::writes_files() const
  {
    return !directory.empty();
  }

  void
  ParticleOutput::write_snapshot(const std::uint64_t     step,
                                 const double            t,
                                 const ParticleEnsemble &particles)
  {
    if (snapshots)
      snapshots->write(step, t, particles);
  }

  void
  ParticleOutput::close()
  {
    if (csv)
      csv->commit();
  }

  const std::vector<std::vector<double>> &
  ParticleOutput::rows() const
  {
    return monitor_rows;
  }

  void
  ParticleOutput::save(ParticleFlowState &state) const
  {
    state.rows      = monitor_rows;
    state.snapshots = snapshots ? snapshots->series() :
                                  std::vector<std::pair<double, std::string>>();
  }

  void
  ParticleOutput::restore(const ParticleFlowState &state)
  {
    monitor_rows = state.rows;
    if (snapshots)
      snapshots->restore_series(state.snapshots);
  }
} // namespace mfpg
