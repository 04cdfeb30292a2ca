#!/usr/bin/env bash
# Score a scanner binary on this round: bash run.sh /path/to/casegate (see ../heldout-tools/run.sh).
exec bash "$(dirname "$0")/../heldout-tools/run.sh" "$(dirname "$0")" "$@"
