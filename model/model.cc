#include "model/model.h"

#include "model/parameter_file.h"

namespace mfpg
{
  void
  Model::Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    mdp.add_parameters(prm);
    feature.add_parameters(prm);
    prm.enter_subsection("Regularisation");
    prm.add_parameter("Sigma",
                      sigma,
                      "Regularisation strength sigma >= 0: D = sigma^2/2 "
                      "multiplies the regulariser; with the entropy, the "
                      "noise of the Langevin dynamics, diffusion sigma^2/2. "
                      "sigma = 0 is pure transport (Agazzi & Lu), for "
                      "particles only.",
                      dealii::Patterns::Double(0.));
    potential.add_parameters(prm);
    regulariser.add_parameters(prm);
    prm.leave_subsection();
  }


  Model::Model(const Parameters &parameters)
    : mdp_(parameters.mdp)
    , feature_(make_feature(parameters.feature, mdp_))
    , potential_(parameters.potential,
                 feature_->n_parameters(),
                 "Regularisation")
    , regulariser_(parameters.regulariser)
    , sigma_(parameters.sigma)
  {
  }

  const Mdp &
  Model::mdp() const
  {
    return mdp_;
  }

  const Feature &
  Model::feature() const
  {
    return *feature_;
  }

  const QuadraticPotential &
  Model::potential() const
  {
    return potential_;
  }

  const Regulariser &
  Model::regulariser() const
  {
    return regulariser_;
  }

  double
  Model::sigma() const
  {
    return sigma_;
  }

  void
  Model::require_diffusion(const std::string &solver) const
  {
    if (!(sigma_ > 0.))
      throw ParameterError("Regularisation/Sigma",
                           "sigma = 0 (pure transport) is for the particle "
                           "solver only; " +
                             solver + " needs sigma > 0");
  }

  void
  Model::require_dimension(const unsigned int dim,
                           const std::string &user) const
  {
    if (n_parameters() != dim)
      throw ParameterError("Feature",
                           user + " runs on a mesh of dimension " +
                             std::to_string(dim) + "; this feature has d = " +
                             std::to_string(n_parameters()));
  }

  unsigned int
  Model::n_parameters() const
  {
    return feature_->n_parameters();
  }

  double
  Model::regularised_objective(const double objective,
                               const double relative_entropy) const
  {
    return objective - 0.5 * sigma_ * sigma_ * relative_entropy;
  }
} // namespace mfpg
