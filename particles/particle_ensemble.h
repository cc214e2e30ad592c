#ifndef mfpg_particles_particle_ensemble_h
#define mfpg_particles_particle_ensemble_h

#include <deal.II/base/array_view.h>
#include <deal.II/base/mpi.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <cstdint>
#include <vector>

namespace mfpg
{
  class InitialLaw;

  /**
   * N particles theta^1..theta^N in R^d, the empirical measure
   * nu^N = (1/N) sum_n delta_{theta^n} of model.md §5, split over the ranks
   * of an MPI communicator in contiguous blocks of global indices (rank r
   * owns [r N / P, (r + 1) N / P)). Each rank stores its own particles as
   * one flat array, particle after particle (d numbers each); a particle
   * keeps its global index, which keys its random numbers, so the particles
   * do not depend on the number of ranks.
   *
   * mean(), covariance(), gathered_coordinates() and all_coordinates() are
   * collective.
   */
  class ParticleEnsemble
  {
  public:
    /**
     * @p n_particles points of @p law over the ranks of @p communicator;
     * particle n (global index) from the d uniforms at the head of
     * RandomStream(@p seed, n, 0), or with @p lattice from the deterministic
     * lattice_uniforms(). For a law of Type = file, @p n_particles must be
     * its number of points.
     */
    ParticleEnsemble(const InitialLaw   &law,
                     const unsigned int  n_particles,
                     const std::uint64_t seed,
                     const MPI_Comm      communicator,
                     const bool          lattice = false);

    /**
     * The uniforms of particle @p n of @p N on the lattice
     * u_1 = (n + 1/2) / N, u_k = frac(1/2 + n alpha_{k-1}), k = 2..d, with
     * alpha_j = phi^{-j}, phi^d = phi + 1 (the Kronecker sequence of
     * Roberts' generalised golden ratio; the Fibonacci lattice for d = 2):
     * a quasi-uniform point set whose first coordinate is exactly
     * stratified, so that in d = 1 the particles sit at the law's
     * quantiles of the midpoints (n + 1/2)/N.
     */
    static void
    lattice_uniforms(const unsigned int               n,
                     const unsigned int               N,
                     const dealii::ArrayView<double> &uniforms);

    /** N, over all ranks. */
    unsigned int
    n_particles() const;

    /** The number of particles of this rank. */
    unsigned int
    n_locally_owned_particles() const;

    /** The global index of this rank's particle 0. */
    unsigned int
    first_locally_owned_particle() const;

    /** d. */
    unsigned int
    dimension() const;

    const MPI_Comm &
    get_mpi_communicator() const;

    /** This rank's particle @p n (0 <= n < n_locally_owned_particles()). */
    dealii::ArrayView<const double>
    particle(const unsigned int n) const;

    dealii::ArrayView<double>
    particle(const unsigned int n);

    /** This rank's coordinates, particle after particle. */
    const std::vector<double> &
    coordinates() const;

    /**
     * All coordinates in the order of the global indices on rank 0, an
     * empty vector on the other ranks.
     */
    std::vector<double>
    gathered_coordinates() const;

    /**
     * All coordinates in the order of the global indices on every rank (an
     * all-gather of N d doubles).
     */
    std::vector<double>
    all_coordinates() const;

    /** The sample mean (1/N) sum_n theta^n. */
    dealii::Vector<double>
    mean() const;

    /** The sample covariance with the unbiased factor 1/(N - 1) (0 if N = 1).
     */
    dealii::FullMatrix<double>
    covariance() const;

  private:
    MPI_Comm            communicator;
    unsigned int        d;
    unsigned int        n_global;
    unsigned int        first;
    std::vector<double> theta;
  };
} // namespace mfpg

#endif
