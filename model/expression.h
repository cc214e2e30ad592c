#ifndef mfpg_model_expression_h
#define mfpg_model_expression_h

#include <deal.II/base/array_view.h>

#include <memory>
#include <string>
#include <vector>

namespace mfpg
{
  /**
   * A scalar expression of named variables, given as a string in a parameter
   * file (rewards r(s,a), transition densities k(s,a,s'), initial state
   * densities, feature bases phi(s,a)).
   *
   * deal.II's FunctionParser is limited to points of dimension <= 3, while a
   * reward of a 3-D state and a 3-D action has six variables; this class uses
   * muparser (the library behind FunctionParser) directly, with the same
   * constants (pi, e). It is used at set-up only: expressions are tabulated on
   * the quadrature grids once, never evaluated in a hot loop, and one object
   * must not be evaluated from two threads at once.
   */
  class Expression
  {
  public:
    /**
     * Compile @p expression in the variables @p variables. A malformed
     * expression, or one using a variable not in the list, throws a
     * ParameterError naming @p parameter.
     */
    Expression(const std::string              &expression,
               const std::vector<std::string> &variables,
               const std::string              &parameter);
    ~Expression();
    Expression(Expression &&) noexcept;

    /**
     * The value at @p values (one per variable, in the order given to the
     * constructor). A value that is not finite throws a ParameterError.
     */
    double
    operator()(const dealii::ArrayView<const double> &values) const;

  private:
    struct Implementation;
    std::unique_ptr<Implementation> implementation;
  };

  /**
   * The variable names of a point of dimension @p dim whose coordinates are
   * called @p name: {name} in 1-D, {name1, ..., name<dim>} otherwise, none in
   * 0-D.
   */
  std::vector<std::string>
  coordinate_names(const std::string &name, const unsigned int dim);
} // namespace mfpg

#endif
