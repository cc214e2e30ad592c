#!/usr/bin/env bash
# check_parameter_docs.sh MFPG DOC_DIR: docs/parameters/SUBCOMMAND.prm must be
# exactly what `mfpg --print-parameters SUBCOMMAND` prints, for every
# subcommand, so that the documentation cannot drift from the code.
# Regenerate after a change:
#   for c in exact mesh particles convergence stability study compare; do
#     build/bin/mfpg --print-parameters $c > docs/parameters/$c.prm; done
set -u
mfpg=$1 doc=$2
status=0
for c in exact mesh particles convergence stability study compare; do
  if ! diff -u "$doc/$c.prm" <("$mfpg" --print-parameters "$c") >/dev/null; then
    echo "FAIL: $doc/$c.prm differs from 'mfpg --print-parameters $c':"
    diff -u "$doc/$c.prm" <("$mfpg" --print-parameters "$c") | head -20
    status=1
  fi
done
[ $status -eq 0 ] && echo "PASS: the parameter documentation matches the code"
exit $status
