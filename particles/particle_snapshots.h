#ifndef mfpg_particles_particle_snapshots_h
#define mfpg_particles_particle_snapshots_h

#include <deal.II/base/mpi.h>

#include "io/pvd_series.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mfpg
{
  class ParticleEnsemble;

  /**
   * Snapshots of the particles theta^1..theta^N, for plots and restarts:
   *
   *  - particles_KKKKKK.csv: a header naming the d components, then one
   *    particle per line at 17 significant digits (exact for doubles; the
   *    file is a valid initial law of Type = file);
   *  - particles_KKKKKK.vtu: VTK point data written by deal.II's
   *    DataOutBase::write_vtu, one vertex patch per particle located at the
   *    first min(d, 3) components, every component also a scalar field;
   *  - particles.pvd: the index of the .vtu files with their times
   *    (PvdSeries).
   *
   * KKKKKK is the step number. The particles of all ranks are gathered on
   * rank 0, which writes every file.
   */
  class ParticleSnapshots
  {
  public:
    /** Creates @p directory (on rank 0 of @p communicator) if needed. */
    ParticleSnapshots(const std::string              &directory,
                      const std::vector<std::string> &parameter_names,
                      const MPI_Comm                  communicator);

    /** Write the snapshot of @p particles at step @p step, time @p t
     * (collective). */
    void
    write(const std::uint64_t     step,
          const double            t,
          const ParticleEnsemble &particles);

    /** (t, file) of every snapshot so far: the .pvd series. */
    const std::vector<std::pair<double, std::string>> &
    series() const;

    /** Continue the .pvd series @p series (from a checkpoint). */
    void
    restore_series(const std::vector<std::pair<double, std::string>> &series);

  private:
    std::string              directory;
    std::vector<std::string> names;
    bool                     is_root;
    PvdSeries                vtu_series;
  };
} // namespace mfpg

#endif
