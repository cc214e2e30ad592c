#ifndef mfpg_model_feature_h
#define mfpg_model_feature_h

#include <deal.II/base/array_view.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/full_matrix.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace mfpg
{
  class Mdp;

  /**
   * A parametric feature f(s, a, theta), theta in R^d, tabulated on the
   * state-action grid of an Mdp (model.md §2). The three sweeps below are
   * everything the flow needs of it, each for one theta over all n_S x n_A
   * pairs, with one virtual call per theta and none per pair:
   *
   *  - add_values:      F_ij += weight f(s_i, a_j, theta)  (builds the policy
   *                     energy F = ∫ f dnu by quadrature or over particles;
   *                     optionally keeping a sweep cache for drift),
   *  - first_variation: dV/dnu(nu, theta) = sum_ij W_ij f(s_i, a_j, theta),
   *  - drift:           G(nu, theta) = sum_ij W_ij grad_theta f(s_i, a_j,
   * theta).
   */
  class Feature
  {
  public:
    struct Parameters
    {
      std::string                   type = "linear";
      std::vector<std::string>      basis{"a"};
      std::string                   output_function = "tanh";
      std::map<std::string, double> frozen_components;
      double                        relu_smoothing = 0.01;

      /** Declare subsection "Feature" of @p prm, bound to the members. */
      void
      add_parameters(dealii::ParameterHandler &prm);
    };

    virtual ~Feature() = default;

    /** The dimension d of theta. */
    virtual unsigned int
    n_parameters() const = 0;

    /** The names of the components of theta, in order. */
    virtual std::vector<std::string>
    parameter_names() const = 0;

    /**
     * The doubles per theta that add_values() can keep for drift() at the
     * same theta, so that a particle step evaluates what both sweeps need
     * once (for the tanh neuron: the activations at every pair); 0 when
     * there is nothing worth keeping.
     */
    virtual unsigned int
    sweep_cache_size() const = 0;

    /**
     * F_ij += weight f(s_i, a_j, theta); with @p sweep_cache (of
     * sweep_cache_size() doubles), also keep there what drift() at this
     * theta can reuse.
     */
    virtual void
    add_values(const dealii::ArrayView<const double> &theta,
               const double                           weight,
               dealii::FullMatrix<double>            &F,
               double *sweep_cache = nullptr) const = 0;

    virtual double
    first_variation(const dealii::ArrayView<const double> &theta,
                    const dealii::FullMatrix<double>      &W) const = 0;

    /**
     * Writes G(nu, theta) into @p G (size d); @p sweep_cache, if given,
     * holds what add_values() kept at this same theta.
     */
    virtual void
    drift(const dealii::ArrayView<const double> &theta,
          const dealii::FullMatrix<double>      &W,
          const dealii::ArrayView<double>       &G,
          const double *sweep_cache = nullptr) const = 0;

    /**
     * f(s_i, a_j, theta) and its theta-gradient (written into @p gradient) at
     * one pair: for tests and diagnostics, not for sweeps.
     */
    virtual double
    value_and_gradient(const dealii::ArrayView<const double> &theta,
                       const unsigned int                     i,
                       const unsigned int                     j,
                       const dealii::ArrayView<double> &gradient) const = 0;
  };

  /**
   * The feature described by @p parameters, tabulated on the grid of @p mdp.
   * Errors (a malformed basis expression, an unknown frozen component) throw
   * a ParameterError naming the parameter.
   */
  std::unique_ptr<Feature>
  make_feature(const Feature::Parameters &parameters, const Mdp &mdp);
} // namespace mfpg

#endif
