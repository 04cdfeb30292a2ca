#!/usr/bin/env python3
"""Helpers for run.sh: convert scanner findings to score.py predictions and write REPORT.md.

Shared by the held-out rounds 7-10 (each used to carry a copy differing only in its report
title). It works on the round folder it is run from (run.sh changes into it).

    python3 evaltool.py convert-notes out/notes_raw.jsonl out/notes_pred.jsonl
    python3 evaltool.py convert-json  out/json_raw.jsonl  out/json_pred.jsonl
    python3 evaltool.py json-scoredir notes_json out/score_json
    python3 evaltool.py report        # reads out/*, writes REPORT.md

Notes set: each finding needs byte offsets into corpus.txt ("start"/"end") and an entity; it is written
without an id so score.py places it with --corpus-index.  JSON set: each finding needs "path" (reduced to
the file name -> "file"), "json_pointer", "start", "end" and an entity; findings without a pointer and
findings on labels.jsonl are ignored.  score.py only scores *string* JSON fields, so json-scoredir writes a copy
of the tickets in which every JSON number is rewritten as its decimal string (pointers and offsets unchanged);
labels with value_type "number" are scored against that copy.  Standard library only.
"""
from __future__ import annotations

import json
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path.cwd()
OUT = HERE / "out"
ENTITY_KEYS = ("entity", "entity_type", "type", "label", "kind")
START_KEYS = ("start", "byte_start", "start_byte", "offset_start")
END_KEYS = ("end", "byte_end", "end_byte", "offset_end")


def _find(r, keys):
    """Look a key up at top level, then one level down (e.g. {"span": {"start": ..}})."""
    for k in keys:
        if k in r and not isinstance(r[k], (dict, list)):
            return r[k]
    for v in r.values():
        if isinstance(v, dict):
            for k in keys:
                if k in v and not isinstance(v[k], (dict, list)):
                    return v[k]
    return None


def _read(path):
    bad = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                bad += 1
                continue
            if isinstance(r, dict):
                yield r
    if bad:
        print(f"evaltool: {path}: {bad} non-JSON line(s) skipped", file=sys.stderr)


def _common(r):
    ent = _find(r, ENTITY_KEYS)
    s, e = _find(r, START_KEYS), _find(r, END_KEYS)
    if ent is None or s is None or e is None:
        return None
    try:
        return str(ent), int(s), int(e)
    except (TypeError, ValueError):
        return None


def convert_notes(raw, out):
    n = skipped = 0
    with open(out, "w", encoding="utf-8") as f:
        for r in _read(raw):
            c = _common(r)
            if c is None:
                skipped += 1
                continue
            ent, s, e = c
            f.write(json.dumps({"start": s, "end": e, "entity": ent}) + "\n")
            n += 1
    print(f"evaltool: notes: {n} finding(s) converted, {skipped} line(s) without entity/offsets skipped")


def convert_json(raw, out):
    n = skipped = 0
    with open(out, "w", encoding="utf-8") as f:
        for r in _read(raw):
            path = r.get("path") or r.get("file") or _find(r, ("path", "file"))
            ptr = r.get("json_pointer", _find(r, ("json_pointer",)))
            c = _common(r)
            if c is None or ptr is None or not path:
                skipped += 1
                continue
            fname = Path(str(path)).name
            if fname == "labels.jsonl" or not fname.endswith(".json"):
                skipped += 1
                continue
            ent, s, e = c
            f.write(json.dumps({"file": fname, "json_pointer": ptr, "start": s, "end": e, "entity": ent}) + "\n")
            n += 1
    print(f"evaltool: json: {n} finding(s) converted, {skipped} line(s) skipped (no pointer / labels.jsonl / no offsets)")


def _stringify_numbers(o):
    if isinstance(o, bool) or o is None:
        return o
    if isinstance(o, (int, float)):
        return str(o)
    if isinstance(o, dict):
        return {k: _stringify_numbers(v) for k, v in o.items()}
    if isinstance(o, list):
        return [_stringify_numbers(v) for v in o]
    return o


def json_scoredir(src, dst):
    src, dst = Path(src), Path(dst)
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    n = 0
    for p in sorted(src.glob("ticket_*.json")):
        obj = json.loads(p.read_text(encoding="utf-8"))
        (dst / p.name).write_text(json.dumps(_stringify_numbers(obj), ensure_ascii=False), encoding="utf-8")
        n += 1
    shutil.copy(src / "labels.jsonl", dst / "labels.jsonl")
    print(f"evaltool: json-scoredir: {n} ticket file(s) copied with numbers as strings")


# --------------------------------------------------------------------------- report


def _mask(v):
    return "•" * max(0, len(v) - 2) + v[-2:] if len(v) > 2 else "•" * len(v)


def _context(text, cs, ce, golds, pad=45):
    """Character window around [cs, ce) with every gold value inside masked except its last 2 chars."""
    a, b = max(0, cs - pad), min(len(text), ce + pad)
    pieces, pos = [], a
    for gs, ge in sorted(golds):
        if ge <= a or gs >= b:
            continue
        gs2, ge2 = max(gs, a), min(ge, b)
        if gs2 < pos:
            continue
        pieces.append(text[pos:gs2])
        val = _mask(text[gs:ge])[gs2 - gs: len(text[gs:ge]) - (ge - ge2)] if (gs2, ge2) != (gs, ge) else _mask(text[gs:ge])
        pieces.append(f"⟦{val}⟧" if (gs, ge) == (cs, ce) else val)
        pos = ge2
    pieces.append(text[pos:b])
    s = "".join(pieces).replace("\r", "").replace("\n", "⏎").replace("`", "'").replace("|", "¦")
    return ("…" if a > 0 else "") + s + ("…" if b < len(text) else "")


def _b2c(text):
    tab, acc = {}, 0
    for i, ch in enumerate(text):
        tab[acc] = i
        acc += len(ch.encode("utf-8"))
    tab[acc] = len(text)
    return tab


def _json_get(obj, ptr):
    for part in ptr.lstrip("/").split("/") if ptr else []:
        part = part.replace("~1", "/").replace("~0", "~")
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def _load_sets():
    """doc_id -> (text, [gold (bstart, bend, entity, fmt)])."""
    docs = {}
    for line in (HERE / "notes.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            r = json.loads(line)
            docs[r["id"]] = (r["text"], [(s["start"], s["end"], s["entity"], s["fmt"]) for s in r["spans"]])
    jdocs, cache = {}, {}
    jdir = OUT / "score_json" if (OUT / "score_json").is_dir() else HERE / "notes_json"
    for line in (HERE / "notes_json" / "labels.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        r = json.loads(line)
        did = f"{r['file']}#{r['json_pointer']}"
        if did not in jdocs:
            if r["file"] not in cache:
                cache[r["file"]] = json.loads((jdir / r["file"]).read_text(encoding="utf-8"))
            jdocs[did] = (str(_json_get(cache[r["file"]], r["json_pointer"])), [])
        jdocs[did][1].append((r["start"], r["end"], r["entity"], r["fmt"]))
    return docs, jdocs, (cache, jdir)


def _overall(path):
    try:
        lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l.startswith("overall:")]
        return lines[-1] if lines else "(no overall line)"
    except OSError:
        return "(not run)"


def _json_negs():
    """score.py knows no hard negatives for the JSON set: look them up in json_hard_negatives.jsonl."""
    negs = defaultdict(list)
    p = HERE / "json_hard_negatives.jsonl"
    if p.exists():
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                negs[f"{r['file']}#{r['json_pointer']}"].append((r["start"], r["end"], r["kind"]))
    return negs


def _section(name, errors_path, docs, cache_dir, out):
    cache, jdir = cache_dir
    if not errors_path.exists():
        out.append(f"_{errors_path.name} missing: scorer did not run._\n")
        return Counter()
    errs = [json.loads(l) for l in errors_path.read_text(encoding="utf-8").splitlines() if l.strip()]
    fns = [e for e in errs if e["kind"] == "FN"]
    fps = [e for e in errs if e["kind"] == "FP"]
    if name == "json":
        jn = _json_negs()
        for e in fps:
            if not e.get("hard_negative"):
                e["hard_negative"] = next((k for a, b, k in jn.get(e["id"], []) if a < e["end"] and e["start"] < b), None)
    fn_groups = defaultdict(list)
    tabs = {}

    def doc(did):
        if did in docs:
            return docs[did]
        if "#" in did:  # JSON string without gold (FP on an unlabelled field)
            f, p = did.split("#", 1)
            try:
                if f not in cache:
                    cache[f] = json.loads((jdir / f).read_text(encoding="utf-8"))
                v = _json_get(cache[f], p)
                return (v, []) if isinstance(v, str) else None
            except (OSError, KeyError, IndexError, ValueError, TypeError):
                return None
        return None

    def cspan(did, text, bs, be):
        if did not in tabs:
            tabs[did] = _b2c(text)
        t = tabs[did]
        return t.get(bs, 0), t.get(be, len(text))

    for e in fns:
        d = doc(e["id"])
        fmt = next((g[3] for g in d[1] if (g[0], g[1], g[2]) == (e["start"], e["end"], e["entity"])), "?") if d else "?"
        fn_groups[fmt].append(e)
    out.append(f"### False negatives: {len(fns)} in {len(fn_groups)} fmt group(s)\n")
    fam = Counter()
    for fmt, rows in fn_groups.items():
        fam[".".join(fmt.split(".")[:2])] += len(rows)
    if fam:
        out.append("By family.variant: " + ", ".join(f"`{k}` {v}" for k, v in fam.most_common()) + "\n")
    for fmt, rows in sorted(fn_groups.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        out.append(f"#### `{fmt}` — {len(rows)} ({rows[0]['entity']})")
        for e in rows[:3]:
            d = doc(e["id"])
            if not d:
                continue
            text, golds = d
            cs, ce = cspan(e["id"], text, e["start"], e["end"])
            gch = [cspan(e["id"], text, g[0], g[1]) for g in golds]
            near = f" (overlapping prediction: {e['overlapping_prediction']})" if e.get("overlapping_prediction") else ""
            out.append(f"- `{e['id']}`{near}: `{_context(text, cs, ce, gch)}`")
        out.append("")
    fp_groups = defaultdict(list)
    for e in fps:
        fp_groups[e["entity"]].append(e)
    out.append(f"### False positives: {len(fps)}\n")
    kinds = Counter(e.get("hard_negative") or ("overlaps gold " + e["overlaps_gold"] if e.get("overlaps_gold") else "unlisted text") for e in fps)
    if kinds:
        out.append("What they hit: " + ", ".join(f"{k} {v}" for k, v in kinds.most_common()) + "\n")
    for ent, rows in sorted(fp_groups.items(), key=lambda kv: -len(kv[1])):
        sub = Counter(e.get("hard_negative") or ("gold " + e["overlaps_gold"] if e.get("overlaps_gold") else "-") for e in rows)
        out.append(f"#### {ent} — {len(rows)}  ({', '.join(f'{k} {v}' for k, v in sub.most_common(6))})")
        for e in rows[:5]:
            d = doc(e["id"])
            if not d:
                continue
            text, golds = d
            cs, ce = cspan(e["id"], text, e["start"], e["end"])
            gch = [cspan(e["id"], text, g[0], g[1]) for g in golds]
            shown = text[cs:ce]
            if any(a < ce and cs < b for a, b in gch):
                shown = _mask(shown)
            tag = e.get("hard_negative") or (f"overlaps gold {e['overlaps_gold']}" if e.get("overlaps_gold") else "not a listed hard negative")
            ctx = _context(text, cs, ce, gch)
            out.append(f"- `{e['id']}` [{tag}] found `{shown.replace(chr(10), '⏎')[:80]}` in `{ctx}`")
        out.append("")
    return Counter({k: len(v) for k, v in fn_groups.items()})


def report():
    docs, jdocs, cache = _load_sets()
    out = [f"# {HERE.name} report", "",
           "Generated by `run.sh` (see README.md). Values in contexts are masked except their last 2 characters; "
           "the missed value is shown as ⟦…⟧, ⏎ marks a line break.", "",
           "## Overall", "", "```",
           "notes: " + _overall(OUT / "notes_score.txt"),
           "json:  " + _overall(OUT / "json_score.txt"), "```", ""]
    for name, f in (("Notes (corpus.txt)", "notes_score.txt"), ("Ticket JSON (notes_json/)", "json_score.txt")):
        p = OUT / f
        if p.exists():
            out += [f"<details><summary>score.py output — {name}</summary>", "", "```", p.read_text(encoding="utf-8").rstrip(), "```", "",
                    "</details>", ""]
    out += ["## Notes set (corpus.txt)", ""]
    c1 = _section("notes", OUT / "notes_errors.jsonl", docs, cache, out)
    out += ["## Ticket JSON set (notes_json/)", ""]
    c2 = _section("json", OUT / "json_errors.jsonl", jdocs, cache, out)
    tot = c1 + c2
    at = out.index("## Notes set (corpus.txt)")
    out[at:at] = ["## Top false-negative fmt groups (both sets)", "", "| fmt | FN |", "|---|---:|"] + \
        [f"| `{k}` | {v} |" for k, v in tot.most_common(25)] + [""]
    (HERE / "REPORT.md").write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"evaltool: wrote {HERE / 'REPORT.md'}")
    print("top false-negative fmt groups:")
    for k, v in tot.most_common(15):
        print(f"  {v:>4}  {k}")


def main(argv):
    if len(argv) >= 1 and argv[0] == "report":
        report()
    elif len(argv) == 3 and argv[0] == "convert-notes":
        convert_notes(argv[1], argv[2])
    elif len(argv) == 3 and argv[0] == "convert-json":
        convert_json(argv[1], argv[2])
    elif len(argv) == 3 and argv[0] == "json-scoredir":
        json_scoredir(argv[1], argv[2])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
