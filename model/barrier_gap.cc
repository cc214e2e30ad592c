#include "model/barrier_gap.h"

#include "model/mdp.h"
#include "model/soft_value_iteration.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

namespace mfpg
{
  double
  barrier_gap(const Mdp &barrier, const Mdp &hard)
  {
    if (barrier.safety() == nullptr || hard.safety() == nullptr ||
        !hard.safety()->parameters().is_hard() ||
        barrier.safety()->parameters().is_hard())
      throw std::invalid_argument("barrier_gap: a barrier's MDP and the hard "
                                  "constraint's MDP are needed");
    if (!barrier.policy_regulariser().is_kl() ||
        !hard.policy_regulariser().is_kl() ||
        !(barrier.entropy_strength() > 0.))
      throw std::invalid_argument("barrier_gap: needs kl with tau > 0");
    const unsigned int                n_X    = hard.n_states();
    const unsigned int                n_A    = hard.n_actions();
    const double                      tau    = hard.entropy_strength();
    const double                      gamma  = hard.discount();
    const std::vector<bool>          &viable = hard.viability_kernel();
    const dealii::FullMatrix<double> &P      = hard.transition();
    const dealii::FullMatrix<double> &mu     = hard.reference_weights();
    const dealii::FullMatrix<double> &mu_n   = barrier.reference_weights();
    const SoftOptimum                 limit = soft_value_iteration(hard, 1e-15);
    const SoftOptimum penalised = soft_value_iteration(barrier, 1e-15);

    // the hard optimum's policy on R_x and the barrier's weight off it
    dealii::FullMatrix<double> pi(n_X, n_A);
    std::vector<double>        leak(n_X, 0.);
    for (unsigned int x = 0; x < n_X; ++x)
      if (viable[x])
        for (unsigned int j = 0; j < n_A; ++j)
          {
            const double V = limit.value[x];
            if (mu(x, j) > 0.)
              pi(x, j) =
                mu(x, j) * std::exp((limit.q_function(x, j) - V) / tau);
            else
              leak[x] +=
                mu_n(x, j) * std::exp((penalised.q_function(x, j) - V) / tau);
          }

    std::vector<double> delta(n_X, 0.), next(n_X, 0.);
    for (unsigned int iteration = 0;; ++iteration)
      {
        double change = 0., size = 0.;
        for (unsigned int x = 0; x < n_X; ++x)
          if (viable[x])
            {
              double sum = leak[x];
              for (unsigned int j = 0; j < n_A; ++j)
                if (pi(x, j) > 0.)
                  {
                    double expected = 0.; // (P delta)_xj, within K
                    for (unsigned int y = 0; y < n_X; ++y)
                      expected += P(x * n_A + j, y) * delta[y];
                    sum += pi(x, j) * std::expm1(gamma * expected / tau);
                  }
              next[x] = tau * std::log1p(sum);
              change  = std::max(change, std::abs(next[x] - delta[x]));
              size    = std::max(size, std::abs(next[x]));
            }
        delta.swap(next);
        if (change <= 1e-15 * size)
          break;
        if (iteration == 1000000)
          throw std::runtime_error("barrier_gap: no convergence (change " +
                                   std::to_string(change) + ")");
      }
    double gap = 0.;
    for (unsigned int x = 0; x < n_X; ++x)
      gap += hard.initial_distribution()[x] * delta[x];
    return gap;
  }
} // namespace mfpg
