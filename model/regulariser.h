#ifndef mfpg_model_regulariser_h
#define mfpg_model_regulariser_h

#include <deal.II/base/parameter_handler.h>

#include <string>

namespace mfpg
{
  /**
   * The convex regulariser of the parameter law, docs/model.md §11:
   * J_h(nu) = V(rho; pi_nu) - D H_h(nu), H_h(nu) = ∫ h(nu) dtheta + ∫ U dnu,
   * D = sigma^2/2, with
   *
   *  - entropy: h(r) = r ln r (H_h = KL(nu | e^{-U}) + const: the
   *    Fokker–Planck flow of §5, the default);
   *  - tsallis: h_m(r) = (r^m - r)/(m - 1), m > 1 (the porous-medium flow,
   *    pressure P(r) = r h'(r) - h(r) = r^m; h_m -> r ln r as m -> 1).
   *
   * Read from "Regularisation/Regulariser" and "Regularisation/Tsallis
   * exponent".
   */
  class Regulariser
  {
  public:
    struct Parameters
    {
      std::string type     = "entropy";
      double      exponent = 2.;

      /** Declare "Regulariser", "Tsallis exponent" in the current subsection.
       */
      void
      add_parameters(dealii::ParameterHandler &prm);
    };

    /** Throws a ParameterError naming "Regularisation/Tsallis exponent" for m
     * <= 1. */
    explicit Regulariser(const Parameters &parameters);

    /** True for the entropy h(r) = r ln r. */
    bool
    is_entropy() const;

    /**
     * h(r), r >= 0: r ln r (0 at r = 0) for the entropy, (r^m - r)/(m - 1)
     * for tsallis.
     */
    double
    value(const double r) const;

    /** m of h_m (tsallis only; throws std::logic_error for the entropy). */
    double
    exponent() const;

    /**
     * h_m'(r) = (m r^{m-1} - 1) / (m - 1), r >= 0 (tsallis only; throws
     * std::logic_error for the entropy).
     */
    double
    derivative(const double r) const;

    /**
     * The inverse of h' cut at 0: the r >= 0 with h'(r) = y, or 0 where
     * y <= h'(0). Entropy: e^{y - 1}; tsallis: ((1 + (m - 1) y)/m)_+^{1/(m-1)}
     * (the stationary profile of docs/model.md §11.2 is this function of
     * c - Phi).
     */
    double
    derivative_inverse(const double y) const;

    /**
     * h_m''(r) = m r^{m-2}, r >= 0 (finite at 0 for m >= 2; tsallis only).
     */
    double
    second_derivative(const double r) const;

    /**
     * Throws a ParameterError naming "Regularisation/Regulariser" unless
     * the regulariser is tsallis: for @p user (e.g. "the Barenblatt flow").
     */
    void
    require_tsallis(const std::string &user) const;

  private:
    bool   entropy;
    double m;
  };
} // namespace mfpg

#endif
