#!/usr/bin/env python3
"""heldout5 -- independent labelled held-out corpus for a PII/PHI/PCI scanner.

    python3 gen.py            # writes notes.jsonl, corpus.txt, corpus_index.jsonl,
                              # notes_json/ticket_*.json, notes_json/labels.jsonl,
                              # then runs the self-check (exit 1 on any problem)
    python3 gen.py --check    # self-check only, on the files already written

Standard library only, fixed seed, deterministic output.
Texts are written from scratch (templates below are hand-written for this set);
values are synthetic and every checksum-bearing value is valid.
"""
from __future__ import annotations

import base64
import html
import ipaddress
import json
import random
import re
import shutil
import subprocess
import sys
import zlib
from collections import Counter
from pathlib import Path

SEED = 5_1729_2025
HERE = Path(__file__).resolve().parent
DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
LOWER = UPPER.lower()
ALNUM = DIGITS + UPPER + LOWER
B62 = DIGITS + UPPER + LOWER

# =============================================================================
# checksums / validators
# =============================================================================


def luhn_ok(num: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(num)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_digit(payload: str) -> str:
    for c in DIGITS:
        if luhn_ok(payload + c):
            return c
    raise AssertionError


def npi_ok(s: str) -> bool:
    return len(s) == 10 and s.isdigit() and s[0] in "12" and luhn_ok("80840" + s)


def nhs_ok(s: str) -> bool:
    if len(s) != 10 or not s.isdigit():
        return False
    total = sum(int(s[i]) * (10 - i) for i in range(9))
    c = 11 - total % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(s[9])


def aba_ok(s: str) -> bool:
    if len(s) != 9 or not s.isdigit():
        return False
    d = [int(c) for c in s]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0


def aba_prefix_ok(s: str) -> bool:
    p = int(s[:2])
    return 1 <= p <= 12 or 21 <= p <= 32 or 61 <= p <= 72 or p == 80


DEA_FIRST = "ABCDEFGHJKLMPRSTUX"


def dea_ok(s: str) -> bool:
    if len(s) != 9 or s[0] not in DEA_FIRST or not (s[1].isalpha() or s[1] == "9") or not s[2:].isdigit():
        return False
    d = [int(c) for c in s[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


IBAN_LEN = {"DE": 22, "FR": 27, "GB": 22, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "AT": 20, "CH": 21,
            "PL": 28, "PT": 25, "SE": 24, "IE": 22, "DK": 18, "NO": 15, "FI": 18, "LU": 20, "CZ": 24}


def iban_ok(s: str) -> bool:
    s = s.replace(" ", "").replace("-", "")
    if len(s) < 15 or s[:2] not in IBAN_LEN or len(s) != IBAN_LEN[s[:2]]:
        return False
    r = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in r)) % 97 == 1


def ssn_ok(s: str) -> bool:
    d = re.sub(r"\D", "", s)
    if len(d) != 9:
        return False
    a, g, n = int(d[:3]), int(d[3:5]), int(d[5:])
    return a != 0 and a != 666 and a < 900 and g != 0 and n != 0


def card_ok(s: str) -> bool:
    d = re.sub(r"[ -]", "", s)
    if not d.isdigit() or not luhn_ok(d):
        return False
    n = len(d)
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if d[0] == "4":
        return n in (13, 16, 19)
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        return n == 16
    if p2 in (34, 37):
        return n == 15
    if p4 == 6011 or 644 <= p3 <= 649 or p2 == 65:
        return 16 <= n <= 19
    if 3528 <= p4 <= 3589:
        return 16 <= n <= 19
    if p2 in (36, 38) or 300 <= p3 <= 305:
        return n == 14
    if p2 == 62:
        return 16 <= n <= 19
    if p4 in (5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763):
        return 12 <= n <= 19
    return False


def gh_checksum(body30: str) -> str:
    c = zlib.crc32(body30.encode())
    out = ""
    while c:
        c, rem = divmod(c, 62)
        out = B62[rem] + out
    return out.rjust(6, "0")


# =============================================================================
# value generators (return raw value strings)
# =============================================================================

def rdig(r, n, first=None):
    s = "".join(r.choice(DIGITS) for _ in range(n))
    if first is not None:
        s = r.choice(first) + s[1:]
    return s


def group(s, sizes, sep):
    out, i = [], 0
    for k in sizes:
        out.append(s[i:i + k])
        i += k
    if i < len(s):
        out.append(s[i:])
    return sep.join(x for x in out if x)


CARD_BRANDS = ["visa"] * 6 + ["mc"] * 4 + ["mc2"] * 2 + ["amex"] * 4 + ["disc"] * 3 + ["jcb"] * 3 + ["diners"] * 2 + \
    ["unionpay"] * 2 + ["maestro"] * 3 + ["visa19"] * 1


def card_digits(r, brand):
    if brand == "visa":
        pre, n = "4", 16
    elif brand == "visa19":
        pre, n = "4", 19
    elif brand == "mc":
        pre, n = str(r.randint(51, 55)), 16
    elif brand == "mc2":
        pre, n = str(r.randint(2221, 2720)), 16
    elif brand == "amex":
        pre, n = r.choice(["34", "37"]), 15
    elif brand == "disc":
        pre, n = r.choice(["6011", str(r.randint(644, 649)), "65"]), r.choice([16, 16, 16, 19])
    elif brand == "jcb":
        pre, n = str(r.randint(3528, 3589)), r.choice([16, 16, 16, 19])
    elif brand == "diners":
        pre, n = r.choice(["36", "38", "30" + str(r.randint(0, 5))]), 14
    elif brand == "unionpay":
        pre, n = "62" + str(r.randint(1, 9)), r.choice([16, 16, 19])
    elif brand == "maestro":
        pre, n = r.choice(["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"]), r.choice([16, 19])
    else:
        raise ValueError(brand)
    body = pre + rdig(r, n - len(pre) - 1)
    return body + luhn_digit(body)


def card_format(d, style):
    n = len(d)
    if n == 15:
        sizes = [4, 6, 5]
    elif n == 14:
        sizes = [4, 6, 4]
    else:
        sizes = [4, 4, 4, 4, 4]
    if style == "spaces":
        return group(d, sizes, " ")
    if style == "dashes":
        return group(d, sizes, "-")
    return d


def ssn_value(r, style="dashes"):
    while True:
        a = r.randint(1, 899)
        if a != 666:
            break
    g, n = r.randint(1, 99), r.randint(1, 9999)
    a, g, n = f"{a:03d}", f"{g:02d}", f"{n:04d}"
    return {"dashes": f"{a}-{g}-{n}", "spaces": f"{a} {g} {n}", "none": f"{a}{g}{n}"}[style]


def npi_value(r):
    while True:
        base = r.choice("12") + rdig(r, 8)
        v = base + luhn_digit("80840" + base)
        if not nhs_ok(v) and not aba_ok(v[:9]):
            return v


def nhs_value(r):
    while True:
        v9 = r.choice("467") + rdig(r, 8)
        total = sum(int(v9[i]) * (10 - i) for i in range(9))
        c = 11 - total % 11
        if c == 11:
            c = 0
        if c == 10:
            continue
        v = v9 + str(c)
        if not npi_ok(v):
            return v


def dea_value(r, surname="X"):
    first = r.choice("AAABBBFFGGMMPRX")
    second = surname[0].upper() if surname and surname[0].upper() in UPPER else "9"
    d = [r.randint(0, 9) for _ in range(6)]
    cd = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    return first + second + "".join(map(str, d)) + str(cd)


def aba_value(r):
    while True:
        p = r.choice([r.randint(1, 12), r.randint(21, 32), r.randint(21, 32), r.randint(61, 72)])
        body = f"{p:02d}" + rdig(r, 6)
        for c in DIGITS:
            if aba_ok(body + c):
                v = body + c
                if not ssn_ok(v) or r.random() < 0.3:
                    return v


# ---- IBAN ---------------------------------------------------------------

FR_LETTER = {c: v for v, cs in {1: "AJ", 2: "BKS", 3: "CLT", 4: "DMU", 5: "ENV", 6: "FOW", 7: "GPX", 8: "HQY",
                                 9: "IRZ"}.items() for c in cs}
IT_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]
ES_W = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]


def _es_dc(ten):
    s = sum(int(c) * w for c, w in zip(ten, ES_W))
    d = 11 - s % 11
    return {11: 0, 10: 1}.get(d, d)


def bban(r, cc):
    if cc == "DE":
        return r.choice(["10070000", "37040044", "50010517", "20041133", "76026000", "43060967", "12030000",
                         "70020270", "66050101"]) + rdig(r, 10, "123456789")
    if cc == "FR":
        bank = r.choice(["30004", "30003", "10278", "20041", "18206", "30066", "11315"])
        branch, acct = rdig(r, 5), rdig(r, 11)
        key = 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)
        return f"{bank}{branch}{acct}{key:02d}"
    if cc == "GB":
        return r.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "BUKB", "MONZ"]) + rdig(r, 6) + rdig(r, 8)
    if cc == "ES":
        bank, branch, acct = r.choice(["2100", "0049", "0182", "2085", "0081", "1465"]), rdig(r, 4), rdig(r, 10)
        return f"{bank}{branch}{_es_dc('00' + bank + branch)}{_es_dc(acct)}{acct}"
    if cc == "IT":
        abi, cab, acct = r.choice(["03069", "02008", "05034", "03062", "01030"]), rdig(r, 5), rdig(r, 12)
        s = abi + cab + acct
        tot = sum(IT_ODD[int(c)] if i % 2 == 0 else int(c) for i, c in enumerate(s))
        return UPPER[tot % 26] + s
    if cc == "NL":
        while True:
            acct = rdig(r, 10, "0123456789")
            if sum(int(acct[i]) * (10 - i) for i in range(10)) % 11 == 0:
                return r.choice(["ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB", "BUNQ"]) + acct
    if cc == "BE":
        ten = r.choice(["001", "068", "310", "363", "735", "063"]) + rdig(r, 7)
        c = int(ten) % 97 or 97
        return f"{ten}{c:02d}"
    if cc == "AT":
        return r.choice(["12000", "20111", "32000", "14000", "19043"]) + rdig(r, 11)
    if cc == "CH":
        return r.choice(["00762", "00230", "08390", "00700", "80808"]) + rdig(r, 12)
    if cc == "PL":
        return r.choice(["10901014", "10501445", "11402004", "12401037", "24901044"]) + rdig(r, 16)
    if cc == "PT":
        nineteen = r.choice(["0035", "0033", "0010", "0007", "0036"]) + rdig(r, 4) + rdig(r, 11)
        c = 98 - (int(nineteen) * 100) % 97
        return f"{nineteen}{c:02d}"
    if cc == "SE":
        return r.choice(["500", "800", "600", "300", "120"]) + rdig(r, 17)
    if cc == "IE":
        return r.choice(["AIBK", "BOFI", "IPBS", "ULSB"]) + rdig(r, 6) + rdig(r, 8)
    if cc == "DK":
        return r.choice(["0040", "3000", "5301", "9570"]) + rdig(r, 10)
    if cc == "NO":
        while True:
            ten = r.choice(["8601", "1503", "9710", "6011"]) + rdig(r, 6)
            s = sum(int(c) * w for c, w in zip(ten, [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]))
            c = 11 - s % 11
            if c == 11:
                c = 0
            if c != 10:
                return ten + str(c)
    if cc == "FI":
        thirteen = r.choice(["123456", "800012", "423456", "157135"]) + rdig(r, 7)
        return thirteen + luhn_digit(thirteen)
    if cc == "LU":
        return r.choice(["001", "019", "014", "030"]) + rdig(r, 13)
    if cc == "CZ":
        return r.choice(["0800", "0100", "2010", "0300"]) + rdig(r, 16)
    raise ValueError(cc)


def iban_compact(r, cc):
    b = bban(r, cc)
    rearr = b + cc + "00"
    cd = 98 - int("".join(str(int(c, 36)) for c in rearr)) % 97
    v = f"{cc}{cd:02d}{b}"
    assert len(v) == IBAN_LEN[cc], (cc, v)
    return v


def iban_grouped(v):
    return " ".join(v[i:i + 4] for i in range(0, len(v), 4))


# ---- IP -----------------------------------------------------------------

V4_PUBLIC_FIRST = [23, 31, 37, 45, 46, 62, 77, 78, 79, 80, 81, 82, 84, 85, 86, 87, 88, 89, 91, 93, 94, 95, 104,
                   109, 138, 145, 146, 151, 152, 176, 178, 185, 188, 193, 194, 195, 203, 212, 213, 217]


def ipv4(r, kind="any"):
    if kind == "any":
        kind = r.choice(["pub", "pub", "pub", "priv"])
    if kind == "priv":
        c = r.randint(0, 2)
        if c == 0:
            return f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
        if c == 1:
            return f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
        return f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}"
    return f"{r.choice(V4_PUBLIC_FIRST)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"


V6_PREFIXES = ["2a02:8108", "2001:4860", "2606:4700", "2a01:4f8", "2600:1f18", "2a00:1450", "2001:16b8",
               "2a03:2880", "2604:a880", "2a0a:a541", "2003:e2", "2804:14c"]


def ipv6(r, kind="compressed"):
    pre = r.choice(V6_PREFIXES).split(":")
    groups = [int(g, 16) for g in pre]
    while len(groups) < 8:
        groups.append(r.randint(0, 0xFFFF))
    if kind in ("compressed", "cidr", "port"):
        # zero a run so that compression kicks in
        k = r.randint(3, 5)
        for i in range(k, min(7, k + r.randint(2, 4))):
            groups[i] = 0
    addr = ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups))
    if kind == "full":
        return addr.exploded
    if kind == "full_nopad":
        return ":".join(f"{g:x}" for g in groups)
    return addr.compressed


def ipv6_linklocal(r):
    g = [0xfe80, 0, 0, 0] + [r.randint(0, 0xFFFF) for _ in range(4)]
    return ipaddress.IPv6Address(":".join(f"{x:x}" for x in g)).compressed


# ---- secrets ------------------------------------------------------------

B32 = UPPER + "234567"


def aws_value(r, kind="AKIA"):
    while True:
        v = kind + "".join(r.choice(B32) for _ in range(16))
        if "EXAMPLE" not in v:
            return v


def gh_value(r, kind="ghp"):
    if kind == "pat":
        return "github_pat_" + "".join(r.choice(ALNUM) for _ in range(22)) + "_" + "".join(
            r.choice(ALNUM) for _ in range(59))
    body = "".join(r.choice(ALNUM) for _ in range(30))
    return f"{kind}_{body}{gh_checksum(body)}"


PEM_KINDS = {
    # kind: (label, DER header bytes, total length, line width)
    "rsa": ("RSA PRIVATE KEY", bytes.fromhex("308204a40201000282010100"), 1192, 64),
    "pkcs8": ("PRIVATE KEY", bytes.fromhex("308204be020100300d06092a864886f70d0101010500048204a8"), 1218, 64),
    "ec": ("EC PRIVATE KEY", bytes.fromhex("30770201010420"), 121, 64),
    "openssh": ("OPENSSH PRIVATE KEY", b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00"
                + b"\x00\x00\x00\x01\x00\x00\x003\x00\x00\x00\x0bssh-ed25519", 399, 70),
    "enc": ("ENCRYPTED PRIVATE KEY", bytes.fromhex("308205243056"), 1320, 64),
    "rsa1024": ("RSA PRIVATE KEY", bytes.fromhex("3082025c02010002818100"), 608, 64),
}


def pem_lines(r, kind):
    label, head, total, width = PEM_KINDS[kind]
    raw = head + bytes(r.randint(0, 255) for _ in range(total - len(head)))
    b64 = base64.b64encode(raw).decode()
    body = [b64[i:i + width] for i in range(0, len(b64), width)]
    return [f"-----BEGIN {label}-----"] + body + [f"-----END {label}-----"]


def cert_lines(r, label="CERTIFICATE", n=900):
    raw = bytes.fromhex("30820384308202") + bytes(r.randint(0, 255) for _ in range(n))
    b64 = base64.b64encode(raw).decode()
    return [f"-----BEGIN {label}-----"] + [b64[i:i + 64] for i in range(0, len(b64), 64)] + [f"-----END {label}-----"]


# ---- phones -------------------------------------------------------------

US_AREAS = ["212", "415", "312", "617", "206", "303", "512", "404", "718", "646", "202", "305", "702", "480",
            "619", "503", "612", "216", "314", "901", "973", "856", "469", "727", "520", "614", "804", "919"]
TOLLFREE = ["800", "888", "877", "866", "855", "844"]


def _nxx(r):
    while True:
        v = str(r.randint(2, 9)) + rdig(r, 2)
        if v[1:] != "11":
            return v


def phone_variants(r, cc, kind):
    """Return (kind, {style: value}) for one fresh number of the given country/kind."""
    if cc == "us":
        kind = kind or r.choice(["fixed", "fixed", "fixed", "mobile", "tollfree"])
        a = r.choice(TOLLFREE) if kind == "tollfree" else r.choice(US_AREAS)
        x = "555" if r.random() < 0.25 else _nxx(r)
        ln = ("01" + rdig(r, 2)) if x == "555" else rdig(r, 4)
        v = {"paren": f"({a}) {x}-{ln}", "dashes": f"{a}-{x}-{ln}", "dots": f"{a}.{x}.{ln}",
             "intl_spaced": f"+1 {a} {x} {ln}", "intl_dashes": f"+1-{a}-{x}-{ln}", "e164": f"+1{a}{x}{ln}",
             "one_dashes": f"1-{a}-{x}-{ln}", "intl_paren": f"+1 ({a}) {x}-{ln}", "compact": f"{a}{x}{ln}",
             "paren_nospace": f"({a}){x}-{ln}",
             "one_paren": f"1 ({a}) {x}-{ln}"}
        if kind == "tollfree":
            v = {k: v[k] for k in ("one_dashes", "paren", "dashes", "intl_spaced", "one_paren")}
        return kind, v
    if cc == "ca":
        kind = kind or "fixed"
        a = r.choice(["416", "604", "514", "403", "613", "647"])
        x, ln = _nxx(r), rdig(r, 4)
        return kind, {"paren": f"({a}) {x}-{ln}", "dashes": f"{a}-{x}-{ln}", "intl_spaced": f"+1 {a} {x} {ln}"}
    if cc == "gb":
        kind = kind or r.choice(["fixed", "mobile", "mobile"])
        if kind == "mobile":
            p = "7" + r.choice(["4", "5", "7", "8", "9"]) + rdig(r, 2)
            s = rdig(r, 6)
            return kind, {"national": f"0{p} {s}", "intl_spaced": f"+44 {p} {s}", "e164": f"+44{p}{s}",
                          "national_compact": f"0{p}{s}", "intl_split": f"+44 (0){p} {s}"}
        if r.random() < 0.5:
            a, b, c = "20", r.choice(["7", "8", "3"]) + rdig(r, 3), rdig(r, 4)
            return kind, {"national": f"0{a} {b} {c}", "intl_spaced": f"+44 {a} {b} {c}",
                          "intl_split": f"+44 (0){a} {b} {c}", "paren": f"(0{a}) {b} {c}", "e164": f"+44{a}{b}{c}"}
        a = r.choice(["161", "121", "131", "113", "117", "141", "151", "114"])
        b, c = rdig(r, 3, "2345678"), rdig(r, 4)
        return kind, {"national": f"0{a} {b} {c}", "intl_spaced": f"+44 {a} {b} {c}", "paren": f"(0{a}) {b} {c}"}
    if cc == "de":
        kind = kind or r.choice(["fixed", "mobile"])
        if kind == "mobile":
            p = r.choice(["151", "152", "157", "160", "162", "170", "171", "172", "173", "175", "176", "177", "179"])
            s = rdig(r, r.choice([7, 8]), "123456789")
            return kind, {"national": f"0{p} {s}", "national_dash": f"0{p}-{s}", "intl_spaced": f"+49 {p} {s}",
                          "e164": f"+49{p}{s}", "national_slash": f"0{p}/{s}",
                          "national_grouped": f"0{p} {s[:3]} {s[3:]}"}
        a = r.choice(["30", "40", "89", "221", "69", "711", "211", "341", "351", "511", "911", "421"])
        s = rdig(r, 8 - len(a) + 2 if len(a) == 2 else 7, "2345689")
        return kind, {"national": f"0{a} {s}", "national_slash": f"0{a}/{s}", "paren": f"(0{a}) {s}",
                      "national_dash": f"0{a}-{s}", "intl_spaced": f"+49 {a} {s}", "intl_split": f"+49 (0){a} {s}",
                      "intl_dash": f"+49-{a}-{s}"}
    if cc == "fr":
        kind = kind or r.choice(["fixed", "mobile"])
        first = r.choice("67") if kind == "mobile" else r.choice("12345")
        pairs = [rdig(r, 2) for _ in range(4)]
        return kind, {"national": f"0{first} " + " ".join(pairs), "dots": f"0{first}." + ".".join(pairs),
                      "compact": f"0{first}" + "".join(pairs), "intl_spaced": f"+33 {first} " + " ".join(pairs),
                      "e164": f"+33{first}" + "".join(pairs), "intl_split": f"+33 (0){first} " + " ".join(pairs)}
    if cc == "nl":
        kind = kind or r.choice(["fixed", "mobile"])
        if kind == "mobile":
            s = rdig(r, 8, "123456789")
            return kind, {"national_dash": f"06-{s}", "national": f"06 {s[:4]} {s[4:]}", "intl_spaced": f"+31 6 {s}",
                          "e164": f"+316{s}", "intl_grouped": f"+31 6 {s[:4]} {s[4:]}"}
        a = r.choice(["20", "10", "70", "30", "40", "50"])
        s = rdig(r, 7, "2345678")
        return kind, {"national_dash": f"0{a}-{s}", "national": f"0{a} {s[:3]} {s[3:]}",
                      "intl_spaced": f"+31 {a} {s[:3]} {s[3:]}", "paren": f"(0{a}) {s}"}
    if cc == "es":
        kind = kind or r.choice(["fixed", "mobile", "mobile"])
        if kind == "mobile":
            s = r.choice("67") + rdig(r, 8)
            return kind, {"national": f"{s[:3]} {s[3:6]} {s[6:]}", "compact": s, "intl_spaced": f"+34 {s[:3]} {s[3:6]} {s[6:]}",
                          "intl_pairs": f"+34 {s[:3]} {s[3:5]} {s[5:7]} {s[7:]}", "e164": f"+34{s}"}
        s = r.choice(["91", "93", "96", "95", "94"]) + rdig(r, 7)
        return kind, {"national_pairs": f"{s[:2]} {s[2:5]} {s[5:7]} {s[7:]}", "national": f"{s[:3]} {s[3:6]} {s[6:]}",
                      "intl_spaced": f"+34 {s[:3]} {s[3:6]} {s[6:]}"}
    if cc == "it":
        kind = kind or r.choice(["fixed", "mobile", "mobile"])
        if kind == "mobile":
            p = r.choice(["320", "328", "331", "333", "338", "340", "345", "347", "349", "351", "366", "392"])
            s = rdig(r, 7)
            return kind, {"national": f"{p} {s[:3]} {s[3:]}", "compact": f"{p}{s}", "intl_spaced": f"+39 {p} {s[:3]} {s[3:]}",
                          "intl_compact": f"+39 {p}{s}", "e164": f"+39{p}{s}"}
        a = r.choice(["02", "06", "011", "055", "081", "051"])
        s = rdig(r, 8 if len(a) == 2 else 7, "2345678")
        return kind, {"national": f"{a} {s[:4]} {s[4:]}", "national_dash": f"{a}-{s}",
                      "intl_spaced": f"+39 {a} {s[:4]} {s[4:]}"}
    if cc == "br":
        kind = kind or r.choice(["mobile", "mobile", "fixed"])
        ddd = r.choice(["11", "21", "31", "41", "51", "61", "71", "81", "85", "19", "27", "48"])
        if kind == "mobile":
            a, b = "9" + rdig(r, 4, "6789"), rdig(r, 4)
            return kind, {"paren": f"({ddd}) {a}-{b}", "national": f"{ddd} {a}-{b}", "intl_spaced": f"+55 {ddd} {a}-{b}",
                          "intl_paren": f"+55 ({ddd}) {a}-{b}", "e164": f"+55{ddd}{a}{b}", "paren_nodash": f"({ddd}) {a}{b}"}
        a, b = rdig(r, 4, "2345"), rdig(r, 4)
        return kind, {"paren": f"({ddd}) {a}-{b}", "intl_spaced": f"+55 {ddd} {a}-{b}", "national": f"{ddd} {a}-{b}"}
    if cc == "pt":
        kind = kind or r.choice(["fixed", "mobile", "mobile"])
        if kind == "mobile":
            s = r.choice(["91", "92", "93", "96"]) + rdig(r, 7)
        else:
            s = r.choice(["21", "22", "23", "25", "28"]) + rdig(r, 7)
        if kind == "mobile":
            return kind, {"national": f"{s[:3]} {s[3:6]} {s[6:]}", "intl_spaced": f"+351 {s[:3]} {s[3:6]} {s[6:]}",
                          "compact": s, "e164": f"+351{s}"}
        return kind, {"national": f"{s[:2]} {s[2:5]} {s[5:]}", "intl_spaced": f"+351 {s[:2]} {s[2:5]} {s[5:]}"}
    if cc == "pl":
        kind = kind or r.choice(["fixed", "mobile", "mobile"])
        if kind == "mobile":
            s = r.choice(["50", "51", "53", "57", "60", "66", "69", "72", "78", "79", "88"]) + rdig(r, 7)
            return kind, {"national": f"{s[:3]} {s[3:6]} {s[6:]}", "national_dash": f"{s[:3]}-{s[3:6]}-{s[6:]}",
                          "intl_spaced": f"+48 {s[:3]} {s[3:6]} {s[6:]}", "e164": f"+48{s}"}
        s = r.choice(["22", "12", "61", "71", "58", "42"]) + rdig(r, 7, "2345678")
        return kind, {"national": f"{s[:2]} {s[2:5]} {s[5:7]} {s[7:]}", "paren": f"({s[:2]}) {s[2:5]} {s[5:7]} {s[7:]}",
                      "intl_spaced": f"+48 {s[:2]} {s[2:5]} {s[5:7]} {s[7:]}"}
    if cc == "se":
        kind = kind or r.choice(["fixed", "mobile", "mobile"])
        if kind == "mobile":
            p, s = r.choice(["70", "72", "73", "76", "79"]), rdig(r, 7)
            return kind, {"national": f"0{p}-{s[:3]} {s[3:5]} {s[5:]}", "national_spaced": f"0{p} {s[:3]} {s[3:5]} {s[5:]}",
                          "intl_spaced": f"+46 {p} {s[:3]} {s[3:5]} {s[5:]}", "e164": f"+46{p}{s}"}
        s = rdig(r, 8, "2345678")
        return kind, {"national": f"08-{s[:3]} {s[3:6]} {s[6:]}", "national_pairs": f"08-{s[:2]} {s[2:4]} {s[4:6]} {s[6:]}",
                      "intl_spaced": f"+46 8 {s[:3]} {s[3:6]} {s[6:]}"}
    if cc == "jp":
        kind = kind or r.choice(["fixed", "mobile", "mobile", "tollfree"])
        if kind == "mobile":
            p, a, b = r.choice(["090", "080", "070"]), rdig(r, 4), rdig(r, 4)
            return kind, {"national": f"{p}-{a}-{b}", "intl_dash": f"+81-{p[1:]}-{a}-{b}",
                          "intl_spaced": f"+81 {p[1:]} {a} {b}", "compact": f"{p}{a}{b}"}
        if kind == "tollfree":
            a, b = rdig(r, 3), rdig(r, 3)
            return kind, {"national": f"0120-{a}-{b}"}
        p, a, b = r.choice(["03", "06"]), rdig(r, 4, "2345689"), rdig(r, 4)
        return kind, {"national": f"{p}-{a}-{b}", "intl_dash": f"+81-{p[1:]}-{a}-{b}", "paren": f"{p}({a}){b}",
                      "intl_spaced": f"+81 {p[1:]} {a} {b}"}
    if cc == "ch":
        kind = kind or r.choice(["fixed", "mobile"])
        p = r.choice(["76", "78", "79"]) if kind == "mobile" else r.choice(["44", "22", "31", "61", "21"])
        s = rdig(r, 7, "2345678")
        return kind, {"national": f"0{p} {s[:3]} {s[3:5]} {s[5:]}", "intl_spaced": f"+41 {p} {s[:3]} {s[3:5]} {s[5:]}"}
    if cc == "au":
        kind = kind or r.choice(["fixed", "mobile"])
        if kind == "mobile":
            s = "4" + rdig(r, 8)
            return kind, {"national": f"0{s[:3]} {s[3:6]} {s[6:]}", "intl_spaced": f"+61 {s[:3]} {s[3:6]} {s[6:]}"}
        a, s = r.choice("2378"), rdig(r, 8, "3456789")
        return kind, {"paren": f"(0{a}) {s[:4]} {s[4:]}", "intl_spaced": f"+61 {a} {s[:4]} {s[4:]}"}
    if cc == "ie":
        kind = kind or r.choice(["fixed", "mobile"])
        if kind == "mobile":
            p, s = r.choice(["83", "85", "86", "87", "89"]), rdig(r, 7)
            return kind, {"national": f"0{p} {s[:3]} {s[3:]}", "intl_spaced": f"+353 {p} {s[:3]} {s[3:]}"}
        s = rdig(r, 7, "2345678")
        return kind, {"national": f"01 {s[:3]} {s[3:]}", "intl_spaced": f"+353 1 {s[:3]} {s[3:]}"}
    if cc == "in":
        kind = "mobile"
        s = r.choice("6789") + rdig(r, 9)
        return kind, {"intl_spaced": f"+91 {s[:5]} {s[5:]}", "intl_dash": f"+91-{s}", "national": f"0{s[:5]} {s[5:]}"}
    raise ValueError(cc)


PHONE_CCS = ["us", "us", "us", "gb", "de", "fr", "nl", "es", "it", "br", "pt", "pl", "se", "jp", "ch", "au", "ie",
             "in", "ca"]


STYLE_W = {
    "*": {"compact": 0.35, "national_compact": 0.35, "e164": 0.8, "intl_split": 0.6, "paren_nodash": 0.5},
    "us": {"paren": 6, "dashes": 4, "dots": 1.5, "intl_spaced": 1.5, "e164": 1.5, "one_dashes": 1, "intl_paren": 1,
           "intl_dashes": 1, "one_paren": 0.6, "compact": 0.5, "paren_nospace": 0.5},
    "gb": {"national": 4, "intl_spaced": 2},
    "de": {"national": 3, "intl_spaced": 2},
    "fr": {"national": 4, "intl_spaced": 2},
    "br": {"paren": 4, "intl_spaced": 1.5},
}


def phone_value(r, cc=None, kind=None, style=None):
    cc0 = cc
    for _ in range(400):
        cc = cc0 or r.choice(PHONE_CCS)
        k, variants = phone_variants(r, cc, kind)
        if style and style not in variants:
            # style not available for this kind: retry with another kind unless kind was forced
            if kind and cc0:
                raise ValueError((cc, kind, style))
            continue
        if style:
            st = style
        else:
            ks = list(variants)
            ws = [STYLE_W.get(cc, {}).get(k2, 1.0) * STYLE_W["*"].get(k2, 1.0) for k2 in ks]
            st = wchoice(r, list(zip(ks, ws)))
        v = variants[st]
        d = re.sub(r"\D", "", v)
        # avoid numbers that also pass a checksum of another entity (keeps gold unambiguous)
        if (len(d) == 10 and (nhs_ok(d) or npi_ok(d))) or (len(d) == 9 and aba_ok(d)) or \
                (12 <= len(d) <= 19 and card_ok(d)):
            continue
        return v, f"phone.{cc}.{k}.{st}"
    raise RuntimeError((cc, kind, style))


# ---- dates --------------------------------------------------------------

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre",
           "novembre", "dicembre"],
    "pl": ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września",
           "października", "listopada", "grudnia"],
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"],
}
MDAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]


def rand_date(r, y0, y1):
    y = r.randint(y0, y1)
    m = r.randint(1, 12)
    dmax = 29 if (m == 2 and y % 4 == 0) else MDAYS[m - 1]
    return y, m, r.randint(1, dmax)


def fmt_date(y, m, d, style):
    en = MONTHS["en"]
    if style == "iso":
        return f"{y}-{m:02d}-{d:02d}"
    if style == "us":
        return f"{m:02d}/{d:02d}/{y}"
    if style == "us_nopad":
        return f"{m}/{d}/{y}"
    if style == "us_short":
        return f"{m}/{d}/{y % 100:02d}"
    if style == "eu_slash":
        return f"{d:02d}/{m:02d}/{y}"
    if style == "eu_dot":
        return f"{d:02d}.{m:02d}.{y}"
    if style == "eu_dot_nopad":
        return f"{d}.{m}.{y}"
    if style == "eu_dash":
        return f"{d:02d}-{m:02d}-{y}"
    if style == "written_en":
        return f"{en[m - 1]} {d}, {y}"
    if style == "written_en_dmy":
        return f"{d} {en[m - 1]} {y}"
    if style == "abbr_dmy":
        return f"{d:02d}-{en[m - 1][:3]}-{y}"
    if style == "abbr_mdy":
        return f"{en[m - 1][:3]} {d} {y}"
    if style == "ordinal_en":
        suf = "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
        return f"{d}{suf} {en[m - 1]} {y}"
    if style == "compact":
        return f"{y}{m:02d}{d:02d}"
    if style == "ja":
        return f"{y}年{m}月{d}日"
    if style == "ja_slash":
        return f"{y}/{m:02d}/{d:02d}"
    if style == "de":
        return f"{d}. {MONTHS['de'][m - 1]} {y}"
    if style == "fr":
        return f"{'1er' if d == 1 else d} {MONTHS['fr'][m - 1]} {y}"
    if style in ("es", "pt"):
        return f"{d} de {MONTHS[style][m - 1]} de {y}"
    if style in ("nl", "it", "pl", "sv"):
        return f"{d} {MONTHS[style][m - 1]} {y}"
    raise ValueError(style)


# ---- people, companies ----------------------------------------------------

NAMES = {
    "en": (["James", "Priya", "Marcus", "Olivia", "Daniel", "Aisha", "Connor", "Mei", "Samuel", "Rachel", "Tyler",
            "Fatima", "Kevin", "Lauren", "Diego", "Hannah", "Ethan", "Grace", "Omar", "Natalie", "Brandon", "Tamika",
            "Wesley", "Yolanda", "Caleb", "Imani", "Derek", "Shauna"],
           ["Whitfield", "Okafor", "Brennan", "Castillo", "Nguyen", "Patel", "Hargrove", "Morrison", "Delaney",
            "Abernathy", "Sutherland", "Romero", "Fitzgerald", "Chen", "Holloway", "Pemberton", "Vasquez", "Ashford",
            "McAllister", "Oyelaran", "Kingsley", "Barlow", "Thibodeaux", "Lindgren", "Yamada", "Garrison"]),
    "de": (["Jörg", "Katrin", "Matthias", "Svenja", "Lukas", "Annegret", "Tobias", "Friederike", "Uwe", "Lena",
            "Dirk", "Sabine", "Florian", "Bärbel"],
           ["Müller", "Schäfer", "Weißenborn", "Krüger", "Hoffmann", "Brandt", "Köhler", "Zimmermann", "Vogt",
            "Lindemann", "Görlitz", "Paschke"]),
    "fr": (["Amélie", "Benoît", "Céline", "Thibault", "Hélène", "Mathis", "Océane", "Grégoire", "Sandrine", "Loïc",
            "Maëlle", "Jérôme"],
           ["Lefèvre", "Moreau", "Dubois", "Chevalier", "Girard", "Rousseau", "Fontaine", "Mercier", "Barbier",
            "Lemaire", "Perrin", "Guérin"]),
    "es": (["Álvaro", "Lucía", "Javier", "Marta", "Sergio", "Nuria", "Íñigo", "Carmen", "Raúl", "Beatriz", "Pilar",
            "Andrés"],
           ["García", "Fernández", "Ruiz", "Navarro", "Domínguez", "Ortega", "Iglesias", "Vidal", "Serrano",
            "Castaño", "Peña", "Márquez"]),
    "pt": (["João", "Inês", "Tiago", "Beatriz", "Rui", "Mariana", "Gonçalo", "Leonor", "Duarte", "Catarina"],
           ["Silva", "Ferreira", "Gonçalves", "Carvalho", "Sousa", "Magalhães", "Pires", "Antunes", "Lopes",
            "Marques"]),
    "br": (["Thiago", "Larissa", "Rafael", "Camila", "Gustavo", "Juliana", "Vinícius", "Letícia", "Felipe", "Aline"],
           ["Oliveira", "Santos", "Rodrigues", "Almeida", "Nascimento", "Lima", "Araújo", "Ribeiro", "Barbosa",
            "Cardoso"]),
    "nl": (["Sanne", "Bram", "Femke", "Joris", "Lotte", "Thijs", "Anouk", "Ruben", "Eline", "Sjoerd"],
           ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder",
            "van den Berg"]),
    "it": (["Giulia", "Matteo", "Francesca", "Lorenzo", "Chiara", "Alessandro", "Federica", "Davide", "Elisa",
            "Stefano"],
           ["Rossi", "Bianchi", "Esposito", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Galli", "Conti"]),
    "pl": (["Łukasz", "Agnieszka", "Paweł", "Katarzyna", "Tomasz", "Magdalena", "Michał", "Joanna", "Krzysztof",
            "Zofia"],
           ["Kowalski", "Nowak", "Wiśniewski", "Wójcik", "Kamiński", "Lewandowski", "Zieliński", "Szymański",
            "Dąbrowski", "Kaczmarek"]),
    "sv": (["Elin", "Oskar", "Maja", "Viktor", "Ebba", "Axel", "Saga", "Gustav", "Linnéa", "Hugo"],
           ["Andersson", "Johansson", "Lindgren", "Bergström", "Nyström", "Sjöberg", "Holm", "Ekström", "Lundqvist",
            "Åkesson"]),
}
JA_PEOPLE = [("佐藤", "健太", "Sato", "Kenta"), ("鈴木", "美咲", "Suzuki", "Misaki"), ("高橋", "翔", "Takahashi", "Sho"),
             ("田中", "由美", "Tanaka", "Yumi"), ("渡辺", "大輔", "Watanabe", "Daisuke"), ("伊藤", "さくら", "Ito", "Sakura"),
             ("山本", "拓也", "Yamamoto", "Takuya"), ("中村", "彩", "Nakamura", "Aya"), ("小林", "直樹", "Kobayashi", "Naoki")]

TRANSLIT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e", "ê": "e", "ë": "e",
                          "á": "a", "à": "a", "â": "a", "ã": "a", "ç": "c", "í": "i", "ï": "i", "î": "i", "ó": "o",
                          "ô": "o", "õ": "o", "ú": "u", "ñ": "n", "ł": "l", "ś": "s", "ż": "z", "ź": "z", "ć": "c",
                          "ń": "n", "ą": "a", "ę": "e", "å": "a", "ø": "o", "Á": "a", "Í": "i", "Ł": "l", "Ö": "o",
                          "Ä": "a", "Ü": "u", "É": "e", "Å": "a", " ": ""})


def ascii_slug(s):
    return s.lower().translate(TRANSLIT).replace("'", "").replace("-", "")


COMPANY_WORDS = {
    "en": (["Brightwater", "Kestrel", "Halvorsen", "Blue Fern", "Ironbridge", "Northgate", "Cobalt Ridge", "Larkspur",
            "Meridian", "Oakhaven", "Tidewell", "Summit Peak", "Redhill", "Pinecrest", "Silverline", "Juniper"],
           ["Logistics", "Analytics", "Medical Supply", "Dental Group", "Credit Union", "Health Partners", "Software",
            "Outfitters", "Property Management", "Pharmacy", "Staffing", "Insurance Agency"], ["com", "com", "io", "net",
                                                                                                  "co", "org", "us"]),
    "de": (["Nordlicht", "Elbtal", "Bergmann", "Rheinblick", "Taunus", "Sonnenhof", "Havelland", "Alpenrot"],
           ["Maschinenbau GmbH", "Logistik AG", "Praxisbedarf GmbH", "Haustechnik KG", "Versand GmbH",
            "Gesundheitszentrum"], ["de", "de", "com"]),
    "fr": (["Atelier Vernier", "Clairval", "Beaumarchais", "Les Tilleuls", "Provence Santé", "Mistral"],
           ["SARL", "SAS", "Distribution", "Conseil", "Cliniques"], ["fr", "fr", "com"]),
    "es": (["Sierra Norte", "Almendro", "Costa Brava", "Puerta del Sol", "Valdemar"],
           ["S.L.", "Logística S.A.", "Clínica Dental", "Suministros"], ["es", "es", "com"]),
    "pt": (["Atlântico", "Douro Verde", "Lusomar", "Alfama"], ["Lda.", "Serviços", "Saúde"], ["pt", "pt", "com"]),
    "br": (["Ipê Amarelo", "Serra Azul", "Rio Claro", "Vila Nova"], ["Ltda.", "Comércio", "Tecnologia"],
           ["com.br", "com.br"]),
    "nl": (["Dijkstra", "Polderwind", "Grachtzicht", "Noorderlicht"], ["B.V.", "Zorggroep", "Installatietechniek"],
           ["nl", "nl", "com"]),
    "it": (["Colline Verdi", "Lungarno", "Vesuvio", "Dolomiti"], ["S.r.l.", "S.p.A.", "Poliambulatorio"],
           ["it", "it", "com"]),
    "pl": (["Wisła", "Bursztyn", "Tatry", "Mazury"], ["Sp. z o.o.", "S.A.", "Przychodnia"], ["pl", "pl", "com.pl"]),
    "sv": (["Fjällvind", "Skärgård", "Norrsken", "Björkdal"], ["AB", "Vård AB", "Logistik AB"], ["se", "se", "com"]),
    "ja": (["さくら", "青葉", "みなと", "北斗"], ["商事株式会社", "クリニック", "物流株式会社"], ["co.jp", "jp"]),
}
FREEMAIL = {
    "en": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "hotmail.com", "aol.com", "comcast.net"],
    "de": ["gmx.de", "web.de", "t-online.de", "gmail.com", "posteo.de"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "gmail.com", "sfr.fr"],
    "es": ["hotmail.es", "gmail.com", "yahoo.es", "telefonica.net"],
    "pt": ["sapo.pt", "gmail.com", "hotmail.com"],
    "br": ["uol.com.br", "bol.com.br", "gmail.com", "terra.com.br"],
    "nl": ["ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl"],
    "it": ["libero.it", "virgilio.it", "gmail.com", "tiscali.it"],
    "pl": ["wp.pl", "o2.pl", "onet.pl", "gmail.com", "interia.pl"],
    "sv": ["telia.com", "gmail.com", "hotmail.se", "bredband.net"],
    "ja": ["docomo.ne.jp", "yahoo.co.jp", "gmail.com", "ezweb.ne.jp"],
}
CITIES = {"en": ["Columbus", "Sacramento", "Raleigh", "Tucson", "Omaha", "Spokane", "Leeds", "Bristol", "Dayton"],
          "de": ["Kassel", "Bielefeld", "Rostock", "Augsburg", "Freiburg"], "fr": ["Nantes", "Lille", "Rennes", "Dijon"],
          "es": ["Zaragoza", "Valladolid", "Málaga", "Bilbao"], "pt": ["Braga", "Coimbra", "Faro", "Porto"],
          "br": ["Campinas", "Curitiba", "Recife", "Belo Horizonte"], "nl": ["Utrecht", "Groningen", "Zwolle", "Delft"],
          "it": ["Bergamo", "Verona", "Bari", "Torino"], "pl": ["Poznań", "Gdańsk", "Łódź", "Wrocław"],
          "sv": ["Uppsala", "Umeå", "Malmö", "Västerås"], "ja": ["横浜", "札幌", "福岡", "名古屋"]}
LANG_CC = {"en": "us", "de": "de", "fr": "fr", "es": "es", "pt": "pt", "br": "br", "nl": "nl", "it": "it",
           "pl": "pl", "sv": "se", "ja": "jp"}


class Persona:
    def __init__(self, r, lang):
        self.lang = lang
        if lang == "ja":
            ln, fn, lr, fr_ = r.choice(JA_PEOPLE)
            self.fn, self.ln, self.full = fn, ln, f"{ln} {fn}"
            self.fn_a, self.ln_a = fr_.lower(), lr.lower()
        else:
            fns, lns = NAMES[lang]
            self.fn, self.ln = r.choice(fns), r.choice(lns)
            if lang == "pl" and self.fn.endswith("a") and self.ln.endswith("ki"):
                self.ln = self.ln[:-1] + "a"
            self.full = f"{self.fn} {self.ln}"
            self.fn_a, self.ln_a = ascii_slug(self.fn), ascii_slug(self.ln)
        a, b, tlds = COMPANY_WORDS[lang]
        self.co = f"{r.choice(a)} {r.choice(b)}"
        base = ascii_slug(self.co.split(" ")[0] if lang != "en" else self.co.rsplit(" ", 1)[0])
        if lang == "ja":
            base = r.choice(["sakura-shoji", "aoba-clinic", "minato-logi", "hokuto"])
        base = re.sub(r"[^a-z0-9]", "", base) or "firma"
        if r.random() < 0.3 and lang != "ja":
            base = base + r.choice(["-group", "-online", "hq", "-service"])
        self.dom = f"{base}.{r.choice(tlds)}"
        self.city = r.choice(CITIES[lang])
        self.freemail = r.choice(FREEMAIL[lang])


# =============================================================================
# hard-negative generators (all verified to fail the relevant checks)
# =============================================================================

def digits_failing(r, n, first="123456789"):
    while True:
        d = rdig(r, n, first)
        if n >= 12 and luhn_ok(d):
            continue
        if n == 10 and (npi_ok(d) or nhs_ok(d) or luhn_ok(d)):
            continue
        if n == 9 and aba_ok(d):
            continue
        return d


def neg_value(r, kind, arg=None):
    if kind == "order16":
        d = digits_failing(r, 16, "123456789")
        return r.choice([group(d, [4, 4, 4, 4], " "), group(d, [4, 4, 4, 4], "-"), d])
    if kind == "tracking":
        c = r.randint(0, 3)
        if c == 0:
            return "1Z" + "".join(r.choice(UPPER + DIGITS) for _ in range(6)) + digits_failing(r, 10, "0123456789")
        if c == 1:
            return digits_failing(r, 22, "9")
        if c == 2:
            d = digits_failing(r, 20, "1234")
            return group(d, [4] * 5, " ")
        return digits_failing(r, 12, "2345678")
    if kind == "masked_card":
        last = rdig(r, 4)
        return r.choice([f"**** **** **** {last}", f"XXXX-XXXX-XXXX-{last}", f"************{last}",
                         f"{r.choice(['4', '5'])}{rdig(r, 5)}******{last}", f"•••• {last}", f"xxxx xxxx xxxx {last}",
                         f"3782 XXXXXX X{rdig(r, 4)}"])
    if kind == "masked_ssn":
        return r.choice([f"***-**-{rdig(r, 4)}", f"XXX-XX-{rdig(r, 4)}", f"xxx-xx-{rdig(r, 4)}"])
    if kind == "ssn_invalid":
        c = r.randint(0, 3)
        a = ["000", "666", str(r.randint(900, 999)), f"{r.randint(1, 899):03d}"][c]
        g = "00" if c == 3 else f"{r.randint(1, 99):02d}"
        s = f"{r.randint(1, 9999):04d}"
        if c == 2 and r.random() < 0.5:
            g = str(r.choice([70, 78, 83, 88, 92]))  # ITIN-shaped
        return f"{a}-{g}-{s}"
    if kind == "iban_badcheck":
        cc = arg or r.choice(list(IBAN_LEN))
        v = iban_compact(r, cc)
        cd = int(v[2:4])
        bad = f"{(cd + r.randint(1, 50)) % 97 + 2:02d}"
        if bad == v[2:4]:
            bad = f"{(cd + 7) % 90 + 2:02d}"
        v = v[:2] + bad + v[4:]
        assert not iban_ok(v)
        return r.choice([v, iban_grouped(v)])
    if kind == "invoice10":
        return digits_failing(r, 10, "123456789")
    if kind == "acct":
        return digits_failing(r, r.choice([8, 10, 11, 12]), "123456789")
    if kind == "ts":
        y, m, d = rand_date(r, 2023, 2025)
        hh, mm, ss = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)
        return r.choice([f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}Z",
                         f"{y}-{m:02d}-{d:02d} {hh:02d}:{mm:02d}:{ss:02d}.{r.randint(0, 999):03d}",
                         f"{y}-{m:02d}-{d:02d}T{hh:02d}:{mm:02d}:{ss:02d}+02:00",
                         str(r.randint(1690000000, 1750000000)), str(r.randint(1690000000000, 1750000000000))])
    if kind == "hl7ts":
        y, m, d = rand_date(r, 2023, 2025)
        return f"{y}{m:02d}{d:02d}{r.randint(0, 23):02d}{r.randint(0, 59):02d}{r.randint(0, 59):02d}"
    if kind == "uuid":
        h = "".join(r.choice("0123456789abcdef") for _ in range(32))
        h = h[:12] + "4" + h[13:16] + r.choice("89ab") + h[17:]
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    if kind == "sha":
        n = int(arg or r.choice([7, 40]))
        return "".join(r.choice("0123456789abcdef") for _ in range(n))
    if kind == "hash":
        return "".join(r.choice("0123456789abcdef") for _ in range(r.choice([32, 64])))
    if kind == "mac":
        octs = [f"{r.randint(0, 255):02x}" for _ in range(6)]
        s = r.choice([":", "-"]).join(octs)
        return s.upper() if r.random() < 0.5 else s
    if kind == "version":
        return r.choice([f"v{r.randint(1, 12)}.{r.randint(0, 9)}.{r.randint(0, 20)}.{r.randint(1, 99)}",
                         f"{r.randint(3, 6)}.{r.randint(0, 20)}.0-{r.randint(100, 999)}.el9",
                         f"{r.randint(100, 130)}.0.{r.randint(4000, 6999)}.{r.randint(10, 250)}",
                         f"build {r.randint(1, 9)}.{r.randint(0, 9)}.{r.randint(300, 999)}.{r.randint(1000, 9999)}"])
    if kind == "order_phonelike":
        return r.choice([f"{rdig(r, 3, '2345689')}-{rdig(r, 3)}-{rdig(r, 4)}", f"{rdig(r, 3, '2345689')} {rdig(r, 3)} {rdig(r, 4)}",
                         f"{rdig(r, 2, '123456789')}-{rdig(r, 4)}-{rdig(r, 4)}"])
    if kind == "zip":
        return r.choice([rdig(r, 5, "123456789"), f"{rdig(r, 5, '123456789')}-{rdig(r, 4)}"])
    if kind == "amount":
        v = r.randint(5, 4999) + r.randint(0, 99) / 100
        eu = f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        lang = arg or "en"
        if lang == "en":
            return r.choice([f"${v:,.2f}", f"USD {v:,.2f}", f"£{v:,.2f}", f"${v:,.2f}"])
        if lang == "br":
            return f"R$ {eu}"
        if lang == "pl":
            return f"{eu} zł"
        if lang == "sv":
            return f"{eu} kr"
        if lang == "ja":
            return f"{int(v * 100):,}円"
        return r.choice([f"{eu} €", f"{eu} EUR", f"€{eu}"])
    if kind == "sku":
        return r.choice([f"SKU-{rdig(r, 4)}-{r.choice(['XS', 'M', 'XL', 'BLK'])}", "B0" + "".join(r.choice(UPPER + DIGITS) for _ in range(8)),
                         f"{r.choice(UPPER)}{r.choice(UPPER)}-{rdig(r, 6)}-{rdig(r, 2)}"])
    if kind == "redacted":
        return r.choice(["[REDACTED]", "<redacted>", "[email removed]", "***", "[PHONE]", "{{customer.email}}",
                         "[DOB removed]", "█████████", "<PII:SSN>"])
    if kind == "masked_email":
        return r.choice([f"{r.choice(LOWER)}***@{r.choice(['gmail.com', 'outlook.com', 'example.org'])}",
                         f"{r.choice(LOWER)}{r.choice(LOWER)}****@****.com"])
    if kind == "masked_phone":
        return r.choice([f"(***) ***-{rdig(r, 4)}", f"+49 *** ****{rdig(r, 2)}", f"07*** ***{rdig(r, 3)}", f"xxx-xxx-{rdig(r, 4)}"])
    if kind == "aws_example":
        return r.choice(["AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE", "ASIAIOSFODNN7EXAMPLE"])
    if kind == "gh_redacted":
        return r.choice(["ghp_************************************", "ghp_xxxxxxxx", "github_pat_[REDACTED]",
                         "gho_<token>", "ghp_" + "X" * 36])
    if kind == "png2x":
        return f"{r.choice(['logo', 'icon-close', 'avatar', 'hero_banner', 'btn-pay'])}@{r.choice(['2x', '3x'])}.png"
    if kind == "npm_scoped":
        return r.choice([f"@angular/core@{r.randint(12, 17)}.{r.randint(0, 3)}.{r.randint(0, 9)}",
                         f"@babel/preset-env@7.{r.randint(10, 24)}.{r.randint(0, 9)}",
                         f"@types/node@{r.randint(16, 22)}.{r.randint(0, 11)}.{r.randint(0, 30)}"])
    if kind == "oid":
        return r.choice(["1.3.6.1.4.1.311.21.7", "1.2.840.113549.1.1.11", "2.5.29.17", "1.3.6.1.5.5.7.3.1"])
    if kind == "dea_badcheck":
        v = dea_value(r, "K")
        return v[:-1] + str((int(v[-1]) + r.randint(1, 9)) % 10)
    if kind == "nhs_badcheck":
        while True:
            d = rdig(r, 10, "467")
            if not nhs_ok(d) and not npi_ok(d):
                return r.choice([d, f"{d[:3]} {d[3:6]} {d[6:]}"])
    if kind == "npi_badcheck":
        while True:
            d = rdig(r, 10, "12")
            if not npi_ok(d) and not nhs_ok(d):
                return d
    if kind == "aba_badcheck":
        while True:
            d = rdig(r, 9, "0123")
            if not aba_ok(d):
                return d
    if kind == "card_badluhn":
        d = card_digits(r, r.choice(["visa", "mc", "amex"]))
        d = d[:-1] + str((int(d[-1]) + r.randint(1, 9)) % 10)
        return card_format(d, r.choice(["spaces", "dashes", "none"]))
    if kind == "ipv4_invalid":
        return f"{r.randint(256, 999)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(0, 255)}"
    if kind == "cert":
        return "\n".join(cert_lines(r, r.choice(["CERTIFICATE", "CERTIFICATE", "PUBLIC KEY"]), r.choice([300, 600, 900])))
    if kind == "ssh_pubkey":
        return (r.choice(["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI", "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ"])
                + "".join(r.choice(ALNUM + "+/") for _ in range(r.choice([43, 120])))
                + f" {r.choice(['deploy', 'ci', 'jenkins', 'ubuntu'])}@{r.choice(['build-01', 'ci-runner-03', 'bastion', 'laptop'])}")
    if kind == "coords":
        return f"{r.uniform(-60, 60):.6f}, {r.uniform(-120, 120):.6f}"
    if kind == "date_nondob":
        y, m, d = rand_date(r, 2022, 2026)
        return fmt_date(y, m, d, arg or r.choice(["iso", "us", "eu_dot", "written_en"]))
    raise ValueError(kind)


# =============================================================================
# template engine
#   [[KEY:arg,arg]]      labelled value (upper-case keys) or filler (lower-case)
#   [[~kind:arg]]        hard negative, recorded with its kind
#   [[X>name]] / [[=name]]  store / re-emit the same rendered parts
#   [[?a|b|c]]           random alternative (may nest placeholders)
# A part is (text, entity|None, fmt|None, negkind|None).
# =============================================================================

def _split_top(s, sep="|"):
    out, depth, cur, i = [], 0, [], 0
    while i < len(s):
        if s.startswith("[[", i):
            depth += 1
            cur.append("[[")
            i += 2
            continue
        if s.startswith("]]", i) and depth:
            depth -= 1
            cur.append("]]")
            i += 2
            continue
        if s[i] == sep and depth == 0:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(s[i])
        i += 1
    out.append("".join(cur))
    return out


def _find_close(s, i):
    depth, j = 0, i
    while j < len(s):
        if s.startswith("[[", j):
            depth += 1
            j += 2
            continue
        if s.startswith("]]", j):
            depth -= 1
            j += 2
            if depth == 0:
                return j
            continue
        j += 1
    raise ValueError("unclosed placeholder: " + s[i:i + 60])


class B:
    """Note / field builder."""

    def __init__(self, r, lang="en", lang2=None):
        self.r = r
        self.lang = lang
        self.p = Persona(r, lang)
        self.p2 = Persona(r, lang2 or lang)
        self.doc = Persona(r, "en")
        self.agent = Persona(r, lang if r.random() < 0.7 else "en")
        self.parts = []
        self.refs = {}

    # ---- public ---------------------------------------------------------
    def __call__(self, tpl):
        self.parts.extend(self.render(tpl))
        return self

    def lab(self, value, entity, fmt):
        self.parts.append((value, entity, fmt, None))
        return self

    def s(self, tpl):
        """Render a separate string (for JSON fields): returns LStr."""
        return LStr(self.render(tpl))

    def render(self, tpl):
        out, i, buf = [], 0, []
        while i < len(tpl):
            if tpl.startswith("[[[", i):
                buf.append("[")
                i += 1
                continue
            if tpl.startswith("[[", i):
                j = _find_close(tpl, i)
                if buf:
                    out.append(("".join(buf), None, None, None))
                    buf = []
                out.extend(self._ph(tpl[i + 2:j - 2]))
                i = j
            else:
                buf.append(tpl[i])
                i += 1
        if buf:
            out.append(("".join(buf), None, None, None))
        return out

    # ---- placeholder dispatch ------------------------------------------
    def _ph(self, c):
        if c.startswith("?"):
            return self.render(self.r.choice(_split_top(c[1:])))
        if c.startswith("="):
            return list(self.refs[c[1:]])
        ref = None
        if ">" in c:
            c, ref = c.rsplit(">", 1)
        key, _, a = c.partition(":")
        args = a.split(",") if a else []
        if key == "~amount" and not args:
            args = [self.lang]
        if key.startswith("~"):
            parts = [(neg_value(self.r, key[1:], args[0] if args else None), None, None, key[1:])]
        elif key[:1].isupper():
            parts = getattr(self, "E_" + key)(*args)
        else:
            parts = [(str(getattr(self, "f_" + key)(*args)), None, None, None)]
        if ref:
            self.refs[ref] = parts
        return parts

    def pick(self, x):
        return self.r.choice(x)

    # ---- labelled entities ---------------------------------------------
    def E_CARD(self, brand="", style=""):
        r = self.r
        brand = brand or r.choice(CARD_BRANDS)
        style = style or r.choice(["spaces", "spaces", "spaces", "none", "none", "dashes", "dashes"])
        d = card_digits(r, brand)
        tag = brand if (len(d) != 19 or brand == "visa19") else brand + "19"
        return [(card_format(d, style), "CREDIT_CARD", f"card.{tag}.{style}", None)]

    def E_SSN(self, style=""):
        style = style or self.r.choice(["dashes"] * 6 + ["spaces", "none"])
        return [(ssn_value(self.r, style), "US_SSN", f"ssn.{style}", None)]

    def E_EMAIL(self, kind="", who="1"):
        r = self.r
        p = {"1": self.p, "2": self.p2, "a": self.agent, "d": self.doc}[who]
        kind = kind or r.choice(["work", "work", "free", "plus", "sub", "digits", "upper"])
        fn, ln = p.fn_a, re.sub(r"[^a-z]", "", p.ln_a)
        locals_ = [f"{fn}.{ln}", f"{fn[0]}{ln}", f"{fn}_{ln}", f"{fn}{ln[0]}", fn, f"{ln}.{fn}"]
        loc = r.choice(locals_)
        dom = p.dom
        out_kind = kind
        if kind == "free":
            dom = p.freemail
        elif kind == "plus":
            loc = f"{loc}+{r.choice(['billing', 'support', 'tickets', 'amazon', 'news', 'work', '2024', 'helpdesk'])}"
            dom = r.choice([p.freemail, p.dom])
        elif kind == "sub":
            dom = f"{r.choice(['mail', 'eu', 'corp', 'us.mail', 'staff', 'ops'])}.{p.dom}"
        elif kind == "digits":
            loc = f"{loc}{r.choice([str(r.randint(1, 99)), str(r.randint(1960, 2004))])}"
            dom = p.freemail
        elif kind == "upper":
            loc, dom = (loc.upper(), dom.upper()) if r.random() < 0.6 else (loc.title(), dom.title())
        elif kind == "role":
            loc = r.choice(["billing", "accounts.payable", "support", "it-helpdesk", "noreply", "privacy", "hr",
                            "payroll", "frontdesk", "ap", "escalations", "dpo"])
        elif kind == "hyphen":
            loc = f"{fn}-{ln}"
        elif kind == "pct":
            loc = r.choice([f"{fn}.{ln}", f"{fn}+{r.choice(['test', 'shop', 'x'])}", f"{fn}{ln[0]}"])
            dom = r.choice([p.freemail, p.dom])
            v = (loc + "@" + dom).replace("+", "%2B").replace("@", "%40")
            return [(v, "EMAIL_ADDRESS", "email.pct_encoded", None)]
        elif kind == "example":
            dom = r.choice(["example.com", "example.org", "example.net"])
        elif kind == "sa":
            loc = r.choice(["sync", "etl", "exporter", "ci-deployer"])
            dom = f"{r.choice(['billing-prod', 'crm-sync', 'data-lake'])}-{rdig(r, 6, '123456789')}.iam.gserviceaccount.com"
        elif kind == "work":
            pass
        else:
            raise ValueError(kind)
        return [(f"{loc}@{dom}", "EMAIL_ADDRESS", f"email.{out_kind}", None)]

    def E_PHONE(self, cc="", kind="", style="", ext=""):
        r = self.r
        if cc == "any":
            cc = ""
        if cc == "local":
            cc = LANG_CC.get(self.lang, "us")
        pct = style == "e164pct"
        v, fmt = phone_value(r, cc or None, kind or None, "e164" if pct else (style or None))
        if pct:
            v, fmt = v.replace("+", "%2B"), fmt + "_pct"
        parts = [(v, "PHONE_NUMBER", fmt, None)]
        if ext:
            parts.append((r.choice([f" x{r.randint(10, 999)}", f" ext. {r.randint(10, 9999)}", f" ext {r.randint(100, 999)}",
                                    f", Durchwahl {r.randint(10, 99)}" if self.lang == "de" else f" x{r.randint(100, 999)}"]),
                          None, None, None))
        return parts

    def E_IBAN(self, cc="", style=""):
        r = self.r
        cc = (cc if cc and cc != "any" else r.choice(list(IBAN_LEN))).upper()
        style = style or r.choice(["grouped", "grouped", "compact"])
        v = iban_compact(r, cc)
        return [(iban_grouped(v) if style == "grouped" else v, "IBAN_CODE", f"iban.{cc.lower()}.{style}", None)]

    def E_ABA(self, style="plain"):
        v = aba_value(self.r)
        if style == "micr":
            return [("⑆", None, None, None), (v, "ABA_ROUTING_NUMBER", "aba.micr", None), ("⑆", None, None, None)]
        return [(v, "ABA_ROUTING_NUMBER", "aba.plain", None)]

    def E_IP(self, kind=""):
        r = self.r
        kind = kind or wchoice(r, [("v4", 6), ("v4priv", 2), ("v6", 2.5), ("v6full", 0.4), ("v6nopad", 0.3),
                                   ("v6upper", 0.2), ("v4port", 0.5), ("v6mapped", 0.2)])
        L = "IP_ADDRESS"
        if kind == "v4":
            return [(ipv4(r, "pub"), L, "ip.v4.public", None)]
        if kind == "v4priv":
            return [(ipv4(r, "priv"), L, "ip.v4.private", None)]
        if kind == "v4port":
            return [(ipv4(r), L, "ip.v4.port", None), (f":{r.choice([443, 8080, 8443, 5432, 22, 3389, r.randint(1025, 65535)])}", None, None, None)]
        if kind == "v4cidr":
            a = ipv4(r, "priv").rsplit(".", 1)[0] + ".0"
            return [(a, L, "ip.v4.cidr", None), (f"/{r.choice([16, 20, 22, 24, 24, 28])}", None, None, None)]
        if kind == "v6":
            return [(ipv6(r, "compressed"), L, "ip.v6.compressed", None)]
        if kind == "v6full":
            return [(ipv6(r, "full"), L, "ip.v6.full", None)]
        if kind == "v6nopad":
            return [(ipv6(r, "full_nopad"), L, "ip.v6.full_nopad", None)]
        if kind == "v6zone":
            return [(ipv6_linklocal(r) + "%" + r.choice(["eth0", "en0", "wlan0", "ens192", "12"]), L, "ip.v6.zone", None)]
        if kind == "v6port":
            return [("[", None, None, None), (ipv6(r, "port"), L, "ip.v6.bracket_port", None),
                    (f"]:{r.choice([443, 8443, 9090, 51820])}", None, None, None)]
        if kind == "v6cidr":
            a = ipaddress.IPv6Network(ipv6(r, "cidr") + "/64", strict=False).network_address.compressed
            return [(a, L, "ip.v6.cidr", None), ("/64", None, None, None)]
        if kind == "v6mapped":
            return [("::ffff:" + ipv4(r), L, "ip.v6.v4mapped", None)]
        if kind == "v6upper":
            return [(ipv6(r, "compressed").upper(), L, "ip.v6.upper", None)]
        raise ValueError(kind)

    def E_MRN(self, style="", label="en"):
        r = self.r
        style = style or r.choice(["d8", "d8", "d7", "d6", "alpha_dash", "dash_suffix", "letter_digits", "year_dash",
                                   "d9", "d10"])
        if style == "d8":
            v = rdig(r, 8, "0" * 3 + "123456789")
        elif style == "d7":
            v = rdig(r, 7, "123456789")
        elif style == "d6":
            v = rdig(r, 6, "123456789")
        elif style == "d9":
            v = rdig(r, 9, "0123")
        elif style == "d10":
            v = digits_failing(r, 10, "0")
        elif style == "alpha_dash":
            v = f"{r.choice('ABEHKMRT')}-{rdig(r, 6, '123456789')}"
        elif style == "dash_suffix":
            v = f"{rdig(r, 4, '123456789')}-{rdig(r, 2)}"
        elif style == "letter_digits":
            v = f"{r.choice(['H', 'E', 'MR', 'P', 'K'])}{rdig(r, r.choice([7, 8]))}"
        elif style == "year_dash":
            v = f"{r.randint(2005, 2024)}-{rdig(r, 6, '123456789')}"
        elif style == "dotted":
            v = f"{rdig(r, 3, '123456789')}.{rdig(r, 3)}.{rdig(r, 3)}"
        elif style == "slash":
            v = f"{rdig(r, 5, '123456789')}/{r.randint(18, 25)}"
        else:
            raise ValueError(style)
        return [(v, "MEDICAL_RECORD_NUMBER", f"mrn.{style}.label_{label}", None)]

    def E_NPI(self):
        return [(npi_value(self.r), "US_NPI", "npi.plain", None)]

    def E_DOB(self, style="", label="en", age=""):
        r = self.r
        style = style or r.choice(["iso", "us", "us", "written_en", "eu_slash"])
        y0, y1 = {"old": (1932, 1962), "child": (2009, 2021), "": (1940, 2006)}[age]
        y, m, d = rand_date(r, y0, y1)
        if style.endswith("_pct"):
            v = fmt_date(y, m, d, style[:-4]).replace("/", "%2F")
        else:
            v = fmt_date(y, m, d, style)
        return [(v, "DATE_OF_BIRTH", f"dob.{style}.label_{label}", None)]

    def E_NHS(self, style=""):
        style = style or self.r.choice(["spaced", "spaced", "compact", "dashed"])
        v = nhs_value(self.r)
        s = {"spaced": f"{v[:3]} {v[3:6]} {v[6:]}", "compact": v, "dashed": f"{v[:3]}-{v[3:6]}-{v[6:]}"}[style]
        return [(s, "UK_NHS", f"nhs.{style}", None)]

    def E_DEA(self):
        return [(dea_value(self.r, self.doc.ln_a), "US_DEA", "dea.plain", None)]

    def E_AWS(self, kind=""):
        kind = kind or self.r.choice(["AKIA", "AKIA", "ASIA"])
        return [(aws_value(self.r, kind), "AWS_ACCESS_KEY", f"aws.{kind.lower()}", None)]

    def E_GH(self, kind=""):
        kind = kind or self.r.choice(["ghp", "ghp", "ghp", "gho", "ghs", "ghu", "ghr", "pat", "pat"])
        return [(gh_value(self.r, kind), "GITHUB_TOKEN", f"github.{kind}", None)]

    def E_PEM(self, kind="", wrap="plain", indent=""):
        r = self.r
        kind = kind or r.choice(["rsa", "rsa", "pkcs8", "pkcs8", "ec", "openssh", "enc", "rsa1024"])
        lines = pem_lines(r, kind)
        if wrap == "plain":
            v = "\n".join(lines)
        elif wrap == "jsonesc":
            v = "\\n".join(lines)
        elif wrap == "yaml":
            v = ("\n" + " " * int(indent or 2)).join(lines)
        elif wrap == "collapsed":
            v = " ".join(lines)
        elif wrap == "quoted":
            v = "\n> ".join(lines)
        elif wrap == "crlf":
            v = "\r\n".join(lines)
        else:
            raise ValueError(wrap)
        return [(v, "PRIVATE_KEY", f"pem.{kind}.{wrap}", None)]

    # ---- fillers ---------------------------------------------------------
    def f_fn(self): return self.p.fn
    def f_ln(self): return self.p.ln
    def f_full(self): return self.p.full
    def f_fn2(self): return self.p2.fn
    def f_ln2(self): return self.p2.ln
    def f_full2(self): return self.p2.full
    def f_agent(self): return self.agent.fn
    def f_agentfull(self): return self.agent.full
    def f_co(self): return self.p.co
    def f_co2(self): return self.p2.co
    def f_dom(self): return self.p.dom
    def f_dom2(self): return self.p2.dom
    def f_city(self): return self.p.city
    def f_doc(self): return f"Dr. {self.doc.full}"
    def f_docln(self): return self.doc.ln
    def f_lb(self): return "[["
    def f_rb(self): return "]]"

    def f_num(self, n="5"):
        return rdig(self.r, int(n), "123456789")

    def f_hex(self, n="8"):
        return "".join(self.r.choice("0123456789abcdef") for _ in range(int(n)))

    def f_tok(self, n="24"):
        return "".join(self.r.choice(ALNUM) for _ in range(int(n)))

    def f_date(self, style="iso", y0="2024", y1="2025"):
        y, m, d = rand_date(self.r, int(y0), int(y1))
        return fmt_date(y, m, d, style)

    def f_rfcdate(self):
        y, m, d = rand_date(self.r, 2024, 2025)
        wd = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][(d + m * 2 + y) % 7]
        return f"{wd}, {d} {MONTHS['en'][m - 1][:3]} {y} {self.r.randint(7, 19):02d}:{self.r.randint(0, 59):02d}:{self.r.randint(0, 59):02d} {self.r.choice(['+0000', '+0100', '+0200', '-0500', '-0800'])}"

    def f_sec(self):
        return f"{self.r.randint(0, 59):02d}"

    def f_time(self):
        return f"{self.r.randint(7, 19):02d}:{self.r.randint(0, 59):02d}"

    def f_ts(self):
        y, m, d = rand_date(self.r, 2024, 2025)
        return f"{y}-{m:02d}-{d:02d}T{self.r.randint(0, 23):02d}:{self.r.randint(0, 59):02d}:{self.r.randint(0, 59):02d}Z"

    def f_ticket(self):
        return self.r.choice([f"#{rdig(self.r, 5, '123456789')}", f"INC{rdig(self.r, 7, '0')}", f"SR-{rdig(self.r, 5, '123456789')}",
                              f"CS-{rdig(self.r, 4, '123456789')}"])

    def f_amount(self):
        return neg_value(self.r, "amount", self.lang)

    def f_last4(self):
        return rdig(self.r, 4)

    def f_product(self):
        return self.r.choice(["Pro plan", "Team workspace", "the Starter bundle", "Enterprise seats", "the mobile app",
                              "the patient portal", "Payroll add-on", "the booking widget", "API access"])


class LStr:
    """A rendered string with its labelled parts (for JSON fields)."""

    def __init__(self, parts):
        self.parts = parts

    @property
    def text(self):
        return "".join(p[0] for p in self.parts)


class LNum:
    """A labelled JSON number."""

    def __init__(self, value, entity, fmt):
        self.value, self.entity, self.fmt = int(value), entity, fmt


def tidy_parts(parts):
    """Merge adjacent plain-text parts, squeeze blank-line runs / doubled spaces left by empty
    alternatives, strip trailing whitespace at the end (never touches labelled values)."""
    out = []
    for p in parts:
        if out and p[1] is None and p[3] is None and out[-1][1] is None and out[-1][3] is None:
            out[-1] = (out[-1][0] + p[0], None, None, None)
        else:
            out.append(p)
    res = []
    for t, ent, fmt, neg in out:
        if ent is None and neg is None:
            t = re.sub(r"[ \t]+\n", "\n", t)
            t = re.sub(r"\n{3,}", "\n\n", t)
            t = re.sub(r"(\r\n){3,}", "\r\n\r\n", t)
        res.append((t, ent, fmt, neg))
    while res and res[-1][1] is None and res[-1][3] is None and not res[-1][0].strip():
        res.pop()
    if res and res[-1][1] is None and res[-1][3] is None:
        res[-1] = (res[-1][0].rstrip(), None, None, None)
    if res and res[0][1] is None and res[0][3] is None:
        res[0] = (res[0][0].lstrip(), None, None, None)
    return [p for p in res if p[0]]


def parts_to_spans(parts):
    parts = tidy_parts(parts)
    text, spans, negs = [], [], []
    c = b = 0
    for t, ent, fmt, neg in parts:
        cl, bl = len(t), len(t.encode("utf-8"))
        if ent:
            spans.append({"start": b, "end": b + bl, "cstart": c, "cend": c + cl, "entity": ent, "fmt": fmt})
        elif neg:
            negs.append({"start": b, "end": b + bl, "cstart": c, "cend": c + cl, "kind": neg})
        text.append(t)
        c += cl
        b += bl
    return "".join(text), spans, negs


def _f_exp(self):
    return f"{self.r.randint(1, 12):02d}/{self.r.randint(26, 31)}"


def _f_ua(self):
    return self.r.choice([
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.91 Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "okhttp/4.12.0", "python-requests/2.31.0", "curl/8.4.0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15"])


def _f_host(self):
    return self.r.choice(["web-03", "api-eu-2", "ip-10-4-1-17", "pay-gw-01", "worker-7f9c", "ehr-int-02", "lb-west-1",
                          "k8s-node-14", "sftp01", "mail-relay-2"])


def _f_svc(self):
    return self.r.choice(["checkout", "billing-api", "auth", "notifications", "patient-portal", "kyc-service",
                          "payouts", "crm-sync", "ingest", "scheduler"])


B.f_exp, B.f_ua, B.f_host, B.f_svc = _f_exp, _f_ua, _f_host, _f_svc

# =============================================================================
# note templates
# =============================================================================
TEMPLATES = []


def tpl(cat, lang="en", w=1.0, lang2=None):
    def deco(fn):
        TEMPLATES.append((fn, cat, lang, w, lang2))
        return fn
    return deco


GREET = "[[?Hi|Hello|Hey|Hi there|Good morning|Hello team|Dear support]]"
SIGN = "[[?Thanks|Thank you|Regards|Best|Cheers|Kind regards|Thanks in advance]]"


# ---------------------------------------------------------------- English ----

@tpl("customer_complaint", w=3)
def t_card_update(b):
    b(GREET + ",\n\n")
    b("[[?I've been trying to update the card on file for [[product]] since [[date:written_en]] and every attempt fails with \"[[?card declined|do not honor|invalid account number]]\".|Your checkout page keeps rejecting my card and I'm about to cancel.|My subscription lapsed because the old card expired and the new one just won't save.]] ")
    b("The new card is [[CARD]][[? (exp [[exp]])| - expiry [[exp]]|, CVC on the back is fine|]]. ")
    b("[[?The app still shows [[~masked_card]] which is the OLD card.|The old one ending [[last4]] should be removed.|]]")
    b("[[?\n\nOrder [[~order16]] is on hold because of this.|\n\nMy order number is [[~order16]] if that helps.|]]")
    b("\n\n[[?Call me|Please call me back|You can reach me|Text me]] [[?at|on]] [[PHONE:us]][[?| any time after 3pm| (cell)|, that's my cell]].\n\n" + SIGN + ",\n[[full]]")


@tpl("customer_complaint", w=2)
def t_double_charge(b):
    b("Subject: [[?Charged twice|Duplicate charge|Double billing]] [[?on|for]] [[?invoice|order]] [[~invoice10]]\n\n")
    b(GREET + ", I was billed [[amount]] twice on [[~date_nondob:written_en]]. Both charges show on my statement for the card ending in [[last4]]. ")
    b("[[?I expect a refund of the duplicate within 5 business days.|This is the second time this has happened.|Please reverse one of them.]]")
    b("[[?\n\nMy login is [[EMAIL]].|\n\nAccount email: [[EMAIL:plus]]|]]\n\n[[fn]]")


@tpl("customer_complaint", w=3)
def t_identity(b):
    b("[[?Someone opened an account in my name|I think my identity was stolen|Fraud alert - I did NOT sign up for this]]. ")
    b("I got a letter at home about an account that I never created. Your rep on the phone asked me to verify with my ")
    b("[[?date of birth|DOB|birthdate]] ([[DOB:" + b.pick(["us", "us", "written_en", "us_nopad", "iso", "ordinal_en", "abbr_mdy", "us_short"]) + ",en]]) and my SSN, which I gave: [[SSN]]. ")
    b("[[?Now I'm worried I shouldn't have typed that here.|Please close the fraudulent account.|I have also filed a police report, case no. [[num:7]].]]\n\n")
    b("[[?Reach me at|My email is|Contact:]] [[EMAIL:free]][[? or [[PHONE:us]]|]].\n[[full]]")


@tpl("customer_complaint", w=2, lang2="en")
def t_refund_uk(b):
    b(GREET + ",\n\nI cancelled within the 14-day window and still haven't had my refund of [[?£[[num:3]].00|£[[num:2]].99]]. ")
    b("[[?Since my card has been replaced, please|Could you]] send it by bank transfer instead: [[?IBAN|IBAN:|account IBAN]] [[IBAN:gb]][[?, account name [[full]]|]]. ")
    b("[[?Ring me on|My mobile is|Call me on]] [[PHONE:gb,mobile]] if anything is unclear.\n\n[[?Cheers|Thanks|Ta]],\n[[fn]]")


@tpl("agent_reply", w=3)
def t_agent_confirm(b):
    b("[[?Hi|Hello|Dear|Hey]] [[fn]],\n\n[[?Thanks for your patience.|Thank you for reaching out.|Sorry for the trouble here.]] ")
    b("I've updated your profile: the phone number is now [[PHONE:any]] and notifications will go to [[EMAIL]]. ")
    b("[[?Your previous number [[~masked_phone]] has been removed.|Nothing else was changed.|]] ")
    b("[[?If this wasn't you, reply to this ticket right away.|Let me know if anything looks off.]]\n\n[[agentfull]]\n[[co2]] Support")


@tpl("agent_reply", w=3)
def t_agent_redaction(b):
    b("Hi [[fn]],\n\nQuick note: for your security please don't post full card numbers or SSNs in tickets. ")
    b("I've removed the one from your last message (it now shows as [[~masked_card]]) and the SSN ([[~masked_ssn]]). ")
    b("The refund of [[amount]] was issued on [[~date_nondob:written_en]] and should appear within 5-10 business days. Reference [[~uuid]].\n\n")
    b("[[?Best|Regards]],\n[[agent]] | Billing Support")


@tpl("agent_reply", w=2)
def t_agent_ach(b):
    b("Hi [[fn]], I've set up the direct debit with the details you gave on the phone:\n\n")
    b("  Bank: [[?First Harbor Bank|Prairie State Credit Union|Cascade National|Lakeshore Savings]]\n  Routing (ABA): [[ABA]]\n  Account: ending [[last4]]\n  Type: [[?checking|savings]]\n\n")
    b("The first pull will be on [[~date_nondob:us]]. A confirmation was sent to [[EMAIL]].\n\n[[agent]]")


@tpl("vendor_escalation", w=2)
def t_vendor_psp(b):
    b("ESCALATION to [[?Adyen|processor|acquirer]] L2 — [[ticket]]\n\nMerchant reports a spike in declines (code [[?05|51|14|N7]]) since [[~ts]]. Three samples below; ")
    b("cardholders consented to sharing for investigation.\n\n")
    for _ in range(b.r.randint(2, 4)):
        b("- [[~ts]]  [[CARD]]  amt [[amount]]  ip [[IP:v4]]  auth=[[?declined|soft_decline|referral]]\n")
    b("\nAll from the same BIN family. Our gateway version is [[~version]]. Please advise whether this is an issuer-side block.")


@tpl("vendor_escalation", w=2)
def t_vendor_ehr(b):
    b("To: EHR vendor support\nRe: duplicate patient charts after interface upgrade\n\n")
    b("Two charts were created for the same patient during the HL7 feed replay on [[~date_nondob:us]]. ")
    b("Surviving chart [[?MRN|MRN:|MRN #]] [[MRN:d8,en]], duplicate [[?MRN|MRN:]] [[MRN:d8,en]]. Patient DOB [[DOB:us,en]]. ")
    b("Ordering provider [[doc]] (NPI [[NPI]]) cannot sign the merged orders. ")
    b("[[?Controlled-substance orders also fail: DEA [[DEA]] shows 'not on file'.|]]\n\nInterface engine logs: message control id [[~uuid]]. Please escalate to L3.")


@tpl("call_transcript", w=3)
def t_call_bank(b):
    b("Call recording transcript — [[?inbound|IVR transfer]] [[~ts]]\n\n")
    b("AGENT: Thanks for calling, this is [[agent]]. Can I get your full name?\nCALLER: [[full]].\n")
    b("AGENT: And to verify, what's your date of birth?\nCALLER: [[?Uh, it's |It's |]][[DOB:written_en,q]].\n")
    b("AGENT: Thank you. And the last four of your social?\nCALLER: [[?Actually you can have the whole thing,|The full one is|]] [[SSN]].\n")
    b("AGENT: I only needed the last four, but okay. What's the best callback number?\nCALLER: [[PHONE:us]]\n")
    b("AGENT: Great, I'll note that. [[?Anything else today?|One moment while I pull up the account.]]\nCALLER: [[?No, that's it.|Yes, the charge from [[~date_nondob:written_en]].]]")


@tpl("call_transcript", w=2)
def t_call_clinic(b):
    b("[[?00:00:02|[00:00:02]]] Rep: [[?Thank you for calling|You've reached]] the scheduling line, how can I help?\n")
    b("[[?00:00:06|[00:00:06]]] Patient: I need to move my appointment on [[~date_nondob:written_en]].\n")
    b("[[?00:00:11|[00:00:11]]] Rep: Sure. Can you give me your medical record number?\n")
    b("[[?00:00:15|[00:00:15]]] Patient: Let me find it... [[MRN:d7,q]].\n")
    b("[[?00:00:22|[00:00:22]]] Rep: And your date of birth?\n")
    b("[[?00:00:25|[00:00:25]]] Patient: [[DOB:us,q]]\n")
    b("[[?00:00:31|[00:00:31]]] Rep: Thanks. Is [[PHONE:us]] still the best number?\n")
    b("[[?00:00:34|[00:00:34]]] Patient: [[?Yes.|No, use my work line, [[PHONE:us,fixed,,ext]].]]")


@tpl("email_thread", w=3, lang2="en")
def t_email_invoice(b):
    cc = b.pick(["DE", "NL", "BE", "AT", "IE", "FR", "DK", "FI", "LU", "CZ", "CH", "NO"])
    b("Subject: RE: Invoice [[~invoice10]] - updated bank details\nFrom: [[full]] <[[EMAIL:work>me]]>\nTo: [[?accounts payable|AP team]] <[[EMAIL:role,2]]>\nDate: [[rfcdate]]\n\n")
    b("Hi [[fn2]],\n\nPlease note that our bank details have changed as of this month. New account:\n\n  IBAN: [[IBAN:" + cc + ",grouped]]\n  BIC: [[?DEUTDEFF|INGBNL2A|GEBABEBB|BKAUATWW|AIBKIE2D|BNPAFRPP]]\n\n")
    b("Kindly update your vendor master before the next payment run.\n\n" + SIGN + ",\n[[full]]\n[[?Finance Manager|Head of Accounts|Controller]], [[co]]\n")
    b("[[?T|Tel|Phone]]: [[PHONE:any]][[? | M: [[PHONE:any,mobile]]|]]\n\n")
    b("On [[~date_nondob:written_en]], [[full2]] <[[EMAIL:work,2]]> wrote:\n> Hi [[fn]],\n> we still have the old account on file:\n> [[IBAN:" + cc + ",compact]]\n> Can you confirm in writing?\n> \n> Thanks, [[fn2]]")


@tpl("email_thread", w=2)
def t_email_support_nopii(b):
    b("Subject: Re: [[?Export stuck at 99%|Sync failing since update|Dashboard not loading]]\n\n")
    b("Hi [[agent]],\n\nStill happening after the [[~version]] update. Job id [[~uuid]], started [[~ts]]. ")
    b("Attached the HAR file (sha256 [[~hash]]).\n\n[[fn]]\n\n> On [[~date_nondob:written_en]] [[agent]] wrote:\n> Could you try clearing the cache and re-running the export?\n> Commit [[~sha:7]] should have fixed the timeout.")


@tpl("chat_log", w=2)
def t_chat_payment(b):
    t = b.r.randint(9, 20)
    b(f"[{t}:02] Visitor: hi my payment keeps failing\n[{t}:02] Bot: I can help with that! What's the email on your account?\n")
    b(f"[{t}:03] Visitor: [[EMAIL]]\n[{t}:03] Bot: Thanks. Connecting you to an agent...\n[{t}:05] [[agent]] (agent): Hi! Which card are you using?\n")
    b(f"[{t}:06] Visitor: [[?its|it's|this one]] [[CARD]] exp [[exp]]\n")
    b(f"[{t}:06] [[agent]] (agent): Please don't share the full number in chat — I'll mask it. The issuer declined it as 'do not honor', you'll need to call them.\n")
    b(f"[{t}:07] Visitor: ok ty")


@tpl("chat_log", w=2)
def t_chat_nopii(b):
    b("[[~ts]] <[[agent]]> anyone seeing 502s from the [[svc]] pool?\n[[~ts]] <ops-bot> alert: p99 latency 4.2s on [[host]]\n")
    b("[[~ts]] <[[fn]]> yep, rolled back to [[~version]], deploy [[~sha:7]] looks bad\n[[~ts]] <[[agent]]> ack, opening incident [[ticket]]")


@tpl("log_excerpt", w=3)
def t_log_kv(b):
    for _ in range(b.r.randint(2, 4)):
        b("[[~ts]] level=[[?warn|error|info]] svc=[[svc]] host=[[host]] ")
        b(b.pick([
            "msg=\"card declined\" pan=[[CARD:,none]] amount=[[?1999|4500|12000]] currency=[[?USD|EUR|GBP]] req=[[~uuid]]\n",
            "msg=\"login ok\" user=[[EMAIL]] client_ip=[[IP]] ua=\"[[ua]]\"\n",
            "msg=\"otp sent\" to=[[PHONE:any,,e164]] channel=sms attempt=[[?1|2|3]]\n",
            "msg=\"rate limited\" src=[[IP:v4]] path=/api/v2/orders/[[~order16]] status=429\n",
            "msg=\"job finished\" duration_ms=[[num:4]] rows=[[num:5]] trace=[[~hash]]\n",
        ]))


@tpl("log_excerpt", w=3)
def t_log_jsonl(b):
    for _ in range(b.r.randint(2, 3)):
        b(b.pick([
            '{"ts":"[[~ts]]","level":"error","event":"kyc_check_failed","applicant":{"ssn":"[[SSN]]","[[?dob|date_of_birth|birthDate]]":"[[DOB:iso,key]]"},"ip":"[[IP:v6]]"}\n',
            '{"ts":"[[~ts]]","level":"info","event":"email_bounced","to":"[[EMAIL]]","smtp_code":550,"msg_id":"[[~uuid]]"}\n',
            '{"ts":"[[~ts]]","level":"warn","event":"payout_failed","iban":"[[IBAN:any,compact]]","reason":"account closed","amount_cents":[[num:5]]}\n',
            '{"ts":"[[~ts]]","level":"debug","event":"http_request","remote_addr":"[[IP:v4]]","path":"/health","latency_ms":[[num:2]]}\n',
            '{"ts":"[[~ts]]","level":"info","event":"session_start","device_mac":"[[~mac]]","app_version":"[[~version]]"}\n',
        ]))


@tpl("log_excerpt", w=2)
def t_log_syslog(b):
    mon = b.pick(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
    for _ in range(b.r.randint(2, 4)):
        b(f"{mon} {b.r.randint(1, 28):2d} [[time]]:{b.r.randint(10, 59)} [[host]] ")
        b(b.pick([
            "sshd[[[num:4]]]: Failed password for invalid user admin from [[IP]] port [[num:5]] ssh2\n",
            "sshd[[[num:4]]]: Accepted publickey for deploy from [[IP:v4priv]] port [[num:5]] ssh2: ED25519 SHA256:[[tok:43]]\n",
            "postfix/smtpd[[[num:4]]]: NOQUEUE: reject: RCPT from unknown[[[IP:v4]]]: 554 5.7.1 <[[EMAIL:free]]>: Relay access denied\n",
            "kernel: [UFW BLOCK] IN=eth0 OUT= MAC=[[~mac]] SRC=[[IP:v4]] DST=[[IP:v4priv]] PROTO=TCP SPT=[[num:5]] DPT=22\n",
            "dhclient[[[num:3]]]: DHCPACK of [[IP:v4priv]] from [[IP:v4priv]]\n",
            "systemd[1]: Started [[svc]].service - build [[~version]].\n",
        ]))


@tpl("log_excerpt", w=2)
def t_log_nginx(b):
    for _ in range(b.r.randint(1, 3)):
        b("[[IP]] - - [[[?12|03|27]]/[[?Mar|Oct|Jan]]/2025:[[time]]:[[sec]] +0000] ")
        b(b.pick([
            '"GET /api/v1/users/lookup?email=[[EMAIL:pct]]&include=orders HTTP/1.1" 200 [[num:4]] "-" "[[ua]]"\n',
            '"POST /checkout/confirm HTTP/2.0" 302 0 "https://shop.[[dom]]/cart" "[[ua]]"\n',
            '"GET /account/verify?phone=[[PHONE:any,,e164pct]]&code=[[num:6]] HTTP/1.1" 404 [[num:3]] "-" "[[ua]]"\n',
            '"GET /static/img/[[~png2x]] HTTP/1.1" 200 [[num:5]] "-" "[[ua]]"\n',
        ]))


@tpl("csv_paste", w=2)
def t_csv_customers(b):
    b("[[?Here's the export you asked for:|Pasting the rows that failed import:|CSV below (first rows only)]]\n\n")
    b("customer_id,first_name,last_name,email,phone,dob,signup_date\n")
    for _ in range(b.r.randint(2, 4)):
        q = Persona(b.r, "en")
        b.p = q
        b(f"{rdig(b.r, 6, '123456789')},{q.fn},{q.ln},[[EMAIL]],[[PHONE:us,,dashes]],[[DOB:iso,csvhdr]],[[~date_nondob:iso]]\n")
    b("\n[[?Rows 2 and 3 fail with 'duplicate key'.|The importer says the dob column is invalid.|]]")


@tpl("csv_paste", w=2)
def t_tsv_patients(b):
    b("Roster from the [[?cardiology|oncology|pediatrics|ortho]] clinic (tab separated), the upload to the portal rejects it:\n\n")
    b("MRN\tName\tDOB\tNHS No\tPhone\n")
    for _ in range(b.r.randint(2, 4)):
        q = Persona(b.r, "en")
        b(f"[[MRN:d7,csvhdr]]\t{q.full}\t[[DOB:eu_slash,csvhdr]]\t[[NHS]]\t[[PHONE:gb]]\n")
    b("\nAll rows fail validation with 'unknown practice code'.")


@tpl("markdown_table", w=2)
def t_md_patient(b):
    b("### [[?Intake summary|Referral details|Patient lookup result]]\n\n| Field | Value |\n|---|---|\n| Name | [[full]] |\n")
    b("| [[?DOB|Date of birth|D.O.B.]] | [[DOB:" + b.pick(["us", "iso", "written_en", "abbr_dmy"]) + ",table]] |\n")
    b("| [[?MRN|Medical record #|Chart number]] | [[MRN:" + b.pick(["d8", "alpha_dash", "letter_digits", "dash_suffix"]) + ",table]] |\n")
    b("| Phone | [[PHONE:us]] |\n| Referring provider | [[doc]] |\n| Appointment | [[~date_nondob:us]] [[time]] |\n")
    b("\n[[?Please confirm insurance before the visit.|Portal account not yet created.|]]")


@tpl("markdown_table", w=2)
def t_md_payouts(b):
    b("Payout failures this week:\n\n| Partner | IBAN | Amount | Reason |\n|:--|:--|--:|:--|\n")
    for _ in range(b.r.randint(2, 5)):
        cc = b.pick(list(IBAN_LEN))
        co = Persona(b.r, "en").co
        if b.r.random() < 0.35:
            b(f"| {co} | [[~iban_badcheck:{cc}]] | [[amount]] | invalid checksum |\n")
        else:
            b(f"| {co} | [[IBAN:{cc}]] | [[amount]] | [[?account closed|name mismatch|beneficiary bank rejected|AC04]] |\n")


@tpl("sql_snippet", w=2)
def t_sql(b):
    b("[[?The migration failed on this statement:|Ran this in prod by mistake, need a rollback plan:|Query from the slow log:]]\n\n```sql\n")
    b(b.pick([
        "INSERT INTO customers (id, email, phone, ssn, date_of_birth)\nVALUES ([[num:5]], '[[EMAIL]]', '[[PHONE:us,,intl_dashes]]', '[[SSN]]', '[[DOB:iso,key]]');\n",
        "UPDATE patients\n   SET mrn = '[[MRN:alpha_dash,key]]', phone = '[[PHONE:us,,paren]]'\n WHERE patient_id = [[num:6]];\n",
        "SELECT * FROM payments\n WHERE pan = '[[CARD:,none]]'\n   AND created_at >= '[[~date_nondob:iso]]';\n",
        "DELETE FROM sessions WHERE ip = '[[IP]]' AND user_id = [[num:6]];\n",
        "INSERT INTO payees (name, iban, routing_number) VALUES ('[[co]]', '[[IBAN:any,compact]]', NULL), ('[[co2]]', NULL, '[[ABA]]');\n",
    ]))
    b("```\n\n[[?Error: duplicate key value violates unique constraint.|Took [[num:4]] ms.|]]")


@tpl("html_fragment", w=2)
def t_html(b):
    b("[[?The invoice email renders wrong, raw HTML below:|Copied from the page source:|Template output that went to the customer:]]\n\n")
    b('<div class="contact-card">\n  <p><strong>[[full]]</strong><br>\n  [[co]]</p>\n')
    b('  <p>Tel.: <a href="tel:[[PHONE:any,,e164>tel]]">[[=tel]]</a><br>\n')
    b('  E-mail: <a href="mailto:[[EMAIL>em]]">[[=em]]</a></p>\n')
    b(b.pick(['  <p class="note">Customer&#39;s DOB: <b>[[DOB:iso,en]]</b></p>\n',
              '  <td>Card</td><td>[[CARD:,spaces]]</td>\n',
              '  <p>&lt;[[EMAIL:free]]&gt; &amp; [[?team|others]] were cc&#39;d</p>\n',
              '  <img src="/img/[[~png2x]]" alt="">\n']))
    b("</div>")


@tpl("form_encoded", w=2)
def t_form(b):
    b("[[?Webhook payload we received (application/x-www-form-urlencoded):|Raw POST body from the signup form:|Request body captured by the WAF:]]\n\n")
    b("first_name=[[fn]]&last_name=[[ln]]&email=[[EMAIL:pct]]")
    b(b.pick(["&dob=[[DOB:iso,key]]", "&birth_date=[[DOB:us_pct,key]]", "", "&zip=[[~zip]]"]))
    b(b.pick(["&card_number=[[CARD:,none]]&exp=[[exp]]", "&ssn=[[SSN:none]]", "&plan=pro&coupon=SPRING25"]))
    b("&consent=on\n")


@tpl("url_query", w=2)
def t_url(b):
    b("[[?The link in the reminder email is|Customer clicked this URL|Found this in the referrer logs]]:\n\n")
    b(b.pick([
        "https://portal.[[dom]]/patients/search?mrn=[[MRN:d8,key]]&dob=[[DOB:iso,key]]&src=sms\n",
        "https://app.[[dom]]/reset-password?email=[[EMAIL:pct]]&token=[[tok:32]]&utm_source=email\n",
        "https://[[IP:v4]]:8443/admin/users?q=[[EMAIL:pct]]\n",
        "https://track.[[dom]]/c/[[~uuid]]?redirect=https%3A%2F%2Fshop.[[dom]]%2Forder%2F[[~order16]]\n",
        "https://maps.example.net/?q=[[~coords]]\n",
    ]))
    b("\n[[?It shouldn't contain personal data in the query string.|Can we strip these params?|]]")


@tpl("stack_trace", w=2)
def t_stack_py(b):
    b("Traceback (most recent call last):\n  File \"/srv/app/[[?billing/charge.py|kyc/verify.py|notify/sms.py]]\", line [[num:3]], in [[?charge|verify|send]]\n")
    b("    resp = client.post(url, json=payload, timeout=10)\n  File \"/usr/lib/python3.11/site-packages/requests/api.py\", line 115, in post\n")
    b(b.pick([
        "payments.errors.CardError: Your card was declined. (card=[[CARD:,none]], customer=cus_[[tok:14]])\n",
        "ValidationError: applicant {'ssn': '[[SSN]]', 'dob': '[[DOB:iso,key]]'} rejected by bureau\n",
        "SmsDeliveryError: undeliverable destination [[PHONE:any,,e164]] (carrier code 30007)\n",
        "ConnectionError: HTTPSConnectionPool(host='[[IP:v4priv]]', port=443): Max retries exceeded\n",
        "KeyError: 'routing_number'  (payload had account_no=[[~acct]])\n",
    ]))


@tpl("stack_trace", w=2)
def t_stack_java(b):
    b("Exception in thread \"[[?main|pool-3-thread-7|http-nio-8080-exec-4]]\" ")
    b(b.pick([
        "java.lang.IllegalStateException: Duplicate subscriber for [[EMAIL]]\n",
        "com.acme.billing.PayoutException: beneficiary [[IBAN:any,compact]] rejected (AM05)\n",
        "java.net.ConnectException: Connection refused: /[[IP:v4priv]]:5432\n",
        "java.lang.NumberFormatException: For input string: \"[[~order16]]\"\n",
    ]))
    b("\tat com.acme.[[?core|billing|sync]].Service.process(Service.java:[[num:3]])\n\tat java.base/java.util.concurrent.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1136)\n\t... 12 more")


@tpl("config_dump", w=2)
def t_cfg_aws(b):
    b("[[?Customer pasted their CLI config while asking why uploads fail|From the support bundle (~/.aws/credentials)]]:\n\n")
    b("[default]\naws_access_key_id = [[AWS:AKIA]]\naws_secret_access_key = [[?****************************************|<hidden>|(redacted by support)]]\nregion = [[?eu-central-1|us-east-1|ap-northeast-1]]\n\n")
    b("[[?[profile docs]\naws_access_key_id = [[~aws_example]]\n|]]")
    b("\n[[?Please rotate the key - it was posted in a public ticket.|Key has since been deactivated.|]]")


@tpl("config_dump", w=2)
def t_cfg_env(b):
    b("[[?.env from the staging box|docker-compose environment section|Environment dump from the failing pod]]:\n\n")
    lines = [
        "DATABASE_URL=postgres://app:[[?***|changeme]]@[[IP:v4priv]]:5432/orders",
        "SMTP_USER=[[EMAIL:role]]",
        "GITHUB_TOKEN=[[GH]]",
        "SENTRY_RELEASE=[[~sha:40]]",
        "APP_VERSION=[[~version]]",
        "REDIS_HOST=[[IP:v4priv]]",
        "BIND_ADDR=[[IP:v6port]]",
        "AWS_ACCESS_KEY_ID=[[AWS]]",
        "INSTANCE_ID=[[~uuid]]",
        "SUPPORT_PHONE=[[PHONE:us,tollfree]]",
    ]
    b.r.shuffle(lines)
    b("\n".join(lines[:b.r.randint(4, 7)]) + "\n")


@tpl("config_dump", w=2)
def t_pem_paste(b):
    b("[[?Is this the right format for the SFTP key?|The integration rejects our key, here it is:|Uploading our deploy key so you can whitelist it:]]\n\n")
    b("[[?```\n[[PEM]]\n```|[[PEM]]]]\n\n")
    b("[[?Server fingerprint: SHA256:[[tok:43]]|Connecting to [[IP:v4]] port 22|]]")


@tpl("config_dump", w=1)
def t_gcp_sa(b):
    b("Service account JSON they attached (should never be in a ticket!):\n\n{\n  \"type\": \"service_account\",\n  \"project_id\": \"[[?billing-prod|crm-sync|data-lake]]-[[num:6]]\",\n")
    b("  \"private_key_id\": \"[[hex:40]]\",\n  \"private_key\": \"[[PEM:pkcs8,jsonesc]]\\n\",\n")
    b("  \"client_email\": \"[[EMAIL:sa]]\",\n  \"client_id\": \"[[num:21]]\"\n}")


@tpl("config_dump", w=1)
def t_yaml_pem(b):
    b("values.yaml excerpt:\n\nsftp:\n  host: [[IP:v4]]\n  user: [[?partner_upload|acme-ftp]]\n  privateKey: |\n    [[PEM:" + b.pick(["rsa", "openssh", "ec"]) + ",yaml,4]]\n  knownHosts: \"[[?auto|skip]]\"")


@tpl("healthcare_portal", w=2)
def t_nhs_gp(b):
    b("[[?Referral query|Patient record mismatch|Online booking problem]] — [[?Riverside|Hillcrest|Abbey Road|Meadowbank]] Surgery\n\n")
    b("Patient: [[full]]\nNHS [[?number|no.|No]]: [[NHS]]\n[[?DOB|Date of birth]]: [[DOB:" + b.pick(["eu_slash", "written_en_dmy", "abbr_dmy"]) + ",en]]\n")
    b("Postcode: [[?LS6|BS3|M14|SW9]] [[num:1]][[?AB|XY|QT]]\n[[?Mobile|Contact]]: [[PHONE:gb,mobile]]\n\n")
    b("[[?The NHS App shows a different practice.|Booking says 'no matching record'.|Please merge with the temporary record created on [[~date_nondob:eu_slash]].]]")


@tpl("healthcare_portal", w=2)
def t_pharmacy(b):
    b("[[?E-prescribing rejection|EPCS failure|Refill authorization issue]] at [[?Corner Drug|Main St Pharmacy|Valley Rx]]\n\n")
    b("Prescriber: [[doc]]\nNPI: [[NPI]]\nDEA: [[DEA]]\n[[?Office|Practice phone]]: [[PHONE:us]]\n[[?Fax: [[PHONE:us,fixed,dashes]]\n|]]")
    b("Patient DOB [[DOB:us,en]] / Rx [[num:7]]\n\nError returned: 'Prescriber DEA schedule mismatch'. [[?Happens since [[~version]].|]]")


@tpl("hr_onboarding", w=2)
def t_hr_onboarding(b):
    b("[[?New hire paperwork|Onboarding ticket|Payroll setup]] for [[full]] (start date [[~date_nondob:us]])\n\n")
    b("- SSN: [[SSN]]\n- Date of birth: [[DOB:us,en]]\n- Direct deposit routing: [[ABA]], account ending [[last4]]\n")
    b("- Personal email: [[EMAIL:free]]\n- Emergency contact: [[full2]], [[PHONE:us]]\n\nI-9 docs were verified in person by [[agentfull]].")


@tpl("dev_incident", w=2)
def t_secret_leak(b):
    b("SECURITY: [[?token committed to public repo|credentials in CI logs|key exposed in screenshot]]\n\n")
    b(b.pick([
        "Commit [[~sha:40]] added `.github/workflows/release.yml` with a hard-coded token: [[GH]]. Revoked at [[~ts]]?",
        "The build log for job [[num:7]] printed `AWS_ACCESS_KEY_ID=[[AWS]]` because of `set -x`. Secret part was masked by the runner.",
        "Found [[GH:pat]] in a gist linked from ticket [[ticket]]. Owner: [[EMAIL]].",
        "Screenshot shows access key [[AWS:ASIA]] (temporary creds, session token cut off).",
    ]))
    b("\n\n[[?Please rotate and confirm.|Rotation done, leaving ticket open for audit.|]] Note: the example key [[~aws_example]] in the README is fine.")


@tpl("vendor_escalation", w=2)
def t_intl_sales(b):
    b("Escalating for the EMEA partner team — these contacts need callbacks today:\n\n")
    for cc in b.r.sample(["de", "fr", "nl", "es", "it", "pl", "se", "pt", "ch", "gb", "ie", "jp", "br", "au", "in"], b.r.randint(3, 5)):
        q = Persona(b.r, {"de": "de", "fr": "fr", "nl": "nl", "es": "es", "it": "it", "pl": "pl", "se": "sv", "pt": "pt",
                          "ch": "de", "gb": "en", "ie": "en", "jp": "ja", "br": "br", "au": "en", "in": "en"}[cc])
        b(f"* {q.full} ({q.co}) — [[PHONE:{cc}]][[? — prefers email| — only after 14:00 CET|]]\n")
    b("\nThanks!")


# ------------------------------------------------------------ no-PII (en) ----

@tpl("customer_complaint", w=3)
def t_np_shipping(b):
    b(GREET + ",\n\nMy order [[~order16]] [[?was supposed to arrive|should have shipped]] on [[~date_nondob:written_en]]. ")
    b("Tracking [[~tracking]] hasn't updated in a week. [[?I paid [[~amount]] for express shipping!|Item: [[~sku]].|]] ")
    b("[[?Please refund the shipping fee.|Where is my package??|]]\n\n" + SIGN)


@tpl("agent_reply", w=3)
def t_np_invoice(b):
    b("Hi [[fn]],\n\nInvoice [[~invoice10]] (invoice date [[~date_nondob:us]], due [[~date_nondob:us]]) totals [[~amount]]. ")
    b("The payment you sent on [[~date_nondob:written_en]] was applied to [[~invoice10]] by mistake; I've moved it over. ")
    b("[[?Your ZIP on file is [[~zip]], which matches.|PO number [[~order_phonelike]] is referenced on both.|]]\n\n[[agent]]")


@tpl("vendor_escalation", w=2)
def t_np_outage(b):
    b("Incident [[ticket]] — degraded [[svc]]\n\nStart: [[~ts]]\nDetected by: synthetic check\nAffected versions: [[~version]], [[~version]]\n")
    b("Root cause (prelim): config push [[~sha:40]] set pool size to 0.\nCorrelation id: [[~uuid]]\nCustomer impact: ~[[num:3]] failed logins. No data exposure.")


@tpl("customer_complaint", w=2)
def t_np_masked(b):
    b("[[?I can see my|The receipt shows my]] card as [[~masked_card]] and my SSN as [[~masked_ssn]] on the account page, ")
    b("but the email is shown as [[~masked_email]] which isn't even mine. [[?Phone shows [[~masked_phone]].|]] Fix please. [[~redacted]]")


@tpl("agent_reply", w=2)
def t_np_network(b):
    b("Hi [[fn]],\n\nThe device with MAC [[~mac]] is running firmware [[~version]]; please update to the latest. ")
    b("The OID [[~oid]] you asked about is the extended key usage for server auth. ")
    b("Your order [[~order_phonelike]] for [[~sku]] ships [[~date_nondob:written_en]].\n\n[[agent]]")


@tpl("dev_incident", w=2)
def t_np_security(b):
    b("Security review notes for release [[~version]]:\n- SBOM pinned [[~npm_scoped]] and [[~npm_scoped]]\n- artifact sha256 [[~hash]]\n")
    b("- docs still use [[~aws_example]] and [[~gh_redacted]] as placeholders (OK)\n- static assets: [[~png2x]]\n")
    b("- TLS cert pinned:\n[[~cert]]\n")


@tpl("customer_complaint", w=2)
def t_np_invalid(b):
    b("Your form rejected my [[?tax id|number]] [[~ssn_invalid]] and the IBAN [[~iban_badcheck]] — both are copied straight from my paperwork! ")
    b("[[?Also the card [[~card_badluhn]] was refused.|]] Invoice [[~invoice10]] remains unpaid because of this.")


@tpl("agent_reply", w=2)
def t_np_howto(b):
    b("Hi [[fn]],\n\nTo export your data go to Settings → Privacy → Export. The archive is generated within 24 hours and the ")
    b("download link stays valid for 7 days. If the job id ([[~uuid]]) shows as failed, reply here and I'll rerun it.\n\n[[agent]]")


# ---------------------------------------------------------------- German -----

@tpl("customer_complaint", "de", w=2)
def t_de_sepa(b):
    b("[[?Sehr geehrte Damen und Herren|Hallo zusammen|Guten Tag]],\n\n")
    b("[[?seit drei Wochen versuche ich|ich versuche seit dem [[~date_nondob:eu_dot]]]], die Lastschrift für mein Abo umzustellen. ")
    b("Bitte buchen Sie ab sofort von diesem Konto ab:\n\nKontoinhaber: [[full]]\nIBAN: [[IBAN:de]]\n\n")
    b("[[?In Ihrem Formular steht noch [[~iban_badcheck:DE]], da hat sich jemand vertippt.|Die Rechnung [[~invoice10]] wurde doppelt abgebucht!|]]\n\n")
    b("Sie erreichen mich unter [[PHONE:de]] oder per Mail an [[EMAIL]].\n\nMit freundlichen Grüßen\n[[full]]")


@tpl("healthcare_portal", "de", w=2)
def t_de_health(b):
    b("Betreff: [[?Befund fehlt im Patientenportal|Terminverschiebung|Falsche Versichertendaten]]\n\nGuten Tag,\n\n")
    b("meine Mutter [[full]] ([[?Geburtsdatum|geb.|geboren am]] [[DOB:" + b.pick(["eu_dot", "de", "eu_dot_nopad"]) + ",de,old]]) ")
    b("ist bei Ihnen unter der [[?Patientennummer|Pat.-Nr.|Patienten-ID]] [[MRN:" + b.pick(["d7", "d8", "d6"]) + ",de]] geführt. ")
    b("Der Laborbefund vom [[~date_nondob:eu_dot]] fehlt im Portal.\n\nRückruf bitte unter [[PHONE:de]][[? (tagsüber)|]].\n\nViele Grüße\n[[full2]]")


@tpl("call_transcript", "de", w=2)
def t_de_call(b):
    b("Gesprächsnotiz [[~ts]]\n\nMA: Willkommen beim Kundenservice, mein Name ist [[agent]]. Wie kann ich helfen?\n")
    b("Kunde: Ich möchte meine Bankverbindung ändern.\nMA: Gerne. Zur Verifizierung: Wie lautet Ihr Geburtsdatum?\n")
    b("Kunde: Der [[DOB:" + b.pick(["eu_dot", "de"]) + ",q_de]].\nMA: Danke. Und die neue IBAN?\nKunde: [[IBAN:de,grouped]]\n")
    b("MA: Unter welcher Rufnummer erreichen wir Sie?\nKunde: [[?Mobil,|Am besten|]] [[PHONE:de,mobile]].\nMA: Vielen Dank, die Änderung ist ab [[~date_nondob:eu_dot]] aktiv.")


@tpl("customer_complaint", "de", w=2)
def t_de_nopii(b):
    b("Hallo,\n\nmeine Bestellung (Auftragsnummer [[~order16]]) ist immer noch nicht da. Laut Sendungsverfolgung [[~tracking]] ")
    b("liegt das Paket seit dem [[~date_nondob:eu_dot]] im Verteilzentrum. Rechnungsdatum war der [[~date_nondob:eu_dot]], ")
    b("Betrag [[~amount]]. Bitte um Klärung.\n\nGruß")


@tpl("agent_reply", "de", w=1)
def t_de_agent(b):
    b("Hallo [[?Frau|Herr]] [[ln]],\n\nvielen Dank für Ihre Nachricht. Wir haben Ihre Kontaktdaten aktualisiert:\n\n")
    b("Telefon: [[PHONE:de]]\nE-Mail: [[EMAIL]]\n[[?Fax: [[PHONE:de,fixed]]\n|]]\nIhre alte Nummer [[~masked_phone]] wurde gelöscht.\n\nFreundliche Grüße\n[[agentfull]]")


# ---------------------------------------------------------------- French -----

@tpl("customer_complaint", "fr", w=2)
def t_fr_refund(b):
    b("Bonjour,\n\nJe n'ai toujours pas reçu le remboursement de ma commande n° [[~order16]] annulée le [[~date_nondob:eu_slash]]. ")
    b("Merci d'effectuer le virement sur mon compte :\nTitulaire : [[full]]\nIBAN : [[IBAN:fr]]\n\n")
    b("[[?Vous pouvez me joindre au|Mon numéro :|Tél. :]] [[PHONE:fr]][[? ou sur mon portable [[PHONE:fr,mobile]]|]].\n\nCordialement,\n[[full]]")


@tpl("healthcare_portal", "fr", w=2)
def t_fr_health(b):
    b("Objet : [[?résultats d'analyses introuvables|erreur d'identité patient|rendez-vous annulé]]\n\nBonjour,\n\n")
    b("Je vous écris au sujet de mon père, [[full]], [[?né le|date de naissance :]] [[DOB:" + b.pick(["eu_slash", "fr"]) + ",fr,old]]. ")
    b("Son [[?numéro de dossier|IPP|n° de dossier patient]] est le [[MRN:" + b.pick(["d8", "year_dash", "d9"]) + ",fr]]. ")
    b("Les résultats du [[~date_nondob:eu_slash]] n'apparaissent pas sur le portail.\n\nMerci de me rappeler au [[PHONE:fr,mobile]].\n\n[[full2]]")


@tpl("agent_reply", "fr", w=1)
def t_fr_agent(b):
    b("[[?Madame|Monsieur]] [[ln]],\n\nNous avons bien pris en compte votre nouvelle adresse e-mail ([[EMAIL]]) ainsi que votre numéro de téléphone ")
    b("[[PHONE:fr]]. La facture du [[~date_nondob:eu_slash]] d'un montant de [[~amount]] vous sera renvoyée.\n\nBien cordialement,\n[[agentfull]]\nService client")


@tpl("customer_complaint", "fr", w=1)
def t_fr_nopii(b):
    b("Bonjour, ma commande [[~order16]] est bloquée depuis le [[~date_nondob:eu_slash]]. Numéro de suivi : [[~tracking]]. ")
    b("Référence produit [[~sku]]. Merci de faire le nécessaire.")


@tpl("vendor_escalation", "fr", w=1)
def t_fr_be_lu(b):
    cc = b.pick(["BE", "LU", "CH"])
    b("Escalade comptabilité fournisseurs : le fournisseur [[co]] nous demande de modifier ses coordonnées bancaires.\n\n")
    b("Ancien IBAN : [[IBAN:" + cc + "]]\nNouvel IBAN : [[IBAN:" + cc + "]]\nContact : [[full]], [[EMAIL]], [[PHONE:" + ("ch" if cc == "CH" else "fr") + "]]\n\n")
    b("Merci de vérifier par contre-appel avant tout paiement (risque de fraude au président).")


# --------------------------------------------------------------- Spanish -----

@tpl("customer_complaint", "es", w=2)
def t_es_charge(b):
    b("Hola,\n\nme habéis cobrado dos veces la cuota de [[?marzo|abril|mayo]] ([[~amount]]). ")
    b("Por favor, devolvedme el importe a esta cuenta: [[IBAN:es]].\n")
    b("[[?Mi móvil es el|Podéis llamarme al|Teléfono de contacto:]] [[PHONE:es,mobile]].\n\nUn saludo,\n[[full]]\n[[EMAIL:free]]")


@tpl("healthcare_portal", "es", w=2)
def t_es_health(b):
    b("Asunto: [[?No puedo acceder a mis resultados|Cita duplicada|Error en mis datos]]\n\nBuenos días:\n\n")
    b("Soy [[full]], [[?fecha de nacimiento|F. nac.|nacida el|nacido el]] [[DOB:" + b.pick(["eu_slash", "es"]) + ",es]], ")
    b("[[?número de historia clínica|NHC|historia clínica n.º]] [[MRN:" + b.pick(["d8", "d7", "d6"]) + ",es]]. ")
    b("En la app me aparece otra persona. Mi teléfono es [[PHONE:es]].\n\nGracias.")


@tpl("chat_log", "es", w=1)
def t_es_chat(b):
    d = f"{b.r.randint(1, 28):02d}/{b.r.randint(1, 12):02d}/25"
    b(f"[{d}, 10:14] Cliente: buenas, no me deja pagar\n[{d}, 10:15] Soporte ([[agent]]): ¿Con qué tarjeta lo intenta?\n")
    b(f"[{d}, 10:16] Cliente: con esta [[CARD]]\n[{d}, 10:16] Cliente: caduca [[exp]]\n")
    b(f"[{d}, 10:18] Soporte ([[agent]]): Gracias, la he enmascarado. El banco la rechaza, llame al [[PHONE:es,fixed]].")


@tpl("customer_complaint", "es", w=1)
def t_es_nopii(b):
    b("Hola, el pedido [[~order16]] llegó incompleto. Falta el artículo [[~sku]]. Fecha de factura: [[~date_nondob:eu_slash]]. ")
    b("Importe pagado: [[~amount]]. Gracias.")


# ------------------------------------------------------------ Portuguese -----

@tpl("customer_complaint", "pt", w=2)
def t_pt_refund(b):
    b("Boa tarde,\n\nCancelei a assinatura a [[~date_nondob:eu_slash]] e continuo a ser cobrado. Peço o reembolso para o IBAN [[IBAN:pt]].\n")
    b("[[?O meu telemóvel é o|Contacto:|Telemóvel:]] [[PHONE:pt,mobile]].\n\nCumprimentos,\n[[full]]")


@tpl("healthcare_portal", "pt", w=1)
def t_pt_health(b):
    b("Exmos. Senhores,\n\nA minha filha [[full]], [[?data de nascimento|nascida a]] [[DOB:" + b.pick(["eu_slash", "pt", "eu_dash"]) + ",pt,child]], ")
    b("tem o [[?n.º de processo|número de processo clínico]] [[MRN:" + b.pick(["d7", "d8"]) + ",pt]]. A consulta de [[~date_nondob:eu_slash]] foi desmarcada sem aviso. ")
    b("Agradeço contacto para [[PHONE:pt]].\n\n[[full2]]")


@tpl("customer_complaint", "br", w=2)
def t_br_complaint(b):
    b("Olá, tudo bem?\n\nComprei o [[product]] e a cobrança veio duplicada no cartão. ")
    b("[[?Já tentei pelo chat e nada.|É a segunda vez que acontece!|]] Meu telefone é [[PHONE:br,mobile]] e o e-mail [[EMAIL]].\n")
    b("[[?Pedido [[~order16]].|]]\n\nAtt,\n[[full]]")


@tpl("healthcare_portal", "br", w=2)
def t_br_health(b):
    b("Bom dia! Preciso remarcar o exame da paciente [[full]], [[?data de nascimento|nascida em|DN]] [[DOB:" + b.pick(["eu_slash", "pt"]) + ",br]], ")
    b("[[?prontuário|nº do prontuário|prontuário nº]] [[MRN:" + b.pick(["d6", "d7", "dash_suffix"]) + ",br]]. ")
    b("[[?WhatsApp|Celular|Telefone]]: [[PHONE:br]]. Obrigada!")


@tpl("chat_log", "br", w=1)
def t_br_chat(b):
    b("[[agent]]: Oi! Em que posso ajudar?\nCliente: o app não aceita meu cartão\n[[agent]]: Qual a bandeira?\n")
    b("Cliente: mastercard, [[CARD:" + b.pick(["mc", "mc2"]) + "]]\n[[agent]]: Obrigado. Por favor, não envie o número completo aqui. ")
    b("Seu cadastro está com o e-mail [[EMAIL:free]], confere?\nCliente: sim")


@tpl("agent_reply", "br", w=1)
def t_br_nopii(b):
    b("Olá [[fn]], o pedido [[~order16]] foi faturado em [[~date_nondob:eu_slash]] (nota fiscal [[~invoice10]]) no valor de R$ [[num:3]],90. ")
    b("O código de rastreio é [[~tracking]]. Abraços, [[agent]]")


# ----------------------------------------------------------------- Dutch -----

@tpl("customer_complaint", "nl", w=2)
def t_nl_complaint(b):
    b("Beste klantenservice,\n\nIk heb mijn abonnement opgezegd maar er is opnieuw [[~amount]] afgeschreven. ")
    b("Graag terugstorten op [[IBAN:nl]] t.n.v. [[full]].\n\n[[?Bel me gerust op|Mijn nummer:|U kunt mij bereiken op]] [[PHONE:nl]].\n\nMet vriendelijke groet,\n[[full]]")


@tpl("healthcare_portal", "nl", w=1)
def t_nl_health(b):
    b("Goedemiddag,\n\nIk kan de uitslagen van mijn zoon niet inzien. Naam: [[full]], [[?geboortedatum|geb.|geboren op]] [[DOB:" + b.pick(["eu_dash", "nl", "eu_slash"]) + ",nl,child]], ")
    b("[[?patiëntnummer|dossiernummer]] [[MRN:" + b.pick(["d7", "d8"]) + ",nl]].\nTelefoon: [[PHONE:nl,mobile]]\n\nAlvast bedankt.")


@tpl("email_thread", "nl", w=1)
def t_nl_thread(b):
    b("Van: [[full]] <[[EMAIL]]>\nOnderwerp: Re: betaling factuur [[~invoice10]]\n\nHoi [[agent]],\n\nHet bedrag is vandaag overgemaakt vanaf [[IBAN:nl,compact]]. ")
    b("Kun je bevestigen dat het binnen is?\n\nGroet,\n[[fn]]\n[[PHONE:nl]]\n\n> Op [[~date_nondob:eu_dash]] schreef [[agent]]:\n> De factuur staat nog open. Graag betalen binnen 14 dagen.")


# --------------------------------------------------------------- Italian -----

@tpl("customer_complaint", "it", w=2)
def t_it_complaint(b):
    b("Buongiorno,\n\nho ricevuto un addebito non autorizzato di [[~amount]]. Vi chiedo il rimborso sul conto [[IBAN:it]] intestato a [[full]].\n")
    b("[[?Cellulare|Tel.|Potete chiamarmi al]] [[PHONE:it]][[? (ore pasti)|]].\n\nCordiali saluti\n[[full]]")


@tpl("healthcare_portal", "it", w=1)
def t_it_health(b):
    b("Gentile assistenza,\n\nil referto di mia madre [[full]], [[?nata il|data di nascita]] [[DOB:" + b.pick(["eu_slash", "it"]) + ",it,old]], ")
    b("[[?numero di cartella clinica|n. cartella]] [[MRN:" + b.pick(["d7", "year_dash"]) + ",it]], non è disponibile nel fascicolo online. ")
    b("Potete ricontattarmi al [[PHONE:it,mobile]]?\n\nGrazie")


# ---------------------------------------------------------------- Polish -----

@tpl("customer_complaint", "pl", w=2)
def t_pl_complaint(b):
    b("Dzień dobry,\n\nproszę o zwrot środków za zamówienie [[~order16]] na rachunek [[IBAN:pl]]. ")
    b("[[?Mój numer telefonu:|Tel.|Kontakt:]] [[PHONE:pl]], e-mail [[EMAIL:free]].\n\nPozdrawiam\n[[full]]")


@tpl("healthcare_portal", "pl", w=1)
def t_pl_health(b):
    b("Dzień dobry, pacjent [[full]], [[?data urodzenia|ur.]] [[DOB:" + b.pick(["eu_dot", "pl"]) + ",pl]], ")
    b("[[?numer historii choroby|nr kartoteki]] [[MRN:" + b.pick(["d6", "slash"]) + ",pl]] — wyniki badań z [[~date_nondob:eu_dot]] nie są widoczne w portalu. Tel. [[PHONE:pl,mobile]].")


# --------------------------------------------------------------- Swedish -----

@tpl("customer_complaint", "sv", w=2)
def t_sv_complaint(b):
    b("Hej!\n\nJag har blivit dubbeldebiterad för [[?mars|april|maj]]. Återbetala gärna till [[IBAN:se]].\n")
    b("[[?Ring mig på|Mitt nummer är|Mobil:]] [[PHONE:se]] om ni har frågor.\n\nMvh\n[[full]]")


@tpl("healthcare_portal", "sv", w=1)
def t_sv_health(b):
    b("Hej, jag ser inte mina provsvar i appen. [[full]], [[?födelsedatum|född]] [[DOB:" + b.pick(["iso", "sv"]) + ",sv]], ")
    b("journalnummer [[MRN:" + b.pick(["d7", "d8"]) + ",sv]]. Nå mig på [[PHONE:se,mobile]].")


@tpl("vendor_escalation", "sv", w=1)
def t_nordic_payout(b):
    b("Utbetalningar till nordiska leverantörer som studsade:\n\n")
    for cc in b.r.sample(["SE", "DK", "NO", "FI"], 3):
        b(f"{cc}: [[IBAN:{cc}]] — [[?felaktigt namn|kontot avslutat|BIC saknas]]\n")
    b("\nKontakt hos banken: [[PHONE:se,fixed]]")


# -------------------------------------------------------------- Japanese -----

@tpl("customer_complaint", "ja", w=2)
def t_ja_complaint(b):
    b("お世話になっております。[[co]]の[[full]]です。\n\n先日注文した商品（注文番号：[[~order16]]）がまだ届いておりません。")
    b("至急ご確認をお願いいたします。\n\n電話番号：[[PHONE:jp]]\nメール：[[EMAIL]]\n\nよろしくお願いいたします。")


@tpl("healthcare_portal", "ja", w=1)
def t_ja_health(b):
    b("予約の変更をお願いします。\n\n患者氏名：[[full]]\n[[?カルテ番号|患者ID|診察券番号]]：[[MRN:" + b.pick(["d7", "d8", "d6"]) + ",ja]]\n")
    b("生年月日：[[DOB:" + b.pick(["ja", "ja_slash"]) + ",ja]]\n連絡先：[[PHONE:jp,mobile]]\n\n[[~date_nondob:ja]]の予約を翌週に変更したいです。")


@tpl("agent_reply", "ja", w=1)
def t_ja_nopii(b):
    b("[[full]]様\n\nお問い合わせありがとうございます。請求書番号 [[~invoice10]]（発行日：[[~date_nondob:ja]]）につきまして、")
    b("金額 [[num:2]],[[num:3]]円 の再発行を手配いたしました。\n\nサポートセンター [[agent]]")


# ------------------------------------------------------ more English (PII) ---

@tpl("vendor_escalation", w=2)
def t_w9(b):
    b("[[?AP onboarding|Vendor setup|1099 prep]]: contractor [[full]] sent the W-9 as a photo, transcribing here so we can shred it.\n\n")
    b("Name: [[full]]\nBusiness: [[?sole proprietor|LLC (single member)]]\nTIN/SSN: [[SSN:" + b.pick(["dashes", "dashes", "spaces", "none"]) + "]]\n")
    b("[[?(The older form had ITIN [[~ssn_invalid]] — ignore that one.)\n|]]Address: [[num:4]] [[?Maple|Cedar|Lakeview|Ridge]] [[?Ave|Dr|Ct]], [[city]] [[~zip]]\n\nPayment by ACH — routing [[ABA]], acct [[~acct]] ([[?checking|savings]]).\n")
    b("[[?Remittance advice to [[EMAIL:free]].|]]")


@tpl("vendor_escalation", w=2)
def t_bgcheck(b):
    b("From the screening vendor: report for candidate [[full]] is on hold — 'SSN/DOB mismatch'.\n\n")
    b("Submitted: SSN [[SSN]], [[?DOB|date of birth]] [[DOB:" + b.pick(["us", "written_en", "iso", "us_nopad"]) + ",en]]\n")
    b("On file with the bureau: SSN [[~masked_ssn]], DOB [[?year only|redacted]][[?; an earlier submission used [[~ssn_invalid]], which is not a valid SSN|]]\n\n")
    b("Can the recruiter confirm with the candidate? Reach them at [[PHONE:us]] / [[EMAIL:free]]. Vendor case [[~invoice10]].")


@tpl("email_thread", w=2)
def t_wire(b):
    b("Subject: Wire instructions for closing — [[?please confirm|VERIFY BY PHONE]]\n\n[[fn2]],\n\nFunds for the [[?escrow|settlement]] should go to:\n\n")
    b("Beneficiary: [[co]]\nBank: [[?First Harbor Bank|Cascade National Bank|Prairie State Bank]]\n[[?ABA/Routing|Routing #|RTN|ABA]]: [[ABA]]\n")
    b("Account: [[~acct]]\nSWIFT: [[?FHBKUS44|CNBAUS6S|PSBKUS4C]]\nReference: [[~invoice10]]\n\n")
    b("[[?The check we received has this MICR line, same account:\n[[ABA:micr]] [[~acct]]⑈ [[num:4]]\n\n|]]")
    b("[[fn]]\n[[co]] | [[PHONE:us]]\n\n> From: [[full2]] <[[EMAIL:work,2]]>\n> Please send the wiring details, closing is on [[~date_nondob:written_en]].")


@tpl("dev_incident", w=2)
def t_git_token(b):
    b("[[?Customer's CI can't push|Build agent clone failing|Sync job broken]] — they pasted this:\n\n```\n")
    b(b.pick([
        "$ git remote -v\norigin\thttps://[[GH:ghp]]@github.com/[[?acme-corp|northgate-dev|blue-fern]]/api.git (fetch)\norigin\thttps://[[GH:ghp>t]]@github.com/[[?acme-corp|northgate-dev]]/api.git (push)\n",
        "$ cat ~/.npmrc\n//npm.pkg.github.com/:_authToken=[[GH]]\n@[[?acme|northgate]]:registry=https://npm.pkg.github.com\n",
        "$ curl -H \"Authorization: token [[GH]]\" https://api.github.com/repos/[[?acme|kestrel]]/infra/actions/runs\n{\"message\":\"Bad credentials\"}\n",
        "remote: Invalid username or password.\nfatal: Authentication failed for 'https://x-access-token:[[GH:ghs]]@github.com/[[?acme|kestrel]]/web.git/'\n",
        "Run actions/checkout@v4\n  with:\n    token: [[GH:pat]]\n    fetch-depth: 0\n",
    ]))
    b("```\n\n[[?Told them to revoke it immediately.|Token revoked; asked them to use a deploy key instead.|]]")


@tpl("log_excerpt", w=2)
def t_cloudtrail(b):
    b("CloudTrail event from the suspicious session:\n\n{\n  \"eventVersion\": \"1.09\",\n  \"userIdentity\": {\n    \"type\": \"IAMUser\",\n")
    b("    \"arn\": \"arn:aws:iam::[[num:12]]:user/[[?deploy-bot|svc-backup|jenkins]]\",\n    \"accessKeyId\": \"[[AWS]]\"\n  },\n")
    b("  \"eventTime\": \"[[~ts]]\",\n  \"eventName\": \"[[?GetObject|ListBuckets|CreateAccessKey|AssumeRole]]\",\n")
    b("  \"sourceIPAddress\": \"[[IP:" + b.pick(["v4", "v4", "v6"]) + "]]\",\n  \"userAgent\": \"aws-cli/2.15.30 Python/3.11.8\",\n  \"requestID\": \"[[~uuid]]\"\n}")


@tpl("config_dump", w=1)
def t_terraform(b):
    b("[[?Their main.tf (why is this hardcoded?!)|Snippet from the repo the customer shared]]:\n\n```hcl\nprovider \"aws\" {\n  region     = \"[[?us-west-2|eu-west-1]]\"\n")
    b("  access_key = \"[[AWS:AKIA]]\"\n  secret_key = var.secret_key\n}\n\nresource \"aws_security_group_rule\" \"office\" {\n  cidr_blocks = [\"[[IP:v4]]/32\"]\n}\n```")


@tpl("csv_paste", w=2)
def t_provider_roster(b):
    b("Provider roster for the credentialing upload (pipe-delimited, their format):\n\nPROVIDER|NPI|DEA|PHONE|FAX\n")
    for _ in range(b.r.randint(2, 4)):
        b.doc = Persona(b.r, "en")
        b("[[doc]]|[[NPI]]|[[DEA]]|[[PHONE:us,fixed,dashes]]|[[PHONE:us,fixed,dashes]]\n")
    b("\nRow [[?2|3]] is rejected with 'DEA expired'.")


@tpl("healthcare_portal", w=2)
def t_nppes(b):
    b("[[?Credentialing|Claims]] issue: payer rejects claims for [[doc]] with 'rendering provider not found'.\n\n")
    b("Individual NPI: [[NPI]]\n[[?Group NPI: [[NPI]]\n|]]DEA reg.: [[DEA]] (exp. [[~date_nondob:us]])\nPractice phone: [[PHONE:us]]\n")
    b("Claim [[~invoice10]], DOS [[~date_nondob:us]].\n\n[[?NPPES shows the old taxonomy code.|The payer portal lists a different address.|]]")


@tpl("log_excerpt", w=2)
def t_ipaddr(b):
    b("[[?Output of `ip addr` on the appliance:|Network config from the customer's box:]]\n\n")
    b("2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc mq state UP group default qlen 1000\n    link/ether [[~mac]] brd ff:ff:ff:ff:ff:ff\n")
    a = ipv4(b.r, "priv")
    b("    inet ").lab(a, "IP_ADDRESS", "ip.v4.private")("/24 brd ").lab(a.rsplit(".", 1)[0] + ".255", "IP_ADDRESS", "ip.v4.broadcast")
    b(" scope global dynamic eth0\n       valid_lft 85372sec preferred_lft 85372sec\n")
    b("    inet6 [[IP:v6]]/64 scope global dynamic mngtmpaddr\n    inet6 [[IP:v6zone]]/64 scope link\n")
    b("\n[[?Default gateway [[IP:v4priv]], DNS [[IP:v4]].|Firewall allows [[IP:v4cidr]] and [[IP:v6cidr]].|Traffic from [[IP:v6full]] is dropped.|Peer is [[IP:v6mapped]].]]")


@tpl("email_thread", w=1)
def t_pem_email(b):
    b("Subject: Re: SFTP access\n\n[[fn2]] — no, please do NOT email private keys. Generate a new pair and send only the .pub file.\n\n")
    b("On [[~date_nondob:written_en]], [[full]] <[[EMAIL]]> wrote:\n> Here is our key so you can set up the account:\n> \n> [[PEM:" + b.pick(["rsa", "openssh", "pkcs8"]) + ",quoted]]\n> \n> Thanks!")


@tpl("chat_log", w=1)
def t_pem_chat(b):
    b("[[time]] [[fn]]: can you check if this key is valid? our vendor sent it\n[[time]] [[fn]]: [[PEM:" + b.pick(["rsa1024", "ec", "rsa"]) + ",collapsed]]\n")
    b("[[time]] [[agent]]: please delete that message, that's a private key. Ask them for the public key only (ssh-rsa ... format).")


@tpl("customer_complaint", w=1)
def t_pem_crlf(b):
    b("Uploading our signing key failed with 'unsupported format'. Key exported from Windows:\r\n\r\n[[PEM:" + b.pick(["rsa", "pkcs8", "enc"]) + ",crlf]]\r\n\r\nPlease advise.")


@tpl("markdown_table", w=2)
def t_corp_cards(b):
    b("Corporate cards to be reissued after the [[?breach notification|processor migration]]:\n\n| Cardholder | Card | Expiry | Status |\n|---|---|---|---|\n")
    brands = b.r.sample(["visa", "mc", "mc2", "amex", "disc", "jcb", "diners", "unionpay", "maestro", "visa19"], b.r.randint(3, 5))
    for br in brands:
        q = Persona(b.r, "en")
        b(f"| {q.full} | [[CARD:{br}]] | [[exp]] | [[?active|blocked|replace]] |\n")
    b("| [[full2]] | [[~masked_card]] | [[exp]] | already replaced |\n")


@tpl("vendor_escalation", w=2)
def t_chargeback(b):
    b("Chargeback notification [[?(second presentment)|]]\n\nCase: [[~invoice10]]\nCard: [[CARD:" + b.pick(["amex", "amex", "visa", "mc", "disc", "jcb", "diners"]) + "]]\n")
    b("ARN: [[~tracking]]\nReason code: [[?10.4 Other Fraud|4853|C08]]\nDisputed amount: [[amount]]\nTransaction date: [[~date_nondob:us]]\n")
    b("Cardholder IP at checkout: [[IP]]\n\nPlease upload compelling evidence by [[~date_nondob:written_en]].")


@tpl("html_fragment", w=2)
def t_html_table(b):
    b("Rendered admin page (view-source):\n\n<table class=\"users\">\n  <tr><th>Name</th><th>Email</th><th>Phone</th><th>Date of birth</th></tr>\n")
    for _ in range(b.r.randint(2, 3)):
        b.p = Persona(b.r, b.pick(["en", "en", "de", "fr"]))
        b("  <tr><td>[[full]]</td><td>[[EMAIL]]</td><td>[[PHONE:any]]</td><td>[[DOB:iso,csvhdr]]</td></tr>\n")
    b("</table>\n<!-- build [[~sha:7]] -->")


@tpl("email_thread", w=2)
def t_signature(b):
    cc = LANG_CC.get(b.p.lang, "us")
    b("[[?Thanks, that worked.|Got it, will test tomorrow.|Please see attached.|Noted — speak soon.]]\n\n--\n[[full]]\n[[?Senior Buyer|IT Manager|Practice Manager|Head of Ops]] · [[co]]\n")
    b(b.pick(["☎ [[PHONE:local,fixed]]\n📱 [[PHONE:local,mobile]]\n", "M [[PHONE:local,mobile]] | T [[PHONE:local,fixed]]\n",
              "[[PHONE:local]]\n", "Direct: [[PHONE:local,fixed]]\n"]))
    b("[[EMAIL]] | www.[[dom]]\n\nThis e-mail may contain confidential information. If you are not the intended recipient, please delete it.")


@tpl("log_excerpt", w=2)
def t_sms_webhook(b):
    b("Inbound SMS webhook that crashed the parser:\n\n")
    b('{"MessageSid":"SM[[hex:32]]","From":"[[PHONE:any,,e164]]","To":"[[PHONE:us,,e164]]","Body":"')
    b(b.pick(["Hi, my [[?DOB|birthday]] is [[DOB:us_nopad,en]] and I still can\'t log in",
              "STOP", "Appointment confirm for MRN [[MRN:d7,en]] pls", "call me back on [[PHONE:any]]"]))
    b('","NumSegments":"1","ApiVersion":"2010-04-01"}')


@tpl("call_transcript", w=3)
def t_call_insurance(b):
    b("[[?Transcript (auto-generated, may contain errors)|Call notes — benefits verification]]\n\n")
    b("Rep: Member services, this is [[agent]].\nCaller: Hi, I'm calling about a denied claim.\nRep: Can I have the member's date of birth?\n")
    b("Caller: [[?Sure —|]] [[DOB:" + b.pick(["written_en", "us", "ordinal_en", "us_short"]) + ",q]]\nRep: And the subscriber's Social Security number?\n")
    b("Caller: [[SSN:" + b.pick(["dashes", "spaces"]) + "]]\nRep: Thanks. The claim was denied because the provider NPI [[NPI]] isn't in network.\n")
    b("Caller: OK. Can you email me the EOB? It's [[EMAIL]].\nRep: Sent. Reference [[~invoice10]].")


# -------------------------------------------------------- more no-PII -----

@tpl("log_excerpt", w=3)
def t_np_k8s(b):
    for _ in range(b.r.randint(3, 5)):
        b(b.pick([
            "[[~ts]] INFO  [[svc]]-[[hex:10]]-[[hex:5]] request_id=[[~uuid]] duration=[[num:3]]ms status=200\n",
            "[[~ts]] WARN  [[svc]] retrying job [[~uuid]] (attempt 2/5) after timeout\n",
            "[[~ts]] INFO  image=registry.internal/[[svc]]:[[~sha:7]] pulled digest sha256:[[~hash]]\n",
            "[[~ts]] ERROR [[svc]] panic: runtime error: index out of range [3] with length 3\n",
            "[[~ts]] DEBUG device [[~mac]] reported fw=[[~version]] battery=[[num:2]]%\n",
        ]))


@tpl("csv_paste", w=2)
def t_np_orders_csv(b):
    b("order_id,sku,qty,amount,ship_date,zip\n")
    for _ in range(b.r.randint(3, 5)):
        b("[[~order16]],[[~sku]],[[?1|2|3|10]],[[num:3]].[[num:2]],[[~date_nondob:iso]],[[~zip]]\n")
    b("\n[[?These didn't sync to the warehouse.|Totals don't match the invoice.|]]")


@tpl("sql_snippet", w=2)
def t_np_sql(b):
    b("```sql\nSELECT o.id, o.status, o.total\n  FROM orders o\n WHERE o.external_ref = '[[~order16]]'\n   AND o.created_at BETWEEN '[[~date_nondob:iso]]' AND '[[~date_nondob:iso]]'\n")
    b("   AND o.tenant_id = '[[~uuid]]';\n```\nReturns 0 rows, but the order exists in the UI.")


@tpl("call_transcript", w=2)
def t_np_call(b):
    b("Agent: Thanks for calling, may I have your order number?\nCaller: It's [[~order_phonelike]].\nAgent: And the ZIP code for the shipping address?\n")
    b("Caller: [[~zip]].\nAgent: Thanks. I see the package left our warehouse on [[~date_nondob:written_en]]; tracking [[~tracking]].\n")
    b("Caller: I'd rather not give my date of birth over the phone.\nAgent: That's fine, we don't need it for this.")


@tpl("html_fragment", w=2)
def t_np_html(b):
    b('<div class="product">\n  <img src="/cdn/[[~png2x]]" srcset="/cdn/[[~png2x]] 2x">\n  <span class="sku">[[~sku]]</span>\n')
    b('  <span class="price">[[~amount]]</span>\n  <!-- rendered [[~ts]] by [[~version]] -->\n</div>')


@tpl("config_dump", w=2)
def t_np_config(b):
    b("nginx.conf from the support bundle:\n\nserver {\n    listen 443 ssl http2;\n    server_name portal.[[dom]];\n")
    b("    ssl_certificate     /etc/ssl/[[dom]].crt;\n    ssl_certificate_key /etc/ssl/[[dom]].key;   # file path only\n")
    b("    add_header X-Build [[~sha:7]];\n    location /api/ { proxy_pass http://backend; }\n}\n# generated by ansible [[~version]] at [[~ts]]")


@tpl("dev_incident", w=2)
def t_np_gitlog(b):
    b("$ git log --oneline -5\n")
    for _ in range(5):
        b("[[~sha:7]] [[?fix|feat|chore|refactor]]: [[?bump|handle|remove|add]] [[?retry logic|null iban field|legacy phone parser|dob validation|card masking]]\n")
    b("\nRegression appeared between [[~sha:40]] and HEAD.")


@tpl("agent_reply", "de", w=1)
def t_np_de_agent(b):
    b("Hallo [[fn]],\n\ndie Gutschrift zur Rechnung [[~invoice10]] vom [[~date_nondob:eu_dot]] über [[~amount]] wurde veranlasst. ")
    b("Ihre Kundennummer bleibt unverändert. Bei Rückfragen antworten Sie einfach auf dieses Ticket.\n\nBeste Grüße\n[[agent]]")


@tpl("agent_reply", "fr", w=1)
def t_np_fr_agent(b):
    b("Bonjour [[fn]],\n\nvotre avoir n° [[~invoice10]] du [[~date_nondob:eu_slash]] a été émis. Le rendez-vous du [[~date_nondob:fr]] est confirmé.\n\nCordialement,\n[[agent]]")


@tpl("agent_reply", "nl", w=1)
def t_np_nl_agent(b):
    b("Beste [[fn]],\n\nUw bestelling [[~order16]] is op [[~date_nondob:nl]] verzonden met track & trace [[~tracking]]. ")
    b("De factuur ([[~invoice10]]) volgt per post.\n\nMet vriendelijke groet,\n[[agent]]")


@tpl("agent_reply", "it", w=1)
def t_np_it_agent(b):
    b("Gentile [[fn]],\n\nla fattura n. [[~invoice10]] del [[~date_nondob:eu_slash]] risulta saldata. L'appuntamento del [[~date_nondob:it]] è confermato.\n\n[[agent]]")


@tpl("agent_reply", "pl", w=1)
def t_np_pl_agent(b):
    b("Dzień dobry,\n\nfaktura nr [[~invoice10]] z dnia [[~date_nondob:eu_dot]] została skorygowana. Kwota: [[~amount]].\n\nPozdrawiamy\n[[agent]]")


@tpl("agent_reply", "sv", w=1)
def t_np_sv_agent(b):
    b("Hej [[fn]]!\n\nDin order [[~order16]] skickades [[~date_nondob:sv]]. Fakturanummer [[~invoice10]], belopp [[~amount]].\n\nMvh\n[[agent]]")


@tpl("agent_reply", "es", w=1)
def t_np_es_agent(b):
    b("Hola [[fn]]:\n\nLa factura [[~invoice10]] con fecha [[~date_nondob:es]] ya está abonada. Su cita del [[~date_nondob:eu_slash]] sigue en pie.\n\nUn saludo,\n[[agent]]")



# ------------------------------------------------------------ UK / NHS -------

@tpl("healthcare_portal", w=2)
def t_uk_letter(b):
    b("[[?Clinic letter (scanned, OCR)|Discharge summary header|Outpatient letter]] — please attach to the patient's online record\n\n")
    b("[[?Re|RE|Patient]]: [[full]]\n[[?D.O.B.|DOB|Date of Birth]]: [[DOB:" + b.pick(["eu_slash", "written_en_dmy", "abbr_dmy", "eu_dot"]) + ",en]]\n")
    b("NHS No: [[NHS:" + b.pick(["spaced", "compact", "dashed"]) + "]]\n[[?Hospital No|Hosp. No.|Unit No]]: [[MRN:" + b.pick(["letter_digits", "d7", "alpha_dash"]) + ",en_uk]]\n")
    b("Clinic date: [[~date_nondob:eu_slash]]\n\nDear [[?Dr|Dr.]] [[docln]],\nI reviewed this [[?pleasant|]] patient in the [[?fracture|diabetes|respiratory]] clinic today. ")
    b("[[?Follow-up in 6 weeks.|No further appointment needed.|]]")


@tpl("call_transcript", w=1)
def t_uk_call(b):
    b("Caller: Hiya, I'm ringing about my repeat prescription.\nReceptionist: Can I take your NHS number?\nCaller: Yeah, it's [[NHS:spaced]].\n")
    b("Receptionist: And your date of birth?\nCaller: [[DOB:" + b.pick(["written_en_dmy", "eu_slash", "ordinal_en"]) + ",q]].\n")
    b("Receptionist: Lovely. And we'll text [[PHONE:gb,mobile]] when it's ready, is that still right?\nCaller: That's the one.")


@tpl("csv_paste", w=1)
def t_uk_gp_export(b):
    b("Export from the practice system (semicolon separated):\n\nnhs_number;surname;forename;date_of_birth;mobile\n")
    for _ in range(b.r.randint(2, 4)):
        q = Persona(b.r, "en")
        b(f"[[NHS:compact]];{q.ln.upper()};{q.fn};[[DOB:iso,csvhdr]];[[PHONE:gb,mobile]]\n")


@tpl("url_query", w=2)
def t_url2(b):
    b("[[?Support widget opened with these params|Prefill link generated by the CRM|Callback request URL]]:\n\n")
    b(b.pick([
        "https://help.[[dom]]/contact?name=[[fn]]+[[ln]]&email=[[EMAIL:pct]]&phone=[[PHONE:any,,e164pct]]&topic=billing\n",
        "mailto:[[EMAIL:role]]?subject=Refund%20request&body=Card%20ending%20[[last4]]%2C%20order%20[[~order16]]\n",
        "https://[[IP:v4]]/cgi-bin/lookup.cgi?chart=[[MRN:d8,key]]&birthdate=[[DOB:iso,key]]\n",
        "https://pay.[[dom]]/checkout?session=[[tok:24]]&prefill_email=[[EMAIL:pct]]&country=[[?DE|FR|US]]\n",
    ]))
    b("\n[[?Those params end up in our analytics. Can we stop that?|Works in Chrome but not Safari.|]]")


@tpl("form_encoded", w=2)
def t_multipart(b):
    bd = "----WebKitFormBoundary" + b.f_tok("16")
    b(f"Captured request body (multipart/form-data):\n\n--{bd}\nContent-Disposition: form-data; name=\"full_name\"\n\n[[full]]\n")
    b(f"--{bd}\nContent-Disposition: form-data; name=\"[[?date_of_birth|dob|birthdate]]\"\n\n[[DOB:" + b.pick(["iso", "us", "eu_dot"]) + ",key]]\n")
    b(f"--{bd}\nContent-Disposition: form-data; name=\"[[?phone|mobile]]\"\n\n[[PHONE:any]]\n")
    b(f"--{bd}\nContent-Disposition: form-data; name=\"upload\"; filename=\"[[?id_front|insurance_card]].jpg\"\nContent-Type: image/jpeg\n\n(binary)\n--{bd}--")


@tpl("hr_onboarding", w=2)
def t_hr_payroll_change(b):
    b("Payroll change request [[ticket]]\n\nEmployee: [[full]] (ID [[num:5]])\nChange: direct deposit\n")
    b("Old: routing [[ABA]] / acct ending [[last4]]\nNew: routing [[ABA]] / acct [[~acct]]\n\n")
    b("[[?Verified by callback to [[PHONE:us]] per policy.|Employee confirmed via [[EMAIL:free]] — NOT verified by phone yet, hold!|]]")


@tpl("dev_incident", w=2)
def t_secret_scan(b):
    b("Secret scanning alert digest ([[~date_nondob:iso]]):\n\n")
    items = ["- aws_access_key_id `[[AWS]]` in `deploy/[[?prod|staging]].env` ([[~sha:7]])\n",
             "- github_personal_access_token `[[GH]]` in `scripts/sync.sh` ([[~sha:7]])\n",
             "- github_oauth `[[GH:gho]]` in issue comment\n",
             "- example key `[[~aws_example]]` in `README.md` — ignored (false positive)\n",
             "- redacted `[[~gh_redacted]]` in docs — ignored\n"]
    b.r.shuffle(items)
    b("".join(items[:b.r.randint(3, 5)]))


# ------------------------------------------------- cards in other languages --

@tpl("customer_complaint", "de", w=1)
def t_de_card(b):
    b("Hallo, meine [[?Kreditkarte|Karte]] [[CARD]] (gültig bis [[exp]]) wird beim Bezahlen immer abgelehnt, obwohl sie gedeckt ist. ")
    b("[[?In der App steht noch die alte Karte [[~masked_card]].|Bestellnummer [[~order16]].|]] Bitte um Rückruf: [[PHONE:de,mobile]]")


@tpl("customer_complaint", "fr", w=1)
def t_fr_card(b):
    b("Bonjour, ma carte bancaire n° [[CARD]] a été débitée deux fois pour la commande [[~order16]]. ")
    b("Merci de rembourser le doublon. [[?Je reste joignable au [[PHONE:fr,mobile]].|Mon e-mail : [[EMAIL:free]]]]")


@tpl("customer_complaint", "es", w=1)
def t_es_card(b):
    b("Buenas, intento pagar con la tarjeta [[CARD]] y me sale 'operación denegada'. ")
    b("[[?Caducidad [[exp]].|]] ¿Me podéis llamar al [[PHONE:es,mobile]]? Gracias.")


@tpl("customer_complaint", "it", w=1)
def t_it_card(b):
    b("Salve, la mia carta di credito [[CARD]] è stata addebitata due volte ([[~amount]]). Scadenza [[exp]]. ")
    b("Vi prego di stornare l'addebito. [[?Cell. [[PHONE:it,mobile]]|]]")


@tpl("customer_complaint", "pl", w=1)
def t_pl_card(b):
    b("Dzień dobry, płatność kartą [[CARD]] została odrzucona, a środki zablokowane. Proszę o pilny kontakt: [[PHONE:pl,mobile]].")


@tpl("customer_complaint", "nl", w=1)
def t_nl_card(b):
    b("Hallo, mijn creditcard [[CARD]] is twee keer belast voor bestelling [[~order16]]. Graag één betaling terugboeken. ")
    b("[[?E-mail: [[EMAIL:free]]|Tel. [[PHONE:nl,mobile]]]]")


@tpl("customer_complaint", "sv", w=1)
def t_sv_card(b):
    b("Hej, kortnummer [[CARD]] nekas vid betalning trots att det finns täckning. Giltigt till [[exp]]. Ring [[PHONE:se,mobile]]")


@tpl("customer_complaint", "ja", w=1)
def t_ja_card(b):
    b("カード決済ができません。\nクレジットカード番号：[[CARD]]\n有効期限：[[exp]]\n登録メール：[[EMAIL:free]]\n至急確認してください。")


@tpl("customer_complaint", "br", w=1)
def t_br_card(b):
    b("Oi, tentei pagar com o cartão [[CARD]] e deu 'transação não autorizada'. Validade [[exp]]. ")
    b("Podem me ligar no [[PHONE:br,mobile]]? [[?CEP [[num:5]]-[[num:3]].|]]")


# ------------------------------------------------------- MRN label variety --

@tpl("healthcare_portal", w=3)
def t_mrn_variety(b):
    lab, st = b.pick([("MRN:", "d8"), ("MRN", "d8"), ("Med Rec #", "alpha_dash"), ("Med. Rec. No.", "d7"), ("chart no.", "dash_suffix"),
                      ("Chart #", "d6"), ("MR#", "d7"), ("Medical Record Number:", "letter_digits"), ("Pt. MRN", "d9"),
                      ("medical record no.", "year_dash"), ("MRN#", "d10"), ("Acct/MRN:", "dotted")])
    b(b.pick([
        f"[[?Portal shows someone else's labs|Lab results missing|Wrong insurance on file]] for [[full]], {lab} [[MRN:{st},en]]. [[?Please fix ASAP.|Can you check?|]]",
        f"Patient called re: bill. {lab} [[MRN:{st},en]], [[?DOB|D.O.B.]] [[DOB:us,en]]. Statement shows a visit on [[~date_nondob:us]] she says never happened.",
        f"Merge request: duplicate charts\n  keep: {lab} [[MRN:{st},en]]\n  retire: {lab} [[MRN:{st},en]]\nRequested by [[agentfull]], HIM dept.",
        f"Radiology can't attach images — accession [[num:8]] is linked to {lab} [[MRN:{st},en]] but the order belongs to a different patient.",
    ]))


@tpl("healthcare_portal", w=2)
def t_hl7(b):
    q = b.p
    b("Interface error from the lab feed, raw message below:\n\n```\n")
    b("MSH|^~\\&|LAB|[[?NORTHSIDE|STMARY|RIVERVIEW]]|EHR|MAIN|[[~hl7ts]]||ORU^R01|[[hex:10]]|P|2.5.1\r\n")
    b(f"PID|1||[[MRN:{b.pick(['d8', 'd7', 'letter_digits'])},hl7]]^^^HOSP^MR||{q.ln_a.upper()}^{q.fn_a.upper()}||[[DOB:compact,hl7]]|[[?F|M]]|||")
    b("[[num:3]] [[?MAIN|OAK|ELM]] ST^^[[city]]^[[?OH|CA|TX]]^[[~zip]]||[[PHONE:us,,paren_nospace]]^PRN^PH\r\n")
    b("OBR|1|[[num:7]]|[[num:7]]|CBC^COMPLETE BLOOD COUNT\r\n```\n\nError: 'PID-3 identifier not found in MPI'. [[?Started after the upgrade to [[~version]].|]]")


@tpl("customer_complaint", "pt", w=1)
def t_pt_card(b):
    b("Bom dia, o pagamento com o cartão [[CARD]] foi recusado três vezes e o valor ficou cativo. Validade [[exp]]. ")
    b("Agradeço que me liguem para o [[PHONE:pt,mobile]].")


@tpl("agent_reply", "pt", w=1)
def t_np_pt_agent(b):
    b("Caro(a) [[fn]],\n\na fatura n.º [[~invoice10]] de [[~date_nondob:eu_slash]] foi anulada e será emitida uma nota de crédito de [[~amount]].\n\nCom os melhores cumprimentos,\n[[agent]]")


@tpl("agent_reply", "ja", w=1)
def t_ja_agent(b):
    b("[[full]]様\n\nご登録の電話番号を [[PHONE:jp]] に、メールアドレスを [[EMAIL]] に変更いたしました。\n")
    b("お心当たりのない場合は、至急ご連絡ください。\n\nカスタマーサポート")


# =============================================================================
# ticket JSON
# =============================================================================

INTERNAL_NOTES = [
    "Verified caller via DOB [[DOB:us,en]] and last four of card. Callback requested on [[PHONE:any]].",
    "Customer read the full card number over the phone: [[CARD]]. Processed manually, DO NOT store — redact after refund.",
    "Escalated to billing. IBAN on file: [[IBAN:any]]. Amount [[~amount]].",
    "Login attempts came from [[IP]] and [[IP:v6]] within 2 minutes. Possible ATO, forced password reset.",
    "Prescriber NPI [[NPI]] verified in NPPES, DEA [[DEA]] active.",
    "Merged duplicate charts, surviving MRN [[MRN:d8,en]].",
    "SSN provided for identity check: [[SSN]]. Bureau match OK.",
    "Routing number [[ABA]] belongs to a credit union, ACH return R04 was a typo on their side.",
    "Customer says the old address [[EMAIL:free]] is compromised; new one is [[EMAIL:work]].",
    "Internal: no PII in this one, just the stack trace from build [[~version]] (commit [[~sha:7]]).",
    "Internal: duplicate of [[ticket]], closing.",
    "Rotated the leaked key [[AWS]] and revoked token [[GH]].",
    "NHS number [[NHS]] traced via PDS, demographics match.",
    "Customer attached their private key by mistake, removing the attachment. Content was:\n[[PEM]]",
    "CI token found in the pasted log: [[GH]] (revoked).",
]
PUBLIC_REPLIES = [
    "Hi [[fn]],\n\nThanks for the details. We've issued the refund of [[~amount]]; it can take 5–10 business days.\n\n[[agent]]",
    "Hi [[fn]],\n\nI've updated your contact number to [[PHONE:any]]. Anything else?\n\nBest,\n[[agent]]",
    "Hello [[fn]], your request [[ticket]] has been resolved. If you need more help, reply to this email or call [[PHONE:us,tollfree]].",
    "Hi [[fn]], please don't include full card numbers in tickets — I've removed it ([[~masked_card]]).",
    "Hallo [[fn]], wir haben Ihre neue Bankverbindung [[IBAN:de]] hinterlegt. Viele Grüße, [[agent]]",
    "Bonjour [[fn]], votre numéro de dossier [[MRN:d8,fr]] a bien été rattaché à votre compte. Cordialement.",
    "Hola [[fn]], hemos actualizado tu teléfono a [[PHONE:es,mobile]]. Saludos.",
    "Hi [[fn]], we received your new email ([[EMAIL:plus]]). Your old one has been unsubscribed.",
    "Hi [[fn]], we can't find an account for [[EMAIL:free]]. Could you check the spelling?",
    "Hi [[fn]], there is no sensitive data needed for this request. Job [[~uuid]] was re-queued.",
]
SUBJECTS = ["Refund not received", "Card declined again", "Can't log in", "Wrong patient in portal", "Update bank details",
            "Duplicate charge", "Please delete my data", "Appointment change", "Invoice question", "Leaked credentials",
            "Rückerstattung fehlt", "Problème de remboursement", "Cambio de datos", "Dados cadastrais", "Betaling mislukt"]
LANG_WEIGHTS = [("en", 10), ("de", 3), ("fr", 2), ("es", 2), ("br", 1), ("pt", 1), ("nl", 1), ("it", 1), ("pl", 1),
                ("sv", 1), ("ja", 1)]


def wchoice(r, pairs):
    tot = sum(w for _, w in pairs)
    x = r.uniform(0, tot)
    for v, w in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][0]


def template_body(b, cats):
    """Render one note template into an LStr (for a comment body)."""
    cands = [t for t in TEMPLATES if t[1] in cats and t[2] == b.lang] or [t for t in TEMPLATES if t[1] in cats and t[2] == "en"]
    fn = b.r.choice(cands)[0]
    saved, saved_p = b.parts, b.p
    b.parts = []
    fn(b)
    out = LStr(b.parts)
    b.parts, b.p = saved, saved_p
    return out


def html_of(ls):
    parts = []
    for t, ent, fmt, neg in ls.parts:
        e = html.escape(t, quote=False)
        if ent and ent != "PRIVATE_KEY":
            assert e == t, t
        parts.append((e.replace("\n", "<br>\n"), ent, fmt, neg))
    return LStr([("<div class=\"zd-comment\" dir=\"auto\"><p dir=\"auto\">", None, None, None)] + parts +
                [("</p></div>", None, None, None)])


def num_value(b, kind):
    r = b.r
    if kind == "card":
        d = card_digits(r, r.choice(["visa", "mc", "mc2", "amex", "disc", "jcb"]))
        while len(d) > 16 or int(d) >= 2 ** 53:
            d = card_digits(r, r.choice(["visa", "mc", "amex"]))
        return LNum(d, "CREDIT_CARD", f"card.{ 'amex' if d[:2] in ('34', '37') else 'other'}.json_number")
    if kind == "ssn":
        while True:
            v = ssn_value(r, "none")
            if v[0] != "0":
                return LNum(v, "US_SSN", "ssn.json_number")
    if kind == "npi":
        return LNum(npi_value(r), "US_NPI", "npi.json_number")
    if kind == "aba":
        while True:
            v = aba_value(r)
            if v[0] != "0":
                return LNum(v, "ABA_ROUTING_NUMBER", "aba.json_number")
    if kind == "nhs":
        return LNum(nhs_value(r), "UK_NHS", "nhs.json_number")
    if kind == "mrn":
        return LNum(rdig(r, r.choice([6, 7, 8]), "123456789"), "MEDICAL_RECORD_NUMBER", "mrn.json_number.label_key")
    if kind == "phone":
        cc = r.choice(["us", "de", "gb", "fr", "br", "nl", "es"])
        v, fmt = phone_value(r, cc, None, "e164")
        return LNum(v.lstrip("+"), "PHONE_NUMBER", fmt.replace(".e164", ".json_number"))
    raise ValueError(kind)


SELF_IDENTIFYING = {"CREDIT_CARD", "US_NPI", "UK_NHS"}
NAMED_KEYS = {"US_SSN": ["ssn", "social_security_number"], "ABA_ROUTING_NUMBER": ["routing_number", "aba_routing"],
              "MEDICAL_RECORD_NUMBER": ["mrn", "medical_record_no"], "PHONE_NUMBER": ["mobile_number", "callback_phone"]}


def _uid(r):
    return int("36" + rdig(r, 10))


def _attachment(b, shape):
    r = b.r
    name = r.choice(["screenshot.png", "statement.pdf", "IMG_[[num:4]].HEIC", "scan_[[num:3]].pdf", "export.csv",
                     "har_[[hex:6]].har", "Befund.pdf", "facture.pdf", "receipt.jpg"])
    name = b.s(name).text
    size = r.randint(2_000, 9_000_000)
    tok = "".join(r.choice(ALNUM) for _ in range(25))
    ctype = {"png": "image/png", "pdf": "application/pdf", "HEIC": "image/heic", "csv": "text/csv", "har": "application/json",
             "jpg": "image/jpeg"}[name.rsplit(".", 1)[1]]
    if shape == "zd":
        return {"id": _uid(r), "file_name": name, "content_url": f"https://support.example-desk.com/attachments/token/{tok}/?name={name}",
                "content_type": ctype, "size": size, "width": None, "height": None, "inline": False, "deleted": False,
                "malware_access_override": False, "malware_scan_result": "malware_not_found", "thumbnails": []}
    if shape == "fd":
        return {"id": int(rdig(r, 11, "1234")), "name": name, "content_type": ctype, "size": size,
                "attachment_url": f"https://s3.amazonaws.com/cdn.freshdesk.example/data/helpdesk/attachments/production/{rdig(r, 11)}/original/{name}?X-Amz-Signature={b.f_hex('64')}",
                "created_at": b.f_ts()}
    return {"id": rdig(r, 5), "filename": name, "size": size, "mimeType": ctype,
            "content": f"https://acme.atlassian.example/rest/api/3/attachment/content/{rdig(r, 5)}",
            "created": b.f_ts().replace("Z", ".000+0000")}


def build_ticket(r, tid):
    lang = wchoice(r, LANG_WEIGHTS)
    b = B(r, lang)
    shape = r.choice(["zd", "zd", "fd", "jira"])
    req_email = b.s("[[EMAIL:" + r.choice(["work", "free", "plus", "sub", "upper"]) + "]]")
    req_phone = b.s("[[PHONE:local]]") if r.random() < 0.6 else None
    first = template_body(b, ["customer_complaint", "healthcare_portal", "vendor_escalation", "email_thread", "hr_onboarding",
                              "dev_incident", "csv_paste", "log_excerpt"])
    subject = b.s(r.choice(SUBJECTS) + r.choice(["", "", " - [[ticket]]", " (urgent)", " / order [[~order16]]"]))
    comments = [("end-user", True, first)]
    for _ in range(r.randint(1, 4)):
        if r.random() < 0.45:
            comments.append(("agent", False, b.s(r.choice(INTERNAL_NOTES))))
        else:
            comments.append(("agent", True, b.s(r.choice(PUBLIC_REPLIES))))
        if r.random() < 0.3:
            comments.append(("end-user", True, template_body(b, ["customer_complaint", "agent_reply", "chat_log", "call_transcript"])))
    ip = b.s("[[IP]]")
    history = []
    for _ in range(r.randint(0, 3)):
        k = r.choice(["phone", "email", "iban", "status", "priority", "dob"])
        if k == "phone":
            history.append(("phone", b.s("[[PHONE:local]]"), b.s("[[PHONE:local]]")))
        elif k == "email":
            history.append(("email", b.s("[[EMAIL:free]]"), b.s("[[EMAIL:work]]")))
        elif k == "iban":
            history.append(("iban", b.s("[[IBAN:any,compact]]"), b.s("[[IBAN:any]]")))
        elif k == "dob":
            history.append(("date_of_birth", b.s("[[DOB:iso,key]]"), b.s("[[DOB:iso,key]]")))
        else:
            history.append((k, r.choice(["new", "open", "low"]), r.choice(["pending", "solved", "high"])))
    nums = [num_value(b, k) for k in r.sample(["card", "ssn", "npi", "aba", "nhs", "mrn", "phone"], r.randint(0, 3))]
    dob = b.s("[[DOB:" + r.choice(["iso", "iso", "us", "eu_dot"]) + ",key]]") if r.random() < 0.45 else None
    mrn = b.s("[[MRN:" + r.choice(["d8", "alpha_dash", "letter_digits"]) + ",key]]") if r.random() < 0.2 else None
    created = b.f_ts()
    uid, aid = _uid(r), _uid(r)
    tags = r.sample(["refund", "billing", "vip", "phi", "escalated", "fraud", "gdpr", "mobile", "api"], r.randint(1, 3))

    if shape == "zd":
        cfields = [{"id": int("3600" + rdig(r, 8)), "value": r.choice([None, "tier_gold", "de_DE", True, b.f_num("5")])}]
        ucf = {"member_since": b.f_date("iso", "2015", "2023"), "loyalty_id": b.s("[[~invoice10]]").text}
        # numbers that identify themselves by checksum/IIN may sit under opaque custom-field ids;
        # the ones that need context (SSN, ABA, MRN, bare phone digits) go under named user fields
        for n in nums:
            if n.entity in SELF_IDENTIFYING:
                cfields.append({"id": int("3600" + rdig(r, 8)), "value": n})
            else:
                ucf[r.choice(NAMED_KEYS[n.entity])] = n
        if dob:
            ucf[r.choice(["date_of_birth", "dob", "birthdate"])] = dob
        if mrn:
            ucf[r.choice(["mrn", "medical_record_number", "chart_number"])] = mrn
        obj = {
            "ticket": {"id": tid, "url": f"https://support.example-desk.com/api/v2/tickets/{tid}.json",
                       "external_id": None if r.random() < 0.7 else f"CRM-{rdig(r, 6)}", "created_at": created,
                       "updated_at": created, "type": r.choice(["incident", "question", "problem", "task"]),
                       "subject": subject, "raw_subject": subject, "description": first,
                       "priority": r.choice(["low", "normal", "high", "urgent"]), "status": r.choice(["new", "open", "pending", "solved"]),
                       "requester_id": uid, "submitter_id": uid, "assignee_id": aid, "organization_id": int(rdig(r, 12, "3")),
                       "tags": tags, "custom_fields": cfields,
                       "via": {"channel": "email", "source": {"from": {"address": req_email, "name": b.p.full},
                                                              "to": {"address": b.s("[[EMAIL:role,2]]"), "name": "Support"}, "rel": None}},
                       "satisfaction_rating": None, "has_incidents": False, "is_public": True},
            "users": [{"id": uid, "name": b.p.full, "email": req_email, "phone": req_phone, "role": "end-user",
                       "locale": {"en": "en-US", "br": "pt-BR"}.get(lang, lang), "user_fields": ucf, "verified": r.random() < 0.5},
                      {"id": aid, "name": b.agent.full, "email": b.s("[[EMAIL:work,a]]"), "role": "agent"}],
            "comments": [],
            "audits": [],
        }
        for i, (role, public, body) in enumerate(comments):
            c = {"id": _uid(r), "type": "Comment", "author_id": uid if role == "end-user" else aid, "body": body,
                 "html_body": html_of(body), "public": public, "created_at": created, "attachments": []}
            if r.random() < 0.35:
                c["attachments"] = [_attachment(b, "zd") for _ in range(r.randint(1, 2))]
            if i == 0:
                c["metadata"] = {"system": {"client": b.f_ua(), "ip_address": ip, "location": f"{b.p.city}",
                                            "latitude": round(r.uniform(-50, 60), 4), "longitude": round(r.uniform(-120, 140), 4)},
                                 "custom": {}}
            obj["comments"].append(c)
        for k, old, new in history:
            obj["audits"].append({"id": _uid(r), "ticket_id": tid, "created_at": b.f_ts(), "author_id": aid,
                                  "events": [{"id": _uid(r), "type": "Change", "field_name": k, "value": new, "previous_value": old}]})
    elif shape == "fd":
        cf = {"cf_customer_tier": r.choice(["gold", "silver", None]), "cf_order_reference": b.s("[[~order16]]").text}
        names = {"CREDIT_CARD": "cf_card_on_file", "US_SSN": "cf_ssn", "US_NPI": "cf_provider_npi", "ABA_ROUTING_NUMBER": "cf_routing_number",
                 "UK_NHS": "cf_nhs_number", "MEDICAL_RECORD_NUMBER": "cf_mrn", "PHONE_NUMBER": "cf_callback_number"}
        for n in nums:
            cf[names[n.entity]] = n
        if dob:
            cf["cf_date_of_birth"] = dob
        if mrn:
            cf["cf_patient_chart_no"] = mrn
        if r.random() < 0.4:
            cf["cf_billing/iban"] = b.s("[[IBAN:any,compact]]")
        convs = []
        for role, public, body in comments:
            convs.append({"id": int(rdig(r, 11, "4")), "body": html_of(body), "body_text": body, "incoming": role == "end-user",
                          "private": not public, "user_id": uid if role == "end-user" else aid, "support_email": b.s("[[EMAIL:role,2]]"),
                          "source": 0 if role == "end-user" else 2, "ticket_id": tid,
                          "to_emails": [b.s("[[EMAIL:role,2]]")] if role == "end-user" else [req_email],
                          "from_email": req_email if role == "end-user" else None, "cc_emails": [], "created_at": created,
                          "attachments": [_attachment(b, "fd")] if r.random() < 0.25 else []})
        obj = {"id": tid, "subject": subject, "description": html_of(first), "description_text": first, "status": r.choice([2, 3, 4, 5]),
               "priority": r.choice([1, 2, 3, 4]), "source": r.choice([1, 2, 3, 7]), "requester_id": uid, "responder_id": aid,
               "created_at": created, "updated_at": created, "due_by": b.f_ts(), "fr_escalated": False, "spam": False,
               "tags": tags, "cc_emails": [b.s("[[EMAIL:work,2]]")] if r.random() < 0.4 else [], "fwd_emails": [],
               "reply_cc_emails": [], "custom_fields": cf,
               "requester": {"id": uid, "name": b.p.full, "email": req_email, "mobile": req_phone, "phone": None},
               "conversations": convs,
               "activities": [{"performed_at": b.f_ts(), "actor": {"id": aid},
                               "actions": [{"field": k, "from": old, "to": new}]} for k, old, new in history]}
    else:
        key = f"SUP-{r.randint(100, 9999)}"
        fields = {"summary": subject, "description": first, "created": created.replace("Z", ".000+0000"),
                  "status": {"name": r.choice(["Waiting for support", "In Progress", "Resolved"])},
                  "reporter": {"accountId": f"qm:{b.f_uuid_like()}", "emailAddress": req_email, "displayName": b.p.full},
                  "labels": tags, "attachment": [_attachment(b, "jira") for _ in range(r.randint(0, 2))]}
        names = {}
        for n in nums:
            if n.entity in SELF_IDENTIFYING:
                cid = f"customfield_{r.randint(10100, 10400)}"
                fields[cid] = n
                names[cid] = {"CREDIT_CARD": "Card on file", "US_NPI": "Provider NPI", "UK_NHS": "NHS number"}[n.entity]
            else:  # context-needing numbers: only as a labelled text field inside the description-like field
                fields["customfield_10090"] = b.s({"US_SSN": "SSN: ", "ABA_ROUTING_NUMBER": "Routing number: ",
                                                   "MEDICAL_RECORD_NUMBER": "MRN ", "PHONE_NUMBER": "Callback: "}[n.entity])
                if n.entity == "PHONE_NUMBER":
                    part = ("+" + str(n.value), n.entity, n.fmt.replace("json_number", "e164"), None)
                else:
                    part = (str(n.value), n.entity, n.fmt.replace("json_number", "in_text").replace("label_key", "label_en"), None)
                fields["customfield_10090"].parts.append(part)
                names["customfield_10090"] = "Verification notes"
        if req_phone:
            fields["customfield_10051"] = req_phone
        if dob:
            fields["customfield_10077"] = {"self": "https://acme.atlassian.example/rest/api/3/customFieldOption/1",
                                           "label": "Date of birth", "value": dob}
        if mrn:
            fields["customfield_10078"] = {"label": "Medical record number", "value": mrn}
        cm = []
        for role, public, body in comments:
            cm.append({"id": rdig(r, 5), "author": {"displayName": b.p.full if role == "end-user" else b.agent.full},
                       "body": body, "public": public, "jsdPublic": public, "created": b.f_ts()})
        fields["comment"] = {"comments": cm, "maxResults": len(cm), "total": len(cm), "startAt": 0}
        hist = []
        for k, old, new in history:
            hist.append({"id": rdig(r, 6), "created": b.f_ts(), "items": [
                {"field": k, "fieldtype": "custom" if k in ("phone", "iban", "date_of_birth") else "jira",
                 "from": None, "fromString": old, "to": None, "toString": new}]})
        names.update({"customfield_10051": "Phone", "customfield_10077": "Date of birth", "customfield_10078": "MRN"})
        obj = {"expand": "renderedFields,names,schema,changelog", "id": str(tid), "key": key, "names": names,
               "self": f"https://acme.atlassian.example/rest/api/3/issue/{tid}", "fields": fields,
               "changelog": {"startAt": 0, "maxResults": len(hist), "total": len(hist), "histories": hist},
               "client_ip": ip}
    return obj


def _f_uuid_like(self):
    return neg_value(self.r, "uuid")


B.f_uuid_like = _f_uuid_like


def ptr_escape(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def flatten(obj, ptr, labels, negs):
    """Replace LStr/LNum by plain values, collecting labels with JSON pointers."""
    if isinstance(obj, LStr):
        text, spans, ng = parts_to_spans(obj.parts)
        for s in spans:
            labels.append(dict(json_pointer=ptr, **s))
        for s in ng:
            negs.append(dict(json_pointer=ptr, **s))
        return text
    if isinstance(obj, LNum):
        t = str(obj.value)
        labels.append({"json_pointer": ptr, "start": 0, "end": len(t), "cstart": 0, "cend": len(t), "entity": obj.entity,
                       "fmt": obj.fmt, "value_type": "number"})
        return obj.value
    if isinstance(obj, dict):
        return {k: flatten(v, f"{ptr}/{ptr_escape(k)}", labels, negs) for k, v in obj.items()}
    if isinstance(obj, list):
        return [flatten(v, f"{ptr}/{i}", labels, negs) for i, v in enumerate(obj)]
    return obj


# =============================================================================
# generation
# =============================================================================

N_NOTES = 760
N_TICKETS = 100


def gen_notes(r):
    # deterministic quotas proportional to template weight (at least 2 notes per template),
    # largest-remainder rounding; only the order is shuffled
    ws = [t[3] * (1.4 if t[2] != "en" else 1.0) * (1.3 if t[0].__name__.startswith("t_np_") or "nopii" in t[0].__name__ else 1.0)
          for t in TEMPLATES]
    free = N_NOTES - 2 * len(TEMPLATES)
    raw = [w * free / sum(ws) for w in ws]
    quota = [2 + int(x) for x in raw]
    rest = sorted(range(len(raw)), key=lambda i: -(raw[i] - int(raw[i])))
    for i in rest[:N_NOTES - sum(quota)]:
        quota[i] += 1
    order = [t for t, q in zip(TEMPLATES, quota) for _ in range(q)]
    r.shuffle(order)
    notes = []
    for i, (fn, cat, lang, w, lang2) in enumerate(order):
        b = B(r, lang, lang2)
        fn(b)
        text, spans, negs = parts_to_spans(b.parts)
        tags = {cat, f"lang_{lang}", "pii" if spans else "no_pii", f"tpl_{fn.__name__[2:]}"}
        if negs:
            tags.add("hard_negative")
        if any(ord(c) > 127 for c in text):
            tags.add("non_ascii")
        notes.append({"id": f"h5-{i:04d}", "category": cat, "tags": sorted(tags), "text": text, "spans": spans,
                      "hard_negatives": negs})
    return notes


def write_all():
    r = random.Random(SEED)
    notes = gen_notes(r)
    with open(HERE / "notes.jsonl", "w", encoding="utf-8") as f:
        for n in notes:
            f.write(json.dumps(n, ensure_ascii=False) + "\n")
    # corpus.txt + index
    sep = "\n\n"
    idx, chunks, boff, coff = [], [], 0, 0
    for k, n in enumerate(notes):
        t = n["text"]
        idx.append({"id": n["id"], "byte_offset": boff, "byte_len": len(t.encode("utf-8")), "char_offset": coff,
                    "char_len": len(t)})
        chunks.append(t)
        boff += len(t.encode("utf-8")) + len(sep)
        coff += len(t) + len(sep)
    with open(HERE / "corpus.txt", "w", encoding="utf-8", newline="") as f:
        f.write(sep.join(chunks))
    with open(HERE / "corpus_index.jsonl", "w", encoding="utf-8") as f:
        for x in idx:
            f.write(json.dumps(x) + "\n")
    # tickets
    jd = HERE / "notes_json"
    if jd.exists():
        shutil.rmtree(jd)
    jd.mkdir()
    labels, negs_all = [], []
    r2 = random.Random(SEED + 1)
    tids = sorted(r2.sample(range(200000, 299999), N_TICKETS))
    for tid in tids:
        obj = build_ticket(r2, tid)
        fname = f"ticket_{tid}.json"
        lab, ng = [], []
        plain = flatten(obj, "", lab, ng)
        ensure_ascii = r2.random() < 0.3
        indent = r2.choice([None, None, 2])
        (jd / fname).write_text(json.dumps(plain, ensure_ascii=ensure_ascii, indent=indent) + "\n", encoding="utf-8")
        for x in lab:
            labels.append({"file": fname, **x})
        for x in ng:
            negs_all.append({"file": fname, **x})
    with open(jd / "labels.jsonl", "w", encoding="utf-8") as f:
        for x in labels:
            f.write(json.dumps(x, ensure_ascii=False) + "\n")
    with open(HERE / "json_hard_negatives.jsonl", "w", encoding="utf-8") as f:
        for x in negs_all:
            f.write(json.dumps(x, ensure_ascii=False) + "\n")
    return notes, labels


# =============================================================================
# self-check
# =============================================================================

EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}$")
GH_RE = re.compile(r"^(?:gh[posur]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})$")
AWS_RE = re.compile(r"^(?:AKIA|ASIA)[A-Z2-7]{16}$")


def validate_value(ent, v, fmt):
    from urllib.parse import unquote
    d = re.sub(r"\D", "", v)
    if ent == "CREDIT_CARD":
        return card_ok(v) and re.fullmatch(r"\d[\d -]*\d", v) is not None
    if ent == "US_SSN":
        return ssn_ok(v) and re.fullmatch(r"\d{3}([- ]?)\d{2}\1\d{4}", v) is not None
    if ent == "EMAIL_ADDRESS":
        return EMAIL_RE.match(unquote(v) if "pct" in fmt else v) is not None
    if ent == "PHONE_NUMBER":
        vv = unquote(v) if "pct" in fmt else v
        return 7 <= len(re.sub(r"\D", "", vv)) <= 15 and re.fullmatch(r"\+?[\d ()./-]+", vv) is not None
    if ent == "IBAN_CODE":
        return iban_ok(v)
    if ent == "ABA_ROUTING_NUMBER":
        return aba_ok(v) and aba_prefix_ok(v)
    if ent == "IP_ADDRESS":
        try:
            a = ipaddress.ip_address(v)
        except ValueError:
            return False
        return not (a.is_loopback or a.is_unspecified or a.is_multicast)
    if ent == "MEDICAL_RECORD_NUMBER":
        return re.fullmatch(r"[A-Z]{0,2}-?[\d./-]+", v) is not None and len(d) >= 5
    if ent == "US_NPI":
        return npi_ok(v)
    if ent == "DATE_OF_BIRTH":
        if ".compact." in fmt:
            return re.fullmatch(r"(19|20)\d\d(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])", v) is not None
        years = re.findall(r"(?<!\d)(19\d\d|20[012]\d)(?!\d)", v) or re.findall(r"(?<!\d)\d\d$", v)
        return bool(years) and len(d) >= 4
    if ent == "UK_NHS":
        return nhs_ok(d) and re.fullmatch(r"\d{3}([ -]?)\d{3}\1\d{4}", v) is not None
    if ent == "US_DEA":
        return dea_ok(v)
    if ent == "AWS_ACCESS_KEY":
        return AWS_RE.match(v) is not None and "EXAMPLE" not in v
    if ent == "GITHUB_TOKEN":
        if not GH_RE.match(v):
            return False
        if not v.startswith("github_pat_"):
            return gh_checksum(v[4:34]) == v[34:]
        return True
    if ent == "PRIVATE_KEY":
        m = re.fullmatch(r"-----BEGIN ((?:RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----(.*)-----END \1-----", v, re.S)
        return m is not None and len(m.group(2)) > 100
    return False


LEAK_PATTERNS = [
    ("EMAIL_ADDRESS", re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")),
    ("CREDIT_CARD", re.compile(r"(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])")),
    ("IP_ADDRESS", re.compile(r"(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])")),
    ("IBAN_CODE", re.compile(r"\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b")),
    ("NUM10", re.compile(r"(?<![\dA-Za-z])\d{10}(?![\dA-Za-z])")),
    ("AWS_ACCESS_KEY", re.compile(r"(?:AKIA|ASIA)[A-Z2-7]{16}")),
    ("GITHUB_TOKEN", re.compile(r"gh[posur]_[A-Za-z0-9]{36}|github_pat_\w{82}")),
    ("PRIVATE_KEY", re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")),
]


def leak_scan(text, covered):
    """Find plausible unlabelled sensitive values (covered: list of (cstart, cend))."""
    out = []

    def cov(s, e):
        return any(cs <= s and e <= ce for cs, ce in covered) or any(max(s, cs) < min(e, ce) for cs, ce in covered)

    for name, rx in LEAK_PATTERNS:
        for m in rx.finditer(text):
            v = m.group(0)
            if cov(m.start(), m.end()):
                continue
            if name == "CREDIT_CARD" and not card_ok(v):
                continue
            if name == "IP_ADDRESS":
                try:
                    ipaddress.ip_address(v)
                except ValueError:
                    continue
            if name == "IBAN_CODE" and not iban_ok(v):
                continue
            if name == "NUM10" and not (npi_ok(v) or nhs_ok(v)):
                continue
            out.append((name, v))
    return out


def self_check():
    problems = []
    notes = [json.loads(l) for l in open(HERE / "notes.jsonl", encoding="utf-8")]
    ids = [n["id"] for n in notes]
    if len(set(ids)) != len(ids):
        problems.append("duplicate note ids")
    leaks = []
    for n in notes:
        t = n["text"]
        tb = t.encode("utf-8")
        prev_end = -1
        for s in sorted(n["spans"], key=lambda x: x["start"]):
            v = tb[s["start"]:s["end"]].decode("utf-8")
            if v != t[s["cstart"]:s["cend"]]:
                problems.append(f"{n['id']}: byte/char offsets disagree for {s}")
            if s["start"] < prev_end:
                problems.append(f"{n['id']}: overlapping spans")
            prev_end = s["end"]
            if v != v.strip() or not v:
                problems.append(f"{n['id']}: span has surrounding whitespace {v!r}")
            if not validate_value(s["entity"], v, s["fmt"]):
                problems.append(f"{n['id']}: invalid {s['entity']} {v!r} ({s['fmt']})")
        for s in n["hard_negatives"]:
            if tb[s["start"]:s["end"]].decode("utf-8") != t[s["cstart"]:s["cend"]]:
                problems.append(f"{n['id']}: hard-negative offsets disagree")
        covered = [(s["cstart"], s["cend"]) for s in n["spans"] + n["hard_negatives"]]
        for name, v in leak_scan(t, covered):
            leaks.append(f"{n['id']}: unlabelled {name}-like value {v!r}")
    # corpus + index
    corpus = (HERE / "corpus.txt").read_bytes()
    ctext = corpus.decode("utf-8")
    idx = [json.loads(l) for l in open(HERE / "corpus_index.jsonl", encoding="utf-8")]
    for n, x in zip(notes, idx):
        if x["id"] != n["id"] or corpus[x["byte_offset"]:x["byte_offset"] + x["byte_len"]] != n["text"].encode("utf-8") \
                or ctext[x["char_offset"]:x["char_offset"] + x["char_len"]] != n["text"]:
            problems.append(f"corpus index mismatch at {x['id']}")
    if ctext != "\n\n".join(n["text"] for n in notes):
        problems.append("corpus.txt is not the notes joined by a blank line")
    # json
    jd = HERE / "notes_json"
    labels = [json.loads(l) for l in open(jd / "labels.jsonl", encoding="utf-8")]
    cache = {}
    per_doc = {}
    for lab in labels:
        f = lab["file"]
        if f not in cache:
            cache[f] = json.loads((jd / f).read_text(encoding="utf-8"))
        try:
            v = cache[f]
            for part in lab["json_pointer"].lstrip("/").split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                v = v[int(part)] if isinstance(v, list) else v[part]
        except (KeyError, IndexError, ValueError, TypeError):
            problems.append(f"json label points nowhere: {f}#{lab['json_pointer']}")
            continue
        if isinstance(v, bool) or not isinstance(v, (str, int)):
            problems.append(f"json label on non-string/int: {f}#{lab['json_pointer']}")
            continue
        if isinstance(v, int) != (lab.get("value_type") == "number"):
            problems.append(f"json number flag wrong: {f}#{lab['json_pointer']}")
        sv = str(v)
        val = sv.encode("utf-8")[lab["start"]:lab["end"]].decode("utf-8")
        if val != sv[lab["cstart"]:lab["cend"]]:
            problems.append(f"json byte/char mismatch {f}#{lab['json_pointer']}")
        if not validate_value(lab["entity"], val, lab["fmt"]):
            problems.append(f"json invalid {lab['entity']} {val!r} {f}#{lab['json_pointer']}")
        per_doc.setdefault((f, lab["json_pointer"]), []).append((lab["cstart"], lab["cend"]))
    jnegs = [json.loads(l) for l in open(HERE / "json_hard_negatives.jsonl", encoding="utf-8")]
    for x in jnegs:
        per_doc.setdefault((x["file"], x["json_pointer"]), []).append((x["cstart"], x["cend"]))
    files = sorted(jd.glob("ticket_*.json"))

    def walk(o, ptr, f):
        if isinstance(o, dict):
            for k, v in o.items():
                walk(v, f"{ptr}/{ptr_escape(k)}", f)
        elif isinstance(o, list):
            for i, v in enumerate(o):
                walk(v, f"{ptr}/{i}", f)
        elif isinstance(o, str) or (isinstance(o, int) and not isinstance(o, bool)):
            for name, v in leak_scan(str(o), per_doc.get((f, ptr), [])):
                leaks.append(f"{f}#{ptr}: unlabelled {name}-like value {v!r}")

    for p in files:
        walk(json.loads(p.read_text(encoding="utf-8")), "", p.name)
    # self-scoring with score.py (gold as predictions)
    score_py = Path(__file__).resolve().parent.parent.parent.parent / "shared/corpus/score.py"
    tmp = HERE / "_selfcheck"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir()
    sys.path.insert(0, str(HERE))
    import evaltool
    with open(tmp / "gold_as_findings.jsonl", "w", encoding="utf-8") as f:
        for n, x in zip(notes, idx):
            for s in n["spans"]:
                f.write(json.dumps({"start": x["byte_offset"] + s["start"], "end": x["byte_offset"] + s["end"],
                                    "entity": s["entity"]}) + "\n")
    with open(tmp / "json_gold_raw.jsonl", "w", encoding="utf-8") as f:
        for lab in labels:  # shaped like scanner output, to exercise the adapter too
            f.write(json.dumps({"path": f"notes_json/{lab['file']}", "json_pointer": lab["json_pointer"],
                                "start": lab["start"], "end": lab["end"], "entity": lab["entity"]}) + "\n")
    evaltool.cmd_json_findings(tmp / "json_gold_raw.jsonl", tmp / "json_gold_findings.jsonl")
    evaltool.cmd_json_scoredir(jd, tmp / "score_json")
    results = {}
    if score_py.exists():
        for name, cmd in [
            ("notes", [sys.executable, str(score_py), str(HERE / "notes.jsonl"), str(tmp / "gold_as_findings.jsonl"),
                       "--corpus-index", str(HERE / "corpus_index.jsonl")]),
            ("json", [sys.executable, str(score_py), str(tmp / "score_json" / "labels.jsonl"),
                      str(tmp / "json_gold_findings.jsonl")]),
        ]:
            p = subprocess.run(cmd, capture_output=True, text=True)
            last = p.stdout.strip().splitlines()[-1] if p.stdout.strip() else p.stderr
            results[name] = last
            if "P=1.000 R=1.000" not in last or "exact match: P=1.000 R=1.000" not in p.stdout:
                problems.append(f"self-score {name}: {last} {p.stderr.strip()}")
    else:
        problems.append("score.py not found; self-scoring skipped")
    # own matcher on gold too
    docs = evaltool.load_notes_docs(HERE / "notes.jsonl")
    st = {"out_of_vocab": Counter(), "crosses_notes": []}
    preds = evaltool.place_notes_findings(evaltool.read_jsonl(tmp / "gold_as_findings.jsonl"), HERE / "corpus_index.jsonl", docs, st)
    per, fns, fps, _ = evaltool.evaluate(docs, preds)
    if fns or fps:
        problems.append(f"own matcher on gold: {len(fns)} FN {len(fps)} FP")
    jdocs, docfn = evaltool.load_json_docs(jd / "labels.jsonl", jd)
    jpreds = evaltool.place_json_findings(evaltool.read_jsonl(tmp / "json_gold_findings.jsonl"), docfn,
                                          {"out_of_vocab": Counter(), "unknown_pointer": []})
    per, fns, fps, _ = evaltool.evaluate(jdocs, jpreds)
    if fns or fps:
        problems.append(f"own matcher on json gold: {len(fns)} FN {len(fps)} FP")
    shutil.rmtree(tmp)
    return problems, leaks, results, notes, labels, len(files)


def summary(notes, labels, nfiles):
    ent_n, ent_j, fam = Counter(), Counter(), Counter()
    for n in notes:
        for s in n["spans"]:
            ent_n[s["entity"]] += 1
            fam[".".join(s["fmt"].split(".")[:2])] += 1
    for lab in labels:
        ent_j[lab["entity"]] += 1
        fam[".".join(lab["fmt"].split(".")[:2])] += 1
    nopii = sum(1 for n in notes if not n["spans"])
    cats, langs = Counter(n["category"] for n in notes), Counter(t for n in notes for t in n["tags"] if t.startswith("lang_"))
    negs = Counter(h["kind"] for n in notes for h in n["hard_negatives"])
    print(f"notes: {len(notes)}  (no sensitive values: {nopii} = {nopii / len(notes):.1%}); ticket files: {nfiles}; "
          f"json labels: {len(labels)} ({sum(1 for l in labels if l.get('value_type') == 'number')} on JSON numbers)")
    print("\nentity                 notes   json")
    for e in sorted(set(ent_n) | set(ent_j), key=lambda e: -ent_n[e]):
        print(f"  {e:<22} {ent_n[e]:>5} {ent_j[e]:>6}")
    print("\ncategories: " + ", ".join(f"{k}={v}" for k, v in cats.most_common()))
    print("languages:  " + ", ".join(f"{k[5:]}={v}" for k, v in langs.most_common()))
    print("hard negatives (notes): " + ", ".join(f"{k}={v}" for k, v in negs.most_common()))
    print("\nfmt families: " + ", ".join(f"{k}={v}" for k, v in sorted(fam.items())))
    print(f"distinct fmt tags: {len(set(s['fmt'] for n in notes for s in n['spans']) | set(l['fmt'] for l in labels))}")


def main():
    if "--check" not in sys.argv:
        write_all()
    problems, leaks, results, notes, labels, nfiles = self_check()
    summary(notes, labels, nfiles)
    for k, v in results.items():
        print(f"self-score {k} (gold as predictions): {v}")
    for x in leaks[:50]:
        print("LEAK?", x)
    if leaks:
        print(f"{len(leaks)} possible unlabelled values")
    for x in problems[:50]:
        print("PROBLEM", x)
    print("self-check:", "OK" if not problems and not leaks else f"{len(problems)} problems, {len(leaks)} leaks")
    return 1 if problems or leaks else 0


if __name__ == "__main__":
    sys.exit(main())
