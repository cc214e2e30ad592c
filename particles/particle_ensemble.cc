#include "particles/particle_ensemble.h"

#include <cmath>

#include <deal.II/base/exceptions.h>

#include "model/initial_law.h"
#include "model/random_stream.h"
#include "particles/particle_chunks.h"

namespace mfpg
{
  namespace
  {
    /** The first global index of @p rank's block. */
    unsigned int
    block_start(const unsigned int n_particles,
                const unsigned int rank,
                const unsigned int n_ranks)
    {
      return (std::uint64_t(n_particles) * rank) / n_ranks;
    }

    /** Sum @p values over the ranks, in place. */
    void
    sum_over_ranks(const dealii::ArrayView<double> &values,
                   const MPI_Comm                  &communicator)
    {
      dealii::Utilities::MPI::sum(dealii::ArrayView<const double>(values),
                                  communicator,
                                  values);
    }

    /** The ranks' blocks one after the other. */
    std::vector<double>
    concatenated(const std::vector<std::vector<double>> &blocks)
    {
      std::vector<double> all;
      for (const std::vector<double> &block : blocks)
        all.insert(all.end(), block.begin(), block.end());
      return all;
    }
  } // namespace

  ParticleEnsemble::ParticleEnsemble(const InitialLaw   &law,
                                     const unsigned int  n_particles,
                                     const std::uint64_t seed,
                                     const MPI_Comm      communicator,
                                     const bool          lattice)
    : communicator(communicator)
    , d(law.dimension())
    , n_global(n_particles)
  {
    AssertThrow(law.n_points() == 0 || law.n_points() == n_particles,
                dealii::ExcMessage("ParticleEnsemble: the initial law holds " +
                                   std::to_string(law.n_points()) +
                                   " points, not " +
                                   std::to_string(n_particles)));
    const unsigned int rank =
      dealii::Utilities::MPI::this_mpi_process(communicator);
    const unsigned int n_ranks =
      dealii::Utilities::MPI::n_mpi_processes(communicator);
    first = block_start(n_particles, rank, n_ranks);
    theta.resize(
      std::size_t(block_start(n_particles, rank + 1, n_ranks) - first) * d);

    const ParticleChunks chunks(n_locally_owned_particles());
    chunks.parallel_for([&](const unsigned int chunk) {
      std::vector<double> uniforms(d);
      for (unsigned int n = chunks.begin(chunk); n < chunks.end(chunk); ++n)
        {
          if (lattice)
            lattice_uniforms(first + n,
                             n_particles,
                             dealii::make_array_view(uniforms));
          else
            {
              RandomStream stream(seed, first + n, 0);
              for (double &u : uniforms)
                u = stream.uniform();
            }
          law.sample(first + n, uniforms, particle(n));
        }
    });
  }

  void
  ParticleEnsemble::lattice_uniforms(const unsigned int               n,
                                     const unsigned int               N,
                                     const dealii::ArrayView<double> &uniforms)
  {
    const unsigned int d = uniforms.size();
    uniforms[0]          = (n + 0.5) / N;
    // phi^d = phi + 1 by its fixed-point iteration (a contraction)
    double phi = 1.5;
    for (unsigned int i = 0; i < 100; ++i)
      phi = std::pow(1. + phi, 1. / d);
    double alpha = 1.;
    for (unsigned int k = 1; k < d; ++k)
      {
        alpha /= phi;
        const double u = 0.5 + n * alpha;
        uniforms[k]    = u - std::floor(u);
      }
  }

  unsigned int
  ParticleEnsemble::n_particles() const
  {
    return n_global;
  }

  unsigned int
  ParticleEnsemble::n_locally_owned_particles() const
  {
    return d == 0 ? 0 : theta.size() / d;
  }

  unsigned int
  ParticleEnsemble::first_locally_owned_particle() const
  {
    return first;
  }

  unsigned int
  ParticleEnsemble::dimension() const
  {
    return d;
  }

  const MPI_Comm &
  ParticleEnsemble::get_mpi_communicator() const
  {
    return communicator;
  }

  dealii::ArrayView<const double>
  ParticleEnsemble::particle(const unsigned int n) const
  {
    AssertIndexRange(n, n_locally_owned_particles());
    return {theta.data() + std::size_t(n) * d, d};
  }

  dealii::ArrayView<double>
  ParticleEnsemble::particle(const unsigned int n)
  {
    AssertIndexRange(n, n_locally_owned_particles());
    return {theta.data() + std::size_t(n) * d, d};
  }

  const std::vector<double> &
  ParticleEnsemble::coordinates() const
  {
    return theta;
  }

  std::vector<double>
  ParticleEnsemble::gathered_coordinates() const
  {
    return concatenated(dealii::Utilities::MPI::gather(communicator, theta));
  }

  std::vector<double>
  ParticleEnsemble::all_coordinates() const
  {
    return concatenated(
      dealii::Utilities::MPI::all_gather(communicator, theta));
  }

  dealii::Vector<double>
  ParticleEnsemble::mean() const
  {
    dealii::Vector<double> m(d);
    for (unsigned int n = 0; n < n_locally_owned_particles(); ++n)
      for (unsigned int k = 0; k < d; ++k)
        m[k] += particle(n)[k];
    sum_over_ranks(dealii::make_array_view(m), communicator);
    m /= double(n_global);
    return m;
  }

  dealii::FullMatrix<double>
  ParticleEnsemble::covariance() const
  {
    const dealii::Vector<double> m = mean();
    dealii::FullMatrix<double>   S(d, d);
    for (unsigned int n = 0; n < n_locally_owned_particles(); ++n)
      {
        const auto x = particle(n);
        for (unsigned int k = 0; k < d; ++k)
          for (unsigned int l = 0; l < d; ++l)
            S(k, l) += (x[k] - m[k]) * (x[l] - m[l]);
      }
    sum_over_ranks(dealii::ArrayView<double>(&S(0, 0), d * d), communicator);
    if (n_global > 1)
      S /= double(n_global - 1);
    return S;
  }
} // namespace mfpg
