#ifndef mfpg_io_pvd_series_h
#define mfpg_io_pvd_series_h

#include <string>
#include <utility>
#include <vector>

namespace mfpg
{
  /**
   * A ParaView series NAME.pvd: the time and file of every VTU file of a
   * run so far, rewritten (through a PartialFile) after each; a restart
   * continues it from the entries of a checkpoint.
   */
  class PvdSeries
  {
  public:
    /** @p writes: whether this process writes the .pvd (rank 0). */
    PvdSeries(const std::string &path, const bool writes);

    /** Add @p file at time @p t and rewrite the .pvd. */
    void
    add(const double t, const std::string &file);

    /** (t, file) of every VTU file so far. */
    const std::vector<std::pair<double, std::string>> &
    entries() const;

    /** Continue the series @p entries (from a checkpoint). */
    void
    restore(const std::vector<std::pair<double, std::string>> &entries);

  private:
    std::string                                 path;
    bool                                        writes;
    std::vector<std::pair<double, std::string>> records;
  };
} // namespace mfpg

#endif
