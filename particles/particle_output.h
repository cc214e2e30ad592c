#ifndef mfpg_particles_particle_output_h
#define mfpg_particles_particle_output_h

#include <deal.II/base/mpi.h>

#include "io/partial_file.h"
#include "particles/particle_flow_state.h"
#include "particles/particle_snapshots.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace mfpg
{
  class ParticleEnsemble;
  class ParticleMonitor;

  /**
   * The monitors of the particle flow of model.md §5 at its output times
   * (ParticleMonitor: mean, covariance, V, the optimality gap, the
   * fixed-point residual) and the files they go to: with an output
   * directory, monitors.csv (written as monitors.csv.partial and renamed by
   * close() once the run has succeeded) and the particle snapshots
   * (ParticleSnapshots). Polices the integrator: particles that are no
   * longer finite stop the run.
   *
   * <b>MPI.</b> The monitors are reductions; rank 0 writes the CSV rows and
   * the snapshots.
   */
  class ParticleOutput
  {
  public:
    /**
     * An empty @p directory writes no files. Keeps a reference to
     * @p monitor.
     */
    ParticleOutput(const ParticleMonitor          &monitor,
                   const std::string              &directory,
                   const std::vector<std::string> &parameter_names,
                   const MPI_Comm                  communicator);

    /**
     * Open monitors.csv.partial and write its header and the rows
     * restored from a ParticleFlowState.
     */
    void
    open();

    /** The monitor row of @p particles at time @p t, kept and written. */
    const std::vector<double> &
    write_monitors(const double t, const ParticleEnsemble &particles);

    /**
     * Throw a std::runtime_error (on every rank) if the mean or the
     * covariance of the last row is not finite.
     */
    void
    require_finite_moments() const;

    /** Whether there is an output directory (files, snapshots). */
    bool
    writes_files() const;

    /** The snapshot of step @p step at time @p t (collective). */
    void
    write_snapshot(const std::uint64_t     step,
                   const double            t,
                   const ParticleEnsemble &particles);

    /** Close monitors.csv.partial and rename it to monitors.csv. */
    void
    close();

    /** The monitor rows so far. */
    const std::vector<std::vector<double>> &
    rows() const;

    /** The rows and the snapshot series into @p state. */
    void
    save(ParticleFlowState &state) const;

    void
    restore(const ParticleFlowState &state);

  private:
    const ParticleMonitor             &monitor;
    const std::string                  directory;
    const bool                         is_root;
    const unsigned int                 n_parameters;
    std::vector<std::vector<double>>   monitor_rows;
    std::unique_ptr<ParticleSnapshots> snapshots;
    std::unique_ptr<PartialFile>       csv;
  };
} // namespace mfpg

#endif
