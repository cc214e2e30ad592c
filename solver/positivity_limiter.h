#ifndef mfpg_solver_positivity_limiter_h
#define mfpg_solver_positivity_limiter_h

#include <deal.II/lac/vector.h>

#include "solver/mesh_discretisation.h"

namespace mfpg
{
  /**
   * The conservative repair of a slightly negative density of
   * docs/model.md §8.8 ("Positivity by redistribution"): every node i with
   * nu_i < -(epsilon/2) max |nu| (half the tolerance epsilon of the
   * positivity check, so that the values left alone keep room below it when
   * the repair lowers max |nu|) is set to 0 and its deficit d_i = m_i |nu_i|
   * taken from the nodes j of its sub-cells (stiffness_columns(i)) with
   * nu_j > 0, in proportion to their mass m_j nu_j: node i asks each of them
   * for the fraction a_i = d_i / S_i of its mass, S_i = sum_{j ~ i, nu_j > 0}
   * m_j nu_j; a node asked for more than half its mass in all (A_j =
   * sum_{i ~ j} a_i > 1/2) gives half, each asker receiving the share
   * r_j = 1 / (2 A_j) of its request. What the neighbours do not supply (in
   * the tails, where a Q2 solution oscillates about values far below its
   * maximum and S_i < d_i is common) goes to a pool taken from every
   * positive node alike, g = pool / sum_{nu_j > 0} m_j nu_j:
   *   nu_i <- 0,   nu_j <- nu_j (1 - r_j A_j - g).
   * The lumped mass sum_k m_k nu_k is unchanged, the repaired nodes are 0
   * and the positive ones stay positive, and for every g
   *   |∫ g nu_new - ∫ g nu| <= 2 max |g| sum_i d_i,
   * so the repair moves a moment, F, V or J by at most twice the
   * redistributed mass (reported) times the integrand's bound. It fails,
   * changing nothing, if the pool is half the positive mass or more; the
   * caller then takes the safe step of §8.8 (as it does if the repaired
   * density still fails its check).
   *
   * On several ranks the values of the ghost neighbours are read (the
   * vector must carry them) and the fractions asked of ghost nodes are
   * summed on their owners, so the result does not depend on the number of
   * ranks beyond the order of floating-point sums.
   */
  template <int dim>
  class PositivityLimiter
  {
  public:
    explicit PositivityLimiter(const MeshDiscretisation<dim> &discretisation);

    /**
     * Repair the nodes of the local nodal vector @p nu (valid on the
     * locally relevant nodes) below -(@p tolerance / 2) max |nu| in place
     * and return the redistributed mass sum_i d_i over all
     * ranks; return a negative number, leaving @p nu unchanged, if the
     * neighbours cannot supply it. Collective. The result is valid on the
     * locally relevant nodes.
     */
    double
    redistribute(dealii::Vector<double> &nu, const double tolerance) const;

  private:
    const MeshDiscretisation<dim> &discretisation;
  };
} // namespace mfpg

#endif
