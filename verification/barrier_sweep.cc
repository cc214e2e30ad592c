#include "verification/barrier_sweep.h"

#include "model/barrier_gap.h"
#include "model/coupling_weights.h"
#include "model/parameter_file.h"
#include "model/safety_measures.h"
#include "model/soft_value_iteration.h"
#include "verification/convergence_constants.h"
#include "verification/exponential_convergence.h"
#include "verification/gaussian_flow.h"
#include "verification/gaussian_wasserstein.h"

#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <tuple>

namespace mfpg
{
  namespace
  {
    /** @p parameters with the barrier of strength @p n at @p placement. */
    Model::Parameters
    placed(Model::Parameters  parameters,
           const double       n,
           const std::string &placement)
    {
      parameters.mdp.safety.strength  = n;
      parameters.mdp.safety.placement = placement;
      return parameters;
    }

    /**
     * b of fact 1: the smallest b(z - c) = -B_n(z - c) / n over the
     * violations from the viability kernel of @p mdp (strength n > 0).
     */
    double
    smallest_violation_barrier(const Mdp &mdp)
    {
      const SafetyConstraint &c = *mdp.safety();
      double                  b = std::numeric_limits<double>::infinity();
      for (unsigned int x = 0; x < c.cemetery(); ++x)
        for (unsigned int j = 0; j < mdp.n_actions(); ++j)
          if (mdp.viability_kernel()[x] && c.budget_left(x, j) < 0.)
            b = std::min(b,
                         -c.barrier(c.budget_left(x, j)) /
                           c.parameters().strength);
      return b;
    }

    /** The SafetyMeasures of the policy of energy @p F on @p mdp. */
    SafetyMeasures
    measures_of(const Mdp &mdp, const dealii::FullMatrix<double> &F)
    {
      const PolicyGradient pg(mdp, F);
      return safety_measures(mdp, pg.policy(), pg.evaluation());
    }

    std::string
    number(const double x)
    {
      std::ostringstream out;
      out << std::setprecision(4) << x;
      return out.str();
    }

    /** Whether @p values rise (@p sign 1) or fall (-1) strictly. */
    bool
    strictly_monotone(const std::vector<double> &values, const double sign)
    {
      for (unsigned int k = 1; k < values.size(); ++k)
        if (!(sign * (values[k] - values[k - 1]) > 0.))
          return false;
      return true;
    }

    /** The points' @p field, in the order of the strengths. */
    template <typename Field>
    std::vector<double>
    column(const std::vector<BarrierStrengthResult> &points, Field field)
    {
      std::vector<double> values;
      for (const BarrierStrengthResult &p : points)
        values.push_back(field(p));
      return values;
    }
  } // namespace

  GaussianStationaryLaws::GaussianStationaryLaws(
    const GaussianLaw         &initial,
    const std::vector<double> &times,
    const double               fit_start,
    const SupremumSearch      &search)
    : initial(initial)
    , times(times)
    , fit_start(fit_start)
    , search(search)
  {
  }

  BarrierStationaryLaws::Law
  GaussianStationaryLaws::stationary_law(const Model &model,
                                         const bool   reference_law)
  {
    const GaussianFlow flow(model);
    last = flow.stationary_law();
    if (reference_law)
      reference = last;
    return {last.mean,
            flow.regularised_objective(last),
            flow.policy_energy(last.mean)};
  }

  std::pair<double, double>
  GaussianStationaryLaws::distance_to_reference() const
  {
    return {gaussian_wasserstein(last, reference), 0.};
  }

  void
  GaussianStationaryLaws::rates(const Model           &model,
                                BarrierStrengthResult &point) const
  {
    const GaussianFlow                  flow(model);
    const GaussianFlow::StationaryPoint fixed = flow.stationary_point();
    const ConvergenceConstants          constants =
      global_linear_feature_convergence_constants(model, search);
    point.lipschitz = constants.L.value;
    point.beta      = constants.beta();
    const dealii::Vector<double> &real_parts =
      fixed.jacobian_eigenvalues_real_parts;
    point.linearised_rate = -real_parts[real_parts.size() - 1];
    std::vector<double> distances;
    for (const GaussianLaw &at : flow.solve(initial, times))
      distances.push_back(gaussian_wasserstein(at, fixed.law));
    point.observed_rate = decay_rate(
      times, distances, fit_start, 1e-8, std::vector<double>(times.size()));
  }

  BarrierSweep
  barrier_sweep(const Model::Parameters   &parameters,
                const std::vector<double> &strengths,
                BarrierStationaryLaws     &laws)
  {
    const Mdp::Parameters &mdp = parameters.mdp;
    if (!mdp.safety.enabled)
      throw ParameterError("MDP/Safety/Enabled",
                           "the barrier sweep needs a safety budget");
    if (mdp.policy_regulariser != "kl" || !(mdp.entropy_strength > 0.))
      throw ParameterError("MDP/Policy regulariser",
                           "the barrier sweep compares the barrier in the "
                           "reward with the barrier in the reference "
                           "measure, the same objective only for kl with "
                           "tau > 0");
    if (strengths.empty())
      throw ParameterError("Barrier sweep/Barrier strengths", "none given");
    for (unsigned int k = 0; k < strengths.size(); ++k)
      if (!(strengths[k] > 0.) || (k > 0 && !(strengths[k] > strengths[k - 1])))
        throw ParameterError("Barrier sweep/Barrier strengths",
                             "must be positive and increasing");

    BarrierSweep                     sweep;
    const Model                      hard(placed(parameters, 1., "hard"));
    const BarrierStationaryLaws::Law hard_law = laws.stationary_law(hard, true);
    sweep.hard_mean                           = hard_law.mean;
    sweep.hard_objective                      = hard_law.objective;
    sweep.hard_value = PolicyGradient(hard.mdp(), hard_law.policy_energy)
                         .evaluation()
                         .objective();
    sweep.hard_soft_optimum = soft_value_iteration(hard.mdp(), 1e-15).objective;

    std::vector<double> gap_strengths, log_gaps;
    for (const double n : strengths)
      {
        BarrierStrengthResult point;
        point.strength = n;
        const Model  in_reward(placed(parameters, n, "reward"));
        const Model  in_measure(placed(parameters, n, "reference measure"));
        const Mdp   &penalised = in_reward.mdp();
        const double tau       = penalised.entropy_strength();
        if (n == strengths.front())
          sweep.predicted_gap_rate =
            smallest_violation_barrier(penalised) / tau;

        // the soft optimum: its gap, and its policy pi*_n = softmax(Q*_n /
        // tau)
        point.soft_optimal_gap = barrier_gap(penalised, hard.mdp());
        dealii::FullMatrix<double> F(
          soft_value_iteration(penalised, 1e-15).q_function);
        F *= 1. / tau;
        point.optimum_violation =
          measures_of(penalised, F).discounted_violation;
        if (point.soft_optimal_gap > 0.)
          {
            gap_strengths.push_back(n);
            log_gaps.push_back(std::log(point.soft_optimal_gap));
          }

        // the flow with the barrier in the reward
        const BarrierStationaryLaws::Law law =
          laws.stationary_law(in_reward, false);
        point.mean                  = law.mean;
        point.objective             = law.objective;
        const SafetyMeasures safety = measures_of(penalised, law.policy_energy);
        point.violation             = safety.discounted_violation;
        point.unpenalised_value     = safety.unpenalised_value;
        point.ever_violation        = safety.ever_violation;
        laws.rates(in_reward, point);

        // the flow with the barrier in the reference measure
        point.measure_mean = laws.stationary_law(in_measure, false).mean;
        std::tie(point.distance_to_hard, point.distance_error) =
          laws.distance_to_reference();
        sweep.points.push_back(point);
      }
    sweep.gap_rate       = least_squares_fit(gap_strengths, log_gaps);
    sweep.gap_rate.value = -sweep.gap_rate.value;
    return sweep;
  }

  std::vector<std::string>
  BarrierSweep::verdict_rules()
  {
    return {"gap: holds when the rate fitted to ln(V*_n - V*_inf) over n "
            "(least squares, every strength with a positive gap, at least 3) "
            "is within 2 % of b / tau",
            "escape: holds when, with the barrier in the reward, |m*_n| rises "
            "strictly over the upper half of the strengths (from the "
            "floor(K / 2)-th of K on) and J_n(nu*_n) and V_0(nu*_n) fall "
            "strictly from each strength to the next, and, with the barrier "
            "in mu_n, W2 to the hard "
            "constraint's stationary law falls (each step down by more than "
            "minus the two W2 error estimates) to at most max(1e-6, 3 x its "
            "error estimate)",
            "rate: holds when beta_n <= 0 at some strength while the observed "
            "rate is positive at every strength"};
  }

  std::string
  BarrierSweep::gap_verdict() const
  {
    const double       relative = gap_rate.value / predicted_gap_rate - 1.;
    const bool         fitted   = !std::isnan(gap_rate.standard_error);
    std::ostringstream out;
    out << (fitted && std::abs(relative) <= 0.02 ? "holds" : "does not hold")
        << ": V*_n - V*_inf decays at the rate " << number(gap_rate.value)
        << (fitted ? " ± " + number(gap_rate.standard_error) :
                     std::string(" (fewer than 3 positive gaps)"))
        << " in n against b / tau = " << number(predicted_gap_rate) << " ("
        << std::showpos << number(100. * relative) << std::noshowpos << " %)";
    return out.str();
  }

  std::string
  BarrierSweep::escape_verdict() const
  {
    const auto norms      = column(points, [](const BarrierStrengthResult &p) {
      return p.mean.l2_norm();
    });
    const auto objectives = column(points, [](const BarrierStrengthResult &p) {
      return p.objective;
    });
    const auto values     = column(points, [](const BarrierStrengthResult &p) {
      return p.unpenalised_value;
    });
    const auto distances  = column(points, [](const BarrierStrengthResult &p) {
      return p.distance_to_hard;
    });
    // W2 to the hard law falls, up to its error estimates, to at most
    // max(1e-6, 3 x its error estimate)
    bool converges =
      distances.back() <= std::max(1e-6, 3. * points.back().distance_error);
    for (unsigned int k = 1; k < points.size(); ++k)
      converges = converges && distances[k] < distances[k - 1] +
                                                points[k].distance_error +
                                                points[k - 1].distance_error;
    // the escape is a statement about large n: |m*_n| over the upper half
    // of the strengths (at small n the mean may pass through 0)
    const std::vector<double> upper_norms(norms.begin() + norms.size() / 2,
                                          norms.end());
    const bool                holds = strictly_monotone(upper_norms, 1.) &&
                       strictly_monotone(objectives, -1.) &&
                       strictly_monotone(values, -1.) && converges;
    std::ostringstream out;
    out << (holds ? "holds" : "does not hold")
        << ": barrier in the reward: |m*_n| " << number(upper_norms.front())
        << " at n = " << number(points[norms.size() / 2].strength) << " -> "
        << number(norms.back());
    if (points.size() > 1)
      out << " (d|m*_n| / d ln n = "
          << number((norms.back() - norms[norms.size() - 2]) /
                    std::log(points.back().strength /
                             points[points.size() - 2].strength))
          << " over the last step)";
    out << ", J_n(nu*_n) " << number(objectives.front()) << " -> "
        << number(objectives.back()) << ", V_0 " << number(values.front())
        << " -> " << number(values.back())
        << "; barrier in mu_n: W2 to the hard constraint's nu* "
        << number(distances.front()) << " -> " << number(distances.back())
        << (points.back().distance_error > 0. ?
              " (error estimate " + number(points.back().distance_error) + ")" :
              std::string());
    return out.str();
  }

  std::string
  BarrierSweep::rate_verdict() const
  {
    const BarrierStrengthResult *first_negative = nullptr, *slowest = nullptr;
    for (const BarrierStrengthResult &p : points)
      {
        if (first_negative == nullptr && p.beta <= 0.)
          first_negative = &p;
        if (slowest == nullptr ||
            !(p.observed_rate.value > slowest->observed_rate.value))
          slowest = &p;
      }
    const bool         positive = slowest->observed_rate.value > 0.;
    std::ostringstream out;
    out << (first_negative != nullptr && positive ? "holds" : "does not hold")
        << ": ";
    if (first_negative != nullptr)
      out << "beta_n <= 0 from n = " << number(first_negative->strength)
          << " (beta = " << number(first_negative->beta) << ")";
    else
      out << "beta_n > 0 at every strength (last " << number(points.back().beta)
          << ")";
    out << "; the slowest observed rate is "
        << number(slowest->observed_rate.value)
        << " at n = " << number(slowest->strength);
    return out.str();
  }

  void
  BarrierSweep::write_csv(const std::string &file) const
  {
    const unsigned int d = hard_mean.size();
    std::string header   = "barrier_strength,soft_optimal_gap,D_viol_optimum";
    for (unsigned int k = 1; k <= d; ++k)
      header += ",m" + std::to_string(k);
    header += ",norm_m,J_n,D_viol,V_0,P_violate,L,beta,observed_rate,"
              "observed_rate_se,linearised_rate";
    for (unsigned int k = 1; k <= d; ++k)
      header += ",mu_n_m" + std::to_string(k);
    header += ",W2_to_hard,W2_to_hard_error";
    std::vector<std::vector<double>> rows;
    for (const BarrierStrengthResult &p : points)
      {
        std::vector<double> row{p.strength,
                                p.soft_optimal_gap,
                                p.optimum_violation};
        row.insert(row.end(), p.mean.begin(), p.mean.end());
        for (const double x : {p.mean.l2_norm(),
                               p.objective,
                               p.violation,
                               p.unpenalised_value,
                               p.ever_violation,
                               p.lipschitz,
                               p.beta,
                               p.observed_rate.value,
                               p.observed_rate.standard_error,
                               p.linearised_rate})
          row.push_back(x);
        row.insert(row.end(), p.measure_mean.begin(), p.measure_mean.end());
        row.push_back(p.distance_to_hard);
        row.push_back(p.distance_error);
        rows.push_back(row);
      }
    write_csv_table(file, header, rows);
  }
} // namespace mfpg
