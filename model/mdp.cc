#include "model/mdp.h"

#include "model/expression.h"
#include "model/parameter_file.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

namespace mfpg
{
  void
  Mdp::Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("MDP");
    {
      prm.enter_subsection("State space");
      states.add_parameters(prm, 0);
      prm.leave_subsection();
      prm.enter_subsection("Action space");
      actions.add_parameters(prm, 1);
      prm.leave_subsection();

      prm.add_parameter(
        "Reference measure",
        reference_measure,
        "Reference measure mu on the actions: lebesgue (mu_j = quadrature "
        "weights, sum = |A|) or probability (the same, normalised to sum 1).",
        dealii::Patterns::Selection("lebesgue|probability"));
      prm.add_parameter(
        "Reward",
        reward,
        "Reward r(s, a): an expression in the state coordinates (s in 1-D, "
        "s1, s2, s3 otherwise; none for a bandit) and the action coordinates "
        "(a, or a1, a2, a3); or the word teacher: r = Q* - gamma P V* with "
        "Q* = tau f*, f* the ReLU network of subsection Teacher, so that "
        "softmax(f*) is the soft-optimal policy (docs/model.md §1).");
      prm.add_parameter(
        "Initial distribution",
        initial_distribution,
        "Initial state density rho(s) (w.r.t. Lebesgue measure), an "
        "expression in s; tabulated with the state weights and normalised.");
      prm.add_parameter(
        "Transition density",
        transition_density,
        "Transition density k(s, a, s') >= 0, an expression in s, a and the "
        "next state sp (or sp1, sp2, sp3); tabulated with the state weights "
        "and renormalised for each (s, a).");
      prm.add_parameter(
        "Deterministic transition",
        deterministic_transition,
        "Deterministic part s' = T(s, a) of the transition: one expression in "
        "s, a per state coordinate, separated by ';' (empty: none). Put on "
        "the state grid by multilinear interpolation, exact on grid nodes.",
        dealii::Patterns::List(dealii::Patterns::Anything(), 0, 3, ";"));
      prm.add_parameter(
        "Deterministic weight",
        deterministic_weight,
        "Weight lambda of the deterministic part: P = (1 - lambda) K + "
        "lambda delta_T (Agazzi & Lu: 0.9 with T = a).",
        dealii::Patterns::Double(0., 1.));
      prm.add_parameter("Discount",
                        discount,
                        "Discount factor gamma in [0, 1) (0 for a bandit).",
                        dealii::Patterns::Double(0., 1.));
      prm.add_parameter("Entropy strength",
                        entropy_strength,
                        "Policy regularisation strength tau >= 0 (of the "
                        "entropy, or of Policy regulariser).",
                        dealii::Patterns::Double(0.));
      prm.add_parameter(
        "Policy regulariser",
        policy_regulariser,
        "kl (tau KL(pi | mu), phi(p) = p ln p: the entropy regularisation, "
        "softmax-optimal policies) or tsallis (tau sum_j mu_j phi(p_j), "
        "phi(p) = p^2 - p: an optimal policy that vanishes where the "
        "action value is low, which no softmax policy reaches; "
        "docs/model.md §12); p = pi / mu the policy's density; or "
        "expression (Policy regulariser function and derivative).",
        dealii::Patterns::Selection("kl|tsallis|expression"));
      prm.add_parameter(
        "Policy regulariser function",
        policy_regulariser_function,
        "With Policy regulariser = expression: phi(p), an expression in p, "
        "strictly convex on p > 0 with phi(0+) = 0 (checked on p = 1e-8 .. "
        "1e4).",
        dealii::Patterns::Anything());
      prm.add_parameter(
        "Policy regulariser derivative",
        policy_regulariser_derivative,
        "With Policy regulariser = expression: phi'(p), an expression in p "
        "(checked against central differences of phi).",
        dealii::Patterns::Anything());
      teacher.add_parameters(prm);
      safety.add_parameters(prm);
    }
    prm.leave_subsection();
  }

  void
  Mdp::Parameters::check() const
  {
    states.check("MDP/State space");
    actions.check("MDP/Action space");
    // policy evaluation is a dense LU of the n_S x n_S matrix I - gamma P
    const double n_states =
      std::pow(double(states.n_points_per_axis), states.dimension);
    if (n_states > max_states)
      throw ParameterError("MDP/State space/Points per axis",
                           std::to_string(std::llround(n_states)) +
                             " states: the dense policy evaluation allows "
                             "at most " +
                             std::to_string(max_states) +
                             " (n_S^2 numbers in memory)");
    if (!(discount < 1.))
      throw ParameterError("MDP/Discount",
                           "gamma = " + std::to_string(discount) +
                             " must lie in [0, 1)");
    if (states.dimension > 0 && deterministic_weight > 0. &&
        deterministic_transition.size() != states.dimension)
      throw ParameterError("MDP/Deterministic transition",
                           "a deterministic weight > 0 needs one expression "
                           "per state coordinate (" +
                             std::to_string(states.dimension) + "), got " +
                             std::to_string(deterministic_transition.size()));
    if (safety.enabled)
      {
        safety.check();
        if (safety.placement == "reference measure" &&
            (policy_regulariser != "kl" || !(entropy_strength > 0.)))
          throw ParameterError(
            "MDP/Safety/Barrier placement",
            "the barrier in the reference measure, mu_n = mu e^{B_n / tau}, "
            "is the barrier in the reward only for Policy regulariser = kl "
            "with tau > 0 (r + B_n - tau ln(pi / mu) = r - tau ln(pi / "
            "mu_n)); use the reward placement");
      }
    if (reward == "teacher")
      {
        teacher.check();
        if (policy_regulariser != "kl")
          throw ParameterError("MDP/Policy regulariser",
                               "Reward = teacher builds its reward so that the "
                               "softmax of the teacher network is KL-optimal; "
                               "use kl");
        if (!(entropy_strength > 0.))
          throw ParameterError("MDP/Entropy strength",
                               "Reward = teacher needs tau > 0 (its Q* = tau "
                               "f* would vanish)");
      }
  }

  namespace
  {
    /** Concatenate coordinate vectors into one argument list. */
    std::vector<double>
    arguments(std::initializer_list<dealii::ArrayView<const double>> parts)
    {
      std::vector<double> values;
      for (const auto &part : parts)
        values.insert(values.end(), part.begin(), part.end());
      return values;
    }

    std::vector<std::string>
    variables(std::initializer_list<std::vector<std::string>> parts)
    {
      std::vector<std::string> names;
      for (const auto &part : parts)
        names.insert(names.end(), part.begin(), part.end());
      return names;
    }

    std::string
    describe(const std::string &name, const dealii::ArrayView<const double> &x)
    {
      std::ostringstream out;
      out << name << " = (";
      for (unsigned int k = 0; k < x.size(); ++k)
        out << (k ? ", " : "") << x[k];
      out << ")";
      return out.str();
    }

    /**
     * Add @p weight times the multilinear interpolation of a Dirac at
     * @p target on the tensor grid @p grid to @p row.
     */
    void
    add_interpolated_dirac(const BoxQuadrature        &grid,
                           const std::vector<double>  &target,
                           const double                weight,
                           dealii::FullMatrix<double> &kernel,
                           const unsigned int          row)
    {
      const unsigned int dim = grid.dimension();
      // per axis: the two bracketing nodes and their weights
      std::vector<std::array<unsigned int, 2>> node(dim);
      std::vector<std::array<double, 2>>       lambda(dim);
      for (unsigned int k = 0; k < dim; ++k)
        {
          const std::vector<double> &x = grid.axis_nodes(k);
          const double               t = target[k];
          unsigned int               l = 0;
          while (l + 1 < x.size() && x[l + 1] <= t)
            ++l;
          if (l + 1 == x.size() || t <= x[0])
            {
              node[k]   = {{t <= x[0] ? 0u : l, 0u}};
              lambda[k] = {{1., 0.}};
            }
          else
            {
              const double theta = (t - x[l]) / (x[l + 1] - x[l]);
              node[k]            = {{l, l + 1}};
              lambda[k]          = {{1. - theta, theta}};
            }
        }
      std::vector<unsigned int> indices(dim);
      for (unsigned int corner = 0; corner < (1u << dim); ++corner)
        {
          double w = weight;
          for (unsigned int k = 0; k < dim; ++k)
            {
              const unsigned int side = (corner >> k) & 1u;
              indices[k]              = node[k][side];
              w *= lambda[k][side];
            }
          if (w != 0.)
            kernel(row, grid.index(indices)) += w;
        }
    }

    /**
     * Throw a ParameterError naming "MDP/Deterministic transition" unless
     * @p target = T(s, a) (at @p where) is finite and lies in the state box
     * (a move out of the box would be clamped to its edge silently).
     */
    void
    require_inside_state_box(const BoxQuadrature::Parameters &states,
                             const std::vector<double>       &target,
                             const std::string               &where)
    {
      for (unsigned int k = 0; k < target.size(); ++k)
        {
          const double lower = states.lower_corner[k];
          const double upper = states.upper_corner[k];
          const double slack = 1e-12 * (upper - lower);
          if (!(target[k] >= lower - slack && target[k] <= upper + slack))
            throw ParameterError(
              "MDP/Deterministic transition",
              describe("T(s, a)", dealii::make_array_view(target)) + " at " +
                where + " is not in the state box: component " +
                std::to_string(k + 1) + " must lie in [" +
                std::to_string(lower) + ", " + std::to_string(upper) + "]");
        }
    }

    /**
     * P(s_k | s_i, a_j) in row i n_A + j (model.md §1): the renormalised
     * density part times 1 - lambda plus lambda times the interpolated
     * Dirac at T(s_i, a_j); 1 for a bandit.
     */
    dealii::FullMatrix<double>
    transition_kernel(const Mdp::Parameters &parameters,
                      const BoxQuadrature   &state_grid,
                      const BoxQuadrature   &action_grid)
    {
      const unsigned int n_S = state_grid.size();
      const unsigned int n_A = action_grid.size();
      const auto s_names     = coordinate_names("s", state_grid.dimension());
      const auto a_names     = coordinate_names("a", action_grid.dimension());
      const auto sp_names    = coordinate_names("sp", state_grid.dimension());
      dealii::FullMatrix<double> kernel(n_S * n_A, n_S);
      if (state_grid.dimension() == 0)
        {
          for (unsigned int j = 0; j < n_A; ++j)
            kernel(j, 0) = 1.;
          return kernel;
        }
      const Expression        density(parameters.transition_density,
                               variables({s_names, a_names, sp_names}),
                               "MDP/Transition density");
      std::vector<Expression> move;
      for (unsigned int k = 0; k < parameters.deterministic_transition.size();
           ++k)
        move.emplace_back(parameters.deterministic_transition[k],
                          variables({s_names, a_names}),
                          "MDP/Deterministic transition");
      const double lambda = parameters.deterministic_weight;
      for (unsigned int i = 0; i < n_S; ++i)
        for (unsigned int j = 0; j < n_A; ++j)
          {
            const unsigned int row = i * n_A + j;
            if (lambda < 1.)
              {
                double mass = 0.;
                for (unsigned int k = 0; k < n_S; ++k)
                  {
                    const double value =
                      density(arguments({state_grid.point(i),
                                         action_grid.point(j),
                                         state_grid.point(k)}));
                    if (value < 0.)
                      throw ParameterError(
                        "MDP/Transition density",
                        "negative mass at " +
                          describe("s", state_grid.point(i)) + ", " +
                          describe("a", action_grid.point(j)) + ", " +
                          describe("sp", state_grid.point(k)));
                    kernel(row, k) = value * state_grid.weight(k);
                    mass += kernel(row, k);
                  }
                if (!(mass > 0.))
                  throw ParameterError("MDP/Transition density",
                                       "no mass on the state grid from " +
                                         describe("s", state_grid.point(i)) +
                                         ", " +
                                         describe("a", action_grid.point(j)));
                for (unsigned int k = 0; k < n_S; ++k)
                  kernel(row, k) *= (1. - lambda) / mass;
              }
            if (lambda > 0.)
              {
                std::vector<double> target;
                for (const Expression &T : move)
                  target.push_back(
                    T(arguments({state_grid.point(i), action_grid.point(j)})));
                require_inside_state_box(parameters.states,
                                         target,
                                         describe("s", state_grid.point(i)) +
                                           ", " +
                                           describe("a", action_grid.point(j)));
                add_interpolated_dirac(state_grid, target, lambda, kernel, row);
              }
          }
      return kernel;
    }

    const Mdp::Parameters &
    checked(const Mdp::Parameters &parameters)
    {
      parameters.check();
      return parameters;
    }
  } // namespace

  Mdp::Mdp(const Parameters &parameters)
    : state_grid(checked(parameters).states)
    , action_grid(parameters.actions)
    , gamma(parameters.discount)
    , tau(parameters.entropy_strength)
    , omega(parameters.policy_regulariser,
            parameters.policy_regulariser_function,
            parameters.policy_regulariser_derivative)
  {
    const unsigned int n_S     = state_grid.size();
    const unsigned int n_A     = action_grid.size();
    const auto         s_names = coordinate_names("s", state_grid.dimension());
    const auto         a_names = coordinate_names("a", action_grid.dimension());

    dealii::Vector<double> base_mu(n_A);
    for (unsigned int j = 0; j < n_A; ++j)
      base_mu[j] = action_grid.weight(j);
    if (parameters.reference_measure == "probability")
      base_mu /= base_mu.l1_norm();
    mu.reinit(n_S, n_A);
    for (unsigned int i = 0; i < n_S; ++i)
      for (unsigned int j = 0; j < n_A; ++j)
        mu(i, j) = base_mu[j];

    const Expression initial(parameters.initial_distribution,
                             s_names,
                             "MDP/Initial distribution");
    rho.reinit(n_S);
    for (unsigned int i = 0; i < n_S; ++i)
      {
        const double density = initial(state_grid.point(i));
        if (density < 0.)
          throw ParameterError("MDP/Initial distribution",
                               "negative density at " +
                                 describe("s", state_grid.point(i)));
        rho[i] = density * state_grid.weight(i);
      }
    if (!(rho.l1_norm() > 0.))
      throw ParameterError("MDP/Initial distribution",
                           "the distribution has no mass on the state grid");
    rho /= rho.l1_norm();

    kernel = transition_kernel(parameters, state_grid, action_grid);

    if (parameters.reward == "teacher")
      // reads the grids, mu, P, gamma and tau set above, not r
      r = teacher_reward(*this,
                         TeacherNetwork(parameters.teacher,
                                        state_grid.dimension() +
                                          action_grid.dimension()));
    else
      {
        const Expression reward(parameters.reward,
                                variables({s_names, a_names}),
                                "MDP/Reward");
        r.reinit(n_S, n_A);
        for (unsigned int i = 0; i < n_S; ++i)
          for (unsigned int j = 0; j < n_A; ++j)
            r(i, j) =
              reward(arguments({state_grid.point(i), action_grid.point(j)}));
      }

    state_dimension = state_grid.dimension();
    state_names     = s_names;
    for (unsigned int i = 0; i < n_S; ++i)
      for (const double x : state_grid.point(i))
        state_coordinates.push_back(x);
    if (parameters.safety.enabled)
      augment_with_budget(parameters.safety, base_mu);
  }

  void
  Mdp::augment_with_budget(const SafetyConstraint::Parameters &parameters,
                           const dealii::Vector<double>       &base_mu)
  {
    safety_constraint.emplace(parameters, state_grid, action_grid);
    const SafetyConstraint &c = *safety_constraint;
    viable                    = c.viability_kernel(kernel);
    mu     = c.augmented_reference_weights(base_mu, kernel, viable, tau);
    kernel = c.augmented_transition(kernel);
    r      = c.augmented_reward(r);
    rho    = c.augmented_initial_distribution(rho);
    if (parameters.is_hard())
      for (unsigned int x = 0; x < c.cemetery(); ++x)
        if (rho[x] > 0. && !viable[x])
          throw ParameterError(
            "MDP/Safety/Barrier placement",
            "the hard constraint is solvable only from rho supported in the "
            "viability kernel, and rho puts mass " +
              std::to_string(rho[x]) + " on the state " +
              describe("s", state_grid.point(x / c.n_budgets())) +
              ", z = " + std::to_string(x % c.n_budgets()) +
              " outside it: from there every policy violates with positive "
              "probability (lower the costs, raise the Initial budget, or "
              "use a barrier)");
    // (s, z), the cemetery at the first grid point with z = -1
    const std::vector<double> base = state_coordinates;
    state_coordinates.clear();
    for (unsigned int i = 0; i < state_grid.size(); ++i)
      for (unsigned int z = 0; z < c.n_budgets(); ++z)
        {
          const auto s = state_grid.point(i);
          state_coordinates.insert(state_coordinates.end(), s.begin(), s.end());
          state_coordinates.push_back(z);
        }
    const auto s0 = state_grid.point(0);
    state_coordinates.insert(state_coordinates.end(), s0.begin(), s0.end());
    state_coordinates.push_back(-1.);
    ++state_dimension;
    state_names.push_back("z");
  }

  dealii::ArrayView<const double>
  Mdp::state_point(const unsigned int i) const
  {
    return dealii::ArrayView<const double>(state_coordinates.data() +
                                             i * state_dimension,
                                           state_dimension);
  }

  const std::vector<std::string> &
  Mdp::state_variable_names() const
  {
    return state_names;
  }

  bool
  Mdp::is_cemetery(const unsigned int i) const
  {
    return safety_constraint && i == safety_constraint->cemetery();
  }

  const SafetyConstraint *
  Mdp::safety() const
  {
    return safety_constraint ? &*safety_constraint : nullptr;
  }

  const std::vector<bool> &
  Mdp::viability_kernel() const
  {
    return viable;
  }

  std::string
  Mdp::safety_description() const
  {
    if (!safety_constraint)
      return "";
    const SafetyConstraint::Parameters &p = safety_constraint->parameters();
    std::ostringstream                  out;
    out << "  safety (docs/model.md §13): cost " << p.cost
        << ", budget Z = " << p.budget
        << " from z = " << (p.initial_budget < 0 ? p.budget : p.initial_budget);
    if (p.is_hard())
      out << ", hard constraint (mu restricted to the viable actions)";
    else
      out << ", barrier " << p.barrier << " of strength " << p.strength
          << " in the " << p.placement;
    out << "; viability kernel: "
        << std::count(viable.begin(), viable.end(), true) << " of "
        << n_states() - 1 << " budget states\n";
    return out.str();
  }

  unsigned int
  Mdp::n_states() const
  {
    return rho.size();
  }

  unsigned int
  Mdp::n_actions() const
  {
    return action_grid.size();
  }

  const BoxQuadrature &
  Mdp::states() const
  {
    return state_grid;
  }

  const BoxQuadrature &
  Mdp::actions() const
  {
    return action_grid;
  }

  const dealii::FullMatrix<double> &
  Mdp::reference_weights() const
  {
    return mu;
  }

  const dealii::Vector<double> &
  Mdp::initial_distribution() const
  {
    return rho;
  }

  const dealii::FullMatrix<double> &
  Mdp::transition() const
  {
    return kernel;
  }

  const dealii::FullMatrix<double> &
  Mdp::reward() const
  {
    return r;
  }

  double
  Mdp::discount() const
  {
    return gamma;
  }

  double
  Mdp::entropy_strength() const
  {
    return tau;
  }

  const PolicyRegulariser &
  Mdp::policy_regulariser() const
  {
    return omega;
  }
} // namespace mfpg
