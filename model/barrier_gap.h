#ifndef mfpg_model_barrier_gap_h
#define mfpg_model_barrier_gap_h

namespace mfpg
{
  class Mdp;

  /**
   * The soft-optimal gap of a barrier, V*_n(rho) - V*_inf(rho) of
   * docs/model.md §13.2, without cancellation: the two values agree to
   * about e^{-n / tau}, which a difference of doubles loses below 1e-16.
   * On the viability kernel K the gap delta = V*_n - V*_inf is the fixed
   * point of
   *
   *   delta_x = tau log1p( sum_{j in R_x} pi_xj expm1(gamma (P delta)_xj / tau)
   *                        + sum_{j not in R_x} mu^n_xj e^{(Q^n_xj - V_x) /
   * tau} ),
   *
   * R_x the actions of the hard constraint at x (they keep the state in K,
   * carry no barrier, and their weights pi_xj = mu_xj e^{(Q_xj - V_x) / tau}
   * of the hard optimum sum to 1), V and Q the hard soft optimum, and Q^n,
   * mu^n the action values and weights of the barrier's soft optimum
   * (whose terms are tiny, so their relative accuracy is all they need). It
   * is a gamma-contraction, iterated to a relative change of 1e-15.
   *
   * @p barrier: the MDP with the barrier (in the reward or in the reference
   * measure); @p hard: the same MDP with Barrier placement = hard. Both
   * with Policy regulariser = kl and tau > 0 (a std::invalid_argument
   * otherwise).
   */
  double
  barrier_gap(const Mdp &barrier, const Mdp &hard);
} // namespace mfpg

#endif
