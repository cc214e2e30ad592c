#ifndef mfpg_model_safety_constraint_h
#define mfpg_model_safety_constraint_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include "model/box_quadrature.h"

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * The almost-sure safety constraint of docs/model.md §13 (arXiv
   * 2411.19193): an integer cost c(s, a) >= 0 per pair, spent from a budget
   * z = 0..Z carried in the state. The budget-augmented MDP has the states
   * (s, z) and an absorbing cemetery †: from (s, z) with action a the next
   * state is (s', z - c(s, a)), s' by the base kernel, if z - c(s, a) >= 0,
   * and † otherwise (a violation); † has reward 0 and, in the flow,
   * features 0 (so pi(.|†) = mu). The reward carries the barrier
   *   r_n((s, z), a) = r(s, a) + B_n(z - c(s, a)),
   *   B_n(u) = 0 for u >= 0, -n b(u) for u < 0,
   * b = indicator (1), linear (-u) or quadratic (u^2), placed in the reward
   * (above) or in the reference measure, mu_n(a | (s, z)) = mu(a) e^{B_n(z
   * - c(s, a)) / tau} (the same objective for the kl regulariser, another
   * policy class), or replaced by its limit, the hard constraint: mu
   * restricted to the actions that keep the state in the viability kernel
   * (§13.1). Read from "MDP/Safety".
   */
  class SafetyConstraint
  {
  public:
    struct Parameters
    {
      bool        enabled        = false;
      std::string cost           = "0";
      int         budget         = 0;
      int         initial_budget = -1;
      std::string barrier        = "indicator";
      double      strength       = 1.;
      std::string placement      = "reward";

      /** Declare subsection "Safety" of the current subsection. */
      void
      add_parameters(dealii::ParameterHandler &prm);

      /** Initial budget <= Budget (ParameterError naming it otherwise). */
      void
      check() const;

      /** The barrier acts in the reward (r_n = r + B_n). */
      bool
      in_reward() const;

      /** The hard constraint: mu restricted (no barrier). */
      bool
      is_hard() const;
    };

    /**
     * The constraint on the base grids @p states and @p actions: tabulates
     * the cost expression (a ParameterError naming "MDP/Safety/Cost" for a
     * malformed expression, a negative or non-integer value).
     */
    SafetyConstraint(const Parameters    &parameters,
                     const BoxQuadrature &states,
                     const BoxQuadrature &actions);

    /** Budget levels Z + 1. */
    unsigned int
    n_budgets() const;

    /** The augmented state of base state @p i at budget @p z: i (Z+1) + z. */
    unsigned int
    state(const unsigned int i, const unsigned int z) const;

    /** The cemetery †: the last augmented state, n_S (Z + 1). */
    unsigned int
    cemetery() const;

    /** Augmented states n_S (Z + 1) + 1. */
    unsigned int
    n_states() const;

    /** c(s_i, a_j). */
    unsigned int
    cost(const unsigned int i, const unsigned int j) const;

    /**
     * z - c(s_i, a_j) of augmented state @p x (not the cemetery) and
     * action @p j: negative for a violation.
     */
    double
    budget_left(const unsigned int x, const unsigned int j) const;

    /** B_n(u), the barrier of strength n at the budget left u. */
    double
    barrier(const double u) const;

    /**
     * The penalty the objective puts on action @p j at augmented state
     * @p x (not †): B_n(z - c) with a barrier (in the reward or in the
     * reference measure, where for kl it enters the objective through the
     * regulariser's -tau ln(d pi / d mu_n)), 0 for the hard constraint.
     */
    double
    penalty(const unsigned int x, const unsigned int j) const;

    /**
     * Whether action @p j at augmented state @p x (not †) is admissible
     * (c <= z) and keeps every next state of the base kernel @p P in the
     * viability kernel @p viable.
     */
    bool
    keeps_viable(const dealii::FullMatrix<double> &P,
                 const std::vector<bool>          &viable,
                 const unsigned int                x,
                 const unsigned int                j) const;

    /**
     * The augmented kernel, rows (state, action), of the base kernel
     * @p P (rows i n_A + j, columns k): each row a probability vector, †
     * absorbing.
     */
    dealii::FullMatrix<double>
    augmented_transition(const dealii::FullMatrix<double> &P) const;

    /**
     * The augmented reward from the base reward @p r: r_n in the reward
     * placement, r otherwise; 0 at †.
     */
    dealii::FullMatrix<double>
    augmented_reward(const dealii::FullMatrix<double> &r) const;

    /**
     * The reference weights mu_x(a_j) per augmented state (rows) from the
     * base weights @p mu: mu in the reward placement and at †;
     * mu_j e^{B_n / tau} in the reference-measure placement (strength
     * @p tau > 0); hard: mu_j 1{keeps_viable()} on the viability kernel
     * @p viable of the base kernel @p P, mu outside it (a hard policy from
     * rho in the kernel never reaches those states).
     */
    dealii::FullMatrix<double>
    augmented_reference_weights(const dealii::Vector<double>     &mu,
                                const dealii::FullMatrix<double> &P,
                                const std::vector<bool>          &viable,
                                const double                      tau) const;

    /** rho on the augmented states: the base @p rho at the initial budget. */
    dealii::Vector<double>
    augmented_initial_distribution(const dealii::Vector<double> &rho) const;

    /**
     * The viability kernel of the augmented states (not †), the largest
     * set K such that from every state in K some admissible action
     * (c <= z) keeps every next state of the base kernel @p P in K: the
     * limit of K_0 = all, K_{k+1} = {x in K_k: some admissible action keeps
     * every next state in K_k}. Indexed by augmented state, false at †.
     */
    std::vector<bool>
    viability_kernel(const dealii::FullMatrix<double> &P) const;

    const Parameters &
    parameters() const;

  private:
    Parameters                parameters_;
    unsigned int              n_base_states;
    unsigned int              n_actions;
    std::vector<unsigned int> costs;
  };
} // namespace mfpg

#endif
