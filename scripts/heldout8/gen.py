#!/usr/bin/env python3
"""heldout8 — held-out corpus of MAINSTREAM support-ticket content, written by a different hand.

    python3 gen.py            # generate notes.jsonl, corpus.txt, corpus_index.jsonl, notes_json/, json_hard_negatives.jsonl + self-check
    python3 gen.py --check    # self-check the files on disk only

Python 3 standard library only, deterministic (SEED).
"""
from __future__ import annotations

import base64
import binascii
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
import tempfile
import zlib
from collections import Counter, defaultdict
from pathlib import Path

SEED = 8_230_611
HERE = Path(__file__).resolve().parent
N_NOTES = 800
N_TICKETS = 120
AWS_EXAMPLE = "AKIA" + "IOSFODNN7" + "EXAMPLE"

# =========================================================================== checksums


def luhn_ok(d: str) -> bool:
    if not d.isdigit() or not d:
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


def luhn_complete(p: str) -> str:
    for c in "0123456789":
        if luhn_ok(p + c):
            return p + c
    raise AssertionError


ABA_PREFIXES = set(range(1, 13)) | set(range(21, 33)) | set(range(61, 73)) | {80}


def aba_ok(d: str) -> bool:
    if len(d) != 9 or not d.isdigit() or int(d[:2]) not in ABA_PREFIXES:
        return False
    n = [int(c) for c in d]
    return (3 * (n[0] + n[3] + n[6]) + 7 * (n[1] + n[4] + n[7]) + (n[2] + n[5] + n[8])) % 10 == 0


def aba_checksum_only(d: str) -> bool:
    if len(d) != 9 or not d.isdigit():
        return False
    n = [int(c) for c in d]
    return (3 * (n[0] + n[3] + n[6]) + 7 * (n[1] + n[4] + n[7]) + (n[2] + n[5] + n[8])) % 10 == 0


def npi_ok(d: str) -> bool:
    return len(d) == 10 and d.isdigit() and d[0] in "12" and luhn_ok("80840" + d)


def npi_luhn_any(d: str) -> bool:
    return len(d) == 10 and d.isdigit() and luhn_ok("80840" + d)


DEA_FIRST = "ABCDEFGHJKLMPRSTUX"


def dea_ok(s: str) -> bool:
    if not re.fullmatch(r"[A-Z][A-Z9]\d{7}", s) or s[0] not in DEA_FIRST:
        return False
    d = [int(c) for c in s[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def dea_checkdigit_ok(s: str) -> bool:
    if not re.fullmatch(r"[A-Z][A-Z9]\d{7}", s):
        return False
    d = [int(c) for c in s[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def nhs_ok(d: str) -> bool:
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


IBAN_SPEC = {  # country: (length, BBAN pattern: n=digit a=upper letter c=alnum)
    "DE": (22, "n18"), "FR": (27, "n10c11n2"), "ES": (24, "n20"), "IT": (27, "a1n10c12"), "NL": (18, "a4n10"),
    "PT": (25, "n21"), "BE": (16, "n12"), "AT": (20, "n16"), "CH": (21, "n5c12"), "GB": (22, "a4n14"),
    "IE": (22, "a4n14"), "PL": (28, "n24"), "LU": (20, "n3c13"), "FI": (18, "n14"), "DK": (18, "n14"),
    "SE": (24, "n20"), "NO": (15, "n11"), "GR": (27, "n7c16"), "CZ": (24, "n20"), "HU": (28, "n24"),
}


def iban_mod97(s: str) -> int:
    r = s[4:] + s[:4]
    num = "".join(str(int(ch, 36)) for ch in r)
    return int(num) % 97


def iban_ok(s: str) -> bool:
    c = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", c):
        return False
    spec = IBAN_SPEC.get(c[:2])
    if not spec or len(c) != spec[0]:
        return False
    return iban_mod97(c) == 1


def ssn_ok(d: str) -> bool:
    if len(d) != 9 or not d.isdigit():
        return False
    a, g, s = int(d[:3]), int(d[3:5]), int(d[5:])
    return a != 0 and a != 666 and a < 900 and g != 0 and s != 0


def card_brand(d: str):
    n = len(d)
    if not d.isdigit() or not luhn_ok(d):
        return None
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if d[0] == "4" and n in (13, 16, 19):
        return "visa"
    if n == 16 and (51 <= p2 <= 55 or 2221 <= p4 <= 2720):
        return "mastercard"
    if n == 15 and p2 in (34, 37):
        return "amex"
    if n in (16, 19) and (d.startswith("6011") or p2 == 65 or 644 <= p3 <= 649 or 622126 <= p6 <= 622925):
        return "discover"
    if n in (16, 19) and 3528 <= p4 <= 3589:
        return "jcb"
    if n == 14 and (300 <= p3 <= 305 or p2 in (36, 38, 39) or p4 == 3095):
        return "diners"
    if p2 == 62 and 16 <= n <= 19:
        return "unionpay"
    if p4 in (5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763) and 12 <= n <= 19:
        return "maestro"
    return None


B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def b62(n: int, width: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def gh_classic_ok(tok: str) -> bool:
    m = re.fullmatch(r"gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", tok)
    return bool(m) and b62(zlib.crc32(m.group(1).encode()) & 0xFFFFFFFF, 6) == m.group(2)


def gh_ok(tok: str) -> bool:
    return gh_classic_ok(tok) or bool(re.fullmatch(r"github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}", tok))


def aws_ok(k: str) -> bool:
    return bool(re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", k)) and k != AWS_EXAMPLE


EMAIL_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}")


def email_ok(e: str) -> bool:
    return bool(EMAIL_RE.fullmatch(e)) and ".." not in e


def ip_ok(s: str) -> bool:
    try:
        a = ipaddress.ip_address(s)
    except ValueError:
        return False
    return a.is_global and not a.is_multicast


def pem_ok(s: str) -> bool:
    lines = s.replace("\r\n", "\n").split("\n")
    m1 = re.fullmatch(r"-----BEGIN ((?:RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY)-----", lines[0])
    m2 = re.fullmatch(r"\s*-----END ((?:RSA |EC |OPENSSH |DSA |ENCRYPTED )?PRIVATE KEY)-----", lines[-1])
    if not m1 or not m2 or m1.group(1) != m2.group(1):
        return False
    body = "".join(l.strip() for l in lines[1:-1] if ":" not in l)
    try:
        base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(body) >= 64


MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
}
MONTH_LOOKUP = {}
for _l, _ms in MONTHS.items():
    for _i, _m in enumerate(_ms):
        MONTH_LOOKUP[_m.lower()] = _i + 1
        MONTH_LOOKUP[_m.lower()[:3]] = _i + 1
        MONTH_LOOKUP[_m.lower()[:4]] = _i + 1
MONTH_LOOKUP.update({"sept": 9, "mrz": 3, "mär": 3, "fév": 2, "févr": 2, "juil": 7, "déc": 12, "set": 9, "dez": 12, "okt": 10, "mei": 5, "mag": 5, "ott": 10, "dic": 12, "out": 10, "ago": 8, "gen": 1})


def dob_parse_ok(s: str) -> bool:
    """True when s reads back as one real date between 1900 and 2020 in at least one interpretation."""
    t = s.lower().replace(",", " ").replace(" de ", " ").replace("º", "")
    words = re.findall(r"[a-zà-ÿ]+", t)
    nums = re.findall(r"\d+", t)
    cands = []
    mon = None
    for w in words:
        if w in MONTH_LOOKUP:
            mon = MONTH_LOOKUP[w]
        elif w not in ("of", "the", "th", "st", "nd", "rd", "le", "er", "di", "van", "am"):
            return False
    def yfix(y):
        return y if y >= 100 else (1900 + y if y > 20 else 2000 + y)
    if mon:
        if len(nums) != 2:
            return False
        a, b = int(nums[0]), int(nums[1])
        cands = [(yfix(b), mon, a), (yfix(a), mon, b)]
    else:
        if len(nums) != 3:
            return False
        a, b, c = (int(x) for x in nums)
        if len(nums[0]) == 4:
            cands = [(a, b, c)]
        else:
            cands = [(yfix(c), a, b), (yfix(c), b, a)]
    for y, m, d in cands:
        try:
            x = dt.date(y, m, d)
        except ValueError:
            continue
        if 1900 <= x.year <= 2020:
            return True
    return False


def mrn_ok(s: str) -> bool:
    return sum(ch.isdigit() for ch in s) >= 5 and bool(re.fullmatch(r"[A-Z0-9][A-Z0-9-]*[0-9]", s))


def phone_ok(s: str) -> bool:
    dg = re.sub(r"\D", "", s)
    return 7 <= len(dg) <= 15 and bool(re.fullmatch(r"\(?\+?[\d ().\-/]+", s)) and s[-1].isdigit()


def card_ok(s: str) -> bool:
    d = re.sub(r"[ .\-]", "", s)
    return d.isdigit() and card_brand(d) is not None


VALIDATORS = {
    "CREDIT_CARD": card_ok,
    "US_SSN": lambda s: bool(re.fullmatch(r"\d{3}([- ]?)\d{2}\1\d{4}", s)) and ssn_ok(re.sub(r"\D", "", s)),
    "EMAIL_ADDRESS": email_ok,
    "PHONE_NUMBER": phone_ok,
    "IBAN_CODE": iban_ok,
    "ABA_ROUTING_NUMBER": aba_ok,
    "IP_ADDRESS": ip_ok,
    "MEDICAL_RECORD_NUMBER": mrn_ok,
    "US_NPI": npi_ok,
    "DATE_OF_BIRTH": dob_parse_ok,
    "UK_NHS": lambda s: bool(re.fullmatch(r"\d{10}|\d{3} \d{3} \d{4}|\d{3}-\d{3}-\d{4}", s)) and nhs_ok(re.sub(r"\D", "", s)),
    "US_DEA": dea_ok,
    "AWS_ACCESS_KEY": aws_ok,
    "GITHUB_TOKEN": gh_ok,
    "PRIVATE_KEY": pem_ok,
}


def checksum_hits(d: str) -> set:
    """Which entity checksums a bare digit string passes (used to keep gold unambiguous)."""
    hits = set()
    if 12 <= len(d) <= 19 and card_brand(d):
        hits.add("CREDIT_CARD")
    if len(d) == 10:
        if nhs_ok(d):
            hits.add("UK_NHS")
        if npi_ok(d):
            hits.add("US_NPI")
    if len(d) == 9:
        if aba_ok(d):
            hits.add("ABA_ROUTING_NUMBER")
    return hits


# =========================================================================== document builder

R = random.Random(SEED)


def pick(seq):
    return R.choice(seq)


def chance(p):
    return R.random() < p


class V:  # a labelled value
    __slots__ = ("text", "ent", "fmt")

    def __init__(self, text, ent, fmt):
        self.text, self.ent, self.fmt = text, ent, fmt

    def ctx(self, c):
        return V(self.text, self.ent, f"{self.fmt}.{c}")


class N:  # a hard negative
    __slots__ = ("text", "kind")

    def __init__(self, text, kind):
        self.text, self.kind = text, kind


class Doc:
    def __init__(self):
        self.buf, self.n, self.spans, self.negs = [], 0, [], []

    def add(self, *parts):
        for p in parts:
            if isinstance(p, V):
                self.spans.append([self.n, self.n + len(p.text), p.ent, p.fmt])
                self._t(p.text)
            elif isinstance(p, N):
                self.negs.append([self.n, self.n + len(p.text), p.kind])
                self._t(p.text)
            elif isinstance(p, Doc):
                for s in p.spans:
                    self.spans.append([s[0] + self.n, s[1] + self.n, s[2], s[3]])
                for s in p.negs:
                    self.negs.append([s[0] + self.n, s[1] + self.n, s[2]])
                self._t(p.text())
            else:
                self._t(str(p))
        return self

    def _t(self, s):
        self.buf.append(s)
        self.n += len(s)

    def fr(self, frame, item, ctx=None):
        """frame: text with one {} slot."""
        pre, post = frame.split("{}", 1)
        if ctx and isinstance(item, V):
            item = item.ctx(ctx)
        return self.add(pre, item, post)

    def text(self):
        return "".join(self.buf)

    def map_text(self, fn):
        """Apply a per-character transform (e.g. \\n -> \\r\\n) keeping offsets right."""
        old = self.text()
        out, m, acc = [], [], 0
        for ch in old:
            m.append(acc)
            rep = fn(ch)
            out.append(rep)
            acc += len(rep)
        m.append(acc)
        self.buf, self.n = ["".join(out)], acc
        for s in self.spans + self.negs:
            s[0], s[1] = m[s[0]], m[s[1]]
        return self


def crlf(d: Doc) -> Doc:
    return d.map_text(lambda ch: "\r\n" if ch == "\n" else ch)


# =========================================================================== people, companies

FIRST = ["James", "Maria", "Priya", "Wei", "Olusegun", "Hannah", "Carlos", "Aisha", "Tomasz", "Emily", "Rahul", "Sofia",
         "Michael", "Chloe", "Diego", "Fatima", "Liam", "Ngozi", "Kenji", "Rebecca", "Mateo", "Grace", "Daniel", "Yusuf",
         "Olivia", "Arjun", "Isabella", "Noah", "Zoe", "Brandon", "Tanisha", "Kevin", "Megan", "Ahmed", "Lauren", "Jorge",
         "Samantha", "Tyler", "Jasmine", "Patrick", "Kayla", "Derek", "Mei", "Connor", "Nadia", "Trevor", "Brianna",
         "Marcus", "Heather", "Luis", "Destiny", "Raj", "Courtney", "Andre", "Whitney", "Shawn", "Leah", "Omar", "Tiffany"]
LAST = ["Thompson", "Garcia", "Patel", "Nguyen", "Okafor", "Schmidt", "Rodriguez", "Khan", "Kowalski", "Johnson",
        "Sharma", "Rossi", "Williams", "Dubois", "Hernandez", "Ali", "Murphy", "Adeyemi", "Tanaka", "Cohen", "Lopez",
        "Baker", "Miller", "O'Brien", "Chen", "Fitzgerald", "Kim", "Washington", "Brooks", "Reyes", "Sullivan", "Park",
        "Anderson", "Mitchell", "Campbell", "Nakamura", "Delgado", "Foster", "Jenkins", "Vasquez", "Morrison", "Hughes",
        "Bennett", "Greene", "Castillo", "Ramirez", "Wallace", "Hoffman", "Lindqvist", "McCarthy", "Singh", "Ortiz"]
FIRST_L = {
    "de": ["Jürgen", "Anja", "Lukas", "Katrin", "Matthias", "Sabine", "Florian", "Ute", "Tobias", "Leonie"],
    "fr": ["Élodie", "Thomas", "Camille", "Julien", "Margaux", "Nicolas", "Amélie", "Hugo", "Chantal", "Mathieu"],
    "es": ["Lucía", "Javier", "Carmen", "Alejandro", "Marta", "Sergio", "Nerea", "Pablo", "Rocío", "Íñigo"],
    "pt": ["João", "Mariana", "Tiago", "Beatriz", "Rui", "Inês", "Gonçalo", "Ana", "Luísa", "Rafael"],
    "it": ["Giulia", "Marco", "Francesca", "Alessandro", "Chiara", "Davide", "Federica", "Luca", "Silvia", "Matteo"],
    "nl": ["Sanne", "Joost", "Femke", "Bram", "Lieke", "Pieter", "Anouk", "Daan", "Marloes", "Ruud"],
}
LAST_L = {
    "de": ["Müller", "Schneider", "Weiß", "Becker", "Hoffmann", "Krüger", "Neumann", "Schäfer", "Vogel", "Brandt"],
    "fr": ["Lefèvre", "Moreau", "Girard", "Rousseau", "Fontaine", "Bonnet", "Lambert", "Mercier", "Faure", "Chevalier"],
    "es": ["García", "Martínez", "López", "Sánchez", "Fernández", "Jiménez", "Ruiz", "Navarro", "Romero", "Ibáñez"],
    "pt": ["Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa", "Gonçalves"],
    "it": ["Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca"],
    "nl": ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "van den Berg"],
}
COMPANIES = [("Northwind Logistics", "northwindlogistics.com"), ("Brightpath Dental Group", "brightpathdental.com"),
             ("Cedar Ridge Family Medicine", "cedarridgefm.org"), ("Halcyon Analytics", "halcyon-analytics.io"),
             ("Pinecrest Property Mgmt", "pinecrestpm.com"), ("Larkspur Pediatrics", "larkspurpeds.com"),
             ("Bluegate Freight", "bluegatefreight.com"), ("Tern & Oak Legal", "ternoak.law"),
             ("Summit Orthopedic Partners", "summitortho.net"), ("Quillfeather Publishing", "quillfeather.co.uk"),
             ("Redwood Urgent Care", "redwooduc.com"), ("Maplestone Credit Union", "maplestonecu.org"),
             ("Corvid Security", "corvidsec.io"), ("Sagebrush Veterinary", "sagebrushvet.com"),
             ("Ironbark Manufacturing", "ironbark-mfg.com"), ("Harborview Behavioral Health", "harborviewbh.org"),
             ("Kestrel Travel", "kestreltravel.com"), ("Foxglove Pharmacy", "foxglove-rx.com"),
             ("Alder Street Clinic", "alderstclinic.org"), ("Obsidian Data Systems", "obsidiands.com"),
             ("Wrenfield Insurance", "wrenfield.com"), ("Glenmoor Hospice", "glenmoorhospice.org"),
             ("Tidewater Plumbing Supply", "tidewatersupply.com"), ("Vantage Point Imaging", "vpimaging.com")]
COMPANIES_L = {
    "de": [("Brenner Haustechnik GmbH", "brenner-haustechnik.de"), ("Praxis Dr. Albrecht", "praxis-albrecht.de"),
           ("Nordlicht Versand AG", "nordlicht-versand.de")],
    "fr": [("Cabinet Médical Vauban", "cabinet-vauban.fr"), ("Transports Lemaire SARL", "transports-lemaire.fr"),
           ("Librairie des Quais", "librairiedesquais.fr")],
    "es": [("Clínica Dental Sonrisa", "clinicasonrisa.es"), ("Logística Ibérica S.L.", "logistica-iberica.es"),
           ("Ferretería Ortega", "ferreteria-ortega.es")],
    "pt": [("Farmácia Central do Porto", "farmaciacentralporto.pt"), ("Transportes Almeida Lda", "transportesalmeida.pt"),
           ("Clínica Vida Nova", "clinicavidanova.com.br")],
    "it": [("Studio Medico Fontana", "studiofontana.it"), ("Ceramiche Adriatiche S.r.l.", "ceramicheadriatiche.it"),
           ("Ottica Belvedere", "otticabelvedere.it")],
    "nl": [("Huisartsenpraktijk De Linde", "praktijkdelinde.nl"), ("Van Loon Installatietechniek", "vanloon-it.nl"),
           ("Fietsenhandel Tweewieler", "tweewieler.nl")],
}
VENDOR = ("Casewise Cloud", "casewise.io")  # the fictional SaaS whose helpdesk receives most notes
FREEMAIL = {"en": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com", "aol.com", "proton.me", "comcast.net"],
            "de": ["gmx.de", "web.de", "t-online.de", "gmail.com"], "fr": ["orange.fr", "free.fr", "laposte.net", "gmail.com"],
            "es": ["telefonica.net", "gmail.com", "hotmail.es", "yahoo.es"], "pt": ["sapo.pt", "gmail.com", "uol.com.br", "hotmail.com"],
            "it": ["libero.it", "virgilio.it", "gmail.com", "tiscali.it"], "nl": ["ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl"]}


def ascii_fold(s):
    tr = str.maketrans("äöüßéèêëáàâãíìîïóòôõúùûçñÉÍÓÚÜÖÄ'", "aousеeeeaaaaiiiioooouuucnEIOUUOA ")
    s = s.translate(tr).replace("е", "e")
    return re.sub(r"[^A-Za-z]", "", s)


class Person:
    def __init__(self, lang="en"):
        if lang != "en" and chance(0.85):
            self.first, self.last = pick(FIRST_L[lang]), pick(LAST_L[lang])
        else:
            self.first, self.last = pick(FIRST), pick(LAST)
        self.name = f"{self.first} {self.last}"
        self.lang = lang


def company(lang="en"):
    if lang != "en" and chance(0.8):
        return pick(COMPANIES_L[lang])
    return pick(COMPANIES)


# =========================================================================== value generators


def fmt_groups(d, groups, sep):
    out, i = [], 0
    for g in groups:
        out.append(d[i:i + g])
        i += g
    if i < len(d):
        out.append(d[i:])
    return sep.join(out)


CARD_BRANDS = [  # (name, prefix function, length, groups, weight)
    ("visa16", lambda: "4" + str(R.randint(10000, 99999)), 16, (4, 4, 4, 4), 22),
    ("visa13", lambda: "4" + str(R.randint(10000, 99999)), 13, (4, 4, 5), 2),
    ("visa19", lambda: "4" + str(R.randint(10000, 99999)), 19, (4, 4, 4, 4, 3), 2),
    ("mc5x", lambda: str(R.randint(51, 55)) + str(R.randint(1000, 9999)), 16, (4, 4, 4, 4), 14),
    ("mc2x", lambda: str(R.randint(2221, 2720)) + str(R.randint(10, 99)), 16, (4, 4, 4, 4), 5),
    ("amex", lambda: pick(["34", "37"]) + str(R.randint(1000, 9999)), 15, (4, 6, 5), 9),
    ("discover", lambda: pick(["6011", "65" + str(R.randint(10, 99)), str(R.randint(644, 649)) + "1"]) + str(R.randint(10, 99)), 16, (4, 4, 4, 4), 6),
    ("jcb", lambda: str(R.randint(3528, 3589)) + str(R.randint(10, 99)), 16, (4, 4, 4, 4), 4),
    ("diners14", lambda: pick(["30" + str(R.randint(0, 5)), "36" + str(R.randint(0, 9)), "38" + str(R.randint(0, 9))]) + str(R.randint(100, 999)), 14, (4, 6, 4), 4),
    ("unionpay16", lambda: "62" + str(R.randint(1000, 1999)) if False else "62" + pick(["17", "28", "10", "58"]) + str(R.randint(10, 99)), 16, (4, 4, 4, 4), 3),
    ("unionpay19", lambda: "62" + pick(["17", "28", "10", "58"]) + str(R.randint(10, 99)), 19, (4, 4, 4, 4, 3), 2),
    ("maestro", lambda: pick(["6759", "5018", "5020", "6304", "6761"]) + str(R.randint(10, 99)), 16, (4, 4, 4, 4), 3),
]
KNOWN_TEST_CARDS = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "6011111111111117",
                    "4000056655665556", "5105105105105100", "4012888888881881"}


def gen_card_digits(brand=None):
    b = next(x for x in CARD_BRANDS if x[0] == brand) if brand else R.choices(CARD_BRANDS, [x[4] for x in CARD_BRANDS])[0]
    while True:
        p = b[1]()
        d = p + "".join(R.choice(string.digits) for _ in range(b[2] - len(p) - 1))
        d = luhn_complete(d)
        if card_brand(d) and d not in KNOWN_TEST_CARDS:
            return b, d


def card(brand=None, sep=None):
    b, d = gen_card_digits(brand)
    if sep is None:
        sep = R.choices([" ", "-", "", "."], [45, 25, 25, 5])[0]
    s = fmt_groups(d, b[3], sep) if sep else d
    return V(s, "CREDIT_CARD", f"card.{b[0]}.{ {' ': 'space', '-': 'dash', '': 'compact', '.': 'dots'}[sep]}")


def ssn_digits():
    while True:
        a = R.randint(1, 899)
        if a == 666:
            continue
        d = f"{a:03d}{R.randint(1, 99):02d}{R.randint(1, 9999):04d}"
        if d not in ("078051120", "123456789", "219099999") and not checksum_hits(d):
            return d


def ssn(style=None):
    d = ssn_digits()
    style = style or R.choices(["dash", "space", "compact"], [70, 12, 18])[0]
    s = {"dash": f"{d[:3]}-{d[3:5]}-{d[5:]}", "space": f"{d[:3]} {d[3:5]} {d[5:]}", "compact": d}[style]
    return V(s, "US_SSN", f"ssn.{style}")


AREA_CODES = [201, 202, 203, 205, 206, 207, 208, 210, 212, 213, 214, 215, 216, 217, 224, 225, 234, 239, 248, 251, 252,
              253, 254, 256, 260, 262, 267, 269, 270, 281, 301, 302, 303, 304, 305, 307, 308, 309, 310, 312, 313, 314,
              315, 316, 317, 319, 320, 321, 323, 330, 334, 336, 337, 347, 351, 352, 360, 361, 385, 386, 401, 402, 404,
              405, 406, 407, 408, 409, 410, 412, 413, 414, 415, 417, 419, 423, 425, 432, 434, 435, 440, 443, 469, 470,
              478, 479, 480, 484, 501, 502, 503, 504, 505, 507, 508, 509, 510, 512, 513, 515, 516, 517, 518, 520, 530,
              540, 541, 551, 559, 561, 562, 563, 567, 570, 571, 573, 574, 580, 585, 586, 601, 602, 603, 605, 606, 607,
              608, 609, 610, 612, 614, 615, 616, 617, 618, 619, 620, 623, 626, 630, 631, 636, 641, 646, 650, 651, 660,
              661, 662, 678, 682, 701, 702, 703, 704, 706, 707, 708, 712, 713, 714, 715, 716, 717, 718, 719, 720, 724,
              727, 731, 732, 734, 740, 754, 757, 760, 762, 763, 765, 770, 772, 773, 774, 775, 781, 785, 786, 801, 802,
              803, 804, 805, 806, 808, 810, 812, 813, 814, 815, 816, 817, 818, 828, 830, 831, 832, 843, 845, 847, 848,
              850, 856, 857, 858, 859, 860, 862, 863, 864, 865, 870, 872, 878, 901, 903, 904, 906, 907, 908, 909, 910,
              912, 913, 914, 915, 916, 917, 918, 919, 920, 925, 928, 931, 936, 937, 940, 941, 947, 949, 951, 952, 954,
              956, 970, 971, 972, 973, 978, 979, 980, 985, 989]


def nanp_digits(fict=False):
    while True:
        a = pick(AREA_CODES)
        if fict:
            e, s = 555, R.randint(100, 199)
        else:
            e = R.randint(201, 999)
            if e % 100 == 11 or e == 555 or e in (950, 958, 959, 976):
                continue
            s = R.randint(0, 9999)
        d = f"{a}{e:03d}{s:04d}"
        if not checksum_hits(d) and not checksum_hits("1" + d):
            return d


NANP_STYLES = {
    "parens": lambda d: f"({d[:3]}) {d[3:6]}-{d[6:]}",
    "parens_nospace": lambda d: f"({d[:3]}){d[3:6]}-{d[6:]}",
    "dash": lambda d: f"{d[:3]}-{d[3:6]}-{d[6:]}",
    "dots": lambda d: f"{d[:3]}.{d[3:6]}.{d[6:]}",
    "space": lambda d: f"{d[:3]} {d[3:6]} {d[6:]}",
    "compact": lambda d: d,
    "plus1_space": lambda d: f"+1 {d[:3]} {d[3:6]} {d[6:]}",
    "plus1_dash": lambda d: f"+1-{d[:3]}-{d[3:6]}-{d[6:]}",
    "plus1_parens": lambda d: f"+1 ({d[:3]}) {d[3:6]}-{d[6:]}",
    "one_dash": lambda d: f"1-{d[:3]}-{d[3:6]}-{d[6:]}",
    "e164": lambda d: f"+1{d}",
    "plus1_dots": lambda d: f"+1.{d[:3]}.{d[3:6]}.{d[6:]}",
}
NANP_W = {"parens": 24, "parens_nospace": 4, "dash": 22, "dots": 10, "space": 4, "compact": 5, "plus1_space": 8,
          "plus1_dash": 5, "plus1_parens": 6, "one_dash": 4, "e164": 6, "plus1_dots": 2}


def phone_us(style=None, fict=None):
    if fict is None:
        fict = chance(0.08)
    d = nanp_digits(fict)
    style = style or R.choices(list(NANP_W), list(NANP_W.values()))[0]
    return V(NANP_STYLES[style](d), "PHONE_NUMBER", f"phone.us.{style}{'.fict555' if fict else ''}")


def _dg(n):
    return "".join(R.choice(string.digits) for _ in range(n))


def _intl_phone(cc):
    """returns (text, style) for country cc; E.164 or national."""
    nat = chance(0.35)
    if cc == "de":
        if chance(0.5):
            city, sub = pick(["30", "40", "89", "69", "221", "711", "211", "351"]), _dg(R.choice([6, 7, 8]))
            sub = str(R.randint(2, 9)) + sub[1:]
        else:
            city, sub = pick(["151", "160", "170", "171", "176", "152", "157", "162"]), _dg(R.choice([7, 8]))
        if nat:
            return pick([f"0{city} {sub}", f"0{city}/{sub}", f"0{city}-{sub}", f"(0{city}) {sub}"]), "national"
        return pick([f"+49 {city} {sub}", f"+49 ({0}){city} {sub}".replace("({0})", "(0)"), f"+49{city}{sub}", f"0049 {city} {sub}"]), "intl"
    if cc == "fr":
        first = pick(["1", "2", "3", "4", "5", "6", "7", "9"])
        g = [_dg(2) for _ in range(4)]
        if nat:
            return pick([f"0{first} {' '.join(g)}", f"0{first}.{'.'.join(g)}", f"0{first}{''.join(g)}", f"0{first}-{'-'.join(g)}"]), "national"
        return pick([f"+33 {first} {' '.join(g)}", f"+33 (0){first} {' '.join(g)}", f"+33{first}{''.join(g)}", f"0033 {first} {' '.join(g)}"]), "intl"
    if cc == "es":
        first = pick(["6", "7", "91", "93", "95", "96"])
        rest = _dg(9 - len(first))
        d = first + rest
        if nat:
            return pick([f"{d[:3]} {d[3:6]} {d[6:]}", f"{d[:3]} {d[3:5]} {d[5:7]} {d[7:]}", d]), "national"
        return pick([f"+34 {d[:3]} {d[3:6]} {d[6:]}", f"+34{d}", f"0034 {d[:3]} {d[3:6]} {d[6:]}", f"(+34) {d[:3]} {d[3:6]} {d[6:]}"]), "intl"
    if cc == "pt":
        d = pick(["91", "92", "93", "96", "21", "22"]) + _dg(7)
        if nat:
            return pick([f"{d[:3]} {d[3:6]} {d[6:]}", d]), "national"
        return pick([f"+351 {d[:3]} {d[3:6]} {d[6:]}", f"+351{d}", f"00351 {d[:3]} {d[3:6]} {d[6:]}"]), "intl"
    if cc == "br":
        ddd = pick(["11", "21", "31", "41", "51", "61", "71", "81"])
        d = "9" + _dg(8)
        if nat:
            return pick([f"({ddd}) {d[:5]}-{d[5:]}", f"{ddd} {d[:5]}-{d[5:]}"]), "national"
        return pick([f"+55 {ddd} {d[:5]}-{d[5:]}", f"+55 ({ddd}) {d[:5]}-{d[5:]}", f"+55{ddd}{d}"]), "intl"
    if cc == "it":
        if chance(0.5):
            d = pick(["320", "328", "333", "338", "340", "347", "349", "366", "380", "393"]) + _dg(7)
            if nat:
                return pick([f"{d[:3]} {d[3:]}", f"{d[:3]} {d[3:6]} {d[6:]}", f"{d[:3]}-{d[3:]}", d]), "national"
            return pick([f"+39 {d[:3]} {d[3:]}", f"+39 {d[:3]} {d[3:6]} {d[6:]}", f"+39{d}", f"0039 {d[:3]} {d[3:]}"]), "intl"
        d = pick(["02", "06", "011", "055", "081", "051"]) + _dg(7)
        if nat:
            return pick([f"{d[:len(d) - 7]} {d[-7:]}", f"{d[:len(d) - 7]} {d[-7:-4]} {d[-4:]}", f"{d[:len(d) - 7]}/{d[-7:]}"]), "national"
        return pick([f"+39 {d[:len(d) - 7]} {d[-7:]}", f"+39 {d[:len(d) - 7]} {d[-7:-4]} {d[-4:]}"]), "intl"
    if cc == "nl":
        if chance(0.5):
            d = "6" + _dg(8)
            if nat:
                return pick([f"06-{d[1:]}", f"06 {d[1:3]} {d[3:5]} {d[5:7]} {d[7:]}", f"06 {d[1:]}"]), "national"
            return pick([f"+31 6 {d[1:]}", f"+31 (0)6 {d[1:]}", f"+31{d}", f"+31 6 {d[1:3]} {d[3:5]} {d[5:7]} {d[7:]}"]), "intl"
        city = pick(["20", "10", "70", "30", "40", "50"])
        sub = str(R.randint(2, 9)) + _dg(6)
        if nat:
            return pick([f"0{city}-{sub}", f"0{city} {sub[:3]} {sub[3:]}", f"(0{city}) {sub}"]), "national"
        return pick([f"+31 {city} {sub}", f"+31 (0){city} {sub[:3]} {sub[3:]}", f"+31{city}{sub}"]), "intl"
    if cc == "uk":
        if chance(0.5):
            d = "7" + pick(["700", "400", "900", "911", "811", "123"]) + _dg(6)
            if nat:
                return pick([f"0{d[:4]} {d[4:]}", f"0{d[:4]} {d[4:7]} {d[7:]}", f"0{d}"]), "national"
            return pick([f"+44 {d[:4]} {d[4:]}", f"+44 (0){d[:4]} {d[4:]}", f"+44{d}", f"0044 {d[:4]} {d[4:]}"]), "intl"
        city, sub = pick([("20", 8), ("161", 7), ("121", 7), ("131", 7), ("117", 7), ("113", 7)])
        s = str(R.randint(3, 8)) + _dg(sub - 1)
        if nat:
            return (f"0{city} {s[:4]} {s[4:]}" if len(s) == 8 else f"0{city} {s[:3]} {s[3:]}"), "national"
        return (f"+44 {city} {s[:4]} {s[4:]}" if len(s) == 8 else f"+44 {city} {s[:3]} {s[3:]}"), "intl"
    raise KeyError(cc)


def phone_intl(cc):
    while True:
        s, style = _intl_phone(cc)
        dg = re.sub(r"\D", "", s)
        # keep gold unambiguous: no group run may pass another entity's checksum
        runs = [re.sub(r"[ \-]", "", x) for x in re.findall(r"\d+(?:[ \-]\d+)*", s)]
        if any(checksum_hits(r) for r in runs + [dg]):
            continue
        if re.search(r"\b\d{3}[- ]\d{2}[- ]\d{4}\b", s) or leak_problems(s, [], []):
            continue
        return V(s, "PHONE_NUMBER", f"phone.{cc}.{style}")


LANG_CC = {"de": "de", "fr": "fr", "es": "es", "pt": "pt", "it": "it", "nl": "nl"}


def phone(lang="en"):
    if lang == "en":
        if chance(0.08):
            return phone_intl(pick(["uk", "uk", "de", "fr", "nl", "it", "es"]))
        return phone_us()
    if lang == "pt" and chance(0.35):
        return phone_intl("br")
    if chance(0.1):
        return phone_us(pick(["plus1_space", "plus1_dash", "e164", "plus1_parens"]))
    return phone_intl(LANG_CC[lang])


def email(p=None, dom=None, lang="en", variant=None):
    p = p or Person(lang)
    f, l = ascii_fold(p.first).lower(), ascii_fold(p.last).lower()
    variant = variant or R.choices(["plain", "plus", "upper", "subdomain", "freemail", "digits", "hyphen", "initial", "role", "mixedcase"],
                                   [30, 8, 4, 8, 18, 8, 5, 10, 6, 3])[0]
    dom = dom or company(lang)[1]
    if variant == "plain":
        loc = pick([f"{f}.{l}", f"{f}_{l}", f"{f}{l}"])
    elif variant == "plus":
        loc = f"{pick([f + '.' + l, f[0] + l, f])}+{pick(['billing', 'support', 'tickets', 'casewise', 'invoices', 'hr', 'q3', 'vendor'])}"
    elif variant == "upper":
        loc = f"{f}.{l}".upper()
        dom = dom.upper()
    elif variant == "subdomain":
        dom = pick(["mail.", "corp.", "eu.", "us.", "billing.", "clinic.", "it.", "mx1.corp."]) + dom
        loc = pick([f"{f}.{l}", f"{f[0]}{l}"])
    elif variant == "freemail":
        dom = pick(FREEMAIL[lang])
        loc = pick([f"{f}.{l}{R.randint(1, 99)}", f"{f}{l}", f"{f[0]}{l}{R.randint(60, 99)}", f"{l}.{f}", f"{f}_{l[:4]}"])
    elif variant == "digits":
        loc = pick([f"{f}{l[0]}{R.randint(1, 999)}", f"{f[0]}{l}{R.randint(1, 9)}", f"{f}.{l}{R.randint(2, 12)}"])
    elif variant == "hyphen":
        loc = f"{f}-{l}"
    elif variant == "initial":
        loc = pick([f"{f[0]}{l}", f"{f[0]}.{l}", f"{f}{l[0]}", f"{f[0]}{l[:6]}"])
    elif variant == "role":
        loc = pick(["billing", "accounts.payable", "ap", "it-helpdesk", "frontdesk", "office.manager", "compliance",
                    "support", "noc", "payroll", "practice.admin", "rcm-team"])
    else:
        loc = f"{f.capitalize()}.{l.capitalize()}"
    loc = re.sub(r"[^A-Za-z0-9._+-]", "", loc).strip(".")
    return V(f"{loc}@{dom}", "EMAIL_ADDRESS", f"email.{variant}")


IBAN_BY_LANG = {"de": ["DE", "DE", "DE", "AT", "CH"], "fr": ["FR", "FR", "BE", "LU", "CH"], "es": ["ES"], "pt": ["PT"],
                "it": ["IT", "IT", "CH"], "nl": ["NL", "NL", "BE"],
                "en": ["GB", "IE", "DE", "FR", "NL", "ES", "IT", "PL", "SE", "DK", "FI", "NO", "GR", "CZ", "HU", "BE", "AT", "PT", "LU"]}


def iban_compact(cc):
    ln, pat = IBAN_SPEC[cc]
    bban = ""
    for kind, n in re.findall(r"([nac])(\d+)", pat):
        for _ in range(int(n)):
            if kind == "n":
                bban += R.choice(string.digits)
            elif kind == "a":
                bban += R.choice(string.ascii_uppercase)
            else:
                bban += R.choice(string.digits * 3 + string.ascii_uppercase)
    if cc in ("GB", "IE"):
        bban = pick(["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "AIBK", "BOFI", "ULSB"]) + bban[4:]
    if cc == "NL":
        bban = pick(["ABNA", "RABO", "INGB", "TRIO", "SNSB", "KNAB"]) + bban[4:]
    chk = 98 - iban_mod97(cc + "00" + bban)
    s = f"{cc}{chk:02d}{bban}"
    assert iban_ok(s), s
    return s


def iban(lang="en", cc=None, style=None):
    cc = cc or pick(IBAN_BY_LANG[lang])
    s = iban_compact(cc)
    style = style or R.choices(["grouped", "compact"], [62, 38])[0]
    if style == "grouped":
        s = " ".join(s[i:i + 4] for i in range(0, len(s), 4))
    return V(s, "IBAN_CODE", f"iban.{cc.lower()}.{style}")


def aba_digits():
    while True:
        p = pick(sorted(ABA_PREFIXES))
        d8 = f"{p:02d}" + _dg(6)
        for c in "0123456789":
            if aba_ok(d8 + c):
                d = d8 + c
                if not ssn_ok(d) or True:
                    return d


def aba():
    return V(aba_digits(), "ABA_ROUTING_NUMBER", "aba.9digit")


def _public_v4():
    while True:
        a = ipaddress.IPv4Address(R.randint(0x01000000, 0xDFFFFFFF))
        if a.is_global and not str(a).startswith(("100.", "198.18", "198.19")):
            return str(a)


def _public_v6():
    while True:
        first = pick([0x2001, 0x2600 + R.randint(0, 0xff), 0x2a00 + R.randint(0, 0xf), 0x2400 + R.randint(0, 0xff), 0x2c0f, 0x2804])
        if first == 0x2001:
            second = R.choice([0x4860, 0x0470, 0x41d0, 0x1900, 0x0550, 0x67c, 0x0df0])
        else:
            second = R.randint(0, 0xffff)
        groups = [first, second] + [R.randint(0, 0xffff) if chance(0.55) else 0 for _ in range(6)]
        a = ipaddress.IPv6Address(":".join(f"{g:x}" for g in groups))
        if a.is_global:
            return a


def ip(kind=None):
    kind = kind or R.choices(["v4", "v6c", "v6full", "v6upper"], [74, 16, 5, 5])[0]
    if kind == "v4":
        return V(_public_v4(), "IP_ADDRESS", "ip.v4")
    a = _public_v6()
    if kind == "v6c":
        return V(a.compressed, "IP_ADDRESS", "ip.v6_compressed")
    if kind == "v6full":
        return V(pick([a.exploded, ":".join(x.lstrip("0") or "0" for x in a.exploded.split(":"))]), "IP_ADDRESS", "ip.v6_full")
    return V(a.compressed.upper(), "IP_ADDRESS", "ip.v6_upper")


def rand_dob():
    return dt.date(1938, 1, 1) + dt.timedelta(days=R.randint(0, 365 * 68))


def rand_recent():
    return dt.date(2022, 1, 1) + dt.timedelta(days=R.randint(0, 365 * 3))


EN_MON = MONTHS["en"]


def date_str(d, lang="en", style=None):
    """Render a date; returns (text, style)."""
    m, dd, y = d.month, d.day, d.year
    if lang == "en":
        styles = ["us_slash", "us_slash_nopad", "iso", "us_2y", "written_mdy", "written_dmy", "abbr_mdy", "dmy_abbr_dash",
                  "us_dash", "eu_slash", "written_mdy_nocomma", "ymd_slash", "eu_dots"]
        w = [24, 8, 14, 7, 10, 5, 6, 4, 6, 4, 4, 3, 2]
    else:
        styles = ["eu_dots", "eu_slash", "iso", "written_local", "eu_dash", "eu_2y_dots", "eu_dots_nopad"]
        w = {"de": [40, 3, 12, 18, 2, 6, 6], "nl": [2, 6, 12, 18, 28, 4, 2]}.get(lang, [6, 40, 12, 24, 6, 4, 2])
    style = style or R.choices(styles, w)[0]
    mn = MONTHS["en"][m - 1]
    out = {
        "us_slash": f"{m:02d}/{dd:02d}/{y}", "us_slash_nopad": f"{m}/{dd}/{y}", "iso": f"{y}-{m:02d}-{dd:02d}",
        "us_2y": f"{m:02d}/{dd:02d}/{y % 100:02d}", "written_mdy": f"{mn} {dd}, {y}", "written_dmy": f"{dd} {mn} {y}",
        "abbr_mdy": f"{mn[:3]} {dd}, {y}", "dmy_abbr_dash": f"{dd:02d}-{mn[:3]}-{y}", "us_dash": f"{m:02d}-{dd:02d}-{y}",
        "eu_slash": f"{dd:02d}/{m:02d}/{y}", "written_mdy_nocomma": f"{mn} {dd} {y}", "ymd_slash": f"{y}/{m:02d}/{dd:02d}",
        "eu_dots": f"{dd:02d}.{m:02d}.{y}", "eu_dash": f"{dd:02d}-{m:02d}-{y}", "eu_2y_dots": f"{dd:02d}.{m:02d}.{y % 100:02d}",
        "eu_dots_nopad": f"{dd}.{m}.{y}",
    }
    if style == "written_local":
        ml = MONTHS[lang][m - 1]
        txt = {"de": f"{dd}. {ml} {y}", "fr": f"{dd} {ml} {y}", "es": f"{dd} de {ml} de {y}", "pt": f"{dd} de {ml} de {y}",
               "it": f"{dd} {ml} {y}", "nl": f"{dd} {ml} {y}"}[lang]
        return txt, style
    return out[style], style


def dob(lang="en", style=None):
    d = rand_dob()
    s, st = date_str(d, lang, style)
    return V(s, "DATE_OF_BIRTH", f"dob.{st}")


def mrn():
    kind = R.choices(["digits7", "digits8_lead0", "digits10", "alpha1", "alpha2", "prefix_dash", "dashed", "digits6", "year_dash"],
                     [18, 12, 8, 14, 10, 10, 8, 10, 6])[0]
    while True:
        s = {"digits7": lambda: str(R.randint(1000000, 9999999)),
             "digits8_lead0": lambda: "00" + _dg(6),
             "digits10": lambda: str(R.randint(3, 9)) + _dg(9),
             "alpha1": lambda: pick("EMKHPV") + _dg(7),
             "alpha2": lambda: pick(["MR", "HX", "CR", "PT", "RH", "SJ"]) + _dg(6),
             "prefix_dash": lambda: pick(["MRN-", "CRF-", "EHR-", "PT-"]) + _dg(pick([6, 7, 8])),
             "dashed": lambda: f"{_dg(3)}-{_dg(3)}-{_dg(3)}" if chance(0.5) else f"{_dg(2)}-{_dg(6)}",
             "digits6": lambda: str(R.randint(100000, 999999)),
             "year_dash": lambda: f"{R.randint(2009, 2024)}-{_dg(5)}"}[kind]()
        dg = re.sub(r"\D", "", s)
        if checksum_hits(dg) or re.fullmatch(r"\d{3}-\d{2}-\d{4}", s) or (len(dg) == 9 and ssn_ok(dg) and s == dg and chance(0)):
            continue
        if s[0] == "0":
            s = s  # leading zeros are fine
        if mrn_ok(s):
            return V(s, "MEDICAL_RECORD_NUMBER", f"mrn.{kind}")


def npi_digits():
    while True:
        d9 = pick("12") + _dg(8)
        d = luhn_complete("80840" + d9)[5:]
        if npi_ok(d) and not nhs_ok(d):
            return d


def npi():
    return V(npi_digits(), "US_NPI", "npi.10digit")


def dea(surname=None):
    first = R.choices(list("ABFGM"), [30, 25, 20, 5, 20])[0]
    second = ascii_fold(surname)[0].upper() if surname else R.choice(string.ascii_uppercase)
    d6 = [R.randint(0, 9) for _ in range(6)]
    c = (d6[0] + d6[2] + d6[4] + 2 * (d6[1] + d6[3] + d6[5])) % 10
    s = first + second + "".join(map(str, d6)) + str(c)
    assert dea_ok(s)
    return V(s, "US_DEA", f"dea.{'midlevel' if first == 'M' else 'practitioner'}")


def nhs_digits():
    while True:
        d9 = str(R.choice([4, 6, 7])) + _dg(8)
        s = sum(int(d9[i]) * (10 - i) for i in range(9))
        c = 11 - s % 11
        c = 0 if c == 11 else c
        if c == 10:
            continue
        d = d9 + str(c)
        if not npi_luhn_any(d):
            return d


def nhs(style=None):
    d = nhs_digits()
    style = style or R.choices(["spaced", "compact", "dashed"], [60, 32, 8])[0]
    s = {"spaced": f"{d[:3]} {d[3:6]} {d[6:]}", "compact": d, "dashed": f"{d[:3]}-{d[3:6]}-{d[6:]}"}[style]
    return V(s, "UK_NHS", f"nhs.{style}")


def aws_key(kind=None):
    kind = kind or R.choices(["AKIA", "ASIA"], [75, 25])[0]
    while True:
        k = kind + "".join(R.choice(string.ascii_uppercase + "234567") for _ in range(16))
        if aws_ok(k):
            return V(k, "AWS_ACCESS_KEY", f"aws.{kind.lower()}")


def gh_token(kind=None):
    kind = kind or R.choices(["ghp", "gho", "ghu", "ghs", "ghr", "pat"], [40, 10, 8, 14, 6, 22])[0]
    alnum = string.ascii_letters + string.digits
    if kind == "pat":
        t = "github_pat_" + "".join(R.choice(alnum) for _ in range(22)) + "_" + "".join(R.choice(alnum) for _ in range(59))
    else:
        body = "".join(R.choice(alnum) for _ in range(30))
        t = f"{kind}_{body}{b62(zlib.crc32(body.encode()) & 0xFFFFFFFF, 6)}"
    assert gh_ok(t)
    return V(t, "GITHUB_TOKEN", f"gh.{kind}")


def pem(kind=None, indent="", eol="\n"):
    kind = kind or R.choices(["RSA", "EC", "OPENSSH", "PKCS8"], [35, 20, 25, 20])[0]
    label = {"RSA": "RSA PRIVATE KEY", "EC": "EC PRIVATE KEY", "OPENSSH": "OPENSSH PRIVATE KEY", "PKCS8": "PRIVATE KEY"}[kind]
    nbytes = {"RSA": R.choice([610, 1190]), "EC": 121, "OPENSSH": R.choice([399, 1680]), "PKCS8": R.choice([138, 1218])}[kind]
    raw = bytes(R.randint(0, 255) for _ in range(nbytes))
    if kind == "OPENSSH":
        raw = b"openssh-key-v1\x00" + raw
    elif kind in ("RSA", "PKCS8"):
        raw = b"\x30\x82" + raw
    body = base64.b64encode(raw).decode()
    width = 70 if kind == "OPENSSH" else 64
    lines = [f"-----BEGIN {label}-----"] + [body[i:i + width] for i in range(0, len(body), width)] + [f"-----END {label}-----"]
    s = (eol + indent).join(lines)
    st = "crlf" if eol == "\r\n" else ("indented" if indent else "plain")
    return V(s, "PRIVATE_KEY", f"pkey.{kind.lower()}.{st}")


# =========================================================================== hard negatives


def _digits_no_hits(n, first=None, allow=()):
    while True:
        d = (first or str(R.randint(1, 9))) + _dg(n - len(first or "x"))
        h = checksum_hits(d) - set(allow)
        if not h and not (n == 9 and aba_checksum_only(d)) and not (n == 10 and npi_luhn_any(d)):
            return d


def luhn_fail(n, first=None):
    while True:
        d = _digits_no_hits(n, first)
        if not luhn_ok(d):
            return d


def neg_order_fail():
    n = R.choice([9, 10, 11, 12, 13, 14, 15, 16, 16, 16, 17, 18, 19])
    first = pick([None, None, "4", "5", "3", "6"]) if n >= 13 else None
    d = luhn_fail(n, first)
    if n == 16 and chance(0.4):
        d = fmt_groups(d, (4, 4, 4, 4), pick([" ", "-"]))
    return N(d, "order_no_luhn_fail")


def neg_order_pass():
    n = R.choice([12, 13, 14, 15, 16, 16, 18])
    while True:
        d = luhn_complete(pick(["4", "5", "7", "8", "9", "1"]) + _dg(n - 2))
        if not (set(checksum_hits(d)) - {"CREDIT_CARD"}):
            return N(d, "order_no_luhn_pass")


def neg_tracking():
    k = R.choice(["ups", "fedex", "usps"])
    if k == "ups":
        return N("1Z" + "".join(R.choice(string.ascii_uppercase + string.digits) for _ in range(6)) + _dg(10), "tracking_ups")
    if k == "fedex":
        return N(luhn_fail(12), "tracking_fedex")
    return N("9400" + _dg(18), "tracking_usps")


def neg_ssn_bad_area():
    a = pick([0, 666, R.randint(900, 999)])
    d = f"{a:03d}{R.randint(1, 99):02d}{R.randint(1, 9999):04d}"
    return N(f"{d[:3]}-{d[3:5]}-{d[5:]}", "ssn_invalid_area")


def neg_ssn_bad_group():
    d = f"{R.randint(100, 665):03d}00{R.randint(1, 9999):04d}"
    return N(f"{d[:3]}-{d[3:5]}-{d[5:]}", "ssn_invalid_group")


def neg_date(lang="en", kind="date_not_birth"):
    s, _ = date_str(rand_recent() if chance(0.8) else rand_dob(), lang)
    return N(s, kind)


def neg_timestamp():
    d = rand_recent()
    h, m, s = R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)
    return N(pick([f"{d.isoformat()}T{h:02d}:{m:02d}:{s:02d}Z", f"{d.isoformat()} {h:02d}:{m:02d}:{s:02d}",
                   f"{d.isoformat()}T{h:02d}:{m:02d}:{s:02d}.{R.randint(100, 999)}+00:00",
                   f"{EN_MON[d.month - 1][:3]} {d.day:2d} {h:02d}:{m:02d}:{s:02d}"]), "timestamp")


def neg_version():
    return N(pick([f"{R.randint(1, 12)}.{R.randint(0, 30)}.{R.randint(0, 99)}", f"v{R.randint(1, 9)}.{R.randint(0, 20)}.{R.randint(0, 9)}",
                   f"{R.randint(2019, 2024)}.{R.randint(1, 12)}.{R.randint(1, 9)}"]), "version_string")


def neg_version4():
    return N(pick([f"10.0.{R.randint(17000, 22631)}.{R.randint(100, 4000)}", f"{R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(0, 99)}",
                   f"{R.randint(2, 9)}.{R.randint(0, 30)}.{R.randint(0, 9)}.{R.randint(1000, 9999)}"]), "version_multi_part")


def neg_ip_bad():
    return N(pick([f"{R.randint(256, 999)}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(0, 255)}",
                   f"{R.randint(1, 223)}.{R.randint(0, 255)}.{R.randint(256, 400)}.{R.randint(0, 255)}",
                   f"{R.randint(1, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(0, 9)}"]), "ip_like_invalid")


def neg_build():
    return N(pick([f"{R.randint(1000, 99999)}", f"{R.randint(20220101, 20241231)}.{R.randint(1, 9)}", f"b{R.randint(100, 9999)}"]), "build_number")


def neg_uuid():
    return N(str(__import__("uuid").UUID(int=R.getrandbits(128), version=4)), "uuid")


def neg_sha(kind=None):
    kind = kind or pick(["git_sha_short", "git_sha", "sha256", "md5"])
    n = {"git_sha_short": 7, "git_sha": 40, "sha256": 64, "md5": 32}[kind]
    return N("".join(R.choice("0123456789abcdef") for _ in range(n)), kind)


def neg_mac():
    b = [R.randint(0, 255) for _ in range(6)]
    st = R.randint(0, 2)
    if st == 0:
        s = ":".join(f"{x:02X}" for x in b)
    elif st == 1:
        s = "-".join(f"{x:02x}" for x in b)
    else:
        h = "".join(f"{x:02x}" for x in b)
        s = f"{h[:4]}.{h[4:8]}.{h[8:]}"
    return N(s, "mac_address")


def neg_serial():
    while True:
        s = pick([f"SN{_dg(9)}", f"{pick(['C02', 'FVF', 'DMP'])}{''.join(R.choice(string.ascii_uppercase + string.digits) for _ in range(9))}",
                  f"{R.choice(string.ascii_uppercase)}{R.choice(string.ascii_uppercase)}{_dg(8)}", f"5CG{_dg(4)}{R.choice(string.ascii_uppercase)}{_dg(2)}"])
        if not re.search(r"[A-Z]{2}\d{7}(?!\d)", s) or not dea_checkdigit_ok(re.search(r"[A-Z]{2}\d{7}", s).group(0)):
            if not re.search(r"AKIA|ASIA", s):
                return N(s, "serial_number")


def neg_product_phone_like():
    while True:
        d = f"{R.randint(200, 999)}-{R.randint(200, 999)}-{R.randint(1000, 9999)}"
        if not checksum_hits(d.replace("-", "")):
            return N(pick([d, f"{d}-{R.choice(string.ascii_uppercase)}{R.randint(1, 9)}"]), "product_code_phone_like")


def neg_iban_bad(lang="en"):
    cc = pick(IBAN_BY_LANG[lang])
    s = iban_compact(cc)
    chk = int(s[2:4])
    bad = f"{(chk + R.randint(1, 90)) % 97 + 2:02d}" if True else ""
    if bad == s[2:4]:
        bad = f"{(chk + 3) % 97 + 2:02d}"
    s2 = s[:2] + bad + s[4:]
    if iban_ok(s2):
        s2 = s[:-1] + str((int(s[-1]) + 1) % 10) if s[-1].isdigit() else s[:2] + f"{(chk + 1) % 97 + 2:02d}" + s[4:]
    assert not iban_ok(s2)
    if chance(0.6):
        s2 = " ".join(s2[i:i + 4] for i in range(0, len(s2), 4))
    return N(s2, "iban_bad_checksum")


def neg_npi_fail():
    while True:
        d = pick("12") + _dg(9)
        if not npi_luhn_any(d) and not checksum_hits(d):
            return N(d, "npi_bad_checksum")


def neg_ten_digit():
    return N(_digits_no_hits(10), "ten_digit_number")


def neg_dea_bad(surname=None):
    first = pick("ABFM")
    second = ascii_fold(surname)[0].upper() if surname else R.choice(string.ascii_uppercase)
    while True:
        s = first + second + _dg(7)
        if not dea_checkdigit_ok(s):
            return N(s, "dea_bad_checksum")


def neg_aba_bad():
    while True:
        d = f"{pick(sorted(ABA_PREFIXES)):02d}" + _dg(7)
        if not aba_checksum_only(d) and not checksum_hits(d):
            return N(d, "aba_bad_checksum")


def neg_nhs_bad():
    while True:
        d = str(R.choice([4, 6, 7])) + _dg(9)
        if not nhs_ok(d) and not npi_luhn_any(d):
            return N(f"{d[:3]} {d[3:6]} {d[6:]}" if chance(0.6) else d, "nhs_bad_checksum")


def neg_aws_example():
    return N(AWS_EXAMPLE, "aws_example_key")


def neg_aws_secret():
    return N("".join(R.choice(string.ascii_letters + string.digits + "/+") for _ in range(40)), "aws_secret_key")


def neg_aws_account():
    return N(_digits_no_hits(12), "aws_account_id")


def neg_masked(kind=None):
    kind = kind or pick(["card", "card", "ssn", "phone", "iban", "acct"])
    if kind == "card":
        return N(pick([f"****{_dg(4)}", f"**** **** **** {_dg(4)}", f"XXXX-XXXX-XXXX-{_dg(4)}", f"{pick(['4', '5'])}{_dg(5)}******{_dg(4)}",
                       f"x{_dg(4)}", f"************{_dg(4)}"]), "masked_card")
    if kind == "ssn":
        return N(pick([f"XXX-XX-{_dg(4)}", f"***-**-{_dg(4)}", f"xxx-xx-{_dg(4)}", f"###-##-{_dg(4)}"]), "masked_ssn")
    if kind == "phone":
        return N(pick([f"(***) ***-{_dg(4)}", f"***-***-{_dg(4)}", f"+1 *** *** {_dg(2)}{_dg(2)}"]), "masked_phone")
    if kind == "iban":
        return N(f"{pick(['DE', 'FR', 'NL', 'GB'])}** **** **** **** {_dg(2)}{_dg(2)}", "masked_iban")
    return N(f"******{_dg(4)}", "masked_account")


def neg_placeholder_email():
    return N(pick(["user@example.com", "name@example.com", "jane.doe@example.org", "you@example.com", "firstname.lastname@example.com",
                   "test@example.net", "someone@example.com"]), "placeholder_email")


def neg_amount():
    return N(pick([f"${R.randint(10, 9999)}.{R.randint(0, 99):02d}", f"${R.randint(1, 99)},{R.randint(100, 999)}.{R.randint(0, 99):02d}",
                   f"{R.randint(10, 9999)},{R.randint(0, 99):02d} €", f"USD {R.randint(100, 99999)}.00"]), "amount")


def neg_invoice():
    return N(pick([f"INV-{R.randint(2022, 2024)}-{_dg(5)}", f"{R.randint(2022, 2024)}{_dg(6)}", f"INV{_dg(8)}", f"{_dg(7)}"]), "invoice_number")


def neg_ticket():
    return N(pick([f"#{R.randint(100000, 999999)}", f"CS-{R.randint(10000, 99999)}", f"INC{_dg(7)}", f"{R.randint(1000000, 9999999)}"]), "ticket_number")


def neg_member_id():
    return N(pick([f"{pick(['W', 'XEH', 'ZGP', 'H', 'MBR'])}{_dg(9)}", f"{_dg(3)}{R.choice(string.ascii_uppercase)}{_dg(5)}", f"{_dg(11)}"]), "member_id")


def neg_claim():
    return N(pick([f"{R.randint(2022, 2024)}{_dg(9)}", f"CLM-{_dg(8)}", f"{_dg(13)}"]), "claim_number")


def neg_account():
    return N(pick([f"ACCT-{_dg(6)}", f"{_dg(8)}", f"CUST{_dg(6)}", f"A-{_dg(5)}"]), "account_number")


def neg_ein():
    return N(f"{R.randint(10, 99)}-{_dg(7)}", "ein")


def neg_zip():
    return N(pick([f"{R.randint(10000, 99999)}", f"{R.randint(10000, 99999)}-{_dg(4)}"]), "zip_code")


def neg_ext():
    return N(str(R.randint(10, 9999)), "phone_extension")


def neg_time():
    return N(pick([f"{R.randint(1, 12)}:{R.randint(0, 59):02d} {pick(['AM', 'PM', 'am', 'pm'])}", f"{R.randint(0, 23):02d}:{R.randint(0, 59):02d}"]), "time_of_day")


def neg_icd():
    return N(pick(["E11.9", "I10", "J06.9", "M54.5", "F41.1", "Z00.00", "K21.9", "E78.5", "R51.9", "N39.0"]), "icd10_code")


def neg_cpt():
    return N(pick(["99213", "99214", "90471", "36415", "80053", "99395", "93000", "87880"]), "cpt_code")


def neg_fax_cover():
    return N(f"{R.randint(1, 9)} of {R.randint(2, 12)}", "page_count")


# Each: (generator, frames).  Frames use {} for the negative.
NEG_EN = {
    "order_fail": (neg_order_fail, ["Order #{}", "order number {}", "PO {}", "Order ID: {}", "ref. order {}", "your order ({})", "Order no.{}",
                                    "Shopify order {}", "Sales order {}", "RMA {}", "confirmation # {}", "Reference: {}"]),
    "order_pass": (neg_order_pass, ["Order #{}", "order number {}", "Order ID: {}", "Invoice number {}", "Confirmation no. {}",
                                    "Purchase order {}", "order ref {}", "Booking reference {}"]),
    "tracking": (lambda: neg_tracking(), ["tracking {}", "Tracking #: {}", "shipped via UPS, tracking {}", "FedEx {}", "USPS tracking {}"]),
    "ssn_bad": (lambda: neg_ssn_bad_area() if chance(0.8) else neg_ssn_bad_group(),
                ["ITIN on the W-9 is {}", "ref code {}", "Case ref {}", "file no. {}", "the SSN they gave ({}) fails validation, area number invalid",
                 "TIN: {} (ITIN)", "claim reference {}"]),
    "date_appt": (lambda: neg_date("en", "date_appointment"), ["appointment on {}", "Appt: {}", "rescheduled to {}", "visit date {}",
                                                                 "Date of service: {}", "DOS {}", "follow-up scheduled {}"]),
    "date_invoice": (lambda: neg_date("en", "date_invoice"), ["invoice dated {}", "Invoice date: {}", "billed on {}", "statement date {}",
                                                                "due {}", "charged on {}", "renewal date {}"]),
    "date_shipped": (lambda: neg_date("en", "date_shipped"), ["shipped {}", "Ship date: {}", "delivered {}", "went live on {}",
                                                                "Created: {}", "last login {}", "opened {}", "closed {}"]),
    "date_birth_other": (lambda: neg_date("en", "date_near_birth_other_sense"),
                         ["requested a copy of the birth certificate on {}", "Birthday promo email went out {}",
                          "the birthing center module was enabled {}", "birth-certificate upload feature released {}",
                          "Date of birth field was made mandatory on {}", "birthday campaign ends {}",
                          "childbirth class registration closes {}", "BirthDate column added to the export on {}"]),
    "timestamp": (neg_timestamp, ["{}", "at {}", "Logged {}", "[{}]", "Received: {}", "ts={}"]),
    "version": (neg_version, ["version {}", "app v{}", "build {}", "on {}", "release {}", "agent {}", "client version {}"]),
    "version4": (neg_version4, ["Windows build {}", "firmware {}", "version {}", "driver {}", "v{}"]),
    "ip_bad": (neg_ip_bad, ["bogus entry {} in the allowlist", "user typed {} as the IP", "value '{}' rejected as invalid",
                            "IP field shows {}"]),
    "build": (neg_build, ["build {}", "build #{}", "Build number: {}", "CI run {}", "job {}"]),
    "uuid": (neg_uuid, ["request id {}", "correlation-id: {}", "tenant {}", "Trace ID {}", "x-request-id={}", "device id {}"]),
    "sha": (neg_sha, ["commit {}", "sha256:{}", "hash {}", "checksum {}", "rev {}", "digest {}"]),
    "mac": (neg_mac, ["MAC {}", "mac addr {}", "hw address {}", "Ethernet {}", "device MAC: {}"]),
    "serial": (neg_serial, ["S/N {}", "serial {}", "Serial Number: {}", "asset tag {}", "SN: {}"]),
    "product": (neg_product_phone_like, ["part no. {}", "SKU {}", "model {}", "item {}", "catalog # {}"]),
    "iban_bad": (lambda: neg_iban_bad("en"), ["IBAN {} (bounced, checksum invalid)", "the IBAN on the old form, {}, was rejected",
                                              "they typed {} which fails validation", "old IBAN {} — invalid"]),
    "npi_bad": (neg_npi_fail, ["NPI {} (NPPES lookup fails — typo?)", "provider gave NPI {} but it does not validate",
                               "claim control # {}", "fax confirmation {}", "reference {}", "Provider ID (legacy) {}"]),
    "ten_digit": (neg_ten_digit, ["account {}", "customer no. {}", "policy {}", "Case Number: {}", "batch {}", "Loan # {}"]),
    "dea_bad": (lambda: neg_dea_bad(), ["DEA {} (rejected by the e-Rx check)", "registration {} failed verification",
                                        "old DEA on file {} — invalid", "Lic {}"]),
    "aba_bad": (neg_aba_bad, ["routing {} (bank says invalid)", "the routing number {} failed the ACH check",
                              "transit # {} bounced", "ref {}"]),
    "nhs_bad": (neg_nhs_bad, ["NHS no. {} fails the check digit", "old NHS number {} (invalid)", "hospital no. {}", "ref {}"]),
    "aws_example": (neg_aws_example, ["e.g. {} from the AWS docs", "sample key {}", "placeholder {}", "aws_access_key_id = {}  # example from docs"]),
    "aws_secret": (neg_aws_secret, ["secret (rotated) {}", "aws_secret_access_key={}", "SecretAccessKey: {}"]),
    "aws_account": (neg_aws_account, ["account {}", "AWS account ID {}", "acct {}"]),
    "masked_card": (lambda: neg_masked("card"), ["card ending {}", "card {}", "Visa {}", "paid with {}", "CC on file: {}", "last four {}"]),
    "masked_ssn": (lambda: neg_masked("ssn"), ["SSN {}", "SSN on file: {}", "soc {}", "masked SSN {}"]),
    "masked_phone": (lambda: neg_masked("phone"), ["phone {}", "callback {}", "number on file {}"]),
    "masked_other": (lambda: neg_masked(pick(["iban", "acct"])), ["account {}", "IBAN {}", "bank acct {}"]),
    "placeholder": (neg_placeholder_email, ["use the format {}", "e.g. {}", "the template still says {}", "placeholder {}",
                                            "do not send to {}", "like {}"]),
    "amount": (neg_amount, ["amount {}", "charged {}", "refund of {}", "balance {}", "total {}", "a credit of {}"]),
    "invoice": (neg_invoice, ["Invoice {}", "INV# {}", "invoice no. {}", "re: invoice {}", "bill {}"]),
    "ticket": (neg_ticket, ["ticket {}", "case {}", "Ticket {}", "see {}", "dup of {}", "linked incident {}"]),
    "member": (neg_member_id, ["Member ID {}", "member no {}", "subscriber ID {}", "Ins ID: {}", "policy # {}"]),
    "claim": (neg_claim, ["claim {}", "Claim #: {}", "ICN {}", "claim no. {}"]),
    "account": (neg_account, ["account {}", "Acct {}", "Accnt # {}", "customer ID {}", "acct no {}"]),
    "ein": (neg_ein, ["EIN {}", "Tax ID {}", "FEIN: {}"]),
    "zip": (neg_zip, ["ZIP {}", "zip code {}", "postal {}"]),
    "time": (neg_time, ["at {}", "call back after {}", "around {}", "before {}"]),
    "icd": (neg_icd, ["dx {}", "ICD-10 {}", "diagnosis code {}"]),
    "cpt": (neg_cpt, ["CPT {}", "code {}", "billed {}"]),
}


# =========================================================================== how people introduce values

LBL = {
    "en": {
        "PHONE_NUMBER": ["Phone", "Ph", "ph#", "Tel", "Cell", "cell#", "Mobile", "Mob.", "Contact #", "Phone Number", "Best callback #",
                         "Work phone", "Home ph", "Direct line", "Tel.", "Phone (mobile)", "Cb#", "Callback", "phone no.", "PHONE",
                         "Daytime phone", "Alt phone", "Office", "Main line", "Cell ph"],
        "EMAIL_ADDRESS": ["Email", "E-mail", "email addr", "Contact email", "e-mail", "Mail", "Email Address", "Primary email", "Billing email",
                          "Reply-to", "EMAIL", "Requester email", "login email", "Username/email", "eml", "Alt email"],
        "DATE_OF_BIRTH": ["DOB", "D.O.B", "D.O.B.", "Date of Birth", "DoB", "Birth Date", "Birthdate", "b-day", "Pt DOB", "date of birth",
                          "DOB (MM/DD/YYYY)", "Birthday", "Patient DOB", "dob", "Date Of Birth", "Birth dt", "DOB#"],
        "US_SSN": ["SSN", "SSN#", "Soc Sec #", "Social Security No.", "soc sec", "SS#", "Social", "SSN (full)", "Social Security Number",
                   "SSN/TIN", "ssn", "Soc. Sec. No", "SocSec"],
        "CREDIT_CARD": ["Card", "Card #", "Card Number", "CC", "CC#", "Credit card", "Card no.", "PAN", "Payment card", "Debit card",
                        "card num", "CC Number", "Cardnumber", "Card on file"],
        "IBAN_CODE": ["IBAN", "IBAN #", "Account (IBAN)", "Bank IBAN", "iban", "IBAN No.", "Payout IBAN", "IBAN (EUR account)"],
        "ABA_ROUTING_NUMBER": ["Routing #", "ABA", "ABA #", "Routing/Transit", "RTN", "Routing No.", "Bank routing number", "ABA/Routing",
                               "routing", "Routing Number", "R/T #", "ABA routing", "Transit/ABA"],
        "MEDICAL_RECORD_NUMBER": ["MRN", "MR#", "Med Rec #", "Medical Record No.", "Medical Record Number", "MRN#", "Pt MRN", "Chart MRN",
                                  "EHR MRN", "med rec no", "Medical record #", "MRN (Epic)", "mrn"],
        "US_NPI": ["NPI", "NPI#", "Provider NPI", "Rendering NPI", "Billing NPI", "Individual NPI", "Type 1 NPI", "NPI No.", "Group NPI",
                   "Referring NPI", "npi"],
        "US_DEA": ["DEA", "DEA#", "DEA Reg #", "DEA registration", "DEA No.", "DEA number", "DEA Reg. No", "dea"],
        "UK_NHS": ["NHS No", "NHS Number", "NHS #", "NHS no.", "NHS num", "NHS No.", "nhs number"],
        "IP_ADDRESS": ["IP", "IP Address", "Source IP", "Client IP", "WAN IP", "Public IP", "src", "Remote addr", "Egress IP", "Login IP",
                       "Static IP", "Peer", "ip_addr", "Office IP"],
        "AWS_ACCESS_KEY": ["aws_access_key_id", "Access key ID", "AWS key", "AccessKeyId", "AWS_ACCESS_KEY_ID", "access key", "key id"],
        "GITHUB_TOKEN": ["token", "GITHUB_TOKEN", "PAT", "GitHub token", "gh token", "Personal access token", "GH_TOKEN", "auth token"],
    },
    "de": {"PHONE_NUMBER": ["Telefon", "Tel.", "Handy", "Mobil", "Rückrufnummer", "Telefonnummer", "Tel", "Festnetz"],
           "EMAIL_ADDRESS": ["E-Mail", "Mail", "E-Mail-Adresse", "Email"],
           "DATE_OF_BIRTH": ["Geburtsdatum", "geb.", "Geb.-Datum", "Geburtstag", "Geb. am", "Geburtsdat."],
           "IBAN_CODE": ["IBAN", "Bankverbindung (IBAN)", "Kontonummer/IBAN", "IBAN-Nr."],
           "CREDIT_CARD": ["Kreditkarte", "Kartennummer", "Karte", "Kreditkartennr."],
           "MEDICAL_RECORD_NUMBER": ["MRN", "Aktennummer (MRN)", "Patientenakte MRN"], "IP_ADDRESS": ["IP", "IP-Adresse", "öffentliche IP"]},
    "fr": {"PHONE_NUMBER": ["Tél.", "Téléphone", "Portable", "Tél", "Numéro de téléphone", "Mobile", "Fixe"],
           "EMAIL_ADDRESS": ["Courriel", "E-mail", "Adresse mail", "Mail", "Adresse e-mail"],
           "DATE_OF_BIRTH": ["Date de naissance", "Né le", "Née le", "Date de naiss.", "DDN", "Naissance"],
           "IBAN_CODE": ["IBAN", "RIB/IBAN", "Coordonnées bancaires (IBAN)", "N° IBAN"],
           "CREDIT_CARD": ["Carte bancaire", "Numéro de carte", "CB", "N° de carte"],
           "MEDICAL_RECORD_NUMBER": ["MRN", "N° de dossier médical (MRN)", "Dossier MRN"], "IP_ADDRESS": ["IP", "Adresse IP", "IP publique"]},
    "es": {"PHONE_NUMBER": ["Teléfono", "Tel.", "Móvil", "Celular", "Tfno.", "Tlf"],
           "EMAIL_ADDRESS": ["Correo", "Correo electrónico", "Email", "E-mail"],
           "DATE_OF_BIRTH": ["Fecha de nacimiento", "F. nacimiento", "Fecha nac.", "Nacido el", "Nacida el", "F. Nac."],
           "IBAN_CODE": ["IBAN", "Cuenta (IBAN)", "Nº de cuenta IBAN", "Cuenta bancaria"],
           "CREDIT_CARD": ["Tarjeta", "Nº de tarjeta", "Tarjeta de crédito", "Número de tarjeta"],
           "MEDICAL_RECORD_NUMBER": ["MRN", "Nº historia clínica (MRN)", "Historia clínica MRN"], "IP_ADDRESS": ["IP", "Dirección IP", "IP pública"]},
    "pt": {"PHONE_NUMBER": ["Telefone", "Tel.", "Telemóvel", "Celular", "Contacto", "Tlm"],
           "EMAIL_ADDRESS": ["E-mail", "Email", "Correio eletrónico", "Endereço de e-mail"],
           "DATE_OF_BIRTH": ["Data de nascimento", "Data nasc.", "Nascido em", "Nascida em", "Dt. nascimento"],
           "IBAN_CODE": ["IBAN", "NIB/IBAN", "Conta (IBAN)"],
           "CREDIT_CARD": ["Cartão", "Nº do cartão", "Cartão de crédito", "Número do cartão"],
           "MEDICAL_RECORD_NUMBER": ["MRN", "Nº do processo clínico (MRN)"], "IP_ADDRESS": ["IP", "Endereço IP", "IP público"]},
    "it": {"PHONE_NUMBER": ["Telefono", "Tel.", "Cellulare", "Cell.", "Recapito", "Tel"],
           "EMAIL_ADDRESS": ["E-mail", "Email", "Posta elettronica", "Indirizzo email"],
           "DATE_OF_BIRTH": ["Data di nascita", "Nato il", "Nata il", "Data nascita", "Data di nasc."],
           "IBAN_CODE": ["IBAN", "Coordinate bancarie (IBAN)", "Codice IBAN"],
           "CREDIT_CARD": ["Carta", "Numero carta", "Carta di credito", "N. carta"],
           "MEDICAL_RECORD_NUMBER": ["MRN", "N. cartella clinica (MRN)"], "IP_ADDRESS": ["IP", "Indirizzo IP", "IP pubblico"]},
    "nl": {"PHONE_NUMBER": ["Telefoon", "Tel.", "Mobiel", "Telefoonnummer", "GSM", "Tel"],
           "EMAIL_ADDRESS": ["E-mail", "Mail", "E-mailadres", "Email"],
           "DATE_OF_BIRTH": ["Geboortedatum", "Geb. datum", "Geboren op", "Geb.datum"],
           "IBAN_CODE": ["IBAN", "Rekeningnummer (IBAN)", "Bankrekening", "IBAN-nummer"],
           "CREDIT_CARD": ["Creditcard", "Kaartnummer", "Creditcardnummer"],
           "MEDICAL_RECORD_NUMBER": ["MRN", "Dossiernummer (MRN)"], "IP_ADDRESS": ["IP", "IP-adres", "Publiek IP"]},
}

SENT = {
    "en": {
        "PHONE_NUMBER": ["call me back at {}.", "my number is {}", "you can reach her on {} after 3pm", "best number is {} (cell)",
                         "Please call {} to confirm.", "left a voicemail at {}", "he asked us to text {} instead of emailing",
                         "Customer called in from {} — ", "Reach me at {} anytime.", "can u call {} pls", "her cell is {}, work line doesn't pick up",
                         "Callback requested: {}.", "(cell {})", "number changed to {} last month", "the fax line is {} btw",
                         "I tried {} twice, no answer.", "Phone on the account should be {} not the old one", "txt me {}"],
        "EMAIL_ADDRESS": ["send it to {} please", "my email is {}", "reply to {} not the noreply", "cc'd {} on this",
                          "invoices should go to {}.", "login is {}", "forwarded from {}", "(email: {})", "she emails from {} usually",
                          "please update the contact to {}!", "Reset link never arrived at {}", "user {} cannot log in",
                          "Looping in {} from finance.", "Can you add {} as an admin?"],
        "DATE_OF_BIRTH": ["the patient was born on {}", "DOB on the chart is {} but the card says otherwise", "born {}",
                          "his date of birth is {}", "her birthday is {}, please correct it", "verified identity with DOB {}",
                          "caller gave dob {} to verify", "the DOB should be {} (typo in intake)", "confirmed b-day {}.",
                          "member's date of birth: {}", "D.O.B. was entered as {}"],
        "US_SSN": ["my SSN is {}", "verified last name + SSN {}", "the social on file, {}, is wrong", "customer read out SSN {} over the phone (!)",
                   "soc sec {} was typed into the notes field", "tax form shows SSN {}", "please remove the SSN ({}) from the ticket"],
        "CREDIT_CARD": ["please charge {} instead", "my card number is {}", "the card ending in the wrong digits — correct one is {}",
                        "customer pasted {} in the chat", "new card: {}", "try the other card {}", "card {} was declined twice",
                        "refund to the original card {}", "use {} for the renewal"],
        "IBAN_CODE": ["please refund to IBAN {}", "our new bank account is {}", "pay out to {}", "wire went to {} instead of the new account",
                      "updated IBAN: {}.", "remit to {}"],
        "ABA_ROUTING_NUMBER": ["routing number {} and account ending 4471", "ACH routing {}", "the bank's ABA is {}", "routing/transit {}",
                               "new routing # {} for direct deposit", "RTN {} per the voided check"],
        "MEDICAL_RECORD_NUMBER": ["patient MRN {} shows a duplicate chart", "merge MRN {} into the older chart", "chart for MRN {} is locked",
                                  "pt med rec # {} missing labs", "the MRN is {}", "MRN {} / encounter not found"],
        "US_NPI": ["Dr. {last} (NPI {})", "the NPI {} is not on the payer roster", "rendering provider NPI {}", "NPI on the claim is {}",
                   "add NPI {} to the provider profile", "billing under NPI {}"],
        "US_DEA": ["Dr. {last}'s DEA {} expired in the EPCS setup", "DEA number {} for the controlled-substance Rx", "DEA {} needs re-verification",
                   "EPCS blocked, DEA {} mismatch"],
        "UK_NHS": ["patient NHS number {}", "NHS no. {} appears twice in the spine lookup", "NHS number {} does not match the GP record",
                   "for NHS {} the referral is stuck"],
        "IP_ADDRESS": ["login from {}", "blocked IP {}", "traffic from {} hitting the API", "whitelist {} please", "VPN egress is {}",
                       "customer's public IP: {}", "suspicious sign-in from {}", "the webhook comes from {}", "allowlist {} — that is our office"],
        "AWS_ACCESS_KEY": ["the access key {} was pasted in the ticket", "AWS key {} leaked in the repo", "rotate {} asap",
                           "they shared aws key id {} by email"],
        "GITHUB_TOKEN": ["token {} was committed to the public repo", "revoke {} please", "CI uses {} (should be a secret!)",
                         "the PAT {} has admin scope"],
    },
    "de": {"PHONE_NUMBER": ["Bitte rufen Sie mich unter {} zurück.", "Ich bin unter {} erreichbar", "Rückruf an {} erbeten", "Handy: {} (ab 14 Uhr)"],
           "EMAIL_ADDRESS": ["Bitte an {} schicken.", "meine Mailadresse ist {}", "Rechnungen bitte an {}", "Login: {}"],
           "DATE_OF_BIRTH": ["geboren am {}", "Geburtsdatum laut Ausweis: {}", "Patientin, geb. {}, "],
           "IBAN_CODE": ["Bitte erstatten Sie auf {}.", "Unsere neue Bankverbindung lautet {}", "Lastschrift von {} abbuchen"],
           "CREDIT_CARD": ["Meine Kartennummer ist {}", "bitte die Karte {} belasten"]},
    "fr": {"PHONE_NUMBER": ["merci de me rappeler au {}.", "vous pouvez me joindre au {}", "mon portable : {}", "rappel souhaité au {}"],
           "EMAIL_ADDRESS": ["envoyez-le à {} svp", "mon adresse mail est {}", "factures à {}", "identifiant : {}"],
           "DATE_OF_BIRTH": ["né le {}", "née le {}", "date de naissance indiquée : {}"],
           "IBAN_CODE": ["merci de rembourser sur l'IBAN {}", "nouveau RIB : {}", "prélèvement sur {}"],
           "CREDIT_CARD": ["mon numéro de carte est {}", "débitez la carte {}"]},
    "es": {"PHONE_NUMBER": ["llámeme al {}", "mi teléfono es {}", "pueden contactarme en el {}", "móvil {} (por las tardes)"],
           "EMAIL_ADDRESS": ["envíenlo a {}", "mi correo es {}", "facturas a {}", "usuario: {}"],
           "DATE_OF_BIRTH": ["nacido el {}", "nacida el {}", "fecha de nacimiento: {}"],
           "IBAN_CODE": ["devuelvan el importe a {}", "nuestra nueva cuenta es {}", "domiciliación en {}"],
           "CREDIT_CARD": ["mi tarjeta es {}", "carguen a la tarjeta {}"]},
    "pt": {"PHONE_NUMBER": ["liguem-me para o {}", "o meu número é {}", "contacto: {}", "podem ligar para {}"],
           "EMAIL_ADDRESS": ["enviem para {}", "o meu e-mail é {}", "faturas para {}"],
           "DATE_OF_BIRTH": ["nascido em {}", "nascida em {}", "data de nascimento: {}"],
           "IBAN_CODE": ["reembolso para o IBAN {}", "a nova conta é {}"],
           "CREDIT_CARD": ["o número do cartão é {}", "debitem no cartão {}"]},
    "it": {"PHONE_NUMBER": ["richiamatemi al {}", "il mio numero è {}", "reperibile al {}", "cellulare {} (dopo le 15)"],
           "EMAIL_ADDRESS": ["inviate a {}", "la mia email è {}", "fatture a {}"],
           "DATE_OF_BIRTH": ["nato il {}", "nata il {}", "data di nascita: {}"],
           "IBAN_CODE": ["rimborso sull'IBAN {}", "il nuovo conto è {}", "addebito su {}"],
           "CREDIT_CARD": ["il numero della carta è {}", "addebitate sulla carta {}"]},
    "nl": {"PHONE_NUMBER": ["bel me terug op {}", "mijn nummer is {}", "bereikbaar op {}", "mobiel {} (na 15u)"],
           "EMAIL_ADDRESS": ["stuur het naar {}", "mijn e-mailadres is {}", "facturen naar {}"],
           "DATE_OF_BIRTH": ["geboren op {}", "geboortedatum: {}"],
           "IBAN_CODE": ["graag terugstorten op {}", "ons nieuwe rekeningnummer is {}", "incasso van {}"],
           "CREDIT_CARD": ["mijn kaartnummer is {}", "schrijf af van kaart {}"]},
}
SEPS = [": ", ":", " - ", " : ", " = ", " ", ":  ", " -> ", ":\t", " – "]
SEP_W = [50, 8, 8, 4, 3, 8, 3, 2, 2, 2]


def lbl_frame(lang, ent):
    labels = LBL.get(lang, {}).get(ent) or LBL["en"][ent]
    lab = pick(labels)
    sep = R.choices(SEPS, SEP_W)[0]
    if lab.endswith(("#", ":")) and chance(0.5):
        sep = pick(["", " "])
    return lab + sep + "{}"


def sent_frame(lang, ent, p=None):
    frames = SENT["en"].get(ent) if lang == "en" else SENT.get(lang, {}).get(ent)
    if not frames:
        return None
    f = pick(frames)
    if "{last}" in f:
        f = f.replace("{last}", p.last if p else pick(LAST))
    return f


def emit_value(d, lang, item, p=None, style=None):
    """Write one value with a label or in a sentence; returns the fmt context used."""
    style = style or R.choices(["lbl", "sent"], [55, 45])[0]
    fr = sent_frame(lang, item.ent, p) if style == "sent" else None
    if fr is None:
        fr, style = lbl_frame(lang, item.ent), "lbl"
        # placement variety
        r = R.random()
        if r < 0.12:
            fr, style = "(" + fr + ")", "lbl_paren"
        elif r < 0.2:
            fr = fr.replace("{}", '"{}"')
            style = "lbl_quoted"
        elif r < 0.32:
            fr, style = fr + pick([".", ",", ";", "!", " ."]), "lbl_punct"
    d.fr(fr, item, style)
    return style


# =========================================================================== note building blocks

NEG_LOC = {
    "de": {"order": ["Bestellnummer {}", "Bestellung {}", "Auftragsnr. {}"], "invoice": ["Rechnung Nr. {}", "Rechnungsnummer {}"],
           "date": ["Termin am {}", "Rechnungsdatum {}", "geliefert am {}", "Lieferung vom {}"], "ticket": ["Ticket {}", "Vorgang {}"]},
    "fr": {"order": ["commande n° {}", "N° de commande {}", "commande {}"], "invoice": ["facture n° {}", "facture {}"],
           "date": ["rendez-vous le {}", "facture du {}", "livré le {}", "expédié le {}"], "ticket": ["ticket {}", "dossier {}"]},
    "es": {"order": ["pedido nº {}", "número de pedido {}", "pedido {}"], "invoice": ["factura {}", "factura nº {}"],
           "date": ["cita el {}", "factura del {}", "entregado el {}", "enviado el {}"], "ticket": ["incidencia {}", "ticket {}"]},
    "pt": {"order": ["encomenda nº {}", "pedido {}", "número da encomenda {}"], "invoice": ["fatura {}", "fatura nº {}"],
           "date": ["consulta em {}", "fatura de {}", "entregue em {}", "enviado em {}"], "ticket": ["pedido de suporte {}", "ticket {}"]},
    "it": {"order": ["ordine n. {}", "numero ordine {}", "ordine {}"], "invoice": ["fattura n. {}", "fattura {}"],
           "date": ["appuntamento il {}", "fattura del {}", "consegnato il {}", "spedito il {}"], "ticket": ["ticket {}", "pratica {}"]},
    "nl": {"order": ["bestelnummer {}", "bestelling {}", "ordernr. {}"], "invoice": ["factuur {}", "factuurnummer {}"],
           "date": ["afspraak op {}", "factuurdatum {}", "geleverd op {}", "verzonden op {}"], "ticket": ["ticket {}", "melding {}"]},
}


def emit_neg(d, lang, key):
    if lang != "en" and key in ("order_fail", "order_pass", "invoice", "ticket") and chance(0.75):
        loc = {"order_fail": "order", "order_pass": "order"}.get(key, key)
        gen = NEG_EN[key][0]
        d.fr(pick(NEG_LOC[lang][loc]), gen())
        return
    if lang != "en" and key.startswith("date_") and key != "date_birth_other" and chance(0.8):
        d.fr(pick(NEG_LOC[lang]["date"]), neg_date(lang, {"date_appt": "date_appointment", "date_invoice": "date_invoice"}.get(key, "date_shipped")))
        return
    if key == "iban_bad":
        d.fr(pick(NEG_EN[key][1]), neg_iban_bad(lang))
        return
    gen, frames = NEG_EN[key]
    d.fr(pick(frames), gen())


def make_item(ent, lang, p=None, prov=None):
    if ent == "PHONE_NUMBER":
        return phone(lang)
    if ent == "EMAIL_ADDRESS":
        return email(p if p and chance(0.6) else None, lang=lang)
    if ent == "DATE_OF_BIRTH":
        return dob(lang)
    if ent == "US_SSN":
        return ssn()
    if ent == "CREDIT_CARD":
        return card()
    if ent == "IBAN_CODE":
        return iban(lang)
    if ent == "ABA_ROUTING_NUMBER":
        return aba()
    if ent == "IP_ADDRESS":
        return ip()
    if ent == "MEDICAL_RECORD_NUMBER":
        return mrn()
    if ent == "US_NPI":
        return npi()
    if ent == "US_DEA":
        return dea((prov or p or Person()).last)
    if ent == "UK_NHS":
        return nhs()
    if ent == "AWS_ACCESS_KEY":
        return aws_key()
    if ent == "GITHUB_TOKEN":
        return gh_token()
    if ent == "PRIVATE_KEY":
        return pem()
    raise KeyError(ent)


def wpick(weights: dict, k: int):
    keys = list(weights)
    return R.choices(keys, [weights[x] for x in keys], k=k)


FILLER_EN = ["Thanks in advance.", "This is urgent.", "Not sure if this is the right queue.", "Let me know if you need anything else.",
             "Second time asking.", "See below.", "FYI.", "Sorry for the long message.", "Appreciate the quick turnaround.",
             "We tried clearing cache, no luck.", "Screenshot attached.", "Same issue as last week.", "pls advise",
             "Customer is frustrated.", "Priority: high.", "No rush.", "ok so", "Update:", "Per our call:", "Also,"]
FILLER = {
    "de": ["Vielen Dank im Voraus.", "Das ist dringend.", "Siehe unten.", "Bitte um Rückmeldung.", "Zweite Anfrage!"],
    "fr": ["Merci d'avance.", "C'est urgent.", "Voir ci-dessous.", "Cordialement.", "Deuxième relance !"],
    "es": ["Gracias de antemano.", "Es urgente.", "Ver abajo.", "Quedo atento.", "¡Segunda vez que escribo!"],
    "pt": ["Obrigado desde já.", "É urgente.", "Ver abaixo.", "Aguardo resposta.", "Segunda vez que escrevo!"],
    "it": ["Grazie in anticipo.", "È urgente.", "Vedi sotto.", "Resto in attesa.", "Secondo sollecito!"],
    "nl": ["Alvast bedankt.", "Het is dringend.", "Zie hieronder.", "Graag een reactie.", "Tweede keer dat ik mail!"],
}


def filler(lang):
    return pick(FILLER_EN if lang == "en" else FILLER[lang])


def blk_prose(d, lang, items, negs, p=None, prov=None):
    """sentences mixing values and hard negatives."""
    seq = [("v", x) for x in items] + [("n", k) for k in negs]
    R.shuffle(seq)
    for i, (t, x) in enumerate(seq):
        if chance(0.25):
            d.add(filler(lang), " ")
        if t == "v":
            emit_value(d, lang, x, p=prov if x.ent in ("US_NPI", "US_DEA") else p)
        else:
            emit_neg(d, lang, x)
        d.add(pick([". ", "\n", " ", ", ", "\n\n", ". "]) if i < len(seq) - 1 else pick([".", "", "\n", "!"]))
    d.add("\n")


def blk_form(d, lang, items, negs, p=None, prov=None):
    bullet = pick(["", "", "- ", "* ", "• ", "> "])
    upper = chance(0.15)
    name_lbl = {"en": pick(["Name", "Full name", "Customer", "Patient", "Caller", "Contact"]), "de": "Name", "fr": "Nom",
                "es": "Nombre", "pt": "Nome", "it": "Nome", "nl": "Naam"}[lang]
    if p:
        d.add(bullet, name_lbl.upper() if upper else name_lbl, ": ", p.name, "\n")
    seq = [("v", x) for x in items] + [("n", k) for k in negs]
    R.shuffle(seq)
    for t, x in seq:
        d.add(bullet)
        if t == "v":
            fr = lbl_frame(lang, x.ent)
            if upper:
                a, b = fr.split("{}")
                fr = a.upper() + "{}" + b
            if chance(0.12):
                fr = fr + pick(["  (verified)", " (per caller)", " ", " <- new", "  ✓"])
            d.fr(fr, x, "form")
        else:
            emit_neg(d, lang, x)
        d.add("\n")


def blk_bullets(d, lang, items, negs, p=None, prov=None):
    mark = pick(["- ", "* ", "• ", "1) ", "– "])
    seq = [("v", x) for x in items] + [("n", k) for k in negs]
    R.shuffle(seq)
    for i, (t, x) in enumerate(seq):
        d.add(mark if not mark[0].isdigit() else f"{i + 1}) ")
        if t == "v":
            emit_value(d, lang, x, p=prov if x.ent in ("US_NPI", "US_DEA") else p)
        else:
            emit_neg(d, lang, x)
        d.add("\n")


COLNAMES = {
    "PHONE_NUMBER": ["phone", "Phone", "phone_number", "Mobile", "cell", "Tel"], "EMAIL_ADDRESS": ["email", "Email", "email_address", "E-mail", "contact_email"],
    "DATE_OF_BIRTH": ["dob", "DOB", "date_of_birth", "Birth Date", "birthdate", "BirthDate"], "US_SSN": ["ssn", "SSN", "soc_sec_no", "SSN#"],
    "CREDIT_CARD": ["card_number", "Card", "cc_num", "PAN"], "IBAN_CODE": ["iban", "IBAN", "bank_iban"],
    "ABA_ROUTING_NUMBER": ["routing", "aba_routing", "Routing #", "RTN"], "IP_ADDRESS": ["ip", "src_ip", "client_ip", "IP Address"],
    "MEDICAL_RECORD_NUMBER": ["mrn", "MRN", "med_rec_no", "Medical Record #"], "US_NPI": ["npi", "NPI", "provider_npi"],
    "US_DEA": ["dea", "DEA #", "dea_number"], "UK_NHS": ["nhs_number", "NHS No", "nhs_no"], "AWS_ACCESS_KEY": ["access_key_id", "AccessKeyId"],
    "GITHUB_TOKEN": ["token", "gh_token"],
}
NEGCOL = {"order_fail": ["order_id", "Order #"], "order_pass": ["order_number", "Order No"], "invoice": ["invoice", "Invoice #"],
          "ticket": ["ticket", "case_id"], "date_appt": ["appt_date", "Appointment"], "date_invoice": ["invoice_date", "Billed"],
          "date_shipped": ["created_at", "Shipped"], "member": ["member_id", "Member ID"], "account": ["account", "Acct #"],
          "masked_card": ["card_last4", "Card (masked)"], "amount": ["amount", "Amount"], "uuid": ["user_uuid", "id"], "zip": ["zip", "ZIP"],
          "claim": ["claim_no", "Claim #"], "mac": ["mac", "MAC"], "serial": ["serial", "Serial"]}


def row_values(cols, lang, prov=None):
    vals = []
    p = Person(lang)
    for c in cols:
        if c in NEGCOL:
            if c.startswith("date_"):
                vals.append(neg_date(lang, {"date_appt": "date_appointment", "date_invoice": "date_invoice"}.get(c, "date_shipped")))
            else:
                vals.append(NEG_EN[c][0]())
        else:
            vals.append(make_item(c, lang, p, prov))
    return p, vals


def blk_table(d, lang, ents, negcols, kind=None, nrows=None):
    kind = kind or pick(["csv", "csv", "tsv", "semicolon", "md", "md", "pipe_plain"])
    cols = list(ents) + list(negcols)
    R.shuffle(cols)
    names = [pick(COLNAMES[c]) if c in COLNAMES else pick(NEGCOL[c]) for c in cols]
    name_col = pick(["name", "Name", "patient_name", "customer", "Full Name"])
    nrows = nrows or R.randint(2, 5)
    sep = {"csv": ",", "tsv": "\t", "semicolon": ";", "md": " | ", "pipe_plain": "|"}[kind]
    quote = kind in ("csv", "semicolon") and chance(0.3)
    if kind == "md":
        d.add("| ", name_col, " | ", " | ".join(names), " |\n|", "---|" * (len(cols) + 1), "\n")
    else:
        d.add(sep.join([name_col] + names), "\n")
    for _ in range(nrows):
        p, vals = row_values(cols, lang)
        if kind == "md":
            d.add("| ", p.name, " |")
            for v in vals:
                d.add(" ", v.ctx("md_cell") if isinstance(v, V) else v, " |")
            d.add("\n")
        else:
            d.add(f'"{p.name}"' if quote or (sep == "," and "," in p.name) else p.name)
            for v in vals:
                d.add(sep)
                v2 = v.ctx(kind) if isinstance(v, V) else v
                if quote:
                    d.add('"', v2, '"')
                else:
                    d.add(v2)
            d.add("\n")


def blk_json_snip(d, lang, ents, negs, p=None):
    p = p or Person(lang)
    keys = {"PHONE_NUMBER": ["phone", "mobilePhone", "phone_number", "contactPhone"], "EMAIL_ADDRESS": ["email", "emailAddress", "contact_email"],
            "DATE_OF_BIRTH": ["dob", "dateOfBirth", "birth_date", "birthDate"], "US_SSN": ["ssn", "socialSecurityNumber", "tax_id_ssn"],
            "CREDIT_CARD": ["card_number", "pan", "cardNumber"], "IBAN_CODE": ["iban", "payoutIban"], "ABA_ROUTING_NUMBER": ["routing_number", "abaRouting"],
            "IP_ADDRESS": ["ip", "client_ip", "remoteAddr", "last_login_ip"], "MEDICAL_RECORD_NUMBER": ["mrn", "medicalRecordNumber"],
            "US_NPI": ["npi", "providerNpi"], "US_DEA": ["dea", "deaNumber"], "UK_NHS": ["nhsNumber", "nhs_no"],
            "AWS_ACCESS_KEY": ["aws_access_key_id", "AccessKeyId"], "GITHUB_TOKEN": ["github_token", "token"]}
    yaml = chance(0.4)
    ind = pick(["  ", "    "])
    if yaml:
        d.add(pick(["```yaml\n", "", "---\n"]))
        d.add(pick(["customer:", "contact:", "patient:", "user:", "payload:"]), "\n", ind, "name: ", p.name, "\n")
    else:
        d.add(pick(["```json\n", "", "payload:\n", "request body:\n"]))
        d.add("{", "\n" + ind if chance(0.7) else "", f'"name": "{p.name}"')
    multiline = not yaml and chance(0.7)
    seq = [("v", e) for e in ents] + [("n", k) for k in negs]
    R.shuffle(seq)
    for t, e in seq:
        if t == "v":
            k = pick(keys[e])
            item = make_item(e, lang, p)
            if e == "PRIVATE_KEY":
                continue
        else:
            k = pick(NEGCOL.get(e, ["ref", "id"]))
            item = NEG_EN[e][0]() if not e.startswith("date_") else neg_date(lang)
        if yaml:
            q = pick(["", '"', "'"])
            d.add(ind, k, ": ", q, item.ctx("yaml") if isinstance(item, V) else item, q, "\n")
        else:
            d.add(",", "\n" + ind if multiline else " ", f'"{k}": "', item.ctx("json_snip") if isinstance(item, V) else item, '"')
    if yaml:
        d.add(pick(["```\n", "", ""]))
    else:
        d.add("\n}" if multiline else "}", "\n", pick(["```\n", "", ""]))


def blk_log(d, lang, n=None):
    n = n or R.randint(2, 6)
    host = pick(["fw01", "edge-gw", "web-3", "vpn01", "auth-svc", "nginx", "sshd-bastion", "api-prod-2"])
    for _ in range(n):
        ts = neg_timestamp()
        r = R.randint(0, 7)
        if r == 0:
            d.add(ts, f" {host} sshd[{R.randint(1000, 65000)}]: Failed password for {pick(['root', 'admin', 'ubuntu', 'invalid user test'])} from ",
                  ip("v4").ctx("log_sshd"), f" port {R.randint(1024, 65535)} ssh2\n")
        elif r == 1:
            d.add(ip().ctx("log_access"), ' - - [', N(f"{R.randint(1, 28):02d}/{pick(EN_MON)[:3]}/2024:{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d} +0000", "timestamp"),
                  f'] "GET /api/v2/tickets/{R.randint(1000, 99999)} HTTP/1.1" {pick(["200", "401", "403", "500"])} {R.randint(100, 9999)}\n')
        elif r == 2:
            d.add(ts, " INFO auth: login ", pick(["ok", "failed", "mfa_challenge"]), " user=", email().ctx("log_kv"), " ip=", ip().ctx("log_kv"),
                  " req=", neg_uuid(), "\n")
        elif r == 3:
            d.add(ts, " WARN s3-sync: AccessDenied using key ", aws_key().ctx("log"), " (account ", neg_aws_account(), ")\n")
        elif r == 4:
            d.add("[", ts, "] ", pick(["ERROR", "error", "E"]), f" webhook delivery to https://", ip("v4").ctx("url"), f":{pick(['8443', '443', '8080'])}/hooks failed: timeout\n")
        elif r == 5:
            a = ip(pick(["v6c", "v6full"]))
            d.add(ts, " ", host, " kernel: DROP IN=eth0 SRC=", a.ctx("log_kv"), " DST=", ip().ctx("log_kv"), " PROTO=TCP DPT=", str(pick([22, 443, 3389])), "\n")
        elif r == 6:
            d.add(ts, " DEBUG client connected from [", ip("v6c").ctx("bracket_port"), f"]:{R.randint(1024, 65535)} mac=", neg_mac(), "\n")
        else:
            d.add(ts, " INFO ", pick(["build", "deploy"]), " ", neg_build(), " version ", neg_version(), " commit ", neg_sha("git_sha_short"), "\n")


def blk_signature(d, lang, p, comp, style=None):
    style = style or R.choice(["block", "oneline", "pipe", "mobile"])
    title = pick(["Office Manager", "Billing Specialist", "IT Coordinator", "Practice Administrator", "Accounts Payable", "Customer Success Manager",
                  "Support Engineer II", "Revenue Cycle Lead", "Director of Operations", "Front Desk", "Senior Analyst", "Owner"])
    d.add(pick(["\n--\n", "\n\n", "\n-- \n", "\nBest,\n", "\nThanks,\n", "\nRegards,\n", "\nCheers,\n"]))
    if style == "block":
        d.add(p.name, "\n", title, pick([" | ", ", ", "\n"]), comp[0], "\n")
        for lab in R.sample(["T", "M", "O", "D", "C", "Tel", "Mobile", "Direct", "Office", "Cell", "P", "Ph"], R.choices([1, 2], [75, 25])[0]):
            ph = phone(lang)
            d.add(lab, pick([": ", " ", ". ", ":"]), ph.ctx("sig"))
            if chance(0.25):
                d.add(pick([" ext. ", " x", " ext ", " Ext: ", " #"]), neg_ext())
            d.add("\n")
        if chance(0.85):
            d.add(pick(["", "E: ", "Email: ", "e. "]), email(p, comp[1], lang, pick(["plain", "initial", "plain", "hyphen"])).ctx("sig"), "\n")
        d.add(pick(["www." + comp[1], "https://" + comp[1], ""]), "\n")
    elif style in ("oneline", "pipe"):
        sep = " | " if style == "pipe" else " · "
        d.add(p.name, sep, title, sep, comp[0], sep, phone(lang).ctx("sig_inline"))
        if chance(0.7):
            d.add(sep, email(p, comp[1], lang, pick(["plain", "initial"])).ctx("sig_inline"))
        d.add("\n")
    else:
        d.add(p.first, "\n", pick(["Sent from my iPhone", "Sent from Outlook for Android", "Get Outlook for iOS", "Sent from my Galaxy"]), "\n")
        if chance(0.5):
            d.add(pick(["c: ", "cell ", "m. "]), phone(lang).ctx("sig_mobile"), "\n")


DISCLAIMERS = ["CONFIDENTIALITY NOTICE: This e-mail, including any attachments, is for the sole use of the intended recipient(s) and may contain "
               "confidential and privileged information. Any unauthorized review, use, disclosure or distribution is prohibited.",
               "This message may contain protected health information (PHI). If you received it in error, notify the sender and delete it.",
               "Please consider the environment before printing this email.",
               "The information in this email is confidential. If you are not the intended recipient please delete it. "
               "Our privacy policy: https://{dom}/privacy",
               "Diese E-Mail kann vertrauliche Informationen enthalten. Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte den Absender."]


def blk_disclaimer(d, comp):
    t = pick(DISCLAIMERS).replace("{dom}", comp[1])
    d.add("\n", t)
    if chance(0.4):
        d.add(" Questions: ", email(None, comp[1], variant="role").ctx("disclaimer"), ".")
    d.add("\n")


def blk_email_header(d, lang, frm, frm_comp, to_comp):
    fe = email(frm, frm_comp[1], lang, pick(["plain", "initial", "upper", "subdomain", "plus"]))
    d.add(pick(["From: ", "FROM: ", "From:\t"]), frm.name, " <", fe.ctx("hdr_from_angle"), ">\n")
    d.add(pick(["Sent: ", "Date: "]), neg_timestamp(), "\n")
    to = Person()
    if chance(0.5):
        d.add("To: ", f"{VENDOR[0]} Support <", email(to, VENDOR[1], variant=pick(["role", "plain"])).ctx("hdr_to_angle"), ">\n")
    else:
        d.add("To: ", email(to, VENDOR[1], variant=pick(["role", "plain"])).ctx("hdr_to"), "\n")
    if chance(0.2):
        d.add("Cc: ", email(None, to_comp[1], lang).ctx("hdr_cc"), "\n")
    d.add("Subject: ", pick(["RE: ", "FW: ", "Re: ", "AW: ", "TR: ", ""]), pick(SUBJECTS), "\n\n")


SUBJECTS = ["Billing question", "Can't log in", "URGENT - wrong charge", "Update contact info", "Refund request", "Patient chart merge",
            "Account access", "Payment failed", "ePrescribing setup", "VPN issue", "API key exposed", "Onboarding docs", "Duplicate invoice",
            "Card declined", "Direct deposit change", "Portal locked", "Data export", "Password reset not received", "Claim rejection",
            "Wrong DOB on record", "New hire setup", "Server unreachable", "Chargeback notice", "W-9 / vendor form"]


def blk_chat(d, lang, ents, negs, p, prov=None):
    agent = pick(FIRST)
    cust = pick([p.first, "Visitor", "Customer", p.name, "guest_" + str(R.randint(100, 999))])
    style = pick(["brackets", "plain", "dash", "ts"])
    def who(n):
        t = f"{R.randint(8, 17)}:{R.randint(0, 59):02d}"
        return {"brackets": f"[{t}] {n}: ", "plain": f"{n}: ", "dash": f"{n} — ", "ts": f"{t} {n} > "}[style]
    ask = {"PHONE_NUMBER": "what's the best number to reach you?", "EMAIL_ADDRESS": "what email is on the account?",
           "DATE_OF_BIRTH": "can you confirm your date of birth?", "US_SSN": "I'll need the SSN on the application to look this up",
           "CREDIT_CARD": "which card would you like us to use?", "IBAN_CODE": "which IBAN should the refund go to?",
           "ABA_ROUTING_NUMBER": "what's the routing number on the new account?", "MEDICAL_RECORD_NUMBER": "do you have the patient's MRN?",
           "US_NPI": "what's the provider's NPI?", "IP_ADDRESS": "what's your public IP? (whatismyip)", "UK_NHS": "what's the patient's NHS number?",
           "US_DEA": "what's the prescriber's DEA number?", "AWS_ACCESS_KEY": "which access key id is it?", "GITHUB_TOKEN": "which token?"}
    d.add(who(agent), pick(["Hi! How can I help today?", "Thanks for contacting support, this is " + agent + ".", "hello, you're chatting with " + agent]), "\n")
    d.add(who(cust), pick(["hi my account is locked", "I was charged twice", "need to update my info", "our clinic can't send scripts",
                           "the portal says my details are wrong"]), "\n")
    for e in ents:
        item = make_item(e, lang, p, prov)
        if lang == "en" and chance(0.6):
            d.add(who(agent), ask[e], "\n", who(cust))
            if chance(0.5):
                d.add(item.ctx("chat_answer"))
            else:
                d.add(pick(["sure, ", "it's ", "ok ", "", "umm ", "yes "]), item.ctx("chat_answer"), pick(["", " thanks", "!", " i think", "."]))
            d.add("\n")
        else:
            d.add(who(cust))
            emit_value(d, lang, item, p)
            d.add("\n")
        if negs and chance(0.5):
            d.add(who(agent), pick(["I see ", "ok, looking at ", "found "]))
            emit_neg(d, lang, negs.pop())
            d.add("\n")
    for k in negs:
        d.add(who(agent))
        emit_neg(d, lang, k)
        d.add("\n")
    d.add(who(agent), pick(["Anything else?", "I've updated that for you.", "Escalating to billing.", "Done — you should get an email shortly."]), "\n")


def blk_quote(d, lang, ents, negs, p):
    q = Doc()
    if chance(0.6):
        q.add(pick(["On ", "Am ", "Le ", "El "]) if lang != "en" else "On ", neg_date(lang, "date_email_sent"), ", ", p.name, " wrote:\n")
    inner = Doc()
    blk_prose(inner, lang, [make_item(e, lang, p) for e in ents], negs, p)
    prefix = pick(["> ", ">", "| "])
    txt = inner.text()
    # prefix each line, keeping offsets
    out = Doc()
    pos = 0
    lines = txt.split("\n")
    starts = []
    for ln in lines:
        starts.append(pos)
        pos += len(ln) + 1
    extra = 0
    shift = []
    for i, ln in enumerate(lines):
        shift.append(extra + len(prefix) * (i + 1))
    def mp(x):
        i = max(j for j in range(len(starts)) if starts[j] <= x)
        return x + len(prefix) * (i + 1)
    body = "\n".join(prefix + ln for ln in lines)
    d.add(q)
    base = d.n
    d._t(body)
    for s in inner.spans:
        d.spans.append([base + mp(s[0]), base + mp(s[0]) + (s[1] - s[0]), s[2], s[3] + ".quoted"])
    for s in inner.negs:
        d.negs.append([base + mp(s[0]), base + mp(s[0]) + (s[1] - s[0]), s[2]])
    d.add("\n")


def blk_card_glued(d, lang):
    c = card()
    mm, yy = R.randint(1, 12), R.randint(25, 31)
    st = R.randint(0, 4)
    if st == 0:
        d.add(pick(["card: ", "CC ", "", "pls use "]), c.ctx("glued_exp"), N(f"/{mm:02d}-{yy}", "card_expiry"), "\n")
    elif st == 1:
        d.add(pick(["Card ", "card# ", "Visa/MC: "]), c.ctx("exp_cvv"), " exp ", N(f"{mm:02d}/{yy}", "card_expiry"), " cvv ", N(_dg(3), "cvv"), "\n")
    elif st == 2:
        o = pick([" exp ", " - exp. ", " ("])
        d.add(c.ctx("line_start"), o, N(f"{mm}/{2000 + yy}", "card_expiry"), ")" if o == " (" else "", "\n")
    elif st == 3:
        d.add(pick(["paying with ", "charge "]), c.ctx("sent_end"), ".\n")
    else:
        d.add(pick(["Name on card: ", "Cardholder: "]), Person(lang).name, pick([", ", " / ", "\n"]), "number ", c.ctx("after_name"), ", expiry ", N(f"{mm:02d}/{yy}", "card_expiry"), "\n")


def blk_urls(d, lang):
    r = R.randint(0, 5)
    if r == 0:
        d.add("Link: https://app.", VENDOR[1], "/admin/users?email=", email().ctx("url_query"), pick(["&tab=security", "&page=2", ""]), "\n")
    elif r == 1:
        e = email()
        d.add(pick(["Contact us: ", "Email "]), "<a href=\"mailto:", e.ctx("mailto_href"), "\">", V(e.text, e.ent, e.fmt + ".mailto_text"), "</a>\n")
    elif r == 2:
        d.add(pick(["admin panel at ", "try ", "UI: "]), "http://", ip("v4").ctx("url_host"), pick([":8080/login", "/", ":8443/admin", "/status"]), "\n")
    elif r == 3:
        d.add(pick(["endpoint ", "curl -v "]), "https://[", ip("v6c").ctx("url_bracket"), "]:", str(pick([443, 8443, 9443])), "/health\n")
    elif r == 4:
        d.add("unsubscribe link: https://mail.", company()[1], "/u?e=", email().ctx("url_query"), "&t=", neg_uuid(), "\n")
    else:
        d.add("ssh -i ~/.ssh/id_ed25519 deploy@", ip("v4").ctx("ssh_target"), " -p ", str(R.randint(2200, 2299)), "\n")


def blk_pem(d):
    st = R.choice(["plain", "plain", "crlf", "yaml", "env"])
    if st == "yaml":
        d.add(pick(["```yaml\n", ""]), "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ", pick(["sftp-creds", "deploy-key", "tls-backend"]),
              "\nstringData:\n  ", pick(["id_rsa", "private.key", "tls.key"]), ": |\n    ")
        d.add(pem(indent="    ").ctx("k8s_yaml"), "\n")
        return
    if st == "env":
        d.add(pick(["they attached the key file contents:\n", "from the customer's config dump:\n", "pasted by the client (!!):\n"]))
        d.add(pem(R.choice(["OPENSSH", "RSA"])).ctx("pasted_file"), "\n")
        return
    if st == "crlf":
        d.add("key as pasted from Windows:\r\n")
        d.add(pem(eol="\r\n").ctx("ticket_body"), "\r\n")
        return
    d.add(pick(["Here is the key they sent:\n", "```\n", "Customer's SFTP private key (rotate!):\n", ""]))
    d.add(pem().ctx("ticket_body"), "\n")


# =========================================================================== note templates

CAT = {
    # category: (entity weights, negative kinds, blocks)
    "complaint": ({"PHONE_NUMBER": 3, "EMAIL_ADDRESS": 2.5, "CREDIT_CARD": 2, "DATE_OF_BIRTH": 1.2, "US_SSN": 0.6, "IBAN_CODE": 0.5},
                  ["order_fail", "order_pass", "tracking", "date_shipped", "amount", "masked_card", "ticket", "invoice", "time", "placeholder"]),
    "agent_reply": ({"PHONE_NUMBER": 3, "EMAIL_ADDRESS": 2.5, "CREDIT_CARD": 1, "DATE_OF_BIRTH": 1.2, "IBAN_CODE": 0.5, "IP_ADDRESS": 0.5, "US_SSN": 0.5},
                    ["ticket", "date_shipped", "masked_card", "masked_phone", "version", "placeholder", "account", "masked_ssn"]),
    "escalation": ({"EMAIL_ADDRESS": 2, "PHONE_NUMBER": 2, "IP_ADDRESS": 2, "US_SSN": 1.5, "CREDIT_CARD": 1, "DATE_OF_BIRTH": 1, "MEDICAL_RECORD_NUMBER": 1.2, "GITHUB_TOKEN": 0.3, "US_NPI": 0.5},
                   ["ticket", "uuid", "timestamp", "version", "account", "ten_digit", "masked_ssn", "ssn_bad"]),
    "vendor_handoff": ({"EMAIL_ADDRESS": 2, "PHONE_NUMBER": 2, "IP_ADDRESS": 1, "AWS_ACCESS_KEY": 0.4, "IBAN_CODE": 1, "ABA_ROUTING_NUMBER": 1.2, "US_NPI": 0.5},
                       ["ticket", "invoice", "uuid", "account", "ein", "date_invoice", "aba_bad"]),
    "billing": ({"CREDIT_CARD": 4, "IBAN_CODE": 2.5, "ABA_ROUTING_NUMBER": 2.5, "EMAIL_ADDRESS": 1.2, "PHONE_NUMBER": 1.2},
                ["invoice", "order_fail", "order_pass", "amount", "masked_card", "masked_other", "iban_bad", "aba_bad", "date_invoice", "account", "ein"]),
    "healthcare": ({"MEDICAL_RECORD_NUMBER": 5, "DATE_OF_BIRTH": 4, "US_NPI": 4, "US_DEA": 3, "PHONE_NUMBER": 1.2, "EMAIL_ADDRESS": 0.8, "US_SSN": 0.5},
                   ["member", "claim", "date_appt", "icd", "cpt", "npi_bad", "dea_bad", "date_birth_other", "ten_digit", "account", "ein"]),
    "healthcare_uk": ({"UK_NHS": 5, "DATE_OF_BIRTH": 3, "MEDICAL_RECORD_NUMBER": 1, "PHONE_NUMBER": 1.2, "EMAIL_ADDRESS": 1},
                      ["nhs_bad", "date_appt", "date_birth_other", "ticket", "icd", "time"]),
    "it_msp": ({"IP_ADDRESS": 4, "EMAIL_ADDRESS": 1.2, "AWS_ACCESS_KEY": 1.2, "GITHUB_TOKEN": 2.5, "PHONE_NUMBER": 0.5},
               ["mac", "uuid", "sha", "version", "version4", "ip_bad", "serial", "build", "timestamp", "aws_example", "aws_secret", "aws_account", "product"]),
    "kyc": ({"US_SSN": 5, "DATE_OF_BIRTH": 3, "PHONE_NUMBER": 1.2, "EMAIL_ADDRESS": 1.2, "ABA_ROUTING_NUMBER": 1.5, "IBAN_CODE": 1, "CREDIT_CARD": 0.4},
            ["ssn_bad", "masked_ssn", "date_invoice", "zip", "ein", "account", "date_birth_other"]),
    "refund": ({"CREDIT_CARD": 3, "EMAIL_ADDRESS": 1.5, "PHONE_NUMBER": 1.5, "IBAN_CODE": 1, "ABA_ROUTING_NUMBER": 0.5},
               ["order_fail", "order_pass", "amount", "tracking", "date_shipped", "masked_card", "invoice", "product"]),
    "call_summary": ({"PHONE_NUMBER": 3, "DATE_OF_BIRTH": 2, "EMAIL_ADDRESS": 1.2, "CREDIT_CARD": 1, "MEDICAL_RECORD_NUMBER": 1.2, "US_SSN": 1},
                     ["time", "ticket", "date_appt", "account", "masked_card", "amount"]),
}
OPENERS = {
    "complaint": ["Hi, this is the THIRD time I'm writing about this.", "To whom it may concern,", "hello?? nobody has called me back",
                  "I am extremely disappointed with your service.", "Hi team — still broken.", "I want to file a formal complaint.",
                  "Your system charged me AGAIN.", "hey support, quick one but annoying"],
    "agent_reply": ["Hi {first},\n\nThanks for reaching out.", "Hello {first}, thank you for your patience.", "Hi {first} — following up on your request.",
                    "Dear {name},\nI've looked into this for you.", "{first}, thanks for the details!"],
    "escalation": ["INTERNAL — do not share with customer", "[Internal note] Escalating to Tier 2.", "Escalation: P2, customer threatening to churn",
                   "@billing-team can someone take this?", "Internal: looping in security", "ESCALATED by {agent}"],
    "vendor_handoff": ["Handing this over to the vendor (see details below).", "Vendor handoff — {comp}", "Forwarding to our processor; their ref below.",
                       "Tier 1 -> vendor escalation", "Passing to the integration partner."],
    "billing": ["Billing dispute", "Customer disputes the March invoice.", "Payment method update request", "Chargeback received — details:",
                "ACH payout failed, customer sent new bank details", "Please update our payment details."],
    "healthcare": ["Clinic called the EHR helpdesk.", "Caller: front desk at {comp}.", "Practice admin reports a chart issue.",
                   "e-Prescribing setup ticket for {comp}", "Provider enrollment issue", "Duplicate patient charts — merge request"],
    "healthcare_uk": ["GP practice called about a referral.", "Surgery reception reports a spine mismatch.", "Ward clerk ticket — patient demographics",
                      "NHS trust integration issue"],
    "it_msp": ["MSP ticket — client {comp}", "Firewall change request", "Suspicious sign-ins, please investigate", "Server down since this morning",
               "Secrets exposed in a public repo", "VPN users can't connect", "New site onboarding — network details"],
    "kyc": ["KYC review", "Onboarding — identity verification", "New account application (manual review)", "Identity check failed, customer resubmitted",
            "Direct deposit enrollment"],
    "refund": ["Refund request", "Please refund my order", "Return + refund", "I was charged for an item I never received",
               "Cancel and refund please"],
    "call_summary": ["Call summary — inbound, {mins} min", "Phone call notes", "Call log:", "Summary of call with {name}", "Voicemail transcription:"],
}


def opener(cat, p, comp):
    t = pick(OPENERS[cat])
    return t.format(first=p.first, name=p.name, comp=comp[0], agent=pick(FIRST), mins=R.randint(3, 40))


def header(cat, lang):
    r = R.random()
    if r < 0.35:
        return f"Ticket #{R.randint(100000, 999999)} — {pick(SUBJECTS)}\n"
    if r < 0.5:
        return f"Subject: {pick(SUBJECTS)}\n"
    if r < 0.6:
        return f"[{cat.replace('_', ' ')}] "
    return ""


def note_en(cat):
    d = Doc()
    p = Person()
    comp = company()
    prov = Person()
    ew, negkinds = CAT[cat]
    nvals = R.choices([1, 2, 3, 4, 5, 6, 7], [7, 17, 24, 22, 15, 9, 6])[0]
    ents = wpick(ew, nvals)
    nn = max(2, nvals + R.randint(0, 3))
    negs = [pick(negkinds) for _ in range(nn)]
    h = header(cat, "en")
    if h.startswith("Ticket #"):
        d.add("Ticket ", N(h.split()[1], "ticket_number"), h[h.index(" —"):])
    else:
        d.add(h)
    d.add(opener(cat, p, comp), pick(["\n", " ", "\n\n"]))
    layout = pick(["prose", "prose", "form", "bullets", "mixed", "chat" if cat in ("complaint", "call_summary", "refund", "agent_reply", "healthcare") else "form",
                   "table" if cat in ("billing", "healthcare", "kyc", "escalation", "it_msp", "vendor_handoff") else "prose",
                   "json" if cat in ("escalation", "it_msp", "kyc", "vendor_handoff", "billing") else "bullets",
                   "email" if cat in ("complaint", "agent_reply", "billing", "vendor_handoff", "refund") else "prose"])
    if cat == "it_msp" and chance(0.6):
        blk_log(d, "en")
        ents = ents[:max(1, len(ents) - 2)]
    if cat == "it_msp" and chance(0.5):
        blk_pem(d)
    if cat in ("billing", "refund", "complaint") and chance(0.25):
        blk_card_glued(d, "en")
    if chance(0.12) or (cat == "it_msp" and chance(0.4)):
        blk_urls(d, "en")
    if "US_DEA" in ents:
        d.add(f"Prescriber: Dr. {prov.name}. ")
    items = [make_item(e, "en", p, prov) for e in ents]
    if layout == "prose":
        blk_prose(d, "en", items, negs, p, prov)
    elif layout == "form":
        blk_form(d, "en", items, negs, p, prov)
    elif layout == "bullets":
        blk_bullets(d, "en", items, negs, p, prov)
    elif layout == "mixed":
        h1 = len(items) // 2
        blk_prose(d, "en", items[:h1], negs[:1], p, prov)
        blk_form(d, "en", items[h1:], negs[1:], p, prov)
    elif layout == "chat":
        blk_chat(d, "en", ents, negs, p, prov)
    elif layout == "table":
        tents = [e for e in dict.fromkeys(ents) if e not in ("PRIVATE_KEY", "US_DEA")][:4] or ["EMAIL_ADDRESS"]
        tneg = [k for k in dict.fromkeys(negs) if k in NEGCOL][:2] or [pick(["ticket", "account", "date_shipped"])]
        d.add(pick(["Pasted from the export:\n", "rows below (from their spreadsheet)\n", "```\n", "Affected records:\n", ""]))
        blk_table(d, "en", tents, tneg)
    elif layout == "json":
        jents = [e for e in dict.fromkeys(ents) if e not in ("PRIVATE_KEY", "US_DEA")][:5]
        d.add(pick(["Payload that failed:\n", "From the API log:\n", "webhook body:\n", ""]))
        blk_json_snip(d, "en", jents, [k for k in negs if k in NEGCOL][:2], p)
    elif layout == "email":
        d2 = Doc()
        blk_email_header(d2, "en", p, comp, company())
        d2.add(pick(["Hi,\n\n", "Hello Support,\n", "Team,\n", ""]))
        blk_prose(d2, "en", items, negs, p, prov)
        if chance(0.4):
            blk_quote(d2, "en", wpick(ew, R.randint(1, 2)), [pick(negkinds)], Person())
        blk_signature(d2, "en", p, comp)
        if chance(0.5):
            blk_disclaimer(d2, comp)
        d = Doc().add(d2) if not d.text() else d.add(d2)
        return d
    if layout in ("prose", "bullets") and cat in ("agent_reply",) and chance(0.6):
        blk_quote(d, "en", wpick(ew, R.randint(1, 2)), [pick(negkinds)], p)
    if cat in ("complaint", "agent_reply", "vendor_handoff", "billing", "kyc", "refund", "healthcare", "healthcare_uk") and chance(0.4):
        blk_signature(d, "en", p if cat != "agent_reply" else Person(), comp if cat != "agent_reply" else VENDOR)
        if chance(0.25):
            blk_disclaimer(d, comp)
    return d


def note_paste(lang="en"):
    """short intro + pasted data (csv/tsv/md/json/yaml/log)."""
    d = Doc()
    kind = pick(["table", "table", "json", "log", "form"])
    intros = {"en": ["Customer attached this export, rows with errors below:", "pasting what the import tool rejected:", "From the spreadsheet they sent:",
                     "See rows:", "copy of the intake sheet", "Data from the old system (do not forward):"],
              "de": ["Export vom Kunden:", "Fehlerhafte Zeilen:"], "fr": ["Extrait du fichier client :", "Lignes en erreur :"],
              "es": ["Exportación del cliente:", "Filas con error:"], "pt": ["Exportação do cliente:", "Linhas com erro:"],
              "it": ["Estratto dal file del cliente:", "Righe con errori:"], "nl": ["Export van de klant:", "Foutieve regels:"]}
    d.add(pick(intros[lang]), "\n")
    pools = [["EMAIL_ADDRESS", "PHONE_NUMBER", "DATE_OF_BIRTH"], ["EMAIL_ADDRESS", "PHONE_NUMBER"], ["MEDICAL_RECORD_NUMBER", "DATE_OF_BIRTH", "PHONE_NUMBER"],
             ["US_SSN", "DATE_OF_BIRTH", "EMAIL_ADDRESS"], ["CREDIT_CARD", "EMAIL_ADDRESS"], ["IBAN_CODE", "EMAIL_ADDRESS", "PHONE_NUMBER"],
             ["US_NPI", "PHONE_NUMBER", "EMAIL_ADDRESS"], ["IP_ADDRESS", "EMAIL_ADDRESS"], ["ABA_ROUTING_NUMBER", "EMAIL_ADDRESS"],
             ["UK_NHS", "DATE_OF_BIRTH"], ["MEDICAL_RECORD_NUMBER", "US_NPI"]]
    if lang != "en":
        pools = [["EMAIL_ADDRESS", "PHONE_NUMBER", "DATE_OF_BIRTH"], ["IBAN_CODE", "EMAIL_ADDRESS"], ["PHONE_NUMBER", "EMAIL_ADDRESS"],
                 ["CREDIT_CARD", "EMAIL_ADDRESS"], ["DATE_OF_BIRTH", "PHONE_NUMBER"]]
    ents = pick(pools)
    if kind == "table":
        blk_table(d, lang, ents, [pick(["order_fail", "ticket", "account", "date_shipped", "member", "amount", "uuid"])], nrows=R.randint(2, 6))
    elif kind == "json":
        blk_json_snip(d, lang, ents, [pick(["order_fail", "ticket", "account", "uuid"])])
    elif kind == "log":
        blk_log(d, lang, R.randint(3, 7))
    else:
        p = Person(lang)
        blk_form(d, lang, [make_item(e, lang, p) for e in ents], [pick(["account", "ticket"])], p)
    if chance(0.3):
        d.add(filler(lang), "\n")
    return d


OPEN_L = {
    "de": {"complaint": ["Sehr geehrte Damen und Herren,", "Hallo Support-Team,", "Guten Tag, leider funktioniert es immer noch nicht."],
           "billing": ["Betreff: falsche Abbuchung", "Guten Tag, bitte ändern Sie unsere Zahlungsdaten.", "Rückerstattung angefordert"],
           "onboarding": ["Neukunde – Stammdaten", "Anmeldung / Identitätsprüfung", "Kontodaten für die Einrichtung"],
           "clinic": ["Praxis ruft wegen Patientenakte an.", "Doppelte Patientenakte – bitte zusammenführen"],
           "call": ["Gesprächsnotiz:", "Rückrufbitte", "Telefonat mit Kundin"]},
    "fr": {"complaint": ["Madame, Monsieur,", "Bonjour le support,", "Bonjour, le problème persiste."],
           "billing": ["Objet : prélèvement erroné", "Bonjour, merci de mettre à jour nos coordonnées bancaires.", "Demande de remboursement"],
           "onboarding": ["Nouveau client – informations", "Ouverture de compte / vérification d'identité"],
           "clinic": ["Le cabinet appelle au sujet d'un dossier patient.", "Dossier patient en double – fusion demandée"],
           "call": ["Compte rendu d'appel :", "Demande de rappel", "Appel de la cliente"]},
    "es": {"complaint": ["Estimados señores:", "Hola equipo de soporte,", "Buenas, el problema sigue sin resolverse."],
           "billing": ["Asunto: cargo incorrecto", "Hola, por favor actualicen nuestros datos de pago.", "Solicitud de reembolso"],
           "onboarding": ["Alta de nuevo cliente", "Verificación de identidad"], "clinic": ["La clínica llama por una historia clínica duplicada."],
           "call": ["Resumen de la llamada:", "Solicitud de devolución de llamada"]},
    "pt": {"complaint": ["Exmos. Senhores,", "Olá equipa de suporte,", "Bom dia, o problema continua."],
           "billing": ["Assunto: cobrança indevida", "Olá, por favor atualizem os nossos dados de pagamento.", "Pedido de reembolso"],
           "onboarding": ["Novo cliente – dados cadastrais", "Verificação de identidade"], "clinic": ["A clínica ligou por causa de um processo duplicado."],
           "call": ["Resumo da chamada:", "Pedido de contacto"]},
    "it": {"complaint": ["Gentili signori,", "Ciao supporto,", "Buongiorno, il problema non è ancora risolto."],
           "billing": ["Oggetto: addebito errato", "Buongiorno, vi chiediamo di aggiornare i dati di pagamento.", "Richiesta di rimborso"],
           "onboarding": ["Nuovo cliente – anagrafica", "Verifica dell'identità"], "clinic": ["Lo studio chiama per una cartella duplicata."],
           "call": ["Riepilogo chiamata:", "Richiesta di richiamata"]},
    "nl": {"complaint": ["Geachte heer/mevrouw,", "Hallo supportteam,", "Goedemiddag, het probleem is nog steeds niet opgelost."],
           "billing": ["Onderwerp: onterechte afschrijving", "Hallo, graag onze betaalgegevens aanpassen.", "Verzoek om terugbetaling"],
           "onboarding": ["Nieuwe klant – gegevens", "Identiteitscontrole"], "clinic": ["Praktijk belt over een dubbel patiëntdossier."],
           "call": ["Gespreksverslag:", "Terugbelverzoek"]},
}
CAT_L = {
    "complaint": ({"PHONE_NUMBER": 5, "EMAIL_ADDRESS": 4, "CREDIT_CARD": 1, "IBAN_CODE": 1}, ["order_fail", "order_pass", "invoice", "ticket", "date_shipped", "amount"]),
    "billing": ({"IBAN_CODE": 4, "CREDIT_CARD": 2, "EMAIL_ADDRESS": 2, "PHONE_NUMBER": 2}, ["invoice", "order_fail", "iban_bad", "amount", "masked_card", "date_invoice", "masked_other"]),
    "onboarding": ({"DATE_OF_BIRTH": 3, "PHONE_NUMBER": 3, "EMAIL_ADDRESS": 3, "IBAN_CODE": 2}, ["ticket", "date_invoice", "account", "zip", "order_pass"]),
    "clinic": ({"DATE_OF_BIRTH": 4, "MEDICAL_RECORD_NUMBER": 2, "PHONE_NUMBER": 2, "EMAIL_ADDRESS": 1}, ["date_appt", "ticket", "member", "icd"]),
    "call": ({"PHONE_NUMBER": 4, "EMAIL_ADDRESS": 2, "DATE_OF_BIRTH": 1.5, "IBAN_CODE": 1}, ["time", "ticket", "date_appt", "order_fail"]),
}


def note_l(lang):
    if chance(0.15):
        return note_paste(lang)
    cat = pick(list(CAT_L))
    ew, negkinds = CAT_L[cat]
    d = Doc()
    p = Person(lang)
    comp = company(lang)
    nvals = R.choices([1, 2, 3, 4, 5, 6], [5, 15, 25, 25, 18, 10])[0]
    ents = wpick(ew, nvals)
    negs = [pick(negkinds) for _ in range(max(2, nvals + R.randint(0, 3)))]
    if chance(0.3):
        d.add("Ticket #", N(str(R.randint(100000, 999999)), "ticket_number"), "\n")
    d.add(pick(OPEN_L[lang][cat]), pick(["\n", "\n\n", " "]))
    items = [make_item(e, lang, p) for e in ents]
    layout = pick(["prose", "prose", "form", "bullets", "mixed"])
    if layout == "prose":
        blk_prose(d, lang, items, negs, p)
    elif layout == "form":
        blk_form(d, lang, items, negs, p)
    elif layout == "bullets":
        blk_bullets(d, lang, items, negs, p)
    else:
        h1 = len(items) // 2
        blk_prose(d, lang, items[:h1], negs[:1], p)
        blk_form(d, lang, items[h1:], negs[1:], p)
    if chance(0.1):
        blk_urls(d, lang)
    if chance(0.6):
        blk_signature(d, lang, p, comp)
    if chance(0.15):
        blk_disclaimer(d, comp)
    return d


# =========================================================================== finalisation + leak scan


def byte_offsets(text):
    tab, acc = [], 0
    for ch in text:
        tab.append(acc)
        acc += len(ch.encode("utf-8"))
    tab.append(acc)
    return tab


CARDISH = re.compile(r"(?<![\d.])\d(?:[ \-.]?\d){11,18}(?![\d])")
TENISH = re.compile(r"(?<![\d\-])(?:\d{10}|\d{3}[ \-]\d{3}[ \-]\d{4})(?![\d])")
NINE = re.compile(r"(?<![\d\-])\d{9}(?![\d])")
SSNISH = re.compile(r"(?<![\d\-])\d{3}[- ]\d{2}[- ]\d{4}(?![\d])")
DEAISH = re.compile(r"(?<![A-Za-z0-9])[A-Z][A-Z9]\d{7}(?![0-9])")
EMAILISH = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
V4ISH = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d]|\.\d)")
V6ISH = re.compile(r"(?<![0-9A-Fa-f:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![0-9A-Fa-f:])")
IBANISH = re.compile(r"(?<![A-Z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){10,30}")
AWSISH = re.compile(r"(?:AKIA|ASIA)[A-Z0-9]{16}")
GHISH = re.compile(r"gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{30,}")
PEMISH = re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----")


def leak_problems(text, spans, negs):
    """spans/negs: char offsets [s,e,ent/kind,...]. Returns list of problems."""
    probs = []

    def covered(s, e, ent):
        for sp in spans:
            if sp[0] <= s and e <= sp[1]:
                return sp[2] == ent or ent is None
        for n in negs:
            if n[0] <= s and e <= n[1]:
                return True
            if s <= n[0] and n[1] <= e:  # hit wraps a negative (e.g. grouped digits around an order no.)
                return True
        return False

    def overl(s, e):
        return any(sp[0] < e and s < sp[1] for sp in spans) or any(n[0] < e and s < n[1] for n in negs)

    for m in CARDISH.finditer(text):
        dg = re.sub(r"\D", "", m.group())
        if card_brand(dg) and not covered(m.start(), m.end(), "CREDIT_CARD"):
            # maybe a sub-run is the real labelled card (e.g. glued): accept if a CREDIT_CARD span lies within
            if not any(sp[2] == "CREDIT_CARD" and m.start() <= sp[0] and sp[1] <= m.end() for sp in spans):
                probs.append(("card", m.group()))
    for m in TENISH.finditer(text):
        dg = re.sub(r"\D", "", m.group())
        if nhs_ok(dg) and not covered(m.start(), m.end(), "UK_NHS"):
            probs.append(("nhs", m.group()))
        if npi_ok(dg) and not covered(m.start(), m.end(), "US_NPI"):
            probs.append(("npi", m.group()))
    for m in NINE.finditer(text):
        if aba_ok(m.group()) and not covered(m.start(), m.end(), "ABA_ROUTING_NUMBER"):
            if not covered(m.start(), m.end(), "US_SSN"):
                probs.append(("aba", m.group()))
    for m in SSNISH.finditer(text):
        if ssn_ok(re.sub(r"\D", "", m.group())) and not covered(m.start(), m.end(), "US_SSN"):
            probs.append(("ssn", m.group()))
    for m in DEAISH.finditer(text):
        if dea_ok(m.group()) and not covered(m.start(), m.end(), "US_DEA"):
            probs.append(("dea", m.group()))
    for m in EMAILISH.finditer(text):
        if not covered(m.start(), m.end(), "EMAIL_ADDRESS"):
            probs.append(("email", m.group()))
    for m in V4ISH.finditer(text):
        try:
            ipaddress.IPv4Address(m.group())
        except ValueError:
            continue
        if not covered(m.start(), m.end(), "IP_ADDRESS"):
            probs.append(("ipv4", m.group()))
    for m in V6ISH.finditer(text):
        try:
            ipaddress.IPv6Address(m.group())
        except ValueError:
            continue
        if not covered(m.start(), m.end(), "IP_ADDRESS"):
            probs.append(("ipv6", m.group()))
    for m in IBANISH.finditer(text):
        c = m.group().replace(" ", "")
        spec = IBAN_SPEC.get(c[:2])
        if spec and len(c) >= spec[0] and iban_ok(c[:spec[0]]) and not covered(m.start(), m.end(), "IBAN_CODE"):
            if not any(sp[2] == "IBAN_CODE" and sp[0] == m.start() for sp in spans):
                probs.append(("iban", m.group()))
    for m in AWSISH.finditer(text):
        if not covered(m.start(), m.end(), "AWS_ACCESS_KEY"):
            probs.append(("aws", m.group()))
    for m in GHISH.finditer(text):
        if not covered(m.start(), m.end(), "GITHUB_TOKEN"):
            probs.append(("gh", m.group()))
    for m in PEMISH.finditer(text):
        if not covered(m.start(), m.end(), "PRIVATE_KEY"):
            probs.append(("pem", m.group()))
    # structural: spans/negs in range, no overlaps, no glued values
    allv = sorted([tuple(s[:3]) for s in spans] + [tuple(n[:3]) for n in negs])
    for a, b in zip(allv, allv[1:]):
        if b[0] < a[1]:
            probs.append(("overlap", a, b))
    for s in spans:
        v = text[s[0]:s[1]]
        if not VALIDATORS[s[2]](v):
            probs.append(("invalid", s[2], v))
        if s[0] > 0 and text[s[0] - 1].isascii() and text[s[0] - 1].isalnum() and s[2] != "PRIVATE_KEY":
            probs.append(("glued_left", v))
        if s[1] < len(text) and text[s[1]].isascii() and text[s[1]].isalnum():
            probs.append(("glued_right", v))
    return probs


def neg_kind_ok(kind, v):
    dg = re.sub(r"\D", "", v)
    if kind == "order_no_luhn_fail":
        return not luhn_ok(dg)
    if kind == "order_no_luhn_pass":
        return luhn_ok(dg)
    if kind == "iban_bad_checksum":
        return not iban_ok(v.replace(" ", ""))
    if kind == "npi_bad_checksum":
        return not npi_luhn_any(dg)
    if kind == "dea_bad_checksum":
        return not dea_checkdigit_ok(v)
    if kind == "aba_bad_checksum":
        return not aba_checksum_only(dg)
    if kind == "nhs_bad_checksum":
        return not nhs_ok(dg)
    if kind in ("ssn_invalid_area", "ssn_invalid_group"):
        return not ssn_ok(dg)
    if kind == "aws_example_key":
        return v == AWS_EXAMPLE
    if kind == "ip_like_invalid":
        try:
            ipaddress.ip_address(v)
            return False
        except ValueError:
            return True
    return True


def finalize(nid, cat, tags, d):
    text = d.text()
    bt = byte_offsets(text)
    spans = [{"start": bt[s], "end": bt[e], "cstart": s, "cend": e, "entity": ent, "fmt": fmt} for s, e, ent, fmt in sorted(d.spans)]
    negs = [{"start": bt[s], "end": bt[e], "cstart": s, "cend": e, "kind": k} for s, e, k in sorted(d.negs)]
    return {"id": nid, "category": cat, "tags": tags, "text": text, "spans": spans, "hard_negatives": negs}


def note_ok(d):
    text = d.text()
    probs = leak_problems(text, d.spans, d.negs)
    for s, e, k in d.negs:
        if not neg_kind_ok(k, text[s:e]):
            probs.append(("neg_kind", k, text[s:e]))
    return probs


EN_CATS = {"complaint": 9, "agent_reply": 8, "escalation": 7, "vendor_handoff": 5, "billing": 9, "healthcare": 24, "healthcare_uk": 9,
           "it_msp": 11, "kyc": 9, "refund": 5, "call_summary": 6, "paste": 8, "short": 6}
LANG_W = {"en": 75, "de": 5, "fr": 4.5, "es": 4.5, "pt": 3.5, "it": 4, "nl": 3.5}


def gen_notes():
    notes = []
    fails = Counter()
    for i in range(N_NOTES):
        lang = R.choices(list(LANG_W), list(LANG_W.values()))[0]
        cat = R.choices(list(EN_CATS), list(EN_CATS.values()))[0] if lang == "en" else None
        for attempt in range(60):
            if lang == "en":
                d = note_paste("en") if cat == "paste" else note_short() if cat == "short" else note_en(cat)
                c = cat
            else:
                d = note_l(lang)
                c = "support_" + lang
            probs = note_ok(d)
            if not probs:
                break
            fails[probs[0][0]] += 1
            if attempt > 50:
                raise SystemExit(f"note {i}: cannot generate a clean note: {probs[:3]}")
        if chance(0.06):
            crlf(d)
            tags = [lang, "crlf"]
        else:
            tags = [lang]
        notes.append(finalize(f"h8-{i:05d}", c, tags, d))
    return notes, fails


def note_short():
    """one- or two-liners: the most common ticket text of all."""
    d = Doc()
    r = R.randint(0, 9)
    p = Person()
    if r == 0:
        d.add(pick(["pls call me ", "call me back ", "cb ", "Callback: ", "customer wants a call back at "]), phone_us().ctx("short"),
              pick([" asap", " after 2", ".", "", " thx", " re ticket "]))
        if chance(0.3):
            d.add(N(f"#{R.randint(100000, 999999)}", "ticket_number"))
    elif r == 1:
        d.add("Changed contact email from ", email().ctx("short_from"), " to ", email(p).ctx("short_to"), pick([" per customer request.", ".", ""]))
    elif r == 2:
        d.add("Verified caller via ", pick(["DOB", "D.O.B.", "dob"]), " ", dob().ctx("short"), " and last 4 of SSN (", N(_dg(4), "ssn_last4"), ").")
    elif r == 3:
        d.add(pick(["Blocked ", "Unblocked ", "Allowlisted "]), ip().ctx("short"), pick([" on the WAF.", " per SOC.", " for 24h", ""]),
              " Ref ", N(f"CHG{_dg(7)}", "change_number"))
    elif r == 4:
        d.add(pick(["cust read full card # over phone: ", "FYI customer typed their card in the subject line: "]), card().ctx("short"),
              " — ", pick(["redacted in CRM, not here", "please scrub", "told them not to"]))
    elif r == 5:
        d.add("Dr. ", p.name, " NPI ", npi().ctx("short"), pick([" added to roster", " — credentialing pending", " ok"]), ", ", NEG_EN["date_shipped"][0]())
    elif r == 6:
        d.add("MRN ", mrn().ctx("short"), pick([" merged into ", " dup of "]), "MRN ", mrn().ctx("short"), pick([".", " (confirmed w/ HIM)", ""]))
    elif r == 7:
        d.add(pick(["SSN#", "SSN: ", "soc sec "]), ssn().ctx("short"))
        if chance(0.5):
            d.add(" — typo, was entered as ", N(f"XXX-XX-{_dg(4)}", "masked_ssn"), ".")
        else:
            d.add(" needs to be corrected on the 1099.")
    elif r == 8:
        d.add(pick(["refund to ", "IBAN: ", "pay to "]), iban("en").ctx("short"), pick([" pls", ", thanks", ""]), " / invoice ", neg_invoice())
    else:
        d.add("Revoked ", gh_token().ctx("short") if chance(0.5) else aws_key().ctx("short"), pick([" — found in a public gist.", " (leaked in CI logs)", ""]),
              " Owner: ", email(p).ctx("short"))
    d.add("\n")
    return d


# =========================================================================== ticket JSON


class NumV:
    def __init__(self, v: V):
        self.v = v


class NumN:
    def __init__(self, n: N):
        self.n = n


def clean_doc(make, tries=60):
    for _ in range(tries):
        d = make()
        if not note_ok(d):
            return d
    raise SystemExit("cannot build a clean JSON string")


def jbody(lang="en", short=False):
    if lang != "en":
        return clean_doc(lambda: note_l(lang))
    if short or chance(0.5):
        return clean_doc(note_short)
    cat = R.choices(list(CAT), [9, 8, 7, 5, 9, 24, 9, 11, 9, 5, 6])[0]
    if chance(0.07):
        def mk():
            d = Doc().add(pick(["Customer pasted their deploy key into the form:\n", "From the attached config:\n", "see key below\n"]))
            blk_pem(d)
            return d
        return clean_doc(mk)
    return clean_doc(lambda: note_en(cat))


def as_html(d: Doc, tag="div"):
    d.map_text(lambda ch: "<br>" if ch == "\n" else ch)
    return Doc().add(f"<{tag}>", d, f"</{tag}>")


def field(make, tries=200):
    """a whole-string structured value that passes the leak scan on its own."""
    for _ in range(tries):
        v = make()
        d = Doc().add(v)
        if not note_ok(d):
            return v
    raise SystemExit("cannot build a clean field")


def ptr_escape(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def walk(obj, ptr, labels, negs, errs):
    if isinstance(obj, dict):
        return {k: walk(v, f"{ptr}/{ptr_escape(k)}", labels, negs, errs) for k, v in obj.items()}
    if isinstance(obj, list):
        return [walk(v, f"{ptr}/{i}", labels, negs, errs) for i, v in enumerate(obj)]
    if isinstance(obj, (V, N)):
        obj = Doc().add(obj)
    if isinstance(obj, Doc):
        t = obj.text()
        bt = byte_offsets(t)
        for s, e, ent, fmt in obj.spans:
            labels.append({"json_pointer": ptr, "start": bt[s], "end": bt[e], "cstart": s, "cend": e, "entity": ent, "fmt": fmt})
        for s, e, k in obj.negs:
            negs.append({"json_pointer": ptr, "start": bt[s], "end": bt[e], "cstart": s, "cend": e, "kind": k})
        return t
    if isinstance(obj, NumV):
        t = obj.v.text
        labels.append({"json_pointer": ptr, "start": 0, "end": len(t), "cstart": 0, "cend": len(t), "entity": obj.v.ent,
                       "fmt": obj.v.fmt + "_number", "value_type": "number"})
        return int(t)
    if isinstance(obj, NumN):
        t = obj.n.text
        negs.append({"json_pointer": ptr, "start": 0, "end": len(t), "cstart": 0, "cend": len(t), "kind": obj.n.kind, "value_type": "number"})
        return int(t)
    return obj


def jid(n=None):
    return int(_digits_no_hits(n or R.choice([5, 6, 7, 8])))


def ts_str():
    return neg_timestamp()


def _nz(make):
    while True:
        v = make()
        if v.text[0] != "0":
            return v


def num_field():
    """a value that plausibly appears as a JSON number (never with a leading zero)."""
    ent = pick(["US_NPI", "US_NPI", "CREDIT_CARD", "ABA_ROUTING_NUMBER", "UK_NHS", "US_SSN", "MEDICAL_RECORD_NUMBER"])
    if ent == "US_NPI":
        return ent, field(npi)
    if ent == "CREDIT_CARD":
        return ent, field(lambda: card(pick(["visa16", "mc5x", "amex", "discover"]), ""))
    if ent == "ABA_ROUTING_NUMBER":
        return ent, field(lambda: _nz(aba))
    if ent == "UK_NHS":
        return ent, field(lambda: nhs("compact"))
    if ent == "US_SSN":
        return ent, field(lambda: _nz(lambda: ssn("compact")))
    return ent, field(lambda: V(str(R.randint(1000000, 9999999)), "MEDICAL_RECORD_NUMBER", "mrn.digits7"))


CF_KEYS = {  # entity -> key names as they appear in real custom-field configs
    "PHONE_NUMBER": ["phone", "callback_number", "mobile", "cf_phone_number", "Best_Callback_Number__c", "u_callback_phone"],
    "EMAIL_ADDRESS": ["alt_email", "billing_email", "cf_secondary_email", "Contact_Email__c", "u_alt_email"],
    "DATE_OF_BIRTH": ["date_of_birth", "dob", "cf_patient_dob", "Patient_DOB__c", "u_date_of_birth", "birthdate"],
    "MEDICAL_RECORD_NUMBER": ["mrn", "cf_mrn", "MRN__c", "u_medical_record_number", "patient_mrn"],
    "US_NPI": ["npi", "cf_provider_npi", "Provider_NPI__c", "u_npi"], "US_SSN": ["ssn", "cf_ssn", "SSN__c", "u_ssn"],
    "CREDIT_CARD": ["card_number", "cf_card_number", "Card_Number__c"], "IBAN_CODE": ["iban", "cf_iban", "Payout_IBAN__c", "u_iban"],
    "ABA_ROUTING_NUMBER": ["routing_number", "cf_aba_routing", "ABA_Routing__c", "u_routing_number"],
    "IP_ADDRESS": ["ip_address", "cf_client_ip", "u_source_ip", "Source_IP__c"], "UK_NHS": ["nhs_number", "cf_nhs_no", "NHS_Number__c"],
    "US_DEA": ["dea_number", "cf_dea", "DEA_Number__c"], "AWS_ACCESS_KEY": ["leaked_key_id", "cf_aws_key_id"],
    "GITHUB_TOKEN": ["leaked_token", "cf_token"],
}
CF_LABEL = {"PHONE_NUMBER": "Callback phone", "EMAIL_ADDRESS": "Alternate email", "DATE_OF_BIRTH": "Date of birth", "MEDICAL_RECORD_NUMBER": "MRN",
            "US_NPI": "Provider NPI", "US_SSN": "SSN", "CREDIT_CARD": "Card number", "IBAN_CODE": "IBAN", "ABA_ROUTING_NUMBER": "Routing number",
            "IP_ADDRESS": "Client IP", "UK_NHS": "NHS number", "US_DEA": "DEA number", "AWS_ACCESS_KEY": "Leaked key ID", "GITHUB_TOKEN": "Leaked token"}
CF_W = {"PHONE_NUMBER": 4, "EMAIL_ADDRESS": 2, "DATE_OF_BIRTH": 4, "MEDICAL_RECORD_NUMBER": 3, "US_NPI": 2.5, "US_SSN": 1.5, "CREDIT_CARD": 1,
        "IBAN_CODE": 1.5, "ABA_ROUTING_NUMBER": 2, "IP_ADDRESS": 2, "UK_NHS": 1, "US_DEA": 1, "AWS_ACCESS_KEY": 0.4, "GITHUB_TOKEN": 0.4}


def cf_value(ent, lang, p, prov, shape):
    if chance(0.75) and ent in ("US_NPI", "CREDIT_CARD", "ABA_ROUTING_NUMBER", "UK_NHS", "US_SSN", "MEDICAL_RECORD_NUMBER"):
        e2, v = num_field()
        return e2, NumV(v.ctx(f"{shape}_cf"))
    v = field(lambda: make_item(ent, lang, p, prov))
    return ent, v.ctx(f"{shape}_cf")


def cf_neg():
    k = pick(["order_fail", "order_pass", "member", "account", "claim", "ticket", "invoice", "ten_digit", "npi_bad", "dea_bad", "ssn_bad", "iban_bad"])
    name = {"order_fail": "Order number", "order_pass": "Order number", "member": "Member ID", "account": "Account number", "claim": "Claim number",
            "ticket": "Related ticket", "invoice": "Invoice", "ten_digit": "Customer number", "npi_bad": "Legacy provider ID",
            "dea_bad": "Old DEA (invalid)", "ssn_bad": "ITIN", "iban_bad": "Old IBAN (rejected)"}[k]
    n = NEG_EN[k][0]()
    if k in ("order_fail", "ten_digit", "order_pass") and chance(0.3) and " " not in n.text and "-" not in n.text and n.text[0] != "0":
        return name, NumN(n)
    return name, n


def shape_zendesk(lang):
    p, prov = Person(lang), Person()
    cfs = []
    for ent in wpick(CF_W, R.randint(1, 3)):
        e, v = cf_value(ent, lang, p, prov, "zendesk")
        cfs.append({"id": jid(9), "title": CF_LABEL[e], "value": v})
    for _ in range(2):
        name, n = cf_neg()
        cfs.append({"id": jid(9), "title": name, "value": n})
    comments = [{"id": jid(11), "type": "Comment", "author_id": jid(11), "public": i == 0 or chance(0.5), "body": jbody(lang, short=i > 0),
                 "created_at": ts_str(), "via": {"channel": pick(["email", "web", "api", "voice"])}} for i in range(R.randint(1, 2))]
    return {"ticket": {"id": jid(6), "url": f"https://{company()[1].split('.')[0]}.zendesk.com/api/v2/tickets/{R.randint(1000, 99999)}.json",
                       "subject": pick(SUBJECTS), "description": comments[0]["body"], "status": pick(["open", "pending", "new", "solved"]),
                       "priority": pick(["low", "normal", "high", "urgent"]), "requester": {"name": p.name, "email": field(lambda: email(p, lang=lang)).ctx("zendesk_requester"),
                       "phone": field(lambda: phone(lang)).ctx("zendesk_requester") if chance(0.6) else None},
                       "tags": [pick(["billing", "ehr", "vip", "phi", "refund", "access"])], "custom_fields": cfs, "created_at": ts_str()},
            "comments": comments}


def shape_freshdesk(lang):
    p, prov = Person(lang), Person()
    desc = jbody(lang)
    cf = {}
    for ent in wpick(CF_W, R.randint(1, 3)):
        e, v = cf_value(ent, lang, p, prov, "freshdesk")
        cf[pick(CF_KEYS[e])] = v
    for _ in range(2):
        name, n = cf_neg()
        cf["cf_" + name.lower().replace(" ", "_").replace("(", "").replace(")", "")] = n
    convs = []
    for i in range(R.randint(1, 2)):
        inc = chance(0.5)
        convs.append({"id": jid(11), "body_text": jbody(lang, short=True), "incoming": inc, "private": (not inc) and chance(0.5),
                      "from_email": field(lambda: email(lang=lang)).ctx("freshdesk_from") if inc else None,
                      "to_emails": [field(lambda: email(variant="role")).ctx("freshdesk_to")] if chance(0.3) else [],
                      "created_at": ts_str()})
    html = as_html(Doc().add(desc))
    return {"id": jid(6), "subject": pick(SUBJECTS), "description": html, "description_text": desc,
            "requester": {"name": p.name, "email": field(lambda: email(p, lang=lang)).ctx("freshdesk_requester"), "mobile": field(lambda: phone(lang)).ctx("freshdesk_requester_mobile")},
            "custom_fields": cf, "status": R.randint(2, 5), "priority": R.randint(1, 4), "conversations": convs, "created_at": ts_str()}


def shape_jira(lang):
    p = Person(lang)
    items = []
    for _ in range(R.randint(1, 2)):
        ent = pick(["PHONE_NUMBER", "EMAIL_ADDRESS", "IP_ADDRESS", "DATE_OF_BIRTH", "IBAN_CODE"])
        f = {"PHONE_NUMBER": "Customer Phone", "EMAIL_ADDRESS": "Contact Email", "IP_ADDRESS": "Source IP", "DATE_OF_BIRTH": "Date of Birth",
             "IBAN_CODE": "IBAN"}[ent]
        items.append({"field": f, "fieldtype": "custom", "from": None, "fromString": field(lambda: make_item(ent, lang, p)).ctx("jira_fromString"),
                      "to": None, "toString": field(lambda: make_item(ent, lang, p)).ctx("jira_toString")})
    items.append({"field": "status", "fieldtype": "jira", "fromString": "Open", "toString": "In Progress"})
    comments = [{"id": str(jid(5)), "author": {"displayName": Person().name, "emailAddress": field(lambda: email(variant="plain", dom=VENDOR[1])).ctx("jira_author") if chance(0.4) else None},
                 "body": jbody(lang, short=chance(0.6)), "created": ts_str()} for _ in range(R.randint(1, 2))]
    return {"key": f"SUP-{R.randint(100, 9999)}", "fields": {"summary": pick(SUBJECTS), "description": jbody(lang),
            "reporter": {"displayName": p.name, "emailAddress": field(lambda: email(p, lang=lang)).ctx("jira_reporter")},
            "customfield_10057": field(lambda: phone(lang)).ctx("jira_customfield") if chance(0.5) else None,
            "comment": {"comments": comments, "total": len(comments)}},
            "changelog": {"histories": [{"id": str(jid(5)), "created": ts_str(), "items": items}]}}


def shape_servicenow(lang):
    p, prov = Person(lang), Person()
    wn = Doc()
    for i in range(R.randint(1, 2)):
        wn.add(N(str(neg_timestamp().text), "timestamp") if False else neg_timestamp(), " - ", Person().name, " (Work notes)\n", jbody(lang, short=True), "\n")
    res = {"number": f"INC{_dg(7)}", "short_description": pick(SUBJECTS), "description": jbody(lang),
           "caller_id": {"display_value": p.name, "email": field(lambda: email(p, lang=lang)).ctx("servicenow_caller")},
           "work_notes": wn, "comments": jbody(lang, short=True), "sys_created_on": ts_str(), "state": pick(["1", "2", "6"])}
    for ent in wpick(CF_W, R.randint(1, 2)):
        e, v = cf_value(ent, lang, p, prov, "servicenow")
        res["u_" + pick(CF_KEYS[e]).split("_", 1)[-1].lower().replace("__c", "")] = v
    for _ in range(2):
        name, n = cf_neg()
        res["u_" + name.lower().replace(" ", "_").replace("(", "").replace(")", "")] = n
    return {"result": res}


def shape_redmine(lang):
    p, prov = Person(lang), Person()
    cfs = []
    for ent in wpick(CF_W, R.randint(1, 3)):
        e, v = cf_value(ent, lang, p, prov, "redmine")
        cfs.append({"id": R.randint(1, 60), "name": CF_LABEL[e], "value": v})
    for _ in range(2):
        name, n = cf_neg()
        cfs.append({"id": R.randint(1, 60), "name": name, "value": n})
    journals = []
    for _ in range(R.randint(1, 2)):
        det = []
        if chance(0.6):
            ent = pick(["PHONE_NUMBER", "EMAIL_ADDRESS", "DATE_OF_BIRTH", "IP_ADDRESS"])
            det.append({"property": "cf", "name": str(R.randint(1, 60)), "old_value": field(lambda: make_item(ent, lang, p)).ctx("redmine_old_value"),
                        "new_value": field(lambda: make_item(ent, lang, p)).ctx("redmine_new_value")})
        det.append({"property": "attr", "name": "status_id", "old_value": "1", "new_value": "2"})
        journals.append({"id": jid(6), "user": {"id": R.randint(1, 400), "name": Person().name}, "notes": jbody(lang, short=True),
                         "created_on": ts_str(), "private_notes": chance(0.3), "details": det})
    return {"issue": {"id": jid(5), "subject": pick(SUBJECTS), "description": jbody(lang), "custom_fields": cfs, "journals": journals,
                      "author": {"id": R.randint(1, 400), "name": p.name}, "created_on": ts_str()}}


def shape_intercom(lang):
    p = Person(lang)
    parts = []
    for _ in range(R.randint(1, 3)):
        admin = chance(0.5)
        b = jbody(lang, short=True)
        parts.append({"type": "conversation_part", "id": str(jid(10)), "part_type": pick(["comment", "note"]) if admin else "comment",
                      "body": as_html(b, "p") if chance(0.6) else b, "created_at": jid(10),
                      "author": {"type": "admin" if admin else "user", "name": Person().name if admin else p.name,
                                 "email": None if admin or chance(0.5) else field(lambda: email(p, lang=lang)).ctx("intercom_author")}})
    src = jbody(lang)
    return {"type": "conversation", "id": str(jid(10)), "created_at": jid(10),
            "source": {"type": "conversation", "delivered_as": "customer_initiated", "body": as_html(src, "p"),
                       "author": {"type": "user", "name": p.name, "email": field(lambda: email(p, lang=lang)).ctx("intercom_source_author")}},
            "custom_attributes": {"Phone": field(lambda: phone(lang)).ctx("intercom_attr"), "Plan": pick(["Pro", "Enterprise", "Starter"])},
            "conversation_parts": {"type": "conversation_part.list", "conversation_parts": parts, "total_count": len(parts)}}


def shape_hubspot(lang):
    p, prov = Person(lang), Person()
    props = {"subject": pick(SUBJECTS), "content": jbody(lang), "hs_pipeline": "0", "hs_pipeline_stage": str(R.randint(1, 4)),
             "hs_ticket_priority": pick(["LOW", "MEDIUM", "HIGH"]), "createdate": ts_str(),
             "email": field(lambda: email(p, lang=lang)).ctx("hubspot_prop"), "phone": field(lambda: phone(lang)).ctx("hubspot_prop")}
    for ent in wpick(CF_W, R.randint(1, 3)):
        e, v = cf_value(ent, lang, p, prov, "hubspot")
        props[pick(CF_KEYS[e]).lower().replace("__c", "").replace("cf_", "")] = v
    for _ in range(2):
        name, n = cf_neg()
        props[name.lower().replace(" ", "_").replace("(", "").replace(")", "")] = n
    return {"id": str(jid(10)), "properties": props, "createdAt": ts_str(), "archived": False,
            "associations": {"contacts": {"results": [{"id": str(jid(9)), "type": "ticket_to_contact"}]}}}


def shape_salesforce(lang):
    p, prov = Person(lang), Person()
    case = {"attributes": {"type": "Case"}, "Id": "500" + "".join(R.choice(string.ascii_letters + string.digits) for _ in range(15)),
            "CaseNumber": f"{R.randint(1000000, 9999999):08d}", "Subject": pick(SUBJECTS), "Description": jbody(lang),
            "SuppliedName": p.name, "SuppliedEmail": field(lambda: email(p, lang=lang)).ctx("salesforce_supplied"),
            "SuppliedPhone": field(lambda: phone(lang)).ctx("salesforce_supplied") if chance(0.7) else None, "Origin": pick(["Phone", "Email", "Web"])}
    for ent in wpick(CF_W, R.randint(1, 3)):
        e, v = cf_value(ent, lang, p, prov, "salesforce")
        case[pick([k for k in CF_KEYS[e] if k.endswith("__c")] or [e.title().replace("_", "") + "__c"])] = v
    for _ in range(2):
        name, n = cf_neg()
        case[name.replace(" ", "_").replace("(", "").replace(")", "") + "__c"] = n
    comments = [{"attributes": {"type": "CaseComment"}, "Id": "00a" + "".join(R.choice(string.ascii_letters + string.digits) for _ in range(15)),
                 "CommentBody": jbody(lang, short=True), "IsPublished": chance(0.5), "CreatedDate": ts_str()} for _ in range(R.randint(1, 2))]
    return {"Case": case, "CaseComments": {"totalSize": len(comments), "done": True, "records": comments}}


SHAPES = {"zendesk": shape_zendesk, "freshdesk": shape_freshdesk, "jira": shape_jira, "servicenow": shape_servicenow,
          "redmine": shape_redmine, "intercom": shape_intercom, "hubspot": shape_hubspot, "salesforce": shape_salesforce}


def gen_tickets():
    out = []
    shapes = [s for s in SHAPES for _ in range(N_TICKETS // len(SHAPES))]
    R.shuffle(shapes)
    used = set()
    for i, shape in enumerate(shapes):
        lang = "en" if chance(0.8) else pick(["de", "fr", "es", "pt", "it", "nl"])
        obj = SHAPES[shape](lang)
        main = {"zendesk": lambda o: o["ticket"], "freshdesk": lambda o: o, "jira": lambda o: o["fields"], "servicenow": lambda o: o["result"],
                "redmine": lambda o: o["issue"], "intercom": lambda o: o["custom_attributes"], "hubspot": lambda o: o["properties"],
                "salesforce": lambda o: o["Case"]}[shape](obj)
        key = {"zendesk": "external_id", "freshdesk": "unique_external_id", "jira": "customfield_10090", "servicenow": "correlation_id",
               "redmine": "tracker_ref", "intercom": "external_id", "hubspot": "hs_unique_creation_key", "salesforce": "External_Id__c"}[shape]
        main[key] = neg_uuid() if chance(0.5) else neg_sha("sha256")
        main[pick(["order_id", "order_number", "related_order"]) if shape != "salesforce" else "Order_Number__c"] = neg_order_fail() if chance(0.6) else neg_order_pass()
        labels, negs, errs = [], [], []
        plain = walk(obj, "", labels, negs, errs)
        while True:
            tid = R.randint(800000, 899999)
            if tid not in used:
                used.add(tid)
                break
        fname = f"ticket_{tid}.json"
        st = R.choices(["indent2", "minified", "ascii4", "indent_tab"], [45, 25, 20, 10])[0]
        if st == "indent2":
            txt = json.dumps(plain, indent=2, ensure_ascii=False)
        elif st == "minified":
            txt = json.dumps(plain, separators=(",", ":"), ensure_ascii=False)
        elif st == "ascii4":
            txt = json.dumps(plain, indent=4, ensure_ascii=True)
        else:
            txt = json.dumps(plain, indent="\t", ensure_ascii=False)
        for r in labels + negs:
            r["file"] = fname
            r["shape"] = shape
        out.append((fname, txt + "\n", labels, negs, lang, st))
    return out


# =========================================================================== write + self-check


def write_all():
    notes, fails = gen_notes()
    tickets = gen_tickets()
    with open(HERE / "notes.jsonl", "w", encoding="utf-8") as f:
        for n in notes:
            f.write(json.dumps(n, ensure_ascii=False) + "\n")
    corpus, idx, boff, coff = [], [], 0, 0
    for n in notes:
        t = n["text"]
        bl, cl = len(t.encode("utf-8")), len(t)
        idx.append({"id": n["id"], "byte_offset": boff, "byte_len": bl, "char_offset": coff, "char_len": cl})
        corpus.append(t)
        boff += bl + 2
        coff += cl + 2
    with open(HERE / "corpus.txt", "w", encoding="utf-8", newline="") as f:
        f.write("\n\n".join(corpus))
    with open(HERE / "corpus_index.jsonl", "w", encoding="utf-8") as f:
        for r in idx:
            f.write(json.dumps(r) + "\n")
    jd = HERE / "notes_json"
    if jd.exists():
        shutil.rmtree(jd)
    jd.mkdir()
    with open(jd / "labels.jsonl", "w", encoding="utf-8") as fl, open(HERE / "json_hard_negatives.jsonl", "w", encoding="utf-8") as fn:
        for fname, txt, labels, negs, lang, st in tickets:
            (jd / fname).write_text(txt, encoding="utf-8", newline="")
            keyorder = ["file", "json_pointer", "start", "end", "cstart", "cend", "entity", "fmt", "shape", "value_type"]
            for r in labels:
                fl.write(json.dumps({k: r[k] for k in keyorder if k in r}, ensure_ascii=False) + "\n")
            for r in negs:
                fn.write(json.dumps({k: r[k] for k in ["file", "json_pointer", "start", "end", "cstart", "cend", "kind", "shape", "value_type"] if k in r},
                                    ensure_ascii=False) + "\n")
    print(f"gen.py: wrote {len(notes)} notes, {len(tickets)} ticket files (redraws: {dict(fails)})")


def json_get(obj, ptr):
    for part in ptr.lstrip("/").split("/") if ptr else []:
        part = part.replace("~1", "/").replace("~0", "~")
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def iter_strings(obj, ptr=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from iter_strings(v, f"{ptr}/{ptr_escape(k)}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from iter_strings(v, f"{ptr}/{i}")
    elif isinstance(obj, str):
        yield ptr, obj, "string"
    elif isinstance(obj, int) and not isinstance(obj, bool):
        yield ptr, str(obj), "number"


def check():
    errs = []
    notes = [json.loads(l) for l in (HERE / "notes.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    ents, negk = Counter(), Counter()
    for n in notes:
        t = n["text"]
        tb = t.encode("utf-8")
        bt = byte_offsets(t)
        for s in n["spans"]:
            if bt[s["cstart"]] != s["start"] or bt[s["cend"]] != s["end"] or tb[s["start"]:s["end"]].decode("utf-8") != t[s["cstart"]:s["cend"]]:
                errs.append(f"{n['id']}: offsets disagree {s}")
            ents[s["entity"]] += 1
        for s in n["hard_negatives"]:
            if bt[s["cstart"]] != s["start"] or bt[s["cend"]] != s["end"]:
                errs.append(f"{n['id']}: neg offsets disagree {s}")
            negk[s["kind"]] += 1
        sp = [[s["cstart"], s["cend"], s["entity"], s["fmt"]] for s in n["spans"]]
        ng = [[s["cstart"], s["cend"], s["kind"]] for s in n["hard_negatives"]]
        for p in leak_problems(t, sp, ng):
            errs.append(f"{n['id']}: {p}")
        for s in ng:
            if not neg_kind_ok(s[2], t[s[0]:s[1]]):
                errs.append(f"{n['id']}: hard negative does not fail as claimed {s[2]} {t[s[0]:s[1]]!r}")
    corpus = (HERE / "corpus.txt").read_bytes()
    if corpus.decode("utf-8") != "\n\n".join(n["text"] for n in notes):
        errs.append("corpus.txt != notes joined by blank line")
    ctext = corpus.decode("utf-8")
    idx = [json.loads(l) for l in (HERE / "corpus_index.jsonl").read_text().splitlines()]
    for n, r in zip(notes, idx):
        if r["id"] != n["id"] or corpus[r["byte_offset"]:r["byte_offset"] + r["byte_len"]].decode("utf-8") != n["text"] \
                or ctext[r["char_offset"]:r["char_offset"] + r["char_len"]] != n["text"]:
            errs.append(f"index mismatch {r}")
    # JSON
    jd = HERE / "notes_json"
    files = sorted(jd.glob("ticket_*.json"))
    objs = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in files}
    labels = [json.loads(l) for l in (jd / "labels.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    jnegs = [json.loads(l) for l in (HERE / "json_hard_negatives.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    jents, jn = Counter(), 0
    by_ptr = defaultdict(lambda: ([], []))
    for r in labels:
        v = json_get(objs[r["file"]], r["json_pointer"])
        isnum = r.get("value_type") == "number"
        if isnum != (isinstance(v, int) and not isinstance(v, bool)) or (not isnum and not isinstance(v, str)):
            errs.append(f"json label value type wrong {r}")
            continue
        s = str(v)
        bt = byte_offsets(s)
        if bt[r["cstart"]] != r["start"] or bt[r["cend"]] != r["end"]:
            errs.append(f"json offsets disagree {r}")
        by_ptr[(r["file"], r["json_pointer"])][0].append([r["cstart"], r["cend"], r["entity"], r["fmt"]])
        jents[r["entity"]] += 1
        jn += isnum
    for r in jnegs:
        s = str(json_get(objs[r["file"]], r["json_pointer"]))
        by_ptr[(r["file"], r["json_pointer"])][1].append([r["cstart"], r["cend"], r["kind"]])
        if not neg_kind_ok(r["kind"], s[r["cstart"]:r["cend"]]):
            errs.append(f"json hard negative does not fail as claimed {r}")
    for fname, obj in objs.items():
        for ptr, s, typ in iter_strings(obj):
            sp, ng = by_ptr.get((fname, ptr), ([], []))
            for p in leak_problems(s, sp, ng):
                errs.append(f"{fname}#{ptr}: {p}")
        for ptr, _, _ in iter_strings({k: None for k in []}):
            pass
        keys = json.dumps(obj)  # keys never hold values: scan key names only
        for k in re.findall(r'"([^"]*)":', json.dumps(obj, ensure_ascii=False)):
            if leak_problems(k, [], []):
                errs.append(f"{fname}: value in a key {k!r}")
    # self-scoring through score.py (gold as predictions must be perfect)
    score = HERE / ".." / ".." / ".." / "shared" / "corpus" / "score.py"
    if score.exists():
        with tempfile.TemporaryDirectory() as td:
            td = Path(td)
            with open(td / "np.jsonl", "w") as f:
                for n, r in zip(notes, idx):
                    for s in n["spans"]:
                        f.write(json.dumps({"start": s["start"] + r["byte_offset"], "end": s["end"] + r["byte_offset"], "entity": s["entity"]}) + "\n")
            sd = td / "sj"
            sd.mkdir()
            def strnum(o):
                if isinstance(o, bool) or o is None:
                    return o
                if isinstance(o, (int, float)):
                    return str(o)
                if isinstance(o, dict):
                    return {k: strnum(v) for k, v in o.items()}
                if isinstance(o, list):
                    return [strnum(v) for v in o]
                return o
            for fname, obj in objs.items():
                (sd / fname).write_text(json.dumps(strnum(obj)), encoding="utf-8")
            shutil.copy(jd / "labels.jsonl", sd / "labels.jsonl")
            with open(td / "jp.jsonl", "w") as f:
                for r in labels:
                    f.write(json.dumps({"file": r["file"], "json_pointer": r["json_pointer"], "start": r["start"], "end": r["end"], "entity": r["entity"]}) + "\n")
            for args in ([str(HERE / "notes.jsonl"), str(td / "np.jsonl"), "--corpus-index", str(HERE / "corpus_index.jsonl")],
                         [str(sd / "labels.jsonl"), str(td / "jp.jsonl")]):
                out = subprocess.run([sys.executable, str(score)] + args, capture_output=True, text=True).stdout
                last = [l for l in out.splitlines() if l.startswith(("overall:", "exact match:"))]
                if not any("P=1.000 R=1.000 F1=1.000" in l for l in last if l.startswith("overall")) or \
                        not any("P=1.000 R=1.000 F1=1.000" in l for l in last if l.startswith("exact")):
                    errs.append(f"self-scoring not perfect: {last}")
    # volume
    nvals, nnegs = sum(ents.values()), sum(negk.values())
    if len(notes) != N_NOTES or len(files) != N_TICKETS:
        errs.append("wrong number of notes/tickets")
    if nnegs < nvals or len(jnegs) < len(labels):
        errs.append(f"fewer hard negatives than values: notes {nnegs}<{nvals} or json {len(jnegs)}<{len(labels)}")
    for e in VALIDATORS:
        if jents[e] == 0:
            errs.append(f"JSON set has no {e}")
    print("notes: %d notes, %d labelled values, %d hard negatives (%d kinds)" % (len(notes), nvals, nnegs, len(negk)))
    print("json:  %d files, %d labelled values (%d JSON numbers), %d hard negatives" % (len(files), len(labels), jn, len(jnegs)))
    print("| entity | notes | JSON |\n|---|---:|---:|")
    for e, c in ents.most_common():
        print(f"| {e} | {c} | {jents[e]} |")
    lang = Counter(n["tags"][0] for n in notes)
    print("languages:", dict(lang.most_common()))
    print("negative kinds:", dict(negk.most_common()))
    print("order numbers: luhn-fail %d, luhn-pass %d" % (negk["order_no_luhn_fail"], negk["order_no_luhn_pass"]))
    if errs:
        for e in errs[:50]:
            print("CHECK FAIL:", e)
        print(f"{len(errs)} problem(s)")
        return 1
    print("self-check OK")
    return 0


if __name__ == "__main__":
    if "--check" not in sys.argv[1:]:
        write_all()
    sys.exit(check())
