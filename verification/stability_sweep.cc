#include "verification/stability_sweep.h"

#include "verification/gaussian_flow.h"
#include "verification/gaussian_wasserstein.h"
#include "verification/result_table.h"
#include "verification/stability_bound.h"

#include <cmath>
#include <iomanip>
#include <limits>
#include <memory>
#include <sstream>
#include <tuple>

namespace mfpg
{
  const TheoryConstant &
  StabilitySweep::D() const
  {
    return hypothesis.constant(D_on_box, global_D);
  }

  double
  StabilitySweep::worst_ratio() const
  {
    if (hypothesis.reading() == TheoremHypothesis::Reading::silent)
      return std::numeric_limits<double>::quiet_NaN();
    double worst = 0.;
    for (const StabilityPoint &p : points)
      worst = std::max(worst, bound_ratio(p.squared_distance, p.bound));
    return worst;
  }

  std::string
  StabilitySweep::verdict() const
  {
    std::ostringstream out;
    out << std::setprecision(3) << points.size() << " stationary points: ";
    if (hypothesis.reading() == TheoremHypothesis::Reading::silent)
      {
        double largest = 0.;
        for (const StabilityPoint &p : points)
          largest = std::max(largest, p.squared_distance);
        out << "no bound; W2^2(nu*, nu'*) up to " << largest;
      }
    else
      out << "max W2^2(nu*, nu'*) / bound = " << worst_ratio()
          << " (D = " << D().value << ")";
    return hypothesis.verdict(out.str(), worst_ratio() <= 1.);
  }

  void
  StabilitySweep::write_csv(const std::string &filename) const
  {
    std::vector<std::vector<double>> rows;
    for (const StabilityPoint &p : points)
      rows.push_back({p.sigma, p.tau, p.squared_distance, p.bound});
    write_csv_table(filename, "sigma,tau,w2_squared,bound", rows);
  }

  namespace
  {
    Model::Parameters
    with(const Model::Parameters &parameters,
         const double             sigma,
         const double             tau)
    {
      Model::Parameters p    = parameters;
      p.sigma                = sigma;
      p.mdp.entropy_strength = tau;
      return p;
    }
  } // namespace

  double
  bound_ratio(const double squared_distance, const double bound)
  {
    if (bound > 0.)
      return squared_distance / bound;
    return squared_distance > 0. ? std::numeric_limits<double>::infinity() : 0.;
  }

  std::pair<TheoryConstant, TheoryConstant>
  entropy_lipschitz_constant(const Model::Parameters   &parameters,
                             const std::vector<double> &taus,
                             const SupremumSearch      &search)
  {
    const Model        reference(parameters);
    const GaussianFlow reference_flow(reference);
    const double       tau = reference.mdp().entropy_strength();
    std::vector<std::unique_ptr<Model>> others;
    std::vector<GaussianFlow>           other_flows;
    std::vector<double>                 other_taus;
    for (const double tau_prime : taus)
      if (tau_prime != tau)
        {
          others.push_back(std::make_unique<Model>(
            with(parameters, reference.sigma(), tau_prime)));
          other_flows.emplace_back(*others.back());
          other_taus.push_back(tau_prime);
        }
    const SupremumObjective tau_lipschitz =
      [&](const dealii::Vector<double> &m) {
        double largest = 0.;
        for (unsigned int q = 0; q < other_flows.size(); ++q)
          {
            dealii::Vector<double> difference =
              other_flows[q].policy_gradient_drift(m);
            difference -= reference_flow.policy_gradient_drift(m);
            largest =
              std::max(largest,
                       difference.l2_norm() / std::abs(other_taus[q] - tau));
          }
        return largest;
      };
    const unsigned int d = reference.n_parameters();
    return {
      box_maximum(tau_lipschitz, d, search.initial_bound, search.n_per_axis),
      global_maximum(tau_lipschitz, d, search)};
  }

  StabilitySweep
  stability_sweep(const Model::Parameters   &parameters,
                  const std::vector<double> &sigmas,
                  const std::vector<double> &taus,
                  const SupremumSearch      &search)
  {
    const Model        reference(parameters);
    const GaussianFlow reference_flow(reference);
    const GaussianLaw  stationary = reference_flow.stationary_law();
    const double       sigma      = reference.sigma();
    const double       tau        = reference.mdp().entropy_strength();
    const unsigned int d          = reference.n_parameters();

    StabilitySweep sweep{linear_feature_convergence_constants(
                           reference, search.initial_bound, search.n_per_axis),
                         global_linear_feature_convergence_constants(reference,
                                                                     search),
                         {},
                         {},
                         {},
                         {}};
    std::tie(sweep.D_on_box, sweep.global_D) =
      entropy_lipschitz_constant(parameters, taus, search);
    sweep.hypothesis = theorem_hypothesis(sweep.constants_on_box,
                                          sweep.global_constants,
                                          search.initial_bound,
                                          d);
    const bool silent =
      sweep.hypothesis.reading() == TheoremHypothesis::Reading::silent;
    const double beta = sweep.hypothesis.beta();

    for (const double sigma_prime : sigmas)
      for (const double tau_prime : taus)
        {
          const Model       model(with(parameters, sigma_prime, tau_prime));
          const GaussianLaw other = GaussianFlow(model).stationary_law();
          const double      w2    = gaussian_wasserstein(stationary, other);
          const double      bound =
            silent ?
                   std::numeric_limits<double>::quiet_NaN() :
                   stationary_stability_bound(
                {beta,
                      std::abs(sigma * sigma - sigma_prime * sigma_prime),
                      sweep.D().value * std::abs(tau - tau_prime),
                      d * std::pow(sigma - sigma_prime, 2)},
                reference.potential().mean_squared_gradient(other.mean,
                                                            other.covariance))
                .value;
          sweep.points.push_back({sigma_prime, tau_prime, w2 * w2, bound});
        }
    return sweep;
  }
} // namespace mfpg
