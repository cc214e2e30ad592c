#include "model/box_quadrature.h"

#include <deal.II/base/quadrature_lib.h>

#include "model/parameter_file.h"

#include <cmath>

namespace mfpg
{
  void
  BoxQuadrature::Parameters::add_parameters(dealii::ParameterHandler &prm,
                                            const unsigned int min_dimension)
  {
    prm.add_parameter("Dimension",
                      dimension,
                      min_dimension == 0 ?
                        "Dimension of the box (0 = a single point: the one "
                        "state of a bandit)." :
                        "Dimension of the box.",
                      dealii::Patterns::Integer(min_dimension, 3));
    prm.add_parameter("Lower corner",
                      lower_corner,
                      "Lower corner of the box, one value per axis.",
                      dealii::Patterns::List(dealii::Patterns::Double(), 0, 3));
    prm.add_parameter("Upper corner",
                      upper_corner,
                      "Upper corner of the box, one value per axis.",
                      dealii::Patterns::List(dealii::Patterns::Double(), 0, 3));
    prm.add_parameter("Quadrature",
                      rule,
                      "Quadrature rule per axis: gauss-legendre (exact for "
                      "polynomials of degree 2n-1) or midpoint (composite, "
                      "n equal cells, exact for degree 1).",
                      dealii::Patterns::Selection("gauss-legendre|midpoint"));
    prm.add_parameter("Points per axis",
                      n_points_per_axis,
                      "Number n of quadrature points per axis.",
                      dealii::Patterns::Integer(1));
  }

  void
  BoxQuadrature::Parameters::check(const std::string &section) const
  {
    if (dimension == 0)
      return;
    if (lower_corner.size() != dimension)
      throw ParameterError(section + "/Lower corner",
                           "expected " + std::to_string(dimension) +
                             " values (one per axis), got " +
                             std::to_string(lower_corner.size()));
    if (upper_corner.size() != dimension)
      throw ParameterError(section + "/Upper corner",
                           "expected " + std::to_string(dimension) +
                             " values (one per axis), got " +
                             std::to_string(upper_corner.size()));
    for (unsigned int k = 0; k < dimension; ++k)
      if (!(lower_corner[k] < upper_corner[k]))
        throw ParameterError(section + "/Upper corner",
                             "must exceed the lower corner on axis " +
                               std::to_string(k + 1));
    if (std::pow(double(n_points_per_axis), dimension) > max_points)
      throw ParameterError(section + "/Points per axis",
                           std::to_string(n_points_per_axis) + "^" +
                             std::to_string(dimension) + " points: at most " +
                             std::to_string(max_points) + " in all");
  }

  BoxQuadrature::BoxQuadrature(const Parameters &parameters)
    : dim(parameters.dimension)
  {
    const dealii::Quadrature<1> unit =
      parameters.rule == "midpoint" ?
        dealii::Quadrature<1>(
          dealii::QIterated<1>(dealii::QMidpoint<1>(),
                               parameters.n_points_per_axis)) :
        dealii::Quadrature<1>(dealii::QGauss<1>(parameters.n_points_per_axis));
    const unsigned int n = unit.size();

    std::vector<std::vector<double>> axis_weights(dim);
    nodes.resize(dim);
    for (unsigned int k = 0; k < dim; ++k)
      {
        const double lo = parameters.lower_corner[k];
        const double h  = parameters.upper_corner[k] - lo;
        for (unsigned int q = 0; q < n; ++q)
          {
            nodes[k].push_back(lo + h * unit.point(q)[0]);
            axis_weights[k].push_back(h * unit.weight(q));
          }
      }

    unsigned int n_total = 1;
    for (unsigned int k = 0; k < dim; ++k)
      n_total *= n;
    coordinates.resize(n_total * dim);
    weights.assign(n_total, 1.);
    for (unsigned int q = 0; q < n_total; ++q)
      for (unsigned int k = 0, rest = q; k < dim; ++k)
        {
          // the last axis runs fastest, as in index()
          const unsigned int axis = dim - 1 - k;
          const unsigned int i    = rest % n;
          rest /= n;
          coordinates[q * dim + axis] = nodes[axis][i];
          weights[q] *= axis_weights[axis][i];
        }
  }

  unsigned int
  BoxQuadrature::dimension() const
  {
    return dim;
  }

  unsigned int
  BoxQuadrature::size() const
  {
    return weights.size();
  }

  dealii::ArrayView<const double>
  BoxQuadrature::point(const unsigned int q) const
  {
    AssertIndexRange(q, size());
    return dealii::ArrayView<const double>(coordinates.data() + q * dim, dim);
  }

  double
  BoxQuadrature::weight(const unsigned int q) const
  {
    AssertIndexRange(q, size());
    return weights[q];
  }

  const std::vector<double> &
  BoxQuadrature::axis_nodes(const unsigned int axis) const
  {
    AssertIndexRange(axis, dim);
    return nodes[axis];
  }

  unsigned int
  BoxQuadrature::index(const std::vector<unsigned int> &indices) const
  {
    AssertDimension(indices.size(), dim);
    unsigned int q = 0;
    for (unsigned int k = 0; k < dim; ++k)
      q = q * nodes[k].size() + indices[k];
    return q;
  }
} // namespace mfpg
