#include "io/pvd_series.h"

#include <deal.II/base/data_out_base.h>

#include "io/partial_file.h"

namespace mfpg
{
  PvdSeries::PvdSeries(const std::string &path, const bool writes)
    : path(path)
    , writes(writes)
  {
  }

  void
  PvdSeries::add(const double t, const std::string &file)
  {
    records.emplace_back(t, file);
    if (!writes)
      return;
    PartialFile pvd(path);
    dealii::DataOutBase::write_pvd_record(pvd.stream(), records);
    pvd.commit();
  }

  const std::vector<std::pair<double, std::string>> &
  PvdSeries::entries() const
  {
    return records;
  }

  void
  PvdSeries::restore(const std::vector<std::pair<double, std::string>> &entries)
  {
    records = entries;
  }
} // namespace mfpg
