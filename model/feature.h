#ifndef mfpg_model_feature_h
#define mfpg_model_feature_h

#include <deal.II/base/array_view.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/full_matrix.h>

#include <cstddef>
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
   * everything the flow needs of it, each over all n_S x n_A pairs for a
   * set of n points theta_m = thetas[m d .. (m + 1) d) at once (particles,
   * or mesh nodes), with one virtual call per set and none per pair or
   * point:
   *
   *  - add_values_at_points: F_ij += sum_m weight_m f(s_i, a_j, theta_m)
   *                     (the policy energy F = ∫ f dnu by nodal quadrature
   *                     or over particles; optionally keeping a sweep cache
   *                     for the drift),
   *  - first_variation_at_points: dV/dnu(nu, theta_m)
   *                     = sum_ij W_ij f(s_i, a_j, theta_m),
   *  - drift_at_points: G(nu, theta_m) = sum_ij W_ij grad_theta f(s_i, a_j,
   *                     theta_m).
   *
   * The one-point forms add_values(), first_variation() and drift() call
   * them with n = 1, for diagnostics and the verification's estimators.
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
     * The doubles that add_values_at_points() for @p n points can keep for
     * drift_at_points() at the same points, so that a particle step
     * evaluates what both sweeps need once (for the tanh neuron: the
     * activations at every pair); 0 when there is nothing worth keeping.
     */
    virtual std::size_t
    sweep_cache_size(const unsigned int n) const = 0;

    /**
     * F_ij += sum_{m < n} weights[m] f(s_i, a_j, theta_m); with
     * @p sweep_cache (of sweep_cache_size(n) doubles, 64-byte aligned),
     * also keep there what drift_at_points() at these points can reuse.
     * @p next_sweep_cache: a region of the cache (of the same size) that
     * drift_at_points() reads soon after this sweep; the sweep prefetches
     * it a cache line at a time between its evaluations, so that those
     * reads from memory overlap this sweep's arithmetic. It changes no
     * result.
     */
    virtual void
    add_values_at_points(const double               *thetas,
                         const double               *weights,
                         const unsigned int          n,
                         dealii::FullMatrix<double> &F,
                         double                     *sweep_cache = nullptr,
                         const double *next_sweep_cache = nullptr) const = 0;

    /** values[m] = sum_ij W_ij f(s_i, a_j, theta_m), m < n. */
    virtual void
    first_variation_at_points(const double                     *thetas,
                              const unsigned int                n,
                              const dealii::FullMatrix<double> &W,
                              double *values) const = 0;

    /**
     * G[m d + k] = G_k(nu, theta_m), m < n, for the coupling weights @p W
     * of nu; @p sweep_cache, if given, holds what add_values_at_points()
     * kept at these same points.
     */
    virtual void
    drift_at_points(const double                     *thetas,
                    const unsigned int                n,
                    const dealii::FullMatrix<double> &W,
                    double                           *G,
                    const double *sweep_cache = nullptr) const = 0;

    /** F_ij += weight f(s_i, a_j, theta). */
    void
    add_values(const dealii::ArrayView<const double> &theta,
               const double                           weight,
               dealii::FullMatrix<double>            &F) const;

    /** dV/dnu(nu, theta) = sum_ij W_ij f(s_i, a_j, theta). */
    double
    first_variation(const dealii::ArrayView<const double> &theta,
                    const dealii::FullMatrix<double>      &W) const;

    /** G(nu, theta) into @p G (size d). */
    void
    drift(const dealii::ArrayView<const double> &theta,
          const dealii::FullMatrix<double>      &W,
          const dealii::ArrayView<double>       &G) const;

    /**
     * f(s_i, a_j, theta) and its theta-gradient (written into @p gradient) at
     * one pair: for tests and diagnostics, not for sweeps.
     */
    virtual double
    value_and_gradient(const dealii::ArrayView<const double> &theta,
                       const unsigned int                     i,
                       const unsigned int                     j,
                       const dealii::ArrayView<double> &gradient) const = 0;

  protected:
    /** Throws unless @p M is n_S x n_A. */
    static void
    check_size(const dealii::FullMatrix<double> &M,
               const unsigned int                n_states,
               const unsigned int                n_actions);
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
