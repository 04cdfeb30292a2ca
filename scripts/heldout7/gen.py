#!/usr/bin/env python3
"""heldout7 — generator + self-check for an independent, labelled, synthetic evaluation corpus.

    python3 gen.py            # regenerate notes.jsonl, corpus.txt, corpus_index.jsonl, notes_json/,
                              # json_hard_negatives.jsonl, then run the self-check (exit 1 on any problem)
    python3 gen.py --check    # self-check the files on disk only

Python 3.11 standard library only; deterministic (SEED below).  See README.md for the formats and the
labelling conventions.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import ipaddress
import json
import random
import re
import shutil
import string
import struct
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from collections import Counter
from pathlib import Path

SEED = 7_141_977
HERE = Path(__file__).resolve().parent
N_NOTES = 900
N_JSON = 100
SCORE_PY = HERE / ".." / ".." / ".." / "shared" / "corpus" / "score.py"

ENTITIES = ("CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "IP_ADDRESS", "UK_NHS", "US_NPI",
            "US_DEA", "ABA_ROUTING_NUMBER", "MEDICAL_RECORD_NUMBER", "DATE_OF_BIRTH", "AWS_ACCESS_KEY",
            "GITHUB_TOKEN", "PRIVATE_KEY")

NBSP, THIN, NNBSP, FWCOLON, IDSP, ENDASH, EMDASH = "\u00a0", "\u2009", "\u202f", "\uff1a", "\u3000", "\u2013", "\u2014"
LRI, PDI, LRM, RLM = "\u2066", "\u2069", "\u200e", "\u200f"

# =====================================================================================================
# validators (also used by the self-check)
# =====================================================================================================


def digits_of(s):
    return "".join(str(unicodedata.digit(c)) for c in s if unicodedata.digit(c, None) is not None)


def luhn_ok(d):
    if not d.isdigit():
        return False
    tot = 0
    for i, ch in enumerate(reversed(d)):
        x = int(ch)
        if i % 2:
            x *= 2
            if x > 9:
                x -= 9
        tot += x
    return tot % 10 == 0


def luhn_complete(partial):
    for c in "0123456789":
        if luhn_ok(partial + c):
            return partial + c
    raise AssertionError


def card_brand(d):
    """Brand by IIN range and length (None = not a payment-card number shape)."""
    n = len(d)
    if not d.isdigit() or n < 12:
        return None
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if d[0] == "4" and n in (13, 16, 19):
        return "visa"
    if (51 <= p2 <= 55 or 2221 <= p4 <= 2720) and n == 16:
        return "mastercard"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65 or 622126 <= p6 <= 622925) and 16 <= n <= 19:
        return "discover"
    if 3528 <= p4 <= 3589 and 16 <= n <= 19:
        return "jcb"
    if (300 <= p3 <= 305 or p2 in (36, 38, 39) or p4 == 3095) and 14 <= n <= 19:
        return "diners"
    if p2 == 62 and 16 <= n <= 19:
        return "unionpay"
    if (p2 == 50 or 56 <= p2 <= 69) and 12 <= n <= 19:
        return "maestro"
    if p2 == 22 and 2200 <= p4 <= 2204 and n == 16:
        return "mir"
    return None


def card_ok(d):
    return luhn_ok(d) and card_brand(d) is not None


# BBAN structure per country (n = digit, a = upper letter, c = upper alnum); length = 4 + sum
IBAN_BBAN = {
    "AD": "8n12c", "AE": "3n16n", "AL": "8n16c", "AT": "16n", "AZ": "4a20c", "BA": "16n", "BE": "12n",
    "BG": "4a6n8c", "BH": "4a14c", "BR": "23n1a1c", "BY": "4c4n16c", "CH": "5n12c", "CR": "18n", "CY": "8n16c",
    "CZ": "20n", "DE": "18n", "DK": "14n", "DO": "4c20n", "EE": "16n", "EG": "25n", "ES": "20n", "FI": "14n",
    "FO": "14n", "FR": "10n11c2n", "GB": "4a14n", "GE": "2a16n", "GI": "4a15c", "GL": "14n", "GR": "7n16c",
    "GT": "4c20c", "HR": "17n", "HU": "24n", "IE": "4a14n", "IL": "19n", "IQ": "4a15n", "IS": "22n",
    "IT": "1a10n12c", "JO": "4a4n18c", "KW": "4a22c", "KZ": "3n13c", "LB": "4n20c", "LC": "4a24c", "LI": "5n12c",
    "LT": "16n", "LU": "3n13c", "LV": "4a13c", "LY": "21n", "MC": "10n11c2n", "MD": "2c18c", "ME": "18n",
    "MK": "3n10c2n", "MR": "23n", "MT": "4a5n18c", "MU": "4a19n3a", "NL": "4a10n", "NO": "11n", "PK": "4a16c",
    "PL": "24n", "PS": "4a21c", "PT": "21n", "QA": "4a21c", "RO": "4a16c", "RS": "18n", "RU": "14n15c",
    "SA": "2n18c", "SC": "4a20n3a", "SD": "14n", "SE": "20n", "SI": "15n", "SK": "20n", "SM": "1a10n12c",
    "ST": "21n", "SV": "4a20n", "TL": "19n", "TN": "20n", "TR": "5n1n16c", "UA": "6n19c", "VA": "18n",
    "VG": "4a16n", "XK": "16n",
}


def _bban_parts(spec):
    return [(int(n), k) for n, k in re.findall(r"(\d+)([nac])", spec)]


IBAN_LEN = {cc: 4 + sum(n for n, _ in _bban_parts(s)) for cc, s in IBAN_BBAN.items()}


def iban_mod97(s):
    s = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in s)
    return int(num) % 97


def iban_ok(v):
    s = re.sub(r"[\s\u00a0\u2009\u202f]", "", v)
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s):
        return False
    cc = s[:2]
    if cc not in IBAN_LEN or len(s) != IBAN_LEN[cc]:
        return False
    pos = 4
    for n, k in _bban_parts(IBAN_BBAN[cc]):
        part = s[pos:pos + n]
        if k == "n" and not part.isdigit():
            return False
        if k == "a" and not part.isalpha():
            return False
        pos += n
    return iban_mod97(s) == 1


ABA_PREFIXES = [f"{i:02d}" for i in list(range(0, 13)) + list(range(21, 33)) + list(range(61, 73)) + [80]]


def aba_ok(d):
    if not (len(d) == 9 and d.isdigit() and d[:2] in ABA_PREFIXES):
        return False
    w = [3, 7, 1] * 3
    return sum(int(c) * k for c, k in zip(d, w)) % 10 == 0


def npi_ok(d):
    return len(d) == 10 and d.isdigit() and d[0] in "12" and luhn_ok("80840" + d)


def nhs_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    tot = sum(int(c) * (10 - i) for i, c in enumerate(d[:9]))
    chk = 11 - tot % 11
    if chk == 11:
        chk = 0
    return chk != 10 and chk == int(d[9])


DEA_FIRST = "ABCDEFGHJKLMPRSTUX"


def dea_ok(v):
    if not re.fullmatch(r"[A-Z][A-Z9]\d{7}", v) or v[0] not in DEA_FIRST:
        return False
    d = [int(c) for c in v[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def ssn_ok(v):
    d = re.sub(r"[\s\-\u2013\u00a0]", "", v)
    if not re.fullmatch(r"\d{9}", d):
        return False
    a, g, s = d[:3], d[3:5], d[5:]
    return a != "000" and a != "666" and a[0] != "9" and g != "00" and s != "0000"


def ip_ok(v):
    try:
        ip = ipaddress.ip_address(v)
    except ValueError:
        return False
    return ip.is_global and not ip.is_multicast


EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+\-]+@(?:[A-Za-z0-9\u00c0-\u024f](?:[A-Za-z0-9\u00c0-\u024f\-]*[A-Za-z0-9\u00c0-\u024f])?\.)+[A-Za-z]{2,}$")


def email_ok(v):
    if not EMAIL_RE.match(v) or ".." in v or len(v) > 254:
        return False
    local = v.split("@")[0]
    return not (local.startswith(".") or local.endswith(".")) and len(local) <= 64


def aws_ok(v):
    return re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v) is not None


B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def b62(n, width=6):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def gh_ok(v):
    m = re.fullmatch(r"gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", v)
    if m:
        return b62(zlib.crc32(m.group(1).encode()) & 0xFFFFFFFF) == m.group(2)
    return re.fullmatch(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", v) is not None


PEM_RE = re.compile(r"-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----(.*?)-----END \1-----", re.S)


def pem_ok(v):
    m = PEM_RE.fullmatch(v)
    if not m:
        return False
    body = m.group(2).replace("\\r", "").replace("\\n", "\n")
    lines = [ln.strip() for ln in body.replace("\r", "").split("\n")]
    lines = [ln for ln in lines if ln]
    for pre in ("+", ">", "#", "|"):  # diff / quote / comment prefixes shared by every line
        if lines and all(ln.startswith(pre) for ln in lines):
            lines = [ln[len(pre):].strip() for ln in lines]
    lines = [ln for ln in lines if ln and not ln.startswith(("Proc-Type:", "DEK-Info:"))]
    b64 = "".join(lines)
    if not re.fullmatch(r"[A-Za-z0-9+/]+={0,2}", b64) or len(b64) < 80:
        return False
    try:
        base64.b64decode(b64, validate=True)
    except (ValueError, binascii.Error):
        return False
    return True


def phone_ok(v):
    if not re.fullmatch(r"[+(]?[0-9０-９][0-9０-９ ()\-./\u00a0\u2009\u202f\u2013－]*[0-9０-９]", v):
        return False
    n = len(digits_of(v))
    return 7 <= n <= 15


def mrn_ok(v):
    return re.fullmatch(r"[A-Z0-9][A-Z0-9\-/.]{3,18}[A-Z0-9]", v) is not None and len(digits_of(v)) >= 5


MONTHS = {}
for _i, _names in enumerate([
    "january jan januar janvier enero gennaio janeiro januari stycznia ledna tammikuuta január ianuarie januarie ocak января січня ιανουαρίου ינואר يناير มกราคม ม.ค.",
    "february feb februar février febrero febbraio fevereiro februari lutego února helmikuuta február februarie şubat subat февраля лютого φεβρουαρίου פברואר فبراير กุมภาพันธ์ ก.พ.",
    "march mar märz mars marzo março maart marca března maaliskuuta március martie mart марта березня μαρτίου מרץ במרץ مارس มีนาคม มี.ค. maret",
    "april apr avril abril aprile april kwietnia dubna huhtikuuta április aprilie nisan апреля квітня απριλίου אפריל أبريل เมษายน เม.ย.",
    "may mai mayo maggio maio mei maj maja května toukokuuta május mayıs mayis мая травня μαΐου מאי مايو พฤษภาคม พ.ค.",
    "june jun juni juin junio giugno junho czerwca června kesäkuuta június iunie haziran июня червня ιουνίου יוני يونيو มิถุนายน มิ.ย.",
    "july jul juli juillet julio luglio julho lipca července heinäkuuta július iulie temmuz июля липня ιουλίου יולי يوليو กรกฎาคม ก.ค.",
    "august aug août agosto augustus augusti sierpnia srpna elokuuta augusztus ağustos agustus августа серпня αυγούστου אוגוסט أغسطس สิงหาคม ส.ค.",
    "september sep sept septembre septiembre settembre setembro września září syyskuuta szeptember septembrie eylül сентября вересня σεπτεμβρίου ספטמבר سبتمبر กันยายน ก.ย.",
    "october oct oktober octobre octubre ottobre outubro października října lokakuuta október octombrie ekim октября жовтня οκτωβρίου אוקטובר أكتوبر ตุลาคม ต.ค.",
    "november nov novembre noviembre novembro listopada listopadu marraskuuta noiembrie kasım kasim ноября листопада νοεμβρίου נובמבר نوفمبر พฤศจิกายน พ.ย.",
    "december dec décembre diciembre dicembre dezembro grudnia prosince joulukuuta december decembrie aralık aralik декабря грудня δεκεμβρίου דצמבר ديسمبر ธันวาคม ธ.ค. desember",
], 1):
    for _n in _names.split():
        MONTHS.setdefault(_n, _i)
ERAS = {"明治": 1867, "大正": 1911, "昭和": 1925, "平成": 1988, "令和": 2018, "民國": 1911, "民国": 1911}


def _valid_ymd(y, m, d):
    try:
        x = dt.date(y, m, d)
    except ValueError:
        return False
    return 1900 <= x.year <= 2020


def dob_ok(v):
    """A date of birth written in one of the supported forms parses back to a real date 1900-2020."""
    s = unicodedata.normalize("NFKC", v).lower()
    m = re.fullmatch(r"(明治|大正|昭和|平成|令和|民國|民国)\s?(\d{1,3}|元)年\s?(\d{1,2})月\s?(\d{1,2})日", s)
    if m:
        y = 1 if m.group(2) == "元" else int(m.group(2))
        return _valid_ymd(ERAS[m.group(1)] + y, int(m.group(3)), int(m.group(4)))
    mon = None
    best = ""
    for name, k in MONTHS.items():
        if len(name) > len(best) and re.search(r"(?<![^\W\d_])" + re.escape(name) + r"(?![^\W\d_])", s):
            best, mon = name, k
    nums = [int(x) for x in re.findall(r"\d+", s)]
    if re.fullmatch(r"\d{8}", s):
        return _valid_ymd(int(s[:4]), int(s[4:6]), int(s[6:])) or _valid_ymd(int(s[4:]), int(s[:2]), int(s[2:4]))

    def fixy(y):
        if y > 2400:
            return y - 543  # Thai Buddhist era
        if y < 100:
            return 1900 + y
        return y
    if mon is not None:
        if len(nums) != 2:
            return False
        a, b = nums
        return (_valid_ymd(fixy(b), mon, a) if a <= 31 else False) or (_valid_ymd(fixy(a), mon, b) if b <= 31 else False)
    if len(nums) != 3:
        return False
    a, b, c = nums
    if a > 31:
        return _valid_ymd(fixy(a), b, c)
    return _valid_ymd(fixy(c), b, a) or _valid_ymd(fixy(c), a, b)


VALIDATORS = {
    "CREDIT_CARD": lambda v: card_ok(re.sub(r"[\s\-\u00a0\u2009\u202f]", "", v)) and re.fullmatch(r"[\d\s\-\u00a0\u2009\u202f]+", v) is not None,
    "US_SSN": ssn_ok,
    "EMAIL_ADDRESS": email_ok,
    "PHONE_NUMBER": phone_ok,
    "IBAN_CODE": iban_ok,
    "IP_ADDRESS": ip_ok,
    "UK_NHS": lambda v: re.fullmatch(r"\d{3}[ \-\u00a0]?\d{3}[ \-\u00a0]?\d{4}", v) is not None and nhs_ok(digits_of(v)),
    "US_NPI": npi_ok,
    "US_DEA": dea_ok,
    "ABA_ROUTING_NUMBER": aba_ok,
    "MEDICAL_RECORD_NUMBER": mrn_ok,
    "DATE_OF_BIRTH": dob_ok,
    "AWS_ACCESS_KEY": aws_ok,
    "GITHUB_TOKEN": gh_ok,
    "PRIVATE_KEY": pem_ok,
}

# canonical published test / documentation values: allowed only as hard negatives of kind test_placeholder
TEST_VALUES = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "6011111111111117",
               "123456789", "078051120", "AKIAIOSFODNN7EXAMPLE", "GB82WEST12345698765432", "DE89370400440532013000",
               "4000056655665556", "5105105105105100", "2223003122003222"}

# =====================================================================================================
# building blocks: labelled values (V), hard negatives (N), documents (Doc)
# =====================================================================================================

R = random.Random(SEED)


def ch(seq):
    return R.choice(seq)


def rd(n, first=None):
    s = "".join(R.choice("0123456789") for _ in range(n))
    return (first + s[1:]) if first else s


def wpick(pairs):
    """pairs: [(weight, value)]"""
    tot = sum(w for w, _ in pairs)
    x = R.uniform(0, tot)
    for w, v in pairs:
        x -= w
        if x <= 0:
            return v
    return pairs[-1][1]


class V:
    """A labelled value."""
    __slots__ = ("text", "ent", "fmt")

    def __init__(self, text, ent, fmt):
        self.text, self.ent, self.fmt = text, ent, fmt

    def c(self, ctx):
        return V(self.text, self.ent, f"{self.fmt}.{ctx}")

    def __str__(self):
        return self.text


class N:
    """A hard negative (unlabelled on purpose)."""
    __slots__ = ("text", "kind")

    def __init__(self, text, kind):
        self.text, self.kind = text, kind

    def __str__(self):
        return self.text


class Doc:
    def __init__(self):
        self.parts, self.pos, self.spans, self.negs = [], 0, [], []

    def _t(self, s):
        self.parts.append(s)
        self.pos += len(s)

    def add(self, *items):
        for it in items:
            if it is None:
                continue
            if isinstance(it, str):
                self._t(it)
            elif isinstance(it, V):
                s = self.pos
                self._t(it.text)
                self.spans.append([s, self.pos, it.ent, it.fmt])
            elif isinstance(it, N):
                s = self.pos
                self._t(it.text)
                self.negs.append([s, self.pos, it.kind])
            elif isinstance(it, (list, tuple)):
                self.add(*it)
            elif isinstance(it, Doc):
                off = self.pos
                self.spans += [[x + off, y + off, e, f] for x, y, e, f in it.spans]
                self.negs += [[x + off, y + off, k] for x, y, k in it.negs]
                self._t(it.text())
            else:
                raise TypeError(type(it))
        return self

    def f(self, tpl, *items):
        pieces = tpl.split("§§")
        assert len(pieces) == len(items) + 1, (tpl, len(items))
        for i, p in enumerate(pieces):
            self._t(p)
            if i < len(items):
                self.add(items[i])
        return self

    def text(self):
        return "".join(self.parts)


def seq(*items):
    """A list of items (for nesting inside Doc.add)."""
    return list(items)


def S(*items):
    """Build a labelled string for the ticket JSON (a Doc)."""
    return Doc().add(*items)


def SF(tpl, *items):
    return Doc().f(tpl, *items)


# =====================================================================================================
# value generators
# =====================================================================================================


def _group(d, sizes, sep):
    out, i = [], 0
    for n in sizes:
        out.append(d[i:i + n])
        i += n
    return sep.join(x for x in out if x)


CARD_KINDS = ["visa", "visa", "visa19", "mc5", "mc5", "mc2", "amex", "discover", "jcb", "diners", "unionpay",
              "unionpay19", "maestro", "mir"]


def card_digits(kind):
    while True:
        if kind == "visa":
            d = luhn_complete("4" + rd(14))
        elif kind == "visa19":
            d = luhn_complete("4" + rd(17))
        elif kind == "mc5":
            d = luhn_complete(str(R.randint(51, 55)) + rd(13))
        elif kind == "mc2":
            d = luhn_complete(str(R.randint(2221, 2720)) + rd(11))
        elif kind == "amex":
            d = luhn_complete(ch(["34", "37"]) + rd(12))
        elif kind == "discover":
            d = luhn_complete(ch(["6011", "6440", "6459", "6500", "6527"]) + rd(11))
        elif kind == "jcb":
            d = luhn_complete(str(R.randint(3528, 3589)) + rd(11))
        elif kind == "diners":
            d = luhn_complete(ch(["36", "38", "300", "305"]).ljust(4, "0")[:4] + rd(9))
        elif kind == "unionpay":
            d = luhn_complete("62" + ch(["12", "17", "22", "84"]) + rd(11))
        elif kind == "unionpay19":
            d = luhn_complete("62" + ch(["12", "17", "84"]) + rd(14))
        elif kind == "maestro":
            d = luhn_complete(ch(["6759", "5018", "5020", "6304", "6761"]) + rd(11))
        elif kind == "mir":
            d = luhn_complete("220" + str(R.randint(0, 4)) + rd(11))
        else:
            raise KeyError(kind)
        if card_ok(d) and d not in TEST_VALUES:
            return d


def card_fmt(d, style):
    n = len(d)
    sizes = {15: [4, 6, 5], 14: [4, 6, 4], 16: [4, 4, 4, 4], 19: [4, 4, 4, 4, 3]}[n]
    sep = {"spaces": " ", "dashes": "-", "nbsp": NBSP, "thin": THIN, "compact": ""}[style]
    return _group(d, sizes, sep) if sep else d


def card(kind=None, style=None):
    kind = kind or ch(CARD_KINDS)
    style = style or wpick([(5, "spaces"), (2, "dashes"), (3, "compact")])
    d = card_digits(kind)
    return V(card_fmt(d, style), "CREDIT_CARD", f"card.{kind}.{style}")


def ssn(style=None):
    style = style or wpick([(6, "dashes"), (2, "spaces"), (2, "compact")])
    while True:
        a = R.randint(1, 899)
        if a == 666:
            continue
        d = f"{a:03d}{R.randint(1, 99):02d}{R.randint(1, 9999):04d}"
        if d not in TEST_VALUES and not aba_ok(d):
            break
    sep = {"dashes": "-", "spaces": " ", "compact": "", "endash": ENDASH}[style]
    return V(_group(d, [3, 2, 4], sep), "US_SSN", f"ssn.{style}")


IBAN_BANKS = {"GB": ["BARC", "HBUK", "LOYD", "NWBK", "MIDL", "MONZ"], "NL": ["ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB", "BUNQ"],
              "IE": ["AIBK", "BOFI", "IPBS"], "RO": ["BTRL", "RNCB", "BRDE", "INGB", "BACX"], "BG": ["UNCR", "STSA", "FINV"],
              "LV": ["HABA", "UNLA", "PARX"], "MT": ["MALT", "VALL"], "QA": ["QNBA", "DOHB"], "KW": ["NBOK", "CBKU"],
              "JO": ["ARAB", "CBJO"], "BH": ["NBOB", "BBKU"], "PK": ["HABB", "MUCB"], "AZ": ["NABZ", "IBAZ"], "GE": ["TB", "BG"],
              "IT": ["X", "A", "M"], "SM": ["U", "A"], "MU": ["BOMM", "MCBL"], "IQ": ["NBIQ"], "GI": ["NWBK"], "VG": ["VPVG"],
              "SC": ["SSCB"], "LC": ["HEMM"], "PS": ["PALS"], "SV": ["CENR"]}


def iban_value(cc):
    spec = _bban_parts(IBAN_BBAN[cc])
    while True:
        bban = ""
        for i, (n, k) in enumerate(spec):
            if i == 0 and k == "a" and cc in IBAN_BANKS:
                b = ch(IBAN_BANKS[cc])
                bban += (b + "".join(ch(string.ascii_uppercase) for _ in range(n - len(b))))[:n]
            elif k == "n":
                bban += rd(n)
            elif k == "a":
                bban += "".join(ch(string.ascii_uppercase) for _ in range(n))
            else:  # mostly digits, as real account numbers are
                bban += "".join(ch(string.ascii_uppercase) if R.random() < 0.06 else ch(string.digits) for _ in range(n))
        chk = 98 - iban_mod97(cc + "00" + bban)
        v = f"{cc}{chk:02d}{bban}"
        if iban_ok(v) and v not in TEST_VALUES:
            return v


def iban(cc, style=None):
    style = style or wpick([(6, "groups"), (3, "compact"), (1, "nbsp")])
    v = iban_value(cc)
    if style == "groups":
        t = " ".join(v[i:i + 4] for i in range(0, len(v), 4))
    elif style == "nbsp":
        t = NBSP.join(v[i:i + 4] for i in range(0, len(v), 4))
    else:
        t = v
    return V(t, "IBAN_CODE", f"iban.{cc.lower()}.{style}")


def iban_bad(cc):
    v = iban_value(cc)
    c = int(v[2:4])
    bad = f"{(c + R.randint(1, 9)) % 97 + 2:02d}" if c < 90 else f"{c - R.randint(1, 9):02d}"
    b = v[:2] + bad + v[4:]
    assert not iban_ok(b)
    t = " ".join(b[i:i + 4] for i in range(0, len(b), 4)) if R.random() < 0.6 else b
    return N(t, "iban_bad_checksum")


def aba(style="compact"):
    d8 = ch(ABA_PREFIXES[1:]) + rd(6)
    d = next(d8 + c for c in "0123456789" if aba_ok(d8 + c))
    return V(d, "ABA_ROUTING_NUMBER", f"aba.{style}")


def aba_bad():
    while True:
        d = ch(ABA_PREFIXES[1:]) + rd(7)
        if not aba_ok(d):
            return N(d, "aba_bad_checksum")


def npi():
    while True:
        v = luhn_complete_npi(ch("12") + rd(8))
        if not nhs_ok(v):
            return V(v, "US_NPI", "npi.compact")


def luhn_complete_npi(d9):
    for c in "0123456789":
        if npi_ok(d9 + c):
            return d9 + c
    raise AssertionError


def npi_bad():
    while True:
        d = ch("12") + rd(9)
        if not npi_ok(d) and not nhs_ok(d):
            return N(d, "npi_bad_checksum")


def nhs(style=None):
    style = style or wpick([(6, "spaces"), (2, "compact"), (1, "dashes"), (1, "nbsp")])
    while True:
        d9 = str(R.choice([R.randint(400, 499), R.randint(600, 799)])) + rd(6)
        tot = sum(int(c) * (10 - i) for i, c in enumerate(d9))
        chk = 11 - tot % 11
        chk = 0 if chk == 11 else chk
        if chk == 10:
            continue
        d = d9 + str(chk)
        if nhs_ok(d) and not npi_ok(d):
            break
    sep = {"spaces": " ", "compact": "", "dashes": "-", "nbsp": NBSP}[style]
    return V(_group(d, [3, 3, 4], sep), "UK_NHS", f"nhs.{style}")


def nhs_bad():
    while True:
        d = str(R.choice([R.randint(400, 499), R.randint(600, 799)])) + rd(7)
        if not nhs_ok(d) and not npi_ok(d):
            return N(_group(d, [3, 3, 4], " "), "nhs_bad_checksum")


def dea(surname, first=None):
    first = first or wpick([(5, "A"), (5, "B"), (4, "F"), (3, "G"), (2, "M"), (1, "C")])
    second = unicodedata.normalize("NFKD", surname)[0].upper()
    d = [R.randint(0, 9) for _ in range(6)]
    chk = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    v = first + second + "".join(map(str, d)) + str(chk)
    assert dea_ok(v)
    return V(v, "US_DEA", f"dea.reg_{first.lower()}")


def dea_bad(surname):
    v = dea(surname).text
    bad = v[:-1] + str((int(v[-1]) + R.randint(1, 9)) % 10)
    return N(bad, "dea_bad_checksum")


def mrn(style=None):
    style = style or ch(["digits7", "digits8", "digits6", "alpha1", "alpha2", "dashed", "yearseq", "digits9", "digits10"])
    while True:
        if style == "digits6":
            v = rd(6, ch("123456789"))
        elif style == "digits7":
            v = rd(7, ch("123456789"))
        elif style == "digits8":
            v = rd(8, ch("0123456789"))
        elif style == "digits9":
            v = rd(9, ch("123456789"))
        elif style == "digits10":
            v = rd(10, ch("3456789"))
        elif style == "alpha1":
            v = ch("ABCEHKMPRT") + rd(7)
        elif style == "alpha2":
            v = ch(["MR", "HN", "PT", "RX", "KC", "SZ", "MD"]) + rd(ch([6, 7, 8]))
        elif style == "dashed":
            v = f"{rd(2, ch('123456789'))}-{rd(3)}-{rd(3)}"
        elif style == "yearseq":
            v = f"{R.randint(1998, 2024)}-{rd(6)}"
        elif style == "slash":
            v = f"{rd(ch([5, 6]), ch('123456789'))}/{R.randint(40, 67)}"
        else:
            raise KeyError(style)
        dg = digits_of(v)
        if mrn_ok(v) and not (len(dg) == 9 and aba_ok(dg)) and not (len(dg) == 10 and (nhs_ok(dg) or npi_ok(dg))) and not ssn_ok(dg if len(dg) == 9 else "x"):
            return V(v, "MEDICAL_RECORD_NUMBER", f"mrn.{style}")


PUBLIC_V4_FIRST = [3, 13, 18, 20, 23, 31, 34, 35, 37, 40, 45, 46, 51, 52, 54, 62, 66, 69, 72, 77, 78, 79, 80, 81, 82,
                   83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94, 95, 101, 103, 104, 109, 110, 112, 113, 114, 116, 118,
                   119, 121, 122, 125, 139, 141, 142, 146, 151, 152, 155, 158, 159, 162, 163, 176, 178, 182, 183,
                   185, 188, 190, 193, 194, 195, 202, 210, 211, 212, 213, 217, 218, 219, 220, 221, 222]


def ipv4_str():
    while True:
        v = f"{ch(PUBLIC_V4_FIRST)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
        if ip_ok(v):
            return v


def ipv4(ctx=None):
    return V(ipv4_str(), "IP_ADDRESS", "ip.v4.public")


V6_PREFIXES = ["2001:4860", "2a00:1450", "2a01:4f8", "2a02:8108", "2600:1f18", "2606:4700", "2607:f8b0", "2400:cb00",
               "2404:6800", "2a03:2880", "2c0f:fb50", "2001:67c", "2a0e:97c0", "2a05:d018", "2406:da14", "2804:14c",
               "2402:800", "2001:ee0", "2a02:2e0", "2001:1af8"]


def ipv6_str(style):
    while True:
        pre = ch(V6_PREFIXES).split(":")
        groups = pre + [f"{R.randint(0, 0xffff):x}" for _ in range(8 - len(pre))]
        if R.random() < 0.6:  # typical: a run of zero groups
            k = R.randint(len(pre), 5)
            for j in range(k, k + R.randint(2, 3)):
                if j < 7:
                    groups[j] = "0"
        ip = ipaddress.IPv6Address(":".join(groups))
        if not ip_ok(str(ip)):
            continue
        if style == "compressed":
            return str(ip)
        if style == "full":
            return ip.exploded
        if style == "upper":
            return str(ip).upper()
        if style == "nozero":  # written without '::' compression, leading zeros dropped
            return ":".join(f"{int(g, 16):x}" for g in ip.exploded.split(":"))
        raise KeyError(style)


def ipv6(style=None):
    style = style or wpick([(6, "compressed"), (2, "full"), (1, "upper"), (1, "nozero")])
    return V(ipv6_str(style), "IP_ADDRESS", f"ip.v6.{style}")


def ip(v6share=0.3):
    return ipv6() if R.random() < v6share else ipv4()


B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def aws(kind=None):
    kind = kind or wpick([(3, "AKIA"), (1, "ASIA")])
    return V(kind + "".join(ch(B32) for _ in range(16)), "AWS_ACCESS_KEY", f"aws.{kind.lower()}")


def aws_secret():
    return N("".join(ch(string.ascii_letters + string.digits + "+/") for _ in range(40)), "aws_secret_key")


def gh(kind=None):
    kind = kind or wpick([(4, "ghp"), (1, "gho"), (2, "ghs"), (1, "ghu"), (1, "ghr"), (2, "pat")])
    if kind == "pat":
        a = "11" + "".join(ch(string.ascii_uppercase + string.digits) for _ in range(20))
        b = "".join(ch(string.ascii_letters + string.digits) for _ in range(59))
        return V(f"github_pat_{a}_{b}", "GITHUB_TOKEN", "gh.fine_grained")
    body = "".join(ch(string.ascii_letters + string.digits) for _ in range(30))
    return V(f"{kind}_{body}{b62(zlib.crc32(body.encode()) & 0xFFFFFFFF)}", "GITHUB_TOKEN", f"gh.{kind}")


def _der_len(n):
    if n < 128:
        return bytes([n])
    if n < 256:
        return bytes([0x81, n])
    return bytes([0x82, n >> 8, n & 0xFF])


def _rb(n):
    return bytes(R.getrandbits(8) for _ in range(n))


def pem_body(kind):
    if kind == "rsa":
        inner = bytes.fromhex("020100") + b"\x02\x82\x01\x01\x00" + _rb(256) + b"\x02\x03\x01\x00\x01" + b"\x02\x82\x01\x00" + _rb(256) + _rb(R.randint(600, 640))
        der = b"\x30" + _der_len(len(inner)) + inner
        return "RSA PRIVATE KEY", base64.b64encode(der).decode(), 64
    if kind == "pkcs8":
        rsa = b"\x02\x01\x00\x02\x82\x01\x01\x00" + _rb(256) + b"\x02\x03\x01\x00\x01" + b"\x02\x82\x01\x00" + _rb(256) + _rb(R.randint(600, 640))
        rsa = b"\x30" + _der_len(len(rsa)) + rsa
        inner = bytes.fromhex("020100300d06092a864886f70d0101010500") + b"\x04" + _der_len(len(rsa)) + rsa
        der = b"\x30" + _der_len(len(inner)) + inner
        return "PRIVATE KEY", base64.b64encode(der).decode(), 64
    if kind == "ec":
        der = bytes.fromhex("30770201010420") + _rb(32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + b"\x04" + _rb(64)
        return "EC PRIVATE KEY", base64.b64encode(der).decode(), 64
    if kind == "pkcs8_ec":
        der = bytes.fromhex("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420") + _rb(32) + bytes.fromhex("a144034200") + b"\x04" + _rb(64)
        return "PRIVATE KEY", base64.b64encode(der).decode(), 64
    if kind == "openssh":
        def s(b):
            return struct.pack(">I", len(b)) + b
        pk, sk = _rb(32), _rb(32)
        pub = s(b"ssh-ed25519") + s(pk)
        ci = _rb(4)
        comment = ch([b"deploy@ci-runner", b"ops@bastion", b"backup@nas01", b"jenkins@build"])
        priv = ci + ci + s(b"ssh-ed25519") + s(pk) + s(sk + pk) + s(comment)
        pad = 1
        while len(priv) % 8:
            priv += bytes([pad])
            pad += 1
        blob = b"openssh-key-v1\x00" + s(b"none") + s(b"none") + s(b"") + struct.pack(">I", 1) + s(pub) + s(priv)
        return "OPENSSH PRIVATE KEY", base64.b64encode(blob).decode(), 70
    if kind == "encrypted":
        der = bytes.fromhex("308205183049") + bytes.fromhex("06092a864886f70d01050d303c301b06092a864886f70d01050c300e0408") + _rb(8) + bytes.fromhex("02020800") + _rb(1200)
        return "ENCRYPTED PRIVATE KEY", base64.b64encode(der).decode(), 64
    raise KeyError(kind)


def pem(kind=None, style="plain", indent="", nl="\n"):
    kind = kind or wpick([(3, "rsa"), (3, "pkcs8"), (2, "ec"), (1, "pkcs8_ec"), (3, "openssh"), (1, "encrypted")])
    label, b64, width = pem_body(kind)
    lines = [f"-----BEGIN {label}-----"] + [b64[i:i + width] for i in range(0, len(b64), width)] + [f"-----END {label}-----"]
    if style == "escaped":
        t = "\\n".join(lines)
    elif style == "crlf":
        t = "\r\n".join(lines)
    elif style in ("indented", "prefixed"):
        t = lines[0] + "".join(nl + indent + ln for ln in lines[1:])
    else:
        t = nl.join(lines)
    return V(t, "PRIVATE_KEY", f"pkey.{kind}.{style}")


def pubkey_neg():
    """A certificate or public key block: not a private key."""
    k = R.random()
    if k < 0.4:
        b = base64.b64encode(bytes.fromhex("3082") + _rb(700)).decode()
        lines = ["-----BEGIN CERTIFICATE-----"] + [b[i:i + 64] for i in range(0, len(b), 64)] + ["-----END CERTIFICATE-----"]
        return N("\n".join(lines), "certificate_pem")
    if k < 0.7:
        b = base64.b64encode(bytes.fromhex("30820122300d06092a864886f70d01010105000382010f00") + _rb(270)).decode()
        lines = ["-----BEGIN PUBLIC KEY-----"] + [b[i:i + 64] for i in range(0, len(b), 64)] + ["-----END PUBLIC KEY-----"]
        return N("\n".join(lines), "public_key_pem")
    b = base64.b64encode(struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + _rb(32)).decode()
    return N(f"ssh-ed25519 {b} {ch(['ops@laptop', 'deploy', 'mk@workstation'])}", "ssh_public_key")

# =====================================================================================================
# people, languages, labels
# =====================================================================================================

NAMES = {
    "ja": [("田中 陽子", "Yoko", "Tanaka"), ("佐藤 健太", "Kenta", "Sato"), ("鈴木 美咲", "Misaki", "Suzuki"), ("高橋 大輔", "Daisuke", "Takahashi"),
           ("渡辺 直美", "Naomi", "Watanabe"), ("伊藤 翔太", "Shota", "Ito"), ("山本 由美", "Yumi", "Yamamoto"), ("中村 拓也", "Takuya", "Nakamura"),
           ("小林 さくら", "Sakura", "Kobayashi"), ("加藤 誠", "Makoto", "Kato")],
    "ko": [("김민준", "Minjun", "Kim"), ("이서연", "Seoyeon", "Lee"), ("박지훈", "Jihoon", "Park"), ("최수빈", "Subin", "Choi"),
           ("정현우", "Hyunwoo", "Jung"), ("강예린", "Yerin", "Kang"), ("조도윤", "Doyoon", "Cho"), ("윤하은", "Haeun", "Yoon")],
    "zh": [("王伟", "Wei", "Wang"), ("李芳", "Fang", "Li"), ("张娜", "Na", "Zhang"), ("刘秀英", "Xiuying", "Liu"), ("陈敏", "Min", "Chen"),
           ("杨静", "Jing", "Yang"), ("黄强", "Qiang", "Huang"), ("赵磊", "Lei", "Zhao")],
    "zt": [("陳怡君", "Yichun", "Chen"), ("林志明", "Chihming", "Lin"), ("黃雅婷", "Yating", "Huang"), ("張冠宇", "Kuanyu", "Chang"),
           ("吳淑芬", "Shufen", "Wu"), ("劉家豪", "Chiahao", "Liu")],
    "ru": [("Анна Смирнова", "Anna", "Smirnova"), ("Дмитрий Иванов", "Dmitry", "Ivanov"), ("Елена Кузнецова", "Elena", "Kuznetsova"),
           ("Сергей Попов", "Sergey", "Popov"), ("Ольга Соколова", "Olga", "Sokolova"), ("Алексей Лебедев", "Alexey", "Lebedev"),
           ("Мария Козлова", "Maria", "Kozlova"), ("Игорь Новиков", "Igor", "Novikov")],
    "uk": [("Олена Шевченко", "Olena", "Shevchenko"), ("Андрій Коваленко", "Andrii", "Kovalenko"), ("Ірина Бондаренко", "Iryna", "Bondarenko"),
           ("Тарас Мельник", "Taras", "Melnyk"), ("Оксана Ткаченко", "Oksana", "Tkachenko"), ("Богдан Кравчук", "Bohdan", "Kravchuk"),
           ("Наталія Олійник", "Nataliia", "Oliinyk")],
    "tr": [("Ayşe Yılmaz", "Ayse", "Yilmaz"), ("Mehmet Kaya", "Mehmet", "Kaya"), ("Zeynep Demir", "Zeynep", "Demir"), ("Mustafa Şahin", "Mustafa", "Sahin"),
           ("Elif Çelik", "Elif", "Celik"), ("Emre Yıldız", "Emre", "Yildiz"), ("Fatma Öztürk", "Fatma", "Ozturk"), ("Burak Aydın", "Burak", "Aydin")],
    "el": [("Γιώργος Παπαδόπουλος", "Giorgos", "Papadopoulos"), ("Μαρία Κωνσταντίνου", "Maria", "Konstantinou"), ("Νίκος Γεωργίου", "Nikos", "Georgiou"),
           ("Ελένη Παπαδάκη", "Eleni", "Papadaki"), ("Δημήτρης Οικονόμου", "Dimitris", "Oikonomou"), ("Κατερίνα Νικολάου", "Katerina", "Nikolaou")],
    "ar": [("أحمد الحربي", "Ahmed", "Alharbi"), ("فاطمة الزهراني", "Fatima", "Alzahrani"), ("محمد العتيبي", "Mohammed", "Alotaibi"),
           ("نورة القحطاني", "Noura", "Alqahtani"), ("خالد المنصوري", "Khalid", "Almansoori"), ("مريم الشامسي", "Maryam", "Alshamsi"), ("يوسف حداد", "Youssef", "Haddad")],
    "he": [("נועה לוי", "Noa", "Levi"), ("יונתן כהן", "Yonatan", "Cohen"), ("מיכל מזרחי", "Michal", "Mizrahi"), ("איתי פרץ", "Itay", "Peretz"),
           ("שירה ביטון", "Shira", "Biton"), ("אורי אברהם", "Ori", "Avraham"), ("תמר פרידמן", "Tamar", "Friedman")],
    "pl": [("Katarzyna Nowak", "Katarzyna", "Nowak"), ("Piotr Wiśniewski", "Piotr", "Wisniewski"), ("Agnieszka Wójcik", "Agnieszka", "Wojcik"),
           ("Tomasz Kowalczyk", "Tomasz", "Kowalczyk"), ("Magdalena Kamińska", "Magdalena", "Kaminska"), ("Paweł Lewandowski", "Pawel", "Lewandowski"),
           ("Joanna Zielińska", "Joanna", "Zielinska"), ("Krzysztof Szymański", "Krzysztof", "Szymanski")],
    "cs": [("Petr Novák", "Petr", "Novak"), ("Jana Svobodová", "Jana", "Svobodova"), ("Tomáš Dvořák", "Tomas", "Dvorak"), ("Lucie Černá", "Lucie", "Cerna"),
           ("Jiří Procházka", "Jiri", "Prochazka"), ("Eva Kučerová", "Eva", "Kucerova"), ("Martin Veselý", "Martin", "Vesely")],
    "nl": [("Sanne de Jong", "Sanne", "de Jong"), ("Daan Jansen", "Daan", "Jansen"), ("Lotte van den Berg", "Lotte", "van den Berg"), ("Bram Bakker", "Bram", "Bakker"),
           ("Femke Visser", "Femke", "Visser"), ("Joris Smit", "Joris", "Smit"), ("Eva Mulder", "Eva", "Mulder"), ("Thijs de Vries", "Thijs", "de Vries")],
    "sv": [("Erik Lindqvist", "Erik", "Lindqvist"), ("Anna Johansson", "Anna", "Johansson"), ("Lars Nilsson", "Lars", "Nilsson"), ("Maja Andersson", "Maja", "Andersson"),
           ("Oskar Bergström", "Oskar", "Bergstrom"), ("Elin Sjöberg", "Elin", "Sjoberg"), ("Karin Lundgren", "Karin", "Lundgren")],
    "fi": [("Aino Virtanen", "Aino", "Virtanen"), ("Mikko Korhonen", "Mikko", "Korhonen"), ("Johanna Mäkinen", "Johanna", "Makinen"), ("Juha Nieminen", "Juha", "Nieminen"),
           ("Laura Hämäläinen", "Laura", "Hamalainen"), ("Ville Laine", "Ville", "Laine"), ("Sanna Heikkinen", "Sanna", "Heikkinen")],
    "hu": [("Nagy Gábor", "Gabor", "Nagy"), ("Kovács Eszter", "Eszter", "Kovacs"), ("Tóth Zoltán", "Zoltan", "Toth"), ("Szabó Katalin", "Katalin", "Szabo"),
           ("Horváth Péter", "Peter", "Horvath"), ("Varga Anna", "Anna", "Varga"), ("Kiss Balázs", "Balazs", "Kiss")],
    "ro": [("Andrei Popescu", "Andrei", "Popescu"), ("Ioana Ionescu", "Ioana", "Ionescu"), ("Mihai Dumitrescu", "Mihai", "Dumitrescu"), ("Elena Stan", "Elena", "Stan"),
           ("Cristina Gheorghe", "Cristina", "Gheorghe"), ("Alexandru Munteanu", "Alexandru", "Munteanu"), ("Raluca Constantin", "Raluca", "Constantin")],
    "vi": [("Nguyễn Văn An", "An", "Nguyen"), ("Trần Thị Thu", "Thu", "Tran"), ("Lê Minh Tuấn", "Tuan", "Le"), ("Phạm Thị Hương", "Huong", "Pham"),
           ("Hoàng Đức Anh", "Anh", "Hoang"), ("Vũ Thị Lan", "Lan", "Vu"), ("Đặng Quốc Bảo", "Bao", "Dang")],
    "th": [("สมชาย ใจดี", "Somchai", "Jaidee"), ("สุภาพร ศรีสุข", "Supaporn", "Srisuk"), ("ณัฐพล วงศ์สวัสดิ์", "Nattapon", "Wongsawat"),
           ("พิมพ์ชนก แสงทอง", "Pimchanok", "Saengthong"), ("ธนากร บุญมา", "Thanakorn", "Boonma"), ("กนกวรรณ ทองดี", "Kanokwan", "Thongdee")],
    "id": [("Budi Santoso", "Budi", "Santoso"), ("Siti Rahayu", "Siti", "Rahayu"), ("Agus Wijaya", "Agus", "Wijaya"), ("Dewi Lestari", "Dewi", "Lestari"),
           ("Rizky Pratama", "Rizky", "Pratama"), ("Putri Anggraini", "Putri", "Anggraini"), ("Hendra Gunawan", "Hendra", "Gunawan")],
    "en": [("Megan Holloway", "Megan", "Holloway"), ("Darnell Price", "Darnell", "Price"), ("Priya Raman", "Priya", "Raman"), ("Owen Fitzgerald", "Owen", "Fitzgerald"),
           ("Rosa Delgado", "Rosa", "Delgado"), ("Trevor Banks", "Trevor", "Banks"), ("Hannah Whitfield", "Hannah", "Whitfield"), ("Marcus Oyelaran", "Marcus", "Oyelaran"),
           ("Chloe Beaumont", "Chloe", "Beaumont"), ("Gareth Pryce", "Gareth", "Pryce"), ("Aisha Kamara", "Aisha", "Kamara"), ("Wesley Tran", "Wesley", "Tran"),
           ("Bethany Caldwell", "Bethany", "Caldwell"), ("Imran Qureshi", "Imran", "Qureshi"), ("Siobhan Byrne", "Siobhan", "Byrne"), ("Jerome Whitaker", "Jerome", "Whitaker"),
           ("Lindsay Okafor", "Lindsay", "Okafor"), ("Kyle Sorensen", "Kyle", "Sorensen"), ("Natalie Ferreira", "Natalie", "Ferreira"), ("Connor MacLeod", "Connor", "MacLeod")],
}
PRESCRIBERS = [("Renata", "Galloway"), ("Samuel", "Okonkwo"), ("Helen", "Vasquez"), ("Arjun", "Mehta"), ("Laura", "Kessler"), ("Victor", "Nguyen"),
               ("Denise", "Harmon"), ("Paul", "Ibarra"), ("Grace", "Lindholm"), ("Omar", "Farouk"), ("Julia", "Brandt"), ("Thomas", "Wexler"),
               ("Karen", "Yoshida"), ("Elliot", "Dunmore"), ("Maya", "Castellanos"), ("Robert", "Zielinski")]

EMAIL_DOMAINS = {
    "ja": ["yahoo.co.jp", "docomo.ne.jp", "ezweb.ne.jp", "gmail.com", "nifty.com", "sakura-clinic.jp", "mitsuba-shoji.co.jp"],
    "ko": ["naver.com", "daum.net", "kakao.com", "gmail.com", "hanmail.net", "hanbit-med.co.kr"],
    "zh": ["qq.com", "163.com", "126.com", "sina.com", "foxmail.com", "huaxin-tech.cn"],
    "zt": ["gmail.com", "yahoo.com.tw", "hotmail.com", "msa.hinet.net", "kangning-clinic.com.tw"],
    "ru": ["mail.ru", "yandex.ru", "bk.ru", "rambler.ru", "gmail.com", "medcenter-zdorovie.ru"],
    "uk": ["ukr.net", "i.ua", "gmail.com", "meta.ua", "dobrobut-clinic.com.ua"],
    "tr": ["gmail.com", "hotmail.com", "yandex.com.tr", "superonline.com", "anadolu-saglik.com.tr"],
    "el": ["gmail.com", "yahoo.gr", "otenet.gr", "hol.gr", "iatriko-kentro.gr"],
    "ar": ["gmail.com", "hotmail.com", "outlook.sa", "emirates.net.ae", "alnoor-hospital.ae"],
    "he": ["gmail.com", "walla.co.il", "bezeqint.net", "012.net.il", "hadar-clinic.co.il"],
    "pl": ["wp.pl", "onet.pl", "o2.pl", "interia.pl", "gmail.com", "przychodnia-zdrowie.pl"],
    "cs": ["seznam.cz", "email.cz", "centrum.cz", "gmail.com", "nemocnice-vysocina.cz"],
    "nl": ["ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl", "xs4all.nl", "ziekenhuis-rijnland.nl"],
    "sv": ["telia.com", "gmail.com", "hotmail.se", "bredband.net", "vardcentral-norr.se"],
    "fi": ["gmail.com", "kolumbus.fi", "elisanet.fi", "outlook.com", "terveyskeskus-itakeskus.fi"],
    "hu": ["freemail.hu", "gmail.com", "citromail.hu", "t-online.hu", "rendelo-budavar.hu"],
    "ro": ["yahoo.ro", "gmail.com", "yahoo.com", "clinica-aurora.ro"],
    "vi": ["gmail.com", "yahoo.com.vn", "fpt.vn", "vnpt.vn", "benhvien-anphuoc.vn"],
    "th": ["gmail.com", "hotmail.com", "hotmail.co.th", "bangkokcare-clinic.co.th"],
    "id": ["gmail.com", "yahoo.co.id", "telkom.net", "klinik-sehatsentosa.co.id"],
    "en": ["gmail.com", "outlook.com", "icloud.com", "yahoo.com", "proton.me", "comcast.net", "btinternet.com", "riverbend-health.org",
           "northgatefreight.com", "hollisterdental.com", "kestrelpay.io", "mapleridge-pharmacy.com"],
}
IDN_DOMAINS = {"pl": ["zdrowie-łódź.pl"], "cs": ["lékárna-brno.cz"], "sv": ["vårdcentral-örebro.se"], "fi": ["hyvinvointi-jyväskylä.fi"],
               "hu": ["fogászat-győr.hu"], "tr": ["sağlık-ocağı.com.tr"], "ro": ["farmacie-brașov.ro"], "nl": ["café-de-ruïne.nl"]}
ROLE_LOCAL = {"en": ["billing", "support", "frontdesk", "records", "accounts.payable"], "ja": ["uketsuke", "info", "support"],
              "ko": ["help", "cs", "admin"], "zh": ["kefu", "service", "support"], "zt": ["service", "info"], "ru": ["info", "buh", "priemnaya"],
              "uk": ["info", "reception"], "tr": ["destek", "muhasebe", "info"], "el": ["info", "grammateia"], "ar": ["info", "care"],
              "he": ["office", "info"], "pl": ["rejestracja", "biuro", "faktury"], "cs": ["recepce", "fakturace"], "nl": ["administratie", "balie"],
              "sv": ["reception", "ekonomi"], "fi": ["ajanvaraus", "laskutus"], "hu": ["recepcio", "szamlazas"], "ro": ["receptie", "contabilitate"],
              "vi": ["cskh", "lienhe"], "th": ["contact", "cs"], "id": ["cs", "admin"]}


FREEMAIL = {"gmail", "outlook", "icloud", "yahoo", "proton", "comcast", "btinternet", "hotmail", "naver", "daum", "kakao", "hanmail", "qq", "163", "126", "sina",
            "foxmail", "mail", "yandex", "bk", "rambler", "ukr", "i", "meta", "superonline", "otenet", "hol", "walla", "bezeqint", "012", "wp", "onet", "o2",
            "interia", "seznam", "email", "centrum", "ziggo", "kpnmail", "xs4all", "telia", "bredband", "kolumbus", "elisanet", "freemail", "citromail",
            "t-online", "fpt", "vnpt", "telkom", "docomo", "ezweb", "nifty", "msa", "emirates"}


def ascii_fold(s):
    s = s.replace("ł", "l").replace("Ł", "L").replace("ı", "i").replace("đ", "d").replace("Đ", "D").replace("ø", "o").replace("ß", "ss")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


class Person:
    def __init__(self, lang):
        self.lang = lang
        self.native, self.given, self.family = ch(NAMES[lang])

    @property
    def latin(self):
        return f"{self.given} {self.family}"

    def email(self, style=None, domain=None):
        lang = self.lang
        style = style or wpick([(5, "first.last"), (3, "flast"), (2, "first_last"), (1, "plus"), (1.2, "digits"), (1, "upper"),
                                (0.3, "role"), (0.8, "subdomain"), (1, "hyphen"), (0.4, "idn")])
        g = re.sub(r"[^a-z]", "", ascii_fold(self.given).lower())
        f = re.sub(r"[^a-z]", "", ascii_fold(self.family).lower())
        dom = domain or ch(EMAIL_DOMAINS[lang])
        if style == "role" and not domain:
            dom = ch([x for x in EMAIL_DOMAINS[lang] if x.split(".")[0] not in FREEMAIL] or EMAIL_DOMAINS[lang])
        if style == "idn":
            if lang in IDN_DOMAINS:
                dom = ch(IDN_DOMAINS[lang])
            else:
                style = "first.last"
        local = {"first.last": f"{g}.{f}", "flast": f"{g[0]}{f}", "first_last": f"{g}_{f}", "plus": f"{g}.{f}+{ch(['support', 'tickets', 'billing', 'clinic', 'orders'])}",
                 "digits": f"{g}{f[:3]}{R.randint(70, 2005)}", "upper": f"{g.capitalize()}.{f.capitalize()}", "role": ch(ROLE_LOCAL[lang]),
                 "subdomain": f"{g[0]}.{f}", "hyphen": f"{g}-{f}", "idn": f"{g}.{f}"}[style]
        if style == "subdomain":
            dom = ch(["mail", "corp", "staff", "eu"]) + "." + ch([d for d in EMAIL_DOMAINS[lang] if d.count(".") == 1 and d.split(".")[0] not in FREEMAIL] or ["mailhost-eu.net"])
        if style == "upper":
            dom = dom.upper() if R.random() < 0.3 else dom
        v = f"{local}@{dom}"
        assert email_ok(v), v
        return V(v, "EMAIL_ADDRESS", f"email.{style}")


def person(lang):
    return Person(lang)


LANG_COUNTRY = {"ja": ["jp"], "ko": ["kr"], "zh": ["cn"], "zt": ["tw", "tw", "hk"], "ru": ["ru"], "uk": ["ua"], "tr": ["tr"], "el": ["gr"],
                "ar": ["ae", "sa"], "he": ["il"], "pl": ["pl"], "cs": ["cz"], "nl": ["nl"], "sv": ["se"], "fi": ["fi"], "hu": ["hu"],
                "ro": ["ro"], "vi": ["vn"], "th": ["th"], "id": ["id"], "en": ["us", "us", "us", "gb", "ca", "au", "in"]}

# field labels per language: phone, mobile, fax, dob (list), mrn (list), email, card, iban, appt, created, shipped, expiry
LEX = {
    "en": dict(phone=["Phone", "Tel", "Telephone", "Contact no."], mobile=["Mobile", "Cell"], fax=["Fax"], dob=["DOB", "Date of birth", "D.O.B.", "Birth date"],
               mrn=["MRN", "Medical Record #", "Med Rec No.", "Chart # (MRN)", "Hospital no. (MRN)"], email=["Email", "E-mail"], card=["Card number", "Card no."],
               iban=["IBAN"], appt=["Appointment", "Appt date"], created=["Created", "Opened"], shipped=["Shipped"], expiry=["Exp", "Expires"],
               hello=["Hi team,", "Hello,", "Good morning,"], thanks=["Thanks,", "Kind regards,", "Best,"], colon=[": "], patient="Patient", name="Name",
               update_phone="Please update my phone number to", callback="Please call me back on", born="I was born on", ext=["ext.", "x", "Ext"]),
    "ja": dict(phone=["電話番号", "TEL", "電話"], mobile=["携帯電話", "携帯"], fax=["FAX"], dob=["生年月日"], mrn=["診察券番号", "カルテ番号", "患者ID（カルテ）"],
               email=["メールアドレス", "Eメール"], card=["カード番号"], iban=["IBAN"], appt=["予約日"], created=["作成日時"], shipped=["発送日"], expiry=["有効期限"],
               hello=["お世話になっております。", "いつもご利用ありがとうございます。"], thanks=["よろしくお願いいたします。"], colon=["：", ": ", "："], patient="患者名", name="氏名",
               update_phone="電話番号を次の番号に変更してください：", callback="折り返しのご連絡は", born="生年月日は", ext=["内線"]),
    "ko": dict(phone=["전화번호", "연락처"], mobile=["휴대폰", "휴대전화"], fax=["팩스"], dob=["생년월일"], mrn=["등록번호", "병록번호", "환자번호"],
               email=["이메일"], card=["카드번호"], iban=["IBAN"], appt=["예약일"], created=["생성일"], shipped=["발송일"], expiry=["유효기간"],
               hello=["안녕하세요."], thanks=["감사합니다."], colon=[": ", "："], patient="환자명", name="성명",
               update_phone="연락처를 다음 번호로 변경해 주세요:", callback="회신 전화는", born="생년월일은", ext=["내선"]),
    "zh": dict(phone=["电话", "联系电话"], mobile=["手机", "手机号"], fax=["传真"], dob=["出生日期"], mrn=["病历号", "病案号"], email=["邮箱", "电子邮箱"],
               card=["卡号"], iban=["IBAN"], appt=["预约日期"], created=["创建时间"], shipped=["发货日期"], expiry=["有效期"],
               hello=["您好，"], thanks=["谢谢！"], colon=["：", ": "], patient="患者姓名", name="姓名", update_phone="请把我的手机号改为", callback="请回电",
               born="我的出生日期是", ext=["转"]),
    "zt": dict(phone=["電話", "聯絡電話"], mobile=["手機"], fax=["傳真"], dob=["出生日期", "生日"], mrn=["病歷號碼", "病歷號"], email=["電子郵件", "Email"],
               card=["卡號"], iban=["IBAN"], appt=["預約日期"], created=["建立時間"], shipped=["出貨日期"], expiry=["有效期限"],
               hello=["您好，"], thanks=["謝謝！"], colon=["：", ": "], patient="病患姓名", name="姓名", update_phone="請將我的手機號碼更新為", callback="請回電至",
               born="我的出生日期是", ext=["分機"]),
    "ru": dict(phone=["Телефон", "Тел."], mobile=["Моб.", "Мобильный"], fax=["Факс"], dob=["Дата рождения", "Д.р."], mrn=["№ медицинской карты", "Номер истории болезни", "№ амб. карты"],
               email=["Эл. почта", "E-mail"], card=["Номер карты"], iban=["IBAN"], appt=["Дата приёма"], created=["Создано"], shipped=["Дата отправки"], expiry=["Срок действия"],
               hello=["Здравствуйте!", "Добрый день."], thanks=["Спасибо.", "С уважением,"], colon=[": "], patient="Пациент", name="ФИО",
               update_phone="Прошу изменить мой номер телефона на", callback="Перезвоните, пожалуйста, по номеру", born="Дата моего рождения:", ext=["доб."]),
    "uk": dict(phone=["Телефон", "Тел."], mobile=["Моб.", "Мобільний"], fax=["Факс"], dob=["Дата народження"], mrn=["№ медичної карти", "Номер медичної картки"],
               email=["Ел. пошта", "E-mail"], card=["Номер картки"], iban=["IBAN"], appt=["Дата прийому"], created=["Створено"], shipped=["Дата відправлення"], expiry=["Термін дії"],
               hello=["Добрий день!"], thanks=["Дякую.", "З повагою,"], colon=[": "], patient="Пацієнт", name="ПІБ",
               update_phone="Прошу змінити мій номер телефону на", callback="Передзвоніть, будь ласка, на номер", born="Дата мого народження:", ext=["дод."]),
    "tr": dict(phone=["Telefon", "Tel"], mobile=["Cep", "Cep tel."], fax=["Faks"], dob=["Doğum tarihi", "D. Tarihi"], mrn=["Hasta dosya no", "Dosya numarası", "Hasta kayıt no"],
               email=["E-posta"], card=["Kart numarası"], iban=["IBAN"], appt=["Randevu tarihi"], created=["Oluşturulma"], shipped=["Kargoya veriliş"], expiry=["Son kullanma"],
               hello=["Merhaba,", "İyi günler,"], thanks=["Teşekkürler.", "Saygılarımla,"], colon=[": "], patient="Hasta", name="Ad Soyad",
               update_phone="Telefon numaramı şu şekilde güncelleyebilir misiniz:", callback="Beni şu numaradan arayabilirsiniz:", born="Doğum tarihim:", ext=["dahili"]),
    "el": dict(phone=["Τηλέφωνο", "Τηλ."], mobile=["Κινητό"], fax=["Φαξ"], dob=["Ημερομηνία γέννησης", "Ημ. γέννησης"], mrn=["Αρ. μητρώου ασθενούς", "Αριθμός φακέλου ασθενούς"],
               email=["Email", "Ηλ. ταχυδρομείο"], card=["Αριθμός κάρτας"], iban=["IBAN"], appt=["Ημερομηνία ραντεβού"], created=["Δημιουργήθηκε"], shipped=["Ημερομηνία αποστολής"],
               expiry=["Λήξη"], hello=["Καλησπέρα σας,"], thanks=["Ευχαριστώ.", "Με εκτίμηση,"], colon=[": "], patient="Ασθενής", name="Ονοματεπώνυμο",
               update_phone="Παρακαλώ αλλάξτε το τηλέφωνό μου σε", callback="Καλέστε με στο", born="Γεννήθηκα στις", ext=["εσωτ."]),
    "ar": dict(phone=["الهاتف", "رقم الهاتف"], mobile=["الجوال", "رقم الجوال"], fax=["الفاكس"], dob=["تاريخ الميلاد"], mrn=["رقم الملف الطبي", "رقم السجل الطبي"],
               email=["البريد الإلكتروني"], card=["رقم البطاقة"], iban=["رقم الآيبان", "IBAN"], appt=["موعد الزيارة"], created=["تاريخ الإنشاء"], shipped=["تاريخ الشحن"],
               expiry=["تاريخ الانتهاء"], hello=["السلام عليكم،", "مرحباً،"], thanks=["شكراً لكم.", "مع التحية،"], colon=[": ", ":"], patient="المريض", name="الاسم",
               update_phone="أرجو تحديث رقم جوالي إلى", callback="يرجى الاتصال بي على الرقم", born="تاريخ ميلادي", ext=["تحويلة"]),
    "he": dict(phone=["טלפון", "טל׳"], mobile=["נייד"], fax=["פקס"], dob=["תאריך לידה", "ת. לידה"], mrn=["מספר תיק רפואי", "מס׳ תיק רפואי"],
               email=["דוא\"ל", "אימייל"], card=["מספר כרטיס"], iban=["IBAN"], appt=["תאריך התור"], created=["נוצר"], shipped=["נשלח בתאריך"], expiry=["תוקף"],
               hello=["שלום,", "שלום רב,"], thanks=["תודה רבה.", "בברכה,"], colon=[": "], patient="מטופל/ת", name="שם",
               update_phone="אבקש לעדכן את מספר הנייד שלי:", callback="אפשר לחזור אליי למספר", born="תאריך הלידה שלי:", ext=["שלוחה"]),
    "pl": dict(phone=["Telefon", "Tel."], mobile=["Tel. kom.", "Komórka"], fax=["Faks"], dob=["Data urodzenia", "Data ur."], mrn=["Nr historii choroby", "Nr kartoteki pacjenta", "Nr księgi głównej"],
               email=["E-mail", "Adres e-mail"], card=["Numer karty"], iban=["IBAN", "Nr rachunku"], appt=["Termin wizyty"], created=["Utworzono"], shipped=["Data wysyłki"], expiry=["Ważna do"],
               hello=["Dzień dobry,"], thanks=["Pozdrawiam serdecznie", "Z poważaniem,"], colon=[": "], patient="Pacjent", name="Imię i nazwisko",
               update_phone="Proszę o zmianę mojego numeru telefonu na", callback="Proszę o kontakt pod numerem", born="Moja data urodzenia to", ext=["wew."]),
    "cs": dict(phone=["Telefon", "Tel."], mobile=["Mobil"], fax=["Fax"], dob=["Datum narození", "Dat. nar."], mrn=["Číslo chorobopisu", "Č. karty pacienta"],
               email=["E-mail"], card=["Číslo karty"], iban=["IBAN", "Číslo účtu (IBAN)"], appt=["Termín návštěvy"], created=["Vytvořeno"], shipped=["Odesláno"], expiry=["Platnost do"],
               hello=["Dobrý den,"], thanks=["Děkuji.", "S pozdravem,"], colon=[": "], patient="Pacient", name="Jméno",
               update_phone="Prosím o změnu telefonního čísla na", callback="Zavolejte mi prosím na číslo", born="Datum mého narození je", ext=["linka", "kl."]),
    "nl": dict(phone=["Telefoon", "Tel."], mobile=["Mobiel"], fax=["Fax"], dob=["Geboortedatum", "Geb. datum"], mrn=["Patiëntnummer", "Ziekenhuisnummer", "Dossiernummer (EPD)"],
               email=["E-mail", "E-mailadres"], card=["Kaartnummer"], iban=["IBAN", "Rekeningnummer"], appt=["Afspraakdatum"], created=["Aangemaakt"], shipped=["Verzonden op"], expiry=["Geldig tot"],
               hello=["Goedemiddag,", "Beste,"], thanks=["Met vriendelijke groet,"], colon=[": "], patient="Patiënt", name="Naam",
               update_phone="Wilt u mijn telefoonnummer wijzigen in", callback="U kunt mij terugbellen op", born="Ik ben geboren op", ext=["toestel"]),
    "sv": dict(phone=["Telefon", "Tfn"], mobile=["Mobil"], fax=["Fax"], dob=["Födelsedatum"], mrn=["Journalnummer", "Patientnummer (journal)"],
               email=["E-post"], card=["Kortnummer"], iban=["IBAN"], appt=["Besöksdatum"], created=["Skapad"], shipped=["Skickad"], expiry=["Giltigt t.o.m."],
               hello=["Hej,", "Hej!"], thanks=["Med vänliga hälsningar", "Tack på förhand,"], colon=[": "], patient="Patient", name="Namn",
               update_phone="Kan ni ändra mitt telefonnummer till", callback="Ring mig gärna på", born="Jag är född", ext=["ankn."]),
    "fi": dict(phone=["Puhelin", "Puh."], mobile=["Matkapuhelin", "GSM"], fax=["Faksi"], dob=["Syntymäaika"], mrn=["Potilasnumero", "Sairauskertomusnumero"],
               email=["Sähköposti"], card=["Kortin numero"], iban=["IBAN", "Tilinumero"], appt=["Vastaanottoaika"], created=["Luotu"], shipped=["Lähetetty"], expiry=["Voimassa"],
               hello=["Hei,", "Hyvää päivää,"], thanks=["Ystävällisin terveisin", "Kiitos,"], colon=[": "], patient="Potilas", name="Nimi",
               update_phone="Voisitteko päivittää puhelinnumeroni:", callback="Soittakaa minulle numeroon", born="Syntymäaikani on", ext=["alanro"]),
    "hu": dict(phone=["Telefon", "Tel."], mobile=["Mobil"], fax=["Fax"], dob=["Születési dátum", "Szül. idő"], mrn=["Kórlapszám", "Betegazonosító (kórlap)", "Törzsszám"],
               email=["E-mail"], card=["Kártyaszám"], iban=["IBAN", "Számlaszám (IBAN)"], appt=["Időpont"], created=["Létrehozva"], shipped=["Feladva"], expiry=["Lejárat"],
               hello=["Jó napot kívánok!", "Tisztelt Ügyfélszolgálat!"], thanks=["Köszönöm.", "Üdvözlettel:"], colon=[": "], patient="Beteg", name="Név",
               update_phone="Kérem, módosítsák a telefonszámomat erre:", callback="Kérem, hívjanak vissza ezen a számon:", born="Születési dátumom:", ext=["mellék"]),
    "ro": dict(phone=["Telefon", "Tel."], mobile=["Mobil"], fax=["Fax"], dob=["Data nașterii", "Data naşterii"], mrn=["Nr. foaie de observație", "Cod pacient (FO)", "Nr. dosar medical"],
               email=["E-mail"], card=["Număr card"], iban=["IBAN", "Cont IBAN"], appt=["Data programării"], created=["Creat"], shipped=["Expediat"], expiry=["Valabil până la"],
               hello=["Bună ziua,"], thanks=["Mulțumesc.", "Cu stimă,"], colon=[": "], patient="Pacient", name="Nume",
               update_phone="Vă rog să actualizați numărul meu de telefon:", callback="Mă puteți suna la", born="Data mea de naștere este", ext=["int."]),
    "vi": dict(phone=["Điện thoại", "SĐT"], mobile=["Di động"], fax=["Fax"], dob=["Ngày sinh"], mrn=["Mã hồ sơ bệnh án", "Số bệnh án", "Mã bệnh nhân"],
               email=["Email"], card=["Số thẻ"], iban=["IBAN"], appt=["Ngày hẹn khám"], created=["Ngày tạo"], shipped=["Ngày gửi hàng"], expiry=["Hết hạn"],
               hello=["Xin chào,", "Chào anh/chị,"], thanks=["Cảm ơn anh/chị.", "Trân trọng,"], colon=[": "], patient="Bệnh nhân", name="Họ tên",
               update_phone="Vui lòng cập nhật số điện thoại của tôi thành", callback="Vui lòng gọi lại cho tôi theo số", born="Ngày sinh của tôi là", ext=["máy lẻ"]),
    "th": dict(phone=["โทรศัพท์", "โทร"], mobile=["มือถือ"], fax=["แฟกซ์"], dob=["วันเกิด", "วัน/เดือน/ปีเกิด"], mrn=["HN", "เลขประจำตัวผู้ป่วย (HN)", "เลขที่เวชระเบียน"],
               email=["อีเมล"], card=["หมายเลขบัตร"], iban=["IBAN"], appt=["วันนัด"], created=["สร้างเมื่อ"], shipped=["วันที่จัดส่ง"], expiry=["วันหมดอายุ"],
               hello=["สวัสดีค่ะ", "สวัสดีครับ"], thanks=["ขอบคุณค่ะ", "ขอบคุณครับ"], colon=[": ", " "], patient="ผู้ป่วย", name="ชื่อ-สกุล",
               update_phone="รบกวนเปลี่ยนเบอร์โทรศัพท์เป็น", callback="กรุณาโทรกลับที่เบอร์", born="วันเกิดของฉันคือ", ext=["ต่อ"]),
    "id": dict(phone=["Telepon", "Telp."], mobile=["HP", "No. HP"], fax=["Faks"], dob=["Tanggal lahir", "Tgl. lahir"], mrn=["No. Rekam Medis", "No. RM", "Nomor rekam medis"],
               email=["Email", "Surel"], card=["Nomor kartu"], iban=["IBAN"], appt=["Tanggal janji temu"], created=["Dibuat"], shipped=["Dikirim"], expiry=["Berlaku s/d"],
               hello=["Selamat siang,", "Halo,"], thanks=["Terima kasih.", "Salam,"], colon=[": "], patient="Pasien", name="Nama",
               update_phone="Mohon ubah nomor telepon saya menjadi", callback="Silakan hubungi saya kembali di", born="Saya lahir pada", ext=["ext."]),
}
NEW_LANGS = ["ja", "ko", "zh", "zt", "ru", "uk", "tr", "el", "ar", "he", "pl", "cs", "nl", "sv", "fi", "hu", "ro", "vi", "th", "id"]


def lw(lang, table):
    """Per-language word from a {lang: str} table (English fallback)."""
    return table.get(lang, table["en"])


def lx(lang, key):
    v = LEX[lang][key]
    return ch(v) if isinstance(v, list) else v


def colon(lang):
    c = lx(lang, "colon")
    r = R.random()
    if c == ": " and r < 0.06:
        return ":" + NBSP
    if c == ": " and r < 0.1:
        return ":" + THIN
    return c

# =====================================================================================================
# phone numbers: national formats per country ("#" digit, "N" 2-9, "Z" 1-9, "{a|b}" choice)
# =====================================================================================================

PHONE_PATTERNS = {
    "us": [("geo.parens", "(N##) N##-####"), ("geo.dashes", "N##-N##-####"), ("geo.dots", "N##.N##.####"), ("geo.intl_spaces", "+1 N## N## ####"),
           ("geo.intl_parens", "+1 (N##) N##-####"), ("geo.trunk_dashes", "1-N##-N##-####"), ("geo.e164", "+1N##N######"), ("geo.intl_dashes", "+1-N##-N##-####"),
           ("tollfree.dashes", "1-{800|888|877|866}-N##-####"), ("tollfree.parens", "({800|888|855}) N##-####")],
    "ca": [("geo.parens", "({416|604|514|403|613|902|780|506}) N##-####"), ("geo.intl_spaces", "+1 {416|604|514|647|778} N## ####"), ("geo.dashes", "{905|289|204|306}-N##-####")],
    "gb": [("mobile.national", "07{4|5|7|8|9}## ######"), ("mobile.intl_spaces", "+44 7{4|5|7|8|9}## ######"), ("mobile.intl_trunk", "+44 (0)7{4|5|7|8|9}## ######"),
           ("london.national", "020 {3|7|8}### ####"), ("london.intl_spaces", "+44 20 {3|7|8}### ####"), ("manchester.national", "0161 N## ####"),
           ("geo.parens", "(01{13|17|21|31|41|51}) N## ####"), ("tollfree.national", "0800 ### ####")],
    "au": [("mobile.national", "04## ### ###"), ("mobile.intl_spaces", "+61 4## ### ###"), ("sydney.parens", "(02) {8|9}### ####"), ("geo.intl_spaces", "+61 {2|3|7|8} N### ####"),
           ("tollfree.national", "1800 ### ###")],
    "in": [("mobile.intl_spaces", "+91 {98|97|96|88|91|70|63}### #####"), ("mobile.national", "0{98|97|88|70}### #####"), ("mobile.intl_dashes", "+91-{98|99|81}########"),
           ("delhi.national", "011-N###-####"), ("mumbai.intl", "+91 22 N### ####")],
    "jp": [("mobile.national", "0{90|80|70}-Z###-####"), ("mobile.intl_dashes", "+81 {90|80|70}-Z###-####"), ("mobile.e164", "+81{90|80|70}Z#######"),
           ("tokyo.national", "03-N###-####"), ("osaka.national", "06-N###-####"), ("tokyo.intl_dashes", "+81 3-N###-####"), ("tollfree.national", "0120-###-###"),
           ("tokyo.national_parens", "03(N###)####"), ("nagoya.national", "052-N##-####")],
    "kr": [("mobile.national", "010-N###-####"), ("mobile.intl_dashes", "+82 10-N###-####"), ("mobile.e164", "+8210N#######"), ("seoul.national", "02-N###-####"),
           ("seoul.national_short", "02-N##-####"), ("busan.national", "051-N##-####"), ("rep.national", "{1588|1577|1644}-####"), ("seoul.intl", "+82 2-N###-####")],
    "cn": [("mobile.national_spaces", "1{38|39|50|58|86|88|36|77|99} #### ####"), ("mobile.national", "1{38|39|50|58|86|88|36|77}########"),
           ("mobile.intl_spaces", "+86 1{38|39|50|58|86|88|36} #### ####"), ("mobile.national_dashes", "1{38|39|59|87}-####-####"), ("beijing.national", "010-N#######"),
           ("shanghai.national", "021-N#######"), ("beijing.parens", "(010) N### ####"), ("shenzhen.intl", "+86 755 N### ####"), ("tollfree.national", "400-###-####")],
    "tw": [("mobile.national", "09##-###-###"), ("mobile.intl_spaces", "+886 9## ### ###"), ("mobile.intl_dashes", "+886-9##-###-###"), ("taipei.parens", "(02) N###-####"),
           ("taipei.national", "02-N###-####"), ("taipei.intl", "+886 2 N###-####"), ("kaohsiung.parens", "(07) N##-####")],
    "hk": [("mobile.national", "{5|6|9}### ####"), ("mobile.intl_spaces", "+852 {5|6|9}### ####"), ("geo.intl_spaces", "+852 {2|3}### ####"), ("geo.intl_dashes", "+852-{2|3}###-####")],
    "ru": [("mobile.intl_parens", "+7 (9##) ###-##-##"), ("mobile.trunk_parens", "8 (9##) ###-##-##"), ("mobile.intl_spaces", "+7 9## ###-##-##"), ("mobile.national_compact", "89#########"),
           ("moscow.intl_parens", "+7 (495) N##-##-##"), ("moscow.trunk_parens", "8 (495) N##-##-##"), ("moscow.intl_spaces", "+7 499 N## ## ##"), ("spb.trunk_parens", "8 (812) N##-##-##"),
           ("tollfree.trunk", "8 800 N##-##-##"), ("mobile.e164", "+79#########")],
    "ua": [("mobile.intl_spaces", "+380 {50|66|67|68|63|73|93|95|96|97|98|99} ### ## ##"), ("mobile.national", "0{50|67|68|63|93|97|99} ### ## ##"),
           ("mobile.intl_parens", "+380 ({67|50|63|97}) ###-##-##"), ("mobile.national_parens", "(0{67|50|63|97}) ###-##-##"), ("kyiv.intl_spaces", "+380 44 N## ## ##"),
           ("kyiv.national", "044 N##-##-##"), ("lviv.national", "032 N##-##-##"), ("mobile.e164", "+380{67|50|93}#######")],
    "tr": [("mobile.intl_spaces", "+90 5{30|31|32|33|35|36|38|41|42|43|44|05|06|07|52|53|54|55} ### ## ##"), ("mobile.national_parens", "0 (5{32|33|35|05|06|42|44}) ### ## ##"),
           ("mobile.national", "05{30|32|33|35|36|05|06|07|42|43|44|52|53} ### ## ##"), ("istanbul.national_parens", "0 (212) N## ## ##"), ("istanbul.intl_spaces", "+90 216 N## ## ##"),
           ("ankara.national", "0312 N## ## ##"), ("callcenter.national", "444 ## ##"), ("nongeo.national", "0 850 ### ## ##")],
    "gr": [("mobile.national", "69{0|3|4|5|7|8|9} ### ####"), ("mobile.intl_spaces", "+30 69{0|3|4|7|8} ### ####"), ("mobile.e164", "+3069{4|7|8}#######"),
           ("athens.national", "210 N## ####"), ("athens.intl_spaces", "+30 210 N######"), ("thessaloniki.national", "2310 N#####")],
    "ae": [("mobile.intl_spaces", "+971 5{0|2|4|5|6|8} ### ####"), ("mobile.national", "05{0|2|4|5|6|8} ### ####"), ("mobile.intl_dashes", "+971-5{0|2|5|6}-###-####"),
           ("dubai.national", "04 N## ####"), ("dubai.intl_spaces", "+971 4 N## ####"), ("abudhabi.national", "02 N## ####")],
    "sa": [("mobile.intl_spaces", "+966 5{0|3|4|5|6|9} ### ####"), ("mobile.national", "05{0|3|4|5|6|9} ### ####"), ("riyadh.national", "011 N## ####"),
           ("riyadh.intl_spaces", "+966 11 N## ####"), ("jeddah.national", "012 N## ####")],
    "il": [("mobile.national", "05{0|2|3|4|8}-###-####"), ("mobile.intl_dashes", "+972-5{0|2|3|4|8}-###-####"), ("mobile.intl_spaces", "+972 5{0|2|4} ### ####"),
           ("telaviv.national", "03-N##-####"), ("jerusalem.national", "02-N##-####"), ("telaviv.intl", "+972 3-N##-####"), ("mobile.national_compact", "05{0|2|4}#######")],
    "pl": [("mobile.national", "{5|6|7|8}## ### ###"), ("mobile.intl_spaces", "+48 {5|6|7|8}## ### ###"), ("mobile.e164", "+48{5|6|7}########"),
           ("warsaw.national", "22 N## ## ##"), ("warsaw.intl_spaces", "+48 22 N## ## ##"), ("warsaw.parens", "(22) N## ## ##"), ("krakow.national", "12 N## ## ##"),
           ("tollfree.national", "800 ### ###"), ("mobile.national_dashes", "{5|6|7}##-###-###")],
    "cz": [("mobile.intl_spaces", "+420 {60|72|73|77|79}# ### ###"), ("mobile.national", "{60|72|73|77|79}# ### ###"), ("prague.intl_spaces", "+420 2## ### ###"),
           ("prague.national", "2## ### ###"), ("brno.national", "5## ### ###"), ("tollfree.national", "800 ### ###"), ("mobile.e164", "+420{60|73|77}#######")],
    "nl": [("mobile.national_dash", "06-########"), ("mobile.national_pairs", "06 ## ## ## ##"), ("mobile.intl_spaces", "+31 6 ########"), ("mobile.intl_trunk", "+31 (0)6 ########"),
           ("mobile.intl_groups", "+31 6 #### ####"), ("amsterdam.national", "020-N## ####"), ("amsterdam.intl_spaces", "+31 20 N## ####"), ("amsterdam.parens", "(020) N## ## ##"),
           ("rotterdam.national", "010-N## ####"), ("utrecht.national", "030 N## ## ##"), ("tollfree.national", "0800-####")],
    "se": [("mobile.national", "07{0|2|3|6|9}-### ## ##"), ("mobile.intl_spaces", "+46 7{0|2|3|6|9} ### ## ##"), ("mobile.intl_trunk", "+46 (0)7{0|2|3} ### ## ##"),
           ("stockholm.national", "08-N## ## ##"), ("stockholm.intl_spaces", "+46 8 N## ## ##"), ("gothenburg.national", "031-N## ## ##"), ("tollfree.national", "020-## ## ##"),
           ("mobile.national_compact", "07{0|2|3|6}#######")],
    "fi": [("mobile.national", "04{0|1|4|5|6|9} ### ####"), ("mobile.intl_spaces", "+358 4{0|1|4|5|6|9} ### ####"), ("mobile.intl_trunk", "+358 (0)4{0|4|5} ### ####"),
           ("mobile50.national", "050 ### ####"), ("mobile50.intl", "+358 50 ### ####"), ("helsinki.national", "09 N### ####"), ("helsinki.parens", "(09) N## ###"),
           ("helsinki.intl_spaces", "+358 9 N### ####"), ("tollfree.national", "0800 ### ###")],
    "hu": [("mobile.intl_spaces", "+36 {20|30|31|70} ### ####"), ("mobile.trunk_spaces", "06 {20|30|70} ### ####"), ("mobile.trunk_dashes", "06-{20|30|70}-###-####"),
           ("mobile.intl_dashes", "+36-{20|30|70}-###-####"), ("budapest.intl_spaces", "+36 1 N## ####"), ("budapest.trunk", "06 1 N## ####"), ("budapest.parens", "(1) N## ####"),
           ("tollfree.trunk", "06 80 ### ###"), ("mobile.trunk_slash", "06-{20|30|70}/###-####")],
    "ro": [("mobile.national", "07{2|3|4|5|6|7|8}# ### ###"), ("mobile.intl_spaces", "+40 7{2|3|4|5|6|7|8}# ### ###"), ("mobile.intl_trunk", "+40 (0)7{2|4|6}# ### ###"),
           ("mobile.national_compact", "07{2|4|5|6|7}#######"), ("bucharest.national", "021 N## ####"), ("bucharest.intl_spaces", "+40 21 N## ####"), ("cluj.national", "0264 N## ###"),
           ("tollfree.national", "0800 ### ###")],
    "vn": [("mobile.national_433", "0{9|8|3|7}## ### ###"), ("mobile.national_343", "0{9|8|3}# ### ####"), ("mobile.intl_spaces", "+84 {9|8|3|7}## ### ###"),
           ("mobile.national_dots", "0{9|8|3}##.###.###"), ("hanoi.national", "024 N### ####"), ("hanoi.parens", "(024) N### ####"), ("hanoi.intl", "+84 24 N### ####"),
           ("hcmc.national", "028 N### ####"), ("tollfree.national", "1800 ####")],
    "th": [("mobile.national_dashes", "0{6|8|9}#-###-####"), ("mobile.intl_spaces", "+66 {6|8|9}# ### ####"), ("mobile.national", "0{6|8|9}# ### ####"),
           ("mobile.national_compact", "0{6|8|9}########"), ("bangkok.national", "02-N##-####"), ("bangkok.intl_spaces", "+66 2 N## ####"), ("bangkok.spaces", "02 N## ####"),
           ("tollfree.national", "1800-###-###")],
    "id": [("mobile.national_dashes", "08{11|12|13|21|22|52|53|57|58|77|78|95|96|97|98|99}-####-####"), ("mobile.intl_dashes", "+62 8{11|12|13|21|52|57|77|95}-####-####"),
           ("mobile.intl_spaces", "+62 8{11|12|13|21|52|57|77} #### ####"), ("mobile.national_compact", "08{11|12|13|21|52|57|77|95}########"),
           ("jakarta.parens", "(021) N###-####"), ("jakarta.national", "021-N### ####"), ("jakarta.intl", "+62 21 N### ####"), ("surabaya.parens", "(031) N###-####"),
           ("tollfree.national", "0800-1##-####")],
}
PHONE_CC = {"us": "1", "ca": "1", "gb": "44", "au": "61", "in": "91", "jp": "81", "kr": "82", "cn": "86", "tw": "886", "hk": "852", "ru": "7", "ua": "380",
            "tr": "90", "gr": "30", "ae": "971", "sa": "966", "il": "972", "pl": "48", "cz": "420", "nl": "31", "se": "46", "fi": "358", "hu": "36",
            "ro": "40", "vn": "84", "th": "66", "id": "62"}
NO_TRUNK = {"us", "ca", "hk", "gr", "pl", "cz"}


def _expand(pat):
    out, i = [], 0
    while i < len(pat):
        c = pat[i]
        if c == "{":
            j = pat.index("}", i)
            out.append(ch(pat[i + 1:j].split("|")))
            i = j + 1
            continue
        out.append(str(R.randint(0, 9)) if c == "#" else str(R.randint(2, 9)) if c == "N" else str(R.randint(1, 9)) if c == "Z" else c)
        i += 1
    return "".join(out)


def _phone_clean(text, cc):
    d = re.sub(r"\D", "", text)
    if cc in ("us", "ca"):
        area, exch = (d[1:4], d[4:7]) if d.startswith("1") and len(d) == 11 else (d[:3], d[3:6])
        if area[1:] == "11" or area[1] == "9" or exch == "555" or exch[1:] == "11" or area in ("555", "900", "976", "370", "371", "372", "373", "374", "375", "376", "377", "378", "379", "960", "961", "962", "963", "964", "965", "966", "967", "968", "969"):
            return False
    return True


def phone_e164(text, cc):
    """E.164 form of a displayed number (for tel: links)."""
    t = text.replace("(0)", "")
    d = re.sub(r"\D", "", t)
    if t.strip().startswith("+"):
        return "+" + d
    if cc in ("us", "ca"):
        return "+1" + (d[1:] if len(d) == 11 else d)
    if cc == "ru" and d.startswith("8"):
        return "+7" + d[1:]
    if cc == "hu" and d.startswith("06"):
        return "+36" + d[2:]
    if cc not in NO_TRUNK and d.startswith("0"):
        d = d[1:]
    return "+" + PHONE_CC[cc] + d


def phone_bad_digits(text):
    """No labelled phone may also pass another entity's checksum (digits alone or as sub-groups)."""
    groups = re.findall(r"\d+", text)
    for i in range(len(groups)):
        acc = ""
        for j in range(i, len(groups)):
            acc += groups[j]
            if len(acc) == 10 and (nhs_ok(acc) or npi_ok(acc)):
                return True
            if len(acc) == 9 and aba_ok(acc):
                return True
            if 12 <= len(acc) <= 19 and card_ok(acc):
                return True
    d = "".join(groups)
    return ssn_ok(d) and re.search(r"\b\d{3}[- ]\d{2}[- ]\d{4}\b", text) is not None


def phone(where, kind=None, sep=None):
    """where: a country code ("jp") or a language ("ja")."""
    cc = where if where in PHONE_PATTERNS else ch(LANG_COUNTRY[where])
    pats = PHONE_PATTERNS[cc]
    if kind == "mobile" and cc in ("us", "ca"):
        kind = "geo"
    if kind == "landline":
        pats = [p for p in pats if not p[0].startswith(("mobile", "tollfree", "rep", "callcenter", "nongeo"))] or pats
    elif kind == "any":
        pass
    elif kind:
        pats = [p for p in pats if p[0].startswith(kind)] or pats
    else:  # a person's number: no toll-free / service numbers
        pats = [p for p in pats if not p[0].startswith(("tollfree", "rep", "callcenter", "nongeo"))] or pats
    while True:
        name, pat = ch(pats)
        t = _expand(pat)
        if not _phone_clean(t, cc) or phone_bad_digits(t):
            continue
        fmt = f"phone.{cc}.{name}"
        if sep and " " in t:
            t = t.replace(" ", sep)
            fmt += {NBSP: ".nbsp", NNBSP: ".nnbsp", THIN: ".thin", ENDASH: ".endash", ".": ".dots"}.get(sep, ".sep")
        if phone_ok(t):
            return V(t, "PHONE_NUMBER", fmt)


def tel_of(v):
    """A tel: href value for a phone V (a second span with the E.164 form)."""
    cc = v.fmt.split(".")[1]
    e = phone_e164(v.text.replace(NBSP, " ").replace(NNBSP, " ").replace(THIN, " "), cc)
    return V(e, "PHONE_NUMBER", f"phone.{cc}.e164_href")


def fullwidth(s):
    return "".join(chr(ord(c) + 0xFEE0) if "0" <= c <= "9" else ("－" if c == "-" else c) for c in s)

# =====================================================================================================
# dates (dates of birth, and the same written forms for dates that are NOT birth dates)
# =====================================================================================================

MONTH_NAMES = {
    "en": "January February March April May June July August September October November December".split(),
    "en_abbr": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split(),
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(),
    "uk": "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня".split(),
    "tr": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık".split(),
    "el": "Ιανουαρίου Φεβρουαρίου Μαρτίου Απριλίου Μαΐου Ιουνίου Ιουλίου Αυγούστου Σεπτεμβρίου Οκτωβρίου Νοεμβρίου Δεκεμβρίου".split(),
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split(),
    "he": "ינואר פברואר מרץ אפריל מאי יוני יולי אוגוסט ספטמבר אוקטובר נובמבר דצמבר".split(),
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split(),
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince".split(),
    "nl": "januari februari maart april mei juni juli augustus september oktober november december".split(),
    "sv": "januari februari mars april maj juni juli augusti september oktober november december".split(),
    "fi": "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta syyskuuta lokakuuta marraskuuta joulukuuta".split(),
    "hu": "január február március április május június július augusztus szeptember október november december".split(),
    "ro": "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie".split(),
    "th": "มกราคม กุมภาพันธ์ มีนาคม เมษายน พฤษภาคม มิถุนายน กรกฎาคม สิงหาคม กันยายน ตุลาคม พฤศจิกายน ธันวาคม".split(),
    "th_abbr": "ม.ค. ก.พ. มี.ค. เม.ย. พ.ค. มิ.ย. ก.ค. ส.ค. ก.ย. ต.ค. พ.ย. ธ.ค.".split(),
    "id": "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember".split(),
}
for _lang in ("en", "ru", "uk", "tr", "el", "ar", "he", "pl", "cs", "nl", "sv", "fi", "hu", "ro", "th", "th_abbr", "id"):
    for _i, _n in enumerate(MONTH_NAMES[_lang], 1):
        MONTHS.setdefault(_n.lower(), _i)
        if _lang == "he":
            MONTHS.setdefault("ב" + _n, _i)


def _era_ja(d):
    for name, base, start in (("令和", 2018, dt.date(2019, 5, 1)), ("平成", 1988, dt.date(1989, 1, 8)), ("昭和", 1925, dt.date(1926, 12, 25))):
        if d >= start:
            y = d.year - base
            return f"{name}{'元' if y == 1 else y}年{d.month}月{d.day}日"
    return None


DATE_FORMS = {
    "en": ["numeric_mdy_slash", "numeric_mdy_slash", "numeric_dmy_slash", "written_en_mdy", "written_en_dmy", "abbr_dash", "iso", "numeric_mdy_2digit", "written_en_abbr"],
    "ja": ["ja_kanji", "ja_kanji", "ja_slash", "ja_era", "iso", "ja_fullwidth"],
    "ko": ["ko_hangul", "ko_hangul", "ko_dots", "ko_dots_spaced", "iso"],
    "zh": ["zh_hanzi", "zh_hanzi", "iso", "zh_slash"],
    "zt": ["zh_hanzi", "roc_era", "zh_slash", "iso"],
    "ru": ["numeric_dmy_dot", "numeric_dmy_dot", "ru_written", "ru_dot_g"],
    "uk": ["numeric_dmy_dot", "numeric_dmy_dot", "uk_written"],
    "tr": ["numeric_dmy_dot", "tr_written", "numeric_dmy_slash"],
    "el": ["numeric_dmy_slash", "el_written", "numeric_dmy_slash_nopad"],
    "ar": ["numeric_dmy_slash", "numeric_ymd_slash", "ar_written"],
    "he": ["numeric_dmy_dot", "numeric_dmy_slash_nopad", "he_written"],
    "pl": ["numeric_dmy_dot", "pl_written", "iso"],
    "cs": ["cs_dmy_spaced", "numeric_dmy_dot", "cs_written"],
    "nl": ["numeric_dmy_dash", "nl_written", "numeric_dmy_slash"],
    "sv": ["iso", "iso", "sv_written"],
    "fi": ["fi_dmy_dot_nopad", "numeric_dmy_dot", "fi_written"],
    "hu": ["hu_ymd_dot", "hu_written", "iso", "hu_ymd_dot_spaced"],
    "ro": ["numeric_dmy_dot", "ro_written", "numeric_dmy_slash"],
    "vi": ["numeric_dmy_slash", "vi_written", "numeric_dmy_slash_nopad", "numeric_dmy_dash"],
    "th": ["th_be_slash", "th_written_be", "th_abbr_be", "numeric_dmy_slash"],
    "id": ["numeric_dmy_dash", "id_written", "numeric_dmy_slash"],
}


def date_text(d, form):
    y, m, dd = d.year, d.month, d.day
    f = {
        "numeric_mdy_slash": lambda: f"{m:02d}/{dd:02d}/{y}", "numeric_dmy_slash": lambda: f"{dd:02d}/{m:02d}/{y}",
        "numeric_mdy_2digit": lambda: f"{m:02d}/{dd:02d}/{y % 100:02d}", "written_en_mdy": lambda: f"{MONTH_NAMES['en'][m - 1]} {dd}, {y}",
        "written_en_dmy": lambda: f"{dd} {MONTH_NAMES['en'][m - 1]} {y}", "written_en_abbr": lambda: f"{MONTH_NAMES['en_abbr'][m - 1]} {dd}, {y}",
        "abbr_dash": lambda: f"{dd:02d}-{MONTH_NAMES['en_abbr'][m - 1]}-{y}", "iso": lambda: f"{y}-{m:02d}-{dd:02d}",
        "ja_kanji": lambda: f"{y}年{m}月{dd}日", "ja_slash": lambda: f"{y}/{m:02d}/{dd:02d}", "ja_era": lambda: _era_ja(d),
        "ja_fullwidth": lambda: fullwidth(f"{y}年{m}月{dd}日"), "ko_hangul": lambda: f"{y}년 {m}월 {dd}일", "ko_dots": lambda: f"{y}.{m:02d}.{dd:02d}",
        "ko_dots_spaced": lambda: f"{y}. {m}. {dd}.", "zh_hanzi": lambda: f"{y}年{m}月{dd}日", "zh_slash": lambda: f"{y}/{m}/{dd}",
        "roc_era": lambda: f"民國{y - 1911}年{m}月{dd}日", "numeric_dmy_dot": lambda: f"{dd:02d}.{m:02d}.{y}",
        "ru_written": lambda: f"{dd} {MONTH_NAMES['ru'][m - 1]} {y} г.", "ru_dot_g": lambda: f"{dd:02d}.{m:02d}.{y} г.",
        "uk_written": lambda: f"{dd} {MONTH_NAMES['uk'][m - 1]} {y} р.", "tr_written": lambda: f"{dd} {MONTH_NAMES['tr'][m - 1]} {y}",
        "el_written": lambda: f"{dd} {MONTH_NAMES['el'][m - 1]} {y}", "numeric_dmy_slash_nopad": lambda: f"{dd}/{m}/{y}",
        "numeric_ymd_slash": lambda: f"{y}/{m:02d}/{dd:02d}", "ar_written": lambda: f"{dd} {MONTH_NAMES['ar'][m - 1]} {y}",
        "he_written": lambda: f"{dd} ב{MONTH_NAMES['he'][m - 1]} {y}", "pl_written": lambda: f"{dd} {MONTH_NAMES['pl'][m - 1]} {y} r.",
        "cs_dmy_spaced": lambda: f"{dd}. {m}. {y}", "cs_written": lambda: f"{dd}. {MONTH_NAMES['cs'][m - 1]} {y}",
        "numeric_dmy_dash": lambda: f"{dd:02d}-{m:02d}-{y}", "nl_written": lambda: f"{dd} {MONTH_NAMES['nl'][m - 1]} {y}",
        "sv_written": lambda: f"{dd} {MONTH_NAMES['sv'][m - 1]} {y}", "fi_dmy_dot_nopad": lambda: f"{dd}.{m}.{y}",
        "fi_written": lambda: f"{dd}. {MONTH_NAMES['fi'][m - 1]} {y}", "hu_ymd_dot": lambda: f"{y}.{m:02d}.{dd:02d}.",
        "hu_written": lambda: f"{y}. {MONTH_NAMES['hu'][m - 1]} {dd}.", "hu_ymd_dot_spaced": lambda: f"{y}. {m:02d}. {dd:02d}.",
        "ro_written": lambda: f"{dd} {MONTH_NAMES['ro'][m - 1]} {y}", "vi_written": lambda: f"ngày {dd} tháng {m} năm {y}",
        "th_be_slash": lambda: f"{dd:02d}/{m:02d}/{y + 543}", "th_written_be": lambda: f"{dd} {MONTH_NAMES['th'][m - 1]} {y + 543}",
        "th_abbr_be": lambda: f"{dd} {MONTH_NAMES['th_abbr'][m - 1]} {y + 543}", "id_written": lambda: f"{dd} {MONTH_NAMES['id'][m - 1]} {y}",
        "compact8": lambda: f"{y}{m:02d}{dd:02d}",
    }[form]
    return f()


def rand_birth():
    return dt.date(1938, 1, 1) + dt.timedelta(days=R.randint(0, 365 * 74))


def rand_recent():
    return dt.date(2023, 1, 1) + dt.timedelta(days=R.randint(0, 365 * 3))


def dob(lang, form=None, nbsp=False):
    while True:
        d = rand_birth()
        form = form or ch(DATE_FORMS[lang])
        t = date_text(d, form)
        if t is None:  # era not available for this date
            form = None
            continue
        if nbsp and " " in t:
            t = t.replace(" ", NBSP)
            form += ".nbsp"
        return V(t, "DATE_OF_BIRTH", f"dob.{form}")


def ndate(lang, kind="date_no_birth_context", old=False, form=None, d=None):
    """A date that is not a date of birth, in the same written forms."""
    d = d or ((dt.date(1975, 1, 1) + dt.timedelta(days=R.randint(0, 365 * 30))) if old else rand_recent())
    form = form or ch([f for f in DATE_FORMS[lang] if f not in ("ja_era", "roc_era")] or ["iso"])
    return N(date_text(d, form), kind)


# =====================================================================================================
# hard negatives
# =====================================================================================================


def ts_iso():
    d = rand_recent()
    return N(f"{d.isoformat()}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}{ch(['Z', '.%03dZ' % R.randint(0, 999), '+09:00', '+01:00', '-05:00'])}", "timestamp")


def ts_plain():
    d = rand_recent()
    return N(f"{d.isoformat()} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}", "timestamp")


def ts_syslog():
    d = rand_recent()
    return N(f"{MONTH_NAMES['en_abbr'][d.month - 1]} {d.day:2d} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}", "timestamp")


def hhmm():
    return N(f"{R.randint(7, 19):02d}:{ch(['00', '15', '30', '45', '10', '20', '40'])}", "time_of_day")


def uuid4():
    return N("%08x-%04x-4%03x-%04x-%012x" % (R.getrandbits(32), R.getrandbits(16), R.getrandbits(12), 0x8000 | R.getrandbits(14), R.getrandbits(48)), "uuid")


def hexhash(n=64, kind=None):
    return N("".join(ch("0123456789abcdef") for _ in range(n)), kind or {64: "sha256", 40: "sha1", 32: "md5", 7: "git_sha_short", 12: "hex_id"}.get(n, "hex_hash"))


def mac(style=None):
    style = style or ch(["colon", "dash", "cisco", "upper_colon"])
    b = [R.randint(0, 255) for _ in range(6)]
    b[0] &= 0xFE
    if style == "colon":
        t = ":".join(f"{x:02x}" for x in b)
    elif style == "upper_colon":
        t = ":".join(f"{x:02X}" for x in b)
    elif style == "dash":
        t = "-".join(f"{x:02X}" for x in b)
    else:
        h = "".join(f"{x:02x}" for x in b)
        t = f"{h[:4]}.{h[4:8]}.{h[8:]}"
    return N(t, "mac_address")


def version():
    return N(ch(["", "v", "v"]) + f"{R.randint(1, 14)}.{R.randint(0, 30)}.{R.randint(0, 40)}" + ch(["", "", "", "-rc.1", "-beta", "+build.7"]), "version_string")


def build_no():
    return N(ch([f"{R.randint(2023, 2025)}{R.randint(1, 12):02d}{R.randint(1, 28):02d}.{R.randint(1, 9)}", f"#{R.randint(1000, 99999)}", f"b{R.randint(100, 9999)}"]), "build_number")


def order16():
    """16-digit order number failing Luhn (some look card-like)."""
    while True:
        d = ch(["4", "5", "3", "6", "1", "7"]) + rd(15)
        if not luhn_ok(d):
            t = _group(d, [4, 4, 4, 4], ch([" ", "-", ""]))
            return N(t, "order_number_luhn_fail")


def tracking():
    """Carrier tracking numbers; some pass Luhn but are not card-shaped."""
    k = R.random()
    if k < 0.35:  # 12-digit numeric, Luhn-valid on purpose
        d = luhn_complete(ch(["77", "78", "79", "39"]) + rd(9))
        return ("FedEx", N(d, "tracking_number_luhn_pass"))
    if k < 0.6:  # 22-digit USPS-like (Luhn-valid, too long for a card)
        d = luhn_complete("9400" + rd(17))
        return ("USPS", N(_group(d, [4, 4, 4, 4, 4, 2], " "), "tracking_number_luhn_pass"))
    if k < 0.8:
        return ("UPS", N("1Z" + "".join(ch(string.ascii_uppercase + string.digits) for _ in range(6)) + rd(10), "tracking_number"))
    return ("DHL", N(rd(10, "1"), "tracking_number"))


def invoice_luhn():
    """Invoice id in a known non-card format (year-prefixed), Luhn-valid on purpose."""
    y = str(R.randint(2019, 2025))
    d = luhn_complete(y + rd(11))
    return N(_group(d, [4, 4, 4, 4], "-"), "invoice_number_luhn_pass")


def ssn_bad():
    k = R.random()
    if k < 0.4:
        a = f"9{R.randint(0, 99):02d}"
        g = R.randint(70, 88) if R.random() < 0.6 else R.randint(1, 99)
        return N(f"{a}-{g:02d}-{R.randint(1, 9999):04d}", "ssn_invalid_area_itin" if 70 <= g <= 88 else "ssn_invalid_area")
    if k < 0.7:
        return N(f"000-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}", "ssn_invalid_area")
    if k < 0.85:
        return N(f"666-{R.randint(1, 99):02d}-{R.randint(1, 9999):04d}", "ssn_invalid_area")
    return N(f"{R.randint(1, 899):03d}-00-{R.randint(1, 9999):04d}".replace("666-", "667-"), "ssn_invalid_group")


def masked_card():
    return N(ch(["**** **** **** ", "************", "XXXX-XXXX-XXXX-", "•••• •••• •••• ", "ending in ", "xxxx"]) + rd(4), "masked_card")


def masked_ssn():
    return N(ch(["XXX-XX-", "***-**-", "xxx-xx-"]) + rd(4), "masked_ssn")


def masked_phone(cc="us"):
    return N(ch([f"+{PHONE_CC[cc]} ** *** {rd(2)}{rd(2)}", f"(***) ***-{rd(4)}", f"••• ••• {rd(4)}", f"***-****-{rd(4)}"]), "masked_phone")


def ticket_no():
    return N(ch([f"#{R.randint(10000, 999999)}", f"INC{rd(7)}", f"CS-{R.randint(2023, 2025)}-{rd(5)}", f"SR-{rd(6)}", f"TKT-{rd(5)}", f"REQ{rd(6)}"]), "ticket_number")


AMOUNT_FMT = {"en": lambda a: ch([f"${a:,.2f}", f"USD {a:,.2f}", f"£{a:,.2f}"]), "ja": lambda a: f"¥{int(a) * 10:,}", "ko": lambda a: f"₩{int(a) * 100:,}",
              "zh": lambda a: f"¥{a:,.2f}", "zt": lambda a: f"NT${int(a) * 3:,}", "ru": lambda a: f"{a:,.2f} ₽".replace(",", " ").replace(".", ","),
              "uk": lambda a: f"{a:,.2f} грн".replace(",", " ").replace(".", ","), "tr": lambda a: f"{a:,.2f} TL".replace(",", "X").replace(".", ",").replace("X", "."),
              "el": lambda a: f"{a:,.2f} €".replace(",", "X").replace(".", ",").replace("X", "."), "ar": lambda a: f"{a:,.2f} AED",
              "he": lambda a: f"₪{a:,.2f}", "pl": lambda a: f"{a:,.2f} zł".replace(",", " ").replace(".", ","), "cs": lambda a: f"{a:,.2f} Kč".replace(",", " ").replace(".", ","),
              "nl": lambda a: f"€ {a:,.2f}".replace(",", "X").replace(".", ",").replace("X", "."), "sv": lambda a: f"{a:,.2f} kr".replace(",", " ").replace(".", ","),
              "fi": lambda a: f"{a:,.2f} €".replace(",", " ").replace(".", ","), "hu": lambda a: f"{int(a) * 100:,} Ft".replace(",", " "),
              "ro": lambda a: f"{a:,.2f} lei".replace(",", "X").replace(".", ",").replace("X", "."), "vi": lambda a: f"{int(a) * 1000:,} ₫".replace(",", "."),
              "th": lambda a: f"฿{a:,.2f}", "id": lambda a: f"Rp {int(a) * 100:,}".replace(",", ".")}


def amount(lang="en", lo=5, hi=4000):
    return N(AMOUNT_FMT[lang](round(R.uniform(lo, hi), 2)), "amount")


def passport_no():
    while True:
        v = ch(string.ascii_uppercase) + ch(string.ascii_uppercase + string.digits) + rd(7)
        if not dea_ok(v):
            return N(v, "passport_number")


def aws_account():
    return N(rd(12, ch("123456789")), "aws_account_id")


def serial_no():
    return N(ch(["SN", "S/N ", "", "C02", "FVFX", "5CD"]) + "".join(ch(string.ascii_uppercase + string.digits) for _ in range(R.randint(7, 10))), "serial_number")


def member_id():
    return N(ch(["W", "XEH", "ZGP", "MBR", "H"]) + rd(R.randint(8, 9)), "member_id")


def claim_no():
    return N(ch(["", "CLM-", "C"]) + rd(R.randint(11, 13), ch("123456789")), "claim_number")


def ein():
    return N(f"{R.randint(10, 98)}-{rd(7)}", "ein")


def test_value(kind=None):
    kind = kind or ch(["card", "card", "aws", "ssn", "iban"])
    if kind == "card":
        return N(ch(["4111 1111 1111 1111", "4242 4242 4242 4242", "5555 5555 5555 4444", "4000 0566 5566 5556", "3782 822463 10005"]), "test_placeholder")
    if kind == "aws":
        return N("AKIAIOSFODNN7EXAMPLE", "test_placeholder")
    if kind == "ssn":
        return N(ch(["123-45-6789", "078-05-1120"]), "test_placeholder")
    return N(ch(["GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00"]), "test_placeholder")

# =====================================================================================================
# note templates
# =====================================================================================================

TEMPLATES = []  # (name, weight, langs, fn)


def template(name, weight, langs):
    def deco(fn):
        TEMPLATES.append((name, weight, langs, fn))
        return fn
    return deco


def lines(*rows):
    """rows of items; a newline after each row."""
    out = []
    for r in rows:
        if r is None:
            continue
        out.append(r if isinstance(r, list) else [r])
        out.append("\n")
    return out


AGENTS = {"en": ["Kim R.", "Jordan P.", "Sam Okoro", "Alex Varga", "Priya N."], "ja": ["木村", "斎藤", "Mori"], "ko": ["한지민", "송태호"],
          "zh": ["周婷", "孙浩"], "zt": ["蔡佳穎", "鄭宇翔"], "ru": ["Кирилл", "Ирина В."], "uk": ["Марта", "Остап"], "tr": ["Selin", "Kerem"],
          "el": ["Σοφία", "Άρης"], "ar": ["ريم", "سامي"], "he": ["דנה", "עומר"], "pl": ["Ola", "Marek"], "cs": ["Klára", "Ondřej"],
          "nl": ["Ruben", "Noor"], "sv": ["Linnea", "Viktor"], "fi": ["Emilia", "Antti"], "hu": ["Réka", "Dávid"], "ro": ["Bianca", "Radu"],
          "vi": ["Linh", "Khoa"], "th": ["Ploy", "Beam"], "id": ["Rina", "Fajar"]}

CHAT = {
    "en": ["Customer on {t} wants their contact details updated, details below", "Can you check why their logins keep failing?", "Here's what I see in the auth log:", "Done, updated in the CRM 👍", "Did they confirm their date of birth?", "Yes, on the call:"],
    "ja": ["{t} のお客様から連絡先変更の依頼です。詳細は以下", "ログイン失敗が続いている原因を確認してもらえますか？", "認証ログはこちら：", "CRM 更新しました 👍", "生年月日の確認は取れていますか？", "はい、電話で確認済みです："],
    "ko": ["{t} 고객님이 연락처 변경을 요청하셨어요. 아래 참고", "로그인 실패가 계속되는 이유 확인해 주실 수 있나요?", "인증 로그 첨부합니다:", "CRM 업데이트 완료 👍", "생년월일 확인하셨어요?", "네, 통화로 확인했습니다:"],
    "zh": ["{t} 的客户要求更新联系方式，详情如下", "能帮忙看看为什么一直登录失败吗？", "认证日志如下：", "已在 CRM 更新 👍", "出生日期核实了吗？", "核实了，电话里确认的："],
    "zt": ["{t} 的客戶要求更新聯絡資料，詳情如下", "可以幫忙查一下為什麼一直登入失敗嗎？", "驗證日誌如下：", "已在 CRM 更新 👍", "出生日期有核對嗎？", "有，電話中確認："],
    "ru": ["Клиент по {t} просит обновить контакты, данные ниже", "Можешь посмотреть, почему у него не проходит вход?", "Вот что в журнале авторизации:", "Готово, обновил в CRM 👍", "Дату рождения подтвердили?", "Да, по телефону:"],
    "uk": ["Клієнт за {t} просить оновити контакти, дані нижче", "Можеш глянути, чому не проходить вхід?", "Ось що в журналі авторизації:", "Готово, оновила в CRM 👍", "Дату народження підтвердили?", "Так, телефоном:"],
    "tr": ["{t} numaralı talepteki müşteri iletişim bilgilerini güncellemek istiyor, detaylar aşağıda", "Girişlerinin neden başarısız olduğuna bakabilir misin?", "Kimlik doğrulama loglarında şunu görüyorum:", "Tamam, CRM'de güncelledim 👍", "Doğum tarihini teyit ettiniz mi?", "Evet, telefonda:"],
    "el": ["Ο πελάτης στο {t} θέλει αλλαγή στοιχείων επικοινωνίας, δες παρακάτω", "Μπορείς να δεις γιατί αποτυγχάνει η σύνδεση;", "Αυτά βλέπω στο auth log:", "Έγινε, ενημερώθηκε στο CRM 👍", "Επιβεβαιώσατε ημερομηνία γέννησης;", "Ναι, τηλεφωνικά:"],
    "ar": ["العميل في {t} يطلب تحديث بيانات التواصل، التفاصيل أدناه", "هل يمكنك التحقق من سبب فشل تسجيل الدخول؟", "هذا ما يظهر في سجل المصادقة:", "تم التحديث في CRM 👍", "هل تم تأكيد تاريخ الميلاد؟", "نعم، عبر الهاتف:"],
    "he": ["הלקוח בפנייה {t} מבקש לעדכן פרטי קשר, פרטים למטה", "תוכל לבדוק למה ההתחברות נכשלת?", "זה מה שמופיע בלוג ההזדהות:", "בוצע, עודכן ב-CRM 👍", "אימתתם תאריך לידה?", "כן, בטלפון:"],
    "pl": ["Klient z {t} prosi o aktualizację danych kontaktowych, szczegóły niżej", "Możesz sprawdzić, czemu logowanie ciągle się nie udaje?", "W logu autoryzacji widzę:", "Gotowe, zaktualizowane w CRM 👍", "Potwierdziliście datę urodzenia?", "Tak, telefonicznie:"],
    "cs": ["Zákazník z {t} chce aktualizovat kontakty, detaily níže", "Můžeš se podívat, proč mu nejde přihlášení?", "V auth logu vidím tohle:", "Hotovo, upraveno v CRM 👍", "Ověřili jste datum narození?", "Ano, po telefonu:"],
    "nl": ["Klant van {t} wil de contactgegevens laten aanpassen, zie hieronder", "Kun jij kijken waarom het inloggen steeds mislukt?", "Dit zie ik in de auth-log:", "Klaar, aangepast in het CRM 👍", "Is de geboortedatum gecontroleerd?", "Ja, telefonisch:"],
    "sv": ["Kunden i {t} vill uppdatera sina kontaktuppgifter, se nedan", "Kan du kolla varför inloggningen misslyckas hela tiden?", "Det här syns i auth-loggen:", "Klart, uppdaterat i CRM 👍", "Har ni bekräftat födelsedatum?", "Ja, per telefon:"],
    "fi": ["Asiakas tiketissä {t} haluaa päivittää yhteystietonsa, tiedot alla", "Voitko katsoa, miksi kirjautuminen epäonnistuu jatkuvasti?", "Auth-lokissa näkyy tämä:", "Valmis, päivitetty CRM:ään 👍", "Varmistettiinko syntymäaika?", "Kyllä, puhelimessa:"],
    "hu": ["A(z) {t} jegyben az ügyfél frissíteni szeretné az elérhetőségeit, lásd lent", "Megnéznéd, miért nem sikerül a bejelentkezés?", "Az auth logban ezt látom:", "Kész, frissítve a CRM-ben 👍", "A születési dátumot ellenőriztétek?", "Igen, telefonon:"],
    "ro": ["Clientul din {t} vrea să-și actualizeze datele de contact, detalii mai jos", "Poți verifica de ce eșuează autentificarea?", "Iată ce apare în logul de autentificare:", "Gata, actualizat în CRM 👍", "Ați confirmat data nașterii?", "Da, telefonic:"],
    "vi": ["Khách hàng ở {t} muốn cập nhật thông tin liên hệ, chi tiết bên dưới", "Bạn kiểm tra giúp tại sao đăng nhập cứ bị lỗi được không?", "Log xác thực đây:", "Xong, đã cập nhật trên CRM 👍", "Đã xác minh ngày sinh chưa?", "Rồi, qua điện thoại:"],
    "th": ["ลูกค้าใน {t} ขอแก้ไขข้อมูลติดต่อ รายละเอียดด้านล่าง", "ช่วยดูหน่อยว่าทำไมล็อกอินไม่ผ่าน", "นี่คือ auth log:", "เรียบร้อย อัปเดตใน CRM แล้ว 👍", "ยืนยันวันเกิดแล้วหรือยัง", "ยืนยันแล้วทางโทรศัพท์:"],
    "id": ["Pelanggan di {t} minta update data kontak, detail di bawah", "Bisa cek kenapa login-nya gagal terus?", "Ini yang muncul di log autentikasi:", "Beres, sudah diupdate di CRM 👍", "Tanggal lahir sudah diverifikasi?", "Sudah, lewat telepon:"],
}


def _tsplit(s, *items):
    """'{t}' placeholders -> items"""
    parts = s.split("{t}")
    out = [parts[0]]
    for i, p in enumerate(parts[1:]):
        out += [items[i], p]
    return out


def auth_log_line(mail=None):
    k = R.random()
    if k < 0.35:
        return seq(ts_syslog(), f" auth-gw sshd[{R.randint(900, 65000)}]: Failed password for invalid user {ch(['admin', 'oracle', 'test', 'ubuntu'])} from ", ip(0.25).c("log_sshd"), f" port {R.randint(1024, 65535)} ssh2")
    if k < 0.7:
        return seq(ts_iso(), " WARN  login_failed user=", (mail or person("en").email()).c("log_kv"), " src_ip=", ip(0.3).c("log_kv"), " reason=bad_password attempt=", str(R.randint(2, 9)))
    return seq(ts_iso(), " INFO  session_start id=", uuid4(), " ip=", ip(0.3).c("log_kv"), " ua=\"Mozilla/5.0\" mfa=", ch(["totp", "sms", "none"]))


@template("chat_export", 8, list(CHAT))
def t_chat(lang):
    d = Doc()
    L = CHAT[lang]
    a1, a2 = R.sample(AGENTS[lang], 2)
    style = ch(["slack", "teams", "discord"])
    p = person(lang)
    day = rand_recent()
    clock = [R.randint(8 * 60, 15 * 60)]
    dword = ch(["Today", "Yesterday"])

    def hdr(who):
        clock[0] += R.randint(1, 25)
        h, m = divmod(clock[0], 60)
        h12 = f"{(h - 1) % 12 + 1}:{m:02d} {'AM' if h < 12 else 'PM'}"
        if style == "slack":
            return seq(f"[{h:02d}:{m:02d}] {who}: ")
        if style == "teams":
            return seq("[", N(f"{day.month}/{day.day}/{day.year} {h12}", "timestamp"), f"] {who}:\n")
        return seq(f"{who.lower().replace(' ', '.')} — {dword} at {h12}\n")
    med = R.random() < 0.35
    d.add(hdr(a1), _tsplit(L[0], ticket_no()), "\n")
    rows = [seq(lx(lang, "name"), colon(lang), p.native if lang != "en" else p.latin),
            seq(lx(lang, "mobile"), colon(lang), phone(lang, "mobile").c(f"chat_paste_{lang}"))]
    if R.random() < 0.7:
        rows.append(seq(lx(lang, "email"), colon(lang), p.email().c(f"chat_paste_{lang}")))
    if med:
        rows.append(seq(lx(lang, "mrn"), colon(lang), mrn().c(f"chat_paste_{lang}")))
    if R.random() < 0.5:
        rows.append(seq(lx(lang, "dob"), colon(lang), dob(lang).c(f"chat_paste_{lang}")))
    else:
        rows.append(seq(lx(lang, "created"), colon(lang), ndate(lang, "date_created")))
    fence = R.random() < 0.5
    d.add("```\n" if fence else "", [seq(r, "\n") for r in rows], "```\n" if fence else "")
    d.add(hdr(a2), L[1], "\n")
    d.add(hdr(a1), L[2], "\n```\n")
    mail = p.email()
    for _ in range(R.randint(2, 4)):
        d.add(auth_log_line(mail if R.random() < 0.4 else None), "\n")
    d.add("```\n")
    if R.random() < 0.4:
        d.add(hdr(a2), L[4], "\n", hdr(a1), L[5], " ", dob(lang).c("chat_answer"), "\n")
    if R.random() < 0.22:
        d.add(hdr(a2), "fyi " if lang == "en" else "", "`.env` ", ch(["pasted in the ticket", "→", "👀"]), "\n```\n")
        if R.random() < 0.5:
            d.add("AWS_ACCESS_KEY_ID=", aws().c("chat_env"), "\nAWS_SECRET_ACCESS_KEY=", aws_secret(), "\nAWS_DEFAULT_REGION=", ch(["eu-central-1", "ap-northeast-1", "us-east-2"]), "\n```\n")
        else:
            d.add("GITHUB_TOKEN=", gh().c("chat_env"), "\nNPM_REGISTRY=https://npm.pkg.github.com\n```\n")
    d.add(hdr(a2), L[3])
    return d, [style]


MD_TITLES = ["Elevated 5xx on checkout API", "Credential leak in public repo", "VPN concentrator failover", "Patient portal login storm",
             "Payment webhook retries", "DNS misconfiguration after cutover"]


@template("markdown_runbook", 3, ["en", "en", "en", "ja", "ko"])
def t_markdown(lang):
    d = Doc()
    inc = N(f"INC-{R.randint(1000, 9999)}", "ticket_number")
    title = ch(MD_TITLES)
    head = {"en": ("Impact", "Detected", "Affected hosts", "Timeline", "Remediation", "Reported by"),
            "ja": ("影響", "検知", "影響ホスト", "タイムライン", "対応", "報告者"),
            "ko": ("영향", "탐지", "영향 호스트", "타임라인", "조치", "보고자")}[lang]
    d.add("## ", inc, f" — {title}\n\n**{head[0]}:** ", ch(["~12% of requests", "single tenant", "EU region only", "all regions"]), f"  \n**{head[1]}:** ", ts_iso(), "\n\n")
    d.add(f"### {head[2]}\n\n| Host | Public IP | MAC | Firmware |\n|---|---|---|---|\n")
    for i in range(R.randint(2, 4)):
        d.add(f"| {ch(['edge', 'vpn', 'web', 'lb', 'api'])}-{ch(['fra', 'nrt', 'icn', 'iad', 'ams', 'sin'])}-{i + 1:02d} | ", ip(0.3).c("md_table"), " | ", mac(), " | ", version(), " |\n")
    d.add(f"\n### {head[3]}\n\n")
    d.add("- `", ts_plain(), "` alert fired, first errors from `", ip(0.2).c("md_inline_code"), "`\n")
    who = person(lang if lang != "en" else "en")
    d.add(f"- {head[5]}: ", who.email().c("md_bullet"), " (", phone(lang).c("md_bullet"), ")\n")
    d.add("- build ", build_no(), " rolled back to ", version(), "\n")
    d.add(f"\n### {head[4]}\n\n")
    k = R.random()
    if k < 0.45:
        d.add("The key below was committed in `", hexhash(7), "` and has been deactivated:\n\n```bash\naws iam update-access-key --access-key-id ", aws().c("md_fence_cli"),
              " --status Inactive --user-name ", ch(["ci-deployer", "svc-backup", "reporting"]), "\n```\n")
    elif k < 0.75:
        d.add("Token found in `.github/workflows/release.yml` (revoke + rotate):\n\n```yaml\nenv:\n  GH_TOKEN: ", gh().c("md_fence_yaml"), "\n  REGISTRY: ghcr.io\n```\n")
    else:
        d.add("Rotated the deploy key that was pasted into the channel:\n\n```\n", pem().c("md_fence"), "\n```\n")
    if R.random() < 0.4:
        d.add("\nPublic part for reference (safe to share):\n\n```\n", pubkey_neg(), "\n```\n")
    d.add("\nRequest id `", uuid4(), "`, checksum `", hexhash(64), "`.")
    return d, ["markdown"]


DETAILS = {"en": "Customer details", "pl": "Dane klienta", "cs": "Údaje zákazníka", "nl": "Klantgegevens", "sv": "Kunduppgifter", "fi": "Asiakkaan tiedot",
           "hu": "Ügyféladatok", "ro": "Datele clientului", "tr": "Müşteri bilgileri", "ru": "Данные клиента", "uk": "Дані клієнта", "el": "Στοιχεία πελάτη"}
FIELD_VALUE = {"en": ("Field", "Value"), "pl": ("Pole", "Wartość"), "cs": ("Pole", "Hodnota"), "nl": ("Veld", "Waarde"), "sv": ("Fält", "Värde"),
               "fi": ("Kenttä", "Arvo"), "hu": ("Mező", "Érték"), "ro": ("Câmp", "Valoare"), "tr": ("Alan", "Değer"), "ru": ("Поле", "Значение"),
               "uk": ("Поле", "Значення"), "el": ("Πεδίο", "Τιμή")}


@template("jira_wiki", 4, list(DETAILS))
def t_jira(lang):
    d = Doc()
    p = person(lang)
    fv = FIELD_VALUE[lang]
    d.add("h3. ", DETAILS[lang], "\n", f"||{fv[0]}||{fv[1]}||\n")
    d.add(f"|{lx(lang, 'name')}|{p.native}|\n")
    d.add(f"|{lx(lang, 'phone')}|", phone(lang).c(f"jira_table_{lang}"), "|\n")
    em = p.email()
    d.add(f"|{lx(lang, 'email')}|[", em.c("jira_link_text"), "|mailto:", em.c("jira_link_target"), "]|\n")
    if R.random() < 0.6:
        d.add(f"|{lx(lang, 'dob')}|", dob(lang).c(f"jira_table_{lang}"), "|\n")
    if R.random() < 0.5:
        d.add(f"|{lx(lang, 'mrn')}|", mrn().c(f"jira_table_{lang}"), "|\n")
    d.add(f"|{lx(lang, 'created')}|", ndate(lang, "date_created"), "|\n")
    d.add("\n{quote}", ch(LEX[lang]["hello"]), " ", lx(lang, "callback"), " ", phone(lang).c(f"jira_quote_{lang}"), ". ", ch(LEX[lang]["thanks"]), "{quote}\n\n")
    d.add("{code:title=auth.log|borderStyle=solid}\n")
    for _ in range(R.randint(1, 3)):
        d.add(auth_log_line(), "\n")
    d.add("{code}\n")
    if R.random() < 0.25:
        d.add("{noformat}\n", pem(ch(["rsa", "ec", "openssh"])).c("jira_noformat"), "\n{noformat}\n")
    elif R.random() < 0.3:
        d.add("{code:bash}\nexport GITHUB_TOKEN=", gh().c("jira_code"), "\n{code}\n")
    elif R.random() < 0.3:
        d.add("Customer sent their public material only (no private key):\n{noformat}\n", pubkey_neg(), "\n{noformat}\n")
    d.add(f"[~{ch(['m.keller', 'a.novak', 'j.berg', 'support.l2'])}] ", ticket_no(), " / ", version())
    return d, ["wiki_markup"]


RTF_CP = {"en": ("1252", "0", "1033"), "nl": ("1252", "0", "1043"), "sv": ("1252", "0", "1053"), "fi": ("1252", "0", "1035"), "pl": ("1250", "238", "1045"),
          "cs": ("1250", "238", "1029"), "hu": ("1250", "238", "1038"), "ro": ("1250", "238", "1048"), "tr": ("1254", "162", "1055")}
RTF_TITLE = {"en": "Patient summary", "nl": "Patiëntoverzicht", "sv": "Patientsammanfattning", "fi": "Potilasyhteenveto", "pl": "Podsumowanie pacjenta",
             "cs": "Souhrn pacienta", "hu": "Betegösszefoglaló", "ro": "Rezumatul pacientului", "tr": "Hasta özeti"}


def rtf_esc(s, cp):
    out = []
    for c in s:
        if ord(c) < 128:
            out.append("\\" + c if c in "\\{}" else c)
        else:
            try:
                out.append("\\'%02x" % c.encode("cp" + cp)[0])
            except UnicodeEncodeError:
                out.append(f"\\u{ord(c)}?")
    return "".join(out)


@template("rtf_fragment", 3, list(RTF_CP))
def t_rtf(lang):
    d = Doc()
    cp, cs, lcid = RTF_CP[lang]
    e = lambda s: rtf_esc(s, cp)  # noqa: E731
    p = person(lang)
    numeric = [f for f in DATE_FORMS[lang] if "written" not in f and f not in ("ja_era",)]
    d.add("{\\rtf1\\ansi\\ansicpg", cp, "\\deff0\\nouicompat{\\fonttbl{\\f0\\fnil\\fcharset", cs, " Calibri;}}\n{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1 \n")
    d.add("\\pard\\sa200\\sl276\\slmult1\\f0\\fs22\\lang", lcid, " {\\b ", e(RTF_TITLE[lang]), "}\\par\n")
    d.add(e(lx(lang, "patient")), ": ", e(p.native), "\\par\n")
    d.add(e(lx(lang, "dob")), ": ", dob(lang, ch(numeric)).c(f"rtf_{lang}"), "\\par\n")
    if R.random() < 0.8:
        d.add(e(lx(lang, "mrn")), ": {\\b ", mrn().c(f"rtf_{lang}"), "}\\par\n")
    d.add(e(lx(lang, "phone")), ": ", phone(lang).c(f"rtf_{lang}"), "\\tab ", e(lx(lang, "fax")), ": ", phone(lang).c(f"rtf_fax_{lang}"), "\\par\n")
    em = p.email(ch(["first.last", "flast", "digits"]))
    d.add(e(lx(lang, "email")), ": {\\field{\\*\\fldinst{HYPERLINK \"mailto:", em.c("rtf_fldinst"), "\"}}{\\fldrslt{\\ul\\cf1 ", em.c("rtf_fldrslt"), "}}}\\par\n")
    d.add(e(lx(lang, "appt")), ": ", ndate(lang, "date_appointment", form=ch(numeric)), " ", hhmm(), "\\par\n")
    d.add("\\pard\\sa200\\sl276\\slmult1 ", ticket_no(), "\\par\n}")
    return d, ["rtf"]


PDF_TXT = {
    "en": dict(page="Page {a} of {b}", re="RE:", seen="The patient was seen in clinic on", fu="for follow-\nup of hypertension and a medication review. Please do not hesitate to con-\ntact us at",
               orr="or on", dear="Dear Dr", enc="Encounter no."),
    "sv": dict(page="Sida {a} av {b}", re="Avser:", seen="Patienten besökte mottagningen den", fu="för upp-\nföljning av blodtryck. Vid frågor kontakta oss gärna på",
               orr="eller på", dear="Bäste kollega", enc="Besöksnr"),
    "fi": dict(page="Sivu {a} / {b}", re="Koskee:", seen="Potilas kävi vastaanotolla", fu="verenpaineen seu-\nrantakäynnillä. Lisätietoja saa osoitteesta",
               orr="tai numerosta", dear="Hyvä kollega", enc="Käyntinro"),
    "nl": dict(page="Pagina {a} van {b}", re="Betreft:", seen="Patiënt werd op de polikliniek gezien op", fu="voor con-\ntrole van de bloeddruk. Bij vragen kunt u ons bereiken via",
               orr="of op", dear="Geachte collega", enc="Opnamenr."),
    "id": dict(page="Halaman {a} dari {b}", re="Perihal:", seen="Pasien kontrol ke poliklinik pada", fu="untuk pe-\nmantauan tekanan darah. Untuk informasi lebih lanjut hubungi",
               orr="atau", dear="Yth. Sejawat", enc="No. kunjungan"),
    "vi": dict(page="Trang {a}/{b}", re="V/v:", seen="Bệnh nhân đến tái khám ngày", fu="để theo dõi huyết áp. Mọi thắc mắc xin liên hệ",
               orr="hoặc", dear="Kính gửi đồng nghiệp", enc="Số lượt khám"),
    "ro": dict(page="Pagina {a} din {b}", re="Privind:", seen="Pacientul a fost consultat în ambulatoriu la data de", fu="pentru con-\ntrolul tensiunii arteriale. Pentru întrebări ne puteți contacta la",
               orr="sau la", dear="Stimate coleg", enc="Nr. internare"),
}


@template("pdf_extract", 4, list(PDF_TXT) + ["en", "en"])
def t_pdf(lang):
    d = Doc()
    T = PDF_TXT[lang]
    uk = lang == "en" and R.random() < 0.5
    pl = "en" if lang == "en" else lang
    clinic = ch(["Riverside Medical Group", "Northfield Health Centre", "Lakeshore Clinic"]) if lang == "en" else lw(lang, {"en": "Clinic", "sv": "Vårdcentralen Norr", "fi": "Terveysasema Itäkeskus", "nl": "Polikliniek Rijnland", "id": "Klinik Sehat Sentosa", "vi": "Phòng khám An Phước", "ro": "Clinica Aurora"})
    p = person(pl)
    pad = " " * R.randint(20, 40)
    d.add(clinic, pad, T["page"].replace("{a}", "1").replace("{b}", "2"), "\n")
    ph = phone("gb" if uk else pl)
    d.add(ch(["Tel ", "T: ", "Tel. "]), ph.c("pdf_header"), "   ", ch(["Fax ", "F: "]), phone("gb" if uk else pl).c("pdf_header_fax"), "\n\n")
    d.add(" " * R.randint(30, 50), ndate(pl, "date_letter"), "\n\n")
    d.add(T["re"], " ", p.native, " " * R.randint(6, 18), lx(pl, "dob"), " ", dob(pl, ch(["numeric_dmy_slash", "written_en_dmy"]) if uk else None).c(f"pdf_{lang}"), "\n")
    if uk:
        d.add("NHS No", " " * R.randint(1, 8), nhs().c("pdf_uk"), "\n")
    else:
        d.add(lx(pl, "mrn"), " " * R.randint(1, 8), mrn().c(f"pdf_{lang}"), "    ", T["enc"], " ", N(rd(8, "9"), "encounter_number"), "\n")
    d.add("\n", T["dear"], " ", person(pl).native.split()[-1], ",\n\n", T["seen"], " ", ndate(pl, "date_appointment"), " ", T["fu"], " ",
          person(pl).email(ch(["role", "first.last"])).c("pdf_body"), "\n", T["orr"], " ", phone("gb" if uk else pl).c("pdf_body"), ".\n\n")
    d.add("\f", clinic, pad, T["page"].replace("{a}", "2").replace("{b}", "2"), "\n", N(f"{R.randint(1, 9)}/{R.randint(10, 99)}/{rd(6)}", "document_ref"), "  ", ts_plain())
    return d, ["pdf_text"] + (["uk"] if uk else [])


def qp_encode_doc(items, d, width=74):
    """Append items to Doc d as a quoted-printable body: text is encoded, values (ASCII) are copied intact and never split."""
    col = 0
    for it in items:
        if isinstance(it, (V, N)):
            t = it.text
            assert all(32 <= ord(c) < 127 and c != "=" for c in t), t
            if col + len(t) > width:
                d.add("=\n")
                col = 0
            d.add(it)
            col += len(t)
            continue
        for c in it:
            if c == "\n":
                d.add("\n")
                col = 0
                continue
            enc = c if (32 <= ord(c) < 127 and c != "=") else "".join("=%02X" % b for b in c.encode("utf-8"))
            if col + len(enc) > width:
                d.add("=\n")
                col = 0
            d.add(enc)
            col += len(enc)


EML_SUBJ = {"en": "Update my details", "fi": "Yhteystietojen päivitys", "sv": "Uppdatering av uppgifter", "hu": "Adatmódosítás", "pl": "Zmiana danych",
            "cs": "Změna údajů", "tr": "Bilgi güncelleme", "ro": "Actualizare date", "nl": "Wijziging gegevens", "el": "Αλλαγή στοιχείων", "ru": "Изменение данных"}


def rfc2822(d=None):
    d = d or rand_recent()
    wd = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"][d.weekday()]
    return N(f"{wd}, {d.day} {MONTH_NAMES['en_abbr'][d.month - 1]} {d.year} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d} {ch(['+0100', '+0200', '+0000', '-0500', '+0300'])}", "timestamp")


def msgid():
    return N("<" + "".join(ch(string.ascii_letters + string.digits) for _ in range(R.randint(20, 36))) + "@" + ch(["mail.gmail.com", "eurprd04.prod.outlook.com", "smtp.seznam.cz", "mx.wp.pl"]) + ">", "message_id")


@template("eml_qp", 5, list(EML_SUBJ))
def t_eml(lang):
    d = Doc()
    p = person(lang)
    frm = p.email()
    helpdesk = ch(["support@kestrelpay.io", "help@northgatefreight.com", "care@mapleridge-pharmacy.com", "service@lumenbank-online.eu"])
    if R.random() < 0.4:
        d.add("From MAILER-DAEMON ", N(ch(["Thu Mar  7", "Mon Jan 15", "Fri Oct  4"]) + f" {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d} 2024", "timestamp"), "\n")
    relay = ch(["mail-wm1-f45.google.com", "mail-ej1-f52.google.com", "smtp3.seznam.cz", "mx-out.wp.pl", "EUR05-AM6-obe.outbound.protection.outlook.com"])
    d.add("Return-Path: <", frm.c("hdr_return_path"), ">\n")
    d.add(f"Received: from {relay} ({relay} [", ipv4().c("hdr_received"), "])\n        by mx1.supportdesk-mail.net (Postfix) with ESMTPS id ", N("".join(ch(string.ascii_uppercase + string.digits) for _ in range(14)), "queue_id"),
          "\n        for <", V(helpdesk, "EMAIL_ADDRESS", "email.role.hdr_received_for"), ">; ", rfc2822(), "\n")
    d.add("Message-ID: ", msgid(), "\nDate: ", rfc2822(), "\n")
    d.add("From: \"", p.latin, "\" <", frm.c("hdr_from_angle"), ">\nTo: ", V(helpdesk, "EMAIL_ADDRESS", "email.role.hdr_to"), "\n")
    d.add("Subject: =?UTF-8?Q?", "".join(c if c.isascii() and c.isalnum() else ("_" if c == " " else "".join("=%02X" % b for b in c.encode())) for c in EML_SUBJ[lang]), "?=\n")
    d.add("MIME-Version: 1.0\nContent-Type: text/plain; charset=\"UTF-8\"\nContent-Transfer-Encoding: quoted-printable\n\n")
    L = lang
    body = [ch(LEX[L]["hello"]) + "\n\n", lx(L, "update_phone") + " ", phone(L).c(f"qp_body_{lang}"), ".\n"]
    if R.random() < 0.7:
        asc = [f for f in DATE_FORMS[L] if f in ("numeric_dmy_dot", "numeric_dmy_slash", "iso", "numeric_dmy_dash", "fi_dmy_dot_nopad", "hu_ymd_dot", "cs_dmy_spaced", "numeric_dmy_slash_nopad", "numeric_mdy_slash")]
        body += [lx(L, "born") + " ", dob(L, ch(asc)).c(f"qp_body_{lang}"), ".\n"]
    if lang != "en" and R.random() < 0.6:
        cc = {"fi": "FI", "sv": "SE", "hu": "HU", "pl": "PL", "cs": "CZ", "tr": "TR", "ro": "RO", "nl": "NL", "el": "GR", "ru": "RU"}[lang]
        body += [lx(L, "iban") + ": ", iban(cc, ch(["groups", "compact"])).c(f"qp_body_{lang}"), "\n"]
    elif lang == "en" and R.random() < 0.5:
        body += ["NHS number: ", nhs(ch(["spaces", "compact"])).c("qp_body_en"), "\n"]
    body += ["\n" + ch(LEX[L]["thanks"]) + "\n", p.native + "\n", lx(L, "mobile") + ": ", phone(L, "mobile").c("qp_signature"), "\n"]
    qp_encode_doc(body, d)
    return d, ["eml", "quoted_printable"]


INLINE = {
    "en": ("Hi, answers inline below marked [{n}].", "Could you confirm the best number to reach you on?", "And your date of birth for the security check?",
           "Which card was charged for order", "Original Message", "From", "Sent", "To", "Subject"),
    "nl": ("Hallo, mijn antwoorden staan hieronder tussen de tekst [{n}].", "Op welk nummer kunnen we u het beste bereiken?", "En uw geboortedatum voor de verificatie?",
           "Met welke kaart is bestelling", "Oorspronkelijk bericht", "Van", "Verzonden", "Aan", "Onderwerp"),
    "sv": ("Hej, svaren står nedan i texten [{n}].", "Vilket nummer når vi dig bäst på?", "Och ditt födelsedatum för kontrollen?",
           "Vilket kort debiterades för order", "Ursprungligt meddelande", "Från", "Skickat", "Till", "Ämne"),
    "pl": ("Dzień dobry, odpowiedzi poniżej w treści [{n}].", "Pod jakim numerem najlepiej się z Panem/Panią kontaktować?", "Oraz data urodzenia do weryfikacji?",
           "Którą kartą opłacono zamówienie", "Wiadomość oryginalna", "Od", "Wysłano", "Do", "Temat"),
    "fi": ("Hei, vastaukset alla tekstin seassa [{n}].", "Mistä numerosta tavoitamme teidät parhaiten?", "Entä syntymäaikanne tunnistamista varten?",
           "Millä kortilla tilaus", "Alkuperäinen viesti", "Lähettäjä", "Lähetetty", "Vastaanottaja", "Aihe"),
}


@template("outlook_inline", 4, list(INLINE))
def t_inline(lang):
    d = Doc()
    T = INLINE[lang]
    p = person(lang)
    tag = ch([f"[{p.given}]", f"[{p.given[0]}{p.family[0]}]", f"[{p.given.upper()}]"])
    d.add(T[0].replace("{n}", tag.strip("[]")), "\n\n", ch(LEX[lang]["thanks"]), "\n", p.native, "\n\n")
    sd = rand_recent()
    sent = N(f"{sd:%A}, {sd:%B} {sd.day}, {sd.year} {R.randint(1, 12)}:{R.randint(0, 59):02d} {ch(['AM', 'PM'])}", "timestamp") if lang == "en" else N(f"{sd.day:02d}.{sd.month:02d}.{sd.year} {R.randint(7, 19):02d}:{R.randint(0, 59):02d}", "timestamp")
    d.add(f"-----{T[4]}-----\n{T[5]}: Support <", V(ch(["support@kestrelpay.io", "klantenservice@lumenbank-online.eu", "kundtjanst@nordvarme.se"]), "EMAIL_ADDRESS", "email.role.hdr_from_angle"),
          f">\n{T[6]}: ", sent, f"\n{T[7]}: {p.latin} <", p.email(ch(["first.last", "flast", "digits", "first_last"])).c("hdr_to_angle"), f">\n{T[8]}: RE: ", ticket_no(), "\n\n")
    q = ">> " if R.random() < 0.5 else "> "
    d.add(q, T[1], "\n", tag, " ", phone(lang).c("inline_answer"), ch(["", " (mobile)", " – after 5pm", ""]), "\n", q, "\n")
    d.add(q, T[2], "\n", tag, " ", dob(lang).c("inline_answer"), "\n", q, "\n")
    o = order16()
    d.add(q, T[3], " ", o, "?\n", tag, " ", ch(["Visa ", "Mastercard ", ""]), masked_card(), "\n")
    if R.random() < 0.35:
        d.add(tag, " ", ch(["the new one is", "use this one instead:", "→"]), " ", card().c("inline_answer"), "\n")
    d.add(q, "\n", q, lw(lang, {"en": "Kind regards,", "nl": "Met vriendelijke groet,", "sv": "Med vänlig hälsning,", "pl": "Pozdrawiam,", "fi": "Terveisin,"}), "\n", q, "Customer Care | ", ticket_no())
    return d, ["outlook", "inline_reply"]


MACRO_INTRO = {"en": "we have the following details on file for your account:", "ja": "ご登録いただいている情報は以下のとおりです：",
               "ko": "고객님 계정에 등록된 정보는 다음과 같습니다:", "tr": "hesabınızda kayıtlı bilgiler şunlardır:", "id": "berikut data yang tercatat di akun Anda:",
               "vi": "thông tin đã đăng ký trong tài khoản của anh/chị như sau:", "pl": "w naszym systemie mamy zapisane następujące dane:", "zh": "您账户中登记的信息如下："}
MACRO_TEST = {"en": "Reminder for agents: in the sandbox use the test card {v} only (never a customer's card).",
              "ja": "担当者向け：検証環境ではテストカード {v} のみ使用してください。", "ko": "상담원 참고: 테스트 환경에서는 테스트 카드 {v} 만 사용하세요.",
              "tr": "Temsilci notu: test ortamında yalnızca {v} test kartını kullanın.", "id": "Catatan agen: di sandbox gunakan kartu uji {v} saja.",
              "vi": "Lưu ý cho nhân viên: môi trường thử nghiệm chỉ dùng thẻ test {v}.", "pl": "Uwaga dla konsultantów: w środowisku testowym używamy tylko karty testowej {v}.",
              "zh": "客服提示：测试环境只能使用测试卡 {v}。"}


@template("agent_macro", 4, list(MACRO_INTRO))
def t_macro(lang):
    d = Doc()
    p = person(lang)
    style = ch(["zendesk", "freshdesk", "generic"])
    ph_ph = {"zendesk": "{{ticket.requester.phone}}", "freshdesk": "{{ticket.contact.mobile}}", "generic": "[CUSTOMER_PHONE]"}[style]
    em_ph = {"zendesk": "{{ticket.requester.email}}", "freshdesk": "{{ticket.contact.email}}", "generic": "[CUSTOMER_EMAIL]"}[style]
    dob_ph = {"zendesk": "{{ticket.requester.custom_fields.date_of_birth}}", "freshdesk": "{{ticket.contact.cf_dob}}", "generic": "%DOB%"}[style]
    d.add(f"Macro: \"Verify identity ({lang})\" — last edited ", ndate("en", "date_modified"), "\n---- template ----\n")
    d.add(ch(LEX[lang]["hello"]), " ", "{{ticket.requester.first_name}}" if style != "generic" else "[FIRST_NAME]", "\n", MACRO_INTRO[lang], "\n")
    d.add(f"• {lx(lang, 'phone')}: {ph_ph}\n• {lx(lang, 'email')}: {em_ph}\n• {lx(lang, 'dob')}: {dob_ph}\n---- preview for ", ticket_no(), " ----\n")
    d.add(ch(LEX[lang]["hello"]), " ", p.native, "\n", MACRO_INTRO[lang], "\n")
    d.add(f"• {lx(lang, 'phone')}: ", phone(lang).c(f"macro_preview_{lang}"), "\n")
    d.add(f"• {lx(lang, 'email')}: ", p.email().c(f"macro_preview_{lang}"), "\n")
    d.add(f"• {lx(lang, 'dob')}: ", dob(lang).c(f"macro_preview_{lang}"), "\n")
    d.add(f"• {lx(lang, 'card')}: ", masked_card(), "\n")
    if R.random() < 0.6:
        t = MACRO_TEST[lang].split("{v}")
        d.add("\n", t[0], test_value("card"), t[1], "\n")
    if R.random() < 0.3:
        d.add("Sample SSN format for US forms: ", test_value("ssn"), " (example only).\n")
    d.add(ch(LEX[lang]["thanks"]))
    return d, ["macro"]


STMT = {
    "nl": ("Rekeningafschrift", "Boekdatum", "Valutadatum", "Omschrijving", "Bedrag", "Overboeking van", "Kenmerk", "Betaalpas", "Incasso", "NL", "Saldo"),
    "pl": ("Wyciąg z rachunku", "Data księgowania", "Data waluty", "Opis", "Kwota", "Przelew od", "Tytuł", "Karta", "Polecenie zapłaty", "PL", "Saldo"),
    "cs": ("Výpis z účtu", "Datum zaúčtování", "Datum valuty", "Popis", "Částka", "Příchozí platba od", "VS", "Platba kartou", "Inkaso", "CZ", "Zůstatek"),
    "hu": ("Számlakivonat", "Könyvelés dátuma", "Értéknap", "Közlemény", "Összeg", "Jóváírás, küldő:", "Hivatkozás", "Kártyás vásárlás", "Csoportos beszedés", "HU", "Egyenleg"),
    "ro": ("Extras de cont", "Data înregistrării", "Data valutei", "Detalii", "Sumă", "Transfer primit de la", "Referință", "Plată cu cardul", "Debit direct", "RO", "Sold"),
    "tr": ("Hesap ekstresi", "İşlem tarihi", "Valör", "Açıklama", "Tutar", "Gelen havale/EFT:", "Referans", "Kartlı harcama", "Otomatik ödeme", "TR", "Bakiye"),
    "el": ("Κίνηση λογαριασμού", "Ημ. εγγραφής", "Ημ. αξίας", "Αιτιολογία", "Ποσό", "Έμβασμα από", "Αναφορά", "Αγορά με κάρτα", "Πάγια εντολή", "GR", "Υπόλοιπο"),
    "sv": ("Kontoutdrag", "Bokföringsdag", "Valutadag", "Text", "Belopp", "Insättning från", "Referens", "Kortköp", "Autogiro", "SE", "Saldo"),
    "fi": ("Tiliote", "Kirjauspäivä", "Arvopäivä", "Selite", "Summa", "Tilisiirto, maksaja", "Viite", "Korttiosto", "Suoraveloitus", "FI", "Saldo"),
    "uk": ("Виписка по рахунку", "Дата операції", "Дата валютування", "Призначення", "Сума", "Надходження від", "Референс", "Оплата карткою", "Автоплатіж", "UA", "Залишок"),
    "en": ("Account statement", "Posted", "Effective", "Description", "Amount", "ACH CREDIT from", "Trace", "POS purchase card", "ACH DEBIT", "US", "Balance"),
}
def bic(cc):
    bank = ch(["INGB", "RABO", "BREX", "KOMB", "OTPV", "BTRL", "ISBK", "ETHN", "NDEA", "OKOY", "PBAN", "CITI", "DEUT", "NCBK", "EBIL", "LUMI", "HABA", "BARC", "AIBK", "BSCH"])
    return N(bank + cc + ch(["2A", "PP", "HB", "22", "IS", "AA", "SS", "HH", "2X", "33", "FF", "JE", "AE", "IT", "22", "2L", "2D", "MM"]) + ch(["", "", "XXX"]), "bic")


BICS = ["INGBNL2A", "RABONL2U", "BREXPLPW", "KOMBCZPP", "OTPVHUHB", "BTRLRO22", "ISBKTRIS", "ETHNGRAA", "NDEASESS", "OKOYFIHH", "PBANUA2X", "CITIUS33", "DEUTDEFF"]


@template("bank_statement", 5, list(STMT) + ["en"])
def t_bank(lang):
    d = Doc()
    T = STMT[lang]
    cc = T[9]
    nf = ch([f for f in DATE_FORMS[lang] if "written" not in f]) if lang != "en" else "numeric_mdy_slash"
    sep = " | " if R.random() < 0.5 else "  "
    p0 = rand_recent()
    d.add(T[0], " ", ndate(lang, "statement_period", form=nf, d=p0), " – ", ndate(lang, "statement_period", form=nf, d=p0 + dt.timedelta(days=R.randint(27, 31))), "\n")
    if cc == "US":
        d.add("Routing number: ", aba().c("statement_header"), "   Account: ", N("*" * 6 + rd(4), "masked_account"), "\n")
    else:
        d.add("IBAN: ", iban(cc).c(f"statement_own_{lang}"), "   BIC: ", bic(cc), "\n")
    d.add(sep.join(T[1:5]), sep, T[10], "\n")
    for _ in range(R.randint(3, 5)):
        k = R.random()
        bd = p0 + dt.timedelta(days=R.randint(0, 27))
        d.add(ndate(lang, "booking_date", form=nf, d=bd), sep, ndate(lang, "value_date", form=nf, d=bd + dt.timedelta(days=R.choice([0, 0, 1, 2]))), sep)
        if k < 0.4:
            payer = person(lang if lang != "en" else "en")
            if cc == "US":
                d.add(T[5], " ", payer.latin.upper(), " TRACE ", N(rd(15, "0"), "ach_trace_number"), " ORIG ID ", N(rd(10, "9"), "ach_company_id"))
            else:
                d.add(T[5], " ", payer.native, " ", iban(ch([cc, cc, "DE", "FR", "IT", "ES", "AT", "BE", "LT", "EE", "SK"])).c(f"statement_line_{lang}"), " ", T[6], " ", N(rd(R.randint(8, 12), "2"), "payment_reference"))
        elif k < 0.65:
            d.add(T[7], " ", masked_card(), " ", ch(["ALBERT HEIJN 1207", "BIEDRONKA 4411", "LIDL", "MIGROS", "ICA NARA", "K-MARKET", "SHELL 0421", "AMZN MKTP"]), " ", hhmm())
        elif k < 0.85:
            d.add(T[8], " ", ch(["Vattenfall", "Ziggo", "Orange", "Turkcell", "Vodafone", "E.ON", "Netflix"]), " mandate ", N(rd(9, "8") + ch(["", "-01"]), "mandate_reference"))
            if cc != "US" and R.random() < 0.5:
                d.add(" creditor-id ", N(f"{cc}{R.randint(10, 99)}ZZZ{rd(8, '3')}", "sepa_creditor_id"))
        else:
            d.add(lw(lang, {"en": "Refund", "pl": "Zwrot", "nl": "Terugboeking", "tr": "İade", "sv": "Återbetalning", "cs": "Vratka", "hu": "Visszatérítés", "ro": "Rambursare", "el": "Επιστροφή", "fi": "Hyvitys", "uk": "Повернення"}), " ", invoice_luhn() if R.random() < 0.5 else order16())
        d.add(sep, amount(lang), sep, amount(lang, 100, 9000), "\n")
    if R.random() < 0.3:
        d.add(iban_bad(cc if cc != "US" else "DE"), " ", lw(lang, {"en": "(rejected: invalid IBAN)", "pl": "(odrzucony: błędny IBAN)", "nl": "(geweigerd: ongeldige IBAN)", "cs": "(zamítnuto: neplatný IBAN)", "hu": "(elutasítva: érvénytelen IBAN)", "ro": "(respins: IBAN invalid)", "tr": "(reddedildi: geçersiz IBAN)", "el": "(απορρίφθηκε: μη έγκυρο IBAN)", "sv": "(avvisad: ogiltigt IBAN)", "fi": "(hylätty: virheellinen IBAN)", "uk": "(відхилено: невірний IBAN)"}), "\n")
    return d, ["bank_statement"] + (["us"] if cc == "US" else [])


REMIT = {
    "en": ("REMITTANCE ADVICE", "Payer", "Beneficiary", "Payment date", "Amount", "Invoices settled", "Contact", "Bank"),
    "ar": ("إشعار تحويل", "المحوِّل", "المستفيد", "تاريخ الدفع", "المبلغ", "الفواتير المسددة", "للتواصل", "البنك"),
    "he": ("הודעת תשלום", "המשלם", "המוטב", "תאריך תשלום", "סכום", "חשבוניות ששולמו", "ליצירת קשר", "בנק"),
    "uk": ("ПОВІДОМЛЕННЯ ПРО ПЛАТІЖ", "Платник", "Отримувач", "Дата платежу", "Сума", "Оплачені рахунки", "Контакт", "Банк"),
    "tr": ("ÖDEME BİLDİRİMİ", "Ödeyen", "Alıcı", "Ödeme tarihi", "Tutar", "Kapatılan faturalar", "İletişim", "Banka"),
}


@template("remittance_advice", 4, list(REMIT) + ["en", "en"])
def t_remit(lang):
    d = Doc()
    T = REMIT[lang]
    cc = {"en": ch(["US", "US", "GB", "IE"]), "ar": ch(["AE", "SA", "QA", "KW", "JO", "BH"]), "he": "IL", "uk": "UA", "tr": "TR"}[lang]
    p = person(lang)
    co = ch(["Northgate Freight LLC", "Kestrel Pay Ltd", "Orion Medical Supplies", "Harbor & Pine Logistics"])
    d.add(T[0], "\n", "=" * len(T[0]), "\n", T[1], ": ", co, "\n")
    if cc == "US":
        d.add("ABA/Routing: ", aba().c("remit_payer"), "   Account: ", N(rd(R.randint(8, 12), "3"), "bank_account_number"), "\n")
        d.add(T[2], ": ", p.latin, "\nABA: ", aba().c("remit_beneficiary"), "  Acct: ", N("XXXXXX" + rd(4), "masked_account"), "\n")
    else:
        d.add("IBAN: ", iban(ch([cc, "GB", "DE", "NL"])).c(f"remit_payer_{lang}"), "\n", T[2], ": ", p.native, "\nIBAN: ", iban(cc).c(f"remit_beneficiary_{lang}"), "   SWIFT: ", bic(cc), "\n")
    d.add(T[3], ": ", ndate(lang if lang in DATE_FORMS else "en", "payment_date"), "   ", T[4], ": ", amount("en" if lang in ("en", "ar") else lang, 500, 90000), "\n\n", T[5], ":\n")
    for _ in range(R.randint(2, 4)):
        d.add("  ", ch([invoice_luhn(), N(f"INV-{R.randint(2023, 2025)}-{rd(4)}", "invoice_number"), N(f"{ch(['PO', 'SO'])}{rd(6)}", "purchase_order")]), "   ", amount("en" if lang in ("en", "ar") else lang, 50, 9000), "\n")
    d.add("\n", T[6], ": ", p.email(ch(["role", "first.last", "flast"])).c(f"remit_contact_{lang}"), " / ", phone(lang, "any").c(f"remit_contact_{lang}"), "\n")
    d.add("Ref: ", uuid4())
    return d, ["remittance"] + (["us"] if cc == "US" else [])


def dob_v(fmt, d=None, suffix=""):
    """A US-form DOB with a custom layout: fmt in {'mdy_spaced','mmddyyyy','compact8','mdy_slash','iso'}."""
    d = d or rand_birth()
    t = {"mdy_spaced": f"{d.month:02d} {d.day:02d} {d.year}", "mmddyyyy": f"{d.month:02d}{d.day:02d}{d.year}", "compact8": f"{d.year}{d.month:02d}{d.day:02d}",
         "mdy_slash": f"{d.month:02d}/{d.day:02d}/{d.year}", "iso": d.isoformat()}[fmt]
    return V(t, "DATE_OF_BIRTH", f"dob.{fmt}" + (f".{suffix}" if suffix else ""))


def nd_us(fmt, kind, d=None):
    d = d or rand_recent()
    t = {"mdy_spaced": f"{d.month:02d} {d.day:02d} {d.year}", "mdy_spaced2": f"{d.month:02d} {d.day:02d} {d.year % 100:02d}", "mmddyy": f"{d.month:02d}{d.day:02d}{d.year % 100:02d}",
         "compact8": f"{d.year}{d.month:02d}{d.day:02d}", "mdy_slash": f"{d.month:02d}/{d.day:02d}/{d.year}", "yymmdd": f"{d.year % 100:02d}{d.month:02d}{d.day:02d}"}[fmt]
    return N(t, kind)


def prescriber():
    g, f = ch(PRESCRIBERS)
    return g, f


def ein_compact():
    while True:
        v = f"{R.randint(10, 98)}{rd(7)}"
        if not aba_ok(v):
            return N(v, "ein")


@template("cms1500", 4, ["en"])
def t_cms1500(lang):
    d = Doc()
    p, ins = person("en"), person("en")
    g, f = prescriber()
    d.add("HEALTH INSURANCE CLAIM FORM                    APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12\n")
    d.add("1a. INSURED'S I.D. NUMBER        ", member_id(), "\n")
    d.add(f"2. PATIENT'S NAME (Last, First)   {p.family.upper()}, {p.given.upper()}\n")
    d.add("3. PATIENT'S BIRTH DATE (MM DD YY)  ", dob_v("mdy_spaced", suffix="cms1500_box3"), "   SEX ", ch(["M [X]  F [ ]", "M [ ]  F [X]"]), "\n")
    d.add("5. PATIENT'S ADDRESS   ", str(R.randint(10, 9999)), " ", ch(["OAK ST", "MAPLE AVE", "W 63RD ST", "LAKESHORE DR"]), "   TELEPHONE (Include Area Code) ", phone("us", "geo.parens").c("cms1500_box5"), "\n")
    d.add("11. INSURED'S POLICY GROUP OR FECA NUMBER   ", N(rd(6, "0") + ch(["", "-01"]), "group_number"), "\n")
    if R.random() < 0.6:
        d.add("11a. INSURED'S DATE OF BIRTH  ", dob_v("mdy_spaced", suffix="cms1500_box11a"), "\n")
    d.add("14. DATE OF CURRENT ILLNESS  ", nd_us("mdy_spaced2", "date_illness_onset"), "  QUAL 431\n")
    d.add("17. NAME OF REFERRING PROVIDER  DN ", person("en").latin.upper(), "   17b. NPI ", npi().c("cms1500_box17b"), "\n")
    d.add("21. ICD Ind. 0   A. ", ch(["E119", "I10", "J069", "M545", "F419"]), "   B. ", ch(["Z0000", "R0602", "E785"]), "\n")
    d.add("24A. DATE(S) OF SERVICE ", nd_us("mdy_spaced2", "date_of_service"), "   24D. CPT ", ch(["99213", "99214", "90834", "36415"]), "   24F. $ ", N(f"{R.randint(40, 400)} 00", "amount"), "   24J. RENDERING NPI ", npi().c("cms1500_box24j"), "\n")
    if R.random() < 0.45:
        d.add("25. FEDERAL TAX I.D. NUMBER   SSN [X]  EIN [ ]   ", ssn(ch(["compact", "dashes"])).c("cms1500_box25_ssn"), "\n")
    else:
        d.add("25. FEDERAL TAX I.D. NUMBER   SSN [ ]  EIN [X]   ", ein_compact(), "\n")
    d.add("26. PATIENT'S ACCOUNT NO.  ", N(ch(["PA", "AC", ""]) + rd(7), "patient_account_number"), "      28. TOTAL CHARGE $ ", N(f"{R.randint(50, 900)} {R.randint(0, 99):02d}", "amount"), "\n")
    d.add("32a. NPI ", npi().c("cms1500_box32a"), "\n")
    d.add(f"33. BILLING PROVIDER INFO & PH #  ", phone("us", ch(["geo.parens", "geo.dashes"])).c("cms1500_box33"), f"\n    {g.upper()} {f.upper()} MD PC\n33a. NPI ", npi().c("cms1500_box33a"), "   33b. ", N(ch(["1G", "G2", "ZZ"]) + rd(6), "legacy_provider_id"), "\n")
    return d, ["claim_form", "us"]


@template("ub04", 3, ["en"])
def t_ub04(lang):
    d = Doc()
    p = person("en")
    g, f = prescriber()
    fac = ch(["MERCY LAKES HOSPITAL", "ST BRENDAN MEDICAL CENTER", "VALLEY VIEW REGIONAL"])
    d.add(f"UB-04 CMS-1450\n1 {fac}\n  {R.randint(100, 9999)} {ch(['HOSPITAL DR', 'MEDICAL PKWY', 'N STATE ST'])}\n  {ch(['SPRINGFIELD IL 62701', 'DAYTON OH 45409', 'TULSA OK 74104'])}\n  ", phone("us", ch(["geo.parens", "geo.dashes"])).c("ub04_fl1"), "\n")
    d.add("3a PAT CNTL #  ", N("P" + rd(9), "patient_control_number"), "\n3b MED REC #  ", mrn(ch(["digits7", "digits8", "alpha1", "alpha2"])).c("ub04_fl3b"), "\n")
    d.add("4 TYPE OF BILL  0", ch(["111", "131", "141"]), "      5 FED TAX NO  ", ein(), "\n")
    d.add("6 STATEMENT COVERS PERIOD  FROM ", nd_us("mmddyy", "statement_period"), "  THROUGH ", nd_us("mmddyy", "statement_period"), "\n")
    d.add(f"8 PATIENT NAME  b {p.family.upper()}, {p.given.upper()}\n")
    d.add("10 BIRTHDATE  ", dob_v("mmddyyyy", suffix="ub04_fl10"), "   11 SEX ", ch(["F", "M"]), "   12 ADMISSION DATE ", nd_us("mmddyy", "admission_date"), "  13 HR ", str(R.randint(0, 23)).zfill(2), "\n")
    d.add("42 REV CD  0", ch(["250", "300", "450", "636"]), "   44 HCPCS ", ch(["J1100", "80053", "99284"]), "   47 TOTAL CHARGES ", N(f"{R.randint(100, 9000)} {R.randint(0, 99):02d}", "amount"), "\n")
    d.add("56 NPI  ", npi().c("ub04_fl56"), "\n60 INSURED'S UNIQUE ID  ", member_id(), "\n")
    d.add("76 ATTENDING  NPI ", npi().c("ub04_fl76"), f"   LAST {f.upper()}   FIRST {g.upper()}\n")
    d.add("77 OPERATING  NPI ", npi().c("ub04_fl77"), "\n80 REMARKS  ", ch(["PRIOR AUTH ON FILE", "CORRECTED CLAIM", ""]), " ", claim_no())
    return d, ["claim_form", "us"]


@template("rx_renewal", 8, ["en"])
def t_rx(lang):
    d = Doc()
    p = person("en")
    g, f = prescriber()
    pharm = ch(["Maple Ridge Pharmacy", "CityCare Drug #0412", "Harborview Apothecary", "Sunrise Pharmacy"])
    drug = ch(["Alprazolam 0.5 mg tab", "Zolpidem 10 mg tab", "Oxycodone/APAP 5/325 mg", "Lorazepam 1 mg tab", "Tramadol 50 mg tab", "Methylphenidate ER 36 mg",
               "Lisinopril 20 mg tab", "Atorvastatin 40 mg tab"])
    style = ch(["fax", "inbox", "ncpdp"])
    if style == "fax":
        d.add("*** FAX — RX RENEWAL REQUEST ***  ", ts_plain(), "  Pages: 1 of 1\n", f"FROM: {pharm}   NCPDP: ", N(rd(7, "1"), "ncpdp_id"), "\n")
        d.add("Ph ", phone("us").c("rx_fax_from"), "   Fax ", phone("us").c("rx_fax_from_fax"), "\n")
        d.add(f"TO: Dr. {g} {f}   DEA ", dea(f).c("rx_fax_to"), "   NPI ", npi().c("rx_fax_to"), "\n")
    elif style == "inbox":
        d.add("EHR Inbox › Rx Requests › ", ticket_no(), "\nReceived ", ts_iso(), f" from {pharm}\nPrescriber: {f}, {g} MD — DEA#: ", dea(f).c("rx_inbox"), " — NPI: ", npi().c("rx_inbox"), "\n")
    else:
        d.add("<RxRenewalRequest> MessageID=", uuid4(), " SentTime=", ts_iso(), "\nPharmacy: ", pharm, " NCPDPID=", N(rd(7, "3"), "ncpdp_id"), " Phone=", phone("us", "geo.e164").c("rx_ncpdp"), "\n")
        d.add(f"Prescriber: LastName={f} FirstName={g} DEANumber=", dea(f).c("rx_ncpdp_key"), " NPI=", npi().c("rx_ncpdp_key"), "\n")
    d.add(f"Patient: {p.latin}   DOB: ", dob("en", ch(["numeric_mdy_slash", "iso", "written_en_abbr"])).c("rx_patient"), "   Ph: ", phone("us").c("rx_patient"), "\n")
    d.add(f"Drug: {drug}, qty {ch([30, 60, 90])}, refills 0   NDC ", N(f"{rd(5, '0')}-{rd(4)}-{rd(2)}", "ndc_code"), "\n")
    d.add("Last filled: ", ndate("en", "date_last_filled"), "   Rx#: ", N(rd(7, "6"), "rx_number"), "\n")
    if R.random() < 0.35:
        m = person("en")
        d.add(f"Supervising NP: {m.latin}, APRN  DEA ", dea(m.family, "M").c("rx_midlevel"), "\n")
    if R.random() < 0.2:
        d.add("Note: previous request listed DEA ", dea_bad(f), " which failed validation.\n")
    d.add("Please sign and fax back to ", phone("us").c("rx_fax_back"), " within 48h.  Signature: ________  Date: ________")
    return d, ["pharmacy", "us", style]


@template("prior_auth", 5, ["en"])
def t_pa(lang):
    d = Doc()
    p = person("en")
    g, f = prescriber()
    payer = ch(["BlueHarbor Health Plan", "UnitedCare Rx", "Meridian Medicaid", "CoreScript PBM"])
    d.add(f"PRIOR AUTHORIZATION REQUEST — {payer}\nCase #: ", N(f"PA{rd(9)}", "case_number"), "   Submitted: ", ts_iso(), "\n\n")
    d.add("MEMBER\n  Member ID: ", member_id(), "   Group: ", N(rd(6, "7"), "group_number"), f"\n  Name: {p.latin}\n  Date of Birth: ", dob("en", ch(["numeric_mdy_slash", "written_en_mdy", "iso"])).c("pa_member"), "\n  Phone: ", phone("us").c("pa_member"), "\n\n")
    d.add(f"PRESCRIBER\n  Name: {g} {f}, MD\n  NPI: ", npi().c("pa_prescriber"), "   DEA #: ", dea(f).c("pa_prescriber"), "\n  Office phone: ", phone("us").c("pa_office"), "   Office fax: ", phone("us").c("pa_office_fax"), "\n  Contact: ", person("en").email(ch(["role", "first.last"])).c("pa_office"), "\n\n")
    d.add("MEDICATION\n  ", ch(["Adderall XR 20 mg", "Suboxone 8/2 mg film", "Ozempic 1 mg/dose pen", "Humira 40 mg/0.4 mL"]), "   NDC ", N(f"{rd(5, '0')}-{rd(4)}-{rd(2)}", "ndc_code"), "\n  Diagnosis: ICD-10 ", ch(["F90.0", "F11.20", "E11.65", "L40.0"]), "\n  Start date: ", ndate("en", "date_therapy_start"), "\n")
    return d, ["prior_auth", "us"]


def x12_phone():
    return phone("us", "geo.dashes").text.replace("-", "")


@template("x12_edi", 4, ["en"])
def t_x12(lang):
    d = Doc()
    p = person("en")
    g, f = prescriber()
    nl = "\n" if R.random() < 0.6 else ""
    kind = ch(["837P", "837P", "270", "835"])
    ctl = rd(9, "0")
    d.add("ISA*00*          *00*          *ZZ*", ch(["SUBMITTER01    ", "CLEARHOUSE9    "]), "*ZZ*", ch(["RECEIVER02     ", "PAYERID77      "]), "*", nd_us("yymmdd", "interchange_date"), "*",
          f"{R.randint(0, 23):02d}{R.randint(0, 59):02d}", "*^*00501*", N(ctl, "control_number"), "*0*P*:~", nl)
    d.add("GS*", {"837P": "HC", "270": "HS", "835": "HP"}[kind], "*SENDER*RECEIVER*", nd_us("compact8", "group_date"), f"*{R.randint(1000, 2359)}*{R.randint(1, 999)}*X*005010X", {"837P": "222A1", "270": "279A1", "835": "221A1"}[kind], "~", nl)
    if kind == "835":
        d.add("ST*835*0001~", nl, "BPR*I*", N(f"{R.randint(100, 9000)}.{R.randint(0, 99):02d}", "amount"), "*C*ACH*CCP*01*", aba().c("x12_bpr07"), "*DA*", N(rd(10, "5"), "bank_account_number"),
              "*", N(rd(10, "3"), "payer_company_id"), "**01*", aba().c("x12_bpr13"), "*DA*", N(rd(9, "7"), "bank_account_number"), "*", nd_us("compact8", "payment_date"), "~", nl)
        d.add("TRN*1*", N(rd(12, "4"), "trace_number"), "*", N(rd(10, "4"), "payer_company_id"), "~", nl)
        d.add("N1*PE*", ch(["RIVERSIDE MEDICAL GROUP", "LAKESHORE CLINIC"]), "*XX*", npi().c("x12_n1_pe"), "~", nl)
        d.add("CLP*", N("PA" + rd(7), "patient_account_number"), "*1*", N(f"{R.randint(100, 900)}", "amount"), "*", N(f"{R.randint(50, 400)}", "amount"), "**12*", claim_no(), "~", nl)
        d.add(f"NM1*QC*1*{p.family.upper()}*{p.given.upper()}****MI*", member_id(), "~", nl)
    else:
        d.add(f"ST*{kind[:3]}*0001*005010X{ {'837P': '222A1', '270': '279A1'}[kind] }~", nl)
        d.add("NM1*41*2*", ch(["ACME BILLING SVC", "CLEARPATH RCM"]), "*****46*", N(rd(5, "7"), "submitter_id"), "~", nl)
        d.add("PER*IC*", person("en").latin.upper(), "*TE*", V(x12_phone(), "PHONE_NUMBER", "phone.us.geo.compact.x12_per_te"), "*EM*", person("en").email(ch(["role", "first.last"])).c("x12_per_em"), "~", nl)
        d.add("NM1*85*2*", ch(["RIVERSIDE MEDICAL GROUP", "NORTH SHORE PEDIATRICS", "HARMON FAMILY PRACTICE"]), "*****XX*", npi().c("x12_nm1_85"), "~", nl)
        d.add("REF*EI*", ein_compact(), "~", nl)
        d.add(f"NM1*IL*1*{p.family.upper()}*{p.given.upper()}****MI*", member_id(), "~", nl)
        d.add("DMG*D8*", dob_v("compact8", suffix="x12_dmg"), "*", ch(["F", "M"]), "~", nl)
        if kind == "837P":
            d.add("CLM*", N("PA" + rd(7), "patient_account_number"), "*", N(str(R.randint(60, 900)), "amount"), "***11:B:1*Y*A*Y*Y~", nl)
            d.add("DTP*472*D8*", nd_us("compact8", "date_of_service"), "~", nl)
            d.add(f"NM1*82*1*{f.upper()}*{g.upper()}****XX*", npi().c("x12_nm1_82"), "~", nl)
            if R.random() < 0.35:
                d.add("REF*SY*", ssn("compact").c("x12_ref_sy"), "~", nl)
        else:
            d.add("DTP*291*D8*", nd_us("compact8", "eligibility_date"), "~", nl, "EQ*30~", nl)
    d.add("SE*", str(R.randint(12, 40)), "*0001~", nl, "GE*1*", str(R.randint(1, 999)), "~", nl, "IEA*1*", N(ctl, "control_number"), "~")
    return d, ["x12", "us", kind.lower()]


@template("cda_xml", 3, ["en"])
def t_cda(lang):
    d = Doc()
    p = person("en")
    g, f = prescriber()
    ph = phone("us", "geo.intl_dashes")
    d.add('<?xml version="1.0" encoding="UTF-8"?>\n<ClinicalDocument xmlns="urn:hl7-org:v3">\n  <templateId root="2.16.840.1.113883.10.20.22.1.1"/>\n')
    d.add('  <id root="2.16.840.1.113883.19.5" extension="', uuid4(), '"/>\n  <effectiveTime value="', N(f"{rand_recent().strftime('%Y%m%d')}{R.randint(0, 23):02d}{R.randint(0, 59):02d}{R.randint(0, 59):02d}-0500", "timestamp"), '"/>\n')
    d.add('  <recordTarget>\n    <patientRole>\n      <id extension="', mrn(ch(["digits7", "digits8", "alpha1", "digits6"])).c("cda_patientrole_id"), '" root="2.16.840.1.113883.19.5.99999.2" assigningAuthorityName="', ch(["Riverside MRN", "MRN", "Hospital MRN"]), '"/>\n')
    d.add('      <telecom use="HP" value="tel:', ph.c("cda_telecom"), '"/>\n')
    if R.random() < 0.6:
        d.add('      <telecom use="WP" value="mailto:', p.email().c("cda_telecom"), '"/>\n')
    d.add(f'      <patient>\n        <name use="L"><given>{p.given}</given><family>{p.family}</family></name>\n        <administrativeGenderCode code="{ch("FM")}" codeSystem="2.16.840.1.113883.5.1"/>\n')
    d.add('        <birthTime value="', dob_v("compact8", suffix="cda_birthtime"), '"/>\n      </patient>\n    </patientRole>\n  </recordTarget>\n')
    d.add('  <author>\n    <time value="', nd_us("compact8", "document_date"), '"/>\n    <assignedAuthor>\n      <!-- NPI -->\n      <id root="2.16.840.1.113883.4.6" extension="', npi().c("cda_author_id"), '"/>\n')
    d.add(f'      <assignedPerson><name><given>{g}</given><family>{f}</family><suffix>MD</suffix></name></assignedPerson>\n    </assignedAuthor>\n  </author>\n</ClinicalDocument>')
    return d, ["xml", "cda"]


@template("payroll_deposit", 4, ["en"])
def t_payroll(lang):
    d = Doc()
    p = person("en")
    co = ch(["Northgate Freight", "Kestrel Pay", "Hollister Dental Group", "Orion Medical Supplies"])
    d.add(f"Direct Deposit Authorization — {co} Payroll\n", "Employee: ", p.latin, "   Employee ID: ", N(f"E{rd(6)}", "employee_id"), "\n")
    d.add("SSN: ", ssn().c("payroll_form") if R.random() < 0.75 else masked_ssn(), "\n")
    d.add("Bank: ", ch(["First Lakes Credit Union", "Harbor National Bank", "Chase", "Wells Fargo"]), "\nRouting number (9 digits): ", aba().c("payroll_form"), "\nAccount number: ", N(rd(R.randint(8, 12), "4"), "bank_account_number"),
          "   Type: ", ch(["Checking", "Savings"]), "\n")
    if R.random() < 0.4:
        d.add("Split: ", N(f"${R.randint(1, 9)}00.00", "amount"), " to savings — routing ", aba().c("payroll_split"), " account ", N(rd(10, "3") + "9", "bank_account_number"), "\n")
    if R.random() < 0.5:
        d.add("Voided check MICR line: ", "⑆", aba("micr").c("voided_check"), "⑆ ", N(rd(10, "2") + "7", "bank_account_number"), "⑈ ", N(str(R.randint(1001, 1999)), "check_number"), "\n")
    d.add("Effective pay date: ", ndate("en", "pay_date"), "\nPersonal phone: ", phone("us").c("payroll_form"), "   Personal email: ", p.email().c("payroll_form"), "\n")
    d.add("Signature: /s/ ", p.latin, "   Date: ", ndate("en", "date_signed"))
    return d, ["payroll", "us"]


@template("latex_doc", 2, ["en"])
def t_latex(lang):
    d = Doc()
    p = person("en")
    em = p.email()
    d.add("\\documentclass[11pt]{article}\n\\usepackage{hyperref}\n\\begin{document}\n\\section*{Participant enrolment --- Study \\texttt{", N(f"RB-{R.randint(2022, 2025)}-{rd(3)}", "study_id"), "}}\n")
    d.add("\\begin{tabular}{ll}\nName: & ", p.latin, " \\\\\n", ch(["Date of birth", "DOB"]), ": & ", dob("en", ch(["numeric_mdy_slash", "written_en_mdy", "iso"])).c("latex_tabular"), " \\\\\n")
    d.add("MRN: & \\texttt{", mrn().c("latex_texttt"), "} \\\\\n", "Phone: & ", phone("us").c("latex_tabular"), " \\\\\n")
    d.add("E-mail: & \\href{mailto:", em.c("latex_href_target"), "}{", em.c("latex_href_text"), "} \\\\\nConsent signed: & ", ndate("en", "date_consent"), " \\\\\n")
    d.add("Visit window: & ", ndate("en", "date_appointment"), "--", ndate("en", "date_appointment"), " \\\\\n\\end{tabular}\n\n\\noindent Site PI NPI: \\texttt{", npi().c("latex_texttt"), "}\n\\end{document}")
    return d, ["latex"]


ASSET_HDR = {"en": ("Asset tag", "Hostname", "Public IP", "MAC", "Serial", "Firmware", "Owner", "Purchased"),
             "ja": ("資産番号", "ホスト名", "グローバルIP", "MACアドレス", "シリアル", "ファームウェア", "管理者", "購入日"),
             "ko": ("자산번호", "호스트명", "공인 IP", "MAC 주소", "시리얼", "펌웨어", "담당자", "구매일"),
             "nl": ("Assetnummer", "Hostnaam", "Publiek IP", "MAC-adres", "Serienummer", "Firmware", "Eigenaar", "Aangeschaft"),
             "sv": ("Inventarienr", "Värdnamn", "Publik IP", "MAC-adress", "Serienummer", "Firmware", "Ägare", "Inköpt")}


@template("asset_inventory", 4, list(ASSET_HDR) + ["en"])
def t_assets(lang):
    d = Doc()
    H = ASSET_HDR[lang]
    layout = ch(["csv_semicolon", "fixed", "pipe"])
    sep = {"csv_semicolon": ";", "fixed": "  ", "pipe": " | "}[layout]
    d.add(ch(["IT asset export", "CMDB export", "Inventory snapshot"]), " ", ts_plain(), "\n")
    d.add(sep.join(H), "\n")
    mstyle = ch(["colon", "dash", "cisco", "upper_colon"])
    dform = ch([f for f in DATE_FORMS[lang] if "written" not in f and "era" not in f and f not in ("ja_fullwidth", "he_written", "ar_written")])
    codom = ch([x for x in EMAIL_DOMAINS[lang] if x.split(".")[0] not in FREEMAIL] or ["kestrelpay.io"])
    for i in range(R.randint(3, 6)):
        o = person(lang)
        d.add(N(f"{ch(['IT', 'AST', 'HW'])}-{rd(5)}", "asset_tag"), sep, f"{ch(['fw', 'sw', 'ap', 'nas', 'cam', 'srv', 'prn'])}-{ch(['hq', 'osaka', 'seoul', 'ams', 'sto', 'branch'])}-{i + 1:02d}", sep)
        d.add(ip(0.3).c(f"inventory_{layout}"), sep, mac(mstyle), sep, serial_no(), sep, version(), sep, o.email(ch(["first.last", "flast", "role"]), domain=codom).c(f"inventory_{layout}"), sep,
              ndate(lang, "date_purchased", form=dform), "\n")
    d.add(lw(lang, {"en": "Total", "ja": "合計", "ko": "합계", "nl": "Totaal", "sv": "Totalt"}), ": ", str(R.randint(40, 900)), "  (", ch(["export id", "job"]), " ", uuid4(), ")")
    return d, ["inventory", layout]


def fw_line():
    k = ch(["fortigate", "asa", "openvpn", "pfsense", "vpcflow", "wireguard", "paloalto"])
    if k == "fortigate":
        dd = rand_recent()
        return k, seq("date=", N(dd.isoformat(), "date_log"), " time=", N(f"{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}", "time_of_day"), ' devname="FGT-', ch(["HQ", "DC2", "BR07"]),
                      '" devid="', N("FG" + ch(["100F", "60F", "200E"]) + "TK" + rd(8), "serial_number"), '" logid="', N(rd(10, "0"), "log_id"), '" type="traffic" subtype="forward" level="notice" srcip=',
                      *((ipv6().c("log_fortigate_srcip"), f" srcport={R.randint(1024, 65535)} srcintf=\"wan1\" dstip=", ipv6().c("log_fortigate_dstip")) if R.random() < 0.15 else
                        (ipv4().c("log_fortigate_srcip"), f" srcport={R.randint(1024, 65535)} srcintf=\"wan1\" dstip=", ipv4().c("log_fortigate_dstip"))), f" dstport={ch([443, 22, 3389, 8443])} action=\"{ch(['deny', 'accept', 'close'])}\" policyid={R.randint(1, 90)}",
                      ' user="', person("en").email(ch(["first.last", "flast"])).c("log_fortigate_user"), '"')
    if k == "asa":
        return k, seq(ts_syslog(), " fw01 %ASA-6-302013: Built inbound TCP connection ", str(R.randint(100000, 9999999)), " for outside:", ip(0.1).c("log_asa"), f"/{R.randint(1024, 65535)} (", ip(0.1).c("log_asa_mapped"),
                      f"/{R.randint(1024, 65535)}) to dmz:", ipv4().c("log_asa"), f"/{ch([443, 25, 993])} (", ipv4().c("log_asa_mapped"), f"/{ch([443, 25, 993])})")
    if k == "openvpn":
        return k, seq(ts_plain(), " ", ipv4().c("log_openvpn_with_port"), f":{R.randint(1024, 65535)} [", person("en").email(ch(["first.last", "flast"])).c("log_openvpn_cn"), "] Peer Connection Initiated with [AF_INET]",
                      ipv4().c("log_openvpn_with_port"), ":1194")
    if k == "pfsense":
        return k, seq(ts_syslog(), f" pfsense filterlog[{R.randint(1000, 99999)}]: {R.randint(4, 90)},,,{rd(10, '1')},igb0,match,{ch(['block', 'pass'])},in,4,0x0,,{ch([52, 64, 117, 128])},0,0,DF,6,tcp,60,",
                      ipv4().c("log_pfsense_csv"), ",", ipv4().c("log_pfsense_csv"), f",{R.randint(1024, 65535)},{ch([443, 22, 25])},0,S,{rd(10, '2')},,64240,,mss")
    if k == "vpcflow":
        return k, seq("2 ", aws_account(), " eni-", hexhash(17, "aws_resource_id"), " ", ipv4().c("log_vpc_flow"), " ", ipv4().c("log_vpc_flow"), f" {ch([443, 80, 22])} {R.randint(1024, 65535)} 6 {R.randint(1, 90)} {R.randint(40, 90000)} ",
                      N(str(R.randint(1700000000, 1760000000)), "epoch_timestamp"), " ", N(str(R.randint(1700000000, 1760000000)), "epoch_timestamp"), " ", ch(["ACCEPT", "REJECT"]), " OK")
    if k == "wireguard":
        return k, seq("peer: ", N(base64.b64encode(_rb(32)).decode(), "wireguard_public_key"), "\n  endpoint: ", ipv4().c("log_wg_endpoint_port"), f":{R.randint(1024, 65535)}\n  latest handshake: {R.randint(1, 59)} seconds ago\n  transfer: {R.randint(1, 900)}.{R.randint(0, 99)} MiB received")
    return k, seq("1,", N(f"{rand_recent():%Y/%m/%d} {R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}", "timestamp"), ",", N(rd(12, "0"), "serial_number"), ",THREAT,vulnerability,2560,,",
                  ipv4().c("log_panos_csv"), ",", ipv4().c("log_panos_csv"), ",,,", ch(["allow-web", "block-rdp"]), ",", person("en").email("flast").c("log_panos_user") if R.random() < 0.5 else "", ",,web-browsing,vsys1,untrust,dmz")


@template("firewall_vpn_log", 5, ["en"])
def t_fw(lang):
    d = Doc()
    d.add(ch(["Customer attached the firewall export:", "Excerpt from the VPN gateway (times UTC):", "Raw log lines from the SIEM search:", "From the edge firewall, filtered on the source:"]), "\n\n")
    kinds = []
    for _ in range(R.randint(3, 6)):
        k, line = fw_line()
        kinds.append(k)
        d.add(line, "\n")
    d.add("\n", ch(["Search id", "Export", "Query"]), " ", uuid4(), ", ", str(R.randint(1000, 90000)), " events.")
    return d, ["netlog"] + sorted(set(kinds))


@template("k8s_output", 3, ["en"])
def t_k8s(lang):
    d = Doc()
    ns = ch(["prod", "payments", "patient-portal", "ingress-nginx"])
    d.add("$ kubectl get svc -n ", ns, " -o custom-columns=NAME:.metadata.name,EXTERNAL-IP:.status.loadBalancer.ingress[0].ip\nNAME                EXTERNAL-IP\n")
    for s in R.sample(["api-gateway", "web", "grpc-edge", "webhooks"], R.randint(1, 3)):
        d.add(f"{s:<20}", ip(0.25).c("k8s_svc_table"), "\n")
    pod = f"api-{hexhash(9, 'k8s_pod_hash').text[:9]}-{''.join(ch(string.ascii_lowercase + string.digits) for _ in range(5))}"
    d.add(f"\n$ kubectl describe pod {pod} -n {ns}\nName:         {pod}\nNamespace:    {ns}\nStart Time:   ", rfc2822(), "\nContainers:\n  api:\n    Image:      ghcr.io/", ch(["acme", "kestrel", "northgate"]), "/api:", version(),
          "\n    Image ID:   ghcr.io/acme/api@sha256:", hexhash(64), "\n    Environment:\n      AWS_ACCESS_KEY_ID:      ", aws().c("k8s_describe_env"), "\n      AWS_SECRET_ACCESS_KEY:  ", aws_secret(),
          "\n      SUPPORT_INBOX:          ", V(ch(["support@kestrelpay.io", "alerts@northgatefreight.com", "oncall@riverbend-health.org"]), "EMAIL_ADDRESS", "email.role.k8s_describe_env"),
          "\nEvents:\n  Type     Reason   Age   From     Message\n  Warning  BackOff  ", str(R.randint(1, 59)), "m    kubelet  Back-off restarting failed container\n")
    if R.random() < 0.7:
        d.add("\n$ kubectl get secret origin-tls -n ", ns, " -o yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: origin-tls\n  uid: ", uuid4(), "\ntype: kubernetes.io/tls\nstringData:\n  tls.key: |\n    ",
              pem(ch(["pkcs8", "rsa", "ec"]), "indented", indent="    ").c("k8s_secret_yaml"), "\ndata:\n  tls.crt: ", N(base64.b64encode(b"-----BEGIN CERTIFICATE-----\n" + base64.b64encode(_rb(60))).decode(), "base64_blob"), "\n")
    return d, ["kubernetes"]


@template("terraform_output", 3, ["en"])
def t_tf(lang):
    d = Doc()
    key = aws("AKIA")
    d.add("aws_iam_user.ci: Creation complete after 1s [id=", ch(["ci-deployer", "svc-reporting", "backup-bot"]), "]\naws_iam_access_key.ci: Creating...\naws_iam_access_key.ci: Creation complete after 0s [id=", key.c("terraform_apply_id"), "]\n")
    d.add("aws_instance.bastion: Creation complete after 32s [id=i-", hexhash(17, "aws_resource_id"), "]\naws_eip.bastion: Creation complete after 1s [id=eipalloc-", hexhash(17, "aws_resource_id"), "]\n\n")
    d.add(f"Apply complete! Resources: {R.randint(3, 20)} added, 0 changed, 0 destroyed.\n\nOutputs:\n\n")
    d.add("account_id = \"", aws_account(), "\"\nbastion_public_ip = \"", ipv4().c("terraform_output"), "\"\n")
    if R.random() < 0.6:
        d.add("bastion_ipv6 = \"", ipv6("compressed").c("terraform_output"), "\"\n")
    d.add("ci_access_key_id = \"", V(key.text, key.ent, key.fmt).c("terraform_output"), "\"\nci_secret = <sensitive>\n")
    if R.random() < 0.75:
        d.add("deploy_key_pem = <<EOT\n", pem(ch(["rsa", "openssh", "ec"])).c("terraform_heredoc"), "\n\nEOT\n")
    d.add("nat_gateway_ids = [\n  \"nat-", hexhash(17, "aws_resource_id"), "\",\n]\nterraform_version = \"", version(), "\"")
    return d, ["terraform"]


@template("diff_paste", 3, ["en"])
def t_diff(lang):
    d = Doc()
    d.add(ch(["Found this in the PR the contractor opened:", "Customer's security team flagged this commit:", "Pasting the diff from the incident:"]), "\n\n")
    k = R.random()
    a, b = hexhash(7).text, hexhash(7).text
    if k < 0.4:
        d.add("diff --git a/config/settings.py b/config/settings.py\nindex ", N(a, "git_sha_short"), "..", N(b, "git_sha_short"), " 100644\n--- a/config/settings.py\n+++ b/config/settings.py\n@@ -12,7 +12,9 @@ DATABASES = {\n")
        d.add("-AWS_ACCESS_KEY_ID = os.environ[\"AWS_ACCESS_KEY_ID\"]\n+AWS_ACCESS_KEY_ID = \"", aws().c("diff_added_line"), "\"\n+AWS_SECRET_ACCESS_KEY = \"", aws_secret(), "\"\n")
        d.add(" ADMINS = [(\"Ops\", \"", V(ch(["ops@northgatefreight.com", "it@hollisterdental.com", "admin@kestrelpay.io"]), "EMAIL_ADDRESS", "email.role.diff_context_line"), "\")]\n")
    elif k < 0.7:
        d.add("diff --git a/.npmrc b/.npmrc\nnew file mode 100644\nindex 0000000..", N(b, "git_sha_short"), "\n--- /dev/null\n+++ b/.npmrc\n@@ -0,0 +1,2 @@\n+@", ch(["acme", "kestrel"]), ":registry=https://npm.pkg.github.com\n+//npm.pkg.github.com/:_authToken=", gh().c("diff_npmrc"), "\n")
    else:
        d.add("diff --git a/deploy/id_deploy b/deploy/id_deploy\nnew file mode 100600\nindex 0000000..", N(b, "git_sha_short"), "\n--- /dev/null\n+++ b/deploy/id_deploy\n@@ -0,0 +1,", str(R.randint(7, 27)), " @@\n+",
              pem(ch(["openssh", "rsa"]), "prefixed", indent="+").c("diff_added_file"), "\n")
    au = person("en")
    d.add("\ncommit ", hexhash(40, "git_sha"), "\nAuthor: ", au.latin, " <", au.email(ch(["first.last", "flast", "first_last"])).c("git_author"), ">\nDate:   ", rfc2822())
    return d, ["diff"]


@template("ci_log", 3, ["en"])
def t_ci(lang):
    d = Doc()
    kind = ch(["gha", "gitlab", "jenkins"])

    def t():
        return N(f"{rand_recent().isoformat()}T{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d}.{rd(7)}Z", "timestamp")
    if kind == "gha":
        d.add(t(), " ##[group]Run actions/checkout@v4\n", t(), " Runner name: 'gh-runner-", str(R.randint(1, 40)), "'  public IP: ", ipv4().c("ci_runner"), "\n")
        d.add(t(), " env:\n", t(), "   AWS_ACCESS_KEY_ID: ***\n", t(), "   AWS_REGION: eu-west-1\n")
        d.add(t(), " remote: Invalid username or password.\n", t(), " fatal: Authentication failed for 'https://x-access-token:", gh("ghs").c("ci_url_userinfo"), "@github.com/", ch(["acme", "kestrel"]), "/api.git/'\n")
        d.add(t(), " ##[error]Process completed with exit code 128.")
    elif kind == "gitlab":
        d.add("Running with gitlab-runner ", version(), " (", hexhash(8, "git_sha_short"), ")\n  on docker-", str(R.randint(1, 9)), " ", N("".join(ch(string.ascii_letters + string.digits) for _ in range(8)), "runner_token_short"), "\n")
        d.add("$ aws configure set aws_access_key_id ", aws().c("ci_shell_echo"), "\n$ aws s3 cp dist/ s3://", ch(["acme-artifacts", "kp-builds"]), "/ --recursive\nupload failed: An error occurred (InvalidAccessKeyId)\n")
        d.add("$ curl -s https://ifconfig.me\n", ipv4().c("ci_stdout"), "\nERROR: Job failed: exit code 1")
    else:
        d.add("[Pipeline] sh\n+ curl -sf -H 'Authorization: token ", gh(ch(["ghp", "pat"])).c("ci_curl_header"), "' https://api.github.com/repos/", ch(["acme", "kestrel"]), "/infra/releases\n")
        d.add("curl: (22) The requested URL returned error: 401\n[Pipeline] echo\nNotify ", person("en").email().c("ci_notify"), " (build ", build_no(), ")\nFinished: FAILURE")
    return d, ["ci", kind]


@template("shell_session", 3, ["en"])
def t_shell(lang):
    d = Doc()
    host = ch(["bastion-01", "ops-jump", "web-eu-2"])
    pr = f"ops@{host}:~$ "
    d.add(pr, "ip -6 addr show dev eth0 scope global\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP qlen 1000\n    inet6 ", ipv6(ch(["compressed", "full"])).c("shell_ip_addr_cidr"), f"/{ch([64, 56, 48])} scope global dynamic\n       valid_lft {R.randint(1000, 86400)}sec preferred_lft {R.randint(100, 14400)}sec\n")
    d.add(pr, "dig +short ", ch(["api.partner-gateway.com", "sftp.clearpath-rcm.net", "mx.kestrelpay.io"]), "\n")
    for _ in range(R.randint(1, 3)):
        d.add(ipv4().c("shell_dig"), "\n")
    k = R.random()
    if k < 0.35:
        d.add(pr, "curl -s -H \"Authorization: token ", gh().c("shell_curl"), "\" https://api.github.com/user | jq -r .email\n", person("en").email().c("shell_stdout"), "\n")
    elif k < 0.7:
        d.add(pr, "cat ~/.ssh/id_ed25519\n", pem("openssh").c("shell_cat"), "\n")
    else:
        d.add(pr, "export AWS_ACCESS_KEY_ID=", aws().c("shell_export"), "\n", pr, "export AWS_SECRET_ACCESS_KEY=", aws_secret(), "\n")
    d.add(pr, "aws configure list\n      Name                    Value             Type    Location\n      ----                    -----             ----    --------\n   profile                <not set>             None    None\naccess_key     ",
          N("****************" + "".join(ch(B32) for _ in range(4)), "masked_key"), " shared-credentials-file\nsecret_key     ", N("****************" + "".join(ch(string.ascii_letters) for _ in range(4)), "masked_key"),
          " shared-credentials-file\n    region                ", ch(["eu-west-1", "us-east-1", "ap-southeast-2"]), "      config-file    ~/.aws/config\n")
    d.add(pr, "ssh-keygen -lf ~/.ssh/id_ed25519.pub\n256 SHA256:", N(base64.b64encode(_rb(32)).decode().rstrip("="), "ssh_fingerprint"), " ops@", host, " (ED25519)\n")
    if R.random() < 0.4:
        d.add(pr, "cat ~/.ssh/authorized_keys | head -1\n", N(f"ssh-ed25519 {base64.b64encode(struct.pack('>I', 11) + b'ssh-ed25519' + struct.pack('>I', 32) + _rb(32)).decode()} deploy@ci", "ssh_public_key"), "\n")
    return d, ["shell"]


DEVICE = {"en": ("Infusion pump event log", "occlusion alarm acknowledged", "upload to gateway"), "ja": ("輸液ポンプ イベントログ", "閉塞アラーム確認済み", "ゲートウェイへ送信"),
          "nl": ("Infuuspomp gebeurtenislog", "occlusie-alarm bevestigd", "upload naar gateway"), "sv": ("Infusionspump händelselogg", "ocklusionslarm kvitterat", "uppladdning till gateway")}


@template("device_log", 3, list(DEVICE) + ["en"])
def t_device(lang):
    d = Doc()
    T = DEVICE[lang]
    kind = ch(["pump", "cgm", "cpap"])
    d.add(T[0] if kind == "pump" else ch(["CGM sync log", "CPAP therapy upload log"]), " — ", serial_no(), " FW ", version(), "\n")
    t0 = [dt.datetime(2023, 1, 1) + dt.timedelta(seconds=R.randint(0, 3 * 365 * 86400))]

    def t():
        t0[0] += dt.timedelta(seconds=R.randint(3, 900))
        return seq("[", N(t0[0].strftime("%Y-%m-%dT%H:%M:%S") + ch(["Z", f".{R.randint(0, 999):03d}Z"]), "timestamp"), "] ")
    d.add(t(), "BOOT fw=", version(), " bl=", version(), " batt=", str(R.randint(20, 100)), "%\n")
    d.add(t(), "PATIENT_ASSOC mrn=", mrn(ch(["digits7", "digits8", "alpha1", "alpha2"])).c("device_kv"), " ", ch(["dob=", "birth_date=", "pt_dob="]), dob_v(ch(["iso", "compact8"]), suffix="device_kv"), " ward=", ch(["4B", "ICU2", "5N"]), " bed=", str(R.randint(1, 30)), "\n")
    if kind == "pump":
        d.add(t(), "ALARM OCCLUSION_DOWNSTREAM rate=", str(R.randint(5, 250)), "mL/h — ", T[1], "\n")
    d.add(t(), "NET dhcp lease ok, gw link ", mac(), "\n")
    d.add(t(), "UPLOAD ", T[2], " host=", ip(0.3).c("device_upload"), " port=443 status=", ch(["200", "503", "200"]), " bytes=", str(R.randint(1000, 90000)), "\n")
    if R.random() < 0.5:
        d.add(t(), "SYNC clinician=", person(lang).email(ch(["first.last", "flast"])).c("device_kv"), " session=", uuid4(), "\n")
    d.add(t(), "SHUTDOWN reason=", ch(["user", "low_battery", "dock"]))
    return d, ["device_log", kind]


SCHED = {"en": ("Clinic schedule", "Time", "Patient", "Visit", "Provider (NPI)"), "ja": ("外来予約一覧", "時刻", "患者名", "受診区分", "担当医"),
         "ko": ("외래 예약 현황", "시간", "환자명", "진료구분", "담당의"), "zt": ("門診預約表", "時間", "病患姓名", "門診類別", "主治醫師"),
         "th": ("ตารางนัดผู้ป่วย", "เวลา", "ชื่อผู้ป่วย", "ประเภท", "แพทย์"), "vi": ("Lịch hẹn khám", "Giờ", "Bệnh nhân", "Loại khám", "Bác sĩ"),
         "id": ("Jadwal poliklinik", "Jam", "Pasien", "Jenis kunjungan", "Dokter"), "tr": ("Poliklinik randevu listesi", "Saat", "Hasta", "Muayene", "Hekim"),
         "pl": ("Grafik przychodni", "Godz.", "Pacjent", "Wizyta", "Lekarz"), "he": ("יומן תורים", "שעה", "מטופל/ת", "סוג ביקור", "רופא/ה")}
VISITS = {"en": ["New patient", "Follow-up", "Telehealth", "Annual physical"], "ja": ["初診", "再診", "オンライン"], "ko": ["초진", "재진", "비대면"], "zt": ["初診", "複診"],
          "th": ["ผู้ป่วยใหม่", "ติดตามอาการ"], "vi": ["Khám mới", "Tái khám"], "id": ["Baru", "Kontrol"], "tr": ["İlk muayene", "Kontrol"], "pl": ["Pierwsza", "Kontrolna", "Teleporada"],
          "he": ["ביקור ראשון", "מעקב"]}


@template("clinic_schedule", 6, list(SCHED) + ["en"])
def t_sched(lang):
    d = Doc()
    T = SCHED[lang]
    layout = ch(["semicolon", "fixed", "pipe"])
    sep = {"semicolon": ";", "fixed": "   ", "pipe": " | "}[layout]
    mlabel = LEX[lang]["mrn"][0] if lang != "en" else ch(["MRN", "Med Rec #"])
    d.add(T[0], " — ", ndate(lang, "date_appointment", form=ch([f for f in DATE_FORMS[lang] if "era" not in f and f != "ja_fullwidth"])), "\n")
    d.add(sep.join([T[1], T[2], LEX[lang]["dob"][0], mlabel, LEX[lang]["phone"][0], T[3], T[4]]), "\n")
    dform = ch([f for f in DATE_FORMS[lang] if "written" not in f and f not in ("ja_era", "roc_era", "ja_fullwidth")] or ["iso"])
    mstyle = ch(["digits6", "digits7", "digits8", "alpha1", "alpha2", "dashed", "yearseq"])
    people = R.sample(NAMES[lang], min(len(NAMES[lang]), R.randint(3, 5)))
    t0 = R.randint(8 * 4, 11 * 4)
    for k, row in enumerate(people):
        p = person(lang)
        p.native, p.given, p.family = row
        t0 += R.randint(1, 3)
        d.add(N(f"{t0 // 4:02d}:{(t0 % 4) * 15:02d}", "time_of_day"), sep, p.native, sep, dob(lang, dform).c(f"schedule_{layout}_col"), sep,
              mrn(mstyle).c(f"schedule_{layout}_col"), sep, phone(lang).c(f"schedule_{layout}_col"), sep, ch(VISITS[lang]), sep)
        if lang == "en":
            g, f = prescriber()
            d.add(f"Dr {f} (", npi().c("schedule_provider_col"), ")")
        else:
            d.add(person(lang).native)
        d.add("\n")
    d.add({"en": "Exported", "ja": "出力", "ko": "내보내기", "zt": "匯出", "th": "ส่งออก", "vi": "Xuất", "id": "Ekspor", "tr": "Dışa aktarıldı", "pl": "Eksport", "he": "יוצא"}[lang], " ", ts_plain(), " · ", str(R.randint(12, 60)), " rows")
    return d, ["schedule", layout]


DISPUTE = {
    "en": ("Card Disputes Department", "Re: Dispute of a transaction on card", "I am writing to dispute a charge of {a} from {m} posted on {d}, reference {r}. I did not authorise this transaction and still have my card in my possession.",
           "Please credit the amount back to my account.", "Sincerely,"),
    "pl": ("Dział reklamacji kart", "Dotyczy: reklamacja transakcji kartą", "Zgłaszam reklamację obciążenia na kwotę {a} od {m}, zaksięgowanego {d}, numer referencyjny {r}. Nie autoryzowałem/am tej transakcji, karta jest w moim posiadaniu.",
           "Proszę o zwrot środków na mój rachunek", "Z poważaniem,"),
    "ro": ("Departamentul contestații carduri", "Ref.: contestarea unei tranzacții cu cardul", "Contest tranzacția în valoare de {a} la {m}, înregistrată pe {d}, referința {r}. Nu am autorizat această plată, iar cardul este în posesia mea.",
           "Vă rog să returnați suma în contul", "Cu stimă,"),
    "tr": ("Kart İtiraz Birimi", "Konu: kartımla yapılan işleme itiraz", "{d} tarihinde {m} tarafından yapılan {a} tutarındaki işleme (referans {r}) itiraz ediyorum. Bu işlemi ben yapmadım, kartım elimde.",
           "Tutarın şu hesaba iadesini rica ederim:", "Saygılarımla,"),
    "el": ("Τμήμα αμφισβητήσεων καρτών", "Θέμα: αμφισβήτηση συναλλαγής με την κάρτα", "Αμφισβητώ χρέωση ύψους {a} από {m} με ημερομηνία {d}, αναφορά {r}. Δεν έχω εγκρίνει τη συναλλαγή και η κάρτα βρίσκεται στην κατοχή μου.",
           "Παρακαλώ επιστρέψτε το ποσό στον λογαριασμό", "Με εκτίμηση,"),
    "cs": ("Oddělení reklamací karet", "Věc: reklamace transakce kartou", "Reklamuji platbu ve výši {a} u {m} ze dne {d}, reference {r}. Platbu jsem neautorizoval/a a karta je stále u mě.",
           "Prosím o vrácení částky na účet", "S pozdravem,"),
    "hu": ("Kártyareklamációs osztály", "Tárgy: kártyás tranzakció reklamációja", "Reklamálom a(z) {m} által {d} napon terhelt {a} összegű tranzakciót (hivatkozás: {r}). A tranzakciót nem én kezdeményeztem, a kártya nálam van.",
           "Kérem, az összeget utalják vissza a számlámra:", "Tisztelettel:"),
    "nl": ("Afdeling geschillen creditcards", "Betreft: betwisting van een transactie met kaart", "Hierbij betwist ik een afschrijving van {a} door {m} op {d}, kenmerk {r}. Ik heb deze betaling niet geautoriseerd en de kaart is in mijn bezit.",
           "Graag het bedrag terugstorten op rekening", "Met vriendelijke groet,"),
}


@template("dispute_letter", 5, list(DISPUTE) + ["en"])
def t_dispute(lang):
    d = Doc()
    T = DISPUTE[lang]
    p = person(lang)
    us = lang == "en" and R.random() < 0.6
    d.add(p.native, "\n", lx(lang, "phone"), colon(lang), phone("us" if us else lang).c(f"letter_header_{lang}"), "\n", lx(lang, "email"), colon(lang), p.email().c(f"letter_header_{lang}"), "\n")
    d.add(ndate(lang, "date_letter"), "\n\n", ch(["Lumen Bank", "Kestrel Card Services", "Baltic Pay", "Anadolu Kart", "Helvetic Card AG"]), " — ", T[0], "\n\n", T[1], " ", card(style=ch(["spaces", "compact", "dashes"])).c(f"letter_re_{lang}"), "\n\n")
    body = T[2]
    parts = re.split(r"(\{[amdr]\})", body)
    vals = {"{a}": amount(lang), "{m}": ch(["AMZN Mktp", "Booking.com", "SHEIN", "Uber *Trip", "Steam Games", "Ryanair"]), "{d}": ndate(lang, "date_transaction"), "{r}": N(rd(23, "7"), "arn_reference") if R.random() < 0.5 else ticket_no()}
    d.add([vals.get(x, x) for x in parts if x], "\n")
    if us:
        d.add(T[3], " Routing ", aba().c("letter_refund"), ", account ending ", N(rd(4), "masked_account"), ".\n\n")
    else:
        cc = {"en": ch(["GB", "IE"]), "pl": "PL", "ro": "RO", "tr": "TR", "el": "GR", "cs": "CZ", "hu": "HU", "nl": "NL"}[lang]
        d.add(T[3], " ", iban(cc).c(f"letter_refund_{lang}"), ".\n\n")
    if R.random() < 0.4:
        d.add("(", lw(lang, {"en": "Order", "pl": "Zamówienie", "ro": "Comanda", "tr": "Sipariş", "cs": "Objednávka", "nl": "Bestelling", "el": "Παραγγελία", "hu": "Rendelés"}), " ", order16(), ")\n")
    d.add(T[4], "\n", p.native)
    return d, ["dispute"] + (["us"] if us else [])


KYC = {
    "en": ("KYC review", "SSN", "Passport no.", "exp.", "Identity verified against credit bureau; no PEP/sanctions hit.", "ITIN previously submitted was rejected:"),
    "zh": ("KYC 审核记录", "社会安全号 (SSN)", "护照号码", "有效期至", "身份已通过征信机构核实，无 PEP/制裁名单命中。", "此前提交的 ITIN 被拒："),
    "zt": ("KYC 審核紀錄", "社會安全號碼 (SSN)", "護照號碼", "效期", "身分已透過徵信機構核實，無 PEP／制裁名單命中。", "先前提交的 ITIN 遭退回："),
    "ko": ("KYC 검토", "사회보장번호(SSN)", "여권번호", "만료일", "신용평가기관 대조 완료, PEP/제재 대상 아님.", "이전에 제출한 ITIN 반려:"),
    "vi": ("Ghi chú KYC", "Số an sinh xã hội (SSN)", "Số hộ chiếu", "hết hạn", "Đã xác minh danh tính qua trung tâm tín dụng; không thuộc danh sách PEP/trừng phạt.", "ITIN nộp trước đó bị từ chối:"),
    "ar": ("مراجعة اعرف عميلك", None, "رقم جواز السفر", "ينتهي في", "تم التحقق من الهوية؛ لا يوجد تطابق مع قوائم العقوبات.", None),
    "tr": ("KYC incelemesi", None, "Pasaport no", "geçerlilik", "Kimlik doğrulandı; PEP/yaptırım listesinde eşleşme yok.", None),
    "ru": ("Проверка KYC", None, "Паспорт №", "действителен до", "Личность подтверждена; совпадений в санкционных списках нет.", None),
    "uk": ("Перевірка KYC", None, "Паспорт №", "дійсний до", "Особу підтверджено; збігів у санкційних списках немає.", None),
}


@template("kyc_note", 5, list(KYC) + ["en"])
def t_kyc(lang):
    d = Doc()
    T = KYC[lang]
    p = person(lang)
    d.add(T[0], " — ", ticket_no(), " — ", ts_plain(), "\n", lx(lang, "name"), colon(lang), p.native + (f" ({p.latin})" if lang not in ("en", "tr") else ""), "\n")
    d.add(lx(lang, "dob"), colon(lang), dob(lang).c(f"kyc_{lang}"), "\n")
    if T[1]:
        d.add(T[1], colon(lang), ssn(ch(["dashes", "dashes", "spaces"])).c(f"kyc_{lang}"), "\n")
        if R.random() < 0.35:
            d.add(T[5], " ", ssn_bad(), "\n")
        d.add(lx(lang, "phone"), colon(lang), phone("us").c(f"kyc_{lang}"), "\n")
    else:
        d.add(lx(lang, "phone"), colon(lang), phone(lang).c(f"kyc_{lang}"), "\n")
        cc = {"ar": ch(["AE", "SA", "QA", "BH"]), "tr": "TR", "ru": ch(["AZ", "GE", "KZ", "LV", "EE"]), "uk": "UA"}[lang]
        d.add(lx(lang, "iban"), colon(lang), iban(cc).c(f"kyc_{lang}"), "\n")
    d.add(T[2], colon(lang), passport_no(), " (", T[3], " ", ndate(lang, "date_expiry"), ")\n")
    d.add(lx(lang, "email"), colon(lang), p.email().c(f"kyc_{lang}"), "\n")
    if R.random() < 0.5:
        d.add(lx(lang, "card"), colon(lang), card(style=ch(["spaces", "compact"])).c(f"kyc_{lang}"), "\n")
    d.add(T[4], " ", ch(["Risk score", "Score"]), " ", str(R.randint(1, 99)), "/100, ", ch(["case", "ref"]), " ", uuid4())
    return d, ["kyc"] + (["us"] if T[1] else [])


CJK_TXT = {
    "ja": ("【お問い合わせ内容】", "アプリ（iOS版 {v}）でログインできません。会員登録の情報を確認してください。", "前回の予約日", "【受付番号】"),
    "ko": ("[문의 내용]", "앱(Android {v})에서 로그인이 안 됩니다. 가입 정보 확인 부탁드립니다.", "지난 예약일", "[접수번호]"),
    "zh": ("【咨询内容】", "APP（iOS {v}）无法登录，请帮忙核对注册信息。", "上次预约日期", "【工单号】"),
    "zt": ("【客服單】", "APP（Android {v}）無法登入，請協助確認註冊資料。", "上次預約日期", "【案件編號】"),
}


@template("cjk_mixed", 6, list(CJK_TXT))
def t_cjk(lang):
    d = Doc()
    T = CJK_TXT[lang]
    p = person(lang)
    co = lambda: ch(["：", "：", IDSP, "： ", ": "])  # noqa: E731
    v = version()
    a, b = T[1].split("{v}")
    d.add(T[0], "\n", a, v, b, "\n")
    nm = p.native.replace(" ", IDSP) if lang == "ja" else p.native
    d.add(lx(lang, "name"), co(), nm, "\n")
    d.add(lx(lang, "dob"), co(), dob(lang).c(f"cjk_{lang}"), "\n")
    ph = phone(lang, "mobile")
    if lang == "ja" and R.random() < 0.3:
        ph = V(fullwidth(ph.text), ph.ent, ph.fmt + ".fullwidth")
    d.add(lx(lang, "mobile"), co(), ph.c(f"cjk_{lang}"), "\n")
    if R.random() < 0.4:
        d.add(lx(lang, "phone"), co(), phone(lang, "landline").c(f"cjk_{lang}"), "\n")
    d.add(lx(lang, "email"), co(), p.email().c(f"cjk_{lang}"), "\n")
    if R.random() < 0.6:
        d.add(lx(lang, "mrn"), co(), mrn(ch(["digits6", "digits7", "digits8", "alpha2"])).c(f"cjk_{lang}"), "\n")
    d.add(T[2], co(), ndate(lang, "date_appointment", form=ch([f for f in DATE_FORMS[lang] if "era" not in f and f != "ja_fullwidth"])), " ", hhmm(), "\n")
    if R.random() < 0.4:
        d.add({"ja": "※カード番号", "ko": "※카드번호", "zh": "※卡号", "zt": "※卡號"}[lang], co(), masked_card(), "\n")
    d.add(T[3], ticket_no())
    return d, ["cjk"]


RTL_TXT = {"ar": ("بدلاً من الرقم القديم.", "أرجو تأكيد التعديل برسالة على البريد:"), "he": ("במקום המספר הישן.", "נא לאשר את העדכון במייל:")}


def rtl_wrap(v):
    k = R.random()
    if k < 0.4:
        return seq(LRI, v.c("rtl_isolate"), PDI)
    if k < 0.6:
        return seq(LRM, v.c("rtl_lrm"), LRM)
    return seq(v.c("rtl_plain"))


@template("rtl_note", 6, ["ar", "he"])
def t_rtl(lang):
    d = Doc()
    T = RTL_TXT[lang]
    p = person(lang)
    d.add(ch(LEX[lang]["hello"]), "\n", lx(lang, "update_phone"), " ", rtl_wrap(phone(lang)), " ", T[0], "\n")
    d.add(lx(lang, "dob"), colon(lang), rtl_wrap(dob(lang)), "\n")
    if R.random() < 0.6:
        d.add(lx(lang, "mrn"), colon(lang), rtl_wrap(mrn(ch(["digits6", "digits7", "digits8", "dashed"]))), "\n")
    if R.random() < 0.5:
        cc = "IL" if lang == "he" else ch(["AE", "SA", "JO", "KW", "QA", "EG"])
        d.add(lx(lang, "iban"), colon(lang), rtl_wrap(iban(cc)), "\n")
    d.add(T[1], " ", rtl_wrap(p.email()), "\n")
    d.add(lx(lang, "appt"), colon(lang), ndate(lang, "date_appointment"), " ", hhmm(), "\n", ch(LEX[lang]["thanks"]), "\n", p.native, " · ", ticket_no())
    return d, ["rtl"]


@template("unicode_form", 5, ["cs", "pl", "hu", "sv", "fi", "ru", "uk", "el", "en"])
def t_uform(lang):
    d = Doc()
    p = person(lang)
    us = lang == "en" and R.random() < 0.5
    cc = "us" if us else ("gb" if lang == "en" else lang)
    seps = [":" + NBSP, NBSP + ":" + NBSP, " — ", " – ", ":" + THIN, ":\t", ":" + NNBSP]

    def row(label, val):
        d.add(label, ch(seps), val, "\n")
    d.add({"cs": "Formulář", "pl": "Formularz", "hu": "Űrlap", "sv": "Formulär", "fi": "Lomake", "ru": "Форма", "uk": "Форма", "el": "Φόρμα", "en": "Web form"}[lang], " #", N(rd(6), "form_id"), " — ", ts_plain(), "\n")
    row(lx(lang, "name"), p.native)
    row(lx(lang, "mobile"), phone(cc, "mobile", sep=ch([NBSP, NNBSP, THIN, " ", ENDASH if cc in ("us",) else NBSP])).c("uform"))
    row(lx(lang, "dob"), dob(lang, nbsp=R.random() < 0.4).c("uform"))
    row(lx(lang, "email"), p.email().c("uform"))
    k = R.random()
    if us:
        row("SSN", ssn(ch(["dashes", "endash", "spaces"])).c("uform"))
    elif lang == "en":
        row("NHS number", nhs(ch(["nbsp", "spaces", "compact"])).c("uform"))
    else:
        row(lx(lang, "iban"), iban({"cs": "CZ", "pl": "PL", "hu": "HU", "sv": "SE", "fi": "FI", "ru": ch(["LV", "LT", "EE"]), "uk": "UA", "el": "GR"}[lang], ch(["nbsp", "groups"])).c("uform"))
    if k < 0.6:
        row(lx(lang, "card"), card(style=ch(["nbsp", "thin", "spaces"])).c("uform"))
        row(lx(lang, "expiry"), N(f"{R.randint(1, 12):02d}/{R.randint(26, 31)}", "card_expiry"))
    row({"cs": "IP adresa", "pl": "Adres IP", "hu": "IP-cím", "sv": "IP-adress", "fi": "IP-osoite", "ru": "IP-адрес", "uk": "IP-адреса", "el": "Διεύθυνση IP", "en": "IP"}[lang], ip(0.3).c("uform"))
    row("User-Agent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/" + N(f"{R.randint(110, 131)}.0.{R.randint(1000, 6999)}.{R.randint(10, 250)}", "version_string").text)
    return d, ["unicode_form"] + (["us"] if us else ["uk"] if lang == "en" else [])


def ext_phrase(lang, v):
    e = str(R.randint(2, 899))
    return {"ja": seq(v, "（内線", N(e, "phone_extension"), "）"), "ko": seq(v, " (내선 ", N(e, "phone_extension"), ")"), "zh": seq(v, " 转 ", N(e, "phone_extension")),
            "zt": seq(v, " 分機 ", N(e, "phone_extension")), "ru": seq(v, ", доб. ", N(e, "phone_extension")), "uk": seq(v, ", дод. ", N(e, "phone_extension")),
            "tr": seq(v, " / dahili ", N(e, "phone_extension")), "el": seq(v, " εσωτ. ", N(e, "phone_extension")), "ar": seq(v, " تحويلة ", N(e, "phone_extension")),
            "he": seq(v, " שלוחה ", N(e, "phone_extension")), "pl": seq(v, " wew. ", N(e, "phone_extension")), "cs": seq(v, ", linka ", N(e, "phone_extension")),
            "nl": seq(v, " toestel ", N(e, "phone_extension")), "sv": seq(v, " ankn. ", N(e, "phone_extension")), "fi": seq(v, " / alanro ", N(e, "phone_extension")),
            "hu": seq(v, " / ", N(e, "phone_extension"), "-es mellék"), "ro": seq(v, " int. ", N(e, "phone_extension")), "vi": seq(v, " máy lẻ ", N(e, "phone_extension")),
            "th": seq(v, " ต่อ ", N(e, "phone_extension")), "id": seq(v, " ext. ", N(e, "phone_extension")),
            "en": seq(v, ch([" ext. ", " x", " Ext ", ", extension "]), N(e, "phone_extension"))}[lang]


CALLBACK = {"en": "Best time to call", "ja": "連絡可能時間", "ko": "통화 가능 시간", "zh": "方便接听时间", "zt": "方便接聽時間", "ru": "Удобное время", "uk": "Зручний час",
            "tr": "Uygun saat", "el": "Κατάλληλη ώρα", "ar": "الوقت المناسب", "he": "שעה נוחה", "pl": "Najlepiej dzwonić", "cs": "Volat nejlépe", "nl": "Bereikbaar",
            "sv": "Bäst att ringa", "fi": "Parhaiten tavoittaa", "hu": "Hívható", "ro": "Interval preferat", "vi": "Giờ thuận tiện", "th": "เวลาที่สะดวก", "id": "Waktu terbaik"}


@template("callback_ext", 8, list(CALLBACK))
def t_callback(lang):
    d = Doc()
    p = person(lang)
    office = phone(lang, ch(["geo", "tokyo", "seoul", "beijing", "taipei", "moscow", "kyiv", "istanbul", "athens", "dubai", "riyadh", "telaviv", "warsaw", "prague",
                             "amsterdam", "stockholm", "helsinki", "budapest", "bucharest", "hanoi", "bangkok", "jakarta", "london"]))
    d.add(ch(LEX[lang]["hello"]), "\n", lx(lang, "callback"), " ", ext_phrase(lang, office.c(f"callback_with_ext_{lang}")), "\n")
    d.add(lx(lang, "mobile"), colon(lang), phone(lang, "mobile").c(f"callback_{lang}"), "\n")
    d.add(CALLBACK[lang], colon(lang), hhmm(), "–", hhmm(), "\n")
    if R.random() < 0.4:
        d.add(lx(lang, "fax"), colon(lang), phone(lang, "landline").c(f"callback_fax_{lang}"), "\n")
    if R.random() < 0.35:
        d.add(lx(lang, "mrn"), colon(lang), mrn().c(f"callback_{lang}"), "\n")
    if R.random() < 0.3:
        d.add(lx(lang, "dob"), colon(lang), dob(lang).c(f"callback_{lang}"), "\n")
    d.add(ch(LEX[lang]["thanks"]), "\n", p.native, " <", p.email().c("signature_angle"), ">\n", ticket_no())
    return d, ["callback"]


ICS = {"en": ("Appointment", "Patient", "If you cannot attend call"), "nl": ("Afspraak", "Patiënt", "Bij verhindering bellen"),
       "sv": ("Bokad tid", "Patient", "Vid förhinder ring"), "fi": ("Ajanvaraus", "Potilas", "Esteen sattuessa soita"), "pl": ("Wizyta", "Pacjent", "W razie odwołania prosimy dzwonić")}


@template("ics_calendar", 4, list(ICS))
def t_ics(lang):
    d = Doc()
    T = ICS[lang]
    p = person(lang)
    org_t, cn, prod, tz = {"nl": ("afspraken@ziekenhuis-rijnland.nl", "Polikliniek Rijnland", "HiX//Agenda 6.3", "Amsterdam"), "sv": ("bokning@vardcentral-norr.se", "Vårdcentralen Norr", "Cosmic//Tidbok 3", "Stockholm"),
                           "fi": ("ajanvaraus@terveyskeskus-itakeskus.fi", "Terveysasema Itäkeskus", "Lifecare//Ajanvaraus 2", "Helsinki"), "pl": ("rejestracja@przychodnia-zdrowie.pl", "Przychodnia Zdrowie", "KS-PPS//Terminarz 5", "Warsaw"),
                           "en": ("scheduling@riverbend-health.org", "Riverbend Health", "Riverbend Health//Scheduling 4.2", "Chicago")}[lang]
    org = V(org_t, "EMAIL_ADDRESS", "email.role.ics_organizer")
    dt0 = rand_recent()
    stamp = lambda: N(f"{rand_recent():%Y%m%d}T{R.randint(0, 23):02d}{R.randint(0, 59):02d}{R.randint(0, 59):02d}Z", "timestamp")  # noqa: E731
    d.add("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//", prod, "//EN\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\n")
    d.add("UID:", N(f"{uuid4().text}@{org.text.split('@')[1]}", "calendar_uid"), "\r\nDTSTAMP:", stamp(), "\r\n")
    d.add("DTSTART;TZID=", "America/" if tz == "Chicago" else "Europe/", tz, ":", N(f"{dt0:%Y%m%d}T{R.randint(7, 16):02d}{ch(['00', '15', '30', '45'])}00", "date_appointment"), "\r\n")
    d.add(f"SUMMARY:{T[0]} – {p.native}\r\nORGANIZER;CN={cn}:mailto:", org, "\r\n")
    d.add(f"ATTENDEE;CN={p.native};ROLE=REQ-PARTICIPANT;RSVP=TRUE:mailto:", p.email(ch(["first.last", "flast", "digits"])).c("ics_attendee"), "\r\n")
    forms = [f for f in DATE_FORMS[lang] if f not in ("written_en_mdy", "written_en_abbr")]
    d.add("DESCRIPTION:", T[1], ": ", p.native, "\\n", lx(lang, "mrn"), ": ", mrn(ch(["digits6", "digits7", "digits8", "alpha1"])).c("ics_description_escaped_nl"), "\\n",
          lx(lang, "dob"), ": ", dob(lang, ch(forms)).c("ics_description_escaped_nl"), "\\n", T[2], " ", phone(lang if lang != "en" else "us").c("ics_description_escaped_nl"), "\r\n")
    d.add("LOCATION:", lw(lang, {"nl": "Polikliniek Interne", "sv": "Mottagning 3", "fi": "Vastaanotto B", "pl": "Gabinet 12", "en": "Suite 210"}), "\r\nEND:VEVENT\r\nEND:VCALENDAR")
    return d, ["icalendar"]


BOOK = {"en": ("Booking confirmation", "Booking reference", "Passenger", "Passport", "Flight", "Contact", "Paid with", "E-ticket"),
        "ja": ("ご予約確認", "予約番号", "搭乗者", "旅券番号", "便名", "連絡先", "お支払い", "航空券番号"),
        "ko": ("예약 확인", "예약번호", "탑승객", "여권번호", "항공편", "연락처", "결제", "전자항공권"),
        "zh": ("预订确认", "订单号", "乘机人", "护照号", "航班", "联系方式", "支付方式", "电子客票号"),
        "th": ("ยืนยันการจอง", "รหัสการจอง", "ผู้โดยสาร", "หนังสือเดินทาง", "เที่ยวบิน", "ติดต่อ", "ชำระด้วย", "ตั๋วอิเล็กทรอนิกส์"),
        "id": ("Konfirmasi pemesanan", "Kode booking", "Penumpang", "Paspor", "Penerbangan", "Kontak", "Dibayar dengan", "E-tiket"),
        "vi": ("Xác nhận đặt chỗ", "Mã đặt chỗ", "Hành khách", "Hộ chiếu", "Chuyến bay", "Liên hệ", "Thanh toán", "Vé điện tử"),
        "tr": ("Rezervasyon onayı", "PNR", "Yolcu", "Pasaport", "Uçuş", "İletişim", "Ödeme", "E-bilet"),
        "ar": ("تأكيد الحجز", "رقم الحجز", "المسافر", "جواز السفر", "الرحلة", "التواصل", "طريقة الدفع", "التذكرة الإلكترونية")}


@template("travel_booking", 5, list(BOOK))
def t_travel(lang):
    d = Doc()
    T = BOOK[lang]
    d.add(ch(["SkyLark Air", "Pacific Crest Airlines", "Anatolia Jet", "GarudaLink", "Mekong Air"]), " — ", T[0], "\n", T[1], ": ", N("".join(ch("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6)), "booking_reference"), "\n\n")
    for i in range(R.randint(1, 3)):
        p = person(lang)
        d.add(f"{T[2]} {i + 1}: {p.family.upper()}/{p.given.upper()} {ch(['MR', 'MS', 'MRS'])}\n  ", lx(lang, "dob"), colon(lang), dob(lang).c(f"booking_passenger_{lang}"), "\n  ", T[3], ": ", passport_no(), " (", lx(lang, "expiry"), " ", ndate(lang, "date_expiry"), ")\n")
    d.add(T[4], ": ", ch(["SL", "PC", "AJ", "GL", "MK"]), str(R.randint(10, 999)), "  ", ndate(lang, "date_flight"), " ", hhmm(), "\n")
    lead = person(lang)
    d.add(T[5], ": ", phone(lang).c(f"booking_contact_{lang}"), ", ", lead.email().c(f"booking_contact_{lang}"), "\n")
    d.add(T[6], ": ", card(style=ch(["spaces", "compact"])).c(f"booking_payment_{lang}") if R.random() < 0.45 else masked_card(), "\n")
    d.add(T[7], ": ", N(f"{rd(3, '1')}-{rd(10, '2')}", "eticket_number"), "\n", ts_iso())
    return d, ["travel"]


PORT = {"en": ("Number port-out request", "Number(s) to port", "Account holder", "Account no.", "Port-out PIN", "Requested port date", "Contact"),
        "pl": ("Wniosek o przeniesienie numeru", "Numer(y) do przeniesienia", "Abonent", "Nr konta klienta", "Kod autoryzacyjny", "Data przeniesienia", "Kontakt"),
        "nl": ("Verzoek nummerbehoud", "Te porteren nummer(s)", "Contractant", "Klantnummer", "Overstapcode", "Gewenste overstapdatum", "Contact"),
        "ro": ("Cerere de portare", "Număr(e) de portat", "Titular", "Cod client", "PIN portare", "Data portării", "Contact"),
        "hu": ("Számhordozási kérelem", "Hordozandó szám(ok)", "Előfizető", "Ügyfélszám", "Hordozási PIN", "Kért hordozási nap", "Kapcsolat")}


def imei():
    return N(luhn_complete(ch(["35", "86", "01"]) + rd(12)), "imei_luhn_pass")


def iccid():
    return N(luhn_complete("89" + ch(["31", "48", "40", "36", "01"]) + rd(14)), "iccid_luhn_pass")


@template("telecom_port", 4, list(PORT) + ["en"])
def t_port(lang):
    d = Doc()
    T = PORT[lang]
    p = person(lang)
    cc = "us" if lang == "en" else lang
    d.add(T[0], " — ", ticket_no(), "\n", T[1], ": ", phone(cc, "mobile" if cc != "us" else None).c(f"port_list_{lang}"))
    if R.random() < 0.5:
        d.add(", ", phone(cc).c(f"port_list_{lang}"))
    d.add("\n", T[2], ": ", p.native, "\n", T[3], ": ", N(rd(R.randint(8, 11), "5"), "customer_account_number"), "\n", T[4], ": ", N(rd(ch([4, 6, 8])), "port_pin"), "\n")
    d.add("IMEI: ", imei(), "   ICCID: ", iccid(), "\n", T[5], ": ", ndate(lang, "date_port"), "\n", T[6], ": ", p.email().c(f"port_contact_{lang}"), "\n")
    if lang != "en" and R.random() < 0.6:
        d.add(lx(lang, "iban"), ": ", iban({"pl": "PL", "nl": "NL", "ro": "RO", "hu": "HU"}[lang]).c(f"port_direct_debit_{lang}"), "\n")
    elif lang == "en":
        d.add("Last 4 SSN on account: ", N(rd(4), "ssn_last4"), "\n")
    return d, ["telecom"]


SQLCOLS = {"en": ("patients", "mrn", "dob", "phone", "email", "ssn"), "nl": ("patienten", "patientnummer", "geboortedatum", "telefoon", "email", None),
           "pl": ("pacjenci", "nr_kartoteki", "data_urodzenia", "telefon", "email", None), "tr": ("hastalar", "hasta_dosya_no", "dogum_tarihi", "telefon", "eposta", None)}


def sqlq(v):
    return seq("'", v, "'")


@template("sql_insert_dump", 4, list(SQLCOLS) + ["en"])
def t_sql(lang):
    d = Doc()
    tb, c_mrn, c_dob, c_ph, c_em, c_ssn = SQLCOLS[lang]
    style = ch(["mysql_insert", "pg_copy"])
    cols = ["id", c_mrn, "first_name", "last_name", c_dob, c_ph, c_em] + ([c_ssn] if c_ssn else []) + ["created_at"]
    n = R.randint(2, 4)
    dform = "iso" if R.random() < 0.7 else ch([f for f in DATE_FORMS[lang] if "written" not in f and "era" not in f and f != "ja_fullwidth"])
    mstyle = ch(["digits6", "digits7", "digits8", "alpha1", "alpha2", "dashed", "yearseq"])
    if style == "mysql_insert":
        d.add("-- MySQL dump 10.13  Distrib ", version(), "\n", "INSERT INTO `", tb, "` (", ",".join(f"`{c}`" for c in cols), ") VALUES\n")
    else:
        d.add("-- PostgreSQL database dump\nCOPY public.", tb, " (", ", ".join(cols), ") FROM stdin;\n")
    for i in range(n):
        p = person(lang)
        vals = [str(R.randint(1000, 99999)), mrn(mstyle).c(f"sql_{style}_col"), p.given, p.family, dob(lang, dform).c(f"sql_{style}_col"),
                phone(lang).c(f"sql_{style}_col"), p.email(ch(["first.last", "flast", "digits", "first_last", "plus", "upper"])).c(f"sql_{style}_col")] + ([ssn(ch(["dashes", "compact"])).c(f"sql_{style}_col")] if c_ssn else []) + [ts_plain()]
        if style == "mysql_insert":
            d.add("(", vals[0], ",")
            for j, v in enumerate(vals[1:]):
                d.add(sqlq(v), "," if j < len(vals) - 2 else "")
            d.add(")", ",\n" if i < n - 1 else ";\n")
        else:
            for j, v in enumerate(vals):
                d.add(v, "\t" if j < len(vals) - 1 else "\n")
    if style == "pg_copy":
        d.add("\\.\n")
    d.add("-- Dump completed on ", ts_plain())
    return d, ["sql_dump", style]


GP = {"en": "Message from patient via NHS App", "pl": "Wiadomość od pacjenta (NHS App)", "ro": "Mesaj de la pacient (NHS App)", "ar": "رسالة من المريض عبر تطبيق NHS",
      "zh": "患者通过 NHS App 发送的消息", "vi": "Tin nhắn của bệnh nhân qua NHS App"}
GP_BODY = {"en": ("My NHS number is", "date of birth", "Please call me back on", "about my repeat prescription."),
           "pl": ("Mój numer NHS to", "data urodzenia", "Proszę o telefon pod numer", "w sprawie recepty."),
           "ro": ("Numărul meu NHS este", "data nașterii", "Vă rog să mă sunați la", "pentru rețeta compensată."),
           "ar": ("رقم NHS الخاص بي هو", "تاريخ الميلاد", "يرجى الاتصال بي على", "بخصوص الوصفة المتكررة."),
           "zh": ("我的 NHS 号码是", "出生日期", "请回电", "关于续开处方的事。"),
           "vi": ("Số NHS của tôi là", "ngày sinh", "Vui lòng gọi lại cho tôi theo số", "về việc kê lại đơn thuốc.")}


@template("uk_gp_message", 8, list(GP) + ["en"])
def t_gp(lang):
    d = Doc()
    T = GP_BODY[lang]
    p = person(lang)
    d.add(GP[lang], " — ", ch(["Parkside Surgery", "Elm Tree Medical Practice", "Riverside Health Centre"]), " (ODS ", N(ch("ABCDEFGHJKLMNPY") + rd(5), "ods_code"), ")\n", ts_plain(), "\n\n")
    style = R.random()
    dform = "numeric_dmy_slash" if lang in ("en", "ar", "vi") else ch([f for f in DATE_FORMS[lang] if "written" not in f])
    if style < 0.5:
        d.add(T[0], " ", nhs().c(f"gp_body_{lang}"), ", ", T[1], " ", dob(lang, dform).c(f"gp_body_{lang}"), ".\n", T[2], " ", phone("gb", ch(["mobile", "london", "manchester", "geo"])).c(f"gp_body_{lang}"), " ", T[3], "\n")
    else:
        d.add("NHS No: ", nhs().c("gp_form"), "\n", lx(lang, "dob"), ": ", dob(lang, dform).c("gp_form"), "\n", lx(lang, "mobile"), ": ", phone("gb", "mobile").c("gp_form"), "\n", T[3].capitalize() if lang == "en" else T[3], "\n")
    if R.random() < 0.3:
        d.add("(", lw(lang, {"en": "old number", "pl": "stary numer", "ro": "număr vechi", "ar": "الرقم القديم", "zh": "旧号码", "vi": "số cũ"}), ": ", nhs_bad(), ")\n")
    d.add(lx(lang, "appt"), ": ", ndate(lang, "date_appointment", form=dform), " ", hhmm(), "\n", lx(lang, "email"), ": ", p.email().c(f"gp_{lang}"))
    return d, ["nhs_app", "uk"]



@template("ach_return_notice", 4, ["en"])
def t_ach(lang):
    d = Doc()
    code = ch(["R01", "R02", "R03", "R04", "R29", "C01", "C02", "C03"])
    desc = {"R01": "Insufficient Funds", "R02": "Account Closed", "R03": "No Account/Unable to Locate Account", "R04": "Invalid Account Number Structure",
            "R29": "Corporate Customer Advises Not Authorized", "C01": "Incorrect DFI Account Number", "C02": "Incorrect Routing Number", "C03": "Incorrect Routing Number and Incorrect DFI Account Number"}[code]
    d.add("ACH ", "NOTIFICATION OF CHANGE" if code.startswith("C") else "RETURN", " — ", ch(["First Lakes Credit Union", "Harbor National Bank", "Prairie State Bank"]), "\nReceived: ", ts_plain(), "\n\n")
    d.add("Return/NOC code: ", code, " (", desc, ")\nOriginal entry trace: ", N(rd(15, "0"), "ach_trace_number"), "\nCompany ID: ", N("9" + rd(9), "ach_company_id"), "   SEC: ", ch(["PPD", "CCD", "WEB"]), "\n")
    d.add("Receiver: ", person("en").latin.upper(), "   Effective date: ", nd_us("mdy_slash", "effective_date"), "   Amount: ", amount("en", 20, 5000), "\n")
    if code in ("C02", "C03"):
        d.add("Original routing number: ", aba_bad(), "  -> Corrected routing number: ", aba().c("ach_noc_corrected"), "\n")
    else:
        d.add("RDFI routing number: ", aba().c("ach_return_rdfi"), "   DFI account: ", N("*" * 5 + rd(4), "masked_account"), "\n")
    d.add("ODFI routing: ", aba().c("ach_return_odfi"), "\n\nPlease contact the receiver to obtain updated bank details before re-initiating. Questions: ", phone("us", ch(["tollfree", "geo"])).c("ach_footer"), " or ",
          V(ch(["achops@firstlakes-cu.org", "treasury@harbornational.com", "payments-ops@prairiestate.bank"]), "EMAIL_ADDRESS", "email.role.ach_footer"))
    return d, ["ach", "us"]


@template("wire_instructions", 4, ["en", "en", "en", "nl", "pl", "tr"])
def t_wire(lang):
    d = Doc()
    p = person(lang if lang != "en" else "en")
    co = ch(["Orion Medical Supplies", "Harbor & Pine Logistics", "Kestrel Pay Ltd", "Northgate Freight LLC"])
    warn = R.random() < 0.5
    d.add(ch(["Subject: Updated remittance details", "Subject: Change of bank account — please update", "Subject: New wire instructions effective immediately"]), "\n\n")
    d.add({"en": "Dear Accounts Payable,", "nl": "Beste crediteurenadministratie,", "pl": "Szanowni Państwo,", "tr": "Sayın Muhasebe Birimi,"}[lang], "\n\n")
    d.add({"en": "Please note our banking details have changed. Kindly update your records and use the following for all future payments:",
           "nl": "Onze bankgegevens zijn gewijzigd. Gelieve voor alle toekomstige betalingen het volgende te gebruiken:",
           "pl": "Informujemy o zmianie danych bankowych. Prosimy o dokonywanie płatności na poniższy rachunek:",
           "tr": "Banka bilgilerimiz değişmiştir. Bundan sonraki ödemeler için lütfen aşağıdaki bilgileri kullanınız:"}[lang], "\n\n")
    d.add("Beneficiary: ", co, "\n")
    if lang == "en" and R.random() < 0.7:
        d.add("Bank: ", ch(["Chase", "Bank of America", "Citibank N.A.", "Truist"]), "\nABA / routing (wire): ", aba().c("wire_instructions"), "\nAccount: ", N(rd(R.randint(9, 12), "6"), "bank_account_number"), "\nSWIFT: ", N(ch(BICS), "bic"), "\n")
        if R.random() < 0.5:
            d.add("ACH routing (if different): ", aba().c("wire_instructions_ach"), "\n")
    else:
        cc = {"en": ch(["GB", "IE", "DE"]), "nl": "NL", "pl": "PL", "tr": "TR"}[lang]
        d.add("IBAN: ", iban(cc).c(f"wire_instructions_{lang}"), "\nBIC: ", N(ch(BICS), "bic"), "\n")
    d.add("Reference: ", ch([invoice_luhn(), N(f"INV-{R.randint(2023, 2025)}-{rd(4)}", "invoice_number")]), "\n\n", ch(LEX[lang]["thanks"]), "\n", p.native, "\n", p.email().c("wire_signature"), " | ", phone(lang if lang != "en" else "us").c("wire_signature"), "\n")
    if warn:
        d.add("\n-- Agent note: possible BEC. Called vendor on the number from the original contract (", phone("us" if lang == "en" else lang).c("agent_note"), "), they confirmed NO change. Previous account on file ends ",
              N(rd(4), "masked_account"), ". Escalated as ", ticket_no(), ".")
    return d, ["wire", "bec" if warn else "plain"]


@template("nhs_ers_worklist", 5, ["en"])
def t_ers(lang):
    d = Doc()
    d.add("e-RS worklist export — ", ch(["Referrals for review", "Appointment slot issues (ASI)", "Awaiting booking"]), " — ", ts_plain(), "\n")
    d.add("UBRN            | NHS number   | Patient            | DOB        | Contact        | Priority | Referred\n")
    nstyle, dform = ch(["spaces", "spaces", "compact"]), ch(["numeric_dmy_slash", "abbr_dash"])
    for _ in range(R.randint(2, 4)):
        p = person("en")
        ub = rd(12, "0")
        d.add(N(f"{ub[:4]} {ub[4:8]} {ub[8:]}", "ubrn"), " | ", nhs(nstyle).c("ers_table_col"), " | ", f"{p.family.upper()}, {p.given}"[:18].ljust(18), " | ",
              dob("en", dform).c("ers_table_col"), " | ", phone("gb", ch(["mobile.national", "london.national", "manchester"])).c("ers_table_col"), " | ",
              ch(["Routine", "Urgent", "2WW"]), " | ", ndate("en", "date_referred", form="numeric_dmy_slash"), "\n")
    d.add("Referring practice ODS ", N(ch("ABCDEFGHJKLMNPY") + rd(5), "ods_code"), " · ", str(R.randint(10, 99)), " rows")
    return d, ["nhs_ers", "uk"]


@template("tax_prep_note", 5, ["en", "en", "vi", "ko", "zh"])
def t_tax(lang):
    d = Doc()
    rows = R.sample(NAMES[lang], min(len(NAMES[lang]), 4))
    p, sp, *deps = [person(lang) for _ in rows]
    for pp, row in zip([p, sp] + deps, rows):
        pp.native, pp.given, pp.family = row
    head = {"en": ("E-file rejected", "Primary taxpayer", "Spouse", "Dependent", "IP PIN", "Preparer EFIN"),
            "vi": ("Tờ khai điện tử bị từ chối", "Người khai chính", "Vợ/chồng", "Người phụ thuộc", "IP PIN", "EFIN"),
            "ko": ("전자신고 반려", "주 납세자", "배우자", "부양가족", "IP PIN", "EFIN"),
            "zh": ("电子报税被拒", "主报税人", "配偶", "受抚养人", "IP PIN", "EFIN")}[lang]
    ssn_l = {"en": "SSN", "vi": "SSN", "ko": "SSN", "zh": "社安号 SSN"}[lang]
    d.add(head[0], " — ", ch(["IND-031-04", "IND-181-01", "R0000-504-02", "IND-032-04"]), " — ", ts_plain(), "\n")
    d.add(head[1], ": ", p.native, "  ", ssn_l, " ", ssn(ch(["dashes", "dashes", "spaces"])).c(f"tax_{lang}"), "  ", lx(lang, "dob"), " ", dob(lang if lang != "en" else "en", "numeric_mdy_slash" if lang == "en" else None).c(f"tax_{lang}"), "\n")
    if R.random() < 0.7:
        d.add(head[2], ": ", sp.native, "  ", ssn_l, " ", ssn("dashes").c(f"tax_{lang}"), "  ", lx(lang, "dob"), " ", dob(lang if lang != "en" else "en", "numeric_mdy_slash" if lang == "en" else None).c(f"tax_{lang}"), "\n")
    for dp in deps[:R.randint(0, 2)]:
        d.add(head[3], ": ", dp.native, "  ", ssn_l, " ", ssn("dashes").c(f"tax_{lang}"), "\n")
    if R.random() < 0.4:
        d.add("ITIN (", lw(lang, {"en": "old", "vi": "cũ", "ko": "이전", "zh": "旧"}), "): ", ssn_bad(), "\n")
    d.add(head[4], ": ", N(rd(6), "ip_pin"), "   ", head[5], ": ", N(rd(6, "8"), "efin"), "\n", lx(lang, "phone"), ": ", phone("us").c(f"tax_{lang}"), "   ", lx(lang, "email"), ": ", p.email().c(f"tax_{lang}"), "\n")
    d.add("Refund: ", amount("en", 100, 9000), " to routing ", aba().c(f"tax_refund_{lang}"), " acct ", N("****" + rd(4), "masked_account"))
    return d, ["tax", "us"]


PHARMACY_NAMES = ["Bayview Pharmacy", "Cedar Lane Drugs", "Fulton Apothecary", "Greenway Pharmacy", "Lakeside Rx", "Meadow Pharmacy", "Pinecrest Drug", "Summit Pharmacy"]


@template("csos_order", 4, ["en"])
def t_csos(lang):
    d = Doc()
    g, f = prescriber()
    pharm = ch(PHARMACY_NAMES)
    d.add("CSOS order ", N(f"{R.randint(100000, 999999)}", "order_number"), " — ", ch(["rejected", "on hold", "pending signature"]), "\n")
    if R.random() < 0.5:
        d.add(f"Purchaser: Dr. {g} {f} (practitioner)  DEA ", dea(f).c("csos_purchaser"), "  NPI ", npi().c("csos_purchaser"), "\n")
    else:
        d.add(f"Purchaser: {pharm} (retail pharmacy)  DEA ", dea(pharm, ch(["A", "B", "F"])).c("csos_purchaser_business"), "  NCPDP ", N(rd(7, "4"), "ncpdp_id"), "\n")
    sup = ch(["Cardinal Health", "McKesson", "AmerisourceBergen", "Morris & Dickson", "Henry Schein"])
    d.add(f"Supplier: {sup}  DEA ", dea(sup, ch(["P", "R"])).c("csos_supplier_business"), "\n")
    d.add("Schedule II items: ", ch(["oxycodone HCl 10 mg x 100", "hydromorphone 2 mg x 100", "methylphenidate 20 mg x 100"]), "  NDC ", N(f"{rd(5, '0')}-{rd(4)}-{rd(2)}", "ndc_code"), "\n")
    d.add("Signing certificate serial ", hexhash(32, "certificate_serial"), " expires ", ndate("en", "date_expiry"), "\n")
    d.add("Contact: ", person("en").email(ch(["first.last", "role"])).c("csos_contact"), " / ", phone("us").c("csos_contact"), "\n")
    if R.random() < 0.3:
        d.add("Rejection reason: DEA number on order (", dea_bad(f), ") does not match certificate.\n")
    return d, ["csos", "us"]


MOTO = {"en": ("Phone order (MOTO)", "Card", "Exp", "CVV taken verbally, not stored.", "Callback"),
        "ja": ("電話注文（MOTO）", "カード番号", "有効期限", "セキュリティコードは口頭確認のみ（保存なし）", "折り返し"),
        "ko": ("전화 주문 (MOTO)", "카드번호", "유효기간", "CVC는 구두 확인만 (저장 안 함)", "회신"),
        "zh": ("电话订单（MOTO）", "卡号", "有效期", "安全码仅口头核对，未保存", "回电"),
        "tr": ("Telefonla sipariş (MOTO)", "Kart no", "SKT", "CVV sözlü alındı, kaydedilmedi.", "Geri arama"),
        "pl": ("Zamówienie telefoniczne (MOTO)", "Nr karty", "Ważna do", "CVV podany ustnie, nie zapisano.", "Oddzwonić"),
        "nl": ("Telefonische bestelling (MOTO)", "Kaart", "Geldig t/m", "CVC mondeling, niet opgeslagen.", "Terugbellen"),
        "sv": ("Telefonorder (MOTO)", "Kort", "Giltigt t.o.m.", "CVC muntligt, ej sparat.", "Återringning"),
        "ro": ("Comandă telefonică (MOTO)", "Card", "Exp", "CVV comunicat verbal, nu a fost salvat.", "Revenire"),
        "id": ("Pesanan via telepon (MOTO)", "Kartu", "Exp", "CVV disebutkan lisan, tidak disimpan.", "Telepon balik"),
        "th": ("สั่งซื้อทางโทรศัพท์ (MOTO)", "หมายเลขบัตร", "หมดอายุ", "CVV แจ้งทางวาจา ไม่ได้บันทึก", "โทรกลับ"),
        "vi": ("Đơn đặt qua điện thoại (MOTO)", "Số thẻ", "Hết hạn", "CVV đọc qua điện thoại, không lưu.", "Gọi lại"),
        "he": ("הזמנה טלפונית (MOTO)", "מספר כרטיס", "תוקף", "CVV נמסר בעל פה, לא נשמר.", "חזרה"),
        "el": ("Τηλεφωνική παραγγελία (MOTO)", "Κάρτα", "Λήξη", "Το CVV δόθηκε προφορικά, δεν αποθηκεύτηκε.", "Επανάκληση"),
        "ru": ("Заказ по телефону (MOTO)", "Номер карты", "Срок", "CVV продиктован устно, не сохранён.", "Перезвонить"),
        "uk": ("Замовлення телефоном (MOTO)", "Номер картки", "Термін", "CVV продиктовано усно, не збережено.", "Передзвонити"),
        "cs": ("Telefonická objednávka (MOTO)", "Číslo karty", "Platnost", "CVV sděleno ústně, neukládáno.", "Zpětné volání"),
        "hu": ("Telefonos rendelés (MOTO)", "Kártyaszám", "Lejárat", "A CVV-t szóban adta meg, nem tároltuk.", "Visszahívás"),
        "fi": ("Puhelintilaus (MOTO)", "Kortin numero", "Voimassa", "CVV annettu suullisesti, ei tallennettu.", "Takaisinsoitto")}


@template("moto_order", 5, list(MOTO))
def t_moto(lang):
    d = Doc()
    T = MOTO[lang]
    p = person(lang)
    d.add(T[0], " · ", ticket_no(), " · ", ts_plain(), "\n", lx(lang, "name"), colon(lang), p.native, "\n")
    for _ in range(1 if R.random() < 0.75 else 2):
        d.add(T[1], colon(lang), card(style=ch(["spaces", "spaces", "compact", "dashes"])).c(f"moto_{lang}"), "   ", T[2], " ", N(f"{R.randint(1, 12):02d}/{R.randint(26, 31)}", "card_expiry"), "\n")
    d.add(T[3], "\n", T[4], colon(lang), phone(lang).c(f"moto_{lang}"), "\n", lx(lang, "email"), colon(lang), p.email().c(f"moto_{lang}"), "\n")
    d.add(lw(lang, {"en": "Order", "tr": "Sipariş", "pl": "Zamówienie", "ja": "注文", "ko": "주문", "zh": "订单", "nl": "Bestelling", "sv": "Order", "ro": "Comanda", "id": "Pesanan", "th": "คำสั่งซื้อ", "vi": "Đơn hàng", "he": "הזמנה", "el": "Παραγγελία", "ru": "Заказ", "uk": "Замовлення", "cs": "Objednávka", "hu": "Rendelés", "fi": "Tilaus"}), " ", order16(), " — ", amount(lang), "\n")
    if R.random() < 0.3:
        d.add("(", lw(lang, {"en": "declined", "pl": "odrzucona", "tr": "reddedildi", "ja": "承認エラー", "ko": "승인 거절", "zh": "授权失败", "nl": "geweigerd", "sv": "nekad", "ro": "refuzat", "id": "ditolak", "th": "ถูกปฏิเสธ", "vi": "bị từ chối", "he": "נדחה", "el": "απορρίφθηκε", "ru": "отказ", "uk": "відмова", "cs": "zamítnuto", "hu": "elutasítva", "fi": "hylätty"}), ": ", masked_card(), ")\n")
    return d, ["moto"]


@template("payment_gateway_log", 4, ["en", "en", "ja", "ko", "tr"])
def t_pglog(lang):
    d = Doc()
    d.add(ch(["Debug log attached by the merchant (PAN should never be logged!):", "From checkout-service pod logs:", "Merchant pasted their integration log:"]), "\n\n")
    for _ in range(R.randint(2, 4)):
        k = R.random()
        d.add(ts_iso(), " ")
        if k < 0.35:
            d.add("DEBUG POST /v1/charges body={\"amount\":", str(R.randint(100, 90000)), ",\"currency\":\"", ch(["usd", "jpy", "krw", "try", "eur"]), "\",\"card\":{\"number\":\"", card(style="compact").c("pglog_json_body"),
                  "\",\"exp_month\":", str(R.randint(1, 12)), ",\"exp_year\":", str(R.randint(2026, 2031)), "},\"email\":\"", person(lang).email().c("pglog_json_body"), "\"}")
        elif k < 0.55:
            d.add("INFO  charge_id=ch_", "".join(ch(string.ascii_letters + string.digits) for _ in range(24)), " last4=", rd(4), " brand=", ch(["visa", "mastercard", "amex", "jcb"]), " status=", ch(["succeeded", "failed"]))
        elif k < 0.75:
            d.add("WARN  3DS challenge failed pan=", card(style="compact").c("pglog_kv"), " eci=0", str(R.randint(0, 7)), " ip=", ip(0.2).c("pglog_kv"))
        else:
            d.add("ERROR decline code=do_not_honor order=", order16(), " client_ip=", ip(0.2).c("pglog_kv"), " req=", uuid4())
        d.add("\n")
    if R.random() < 0.4:
        d.add("Test mode also logged ", test_value("card"), " (Stripe test card)\n")
    return d, ["payment_log"]


# =====================================================================================================
# scanning: value checks + leak scan (shared by generation and --check)
# =====================================================================================================

FW_DIGITS = {ord(c): str(i) for i, c in enumerate("０１２３４５６７８９")}
CARD_SEPS = set(" -" + NBSP + THIN + NNBSP)
TEN_SEPS = set(" -./()" + NBSP + THIN + NNBSP + ENDASH + "－")
ALLOWED_NEG_EMAIL = {"message_id", "calendar_uid"}
EMAIL_SCAN = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\u00c0-\u024f\-]+(?:\.[A-Za-z0-9\u00c0-\u024f\-]+)*\.[A-Za-z]{2,}")
V4_SCAN = re.compile(r"(?<![\d.])(?<!\d\.)\d{1,3}(?:\.\d{1,3}){3}(?!\d|\.\d)")
V6_SCAN = re.compile(r"(?<![0-9A-Za-z:.])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?:%[A-Za-z0-9]+)?(?![0-9A-Za-z:])")
SSN_SCAN = re.compile(r"(?<!\d)(\d{3})([- \u2013\u00a0])(\d{2})\2(\d{4})(?!\d)")
DEA_SCAN = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z9]\d{7}(?![A-Za-z0-9])")
AWS_SCAN = re.compile(r"(?<![A-Z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Z0-9])")
GH_SCAN = re.compile(r"gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82}")
PEM_SCAN = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")
TEN_SCAN = re.compile(r"(?<![\d\-.])\d{3}[ \-\u00a0]\d{3}[ \-\u00a0]\d{4}(?![\d\-])")
IBAN_START = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2})(\d{2})")
BOUNDARY_ENTS = {"CREDIT_CARD", "US_SSN", "PHONE_NUMBER", "IBAN_CODE", "UK_NHS", "US_NPI", "US_DEA", "ABA_ROUTING_NUMBER", "MEDICAL_RECORD_NUMBER",
                 "AWS_ACCESS_KEY", "GITHUB_TOKEN", "IP_ADDRESS", "EMAIL_ADDRESS", "DATE_OF_BIRTH", "PRIVATE_KEY"}


def _digit_runs(text):
    return [(m.start(), m.end(), m.group().translate(FW_DIGITS)) for m in re.finditer(r"\d+", text)]


def _chains(runs, text, seps, maxgap):
    chains, cur = [], []
    for r in runs:
        if cur:
            gap = text[cur[-1][1]:r[0]]
            if 1 <= len(gap) <= maxgap and all(c in seps for c in gap):
                cur.append(r)
                continue
            chains.append(cur)
        cur = [r]
    if cur:
        chains.append(cur)
    return chains


def scan_text(text, spans, negs, where=""):
    """spans: [(cs, ce, entity, fmt)], negs: [(cs, ce, kind)] in characters. Returns a list of problems."""
    probs = []
    for s in spans:
        cs, ce, ent, fmt = s[:4]
        val = text[cs:ce]
        if ent not in VALIDATORS:
            probs.append(f"{where}: unknown entity {ent}")
            continue
        if not val or val != val.strip():
            probs.append(f"{where}: empty/whitespace-padded {ent} span {val!r}")
        if not VALIDATORS[ent](val):
            probs.append(f"{where}: invalid {ent} value {val!r} ({fmt})")
        if ent in BOUNDARY_ENTS:
            before, after = text[cs - 1:cs] if cs else "", text[ce:ce + 1]
            if (before.isascii() and before.isalnum()) or (after.isascii() and after.isalnum()):
                probs.append(f"{where}: {ent} {val!r} glued to neighbouring text")
        if not fmt or fmt.split(".")[0] not in ("card", "ssn", "email", "phone", "iban", "ip", "nhs", "npi", "dea", "aba", "mrn", "dob", "aws", "gh", "pkey"):
            probs.append(f"{where}: bad fmt {fmt!r}")
    ss = sorted((s[0], s[1]) for s in spans)
    for (a0, a1), (b0, b1) in zip(ss, ss[1:]):
        if b0 < a1:
            probs.append(f"{where}: overlapping spans at {b0}")
    for n in negs:
        if n[1] <= n[0]:
            probs.append(f"{where}: empty hard negative {n}")
        for s in spans:
            if n[0] < s[1] and s[0] < n[1]:
                probs.append(f"{where}: hard negative {n[2]} {text[n[0]:n[1]]!r} overlaps {s[2]} span")

    def cov(a, b, ent):
        return any(s[0] <= a and b <= s[1] and s[2] == ent for s in spans)

    def in_neg(a, b, kinds):
        return any(n[0] <= a and b <= n[1] and n[2] in kinds for n in negs)

    def test_ok(a, b, compact):
        return compact in TEST_VALUES and in_neg(a, b, {"test_placeholder"})

    def leak(what, a, b):
        probs.append(f"{where}: unlabelled {what} {text[a:b]!r}")
    runs = _digit_runs(text)
    for chain in _chains(runs, text, CARD_SEPS, 1):
        for i in range(len(chain)):
            acc = ""
            for j in range(i, len(chain)):
                if j > i and (len(chain[j][2]) < 3 or len(chain[i][2]) < 3):
                    break
                acc += chain[j][2]
                if len(acc) > 19:
                    break
                if len(acc) >= 12 and card_ok(acc):
                    a, b = chain[i][0], chain[j][1]
                    if not cov(a, b, "CREDIT_CARD") and not test_ok(a, b, acc):
                        leak("card-valid number", a, b)
    tens = [(a, b, dg) for a, b, dg in runs if len(dg) == 10]
    tens += [(m.start(), m.end(), re.sub(r"\D", "", m.group().translate(FW_DIGITS))) for m in TEN_SCAN.finditer(text)]
    for a, b, acc in tens:
        if nhs_ok(acc) and not cov(a, b, "UK_NHS"):
            leak("NHS-valid number", a, b)
        if npi_ok(acc) and not cov(a, b, "US_NPI"):
            leak("NPI-valid number", a, b)
    for a, b, dg in runs:
        if len(dg) == 9 and aba_ok(dg) and not cov(a, b, "ABA_ROUTING_NUMBER"):
            leak("ABA-valid number", a, b)
    for m in SSN_SCAN.finditer(text):
        if ssn_ok(m.group()) and not cov(m.start(), m.end(), "US_SSN") and not test_ok(m.start(), m.end(), re.sub(r"\D", "", m.group())):
            leak("SSN-valid number", m.start(), m.end())
    for m in DEA_SCAN.finditer(text):
        if dea_ok(m.group()) and not cov(m.start(), m.end(), "US_DEA"):
            leak("DEA-valid id", m.start(), m.end())
    for m in EMAIL_SCAN.finditer(text):
        a, b = m.start(), m.end()
        tld = m.group().rsplit(".", 1)[1]
        if len(tld) > 10 or not (tld.islower() or tld.isupper()):
            continue  # not a plausible TLD, e.g. "createdon@OData.Community.Display.V1.FormattedValue"
        if cov(a, b, "EMAIL_ADDRESS") or in_neg(a, b, ALLOWED_NEG_EMAIL):
            continue
        if any(s[0] < b and a < s[1] and s[2] != "EMAIL_ADDRESS" for s in spans):
            continue  # e.g. https://x-access-token:ghs_…@github.com — the token is labelled
        leak("e-mail address", a, b)
    for m in V4_SCAN.finditer(text):
        try:
            ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        if not cov(m.start(), m.end(), "IP_ADDRESS"):
            leak("IPv4 address", m.start(), m.end())
    for m in V6_SCAN.finditer(text):
        cand = m.group()
        try:
            ipaddress.IPv6Address(cand)
        except ValueError:
            continue
        if not cov(m.start(), m.end(), "IP_ADDRESS"):
            leak("IPv6 address", m.start(), m.end())
    for m in IBAN_START.finditer(text):
        cc = m.group(1)
        if cc not in IBAN_LEN:
            continue
        need, got, k, last = IBAN_LEN[cc] - 4, "", m.end(), m.end()
        while k < len(text) and len(got) < need:
            c = text[k]
            if c.isascii() and c.isalnum():
                got += c
                last = k + 1
                k += 1
            elif c in (" ", NBSP) and k + 1 < len(text) and text[k + 1].isascii() and text[k + 1].isalnum() and text[k - 1].isascii() and text[k - 1].isalnum():
                k += 1
            else:
                break
        comp = cc + m.group(2) + got.upper()
        if len(got) == need and iban_ok(comp) and not cov(m.start(), last, "IBAN_CODE") and not test_ok(m.start(), last, comp):
            leak("IBAN", m.start(), last)
    for m in AWS_SCAN.finditer(text):
        if not cov(m.start(), m.end(), "AWS_ACCESS_KEY") and not test_ok(m.start(), m.end(), m.group()):
            leak("AWS key id", m.start(), m.end())
    for m in GH_SCAN.finditer(text):
        if not cov(m.start(), m.end(), "GITHUB_TOKEN"):
            leak("GitHub token", m.start(), m.end())
    for m in PEM_SCAN.finditer(text):
        if not cov(m.start(), m.end(), "PRIVATE_KEY"):
            leak("private key block", m.start(), m.end())
    return probs


# =====================================================================================================
# notes: generation
# =====================================================================================================


def _b2c_table(text):
    tab, acc = [], 0
    for ch_ in text:
        tab.append(acc)
        acc += len(ch_.encode("utf-8"))
    tab.append(acc)
    return tab


def to_record(nid, cat, lang, tags, text, spans, negs):
    tab = _b2c_table(text)
    sp = [{"start": tab[a], "end": tab[b], "cstart": a, "cend": b, "entity": e, "fmt": f} for a, b, e, f in sorted(spans)]
    ng = [{"start": tab[a], "end": tab[b], "cstart": a, "cend": b, "kind": k} for a, b, k in sorted(negs)]
    tg = {cat, f"lang_{lang}", "pii" if sp else "no_pii"} | set(tags)
    if not text.isascii():
        tg.add("non_ascii")
    if ng:
        tg.add("hard_negative")
    return {"id": nid, "category": cat, "tags": sorted(tg), "text": text, "spans": sp, "hard_negatives": ng}


def gen_notes():
    tot = sum(w for _, w, _, _ in TEMPLATES)
    plan = []
    for name, w, langs, fn in TEMPLATES:
        k = max(8, round(N_NOTES * w / tot))
        ll = [langs[i % len(langs)] for i in range(k)]
        R.shuffle(ll)
        plan += [(name, fn, lg) for lg in ll]
    while len(plan) < N_NOTES:
        name, w, langs, fn = TEMPLATES[R.randrange(len(TEMPLATES))]
        plan.append((name, fn, ch(langs)))
    R.shuffle(plan)
    plan = plan[:N_NOTES]
    recs, redraws = [], Counter()
    for i, (name, fn, lang) in enumerate(plan):
        for _attempt in range(500):
            d, tags = fn(lang)
            text = d.text()
            probs = scan_text(text, d.spans, d.negs, f"{name}/{lang}")
            if not probs:
                break
            redraws[name] += 1
        else:
            raise SystemExit(f"gen.py: cannot generate a clean {name}/{lang} note: {probs[:3]}")
        recs.append(to_record(f"h7-{i:05d}", name, lang, tags, text, d.spans, d.negs))
    return recs, redraws


def write_notes(recs):
    with open(HERE / "notes.jsonl", "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    texts = [r["text"] for r in recs]
    (HERE / "corpus.txt").write_bytes("\n\n".join(texts).encode("utf-8"))
    bo = co = 0
    with open(HERE / "corpus_index.jsonl", "w", encoding="utf-8") as f:
        for r in recs:
            bl, cl = len(r["text"].encode("utf-8")), len(r["text"])
            f.write(json.dumps({"id": r["id"], "byte_offset": bo, "byte_len": bl, "char_offset": co, "char_len": cl}) + "\n")
            bo += bl + 2
            co += cl + 2


# =====================================================================================================
# ticket JSON: builders
# =====================================================================================================


class JNum:
    """A labelled value stored as a JSON number."""

    def __init__(self, value, ent, fmt):
        self.value, self.ent, self.fmt = int(value), ent, fmt


class JNeg:
    """A hard negative stored as a JSON number."""

    def __init__(self, value, kind):
        self.value, self.kind = int(value), kind


def esc_ptr(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def materialize(obj, ptr=""):
    """Doc/JNum/JNeg -> plain JSON values; returns (plain, labels, negs) with pointer-relative char offsets."""
    labels, negs = [], []

    def walk(o, p):
        if isinstance(o, Doc):
            t = o.text()
            for a, b, e, f in o.spans:
                labels.append((p, a, b, e, f, None))
            for a, b, k in o.negs:
                negs.append((p, a, b, k, None))
            return t
        if isinstance(o, V):
            labels.append((p, 0, len(o.text), o.ent, o.fmt, None))
            return o.text
        if isinstance(o, N):
            negs.append((p, 0, len(o.text), o.kind, None))
            return o.text
        if isinstance(o, JNum):
            labels.append((p, 0, len(str(o.value)), o.ent, o.fmt, "number"))
            return o.value
        if isinstance(o, JNeg):
            negs.append((p, 0, len(str(o.value)), o.kind, "number"))
            return o.value
        if isinstance(o, dict):
            return {k: walk(v, f"{p}/{esc_ptr(k)}") for k, v in o.items()}
        if isinstance(o, list):
            return [walk(v, f"{p}/{i}") for i, v in enumerate(o)]
        return o
    return walk(obj, ptr), labels, negs


def json_get(obj, ptr):
    if ptr in ("", "/"):
        return obj
    for part in ptr.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def iter_json(obj, p=""):
    """Yield (pointer, value) for every scalar, and ('key', pointer, key) for keys."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield ("key", f"{p}/{esc_ptr(k)}", k)
            yield from iter_json(v, f"{p}/{esc_ptr(k)}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from iter_json(v, f"{p}/{i}")
    else:
        yield ("val", p, obj)


def jid(n=6):
    return R.randint(10 ** (n - 1), 10 ** n - 1)


def iso_ts():
    return ts_iso()


# JSON keys per language in assorted casings
KEY_DOB = {"en": ["date_of_birth", "dateOfBirth", "DateOfBirth", "birth-date", "patient.dob", "dob"], "pl": ["data_urodzenia", "dataUrodzenia"],
           "fi": ["syntymaaika", "syntymäaika"], "cs": ["datum_narozeni", "DatumNarozeni"], "vi": ["ngay_sinh", "ngay-sinh", "NgaySinh"],
           "id": ["tanggal_lahir", "tanggalLahir"], "hu": ["szuletesi_datum", "születési_dátum"], "ru": ["дата_рождения", "dataRozhdeniya"],
           "uk": ["дата_народження", "data-narodzhennia"], "ja": ["生年月日", "seinengappi"], "ko": ["생년월일", "birthDate"], "zh": ["出生日期", "chusheng_riqi"],
           "zt": ["出生日期", "birthday"], "tr": ["dogum_tarihi", "doğumTarihi", "DogumTarihi"], "nl": ["geboortedatum", "geboorte-datum"],
           "sv": ["fodelsedatum", "födelsedatum"], "ro": ["data_nasterii", "dataNasterii"], "el": ["imerominia_gennisis", "ημερομηνία_γέννησης"],
           "th": ["วันเกิด", "birth_date"], "ar": ["تاريخ_الميلاد", "birth_date"], "he": ["תאריך_לידה", "birthDate"]}
KEY_MRN = {"en": ["mrn", "MRN", "medical_record_number", "medicalRecordNumber", "patient.mrn", "Patient-MRN"], "pl": ["nr_kartoteki", "nrHistoriiChoroby"],
           "fi": ["potilasnumero"], "cs": ["cislo_chorobopisu"], "vi": ["so_benh_an", "MaHoSoBenhAn"], "id": ["no_rekam_medis", "noRekamMedis"],
           "hu": ["korlapszam", "kórlapszám"], "ru": ["номер_медкарты", "nomerMedKarty"], "uk": ["номер_медкартки"], "ja": ["カルテ番号", "karte_no"],
           "ko": ["병록번호", "chartNo"], "zh": ["病历号", "bingli_hao"], "zt": ["病歷號碼"], "tr": ["hasta_dosya_no", "hastaDosyaNo"],
           "nl": ["patientnummer", "patiëntnummer", "ziekenhuis-nummer"], "sv": ["journalnummer"], "ro": ["nr_foaie_observatie", "codPacientFO"],
           "el": ["arithmos_mitroou_astheni"], "th": ["hn", "HN_number"], "ar": ["رقم_الملف_الطبي", "medicalFileNo"], "he": ["מספר_תיק_רפואי", "tik_refui"]}
KEY_PHONE = {"en": ["phone", "phoneNumber", "Phone-Number", "callback_phone"], "pl": ["telefon", "numerTelefonu"], "fi": ["puhelin", "puhelinnumero"],
             "cs": ["telefon", "telefonni_cislo"], "vi": ["so_dien_thoai", "SoDienThoai"], "id": ["nomor_hp", "noTelepon"], "hu": ["telefonszam", "telefonszám"],
             "ru": ["телефон", "telefon"], "uk": ["телефон", "nomer-telefonu"], "ja": ["電話番号", "denwa"], "ko": ["전화번호", "phoneNo"], "zh": ["手机号", "shoujihao"],
             "zt": ["手機號碼"], "tr": ["cep_telefonu", "telefonNo"], "nl": ["telefoonnummer", "telefoon-nummer"], "sv": ["telefonnummer", "mobilnummer"],
             "ro": ["telefon", "numarTelefon"], "el": ["tilefono", "τηλέφωνο"], "th": ["เบอร์โทร", "phone"], "ar": ["رقم_الجوال", "mobile"], "he": ["טלפון", "phone"]}
LANG_LABEL = {k: (LEX[k]["dob"][0], LEX[k]["mrn"][0], LEX[k]["phone"][0]) for k in LEX}
JLANGS = NEW_LANGS + ["en"] * 8
SUPPORT_BOXES = ["support@kestrelpay.io", "help@northgatefreight.com", "care@mapleridge-pharmacy.com", "service@lumenbank-online.eu", "patienten@ziekenhuis-rijnland.nl",
                 "destek@anadolu-saglik.com.tr", "uketsuke@sakura-clinic.jp", "help@hanbit-med.co.kr"]


def sbox():
    return V(ch(SUPPORT_BOXES), "EMAIL_ADDRESS", "email.role")


def body_sentences(lang, med, p):
    """Free-text customer message (list of items) with values and hard negatives, in lang."""
    L = lang
    items = [ch(LEX[L]["hello"]), " ", lx(L, "update_phone"), " ", phone(L, "mobile").c(f"body_{L}"), ". "]
    if R.random() < 0.6:
        items += [lx(L, "born"), " ", dob(L).c(f"body_{L}"), ". "]
    if med and R.random() < 0.7:
        items += [lx(L, "mrn"), colon(L), mrn().c(f"body_{L}"), ". "]
    items += [lx(L, "appt"), colon(L), ndate(L, "date_appointment"), ". ", ch(LEX[L]["thanks"]), " ", p.native]
    return items


def html_body(lang, med, p, style="div"):
    """An HTML body string (Doc) with a tel: link, a mailto link and a labelled list."""
    ph = phone(lang, "mobile")
    em = p.email()
    items = [f"<{style}>", ch(LEX[lang]["hello"]), f"</{style}><{style}>", lx(lang, "update_phone"), " <a href=\"tel:", tel_of(ph).c("html_tel_href"), "\">", ph.c("html_link_text"), "</a>.</", style, ">"]
    items += ["<ul><li><b>", lx(lang, "email"), ":</b> <a href=\"mailto:", em.c("html_mailto_href"), "\">", em.c("html_link_text"), "</a></li>"]
    if R.random() < 0.6:
        items += ["<li><b>", lx(lang, "dob"), ":</b>&nbsp;", dob(lang).c("html_nbsp"), "</li>"]
    if med:
        items += ["<li><b>", lx(lang, "mrn"), ":</b> ", mrn().c("html_li"), "</li>"]
    items += ["<li>", lx(lang, "created"), ": ", ndate(lang, "date_created"), "</li></ul>", f"<{style}>", ch(LEX[lang]["thanks"]), "<br>", p.native, f"</{style}>"]
    return S(*items)


JSHAPES = []


def jshape(name):
    def deco(fn):
        JSHAPES.append((name, fn))
        return fn
    return deco


def kdob(lang):
    return ch(KEY_DOB[lang])


def kmrn(lang):
    return ch(KEY_MRN[lang])


def kphone(lang):
    return ch(KEY_PHONE[lang])


def dob_for_key(lang):
    """DOB stored under a key that names it: ISO most of the time, local form otherwise."""
    return dob(lang, "iso" if R.random() < 0.6 else None)


@jshape("zammad")
def j_zammad(lang):
    p = person(lang)
    med = R.random() < 0.6
    em = p.email()
    cust = {"id": jid(4), "firstname": p.given, "lastname": p.family, "email": em.c("zammad_customer"), "phone": phone(lang, "landline").c("zammad_customer"),
            "mobile": phone(lang, "mobile").c("zammad_customer"), "note": "", "created_at": ts_iso()}
    t = {"id": jid(5), "group_id": R.randint(1, 9), "priority_id": 2, "state_id": R.randint(1, 4), "number": N(str(R.randint(31000, 99999)), "ticket_number"),
         "title": S(ch(["Login", "Termin", "Rechnung", "Account"]), " – ", ticket_no()), "customer_id": cust["id"], "created_at": ts_iso(), "updated_at": ts_iso(), "customer": cust}
    t[kdob(lang)] = dob_for_key(lang).c("zammad_custom_attr")
    if med:
        t[kmrn(lang)] = mrn().c("zammad_custom_attr")
    arts = [{"id": jid(6), "type": "email", "sender": "Customer", "from": S("\"", p.latin, "\" <", em.c("zammad_article_from"), ">"), "to": sbox().c("zammad_article_to"),
             "subject": S(ch(["Re: ", ""]), ticket_no()), "body": html_body(lang, med, p), "content_type": "text/html", "internal": False, "created_at": ts_iso()},
            {"id": jid(6), "type": "note", "sender": "Agent", "from": ch(AGENTS[lang]), "body": S(ch(["Called back on ", "Verified via "]), phone(lang).c("zammad_note_plain"), ", ",
                                                                                                  ch(["IP ", "login from "]), ip(0.3).c("zammad_note_plain"), " at ", ts_plain(), "."),
             "content_type": "text/plain", "internal": True, "created_at": ts_iso()}]
    t["articles"] = arts
    return t


@jshape("osticket")
def j_osticket(lang):
    p = person(lang)
    ph = phone(lang if lang != "en" else "us")
    ext = str(R.randint(10, 999))
    o = {"alert": True, "autorespond": True, "source": "API", "name": p.native, "email": p.email().c("osticket_email"),
         "phone": S(ph.c("osticket_phone_X_ext"), "X", N(ext, "phone_extension")) if R.random() < 0.5 else ph.c("osticket_phone"),
         "subject": S(ch(["Billing question", "Cannot log in", "Appointment change", "Refund"]), " ", ticket_no()), "ip": ip(0.3).c("osticket_ip"),
         "message": S("data:text/html,<p>", body_sentences(lang, R.random() < 0.5, p), "</p>")}
    o[kdob(lang)] = dob_for_key(lang).c("osticket_form_var")
    if R.random() < 0.5:
        o[kmrn(lang)] = mrn().c("osticket_form_var")
    o["attachments"] = [{"screenshot.png": "data:image/png;base64," + base64.b64encode(b"\x89PNG\r\n\x1a\n" + _rb(30)).decode()}]
    return o


@jshape("kayako")
def j_kayako(lang):
    p = person(lang)
    cf = [{"field": {"id": jid(3), "key": "date_of_birth", "title": lx(lang, "dob")}, "value": dob_for_key(lang).c("kayako_custom_field")},
          {"field": {"id": jid(3), "key": "card_on_file", "title": lx(lang, "card")}, "value": masked_card()}]
    if R.random() < 0.5:
        cf.append({"field": {"id": jid(3), "key": "patient_mrn", "title": lx(lang, "mrn")}, "value": mrn().c("kayako_custom_field")})
    return {"status": 200, "data": {"id": jid(5), "subject": S(ticket_no(), " ", ch(["Refund", "Login", "Address change"])),
            "requester": {"id": jid(5), "full_name": p.native, "emails": [{"id": jid(4), "email": p.email().c("kayako_requester"), "is_primary": True}],
                          "phones": [{"id": jid(4), "number": phone(lang, "mobile").c("kayako_requester"), "type": "MOBILE"}]},
            "custom_fields": cf,
            "posts": {"data": [{"id": jid(6), "source": "MAIL", "contents": S(body_sentences(lang, False, p)), "created_at": ts_iso()},
                               {"id": jid(6), "source": "NOTE", "contents": S(ch(["Customer IP ", "Last login from "]), ip(0.3).c("kayako_note"), "; ", ch(["order ", "ref "]), order16()),
                                "created_at": ts_iso()}]},
            "created_at": ts_iso(), "resource_type": "case"}}


@jshape("front")
def j_front(lang):
    p = person(lang)
    em = p.email()
    cf = {"Customer tier": ch(["Gold", "Basic"]), LANG_LABEL[lang][2]: phone(lang).c("front_custom_field_titlecase")}
    if R.random() < 0.6:
        cf[LANG_LABEL[lang][0]] = dob_for_key(lang).c("front_custom_field_titlecase")
    if R.random() < 0.4:
        cf[LANG_LABEL[lang][1]] = mrn().c("front_custom_field_titlecase")
    msg = {"_links": {"self": f"https://api2.frontapp.com/messages/msg_{hexhash(8).text}"}, "id": f"msg_{hexhash(8).text}", "type": "email", "is_inbound": True,
           "created_at": JNeg(R.randint(1700000000, 1760000000), "epoch_timestamp"), "blurb": S(lx(lang, "update_phone"), " ", phone(lang, "mobile").c("front_blurb")),
           "author": None, "recipients": [{"handle": em.c("front_recipient_from"), "role": "from"}, {"handle": sbox().c("front_recipient_to"), "role": "to"}],
           "body": html_body(lang, R.random() < 0.4, p, "p"), "text": S(body_sentences(lang, False, p))}
    return {"_links": {"self": "https://api2.frontapp.com/conversations/cnv_" + hexhash(7).text}, "id": "cnv_" + hexhash(7).text, "subject": S(ticket_no()),
            "status": ch(["unassigned", "assigned", "archived"]), "recipient": {"handle": V(em.text, em.ent, em.fmt).c("front_conversation_recipient"), "role": "from"},
            "custom_fields": cf, "created_at": R.randint(1700000000, 1760000000), "messages": {"_results": [msg]}}


@jshape("gorgias")
def j_gorgias(lang):
    p = person(lang)
    em = p.email()
    ph = phone(lang, "mobile")
    cust = {"id": jid(7), "email": em.c("gorgias_customer"), "name": p.native,
            "channels": [{"id": jid(7), "type": "email", "address": V(em.text, em.ent, em.fmt).c("gorgias_channel_address")}, {"id": jid(7), "type": "phone", "address": tel_of(ph).c("gorgias_channel_address")}],
            "data": {"lastOrderId": N(rd(13, "5"), "order_number"), kdob(lang): dob_for_key(lang).c("gorgias_customer_data")}}
    msgs = [{"id": jid(8), "channel": "email", "via": "email", "from_agent": False, "source": {"type": "email", "from": {"name": p.latin, "address": V(em.text, em.ent, em.fmt).c("gorgias_source_from")},
                                                                                              "to": [{"name": "Support", "address": sbox().c("gorgias_source_to")}]},
             "body_text": S(body_sentences(lang, False, p)), "body_html": html_body(lang, False, p, "p"), "created_datetime": ts_iso()},
            {"id": jid(8), "channel": "internal-note", "via": "helpdesk", "from_agent": True, "body_text": S(ch(["Shopify order ", "Order "]), order16(), " · card ", masked_card(), " · IP ", ip(0.2).c("gorgias_note")),
             "created_datetime": ts_iso()}]
    return {"id": jid(8), "uri": "/api/tickets/" + str(jid(8)) + "/", "external_id": None, "language": lang, "status": "open", "channel": "email", "customer": cust, "messages": msgs,
            "meta": {"callbackPhone": V(ph.text, ph.ent, ph.fmt).c("gorgias_meta_camel")}, "created_datetime": ts_iso()}


@jshape("linear")
def j_linear(lang):
    p = person("en" if R.random() < 0.5 else lang)
    desc = S("## Customer report\n\n", lx(p.lang, "email"), ": ", p.email().c("linear_markdown"), "  \n", lx(p.lang, "phone"), ": ", phone(p.lang).c("linear_markdown"), "\n\n```\n",
             ts_iso(), " ERROR auth failed ip=", ip(0.3).c("linear_code_fence"), " user=", p.email().c("linear_code_fence"), "\n```\n\nRegression since ", version(), ".")
    cmts = [{"id": uuid4(), "body": S(ch(["Token was committed in ", "Leaked in "]), "`", hexhash(7), "`: `", gh().c("linear_comment_inline_code"), "` — revoked."), "createdAt": iso_ts(),
             "user": {"name": ch(AGENTS["en"]), "email": V(ch(["eng-oncall@kestrelpay.io", "sre@northgatefreight.com"]), "EMAIL_ADDRESS", "email.role.linear_user")}}]
    if R.random() < 0.5:
        cmts.append({"id": uuid4(), "body": S("Also rotate `", aws().c("linear_comment_inline_code"), "` (secret `", aws_secret(), "`)."), "createdAt": iso_ts(), "user": {"name": ch(AGENTS["en"])}})
    return {"data": {"issue": {"id": uuid4(), "identifier": N(f"SUP-{R.randint(100, 9999)}", "ticket_number"), "title": "Customer cannot log in after SSO change", "description": desc,
                               "priority": R.randint(0, 4), "createdAt": iso_ts(), "creator": {"name": p.latin, "email": p.email().c("linear_creator")},
                               "comments": {"nodes": cmts}, "labels": {"nodes": [{"name": "support"}, {"name": "security"}]}}}}


@jshape("azure_devops")
def j_ado(lang):
    p = person(lang)
    wid = jid(5)
    f = {"System.Id": wid, "System.WorkItemType": "Bug", "System.State": ch(["New", "Active", "Resolved"]), "System.Title": S("Customer escalation ", ticket_no()),
         "System.CreatedDate": iso_ts(), "System.CreatedBy": {"displayName": ch(AGENTS["en"]), "uniqueName": V(ch(["m.keller@kestrelpay.io", "support.l2@northgatefreight.com"]), "EMAIL_ADDRESS", "email.ado_unique_name")},
         "System.Description": html_body(lang, R.random() < 0.5, p),
         "Microsoft.VSTS.TCM.ReproSteps": S("<div>1. Login from ", ip(0.3).c("ado_repro_html"), "</div><div>2. Build ", build_no(), " returns 500</div>"),
         "Custom.CallbackPhone": phone(lang).c("ado_custom_dotted"), "Custom.DateOfBirth": dob_for_key(lang).c("ado_custom_dotted")}
    if R.random() < 0.5:
        f["Custom.PatientMRN"] = mrn().c("ado_custom_dotted")
    if R.random() < 0.3:
        f["Custom.NPI"] = JNum(npi().text, "US_NPI", "npi.compact.ado_number")
    return {"id": wid, "rev": R.randint(1, 30), "fields": f, "comments": [{"id": jid(7), "text": S("<div>Customer called from ", phone(lang).c("ado_comment_html"), " at ", ts_plain(), "</div>")}],
            "url": f"https://dev.azure.com/contoso/_apis/wit/workItems/{wid}"}


@jshape("trello")
def j_trello(lang):
    p = person(lang)
    cfs = [{"id": hexhash(24, "trello_id"), "name": LANG_LABEL[lang][2], "type": "text"}, {"id": hexhash(24, "trello_id"), "name": "Email", "type": "text"},
           {"id": hexhash(24, "trello_id"), "name": "Order", "type": "number"}]
    card_ = {"id": hexhash(24, "trello_id"), "name": S(p.native, " – ", ticket_no()),
             "desc": S("**", lx(lang, "phone"), "**: ", phone(lang).c("trello_desc_markdown"), "\n**", lx(lang, "dob"), "**: ", dob(lang).c("trello_desc_markdown"), "\n\n", body_sentences(lang, False, p)),
             "customFieldItems": [{"idCustomField": cfs[0]["id"], "value": {"text": phone(lang, "mobile").c("trello_custom_field_text")}},
                                  {"idCustomField": cfs[1]["id"], "value": {"text": p.email().c("trello_custom_field_text")}},
                                  {"idCustomField": cfs[2]["id"], "value": {"number": N(rd(8, "4"), "order_number")}}],
             "dateLastActivity": iso_ts()}
    acts = [{"id": hexhash(24, "trello_id"), "type": "commentCard", "date": iso_ts(), "memberCreator": {"fullName": ch(AGENTS[lang])},
             "data": {"text": S(lx(lang, "email"), ": ", p.email().c("trello_comment"), " · ", lx(lang, "created"), " ", ndate(lang, "date_created")), "card": {"id": card_["id"]}}}]
    return {"id": hexhash(24, "trello_id"), "name": "Support escalations", "customFields": cfs, "cards": [card_], "actions": acts}


@jshape("asana")
def j_asana(lang):
    p = person(lang)
    bd = rand_birth()
    form = ch([f for f in DATE_FORMS[lang] if f not in ("ja_era",)])
    m = mrn(ch(["digits6", "digits7", "digits8"]))
    cf = [{"gid": str(jid(16)), "name": lx(lang, "dob"), "type": "date", "date_value": {"date": V(bd.isoformat(), "DATE_OF_BIRTH", "dob.iso.asana_date_value"), "date_time": None},
           "display_value": V(date_text(bd, form), "DATE_OF_BIRTH", f"dob.{form}.asana_display_value")}]
    if R.random() < 0.7:
        cf.append({"gid": str(jid(16)), "name": lx(lang, "mrn"), "type": "number", "number_value": JNum(m.text, "MEDICAL_RECORD_NUMBER", m.fmt + ".asana_number_value"), "display_value": m.c("asana_display_value")})
    cf.append({"gid": str(jid(16)), "name": lx(lang, "phone"), "type": "text", "text_value": phone(lang).c("asana_text_value"), "display_value": None})
    return {"data": {"gid": str(jid(16)), "resource_type": "task", "name": S(p.native, " — ", ticket_no()), "notes": S(body_sentences(lang, False, p)),
                     "html_notes": S("<body>", lx(lang, "email"), ": <a href=\"mailto:", p.email().c("asana_html_notes"), "\">", p.native, "</a></body>"),
                     "created_at": iso_ts(), "custom_fields": cf, "assignee": {"gid": str(jid(16)), "resource_type": "user", "name": ch(AGENTS[lang])}}}


@jshape("slack_export")
def j_slack(lang):
    p = person(lang)
    em = p.email()
    msgs = []
    base = R.randint(1700000000, 1760000000)
    msgs.append({"type": "message", "user": "U0" + rd(9), "text": S(_tsplit(CHAT[lang][0], ticket_no()), " <mailto:", em.c("slack_mailto_target"), "|", em.c("slack_mailto_text"), ">"),
                 "ts": N(f"{base}.{rd(6)}", "epoch_timestamp"), "user_profile": {"real_name": ch(AGENTS[lang]), "display_name": ""}})
    ph = phone(lang, "mobile")
    lp, ld = lx(lang, "phone"), lx(lang, "dob")
    msgs.append({"type": "message", "user": "U0" + rd(9), "text": S(lp, ": ", ph.c("slack_text"), " / ", ld, ": ", (dd := dob(lang)).c("slack_text")),
                 "ts": N(f"{base + R.randint(5, 900)}.{rd(6)}", "epoch_timestamp"),
                 "blocks": [{"type": "rich_text", "block_id": "".join(ch(string.ascii_letters) for _ in range(5)), "elements": [{"type": "rich_text_section", "elements": [
                     {"type": "text", "text": lp + ": "}, {"type": "text", "text": V(ph.text, ph.ent, ph.fmt).c("slack_block_element")},
                     {"type": "text", "text": " / " + ld + ": "}, {"type": "text", "text": V(dd.text, dd.ent, dd.fmt).c("slack_block_element")}]}]}]})
    msgs.append({"type": "message", "user": "U0" + rd(9), "text": S(CHAT[lang][2], "\n```", auth_log_line(), "```"), "ts": N(f"{base + R.randint(900, 4000)}.{rd(6)}", "epoch_timestamp")})
    return msgs


@jshape("msgraph")
def j_graph(lang):
    p = person(lang)
    em = p.email()
    box = sbox()
    return {"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#users('support')/messages/$entity",
            "@odata.etag": "W/\"" + base64.b64encode(_rb(12)).decode() + "\"", "id": "AAMkA" + base64.urlsafe_b64encode(_rb(30)).decode().rstrip("="),
            "createdDateTime": iso_ts(), "receivedDateTime": iso_ts(), "subject": S(ticket_no(), " ", ch(["Update", "Urgent", "Question"])),
            "bodyPreview": S(lx(lang, "update_phone"), " ", phone(lang, "mobile").c("graph_body_preview")), "importance": "normal", "isRead": False,
            "body": {"contentType": "html", "content": S("<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=utf-8\"></head><body>", html_body(lang, R.random() < 0.4, p), "</body></html>")},
            "sender": {"emailAddress": {"name": p.latin, "address": em.c("graph_sender")}}, "from": {"emailAddress": {"name": p.latin, "address": V(em.text, em.ent, em.fmt).c("graph_from")}},
            "toRecipients": [{"emailAddress": {"name": "Support", "address": box.c("graph_to")}}], "ccRecipients": [],
            "internetMessageHeaders": [{"name": "X-Originating-IP", "value": S("[", ipv4().c("graph_header_bracket"), "]")},
                                       {"name": "Received", "value": S("from ", ch(["mail-wm1-f45.google.com", "smtp3.seznam.cz"]), " ([", ipv4().c("graph_header_received"), "]) by ", ch(["AM6PR04MB", "DB9PR10MB"]), rd(4), ".outlook.office365.com")},
                                       {"name": "Message-ID", "value": msgid()}]}


@jshape("dynamics365")
def j_dyn(lang):
    p = person(lang)
    d0 = rand_birth()
    pre = ch(["cr7a2", "new", "cr4f1", "msdyn_ext"])
    o = {"@odata.context": "https://contoso.crm4.dynamics.com/api/data/v9.2/$metadata#incidents/$entity", "@odata.etag": "W/\"" + rd(7) + "\"",
         "incidentid": uuid4(), "ticketnumber": N(f"CAS-{rd(5)}-{''.join(ch(string.ascii_uppercase + string.digits) for _ in range(6))}", "case_number"),
         "title": S(ch(["Billing dispute", "Portal access", "Prescription query"]), " – ", p.native), "description": S(body_sentences(lang, R.random() < 0.5, p)),
         "createdon": iso_ts(), "createdon@OData.Community.Display.V1.FormattedValue": N(f"{R.randint(1, 12)}/{R.randint(1, 28)}/{R.randint(2023, 2025)} {R.randint(1, 12)}:{R.randint(0, 59):02d} {ch(['AM', 'PM'])}", "timestamp"),
         "_customerid_value": uuid4(), "_customerid_value@OData.Community.Display.V1.FormattedValue": p.native,
         f"{pre}_dateofbirth": V(d0.isoformat(), "DATE_OF_BIRTH", "dob.iso.dynamics_custom"),
         f"{pre}_dateofbirth@OData.Community.Display.V1.FormattedValue": V(f"{d0.month}/{d0.day}/{d0.year}", "DATE_OF_BIRTH", "dob.numeric_mdy_nopad.dynamics_formatted_value"),
         f"{pre}_callbackphone": phone(lang).c("dynamics_custom"), "emailaddress": p.email().c("dynamics_emailaddress"),
         "statuscode": 1, "statuscode@OData.Community.Display.V1.FormattedValue": "In Progress"}
    if R.random() < 0.5:
        o[f"{pre}_mrn"] = mrn().c("dynamics_custom")
    if R.random() < 0.3:
        o[f"{pre}_ssn"] = ssn("dashes").c("dynamics_custom")
    if R.random() < 0.3:
        o[f"{pre}_npi"] = JNum(npi().text, "US_NPI", "npi.compact.dynamics_number")
    return o


@jshape("sugarcrm")
def j_sugar(lang):
    p = person(lang)
    em = p.email()
    contact = {"id": uuid4(), "_module": "Contacts", "name": p.native, "first_name": p.given, "last_name": p.family, "date_entered": iso_ts(),
               "phone_work": phone(lang, "landline").c("sugar_phone_work"), "phone_mobile": phone(lang, "mobile").c("sugar_phone_mobile"),
               "email": [{"email_address": em.c("sugar_email_array"), "primary_address": True, "invalid_email": False}], "email1": V(em.text, em.ent, em.fmt).c("sugar_email1"),
               "birthdate": dob(lang, "iso").c("sugar_birthdate"), "description": S(lx(lang, "mrn"), ": ", mrn().c("sugar_description")) if R.random() < 0.5 else ""}
    case = {"id": uuid4(), "_module": "Cases", "case_number": R.randint(1000, 99999), "name": S(ticket_no()), "date_entered": iso_ts(),
            "description": S(body_sentences(lang, False, p)), "work_log": S("Customer SSN verified (", masked_ssn(), "); callback ", phone(lang).c("sugar_work_log")),
            "account_iban_c": iban(ch(LANG_IBAN.get(lang, ["DE", "NL", "FR", "ES", "IT", "AT", "BE"]))).c("sugar_custom_c")}
    if R.random() < 0.4:
        case["card_number_c"] = JNum(card_digits(ch(["visa", "mc5", "discover"])), "CREDIT_CARD", "card.compact.sugar_number")
    return {"next_offset": -1, "records": [contact, case]}


@jshape("odoo")
def j_odoo(lang):
    p = person(lang)
    rec = {"id": jid(4), "name": S(ch(["Login issue", "Invoice question", "Appointment"]), " (", ticket_no(), ")"), "ticket_ref": N(rd(5, "0"), "ticket_number"),
           "description": S("<p>", body_sentences(lang, R.random() < 0.5, p), "</p><p>", lx(lang, "iban"), ": ", iban(ch(LANG_IBAN.get(lang, ["DE", "NL", "FR", "ES", "IT", "AT", "BE"]))).c("odoo_html"), "</p>"),
           "partner_id": [jid(3), p.native], "partner_email": p.email().c("odoo_partner"), "partner_phone": phone(lang).c("odoo_partner"),
           f"x_studio_{kdob(lang).replace('-', '_').replace('.', '_')}": dob_for_key(lang).c("odoo_x_studio"), "create_date": ts_plain(), "stage_id": [R.randint(1, 5), "New"]}
    if R.random() < 0.6:
        rec[f"x_studio_{kmrn(lang).replace('-', '_').replace('.', '_')}"] = mrn().c("odoo_x_studio")
    return {"jsonrpc": "2.0", "id": R.randint(1, 99), "result": [rec]}


def html_escape_items(items):
    out = []
    for it in items:
        out.append(it.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") if isinstance(it, str) else it)
    return out


@jshape("glpi")
def j_glpi(lang):
    p = person(lang)
    ph = phone(lang)
    content = html_escape_items(["<p>", lx(lang, "phone"), ": ", ph.c("glpi_escaped_html"), "</p><p>", lx(lang, "dob"), ": ", dob(lang).c("glpi_escaped_html"), "</p><p>",
                                 lx(lang, "email"), ": ", p.email().c("glpi_escaped_html"), "</p><p>MAC ", mac(), " / IP ", ip(0.3).c("glpi_escaped_html"), "</p>"])
    return {"id": jid(5), "entities_id": 0, "name": S(ch(["Poste bloqué", "Workstation locked", "VPN"]), " ", ticket_no()), "date": ts_plain(), "content": S(content),
            "users_id_recipient": R.randint(2, 90), "status": R.randint(1, 6),
            "_followups": [{"id": jid(5), "itemtype": "Ticket", "content": S(html_escape_items(["<p>", ch(["Remote session from ", "User connected from "]), ipv4().c("glpi_followup"), " (", mac(), ")</p>"])), "date": ts_plain()}]}


EXTRA_FIELDS = [("UK_NHS", ["nhs", "number"]), ("US_DEA", ["prescriber", "dea"]), ("ABA_ROUTING_NUMBER", ["routing", "number"]), ("US_SSN", ["ssn"]),
                ("US_NPI", ["provider", "npi"]), ("CREDIT_CARD", ["card", "number"]), ("IBAN_CODE", ["refund", "iban"]), ("MEDICAL_RECORD_NUMBER", ["patient", "mrn"])]
ACRONYMS = {"nhs": "NHS", "dea": "DEA", "ssn": "SSN", "npi": "NPI", "iban": "IBAN", "mrn": "MRN"}


def key_style(words, style, pre="new"):
    if style == "snake":
        return "_".join(words)
    if style == "camel":
        return words[0] + "".join(w.capitalize() for w in words[1:])
    if style == "pascal":
        return "".join(w.capitalize() for w in words)
    if style == "kebab":
        return "-".join(words)
    if style == "title":
        return " ".join(ACRONYMS.get(w, w.capitalize()) for w in words)
    if style == "dotted":
        return "Custom." + "".join(ACRONYMS.get(w, w.capitalize()) for w in words)
    if style == "sugar":
        return "_".join(words) + "_c"
    if style == "odoo":
        return "x_studio_" + "_".join(words)
    if style == "dynamics":
        return f"{pre}_" + "".join(words)
    raise KeyError(style)


# which identifiers are plausible for a customer writing in a given language (US / UK residents, IBAN countries)
EXTRA_OK = {"UK_NHS": {"en", "pl", "ro", "ar", "zh", "vi"}, "US_SSN": {"en", "zh", "zt", "ko", "vi"}, "US_DEA": {"en"}, "US_NPI": {"en", "ko", "zh", "vi"},
            "ABA_ROUTING_NUMBER": {"en", "zh", "ko", "vi"}, "IBAN_CODE": {"en", "pl", "ro", "ar", "he", "tr", "el", "nl", "sv", "fi", "hu", "cs", "uk", "ru"},
            "CREDIT_CARD": set(LEX), "MEDICAL_RECORD_NUMBER": set(LEX)}
LANG_IBAN = {"en": ["GB", "IE"], "pl": ["PL"], "ro": ["RO"], "ar": ["AE", "SA", "QA", "KW", "JO", "BH", "EG"], "he": ["IL"], "tr": ["TR"], "el": ["GR", "CY"], "nl": ["NL", "BE"],
             "sv": ["SE"], "fi": ["FI"], "hu": ["HU"], "cs": ["CZ", "SK"], "uk": ["UA"], "ru": ["LV", "EE", "LT", "KZ", "AZ", "GE"]}


def extra_fields(lang, k):
    pool = [(e, w) for e, w in EXTRA_FIELDS if lang in EXTRA_OK[e]]
    if lang == "en":
        k += 2
    if lang == "en":
        pool = [x for x in pool if x[0] not in ("CREDIT_CARD", "MEDICAL_RECORD_NUMBER")] + [x for x in pool if x[0] in ("CREDIT_CARD", "MEDICAL_RECORD_NUMBER")][:1]
    return R.sample(pool, min(k, len(pool)))


def extra_value(ent, lang, ctx):
    """A value for an extra custom field; sometimes a JSON number."""
    num = R.random() < 0.3
    if ent == "UK_NHS":
        v = nhs(ch(["spaces", "compact"]))
        return JNum(digits_of(v.text), ent, f"nhs.compact.{ctx}_number") if num else v.c(ctx)
    if ent == "US_DEA":
        g, f = prescriber()
        return dea(f).c(ctx)
    if ent == "ABA_ROUTING_NUMBER":
        while True:
            v = aba()
            if v.text[0] != "0":
                break
        return JNum(v.text, ent, f"aba.compact.{ctx}_number") if num else v.c(ctx)
    if ent == "US_SSN":
        while True:
            v = ssn(ch(["dashes", "compact"]))
            if v.text[0] != "0":
                break
        return JNum(digits_of(v.text), ent, f"ssn.compact.{ctx}_number") if num else v.c(ctx)
    if ent == "US_NPI":
        v = npi()
        return JNum(v.text, ent, f"npi.compact.{ctx}_number") if num else v.c(ctx)
    if ent == "CREDIT_CARD":
        v = card(style=ch(["compact", "spaces"]))
        return JNum(re.sub(r"\D", "", v.text), ent, f"{v.fmt.rsplit('.', 1)[0]}.compact.{ctx}_number") if num else v.c(ctx)
    if ent == "IBAN_CODE":
        return iban(ch(LANG_IBAN.get(lang, ["DE"]))).c(ctx)
    if ent == "MEDICAL_RECORD_NUMBER":
        v = mrn(ch(["digits6", "digits7", "digits8", "alpha1", "alpha2"]))
        return JNum(v.text, ent, f"{v.fmt}.{ctx}_number") if (num and v.text.isdigit() and v.text[0] != "0") else v.c(ctx)
    raise KeyError(ent)


def add_extras(dct, style, lang, ctx, k=None, pre="new"):
    for ent, words in extra_fields(lang, k if k is not None else R.randint(1, 3)):
        dct[key_style(words, style, pre)] = extra_value(ent, lang, ctx)


def leak_comment(ctx):
    k = R.random()
    if k < 0.5:
        return S("Found this in the customer's repo, revoked:\n```\n", pem(ch(["rsa", "ec", "openssh", "pkcs8"])).c(ctx), "\n```")
    if k < 0.7:
        return S("AWS_ACCESS_KEY_ID=", aws().c(ctx), "\nAWS_SECRET_ACCESS_KEY=", aws_secret())
    return S("token in CI logs: ", gh().c(ctx), " (rotated ", ts_plain(), ")")


def hn_block(lang):
    """Assorted unlabelled look-alikes (order / invoice / tracking numbers, versions, hashes, masked values, non-birth dates)."""
    carrier, trk = tracking()
    pool = [("order_id", order16), ("invoice_no", invoice_luhn), ("tracking_no", lambda: trk), ("carrier", lambda: carrier), ("app_version", version), ("request_id", uuid4),
            ("device_mac", mac), ("commit", lambda: hexhash(40)), ("card_last4", masked_card), ("ssn_masked", masked_ssn), ("total", lambda: amount(lang)),
            ("appointment_date", lambda: ndate(lang, "date_appointment")), ("shipped_at", lambda: ndate(lang, "date_shipped")), ("build", build_no),
            ("old_iban_rejected", lambda: iban_bad(ch(["DE", "NL", "PL", "TR", "GR"]))), ("legacy_id", npi_bad), ("checksum_sha256", lambda: hexhash(64)),
            ("customer_since", lambda: ndate(lang, "date_no_birth_context_old", old=True)), ("sla_due", ts_iso), ("ticket_ref", ticket_no)]
    return {k: f() for k, f in R.sample(pool, R.randint(5, 9))}


HN_KEY = {"zammad": "preferences", "osticket": "meta", "kayako": "metadata", "front": "metadata", "gorgias": "integrations", "linear": "extensions", "azure_devops": "_extra",
          "trello": "pluginData", "asana": "external", "slack_export": None, "msgraph": "singleValueExtendedProperties", "dynamics365": "ext_metadata", "sugarcrm": "_meta",
          "odoo": "context", "glpi": "_plugin_fields"}


def json_style_extras(name, obj, lang):
    """Extra custom fields / comments per shape so that every entity occurs in the JSON set."""
    hk = HN_KEY[name]
    if name == "msgraph":  # extended properties are {id, value} pairs
        obj[hk] = [{"id": f"String {{{uuid4().text}}} Name {k}", "value": v} for k, v in hn_block(lang).items()]
    elif hk:
        (obj["data"] if name in ("kayako", "asana") else obj)[hk] = hn_block(lang)
    else:
        obj.append({"type": "message", "subtype": "bot_message", "bot_id": "B0" + rd(8), "text": S("Order ", order16(), " shipped ", ndate(lang, "date_shipped"), " via ", tracking()[1], ", invoice ", invoice_luhn()),
                    "ts": N(f"{R.randint(1700000000, 1760000000)}.{rd(6)}", "epoch_timestamp")})
    if name == "zammad":
        add_extras(obj, "snake", lang, "zammad_custom_attr")
        if R.random() < 0.35:
            obj["articles"].append({"id": jid(6), "type": "note", "sender": "Agent", "body": leak_comment("zammad_note_code"), "content_type": "text/plain", "internal": True})
    elif name == "osticket":
        ans = []
        for ent, words in extra_fields(lang, R.randint(1, 3)):
            ans.append({"field_id": R.randint(30, 90), "label": key_style(words, "title"), "value": extra_value(ent, lang, "osticket_answers_field_id_value")})
        obj["answers"] = ans
    elif name == "kayako":
        if R.random() < 0.4:
            obj["data"]["posts"]["data"].append({"id": jid(6), "source": "NOTE", "contents": leak_comment("kayako_note"), "created_at": ts_iso()})
        for ent, words in extra_fields(lang, R.randint(1, 2)):
            obj["data"]["custom_fields"].append({"field": {"id": jid(3), "key": key_style(words, "snake"), "title": key_style(words, "title")}, "value": extra_value(ent, lang, "kayako_custom_field")})
    elif name == "front":
        add_extras(obj["custom_fields"], "title", lang, "front_custom_field_titlecase")
        if R.random() < 0.4:
            obj["messages"]["_results"].append({"id": f"com_{hexhash(8).text}", "type": "comment", "is_inbound": False, "body": leak_comment("front_comment"), "author": {"email": V(ch(["it-sec@kestrelpay.io", "oncall@northgatefreight.com"]), "EMAIL_ADDRESS", "email.role.front_comment_author")}})
    elif name == "gorgias":
        obj["customer"]["meta"] = {"fields": [{"name": key_style(w, "camel"), "value": extra_value(e, lang, "gorgias_name_value")} for e, w in extra_fields(lang, R.randint(1, 2))]}
    elif name == "linear":
        if R.random() < 0.6:
            obj["data"]["issue"]["comments"]["nodes"].append({"id": uuid4(), "body": leak_comment("linear_comment_markdown"), "createdAt": iso_ts()})
    elif name == "azure_devops":
        add_extras(obj["fields"], "dotted", lang, "ado_custom_dotted")
        if R.random() < 0.4:
            obj["comments"].append({"id": jid(7), "text": leak_comment("ado_comment")})
    elif name == "trello":
        if R.random() < 0.7:
            obj["actions"].append({"id": hexhash(24, "trello_id"), "type": "commentCard", "date": iso_ts(), "data": {"text": leak_comment("trello_comment")}})
    elif name == "asana":
        for ent, words in extra_fields(lang, R.randint(1, 2)):
            v = extra_value(ent, lang, "asana_custom_field")
            if isinstance(v, JNum):
                obj["data"]["custom_fields"].append({"gid": str(jid(16)), "name": key_style(words, "title"), "type": "number", "number_value": v, "display_value": str(v.value)})
            else:
                obj["data"]["custom_fields"].append({"gid": str(jid(16)), "name": key_style(words, "title"), "type": "text", "text_value": v, "display_value": None})
    elif name == "slack_export":
        if R.random() < 0.8:
            obj.append({"type": "message", "user": "U0" + rd(9), "text": leak_comment("slack_code_block"), "ts": N(f"{R.randint(1700000000, 1760000000)}.{rd(6)}", "epoch_timestamp")})
    elif name == "msgraph":
        pass
    elif name == "dynamics365":
        add_extras(obj, "dynamics", lang, "dynamics_custom", pre=next(k for k in obj if k.endswith("_dateofbirth")).split("_dateofbirth")[0])
    elif name == "sugarcrm":
        add_extras(obj["records"][1], "sugar", lang, "sugar_custom_c")
    elif name == "odoo":
        add_extras(obj["result"][0], "odoo", lang, "odoo_x_studio")
    elif name == "glpi":
        obj["_formanswers"] = [{"label": key_style(w, "title"), "content": extra_value(e, lang, "glpi_label_content")} for e, w in extra_fields(lang, R.randint(1, 2))]
        if R.random() < 0.3:
            obj["_followups"].append({"id": jid(5), "itemtype": "Ticket", "content": leak_comment("glpi_followup"), "date": ts_plain()})
    return obj


def check_json_obj(plain, labels, negs, where):
    probs = []
    bylab, byneg = {}, {}
    for ptr, a, b, e, f, vt in labels:
        bylab.setdefault(ptr, []).append((a, b, e, f, vt))
    for ptr, a, b, k, vt in negs:
        byneg.setdefault(ptr, []).append((a, b, k))
    seen = set()
    for kind, ptr, val in iter_json(plain):
        if kind == "key":
            probs += scan_text(val, [], [], f"{where} key {ptr}")
            continue
        if isinstance(val, bool) or val is None:
            if ptr in bylab:
                probs.append(f"{where}: label on non-string {ptr}")
            continue
        if isinstance(val, float):
            val = repr(val)
        isnum = isinstance(val, int)
        text = str(val)
        sp = bylab.get(ptr, [])
        for a, b, e, f, vt in sp:
            if (vt == "number") != isnum:
                probs.append(f"{where}: value_type mismatch at {ptr}")
        probs += scan_text(text, [(a, b, e, f) for a, b, e, f, _ in sp], byneg.get(ptr, []), f"{where} {ptr}")
        seen.add(ptr)
    for ptr in set(bylab) | set(byneg):
        if ptr not in seen:
            probs.append(f"{where}: pointer {ptr} does not resolve to a scalar")
    return probs


def gen_json():
    os_dir = HERE / "notes_json"
    if os_dir.exists():
        shutil.rmtree(os_dir)
    os_dir.mkdir()
    rows, nrows, used = [], [], set()
    plan = [(JSHAPES[i % len(JSHAPES)], JLANGS[R.randrange(len(JLANGS))]) for i in range(N_JSON)]
    R.shuffle(plan)
    for i, ((name, fn), lang) in enumerate(plan):
        for _attempt in range(500):
            obj = json_style_extras(name, fn(lang), lang)
            plain, labels, negs = materialize(obj)
            probs = check_json_obj(plain, labels, negs, f"{name}/{lang}")
            if not probs:
                break
        else:
            raise SystemExit(f"gen.py: cannot generate a clean {name}/{lang} ticket: {probs[:3]}")
        while True:
            fid = R.randint(700000, 799999)
            if fid not in used:
                used.add(fid)
                break
        fname = f"ticket_{fid}.json"
        style = wpick([(4, "pretty2"), (2, "pretty4"), (3, "minified"), (1, "tab")])
        ea = R.random() < 0.3
        if style == "minified":
            out = json.dumps(plain, ensure_ascii=ea, separators=(",", ":"))
        else:
            out = json.dumps(plain, ensure_ascii=ea, indent={"pretty2": 2, "pretty4": 4, "tab": "\t"}[style])
        (os_dir / fname).write_text(out + ("\n" if style != "minified" else ""), encoding="utf-8")
        for ptr, a, b, e, f, vt in labels:
            val = json_get(plain, ptr)
            text = str(val) if vt == "number" else val
            tab = _b2c_table(text)
            r = {"file": fname, "json_pointer": ptr, "start": tab[a], "end": tab[b], "cstart": a, "cend": b, "entity": e, "fmt": f, "shape": name}
            if vt == "number":
                r["value_type"] = "number"
            rows.append(r)
        for ptr, a, b, k, vt in negs:
            val = json_get(plain, ptr)
            text = str(val) if vt == "number" else val
            tab = _b2c_table(text)
            r = {"file": fname, "json_pointer": ptr, "start": tab[a], "end": tab[b], "cstart": a, "cend": b, "kind": k, "shape": name}
            if vt == "number":
                r["value_type"] = "number"
            nrows.append(r)
    with open(os_dir / "labels.jsonl", "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    with open(HERE / "json_hard_negatives.jsonl", "w", encoding="utf-8") as f:
        for r in nrows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return rows, nrows


# =====================================================================================================
# self-check (files on disk)
# =====================================================================================================


def stringify_numbers(o):
    if isinstance(o, bool) or o is None:
        return o
    if isinstance(o, (int, float)):
        return str(o)
    if isinstance(o, dict):
        return {k: stringify_numbers(v) for k, v in o.items()}
    if isinstance(o, list):
        return [stringify_numbers(v) for v in o]
    return o


def _score(gold, preds, extra, tmp):
    out = Path(tmp) / "metrics.json"
    r = subprocess.run([sys.executable, str(SCORE_PY), str(gold), str(preds), "--json-out", str(out)] + extra, capture_output=True, text=True)
    if r.returncode > 1 or not out.exists():
        return None, r.stderr[-500:]
    return json.loads(out.read_text(encoding="utf-8")), ""


def check():
    probs = []
    # ---------------------------------------------------------------- notes
    recs = [json.loads(l) for l in (HERE / "notes.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    ids = set()
    nl = nn = 0
    ent_notes = Counter()
    for r in recs:
        t = r["text"]
        if r["id"] in ids:
            probs.append(f"duplicate id {r['id']}")
        ids.add(r["id"])
        tab = _b2c_table(t)
        tb = t.encode("utf-8")
        for s in r["spans"]:
            if tab[s["cstart"]] != s["start"] or tab[s["cend"]] != s["end"] or tb[s["start"]:s["end"]].decode("utf-8") != t[s["cstart"]:s["cend"]]:
                probs.append(f"{r['id']}: byte/char offsets disagree for {s}")
            ent_notes[s["entity"]] += 1
        for s in r["hard_negatives"]:
            if tab[s["cstart"]] != s["start"] or tab[s["cend"]] != s["end"]:
                probs.append(f"{r['id']}: hard-negative offsets disagree for {s}")
            if not s.get("kind"):
                probs.append(f"{r['id']}: hard negative without kind")
        nl += len(r["spans"])
        nn += len(r["hard_negatives"])
        probs += scan_text(t, [(s["cstart"], s["cend"], s["entity"], s["fmt"]) for s in r["spans"]], [(s["cstart"], s["cend"], s["kind"]) for s in r["hard_negatives"]], r["id"])
        if ("pii" in r["tags"]) != bool(r["spans"]):
            probs.append(f"{r['id']}: pii tag mismatch")
    corpus = (HERE / "corpus.txt").read_bytes()
    if corpus != "\n\n".join(r["text"] for r in recs).encode("utf-8"):
        probs.append("corpus.txt is not the notes joined by a blank line")
    ctext = corpus.decode("utf-8")
    idx = [json.loads(l) for l in (HERE / "corpus_index.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    if [i["id"] for i in idx] != [r["id"] for r in recs]:
        probs.append("corpus_index ids differ from notes.jsonl")
    for i, r in zip(idx, recs):
        if corpus[i["byte_offset"]:i["byte_offset"] + i["byte_len"]] != r["text"].encode("utf-8") or ctext[i["char_offset"]:i["char_offset"] + i["char_len"]] != r["text"]:
            probs.append(f"corpus_index row for {r['id']} does not slice back to the note")
    if nn < nl:
        probs.append(f"notes: fewer hard negatives ({nn}) than labelled values ({nl})")
    for e in ENTITIES:
        need = 20 if e in ("PRIVATE_KEY", "AWS_ACCESS_KEY", "GITHUB_TOKEN") else 60
        if ent_notes[e] < need:
            probs.append(f"notes: only {ent_notes[e]} {e} (want >= {need})")
    # ---------------------------------------------------------------- ticket JSON
    jdir = HERE / "notes_json"
    files = sorted(jdir.glob("ticket_*.json"))
    objs = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in files}
    lab = [json.loads(l) for l in (jdir / "labels.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    neg = [json.loads(l) for l in (HERE / "json_hard_negatives.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    ent_json = Counter(r["entity"] for r in lab)
    for rows, what in ((lab, "label"), (neg, "hard negative")):
        for r in rows:
            try:
                v = json_get(objs[r["file"]], r["json_pointer"])
            except (KeyError, IndexError, ValueError, TypeError):
                probs.append(f"json {what} {r['file']}#{r['json_pointer']} does not resolve")
                continue
            num = r.get("value_type") == "number"
            if num != (isinstance(v, int) and not isinstance(v, bool)) or not (num or isinstance(v, str)):
                probs.append(f"json {what} {r['file']}#{r['json_pointer']}: value type mismatch")
                continue
            t = str(v)
            tab = _b2c_table(t)
            if tab[r["cstart"]] != r["start"] or tab[r["cend"]] != r["end"]:
                probs.append(f"json {what} {r['file']}#{r['json_pointer']}: byte/char offsets disagree")
    by_file = {}
    for r in lab:
        by_file.setdefault(r["file"], ([], []))[0].append((r["json_pointer"], r["cstart"], r["cend"], r["entity"], r["fmt"], r.get("value_type")))
    for r in neg:
        by_file.setdefault(r["file"], ([], []))[1].append((r["json_pointer"], r["cstart"], r["cend"], r["kind"], r.get("value_type")))
    for name, o in objs.items():
        la, ne = by_file.get(name, ([], []))
        probs += check_json_obj(o, la, ne, name)
    if len(files) != N_JSON:
        probs.append(f"expected {N_JSON} ticket files, found {len(files)}")
    if len(neg) < len(lab):
        probs.append(f"json: fewer hard negatives ({len(neg)}) than labelled values ({len(lab)})")
    for e in ENTITIES:
        if ent_json[e] < 5:
            probs.append(f"json: only {ent_json[e]} {e}")
    # ---------------------------------------------------------------- self-scoring with score.py
    if not SCORE_PY.exists():
        probs.append(f"score.py not found at {SCORE_PY}")
    else:
        with tempfile.TemporaryDirectory() as tmp:
            pf = Path(tmp) / "notes_pred.jsonl"
            with open(pf, "w", encoding="utf-8") as f:
                for i, r in zip(idx, recs):
                    for s in r["spans"]:
                        f.write(json.dumps({"start": i["byte_offset"] + s["start"], "end": i["byte_offset"] + s["end"], "entity": s["entity"]}) + "\n")
            m, err = _score(HERE / "notes.jsonl", pf, ["--corpus-index", str(HERE / "corpus_index.jsonl")], tmp)
            if m is None or m["overall"]["precision"] != 1.0 or m["overall"]["recall"] != 1.0 or m["exact"]["f1"] != 1.0:
                probs.append(f"self-scoring (notes) is not perfect: {m and m['overall']} {err}")
            sd = Path(tmp) / "score_json"
            sd.mkdir()
            for name, o in objs.items():
                (sd / name).write_text(json.dumps(stringify_numbers(o), ensure_ascii=False), encoding="utf-8")
            shutil.copy(jdir / "labels.jsonl", sd / "labels.jsonl")
            pj = Path(tmp) / "json_pred.jsonl"
            with open(pj, "w", encoding="utf-8") as f:
                for r in lab:
                    f.write(json.dumps({"file": r["file"], "json_pointer": r["json_pointer"], "start": r["start"], "end": r["end"], "entity": r["entity"]}, ensure_ascii=False) + "\n")
            m, err = _score(sd / "labels.jsonl", pj, [], tmp)
            if m is None or m["overall"]["precision"] != 1.0 or m["overall"]["recall"] != 1.0 or m["exact"]["f1"] != 1.0:
                probs.append(f"self-scoring (json) is not perfect: {m and m['overall']} {err}")
    stats = {"notes": len(recs), "note_labels": nl, "note_hard_negatives": nn, "note_entities": dict(sorted(ent_notes.items())),
             "json_files": len(files), "json_labels": len(lab), "json_number_labels": sum(1 for r in lab if r.get("value_type") == "number"),
             "json_hard_negatives": len(neg), "json_entities": dict(sorted(ent_json.items())),
             "templates": len({r["category"] for r in recs}), "json_shapes": len({r["shape"] for r in lab})}
    return probs, stats


def main(argv):
    if "--check" not in argv:
        recs, red = gen_notes()
        write_notes(recs)
        gen_json()
        print(f"gen.py: wrote {len(recs)} notes and {N_JSON} ticket JSON files (redraws: {sum(red.values())})")
    probs, stats = check()
    print(json.dumps(stats, ensure_ascii=False, indent=1))
    if probs:
        for p in probs[:60]:
            print("PROBLEM:", p)
        print(f"gen.py: self-check FAILED ({len(probs)} problem(s))")
        return 1
    print("gen.py: self-check OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
