// The exact solution of model.md §7 (GaussianFlow) against independent
// answers: its own stationary law, closed forms, a fixed-step Runge–Kutta
// integration written here, the energy identity and the monotonicity of J.

#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <gtest/gtest.h>

#include "model/parameter_file.h"
#include "tests/cases.h"
#include "verification/gaussian_flow.h"
#include "verification/gaussian_wasserstein.h"

#include <algorithm>
#include <cmath>
#include <iostream>
#include <limits>
#include <stdexcept>
#include <string>

namespace mfpg::test
{
  namespace
  {
    double
    max_difference(const dealii::Vector<double> &a,
                   const dealii::Vector<double> &b)
    {
      double error = 0.;
      for (unsigned int k = 0; k < a.size(); ++k)
        error = std::max(error, std::abs(a[k] - b[k]));
      return error;
    }

    double
    max_difference(const dealii::FullMatrix<double> &A,
                   const dealii::FullMatrix<double> &B)
    {
      double error = 0.;
      for (unsigned int k = 0; k < A.m(); ++k)
        for (unsigned int l = 0; l < A.n(); ++l)
          error = std::max(error, std::abs(A(k, l) - B(k, l)));
      return error;
    }

    /** The initial laws of the two cases. */
    GaussianLaw
    bandit_initial_law()
    {
      return gaussian({1.0}, {0.5}, 1);
    }

    GaussianLaw
    mdp_initial_law()
    {
      return gaussian({0.8, -0.5}, {0.6, 0.1, 0.1, 0.4}, 2);
    }

    /**
     * Integrate the flow to @p T and compare with the stationary law:
     * after T the transient e^{-rate T} |m_0 - m*| is far below 1e-8.
     */
    void
    expect_long_time_limit_is_stationary_law(const Model       &model,
                                             const GaussianLaw &initial,
                                             const double       T,
                                             const std::string &name)
    {
      const GaussianFlow                  flow(model);
      const GaussianFlow::StationaryPoint point = flow.stationary_point();
      const GaussianLaw                   limit = flow.solve(initial, {T})[0];
      const GaussianLaw                   stationary = flow.stationary_law();

      const double mean_error = max_difference(limit.mean, stationary.mean);
      const double covariance_error =
        max_difference(limit.covariance, stationary.covariance);
      const double w2 = gaussian_wasserstein(limit, stationary);
      report(name + ": Newton residual |b(m*)|", point.newton_residual);
      report(name + ": Newton iterations", point.newton_iterations);
      report(name + ": largest real part of the Jacobian's eigenvalues",
             point.jacobian_eigenvalues_real_parts
               [point.jacobian_eigenvalues_real_parts.size() - 1]);
      report(name + ": |m(T) - m*|_max", mean_error);
      report(name + ": |S(T) - K^{-1}|_max", covariance_error);
      report(name + ": W2(nu_T, nu*)", w2);

      EXPECT_LT(point.newton_residual, 1e-12);
      EXPECT_TRUE(point.is_linearly_stable());
      EXPECT_LT(mean_error, 1e-8);
      EXPECT_LT(covariance_error, 1e-8);
      EXPECT_LT(w2, 1e-8);
      // the stationary mean is a zero of the drift, not the start
      EXPECT_LT(flow.mean_drift(stationary.mean).l2_norm(), 1e-12);
      EXPECT_GT(gaussian_wasserstein(initial, stationary), 0.1);
    }

    /** J at 51 equally spaced times on [0, T] is non-decreasing. */
    void
    expect_regularised_objective_non_decreasing(const Model       &model,
                                                const GaussianLaw &initial,
                                                const double       T,
                                                const std::string &name)
    {
      const GaussianFlow  flow(model);
      std::vector<double> times;
      for (unsigned int n = 0; n <= 50; ++n)
        times.push_back(T * n / 50.);
      const std::vector<GaussianLaw> laws = flow.solve(initial, times);

      double smallest_increase = std::numeric_limits<double>::max();
      for (unsigned int n = 0; n + 1 < laws.size(); ++n)
        {
          const double increase = flow.regularised_objective(laws[n + 1]) -
                                  flow.regularised_objective(laws[n]);
          smallest_increase = std::min(smallest_increase, increase);
          EXPECT_GE(increase, -1e-13)
            << "J decreases on [" << times[n] << ", " << times[n + 1] << "]";
        }
      const double J_0    = flow.regularised_objective(laws.front());
      const double J_T    = flow.regularised_objective(laws.back());
      const double J_star = flow.regularised_objective(flow.stationary_law());
      report(name + ": J(0)", J_0);
      report(name + ": J(T)", J_T);
      report(name + ": J(nu*) - J(T)", J_star - J_T);
      report(name + ": smallest increase of J between samples",
             smallest_increase);
      EXPECT_GT(J_T - J_0, 1e-3);
      // the stationary law maximises J among the laws the flow visits
      EXPECT_GE(J_star - J_T, -1e-12);
    }

    /**
     * dJ/dt = ∫ |grad dJ/dnu|^2 dnu (model.md §5). For nu = N(m, S):
     * grad dJ/dnu = b(m) - (sigma^2/2)(K - S^{-1})(theta - m), so
     * dJ/dt = |b(m)|^2 + (sigma^4/4) tr((K - S^{-1}) S (K - S^{-1})).
     * The left side is differentiated along the ODE's vector field by
     * central differences (step 1e-4, error ~1e-8 relative); the right
     * side uses no derivative of V, so the identity checks that the model's
     * drift g(m) is the gradient of its objective V (policy-gradient
     * theorem) and that the ODE is the gradient flow of J.
     */
    void
    expect_energy_identity(const Model       &model,
                           const GaussianLaw &initial,
                           const std::string &name)
    {
      const GaussianFlow                flow(model);
      const unsigned int                d     = flow.n_parameters();
      const double                      sigma = model.sigma();
      const dealii::FullMatrix<double> &K     = model.potential().stiffness();
      const std::vector<double>         times{0., 0.5, 2.};
      const std::vector<GaussianLaw>    laws = flow.solve(initial, times);

      double worst = 0.;
      for (const GaussianLaw &law : laws)
        {
          const dealii::Vector<double>     b = flow.mean_drift(law.mean);
          const dealii::FullMatrix<double> dS =
            flow.covariance_drift(law.covariance);
          const double h    = 1e-4;
          GaussianLaw  plus = law, minus = law;
          plus.mean.add(h, b);
          minus.mean.add(-h, b);
          plus.covariance.add(h, dS);
          minus.covariance.add(-h, dS);
          const double dJ_dt = (flow.regularised_objective(plus) -
                                flow.regularised_objective(minus)) /
                               (2. * h);

          dealii::FullMatrix<double> S_inverse(d, d);
          S_inverse.invert(law.covariance);
          dealii::FullMatrix<double> D(K);
          D.add(-1., S_inverse);
          dealii::FullMatrix<double> DS(d, d), DSD(d, d);
          D.mmult(DS, law.covariance);
          DS.mmult(DSD, D);
          const double dissipation =
            b.norm_sqr() + std::pow(sigma, 4) / 4. * DSD.trace();

          const double relative_error =
            std::abs(dJ_dt - dissipation) / dissipation;
          worst = std::max(worst, relative_error);
          EXPECT_GT(dissipation, 0.);
          EXPECT_LT(relative_error, 1e-7)
            << "dJ/dt = " << dJ_dt << ", dissipation = " << dissipation;
        }
      report(name + ": energy identity, worst relative error", worst);
    }

    /**
     * The mean equation integrated by classical RK4 with the fixed step
     * @p h, independently of Boost.odeint (error ~ h^4).
     */
    dealii::Vector<double>
    fixed_step_rk4_mean(const GaussianFlow           &flow,
                        const dealii::Vector<double> &m0,
                        const double                  T,
                        const double                  h)
    {
      const unsigned int n_steps =
        static_cast<unsigned int>(std::lround(T / h));
      dealii::Vector<double> m = m0;
      for (unsigned int n = 0; n < n_steps; ++n)
        {
          dealii::Vector<double> y  = m;
          const auto             k1 = flow.mean_drift(y);
          y                         = m;
          y.add(0.5 * h, k1);
          const auto k2 = flow.mean_drift(y);
          y             = m;
          y.add(0.5 * h, k2);
          const auto k3 = flow.mean_drift(y);
          y             = m;
          y.add(h, k3);
          const auto k4 = flow.mean_drift(y);
          m.add(h / 6., k1, h / 3., k2);
          m.add(h / 3., k3, h / 6., k4);
        }
      return m;
    }

    void
    expect_mean_agrees_with_rk4(const Model       &model,
                                const GaussianLaw &initial,
                                const std::string &name)
    {
      const GaussianFlow             flow(model);
      const std::vector<double>      times{1., 2., 4.};
      const std::vector<GaussianLaw> laws  = flow.solve(initial, times);
      double                         worst = 0.;
      dealii::Vector<double>         m     = initial.mean;
      double                         t     = 0.;
      for (unsigned int n = 0; n < times.size(); ++n)
        {
          m                  = fixed_step_rk4_mean(flow, m, times[n] - t, 2e-3);
          t                  = times[n];
          const double error = max_difference(laws[n].mean, m);
          worst              = std::max(worst, error);
          EXPECT_LT(error, 1e-8) << "at t = " << t;
        }
      // the flow moved: the comparison is not between two constants
      EXPECT_GT(max_difference(laws.back().mean, initial.mean), 0.05);
      report(name + ": |m_odeint - m_rk4|_max on t = 1, 2, 4", worst);
    }
  } // namespace

  TEST(GaussianFlow, BanditLongTimeLimitIsTheStationaryLaw)
  {
    const Model model = model_from_text(bandit_p1_text());
    expect_long_time_limit_is_stationary_law(model,
                                             bandit_initial_law(),
                                             60.,
                                             "bandit P1");
  }

  TEST(GaussianFlow, AgazziLuMdpLongTimeLimitIsTheStationaryLaw)
  {
    const Model model = model_from_text(agazzi_lu_text());
    expect_long_time_limit_is_stationary_law(model,
                                             mdp_initial_law(),
                                             60.,
                                             "Agazzi-Lu MDP");
  }

  TEST(GaussianFlow, BanditRegularisedObjectiveIsNonDecreasing)
  {
    const Model model = model_from_text(bandit_p1_text());
    expect_regularised_objective_non_decreasing(model,
                                                bandit_initial_law(),
                                                15.,
                                                "bandit P1");
  }

  TEST(GaussianFlow, AgazziLuMdpRegularisedObjectiveIsNonDecreasing)
  {
    const Model model = model_from_text(agazzi_lu_text());
    expect_regularised_objective_non_decreasing(model,
                                                mdp_initial_law(),
                                                15.,
                                                "Agazzi-Lu MDP");
  }

  TEST(GaussianFlow, BanditSatisfiesTheEnergyIdentity)
  {
    const Model model = model_from_text(bandit_p1_text());
    expect_energy_identity(model, bandit_initial_law(), "bandit P1");
  }

  TEST(GaussianFlow, AgazziLuMdpSatisfiesTheEnergyIdentity)
  {
    const Model model = model_from_text(agazzi_lu_text());
    expect_energy_identity(model, mdp_initial_law(), "Agazzi-Lu MDP");
  }

  /**
   * For K = k I the covariance equation is dS/dt = -sigma^2 k (S - I/k):
   * S(t) = I/k + e^{-sigma^2 k t} (S_0 - I/k). An independent check of the
   * integrator on the d^2 covariance unknowns, with a non-diagonal S_0.
   */
  TEST(GaussianFlow, CovarianceMatchesClosedFormForIsotropicStiffness)
  {
    const double                   k     = 2.5;
    const Model                    model = model_from_text(agazzi_lu_text(R"(
subsection Regularisation
  set Potential center = 0.3
  set Potential stiffness = 2.5
end
)"));
    const GaussianFlow             flow(model);
    const double                   sigma   = model.sigma();
    const GaussianLaw              initial = mdp_initial_law();
    const std::vector<double>      times{0., 0.1, 0.5, 1., 2., 5.};
    const std::vector<GaussianLaw> laws = flow.solve(initial, times);

    double worst = 0.;
    for (unsigned int n = 0; n < times.size(); ++n)
      {
        const double decay = std::exp(-sigma * sigma * k * times[n]);
        dealii::FullMatrix<double> exact(2, 2);
        for (unsigned int a = 0; a < 2; ++a)
          for (unsigned int b = 0; b < 2; ++b)
            {
              const double S_inf = (a == b ? 1. / k : 0.);
              exact(a, b) = S_inf + decay * (initial.covariance(a, b) - S_inf);
            }
        const double error = max_difference(laws[n].covariance, exact);
        worst              = std::max(worst, error);
        EXPECT_LT(error, 1e-9) << "at t = " << times[n];
      }
    report("isotropic K = 2.5 I: |S(t) - S_exact(t)|_max", worst);
    EXPECT_NEAR(flow.stationary_law().covariance(0, 0), 1. / k, 1e-14);
    EXPECT_NEAR(flow.stationary_law().covariance(0, 1), 0., 1e-14);
  }

  TEST(GaussianFlow, BanditMeanAgreesWithFixedStepRungeKutta)
  {
    const Model model = model_from_text(bandit_p1_text());
    expect_mean_agrees_with_rk4(model, bandit_initial_law(), "bandit P1");
  }

  TEST(GaussianFlow, AgazziLuMdpMeanAgreesWithFixedStepRungeKutta)
  {
    const Model model = model_from_text(agazzi_lu_text());
    expect_mean_agrees_with_rk4(model, mdp_initial_law(), "Agazzi-Lu MDP");
  }

  TEST(GaussianFlow, SolveReturnsTheInitialLawAtTimeZeroAndRepeatsEqualTimes)
  {
    const Model                    model = model_from_text(agazzi_lu_text());
    const GaussianFlow             flow(model);
    const GaussianLaw              initial = mdp_initial_law();
    const std::vector<GaussianLaw> laws = flow.solve(initial, {0., 0., 1., 1.});
    ASSERT_EQ(laws.size(), 4u);
    for (unsigned int n = 0; n < 2; ++n)
      {
        EXPECT_EQ(max_difference(laws[n].mean, initial.mean), 0.);
        EXPECT_EQ(max_difference(laws[n].covariance, initial.covariance), 0.);
      }
    EXPECT_EQ(max_difference(laws[2].mean, laws[3].mean), 0.);
    EXPECT_GT(gaussian_wasserstein(laws[2], initial), 0.01);
    EXPECT_TRUE(flow.solve(initial, {}).empty());
  }

  TEST(GaussianFlow, NegativeOrDecreasingTimesAreRejected)
  {
    const Model        model = model_from_text(bandit_p1_text());
    const GaussianFlow flow(model);
    EXPECT_THROW(flow.solve(bandit_initial_law(), {-0.1, 1.}),
                 std::invalid_argument);
    EXPECT_THROW(flow.solve(bandit_initial_law(), {0., 2., 1.}),
                 std::invalid_argument);
    EXPECT_THROW(flow.solve(mdp_initial_law(), {1.}), std::invalid_argument);
  }

  TEST(GaussianFlow, NonlinearFeatureIsRejectedNamingFeatureType)
  {
    const Model model = model_from_text(bandit_p1_text(R"(
subsection Feature
  set Type = tanh neuron
end
)"));
    try
      {
        const GaussianFlow flow(model);
        FAIL() << "a tanh neuron was accepted";
      }
    catch (const ParameterError &e)
      {
        EXPECT_NE(std::string(e.what()).find("Feature/Type"), std::string::npos)
          << e.what();
      }
  }

  /**
   * A bandit on A = [-1, 1] rewarding |a| (r = 5 a^2) with weak noise:
   * by symmetry m = 0 = c is a stationary mean, but V is locally convex
   * there (Dg(0) ~ 5 (E a^4 - (E a^2)^2) > sigma^2/2), so the uniform policy
   * is a saddle the flow leaves. stationary_law() must refuse it.
   */
  TEST(GaussianFlow, UnstableStationaryMeanIsRefused)
  {
    const Model                         model = model_from_text(R"(
subsection MDP
  subsection State space
    set Dimension = 0
  end
  subsection Action space
    set Dimension = 1
    set Lower corner = -1
    set Upper corner = 1
    set Points per axis = 32
  end
  set Reward = 5*a^2
  set Entropy strength = 0.1
end
subsection Feature
  set Type = linear
  set Basis = a
end
subsection Regularisation
  set Sigma = 0.3
end
)");
    const GaussianFlow                  flow(model);
    const GaussianFlow::StationaryPoint point = flow.stationary_point();
    report("unstable bandit: m*", point.law.mean[0]);
    report("unstable bandit: real part of the Jacobian's eigenvalue",
           point.jacobian_eigenvalues_real_parts[0]);
    EXPECT_LT(std::abs(point.law.mean[0]), 1e-12);
    EXPECT_GT(point.jacobian_eigenvalues_real_parts[0], 0.1);
    EXPECT_FALSE(point.is_linearly_stable());
    EXPECT_THROW(flow.stationary_law(), std::runtime_error);
  }
} // namespace mfpg::test
