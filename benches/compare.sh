#!/usr/bin/env bash
# The speed bar of the engine issue, measured in one run on the same file:
#   casegate scan --threads 1 --format jsonl BIG.txt > /dev/null
#   rg --count-matches '[0-9]{4}' BIG.txt
# BIG.txt is ../shared/corpus/corpus.txt repeated to ~100 MB (dense ticket text with logs).
# Also times the CLI on many small files with all cores.
# Needs: hyperfine and ripgrep (Debian packages), a release build.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null && command -v rg >/dev/null || {
  apt-get update -qq && apt-get install -y -qq --no-install-recommends hyperfine ripgrep; }
cargo build --release --quiet
work=${WORK:-$(mktemp -d)}
mkdir -p "$work"
big=$work/BIG.txt
if [ ! -s "$big" ]; then
  for _ in $(seq 120); do cat ../shared/corpus/corpus.txt; done > "$big"
fi
bin=target/release/casegate
echo "BIG.txt: $(stat -c %s "$big") bytes; $(nproc) cores; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
hyperfine --warmup 1 --runs 5 --ignore-failure \
  "$bin scan --quiet --threads 1 --format jsonl $big > /dev/null" \
  "rg --count-matches '[0-9]{4}' $big > /dev/null"

# Many small files: the corpus notes as 1,500 files, all cores vs one.
small=$work/notes
if [ ! -d "$small" ]; then
  mkdir -p "$small"
  python3 - "$small" <<'PY'
import json, sys, os
out = sys.argv[1]
for line in open("../shared/corpus/notes.jsonl", encoding="utf-8"):
    d = json.loads(line)
    for k in range(8):
        with open(os.path.join(out, f"{d['id']}-{k}.txt"), "w", encoding="utf-8") as f:
            f.write(d["text"])
PY
fi
echo "small files: $(ls "$small" | wc -l)"
hyperfine --warmup 1 --runs 5 --ignore-failure \
  "$bin scan --quiet --threads 1 --format jsonl $small > /dev/null" \
  "$bin scan --quiet --threads $(nproc) --format jsonl $small > /dev/null"
