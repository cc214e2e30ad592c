#include "particles/particle_snapshots.h"

#include <deal.II/base/data_out_base.h>

#include "io/partial_file.h"
#include "particles/particle_ensemble.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <sstream>
#include <stdexcept>

namespace mfpg
{
  namespace
  {
    template <int spacedim>
    std::string
    vtu_text(const std::vector<double>      &coordinates,
             const std::vector<std::string> &names,
             const std::uint64_t             step,
             const double                    t)
    {
      const unsigned int                                   d = names.size();
      std::vector<dealii::DataOutBase::Patch<0, spacedim>> patches(
        coordinates.size() / d);
      for (unsigned int n = 0; n < patches.size(); ++n)
        {
          const double *theta = &coordinates[std::size_t(n) * d];
          auto         &patch = patches[n];
          for (unsigned int k = 0; k < spacedim; ++k)
            patch.vertices[0][k] = theta[k];
          patch.patch_index = n;
          patch.data.reinit(d, 1);
          for (unsigned int k = 0; k < d; ++k)
            patch.data(k, 0) = theta[k];
        }
      dealii::DataOutBase::VtkFlags flags;
      flags.time  = t;
      flags.cycle = step;
      std::ostringstream out;
      dealii::DataOutBase::write_vtu(patches, names, {}, flags, out);
      return out.str();
    }
  } // namespace

  ParticleSnapshots::ParticleSnapshots(
    const std::string              &directory,
    const std::vector<std::string> &parameter_names,
    const MPI_Comm                  communicator)
    : directory(directory)
    , names(parameter_names)
    , is_root(dealii::Utilities::MPI::this_mpi_process(communicator) == 0)
    , vtu_series((std::filesystem::path(directory) / "particles.pvd").string(),
                 is_root)
  {
    if (is_root)
      std::filesystem::create_directories(directory);
  }

  void
  ParticleSnapshots::write(const std::uint64_t     step,
                           const double            t,
                           const ParticleEnsemble &particles)
  {
    AssertDimension(particles.dimension(), names.size());
    const std::vector<double> coordinates = particles.gathered_coordinates();
    if (!is_root)
      return;
    std::ostringstream stem;
    stem << "particles_" << std::setw(6) << std::setfill('0') << step;
    const std::filesystem::path dir(directory);
    const unsigned int          d = names.size();

    std::ostringstream csv;
    csv << std::setprecision(17);
    for (unsigned int k = 0; k < d; ++k)
      csv << (k ? "," : "") << names[k];
    csv << "\n";
    for (std::size_t i = 0; i < coordinates.size(); ++i)
      csv << coordinates[i] << ((i + 1) % d == 0 ? "\n" : ",");
    write_file(dir / (stem.str() + ".csv"), csv.str());

    const unsigned int spacedim = std::min(d, 3u);
    const std::string  vtu =
      spacedim == 1 ? vtu_text<1>(coordinates, names, step, t) :
       spacedim == 2 ? vtu_text<2>(coordinates, names, step, t) :
                       vtu_text<3>(coordinates, names, step, t);
    write_file(dir / (stem.str() + ".vtu"), vtu);

    vtu_series.add(t, stem.str() + ".vtu");
  }

  const std::vector<std::pair<double, std::string>> &
  ParticleSnapshots::series() const
  {
    return vtu_series.entries();
  }

  void
  ParticleSnapshots::restore_series(
    const std::vector<std::pair<double, std::string>> &series)
  {
    vtu_series.restore(series);
  }
} // namespace mfpg
