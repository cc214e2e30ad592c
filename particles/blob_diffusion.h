#ifndef mfpg_particles_blob_diffusion_h
#define mfpg_particles_blob_diffusion_h

#include <deal.II/base/mpi.h>

#include "model/regulariser.h"

#include <vector>

namespace mfpg
{
  /**
   * The porous-medium diffusion of the Tsallis regulariser on particles, by
   * the deterministic blob method of Carrillo, Craig & Patacchini
   * (docs/model.md §11.5). The energy E(nu) = ∫ h_m(nu) = ∫ F(nu) dnu + const,
   * F(s) = s^{m-1} / (m - 1), is replaced by
   *
   *   E_eps(nu) = ∫ F(phi_eps * nu) dnu,
   *
   * phi_eps the Gaussian density of covariance eps^2 I, which an empirical
   * measure nu^N has; each particle moves with -D grad (delta E_eps / delta
   * nu), D = sigma^2 / 2:
   *
   *   v_i = -D [ F'(rho_i) grad rho(theta_i)
   *              + (1/N) sum_j grad phi_eps(theta_i - theta_j) F'(rho_j) ],
   *   rho = phi_eps * nu^N,   rho_j = rho(theta_j),   F'(s) = s^{m-2}
   *
   * (for m = 2: v_i = -2 D grad rho(theta_i)). The kernel is cut where it
   * falls below 1e-16 of its peak, |x| > eps sqrt(2 ln 1e16) = 8.58 eps:
   * the sums are the untruncated ones to rounding. The neighbours within
   * that radius come from Boost.Geometry's R-tree of all N particles, so a
   * velocity costs the number of neighbours, not N.
   */
  class BlobDiffusion
  {
  public:
    /**
     * Throws a ParameterError naming "Particles/Blob width" unless
     * @p width > 0, and "Regularisation/Regulariser" unless @p regulariser
     * is tsallis.
     */
    BlobDiffusion(const Regulariser &regulariser,
                  const double       sigma,
                  const double       width);

    /**
     * v_i for the @p n particles [first, first + n) (global indices) of the
     * N = @p all.size() / @p d particles @p all (every particle, in the
     * order of the global indices, on every rank), as n d numbers. The
     * rho_j of the other ranks' particles come by one all-gather of N
     * doubles over @p communicator (collective); d <= 3.
     */
    std::vector<double>
    velocities(const std::vector<double> &all,
               const unsigned int         d,
               const unsigned int         first,
               const unsigned int         n,
               const MPI_Comm             communicator) const;

    /** The blob energy and velocities of all the particles (evaluate()). */
    struct Evaluation
    {
      /**
       * E_eps(nu^N) - 1/(m - 1) = (1/N) sum_i F(rho_i) - 1/(m - 1), the form
       * of ∫ h_m(nu) = (∫ nu^m - 1)/(m - 1) it tends to as eps -> 0
       * (docs/model.md §11.5).
       */
      double energy;
      /** v_i of every particle, N d numbers. */
      std::vector<double> velocities;
    };

    /**
     * The Evaluation of the N = @p all.size() / @p d particles @p all, from
     * one set of kernel sums, on one rank (every particle given).
     */
    Evaluation
    evaluate(const std::vector<double> &all, const unsigned int d) const;

    /** eps. */
    double
    width() const;

  private:
    /** rho_j at every particle and v_i at the n particles from first. */
    struct Sums
    {
      std::vector<double> rho;
      std::vector<double> velocities;
    };

    /** The kernel sums of velocities() (the arguments are the same). */
    Sums
    sums(const std::vector<double> &all,
         const unsigned int         d,
         const unsigned int         first,
         const unsigned int         n,
         const MPI_Comm             communicator) const;

    template <int dim>
    Sums
    sums(const std::vector<double> &all,
         const unsigned int         first,
         const unsigned int         n,
         const MPI_Comm             communicator) const;

    /** F'(s) = s^{m-2}. */
    double
    energy_slope(const double s) const;

    double m;
    double diffusion;
    double eps;
  };
} // namespace mfpg

#endif
