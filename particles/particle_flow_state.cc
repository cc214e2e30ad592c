#include "particles/particle_flow_state.h"

#include <nlohmann/json.hpp>

namespace mfpg
{
  void
  to_json(nlohmann::json &j, const ParticleFlowState &state)
  {
    j = {{"step", state.step},
         {"coordinates", state.coordinates},
         {"rows", state.rows},
         {"snapshots", state.snapshots}};
  }

  void
  from_json(const nlohmann::json &j, ParticleFlowState &state)
  {
    state.step        = j["step"];
    state.coordinates = j["coordinates"].get<std::vector<double>>();
    state.rows        = j["rows"].get<std::vector<std::vector<double>>>();
    state.snapshots =
      j["snapshots"].get<std::vector<std::pair<double, std::string>>>();
  }
} // namespace mfpg
