#include "io/partial_file.h"

#include <filesystem>
#include <stdexcept>

namespace mfpg
{
  PartialFile::PartialFile(const std::string &path, const bool binary)
    : path(path)
    , out(path + ".partial", binary ? std::ios::binary : std::ios::out)
  {
  }

  std::ostream &
  PartialFile::stream()
  {
    return out;
  }

  void
  PartialFile::commit()
  {
    out.close();
    if (!out)
      throw std::runtime_error("cannot write " + path + ".partial");
    std::filesystem::rename(path + ".partial", path);
  }

  void
  write_file(const std::string &path, const std::string &text)
  {
    PartialFile file(path);
    file.stream() << text;
    file.commit();
  }
} // namespace mfpg
