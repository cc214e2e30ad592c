#!/usr/bin/env bash
# run_mfpg.sh MFPG SUBCOMMAND STATUS TEXT PRM_TEXT [ARGS...]: write PRM_TEXT
# to a parameter file in a fresh temporary directory, run
# `MFPG SUBCOMMAND case.prm ARGS...` there (relative output directories land there too), and pass if the exit
# status is STATUS, the output (stdout and stderr) contains TEXT, and no
# deal.II stack trace is printed.
set -u
mfpg=$1 subcommand=$2 status=$3 text=$4 prm_text=$5
shift 5
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
printf '%s\n' "$prm_text" >"$dir/case.prm"
output=$(cd "$dir" && "$mfpg" "$subcommand" case.prm "$@" 2>&1)
actual=$?
echo "$output"
if [ "$actual" -ne "$status" ]; then
  echo "FAIL: exit status $actual, expected $status"; exit 1
fi
if ! grep -qF -- "$text" <<<"$output"; then
  echo "FAIL: the output does not contain '$text'"; exit 1
fi
if grep -qE "Stacktrace|An error occurred in line" <<<"$output"; then
  echo "FAIL: a stack trace was printed"; exit 1
fi
echo "PASS"
