#!/usr/bin/env python3
"""heldout17 -- "what the ticketing API returns, an eleventh hand".

Deterministic generator of a labelled synthetic corpus (support-ticket notes + ticketing REST API
responses) for a one-off generalisation estimate of a PII/PHI/PCI scanner.  Standard library only.

    python3 gen.py            # write everything, then self-check (exit 1 on any problem)
    python3 gen.py --check    # regenerate in memory, compare with disk, self-check, print counts
"""
from __future__ import annotations

import base64
import datetime
import ipaddress
import json
import random
import re
import struct
import sys
import unicodedata
import zlib
from collections import Counter, defaultdict
from pathlib import Path

SEED = 17111917
HERE = Path(__file__).resolve().parent
N_TICKETS = 160
TICKET_BASE = 1700001

# =====================================================================================
# validators
# =====================================================================================

TEST_PANS = {
    "4111111111111111", "4242424242424242", "4012888888881881", "4000056655665556", "4000000000000002",
    "5555555555554444", "5105105105105100", "5200828282828210", "2223003122003222", "5454545454545454",
    "378282246310005", "371449635398431", "378734493671000", "6011111111111117", "6011000990139424",
    "6011000000000004", "3530111333300000", "3566002020360505", "30569309025904", "38520000023237",
    "36227206271667", "4917610000000000", "4444333322221111", "5425233430109903",
}


def luhn_ok(d: str) -> bool:
    s = 0
    for i, ch in enumerate(reversed(d)):
        x = int(ch)
        if i % 2 == 1:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_digit(partial: str) -> str:
    for c in "0123456789":
        if luhn_ok(partial + c):
            return c
    raise AssertionError


def card_iin_ok(d: str) -> bool:
    n = len(d)
    if d[0] == "4":
        return n in (13, 16, 19)
    p2, p4 = int(d[:2]), int(d[:4])
    if 51 <= p2 <= 55 or 2221 <= p4 <= 2720:
        return n == 16
    if p2 in (34, 37):
        return n == 15
    if d.startswith("6011") or d.startswith("65") or 644 <= int(d[:3]) <= 649:
        return 16 <= n <= 19
    if 3528 <= p4 <= 3589:
        return 16 <= n <= 19
    if p2 == 36 or 300 <= int(d[:3]) <= 305 or p2 in (38, 39):
        return 14 <= n <= 19
    return False


def card_ok(s: str) -> bool:
    d = re.sub(r"[ -]", "", s)
    return d.isdigit() and 13 <= len(d) <= 19 and luhn_ok(d) and card_iin_ok(d) and d not in TEST_PANS


SSN_RE = re.compile(r"^(\d{3})[- ]?(\d{2})[- ]?(\d{4})$")


def ssn_ok(s: str) -> bool:
    m = SSN_RE.match(s)
    if not m:
        return False
    a, g, sr = m.groups()
    if a in ("000", "666") or a[0] == "9" or g == "00" or sr == "0000":
        return False
    return a + g + sr not in ("078051120", "219099999", "123456789")


IBAN_LEN = {"GB": 22, "DE": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "PT": 25, "PL": 28, "SE": 24,
            "BE": 16, "AT": 20, "IE": 22, "CH": 21}


def iban_mod(s: str) -> int:
    r = s[4:] + s[:4]
    num = "".join(str(int(ch, 36)) for ch in r)
    return int(num) % 97


def iban_ok(s: str) -> bool:
    s = s.replace(" ", "")
    return (len(s) >= 15 and s[:2] in IBAN_LEN and len(s) == IBAN_LEN[s[:2]] and s.isalnum()
            and s[2:4].isdigit() and s.upper() == s and iban_mod(s) == 1)


ABA_PREFIXES = list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73)) + [80]


def aba_sum_ok(d: str) -> bool:
    w = [3, 7, 1] * 3
    return len(d) == 9 and d.isdigit() and sum(int(c) * k for c, k in zip(d, w)) % 10 == 0


def aba_ok(d: str) -> bool:
    return aba_sum_ok(d) and int(d[:2]) in ABA_PREFIXES


def npi_luhn(d: str) -> bool:
    return len(d) == 10 and d.isdigit() and luhn_ok("80840" + d)


def npi_ok(d: str) -> bool:
    return npi_luhn(d) and d[0] in "12"


def nhs_ok(s: str) -> bool:
    d = re.sub(r"[ -]", "", s)
    if len(d) != 10 or not d.isdigit():
        return False
    t = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - t % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


def dea_ok(s: str) -> bool:
    if not re.fullmatch(r"[ABFGM][A-Z9]\d{7}", s):
        return False
    d = [int(c) for c in s[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def aws_ok(s: str) -> bool:
    return bool(re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", s)) and "EXAMPLE" not in s


B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b62(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(6, "0")


def gh_ok(s: str) -> bool:
    m = re.fullmatch(r"gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", s)
    return bool(m) and b62(zlib.crc32(m.group(1).encode())) == m.group(2)


PEM_RE = re.compile(r"-----BEGIN ((?:RSA |EC |OPENSSH )?)PRIVATE KEY-----(.+?)-----END \1PRIVATE KEY-----", re.S)


def pem_ok(s: str) -> bool:
    m = PEM_RE.fullmatch(s)
    if not m:
        return False
    body = re.sub(r"\s+", "", m.group(2).replace("\\n", ""))
    try:
        return len(base64.b64decode(body, validate=True)) > 40
    except Exception:
        return False


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net", "yourcompany.com", "domain.com", "test.invalid")


def email_ok(s: str) -> bool:
    s = s.replace("&#64;", "@")
    return bool(EMAIL_RE.fullmatch(s)) and not s.lower().endswith(PLACEHOLDER_DOMAINS)


def phone_ok(s: str) -> bool:
    return 7 <= len(re.sub(r"\D", "", s)) <= 15 and bool(re.fullmatch(r"[+0-9 ().-]+", s))


DOC_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24",
                                              "2001:db8::/32", "100.64.0.0/10", "198.18.0.0/15")]


def ip_ok(s: str) -> bool:
    try:
        a = ipaddress.ip_address(s)
    except ValueError:
        return False
    if a.is_loopback or a.is_link_local or a.is_multicast or a.is_reserved or a.is_unspecified:
        return False
    return not any(a in n for n in DOC_NETS if n.version == a.version)


def dob_ok(s: str) -> bool:
    ys = re.findall(r"(?<!\d)\d{4}(?!\d)", s)
    return len(ys) == 1 and 1930 <= int(ys[0]) <= 2008


def mrn_ok(s: str) -> bool:
    return bool(re.fullmatch(r"[1-9]\d{6,7}|[A-Z]{2}\d{6}|00\d{6}", s))


VALIDATE = {
    "CREDIT_CARD": card_ok, "US_SSN": ssn_ok, "EMAIL_ADDRESS": email_ok, "PHONE_NUMBER": phone_ok,
    "IBAN_CODE": iban_ok, "ABA_ROUTING_NUMBER": aba_ok, "IP_ADDRESS": ip_ok,
    "MEDICAL_RECORD_NUMBER": mrn_ok, "US_NPI": npi_ok, "DATE_OF_BIRTH": dob_ok, "UK_NHS": nhs_ok,
    "US_DEA": dea_ok, "AWS_ACCESS_KEY": aws_ok, "GITHUB_TOKEN": gh_ok, "PRIVATE_KEY": pem_ok,
}
ENTITIES = list(VALIDATE)


def accidental(text: str) -> str | None:
    """Which checksum a non-pass negative passes by accident (None if none)."""
    norm = re.sub(r"[ -]", "", text)
    for run in re.findall(r"\d+", norm):
        n = len(run)
        if n == 9 and aba_sum_ok(run):
            return "aba"
        if n == 10 and (npi_luhn(run) or nhs_ok(run)):
            return "npi/nhs"
        if 13 <= n <= 19 and luhn_ok(run):
            return "luhn"
    for m in re.finditer(r"(?<!\d)\d{3}[- ]\d{2}[- ]\d{4}(?!\d)", text):
        if ssn_ok(m.group(0)):
            return "ssn"
    for m in re.finditer(r"[A-Z]{2}\d{2}[A-Z0-9 ]{10,34}", text):
        t = m.group(0).replace(" ", "")
        for L in set(IBAN_LEN.values()):
            if len(t) >= L and iban_ok(t[:L]):
                return "iban"
    for m in re.finditer(r"gh[pousr]_[A-Za-z0-9]{36}", text):
        if gh_ok(m.group(0)):
            return "gh"
    for m in re.finditer(r"[ABFGM][A-Z9]\d{7}", text):
        if dea_ok(m.group(0)):
            return "dea"
    return None


def _digits(s):
    return re.sub(r"\D", "", s)


# kinds that PASS the checksum of the entity they imitate (the text calls them something else)
PASS_KINDS = {
    "luhn_order_number": lambda s: luhn_ok(_digits(s)) and card_iin_ok(_digits(s)),
    "test_card": lambda s: luhn_ok(_digits(s)) and _digits(s) in TEST_PANS,
    "imei": lambda s: len(_digits(s)) == 15 and luhn_ok(_digits(s)),
    "iban_doc_example": iban_ok,
    "aba_shaped_batch": lambda s: aba_ok(_digits(s)),
    "npi_shaped_ref": lambda s: npi_ok(_digits(s)),
}
# kinds that FAIL the checksum of the entity they imitate (and pass no other one)
FAIL_KINDS = {
    "order_number_16": lambda s: len(_digits(s)) == 16 and not luhn_ok(_digits(s)),
    "ssn_invalid": lambda s: bool(SSN_RE.match(s)) and not ssn_ok(s),
    "iban_bad_checksum": lambda s: s.replace(" ", "")[:2] in IBAN_LEN and not iban_ok(s),
    "npi_fail": lambda s: len(_digits(s)) == 10 and not npi_luhn(_digits(s)),
    "nhs_fail_mod11": lambda s: len(_digits(s)) == 10 and not nhs_ok(s),
    "dea_fail": lambda s: bool(re.fullmatch(r"[ABFGM][A-Z]\d{7}", s)) and not dea_ok(s),
    "gh_checksum_fail": lambda s: bool(re.fullmatch(r"gh[pousr]_[A-Za-z0-9]{36}", s)) and not gh_ok(s),
    "aws_example_key": lambda s: s == "AKIAIOSFODNN7EXAMPLE",
    "ip_bad_octet": lambda s: not ip_ok(s) and bool(re.fullmatch(r"\d+\.\d+\.\d+\.\d+", s)),
}

KIND_TARGET = {}
for _ent, _kinds in {
    "CREDIT_CARD": "masked_card order_number_16 luhn_order_number test_card imei merchant_id",
    "US_SSN": "ssn_invalid masked_ssn ein zip_plus4",
    "EMAIL_ADDRESS": "placeholder_email masked_email message_id mention_handle",
    "PHONE_NUMBER": "masked_phone phone_shaped_ref",
    "IBAN_CODE": "iban_bad_checksum iban_doc_example masked_iban bic sort_code",
    "ABA_ROUTING_NUMBER": "aba_shaped_batch masked_routing bank_account_number",
    "IP_ADDRESS": "version_string oid mac_address ip_bad_octet masked_ip",
    "MEDICAL_RECORD_NUMBER": "claim_number member_id accession_number encounter_number rx_number masked_mrn ncpdp_id",
    "US_NPI": "npi_fail npi_shaped_ref masked_npi",
    "DATE_OF_BIRTH": "date_other timestamp card_expiry masked_dob",
    "UK_NHS": "nhs_fail_mod11 masked_nhs ods_code",
    "US_DEA": "dea_fail masked_dea",
    "AWS_ACCESS_KEY": "aws_example_key aws_secret_key aws_account_id masked_aws_key",
    "GITHUB_TOKEN": "gh_checksum_fail masked_token git_sha hex_hash",
    "PRIVATE_KEY": "certificate_block redacted_private_key public_key",
}.items():
    for _k in _kinds.split():
        KIND_TARGET[_k] = _ent


# =====================================================================================
# text with spans
# =====================================================================================

class V:
    """A value: positive (ent), hard negative (kind) or plain text (neither)."""
    __slots__ = ("text", "ent", "kind", "fmt")

    def __init__(self, text, ent=None, kind=None, fmt=""):
        self.text, self.ent, self.kind, self.fmt = text, ent, kind, fmt


def P(ent, fmt, text):
    return V(text, ent=ent, fmt=fmt)


def N(kind, fmt, text):
    return V(text, kind=kind, fmt=fmt)


class Txt:
    __slots__ = ("text", "spans", "negs")

    def __init__(self, text="", spans=None, negs=None):
        self.text, self.spans, self.negs = text, spans or [], negs or []

    def slice(self, a, b):
        sp = [(s - a, e - a, x, f) for s, e, x, f in self.spans if s >= a and e <= b]
        ng = [(s - a, e - a, x, f) for s, e, x, f in self.negs if s >= a and e <= b]
        return Txt(self.text[a:b], sp, ng)

    def inside(self, i):
        return any(s <= i < e for s, e, _, _ in self.spans + self.negs)


def T(*parts, sfx=None):
    buf, spans, negs, n = [], [], [], 0

    def add(p):
        nonlocal n
        if p is None:
            return
        if isinstance(p, (list, tuple)):
            for q in p:
                add(q)
        elif isinstance(p, str):
            buf.append(p)
            n += len(p)
        elif isinstance(p, V):
            f = p.fmt + ("." + sfx if sfx and (p.ent or p.kind) else "")
            if p.ent:
                spans.append((n, n + len(p.text), p.ent, f))
            elif p.kind:
                negs.append((n, n + len(p.text), p.kind, f))
            buf.append(p.text)
            n += len(p.text)
        elif isinstance(p, Txt):
            spans.extend((s + n, e + n, x, f) for s, e, x, f in p.spans)
            negs.extend((s + n, e + n, x, f) for s, e, x, f in p.negs)
            buf.append(p.text)
            n += len(p.text)
        else:
            raise TypeError(type(p))
    add(parts)
    return Txt("".join(buf), spans, negs)


class Num:
    """A JSON number leaf, labelled (ent) or listed (kind)."""
    __slots__ = ("value", "ent", "kind", "fmt")

    def __init__(self, value, ent=None, kind=None, fmt=""):
        self.value, self.ent, self.kind, self.fmt = value, ent, kind, fmt


# =====================================================================================
# names, organisations, domains (written for this round)
# =====================================================================================

FIRST = {
    "en": ("Marisol Tobias Keziah Priyanka Declan Oluwaseun Hannelore Ignacio Saoirse Leopold Yusuf Annika Ravi "
           "Bronwyn Cornelius Dagny Evander Fenella Gideon Hattie Imogen Jericho Kalinda Lorcan Maelis Niamh Osvaldo "
           "Perpetua Quentin Rosalind Solveig Thaddeus Valentin Wilhelmina Xiomara Yannick Benedikt Clementine "
           "Ambrose Delphine").split(),
    "de": "Jürgen Hannelore Björn Grete Lukas Anneliese Matthias Sünje Wiebke Torsten".split(),
    "fr": "Séverine Jérôme Anaïs Loïc Maëlle Benoît Hélène Théo Gaëlle Aurélien".split(),
    "es": "Begoña Íñigo Lucía Álvaro Nerea Joaquín Ainhoa Rubén Maite Sergio".split(),
    "it": "Niccolò Chiara Lorenzo Ginevra Ettore Beatrice Raffaele Ilaria Tommaso Gaia".split(),
    "nl": "Sjoerd Femke Maarten Anouk Joost Lieke Bram Marloes Wouter Ilse".split(),
    "pt": "João Inês Gonçalo Leonor Tiago Beatriz Rui Mariana Duarte Catarina".split(),
    "pl": "Łukasz Małgorzata Wojciech Agnieszka Paweł Zofia Grzegorz Katarzyna Bartosz Joanna".split(),
    "sv": "Åsa Björn Linnéa Göran Elin Måns Sofia Pär Ingrid Olle".split(),
}
LAST = {
    "en": ("Achterberg Blomqvist Castellanos Dunleavy Fairweather Gallagher Haverkamp Iwasaki Jablonski Lindqvist "
           "Mbeki Nakashima Okonkwo Pemberton Quiroga Ravensworth Szymanski Thistlewood Underhill Vasquez Whitcombe "
           "Yardley Abernathy Brennan Colquhoun Delacroix Eriksson Ferreira Kettleborough Marchetti Oyelaran "
           "Prendergast Rutherford Sandoval Tremblay Wojcik Halloran Esposito Nwachukwu Kavanagh").split(),
    "de": "Grünewald Schäfer Oßwald Brückner Vogt Lehmkuhl Kästner Hoffmeister Dreßler Ebeling".split(),
    "fr": "Lefèvre Beaumont Girard Desrosiers Châtelain Moreau Lacroix Fournier Bréval Lemaître".split(),
    "es": "Muñoz Echeverría Iglesias Ortega Benítez Sáez Zubiri Castaño Peñalver Roldán".split(),
    "it": "Bianchi Fabbri Galli Mancuso Pellegrini Ricci Santoro Colombo Nicolò Lombardo".split(),
    "nl": ["Bakker", "de Vries", "Jansen", "van Dijk", "Visser", "Smit", "Meijer", "Mulder", "Dekker", "van Leeuwen"],
    "pt": "Gonçalves Carvalho Lourenço Magalhães Pereira Antunes Sousa Brandão Simões Araújo".split(),
    "pl": "Wiśniewski Zając Kowalczyk Dąbrowska Nowicka Lewandowski Wróbel Kamińska Szczepański Jóźwiak".split(),
    "sv": "Lindström Åkesson Håkansson Sjöberg Nyström Bergqvist Öberg Ekström Wikander Dahlgren".split(),
}
DOC_FIRST = "Harriet Ezra Marguerite Silas Odalys Prakash Winifred Caspian Loretta Bertrand Inga Rafferty".split()
DOC_LAST = ("Abramowitz Bellweather Castellano Drummond Eastwick Fitzroy Greenhalgh Hollister Ingleby Jessop "
            "Kingsolver Lockhart Montague Northcott Ormsby Pickering Quarrington Radcliffe Stanhope Treadwell "
            "Umfreville Vandermeer Wexford Youngblood").split()
ORGS = [("Brightmoor Dental", "brightmoordental.com"), ("Kestrel Freight", "kestrelfreight.net"),
        ("Halcyon Pediatrics", "halcyonpeds.org"), ("Orchard Lane Builders", "orchardlanebuild.co.uk"),
        ("Tidewater Logistics", "tidewaterlogistics.com"), ("Quillon Legal", "quillonlegal.com"),
        ("Marrow Analytics", "marrowanalytics.io"), ("Juniper Ridge Clinic", "juniperridgeclinic.org"),
        ("Copperfield Foods", "copperfieldfoods.com"), ("Larkspur Studios", "larkspurstudios.co"),
        ("Northgate Plumbing", "northgateplumbing.co.uk"), ("Saltmarsh Surgery", "saltmarsh-surgery.nhs.uk"),
        ("Ravenhill Pharmacy", "ravenhillrx.com"), ("Glenmore Travel", "glenmoretravel.ie"),
        ("Fennick Robotics", "fennickrobotics.de"), ("Ostrava Textiles", "ostravatextiles.eu"),
        ("Bellhaven Schools", "bellhavenschools.org"), ("Pilgrim Orthopedics", "pilgrimortho.com")]
FREEMAIL = {"en": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "hotmail.co.uk", "btinternet.com"],
            "de": ["web.de", "gmx.de", "t-online.de"], "fr": ["orange.fr", "free.fr", "laposte.net"],
            "es": ["hotmail.es", "telefonica.net", "gmail.com"], "it": ["libero.it", "virgilio.it", "gmail.com"],
            "nl": ["ziggo.nl", "kpnmail.nl", "hotmail.nl"], "pt": ["sapo.pt", "gmail.com", "netcabo.pt"],
            "pl": ["wp.pl", "onet.pl", "o2.pl"], "sv": ["telia.com", "bredband.net", "gmail.com"]}
VENDORS = {"finance": ("Pinecrest Pay", "pinecrestpay.com"), "us_health": ("Caduceus Connect", "caduceusconnect.com"),
           "uk_health": ("Beacon GP Services", "beacongp.co.uk"), "payroll": ("Ledgerline Payroll", "ledgerline.io"),
           "saas": ("Stackwise Cloud", "stackwise.dev"), "telecom": ("Vireo Mobile", "vireomobile.co.uk"),
           "travel": ("Wayfarer Trips", "wayfarertrips.com")}
MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split(),
    "nl": "januari februari maart april mei juni juli augustus september oktober november december".split(),
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split(),
    "sv": "januari februari mars april maj juni juli augusti september oktober november december".split(),
}
LANG_IBAN = {"de": ["DE", "AT"], "fr": ["FR", "BE"], "es": ["ES"], "it": ["IT"], "nl": ["NL", "BE"], "pt": ["PT"],
             "pl": ["PL"], "sv": ["SE"]}
IBAN_DOCS = ["GB82WEST12345698765432", "DE89370400440532013000", "FR1420041010050500013M02606",
             "NL91ABNA0417164300", "ES9121000418450200051332", "IT60X0542811101000000123456",
             "PL61109010140000071219812874", "SE4550000000058398257466", "BE68539007547034",
             "AT611904300234573201", "GB29NWBK60161331926819"]


def fold(s):
    s = s.replace("ß", "ss").replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O")
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def slug(s):
    return re.sub(r"[^a-z]", "", fold(s).lower())


# =====================================================================================
# value generators
# =====================================================================================

def rdig(r, n):
    return "".join(r.choice("0123456789") for _ in range(n))


def group(d, sizes, sep):
    out, i = [], 0
    for k in sizes:
        out.append(d[i:i + k])
        i += k
    return sep.join(out)


def clean_neg(r, kind, fmt, make, tries=500):
    """Draw a negative until it passes no checksum of a same-length entity by accident."""
    for _ in range(tries):
        t = make()
        if accidental(t) is None:
            return N(kind, fmt, t)
    raise RuntimeError("cannot draw clean " + kind)


def safe_int(r, n, first="123456789"):
    for _ in range(1000):
        d = r.choice(first) + rdig(r, n - 1)
        if accidental(d) is None:
            return int(d)
    raise RuntimeError


def card_digits(r, brand):
    if brand == "visa":
        pre, n = "4" + rdig(r, 5), 16
    elif brand == "mc":
        pre, n = (str(r.randint(51, 55)) if r.random() < .7 else str(r.randint(2221, 2720))), 16
    elif brand == "amex":
        pre, n = r.choice(["34", "37"]), 15
    elif brand == "disc":
        pre, n = r.choice(["6011", "65", str(r.randint(644, 649))]), 16
    elif brand == "jcb":
        pre, n = str(r.randint(3528, 3589)), 16
    else:
        pre, n = "36", 14
    while True:
        body = pre + rdig(r, n - 1 - len(pre))
        d = body + luhn_digit(body)
        if d not in TEST_PANS:
            return d


def fmt_card(d, style):
    if style == "plain":
        return d
    sep = " " if style == "space" else "-"
    sizes = {16: [4, 4, 4, 4], 15: [4, 6, 5], 14: [4, 6, 4]}[len(d)]
    return group(d, sizes, sep)


def g_card(c, i):
    r = c.r
    brand = r.choices(["visa", "mc", "amex", "disc", "jcb", "diners"], [40, 30, 11, 8, 6, 5])[0]
    style = r.choices(["plain", "space", "dash"], [3, 5, 2])[0]
    return P("CREDIT_CARD", f"card.{brand}.{style}", fmt_card(card_digits(r, brand), style))


def g_ssn(c, i):
    r = c.r
    while True:
        a = r.randint(1, 899)
        if a != 666:
            break
    d = f"{a:03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
    style = r.choices(["dash", "space", "compact"], [7, 1, 2])[0]
    t = d if style == "compact" else group(d, [3, 2, 4], "-" if style == "dash" else " ")
    if not ssn_ok(t):
        return g_ssn(c, i)
    return P("US_SSN", f"ssn.{style}", t)


def g_email(c, i):
    r = c.r
    p = c.person(i)
    f, l = slug(p[0]), slug(p[1])
    style = r.choices(["dot", "initial", "under", "plus", "digits"], [4, 2, 1, 1, 2])[0]
    local = {"dot": f"{f}.{l}", "initial": f"{f[0]}{l}", "under": f"{f}_{l}",
             "plus": f"{f}.{l}+{r.choice(['support', 'billing', 'tickets', 'nhs', 'hr'])}",
             "digits": f"{f}{l[:3]}{r.randint(10, 99)}"}[style]
    if r.random() < .45:
        dom = r.choice(FREEMAIL.get(c.lang, FREEMAIL["en"]))
    else:
        dom = c.org_domain
    if r.random() < .08:
        local = local.capitalize()
    return P("EMAIL_ADDRESS", f"email.{style}", f"{local}@{dom}")


def g_agent_email(c, i):
    a = c.person(0)
    style = c.r.choice(["dot", "initial", "role"])
    local = {"dot": f"{slug(a[0])}.{slug(a[1])}", "initial": f"{slug(a[0])[0]}.{slug(a[1])}",
             "role": c.r.choice(["support", "care", "helpdesk", "billing", "privacy", "escalations"])}[style]
    return P("EMAIL_ADDRESS", f"email.agent_{style}", f"{local}@{c.vendor[1]}")


def us_phone(r):
    while True:
        a = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
        e = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
        if a[1:] != "11" and e[1:] != "11" and "555" not in (a, e) and a[:2] != "37" and a[:2] != "96":
            return a, e, rdig(r, 4)


def g_phone(c, i):
    r = c.r
    reg = c.lang if c.lang != "en" else c.region
    if reg == "US":
        a, e, l = us_phone(r)
        st = r.choices(["paren", "dash", "dot", "plus1", "plus1dash", "plus1paren"], [4, 3, 2, 2, 1, 1])[0]
        t = {"paren": f"({a}) {e}-{l}", "dash": f"{a}-{e}-{l}", "dot": f"{a}.{e}.{l}", "plus1": f"+1 {a} {e} {l}",
             "plus1dash": f"+1-{a}-{e}-{l}", "plus1paren": f"+1 ({a}) {e}-{l}"}[st]
        return P("PHONE_NUMBER", f"phone.us.{st}", t)
    if reg in ("UK", "EU"):
        st = r.choices(["mobile", "plus44mob", "london", "plus44lon", "manchester"], [4, 3, 2, 1, 1])[0]
        m = f"{r.randint(4, 9)}{rdig(r, 2)}"
        t = {"mobile": f"07{m} {rdig(r, 6)}", "plus44mob": f"+44 7{m} {rdig(r, 6)}",
             "london": f"020 {r.choice('38')}{rdig(r, 3)} {rdig(r, 4)}",
             "plus44lon": f"+44 20 {r.choice('38')}{rdig(r, 3)} {rdig(r, 4)}",
             "manchester": f"0161 {r.randint(2, 9)}{rdig(r, 2)} {rdig(r, 4)}"}[st]
        return P("PHONE_NUMBER", f"phone.uk.{st}", t)
    st = r.choice(["intl", "national"])
    if reg == "de":
        t = (f"+49 {r.choice(['151', '160', '172', '176'])} {rdig(r, 8)}" if st == "intl"
             else f"0{r.choice(['30', '40', '89', '221'])} {r.randint(2, 9)}{rdig(r, 6)}")
    elif reg == "fr":
        d = [f"{r.randint(0, 99):02d}" for _ in range(4)]
        t = f"+33 {r.choice('67')} {' '.join(d)}" if st == "intl" else f"0{r.choice('1467')} {' '.join(d)}"
    elif reg == "es":
        t = f"+34 6{rdig(r, 2)} {rdig(r, 3)} {rdig(r, 3)}" if st == "intl" else f"6{rdig(r, 2)} {rdig(r, 2)} {rdig(r, 2)} {rdig(r, 2)}"
    elif reg == "it":
        t = f"+39 3{rdig(r, 2)} {rdig(r, 3)} {rdig(r, 4)}" if st == "intl" else f"3{rdig(r, 2)} {rdig(r, 3)} {rdig(r, 4)}"
    elif reg == "nl":
        t = f"+31 6 {rdig(r, 4)} {rdig(r, 4)}" if st == "intl" else f"06-{r.randint(1, 9)}{rdig(r, 7)}"
    elif reg == "pt":
        t = f"+351 9{r.choice('1236')}{rdig(r, 1)} {rdig(r, 3)} {rdig(r, 3)}" if st == "intl" else f"9{r.choice('1236')}{rdig(r, 1)} {rdig(r, 3)} {rdig(r, 3)}"
    elif reg == "pl":
        t = f"+48 {r.choice('5678')}{rdig(r, 2)} {rdig(r, 3)} {rdig(r, 3)}" if st == "intl" else f"{r.choice('5678')}{rdig(r, 2)}-{rdig(r, 3)}-{rdig(r, 3)}"
    else:  # sv
        t = f"+46 7{r.choice('0236')} {rdig(r, 3)} {rdig(r, 2)} {rdig(r, 2)}" if st == "intl" else f"07{r.choice('0236')}-{rdig(r, 3)} {rdig(r, 2)} {rdig(r, 2)}"
    return P("PHONE_NUMBER", f"phone.{reg}.{st}", t)


def make_iban(r, cc):
    if cc == "GB":
        bban = "".join(r.choice("ABCDEFGHJKLMNPRSTUWXYZ") for _ in range(4)) + rdig(r, 14)
    elif cc == "IE":
        bban = "".join(r.choice("ABCDEFGHIKLMNPRSTUVWXYZ") for _ in range(4)) + rdig(r, 14)
    elif cc == "NL":
        bban = "".join(r.choice("ABCDEFGHIJKLMNOPRSTUVWXZ") for _ in range(4)) + rdig(r, 10)
    elif cc == "FR":
        bank, gui, acc = rdig(r, 5), rdig(r, 5), rdig(r, 11)
        key = 97 - ((89 * int(bank) + 15 * int(gui) + 3 * int(acc)) % 97)
        bban = f"{bank}{gui}{acc}{key:02d}"
    elif cc == "ES":
        bank, br, acc = rdig(r, 4), rdig(r, 4), rdig(r, 10)
        w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

        def dc(s):
            v = 11 - sum(int(a) * b for a, b in zip(s, w)) % 11
            return {11: 0, 10: 1}.get(v, v)
        bban = f"{bank}{br}{dc('00' + bank + br)}{dc(acc)}{acc}"
    elif cc == "IT":
        bban = r.choice("ABCDEFGHIJKLMNOPRSTUVWXYZ") + rdig(r, 10) + rdig(r, 12)
    elif cc == "PT":
        b = rdig(r, 19)
        bban = b + f"{98 - int(b + '00') % 97:02d}"
    elif cc == "BE":
        b = rdig(r, 10)
        k = int(b) % 97 or 97
        bban = b + f"{k:02d}"
    else:
        bban = rdig(r, IBAN_LEN[cc] - 4)
    cd = 98 - iban_mod(cc + "00" + bban)
    s = f"{cc}{cd:02d}{bban}"
    assert iban_ok(s), s
    return s


def g_iban(c, i):
    r = c.r
    if c.lang != "en":
        cc = r.choice(LANG_IBAN[c.lang])
    elif c.region == "UK":
        cc = r.choice(["GB", "GB", "GB", "IE"])
    else:
        cc = r.choice(["DE", "FR", "NL", "ES", "IT", "GB", "PT", "PL", "SE", "BE", "AT"])
    s = make_iban(r, cc)
    style = r.choices(["grouped", "compact"], [7, 3])[0]
    return P("IBAN_CODE", f"iban.{cc.lower()}.{style}", " ".join(s[k:k + 4] for k in range(0, len(s), 4)) if style == "grouped" else s)


def g_aba(c, i, num_ok=False):
    r = c.r
    while True:
        pre = f"{r.choice(ABA_PREFIXES):02d}"
        if num_ok and pre[0] == "0":
            continue
        b = pre + rdig(r, 6)
        w = [3, 7, 1, 3, 7, 1, 3, 7]
        d = b + str((-sum(int(x) * y for x, y in zip(b, w))) % 10)
        if aba_ok(d):
            return P("ABA_ROUTING_NUMBER", "aba.plain", d)


def g_ip(c, i, kind="public"):
    r = c.r
    while True:
        if kind == "private":
            t = r.choice([f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                          f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                          f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}"])
        elif kind == "v6":
            g = [r.choice(["2a02", "2a01", "2600", "2607", "2804", "2c0f", "2406"]), f"{r.randint(0x100, 0xffff):x}"]
            g += [f"{r.randint(0, 0xffff):x}" for _ in range(6)]
            t = str(ipaddress.ip_address(":".join(g))) if r.random() < .5 else ":".join(g[:3]) + "::" + g[7]
        else:
            t = f"{r.randint(5, 223)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
            if ipaddress.ip_address(t).is_private:
                continue
        if ip_ok(t):
            return P("IP_ADDRESS", f"ip.{kind}", t)


def g_mrn(c, i, num_ok=False):
    r = c.r
    st = r.choices(["plain8", "plain7", "alpha", "zero6"], [4, 3, 2, 1] if not num_ok else [5, 4, 0, 0])[0]
    t = {"plain8": str(r.randint(1, 9)) + rdig(r, 7), "plain7": str(r.randint(1, 9)) + rdig(r, 6),
         "alpha": r.choice(["KH", "MR", "JR", "SV", "PC"]) + rdig(r, 6), "zero6": "00" + rdig(r, 6)}[st]
    return P("MEDICAL_RECORD_NUMBER", f"mrn.{st}", t)


def g_npi(c, i):
    r = c.r
    b = r.choice("12") + rdig(r, 8)
    return P("US_NPI", "npi.plain", b + luhn_digit("80840" + b))


def g_nhs(c, i):
    r = c.r
    while True:
        b = r.choice("467") + rdig(r, 8)
        t = sum(int(b[k]) * (10 - k) for k in range(9))
        ch = 11 - t % 11
        ch = 0 if ch == 11 else ch
        if ch != 10:
            break
    d = b + str(ch)
    st = r.choices(["spaced", "compact", "dashed"], [6, 3, 2])[0]
    return P("UK_NHS", f"nhs.{st}", d if st == "compact" else group(d, [3, 3, 4], " " if st == "spaced" else "-"))


def dea_make(r, initial, good=True):
    while True:
        d = [r.randint(0, 9) for _ in range(6)]
        ch = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
        if not good:
            ch = (ch + r.randint(1, 9)) % 10
        s = r.choice("ABFGM") + initial + "".join(map(str, d)) + str(ch)
        if dea_ok(s) == good:
            return s


def g_dea(c, i):
    return P("US_DEA", "dea.plain", dea_make(c.r, fold(c.doctor(i)[1])[0].upper()))


def g_aws(c, i):
    r = c.r
    pre = "AKIA" if r.random() < .75 else "ASIA"
    while True:
        t = pre + "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
        if aws_ok(t):
            return P("AWS_ACCESS_KEY", f"aws.{pre.lower()}", t)


def gh_make(r, good=True):
    pre = r.choices(["ghp", "gho", "ghu", "ghs", "ghr"], [5, 2, 1, 2, 1])[0]
    body = "".join(r.choice(B62) for _ in range(30))
    ck = b62(zlib.crc32(body.encode()))
    if not good:
        ck = ck[:5] + r.choice([x for x in B62 if x != ck[5]])
    return pre, f"{pre}_{body}{ck}"


def g_gh(c, i):
    pre, t = gh_make(c.r)
    return P("GITHUB_TOKEN", f"gh.{pre}", t)


def b64_lines(raw, width=64):
    s = base64.b64encode(raw).decode()
    return [s[k:k + width] for k in range(0, len(s), width)]


def pem_text(r, kind, nl="\n"):
    if kind == "rsa":
        n = r.randint(600, 900)
        raw = b"\x30\x82" + struct.pack(">H", n - 4) + b"\x02\x01\x00" + bytes(r.randrange(256) for _ in range(n - 7))
        lab, w = "RSA PRIVATE KEY", 64
    elif kind == "pkcs8":
        n = r.randint(600, 900)
        raw = b"\x30\x82" + struct.pack(">H", n - 4) + b"\x02\x01\x00\x30\x0d\x06\x09" + bytes(r.randrange(256) for _ in range(n - 11))
        lab, w = "PRIVATE KEY", 64
    elif kind == "ec":
        raw = b"\x30\x77\x02\x01\x01\x04\x20" + bytes(r.randrange(256) for _ in range(114))
        lab, w = "EC PRIVATE KEY", 64
    else:
        raw = b"openssh-key-v1\x00" + bytes(r.randrange(256) for _ in range(r.randint(380, 420)))
        lab, w = "OPENSSH PRIVATE KEY", 70
    return nl.join([f"-----BEGIN {lab}-----"] + b64_lines(raw, w) + [f"-----END {lab}-----"])


def g_pem(c, i, escaped=False):
    r = c.r
    kind = r.choices(["rsa", "pkcs8", "ec", "openssh"], [35, 30, 15, 20])[0]
    return P("PRIVATE_KEY", f"pem.{kind}" + (".escaped_nl" if escaped else ""), pem_text(r, kind, "\\n" if escaped else "\n"))


def ymd_fmt(c, y, m, d, long_ok=True):
    r, lang = c.r, c.lang
    long_ok = long_ok and not getattr(c, "no_long", False)
    if lang == "en":
        if c.region == "US":
            st = r.choices(["us_slash", "long_mdy", "iso", "us_dash"], [5, 2, 1, 1] if long_ok else [5, 0, 1, 1])[0]
        else:
            st = r.choices(["uk_slash", "long_dmy", "iso", "mon_dmy"], [5, 2, 1, 1] if long_ok else [5, 0, 1, 0])[0]
        mn = MONTHS["en"][m - 1]
        t = {"us_slash": f"{m:02d}/{d:02d}/{y}", "long_mdy": f"{mn} {d}, {y}", "iso": f"{y}-{m:02d}-{d:02d}",
             "us_dash": f"{m:02d}-{d:02d}-{y}", "uk_slash": f"{d:02d}/{m:02d}/{y}", "long_dmy": f"{d} {mn} {y}",
             "mon_dmy": f"{d:02d}-{mn[:3]}-{y}"}[st]
        return st, t
    st = r.choices(["num", "long"], [3, 1] if long_ok else [1, 0])[0]
    mn = MONTHS[lang][m - 1]
    if st == "num":
        t = {"de": f"{d:02d}.{m:02d}.{y}", "pl": f"{d:02d}.{m:02d}.{y}", "nl": f"{d:02d}-{m:02d}-{y}",
             "sv": f"{y}-{m:02d}-{d:02d}"}.get(lang, f"{d:02d}/{m:02d}/{y}")
    else:
        t = {"de": f"{d}. {mn} {y}", "es": f"{d} de {mn} de {y}", "pt": f"{d} de {mn} de {y}"}.get(lang, f"{d} {mn} {y}")
    return f"{lang}_{st}", t


def g_dob(c, i, iso=False):
    r = c.r
    if not hasattr(c, "bdates"):
        c.bdates = {}
    if i not in c.bdates:
        y = r.choice([r.randint(1930, 2008), r.randint(1950, 2000), r.randint(1960, 1995)])
        c.bdates[i] = (y, r.randint(1, 12), r.randint(1, 28))
    y, m, d = c.bdates[i]
    if iso:
        return P("DATE_OF_BIRTH", "dob.iso", f"{y}-{m:02d}-{d:02d}")
    st, t = ymd_fmt(c, y, m, d)
    return P("DATE_OF_BIRTH", f"dob.{st}", t)


def g_date(c, i, iso=False):
    r = c.r
    y, m, d = r.randint(2023, 2026), r.randint(1, 12), r.randint(1, 28)
    if iso:
        return N("date_other", "date.iso", f"{y}-{m:02d}-{d:02d}")
    st, t = ymd_fmt(c, y, m, d)
    return N("date_other", f"date.{st}", t)


def ts_text(r, st, clock=None):
    if clock is None:
        y, mo, d, h, mi, s = r.randint(2024, 2026), r.randint(1, 12), r.randint(1, 28), r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)
    else:
        clock[0] += datetime.timedelta(minutes=r.randint(3, 900), seconds=r.randint(0, 59))
        t = clock[0]
        y, mo, d, h, mi, s = t.year, t.month, t.day, t.hour, t.minute, t.second
        if st == "epoch":
            return str(int(t.replace(tzinfo=datetime.timezone.utc).timestamp()))
    return {"iso": f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z",
            "millis": f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{r.randint(0, 999):03d}Z",
            "space": f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}",
            "jira": f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{r.randint(0, 999):03d}+0000",
            "offset": f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+01:00",
            "clf": f"{d:02d}/{MONTHS['en'][mo - 1][:3]}/{y}:{h:02d}:{mi:02d}:{s:02d} +0000",
            "epoch": str(r.randint(1704067200, 1790000000))}[st]


def g_ts(c, i, st=None):
    r = c.r
    st = st or r.choices(["iso", "millis", "space", "clf", "epoch"], [4, 2, 3, 1, 1])[0]
    if not hasattr(c, "clock"):
        c.clock = [datetime.datetime(2024, 1, 1) + datetime.timedelta(minutes=r.randint(0, 60 * 24 * 700))]
    return clean_neg(r, "timestamp", f"ts.{st}", lambda: ts_text(r, st, c.clock))


# ---- hard negatives ------------------------------------------------------------------

def n_card_mask(c, i, last4=None):
    r = c.r
    l4 = last4 or rdig(r, 4)
    st = r.choice(["stars", "xs", "first6"])
    if st == "first6":
        return N("masked_card", "masked_card.first6", f"{r.choice(['4', '5'])}{rdig(r, 5)}******{l4}")
    return N("masked_card", f"masked_card.{st}", f"**** **** **** {l4}" if st == "stars" else f"XXXX-XXXX-XXXX-{l4}")


def n_order16(c, i):
    r = c.r
    st = r.choice(["plain", "space"])

    def mk():
        while True:
            d = r.choice("3456789") + rdig(r, 15)
            if not luhn_ok(d):
                return d if st == "plain" else group(d, [4] * 4, " ")
    return clean_neg(r, "order_number_16", f"order16.{st}", mk)


def n_luhn_order(c, i):
    r = c.r
    b = r.choice(["4", "51", "52", "53"]) 
    body = b + rdig(r, 15 - len(b))
    return N("luhn_order_number", "luhn_order.plain", body + luhn_digit(body))


def n_test_card(c, i):
    d = c.r.choice(sorted(TEST_PANS))
    return N("test_card", "test_card.plain", d)


def n_imei(c, i):
    r = c.r
    b = "35" + rdig(r, 12)
    d = b + luhn_digit(b)
    st = r.choice(["plain", "dashed"])
    return N("imei", f"imei.{st}", d if st == "plain" else group(d, [2, 6, 6, 1], "-"))


def n_expiry(c, i):
    r = c.r
    m, y = r.randint(1, 12), r.randint(25, 31)
    return N("card_expiry", "expiry", r.choice([f"{m:02d}/{y}", f"{m:02d}/20{y}"]))


def n_ssn_bad(c, i):
    r = c.r
    a = r.choice(["000", "666", f"9{rdig(r, 2)}"])
    return N("ssn_invalid", "ssn_invalid.dash", f"{a}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}")


def n_ssn_mask(c, i, last4=None):
    return N("masked_ssn", "masked_ssn", c.r.choice(["XXX-XX-", "***-**-", "xxx-xx-"]) + (last4 or rdig(c.r, 4)))


def n_ein(c, i):
    r = c.r
    return clean_neg(r, "ein", "ein", lambda: f"{r.randint(10, 98)}-{rdig(r, 7)}")


def n_zip4(c, i):
    r = c.r
    return clean_neg(r, "zip_plus4", "zip4", lambda: f"{r.randint(10000, 99950)}-{rdig(r, 4)}")


def n_email_ph(c, i):
    r = c.r
    p = c.person(i)
    return N("placeholder_email", "placeholder_email", f"{r.choice([slug(p[0]), 'jane.doe', 'user', 'name.surname'])}@{r.choice(PLACEHOLDER_DOMAINS)}")


def n_email_mask(c, i, real=None):
    r = c.r
    if real is None:
        real = f"{slug(c.person(i)[0])}@{c.org_domain}"
    loc, dom = real.replace("&#64;", "@").split("@")
    return N("masked_email", "masked_email", loc[0] + "*" * r.randint(4, 7) + "@" + dom)


def n_msgid(c, i):
    r = c.r
    return N("message_id", "message_id", "".join(r.choice(B62) for _ in range(r.randint(16, 24))) + "@mail." + c.org_domain)


def n_mention(c, i):
    a = c.person(0)
    return N("mention_handle", "mention", f"@{slug(a[0])}.{slug(a[1])[0]}")


def n_phone_mask(c, i, real=None):
    r = c.r
    if real is None:
        real = g_phone(c, i).text
    digs = [k for k, ch in enumerate(real) if ch.isdigit()]
    keep = set(digs[-3:] if r.random() < .5 else digs[-4:])
    if real.startswith("+"):
        keep |= set(digs[:len(re.match(r"\+(\d+)", real).group(1))])
    return N("masked_phone", "masked_phone", "".join(ch if (not ch.isdigit() or k in keep) else "*" for k, ch in enumerate(real)))


def n_phone_ref(c, i):
    r = c.r
    return clean_neg(r, "phone_shaped_ref", "phone_ref", lambda: f"{r.randint(201, 989)}-{r.randint(200, 999)}-{rdig(r, 4)}")


def n_iban_bad(c, i):
    good = g_iban(c, i).text.replace(" ", "")
    r = c.r
    for _ in range(50):
        k = r.randint(4, len(good) - 1)
        if good[k].isdigit():
            bad = good[:k] + str((int(good[k]) + r.randint(1, 9)) % 10) + good[k + 1:]
            if not iban_ok(bad):
                t = " ".join(bad[j:j + 4] for j in range(0, len(bad), 4))
                if accidental(t) is None or accidental(t) == "iban":
                    return N("iban_bad_checksum", "iban_bad", t)
    raise RuntimeError


def n_iban_doc(c, i):
    s = c.r.choice(IBAN_DOCS)
    return N("iban_doc_example", "iban_doc", " ".join(s[k:k + 4] for k in range(0, len(s), 4)) if c.r.random() < .5 else s)


def n_iban_mask(c, i, real=None):
    r = c.r
    real = (real or make_iban(r, "DE")).replace(" ", "")
    return N("masked_iban", "masked_iban", real[:2] + "** **** **** **** " + real[-4:] if r.random() < .6 else real[:4] + "*" * 10 + real[-4:])


def n_bic(c, i):
    r = c.r
    cc = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pt": "PT", "pl": "PL", "sv": "SE"}.get(c.lang, "GB")
    b = "".join(r.choice("ABCDEFGHIKLMNPRSTUVWXZ") for _ in range(4)) + cc + r.choice(["2L", "22", "MM", "FF", "3X"])
    return N("bic", "bic", b + (r.choice(["", "XXX"])))


def n_sort(c, i):
    r = c.r
    return N("sort_code", "sort_code", f"{r.randint(10, 99)}-{r.randint(10, 99)}-{r.randint(10, 99)}")


def n_acct(c, i):
    r = c.r
    n = r.choice([8, 9, 10, 11, 12])
    return clean_neg(r, "bank_account_number", f"acct.{n}", lambda: str(r.randint(1, 9)) + rdig(r, n - 1))


def n_aba_batch(c, i):
    r = c.r
    while True:
        d = g_aba(c, i).text
        if aba_ok(d):
            return N("aba_shaped_batch", "aba_batch", d)


def n_aba_mask(c, i, real=None):
    return N("masked_routing", "masked_routing", "*****" + (real or rdig(c.r, 9))[-4:])


def n_ver(c, i):
    r = c.r
    st = r.choice(["v3", "v4", "build4"])
    if st == "v3":
        t = f"v{r.randint(1, 24)}.{r.randint(0, 40)}.{r.randint(0, 30)}"
    elif st == "v4":
        t = f"{r.randint(1, 19)}.{r.randint(0, 20)}.{r.randint(0, 9)}.{r.randint(10, 250)}"
    else:
        t = f"{r.randint(2, 12)}.{r.randint(0, 9)}.{r.randint(0, 9)}.{r.randint(1000, 9999)}"
    return N("version_string", f"version.{st}", t)


def n_oid(c, i):
    r = c.r
    return N("oid", "oid", f"1.3.6.1.4.1.{r.randint(2000, 9999)}.{r.randint(1, 30)}.{r.randint(1, 9)}.{r.randint(1, 99)}")


def n_mac(c, i):
    r = c.r
    parts = [f"{r.randint(0, 255):02x}" for _ in range(6)]
    return N("mac_address", "mac", ":".join(parts) if r.random() < .6 else "-".join(parts).upper())


def n_ip_bad(c, i):
    r = c.r
    o = [r.randint(1, 223), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)]
    o[r.randint(1, 3)] = r.randint(256, 399)
    return N("ip_bad_octet", "ip_bad", ".".join(map(str, o)))


def n_ip_mask(c, i, real=None):
    r = c.r
    if real and ":" in real:
        return N("masked_ip", "masked_ip.v6", real.split(":")[0] + ":****:****::****")
    o = (real or g_ip(c, i).text).split(".")
    return N("masked_ip", "masked_ip", f"{o[0]}.{o[1]}.x.x" if r.random() < .6 else f"{o[0]}.{o[1]}.***.***")


def n_claim(c, i):
    r = c.r
    return clean_neg(r, "claim_number", "claim", lambda: r.choice(["CLM-", "C", "25"]) + rdig(r, 9))


def n_member(c, i):
    r = c.r
    return clean_neg(r, "member_id", "member", lambda: "".join(r.choice("ABCDEFGHJKMNPQRSTUWXYZ") for _ in range(3)) + rdig(r, 9))


def n_accession(c, i):
    r = c.r
    return N("accession_number", "accession", f"A{r.randint(23, 26)}-{rdig(r, 6)}")


def n_encounter(c, i):
    r = c.r
    return clean_neg(r, "encounter_number", "encounter", lambda: "ENC" + rdig(r, 10))


def n_rx(c, i):
    r = c.r
    return N("rx_number", "rx", "RX" + str(r.randint(1, 9)) + rdig(r, 6))


def n_ncpdp(c, i):
    return N("ncpdp_id", "ncpdp", str(c.r.randint(1, 5)) + rdig(c.r, 6))


def n_mrn_mask(c, i, real=None):
    return N("masked_mrn", "masked_mrn", "****" + (real or rdig(c.r, 8))[-3:])


def n_npi_bad(c, i):
    r = c.r

    def mk():
        while True:
            d = r.choice("12") + rdig(r, 9)
            if not npi_luhn(d):
                return d
    return clean_neg(r, "npi_fail", "npi_fail", mk)


def n_npi_ref(c, i):
    return N("npi_shaped_ref", "npi_ref", g_npi(c, i).text)


def n_npi_mask(c, i, real=None):
    return N("masked_npi", "masked_npi", "******" + (real or rdig(c.r, 10))[-4:])


def n_dob_mask(c, i):
    return N("masked_dob", "masked_dob", c.r.choice(["**/**/19**", "XX/XX/XXXX", "**.**.****", "[DOB removed]"]))


def n_nhs_bad(c, i):
    r = c.r

    def mk():
        while True:
            d = r.choice("467") + rdig(r, 9)
            if not nhs_ok(d):
                return group(d, [3, 3, 4], " ")
    return clean_neg(r, "nhs_fail_mod11", "nhs_fail", mk)


def n_nhs_mask(c, i, real=None):
    return N("masked_nhs", "masked_nhs", "*** *** " + (real or rdig(c.r, 10)).replace(" ", "").replace("-", "")[-4:])


def n_ods(c, i):
    r = c.r
    return N("ods_code", "ods", r.choice("ABCDEFGHJKLMNPY") + rdig(r, 5))


def n_postcode(c, i):
    r = c.r
    L = "ABCDEFGHJKLMNPRSTUWY"
    return N("postcode", "postcode", f"{r.choice(['LS', 'M', 'BS', 'NE', 'CF', 'EH', 'SW', 'N'])}{r.randint(1, 19)} {r.randint(1, 9)}{r.choice(L)}{r.choice(L)}")


def n_dea_bad(c, i):
    return N("dea_fail", "dea_fail", dea_make(c.r, fold(c.doctor(i)[1])[0].upper(), good=False))


def n_dea_mask(c, i, real=None):
    real = real or ("B" + fold(c.doctor(i)[1])[0].upper() + rdig(c.r, 7))
    return N("masked_dea", "masked_dea", real[:2] + "*****" + real[-2:])


def n_aws_ex(c, i):
    return N("aws_example_key", "aws_example", "AKIAIOSFODNN7EXAMPLE")


def n_aws_secret(c, i):
    r = c.r
    return N("aws_secret_key", "aws_secret", "".join(r.choice(B62 + "/+") for _ in range(40)))


def n_aws_acct(c, i):
    r = c.r
    return clean_neg(r, "aws_account_id", "aws_account", lambda: str(r.randint(1, 9)) + rdig(r, 11))


def n_aws_mask(c, i, real=None):
    real = real or "AKIA" + "Q" * 16
    return N("masked_aws_key", "masked_aws", real[:4] + "************" + real[-4:])


def n_gh_bad(c, i):
    return N("gh_checksum_fail", "gh_fail", gh_make(c.r, good=False)[1])


def n_gh_mask(c, i, real=None):
    real = real or "ghp_" + "x" * 36
    return N("masked_token", "masked_gh", real[:4] + "*" * 8 + real[-4:])


def n_sha(c, i):
    return N("git_sha", "git_sha", "".join(c.r.choice("0123456789abcdef") for _ in range(40)))


def n_hash(c, i):
    return N("hex_hash", "sha256", "".join(c.r.choice("0123456789abcdef") for _ in range(64)))


def n_sysid(c, i):
    return N("sys_id", "sys_id", "".join(c.r.choice("0123456789abcdef") for _ in range(32)))


def n_cert(c, i):
    r = c.r
    raw = b"\x30\x82\x03" + bytes(r.randrange(256) for _ in range(r.randint(500, 700)))
    return N("certificate_block", "certificate", "\n".join(["-----BEGIN CERTIFICATE-----"] + b64_lines(raw) + ["-----END CERTIFICATE-----"]))


def n_pem_redacted(c, i, real=None):
    lab = "PRIVATE KEY"
    if real:
        lab = re.match(r"-----BEGIN ([A-Z ]+)-----", real).group(1)
    return N("redacted_private_key", "redacted_pem", f"-----BEGIN {lab}-----\n[key material removed by agent]\n-----END {lab}-----")


def n_pubkey(c, i):
    r = c.r
    raw = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + bytes(r.randrange(256) for _ in range(32))
    return N("public_key", "ssh_pub", "ssh-ed25519 " + base64.b64encode(raw).decode() + f" deploy-{slug(c.person(0)[0])}")


def n_uuid(c, i):
    r = c.r

    def mk():
        h = "".join(r.choice("0123456789abcdef") for _ in range(32))
        h = h[:12] + "4" + h[13:16] + r.choice("89ab") + h[17:]
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    return clean_neg(r, "uuid", "uuid", mk)


def n_ticket(c, i):
    r = c.r
    st = r.choice(["hash", "tck", "case"])
    return clean_neg(r, "ticket_ref", f"ticket.{st}", lambda: {"hash": "#", "tck": "TCK-", "case": "CS"}[st] + str(r.randint(1, 9)) + rdig(r, r.choice([5, 6, 7])))


def n_order(c, i):
    r = c.r
    return N("order_number", "order", f"{r.choice(['ORD', 'SO', 'PO'])}-{rdig(r, 5)}-{r.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{r.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}")


def n_inv(c, i):
    r = c.r
    return N("invoice_number", "invoice", f"INV-{r.randint(2023, 2026)}-{rdig(r, 5)}")


def n_amount(c, i):
    r = c.r
    v = r.randint(5, 9999) + r.randint(0, 99) / 100
    if c.lang == "en":
        cur = "£" if c.region == "UK" else "$"
        return N("amount", "amount", f"{cur}{v:,.2f}")
    w = f"{v:,.2f}".replace(",", " ").replace(".", ",")
    return N("amount", "amount", f"{w} €" if c.lang != "pl" and c.lang != "sv" else (f"{w} zł" if c.lang == "pl" else f"{w} kr"))


def n_amount_csv(c, i):
    return N("amount", "amount.csv", f"{c.r.randint(5, 9999)}.{c.r.randint(0, 99):02d}")


def n_track(c, i):
    r = c.r
    st = r.choice(["ups", "royalmail", "dhl"])

    def mk():
        if st == "ups":
            return "1Z" + "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXY0123456789") for _ in range(6)) + rdig(r, 10)
        if st == "royalmail":
            return "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXY") for _ in range(2)) + rdig(r, 9) + "GB"
        return "JJD" + rdig(r, 18)
    return clean_neg(r, "tracking_number", f"track.{st}", mk)


def n_booking(c, i):
    r = c.r
    return N("booking_ref", "booking", "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(4)) + str(r.randint(2, 9)) + r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ"))


def n_policy(c, i):
    r = c.r
    return clean_neg(r, "policy_number", "policy", lambda: "POL-" + rdig(r, 8))


def n_emp(c, i):
    return N("employee_id", "employee_id", "E" + str(c.r.randint(1, 9)) + rdig(c.r, 5))


def n_w2(c, i):
    return N("control_number", "w2_control", "W2C-" + rdig(c.r, 5))


def n_auth(c, i):
    return N("auth_code", "auth", str(c.r.randint(1, 9)) + rdig(c.r, 5))


def n_merchant(c, i):
    r = c.r
    return clean_neg(r, "merchant_id", "merchant", lambda: str(r.randint(1, 9)) + rdig(r, 14))


MASKERS = {  # base slot -> masked twin (used for benign tickets and redacted descriptions)
    "card": lambda c, i, v: n_card_mask(c, i, _digits(v.text)[-4:]),
    "ssn": lambda c, i, v: n_ssn_mask(c, i, _digits(v.text)[-4:]),
    "email": lambda c, i, v: n_email_mask(c, i, v.text),
    "agent_email": lambda c, i, v: n_email_mask(c, i, v.text),
    "phone": lambda c, i, v: n_phone_mask(c, i, v.text),
    "agent_phone": lambda c, i, v: n_phone_mask(c, i, v.text),
    "iban": lambda c, i, v: n_iban_mask(c, i, v.text),
    "aba": lambda c, i, v: n_aba_mask(c, i, v.text),
    "ip": lambda c, i, v: n_ip_mask(c, i, v.text),
    "ip_priv": lambda c, i, v: n_ip_mask(c, i, v.text),
    "ipv": lambda c, i, v: n_ip_mask(c, i, v.text),
    "dob_iso": lambda c, i, v: n_dob_mask(c, i),
    "pem_esc": lambda c, i, v: n_pem_redacted(c, i, v.text.replace("\\n", "\n")),
    "mrn": lambda c, i, v: n_mrn_mask(c, i, v.text),
    "npi": lambda c, i, v: n_npi_mask(c, i, v.text),
    "dob": lambda c, i, v: n_dob_mask(c, i),
    "nhs": lambda c, i, v: n_nhs_mask(c, i, v.text),
    "dea": lambda c, i, v: n_dea_mask(c, i, v.text),
    "aws": lambda c, i, v: n_aws_mask(c, i, v.text),
    "gh": lambda c, i, v: n_gh_mask(c, i, v.text),
    "pem": lambda c, i, v: n_pem_redacted(c, i, v.text),
}

GEN = {
    "card": g_card, "ssn": g_ssn, "email": g_email, "agent_email": g_agent_email, "phone": g_phone,
    "agent_phone": g_phone, "iban": g_iban, "aba": g_aba, "ip": g_ip,
    "ip_priv": lambda c, i: g_ip(c, i, "private"), "ipv": lambda c, i: g_ip(c, i, "v6"),
    "mrn": g_mrn, "npi": g_npi, "dob": g_dob, "nhs": g_nhs, "dea": g_dea, "aws": g_aws, "gh": g_gh, "pem": g_pem,
    "card_mask": n_card_mask, "ordnum": n_order16, "luhn_order": n_luhn_order, "test_card": n_test_card,
    "imei": n_imei, "expiry": n_expiry, "ssn_bad": n_ssn_bad, "ssn_mask": n_ssn_mask, "ein": n_ein, "zipfour": n_zip4,
    "email_ph": n_email_ph, "email_mask": n_email_mask, "msgid": n_msgid, "mention": n_mention,
    "phone_mask": n_phone_mask, "phone_ref": n_phone_ref, "iban_bad": n_iban_bad, "iban_doc": n_iban_doc,
    "iban_mask": n_iban_mask, "bic": n_bic, "sort": n_sort, "acct": n_acct, "aba_batch": n_aba_batch,
    "aba_mask": n_aba_mask, "ver": n_ver, "oid": n_oid, "mac": n_mac, "ip_bad": n_ip_bad, "ip_mask": n_ip_mask,
    "claim": n_claim, "member": n_member, "accession": n_accession, "encounter": n_encounter, "rx": n_rx,
    "ncpdp": n_ncpdp, "mrn_mask": n_mrn_mask, "npi_bad": n_npi_bad, "npi_ref": n_npi_ref, "npi_mask": n_npi_mask,
    "dob_mask": n_dob_mask, "date": g_date, "ts": g_ts, "nhs_bad": n_nhs_bad, "nhs_mask": n_nhs_mask,
    "ods": n_ods, "postcode": n_postcode, "dea_bad": n_dea_bad, "dea_mask": n_dea_mask, "aws_ex": n_aws_ex,
    "aws_secret": n_aws_secret, "aws_acct": n_aws_acct, "aws_mask": n_aws_mask, "gh_bad": n_gh_bad,
    "gh_mask": n_gh_mask, "sha": n_sha, "hash": n_hash, "cert": n_cert, "pem_redacted": n_pem_redacted,
    "pubkey": n_pubkey, "uuid": n_uuid, "ticket": n_ticket, "order": n_order, "inv": n_inv, "amount": n_amount,
    "amount_csv": n_amount_csv, "track": n_track, "booking": n_booking, "policy": n_policy, "emp_id": n_emp,
    "w2ctrl": n_w2, "auth": n_auth, "merchant": n_merchant, "sysid": n_sysid,
}


class Ctx:
    """Per note / per ticket state: rng, language, region, people; slot values are memoised by name."""

    def __init__(self, r, lang, region, queue, masked_of=None):
        self.r, self.lang, self.region, self.queue = r, lang, region, queue
        self.memo, self.people, self.doctors = {}, {}, {}
        self.vendor = VENDORS[queue]
        self.org, self.org_domain = r.choice(ORGS)
        self.base = masked_of

    @staticmethod
    def masked(ctx):
        m = Ctx.__new__(Ctx)
        m.__dict__.update(r=ctx.r, lang=ctx.lang, region=ctx.region, queue=ctx.queue, memo={}, base=ctx,
                          vendor=ctx.vendor, org=ctx.org, org_domain=ctx.org_domain)
        m.people, m.doctors = ctx.people, ctx.doctors
        return m

    def person(self, i):
        if i not in self.people:
            lang = self.lang
            while True:
                p = (self.r.choice(FIRST[lang]), self.r.choice(LAST[lang]))
                if p not in self.people.values():
                    break
            self.people[i] = p
        return self.people[i]

    def doctor(self, i):
        if i not in self.doctors:
            self.doctors[i] = (self.r.choice(DOC_FIRST), self.r.choice(DOC_LAST))
        return self.doctors[i]

    def get(self, name):
        if name in self.memo:
            return self.memo[name]
        m = re.fullmatch(r"([a-z_0-9]*?[a-z_])(\d*)", name)
        base, idx = m.group(1), int(m.group(2) or 1)
        if base in ("agent", "agent_first", "agent_email", "agent_phone"):
            idx = 0 if not m.group(2) else 100 + idx
        if self.base is not None and base in MASKERS:
            v = MASKERS[base](self, idx, self.base.get(name))
        elif self.base is not None and base not in ("name", "first", "last", "agent", "agent_first", "doc", "doc_last", "org", "vendor", "vendor_domain", "first_last"):
            v = self.base.get(name)
        else:
            v = self.make(base, idx)
        self.memo[name] = v
        return v

    def make(self, base, idx):
        if base in ("name", "agent"):
            p = self.person(idx)
            return f"{p[0]} {p[1]}"
        if base in ("first", "agent_first"):
            return self.person(idx)[0]
        if base == "last":
            return self.person(idx)[1]
        if base == "doc":
            d = self.doctor(idx)
            return f"Dr. {d[0]} {d[1]}"
        if base == "doc_last":
            return self.doctor(idx)[1]
        if base == "org":
            return self.org
        if base == "vendor":
            return self.vendor[0]
        if base == "vendor_domain":
            return self.vendor[1]
        if base == "time":
            return f"{self.r.randint(8, 17):02d}:{self.r.choice(['00', '15', '20', '30', '40', '45'])}"
        if base == "count":
            return str(self.r.randint(12, 9800))
        return GEN[base](self, idx)


SLOT_RE = re.compile(r"\{([a-z_0-9]+)\}")


def htmlize_lit(s):
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace('"', "&quot;")
    return s.replace("\n\n", "\x00").replace("\n", "<br>\n").replace("\x00", "</p>\n<p>")


LABEL_END = re.compile(r"([A-Za-zÀ-ÿ][A-Za-zÀ-ÿ .#()/-]{1,28}):[ \u00a0]?$")


def render(tpl, ctx, sfx, html=False):
    parts, pos = [], 0
    for m in SLOT_RE.finditer(tpl):
        parts.append(tpl[pos:m.start()])
        parts.append(ctx.get(m.group(1)))
        pos = m.end()
    parts.append(tpl[pos:])
    if not html:
        return T(*parts, sfx=sfx)
    r = ctx.r
    out = []
    for k, p in enumerate(parts):
        if isinstance(p, str):
            if k % 2 == 1:  # a plain-text slot (name, organisation)
                out.append(htmlize_lit(p))
                continue
            nxt = parts[k + 1] if k + 1 < len(parts) else None
            lm = LABEL_END.search(p)
            if lm and isinstance(nxt, V) and r.random() < .5:
                lab = lm.group(1)
                head = htmlize_lit(p[:lm.start()])
                out.append(head + r.choice([f"<strong>{htmlize_lit(lab)}:</strong>&nbsp;", f"<b>{htmlize_lit(lab)}</b>: ",
                                            f"<span class=\"label\">{htmlize_lit(lab)}:</span> "]))
            else:
                out.append(htmlize_lit(p))
        elif p.ent == "EMAIL_ADDRESS" and r.random() < .3:
            out.extend(['<a href="mailto:', p, '">', p, "</a>"])
        elif p.ent == "EMAIL_ADDRESS" and r.random() < .2:
            out.append(V(p.text.replace("@", "&#64;"), ent=p.ent, fmt=p.fmt + ".html_entity"))
        elif (p.ent == "PRIVATE_KEY" or p.kind in ("certificate_block", "redacted_private_key")):
            out.extend(["<pre>", p, "</pre>"])
        else:
            out.append(p)
    return T('<div class="ticket-body"><p>', out, "</p></div>", sfx=sfx)


# =====================================================================================
# note templates (written for this round)
# =====================================================================================
# (queue, category, text); {slot} placeholders; a trailing digit selects another person / another value.

TEMPLATES = [
    # ---------------- finance / cards
    ("finance", "customer_email",
     "Subject: charged twice\n\nHello {org} support,\n\nI was billed twice for order {order} on {date}. The card I used is "
     "{card} (expires {expiry}). My banking app shows the second charge under auth code {auth}.\n\nCould someone call "
     "me back on {phone}? Mornings are best.\n\nThanks,\n{name}\n{email}"),
    ("finance", "agent_reply",
     "Hi {first},\n\nThanks for confirming. Just to read back what we have on file:\n  Card: {card}\n  Billing phone: "
     "{phone}\n  E-mail: {email}\n\nThe refund of {amount} will go back to the card above within 5-7 working days. "
     "Your case reference is {ticket}.\n\nKind regards,\n{agent}\n{vendor}\n{agent_email}"),
    ("finance", "internal_note",
     "[internal] Chargeback dispute {claim}: cardholder {name} disputes {amount}. Old card {card_mask} was replaced by "
     "{card}. Do NOT look up merchant order number {luhn_order} as a card, that is the acquirer's order number, not a PAN. "
     "QA used test card {test_card} on the same merchant in sandbox, ignore it."),
    ("finance", "chat_log",
     "[09:14] {name}: hi, my refund should go to {iban}, not the old account\n[09:15] Agent {agent_first}: got it. "
     "Can you confirm the BIC as well?\n[09:15] {name}: {bic}\n[09:16] Agent {agent_first}: thanks. The old IBAN "
     "{iban_mask} is removed. Your reference is {ticket}.\n[09:17] {name}: and can you email me at {email}?"),
    ("finance", "escalation",
     "ESCALATION - ACH return R03 for {name}\nRouting number on file: {aba}; account {acct}.\nCustomer insists the "
     "routing number is right and re-sent it from {email}. ACH batch number {aba_batch} (a batch id, not a routing "
     "number) was returned on {date}.\nThe customer typed their full SSN {ssn} into the free-text field, purge it.\n"
     "Callback: {phone}"),
    ("finance", "csv_export",
     "Failed payments export, run {ts}:\ncustomer,email,card,amount,order\n{name},{email},{card},{amount_csv},{ordnum}\n"
     "{name2},{email2},{card2},{amount_csv2},{ordnum2}"),
    ("finance", "config_paste",
     "Merchant pasted their gateway integration settings (we asked them to rotate):\nMERCHANT_ID={merchant}\n"
     "WEBHOOK_URL=https://hooks.{vendor_domain}/in/{uuid}\nSIGNING_KEY=\n{pem}\nNOTIFY={email}"),
    # ---------------- US health
    ("us_health", "customer_email",
     "Hello,\n\nMy daughter {name2} can't log in to the patient portal. Her MRN is {mrn} and her date of birth is "
     "{dob}. We have an appointment on {date} with {doc} and I need to fill in the forms before then.\n\nPlease reply "
     "to {email} or text me at {phone}.\n\n{name}"),
    ("us_health", "internal_note",
     "Pharmacy called about an e-prescription for {name}, DOB {dob}. Prescriber {doc}, NPI {npi}, DEA {dea}. Their "
     "system rejects the DEA; I checked it against the registry and it is correct. Rx number {rx}, claim {claim}. "
     "Pharmacist callback {phone}."),
    ("us_health", "call_summary",
     "Call summary - {date}\nCaller: {name} (patient), DOB {dob}, MRN {mrn}\nReason: billing question about encounter "
     "{encounter} and claim {claim}.\nMember ID {member}; payer says rendering provider NPI {npi_bad} is invalid - "
     "a typo, the correct NPI is {npi}.\nNext step: billing to resubmit. Callback {phone}."),
    ("us_health", "lab_notification",
     "Your lab results are ready.\nPatient: {name}\nDate of birth: {dob}\nMRN: {mrn}\nAccession: {accession}\n"
     "Collected: {date}\nOrdering provider: {doc} (NPI {npi})\nQuestions? Reply to {agent_email} or call {agent_phone}."),
    ("us_health", "escalation",
     "Escalating to integrations: the HL7 feed from {ip_priv} to the interface engine stopped at {ts}. Last message "
     "was ADT^A08 for MRN {mrn}. Interface version {ver}. Remittance trace number {npi_ref} on the 835 file is a "
     "trace number, not an NPI, so no provider ticket please. Contact on site: {name}, {phone}."),
    ("us_health", "handover_note",
     "Handover: {name} (DOB {dob}) is still waiting for the prior auth. Member {member}, auth {auth}. Prescriber "
     "{doc}, DEA {dea}, NPI {npi}. Old DEA on the fax, {dea_bad}, fails the check digit - ignore it. Pharmacy line "
     "{phone}. Told the patient we'd e-mail {email} once approved."),
    ("us_health", "csv_export",
     "mrn,patient,dob,provider_npi,prescriber_dea,appointment\n{mrn},{name},{dob},{npi},{dea},{date}\n"
     "{mrn2},{name2},{dob2},{npi2},{dea2},{date2}\n(prescribers: {doc}; {doc2})"),
    ("us_health", "config_paste",
     "Clearinghouse SFTP setup for {org}. Host {ip}, user edi_{count}. The practice manager pasted the private key "
     "into the ticket:\n\n{pem}\n\nPlease rotate it and upload the public half only:\n{pubkey}"),
    # ---------------- UK GP
    ("uk_health", "customer_email",
     "Dear surgery,\n\nI have been trying to order a repeat prescription for my mum, {name2}. Her NHS number is "
     "{nhs} and she was born on {dob}. The NHS App shows the wrong practice (ODS {ods}).\n\nMy mobile is {phone}, "
     "email {email}.\n\nMany thanks,\n{name}"),
    ("uk_health", "agent_reply",
     "Hi {first},\n\nThanks for your patience. We have updated the record for NHS No. {nhs} (date of birth {dob}). "
     "The appointment on {date} at {time} is confirmed. Please ignore the old number {nhs_bad}, which fails "
     "validation and was a typo on the referral letter.\n\nBest wishes,\n{agent}\nReception, {vendor}\n{agent_phone}"),
    ("uk_health", "internal_note",
     "Duplicate registration: {name}, DOB {dob}, NHS {nhs}. The second record under NHS {nhs_mask} is to be merged "
     "by the practice manager. Patient e-mailed from {email}. Postcode {postcode}."),
    ("uk_health", "phone_summary",
     "Phoned {name} back on {phone} about the referral. Identity confirmed with DOB {dob} and NHS number {nhs}. "
     "Referral reference {ticket}. Letter to follow to {email}."),
    # ---------------- payroll / HR
    ("payroll", "hr_note",
     "New starter {name}, start date {date}. SSN {ssn}, DOB {dob}. Direct deposit: routing {aba}, account {acct}. "
     "Personal email {email}, mobile {phone}. EIN of the employing entity {ein} (not the employee's SSN)."),
    ("payroll", "customer_email",
     "Hi payroll team,\n\nMy payslip for the period ending {date} shows the wrong bank. Please pay into {iban} from "
     "next month. The old IBAN {iban_bad} was wrong by one digit, which is why the payment bounced.\n\nMy employee "
     "number is {emp_id}.\n\n{name}\n{phone}"),
    ("payroll", "qa_review",
     "QA review of {ticket}: the agent read the employee's full SSN {ssn} back over chat and the customer repeated "
     "it ({ssn}). Score 2/5. The zip+4 {zipfour} and W-2 control number {w2ctrl} were fine to mention. Reviewer: {agent}."),
    ("payroll", "csv_export",
     "employee_id\tname\tssn\trouting\taccount\temail\n{emp_id}\t{name}\t{ssn}\t{aba}\t{acct}\t{email}\n"
     "{emp_id2}\t{name2}\t{ssn2}\t{aba2}\t{acct2}\t{email2}"),
    ("payroll", "notification",
     "Payslip ready: Hi {first}, your payslip for {date} is available. Net pay {amount} was sent to {iban_mask}. "
     "If you did not expect this, contact {agent_email} or call {agent_phone}. Employee SSN on file: {ssn_mask}."),
    ("payroll", "config_paste",
     "Payroll file upload keeps failing. From the customer's script:\n  sftp -i payroll_upload.key -P 2222 "
     "{ip}\n  # payroll_upload.key\n{pem}\nSubmitted by {name} ({email})."),
    # ---------------- SaaS admin / DevOps
    ("saas", "config_paste",
     "Customer pasted their .env into the ticket (key rotated since):\nAWS_ACCESS_KEY_ID={aws}\n"
     "AWS_SECRET_ACCESS_KEY={aws_secret}\nAWS_ACCOUNT_ID={aws_acct}\nGITHUB_TOKEN={gh}\nDB_HOST={ip_priv}\n"
     "ADMIN_EMAIL={email}"),
    ("saas", "log_excerpt",
     "{ts} WARN  auth   login failed user={email} src={ip} ua=\"okhttp/4.12.0\"\n{ts2} INFO  deploy sha={sha} "
     "build={ver} by={agent_email}\n{ts3} ERROR hooks  delivery id={uuid} from {ipv} status=502"),
    ("saas", "customer_email",
     "Hi,\n\nOne of our developers committed a GitHub token to a public repo: {gh}. We revoked it, but your audit log "
     "still shows API calls from {ip} using it. Our AWS key {aws} was in the same commit ({sha}). The key "
     "{aws_ex} in our README is just the AWS documentation example.\n\nCan you confirm nothing was accessed? "
     "Reach me at {email} or {phone}.\n\n{name}, {org}"),
    ("saas", "escalation",
     "SEV2: customer uploaded their SSO signing key instead of the certificate. The key below must be purged from "
     "the ticket and the attachment store.\n\n{pem}\n\nThe certificate they meant to send:\n{cert}\n\nCustomer "
     "contact: {name} <{email}>"),
    ("saas", "agent_reply",
     "Hi {first},\n\nI've rotated the deploy token. The new one is {gh} - please keep it in your secret manager. "
     "Your old token ({gh_mask}) is revoked. The allow-list now contains {ip} and {ip2}; {ip_bad} from your "
     "message isn't a valid address, I assume you meant {ip2}.\n\n{agent}\n{agent_email}"),
    ("saas", "handover_note",
     "Handover: SSO login loop for {email}. Tried from {ipv} and {ip}. Device MAC {mac} (not relevant). SNMP OID "
     "{oid} alerting is a separate ticket, {ticket}. AWS account {aws_acct}; the access key in their screenshot is "
     "{aws}, and the token {gh_bad} in the same screenshot fails GitHub's checksum, so it is mistyped."),
    ("saas", "chat_log",
     "{name}: our CI can't pull, token is {gh}\n{agent_first}: please don't paste tokens here! I'll get it revoked. "
     "cc {mention}\n{name}: sorry. the runner is on {ip_priv}, key id {aws}\n{agent_first}: thanks, rotating both now"),
    # ---------------- telecom
    ("telecom", "customer_email",
     "Hello,\n\nI want to port my number {phone} to another provider. The handset IMEI is {imei}. Please send the "
     "port code to {email}. My date of birth is {dob} if you need it for security.\n\nRegards,\n{name}"),
    ("telecom", "call_summary",
     "Call summary: {name} has had no data since {date}. Router WAN IP {ip}, LAN {ip_priv}, firmware {ver}. Port "
     "request id {phone_ref} is still open. Account holder DOB {dob}. Best number: {phone}."),
    ("telecom", "agent_reply",
     "Hi {first},\n\nWe've updated your direct debit. Payments will now be collected from {iban} (previously "
     "{iban_mask}). Your account number {acct} stays the same. Final bill date: {date}.\n\n{agent}\n{agent_email}"),
    ("telecom", "chat_log",
     "{name}: my sim stopped working, number is {phone}\nAgent {agent_first}: sorry about that! can you confirm your "
     "date of birth?\n{name}: {dob}\nAgent {agent_first}: thanks. Replacement SIM ordered, {order}, tracking {track}. "
     "Card {card} will be charged {amount} for the express delivery."),
    # ---------------- travel
    ("travel", "customer_email",
     "Hi,\n\nBooking {booking} for {name} and {name2}. Passenger date of birth for {first2}: {dob2}; mine is {dob}. "
     "Please charge the balance to {card} and send the e-tickets to {email}.\n\nFlight date {date}. Mobile {phone}."),
    ("travel", "agent_reply",
     "Dear {first},\n\nYour refund of {amount} for booking {booking} has been sent to {iban}. It may take 3 working "
     "days. The card {card_mask} was not charged again.\n\n{agent}, {vendor}\n{agent_phone}"),
    ("travel", "notification",
     "Booking update {booking}: departure {date} {time}. Passenger {name}, DOB {dob}. Contact {email} / {phone}. "
     "Manage your trip at https://trips.{vendor_domain}/b/{uuid}"),
    ("travel", "escalation",
     "Escalation: fraud screen flagged booking {booking}. Card {card} was used from {ip} with three different "
     "passenger names. Passenger {name}, born {dob}. Order {order}. Customer e-mail {email}."),
]

BENIGN = [
    ("finance", "customer_email",
     "Hi, my refund for order {order} still hasn't arrived. The card on file is {card_mask}, statement date {date}. "
     "Thanks, {first}"),
    ("saas", "notification",
     "Upgraded tenant to {ver}. Build {sha}. Job {uuid} finished at {ts}. Example key from the AWS docs: {aws_ex}. "
     "Old webhook secret {gh_mask} was revoked."),
    ("us_health", "notification",
     "Portal maintenance on {date}. Claim {claim}, member {member} and accession {accession} were re-queued. "
     "Provider NPI {npi_mask}, DOB on file {dob_mask}, MRN {mrn_mask}."),
    ("uk_health", "notification",
     "Practice {ods} moves appointments from {date}. Patient NHS number {nhs_mask} (masked in the export). Letters go "
     "out by post to {postcode}."),
    ("payroll", "notification",
     "Payroll run for {date} completed. ACH batch number {aba_batch} (a batch id, not a routing number). Employee "
     "SSN masked as {ssn_mask}. Employer EIN {ein}. Employee ID {emp_id}."),
    ("telecom", "internal_note",
     "Device swap: IMEI {imei}, MAC {mac}. Order {order}, tracking {track}. Customer IP {ip_mask}. Port request id "
     "{phone_ref}."),
    ("travel", "internal_note",
     "Booking {booking} rebooked to {date}. Invoice {inv}, amount {amount}. Card {card_mask}. Test card "
     "{test_card} was used in staging only."),
    ("finance", "qa_review",
     "QA: agent used test card {test_card} in the sandbox, and merchant order number {luhn_order} shows on the "
     "acquirer report. The IBAN in the macro is the bank's documentation example {iban_doc}. Policy {policy}."),
    ("saas", "notification",
     "Certificate renewal for the API gateway:\n{cert}\nKey material: {pem_redacted}\nPlaceholder contact in the "
     "template: {email_ph}."),
    ("saas", "log_excerpt",
     "{ts} INFO  sync finished job={uuid} rows={count} version={ver}\n{ts2} WARN  mail retry msgid={msgid} "
     "assigned to {mention}\n{ts3} INFO  gc freed {count2} objects, checksum {hash}"),
    ("us_health", "internal_note",
     "The 835 remittance trace number {npi_ref} is not an NPI. Member {member}, claim {claim}, Rx {rx}, NCPDP "
     "{ncpdp}. DEA on the script was masked as {dea_mask}."),
    ("payroll", "internal_note",
     "Routing number masked as {aba_mask}, account {acct}. Zip+4 {zipfour}. W-2 control number {w2ctrl}. Invalid SSN "
     "placeholder {ssn_bad} used in the test employee record."),
]

LTEMPLATES = {
    "de": [("customer_email",
            "Sehr geehrte Damen und Herren,\n\nbitte erstatten Sie {amount} auf mein Konto {iban}. Die Kreditkarte "
            "{card} wurde doppelt belastet (Bestellung {order}).\n\nGeburtsdatum: {dob}\nTelefon: {phone}\n\nMit "
            "freundlichen Grüßen\n{name}\n{email}"),
           ("internal_note",
            "Interne Notiz: Kundin {name} (geb. {dob}) hat ihre neue Mobilnummer {phone} durchgegeben. Alte IBAN "
            "{iban_mask} gelöscht, neue IBAN {iban}. Rückmeldung bitte an {email}. Vorgang {ticket}.")],
    "fr": [("customer_email",
            "Bonjour,\n\nJe n'arrive pas à modifier mes coordonnées bancaires. Nouvel IBAN : {iban}. Ma carte {card} "
            "a été débitée deux fois le {date}.\n\nNé(e) le {dob}. Vous pouvez me joindre au {phone} ou par e-mail à "
            "{email}.\n\nCordialement,\n{name}"),
           ("internal_note",
            "Note interne : le client {name}, date de naissance {dob}, demande le remboursement sur l'IBAN {iban}. "
            "Téléphone {phone}. Référence dossier {ticket}.")],
    "es": [("customer_email",
            "Hola,\n\nLes escribo porque me han cobrado dos veces con la tarjeta {card}. Mi fecha de nacimiento es "
            "{dob} y mi teléfono {phone}. Para el reembolso, mi IBAN es {iban}.\n\nUn saludo,\n{name}\n{email}"),
           ("chat_log",
            "{name}: buenas, no puedo entrar en mi cuenta con {email}\nAgente {agent_first}: ¿me confirma su fecha de "
            "nacimiento?\n{name}: {dob}\nAgente {agent_first}: gracias, le llamamos al {phone}.")],
    "it": [("customer_email",
            "Buongiorno,\n\nvorrei aggiornare i miei dati: nato il {dob}, cellulare {phone}, email {email}. "
            "L'addebito sulla carta {card} non è stato autorizzato da me. Per il rimborso: IBAN {iban}.\n\nCordiali "
            "saluti,\n{name}"),
           ("internal_note",
            "Nota interna: la cliente {name} (data di nascita {dob}) ha chiamato dal {phone}. Nuovo IBAN {iban}, "
            "vecchio IBAN {iban_bad} errato. Pratica {ticket}.")],
    "nl": [("customer_email",
            "Goedemiddag,\n\nIk wil graag mijn rekeningnummer wijzigen naar {iban}. Mijn geboortedatum is {dob}. U "
            "kunt mij bereiken op {phone} of {email}.\n\nMet vriendelijke groet,\n{name}"),
           ("internal_note",
            "Interne notitie: klant {name} betaalde met creditcard {card}; het bedrag is twee keer afgeschreven op "
            "{date}. Terugbelnummer {phone}. Dossier {ticket}.")],
    "pt": [("customer_email",
            "Olá,\n\nFui cobrado duas vezes no cartão {card}. Data de nascimento: {dob}. Telemóvel: {phone}. Para o "
            "reembolso, o meu IBAN é {iban}.\n\nObrigado,\n{name}\n{email}"),
           ("internal_note",
            "Nota interna: o cliente {name} pediu a alteração do email para {email} e do telefone para {phone}. "
            "Nascido em {dob}. Processo {ticket}.")],
    "pl": [("customer_email",
            "Dzień dobry,\n\nproszę o zwrot na rachunek {iban}. Karta {card} została obciążona dwukrotnie. Data "
            "urodzenia: {dob}. Telefon: {phone}, e-mail: {email}.\n\nPozdrawiam,\n{name}"),
           ("internal_note",
            "Notatka wewnętrzna: klientka {name}, ur. {dob}, prosi o kontakt pod numerem {phone}. Nowy numer "
            "rachunku {iban}. Zgłoszenie {ticket}.")],
    "sv": [("customer_email",
            "Hej,\n\nJag har blivit debiterad två gånger på kortet {card}. Mitt födelsedatum är {dob}. Ring mig på "
            "{phone} eller mejla {email}. Återbetalning till IBAN {iban}.\n\nMed vänliga hälsningar,\n{name}"),
           ("internal_note",
            "Intern anteckning: kund {name}, född {dob}, nytt mobilnummer {phone}. IBAN {iban}. Ärende {ticket}.")],
}
LBENIGN = {
    "de": ("customer_email", "Hallo, meine Bestellung {order} vom {date} ist noch nicht angekommen. Sendungsnummer "
           "{track}. Bezahlt mit Karte {card_mask}. Danke, {first}"),
    "fr": ("customer_email", "Bonjour, ma facture {inv} du {date} est incorrecte. Le numéro de commande est {order}. "
           "Merci, {first}"),
    "es": ("customer_email", "Hola, el pedido {order} del {date} llegó roto. Número de seguimiento {track}. Gracias."),
    "it": ("customer_email", "Buongiorno, la fattura {inv} del {date} riporta un importo sbagliato ({amount}). Ordine "
           "{order}."),
    "nl": ("customer_email", "Hoi, mijn bestelling {order} is nog niet geleverd. Track & trace: {track}. Groet, {first}"),
    "pt": ("customer_email", "Olá, a encomenda {order} de {date} ainda não chegou. Código de rastreio {track}."),
    "pl": ("customer_email", "Dzień dobry, zamówienie {order} z dnia {date} nie dotarło. Numer przesyłki {track}."),
    "sv": ("customer_email", "Hej, min beställning {order} från {date} har inte kommit. Spårningsnummer {track}."),
}
CHAIN_SEPS = ["\n\n-----Original Message-----\n", "\n\n--- earlier in this ticket ---\n", "\n\n> quoted reply:\n",
              "\n\n[agent note added later]\n"]
LANGS = ["de", "fr", "es", "it", "nl", "pt", "pl", "sv"]
GEN.update({
    "dob_iso": lambda c, i: g_dob(c, i, iso=True), "date_iso": lambda c, i: g_date(c, i, iso=True),
    "pem_esc": lambda c, i: g_pem(c, i, escaped=c.r.random() < .5),
})


# =====================================================================================
# notes
# =====================================================================================

QUEUE_W = {"us_health": 19, "saas": 19, "finance": 16, "uk_health": 10, "payroll": 14, "telecom": 10, "travel": 12}
ACKS = {"en": ["Thanks, I'll check and get back to you.", "Ticket reassigned to tier 2.",
               "Customer confirmed the issue is resolved.", "Waiting on the customer's reply."],
        "de": ["Danke, wir melden uns.", "Ticket an die zweite Ebene übergeben."],
        "fr": ["Merci, nous revenons vers vous.", "Dossier transmis au niveau 2."],
        "es": ["Gracias, le respondemos en breve.", "Caso escalado al nivel 2."],
        "it": ["Grazie, vi ricontattiamo.", "Pratica inoltrata al secondo livello."],
        "nl": ["Bedankt, we komen erop terug.", "Doorgezet naar de tweede lijn."],
        "pt": ["Obrigado, voltaremos a contactar.", "Processo escalado para o nível 2."],
        "pl": ["Dziękujemy, odezwiemy się.", "Zgłoszenie przekazane do drugiej linii."],
        "sv": ["Tack, vi återkommer.", "Ärendet skickat vidare till nivå 2."]}


def region_for(queue, r):
    if queue == "uk_health":
        return "UK"
    if queue in ("us_health", "payroll"):
        return "US"
    return "UK" if r.random() < .35 else "US"


def plan_notes():
    r = random.Random(f"{SEED}:plan")
    counts = {"de": (8, 2), "fr": (8, 1), "es": (8, 1), "it": (7, 1), "nl": (7, 1), "pt": (7, 1), "pl": (7, 1), "sv": (8, 1)}
    rows = [("en", False)] * 289 + [("en", True)] * 51
    for lang, (n, nb) in counts.items():
        rows += [(lang, True)] * nb + [(lang, False)] * (n - nb)
    r.shuffle(rows)
    queues, w = list(QUEUE_W), list(QUEUE_W.values())
    rr = {q: r.randrange(100) for q in queues}
    brr, lrr = r.randrange(100), {l: 0 for l in LANGS}
    plan = []
    for lang, benign in rows:
        if lang != "en":
            if benign:
                plan.append((lang, "finance", True, [("L", lang, -1)]))
            else:
                plan.append((lang, "finance", False, [("L", lang, lrr[lang] % 2)]))
                lrr[lang] += 1
            continue
        if benign:
            plan.append((lang, BENIGN[brr % len(BENIGN)][0], True, [("B", brr % len(BENIGN))]))
            brr += 1
            continue
        q = r.choices(queues, w)[0]
        pool = [k for k, t in enumerate(TEMPLATES) if t[0] == q]
        a = pool[rr[q] % len(pool)]
        rr[q] += 1
        parts = [("E", a)]
        if r.random() < .28:
            b = pool[(rr[q] + r.randrange(len(pool) - 1)) % len(pool)]
            if b == a:
                b = pool[(pool.index(a) + 1) % len(pool)]
            parts.append(("E", b))
        plan.append((lang, q, False, parts))
    return plan


def part_template(p):
    if p[0] == "E":
        return TEMPLATES[p[1]][1], TEMPLATES[p[1]][2]
    if p[0] == "B":
        return BENIGN[p[1]][1], BENIGN[p[1]][2]
    if p[2] < 0:
        return LBENIGN[p[1]]
    return LTEMPLATES[p[1]][p[2]]


def build_note(i, item, attempt):
    lang, queue, benign, parts = item
    r = random.Random(f"{SEED}:note:{i}:{attempt}")
    region = "EU" if lang != "en" else region_for(queue, r)
    c = Ctx(r, lang, region, queue)
    c.no_long = any(part_template(p)[0] == "csv_export" for p in parts)
    pieces, cats = [], []
    for k, p in enumerate(parts):
        cat, tpl = part_template(p)
        cats.append(cat)
        if k:
            pieces.append(r.choice(CHAIN_SEPS))
        pieces.append(render(tpl, c, cat))
    txt = T(*pieces)
    tags = [lang, queue, cats[0], region, "benign" if benign else "pii"]
    if len(parts) > 1:
        tags.append("chain")
    if any(ord(ch) > 127 for ch in txt.text):
        tags.append("non_ascii")
    return txt, cats[0], tags


# =====================================================================================
# ticket JSON
# =====================================================================================

DOMAINS = ["us_clinic", "us_pharmacy", "uk_gp", "cards", "payroll", "saas", "telecom", "travel"]
DOMAIN_QUEUE = {"us_clinic": "us_health", "us_pharmacy": "us_health", "uk_gp": "uk_health", "cards": "finance",
                "payroll": "payroll", "saas": "saas", "telecom": "telecom", "travel": "travel"}
SHAPES = ["redmine_issue", "zendesk_audits", "freshdesk_ticket", "snow_record", "jira_adf", "helpscout_conv",
          "hubspot_object", "list_endpoint"]
NUMERIC_SHAPES = {"zendesk_audits", "freshdesk_ticket", "jira_adf"}
CF = {  # (label, key, slot, numeric: None | "pos" (JSON number where the shape allows) | "neg")
    "us_clinic": [("Patient MRN", "patient_mrn", "mrn", "pos"), ("Patient date of birth", "patient_dob", "dob_iso", None),
                  ("Referring provider NPI", "referring_npi", "npi", "pos"), ("Ordering provider", "ordering_provider", "doc", None),
                  ("Ordering provider DEA", "ordering_dea", "dea", None), ("Claim number", "claim_number", "claim", None),
                  ("Appointment date", "appointment_date", "date_iso", None)],
    "us_pharmacy": [("Prescriber", "prescriber_name", "doc", None), ("Prescriber DEA", "prescriber_dea", "dea", None),
                    ("Prescriber NPI", "prescriber_npi", "npi", "pos"), ("Rx number", "rx_number", "rx", None),
                    ("Patient DOB", "patient_dob", "dob_iso", None), ("NCPDP ID", "ncpdp_id", "ncpdp", "neg"),
                    ("Patient MRN", "patient_mrn", "mrn", "pos")],
    "uk_gp": [("NHS number", "nhs_number", "nhs", None), ("Date of birth", "date_of_birth", "dob_iso", None),
              ("Practice ODS code", "ods_code", "ods", None), ("Appointment date", "appointment_date", "date_iso", None)],
    "cards": [("Card number (to be masked)", "card_number", "card", None), ("Order reference", "order_reference", "ordnum", None),
              ("Card expiry", "card_expiry", "expiry", None), ("Merchant ID", "merchant_id", "merchant", "neg"),
              ("Billing phone", "billing_phone", "phone", None)],
    "payroll": [("Employee SSN", "employee_ssn", "ssn", None), ("Routing number", "routing_number", "aba", "pos"),
                ("Account number", "account_number", "acct", "neg"), ("Employee DOB", "employee_dob", "dob_iso", None),
                ("Employee ID", "employee_id", "emp_id", None), ("EU payee IBAN", "payee_iban", "iban", None),
                ("SFTP upload key", "sftp_upload_key", "pem_esc", None)],
    "saas": [("Admin e-mail", "admin_email", "email", None), ("Source IP", "source_ip", "ip", None),
             ("Leaked access key id", "access_key_id", "aws", None), ("CI token", "ci_token", "gh", None),
             ("Build", "build_version", "ver", None), ("AWS account", "aws_account_id", "aws_acct", "neg"),
             ("Deploy key (pasted)", "deploy_key", "pem_esc", None)],
    "telecom": [("Callback number", "callback_number", "phone", None), ("IMEI", "imei", "imei", None),
                ("Account holder DOB", "holder_dob", "dob_iso", None), ("Router WAN IP", "wan_ip", "ip", None),
                ("Account number", "account_number", "acct", "neg")],
    "travel": [("Passenger DOB", "passenger_dob", "dob_iso", None), ("Booking reference", "booking_ref", "booking", None),
               ("Card on file", "card_on_file", "card", None), ("Refund IBAN", "refund_iban", "iban", None),
               ("Passenger mobile", "passenger_mobile", "phone", None)],
}
SUBJECTS = {
    "us_clinic": ["Portal login problem", "Billing question about a visit", "Lab results not visible", "Referral stuck"],
    "us_pharmacy": ["E-prescription rejected", "Prior authorization pending", "Controlled substance script query"],
    "uk_gp": ["Repeat prescription request", "Duplicate patient record", "Referral letter query"],
    "cards": ["Double charge on card", "Refund not received", "Chargeback dispute"],
    "payroll": ["Wrong bank on payslip", "New starter setup", "Direct deposit returned"],
    "saas": ["Leaked credentials in repo", "SSO login loop", "Deploy token rotation"],
    "telecom": ["Number port request", "No mobile data", "Direct debit change"],
    "travel": ["Booking balance payment", "Refund for cancelled trip", "Passenger details update"],
}


def leaf(c, slot, key, numeric=None, shape=""):
    v = c.get(slot)
    if isinstance(v, str):
        return v
    if numeric and shape in NUMERIC_SHAPES and v.text.isdigit() and v.text[0] != "0":
        return Num(int(v.text), ent=v.ent, kind=v.kind, fmt=f"{v.fmt}.{key}")
    if numeric == "neg" and v.text.isdigit() and v.text[0] != "0":
        return Num(int(v.text), ent=v.ent, kind=v.kind, fmt=f"{v.fmt}.{key}")
    return T(v, sfx=key)


def idn(c, key, n, first="123456789"):
    v = safe_int(c.r, n, first)
    return Num(v, kind="json_id", fmt=f"json_id.{key}") if v >= 10000 else v


def ids(c, key, n, first="123456789"):
    v = str(safe_int(c.r, n, first))
    return T(N("json_id", "json_id_str", v), sfx=key) if n >= 5 else v


def idstr_of(num, key):
    v = str(num.value if isinstance(num, Num) else num)
    return T(N("json_id", "json_id_str", v), sfx=key) if len(v) >= 5 else v


def url(prefix, num, suffix, key="url"):
    v = str(num.value if isinstance(num, Num) else num)
    return T(prefix, N("ticket_ref", "url_id", v) if len(v) >= 5 else v, suffix, sfx=key)


def ts(c, key, st="iso"):
    return T(g_ts(c, 0, st), sfx=key)


def tick_pick(c, tpool, k):
    tp = list(tpool)
    c.r.shuffle(tp)
    return tp[:k]


def ticket_templates(c, domain, lang, benign):
    """Body templates for a ticket, as (category, text)."""
    q = DOMAIN_QUEUE[domain]
    if benign:
        pool = [(b[1], b[2]) for b in BENIGN if b[0] == q] or [(b[1], b[2]) for b in BENIGN]
        if lang != "en":
            pool = [LBENIGN[lang]]
    elif lang != "en":
        pool = list(LTEMPLATES[lang])
    else:
        pool = [(t[1], t[2]) for t in TEMPLATES if t[0] == q]
    out = tick_pick(c, pool, 3)
    acks = ACKS[lang]
    while len(out) < 3:
        out.append(("ack", c.r.choice(acks)))
    return out


def adf(txt, r):
    """Atlassian Document Format; text nodes split only at spaces/newlines outside values."""
    content, a = [], 0
    text = txt.text
    bounds = []
    k = 0
    while True:
        j = text.find("\n\n", k)
        if j < 0:
            bounds.append((a, len(text)))
            break
        if not txt.inside(j):
            bounds.append((a, j))
            a = j + 2
        k = j + 1
    for a, b in bounds:
        para = txt.slice(a, b)
        if any(x[2] == "PRIVATE_KEY" for x in para.spans) or any(x[2] in ("certificate_block", "redacted_private_key") for x in para.negs):
            content.append({"type": "codeBlock", "attrs": {"language": "text"}, "content": [{"type": "text", "text": para}]})
            continue
        nodes, s = [], 0
        for p in range(len(para.text)):
            ch = para.text[p]
            if ch == "\n" and not para.inside(p):
                if p > s:
                    nodes.append(para.slice(s, p))
                nodes.append("BR")
                s = p + 1
            elif ch == " " and not para.inside(p) and r.random() < .22 and p + 1 > s:
                nodes.append(para.slice(s, p + 1))
                s = p + 1
        if s < len(para.text):
            nodes.append(para.slice(s, len(para.text)))
        items = []
        for nd in nodes:
            if nd == "BR":
                items.append({"type": "hardBreak"})
                continue
            node = {"type": "text", "text": nd}
            if re.search(r":\s$", nd.text) and not nd.spans and not nd.negs and len(nd.text) < 30 and r.random() < .6:
                node["marks"] = [{"type": "strong"}]
            items.append(node)
        content.append({"type": "paragraph", "content": items})
    return {"type": "doc", "version": 1, "content": content}


def user_name(c, i):
    p = c.person(i)
    return f"{p[0]} {p[1]}"


def shape_redmine(c, t):
    r = c.r
    iid = idn(c, "id", 5)
    cfs = []
    for k, (lab, key, slot, num) in enumerate(t["cf"]):
        cfs.append({"id": 3 + k, "name": lab, "value": leaf(c, slot, key)})
    (cat0, d0), (cat1, d1), (cat2, d2) = t["tpls"]
    mc = Ctx.masked(c)
    pos_cf = [(k, f) for k, f in enumerate(t["cf"]) if f[2] not in ("doc", "dea")]
    k, (lab, key, slot, num) = pos_cf[r.randrange(len(pos_cf))]
    old = c.get(slot + "9")
    old = old if isinstance(old, str) else T(old, sfx=key)
    journals = [
        {"id": idn(c, "journal_id", 6), "user": {"id": r.randint(20, 400), "name": user_name(c, 0)},
         "notes": "Description redacted: removed data the reporter pasted.", "created_on": ts(c, "created_on"),
         "private_notes": False,
         "details": [{"property": "attr", "name": "description", "old_value": render(d0, c, "old_value"),
                      "new_value": render(d0, mc, "new_value")}]},
        {"id": idn(c, "journal_id", 6), "user": {"id": r.randint(20, 400), "name": user_name(c, 0)},
         "notes": render(d1, c, "notes"), "created_on": ts(c, "created_on"), "private_notes": True,
         "details": [{"property": "cf", "name": str(3 + k), "old_value": old, "new_value": leaf(c, slot, key)},
                     {"property": "attr", "name": "status_id", "old_value": "1", "new_value": "2"}]},
        {"id": idn(c, "journal_id", 6), "user": {"id": r.randint(20, 400), "name": user_name(c, 1)},
         "notes": render(d2, c, "notes"), "created_on": ts(c, "created_on"), "private_notes": False, "details": []},
    ]
    return {"issue": {
        "id": iid, "project": {"id": r.randint(2, 60), "name": f"{c.vendor[0]} Support"},
        "tracker": {"id": 3, "name": "Support"}, "status": {"id": 2, "name": "In Progress", "is_closed": False},
        "priority": {"id": 4, "name": "High"}, "author": {"id": r.randint(400, 9000), "name": user_name(c, 1)},
        "assigned_to": {"id": r.randint(20, 400), "name": user_name(c, 0)}, "subject": t["subject"],
        "description": render(d0, mc, "description"), "start_date": T(g_date(c, 0, iso=True), sfx="start_date"),
        "due_date": None, "done_ratio": 0, "is_private": False, "estimated_hours": None, "total_estimated_hours": None,
        "spent_hours": 0.0, "custom_fields": cfs, "created_on": ts(c, "created_on"), "updated_on": ts(c, "updated_on"),
        "closed_on": None, "journals": journals}}


def shape_zendesk(c, t):
    r = c.r
    tid = idn(c, "id", 6)
    sub = slug(c.vendor[0])
    fids = [idn(c, "field_id", 12, "3") for _ in t["cf"]]
    cfs = [{"id": fid, "value": leaf(c, slot, key, num, "zendesk_audits")} for fid, (lab, key, slot, num) in zip(fids, t["cf"])]
    tfields = [{"id": Num(fid.value, kind="json_id", fmt="json_id.ticket_field"), "title": lab,
                "type": "date" if "dob" in slot or "date" in slot else ("integer" if num else "text")}
               for fid, (lab, key, slot, num) in zip(fids, t["cf"])]
    (c0, d0), (c1, d1), (c2, d2) = t["tpls"]
    req_id, ag_id = idn(c, "requester_id", 12, "3"), idn(c, "assignee_id", 12, "3")
    pk = r.choice([k for k, f in enumerate(t["cf"]) if f[2] not in ("doc", "dea")])
    lab, key, slot, num = t["cf"][pk]
    events0 = [{"id": idn(c, "event_id", 12, "3"), "type": "Comment", "author_id": Num(req_id.value, kind="json_id", fmt="json_id.author_id"),
                "body": render(d0, c, "body"), "html_body": render(d0, c, "html_body", html=True),
                "plain_body": render(d0, c, "plain_body"), "public": True, "attachments": [],
                "audit_id": idn(c, "audit_id", 12, "3")}]
    events0 += [{"id": idn(c, "event_id", 12, "3"), "type": "Create", "value": leaf(c, s, k2, n2, "zendesk_audits"),
                 "field_name": idstr_of(f, "field_name")} for f, (l2, k2, s, n2) in zip(fids, t["cf"])][:3]
    old = c.get(slot + "9")
    events1 = [{"id": idn(c, "event_id", 12, "3"), "type": "Comment", "author_id": Num(ag_id.value, kind="json_id", fmt="json_id.author_id"),
                "body": render(d1, c, "body"), "html_body": render(d1, c, "html_body", html=True), "public": False,
                "attachments": [], "audit_id": idn(c, "audit_id", 12, "3")},
               {"id": idn(c, "event_id", 12, "3"), "type": "Change", "value": leaf(c, slot, key),
                "field_name": idstr_of(fids[pk], "field_name"),
                "previous_value": old if isinstance(old, str) else T(old, sfx="previous_value")},
               {"id": idn(c, "event_id", 12, "3"), "type": "Notification", "via": {"channel": "rule", "source": {"from": {"id": idn(c, "rule_id", 12, "3"), "title": "Notify requester of comment update"}, "rel": "trigger"}},
                "subject": "[" + sub + "] Re: {{ticket.title}}", "body": "Your request has been updated.\n\n{{ticket.comments_formatted}}",
                "recipients": [Num(req_id.value, kind="json_id", fmt="json_id.recipients")]}]
    audits = [
        {"id": idn(c, "audit_id", 12, "3"), "ticket_id": Num(tid.value, kind="json_id", fmt="json_id.ticket_id"), "created_at": ts(c, "created_at"),
         "author_id": Num(req_id.value, kind="json_id", fmt="json_id.author_id"),
         "metadata": {"system": {"client": "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36",
                                 "ip_address": leaf(c, "ip", "ip_address"), "location": r.choice(["Leeds, ENG, United Kingdom", "Austin, TX, United States", "Lyon, ARA, France", "Porto, 13, Portugal"]),
                                 "latitude": round(r.uniform(30, 55), 4), "longitude": round(r.uniform(-100, 10), 4)}, "custom": {}},
         "events": events0, "via": {"channel": "email", "source": {"from": {}, "to": {}, "rel": None}}},
        {"id": idn(c, "audit_id", 12, "3"), "ticket_id": Num(tid.value, kind="json_id", fmt="json_id.ticket_id"), "created_at": ts(c, "created_at"),
         "author_id": Num(ag_id.value, kind="json_id", fmt="json_id.author_id"), "metadata": {"system": {}, "custom": {}},
         "events": events1, "via": {"channel": "web", "source": {"from": {}, "to": {}, "rel": None}}},
        {"id": idn(c, "audit_id", 12, "3"), "ticket_id": Num(tid.value, kind="json_id", fmt="json_id.ticket_id"), "created_at": ts(c, "created_at"),
         "author_id": Num(req_id.value, kind="json_id", fmt="json_id.author_id"), "metadata": {"system": {}, "custom": {}},
         "events": [{"id": idn(c, "event_id", 12, "3"), "type": "Comment", "author_id": Num(req_id.value, kind="json_id", fmt="json_id.author_id"),
                     "body": render(d2, c, "body"), "html_body": render(d2, c, "html_body", html=True), "public": True,
                     "attachments": [{"id": idn(c, "attachment_id", 12, "3"), "file_name": "screenshot.png", "content_type": "image/png",
                                      "size": Num(r.randint(20000, 900000), kind="file_size", fmt="file_size.size")}],
                     "audit_id": idn(c, "audit_id", 12, "3")}],
         "via": {"channel": "email", "source": {"from": {}, "to": {}, "rel": None}}}]
    return {
        "ticket": {"url": url(f"https://{sub}.zendesk.com/api/v2/tickets/", tid, ".json"), "id": tid, "external_id": None,
                   "via": {"channel": "email", "source": {"from": {"address": leaf(c, "email", "address"), "name": user_name(c, 1)},
                                                          "to": {"name": c.vendor[0], "address": leaf(c, "agent_email", "address")}, "rel": None}},
                   "created_at": ts(c, "created_at"), "updated_at": ts(c, "updated_at"), "type": "incident",
                   "subject": t["subject"], "raw_subject": t["subject"], "description": render(d0, c, "description"),
                   "priority": "high", "status": "open", "recipient": leaf(c, "agent_email", "recipient"),
                   "requester_id": req_id, "submitter_id": Num(req_id.value, kind="json_id", fmt="json_id.submitter_id"),
                   "assignee_id": ag_id, "organization_id": idn(c, "organization_id", 12, "3"), "group_id": idn(c, "group_id", 12, "3"),
                   "tags": [t["domain"], "api"], "custom_fields": cfs, "satisfaction_rating": None,
                   "brand_id": idn(c, "brand_id", 12, "3"), "allow_attachments": True, "is_public": True},
        "audits": audits,
        "users": [{"id": Num(req_id.value, kind="json_id", fmt="json_id.id"), "name": user_name(c, 1), "email": leaf(c, "email", "email"),
                   "phone": leaf(c, "phone", "phone"), "role": "end-user", "time_zone": "London", "verified": True},
                  {"id": Num(ag_id.value, kind="json_id", fmt="json_id.id"), "name": user_name(c, 0), "email": leaf(c, "agent_email", "email"),
                   "phone": None, "role": "agent", "time_zone": "London", "verified": True}],
        "ticket_fields": tfields, "next_page": None, "previous_page": None, "count": 3}


def shape_freshdesk(c, t):
    r = c.r
    (c0, d0), (c1, d1), (c2, d2) = t["tpls"]
    req = idn(c, "requester_id", 11, "4")
    cf = {"cf_" + key: leaf(c, slot, key, num, "freshdesk_ticket") for lab, key, slot, num in t["cf"]}
    convs = []
    for k, (cc, d) in enumerate([(c1, d1), (c2, d2)]):
        incoming = k == 1
        convs.append({"id": idn(c, "conversation_id", 11, "4"), "body": render(d, c, "body", html=True),
                      "body_text": render(d, c, "body_text"), "incoming": incoming, "private": not incoming and r.random() < .6,
                      "user_id": Num(req.value, kind="json_id", fmt="json_id.user_id") if incoming else idn(c, "user_id", 11, "4"),
                      "support_email": None if incoming else leaf(c, "agent_email", "support_email"), "source": 0 if incoming else 2,
                      "category": 2, "to_emails": [leaf(c, "email" if not incoming else "agent_email", "to_emails")],
                      "from_email": leaf(c, "agent_email" if not incoming else "email", "from_email"), "cc_emails": [],
                      "bcc_emails": None, "email_failure_count": None, "outgoing_failures": None,
                      "created_at": ts(c, "created_at"), "updated_at": ts(c, "updated_at"),
                      "attachments": [] if r.random() < .6 else [{"id": idn(c, "attachment_id", 11, "4"), "name": "statement.pdf",
                                                                    "content_type": "application/pdf",
                                                                    "size": Num(r.randint(20000, 900000), kind="file_size", fmt="file_size.size"),
                                                                    "created_at": ts(c, "created_at")}],
                      "source_additional_info": None, "ticket_id": Num(t["tid"], kind="json_id", fmt="json_id.ticket_id")})
    return {
        "cc_emails": [leaf(c, "email2", "cc_emails")] if r.random() < .4 else [], "fwd_emails": [], "reply_cc_emails": [],
        "ticket_cc_emails": [], "fr_escalated": False, "spam": False, "email_config_id": idn(c, "email_config_id", 11, "4"),
        "group_id": idn(c, "group_id", 11, "4"), "priority": 3, "requester_id": req, "responder_id": idn(c, "responder_id", 11, "4"),
        "source": 1, "company_id": idn(c, "company_id", 11, "4"), "status": 2, "subject": t["subject"],
        "association_type": None, "support_email": leaf(c, "agent_email", "support_email"), "to_emails": [leaf(c, "agent_email", "to_emails")],
        "product_id": None, "id": Num(t["tid"], kind="json_id", fmt="json_id.id"), "type": "Incident",
        "due_by": ts(c, "due_by"), "fr_due_by": ts(c, "fr_due_by"), "is_escalated": False,
        "description": render(d0, c, "description", html=True), "description_text": render(d0, c, "description_text"),
        "custom_fields": cf, "created_at": ts(c, "created_at"), "updated_at": ts(c, "updated_at"), "tags": [t["domain"]],
        "attachments": [], "requester": {"id": Num(req.value, kind="json_id", fmt="json_id.id"), "name": user_name(c, 1),
                                          "email": leaf(c, "email", "email"), "mobile": leaf(c, "phone", "mobile"),
                                          "phone": leaf(c, "phone2", "phone") if r.random() < .5 else None},
        "conversations": convs}


def snow_journal(c, entries, key):
    parts = []
    for k, (who, label, body) in enumerate(entries):
        if k:
            parts.append("\n\n")
        parts += [g_ts(c, 0, "space"), f" - {who} ({label})\n", body]
    return T(*parts, sfx=key)


def shape_snow(c, t):
    r = c.r
    inst = slug(c.vendor[0])[:10]
    (c0, d0), (c1, d1), (c2, d2) = t["tpls"]
    sys_id, caller, grp = (T(n_sysid(c, 0), sfx=k) for k in ("sys_id", "value", "value"))
    res = {"sys_id": sys_id, "number": T(clean_neg(r, "ticket_ref", "snow_number", lambda: "INC" + rdig(r, 7)), sfx="number"),
           "short_description": t["subject"], "description": render(d0, c, "description"),
           "caller_id": {"link": T(f"https://{inst}.service-now.com/api/now/table/sys_user/", caller, sfx="link"), "value": caller},
           "opened_at": ts(c, "opened_at", "space"), "sys_created_on": ts(c, "sys_created_on", "space"),
           "state": "2", "impact": "2", "urgency": "2", "priority": "3", "category": "inquiry",
           "assignment_group": {"link": T(f"https://{inst}.service-now.com/api/now/table/sys_user_group/", grp, sfx="link"), "value": grp},
           "u_contact_email": leaf(c, "email", "u_contact_email"), "u_callback_phone": leaf(c, "phone", "u_callback_phone")}
    for lab, key, slot, num in t["cf"]:
        res["u_" + key] = leaf(c, slot, "u_" + key)
    wn = [(user_name(c, 0), "Work notes", render(d1, c, "work_notes"))]
    cm = [(user_name(c, 1), "Additional comments", render(d2, c, "comments"))]
    res["work_notes"] = snow_journal(c, wn, "work_notes")
    res["comments"] = snow_journal(c, cm, "comments")
    res["comments_and_work_notes"] = snow_journal(c, [(user_name(c, 1), "Additional comments", render(d2, c, "comments_and_work_notes")),
                                                      (user_name(c, 0), "Work notes", render(d1, c, "comments_and_work_notes"))],
                                                  "comments_and_work_notes")
    res["sys_updated_on"] = ts(c, "sys_updated_on", "space")
    res["sys_mod_count"] = str(r.randint(2, 9))
    res["sys_updated_by"] = slug(c.person(0)[0]) + "." + slug(c.person(0)[1])
    return {"result": res}


def jira_user(c, i, key):
    r = c.r
    acc = clean_neg(r, "account_id", "jira_account", lambda: "".join(r.choice("0123456789abcdef") for _ in range(24)))
    return {"self": T("https://" + slug(c.vendor[0]) + ".atlassian.net/rest/api/3/user?accountId=", acc, sfx="self"),
            "accountId": T(acc, sfx="accountId"), "emailAddress": leaf(c, "agent_email" if i == 0 else "email", "emailAddress"),
            "displayName": user_name(c, i), "active": True, "timeZone": "Europe/London", "accountType": "atlassian" if i == 0 else "customer"}


def shape_jira(c, t):
    r = c.r
    site = slug(c.vendor[0])
    (c0, d0), (c1, d1), (c2, d2) = t["tpls"]
    iid = str(safe_int(r, 5, "1"))
    fields = {"summary": t["subject"],
              "issuetype": {"id": ids(c, "id", 5, "1"), "name": "Service Request", "subtask": False},
              "project": {"id": ids(c, "id", 5, "1"), "key": "SUP", "name": f"{c.vendor[0]} Support"},
              "reporter": jira_user(c, 1, "reporter"), "assignee": jira_user(c, 0, "assignee"),
              "created": ts(c, "created", "jira"), "updated": ts(c, "updated", "jira"),
              "status": {"id": ids(c, "id", 5, "1"), "name": "Waiting for support"}, "labels": ["customer", t["domain"]],
              "description": adf(render(d0, c, "description"), r)}
    names, schema = {"summary": "Summary", "description": "Description", "comment": "Comment"}, {}
    base = r.randint(10040, 10090)
    for k, (lab, key, slot, num) in enumerate(t["cf"]):
        fid = f"customfield_{base + k}"
        fields[fid] = leaf(c, slot, fid, num, "jira_adf")
        names[fid] = lab
        typ = "date" if ("dob" in slot or "date" in slot) else ("number" if num else "string")
        schema[fid] = {"type": typ, "custom": "com.atlassian.jira.plugin.system.customfieldtypes:" +
                       {"date": "datepicker", "number": "float", "string": "textfield"}[typ],
                       "customId": Num(base + k, kind="json_id", fmt="json_id.customId")}
    comments = []
    for k, (cc, d) in enumerate([(c1, d1), (c2, d2)]):
        cid = ids(c, "id", 5, "1")
        comments.append({"self": T(f"https://{site}.atlassian.net/rest/api/3/issue/", N("ticket_ref", "url_id", iid), "/comment/", cid, sfx="self"),
                         "id": cid, "author": jira_user(c, k, "author"), "body": adf(render(d, c, "body"), r),
                         "created": ts(c, "created", "jira"), "updated": ts(c, "updated", "jira"), "jsdPublic": k == 1})
    fields["comment"] = {"comments": comments, "maxResults": 2, "total": 2, "startAt": 0}
    return {"expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
            "id": T(N("json_id", "json_id_str", iid), sfx="id"),
            "self": T(f"https://{site}.atlassian.net/rest/api/3/issue/", N("ticket_ref", "url_id", iid), sfx="self"),
            "key": f"SUP-{r.randint(100, 9999)}", "fields": fields, "names": names, "schema": schema}


def shape_helpscout(c, t):
    r = c.r
    (c0, d0), (c1, d1), (c2, d2) = t["tpls"]
    cid = idn(c, "id", 10, "2")
    cust = idn(c, "customer_id", 9, "5")
    mbox = idn(c, "mailboxId", 6)
    agent = idn(c, "user_id", 6)

    def person(i, typ):
        p = c.person(i)
        return {"id": Num((cust if i else agent).value, kind="json_id", fmt="json_id.id"), "type": typ, "first": p[0], "last": p[1],
                "email": leaf(c, "email" if i else "agent_email", "email")}
    threads = []
    for k, (typ, (cc, d)) in enumerate([("customer", (c0, d0)), ("note", (c1, d1)), ("reply", (c2, d2))]):
        threads.append({"id": idn(c, "thread_id", 10, "2"), "type": typ, "status": "active", "state": "published",
                        "action": None, "body": render(d, c, "body", html=True),
                        "source": {"type": "email" if typ != "note" else "web", "via": "customer" if typ == "customer" else "user"},
                        "customer": person(1, "customer"), "createdBy": person(1, "customer") if typ == "customer" else person(0, "user"),
                        "assignedTo": person(0, "user"), "savedReplyId": 0,
                        "to": [leaf(c, "agent_email" if typ == "customer" else "email", "to")] if typ != "note" else [],
                        "cc": [], "bcc": [], "createdAt": ts(c, "createdAt"), "openedAt": ts(c, "openedAt"),
                        "_embedded": {"attachments": []},
                        "_links": {"createdByCustomer": {"href": url("https://api.helpscout.net/v2/customers/", cust, "", "href")}}})
    cfs = []
    for k, (lab, key, slot, num) in enumerate(t["cf"]):
        v1 = leaf(c, slot, "value")
        v2 = leaf(c, slot, "text")
        cfs.append({"id": r.randint(1000, 9999), "name": lab, "value": v1, "text": v2})
    return {"id": cid, "number": idn(c, "number", 6), "threads": 3, "type": "email", "folderId": idn(c, "folderId", 7),
            "status": "active", "state": "published", "subject": t["subject"], "preview": t["subject"] + " ...",
            "mailboxId": mbox, "assignee": person(0, "user"), "createdBy": person(1, "customer"),
            "createdAt": ts(c, "createdAt"), "closedBy": 0, "closedAt": None, "userUpdatedAt": ts(c, "userUpdatedAt"),
            "customerWaitingSince": {"time": ts(c, "time"), "friendly": "2 hours ago"},
            "source": {"type": "email", "via": "customer"}, "tags": [{"id": r.randint(100, 9999), "color": "#e0a85c", "tag": t["domain"]}],
            "cc": [], "bcc": [], "primaryCustomer": person(1, "customer"), "customFields": cfs,
            "_embedded": {"threads": threads},
            "_links": {"self": {"href": url("https://api.helpscout.net/v2/conversations/", cid, "", "href")},
                       "mailbox": {"href": url("https://api.helpscout.net/v2/mailboxes/", mbox, "", "href")},
                       "primaryCustomer": {"href": url("https://api.helpscout.net/v2/customers/", cust, "", "href")}}}


def shape_hubspot(c, t):
    r = c.r
    (c0, d0), (c1, d1), (c2, d2) = t["tpls"]
    oid = str(safe_int(r, 10, "3456789"))
    props = {"content": render(d0, c, "content"), "subject": t["subject"], "hs_pipeline": "0", "hs_pipeline_stage": "1",
             "hs_ticket_priority": "HIGH", "createdate": ts(c, "createdate", "millis"),
             "hs_lastmodifieddate": ts(c, "hs_lastmodifieddate", "millis"),
             "hs_object_id": T(N("json_id", "json_id_str", oid), sfx="hs_object_id"),
             "contact_email": leaf(c, "email", "contact_email"), "contact_phone": leaf(c, "phone", "contact_phone"),
             "last_reply_text": render(d1, c, "last_reply_text"), "internal_summary": render(d2, c, "internal_summary")}
    for lab, key, slot, num in t["cf"]:
        props[key] = leaf(c, slot, key)
    contact = ids(c, "id", 11, "5")
    return {"id": T(N("json_id", "json_id_str", oid), sfx="id"), "properties": props,
            "propertiesWithHistory": {"contact_phone": [
                {"value": leaf(c, "phone", "value"), "timestamp": ts(c, "timestamp", "millis"), "sourceType": "CRM_UI",
                 "sourceId": T("userId:", N("json_id", "json_id_str", str(safe_int(r, 8))), sfx="sourceId"), "updatedByUserId": idn(c, "updatedByUserId", 8)},
                {"value": leaf(c, "phone9", "value"), "timestamp": ts(c, "timestamp", "millis"), "sourceType": "FORM",
                 "sourceId": T(n_uuid(c, 0), sfx="sourceId")}]},
            "createdAt": ts(c, "createdAt", "millis"), "updatedAt": ts(c, "updatedAt", "millis"), "archived": False,
            "associations": {"contacts": {"results": [{"id": contact, "type": "ticket_to_contact"}]},
                             "emails": {"results": [{"id": ids(c, "id", 11, "5"), "type": "ticket_to_email"}]}}}


def shape_list(c, t):
    r = c.r
    issues = []
    n = r.randint(3, 5)
    for k in range(n):
        sub = Ctx(r, c.lang, c.region, c.queue)
        sub = Ctx.masked(sub) if t["benign"] else sub
        cat, d = ticket_templates(sub, t["domain"], c.lang, t["benign"])[0]
        (sub.base or sub).no_long = cat == "csv_export"
        (sub.base or sub).clock = c.clock if hasattr(c, "clock") else [datetime.datetime(2025, 2, 1)]
        fields = r.sample(t["cf"], 3)
        if any(f[2] == "dea" for f in fields) and not any(f[2] == "doc" for f in fields):
            doc = next(f for f in t["cf"] if f[2] == "doc")
            fields = [f for f in fields if f[2] == "dea"] + [doc] + [f for f in fields if f[2] not in ("dea",)][:1]
        cfs = [{"id": 3 + j, "name": lab, "value": leaf(sub, slot, key)} for j, (lab, key, slot, num) in enumerate(fields)]
        issues.append({"id": idn(c, "id", 5), "project": {"id": r.randint(2, 60), "name": f"{c.vendor[0]} Support"},
                       "tracker": {"id": 3, "name": "Support"}, "status": {"id": 1, "name": "New", "is_closed": False},
                       "priority": {"id": 2, "name": "Normal"}, "author": {"id": r.randint(400, 9000), "name": user_name(sub, 1)},
                       "subject": r.choice(SUBJECTS[t["domain"]]), "description": render(d, sub, "description"),
                       "custom_fields": cfs, "created_on": ts(c, "created_on"), "updated_on": ts(c, "updated_on")})
    return {"issues": issues, "total_count": r.randint(n, 9000), "offset": 0, "limit": 25}


SHAPE_FN = {"redmine_issue": shape_redmine, "zendesk_audits": shape_zendesk, "freshdesk_ticket": shape_freshdesk,
            "snow_record": shape_snow, "jira_adf": shape_jira, "helpscout_conv": shape_helpscout,
            "hubspot_object": shape_hubspot, "list_endpoint": shape_list}


def ticket_plan(i):
    shape = SHAPES[i % 8]
    domain = DOMAINS[(i // 8) % 8]
    benign = i % 16 == 11
    lang = "en"
    if i % 5 == 2 and domain in ("cards", "payroll", "telecom", "travel", "saas"):
        lang = LANGS[(i // 5) % 8]
    return shape, domain, benign, lang


def build_ticket(i, attempt):
    shape, domain, benign, lang = ticket_plan(i)
    r = random.Random(f"{SEED}:ticket:{i}:{attempt}")
    q = DOMAIN_QUEUE[domain]
    region = "EU" if lang != "en" else region_for(q, r)
    real = Ctx(r, lang, region, q)
    c = Ctx.masked(real) if benign else real
    t = {"cf": CF[domain], "tpls": ticket_templates(c, domain, lang, benign), "subject": r.choice(SUBJECTS[domain]),
         "domain": domain, "benign": benign, "tid": safe_int(r, 5)}
    real.no_long = any(cat == "csv_export" for cat, _ in t["tpls"])
    # keep the prescriber name next to a DEA custom field (DEA context lives in the same document)
    obj = SHAPE_FN[shape](c, t)
    return shape, domain, benign, lang, obj


def finalize(obj, fname, shape, rows, negs, ptr=""):
    if isinstance(obj, dict):
        return {k: finalize(v, fname, shape, rows, negs, ptr + "/" + k.replace("~", "~0").replace("/", "~1")) for k, v in obj.items()}
    if isinstance(obj, list):
        return [finalize(v, fname, shape, rows, negs, f"{ptr}/{k}") for k, v in enumerate(obj)]
    if isinstance(obj, Txt):
        for s, e, x, f in obj.spans:
            rows.append(jrow(fname, ptr, obj.text, s, e, "entity", x, f, shape))
        for s, e, x, f in obj.negs:
            negs.append(jrow(fname, ptr, obj.text, s, e, "kind", x, f, shape))
        return obj.text
    if isinstance(obj, Num):
        t = str(obj.value)
        row = jrow(fname, ptr, t, 0, len(t), "entity" if obj.ent else "kind", obj.ent or obj.kind, obj.fmt, shape)
        row["value_type"] = "number"
        (rows if obj.ent else negs).append(row)
        return obj.value
    if isinstance(obj, V):
        raise TypeError("bare V at " + ptr)
    return obj


def jrow(fname, ptr, text, cs, ce, kk, x, f, shape):
    bs = len(text[:cs].encode("utf-8"))
    be = bs + len(text[cs:ce].encode("utf-8"))
    return {"file": fname, "json_pointer": ptr, "start": bs, "end": be, "cstart": cs, "cend": ce, kk: x, "fmt": f, "shape": shape}


# =====================================================================================
# self-check
# =====================================================================================

DR_RE = re.compile(r"Dr\. [A-Z][a-z]+ ([A-Z])")


def check_text(text, spans, negs, where, dea_text=None):
    probs = []
    allr = sorted([(s, e, "P", x) for s, e, x, _ in spans] + [(s, e, "N", x) for s, e, x, _ in negs])
    for k, (s, e, t, x) in enumerate(allr):
        if not (0 <= s < e <= len(text)):
            probs.append(f"{where}: bad bounds {s}-{e}")
            continue
        if k and s < allr[k - 1][1]:
            probs.append(f"{where}: overlap at {s} ({x} / {allr[k - 1][3]})")
        if (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
            probs.append(f"{where}: {x} {text[s:e]!r} glued to a letter/digit")
        val = text[s:e]
        if t == "P":
            if x not in VALIDATE or not VALIDATE[x](val):
                probs.append(f"{where}: positive {x} {val!r} fails validation")
            if x == "US_DEA":
                initials = set(DR_RE.findall(dea_text if dea_text is not None else text))
                if val[1] not in initials:
                    probs.append(f"{where}: DEA {val} has no prescriber with initial {val[1]}")
        else:
            if x in PASS_KINDS:
                if not PASS_KINDS[x](val):
                    probs.append(f"{where}: pass kind {x} {val!r} does not pass")
                continue
            if x in FAIL_KINDS and not FAIL_KINDS[x](val):
                probs.append(f"{where}: fail kind {x} {val!r} does not fail")
            acc = accidental(val)
            if acc:
                probs.append(f"{where}: negative {x} {val!r} passes {acc} by accident")
    starts = {(s, text[s:e]) for s, e, _, _ in spans}
    for s, e, x, _ in spans:
        val = text[s:e]
        if len(val) < 6:
            continue
        k = text.find(val)
        while k >= 0:
            if (k, val) not in starts:
                probs.append(f"{where}: repeat of {x} {val!r} at {k} not labelled")
            k = text.find(val, k + 1)

    def covered(a, b):
        return any(s < b and a < e for s, e, _, _ in allr)
    for m in re.finditer(r"\d{5,}", text):
        if not covered(m.start(), m.end()):
            probs.append(f"{where}: unlisted digit run {m.group(0)!r}")
    for m in re.finditer("@", text):
        if not covered(m.start(), m.end()):
            probs.append(f"{where}: unlisted '@' near {text[max(0, m.start() - 20):m.end() + 20]!r}")
    return probs


def norm(v):
    return re.sub(r"[^0-9A-Za-z]", "", v.replace("&#64;", "@")).lower()


def leaves(obj, ptr=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from leaves(v, ptr + "/" + k.replace("~", "~0").replace("/", "~1"))
    elif isinstance(obj, list):
        for k, v in enumerate(obj):
            yield from leaves(v, f"{ptr}/{k}")
    else:
        yield ptr, obj


def verify_ticket(fname, content, rows, negs):
    probs = []
    obj = json.loads(content)
    lv = dict(leaves(obj))
    strings = [v for v in lv.values() if isinstance(v, str)]
    dea_text = "\n".join(strings)
    by = defaultdict(lambda: ([], []))
    for rr, tgt in ((rows, 0), (negs, 1)):
        for row in rr:
            p = row["json_pointer"]
            if p not in lv:
                probs.append(f"{fname}{p}: pointer does not resolve")
                continue
            v = lv[p]
            isnum = row.get("value_type") == "number"
            if isnum != (isinstance(v, int) and not isinstance(v, bool)):
                probs.append(f"{fname}{p}: value_type mismatch")
                continue
            text = str(v) if isnum else v
            if not isinstance(text, str):
                probs.append(f"{fname}{p}: not a string")
                continue
            if len(text[:row["cstart"]].encode()) != row["start"] or len(text[:row["cend"]].encode()) != row["end"]:
                probs.append(f"{fname}{p}: byte/char offsets disagree")
            by[p][tgt].append((row["cstart"], row["cend"], row.get("entity") or row.get("kind"), row["fmt"]))
    for p, v in lv.items():
        if isinstance(v, str):
            sp, ng = by.get(p, ([], []))
            probs += check_text(v, sp, ng, f"{fname}{p}", dea_text)
        elif isinstance(v, int) and not isinstance(v, bool):
            sp, ng = by.get(p, ([], []))
            if v >= 10000 and not (sp or ng):
                probs.append(f"{fname}{p}: integer {v} neither labelled nor listed")
            if sp or ng:
                probs += check_text(str(v), sp, ng, f"{fname}{p}", dea_text)
    return probs


# =====================================================================================
# generation
# =====================================================================================

def fmt_json(obj, i):
    st = i % 4
    if st == 0:
        return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"
    if st == 1:
        return json.dumps(obj, indent=4, ensure_ascii=True) + "\n"
    if st == 2:
        return json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n"
    return json.dumps(obj, indent="\t", ensure_ascii=True) + "\n"


def span_rows(text, items, key):
    out = []
    for s, e, x, f in items:
        out.append({"start": len(text[:s].encode()), "end": len(text[:e].encode()), "cstart": s, "cend": e, key: x, "fmt": f})
    return out


def generate():
    files = {}
    notes = []
    for i, item in enumerate(plan_notes()):
        for attempt in range(30):
            txt, cat, tags = build_note(i, item, attempt)
            if not check_text(txt.text, txt.spans, txt.negs, f"note {i}"):
                break
        else:
            raise RuntimeError(f"note {i}: cannot draw a clean note: {check_text(txt.text, txt.spans, txt.negs, f'note {i}')[:3]}")
        notes.append({"id": f"note-{i:05d}", "category": cat, "tags": tags, "text": txt.text,
                      "spans": span_rows(txt.text, sorted(txt.spans), "entity"),
                      "hard_negatives": span_rows(txt.text, sorted(txt.negs), "kind")})
    files["notes.jsonl"] = "".join(json.dumps(n, ensure_ascii=False) + "\n" for n in notes)
    files["corpus.txt"] = "\n\n".join(n["text"] for n in notes)
    idx, bo, co = [], 0, 0
    for n in notes:
        bl, cl = len(n["text"].encode()), len(n["text"])
        idx.append({"id": n["id"], "byte_offset": bo, "byte_len": bl, "char_offset": co, "char_len": cl})
        bo, co = bo + bl + 2, co + cl + 2
    files["corpus_index.jsonl"] = "".join(json.dumps(x) + "\n" for x in idx)
    labels, jnegs = [], []
    for i in range(N_TICKETS):
        fname = f"ticket_{TICKET_BASE + i}.json"
        for attempt in range(30):
            shape, domain, benign, lang, obj = build_ticket(i, attempt)
            rows, negs = [], []
            plain = finalize(obj, fname, shape, rows, negs)
            content = fmt_json(plain, i)
            probs = verify_ticket(fname, content, rows, negs)
            if not probs:
                break
        else:
            raise RuntimeError(f"{fname}: {probs[:5]}")
        files["notes_json/" + fname] = content
        labels += rows
        jnegs += negs
    files["notes_json/labels.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in labels)
    files["json_hard_negatives.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in jnegs)
    return files


def verify(files):
    probs = []
    notes = [json.loads(l) for l in files["notes.jsonl"].splitlines() if l.strip()]
    if len({n["id"] for n in notes}) != len(notes):
        probs.append("duplicate note ids")
    if files["corpus.txt"] != "\n\n".join(n["text"] for n in notes):
        probs.append("corpus.txt does not match notes.jsonl")
    cb = files["corpus.txt"].encode()
    for row, n in zip((json.loads(l) for l in files["corpus_index.jsonl"].splitlines()), notes):
        if row["id"] != n["id"] or cb[row["byte_offset"]:row["byte_offset"] + row["byte_len"]] != n["text"].encode() \
                or files["corpus.txt"][row["char_offset"]:row["char_offset"] + row["char_len"]] != n["text"]:
            probs.append(f"corpus_index row {row['id']} disagrees")
    pos_vals, neg_vals = {}, {}
    for n in notes:
        t, tb = n["text"], n["text"].encode()
        for s in n["spans"] + n["hard_negatives"]:
            if tb[s["start"]:s["end"]] != t[s["cstart"]:s["cend"]].encode() or len(t[:s["cstart"]].encode()) != s["start"] or "fmt" not in s:
                probs.append(f"{n['id']}: byte/char offsets disagree")
        probs += check_text(t, [(s["cstart"], s["cend"], s["entity"], s["fmt"]) for s in n["spans"]],
                            [(s["cstart"], s["cend"], s["kind"], s["fmt"]) for s in n["hard_negatives"]], n["id"])
        if ("benign" in n["tags"]) != (not n["spans"]):
            probs.append(f"{n['id']}: benign tag disagrees with spans")
        for s in n["spans"]:
            pos_vals.setdefault(norm(t[s["cstart"]:s["cend"]]), n["id"])
        for s in n["hard_negatives"]:
            neg_vals.setdefault(norm(t[s["cstart"]:s["cend"]]), n["id"])
    labels = [json.loads(l) for l in files["notes_json/labels.jsonl"].splitlines() if l.strip()]
    jnegs = [json.loads(l) for l in files["json_hard_negatives.jsonl"].splitlines() if l.strip()]
    byf = defaultdict(lambda: ([], []))
    for r_ in labels:
        byf[r_["file"]][0].append(r_)
    for r_ in jnegs:
        byf[r_["file"]][1].append(r_)
    tickets = sorted(k for k in files if k.startswith("notes_json/ticket_"))
    if set("notes_json/" + f for f in byf) - set(tickets):
        probs.append("labels refer to missing ticket files")
    for k in tickets:
        fname = k.split("/")[1]
        rows, negs = byf.get(fname, ([], []))
        probs += verify_ticket(fname, files[k], rows, negs)
        lv = dict(leaves(json.loads(files[k])))
        for rr, dst in ((rows, pos_vals), (negs, neg_vals)):
            for r_ in rr:
                v = str(lv.get(r_["json_pointer"]))
                dst.setdefault(norm(v[r_["cstart"]:r_["cend"]]), fname)
    for v in set(pos_vals) & set(neg_vals):
        if len(v) >= 6:
            probs.append(f"value {v!r} is a positive in {pos_vals[v]} and a negative in {neg_vals[v]}")
    return probs, notes, labels, jnegs


def counts(notes, labels, jnegs):
    c = {k: Counter() for k in ("np", "nn", "jp", "jn")}
    for n in notes:
        c["np"].update(s["entity"] for s in n["spans"])
        c["nn"].update(KIND_TARGET.get(s["kind"], "other") for s in n["hard_negatives"])
    c["jp"].update(r_["entity"] for r_ in labels)
    c["jn"].update(KIND_TARGET.get(r_["kind"], "other") for r_ in jnegs)
    lines = ["| entity | notes + | notes − | JSON + | JSON − |", "|---|---:|---:|---:|---:|"]
    for e in ENTITIES + ["other"]:
        lines.append(f"| {e} | {c['np'][e] if e != 'other' else '–'} | {c['nn'][e]} | {c['jp'][e] if e != 'other' else '–'} | {c['jn'][e]} |")
    jnum = sum(1 for r_ in labels if r_.get("value_type") == "number")
    nnum = sum(1 for r_ in jnegs if r_.get("value_type") == "number")
    lines.append(f"| **total** | **{sum(c['np'].values())}** | **{sum(c['nn'].values())}** | **{sum(c['jp'].values())}** ({jnum} numbers) | **{sum(c['jn'].values())}** ({nnum} numbers) |")
    kinds_n = Counter(s["kind"] for n in notes for s in n["hard_negatives"])
    kinds_j = Counter(r_["kind"] for r_ in jnegs)
    kl = ", ".join(f"{k} {kinds_n[k]}/{kinds_j[k]}" for k in sorted(set(kinds_n) | set(kinds_j)))
    benign = sum(1 for n in notes if "benign" in n["tags"])
    langs = Counter(n["tags"][0] for n in notes)
    cats = Counter(n["category"] for n in notes)
    queues = Counter(n["tags"][1] for n in notes)
    chains = sum(1 for n in notes if "chain" in n["tags"])
    return "\n".join(lines) + f"\n\nhard-negative kinds (notes/JSON): {kl}\n\nnotes: {len(notes)}, benign {benign}, chains {chains}\n" \
        f"languages: {dict(sorted(langs.items()))}\ncategories: {dict(cats.most_common())}\nqueues: {dict(queues.most_common())}\n"


def main(argv):
    check = "--check" in argv
    files = generate()
    if check:
        probs = []
        for k, v in files.items():
            p = HERE / k
            if not p.exists() or p.read_bytes() != v.encode("utf-8"):
                probs.append(f"{k}: differs from a fresh run")
        disk = {f"notes_json/{p.name}" for p in (HERE / "notes_json").glob("ticket_*.json")}
        for k in sorted(disk - set(files)):
            probs.append(f"{k}: stale file")
    else:
        (HERE / "notes_json").mkdir(exist_ok=True)
        for p in (HERE / "notes_json").glob("ticket_*.json"):
            if f"notes_json/{p.name}" not in files:
                p.unlink()
        for k, v in files.items():
            (HERE / k).write_bytes(v.encode("utf-8"))
        probs = []
    vp, notes, labels, jnegs = verify(files)
    probs += vp
    print(counts(notes, labels, jnegs))
    if probs:
        for p in probs[:50]:
            print("PROBLEM:", p, file=sys.stderr)
        print(f"self-check FAILED: {len(probs)} problem(s)", file=sys.stderr)
        return 1
    print("self-check passed" + (" (files on disk match a fresh run)" if check else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
