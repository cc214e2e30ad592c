#ifndef mfpg_particles_particle_flow_state_h
#define mfpg_particles_particle_flow_state_h

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mfpg
{
  /**
   * Everything the particle flow of model.md §5 carries from one step to
   * the next (ParticleSystem: the step and the particles, every random
   * number being a function of the seed, the particle and the step;
   * ParticleOutput: the monitor rows and the .pvd series so far): with it,
   * and the same parameters, a run continues exactly as the uninterrupted
   * one. to_json() and from_json() give its form in a checkpoint (doubles
   * exact in CBOR).
   */
  struct ParticleFlowState
  {
    /** The step k about to be taken (t = k eta). */
    std::uint64_t step = 0;
    /** All N particles, global order, point after point. */
    std::vector<double> coordinates;
    /** The monitor rows of the output times before step k. */
    std::vector<std::vector<double>> rows;
    /** (t, file) of the snapshots before step k (rank 0; empty elsewhere). */
    std::vector<std::pair<double, std::string>> snapshots;
  };

  void
  to_json(nlohmann::json &j, const ParticleFlowState &state);

  void
  from_json(const nlohmann::json &j, ParticleFlowState &state);
} // namespace mfpg

#endif
