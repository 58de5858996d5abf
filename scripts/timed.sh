#!/usr/bin/env bash
# Runs a command and prints how long it took: `make test` labels each of its phases this way, so
# a slow run shows which phase grew.
# Usage: scripts/timed.sh LABEL COMMAND [ARGS...]
label=$1
shift
start=$(date +%s)
"$@"
status=$?
echo "[$label] $(( $(date +%s) - start )) s (exit $status)"
exit $status
