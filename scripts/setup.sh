#!/usr/bin/env bash
# One-command set-up of mfpg: installs the Debian packages the project needs
# (only those missing), configures a Release build in ./build (ccache when
# present) and builds what was asked for. Idempotent; quiet when everything
# is in place.
#
#   bash scripts/setup.sh                 # the mfpg program only
#   bash scripts/setup.sh --tests         # the program and every test suite
#   bash scripts/setup.sh --benchmarks    # the program and the benchmark binary;
#                                         # with the peers beside the repository
#                                         # (../shared/peers), their packages too
#   MFPG_BUILD_DIR=dir bash scripts/setup.sh ...
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${MFPG_BUILD_DIR:-$root/build}

targets=(mfpg)
packages=(
  cmake g++ make
  libdeal.ii-dev      # deal.II 9.4: meshes, FE, quadrature, ParameterHandler; brings PETSc, p4est, MPI, TBB
  libmuparser-dev     # expressions with more than three variables (rewards, kernels)
  libboost-dev        # Boost.odeint, Boost.Math, Boost.Geometry
  liblemon-dev        # exact discrete optimal transport (NetworkSimplex)
  nlohmann-json3-dev  # the JSON run summaries
  libgtest-dev        # GoogleTest (found by the configure step, built with --tests)
  libbenchmark-dev    # Google Benchmark (found by the configure step, built with --benchmarks)
  python3-matplotlib  # plots
  python3-numpy       # plots, the tests' output checker, the NumPy peer
  ccache
)
for option in "$@"; do
  case $option in
    --tests) targets=(all) ;;
    --benchmarks)
      targets+=(bench_particle_step)
      # the peers of benchmarks/run.sh, when they are beside the repository
      [ -d "$root/../shared/peers" ] && packages+=(python3-scipy python3-dolfinx)
      ;;
    *) echo "mfpg setup: unknown option '$option' (use --tests or --benchmarks)" >&2; exit 2 ;;
  esac
done

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

# ccache with the paths taken relative to the repository and the working
# directory left out of the hash, so that every clone of it (CI's fresh one
# too) shares one cache on a machine; the sloppiness ccache needs to cache
# compilations that use the precompiled deal.II headers
launcher=()
command -v ccache >/dev/null &&
  launcher=("-DCMAKE_CXX_COMPILER_LAUNCHER=env;CCACHE_BASEDIR=$root;CCACHE_NOHASHDIR=true;CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime;ccache")

if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null
fi
log="$build/build.log"
for target in "${targets[@]}"; do
  if ! cmake --build "$build" --target "$target" --parallel "$(nproc)" >"$log" 2>&1; then
    cat "$log"
    echo "mfpg setup: the build of '$target' failed (log: $log)" >&2
    exit 1
  fi
  grep -E "warning:" "$log" || true
done
