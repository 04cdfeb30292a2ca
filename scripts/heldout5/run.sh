#!/usr/bin/env bash
# Score a casegate binary on the heldout5 corpus.
#   ./run.sh /path/to/casegate
# Writes out/ (raw findings, adapted findings, score.py outputs) and REPORT.md.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ $# -lt 1 ]; then echo "usage: $0 /path/to/casegate" >&2; exit 2; fi
BIN="$1"
case "$BIN" in /*) ;; */*) BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")" ;; esac
SCORE="${SCORE_PY:-$HERE/../../../shared/corpus/score.py}"
cd "$HERE" || exit 2
[ -f notes.jsonl ] && [ -f corpus.txt ] && [ -f notes_json/labels.jsonl ] || python3 gen.py >/dev/null || exit 2
OUT=out
rm -rf "$OUT"; mkdir -p "$OUT"

scan() {  # scan TARGET RAW_OUT  (exit 0 = clean, 1 = findings, anything else = failure)
  "$BIN" scan --quiet --format jsonl "$1" > "$2" 2> "$2.stderr"
  local rc=$?
  if [ $rc -gt 1 ]; then
    echo "run.sh: '$BIN scan --quiet --format jsonl $1' failed with exit code $rc" >&2
    head -c 2000 "$2.stderr" >&2
    exit 2
  fi
}
scan corpus.txt   "$OUT/notes_raw.jsonl"
scan notes_json/  "$OUT/json_raw.jsonl"

python3 evaltool.py notes-findings "$OUT/notes_raw.jsonl" "$OUT/notes_findings.jsonl" || exit 2
python3 evaltool.py json-findings "$OUT/json_raw.jsonl" "$OUT/json_findings.jsonl" --unmapped "$OUT/json_unmapped.jsonl" || exit 2
# score.py only scores string fields: give it a copy of the tickets with JSON numbers written as strings
python3 evaltool.py json-scoredir notes_json "$OUT/score_json" || exit 2

python3 "$SCORE" notes.jsonl "$OUT/notes_findings.jsonl" --corpus-index corpus_index.jsonl --by-tag \
    --errors "$OUT/notes_errors.jsonl" --json-out "$OUT/notes_metrics.json" > "$OUT/score_notes.txt" 2> "$OUT/score_notes.stderr"
python3 "$SCORE" "$OUT/score_json/labels.jsonl" "$OUT/json_findings.jsonl" \
    --errors "$OUT/json_errors.jsonl" --json-out "$OUT/json_metrics.json" > "$OUT/score_json.txt" 2> "$OUT/score_json.stderr"

echo "notes (corpus.txt):     $(tail -n 1 "$OUT/score_notes.txt")"
echo "tickets (notes_json/):  $(tail -n 1 "$OUT/score_json.txt")"

python3 evaltool.py report --notes notes.jsonl --notes-findings "$OUT/notes_findings.jsonl" \
    --corpus-index corpus_index.jsonl --json-labels notes_json/labels.jsonl --json-findings "$OUT/json_findings.jsonl" \
    --json-dir notes_json --json-negs json_hard_negatives.jsonl --json-unmapped "$OUT/json_unmapped.jsonl" \
    --scanner "$BIN" > REPORT.md || exit 2
echo "report: $HERE/REPORT.md"
