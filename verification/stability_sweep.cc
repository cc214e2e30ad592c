#include "verification/stability_sweep.h"

#include "verification/gaussian_flow.h"
#include "verification/gaussian_wasserstein.h"
#include "verification/result_table.h"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <limits>
#include <sstream>

namespace mfpg
{
  double
  StabilitySweep::worst_ratio() const
  {
    double worst = 0.;
    for (const StabilityPoint &p : points)
      if (p.bound > 0.)
        worst = std::max(worst, p.squared_distance / p.bound);
      else if (p.squared_distance > 0.)
        return std::numeric_limits<double>::infinity();
    return worst;
  }

  std::string
  StabilitySweep::verdict() const
  {
    std::ostringstream out;
    out << std::setprecision(3) << points.size()
        << " stationary points: max W2^2(nu*, nu'*) / bound = " << worst_ratio()
        << " (beta = " << constants.beta() << ", D = " << D << "): "
        << (worst_ratio() <= 1. ? "the stability bound holds" :
                                  "the stability bound is VIOLATED");
    return out.str();
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

    /** The means of the grid [lo, hi]^d, n per axis. */
    std::vector<dealii::Vector<double>>
    grid_of_means(const unsigned int d,
                  const double       lo,
                  const double       hi,
                  const unsigned int n)
    {
      unsigned int n_points = 1;
      for (unsigned int k = 0; k < d; ++k)
        n_points *= n;
      std::vector<dealii::Vector<double>> means(n_points,
                                                dealii::Vector<double>(d));
      for (unsigned int q = 0; q < n_points; ++q)
        for (unsigned int k = 0, rest = q; k < d; ++k, rest /= n)
          means[q][k] = lo + (hi - lo) * (rest % n) / std::max(1u, n - 1);
      return means;
    }
  } // namespace

  StabilitySweep
  stability_sweep(const Model::Parameters   &parameters,
                  const std::vector<double> &sigmas,
                  const std::vector<double> &taus,
                  const double               lo,
                  const double               hi,
                  const unsigned int         n_per_axis)
  {
    const Model        reference(parameters);
    const GaussianFlow reference_flow(reference);
    const GaussianLaw  stationary = reference_flow.stationary_law();
    const double       sigma      = reference.sigma();
    const double       tau        = reference.mdp().entropy_strength();
    const unsigned int d          = reference.n_parameters();

    StabilitySweep sweep{
      linear_feature_convergence_constants(reference, lo, hi, n_per_axis),
      0.,
      {}};
    const double beta = sweep.constants.beta();

    const auto means = grid_of_means(d, lo, hi, n_per_axis);
    for (const double tau_prime : taus)
      if (tau_prime != tau)
        {
          const Model        model(with(parameters, sigma, tau_prime));
          const GaussianFlow flow(model);
          for (const auto &m : means)
            {
              dealii::Vector<double> difference = flow.policy_gradient_drift(m);
              difference -= reference_flow.policy_gradient_drift(m);
              sweep.D =
                std::max(sweep.D,
                         difference.l2_norm() / std::abs(tau_prime - tau));
            }
        }

    for (const double sigma_prime : sigmas)
      for (const double tau_prime : taus)
        {
          const Model       model(with(parameters, sigma_prime, tau_prime));
          const GaussianLaw other       = GaussianFlow(model).stationary_law();
          const double      grad_U_squared =
            reference.potential().mean_squared_gradient(other.mean,
                                                        other.covariance);
          const double delta_sigma2 =
            std::abs(sigma * sigma - sigma_prime * sigma_prime);
          const double rest = sweep.D * std::abs(tau - tau_prime) +
                              d * std::pow(sigma - sigma_prime, 2);
          double bound = std::numeric_limits<double>::infinity();
          if (delta_sigma2 == 0.)
            bound = rest / (2. * beta);
          else
            for (unsigned int k = 1; k < 200; ++k)
              {
                const double l      = beta / delta_sigma2 * k / 200.;
                const double beta_l = beta - l * delta_sigma2;
                bound =
                  std::min(bound,
                           delta_sigma2 / (16. * l * beta_l) * grad_U_squared +
                             rest / (2. * beta_l));
              }
          const double w2 = gaussian_wasserstein(stationary, other);
          sweep.points.push_back({sigma_prime, tau_prime, w2 * w2, bound});
        }
    return sweep;
  }
} // namespace mfpg
