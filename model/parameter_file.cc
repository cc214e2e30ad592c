#include "model/parameter_file.h"

#include <deal.II/base/exceptions.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace mfpg
{
  ParameterError::ParameterError(const std::string &parameter,
                                 const std::string &problem)
    : std::runtime_error("Parameter error: '" + parameter + "': " + problem)
  {
  }

  namespace
  {
    /**
     * deal.II's exceptions carry a generic header (file, line, function,
     * violated condition) before the diagnosis a user needs; keep only the
     * diagnosis, collapsed onto one paragraph.
     */
    std::string
    diagnosis(const dealii::ExceptionBase &e)
    {
      std::ostringstream out;
      e.print_info(out);
      std::string text;
      for (const char c : out.str())
        {
          const char blank = (c == '\n' || c == '\t') ? ' ' : c;
          if (!(blank == ' ' && (text.empty() || text.back() == ' ')))
            text += blank;
        }
      while (!text.empty() && text.back() == ' ')
        text.pop_back();
      return text;
    }

    /** The edit distance between two strings (Levenshtein). */
    unsigned int
    edit_distance(const std::string &a, const std::string &b)
    {
      std::vector<unsigned int> row(b.size() + 1);
      for (unsigned int j = 0; j <= b.size(); ++j)
        row[j] = j;
      for (unsigned int i = 1; i <= a.size(); ++i)
        {
          unsigned int diagonal = row[0];
          row[0]                = i;
          for (unsigned int j = 1; j <= b.size(); ++j)
            {
              const unsigned int above = row[j];
              row[j]                   = std::min({row[j] + 1,
                                                   row[j - 1] + 1,
                                                   diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
              diagonal                 = above;
            }
        }
      return row[b.size()];
    }

    /** "A/B" for the subsections A, B entered before line @p line of @p text.
     */
    std::string
    subsection_at_line(const std::string &text, const unsigned int line)
    {
      std::vector<std::string> path;
      std::istringstream       lines(text);
      std::string              content;
      for (unsigned int n = 1; n < line && std::getline(lines, content); ++n)
        {
          const auto first = content.find_first_not_of(" \t");
          if (first == std::string::npos)
            continue;
          content = content.substr(first);
          if (content.rfind("subsection ", 0) == 0)
            {
              std::string name = content.substr(11);
              name.erase(0, name.find_first_not_of(' '));
              while (!name.empty() &&
                     (name.back() == ' ' || name.back() == '\r'))
                name.pop_back();
              path.push_back(name);
            }
          else if (content.rfind("end", 0) == 0 && !path.empty())
            path.pop_back();
        }
      std::string joined;
      for (const std::string &name : path)
        joined += (joined.empty() ? "" : "/") + name;
      return joined;
    }

    /**
     * For "Line <n> ...: No entry with name <key> was declared", the
     * declared entry of @p prm closest to key (edit distance) among those
     * of the subsection that line of @p input is in, as " Did you mean
     * '...'?".
     */
    std::string
    suggestion(const dealii::ParameterHandler &prm,
               const std::string              &message,
               const std::string              &input)
    {
      const std::string marker     = "No entry with name <";
      const auto        start      = message.find(marker);
      const auto        line_start = message.find("Line <");
      if (start == std::string::npos || line_start == std::string::npos)
        return "";
      const auto        end = message.find('>', start + marker.size());
      const std::string key =
        message.substr(start + marker.size(), end - start - marker.size());
      const std::string subsection =
        subsection_at_line(input, std::stoul(message.substr(line_start + 6)));

      std::ostringstream listing;
      prm.print_parameters(listing, dealii::ParameterHandler::ShortPRM);
      std::istringstream       lines(listing.str());
      std::vector<std::string> path;
      std::string              line, best;
      unsigned int             best_distance = key.size();
      while (std::getline(lines, line))
        {
          const auto first = line.find_first_not_of(' ');
          if (first == std::string::npos)
            continue;
          line = line.substr(first);
          if (line.rfind("subsection ", 0) == 0)
            path.push_back(line.substr(11));
          else if (line.rfind("end", 0) == 0 && !path.empty())
            path.pop_back();
          else if (line.rfind("set ", 0) == 0)
            {
              std::string here;
              for (const std::string &name : path)
                here += (here.empty() ? "" : "/") + name;
              if (here != subsection)
                continue;
              std::string name = line.substr(4, line.find('=') - 4);
              while (!name.empty() && name.back() == ' ')
                name.pop_back();
              const unsigned int distance = edit_distance(key, name);
              if (distance < best_distance)
                {
                  best_distance = distance;
                  best          = name;
                }
            }
        }
      return best.empty() || best_distance > key.size() / 2 ?
               "" :
               " Did you mean '" + best + "'?";
    }

    /**
     * Parse @p text, the contents of @p name, into @p prm; with
     * @p skip_undefined, entries and subsections that @p prm does not
     * declare are skipped.
     */
    void
    parse_text(dealii::ParameterHandler &prm,
               const std::string        &text,
               const std::string        &name,
               const bool                skip_undefined = false)
    {
      std::istringstream input(text);
      try
        {
          prm.parse_input(input, name, "", skip_undefined);
        }
      catch (const dealii::ExceptionBase &e)
        {
          const std::string message = diagnosis(e);
          throw ParameterError(name, message + suggestion(prm, message, text));
        }
    }

    std::string
    file_text(const std::string &filename)
    {
      std::ifstream in(filename);
      if (!in)
        throw ParameterError(filename, "the parameter file cannot be read");
      std::stringstream text;
      text << in.rdbuf();
      return text.str();
    }
  } // namespace

  void
  parse_parameter_file(dealii::ParameterHandler &prm,
                       const std::string        &filename)
  {
    parse_text(prm, file_text(filename), filename);
  }

  void
  parse_parameter_file(dealii::ParameterHandler &prm,
                       dealii::ParameterHandler &every,
                       const std::string        &filename)
  {
    const std::string text = file_text(filename);
    parse_text(every, text, filename);
    parse_text(prm, text, filename, true);
  }

  void
  parse_parameter_text(dealii::ParameterHandler &prm, const std::string &text)
  {
    parse_text(prm, text, "<parameter text>");
  }
} // namespace mfpg

#include "model/symmetric_matrix_function.h"

#include <cmath>
#include <iomanip>

namespace mfpg
{
  void
  write_used_parameters(const dealii::ParameterHandler &prm,
                        const std::string              &directory)
  {
    std::ofstream out(directory + "/parameters.prm");
    prm.print_parameters(out, dealii::ParameterHandler::PRM);
    if (!out)
      throw std::runtime_error("cannot write " + directory + "/parameters.prm");
  }

  unsigned long
  whole_number_of_steps(const double       duration,
                        const double       step,
                        const std::string &parameter)
  {
    if (!(duration > 0.) || !(step > 0.))
      throw ParameterError(parameter,
                           "the duration and the time step must be positive");
    const double ratio = duration / step;
    const double n     = std::round(ratio);
    if (n < 1. || std::abs(ratio - n) > 1e-9 * ratio)
      {
        std::ostringstream message;
        message << std::setprecision(12) << duration
                << " is not a whole number of time steps " << step;
        throw ParameterError(parameter, message.str());
      }
    return static_cast<unsigned long>(n);
  }

  void
  apply_override(dealii::ParameterHandler &prm, const std::string &assignment)
  {
    const auto equals = assignment.find('=');
    if (equals == std::string::npos || equals == 0)
      throw ParameterError(assignment,
                           "an override reads Subsection/Entry=value");
    std::vector<std::string> path;
    std::istringstream       names(assignment.substr(0, equals));
    for (std::string name; std::getline(names, name, '/');)
      path.push_back(name);
    std::string text;
    for (unsigned int k = 0; k + 1 < path.size(); ++k)
      text += "subsection " + path[k] + "\n";
    text += "set " + path.back() + " = " + assignment.substr(equals + 1) + "\n";
    for (unsigned int k = 0; k + 1 < path.size(); ++k)
      text += "end\n";
    parse_text(prm, text, "--set " + assignment);
  }

  dealii::Vector<double>
  vector_from_list(const std::vector<double> &values,
                   const unsigned int         d,
                   const std::string         &parameter)
  {
    if (values.size() != 1 && values.size() != d)
      throw ParameterError(parameter,
                           "expected 1 or " + std::to_string(d) +
                             " values (the parameter dimension d = " +
                             std::to_string(d) + "), got " +
                             std::to_string(values.size()));
    dealii::Vector<double> v(d);
    for (unsigned int k = 0; k < d; ++k)
      v[k] = values.size() == 1 ? values[0] : values[k];
    return v;
  }

  dealii::FullMatrix<double>
  spd_matrix_from_list(const std::vector<double> &values,
                       const unsigned int         d,
                       const std::string         &parameter)
  {
    dealii::FullMatrix<double> M(d, d);
    if (values.size() == 1 || (values.size() == d && d > 1))
      for (unsigned int k = 0; k < d; ++k)
        M(k, k) = values.size() == 1 ? values[0] : values[k];
    else if (values.size() == d * d)
      for (unsigned int k = 0; k < d; ++k)
        for (unsigned int l = 0; l < d; ++l)
          M(k, l) = values[k * d + l];
    else
      throw ParameterError(parameter,
                           "expected 1, " + std::to_string(d) + " or " +
                             std::to_string(d * d) +
                             " values (a multiple of the identity, a "
                             "diagonal, or a full matrix row by row), got " +
                             std::to_string(values.size()));
    for (unsigned int k = 0; k < d; ++k)
      for (unsigned int l = 0; l < k; ++l)
        if (std::abs(M(k, l) - M(l, k)) > 1e-12 * (std::abs(M(k, l)) + 1.))
          throw ParameterError(parameter, "the matrix is not symmetric");
    if (!(symmetric_eigenvalues(M)[0] > 0.))
      throw ParameterError(parameter, "the matrix is not positive definite");
    return M;
  }
} // namespace mfpg
