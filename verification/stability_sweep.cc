#include "verification/stability_sweep.h"

#include "model/parameter_file.h"
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
  double
  StabilityPoint::ratio() const
  {
    const double reduced =
      std::max(0., std::sqrt(squared_distance) - distance_error);
    return bound_ratio(reduced * reduced, bound);
  }

  double
  StabilityPoint::ratio_uncertainty() const
  {
    return bound_ratio((2. * std::sqrt(squared_distance) + distance_error) *
                         distance_error,
                       bound);
  }

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
      worst = std::max(worst, p.ratio());
    return worst;
  }

  double
  StabilitySweep::largest_distance_error() const
  {
    double largest = 0.;
    for (const StabilityPoint &p : points)
      largest = std::max(largest, p.distance_error);
    return largest;
  }

  void
  StabilitySweep::add_point(const double sigma_prime,
                            const double tau_prime,
                            const double distance,
                            const double distance_error,
                            const double fixed_point_residual,
                            const double grad_U_squared)
  {
    const double bound =
      hypothesis.reading() == TheoremHypothesis::Reading::silent ?
        std::numeric_limits<double>::quiet_NaN() :
        stationary_stability_bound(
          {hypothesis.beta(),
           std::abs(sigma * sigma - sigma_prime * sigma_prime),
           D().value * std::abs(tau - tau_prime),
           hypothesis.dimension * std::pow(sigma - sigma_prime, 2)},
          grad_U_squared)
          .value;
    points.push_back({sigma_prime,
                      tau_prime,
                      distance * distance,
                      distance_error,
                      fixed_point_residual,
                      grad_U_squared,
                      bound});
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
      {
        out << "max W2^2(nu*, nu'*) / bound = " << worst_ratio();
        if (largest_distance_error() > 0.)
          out << " (W2 less its error estimate, at most "
              << largest_distance_error() << ")";
        out << " (D = " << D().value << ")";
      }
    return hypothesis.verdict(out.str(), worst_ratio() <= 1.);
  }

  std::string
  StabilitySweep::verdict_rule()
  {
    return "a point violates the bound of docs/model.md §6.3 only if "
           "(W2 - e)^2 > bound, e the error estimate of W2 (mesh: the grid "
           "Sinkhorn's, 0 in d = 1; Gaussian laws: 0, closed form; "
           "particles: 3 f, f the sampling floor)";
  }

  void
  StabilitySweep::write_csv(const std::string &filename) const
  {
    std::vector<std::vector<double>> rows;
    for (const StabilityPoint &p : points)
      rows.push_back({p.sigma,
                      p.tau,
                      p.squared_distance,
                      p.distance_error,
                      p.mean_squared_gradient,
                      p.bound,
                      p.fixed_point_residual});
    write_csv_table(filename,
                    "sigma,tau,w2_squared,w2_error_estimate,"
                    "mean_squared_gradient,bound,fixed_point_residual",
                    rows);
  }

  void
  require_positive_sigmas(const std::vector<double> &sigmas,
                          const std::string         &what)
  {
    for (const double sigma_prime : sigmas)
      if (!(sigma_prime > 0.))
        throw ParameterError("Stability/Sigmas",
                             what +
                               " at sigma' = " + std::to_string(sigma_prime) +
                               " does not exist: every sigma' must be > 0");
  }

  Model::Parameters
  with_sigma_and_tau(const Model::Parameters &parameters,
                     const double             sigma,
                     const double             tau)
  {
    Model::Parameters p    = parameters;
    p.sigma                = sigma;
    p.mdp.entropy_strength = tau;
    return p;
  }

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
            with_sigma_and_tau(parameters, reference.sigma(), tau_prime)));
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
    const unsigned int                        d = reference.n_parameters();
    std::pair<TheoryConstant, TheoryConstant> D{
      box_maximum(tau_lipschitz, d, search.initial_bound, search.n_per_axis),
      global_maximum(tau_lipschitz, d, search)};
    for (TheoryConstant *c : {&D.first, &D.second})
      c->method = "largest |g_tau'(m) - g_tau(m)| / |tau' - tau| over the "
                  "tau' != tau given: " +
                  c->method;
    return D;
  }

  std::pair<TheoryConstant, TheoryConstant>
  estimate_D(const Model::Parameters   &parameters,
             const std::vector<double> &taus,
             const SupremumSearch      &search)
  {
    if (parameters.feature.type == "linear")
      return entropy_lipschitz_constant(parameters, taus, search);
    ConstantSampling sampling;
    sampling.lo = -search.initial_bound;
    sampling.hi = search.initial_bound;
    return {sampled_entropy_lipschitz_constant(parameters, taus, sampling),
            global_sampled_entropy_lipschitz_constant(
              parameters, taus, sampling, search)};
  }

  StabilitySweep
  stability_constants(const Model::Parameters   &parameters,
                      const std::vector<double> &taus,
                      const SupremumSearch      &search)
  {
    const Model        model(parameters);
    const unsigned int d = model.n_parameters();
    StabilitySweep     sweep;
    sweep.sigma = model.sigma();
    sweep.tau   = model.mdp().entropy_strength();
    if (parameters.feature.type == "linear")
      {
        sweep.constants_on_box =
          linear_feature_convergence_constants(model,
                                               search.initial_bound,
                                               search.n_per_axis);
        sweep.global_constants =
          global_linear_feature_convergence_constants(model, search);
      }
    else
      {
        ConstantSampling sampling;
        sampling.lo            = -search.initial_bound;
        sampling.hi            = search.initial_bound;
        sweep.constants_on_box = sampled_convergence_constants(model, sampling);
        sweep.global_constants =
          global_sampled_convergence_constants(model, sampling, search);
      }
    std::tie(sweep.D_on_box, sweep.global_D) =
      estimate_D(parameters, taus, search);
    sweep.hypothesis = theorem_hypothesis(sweep.constants_on_box,
                                          sweep.global_constants,
                                          search.initial_bound,
                                          d);
    return sweep;
  }

  StabilitySweep
  stability_sweep(const Model::Parameters   &parameters,
                  const std::vector<double> &sigmas,
                  const std::vector<double> &taus,
                  const SupremumSearch      &search)
  {
    const Model       reference(parameters);
    const GaussianLaw stationary = GaussianFlow(reference).stationary_law();
    StabilitySweep    sweep = stability_constants(parameters, taus, search);
    for (const double sigma_prime : sigmas)
      for (const double tau_prime : taus)
        {
          const Model model(
            with_sigma_and_tau(parameters, sigma_prime, tau_prime));
          const GaussianLaw other = GaussianFlow(model).stationary_law();
          sweep.add_point(sigma_prime,
                          tau_prime,
                          gaussian_wasserstein(stationary, other),
                          0.,
                          std::numeric_limits<double>::quiet_NaN(),
                          reference.potential().mean_squared_gradient(
                            other.mean, other.covariance));
        }
    return sweep;
  }
} // namespace mfpg
