#ifndef mfpg_io_partial_file_h
#define mfpg_io_partial_file_h

#include <fstream>
#include <ostream>
#include <string>

namespace mfpg
{
  /**
   * A file that is there complete or not at all: written as PATH.partial
   * and renamed to PATH by commit(), so that a run that stops half-way
   * leaves a .partial file, never a complete-looking one.
   */
  class PartialFile
  {
  public:
    /** Opens PATH.partial for writing (binary with @p binary). */
    explicit PartialFile(const std::string &path, const bool binary = false);

    std::ostream &
    stream();

    /**
     * Close PATH.partial and rename it to PATH; a failed write throws a
     * std::runtime_error naming the file.
     */
    void
    commit();

  private:
    std::string   path;
    std::ofstream out;
  };

  /** Write @p text to @p path through a PartialFile. */
  void
  write_file(const std::string &path, const std::string &text);
} // namespace mfpg

#endif
