#include "model/safety_measures.h"

#include <deal.II/lac/lapack_full_matrix.h>

#include "model/mdp.h"
#include "model/policy_evaluation.h"
#include "model/softmax_policy.h"

#include <stdexcept>
#include <vector>

namespace mfpg
{
  SafetyMeasures
  safety_measures(const Mdp              &mdp,
                  const SoftmaxPolicy    &policy,
                  const PolicyEvaluation &evaluation)
  {
    const SafetyConstraint *safety = mdp.safety();
    if (safety == nullptr)
      throw std::logic_error("safety_measures: the MDP has no safety budget");
    const unsigned int                n_X   = mdp.n_states();
    const unsigned int                n_A   = mdp.n_actions();
    const unsigned int                dead  = safety->cemetery();
    const dealii::FullMatrix<double> &pi    = policy.probabilities();
    const dealii::FullMatrix<double> &P     = mdp.transition();
    const dealii::Vector<double>     &d     = evaluation.occupancy_measure();
    const double                      scale = 1. / (1. - mdp.discount());

    SafetyMeasures result{0., evaluation.objective(), 0.};
    for (unsigned int x = 0; x < n_X; ++x)
      for (unsigned int j = 0; j < n_A; ++j)
        if (x != dead)
          {
            if (safety->budget_left(x, j) < 0.)
              result.discounted_violation += scale * d[x] * pi(x, j);
            if (pi(x, j) > 0.)
              result.unpenalised_value -=
                scale * d[x] * pi(x, j) * safety->penalty(x, j);
          }

    // the states that reach the cemetery under pi: a breadth-first search
    // backwards from it over the predecessor lists of P_pi (one pass over
    // the dense kernel, O(n_X^2 n_A))
    std::vector<std::vector<unsigned int>> predecessors(n_X);
    for (unsigned int x = 0; x < n_X; ++x)
      for (unsigned int y = 0; y < n_X; ++y)
        for (unsigned int j = 0; j < n_A; ++j)
          if (pi(x, j) > 0. && P(x * n_A + j, y) > 0.)
            {
              predecessors[y].push_back(x);
              break;
            }
    std::vector<bool>         reaches(n_X, false);
    std::vector<unsigned int> queue{dead};
    reaches[dead] = true;
    for (unsigned int next = 0; next < queue.size(); ++next)
      for (const unsigned int x : predecessors[queue[next]])
        if (!reaches[x])
          {
            reaches[x] = true;
            queue.push_back(x);
          }
    std::vector<unsigned int> T;
    for (unsigned int x = 0; x < n_X; ++x)
      if (reaches[x] && x != dead)
        T.push_back(x);
    if (T.empty())
      return result;
    dealii::LAPACKFullMatrix<double> M(T.size(), T.size());
    dealii::Vector<double>           h(T.size());
    // I - P_pi on T with the diagonal 1 - P_pi(x -> x) summed as the flow
    // out of x: a leak of e^{-n / tau} would cancel in 1 - (1 - leak)
    for (unsigned int a = 0; a < T.size(); ++a)
      for (unsigned int j = 0; j < n_A; ++j)
        {
          const unsigned int row = T[a] * n_A + j;
          h[a] += pi(T[a], j) * P(row, dead);
          for (unsigned int y = 0; y < n_X; ++y)
            if (y != T[a])
              M(a, a) += pi(T[a], j) * P(row, y);
          for (unsigned int b = 0; b < T.size(); ++b)
            if (b != a)
              M(a, b) -= pi(T[a], j) * P(row, T[b]);
        }
    M.compute_lu_factorization();
    M.solve(h);
    const dealii::Vector<double> &rho = mdp.initial_distribution();
    for (unsigned int a = 0; a < T.size(); ++a)
      result.ever_violation += rho[T[a]] * h[a];
    result.ever_violation += rho[dead];
    return result;
  }
} // namespace mfpg
