#ifndef mfpg_apps_mesh_dimension_h
#define mfpg_apps_mesh_dimension_h

#include "model/parameter_file.h"

#include <string>
#include <type_traits>

namespace mfpg
{
  /**
   * The one place where the run-time dimension d of theta becomes the
   * template argument dim of the mesh solver: calls
   * @p action(std::integral_constant<int, d>()) for d = 1, 2, 3, and throws
   * a ParameterError naming "Feature" otherwise.
   */
  template <class Action>
  void
  with_mesh_dimension(const unsigned int d, const Action &action)
  {
    switch (d)
      {
        case 1:
          action(std::integral_constant<int, 1>());
          break;
        case 2:
          action(std::integral_constant<int, 2>());
          break;
        case 3:
          action(std::integral_constant<int, 3>());
          break;
        default:
          throw ParameterError(
            "Feature",
            "the mesh solver runs in d = 1, 2 or 3 dimensions; this feature "
            "has d = " +
              std::to_string(d) +
              " (freeze components, or use the particle solver)");
      }
  }
} // namespace mfpg

#endif
