#ifndef mfpg_verification_theorem_verdict_h
#define mfpg_verification_theorem_verdict_h

#include "verification/convergence_constants.h"

#include <string>

namespace mfpg
{
  /**
   * What a theorem of model.md §6 with the hypothesis beta > 0 says, given
   * beta from constants estimated on the box [-b, b]^d and from constants
   * estimated over R^d (model.md §6.4). Three readings:
   *
   *  - applies: beta > 0 over R^d, so the theorem's bound is a claim, and
   *    an observation is consistent with it or violates it;
   *  - only_on_box: beta > 0 on the box but not over R^d: the theorem's
   *    hypothesis is not verified, and an observation is only reported;
   *  - silent: beta <= 0 already on the box: the theorem says nothing.
   *
   * Both betas are upper bounds of the theorem's beta (the constants are
   * lower bounds of suprema), so even "applies" is evidence, not proof.
   */
  struct TheoremHypothesis
  {
    enum class Reading
    {
      applies,
      only_on_box,
      silent
    };

    double       beta_on_box;
    double       beta_global;
    double       box_bound;
    unsigned int dimension;

    Reading
    reading() const;

    /**
     * The beta the reading speaks of: beta over R^d when the theorem
     * applies, otherwise that of the box (the largest the constants allow).
     */
    double
    beta() const;

    /**
     * Of a constant estimated @p on_box and @p global (over R^d), the one
     * the reading's bound uses, as beta(): @p global when the theorem
     * applies, otherwise @p on_box.
     */
    const TheoryConstant &
    constant(const TheoryConstant &on_box, const TheoryConstant &global) const;

    /**
     * "beta = x > 0 over R^d: the theorem applies; <observation>:
     * consistent with the theorem" (or "VIOLATES the theorem" when
     * @p consistent is false), "beta = x > 0 only on [-b, b]^d (beta over
     * R^d ≈ y): the theorem's hypothesis is not verified; <observation>",
     * or "beta <= 0 (x on [-b, b]^d, y over R^d): the theorem is silent;
     * <observation>".
     */
    std::string
    verdict(const std::string &observation, const bool consistent) const;
  };

  /** The hypothesis of constants on the box [-@p box_bound, @p box_bound]^d and
   * over R^d. */
  TheoremHypothesis
  theorem_hypothesis(const ConvergenceConstants &on_box,
                     const ConvergenceConstants &global,
                     const double                box_bound,
                     const unsigned int          dimension);
} // namespace mfpg

#endif
