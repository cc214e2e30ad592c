#ifndef mfpg_particles_brownian_increments_h
#define mfpg_particles_brownian_increments_h

#include <deal.II/base/array_view.h>

#include <cstdint>

namespace mfpg
{
  /**
   * The Gaussian increments xi^n_k of the particle scheme of model.md §5,
   * theta^n_{k+1} = ... + sqrt(eta) sigma xi^n_k, for particle n at step k:
   * standard normal vectors, independent over (n, k), each a pure function
   * of (seed, n, k) (RandomStream), whichever thread asks.
   *
   * Common random numbers. With R substeps, xi^n_k is the normalised sum
   * (xi'_{kR} + ... + xi'_{kR+R-1}) / sqrt(R) of the increments xi' of a
   * step eta / R: runs with (eta, R) and (eta / 2, R / 2) are driven by the
   * same Brownian paths, so that a time-step study measures the time-step
   * error without fresh sampling noise at each eta.
   *
   * Stream counter 0 of each particle is left to the initial law; step k
   * reads counters 1 + kR, ..., R + kR, a stream of RandomStream each.
   */
  class BrownianIncrements
  {
  public:
    BrownianIncrements(const std::uint64_t seed, const unsigned int n_substeps);

    /** Write xi^n_k into @p xi (any length: d, or 2d for two half steps). */
    void
    draw(const unsigned int               particle,
         const std::uint64_t              step,
         const dealii::ArrayView<double> &xi) const;

    /**
     * xi^n_k of the @p n_particles particles n = @p first, first + 1, ...
     * into @p xi (@p length numbers per particle, particle after
     * particle). Each pair of coordinates is one Philox block and one
     * Box–Muller pair per particle, formed across the particles in SIMD
     * lanes: this file is compiled with -ffast-math and -march=native, so
     * that GCC calls glibc's vector log, sin and cos. The numbers are
     * RandomStream::normal()'s up to the rounding of those functions (a
     * few ulp; the tests compare them).
     */
    void
    draw(const unsigned int  first,
         const unsigned int  n_particles,
         const std::uint64_t step,
         const unsigned int  length,
         double             *xi) const;

  private:
    std::uint64_t stream_seed;
    unsigned int  n_substeps;
  };
} // namespace mfpg

#endif
