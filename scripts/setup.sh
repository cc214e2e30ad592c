#!/usr/bin/env bash
# One-command set-up of mfpg: installs the Debian packages the project needs
# (only those missing), configures a Release build in ./build (ccache when
# present) and builds it. Idempotent; quiet when everything is in place.
#
#   bash scripts/setup.sh            # install, configure, build
#   MFPG_BUILD_DIR=dir bash scripts/setup.sh
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${MFPG_BUILD_DIR:-$root/build}

packages=(
  cmake g++ make
  libdeal.ii-dev      # deal.II 9.4: meshes, FE, quadrature, ParameterHandler; brings PETSc, p4est, MPI, TBB
  libmuparser-dev     # expressions with more than three variables (rewards, kernels)
  libboost-dev        # Boost.odeint, Boost.Math
  liblemon-dev        # exact discrete optimal transport (NetworkSimplex)
  nlohmann-json3-dev  # the JSON run summaries
  libgtest-dev        # GoogleTest
  libbenchmark-dev    # Google Benchmark
  python3-matplotlib  # plots
  python3-numpy       # the NumPy peer of benchmarks/run.sh
  ccache
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "mfpg setup: installing ${missing[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
fi
log="$build/build.log"
if ! cmake --build "$build" --parallel "$(nproc)" >"$log" 2>&1; then
  cat "$log"
  echo "mfpg setup: the build failed (log: $log)" >&2
  exit 1
fi
grep -E "warning:" "$log" || true
