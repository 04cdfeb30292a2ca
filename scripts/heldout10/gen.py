#!/usr/bin/env python3
"""heldout10 generator: "real ticket noise" -- mostly benign operational content, sparse positives in
awkward places, and many same-shape hard negatives.

    python3 gen.py            # write every file, then self-check (exit 1 on any problem)
    python3 gen.py --check    # self-check the files on disk (and that they equal a fresh in-memory run)

Python 3.11 standard library only.  Deterministic from SEED.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import ipaddress
import json
import re
import random
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

SEED = 10_5_2718_31
HERE = Path(__file__).resolve().parent
N_NOTES = 700
N_JSON = 100
JSON_BASE = 1_000_001
SCORE_PY = HERE / ".." / ".." / ".." / "shared" / "corpus" / "score.py"

# =====================================================================================================
# checksums and validators
# =====================================================================================================

DIG = "0123456789"
B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
B32AWS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
HEX = "0123456789abcdef"
ALNUM_UP = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


def luhn_ok(d: str) -> bool:
    if not d.isdigit():
        return False
    s = 0
    for i, ch in enumerate(reversed(d)):
        x = int(ch)
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_complete(partial: str) -> str:
    for c in DIG:
        if luhn_ok(partial + c):
            return partial + c
    raise AssertionError


def luhn_break(d: str) -> str:
    last = int(d[-1])
    for k in (3, 7, 1, 5):
        cand = d[:-1] + str((last + k) % 10)
        if not luhn_ok(cand):
            return cand
    raise AssertionError


def card_brand(d: str):
    n = len(d)
    if not d.isdigit() or n < 13:
        return None
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if d[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and n == 16:
        return "mastercard"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65 or 622126 <= p6 <= 622925) and n in (16, 19):
        return "discover"
    if 3528 <= p4 <= 3589 and n in (16, 19):
        return "jcb"
    if (300 <= p3 <= 305 or p2 in (36, 38, 39)) and n == 14:
        return "diners"
    if ((620 <= p3 <= 628) or p2 == 81) and n in (16, 19):
        return "unionpay"
    if p4 in (5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763) and n in (16, 18, 19):
        return "maestro"
    return None


TEST_PANS = {
    "4111111111111111", "4242424242424242", "4012888888881881", "4222222222222", "5555555555554444",
    "5105105105105100", "378282246310005", "371449635398431", "378734493671000", "6011111111111117",
    "6011000990139424", "3530111333300000", "3566002020360505", "30569309025904", "38520000023237",
    "4000056655665556", "5200828282828210", "2223003122003222", "6200000000000005", "4000000000000002",
    "4012000033330026", "5454545454545454", "6011601160116611", "36227206271667", "4917610000000000",
}


def card_ok(v: str) -> bool:
    d = re.sub(r"[ \-.\u00a0\u2009\u202f]", "", v)
    return d.isdigit() and luhn_ok(d) and card_brand(d) is not None and d not in TEST_PANS


SSN_BANNED = {"078051120", "123456789", "219099999", "457555462"}


def ssn_rules_ok(d: str) -> bool:
    return (len(d) == 9 and d.isdigit() and d[:3] not in ("000", "666") and d[0] != "9"
            and d[3:5] != "00" and d[5:] != "0000" and d not in SSN_BANNED)


def ssn_ok(v: str) -> bool:
    m = re.fullmatch(r"(\d{3})([- ]?)(\d{2})\2(\d{4})", v)
    return bool(m) and ssn_rules_ok(m.group(1) + m.group(3) + m.group(4))


def aba_checksum_ok(d: str) -> bool:
    if len(d) != 9 or not d.isdigit():
        return False
    x = [int(c) for c in d]
    return (3 * (x[0] + x[3] + x[6]) + 7 * (x[1] + x[4] + x[7]) + (x[2] + x[5] + x[8])) % 10 == 0


def aba_prefix_ok(d: str) -> bool:
    p = int(d[:2])
    return 1 <= p <= 12 or 21 <= p <= 32 or 61 <= p <= 72 or p == 80


def aba_ok(v: str) -> bool:
    return aba_checksum_ok(v) and aba_prefix_ok(v)


def npi_ok(v: str) -> bool:
    return len(v) == 10 and v.isdigit() and v[0] in "12" and luhn_ok("80840" + v)


def nhs_ok(v: str) -> bool:
    d = re.sub(r"[ \-\u00a0]", "", v)
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


def dea_check(d6: str) -> str:
    x = [int(c) for c in d6]
    return str(((x[0] + x[2] + x[4]) + 2 * (x[1] + x[3] + x[5])) % 10)


DEA_FIRST = "ABFGM"


def dea_ok(v: str) -> bool:
    m = re.fullmatch(r"([A-Z])([A-Z9])(\d{7})", v)
    return bool(m) and m.group(1) in DEA_FIRST and dea_check(m.group(3)[:6]) == m.group(3)[6]


def dea_checksum_only(v: str) -> bool:
    m = re.fullmatch(r"[A-Z]{2}(\d{7})", v)
    return bool(m) and dea_check(m.group(1)[:6]) == m.group(1)[6]


# IBAN registry subset: country -> (length, BBAN structure)
IBAN_SPEC = {
    "AD": (24, "4n4n12c"), "AT": (20, "5n11n"), "BE": (16, "3n7n2n"), "BG": (22, "4a4n2n8c"),
    "CH": (21, "5n12c"), "CY": (28, "3n5n16c"), "CZ": (24, "4n6n10n"), "DE": (22, "8n10n"),
    "DK": (18, "4n9n1n"), "EE": (20, "2n2n11n1n"), "ES": (24, "4n4n1n1n10n"), "FI": (18, "3n11n"),
    "FR": (27, "5n5n11c2n"), "GB": (22, "4a6n8n"), "GR": (27, "3n4n16c"), "HR": (21, "7n10n"),
    "HU": (28, "3n4n1n15n1n"), "IE": (22, "4a6n8n"), "IS": (26, "4n2n6n10n"), "IT": (27, "1a5n5n12c"),
    "LI": (21, "5n12c"), "LT": (20, "5n11n"), "LU": (20, "3n13c"), "LV": (21, "4a13c"),
    "MC": (27, "5n5n11c2n"), "MT": (31, "4a5n18c"), "NL": (18, "4a10n"), "NO": (15, "4n6n1n"),
    "PL": (28, "8n16n"), "PT": (25, "4n4n11n2n"), "RO": (24, "4a16c"), "SE": (24, "3n16n1n"),
    "SI": (19, "5n8n2n"), "SK": (24, "4n6n10n"), "SM": (27, "1a5n5n12c"), "AE": (23, "3n16n"),
    "SA": (24, "2n18c"), "TR": (26, "5n1n16c"), "IL": (23, "3n3n13n"), "BR": (29, "8n5n10n1a1c"),
}
IBAN_BANKS = {
    "GB": ["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "SCBL", "CITI"], "IE": ["AIBK", "BOFI", "IPBS"],
    "NL": ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ"], "RO": ["RNCB", "BTRL", "BRDE"],
    "BG": ["UNCR", "STSA", "BPBI"], "LV": ["HABA", "UNLA", "PARX"], "MT": ["MALT", "VALL", "APSB"],
}


def iban_mod97(s: str) -> int:
    s = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in s)
    return int(num) % 97


def iban_struct_ok(c: str) -> bool:
    cc = c[:2]
    if cc not in IBAN_SPEC:
        return False
    ln, spec = IBAN_SPEC[cc]
    if len(c) != ln or not c[2:4].isdigit():
        return False
    pat = "".join({"n": r"\d", "a": "[A-Z]", "c": "[A-Z0-9]"}[t] + "{" + n + "}" for n, t in re.findall(r"(\d+)([nac])", spec))
    return re.fullmatch(pat, c[4:]) is not None


def iban_ok(v: str) -> bool:
    c = re.sub(r"[ \u00a0-]", "", v).upper()
    return iban_struct_ok(c) and iban_mod97(c) == 1


def gh_checksum(entropy: str) -> str:
    n = binascii.crc32(entropy.encode()) & 0xFFFFFFFF
    out = ""
    while n:
        n, rem = divmod(n, 62)
        out = B62[rem] + out
    return out.rjust(6, "0")


def gh_ok(v: str) -> bool:
    m = re.fullmatch(r"gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", v)
    if m:
        return gh_checksum(m.group(1)) == m.group(2)
    return re.fullmatch(r"github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}", v) is not None


def aws_ok(v: str) -> bool:
    return re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v) is not None and "EXAMPLE" not in v and len(set(v[4:])) > 4


EMAIL_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._%+'-]*[A-Za-z0-9_])?@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}")


def email_ok(v: str) -> bool:
    return EMAIL_RE.fullmatch(v) is not None and ".." not in v


def phone_ok(v: str) -> bool:
    if re.fullmatch(r"[+(]?[0-9][0-9 ()./\-\u00a0\u2011]*[0-9]", v) is None:
        return False
    return 7 <= sum(c.isdigit() for c in v) <= 15


def ip_ok(v: str) -> bool:
    try:
        ip = ipaddress.ip_address(v)
    except ValueError:
        return False
    if ip.is_loopback or ip.is_unspecified or ip.is_multicast or ip.is_reserved:
        return False
    if ip.version == 4:
        return not any(ip in ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "169.254.0.0/16", "100.64.0.0/10", "198.18.0.0/15"))
    return ip not in ipaddress.ip_network("2001:db8::/32")


def ean_ok(d: str) -> bool:
    """GTIN family check digit (EAN-8/UPC-A/EAN-13/GTIN-14)."""
    if not d.isdigit():
        return False
    s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(d[:-1])))
    return (10 - s % 10) % 10 == int(d[-1])


def gtin_complete(body: str) -> str:
    s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    return body + str((10 - s % 10) % 10)


MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    "pl": ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"],
}
MONTH_NUM = {}
for _l, _ms in MONTHS.items():
    for _i, _m in enumerate(_ms):
        MONTH_NUM[_m.lower()] = _i + 1
        MONTH_NUM.setdefault(_m[:3].lower(), _i + 1)
MONTH_NUM.update({"sept": 9, "mrt": 3, "okt": 10, "dez": 12, "mär": 3})


def parse_any_date(s: str):
    """Return a date for the date shapes this generator writes, else None."""
    s = s.strip()
    pats = [
        (r"(\d{4})-(\d{2})-(\d{2})", "ymd"), (r"(\d{4})/(\d{2})/(\d{2})", "ymd"), (r"(\d{4})(\d{2})(\d{2})", "ymd"),
        (r"(\d{1,2})/(\d{1,2})/(\d{4})", "mdy|dmy"), (r"(\d{1,2})-(\d{1,2})-(\d{4})", "mdy|dmy"),
        (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy"), (r"(\d{1,2})/(\d{1,2})/(\d{2})", "mdy2|dmy2"),
    ]
    for p, order in pats:
        m = re.fullmatch(p, s)
        if not m:
            continue
        a, b, c = (int(x) for x in m.groups())
        for o in order.split("|"):
            try:
                if o == "ymd":
                    return dt.date(a, b, c)
                if o == "mdy":
                    return dt.date(c, a, b)
                if o == "dmy":
                    return dt.date(c, b, a)
                if o == "mdy2":
                    return dt.date(1900 + c if c > 25 else 2000 + c, a, b)
                if o == "dmy2":
                    return dt.date(1900 + c if c > 25 else 2000 + c, b, a)
            except ValueError:
                continue
        return None
    t = s.lower().replace(",", " ").replace(" de ", " ").replace(".", " ")
    t = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", t)
    toks = t.split()
    toks = [x for x in toks if x not in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")]
    m = re.fullmatch(r"(\d{1,2})-([a-zäéûç]+)-(\d{4})", s.lower())
    if m:
        toks = [m.group(1), m.group(2), m.group(3)]
    if len(toks) == 3:
        try:
            if toks[0].isdigit() and toks[2].isdigit() and toks[1] in MONTH_NUM:
                return dt.date(int(toks[2]), MONTH_NUM[toks[1]], int(toks[0]))
            if toks[1].isdigit() and toks[2].isdigit() and toks[0] in MONTH_NUM:
                return dt.date(int(toks[2]), MONTH_NUM[toks[0]], int(toks[1]))
        except ValueError:
            return None
    return None


def pem_ok(v: str) -> bool:
    m = re.fullmatch(r"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----(.*?)-----END \1-----", v, re.S)
    if not m:
        return False
    body = m.group(2)
    lines = [ln.strip() for ln in body.replace("\r", "").split("\n")]
    b64 = "".join(ln for ln in lines if ln and ":" not in ln)
    try:
        raw = base64.b64decode(b64, validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(raw) >= 32


# =====================================================================================================
# small random helpers
# =====================================================================================================


def rd(r, n):
    return "".join(r.choice(DIG) for _ in range(n))


def rd_nz(r, n):
    return r.choice("123456789") + rd(r, n - 1)


def rhex(r, n, upper=False):
    s = "".join(r.choice(HEX) for _ in range(n))
    return s.upper() if upper else s


def ralnum(r, n, alphabet=ALNUM_UP):
    return "".join(r.choice(alphabet) for _ in range(n))


def rbytes(r, n):
    return bytes(r.getrandbits(8) for _ in range(n))


def group(s, sizes, sep):
    out, i = [], 0
    for k in sizes:
        out.append(s[i:i + k])
        i += k
    return sep.join(out)


def ascii_fold(s):
    s = s.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("ß", "ss").replace("æ", "ae")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c) and ord(c) < 128)


def rdate(r, y0, y1):
    d0 = dt.date(y0, 1, 1).toordinal()
    d1 = dt.date(y1, 12, 31).toordinal()
    return dt.date.fromordinal(r.randint(d0, d1))


def rdatetime(r, y0=2023, y1=2025):
    d = rdate(r, y0, y1)
    return dt.datetime(d.year, d.month, d.day, r.randint(0, 23), r.randint(0, 59), r.randint(0, 59), r.randint(0, 999999))


def wchoice(r, pairs):
    tot = sum(w for _, w in pairs)
    x = r.random() * tot
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


# =====================================================================================================
# people, companies, domains
# =====================================================================================================

FIRST = {
    "en": "James Maria Aisha Wei Priya Carlos Emily Jamal Olga Tomas Hannah Liam Grace Noah Zoe Ethan Fatima Mateo Chloe "
          "Darnell Keiko Ravi Sofia Owen Nadia Marcus Leah Victor Ingrid Yusuf Bethany Cormac Imani Diego Mei Aaron Rosa "
          "Tariq Megan Colm Elena Graham Shanice Viktor Paige Anil Brooke Desmond Lucia Hiroshi Rhiannon Kwame Dolores "
          "Trevor Amara Sean Kimberly Rajesh Harriet Malik Siobhan Ahmed Courtney Bogdan Tamsin Jerome".split(),
    "de": "Jonas Lena Matthias Sabine Florian Katrin Tobias Anke Uwe Miriam Jörg Birgit Henrik Svenja".split(),
    "fr": "Camille Mathieu Élodie Julien Margaux Théo Inès Baptiste Sandrine Olivier Gaëlle Rémi Solène".split(),
    "es": "Lucía Javier Marta Alejandro Carmen Sergio Paula Andrés Nuria Raúl Begoña Íñigo Rocío".split(),
    "nl": "Sanne Daan Femke Joris Lotte Bram Eva Thijs Anouk Ruben Maartje Wouter".split(),
    "pt": "João Ana Rafael Beatriz Thiago Larissa Gustavo Camila Felipe Juliana Conceição Sérgio".split(),
    "it": "Giulia Marco Francesca Luca Chiara Alessandro Valentina Davide Sara Matteo Niccolò Ilaria".split(),
    "pl": "Agnieszka Piotr Katarzyna Tomasz Magdalena Michał Joanna Paweł Ewa Krzysztof Małgorzata".split(),
}
LAST = {
    "en": "Okafor Lindqvist Brennan Castillo Nakamura Whitfield Haddad Kowalczyk Osei Delacroix Pemberton Ruiz "
          "Achterberg Fairweather Gallagher Iverson Quintero Thistlewood Varga Yilmaz Abernathy Ferreira Holloway "
          "Jablonski Kincaid Lockhart Montoya Nguyen Ortega Prescott Radcliffe Sandoval Trevino Underwood Vance "
          "Winslow Zamora Ashby Beaumont Calloway Dunmore Ellery Fontaine Garland Hargrove Ingram Jessup Kearney "
          "Lyle Marsh Norcross Oyelaran Pruitt Rutherford Sorensen Tolliver Upton Wakefield Eastwood".split(),
    "de": "Brandt Kühn Schäfer Lorenz Vogt Hoffmann Engel Seidel Krüger Winkler Böhm Albrecht".split(),
    "fr": "Lefèvre Moreau Girard Rousseau Fournier Chevalier Bonnet Mercier Lambert Faure Barbier".split(),
    "es": "Navarro Ibáñez Gómez Serrano Domínguez Vidal Castro Ortiz Molina Herrera Cuesta".split(),
    "nl": "Jansen Bakker Visser Smit Meijer Mulder Bos Vos Dekker Hendriks".split(),
    "pt": "Silva Oliveira Souza Pereira Costa Almeida Carvalho Ribeiro Gomes Martins Araújo".split(),
    "it": "Rossi Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Esposito".split(),
    "pl": "Nowak Wiśniewski Wójcik Kamińska Lewandowski Zieliński Szymańska Dąbrowski Kozłowski Jankowska".split(),
}
FREEMAIL = {
    "en": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "hotmail.co.uk", "aol.com", "fastmail.com"],
    "de": ["gmx.de", "web.de", "t-online.de", "posteo.de", "gmail.com"],
    "fr": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "gmail.com"],
    "es": ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"],
    "nl": ["ziggo.nl", "kpnmail.nl", "xs4all.nl", "gmail.com"],
    "pt": ["gmail.com", "uol.com.br", "bol.com.br", "terra.com.br"],
    "it": ["libero.it", "virgilio.it", "tiscali.it", "gmail.com"],
    "pl": ["wp.pl", "onet.pl", "interia.pl", "o2.pl"],
}
COMPANIES = [
    ("Parcelbridge", "parcelbridge.com"), ("Kestrel Mobile", "kestrelmobile.net"), ("Tallowtech", "tallowtech.io"),
    ("Meridian Payroll", "meridianpayroll.com"), ("Bluefin Bank", "bluefinbank.co.uk"), ("Orchid Billing", "orchidbilling.app"),
    ("Northgate Clinic", "northgate-clinic.org"), ("Pinecrest Pharmacy", "pinecrestrx.com"), ("Quarry Hill Health", "quarryhill.health"),
    ("Harborview Logistics", "harborviewlogistics.com"), ("Lumen Assist", "lumenassist.io"), ("Copperleaf MDM", "copperleaf-mdm.com"),
    ("Fenwick & Rye", "fenwickrye.com"), ("Stonebrook Credit Union", "stonebrookcu.org"), ("Aldergrove Retail", "aldergrove.shop"),
    ("Wrenfield Telecom", "wrenfieldtel.com"), ("Saltmarsh Cloud", "saltmarsh.cloud"), ("Brightwater Dental", "brightwaterdental.com"),
    ("Ostara Analytics", "ostara-analytics.eu"), ("Halden Freight", "haldenfreight.de"), ("Vireo Insurance", "vireo-ins.com"),
    ("Cobalt Ridge Schools", "cobaltridge.k12.us"), ("Marlow Outfitters", "marlowoutfitters.co.uk"), ("Tidewell Energy", "tidewell.energy"),
    ("Ashgrove Medical Group", "ashgrovemedical.org"), ("Nordlicht Versand", "nordlicht-versand.de"), ("Maison Verlaine", "maisonverlaine.fr"),
    ("Grupo Alcántara", "grupoalcantara.es"), ("Van Dijk Installatie", "vandijk-installatie.nl"), ("Casa Aurora", "casaaurora.com.br"),
    ("Officine Serra", "officineserra.it"), ("Kruk Logistyka", "kruklogistyka.pl"), ("Pellham Labs", "pellhamlabs.dev"),
]
DESKS = ["Parcelbridge Support", "Kestrel Mobile Care", "Copperleaf Service Desk", "Orchid Billing Help", "Lumen Assist",
         "Saltmarsh Cloud Support", "Meridian Payroll Desk", "Northgate IT", "Pinecrest Rx Help", "Bluefin Ops"]

TYPES = ["device_mdm", "shipping_returns", "telecom_sim", "saas_billing", "password_reset", "hr_payroll", "clinic_it",
         "pharmacy", "banking_ops", "security_incident"]
LANGS = ["en", "de", "fr", "es", "nl", "pt", "it", "pl"]


class Person:
    def __init__(self, r, lang):
        pool = lang if r.random() < 0.85 else "en"
        self.first = r.choice(FIRST[pool])
        self.last = r.choice(LAST[pool])
        self.lang = lang

    @property
    def name(self):
        return f"{self.first} {self.last}"


# =====================================================================================================
# positive value generators: each returns (text, variant)
# =====================================================================================================

NANP_AREAS = ("201 202 203 205 206 207 208 210 212 213 214 215 216 217 218 224 225 228 231 234 239 240 248 251 252 253 "
              "256 260 262 267 269 270 281 301 302 303 304 305 307 309 310 312 313 314 315 316 317 318 319 320 321 323 "
              "330 334 336 337 339 346 347 352 360 361 385 386 401 402 404 405 406 407 408 409 410 412 413 414 415 417 "
              "419 423 424 425 430 432 434 435 440 443 458 469 470 475 478 479 480 484 501 502 503 504 505 507 508 509 "
              "510 512 513 515 516 517 518 520 530 540 541 551 559 561 562 563 567 570 571 573 574 575 580 585 586 601 "
              "602 603 605 606 607 608 609 610 612 614 615 616 617 618 619 620 623 626 628 630 631 636 646 650 651 657 "
              "660 661 662 678 682 701 702 703 704 706 707 708 712 713 714 715 716 717 718 719 720 724 727 731 732 734 "
              "737 740 754 757 760 763 765 770 772 773 774 775 781 785 786 801 802 803 804 805 806 808 810 812 813 814 "
              "815 816 817 818 828 830 831 832 843 845 847 848 850 856 857 858 859 860 862 863 864 865 870 872 901 903 "
              "904 907 908 909 910 912 913 914 915 916 917 918 919 920 925 928 929 931 936 937 940 941 949 951 952 954 "
              "956 970 971 972 973 978 979 980 984 985 989").split()
TOLLFREE = ["800", "833", "844", "855", "866", "877", "888"]


def nanp_parts(r, tollfree=False):
    a = r.choice(TOLLFREE) if tollfree else r.choice(NANP_AREAS)
    while True:
        e = str(r.randint(200, 999))
        if e[1:] != "11" and e != "555" and e != "950":
            break
    return a, e, rd(r, 4)


def phone_us(r, style=None):
    a, e, s = nanp_parts(r, tollfree=r.random() < 0.07)
    styles = {
        "paren": f"({a}) {e}-{s}", "dash": f"{a}-{e}-{s}", "dot": f"{a}.{e}.{s}", "space": f"{a} {e} {s}",
        "plus1_space": f"+1 {a} {e} {s}", "plus1_dash": f"+1-{a}-{e}-{s}", "plus1_paren": f"+1 ({a}) {e}-{s}",
        "one_dash": f"1-{a}-{e}-{s}", "e164": f"+1{a}{e}{s}", "paren_nospace": f"({a}){e}-{s}", "one_dot": f"1.{a}.{e}.{s}",
        "digits": f"1{a}{e}{s}", "digits10": f"{a}{e}{s}",
    }
    if style is None:
        style = wchoice(r, [("paren", 8), ("dash", 7), ("dot", 3), ("space", 1), ("plus1_space", 3), ("plus1_dash", 2),
                            ("plus1_paren", 2), ("one_dash", 2), ("e164", 2), ("paren_nospace", 1), ("one_dot", 1)])
    return styles[style], f"us.{style}"


INTL = {
    "gb": [("+44 20 {d4} {d4}", "lon_intl"), ("020 {d4} {d4}", "lon_nat"), ("+44 7{d3} {d6}", "mob_intl"), ("07{d3} {d6}", "mob_nat"),
           ("+44 (0)161 {d3} {d4}", "man_paren0"), ("0113 {d3} {d4}", "leeds_nat")],
    "ie": [("+353 87 {d3} {d4}", "mob_intl"), ("01 {d3} {d4}", "dub_nat")],
    "de": [("+49 30 {d8}", "ber_intl"), ("030 {d4} {d4}", "ber_nat"), ("+49 151 {d8}", "mob_intl"), ("0151 {d4} {d4}", "mob_nat"),
           ("+49 (0)89 {d3} {d4}", "muc_paren0"), ("089/{d3} {d4}", "muc_slash"), ("+49 40 {d4} {d4}", "ham_intl")],
    "fr": [("+33 6 {d2} {d2} {d2} {d2}", "mob_intl"), ("06 {d2} {d2} {d2} {d2}", "mob_nat"), ("01 {d2} {d2} {d2} {d2}", "par_nat"),
           ("+33 (0)1 {d2} {d2} {d2} {d2}", "par_paren0"), ("07.{d2}.{d2}.{d2}.{d2}", "mob_dots")],
    "es": [("+34 6{d2} {d3} {d3}", "mob_intl"), ("6{d2} {d3} {d3}", "mob_nat"), ("91 {d3} {d2} {d2}", "mad_nat"), ("+34 93 {d3} {d2} {d2}", "bcn_intl")],
    "nl": [("+31 6 {d8}", "mob_intl"), ("06-{d8}", "mob_dash"), ("020 {d3} {d4}", "ams_nat"), ("+31 (0)20 {d3} {d4}", "ams_paren0")],
    "pt": [("+55 11 9{d4}-{d4}", "br_sp_intl"), ("(11) 9{d4}-{d4}", "br_sp_nat"), ("+55 21 9{d4} {d4}", "br_rj_intl"),
           ("+351 91{d1} {d3} {d3}", "pt_mob_intl")],
    "it": [("+39 3{d2} {d3} {d4}", "mob_intl"), ("3{d2} {d3} {d4}", "mob_nat"), ("02 {d4} {d4}", "mil_nat"), ("+39 06 {d4} {d4}", "rom_intl")],
    "pl": [("+48 {d3} {d3} {d3}", "intl"), ("+48 22 {d3} {d2} {d2}", "waw_intl"), ("{d3}-{d3}-{d3}", "mob_dash")],
    "se": [("+46 70 {d3} {d2} {d2}", "mob_intl"), ("070-{d3} {d2} {d2}", "mob_nat")],
    "ch": [("+41 44 {d3} {d2} {d2}", "zrh_intl"), ("+41 79 {d3} {d2} {d2}", "mob_intl")],
    "au": [("+61 4{d2} {d3} {d3}", "mob_intl"), ("(02) {d4} {d4}", "syd_nat")],
    "jp": [("+81 3-{d4}-{d4}", "tok_intl"), ("090-{d4}-{d4}", "mob_nat")],
    "in": [("+91 9{d4} {d5}", "mob_intl"), ("+91 80 {d4} {d4}", "blr_intl")],
    "mx": [("+52 55 {d4} {d4}", "cdmx_intl")],
    "be": [("+32 4{d2} {d2} {d2} {d2}", "mob_intl")],
}
LANG_CC = {"en": "gb", "de": "de", "fr": "fr", "es": "es", "nl": "nl", "pt": "pt", "it": "it", "pl": "pl"}


def _fill_digits(r, tmpl):
    def rep(m):
        n = int(m.group(1))
        s = rd(r, n)
        if n >= 4 and s[0] == "0":
            s = r.choice("23456789") + s[1:]
        return s
    return re.sub(r"\{d(\d)\}", rep, tmpl)


def phone_intl(r, cc=None):
    cc = cc or r.choice(list(INTL))
    tmpl, var = r.choice(INTL[cc])
    return _fill_digits(r, tmpl), f"{cc}.{var}"


def card_value(r, mode=None):
    brand = wchoice(r, [("visa16", 30), ("visa13", 1), ("visa19", 2), ("mc5", 18), ("mc2", 6), ("amex", 10), ("discover", 7),
                        ("jcb", 4), ("diners", 3), ("unionpay", 3), ("maestro", 3)])
    while True:
        if brand.startswith("visa"):
            n = int(brand[4:]); pre = "4" + rd(r, 5)
        elif brand == "mc5":
            n = 16; pre = str(r.randint(51, 55)) + rd(r, 4)
        elif brand == "mc2":
            n = 16; pre = str(r.randint(2221, 2720)) + rd(r, 2)
        elif brand == "amex":
            n = 15; pre = r.choice(["34", "37"]) + rd(r, 4)
        elif brand == "discover":
            n = 16; pre = r.choice(["6011" + rd(r, 2), str(r.randint(644, 649)) + rd(r, 3), "65" + rd(r, 4)])
        elif brand == "jcb":
            n = 16; pre = str(r.randint(3528, 3589)) + rd(r, 2)
        elif brand == "diners":
            n = 14; pre = r.choice([str(r.randint(300, 305)) + rd(r, 3), "36" + rd(r, 4), "38" + rd(r, 4)])
        elif brand == "unionpay":
            n = 16; pre = "62" + r.choice("0345678") + rd(r, 3)
        else:
            n = r.choice([16, 19]); pre = r.choice(["6759", "5018", "6304", "5893", "6761"]) + rd(r, 2)
        d = luhn_complete(pre + rd(r, n - len(pre) - 1))
        if d not in TEST_PANS and card_brand(d):
            break
    sizes = {16: [4, 4, 4, 4], 15: [4, 6, 5], 14: [4, 6, 4], 13: [4, 4, 5], 19: [4, 4, 4, 4, 3]}[n]
    sep = "" if mode == "compact" else (mode or wchoice(r, [(" ", 5), ("-", 2), ("", 3), ("\u00a0", 0.3)]))
    name = {" ": "space", "-": "dash", "": "compact", "\u00a0": "nbsp"}[sep]
    return (group(d, sizes, sep) if sep else d), f"{brand}.{name}"


def ssn_value(r, mode=None):
    while True:
        a = r.randint(1, 899)
        if a == 666:
            continue
        d = f"{a:03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
        if ssn_rules_ok(d):
            break
    mode = mode or wchoice(r, [("dash", 8), ("space", 1), ("compact", 1)])
    sep = {"dash": "-", "space": " ", "compact": ""}[mode]
    return f"{d[:3]}{sep}{d[3:5]}{sep}{d[5:]}", mode


def email_value(r, person=None, lang="en", domain=None, role=False):
    p = person
    if role or p is None and r.random() < 0.1:
        local = r.choice(["billing", "accounts.payable", "it-helpdesk", "noc", "payroll", "frontdesk", "security", "returns",
                          "pharmacy.ops", "hr.ops", "support-escalations", "finance-ap"])
        var = "role"
    else:
        p = p or Person(r, lang)
        f, l = ascii_fold(p.first).lower(), ascii_fold(p.last).lower().replace(" ", "")
        style = r.choice(["first.last", "flast", "first_last", "firstl", "first.last.num", "first+tag", "lastf", "first.m.last", "First.Last"])
        local = {"first.last": f"{f}.{l}", "flast": f"{f[0]}{l}", "first_last": f"{f}_{l}", "firstl": f"{f}{l[0]}",
                 "first.last.num": f"{f}.{l}{r.randint(2, 99)}", "first+tag": f"{f}+{r.choice(['tickets', 'shop', 'work', 'mdm', 'bills'])}",
                 "lastf": f"{l}.{f[0]}", "first.m.last": f"{f}.{r.choice('abcdefghjkmnprstw')}.{l}",
                 "First.Last": f"{ascii_fold(p.first)}.{ascii_fold(p.last).replace(' ', '')}"}[style]
        var = "first.last.capitalized" if style == "First.Last" else style.replace("+", "_plus_")
    if domain is None:
        domain = r.choice(FREEMAIL.get(lang, FREEMAIL["en"])) if r.random() < 0.45 else r.choice(COMPANIES)[1]
    if r.random() < 0.08:
        sub = r.choice(["mail.", "corp.", "eu.", "us."])
        if domain.count(".") == 1 and domain not in sum(FREEMAIL.values(), []):
            domain = sub + domain
            var += ".subdomain"
    return f"{local}@{domain}", var


def iban_value(r, cc=None, mode=None):
    cc = cc or r.choice(list(IBAN_SPEC))
    ln, spec = IBAN_SPEC[cc]
    bban = ""
    for n, t in re.findall(r"(\d+)([nac])", spec):
        n = int(n)
        if t == "a" and n == 4 and cc in IBAN_BANKS and not bban:
            bban += r.choice(IBAN_BANKS[cc])
        elif t == "n":
            bban += rd(r, n)
        elif t == "a":
            bban += "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(n))
        else:
            bban += "".join(r.choice(DIG * 4 + "ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(n))
    chk = 98 - iban_mod97(cc + "00" + bban)
    c = f"{cc}{chk:02d}{bban}"
    assert iban_ok(c), c
    mode = mode or wchoice(r, [("grouped", 6), ("compact", 4)])
    text = " ".join(c[i:i + 4] for i in range(0, len(c), 4)) if mode == "grouped" else c
    return text, f"{cc.lower()}.{mode}"


def aba_value(r, lead=None):
    while True:
        p = lead or r.choice([f"{x:02d}" for x in list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73))])
        body = p + rd(r, 6)
        x = [int(c) for c in body]
        c = (10 - (3 * (x[0] + x[3] + x[6]) + 7 * (x[1] + x[4] + x[7]) + (x[2] + x[5])) % 10) % 10
        v = body + str(c)
        if aba_ok(v):
            return v, f"fed{p}"


def ip4_value(r, kind=None):
    kind = kind or wchoice(r, [("public", 6), ("rfc1918", 4)])
    while True:
        if kind == "public":
            v = f"{r.randint(3, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
            ip = ipaddress.ip_address(v)
            if not ip.is_global or not ip_ok(v):
                continue
        else:
            v = r.choice([f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                          f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                          f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}"])
        return v, f"v4.{kind}"


def ip6_value(r, kind=None):
    kind = kind or wchoice(r, [("global", 6), ("ula", 2), ("linklocal", 1)])
    if kind == "global":
        first = r.choice(["2a02", "2a01", "2600", "2603", "2604", "2607", "2610", "2a00", "2a03", "2a05", "2406", "2408", "2c0f", "2001"])
        g = [first] + [rhex(r, r.choice([3, 4])).lstrip("0") or "0" for _ in range(7)]
        if first == "2001":
            g[1] = r.choice(["470", "67c", "4860", "1af8"])
        if r.random() < 0.6:
            k = r.randint(3, 5)
            for i in range(k, min(8, k + r.randint(1, 3))):
                g[i] = "0"
    elif kind == "ula":
        g = ["fd" + rhex(r, 2)] + [rhex(r, 4) for _ in range(3)] + ["0", "0", "0", rhex(r, 3)]
    else:
        g = ["fe80", "0", "0", "0"] + [rhex(r, 4) for _ in range(4)]
    v = str(ipaddress.IPv6Address(":".join(g)))
    if r.random() < 0.1 and kind == "global":
        v = v.upper()
        kind += ".upper"
    assert ip_ok(v), v
    return v, f"v6.{kind}"


def mrn_value(r):
    style = wchoice(r, [("d7", 4), ("d8", 3), ("d8_zero", 2), ("d10", 1), ("l1d7", 2), ("l2d7", 2), ("d6", 1)])
    v = {"d7": lambda: rd_nz(r, 7), "d8": lambda: rd_nz(r, 8), "d8_zero": lambda: "00" + rd_nz(r, 6), "d10": lambda: rd_nz(r, 10),
         "l1d7": lambda: r.choice("EHMKPRT") + rd(r, 7), "l2d7": lambda: r.choice(["MR", "HN", "NG", "QH", "AM"]) + rd(r, 7),
         "d6": lambda: rd_nz(r, 6)}[style]()
    return v, style


def npi_value(r):
    while True:
        body = r.choice("12") + rd(r, 8)
        for c in DIG:
            if npi_ok(body + c):
                return body + c, "plain"


def nhs_value(r, mode=None):
    while True:
        d = r.choice("4679") + rd(r, 8)
        s = sum(int(d[i]) * (10 - i) for i in range(9))
        c = 11 - s % 11
        if c == 11:
            c = 0
        if c == 10:
            continue
        v = d + str(c)
        break
    mode = mode or wchoice(r, [("spaced", 6), ("compact", 3), ("dashed", 1)])
    text = {"spaced": f"{v[:3]} {v[3:6]} {v[6:]}", "compact": v, "dashed": f"{v[:3]}-{v[3:6]}-{v[6:]}"}[mode]
    return text, mode


def dea_value(r, surname):
    first = wchoice(r, [("A", 2), ("B", 3), ("F", 3), ("G", 1), ("M", 2)])
    init = ascii_fold(surname).replace(" ", "")[0].upper()
    if not init.isalpha() or r.random() < 0.04:
        init = "9"
    d6 = rd(r, 6)
    v = f"{first}{init}{d6}{dea_check(d6)}"
    assert dea_ok(v)
    return v, f"{first.lower()}{'9' if init == '9' else 'x'}"


def aws_value(r):
    pre = "AKIA" if r.random() < 0.85 else "ASIA"
    while True:
        v = pre + "".join(r.choice(B32AWS) for _ in range(16))
        if aws_ok(v):
            return v, pre.lower()


def gh_value(r):
    kind = wchoice(r, [("ghp", 6), ("gho", 2), ("ghu", 1), ("ghs", 2), ("ghr", 1), ("pat", 2)])
    if kind == "pat":
        v = "github_pat_11" + "".join(r.choice(ALNUM_UP) for _ in range(20)) + "_" + "".join(r.choice(B62) for _ in range(59))
    else:
        ent = "".join(r.choice(B62) for _ in range(30))
        v = f"{kind}_{ent}{gh_checksum(ent)}"
    assert gh_ok(v), v
    return v, kind


def b64lines(raw, width=64):
    s = base64.b64encode(raw).decode()
    return [s[i:i + width] for i in range(0, len(s), width)]


def pem_value(r, kind=None, indent="", eol="\n"):
    kind = kind or wchoice(r, [("rsa", 4), ("pkcs8", 3), ("ec", 2), ("openssh", 3), ("pkcs8_ed25519", 1), ("encrypted", 1)])
    if kind == "rsa":
        label, raw = "RSA PRIVATE KEY", b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00" + rbytes(r, 1180)
    elif kind == "pkcs8":
        label, raw = "PRIVATE KEY", b"\x30\x82\x04\xbd\x02\x01\x00\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00\x04\x82\x04\xa7" + rbytes(r, 1190)
    elif kind == "ec":
        label, raw = "EC PRIVATE KEY", (b"\x30\x77\x02\x01\x01\x04\x20" + rbytes(r, 32) + b"\xa0\x0a\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07\xa1\x44\x03\x42\x00\x04" + rbytes(r, 64))
    elif kind == "pkcs8_ed25519":
        label, raw = "PRIVATE KEY", b"\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20" + rbytes(r, 32)
    elif kind == "encrypted":
        label, raw = "ENCRYPTED PRIVATE KEY", b"\x30\x82\x05\x1e\x30\x40\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x05\x0d" + rbytes(r, 1300)
    else:
        label = "OPENSSH PRIVATE KEY"
        raw = b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x003\x00\x00\x00\x0bssh-ed25519" + rbytes(r, 300)
        lines = b64lines(raw, 70)
        body = (eol + indent).join(lines)
        return f"-----BEGIN {label}-----{eol}{indent}{body}{eol}{indent}-----END {label}-----", kind
    body = (eol + indent).join(b64lines(raw))
    return f"-----BEGIN {label}-----{eol}{indent}{body}{eol}{indent}-----END {label}-----", kind


DOB_FORMATS = {
    "en": [("mdy_slash", 6), ("iso", 4), ("long_mdy", 3), ("long_dmy", 1), ("abbr_mdy", 2), ("dmon_y", 1), ("m_d_y_short", 2), ("dmy_slash", 1)],
    "de": [("dmy_dot", 6), ("long_local", 3), ("iso", 1)],
    "fr": [("dmy_slash", 6), ("long_local", 3), ("iso", 1)],
    "es": [("dmy_slash", 6), ("long_local", 3), ("dmy_dash", 1)],
    "nl": [("dmy_dash", 5), ("long_local", 3), ("dmy_slash", 1)],
    "pt": [("dmy_slash", 6), ("long_local", 3)],
    "it": [("dmy_slash", 6), ("long_local", 3), ("dmy_dot", 1)],
    "pl": [("dmy_dot", 6), ("long_local", 3), ("iso", 1)],
}


def fmt_date(d, style, lang="en"):
    M = MONTHS["en"]
    if style == "iso":
        return d.isoformat()
    if style == "mdy_slash":
        return f"{d.month:02d}/{d.day:02d}/{d.year}"
    if style == "m_d_y_short":
        return f"{d.month}/{d.day}/{d.year}"
    if style == "dmy_slash":
        return f"{d.day:02d}/{d.month:02d}/{d.year}"
    if style == "dmy_dot":
        return f"{d.day:02d}.{d.month:02d}.{d.year}"
    if style == "dmy_dash":
        return f"{d.day:02d}-{d.month:02d}-{d.year}"
    if style == "long_mdy":
        return f"{M[d.month - 1]} {d.day}, {d.year}"
    if style == "long_dmy":
        return f"{d.day} {M[d.month - 1]} {d.year}"
    if style == "abbr_mdy":
        return f"{M[d.month - 1][:3]} {d.day}, {d.year}"
    if style == "dmon_y":
        return f"{d.day:02d}-{M[d.month - 1][:3]}-{d.year}"
    if style == "compact":
        return f"{d.year}{d.month:02d}{d.day:02d}"
    if style == "long_local":
        m = MONTHS[lang][d.month - 1]
        return {"de": f"{d.day}. {m} {d.year}", "es": f"{d.day} de {m} de {d.year}", "pt": f"{d.day} de {m} de {d.year}"}.get(lang, f"{d.day} {m} {d.year}")
    raise KeyError(style)


def dob_value(r, lang="en", style=None):
    d = rdate(r, 1936, 2009)
    style = style or wchoice(r, DOB_FORMATS.get(lang, DOB_FORMATS["en"]))
    return fmt_date(d, style, lang), f"{style}{'.' + lang if style == 'long_local' else ''}"


# =====================================================================================================
# hard-negative kinds: name -> (entity it imitates or "other", generator(r) -> text, claim check(text) -> bool)
# =====================================================================================================

KINDS = {}


def kind(name, target, check=None):
    def deco(fn):
        KINDS[name] = (target, fn, check or (lambda s: bool(s)))
        return fn
    return deco


def digits_of(s):
    return re.sub(r"\D", "", s)


def _re(p, flags=0):
    rx = re.compile(p, flags)
    return lambda s: rx.fullmatch(s) is not None


# --- shipping --------------------------------------------------------------------------------------

@kind("ups_tracking", "other", _re(r"1Z[0-9A-Z]{16}|1Z [0-9A-Z]{3} [0-9A-Z]{3} [0-9]{2} [0-9]{4} [0-9]{4}"))
def _ups(r):
    v = "1Z" + ralnum(r, 6) + r.choice(["01", "02", "03", "12", "13", "42", "66"]) + rd(r, 8)
    return v if r.random() < 0.75 else f"1Z {v[2:5]} {v[5:8]} {v[8:10]} {v[10:14]} {v[14:]}"


@kind("fedex_tracking", "CREDIT_CARD", lambda s: len(digits_of(s)) in (12, 15) and re.fullmatch(r"[\d ]+", s) is not None)
def _fedex(r):
    if r.random() < 0.6:
        v = rd_nz(r, 12)
        return v if r.random() < 0.7 else group(v, [4, 4, 4], " ")
    return "96" + rd(r, 13)


@kind("usps_tracking", "CREDIT_CARD", lambda s: 20 <= len(digits_of(s)) <= 22 and re.fullmatch(r"[\d ]+", s) is not None)
def _usps(r):
    body = r.choice(["9400", "9205", "9407", "9270", "9300", "9361"]) + rd(r, 17)
    s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(reversed(body)))
    v = body + str((10 - s % 10) % 10)
    return v if r.random() < 0.5 else " ".join(v[i:i + 4] for i in range(0, 22, 4))


@kind("dhl_tracking", "US_NPI", lambda s: len(s) == 10 and s.isdigit() and int(s[:9]) % 7 == int(s[9]))
def _dhl(r):
    b = rd_nz(r, 9)
    return b + str(int(b) % 7)


# --- device / telecom ------------------------------------------------------------------------------

def _imei_digits(r):
    tac = r.choice(["35", "86", "01", "35", "99"]) + rd(r, 6)
    return luhn_complete(tac + rd(r, 6))


@kind("imei", "CREDIT_CARD", lambda s: len(digits_of(s)) == 15 and luhn_ok(digits_of(s)) and card_brand(digits_of(s)) is None)
def _imei(r):
    d = _imei_digits(r)
    return d if r.random() < 0.75 else f"{d[:2]}-{d[2:8]}-{d[8:14]}-{d[14]}"


@kind("iccid", "CREDIT_CARD", lambda s: digits_of(s).startswith("89") and len(digits_of(s)) in (19, 20) and luhn_ok(digits_of(s)))
def _iccid(r):
    cc = r.choice(["01", "44", "49", "33", "34", "31", "39", "351"])
    d = luhn_complete("89" + cc + rd(r, r.choice([18, 19]) - 2 - len(cc)))
    return d if r.random() < 0.7 else " ".join(d[i:i + 4] for i in range(0, len(d), 4))


@kind("imsi", "other", lambda s: len(s) == 15 and s.isdigit())
def _imsi(r):
    return r.choice(["310260", "310410", "311480", "234150", "234100", "262011", "208100", "214070", "204080"]) + rd(r, 9)


@kind("meid", "other", _re(r"[A-F0-9]{14}"))
def _meid(r):
    return "A" + r.choice("0123") + rhex(r, 12, upper=True)


@kind("ean13", "other", lambda s: len(s) == 13 and ean_ok(s))
def _ean(r):
    return gtin_complete(r.choice(["400", "401", "405", "310", "350", "500", "505", "590", "800", "840", "871", "560", "760"]) + rd(r, 9))


@kind("upc_a", "other", lambda s: len(digits_of(s)) == 12 and ean_ok(digits_of(s)))
def _upc(r):
    d = gtin_complete(r.choice("0178") + rd(r, 10))
    return d if r.random() < 0.8 else f"{d[0]} {d[1:6]} {d[6:11]} {d[11]}"


@kind("isbn13", "other", lambda s: len(digits_of(s)) == 13 and ean_ok(digits_of(s)) and digits_of(s)[:3] in ("978", "979"))
def _isbn(r):
    d = gtin_complete(r.choice(["978", "979"]) + rd(r, 9))
    return d if r.random() < 0.5 else f"{d[:3]}-{d[3]}-{d[4:8]}-{d[8:12]}-{d[12]}"


@kind("gtin14", "CREDIT_CARD", lambda s: len(s) == 14 and ean_ok(s))
def _gtin(r):
    return gtin_complete(r.choice("12345678") + rd(r, 12))


@kind("mac_address", "IP_ADDRESS", _re(r"([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}|[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}"))
def _mac(r):
    b = [rhex(r, 2) for _ in range(6)]
    st = r.choice(["colon_up", "colon_low", "dash", "cisco"])
    if st == "colon_up":
        return ":".join(b).upper()
    if st == "colon_low":
        return ":".join(b)
    if st == "dash":
        return "-".join(b).upper()
    h = "".join(b)
    return f"{h[:4]}.{h[4:8]}.{h[8:]}"


@kind("serial_number", "other")
def _serial(r):
    return r.choice([
        lambda: "C02" + ralnum(r, 9),                       # Apple-ish
        lambda: "5CG" + rd(r, 4) + ralnum(r, 3),           # HP-ish
        lambda: "PF" + ralnum(r, 6),                        # Lenovo-ish
        lambda: "FDO" + rd(r, 4) + ralnum(r, 4),           # Cisco-ish
        lambda: "R5C" + ralnum(r, 8),                       # Samsung-ish
        lambda: "SN" + rd(r, 10) + ralnum(r, 2),
    ])()


@kind("phone_like_serial", "PHONE_NUMBER", _re(r"\d{3}-\d{3}-\d{4}|\d{3}\.\d{3}\.\d{4}|\(\d{3}\) \d{3}-\d{4}"))
def _pls(r):
    a, b, c = str(r.randint(100, 999)), rd(r, 3), rd(r, 4)
    return r.choice([f"{a}-{b}-{c}", f"{a}.{b}.{c}"])


# --- identifiers, hashes, cloud ids ----------------------------------------------------------------

def uuid4s(r):
    h = rhex(r, 32)
    h = h[:12] + "4" + h[13:16] + r.choice("89ab") + h[17:]
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


UUID_RE = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"


@kind("uuid", "other", _re(UUID_RE))
def _uuid(r):
    u = uuid4s(r)
    return u.upper() if r.random() < 0.15 else u


@kind("swift_uetr", "other", _re(UUID_RE))
def _uetr(r):
    return uuid4s(r)


@kind("git_sha", "GITHUB_TOKEN", _re(r"[0-9a-f]{40}"))
def _gitsha(r):
    return rhex(r, 40)


@kind("git_sha_short", "GITHUB_TOKEN", _re(r"[0-9a-f]{7,12}"))
def _gitshort(r):
    return rhex(r, r.choice([7, 7, 8, 10, 12]))


@kind("sha256", "other", _re(r"[0-9a-fA-F]{64}"))
def _sha256(r):
    return rhex(r, 64)


@kind("docker_digest", "EMAIL_ADDRESS", _re(r"[a-z0-9./_-]+@sha256:[0-9a-f]{64}|sha256:[0-9a-f]{64}"))
def _digest(r):
    img = r.choice(["ghcr.io/tallowtech/agent", "registry.saltmarsh.cloud/ops/api", "docker.io/library/nginx",
                    "quay.io/copperleaf/mdm-sync", "public.ecr.aws/lumen/worker"])
    return f"{img}@sha256:{rhex(r, 64)}" if r.random() < 0.6 else f"sha256:{rhex(r, 64)}"


@kind("npm_integrity", "other", _re(r"sha512-[A-Za-z0-9+/]{86}=="))
def _integrity(r):
    return "sha512-" + base64.b64encode(rbytes(r, 64)).decode()


@kind("base64_blob", "other", _re(r"[A-Za-z0-9+/]+={0,2}"))
def _b64(r):
    while True:
        s = base64.b64encode(rbytes(r, r.choice([18, 24, 33, 45, 60]))).decode()
        if not re.search(r"AKIA|ASIA|gh[pousr]_", s):
            return s


@kind("jwt_like", "other", lambda s: s.count(".") == 2 and not s.startswith("eyJ"))
def _jwtlike(r):
    def seg(n):
        return base64.urlsafe_b64encode(rbytes(r, n)).decode().rstrip("=")
    while True:
        s = f"{seg(r.choice([9, 12, 15]))}.{seg(r.choice([24, 36, 48]))}.{seg(32)}"
        if not s.startswith("eyJ") and not re.search(r"AKIA|ASIA|gh[pousr]_", s):
            return s


@kind("aws_account_id", "AWS_ACCESS_KEY", _re(r"\d{12}|\d{4}-\d{4}-\d{4}"))
def _acct(r):
    v = rd_nz(r, 12)
    return v if r.random() < 0.85 else f"{v[:4]}-{v[4:8]}-{v[8:]}"


@kind("aws_arn", "AWS_ACCESS_KEY", lambda s: s.startswith("arn:aws:"))
def _arn(r):
    acct = rd_nz(r, 12)
    reg = r.choice(["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2"])
    return r.choice([
        f"arn:aws:iam::{acct}:role/{r.choice(['SupportReadOnly', 'ci-deployer', 'mdm-sync-role', 'BillingExport'])}",
        f"arn:aws:lambda:{reg}:{acct}:function:{r.choice(['invoice-render', 'sms-dispatch', 'label-printer'])}",
        f"arn:aws:sns:{reg}:{acct}:{r.choice(['ops-alerts', 'returns-events', 'sim-swap-audit'])}",
        f"arn:aws:kms:{reg}:{acct}:key/{uuid4s(r)}",
        f"arn:aws:sts::{acct}:assumed-role/{r.choice(['OrgAdmin', 'ReadOnly'])}/{r.choice(['session-', 'botocore-session-'])}{rd(r, 10)}",
    ])


@kind("aws_request_id", "other", _re(UUID_RE + r"|[0-9A-F]{16}"))
def _reqid(r):
    return uuid4s(r) if r.random() < 0.6 else rhex(r, 16, upper=True)


@kind("s3_etag", "other", _re(r"[0-9a-f]{32}(-\d{1,3})?"))
def _etag(r):
    return rhex(r, 32) + (f"-{r.randint(2, 120)}" if r.random() < 0.3 else "")


@kind("aws_placeholder", "AWS_ACCESS_KEY", lambda s: s.startswith("AKIA") and not aws_ok(s))
def _awsph(r):
    return r.choice(["AKIAIOSFODNN7EXAMPLE", "AKIAXXXXXXXXXXXXXXXX", "AKIA****************", "AKIA" + "".join(r.choice(B32AWS) for _ in range(4)) + "…", "AKIAYOURACCESSKEYID0"])


@kind("aws_secret_key", "AWS_ACCESS_KEY", _re(r"[A-Za-z0-9/+]{40}"))
def _awssecret(r):
    while True:
        s = "".join(r.choice(B62 + "/+") for _ in range(40))
        if not re.search(r"AKIA|ASIA|gh[pousr]_", s):
            return s


@kind("iam_unique_id", "AWS_ACCESS_KEY", _re(r"(AIDA|AROA|ANPA|AGPA)[A-Z2-7]{17}"))
def _iamid(r):
    return r.choice(["AIDA", "AROA", "ANPA", "AGPA"]) + "".join(r.choice(B32AWS) for _ in range(17))


@kind("gh_masked", "GITHUB_TOKEN", lambda s: s.startswith(("ghp_", "gho_", "ghs_", "github_pat_")) and not gh_ok(s))
def _ghm(r):
    return r.choice([
        "ghp_" + "*" * 32 + "".join(r.choice(B62) for _ in range(4)),
        "ghp_" + "".join(r.choice(B62) for _ in range(4)) + "…",
        "ghs_" + "".join(r.choice(B62) for _ in range(20)),
        "ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "github_pat_" + "•" * 12,
        "ghp_" + "".join(r.choice(B62) for _ in range(36)),  # right shape, wrong CRC
    ])


@kind("stripe_id", "other", _re(r"(pi|ch|cus|in|re|evt|pm|sub|txn|po)_[A-Za-z0-9]{14,28}"))
def _stripe(r):
    p = r.choice(["pi_3", "ch_3", "cus_", "in_1", "re_3", "evt_1", "pm_1", "sub_1", "txn_3", "po_1"])
    return p + "".join(r.choice(B62) for _ in range(24 if p[-1] in "13" else 14))


@kind("twilio_sid", "other", _re(r"(SM|MM|CA|AC|PN)[0-9a-f]{32}"))
def _twilio(r):
    return r.choice(["SM", "MM", "CA", "AC", "PN"]) + rhex(r, 32)


@kind("slack_id", "other", _re(r"[CUGT]0[A-Z0-9]{8,10}"))
def _slack(r):
    return r.choice("CUGT") + "0" + ralnum(r, r.choice([8, 9, 10]))


@kind("license_key", "other", _re(r"([A-Z0-9]{5}-){4}[A-Z0-9]{5}|([A-Z0-9]{4}-){3}[A-Z0-9]{4}"))
def _lic(r):
    al = "BCDFGHJKMPQRTVWXY2346789"
    if r.random() < 0.7:
        return "-".join(ralnum(r, 5, al) for _ in range(5))
    return "-".join(ralnum(r, 4, al) for _ in range(4))


@kind("windows_product_id", "other", _re(r"\d{5}-\d{5}-\d{5}-[A-Z]{2}\d{3}"))
def _winpid(r):
    return f"{rd(r, 5)}-{rd(r, 5)}-{rd(r, 5)}-{r.choice(['AA', 'AB', 'AC', 'AD'])}{rd(r, 3)}"


# --- versions and look-alikes of IPs ---------------------------------------------------------------

@kind("version_ip_like", "IP_ADDRESS", lambda s: re.fullmatch(r"v?(\d{1,3}\.){3}\d{1,3}", s) is not None)
def _verip(r):
    v = f"{r.randint(1, 24)}.{r.randint(0, 40)}.{r.randint(0, 30)}.{r.randint(0, 250)}"
    return v if r.random() < 0.8 else "v" + v


@kind("windows_build", "IP_ADDRESS", _re(r"10\.0\.\d{5}\.\d{2,5}"))
def _winb(r):
    return f"10.0.{r.choice(['19044', '19045', '22621', '22631', '26100', '17763', '20348'])}.{r.randint(100, 5200)}"


@kind("oid", "IP_ADDRESS", _re(r"[0-2](\.\d+){4,}"))
def _oid(r):
    return r.choice([
        f"1.3.6.1.4.1.{r.choice(['311', '9', '2636', '8072', '14179', '6876'])}.{r.randint(1, 30)}.{r.randint(1, 200)}.{r.randint(0, 9)}",
        f"2.16.840.1.113883.{r.randint(1, 19)}.{r.randint(1, 900)}",
        f"1.2.840.113549.1.{r.choice(['1.11', '1.1', '9.14', '12.10.1.2'])}",
        f"1.3.6.1.5.5.7.3.{r.randint(1, 9)}",
    ])


@kind("snmp_oid", "IP_ADDRESS", _re(r"(iso|\.?1)\.3\.6\.1\.[\d.]+"))
def _snmp(r):
    return r.choice(["iso.3.6.1.2.1.", ".1.3.6.1.2.1.", "1.3.6.1.4.1.9."]) + ".".join(str(r.randint(0, 40)) for _ in range(r.randint(3, 6)))


@kind("semver", "other", _re(r"v?\d+\.\d+\.\d+(-[0-9A-Za-z.]+)?(\+[0-9A-Za-z.]+)?"))
def _semver(r):
    v = f"{r.randint(0, 14)}.{r.randint(0, 40)}.{r.randint(0, 30)}"
    x = r.random()
    if x < 0.2:
        v += f"-rc.{r.randint(1, 5)}"
    elif x < 0.3:
        v += f"+build.{r.randint(10, 999)}"
    return ("v" if r.random() < 0.3 else "") + v


@kind("version_string", "IP_ADDRESS", _re(r"\d+(\.\d+){2,3}"))
def _verstr(r):
    return r.choice([f"{r.randint(100, 130)}.0.{r.randint(5000, 6999)}.{r.randint(10, 250)}", f"31.0.101.{r.randint(4000, 5999)}",
                     f"{r.randint(14, 17)}.{r.randint(0, 7)}.{r.randint(1, 3)}", f"8.{r.randint(0, 9)}.{r.randint(256, 999)}.{r.randint(0, 99)}"])


@kind("build_number", "other")
def _build(r):
    return r.choice([f"{r.randint(20, 23)}{r.choice('ABCDEFGH')}{r.randint(5, 399)}", f"2024{r.randint(1, 12):02d}{r.randint(1, 28):02d}.{r.randint(1, 19)}",
                     f"#{r.randint(1000, 99999)}", f"b{r.randint(1000, 9999)}"])


@kind("ip_bad_octet", "IP_ADDRESS", lambda s: any(int(x) > 255 for x in s.split(".")) and s.count(".") == 3)
def _ipbad(r):
    o = [r.randint(1, 255) for _ in range(4)]
    o[r.randint(0, 3)] = r.randint(256, 999)
    return ".".join(map(str, o))


@kind("masked_ip", "IP_ADDRESS", lambda s: ("x" in s.lower() or "*" in s) and s.count(".") == 3)
def _maskip(r):
    return r.choice([f"10.{r.randint(0, 255)}.x.x", f"192.168.*.*", f"{r.randint(20, 200)}.{r.randint(0, 255)}.xxx.{r.randint(1, 254)}", "x.x.x.x"])


@kind("coordinates", "IP_ADDRESS", _re(r"-?\d{1,2}\.\d{3,6}, ?-?\d{1,3}\.\d{3,6}"))
def _coords(r):
    return f"{r.uniform(-60, 65):.4f}, {r.uniform(-150, 150):.4f}".replace("-0.", "-0.")


@kind("dotted_section", "IP_ADDRESS", _re(r"\d{1,2}\.\d{1,2}\.\d{1,2}\.\d{1,2}"))
def _section(r):
    return f"{r.randint(1, 12)}.{r.randint(1, 9)}.{r.randint(1, 9)}.{r.randint(1, 9)}"


@kind("port_list", "other")
def _ports(r):
    return r.choice([",".join(str(p) for p in sorted(r.sample([22, 25, 53, 80, 110, 143, 443, 465, 587, 993, 3389, 5060, 5061, 8080, 8443, 9443], r.randint(3, 6)))),
                     f"{r.choice([5060, 10000, 49152, 16384])}-{r.choice([5061, 20000, 65535, 32767])}/udp"])


# --- numbers called something else -----------------------------------------------------------------

@kind("luhn_valid_order", "CREDIT_CARD", lambda s: 13 <= len(digits_of(s)) <= 19 and luhn_ok(digits_of(s)) and re.fullmatch(r"[\d \-]+", s) is not None)
def _luhnord(r):
    n = r.choice([13, 14, 15, 16, 16, 16, 18, 19])
    pre = r.choice(["4", "5" + r.choice("12345"), "37", "6011", "35" + str(r.randint(28, 89)), "7", "8", "9", "2", "1"])
    d = luhn_complete(pre + rd(r, n - len(pre) - 1))
    if n == 16 and r.random() < 0.4:
        return group(d, [4, 4, 4, 4], r.choice([" ", "-"]))
    return d


@kind("luhn_fail_ref", "CREDIT_CARD", lambda s: 13 <= len(digits_of(s)) <= 19 and not luhn_ok(digits_of(s)) and re.fullmatch(r"[\d \-]+", s) is not None)
def _luhnfail(r):
    n = r.choice([14, 15, 16, 16, 16, 17, 19])
    pre = r.choice(["4", "5" + r.choice("12345"), "6011", "37", "2", "7", "1"])
    d = luhn_break(luhn_complete(pre + rd(r, n - len(pre) - 1)))
    if n == 16 and r.random() < 0.35:
        return group(d, [4, 4, 4, 4], r.choice([" ", "-"]))
    return d


@kind("gift_card_number", "CREDIT_CARD", lambda s: luhn_ok(digits_of(s)) and card_brand(digits_of(s)) is None)
def _gift(r):
    while True:
        d = luhn_complete(r.choice(["6035", "6046", "7777", "6391", "9840"]) + rd(r, 11))
        if card_brand(d) is None:
            return d if r.random() < 0.5 else group(d, [4, 4, 4, 4], " ")


@kind("bank_txn_ref", "other")
def _txn(r):
    return r.choice([f"FT{r.randint(23, 25)}{rd(r, 3)}{ralnum(r, 5)}", f"{rd(r, 4)}ACH{rd(r, 7)}", f"TRN{rd(r, 16)}",
                     f"NOTPROVIDED{rd(r, 6)}", f"E2E-{ralnum(r, 12)}", f"{r.randint(20230101, 20251231)}{rd(r, 8)}"])


@kind("invoice_number", "other")
def _inv(r):
    return r.choice([f"INV-{r.randint(2023, 2025)}-{rd(r, 6)}", f"INV{rd_nz(r, 7)}", f"{r.choice(['F', 'R'])}{r.randint(2023, 2025)}/{rd(r, 5)}",
                     f"AB-{rd(r, 5)}-{rd(r, 2)}", f"#{rd_nz(r, 6)}"])


@kind("order_number", "other")
def _ord(r):
    return r.choice([f"{rd_nz(r, 3)}-{rd(r, 7)}-{rd(r, 7)}", f"ORD-{rd(r, 4)}-{rd(r, 4)}", f"#{rd_nz(r, 5)}", f"W{rd_nz(r, 9)}",
                     f"SO{rd_nz(r, 6)}", f"{rd_nz(r, 8)}"])


@kind("po_number", "other")
def _po(r):
    return r.choice([f"45{rd(r, 8)}", f"PO-{rd(r, 6)}", f"PO{rd_nz(r, 5)}/{r.randint(23, 25)}"])


@kind("rma_number", "other")
def _rma(r):
    return r.choice([f"RMA-{rd_nz(r, 5)}", f"RMA{rd_nz(r, 8)}", f"R{rd_nz(r, 6)}-{rd(r, 2)}"])


@kind("case_number", "other")
def _case(r):
    return r.choice([f"{rd(r, 2)}{rd_nz(r, 6)}", f"CS{rd_nz(r, 7)}", f"CASE-{rd_nz(r, 6)}", f"{r.randint(2023, 2025)}-{rd(r, 6)}"])


@kind("ticket_number", "other")
def _tkt(r):
    return r.choice([f"INC{rd(r, 7)}", f"REQ{rd(r, 7)}", f"#{rd_nz(r, 6)}", f"T{r.randint(2023, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}.{rd(r, 4)}",
                     f"SR-{rd_nz(r, 6)}"])


@kind("jira_key", "other", _re(r"[A-Z][A-Z0-9]{1,9}-\d{1,6}"))
def _jira(r):
    return f"{r.choice(['OPS', 'ITSD', 'SEC', 'BILL', 'MDM', 'SHIP', 'PAY', 'CLIN', 'RX', 'NOC'])}-{r.randint(12, 99999)}"


@kind("cve_id", "other", _re(r"CVE-\d{4}-\d{4,7}"))
def _cve(r):
    return f"CVE-{r.randint(2019, 2025)}-{r.randint(1000, 52000)}"


@kind("kb_article", "other", _re(r"KB\d{6,7}"))
def _kb(r):
    return f"KB{r.randint(4000000, 5049999)}"


@kind("account_number_other", "ABA_ROUTING_NUMBER", lambda s: len(digits_of(s)) >= 8)
def _acctother(r):
    v = rd_nz(r, r.choice([8, 10, 11, 12]))
    return v if r.random() < 0.7 else group(v, [4] * (len(v) // 4) + ([len(v) % 4] if len(v) % 4 else []), " ")


@kind("aba_fail", "ABA_ROUTING_NUMBER", lambda s: len(s) == 9 and s.isdigit() and not aba_checksum_ok(s))
def _abafail(r):
    while True:
        v = r.choice(["0", "1", "2", "3"]) + rd(r, 8)
        if not aba_checksum_ok(v):
            return v


@kind("aba_shaped_ref", "ABA_ROUTING_NUMBER", lambda s: aba_ok(s))
def _abashape(r):
    return aba_value(r)[0]


@kind("claim_id_10", "US_NPI", lambda s: len(s) == 10 and s.isdigit() and not npi_ok(s) and not nhs_ok(s))
def _claim10(r):
    while True:
        v = r.choice("123") + rd(r, 9)
        if not npi_ok(v) and not nhs_ok(v):
            return v


@kind("npi_shaped_ref", "US_NPI", lambda s: npi_ok(s))
def _npishape(r):
    return npi_value(r)[0]


@kind("nhs_fail_mod11", "UK_NHS", lambda s: len(digits_of(s)) == 10 and not nhs_ok(s) and not npi_ok(digits_of(s)))
def _nhsbad(r):
    while True:
        d = r.choice("4679") + rd(r, 9)
        if not nhs_ok(d) and not npi_ok(d):
            return r.choice([f"{d[:3]} {d[3:6]} {d[6:]}", d, f"{d[:3]} {d[3:6]} {d[6:]}"])


@kind("dea_fail", "US_DEA", lambda s: re.fullmatch(r"[A-Z]{2}\d{7}", s) is not None and not dea_checksum_only(s))
def _deafail(r):
    while True:
        v = r.choice("ABFGM") + r.choice("ABCDEFGHJKLMNPRSTW") + rd(r, 7)
        if not dea_checksum_only(v):
            return v


@kind("state_license", "US_DEA", lambda s: not dea_ok(s))
def _stlic(r):
    return r.choice([f"{r.choice('ACG')}{rd_nz(r, 5)}", f"MD{rd_nz(r, 6)}", f"{rd_nz(r, 2)}.{rd(r, 6)}", f"RPH{rd_nz(r, 5)}", f"PA-{rd_nz(r, 5)}"])


@kind("ssn_invalid", "US_SSN", lambda s: re.fullmatch(r"\d{3}-\d{2}-\d{4}", s) is not None and not ssn_rules_ok(digits_of(s)))
def _ssnbad(r):
    a = r.choice(["000", "666", str(r.randint(900, 999)), f"{r.randint(1, 899):03d}"])
    g = f"{r.randint(1, 99):02d}"
    s = f"{r.randint(1, 9999):04d}"
    if a not in ("000", "666") and a[0] != "9":
        if r.random() < 0.5:
            g = "00"
        else:
            s = "0000"
    return f"{a}-{g}-{s}"


@kind("ssn_shaped_ref", "US_SSN", lambda s: ssn_ok(s))
def _ssnshape(r):
    return ssn_value(r, "dash")[0]


@kind("zip_plus4", "US_SSN", _re(r"\d{5}-\d{4}"))
def _zip4(r):
    return f"{r.randint(10001, 99950):05d}-{r.randint(1, 9999):04d}"


@kind("ein", "US_SSN", _re(r"\d{2}-\d{7}"))
def _ein(r):
    return f"{r.choice(['12', '20', '27', '45', '46', '81', '83', '94'])}-{rd(r, 7)}"


@kind("iban_bad_checksum", "IBAN_CODE", lambda s: iban_struct_ok(re.sub(r"\s", "", s)) and not iban_ok(s))
def _ibanbad(r):
    v, _ = iban_value(r, mode="compact")
    k = int(v[2:4])
    bad = f"{(k + r.randint(1, 90)) % 97 + 2:02d}"
    if bad == v[2:4]:
        bad = f"{(k + 3) % 97 + 2:02d}"
    c = v[:2] + bad + v[4:]
    if iban_ok(c):
        c = v[:2] + f"{(k + 41) % 97 + 2:02d}" + v[4:]
    return " ".join(c[i:i + 4] for i in range(0, len(c), 4)) if r.random() < 0.5 else c


@kind("iban_wrong_length", "IBAN_CODE", lambda s: not iban_ok(s) and iban_mod97(re.sub(r"\s", "", s)) == 1)
def _ibanlen(r):
    cc = r.choice(["DE", "GB", "FR", "NL", "ES", "IT"])
    ln, _ = IBAN_SPEC[cc]
    bban = rd(r, ln - 4 + r.choice([-2, -1, 1, 2])) if cc != "GB" and cc != "NL" else r.choice(["NWBK", "INGB"]) + rd(r, ln - 8 + r.choice([-1, 1]))
    chk = 98 - iban_mod97(cc + "00" + bban)
    return f"{cc}{chk:02d}{bban}"


@kind("bic", "IBAN_CODE", _re(r"[A-Z]{6}[A-Z2-9][A-NP-Z0-9]([A-Z0-9]{3})?"))
def _bic(r):
    return r.choice(["DEUTDEFF", "COBADEFFXXX", "BNPAFRPP", "INGBNL2A", "RABONL2U", "NWBKGB2L", "BARCGB22", "CAIXESBB", "BCITITMM",
                     "PKOPPLPW", "BPOTBEB1", "UBSWCHZH80A", "AIBKIE2D", "BOFAUS3N", "CHASUS33"])


@kind("vat_id", "IBAN_CODE", _re(r"(DE\d{9}|FR[0-9A-Z]{2}\d{9}|NL\d{9}B\d{2}|GB\d{9}|ES[A-Z0-9]\d{7}[A-Z0-9]|IT\d{11}|PL\d{10})"))
def _vat(r):
    return r.choice([f"DE{rd_nz(r, 9)}", f"FR{rd(r, 2)}{rd_nz(r, 9)}", f"NL{rd_nz(r, 9)}B{rd(r, 2)}", f"GB{rd_nz(r, 9)}", f"ES{r.choice('ABX')}{rd(r, 7)}{r.choice('ABCDEFG')}",
                     f"IT{rd(r, 11)}", f"PL{rd_nz(r, 10)}"])


@kind("sepa_creditor_id", "IBAN_CODE", _re(r"[A-Z]{2}\d{2}ZZZ[0-9A-Z]{8,11}"))
def _sepacid(r):
    return r.choice(["DE", "NL", "FR", "ES"]) + rd(r, 2) + "ZZZ" + rd(r, r.choice([8, 11]))


# --- masked values ---------------------------------------------------------------------------------

@kind("masked_card", "CREDIT_CARD", lambda s: any(c in s for c in "*•Xx") and re.search(r"\d{4}$", s) is not None)
def _mcard(r):
    l4 = rd(r, 4)
    return r.choice([f"**** **** **** {l4}", f"•••• {l4}", f"XXXX-XXXX-XXXX-{l4}", f"{r.choice(['4', '5'])}{rd(r, 5)}******{l4}", f"************{l4}"])


@kind("masked_ssn", "US_SSN", lambda s: any(c in s for c in "*•X") and re.search(r"\d{4}$", s) is not None)
def _mssn(r):
    l4 = rd(r, 4)
    return r.choice([f"***-**-{l4}", f"XXX-XX-{l4}", f"•••-••-{l4}"])


@kind("masked_email", "EMAIL_ADDRESS", lambda s: "*" in s or "•" in s)
def _memail(r):
    return r.choice([f"{r.choice('abcdjkmrst')}***@{r.choice(['g***.com', 'outlook.com', 'y****.com'])}",
                     f"{r.choice('abcdjkmrst')}{r.choice('aeiou')}•••••@{r.choice(FREEMAIL['en'])}"])


@kind("masked_phone", "PHONE_NUMBER", lambda s: any(c in s for c in "*•X"))
def _mphone(r):
    l = rd(r, r.choice([2, 4]))
    return r.choice([f"(***) ***-{rd(r, 4)}", f"+44 •••• ••• {rd(r, 3)}", f"XXX-XXX-{rd(r, 4)}", f"+1 *** *** **{l[:2]}", f"+49 *** ****{rd(r, 3)}"])


@kind("phone_extension", "PHONE_NUMBER", _re(r"(ext\.? ?|x|Durchwahl |poste )\d{2,5}"))
def _ext(r):
    return f"{r.choice(['ext. ', 'ext ', 'x'])}{r.randint(10, 99999)}"


@kind("short_code", "PHONE_NUMBER", _re(r"\d{5,6}"))
def _short(r):
    return str(r.randint(20000, 899999))


@kind("fax_page_count", "PHONE_NUMBER", _re(r"\d{1,2}( of \d{1,2})?"))
def _pages(r):
    n = r.randint(2, 14)
    return str(n) if r.random() < 0.5 else f"{r.randint(1, n)} of {n}"


@kind("at_mention", "EMAIL_ADDRESS", _re(r"@[A-Za-z0-9._-]+"))
def _mention(r):
    p = Person(r, "en")
    return "@" + r.choice([ascii_fold(p.first).lower() + "." + ascii_fold(p.last).lower(), ascii_fold(p.first[0] + p.last).lower(), "oncall-" + r.choice(["noc", "billing", "mdm", "sec"])])


@kind("user_at_host", "EMAIL_ADDRESS", _re(r"[a-z][a-z0-9_-]*@[a-z][a-z0-9-]*"))
def _uah(r):
    return f"{r.choice(['deploy', 'root', 'ubuntu', 'ec2-user', 'svc_backup', 'admin', 'pi'])}@{r.choice(['build-07', 'web-01', 'mdm-sync', 'jump', 'pos-terminal-3', 'edge-gw', 'nas01'])}"


@kind("npm_scoped_pkg", "EMAIL_ADDRESS", _re(r"@[a-z0-9-]+/[a-z0-9-]+@\d+\.\d+\.\d+"))
def _npmpkg(r):
    return f"@{r.choice(['tallowtech', 'babel', 'types', 'aws-sdk', 'copperleaf'])}/{r.choice(['core', 'client-s3', 'ui-kit', 'node', 'preset-env'])}@{r.randint(1, 9)}.{r.randint(0, 30)}.{r.randint(0, 20)}"


# --- timestamps (15 formats) -----------------------------------------------------------------------

_TS_FMT = {
    "ts_iso_z": (lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ"), r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"),
    "ts_iso_offset": (lambda t: t.strftime("%Y-%m-%dT%H:%M:%S") + t.strftime("%z")[:3] + ":" + t.strftime("%z")[3:], r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d"),
    "ts_iso_ms": (lambda t: t.strftime("%Y-%m-%dT%H:%M:%S.") + f"{t.microsecond // 1000:03d}Z", r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"),
    "ts_rfc2822": (lambda t: t.strftime("%a, %d %b %Y %H:%M:%S ") + t.strftime("%z"), r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d [+-]\d{4}"),
    "ts_syslog": (lambda t: t.strftime("%b ") + f"{t.day:>2}" + t.strftime(" %H:%M:%S"), r"\w{3} [ \d]\d \d\d:\d\d:\d\d"),
    "ts_epoch_s": (lambda t: str(int(t.timestamp())), r"1[67]\d{8}"),
    "ts_epoch_ms": (lambda t: str(int(t.timestamp() * 1000)), r"1[67]\d{11}"),
    "ts_clf": (lambda t: t.strftime("%d/%b/%Y:%H:%M:%S ") + t.strftime("%z"), r"\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4}"),
    "ts_us_12h": (lambda t: t.strftime("%m/%d/%Y ") + str(int(t.strftime("%I"))) + t.strftime(":%M %p"), r"\d\d/\d\d/\d{4} \d{1,2}:\d\d [AP]M"),
    "ts_eu": (lambda t: t.strftime("%d.%m.%Y %H:%M"), r"\d\d\.\d\d\.\d{4} \d\d:\d\d"),
    "ts_sql_us": (lambda t: t.strftime("%Y-%m-%d %H:%M:%S.%f"), r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}"),
    "ts_win_event": (lambda t: f"{t.month}/{t.day}/{t.year} " + str(int(t.strftime("%I"))) + t.strftime(":%M:%S %p"), r"\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d\d:\d\d [AP]M"),
    "ts_log4j": (lambda t: t.strftime("%Y-%m-%d %H:%M:%S,") + f"{t.microsecond // 1000:03d}", r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"),
    "ts_http_date": (lambda t: t.strftime("%a, %d %b %Y %H:%M:%S GMT"), r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT"),
    "ts_compact": (lambda t: t.strftime("%Y%m%dT%H%M%SZ"), r"\d{8}T\d{6}Z"),
    "ts_klog": (lambda t: "I" + t.strftime("%m%d %H:%M:%S.%f"), r"I\d{4} \d\d:\d\d:\d\d\.\d{6}"),
}
_TZS = [dt.timezone.utc, dt.timezone(dt.timedelta(hours=1)), dt.timezone(dt.timedelta(hours=2)), dt.timezone(dt.timedelta(hours=-5)),
        dt.timezone(dt.timedelta(hours=-8)), dt.timezone(dt.timedelta(hours=5, minutes=30)), dt.timezone(dt.timedelta(hours=10))]


def _mk_ts(name, fn):
    def gen(r):
        t = rdatetime(r).replace(tzinfo=r.choice(_TZS) if name in ("ts_iso_offset", "ts_rfc2822", "ts_clf") else dt.timezone.utc)
        return fn(t)
    return gen


for _n, (_f, _p) in _TS_FMT.items():
    KINDS[_n] = ("DATE_OF_BIRTH" if _n in ("ts_us_12h", "ts_eu", "ts_win_event") else "other", _mk_ts(_n, _f), _re(_p))


# --- dates that are not dates of birth -------------------------------------------------------------

DATE_STYLES_EN = ["iso", "mdy_slash", "m_d_y_short", "long_mdy", "abbr_mdy", "dmon_y", "long_dmy", "dmy_slash"]


def _mk_date(y0, y1, styles=None):
    def gen(r, lang="en"):
        st = r.choice(styles or (DATE_STYLES_EN if lang == "en" else [x for x, _ in DOB_FORMATS[lang]]))
        return fmt_date(rdate(r, y0, y1), st, lang)
    return gen


for _n, (_a, _b) in {"date_appointment": (2023, 2026), "date_admission": (2022, 2025), "date_invoice": (2023, 2025),
                     "date_policy_start": (2018, 2025), "date_born_figurative": (2009, 2023), "date_birthday_sale": (2023, 2025),
                     "date_shipped": (2023, 2025), "date_hire": (2005, 2025), "date_due": (2024, 2026), "date_expiry": (2024, 2031),
                     "date_incident": (2023, 2025), "date_service": (2023, 2025), "date_discharge": (2022, 2025)}.items():
    KINDS[_n] = ("DATE_OF_BIRTH", _mk_date(_a, _b), lambda s: parse_any_date(s) is not None)


@kind("age", "DATE_OF_BIRTH", _re(r"\d{1,3}"))
def _age(r):
    return str(r.randint(19, 91))


# --- generic reference noise -----------------------------------------------------------------------

@kind("amount", "other")
def _amount(r):
    x = wchoice(r, [(r.uniform(1, 99), 3), (r.uniform(100, 9999), 6), (r.uniform(10000, 250000), 1)])
    us = f"{x:,.2f}"
    eu = us.replace(",", "_").replace(".", ",").replace("_", ".")
    return r.choice([f"${us}", f"USD {us}", f"€{eu}", f"{eu} €", f"£{us}", f"{eu} zł", f"R$ {eu}", f"CHF {us.replace(',', '’')}", f"{us} USD"])


@kind("percentage", "other", _re(r"\d{1,3}(\.\d{1,2})? ?%"))
def _pct(r):
    return r.choice([f"{r.uniform(0, 100):.1f}%", f"{r.randint(1, 100)}%", f"{r.uniform(90, 100):.2f} %"])


@kind("duration", "other")
def _dur(r):
    return r.choice([f"{r.randint(2, 9999)}ms", f"{r.randint(1, 5)}h {r.randint(1, 59)}m", f"00:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}",
                     f"PT{r.randint(1, 59)}M", f"{r.uniform(0.1, 60):.1f} s", f"{r.randint(2, 45)} min"])


@kind("byte_count", "other")
def _bytes(r):
    return r.choice([f"{r.randint(1000, 99999999):,} bytes", f"{r.uniform(0.1, 900):.1f} GB", f"{r.choice([128, 256, 512, 1024, 2048])} MiB",
                     f"{r.randint(1000, 9999999)}", f"{r.uniform(1, 999):.1f} KB"])


@kind("http_status", "other", _re(r"[1-5]\d\d"))
def _http(r):
    return str(r.choice([200, 201, 204, 301, 302, 304, 400, 401, 403, 404, 409, 422, 429, 500, 502, 503, 504]))


@kind("stack_frame", "other", _re(r"[A-Za-z0-9_$]+\.(java|kt|py|cs|go|rb|ts):\d+"))
def _frame(r):
    return f"{r.choice(['InvoiceService', 'LabelPrinter', 'SimSwapHandler', 'PayrollExport', 'DeviceEnroller', 'RxValidator', 'TokenRefresher', 'LedgerPoster'])}.{r.choice(['java', 'java', 'kt', 'cs'])}:{r.randint(12, 2400)}"


@kind("hex_token", "other", _re(r"[0-9a-f]{32,48}"))
def _hextok(r):
    return rhex(r, r.choice([32, 40, 48]))


@kind("record_id", "other", lambda s: s.isdigit())
def _recid(r):
    return rd_nz(r, r.choice([9, 10, 11, 12, 13, 16, 18, 19]))


@kind("encounter_id", "MEDICAL_RECORD_NUMBER")
def _enc(r):
    return r.choice([f"ENC{rd_nz(r, 8)}", f"V{rd_nz(r, 9)}", f"{rd_nz(r, 9)}"])


@kind("accession_number", "MEDICAL_RECORD_NUMBER")
def _acc(r):
    return r.choice([f"A{r.randint(23, 25)}-{rd(r, 6)}", f"ACC{rd_nz(r, 8)}", f"{r.choice(['SP', 'CY', 'RAD'])}{r.randint(23, 25)}-{rd(r, 5)}"])


@kind("rx_number", "MEDICAL_RECORD_NUMBER")
def _rx(r):
    return r.choice([f"Rx {rd_nz(r, 7)}", f"RX{rd_nz(r, 8)}", f"{rd_nz(r, 7)}-{rd(r, 2)}"])


@kind("ndc_code", "other", _re(r"\d{4,5}-\d{3,4}-\d{1,2}"))
def _ndc(r):
    return r.choice([f"{rd(r, 5)}-{rd(r, 3)}-{rd(r, 2)}", f"{rd(r, 4)}-{rd(r, 4)}-{rd(r, 2)}", f"{rd(r, 5)}-{rd(r, 4)}-{rd(r, 1)}"])


@kind("lot_number", "other")
def _lot(r):
    return r.choice([f"{ralnum(r, 2)}{rd(r, 5)}", f"L{rd(r, 6)}", f"{rd(r, 2)}{r.choice('ABCDEFGHJK')}{rd(r, 4)}"])


@kind("member_id", "MEDICAL_RECORD_NUMBER")
def _member(r):
    return r.choice([f"{r.choice(['XEH', 'W', 'ZGP', 'MBR'])}{rd_nz(r, 9)}", f"{ralnum(r, 3)}{rd(r, 8)}"])


# --- PEM look-alikes -------------------------------------------------------------------------------

def _pem_block(label, raw):
    return f"-----BEGIN {label}-----\n" + "\n".join(b64lines(raw)) + f"\n-----END {label}-----"


@kind("public_key_block", "PRIVATE_KEY", lambda s: s.startswith("-----BEGIN PUBLIC KEY-----") or s.startswith("-----BEGIN RSA PUBLIC KEY-----"))
def _pub(r):
    return _pem_block("PUBLIC KEY", b"\x30\x82\x01\x22\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01\x05\x00\x03\x82\x01\x0f\x00" + rbytes(r, 270))


@kind("certificate_block", "PRIVATE_KEY", lambda s: s.startswith("-----BEGIN CERTIFICATE-----"))
def _cert(r):
    return _pem_block("CERTIFICATE", b"\x30\x82\x03\x77\x30\x82\x02\x5f\xa0\x03\x02\x01\x02" + rbytes(r, 640))


@kind("csr_block", "PRIVATE_KEY", lambda s: s.startswith("-----BEGIN CERTIFICATE REQUEST-----"))
def _csr(r):
    return _pem_block("CERTIFICATE REQUEST", b"\x30\x82\x02\x9a\x30\x82\x01\x82\x02\x01\x00" + rbytes(r, 500))


@kind("ssh_public_key", "PRIVATE_KEY", lambda s: s.startswith(("ssh-ed25519 ", "ssh-rsa ", "ecdsa-sha2-nistp256 ")))
def _sshpub(r):
    if r.random() < 0.6:
        blob = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + rbytes(r, 32)).decode()
        return f"ssh-ed25519 {blob} {r.choice(['ci@runner-4', 'laptop-2291', 'ops-jump'])}"
    blob = base64.b64encode(b"\x00\x00\x00\x07ssh-rsa\x00\x00\x00\x03\x01\x00\x01\x00\x00\x01\x01" + rbytes(r, 180)).decode()
    return f"ssh-rsa {blob} {r.choice(['backup-host', 'deploy-key'])}"


@kind("redacted_private_key", "PRIVATE_KEY", lambda s: "PRIVATE KEY" in s and not pem_ok(s))
def _redpem(r):
    lab = r.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY"])
    return f"-----BEGIN {lab}-----\n{r.choice(['[REDACTED]', '<removed by agent>', '***'])}\n-----END {lab}-----"


KIND_TARGET = {k: v[0] for k, v in KINDS.items()}


# =====================================================================================================
# segments and templates
# =====================================================================================================

class Seg:
    """A piece of text that is a labelled value (ent/fmt) or a listed hard negative (kind)."""
    __slots__ = ("text", "ent", "fmt", "kind", "num")

    def __init__(self, text, ent=None, fmt=None, kind=None, num=False):
        self.text, self.ent, self.fmt, self.kind, self.num = text, ent, fmt, kind, num

    def __repr__(self):
        return f"Seg({self.text!r}, {self.ent or self.kind})"


def render(parts):
    out, spans, negs = [], [], []
    pos = 0

    def walk(p):
        nonlocal pos
        if p is None:
            return
        if isinstance(p, str):
            out.append(p)
            pos += len(p)
        elif isinstance(p, Seg):
            st = pos
            out.append(p.text)
            pos += len(p.text)
            if p.ent:
                spans.append((st, pos, p.ent, p.fmt))
            elif p.kind:
                negs.append((st, pos, p.kind))
        else:
            for x in p:
                walk(x)
    walk(parts)
    return "".join(out), spans, negs


def map_text(parts, fn):
    """Apply fn to every text (plain and segment) -- used for CRLF notes."""
    if isinstance(parts, str):
        return fn(parts)
    if isinstance(parts, Seg):
        return Seg(fn(parts.text), parts.ent, parts.fmt, parts.kind, parts.num)
    if parts is None:
        return None
    return [map_text(p, fn) for p in parts]


PH_RE = re.compile(r"\{([a-z][a-z0-9_]*)(?::([a-z0-9_]+))?\}")
PH = {}


def ph(*names):
    def deco(fn):
        for n in names:
            PH[n] = fn
        return fn
    return deco


def T(ctx, tmpl, place=None):
    """Expand a template.  'tag|text' sets the placement tag used in the fmt of positives."""
    if "|" in tmpl[:16] and re.match(r"[a-z_0-9]+\|", tmpl):
        tag, tmpl = tmpl.split("|", 1)
        place = tag
    place = place or ctx.place
    out, i = [], 0
    for m in PH_RE.finditer(tmpl):
        out.append(tmpl[i:m.start()])
        name, mod = m.group(1), m.group(2)
        if name in PH:
            out.append(PH[name](ctx, name, mod, place))
        elif name in KINDS:
            out.append(ctx.neg(name))
        else:
            raise KeyError(f"unknown placeholder {name!r} in {tmpl!r}")
        i = m.end()
    out.append(tmpl[i:])
    return out


PLACE_ALIASES = {}


class Ctx:
    def __init__(self, r, lang, ntype, used, place="sent"):
        self.r, self.lang, self.ntype, self.used, self.place = r, lang, ntype, used, place
        self.cust = Person(r, lang)
        self.cust2 = Person(r, lang)
        self.agent = Person(r, lang if r.random() < 0.6 else "en")
        self.dr = Person(r, "en" if lang in ("en", "es") else lang)
        self.company, self.dom = r.choice(COMPANIES)
        self.desk = r.choice(DESKS)
        self.last = {}
        self.used_t = set()
        self.n_pos = Counter()

    # -- negatives -----------------------------------------------------------------------------
    def neg(self, kind):
        gen = KINDS[kind][1]
        v = gen(self.r, self.lang) if kind.startswith("date_") else gen(self.r)
        return Seg(v, kind=kind)

    # -- positives -----------------------------------------------------------------------------
    def pos(self, ent, fam, maker, place, base=None, mod=None):
        if mod == "same" and base in self.last:
            s = self.last[base]
            return Seg(s.text, s.ent, s.fmt.rsplit(".", 1)[0] + "." + place)
        for _ in range(50):
            v, var = maker()
            key = (ent, re.sub(r"[^0-9A-Za-z@.]", "", v).lower())
            if key not in self.used:
                break
        self.used.add(key)
        s = Seg(v, ent, f"{fam}.{var}.{place}")
        self.n_pos[ent] += 1
        if base:
            self.last[base] = s
        return s


def _phone_maker(ctx, mod):
    r = ctx.r
    if mod == "e164":
        if r.random() < 0.6 or ctx.lang == "en":
            return lambda: phone_us(r, "e164")
        cc = LANG_CC.get(ctx.lang, "gb")
        def m():
            v, var = phone_intl(r, cc)
            v = re.sub(r"\(0\)", "", v)
            d = re.sub(r"\D", "", v)
            if not v.startswith("+"):
                cc_num = {"gb": "44", "de": "49", "fr": "33", "es": "34", "nl": "31", "pt": "55", "it": "39", "pl": "48"}[cc]
                d = cc_num + d.lstrip("0")
            return "+" + d, var + ".e164"
        return m
    if mod == "digits":
        return lambda: phone_us(r, "digits")
    if mod == "digits10":
        return lambda: phone_us(r, "digits10")
    if mod == "us":
        return lambda: phone_us(r)
    if mod == "intl":
        return lambda: phone_intl(r)
    if ctx.lang == "en":
        return lambda: phone_us(r) if r.random() < 0.72 else phone_intl(r, r.choice(["gb", "gb", "ie", "au", "in", "de", "fr", "mx", "ch", "se", "jp", "be"]))
    cc = LANG_CC[ctx.lang]
    return lambda: phone_intl(r, cc) if r.random() < 0.85 else phone_intl(r)


@ph("phone", "phone2")
def _ph_phone(ctx, name, mod, place):
    return ctx.pos("PHONE_NUMBER", "phone", _phone_maker(ctx, mod), place, name, mod)


@ph("email", "email2", "email3")
def _ph_email(ctx, name, mod, place):
    r = ctx.r
    person = {"email": ctx.cust, "email2": ctx.cust2, "email3": None}[name]
    if mod == "agent":
        person = ctx.agent
    dom = ctx.dom if mod in ("agent", "company") else None
    return ctx.pos("EMAIL_ADDRESS", "email", lambda: email_value(r, person, ctx.lang, dom, role=(mod == "role")), place, name, mod)


@ph("card", "card2")
def _ph_card(ctx, name, mod, place):
    return ctx.pos("CREDIT_CARD", "card", lambda: card_value(ctx.r, {"compact": "compact", "space": " ", "dash": "-"}.get(mod)), place, name, mod)


@ph("ssn", "ssn2")
def _ph_ssn(ctx, name, mod, place):
    return ctx.pos("US_SSN", "ssn", lambda: ssn_value(ctx.r, mod if mod in ("dash", "space", "compact") else None), place, name, mod)


@ph("iban", "iban2")
def _ph_iban(ctx, name, mod, place):
    r = ctx.r
    cc = None
    if mod and len(mod) == 2:
        cc, mod = mod.upper(), None
    elif ctx.lang != "en" and r.random() < 0.6:
        cc = {"de": "DE", "fr": "FR", "es": "ES", "nl": "NL", "pt": "PT", "it": "IT", "pl": "PL"}[ctx.lang]
    return ctx.pos("IBAN_CODE", "iban", lambda: iban_value(r, cc, mod if mod in ("compact", "grouped") else None), place, name, mod)


@ph("aba", "aba2")
def _ph_aba(ctx, name, mod, place):
    return ctx.pos("ABA_ROUTING_NUMBER", "aba", lambda: aba_value(ctx.r, "1" + ctx.r.choice("12") if mod == "nolead0" else None), place, name, mod)


@ph("ip", "ip2", "ip3", "ip4", "ip6", "ip4b")
def _ph_ip(ctx, name, mod, place):
    r = ctx.r
    if name in ("ip4", "ip4b") or mod in ("pub", "priv"):
        maker = lambda: ip4_value(r, {"pub": "public", "priv": "rfc1918"}.get(mod))
    elif name == "ip6":
        maker = lambda: ip6_value(r, {"ula": "ula", "ll": "linklocal", "global": "global"}.get(mod))
    else:
        maker = lambda: ip4_value(r) if r.random() < 0.78 else ip6_value(r)
    return ctx.pos("IP_ADDRESS", "ip", maker, place, name, mod)


@ph("mrn")
def _ph_mrn(ctx, name, mod, place):
    return ctx.pos("MEDICAL_RECORD_NUMBER", "mrn", lambda: mrn_value(ctx.r) if mod != "digits" else (rd_nz(ctx.r, 8), "d8"), place, name, mod)


@ph("npi", "npi2")
def _ph_npi(ctx, name, mod, place):
    return ctx.pos("US_NPI", "npi", lambda: npi_value(ctx.r), place, name, mod)


@ph("dob")
def _ph_dob(ctx, name, mod, place):
    return ctx.pos("DATE_OF_BIRTH", "dob", lambda: dob_value(ctx.r, ctx.lang, mod), place, name, mod)


@ph("nhs")
def _ph_nhs(ctx, name, mod, place):
    return ctx.pos("UK_NHS", "nhs", lambda: nhs_value(ctx.r, mod), place, name, mod)


@ph("dea")
def _ph_dea(ctx, name, mod, place):
    return ctx.pos("US_DEA", "dea", lambda: dea_value(ctx.r, ctx.dr.last), place, name, mod)


@ph("aws")
def _ph_aws(ctx, name, mod, place):
    return ctx.pos("AWS_ACCESS_KEY", "aws", lambda: aws_value(ctx.r), place, name, mod)


@ph("ghtok")
def _ph_gh(ctx, name, mod, place):
    return ctx.pos("GITHUB_TOKEN", "gh", lambda: gh_value(ctx.r), place, name, mod)


@ph("pkey")
def _ph_pkey(ctx, name, mod, place):
    return ctx.pos("PRIVATE_KEY", "pkey", lambda: pem_value(ctx.r, mod), place, name, None)


# -- plain (unlabelled) fillers ------------------------------------------------------------------------

def _plain(fn):
    def f(ctx, name, mod, place):
        return fn(ctx)
    return f


HOSTS = ["portal", "id", "app", "my", "account", "secure", "billing", "returns", "mdm", "api"]
CITIES = ["Leeds", "Austin", "Rotterdam", "Lyon", "Porto", "Kraków", "Bologna", "Valencia", "Hamburg", "Denver", "Cork", "Tampa"]
PRODUCTS = ["Pro plan", "Team plan", "Starter", "Enterprise tier", "Growth bundle"]
DEVICES = ["iPhone 15", "Galaxy S23", "Pixel 8", "ThinkPad T14", "MacBook Air M2", "Surface Pro 9", "Zebra TC52", "iPad (10th gen)"]
REPOS = ["tallowtech/mdm-agent", "saltmarsh/infra-live", "parcelbridge/label-service", "orchid/billing-api", "northgate/hl7-bridge", "lumen/ops-scripts"]
SVCS = ["label-svc", "mdm-sync", "sim-svc", "billing-api", "auth", "payroll-export", "hl7-bridge", "rx-router", "ledger", "edge-gw"]

PH.update({
    "name": _plain(lambda c: c.cust.name), "first": _plain(lambda c: c.cust.first), "last": _plain(lambda c: c.cust.last),
    "name2": _plain(lambda c: c.cust2.name), "agent": _plain(lambda c: c.agent.name), "agent_first": _plain(lambda c: c.agent.first),
    "dr": _plain(lambda c: f"Dr. {c.dr.first} {c.dr.last}"), "dr_last": _plain(lambda c: c.dr.last), "dr_name": _plain(lambda c: c.dr.name),
    "company": _plain(lambda c: c.company), "dom": _plain(lambda c: c.dom), "desk": _plain(lambda c: c.desk),
    "host": _plain(lambda c: f"{c.r.choice(HOSTS)}.{c.dom}"), "city": _plain(lambda c: c.r.choice(CITIES)),
    "product": _plain(lambda c: c.r.choice(PRODUCTS)), "device": _plain(lambda c: c.r.choice(DEVICES)),
    "repo": _plain(lambda c: c.r.choice(REPOS)), "svc": _plain(lambda c: c.r.choice(SVCS)),
    "n": _plain(lambda c: str(c.r.randint(2, 40))), "n3": _plain(lambda c: str(c.r.randint(100, 999))),
    "n4": _plain(lambda c: str(c.r.randint(1000, 9999))), "n5": _plain(lambda c: str(c.r.randint(10000, 99999))),
    "amt": _plain(lambda c: f"{c.r.uniform(5, 900):.2f}"),
    "user": _plain(lambda c: ascii_fold(c.cust.first[0] + c.cust.last).lower().replace(" ", "")),
    "carrier": _plain(lambda c: c.r.choice(["UPS", "FedEx", "USPS", "DHL", "DPD", "PostNL", "Royal Mail"])),
    "region": _plain(lambda c: c.r.choice(["us-east-1", "us-west-2", "eu-west-1", "eu-central-1"])),
    "bucket": _plain(lambda c: c.r.choice(["returns-labels-prod", "mdm-exports", "billing-archive", "ops-backups-eu"])),
})


# =====================================================================================================
# English templates
# =====================================================================================================

EN = {}

EN["device_mdm"] = {
    "subj": ["Laptop not checking in to MDM", "Re-enroll request after motherboard swap", "Phone stuck on activation lock",
             "Compliance policy flags wrong OS build", "Agent crash loop after update", "Lost device — wipe please", "Dock firmware and NAC port issue"],
    "benign": [
        "Device {serial_number} (IMEI {imei}) stopped checking in after the {semver} agent rollout; last check-in {ts_iso_z}.",
        "Intune reports OS build {windows_build}, but the compliance policy still requires {windows_build} or later.",
        "MAC {mac_address} is allow-listed on the NAC; switch port profile allows {port_list}.",
        "Enrollment profile id {uuid}; the DEP token expires {date_expiry}.",
        "The \"phone number\" column on the asset record is really the IMEI ({imei}), so please don't try to call it.",
        "Battery health {percentage}, {byte_count} free, uptime {duration}.",
        "Jamf shows serial {serial_number}, firmware {version_ip_like}, model MacBookPro18,3.",
        "Agent build {build_number} crashes on launch; crash signature {git_sha_short}, report id {uuid}.",
        "Dual-SIM handset: IMEI1 {imei}, IMEI2 {imei}, MEID {meid}.",
        "Push certificate topic com.apple.mgmt.External.{uuid} renews on {date_expiry}.",
        "Enrollment endpoint answered HTTP {http_status} after {duration}.",
        "snmpget on the dock returns {snmp_oid} = Counter32: {n5}.",
        "Corporate phone has no number assigned yet; SIM ICCID {iccid}.",
        "{kb_article} is pending on {n} devices and needs a reboot.",
        "Rollout tracked in {jira_key}; the agent update addresses {cve_id}.",
        "Windows product id {windows_product_id}, license key {license_key} (volume).",
        "Location history: last fix at {coordinates} on {ts_rfc2822}.",
        "Device id {uuid} / serial {serial_number} / asset tag AT-{n4}.",
        "Chrome {version_string} and driver {version_string} are installed; BIOS {semver}.",
        "The profile payload is {byte_count}; checksum {sha256}.",
    ],
    "pos": {
        "EMAIL_ADDRESS": ["Assigned user on the device record: {email}.", "Primary user changed from {email2} to {email} this morning.",
                          "MDM enrollment invitation was sent to {email}"],
        "PHONE_NUMBER": ["User's callback number (not the device line): {phone}.", "If the courier needs someone on site, ring {phone}."],
        "IP_ADDRESS": ["Last seen from {ip} on the guest VLAN.", "The device reports LAN address {ip4:priv} and egress {ip4:pub}.",
                       "It keeps DHCP-renewing to {ip} instead of the reserved lease."],
        "AWS_ACCESS_KEY": ["The kiosk image had a baked-in key {aws} in /etc/agent.conf — rotate please."],
        "GITHUB_TOKEN": ["The provisioning script pulls with {ghtok}; that token should not be on end-user devices."],
        "CREDIT_CARD": ["The user typed a card number into the device notes field by mistake: {card}."],
    },
}

EN["shipping_returns"] = {
    "subj": ["Package marked delivered, not received", "Return label not arriving", "Wrong item in box", "Refund not received after return",
             "Carrier exception on order", "Damaged on arrival — claim", "Exchange instead of refund"],
    "benign": [
        "Tracking {ups_tracking} shows delivered on {date_shipped}, but the customer says the box was empty.",
        "USPS tracking number {usps_tracking} hasn't updated since {ts_us_12h}.",
        "FedEx tracking {fedex_tracking}; the DHL waybill {dhl_tracking} was for the earlier shipment.",
        "Return authorised as {rma_number} for order {order_number}; label fee {amount}.",
        "Order number {luhn_valid_order} — refund of {amount} issued to the original payment method ({masked_card}).",
        "Barcode on the outer box: EAN {ean13}; UPC {upc_a} on the inner packaging.",
        "Ship-to ZIP {zip_plus4}, 3 parcels, 14.2 lb total.",
        "Loyalty account {account_number_other} should get the points back.",
        "Invoice {invoice_number} dated {date_invoice} references PO {po_number}.",
        "Carrier claim filed as {case_number}; decision expected within 5-7 business days.",
        "The order contained the book ISBN {isbn13} and two cartons GTIN {gtin14}.",
        "Gift card number {gift_card_number} was applied for {amount}.",
        "The \"phone\" field on the packing slip contains the tracking id {fedex_tracking} instead of a phone number.",
        "Refund reference {bank_txn_ref}; funds normally post within 3–5 business days.",
        "Pickup scheduled for {date_appointment} between 9 and 12.",
        "Warehouse scan at {ts_iso_offset}, weight mismatch {percentage}.",
        "Card number field in the return form shows the order id {luhn_fail_ref}, so nothing to refund there.",
        "Exchange order {order_number} created; original order {order_number}.",
        "Label PDF {byte_count}, generated in {duration}, request {uuid}.",
        "Courier GPS at delivery: {coordinates}.",
    ],
    "pos": {
        "PHONE_NUMBER": ["Delivery contact phone on the label: {phone}.", "The driver tried {phone} twice and left a card.",
                         "Customer asks us to call {phone} before re-delivery."],
        "EMAIL_ADDRESS": ["Please send the return label to {email}, not the account address.", "Customer email on the order: {email}"],
        "CREDIT_CARD": ["Please refund to the other card, {card}, not the one on the order.", "Customer read the card out on the phone: {card}."],
        "IBAN_CODE": ["Refund by bank transfer to IBAN {iban}, please.", "For the EU refund they gave IBAN {iban} (account holder {name})."],
    },
}

EN["telecom_sim"] = {
    "subj": ["SIM swap request", "Port-out stuck", "No service after eSIM transfer", "Roaming not working", "Bill shows unknown charges",
             "Lost phone — suspend line", "Number transfer PIN reset"],
    "benign": [
        "SIM swap requested; old ICCID {iccid}, new ICCID {iccid}.",
        "IMSI {imsi} attached on LAC 4120; handset IMEI {imei}.",
        "Port-out request {case_number} is pending with the losing carrier; due {date_due}.",
        "Short code {short_code} is blocked on the line, which is why the OTPs fail.",
        "Data usage {byte_count} this cycle ({percentage} of the plan).",
        "Handset SM-S918B, baseband {build_number}, IMEI {imei}.",
        "Twilio message {twilio_sid} failed with 30003 after {duration}.",
        "The account number on the bill is {account_number_other} — it's not a phone number.",
        "This line was born on {date_born_figurative} when we migrated off the old BSS, so there's no history before that.",
        "Birthday sale promo ended {date_birthday_sale}; customer wants it applied anyway.",
        "Number transfer PIN reset under ticket {ticket_number}.",
        "eSIM profile download failed, SM-DP+ event {uuid} at {ts_iso_ms}.",
        "Phone serial {serial_number}; unlock request {case_number}.",
        "Roaming partner reject cause 17 logged {ts_rfc2822}.",
        "Customer is {age} and wants the senior plan discount.",
        "Invoice {invoice_number}: {amount} incl. {percentage} VAT.",
        "Cell site near {coordinates} had an outage {ts_iso_z}–{ts_iso_z}.",
    ],
    "pos": {
        "PHONE_NUMBER": ["Line to port: {phone}.", "MSISDN on the SIM record: {phone:e164}.", "Customer is calling from {phone} (alternate)."],
        "DATE_OF_BIRTH": ["Identity check: date of birth {dob} matches the account holder.", "Caller verified DOB {dob} before the swap."],
        "EMAIL_ADDRESS": ["The swap confirmation goes to {email}."],
        "CREDIT_CARD": ["Autopay card on file updated to {card}."],
        "US_SSN": ["Credit check for the upgrade ran against SSN {ssn}."],
        "IP_ADDRESS": ["APN session shows UE address {ip}."],
    },
}

EN["saas_billing"] = {
    "subj": ["Double charged this month", "Invoice missing PO number", "Card declined on renewal", "Change billing contact",
             "Switch from card to bank transfer", "VAT id rejected", "Downgrade and refund"],
    "benign": [
        "Stripe payment {stripe_id} failed (charge {stripe_id}) with card_declined.",
        "Invoice {invoice_number} for {amount} was due {date_due}; dunning email #2 went out.",
        "Seats went from 48 to 52; prorated {amount}, tax {percentage}.",
        "Their VAT id {vat_id} was rejected by VIES.",
        "Webhook event {stripe_id} retried 3 times; last response HTTP {http_status} after {duration}.",
        "Subscription {stripe_id} renews on {date_due}.",
        "PO {po_number} must be printed on every invoice.",
        "The \"card number\" column in their export is our customer id {record_id}, not a card.",
        "SEPA mandate is under creditor id {sepa_creditor_id}.",
        "Remittance ref {bank_txn_ref}, amount {amount}.",
        "BIC {bic} confirmed by their bank.",
        "Usage export is {byte_count}; sha256 {sha256}.",
        "Order number {luhn_valid_order} was charged twice on {date_invoice}.",
        "Coupon BIRTHDAY25 (birthday sale) expired on {date_birthday_sale}.",
        "Policy start for the add-on insurance: {date_policy_start}.",
        "Customer portal session {jwt_like} expired.",
        "Credit note {invoice_number} issued for {amount}.",
        "Payment intent {stripe_id} is in requires_action since {ts_epoch_s}.",
    ],
    "pos": {
        "CREDIT_CARD": ["They want to switch to the card {card} (exp 09/27).", "New card for the renewal: {card}."],
        "IBAN_CODE": ["Payer IBAN for the bank transfer: {iban}.", "Please debit {iban} from next month."],
        "ABA_ROUTING_NUMBER": ["ACH debit from routing {aba}, account ending 4471.", "Their AP team gave routing number {aba} for the refund."],
        "EMAIL_ADDRESS": ["Billing contact should be {email:role} from now on.", "Send invoices to {email} and cc {email2}."],
        "IP_ADDRESS": ["The declined checkout attempts came from {ip}."],
        "PHONE_NUMBER": ["AP can be reached on {phone}."],
    },
}

EN["password_reset"] = {
    "subj": ["Can't reset password", "MFA phone lost", "Locked out of account", "Reset email never arrives", "SSO login loop",
             "Recovery codes not accepted"],
    "benign": [
        "Reset link {uuid} expired after {duration}.",
        "{n} failed logins in {duration}; lockout until {ts_iso_offset}.",
        "SAML assertion _{hex_token} rejected (clock skew {duration}).",
        "Okta event {uuid}: outcome FAILURE, reason INVALID_CREDENTIALS.",
        "Recovery codes regenerated; session {jwt_like} revoked.",
        "The phone number on the profile is only a desk extension ({phone_extension}), so SMS can't work.",
        "Browser Chrome {version_string} on Windows {windows_build}.",
        "Policy: 14+ characters, history 24, 90-day maximum age (see {kb_article}).",
        "Mentioned in {slack_id} by {at_mention}.",
        "Account created {date_hire}; last password change {ts_rfc2822}.",
        "The account was born on {date_born_figurative} in the old directory and migrated later.",
        "Authenticator app registered {ts_iso_z}; device id {uuid}.",
        "Reset ticket {ticket_number} merged into {ticket_number}.",
        "Reset page returned HTTP {http_status}; request id {aws_request_id}.",
        "IdP build {semver}, SCIM job {uuid} ran in {duration}.",
    ],
    "pos": {
        "EMAIL_ADDRESS": ["Reset was requested for {email}.", "Login name is {email}, but recovery mail goes to {email2}.",
                          "The reset mail bounces for {email}"],
        "PHONE_NUMBER": ["SMS one-time codes go to {phone}.", "New MFA phone: {phone}."],
        "IP_ADDRESS": ["Failed attempts come from {ip}.", "The user's own address is {ip4}, the blocked one is {ip4b}."],
        "DATE_OF_BIRTH": ["Verified the caller with date of birth {dob} and the last 4 of SSN ({masked_ssn})."],
        "US_SSN": ["The HR portal insists on the full SSN ({ssn}) to unlock the account."],
    },
}

EN["hr_payroll"] = {
    "subj": ["Direct deposit change", "W-2 correction", "Missing paycheck", "New hire onboarding data", "Garnishment question",
             "Benefits enrollment error"],
    "benign": [
        "Pay period {date_service} to {date_service}; gross {amount}, net {amount}.",
        "Hire date {date_hire}; benefits effective {date_policy_start}.",
        "EIN {ein} on the W-2 is correct.",
        "Direct deposit account number {account_number_other} (checking).",
        "401(k) deferral {percentage}, employer match {percentage}.",
        "The SSN field shows {masked_ssn} in the portal — that masking is expected.",
        "Payroll batch {aba_fail} failed validation and was resubmitted as batch {aba_fail}.",
        "Garnishment order {case_number}: {amount} per pay period.",
        "Employee turned {age} this year, so the catch-up contribution applies.",
        "ZIP {zip_plus4} on the W-4 address.",
        "The dependent's SSN was keyed as {ssn_invalid}, which the system rejected correctly.",
        "Employee id E{n5}; cost center 4410; union local 237.",
        "Policy number {ssn_shaped_ref} (life insurance) is printed on the benefits card.",
        "Birthday leave policy: one day off in the birthday month, see {kb_article}.",
        "Off-cycle check {record_id} issued {date_service} for {amount}.",
        "Timesheet export took {duration}; file {byte_count}.",
    ],
    "pos": {
        "US_SSN": ["Employee SSN {ssn} was keyed with two digits swapped.", "Correct SSN for the W-2c: {ssn}."],
        "ABA_ROUTING_NUMBER": ["New routing number {aba} (the old bank closed).", "Routing {aba}, account ending 0913, checking."],
        "IBAN_CODE": ["Expat payroll goes to IBAN {iban}."],
        "DATE_OF_BIRTH": ["Date of birth on the I-9: {dob}.", "Employee DOB {dob} is wrong in the benefits feed."],
        "EMAIL_ADDRESS": ["Employee's personal email: {email}.", "Send the pay stub to {email}"],
        "PHONE_NUMBER": ["Employee mobile: {phone}."],
    },
}

EN["clinic_it"] = {
    "subj": ["Label printer reprints wrong encounter", "HL7 feed stuck", "Patient merged incorrectly", "Portal shows wrong patient",
             "e-Prescribing failure", "Fax to referring office failed", "Scanner not attaching to chart"],
    "benign": [
        "Label printer in exam room 4 reprints labels for encounter {encounter_id}.",
        "HL7 interface queue has {n} messages stuck since {ts_log4j}.",
        "Thin clients run Citrix Workspace {version_string}; Epic build {build_number}.",
        "Accession {accession_number} never crossed to the LIS.",
        "The appointment on {date_appointment} shows twice on the schedule.",
        "Patient was admitted {date_admission} and discharged {date_discharge}.",
        "Assigning-authority OID {oid} is wrong in the CDA header.",
        "Fax to the referring office: {fax_page_count} pages, job {ticket_number}.",
        "Insurance member id {member_id} (that is not the MRN).",
        "Claim {claim_id_10} was denied with CO-16.",
        "The NHS-looking number {nhs_fail_mod11} on the referral fails validation — please check with the GP practice.",
        "Patient is {age} years old, so the pediatric template should not load.",
        "Planned downtime {ts_eu} – {ts_eu}.",
        "Scanner firmware {version_ip_like}, driver {version_string}.",
        "Service date {date_service}; visit id {encounter_id}.",
        "Interface engine channel {uuid} throughput {percentage} below baseline.",
        "Lab order {accession_number} has a specimen collected on {date_service}.",
    ],
    "pos": {
        "MEDICAL_RECORD_NUMBER": ["Chart in question: MRN {mrn}.", "The merge combined MRN {mrn} with the wrong patient.",
                                  "Portal deep link used mrn {mrn} but opened someone else's chart."],
        "US_NPI": ["Referring provider NPI {npi}.", "The fax cover lists NPI {npi} for {dr}."],
        "DATE_OF_BIRTH": ["Patient DOB {dob}.", "Date of birth in the registration screen: {dob}."],
        "UK_NHS": ["NHS number {nhs} is on the referral.", "PDS trace for NHS no. {nhs} returned a different surname."],
        "US_DEA": ["{dr}'s DEA {dea} shows as expired in EPCS.", "EPCS rejects DEA number {dea} for {dr}."],
        "IP_ADDRESS": ["The label printer lives at {ip4:priv}.", "Modality worklist server {ip} times out."],
        "EMAIL_ADDRESS": ["Practice manager: {email}.", "Please copy {email} on the fix."],
        "PHONE_NUMBER": ["Front desk phone: {phone}.", "Referring office fax: {phone}."],
    },
}

EN["pharmacy"] = {
    "subj": ["EPCS script rejected", "Refill request not routing", "Controlled substance log mismatch", "Prescriber not found",
             "Pharmacy fax not received", "PBM claim reject"],
    "benign": [
        "Rx {rx_number} for NDC {ndc_code}, qty 30, lot {lot_number}, expires {date_expiry}.",
        "Prescriber's state license {state_license} is on file.",
        "The DEA-looking value {dea_fail} on the paper script fails the checksum.",
        "Fill date {date_service}; next refill due {date_due}.",
        "Copay {amount}; coupon id {record_id}.",
        "Barcode {upc_a} scanned as the wrong strength.",
        "Fridge alarm at {ts_iso_ms}, 9.1 °C for {duration}.",
        "Patient is {age}; the age edit triggered.",
        "Claim {claim_id_10} rejected with code 75 (prior auth required).",
        "Rx router version {semver}; message id {uuid}.",
        "Return to stock: lot {lot_number}, NDC {ndc_code}, {n} units.",
        "PBM help desk case {case_number}.",
        "Order number {luhn_valid_order} for the wholesaler (not a card).",
        "Medication was dispensed {date_service} and picked up {date_service}.",
    ],
    "pos": {
        "US_DEA": ["EPCS rejected the script: DEA {dea} for {dr}.", "{dr} (DEA {dea}) can't sign controlled orders."],
        "US_NPI": ["Prescriber NPI {npi} is not found in the directory.", "NPI on the script is {npi}."],
        "DATE_OF_BIRTH": ["Patient date of birth {dob}.", "DOB on the script is {dob}, the profile has a different one."],
        "MEDICAL_RECORD_NUMBER": ["Clinic MRN {mrn} is printed on the script."],
        "UK_NHS": ["Patient's NHS number {nhs} doesn't match the EPS token."],
        "PHONE_NUMBER": ["Pharmacy callback: {phone}.", "Prescriber office phone {phone}."],
        "CREDIT_CARD": ["Patient asked us to keep card {card} on file for copays."],
    },
}

EN["banking_ops"] = {
    "subj": ["Wire not received", "ACH return R03", "Card replacement", "SEPA payment rejected", "Chargeback documentation",
             "Change of bank details — verify", "Statement discrepancy"],
    "benign": [
        "Wire UETR {swift_uetr}, amount {amount}, status ACSC.",
        "ACH return R03 on trace {record_id}.",
        "The field labelled \"card number\" in the CRM is the loan account {account_number_other}.",
        "Transaction reference {bank_txn_ref}.",
        "BIC {bic}; IBAN {iban_bad_checksum} fails the checksum, so the payment bounced.",
        "IBAN {iban_wrong_length} has the wrong length for its country.",
        "Replacement debit card shipped {date_shipped}; old card {masked_card} is blocked.",
        "Batch number {aba_fail} (routing-like, but it's a batch).",
        "Fee {amount}, FX rate 1.0843, spread {percentage}.",
        "Statement period {date_service} to {date_service}.",
        "Merchant order number {luhn_valid_order} on the chargeback.",
        "SEPA creditor id {sepa_creditor_id}.",
        "Case {case_number} opened with the correspondent bank.",
        "Batch id {aba_shaped_ref} from the lockbox file (not a routing number).",
        "Value date {date_due}; cut-off 16:00 CET.",
        "Customer's phone banking PIN was reset {ts_rfc2822}.",
        "Account opened {date_policy_start}; relationship since 2011.",
    ],
    "pos": {
        "IBAN_CODE": ["Beneficiary IBAN {iban}.", "Customer changed their payout account to {iban}.", "Debtor IBAN on the return: {iban}."],
        "ABA_ROUTING_NUMBER": ["Receiving bank routing {aba}.", "ABA {aba} belongs to a credit union that merged last year."],
        "CREDIT_CARD": ["Disputed card: {card}.", "Card {card} was used for the duplicate charge."],
        "US_SSN": ["Customer SSN {ssn} for the CIP check."],
        "PHONE_NUMBER": ["Verified by callback to {phone}."],
        "EMAIL_ADDRESS": ["Statements go to {email}."],
    },
}

EN["security_incident"] = {
    "subj": ["Leaked credential in public repo", "Suspicious console logins", "GuardDuty finding", "Secret in CI logs",
             "Phishing report", "Private key committed to git"],
    "benign": [
        "GuardDuty finding {uuid} for role {aws_arn}.",
        "CloudTrail shows AssumeRole by {iam_unique_id} in account {aws_account_id}.",
        "Request id {aws_request_id}; S3 ETag {s3_etag}.",
        "Commit {git_sha} introduced the leak; fixed in {git_sha_short}.",
        "The runner pulled {docker_digest}.",
        "Lockfile integrity {npm_integrity} for {npm_scoped_pkg}.",
        "The example key {aws_placeholder} in the README is fine to keep.",
        "The secret access key {aws_secret_key} was in the same file (already rotated).",
        "Revoked token {gh_masked}.",
        "Related to {cve_id}; patched via {kb_article}.",
        "Alert fired in {slack_id}; paged {at_mention}.",
        "Interactive ssh from {user_at_host} to the bastion at {ts_syslog}.",
        "Payload contained {base64_blob}.",
        "Certificate serial {hex_token}, valid until {date_expiry}.",
        "Incident opened {ts_iso_offset}; contained after {duration}.",
        "Phishing page hash {sha256}, first seen {ts_http_date}.",
        "Firewall rule {uuid} now blocks {port_list}.",
        "Version {version_ip_like} of the VPN client is affected.",
    ],
    "pos": {
        "AWS_ACCESS_KEY": ["Leaked access key id: {aws}.", "The key {aws} was used from an unknown network."],
        "GITHUB_TOKEN": ["Leaked token {ghtok} — revoke immediately.", "CI printed {ghtok} in the job log."],
        "IP_ADDRESS": ["Console logins from {ip} and {ip2}.", "Source address {ip} is a known VPS range."],
        "EMAIL_ADDRESS": ["Phish was sent to {email}.", "Reporter: {email:agent}."],
        "PRIVATE_KEY": ["The committed file contained:\n{pkey}"],
    },
}

# ---- cross-type queue noise: benign lines any ticket may carry ------------------------------------

NOISE_EN = [
    "The attached certificate is public, fine to share:\n{certificate_block}",
    "Their SFTP allow-list entry (public key):\n{public_key_block}",
    "CSR for the renewal, as requested:\n{csr_block}",
    "Public half of the deploy key: {ssh_public_key}",
    "Customer pasted a key; I replaced the body before saving:\n{redacted_private_key}",
    "See section {dotted_section} of the runbook.",
    "The form correctly rejected the address {ip_bad_octet} (octet above 255).",
    "Part number {phone_like_serial} is back-ordered until next week.",
    "Phone serial number on the sticker: {phone_like_serial}.",
    "Incident date {date_incident}; no customer impact.",
    "Purchase order {npi_shaped_ref} (10-digit PO from the new ERP).",
    "Hospital transport booking reference {nhs_fail_mod11}.",
    "PDS rejected NHS number {nhs_fail_mod11} (check digit wrong), so the referral bounced.",
    "Fax confirmation: {fax_page_count} pages sent.",
    "Rewards number {luhn_valid_order} is on the account, not a card.",
    "Customer replied STOP to short code {short_code}.",
    "Call-center queue line, {phone_extension}.",
    "Windows product id {windows_product_id}.",
    "Vendor EIN {ein} is on the W-9.",
    "The test fixture SSN {ssn_invalid} (invalid on purpose) tripped the DLP rule.",
    "Mail-to ZIP+4 {zip_plus4}.",
    "Transaction id {luhn_fail_ref} from the POS receipt.",
    "Hotel confirmation number {luhn_valid_order}.",
    "USPS tracking number {usps_tracking}.",
    "Gift card number {gift_card_number} has {amount} left.",
    "Order id {luhn_valid_order}; card number not stored by us.",
    "Phone IMEI {imei}, SIM ICCID {iccid}.",
    "Account id {aws_account_id} owns the bucket.",
    "Device id {uuid}, session id {hex_token}.",
    "Policy number {ssn_shaped_ref} (home insurance).",
    "ABA-looking batch id {aba_shaped_ref} comes from the lockbox export.",
    "Loyalty account number {account_number_other}.",
    "Member id {member_id}; group 00{n4}.",
    "Licence {state_license}, renewed {date_policy_start}.",
    "The DEA field on the paper form reads {dea_fail}, which fails the check digit.",
    "Our platform was born on {date_born_figurative}, so older records are not in this system.",
    "Birthday sale starts {date_birthday_sale} — expect volume.",
    "Access log line: {ts_clf} GET /healthz {http_status}",
    "Batch started {ts_compact}, finished {ts_epoch_ms}.",
    "Event log time {ts_win_event}.",
    "Discharged {date_discharge}; follow-up {date_appointment}.",
    "CVE {cve_id} tracked in {jira_key}.",
    "Printer MAC {mac_address}, firmware {version_ip_like}.",
    "GPS {coordinates}.",
    "Integrity {npm_integrity}.",
    "Blob: {base64_blob}",
    "OID {oid} is the enterprise arc.",
    "IMSI {imsi}; MEID {meid}.",
    "Barcode {ean13} / UPC {upc_a} / ISBN {isbn13} / GTIN {gtin14}.",
    "License key {license_key} (volume).",
    "Stripe id {stripe_id}, Twilio SID {twilio_sid}, Slack channel {slack_id}.",
    "Request id {aws_request_id}, S3 ETag {s3_etag}.",
    "IAM principal {iam_unique_id} under {aws_arn}.",
    "Commit {git_sha} (short {git_sha_short}), image {docker_digest}.",
    "The example credentials in the doc ({aws_placeholder}) are fine.",
    "Revoked {gh_masked} on {date_incident}.",
    "Card ending {masked_card}; phone {masked_phone}; SSN {masked_ssn}; mail {masked_email}.",
    "IBAN {iban_wrong_length} is the wrong length for its country.",
    "Creditor id {sepa_creditor_id}, VAT {vat_id}, BIC {bic}.",
    "Claim id {claim_id_10}, DHL waybill {dhl_tracking}.",
    "Accession {accession_number}; encounter {encounter_id}; Rx {rx_number}; NDC {ndc_code}.",
    "Patient age {age}; the appointment on {date_appointment} stays.",
    "Semver {semver}, build {build_number}, Windows {windows_build}.",
    "Ports {port_list} open on {masked_ip}.",
    "Wire UETR {swift_uetr}; bank ref {bank_txn_ref}.",
    "Secret access key {aws_secret_key} (rotated, key id not included).",
    "JWT-ish cookie {jwt_like} expired.",
    "Paged {at_mention}; ssh as {user_at_host}; package {npm_scoped_pkg}.",
    "Uploaded {byte_count} in {duration}, {percentage} done.",
]
NOISE_NEUTRAL = ["Ref: {case_number} / {jira_key}", "SN {serial_number} · IMEI {imei}", "{cve_id}, {kb_article}", "UPC {upc_a} · EAN {ean13}",
                 "ICCID {iccid}", "Tracking {usps_tracking}", "Build {windows_build} ({semver})", "Req {uuid} · {http_status} · {duration}",
                 "PDS: {nhs_fail_mod11} → invalid", "Order {luhn_valid_order}", "MAC {mac_address}", "`{ts_clf}`", "{ts_win_event}",
                 "Bestel-/Bestell-/Order-ID {order_number}", "{ssh_public_key}", "{certificate_block}", "Tel. {phone_extension}",
                 "Part {phone_like_serial}", "Lic. {state_license}", "Batch {aba_fail}", "Account {aws_account_id}", "Ticket {ticket_number}"]

# ---- generic awkward placements (language-neutral or English) -----------------------------------

GEN_POS = {
    "EMAIL_ADDRESS": [
        "url_query|Link from the customer's mail: https://{host}/account/verify?email={email}&token={hex_token}",
        "url_query|GET /api/v2/users/lookup?email={email}&include=devices returned {http_status}",
        "mailto|<a href=\"mailto:{email}\">{name}</a>",
        "mailto|<a href=\"mailto:{email}\">{email:same}</a>",
        "html_attr|<input type=\"email\" name=\"contact_email\" value=\"{email}\" readonly>",
        "kv_log|{ts_iso_ms} level=warn msg=\"reset throttled\" user={email} attempts=4 req={uuid}",
        "emoji|📧 {email}",
        "emoji|✉️{email}",
        "paren|(reply to {email}, not the no-reply address)",
        "angle|Reply-To: {name} <{email}>",
        "md_code|Bounce is for `{email}` — mailbox full.",
        "bracket|[{email}]",
    ],
    "PHONE_NUMBER": [
        "tel_href|<a href=\"tel:{phone:e164}\">call us</a>",
        "url_query|https://{host}/sms/send?to={phone:digits}&tpl=otp&ref={uuid}",
        "kv_log|{ts_iso_z} sms.dispatch msisdn={phone:digits} carrier=TMO status=DELIVERED sid={twilio_sid}",
        "emoji|📞 {phone}",
        "emoji|📱{phone}",
        "paren|(cell {phone})",
        "ext|Office {phone} {phone_extension}",
        "html_attr|<input type=\"tel\" name=\"phone\" value=\"{phone}\">",
        "md_code|Caller ID showed `{phone}`.",
        "bracket|[mobile: {phone}]",
    ],
    "CREDIT_CARD": [
        "url_query|GET /checkout/confirm?pan={card:compact}&exp=0927&ord={order_number} HTTP/1.1",
        "kv_log|{ts_log4j} DEBUG payment.client card_number={card:compact} amount={amt} currency=USD",
        "html_attr|<input name=\"cc-number\" autocomplete=\"cc-number\" value=\"{card}\">",
        "md_code|Customer pasted `{card}` in the chat.",
        "paren|(card {card})",
        "emoji|💳 {card}",
        "bracket|[PAN {card}]",
    ],
    "US_SSN": [
        "kv_log|{ts_iso_z} ERROR onboarding row=17 field=ssn value={ssn:dash} reason=duplicate",
        "paren|(SSN {ssn})",
        "html_attr|<input name=\"ssn\" value=\"{ssn:dash}\" maxlength=\"11\">",
        "md_code|SSN in the import file: `{ssn}`",
        "url_query|https://{host}/employees/search?ssn={ssn:compact}&page=1",
    ],
    "IBAN_CODE": [
        "html_attr|<input name=\"iban\" value=\"{iban:compact}\">",
        "md_code|IBAN `{iban}`",
        "paren|(IBAN {iban})",
        "kv_log|{ts_iso_z} sepa.payout iban={iban:compact} status=RJCT reason=AC04",
        "url_query|https://{host}/payouts/new?iban={iban:compact}&currency=EUR",
        "emoji|🏦 {iban}",
    ],
    "ABA_ROUTING_NUMBER": [
        "kv_log|{ts_iso_z} nacha.validate rtn={aba} account=****4471 result=OK",
        "paren|(routing {aba})",
        "html_attr|<input name=\"routing_number\" value=\"{aba}\" pattern=\"[0-9]{9}\">",
        "md_code|routing `{aba}`",
        "url_query|https://{host}/ach/verify?routing={aba}&acct_last4=0913",
    ],
    "IP_ADDRESS": [
        "url|Health check: http://{ip4}:8080/status returns {http_status}",
        "kv_log|{ts_iso_z} fw action=deny src={ip} dst_port=3389 rule={uuid}",
        "xff|X-Forwarded-For: {ip4}, {ip4b}",
        "bracket|Upstream [{ip6}]:443 is unreachable.",
        "md_code|`ping {ip4}` times out.",
        "cidr|Please allow-list {ip4}/32 on the VPN.",
        "paren|(source {ip})",
        "emoji|🌐 {ip}",
    ],
    "MEDICAL_RECORD_NUMBER": [
        "kv_log|{ts_iso_ms} INFO portal.lookup mrn={mrn} user=svc_sched latency={duration}",
        "url_query|https://{host}/chart?mrn={mrn}&tab=results",
        "paren|(MRN {mrn})",
        "html_attr|<input type=\"hidden\" name=\"mrn\" value=\"{mrn}\">",
        "md_code|MRN `{mrn}`",
    ],
    "US_NPI": [
        "url_query|https://npiregistry.cms.hhs.gov/api/?number={npi}&version=2.1 returns no results",
        "kv_log|{ts_log4j} WARN ehr-sync npi={npi} status=NOT_FOUND",
        "paren|(NPI {npi})",
        "html_attr|<input name=\"npi\" value=\"{npi}\">",
        "md_code|NPI `{npi}`",
    ],
    "DATE_OF_BIRTH": [
        "kv_log|{ts_iso_z} WARN identity mismatch dob={dob:iso} source=portal",
        "url_query|https://{host}/verify?dob={dob:iso}&last4=0913",
        "paren|(DOB {dob})",
        "html_attr|<input type=\"date\" name=\"dob\" value=\"{dob:iso}\">",
        "md_code|DOB `{dob}`",
    ],
    "UK_NHS": [
        "kv_log|{ts_iso_z} INFO pds.lookup nhs_number={nhs:compact} result=SENSITIVE",
        "paren|(NHS no. {nhs})",
        "url_query|https://{host}/patients?nhs_number={nhs:compact}",
        "html_attr|<input name=\"nhsNumber\" value=\"{nhs:compact}\">",
        "md_code|NHS number `{nhs}`",
    ],
    "US_DEA": [
        "kv_log|{ts_iso_z} ERROR epcs prescriber=\"{dr_last}\" dea={dea} status=EXPIRED",
        "paren|({dr}, DEA {dea})",
        "html_attr|<input name=\"dea\" value=\"{dea}\" data-prescriber=\"{dr_last}\">",
        "md_code|{dr}: DEA `{dea}`",
    ],
    "AWS_ACCESS_KEY": [
        "url_query|https://{bucket}.s3.amazonaws.com/export.csv?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={aws}%2F20240611%2F{region}%2Fs3%2Faws4_request&X-Amz-Expires=3600&X-Amz-Signature={sha256}",
        "kv_log|{ts_iso_z} ERROR s3 InvalidAccessKeyId access_key_id={aws} request_id={aws_request_id}",
        "md_code|`export AWS_ACCESS_KEY_ID={aws}`",
        "paren|(key id {aws})",
    ],
    "GITHUB_TOKEN": [
        "url|git clone https://{ghtok}@github.com/{repo}.git",
        "url|remote: https://x-access-token:{ghtok}@github.com/{repo}",
        "header|Authorization: Bearer {ghtok}",
        "md_code|`GH_TOKEN={ghtok}`",
        "kv_log|{ts_iso_z} DEBUG git.fetch token={ghtok} repo={repo}",
    ],
}

START_POS = {
    "EMAIL_ADDRESS": ["{email} — still no verification mail after three tries.", "{email} can't log in since the update."],
    "PHONE_NUMBER": ["{phone} called twice about this.", "{phone} — customer hung up, please call back."],
    "IP_ADDRESS": ["{ip} is hammering the login endpoint again."],
    "CREDIT_CARD": ["{card} was declined at checkout, customer says it's a valid card."],
    "IBAN_CODE": ["{iban} is the new payout account, please update."],
    "AWS_ACCESS_KEY": ["{aws} showed up in a public gist."],
    "GITHUB_TOKEN": ["{ghtok} was pasted in the team channel."],
    "US_NPI": ["{npi} is the NPI that fails in the directory lookup."],
    "US_SSN": ["{ssn} is the SSN HR keyed in; it doesn't match the W-4."],
    "UK_NHS": ["{nhs} is the NHS number the GP gave us."],
    "PRIVATE_KEY": ["{pkey}\n^ this was in the ticket attachment preview."],
}
END_POS = {
    "EMAIL_ADDRESS": ["Reach me at {email}", "Contact: {email}"],
    "PHONE_NUMBER": ["Call back: {phone}", "Best number: {phone}"],
    "IP_ADDRESS": ["Blocked source: {ip}"],
    "CREDIT_CARD": ["Card: {card}"],
    "IBAN_CODE": ["IBAN {iban}"],
    "ABA_ROUTING_NUMBER": ["Routing {aba}"],
    "US_DEA": ["{dr}, DEA {dea}"],
    "MEDICAL_RECORD_NUMBER": ["MRN {mrn}"],
    "DATE_OF_BIRTH": ["DOB {dob}"],
    "GITHUB_TOKEN": ["token: {ghtok}"],
    "AWS_ACCESS_KEY": ["key id {aws}"],
    "PRIVATE_KEY": ["Key from the attachment:\n{pkey}"],
}

GREET_EN = ["Hi team,", "Hello,", "Hi {agent_first},", "Good morning,", "Hey folks —", "Dear support,", ""]
CLOSE_EN = ["Thanks,\n{name}", "Cheers,\n{first}", "Regards,\n{name}", "Thanks in advance.", "— {first}", "Best,\n{name}\n{company}"]
AGENT_NOTE = ["Internal note ({agent}):", "Agent note:", "Escalation note from {agent}:", "Triage ({agent}):", ""]
BLOCK_INTRO_EN = ["Pasted from the console:", "Relevant lines:", "From the export:", "Output below.", "Here is what we see:",
                  "Log excerpt (times UTC):", "Attaching the snippet:"]


# =====================================================================================================
# other languages: phrasebooks (benign lines by note type, positives by entity)
# =====================================================================================================

L10N = {}

L10N["de"] = {
    "greet": ["Hallo zusammen,", "Guten Tag,", "Hallo {agent_first},", "Moin,"],
    "close": ["Viele Grüße\n{name}", "Danke und Gruß\n{first}", "Mit freundlichen Grüßen\n{name}\n{company}"],
    "intro": ["Auszug aus dem Log:", "Hier die relevanten Zeilen:", "Export anbei:"],
    "benign": {
        "shipping_returns": ["Sendungsnummer {ups_tracking} steht seit {date_shipped} auf „zugestellt“, das Paket ist aber nicht da.",
                             "Retoure {rma_number} zur Bestellung {order_number} wurde am {date_shipped} gescannt.",
                             "Bestellnummer {luhn_valid_order} – Gutschrift über {amount} ist raus.", "EAN auf dem Karton: {ean13}."],
        "device_mdm": ["Gerät {serial_number} (IMEI {imei}) meldet sich seit {ts_eu} nicht mehr im MDM.",
                       "Build {windows_build} ist laut Richtlinie zu alt; MAC {mac_address}.", "Agent-Version {semver}, Absturz-ID {uuid}."],
        "telecom_sim": ["SIM-Tausch: alte ICCID {iccid}, neue ICCID {iccid}.", "Kundennummer {account_number_other} ist keine Telefonnummer.",
                        "Portierung {case_number} hängt beim abgebenden Anbieter."],
        "saas_billing": ["Rechnung {invoice_number} über {amount} war am {date_due} fällig.", "USt-IdNr. {vat_id} wird vom BZSt abgelehnt.",
                         "Zahlung {stripe_id} fehlgeschlagen, Fehlercode card_declined."],
        "password_reset": ["Der Reset-Link {uuid} ist nach {duration} abgelaufen.", "{n} Fehlversuche, Sperre bis {ts_iso_offset}."],
        "banking_ops": ["Überweisung mit UETR {swift_uetr} über {amount} ist nicht angekommen.", "Die IBAN {iban_bad_checksum} hat eine falsche Prüfziffer.",
                        "Gläubiger-ID {sepa_creditor_id}, Mandatsreferenz M-{n5}."],
        "security_incident": ["Commit {git_sha} enthielt den Schlüssel; behoben in {git_sha_short}.", "Rolle {aws_arn} wurde aus unbekanntem Netz genutzt."],
        "hr_payroll": ["Eintrittsdatum {date_hire}; Gehaltslauf {date_service}.", "Steuer-ID im Export: {record_id}."],
        "clinic_it": ["Termin am {date_appointment} erscheint doppelt.", "Patient wurde am {date_admission} aufgenommen."],
    },
    "pos": {
        "EMAIL_ADDRESS": ["Bitte die Bestätigung an {email} schicken.", "Neue Kontaktadresse: {email}"],
        "PHONE_NUMBER": ["Rückruf bitte unter {phone}.", "Telefonnummer laut Kunde: {phone}."],
        "IBAN_CODE": ["Erstattung bitte auf IBAN {iban}.", "Neue Bankverbindung: {iban} (Kontoinhaber {name})."],
        "CREDIT_CARD": ["Die Kreditkarte {card} wurde doppelt belastet."],
        "IP_ADDRESS": ["Zugriffe kamen von {ip}."],
        "DATE_OF_BIRTH": ["Geburtsdatum laut Ausweis: {dob}.", "Identität geprüft, Geburtsdatum {dob}."],
        "AWS_ACCESS_KEY": ["Im Repo lag der Zugangsschlüssel {aws}."],
        "GITHUB_TOKEN": ["Im CI-Log stand das Token {ghtok}."],
        "PRIVATE_KEY": ["Im Anhang war der private Schlüssel:\n{pkey}"],
    },
}

L10N["fr"] = {
    "greet": ["Bonjour,", "Bonjour {agent_first},", "Bonjour à tous,"],
    "close": ["Cordialement,\n{name}", "Merci d'avance,\n{first}", "Bien à vous,\n{name}\n{company}"],
    "intro": ["Extrait du journal :", "Voici les lignes concernées :", "Copie de l'export :"],
    "benign": {
        "shipping_returns": ["Le colis {ups_tracking} est indiqué livré le {date_shipped}, mais rien reçu.",
                             "Retour {rma_number} pour la commande {order_number}, frais {amount}.", "Numéro de commande {luhn_valid_order} (ce n'est pas une carte)."],
        "device_mdm": ["L'appareil {serial_number} (IMEI {imei}) ne remonte plus depuis le {ts_eu}.", "Version de l'agent {semver}, build {windows_build}."],
        "telecom_sim": ["Changement de SIM : ancienne ICCID {iccid}, nouvelle {iccid}.", "Le numéro client {account_number_other} n'est pas un numéro de téléphone."],
        "saas_billing": ["La facture {invoice_number} de {amount} était due le {date_due}.", "Numéro de TVA {vat_id} refusé par VIES.",
                         "Paiement {stripe_id} refusé."],
        "password_reset": ["Le lien de réinitialisation {uuid} a expiré après {duration}.", "Compte verrouillé jusqu'au {ts_iso_offset}."],
        "banking_ops": ["Virement UETR {swift_uetr} de {amount} non reçu.", "L'IBAN {iban_bad_checksum} a une clé de contrôle invalide.", "BIC {bic} confirmé."],
        "security_incident": ["Le commit {git_sha} contenait la clé.", "Requête {aws_request_id} sur le compte {aws_account_id}."],
        "hr_payroll": ["Date d'embauche {date_hire}, paie du {date_service}.", "Matricule {record_id}."],
        "clinic_it": ["Le rendez-vous du {date_appointment} apparaît deux fois.", "Admission le {date_admission}, sortie le {date_discharge}."],
    },
    "pos": {
        "EMAIL_ADDRESS": ["Merci d'envoyer la confirmation à {email}.", "Nouvelle adresse : {email}"],
        "PHONE_NUMBER": ["Me rappeler au {phone}.", "Numéro du client : {phone}."],
        "IBAN_CODE": ["Remboursement sur l'IBAN {iban}, s'il vous plaît.", "Nouveau RIB : {iban}."],
        "CREDIT_CARD": ["La carte {card} a été débitée deux fois."],
        "IP_ADDRESS": ["Les connexions venaient de {ip}."],
        "DATE_OF_BIRTH": ["Date de naissance : {dob}.", "Client vérifié (né le {dob})."],
        "AWS_ACCESS_KEY": ["La clé d'accès {aws} était dans le dépôt public."],
        "GITHUB_TOKEN": ["Le jeton {ghtok} apparaît dans les logs CI."],
        "PRIVATE_KEY": ["Clé privée trouvée dans la pièce jointe :\n{pkey}"],
    },
}

L10N["es"] = {
    "greet": ["Hola,", "Buenos días,", "Hola {agent_first},"],
    "close": ["Saludos,\n{name}", "Gracias,\n{first}", "Un saludo,\n{name}\n{company}"],
    "intro": ["Extracto del log:", "Estas son las líneas:", "Copio la exportación:"],
    "benign": {
        "shipping_returns": ["El envío {ups_tracking} figura como entregado el {date_shipped}, pero no ha llegado.",
                             "Devolución {rma_number} del pedido {order_number}.", "Número de pedido {luhn_valid_order}, importe {amount}."],
        "device_mdm": ["El equipo {serial_number} (IMEI {imei}) no reporta desde el {ts_eu}.", "Versión del agente {semver}."],
        "telecom_sim": ["Cambio de SIM: ICCID antigua {iccid}, nueva {iccid}.", "Portabilidad {case_number} pendiente."],
        "saas_billing": ["La factura {invoice_number} de {amount} vencía el {date_due}.", "NIF-IVA {vat_id} rechazado."],
        "password_reset": ["El enlace {uuid} caducó tras {duration}.", "Cuenta bloqueada hasta {ts_iso_offset}."],
        "banking_ops": ["Transferencia UETR {swift_uetr} de {amount} no recibida.", "El IBAN {iban_bad_checksum} no supera el dígito de control."],
        "security_incident": ["El commit {git_sha} incluía la clave.", "Rol {aws_arn} usado desde una red desconocida."],
        "hr_payroll": ["Fecha de alta {date_hire}; nómina del {date_service}.", "Número de empleado E{n5}."],
        "clinic_it": ["La cita del {date_appointment} sale duplicada.", "Ingreso el {date_admission}."],
        "pharmacy": ["Receta {rx_number}, NDC {ndc_code}, lote {lot_number}.", "Fecha de dispensación {date_service}."],
    },
    "pos": {
        "EMAIL_ADDRESS": ["Enviad la confirmación a {email}, por favor.", "Correo del cliente: {email}"],
        "PHONE_NUMBER": ["Llamadme al {phone}.", "Teléfono de contacto: {phone}."],
        "IBAN_CODE": ["Reembolso a la cuenta IBAN {iban}.", "Nuevos datos bancarios: {iban}."],
        "CREDIT_CARD": ["Me cobraron dos veces en la tarjeta {card}."],
        "IP_ADDRESS": ["Los accesos venían de {ip}."],
        "DATE_OF_BIRTH": ["Fecha de nacimiento: {dob}.", "Identidad verificada (fecha de nacimiento {dob})."],
        "US_SSN": ["El número de Seguro Social {ssn} está mal en el W-2."],
        "MEDICAL_RECORD_NUMBER": ["Número de historia clínica (MRN) {mrn}."],
        "US_NPI": ["El NPI del médico es {npi}."],
        "AWS_ACCESS_KEY": ["La clave de acceso {aws} estaba en el repositorio."],
        "GITHUB_TOKEN": ["El token {ghtok} salió en el log de CI."],
        "PRIVATE_KEY": ["Clave privada en el adjunto:\n{pkey}"],
    },
}

L10N["nl"] = {
    "greet": ["Hallo,", "Goedemorgen,", "Beste {agent_first},"],
    "close": ["Groet,\n{name}", "Alvast bedankt,\n{first}", "Met vriendelijke groet,\n{name}\n{company}"],
    "intro": ["Uit de log:", "Relevante regels:", "Uit de export:"],
    "benign": {
        "shipping_returns": ["Zending {ups_tracking} staat sinds {date_shipped} op bezorgd, maar is niet ontvangen.",
                             "Retour {rma_number} voor bestelling {order_number}.", "Bestelnummer {luhn_valid_order}, bedrag {amount}."],
        "device_mdm": ["Apparaat {serial_number} (IMEI {imei}) meldt zich sinds {ts_eu} niet meer.", "Agentversie {semver}."],
        "telecom_sim": ["Simwissel: oude ICCID {iccid}, nieuwe {iccid}.", "Klantnummer {account_number_other} is geen telefoonnummer."],
        "saas_billing": ["Factuur {invoice_number} van {amount} verviel op {date_due}.", "Btw-nummer {vat_id} wordt geweigerd."],
        "password_reset": ["De resetlink {uuid} is na {duration} verlopen.", "Account geblokkeerd tot {ts_iso_offset}."],
        "banking_ops": ["Overboeking UETR {swift_uetr} van {amount} niet ontvangen.", "IBAN {iban_bad_checksum} heeft een ongeldig controlegetal."],
        "security_incident": ["Commit {git_sha} bevatte de sleutel.", "Request {aws_request_id} in account {aws_account_id}."],
        "hr_payroll": ["Datum in dienst {date_hire}.", "Personeelsnummer {record_id}."],
    },
    "pos": {
        "EMAIL_ADDRESS": ["Stuur de bevestiging naar {email}.", "Nieuw e-mailadres: {email}"],
        "PHONE_NUMBER": ["Bel me terug op {phone}.", "Telefoonnummer klant: {phone}."],
        "IBAN_CODE": ["Terugbetaling graag op {iban}.", "Nieuw rekeningnummer: {iban}."],
        "CREDIT_CARD": ["Creditcard {card} is twee keer belast."],
        "IP_ADDRESS": ["De inlogpogingen kwamen van {ip}."],
        "DATE_OF_BIRTH": ["Geboortedatum: {dob}."],
        "AWS_ACCESS_KEY": ["Toegangssleutel {aws} stond in de repository."],
        "GITHUB_TOKEN": ["Token {ghtok} stond in de CI-log."],
        "PRIVATE_KEY": ["Privésleutel uit de bijlage:\n{pkey}"],
    },
}

L10N["pt"] = {
    "greet": ["Olá,", "Bom dia,", "Oi {agent_first},"],
    "close": ["Abraço,\n{name}", "Obrigado,\n{first}", "Atenciosamente,\n{name}\n{company}"],
    "intro": ["Trecho do log:", "Seguem as linhas:", "Exportação abaixo:"],
    "benign": {
        "shipping_returns": ["O objeto {ups_tracking} consta como entregue em {date_shipped}, mas não chegou.",
                             "Devolução {rma_number} do pedido {order_number}.", "Número do pedido {luhn_valid_order}, valor {amount}."],
        "device_mdm": ["O aparelho {serial_number} (IMEI {imei}) não reporta desde {ts_eu}.", "Versão do agente {semver}."],
        "telecom_sim": ["Troca de chip: ICCID antigo {iccid}, novo {iccid}.", "Portabilidade {case_number} pendente."],
        "saas_billing": ["A fatura {invoice_number} de {amount} venceu em {date_due}.", "Pagamento {stripe_id} recusado."],
        "password_reset": ["O link {uuid} expirou depois de {duration}.", "Conta bloqueada até {ts_iso_offset}."],
        "banking_ops": ["Transferência UETR {swift_uetr} de {amount} não recebida.", "IBAN {iban_bad_checksum} com dígito inválido."],
        "security_incident": ["O commit {git_sha} tinha a chave.", "Papel {aws_arn} usado de rede desconhecida."],
    },
    "pos": {
        "EMAIL_ADDRESS": ["Mandem a confirmação para {email}.", "E-mail do cliente: {email}"],
        "PHONE_NUMBER": ["Me liguem no {phone}.", "Telefone de contato: {phone}."],
        "IBAN_CODE": ["Reembolso para o IBAN {iban}."],
        "CREDIT_CARD": ["Cobraram duas vezes no cartão {card}."],
        "IP_ADDRESS": ["Os acessos vieram de {ip}."],
        "DATE_OF_BIRTH": ["Data de nascimento: {dob}."],
        "AWS_ACCESS_KEY": ["A chave de acesso {aws} estava no repositório."],
        "GITHUB_TOKEN": ["O token {ghtok} apareceu no log do CI."],
        "PRIVATE_KEY": ["Chave privada no anexo:\n{pkey}"],
    },
}

L10N["it"] = {
    "greet": ["Buongiorno,", "Ciao {agent_first},", "Salve,"],
    "close": ["Cordiali saluti,\n{name}", "Grazie,\n{first}", "Saluti,\n{name}\n{company}"],
    "intro": ["Estratto del log:", "Ecco le righe:", "Dall'export:"],
    "benign": {
        "shipping_returns": ["La spedizione {ups_tracking} risulta consegnata il {date_shipped}, ma non è arrivata.",
                             "Reso {rma_number} per l'ordine {order_number}.", "Numero d'ordine {luhn_valid_order}, importo {amount}."],
        "device_mdm": ["Il dispositivo {serial_number} (IMEI {imei}) non si sincronizza dal {ts_eu}.", "Versione agente {semver}."],
        "telecom_sim": ["Cambio SIM: ICCID vecchio {iccid}, nuovo {iccid}.", "Il codice cliente {account_number_other} non è un numero di telefono."],
        "saas_billing": ["La fattura {invoice_number} di {amount} scadeva il {date_due}.", "Partita IVA {vat_id} rifiutata."],
        "password_reset": ["Il link {uuid} è scaduto dopo {duration}.", "Account bloccato fino a {ts_iso_offset}."],
        "banking_ops": ["Bonifico UETR {swift_uetr} di {amount} non ricevuto.", "L'IBAN {iban_bad_checksum} ha il codice di controllo errato."],
        "security_incident": ["Il commit {git_sha} conteneva la chiave."],
        "clinic_it": ["L'appuntamento del {date_appointment} compare due volte."],
    },
    "pos": {
        "EMAIL_ADDRESS": ["Inviate la conferma a {email}.", "Email del cliente: {email}"],
        "PHONE_NUMBER": ["Richiamatemi al {phone}.", "Telefono: {phone}."],
        "IBAN_CODE": ["Rimborso sull'IBAN {iban}."],
        "CREDIT_CARD": ["Addebito doppio sulla carta {card}."],
        "IP_ADDRESS": ["Gli accessi arrivavano da {ip}."],
        "DATE_OF_BIRTH": ["Data di nascita: {dob}.", "Cliente verificato (nato il {dob})."],
        "AWS_ACCESS_KEY": ["La chiave di accesso {aws} era nel repository."],
        "GITHUB_TOKEN": ["Il token {ghtok} compare nel log della CI."],
        "PRIVATE_KEY": ["Chiave privata nell'allegato:\n{pkey}"],
    },
}

L10N["pl"] = {
    "greet": ["Dzień dobry,", "Cześć {agent_first},", "Witam,"],
    "close": ["Pozdrawiam,\n{name}", "Dziękuję,\n{first}", "Z poważaniem,\n{name}\n{company}"],
    "intro": ["Fragment logu:", "Odpowiednie linie:", "Eksport poniżej:"],
    "benign": {
        "shipping_returns": ["Przesyłka {ups_tracking} ma status doręczona od {date_shipped}, ale nic nie dotarło.",
                             "Zwrot {rma_number} do zamówienia {order_number}.", "Numer zamówienia {luhn_valid_order}, kwota {amount}."],
        "device_mdm": ["Urządzenie {serial_number} (IMEI {imei}) nie raportuje od {ts_eu}.", "Wersja agenta {semver}."],
        "telecom_sim": ["Wymiana karty SIM: stary ICCID {iccid}, nowy {iccid}.", "Numer klienta {account_number_other} to nie numer telefonu."],
        "saas_billing": ["Faktura {invoice_number} na {amount} była płatna do {date_due}.", "NIP UE {vat_id} odrzucony."],
        "password_reset": ["Link {uuid} wygasł po {duration}."],
        "banking_ops": ["Przelew UETR {swift_uetr} na {amount} nie dotarł.", "IBAN {iban_bad_checksum} ma błędną sumę kontrolną."],
    },
    "pos": {
        "EMAIL_ADDRESS": ["Proszę wysłać potwierdzenie na {email}.", "Adres e-mail klienta: {email}"],
        "PHONE_NUMBER": ["Proszę oddzwonić na {phone}.", "Telefon kontaktowy: {phone}."],
        "IBAN_CODE": ["Zwrot na rachunek {iban}."],
        "CREDIT_CARD": ["Karta {card} została obciążona dwa razy."],
        "IP_ADDRESS": ["Logowania pochodziły z {ip}."],
        "DATE_OF_BIRTH": ["Data urodzenia: {dob}."],
        "AWS_ACCESS_KEY": ["Klucz dostępu {aws} był w repozytorium."],
        "GITHUB_TOKEN": ["Token {ghtok} pojawił się w logu CI."],
    },
}


# =====================================================================================================
# blocks: each takes (ctx, want) and returns parts; it removes from `want` the entities it hosted
# =====================================================================================================

def take(want, ents, r=None, p=1.0):
    """Pop the first wanted entity among ents (with probability p)."""
    for e in list(want):
        if e in ents and (r is None or r.random() < p):
            want.remove(e)
            return e
    return None


def lines(ctx, tmpls, place):
    out = []
    for t in tmpls:
        out.append(T(ctx, t, place))
        out.append("\n")
    return out[:-1]


LOG_BENIGN = {
    "*": [
        "{ts_iso_ms} INFO  {svc} request_id={uuid} status={http_status} latency={duration}",
        "{ts_log4j} ERROR [http-nio-8443-exec-7] c.t.core.Worker - job failed ({stack_frame}) retry in {duration}",
        "{ts_iso_z} DEBUG aws-sdk request_id={aws_request_id} op=PutObject etag={s3_etag}",
        "{ts_sql_us} | job=nightly_export rows={n4} took={duration} sha256={sha256}",
        "{ts_klog} 1 reconciler.go:214] pod restarted, image={docker_digest}",
        "{ts_iso_offset} notice release={semver} build={build_number} commit={git_sha_short}",
    ],
    "device_mdm": ["{ts_iso_ms} INFO  mdm-sync device={serial_number} imei={imei} checkin=ok latency={duration}",
                   "{ts_win_event} Microsoft-Windows-Kernel-General build={windows_build} uptime={duration}",
                   "{ts_syslog} edge-gw dhcpd: DHCPACK to {masked_ip} ({mac_address}) via eth1",
                   "{ts_compact} snmp poll {snmp_oid} = Counter32: {n5}"],
    "shipping_returns": ["{ts_iso_z} WARN  label-svc tracking={ups_tracking} carrier=UPS status=EXCEPTION code={http_status}",
                         "{ts_iso_z} INFO  shipping usps={usps_tracking} weight_oz=14 zip={zip_plus4}",
                         "{ts_epoch_ms} returns rma={rma_number} order={order_number} refund={amount}",
                         "{ts_iso_offset} INFO  scan ean={ean13} dock=7 operator={at_mention}"],
    "telecom_sim": ["{ts_eu} sim-svc iccid={iccid} imsi={imsi} state=ACTIVE", "{ts_iso_offset} notice sms-dispatch sid={twilio_sid} status=undelivered err=30005",
                    "{ts_iso_z} port-out case={case_number} donor=TMO state=PENDING"],
    "saas_billing": ["{ts_iso_z} INFO  stripe webhook evt={stripe_id} type=invoice.payment_failed", "{ts_epoch_ms} pay-gw order={luhn_valid_order} result=declined avs=N",
                     "{ts_iso_z} INFO  invoices rendered invoice={invoice_number} total={amount} pages=2"],
    "password_reset": ["{ts_iso_ms} WARN  auth lockout user_id={record_id} until={ts_epoch_s}", "{ts_iso_z} INFO  okta event={uuid} outcome=FAILURE"],
    "hr_payroll": ["{ts_iso_z} INFO  payroll-export batch={aba_fail} rows={n3} status=REJECTED", "{ts_log4j} WARN  benefits feed ssn={masked_ssn} mismatch"],
    "clinic_it": ["{ts_log4j} WARN  hl7-bridge ADT^A08 encounter={encounter_id} ack=AE", "{ts_iso_z} INFO  lis accession={accession_number} status=PENDING",
                  "{ts_iso_z} INFO  cda assigningAuthority={oid}"],
    "pharmacy": ["{ts_iso_z} INFO  rx-router rx={rx_number} ndc={ndc_code} status=QUEUED", "{ts_iso_ms} WARN  epcs dea_check value={dea_fail} result=CHECKSUM_FAIL"],
    "banking_ops": ["{ts_iso_z} INFO  swift uetr={swift_uetr} status=ACSC amount={amount}", "{ts_iso_z} WARN  sepa iban={iban_bad_checksum} reason=INVALID_CHECKSUM",
                    "{ts_iso_z} INFO  ach trace={record_id} return=R03"],
    "security_incident": ["{ts_iso_z} WARN  guardduty finding={uuid} principal={aws_arn}", "{ts_syslog} bastion sshd[{n4}]: Accepted publickey for {user_at_host}",
                          "{ts_iso_z} INFO  cloudtrail event=AssumeRole account={aws_account_id} principalId={iam_unique_id}"],
}

LOG_POS = {
    "EMAIL_ADDRESS": ["{ts_iso_ms} WARN  auth login failed user={email} attempts=3 req={uuid}",
                      "{ts_iso_z} INFO  notify mail queued to=<{email}> tpl=receipt id={uuid}"],
    "IP_ADDRESS": ["{ts_syslog} edge-gw kernel: [UFW BLOCK] IN=eth0 OUT= MAC={mac_address} SRC={ip4} DST={ip4b} PROTO=TCP DPT=22",
                   "{ts_iso_z} INFO  nginx client={ip} \"POST /api/returns HTTP/2\" {http_status} rt={duration}",
                   "{ip4} - - [{ts_clf}] \"GET /portal/login HTTP/1.1\" {http_status} 5123 \"-\" \"okhttp/4.12.0\""],
    "PHONE_NUMBER": ["{ts_iso_offset} notice sms-dispatch to={phone:e164} sid={twilio_sid} status=delivered",
                     "{ts_iso_z} INFO  ivr callback_number={phone:digits} queue=billing wait={duration}"],
    "CREDIT_CARD": ["{ts_log4j} DEBUG PaymentClient - request body: pan={card:compact}&exp=1128&amount={amt}"],
    "US_SSN": ["{ts_iso_z} ERROR payroll-import row=17 invalid ssn={ssn:dash} reason=duplicate"],
    "MEDICAL_RECORD_NUMBER": ["{ts_iso_ms} INFO  portal patient lookup mrn={mrn} by user=svc_sched"],
    "DATE_OF_BIRTH": ["{ts_iso_z} WARN  identity mismatch dob={dob:iso} expected_format=YYYY-MM-DD"],
    "US_NPI": ["{ts_log4j} WARN  ehr-sync NPI {npi} not found in registry (HTTP 404)"],
    "UK_NHS": ["{ts_iso_z} INFO  pds-lookup nhs_number={nhs:compact} result=SENSITIVE"],
    "US_DEA": ["{ts_iso_z} ERROR epcs prescriber={dr_last} dea={dea} status=EXPIRED"],
    "IBAN_CODE": ["{ts_iso_z} INFO  sepa payout iban={iban:compact} amount={amt} currency=EUR"],
    "ABA_ROUTING_NUMBER": ["{ts_iso_z} WARN  nacha rtn={aba} trace={record_id} return=R03"],
    "AWS_ACCESS_KEY": ["{ts_iso_z} ERROR s3-upload InvalidAccessKeyId access_key_id={aws} request_id={aws_request_id}"],
    "GITHUB_TOKEN": ["{ts_iso_z} DEBUG git clone https://x-access-token:{ghtok}@github.com/{repo}.git"],
}


def blk_log(ctx, want):
    r = ctx.r
    pool = LOG_BENIGN["*"] + LOG_BENIGN.get(ctx.ntype, []) * 2
    tm = [r.choice(pool) for _ in range(r.randint(3, 7))]
    for _ in range(r.choice([1, 1, 2, 3])):
        e = take(want, LOG_POS, r, 0.8)
        if e:
            tm.insert(r.randint(0, len(tm)), r.choice(LOG_POS[e]))
    fence = r.random() < 0.25
    body = lines(ctx, tm, "log")
    return ["```\n", body, "\n```"] if fence else body


CSV_SPECS = {
    "shipping_returns": [("order_id", "{order_number}", None, None), ("created", "{ts_iso_z}", None, None),
                         ("email", "{email3}", "EMAIL_ADDRESS", "{masked_email}"), ("phone", "{phone}", "PHONE_NUMBER", "{masked_phone}"),
                         ("tracking", "{ups_tracking}", None, None), ("total", "{amt}", None, None), ("status", "@RETURNED|REFUNDED|IN_TRANSIT", None, None)],
    "device_mdm": [("serial", "{serial_number}", None, None), ("imei", "{imei}", None, None), ("user", "{email3}", "EMAIL_ADDRESS", "@unassigned"),
                   ("last_ip", "{ip}", "IP_ADDRESS", "{masked_ip}"), ("os_build", "{windows_build}", None, None), ("last_seen", "{ts_iso_offset}", None, None)],
    "telecom_sim": [("msisdn", "{phone:e164}", "PHONE_NUMBER", "{masked_phone}"), ("iccid", "{iccid}", None, None), ("imsi", "{imsi}", None, None),
                    ("imei", "{imei}", None, None), ("activated", "{ts_iso_z}", None, None)],
    "saas_billing": [("invoice", "{invoice_number}", None, None), ("customer", "{email3}", "EMAIL_ADDRESS", "@acct-{n5}"), ("amount", "{amount}", None, None),
                     ("card", "{card}", "CREDIT_CARD", "{masked_card}"), ("paid_at", "{ts_epoch_s}", None, None)],
    "password_reset": [("ts", "{ts_iso_ms}", None, None), ("user", "{email3}", "EMAIL_ADDRESS", "@uid-{n5}"), ("src_ip", "{ip}", "IP_ADDRESS", "{masked_ip}"),
                       ("result", "@FAIL|FAIL|LOCKED|OK", None, None), ("browser", "{version_string}", None, None)],
    "hr_payroll": [("emp_id", "@E{n5}", None, None), ("name", "{pname}", None, None), ("ssn", "{ssn}", "US_SSN", "{masked_ssn}"),
                   ("routing", "{aba}", "ABA_ROUTING_NUMBER", "@on file"), ("hire_date", "{date_hire}", None, None), ("dob", "{dob}", "DATE_OF_BIRTH", "@**/**/19**")],
    "clinic_it": [("mrn", "{mrn}", "MEDICAL_RECORD_NUMBER", "@[redacted]"), ("last_name", "{plast}", None, None), ("dob", "{dob}", "DATE_OF_BIRTH", "@**/**/****"),
                  ("appt", "{date_appointment}", None, None), ("ref_npi", "{npi}", "US_NPI", "@-"), ("encounter", "{encounter_id}", None, None)],
    "pharmacy": [("rx", "{rx_number}", None, None), ("ndc", "{ndc_code}", None, None), ("prescriber", "{pdr}", None, None),
                 ("npi", "{npi}", "US_NPI", "@pending"), ("dea", "{dea}", "US_DEA", "@n/a"), ("filled", "{date_service}", None, None)],
    "banking_ops": [("ref", "{bank_txn_ref}", None, None), ("iban", "{iban:compact}", "IBAN_CODE", "{iban_bad_checksum}"), ("bic", "{bic}", None, None),
                    ("amount", "{amount}", None, None), ("value_date", "{date_due}", None, None), ("uetr", "{swift_uetr}", None, None)],
    "security_incident": [("ts", "{ts_iso_z}", None, None), ("src_ip", "{ip}", "IP_ADDRESS", "{masked_ip}"), ("user", "{email3}", "EMAIL_ADDRESS", "{user_at_host}"),
                          ("event", "@ConsoleLogin|GetObject|CreateAccessKey", None, None), ("access_key", "{aws}", "AWS_ACCESS_KEY", "{aws_placeholder}"),
                          ("bytes", "{byte_count}", None, None)],
}
CONTEXT_ONLY = {"DATE_OF_BIRTH", "MEDICAL_RECORD_NUMBER"}


def _cell(ctx, tmpl, place):
    r = ctx.r
    if tmpl.startswith("@"):
        opts = tmpl[1:].split("|")
        return T(ctx, r.choice(opts), place)
    return T(ctx, tmpl, place)


PH.update({
    "pname": lambda c, n, m, p: Person(c.r, c.lang).name,
    "plast": lambda c, n, m, p: Person(c.r, c.lang).last,
})


def _pdr(ctx, name, mod, place):
    ctx.dr = Person(ctx.r, "en")
    return f"Dr. {ctx.dr.first} {ctx.dr.last}"


PH["pdr"] = _pdr


def blk_csv(ctx, want, force_headerless=None):
    r = ctx.r
    spec = CSV_SPECS.get(ctx.ntype) or CSV_SPECS["shipping_returns"]
    headerless = force_headerless if force_headerless is not None else r.random() < 0.5
    name_cols = headerless and r.random() < 0.5
    active = set()
    for col, _, ent, _ in spec:
        if ent and ent in want and (not headerless or name_cols or ent not in CONTEXT_ONLY):
            active.add(ent)
    for e in active:
        want.remove(e)
    if not active and want:
        pass
    sep = r.choice([",", ",", ";", "\t", "|"])
    place = "csv_headerless" if headerless else {",": "csv", ";": "csv_semicolon", "\t": "tsv", "|": "psv"}[sep]
    out = []
    if headerless:
        if name_cols:
            out.append(r.choice(["No header row in the paste; columns are ", "Columns (no header): ", "Export without header — order is "]))
            out.append(", ".join(c for c, _, _, _ in spec) + "\n")
        else:
            out.append(r.choice(["Rows from the export (header got cut off):\n", "Pasted rows:\n", "Raw lines from the file:\n"]))
    else:
        out.append(sep.join(c for c, _, _, _ in spec) + "\n")
    nrows = r.randint(3, 6)
    for i in range(nrows):
        row = []
        for col, tm, ent, alt in spec:
            use = tm if (ent is None or ent in active) else alt
            if ent and ent in active and r.random() < 0.12 and alt:
                use = alt   # sparse: some rows masked
            row.append(_cell(ctx, use, place))
            row.append(sep)
        out.append(row[:-1])
        out.append("\n")
    return out[:-1]


def blk_html(ctx, want):
    r = ctx.r
    if r.random() < 0.55:
        fields = [f'<form action="https://{{host}}/{r.choice(["profile", "returns/new", "billing/update", "sim/swap"])}" method="post">',
                  '  <input type="hidden" name="csrf_token" value="{hex_token}">', '  <input type="hidden" name="request_id" value="{uuid}">',
                  '  <label for="n">Name</label><input id="n" name="full_name" value="{name}">']
        opts = {"EMAIL_ADDRESS": '  <input type="email" name="email" value="{email}" autocomplete="email">',
                "PHONE_NUMBER": '  <input type="tel" name="phone" value="{phone}">',
                "CREDIT_CARD": '  <input name="cc-number" inputmode="numeric" value="{card}">',
                "IBAN_CODE": '  <input name="iban" value="{iban}">',
                "DATE_OF_BIRTH": '  <input type="date" name="date_of_birth" value="{dob:iso}">',
                "US_SSN": '  <input name="ssn" value="{ssn:dash}">',
                "ABA_ROUTING_NUMBER": '  <input name="routing_number" value="{aba}">'}
        for _ in range(3):
            e = take(want, opts, r, 0.9)
            if e:
                fields.append(opts[e])
        fields += ['  <input name="order_ref" value="{order_number}">', '  <input name="loyalty_card_number" value="{gift_card_number}">',
                   '  <button type="submit">Save</button>', "</form>"]
        r.shuffle(fields[4:-2])
        return lines(ctx, fields, "html_attr")
    body = ['<div class="msg">', "<p>Hi {first},</p>", "<p>Your return <b>{rma_number}</b> for order {order_number} was received on {date_shipped}.</p>"]
    opts = {"EMAIL_ADDRESS": '<p>Questions? <a href="mailto:{email:agent}">write to us</a>.</p>',
            "PHONE_NUMBER": '<p>Or call <a href="tel:{phone:e164}">{phone:same}</a>.</p>',
            "IP_ADDRESS": '<p style="color:#999">Sent to you because of a sign-in from {ip}.</p>'}
    e = take(want, opts, r, 0.9)
    if e:
        body.append(opts[e])
    body += ['<img src="https://{host}/t/open.gif?m={uuid}" width="1" height="1" alt="">', "</div>"]
    return lines(ctx, body, "html_body")


def blk_md(ctx, want):
    r = ctx.r
    out = ["### Summary", "- Ref: `{ticket_number}` / {jira_key}", "- Build: {build_number} ({git_sha_short})", "- First seen: {ts_iso_z}"]
    inline = {"EMAIL_ADDRESS": "- Affected user: `{email}`", "IP_ADDRESS": "- Source: `{ip}`", "PHONE_NUMBER": "- Callback: `{phone}`",
              "CREDIT_CARD": "- Card used: `{card}`", "MEDICAL_RECORD_NUMBER": "- MRN: `{mrn}`", "US_NPI": "- Provider NPI: `{npi}`",
              "UK_NHS": "- NHS number: `{nhs}`", "IBAN_CODE": "- IBAN: `{iban}`", "DATE_OF_BIRTH": "- DOB: `{dob}`"}
    e = take(want, inline, r, 0.9)
    if e:
        out.append(inline[e])
    out += ["", "### Repro", "```bash"]
    code = {"AWS_ACCESS_KEY": ["export AWS_ACCESS_KEY_ID={aws}", "export AWS_SECRET_ACCESS_KEY={aws_secret_key}", "aws s3 ls s3://{bucket}/ --region {region}"],
            "GITHUB_TOKEN": ["git clone https://{ghtok}@github.com/{repo}.git", "cd {repo} && git checkout {git_sha_short}"],
            "IP_ADDRESS": ["ssh -J ops@bastion ubuntu@{ip4}", "curl -sv http://{ip4:same}:9100/metrics | head"],
            "EMAIL_ADDRESS": ["curl -s -X POST https://{host}/api/v1/password/reset -d 'email={email}'"],
            "PHONE_NUMBER": ["curl -s https://{host}/api/v1/sms -d 'to={phone:e164}' -d 'template=otp'"]}
    e = take(want, code, r, 0.9)
    if e:
        out += code[e]
    else:
        out += ["curl -s -H 'X-Request-Id: {uuid}' https://{host}/api/v1/status", "# -> HTTP {http_status} after {duration}"]
    out.append("```")
    return lines(ctx, out, "md_code")


def blk_config(ctx, want):
    r = ctx.r
    e = take(want, {"PRIVATE_KEY", "AWS_ACCESS_KEY", "GITHUB_TOKEN"}, r)
    style = r.choice(["env", "aws", "yaml", "tf", "npmrc"]) if e is None else {
        "PRIVATE_KEY": r.choice(["yaml", "yaml", "plain_md"]), "AWS_ACCESS_KEY": r.choice(["env", "aws", "tf"]),
        "GITHUB_TOKEN": r.choice(["env", "npmrc", "gitconfig"])}[e]
    if style == "env":
        t = ["APP_ENV=production", "DATABASE_URL=postgres://app:********@db.internal:5432/app", "RELEASE={git_sha_short}",
             "AWS_ACCESS_KEY_ID=" + ("{aws}" if e == "AWS_ACCESS_KEY" else "{aws_placeholder}"),
             "AWS_SECRET_ACCESS_KEY={aws_secret_key}", "GITHUB_TOKEN=" + ("{ghtok}" if e == "GITHUB_TOKEN" else "{gh_masked}"), "SENTRY_DSN_ID={hex_token}"]
        return ["```\n", lines(ctx, t, "dotenv"), "\n```"]
    if style == "aws":
        t = ["[default]", "aws_access_key_id = " + ("{aws}" if e else "{aws_placeholder}"), "aws_secret_access_key = {aws_secret_key}", "region = {region}",
             "", "[profile billing-ro]", "role_arn = {aws_arn}", "source_profile = default"]
        return lines(ctx, t, "aws_credentials")
    if style == "tf":
        t = ['provider "aws" {', '  region     = "{region}"', '  access_key = "' + ("{aws}" if e else "{aws_placeholder}") + '"',
             '  secret_key = "{aws_secret_key}"', "}", "# account {aws_account_id}"]
        return lines(ctx, t, "terraform")
    if style == "npmrc":
        t = ["@tallowtech:registry=https://npm.pkg.github.com", "//npm.pkg.github.com/:_authToken=" + ("{ghtok}" if e else "{gh_masked}"),
             "# lock integrity {npm_integrity}"]
        return lines(ctx, t, "npmrc")
    if style == "gitconfig":
        t = ['[remote "origin"]', "\turl = https://{ghtok}@github.com/{repo}.git", "\tfetch = +refs/heads/*:refs/remotes/origin/*",
             '[branch "main"]', "\tremote = origin"]
        return lines(ctx, t, "gitconfig")
    if style == "plain_md":
        pem = ctx.pos("PRIVATE_KEY", "pkey", lambda: pem_value(r), "md_fence")
        return ["```\n", pem, "\n```"]
    # yaml (k8s Secret / ansible) with an indented PEM block
    if e == "PRIVATE_KEY":
        ind = r.choice(["    ", "      "])
        pem = ctx.pos("PRIVATE_KEY", "pkey", lambda: pem_value(r, None, ind), "yaml_indented")
        head = T(ctx, "apiVersion: v1\nkind: Secret\nmetadata:\n  name: sftp-deploy-key\n  uid: {uuid}\ntype: Opaque\nstringData:\n", "yaml")
        return [head, "  id_rsa: |\n", ind, pem, "\n  known_hosts: github.com"]
    t = ["image: {docker_digest}", "replicas: 3", "env:", "  - name: RELEASE", "    value: \"{semver}\"", "  - name: TRACE_ID", "    value: \"{uuid}\""]
    return lines(ctx, t, "yaml")


def blk_stack(ctx, want):
    r = ctx.r
    msgs = {"IP_ADDRESS": "java.net.ConnectException: Connection timed out: /{ip4}:5432",
            "EMAIL_ADDRESS": "org.springframework.dao.DuplicateKeyException: email '{email}' already exists",
            "US_NPI": "com.northgate.claims.ProviderValidationException: NPI {npi} not found",
            "MEDICAL_RECORD_NUMBER": "com.northgate.portal.PatientNotFoundException: no patient for MRN {mrn}",
            "IBAN_CODE": "com.bluefin.sepa.ValidationException: creditor account {iban:compact} blocked (AG01)"}
    e = take(want, msgs, r, 0.9)
    if r.random() < 0.7:
        head = msgs[e] if e else r.choice(["java.lang.IllegalStateException: label template missing for carrier {carrier}",
                                           "java.util.concurrent.TimeoutException: no reply after {duration}",
                                           "java.lang.NumberFormatException: For input string: \"{luhn_fail_ref}\""])
        fr = ["\tat " + r.choice(["com.tallowtech.core", "com.parcelbridge.labels", "com.orchid.billing", "com.meridian.payroll"]) +
              f".{r.choice(['Service', 'Handler', 'Client', 'Job'])}.{r.choice(['run', 'render', 'post', 'apply'])}" + "({stack_frame})"
              for _ in range(r.randint(3, 6))]
        fr.append(f"\t... {r.randint(8, 60)} more")
        return lines(ctx, [head] + fr, "stack")
    pyexc = {"IP_ADDRESS": "requests.exceptions.ConnectTimeout: HTTPSConnectionPool(host='{ip4}', port=8443): Max retries exceeded",
             "EMAIL_ADDRESS": "psycopg2.errors.UniqueViolation: duplicate key value violates unique constraint \"users_email_key\" DETAIL: Key (email)=({email}) already exists.",
             "US_NPI": "ValueError: NPI {npi} rejected by registry",
             "MEDICAL_RECORD_NUMBER": "KeyError: 'mrn {mrn} not in index'",
             "IBAN_CODE": "sepa.errors.Rejected: {iban:compact} AC04"}
    head = pyexc[e] if e else "TimeoutError: upstream {svc} did not answer in {duration}"
    fr = ["Traceback (most recent call last):"]
    for _ in range(r.randint(2, 4)):
        fr.append(f'  File "/srv/app/{r.choice(["handlers", "jobs", "clients"])}/{r.choice(["sim", "labels", "payout", "sync"])}.py", line {r.randint(12, 900)}, in {r.choice(["run", "swap", "post", "handle"])}')
    fr.append(head)
    return lines(ctx, fr, "stack")


def blk_http(ctx, want):
    r = ctx.r
    t = [f"{r.choice(['POST', 'GET', 'PUT'])} /api/v1/{r.choice(['returns', 'profile', 'sim/swap', 'payouts', 'password/reset'])} HTTP/1.1",
         "Host: {host}", "X-Request-Id: {uuid}"]
    if take(want, {"IP_ADDRESS"}, r, 0.9):
        t.append("X-Forwarded-For: {ip4}, {ip4b}")
    t += ["User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/{version_string} Safari/537.36", "Date: {ts_http_date}"]
    if take(want, {"GITHUB_TOKEN"}, r, 0.9):
        t.append("Authorization: token {ghtok}")
    else:
        t.append("Authorization: Bearer {jwt_like}")
    t.append('If-None-Match: "{s3_etag}"')
    t.append("")
    body = {"EMAIL_ADDRESS": '{"email":"{email}","locale":"en-US"}', "PHONE_NUMBER": '{"phone":"{phone}","channel":"sms"}',
            "CREDIT_CARD": '{"card_number":"{card:compact}","exp":"11/28"}', "IBAN_CODE": '{"iban":"{iban:compact}","currency":"EUR"}'}
    e = take(want, body, r, 0.9)
    t.append(body[e] if e else '{"order":"{order_number}","reason":"damaged"}')
    t += ["", "HTTP/1.1 {http_status}", "Content-Length: {n4}"]
    return lines(ctx, t, "http")


def blk_aws_cli(ctx, want):
    e = take(want, {"AWS_ACCESS_KEY"}, ctx.r)
    t = ["$ aws sts get-caller-identity", "{", '    "UserId": "{iam_unique_id}",', '    "Account": "{aws_account_id}",', '    "Arn": "{aws_arn}"', "}",
         "$ aws iam list-access-keys --user-name ci-deployer", "{", '    "AccessKeyMetadata": [', "        {",
         '            "AccessKeyId": "' + ("{aws}" if e else "{aws_placeholder}") + '",', '            "Status": "Active",',
         '            "CreateDate": "{ts_iso_z}"', "        }", "    ]", "}"]
    return lines(ctx, t, "cli_json")


def blk_git(ctx, want):
    e = take(want, {"GITHUB_TOKEN"}, ctx.r)
    t = ["$ git log --oneline -3", "{git_sha_short} fix: rotate webhook secret", "{git_sha_short} chore: bump {npm_scoped_pkg}", "{git_sha_short} ci: pin runner image",
         "$ git remote -v"]
    if e:
        t += ["origin\thttps://{ghtok}@github.com/{repo}.git (fetch)", "origin\thttps://{ghtok:same}@github.com/{repo}.git (push)"]
    else:
        t += ["origin\thttps://github.com/{repo}.git (fetch)"]
    t += ["$ docker push registry.saltmarsh.cloud/ops/api:{semver}", "{semver}: digest: sha256:{sha256} size: 2204"]
    return lines(ctx, t, "git")


def blk_snmp(ctx, want):
    e = take(want, {"IP_ADDRESS"}, ctx.r)
    t = ["$ snmpwalk -v2c -c public " + ("{ip4}" if e else "dock-4.lan") + " system", "{snmp_oid} = STRING: \"Copperleaf Dock 2\"",
         "{snmp_oid} = Timeticks: ({n5}) 1 day, 2:13:07.41", "{snmp_oid} = Counter32: {n5}", "sysObjectID = {oid}"]
    return lines(ctx, t, "snmp")


def blk_fax(ctx, want):
    r = ctx.r
    t = ["FAX COVER SHEET", "To: {name2}" + ("    Fax: {phone}" if take(want, {"PHONE_NUMBER"}, r) else "    Fax: (on file)"),
         "From: {company}", "Date: {date_service}    Pages (incl. cover): {fax_page_count}"]
    re_line = "RE: prior authorization"
    if take(want, {"MEDICAL_RECORD_NUMBER"}, r, 0.9):
        re_line += " — MRN {mrn}"
    if take(want, {"DATE_OF_BIRTH"}, r, 0.9):
        re_line += ", patient DOB {dob}"
    t += [re_line, "CONFIDENTIAL: intended only for the addressee."]
    return lines(ctx, t, "fax")


def blk_mt103(ctx, want):
    r = ctx.r
    d = rdate(r, 2024, 2025)
    t = ["{1:F01" + r.choice(["BLUFGB2LAXXX", "DEUTDEFFAXXX"]) + "}{2:I103" + r.choice(["COBADEFFXXXX", "INGBNL2AXXXX"]) + "N}",
         ":20:{bank_txn_ref}", ":23B:CRED", f":32A:{d.strftime('%y%m%d')}EUR{r.randint(100, 99999)},{r.randint(0, 99):02d}"]
    t.append(":50K:/" + ("{iban:compact}" if take(want, {"IBAN_CODE"}, r) else "{account_number_other}"))
    t += ["{name}", ":59:/" + ("{iban2:compact}" if take(want, {"IBAN_CODE"}, r, 0.6) else "{iban_bad_checksum}"), "{company}", ":71A:SHA", ":121:{swift_uetr}"]
    return lines(ctx, t, "mt103")


def blk_rx(ctx, want):
    r = ctx.r
    t = ["Rx#: {rx_number}    Fill date: {date_service}", "Drug: atorvastatin 20 mg  NDC {ndc_code}  Qty 30  Lot {lot_number}"]
    pl = "Prescriber: {dr}"
    if take(want, {"US_NPI"}, r):
        pl += "  NPI {npi}"
    if take(want, {"US_DEA"}, r):
        pl += "  DEA {dea}"
    pl += "  Lic {state_license}"
    t.append(pl)
    t.append("Patient: {name}" + ("  DOB {dob}" if take(want, {"DATE_OF_BIRTH"}, r) else "  age {age}"))
    return lines(ctx, t, "rx_label")


def blk_inventory(ctx, want):
    r = ctx.r
    ue = take(want, {"EMAIL_ADDRESS"}, r)
    ip = take(want, {"IP_ADDRESS"}, r)
    t = ["| asset | serial | imei | user | ip | last seen |", "|---|---|---|---|---|---|"]
    for _ in range(r.randint(2, 5)):
        t.append("| AT-{n4} | {serial_number} | {imei} | " + ("{email3}" if ue else "{at_mention}") + " | " + ("{ip}" if ip else "{masked_ip}") + " | {ts_iso_offset} |")
    return lines(ctx, t, "md_table")


def blk_sim(ctx, want):
    r = ctx.r
    t = ["MSISDN: " + ("{phone:e164}" if take(want, {"PHONE_NUMBER"}, r) else "{masked_phone}"), "ICCID: {iccid}", "IMSI: {imsi}", "IMEI: {imei}",
         "Status: ACTIVE since {ts_iso_z}", "Port-out PIN: (hidden)", "Account number: {account_number_other}"]
    r.shuffle(t)
    return lines(ctx, t, "kv_record")


def blk_invoice(ctx, want):
    r = ctx.r
    t = ["Invoice {invoice_number}   Date {date_invoice}   Due {date_due}", "PO: {po_number}", "1  {product} ({n} seats)   {amount}",
         "Tax ({percentage})   {amount}"]
    if take(want, {"CREDIT_CARD"}, r, 0.7):
        t.append("Paid with card {card} — charge {stripe_id}")
    else:
        t.append("Paid with {masked_card} — charge {stripe_id}")
    if take(want, {"IBAN_CODE"}, r, 0.5):
        t.append("Bank: {bic} / {iban}")
    return lines(ctx, t, "invoice")


def blk_tracking(ctx, want):
    r = ctx.r
    t = []
    trk = r.choice(["{ups_tracking}", "{usps_tracking}", "{fedex_tracking}", "{dhl_tracking}"])
    for _ in range(r.randint(3, 5)):
        t.append("{ts_iso_offset}  {city}  " + r.choice(["DEPARTED FACILITY", "ARRIVED AT HUB", "OUT FOR DELIVERY", "DELIVERED", "EXCEPTION: ADDRESS"]) + "  " + trk)
    if take(want, {"PHONE_NUMBER"}, r, 0.8):
        t.append("Consignee phone: {phone}")
    return lines(ctx, t, "tracking")


TYPE_BLOCKS = {
    "device_mdm": [blk_inventory, blk_log, blk_snmp, blk_csv, blk_md, blk_http, blk_config],
    "shipping_returns": [blk_tracking, blk_csv, blk_html, blk_log, blk_invoice],
    "telecom_sim": [blk_sim, blk_log, blk_csv, blk_http, blk_stack],
    "saas_billing": [blk_invoice, blk_csv, blk_log, blk_html, blk_http, blk_stack],
    "password_reset": [blk_log, blk_http, blk_csv, blk_md, blk_html],
    "hr_payroll": [blk_csv, blk_log, blk_html, blk_stack],
    "clinic_it": [blk_fax, blk_log, blk_csv, blk_stack, blk_md],
    "pharmacy": [blk_rx, blk_fax, blk_csv, blk_log],
    "banking_ops": [blk_mt103, blk_csv, blk_log, blk_stack, blk_html],
    "security_incident": [blk_aws_cli, blk_git, blk_config, blk_log, blk_md, blk_http, blk_csv],
}


GEN_POS["PRIVATE_KEY"] = ["pem_plain|Key the vendor sent over:\n{pkey}", "md_fence|```\n{pkey}\n```", "html_pre|<pre>{pkey}</pre>",
                          "pem_after_emoji|🔑\n{pkey}", "pem_plain|cat ~/.ssh/id_deploy\n{pkey}"]

# =====================================================================================================
# note assembly
# =====================================================================================================

ENTS = ["CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "ABA_ROUTING_NUMBER", "IP_ADDRESS",
        "MEDICAL_RECORD_NUMBER", "US_NPI", "DATE_OF_BIRTH", "UK_NHS", "US_DEA", "AWS_ACCESS_KEY", "GITHUB_TOKEN", "PRIVATE_KEY"]
TARGET = {"CREDIT_CARD": 200, "US_SSN": 135, "EMAIL_ADDRESS": 330, "PHONE_NUMBER": 330, "IBAN_CODE": 150, "ABA_ROUTING_NUMBER": 130,
          "IP_ADDRESS": 260, "MEDICAL_RECORD_NUMBER": 135, "US_NPI": 125, "DATE_OF_BIRTH": 170, "UK_NHS": 115, "US_DEA": 115,
          "AWS_ACCESS_KEY": 115, "GITHUB_TOKEN": 115, "PRIVATE_KEY": 60}
TYPE_W = {
    "device_mdm": {"EMAIL_ADDRESS": 3, "PHONE_NUMBER": 1.5, "IP_ADDRESS": 4, "AWS_ACCESS_KEY": 0.6, "GITHUB_TOKEN": 0.5, "PRIVATE_KEY": 0.3, "CREDIT_CARD": 0.3},
    "shipping_returns": {"EMAIL_ADDRESS": 3, "PHONE_NUMBER": 3.5, "CREDIT_CARD": 2, "IBAN_CODE": 1.5},
    "telecom_sim": {"PHONE_NUMBER": 4, "EMAIL_ADDRESS": 1.5, "DATE_OF_BIRTH": 2, "CREDIT_CARD": 1.2, "US_SSN": 1, "IP_ADDRESS": 0.6},
    "saas_billing": {"CREDIT_CARD": 3, "IBAN_CODE": 2, "ABA_ROUTING_NUMBER": 1.8, "EMAIL_ADDRESS": 2, "IP_ADDRESS": 1, "PHONE_NUMBER": 0.8},
    "password_reset": {"EMAIL_ADDRESS": 3, "PHONE_NUMBER": 2, "IP_ADDRESS": 3, "DATE_OF_BIRTH": 1.2, "US_SSN": 0.6},
    "hr_payroll": {"US_SSN": 3, "ABA_ROUTING_NUMBER": 2.5, "IBAN_CODE": 1.5, "DATE_OF_BIRTH": 2, "EMAIL_ADDRESS": 1.5, "PHONE_NUMBER": 1},
    "clinic_it": {"MEDICAL_RECORD_NUMBER": 3.5, "US_NPI": 2.5, "DATE_OF_BIRTH": 2.5, "UK_NHS": 3.5, "US_DEA": 2, "IP_ADDRESS": 1.2, "EMAIL_ADDRESS": 0.8, "PHONE_NUMBER": 1.2},
    "pharmacy": {"US_DEA": 3.5, "US_NPI": 3, "DATE_OF_BIRTH": 2, "MEDICAL_RECORD_NUMBER": 2, "UK_NHS": 2.5, "PHONE_NUMBER": 1, "CREDIT_CARD": 0.6},
    "banking_ops": {"IBAN_CODE": 3, "ABA_ROUTING_NUMBER": 3, "CREDIT_CARD": 2.5, "US_SSN": 1.5, "PHONE_NUMBER": 1, "EMAIL_ADDRESS": 1},
    "security_incident": {"AWS_ACCESS_KEY": 3.5, "GITHUB_TOKEN": 3.5, "PRIVATE_KEY": 2, "IP_ADDRESS": 2, "EMAIL_ADDRESS": 1},
}


def pick_entities(r, lang, ntype, k, have, target=None):
    target = target or TARGET
    base = dict(TYPE_W[ntype])
    for e in GEN_POS:
        if e in ("MEDICAL_RECORD_NUMBER", "US_NPI", "US_DEA", "UK_NHS") and ntype not in ("clinic_it", "pharmacy"):
            continue
        if e == "ABA_ROUTING_NUMBER" and ntype not in ("saas_billing", "hr_payroll", "banking_ops"):
            continue
        if e == "PRIVATE_KEY" and ntype not in ("device_mdm", "security_incident", "saas_billing"):
            continue
        if e == "US_SSN" and ntype not in ("hr_payroll", "banking_ops", "telecom_sim", "password_reset"):
            continue
        base.setdefault(e, 0.12)
    if lang != "en":
        allowed = sorted(L10N[lang]["pos"])
        base = {e: (w if e in allowed else 0.0) for e, w in base.items()}
        for e in allowed:
            base[e] = max(base.get(e, 0), 0.5)
    out = []
    for _ in range(k):
        pairs = [(e, w * max(0.02, (target[e] - have[e]) / target[e]) ** 2) for e, w in base.items() if w > 0]
        if not pairs:
            break
        e = wchoice(r, pairs)
        out.append(e)
        have[e] += 1   # provisional; corrected after rendering
    return out


class Line(list):
    """A placement that stands on its own line (log line, HTML attribute, emoji line, code span...)."""


def pick_t(ctx, opts):
    fresh = [o for o in opts if o not in ctx.used_t]
    t = ctx.r.choice(fresh or opts)
    ctx.used_t.add(t)
    return t


def fresh_dr(ctx):
    """A second DEA in one note belongs to another prescriber."""
    if "dea" in ctx.last:
        ctx.dr = Person(ctx.r, "en")
        del ctx.last["dea"]


def pos_line(ctx, e):
    r = ctx.r
    if e == "US_DEA":
        fresh_dr(ctx)
    if ctx.lang != "en":
        loc = L10N[ctx.lang]["pos"].get(e, [])
        if loc and (r.random() < 0.7 or e not in GEN_POS):
            return T(ctx, pick_t(ctx, loc), "sent")
        return Line(T(ctx, pick_t(ctx, GEN_POS[e]))) if e in GEN_POS else None
    typ = EN[ctx.ntype]["pos"].get(e, [])
    gen = GEN_POS.get(e, [])
    if typ and (not gen or r.random() < 0.5):
        return T(ctx, pick_t(ctx, typ), "sent")
    if gen:
        t = pick_t(ctx, gen)
        line = T(ctx, t)
        return line if t.split("|", 1)[0] in ("paren", "url_query") and r.random() < 0.5 else Line(line)
    for t in TYPES:
        if e in EN[t]["pos"]:
            return T(ctx, pick_t(ctx, EN[t]["pos"][e]), "sent")
    return None


def benign_pool(ctx):
    if ctx.lang == "en":
        return EN[ctx.ntype]["benign"]
    b = L10N[ctx.lang]["benign"]
    return b.get(ctx.ntype) or sum(b.values(), [])


def has_nl(parts):
    return "\n" in render(parts)[0]


def header_line(ctx):
    r = ctx.r
    st = r.random()
    if st < 0.35:
        return T(ctx, "[{desk}] Ticket {ticket_number} · " + r.choice(["Normal", "High", "Low", "Urgent"]) + " · via " +
                 r.choice(["email", "web", "phone", "chat", "API"]) + " · {ts_iso_z}", "hdr")
    if st < 0.5:
        return T(ctx, "Case {case_number} — opened {ts_rfc2822}", "hdr")
    if st < 0.6:
        return T(ctx, "#{n5} | " + r.choice(["P2", "P3", "P4"]) + " | {ts_us_12h}", "hdr")
    return None


def subj(ctx):
    return ctx.r.choice(EN[ctx.ntype]["subj"])


def build_note(r, lang, ntype, used, have):
    ctx = Ctx(r, lang, ntype, used)
    x = r.random()
    k = 0 if x < 0.26 else r.choice([1, 2, 2, 3, 3, 3, 4, 4, 5, 6])
    if ntype in ("clinic_it", "pharmacy", "security_incident", "banking_ops", "hr_payroll") and k:
        k += r.choice([0, 1, 1, 2])
    want = pick_entities(r, lang, ntype, k, have)
    shape = wchoice(r, [("prose", 28), ("email", 20), ("chat", 10), ("markdown", 9), ("form", 7), ("log", 11), ("csv", 9), ("html", 6)])
    ctx.place = {"prose": "sent", "email": "email_body", "chat": "chat", "markdown": "md", "form": "form", "log": "sent", "csv": "sent", "html": "sent"}[shape]

    start = end = None
    if want and r.random() < 0.14:
        cands = [e for e in want if e in (START_POS if lang == "en" else ())]
        if cands:
            e = r.choice(cands)
            want.remove(e)
            start = T(ctx, r.choice(START_POS[e]), "note_start")
    if want and r.random() < 0.16:
        cands = [e for e in want if e in END_POS and (lang == "en" or e in ("EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "IP_ADDRESS"))]
        if cands:
            e = r.choice(cands)
            want.remove(e)
            end = T(ctx, r.choice(END_POS[e]), "note_end")

    # blocks
    blocks = []
    pool = TYPE_BLOCKS[ntype]
    if shape == "log":
        blocks.append(blk_log(ctx, want))
    elif shape == "csv":
        blocks.append(blk_csv(ctx, want))
    elif shape == "html":
        blocks.append(blk_html(ctx, want))
    elif shape == "markdown":
        blocks.append(blk_md(ctx, want))
    nb = r.choice([0, 1, 1, 1, 2]) if shape in ("prose", "email", "markdown", "form") else r.choice([0, 0, 1])
    for fn in r.sample(pool, min(nb, len(pool))):
        if shape == "chat":
            break
        blocks.append(fn(ctx, want))

    # sentences
    pos_lines = []
    for e in list(want):
        ln = pos_line(ctx, e)
        if ln is not None:
            pos_lines.append(ln)
    ben = benign_pool(ctx)
    nben = r.randint(2, 6) if shape not in ("log", "csv") else r.randint(1, 3)
    ben_lines = [T(ctx, t, "sent") for t in r.sample(ben, min(nben, len(ben)))]
    noise = NOISE_EN if lang == "en" else NOISE_NEUTRAL
    ben_lines += [T(ctx, pick_t(ctx, noise), "sent") for _ in range(r.choice([0, 1, 1, 2, 2, 3]) if lang == "en" else r.choice([0, 1, 1, 2]))]
    items = ben_lines + pos_lines
    r.shuffle(items)

    greet = (L10N[lang]["greet"] if lang != "en" else GREET_EN)
    close = (L10N[lang]["close"] if lang != "en" else CLOSE_EN)
    intro = (L10N[lang]["intro"] if lang != "en" else BLOCK_INTRO_EN)

    def paras(items_):
        out, cur = [], []
        for it in items_:
            if has_nl(it) or isinstance(it, Line):
                if cur:
                    out.append(join(cur, " "))
                    cur = []
                out.append(it)
                continue
            cur.append(it)
            if len(cur) >= r.choice([1, 2, 3]):
                out.append(join(cur, " "))
                cur = []
        if cur:
            out.append(join(cur, " "))
        return out

    def with_blocks(ps):
        out = list(ps)
        for b in blocks:
            pos_ = r.randint(0, len(out))
            out.insert(pos_, [T(ctx, r.choice(intro), "sent"), "\n", b] if r.random() < 0.7 else b)
        return out

    body = []
    if shape in ("prose", "log", "csv", "html"):
        h = header_line(ctx)
        if h:
            body.append(h)
        g = r.choice(greet)
        if g and r.random() < 0.7:
            body.append(T(ctx, g))
        body += with_blocks(paras(items))
        if r.random() < 0.6:
            body.append(T(ctx, r.choice(close)))
    elif shape == "email":
        hdr = ["From: {name} <" + ("{email}" if r.random() < 0.35 else "{masked_email}") + ">", "To: {desk}", "Date: {ts_rfc2822}",
               "Subject: " + subj(ctx).replace("{", "(").replace("}", ")")]
        body.append(lines(ctx, hdr, "hdr_from"))
        g = r.choice(greet)
        if g:
            body.append(T(ctx, g))
        body += with_blocks(paras(items))
        sig = [T(ctx, r.choice(close))]
        if r.random() < 0.3:
            sig.append("\n" + r.choice(["Sent from my iPhone", "Sent from Outlook for Android", "Von meinem iPhone gesendet", "Envoyé de mon iPhone"]))
        body.append(sig)
        if r.random() < 0.45:
            q = [T(ctx, r.choice(ben), "quoted") for _ in range(r.randint(1, 3))]
            qp = [T(ctx, "On {ts_rfc2822}, {agent} wrote:", "quoted")]
            for qq in q:
                qp += ["\n> ", qq]
            body.append(qp)
    elif shape == "chat":
        tr = [T(ctx, "Chat transcript — {desk} — started {ts_iso_offset}", "chat")]
        hh, mm = r.randint(7, 20), r.randint(0, 50)
        who = [ctx.cust.first, ctx.agent.first + " (agent)"]
        for i, it in enumerate(items):
            mm += r.randint(0, 3)
            tr.append(["\n", f"[{hh + mm // 60:02d}:{mm % 60:02d}] {who[(i + (1 if it in ben_lines else 0)) % 2]}: ", it])
        body.append(tr)
    elif shape == "markdown":
        body.append(T(ctx, f"## {subj(ctx)}".replace("{", "(").replace("}", ")")))
        bl = []
        for it in items:
            bl.append(["- ", it] if not has_nl(it) else it)
        body.append(join(bl, "\n"))
        for b in blocks:
            body.append(b)
    elif shape == "form":
        f = ["Web form submission — {desk}", "Name: {name}",
             "Email: " + ("{email}" if take(want, {"EMAIL_ADDRESS"}, r, 0.5) or r.random() < 0.15 else "{masked_email}"),
             "Phone: " + ("{phone}" if r.random() < 0.25 else "{masked_phone}"),
             "Order / reference: " + r.choice(["{order_number}", "{rma_number}", "{invoice_number}", "{case_number}"])]
        if ntype in ("device_mdm", "telecom_sim"):
            f.append("Device IMEI: {imei}")
        body.append(lines(ctx, f, "form"))
        body.append(["Message:\n", join(paras(items), "\n")])
        body += blocks

    parts = join([b for b in body if b], "\n\n")
    if start is not None:
        parts = [start, "\n", parts]
    if end is not None:
        parts = [parts, "\n\n", end]
    return ctx, shape, parts


def join(items, sep):
    out = []
    for i, it in enumerate(items):
        if i:
            out.append(sep)
        out.append(it)
    return out


# =====================================================================================================
# self-check helpers
# =====================================================================================================

DOB_CTX_RE = re.compile(r"(?i)(?:\bdob\b|d\.o\.b|date[ _]of[ _]birth|birth[ _-]?date|\bborn\b|birthday|geburtsdatum|\bgeb\.|geboren|date de naissance|\bn[ée]e? le\b|naissance|"
                        r"fecha de nacimiento|nacid[oa] el|nacimiento|geboortedatum|data de nascimento|nascid[oa] em|data di nascita|\bnat[oa] il\b|data urodzenia|urodzon[ya])")
MRN_CTX_RE = re.compile(r"(?i)(?:\bmrn\b|mrn[=_:]|medical record|med\.? ?rec|chart (?:number|#|no)|historia cl[ií]nica|hospital number|patient_mrn|\bmrn\b)")
DATE_ANY_RE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\.? (?:de )?[A-Za-zäéûçñ]{3,10}\.?,? (?:de )?\d{4}|"
                         r"[A-Z][a-z]{2,8}\.? \d{1,2}(?:st|nd|rd|th)?,? \d{4}|\d{1,2}-[A-Z][a-z]{2}-\d{4}|(?<!\d)(?:19|20)\d{6}(?!\d)")
NANP_RE = re.compile(r"(?<![\w+])(?:\+?1[ .\-]?)?\(?[2-9]\d{2}\)?[ .\-]?[2-9]\d{2}[ .\-]\d{4}(?!\d)")
INTL_RE = re.compile(r"(?<![\w+])\+\d{1,3}[ (\-]{0,2}\d[\d ()\-./]{5,16}\d(?!\d)")
IPV4_RE = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})(?![\w]|\.\d)")
IPV6_RE = re.compile(r"(?<![\w:.%])(?=[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*:)[0-9A-Fa-f:.]{3,45}(?![\w:])")
CARD_RUN_RE = re.compile(r"(?<![\d])\d+(?:[ \-\u00a0]\d+)*(?!\d)")
SSN_RE = re.compile(r"(?<![\d\-])(\d{3})([\- ])(\d{2})\2(\d{4})(?![\d\-])")
DEA_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{7}(?!\d)")
IBAN_CAND_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ \-]?[A-Z0-9]){10,32}")
AWS_RE = re.compile(r"(?:AKIA|ASIA)[A-Z2-7]{16}")
GH_RE = re.compile(r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}")
PEM_RE = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
LONGNUM_RE = re.compile(r"(?<!\d)\d{9,}(?!\d)")
SPACED10_RE = re.compile(r"(?<![\d])\d{3}[ \-]\d{3}[ \-]\d{4}(?!\d)")


def detect(text):
    """Everything a reasonable scanner could report in this text: list of (start, end, what)."""
    out = []
    for m in EMAIL_RE.finditer(text):
        if m.start() > 0 and re.match(r"[A-Za-z0-9._%+'\-]", text[m.start() - 1]):
            continue
        out.append((m.start(), m.end(), "email"))
    for m in IPV4_RE.finditer(text):
        if all(0 <= int(x) <= 255 for x in m.group(1).split(".")):
            out.append((m.start(), m.end(), "ipv4"))
    for m in IPV6_RE.finditer(text):
        v = m.group(0).rstrip(".")
        if re.search(r"[0-9A-Fa-f]", v) and v != "::":
            try:
                ipaddress.IPv6Address(v)
                out.append((m.start(), m.start() + len(v), "ipv6"))
            except ValueError:
                pass
    for m in CARD_RUN_RE.finditer(text):
        grp = re.split(r"[ \-\u00a0]", m.group(0))
        offs, p = [], m.start()
        for g in grp:
            offs.append(p)
            p += len(g) + 1
        for i in range(len(grp)):
            tot = 0
            for j in range(i, len(grp)):
                tot += len(grp[j])
                if tot > 19:
                    break
                if tot >= 13:
                    d = "".join(grp[i:j + 1])
                    if luhn_ok(d) and card_brand(d):
                        out.append((offs[i], offs[j] + len(grp[j]), "card"))
    for m in SSN_RE.finditer(text):
        if ssn_rules_ok(m.group(1) + m.group(3) + m.group(4)):
            out.append((m.start(), m.end(), "ssn"))
    for m in re.finditer(r"(?<!\d)\d{9}(?!\d)", text):
        if aba_ok(m.group(0)):
            out.append((m.start(), m.end(), "aba"))
    for m in re.finditer(r"(?<!\d)\d{10}(?!\d)", text):
        if npi_ok(m.group(0)) or nhs_ok(m.group(0)):
            out.append((m.start(), m.end(), "npi/nhs"))
    for m in SPACED10_RE.finditer(text):
        if nhs_ok(m.group(0)) or npi_ok(digits_of(m.group(0))):
            out.append((m.start(), m.end(), "nhs/npi spaced"))
    for m in DEA_RE.finditer(text):
        if dea_checksum_only(m.group(0)):
            out.append((m.start(), m.end(), "dea"))
    for m in IBAN_CAND_RE.finditer(text):
        c = re.sub(r"[ \-]", "", m.group(0))
        if c[:2] in IBAN_SPEC:
            ln = IBAN_SPEC[c[:2]][0]
            if len(c) >= ln and iban_ok(c[:ln]):
                out.append((m.start(), m.end(), "iban"))
    for rx, w in ((AWS_RE, "aws"), (GH_RE, "github"), (PEM_RE, "pem"), (NANP_RE, "phone"), (INTL_RE, "phone_intl"), (LONGNUM_RE, "long_number")):
        for m in rx.finditer(text):
            if w == "aws" and not aws_ok(m.group(0)):
                continue
            out.append((m.start(), m.end(), w))
    for m in DOB_CTX_RE.finditer(text):
        win_end = text.find("\n", m.end())
        win_end = len(text) if win_end < 0 else win_end
        window = text[m.end():min(win_end, m.end() + 60)]
        for d in DATE_ANY_RE.finditer(window):
            out.append((m.end() + d.start(), m.end() + d.end(), "date_near_birth_word"))
    for m in MRN_CTX_RE.finditer(text):
        window = text[m.end():m.end() + 25]
        for d in re.finditer(r"[A-Z]{0,3}\d{5,}", window):
            out.append((m.end() + d.start(), m.end() + d.end(), "number_after_mrn"))
    return out


def ov(a0, a1, b0, b1):
    return a0 < b1 and b0 < a1


def ctx_ok(ent, text, s, extra=""):
    before = text[:s] + " " + extra
    if ent == "DATE_OF_BIRTH":
        return DOB_CTX_RE.search(before) is not None
    if ent == "MEDICAL_RECORD_NUMBER":
        return MRN_CTX_RE.search(before) is not None or re.search(r"(?i)\bmrn", extra) is not None
    return True


def validate_value(ent, v):
    if ent == "CREDIT_CARD":
        return card_ok(v)
    if ent == "US_SSN":
        return ssn_ok(v)
    if ent == "EMAIL_ADDRESS":
        return email_ok(v)
    if ent == "PHONE_NUMBER":
        return phone_ok(v)
    if ent == "IBAN_CODE":
        return iban_ok(v)
    if ent == "ABA_ROUTING_NUMBER":
        return aba_ok(v)
    if ent == "IP_ADDRESS":
        return ip_ok(v)
    if ent == "MEDICAL_RECORD_NUMBER":
        return re.fullmatch(r"[A-Z]{0,2}\d{6,10}", v) is not None
    if ent == "US_NPI":
        return npi_ok(v)
    if ent == "DATE_OF_BIRTH":
        d = parse_any_date(v)
        return d is not None and 1930 <= d.year <= 2012
    if ent == "UK_NHS":
        return nhs_ok(v)
    if ent == "US_DEA":
        return dea_ok(v)
    if ent == "AWS_ACCESS_KEY":
        return aws_ok(v)
    if ent == "GITHUB_TOKEN":
        return gh_ok(v)
    if ent == "PRIVATE_KEY":
        return pem_ok(v)
    return False


def dea_initial_ok(v, text, s, e, extra=""):
    if v[1] == "9":
        return True
    win = text[max(0, s - 160):e + 160] + " " + extra
    return any(ascii_fold(w)[:1].upper() == v[1] for w in re.findall(r"\b[A-Z][\w'’-]+", win))


def norm_val(v):
    return re.sub(r"[\s\-.()/\u00a0]", "", v).lower()


def check_doc(text, spans, negs, extra_ctx="", where=""):
    """spans: [(cs, ce, ent)], negs: [(cs, ce, kind)] in character offsets.  Returns a list of problems."""
    errs = []
    for s, e, ent in spans:
        v = text[s:e]
        if not validate_value(ent, v):
            errs.append(f"{where}: invalid {ent} {v[:60]!r}")
        if not ctx_ok(ent, text, s, extra_ctx):
            errs.append(f"{where}: {ent} {v!r} without context")
        if ent == "US_DEA" and not dea_initial_ok(v, text, s, e, extra_ctx):
            errs.append(f"{where}: DEA {v} second letter matches no nearby name")
        if (s > 0 and re.match(r"[A-Za-z0-9_]", text[s - 1])) or (e < len(text) and re.match(r"[A-Za-z0-9_]", text[e])):
            errs.append(f"{where}: {ent} {v[:40]!r} glued to a neighbour ({text[max(0, s - 3):e + 3]!r})")
    allr = sorted([(s, e) for s, e, _ in spans] + [(s, e) for s, e, _ in negs])
    for (a0, a1), (b0, b1) in zip(allr, allr[1:]):
        if b0 < a1:
            errs.append(f"{where}: overlapping labels at {a0}-{a1} / {b0}-{b1}: {text[a0:a1][:30]!r} {text[b0:b1][:30]!r}")
    for s, e, k in negs:
        v = text[s:e]
        if not KINDS[k][2](v):
            errs.append(f"{where}: hard negative {k} fails its claim: {v[:60]!r}")
    cover = [(s, e) for s, e, _ in spans] + [(s, e) for s, e, _ in negs]
    for s, e, w in detect(text):
        if not any(ov(s, e, a, b) for a, b in cover):
            errs.append(f"{where}: unlisted {w} {text[s:e][:50]!r} …{text[max(0, s - 30):s]!r}")
    span_set = {(s, e) for s, e, _ in spans}
    for s, e, ent in spans:
        v = text[s:e]
        for m in re.finditer(re.escape(v), text):
            a, b = m.start(), m.end()
            if (a, b) in span_set:
                continue
            if (a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
                continue
            errs.append(f"{where}: value {v[:40]!r} also occurs unlabelled at {a}")
        d = digits_of(v)
        if ent not in ("EMAIL_ADDRESS", "IP_ADDRESS", "PRIVATE_KEY", "DATE_OF_BIRTH", "AWS_ACCESS_KEY", "GITHUB_TOKEN") and len(d) >= 7:
            for m in re.finditer(r"(?<!\d)" + d + r"(?!\d)", text):
                if not any(ov(m.start(), m.end(), a, b) for a, b in cover):
                    errs.append(f"{where}: digits of {ent} {v!r} also occur unlisted at {m.start()}")
    return errs


# =====================================================================================================
# notes
# =====================================================================================================

def byte_offsets(text):
    tab, acc = [], 0
    for ch in text:
        tab.append(acc)
        acc += len(ch.encode("utf-8"))
    tab.append(acc)
    return tab


def gen_notes(r, used):
    langs = ["en"] * (N_NOTES - 140) + [l for l in LANGS[1:] for _ in range(20)]
    r.shuffle(langs)
    en_types = [TYPES[i % len(TYPES)] for i in range(langs.count("en"))]
    r.shuffle(en_types)
    have = Counter()
    notes, redraws = [], 0
    for i, lang in enumerate(langs):
        if lang != "en":
            ntype = r.choice(sorted(L10N[lang]["benign"]))
        elif i < int(0.55 * len(langs)):
            ntype = en_types.pop()
        else:   # top-up: the type whose entities are furthest below target
            def need(t):
                return sum(w * max(0.0, (TARGET[e] - have[e]) / TARGET[e]) ** 2 for e, w in TYPE_W[t].items()) + r.random() * 0.05
            ntype = max(TYPES, key=need)
        for attempt in range(40):
            used_before = set(used)
            ctx, shape, parts = build_note(r, lang, ntype, used, Counter(have))
            crlf = r.random() < 0.05
            if crlf:
                parts = map_text(parts, lambda t: t.replace("\r\n", "\n").replace("\n", "\r\n"))
            text, spans, negs = render(parts)
            errs = check_doc(text, [(s, e, ent) for s, e, ent, _ in spans], negs, where="note")
            if not errs:
                break
            redraws += 1
            used.clear()
            used.update(used_before)
            if attempt == 39:
                raise SystemExit("cannot draw a clean note: " + "; ".join(errs[:5]))
        for s, e, ent, _ in spans:
            have[ent] += 1
        tab = byte_offsets(text)
        tags = [lang, ntype, shape] + (["crlf"] if crlf else []) + (["benign"] if not spans else ["pii"])
        tags += sorted({t for t in ("pem",) if any(ent == "PRIVATE_KEY" for _, _, ent, _ in spans)})
        notes.append({
            "id": f"ho10-{i + 1:04d}", "category": shape, "tags": tags, "text": text,
            "spans": [{"start": tab[s], "end": tab[e], "cstart": s, "cend": e, "entity": ent, "fmt": f} for s, e, ent, f in spans],
            "hard_negatives": [{"start": tab[s], "end": tab[e], "cstart": s, "cend": e, "kind": k} for s, e, k in negs],
        })
    return notes, redraws


# =====================================================================================================
# ticket JSON
# =====================================================================================================

class JStr:
    __slots__ = ("parts",)

    def __init__(self, parts):
        self.parts = parts


class JNum:
    __slots__ = ("seg",)

    def __init__(self, seg):
        self.seg = seg


def ptr_esc(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def resolve(obj, ptr, labels, negs):
    if isinstance(obj, JStr):
        text, spans, ns = render(obj.parts)
        for s, e, ent, fmt in spans:
            labels.append((ptr, s, e, ent, fmt, None))
        for s, e, k in ns:
            negs.append((ptr, s, e, k, None))
        return text
    if isinstance(obj, JNum):
        sg = obj.seg
        v = int(sg.text)
        assert str(v) == sg.text, sg.text
        if sg.ent:
            labels.append((ptr, 0, len(sg.text), sg.ent, sg.fmt + "_number", "number"))
        elif sg.kind:
            negs.append((ptr, 0, len(sg.text), sg.kind, "number"))
        return v
    if isinstance(obj, dict):
        return {k: resolve(v, f"{ptr}/{ptr_esc(k)}", labels, negs) for k, v in obj.items()}
    if isinstance(obj, list):
        return [resolve(v, f"{ptr}/{i}", labels, negs) for i, v in enumerate(obj)]
    return obj


class TB:
    """Ticket builder: one ticket, one shape, one Ctx."""

    def __init__(self, r, shape, lang, ntype, used, have):
        self.r, self.shape = r, shape
        self.ctx = Ctx(r, lang, ntype, used)
        self.lang, self.ntype = lang, ntype
        k = r.randint(5, 9)
        self.want = pick_entities(r, lang, ntype, k, Counter(have), TARGET_J)

    def pl(self, field):
        return f"{self.shape}_{field}"

    def s(self, tmpl, field):
        return JStr(T(self.ctx, tmpl, self.pl(field)))

    def neg(self, kind):
        return JStr([self.ctx.neg(kind)])

    def negnum(self, kind):
        sg = self.ctx.neg(kind)
        if not sg.text.isdigit() or sg.text[0] == "0" or int(sg.text) >= 2 ** 63:
            return JStr([sg])
        return JNum(sg)

    def ts(self):
        return self.neg(self.r.choice(["ts_iso_z", "ts_iso_ms", "ts_iso_offset"]))

    def posnum(self, ent, field):
        """A positive written as a JSON number (when the entity allows it)."""
        c, r = self.ctx, self.r
        pl = self.pl(field)
        if ent == "CREDIT_CARD":
            sg = c.pos(ent, "card", lambda: card_value(r, "compact"), pl)
        elif ent == "PHONE_NUMBER":
            sg = c.pos(ent, "phone", lambda: phone_us(r, r.choice(["digits", "digits10"])), pl)
        elif ent == "US_NPI":
            sg = c.pos(ent, "npi", lambda: npi_value(r), pl)
        elif ent == "ABA_ROUTING_NUMBER":
            sg = c.pos(ent, "aba", lambda: aba_value(r, r.choice(["11", "12", "21", "26", "31", "32", "61", "67"])), pl)
        elif ent == "US_SSN":
            def mk():
                while True:
                    v, var = ssn_value(r, "compact")
                    if v[0] != "0":
                        return v, var
            sg = c.pos(ent, "ssn", mk, pl)
        elif ent == "MEDICAL_RECORD_NUMBER":
            sg = c.pos(ent, "mrn", lambda: (rd_nz(r, r.choice([7, 8])), "digits"), pl)
        elif ent == "UK_NHS":
            sg = c.pos(ent, "nhs", lambda: nhs_value(r, "compact"), pl)
        else:
            return None
        return JNum(sg)

    def pos1(self, ent, field):
        """A field whose whole value is one positive (string)."""
        ph_ = {"CREDIT_CARD": "{card}", "US_SSN": "{ssn}", "EMAIL_ADDRESS": "{email2}", "PHONE_NUMBER": "{phone}", "IBAN_CODE": "{iban}",
               "ABA_ROUTING_NUMBER": "{aba}", "IP_ADDRESS": "{ip}", "MEDICAL_RECORD_NUMBER": "{mrn}", "US_NPI": "{npi}", "DATE_OF_BIRTH": "{dob}",
               "UK_NHS": "{nhs}", "US_DEA": "{dea}", "AWS_ACCESS_KEY": "{aws}", "GITHUB_TOKEN": "{ghtok}", "PRIVATE_KEY": "{pkey}"}[ent]
        return self.s(ph_, field)

    def sentences(self, field, nben=(2, 4), npos=None, pos_ents=None):
        """List of sentence part-lists for a body: benign lines plus positive lines for wanted entities."""
        c, r = self.ctx, self.r
        old = c.place
        c.place = self.pl(field)
        ben = benign_pool(c)
        items = [T(c, t, self.pl(field)) for t in r.sample(ben, min(r.randint(*nben), len(ben)))]
        if r.random() < 0.6:
            items.append(T(c, pick_t(c, NOISE_EN if self.lang == "en" else NOISE_NEUTRAL), self.pl(field)))
        ents = pos_ents if pos_ents is not None else []
        if pos_ents is None:
            n = npos if npos is not None else r.randint(0, 2)
            for _ in range(n):
                if self.want:
                    ents.append(self.want.pop(0))
        for e in ents:
            ln = pos_line(c, e)
            if ln is not None:
                items.append(map_place(ln, self.pl(field)))
        r.shuffle(items)
        c.place = old
        return items

    def text(self, field, sep=" ", **kw):
        return JStr(join(self.sentences(field, **kw), sep))

    def html(self, field, esc=False, **kw):
        items = self.sentences(field, **kw)
        parts = []
        for it in items:
            parts += ["<p>", it, "</p>"]
        if esc:
            def e(p):
                if isinstance(p, str):
                    return p.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                if isinstance(p, list):
                    return [e(x) for x in p]
                return p
            parts = e(parts)
        return JStr(["<div>"] + parts + ["</div>"]) if not esc else JStr(["&lt;div&gt;"] + parts + ["&lt;/div&gt;"])

    def twin(self, field, **kw):
        """Same sentences as HTML and as plain text (Freshservice / Help Scout style)."""
        items = self.sentences(field, **kw)
        h = []
        for it in items:
            h += ["<p>", it, "</p>"]
        return JStr(["<div dir=\"ltr\">"] + h + ["</div>"]), JStr(join(items, "\n"))


def map_place(parts, place):
    """Rewrite the placement tag of every positive fmt in parts (JSON fields use <shape>_<field>)."""
    def f(p):
        if isinstance(p, Seg):
            if p.ent:
                return Seg(p.text, p.ent, p.fmt.rsplit(".", 1)[0] + "." + place, None)
            return p
        if isinstance(p, list):
            return [f(x) for x in p]
        return p
    return f(parts)


CF_NAMES = {
    "CREDIT_CARD": ["Card on file", "Refund card", "Card number"], "PHONE_NUMBER": ["Callback number", "Contact phone", "Mobile"],
    "US_NPI": ["Referring NPI", "Prescriber NPI"], "ABA_ROUTING_NUMBER": ["Routing number", "ABA"], "US_SSN": ["Employee SSN", "SSN"],
    "MEDICAL_RECORD_NUMBER": ["Patient MRN", "MRN"], "DATE_OF_BIRTH": ["Date of birth", "Patient DOB"], "UK_NHS": ["NHS number"],
    "IBAN_CODE": ["Payout IBAN", "Refund IBAN"], "EMAIL_ADDRESS": ["Secondary email", "Billing email"], "IP_ADDRESS": ["Last login IP", "Source IP"],
    "US_DEA": ["Prescriber DEA"], "AWS_ACCESS_KEY": ["Leaked key id"], "GITHUB_TOKEN": ["Token to revoke"], "PRIVATE_KEY": ["Key material"],
}
CF_BENIGN = [("Order number", "luhn_valid_order"), ("Tracking number", "ups_tracking"), ("Device IMEI", "imei"), ("SIM ICCID", "iccid"),
             ("Invoice", "invoice_number"), ("Serial number", "serial_number"), ("Asset id", "uuid"), ("Appointment date", "date_appointment"),
             ("Policy start", "date_policy_start"), ("Case reference", "case_number"), ("Loyalty account", "account_number_other"),
             ("Claim id", "claim_id_10"), ("Batch", "aba_fail"), ("Build", "windows_build"), ("Firmware", "version_ip_like"),
             ("AWS account", "aws_account_id"), ("Stripe charge", "stripe_id"), ("Twilio SID", "twilio_sid"), ("Commit", "git_sha"),
             ("Gift card", "gift_card_number"), ("Admission date", "date_admission"), ("Expiry", "date_expiry"), ("Shipped", "date_shipped"),
             ("Transport booking ref", "nhs_fail_mod11"), ("NHS no. (rejected by PDS)", "nhs_fail_mod11"), ("Prescriber licence", "state_license"),
             ("DEA on paper script (fails check)", "dea_fail"), ("Part no.", "phone_like_serial"), ("Desk extension", "phone_extension"),
             ("Fax pages", "fax_page_count"), ("Support short code", "short_code"), ("Masked phone", "masked_phone"),
             ("Public key", "ssh_public_key"), ("Certificate", "certificate_block"), ("ERP PO (10-digit)", "npi_shaped_ref"),
             ("Payer claim id", "claim_id_10"), ("Incident date", "date_incident"), ("Employee age", "age")]
NUMERIC_NEG = {"luhn_valid_order", "claim_id_10", "aba_fail", "aws_account_id", "record_id", "dhl_tracking", "ts_epoch_s", "ts_epoch_ms", "imei"}


def custom_fields(tb, n_pos, n_ben, style="name_value", num_share=0.4):
    """Returns list of (name, leaf) -- leaf is JStr or JNum."""
    r = tb.r
    out = []
    for _ in range(n_pos):
        if not tb.want:
            break
        e = tb.want.pop(0)
        if e == "US_DEA":
            fresh_dr(tb.ctx)
            out.append(("Prescriber", JStr([f"Dr. {tb.ctx.dr.first} {tb.ctx.dr.last}"])))
        name = r.choice(CF_NAMES[e])
        leaf = tb.posnum(e, "cf") if r.random() < num_share else None
        out.append((name, leaf or tb.pos1(e, "cf")))
    for name, kind in r.sample(CF_BENIGN, n_ben):
        if kind in NUMERIC_NEG and r.random() < 0.5:
            out.append((name, tb.negnum(kind)))
        else:
            out.append((name, tb.neg(kind)))
    r.shuffle(out)
    return out


def adf_doc(tb, field, npos=None, code=None):
    """Atlassian Document Format with text, link marks, mentions, code blocks."""
    r = tb.r
    content = []
    items = tb.sentences(field, npos=npos)
    for it in items:
        para = [{"type": "text", "text": JStr(it)}]
        if r.random() < 0.25:
            para.append({"type": "hardBreak"})
            para.append({"type": "mention", "attrs": {"id": JStr(["712020:", tb.ctx.neg("uuid")]), "text": tb.neg("at_mention"), "accessLevel": ""}})
        content.append({"type": "paragraph", "content": para})
    if tb.want and tb.want[0] == "EMAIL_ADDRESS":
        tb.want.pop(0)
        em = tb.ctx.pos("EMAIL_ADDRESS", "email", lambda: email_value(r, tb.ctx.cust2, tb.lang), tb.pl(field + "_link"), "adf_mail")
        content.append({"type": "paragraph", "content": [{"type": "text", "text": "Contact: "},
                        {"type": "text", "text": JStr([em]), "marks": [{"type": "link", "attrs": {"href": JStr(["mailto:", Seg(em.text, em.ent, em.fmt.rsplit('.', 1)[0] + "." + tb.pl(field + '_href'))])}}]}]})
    if code or (tb.want and tb.want[0] in ("AWS_ACCESS_KEY", "GITHUB_TOKEN", "IP_ADDRESS", "PRIVATE_KEY")):
        e = code or tb.want.pop(0)
        tm = {"AWS_ACCESS_KEY": "export AWS_ACCESS_KEY_ID={aws}\nexport AWS_SECRET_ACCESS_KEY={aws_secret_key}",
              "GITHUB_TOKEN": "git remote set-url origin https://{ghtok}@github.com/{repo}.git",
              "IP_ADDRESS": "traceroute {ip4}\n # hop 7 {ip4b} drops", "PRIVATE_KEY": "{pkey}"}.get(e, "kubectl rollout restart deploy/{svc} # {git_sha_short}")
        content.append({"type": "codeBlock", "attrs": {"language": "bash"}, "content": [{"type": "text", "text": tb.s(tm, field + "_code")}]})
    if r.random() < 0.3:
        content.append({"type": "inlineCard", "attrs": {"url": JStr(["https://tallowtech.atlassian.net/browse/", tb.ctx.neg("jira_key")])}})
    return {"type": "doc", "version": 1, "content": content}


def person_fields(tb):
    c = tb.ctx
    em = c.pos("EMAIL_ADDRESS", "email", lambda: email_value(c.r, c.cust, tb.lang), tb.pl("requester_email"), "email")
    ph_ = c.pos("PHONE_NUMBER", "phone", _phone_maker(c, None), tb.pl("requester_phone"), "phone") if tb.r.random() < 0.6 else None
    return em, ph_


def hist_change(tb, field):
    """A from -> to change of a positive value (two positives) or of a benign value."""
    c, r = tb.ctx, tb.r
    e = next((x for x in tb.want if x in ("PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE", "ABA_ROUTING_NUMBER", "IP_ADDRESS", "CREDIT_CARD")), None)
    if e is None:
        k = r.choice(["order_number", "case_number", "date_due", "semver", "rma_number"])
        return r.choice(["Reference", "Due date", "Version", "Order"]), tb.neg(k), tb.neg(k)
    tb.want.remove(e)
    name = {"PHONE_NUMBER": "Phone", "EMAIL_ADDRESS": "Email", "IBAN_CODE": "IBAN", "ABA_ROUTING_NUMBER": "Routing number",
            "IP_ADDRESS": "Allowed IP", "CREDIT_CARD": "Card"}[e]
    a = tb.pos1(e, field + "_from")
    b = tb.pos1(e, field + "_to")
    return name, a, b


def sh_zammad(tb):
    r, c = tb.r, tb.ctx
    em, ph_ = person_fields(tb)
    nm, fr_, to_ = hist_change(tb, "history")
    arts = [{"id": r.randint(10000, 99999), "type": "email", "sender": "Customer", "from": JStr([f'"{c.cust.name}" <', em, ">"]),
             "to": c.desk, "subject": subj(c), "content_type": "text/html", "body": tb.html("article_body", npos=2), "internal": False,
             "created_at": tb.ts()},
            {"id": r.randint(10000, 99999), "type": "note", "sender": "Agent", "content_type": "text/plain", "internal": True,
             "body": tb.text("note_body", sep="\n", npos=2), "created_at": tb.ts()}]
    return {"id": r.randint(1000, 9999), "number": str(r.randint(10000, 99999)), "title": subj(c), "group": "Service Desk",
            "state": r.choice(["new", "open", "pending reminder", "closed"]), "priority": "2 normal", "created_at": tb.ts(), "updated_at": tb.ts(),
            "customer": {"id": r.randint(100, 999), "firstname": c.cust.first, "lastname": c.cust.last, "email": JStr([em]),
                         "phone": JStr([ph_]) if ph_ else "", "mobile": "", "note": ""},
            "articles": arts,
            "history": [{"object": "Ticket", "type": "updated", "attribute": "state", "value_from": "new", "value_to": "open", "created_at": tb.ts()},
                        {"object": "User", "type": "updated", "attribute": nm.lower(), "value_from": fr_, "value_to": to_, "created_at": tb.ts()},
                        {"object": "Ticket", "type": "updated", "attribute": "owner", "value_from": "-", "value_to": c.agent.name, "created_at": tb.ts()}],
            "tags": [c.ntype.replace("_", "-"), "heldout"], "preferences": {"channel_id": 3, "message_id_md5": tb.neg("hex_token")}}


def sh_freshservice(tb):
    r, c = tb.r, tb.ctx
    em, ph_ = person_fields(tb)
    desc_h, desc_t = tb.twin("description", npos=2)
    cf = {}
    for name, leaf in custom_fields(tb, 3, 3, num_share=0.75):
        cf[re.sub(r"\W+", "_", name.lower()).strip("_")] = leaf
    conv = []
    for _ in range(r.randint(1, 2)):
        h, t = tb.twin("conversation", npos=1)
        conv.append({"id": tb.negnum("record_id"), "body": h, "body_text": t, "incoming": r.random() < 0.5, "private": r.random() < 0.4,
                     "user_id": tb.negnum("record_id"), "created_at": tb.ts(), "support_email": None})
    return {"ticket": {"id": r.randint(1000, 99999), "subject": subj(c), "description": desc_h, "description_text": desc_t,
                       "requester_id": tb.negnum("record_id"), "email": JStr([em]), "phone": JStr([ph_]) if ph_ else None,
                       "status": r.choice([2, 3, 4]), "priority": r.choice([1, 2, 3]), "source": 1, "custom_fields": cf,
                       "conversations": conv, "created_at": tb.ts(), "updated_at": tb.ts(),
                       "attachments": [{"name": "screenshot.png", "size": r.randint(20000, 900000), "content_type": "image/png",
                                        "attachment_url": JStr(["https://attachments.freshservice.com/data/helpdesk/attachments/production/", tb.ctx.neg("record_id"), "/original/screenshot.png"])}]}}


def sh_topdesk(tb):
    r, c = tb.r, tb.ctx
    em, ph_ = person_fields(tb)
    req_items = tb.sentences("request", npos=2)
    req = [T(c, "{ts_eu}", "topdesk_request"), f" {c.cust.name}: \n"] + join(req_items, " ")
    opt = {"boolean1": False, "boolean2": r.random() < 0.5, "text1": tb.neg(r.choice(["serial_number", "order_number", "license_key"])),
           "text2": "", "date1": tb.neg("ts_iso_ms"), "searchlist1": {"id": JStr([tb.ctx.neg("uuid")]), "name": "Laptop"}}
    if tb.want:
        e = tb.want.pop(0)
        leaf = tb.posnum(e, "optional_number1") if e in ("CREDIT_CARD", "PHONE_NUMBER", "US_NPI", "UK_NHS") else None
        if leaf:
            opt["number1"] = leaf
        elif e not in CONTEXT_ONLY:
            opt["text2"] = tb.pos1(e, "optional_text2")
        else:
            tb.want.insert(0, e)
    if "number1" not in opt:
        opt["number1"] = tb.negnum(r.choice(["claim_id_10", "record_id", "luhn_valid_order"]))
    return {"id": JStr([c.neg("uuid")]), "number": f"I {r.randint(2301, 2512)} {r.randint(100, 999)}", "briefDescription": subj(c)[:80],
            "request": JStr(req), "action": tb.text("action", sep="\n", npos=1),
            "caller": {"id": JStr([c.neg("uuid")]), "dynamicName": c.cust.name, "email": JStr([em]), "phoneNumber": JStr([ph_]) if ph_ else "",
                       "mobileNumber": "", "branch": {"id": JStr([c.neg("uuid")]), "name": c.city if hasattr(c, "city") else "HQ"}},
            "category": {"id": JStr([c.neg("uuid")]), "name": c.ntype.replace("_", " ").title()}, "optionalFields1": opt,
            "processingStatus": {"name": r.choice(["Logged", "In progress", "Waiting for user", "Completed"])},
            "targetDate": tb.neg("ts_iso_ms"), "creationDate": tb.neg("ts_iso_ms"), "modificationDate": tb.neg("ts_iso_ms"),
            "externalNumber": tb.neg(r.choice(["order_number", "case_number", "rma_number"]))}


def sh_glpi(tb):
    r, c = tb.r, tb.ctx
    em, ph_ = person_fields(tb)
    fu = [{"id": r.randint(100, 9999), "itemtype": "Ticket", "content": tb.html("followup_content", esc=True, npos=1), "date": tb.neg("ts_sql_us"),
           "users_id": r.randint(2, 400), "is_private": r.randint(0, 1)} for _ in range(r.randint(1, 3))]
    return {"id": r.randint(1000, 99999), "entities_id": 0, "name": subj(c), "date": tb.neg("ts_sql_us"), "date_mod": tb.neg("ts_sql_us"),
            "closedate": None, "status": r.randint(1, 6), "urgency": 3, "itilcategories_id": r.randint(1, 40),
            "content": tb.html("content", esc=True, npos=2),
            "_users_id_requester": [{"name": c.cust.name, "email": JStr([em]), "phone": JStr([ph_]) if ph_ else ""}],
            "_followups": fu,
            "_documents": [{"filename": "export.csv", "filesize": r.randint(1000, 900000), "sha1sum": tb.neg("git_sha"), "mime": "text/csv"}]}


def sh_zoho(tb):
    r, c = tb.r, tb.ctx
    em, ph_ = person_fields(tb)
    cfs = custom_fields(tb, 2, 3, num_share=0.4)
    custom = {n: leaf for n, leaf in cfs}
    cf = {"cf_" + re.sub(r"\W+", "_", n.lower()).strip("_"): (JStr(map_place(leaf.parts, tb.pl("cf_twin"))) if isinstance(leaf, JStr) else leaf)
          for n, leaf in cfs}
    threads = []
    for _ in range(r.randint(1, 2)):
        h = tb.html("thread_content", npos=1)
        threads.append({"id": JStr([c.neg("record_id")]), "channel": "EMAIL", "direction": r.choice(["in", "out"]),
                        "fromEmailAddress": JStr([em]) if r.random() < 0.5 else c.desk, "summary": tb.text("thread_summary", nben=(1, 2), npos=0),
                        "content": h, "createdTime": tb.neg("ts_iso_ms")})
    return {"id": JStr([c.neg("record_id")]), "ticketNumber": str(r.randint(1000, 99999)), "subject": subj(c), "status": "Open",
            "description": tb.html("description", npos=1), "email": JStr([em]), "phone": JStr([ph_]) if ph_ else None,
            "contactId": JStr([c.neg("record_id")]), "customFields": custom, "cf": cf, "threads": threads,
            "createdTime": tb.neg("ts_iso_ms"), "modifiedTime": tb.neg("ts_iso_ms")}


def sh_kayako(tb):
    r, c = tb.r, tb.ctx
    em, ph_ = person_fields(tb)
    posts = []
    for _ in range(r.randint(1, 2)):
        items = tb.sentences("post", npos=1)
        h = []
        for it in items:
            h += ["<p>", it, "</p>"]
        posts.append({"id": r.randint(10000, 999999), "contents": JStr(join([map_place(i, tb.pl("post_contents")) for i in items], "\n")),
                      "original": {"resource_type": "case_message", "body_html": JStr([map_place(x, tb.pl("post_body_html")) for x in h])},
                      "creator": {"full_name": c.cust.name}, "created_at": tb.ts()})
    cfs = [{"field": {"id": r.randint(1, 60), "key": re.sub(r"\W+", "_", n.lower()).strip("_")}, "value": leaf}
           for n, leaf in custom_fields(tb, 3, 2, num_share=0.5)]
    return {"id": r.randint(1000, 99999), "subject": subj(c),
            "requester": {"id": r.randint(100, 9999), "full_name": c.cust.name, "emails": [{"email": JStr([em]), "is_primary": True}],
                          "phones": ([{"number": JStr([ph_])}] if ph_ else [])},
            "posts": posts, "custom_fields": cfs, "tags": [{"name": c.ntype}], "created_at": tb.ts(), "updated_at": tb.ts()}


def sh_helpscout(tb):
    r, c = tb.r, tb.ctx
    em, ph_ = person_fields(tb)
    threads = []
    for _ in range(r.randint(1, 3)):
        threads.append({"id": r.randint(10 ** 6, 10 ** 7), "type": r.choice(["customer", "message", "note"]), "body": tb.html("thread_body", npos=1),
                        "createdBy": {"type": "customer", "first": c.cust.first}, "source": {"type": "email", "via": "customer"},
                        "createdAt": tb.neg("ts_iso_z")})
    cfs = [{"id": r.randint(1000, 9999), "name": n, "value": leaf,
            "text": JStr(map_place(leaf.parts, tb.pl("cf_text")) if isinstance(leaf, JStr) else [Seg(leaf.seg.text, leaf.seg.ent, (leaf.seg.fmt or "").rsplit(".", 1)[0] + "." + tb.pl("cf_text") if leaf.seg.ent else None, leaf.seg.kind)])}
           for n, leaf in custom_fields(tb, 2, 2, num_share=0.4)]
    return {"id": r.randint(10 ** 6, 10 ** 7), "number": r.randint(1000, 99999), "subject": subj(c),
            "preview": tb.text("preview", nben=(1, 1), npos=0), "customer": {"id": r.randint(10 ** 5, 10 ** 6), "email": JStr([em]),
                                                                            "first": c.cust.first, "last": c.cust.last},
            "_embedded": {"threads": threads}, "customFields": cfs, "tags": [{"id": r.randint(1, 999), "tag": c.ntype}]}


def sh_connectwise(tb):
    r, c = tb.r, tb.ctx
    em, ph_ = person_fields(tb)
    cfs = [{"id": r.randint(1, 80), "caption": n, "type": "Number" if isinstance(leaf, JNum) else "Text", "entryMethod": "EntryField",
            "numberOfDecimals": 0, "value": leaf} for n, leaf in custom_fields(tb, 3, 2, num_share=0.8)]
    nm, fr_, to_ = hist_change(tb, "audit")
    notes = [{"id": r.randint(10 ** 5, 10 ** 6), "text": tb.text("note_text", sep="\n", npos=1), "internalAnalysisFlag": r.random() < 0.5,
              "dateCreated": tb.neg("ts_iso_z"), "member": {"identifier": c.agent.first.lower()}} for _ in range(r.randint(1, 2))]
    return {"id": r.randint(10 ** 5, 10 ** 6), "summary": subj(c)[:100], "recordType": "ServiceTicket",
            "board": {"id": r.randint(1, 30), "name": "Help Desk"}, "status": {"id": r.randint(1, 30), "name": "In Progress"},
            "company": {"id": r.randint(1, 900), "identifier": c.company.replace(" ", "")[:12], "name": c.company},
            "contactName": c.cust.name, "contactPhoneNumber": JStr([ph_]) if ph_ else "", "contactEmailAddress": JStr([em]),
            "initialDescription": tb.text("initial_description", sep="\n", npos=2), "customFields": cfs, "notes": notes,
            "auditTrail": [{"text": JStr([f"{nm} changed from ", fr_.parts, " to ", to_.parts]), "enteredDate": tb.neg("ts_iso_z")}],
            "_info": {"lastUpdated": tb.neg("ts_iso_z"), "updatedBy": c.agent.first.lower()}}


def sh_autotask(tb):
    r, c = tb.r, tb.ctx
    em, ph_ = person_fields(tb)
    udf = [{"name": n, "value": (leaf if isinstance(leaf, JStr) else JStr([Seg(leaf.seg.text, leaf.seg.ent, leaf.seg.fmt, leaf.seg.kind)]))}
           for n, leaf in custom_fields(tb, 2, 3, num_share=0.0)]
    udf.append({"name": "Requester Email", "value": JStr([Seg(em.text, em.ent, em.fmt.rsplit(".", 1)[0] + "." + tb.pl("udf"))])})
    return {"item": {"id": r.randint(10 ** 4, 10 ** 6), "ticketNumber": f"T{r.randint(2023, 2025)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}.{r.randint(1, 9999):04d}",
                     "title": subj(c), "description": tb.text("description", sep="\n", npos=2), "contactID": r.randint(100, 99999),
                     "companyID": r.randint(100, 9999), "createDate": tb.neg("ts_iso_ms"), "lastActivityDate": tb.neg("ts_iso_ms"),
                     "userDefinedFields": udf,
                     "notes": [{"title": "Internal", "description": tb.text("note_description", sep="\n", npos=1), "noteType": 1,
                                "createDateTime": tb.neg("ts_iso_ms")}]}}


def sh_jira(tb):
    r, c = tb.r, tb.ctx
    em, ph_ = person_fields(tb)
    nm, fr_, to_ = hist_change(tb, "changelog")
    comments = [{"id": str(r.randint(10000, 99999)), "author": {"accountId": JStr(["712020:", c.neg("uuid")]), "displayName": c.agent.name},
                 "body": adf_doc(tb, "comment", npos=1), "created": tb.neg("ts_iso_ms")} for _ in range(r.randint(1, 2))]
    fields = {"summary": subj(c), "description": adf_doc(tb, "description", npos=2),
              "reporter": {"accountId": JStr(["712020:", c.neg("uuid")]), "emailAddress": JStr([em]), "displayName": c.cust.name},
              "customfield_10045": {"value": r.choice(["Hardware", "Access", "Billing", "Shipping"])},
              "customfield_10210": tb.negnum(r.choice(["luhn_valid_order", "record_id", "aws_account_id"])),
              "comment": {"comments": comments, "total": len(comments)}, "created": tb.neg("ts_iso_ms")}
    if ph_:
        fields["customfield_10302"] = JStr([ph_])
    return {"key": tb.ctx.neg("jira_key").text, "id": str(r.randint(10000, 99999)), "fields": fields,
            "changelog": {"histories": [{"id": str(r.randint(10000, 99999)), "created": tb.neg("ts_iso_ms"),
                                         "items": [{"field": nm, "fieldtype": "custom", "fromString": fr_, "toString": to_}]}]}}


SHAPES = {"zammad": sh_zammad, "freshservice": sh_freshservice, "topdesk": sh_topdesk, "glpi": sh_glpi, "zoho_desk": sh_zoho,
          "kayako": sh_kayako, "helpscout": sh_helpscout, "connectwise": sh_connectwise, "autotask": sh_autotask, "jira_sm": sh_jira}
TARGET_J = {e: max(25, int(v * 0.36)) for e, v in TARGET.items()}
JSON_STYLES = [("indent2", 45), ("minified", 25), ("ascii_indent4", 20), ("tabs", 10)]


def dump_json(obj, style):
    if style == "indent2":
        return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"
    if style == "minified":
        return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    if style == "ascii_indent4":
        return json.dumps(obj, indent=4, ensure_ascii=True) + "\n"
    return json.dumps(obj, indent="\t", ensure_ascii=False) + "\n"


def json_get(obj, ptr):
    for part in ptr.lstrip("/").split("/") if ptr else []:
        part = part.replace("~1", "/").replace("~0", "~")
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def json_parent_ctx(obj, ptr):
    """Context text for a JSON value: its key and the other scalar values of its object and of the enclosing object."""
    parts = ptr.lstrip("/").split("/")
    out = [p.replace("~1", "/").replace("~0", "~").replace("_", " ") for p in parts[-3:]]
    for up in (1, 2, 3):
        if len(parts) < up:
            break
        try:
            par = json_get(obj, "/" + "/".join(parts[:-up]) if parts[:-up] else "")
        except (KeyError, IndexError, ValueError):
            break
        vals = par.values() if isinstance(par, dict) else (par if isinstance(par, list) else [])
        for v in vals:
            if isinstance(v, str) and len(v) < 80:
                out.append(v)
            elif isinstance(v, dict):
                out += [str(x) for x in v.values() if isinstance(x, str) and len(x) < 80]
    return " ".join(out).replace("_", " ")


def iter_leaves(obj, ptr=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from iter_leaves(v, f"{ptr}/{ptr_esc(k)}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from iter_leaves(v, f"{ptr}/{i}")
    else:
        yield ptr, obj


def iter_keys(obj):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from iter_keys(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from iter_keys(v)


def check_ticket(fname, obj, labels, negs):
    """labels: [(ptr, cs, ce, ent, fmt, vt)], negs: [(ptr, cs, ce, kind, vt)]"""
    errs = []
    byptr = defaultdict(lambda: ([], []))
    for p, s, e, ent, fmt, vt in labels:
        byptr[p][0].append((s, e, ent))
    for p, s, e, k, vt in negs:
        byptr[p][1].append((s, e, k))
    values = {}
    for p, s, e, ent, fmt, vt in labels:
        v = json_get(obj, p)
        v = str(v) if vt == "number" else v
        if vt == "number" and (isinstance(json_get(obj, p), bool) or not isinstance(json_get(obj, p), int)):
            errs.append(f"{fname}{p}: value_type number but not an integer")
        values[v[s:e]] = ent
    for p, leaf in iter_leaves(obj):
        if isinstance(leaf, bool) or leaf is None:
            continue
        text = str(leaf)
        sp, ng = byptr.get(p, ([], []))
        if isinstance(leaf, str) or sp or ng:
            errs += check_doc(text, sp, ng, extra_ctx=json_parent_ctx(obj, p), where=f"{fname}{p}")
        for v, ent in values.items():
            for m in re.finditer(re.escape(v), text):
                a, b = m.start(), m.end()
                if (a > 0 and text[a - 1].isalnum()) or (b < len(text) and text[b].isalnum()):
                    continue
                if not any(s == a and e == b for s, e, _ in sp):
                    errs.append(f"{fname}{p}: value {v[:30]!r} occurs unlabelled")
    for k in iter_keys(obj):
        for s, e, w in detect(k):
            errs.append(f"{fname}: key {k!r} contains {w}")
    return errs


def gen_json(r, used):
    shapes = [s for s in SHAPES for _ in range(N_JSON // len(SHAPES))]
    r.shuffle(shapes)
    have = Counter()
    files, all_labels, all_negs, redraws = [], [], [], 0
    for i, shape in enumerate(shapes):
        fname = f"ticket_{JSON_BASE + i}.json"
        lang = "en" if r.random() < 0.8 else r.choice(LANGS[1:])
        ntype = r.choice(TYPES + ["clinic_it", "pharmacy", "clinic_it", "pharmacy"]) if lang == "en" else r.choice(sorted(L10N[lang]["benign"]))
        for attempt in range(40):
            used_before = set(used)
            tb = TB(r, shape, lang, ntype, used, have)
            tree = SHAPES[shape](tb)
            labels, negs = [], []
            obj = resolve(tree, "", labels, negs)
            errs = check_ticket(fname, obj, labels, negs)
            if not errs:
                break
            redraws += 1
            used.clear()
            used.update(used_before)
            if attempt == 39:
                raise SystemExit("cannot draw a clean ticket: " + "; ".join(errs[:5]))
        style = wchoice(r, JSON_STYLES)
        files.append((fname, dump_json(obj, style)))
        for p, s, e, ent, fmt, vt in labels:
            have[ent] += 1
            v = str(json_get(obj, p))
            tab = byte_offsets(v)
            row = {"file": fname, "json_pointer": p, "start": tab[s], "end": tab[e], "cstart": s, "cend": e, "entity": ent, "fmt": fmt, "shape": shape}
            if vt:
                row["value_type"] = vt
            all_labels.append(row)
        for p, s, e, k, vt in negs:
            v = str(json_get(obj, p))
            tab = byte_offsets(v)
            row = {"file": fname, "json_pointer": p, "start": tab[s], "end": tab[e], "cstart": s, "cend": e, "kind": k, "shape": shape}
            if vt:
                row["value_type"] = vt
            all_negs.append(row)
    return files, all_labels, all_negs, redraws


# =====================================================================================================
# build everything in memory
# =====================================================================================================

def build_all():
    r = random.Random(SEED)
    used = set()
    notes, nred = gen_notes(r, used)
    files, labels, jnegs, jred = gen_json(r, used)
    out = {}
    out["notes.jsonl"] = "".join(json.dumps(n, ensure_ascii=False) + "\n" for n in notes)
    corpus = "\n\n".join(n["text"] for n in notes)
    out["corpus.txt"] = corpus
    idx, bpos, cpos = [], 0, 0
    for n in notes:
        bl, cl = len(n["text"].encode("utf-8")), len(n["text"])
        idx.append({"id": n["id"], "byte_offset": bpos, "byte_len": bl, "char_offset": cpos, "char_len": cl})
        bpos += bl + 2
        cpos += cl + 2
    out["corpus_index.jsonl"] = "".join(json.dumps(x) + "\n" for x in idx)
    for fname, txt in files:
        out[f"notes_json/{fname}"] = txt
    out["notes_json/labels.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in labels)
    out["json_hard_negatives.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in jnegs)
    stats = {"note_redraws": nred, "json_redraws": jred}
    out["README.md"] = render_readme(notes, labels, jnegs, files)
    return out, stats


def write_all(out):
    (HERE / "notes_json").mkdir(exist_ok=True)
    for old in (HERE / "notes_json").glob("ticket_*.json"):
        if f"notes_json/{old.name}" not in out:
            old.unlink()
    for rel, txt in out.items():
        (HERE / rel).write_bytes(txt.encode("utf-8"))


# =====================================================================================================
# counts and README
# =====================================================================================================

def count_tables(notes, labels, jnegs):
    npos = Counter(s["entity"] for n in notes for s in n["spans"])
    nneg = Counter(KIND_TARGET[h["kind"]] for n in notes for h in n["hard_negatives"])
    jpos = Counter(x["entity"] for x in labels)
    jneg = Counter(KIND_TARGET[x["kind"]] for x in jnegs)
    return npos, nneg, jpos, jneg


def render_readme(notes, labels, jnegs, files):
    npos, nneg, jpos, jneg = count_tables(notes, labels, jnegs)
    rows = []
    for e in ENTS:
        rows.append(f"| {e} | {npos[e]} | {nneg[e]} | {jpos[e]} | {jneg[e]} |")
    rows.append(f"| other | – | {nneg['other']} | – | {jneg['other']} |")
    nkinds = Counter(h["kind"] for n in notes for h in n["hard_negatives"])
    jkinds = Counter(x["kind"] for x in jnegs)
    rows.append(f"| **total** | **{sum(npos.values())}** | **{sum(nneg.values())}** ({len(nkinds)} kinds) | **{sum(jpos.values())}** "
                f"({sum(1 for x in labels if x.get('value_type'))} numbers) | **{sum(jneg.values())}** ({len(jkinds)} kinds) |")
    langs = Counter(n["tags"][0] for n in notes)
    types = Counter(n["tags"][1] for n in notes)
    shapes = Counter(n["category"] for n in notes)
    jshapes = Counter()
    for fname, txt in files:
        jshapes[next((x["shape"] for x in labels if x["file"] == fname), "?")] += 1
    kind_lines = []
    by_t = defaultdict(list)
    for k in sorted(set(nkinds) | set(jkinds)):
        by_t[KIND_TARGET[k]].append(f"`{k}` {nkinds[k]}/{jkinds[k]}")
    for t in ENTS + ["other"]:
        if by_t[t]:
            kind_lines.append(f"* **{t}**: " + ", ".join(by_t[t]))
    benign = sum(1 for n in notes if not n["spans"])
    luhn_refs = nkinds["luhn_valid_order"] + nkinds["imei"] + nkinds["iccid"] + nkinds["gift_card_number"]
    fmts = [x["fmt"] for n in notes for x in n["spans"]] + [x["fmt"] for x in labels]
    places = Counter(x["fmt"].rsplit(".", 1)[1] for n in notes for x in n["spans"])
    var = defaultdict(Counter)
    for f in fmts:
        fam, rest = f.split(".", 1)
        var[fam][rest.rsplit(".", 1)[0]] += 1
    variants = "\n".join(f"* **{fam}** ({len(c)} variants): " + ", ".join(f"`{k}` {v}" for k, v in c.most_common(14)) + (", …" if len(c) > 14 else "")
                         for fam, c in var.items())
    ex_seen, fmt_examples = set(), []
    for f in fmts:
        fam = f.split(".")[0]
        if fam not in ex_seen and f.rsplit(".", 1)[1] not in ("sent",):
            ex_seen.add(fam)
            fmt_examples.append(f"`{f}`")
    return README_TMPL.format(
        fmt_examples=", ".join(fmt_examples[:8]), places=", ".join(f"`{k}` {v}" for k, v in places.most_common()), variants=variants,
        n_notes=len(notes), n_json=len(files), n_benign=benign, seed=SEED,
        langs=", ".join(f"{k} {v}" for k, v in langs.most_common()),
        types=", ".join(f"`{k}` {v}" for k, v in types.most_common()),
        shapes=", ".join(f"`{k}` {v}" for k, v in shapes.most_common()),
        jshapes=", ".join(f"`{k}` {v}" for k, v in sorted(jshapes.items())),
        crlf=sum(1 for n in notes if "crlf" in n["tags"]),
        table="\n".join(rows), kinds="\n".join(kind_lines), luhn_refs=luhn_refs,
        n_numbers=sum(1 for x in labels if x.get("value_type")),
    )


README_TMPL = """# heldout10: held-out corpus on REAL TICKET NOISE

An independent, labelled, synthetic corpus for estimating **once** how well the scanner generalises to content its
authors have not seen. Earlier rounds varied languages, document shapes and value formats. This round is mostly
**benign operational content** -- the way real support queues look -- with positives sparse and placed in awkward spots,
and a large number of **same-shape hard negatives** written the way real systems print them: tracking numbers, IMEIs,
ICCIDs, barcodes, cloud ids, hashes, versions that look like IPs, timestamps in 16 formats, numbers that pass a checksum
but that the text calls an order or a tracking id, and so on.

## Independence statement

* I wrote `gen.py` without reading the scanner's sources (`src/`), packs (`patterns/`), tests, fuzz targets or benches, and
  without reading any earlier held-out generator, its data, its REPORT or `scripts/HELDOUT.md`. I did not run the scanner,
  not even once.
* From `scripts/heldout9/` I read only `README.md`, for the file layout and the label formats. `run.sh`, `evaltool.py` and
  `.gitignore` were copied from there; the only changes are "heldout9" -> "heldout10" in a comment (`run.sh`) and in the
  report title (`evaltool.py`). `.gitignore` is unchanged: it already lists every generated file (`notes.jsonl`,
  `corpus.txt`, `corpus_index.jsonl`, `notes_json/`, `json_hard_negatives.jsonl`, `out/`, `REPORT.md`).
* From the dev corpus (`/work/shared/corpus`) I read the README, `score.py`, a sample of `notes.jsonl` and of
  `notes_json/` only to learn the labelling conventions (span extents, entity names, how JSON labels are pointed, which
  hard-negative families exist). No dev text or value was copied; all templates, names, companies, domains and values
  here are new. The GitHub token checksum rule (CRC32 of the 30-character body, base-62, 6 characters) was checked
  against public secret-scanner source code.
* Everything is generated by Python 3.11 standard library code from `SEED = {seed}`.

## What is in it

**Text notes** (`corpus.txt`, `notes.jsonl`): {n_notes} notes, of which **{n_benign} contain no positive at all**.
Languages: {langs}. {crlf} notes use CRLF line endings.

* note types (`tags[1]`): {types}
* shapes (`category`, `tags[2]`): {shapes}

Each note is assembled from benign sentences of its type (each carrying several hard negatives), zero to two pasted
blocks (log lines in 7 styles, CSV/TSV/semicolon/pipe tables with or without a header, HTML forms and HTML mail bodies,
Markdown with code fences, `.env`/`~/.aws/credentials`/Terraform/`.npmrc`/git config/k8s YAML, Java and Python stack
traces, raw HTTP requests, AWS CLI JSON, `git log`/`docker push` output, `snmpwalk`, fax cover sheets, SWIFT MT103, Rx
labels, device inventories, SIM records, invoices, carrier tracking events) and, when the note has positives, lines that
place them in awkward spots.

**Ticket JSON** (`notes_json/`): {n_json} ticket exports in 10 shapes: {jshapes}. Values sit in requester objects, in
HTML and plain-text twins (Freshservice `description`/`description_text`, Kayako `contents`/`body_html`, Zoho
`customFields`/`cf`), in HTML-escaped GLPI content, in `custom_fields` arrays of `{{name,value}}`/`{{caption,value}}`/
`{{field:{{key}},value}}`, in history and audit entries (`value_from`/`value_to`, `fromString`/`toString`,
"Phone changed from X to Y"), and in Jira Service Management ADF rich text (text nodes, `link` marks with
`mailto:` hrefs, `mention` nodes, `codeBlock` nodes, `inlineCard`). {n_numbers} positives are JSON **numbers**
(cards, phones, NPIs, ABA routing numbers, SSNs, MRNs); their rows carry `"value_type": "number"` and offsets into the
number's decimal text. Many benign ids are JSON numbers too (order numbers, claim ids, epoch times, AWS account ids).
Formatting: indented (2), minified, `ensure_ascii` + indent 4, or tabs.

## Counts (SEED {seed})

"−" counts hard negatives whose kind imitates that entity (`KIND_TARGET` in `gen.py`); "other" is generic reference
noise (UUIDs, hashes, cloud ids, amounts, durations, invoice and ticket numbers...).

| entity | notes + | notes − | JSON + | JSON − |
|---|---:|---:|---:|---:|
{table}

{luhn_refs} of the notes' hard negatives are Luhn-valid 13–20-digit numbers (order numbers with and without card IINs,
IMEIs, SIM ICCIDs, gift-card numbers); the text always calls them something else.

### Hard-negative kinds (notes/JSON)

{kinds}

## Files

| file | what |
|---|---|
| `gen.py` | deterministic generator and self-check (stdlib only) |
| `run.sh`, `evaltool.py` | copied from heldout9: `bash run.sh /path/to/casegate` scans, converts, scores both sets and writes `REPORT.md` |
| `notes.jsonl` | `{{id, category, tags, text, spans:[{{start,end,cstart,cend,entity,fmt}}], hard_negatives:[{{start,end,cstart,cend,kind}}]}}`; `start/end` UTF-8 byte offsets, `cstart/cend` char offsets; `tags[0]` language, `tags[1]` note type, `tags[2]` shape, then `crlf`, `benign`/`pii`, `pem` |
| `corpus.txt` | the note texts joined by `"\\n\\n"` |
| `corpus_index.jsonl` | `{{id, byte_offset, byte_len, char_offset, char_len}}` |
| `notes_json/ticket_10000NN.json`, `notes_json/labels.jsonl` | `{{file, json_pointer, start, end, cstart, cend, entity, fmt, shape[, value_type]}}`; RFC 6901 pointers, offsets into the **decoded** string |
| `json_hard_negatives.jsonl` | the same rows with `kind` instead of `entity` (outside `notes_json/`, so it is not scanned) |

    python3 gen.py            # write everything, then self-check (exit 1 on any problem)
    python3 gen.py --check    # self-check the files on disk and that they equal a fresh in-memory run
    bash run.sh /path/to/casegate

## Placement of positives (the "awkward spots")

* inside URLs and query strings: `?email=`, `?pan=`, `?ssn=`, `?iban=`, `?routing=`, `?mrn=`, `?dob=`, `?nhs_number=`,
  the NPPES API `?number=`, `?to=` (SMS), S3 presigned URLs (`X-Amz-Credential=AKIA…%2F…`), `https://TOKEN@github.com/…`,
  `https://x-access-token:TOKEN@…`, `tel:` and `mailto:` hrefs, `http://IP:port/…`;
* `key=value` log lines (`user=`, `src=`, `msisdn=`, `card_number=`, `ssn=`, `mrn=`, `dob=`, `npi=`, `nhs_number=`,
  `dea=`, `iban=`, `rtn=`, `access_key_id=`, `token=`), UFW/Apache/nginx/syslog lines, `X-Forwarded-For`;
* CSV rows **without a header**, where the columns are evident only from the neighbouring rows (or, for DOB/MRN, from a
  sentence naming the columns), and tables with headers;
* in parentheses and brackets, after an emoji (with and without a space), at the very **start** of a note (before any
  header) and at the very **end** (no trailing newline or punctuation);
* in Markdown code spans and fenced blocks, in HTML attributes (`value="…"`, `href="mailto:…"`, `href="tel:…"`),
  HTML `<pre>`, HTML-escaped HTML (GLPI), indented YAML block scalars (PEM), `.env`, Terraform, CLI JSON;
* in the JSON set: rich-text nodes, custom-field arrays, history/audit from→to pairs, JSON numbers.

## Labelling decisions

Following the dev corpus where it shows a convention:

* **The span is the value only**: never the label, `mailto:`/`tel:`, quotes, brackets, port, `/32` CIDR suffix or phone
  extension. `+1`/`+44` country codes are inside phone spans (as in the dev corpus); extensions (`ext. 123`, `x204`) are
  outside and listed as `phone_extension` hard negatives.
* **PRIVATE_KEY** spans the whole block from `-----BEGIN` to the closing `-----`, no trailing newline. In indented YAML
  the indentation of the inner lines is inside the span (the block starts at `-----BEGIN`).
* **DATE_OF_BIRTH and MEDICAL_RECORD_NUMBER are labelled only with context** (a label, a column header, a JSON key or
  custom-field name, `dob=`/`mrn=`). Header-less CSV pastes hold DOB/MRN columns only when the sentence above names the
  columns; otherwise those columns are masked.
* **RFC 1918, ULA and link-local addresses are labelled**, as in the dev corpus. No loopback, documentation or
  multicast addresses are used as positives.
* **`user@host` without a dotted domain** (`deploy@build-07`) is not an e-mail (the dev corpus leaves
  `deploy@ci-runner-4` unlabelled inside an ssh public key); listed as `user_at_host`. `@mentions`, `image@sha256:…`
  and `@scope/pkg@1.2.3` are hard negatives too.

Where the dev corpus is silent I chose:

* **No value is split across a line break.** The dev corpus has no wrapped values, so this round does not wrap
  positives (no mail-client wrapping, no `> ` quoted PEM blocks). Quoted-printable and `%40`-encoded e-mails are not used
  (no decode convention), and neither are obfuscated forms like `name [at] domain` or git SSH remotes
  (`git@github.com:…`) -- they are neither positives nor hard negatives.
* **E-mails inside URLs, `mailto:` hrefs and log lines are labelled** (the address itself). The same value written twice
  (e.g. `href` and link text, a JSON HTML/plain twin, `git remote -v` fetch/push) is labelled at every occurrence.
* **A number the text calls something else is a negative, even when it passes a checksum** (Luhn-valid order numbers
  with card IINs, IMEIs, ICCIDs, gift cards, ABA-valid batch ids, NPI-valid and SSN-valid references). A few generic
  references (record ids, epoch seconds, account numbers, SAP-style PO numbers) pass the NPI, NHS or ABA checks by chance;
  they are listed as negatives because the text says what they are.
* **Secrets that are not the entity are negatives**: AWS secret access keys, IAM unique ids (`AIDA…`/`AROA…`),
  12-digit account ids, ARNs, the documentation key `AKIAIOSFODNN7EXAMPLE` and other placeholders; masked
  or truncated GitHub tokens and right-shaped tokens whose CRC32 does not match; public keys, certificates, CSRs,
  `ssh-ed25519` public keys and private-key blocks whose body was redacted.
* **DEA numbers** use registrant letters A, B, F, G or M; the second letter is the prescriber's surname initial (or `9`),
  and the prescriber is named nearby (same sentence, CSV row, custom field or JSON object).
* **JSON custom fields without a meaningful name** (TOPdesk `optionalFields1.text2/number1`, Jira `customfield_NNNNN`)
  never hold a DOB or an MRN.

## `fmt`

`family.variant[.style].place`, e.g. {fmt_examples}. The last component is the placement. Places in the notes (count):
{places}. In the JSON set the place is `<shape>_<field>` (e.g. `zammad_history_from`, `jira_sm_description_href`,
`freshservice_cf`), with `_number` appended for JSON numbers.

## Value formats (positives, notes + JSON; variant: count)

{variants}

* Cards use real IIN ranges and lengths (Visa 13/16/19, Mastercard 51–55 and 2221–2720, Amex, Discover, JCB, Diners 14,
  UnionPay, Maestro 16/19), grouped with spaces, dashes or NBSP, or compact; published test PANs are excluded.
* Phones: NANP in 11 styles with real area codes and no N11/555 exchanges, plus 16 other countries in national,
  international and `(0)` forms; E.164 and bare digits in URLs, `tel:` hrefs and logs.
* IBANs: 40 countries with registry length and BBAN structure (real bank codes for GB, IE, NL, RO, BG, LV, MT).
* DOB: US, ISO, day-first, long and abbreviated English forms, and the localized long forms of 7 languages.
* PEM: RSA, PKCS#8 (RSA and Ed25519), EC, OPENSSH and ENCRYPTED PRIVATE KEY, with DER-shaped base64 bodies.
* GitHub: `ghp_`/`gho_`/`ghu_`/`ghs_`/`ghr_` with a valid CRC32 checksum, and `github_pat_11…` (93 characters).

## Self-check (`gen.py --check`)

* every labelled value re-validated from the file text: Luhn + brand IIN/length + not a published test PAN; SSN
  area/group/serial rules; ABA 3-7-1 with a Federal Reserve prefix; NPI Luhn over `80840`; NHS mod 11; DEA checksum,
  registrant letter and surname initial; IBAN mod 97 + per-country length + BBAN structure; AWS id format; GitHub CRC32
  (or fine-grained PAT format); PEM BEGIN/END and a base64 body that decodes; e-mail syntax; phone digits and
  punctuation; IP parses and is not loopback/documentation; DOB parses to a plausible birth year and has birth context;
  MRN has MRN context;
* byte and character offsets agree with the text; spans never overlap each other or a hard negative; no value is glued
  to an ASCII letter or digit;
* every hard negative satisfies its claim (e.g. `imei` is 15 digits and Luhn-valid, `nhs_fail_mod11` fails mod 11,
  `ssn_invalid` breaks an SSN rule, `iban_bad_checksum` fails mod 97, `aws_placeholder` is not a valid key id);
* **leak scan**: every e-mail, IPv4/IPv6, Luhn-valid card run (also across digit groups), valid SSN, ABA-valid 9-digit
  run, NPI/NHS-valid 10-digit run (plain, spaced or dashed), valid DEA, valid IBAN, AWS id, GitHub token, private-key
  header, NANP/international phone shape, digit run of 9+ digits, date near a birth word and number after an MRN
  word must overlap a label or a listed hard negative -- in every note, every JSON string, number and key. Notes and
  tickets failing it are redrawn;
* every labelled value that occurs again in the same note or ticket is labelled there too;
* no normalised value is both labelled somewhere and listed as a hard negative elsewhere;
* `corpus.txt`/`corpus_index.jsonl` consistent, JSON pointers resolve, `value_type` matches;
* every entity has ≥ 100 positives in the notes (PRIVATE_KEY ≥ 40) and occurs in the JSON set; the notes hold ≥ 5,000
  hard negatives;
* a fresh in-memory run reproduces every file byte for byte;
* scorer round trip: the gold, converted to the prediction format `evaltool.py` produces, gives P = R = F1 = 1.000
  (overlap and exact) for both sets in `score.py`.

## Known limitations

* Synthetic prose: sentences are drawn independently, so a note can mix topics (a customer sentence after an agent
  sentence, a chat where the customer says agent-like things), dates within a note are not in order and amounts are
  random.
* Non-English notes (20 per language) use shorter phrasebooks than English; blocks (logs, CSV, configs) stay English, as
  in real queues.
* The US identifiers (SSN, ABA, NPI, DEA, MRN) appear in English and Spanish notes only, NHS numbers in English only.
* International phone formats follow common national conventions; number ranges are not checked against numbering plans.
"""


# =====================================================================================================
# full self-check from disk
# =====================================================================================================

def read_jsonl(p):
    return [json.loads(l) for l in p.read_text(encoding="utf-8").splitlines() if l.strip()]


def check_files(fresh=None):
    errs = []
    notes = read_jsonl(HERE / "notes.jsonl")
    ids = set()
    lab_norm, neg_norm = defaultdict(set), defaultdict(set)
    for n in notes:
        t = n["text"]
        if n["id"] in ids:
            errs.append(f"duplicate id {n['id']}")
        ids.add(n["id"])
        if n["tags"][0] not in LANGS or n["tags"][1] not in TYPES:
            errs.append(f"{n['id']}: bad tags {n['tags'][:2]}")
        tb = t.encode("utf-8")
        for s in n["spans"] + n["hard_negatives"]:
            if tb[s["start"]:s["end"]].decode("utf-8", "strict") != t[s["cstart"]:s["cend"]]:
                errs.append(f"{n['id']}: byte/char offsets disagree at {s}")
        for s in n["spans"]:
            if not s.get("fmt") or s["entity"] not in ENTS:
                errs.append(f"{n['id']}: bad span {s}")
            lab_norm[norm_val(t[s["cstart"]:s["cend"]])].add(n["id"])
        for h in n["hard_negatives"]:
            if h["kind"] not in KINDS:
                errs.append(f"{n['id']}: unknown kind {h['kind']}")
                continue
            neg_norm[norm_val(t[h["cstart"]:h["cend"]])].add(n["id"])
        errs += check_doc(t, [(s["cstart"], s["cend"], s["entity"]) for s in n["spans"]],
                          [(h["cstart"], h["cend"], h["kind"]) for h in n["hard_negatives"] if h["kind"] in KINDS], where=n["id"])
    corpus = (HERE / "corpus.txt").read_bytes()
    if corpus.decode("utf-8") != "\n\n".join(n["text"] for n in notes):
        errs.append("corpus.txt does not equal the joined note texts")
    ctext = corpus.decode("utf-8")
    for x, n in zip(read_jsonl(HERE / "corpus_index.jsonl"), notes):
        if x["id"] != n["id"] or corpus[x["byte_offset"]:x["byte_offset"] + x["byte_len"]].decode("utf-8") != n["text"] \
                or ctext[x["char_offset"]:x["char_offset"] + x["char_len"]] != n["text"]:
            errs.append(f"corpus_index wrong for {n['id']}")
    # JSON
    labels = read_jsonl(HERE / "notes_json" / "labels.jsonl")
    jnegs = read_jsonl(HERE / "json_hard_negatives.jsonl")
    tickets = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in sorted((HERE / "notes_json").glob("ticket_*.json"))}
    per_file_l, per_file_n = defaultdict(list), defaultdict(list)
    for rows, dest, key in ((labels, per_file_l, "entity"), (jnegs, per_file_n, "kind")):
        for x in rows:
            if x["file"] not in tickets:
                errs.append(f"row points to missing file {x['file']}")
                continue
            try:
                v = json_get(tickets[x["file"]], x["json_pointer"])
            except (KeyError, IndexError, ValueError, TypeError):
                errs.append(f"{x['file']}{x['json_pointer']}: pointer does not resolve")
                continue
            isnum = isinstance(v, int) and not isinstance(v, bool)
            if (x.get("value_type") == "number") != isnum:
                errs.append(f"{x['file']}{x['json_pointer']}: value_type does not match the JSON value")
            sv = str(v)
            if sv.encode("utf-8")[x["start"]:x["end"]].decode("utf-8") != sv[x["cstart"]:x["cend"]]:
                errs.append(f"{x['file']}{x['json_pointer']}: byte/char offsets disagree")
            if key == "entity":
                dest[x["file"]].append((x["json_pointer"], x["cstart"], x["cend"], x["entity"], x["fmt"], x.get("value_type")))
                lab_norm[norm_val(sv[x["cstart"]:x["cend"]])].add(x["file"])
            else:
                if x["kind"] not in KINDS:
                    errs.append(f"unknown kind {x['kind']}")
                    continue
                dest[x["file"]].append((x["json_pointer"], x["cstart"], x["cend"], x["kind"], x.get("value_type")))
                neg_norm[norm_val(sv[x["cstart"]:x["cend"]])].add(x["file"])
    for fname, obj in tickets.items():
        errs += check_ticket(fname, obj, per_file_l[fname], per_file_n[fname])
    both = [v for v in lab_norm if v in neg_norm and len(v) >= 6]
    for v in both[:10]:
        errs.append(f"value {v!r} is labelled ({sorted(lab_norm[v])[:2]}) and a hard negative ({sorted(neg_norm[v])[:2]})")
    # counts
    npos, nneg, jpos, jneg = count_tables(notes, labels, jnegs)
    for e in ENTS:
        if npos[e] < (40 if e == "PRIVATE_KEY" else 100):
            errs.append(f"only {npos[e]} {e} positives in the notes")
        if jpos[e] == 0:
            errs.append(f"no {e} in the JSON set")
    if sum(nneg.values()) < 5000:
        errs.append(f"only {sum(nneg.values())} hard negatives in the notes")
    if len(tickets) != N_JSON or len(notes) != N_NOTES:
        errs.append("wrong number of notes or tickets")
    # determinism
    if fresh is not None:
        for rel, txt in fresh.items():
            p = HERE / rel
            if not p.exists() or p.read_bytes() != txt.encode("utf-8"):
                errs.append(f"{rel} differs from a fresh run with SEED {SEED}")
    return errs, (npos, nneg, jpos, jneg, notes, labels, jnegs)


def scorer_roundtrip():
    """Feed the gold to score.py as predictions (in evaltool.py's converted format); expect P=R=F1=1 for both sets."""
    errs = []
    score = SCORE_PY.resolve()
    if not score.exists():
        return [f"score.py not found at {score}"]
    idx = {x["id"]: x for x in read_jsonl(HERE / "corpus_index.jsonl")}
    with tempfile.TemporaryDirectory() as td:
        td = Path(td)
        with open(td / "notes_pred.jsonl", "w", encoding="utf-8") as f:
            for n in read_jsonl(HERE / "notes.jsonl"):
                off = idx[n["id"]]["byte_offset"]
                for s in n["spans"]:
                    f.write(json.dumps({"start": off + s["start"], "end": off + s["end"], "entity": s["entity"]}) + "\n")
        with open(td / "json_pred.jsonl", "w", encoding="utf-8") as f:
            for x in read_jsonl(HERE / "notes_json" / "labels.jsonl"):
                f.write(json.dumps({"file": x["file"], "json_pointer": x["json_pointer"], "start": x["start"], "end": x["end"], "entity": x["entity"]}) + "\n")
        p = subprocess.run([sys.executable, str(HERE.parent / "heldout-tools" / "evaltool.py"), "json-scoredir", str(HERE / "notes_json"), str(td / "score_json")],
                           capture_output=True, text=True, cwd=HERE)
        if p.returncode:
            return [f"evaltool json-scoredir failed: {p.stderr.strip()}"]
        runs = [("notes", [str(HERE / "notes.jsonl"), str(td / "notes_pred.jsonl"), "--corpus-index", str(HERE / "corpus_index.jsonl")]),
                ("json", [str(td / "score_json" / "labels.jsonl"), str(td / "json_pred.jsonl")])]
        for name, args in runs:
            p = subprocess.run([sys.executable, str(score)] + args, capture_output=True, text=True)
            outp = p.stdout
            last = [l for l in outp.splitlines() if l.startswith("overall:")]
            exact = [l for l in outp.splitlines() if l.startswith("exact match:")]
            if p.returncode != 0 or not last or last[-1] != "overall: P=1.000 R=1.000 F1=1.000" or not exact or "P=1.000 R=1.000 F1=1.000" not in exact[-1]:
                errs.append(f"scorer round trip ({name}) failed: rc={p.returncode} {last[-1:] } {exact[-1:]} {p.stderr.strip()[:300]}")
            else:
                print(f"scorer round trip ({name}): {last[-1]} | {exact[-1]}")
    return errs


def print_counts(npos, nneg, jpos, jneg, notes, labels, jnegs, stats=None):
    print(f"{'entity':<24}{'notes+':>8}{'notes-':>8}{'json+':>8}{'json-':>8}")
    for e in ENTS + ["other"]:
        print(f"{e:<24}{npos[e]:>8}{nneg[e]:>8}{jpos[e]:>8}{jneg[e]:>8}")
    print(f"{'total':<24}{sum(npos.values()):>8}{sum(nneg.values()):>8}{sum(jpos.values()):>8}{sum(jneg.values()):>8}")
    print(f"notes: {len(notes)} ({sum(1 for n in notes if not n['spans'])} without positives); JSON tickets: "
          f"{len({x['file'] for x in labels})}; JSON numbers labelled: {sum(1 for x in labels if x.get('value_type'))}; "
          f"hard-negative kinds: {len({h['kind'] for n in notes for h in n['hard_negatives']} | {x['kind'] for x in jnegs})}")
    if stats:
        print(f"redraws: notes {stats['note_redraws']}, tickets {stats['json_redraws']}")


def main(argv):
    check_only = "--check" in argv
    fresh, stats = build_all()
    if not check_only:
        write_all(fresh)
    errs, counts = check_files(fresh)
    if not errs:
        errs += scorer_roundtrip()
    print_counts(*counts, stats=stats)
    if errs:
        for e in errs[:60]:
            print("PROBLEM:", e, file=sys.stderr)
        print(f"{len(errs)} problem(s)", file=sys.stderr)
        return 1
    print("self-check OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
