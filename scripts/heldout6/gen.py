#!/usr/bin/env python3
"""Held-out corpus #6: labelled synthetic support-team data in shapes not used before.

    python3 gen.py            # (re)generate everything in this folder, then self-check
    python3 gen.py --check    # self-check the files already on disk only

Writes (next to this file): notes.jsonl, corpus.txt, corpus_index.jsonl,
notes_json/ticket_*.json, notes_json/labels.jsonl, json_hard_negatives.jsonl.
Deterministic: everything derives from SEED.  Python 3.11 standard library only.
See README.md for the labelling conventions and the `fmt` scheme.
"""
from __future__ import annotations

import argparse
import base64
import calendar
import datetime as dt
import hashlib
import ipaddress
import json
import random
import re
import shutil
import string
import subprocess
import sys
import unicodedata
import uuid
import zlib
from collections import Counter, namedtuple
from pathlib import Path

SEED = 20250611_6
N_NOTES = 800
N_JSON = 100
HERE = Path(__file__).resolve().parent
SCORE_PY = Path("/work/shared/corpus/score.py")
ENTITIES = ("CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "IP_ADDRESS", "UK_NHS",
            "ABA_ROUTING_NUMBER", "US_NPI", "US_DEA", "MEDICAL_RECORD_NUMBER", "DATE_OF_BIRTH",
            "AWS_ACCESS_KEY", "GITHUB_TOKEN", "PRIVATE_KEY")

R = random.Random(SEED)

# =============================================================================
# validators (used by the generator AND by the independent self-check)
# =============================================================================


def luhn_ok(d: str) -> bool:
    if not d.isdigit():
        return False
    s = 0
    for i, ch in enumerate(reversed(d)):
        x = ord(ch) - 48
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_complete(partial: str) -> str:
    for c in "0123456789":
        if luhn_ok(partial + c):
            return partial + c
    raise AssertionError


def npi_ok(d: str) -> bool:
    return len(d) == 10 and d.isdigit() and luhn_ok("80840" + d)


def nhs_ok(d: str) -> bool:
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


ABA_PREFIXES = set(range(1, 13)) | set(range(21, 33)) | set(range(61, 73)) | {80}


def aba_ok(d: str) -> bool:
    if len(d) != 9 or not d.isdigit() or int(d[:2]) not in ABA_PREFIXES:
        return False
    n = [int(c) for c in d]
    return (3 * (n[0] + n[3] + n[6]) + 7 * (n[1] + n[4] + n[7]) + (n[2] + n[5] + n[8])) % 10 == 0


def ssn_ok(s: str) -> bool:
    m = re.fullmatch(r"(\d{3})([- ]?)(\d{2})\2(\d{4})", s)
    if not m:
        return False
    a, g, n = int(m.group(1)), int(m.group(3)), int(m.group(4))
    return a not in (0, 666) and a < 900 and g != 0 and n != 0


DEA_FIRST = "ABCDEFGHJKLMPRSTUX"


def dea_ok(s: str) -> bool:
    if not re.fullmatch(r"[A-Z][A-Z9]\d{7}", s) or s[0] not in DEA_FIRST:
        return False
    n = [int(c) for c in s[2:]]
    return (n[0] + n[2] + n[4] + 2 * (n[1] + n[3] + n[5])) % 10 == n[6]


IBAN_LEN = {"AD": 24, "AE": 23, "AT": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29, "CH": 21, "CY": 28, "CZ": 24,
            "DE": 22, "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28,
            "IE": 22, "IL": 23, "IS": 26, "IT": 27, "KW": 30, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27,
            "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "QA": 29, "RO": 24, "SA": 24, "SE": 24, "SI": 19,
            "SK": 24, "SM": 27, "TR": 26}


def iban_mod97(compact: str) -> int:
    r = compact[4:] + compact[:4]
    num = "".join(str(int(c, 36)) for c in r)
    return int(num) % 97


def iban_ok(s: str) -> bool:
    c = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", c):
        return False
    if IBAN_LEN.get(c[:2]) != len(c):
        return False
    if " " in s and not re.fullmatch(r"[A-Z0-9]{4}( [A-Z0-9]{4})*( [A-Z0-9]{1,3})?", s):
        return False
    return iban_mod97(c) == 1


def card_brand(d: str):
    if not d.isdigit():
        return None
    L = len(d)
    if d[0] == "4" and L in (13, 16, 19):
        return "visa"
    if L == 16 and (51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720):
        return "mastercard"
    if L == 15 and d[:2] in ("34", "37"):
        return "amex"
    if 16 <= L <= 19 and (d[:4] == "6011" or 644 <= int(d[:3]) <= 649 or d[:2] == "65"):
        return "discover"
    if 16 <= L <= 19 and 3528 <= int(d[:4]) <= 3589:
        return "jcb"
    if 14 <= L <= 19 and (d[:2] in ("36", "38", "39") or 300 <= int(d[:3]) <= 305):
        return "diners"
    if 16 <= L <= 19 and d[:2] == "62":
        return "unionpay"
    return None


def card_ok(s: str) -> bool:
    if not re.fullmatch(r"\d+(?:[ -]\d+)*", s):
        return False
    d = re.sub(r"\D", "", s)
    return 13 <= len(d) <= 19 and luhn_ok(d) and card_brand(d) is not None


EMAIL_RE = re.compile(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.[A-Za-z]{2,}")


def email_ok(s: str) -> bool:
    if not EMAIL_RE.fullmatch(s):
        return False
    local, dom = s.rsplit("@", 1)
    return not local.startswith(".") and not local.endswith(".") and ".." not in s


def ip_ok(s: str) -> bool:
    base = s.split("%", 1)[0]
    if "%" in s and not re.fullmatch(r"[\w.\-]+", s.split("%", 1)[1]):
        return False
    try:
        a = ipaddress.ip_address(base)
    except ValueError:
        return False
    if "%" in s and not (a.version == 6 and a.is_link_local):
        return False
    if a.is_loopback or a.is_unspecified:
        return False
    if a.version == 6 and a.ipv4_mapped and (a.ipv4_mapped.is_loopback or a.ipv4_mapped.is_unspecified):
        return False
    return True


def phone_ok(s: str) -> bool:
    if not re.fullmatch(r"\+?[\d()][\d ()\-./]*\d", s):
        return False
    n = len(re.sub(r"\D", "", s))
    return 7 <= n <= 15


AWS_RE = re.compile(r"(?:AKIA|ASIA)[A-Z2-7]{16}")
B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def b62(n: int, width: int = 6) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def gh_ok(s: str) -> bool:
    m = re.fullmatch(r"gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", s)
    return bool(m) and b62(zlib.crc32(m.group(1).encode())) == m.group(2)


PEM_RE = re.compile(r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----(.*?)-----END \1PRIVATE KEY-----", re.S)


def pkey_ok(s: str) -> bool:
    m = PEM_RE.fullmatch(s)
    if not m:
        return False
    body = m.group(2).replace("\\n", "\n")
    return bool(re.fullmatch(r"[\sA-Za-z0-9+/=]+", body)) and len(re.sub(r"\s", "", body)) >= 40


def mrn_ok(s: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{0,3}\d{5,10}|\d{3}-\d{3}-\d{3}|\d{2}-\d{6}", s))


MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
           "ottobre", "novembre", "dicembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"],
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"],
    "pl": ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
           "października", "listopada", "grudnia"],
}
MONTH_LOOKUP = {}
for _lang, _names in MONTHS.items():
    for _i, _n in enumerate(_names, 1):
        MONTH_LOOKUP[_n.lower()] = _i
        MONTH_LOOKUP[_n.lower()[:3]] = _i


def parse_dob(s: str):
    """Return a date for every DOB spelling the generator writes, else None."""
    def mk(y, m, d):
        try:
            x = dt.date(int(y), int(m), int(d))
        except ValueError:
            return None
        return x if 1900 <= x.year <= 2020 else None
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s)
    if m:
        return mk(m.group(1), m.group(2), m.group(3))
    m = re.fullmatch(r"(\d{4})年(\d{1,2})月(\d{1,2})日", s)
    if m:
        return mk(*m.groups())
    m = re.fullmatch(r"(\d{1,2})([./\-])(\d{1,2})\2(\d{4})", s)
    if m:
        return mk(m.group(4), m.group(3), m.group(1)) or mk(m.group(4), m.group(1), m.group(3))
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?\.?(?: of| de)? ([^\W\d_]+)\.?(?: de)?,? (\d{4})", s)
    if m and m.group(2).lower() in MONTH_LOOKUP:
        return mk(m.group(3), MONTH_LOOKUP[m.group(2).lower()], m.group(1))
    m = re.fullmatch(r"(\d{1,2})-([A-Za-z]{3})-(\d{4})", s)
    if m and m.group(2).lower() in MONTH_LOOKUP:
        return mk(m.group(3), MONTH_LOOKUP[m.group(2).lower()], m.group(1))
    m = re.fullmatch(r"([^\W\d_]+)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})", s)
    if m and m.group(1).lower() in MONTH_LOOKUP:
        return mk(m.group(3), MONTH_LOOKUP[m.group(1).lower()], m.group(2))
    return None


VALIDATORS = {
    "CREDIT_CARD": card_ok,
    "US_SSN": ssn_ok,
    "EMAIL_ADDRESS": email_ok,
    "PHONE_NUMBER": phone_ok,
    "IBAN_CODE": iban_ok,
    "IP_ADDRESS": ip_ok,
    "UK_NHS": lambda s: bool(re.fullmatch(r"\d{3}([ -]?)\d{3}\1\d{4}", s)) and nhs_ok(re.sub(r"\D", "", s)),
    "ABA_ROUTING_NUMBER": lambda s: aba_ok(s),
    "US_NPI": npi_ok,
    "US_DEA": dea_ok,
    "MEDICAL_RECORD_NUMBER": mrn_ok,
    "DATE_OF_BIRTH": lambda s: parse_dob(s) is not None,
    "AWS_ACCESS_KEY": lambda s: bool(AWS_RE.fullmatch(s)),
    "GITHUB_TOKEN": gh_ok,
    "PRIVATE_KEY": pkey_ok,
}

# =============================================================================
# leak scanner: every "valid-looking" value the checkers can find in a text
# =============================================================================

_IPV4_RE = re.compile(r"(?<!\d)(?<!\d\.)(?:\d{1,3}\.){3}\d{1,3}(?!\d)(?!\.\d)")
_IPV6_RE = re.compile(r"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f.]{0,15}){2,8}(?:%[\w.\-]+)?")
_SSN_RE = re.compile(r"(?<![\d\-])\d{3}([- ])\d{2}\1\d{4}(?![\d\-])")


def _digit_checks(d):
    out = []
    if 13 <= len(d) <= 19 and luhn_ok(d):
        out.append("CREDIT_CARD")
    if len(d) == 10:
        if nhs_ok(d):
            out.append("UK_NHS")
        if npi_ok(d):
            out.append("US_NPI")
    return out


def find_candidates(text: str):
    """Yield (cstart, cend, entity) for every value our own checkers accept."""
    out = []
    for m in re.finditer(r"\d+", text):
        for ent in _digit_checks(m.group()):
            out.append((m.start(), m.end(), ent))
    for sep in (" ", "-"):
        for m in re.finditer(r"\d+(?:%s\d+)+" % sep, text):
            groups = [(g.start() + m.start(), g.end() + m.start()) for g in re.finditer(r"\d+", m.group())]
            for i in range(len(groups)):
                for j in range(i + 1, len(groups)):
                    d = "".join(text[a:b] for a, b in groups[i:j + 1])
                    if len(d) > 19:
                        break
                    for ent in _digit_checks(d):
                        out.append((groups[i][0], groups[j][1], ent))
    for m in EMAIL_RE.finditer(text):
        out.append((m.start(), m.end(), "EMAIL_ADDRESS"))
    for m in _IPV4_RE.finditer(text):
        try:
            ipaddress.IPv4Address(m.group())
            out.append((m.start(), m.end(), "IP_ADDRESS"))
        except ValueError:
            pass
    for m in _IPV6_RE.finditer(text):
        cand = m.group()
        base = cand.split("%", 1)[0]
        for trim in range(0, 3):
            b = base[:len(base) - trim] if trim else base
            try:
                ipaddress.IPv6Address(b)
                out.append((m.start(), m.start() + len(b), "IP_ADDRESS"))
                break
            except ValueError:
                continue
    for m in re.finditer(r"(?<![A-Za-z0-9])([A-Z]{2})\d{2}", text):
        L = IBAN_LEN.get(m.group(1))
        if not L:
            continue
        buf, j = [], m.start()
        while j < len(text) and len(buf) < L:
            ch = text[j]
            if ch.isascii() and (ch.isdigit() or ch.isupper()):
                buf.append(ch)
                j += 1
            elif ch == " " and j + 1 < len(text) and text[j + 1].isascii() and text[j + 1].isalnum():
                j += 1
            else:
                break
        if len(buf) == L and iban_mod97("".join(buf)) == 1:
            out.append((m.start(), j, "IBAN_CODE"))
    for m in re.finditer(r"(?:AKIA|ASIA)[A-Z0-9]{16}", text):
        out.append((m.start(), m.end(), "AWS_ACCESS_KEY"))
    for m in re.finditer(r"gh[pousr]_[A-Za-z0-9]{36}", text):
        out.append((m.start(), m.end(), "GITHUB_TOKEN"))
    for m in re.finditer(r"-----BEGIN [A-Z0-9 ]+-----", text):
        out.append((m.start(), m.end(), "PRIVATE_KEY"))
    for m in _SSN_RE.finditer(text):
        if ssn_ok(m.group()):
            out.append((m.start(), m.end(), "US_SSN"))
    for m in re.finditer(r"(?<![A-Za-z0-9])[A-Z][A-Z9]\d{7}(?!\d)", text):
        if dea_ok(m.group()):
            out.append((m.start(), m.end(), "US_DEA"))
    return out


def leak_problems(text, spans):
    """spans: [(cstart, cend, entity)].  A candidate must overlap a span of the same
    entity and must not overlap a span of another entity."""
    probs = []
    for cs, ce, ent in find_candidates(text):
        same = any(s < ce and cs < e and en == ent for s, e, en in spans)
        other = [en for s, e, en in spans if s < ce and cs < e and en != ent]
        if other:
            probs.append(f"{ent}-looking {text[cs:ce]!r} overlaps {other[0]} span")
        elif not same:
            probs.append(f"unlabelled {ent}: {text[cs:ce]!r}")
    return probs


# =============================================================================
# document builder
# =============================================================================

Val = namedtuple("Val", "text entity fmt")
Neg = namedtuple("Neg", "text kind")


class Doc:
    def __init__(self):
        self.buf, self.n, self.spans, self.negs = [], 0, [], []

    def t(self, *parts):
        for p in parts:
            if isinstance(p, Val):
                self.v(p)
            elif isinstance(p, Neg):
                self.neg(p)
            else:
                self.buf.append(p)
                self.n += len(p)
        return self

    def v(self, val: Val, ctx: str | None = None):
        fmt = val.fmt + ("." + ctx if ctx else "")
        self.spans.append({"cstart": self.n, "cend": self.n + len(val.text), "entity": val.entity, "fmt": fmt})
        self.buf.append(val.text)
        self.n += len(val.text)
        return self

    def neg(self, ng: Neg):
        self.negs.append({"cstart": self.n, "cend": self.n + len(ng.text), "kind": ng.kind})
        self.buf.append(ng.text)
        self.n += len(ng.text)
        return self

    def f(self, template: str, ctx: str | None = None, **kw):
        """'{name}' placeholders whose name is in kw are replaced; everything else is literal."""
        for part in re.split(r"(\{\w+\})", template):
            key = part[1:-1] if part.startswith("{") and part.endswith("}") else None
            if key is not None and key in kw:
                x = kw[key]
                if isinstance(x, Val):
                    self.v(x, ctx)
                elif isinstance(x, Neg):
                    self.neg(x)
                else:
                    self.t(x)
            elif part:
                self.t(part)
        return self

    def text(self):
        return "".join(self.buf)

    def ctx_all(self, ctx):
        for s in self.spans:
            s["fmt"] += "." + ctx
        return self


def doc_problems(text, spans, negs):
    probs = []
    ss = sorted(spans, key=lambda s: s["cstart"])
    for a, b in zip(ss, ss[1:]):
        if b["cstart"] < a["cend"]:
            probs.append(f"overlapping spans {a} {b}")
    for s in ss:
        val = text[s["cstart"]:s["cend"]]
        if not VALIDATORS[s["entity"]](val):
            probs.append(f"invalid {s['entity']} value {val!r} ({s['fmt']})")
        if val != val.strip():
            probs.append(f"untrimmed span {val!r}")
    for n in negs:
        if any(n["cstart"] < s["cend"] and s["cstart"] < n["cend"] for s in ss):
            probs.append(f"hard negative overlaps a span: {text[n['cstart']:n['cend']]!r}")
    probs += leak_problems(text, [(s["cstart"], s["cend"], s["entity"]) for s in ss])
    return probs


# =============================================================================
# small random helpers
# =============================================================================


def digits(n):
    return "".join(R.choice(string.digits) for _ in range(n))


def nz(n):
    return str(R.randint(1, 9)) + digits(n - 1)


def chance(p):
    return R.random() < p


def pick(seq):
    return R.choice(seq)


def wpick(pairs):
    items, weights = zip(*pairs)
    return R.choices(items, weights=weights)[0]


def clean_str(fn, *a, **kw):
    """Call fn until the produced string is not None and contains nothing the leak scanner would flag."""
    for _ in range(500):
        s = fn(*a, **kw)
        if s is not None and not find_candidates(s):
            return s
    raise RuntimeError(f"cannot produce a clean {fn.__name__}")


def asciify(s):
    s = s.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    s = s.replace("æ", "ae").replace("œ", "oe").replace("'", "").replace(" ", "")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


# =============================================================================
# people, companies
# =============================================================================

NAMES = {
    "en": (["James", "Olivia", "Liam", "Emma", "Noah", "Ava", "Ethan", "Sophia", "Mason", "Chloe", "Daniel", "Grace",
            "Aoife", "Siobhán", "Priya", "Rahul", "Chidi", "Ngozi", "Wei", "Mei", "Zoë", "Renée"],
           ["Smith", "Johnson", "Williams", "Brown", "Okafor", "O'Brien", "Patel", "Nguyen", "Whitfield",
            "Harrington", "MacLeod", "Chen", "Kowalski", "Fitzgerald", "Adeyemi", "Reyes", "Dalton", "Iyer"]),
    "de": (["Jürgen", "Katrin", "Lukas", "Anja", "Matthias", "Sabine", "Jörg", "Björn", "Lena", "Uwe", "Bärbel",
            "Tobias"],
           ["Müller", "Schmidt", "Weiß", "Schröder", "Köhler", "Hoffmann", "Groß", "Becker", "Krüger", "Fuchs",
            "Lehmann", "Vogel"]),
    "fr": (["Hélène", "François", "Élodie", "Jérôme", "Chloé", "Benoît", "Aurélie", "Mathéo", "Margaux", "Gaëlle"],
           ["Dubois", "Lefèvre", "Girard", "Moreau", "Fontaine", "Rousseau", "Lemaître", "Chevalier", "Bérenger",
            "Faure"]),
    "es": (["José", "María", "Lucía", "Álvaro", "Sofía", "Javier", "Inés", "Raúl", "Begoña", "Íñigo"],
           ["García", "Núñez", "Martínez", "Fernández", "López", "Ibáñez", "Muñoz", "Sánchez", "Peña", "Ortega"]),
    "it": (["Giulia", "Niccolò", "Francesca", "Matteo", "Chiara", "Lorenzo", "Alessia", "Davide"],
           ["Rossi", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "De Luca", "Galli"]),
    "pt": (["João", "Conceição", "Mariana", "Thiago", "Beatriz", "Gonçalo", "Letícia", "Caio"],
           ["Silva", "Araújo", "Gonçalves", "Pereira", "Carvalho", "Magalhães", "Souza", "Ribeiro"]),
    "nl": (["Sanne", "Joost", "Femke", "Bram", "Lotte", "Sem", "Anouk", "Thijs"],
           ["de Vries", "Bakker", "Jansen", "van Dijk", "Visser", "Smit", "de Boer", "van den Berg"]),
    "sv": (["Åsa", "Björn", "Linnéa", "Oskar", "Märta", "Pär", "Elin", "Gustav"],
           ["Lindqvist", "Nilsson", "Andersson", "Öberg", "Sjöberg", "Åkesson", "Berg", "Holm"]),
    "pl": (["Łukasz", "Małgorzata", "Paweł", "Agnieszka", "Kamil", "Zofia", "Wojciech", "Joanna"],
           ["Nowak", "Wiśniewska", "Kowalczyk", "Wójcik", "Kamińska", "Lewandowski", "Zieliński", "Szymańska"]),
    "ja": ([("健", "Ken"), ("陽菜", "Hina"), ("翔", "Sho"), ("美咲", "Misaki"), ("大輔", "Daisuke")],
           [("佐藤", "Sato"), ("鈴木", "Suzuki"), ("高橋", "Takahashi"), ("田中", "Tanaka"), ("渡辺", "Watanabe")]),
}
LANG_COUNTRIES = {"en": ["us", "us", "uk", "uk", "ie", "au", "ca", "za", "sg", "in", "cn"], "de": ["de", "de", "at", "ch"],
                  "fr": ["fr", "fr", "be", "ch"], "es": ["es", "es", "mx"], "it": ["it", "it", "ch"],
                  "pt": ["pt", "br", "br"], "nl": ["nl", "nl", "be"], "sv": ["se", "se", "dk", "no"], "pl": ["pl"],
                  "ja": ["jp"]}
COUNTRY_IBAN = {"de": "DE", "at": "AT", "ch": "CH", "fr": "FR", "be": "BE", "es": "ES", "it": "IT", "pt": "PT",
                "nl": "NL", "se": "SE", "dk": "DK", "no": "NO", "pl": "PL", "uk": "GB", "ie": "IE", "br": "BR"}
FREEMAIL = {"en": ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "hotmail.com", "proton.me", "btinternet.com"],
            "de": ["web.de", "gmx.de", "t-online.de", "gmail.com", "posteo.de"],
            "fr": ["orange.fr", "free.fr", "laposte.net", "gmail.com"],
            "es": ["hotmail.es", "gmail.com", "telefonica.net", "yahoo.es"],
            "it": ["libero.it", "virgilio.it", "gmail.com", "tiscali.it"],
            "pt": ["sapo.pt", "uol.com.br", "gmail.com", "bol.com.br"],
            "nl": ["ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl"],
            "sv": ["telia.com", "gmail.com", "outlook.se", "bredband.net"],
            "pl": ["wp.pl", "o2.pl", "interia.pl", "gmail.com"],
            "ja": ["yahoo.co.jp", "docomo.ne.jp", "gmail.com"]}
COMPANIES = {
    "en": [("Northwind Health", "northwindhealth.com"), ("Harbor Freight Logistics", "harborfl.com"),
           ("Bluefin Analytics Ltd", "bluefin-analytics.co.uk"), ("St. Brigid's Clinic", "stbrigids.ie"),
           ("Copperline Dental", "copperlinedental.com.au"), ("Pinecrest Medical Group", "pinecrestmed.org")],
    "de": [("Müller Logistik GmbH", "mueller-logistik.de"), ("Praxis Dr. Köhler", "praxis-koehler.de"),
           ("Alpenblick Versicherung AG", "alpenblick-vers.at"), ("Brauhaus Weiß KG", "brauhaus-weiss.de")],
    "fr": [("Pharmacie Lemaître", "pharmacie-lemaitre.fr"), ("Groupe Rousseau SA", "groupe-rousseau.fr"),
           ("Clinique Saint-Éloi", "clinique-st-eloi.fr")],
    "es": [("Transportes Ibáñez S.L.", "transportes-ibanez.es"), ("Clínica Dental Peña", "clinicapena.es"),
           ("Grupo Ortega", "grupo-ortega.com.mx")],
    "it": [("Farmacia Colombo", "farmaciacolombo.it"), ("Studio Medico Ricci", "studioricci.it")],
    "pt": [("Magalhães & Filhos Lda", "magalhaes-filhos.pt"), ("Clínica Ribeiro", "clinicaribeiro.com.br")],
    "nl": [("Bakker Installatietechniek B.V.", "bakker-installatie.nl"), ("Huisartsenpraktijk De Boer", "hapdeboer.nl")],
    "sv": [("Sjöberg Bygg AB", "sjobergbygg.se"), ("Vårdcentralen Öberg", "vcoberg.se")],
    "pl": [("Kowalczyk Sp. z o.o.", "kowalczyk.com.pl"), ("Przychodnia Zdrowie", "przychodnia-zdrowie.pl")],
    "ja": [("株式会社タナカ商事", "tanaka-shoji.co.jp")],
}
TITLES = {"en": ["Accounts Payable", "IT Support Lead", "Practice Manager", "Customer Success Manager", "Billing Specialist"],
          "de": ["Buchhaltung", "IT-Leitung", "Praxismanagerin", "Kundenservice"],
          "fr": ["Comptabilité fournisseurs", "Responsable informatique", "Service client"],
          "es": ["Administración", "Responsable de IT", "Atención al cliente"],
          "it": ["Amministrazione", "Responsabile IT"], "pt": ["Financeiro", "Suporte de TI"],
          "nl": ["Financiële administratie", "ICT-beheer"], "sv": ["Ekonomiavdelningen", "IT-ansvarig"],
          "pl": ["Księgowość", "Dział IT"], "ja": ["経理部", "情報システム部"]}


class Person:
    def __init__(self, lang=None, country=None):
        self.lang = lang or wpick([("en", 35), ("de", 12), ("fr", 9), ("es", 9), ("it", 6), ("pt", 7), ("nl", 6),
                                   ("sv", 5), ("pl", 5), ("ja", 3)])
        firsts, lasts = NAMES[self.lang]
        f, l = pick(firsts), pick(lasts)
        if self.lang == "ja":
            self.first, self.last = f[0], l[0]
            self.afirst, self.alast = f[1], l[1]
            self.full = self.last + " " + self.first
        else:
            self.first, self.last = f, l
            self.afirst, self.alast = asciify(f), asciify(l)
            self.full = f + " " + l
        self.country = country or pick(LANG_COUNTRIES[self.lang])
        self.company, self.domain = pick(COMPANIES[self.lang])


# =============================================================================
# value generators
# =============================================================================


def conflicts(s, entity):
    """True when the value (alone) contains something that looks like ANOTHER entity."""
    for cs, ce, ent in find_candidates(s):
        if ent != entity:
            return True
    d = re.sub(r"\D", "", s)
    if entity not in ("ABA_ROUTING_NUMBER",) and len(d) == 9 and aba_ok(d):
        return True
    return False


# ---- cards ------------------------------------------------------------------

CARD_SPECS = {
    "visa": (lambda: "4", 16), "mc5": (lambda: str(R.randint(51, 55)), 16),
    "mc2": (lambda: str(R.randint(2221, 2720)), 16), "amex": (lambda: pick(["34", "37"]), 15),
    "discover": (lambda: pick(["6011", str(R.randint(644, 649)), "65"]), 16),
    "jcb": (lambda: str(R.randint(3528, 3589)), 16), "diners": (lambda: pick(["36", "30" + str(R.randint(0, 5))]), 14),
    "unionpay": (lambda: "62" + str(R.randint(12, 28)), 16), "unionpay19": (lambda: "62" + str(R.randint(12, 28)), 19),
}
CARD_W = [("visa", 34), ("mc5", 18), ("mc2", 8), ("amex", 12), ("discover", 8), ("jcb", 6), ("diners", 4),
          ("unionpay", 5), ("unionpay19", 3)]


def card_groups(d):
    if len(d) == 15:
        return [d[:4], d[4:10], d[10:]]
    if len(d) == 14:
        return [d[:4], d[4:10], d[10:]]
    return [d[i:i + 4] for i in range(0, len(d), 4)]


def gen_card(brand=None, style=None):
    for _ in range(500):
        b = brand or wpick(CARD_W)
        pre_fn, L = CARD_SPECS[b]
        pre = pre_fn()
        num = luhn_complete(pre + digits(L - len(pre) - 1))
        if card_brand(num) is None:
            continue
        st = style or wpick([("spaces", 5), ("dashes", 2), ("compact", 3)])
        g = card_groups(num)
        s = {"spaces": " ".join(g), "dashes": "-".join(g), "compact": num}[st]
        if conflicts(s, "CREDIT_CARD"):
            continue
        return Val(s, "CREDIT_CARD", f"card.{b}.{st}")
    raise RuntimeError


# ---- SSN / NHS / NPI / ABA / DEA / MRN ----------------------------------------


def gen_ssn(style=None):
    while True:
        a = R.randint(1, 899)
        if a == 666:
            continue
        g, n = R.randint(1, 99), R.randint(1, 9999)
        st = style or wpick([("dashes", 7), ("spaces", 2), ("compact", 1)])
        sep = {"dashes": "-", "spaces": " ", "compact": ""}[st]
        s = f"{a:03d}{sep}{g:02d}{sep}{n:04d}"
        if conflicts(s, "US_SSN"):
            continue
        return Val(s, "US_SSN", f"ssn.{st}")


def gen_nhs(style=None):
    while True:
        d = str(R.randint(4, 7)) + digits(8)
        s = sum(int(d[i]) * (10 - i) for i in range(9))
        c = 11 - s % 11
        c = 0 if c == 11 else c
        if c == 10:
            continue
        d += str(c)
        st = style or wpick([("spaces", 6), ("compact", 3), ("dashes", 1)])
        v = {"spaces": f"{d[:3]} {d[3:6]} {d[6:]}", "compact": d, "dashes": f"{d[:3]}-{d[3:6]}-{d[6:]}"}[st]
        if npi_ok(d) or conflicts(v, "UK_NHS"):
            continue
        return Val(v, "UK_NHS", f"nhs.{st}")


def gen_npi():
    while True:
        base = pick("12") + digits(8)
        for c in "0123456789":
            if luhn_ok("80840" + base + c):
                d = base + c
                break
        if nhs_ok(d) or conflicts(d, "US_NPI"):
            continue
        return Val(d, "US_NPI", "npi.compact")


def gen_aba(style="compact"):
    while True:
        p = pick(sorted(ABA_PREFIXES))
        base = f"{p:02d}" + digits(6)
        for c in "0123456789":
            if aba_ok(base + c):
                d = base + c
                break
        if conflicts(d, "ABA_ROUTING_NUMBER"):
            continue
        return Val(d, "ABA_ROUTING_NUMBER", f"aba.{style}")


def gen_dea(surname_ascii):
    first = pick("ABFGM")
    second = surname_ascii[0].upper()
    while True:
        n = [R.randint(0, 9) for _ in range(6)]
        c = (n[0] + n[2] + n[4] + 2 * (n[1] + n[3] + n[5])) % 10
        s = first + second + "".join(map(str, n)) + str(c)
        if dea_ok(s):
            return Val(s, "US_DEA", f"dea.reg_{first.lower()}")


def gen_mrn(style=None):
    while True:
        st = style or wpick([("digits8", 4), ("digits7", 3), ("digits10", 1), ("alpha1", 3), ("alpha2", 2),
                             ("dashed", 1), ("digits6", 1)])
        s = {"digits8": lambda: "00" + digits(6) if chance(0.4) else nz(8),
             "digits7": lambda: nz(7), "digits6": lambda: nz(6), "digits10": lambda: nz(10),
             "alpha1": lambda: pick("EHKMRV") + digits(7), "alpha2": lambda: pick(["RX", "MR", "HN", "CH"]) + digits(6),
             "dashed": lambda: f"{nz(3)}-{digits(3)}-{digits(3)}"}[st]()
        if conflicts(s, "MEDICAL_RECORD_NUMBER") or find_candidates(s):
            continue
        return Val(s, "MEDICAL_RECORD_NUMBER", f"mrn.{st}")


# ---- secrets -------------------------------------------------------------------


def gen_aws(kind=None):
    k = kind or wpick([("AKIA", 4), ("ASIA", 1)])
    return Val(k + "".join(R.choice(string.ascii_uppercase + "234567") for _ in range(16)), "AWS_ACCESS_KEY",
               f"aws.{k.lower()}")


def gen_gh(prefix=None):
    p = prefix or wpick([("ghp", 6), ("gho", 2), ("ghu", 1), ("ghs", 2), ("ghr", 1)])
    body = "".join(R.choice(B62) for _ in range(30))
    return Val(f"{p}_{body}{b62(zlib.crc32(body.encode()))}", "GITHUB_TOKEN", f"gh.{p}")


PEM_KINDS = {"rsa": ("RSA ", b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00", (600, 1190)),
             "pkcs8": ("", b"\x30\x82\x04\xbe\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00",
                       (630, 1210)),
             "ec": ("EC ", b"\x30\x77\x02\x01\x01\x04\x20", (121, 121)),
             "openssh": ("OPENSSH ", b"openssh-key-v1\x00\x00\x00\x00\x04none", (380, 420)),
             "encrypted": ("ENCRYPTED ", b"\x30\x82\x05\x2d\x30\x57\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x05\x0d",
                           (700, 1300))}


def gen_pkey(kind=None, style="plain", indent=""):
    k = kind or wpick([("rsa", 4), ("pkcs8", 3), ("ec", 2), ("openssh", 2), ("encrypted", 1)])
    label, prefix, (lo, hi) = PEM_KINDS[k]
    n = R.randint(lo, hi)
    raw = prefix + bytes(R.getrandbits(8) for _ in range(n - len(prefix)))
    b = base64.b64encode(raw).decode()
    width = 70 if k == "openssh" else 64
    lines = [b[i:i + width] for i in range(0, len(b), width)]
    head, tail = f"-----BEGIN {label}PRIVATE KEY-----", f"-----END {label}PRIVATE KEY-----"
    allv = [head] + lines + [tail]
    if style == "plain":
        s = "\n".join(allv)
    elif style == "crlf":
        s = "\r\n".join(allv)
    elif style == "indented":
        s = ("\n" + indent).join(allv)
    elif style == "escaped":
        s = "\\n".join(allv)
    else:
        raise ValueError(style)
    if find_candidates(s.replace(head, "")):
        return gen_pkey(kind, style, indent)
    return Val(s, "PRIVATE_KEY", f"pkey.{k}.{style}")


# ---- IBAN --------------------------------------------------------------------

BBAN = {"DE": "8n10n", "GB": "4a6n8n", "FR": "5n5n11c2n", "ES": "4n4n1n1n10n", "IT": "1a5n5n12c", "NL": "4a10n",
        "BE": "3n7n2n", "CH": "5n12c", "AT": "5n11n", "PL": "8n16n", "PT": "4n4n11n2n", "IE": "4a6n8n",
        "SE": "3n16n1n", "DK": "4n9n1n", "NO": "4n6n1n", "FI": "6n7n1n", "LU": "3n13c", "BR": "8n5n10n1a1c",
        "SA": "2n18c", "AE": "3n16n", "TR": "5n1n16c", "MT": "4a5n18c", "RO": "4a16c", "HR": "7n10n",
        "CZ": "4n6n10n", "HU": "3n4n1n15n1n", "GR": "3n4n16c", "LT": "5n11n", "SI": "5n8n2n", "IS": "4n2n6n10n",
        "MC": "5n5n11c2n", "LI": "5n12c", "BG": "4a4n2n8c", "CY": "3n5n16c", "SK": "4n6n10n", "EE": "2n2n11n1n"}
IBAN_W = [("DE", 14), ("GB", 9), ("FR", 9), ("ES", 8), ("IT", 7), ("NL", 7), ("BE", 4), ("CH", 4), ("AT", 4),
          ("PL", 4), ("PT", 3), ("IE", 3), ("SE", 3), ("DK", 2), ("NO", 2), ("FI", 2), ("LU", 2), ("BR", 2),
          ("SA", 1), ("AE", 1), ("TR", 1), ("MT", 1), ("RO", 1), ("HR", 1), ("CZ", 1), ("HU", 1), ("GR", 1),
          ("LT", 1), ("SI", 1), ("IS", 1), ("MC", 1), ("LI", 1), ("BG", 1), ("CY", 1), ("SK", 1), ("EE", 1)]


def _bban(cc):
    out = ""
    for n, t in re.findall(r"(\d+)([nac])", BBAN[cc]):
        for _ in range(int(n)):
            if t == "n":
                out += R.choice(string.digits)
            elif t == "a":
                out += R.choice(string.ascii_uppercase)
            else:
                out += R.choice(string.ascii_uppercase) if chance(0.12) else R.choice(string.digits)
    return out


def iban_with_check(cc, bban):
    chk = 98 - iban_mod97(cc + "00" + bban)
    return f"{cc}{chk:02d}{bban}"


def group4(s):
    return " ".join(s[i:i + 4] for i in range(0, len(s), 4))


def gen_iban(cc=None, style=None):
    for _ in range(500):
        c = cc or wpick(IBAN_W)
        compact = iban_with_check(c, _bban(c))
        assert len(compact) == IBAN_LEN[c], c
        st = style or wpick([("groups", 6), ("compact", 4)])
        s = group4(compact) if st == "groups" else compact
        if conflicts(s, "IBAN_CODE"):
            continue
        return Val(s, "IBAN_CODE", f"iban.{c.lower()}.{st}")
    raise RuntimeError


# ---- IP ----------------------------------------------------------------------

PUBLIC_FIRST = [23, 31, 37, 45, 46, 52, 62, 78, 81, 84, 85, 88, 91, 93, 94, 95, 109, 145, 151, 176, 178, 185, 188,
                193, 195, 212, 213, 217, 24, 66, 71, 98, 104, 142, 172]


def gen_ipv4(kind=None):
    k = kind or wpick([("private", 4), ("public", 4), ("doc", 2), ("cgnat", 1)])
    while True:
        if k == "private":
            a = wpick([(f"10.{R.randint(0, 255)}.{R.randint(0, 255)}", 3), (f"192.168.{R.randint(0, 255)}", 3),
                       (f"172.{R.randint(16, 31)}.{R.randint(0, 255)}", 2)])
        elif k == "doc":
            a = pick(["192.0.2", "198.51.100", "203.0.113"])
        elif k == "cgnat":
            a = f"100.{R.randint(64, 127)}.{R.randint(0, 255)}"
        else:
            f = pick(PUBLIC_FIRST)
            if f == 172:
                a = f"172.{R.randint(32, 250)}.{R.randint(0, 255)}"
            else:
                a = f"{f}.{R.randint(1, 254)}.{R.randint(0, 255)}"
        s = f"{a}.{R.randint(1, 254)}"
        if ip_ok(s):
            return Val(s, "IP_ADDRESS", f"ip.v4.{k}")


def _rand_v6_global():
    p = pick(["2001:db8", "2a02:8108", "2a01:4f8", "2600:1f18", "2804:14c", "2406:da14", "2a00:1450", "2001:41d0"])
    groups = p.split(":") + [f"{R.getrandbits(16):x}" for _ in range(6)]
    # introduce some zero runs so compression happens
    if chance(0.6):
        i = R.randint(2, 5)
        for j in range(i, min(8, i + R.randint(1, 3))):
            groups[j] = "0"
    return ipaddress.IPv6Address(":".join(groups))


def gen_ipv6(style=None):
    st = style or wpick([("compressed", 6), ("full", 2), ("zone", 2), ("mapped", 2), ("upper", 1)])
    if st == "compressed":
        s = _rand_v6_global().compressed
    elif st == "full":
        s = _rand_v6_global().exploded
    elif st == "upper":
        s = _rand_v6_global().compressed.upper()
    elif st == "zone":
        iid = ":".join(f"{R.getrandbits(16):x}" for _ in range(4))
        s = ipaddress.IPv6Address("fe80::" + iid).compressed + "%" + pick(["eth0", "en0", "wlan0", "ens192", "12", "3"])
    else:
        s = "::ffff:" + gen_ipv4(pick(["doc", "public", "private"])).text
    if not ip_ok(s):
        return gen_ipv6(style)
    return Val(s, "IP_ADDRESS", f"ip.v6.{st}")


def gen_ip(v6=0.3):
    return gen_ipv6() if chance(v6) else gen_ipv4()


# ---- e-mail ------------------------------------------------------------------

IDN_DOMAINS = ["bäckerei-köhler.de", "café-lumière.fr", "søren-møller.dk", "müller-reisen.at", "peña-abogados.es"]


def gen_email(person=None, style=None, domain=None):
    p = person or Person()
    f, l = p.afirst.lower() or "x", p.alast.lower() or "y"
    st = style or wpick([("first.last", 10), ("flast", 4), ("first_last", 2), ("plus", 3), ("subdomain", 2),
                         ("upper", 1), ("digits", 3), ("role", 3), ("example", 2), ("idn", 1), ("hyphen", 1)])
    dom = domain or (p.domain if chance(0.5) else pick(FREEMAIL[p.lang]))
    if st == "first.last":
        s = f"{f}.{l}@{dom}"
    elif st == "flast":
        s = f"{f[0]}{l}@{dom}"
    elif st == "first_last":
        s = f"{f}_{l}@{dom}"
    elif st == "plus":
        s = f"{f}.{l}+{pick(['billing', 'support', 'tickets', 'vendor', 'rx'])}@{dom}"
    elif st == "subdomain":
        s = f"{f}.{l}@{pick(['mail', 'eu', 'corp', 'staff', 'med'])}.{p.domain}"
    elif st == "upper":
        s = f"{f.capitalize()}.{l.capitalize()}@{p.domain.upper() if chance(0.5) else p.domain}"
    elif st == "digits":
        s = f"{f}{l[:3]}{R.randint(1, 99) if chance(0.5) else R.randint(1955, 2004)}@{dom}"
    elif st == "role":
        s = f"{pick(['billing', 'support', 'accounts', 'noreply', 'it-helpdesk', 'rechnung', 'compta', 'facturacion', 'praxis', 'admin'])}@{p.domain}"
    elif st == "example":
        s = f"{f}.{l}@{pick(['example.com', 'example.org', 'example.net', 'test.example.com'])}"
    elif st == "hyphen":
        s = f"{f}-{l}@{dom}"
    else:
        s = f"{f}@{pick(IDN_DOMAINS)}"
    if not email_ok(s):
        return gen_email(person, None, domain)
    return Val(s, "EMAIL_ADDRESS", f"email.{st}")


# ---- phone -------------------------------------------------------------------

US_NPA = ["201", "202", "206", "212", "213", "214", "215", "305", "312", "313", "404", "415", "503", "512", "602",
          "617", "646", "702", "713", "718", "773", "801", "818", "917", "919", "347", "510", "720"]
CA_NPA = ["416", "514", "604", "613", "403", "780", "902", "647"]


def _nxx():
    while True:
        x = str(R.randint(2, 9)) + digits(2)
        if x[1:] != "11":
            return x


def _phone_variants(cc):
    """Return (kind, {style: text}) for one random number of country cc."""
    if cc in ("us", "ca"):
        npa = pick(US_NPA if cc == "us" else CA_NPA)
        kind = "geo"
        if chance(0.12):
            npa, kind = pick(["800", "888", "877", "866"]), "tollfree"
        x, ln = _nxx(), digits(4)
        return kind, {"parens": f"({npa}) {x}-{ln}", "dashes": f"{npa}-{x}-{ln}", "dots": f"{npa}.{x}.{ln}",
                      "intl_spaces": f"+1 {npa} {x} {ln}", "intl_parens": f"+1 ({npa}) {x}-{ln}",
                      "intl_dashes": f"+1-{npa}-{x}-{ln}", "e164": f"+1{npa}{x}{ln}",
                      "trunk_dashes": f"1-{npa}-{x}-{ln}"}
    if cc == "uk":
        if chance(0.55):
            n = "7" + pick("1234579") + digits(8)
            a, b = n[:4], n[4:]
            return "mobile", {"national": f"0{a} {b}", "national_533": f"0{a} {b[:3]} {b[3:]}",
                              "intl_spaces": f"+44 {a} {b}", "intl_trunk": f"+44 (0){a} {b}", "e164": f"+44{n}",
                              "intl_00": f"0044 {a} {b}"}
        if chance(0.6):
            n = "20" + pick("378") + digits(7)
            return "london", {"national": f"020 {n[2:6]} {n[6:]}", "intl_spaces": f"+44 20 {n[2:6]} {n[6:]}",
                              "intl_trunk": f"+44 (0)20 {n[2:6]} {n[6:]}", "e164": f"+44{n}",
                              "national_parens": f"(020) {n[2:6]} {n[6:]}"}
        area = pick(["161", "131", "121", "113", "117", "141", "151"])
        n = area + str(R.randint(2, 9)) + digits(6)
        return "geo", {"national": f"0{area} {n[3:6]} {n[6:]}", "intl_spaces": f"+44 {area} {n[3:6]} {n[6:]}",
                       "intl_trunk": f"+44 (0){area} {n[3:6]} {n[6:]}", "e164": f"+44{n}"}
    if cc == "de":
        if chance(0.5):
            pre = pick(["151", "152", "157", "160", "162", "170", "171", "172", "173", "175", "176", "177", "179"])
            sub = digits(pick([7, 8])) if pre.startswith("15") else digits(7)
            return "mobile", {"national": f"0{pre} {sub}", "national_slash": f"0{pre}/{sub}",
                              "national_split": f"0{pre} {sub[:3]} {sub[3:]}", "intl_spaces": f"+49 {pre} {sub}",
                              "intl_trunk": f"+49 (0){pre} {sub}", "e164": f"+49{pre}{sub}",
                              "intl_00": f"0049 {pre} {sub}"}
        area = pick(["30", "40", "89", "69", "221", "211", "711", "351"])
        sub = str(R.randint(2, 9)) + digits(7 if len(area) == 2 else 6)
        return "geo", {"national": f"0{area} {sub}", "national_slash": f"0{area}/{sub}",
                       "national_parens": f"(0{area}) {sub}", "intl_spaces": f"+49 {area} {sub}",
                       "intl_trunk": f"+49 (0){area} {sub}", "e164": f"+49{area}{sub}", "intl_dashes": f"+49-{area}-{sub}"}
    if cc == "fr":
        first = pick("1234567")
        n = first + digits(8)
        g = [n[1:3], n[3:5], n[5:7], n[7:9]]
        kind = "mobile" if first in "67" else "geo"
        return kind, {"national": f"0{first} " + " ".join(g), "national_dots": f"0{first}." + ".".join(g),
                      "intl_spaces": f"+33 {first} " + " ".join(g), "intl_trunk": f"+33 (0){first} " + " ".join(g),
                      "e164": f"+33{n}", "intl_00": f"0033 {first} " + " ".join(g)}
    if cc == "es":
        if chance(0.6):
            n, kind = "6" + digits(8), "mobile"
        else:
            n, kind = pick(["91", "93", "96", "95"]) + digits(7), "geo"
        return kind, {"national_3222": f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", "national_333": f"{n[:3]} {n[3:6]} {n[6:]}",
                      "intl_spaces": f"+34 {n[:3]} {n[3:6]} {n[6:]}", "intl_3222": f"+34 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}",
                      "e164": f"+34{n}", "intl_00": f"0034 {n[:3]} {n[3:6]} {n[6:]}"}
    if cc == "it":
        if chance(0.6):
            n = "3" + pick("234589") + digits(8)
            return "mobile", {"national": f"{n[:3]} {n[3:6]} {n[6:]}", "national_compact_sub": f"{n[:3]} {n[3:]}",
                              "intl_spaces": f"+39 {n[:3]} {n[3:6]} {n[6:]}", "intl_sub": f"+39 {n[:3]} {n[3:]}",
                              "e164": f"+39{n}"}
        n = pick(["06", "02"]) + digits(8)
        return "geo", {"national": f"{n[:2]} {n[2:6]} {n[6:]}", "intl_spaces": f"+39 {n[:2]} {n[2:6]} {n[6:]}",
                       "e164": f"+39{n}"}
    if cc == "nl":
        if chance(0.6):
            n = "6" + digits(8)
            return "mobile", {"national_dash": f"06-{n[1:]}", "national": f"06 {n[1:5]} {n[5:]}",
                              "intl_spaces": f"+31 6 {n[1:]}", "intl_trunk": f"+31 (0)6 {n[1:5]} {n[5:]}", "e164": f"+31{n}"}
        n = "20" + digits(7)
        return "geo", {"national_dash": f"020-{n[2:5]} {n[5:]}", "national": f"020 {n[2:5]} {n[5:]}",
                       "intl_spaces": f"+31 20 {n[2:5]} {n[5:]}", "e164": f"+31{n}"}
    if cc == "br":
        area = pick(["11", "21", "31", "41", "51", "61", "71", "81"])
        if chance(0.6):
            s = "9" + digits(8)
            return "mobile", {"national_parens": f"({area}) {s[:5]}-{s[5:]}", "intl_spaces": f"+55 {area} {s[:5]}-{s[5:]}",
                              "intl_parens": f"+55 ({area}) {s[:5]}-{s[5:]}", "e164": f"+55{area}{s}"}
        s = pick("2345") + digits(7)
        return "geo", {"national_parens": f"({area}) {s[:4]}-{s[4:]}", "intl_spaces": f"+55 {area} {s[:4]}-{s[4:]}",
                       "e164": f"+55{area}{s}"}
    if cc == "mx":
        area = pick(["55", "33", "81"])
        s = digits(8)
        return "geo", {"intl_spaces": f"+52 {area} {s[:4]} {s[4:]}", "national": f"{area} {s[:4]} {s[4:]}",
                       "national_parens": f"({area}) {s[:4]}-{s[4:]}", "e164": f"+52{area}{s}"}
    if cc == "in":
        if chance(0.7):
            n = pick("6789") + digits(9)
            return "mobile", {"intl_spaces": f"+91 {n[:5]} {n[5:]}", "intl_dashes": f"+91-{n[:5]}-{n[5:]}",
                              "national": f"0{n[:5]} {n[5:]}", "e164": f"+91{n}"}
        n = "22" + digits(8)
        return "geo", {"intl_spaces": f"+91 22 {n[2:6]} {n[6:]}", "national": f"022-{n[2:6]} {n[6:]}", "e164": f"+91{n}"}
    if cc == "jp":
        if chance(0.6):
            p = pick(["90", "80", "70"])
            s = digits(8)
            return "mobile", {"national": f"0{p}-{s[:4]}-{s[4:]}", "intl_dashes": f"+81 {p}-{s[:4]}-{s[4:]}",
                              "intl_spaces": f"+81 {p} {s[:4]} {s[4:]}", "e164": f"+81{p}{s}"}
        s = digits(8)
        return "geo", {"national": f"03-{s[:4]}-{s[4:]}", "intl_dashes": f"+81 3-{s[:4]}-{s[4:]}", "e164": f"+813{s}"}
    if cc == "au":
        if chance(0.6):
            n = "4" + digits(8)
            return "mobile", {"national": f"0{n[:3]} {n[3:6]} {n[6:]}", "intl_spaces": f"+61 {n[:3]} {n[3:6]} {n[6:]}",
                              "e164": f"+61{n}"}
        a = pick("2378")
        s = str(R.randint(3, 9)) + digits(7)
        return "geo", {"national_parens": f"(0{a}) {s[:4]} {s[4:]}", "national": f"0{a} {s[:4]} {s[4:]}",
                       "intl_spaces": f"+61 {a} {s[:4]} {s[4:]}", "e164": f"+61{a}{s}"}
    if cc == "ie":
        if chance(0.6):
            n = "8" + pick("35679") + digits(7)
            return "mobile", {"national": f"0{n[:2]} {n[2:5]} {n[5:]}", "intl_spaces": f"+353 {n[:2]} {n[2:5]} {n[5:]}",
                              "e164": f"+353{n}"}
        s = digits(7)
        return "geo", {"national_parens": f"(01) {s[:3]} {s[3:]}", "intl_spaces": f"+353 1 {s[:3]} {s[3:]}",
                       "e164": f"+3531{s}"}
    if cc == "ch":
        if chance(0.55):
            n = "7" + pick("6789") + digits(7)
            kind = "mobile"
        else:
            n = pick(["44", "22", "31", "61"]) + digits(7)
            kind = "geo"
        g = f"{n[:2]} {n[2:5]} {n[5:7]} {n[7:]}"
        return kind, {"national": "0" + g, "intl_spaces": "+41 " + g, "intl_trunk": "+41 (0)" + g, "e164": f"+41{n}"}
    if cc == "se":
        if chance(0.6):
            n = "7" + pick("0236") + digits(7)
            return "mobile", {"national": f"0{n[:2]}-{n[2:5]} {n[5:7]} {n[7:]}",
                              "intl_spaces": f"+46 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}", "e164": f"+46{n}"}
        n = "8" + digits(8)
        return "geo", {"national": f"08-{n[1:4]} {n[4:7]} {n[7:]}", "intl_spaces": f"+46 8 {n[1:4]} {n[4:7]} {n[7:]}",
                       "e164": f"+46{n}"}
    if cc == "pl":
        if chance(0.6):
            n = pick("5678") + digits(8)
            return "mobile", {"intl_spaces": f"+48 {n[:3]} {n[3:6]} {n[6:]}", "national": f"{n[:3]} {n[3:6]} {n[6:]}",
                              "national_dash": f"{n[:3]}-{n[3:6]}-{n[6:]}", "e164": f"+48{n}"}
        n = "22" + digits(7)
        return "geo", {"intl_spaces": f"+48 22 {n[2:5]} {n[5:7]} {n[7:]}", "national": f"22 {n[2:5]} {n[5:7]} {n[7:]}",
                       "e164": f"+48{n}"}
    if cc == "za":
        n = pick(["82", "83", "84", "72", "71", "21", "11"]) + digits(7)
        kind = "mobile" if n[0] in "78" else "geo"
        return kind, {"national": f"0{n[:2]} {n[2:5]} {n[5:]}", "intl_spaces": f"+27 {n[:2]} {n[2:5]} {n[5:]}",
                      "e164": f"+27{n}"}
    if cc == "sg":
        n = pick("89") + digits(7)
        return "mobile", {"intl_spaces": f"+65 {n[:4]} {n[4:]}", "e164": f"+65{n}", "intl_dash": f"+65-{n[:4]}-{n[4:]}"}
    if cc == "cn":
        if chance(0.7):
            n = "1" + pick(["38", "39", "50", "86", "88", "37"]) + digits(8)
            return "mobile", {"intl_spaces": f"+86 {n[:3]} {n[3:7]} {n[7:]}", "national": f"{n[:3]} {n[3:7]} {n[7:]}",
                              "e164": f"+86{n}"}
        n = "10" + digits(8)
        return "geo", {"intl_spaces": f"+86 10 {n[2:6]} {n[6:]}", "national": f"010-{n[2:6]} {n[6:]}", "e164": f"+86{n}"}
    if cc == "at":
        if chance(0.6):
            p = pick(["664", "660", "676", "699", "650"])
            s = digits(7)
            return "mobile", {"intl_spaces": f"+43 {p} {s}", "national": f"0{p} {s}",
                              "intl_trunk": f"+43 (0){p} {s[:3]} {s[3:5]} {s[5:]}", "e164": f"+43{p}{s}"}
        s = digits(7)
        return "geo", {"intl_spaces": f"+43 1 {s[:3]} {s[3:]}", "national": f"01 {s[:3]} {s[3:]}", "e164": f"+431{s}"}
    if cc == "be":
        if chance(0.6):
            n = "4" + pick("789") + digits(7)
            return "mobile", {"national": f"0{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}",
                              "intl_spaces": f"+32 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", "e164": f"+32{n}"}
        n = "2" + digits(7)
        return "geo", {"national": f"02 {n[1:4]} {n[4:6]} {n[6:]}", "intl_spaces": f"+32 2 {n[1:4]} {n[4:6]} {n[6:]}",
                       "e164": f"+32{n}"}
    if cc == "pt":
        if chance(0.6):
            n = "9" + pick("1236") + digits(7)
            return "mobile", {"intl_spaces": f"+351 {n[:3]} {n[3:6]} {n[6:]}", "national": f"{n[:3]} {n[3:6]} {n[6:]}",
                              "e164": f"+351{n}"}
        n = "21" + digits(7)
        return "geo", {"intl_spaces": f"+351 21 {n[2:5]} {n[5:]}", "national": f"21 {n[2:5]} {n[5:]}", "e164": f"+351{n}"}
    if cc == "dk":
        n = pick("2345") + digits(7)
        return "mobile", {"intl_spaces": f"+45 {n[:2]} {n[2:4]} {n[4:6]} {n[6:]}",
                          "national": f"{n[:2]} {n[2:4]} {n[4:6]} {n[6:]}", "e164": f"+45{n}"}
    if cc == "no":
        n = pick("49") + digits(7)
        return "mobile", {"intl_spaces": f"+47 {n[:3]} {n[3:5]} {n[5:]}", "national": f"{n[:3]} {n[3:5]} {n[5:]}",
                          "e164": f"+47{n}"}
    raise ValueError(cc)


PHONE_COUNTRIES = ["us", "ca", "uk", "de", "fr", "es", "it", "nl", "br", "mx", "in", "jp", "au", "ie", "ch", "se", "pl",
                   "za", "sg", "cn", "at", "be", "pt", "dk", "no"]


def gen_phone(cc=None, style=None, intl=None):
    """intl=True: only styles with a country code; intl=False: only national styles."""
    for _ in range(500):
        c = cc or pick(PHONE_COUNTRIES)
        kind, variants = _phone_variants(c)
        names = list(variants)
        if intl is True:
            names = [n for n in names if n.startswith(("intl", "e164"))]
        elif intl is False:
            names = [n for n in names if not n.startswith(("intl", "e164"))] or names
        st = style if style in variants else pick(names)
        s = variants[st]
        if conflicts(s, "PHONE_NUMBER") or not phone_ok(s):
            continue
        d = re.sub(r"\D", "", s)
        if _digit_checks(d) or (len(d) == 9 and aba_ok(d)):
            continue
        return Val(s, "PHONE_NUMBER", f"phone.{c}.{kind}.{st}")
    raise RuntimeError


def gen_phone_pair(cc=None, first_intl=None):
    """The same number written twice: (display style, E.164)."""
    for _ in range(500):
        c = cc or pick(PHONE_COUNTRIES)
        kind, variants = _phone_variants(c)
        names = [n for n in variants if n != "e164" and (first_intl is None or n.startswith("intl") == first_intl)] or \
            [n for n in variants if n != "e164"]
        st = pick(names)
        a, b = variants[st], variants["e164"]
        if any(conflicts(x, "PHONE_NUMBER") or not phone_ok(x) for x in (a, b)):
            continue
        dd = re.sub(r"\D", "", b)
        if _digit_checks(dd) or _digit_checks(re.sub(r"\D", "", a)):
            continue
        return Val(a, "PHONE_NUMBER", f"phone.{c}.{kind}.{st}"), Val(b, "PHONE_NUMBER", f"phone.{c}.{kind}.e164")
    raise RuntimeError


# ---- dates of birth ------------------------------------------------------------


def rand_dob():
    y = R.randint(1931, 2012)
    m = R.randint(1, 12)
    d = R.randint(1, calendar.monthrange(y, m)[1])
    return dt.date(y, m, d)


def fmt_date(D, f):
    d, m, y = D.day, D.month, D.year
    ordn = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(d, "th")
    return {
        "numeric_dmy_slash": f"{d:02d}/{m:02d}/{y}", "numeric_mdy_slash": f"{m:02d}/{d:02d}/{y}",
        "numeric_mdy_nopad": f"{m}/{d}/{y}", "iso": f"{y}-{m:02d}-{d:02d}", "numeric_dmy_dot": f"{d:02d}.{m:02d}.{y}",
        "numeric_dmy_dash": f"{d:02d}-{m:02d}-{y}", "numeric_dmy_dot_nopad": f"{d}.{m}.{y}",
        "written_en_mdy": f"{MONTHS['en'][m - 1]} {d}, {y}", "written_en_dmy": f"{d} {MONTHS['en'][m - 1]} {y}",
        "written_en_ordinal": f"{MONTHS['en'][m - 1]} {d}{ordn}, {y}", "written_en_abbr": f"{d:02d}-{MONTHS['en'][m - 1][:3]}-{y}",
        "written_en_of": f"{d}{ordn} of {MONTHS['en'][m - 1]} {y}",
        "written_de": f"{d}. {MONTHS['de'][m - 1]} {y}", "written_fr": f"{d} {MONTHS['fr'][m - 1]} {y}",
        "written_es": f"{d} de {MONTHS['es'][m - 1]} de {y}", "written_it": f"{d} {MONTHS['it'][m - 1]} {y}",
        "written_pt": f"{d} de {MONTHS['pt'][m - 1]} de {y}", "written_nl": f"{d} {MONTHS['nl'][m - 1]} {y}",
        "written_sv": f"{d} {MONTHS['sv'][m - 1]} {y}", "written_pl": f"{d} {MONTHS['pl'][m - 1]} {y}",
        "ja": f"{y}年{m}月{d}日",
    }[f]


DOB_FORMATS = {
    "en": [("numeric_mdy_slash", 5), ("numeric_dmy_slash", 4), ("iso", 3), ("written_en_mdy", 3), ("written_en_dmy", 2),
           ("written_en_ordinal", 1), ("written_en_abbr", 1), ("numeric_mdy_nopad", 1)],
    "de": [("numeric_dmy_dot", 6), ("written_de", 3), ("iso", 1), ("numeric_dmy_dot_nopad", 1)],
    "fr": [("numeric_dmy_slash", 6), ("written_fr", 3)], "es": [("numeric_dmy_slash", 5), ("written_es", 3), ("numeric_dmy_dash", 1)],
    "it": [("numeric_dmy_slash", 5), ("written_it", 3)], "pt": [("numeric_dmy_slash", 5), ("written_pt", 3)],
    "nl": [("numeric_dmy_dash", 5), ("written_nl", 3)], "sv": [("iso", 5), ("written_sv", 3)],
    "pl": [("numeric_dmy_dot", 5), ("written_pl", 3)], "ja": [("ja", 5), ("iso", 2)],
    "da": [("numeric_dmy_dot", 4), ("numeric_dmy_dash", 3)], "no": [("numeric_dmy_dot", 6)],
}
DOB_LABELS = {
    "en": ["DOB: ", "D.O.B.: ", "Date of birth: ", "Date of Birth - ", "DoB ", "Birthdate: ", "birthday: "],
    "de": ["Geburtsdatum: ", "geb. ", "Geb.-Datum: "], "fr": ["Date de naissance : ", "né le ", "née le "],
    "es": ["Fecha de nacimiento: ", "F. nac.: ", "nacida el "], "it": ["Data di nascita: ", "nato il ", "nata il "],
    "pt": ["Data de nascimento: ", "Data nasc.: ", "nascido em "], "nl": ["Geboortedatum: ", "geboren op "],
    "sv": ["Födelsedatum: ", "född "], "pl": ["Data urodzenia: ", "ur. "], "ja": ["生年月日："],
    "da": ["Fødselsdato: ", "født "], "no": ["Fødselsdato: ", "født den "],
}


def gen_dob(lang="en", f=None):
    f = f or wpick(DOB_FORMATS[lang])
    return Val(fmt_date(rand_dob(), f), "DATE_OF_BIRTH", f"dob.{f}")


def dob_label(lang):
    return pick(DOB_LABELS[lang])


# =============================================================================
# hard negatives
# =============================================================================


def _luhn_fail(d):
    while luhn_ok(d):
        d = d[:-1] + str((int(d[-1]) + 1) % 10)
    return d


def hn_luhn16(ctx_card=False):
    def f():
        d = _luhn_fail(pick("45") + digits(15))
        st = pick(["spaces", "dashes", "compact"])
        return {"spaces": " ".join(card_groups(d)), "dashes": "-".join(card_groups(d)), "compact": d}[st]
    return Neg(clean_str(f), "luhn_fail_16")


def hn_order():
    return Neg(clean_str(lambda: pick([f"ORD-{R.randint(2023, 2025)}-{digits(6)}", f"#{nz(7)}", f"SO{nz(8)}",
                                        f"PO-{nz(5)}/{R.randint(23, 25)}", f"{nz(3)}-{digits(7)}-{digits(7)}",
                                        f"WEB{digits(9)}", f"A{digits(2)}-{digits(5)}-{digits(3)}"])), "order_number")


def hn_invoice():
    return Neg(clean_str(lambda: pick([f"INV-{R.randint(2023, 2025)}-{digits(6)}", f"RE-{R.randint(2023, 2025)}/{digits(5)}",
                                        f"FAC-{digits(8)}", f"{R.randint(2023, 2025)}{digits(6)}", f"F{digits(4)}-{digits(5)}"])),
               "invoice_number")


def hn_tracking():
    def f():
        k = pick(["ups", "fedex", "usps", "dhl", "royal"])
        if k == "ups":
            return "1Z" + "".join(R.choice(string.ascii_uppercase + string.digits) for _ in range(6)) + digits(10)
        if k == "fedex":
            return f"{nz(4)} {digits(4)} {digits(4)}"
        if k == "usps":
            return "94" + digits(20)
        if k == "dhl":
            return "JJD" + digits(18)
        return f"{pick(['RM', 'LX', 'CP'])}{digits(9)}GB"
    return Neg(clean_str(f), "tracking_number")


def hn_ticket():
    return Neg(clean_str(lambda: pick([f"#{nz(6)}", f"INC{digits(7)}", f"CS{digits(8)}", f"CASE-{nz(5)}",
                                        f"SR-{nz(6)}", f"{nz(8)}", f"REQ{digits(7)}", f"CHG{digits(7)}"])),
               "ticket_number")


def hn_ssn_invalid():
    a = pick(["000", "666", str(R.randint(900, 999))])
    sep = pick(["-", "-", " "])
    return Neg(f"{a}{sep}{R.randint(1, 99):02d}{sep}{R.randint(1, 9999):04d}", "ssn_invalid_area")


def hn_iban_bad(cc=None, style=None):
    c = cc or wpick(IBAN_W)
    def f():
        good = iban_with_check(c, _bban(c))
        chk = int(good[2:4])
        bad = good[:2] + f"{(chk + R.randint(1, 90)) % 100:02d}" + good[4:]
        if iban_mod97(bad) == 1:
            return None
        return group4(bad) if (style or pick(["groups", "compact"])) == "groups" else bad
    return Neg(clean_str(f), "iban_bad_checksum")


def hn_ten_fail(kind="ten_digit_fail"):
    def f():
        d = nz(10)
        return d if not (npi_ok(d) or nhs_ok(d)) else None
    return Neg(clean_str(f), kind)


def hn_nhs_bad():
    def f():
        d = str(R.randint(4, 7)) + digits(9)
        if nhs_ok(d) or npi_ok(d):
            return None
        return f"{d[:3]} {d[3:6]} {d[6:]}"
    return Neg(clean_str(f), "nhs_bad_checksum")


def hn_npi_bad():
    def f():
        d = pick("12") + digits(9)
        return d if not (npi_ok(d) or nhs_ok(d)) else None
    return Neg(clean_str(f), "npi_bad_checksum")


def hn_aba_bad():
    def f():
        d = f"{pick(sorted(ABA_PREFIXES)):02d}" + digits(7)
        return d if not aba_ok(d) else None
    return Neg(clean_str(f), "aba_bad_checksum")


def hn_dea_bad(initial="X"):
    while True:
        s = pick("ABFGM") + initial.upper() + digits(7)
        if not dea_ok(s):
            return Neg(s, "dea_bad_checksum")


def rand_ts(year=None):
    y = year or R.randint(2024, 2025)
    return dt.datetime(y, R.randint(1, 12), R.randint(1, 28), R.randint(0, 23), R.randint(0, 59), R.randint(0, 59))


def hn_ts(style=None, T=None):
    T = T or rand_ts()
    st = style or pick(["iso_z", "iso_ms", "space", "syslog", "apache", "rfc2822", "us", "eu"])
    s = {"iso_z": T.strftime("%Y-%m-%dT%H:%M:%SZ"), "iso_ms": T.strftime("%Y-%m-%dT%H:%M:%S.") + f"{R.randint(0, 999):03d}Z",
         "space": T.strftime("%Y-%m-%d %H:%M:%S"), "syslog": T.strftime("%b %e %H:%M:%S"),
         "apache": T.strftime("%d/%b/%Y:%H:%M:%S +0000"), "rfc2822": T.strftime("%a, %d %b %Y %H:%M:%S +0100"),
         "us": T.strftime("%m/%d/%Y %I:%M %p"), "eu": T.strftime("%d.%m.%Y %H:%M")}[st]
    return Neg(s, "timestamp")


def hn_date(fmt=None, kind="date_no_birth_context", old=False):
    D = rand_dob() if old else rand_ts(R.randint(2024, 2026)).date()
    f = fmt or pick(["numeric_dmy_slash", "numeric_mdy_slash", "iso", "numeric_dmy_dot", "written_en_mdy", "written_en_dmy"])
    return Neg(fmt_date(D, f), kind)


def hn_uuid():
    return Neg(str(uuid.UUID(int=R.getrandbits(128), version=4)), "uuid")


def hn_hash(kind=None):
    k = kind or pick(["sha256", "md5", "git_sha", "sha1"])
    n = {"sha256": 64, "md5": 32, "git_sha": 40, "sha1": 40}[k]
    return Neg(clean_str(lambda: "".join(R.choice("0123456789abcdef") for _ in range(n))), "hash")


def hn_short_sha():
    return Neg(clean_str(lambda: "".join(R.choice("0123456789abcdef") for _ in range(7))), "git_short_sha")


def hn_mac(sep=":"):
    return Neg(sep.join(f"{R.getrandbits(8):02x}" for _ in range(6)), "mac_address")


def hn_version():
    return Neg(pick([f"v{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 40)}", f"{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 40)}",
                     f"{R.randint(1, 9)}.{R.randint(0, 30)}.{R.randint(0, 40)}-rc.{R.randint(1, 5)}"]), "version_string")


def hn_build():
    return Neg(clean_str(lambda: pick([f"{R.randint(2024, 2025)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}.{R.randint(1, 40)}",
                                        f"b{nz(5)}", f"#{nz(4)}"])), "build_number")


def hn_masked_card():
    last = digits(4)
    return Neg(pick([f"**** **** **** {last}", f"XXXX-XXXX-XXXX-{last}", f"************{last}", f"•••• {last}",
                     f"{pick('45')}{digits(5)}******{last}", f"ending {last}"]), "masked_card")


def hn_masked_other():
    return Neg(pick(["[REDACTED]", "***-**-" + digits(4), "<redacted>", "[PII removed]", "XXX-XX-" + digits(4),
                     "+44 7*** ***" + digits(3), "j***@" + pick(FREEMAIL["en"]), "DE** **** **** **** **" + digits(2),
                     "AKIA****************", "ghp_" + "*" * 36, "[email protected]", "***"]), "masked_value")


def hn_aws_secret():
    return Neg(clean_str(lambda: "".join(R.choice(string.ascii_letters + string.digits + "+/") for _ in range(40))),
               "aws_secret_key")


def hn_amount():
    return Neg(pick([f"{R.randint(10, 9999)}.{digits(2)}", f"{R.randint(1, 99)},{digits(2)} €", f"${R.randint(10, 999)}.{digits(2)}",
                     f"EUR {R.randint(100, 99999)},{digits(2)}"]), "amount")


def hn_part():
    return Neg(clean_str(lambda: pick([f"{nz(3)}-{digits(4)}-{digits(2)}", f"SN{digits(10)}X", f"P/N {nz(2)}-{digits(5)}",
                                        f"{nz(4)}-{digits(4)}-{digits(4)}"])), "part_or_serial_number")


def hn_member():
    return Neg(clean_str(lambda: pick([f"XGH{digits(9)}", f"W{digits(9)}", f"{pick(['MBR', 'POL', 'CLM'])}-{digits(8)}",
                                        f"{nz(3)}{pick(string.ascii_uppercase)}{digits(5)}"])), "member_or_claim_id")


def hn_otp():
    return Neg(digits(6), "otp_code")


def hn_port():
    return Neg(str(pick([22, 25, 443, 8080, 8443, 5432, 3306, 6379, 51234, 60022])), "port")


def hn_oid():
    return Neg(pick(["1.3.6.1.4.1.9.9.13.1.3", "1.2.840.113549.1.1.11", "2.5.4.3.1.7", "1.3.6.1.2.1.1.3.0"]), "oid")


def hn_bic(cc="DE"):
    return Neg("".join(R.choice(string.ascii_uppercase) for _ in range(4)) + cc + pick(["FF", "MM", "2X", "22"]) +
               pick(["", "XXX"]), "bic_swift")


def hn_account():
    return Neg(clean_str(lambda: nz(R.choice([8, 11, 12]))), "bank_account_number")


def hn_sf_id(prefix="500"):
    return Neg(prefix + "".join(R.choice(string.ascii_letters + string.digits) for _ in range(15)), "record_id")


def hn_hex_code():
    return Neg(pick(["0x80070005", "0x8007000E", "0xC0000005", "0x80004005", "E_ACCESSDENIED"]), "error_code")


def hn_date_lang(lang, kind="date_no_birth_context"):
    """A date in the language's usual format, in a sentence that is not about birth.  The *_old kind uses
    years 1975-2015 so the value itself looks exactly like a date of birth."""
    f = wpick([(x, w) for x, w in DOB_FORMATS.get(lang, DOB_FORMATS["en"])])
    year = R.randint(1975, 2015) if kind.endswith("_old") else R.randint(2024, 2026)
    return Neg(fmt_date(rand_ts(year).date(), f), kind)


# =============================================================================
# shared text pieces
# =============================================================================

PHONE_LABELS = {
    "en": {"office": ["T: ", "Tel: ", "Phone: ", "Direct: ", "Office: ", "P: "], "mobile": ["M: ", "Mobile: ", "Cell: ", "Mob: "],
           "fax": ["F: ", "Fax: "]},
    "de": {"office": ["Tel.: ", "Telefon: ", "T "], "mobile": ["Mobil: ", "Handy: ", "M "], "fax": ["Fax: ", "F "]},
    "fr": {"office": ["Tél. : ", "Tél : ", "Standard : "], "mobile": ["Portable : ", "Mob. : "], "fax": ["Fax : "]},
    "es": {"office": ["Tel.: ", "Teléfono: "], "mobile": ["Móvil: ", "Cel.: "], "fax": ["Fax: "]},
    "it": {"office": ["Tel. ", "Tel: "], "mobile": ["Cell. ", "Cellulare: "], "fax": ["Fax "]},
    "pt": {"office": ["Tel.: ", "Telefone: "], "mobile": ["Cel.: ", "Telemóvel: ", "Celular: "], "fax": ["Fax: "]},
    "nl": {"office": ["T ", "Tel: ", "Telefoon: "], "mobile": ["M ", "Mob: ", "Mobiel: "], "fax": ["F ", "Fax: "]},
    "sv": {"office": ["Tel: ", "Växel: ", "Direkt: "], "mobile": ["Mobil: ", "Mob: "], "fax": ["Fax: "]},
    "pl": {"office": ["Tel.: ", "tel. "], "mobile": ["Kom.: ", "tel. kom. "], "fax": ["Faks: "]},
    "ja": {"office": ["TEL: ", "電話："], "mobile": ["携帯："], "fax": ["FAX: "]},
}
EXT = {"en": [" ext. ", " x", " Ext "], "de": [" App. ", " Durchwahl "], "fr": [" poste "], "es": [" ext. "],
       "it": [" int. "], "pt": [" ramal "], "nl": [" toestel "], "sv": [" ankn. "], "pl": [" wew. "], "ja": [" 内線"]}
CLOSING = {"en": ["Best regards,", "Kind regards,", "Thanks,", "Cheers,", "Many thanks"],
           "de": ["Mit freundlichen Grüßen", "Viele Grüße", "Beste Grüße"], "fr": ["Cordialement,", "Bien à vous,"],
           "es": ["Saludos,", "Un saludo,", "Atentamente,"], "it": ["Cordiali saluti,", "Distinti saluti,"],
           "pt": ["Atenciosamente,", "Cumprimentos,"], "nl": ["Met vriendelijke groet,", "Groeten,"],
           "sv": ["Med vänliga hälsningar,", "Hälsningar,"], "pl": ["Pozdrawiam,", "Z poważaniem,"],
           "ja": ["よろしくお願いいたします。"]}
DISCLAIMER = {"en": "This e-mail and any attachments are confidential and intended solely for the addressee.",
              "de": "Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte sofort den Absender.",
              "fr": "Ce message et ses pièces jointes sont confidentiels.", "es": "Este mensaje es confidencial.",
              "it": "Questo messaggio è riservato.", "pt": "Esta mensagem é confidencial.", "nl": "Dit bericht is vertrouwelijk.",
              "sv": "Detta e-postmeddelande är konfidentiellt.", "pl": "Ta wiadomość jest poufna.", "ja": "本メールは機密情報を含みます。"}

PHRASES = {
    "en": ["Could you update the phone number on the account to {phone}? The old landline is disconnected.",
           "Please send all future invoices to {email} rather than to me directly.",
           "Our bank details changed last month, the new IBAN is {iban} (same beneficiary name).",
           "I was charged twice for order {order} on the card {card}, please refund one of them.",
           "The patient's date of birth is {dob} and her MRN is {mrn}, in case you need to look her up.",
           "You can reach me on my mobile {phone} between 9 and 5.",
           "The account is registered under {email}, but I no longer have access to that mailbox.",
           "Invoice {invoice} was due on {date} and still shows as unpaid.",
           "We see the failed logins coming from {ip}, is that one of your servers?",
           "Please note my date of birth is {dob}, the portal shows it wrong.",
           "Ticket {ticket} was closed without an answer, reopening it here."],
    "de": ["Bitte ändern Sie meine Telefonnummer auf {phone}.", "Rechnungen bitte ab sofort an {email} schicken.",
           "Unsere neue Bankverbindung lautet IBAN {iban}.",
           "Mein Geburtsdatum ist der {dob}, im Portal steht leider ein falsches Datum.",
           "Die Rechnung {invoice} vom {date} wurde doppelt abgebucht.", "Sie erreichen mich mobil unter {phone}.",
           "Die Karte {card} wurde für die Bestellung {order} zweimal belastet.",
           "Vorgang {ticket} ist leider immer noch offen.",
           "Bitte erstatten Sie den Betrag auf die Kreditkarte {card} zurück.", "Die Patientennummer (MRN) meiner Mutter ist {mrn}."],
    "fr": ["Merci de mettre à jour mon numéro : {phone}.", "Veuillez envoyer les factures à {email} désormais.",
           "Nos nouvelles coordonnées bancaires : IBAN {iban}.",
           "Ma date de naissance est le {dob}, elle est erronée dans votre système.",
           "La facture {invoice} du {date} a été prélevée deux fois.", "Vous pouvez me joindre au {phone} en journée.",
           "Le remboursement doit aller sur la carte {card}.", "Mon numéro de dossier médical (MRN) est {mrn}."],
    "es": ["Por favor, actualicen mi número de teléfono a {phone}.", "Envíen las facturas a {email} a partir de ahora.",
           "Nuestro nuevo IBAN es {iban}.", "Mi fecha de nacimiento es {dob}, en la ficha aparece otra.",
           "La factura {invoice} con vencimiento {date} sigue pendiente.", "Me pueden llamar al {phone} por las mañanas.",
           "Me cobraron dos veces en la tarjeta {card}.", "Mi número de historia clínica (MRN) es {mrn}."],
    "it": ["Vi prego di aggiornare il mio numero di telefono: {phone}.", "Inviate le fatture a {email}.",
           "Il nuovo IBAN è {iban}.", "La mia data di nascita è {dob}, nel portale risulta sbagliata.",
           "La fattura {invoice} del {date} risulta ancora aperta."],
    "pt": ["Por favor atualizem o meu telefone para {phone}.", "Enviem as faturas para {email}.", "O novo IBAN é {iban}.",
           "A minha data de nascimento é {dob}.", "A fatura {invoice} com vencimento em {date} continua em aberto."],
    "nl": ["Kunt u mijn telefoonnummer wijzigen in {phone}?", "Stuur de facturen voortaan naar {email}.",
           "Ons nieuwe IBAN is {iban}.", "Mijn geboortedatum is {dob}, dat staat verkeerd in het systeem.",
           "Factuur {invoice} van {date} is dubbel afgeschreven."],
    "sv": ["Kan ni uppdatera mitt telefonnummer till {phone}?", "Skicka fakturorna till {email} i fortsättningen.",
           "Vårt nya IBAN är {iban}.", "Mitt födelsedatum är {dob}.",
           "Faktura {invoice} med förfallodag {date} är fortfarande obetald."],
    "pl": ["Proszę zaktualizować mój numer telefonu na {phone}.", "Faktury proszę wysyłać na adres {email}.",
           "Nasz nowy numer IBAN to {iban}.", "Moja data urodzenia to {dob}.",
           "Faktura {invoice} z terminem płatności {date} jest nadal nieopłacona."],
    "ja": ["電話番号を{phone}に変更してください。", "請求書は{email}宛に送ってください。", "生年月日は{dob}です。",
           "請求書{invoice}（支払期日{date}）が未払いのままです。"],
}


def filler(key, p: Person, lang):
    if key == "phone":
        return gen_phone(p.country)
    if key == "email":
        return gen_email(p)
    if key == "iban":
        return gen_iban(COUNTRY_IBAN.get(p.country) if chance(0.7) else None)
    if key == "dob":
        return gen_dob(lang)
    if key == "card":
        return gen_card()
    if key == "mrn":
        return gen_mrn()
    if key == "ip":
        return gen_ip()
    if key == "ssn":
        return gen_ssn()
    if key == "order":
        return hn_order()
    if key == "invoice":
        return hn_invoice()
    if key == "date":
        return hn_date_lang(lang)
    if key == "ticket":
        return hn_ticket()
    raise KeyError(key)


KEY_W = {"phone": 0.5, "email": 0.4, "iban": 3.0, "card": 3.0, "dob": 1.2, "mrn": 3.0, "ip": 0.6}


def phrase(d: Doc, p: Person, lang, ctx, avoid=()):
    cands = [t for t in PHRASES[lang] if not any("{%s}" % a in t for a in avoid)] or PHRASES[lang]
    ws = []
    for t in cands:
        w = 1.0
        for k in re.findall(r"\{(\w+)\}", t):
            w *= KEY_W.get(k, 1.0)
        ws.append(w)
    tpl = R.choices(cands, weights=ws)[0]
    kw = {k: filler(k, p, lang) for k in re.findall(r"\{(\w+)\}", tpl)}
    d.f(tpl, ctx=f"{ctx}_{lang}", **kw)


def phone_line(d, lang, kind, p, ctx, ext_ok=True):
    lab = pick(PHONE_LABELS[lang][kind])
    d.t(lab)
    d.v(gen_phone(p.country, intl=None if chance(0.5) else True), f"{ctx}_{kind}")
    if kind == "office" and ext_ok and chance(0.25):
        d.t(pick(EXT[lang]) + str(R.randint(2, 899)))


def signature(d, p: Person, lang, ctx="sig"):
    d.t(pick(CLOSING[lang]), "\n", p.full, "\n")
    if chance(0.8):
        d.t(pick(TITLES[lang]), " | " if chance(0.5) else "\n", p.company, "\n")
    kinds = pick([["office"], ["office"], ["mobile"], ["office", "mobile"], ["office", "fax"], ["office", "mobile", "fax"], []])
    oneline = chance(0.3) and len(kinds) > 1
    for i, k in enumerate(kinds):
        phone_line(d, lang, k, p, ctx, ext_ok=not oneline)
        d.t(pick([" | ", " · ", "  "]) if oneline and i < len(kinds) - 1 else "\n")
    if chance(0.2):
        d.t(pick(["E: ", "Email: ", "E-Mail: ", "Mail: ", ""]))
        d.v(gen_email(p), f"{ctx}_email")
        d.t("\n")
    d.t(pick([f"www.{p.domain}", f"https://{p.domain}", p.domain]))
    if lang == "de" and chance(0.5):
        d.t("\n", pick(["Amtsgericht Charlottenburg", "Amtsgericht München", "Amtsgericht Hamburg"]), " HRB ",
            Neg(nz(6) + pick(["", " B"]), "company_reg_number"), " · USt-IdNr. ", Neg("DE" + nz(9), "vat_id"))
    if chance(0.4):
        d.t("\n", DISCLAIMER[lang])


# =============================================================================
# text templates: each fills a Doc and returns (category, extra_tags)
# =============================================================================

HDR = {"en": ("From", "Sent", "To", "Cc", "Subject", "-----Original Message-----"),
       "de": ("Von", "Gesendet", "An", "Cc", "Betreff", "-----Ursprüngliche Nachricht-----"),
       "fr": ("De", "Envoyé", "À", "Cc", "Objet", "-----Message d'origine-----"),
       "es": ("De", "Enviado el", "Para", "CC", "Asunto", "-----Mensaje original-----"),
       "it": ("Da", "Inviato", "A", "Cc", "Oggetto", "-----Messaggio originale-----"),
       "pt": ("De", "Enviada em", "Para", "Cc", "Assunto", "-----Mensagem original-----"),
       "nl": ("Van", "Verzonden", "Aan", "CC", "Onderwerp", "-----Oorspronkelijk bericht-----"),
       "sv": ("Från", "Skickat", "Till", "Kopia", "Ämne", "-----Ursprungligt meddelande-----"),
       "pl": ("Od", "Wysłano", "Do", "DW", "Temat", "-----Wiadomość oryginalna-----"),
       "ja": ("差出人", "送信日時", "宛先", "CC", "件名", "-----Original Message-----")}
WEEKDAYS = {"en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
            "de": ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"]}
SUBJ = {"en": ["Update bank details", "Wrong date of birth on file", "Duplicate charge", "Callback request",
               "Portal access", "Change of contact details"],
        "de": ["Änderung Bankverbindung", "Falsches Geburtsdatum", "Doppelte Abbuchung", "Rückrufbitte"],
        "fr": ["Changement de coordonnées", "Double prélèvement", "Accès au portail"],
        "es": ["Cambio de datos bancarios", "Cargo duplicado", "Acceso al portal"],
        "it": ["Aggiornamento dati", "Addebito doppio"], "pt": ["Atualização de dados", "Cobrança duplicada"],
        "nl": ["Wijziging gegevens", "Dubbele afschrijving"], "sv": ["Ändrade uppgifter", "Dubbeldebitering"],
        "pl": ["Zmiana danych", "Podwójne obciążenie"], "ja": ["登録情報の変更", "二重請求について"]}
RE_PREFIX = {"en": ["RE: ", "FW: ", "Fwd: "], "de": ["AW: ", "WG: "], "fr": ["RE : ", "TR : "], "es": ["RE: ", "RV: "],
             "it": ["R: ", "I: "], "pt": ["RE: ", "ENC: "], "nl": ["RE: ", "Doorst: "], "sv": ["SV: ", "VB: "],
             "pl": ["Odp: ", "PD: "], "ja": ["RE: ", "FW: "]}


def sent_date(lang):
    T = rand_ts()
    if lang == "en":
        s = f"{WEEKDAYS['en'][T.weekday()]}, {MONTHS['en'][T.month - 1]} {T.day}, {T.year} {T.strftime('%I:%M %p').lstrip('0')}"
    elif lang == "de":
        s = f"{WEEKDAYS['de'][T.weekday()]}, {T.day}. {MONTHS['de'][T.month - 1]} {T.year} {T:%H:%M}"
    elif lang == "ja":
        s = f"{T.year}年{T.month}月{T.day}日 {T:%H:%M}"
    elif lang in MONTHS:
        s = f"{T.day} {MONTHS[lang][T.month - 1]} {T.year} {T:%H:%M}"
    else:
        s = T.strftime("%d/%m/%Y %H:%M")
    return Neg(s, "email_sent_date")


def header_block(d, lang, frm: Person, to: Person, ctx, gmail=False):
    H = HDR[lang]
    if gmail:
        d.t("---------- Forwarded message ---------\nFrom: ", frm.full, " <")
        d.v(gen_email(frm), f"{ctx}_from")
        d.t(">\nDate: ", Neg(rand_ts().strftime("%a, %b %-d, %Y at %-I:%M %p"), "email_sent_date"), "\nSubject: ",
            pick(SUBJ["en"]), "\nTo: <")
        d.v(gen_email(to), f"{ctx}_to")
        d.t(">\n")
        return
    style = pick(["angle", "mailto", "bare", "lastfirst"])
    d.t(H[0], ": ")
    if style == "angle":
        d.t(frm.full, " <")
        d.v(gen_email(frm), f"{ctx}_from_angle")
        d.t(">")
    elif style == "mailto":
        d.t(frm.full, " [mailto:")
        d.v(gen_email(frm), f"{ctx}_from_mailto")
        d.t("]")
    elif style == "bare":
        d.v(gen_email(frm), f"{ctx}_from_bare")
    else:
        d.t('"', frm.last, ", ", frm.first, '" <')
        d.v(gen_email(frm), f"{ctx}_from_angle")
        d.t(">")
    d.t("\n", H[1], ": ", sent_date(lang), "\n", H[2], ": ")
    if chance(0.5):
        d.t(to.full)  # Outlook often shows the display name only
    else:
        d.t(to.full, " <")
        d.v(gen_email(to), f"{ctx}_to")
        d.t(">")
    if chance(0.2):
        other = Person(lang)
        d.t("; ", other.full, " <")
        d.v(gen_email(other), f"{ctx}_to")
        d.t(">")
    d.t("\n")
    if chance(0.2):
        d.t(H[3], ": ")
        d.v(gen_email(Person(lang)), f"{ctx}_cc")
        d.t("\n")
    d.t(H[4], ": ", pick(RE_PREFIX[lang]), pick(SUBJ[lang]), " [", hn_ticket(), "]\n")


GREETING = {"en": ["Hi team,", "Hello,", "Dear Support,"], "de": ["Hallo,", "Guten Tag,", "Sehr geehrte Damen und Herren,"],
            "fr": ["Bonjour,", "Madame, Monsieur,"], "es": ["Hola,", "Buenos días,"], "it": ["Buongiorno,", "Salve,"],
            "pt": ["Olá,", "Bom dia,"], "nl": ["Beste,", "Goedemiddag,"], "sv": ["Hej,"], "pl": ["Dzień dobry,"],
            "ja": ["お世話になっております。"]}


def t_email_chain(d: Doc):
    lang = wpick([("en", 6), ("de", 3), ("fr", 2), ("es", 2), ("it", 1), ("pt", 1), ("nl", 1), ("sv", 1), ("pl", 1), ("ja", 1)])
    a, b = Person(lang), Person(lang if chance(0.7) else "en")
    d.t(pick(GREETING[lang]), "\n\n")
    for _ in range(R.randint(1, 2)):
        phrase(d, a, lang, "body")
        d.t(" ")
    d.t("\n\n")
    signature(d, a, lang)
    if chance(0.3):
        d.t("\n[cid:image00", str(R.randint(1, 4)), ".png@", Neg(f"01D{R.choice('ABCDE')}{''.join(R.choice('0123456789ABCDEF') for _ in range(5))}.{''.join(R.choice('0123456789ABCDEF') for _ in range(8))}", "outlook_cid"), "]")
    levels = 1 if chance(0.75) else 2
    prev = a
    for lv in range(levels):
        frm = b if lv == 0 else Person(lang)
        gmail = chance(0.2)
        d.t("\n\n")
        if not gmail:
            d.t(pick([HDR[lang][5], "________________________________"]), "\n")
        header_block(d, lang, frm, prev, "hdr", gmail=gmail)
        d.t("\n")
        for _ in range(R.randint(1, 2)):
            phrase(d, frm, lang, "body")
            d.t(" ")
        d.t("\n\n")
        signature(d, frm, lang)
        prev = frm
    return "email_chain", [f"lang_{lang}"]


def t_system_message(d: Doc):
    p = Person()
    k = pick(["webform", "security", "payment", "merge", "voicemail", "mfa", "sla"])
    if k == "webform":
        d.t("*** This is an automated message – please do not reply ***\n\nA new request ", hn_ticket(),
            " was created via the web form on ", hn_ts("rfc2822"), ".\nRequester: ", p.full, " <")
        d.v(gen_email(p), "sys_requester")
        d.t(">\nCallback number: ")
        d.v(gen_phone(p.country), "sys_callback")
        d.t("\nSubmitted from: ")
        d.v(gen_ip(0.35), "sys_submitted_from")
        d.t(" (", pick(["DE", "US", "GB", "FR", "ES", "NL"]), ")\nUser agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 Version/",
            hn_version(), " Safari/605.1.15\nSLA first response due: ", hn_ts("space"), "\nForm ID: ", hn_uuid())
    elif k == "security":
        d.t("Security notice (auto-generated)\n\nNew sign-in to the account ")
        d.v(gen_email(p), "sys_security")
        d.t(" from IP ")
        d.v(gen_ip(0.5), "sys_security")
        d.t(" at ", hn_ts("iso_z"), ".\nDevice: ", pick(["Chrome", "Firefox", "Edge"]), " on ", pick(["Windows", "macOS", "Android"]),
            "\nSession: ", hn_hash("sha1"), "\nIf this wasn't you, reset your password immediately. Previous sign-in: ")
        d.v(gen_ip(0.3), "sys_security_prev")
        d.t(" on ", hn_ts("us"), ".")
    elif k == "payment":
        d.t("[Billing bot] Automatic payment for invoice ", hn_invoice(), " failed.\nPayment method: ", hn_masked_card(),
            " (expired ", Neg(f"{R.randint(1, 12):02d}/{R.randint(23, 25)}", "card_expiry"), ")\nAmount: ", hn_amount(),
            "\nCustomer: ", p.full, " / ")
        d.v(gen_email(p), "sys_billing")
        d.t("\nNext retry: ", hn_date(), "\nGateway reference: ", Neg(f"ch_{''.join(R.choice(string.ascii_letters + string.digits) for _ in range(24))}", "payment_reference"))
        if chance(0.5):
            d.t("\nDebug (legacy integration, should not be logged): pan=")
            d.v(gen_card(style="compact"), "sys_debug")
            d.t(" exp=", Neg(f"{R.randint(1, 12):02d}{R.randint(26, 30)}", "card_expiry"))
    elif k == "merge":
        q = Person(p.lang)
        d.t("System: duplicate contacts merged by rule ", Neg(f"DEDUP-{nz(3)}", "rule_id"), " on ", hn_ts("space"),
            ".\nKept:    ", p.full, " <")
        d.v(gen_email(p), "sys_merge")
        d.t(">, phone ")
        d.v(gen_phone(p.country), "sys_merge")
        d.t("\nRemoved: ", q.full, " <")
        d.v(gen_email(q), "sys_merge")
        d.t(">, phone ")
        d.v(gen_phone(q.country), "sys_merge")
        d.t("\nRecords affected: ", Neg(str(R.randint(2, 40)), "count"))
    elif k == "voicemail":
        d.t("New voicemail from ")
        d.v(gen_phone(p.country, intl=True), "sys_voicemail_from")
        d.t(" (duration 0:", f"{R.randint(10, 59)}", ", received ", hn_ts("space"), ")\nTranscription (auto): \"Hi, this is ",
            p.full, ", ")
        if chance(0.6):
            d.t("date of birth ")
            d.v(gen_dob("en", pick(["written_en_mdy", "numeric_mdy_slash", "written_en_dmy"])), "sys_voicemail_transcript")
            d.t(", ")
        d.t("please call me back on ")
        d.v(gen_phone(p.country), "sys_voicemail_transcript")
        d.t(" about my claim ", hn_member(), ". Thanks.\"\nConfidence: 0.", digits(2))
    elif k == "mfa":
        d.t("Auth service: verification code sent by SMS to ")
        d.v(gen_phone(p.country, intl=True), "sys_mfa")
        d.t(" for user ")
        d.v(gen_email(p), "sys_mfa")
        d.t(". Code: ", hn_otp(), " (expires in 10 min). Request id ", hn_uuid(), ", origin ")
        d.v(gen_ip(0.4), "sys_mfa")
        d.t(".")
    else:
        d.t("SLA warning: ticket ", hn_ticket(), " breaches first-response SLA at ", hn_ts("iso_z"),
            ".\nAssignee: ")
        d.v(gen_email(p, style="first.last"), "sys_sla")
        d.t("\nCustomer callback: ")
        d.v(gen_phone(p.country), "sys_sla")
        d.t("\nPriority: P", str(R.randint(1, 4)), "  Escalation policy: ", hn_uuid())
    return "system_message", []


def t_log_syslog(d: Doc):
    host = pick(["bastion-01", "web-03", "mx1", "db-primary", "fw-edge-2", "vpn-gw"])
    lines = R.randint(3, 6)
    for _ in range(lines):
        d.t(hn_ts("syslog"), " ", host, " ")
        k = pick(["sshd_ok", "sshd_fail", "postfix", "dhcp", "ufw", "sudo", "ntpd", "rfc5424", "openvpn"])
        if k == "sshd_ok":
            d.t("sshd[", str(R.randint(1000, 65000)), "]: Accepted publickey for ", pick(["deploy", "root", "ubuntu", "ansible"]), " from ")
            d.v(gen_ip(0.3), "log_syslog")
            d.t(" port ", hn_port(), " ssh2: ED25519 SHA256:", Neg("".join(R.choice(string.ascii_letters + string.digits + "+/") for _ in range(43)), "ssh_fingerprint"))
        elif k == "sshd_fail":
            d.t("sshd[", str(R.randint(1000, 65000)), "]: Failed password for invalid user ", pick(["admin", "test", "oracle"]), " from ")
            d.v(gen_ip(0.4), "log_syslog")
            d.t(" port ", hn_port(), " ssh2")
        elif k == "postfix":
            p = Person()
            d.t("postfix/smtp[", str(R.randint(1000, 65000)), "]: ", Neg("".join(R.choice("0123456789ABCDEF") for _ in range(10)), "queue_id"), ": to=<")
            d.v(gen_email(p), "log_syslog_postfix")
            d.t(">, relay=mx.", p.domain, "[")
            d.v(gen_ipv4("public"), "log_syslog_bracket_port")
            d.t("]:25, delay=", f"{R.randint(0, 9)}.{R.randint(1, 9)}", ", status=sent (250 2.0.0 OK)")
        elif k == "dhcp":
            d.t("dhcpd[", str(R.randint(500, 2000)), "]: DHCPACK on ")
            d.v(gen_ipv4("private"), "log_syslog_dhcp")
            d.t(" to ", hn_mac(), " (", pick(["MBP-ana", "LAPTOP-7F3K", "iPhone", "printer-2f"]), ") via eth1")
        elif k == "ufw":
            d.t("kernel: [", f"{R.randint(1000, 99999)}.{digits(6)}", "] [UFW BLOCK] IN=eth0 OUT= MAC=",
                Neg(":".join(f"{R.getrandbits(8):02x}" for _ in range(14)), "mac_address"), " SRC=")
            d.v(gen_ipv4(pick(["public", "doc"])), "log_syslog_ufw")
            d.t(" DST=")
            d.v(gen_ipv4("private"), "log_syslog_ufw")
            d.t(" LEN=60 TTL=", str(R.randint(40, 120)), " PROTO=TCP SPT=", hn_port(), " DPT=22")
        elif k == "sudo":
            d.t("sudo:   ", pick(["jsmith", "akoehler", "ops"]), " : TTY=pts/", str(R.randint(0, 5)), " ; PWD=/home/ops ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx")
        elif k == "ntpd":
            d.t("ntpd[", str(R.randint(500, 2000)), "]: Listen normally on ", str(R.randint(3, 9)), " eth0 ")
            d.v(gen_ipv6("zone"), "log_syslog")
            d.t(" UDP 123")
        elif k == "openvpn":
            p = Person()
            d.t("openvpn[", str(R.randint(500, 9000)), "]: ")
            d.v(gen_email(p, style="first.last"), "log_syslog_openvpn")
            d.t("/")
            d.v(gen_ipv4("public"), "log_syslog_with_port")
            d.t(":", hn_port(), " MULTI_sva: pool returned IPv4=")
            d.v(gen_ipv4("private"), "log_syslog_openvpn")
        else:
            d.t("1 ", hn_ts("iso_ms"), " ", host, ".example.net su - ID", str(R.randint(10, 99)), " - 'su root' failed for ",
                pick(["lonvick", "ops"]), " on /dev/pts/", str(R.randint(0, 9)))
        d.t("\n")
    return "log_syslog", []


def t_log_json(d: Doc):
    svc = pick(["auth", "billing", "crm-sync", "gateway", "notifications"])
    for _ in range(R.randint(2, 4)):
        p = Person()
        d.t('{"ts":"', hn_ts("iso_ms"), '","level":"', pick(["info", "warn", "error"]), '","service":"', svc, '",')
        k = pick(["login", "payment", "profile", "forward", "webhook"])
        if k == "login":
            d.t('"msg":"login failed","user":"')
            d.v(gen_email(p), "log_json")
            d.t('","remote_addr":"')
            d.v(gen_ip(0.4), "log_json")
            d.t('","attempt":', str(R.randint(1, 5)))
        elif k == "payment":
            d.t('"msg":"charge declined","customer_email":"')
            d.v(gen_email(p), "log_json")
            d.t('","card_last4":"', Neg(digits(4), "card_last4"), '","amount":', str(R.randint(5, 999)))
            if chance(0.4):
                d.t(',"iban":"')
                d.v(gen_iban(style="compact"), "log_json")
                d.t('"')
        elif k == "profile":
            d.t('"msg":"profile updated","fields":{"phone":"')
            d.v(gen_phone(p.country, intl=True), "log_json")
            d.t('","dob":"')
            d.v(gen_dob("en", "iso"), "log_json_key_dob")
            d.t('"}')
        elif k == "forward":
            d.t('"msg":"upstream timeout","x_forwarded_for":"')
            d.v(gen_ipv4("public"), "log_json_xff")
            d.t(", ")
            d.v(gen_ipv4("private"), "log_json_xff")
            d.t('","upstream":"')
            d.v(gen_ipv4("private"), "log_json_with_port")
            d.t(":", hn_port(), '"')
        else:
            d.t('"msg":"webhook delivered","endpoint":"https://hooks.', p.domain, '/in","contact":{"email":"')
            d.v(gen_email(p), "log_json")
            d.t('","mobile":"')
            d.v(gen_phone(p.country, style="e164"), "log_json")
            d.t('"}')
        d.t(',"request_id":"', hn_uuid(), '","trace_id":"', hn_hash("md5"), '"}\n')
    return "log_json", []


UA = ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{c} Safari/537.36',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148',
      'curl/8.5.0', 'python-requests/2.31.0']


def t_log_access(d: Doc):
    for _ in range(R.randint(2, 4)):
        p = Person()
        k = pick(["nginx", "nginx", "apache_err", "haproxy"])
        if k == "nginx":
            d.v(gen_ip(0.3), "log_access_client")
            d.t(" - - [", hn_ts("apache"), '] "', pick(["GET", "POST", "PUT"]), " ")
            r = pick(["order", "unsub", "static", "reset"])
            if r == "order":
                d.t("/api/v2/orders/", Neg(nz(7), "order_number"), "?expand=items")
            elif r == "unsub":
                d.t("/newsletter/unsubscribe?email=")
                d.v(gen_email(p), "log_access_query")
                d.t("&t=", hn_short_sha())
            elif r == "reset":
                d.t("/account/reset?user=")
                d.v(gen_email(p), "log_access_query")
            else:
                d.t("/static/app.", hn_short_sha(), ".js")
            d.t(' HTTP/1.1" ', pick(["200", "302", "404", "500"]), " ", str(R.randint(200, 90000)), ' "https://', p.domain, '/" "')
            d.f(pick(UA), c=Neg(f"{R.randint(110, 125)}.0.{R.randint(5000, 6400)}.{R.randint(10, 200)}", "ua_version"))
            d.t('"')
            if chance(0.3):
                d.t(' "')
                d.v(gen_ipv4("public"), "log_access_xff")
                d.t('"')
        elif k == "apache_err":
            d.t("[", Neg(hn_ts("rfc2822").text.replace(",", ""), "timestamp"), "] [php:error] [pid ", str(R.randint(1000, 60000)), "] [client ")
            d.v(gen_ipv4(), "log_access_with_port")
            d.t(":", hn_port(), "] PHP Warning:  mail(): Failed to send to ")
            d.v(gen_email(p), "log_access_error")
            d.t(" in /var/www/html/contact.php on line ", str(R.randint(10, 300)))
        else:
            d.t(hn_ts("syslog"), " lb1 haproxy[", str(R.randint(100, 9999)), "]: ")
            v6 = chance(0.5)
            if v6:
                d.t("[")
                d.v(gen_ipv6("compressed"), "log_access_bracket_port")
                d.t("]")
            else:
                d.v(gen_ipv4("public"), "log_access_with_port")
            d.t(":", hn_port(), " [", Neg(hn_ts("apache").text[:-6], "timestamp"), "] https~ be_app/app", str(R.randint(1, 4)), " 0/0/1/", str(R.randint(5, 99)),
                " 200 ", str(R.randint(200, 9000)), " - - ---- 1/1/0/0/0 0/0 \"GET /health HTTP/1.1\"")
        d.t("\n")
    return "log_access", []


def t_stack_trace(d: Doc):
    p = Person()
    k = pick(["java", "python", "dotnet", "node"])
    if k == "java":
        d.t(hn_ts("space"), ".", digits(3), " ERROR 1 --- [nio-8080-exec-", str(R.randint(1, 9)), "] c.a.b.PaymentController : Charge failed\n",
            "com.acme.billing.CardDeclinedException: Issuer declined card ")
        d.v(gen_card(), "stacktrace_msg")
        d.t(" for customer ")
        d.v(gen_email(p), "stacktrace_msg")
        d.t(" (order ", hn_order(), ")\n\tat com.acme.billing.StripeGateway.charge(StripeGateway.java:", str(R.randint(50, 400)),
            ")\n\tat com.acme.billing.PaymentService.process(PaymentService.java:", str(R.randint(50, 400)),
            ")\n\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)\nCaused by: java.net.ConnectException: Connection refused: /")
        d.v(gen_ipv4("private"), "stacktrace_with_port")
        d.t(":", hn_port(), "\n\t... ", str(R.randint(5, 40)), " common frames omitted")
    elif k == "python":
        d.t("Traceback (most recent call last):\n  File \"/srv/app/crm/sync.py\", line ", str(R.randint(20, 400)),
            ", in push_contact\n    resp = client.upsert(email=contact.email, phone=contact.phone)\n  File \"/usr/lib/python3.11/site-packages/crm/client.py\", line ",
            str(R.randint(20, 400)), ", in upsert\n    raise ValidationError(payload)\ncrm.errors.ValidationError: {'email': '")
        d.v(gen_email(p), "stacktrace_repr")
        d.t("', 'phone': '")
        d.v(gen_phone(p.country, intl=True), "stacktrace_repr")
        d.t("', 'birthdate': '")
        d.v(gen_dob("en", "iso"), "stacktrace_repr_key_birthdate")
        d.t("', 'error': 'duplicate contact ", hn_uuid(), "'}")
    elif k == "dotnet":
        d.t("System.Data.SqlClient.SqlException (0x80131904): Violation of UNIQUE KEY constraint 'UQ_Customer_Email'. Cannot insert duplicate key in object 'dbo.Customer'. The duplicate key value is (")
        d.v(gen_email(p), "stacktrace_dotnet")
        d.t(").\n   at System.Data.SqlClient.SqlConnection.OnError(SqlException exception, Boolean breakConnection)\n   at Acme.Crm.Repositories.CustomerRepository.Insert(Customer c) in C:\\build\\src\\CustomerRepository.cs:line ",
            str(R.randint(20, 300)), "\nClientConnectionId:", hn_uuid(), "\nError Number:2627,State:1,Class:14\nServer: ")
        d.v(gen_ipv4("private"), "stacktrace_dotnet")
        d.t(",1433")
    else:
        d.t("Error: connect ETIMEDOUT ")
        d.v(gen_ipv4("public"), "stacktrace_with_port")
        d.t(":443\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1555:16) {\n  errno: -110,\n  code: 'ETIMEDOUT',\n  syscall: 'connect',\n  address: '")
        d.v(gen_ip(0.4), "stacktrace_node")
        d.t("',\n  port: 443,\n  config: { headers: { 'X-User': '")
        d.v(gen_email(p), "stacktrace_node")
        d.t("' } }\n}\nNode.js ", hn_version())
    return "stack_trace", []


def t_config_paste(d: Doc):
    k = pick(["yaml", "env", "ini", "aws_credentials", "compose"])
    p = Person()
    d.t(pick(["Here is our config (secrets should be rotated already):\n\n", "Customer pasted the following file:\n\n",
              "config attached inline:\n```\n", ""]))
    if k == "yaml":
        d.t("# config/production.yml\ndatabase:\n  host: ")
        d.v(gen_ipv4("private"), "config_yaml")
        d.t("\n  port: ", hn_port(), "\n  user: app_rw\n  password: \"", hn_masked_other(), "\"\nsmtp:\n  host: smtp.", p.domain, "\n  username: ")
        d.v(gen_email(p, style="role"), "config_yaml")
        d.t("\naws:\n  access_key_id: ")
        d.v(gen_aws(), "config_yaml")
        d.t("\n  secret_access_key: ", hn_aws_secret(), "\n  region: eu-central-1\n")
        if chance(0.5):
            d.t("github:\n  token: ")
            d.v(gen_gh(), "config_yaml")
            d.t("\n")
        if chance(0.8):
            d.t("tls:\n  key: |\n    ")
            d.v(gen_pkey(style="indented", indent="    "), "config_yaml")
            d.t("\n")
        d.t("allowed_ips:\n  - ")
        d.v(gen_ipv4("doc"), "config_yaml_cidr")
        d.t("/24\n  - ")
        d.v(gen_ipv6("compressed"), "config_yaml_cidr")
        d.t("/64\nimage: registry.", p.domain, "/api:", hn_version(), "\n")
    elif k == "env":
        d.t("APP_ENV=production\nAPP_URL=https://portal.", p.domain, "\nDB_HOST=")
        d.v(gen_ipv4("private"), "config_env")
        d.t("\nDB_PORT=", hn_port(), "\nMAIL_FROM_ADDRESS=")
        d.v(gen_email(p, style="role"), "config_env")
        d.t("\nAWS_ACCESS_KEY_ID=")
        d.v(gen_aws(), "config_env")
        d.t("\nAWS_SECRET_ACCESS_KEY=", hn_aws_secret(), "\nGITHUB_TOKEN=")
        d.v(gen_gh(), "config_env")
        if chance(0.8):
            d.t("\nJWT_PRIVATE_KEY=\"")
            d.v(gen_pkey(pick(["pkcs8", "rsa", "ec"]), style="escaped"), "config_env")
            d.t("\\n\"")
        d.t("\nSESSION_SECRET=", hn_hash("sha256"), "\nRELEASE=", hn_build(), "\n")
    elif k == "ini":
        d.t("; legacy.ini\n[database]\nserver = ")
        d.v(gen_ipv4("private"), "config_ini")
        d.t("\nport = ", hn_port(), "\n\n[mail]\nadmin_email = ")
        d.v(gen_email(p), "config_ini")
        d.t("\nrelay = ")
        d.v(gen_ipv6(pick(["compressed", "full"])), "config_ini")
        d.t("\n\n[support]\nhotline = ")
        d.v(gen_phone(p.country, intl=True), "config_ini")
        d.t("\nfax = ")
        d.v(gen_phone(p.country, intl=True), "config_ini")
        d.t("\n\n[license]\nkey = ", hn_uuid(), "\nversion = ", hn_version(), "\n")
    elif k == "aws_credentials":
        d.t("~/.aws/credentials\n\n[default]\naws_access_key_id = ")
        d.v(gen_aws("AKIA"), "config_aws_credentials")
        d.t("\naws_secret_access_key = ", hn_aws_secret(), "\n\n[prod-session]\naws_access_key_id = ")
        d.v(gen_aws("ASIA"), "config_aws_credentials")
        d.t("\naws_secret_access_key = ", hn_aws_secret(), "\naws_session_token = ",
            Neg(clean_str(lambda: "IQoJb3JpZ2luX2Vj" + "".join(R.choice(string.ascii_letters + string.digits + "+/") for _ in range(180))), "aws_session_token"),
            "\nregion = us-east-1\n")
        if chance(0.5):
            d.t("\n~/.ssh/id_ed25519 (yes, really):\n")
            d.v(gen_pkey("openssh", style=pick(["plain", "crlf"])), "config_ssh")
            d.t("\n")
    else:
        d.t("services:\n  api:\n    image: ghcr.io/acme/api:", hn_version(), "\n    environment:\n      - SMTP_USER=")
        d.v(gen_email(p), "config_compose")
        d.t("\n      - GH_TOKEN=")
        d.v(gen_gh(), "config_compose")
        d.t("\n      - REDIS_HOST=")
        d.v(gen_ipv4("private"), "config_compose")
        d.t("\n    extra_hosts:\n      - \"db.internal:")
        d.v(gen_ipv4("private"), "config_compose")
        d.t("\"\n      - \"db6.internal:")
        d.v(gen_ipv6("compressed"), "config_compose")
        d.t("\"\n    build:\n      args:\n        GIT_SHA: ", hn_hash("git_sha"), "\n")
    if d.text().count("```") == 1:
        d.t("```\n")
    return "config_paste", []


def _box(d, headers, rows, style):
    """rows: lists of str | Val | Neg; ctx is attached by the caller through Val.fmt."""
    w = [len(h) for h in headers]
    for r in rows:
        for i, c in enumerate(r):
            w[i] = max(w[i], len(c.text if isinstance(c, (Val, Neg)) else c))
    if style == "mysql":
        sep = "+" + "+".join("-" * (x + 2) for x in w) + "+\n"
        d.t(sep, "| " + " | ".join(h.ljust(w[i]) for i, h in enumerate(headers)) + " |\n", sep)
        for r in rows:
            d.t("| ")
            for i, c in enumerate(r):
                txt = c.text if isinstance(c, (Val, Neg)) else c
                d.t(c)
                d.t(" " * (w[i] - len(txt)), " | " if i < len(r) - 1 else " |\n")
        d.t(sep)
    else:
        d.t(" " + " | ".join(h.center(w[i]) for i, h in enumerate(headers)) + "\n")
        d.t("-" + "-+-".join("-" * x for x in w) + "-\n")
        for r in rows:
            d.t(" ")
            for i, c in enumerate(r):
                txt = c.text if isinstance(c, (Val, Neg)) else c
                d.t(c)
                d.t(" " * (w[i] - len(txt)), " | " if i < len(r) - 1 else "\n")


def t_sql_result(d: Doc):
    style = pick(["mysql", "mysql", "psql"])
    k = pick(["customers", "patients", "payments", "logins", "employees", "cards_legacy"])
    n = R.randint(1, 4)
    people = [Person() for _ in range(n)]
    ctx = "sql_" + style
    def V(val, c=""):
        return Val(val.text, val.entity, val.fmt + "." + ctx + c)
    if k == "customers":
        headers = ["id", "full_name", "email", "phone", "created_at"]
        rows = [[Neg(nz(5), "row_id"), p.full, V(gen_email(p)), V(gen_phone(p.country, intl=chance(0.6))), hn_ts("space")] for p in people]
        q = "SELECT id, full_name, email, phone, created_at FROM customers WHERE email LIKE '%" + people[0].domain + "';"
    elif k == "patients":
        col = pick(["date_of_birth", "dob", "birth_date", "fecha_nac"])
        idcol = pick(["mrn", "medical_record_no", "mrn"])
        headers = ["patient_id", idcol, "last_name", col, "nhs_number" if chance(0.4) else "phone"]
        rows = []
        for p in people:
            last = V(gen_nhs(pick(["spaces", "compact"]))) if headers[4] == "nhs_number" else V(gen_phone(p.country))
            rows.append([Neg(nz(6), "row_id"), V(gen_mrn(), "_col"), p.last, V(gen_dob("en", pick(["iso", "iso", "numeric_mdy_slash"])), "_col"), last])
        q = f"SELECT patient_id, {idcol}, last_name, {col}, {headers[4]} FROM patients WHERE last_name = '{people[0].last}';"
    elif k == "payments":
        headers = ["payment_id", "payer_email", "iban", "amount", "booked_on"]
        rows = [[Neg(nz(7), "row_id"), V(gen_email(p)), V(gen_iban(style="compact")) if chance(0.8) else hn_iban_bad(style="compact"), hn_amount(), hn_date(fmt="iso")] for p in people]
        q = "SELECT payment_id, payer_email, iban, amount, booked_on FROM sepa_payments WHERE status = 'RETURNED';"
    elif k == "employees":
        headers = ["emp_no", "name", "ssn", "birth_date", "hire_date"]
        rows = [[Neg(nz(5), "row_id"), p.full, V(gen_ssn(pick(["dashes", "compact"]))) if chance(0.85) else hn_ssn_invalid(),
                 V(gen_dob("en", "iso"), "_col"), Neg(fmt_date(rand_ts(R.randint(2008, 2024)).date(), "iso"), "date_no_birth_context")] for p in people]
        q = "SELECT emp_no, name, ssn, birth_date, hire_date FROM hr.employees WHERE dept_id = " + str(R.randint(2, 40)) + ";"
    elif k == "cards_legacy":
        headers = ["txn_id", "card_number", "exp", "amount", "created"]
        rows = [[Neg(nz(8), "row_id"), V(gen_card(style="compact")) if chance(0.8) else hn_luhn16(), Neg(f"{R.randint(1, 12):02d}/{R.randint(26, 30)}", "card_expiry"),
                 hn_amount(), hn_ts("space")] for p in people]
        q = "SELECT txn_id, card_number, exp, amount, created FROM legacy_payments WHERE created > '2024-01-01';"
    else:
        headers = ["user_id", "username", "last_login_ip", "last_login_at", "mfa_phone"]
        rows = [[Neg(nz(5), "row_id"), V(gen_email(p)), V(gen_ip(0.35)), hn_ts("space"), V(gen_phone(p.country, style="e164"))] for p in people]
        q = "SELECT user_id, username, last_login_ip, last_login_at, mfa_phone FROM users ORDER BY last_login_at DESC LIMIT " + str(n) + ";"
    d.t("mysql> " if style == "mysql" else "app=> ", q, "\n")
    _box(d, headers, rows, style)
    d.t(f"{n} row{'s' if n > 1 else ''} in set (0.0{R.randint(0, 9)} sec)\n" if style == "mysql" else f"({n} row{'s' if n > 1 else ''})\n")
    return "sql_result", [style]


FORM_FIELDS = {
    "en": {"name": "Full name", "email": "Email", "phone": "Phone", "dob": "Date of birth", "msg": "Message", "submitted": "Submitted",
           "ip": "IP address", "policy": "Policy number"},
    "de": {"name": "Name", "email": "E-Mail", "phone": "Telefon", "dob": "Geburtsdatum", "msg": "Nachricht", "submitted": "Gesendet am",
           "ip": "IP-Adresse", "policy": "Versicherungsnummer"},
    "es": {"name": "Nombre", "email": "Correo electrónico", "phone": "Teléfono", "dob": "Fecha de nacimiento", "msg": "Mensaje",
           "submitted": "Enviado", "ip": "Dirección IP", "policy": "Número de póliza"},
    "fr": {"name": "Nom", "email": "Courriel", "phone": "Téléphone", "dob": "Date de naissance", "msg": "Message", "submitted": "Envoyé le",
           "ip": "Adresse IP", "policy": "N° de contrat"},
    "pt": {"name": "Nome", "email": "E-mail", "phone": "Telefone", "dob": "Data de nascimento", "msg": "Mensagem", "submitted": "Enviado em",
           "ip": "Endereço IP", "policy": "Apólice"},
    "it": {"name": "Nome e cognome", "email": "Email", "phone": "Telefono", "dob": "Data di nascita", "msg": "Messaggio",
           "submitted": "Inviato il", "ip": "Indirizzo IP", "policy": "Numero polizza"},
    "nl": {"name": "Naam", "email": "E-mailadres", "phone": "Telefoonnummer", "dob": "Geboortedatum", "msg": "Bericht",
           "submitted": "Verzonden op", "ip": "IP-adres", "policy": "Polisnummer"},
    "sv": {"name": "Namn", "email": "E-post", "phone": "Telefon", "dob": "Födelsedatum", "msg": "Meddelande", "submitted": "Skickat",
           "ip": "IP-adress", "policy": "Försäkringsnummer"},
    "pl": {"name": "Imię i nazwisko", "email": "E-mail", "phone": "Telefon", "dob": "Data urodzenia", "msg": "Wiadomość",
           "submitted": "Wysłano", "ip": "Adres IP", "policy": "Numer polisy"},
}


def t_web_form(d: Doc):
    lang = wpick([("en", 5), ("de", 2), ("es", 2), ("fr", 2), ("pt", 1), ("it", 1), ("nl", 1), ("sv", 1), ("pl", 1)])
    F = FORM_FIELDS[lang]
    p = Person(lang)
    layout = pick(["colon", "markdown", "stacked", "table"])
    title = {"en": "New submission from Contact form", "de": "Formular-Eingang: Kontaktformular", "es": "Nuevo envío: formulario de contacto",
             "fr": "Nouveau message : formulaire de contact", "pt": "Nova submissão: formulário de contacto", "it": "Nuovo invio dal modulo di contatto",
             "nl": "Nieuw bericht via contactformulier", "sv": "Nytt meddelande från kontaktformuläret", "pl": "Nowe zgłoszenie z formularza kontaktowego"}[lang]
    d.t(title if chance(0.8) else "Web form #" + str(R.randint(1, 30)), "\n\n")
    fields = [("name", p.full), ("email", gen_email(p)), ("phone", gen_phone(p.country))]
    if chance(0.75):
        fields.append(("dob", gen_dob(lang)))
    if chance(0.5):
        fields.append(("policy", hn_member()))
    if chance(0.25):
        fields.append(("IBAN", gen_iban(COUNTRY_IBAN.get(p.country))))
    if chance(0.5):
        fields.append(("Card number", gen_card()))
    if lang == "en" and p.country == "us" and chance(0.4):
        fields.append(("SSN", gen_ssn()))
    if lang == "en" and p.country == "uk" and chance(0.5):
        fields.append(("NHS number", gen_nhs()))
    if chance(0.3):
        fields.append(("Patient MRN" if lang == "en" else "MRN", gen_mrn()))
    fields.append(("msg", ["Please call me back regarding my last invoice ", hn_invoice()] if lang == "en" else ["—"]))
    fields.append(("submitted", hn_ts(pick(["us", "eu", "iso_z"]))))
    fields.append(("ip", gen_ip(0.3)))
    for key, val in fields:
        lab = F.get(key, key)
        if layout == "colon":
            d.t(lab, ": ")
        elif layout == "markdown":
            d.t("**", lab, ":** ")
        elif layout == "stacked":
            d.t(lab, "\n")
        else:
            d.t("| ", lab, " | ")
        if isinstance(val, Val):
            d.v(val, f"form_{layout}_{lang}")
        elif isinstance(val, list):
            d.t(*val)
        else:
            d.t(val)
        d.t(" |\n" if layout == "table" else "\n\n" if layout == "stacked" else "\n")
    return "web_form", [f"lang_{lang}"]


def t_ocr_scan(d: Doc):
    uk = chance(0.5)
    p = Person("en", "uk" if uk else "us")
    sp = lambda: " " * R.randint(1, 4)
    d.t("--- OCR extract (Tesseract ", pick(["5.3.0", "4.1.1", "5.3.4"]), ", conf 0.", str(R.randint(55, 97)), ") scan_", nz(4), ".tif page 1/", str(R.randint(1, 3)), " ---\n")
    d.t("|", sp(), "PATIENT", sp(), "REGISTRATION", sp(), "FORM", sp(), "|", sp(), pick(COMPANIES["en"])[0], sp(), "|\n")
    d.t("|", sp(), "Sur name", sp(), ":", sp(), p.last, sp(), "Fore name(s) :", sp(), p.first, sp(), "|\n")
    d.t("|", sp(), pick(["D.O.B.", "D O B", "Date of Birth", "DOB"]), sp(), ":", sp())
    d.v(gen_dob("en", pick(["numeric_dmy_slash", "numeric_dmy_slash", "numeric_mdy_slash", "written_en_dmy"]) if uk else pick(["numeric_mdy_slash", "numeric_mdy_slash", "written_en_mdy"])), "ocr")
    d.t(sp(), "|", sp(), "Sex :", sp(), pick("MFX"), sp(), "|\n")
    if uk:
        d.t("|", sp(), pick(["NHS No", "NHS Number", "N H S No."]), sp(), ":", sp())
        d.v(gen_nhs(pick(["spaces", "spaces", "compact"])), "ocr")
        d.t(sp(), "|", sp(), "Hosp No (MRN) :", sp())
    else:
        d.t("|", sp(), "SSN", sp(), ":", sp())
        d.v(gen_ssn(), "ocr")
        d.t(sp(), "|", sp(), "MRN :", sp())
    d.v(gen_mrn(), "ocr")
    d.t(sp(), "|\n|", sp(), "Tel", pick([" (home)", "", " (day)"]), sp(), ":", sp())
    d.v(gen_phone(p.country, intl=False), "ocr")
    d.t(sp(), pick(["Mobile", "Mob", "Cell"]), sp(), ":", sp())
    d.v(gen_phone(p.country), "ocr")
    d.t(sp(), "|\n")
    d.t("l", sp(), "Next of kin", sp(), ":", sp(), Person("en").full, sp(), "Tel :", sp())
    d.v(gen_phone(p.country), "ocr_next_of_kin")
    d.t(sp(), "|\n", "_" * R.randint(20, 50), "\n")
    d.t("|", sp(), "Date signed :", sp(), hn_date(pick(["numeric_dmy_slash", "numeric_mdy_slash"]) ), sp(), "|", sp(), "Form ref:", sp(),
        Neg(f"FRM-{nz(4)}/{R.randint(1, 12):02d}", "form_reference"), sp(), "|\n")
    d.t("|", sp(), "Insurance member ID :", sp(), hn_member(), sp(), "Group :", sp(), Neg(nz(6), "group_number"), "|")
    return "ocr_scan", ["lang_en"]


def t_call_transcript(d: Doc):
    p = Person(pick(["en", "en", "en", "de", "es"]))
    lang = p.lang
    agent = pick(["Priya", "Marcus", "Sofia", "Jonas", "Lena", "Tom"])
    style = pick(["brackets", "speaker", "vtt"])
    d.t("Call transcript — Ticket ", hn_ticket(), " — ", hn_ts("space"), " (duration ", Neg(f"00:{R.randint(2, 40):02d}:{R.randint(0, 59):02d}", "media_timestamp"), ")\n\n"
        if style != "vtt" else "WEBVTT\n\n")
    t = R.randint(1, 10)
    def line(who, parts):
        nonlocal t
        t += R.randint(2, 14)
        ts = f"00:{t // 60:02d}:{t % 60:02d}"
        if style == "brackets":
            d.t("[", Neg(ts, "media_timestamp"), "] ", who, ": ")
        elif style == "speaker":
            d.t("Speaker ", "1" if who.startswith("Agent") else "2", " (", Neg(ts, "media_timestamp"), "): ")
        else:
            d.t(Neg(ts + f".{R.randint(0, 999):03d}", "media_timestamp"), " --> ", Neg(f"00:{(t + 3) // 60:02d}:{(t + 3) % 60:02d}.{R.randint(0, 999):03d}", "media_timestamp"),
                "\n<v ", who.split(" ")[0], ">")
        d.t(*parts)
        d.t("\n\n" if style == "vtt" else "\n")
    A, C = f"Agent ({agent})" if style == "brackets" else "Agent", "Caller"
    if lang == "en":
        line(A, ["Thanks for calling, this call may be recorded. Can I take your full name?"])
        line(C, ["Yeah, it's ", p.full, "."])
        line(A, ["And your date of birth, please?"])
        line(C, [gen_dob("en", pick(["written_en_ordinal", "written_en_mdy", "numeric_mdy_slash", "written_en_of"]))])
        d.spans[-1]["fmt"] += ".transcript_answer"
        line(A, ["What's the best number to call you back on?"])
        line(C, ["Um, my mobile, ", gen_phone(p.country), pick([", or the office line ", ". "]) ])
        d.spans[-1]["fmt"] += ".transcript"
        if chance(0.25):
            line(C, [gen_phone(p.country), " extension ", str(R.randint(10, 400)), "."])
            d.spans[-1]["fmt"] += ".transcript"
        if chance(0.65):
            line(A, ["I'll need the card you want to use for the payment."])
            line(C, ["Sure, it's ", gen_card(style="spaces"), ", expiry ", Neg(f"{R.randint(1, 12):02d}/{R.randint(26, 30)}", "card_expiry"), "."])
            d.spans[-1]["fmt"] += ".transcript"
        else:
            line(A, ["And the email on the account?"])
            line(C, ["It's ", gen_email(p), ", all lowercase."])
            d.spans[-1]["fmt"] += ".transcript"
        line(A, ["Thank you. I see you've been with us since ", hn_date(pick(["written_en_mdy", "numeric_mdy_slash"]), kind="date_no_birth_context_old", old=True),
                 "; I've booked the follow-up for ", hn_date(pick(["written_en_mdy", "numeric_mdy_slash"])), "."])
    elif lang == "de":
        line(A, ["Guten Tag, das Gespräch wird aufgezeichnet. Wie ist Ihr Name?"])
        line(C, [p.full, "."])
        line(A, ["Und Ihr Geburtsdatum?"])
        line(C, [gen_dob("de", pick(["numeric_dmy_dot", "written_de"]))])
        d.spans[-1]["fmt"] += ".transcript_answer"
        line(A, ["Unter welcher Nummer erreichen wir Sie?"])
        line(C, ["Mobil unter ", gen_phone(p.country), "."])
        d.spans[-1]["fmt"] += ".transcript"
        line(A, ["Danke, der Rückruf ist für den ", hn_date("numeric_dmy_dot"), " eingeplant."])
    else:
        line(A, ["Buenos días, la llamada puede ser grabada. ¿Su nombre completo?"])
        line(C, [p.full, "."])
        line(A, ["¿Y su fecha de nacimiento?"])
        line(C, [gen_dob("es", pick(["numeric_dmy_slash", "written_es"]))])
        d.spans[-1]["fmt"] += ".transcript_answer"
        line(A, ["¿Un teléfono de contacto?"])
        line(C, ["Sí, el ", gen_phone(p.country), "."])
        d.spans[-1]["fmt"] += ".transcript"
        line(A, ["Perfecto, le llamamos el ", hn_date("numeric_dmy_slash"), "."])
    return "call_transcript", [f"lang_{lang}", style]


def t_sms_export(d: Doc):
    p = Person(pick(["en", "es", "pt", "de", "it", "nl"]))
    lang = p.lang
    style = pick(["whatsapp_ios", "whatsapp_android", "twilio"])
    me = pick(["Support", "Ana (Support)", "Helpdesk"])
    T = rand_ts()
    msgs = []
    hi = {"en": "Hi, it's ", "es": "Hola, soy ", "pt": "Oi, aqui é ", "de": "Hallo, hier ist ", "it": "Ciao, sono ", "nl": "Hoi, met "}[lang]
    born = {"en": " and born ", "es": " y nací el ", "pt": " e nasci em ", "de": ", geboren am ", "it": ", nata il ", "nl": ", geboren op "}[lang]
    msgs.append(("cust", [hi, p.full, " 👋"]))
    msgs.append(("me", ["Hi! Can you confirm your email and date of birth?"]))
    msgs.append(("cust", [gen_email(p), born, gen_dob(lang) if lang != "en" else gen_dob("en", pick(["numeric_dmy_slash", "numeric_mdy_slash", "written_en_dmy"]))]))
    if chance(0.5):
        msgs.append(("cust", ["For the refund: IBAN ", gen_iban(COUNTRY_IBAN.get(p.country)), " 🙏"]))
    else:
        msgs.append(("cust", ["Also my new number is ", gen_phone(p.country)]))
    msgs.append(("me", ["Thanks, refund ", hn_order(), " is on its way ✅"]))
    if style == "twilio":
        cust_num = gen_phone(p.country, style="e164")
        our = gen_phone(pick(["uk", "us", "de"]), style="e164")
    else:
        cust_num = gen_phone(p.country, intl=True)
    for who, parts in msgs:
        T += dt.timedelta(seconds=R.randint(20, 600))
        if style == "whatsapp_ios":
            d.t("[", Neg(T.strftime("%d/%m/%Y, %H:%M:%S"), "chat_timestamp"), "] ", p.full if who == "cust" else me, ": ")
        elif style == "whatsapp_android":
            d.t(Neg(T.strftime("%d/%m/%Y, %H:%M"), "chat_timestamp"), " - ")
            if who == "cust":
                d.v(cust_num, "whatsapp_sender")
            else:
                d.t(me)
            d.t(": ")
        else:
            d.t(Neg(T.strftime("%Y-%m-%d %H:%M:%S"), "timestamp"), " | ", "inbound " if who == "cust" else "outbound", " | from ")
            d.v(cust_num if who == "cust" else our, "sms_log")
            d.t(" to ")
            d.v(our if who == "cust" else cust_num, "sms_log")
            d.t(" | SM", Neg("".join(R.choice("0123456789abcdef") for _ in range(32)), "message_sid"), " | ")
        for x in parts:
            if isinstance(x, Val):
                d.v(x, f"chat_{style}")
            else:
                d.t(x)
        d.t("\n")
    if style.startswith("whatsapp") and chance(0.5):
        d.t("[" if style == "whatsapp_ios" else "", Neg(T.strftime("%d/%m/%Y, %H:%M"), "chat_timestamp"), "] " if style == "whatsapp_ios" else " - ",
            p.full, ": \u200e<attached: 00000012-PHOTO-", T.strftime("%Y-%m-%d-%H-%M-%S"), ".jpg>\n")
    return "sms_export", [f"lang_{lang}", style]


def t_email_headers(d: Doc):
    p = Person()
    q = Person("en")
    d.t("Full headers as requested:\n\nReturn-Path: <")
    d.v(gen_email(p, style="role"), "mail_header")
    d.t(">\nReceived: from mail-", pick(["ej1", "wr1", "pl1", "lf1"]), "-f", str(R.randint(10, 99)), ".google.com (mail-ej1-f54.google.com [")
    d.v(gen_ipv4("public"), "mail_header_bracket")
    d.t("])\n        by mx1.", q.domain, " (Postfix) with ESMTPS id ", Neg("4T" + "".join(R.choice(string.ascii_letters + string.digits) for _ in range(10)), "queue_id"),
        "\n        for <")
    d.v(gen_email(q, style="role"), "mail_header")
    d.t(">; ", hn_ts("rfc2822"), "\nReceived: from [")
    d.v(gen_ipv4("private"), "mail_header_bracket")
    d.t("] (unknown [")
    d.v(gen_ip(0.4), "mail_header_bracket")
    d.t("])\nX-Originating-IP: [")
    d.v(gen_ip(0.3), "mail_header_bracket")
    d.t("]\nAuthentication-Results: mx1.", q.domain, "; spf=pass (domain of ", p.domain, " designates ")
    d.v(gen_ipv4("public"), "mail_header")
    d.t(" as permitted sender) smtp.mailfrom=")
    d.v(gen_email(p), "mail_header_mailfrom")
    d.t("\nDKIM-Signature: v=1; a=rsa-sha256; d=", p.domain, "; s=selector1; bh=",
        Neg(clean_str(lambda: "".join(R.choice(string.ascii_letters + string.digits + "+/") for _ in range(43)) + "="), "dkim_signature"),
        "\nFrom: \"", p.full, "\" <")
    d.v(gen_email(p), "mail_header_from")
    d.t(">\nTo: ")
    d.v(gen_email(q, style="role"), "mail_header_to")
    d.t("\nSubject: ", pick(SUBJ["en"]), "\nDate: ", hn_ts("rfc2822"), "\nX-Mailer: Microsoft Outlook 16.0\n")
    return "email_headers", []


def t_crm_audit(d: Doc):
    p = Person()
    admin = Person("en")
    d.t("Audit trail — Contact ", hn_sf_id("003"), "\n")
    lines = R.randint(3, 6)
    for _ in range(lines):
        d.t(hn_ts("space"), " UTC  ")
        if chance(0.7):
            d.v(gen_email(admin, style="first.last"), "audit_actor")
        else:
            d.t(pick(["system", "api-integration", "workflow:dedupe"]))
        d.t("  UPDATE  ")
        k = pick(["phone", "email", "birth", "ip", "iban", "mobile"])
        if k in ("phone", "mobile"):
            d.t("Phone" if k == "phone" else "MobilePhone", ': "')
            d.v(gen_phone(p.country), "audit_old")
            d.t('" → "')
            d.v(gen_phone(p.country), "audit_new")
            d.t('"')
        elif k == "email":
            d.t('Email: "')
            d.v(gen_email(p), "audit_old")
            d.t('" -> "')
            d.v(gen_email(p), "audit_new")
            d.t('"')
        elif k == "birth":
            d.t('Birthdate: null → "')
            d.v(gen_dob("en", "iso"), "audit_field_birthdate")
            d.t('"')
        elif k == "ip":
            d.t("Last_Login_IP__c: ")
            d.v(gen_ip(0.4), "audit")
        else:
            d.t("Bank_IBAN__c: \"", hn_masked_other() if chance(0.2) else "", "\" → \"")
            d.v(gen_iban(), "audit_new")
            d.t("\"")
        d.t("\n")
    return "crm_audit", []


def t_logfmt(d: Doc):
    for _ in range(R.randint(2, 5)):
        p = Person()
        d.t('time="', hn_ts("iso_z"), '" level=', pick(["info", "warning", "error"]), " ")
        k = pick(["payment", "login", "ach", "ach", "signup"])
        if k == "payment":
            d.t('msg="payment failed" customer_email=')
            d.v(gen_email(p), "logfmt")
            d.t(" card_bin=", Neg(pick("45") + digits(5), "card_bin"), " last4=", Neg(digits(4), "card_last4"), " amount=", f"{R.randint(5, 999)}.{digits(2)}")
        elif k == "login":
            d.t('msg="login ok" user=')
            d.v(gen_email(p), "logfmt")
            d.t(" ip=")
            d.v(gen_ip(0.4), "logfmt")
            d.t(" mfa=sms phone=")
            d.v(gen_phone(p.country, style="e164"), "logfmt")
        elif k == "ach":
            d.t('msg="ach debit returned" routing=')
            d.v(gen_aba(), "logfmt_key_routing")
            d.t(" account=", Neg("****" + digits(4), "masked_value"), " return_code=R0", str(R.randint(1, 9)))
        else:
            d.t('msg="signup" email=')
            d.v(gen_email(p), "logfmt")
            d.t(' dob="')
            d.v(gen_dob("en", "iso"), "logfmt_key_dob")
            d.t('" src_ip=')
            d.v(gen_ipv4(), "logfmt")
        d.t(" trace_id=", hn_hash("md5"), "\n")
    return "logfmt", []


def t_referral(d: Doc):
    if chance(0.55):
        p = Person("en", "us")
        dr = Person("en", "us")
        d.t("REFERRAL — ", pick(["Cardiology", "Dermatology", "Orthopedics", "Pain Management"]), "\n\nPatient: ", p.full, "    DOB: ")
        d.v(gen_dob("en", pick(["numeric_mdy_slash", "numeric_mdy_slash", "numeric_mdy_nopad", "iso"])), "referral")
        d.t("    MRN: ")
        d.v(gen_mrn(), "referral")
        d.t("\nPhone: ")
        d.v(gen_phone("us", intl=False), "referral_patient")
        if chance(0.3):
            d.t("    SSN: ")
            d.v(gen_ssn(), "referral")
        d.t("\nReferring provider: Dr. ", dr.full, ", MD    NPI: ")
        d.v(gen_npi(), "referral")
        d.t("    DEA: ")
        d.v(gen_dea(dr.alast), "referral")
        d.t("\nPractice phone: ")
        d.v(gen_phone("us", intl=False), "referral_practice")
        d.t("    Fax: ")
        d.v(gen_phone("us", intl=False), "referral_fax")
        d.t("\nRequested appointment: ", hn_date("numeric_mdy_slash"), "    Insurance member ID: ", hn_member(),
            "\nClaim #: ", Neg(nz(9) + pick("ABC"), "member_or_claim_id"), "    Prior auth: ", Neg(f"PA-{nz(7)}", "prior_auth_number"))
        if chance(0.4):
            d.t("\nNote: previous referral had NPI ", hn_npi_bad(), " which NPPES rejected; DEA on old Rx ", hn_dea_bad(dr.alast[0]), " failed verification.")
        return "referral_letter", ["lang_en", "us"]
    p = Person("en", "uk")
    d.t("Dear Colleague,\n\nRe: ", p.full, ", ")
    d.t(pick(["DOB ", "D.O.B. ", "born "]))
    d.v(gen_dob("en", pick(["numeric_dmy_slash", "written_en_dmy", "numeric_dmy_slash"])), "referral_uk")
    d.t("\nNHS Number: ")
    d.v(gen_nhs(), "referral_uk")
    d.t("   Hospital No: ")
    d.v(gen_mrn(pick(["alpha1", "alpha2", "digits7"])), "referral_uk_hospital_no")
    d.t(" (MRN)\nAddress: ", str(R.randint(1, 99)), " ", pick(["Station Road", "Church Lane", "High Street"]), ", ", pick(["Leeds", "Bristol", "Manchester"]),
        "\nTel: ")
    d.v(gen_phone("uk", intl=False), "referral_uk_patient")
    d.t("\n\nI would be grateful if you could see this patient in clinic. Clinic date offered: ", hn_date("numeric_dmy_slash"),
        ". Previous NHS number on the old system (", hn_nhs_bad(), ") is invalid and should be ignored.\n\nYours sincerely,\nDr ", Person("en").full,
        "\nGP Surgery: ")
    d.v(gen_phone("uk", intl=False), "referral_uk_surgery")
    d.t("  Fax: ")
    d.v(gen_phone("uk"), "referral_uk_fax")
    return "referral_letter", ["lang_en", "uk"]


def t_bank_details(d: Doc):
    if chance(0.6):
        p = Person(pick(["de", "fr", "es", "it", "nl", "en", "pt", "pl", "sv"]))
        cc = COUNTRY_IBAN.get(p.country)
        d.t("Subject: Updated remittance details — ", p.company, "\n\nBeneficiary: ", p.company, "\nIBAN: ")
        d.v(gen_iban(cc), "bank_change")
        d.t("\nBIC: ", hn_bic(cc or "DE"), "\nBank: ", pick(["Commerzbank", "BNP Paribas", "CaixaBank", "ING", "Santander", "Nordea"]),
            "\n\nPlease note the previous account ", hn_iban_bad(cc), " will be closed on ", hn_date(), ".\nConfirmation by phone: ")
        d.v(gen_phone(p.country), "bank_change")
        d.t(" (", p.full, ")\nRemittance advice to: ")
        d.v(gen_email(p, style="role"), "bank_change")
        d.t("\nVAT: ", Neg((cc or "DE") + nz(9), "vat_id"))
        return "bank_details", [f"lang_{p.lang}"]
    p = Person("en", "us")
    d.t("Vendor ACH setup form\n\nLegal name: ", p.company, "\nEIN: ", Neg(f"{nz(2)}-{digits(7)}", "ein"), "\nBank routing number (ABA): ")
    d.v(gen_aba(), "ach_form")
    d.t("\nAccount number: ", hn_account(), "\nAccount type: Checking\nWire routing: ")
    if chance(0.5):
        d.v(gen_aba(), "ach_form_wire")
    else:
        d.t(hn_aba_bad(), " (bank says this one is wrong, please use the ACH one)")
    d.t("\nContact: ", p.full, ", ")
    d.v(gen_phone("us"), "ach_form")
    d.t(", ")
    d.v(gen_email(p), "ach_form")
    if chance(0.3):
        d.t("\nScanned check MICR line: ⑆")
        d.v(gen_aba("micr"), "ach_form_ocr")
        d.t("⑆ ", hn_account(), "⑈ ", Neg(nz(4), "check_number"))
    return "bank_details", ["lang_en"]


def t_billing_negatives(d: Doc):
    p = Person()
    d.t("Billing summary for ", p.company, "\n")
    d.t("Invoice ", hn_invoice(), " issued ", hn_date(), ", due ", hn_date(), ". Order ", hn_order(), ", shipped with ", hn_tracking(), ".\n")
    d.t("Customer reference ", hn_luhn16(), " (not a card – it's their PO format).\n")
    d.t("The card number they typed, ", hn_luhn16(), ", fails validation, so the charge never happened. On file: ", hn_masked_card(), ".\n")
    d.t("Tax ID on the form: ", hn_ssn_invalid(), " (invalid, asked them to re-check). Part ", hn_part(), ", serial ", hn_part(), ".\n")
    d.t("Build ", hn_build(), " / release ", hn_version(), ", commit ", hn_short_sha(), ".\n")
    d.t("Customer account no. ", hn_ten_fail(), ", customer since ", hn_date(old=True, kind="date_no_birth_context_old"), ", contract ", hn_ten_fail(), ".\n")
    if chance(0.5):
        d.t("Refund goes to the account holder ", p.full, " at ")
        d.v(gen_email(p), "billing_note")
        d.t(".\n")
    if chance(0.3):
        d.t("SEPA return: IBAN ", hn_iban_bad(), " rejected (checksum).\n")
    d.t("Amount outstanding: ", hn_amount())
    return "billing_negatives", []


def t_pos_receipt(d: Doc):
    d.t("Customer sent a photo of the receipt, transcribed:\n\n", pick(["ACME STORE", "MARKT", "SUPERMERCADO"]), " #", Neg(nz(4), "store_number"), "\n",
        hn_ts(pick(["eu", "us", "space"])), "  TERM ", Neg(nz(4), "terminal_id"), "  TRN ", Neg(nz(5), "transaction_id"), "\n",
        pick(["VISA", "MASTERCARD", "AMEX"]), " ", hn_masked_card(), "\nAUTH ", Neg("".join(R.choice(string.ascii_uppercase + string.digits) for _ in range(6)), "auth_code"),
        "  AID ", Neg(pick(["A0000000031010", "A0000000041010", "A000000025010801"]), "emv_aid"), "\nTOTAL ", hn_amount(), "\n")
    if chance(0.4):
        p = Person()
        d.t("\nShe says the full number on the card is ")
        d.v(gen_card(), "receipt_note")
        d.t(" and the receipt was e-mailed to ")
        d.v(gen_email(p), "receipt_note")
        d.t(".")
    return "pos_receipt", []


def t_fhir_paste(d: Doc):
    p = Person(pick(["en", "en", "de", "nl"]))
    uk = p.country == "uk"
    d.t("FHIR Patient resource returned by the EHR:\n{\n  \"resourceType\": \"Patient\",\n  \"id\": \"", hn_uuid(), "\",\n  \"identifier\": [\n    {\"type\": {\"coding\": [{\"code\": \"MR\"}]}, \"system\": \"urn:oid:",
        hn_oid(), "\", \"value\": \"")
    d.v(gen_mrn(), "fhir_identifier_mr")
    d.t("\"}")
    if uk:
        d.t(",\n    {\"system\": \"https://fhir.nhs.uk/Id/nhs-number\", \"value\": \"")
        d.v(gen_nhs("compact"), "fhir_identifier")
        d.t("\"}")
    elif p.country == "us" and chance(0.5):
        d.t(",\n    {\"system\": \"http://hl7.org/fhir/sid/us-ssn\", \"value\": \"")
        d.v(gen_ssn("dashes"), "fhir_identifier")
        d.t("\"}")
    d.t("\n  ],\n  \"name\": [{\"family\": \"", p.last, "\", \"given\": [\"", p.first, "\"]}],\n  \"telecom\": [\n    {\"system\": \"phone\", \"value\": \"")
    d.v(gen_phone(p.country), "fhir_telecom")
    d.t("\", \"use\": \"mobile\"},\n    {\"system\": \"email\", \"value\": \"")
    d.v(gen_email(p), "fhir_telecom")
    d.t("\"}\n  ],\n  \"birthDate\": \"")
    d.v(gen_dob("en", "iso"), "fhir_birthDate")
    d.t("\",\n  \"meta\": {\"lastUpdated\": \"", hn_ts("iso_ms"), "\", \"versionId\": \"", str(R.randint(1, 30)), "\"}\n}")
    return "fhir_paste", []


def t_vcard(d: Doc):
    p = Person()
    d.t("Contact card attached by the customer:\n\nBEGIN:VCARD\nVERSION:3.0\nN:", p.last, ";", p.first, ";;;\nFN:", p.full, "\nORG:", p.company,
        "\nTEL;TYPE=CELL:")
    d.v(gen_phone(p.country, intl=True), "vcard_tel")
    d.t("\nTEL;TYPE=WORK,VOICE:")
    d.v(gen_phone(p.country), "vcard_tel")
    d.t("\nEMAIL;TYPE=INTERNET:")
    d.v(gen_email(p), "vcard_email")
    if chance(0.7):
        d.t("\nBDAY:")
        d.v(gen_dob("en", pick(["iso", "iso"])), "vcard_bday")
    d.t("\nREV:", Neg(rand_ts().strftime("%Y%m%dT%H%M%SZ"), "timestamp"), "\nUID:", hn_uuid(), "\nEND:VCARD")
    if chance(0.4):
        d.t("\n\nBEGIN:VEVENT\nDTSTART:", Neg(rand_ts().strftime("%Y%m%dT%H%M%SZ"), "timestamp"), "\nSUMMARY:Callback\nEND:VEVENT")
    return "vcard", []


def t_incident_chatops(d: Doc):
    """Incident channel export: responder commands and bot replies with IPs / keys."""
    k = pick(["waf", "leak", "leak"])
    T = rand_ts()
    def who():
        return pick(["@oncall", "@sre-bot", "@maria.k", "@jonas", "PagerDuty"])
    if k == "waf":
        for _ in range(R.randint(3, 5)):
            T += dt.timedelta(minutes=R.randint(1, 9))
            d.t(Neg(T.strftime("%H:%M"), "chat_timestamp"), " ", who(), ": ", pick(["blocking ", "seeing spikes from ", "added to denylist: "]))
            d.v(gen_ip(0.35), "chatops")
            if chance(0.4):
                d.t(" and ")
                d.v(gen_ip(0.35), "chatops")
            d.t(pick([" (", " — "]), "rule ", Neg(f"WAF-{nz(4)}", "rule_id"), pick([")", ""]), "\n")
    else:
        d.t(Neg(T.strftime("%H:%M"), "chat_timestamp"), " @secbot: :rotating_light: secret detected in commit ", hn_short_sha(), " of acme/", pick(["api", "infra", "web"]), "\n")
        for _ in range(R.randint(1, 3)):
            x = pick(["aws", "gh", "pem"])
            d.t("  • ")
            if x == "aws":
                d.t("AWS key id ")
                d.v(gen_aws(), "chatops_alert")
            elif x == "gh":
                d.t("GitHub token ")
                d.v(gen_gh(), "chatops_alert")
            else:
                d.t("private key:\n")
                d.v(gen_pkey(pick(["ec", "rsa", "pkcs8"])), "chatops_alert")
            d.t("\n")
        d.t(Neg((T + dt.timedelta(minutes=4)).strftime("%H:%M"), "chat_timestamp"), " @oncall: rotated, pushed by ")
        d.v(gen_email(Person("en"), style="first.last"), "chatops")
        d.t("\n")
    return "incident_chatops", []


def t_payment_dispute(d: Doc):
    p = Person(pick(["en", "en", "de", "es", "fr"]))
    lang = p.lang
    d.t("Chargeback notification — case ", Neg(f"CB-{nz(7)}", "case_number"), "\nReason code: ", pick(["10.4", "13.1", "4837", "4853"]),
        " (", pick(["Fraud – card-absent", "Merchandise not received", "No cardholder authorization"]), ")\nCardholder: ", p.full, "\n")
    d.t(pick(["Card: ", "Card number: ", "PAN: ", "Card no.:", "Karte: " if lang == "de" else "Tarjeta: " if lang == "es" else "Carte : " if lang == "fr" else "Card #: "]))
    d.v(gen_card(), "dispute_label")
    d.t(" (exp ", Neg(f"{R.randint(1, 12):02d}/{R.randint(26, 31)}", "card_expiry"), ")\nARN: ", Neg(clean_str(lambda: "7" + digits(22)), "acquirer_reference_number"),
        "\nTransaction date: ", hn_date(), "    Amount: ", hn_amount(), "\n\nAgent note: customer says the card actually used was ")
    d.v(gen_card(), "dispute_prose")
    d.t(pick([", not the one ending ", " rather than "]), hn_masked_card(), ". ")
    if chance(0.5):
        d.t("They first typed ", hn_luhn16(), " which fails the check digit. ")
    if chance(0.5):
        d.t("A third card (")
        d.v(gen_card(), "dispute_parenthesised")
        d.t(") was used for the replacement order ", hn_order(), ".")
    else:
        d.t("Refund to original payment method, order ", hn_order(), ".")
    return "payment_dispute", [f"lang_{lang}"]


def t_hr_onboarding(d: Doc):
    p = Person("en", "us")
    lab = pick(["SSN: ", "Social Security Number: ", "SSN#: ", "SS#: ", "Soc. Sec. No.: "])
    d.t("New hire onboarding — ", p.full, "\nEmployee ID: ", Neg(f"E{nz(5)}", "employee_id"), "\n", lab)
    d.v(gen_ssn(), "hr_form")
    d.t("\n", pick(["Date of birth: ", "DOB: ", "Birth date: "]))
    d.v(gen_dob("en", pick(["numeric_mdy_slash", "numeric_mdy_slash", "iso", "written_en_mdy"])), "hr_form")
    d.t("\nPersonal email: ")
    d.v(gen_email(p, style=pick(["first.last", "digits", "flast"]), domain=pick(FREEMAIL["en"])), "hr_form")
    d.t("\nMobile: ")
    d.v(gen_phone("us"), "hr_form")
    d.t("\n\nDirect deposit\n  Bank: ", pick(["Chase", "Wells Fargo", "Bank of America", "Citibank", "US Bank"]), "\n  Routing (ABA): ")
    d.v(gen_aba(), "hr_direct_deposit")
    d.t("\n  Account: ", hn_account(), "\n\nEmergency contact: ", Person("en").full, ", ")
    d.v(gen_phone("us"), "hr_emergency")
    d.t("\nStart date: ", hn_date("numeric_mdy_slash"), "\nBadge ID: ", hn_ten_fail(), "\nPrevious employer start date: ",
        hn_date("numeric_mdy_slash", kind="date_no_birth_context_old", old=True), "\n")
    if chance(0.4):
        d.t("Note: the ITIN on the W-4 draft (", Neg(f"9{digits(2)}-{R.randint(70, 88)}-{digits(4)}", "itin_not_ssn"), ") was replaced by the SSN above.\n")
    if chance(0.3):
        d.t("Spouse SSN left blank; old record showed ", hn_ssn_invalid(), " which is invalid.\n")
    return "hr_onboarding", ["lang_en", "us"]


def t_pharmacy_fax(d: Doc):
    p = Person("en", "us")
    dr = Person("en", "us")
    d.t("FAX — ", pick(["Prior Authorization Request", "Controlled Substance Rx Verification", "Refill Request"]), "\nTo: ",
        pick(["OptumRx", "CVS Caremark", "Express Scripts"]), "   Fax: ")
    d.v(gen_phone("us", intl=False), "fax_cover")
    d.t("\nFrom: ", pick(["Walgreens #", "Rite Aid #", "Main St Pharmacy #"]), nz(4), "   Phone: ")
    d.v(gen_phone("us", intl=False), "fax_cover")
    d.t("\nDate: ", hn_date("numeric_mdy_slash"), "   Pages: ", str(R.randint(1, 4)), "\n\nPatient: ", p.last.upper(), ", ", p.first.upper(), "   DOB: ")
    d.v(gen_dob("en", pick(["numeric_mdy_slash", "numeric_mdy_nopad"])), "fax")
    d.t("   MRN: ")
    d.v(gen_mrn(), "fax")
    d.t("\nMember ID: ", hn_member(), "   BIN: ", Neg(digits(6), "rx_bin"), "   PCN: ", Neg(pick(["ADV", "CTRX", "A4"]), "rx_pcn"),
        "\nPrescriber: Dr. ", dr.full, "   NPI: ")
    d.v(gen_npi(), "fax_prescriber")
    d.t("   DEA #: ")
    d.v(gen_dea(dr.alast), "fax_prescriber")
    d.t("\nPharmacy NPI: ")
    d.v(gen_npi(), "fax_pharmacy")
    d.t("   NCPDP: ", Neg(nz(7), "ncpdp_id"), "\nDrug: ", pick(["oxycodone 5 mg", "hydrocodone/APAP 10-325", "alprazolam 0.5 mg", "methylphenidate 10 mg"]),
        "  NDC ", Neg(clean_str(lambda: f"{nz(4)}-{digits(4)}-{digits(2)}"), "ndc_code"), "  qty ", str(R.randint(10, 90)), "\n")
    if chance(0.4):
        d.t("The DEA on the original script (", hn_dea_bad(dr.alast[0]), ") did not validate; please confirm.\n")
    return "pharmacy_fax", ["lang_en", "us"]


def t_secret_scan(d: Doc):
    p = Person("en")
    k = pick(["gitleaks", "trufflehog", "ci_log"])
    if k == "gitleaks":
        d.t("gitleaks output from the customer's pipeline:\n\n")
        for _ in range(R.randint(1, 3)):
            x = pick(["aws", "gh", "gh", "gh"])
            v = gen_aws() if x == "aws" else gen_gh()
            d.t("Finding:     ", pick(["aws_access_key_id = ", "token: \"", "export GH_TOKEN="]))
            d.v(v, "gitleaks_finding")
            d.t("\nSecret:      ")
            d.v(v, "gitleaks_secret")
            d.t("\nRuleID:      ", "aws-access-token" if x == "aws" else "github-pat", "\nEntropy:     ", f"{R.randint(3, 5)}.{digits(6)}",
                "\nFile:        ", pick(["deploy/terraform.tfvars", ".github/workflows/release.yml", "scripts/sync.sh"]), "\nLine:        ", str(R.randint(2, 300)),
                "\nCommit:      ", hn_hash("git_sha"), "\nAuthor:      ", p.full, "\nEmail:       ")
            if chance(0.4):
                d.v(gen_email(p), "gitleaks_author")
            else:
                d.t(Neg("<hidden>", "masked_value"))
            d.t("\nDate:        ", hn_ts("iso_z"), "\n\n")
    elif k == "trufflehog":
        d.t("trufflehog --json findings:\n")
        for _ in range(R.randint(1, 3)):
            v = gen_aws() if chance(0.5) else gen_gh()
            det = "AWS" if v.entity == "AWS_ACCESS_KEY" else "Github"
            d.t('{"SourceMetadata":{"Data":{"Git":{"commit":"', hn_hash("git_sha"), '","file":"config/app.env","email":"')
            d.v(gen_email(p), "trufflehog_json")
            d.t('","line":', str(R.randint(2, 99)), '}}},"DetectorName":"', det, '","Verified":', pick(["true", "false"]), ',"Raw":"')
            d.v(v, "trufflehog_json_raw")
            d.t('","Redacted":"', Neg(v.text[:4] + "*" * 8, "masked_value"), '"}\n')
    else:
        d.t("GitHub Actions log (step \"debug\"):\n", hn_ts("iso_ms"), " Run cat deploy_key.pem\n")
        d.v(gen_pkey(pick(["rsa", "openssh", "ec", "pkcs8"])), "ci_log")
        d.t("\n", hn_ts("iso_ms"), " Run echo \"token=$GH_TOKEN\"\ntoken=")
        d.v(gen_gh("ghs"), "ci_log")
        d.t("\n", hn_ts("iso_ms"), " ##[error]Process completed with exit code 1.")
    return "secret_scan", []


def t_lab_result(d: Doc):
    uk = chance(0.5)
    p = Person("en", "uk" if uk else "us")
    dr = Person("en", "uk" if uk else "us")
    d.t("LAB RESULT NOTIFICATION (auto-generated)\nPatient: ", p.full, "  ", pick(["MRN: ", "MRN#", "Med Rec #: ", "Medical Record No. "]))
    d.v(gen_mrn(), "lab_notice")
    d.t("  DOB: ")
    d.v(gen_dob("en", pick(["numeric_dmy_slash", "iso"]) if uk else pick(["numeric_mdy_slash", "iso"])), "lab_notice")
    if uk:
        d.t("\nNHS No: ")
        d.v(gen_nhs(), "lab_notice")
    d.t("\nAccession #: ", Neg(f"{pick(['A', 'L', 'S'])}{nz(8)}", "accession_number"), "  Collected: ", hn_ts("space"), "  Resulted: ", hn_ts("space"),
        "\nOrdering provider: Dr. ", dr.full)
    if not uk:
        d.t(" (NPI ")
        d.v(gen_npi(), "lab_notice")
        d.t(")")
    d.t("\nTest: ", pick(["HbA1c", "TSH", "Lipid panel", "CBC"]), "  Result: ", f"{R.randint(1, 12)}.{R.randint(0, 9)}", "  Ref range ",
        f"{R.randint(0, 4)}.{R.randint(0, 9)}-{R.randint(5, 9)}.{R.randint(0, 9)}", "\nQuestions: call the lab on ")
    d.v(gen_phone(p.country, intl=False), "lab_notice")
    d.t(", reference ", hn_member(), ".")
    return "lab_result", ["lang_en", "uk" if uk else "us"]


def t_sepa_xml(d: Doc):
    """SEPA pain.001 credit-transfer snippet pasted into a ticket (refund batch)."""
    d.t("Refund batch rejected by the bank, file attached inline:\n\n<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">\n <CstmrCdtTrfInitn>\n  <GrpHdr><MsgId>",
        Neg(f"MSG-{nz(8)}", "message_id"), "</MsgId><CreDtTm>", hn_ts("iso_z"), "</CreDtTm><NbOfTxs>", str(R.randint(2, 4)), "</NbOfTxs></GrpHdr>\n  <PmtInf>\n   <DbtrAcct><Id><IBAN>")
    d.v(gen_iban(pick(["DE", "NL", "FR", "BE", "AT"]), style="compact"), "sepa_xml_debtor")
    d.t("</IBAN></Id></DbtrAcct>\n")
    for _ in range(R.randint(1, 3)):
        p = Person(pick(["de", "fr", "es", "it", "nl", "pt"]))
        d.t("   <CdtTrfTxInf><PmtId><EndToEndId>", Neg(clean_str(lambda: f"E2E-{nz(10)}"), "end_to_end_id"), "</EndToEndId></PmtId><Amt><InstdAmt Ccy=\"EUR\">",
            f"{R.randint(5, 900)}.{digits(2)}", "</InstdAmt></Amt>\n    <Cdtr><Nm>", p.full, "</Nm></Cdtr><CdtrAcct><Id><IBAN>")
        if chance(0.85):
            d.v(gen_iban(COUNTRY_IBAN.get(p.country), style="compact"), "sepa_xml_creditor")
        else:
            d.t(hn_iban_bad(COUNTRY_IBAN.get(p.country), style="compact"))
        d.t("</IBAN></Id></CdtrAcct><RmtInf><Ustrd>Refund ", hn_order(), "</Ustrd></RmtInf></CdtTrfTxInf>\n")
    d.t("  </PmtInf>\n </CstmrCdtTrfInitn>\n</Document>\n\nBank response: ", pick(["AC01 IncorrectAccountNumber", "AM04 InsufficientFunds", "MS03 NotSpecifiedReasonAgentGenerated"]))
    return "sepa_xml", []


def t_uk_patient_message(d: Doc):
    p = Person("en", "uk")
    d.t(pick(["Patient portal message", "Message via NHS App", "Online consultation form"]), " — received ", hn_ts("eu"), "\n\n")
    k = pick(["prose", "form"])
    if k == "prose":
        d.t("Hello, I'm trying to register with the practice. My NHS number is ")
        d.v(gen_nhs(), "uk_portal_prose")
        d.t(pick([" and my date of birth is ", ", born "]))
        d.v(gen_dob("en", pick(["numeric_dmy_slash", "written_en_dmy", "written_en_of"])), "uk_portal_prose")
        d.t(". The hospital gave me a hospital number (MRN) ")
        d.v(gen_mrn(pick(["alpha1", "alpha2", "digits7"])), "uk_portal_prose")
        d.t(" after my appointment on ", hn_date("numeric_dmy_slash"), ". Best number to reach me: ")
        d.v(gen_phone("uk"), "uk_portal_prose")
        d.t(".")
    else:
        for lab, val in [("NHS No.", gen_nhs()), ("DOB", gen_dob("en", "numeric_dmy_slash")), ("Hospital number / MRN", gen_mrn()),
                         ("Mobile", gen_phone("uk")), ("Email", gen_email(p))]:
            d.t(lab, ": ")
            d.v(val, "uk_portal_form")
            d.t("\n")
        d.t("Preferred appointment: ", hn_date("written_en_dmy"), "\nReference: ", hn_member())
    return "uk_patient_message", ["lang_en", "uk"]


def t_tls_help(d: Doc):
    p = Person("en")
    d.t("nginx won't start after renewing the certificate:\n\n", hn_ts("space").text.replace("-", "/"), " [emerg] ", str(R.randint(1000, 9000)),
        "#0: SSL_CTX_use_PrivateKey(\"/etc/nginx/ssl/", p.domain, ".key\") failed (SSL: error:05800074:x509 certificate routines::key values mismatch)\n\n",
        "Here is the key file we are using, maybe it's the wrong format?\n\n")
    d.v(gen_pkey(pick(["rsa", "pkcs8", "ec", "encrypted"]), style=pick(["plain", "plain", "crlf"])), "tls_help")
    d.t("\n\nServer: ")
    d.v(gen_ip(0.3), "tls_help")
    d.t(" (nginx ", hn_version(), ")")
    if chance(0.4):
        d.t(", contact ")
        d.v(gen_email(p), "tls_help")
    return "tls_help", []


def t_tax_form(d: Doc):
    p = Person("en", "us")
    d.t("W-9 received for vendor/contractor setup\n\nName (as shown on your income tax return): ", p.full, "\nBusiness name: ", p.company,
        "\nFederal tax classification: Individual/sole proprietor\n", pick(["Social security number: ", "SSN: ", "Taxpayer Identification Number (SSN): "]))
    d.v(gen_ssn(pick(["dashes", "dashes", "spaces"])), "w9_form")
    d.t("\nEmployer identification number: ", Neg(f"{nz(2)}-{digits(7)}", "ein"), "\nAddress: ", str(R.randint(10, 9999)), " ",
        pick(["Maple Ave", "Oak St", "Sunset Blvd"]), ", ", pick(["Austin, TX 78701", "Denver, CO 80202", "Columbus, OH 43215"]),
        "\nSigned: ", hn_date("numeric_mdy_slash"), "\n\nPayment by ACH to routing ")
    d.v(gen_aba(), "w9_payment")
    d.t(", account ", hn_account(), ".")
    if chance(0.4):
        d.t(" Questions to ")
        d.v(gen_email(p, style=pick(["first.last", "flast"])), "w9_payment")
        d.t(".")
    if chance(0.4):
        d.t("\nFirst submission had TIN ", hn_ssn_invalid(), ", rejected by TIN matching.")
    return "tax_form", ["lang_en", "us"]


def t_epcs_log(d: Doc):
    """Electronic prescribing of controlled substances: audit log excerpt."""
    docs = [Person("en", "us") for _ in range(R.randint(1, 2))]
    ids = {id(x): (gen_npi(), gen_dea(x.alast)) for x in docs}
    d.t("EPCS audit export (", pick(["Surescripts", "DrFirst", "Imprivata"]), "), requested by compliance:\n")
    for _ in range(R.randint(2, 4)):
        dr = pick(docs)
        npi, dea = ids[id(dr)]
        d.t(hn_ts("iso_z"), " EPCS ", pick(["SIGN", "SEND", "CANCEL"]), " rx=", Neg(f"RX{nz(8)}", "rx_number"), " prescriber=\"", dr.full, "\" npi=")
        d.v(npi, "epcs_log")
        d.t(" dea=")
        d.v(dea, "epcs_log")
        d.t(" patient_mrn=")
        d.v(gen_mrn(pick(["digits8", "digits7", "alpha1"])), "epcs_log")
        d.t(" schedule=", pick(["II", "III", "IV"]), " 2fa=", pick(["token", "push", "biometric"]), " ip=")
        d.v(gen_ipv4("private"), "epcs_log")
        d.t("\n")
    return "epcs_log", ["us"]


def t_cloudtrail(d: Doc):
    p = Person("en")
    d.t("CloudTrail event the customer flagged:\n{\n  \"eventVersion\": \"1.08\",\n  \"userIdentity\": {\n    \"type\": \"", pick(["IAMUser", "AssumedRole"]),
        "\",\n    \"principalId\": \"", Neg("AIDA" + "".join(R.choice(string.ascii_uppercase + "234567") for _ in range(17)), "aws_principal_id"),
        "\",\n    \"arn\": \"arn:aws:iam::", Neg(clean_str(lambda: nz(12)), "aws_account_id"), ":user/", p.afirst.lower(), "\",\n    \"accessKeyId\": \"")
    d.v(gen_aws(), "cloudtrail_json")
    d.t("\",\n    \"userName\": \"", p.afirst.lower(), "\"\n  },\n  \"eventTime\": \"", hn_ts("iso_z"), "\",\n  \"eventSource\": \"s3.amazonaws.com\",\n  \"eventName\": \"",
        pick(["GetObject", "ListBuckets", "CreateAccessKey", "ConsoleLogin"]), "\",\n  \"sourceIPAddress\": \"")
    d.v(gen_ip(0.3), "cloudtrail_json")
    d.t("\",\n  \"userAgent\": \"aws-cli/", hn_version(), "\",\n  \"requestID\": \"", Neg("".join(R.choice("0123456789ABCDEF") for _ in range(16)), "request_id"),
        "\",\n  \"eventID\": \"", hn_uuid(), "\"\n}")
    if chance(0.5):
        d.t("\nThe key was created by ")
        d.v(gen_email(p, style="first.last"), "cloudtrail_note")
        d.t("; a second key ")
        d.v(gen_aws(), "cloudtrail_note")
        d.t(" is also active.")
    return "cloudtrail", []


ID_VERIF = {
    "en": "ID verified: {name}, {dob}. Callback booked for {date}.",
    "de": "Identität geprüft: {name}, {dob}. Rückruf am {date}.",
    "fr": "Identité vérifiée : {name}, {dob}. Rappel prévu le {date}.",
    "es": "Identidad verificada: {name}, {dob}. Llamada programada el {date}.",
    "it": "Identità verificata: {name}, {dob}. Richiamata prevista il {date}.",
    "pt": "Identidade verificada: {name}, {dob}. Retorno agendado para {date}.",
    "nl": "Identiteit gecontroleerd: {name}, {dob}. Terugbelafspraak op {date}.",
    "sv": "Identitet kontrollerad: {name}, {dob}. Återuppringning {date}.",
    "da": "Identitet bekræftet: {name}, {dob}. Opkald planlagt {date}.",
    "no": "Identitet bekreftet: {name}, {dob}. Tilbakeringing {date}.",
    "pl": "Tożsamość potwierdzona: {name}, {dob}. Oddzwonienie {date}.",
    "ja": "本人確認済み：{name}、{dob}。折り返し予定日：{date}。",
}


def t_id_verification(d: Doc):
    """Agent note: a labelled date of birth right next to a date that is NOT a birth date."""
    lang = pick(list(ID_VERIF))
    p = Person({"da": "sv", "no": "sv"}.get(lang, lang), country={"da": "dk", "no": "no"}.get(lang))
    label = pick(DOB_LABELS[lang])
    dob = gen_dob(lang)
    tpl = ID_VERIF[lang].replace("{dob}", label + "{dob}")
    d.t(hn_ts("space"), " ", pick(["[agent note]", "[internal]", "[verification]"]), " ")
    d.f(tpl, ctx=f"label_{lang}", name=p.full, dob=dob, date=hn_date_lang(lang))
    if chance(0.5):
        d.t(" ", {"en": "Account opened ", "de": "Konto seit ", "fr": "Client depuis le ", "es": "Cliente desde ", "it": "Cliente dal ",
                  "pt": "Cliente desde ", "nl": "Klant sinds ", "sv": "Kund sedan ", "da": "Kunde siden ", "no": "Kunde siden ",
                  "pl": "Klient od ", "ja": "登録日："}[lang], hn_date_lang(lang, kind="date_no_birth_context_old"), ".")
    if chance(0.4):
        d.t(" ", pick(PHONE_LABELS.get(lang, PHONE_LABELS["sv"])["mobile"]) if lang in PHONE_LABELS else "Mobil: ")
        d.v(gen_phone(p.country), f"idv_{lang}")
    return "id_verification", [f"lang_{lang}"]


TEXT_TEMPLATES = [(t_email_chain, 7), (t_system_message, 4), (t_log_syslog, 3), (t_log_json, 3), (t_log_access, 2),
                  (t_stack_trace, 3), (t_config_paste, 6), (t_sql_result, 6), (t_web_form, 5), (t_ocr_scan, 4),
                  (t_call_transcript, 3), (t_sms_export, 3), (t_email_headers, 1), (t_crm_audit, 2), (t_logfmt, 3),
                  (t_referral, 5), (t_bank_details, 6), (t_billing_negatives, 4), (t_pos_receipt, 2), (t_fhir_paste, 3),
                  (t_vcard, 2), (t_incident_chatops, 4), (t_payment_dispute, 14), (t_hr_onboarding, 5), (t_pharmacy_fax, 5),
                  (t_secret_scan, 7), (t_lab_result, 4), (t_sepa_xml, 8), (t_uk_patient_message, 8), (t_tls_help, 6),
                  (t_tax_form, 6), (t_epcs_log, 3), (t_cloudtrail, 5), (t_id_verification, 5)]


# =============================================================================
# ticket-API JSON shapes
# =============================================================================


def cv(val: Val, ctx: str) -> Val:
    return Val(val.text, val.entity, f"{val.fmt}.{ctx}")


def J(*parts):
    d = Doc()
    d.t(*parts)
    return d


def JV(val: Val, ctx: str):
    return J(cv(val, ctx))


def JN(neg: Neg):
    return J(neg)


def hex32():
    return Neg(clean_str(lambda: "".join(R.choice("0123456789abcdef") for _ in range(32))), "sys_id")


def hex24():
    return Neg(clean_str(lambda: "".join(R.choice("0123456789abcdef") for _ in range(24))), "object_id")


def num_id(n):
    while True:
        x = int(nz(n))
        if not _digit_checks(str(x)):
            return x


def unix_ts():
    while True:
        x = 1_700_000_000 + R.randint(0, 60_000_000)
        if not _digit_checks(str(x)):
            return x


def str_id(n):
    return Neg(str(num_id(n)), "record_id")


def iso(T=None, ms=False):
    T = T or rand_ts()
    return Neg(T.strftime("%Y-%m-%dT%H:%M:%S") + (f".{R.randint(0, 999):03d}" if ms else "") + "Z", "timestamp")


def prose(p: Person, lang, ctx, n=None, extra=None):
    d = Doc()
    for i in range(n or R.randint(1, 3)):
        if i:
            d.t(" ")
        phrase(d, p, lang, ctx)
    if extra:
        d.t(" ")
        extra(d)
    return d


def html_prose(p: Person, lang, ctx):
    d = Doc()
    d.t("<div><p>", pick(GREETING[lang]), "</p><p>")
    phrase(d, p, lang, ctx + "_html")
    d.t("</p>")
    k = pick(["tel", "mailto", "nbsp", "entity", "none"])
    if k == "tel":
        disp, ph = gen_phone_pair(p.country)
        d.t('<p>Call me: <a href="tel:')
        d.v(ph, ctx + "_html_tel_href")
        d.t('">')
        d.v(disp, ctx + "_html_link_text")
        d.t("</a></p>")
    elif k == "mailto":
        e = gen_email(p)
        d.t('<p>Mail: <a href="mailto:')
        d.v(e, ctx + "_html_mailto_href")
        d.t('">')
        d.v(e, ctx + "_html_link_text")
        d.t("</a></p>")
    elif k == "nbsp":
        d.t("<p><b>", pick(PHONE_LABELS[lang]["office"]).strip(), "</b>&nbsp;")
        d.v(gen_phone(p.country), ctx + "_html_nbsp")
        d.t("<br>", pick(["DOB", "Date of birth", "Geburtsdatum", "Fecha de nacimiento"]), ":&nbsp;")
        d.v(gen_dob(lang if lang in DOB_FORMATS else "en"), ctx + "_html_nbsp")
        d.t("</p>")
    elif k == "entity":
        q = Person(lang)
        d.t("<p>From: ", q.full, " &lt;")
        d.v(gen_email(q), ctx + "_html_entity_angle")
        d.t("&gt;</p>")
    d.t("<p>", pick(CLOSING[lang]), "<br>", p.full, "</p></div>")
    return d


def sn_journal_text(lang="en"):
    d = Doc()
    for i in range(R.randint(1, 3)):
        agent = Person("en")
        p = Person(lang)
        if i:
            d.t("\n\n")
        d.t(hn_ts("space"), " - ", agent.full, " (", pick(["Work notes", "Additional comments"]), ")\n")
        k = pick(["call", "phrase", "ip", "dob"])
        if k == "call":
            d.t("Called customer on ")
            d.v(gen_phone(p.country), "sn_journal")
            d.t(", no answer. Left voicemail. Will retry ", hn_date(), ".")
        elif k == "phrase":
            phrase(d, p, lang, "sn_journal")
        elif k == "ip":
            d.t("User's workstation ")
            d.v(gen_ipv4("private"), "sn_journal")
            d.t(" (", hn_mac("-"), ") re-imaged, ticket ", hn_ticket(), " linked.")
        else:
            d.t("Identity verified: DOB ")
            d.v(gen_dob("en"), "sn_journal")
            d.t(", e-mail ")
            d.v(gen_email(p), "sn_journal")
            d.t(".")
    return d


def j_servicenow_incident():
    p = Person()
    lang = p.lang if p.lang in PHRASES else "en"
    disp, e164 = gen_phone_pair(p.country, first_intl=False)
    D = rand_dob()
    _f = pick(["numeric_dmy_slash", "numeric_mdy_slash", "numeric_dmy_dot"])
    dob_disp = Val(fmt_date(D, _f), "DATE_OF_BIRTH", f"dob.{_f}")
    dob_val = Val(fmt_date(D, "iso"), "DATE_OF_BIRTH", "dob.iso")
    dv = lambda a, b: {"display_value": a, "value": b}
    res = {
        "sys_id": JN(hex32()), "number": JN(Neg(f"INC{digits(7)}", "ticket_number")),
        "sys_created_on": dv(JN(hn_ts("us")), JN(hn_ts("space"))),
        "short_description": dv(pick(SUBJ["en"]), pick(SUBJ["en"])),
        "description": dv(prose(p, lang, "sn_description"), ""),
        "caller_id": {"display_value": p.full, "value": JN(hex32()), "link": "https://acme.service-now.com/api/now/table/sys_user/" + hex32().text},
        "u_callback_phone": dv(JV(disp, "sn_display_value"), JV(e164, "sn_value")),
        "u_date_of_birth": dv(JV(dob_disp, "sn_display_value_u_date_of_birth"), JV(dob_val, "sn_value_u_date_of_birth")),
        "u_contact_email": dv(JV(e := gen_email(p), "sn_display_value"), JV(e, "sn_value")),
        "work_notes": dv(sn_journal_text(lang), ""),
        "comments": dv(sn_journal_text(lang), ""),
        "assignment_group": dv("Service Desk L2", JN(hex32())),
        "sys_updated_on": dv(JN(hn_ts("us")), JN(hn_ts("space"))), "due_date": dv(JN(hn_date("numeric_mdy_slash")), JN(hn_date("iso"))),
        "correlation_id": JN(hn_uuid()),
        "priority": dv("3 - Moderate", "3"),
    }
    if chance(0.4):
        m = gen_mrn()
        res["u_mrn"] = dv(JV(m, "sn_display_value_u_mrn"), JV(m, "sn_value_u_mrn"))
    if chance(0.4):
        ip = gen_ip(0.4)
        res["u_client_ip"] = dv(JV(ip, "sn_display_value"), JV(ip, "sn_value"))
    return {"result": res}, "servicenow_incident"


def j_servicenow_journal():
    inc = hex32().text
    rows = []
    for _ in range(R.randint(2, 5)):
        rows.append({"sys_id": JN(hex32()), "element": pick(["work_notes", "comments"]), "element_id": inc, "name": "incident",
                     "value": sn_journal_text(pick(["en", "en", "de", "fr", "es"])), "sys_created_on": JN(hn_ts("space")),
                     "sys_created_by": pick(["jane.doe", "svc_integration", "m.koehler", "admin"])})
    return {"result": rows}, "servicenow_journal"


def j_salesforce_case():
    p = Person()
    lang = p.lang if p.lang in PHRASES else "en"
    cid = "500" + "".join(R.choice(string.ascii_letters + string.digits) for _ in range(15))
    case = {"attributes": {"type": "Case", "url": f"/services/data/v59.0/sobjects/Case/{cid}"}, "Id": JN(Neg(cid, "record_id")),
            "CaseNumber": JN(Neg(f"000{nz(5)}", "ticket_number")), "Subject": pick(SUBJ[lang]), "Status": "New", "Origin": pick(["Email", "Web", "Phone"]),
            "Description": prose(p, lang, "sf_description"), "SuppliedName": p.full, "SuppliedEmail": JV(gen_email(p), "sf_SuppliedEmail"),
            "SuppliedPhone": JV(gen_phone(p.country), "sf_SuppliedPhone"), "CreatedDate": JN(Neg(rand_ts().strftime("%Y-%m-%dT%H:%M:%S.000+0000"), "timestamp"))}
    if chance(0.5):
        case["Birthdate__c"] = JV(gen_dob("en", "iso"), "sf_Birthdate__c")
    if chance(0.35):
        case["MRN__c"] = JV(gen_mrn(), "sf_MRN__c")
    if chance(0.35):
        case["Bank_IBAN__c"] = JV(gen_iban(COUNTRY_IBAN.get(p.country)), "sf_custom_field")
    if chance(0.2):
        case["SSN_Last4__c"] = JN(Neg(digits(4), "ssn_last4"))
    comments = []
    for _ in range(R.randint(1, 3)):
        comments.append({"attributes": {"type": "CaseComment", "url": "/services/data/v59.0/sobjects/CaseComment/00a" + hex24().text[:15]},
                         "Id": JN(hn_sf_id("00a")), "LastModifiedDate": JN(Neg(rand_ts().strftime("%Y-%m-%dT%H:%M:%S.000+0000"), "timestamp")),
                         "ParentId": cid, "IsPublished": chance(0.5), "CommentBody": prose(Person(lang), lang, "sf_CommentBody"),
                         "CreatedDate": JN(Neg(rand_ts().strftime("%Y-%m-%dT%H:%M:%S.000+0000"), "timestamp"))})
    case["CaseComments"] = {"totalSize": len(comments), "done": True, "records": comments}
    feeds = []
    for _ in range(R.randint(1, 2)):
        feeds.append({"attributes": {"type": "FeedItem"}, "Id": JN(hn_sf_id("0D5")), "Type": "TextPost",
                      "Body": html_prose(Person(lang), lang, "sf_FeedItem_Body"), "CreatedById": JN(hn_sf_id("005"))})
    case["Feeds"] = {"totalSize": len(feeds), "done": True, "records": feeds}
    return case, "salesforce_case"


def j_intercom():
    p = Person()
    lang = p.lang if p.lang in PHRASES else "en"
    parts = []
    for _ in range(R.randint(1, 4)):
        admin = Person("en")
        parts.append({"type": "conversation_part", "id": str(num_id(11)), "part_type": pick(["comment", "note", "assignment"]),
                      "body": html_prose(Person(lang), lang, "intercom_part"), "created_at": unix_ts(),
                      "external_ref": JN(hn_ticket()), "client_msg_id": JN(hn_uuid()),
                      "author": {"type": "admin", "id": str(num_id(7)), "name": admin.full,
                                 "email": JV(gen_email(admin, style="first.last"), "intercom_author") if chance(0.4) else JN(hn_masked_other())}})
    D = rand_dob()
    obj = {"type": "conversation", "id": str(num_id(12)), "created_at": unix_ts(), "state": "open",
           "source": {"type": "conversation", "delivered_as": "customer_initiated", "body": html_prose(p, lang, "intercom_source"),
                      "author": {"type": "user", "id": JN(hex24()), "name": p.full, "email": JV(gen_email(p), "intercom_source_author")}},
           "custom_attributes": {"Date of Birth (DD/MM/YYYY)": JV(Val(fmt_date(D, "numeric_dmy_slash"), "DATE_OF_BIRTH", "dob.numeric_dmy_slash"), "intercom_custom_attr_titlecase_slash_key"),
                                 "Phone/Fax": JV(gen_phone(p.country), "intercom_custom_attr_slash_key"), "Account Tier": pick(["Gold", "Silver"]),
                                 "Last Seen IP": JV(gen_ip(0.4), "intercom_custom_attr_titlecase")},
           "conversation_parts": {"type": "conversation_part.list", "conversation_parts": parts, "total_count": len(parts)}}
    return obj, "intercom_conversation"


FOREIGN_KEYS = {"es": ("fecha_nacimiento", "telefono_movil", "correo"), "de": ("geburtsdatum", "telefonnummer", "e_mail"),
                "it": ("data_nascita", "cellulare", "posta_elettronica"), "pt": ("data_nascimento", "telefone", "email_contato"),
                "fr": ("date_naissance", "telephone", "courriel"), "nl": ("geboortedatum", "telefoonnummer", "emailadres"),
                "sv": ("fodelsedatum", "telefon", "epost"), "pl": ("data_urodzenia", "telefon_komorkowy", "adres_email")}


def j_hubspot():
    lang = pick(list(FOREIGN_KEYS) + ["en", "en"])
    p = Person(lang if lang != "en" else "en")
    plang = lang if lang in PHRASES else "en"
    props = {"hs_object_id": str(num_id(11)), "subject": pick(SUBJ[plang]), "content": prose(p, plang, "hubspot_content"), "hs_pipeline": "0",
             "hs_pipeline_stage": str(R.randint(1, 4)), "hs_ticket_priority": pick(["HIGH", "MEDIUM", "LOW"]), "createdate": JN(iso(ms=True))}
    if lang == "en":
        props["phone"] = JV(gen_phone(p.country), "hubspot_prop_phone")
        props["email"] = JV(gen_email(p), "hubspot_prop_email")
        props["date_of_birth"] = JV(gen_dob("en", "iso"), "hubspot_prop_date_of_birth")
    else:
        kd, kp, ke = FOREIGN_KEYS[lang]
        props[kd] = JV(gen_dob(lang, pick(["iso", wpick(DOB_FORMATS[lang])])), f"hubspot_prop_key_{lang}")
        props[kp] = JV(gen_phone(p.country), f"hubspot_prop_key_{lang}")
        props[ke] = JV(gen_email(p), f"hubspot_prop_key_{lang}")
    msgs = []
    for _ in range(R.randint(1, 3)):
        q = Person(lang if lang != "en" else "en")
        msgs.append({"id": str(num_id(11)), "type": "MESSAGE", "text": prose(q, plang, "hubspot_thread_text", n=1),
                     "richText": html_prose(q, plang, "hubspot_thread_richText"), "createdAt": JN(iso(ms=True)),
                     "updatedAt": JN(iso(ms=True)), "conversationsThreadId": JN(str_id(11)), "fingerprint": JN(hn_hash("sha1")),
                     "senders": [{"actorId": "V-" + str(num_id(8)), "name": q.full, "deliveryIdentifier": {"type": "HS_EMAIL_ADDRESS", "value": JV(gen_email(q), "hubspot_deliveryIdentifier") if chance(0.5) else JN(hn_masked_other())}}],
                     "recipients": [{"deliveryIdentifier": {"type": "HS_PHONE_NUMBER", "value": JV(gen_phone(q.country, style="e164"), "hubspot_deliveryIdentifier")}}]})
    return {"id": str(num_id(11)), "properties": props, "createdAt": JN(iso(ms=True)), "archived": False,
            "associations": {"contacts": {"results": [{"id": str(num_id(11)), "type": "ticket_to_contact"}]}},
            "threads": {"results": msgs}}, "hubspot_ticket"


def j_helpscout():
    p = Person()
    lang = p.lang if p.lang in PHRASES else "en"
    cf = []
    for name in R.sample(["dob", "mrn", "member", "phone", "nhs"], R.randint(1, 3)):
        if name == "dob":
            lab = {"de": "Geburtsdatum", "fr": "Date de naissance", "es": "Fecha de nacimiento", "it": "Data di nascita",
                   "pt": "Data de nascimento", "nl": "Geboortedatum", "sv": "Födelsedatum", "pl": "Data urodzenia"}.get(p.lang, "Date of Birth")
            v = gen_dob(lang)
            cf.append({"id": num_id(5), "name": lab, "value": JV(v, "helpscout_customField_value"), "text": JV(v, "helpscout_customField_text")})
        elif name == "mrn":
            v = gen_mrn()
            cf.append({"id": num_id(5), "name": "MRN", "value": JV(v, "helpscout_customField_value"), "text": JV(v, "helpscout_customField_text")})
        elif name == "nhs":
            v = gen_nhs()
            cf.append({"id": num_id(5), "name": "NHS Number", "value": JV(v, "helpscout_customField_value"), "text": JV(v, "helpscout_customField_text")})
        elif name == "phone":
            v = gen_phone(p.country)
            cf.append({"id": num_id(5), "name": "Callback", "value": JV(v, "helpscout_customField_value"), "text": JV(v, "helpscout_customField_text")})
        else:
            cf.append({"id": num_id(5), "name": "Member ID", "value": JN(hn_member()), "text": ""})
    threads = []
    for _ in range(R.randint(1, 4)):
        t = pick(["customer", "reply", "note", "phone"])
        q = p if t == "customer" else Person("en")
        body = prose(p, lang, f"helpscout_thread_{t}") if t != "phone" else J("Phone call from ", cv(gen_phone(p.country), "helpscout_thread_phone"), " — ", hn_ts("us"))
        threads.append({"id": num_id(10 if False else 9), "type": t, "status": "active", "body": body, "createdAt": JN(iso()),
                        "updatedAt": JN(iso()), "source": {"type": pick(["email", "web", "api"]), "via": "customer", "ref": JN(hn_hash("md5"))},
                        "createdBy": {"id": num_id(6), "type": "customer" if t == "customer" else "user", "first": q.first, "last": q.last,
                                      "email": JV(gen_email(q), "helpscout_createdBy") if chance(0.5) else JN(hn_masked_other())}})
    return {"id": num_id(9), "number": num_id(5), "subject": pick(SUBJ[lang]), "status": "active", "mailboxId": num_id(6), "createdAt": JN(iso()),
            "primaryCustomer": {"id": num_id(9), "first": p.first, "last": p.last, "email": JV(gen_email(p), "helpscout_primaryCustomer") if chance(0.6) else JN(hn_masked_other())},
            "customFields": cf, "_embedded": {"threads": threads}}, "helpscout_conversation"


def gh_body():
    d = Doc()
    p = Person("en")
    d.t("### Describe the bug\n", pick(["Deploy fails after rotating credentials.", "Webhook retries forever.", "SMTP relay rejects mail."]),
        "\n\n### Logs\n```\n")
    for _ in range(R.randint(1, 3)):
        k = pick(["env", "log", "ip"])
        if k == "env":
            d.t("AWS_ACCESS_KEY_ID=")
            d.v(gen_aws(), "gh_issue_codeblock")
            d.t("\nGITHUB_TOKEN=")
            d.v(gen_gh(), "gh_issue_codeblock")
            d.t("\n")
        elif k == "log":
            d.t(hn_ts("iso_z"), " ERROR smtp: 550 rejected for ")
            d.v(gen_email(p), "gh_issue_codeblock")
            d.t(" from ")
            d.v(gen_ip(0.3), "gh_issue_codeblock")
            d.t("\n")
        else:
            d.t("connect to [")
            d.v(gen_ipv6(pick(["compressed", "full"])), "gh_issue_codeblock_bracket_port")
            d.t("]:", hn_port(), " failed (", hn_hex_code(), ")\n")
    d.t("```\n\n### Version\n", hn_version(), " (commit ", hn_short_sha(), ")")
    if chance(0.5):
        d.t("\n\n<details><summary>key</summary>\n\n```\n")
        d.v(gen_pkey(pick(["rsa", "ec", "openssh"])), "gh_issue_details")
        d.t("\n```\n</details>")
    return d


def j_github_issue():
    comments = []
    for _ in range(R.randint(1, 3)):
        d = Doc()
        k = pick(["ack", "leak", "mail"])
        if k == "ack":
            d.t("Thanks, can you try ", hn_version(), "? Also please revoke that token ASAP.")
        elif k == "leak":
            d.t("Still failing, here is the `.npmrc`/env:\n```\n//npm.pkg.github.com/:_authToken=")
            d.v(gen_gh(), "gh_comment_codeblock")
            d.t("\n```")
        else:
            d.t("@", pick(["octo-ana", "maint-bot"]), " mail me at ")
            d.v(gen_email(Person()), "gh_comment")
            d.t(" if you need the full dump.")
        comments.append({"id": num_id(9), "user": {"login": pick(["octo-ana", "jwhit", "devops-kai"]), "id": num_id(8), "type": "User"},
                         "body": d, "created_at": JN(iso()), "updated_at": JN(iso()), "node_id": JN(Neg("IC_kwDO" + hex24().text[:16], "record_id")),
                         "author_association": pick(["CONTRIBUTOR", "NONE", "MEMBER"])})
    return {"number": num_id(4), "title": pick(["Deploy broken after key rotation", "SMTP relay 550", "Webhook loop"]), "state": "open",
            "user": {"login": pick(["octo-ana", "jwhit"]), "id": num_id(8), "type": "User"}, "body": gh_body(),
            "labels": [{"name": "bug"}, {"name": pick(["security", "infra"])}], "created_at": JN(iso()), "comments": comments}, "github_issue"


PAIR_LABELS = {
    "en": {"phone": "Phone number", "dob": "Date of birth", "email": "Email", "iban": "IBAN", "mrn": "MRN", "ssn": "SSN"},
    "pt": {"phone": "Telefone", "dob": "Data de nascimento", "email": "E-mail", "iban": "IBAN", "mrn": "Prontuário (MRN)", "ssn": "CPF"},
    "es": {"phone": "Teléfono", "dob": "Fecha de nacimiento", "email": "Correo", "iban": "IBAN", "mrn": "Nº historia clínica (MRN)", "ssn": "DNI"},
    "de": {"phone": "Telefon", "dob": "Geburtsdatum", "email": "E-Mail", "iban": "IBAN", "mrn": "Patienten-ID (MRN)", "ssn": "Steuer-ID"},
    "nl": {"phone": "Telefoon", "dob": "Geboortedatum", "email": "E-mail", "iban": "IBAN", "mrn": "Patiëntnummer (MRN)", "ssn": "BSN"},
}


def j_form_pairs():
    lang = pick(list(PAIR_LABELS))
    p = Person(lang if lang in NAMES else "en")
    L = PAIR_LABELS[lang]
    style = pick(["label_value", "key_val"])
    answers = []
    fields = ["phone", "email", "dob"] + R.sample(["iban", "mrn", "ssn"], R.randint(0, 2))
    for f in fields:
        if f == "phone":
            v = JV(gen_phone(p.country), f"form_pair_{style}_{lang}")
        elif f == "email":
            v = JV(gen_email(p), f"form_pair_{style}_{lang}")
        elif f == "dob":
            v = JV(gen_dob(lang), f"form_pair_{style}_{lang}")
        elif f == "iban":
            v = JV(gen_iban(COUNTRY_IBAN.get(p.country)), f"form_pair_{style}_{lang}")
        elif f == "mrn":
            v = JV(gen_mrn(), f"form_pair_{style}_{lang}")
        else:
            v = JV(gen_ssn(), f"form_pair_{style}_{lang}") if lang == "en" else JN(Neg(nz(8) + pick("ABCDEFG") if lang == "es" else nz(9), "national_id_out_of_scope"))
        answers.append({"label": L[f], "value": v} if style == "label_value" else {"key": L[f], "val": v})
    meta = [{"key": "ip", "val": JV(gen_ip(0.3), "form_pair_meta")}, {"key": "user_agent", "val": "Mozilla/5.0"},
            {"key": "submitted_at", "val": JN(iso())}, {"key": "order_ref", "val": JN(hn_order())},
            {"key": "appointment", "val": JN(hn_date_lang(lang if lang in DOB_FORMATS else "en"))}]
    fields_obj = {"customfield_10042": {"name": L["dob"], "value": JV(gen_dob(lang), f"form_nested_fields_{lang}")},
                  "customfield_10043": {"name": "Ticket", "value": JN(hn_ticket())},
                  "summary": "Form submission " + str(num_id(6))}
    return {"form_id": JN(hn_uuid()), "submission_id": str(num_id(9)), "submitted_at": JN(iso()), "answers": answers,
            "meta": meta, "fields": fields_obj}, "form_pairs"


def j_titlecase():
    p = Person()
    lang = p.lang if p.lang in PHRASES else "en"
    obj = {"Ticket Id": JN(str_id(9)), "Ticket Number": JN(Neg(str(num_id(6)), "ticket_number")), "Subject": pick(SUBJ[lang]),
           "Contact Name": p.full, "Email": JV(gen_email(p), "titlecase_key"), "Phone": JV(gen_phone(p.country), "titlecase_key"),
           "Mobile": JV(gen_phone(p.country, intl=True), "titlecase_key"), "Date Of Birth": JV(gen_dob(lang), "titlecase_key"),
           "Created Time": JN(hn_ts("us")), "Description": prose(p, lang, "titlecase_description"),
           "Custom Fields": {"Bank IBAN": JV(gen_iban(COUNTRY_IBAN.get(p.country)), "titlecase_key"), "Preferred Contact": "Phone"}}
    if chance(0.4):
        obj["Custom Fields"]["Card Number"] = JV(gen_card(), "titlecase_key")
    return obj, "titlecase_export"


def j_servicenow_hr_case():
    p = Person("en", "us")
    dv = lambda a, b: {"display_value": a, "value": b}
    aba = gen_aba()
    ssn = gen_ssn()
    D = rand_dob()
    notes = Doc()
    notes.t(hn_ts("space"), " - ", Person("en").full, " (Work notes)\nEmployee confirmed routing ")
    notes.v(aba, "sn_hr_journal")
    notes.t(" and account ", hn_account(), " for direct deposit; SSN on file ends ", Neg(ssn.text[-4:], "ssn_last4"), ". Old routing ",
            hn_aba_bad(), " was rejected.")
    res = {"sys_id": JN(hex32()), "number": JN(Neg(f"HRC{digits(7)}", "ticket_number")), "hr_service": dv("Payroll Direct Deposit Change", JN(hex32())),
           "subject_person": dv(p.full, JN(hex32())),
           "u_ssn": dv(JN(Neg("***-**-" + ssn.text[-4:], "masked_value")), JV(ssn, "sn_value_u_ssn")),
           "u_routing_number": dv(JV(aba, "sn_display_value_u_routing_number"), JV(aba, "sn_value_u_routing_number")),
           "u_account_number": dv(JN(Neg("******" + digits(4), "masked_value")), JN(hn_account())),
           "u_birth_date": dv(JV(Val(fmt_date(D, "numeric_mdy_slash"), "DATE_OF_BIRTH", "dob.numeric_mdy_slash"), "sn_display_value_u_birth_date"),
                              JV(Val(fmt_date(D, "iso"), "DATE_OF_BIRTH", "dob.iso"), "sn_value_u_birth_date")),
           "u_personal_phone": dv(*[JV(v, c) for v, c in zip(gen_phone_pair("us", first_intl=False), ("sn_display_value", "sn_value"))]),
           "work_notes": dv(notes, ""), "opened_at": dv(JN(hn_ts("us")), JN(hn_ts("space"))), "sys_updated_on": dv(JN(hn_ts("us")), JN(hn_ts("space")))}
    return {"result": res}, "servicenow_hr_case"


JSM_FIELDS = [("AWS Access Key ID", lambda p: gen_aws()), ("GitHub token (to revoke)", lambda p: gen_gh()),
              ("Card number", lambda p: gen_card()), ("Cardholder phone", lambda p: gen_phone(p.country)),
              ("Bank IBAN", lambda p: gen_iban()), ("Employee SSN", lambda p: gen_ssn()),
              ("Source IP", lambda p: gen_ip(0.4)), ("Patient MRN", lambda p: gen_mrn()),
              ("Date of birth", lambda p: gen_dob("en")), ("Provider NPI", lambda p: gen_npi()),
              ("Routing number", lambda p: gen_aba()), ("Private key (PEM)", lambda p: gen_pkey(pick(["ec", "rsa"])))]


def j_jsm_request():
    p = Person()
    rfv = []
    for i, (lab, fn) in enumerate(R.sample(JSM_FIELDS, R.randint(2, 4))):
        v = fn(p)
        rfv.append({"fieldId": f"customfield_{10040 + i}", "label": lab, "value": JV(v, "jsm_requestFieldValues")})
    rfv.append({"fieldId": "duedate", "label": "Due date", "value": JN(hn_date("iso"))})
    rfv.append({"fieldId": "customfield_10099", "label": "Order number", "value": JN(hn_order())})
    return {"issueId": str(num_id(5)), "issueKey": JN(Neg(f"SEC-{nz(4)}", "ticket_number")), "requestTypeId": str(R.randint(1, 40)),
            "serviceDeskId": str(R.randint(1, 9)), "createdDate": {"iso8601": JN(Neg(rand_ts().strftime("%Y-%m-%dT%H:%M:%S+0000"), "timestamp")),
                                                                   "friendly": JN(hn_ts("us"))},
            "reporter": {"accountId": JN(Neg("5b10a284" + hex24().text[:16], "record_id")), "emailAddress": JV(gen_email(p), "jsm_reporter"),
                         "displayName": p.full},
            "requestFieldValues": rfv, "currentStatus": {"status": "Waiting for support", "statusDate": {"iso8601": JN(iso())}}}, "jsm_request"


def j_provider_credentialing():
    dr = Person("en", "us")
    rec = {"attributes": {"type": "Provider_Credentialing__c"}, "Id": JN(hn_sf_id("a0X")), "Name": "Dr. " + dr.full,
           "NPI__c": JV(gen_npi(), "sf_NPI__c"), "DEA_Number__c": JV(gen_dea(dr.alast), "sf_DEA_Number__c"),
           "Office_Phone__c": JV(gen_phone("us", intl=False), "sf_custom_field"), "Office_Fax__c": JV(gen_phone("us", intl=False), "sf_custom_field"),
           "Email__c": JV(gen_email(dr), "sf_custom_field"), "License_Expiry__c": JN(hn_date("iso")), "CAQH_ID__c": JN(Neg(nz(8), "caqh_id")),
           "Notes__c": J("Previous DEA ", hn_dea_bad(dr.alast[0]), " failed checksum; group NPI ", cv(gen_npi(), "sf_Notes__c"), " verified on NPPES ",
                         hn_date("numeric_mdy_slash"), "."),
           "CreatedDate": JN(Neg(rand_ts().strftime("%Y-%m-%dT%H:%M:%S.000+0000"), "timestamp"))}
    return {"totalSize": 1, "done": True, "records": [rec]}, "salesforce_provider"


JSON_TEMPLATES = [(j_servicenow_incident, 11), (j_servicenow_journal, 6), (j_servicenow_hr_case, 8), (j_salesforce_case, 12),
                  (j_provider_credentialing, 8), (j_intercom, 9), (j_hubspot, 9), (j_helpscout, 10), (j_github_issue, 9),
                  (j_form_pairs, 8), (j_jsm_request, 14), (j_titlecase, 5)]


def ptr_escape(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def walk_json(obj, ptr=""):
    """Replace Doc leaves by strings; return (plain_obj, [(ptr, Doc)], [(ptr, str)] plain strings, [numbers])."""
    docs, plain, nums = [], [], []
    def rec(o, p):
        if isinstance(o, Doc):
            docs.append((p, o))
            return o.text()
        if isinstance(o, dict):
            out = {}
            for k, v in o.items():
                plain.append((p + "#key", k))
                out[k] = rec(v, p + "/" + ptr_escape(k))
            return out
        if isinstance(o, list):
            return [rec(v, f"{p}/{i}") for i, v in enumerate(o)]
        if isinstance(o, str):
            plain.append((p, o))
        elif isinstance(o, (int, float)) and not isinstance(o, bool):
            nums.append((p, o))
        return o
    return rec(obj, ptr), docs, plain, nums


# =============================================================================
# generation driver
# =============================================================================


def byte_offsets(text, spans_or_negs):
    out = []
    for s in spans_or_negs:
        b0 = len(text[:s["cstart"]].encode("utf-8"))
        b1 = b0 + len(text[s["cstart"]:s["cend"]].encode("utf-8"))
        out.append({"start": b0, "end": b1, **s})
    return out


RETRIES = Counter()
RETRY_REASONS = Counter()


def make_note(tpl):
    probs = []
    for attempt in range(80):
        if attempt:
            RETRIES[tpl.__name__] += 1
            RETRY_REASONS[re.sub(r"'.*", "", probs[0])[:60] if probs else "range"] += 1
        d = Doc()
        cat, tags = tpl(d)
        text = d.text()
        if text != text.strip():
            # trailing newline etc: trim safely (spans never touch whitespace ends)
            lead = len(text) - len(text.lstrip())
            text = text.strip()
            for s in d.spans + d.negs:
                s["cstart"] -= lead
                s["cend"] -= lead
        probs = doc_problems(text, d.spans, d.negs)
        if not probs and all(0 <= s["cstart"] and s["cend"] <= len(text) for s in d.spans + d.negs):
            return text, d, cat, tags
    raise RuntimeError(f"{tpl.__name__}: cannot build a clean note: {probs[:3]}")


def make_ticket(tpl):
    probs = []
    for attempt in range(80):
        if attempt:
            RETRIES[tpl.__name__] += 1
            RETRY_REASONS[re.sub(r"'.*", "", probs[0])[:60] if probs else "?"] += 1
        obj, shape = tpl()
        plain_obj, docs, plain, nums = walk_json(obj)
        probs = []
        for p, d in docs:
            probs += doc_problems(d.text(), d.spans, d.negs)
        for p, s in plain:
            probs += leak_problems(s, [])
        for p, n in nums:
            if _digit_checks(str(n)):
                probs.append(f"number {n} passes a checksum")
        if not probs:
            return plain_obj, docs, shape
    raise RuntimeError(f"{tpl.__name__}: cannot build a clean ticket: {probs[:3]}")


def schedule(templates, n):
    tot = sum(w for _, w in templates)
    out = []
    for t, w in templates:
        out += [t] * round(n * w / tot)
    while len(out) < n:
        out.append(wpick(templates))
    out = out[:n]
    R.shuffle(out)
    return out


def generate():
    global R
    R = random.Random(SEED)
    notes = []
    for i, tpl in enumerate(schedule(TEXT_TEMPLATES, N_NOTES)):
        text, d, cat, tags = make_note(tpl)
        spans = sorted(byte_offsets(text, d.spans), key=lambda s: s["cstart"])
        negs = sorted(byte_offsets(text, d.negs), key=lambda s: s["cstart"])
        tagset = [cat] + tags + (["pii"] if spans else ["no_pii"]) + (["non_ascii"] if not text.isascii() else [])
        notes.append({"id": f"h6-{i:05d}", "category": cat, "tags": sorted(set(tagset)), "text": text,
                      "spans": [{"start": s["start"], "end": s["end"], "cstart": s["cstart"], "cend": s["cend"],
                                 "entity": s["entity"], "fmt": s["fmt"]} for s in spans],
                      "hard_negatives": [{"start": s["start"], "end": s["end"], "cstart": s["cstart"], "cend": s["cend"],
                                          "kind": s["kind"]} for s in negs]})
    with open(HERE / "notes.jsonl", "w", encoding="utf-8") as f:
        for n in notes:
            f.write(json.dumps(n, ensure_ascii=False) + "\n")
    corpus, index, bo, co = [], [], 0, 0
    for n in notes:
        t = n["text"]
        bl, cl = len(t.encode("utf-8")), len(t)
        index.append({"id": n["id"], "byte_offset": bo, "byte_len": bl, "char_offset": co, "char_len": cl})
        corpus.append(t)
        bo += bl + 2
        co += cl + 2
    (HERE / "corpus.txt").write_bytes("\n\n".join(corpus).encode("utf-8"))
    with open(HERE / "corpus_index.jsonl", "w", encoding="utf-8") as f:
        for r in index:
            f.write(json.dumps(r) + "\n")

    jd = HERE / "notes_json"
    if jd.exists():
        shutil.rmtree(jd)
    jd.mkdir()
    labels, jnegs = [], []
    tid = 700000
    for tpl in schedule(JSON_TEMPLATES, N_JSON):
        tid += R.randint(3, 97)
        obj, docs, shape = make_ticket(tpl)
        fname = f"ticket_{tid}.json"
        ensure_ascii = chance(0.3)
        raw = json.dumps(obj, ensure_ascii=ensure_ascii, indent=pick([None, 2, 2]))
        if shape.startswith("servicenow") and chance(0.5):
            raw = raw.replace("/", "\\/")  # PHP/ServiceNow-style escaped slashes: same decoded values
        assert json.loads(raw) == obj
        (jd / fname).write_text(raw + "\n", encoding="utf-8")
        for ptr, d in docs:
            text = d.text()
            for s in sorted(byte_offsets(text, d.spans), key=lambda s: s["cstart"]):
                labels.append({"file": fname, "json_pointer": ptr, "start": s["start"], "end": s["end"], "cstart": s["cstart"],
                               "cend": s["cend"], "entity": s["entity"], "fmt": s["fmt"], "shape": shape})
            for s in sorted(byte_offsets(text, d.negs), key=lambda s: s["cstart"]):
                jnegs.append({"file": fname, "json_pointer": ptr, "start": s["start"], "end": s["end"], "cstart": s["cstart"],
                              "cend": s["cend"], "kind": s["kind"]})
    with open(jd / "labels.jsonl", "w", encoding="utf-8") as f:
        for r in labels:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(HERE / "json_hard_negatives.jsonl", "w", encoding="utf-8") as f:
        for r in jnegs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    if RETRIES:
        print("regenerated (value collided with a checker):", ", ".join(f"{k}={v}" for k, v in RETRIES.most_common()))
        print("  reasons:", "; ".join(f"{k}={v}" for k, v in RETRY_REASONS.most_common(8)))


# =============================================================================
# independent self-check (reads only the files on disk)
# =============================================================================


def json_get(obj, ptr):
    for part in ptr.lstrip("/").split("/") if ptr else []:
        part = part.replace("~1", "/").replace("~0", "~")
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def iter_json(o, p=""):
    if isinstance(o, dict):
        for k, v in o.items():
            yield p + "#key", k
            yield from iter_json(v, p + "/" + ptr_escape(k))
    elif isinstance(o, list):
        for i, v in enumerate(o):
            yield from iter_json(v, f"{p}/{i}")
    else:
        yield p, o


def check_offsets(text, rows, what, errs):
    tb = text.encode("utf-8")
    for r in rows:
        cs, ce, bs, be = r["cstart"], r["cend"], r["start"], r["end"]
        if not (0 <= cs < ce <= len(text)) or not (0 <= bs < be <= len(tb)):
            errs.append(f"{what}: offsets out of range {r}")
            continue
        if tb[bs:be].decode("utf-8", "replace") != text[cs:ce] or len(text[:cs].encode("utf-8")) != bs:
            errs.append(f"{what}: byte/char offsets disagree {r}")


def self_check(verbose=True):
    errs = []
    stats = {"notes": 0, "labels": Counter(), "negs": 0, "json_files": 0, "json_labels": Counter(), "json_negs": 0,
             "fmt_families": Counter()}
    notes = [json.loads(l) for l in (HERE / "notes.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    stats["notes"] = len(notes)
    ids = set()
    for n in notes:
        for k in ("id", "category", "tags", "text", "spans", "hard_negatives"):
            if k not in n:
                errs.append(f"{n.get('id')}: missing key {k}")
        if n["id"] in ids:
            errs.append(f"duplicate id {n['id']}")
        ids.add(n["id"])
        t = n["text"]
        check_offsets(t, n["spans"], n["id"], errs)
        check_offsets(t, n["hard_negatives"], n["id"] + " (neg)", errs)
        for s in n["spans"]:
            if s["entity"] not in ENTITIES:
                errs.append(f"{n['id']}: unknown entity {s['entity']}")
            if not re.fullmatch(r"[a-z0-9]+(\.[A-Za-z0-9_\-]+){1,}", s.get("fmt", "")):
                errs.append(f"{n['id']}: bad fmt {s.get('fmt')!r}")
            stats["labels"][s["entity"]] += 1
            stats["fmt_families"][s["fmt"].split(".")[0]] += 1
        stats["negs"] += len(n["hard_negatives"])
        for p in doc_problems(t, n["spans"], n["hard_negatives"]):
            errs.append(f"{n['id']}: {p}")
    # corpus + index
    corpus = (HERE / "corpus.txt").read_bytes().decode("utf-8")  # no newline translation (CRLF keys)
    if corpus != "\n\n".join(n["text"] for n in notes):
        errs.append("corpus.txt is not the notes joined by a blank line")
    cb = corpus.encode("utf-8")
    index = [json.loads(l) for l in (HERE / "corpus_index.jsonl").read_text().splitlines() if l.strip()]
    if [r["id"] for r in index] != [n["id"] for n in notes]:
        errs.append("corpus_index ids differ from notes.jsonl order")
    for r, n in zip(index, notes):
        if cb[r["byte_offset"]:r["byte_offset"] + r["byte_len"]] != n["text"].encode("utf-8"):
            errs.append(f"corpus_index byte range wrong for {r['id']}")
        if corpus[r["char_offset"]:r["char_offset"] + r["char_len"]] != n["text"]:
            errs.append(f"corpus_index char range wrong for {r['id']}")
    # JSON set
    jd = HERE / "notes_json"
    files = sorted(jd.glob("ticket_*.json"))
    stats["json_files"] = len(files)
    objs = {f.name: json.loads(f.read_text(encoding="utf-8")) for f in files}
    labels = [json.loads(l) for l in (jd / "labels.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    jnegs = [json.loads(l) for l in (HERE / "json_hard_negatives.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    stats["json_negs"] = len(jnegs)
    by_doc, neg_by_doc = {}, {}
    for r in labels:
        for k in ("file", "json_pointer", "start", "end", "cstart", "cend", "entity", "fmt"):
            if k not in r:
                errs.append(f"label missing {k}: {r}")
        by_doc.setdefault((r["file"], r["json_pointer"]), []).append(r)
        stats["json_labels"][r["entity"]] += 1
    for r in jnegs:
        neg_by_doc.setdefault((r["file"], r["json_pointer"]), []).append(r)
    for (fn, ptr), rows in list(by_doc.items()) + [(k, []) for k in neg_by_doc if k not in by_doc]:
        if fn not in objs:
            errs.append(f"label refers to missing file {fn}")
            continue
        try:
            val = json_get(objs[fn], ptr)
        except (KeyError, IndexError, ValueError, TypeError):
            errs.append(f"{fn}#{ptr}: pointer does not resolve")
            continue
        if not isinstance(val, str):
            errs.append(f"{fn}#{ptr}: labelled value is not a string")
            continue
        negs = neg_by_doc.get((fn, ptr), [])
        check_offsets(val, rows, f"{fn}#{ptr}", errs)
        check_offsets(val, negs, f"{fn}#{ptr} (neg)", errs)
        for p in doc_problems(val, rows, negs):
            errs.append(f"{fn}#{ptr}: {p}")
    for fn, obj in objs.items():
        for ptr, v in iter_json(obj):
            if isinstance(v, str) and (fn, ptr) not in by_doc:
                for p in leak_problems(v, []):
                    errs.append(f"{fn}#{ptr}: {p}")
            elif isinstance(v, (int, float)) and not isinstance(v, bool) and _digit_checks(str(v)):
                errs.append(f"{fn}#{ptr}: JSON number {v} passes a checksum")
    # volume
    nl, jl = sum(stats["labels"].values()), sum(stats["json_labels"].values())
    if stats["negs"] < nl:
        errs.append(f"notes: fewer hard negatives ({stats['negs']}) than labelled values ({nl})")
    if stats["json_negs"] < jl:
        errs.append(f"json: fewer hard negatives ({stats['json_negs']}) than labelled values ({jl})")
    missing = [e for e in ENTITIES if not (stats["labels"][e] + stats["json_labels"][e])]
    if missing:
        errs.append(f"entities without any value: {missing}")
    # self-scoring through the real scorer
    if not errs:
        errs += self_score(notes, index, labels)
    if verbose:
        print(f"notes: {stats['notes']}  labelled values: {nl}  hard negatives: {stats['negs']}")
        allc = stats["labels"] + stats["json_labels"]
        tot = sum(allc.values())
        for e in ENTITIES:
            print(f"  {e:<22} notes={stats['labels'][e]:>5} json={stats['json_labels'][e]:>4}  share={allc[e] / tot:6.1%}")
        print(f"json files: {stats['json_files']}  json labels: {jl}  json hard negatives: {stats['json_negs']}")
    for e in errs[:60]:
        print("SELF-CHECK:", e, file=sys.stderr)
    if errs:
        print(f"self-check FAILED: {len(errs)} problem(s)", file=sys.stderr)
        return 1
    print("self-check OK")
    return 0


def self_score(notes, index, labels):
    errs = []
    out = HERE / "out" / "selfcheck"
    out.mkdir(parents=True, exist_ok=True)
    off = {r["id"]: r["byte_offset"] for r in index}
    with open(out / "gold_as_notes_pred.jsonl", "w") as f:
        for n in notes:
            for s in n["spans"]:
                f.write(json.dumps({"start": off[n["id"]] + s["start"], "end": off[n["id"]] + s["end"], "entity": s["entity"]}) + "\n")
    with open(out / "gold_as_json_pred.jsonl", "w") as f:
        for r in labels:
            f.write(json.dumps({"file": r["file"], "json_pointer": r["json_pointer"], "start": r["start"], "end": r["end"],
                                "entity": r["entity"]}) + "\n")
    runs = [[str(HERE / "notes.jsonl"), str(out / "gold_as_notes_pred.jsonl"), "--corpus-index", str(HERE / "corpus_index.jsonl")],
            [str(HERE / "notes_json" / "labels.jsonl"), str(out / "gold_as_json_pred.jsonl")]]
    for args in runs:
        r = subprocess.run([sys.executable, str(SCORE_PY)] + args + ["--min-precision", "1", "--min-recall", "1"],
                           capture_output=True, text=True)
        last = [l for l in r.stdout.splitlines() if l.startswith("overall:")]
        exact = [l for l in r.stdout.splitlines() if l.startswith("exact match:")]
        if r.returncode != 0 or not last or "P=1.000 R=1.000" not in last[-1] or not exact or "P=1.000 R=1.000" not in exact[-1]:
            errs.append(f"self-score failed for {args[0]}: rc={r.returncode} {last} {exact} {r.stderr.strip()[:300]}")
    return errs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="only re-run the self-check on the files on disk")
    a = ap.parse_args()
    if not a.check:
        generate()
    sys.exit(self_check())


if __name__ == "__main__":
    main()
