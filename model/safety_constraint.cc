#include "model/safety_constraint.h"

#include "model/expression.h"
#include "model/parameter_file.h"

#include <cmath>

namespace mfpg
{
  void
  SafetyConstraint::Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Safety");
    {
      prm.add_parameter("Enabled",
                        enabled,
                        "Augment the MDP with a safety budget "
                        "(docs/model.md §13): states (s, z), z = 0..Budget, "
                        "and an absorbing cemetery reached when an action "
                        "costs more than the budget left.",
                        dealii::Patterns::Bool());
      prm.add_parameter("Cost",
                        cost,
                        "The cost c(s, a) of each pair in budget units: an "
                        "expression in s and a whose values are integers "
                        ">= 0 on the grids.",
                        dealii::Patterns::Anything());
      prm.add_parameter("Budget",
                        budget,
                        "Z, the largest budget (budget levels 0..Z).",
                        dealii::Patterns::Integer(0, 1000));
      prm.add_parameter("Initial budget",
                        initial_budget,
                        "The budget z_0 every run starts with (rho is the "
                        "state distribution at z_0); -1: Budget.",
                        dealii::Patterns::Integer(-1, 1000));
      prm.add_parameter("Barrier",
                        barrier,
                        "b of the barrier penalty B_n(u) = -n b(u) on the "
                        "budget left u = z - c(s, a) < 0: indicator (1), "
                        "linear (-u) or quadratic (u^2).",
                        dealii::Patterns::Selection(
                          "indicator|linear|quadratic"));
      prm.add_parameter("Barrier strength",
                        strength,
                        "n >= 0, the barrier's strength.",
                        dealii::Patterns::Double(0.));
      prm.add_parameter(
        "Barrier placement",
        placement,
        "Where the barrier acts (docs/model.md §13.1): reward (r_n = r + "
        "B_n, the reference measure mu), reference measure (the reward r "
        "and mu_n(a | (s, z)) = mu(a) e^{B_n(z - c) / tau}: the same "
        "objective as a function of the policy for the kl regulariser, "
        "another policy class), or hard (the limit n -> infinity: mu "
        "restricted to the actions that keep the budget state in the "
        "viability kernel; Barrier and Barrier strength unused, rho must "
        "lie in the viability kernel).",
        dealii::Patterns::Selection("reward|reference measure|hard"));
    }
    prm.leave_subsection();
  }

  void
  SafetyConstraint::Parameters::check() const
  {
    if (initial_budget > budget)
      throw ParameterError("MDP/Safety/Initial budget",
                           std::to_string(initial_budget) +
                             " exceeds the Budget " + std::to_string(budget));
    if (placement != "reward" && placement != "reference measure" &&
        placement != "hard")
      throw ParameterError("MDP/Safety/Barrier placement",
                           "reward, reference measure or hard, not '" +
                             placement + "'");
  }

  bool
  SafetyConstraint::Parameters::in_reward() const
  {
    return placement == "reward";
  }

  bool
  SafetyConstraint::Parameters::is_hard() const
  {
    return placement == "hard";
  }

  SafetyConstraint::SafetyConstraint(const Parameters    &parameters,
                                     const BoxQuadrature &states,
                                     const BoxQuadrature &actions)
    : parameters_(parameters)
    , n_base_states(states.size())
    , n_actions(actions.size())
    , costs(n_base_states * n_actions)
  {
    parameters.check();
    std::vector<std::string> names = coordinate_names("s", states.dimension());
    for (const auto &a : coordinate_names("a", actions.dimension()))
      names.push_back(a);
    const Expression    c(parameters.cost, names, "MDP/Safety/Cost");
    std::vector<double> x(names.size());
    for (unsigned int i = 0; i < n_base_states; ++i)
      for (unsigned int j = 0; j < n_actions; ++j)
        {
          const auto s = states.point(i);
          const auto a = actions.point(j);
          std::copy(s.begin(), s.end(), x.begin());
          std::copy(a.begin(), a.end(), x.begin() + s.size());
          const double value = c(dealii::make_array_view(x));
          if (!(value >= 0.) || std::abs(value - std::round(value)) > 1e-12)
            throw ParameterError("MDP/Safety/Cost",
                                 "the cost must be an integer >= 0 (budget "
                                 "units); it is " +
                                   std::to_string(value) + " at pair (" +
                                   std::to_string(i) + ", " +
                                   std::to_string(j) + ")");
          costs[i * n_actions + j] = std::lround(value);
        }
  }

  unsigned int
  SafetyConstraint::n_budgets() const
  {
    return parameters_.budget + 1;
  }

  unsigned int
  SafetyConstraint::state(const unsigned int i, const unsigned int z) const
  {
    return i * n_budgets() + z;
  }

  unsigned int
  SafetyConstraint::cemetery() const
  {
    return n_base_states * n_budgets();
  }

  unsigned int
  SafetyConstraint::n_states() const
  {
    return cemetery() + 1;
  }

  unsigned int
  SafetyConstraint::cost(const unsigned int i, const unsigned int j) const
  {
    return costs[i * n_actions + j];
  }

  double
  SafetyConstraint::budget_left(const unsigned int x,
                                const unsigned int j) const
  {
    return double(x % n_budgets()) - double(cost(x / n_budgets(), j));
  }

  double
  SafetyConstraint::barrier(const double u) const
  {
    if (u >= 0.)
      return 0.;
    const std::string &b = parameters_.barrier;
    return -parameters_.strength * (b == "indicator" ? 1. :
                                    b == "linear"    ? -u :
                                                       u * u);
  }

  double
  SafetyConstraint::penalty(const unsigned int x, const unsigned int j) const
  {
    return parameters_.is_hard() ? 0. : barrier(budget_left(x, j));
  }

  bool
  SafetyConstraint::keeps_viable(const dealii::FullMatrix<double> &P,
                                 const std::vector<bool>          &viable,
                                 const unsigned int                x,
                                 const unsigned int                j) const
  {
    const unsigned int i = x / n_budgets(), z = x % n_budgets();
    if (cost(i, j) > z)
      return false;
    for (unsigned int k = 0; k < n_base_states; ++k)
      if (P(i * n_actions + j, k) > 0. && !viable[state(k, z - cost(i, j))])
        return false;
    return true;
  }

  dealii::FullMatrix<double>
  SafetyConstraint::augmented_reference_weights(
    const dealii::Vector<double>     &mu,
    const dealii::FullMatrix<double> &P,
    const std::vector<bool>          &viable,
    const double                      tau) const
  {
    dealii::FullMatrix<double> weights(n_states(), n_actions);
    for (unsigned int x = 0; x < n_states(); ++x)
      for (unsigned int j = 0; j < n_actions; ++j)
        {
          weights(x, j) = mu[j];
          if (x == cemetery() || parameters_.in_reward())
            continue;
          if (parameters_.is_hard())
            weights(x, j) *= !viable[x] || keeps_viable(P, viable, x, j);
          else
            weights(x, j) *= std::exp(barrier(budget_left(x, j)) / tau);
        }
    return weights;
  }

  dealii::FullMatrix<double>
  SafetyConstraint::augmented_transition(
    const dealii::FullMatrix<double> &P) const
  {
    dealii::FullMatrix<double> augmented(n_states() * n_actions, n_states());
    for (unsigned int i = 0; i < n_base_states; ++i)
      for (unsigned int z = 0; z < n_budgets(); ++z)
        for (unsigned int j = 0; j < n_actions; ++j)
          {
            const unsigned int row = state(i, z) * n_actions + j;
            if (cost(i, j) > z)
              augmented(row, cemetery()) = 1.;
            else
              for (unsigned int k = 0; k < n_base_states; ++k)
                augmented(row, state(k, z - cost(i, j))) =
                  P(i * n_actions + j, k);
          }
    for (unsigned int j = 0; j < n_actions; ++j)
      augmented(cemetery() * n_actions + j, cemetery()) = 1.;
    return augmented;
  }

  dealii::FullMatrix<double>
  SafetyConstraint::augmented_reward(const dealii::FullMatrix<double> &r) const
  {
    dealii::FullMatrix<double> augmented(n_states(), n_actions);
    for (unsigned int i = 0; i < n_base_states; ++i)
      for (unsigned int z = 0; z < n_budgets(); ++z)
        for (unsigned int j = 0; j < n_actions; ++j)
          augmented(state(i, z), j) =
            r(i, j) + (parameters_.in_reward() ?
                         barrier(budget_left(state(i, z), j)) :
                         0.);
    return augmented;
  }

  dealii::Vector<double>
  SafetyConstraint::augmented_initial_distribution(
    const dealii::Vector<double> &rho) const
  {
    const unsigned int     z0 = parameters_.initial_budget < 0 ?
                                  parameters_.budget :
                                  parameters_.initial_budget;
    dealii::Vector<double> augmented(n_states());
    for (unsigned int i = 0; i < n_base_states; ++i)
      augmented[state(i, z0)] = rho[i];
    return augmented;
  }

  std::vector<bool>
  SafetyConstraint::viability_kernel(const dealii::FullMatrix<double> &P) const
  {
    std::vector<bool> viable(n_states(), true);
    viable[cemetery()] = false;
    for (bool changed = true; changed;)
      {
        changed = false;
        for (unsigned int i = 0; i < n_base_states; ++i)
          for (unsigned int z = 0; z < n_budgets(); ++z)
            {
              if (!viable[state(i, z)])
                continue;
              bool kept = false;
              for (unsigned int j = 0; j < n_actions && !kept; ++j)
                kept = keeps_viable(P, viable, state(i, z), j);
              if (!kept)
                {
                  viable[state(i, z)] = false;
                  changed             = true;
                }
            }
      }
    return viable;
  }

  const SafetyConstraint::Parameters &
  SafetyConstraint::parameters() const
  {
    return parameters_;
  }
} // namespace mfpg
