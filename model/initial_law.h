#ifndef mfpg_model_initial_law_h
#define mfpg_model_initial_law_h

#include <deal.II/base/array_view.h>
#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include "model/barenblatt_profile.h"
#include "model/gaussian_law.h"

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * The initial law nu_0 of the flow of model.md §5, read from the
   * subsection "Initial law" of a parameter file, for both solvers: the
   * mesh solver takes its density(), the particle system draws from it with
   * sample(). Types:
   *
   *  - gaussian:  N(m, S) (the Gaussian start of model.md §7);
   *  - uniform:   uniform on the box [lo, hi] of R^d;
   *  - barenblatt: the Barenblatt profile of exponent m (BarenblattProfile,
   *               docs/model.md §11.3) with mean m and covariance v I
   *               (Mean, a single Covariance value v), d <= 3: compactly
   *               supported, the shape of the porous-medium flow;
   *  - agazzi-lu: Agazzi & Lu's initialisation of a neuron: the output
   *               weight c = 0, every other component N(0, s^2)
   *               independently; it has no density (a Dirac in c);
   *  - file:      the empirical law of the points of a text file, one point
   *               of d numbers per line (separated by blanks or commas);
   *               lines starting with '#' and a first line naming the d
   *               components (the header of a particle snapshot) are
   *               skipped. It has no density.
   *
   * sample() maps d independent uniforms on (0, 1) to a point by the
   * inverse distribution function of each independent component (after the
   * factor S^{1/2} for a Gaussian), so that a caller with a counter-based
   * random stream decides alone which numbers a particle sees.
   */
  class InitialLaw
  {
  public:
    struct Parameters
    {
      std::string             type = "gaussian";
      GaussianLaw::Parameters gaussian;
      std::vector<double>     lower_corner{-1.};
      std::vector<double>     upper_corner{1.};
      double                  inner_weight_deviation = 1.;
      std::string             file;
      double                  barenblatt_exponent = 2.;

      /** Declare subsection "Initial law" of @p prm, bound to the members. */
      void
      add_parameters(dealii::ParameterHandler &prm);
    };

    /**
     * The law of @p parameters for theta with components @p parameter_names
     * (Feature::parameter_names(); d is their number). Bad values, an
     * unreadable or malformed file, and agazzi-lu for a feature without a
     * free output weight c throw a ParameterError naming the entry.
     */
    InitialLaw(const Parameters               &parameters,
               const std::vector<std::string> &parameter_names);

    /** d. */
    unsigned int
    dimension() const;

    const std::string &
    type() const;

    /** True for gaussian, uniform and barenblatt. */
    bool
    has_density() const;

    /**
     * Throws a ParameterError naming "Initial law/Type" unless
     * has_density(): what @p user (e.g. "the mesh solver") needs.
     */
    void
    require_density(const std::string &user) const;

    /**
     * Throws a ParameterError naming "Initial law/Type" unless the law is
     * gaussian: what @p user (e.g. "the exact flow") needs.
     */
    void
    require_gaussian(const std::string &user) const;

    /**
     * The density of nu_0 at @p theta w.r.t. Lebesgue measure on R^d;
     * throws std::logic_error for a law without density.
     */
    double
    density(const dealii::ArrayView<const double> &theta) const;

    /** N(m, S) for Type = gaussian; throws std::logic_error otherwise. */
    const GaussianLaw &
    gaussian() const;

    /** The profile of Type = barenblatt; throws std::logic_error otherwise. */
    const BarenblattProfile &
    barenblatt() const;

    /** The number of points of Type = file; 0 for the other types. */
    unsigned int
    n_points() const;

    /**
     * Write the point number @p index into @p theta, computed from the d
     * independent uniforms on the open interval (0, 1) in @p uniforms
     * (ignored by Type = file, which returns its point @p index).
     */
    void
    sample(const unsigned int                     index,
           const dealii::ArrayView<const double> &uniforms,
           const dealii::ArrayView<double>       &theta) const;

  private:
    std::string  law_type;
    unsigned int d;

    /** gaussian: the law, S^{1/2}, S^{-1}, ln of the normalising factor. */
    GaussianLaw                gaussian_law;
    dealii::FullMatrix<double> covariance_sqrt;
    dealii::FullMatrix<double> covariance_inverse;
    double                     log_normaliser = 0.;

    /** barenblatt: the profile. */
    BarenblattProfile barenblatt_profile;

    /** uniform: the box. */
    dealii::Vector<double> lower;
    dealii::Vector<double> upper;

    /** agazzi-lu: the deviation s and the index of c in theta. */
    double       deviation           = 0.;
    unsigned int output_weight_index = 0;

    /** file: the points, d numbers each. */
    std::vector<double> points;
  };
} // namespace mfpg

#endif
