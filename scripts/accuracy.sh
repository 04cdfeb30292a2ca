#!/usr/bin/env bash
# Precision/recall of the built-in packs on ../shared/corpus (plain notes and ticket JSON).
# Fails below the thresholds the README states. Usage: scripts/accuracy.sh [extra score.py args]
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/corpus
cargo build --release --quiet
out=$(mktemp -d)
target/release/casegate scan --quiet --format jsonl "$corpus/corpus.txt" > "$out/notes.jsonl" || [ $? -eq 1 ]
python3 "$corpus/score.py" "$corpus/notes.jsonl" "$out/notes.jsonl" \
  --corpus-index "$corpus/corpus_index.jsonl" --min-precision "${MIN_P:-0.97}" --min-recall "${MIN_R:-0.97}" "$@"
