#ifndef mfpg_tests_particles_gaussian_references_h
#define mfpg_tests_particles_gaussian_references_h

// Deterministic references for particle runs of a linear feature with the
// quadratic potential (model.md §7), where G(nu, theta) = g(m) depends on nu
// only through its mean:
//
//  - the N -> infinity limit of Euler–Maruyama: the particles' mean obeys
//    m_{k+1} = m_k + eta b(m_k) + sigma sqrt(eta) xibar_k (b the exact mean
//    drift, xibar_k the average increment, -> 0), and their deviations
//    theta - m are an Euler–Maruyama Ornstein–Uhlenbeck process, so
//      S_{k+1} = (I - eta A) S_k (I - eta A)^T + sigma^2 eta I,  A =
//      (sigma^2/2) K;
//  - the central limit of the sample mean: sqrt(N) (mbar - m) -> N(0, P) with
//      dP/dt = J P + P J^T + sigma^2 I,  P(0) = S_0,  J = Db(m(t)),
//    (linearise dmbar = b(mbar) dt + sigma dWbar, Cov(Wbar_t) = t I / N),
//    which differs from S(t) when the interaction J + A is not zero.

#include <deal.II/lac/full_matrix.h>

#include <boost/numeric/odeint.hpp>

#include "model/gaussian_law.h"
#include "model/model.h"
#include "verification/gaussian_flow.h"

#include <vector>

namespace mfpg::test
{
  inline GaussianLaw
  euler_maruyama_limit(const Model       &model,
                       const GaussianLaw &initial,
                       const double       eta,
                       const unsigned int n_steps)
  {
    const GaussianFlow                flow(model);
    const unsigned int                d   = initial.mean.size();
    const double                      s2  = model.sigma() * model.sigma();
    const dealii::FullMatrix<double> &K   = model.potential().stiffness();
    GaussianLaw                       law = initial;
    dealii::FullMatrix<double>        B(d, d), BS(d, d);
    for (unsigned int k = 0; k < d; ++k)
      for (unsigned int l = 0; l < d; ++l)
        B(k, l) = (k == l ? 1. : 0.) - eta * 0.5 * s2 * K(k, l);
    for (unsigned int step = 0; step < n_steps; ++step)
      {
        law.mean.add(eta, flow.mean_drift(law.mean));
        B.mmult(BS, law.covariance);
        BS.mTmult(law.covariance, B);
        for (unsigned int k = 0; k < d; ++k)
          law.covariance(k, k) += s2 * eta;
      }
    return law;
  }

  /** P(t) of the central limit above (RK4, step 0.01: error ~1e-10). */
  inline dealii::FullMatrix<double>
  sample_mean_covariance(const Model       &model,
                         const GaussianLaw &initial,
                         const double       t)
  {
    const GaussianFlow flow(model);
    const unsigned int d  = initial.mean.size();
    const double       s2 = model.sigma() * model.sigma();
    using State           = std::vector<double>;
    State x(initial.mean.begin(), initial.mean.end());
    for (unsigned int k = 0; k < d; ++k)
      for (unsigned int l = 0; l < d; ++l)
        x.push_back(initial.covariance(k, l));
    const auto system = [&](const State &y, State &dydt, double) {
      const dealii::Vector<double>     m(y.begin(), y.begin() + d);
      const dealii::Vector<double>     b = flow.mean_drift(m);
      const dealii::FullMatrix<double> J = flow.mean_drift_jacobian(m);
      for (unsigned int k = 0; k < d; ++k)
        dydt[k] = b[k];
      for (unsigned int k = 0; k < d; ++k)
        for (unsigned int l = 0; l < d; ++l)
          {
            double JP_kl = 0., JP_lk = 0.;
            for (unsigned int q = 0; q < d; ++q)
              {
                JP_kl += J(k, q) * y[d + q * d + l];
                JP_lk += J(l, q) * y[d + q * d + k];
              }
            dydt[d + k * d + l] = JP_kl + JP_lk + (k == l ? s2 : 0.);
          }
    };
    boost::numeric::odeint::integrate_const(
      boost::numeric::odeint::runge_kutta4<State>(), system, x, 0., t, 0.01);
    dealii::FullMatrix<double> P(d, d);
    for (unsigned int k = 0; k < d; ++k)
      for (unsigned int l = 0; l < d; ++l)
        P(k, l) = x[d + k * d + l];
    return P;
  }
} // namespace mfpg::test

#endif
