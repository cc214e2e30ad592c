#ifndef mfpg_model_box_quadrature_h
#define mfpg_model_box_quadrature_h

#include <deal.II/base/array_view.h>
#include <deal.II/base/parameter_handler.h>

#include <string>
#include <vector>

namespace mfpg
{
  /**
   * A tensor-product quadrature rule on a box [lo, hi] of R^dim, dim = 0..3,
   * with n points per axis: the discretisation of the state space S and the
   * action space A of model.md §1. The 1-D rules are deal.II's QGauss
   * (Gauss–Legendre, exact for polynomials of degree 2n-1 per axis) and
   * QIterated(QMidpoint) (composite midpoint, exact for degree 1). The
   * weights sum to the volume of the box. A 0-dimensional box is a single
   * point of weight 1 (the one state of a bandit).
   */
  class BoxQuadrature
  {
  public:
    struct Parameters
    {
      /** The size guard of check(): points of the whole box. */
      static constexpr unsigned int max_points = 1000000;

      unsigned int        dimension = 1;
      std::vector<double> lower_corner{0.};
      std::vector<double> upper_corner{1.};
      std::string         rule              = "gauss-legendre";
      unsigned int        n_points_per_axis = 8;

      /**
       * Declare the entries in the current subsection of @p prm, bound to
       * the members; @p min_dimension is 0 for the state space (bandit).
       */
      void
      add_parameters(dealii::ParameterHandler &prm,
                     const unsigned int        min_dimension);

      /** Check the consistency of the values; @p section names them. */
      void
      check(const std::string &section) const;
    };

    explicit BoxQuadrature(const Parameters &parameters);

    unsigned int
    dimension() const;

    unsigned int
    size() const;

    /** The coordinates of point @p q (dimension() numbers). */
    dealii::ArrayView<const double>
    point(const unsigned int q) const;

    double
    weight(const unsigned int q) const;

    /** The sorted 1-D nodes of axis @p axis (the grid is their product). */
    const std::vector<double> &
    axis_nodes(const unsigned int axis) const;

    /**
     * The index of the point whose per-axis node indices are @p indices;
     * the last axis runs fastest.
     */
    unsigned int
    index(const std::vector<unsigned int> &indices) const;

  private:
    unsigned int                     dim;
    std::vector<std::vector<double>> nodes;
    std::vector<double>              coordinates;
    std::vector<double>              weights;
  };
} // namespace mfpg

#endif
