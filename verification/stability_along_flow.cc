#include "verification/stability_along_flow.h"

#include <deal.II/base/quadrature_lib.h>

#include "verification/gaussian_flow.h"
#include "verification/gaussian_wasserstein.h"
#include "verification/result_table.h"
#include "verification/stability_bound.h"
#include "verification/stability_sweep.h"

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>
#include <tuple>

namespace mfpg
{
  const TheoryConstant &
  FlowStability::D() const
  {
    return hypothesis.constant(D_on_box, global_D);
  }

  double
  FlowStability::worst_ratio() const
  {
    if (hypothesis.reading() == TheoremHypothesis::Reading::silent)
      return std::numeric_limits<double>::quiet_NaN();
    double worst = 0.;
    for (const FlowStabilityPoint &p : points)
      if (p.time > 0.)
        worst =
          std::max(worst,
                   bound_ratio(std::pow(std::max(0.,
                                                 std::sqrt(p.squared_distance) -
                                                   p.distance_error),
                                        2),
                               p.bound));
    return worst;
  }

  std::string
  FlowStability::verdict() const
  {
    std::ostringstream out;
    out << std::setprecision(3) << "along the flow, " << points.size()
        << " times: ";
    if (hypothesis.reading() == TheoremHypothesis::Reading::silent)
      out << "no bound";
    else
      {
        const bool estimated =
          std::any_of(points.begin(), points.end(), [](const auto &p) {
            return p.distance_error > 0.;
          });
        out << (estimated ? "max (W2 - its error estimate)^2 / bound" :
                            "max W2^2(nu_t, nu'_t) / bound")
            << " over t > 0 = " << worst_ratio() << " (D = " << D().value
            << ")";
      }
    return hypothesis.verdict(out.str(), worst_ratio() <= 1. + 1e-6);
  }

  void
  FlowStability::write_csv(const std::string &filename) const
  {
    std::vector<std::vector<double>> rows;
    for (const FlowStabilityPoint &p : points)
      rows.push_back({p.time,
                      p.squared_distance,
                      p.bound,
                      p.best_l,
                      p.best_eta,
                      p.distance_error});
    write_csv_table(
      filename,
      "t,w2_squared_along_flow,bound,best_l,best_eta,w2_error_estimate",
      rows);
  }

  void
  add_flow_stability_bounds(
    FlowStability                                     &result,
    const Model                                       &model,
    const double                                       second_sigma,
    const double                                       second_tau,
    const double                                       initial_squared_distance,
    const std::function<double(unsigned int, double)> &memory)
  {
    if (result.hypothesis.reading() == TheoremHypothesis::Reading::silent)
      return;
    const double       sigma = model.sigma();
    const StabilityGap gap{
      result.hypothesis.beta(),
      std::abs(sigma * sigma - second_sigma * second_sigma),
      result.D().value * std::abs(model.mdp().entropy_strength() - second_tau),
      model.n_parameters() * std::pow(sigma - second_sigma, 2)};
    for (unsigned int k = 0; k < result.points.size(); ++k)
      {
        FlowStabilityPoint  &point = result.points[k];
        const StabilityBound bound = flow_stability_bound(
          gap, point.time, initial_squared_distance, [&](const double rate) {
            return memory(k, rate);
          });
        point.bound    = bound.value;
        point.best_l   = bound.best_l;
        point.best_eta = bound.best_eta;
      }
  }

  namespace
  {
    /**
     * The memory term ∫_0^{t_k} e^{-r (t_k - s)} M(s) ds at the output times
     * t_k, by 10-point Gauss–Legendre on panels that split each [t_{k-1},
     * t_k] (t_{-1} = 0) into pieces of length h at most 1 / rate_scale,
     * rate_scale covering the kernel's r <= 2 beta and the covariance
     * relaxation of nu'_s: the rule integrates e^{-r u} with r h <= 1 to a
     * relative error of order 2^{-20} / 20!. The mean's relaxation rate is
     * not in rate_scale (model.md §6.6).
     */
    class MemoryIntegral
    {
    public:
      MemoryIntegral(const GaussianFlow        &flow,
                     const GaussianLaw         &initial,
                     const QuadraticPotential  &potential,
                     const std::vector<double> &times,
                     const double               rate_scale)
      {
        const dealii::QGauss<1> gauss(10);
        double                  start = 0.;
        for (const double t : times)
          {
            const unsigned int panels =
              std::max(1., std::ceil((t - start) * rate_scale));
            const double width = (t - start) / panels;
            for (unsigned int p = 0; p < panels; ++p)
              for (unsigned int q = 0; q < gauss.size(); ++q)
                {
                  nodes.push_back(start + width * (p + gauss.point(q)[0]));
                  weights.push_back(width * gauss.weight(q));
                }
            nodes_up_to.push_back(nodes.size());
            start = t;
          }
        const std::vector<GaussianLaw> laws = flow.solve(initial, nodes);
        for (unsigned int j = 0; j < nodes.size(); ++j)
          weights[j] *=
            potential.mean_squared_gradient(laws[j].mean, laws[j].covariance);
      }

      /** ∫_0^{t_k} e^{-rate (t_k - s)} M(s) ds. */
      double
      operator()(const unsigned int k, const double t, const double rate) const
      {
        double sum = 0.;
        for (unsigned int j = 0; j < nodes_up_to[k]; ++j)
          sum += weights[j] * std::exp(-rate * (t - nodes[j]));
        return sum;
      }

    private:
      std::vector<double> nodes;
      /** Gauss weight times M(node). */
      std::vector<double>       weights;
      std::vector<unsigned int> nodes_up_to;
    };
  } // namespace

  FlowStability
  stability_along_flow(const Model::Parameters   &parameters,
                       const GaussianLaw         &initial,
                       const SecondFlow          &second,
                       const std::vector<double> &times,
                       const TheoremHypothesis   &hypothesis,
                       const SupremumSearch      &search)
  {
    const Model model(parameters);
    const Model second_model(
      with_sigma_and_tau(parameters, second.sigma, second.tau));
    const GaussianFlow flow(model);
    const GaussianFlow second_flow(second_model);

    FlowStability result{hypothesis, {}, {}, {}};
    std::tie(result.D_on_box, result.global_D) =
      entropy_lipschitz_constant(parameters, {second.tau}, search);

    const std::vector<GaussianLaw> laws = flow.solve(initial, times);
    const std::vector<GaussianLaw> second_laws =
      second_flow.solve(second.initial, times);
    constexpr double no_bound = std::numeric_limits<double>::quiet_NaN();
    for (unsigned int k = 0; k < times.size(); ++k)
      result.points.push_back(
        {times[k],
         std::pow(gaussian_wasserstein(laws[k], second_laws[k]), 2),
         0.,
         no_bound,
         no_bound,
         no_bound});

    const MemoryIntegral memory(
      second_flow,
      second.initial,
      model.potential(),
      times,
      std::max(1.,
               second.sigma * second.sigma *
                   model.potential().stiffness().frobenius_norm() +
                 2. * std::abs(hypothesis.beta())));
    add_flow_stability_bounds(
      result,
      model,
      second.sigma,
      second.tau,
      std::pow(gaussian_wasserstein(initial, second.initial), 2),
      [&](const unsigned int k, const double rate) {
        return memory(k, times[k], rate);
      });
    return result;
  }
} // namespace mfpg
