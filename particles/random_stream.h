#ifndef mfpg_particles_random_stream_h
#define mfpg_particles_random_stream_h

// RandomStream lives in the model library (the teacher reward of
// model.md §1 draws its network with it); this header keeps the includes
// of verification/ working until they name model/random_stream.h.
#include "model/random_stream.h"

#endif
