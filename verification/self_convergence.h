#ifndef mfpg_verification_self_convergence_h
#define mfpg_verification_self_convergence_h

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <functional>
#include <limits>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * The observed order of three consecutive levels whose resolution halves
   * (docs/model.md §10.3): p = log2(a / b) for the sizes a = |q_{l-1} -
   * q_{l-2}| and b = |q_l - q_{l-1}| of the two differences; NaN unless the
   * differences contract (a > b > 0), i.e. unless the sequence converges
   * geometrically there.
   */
  double
  triple_order(double coarse_difference, double fine_difference);

  /**
   * The two-level Richardson estimate of the finer level's error, signed
   * (docs/model.md §10.3 with a known order p): q_inf - q_fine =
   * (q_fine - q_coarse) / (2^p - 1) for two levels whose resolution halves.
   */
  double
  richardson_correction(double coarse, double fine, double order);

  /**
   * The names of the scalar moment outputs of a law in R^d: mean_k,
   * covariance_kl (k <= l), V, in the order of moment_outputs().
   */
  std::vector<std::string>
  moment_output_names(unsigned int d);

  /** The outputs named by moment_output_names(): mean, covariance, V. */
  std::vector<double>
  moment_outputs(const dealii::Vector<double>     &mean,
                 const dealii::FullMatrix<double> &covariance,
                 double                            objective);

  /** How the error of a sequence of levels decays (docs/model.md §10.3). */
  enum class ErrorDecay
  {
    /**
     * Like C r^p in a resolution r that halves per level (h, dt, eta): the
     * Richardson limit at the observed order p.
     */
    algebraic,
    /**
     * Like C rho^l, geometrically in the level (the element degree at
     * fixed h): Aitken's Delta^2 limit, with no expected rate.
     */
    geometric
  };

  /**
   * Self-convergence of scalar outputs q_l (a mean component, a covariance
   * entry, V) computed at levels whose resolution halves, with no exact value
   * (docs/model.md §10.3). Of the finest triple l = L-2, L-1, L: the observed
   * order p (triple_order() of the signed differences: NaN when they change
   * sign), the Richardson limit
   *
   *   q_inf = q_L + (q_L - q_{L-1}) / (2^p - 1),
   *
   * and its uncertainty, the larger of |q_inf - q_inf(p_expected)| (the
   * limit with the order the scheme should have) and, from four levels on,
   * |q_inf - q_inf'| (q_inf' the limit of the previous triple). When p is
   * NaN the limit takes the expected order and the uncertainty is
   * |q_L - q_{L-1}| + |q_{L-1} - q_{L-2}|. The errors |q_l - q_inf| then go
   * into an OrderStudy: each output belongs to one error column, whose error is
   * the largest of its outputs'.
   *
   * With ErrorDecay::geometric (levels = element degrees) the limit is
   * Aitken's Delta^2 of the finest triple,
   *
   *   q_inf = q_L - (q_L - q_{L-1})^2 / ((q_L - q_{L-1}) - (q_{L-1} -
   * q_{L-2})),
   *
   * i.e. the sum of the geometric tail of ratio rho = (q_L - q_{L-1}) /
   * (q_{L-1} - q_{L-2}) (any sign; the same number as the Richardson limit
   * at the observed order when rho > 0, there being no expected order to
   * fall back on). Its uncertainty: from four levels on the change of the
   * limit between the last two triples, |q_inf - q_inf'|; with three the
   * cruder |q_inf - q_L| (the limit is trusted no further than its own
   * extrapolation step). When |rho| >= 1 (no contraction) the limit is q_L
   * and the uncertainty |q_L - q_{L-1}| + |q_{L-1} - q_{L-2}|.
   */
  class SelfConvergence
  {
  public:
    /** The Richardson limit of one output, and the exact value if known. */
    struct Limit
    {
      std::string name;
      double      order;
      double      value;
      double      uncertainty;
      /** NaN when there is none. */
      double exact;
      /**
       * The geometric ratio rho per level of ErrorDecay::geometric (NaN
       * for algebraic decay, whose order is @p order).
       */
      double ratio = std::numeric_limits<double>::quiet_NaN();

      /** |value - exact| <= uncertainty (false without an exact value). */
      bool
      agrees_with_exact() const;
    };

    /**
     * Outputs named @p names, output k in error column @p columns[k], of a
     * scheme of order @p expected_order (unused for geometric @p decay).
     */
    SelfConvergence(std::vector<std::string>  names,
                    std::vector<unsigned int> columns,
                    double                    expected_order,
                    ErrorDecay                decay = ErrorDecay::algebraic);

    /** The outputs of the next finer level. */
    void
    add_level(const std::vector<double> &outputs);

    /** The exact values of the outputs (a cross-check of the limits). */
    void
    set_exact(const std::vector<double> &exact);

    unsigned int
    n_levels() const;

    /** The limits of all outputs (at least three levels). */
    std::vector<Limit>
    limits() const;

    /**
     * The error of each column at level @p i: the largest |q_l - q_inf| of
     * its outputs.
     */
    std::vector<double>
    errors(unsigned int i) const;

  private:
    Limit
    limit(unsigned int output, unsigned int finest) const;

    /** The Aitken Delta^2 limit of the triple ending at @p finest. */
    Limit
    aitken_limit(unsigned int output, unsigned int finest) const;

    std::vector<std::string>         names;
    std::vector<unsigned int>        columns;
    double                           expected_order;
    ErrorDecay                       decay;
    std::vector<std::vector<double>> levels;
    std::vector<double>              exact;
  };

  /**
   * The same for whole vectors v_l on one mesh (the nodal values of nu in a
   * time-step study): the order p of the finest triple from the norms of
   * the differences, v_inf = v_L + (v_L - v_{L-1}) / (2^p - 1) (p expected
   * when NaN), and the errors norm(v_l - v_inf), one per level. With
   * ErrorDecay::geometric the same limit in the form v_L + rho / (1 - rho)
   * (v_L - v_{L-1}), rho = norm(v_L - v_{L-1}) / norm(v_{L-1} - v_{L-2})
   * (Aitken in the norm), and v_inf = v_L when rho >= 1.
   */
  std::vector<double>
  self_convergence_errors(
    const std::vector<dealii::Vector<double>>                   &levels,
    const std::function<double(const dealii::Vector<double> &)> &norm,
    double                                                       expected_order,
    ErrorDecay decay = ErrorDecay::algebraic);
} // namespace mfpg

#endif
