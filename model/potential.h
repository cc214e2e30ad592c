#ifndef mfpg_model_potential_h
#define mfpg_model_potential_h

#include <deal.II/base/array_view.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <vector>

namespace mfpg
{
  /**
   * The confining potential of model.md §5 in the quadratic form of §7,
   *   U(theta) = (1/2) (theta - c)^T K (theta - c) + (1/2) ln((2 pi)^d / det
   * K), normalised so that ∫ e^{-U} = 1 (e^{-U} is the Gaussian N(c, K^{-1})).
   * U is kappa-convex with kappa the smallest eigenvalue of K. The default
   * c = 0, K = I is U = |theta|^2/2 + (d/2) ln 2 pi, kappa = 1.
   */
  class QuadraticPotential
  {
  public:
    struct Parameters
    {
      std::vector<double> center{0.};
      std::vector<double> stiffness{1.};

      /** Declare "Potential center", "Potential stiffness" in the current
       * subsection. */
      void
      add_parameters(dealii::ParameterHandler &prm);
    };

    /** @p section names the subsection in error messages. */
    QuadraticPotential(const Parameters  &parameters,
                       const unsigned int d,
                       const std::string &section);

    unsigned int
    dimension() const;

    double
    value(const dealii::ArrayView<const double> &theta) const;

    /** grad U(theta) = K (theta - c), written into @p gradient. */
    void
    gradient(const dealii::ArrayView<const double> &theta,
             const dealii::ArrayView<double>       &gradient) const;

    /**
     * b[m d .. (m + 1) d) += factor grad U(theta_m) for the @p n points
     * theta_m = thetas[m d .. (m + 1) d) (a chunk of particles).
     */
    void
    add_scaled_gradients(const double      *thetas,
                         const unsigned int n,
                         const double       factor,
                         double            *b) const;

    const dealii::Vector<double> &
    center() const;

    const dealii::FullMatrix<double> &
    stiffness() const;

    /** kappa, the smallest eigenvalue of K. */
    double
    convexity() const;

    /**
     * ∫ U dnu = (1/2) [tr(K S) + (m - c)^T K (m - c)] + (1/2) ln((2 pi)^d /
     * det K) for any law nu of mean m and covariance S.
     */
    double
    expected_value(const dealii::Vector<double>     &mean,
                   const dealii::FullMatrix<double> &covariance) const;

    /**
     * KL(N(m, S) | e^{-U}) = ∫ U dN(m, S) - (1/2) ln((2 pi e)^d det S)
     * = (1/2) [tr(K S) + (m - c)^T K (m - c) - d - ln det(K S)], the closed
     * form of model.md §7.
     */
    double
    gaussian_relative_entropy(
      const dealii::Vector<double>     &mean,
      const dealii::FullMatrix<double> &covariance) const;

    /**
     * E|grad U|^2 = |K (m - c)|^2 + tr(K S K) under N(m, S), the moment of
     * the stability bound of model.md §6.3.
     */
    double
    mean_squared_gradient(const dealii::Vector<double>     &mean,
                          const dealii::FullMatrix<double> &covariance) const;

  private:
    dealii::Vector<double>     c;
    dealii::FullMatrix<double> K;
    double                     log_normaliser;
    double                     kappa;
  };
} // namespace mfpg

#endif
