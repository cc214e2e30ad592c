#include "model/soft_value_iteration.h"

#include "model/mdp.h"
#include "model/policy_evaluation.h"

#include <cmath>
#include <stdexcept>

namespace mfpg
{
  dealii::Vector<double>
  soft_maximum(const Mdp &mdp, const dealii::FullMatrix<double> &Q)
  {
    const auto            &mu = mdp.reference_weights();
    dealii::Vector<double> V(Q.m());
    for (unsigned int i = 0; i < Q.m(); ++i)
      V[i] = mdp.policy_regulariser()
               .soft_maximum(dealii::ArrayView<const double>(&Q(i, 0), Q.n()),
                             dealii::ArrayView<const double>(&mu(i, 0), mu.n()),
                             mdp.entropy_strength())
               .value;
    return V;
  }

  dealii::Vector<double>
  soft_bellman_operator(const Mdp &mdp, const dealii::Vector<double> &V)
  {
    return soft_maximum(mdp, action_values(mdp, V));
  }

  SoftOptimum
  soft_value_iteration(const Mdp &mdp, const double tolerance)
  {
    const unsigned int max_iterations = 1000000;
    SoftOptimum        result;
    result.value.reinit(mdp.n_states());
    for (result.n_iterations = 1;; ++result.n_iterations)
      {
        dealii::Vector<double> next = soft_bellman_operator(mdp, result.value);
        next -= result.value;
        const double change = next.linfty_norm();
        next += result.value;
        result.value = next;
        if (change <= tolerance)
          break;
        if (result.n_iterations == max_iterations)
          throw std::runtime_error("soft value iteration: no convergence to " +
                                   std::to_string(tolerance) + " in " +
                                   std::to_string(max_iterations) +
                                   " iterations (change " +
                                   std::to_string(change) + ")");
      }
    result.q_function               = action_values(mdp, result.value);
    dealii::Vector<double> residual = soft_maximum(mdp, result.q_function);
    residual -= result.value;
    result.bellman_residual = residual.linfty_norm();
    result.objective        = mdp.initial_distribution() * result.value;
    return result;
  }
} // namespace mfpg
