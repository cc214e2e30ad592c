#include "verification/convergence_constants.h"

#include "model/coupling_weights.h"
#include "model/random_stream.h"

#include "model/symmetric_matrix_function.h"
#include "verification/gaussian_flow.h"
#include "verification/supremum_search.h"

#include <cmath>
#include <map>
#include <memory>
#include <sstream>
#include <vector>

namespace mfpg
{
  std::string
  to_string(const TheoryConstant::Bound bound)
  {
    switch (bound)
      {
        case TheoryConstant::Bound::exact:
          return "exact";
        case TheoryConstant::Bound::lower_bound:
          return "lower bound";
        default:
          return "upper bound";
      }
  }

  std::string
  describe(const TheoryConstant &constant)
  {
    std::ostringstream out;
    out << constant.value << " (" << to_string(constant.bound);
    if (!constant.region.empty())
      out << " over " << constant.region;
    if (!constant.argmax.empty())
      {
        out << ", attained at (";
        for (unsigned int k = 0; k < constant.argmax.size(); ++k)
          out << (k > 0 ? ", " : "") << constant.argmax[k];
        out << ")";
      }
    out << ": " << constant.method;
    if (!constant.growing_boxes.empty())
      {
        out << "; growing boxes b -> value:";
        for (const auto &[b, value] : constant.growing_boxes)
          out << " " << b << " -> " << value;
      }
    out << ")";
    return out.str();
  }

  double
  ConvergenceConstants::beta() const
  {
    return 0.5 * sigma * sigma * kappa.value - C2.value - L.value;
  }

  namespace
  {
    /** ||A||_2 = sqrt(largest eigenvalue of A^T A). */
    double
    spectral_norm(const dealii::FullMatrix<double> &A)
    {
      dealii::FullMatrix<double> AtA(A.n(), A.n());
      A.Tmmult(AtA, A);
      const dealii::Vector<double> eigenvalues = symmetric_eigenvalues(AtA);
      return std::sqrt(std::max(0., eigenvalues[eigenvalues.size() - 1]));
    }

    /** m -> ||Dg(m)||_2, Dg = D(mean drift) + (sigma^2/2) K (model.md §6.4). */
    SupremumObjective
    lipschitz_objective(const Model &model)
    {
      return
        [&model, flow = GaussianFlow(model)](const dealii::Vector<double> &m) {
          dealii::FullMatrix<double> Dg = flow.mean_drift_jacobian(m);
          Dg.add(0.5 * model.sigma() * model.sigma(),
                 model.potential().stiffness());
          return spectral_norm(Dg);
        };
    }

    /** kappa and C_2, exact for a linear feature, with the given L. */
    ConvergenceConstants
    linear_feature_constants(const Model &model, TheoryConstant L)
    {
      L.method = "largest ||Dg(m)||_2 (central differences): " + L.method;
      return {{model.potential().convexity(),
               TheoryConstant::Bound::exact,
               "smallest eigenvalue of the stiffness K"},
              {0.,
               TheoryConstant::Bound::exact,
               "dV/dnu is linear in theta for a linear feature"},
              L,
              model.sigma()};
    }
  } // namespace

  ConvergenceConstants
  linear_feature_convergence_constants(const Model       &model,
                                       const double       bound,
                                       const unsigned int n_per_axis)
  {
    return linear_feature_constants(model,
                                    box_maximum(lipschitz_objective(model),
                                                model.n_parameters(),
                                                bound,
                                                n_per_axis));
  }

  ConvergenceConstants
  global_linear_feature_convergence_constants(const Model          &model,
                                              const SupremumSearch &search)
  {
    return linear_feature_constants(model,
                                    global_maximum(lipschitz_objective(model),
                                                   model.n_parameters(),
                                                   search));
  }

  dealii::FullMatrix<double>
  first_variation_hessian(const Feature                         &feature,
                          const dealii::ArrayView<const double> &theta,
                          const dealii::FullMatrix<double>      &W,
                          const double                           h)
  {
    const unsigned int         d = theta.size();
    dealii::FullMatrix<double> H(d, d);
    std::vector<double>        shifted(theta.begin(), theta.end());
    std::vector<double>        plus(d), minus(d);
    for (unsigned int l = 0; l < d; ++l)
      {
        shifted[l] = theta[l] + h;
        feature.drift(shifted, W, plus);
        shifted[l] = theta[l] - h;
        feature.drift(shifted, W, minus);
        shifted[l] = theta[l];
        for (unsigned int k = 0; k < d; ++k)
          H(k, l) = (plus[k] - minus[k]) / (2. * h);
      }
    H.symmetrize();
    return H;
  }

  namespace
  {
    /** The coupling weights W(nu) of the empirical measure of @p points. */
    dealii::FullMatrix<double>
    empirical_weights(const Model &model, const std::vector<double> &points)
    {
      const unsigned int         d = model.n_parameters();
      const std::size_t          n = points.size() / d;
      dealii::FullMatrix<double> F(model.mdp().n_states(),
                                   model.mdp().n_actions());
      for (std::size_t p = 0; p < n; ++p)
        model.feature().add_values(
          dealii::ArrayView<const double>(points.data() + p * d, d), 1. / n, F);
      return PolicyGradient(model.mdp(), F).weights();
    }

    /** max_theta |G(W_a, theta) - G(W_b, theta)| over @p thetas. */
    double
    largest_drift_difference(const Feature                    &feature,
                             const std::vector<double>        &thetas,
                             const dealii::FullMatrix<double> &W_a,
                             const dealii::FullMatrix<double> &W_b)
    {
      const unsigned int  d = feature.n_parameters();
      std::vector<double> a(d), b(d);
      double              largest = 0.;
      for (std::size_t q = 0; q < thetas.size(); q += d)
        {
          const dealii::ArrayView<const double> theta(thetas.data() + q, d);
          feature.drift(theta, W_a, a);
          feature.drift(theta, W_b, b);
          double squared = 0.;
          for (unsigned int k = 0; k < d; ++k)
            squared += (a[k] - b[k]) * (a[k] - b[k]);
          largest = std::max(largest, std::sqrt(squared));
        }
      return largest;
    }

    /** The points theta of @p sampling: q from RandomStream(seed, q, 1). */
    std::vector<double>
    sampled_thetas(const unsigned int d, const ConstantSampling &sampling)
    {
      std::vector<double> thetas(std::size_t(sampling.n_theta) * d);
      for (unsigned int q = 0; q < sampling.n_theta; ++q)
        {
          RandomStream random(sampling.seed, q, 1);
          for (unsigned int k = 0; k < d; ++k)
            thetas[q * d + k] =
              sampling.lo + (sampling.hi - sampling.lo) * random.uniform();
        }
      return thetas;
    }

    /**
     * One measure of @p sampling from @p random (RandomStream(seed, m, 2)
     * for measure m): its points_per_measure points from N(mean, s^2 I),
     * and s.
     */
    std::pair<std::vector<double>, double>
    sampled_measure(const unsigned int      d,
                    const ConstantSampling &sampling,
                    RandomStream           &random)
    {
      std::vector<double> mean(d);
      for (double &x : mean)
        x = sampling.lo + (sampling.hi - sampling.lo) * random.uniform();
      const double s =
        sampling.width_min +
        (sampling.width_max - sampling.width_min) * random.uniform();
      std::vector<double> points(std::size_t(sampling.points_per_measure) * d);
      for (std::size_t q = 0; q < points.size(); ++q)
        points[q] = mean[q % d] + s * random.normal();
      return {points, s};
    }

    /** "16 empirical measures of 64 points from N(m, s^2 I), ...". */
    std::string
    sample_description(const unsigned int d, const ConstantSampling &sampling)
    {
      std::ostringstream where;
      where << sampling.n_measures << " empirical measures of "
            << sampling.points_per_measure << " points from N(m, s^2 I), m in ["
            << sampling.lo << ", " << sampling.hi << "]^" << d << ", s in ["
            << sampling.width_min << ", " << sampling.width_max << "], "
            << sampling.n_theta << " points theta";
      return where.str();
    }
  } // namespace

  ConvergenceConstants
  sampled_convergence_constants(const Model            &model,
                                const ConstantSampling &sampling)
  {
    const unsigned int d = model.n_parameters();
    // theta q and measure m come from streams keyed by (seed, q or m), so
    // a larger sample contains a smaller one and gives at least its values
    const std::vector<double> thetas = sampled_thetas(d, sampling);

    double C2 = 0., L = 0.;
    for (unsigned int m = 0; m < sampling.n_measures; ++m)
      {
        RandomStream random(sampling.seed, m, 2);
        const auto [points, s] = sampled_measure(d, sampling, random);
        const dealii::FullMatrix<double> W = empirical_weights(model, points);

        for (std::size_t q = 0; q < thetas.size(); q += d)
          C2 = std::max(C2,
                        spectral_norm(first_variation_hessian(
                          model.feature(),
                          dealii::ArrayView<const double>(thetas.data() + q, d),
                          W)));

        // a translation by one vector, then a move of each point by its own
        for (const bool translation : {true, false})
          {
            std::vector<double> moved = points, delta(d);
            double              cost  = 0.;
            for (std::size_t p = 0; p < points.size() / d; ++p)
              {
                if (!translation || p == 0)
                  for (double &x : delta)
                    x = sampling.perturbation * s * random.normal();
                double length = 0.;
                for (unsigned int k = 0; k < d; ++k)
                  {
                    moved[p * d + k] += delta[k];
                    length += delta[k] * delta[k];
                  }
                cost += std::sqrt(length) * d / points.size();
              }
            L = std::max(L,
                         largest_drift_difference(model.feature(),
                                                  thetas,
                                                  W,
                                                  empirical_weights(model,
                                                                    moved)) /
                           cost);
          }
      }

    const std::string where = sample_description(d, sampling);
    return {{model.potential().convexity(),
             TheoryConstant::Bound::exact,
             "smallest eigenvalue of the stiffness K"},
            {C2,
             TheoryConstant::Bound::lower_bound,
             "largest |Hess_theta dV/dnu|_2 (central differences of G) "
             "over " +
               where},
            {L,
             TheoryConstant::Bound::lower_bound,
             "largest |G(nu) - G(nu')| / (mean shift >= W1(nu, nu')) over "
             "translations and point-wise moves of " +
               where},
            model.sigma()};
  }

  ConvergenceConstants
  global_sampled_convergence_constants(const Model            &model,
                                       const ConstantSampling &sampling,
                                       const SupremumSearch   &search)
  {
    // one sample per box, shared by the estimates of C_2 and L
    std::map<double, ConvergenceConstants> boxes;
    const auto                             on_box =
      [&](const double bound) -> const ConvergenceConstants & {
      if (boxes.count(bound) == 0)
        {
          ConstantSampling box = sampling;
          box.lo               = -bound;
          box.hi               = bound;
          boxes.emplace(bound, sampled_convergence_constants(model, box));
        }
      return boxes.at(bound);
    };
    const unsigned int   d      = model.n_parameters();
    ConvergenceConstants global = on_box(search.initial_bound);
    global.C2 =
      growing_box_estimate([&](const double b) { return on_box(b).C2; },
                           d,
                           search);
    global.L = growing_box_estimate([&](const double b) { return on_box(b).L; },
                                    d,
                                    search);
    return global;
  }

  TheoryConstant
  sampled_entropy_lipschitz_constant(const Model::Parameters   &parameters,
                                     const std::vector<double> &taus,
                                     const ConstantSampling    &sampling)
  {
    const Model         reference(parameters);
    const double        tau = reference.mdp().entropy_strength();
    const unsigned int  d   = reference.n_parameters();
    std::vector<double> other_taus;
    for (const double tau_prime : taus)
      if (tau_prime != tau)
        other_taus.push_back(tau_prime);
    std::vector<std::unique_ptr<Model>> others;
    for (const double tau_prime : other_taus)
      {
        Model::Parameters other    = parameters;
        other.mdp.entropy_strength = tau_prime;
        others.push_back(std::make_unique<Model>(other));
      }

    const std::vector<double> thetas = sampled_thetas(d, sampling);
    double                    D      = 0.;
    for (unsigned int m = 0; m < sampling.n_measures; ++m)
      {
        RandomStream              random(sampling.seed, m, 2);
        const std::vector<double> points =
          sampled_measure(d, sampling, random).first;
        const dealii::FullMatrix<double> W =
          empirical_weights(reference, points);
        for (unsigned int q = 0; q < others.size(); ++q)
          D = std::max(D,
                       largest_drift_difference(reference.feature(),
                                                thetas,
                                                W,
                                                empirical_weights(*others[q],
                                                                  points)) /
                         std::abs(other_taus[q] - tau));
      }
    return {D,
            TheoryConstant::Bound::lower_bound,
            "largest |G_tau'(nu, theta) - G_tau(nu, theta)| / |tau' - tau| "
            "over the tau' of the sweep and " +
              sample_description(d, sampling)};
  }

  TheoryConstant
  global_sampled_entropy_lipschitz_constant(const Model::Parameters &parameters,
                                            const std::vector<double> &taus,
                                            const ConstantSampling    &sampling,
                                            const SupremumSearch      &search)
  {
    return growing_box_estimate(
      [&](const double bound) {
        ConstantSampling box = sampling;
        box.lo               = -bound;
        box.hi               = bound;
        return sampled_entropy_lipschitz_constant(parameters, taus, box);
      },
      Model(parameters).n_parameters(),
      search);
  }
} // namespace mfpg
