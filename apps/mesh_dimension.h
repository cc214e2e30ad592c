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
   * @p action(std::integral_constant<int, d>()) for d = 1, 2, 3 and returns
   * what it returns (the same type for each d), and throws a ParameterError
   * naming "Feature" otherwise.
   */
  template <class Action>
  auto
  with_mesh_dimension(const unsigned int d, const Action &action)
    -> decltype(action(std::integral_constant<int, 1>()))
  {
    switch (d)
      {
        case 1:
          return action(std::integral_constant<int, 1>());
        case 2:
          return action(std::integral_constant<int, 2>());
        case 3:
          return action(std::integral_constant<int, 3>());
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
