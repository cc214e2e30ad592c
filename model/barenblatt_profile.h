#ifndef mfpg_model_barenblatt_profile_h
#define mfpg_model_barenblatt_profile_h

#include <deal.II/base/array_view.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

namespace mfpg
{
  /**
   * The Barenblatt profile of exponent m > 1 in R^d, docs/model.md §11.3:
   *
   *   nu(theta) = A (1 - |theta - mean|^2 / R^2)_+^p,   p = 1 / (m - 1),
   *   A = Gamma(p + 1 + d/2) / (R^d pi^{d/2} Gamma(p + 1))  (unit mass),
   *
   * compactly supported on the ball of radius R; its covariance is
   * R^2 / (d + 2 + 2p) I. The shape the porous-medium flow of a linear
   * feature keeps (BarenblattFlow), and an initial law (InitialLaw,
   * Type = barenblatt).
   */
  struct BarenblattProfile
  {
    double                 exponent;
    dealii::Vector<double> mean;
    double                 radius;

    /**
     * The profile of exponent @p m with mean @p mean and covariance
     * @p variance I (R^2 = variance (d + 2 + 2p)).
     */
    static BarenblattProfile
    with_variance(const double                  m,
                  const dealii::Vector<double> &mean,
                  const double                  variance);

    /** d. */
    unsigned int
    dimension() const;

    /** p = 1 / (m - 1). */
    double
    power() const;

    /** The variance of each component, R^2 / (d + 2 + 2p). */
    double
    variance() const;

    /** The covariance, variance() I. */
    dealii::FullMatrix<double>
    covariance() const;

    /** nu(theta). */
    double
    density(const dealii::ArrayView<const double> &theta) const;

    /**
     * ∫ nu^m dtheta = A^m R^d pi^{d/2} Gamma(p + 2) / Gamma(p + 2 + d/2)
     * (p m = p + 1).
     */
    double
    integral_of_power() const;

    /**
     * The point of the profile with the d uniforms @p uniforms on (0, 1)
     * (d <= 3): |theta - mean|^2 / R^2 ~ Beta(d/2, p + 1) by its inverse
     * distribution function of the first uniform, the direction from the
     * others (d = 1: the sign from the same uniform; d = 2: the angle;
     * d = 3: Archimedes' uniform z and the angle).
     */
    void
    sample(const dealii::ArrayView<const double> &uniforms,
           const dealii::ArrayView<double>       &theta) const;
  };

  /**
   * W2 between two profiles of the same exponent and dimension: one is the
   * other dilated about its mean and moved, a gradient of a convex map, so
   * W2^2 = |m_1 - m_2|^2 + (s_1 - s_2)^2, s^2 = E|theta - mean|^2 =
   * d variance().
   */
  double
  barenblatt_wasserstein(const BarenblattProfile &a,
                         const BarenblattProfile &b);

  /**
   * W2 between a profile @p a and an isotropic Gaussian @p b = N(m_b, v I)
   * of the same dimension (the entropy's law, docs/model.md §11.3): both are
   * radially symmetric, so W2^2 = |m_a - m_b|^2 + W2^2 of the centred laws,
   * and between centred radially symmetric laws the optimal map is radial
   * and monotone (the gradient of a convex function of |theta|), so
   *
   *   W2^2 = |m_a - m_b|^2 + ∫_0^1 (Q_a(u) - Q_b(u))^2 du
   *
   * with Q the quantile functions of |theta - mean|: R sqrt of Beta(d/2,
   * p + 1)'s and sqrt(v) sqrt of chi^2_d's, integrated over the profile's
   * radius r = Q_a(u) by adaptive Gauss-Kronrod quadrature (Boost;
   * relative tolerance 1e-12). Throws
   * std::invalid_argument for another dimension or a covariance that is
   * not a multiple of I (to 1e-10 relative: an integrated covariance).
   */
  double
  barenblatt_gaussian_wasserstein(
    const BarenblattProfile          &a,
    const dealii::Vector<double>     &mean_b,
    const dealii::FullMatrix<double> &covariance_b);
} // namespace mfpg

#endif
