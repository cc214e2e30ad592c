#ifndef mfpg_model_mdp_h
#define mfpg_model_mdp_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include "model/box_quadrature.h"
#include "model/policy_regulariser.h"
#include "model/safety_constraint.h"
#include "model/teacher_network.h"

#include <optional>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * The finite MDP of model.md §1: continuous boxes S and A discretised by
   * tensor quadrature, reference weights mu_j on the actions, initial
   * distribution rho_i, transition kernel P(s_k | s_i, a_j), reward r_ij,
   * discount gamma, regularisation strength tau and the policy regulariser
   * (KL(pi | mu) or Tsallis, §12).
   *
   * The transition is (1 - lambda) K + lambda D: K a density k(s, a, s')
   * tabulated with the state weights and renormalised per (s, a); D the
   * deterministic move s' = T(s, a), put on the state grid by multilinear
   * interpolation between the neighbouring nodes (exact when T(s, a) is a
   * node, e.g. T(s, a) = a on matching grids; a T(s, a) outside the state
   * box is refused with a ParameterError naming "MDP/Deterministic
   * transition").
   * A bandit is a 0-dimensional state space (one state) with gamma = 0.
   * With MDP/Safety enabled the MDP is the budget-augmented one of §13
   * (SafetyConstraint): its states are (s, z) and the cemetery, with the
   * coordinates (s, z) (the cemetery: z = -1), the barrier in the reward.
   * The reward is an expression, or (Reward = teacher) Agazzi & Lu's
   * r = Q* - gamma P V* of a random teacher network (teacher_reward()).
   */
  class Mdp
  {
  public:
    struct Parameters
    {
      /** The size guard of check(): n_S for the dense policy evaluation. */
      static constexpr unsigned int max_states = 8192;

      BoxQuadrature::Parameters    states;
      BoxQuadrature::Parameters    actions;
      std::string                  reference_measure             = "lebesgue";
      std::string                  reward                        = "0";
      std::string                  initial_distribution          = "1";
      std::string                  transition_density            = "1";
      std::vector<std::string>     deterministic_transition      = {};
      double                       deterministic_weight          = 0.;
      double                       discount                      = 0.;
      double                       entropy_strength              = 0.1;
      std::string                  policy_regulariser            = "kl";
      std::string                  policy_regulariser_function   = "p*log(p)";
      std::string                  policy_regulariser_derivative = "log(p) + 1";
      TeacherNetwork::Parameters   teacher;
      SafetyConstraint::Parameters safety;

      /** Declare subsection "MDP" of @p prm, bound to the members. */
      void
      add_parameters(dealii::ParameterHandler &prm);

      /** Check values and their combinations; names the parameter. */
      void
      check() const;
    };

    explicit Mdp(const Parameters &parameters);

    unsigned int
    n_states() const;

    unsigned int
    n_actions() const;

    /** The base state grid (points s_i, weights), before any budget. */
    const BoxQuadrature &
    states() const;

    /**
     * The coordinates of state @p i: s_i, or (s, z) with the budget (the
     * cemetery: the first grid point and z = -1).
     */
    dealii::ArrayView<const double>
    state_point(const unsigned int i) const;

    /** The names of state_point()'s coordinates: s or s1.., then z. */
    const std::vector<std::string> &
    state_variable_names() const;

    /** Whether state @p i is the cemetery of a safety budget. */
    bool
    is_cemetery(const unsigned int i) const;

    /** The safety constraint (§13), nullptr without MDP/Safety. */
    const SafetyConstraint *
    safety() const;

    /**
     * The viability kernel of §13 (SafetyConstraint::viability_kernel() of
     * the base kernel), per state; empty without MDP/Safety.
     */
    const std::vector<bool> &
    viability_kernel() const;

    /**
     * One line on the safety budget for a run's header (budget, barrier,
     * the viability kernel's size), "" without MDP/Safety.
     */
    std::string
    safety_description() const;

    /** The action grid (points a_j; its weights are not mu, see below). */
    const BoxQuadrature &
    actions() const;

    /**
     * Reference weights mu_x(a_j) >= 0 of the actions, row x per state:
     * the same mu_j > 0 in every row, except with MDP/Safety's barrier in
     * the reference measure or the hard constraint (§13.1), where they
     * depend on the budget state (and may vanish).
     */
    const dealii::FullMatrix<double> &
    reference_weights() const;

    /** Initial distribution rho_i >= 0, sum 1. */
    const dealii::Vector<double> &
    initial_distribution() const;

    /** P(s_k | s_i, a_j), stored in row i * n_actions() + j. */
    const dealii::FullMatrix<double> &
    transition() const;

    /** r_ij. */
    const dealii::FullMatrix<double> &
    reward() const;

    double
    discount() const;

    double
    entropy_strength() const;

    /** Omega of the policy (§12): KL(pi | mu) or Tsallis. */
    const PolicyRegulariser &
    policy_regulariser() const;

  private:
    /**
     * Replace the kernel, reward, reference weights, rho and state points
     * by §13's, the base weights @p base_mu.
     */
    void
    augment_with_budget(const SafetyConstraint::Parameters &parameters,
                        const dealii::Vector<double>       &base_mu);

    BoxQuadrature                   state_grid;
    BoxQuadrature                   action_grid;
    dealii::FullMatrix<double>      mu;
    dealii::Vector<double>          rho;
    dealii::FullMatrix<double>      kernel;
    dealii::FullMatrix<double>      r;
    double                          gamma;
    double                          tau;
    PolicyRegulariser               omega;
    std::optional<SafetyConstraint> safety_constraint;
    unsigned int                    state_dimension;
    std::vector<std::string>        state_names;
    std::vector<double>             state_coordinates;
    std::vector<bool>               viable;
  };
} // namespace mfpg

#endif
