#!/usr/bin/env bash
# Score a scanner binary on one held-out round (shared by rounds 7-10; each round's run.sh
# calls this with its own folder).
#   bash run.sh ROUND_DIR /path/to/casegate
# Prints the two `overall:` lines (notes set, ticket-JSON set) and writes ROUND_DIR/REPORT.md;
# raw output goes to ROUND_DIR/out/.
set -u
HERE="$(cd "${1:?usage: run.sh ROUND_DIR /path/to/casegate}" && pwd)"
BIN=${2:?usage: run.sh ROUND_DIR /path/to/casegate}
case "$BIN" in /*) ;; *) BIN="$(pwd)/$BIN" ;; esac
TOOLS="$(cd "$(dirname "$0")" && pwd)"
SCORE=${SCORE_PY:-$TOOLS/../../../shared/corpus/score.py}
cd "$HERE" || exit 2
rm -rf out
mkdir -p out

if [ -f notes.jsonl ] && [ -f corpus.txt ] && [ -f corpus_index.jsonl ] && [ -f notes_json/labels.jsonl ] && [ -f json_hard_negatives.jsonl ]; then
  python3 gen.py --check >out/check.log 2>&1 || { cat out/check.log; echo "run.sh: corpus self-check failed" >&2; exit 2; }
else
  python3 gen.py >out/check.log 2>&1 || { cat out/check.log; echo "run.sh: generation failed" >&2; exit 2; }
fi

scan() {  # scan TARGET RAWFILE ; exit code 1 means "found something", only > 1 is a failure
  "$BIN" scan --quiet --format jsonl "$1" >"$2" 2>"$2.stderr"
  local rc=$?
  if [ "$rc" -gt 1 ]; then
    echo "run.sh: scanner failed on $1 (exit $rc):" >&2
    head -20 "$2.stderr" >&2
    exit 2
  fi
}
scan corpus.txt out/notes_raw.jsonl
scan notes_json/ out/json_raw.jsonl

python3 "$TOOLS/evaltool.py" convert-notes out/notes_raw.jsonl out/notes_pred.jsonl || exit 2
python3 "$TOOLS/evaltool.py" convert-json out/json_raw.jsonl out/json_pred.jsonl || exit 2
# score.py only scores string fields: score the JSON set against a copy whose JSON numbers are strings
python3 "$TOOLS/evaltool.py" json-scoredir notes_json out/score_json >/dev/null || exit 2

python3 "$SCORE" notes.jsonl out/notes_pred.jsonl --corpus-index corpus_index.jsonl --by-tag \
  --errors out/notes_errors.jsonl --json-out out/notes_metrics.json >out/notes_score.txt 2>out/notes_score.stderr
rc1=$?
python3 "$SCORE" out/score_json/labels.jsonl out/json_pred.jsonl \
  --errors out/json_errors.jsonl --json-out out/json_metrics.json >out/json_score.txt 2>out/json_score.stderr
rc2=$?
for f in notes json; do [ -s "out/${f}_score.stderr" ] && sed "s/^/[$f] /" "out/${f}_score.stderr" >&2; done
if [ "$rc1" -gt 1 ] || [ "$rc2" -gt 1 ]; then echo "run.sh: score.py failed" >&2; exit 2; fi

python3 "$TOOLS/evaltool.py" report >out/report.log || exit 2
echo "notes (corpus.txt):"
grep '^overall:' out/notes_score.txt | tail -1
echo "ticket JSON (notes_json/):"
grep '^overall:' out/json_score.txt | tail -1
echo "report: $HERE/REPORT.md"
