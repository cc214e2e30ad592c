#ifndef mfpg_model_parameter_file_h
#define mfpg_model_parameter_file_h

#include <deal.II/base/parameter_handler.h>
#include <deal.II/lac/full_matrix.h>
#include <deal.II/lac/vector.h>

#include <stdexcept>
#include <string>

namespace mfpg
{
  /**
   * A parameter file, a parameter in it, or a combination of parameters is
   * wrong. The message names the parameter (as "Subsection/Entry") and says
   * what is wrong with it; programs print it and exit with a non-zero status.
   */
  class ParameterError : public std::runtime_error
  {
  public:
    ParameterError(const std::string &parameter, const std::string &problem);
  };

  /**
   * Parse @p filename into @p prm, in which every entry has been declared.
   * An unknown (e.g. misspelt) key, a value that does not match its pattern,
   * or a file that cannot be read throws a ParameterError that repeats
   * deal.II's diagnosis (line, entry, pattern) without its stack trace.
   */
  void
  parse_parameter_file(dealii::ParameterHandler &prm,
                       const std::string        &filename);

  /**
   * Parse @p filename into @p prm, which declares the entries that one
   * program reads, when the file may also hold entries that other programs
   * read: the whole file is first checked against @p every, which declares
   * every entry any of them reads (those of @p prm included), with the
   * errors above; then the entries declared in @p prm are read into it and
   * the others are skipped.
   */
  void
  parse_parameter_file(dealii::ParameterHandler &prm,
                       dealii::ParameterHandler &every,
                       const std::string        &filename);

  /**
   * The same for parameters given as the text of a file (used by tests and by
   * command-line overrides).
   */
  void
  parse_parameter_text(dealii::ParameterHandler &prm, const std::string &text);

  /**
   * Write every parameter of @p prm, as used by a run, with its
   * documentation, to @p directory/parameters.prm: a record that restarts
   * the same run.
   */
  void
  write_used_parameters(const dealii::ParameterHandler &prm,
                        const std::string              &directory);

  /**
   * The number of steps of length @p step in @p duration (both > 0), which
   * must be a whole number up to a relative 1e-9; otherwise a
   * ParameterError naming @p parameter (the duration's entry).
   */
  unsigned long
  whole_number_of_steps(const double       duration,
                        const double       step,
                        const std::string &parameter);

  /**
   * Apply one command-line override "Subsection/.../Entry=value" to @p prm,
   * as if it were the last line of the parameter file; a malformed override
   * or an unknown entry throws a ParameterError naming it.
   */
  void
  apply_override(dealii::ParameterHandler &prm, const std::string &assignment);

  /**
   * A vector of R^d from a parameter list of 1 value (repeated d times) or
   * d values; anything else throws a ParameterError naming @p parameter.
   */
  dealii::Vector<double>
  vector_from_list(const std::vector<double> &values,
                   const unsigned int         d,
                   const std::string         &parameter);

  /**
   * A symmetric positive definite d x d matrix from a parameter list of
   * 1 value (times the identity), d values (a diagonal) or d*d values (row
   * by row); a list of another length, an asymmetric matrix or one that is
   * not positive definite throws a ParameterError naming @p parameter.
   */
  dealii::FullMatrix<double>
  spd_matrix_from_list(const std::vector<double> &values,
                       const unsigned int         d,
                       const std::string         &parameter);
} // namespace mfpg

#endif
