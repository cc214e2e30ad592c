#include "model/initial_law.h"

#include <boost/math/special_functions/erf.hpp>

#include "model/parameter_file.h"
#include "model/symmetric_matrix_function.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace mfpg
{
  void
  InitialLaw::Parameters::add_parameters(dealii::ParameterHandler &prm)
  {
    prm.enter_subsection("Initial law");
    prm.add_parameter(
      "Type",
      type,
      "The initial law nu_0: gaussian (Mean, Covariance), uniform (on the box "
      "Lower corner, Upper corner), barenblatt (the compactly supported "
      "profile of exponent Barenblatt exponent with Mean and covariance v I, "
      "v the single value of Covariance; d <= 3; docs/model.md §11.3), "
      "agazzi-lu (output weight c = 0, the other components N(0, s^2) with "
      "s = Inner weight deviation) or file (the points of File).",
      dealii::Patterns::Selection(
        "gaussian|uniform|barenblatt|agazzi-lu|file"));
    gaussian.add_parameters(prm);
    prm.add_parameter("Lower corner",
                      lower_corner,
                      "uniform: the lower corner of the box, 1 value (all "
                      "components) or d values.",
                      dealii::Patterns::List(dealii::Patterns::Double(), 1));
    prm.add_parameter("Upper corner",
                      upper_corner,
                      "uniform: the upper corner of the box, 1 value (all "
                      "components) or d values.",
                      dealii::Patterns::List(dealii::Patterns::Double(), 1));
    prm.add_parameter("Inner weight deviation",
                      inner_weight_deviation,
                      "agazzi-lu: the standard deviation s of the components "
                      "other than c.",
                      dealii::Patterns::Double(0.));
    prm.add_parameter("Barenblatt exponent",
                      barenblatt_exponent,
                      "barenblatt: the exponent m > 1 of the profile A (1 - "
                      "|theta - mean|^2 / R^2)_+^{1/(m-1)}; the exact "
                      "Barenblatt flow needs Regularisation/Tsallis exponent.",
                      dealii::Patterns::Double());
    prm.add_parameter(
      "File",
      file,
      "file: a text file with one point per line, d numbers separated by "
      "blanks or commas; '#' lines and a first line naming the components "
      "(a particle snapshot's header) are skipped.");
    prm.leave_subsection();
  }

  namespace
  {
    /** The numbers of one line, or the text that is not a number. */
    bool
    parse_numbers(const std::string   &line,
                  std::vector<double> &numbers,
                  std::string         &offending)
    {
      std::string text = line;
      std::replace(text.begin(), text.end(), ',', ' ');
      std::istringstream tokens(text);
      numbers.clear();
      for (std::string token; tokens >> token;)
        {
          char        *end   = nullptr;
          const double value = std::strtod(token.c_str(), &end);
          if (end != token.c_str() + token.size() || !std::isfinite(value))
            {
              offending = token;
              return false;
            }
          numbers.push_back(value);
        }
      return true;
    }

    bool
    names_components(const std::string              &line,
                     const std::vector<std::string> &names)
    {
      std::string text = line;
      std::replace(text.begin(), text.end(), ',', ' ');
      std::istringstream       tokens(text);
      std::vector<std::string> words;
      for (std::string word; tokens >> word;)
        words.push_back(word);
      return words == names;
    }

    std::vector<double>
    read_points(const std::string              &filename,
                const std::vector<std::string> &names)
    {
      const std::string  parameter = "Initial law/File";
      const unsigned int d         = names.size();
      if (filename.empty())
        throw ParameterError(parameter, "Type = file needs a file name");
      std::ifstream in(filename);
      if (!in)
        throw ParameterError(parameter, "cannot read '" + filename + "'");

      std::vector<double> points, numbers;
      std::string         line, offending;
      bool                first_data_line = true;
      for (unsigned int line_number = 1; std::getline(in, line); ++line_number)
        {
          const auto start = line.find_first_not_of(" \t\r");
          if (start == std::string::npos || line[start] == '#')
            continue;
          const bool is_first = first_data_line;
          first_data_line     = false;
          if (is_first && names_components(line, names))
            continue;
          const std::string where =
            "line " + std::to_string(line_number) + " of '" + filename + "'";
          if (!parse_numbers(line, numbers, offending))
            throw ParameterError(parameter,
                                 where + ": '" + offending +
                                   "' is not a finite number");
          if (numbers.size() != d)
            throw ParameterError(parameter,
                                 where + " has " +
                                   std::to_string(numbers.size()) +
                                   " numbers; every point needs d = " +
                                   std::to_string(d));
          points.insert(points.end(), numbers.begin(), numbers.end());
        }
      if (points.empty())
        throw ParameterError(parameter, "'" + filename + "' holds no points");
      return points;
    }

    /** Phi^{-1}(u), the standard normal quantile, for u in (0, 1). */
    double
    normal_quantile(const double u)
    {
      return -M_SQRT2 * boost::math::erfc_inv(2. * u);
    }
  } // namespace

  InitialLaw::InitialLaw(const Parameters               &parameters,
                         const std::vector<std::string> &parameter_names)
    : law_type(parameters.type)
    , d(parameter_names.size())
  {
    if (law_type == "gaussian")
      {
        gaussian_law =
          GaussianLaw::from_parameters(parameters.gaussian, d, "Initial law");
        covariance_sqrt = symmetric_matrix_function(gaussian_law.covariance,
                                                    [](const double s) {
                                                      return std::sqrt(s);
                                                    });
        covariance_inverse =
          symmetric_matrix_function(gaussian_law.covariance,
                                    [](const double s) { return 1. / s; });
        double log_det = 0.;
        for (const double s : symmetric_eigenvalues(gaussian_law.covariance))
          log_det += std::log(s);
        log_normaliser = -0.5 * (d * std::log(2. * M_PI) + log_det);
      }
    else if (law_type == "barenblatt")
      {
        if (d > 3)
          throw ParameterError("Initial law/Type",
                               "barenblatt is drawn in d <= 3; this feature "
                               "has d = " +
                                 std::to_string(d));
        const double m = parameters.barenblatt_exponent;
        if (!(m > 1. && std::isfinite(m)))
          throw ParameterError("Initial law/Barenblatt exponent",
                               "must be a finite m > 1");
        if (parameters.gaussian.covariance.size() != 1 ||
            !(parameters.gaussian.covariance[0] > 0.))
          throw ParameterError("Initial law/Covariance",
                               "barenblatt takes one positive value v, the "
                               "covariance v I");
        barenblatt_profile = BarenblattProfile::with_variance(
          m,
          vector_from_list(parameters.gaussian.mean, d, "Initial law/Mean"),
          parameters.gaussian.covariance[0]);
      }
    else if (law_type == "uniform")
      {
        lower = vector_from_list(parameters.lower_corner,
                                 d,
                                 "Initial law/Lower corner");
        upper = vector_from_list(parameters.upper_corner,
                                 d,
                                 "Initial law/Upper corner");
        for (unsigned int k = 0; k < d; ++k)
          if (!(lower[k] < upper[k]))
            throw ParameterError("Initial law/Upper corner",
                                 "component " + std::to_string(k + 1) +
                                   " is not above the lower corner");
      }
    else if (law_type == "agazzi-lu")
      {
        const auto c =
          std::find(parameter_names.begin(), parameter_names.end(), "c");
        if (c == parameter_names.end())
          throw ParameterError(
            "Initial law/Type",
            "agazzi-lu sets the output weight c of a neuron to 0, but theta "
            "has no component c (a linear feature, or c frozen)");
        output_weight_index = c - parameter_names.begin();
        deviation           = parameters.inner_weight_deviation;
        if (!(deviation >= 0.))
          throw ParameterError("Initial law/Inner weight deviation",
                               "must be >= 0");
      }
    else if (law_type == "file")
      points = read_points(parameters.file, parameter_names);
    else
      throw ParameterError("Initial law/Type",
                           "unknown initial law '" + law_type + "'");
  }

  unsigned int
  InitialLaw::dimension() const
  {
    return d;
  }

  const std::string &
  InitialLaw::type() const
  {
    return law_type;
  }

  bool
  InitialLaw::has_density() const
  {
    return law_type == "gaussian" || law_type == "uniform" ||
           law_type == "barenblatt";
  }

  void
  InitialLaw::require_density(const std::string &user) const
  {
    if (!has_density())
      throw ParameterError("Initial law/Type",
                           user +
                             " needs an initial law with a density (gaussian, "
                             "uniform or barenblatt), not '" +
                             law_type + "'");
  }

  void
  InitialLaw::require_gaussian(const std::string &user) const
  {
    if (law_type != "gaussian")
      throw ParameterError("Initial law/Type",
                           user + " starts from a gaussian law, not '" +
                             law_type + "'");
  }

  double
  InitialLaw::density(const dealii::ArrayView<const double> &theta) const
  {
    AssertDimension(theta.size(), d);
    if (law_type == "gaussian")
      {
        double quadratic = 0.;
        for (unsigned int k = 0; k < d; ++k)
          for (unsigned int l = 0; l < d; ++l)
            quadratic += (theta[k] - gaussian_law.mean[k]) *
                         covariance_inverse(k, l) *
                         (theta[l] - gaussian_law.mean[l]);
        return std::exp(log_normaliser - 0.5 * quadratic);
      }
    if (law_type == "barenblatt")
      return barenblatt_profile.density(theta);
    if (law_type == "uniform")
      {
        double volume = 1.;
        for (unsigned int k = 0; k < d; ++k)
          {
            if (theta[k] < lower[k] || theta[k] > upper[k])
              return 0.;
            volume *= upper[k] - lower[k];
          }
        return 1. / volume;
      }
    throw std::logic_error("InitialLaw::density: the initial law '" + law_type +
                           "' has no density");
  }

  const GaussianLaw &
  InitialLaw::gaussian() const
  {
    if (law_type != "gaussian")
      throw std::logic_error("InitialLaw::gaussian: the initial law is '" +
                             law_type + "', not gaussian");
    return gaussian_law;
  }

  const BarenblattProfile &
  InitialLaw::barenblatt() const
  {
    if (law_type != "barenblatt")
      throw std::logic_error("InitialLaw::barenblatt: the initial law is '" +
                             law_type + "', not barenblatt");
    return barenblatt_profile;
  }

  unsigned int
  InitialLaw::n_points() const
  {
    return points.size() / std::max(d, 1u);
  }

  void
  InitialLaw::sample(const unsigned int                     index,
                     const dealii::ArrayView<const double> &uniforms,
                     const dealii::ArrayView<double>       &theta) const
  {
    AssertDimension(uniforms.size(), d);
    AssertDimension(theta.size(), d);
    if (law_type == "file")
      {
        AssertIndexRange(index, n_points());
        std::copy_n(points.begin() + std::size_t(index) * d, d, theta.begin());
      }
    else if (law_type == "uniform")
      for (unsigned int k = 0; k < d; ++k)
        theta[k] = lower[k] + (upper[k] - lower[k]) * uniforms[k];
    else if (law_type == "barenblatt")
      barenblatt_profile.sample(uniforms, theta);
    else if (law_type == "agazzi-lu")
      for (unsigned int k = 0; k < d; ++k)
        theta[k] = k == output_weight_index ?
                     0. :
                     deviation * normal_quantile(uniforms[k]);
    else
      {
        std::vector<double> z(d);
        for (unsigned int k = 0; k < d; ++k)
          z[k] = normal_quantile(uniforms[k]);
        for (unsigned int k = 0; k < d; ++k)
          {
            theta[k] = gaussian_law.mean[k];
            for (unsigned int l = 0; l < d; ++l)
              theta[k] += covariance_sqrt(k, l) * z[l];
          }
      }
  }
} // namespace mfpg
