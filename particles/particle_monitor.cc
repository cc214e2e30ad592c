#include "particles/particle_monitor.h"

#include "model/coupling_weights.h"
#include "model/mdp.h"
#include "model/potential.h"
#include "model/safety_measures.h"
#include "model/soft_value_iteration.h"
#include "particles/gibbs_relative_entropy.h"
#include "particles/mckean_vlasov_drift.h"
#include "particles/particle_ensemble.h"

namespace mfpg
{
  ParticleMonitor::ParticleMonitor(const McKeanVlasovDrift            &drift,
                                   const std::optional<BlobDiffusion> &blob)
    : drift(drift)
    , optimal_value(soft_value_iteration(drift.mdp()).objective)
    , blob(blob)
  {
  }

  std::vector<std::string>
  ParticleMonitor::column_names() const
  {
    const unsigned int       d = drift.n_parameters();
    std::vector<std::string> names{"t"};
    for (unsigned int k = 1; k <= d; ++k)
      names.push_back("mean" + std::to_string(k));
    for (unsigned int k = 1; k <= d; ++k)
      for (unsigned int l = k; l <= d; ++l)
        names.push_back("cov" + std::to_string(k) + std::to_string(l));
    names.push_back("V");
    names.push_back("optimality_gap");
    if (drift.mdp().safety() != nullptr)
      for (const char *name : {"D_viol", "V_0", "P_violate"})
        names.push_back(name);
    if (with_gibbs_relative_entropy())
      names.push_back("kl_gibbs");
    if (blob)
      {
        names.push_back("J");
        names.push_back("dissipation");
      }
    return names;
  }

  std::vector<double>
  ParticleMonitor::row(const double t, const ParticleEnsemble &particles) const
  {
    const unsigned int               d = particles.dimension();
    const dealii::Vector<double>     m = particles.mean();
    const dealii::FullMatrix<double> S = particles.covariance();
    std::vector<double>              values{t};
    for (unsigned int k = 0; k < d; ++k)
      values.push_back(m[k]);
    for (unsigned int k = 0; k < d; ++k)
      for (unsigned int l = k; l < d; ++l)
        values.push_back(S(k, l));
    const PolicyGradient pg = drift.policy_gradient(particles);
    const double         V  = pg.evaluation().objective();
    values.push_back(V);
    values.push_back(optimal_value - V);
    if (drift.mdp().safety() != nullptr)
      {
        const SafetyMeasures safety =
          safety_measures(drift.mdp(), pg.policy(), pg.evaluation());
        values.push_back(safety.discounted_violation);
        values.push_back(safety.unpenalised_value);
        values.push_back(safety.ever_violation);
      }
    if (with_gibbs_relative_entropy())
      values.push_back(gibbs_relative_entropy(drift,
                                              particles.gathered_coordinates(),
                                              pg.weights()));
    if (blob)
      {
        // every particle on every rank: b_i + v_i, U_i
        const std::vector<double> all = particles.all_coordinates();
        const unsigned int        N   = all.size() / d;
        std::vector<double>       velocity(all.size());
        drift.drift(pg.weights(), all.data(), N, velocity.data());
        const BlobDiffusion::Evaluation blob_part   = blob->evaluate(all, d);
        const std::vector<double>      &v           = blob_part.velocities;
        double                          dissipation = 0., U = 0.;
        for (unsigned int i = 0; i < N; ++i)
          {
            U += drift.potential().value(
                   dealii::ArrayView<const double>(all.data() + i * d, d)) /
                 N;
            for (unsigned int k = 0; k < d; ++k)
              {
                const double speed = velocity[i * d + k] + v[i * d + k];
                dissipation += speed * speed / N;
              }
          }
        const double D = 0.5 * drift.sigma() * drift.sigma();
        values.push_back(V - D * (blob_part.energy + U));
        values.push_back(dissipation);
      }
    return values;
  }

  bool
  ParticleMonitor::with_gibbs_relative_entropy() const
  {
    return drift.n_parameters() <= 3 && drift.sigma() > 0. &&
           drift.regulariser().is_entropy();
  }

  double
  ParticleMonitor::optimal_objective() const
  {
    return optimal_value;
  }
} // namespace mfpg
