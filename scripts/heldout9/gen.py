#!/usr/bin/env python3
"""heldout9: held-out corpus about VALUE FORMATS and NEAR-MISSES (see README.md).

    python3 gen.py            # write notes.jsonl, corpus.txt, corpus_index.jsonl, notes_json/, json_hard_negatives.jsonl
                              # and then self-check (exit 1 on any problem)
    python3 gen.py --check    # self-check the files on disk only (and that they equal a fresh in-memory run)

Python 3.11 standard library only.  Deterministic: everything derives from SEED.
Written without reading the scanner's sources, packs or tests, or earlier held-out generators.
"""
from __future__ import annotations

import base64
import datetime as dt
import html
import ipaddress
import json
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from collections import Counter, defaultdict
from pathlib import Path
import random

SEED = 9_402_117
HERE = Path(__file__).resolve().parent
N_NOTES = 700
N_TICKETS = 100
SCORE_PY = HERE.parent.parent.parent / "shared" / "corpus" / "score.py"

NBSP, THIN, NNBSP, ENDASH, NBHY = "\u00a0", "\u2009", "\u202f", "\u2013", "\u2011"
CARD_SEPS = " -." + NBSP + THIN + NNBSP + ENDASH

ENTITIES = ("CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "ABA_ROUTING_NUMBER",
            "IP_ADDRESS", "MEDICAL_RECORD_NUMBER", "US_NPI", "DATE_OF_BIRTH", "UK_NHS", "US_DEA",
            "AWS_ACCESS_KEY", "GITHUB_TOKEN", "PRIVATE_KEY")

# ============================================================================ checksums


def luhn_ok(d: str) -> bool:
    if not d.isdigit():
        return False
    t = 0
    for i, ch in enumerate(reversed(d)):
        x = ord(ch) - 48
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        t += x
    return t % 10 == 0


def luhn_complete(body: str) -> str:
    for c in "0123456789":
        if luhn_ok(body + c):
            return body + c
    raise AssertionError


def npi_ok(d: str) -> bool:
    return len(d) == 10 and d.isdigit() and d[0] in "12" and luhn_ok("80840" + d)


ABA_PREFIXES = set(range(0, 13)) | set(range(21, 33)) | set(range(61, 73)) | {80}


def aba_sum_ok(d: str) -> bool:
    if len(d) != 9 or not d.isdigit():
        return False
    w = (3, 7, 1) * 3
    return sum(int(c) * k for c, k in zip(d, w)) % 10 == 0


def aba_ok(d: str) -> bool:
    return aba_sum_ok(d) and int(d[:2]) in ABA_PREFIXES


def nhs_check_digit(d9: str):
    s = sum(int(d9[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return None if c == 10 else c


def nhs_ok(d: str) -> bool:
    if len(d) != 10 or not d.isdigit():
        return False
    c = nhs_check_digit(d[:9])
    return c is not None and c == int(d[9])


DEA_FIRST = "ABCDEFGHJKLMPRSTUX"


def dea_digit(d6: str) -> str:
    x = [int(c) for c in d6]
    return str((x[0] + x[2] + x[4] + 2 * (x[1] + x[3] + x[5])) % 10)


def dea_ok(s: str) -> bool:
    if not re.fullmatch(r"[A-Z][A-Z9]\d{7}", s) or s[0] not in DEA_FIRST:
        return False
    return dea_digit(s[2:8]) == s[8]


SSN_BLOCK = {"078051120", "219099999", "123456789", "111111111", "333333333"}


def ssn_ok(d: str) -> bool:
    if len(d) != 9 or not d.isdigit() or d in SSN_BLOCK:
        return False
    a, g, s = d[:3], d[3:5], d[5:]
    return a != "000" and a != "666" and a[0] != "9" and g != "00" and s != "0000"


# IBAN registry: country -> (length, BBAN structure)
IBAN_SPEC = {
    "AD": (24, "4n4n12c"), "AE": (23, "3n16n"), "AL": (28, "8n16c"), "AT": (20, "5n11n"), "AZ": (28, "4a20c"),
    "BA": (20, "3n3n8n2n"), "BE": (16, "3n7n2n"), "BG": (22, "4a4n2n8c"), "BH": (22, "4a14c"),
    "BR": (29, "8n5n10n1a1c"), "CH": (21, "5n12c"), "CR": (22, "4n14n"), "CY": (28, "3n5n16c"),
    "CZ": (24, "4n6n10n"), "DE": (22, "8n10n"), "DK": (18, "4n9n1n"), "DO": (28, "4c20n"),
    "EE": (20, "2n2n11n1n"), "ES": (24, "4n4n1n1n10n"), "FI": (18, "3n11n"), "FO": (18, "4n9n1n"),
    "FR": (27, "5n5n11c2n"), "GB": (22, "4a6n8n"), "GE": (22, "2a16n"), "GI": (23, "4a15c"),
    "GL": (18, "4n9n1n"), "GR": (27, "3n4n16c"), "HR": (21, "7n10n"), "HU": (28, "3n4n1n15n1n"),
    "IE": (22, "4a6n8n"), "IL": (23, "3n3n13n"), "IS": (26, "4n2n6n10n"), "IT": (27, "1a5n5n12c"),
    "JO": (30, "4a4n18c"), "KW": (30, "4a22c"), "KZ": (20, "3n13c"), "LB": (28, "4n20c"), "LI": (21, "5n12c"),
    "LT": (20, "5n11n"), "LU": (20, "3n13c"), "LV": (21, "4a13c"), "MC": (27, "5n5n11c2n"), "MD": (24, "2c18c"),
    "ME": (22, "3n13n2n"), "MK": (19, "3n10c2n"), "MT": (31, "4a5n18c"), "MU": (30, "4a2n2n12n3n3a"),
    "NL": (18, "4a10n"), "NO": (15, "4n6n1n"), "PK": (24, "4a16c"), "PL": (28, "8n16n"), "PS": (29, "4a21c"),
    "PT": (25, "4n4n11n2n"), "QA": (29, "4a21c"), "RO": (24, "4a16c"), "RS": (22, "3n13n2n"), "SA": (24, "2n18c"),
    "SE": (24, "3n16n1n"), "SI": (19, "5n8n2n"), "SK": (24, "4n6n10n"), "SM": (27, "1a5n5n12c"),
    "TR": (26, "5n1n16c"), "UA": (29, "6n19c"), "XK": (20, "4n10n2n"),
}


def _struct_parts(st):
    return [(int(n), t) for n, t in re.findall(r"(\d+)([nac])", st)]


for _cc, (_len, _st) in IBAN_SPEC.items():
    assert 4 + sum(n for n, _ in _struct_parts(_st)) == _len, _cc


def _bban_regex(st):
    m = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]"}
    return "".join(f"{m[t]}{{{n}}}" for n, t in _struct_parts(st))


IBAN_BBAN_RE = {cc: re.compile(_bban_regex(st)) for cc, (_, st) in IBAN_SPEC.items()}


def iban_num(s: str) -> int:
    return int("".join(str(int(c, 36)) for c in s))


def iban_mod_ok(s: str) -> bool:
    return len(s) >= 5 and s[:2].isalpha() and s[2:4].isdigit() and iban_num(s[4:] + s[:4]) % 97 == 1


def iban_ok(s: str) -> bool:
    s = re.sub(r"\s", "", s).upper().replace("-", "")
    cc = s[:2]
    if cc not in IBAN_SPEC or len(s) != IBAN_SPEC[cc][0]:
        return False
    return bool(IBAN_BBAN_RE[cc].fullmatch(s[4:])) and iban_mod_ok(s)


def iban_check_digits(cc: str, bban: str) -> str:
    return f"{98 - iban_num(bban + cc + '00') % 97:02d}"


B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b62(n: int, width: int) -> str:
    out = ""
    while n:
        n, k = divmod(n, 62)
        out = B62[k] + out
    return out.rjust(width, "0")


def gh_checksum(entropy: str) -> str:
    return b62(zlib.crc32(entropy.encode()) & 0xFFFFFFFF, 6)


def gh_ok(s: str) -> bool:
    m = re.fullmatch(r"gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", s)
    if m:
        return gh_checksum(m.group(1)) == m.group(2)
    return bool(re.fullmatch(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", s))


def aws_ok(s: str) -> bool:
    return bool(re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", s)) and "EXAMPLE" not in s and not re.search(r"X{6}", s)


# card brands: name -> (prefix ranges, lengths)
CARD_BRANDS = {
    "visa": ([("4", "4")], (13, 16, 19)),
    "mastercard": ([("51", "55"), ("2221", "2720")], (16,)),
    "amex": ([("34", "34"), ("37", "37")], (15,)),
    "discover": ([("6011", "6011"), ("644", "649"), ("65", "65"), ("622126", "622925")], (16, 19)),
    "jcb": ([("3528", "3589")], (16, 19)),
    "diners": ([("300", "305"), ("36", "36"), ("38", "39")], (14,)),
    "unionpay": ([("620", "621"), ("623", "628"), ("81", "81")], (16, 19)),
    "maestro": ([("5018", "5018"), ("5020", "5020"), ("5038", "5038"), ("5893", "5893"), ("6304", "6304"),
                 ("6759", "6759"), ("6761", "6763")], (16, 18, 19)),
}
TEST_PANS = {
    "4111111111111111", "4242424242424242", "4012888888881881", "4222222222222", "4000056655665556",
    "5555555555554444", "5105105105105100", "5200828282828210", "2223003122003222", "378282246310005",
    "371449635398431", "378734493671000", "6011111111111117", "6011000990139424", "6011000000000004",
    "3530111333300000", "3566002020360505", "30569309025904", "38520000023237", "36227206271667",
    "6200000000000005", "6759649826438453", "4000000000000002", "4000000000000077", "5019717010103742",
    "4917610000000000", "4462030000000000", "6304000000000000", "4005519200000004", "4009348888881881",
}


def card_brand(d: str):
    for name, (ranges, lens) in CARD_BRANDS.items():
        if len(d) not in lens:
            continue
        for lo, hi in ranges:
            p = d[:len(lo)]
            if lo <= p <= hi:
                return name
    return None


def card_ok(d: str) -> bool:
    return d.isdigit() and luhn_ok(d) and card_brand(d) is not None and d not in TEST_PANS


def digits(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December"]
MONTHS_LOC = {
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
           "ottobre", "novembre", "dicembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"],
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def ordinal(n):
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


# date formats: name -> formatter(date, lang) ; parse-back regex built from the same name
DATE_FORMATS = {
    "iso": lambda d, l: f"{d:%Y-%m-%d}",
    "ymd_slash": lambda d, l: f"{d:%Y/%m/%d}",
    "us_slash": lambda d, l: f"{d:%m/%d/%Y}",
    "us_slash_np": lambda d, l: f"{d.month}/{d.day}/{d.year}",
    "us_dash": lambda d, l: f"{d:%m-%d-%Y}",
    "us_2y": lambda d, l: f"{d:%m/%d/%y}",
    "eu_slash": lambda d, l: f"{d:%d/%m/%Y}",
    "eu_dot": lambda d, l: f"{d:%d.%m.%Y}",
    "eu_dot_np": lambda d, l: f"{d.day}.{d.month}.{d.year}",
    "eu_dash": lambda d, l: f"{d:%d-%m-%Y}",
    "eu_2y_dot": lambda d, l: f"{d:%d.%m.%y}",
    "eu_2y_slash": lambda d, l: f"{d:%d/%m/%y}",
    "mdy_long": lambda d, l: f"{MONTHS_EN[d.month - 1]} {d.day}, {d.year}",
    "dmy_long": lambda d, l: f"{d.day} {MONTHS_EN[d.month - 1]} {d.year}",
    "mdy_abbr": lambda d, l: f"{MONTHS_EN[d.month - 1][:3]} {d.day}, {d.year}",
    "mdy_abbr_dot": lambda d, l: f"{MONTHS_EN[d.month - 1][:3]}{'.' if d.month != 5 else ''} {d.day}, {d.year}",
    "dmy_abbr": lambda d, l: f"{d.day:02d} {MONTHS_EN[d.month - 1][:3]} {d.year}",
    "dmy_abbr_dash": lambda d, l: f"{d.day:02d}-{MONTHS_EN[d.month - 1][:3]}-{d.year}",
    "dmy_abbr_upper": lambda d, l: f"{d.day:02d}{MONTHS_EN[d.month - 1][:3].upper()}{d.year}",
    "dmy_ordinal": lambda d, l: f"{ordinal(d.day)} {MONTHS_EN[d.month - 1]} {d.year}",
    "mdy_ordinal": lambda d, l: f"{MONTHS_EN[d.month - 1]} {ordinal(d.day)}, {d.year}",
    "weekday_long": lambda d, l: f"{WEEKDAYS[d.weekday()]}, {MONTHS_EN[d.month - 1]} {d.day}, {d.year}",
    "compact": lambda d, l: f"{d:%Y%m%d}",
    "loc_long": lambda d, l: _loc_long(d, l),
}


def _loc_long(d, l):
    m = MONTHS_LOC[l][d.month - 1]
    return {"fr": f"{d.day} {m} {d.year}", "de": f"{d.day}. {m} {d.year}", "es": f"{d.day} de {m} de {d.year}",
            "nl": f"{d.day} {m} {d.year}", "it": f"{d.day} {m} {d.year}", "pt": f"{d.day} de {m} de {d.year}"}[l]


_MONTH_IDX = {}
for _i, _m in enumerate(MONTHS_EN):
    _MONTH_IDX[_m.lower()] = _i + 1
    _MONTH_IDX[_m[:3].lower()] = _i + 1
for _l, _ms in MONTHS_LOC.items():
    for _i, _m in enumerate(_ms):
        _MONTH_IDX.setdefault(_m.lower(), _i + 1)


def date_parses(s: str) -> bool:
    """True when s is a real calendar date in one of the formats this generator writes."""
    s0 = s.strip()
    cands = []
    m = re.fullmatch(r"(\d{4})[-/](\d{2})[-/](\d{2})", s0)
    if m:
        cands.append((int(m[1]), int(m[2]), int(m[3])))
    m = re.fullmatch(r"(\d{4})(\d{2})(\d{2})", s0)
    if m:
        cands.append((int(m[1]), int(m[2]), int(m[3])))
    m = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})", s0)
    if m:
        a, b, y = int(m[1]), int(m[2]), int(m[3])
        ys = [y] if y > 99 else [1900 + y, 2000 + y]
        for yy in ys:
            cands += [(yy, a, b), (yy, b, a)]
    m = re.fullmatch(r"(?:[A-Z][a-z]+, )?([A-Za-z]+)\.? (\d{1,2})(?:st|nd|rd|th)?, (\d{4})", s0)
    if m and m[1].lower() in _MONTH_IDX:
        cands.append((int(m[3]), _MONTH_IDX[m[1].lower()], int(m[2])))
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th|\.)?[ -]?(?:de )?([^\W\d_]+)\.?[ -]?(?:de )?(\d{4})", s0)
    if m and m[2].lower() in _MONTH_IDX:
        cands.append((int(m[3]), _MONTH_IDX[m[2].lower()], int(m[1])))
    m = re.fullmatch(r"(\d{1,2}) ([A-Za-z]{3}) (\d{2})", s0)
    if m and m[2].lower() in _MONTH_IDX:
        cands.append((1900 + int(m[3]), _MONTH_IDX[m[2].lower()], int(m[1])))
    for y, mo, d in cands:
        try:
            dt.date(y, mo, d)
            return True
        except ValueError:
            pass
    return False


def fmt_date(d, name, lang="en"):
    return DATE_FORMATS[name](d, lang)


def ascii_fold(s: str) -> str:
    s = s.replace("ø", "o").replace("Ø", "O").replace("ß", "ss").replace("æ", "ae").replace("ł", "l")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


# ============================================================================ people, companies, domains

FIRST = ["Aaliyah", "Mateo", "Priya", "Tomasz", "Olamide", "Sofía", "Hiroshi", "Fatima", "Liam", "Wen", "Grace",
         "Dmitri", "Amara", "Jonas", "Isabela", "Kwame", "Mei", "Rafael", "Ingrid", "Omar", "Beatriz", "Declan",
         "Nadia", "Thabo", "Yuki", "Lucas", "Anika", "Ezra", "Camille", "Rohan", "Zofia", "Malik", "Elena", "Bjørn",
         "Leila", "Santiago", "Harriet", "Kenji", "Noor", "Callum", "Adaeze", "Pieter", "Giulia", "Tariq", "Maren",
         "Joaquín", "Siobhan", "Arjun", "Freya", "Dario", "Renée", "Tobias", "Ximena", "Marcus", "Ayesha", "Florian",
         "Keisha", "Ольга", "Hamish", "Paloma", "Emre", "Dagny", "Cormac", "Lucía", "Desmond", "Annika", "Rui",
         "Valentina", "Kofi", "Margot", "Jarrah", "Helga", "Ignacio", "Niamh", "Stellan", "Chiara", "Bram", "Inês"]
LAST = ["Okafor", "Lindqvist", "Ramírez", "Nakamura", "Kowalski", "Haddad", "Byrne", "Fernandes", "van der Berg",
        "Mbeki", "Castellano", "Oyelaran", "Petrov", "Whitfield", "Achterberg", "Delacroix", "Moreau", "Schreiber",
        "Gallo", "Quintero", "Hollis", "Ashworth", "Tanaka", "Iqbal", "Sørensen", "Dunleavy", "Ferreira",
        "Marchetti", "Kaur", "Novak", "Pereira", "Abernathy", "Eze", "Lund", "Valdés", "Kruger", "Brennan",
        "Mahmoud", "Castillo", "Wójcik", "Osei", "Hargreaves", "Yılmaz", "Sato", "Bianchi", "Larsen", "Chowdhury",
        "Rossi", "McAllister", "Vasquez", "O'Rourke", "Nguyen", "Zimmermann", "Jovanović", "Thorsen", "Albrecht",
        "Kimura", "Mensah", "Duarte", "Fitzgerald", "Park", "Ibáñez", "Holloway", "Strand", "De Luca", "Blackwood"]
COMPANIES = ["Northwind Freight", "Bluefin Analytics", "Harborview Clinic", "Kestrel Payments", "Tallgrass Dental",
             "Quarry Lane Software", "Meridian Health Partners", "Copperleaf Retail", "Ironbark Logistics",
             "Saltmarsh Pharmacy", "Lumen Ledger", "Foxglove Family Practice", "Granite Peak Credit Union",
             "Orchard Street Bakery", "Vantage Dental Group", "Pinecrest Pediatrics", "Brightwater Travel",
             "Redwood Payroll", "Silverline Telecom", "Cobalt Cloudworks", "Marigold Home Care", "Juniper Legal",
             "Sableport Shipping", "Wrenfield Surgery", "Thistle & Oak", "Alder Systems", "Beacon Urgent Care",
             "Cedarbrook Medical", "Driftwood Apparel", "Everlake Insurance", "Fennel Foods", "Glasshouse Media"]
TLDS = ["com", "io", "co.uk", "de", "fr", "health", "clinic", "solutions", "technology", "international", "com.au",
        "org", "net", "nl", "es", "it", "com.br", "pt", "ch", "be", "app", "dev", "finance", "agency", "consulting",
        "photography", "co.nz", "ie", "at", "se", "care", "dental", "legal", "us", "ca", "travel", "systems"]
FREEMAIL = ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "proton.me", "gmx.de", "web.de", "orange.fr",
            "libero.it", "hotmail.es", "ziggo.nl", "sapo.pt", "fastmail.fm", "aol.com", "comcast.net", "live.ca",
            "btinternet.com", "t-online.de", "free.fr", "yahoo.com.br", "protonmail.ch", "me.com", "hey.com"]
CITIES = ["Leeds", "Boise", "Tampere", "Porto", "Utrecht", "Lyon", "Graz", "Bergen", "Cork", "Tucson", "Halifax",
          "Bologna", "Valencia", "Dresden", "Ghent", "Aarhus", "Omaha", "Bristol", "Wellington", "Perth"]


def slug(s):
    return re.sub(r"[^a-z0-9]+", "", ascii_fold(s).lower())


class Person:
    def __init__(self, r):
        self.first = r.choice(FIRST)
        self.last = r.choice(LAST)
        if self.first == "Ольга" and r.random() < 0.7:
            self.first = "Olga"

    @property
    def full(self):
        return f"{self.first} {self.last}"


class Company:
    def __init__(self, r):
        self.name = r.choice(COMPANIES)
        base = slug(self.name.replace("&", "and"))
        if r.random() < 0.35:
            words = [slug(w) for w in self.name.replace("&", " ").split() if slug(w)]
            base = "-".join(words) if r.random() < 0.5 else words[0] + words[-1][:4]
        self.domain = f"{base}.{r.choice(TLDS)}"


# ============================================================================ value objects


class V:
    """A labelled value."""
    __slots__ = ("ent", "text", "fmt")

    def __init__(self, ent, text, fmt):
        self.ent, self.text, self.fmt = ent, text, fmt


class N:
    """A hard negative."""
    __slots__ = ("kind", "text")

    def __init__(self, kind, text):
        self.kind, self.text = kind, text


def D(r, n):
    return "".join(r.choice("0123456789") for _ in range(n))


def Dnz(r, n):
    return r.choice("123456789") + D(r, n - 1)


def wchoice(r, pairs):
    tot = sum(w for _, w in pairs)
    x = r.random() * tot
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def boring(d):
    return len(set(d)) <= 3 or re.search(r"(\d)\1{5}", d) or "123456" in d or "012345" in d


# ---------------------------------------------------------------------------- cards

CARD_LAYOUT = {13: [4, 4, 5], 14: [4, 6, 4], 15: [4, 6, 5], 16: [4, 4, 4, 4], 18: [4, 4, 4, 4, 2],
               19: [4, 4, 4, 4, 3]}


def group(d, sizes, sep):
    out, i = [], 0
    for s in sizes:
        if i >= len(d):
            break
        out.append(d[i:i + s])
        i += s
    if i < len(d):
        out.append(d[i:])
    return sep.join(out)


def card_digits(r, brand=None, length=None):
    brand = brand or wchoice(r, [("visa", 30), ("mastercard", 25), ("amex", 12), ("discover", 8), ("jcb", 6),
                                 ("diners", 6), ("unionpay", 6), ("maestro", 7)])
    ranges, lens = CARD_BRANDS[brand]
    while True:
        lo, hi = r.choice(ranges)
        p = str(r.randint(int(lo), int(hi))).zfill(len(lo))
        if length:
            L = length
        elif brand == "visa":
            L = wchoice(r, [(16, 80), (13, 8), (19, 12)])
        elif brand in ("discover", "jcb", "unionpay"):
            L = wchoice(r, [(16, 80), (19, 20)])
        elif brand == "maestro":
            L = wchoice(r, [(16, 60), (18, 15), (19, 25)])
        else:
            L = lens[0]
        d = luhn_complete(p + D(r, L - len(p) - 1))
        if card_brand(d) == brand and card_ok(d) and not boring(d):
            return brand, d


CARD_SEP_STYLES = [("sp", " ", 30), ("compact", "", 18), ("dash", "-", 15), ("dot", ".", 4), ("nbsp", NBSP, 9),
                   ("thin", THIN, 5), ("nnbsp", NNBSP, 3), ("endash", ENDASH, 4), ("dblsp", "  ", 2)]


def gen_card(r, brand=None, style=None, length=None):
    brand, d = card_digits(r, brand, length)
    if style is None:
        style, sep = wchoice(r, [((s, sp), w) for s, sp, w in CARD_SEP_STYLES])
    else:
        sep = {s: sp for s, sp, _ in CARD_SEP_STYLES}[style]
    txt = group(d, CARD_LAYOUT[len(d)], sep) if sep else d
    return V("CREDIT_CARD", txt, f"card.{brand}{len(d)}.{style}")


def luhn_pass_id(r, n, prefix=""):
    while True:
        d = luhn_complete(prefix + D(r, n - len(prefix) - 1))
        if not boring(d) and d not in TEST_PANS:
            return d


def luhn_fail_id(r, n, prefix=""):
    while True:
        d = prefix + D(r, n - len(prefix))
        if not luhn_ok(d) and not boring(d):
            return d


def neg_order_luhn(r, cardlike=None):
    """Luhn-valid number used as an order / invoice / booking / gift-card / loyalty id (text must say so)."""
    if cardlike is None:
        cardlike = r.random() < 0.5
    n = r.choice([13, 14, 15, 16, 16, 16, 17, 18, 19])
    prefix = r.choice(["4", "5", "37", "6011", "35"]) if cardlike else r.choice(["1", "7", "8", "9", "0", "20"])
    d = luhn_pass_id(r, n, prefix)
    txt = group(d, CARD_LAYOUT.get(n, [4, 4, 4, 4]), r.choice([" ", "-", ""])) if n in CARD_LAYOUT and r.random() < 0.5 else d
    return N("luhn_valid_reference", txt)


def neg_luhn_fail(r, cardlike=True, kind="luhn_fail_16"):
    prefix = r.choice(["4", "5", "2", "37", "6", "35"]) if cardlike else r.choice(["1", "7", "8", "9"])
    d = luhn_fail_id(r, 16, prefix)
    txt = group(d, [4, 4, 4, 4], r.choice([" ", "-", "", " ", NBSP]))
    return N(kind, txt)


def neg_imei(r):
    tac = r.choice(["35", "86", "01", "49"]) + D(r, 6)
    d = luhn_complete(tac + D(r, 6))
    st = r.random()
    txt = d if st < 0.5 else f"{d[:2]}-{d[2:8]}-{d[8:14]}-{d[14]}" if st < 0.8 else f"{d[:8]} {d[8:14]} {d[14]}"
    return N("imei", txt)


def neg_iccid(r):
    d = luhn_complete("89" + r.choice(["44", "01", "49", "33", "31", "353"]) + D(r, 14))
    d = d[:19] if len(d) > 19 else d
    if not luhn_ok(d):
        d = luhn_complete(d[:18])
    txt = d if r.random() < 0.5 else group(d, [4, 4, 4, 4, 3], " ")
    return N("sim_iccid", txt)


def neg_card_masked(r):
    brand, d = card_digits(r)
    st = r.randrange(7)
    if st == 0:
        t = "**** **** **** " + d[-4:]
    elif st == 1:
        t = "XXXX-XXXX-XXXX-" + d[-4:]
    elif st == 2:
        t = d[:6] + "*" * (len(d) - 10) + d[-4:]
    elif st == 3:
        t = "•••• " + d[-4:]
    elif st == 4:
        t = d[:4] + " **** **** " + d[-4:]
    elif st == 5:
        t = "xxxxxxxxxxxx" + d[-4:]
    else:
        t = d[:4] + "-XXXX-XXXX-" + d[-4:]
    return N("masked_card", t)


def card_expiry(r):
    m, y = r.randint(1, 12), r.randint(25, 31)
    return N("card_expiry", r.choice([f"{m:02d}/{y}", f"{m:02d}/20{y}", f"{m:02d}-{y}", f"{m:02d}{y}"]))


# ---------------------------------------------------------------------------- SSN


def ssn_digits(r):
    while True:
        d = f"{r.randint(1, 899):03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
        if ssn_ok(d) and not boring(d):
            return d


def gen_ssn(r, style=None):
    d = ssn_digits(r)
    style = style or wchoice(r, [("dash", 60), ("space", 14), ("compact", 20), ("dot", 6)])
    sep = {"dash": "-", "space": " ", "compact": "", "dot": "."}[style]
    return V("US_SSN", f"{d[:3]}{sep}{d[3:5]}{sep}{d[5:]}", f"ssn.{style}")


def neg_ssn_invalid(r):
    st = r.randrange(4)
    if st == 0:
        d = f"{r.randint(900, 999)}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
    elif st == 1:
        d = r.choice(["000", "666"]) + f"{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
    elif st == 2:
        d = f"{r.randint(1, 665):03d}00{r.randint(1, 9999):04d}"
    else:
        d = f"{r.randint(1, 665):03d}{r.randint(1, 99):02d}0000"
    sep = r.choice(["-", "-", " ", ""])
    return N("ssn_invalid", f"{d[:3]}{sep}{d[3:5]}{sep}{d[5:]}")


def neg_ssn_masked(r):
    d = ssn_digits(r)
    return N("masked_ssn", r.choice([f"XXX-XX-{d[5:]}", f"***-**-{d[5:]}", f"xxx-xx-{d[5:]}", f"•••-••-{d[5:]}",
                                      f"*****{d[5:]}"]))


def neg_ein(r):
    return N("ein", f"{r.choice(['12', '20', '27', '33', '45', '46', '81', '84', '94'])}-{D(r, 7)}")


def neg_itin(r):
    g = r.choice(list(range(50, 66)) + list(range(70, 89)) + [90, 91, 92, 94, 95, 96, 97, 98, 99])
    return N("itin", f"9{D(r, 2)}-{g:02d}-{D(r, 4)}")


def neg_ssn_shape_ref(r):
    """SSN-shaped id that passes SSN rules but is clearly something else (policy / claim / case)."""
    d = ssn_digits(r)
    return N("ssn_shaped_other_id", f"{d[:3]}-{d[3:5]}-{d[5:]}")


def neg_zip4(r):
    return N("zip_plus4", f"{r.randint(10000, 99950):05d}-{D(r, 4)}")


# ---------------------------------------------------------------------------- phones

US_AREAS = [int(x) for x in """201 202 203 205 206 207 208 209 210 212 213 214 215 216 217 218 219 224 225 228 229 231
234 239 240 248 251 252 253 254 256 260 262 267 269 270 272 276 281 301 302 303 304 305 307 308 309 310 312 313 314
315 316 317 318 319 320 321 323 325 330 331 334 336 337 339 346 347 351 352 360 361 385 386 401 402 404 405 406 407
408 409 410 412 413 414 415 417 419 423 424 425 430 432 434 435 440 442 443 458 469 470 475 478 479 480 484 501 502
503 504 505 507 508 509 510 512 513 515 516 517 518 520 530 531 534 539 540 541 551 559 561 562 563 564 567 570 571
573 574 575 580 585 586 601 602 603 605 606 607 608 609 610 612 614 615 616 617 618 619 620 623 626 628 629 630 631
636 641 646 650 651 657 660 661 662 667 669 678 681 682 701 702 703 704 706 707 708 712 713 714 715 716 717 718 719
720 724 725 727 731 732 734 737 740 747 754 757 760 762 763 765 769 770 772 773 774 775 779 781 785 786 801 802 803
804 805 806 808 810 812 813 814 815 816 817 818 828 830 831 832 843 845 847 848 850 856 857 858 859 860 862 863 864
865 870 872 878 901 903 904 906 907 908 909 910 912 913 914 915 916 917 918 919 920 925 928 929 931 936 937 938 940
941 947 949 951 952 954 956 959 970 971 972 973 978 979 980 984 985 989 416 604 514 403 613 905 778 902""".split()]
TOLL_FREE = [800, 888, 877, 866, 855, 844, 833]


def us_number(r, tollfree=False):
    a = r.choice(TOLL_FREE) if tollfree else r.choice(US_AREAS)
    while True:
        ex = r.randint(200, 999)
        if ex % 100 != 11 and ex != 555 and ex not in (950, 958, 959, 976):
            break
    return str(a), str(ex), D(r, 4)


US_STYLES = {
    "paren": lambda a, e, l: f"({a}) {e}-{l}",
    "paren_tight": lambda a, e, l: f"({a}){e}-{l}",
    "paren_sp": lambda a, e, l: f"({a}) {e} {l}",
    "dash": lambda a, e, l: f"{a}-{e}-{l}",
    "dot": lambda a, e, l: f"{a}.{e}.{l}",
    "space": lambda a, e, l: f"{a} {e} {l}",
    "slash": lambda a, e, l: f"{a}/{e}-{l}",
    "plus1_space": lambda a, e, l: f"+1 {a} {e} {l}",
    "plus1_dash": lambda a, e, l: f"+1-{a}-{e}-{l}",
    "plus1_paren": lambda a, e, l: f"+1 ({a}) {e}-{l}",
    "plus1_dot": lambda a, e, l: f"+1.{a}.{e}.{l}",
    "one_dash": lambda a, e, l: f"1-{a}-{e}-{l}",
    "one_paren": lambda a, e, l: f"1 ({a}) {e}-{l}",
    "one_dot": lambda a, e, l: f"1.{a}.{e}.{l}",
    "one_space": lambda a, e, l: f"1 {a} {e} {l}",
    "e164": lambda a, e, l: f"+1{a}{e}{l}",
    "compact": lambda a, e, l: f"{a}{e}{l}",
    "nbhyphen": lambda a, e, l: f"{a}{NBHY}{e}{NBHY}{l}",
}
US_STYLE_W = {"paren": 14, "paren_tight": 3, "paren_sp": 3, "dash": 14, "dot": 8, "space": 5, "slash": 2,
              "plus1_space": 8, "plus1_dash": 5, "plus1_paren": 5, "plus1_dot": 2, "one_dash": 6, "one_paren": 2,
              "one_dot": 2, "one_space": 2, "e164": 5, "compact": 4, "nbhyphen": 2}


def gen_phone_us(r, style=None, tollfree=None):
    if tollfree is None:
        tollfree = r.random() < 0.08
    a, e, l = us_number(r, tollfree)
    style = style or wchoice(r, list(US_STYLE_W.items()))
    return V("PHONE_NUMBER", US_STYLES[style](a, e, l), f"phone.{'us_tollfree' if tollfree else 'us'}.{style}")


def phone_ext(r):
    n = str(r.randint(2, 9999))
    return r.choice([f" ext. {n}", f" x{n}", f" ext {n}", f", ext. {n}", f" Ext.{n}", f" (ext {n})", f" #{n}"])


def ph_gb(r):
    k = r.randrange(3)
    if k == 0:
        return _gb("20", [4, 4], r)
    if k == 1:
        return _gb(r.choice(["161", "113", "117", "121", "131", "141", "191"]), [3, 4], r)
    return _gb("7" + str(r.randint(400, 999)), [6], r)


def _gb(area, groups, r):
    sub = [str(r.randint(2, 9)) + D(r, groups[0] - 1)] + [D(r, g) for g in groups[1:]]
    s = " ".join(sub)
    return [("national", f"0{area} {s}"), ("intl", f"+44 {area} {s}"), ("intl_paren0", f"+44 (0){area} {s}"),
            ("intl00", f"0044 {area} {s}"), ("e164", f"+44{area}{''.join(sub)}")]


def ph_de(r):
    if r.random() < 0.5:
        area = r.choice(["30", "40", "89", "69", "221", "211", "711", "341", "351"])
        sub = Dnz(r, 10 - len(area) - (0 if len(area) == 2 else 1))
    else:
        area = r.choice(["151", "152", "160", "170", "171", "176", "157"])
        sub = Dnz(r, 8)
    return [("national", f"0{area} {sub}"), ("national_slash", f"0{area}/{sub}"), ("national_dash", f"0{area}-{sub}"),
            ("intl", f"+49 {area} {sub}"), ("intl_paren0", f"+49 (0){area} {sub}"), ("intl00", f"0049 {area} {sub}"),
            ("e164", f"+49{area}{sub}")]


def ph_fr(r):
    first = r.choice("1234567") if r.random() < 0.6 else r.choice("67")
    p = [D(r, 2) for _ in range(4)]
    return [("national", f"0{first} {' '.join(p)}"), ("national_dot", f"0{first}.{'.'.join(p)}"),
            ("intl", f"+33 {first} {' '.join(p)}"), ("intl_paren0", f"+33 (0){first} {' '.join(p)}"),
            ("intl00", f"0033 {first} {' '.join(p)}"), ("e164", f"+33{first}{''.join(p)}")]


def ph_es(r):
    d = (r.choice(["91", "93", "95", "96"]) + D(r, 7)) if r.random() < 0.5 else (r.choice("67") + D(r, 8))
    return [("national", f"{d[:3]} {d[3:6]} {d[6:]}"), ("national_pairs", f"{d[:3]} {d[3:5]} {d[5:7]} {d[7:]}"),
            ("intl", f"+34 {d[:3]} {d[3:6]} {d[6:]}"), ("intl_paren", f"(+34) {d[:3]} {d[3:6]} {d[6:]}"),
            ("e164", f"+34{d}")]


def ph_it(r):
    if r.random() < 0.5:
        a, s = "06", D(r, 8)
        return [("national", f"{a} {s[:4]} {s[4:]}"), ("intl", f"+39 {a} {s[:4]} {s[4:]}"), ("e164", f"+39{a}{s}"),
                ("intl00", f"0039 {a} {s}")]
    a = "3" + r.choice(["20", "28", "33", "35", "38", "40", "47", "49", "66", "88", "92"])
    s = D(r, 7)
    return [("national", f"{a} {s[:3]} {s[3:]}"), ("intl", f"+39 {a} {s[:3]} {s[3:]}"), ("e164", f"+39{a}{s}"),
            ("national_compact", f"{a}{s}")]


def ph_nl(r):
    if r.random() < 0.5:
        a, s = r.choice(["20", "10", "30", "70", "40"]), Dnz(r, 7)
        return [("national", f"0{a} {s[:3]} {s[3:]}"), ("national_dash", f"0{a}-{s[:3]} {s[3:]}"),
                ("intl", f"+31 {a} {s[:3]} {s[3:]}"), ("intl_paren0", f"+31 (0){a} {s[:3]} {s[3:]}"),
                ("e164", f"+31{a}{s}")]
    s = Dnz(r, 8)
    return [("national_dash", f"06-{s}"), ("national", f"06 {s[:2]} {s[2:4]} {s[4:6]} {s[6:]}"),
            ("intl", f"+31 6 {s}"), ("intl_paren0", f"+31 (0)6 {s[:2]} {s[2:4]} {s[4:6]} {s[6:]}"),
            ("e164", f"+316{s}")]


def ph_be(r):
    if r.random() < 0.5:
        s = Dnz(r, 7)
        return [("national", f"02 {s[:3]} {s[3:5]} {s[5:]}"), ("intl", f"+32 2 {s[:3]} {s[3:5]} {s[5:]}"),
                ("e164", f"+322{s}")]
    a = "4" + r.choice(["70", "75", "77", "78", "79", "85", "86", "94", "95", "96", "97", "98", "99"])
    s = D(r, 6)
    return [("national", f"0{a} {s[:2]} {s[2:4]} {s[4:]}"), ("intl", f"+32 {a} {s[:2]} {s[2:4]} {s[4:]}"),
            ("e164", f"+32{a}{s}")]


def ph_ch(r):
    a = r.choice(["44", "43", "31", "61", "22", "21", "76", "77", "78", "79"])
    s = Dnz(r, 7)
    return [("national", f"0{a} {s[:3]} {s[3:5]} {s[5:]}"), ("intl", f"+41 {a} {s[:3]} {s[3:5]} {s[5:]}"),
            ("intl_paren0", f"+41 (0){a} {s[:3]} {s[3:5]} {s[5:]}"), ("e164", f"+41{a}{s}")]


def ph_at(r):
    if r.random() < 0.5:
        s = Dnz(r, 7)
        return [("national", f"01 {s}"), ("intl", f"+43 1 {s}"), ("national_slash", f"01/{s}"), ("e164", f"+431{s}")]
    a = r.choice(["664", "650", "660", "676", "699"])
    s = Dnz(r, 7)
    return [("national", f"0{a} {s}"), ("intl", f"+43 {a} {s}"), ("e164", f"+43{a}{s}")]


def ph_se(r):
    if r.random() < 0.5:
        s = Dnz(r, 8)
        return [("national", f"08-{s[:3]} {s[3:6]} {s[6:]}"), ("intl", f"+46 8 {s[:3]} {s[3:6]} {s[6:]}"),
                ("e164", f"+468{s}")]
    a = "7" + r.choice("02369")
    s = Dnz(r, 7)
    return [("national", f"0{a}-{s[:3]} {s[3:5]} {s[5:]}"), ("intl", f"+46 {a} {s[:3]} {s[3:5]} {s[5:]}"),
            ("e164", f"+46{a}{s}")]


def ph_no(r):
    s = r.choice(["2", "4", "9"]) + D(r, 7)
    return [("national", f"{s[:2]} {s[2:4]} {s[4:6]} {s[6:]}" if s[0] == "2" else f"{s[:3]} {s[3:5]} {s[5:]}"),
            ("intl", f"+47 {s[:2]} {s[2:4]} {s[4:6]} {s[6:]}" if s[0] == "2" else f"+47 {s[:3]} {s[3:5]} {s[5:]}"),
            ("e164", f"+47{s}")]


def ph_dk(r):
    s = r.choice(["3", "4", "2", "5"]) + D(r, 7)
    return [("national", f"{s[:2]} {s[2:4]} {s[4:6]} {s[6:]}"), ("intl", f"+45 {s[:2]} {s[2:4]} {s[4:6]} {s[6:]}"),
            ("e164", f"+45{s}")]


def ph_fi(r):
    if r.random() < 0.5:
        s = Dnz(r, 7)
        return [("national", f"09 {s[:3]} {s[3:]}"), ("intl", f"+358 9 {s[:3]} {s[3:]}"), ("e164", f"+3589{s}")]
    a = r.choice(["40", "41", "44", "45", "50"])
    s = Dnz(r, 7)
    return [("national", f"0{a} {s[:3]} {s[3:]}"), ("intl", f"+358 {a} {s[:3]} {s[3:]}"), ("e164", f"+358{a}{s}")]


def ph_pl(r):
    if r.random() < 0.5:
        s = Dnz(r, 7)
        return [("national", f"22 {s[:3]} {s[3:5]} {s[5:]}"), ("intl", f"+48 22 {s[:3]} {s[3:5]} {s[5:]}"),
                ("e164", f"+4822{s}")]
    s = r.choice("5678") + D(r, 8)
    return [("national", f"{s[:3]} {s[3:6]} {s[6:]}"), ("intl", f"+48 {s[:3]} {s[3:6]} {s[6:]}"),
            ("national_dash", f"{s[:3]}-{s[3:6]}-{s[6:]}"), ("e164", f"+48{s}")]


def ph_pt(r):
    s = ("21" + D(r, 7)) if r.random() < 0.4 else ("9" + r.choice("1236") + D(r, 7))
    return [("national", f"{s[:3]} {s[3:6]} {s[6:]}"), ("intl", f"+351 {s[:3]} {s[3:6]} {s[6:]}"),
            ("intl00", f"00351 {s}"), ("e164", f"+351{s}")]


def ph_ie(r):
    if r.random() < 0.5:
        s = Dnz(r, 7)
        return [("national", f"01 {s[:3]} {s[3:]}"), ("intl", f"+353 1 {s[:3]} {s[3:]}"), ("e164", f"+3531{s}")]
    a = "8" + r.choice("35679")
    s = Dnz(r, 7)
    return [("national", f"0{a} {s[:3]} {s[3:]}"), ("intl", f"+353 {a} {s[:3]} {s[3:]}"), ("e164", f"+353{a}{s}")]


def ph_br(r):
    a = r.choice(["11", "21", "31", "41", "51", "61", "71", "81"])
    if r.random() < 0.6:
        s = "9" + D(r, 8)
        return [("national", f"({a}) {s[:5]}-{s[5:]}"), ("intl", f"+55 {a} {s[:5]}-{s[5:]}"),
                ("intl_paren", f"+55 ({a}) {s[:5]}-{s[5:]}"), ("e164", f"+55{a}{s}")]
    s = r.choice("2345") + D(r, 7)
    return [("national", f"({a}) {s[:4]}-{s[4:]}"), ("intl", f"+55 {a} {s[:4]}-{s[4:]}"), ("e164", f"+55{a}{s}")]


def ph_mx(r):
    a = r.choice(["55", "81", "33"])
    s = Dnz(r, 8)
    return [("national", f"{a} {s[:4]} {s[4:]}"), ("intl", f"+52 {a} {s[:4]} {s[4:]}"), ("e164", f"+52{a}{s}")]


def ph_au(r):
    if r.random() < 0.5:
        a = r.choice("2378")
        s = Dnz(r, 8)
        return [("national", f"(0{a}) {s[:4]} {s[4:]}"), ("national_np", f"0{a} {s[:4]} {s[4:]}"),
                ("intl", f"+61 {a} {s[:4]} {s[4:]}"), ("e164", f"+61{a}{s}")]
    s = "4" + D(r, 8)
    return [("national", f"0{s[:3]} {s[3:6]} {s[6:]}"), ("intl", f"+61 {s[:3]} {s[3:6]} {s[6:]}"),
            ("e164", f"+61{s}")]


def ph_nz(r):
    if r.random() < 0.5:
        a = r.choice("3469")
        s = Dnz(r, 7)
        return [("national", f"(0{a}) {s[:3]} {s[3:]}"), ("intl", f"+64 {a} {s[:3]} {s[3:]}"), ("e164", f"+64{a}{s}")]
    a = r.choice(["21", "22", "27"])
    s = Dnz(r, 7)
    return [("national", f"0{a} {s[:3]} {s[3:]}"), ("intl", f"+64 {a} {s[:3]} {s[3:]}"), ("e164", f"+64{a}{s}")]


def ph_jp(r):
    if r.random() < 0.5:
        s = Dnz(r, 8)
        return [("national", f"03-{s[:4]}-{s[4:]}"), ("intl", f"+81 3-{s[:4]}-{s[4:]}"),
                ("intl_sp", f"+81 3 {s[:4]} {s[4:]}"), ("e164", f"+813{s}")]
    a = r.choice(["90", "80", "70"])
    s = Dnz(r, 8)
    return [("national", f"0{a}-{s[:4]}-{s[4:]}"), ("intl", f"+81 {a}-{s[:4]}-{s[4:]}"), ("e164", f"+81{a}{s}")]


def ph_in(r):
    s = r.choice("6789") + D(r, 9)
    return [("intl", f"+91 {s[:5]} {s[5:]}"), ("intl_dash", f"+91-{s}"), ("national", f"0{s[:5]} {s[5:]}"),
            ("e164", f"+91{s}")]


def ph_sg(r):
    s = r.choice("689") + D(r, 7)
    return [("national", f"{s[:4]} {s[4:]}"), ("intl", f"+65 {s[:4]} {s[4:]}"), ("e164", f"+65{s}")]


def ph_za(r):
    a = r.choice(["21", "11", "31", "82", "83", "72", "71"])
    s = Dnz(r, 7)
    return [("national", f"0{a} {s[:3]} {s[3:]}"), ("intl", f"+27 {a} {s[:3]} {s[3:]}"), ("e164", f"+27{a}{s}")]


def ph_il(r):
    if r.random() < 0.5:
        s = Dnz(r, 7)
        return [("national", f"03-{s[:3]}-{s[3:]}"), ("intl", f"+972-3-{s[:3]}-{s[3:]}"), ("e164", f"+9723{s}")]
    a = "5" + r.choice("02348")
    s = Dnz(r, 7)
    return [("national", f"0{a}-{s[:3]}-{s[3:]}"), ("intl", f"+972 {a}-{s[:3]}-{s[3:]}"), ("e164", f"+972{a}{s}")]


def ph_ae(r):
    if r.random() < 0.5:
        s = Dnz(r, 7)
        return [("national", f"04 {s[:3]} {s[3:]}"), ("intl", f"+971 4 {s[:3]} {s[3:]}"), ("e164", f"+9714{s}")]
    a = "5" + r.choice("0256")
    s = Dnz(r, 7)
    return [("national", f"0{a} {s[:3]} {s[3:]}"), ("intl", f"+971 {a} {s[:3]} {s[3:]}"), ("e164", f"+971{a}{s}")]


def ph_cn(r):
    if r.random() < 0.4:
        s = Dnz(r, 8)
        return [("national", f"010-{s[:4]} {s[4:]}"), ("intl", f"+86 10 {s[:4]} {s[4:]}"), ("e164", f"+8610{s}")]
    s = "1" + r.choice(["38", "39", "50", "58", "86", "88"]) + D(r, 8)
    return [("national", f"{s[:3]} {s[3:7]} {s[7:]}"), ("intl", f"+86 {s[:3]} {s[3:7]} {s[7:]}"),
            ("e164", f"+86{s}")]


def ph_kr(r):
    if r.random() < 0.5:
        s = Dnz(r, 8)
        return [("national", f"02-{s[:4]}-{s[4:]}"), ("intl", f"+82 2-{s[:4]}-{s[4:]}"), ("e164", f"+822{s}")]
    s = Dnz(r, 8)
    return [("national", f"010-{s[:4]}-{s[4:]}"), ("intl", f"+82 10-{s[:4]}-{s[4:]}"), ("e164", f"+8210{s}")]


def ph_hk(r):
    s = r.choice("23569") + D(r, 7)
    return [("national", f"{s[:4]} {s[4:]}"), ("intl", f"+852 {s[:4]} {s[4:]}"), ("e164", f"+852{s}")]


def ph_ar(r):
    s = Dnz(r, 8)
    return [("national", f"011 {s[:4]}-{s[4:]}"), ("intl", f"+54 11 {s[:4]}-{s[4:]}"),
            ("intl_mobile", f"+54 9 11 {s[:4]}-{s[4:]}"), ("e164", f"+5411{s}")]


def ph_cz(r):
    s = r.choice("2367") + D(r, 8)
    return [("national", f"{s[:3]} {s[3:6]} {s[6:]}"), ("intl", f"+420 {s[:3]} {s[3:6]} {s[6:]}"),
            ("e164", f"+420{s}")]


def ph_gr(r):
    s = "21" + Dnz(r, 8)
    return [("national", f"{s[:3]} {s[3:6]} {s[6:]}"), ("intl", f"+30 {s[:3]} {s[3:6]} {s[6:]}"), ("e164", f"+30{s}")]


def ph_tr(r):
    if r.random() < 0.5:
        s = Dnz(r, 7)
        return [("national", f"0212 {s[:3]} {s[3:5]} {s[5:]}"), ("intl", f"+90 212 {s[:3]} {s[3:5]} {s[5:]}"),
                ("e164", f"+90212{s}")]
    a = "5" + r.choice(["32", "33", "42", "05", "55"])
    s = Dnz(r, 7)
    return [("national", f"0{a} {s[:3]} {s[3:5]} {s[5:]}"), ("intl", f"+90 {a} {s[:3]} {s[3:5]} {s[5:]}"),
            ("e164", f"+90{a}{s}")]


INTL_PHONES = {"gb": ph_gb, "de": ph_de, "fr": ph_fr, "es": ph_es, "it": ph_it, "nl": ph_nl, "be": ph_be, "ch": ph_ch,
               "at": ph_at, "se": ph_se, "no": ph_no, "dk": ph_dk, "fi": ph_fi, "pl": ph_pl, "pt": ph_pt, "ie": ph_ie,
               "br": ph_br, "mx": ph_mx, "au": ph_au, "nz": ph_nz, "jp": ph_jp, "in": ph_in, "sg": ph_sg, "za": ph_za,
               "il": ph_il, "ae": ph_ae, "cn": ph_cn, "kr": ph_kr, "hk": ph_hk, "ar": ph_ar, "cz": ph_cz, "gr": ph_gr,
               "tr": ph_tr}
LANG_COUNTRY = {"fr": ["fr", "be", "ch"], "de": ["de", "at", "ch"], "es": ["es", "mx", "ar"], "nl": ["nl", "be"],
                "it": ["it", "ch"], "pt": ["pt", "br"]}


def gen_phone_intl(r, country=None, style=None):
    country = country or r.choice(list(INTL_PHONES))
    vs = INTL_PHONES[country](r)
    if style:
        m = [v for v in vs if v[0] == style]
        st, txt = m[0] if m else r.choice(vs)
    else:
        st, txt = r.choice(vs)
    return V("PHONE_NUMBER", txt, f"phone.{country}.{st}")


def gen_phone(r, lang="en"):
    if lang != "en" and r.random() < 0.75:
        return gen_phone_intl(r, r.choice(LANG_COUNTRY[lang]))
    return gen_phone_us(r) if r.random() < 0.6 else gen_phone_intl(r)


def neg_phone_masked(r):
    a, e, l = us_number(r)
    return N("masked_phone", r.choice([f"(***) ***-{l}", f"***-***-{l}", f"+1 *** *** {l}", f"({a}) XXX-XXXX",
                                       f"+44 7*** ***{l[:3]}", f"xxx-xxx-{l}"]))


def neg_phone_shaped_id(r, kind=None):
    kind = kind or r.choice(["sku", "part_number", "case_number", "po_number", "serial_number"])
    shape = r.randrange(6)
    if shape == 0:
        t = f"{D(r, 3)}-{D(r, 3)}-{D(r, 4)}"
    elif shape == 1:
        t = f"{D(r, 3)}.{D(r, 3)}.{D(r, 4)}"
    elif shape == 2:
        t = f"{D(r, 4)}-{D(r, 3)}-{D(r, 3)}"
    elif shape == 3:
        t = f"({D(r, 3)}) {D(r, 3)}-{D(r, 2)}"
    elif shape == 4:
        t = f"{D(r, 2)}-{D(r, 4)}-{D(r, 4)}"
    else:
        t = f"{D(r, 3)} {D(r, 4)} {D(r, 3)}"
    return N(f"phone_shaped_{kind}", t)


# ---------------------------------------------------------------------------- e-mail

ROLE_LOCALS = ["billing", "accounts-payable", "it.helpdesk", "ap", "support", "hr-benefits", "payroll", "frontdesk",
               "noreply", "security", "finance.ops", "reception", "privacy", "dpo", "claims"]


def gen_email(r, person=None, company=None, style=None):
    p = person or Person(r)
    f, l = slug(p.first) or "olga", slug(p.last) or "x"
    style = style or wchoice(r, [("first_dot_last", 20), ("flast", 10), ("first_last", 6), ("first-last", 5),
                                 ("plus_tag", 10), ("digits", 8), ("f_dot_last", 6), ("first", 5), ("last_dot_first", 4),
                                 ("role", 7), ("upper", 4), ("mixed_case", 5), ("apostrophe", 2), ("initials", 3),
                                 ("long_local", 3)])
    if style == "first_dot_last":
        loc = f"{f}.{l}"
    elif style == "flast":
        loc = f"{f[0]}{l}"
    elif style == "first_last":
        loc = f"{f}_{l}"
    elif style == "first-last":
        loc = f"{f}-{l}"
    elif style == "plus_tag":
        loc = f"{f}.{l}+{r.choice(['billing', 'tickets', 'vendor', 'ehr', 'aws', 'test2', 'q3', 'receipts', 'nhs'])}"
    elif style == "digits":
        loc = f"{f}{l[:1]}{r.randint(1, 99)}" if r.random() < 0.5 else f"{f}.{l}{r.randint(1950, 2005)}"
    elif style == "f_dot_last":
        loc = f"{f[0]}.{l}"
    elif style == "first":
        loc = f
    elif style == "last_dot_first":
        loc = f"{l}.{f}"
    elif style == "role":
        loc = r.choice(ROLE_LOCALS)
    elif style == "upper":
        loc = f"{f[0]}{l}".upper()
    elif style == "mixed_case":
        loc = f"{p.first[:1].upper()}{f[1:]}.{l.capitalize()}"
    elif style == "apostrophe":
        loc = f"{f}.o'{l}" if r.random() < 0.5 else f"{f}'s.desk"
    elif style == "initials":
        loc = f"{f[0]}{r.choice('abcdefghjkmnprstw')}{l[0]}"
    else:
        loc = f"{f}.{r.choice(['marie', 'jose', 'anne', 'luis'])}.{l}-{r.choice(['smith', 'garcia', 'ng'])}"
    if style == "role" or (company is not None and r.random() < 0.75):
        co = company or Company(r)
        dom = co.domain
        if r.random() < 0.25:
            dom = f"{r.choice(['mail', 'eu', 'corp', 'us.mail', 'staff', 'clinic', 'billing'])}.{dom}"
    else:
        dom = r.choice(FREEMAIL) if r.random() < 0.6 else Company(r).domain
    if style == "upper":
        dom = dom.upper()
    elif style == "mixed_case":
        dom = dom[:1].upper() + dom[1:]
    return V("EMAIL_ADDRESS", f"{loc}@{dom}", f"email.{style}")


def neg_email_masked(r):
    p = Person(r)
    f = slug(p.first) or "ol"
    return N("masked_email", r.choice([f"{f[0]}***@{r.choice(FREEMAIL)}", f"{f[:2]}****@****.com",
                                       f"{f[0]}.{'*' * 5}@{Company(r).domain}", "[email redacted]"]))


def neg_not_email(r):
    k = r.randrange(4)
    if k == 0:
        return N("git_ssh_remote", f"git@github.com:{slug(r.choice(COMPANIES))}/{r.choice(['infra', 'billing-api', 'ehr-bridge', 'deploy-scripts'])}.git")
    if k == 1:
        return N("docker_digest", f"{r.choice(['nginx', 'redis', 'postgres', 'acme/api'])}@sha256:{hexs(r, 64)}")
    if k == 2:
        return N("social_handle", "@" + slug(Person(r).first) + r.choice(["_ops", "dev", "_support", ""]) + str(r.randint(1, 99)))
    return N("shell_prompt", f"{r.choice(['root', 'deploy', 'ubuntu', 'ec2-user'])}@{r.choice(['web-01', 'bastion', 'db-replica-2', 'ip-10-4-1-22'])}")


# ---------------------------------------------------------------------------- IBAN / ABA

NL_BANKS = ["ABNA", "INGB", "RABO", "TRIO", "SNSB", "ASNB", "KNAB", "BUNQ", "RBRB"]
GB_BANKS = ["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "MONZ", "SRLG", "BUKB", "NAIA"]
IE_BANKS = ["AIBK", "BOFI", "IPBS", "ULSB"]
IBAN_COUNTRY_W = {"DE": 12, "FR": 10, "ES": 8, "IT": 8, "NL": 8, "BE": 5, "GB": 8, "IE": 4, "PT": 4, "AT": 4, "CH": 4,
                  "PL": 3, "SE": 3, "DK": 2, "FI": 2, "NO": 2, "LU": 2, "GR": 2, "CZ": 2, "HU": 2, "RO": 2, "SK": 2,
                  "SI": 1, "HR": 1, "LT": 1, "LV": 1, "EE": 1, "MT": 1, "CY": 1, "BG": 1, "IS": 1, "LI": 1, "MC": 1,
                  "TR": 2, "AE": 2, "SA": 1, "IL": 1, "BR": 1, "QA": 1, "KW": 1, "JO": 1, "UA": 1, "RS": 1, "AD": 1,
                  "SM": 1, "GI": 1, "BA": 1, "ME": 1, "MK": 1, "MU": 1, "PK": 1, "GE": 1, "AL": 1, "XK": 1}
_ES_W = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]


def _es_dc(s10):
    v = 11 - sum(int(c) * w for c, w in zip(s10, _ES_W)) % 11
    return {11: 0, 10: 1}.get(v, v)


def _bban(r, cc):
    st = IBAN_SPEC[cc][1]
    parts = []
    for n, t in _struct_parts(st):
        if t == "n":
            parts.append(D(r, n))
        elif t == "a":
            parts.append("".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n)))
        else:
            parts.append("".join(r.choice("0123456789" * 4 + "ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n)))
    b = "".join(parts)
    if cc == "NL":
        b = r.choice(NL_BANKS) + b[4:]
    elif cc == "GB":
        b = r.choice(GB_BANKS) + b[4:]
    elif cc == "IE":
        b = r.choice(IE_BANKS) + b[4:]
    elif cc == "MT":
        b = r.choice(["MALT", "VALL", "APSB"]) + b[4:]
    elif cc == "TR":
        b = b[:5] + "0" + b[6:]
    elif cc == "MU":
        b = b[:-3] + "MUR"
    elif cc == "BE":
        x = int(b[:10]) % 97
        b = b[:10] + f"{x if x else 97:02d}"
    elif cc == "ES":
        b = b[:8] + str(_es_dc("00" + b[:8])) + str(_es_dc(b[10:])) + b[10:]
    elif cc == "FR":
        b = b[:10] + D(r, 11)
        key = 97 - (89 * int(b[:5]) + 15 * int(b[5:10]) + 3 * int(b[10:21])) % 97
        b = b + f"{key:02d}"
    elif cc in ("DE", "AT", "CH", "PL", "CZ", "SK", "HU", "LT", "SI", "HR"):
        b = str(r.randint(1, 9)) + b[1:]
    return b


def iban_compact(r, cc=None):
    cc = cc or wchoice(r, list(IBAN_COUNTRY_W.items()))
    while True:
        b = _bban(r, cc)
        if cc == "NO":
            w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
            c = 11 - sum(int(x) * k for x, k in zip(b[:10], w)) % 11
            if c == 10:
                continue
            b = b[:10] + str(0 if c == 11 else c)
        s = cc + iban_check_digits(cc, b) + b
        if iban_ok(s):
            return s


def gen_iban(r, cc=None, style=None):
    s = iban_compact(r, cc)
    style = style or wchoice(r, [("grouped", 45), ("compact", 35), ("lower_compact", 5), ("lower_grouped", 4),
                                 ("grouped_nbsp", 4), ("dash4", 2)])
    txt = {"grouped": lambda: group(s, [4] * 9, " "), "compact": lambda: s, "lower_compact": lambda: s.lower(),
           "lower_grouped": lambda: group(s.lower(), [4] * 9, " "), "grouped_nbsp": lambda: group(s, [4] * 9, NBSP),
           "dash4": lambda: group(s, [4] * 9, "-")}[style]()
    return V("IBAN_CODE", txt, f"iban.{s[:2].lower()}.{style}")


def gen_iban_wrapped(r):
    s = iban_compact(r, r.choice(["DE", "FR", "GB", "NL", "ES", "IT", "BE", "PT", "IE"]))
    g = group(s, [4] * 9, " ").split(" ")
    k = r.randint(2, len(g) - 2)
    return V("IBAN_CODE", " ".join(g[:k]) + "\n" + " ".join(g[k:]), f"iban.{s[:2].lower()}.wrapped")


def neg_iban_bad(r):
    s = iban_compact(r)
    cd = int(s[2:4])
    bad = f"{(cd + r.randint(1, 96)) % 97 + 2:02d}"[-2:]
    t = s[:2] + bad + s[4:]
    if iban_mod_ok(t):
        t = s[:-1] + str((int(s[-1]) + 1) % 10) if s[-1].isdigit() else s[:4] + s[5:] + "0"
    if iban_mod_ok(t):
        return neg_iban_bad(r)
    return N("iban_bad_checksum", group(t, [4] * 9, " ") if r.random() < 0.55 else t)


def neg_iban_wronglen(r):
    s = iban_compact(r, r.choice(["DE", "FR", "NL", "ES", "IT", "GB", "BE"]))
    b = s[4:]
    b = b[:-1] if r.random() < 0.5 else b + str(r.randint(0, 9))
    t = s[:2] + iban_check_digits(s[:2], b) + b
    return N("iban_wrong_length", t)


def neg_iban_masked(r):
    s = iban_compact(r)
    return N("masked_iban", r.choice([s[:4] + "*" * (len(s) - 8) + s[-4:], group(s[:4] + "X" * (len(s) - 8) + s[-4:], [4] * 9, " "),
                                      s[:2] + "** **** **** **** **" + s[-2:]]))


def neg_sepa_ci(r):
    cc = r.choice(["DE", "NL", "FR", "ES", "IT", "AT", "BE"])
    nat = D(r, {"DE": 11, "NL": 12, "FR": 6, "ES": 9, "IT": 16, "AT": 11, "BE": 10}[cc])
    if cc == "FR":
        nat = "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(6))
    ck = f"{98 - iban_num(nat + cc + '00') % 97:02d}"
    return N("sepa_creditor_id", f"{cc}{ck}ZZZ{nat}")


def neg_bic(r, cc="DE"):
    return N("bic", "".join(r.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") for _ in range(4)) + cc +
             "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ23456789") for _ in range(2)) + (D(r, 3) if r.random() < 0.5 else "XXX"))


def aba_digits(r):
    while True:
        p = r.choice(list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73)))
        b = f"{p:02d}" + D(r, 6)
        for c in "0123456789":
            if aba_ok(b + c):
                if not boring(b + c):
                    return b + c


def gen_aba(r, style=None):
    d = aba_digits(r)
    style = style or wchoice(r, [("plain", 88), ("dash_4_4_1", 6), ("space_3_3_3", 6)])
    if style == "dash_4_4_1":
        t = f"{d[:4]}-{d[4:8]}-{d[8]}"
    elif style == "space_3_3_3":
        t = f"{d[:3]} {d[3:6]} {d[6:]}"
    else:
        t = d
    return V("ABA_ROUTING_NUMBER", t, f"aba.{style}")


def neg_aba_bad(r, kind="nine_digit_not_aba"):
    while True:
        d = D(r, 9)
        if not aba_sum_ok(d) and not boring(d):
            return N(kind, d)


# ---------------------------------------------------------------------------- NPI, DEA, NHS, MRN


def npi_digits(r):
    while True:
        b = r.choice("12") + D(r, 8)
        d = b + luhn_complete("80840" + b)[-1]
        if npi_ok(d) and not boring(d):
            return d


def gen_npi(r, style=None):
    d = npi_digits(r)
    style = style or wchoice(r, [("plain", 90), ("spaced_4_3_3", 4), ("dash_3_3_4", 4), ("dash_4_3_3", 2)])
    t = {"plain": d, "spaced_4_3_3": f"{d[:4]} {d[4:7]} {d[7:]}", "dash_3_3_4": f"{d[:3]}-{d[3:6]}-{d[6:]}",
         "dash_4_3_3": f"{d[:4]}-{d[4:7]}-{d[7:]}"}[style]
    return V("US_NPI", t, f"npi.{style}")


def neg_npi_bad(r, kind="ten_digit_not_npi"):
    while True:
        d = r.choice("12") + D(r, 9)
        if not npi_ok(d) and not nhs_ok(d) and not boring(d):
            return N(kind, d)


def gen_dea(r, person, style=None):
    first = wchoice(r, [("A", 20), ("B", 25), ("F", 25), ("G", 8), ("M", 12)])
    ini = ascii_fold(person.last.replace("van der ", "").replace("De ", "D").replace("O'", "O"))[0].upper()
    d6 = D(r, 6)
    s = first + ini + d6 + dea_digit(d6)
    assert dea_ok(s)
    style = style or wchoice(r, [("plain", 85), ("spaced", 5), ("dash", 4), ("lower", 0)])
    t = {"plain": s, "spaced": s[:2] + " " + s[2:], "dash": s[:2] + "-" + s[2:]}[style]
    return V("US_DEA", t, f"dea.{'midlevel' if first == 'M' else 'practitioner'}.{style}")


def _lic(r):
    while True:
        t = r.choice(["MD", "RN", "PA", "NP", "DO", "CA", "TX", "G", "A"]) + D(r, 7)
        t = t if len(t) == 9 else t + D(r, 9 - len(t))
        if not dea_ok(t):
            return N("state_license", t)


def neg_dea_bad(r, person=None):
    first = r.choice("ABFGM")
    ini = ascii_fold((person.last if person else r.choice(LAST)))[0].upper()
    while True:
        d = D(r, 7)
        s = first + ini + d
        if not dea_ok(s):
            return N("dea_bad_checksum", s)


def nhs_digits(r):
    while True:
        b = r.choice("467") + D(r, 8)
        c = nhs_check_digit(b)
        if c is not None and not boring(b + str(c)) and not (b + str(c)).startswith("999"):
            return b + str(c)


def gen_nhs(r, style=None):
    d = nhs_digits(r)
    style = style or wchoice(r, [("spaced", 55), ("compact", 25), ("dashed", 12), ("nbsp", 4), ("spaced_double", 0)])
    t = {"spaced": f"{d[:3]} {d[3:6]} {d[6:]}", "compact": d, "dashed": f"{d[:3]}-{d[3:6]}-{d[6:]}",
         "nbsp": f"{d[:3]}{NBSP}{d[3:6]}{NBSP}{d[6:]}"}[style]
    return V("UK_NHS", t, f"nhs.{style}")


def neg_nhs_bad(r):
    while True:
        d = r.choice("467") + D(r, 9)
        if not nhs_ok(d):
            st = r.random()
            return N("nhs_bad_checksum", f"{d[:3]} {d[3:6]} {d[6:]}" if st < 0.6 else d)


def gen_mrn(r, style=None):
    style = style or wchoice(r, [("digits7", 16), ("digits8_zero", 12), ("digits10", 8), ("digits6", 6),
                                 ("letter_prefix", 12), ("two_letter_prefix", 8), ("dashed_3_3_3", 6),
                                 ("year_seq", 6), ("site_dash", 8), ("ssn_like", 4), ("dotted", 3)])
    if style == "digits7":
        t = Dnz(r, 7)
    elif style == "digits8_zero":
        t = "00" + Dnz(r, 6)
    elif style == "digits10":
        t = Dnz(r, 10)
    elif style == "digits6":
        t = Dnz(r, 6)
    elif style == "letter_prefix":
        t = r.choice("EHKMPRTVZ") + D(r, 7)
    elif style == "two_letter_prefix":
        t = r.choice(["CH", "WH", "SJ", "MG", "RX", "BW", "KP", "NY"]) + D(r, 6)
    elif style == "dashed_3_3_3":
        t = f"{D(r, 3)}-{D(r, 3)}-{D(r, 3)}"
    elif style == "year_seq":
        t = f"{r.randint(1998, 2024)}-{D(r, 6)}"
    elif style == "site_dash":
        t = f"{r.choice(['BMC', 'STV', 'NGH', 'UCH', 'SMH', 'KGH'])}-{D(r, 7)}"
    elif style == "ssn_like":
        t = f"{D(r, 3)}-{D(r, 2)}-{D(r, 4)}"
    elif style == "dotted":
        t = f"{D(r, 2)}.{D(r, 3)}.{D(r, 3)}"
    else:
        t = f"{D(r, 2)}.{D(r, 3)}.{D(r, 3)}"
    return V("MEDICAL_RECORD_NUMBER", t, f"mrn.{style}")


# ---------------------------------------------------------------------------- DOB and dates

DOB_FMT_W = [("iso", 10), ("us_slash", 12), ("us_slash_np", 5), ("us_dash", 4), ("us_2y", 4), ("eu_slash", 8),
             ("eu_dot", 6), ("eu_dot_np", 2), ("eu_dash", 3), ("eu_2y_dot", 2), ("eu_2y_slash", 2),
             ("mdy_long", 8), ("dmy_long", 6), ("mdy_abbr", 5), ("mdy_abbr_dot", 2), ("dmy_abbr", 4),
             ("dmy_abbr_dash", 4), ("dmy_abbr_upper", 2), ("dmy_ordinal", 2), ("mdy_ordinal", 2),
             ("weekday_long", 1), ("ymd_slash", 2)]


def rand_date(r, y0, y1):
    d0 = dt.date(y0, 1, 1).toordinal()
    d1 = dt.date(y1, 12, 31).toordinal()
    return dt.date.fromordinal(r.randint(d0, d1))


def gen_dob(r, fmt=None, lang="en"):
    d = rand_date(r, 1931, 2004)
    if fmt is None:
        fmt = "loc_long" if lang != "en" and r.random() < 0.45 else wchoice(r, DOB_FMT_W)
    if "2y" in fmt:
        d = rand_date(r, 1931, 1999)
    return V("DATE_OF_BIRTH", fmt_date(d, fmt, lang if fmt == "loc_long" else "en"), f"dob.{fmt}")


def neg_date(r, kind, lang="en", fmt=None, y0=2023, y1=2026):
    d = rand_date(r, y0, y1)
    if fmt is None:
        fmt = "loc_long" if lang != "en" and r.random() < 0.4 else wchoice(r, [(f, w) for f, w in DOB_FMT_W if f != "weekday_long"])
    return N(kind, fmt_date(d, fmt, lang if fmt == "loc_long" else "en"))


def neg_timestamp(r):
    d = rand_date(r, 2023, 2026)
    h, m, s = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)
    k = r.randrange(6)
    if k == 0:
        t = f"{d:%Y-%m-%d}T{h:02d}:{m:02d}:{s:02d}Z"
    elif k == 1:
        t = f"{d:%Y-%m-%d} {h:02d}:{m:02d}:{s:02d},{D(r, 3)}"
    elif k == 2:
        t = f"{d:%d/%b/%Y}:{h:02d}:{m:02d}:{s:02d} +0000"
    elif k == 3:
        t = str(int(dt.datetime(d.year, d.month, d.day, h, m, s, tzinfo=dt.timezone.utc).timestamp()))
    elif k == 4:
        t = str(int(dt.datetime(d.year, d.month, d.day, h, m, s, tzinfo=dt.timezone.utc).timestamp()) * 1000 + r.randint(0, 999))
    else:
        t = f"{d:%Y-%m-%d}T{h:02d}:{m:02d}:{s:02d}.{D(r, 6)}+00:00"
    return N("timestamp", t)


def ts_iso(r):
    d = rand_date(r, 2024, 2026)
    return f"{d:%Y-%m-%d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}Z"


# ---------------------------------------------------------------------------- IPs


def ip4_public(r):
    while True:
        a = ipaddress.IPv4Address(r.getrandbits(32))
        if a.is_global and not a.is_multicast and a.packed[0] not in (0, 100, 127, 169, 192, 198, 203, 224) and a.packed[0] < 224:
            return str(a)


def ip4_private(r):
    k = r.randrange(3)
    if k == 0:
        return f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    if k == 1:
        return f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    return f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}"


def gen_ip4(r, private=None):
    if private is None:
        private = r.random() < 0.3
    return V("IP_ADDRESS", ip4_private(r) if private else ip4_public(r), f"ip.v4_{'private' if private else 'public'}")


def hexs(r, n, upper=False):
    s = "".join(r.choice("0123456789abcdef") for _ in range(n))
    return s.upper() if upper else s


def gen_ip6(r, style=None):
    style = style or wchoice(r, [("compressed", 40), ("full", 14), ("unpadded", 10), ("upper", 8), ("link_local", 10),
                                 ("ula", 8), ("v4mapped", 10)])
    if style == "v4mapped":
        return V("IP_ADDRESS", f"::ffff:{ip4_public(r)}", "ip.v6_v4mapped")
    if style == "link_local":
        a = ipaddress.IPv6Address("fe80::" + ":".join(hexs(r, 4).lstrip("0") or "0" for _ in range(4)))
        return V("IP_ADDRESS", a.compressed, "ip.v6_link_local")
    if style == "ula":
        groups = ["fd" + hexs(r, 2)] + [hexs(r, 4) for _ in range(3)] + ["0"] * r.randint(0, 3)
        groups += [hexs(r, 4) for _ in range(8 - len(groups))]
    else:
        groups = [r.choice(["2001", "2a01", "2a02", "2600", "2604", "2406", "2c0f", "2a00", "2003"]),
                  hexs(r, 4), hexs(r, 4)] + [hexs(r, 4) for _ in range(5)]
        if style in ("compressed", "upper") and r.random() < 0.8:
            i = r.randint(3, 6)
            j = min(8, i + r.randint(1, 3))
            for k in range(i, j):
                groups[k] = "0"
    a = ipaddress.IPv6Address(":".join(groups))
    if style == "full":
        t = a.exploded
    elif style == "unpadded":
        t = ":".join(g.lstrip("0") or "0" for g in a.exploded.split(":"))
    elif style == "upper":
        t = a.compressed.upper()
    else:
        t = a.compressed
    if not a.is_private and style == "ula":
        pass
    return V("IP_ADDRESS", t, f"ip.v6_{style}")


def neg_ip_like(r):
    k = r.randrange(9)
    if k == 0:
        return N("version_string", f"v{r.randint(1, 12)}.{r.randint(0, 20)}.{r.randint(0, 9)}.{r.randint(0, 300)}")
    if k == 1:
        return N("version_string_bare", f"{r.randint(1, 12)}.{r.randint(0, 20)}.{r.randint(0, 9)}.{r.randint(1, 250)}")
    if k == 2:
        return N("oid", r.choice(["1.2.840.113549.1.1.11", "1.2.840.113549.1.1.1", "1.3.6.1.4.1.311.20.2.3",
                                  "2.5.4.3", "1.2.840.10045.3.1.7", "1.3.6.1.5.5.7.3.1", "1.3.132.0.34",
                                  "2.16.840.1.101.3.4.2.1", "1.3.6.1.4.1.11129.2.4.2", "1.2.840.113549.1.9.1"]))
    if k == 3:
        return N("snmp_oid", f"1.3.6.1.{r.randint(2, 4)}.1.{r.randint(2, 9999)}.{r.randint(1, 30)}.{r.randint(0, 9)}")
    if k == 4:
        return N("mac_address", ":".join(hexs(r, 2, r.random() < 0.4) for _ in range(6)) if r.random() < 0.6
                 else "-".join(hexs(r, 2, True) for _ in range(6)))
    if k == 5:
        return N("ipv4_invalid_octet", f"{r.randint(256, 999)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(0, 255)}"
                 if r.random() < 0.5 else f"{r.randint(1, 223)}.{r.randint(0, 255)}.{r.randint(256, 400)}.{r.randint(0, 255)}")
    if k == 6:
        return N("masked_ip", r.choice([f"{r.randint(11, 223)}.{r.randint(0, 255)}.x.x", f"{r.randint(11, 223)}.***.***.{r.randint(1, 254)}",
                                        f"{r.choice(['2a01', '2001'])}:{hexs(r, 4)}:xxxx::xxxx"]))
    if k == 7:
        return N("section_number", f"{r.randint(1, 9)}.{r.randint(1, 9)}.{r.randint(1, 9)}.{r.randint(1, 9)}")
    return N("dotted_build_date", f"{r.randint(2021, 2026)}.{r.randint(1, 12):02d}.{r.randint(1, 28):02d}.{r.randint(1, 9)}")


def neg_fingerprint(r):
    return N("ssh_fingerprint", ":".join(hexs(r, 2) for _ in range(16)) if r.random() < 0.5 else
             "SHA256:" + base64.b64encode(bytes(r.getrandbits(8) for _ in range(32))).decode().rstrip("="))


# ---------------------------------------------------------------------------- keys and tokens

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def gen_aws(r, kind=None):
    kind = kind or wchoice(r, [("AKIA", 70), ("ASIA", 30)])
    while True:
        s = kind + "".join(r.choice(B32) for _ in range(16))
        if aws_ok(s):
            return V("AWS_ACCESS_KEY", s, f"aws.{kind.lower()}")


def neg_aws(r):
    k = r.randrange(6)
    if k == 0:
        return N("aws_doc_example", r.choice(["AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE", "ASIAJEXAMPLEXEG2JICEA"]))
    if k == 1:
        return N("aws_placeholder", r.choice(["AKIAXXXXXXXXXXXXXXXX", "AKIA" + "X" * 16, "ASIAXXXXXXXXXXXXXXXX",
                                              "AKIA****************", "AKIA" + "0" * 16, "AKIA<YOUR_KEY_ID>"]))
    if k == 2:
        return N("aws_unique_id", r.choice(["AROA", "AIDA", "ANPA", "AGPA"]) + "".join(r.choice(B32) for _ in range(17)))
    if k == 3:
        return N("aws_key_truncated", "AKIA" + "".join(r.choice(B32) for _ in range(r.randint(6, 11))) + "…")
    if k == 4:
        return N("aws_account_id", Dnz(r, 12))
    return N("aws_secret_access_key", "".join(r.choice(ALNUM + "+/") for _ in range(40)))


def gen_gh(r, prefix=None):
    prefix = prefix or wchoice(r, [("ghp", 35), ("gho", 12), ("ghu", 12), ("ghs", 14), ("ghr", 8), ("github_pat", 19)])
    if prefix == "github_pat":
        s = "github_pat_11" + "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") for _ in range(20)) + "_" + \
            "".join(r.choice(ALNUM) for _ in range(59))
    else:
        e = "".join(r.choice(ALNUM) for _ in range(30))
        s = f"{prefix}_{e}{gh_checksum(e)}"
    assert gh_ok(s)
    return V("GITHUB_TOKEN", s, f"gh.{prefix}")


def neg_gh(r):
    k = r.randrange(6)
    if k == 0:
        return N("gh_token_too_short", f"{r.choice(['ghp', 'ghs', 'gho'])}_" + "".join(r.choice(ALNUM) for _ in range(r.randint(6, 20))))
    if k == 1:
        return N("gh_token_masked", f"{r.choice(['ghp', 'gho', 'ghs'])}_" + "*" * r.choice([4, 12, 36]))
    if k == 2:
        return N("gh_token_placeholder", r.choice(["ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "ghp_<your-token-here>",
                                                   "github_pat_XXXXXXXXXXXXXXXX", "ghs_REDACTED"]))
    if k == 3:
        return N("gitlab_token", "glpat-" + "".join(r.choice(ALNUM + "-_") for _ in range(20)))
    if k == 4:
        return N("hex40_not_token", hexs(r, 40))
    return N("slack_token", "xoxb-" + Dnz(r, 11) + "-" + Dnz(r, 12) + "-" + "".join(r.choice(ALNUM) for _ in range(24)))


def neg_hash(r, kind=None):
    kind = kind or r.choice(["git_sha", "sha256", "md5", "uuid", "git_sha_short"])
    if kind == "git_sha":
        return N("git_sha", hexs(r, 40))
    if kind == "sha256":
        return N("sha256", hexs(r, 64))
    if kind == "md5":
        return N("md5", hexs(r, 32))
    if kind == "git_sha_short":
        return N("git_sha_short", hexs(r, r.choice([7, 8, 12])))
    return N("uuid", f"{hexs(r, 8)}-{hexs(r, 4)}-4{hexs(r, 3)}-{r.choice('89ab')}{hexs(r, 3)}-{hexs(r, 12)}")


PEM_KINDS = {
    "rsa": ("RSA PRIVATE KEY", "308204a30201000282010100", 1191),
    "rsa1024": ("RSA PRIVATE KEY", "3082025d02010002818100", 609),
    "ec": ("EC PRIVATE KEY", None, 121),
    "ec384": ("EC PRIVATE KEY", None, 167),
    "pkcs8": ("PRIVATE KEY", "308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100", 1217),
    "pkcs8_ec": ("PRIVATE KEY", None, 138),
    "pkcs8_ed25519": ("PRIVATE KEY", "302e020100300506032b657004220420", 48),
    "encrypted": ("ENCRYPTED PRIVATE KEY", "3082050e304006092a864886f70d01050d3033301b06092a864886f70d01050c300e0408", 1298),
    "openssh": ("OPENSSH PRIVATE KEY", None, 0),
    "rsa_legacy_enc": ("RSA PRIVATE KEY", "308204a30201000282010100", 1200),
    "dsa": ("DSA PRIVATE KEY", "308201bb02010002818100", 447),
}


def rb(r, n):
    return bytes(r.getrandbits(8) for _ in range(n))


def pem_der(r, kind):
    label, head, total = PEM_KINDS[kind]
    if kind == "ec":
        return bytes.fromhex("30770201010420") + rb(r, 32) + bytes.fromhex("a00a06082a8648ce3d030107a14403420004") + rb(r, 64)
    if kind == "ec384":
        return bytes.fromhex("3081a40201010430") + rb(r, 48) + bytes.fromhex("a00706052b81040022a16403620004") + rb(r, 96)
    if kind == "pkcs8_ec":
        return (bytes.fromhex("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420") + rb(r, 32) +
                bytes.fromhex("a14403420004") + rb(r, 64))
    if kind == "openssh":
        def sshstr(b):
            return len(b).to_bytes(4, "big") + b
        pub = sshstr(b"ssh-ed25519") + sshstr(rb(r, 32))
        chk = rb(r, 4)
        priv = chk + chk + pub + sshstr(rb(r, 64)) + sshstr(f"{slug(Person(r).first)}@{r.choice(['laptop', 'buildbox', 'jump01'])}".encode())
        priv += bytes(range(1, 1 + (8 - len(priv) % 8) % 8))
        return (b"openssh-key-v1\x00" + sshstr(b"none") + sshstr(b"none") + sshstr(b"") + (1).to_bytes(4, "big") +
                sshstr(pub) + sshstr(priv))
    b = bytes.fromhex(head)
    return b + rb(r, total - len(b))


def gen_pem(r, kind=None, nl="\n", indent="", escaped=False, quote_prefix=""):
    kind = kind or wchoice(r, [("rsa", 14), ("rsa1024", 5), ("ec", 12), ("ec384", 5), ("pkcs8", 10), ("pkcs8_ec", 6),
                               ("pkcs8_ed25519", 8), ("encrypted", 10), ("openssh", 14), ("rsa_legacy_enc", 8), ("dsa", 3)])
    label = PEM_KINDS[kind][0]
    b64 = base64.b64encode(pem_der(r, kind)).decode()
    width = 70 if kind == "openssh" else 64
    lines = [f"-----BEGIN {label}-----"]
    if kind == "rsa_legacy_enc":
        cipher = r.choice(['AES-128-CBC', 'AES-256-CBC', 'DES-EDE3-CBC'])
        lines += ["Proc-Type: 4,ENCRYPTED", f"DEK-Info: {cipher},{hexs(r, 32 if cipher.startswith('AES') else 16, True)}", ""]
    lines += [b64[i:i + width] for i in range(0, len(b64), width)]
    lines.append(f"-----END {label}-----")
    if escaped:
        txt = "\\n".join(lines)
    else:
        txt = lines[0] + "".join(nl + quote_prefix + indent + ln if ln else nl + quote_prefix.rstrip() for ln in lines[1:])
    ctx = "escaped" if escaped else ("crlf" if nl == "\r\n" else "lf")
    if indent:
        ctx += "_indented"
    if quote_prefix:
        ctx += "_quoted"
    return V("PRIVATE_KEY", txt, f"pkey.{kind}.{ctx}")


def neg_pem_other(r, nl="\n"):
    k = r.randrange(5)
    if k == 0:
        lab, der = "PUBLIC KEY", bytes.fromhex("30820122300d06092a864886f70d01010105000382010f003082010a0282010100") + rb(r, 262)
    elif k == 1:
        lab, der = "CERTIFICATE", bytes.fromhex("308203") + rb(r, 700)
    elif k == 2:
        lab, der = "CERTIFICATE REQUEST", bytes.fromhex("308202") + rb(r, 600)
    elif k == 3:
        lab, der = "RSA PUBLIC KEY", bytes.fromhex("3082010a0282010100") + rb(r, 261)
    else:
        lab = r.choice(['RSA PRIVATE KEY', 'PRIVATE KEY', 'OPENSSH PRIVATE KEY'])
        return N("pem_private_redacted", f"-----BEGIN {lab}-----{nl}"
                 f"{r.choice(['[REDACTED]', '<redacted by agent>', '***', '... key removed ...'])}{nl}-----END {lab}-----")
    b64 = base64.b64encode(der).decode()
    body = nl.join(b64[i:i + 64] for i in range(0, len(b64), 64))
    return N({"PUBLIC KEY": "public_key_block", "CERTIFICATE": "certificate_block", "CERTIFICATE REQUEST": "csr_block",
              "RSA PUBLIC KEY": "public_key_block"}[lab], f"-----BEGIN {lab}-----{nl}{body}{nl}-----END {lab}-----")


def neg_ssh_pub(r):
    return N("ssh_public_key", "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + base64.b64encode(rb(r, 32)).decode().rstrip("=") +
             f" {slug(Person(r).first)}-{r.choice(['laptop', 'ci', 'macbook'])}")


# ---------------------------------------------------------------------------- misc negatives


def neg_misc(r, kind):
    if kind == "invoice_number":
        return N(kind, r.choice([f"INV-{r.randint(2023, 2026)}-{D(r, 5)}", f"INV{D(r, 7)}", f"{D(r, 2)}-{D(r, 6)}", f"F{D(r, 8)}"]))
    if kind == "isbn":
        b = "978" + str(r.randint(0, 1)) + D(r, 8)
        c = (10 - sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(b)) % 10) % 10
        s = b + str(c)
        return N(kind, f"{s[:3]}-{s[3]}-{s[4:8]}-{s[8:12]}-{s[12]}" if r.random() < 0.6 else s)
    if kind == "tracking_ups":
        return N(kind, "1Z" + "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ0123456789") for _ in range(6)) + D(r, 10))
    if kind == "tracking_usps":
        d = "94" + D(r, 20)
        return N(kind, group(d, [4, 4, 4, 4, 4, 2], " ") if r.random() < 0.5 else d)
    if kind == "tracking_fedex":
        d = D(r, 12)
        return N(kind, f"{d[:4]} {d[4:8]} {d[8:]}" if r.random() < 0.5 else d)
    if kind == "amount" and r.random() < 0.65:
        return N(kind, r.choice([f"${r.randint(100, 9999):,}.{D(r, 2)}", f"€{r.randint(100, 9999)},{D(r, 2)}", f"£{r.randint(100, 4999):,}.{D(r, 2)}",
                                 f"USD {r.randint(1000, 99999):,}.{D(r, 2)}", f"{r.randint(100, 9999)}.{D(r, 2)} EUR"]))
    if kind == "amount":
        return N(kind, r.choice([f"${r.randint(1000, 9999999):,}.{D(r, 2)}", f"€{r.randint(10000, 99999999):,}".replace(",", ".") + f",{D(r, 2)}",
                                 f"USD {r.randint(100000, 999999999):,}.{D(r, 2)}", f"£{r.randint(1000, 999999):,}.{D(r, 2)}",
                                 f"{r.randint(1000000, 999999999)} JPY"]))
    if kind == "duration":
        return N(kind, r.choice([f"{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}.{D(r, 3)}",
                                 f"{r.randint(1, 99999)}ms", f"P{r.randint(1, 30)}DT{r.randint(1, 23)}H"]))
    if kind == "claim_number":
        return N(kind, r.choice([f"CLM-{D(r, 9)}", f"{D(r, 4)}-{D(r, 6)}-{D(r, 2)}", Dnz(r, 11)]))
    if kind == "member_id":
        return N(kind, r.choice([f"{r.choice(['XEH', 'WGM', 'YLQ', 'ZKP'])}{D(r, 9)}", f"M{D(r, 8)}", Dnz(r, 9) + "01"]))
    if kind == "encounter_csn":
        return N(kind, Dnz(r, 10) if r.random() < 0.5 else Dnz(r, 9))
    if kind == "account_number":
        return N(kind, Dnz(r, r.choice([8, 10, 12])))
    if kind == "accession_number":
        return N(kind, f"{r.choice(['ACC', 'SP', 'RAD'])}-{r.randint(23, 26)}-{D(r, 6)}")
    if kind == "ticket_ref":
        return N(kind, f"{r.choice(['CS', 'INC', 'REQ', 'CHG'])}{D(r, 7)}")
    if kind == "room_ext":
        return N(kind, f"{r.randint(100, 999)}-{r.choice('ABC')}")
    raise KeyError(kind)


# ============================================================================ builder


class Ctx:
    def __init__(self, r, lang):
        self.r, self.lang = r, lang
        self.cust, self.agent, self.dr, self.pat = Person(r), Person(r), Person(r), Person(r)
        self.co, self.vendor = Company(r), Company(r)


SLOT_RE = re.compile(r"(\{\{|\}\}|\{[a-z][a-z0-9_]*(?:\|[^{}]+)?\})")


class Builder:
    """Collects text pieces; a piece is [text, V|N|None, fmt]."""

    def __init__(self, r, lang, ctx=None):
        self.r, self.lang = r, lang
        self.ctx = ctx or Ctx(r, lang)
        self.pieces = []
        self.last = {}

    def t(self, s):
        if s:
            self.pieces.append([s, None, None])

    def add(self, obj, tag=None):
        if obj is None:
            return
        if isinstance(obj, str):
            self.t(obj)
        elif isinstance(obj, V):
            self.pieces.append([obj.text, obj, obj.fmt + ("." + tag if tag else "")])
        elif isinstance(obj, N):
            self.pieces.append([obj.text, obj, None])
        else:
            for o in obj:
                self.add(o, tag)

    def f(self, template, tag="sent"):
        for tok in SLOT_RE.split(template):
            if not tok:
                continue
            if tok == "{{":
                self.t("{")
            elif tok == "}}":
                self.t("}")
            elif tok[0] == "{" and tok[-1] == "}" and SLOT_RE.fullmatch(tok):
                name, _, arg = tok[1:-1].partition("|")
                if name == "again":
                    self.add(self.last[arg], tag)
                    continue
                obj = slot(self.ctx, name, arg or None)
                self.last[name] = obj
                self.add(obj, tag)
            else:
                self.t(tok)
        return self

    def text(self):
        return "".join(p[0] for p in self.pieces)


def finalize(pieces, crlf=False):
    """-> (text, spans, negs) with char and UTF-8 byte offsets."""
    text_parts, spans, negs = [], [], []
    c = b = 0
    for txt, obj, fmt in pieces:
        if crlf:
            txt = txt.replace("\r\n", "\n").replace("\n", "\r\n")
            if fmt and ".lf" in fmt:
                fmt = fmt.replace(".lf", ".crlf")
        cl, bl = len(txt), len(txt.encode("utf-8"))
        if isinstance(obj, V):
            spans.append({"start": b, "end": b + bl, "cstart": c, "cend": c + cl, "entity": obj.ent, "fmt": fmt})
        elif isinstance(obj, N):
            negs.append({"start": b, "end": b + bl, "cstart": c, "cend": c + cl, "kind": obj.kind})
        text_parts.append(txt)
        c += cl
        b += bl
    return "".join(text_parts), spans, negs


# ============================================================================ slots

CARD_STYLE_NAMES = {s for s, _, _ in CARD_SEP_STYLES}


def _card_slot(c, arg):
    brand = style = None
    for a in (arg or "").split("."):
        if a in CARD_BRANDS:
            brand = a
        elif a in CARD_STYLE_NAMES:
            style = a
    return gen_card(c.r, brand, style)


def _phone_slot(c, arg):
    r = c.r
    if arg == "us":
        return gen_phone_us(r)
    if arg == "usfmt":
        return gen_phone_us(r, style=r.choice(["paren", "dash", "dot", "plus1_space", "one_dash", "space"]))
    if arg and arg in INTL_PHONES:
        return gen_phone_intl(r, arg)
    if arg == "intl":
        return gen_phone_intl(r)
    return gen_phone(r, c.lang)


def _phone_ext_slot(c, arg):
    v = gen_phone_us(c.r, style=c.r.choice(["paren", "dash", "dot", "plus1_space", "plus1_paren", "one_dash", "space", "paren_tight"]))
    return [v, phone_ext(c.r)]


def _iban_slot(c, arg):
    if arg and arg.isupper() and arg in IBAN_SPEC:
        return gen_iban(c.r, arg)
    if arg:
        return gen_iban(c.r, None, arg)
    if c.lang in ("fr", "de", "es", "nl", "it", "pt") and c.r.random() < 0.6:
        return gen_iban(c.r, {"fr": "FR", "de": c.r.choice(["DE", "AT", "CH"]), "es": "ES", "nl": c.r.choice(["NL", "BE"]),
                              "it": "IT", "pt": "PT"}[c.lang])
    return gen_iban(c.r)


def _date_neg(kind, y0=2023, y1=2026):
    return lambda c, a: neg_date(c.r, kind, c.lang, a, y0, y1)


def _ip_slot(c, arg):
    return gen_ip4(c.r) if c.r.random() < 0.65 else gen_ip6(c.r)


SLOTS = {
    # positives
    "card": _card_slot,
    "ssn": lambda c, a: gen_ssn(c.r, a),
    "email": lambda c, a: gen_email(c.r, c.cust, c.co if c.r.random() < 0.35 else None, a),
    "email_agent": lambda c, a: gen_email(c.r, c.agent, c.vendor, a),
    "email_dr": lambda c, a: gen_email(c.r, c.dr, c.co, a),
    "email_pat": lambda c, a: gen_email(c.r, c.pat, None, a),
    "email_any": lambda c, a: gen_email(c.r, None, None, a),
    "email_role": lambda c, a: gen_email(c.r, None, c.co, "role"),
    "email_nhs": lambda c, a: V("EMAIL_ADDRESS", f"{slug(c.agent.first)}.{slug(c.agent.last)}{c.r.choice(['', '1', '2', '3'])}@nhs.net", "email.nhsnet"),
    "phone": _phone_slot,
    "phone_ext": _phone_ext_slot,
    "iban": _iban_slot,
    "iban_wrapped": lambda c, a: gen_iban_wrapped(c.r),
    "aba": lambda c, a: gen_aba(c.r, a),
    "ip4": lambda c, a: gen_ip4(c.r),
    "ip4pub": lambda c, a: gen_ip4(c.r, False),
    "ip4priv": lambda c, a: gen_ip4(c.r, True),
    "ip6": lambda c, a: gen_ip6(c.r, a),
    "ip": _ip_slot,
    "mrn": lambda c, a: gen_mrn(c.r, a),
    "npi": lambda c, a: gen_npi(c.r, a),
    "dob": lambda c, a: gen_dob(c.r, a, c.lang),
    "nhs": lambda c, a: gen_nhs(c.r, a),
    "dea": lambda c, a: gen_dea(c.r, c.dr, a),
    "aws": lambda c, a: gen_aws(c.r, a),
    "gh": lambda c, a: gen_gh(c.r, a),
    "pem": lambda c, a: gen_pem(c.r, a),
    # negatives
    "order_luhn": lambda c, a: neg_order_luhn(c.r, None if a is None else a == "cardlike"),
    "order_fail": lambda c, a: neg_luhn_fail(c.r, True, "luhn_fail_reference"),
    "ref16": lambda c, a: neg_luhn_fail(c.r, False, "luhn_fail_16"),
    "imei": lambda c, a: neg_imei(c.r),
    "iccid": lambda c, a: neg_iccid(c.r),
    "card_masked": lambda c, a: neg_card_masked(c.r),
    "exp": lambda c, a: card_expiry(c.r),
    "merchant_id": lambda c, a: N("merchant_id", Dnz(c.r, 15)),
    "ssn_bad": lambda c, a: neg_ssn_invalid(c.r),
    "ssn_masked": lambda c, a: neg_ssn_masked(c.r),
    "ein": lambda c, a: neg_ein(c.r),
    "itin": lambda c, a: neg_itin(c.r),
    "ssn_other": lambda c, a: neg_ssn_shape_ref(c.r),
    "zip4": lambda c, a: neg_zip4(c.r),
    "phone_masked": lambda c, a: neg_phone_masked(c.r),
    "sku": lambda c, a: neg_phone_shaped_id(c.r, a),
    "email_masked": lambda c, a: neg_email_masked(c.r),
    "not_email": lambda c, a: neg_not_email(c.r),
    "iban_bad": lambda c, a: neg_iban_bad(c.r),
    "iban_len": lambda c, a: neg_iban_wronglen(c.r),
    "iban_masked": lambda c, a: neg_iban_masked(c.r),
    "sepa_ci": lambda c, a: neg_sepa_ci(c.r),
    "bic": lambda c, a: neg_bic(c.r, c.r.choice(["DE", "FR", "NL", "ES", "IT", "GB", "BE", "PT", "AT", "IE"])),
    "aba_bad": lambda c, a: neg_aba_bad(c.r, a or "nine_digit_not_aba"),
    "npi_bad": lambda c, a: neg_npi_bad(c.r, a or "ten_digit_not_npi"),
    "dea_bad": lambda c, a: neg_dea_bad(c.r, c.dr),
    "nhs_bad": lambda c, a: neg_nhs_bad(c.r),
    "date_appt": _date_neg("date_appointment"),
    "date_ship": _date_neg("date_shipped"),
    "date_inv": _date_neg("date_invoice"),
    "date_incident": _date_neg("date_incident"),
    "date_bornon": _date_neg("date_born_on_batch"),
    "date_service": _date_neg("date_of_service"),
    "date_admit": _date_neg("date_admission"),
    "date_discharge": _date_neg("date_discharge"),
    "date_created": _date_neg("date_created"),
    "date_due": _date_neg("date_due"),
    "date_expiry": _date_neg("date_expiry", 2025, 2031),
    "date_dobword": _date_neg("date_near_dob_word"),
    "date_hire": _date_neg("date_hire", 2008, 2025),
    "date_death": _date_neg("date_of_death", 2015, 2025),
    "ts": lambda c, a: neg_timestamp(c.r),
    "iplike": lambda c, a: neg_ip_like(c.r),
    "ver": lambda c, a: N("version_string", f"v{c.r.randint(1, 14)}.{c.r.randint(0, 20)}.{c.r.randint(0, 9)}.{c.r.randint(0, 99)}"
                          if a != "bare" else f"{c.r.randint(1, 14)}.{c.r.randint(0, 20)}.{c.r.randint(0, 9)}.{c.r.randint(1, 250)}"),
    "ver3": lambda c, a: N("version_string", f"{c.r.randint(1, 14)}.{c.r.randint(0, 30)}.{c.r.randint(0, 40)}"),
    "oid": lambda c, a: N("oid", c.r.choice(["1.2.840.113549.1.1.11", "1.2.840.113549.1.1.1", "1.3.6.1.4.1.311.20.2.3",
                                             "1.2.840.10045.3.1.7", "1.3.6.1.5.5.7.3.2", "2.16.840.1.101.3.4.2.1",
                                             "1.2.840.113549.1.9.1", "1.3.6.1.4.1.2620.1.6.7", "2.5.29.17"])),
    "mac": lambda c, a: N("mac_address", ":".join(hexs(c.r, 2, c.r.random() < 0.4) for _ in range(6))),
    "section": lambda c, a: N("section_number", f"{c.r.randint(1, 9)}.{c.r.randint(1, 9)}.{c.r.randint(1, 9)}.{c.r.randint(1, 9)}"),
    "fp": lambda c, a: neg_fingerprint(c.r),
    "aws_neg": lambda c, a: neg_aws(c.r),
    "aws_example": lambda c, a: N("aws_doc_example", c.r.choice(["AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE"])),
    "aws_placeholder": lambda c, a: N("aws_placeholder", c.r.choice(["AKIAXXXXXXXXXXXXXXXX", "ASIAXXXXXXXXXXXXXXXX", "AKIA****************"])),
    "aws_uid": lambda c, a: N("aws_unique_id", c.r.choice(["AROA", "AIDA", "ANPA"]) + "".join(c.r.choice(B32) for _ in range(17))),
    "aws_acct": lambda c, a: N("aws_account_id", Dnz(c.r, 12)),
    "aws_secret": lambda c, a: N("aws_secret_access_key", "".join(c.r.choice(ALNUM + "+/") for _ in range(40))),
    "gh_neg": lambda c, a: neg_gh(c.r),
    "hex40": lambda c, a: N("hex40_not_token", hexs(c.r, 40)),
    "gitsha": lambda c, a: neg_hash(c.r, "git_sha"),
    "shortsha": lambda c, a: neg_hash(c.r, "git_sha_short"),
    "sha256": lambda c, a: neg_hash(c.r, "sha256"),
    "md5": lambda c, a: neg_hash(c.r, "md5"),
    "uuid": lambda c, a: neg_hash(c.r, "uuid"),
    "pem_other": lambda c, a: neg_pem_other(c.r),
    "sshpub": lambda c, a: neg_ssh_pub(c.r),
    "inv": lambda c, a: neg_misc(c.r, "invoice_number"),
    "isbn": lambda c, a: neg_misc(c.r, "isbn"),
    "ups": lambda c, a: neg_misc(c.r, "tracking_ups"),
    "usps": lambda c, a: neg_misc(c.r, "tracking_usps"),
    "fedex": lambda c, a: neg_misc(c.r, "tracking_fedex"),
    "amount": lambda c, a: neg_misc(c.r, "amount"),
    "duration": lambda c, a: neg_misc(c.r, "duration"),
    "claim": lambda c, a: neg_misc(c.r, "claim_number"),
    "member": lambda c, a: neg_misc(c.r, "member_id"),
    "csn": lambda c, a: neg_misc(c.r, "encounter_csn"),
    "acct": lambda c, a: neg_misc(c.r, "account_number"),
    "accession": lambda c, a: neg_misc(c.r, "accession_number"),
    "ticketref": lambda c, a: neg_misc(c.r, "ticket_ref"),
    # plain text
    "first": lambda c, a: c.cust.first,
    "last": lambda c, a: c.cust.last,
    "name": lambda c, a: c.cust.full,
    "agent": lambda c, a: c.agent.full,
    "agent_first": lambda c, a: c.agent.first,
    "dr": lambda c, a: f"Dr. {c.dr.full}" if c.r.random() < 0.7 else f"Dr {c.dr.first[0]}. {c.dr.last}",
    "dr_last": lambda c, a: c.dr.last,
    "pat": lambda c, a: c.pat.full,
    "pat_first": lambda c, a: c.pat.first,
    "co": lambda c, a: c.co.name,
    "vendor": lambda c, a: c.vendor.name,
    "dom": lambda c, a: c.co.domain,
    "city": lambda c, a: c.r.choice(CITIES),
    "tno": lambda c, a: str(c.r.randint(10000, 9999999)),
    "caseno": lambda c, a: f"{c.r.randint(0, 9)}{D(c.r, 7)}",
    "last4": lambda c, a: D(c.r, 4),
    "cvv": lambda c, a: D(c.r, 3),
    "small_amt": lambda c, a: f"{c.r.choice(['$', '€', '£'])}{c.r.randint(5, 999)}.{D(c.r, 2)}",
    "n": lambda c, a: str(c.r.randint(2, 40)),
    "time": lambda c, a: f"{c.r.randint(7, 18)}:{c.r.choice(['00', '15', '30', '45', '05', '50'])}",
    "port": lambda c, a: str(c.r.choice([22, 443, 8443, 8080, 3389, 5432, 2222, 6443, 9443, 1194, 51820])),
    "odscode": lambda c, a: f"{c.r.choice('ABCDEFGHJKLMNPY')}{D(c.r, 5)}",
    "mandate": lambda c, a: f"MND-{D(c.r, 4)}-{''.join(c.r.choice('ABCDEFGHJK') for _ in range(3))}",
    "checkno": lambda c, a: D(c.r, 4),
    "iface": lambda c, a: c.r.choice(["eth0", "ens192", "en0", "wlan0", "bond0"]),
    "host": lambda c, a: f"{c.r.choice(['api', 'vpn', 'sftp', 'portal', 'ehr', 'git'])}.{c.co.domain}",
    "repo": lambda c, a: f"{slug(c.co.name)[:10]}/{c.r.choice(['infra', 'billing-api', 'ehr-bridge', 'deploy', 'website'])}",
}


def slot(ctx, name, arg):
    fn, nm = SLOTS.get(name), name
    while fn is None and nm and nm[-1].isdigit():
        nm = nm[:-1]
        fn = SLOTS.get(nm)
    if fn is None:
        raise KeyError(f"unknown slot {name}")
    return fn(ctx, arg)


# ============================================================================ sentence frames
# (tag, template); slots in {braces}, {name|arg}; trailing digits make a second draw of the same slot.

FRAMES = {
    "complaint": [
        ("sent", "I was charged twice on my card {card} — once for order number {order_luhn} and again this morning. Your app only shows {card_masked}, so here is the full number so you can find it."),
        ("sent", "You billed {card} instead of our company card. The receipt's confirmation number is {order_luhn|cardlike}; your rep kept calling that my card number, but it is the order confirmation."),
        ("lbl", "Card number: {card}\nExpiry: {exp}\nCVV: {cvv}\nPlease refund invoice {inv} to this card and then delete it."),
        ("sent", "The gift card reference {order_luhn} printed on the voucher was rejected, and then my own card {card} got charged {amount}."),
        ("sent", "I tried paying with {card} (exp {exp}) three times; every attempt created a new booking reference ({ref16}, then {ref162})."),
        ("sent", "Rewards member number {order_luhn} isn't showing my points from last month. Contact me at {email} or on {phone}."),
        ("sent", "Please stop calling {phone_masked} — that's an old number. Use my cell {phone|us} or my office line {phone_ext}."),
        ("sent", "Order {order_fail} shipped on {date_ship} but UPS tracking {ups} hasn't moved in a week. Email me at {email}."),
        ("sent", "Your agent read my card back to me as {card_masked}; the one I actually want refunded is {card}."),
        ("sent", "I returned the phone (IMEI {imei}, SIM ICCID {iccid}) on {date_ship}. Refund it to the Visa {card|visa} please."),
        ("sent", "I can't log in. The username is {email} and the reset code goes to {phone}. Support case {sku|case_number} was closed without a reply."),
        ("sent", "Someone changed the e-mail on my account to {email_any} from IP {ip4pub} on {date_incident}. My real address is {email}."),
        ("sent", "The book I ordered was ISBN {isbn} (order no. {order_fail}), not the one that arrived. Call me on {phone}."),
        ("sent", "My Amex {card|amex} was declined but the authorization of {amount} is still pending. Your reference was {inv}."),
        ("sent", "Hi, it's {name}. My new card is {card} and my billing ZIP is {zip4}. The card you have on file ({card_masked}) expired on {date_expiry}."),
        ("sent", "I never authorised the Diners charge on {card|diners}. The merchant ID on the statement is {merchant_id}."),
        ("sent", "Three emails from you went to {email_any} — that isn't me. I'm {email}, mobile {phone}."),
        ("lbl", "Name: {name}\nE-mail: {email}\nPhone: {phone}\nCard: {card}\nOrder #: {order_luhn}\nIssue: charged but no confirmation."),
        ("sent", "Part {sku|part_number} arrived broken. Please ring me back at {phone_ext}, not before {time}."),
        ("sent", "My JCB card {card|jcb} shows two charges from {date_inv}. Transaction IDs {uuid} and {uuid2}."),
        ("sent", "The born-on date printed on the battery pack is {date_bornon} and it's already swollen. Lot {sku|lot_number}. My number is {phone}."),
        ("sent", "I paid with Mastercard {card|mastercard.sp} and the confirmation e-mail went to {email}, but the order page says {card_masked}."),
        ("sent", "Your SMS came from {phone|intl} and asked for my card. I didn't reply — my real card is {card} and I'm worried. Ticket {ticketref}."),
        ("sent", "Please cancel the subscription tied to {email} and refund card {card|compact}. My loyalty number is {order_luhn} if that helps."),
        ("sent", "Your caller ID log shows a cut-off number, {phone_frag} (the carrier dropped a digit); my real number is {phone_ext}."),
        ("mailto", "I clicked the link in your footer (<a href=\"mailto:{email_role}\">{again|email_role}</a>) and it bounced. Please answer me at {email}."),
    ],
    "agent_reply": [
        ("sent", "Hi {first},\n\nThanks for confirming the card on file, {card}. I've refunded order {order_luhn} — that is your order number, not a card number, so you can quote it to your bank."),
        ("sent", "I've updated your contact e-mail from {email_masked} to {email} and your mobile to {phone}."),
        ("sent", "For security the portal only shows {card_masked}. The full number you pasted in chat ({card}) has been scrubbed from the transcript."),
        ("sent", "Your callback is booked for {date_appt} at {time} on {phone_ext}. If that changes, reply here or write to {email_agent}."),
        ("quoted", "> My SSN is {ssn} and my husband's is {ssn2}\n\nPlease don't send Social Security numbers by e-mail. We've redacted them on our side; they now display as {ssn_masked}."),
        ("sent", "We can't use {ein} on this form — that's the business EIN. The SSN you gave on the phone, {ssn}, is now on file."),
        ("sent", "The routing number {aba} checks out for your bank. The one you typed first, {aba_bad}, fails the ABA check digit, which is why the portal refused it."),
        ("sent", "I've checked the IBAN you sent ({iban}); the earlier one ({iban_bad}) had a typo in the check digits."),
        ("sent", "The tracking number {usps} is USPS, not FedEx — {fedex} belongs to a different parcel. Your order {order_fail} left our warehouse on {date_ship}."),
        ("sent", "Hi {first}, your loyalty card number {order_luhn} is linked now. Your payment card stays {card}; we don't mix the two."),
        ("sent", "Thanks {first}. I called you back on {phone} but reached voicemail, so I've e-mailed {email} instead."),
        ("sent", "We've issued a new SIM (ICCID {iccid}); the old one, {iccid2}, is blocked. The text confirmation goes to {phone}."),
        ("sent", "Your ITIN {itin} can't be used for this payroll form; HR needs the SSN {ssn} that is on your W-4."),
        ("quoted", "> please charge the new card {card} and not the old one\n\nDone — the old card ({card_masked}) is removed. Receipt {inv} was sent to {email}."),
        ("sent", "I've re-sent the invoice to {email} and cc'd {email_role}. The amount due is {amount}, due {date_due}."),
        ("sent", "Your Discover card {card|discover} is now the default. The case number for this change is {sku|case_number}."),
        ("mailto", "You can reach billing directly: mailto:{email_role}?subject=Refund%20{tno} — or reply to \"{agent}\" <{email_agent}>."),
        ("sent", "The number on the voicemail transcript, {phone_frag}, is incomplete; we'll use {phone} from your profile."),
    ],
    "escalation": [
        ("sent", "Escalating to T2: {name} ({email}) says {card} was charged by merchant ID {merchant_id} after cancelling. Order {order_luhn}, amount {amount}."),
        ("sent", "Fraud review: logins for {email} from {ip4pub} and {ip6} four minutes apart on {date_incident}. Account {acct}. Phone on file {phone}."),
        ("sent", "Customer insists {ssn_bad} is their SSN; it can't be (invalid number). The one on the signed form is {ssn}."),
        ("sent", "Vendor {vendor} escalation — their ops contact {email_agent} ({phone_ext}) confirms the SFTP source is {ip4pub} on port {port}."),
        ("sent", "FYI the EIN {ein} on the account belongs to {co}; the card on the account is {card}. Ticket {ticketref} has the history."),
        ("sent", "Engineering: the checkout form saved {card} in clear text in the notes field (event {uuid}). Please purge."),
        ("lbl", "Summary for L3\n- customer: {name} / {email}\n- callback: {phone}\n- card: {card}\n- order no.: {order_fail}\n- incident: {date_incident}"),
        ("sent", "Please note {ssn_other} is the customer's insurance policy number (SSN-shaped, but not an SSN); the SSN we verified is {ssn}."),
        ("sent", "Second time this week: {email_role} bounced and the SMS to {phone} failed. Delivery log id {uuid}."),
        ("sent", "Handing over to billing: IBAN {iban} belongs to {co}; the IBAN-looking string {iban_len} in their PDF has the wrong length for its country."),
        ("sent", "Security: {name} forwarded a phishing mail from {email_any} that asked for the card {card_masked}; sender IP {ip4pub}."),
        ("mailto", "The phishing page had <a href=\"mailto:{email_any}\">contact us</a> and posted to http://{ip4pub}:{port}/collect."),
    ],
    "billing": [
        ("sent", "Chargeback opened by the issuer for card {card}. Reason code 10.4, order {order_luhn}, invoice {inv}, amount {amount}. Evidence due {date_due}."),
        ("sent", "ACH return R03 on routing {aba} / account {acct}. The customer re-sent routing {aba2}; NACHA batch number {aba_bad|nine_digit_batch} for reference."),
        ("sent", "SEPA direct debit failed: IBAN {iban}, mandate {mandate}, creditor ID {sepa_ci}. The old IBAN {iban_bad} bounced with AC01."),
        ("sent", "Refund approved to {card} (exp {exp}); original charge {amount} on invoice {inv} dated {date_inv}."),
        ("sent", "Please pay invoice {inv} to IBAN {iban} (BIC {bic}). Our old account {iban_masked} is closed."),
        ("lbl", "Beneficiary: {vendor}\nIBAN: {iban|compact}\nBIC: {bic}\nReference: {inv}\nNote: the number {iban_len} on the PDF is wrong (the length is off)."),
        ("sent", "The customer paid by bank transfer from {iban} instead of card {card}; we've reversed the card pre-auth {ref16}."),
        ("sent", "Dispute on {card|amex}: cardholder says the charge for booking {order_luhn} was cancelled on {date_incident}."),
        ("sent", "Card {card} failed AVS (ZIP {zip4}). We retried with the UnionPay card {card|unionpay}, which worked."),
        ("sent", "Duplicate payout: routing {aba} received two credits on {date_inv} ({amount} each)."),
        ("sent", "Invoice {inv} was paid from {iban|lower_compact} — the customer typed it in lower case but it matches."),
        ("sent", "Our processor flagged {card|maestro} as Maestro and {card|discover} as Discover; both belong to {name}."),
        ("sent", "Gift card {order_luhn} (gift-card number, not a payment card) covered {small_amt}; the rest went on {card}."),
        ("sent", "Statement descriptor complaint: {name} sees the charge on {card} under merchant ID {merchant_id}."),
    ],
    "ach": [
        ("sent", "Please update our payout account: routing {aba}, account {acct}. The routing number I gave last week, {aba_bad}, was a typo."),
        ("lbl", "Direct deposit change\nEmployee: {name}\nABA/RTN: {aba}\nAccount: {acct}\nType: checking\nEffective: {date_created}"),
        ("sent", "The voided cheque's MICR line reads ⑈{checkno}⑈ ⑆{aba|micr}⑆{acct}⑈ — please use that routing number."),
        ("sent", "Bank letter says routing/transit {aba|dash_4_4_1}, account {acct}; our form wants it without dashes."),
        ("sent", "Routing {aba|space_3_3_3} is for wires and {aba} for ACH — the bank uses two different ABA numbers."),
        ("sent", "NACHA file batch {aba_bad|nine_digit_batch} has routing {aba} in the detail record; trace number {ref16}."),
        ("sent", "The vendor's remittance says ABA {aba}; the SWIFT code {bic} is for international wires only."),
        ("sent", "The customer typed the cheque's bottom line as :{aba|colon_micr}: {acct}; the first group is the routing number."),
        ("sent", "Our treasury sent the wrong routing again: {aba_bad} (fails the checksum). Correct R/T number is {aba}. Contact: {email_role}, {phone}."),
        ("sent", "Payroll bank change for {name}: new routing {aba}, acct {acct}; old routing {aba2}. Confirmed by phone on {phone}."),
    ],
    "clinic": [
        ("sent", "Patient {pat}, DOB {dob}, MRN {mrn}, can't see lab results in the portal. Ordering provider {dr} (NPI {npi}). The appointment on {date_appt} was cancelled."),
        ("sent", "{dr}, DEA {dea}, NPI {npi}: EPCS signing fails. The DEA on the old profile, {dea_bad}, fails the check digit, so please replace it."),
        ("sent", "Duplicate chart: MRN {mrn} and MRN {mrn2} are the same person (born {dob}). Encounter CSN {csn} was filed to the wrong one."),
        ("sent", "Member ID {member} is the insurance number, not the MRN — the MRN is {mrn}. Date of service {date_service}."),
        ("sent", "Claim {claim} was denied for NPI {npi}; the billing NPI on the claim, {npi_bad}, is not a valid NPI."),
        ("sent", "Patient called from {phone} and verified identity with date of birth {dob} and the last four of the SSN ({ssn_masked})."),
        ("sent", "Please fax results to {phone} (attn {dr}). Patient MRN {mrn}, accession {accession}."),
        ("sent", "The lab interface rejected accession {accession} for MRN {mrn}: the DOB on the order ({dob}) didn't match the chart."),
        ("sent", "Admitted {date_admit}, discharged {date_discharge}; patient born {dob}, Med Rec # {mrn}."),
        ("sent", "Pharmacy says DEA registration {dea} doesn't match {dr}'s record; they called from {phone_ext}."),
        ("sent", "The DOB column import failed on {date_dobword} for 40 rows; sample row: MRN {mrn}, D.O.B. {dob}."),
        ("sent", "Provider {dr} ({dea}) can't e-prescribe since {date_incident}. NPI on the profile: {npi}."),
        ("sent", "Room {sku|room_code} has the wrong patient. Chart number (MRN) {mrn}, date of birth {dob}, phone {phone}."),
        ("sent", "The encounter number {csn} and account {acct} are fine; it's the medical record number {mrn} that's duplicated."),
        ("sent", "Ordering provider NPI {npi}, referring NPI {npi2}. Patient DoB {dob}. Specimen collected {date_service}."),
        ("sent", "The caregiver (date of birth {dob}) is also a patient with MRN {mrn}; the patient's own birthday is {dob2}."),
        ("sent", "Date of death {date_death} was recorded on the wrong chart — MRN {mrn}, whose DOB is {dob}."),
        ("lbl", "Patient: {pat}\nDOB: {dob}\nMRN: {mrn}\nPCP: {dr} / NPI {npi}\nInsurance member ID: {member}\nNext appt: {date_appt}"),
        ("sent", "Nurse practitioner {dr} (DEA {dea}) asked us to correct the NPI to {npi}; {npi_bad} was a typo on the enrollment form."),
        ("sent", "MRN# {mrn} / b. {dob} — portal invite went to {email_pat}, but the patient uses {email_pat2}."),
        ("sent", "Controlled-substance order for {pat} rejected at the pharmacy: prescriber {dr}, registration {dea}, listed as expired."),
        ("lbl", "Prescriber: {dr}\nDEA#: {dea}\nNPI: {npi}\nState license: {sku|license_number}"),
        ("sent", "EPCS enrolment for {dr}: DEA {dea} on the form; the old certificate shows {dea_bad}, which fails the DEA checksum."),
        ("sent", "Can you re-link {dr_last}'s registration {dea} to location {city}? Their NPI is {npi}; the claim {claim} is unrelated."),
        ("sent", "Mid-level prescriber {dr} — DEA: {dea}; supervising physician NPI {npi}; callback {phone}."),
        ("hl7", "The interface rejects this PID segment (MRN in PID-3, DOB in PID-7):\nPID|1||{mrn}^^^{site}^MR||{last}^{first}||{dob|compact}|{sex}|||{n} Main St^^{city}"),
        ("log", "{ts} INFO ehr patient lookup mrn={mrn} dob={dob|compact} user={email_any} src={ip4priv}"),
        ("sent", "The patient (age {n}, Birthdate {dob}) says the portal shows someone else's chart; MRN {mrn}."),
    ],
    "nhs": [
        ("sent", "Patient {pat}, NHS number {nhs}, DOB {dob}, can't book via the app. GP practice code {odscode}."),
        ("sent", "Spine PDS trace returned no match for NHS No. {nhs}; the referral letter had {nhs_bad}, which fails the check digit."),
        ("sent", "Hospital number (MRN) {mrn} / NHS {nhs}, outpatient appointment {date_appt}."),
        ("sent", "Please ring the patient on {phone|gb} or e-mail {email_pat}; born {dob}, NHS number {nhs}."),
        ("sent", "Ward clerk {agent} ({email_nhs}) reports smartcard errors from workstation {ip4priv}."),
        ("sent", "Two NHS numbers on one record: {nhs} (correct) and {nhs_bad} (fails modulus 11)."),
        ("sent", "The discharge summary quotes NHS no {nhs|compact} and date of birth {dob|eu_slash}; the e-referral UBRN {ubrn} is separate."),
        ("sent", "Patient's mobile {phone|gb}, landline {phone|gb}. NHS Number: {nhs}. Next of kin on {phone|gb}."),
        ("lbl", "Name: {pat}\nNHS No: {nhs}\nD.O.B: {dob}\nGP: {odscode}\nClinic date: {date_appt}"),
        ("sent", "The patient's NHS number ({nhs|dashed}) is on the letter, but the hospital number on the wristband is MRN {mrn}."),
    ],
    "itops": [
        ("sent", "Our intern committed access key {aws} with its secret to the public repo. The key in the README, {aws_example}, is just the AWS docs example."),
        ("sent", "Rotate this now: GITHUB_TOKEN={gh} leaked in the build log. The one in .env.example is {gh_neg}."),
        ("sent", "The log only kept a prefix ({gh_short}…), so we can't tell which token it was; the full one in the CI variable is {gh}."),
        ("sent", "Please allow-list {ip4pub} and {ip6}. Our build agent is {ver} (a version, before anyone asks)."),
        ("sent", "SSH to {ip4pub} on port {port} fails; the host key fingerprint is {fp}."),
        ("sent", "VPN users land on {ip4priv} but the NAT egress is {ip4pub}. MAC of the firewall WAN port: {mac}."),
        ("sent", "The role id {aws_uid} is fine — it's the access key {aws} that needs deactivating in account {aws_acct}."),
        ("sent", "Commit {gitsha} added a file containing {gh}. Please revoke it; {hex40} in the same file is a checksum, not a token."),
        ("sent", "The cert's signature algorithm OID is {oid}; the handshake fails from {ip} only."),
        ("sent", "Temporary credentials from STS: {aws|ASIA}. They expire at {ts}."),
        ("sent", "Please add {ip6|link_local}%{iface} and {ip6|v4mapped} to the allow list; switch firmware is {ver|bare}."),
        ("sent", "This integration was born on {date_bornon} as a pilot; since then the token {gh} has never been rotated."),
        ("sent", "Backups to {ip4pub} fail after upgrading to {ver3}; see section {section} of the runbook."),
        ("sent", "Placeholder {aws_placeholder} in the template is fine; the real key {aws} was in the Terraform state."),
        ("sent", "The customer pasted their fine-grained PAT ({gh|github_pat}) into the ticket. I've asked them to revoke it."),
        ("sent", "GitHub secret scanning alert: {gh} found in {repo} at commit {shortsha}; {gh_neg} in the same diff is not a live token."),
        ("sent", "CloudTrail shows {aws} (user ci-deployer) calling ListBuckets from {ip4pub}; the IAM user id is {aws_uid}."),
        ("sent", "Both keys need to go: {aws|AKIA} (long-term) and {aws|ASIA} (session). The account is {aws_acct}."),
        ("sent", "Please allow-list {cidr} and {cidr2} for the SFTP service; the old range {cidr3} can go."),
        ("sent", "The OAuth app issued {gh|gho} to {email_any}; the refresh token is {gh|ghr}."),
    ],
    "hr": [
        ("sent", "New hire {name}: SSN {ssn}, date of birth {dob}, start date {date_hire}."),
        ("lbl", "W-4 corrections\nEmployee: {name}\nSSN: {ssn}\nDOB: {dob}\nRouting: {aba}\nAccount: {acct}"),
        ("sent", "The SSN on the I-9 ({ssn}) doesn't match the payroll record ({ssn_bad}) — the payroll one is not a valid SSN."),
        ("sent", "Beneficiary update: spouse {pat}, born {dob}, SSN {ssn}. Employee ID {tno}."),
        ("sent", "Please don't use {ein} for {name} — that's the employer EIN; the employee SSN is {ssn}."),
        ("sent", "Garnishment order for {name}, SSN {ssn}, court case number {ssn_other}."),
        ("sent", "The background check vendor sent back {ssn_masked} only; we still need the full SSN from {email}."),
        ("sent", "Dependent {pat_first} (DOB {dob}) was added; the hire date {date_hire} is not a birth date, please fix the form."),
        ("lbl", "Employee: {name}\nBirth date: {dob}\nHire date: {date_hire}\nSSN: {ssn}"),
        ("sent", "Soc. Sec. No. {ssn|compact} belongs to {name}; ZIP+4 on the W-2 is {zip4}."),
    ],
    "kyc": [
        ("lbl", "KYC review — {name}\nDate of birth: {dob}\nSSN: {ssn}\nPhone: {phone}\nE-mail: {email}\nIBAN: {iban}"),
        ("sent", "Applicant uploaded a passport (born {dob}) and gave ITIN {itin}; we need an SSN for US accounts or an IBAN for EU ones ({iban} was supplied)."),
        ("sent", "Onboarding for {co}: director {name}, DOB {dob}, mobile {phone}; company EIN {ein}; payouts to routing {aba}."),
        ("sent", "The applicant's birthday is {dob}, but the ID scan shows issue date {date_created} and expiry {date_expiry}."),
        ("sent", "Beneficial owner {pat}, date of birth {dob}, contact {email_pat}; payouts to IBAN {iban}."),
        ("lbl", "Birthdate: {dob}\nPlace of birth: {city}\nPassport expiry: {date_expiry}"),
    ],
}
NOISE = [
    ("sent", "Ref {ticketref} · opened {ts}"),
    ("sent", "Related: build {ver3} ({shortsha}), deployed {ts}."),
    ("sent", "Attachment checksum (SHA-256) {sha256}."),
    ("sent", "Correlation ID {uuid}."),
    ("sent", "Shipment {fedex} left the depot on {date_ship}."),
    ("sent", "Call duration {duration}."),
    ("sent", "Internal order reference {order_luhn} (order number — not payment data)."),
    ("sent", "Invoice {inv} for {amount} was issued on {date_inv}."),
    ("sent", "Case {sku|case_number} · SLA breach at {ts}."),
    ("sent", "Linked ticket {ticketref}; agent desktop {ver}."),
    ("sent", "Tracking: {usps}."),
    ("sent", "Order {order_fail} · invoice {inv}."),
    ("sent", "Account {acct} (customer account number)."),
]
NONEN = {
    "fr": [
        ("sent", "Bonjour, j'ai été débité deux fois sur ma carte {card} pour la commande n° {order_luhn}. Merci de me rappeler au {phone} ou d'écrire à {email}."),
        ("lbl", "Nouveau RIB :\nIBAN : {iban}\nBIC : {bic}\nL'ancien IBAN {iban_bad} n'est plus valable."),
        ("sent", "Patient {pat}, né le {dob}, numéro de dossier (MRN) {mrn}. Le rendez-vous du {date_appt} a été annulé."),
        ("sent", "Le médecin prescripteur {dr} (NPI {npi}) n'arrive pas à se connecter depuis l'adresse {ip4pub}."),
        ("sent", "Votre conseiller m'a lu la carte {card_masked}, mais la bonne carte est {card} (expiration {exp})."),
        ("sent", "Mon numéro de portable a changé : {phone}. Mon adresse e-mail reste {email}."),
        ("sent", "La clé d'accès AWS {aws} a été publiée par erreur sur GitHub ; la clé {aws_example} de la documentation n'est qu'un exemple."),
        ("lbl", "Date de naissance : {dob}\nDate de la facture : {date_inv}\nFacture : {inv}"),
        ("sent", "Le colis {ups} a été expédié le {date_ship} ; le numéro de commande est {order_fail}."),
        ("sent", "Prélèvement SEPA rejeté : IBAN {iban}, identifiant créancier {sepa_ci}, mandat {mandate}."),
        ("sent", "Connexions suspectes depuis {ip6} et {ip4pub} ; version du client {ver}."),
    ],
    "de": [
        ("sent", "Guten Tag, meine Karte {card} wurde für die Bestellnummer {order_luhn} zweimal belastet. Bitte rufen Sie mich unter {phone} an oder schreiben Sie an {email}."),
        ("lbl", "Neue Bankverbindung:\nIBAN: {iban}\nBIC: {bic}\nDie alte IBAN {iban_bad} ist ungültig."),
        ("sent", "Patient {pat}, geboren am {dob}, Patientennummer (MRN) {mrn}. Der Termin am {date_appt} wurde abgesagt."),
        ("lbl", "Geburtsdatum: {dob}\nRechnungsdatum: {date_inv}\nRechnung: {inv}"),
        ("sent", "Ihr Mitarbeiter hat mir {card_masked} vorgelesen; die richtige Karte ist {card}, gültig bis {exp}."),
        ("sent", "Seit {date_incident} kommen Anmeldungen von {ip4pub} und {ip6}. Die Firmware-Version ist {ver}."),
        ("sent", "Meine neue Handynummer: {phone}. Festnetz: {phone}."),
        ("sent", "Der GitHub-Token {gh} wurde im CI-Log veröffentlicht; {gh_neg} in der Doku ist nur ein Platzhalter."),
        ("sent", "Sendungsnummer {ups}, versendet am {date_ship}, Auftragsnummer {order_fail}."),
        ("sent", "Lastschrift zurückgegeben: IBAN {iban}, Gläubiger-ID {sepa_ci}, Mandatsreferenz {mandate}."),
        ("sent", "Bitte die Zugangsdaten {aws} sofort sperren; die Konto-ID {aws_acct} ist kein Schlüssel."),
    ],
    "es": [
        ("sent", "Hola, me cobraron dos veces en la tarjeta {card} por el pedido número {order_luhn}. Llámenme al {phone} o escriban a {email}."),
        ("lbl", "Datos bancarios nuevos:\nIBAN: {iban}\nBIC: {bic}\nEl IBAN anterior {iban_bad} ya no sirve."),
        ("sent", "Paciente {pat}, fecha de nacimiento {dob}, número de historia clínica (MRN) {mrn}. La cita del {date_appt} fue cancelada."),
        ("sent", "Mi número de seguro social es {ssn}; el ITIN {itin} era el de antes."),
        ("sent", "El agente me leyó la tarjeta {card_masked}, pero la correcta es {card} (vence {exp})."),
        ("sent", "Nací el {dob}. La factura {inv} es del {date_inv}."),
        ("sent", "Mi celular nuevo es {phone} y mi correo {email}."),
        ("sent", "La clave de acceso {aws} quedó expuesta en el repositorio; {aws_placeholder} en la plantilla no es real."),
        ("sent", "Número de ruta bancaria (routing) {aba}, cuenta {acct}. El número {aba_bad} que envié antes está mal."),
        ("sent", "El envío {fedex} salió el {date_ship}; número de pedido {order_fail}."),
        ("sent", "Accesos desde {ip4pub} y {ip6} desde el {date_incident}."),
    ],
    "nl": [
        ("sent", "Goedendag, mijn kaart {card} is twee keer belast voor bestelnummer {order_luhn}. Bel me op {phone} of mail naar {email}."),
        ("lbl", "Nieuwe rekening:\nIBAN: {iban}\nBIC: {bic}\nHet oude IBAN {iban_bad} klopt niet."),
        ("sent", "Patiënt {pat}, geboren op {dob}, MRN {mrn}. De afspraak op {date_appt} is geannuleerd."),
        ("lbl", "Geboortedatum: {dob}\nFactuurdatum: {date_inv}\nFactuur: {inv}"),
        ("sent", "Uw collega las {card_masked} voor; de juiste kaart is {card}, geldig tot {exp}."),
        ("sent", "Sinds {date_incident} zien we logins vanaf {ip4pub}; het interne adres is {ip4priv}."),
        ("sent", "Mijn nieuwe mobiele nummer is {phone}, vast: {phone}."),
        ("sent", "Het token {gh} stond in een openbare gist; graag intrekken."),
        ("sent", "Pakket {ups} is verzonden op {date_ship}, ordernummer {order_fail}."),
        ("sent", "Incasso gestorneerd: IBAN {iban}, incassant-ID {sepa_ci}, machtiging {mandate}."),
        ("sent", "Toegangssleutel {aws} is gelekt; {aws_example} uit de handleiding is maar een voorbeeld."),
    ],
    "it": [
        ("sent", "Buongiorno, la mia carta {card} è stata addebitata due volte per l'ordine numero {order_luhn}. Chiamatemi al {phone} o scrivete a {email}."),
        ("lbl", "Nuove coordinate bancarie:\nIBAN: {iban}\nBIC: {bic}\nIl vecchio IBAN {iban_bad} non è valido."),
        ("sent", "Paziente {pat}, nato il {dob}, numero di cartella clinica (MRN) {mrn}. L'appuntamento del {date_appt} è stato annullato."),
        ("lbl", "Data di nascita: {dob}\nData fattura: {date_inv}\nFattura: {inv}"),
        ("sent", "L'operatore mi ha letto {card_masked}; la carta giusta è {card}, scadenza {exp}."),
        ("sent", "Accessi sospetti da {ip4pub} e {ip6} dal {date_incident}."),
        ("sent", "Il mio nuovo cellulare è {phone}; email {email}."),
        ("sent", "La chiave {aws} è finita in un repository pubblico; {aws_example} nella guida è solo un esempio."),
        ("sent", "Spedizione {ups} partita il {date_ship}; numero d'ordine {order_fail}."),
        ("sent", "Addebito SDD respinto: IBAN {iban}, identificativo creditore {sepa_ci}, mandato {mandate}."),
        ("sent", "Il token {gh} è comparso nei log della pipeline; {gh_neg} è solo un segnaposto."),
    ],
    "pt": [
        ("sent", "Olá, meu cartão {card} foi cobrado duas vezes pelo pedido número {order_luhn}. Liguem para {phone} ou escrevam para {email}."),
        ("lbl", "Novos dados bancários:\nIBAN: {iban}\nBIC: {bic}\nO IBAN antigo {iban_bad} está errado."),
        ("sent", "Paciente {pat}, data de nascimento {dob}, prontuário (MRN) {mrn}. A consulta de {date_appt} foi cancelada."),
        ("sent", "Nasci em {dob}. A fatura {inv} é de {date_inv}."),
        ("sent", "O atendente leu {card_masked}; o cartão certo é {card}, validade {exp}."),
        ("sent", "Acessos a partir de {ip4pub} desde {date_incident}; o IP interno é {ip4priv}."),
        ("sent", "Meu celular novo: {phone}. E-mail: {email}."),
        ("sent", "O token {gh} vazou no log do CI; {gh_neg} no README é só um exemplo."),
        ("sent", "A encomenda {ups} foi enviada em {date_ship}; número do pedido {order_fail}."),
        ("sent", "Débito direto recusado: IBAN {iban}, identificador do credor {sepa_ci}, mandato {mandate}."),
        ("sent", "A chave de acesso {aws} foi publicada por engano; {aws_placeholder} no modelo não é real."),
    ],
}
NEG_BLOCKS = {
    "order": ["Order summary\n- Order no.: {order_luhn}\n- Invoice: {inv} ({date_inv})\n- Amount: {amount}\n- Tracking: {ups}\n- Shipped: {date_ship}",
              "Refs: order {order_fail}, invoice {inv}, RMA {sku|case_number}, FedEx {fedex}, total {amount}.",
              "Booking reference {order_luhn|cardlike} (booking number, printed on the e-ticket) · issued {date_inv} · {amount}"],
    "env": ["Environment: agent {ver}, firmware {ver|bare}, build {dotbuild}, commit {gitsha}, NIC {mac}, cert OID {oid}",
            "Host facts: kernel {ver3}, image {docker_digest}, boot id {uuid}, uptime {duration}",
            "Versions: client {ver3}, server {ver}, schema {ver|bare}; last deploy {ts} ({shortsha})"],
    "visit": ["Visit info: CSN {csn}, account {acct}, member ID {member}, DOS {date_service}, accession {accession}, claim {claim}",
              "Billing refs: claim {claim}, encounter {csn}, service date {date_service}, amount {amount}"],
    "pay": ["Gateway refs: {txn}, merchant ID {merchant_id}, auth id {uuid}, settled {ts}, amount {amount}",
            "Processor trace {ref16} · batch {aba_bad|nine_digit_batch} · value date {date_inv} · {amount}"],
    "uk": ["UBRN {ubrn} · clinic date {date_appt} · referral {ticketref} · received {tsh}",
           "Superseded NHS number on the old letter: {nhs_bad} (fails the check digit); UBRN {ubrn}; booked {date_appt}.",
           "PDS trace log: tried {nhs_bad} and {nhs_bad2} (both fail modulus 11) before the correct number was found."],
    "rx": ["Rx refs: NDC {ndc}, state licence {lic}, superseded DEA {dea_bad} (fails the checksum), prior-auth no. {npi_bad}",
           "Pharmacy callback refs: NCPDP {ncpdp}, licence {lic}, PA {npi_bad}, Rx {tno}",
           "Note: {npi_bad} is the payer's provider-enrolment ID, not an NPI; {lic} is the state licence, not a DEA number."],
    "contact": ["Old contact details (masked in the CRM): {phone_masked}, {email_masked}, {card_masked}",
                "CRM shows {phone_masked} / {ssn_masked} / {iban_masked} — masked, as expected.",
                "Device return: IMEI {imei}, SIM {iccid}, manual ISBN {isbn}; RMA {sku|case_number}."],
    "git": ["Remotes: {not_email} · {not_email2}; last push {ts}",
            "Token fragments seen in the log (not usable): {gh_short}, {gh_short2}, {gh_masked}",
            "Mirror {not_email}; image {docker_digest}; tag {ver3}"],
}
NEG_BLOCK_FOR = {"complaint": ["order", "pay", "contact"], "agent_reply": ["order", "contact"], "escalation": ["pay", "env", "contact"], "billing": ["pay", "order"],
                 "ach": ["pay"], "clinic": ["visit", "rx", "rx"], "nhs": ["uk", "uk"], "itops": ["env", "git"], "hr": ["pay"], "kyc": ["pay"],
                 "chat": ["order", "contact"], "email_thread": ["order", "env"], "csv_paste": ["order", "env"], "json_snippet": ["env"],
                 "yaml_snippet": ["env", "git"]}
XX_NOISE = ["Ref. {ticketref} · {tsh}", "{inv} · {amount} · {date_inv|iso}", "Tracking: {ups}", "ID: {uuid}",
            "Order/Commande/Bestellung: {order_luhn}", "Build {ver} ({shortsha})", "SKU {sku|sku}", "{fedex} · {date_ship|iso}"]
GREET = {"fr": ["Bonjour,", "Madame, Monsieur,", "Bonjour l'équipe,"], "de": ["Hallo,", "Sehr geehrte Damen und Herren,", "Guten Morgen,"],
         "es": ["Hola:", "Buenos días,", "Estimado equipo:"], "nl": ["Hallo,", "Beste support,", "Goedemorgen,"],
         "it": ["Salve,", "Gentile assistenza,", "Buongiorno,"], "pt": ["Olá,", "Bom dia,", "Prezados,"]}
CLOSE = {"fr": ["Cordialement,", "Merci d'avance,", "Bien à vous,"], "de": ["Mit freundlichen Grüßen", "Viele Grüße", "Danke im Voraus"],
         "es": ["Saludos,", "Un saludo,", "Gracias,"], "nl": ["Met vriendelijke groet,", "Groeten,", "Alvast bedankt,"],
         "it": ["Cordiali saluti,", "Grazie,", "Saluti,"], "pt": ["Atenciosamente,", "Obrigado,", "Abraços,"]}
NONEN_Q = {  # chat questions: (dob, phone, email, card)
    "fr": ("Pouvez-vous confirmer votre date de naissance ?", "Votre numéro de téléphone ?", "Votre adresse e-mail ?", "Le numéro de carte concerné ?"),
    "de": ("Können Sie Ihr Geburtsdatum bestätigen?", "Ihre Telefonnummer bitte?", "Ihre E-Mail-Adresse?", "Welche Kartennummer ist betroffen?"),
    "es": ("¿Puede confirmar su fecha de nacimiento?", "¿Su número de teléfono?", "¿Su correo electrónico?", "¿Número de la tarjeta afectada?"),
    "nl": ("Kunt u uw geboortedatum bevestigen?", "Uw telefoonnummer?", "Uw e-mailadres?", "Om welk kaartnummer gaat het?"),
    "it": ("Può confermare la sua data di nascita?", "Il suo numero di telefono?", "Il suo indirizzo email?", "Il numero della carta interessata?"),
    "pt": ("Pode confirmar a sua data de nascimento?", "O seu número de telefone?", "O seu e-mail?", "Qual é o número do cartão?"),
}
SLOTS["gh_short"] = lambda c, a: N("gh_token_too_short", f"{c.r.choice(['ghp', 'ghs', 'gho', 'ghu'])}_" + "".join(c.r.choice(ALNUM) for _ in range(c.r.randint(5, 24))))
SLOTS["phone_frag"] = lambda c, a: N("ssn_shaped_phone_fragment", f"{c.r.choice(US_AREAS)}-{D(c.r, 2)}-{D(c.r, 4)}")
SLOTS["lic"] = lambda c, a: _lic(c.r)
SLOTS["ndc"] = lambda c, a: N("ndc_code", f"{D(c.r, 5)}-{D(c.r, 4)}-{D(c.r, 2)}")
SLOTS["ncpdp"] = lambda c, a: N("ncpdp_id", Dnz(c.r, 7))
SLOTS["site"] = lambda c, a: c.r.choice(["STMARY", "NWMC", "UCHC", "BHS", "KAISER1"])
SLOTS["sex"] = lambda c, a: c.r.choice(["F", "M", "U"])
SLOTS["ubrn"] = lambda c, a: N("ubrn", Dnz(c.r, 12))
SLOTS["token_blob"] = lambda c, a: N("aws_session_token", "IQoJb3JpZ2luX2Vj" + base64.b64encode(rb(c.r, 180)).decode().rstrip("="))
SLOTS["pid"] = lambda c, a: str(c.r.randint(300, 65000))
SLOTS["user"] = lambda c, a: c.r.choice(["admin", "oracle", "test", "ubuntu", "postgres", "git", "support"])
SLOTS["vat"] = lambda c, a: N("vat_id", c.r.choice(["DE", "FR", "NL", "IT", "ES", "BE", "AT"]) + (D(c.r, 9) if c.r.random() < 0.5 else D(c.r, 11)))
SLOTS["docker_digest"] = lambda c, a: N("docker_digest", f"{c.r.choice(['nginx', 'redis', 'acme/api', 'python'])}@sha256:{hexs(c.r, 64)}")
SLOTS["txn"] = lambda c, a: N("transaction_id", f"txn_{hexs(c.r, 14)}" if c.r.random() < 0.5 else f"ch_{''.join(c.r.choice(ALNUM) for _ in range(24))}")
SLOTS["gcp_client_id"] = lambda c, a: N("gcp_client_id", Dnz(c.r, 21))


# ============================================================================ structured blocks


def _pem_slot(c, arg):
    kind, escaped = None, False
    for a in (arg or "").split("."):
        if a == "escaped":
            escaped = True
        elif a in PEM_KINDS:
            kind = a
    return gen_pem(c.r, kind, escaped=escaped)


def _cidr_slot(c, arg):
    pfx = c.r.choice([24, 24, 16, 28, 22, 32])
    net = ipaddress.IPv4Network(f"{ip4_public(c.r) if c.r.random() < 0.7 else ip4_private(c.r)}/{pfx}", strict=False)
    addr = str(net.network_address) if pfx != 32 else str(net.network_address)
    return [V("IP_ADDRESS", addr, "ip.v4_cidr"), f"/{pfx}"]


def _gh_masked(c, a):
    return N("gh_token_masked", c.r.choice(["ghp_" + "*" * 36, "gho_************************************", "ghs_****", "github_pat_****"]))


SLOTS["pem"] = _pem_slot
SLOTS["cidr"] = _cidr_slot
SLOTS["gh_masked"] = _gh_masked
SLOTS["aws_masked"] = lambda c, a: N("aws_key_masked", "*" * 16 + "".join(c.r.choice(B32) for _ in range(4)))
SLOTS["region"] = lambda c, a: c.r.choice(["us-east-1", "eu-west-1", "eu-central-1", "ap-southeast-2", "us-west-2", "ca-central-1"])
SLOTS["org"] = lambda c, a: slug(c.co.name)[:12]
SLOTS["email_sa"] = lambda c, a: V("EMAIL_ADDRESS", f"{c.r.choice(['ci-deployer', 'etl-runner', 'backup-sa', 'looker'])}@{slug(c.co.name)[:14]}-{c.r.randint(100, 999)}.iam.gserviceaccount.com", "email.service_account")
SLOTS["prio"] = lambda c, a: c.r.choice(["Low", "Normal", "High", "Urgent", "P2", "P3", "Sev-2"])
SLOTS["channel"] = lambda c, a: c.r.choice(["email", "web form", "chat", "phone", "API", "Slack Connect"])
SLOTS["title"] = lambda c, a: c.r.choice(["Support Engineer", "Billing Specialist", "Customer Success Manager", "Practice Manager",
                                          "IT Administrator", "Accounts Payable Lead", "Clinical Applications Analyst", "Head of Operations",
                                          "Medical Secretary", "Payroll Coordinator"])

LOG_LINES = [
    "{ts} sshd[{pid}]: Failed password for invalid user {user} from {ip4pub} port {port} ssh2",
    "{ts} sshd[{pid}]: Accepted publickey for deploy from {ip} port {port} ssh2: ED25519 {fp}",
    '{ip4pub} - - [{ts}] "GET /api/v2/users?email={email_any} HTTP/1.1" 200 {n} "-" "curl/8.5.0"',
    "kernel: [UFW BLOCK] IN={iface} OUT= MAC={mac} SRC={ip4pub} DST={ip4priv} LEN=60 TTL=52 PROTO=TCP SPT={port} DPT=22",
    "{ts} haproxy[{pid}]: {ip4pub}:{port} fe_https be_api/api-02 0/0/1/23/24 200",
    "{ts} WARN auth login for {email_any} from [{ip6}]:{port}",
    "{ts} INFO agent {ver} heartbeat id={uuid}",
    "{ts} INFO snmp poll {oid} ok from {ip4priv}",
    "{ts} INFO deploy commit {gitsha} image {docker_digest}",
    "X-Forwarded-For: {ip4pub}, {ip4priv}",
    "{ts} INFO net route add {cidr} via {ip4priv}",
    "{ts} ERROR s3 AccessDenied for key {aws} (account {aws_acct})",
    "{ts} DEBUG env GITHUB_TOKEN={gh}",
    "{ts} INFO ws connected to wss://{ip4pub}:{port}/socket",
    "{ts} INFO dhcp lease {ip4priv} to {mac}",
    "{ts} WARN waf blocked {ip6} rule=941100 uri=/login",
    "{ts} INFO vpn peer {ip4pub}:{port} handshake ok, inner {ip4priv}",
    "{ts} ERROR payment gateway timeout after {duration} order={order_fail}",
    "{ts} INFO tls client hello from {ip}, sigalg {oid}",
    "{ts} INFO ntp sync with {ip4pub}, offset {duration}",
    "{ts} INFO sftp upload by {email_any} from {ip4pub}",
    "{ts} WARN fail2ban Ban {ip4pub}",
    "ssh -J deploy@{ip4pub} admin@{ip4priv}",
    "{ts} ERROR oauth invalid token {gh_neg} from {ip}",
    "{ts} INFO user {email_any} logged in from {ip6|full}",
    "{ts} INFO ping {ip6|upper} time=23.1 ms",
    "{ts} INFO http GET http://{ip4pub}:{port}/health 200",
    "{ts} INFO neighbour {ip6|link_local}%{iface} reachable",
    "{ts} INFO accepted connection from {ip6|v4mapped}",
    "{ts} INFO license check {ver} build {dotbuild}",
    "{ts} INFO lookup {mac} -> {ip4priv}",
    "{ts} WARN rate limit for {ip6|unpadded} ({n} req/s)",
    "{ts} INFO mqtt client {uuid} connected from {ip4pub}:{port}",
    "{ts} INFO firmware {ver|bare} on switch {ip4priv}",
    "{ts} ERROR smtp 550 rejected {email_any} from relay {ip4pub}",
    "{ts} INFO backup job {uuid} wrote {n} GB (sha256 {sha256})",
]
SLOTS["tsh"] = lambda c, a: N("timestamp", c.r.choice([ts_iso(c.r), ts_iso(c.r).replace("T", " ").replace("Z", " UTC"),
                                                        f"{rand_date(c.r, 2024, 2026):%a %d %b %Y} {c.r.randint(7, 19):02d}:{c.r.randint(0, 59):02d}"]))
SLOTS["dotbuild"] = lambda c, a: N("dotted_build_date", f"{c.r.randint(2021, 2026)}.{c.r.randint(1, 12):02d}.{c.r.randint(1, 28):02d}.{c.r.randint(1, 9)}")

AWS_BLOCKS = [
    ("aws_credentials", "[default]\naws_access_key_id = {aws|AKIA}\naws_secret_access_key = {aws_secret}\nregion = {region}"),
    ("env_export", "export AWS_ACCESS_KEY_ID={aws}\nexport AWS_SECRET_ACCESS_KEY={aws_secret}\nexport AWS_DEFAULT_REGION={region}"),
    ("cli_json", '$ aws sts get-session-token --duration-seconds 3600\n{{\n    "Credentials": {{\n        "AccessKeyId": "{aws|ASIA}",\n        "SecretAccessKey": "{aws_secret}",\n        "SessionToken": "{token_blob}",\n        "Expiration": "{ts}"\n    }}\n}}'),
    ("cli_list", '$ aws iam list-access-keys --user-name ci-bot\n{{"AccessKeyMetadata": [{{"UserName": "ci-bot", "AccessKeyId": "{aws|AKIA}", "Status": "Active", "CreateDate": "{ts}"}}]}}'),
    ("docker_env", "docker run --rm -e AWS_ACCESS_KEY_ID={aws} -e AWS_SECRET_ACCESS_KEY={aws_secret} amazon/aws-cli s3 ls"),
    ("terraform", 'provider "aws" {{\n  region     = "{region}"\n  access_key = "{aws}"\n  secret_key = "{aws_secret}"\n}}'),
    ("cloudtrail", '{{"eventName": "GetObject", "userIdentity": {{"type": "IAMUser", "principalId": "{aws_uid}", "accessKeyId": "{aws}", "accountId": "{aws_acct}"}}, "sourceIPAddress": "{ip4pub}"}}'),
    ("configure_list", "$ aws configure list\n      Name                    Value             Type    Location\n      ----                    -----             ----    --------\n   access_key     {aws_masked} shared-credentials-file\n\nbut the file itself still has aws_access_key_id={aws}"),
    ("boto3", 'boto3.client("s3", aws_access_key_id="{aws}", aws_secret_access_key="{aws_secret}")'),
    ("java_props", "aws.accessKeyId={aws}\naws.secretKey={aws_secret}"),
    ("dotenv_example", "# .env.example\nAWS_ACCESS_KEY_ID={aws_placeholder}\n# .env (committed by mistake)\nAWS_ACCESS_KEY_ID={aws}"),
]
GH_BLOCKS = [
    ("git_remote", "$ git remote -v\norigin  https://{gh|ghp}@github.com/{repo}.git (fetch)"),
    ("x_access_token", "git clone https://x-access-token:{gh|ghs}@github.com/{repo}.git"),
    ("npmrc", "//npm.pkg.github.com/:_authToken={gh}\n@{org}:registry=https://npm.pkg.github.com"),
    ("gh_auth_status", "$ gh auth status\ngithub.com\n  ✓ Logged in to github.com account ci-bot (GH_TOKEN)\n  - Token: {gh_masked}\n  - Token scopes: 'repo', 'workflow'\n\n(the real value in the runner env was {gh})"),
    ("actions_env", "env:\n  GH_TOKEN: {gh|github_pat}\n  NODE_VERSION: {ver3}"),
    ("auth_header", 'curl -H "Authorization: token {gh}" https://api.github.com/repos/{repo}/actions/runs'),
    ("bearer", "Authorization: Bearer {gh|ghu}"),
    ("oauth_json", '{{"access_token": "{gh|gho}", "token_type": "bearer", "scope": "repo,read:org"}}'),
    ("refresh_json", '{{"access_token": "{gh|ghu}", "expires_in": 28800, "refresh_token": "{gh|ghr}", "refresh_token_expires_in": 15811200}}'),
    ("dotenv", "GITHUB_TOKEN={gh}\nGITHUB_SHA={gitsha}"),
    ("docker_login", "echo {gh|ghp} | docker login ghcr.io -u ci-bot --password-stdin"),
    ("app_install", "installation token: {gh|ghs} (expires {ts})"),
]


def log_block(b, n):
    r = b.r
    for i, ln in enumerate(r.sample(LOG_LINES, n)):
        if i:
            b.t("\n")
        b.f(ln, "log")


def pem_block(b, lead=True):
    r = b.r
    k = wchoice(r, [("plain", 24), ("crlf_paste", 10), ("fenced", 12), ("k8s", 16), ("ansible", 8), ("terraform", 8),
                    ("env_quoted", 6), ("quoted_mail", 5), ("gcp_json", 9), ("with_pub", 8)])
    if lead:
        b.t(r.choice(["Here is the key the vendor sent (please rotate it):\n\n", "Found this in the shared drive:\n\n",
                      "The customer attached their deploy key by mistake:\n\n", "Pasted from the build server:\n\n",
                      "cat ~/.ssh/id_deploy\n", "Key for the SFTP drop, as requested:\n\n"]))
    if k == "plain":
        b.add(gen_pem(r))
    elif k == "crlf_paste":
        b.add(gen_pem(r, nl="\r\n"), "windows_paste")
    elif k == "fenced":
        b.t("```\n")
        b.add(gen_pem(r), "fenced")
        b.t("\n```")
    elif k == "k8s":
        b.t(f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: tls-{r.choice(['api', 'portal', 'ehr'])}\ntype: kubernetes.io/tls\nstringData:\n  tls.key: |\n    ")
        b.add(gen_pem(r, r.choice(["rsa", "ec", "pkcs8", "pkcs8_ec", "ec384", "pkcs8_ed25519", "encrypted"]), indent="    "), "k8s_yaml")
        if r.random() < 0.6:
            b.t("\n  tls.crt: |\n    ")
            b.add(neg_pem_other(r, "\n    "))
    elif k == "ansible":
        b.t("deploy_ssh_key: |\n  ")
        b.add(gen_pem(r, r.choice(["openssh", "rsa", "ec", "rsa_legacy_enc", "dsa"]), indent="  "), "ansible_yaml")
    elif k == "terraform":
        b.t('resource "tls_private_key" "imported" {\n  private_key_pem = <<EOT\n')
        b.add(gen_pem(r, r.choice(["rsa", "pkcs8", "ec", "encrypted", "rsa1024"])), "tf_heredoc")
        b.t("\nEOT\n}")
    elif k == "env_quoted":
        b.t('SSH_PRIVATE_KEY="')
        b.add(gen_pem(r, r.choice(["openssh", "rsa"])), "env_quoted")
        b.t('"')
    elif k == "quoted_mail":
        b.t("> ")
        b.add(gen_pem(r, r.choice(["rsa", "ec", "openssh"]), quote_prefix="> "), "mail_quote")
    elif k == "gcp_json":
        b.f('{{\n  "type": "service_account",\n  "project_id": "{org}-prod",\n  "private_key_id": "{hex40}",\n  "private_key": "{pem|escaped.pkcs8}\\n",\n  "client_email": "{email_sa}",\n  "client_id": "{gcp_client_id}"\n}}', "gcp_json")
    else:
        b.add(gen_pem(r))
        b.t(r.choice(["\n\nand the public half:\n", "\n\nPublic key (fine to share):\n"]))
        b.add(r.choice([neg_pem_other(r), neg_ssh_pub(r)]))


def signature(b, kind=None):
    r, c = b.r, b.ctx
    kind = kind or wchoice(r, [("block", 30), ("oneline", 15), ("iphone", 8), ("short", 15), ("bank", 10), ("clinic", 8), ("nhs", 6)])
    if kind == "block":
        b.f("\n\n--\n{agent}\n{title}, {vendor}\n" + r.choice(["T: ", "Tel: ", "Office: ", "Direct: ", "P: "]) + "{phone_ext}\n" +
            r.choice(["M: ", "Mobile: ", "Cell: ", "Mob. "]) + "{phone}\n{email_agent}", "sig")
    elif kind == "oneline":
        b.f("\n\n{agent} · {title} · {vendor} · {phone} · {email_agent}" if r.random() < 0.5 else
            "\n\n{agent} | {vendor} | {phone} | {email_agent}", "sig_inline")
    elif kind == "iphone":
        b.f("\n\n{first}\nc: {phone}\n\nSent from my iPhone", "sig_mobile")
    elif kind == "short":
        b.f("\n\nThanks,\n{name}\n{email}", "sig")
    elif kind == "bank":
        b.f("\n\n{agent}\nAccounts Receivable, {vendor}\nTel {phone}\nBank: IBAN ", "sig")
        b.add(gen_iban_wrapped(r) if r.random() < 0.35 else gen_iban(r, None, r.choice(["grouped", "compact"])), "sig")
        b.f(" · BIC {bic} · VAT {vat}", "sig")
    elif kind == "clinic":
        b.f("\n\n{dr}\n{co}\nPh {phone} | Fax {phone}\nNPI {npi}" + (" · DEA {dea}" if r.random() < 0.5 else ""), "sig")
    else:
        b.f("\n\n{agent}\n{title}, {city} NHS Foundation Trust\nTel: {phone|gb} ext {n}\nSecure email: {email_nhs}", "sig")


TABLES = {
    "patients": [("mrn", "MRN", "{mrn}"), ("last_name", "Last name", "{last}"), ("dob", "DOB", "{dob}"),
                 ("phone", "Phone", "{phone}"), ("next_appt", "Next appt", "{date_appt}")],
    "nhs": [("nhs_number", "NHS No", "{nhs}"), ("surname", "Surname", "{last}"), ("date_of_birth", "Date of birth", "{dob}"),
            ("gp_practice", "GP", "{odscode}"), ("clinic_date", "Clinic date", "{date_appt}")],
    "payments": [("txn_id", "Txn", "{txn}"), ("card_number", "Card number", "{card}"), ("exp", "Exp", "{exp}"),
                 ("amount", "Amount", "{amount}"), ("order_no", "Order no", "{order_luhn}")],
    "payroll": [("emp_id", "Emp ID", "{tno}"), ("name", "Name", "{name}"), ("ssn", "SSN", "{ssn}"),
                ("routing", "Routing", "{aba}"), ("account", "Account", "{acct}"), ("dob", "DOB", "{dob}")],
    "users": [("user_id", "User ID", "{tno}"), ("email", "Email", "{email_any}"), ("last_login_ip", "Last login IP", "{ip}"),
              ("phone", "Phone", "{phone}"), ("created_at", "Created", "{ts}")],
    "providers": [("provider", "Provider", "{dr}"), ("npi", "NPI", "{npi}"), ("dea", "DEA", "{dea}"),
                  ("phone", "Phone", "{phone}"), ("claim", "Last claim", "{claim}")],
    "payouts": [("vendor", "Vendor", "{vendor}"), ("iban", "IBAN", "{iban}"), ("bic", "BIC", "{bic}"),
                ("amount", "Amount", "{amount}"), ("invoice", "Invoice", "{inv}")],
}


def table_block(b, kind, rows=None):
    r = b.r
    cols = TABLES[kind]
    sep = wchoice(r, [(",", 40), (";", 15), ("\t", 20), ("|", 25)])
    hdr_style = r.randrange(3)
    names = [c[0] if hdr_style == 0 else c[1] if hdr_style == 1 else c[0].upper() for c in cols]
    tag = {",": "csv", ";": "semicolon", "\t": "tsv", "|": "md_table"}[sep]
    if sep == "|":
        b.t("| " + " | ".join(names) + " |\n|" + "|".join("---" for _ in cols) + "|")
    else:
        b.t(sep.join(names))
    quote = sep == "," and r.random() < 0.3
    dfmt = wchoice(r, DOB_FMT_W)
    afmt = r.choice(["iso", "us_slash", "eu_slash", "dmy_abbr", "eu_dot"])
    cols = [(a, h, tpl.replace("{dob}", "{dob|" + dfmt + "}").replace("{date_appt}", "{date_appt|" + afmt + "}")) for a, h, tpl in cols]
    for _ in range(rows or r.randint(2, 4)):
        b.ctx.cust, b.ctx.dr, b.ctx.pat = Person(r), Person(r), Person(r)
        b.ctx.vendor = Company(r)
        b.t("\n| " if sep == "|" else "\n")
        for i, (_, _, tpl) in enumerate(cols):
            if i:
                b.t(" | " if sep == "|" else sep)
            if quote and tpl in ("{name}", "{dr}", "{amount}", "{card}", "{phone}"):
                b.t('"')
                b.f(tpl, tag)
                b.t('"')
            else:
                b.f(tpl, tag)
        if sep == "|":
            b.t(" |")


JSON_SNIPPETS = [
    ("json_pretty", '{{\n  "patient": {{\n    "mrn": "{mrn}",\n    "dob": "{dob|iso}",\n    "phone": "{phone}",\n    "email": "{email_pat}"\n  }},\n  "visit": {{"csn": "{csn}", "date": "{date_service|iso}"}}\n}}'),
    ("json_compact", '{{"type":"charge.failed","id":"{uuid}","data":{{"card":{{"number":"{card|compact}","exp":"{exp}"}},"billing_email":"{email}","ip":"{ip}"}},"created":{ts}}}'),
    ("json_compact", '{{"user":{{"email":"{email}","phone":"{phone}","last_ip":"{ip6}","signup":"{date_created|iso}"}},"order":"{order_luhn}"}}'),
    ("json_pretty", '{{\n  "employee": "{name}",\n  "ssn": "{ssn}",\n  "date_of_birth": "{dob}",\n  "bank": {{"routing": "{aba}", "account": "{acct}"}}\n}}'),
    ("json_pretty", '{{\n  "prescriber": {{"name": "{dr}", "npi": "{npi}", "dea": "{dea}"}},\n  "patient": {{"mrn": "{mrn}", "birthDate": "{dob|iso}"}},\n  "rx_id": "{uuid}"\n}}'),
    ("json_compact", '{{"resourceType":"Patient","identifier":[{{"system":"https://fhir.nhs.uk/Id/nhs-number","value":"{nhs|compact}"}},{{"type":{{"text":"MRN"}},"value":"{mrn}"}}],"birthDate":"{dob|iso}","telecom":[{{"system":"phone","value":"{phone|gb}"}}]}}'),
    ("json_pretty", '{{\n  "payout": {{\n    "iban": "{iban}",\n    "bic": "{bic}",\n    "creditor_id": "{sepa_ci}",\n    "amount": "{amount}"\n  }}\n}}'),
]
YAML_SNIPPETS = [
    ("yaml_config", "smtp:\n  username: {email_role}\n  host: {ip4priv}\n  port: 587\naws:\n  access_key_id: {aws}\n  secret_access_key: {aws_secret}\n  region: {region}"),
    ("yaml_patient", 'patient:\n  name: {pat}\n  mrn: "{mrn}"\n  dob: {dob|iso}\n  phone: "{phone}"\n  next_visit: {date_appt|iso}'),
    ("yaml_contacts", 'contacts:\n  - name: {name}\n    email: {email}\n    phone: "{phone}"\n  - name: {agent}\n    email: {email_agent}\n    phone: "{phone}"'),
    ("yaml_network", "allowlist:\n  - {ip4pub}\n  - {ip6}\n  - {cidr}\nagent_version: {ver}\nsnmp_sysobjectid: {oid}"),
    ("yaml_ci", "jobs:\n  deploy:\n    env:\n      GITHUB_TOKEN: {gh}\n      AWS_ACCESS_KEY_ID: {aws}\n      IMAGE_SHA: {gitsha}"),
    ("yaml_billing", 'billing:\n  iban: "{iban}"\n  card_on_file: "{card_masked}"\n  backup_card: "{card}"\n  invoice: {inv}'),
]


def chat_block(b, topic=None):
    r, lang = b.r, b.lang
    style = r.randrange(3)
    agent = b.ctx.agent.first
    cust = b.ctx.cust.first
    t0 = r.randint(8 * 60, 17 * 60)

    def who(is_agent, k):
        mm = t0 + k
        stamp = f"{mm // 60:02d}:{mm % 60:02d}"
        if style == 0:
            return f"[{stamp}] {'Agent (' + agent + ')' if is_agent else cust}: "
        if style == 1:
            return "Agent: " if is_agent else "Customer: "
        return f"{agent if is_agent else cust} ({stamp}): "
    if lang == "en":
        qa = [("Can you confirm your date of birth?", "{dob}", "chat_answer"),
              ("What's the best number to reach you?", "{phone}", "chat_answer"),
              ("And the e-mail on the account?", "{email}", "chat_answer"),
              ("Which card was charged?", "it's {card}", "chat_answer"),
              ("Do you have the order number?", "{order_luhn} I think", "chat_answer"),
              ("What's the MRN on the wristband?", "{mrn}", "chat_answer"),
              ("Could you read me the NHS number from the letter?", "{nhs}", "chat_answer"),
              ("What's the routing number on the new account?", "{aba}", "chat_answer"),
              ("Which IBAN should the refund go to?", "{iban}", "chat_answer"),
              ("What IP are you connecting from? (whatismyip.com shows it)", "{ip}", "chat_answer"),
              ("Last four of the SSN for verification?", "{ssn_masked}", "chat_answer"),
              ("What's the tracking number?", "{ups}", "chat_answer"),
              ("Can you give me the prescriber's DEA number?", "{dea}", "chat_answer"),
              ("And the NPI?", "{npi}", "chat_answer")]
    else:
        q = NONEN_Q[lang]
        qa = [(q[0], "{dob}", "chat_answer"), (q[1], "{phone}", "chat_answer"), (q[2], "{email}", "chat_answer"),
              (q[3], "{card}", "chat_answer")]
    k = 0
    picks = r.sample(qa, min(len(qa), r.randint(2, 4)))
    b.t(who(True, k) + {"en": "Hi, thanks for waiting. Let me pull up your account.", "fr": "Bonjour, je regarde votre dossier.",
                          "de": "Hallo, ich sehe mir Ihr Konto an.", "es": "Hola, reviso su cuenta.", "nl": "Hallo, ik kijk even mee.",
                          "it": "Salve, controllo il suo account.", "pt": "Olá, vou verificar a sua conta."}[lang])
    for qtext, ans, tag in picks:
        k += r.randint(0, 2)
        b.t("\n" + who(True, k) + qtext + "\n")
        k += r.randint(0, 2)
        b.t(who(False, k))
        b.f(ans, tag)


def email_headers(b):
    r = b.r
    st = r.randrange(3)
    if st == 0:
        b.f('From: "{last}, {first}" <{email}>\n', "hdr_from")
    elif st == 1:
        b.f("From: {name} <{email}>\n", "hdr_from")
    else:
        b.f("From: {email}\n", "hdr_from")
    b.f("Sent: {date_created|weekday_long}\n" if r.random() < 0.3 else "Date: {ts}\n", "hdr")
    b.f("To: {vendor} Support <{email_agent}>\n", "hdr_to")
    if r.random() < 0.35:
        b.f("Cc: {email_any}; {email_role}\n", "hdr_cc")
    b.t("Subject: " + r.choice(["RE: refund", "FW: card declined", "RE: [#{}] login issue".format(r.randint(1000, 99999)),
                                 "Updated bank details", "Patient portal access", "URGENT: leaked credentials",
                                 "RE: chart merge", "Payroll correction"]) + "\n\n")


def quote_builder(b, tpl_list):
    """Append a '> '-quoted earlier message."""
    r = b.r
    sub = Builder(r, b.lang, b.ctx)
    tag, tpl = r.choice(tpl_list)
    sub.f(tpl, tag + ".quoted")
    if any(p[1] is not None and "\n" in p[0] for p in sub.pieces):
        return
    b.f("\n\nOn {date_created|mdy_abbr}, {agent} <{email_agent}> wrote:\n" if r.random() < 0.6 else "\n\n-----Original Message-----\n", "hdr_quote")
    b.t("> ")
    for txt, obj, fmt in sub.pieces:
        if obj is None:
            b.t(txt.replace("\n", "\n> "))
        else:
            b.pieces.append([txt, obj, fmt])


# ============================================================================ notes

EN_CATS = [("complaint", 70), ("agent_reply", 55), ("escalation", 35), ("billing", 60), ("ach", 35), ("clinic", 75),
           ("nhs", 50), ("itops", 90), ("chat", 45), ("email_thread", 55), ("csv_paste", 40), ("json_snippet", 30),
           ("yaml_snippet", 25), ("hr", 35), ("kyc", 25)]
SUBJECTS = {
    "complaint": ["Charged twice", "Refund still missing", "Card declined but money taken", "Nobody calls back", "Wrong item"],
    "agent_reply": ["Re: your refund", "Re: account update", "Your callback", "Re: billing question"],
    "escalation": ["Escalation: possible fraud", "T2 handover", "Vendor escalation", "Engineering follow-up"],
    "billing": ["Chargeback", "ACH return", "SEPA failure", "Invoice dispute", "Refund approval"],
    "ach": ["Bank details change", "Direct deposit update", "ACH routing", "Payout account"],
    "clinic": ["Portal access", "EPCS failure", "Chart merge request", "Lab interface error", "Claim denial"],
    "nhs": ["PDS trace failure", "e-RS booking", "NHS App access", "Smartcard issue"],
    "itops": ["Leaked credentials", "Firewall allow-list", "SSH failures", "Key rotation", "CI secrets"],
    "hr": ["Payroll correction", "New hire paperwork", "Benefits update", "W-4 change"],
    "kyc": ["KYC review", "Onboarding check", "Beneficial owner verification"],
}


def header(b, cat):
    r = b.r
    subj = r.choice(SUBJECTS.get(cat, ["Support request"]))
    k = r.randrange(7)
    if k == 0:
        b.f("[{vendor} Support] Ticket #{tno} · {prio} · via {channel} · {tsh}\n\n", "hdr")
    elif k == 1:
        b.f("Case {caseno} — " + subj + "\n\n")
    elif k == 2:
        b.t("Subject: " + subj + "\n\n")
    elif k == 3:
        b.f("Internal note — {agent}, {tsh}\n\n", "hdr")
    elif k == 4:
        b.f("#{tno} | " + subj + " | {prio}\n\n")


def frames_part(b, cat, k):
    r = b.r
    pool = FRAMES[cat]
    for i, (tag, tpl) in enumerate(r.sample(pool, min(k, len(pool)))):
        if i:
            b.t(r.choice(["\n\n", " ", "\n\n", "\n"]))
        b.f(tpl, tag)


def build_note_en(b, cat):
    r = b.r
    tags = []
    if cat == "chat":
        b.f(r.choice(["Chat transcript — {vendor} web chat\n\n", "Transcript ({tsh})\n\n", ""]), "hdr")
        chat_block(b)
        for _ in range(wchoice(r, [(0, 30), (1, 50), (2, 20)])):
            b.t("\n\nAgent note: ")
            b.f(r.choice(NOISE)[1])
        return tags + ["chat"]
    if cat == "email_thread":
        email_headers(b)
        b.t(r.choice(["Hi team,\n\n", "Hello,\n\n", f"Dear {b.ctx.agent.first},\n\n", ""]))
        sub = r.choice(["complaint", "billing", "clinic", "ach", "hr", "kyc", "nhs", "escalation", "itops", "itops"])
        frames_part(b, sub, r.randint(1, 2))
        if r.random() < 0.6:
            b.t("\n\n")
            b.f(r.choice(NOISE)[1])
        signature(b)
        if r.random() < 0.7:
            quote_builder(b, FRAMES[r.choice(["complaint", "billing", "clinic", "agent_reply", "hr"])])
        if r.random() < 0.06:
            b.t("\n\n")
            pem_block(b)
            tags.append("pem")
        return tags + ["email"]
    if cat == "csv_paste":
        header(b, cat)
        b.t(r.choice(["Export from the portal (please delete after use):\n\n", "Pasted rows that failed import:\n\n",
                      "Here's the spreadsheet extract:\n\n", "Rows from the customer's upload:\n\n"]))
        table_block(b, r.choice(list(TABLES)))
        if r.random() < 0.8:
            b.t("\n\n")
            b.f(r.choice(NOISE)[1])
        return tags + ["table"]
    if cat == "json_snippet":
        header(b, cat)
        b.t(r.choice(["Payload from the webhook log:\n\n", "The API returned:\n\n", "Request body we received:\n\n", ""]))
        tag, tpl = r.choice(JSON_SNIPPETS)
        b.f(tpl, tag)
        if r.random() < 0.3:
            b.t("\n\nAlso found in the same export:\n\n")
            pem_block(b, lead=False)
            tags.append("pem")
        elif r.random() < 0.3:
            b.t("\n\n")
            b.f(r.choice(NOISE)[1])
        return tags + ["json"]
    if cat == "yaml_snippet":
        header(b, cat)
        b.t(r.choice(["Config the customer shared:\n\n", "values.yaml from the repo:\n\n", "From the Helm chart:\n\n"]))
        if r.random() < 0.6:
            pem_block(b, lead=False)
            tags.append("pem")
        else:
            tag, tpl = r.choice(YAML_SNIPPETS)
            b.f(tpl, tag)
        return tags + ["yaml"]
    header(b, cat)
    if cat == "itops":
        frames_part(b, cat, r.randint(1, 2))
        b.t("\n\n")
        log_block(b, r.randint(2, 5))
        x = r.random()
        if x < 0.42:
            b.t("\n\n" + r.choice(["Config found on the box:\n", "From the CI logs:\n", "They also pasted:\n"]))
            tag, tpl = r.choice(AWS_BLOCKS)
            b.f(tpl, tag)
            tags.append("aws")
        elif x < 0.92:
            b.t("\n\n" + r.choice(["From the CI logs:\n", "Shell history:\n", "They also pasted:\n"]))
            tag, tpl = r.choice(GH_BLOCKS)
            b.f(tpl, tag)
            tags.append("github")
        if r.random() < 0.6:
            b.t("\n\n")
            pem_block(b)
            tags.append("pem")
        if r.random() < 0.45:
            o = neg_pem_other(r) if r.random() < 0.75 else neg_ssh_pub(r)
            lead = {"certificate_block": "Their server certificate, for reference:\n", "csr_block": "CSR they generated:\n",
                    "pem_private_redacted": "Their key, as it appears in the redacted export:\n"}.get(o.kind, "Public half (fine to share):\n")
            b.t("\n\n" + lead)
            b.add(o)
        tags.append("log")
    else:
        if cat == "complaint" and r.random() < 0.4:
            b.t(r.choice(["Hello,\n\n", "Hi there,\n\n", f"Hi {b.ctx.cust.first},\n\n"]))
        frames_part(b, cat, r.randint(2, 3))
        if cat in ("clinic", "billing", "hr", "nhs") and r.random() < 0.25:
            b.t("\n\n" + r.choice(["Rows from the import file:\n", "Extract:\n"]))
            table_block(b, {"clinic": r.choice(["patients", "providers"]), "billing": r.choice(["payments", "payouts"]),
                            "hr": "payroll", "nhs": "nhs"}[cat], r.randint(1, 3))
            tags.append("table")
        for _ in range(wchoice(r, [(0, 5), (1, 35), (2, 45), (3, 15)])):
            b.t(r.choice(["\n\n", "\n", " "]))
            b.f(r.choice(NOISE)[1])
        if r.random() < 0.45:
            if cat in ("complaint", "kyc"):
                kind = r.choice(["iphone", "short", "short", "block"])
            elif cat == "clinic":
                kind = r.choice(["clinic", "block", "oneline"])
            elif cat == "nhs":
                kind = r.choice(["nhs", "nhs", "block"])
            elif cat in ("billing", "ach"):
                kind = r.choice(["bank", "block", "oneline"])
            else:
                kind = r.choice(["block", "oneline"])
            signature(b, kind)
    return tags


def build_note_xx(b):
    r, lang = b.r, b.lang
    tags = []
    b.t(r.choice(GREET[lang]) + "\n\n")
    pool = NONEN[lang]
    for i, (tag, tpl) in enumerate(r.sample(pool, r.randint(2, 4))):
        if i:
            b.t(r.choice(["\n\n", " ", "\n"]))
        b.f(tpl, tag)
    if r.random() < 0.2:
        b.t("\n\n")
        chat_block(b)
        tags.append("chat")
    if r.random() < 0.2:
        b.t("\n\n")
        log_block(b, r.randint(2, 4))
        tags.append("log")
    for _ in range(wchoice(r, [(0, 20), (1, 50), (2, 30)])):
        b.t("\n\n")
        b.f(r.choice(XX_NOISE), "sent")
    b.t("\n\n" + r.choice(CLOSE[lang]) + "\n")
    b.f("{name}" + r.choice(["", "\nTel. {phone}", "\n{phone} · {email}", "\nMobile : {phone}"]), "sig")
    return tags


def make_note(r, lang, cat):
    b = Builder(r, lang)
    tags = build_note_xx(b) if lang != "en" else build_note_en(b, cat)
    if r.random() < 0.55:
        b.t("\n\n")
        b.f(r.choice(NEG_BLOCKS[r.choice(NEG_BLOCK_FOR[cat])]), "sent")
    return b, tags


# ============================================================================ validation

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PEM_RE = re.compile(r"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----(.*?)-----END \1-----", re.S)
MRN_CTX = re.compile(r"MRN|MR#|Med(?:ical)? Rec|medical record|chart number|hospital number|historia clínica|cartella clinica|prontuário|dossier|Patientennummer|\bmrn\b", re.I)
DOB_CTX = re.compile(r"DOB|D\.O\.B|date of birth|date_of_birth|birth ?date|born|b\. |birthday|naissance|né le|geboren|Geburtsdatum|geboortedatum|nacimiento|Nací|nato il|nascimento|Nasci|\bdob\b", re.I)
REF_CTX = re.compile(r"order|invoice|booking|confirmation|gift|loyalty|rewards|reference|commande|Bestell|pedido|bestel|ordine|\bref\b", re.I)


def pem_ok(s):
    m = PEM_RE.fullmatch(s)
    if not m:
        return False
    body = m.group(2).replace("\\n", "\n")
    lines = [ln.strip().lstrip(">").strip() for ln in body.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith(("Proc-Type:", "DEK-Info:"))]
    try:
        raw = base64.b64decode("".join(lines), validate=True)
    except ValueError:
        return False
    return len(raw) >= 40


def ip_ok(s):
    try:
        a = ipaddress.ip_address(s)
    except ValueError:
        return False
    if a.is_loopback or a.is_unspecified or a.is_multicast:
        return False
    if a.version == 4 and (a in ipaddress.ip_network("192.0.2.0/24") or a in ipaddress.ip_network("198.51.100.0/24")
                           or a in ipaddress.ip_network("203.0.113.0/24")):
        return False
    return True


def validate_value(ent, s, note_text):
    """-> None if fine, else a message."""
    d = digits(s)
    if ent == "CREDIT_CARD":
        if any(not (ch.isdigit() or ch in CARD_SEPS) for ch in s) or not card_ok(d):
            return "card fails Luhn/brand/test-PAN rule"
    elif ent == "US_SSN":
        if not re.fullmatch(r"\d{3}([- .]?)\d{2}\1\d{4}", s) or not ssn_ok(d):
            return "SSN rule"
    elif ent == "EMAIL_ADDRESS":
        if not EMAIL_RE.fullmatch(s):
            return "email syntax"
    elif ent == "PHONE_NUMBER":
        if re.search(r"[^0-9 +\-.()/\u2011]", s) or not 7 <= len(d) <= 15 or not s[-1].isdigit():
            return "phone shape"
    elif ent == "IBAN_CODE":
        if not iban_ok(re.sub(r"[\s\-]", "", s)):
            return "IBAN fails"
    elif ent == "ABA_ROUTING_NUMBER":
        if re.search(r"[^0-9 \-]", s) or not aba_ok(d):
            return "ABA fails"
    elif ent == "IP_ADDRESS":
        if not ip_ok(s):
            return "IP invalid"
    elif ent == "MEDICAL_RECORD_NUMBER":
        if len(d) < 5 or not MRN_CTX.search(note_text):
            return "MRN without digits/context"
    elif ent == "US_NPI":
        if re.search(r"[^0-9 \-]", s) or not npi_ok(d):
            return "NPI fails"
    elif ent == "DATE_OF_BIRTH":
        if not date_parses(s) or not DOB_CTX.search(note_text):
            return "DOB unparsable/no context"
    elif ent == "UK_NHS":
        if re.search(r"[^0-9 \-\u00a0]", s) or not nhs_ok(d):
            return "NHS fails"
    elif ent == "US_DEA":
        if not dea_ok(re.sub(r"[ \-]", "", s)):
            return "DEA fails"
    elif ent == "AWS_ACCESS_KEY":
        if not aws_ok(s):
            return "AWS format"
    elif ent == "GITHUB_TOKEN":
        if not gh_ok(s):
            return "GitHub format/checksum"
    elif ent == "PRIVATE_KEY":
        if not pem_ok(s):
            return "PEM block"
    else:
        return "unknown entity"
    return None


MASK_CH = set("*•Xx[<")


def validate_neg(kind, s, note_text):
    d = digits(s)
    compact = re.sub(r"[\s\-]", "", s).upper()
    checks = {
        "luhn_valid_reference": lambda: luhn_ok(d) and bool(REF_CTX.search(note_text)),
        "luhn_fail_reference": lambda: len(d) == 16 and not luhn_ok(d),
        "luhn_fail_16": lambda: len(d) == 16 and not luhn_ok(d),
        "imei": lambda: luhn_ok(d) and card_brand(d) is None and len(d) == 15,
        "sim_iccid": lambda: luhn_ok(d) and card_brand(d) is None and d.startswith("89"),
        "merchant_id": lambda: len(d) == 15,
        "masked_card": lambda: bool(MASK_CH & set(s)) and len(d) <= 10,
        "masked_ssn": lambda: bool(MASK_CH & set(s)) and len(d) == 4,
        "masked_phone": lambda: bool(MASK_CH & set(s)),
        "masked_email": lambda: bool(MASK_CH & set(s)),
        "masked_iban": lambda: bool(MASK_CH & set(s)),
        "masked_ip": lambda: bool(MASK_CH & set(s)),
        "card_expiry": lambda: bool(re.fullmatch(r"\d{2}[/-]?(?:20)?\d{2}", s)),
        "ssn_invalid": lambda: len(d) == 9 and not ssn_ok(d),
        "itin": lambda: len(d) == 9 and not ssn_ok(d),
        "ssn_shaped_other_id": lambda: ssn_ok(d) and bool(re.search(r"policy|case|claim", note_text, re.I)),
        "ein": lambda: bool(re.fullmatch(r"\d{2}-\d{7}", s)),
        "zip_plus4": lambda: bool(re.fullmatch(r"\d{5}-\d{4}", s)),
        "ssn_shaped_phone_fragment": lambda: bool(re.fullmatch(r"\d{3}-\d{2}-\d{4}", s)) and bool(re.search(r"caller|voicemail|number", note_text)),
        "iban_bad_checksum": lambda: not iban_mod_ok(compact),
        "iban_wrong_length": lambda: not iban_ok(compact) and compact[:2] in IBAN_SPEC and len(compact) != IBAN_SPEC[compact[:2]][0],
        "sepa_creditor_id": lambda: not iban_ok(compact) and "ZZZ" in compact,
        "bic": lambda: bool(re.fullmatch(r"[A-Z]{6}[A-Z0-9]{2}(?:[A-Z0-9]{3})?", s)),
        "nine_digit_not_aba": lambda: len(d) == 9 and not aba_ok(d),
        "nine_digit_batch": lambda: len(d) == 9 and not aba_ok(d),
        "ten_digit_not_npi": lambda: len(d) == 10 and not npi_ok(d) and not nhs_ok(d),
        "dea_bad_checksum": lambda: not dea_ok(s),
        "state_license": lambda: not dea_ok(s),
        "nhs_bad_checksum": lambda: len(d) == 10 and not nhs_ok(d),
        "aws_doc_example": lambda: "EXAMPLE" in s and not aws_ok(s),
        "aws_placeholder": lambda: not aws_ok(s),
        "aws_unique_id": lambda: not aws_ok(s) and s[:4] in ("AROA", "AIDA", "ANPA", "AGPA"),
        "aws_key_truncated": lambda: not aws_ok(s),
        "aws_key_masked": lambda: "*" in s,
        "aws_account_id": lambda: len(d) == 12,
        "aws_secret_access_key": lambda: len(s) == 40,
        "gh_token_too_short": lambda: not gh_ok(s),
        "gh_token_masked": lambda: "*" in s and not gh_ok(s),
        "gh_token_placeholder": lambda: not gh_ok(s),
        "gitlab_token": lambda: s.startswith("glpat-"),
        "hex40_not_token": lambda: bool(re.fullmatch(r"[0-9a-f]{40}", s)),
        "git_sha": lambda: bool(re.fullmatch(r"[0-9a-f]{40}", s)),
        "public_key_block": lambda: "PRIVATE" not in s,
        "certificate_block": lambda: "PRIVATE" not in s,
        "csr_block": lambda: "PRIVATE" not in s,
        "pem_private_redacted": lambda: not pem_ok(s),
        "ipv4_invalid_octet": lambda: not ip_ok(s),
    }
    if kind.startswith("date_"):
        return None if date_parses(s) else f"{kind}: not a date"
    fn = checks.get(kind)
    if fn is None:
        return None if s.strip() else "empty negative"
    return None if fn() else f"negative {kind} does not satisfy its claim"


CARD_RUN_RE = re.compile(r"\d+(?:(?:[ \-.\u00a0\u2009\u202f\u2013]{1,2})\d+)*")
SSN_RE = re.compile(r"(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w-])")
D9_RE = re.compile(r"(?<![\w])\d{9}(?![\w])")
D10_RE = re.compile(r"(?<![\w])(?:\d{10}|\d{3}[ \-\u00a0]\d{3}[ \-\u00a0]\d{4})(?![\w])")
DEA_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z9]\d{7}(?![A-Za-z0-9])")
IP4_RE = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)")
IP6_RE = re.compile(r"(?<![\w:.])[0-9A-Fa-f:]*:[0-9A-Fa-f:]*(?:\d{1,3}(?:\.\d{1,3}){3})?")
IBAN_RE = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ \u00a0\-]?[A-Za-z0-9]){8,32}")
AWS_RE = re.compile(r"(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])")
GH_RE = re.compile(r"(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])")
PEMH_RE = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")


def leak_candidates(text):
    """Yield (cstart, cend, what) for every substring a careful scanner could call sensitive."""
    for m in CARD_RUN_RE.finditer(text):
        groups = [(g.start() + m.start(), g.end() + m.start()) for g in re.finditer(r"\d+", m.group())]
        for i in range(len(groups)):
            tot = ""
            for j in range(i, len(groups)):
                tot += text[groups[j][0]:groups[j][1]]
                if len(tot) > 19:
                    break
                if 13 <= len(tot) and luhn_ok(tot) and card_brand(tot):
                    yield groups[i][0], groups[j][1], "card"
    for m in SSN_RE.finditer(text):
        if ssn_ok(digits(m.group())):
            yield m.start(), m.end(), "ssn"
    for m in D9_RE.finditer(text):
        if aba_ok(m.group()):
            yield m.start(), m.end(), "aba"
    for m in D10_RE.finditer(text):
        dd = digits(m.group())
        if npi_ok(dd) or nhs_ok(dd):
            yield m.start(), m.end(), "npi/nhs"
    for m in DEA_RE.finditer(text):
        if dea_ok(m.group()):
            yield m.start(), m.end(), "dea"
    for m in EMAIL_RE.finditer(text):
        yield m.start(), m.end(), "email"
    for m in IP4_RE.finditer(text):
        try:
            ipaddress.IPv4Address(m.group())
            yield m.start(), m.end(), "ipv4"
        except ValueError:
            pass
    for m in IP6_RE.finditer(text):
        c = m.group().rstrip(":") if not m.group().endswith("::") else m.group()
        if c.count(":") >= 2 and c not in ("::", "::1") and re.search(r"[0-9A-Fa-f]", c):
            try:
                ipaddress.IPv6Address(c)
                yield m.start(), m.start() + len(c), "ipv6"
            except ValueError:
                pass
    for m in IBAN_RE.finditer(text):
        comp = re.sub(r"[ \u00a0\-]", "", m.group()).upper()
        cc = comp[:2]
        if cc in IBAN_SPEC and iban_ok(comp[:IBAN_SPEC[cc][0]]):
            yield m.start(), m.end(), "iban"
    for rx, what in ((AWS_RE, "aws"), (GH_RE, "github"), (PEMH_RE, "pem")):
        for m in rx.finditer(text):
            yield m.start(), m.end(), what


def leak_problems(text, spans, negs):
    cov = [(s["cstart"], s["cend"]) for s in spans] + [(n["cstart"], n["cend"]) for n in negs]
    out = []
    for a, b, what in leak_candidates(text):
        if not any(x < b and a < y for x, y in cov):
            out.append(f"unlabelled {what} {text[a:b]!r}")
    return out


def note_problems(text, spans, negs, ctx=None):
    ctx = text if ctx is None else ctx
    probs = []
    tb = text.encode("utf-8")
    allr = sorted([(s["cstart"], s["cend"], "s") for s in spans] + [(n["cstart"], n["cend"], "n") for n in negs])
    for (a1, b1, _), (a2, b2, _) in zip(allr, allr[1:]):
        if a2 < b1:
            probs.append(f"overlap {text[a1:b1]!r} / {text[a2:b2]!r}")
    for s in spans + negs:
        seg = text[s["cstart"]:s["cend"]]
        if tb[s["start"]:s["end"]] != seg.encode("utf-8") or len(text[:s["cstart"]].encode("utf-8")) != s["start"]:
            probs.append(f"offset mismatch {seg!r}")
        if not seg:
            probs.append("empty span")
    for s in spans:
        seg = text[s["cstart"]:s["cend"]]
        msg = validate_value(s["entity"], seg, ctx)
        if msg:
            probs.append(f"{s['entity']} {seg!r}: {msg}")
        before = text[s["cstart"] - 1] if s["cstart"] else " "
        after = text[s["cend"]] if s["cend"] < len(text) else " "
        if (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum()):
            probs.append(f"{s['entity']} {seg!r} glued to {before!r}/{after!r}")
    for n in negs:
        seg = text[n["cstart"]:n["cend"]]
        msg = validate_neg(n["kind"], seg, ctx)
        if msg:
            probs.append(f"{seg!r}: {msg}")
    probs += leak_problems(text, spans, negs)
    return probs


# ============================================================================ generation: notes


TARGETS = {"PRIVATE_KEY": 65}
TOPUP = {"CREDIT_CARD": ["billing", "complaint"], "US_SSN": ["hr", "kyc"], "EMAIL_ADDRESS": ["email_thread"],
         "PHONE_NUMBER": ["complaint"], "IBAN_CODE": ["billing", "kyc"], "ABA_ROUTING_NUMBER": ["ach"],
         "IP_ADDRESS": ["itops"], "MEDICAL_RECORD_NUMBER": ["clinic"], "US_NPI": ["clinic"], "DATE_OF_BIRTH": ["clinic", "kyc", "hr"],
         "UK_NHS": ["nhs"], "US_DEA": ["clinic"], "AWS_ACCESS_KEY": ["itops", "yaml_snippet"], "GITHUB_TOKEN": ["itops"],
         "PRIVATE_KEY": ["itops", "yaml_snippet"]}


def gen_notes(r):
    notes, vals = [], []
    lang_w = [("fr", 1), ("de", 1), ("es", 1), ("nl", 1), ("it", 1), ("pt", 1)]
    have = Counter()
    n_xx = round(N_NOTES * 0.15)
    plan = ["en"] * (N_NOTES - n_xx) + [lang_w[k % len(lang_w)][0] for k in range(n_xx)]
    r.shuffle(plan)
    for i in range(N_NOTES):
        lang = plan[i]
        cat = wchoice(r, EN_CATS) if lang == "en" else r.choice(["complaint", "billing", "clinic", "itops"])
        if i >= N_NOTES - 160:  # top up entities that are still short of their target
            short = [e for e in ENTITIES if have[e] < TARGETS.get(e, 125)]
            if short and lang == "en":
                cat = r.choice(TOPUP[r.choice(short)])
        crlf = r.random() < 0.06
        for attempt in range(50):
            b, extra = make_note(r, lang, cat)
            text, spans, negs = finalize(b.pieces, crlf)
            if not note_problems(text, spans, negs):
                break
        else:
            raise SystemExit(f"note {i}: could not draw a clean note: {note_problems(text, spans, negs)[:3]}")
        have.update(sp["entity"] for sp in spans)
        tags = [lang, cat] + extra + (["crlf"] if crlf else [])
        nid = f"h9-{i + 1:04d}"
        notes.append({"id": nid, "category": cat if lang == "en" else f"{cat}_{lang}", "tags": tags, "text": text,
                      "spans": spans, "hard_negatives": negs})
        vals.append([p[0].replace("\r\n", "\n").replace("\n", "\r\n") if crlf else p[0] for p in b.pieces if isinstance(p[1], V)])
    return notes, vals


# ============================================================================ generation: ticket JSON


class TF:
    """A JSON string field assembled from pieces."""

    def __init__(self, pieces, ctx=""):
        self.pieces, self.ctx = pieces, ctx


class NF:
    """A JSON number field holding one value (V or N) whose text is all digits."""

    def __init__(self, obj, fmt=None):
        self.obj, self.fmt = obj, fmt


def html_pieces(pieces):
    out = [["<div class=\"body\"><p>", None, None]]
    for txt, obj, fmt in pieces:
        if obj is None:
            out.append([html.escape(txt, quote=False).replace("\n", "<br>\n"), None, None])
        elif isinstance(obj, N):
            out.append([html.escape(txt, quote=False), obj, fmt])
        else:
            if html.escape(txt, quote=False) != txt:
                raise ValueError("value would change under HTML escaping")
            out.append([txt, obj, fmt])
    out.append(["</p></div>", None, None])
    return out


class TicketCtx:
    def __init__(self, r, lang, shape):
        self.r, self.lang, self.shape = r, lang, shape
        self.c = Ctx(r, lang)

    def body(self, cat=None):
        r = self.r
        b = Builder(r, self.lang, self.c)
        if self.lang != "en":
            build_note_xx(b)
        else:
            cat = cat or wchoice(r, [(k, w) for k, w in EN_CATS if k not in ("email_thread",)])
            build_note_en(b, cat)
            if r.random() < 0.4:
                b.t("\n\n")
                b.f(r.choice(NEG_BLOCKS[r.choice(NEG_BLOCK_FOR[cat])]), "sent")
        return b.pieces

    def val(self, obj, field, number=False):
        if isinstance(obj, V):
            fmt = f"{obj.fmt}.{self.shape}_{field}"
            if number:
                return NF(obj, fmt + "_number")
            return TF([[obj.text, obj, fmt]], field)
        if number:
            return NF(obj)
        return TF([[obj.text, obj, None]], field)


def _numberable(obj):
    return obj.text.isdigit() and obj.text[0] != "0" and int(obj.text) < 2 ** 53


def custom_value(T, kind):
    """-> (title, TF|NF|plain)"""
    r, c = T.r, T.c
    num = r.random() < 0.6
    if kind == "mrn":
        v = gen_mrn(r, r.choice(["digits7", "digits10", "digits6", "letter_prefix", "site_dash", "digits8_zero"]))
        return "Patient MRN", T.val(v, "cf_mrn", num and _numberable(v))
    if kind == "dob":
        return "Patient DOB", T.val(gen_dob(r, None, T.lang), "cf_dob")
    if kind == "npi":
        v = gen_npi(r, "plain")
        return "Provider NPI", T.val(v, "cf_npi", num)
    if kind == "aba":
        v = gen_aba(r, "plain")
        return "Routing number", T.val(v, "cf_routing", num and _numberable(v))
    if kind == "nhs":
        v = gen_nhs(r, r.choice(["compact", "spaced"]))
        return "NHS number", T.val(v, "cf_nhs", num and _numberable(v))
    if kind == "phone":
        v = gen_phone_us(r, "compact") if num else gen_phone(r, T.lang)
        return "Caller phone", T.val(v, "cf_phone", num and _numberable(v))
    if kind == "iban":
        return "Customer IBAN", T.val(gen_iban(r), "cf_iban")
    if kind == "order":
        v = neg_order_luhn(r, False)
        v.text = digits(v.text)
        return "Order number", T.val(v, "cf_order", num and _numberable(v))
    if kind == "aws_acct":
        v = N("aws_account_id", Dnz(r, 12))
        return "AWS account", T.val(v, "cf_aws_account", num)
    if kind == "ip":
        return "Client IP", T.val(gen_ip4(r) if r.random() < 0.6 else gen_ip6(r), "cf_ip")
    if kind == "ssn":
        v = gen_ssn(r, "compact" if num else None)
        return "SSN", T.val(v, "cf_ssn", num and _numberable(v))
    if kind == "dea":
        return "Prescriber DEA", T.val(gen_dea(r, c.dr, "plain"), "cf_dea")
    if kind == "card":
        if r.random() < 0.5:
            return "Card on file", T.val(neg_card_masked(r), "cf_card")
        v = gen_card(r, r.choice(["visa", "mastercard", "amex"]), "compact" if num else None)
        return "Card number", T.val(v, "cf_card", num and _numberable(v))
    if kind == "email":
        return "Contact email", T.val(gen_email(r, c.cust), "cf_email")
    if kind == "aws":
        return "Leaked key id", T.val(gen_aws(r), "cf_aws")
    if kind == "gh":
        return "Leaked token (to revoke)", T.val(gen_gh(r), "cf_github")
    if kind == "tracking":
        return "Tracking", T.val(neg_misc(r, r.choice(["tracking_ups", "tracking_fedex"])), "cf_tracking")
    if kind == "npi_bad":
        v = neg_npi_bad(r)
        return "Billing provider id", T.val(v, "cf_npi_bad", num)
    return "Plan", r.choice(["enterprise", "starter", "clinic_plus", None])


CF_KINDS = ["mrn", "dob", "npi", "aba", "nhs", "phone", "iban", "order", "aws_acct", "ip", "ssn", "dea", "card", "email",
            "aws", "gh", "tracking", "npi_bad", "plan"]


def tsj(r):
    return ts_iso(r)


def shape_zendesk(T):
    r, c = T.r, T.c
    comments = []
    for i in range(r.randint(1, 3)):
        p = T.body()
        comments.append({"id": r.randint(10 ** 11, 10 ** 12 - 1), "type": "Comment", "author_id": r.randint(10 ** 11, 10 ** 12 - 1),
                         "public": r.random() < 0.6, "body": TF(p), "html_body": TF(html_pieces(p)),
                         "via": {"channel": r.choice(["email", "web", "api"]),
                                 "source": {"from": {"address": T.val(gen_email(r, c.cust), "via_from"), "name": c.cust.full}}},
                         "created_at": tsj(r)})
    cfs = []
    for k in r.sample(CF_KINDS, r.randint(2, 5)):
        title, v = custom_value(T, k)
        cfs.append({"id": r.randint(10 ** 11, 10 ** 12 - 1), "title": title, "value": v})
    return {"ticket": {"id": r.randint(100000, 999999), "subject": r.choice(sum(SUBJECTS.values(), [])), "status": r.choice(["open", "pending", "solved"]),
                       "priority": r.choice(["low", "normal", "high", "urgent"]),
                       "requester": {"id": r.randint(10 ** 11, 10 ** 12 - 1), "name": c.cust.full, "email": T.val(gen_email(r, c.cust), "requester_email"),
                                     "phone": T.val(gen_phone(r, T.lang), "requester_phone") if r.random() < 0.7 else None},
                       "custom_fields": cfs, "tags": r.sample(["billing", "urgent", "ehr", "security", "refund", "vip"], 2),
                       "created_at": tsj(r)},
            "comments": comments}


def shape_freshdesk(T):
    r, c = T.r, T.c
    p = T.body()
    conv = []
    for i in range(r.randint(1, 3)):
        q = T.body()
        conv.append({"id": r.randint(10 ** 9, 10 ** 10 - 1), "body": TF(html_pieces(q)), "body_text": TF(q), "incoming": r.random() < 0.5,
                     "private": r.random() < 0.4, "from_email": T.val(gen_email(r, c.agent, c.vendor), "from_email"),
                     "to_emails": [T.val(gen_email(r, c.cust), "to_emails")], "created_at": tsj(r)})
    cf = {}
    for k in r.sample(CF_KINDS, r.randint(2, 4)):
        title, v = custom_value(T, k)
        cf["cf_" + slug(title.replace(" ", "_"))] = v
    return {"id": r.randint(1000, 99999), "subject": r.choice(sum(SUBJECTS.values(), [])), "description": TF(html_pieces(p)),
            "description_text": TF(p), "status": r.choice([2, 3, 4, 5]), "priority": r.choice([1, 2, 3, 4]),
            "requester": {"name": c.cust.full, "email": T.val(gen_email(r, c.cust), "requester_email"),
                          "mobile": T.val(gen_phone(r, T.lang), "requester_mobile") if r.random() < 0.6 else None},
            "custom_fields": cf, "conversations": conv, "created_at": tsj(r)}


def shape_jira(T):
    r, c = T.r, T.c
    comments = [{"id": str(r.randint(10000, 99999)), "author": {"displayName": c.agent.full,
                                                               "emailAddress": T.val(gen_email(r, c.agent, c.vendor), "author_email")},
                 "body": TF(T.body()), "created": tsj(r)} for _ in range(r.randint(1, 3))]
    items = []
    for _ in range(r.randint(1, 2)):
        k = r.choice(["iban", "phone", "email"])
        if k == "iban":
            items.append({"field": "Customer IBAN", "fromString": T.val(neg_iban_bad(r), "changelog_from"), "toString": T.val(gen_iban(r), "changelog_to")})
        elif k == "phone":
            items.append({"field": "Callback number", "fromString": T.val(neg_phone_masked(r), "changelog_from"), "toString": T.val(gen_phone(r, T.lang), "changelog_to")})
        else:
            items.append({"field": "Reporter e-mail", "fromString": T.val(gen_email(r), "changelog_from"), "toString": T.val(gen_email(r, c.cust), "changelog_to")})
    jk = [k for k in CF_KINDS if k not in ("mrn", "dob")]  # Jira custom fields carry no label next to the value
    title, v = custom_value(T, r.choice(jk))
    title2, v2 = custom_value(T, r.choice(jk))
    return {"key": f"SUP-{r.randint(100, 9999)}", "fields": {"summary": r.choice(sum(SUBJECTS.values(), [])), "description": TF(T.body()),
                                                            "reporter": {"displayName": c.cust.full, "emailAddress": T.val(gen_email(r, c.cust), "reporter_email")},
                                                            "customfield_10042": v, "customfield_10057": v2,
                                                            "comment": {"comments": comments, "total": len(comments)},
                                                            "labels": r.sample(["pii", "billing", "ehr", "infra", "escalated"], 2)},
            "changelog": {"histories": [{"id": str(r.randint(10000, 99999)), "created": tsj(r), "items": items}]},
            "names": {"customfield_10042": title, "customfield_10057": title2}}


def shape_servicenow(T):
    r, c = T.r, T.c
    wn = []
    for _ in range(r.randint(1, 2)):
        wn += [[f"{ts_iso(r).replace('T', ' ').replace('Z', '')} - {c.agent.full} (Work notes)\n", None, None]] + T.body() + [["\n\n", None, None]]
    res = {"number": f"INC{r.randint(10 ** 6, 10 ** 7 - 1):07d}", "short_description": r.choice(sum(SUBJECTS.values(), [])),
           "description": TF(T.body()), "work_notes": TF(wn), "comments": TF(T.body()),
           "u_caller_email": T.val(gen_email(r, c.cust), "u_caller_email"), "u_caller_phone": T.val(gen_phone(r, T.lang), "u_caller_phone"),
           "cmdb_ci": {"display_value": f"{r.choice(['web', 'db', 'vpn'])}-{r.randint(1, 40):02d}", "ip_address": T.val(gen_ip4(r), "cmdb_ip")},
           "sys_created_on": tsj(r)}
    for k in r.sample(["mrn", "npi", "aba", "ssn", "order", "aws_acct", "dea", "dob"], 2):
        title, v = custom_value(T, k)
        res["u_" + slug(title.replace(" ", "_"))] = v
    return {"result": res}


def shape_redmine(T):
    r, c = T.r, T.c
    cfs = []
    for k in r.sample(CF_KINDS, r.randint(2, 4)):
        title, v = custom_value(T, k)
        cfs.append({"id": r.randint(1, 60), "name": title, "value": v})
    journals = []
    for _ in range(r.randint(1, 3)):
        det = []
        if r.random() < 0.5:
            title, v = custom_value(T, r.choice(["phone", "email", "iban", "mrn"]))
            det.append({"property": "cf", "name": title, "old_value": None, "new_value": v})
        journals.append({"id": r.randint(1000, 9999), "user": {"name": c.agent.full}, "notes": TF(T.body()), "details": det,
                         "created_on": tsj(r)})
    return {"issue": {"id": r.randint(1000, 99999), "project": {"name": c.vendor.name}, "subject": r.choice(sum(SUBJECTS.values(), [])),
                      "description": TF(T.body()), "custom_fields": cfs, "journals": journals, "created_on": tsj(r)}}


def shape_intercom(T):
    r, c = T.r, T.c
    parts = [{"type": "conversation_part", "part_type": "comment", "body": TF(html_pieces(T.body())),
              "author": {"type": r.choice(["admin", "user"]), "name": c.agent.full}, "created_at": r.randint(1_700_000_000, 1_790_000_000)}
             for _ in range(r.randint(1, 3))]
    attrs = {}
    for k in r.sample(CF_KINDS, r.randint(1, 3)):
        title, v = custom_value(T, k)
        attrs[title] = v
    return {"type": "conversation", "id": str(r.randint(10 ** 9, 10 ** 10 - 1)),
            "source": {"type": "conversation", "body": TF(html_pieces(T.body())),
                       "author": {"type": "user", "name": c.cust.full, "email": T.val(gen_email(r, c.cust), "source_email")}},
            "contacts": {"contacts": [{"type": "contact", "id": hexs(r, 24)}]},
            "conversation_parts": {"conversation_parts": parts, "total_count": len(parts)}, "custom_attributes": attrs}


def shape_hubspot(T):
    r, c = T.r, T.c
    props = {"subject": r.choice(sum(SUBJECTS.values(), [])), "content": TF(T.body()), "hs_ticket_priority": r.choice(["LOW", "MEDIUM", "HIGH"]),
             "email": T.val(gen_email(r, c.cust), "prop_email"), "phone": T.val(gen_phone(r, T.lang), "prop_phone")}
    if r.random() < 0.5:
        props["mobilephone"] = T.val(gen_phone(r, T.lang), "prop_mobilephone")
    if r.random() < 0.5:
        props["date_of_birth"] = T.val(gen_dob(r, "iso"), "prop_date_of_birth")
    for k in r.sample(CF_KINDS, r.randint(1, 3)):
        title, v = custom_value(T, k)
        props[slug(title.replace(" ", "_"))] = v
    return {"id": str(r.randint(10 ** 9, 10 ** 10 - 1)), "properties": props, "createdAt": tsj(r),
            "associations": {"contacts": {"results": [{"id": str(r.randint(1000, 99999)), "type": "ticket_to_contact"}]}}}


def shape_salesforce(T):
    r, c = T.r, T.c
    recs = [{"attributes": {"type": "CaseComment"}, "CommentBody": TF(T.body()), "IsPublished": r.random() < 0.5, "CreatedDate": tsj(r)}
            for _ in range(r.randint(1, 3))]
    case = {"attributes": {"type": "Case", "url": f"/services/data/v59.0/sobjects/Case/500{hexs(r, 12)}"},
            "Id": "500" + "".join(r.choice(ALNUM) for _ in range(15)), "CaseNumber": f"{r.randint(10 ** 7, 10 ** 8 - 1):08d}",
            "Subject": r.choice(sum(SUBJECTS.values(), [])), "Description": TF(T.body()),
            "SuppliedEmail": T.val(gen_email(r, c.cust), "SuppliedEmail"), "SuppliedPhone": T.val(gen_phone(r, T.lang), "SuppliedPhone"),
            "CaseComments": {"totalSize": len(recs), "done": True, "records": recs}}
    for k in r.sample(["mrn", "npi", "dob", "card", "iban", "nhs", "order", "ip"], 2):
        title, v = custom_value(T, k)
        case[slug(title.replace(" ", "_")).capitalize() + "__c"] = v
    return case


SHAPES = {"zendesk": shape_zendesk, "freshdesk": shape_freshdesk, "jira": shape_jira, "servicenow": shape_servicenow,
          "redmine": shape_redmine, "intercom": shape_intercom, "hubspot": shape_hubspot, "salesforce": shape_salesforce}


def ptr_escape(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def materialise(obj, ptr, labels, negs, fname, shape):
    """Replace TF/NF by plain values; collect gold."""
    if isinstance(obj, TF):
        text, spans, ns = finalize(obj.pieces)
        for sp in spans:
            labels.append(dict(file=fname, json_pointer=ptr, **sp, shape=shape))
        for n in ns:
            negs.append(dict(file=fname, json_pointer=ptr, **n, shape=shape))
        return text
    if isinstance(obj, NF):
        txt = obj.obj.text
        assert txt.isdigit() and txt[0] != "0"
        row = {"file": fname, "json_pointer": ptr, "start": 0, "end": len(txt), "cstart": 0, "cend": len(txt)}
        if isinstance(obj.obj, V):
            labels.append(dict(row, entity=obj.obj.ent, fmt=obj.fmt, shape=shape, value_type="number"))
        else:
            negs.append(dict(row, kind=obj.obj.kind, shape=shape, value_type="number"))
        return int(txt)
    if isinstance(obj, dict):
        return {k: materialise(v, f"{ptr}/{ptr_escape(k)}", labels, negs, fname, shape) for k, v in obj.items()}
    if isinstance(obj, list):
        return [materialise(v, f"{ptr}/{i}", labels, negs, fname, shape) for i, v in enumerate(obj)]
    return obj


def leaf_context(obj, ptr, text):
    ctx = " ".join(ptr.split("/")) + " " + _title_near(obj, ptr)
    if isinstance(obj, dict) and isinstance(obj.get("names"), dict):
        for k, v in obj["names"].items():
            if f"/{k}" in ptr:
                ctx += " " + str(v)
    return ctx + " " + text


def json_problems(fname, obj, labels, negs):
    by_doc = defaultdict(lambda: ([], []))
    for r in labels:
        by_doc[r["json_pointer"]][0].append(r)
    for r in negs:
        by_doc[r["json_pointer"]][1].append(r)
    out = []
    for ptr, v in walk_json(obj):
        sp, ng = by_doc.get(ptr, ([], []))
        text = v if isinstance(v, str) else str(v)
        out += [f"{fname}#{ptr}: {p}" for p in note_problems(text, sp, ng, leaf_context(obj, ptr, text))]
    out += [f"{fname}: {p}" for p in key_problems(obj)]
    return out


def key_problems(obj, ptr=""):
    out = []
    if isinstance(obj, dict):
        for k, v in obj.items():
            out += [f"{ptr}: key {k!r} holds {w}" for a, b, w in leak_candidates(str(k))]
            out += key_problems(v, f"{ptr}/{ptr_escape(k)}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            out += key_problems(v, f"{ptr}/{i}")
    return out


def gen_tickets(r):
    tickets, labels, negs = [], [], []
    shapes = list(SHAPES)
    for i in range(N_TICKETS):
        shape = shapes[i % len(shapes)]
        lang = "en" if r.random() < 0.82 else r.choice(["fr", "de", "es", "nl", "it", "pt"])
        fname = f"ticket_{900001 + i}.json"
        for attempt in range(40):
            T = TicketCtx(r, lang, shape)
            try:
                raw = SHAPES[shape](T)
            except ValueError:
                continue
            lab, ng = [], []
            obj = materialise(raw, "", lab, ng, fname, shape)
            probs = json_problems(fname, obj, lab, ng)
            if not probs:
                break
        else:
            raise SystemExit(f"{fname}: could not draw a clean ticket: {probs[:3]}")
        style = wchoice(r, [("indent2", 45), ("minified", 25), ("ascii4", 20), ("tabs", 10)])
        if style == "indent2":
            txt = json.dumps(obj, indent=2, ensure_ascii=False)
        elif style == "minified":
            txt = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
        elif style == "ascii4":
            txt = json.dumps(obj, indent=4, ensure_ascii=True)
        else:
            txt = json.dumps(obj, indent="\t", ensure_ascii=False)
        tickets.append((fname, txt + "\n"))
        labels += lab
        negs += ng
    return tickets, labels, negs


# ============================================================================ files


def generate():
    r = random.Random(SEED)
    notes, vals = gen_notes(r)
    tickets, labels, negs = gen_tickets(random.Random(SEED + 1))
    return notes, vals, tickets, labels, negs


def dumps_line(o):
    return json.dumps(o, ensure_ascii=False) + "\n"


def render(notes, tickets, labels, negs):
    """-> {relative path: text} for every generated file."""
    out = {"notes.jsonl": "".join(dumps_line(n) for n in notes)}
    texts = [n["text"] for n in notes]
    out["corpus.txt"] = "\n\n".join(texts)
    idx, c, b = [], 0, 0
    for n in notes:
        cl, bl = len(n["text"]), len(n["text"].encode("utf-8"))
        idx.append({"id": n["id"], "byte_offset": b, "byte_len": bl, "char_offset": c, "char_len": cl})
        c += cl + 2
        b += bl + 2
    out["corpus_index.jsonl"] = "".join(dumps_line(x) for x in idx)
    for fname, txt in tickets:
        out[f"notes_json/{fname}"] = txt
    out["notes_json/labels.jsonl"] = "".join(dumps_line(x) for x in labels)
    out["json_hard_negatives.jsonl"] = "".join(dumps_line(x) for x in negs)
    return out


def write_all():
    notes, vals, tickets, labels, negs = generate()
    files = render(notes, tickets, labels, negs)
    if (HERE / "notes_json").exists():
        shutil.rmtree(HERE / "notes_json")
    (HERE / "notes_json").mkdir()
    for rel, txt in files.items():
        with open(HERE / rel, "w", encoding="utf-8", newline="") as f:
            f.write(txt)
    print(f"gen.py: wrote {len(notes)} notes, {len(tickets)} tickets, {sum(len(n['spans']) for n in notes)} note labels, "
          f"{len(labels)} JSON labels")


# ============================================================================ check


def json_get(obj, ptr):
    if ptr == "":
        return obj
    for part in ptr.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def norm_value(s):
    return re.sub(r"[\s\-.\u00a0\u2009\u202f\u2013\u2011()/+]", "", s).upper()


def read_raw(p):
    with open(p, encoding="utf-8", newline="") as f:
        return f.read()


def read_jsonl(p):
    return [json.loads(l) for l in p.read_text(encoding="utf-8").splitlines() if l.strip()]


def walk_json(obj, ptr=""):
    """Yield (pointer, value) for every string / number leaf."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk_json(v, f"{ptr}/{ptr_escape(k)}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from walk_json(v, f"{ptr}/{i}")
    elif isinstance(obj, str) or (isinstance(obj, int) and not isinstance(obj, bool)):
        yield ptr, obj


def check(verbose=True):
    problems = []
    P = problems.append
    # ---------------------------------------------------------------- notes
    notes = read_jsonl(HERE / "notes.jsonl")
    ids = [n["id"] for n in notes]
    if len(set(ids)) != len(ids):
        P("duplicate note ids")
    pos_vals, neg_vals = defaultdict(set), defaultdict(set)
    ent_n, kind_n, langs = Counter(), Counter(), Counter()
    for n in notes:
        text = n["text"]
        langs[n["tags"][0]] += 1
        for p in note_problems(text, n["spans"], n["hard_negatives"]):
            P(f"{n['id']}: {p}")
        for s in n["spans"]:
            ent_n[s["entity"]] += 1
            if not s.get("fmt"):
                P(f"{n['id']}: span without fmt")
            pos_vals[norm_value(text[s["cstart"]:s["cend"]])].add(n["id"])
        for h in n["hard_negatives"]:
            kind_n[h["kind"]] += 1
            neg_vals[norm_value(text[h["cstart"]:h["cend"]])].add(n["id"])
    corpus = read_raw(HERE / "corpus.txt")
    if corpus != "\n\n".join(n["text"] for n in notes):
        P("corpus.txt differs from the note texts joined by blank lines")
    cb = corpus.encode("utf-8")
    for row, n in zip(read_jsonl(HERE / "corpus_index.jsonl"), notes):
        if row["id"] != n["id"] or cb[row["byte_offset"]:row["byte_offset"] + row["byte_len"]] != n["text"].encode("utf-8") \
                or corpus[row["char_offset"]:row["char_offset"] + row["char_len"]] != n["text"]:
            P(f"corpus_index mismatch at {n['id']}")
    for ent in ENTITIES:
        need = 40 if ent == "PRIVATE_KEY" else 100
        if ent_n[ent] < need:
            P(f"notes: only {ent_n[ent]} {ent} values (need {need})")
    if sum(kind_n.values()) <= sum(ent_n.values()):
        P("notes: fewer hard negatives than labelled values")
    # ---------------------------------------------------------------- JSON
    jdir = HERE / "notes_json"
    labels = read_jsonl(jdir / "labels.jsonl")
    jnegs = read_jsonl(HERE / "json_hard_negatives.jsonl")
    cache = {}
    for p in sorted(jdir.glob("ticket_*.json")):
        try:
            cache[p.name] = json.loads(p.read_text(encoding="utf-8"))
        except json.JSONDecodeError as e:
            P(f"{p.name}: not JSON ({e})")
    jent = Counter()
    per_file = defaultdict(lambda: ([], []))
    for kind, rows in (("label", labels), ("neg", jnegs)):
        for r in rows:
            if r["file"] not in cache:
                P(f"{kind} names a missing file {r['file']}")
                continue
            try:
                v = json_get(cache[r["file"]], r["json_pointer"])
            except (KeyError, IndexError, ValueError, TypeError):
                P(f"{kind} pointer does not resolve: {r['file']}#{r['json_pointer']}")
                continue
            if r.get("value_type") == "number":
                if not (isinstance(v, int) and not isinstance(v, bool)):
                    P(f"{r['file']}#{r['json_pointer']}: value_type number but value is {type(v).__name__}")
                    continue
                v = str(v)
            elif not isinstance(v, str):
                P(f"{r['file']}#{r['json_pointer']}: not a string")
                continue
            seg = v[r["cstart"]:r["cend"]]
            if not r.get("shape") or (kind == "label" and not r.get("fmt")):
                P(f"{r['file']}#{r['json_pointer']}: missing shape/fmt")
            (per_file[r["file"]][0] if kind == "label" else per_file[r["file"]][1]).append(r)
            if kind == "label":
                jent[r["entity"]] += 1
                pos_vals[norm_value(seg)].add(r["file"])
            else:
                neg_vals[norm_value(seg)].add(r["file"])
    for fname, obj in cache.items():
        problems += json_problems(fname, obj, *per_file[fname])
    for ent in ENTITIES:
        if jent[ent] == 0:
            P(f"JSON: no {ent} label")
    if len(jnegs) <= len(labels) * 0.5:
        P("JSON: too few hard negatives")
    # ---------------------------------------------------------------- cross-set
    for v in set(pos_vals) & set(neg_vals):
        if len(v) >= 6:
            P(f"value {v!r} is labelled in {sorted(pos_vals[v])[:2]} and a hard negative in {sorted(neg_vals[v])[:2]}")
    # ---------------------------------------------------------------- determinism / intended values
    g_notes, g_vals, g_tickets, g_labels, g_negs = generate()
    files = render(g_notes, g_tickets, g_labels, g_negs)
    for rel, txt in files.items():
        p = HERE / rel
        if not p.exists() or read_raw(p) != txt:
            P(f"{rel} differs from a fresh generation with SEED {SEED}")
    on_disk = {p.name for p in jdir.glob("*")}
    if on_disk != {rel.split("/", 1)[1] for rel in files if rel.startswith("notes_json/")}:
        P("notes_json/ holds files the generator did not write")
    for n, vv in zip(g_notes, g_vals):
        got = [n["text"][s["cstart"]:s["cend"]] for s in n["spans"]]
        if got != vv:
            P(f"{n['id']}: span text differs from the value it was meant to label")
    # ---------------------------------------------------------------- score.py round trip
    problems += score_roundtrip(notes, labels)
    if verbose:
        print_counts(ent_n, kind_n, jent, labels, jnegs, langs)
    return problems


def _title_near(obj, ptr):
    parts = ptr.lstrip("/").split("/")
    try:
        parent = json_get(obj, "/" + "/".join(parts[:-1])) if len(parts) > 1 else obj
    except (KeyError, IndexError, ValueError, TypeError):
        return ""
    if isinstance(parent, dict):
        return str(parent.get("title") or parent.get("name") or parent.get("field") or "")
    return ""


def score_roundtrip(notes, labels):
    if not SCORE_PY.exists():
        print(f"gen.py: {SCORE_PY} not found, skipping the score.py round trip", file=sys.stderr)
        return []
    out = []
    with tempfile.TemporaryDirectory() as td:
        td = Path(td)
        idx = {r["id"]: r for r in read_jsonl(HERE / "corpus_index.jsonl")}
        with open(td / "np.jsonl", "w", encoding="utf-8") as f:
            for n in notes:
                for s in n["spans"]:
                    o = idx[n["id"]]["byte_offset"]
                    f.write(json.dumps({"start": s["start"] + o, "end": s["end"] + o, "entity": s["entity"]}) + "\n")
        with open(td / "jp.jsonl", "w", encoding="utf-8") as f:
            for r in labels:
                f.write(json.dumps({k: r[k] for k in ("file", "json_pointer", "start", "end", "entity")}) + "\n")
        sd = td / "score_json"
        sd.mkdir()
        for p in (HERE / "notes_json").glob("ticket_*.json"):
            (sd / p.name).write_text(json.dumps(_strnum(json.loads(p.read_text(encoding="utf-8"))), ensure_ascii=False), encoding="utf-8")
        shutil.copy(HERE / "notes_json" / "labels.jsonl", sd / "labels.jsonl")
        for name, args in (("notes", [str(HERE / "notes.jsonl"), str(td / "np.jsonl"), "--corpus-index", str(HERE / "corpus_index.jsonl")]),
                           ("json", [str(sd / "labels.jsonl"), str(td / "jp.jsonl")])):
            res = subprocess.run([sys.executable, str(SCORE_PY)] + args, capture_output=True, text=True)
            last = res.stdout.strip().splitlines()[-1] if res.stdout.strip() else ""
            exact = [l for l in res.stdout.splitlines() if l.startswith("exact match:")]
            if last != "overall: P=1.000 R=1.000 F1=1.000" or not exact or exact[0] != "exact match: P=1.000 R=1.000 F1=1.000":
                out.append(f"score.py round trip ({name}) is not perfect: {last} {exact} {res.stderr.strip()[:300]}")
    return out


def _strnum(o):
    if isinstance(o, bool) or o is None:
        return o
    if isinstance(o, (int, float)):
        return str(o)
    if isinstance(o, dict):
        return {k: _strnum(v) for k, v in o.items()}
    if isinstance(o, list):
        return [_strnum(v) for v in o]
    return o


KIND_TARGET = [
    ("CREDIT_CARD", ("luhn_", "imei", "sim_iccid", "masked_card", "card_expiry", "merchant_id", "isbn", "tracking_", "transaction_id")),
    ("US_SSN", ("ssn_invalid", "masked_ssn", "ein", "itin", "ssn_shaped", "zip_plus4")),
    ("EMAIL_ADDRESS", ("masked_email", "git_ssh_remote", "docker_digest", "social_handle", "shell_prompt")),
    ("PHONE_NUMBER", ("masked_phone", "phone_shaped_", "duration")),
    ("IBAN_CODE", ("iban_", "masked_iban", "sepa_creditor_id", "bic", "vat_id")),
    ("ABA_ROUTING_NUMBER", ("nine_digit_", "account_number")),
    ("IP_ADDRESS", ("version_string", "oid", "snmp_oid", "mac_address", "ipv4_invalid_octet", "masked_ip", "section_number",
                    "dotted_build_date", "ssh_fingerprint")),
    ("MEDICAL_RECORD_NUMBER", ("claim_number", "member_id", "encounter_csn", "accession_number", "ndc_code", "ncpdp_id")),
    ("US_NPI", ("ten_digit_not_npi",)),
    ("DATE_OF_BIRTH", ("date_", "timestamp")),
    ("UK_NHS", ("nhs_bad_checksum", "ubrn")),
    ("US_DEA", ("dea_bad_checksum", "state_license")),
    ("AWS_ACCESS_KEY", ("aws_",)),
    ("GITHUB_TOKEN", ("gh_token", "gitlab_token", "slack_token", "hex40_not_token", "git_sha", "sha256", "md5", "uuid")),
    ("PRIVATE_KEY", ("public_key_block", "certificate_block", "csr_block", "pem_private_redacted", "ssh_public_key")),
]


def kind_target(kind):
    for ent, prefixes in KIND_TARGET:
        if kind.startswith(prefixes):
            return ent
    return "other"


def print_counts(ent_n, kind_n, jent, labels, jnegs, langs):
    nt, jt = Counter(), Counter()
    for k, v in kind_n.items():
        nt[kind_target(k)] += v
    for r in jnegs:
        jt[kind_target(r["kind"])] += 1
    print(f"| {'entity':<22} | {'notes +':>7} | {'notes -':>7} | {'JSON +':>7} | {'JSON -':>7} |")
    for e in list(ENTITIES) + ["other"]:
        print(f"| {e:<22} | {ent_n[e]:>7} | {nt[e]:>7} | {jent[e]:>7} | {jt[e]:>7} |")
    print(f"{'labelled values':<24}{sum(ent_n.values()):>8}{len(labels):>8}  (JSON numbers: {sum(1 for l in labels if l.get('value_type') == 'number')})")
    print(f"{'hard negatives':<24}{sum(kind_n.values()):>8}{len(jnegs):>8}  ({len(kind_n)} kinds in notes)")
    print("languages:", dict(langs))


def main(argv):
    if argv[:1] == ["--check"]:
        probs = check()
    elif not argv:
        write_all()
        probs = check()
    else:
        print(__doc__, file=sys.stderr)
        return 2
    if probs:
        for p in probs[:60]:
            print("PROBLEM:", p, file=sys.stderr)
        print(f"gen.py: {len(probs)} problem(s)", file=sys.stderr)
        return 1
    print("gen.py: check OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
