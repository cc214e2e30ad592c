#include "model/expression.h"

#include "model/parameter_file.h"

#include <muParser.h>

#include <cmath>

namespace mfpg
{
  struct Expression::Implementation
  {
    mu::Parser               parser;
    std::vector<double>      values;
    std::string              text;
    std::string              parameter;
    std::vector<std::string> variables;
  };

  Expression::Expression(const std::string              &expression,
                         const std::vector<std::string> &variables,
                         const std::string              &parameter)
    : implementation(std::make_unique<Implementation>())
  {
    Implementation &impl = *implementation;
    impl.values.resize(variables.size());
    impl.text      = expression;
    impl.parameter = parameter;
    impl.variables = variables;
    try
      {
        impl.parser.DefineConst("pi", M_PI);
        impl.parser.DefineConst("e", M_E);
        for (unsigned int k = 0; k < variables.size(); ++k)
          impl.parser.DefineVar(variables[k], &impl.values[k]);
        impl.parser.SetExpr(expression);
        // muparser compiles lazily: evaluate once so that syntax errors and
        // unknown variables surface here, not at the first real use.
        impl.parser.Eval();
      }
    catch (const mu::Parser::exception_type &e)
      {
        std::string known;
        for (const auto &v : variables)
          known += (known.empty() ? "" : ", ") + v;
        throw ParameterError(parameter,
                             "cannot parse the expression \"" + expression +
                               "\": " + e.GetMsg() + " (variables: " +
                               (known.empty() ? "none" : known) + ")");
      }
  }

  Expression::~Expression() = default;

  Expression::Expression(Expression &&) noexcept = default;

  double
  Expression::operator()(const dealii::ArrayView<const double> &values) const
  {
    Implementation &impl = *implementation;
    std::copy(values.begin(), values.end(), impl.values.begin());
    const double result = impl.parser.Eval();
    if (!std::isfinite(result))
      {
        std::string at;
        for (unsigned int k = 0; k < impl.variables.size(); ++k)
          at += (k == 0 ? "" : ", ") + impl.variables[k] + " = " +
                std::to_string(values[k]);
        throw ParameterError(impl.parameter,
                             "the expression \"" + impl.text +
                               "\" is not finite at " + at);
      }
    return result;
  }

  std::vector<std::string>
  coordinate_names(const std::string &name, const unsigned int dim)
  {
    if (dim == 1)
      return {name};
    std::vector<std::string> names;
    for (unsigned int k = 1; k <= dim; ++k)
      names.push_back(name + std::to_string(k));
    return names;
  }
} // namespace mfpg
