#ifndef mfpg_model_model_h
#define mfpg_model_model_h

#include <deal.II/base/parameter_handler.h>

#include "model/feature.h"
#include "model/mdp.h"
#include "model/potential.h"
#include "model/regulariser.h"

#include <memory>
#include <string>

namespace mfpg
{
  /**
   * The regularised problem of model.md §5: an MDP, a feature f, the
   * potential U, the regularisation strength sigma and the regulariser h
   * (§11; the entropy by default), read from the subsections "MDP",
   * "Feature" and "Regularisation" of a parameter file. With the entropy the
   * objective is J(nu) = V(rho; pi_nu) - (sigma^2/2) KL(nu | e^{-U});
   * regularised_objective() combines the pieces each solver computes.
   */
  class Model
  {
  public:
    struct Parameters
    {
      Mdp::Parameters                mdp;
      Feature::Parameters            feature;
      QuadraticPotential::Parameters potential;
      Regulariser::Parameters        regulariser;
      double                         sigma = 1.;

      void
      add_parameters(dealii::ParameterHandler &prm);
    };

    explicit Model(const Parameters &parameters);

    const Mdp &
    mdp() const;

    const Feature &
    feature() const;

    const QuadraticPotential &
    potential() const;

    const Regulariser &
    regulariser() const;

    /** sigma >= 0. */
    double
    sigma() const;

    /**
     * Throw a ParameterError naming "Regularisation/Sigma" unless sigma > 0:
     * for the solvers that need the diffusion (mesh, exact Gaussian flow).
     */
    void
    require_diffusion(const std::string &solver) const;

    /** d, the dimension of theta. */
    unsigned int
    n_parameters() const;

    /**
     * Throw a ParameterError naming "Feature" unless d = @p dim: for
     * @p user (e.g. "the exponential-convergence experiment"), which runs on
     * a mesh of that dimension.
     */
    void
    require_dimension(const unsigned int dim, const std::string &user) const;

    /** J = V(rho) - (sigma^2/2) KL(nu | e^{-U}). */
    double
    regularised_objective(const double objective,
                          const double relative_entropy) const;

  private:
    Mdp                      mdp_;
    std::unique_ptr<Feature> feature_;
    QuadraticPotential       potential_;
    Regulariser              regulariser_;
    double                   sigma_;
  };
} // namespace mfpg

#endif
