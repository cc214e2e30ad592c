#include "verification/gaussian_flow.h"

#include <deal.II/base/array_view.h>
#include <deal.II/base/exceptions.h>
#include <deal.II/lac/lapack_full_matrix.h>

#include <boost/numeric/odeint.hpp>

#include "model/coupling_weights.h"
#include "model/parameter_file.h"
#include "model/symmetric_matrix_function.h"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>

namespace mfpg
{
  namespace
  {
    const LinearFeature &
    linear_feature(const Model &model)
    {
      const auto *linear =
        dynamic_cast<const LinearFeature *>(&model.feature());
      if (linear == nullptr)
        throw ParameterError(
          "Feature/Type",
          "the exact Gaussian solution (docs/model.md §7) needs a linear feature "
          "f = theta · phi(s, a); this model's feature is not linear");
      return *linear;
    }

    /** The ODE state: m (d entries), then S row by row (d^2 entries). */
    std::vector<double>
    state_of(const GaussianLaw &law)
    {
      const unsigned int  d = law.mean.size();
      std::vector<double> x(law.mean.begin(), law.mean.end());
      x.reserve(d + d * d);
      for (unsigned int k = 0; k < d; ++k)
        for (unsigned int l = 0; l < d; ++l)
          x.push_back(law.covariance(k, l));
      return x;
    }

    /** The law of an ODE state; S is symmetrised against rounding. */
    GaussianLaw
    law_of(const std::vector<double> &x, const unsigned int d)
    {
      GaussianLaw law{dealii::Vector<double>(x.begin(), x.begin() + d),
                      dealii::FullMatrix<double>(d, d)};
      for (unsigned int k = 0; k < d; ++k)
        for (unsigned int l = 0; l < d; ++l)
          law.covariance(k, l) = 0.5 * (x[d + k * d + l] + x[d + l * d + k]);
      return law;
    }

    void
    check_times(const std::vector<double> &times)
    {
      for (unsigned int n = 0; n < times.size(); ++n)
        {
          if (!std::isfinite(times[n]) || times[n] < 0.)
            throw std::invalid_argument(
              "GaussianFlow::solve: times must be finite and >= 0 (the flow "
              "starts at t = 0), got times[" +
              std::to_string(n) + "] = " + std::to_string(times[n]));
          if (n > 0 && times[n] < times[n - 1])
            throw std::invalid_argument(
              "GaussianFlow::solve: times must be non-decreasing, got times[" +
              std::to_string(n - 1) + "] = " + std::to_string(times[n - 1]) +
              " > times[" + std::to_string(n) +
              "] = " + std::to_string(times[n]));
        }
    }

    double
    norm(const dealii::Vector<double> &v)
    {
      return v.l2_norm();
    }
  } // namespace

  bool
  GaussianFlow::StationaryPoint::is_linearly_stable() const
  {
    return std::all_of(jacobian_eigenvalues_real_parts.begin(),
                       jacobian_eigenvalues_real_parts.end(),
                       [](const double re) { return re < 0.; });
  }

  GaussianFlow::GaussianFlow(const Model &model)
    : model(model)
    , feature(linear_feature(model))
  {
    model.require_diffusion("the exact Gaussian flow");
  }

  unsigned int
  GaussianFlow::n_parameters() const
  {
    return feature.n_parameters();
  }

  dealii::FullMatrix<double>
  GaussianFlow::policy_energy(const dealii::Vector<double> &m) const
  {
    AssertDimension(m.size(), n_parameters());
    dealii::FullMatrix<double> F(model.mdp().n_states(),
                                 model.mdp().n_actions());
    feature.add_values(dealii::make_array_view(m), 1., F);
    return F;
  }

  dealii::Vector<double>
  GaussianFlow::policy_gradient_drift(const dealii::Vector<double> &m) const
  {
    const PolicyGradient   pg(model.mdp(), policy_energy(m));
    dealii::Vector<double> g(n_parameters());
    feature.drift(dealii::make_array_view(m),
                  pg.weights(),
                  dealii::make_array_view(g));
    return g;
  }

  dealii::Vector<double>
  GaussianFlow::mean_drift(const dealii::Vector<double> &m) const
  {
    const double           sigma = model.sigma();
    dealii::Vector<double> drift = policy_gradient_drift(m);
    model.potential().add_scaled_gradients(m.data(),
                                           1,
                                           -0.5 * sigma * sigma,
                                           drift.data());
    return drift;
  }

  dealii::FullMatrix<double>
  GaussianFlow::mean_drift_jacobian(const dealii::Vector<double> &m) const
  {
    const unsigned int         d = n_parameters();
    dealii::FullMatrix<double> J(d, d);
    for (unsigned int l = 0; l < d; ++l)
      {
        const double           h = 1e-6 * std::max(1., std::abs(m[l]));
        dealii::Vector<double> plus(m), minus(m);
        plus[l] += h;
        minus[l] -= h;
        const dealii::Vector<double> b_plus  = mean_drift(plus);
        const dealii::Vector<double> b_minus = mean_drift(minus);
        // divide by the step actually taken, not by the intended 2 h
        const double step = plus[l] - minus[l];
        for (unsigned int k = 0; k < d; ++k)
          J(k, l) = (b_plus[k] - b_minus[k]) / step;
      }
    return J;
  }

  dealii::FullMatrix<double>
  GaussianFlow::covariance_drift(const dealii::FullMatrix<double> &S) const
  {
    const unsigned int                d     = n_parameters();
    const dealii::FullMatrix<double> &K     = model.potential().stiffness();
    const double                      sigma = model.sigma();
    AssertDimension(S.m(), d);
    AssertDimension(S.n(), d);
    dealii::FullMatrix<double> KS(d, d), SK(d, d);
    K.mmult(KS, S);
    S.mmult(SK, K);
    dealii::FullMatrix<double> dS(d, d);
    for (unsigned int k = 0; k < d; ++k)
      for (unsigned int l = 0; l < d; ++l)
        dS(k, l) = -0.5 * sigma * sigma * (KS(k, l) + SK(k, l)) +
                   (k == l ? sigma * sigma : 0.);
    return dS;
  }

  void
  GaussianFlow::check_dimension(const GaussianLaw &law,
                                const char        *function) const
  {
    const unsigned int d = n_parameters();
    if (law.mean.size() != d || law.covariance.m() != d ||
        law.covariance.n() != d)
      throw std::invalid_argument(
        std::string("GaussianFlow::") + function +
        ": the law has a mean of size " + std::to_string(law.mean.size()) +
        " and a covariance of size " + std::to_string(law.covariance.m()) +
        " x " + std::to_string(law.covariance.n()) +
        ", but theta has dimension " + std::to_string(d));
  }

  std::vector<GaussianLaw>
  GaussianFlow::solve(const GaussianLaw         &initial,
                      const std::vector<double> &times) const
  {
    check_dimension(initial, "solve");
    check_times(times);
    const unsigned int d = n_parameters();

    // Dense output is asked for at t = 0 followed by the distinct positive
    // times: Boost's integrate_times starts at its first time, and its dense
    // output must not be evaluated before the first step.
    std::vector<double> distinct{0.};
    for (const double t : times)
      if (t > distinct.back())
        distinct.push_back(t);

    std::vector<std::vector<double>> states{state_of(initial)};
    if (distinct.size() > 1)
      {
        using State       = std::vector<double>;
        namespace odeint  = boost::numeric::odeint;
        const auto system = [this, d](const State &x, State &dxdt, double) {
          const GaussianLaw law = law_of(x, d);
          const auto        dm  = mean_drift(law.mean);
          const auto        dS  = covariance_drift(law.covariance);
          for (unsigned int k = 0; k < d; ++k)
            dxdt[k] = dm[k];
          for (unsigned int k = 0; k < d; ++k)
            for (unsigned int l = 0; l < d; ++l)
              dxdt[d + k * d + l] = dS(k, l);
        };
        State x = states.front();
        states.clear();
        const double first_step = std::min(1e-3, distinct[1]);
        odeint::integrate_times(
          odeint::make_dense_output(1e-10,
                                    1e-10,
                                    odeint::runge_kutta_dopri5<State>()),
          system,
          x,
          distinct.begin(),
          distinct.end(),
          first_step,
          [&states](const State &y, double) { states.push_back(y); });
        AssertDimension(states.size(), distinct.size());
      }

    std::vector<GaussianLaw> laws;
    laws.reserve(times.size());
    unsigned int n = 0;
    for (const double t : times)
      {
        while (distinct[n] < t)
          ++n;
        laws.push_back(law_of(states[n], d));
      }
    return laws;
  }

  GaussianFlow::StationaryPoint
  GaussianFlow::stationary_point() const
  {
    const double       tolerance        = 1e-12;
    const unsigned int max_iterations   = 50;
    const unsigned int max_step_halving = 30;

    dealii::Vector<double> m         = model.potential().center();
    dealii::Vector<double> residual  = mean_drift(m);
    unsigned int           iteration = 0;
    for (; norm(residual) >= tolerance; ++iteration)
      {
        if (iteration == max_iterations)
          {
            std::ostringstream message;
            message << "GaussianFlow::stationary_point: Newton's method did "
                       "not reach |mean drift| < "
                    << tolerance << " in " << max_iterations
                    << " iterations (residual " << norm(residual) << ")";
            throw std::runtime_error(message.str());
          }

        dealii::LAPACKFullMatrix<double> J(n_parameters(), n_parameters());
        J                           = mean_drift_jacobian(m);
        dealii::Vector<double> step = residual;
        try
          {
            J.compute_lu_factorization();
            J.solve(step);
          }
        catch (const dealii::ExceptionBase &)
          {
            throw std::runtime_error(
              "GaussianFlow::stationary_point: the Jacobian of the mean "
              "drift is singular at Newton iteration " +
              std::to_string(iteration));
          }

        // Full Newton step, halved until the residual decreases: far from
        // m* this keeps Newton from jumping to another basin.
        double       lambda  = 1.;
        unsigned int halving = 0;
        for (;; ++halving, lambda *= 0.5)
          {
            if (halving == max_step_halving)
              {
                std::ostringstream message;
                message << "GaussianFlow::stationary_point: Newton's method "
                           "stagnated at |mean drift| = "
                        << norm(residual) << " (iteration " << iteration
                        << "), above the tolerance " << tolerance;
                throw std::runtime_error(message.str());
              }
            dealii::Vector<double> trial = m;
            trial.add(-lambda, step);
            const dealii::Vector<double> trial_residual = mean_drift(trial);
            if (norm(trial_residual) < norm(residual))
              {
                m        = trial;
                residual = trial_residual;
                break;
              }
          }
      }

    dealii::LAPACKFullMatrix<double> J(n_parameters(), n_parameters());
    J = mean_drift_jacobian(m);
    J.compute_eigenvalues();
    dealii::Vector<double> real_parts(n_parameters());
    for (unsigned int k = 0; k < n_parameters(); ++k)
      real_parts[k] = J.eigenvalue(k).real();
    std::sort(real_parts.begin(), real_parts.end());

    const dealii::FullMatrix<double> S =
      symmetric_matrix_function(model.potential().stiffness(),
                                [](const double k) { return 1. / k; });
    GaussianLaw law{m,
                    dealii::FullMatrix<double>(n_parameters(), n_parameters())};
    for (unsigned int k = 0; k < n_parameters(); ++k)
      for (unsigned int l = 0; l < n_parameters(); ++l)
        law.covariance(k, l) = 0.5 * (S(k, l) + S(l, k));

    return {law, norm(residual), iteration, real_parts};
  }

  GaussianLaw
  GaussianFlow::stationary_law() const
  {
    const StationaryPoint point = stationary_point();
    if (!point.is_linearly_stable())
      {
        std::ostringstream message;
        message << "GaussianFlow::stationary_law: the stationary mean m* = (";
        for (unsigned int k = 0; k < point.law.mean.size(); ++k)
          message << (k ? ", " : "") << point.law.mean[k];
        message << ") is not linearly stable: the Jacobian of the mean drift "
                   "has eigenvalues with real parts (";
        const dealii::Vector<double> &real_parts =
          point.jacobian_eigenvalues_real_parts;
        for (unsigned int k = 0; k < real_parts.size(); ++k)
          message << (k ? ", " : "") << real_parts[k];
        message << "), not all negative; the flow does not converge to it";
        throw std::runtime_error(message.str());
      }
    return point.law;
  }

  dealii::Vector<double>
  GaussianFlow::stationary_jacobian_eigenvalues_real_parts() const
  {
    return stationary_point().jacobian_eigenvalues_real_parts;
  }

  double
  GaussianFlow::objective(const GaussianLaw &law) const
  {
    check_dimension(law, "objective");
    const PolicyGradient pg(model.mdp(), policy_energy(law.mean));
    return pg.evaluation().objective();
  }

  double
  GaussianFlow::regularised_objective(const GaussianLaw &law) const
  {
    const double relative_entropy =
      model.potential().gaussian_relative_entropy(law.mean, law.covariance);
    return model.regularised_objective(objective(law), relative_entropy);
  }
} // namespace mfpg
