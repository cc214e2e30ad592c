#!/usr/bin/env bash
# check_parameter_docs.sh MFPG DOC_DIR: docs/parameters/SUBCOMMAND.prm must be
# exactly what `mfpg --print-parameters SUBCOMMAND` prints, for every
# subcommand that `mfpg --help` lists, so that the documentation cannot drift
# from the code. Regenerate after a change:
#   for c in $(build/bin/mfpg --help | awk '$1 == "mfpg" && $2 ~ /^[a-z]+$/ && $3 == "FILE.prm" {print $2}'); do
#     build/bin/mfpg --print-parameters $c > docs/parameters/$c.prm; done
set -u
mfpg=$1 doc=$2
status=0
commands=$("$mfpg" --help | awk '$1 == "mfpg" && $2 ~ /^[a-z]+$/ && $3 == "FILE.prm" {print $2}')
if [ "$(echo "$commands" | wc -w)" -lt 7 ]; then
  echo "FAIL: 'mfpg --help' lists fewer than the 7 subcommands: $commands"
  exit 1
fi
for c in $commands; do
  if ! diff -u "$doc/$c.prm" <("$mfpg" --print-parameters "$c") >/dev/null; then
    echo "FAIL: $doc/$c.prm differs from 'mfpg --print-parameters $c':"
    diff -u "$doc/$c.prm" <("$mfpg" --print-parameters "$c") | head -20
    status=1
  fi
done
[ $status -eq 0 ] && echo "PASS: the parameter documentation of $(echo $commands) matches the code"
exit $status
