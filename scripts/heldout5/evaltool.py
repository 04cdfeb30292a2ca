#!/usr/bin/env python3
"""Adapters and report writer for the heldout5 corpus (standard library only).

  evaltool.py notes-findings RAW.jsonl OUT.jsonl
      scanner output on corpus.txt -> {"start","end","entity"} lines (placed by score.py --corpus-index)
  evaltool.py json-findings RAW.jsonl OUT.jsonl
      scanner output on notes_json/ -> {"file","json_pointer","start","end","entity"} lines
  evaltool.py json-scoredir SRC_DIR DST_DIR
      copy of notes_json/ where every JSON number is rewritten as its decimal string, so that
      score.py (which only scores string fields) can see labels and findings on numeric values
  evaltool.py report --notes ... --notes-findings ... --corpus-index ... --json-labels ... \
                     --json-findings ... --json-dir ... [--json-negs ...] [--title ...]
      markdown report on stdout (own matcher; same rule as score.py)
"""
from __future__ import annotations

import argparse
import bisect
import json
import os
import shutil
import sys
from collections import Counter, defaultdict
from pathlib import Path

VOCAB = ("CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "ABA_ROUTING_NUMBER", "IP_ADDRESS",
         "MEDICAL_RECORD_NUMBER", "US_NPI", "DATE_OF_BIRTH", "UK_NHS", "US_DEA", "AWS_ACCESS_KEY", "GITHUB_TOKEN",
         "PRIVATE_KEY")
ENTITY_KEYS = ("entity", "type", "entity_type", "label")


def read_jsonl(path):
    out, bad = [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            try:
                o = json.loads(line)
            except json.JSONDecodeError:
                bad += 1
                continue
            if isinstance(o, dict):
                out.append(o)
            else:
                bad += 1
    if bad:
        print(f"evaltool: {path}: skipped {bad} non-object lines", file=sys.stderr)
    return out


def entity_of(o):
    return next((o[k] for k in ENTITY_KEYS if k in o), None)


def write_jsonl(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


# ---------------------------------------------------------------------------
# adapters
# ---------------------------------------------------------------------------

def cmd_notes_findings(raw, out):
    rows = []
    for o in read_jsonl(raw):
        ent = entity_of(o)
        if ent is None or "start" not in o or "end" not in o:
            continue
        rows.append({"start": int(o["start"]), "end": int(o["end"]), "entity": ent})
    write_jsonl(out, rows)
    return rows


def is_ticket_file(path):
    b = os.path.basename(str(path))
    return b.startswith("ticket_") and b.endswith(".json")


def cmd_json_findings(raw, out, unmapped_out=None):
    rows, unmapped = [], []
    for o in read_jsonl(raw):
        ent = entity_of(o)
        path = o.get("path") or o.get("file")
        if ent is None or path is None or not is_ticket_file(path):
            continue
        if "json_pointer" not in o or "start" not in o:
            unmapped.append({"file": os.path.basename(path), "entity": ent, "start": o.get("start"), "end": o.get("end")})
            continue
        rows.append({"file": os.path.basename(path), "json_pointer": o["json_pointer"], "start": int(o["start"]),
                     "end": int(o["end"]), "entity": ent})
    write_jsonl(out, rows)
    if unmapped_out:
        write_jsonl(unmapped_out, unmapped)
    return rows, unmapped


def _stringify_numbers(obj):
    if isinstance(obj, bool) or obj is None:
        return obj
    if isinstance(obj, (int, float)):
        return str(obj)
    if isinstance(obj, dict):
        return {k: _stringify_numbers(v) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_stringify_numbers(v) for v in obj]
    return obj


def cmd_json_scoredir(src, dst):
    src, dst = Path(src), Path(dst)
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for p in sorted(src.glob("ticket_*.json")):
        obj = json.loads(p.read_text(encoding="utf-8"))
        (dst / p.name).write_text(json.dumps(_stringify_numbers(obj), ensure_ascii=False), encoding="utf-8")
    shutil.copy(src / "labels.jsonl", dst / "labels.jsonl")


# ---------------------------------------------------------------------------
# matching + report
# ---------------------------------------------------------------------------

def json_pointer_get(obj, ptr):
    if ptr in ("", "/"):
        return obj
    for part in ptr.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def match(preds, golds):
    """preds: [(s,e,ent)], golds: [(s,e,ent,...)] -> list of (pi, gi). Same rule as score.py."""
    pairs = []
    for pi, (ps, pe, pent) in enumerate(preds):
        for gi, g in enumerate(golds):
            gs, ge, gent = g[0], g[1], g[2]
            if pent != gent:
                continue
            ov = max(0, min(pe, ge) - max(ps, gs))
            if ov > 0 and ov * 2 >= (ge - gs):
                pairs.append((-ov, pi, gi))
    pairs.sort()
    up, ug, out = set(), set(), []
    for _, pi, gi in pairs:
        if pi in up or gi in ug:
            continue
        up.add(pi)
        ug.add(gi)
        out.append((pi, gi))
    return out


def ctx(text_bytes, s, e, width=60):
    half = width // 2
    pre = text_bytes[max(0, s - half):s].decode("utf-8", "replace")
    val = text_bytes[s:e].decode("utf-8", "replace")
    post = text_bytes[e:e + half].decode("utf-8", "replace")
    if len(val) > 90:
        val = val[:40] + " … " + val[-40:]
    esc = lambda x: x.replace("\r", "\\r").replace("\n", "⏎").replace("\t", "⇥").replace("|", "\\|").replace("`", "'")
    return f"{esc(pre)}⟦{esc(val)}⟧{esc(post)}"


def load_notes_docs(notes_path):
    docs = {}
    for o in read_jsonl(notes_path):
        docs[o["id"]] = {"text": o["text"].encode("utf-8"),
                         "gold": [(s["start"], s["end"], s["entity"], s.get("fmt", "?")) for s in o["spans"]],
                         "negs": [(s["start"], s["end"], s["kind"]) for s in o.get("hard_negatives", [])],
                         "cat": o.get("category", "?")}
    return docs


def place_notes_findings(findings, index_path, docs, stats):
    idx = read_jsonl(index_path)
    starts = [r["byte_offset"] for r in idx]
    preds = defaultdict(list)
    seen = set()
    for f in findings:
        ent = entity_of(f)
        if ent not in VOCAB:
            stats["out_of_vocab"][ent] += 1
            continue
        s, e = int(f["start"]), int(f["end"])
        k = bisect.bisect_right(starts, s) - 1
        if k < 0 or e > idx[k]["byte_offset"] + idx[k]["byte_len"]:
            stats["crosses_notes"].append((s, e, ent))
            continue
        did = idx[k]["id"]
        s -= idx[k]["byte_offset"]
        e -= idx[k]["byte_offset"]
        if e <= s or (did, s, e, ent) in seen:
            continue
        seen.add((did, s, e, ent))
        preds[did].append((s, e, ent))
    return preds


def load_json_docs(labels_path, json_dir, negs_path=None):
    json_dir = Path(json_dir)
    cache = {}
    docs = {}

    def doc(fname, ptr):
        key = f"{fname}#{ptr}"
        if key in docs:
            return docs[key]
        if fname not in cache:
            try:
                cache[fname] = json.loads((json_dir / fname).read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                cache[fname] = None
        obj = cache[fname]
        if obj is None:
            return None
        try:
            v = json_pointer_get(obj, ptr)
        except (KeyError, IndexError, ValueError, TypeError):
            return None
        if isinstance(v, bool) or not isinstance(v, (str, int, float)):
            return None
        docs[key] = {"text": str(v).encode("utf-8"), "gold": [], "negs": [], "cat": "json"}
        return docs[key]

    for o in read_jsonl(labels_path):
        d = doc(o["file"], o["json_pointer"])
        if d is None:
            raise SystemExit(f"cannot resolve label {o['file']}#{o['json_pointer']}")
        d["gold"].append((o["start"], o["end"], o["entity"], o.get("fmt", "?")))
    if negs_path and Path(negs_path).exists():
        for o in read_jsonl(negs_path):
            d = doc(o["file"], o["json_pointer"])
            if d is not None:
                d["negs"].append((o["start"], o["end"], o["kind"]))
    return docs, doc


def place_json_findings(findings, docfn, stats):
    preds = defaultdict(list)
    seen = set()
    for f in findings:
        ent = entity_of(f)
        if ent not in VOCAB:
            stats["out_of_vocab"][ent] += 1
            continue
        key = f"{f['file']}#{f['json_pointer']}"
        d = docfn(f["file"], f["json_pointer"])
        if d is None:
            stats["unknown_pointer"].append((key, ent))
            continue
        s, e = int(f["start"]), int(f["end"])
        if not (0 <= s < e <= len(d["text"])) or (key, s, e, ent) in seen:
            continue
        seen.add((key, s, e, ent))
        preds[key].append((s, e, ent))
    return preds


def evaluate(docs, preds):
    per = {e: Counter() for e in VOCAB}
    fns, fps = [], []
    fmt_c = defaultdict(Counter)
    for did in sorted(set(docs) | set(preds)):
        d = docs.get(did)
        if d is None:
            continue
        golds, ps = d["gold"], preds.get(did, [])
        m = match(ps, golds)
        mp, mg = {p for p, _ in m}, {g for _, g in m}
        for pi, gi in m:
            per[golds[gi][2]]["tp"] += 1
            fmt_c[golds[gi][3]]["tp"] += 1
            if ps[pi][0] == golds[gi][0] and ps[pi][1] == golds[gi][1]:
                per[golds[gi][2]]["exact"] += 1
        for gi, g in enumerate(golds):
            if gi not in mg:
                per[g[2]]["fn"] += 1
                fmt_c[g[3]]["fn"] += 1
                near = next((p[2] for p in ps if min(p[1], g[1]) > max(p[0], g[0])), None)
                fns.append({"doc": did, "entity": g[2], "fmt": g[3], "ctx": ctx(d["text"], g[0], g[1]), "near": near,
                            "cat": d["cat"]})
        for pi, p in enumerate(ps):
            if pi not in mp:
                per[p[2]]["fp"] += 1
                neg = next((k for (s, e, k) in d["negs"] if min(p[1], e) > max(p[0], s)), None)
                other = next((g[2] for g in golds if min(p[1], g[1]) > max(p[0], g[0])), None)
                fps.append({"doc": did, "entity": p[2], "ctx": ctx(d["text"], p[0], p[1]), "neg": neg, "gold_other": other,
                            "cat": d["cat"]})
    return per, fns, fps, fmt_c


def prf(c):
    tp, fp, fn = c["tp"], c["fp"], c["fn"]
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def md_section(title, per, fns, fps, fmt_c, stats, out):
    w = out.append
    tot = Counter()
    for c in per.values():
        tot.update(c)
    P, R, F = prf(tot)
    w(f"## {title}\n")
    w(f"**overall: P={P:.3f} R={R:.3f} F1={F:.3f}** (TP={tot['tp']} FP={tot['fp']} FN={tot['fn']}, exact-offset TP={tot['exact']})\n")
    w("| entity | gold | pred | TP | FP | FN | P | R | F1 |\n|---|--:|--:|--:|--:|--:|--:|--:|--:|")
    for e in VOCAB:
        c = per[e]
        g, p = c["tp"] + c["fn"], c["tp"] + c["fp"]
        if not g and not p:
            continue
        pp, rr, ff = prf(c)
        w(f"| {e} | {g} | {p} | {c['tp']} | {c['fp']} | {c['fn']} | {pp:.3f} | {rr:.3f} | {ff:.3f} |")
    w("")
    extra = []
    if stats["out_of_vocab"]:
        extra.append("entities outside the vocabulary (ignored): " + ", ".join(f"{k}={v}" for k, v in stats["out_of_vocab"].most_common()))
    if stats.get("crosses_notes"):
        extra.append(f"findings crossing note boundaries (ignored, as score.py does): {len(stats['crosses_notes'])}")
    if stats.get("unknown_pointer"):
        extra.append(f"findings on pointers that are not string/number values (ignored): {len(stats['unknown_pointer'])}")
    if stats.get("unmapped"):
        extra.append(f"findings in ticket files without json_pointer (not scorable): {len(stats['unmapped'])}")
    for x in extra:
        w(f"- {x}")
    if extra:
        w("")
    # recall by fmt family
    fam = defaultdict(Counter)
    for f, c in fmt_c.items():
        fam[".".join(f.split(".")[:2])].update(c)
    w("### Recall by format family\n\n| fmt family | gold | TP | FN | R |\n|---|--:|--:|--:|--:|")
    for f in sorted(fam):
        c = fam[f]
        g = c["tp"] + c["fn"]
        w(f"| {f} | {g} | {c['tp']} | {c['fn']} | {c['tp'] / g if g else 0:.3f} |")
    w("")
    w(f"### False negatives by fmt ({len(fns)})\n")
    by = defaultdict(list)
    for x in fns:
        by[x["fmt"]].append(x)
    for f in sorted(by):
        w(f"#### `{f}` ({len(by[f])})\n")
        for x in by[f]:
            near = f" — overlapped by {x['near']}" if x["near"] else ""
            w(f"- `{x['doc']}` [{x['cat']}] {x['ctx']}{near}")
        w("")
    w(f"### False positives ({len(fps)})\n")
    by = defaultdict(list)
    for x in fps:
        by[x["entity"]].append(x)
    for e in sorted(by):
        w(f"#### {e} ({len(by[e])})\n")
        for x in by[e]:
            tag = []
            if x["neg"]:
                tag.append(f"hard negative: {x['neg']}")
            if x["gold_other"]:
                tag.append(f"overlaps gold {x['gold_other']}")
            w(f"- `{x['doc']}` [{x['cat']}] {x['ctx']}" + (f" — {'; '.join(tag)}" if tag else ""))
        w("")
    return P, R, F


def cmd_report(a):
    out = [f"# {a.title}\n"]
    if a.scanner:
        out.append(f"Scanner: `{a.scanner}`\n")
    summary = []
    # notes
    docs = load_notes_docs(a.notes)
    stats = {"out_of_vocab": Counter(), "crosses_notes": []}
    preds = place_notes_findings(read_jsonl(a.notes_findings), a.corpus_index, docs, stats)
    per, fns, fps, fmt_c = evaluate(docs, preds)
    body = []
    P, R, F = md_section(f"Notes (corpus.txt, {len(docs)} notes)", per, fns, fps, fmt_c, stats, body)
    summary.append(f"- notes: P={P:.3f} R={R:.3f} F1={F:.3f}")
    # json
    jdocs, docfn = load_json_docs(a.json_labels, a.json_dir, a.json_negs)
    jstats = {"out_of_vocab": Counter(), "unknown_pointer": [],
              "unmapped": read_jsonl(a.json_unmapped) if a.json_unmapped and Path(a.json_unmapped).exists() else []}
    jpreds = place_json_findings(read_jsonl(a.json_findings), docfn, jstats)
    per, fns, fps, fmt_c = evaluate(jdocs, jpreds)
    jbody = []
    P, R, F = md_section("Ticket JSON (notes_json/)", per, fns, fps, fmt_c, jstats, jbody)
    summary.append(f"- ticket JSON: P={P:.3f} R={R:.3f} F1={F:.3f}")
    out.append("## Summary\n")
    out.extend(summary)
    out.append("\nMatching: same entity, prediction covers ≥ half of the gold span, one-to-one (greedy by overlap), "
               "as in score.py. Context shows 30 bytes either side, the value in ⟦ ⟧, newlines as ⏎.\n")
    out.extend(body)
    out.extend(jbody)
    sys.stdout.write("\n".join(out) + "\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sp = ap.add_subparsers(dest="cmd", required=True)
    p = sp.add_parser("notes-findings"); p.add_argument("raw"); p.add_argument("out")
    p = sp.add_parser("json-findings"); p.add_argument("raw"); p.add_argument("out"); p.add_argument("--unmapped")
    p = sp.add_parser("json-scoredir"); p.add_argument("src"); p.add_argument("dst")
    p = sp.add_parser("report")
    for k in ("notes", "notes-findings", "corpus-index", "json-labels", "json-findings", "json-dir"):
        p.add_argument("--" + k, required=True)
    p.add_argument("--json-negs")
    p.add_argument("--json-unmapped")
    p.add_argument("--title", default="heldout5 evaluation report")
    p.add_argument("--scanner")
    a = ap.parse_args(argv)
    if a.cmd == "notes-findings":
        cmd_notes_findings(a.raw, a.out)
    elif a.cmd == "json-findings":
        cmd_json_findings(a.raw, a.out, a.unmapped)
    elif a.cmd == "json-scoredir":
        cmd_json_scoredir(a.src, a.dst)
    else:
        cmd_report(a)


if __name__ == "__main__":
    main()
