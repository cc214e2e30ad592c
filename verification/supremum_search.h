#ifndef mfpg_verification_supremum_search_h
#define mfpg_verification_supremum_search_h

#include <deal.II/lac/vector.h>

#include "verification/convergence_constants.h"

#include <functional>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * A function of a point of R^d whose supremum over R^d is a constant of
   * the theorems of model.md §6 (e.g. m -> ||Dg(m)||_2, whose supremum is L
   * for a linear feature).
   */
  using SupremumObjective = std::function<double(const dealii::Vector<double> &)>;

  /**
   * How the supremum of a SupremumObjective over R^d is searched for
   * (model.md §6.4): on the box [-b, b]^d, on the growing boxes
   * [-2^k b, 2^k b]^d, and by local maximisation from many starting points.
   */
  struct SupremumSearch
  {
    /** b, the half-width of the first box. */
    double initial_bound = 6.;
    /** Grid points per axis of every box (the grid spacing grows with it). */
    unsigned int n_per_axis = 61;
    /**
     * The growing boxes stop when two successive doublings each raise the
     * largest value found by at most this fraction of it.
     */
    double       tolerance     = 0.01;
    unsigned int max_doublings = 6;
    /**
     * Far-out starting points of the local maximiser: the 2d axis
     * directions and this many random unit directions, each at the radii
     * b, 4b and 16b.
     */
    unsigned int n_random_directions = 4;
    /** BFGS iterations per start. */
    unsigned int max_iterations = 30;
    unsigned int seed           = 1;
  };

  /** "[-b, b]^d". */
  std::string
  box_name(const double bound, const unsigned int d);

  /**
   * The points of the grid {-b + 2b q/(n-1) : q = 0, ..., n-1}^d on the
   * box [-b, b]^d.
   */
  std::vector<dealii::Vector<double>>
  box_grid(const unsigned int d, const double bound, const unsigned int n);

  /**
   * The largest value of @p objective on box_grid(d, bound, n), where it is
   * attained, and the region "[-b, b]^d": a lower bound of the supremum
   * over R^d (and of that over the box).
   */
  TheoryConstant
  box_maximum(const SupremumObjective &objective,
              const unsigned int       d,
              const double             bound,
              const unsigned int       n);

  /** An estimate of a supremum over the box [-b, b]^d, for a given b. */
  using BoxEstimate = std::function<TheoryConstant(double bound)>;

  /**
   * @p estimate on [-2^k b, 2^k b]^d for k = 0, 1, ... until two
   * successive doublings each raise the largest value by at most
   * tolerance times it (then region = "R^d"), or max_doublings is reached
   * (region = the last box, method says "not settled"). The sequence of the
   * boxes' maxima is kept in TheoryConstant::growing_boxes, not assumed
   * monotone: a coarser grid on a larger box can miss a peak that a smaller
   * box resolved. The value is the largest of them, a lower bound.
   */
  TheoryConstant
  growing_box_estimate(const BoxEstimate    &estimate,
                       const unsigned int    d,
                       const SupremumSearch &search);

  /** growing_box_estimate() of box_maximum() of @p objective. */
  TheoryConstant
  growing_box_maximum(const SupremumObjective &objective,
                      const unsigned int       d,
                      const SupremumSearch    &search);

  /**
   * The largest value of @p objective that deal.II's limited-memory BFGS
   * (SolverBFGS, applied to -objective, gradients by central differences
   * with step 1e-4 max(1, |x_k|)) reaches from each of: the origin,
   * @p starts, and the far-out points of SupremumSearch. Every value
   * evaluated counts, whether or not a local search converges (a value at
   * any point is a lower bound of the supremum): the method says how many
   * of the searches converged. Region "R^d".
   */
  TheoryConstant
  optimised_maximum(const SupremumObjective                   &objective,
                    const unsigned int                         d,
                    const SupremumSearch                      &search,
                    const std::vector<dealii::Vector<double>> &starts = {});

  /**
   * The global estimate of model.md §6.4: the larger of
   * growing_box_maximum() and optimised_maximum() (started also from the
   * growing boxes' maximiser), with both values in the method.
   */
  TheoryConstant
  global_maximum(const SupremumObjective &objective,
                 const unsigned int       d,
                 const SupremumSearch    &search);
} // namespace mfpg

#endif
