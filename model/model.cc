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
                      "Parameter-entropy strength sigma > 0: the noise of "
                      "the Langevin dynamics, diffusion sigma^2/2.",
                      dealii::Patterns::Double());
    potential.add_parameters(prm);
    prm.leave_subsection();
  }

  namespace
  {
    double
    checked_sigma(const double sigma)
    {
      if (!(sigma > 0.))
        throw ParameterError("Regularisation/Sigma",
                             "sigma = " + std::to_string(sigma) +
                               " must be positive");
      return sigma;
    }
  } // namespace

  Model::Model(const Parameters &parameters)
    : mdp_(parameters.mdp)
    , feature_(make_feature(parameters.feature, mdp_))
    , potential_(parameters.potential,
                 feature_->n_parameters(),
                 "Regularisation")
    , sigma_(checked_sigma(parameters.sigma))
  {}

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

  double
  Model::sigma() const
  {
    return sigma_;
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
