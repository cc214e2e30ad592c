#ifndef mfpg_apps_output_directory_h
#define mfpg_apps_output_directory_h

#include <string>

namespace mfpg
{
  /**
   * Make sure, before a run starts, that it can write its results: create
   * @p directory (with its parents) and write and remove a small file in
   * it. A directory that cannot be created or written in throws a
   * ParameterError naming @p parameter, the directory and the system's
   * reason, e.g. "'Output/Directory': cannot create '/proc/x': No such file
   * or directory". Nothing for an empty @p directory (a run that writes no
   * files). Collective on MPI_COMM_WORLD: rank 0 tries, every rank throws.
   */
  void
  prepare_output_directory(const std::string &directory,
                           const std::string &parameter);

  /**
   * The same for the directory an output file @p file goes to (the working
   * directory for a bare file name); nothing for an empty @p file.
   */
  void
  prepare_output_file(const std::string &file, const std::string &parameter);

  /**
   * Where a subcommand writes its results: a directory of files or a single
   * file (a CSV, with NAME.summary.json beside it), and the parameter that
   * names it, for the messages.
   */
  struct OutputPlace
  {
    enum class Kind
    {
      directory,
      file
    };

    Kind        kind;
    std::string path;
    std::string parameter;
  };

  /** prepare_output_directory() or prepare_output_file() for @p place. */
  void
  prepare_output(const OutputPlace &place);
} // namespace mfpg

#endif
