#!/usr/bin/env python3
"""heldout13 -- "mainstream tickets, a seventh hand".

Deterministic generator and self-check for a labelled, synthetic held-out corpus of ordinary support-ticket
notes (customer messages, agent replies, internal notes, escalations, handovers, e-mail threads, chats, phone
notes, logs, CSV pastes, signatures, checklists; ~25 % in German, French, Spanish, Italian, Dutch, Portuguese,
Polish) and of ticket-JSON exports in five mainstream shapes.

    python3 gen.py            # write everything, then self-check (exit 1 on any problem)
    python3 gen.py --check    # regenerate in memory, compare with the files on disk, self-check

Standard library only.  Every random draw comes from random.Random(<string seed>), so the output does not
depend on PYTHONHASHSEED or the machine.
"""
from __future__ import annotations

import argparse
import base64
import binascii
import html
import ipaddress
import json
import random
import re
import string
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

SEED = 13071513
HERE = Path(__file__).resolve().parent
N_NOTES = 800
N_TICKETS = 100
TICKET_BASE = 1307000
ENTITIES = (
    "CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE",
    "ABA_ROUTING_NUMBER", "IP_ADDRESS", "MEDICAL_RECORD_NUMBER", "US_NPI",
    "DATE_OF_BIRTH", "UK_NHS", "US_DEA", "AWS_ACCESS_KEY", "GITHUB_TOKEN",
    "PRIVATE_KEY",
)


class Redraw(Exception):
    """A draw failed a self-check; the note/ticket is drawn again with the next attempt number."""


# =====================================================================================================
# checksums and validators
# =====================================================================================================

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
    for c in "0123456789":
        if luhn_ok(partial + c):
            return partial + c
    raise AssertionError


FED_PREFIXES = list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73)) + [80]


def aba_ok(d: str) -> bool:
    if len(d) != 9 or not d.isdigit() or int(d[:2]) not in FED_PREFIXES:
        return False
    w = (3, 7, 1) * 3
    return sum(int(c) * k for c, k in zip(d, w)) % 10 == 0


def aba_sum_ok(d: str) -> bool:  # 3-7-1 only (no prefix rule)
    return len(d) == 9 and d.isdigit() and sum(int(c) * k for c, k in zip(d, (3, 7, 1) * 3)) % 10 == 0


def npi_ok(d: str) -> bool:
    return len(d) == 10 and d.isdigit() and d[0] in "12" and luhn_ok("80840" + d)


def npi_luhn(d: str) -> bool:  # the check alone, whatever the first digit
    return len(d) == 10 and d.isdigit() and luhn_ok("80840" + d)


def nhs_ok(d: str) -> bool:
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


def ssn_ok(d: str) -> bool:
    return (len(d) == 9 and d.isdigit() and d[:3] not in ("000", "666") and d[0] != "9"
            and d[3:5] != "00" and d[5:] != "0000")


DEA_FIRST = "ABFGM"


def dea_ok(s: str) -> bool:
    if not re.fullmatch(r"[ABCDEFGHJKLMPRSTUX][A-Z9]\d{7}", s):
        return False
    d = [int(c) for c in s[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


def dea_sum_ok(s: str) -> bool:
    if not re.fullmatch(r"[A-Z]{2}\d{7}", s):
        return False
    d = [int(c) for c in s[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


IBAN_LEN = {"DE": 22, "AT": 20, "CH": 21, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "BE": 16, "PT": 25,
            "PL": 28, "GB": 22, "IE": 22, "LU": 20}


def iban_mod97(s: str) -> int:
    s = s[4:] + s[:4]
    return int("".join(str(int(c, 36)) for c in s)) % 97


def iban_ok(s: str) -> bool:
    s = s.replace(" ", "")
    return (bool(re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s)) and IBAN_LEN.get(s[:2]) == len(s)
            and iban_mod97(s) == 1)


B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def b62(n: int, width: int = 6) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def gh_ok(tok: str) -> bool:
    m = re.fullmatch(r"gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", tok)
    if m:
        return b62(binascii.crc32(m.group(1).encode())) == m.group(2)
    return bool(re.fullmatch(r"github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}", tok))


def aws_ok(k: str) -> bool:
    return bool(re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", k)) and "EXAMPLE" not in k


PEM_RE = re.compile(r"-----BEGIN ((?:RSA |EC |OPENSSH |ENCRYPTED |DSA )?PRIVATE KEY)-----\n([A-Za-z0-9+/=\n]+?)\n"
                    r"-----END \1-----")


def pem_ok(s: str) -> bool:
    m = PEM_RE.fullmatch(s)
    if not m:
        return False
    try:
        base64.b64decode(m.group(2).replace("\n", ""), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


EMAIL_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
                      r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+")


def email_ok(s: str) -> bool:
    if not EMAIL_RE.fullmatch(s):
        return False
    local, dom = s.split("@")
    return not local.startswith(".") and not local.endswith(".") and ".." not in local and \
        not dom.endswith(("example.com", "example.org", "example.net", ".test", ".invalid", ".example"))


def phone_ok(s: str) -> bool:
    if not re.fullmatch(r"[+()0-9 .\-\u00a0/]+", s):
        return False
    n = len(re.sub(r"\D", "", s))
    return 7 <= n <= 15


def ip_ok(s: str) -> bool:
    try:
        ip = ipaddress.ip_address(s)
    except ValueError:
        return False
    if ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return False
    if ip.version == 4:
        for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "100.64.0.0/10", "198.18.0.0/15",
                    "0.0.0.0/8", "192.0.0.0/24"):
            if ip in ipaddress.ip_network(net):
                return False
    else:
        if ip in ipaddress.ip_network("2001:db8::/32"):
            return False
    return True


MRN_RE = re.compile(r"(?:[A-Z]{1,3}-?)?\d{5,10}")


def mrn_ok(s: str) -> bool:
    return bool(MRN_RE.fullmatch(s))


def card_brand_ok(d: str) -> bool:
    n = len(d)
    if not luhn_ok(d) or d in TEST_PANS:
        return False
    if d[0] == "4":
        return n in (13, 16, 19)
    if 51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720:
        return n == 16
    if d[:2] in ("34", "37"):
        return n == 15
    if d[:4] == "6011" or 644 <= int(d[:3]) <= 649 or d[:2] == "65":
        return n in (16, 19)
    if d[:2] == "36" or 300 <= int(d[:3]) <= 305:
        return n == 14
    if 3528 <= int(d[:4]) <= 3589:
        return n in (16, 19)
    if d[:2] == "62":
        return 16 <= n <= 19
    return False


TEST_PANS = {"4111111111111111", "4242424242424242", "4012888888881881", "5555555555554444", "5105105105105100",
             "378282246310005", "371449635398431", "6011111111111117", "6011000990139424", "3530111333300000",
             "30569309025904", "38520000023237", "4000056655665556", "5200828282828210", "4000000000000002"}


def digits_of(s: str) -> str:
    return re.sub(r"\D", "", s)


def numeric_shape(s: str) -> bool:
    """digits plus common separators only (what a number scanner would read as one number)"""
    return bool(re.fullmatch(r"\d[\d .\-]*\d", s)) and not re.search(r"[ .\-]{2}", s)


def checks_passed(d: str, shaped: str | None = None) -> list:
    """which same-length checksums a run of digits passes, in the shapes a scanner would read it:
    shaped=None means contiguous digits; otherwise the run's group lengths decide (4-4-4-4, 3-3-4, 3-2-4 ...)"""
    groups = tuple(len(g) for g in re.split(r"[ .\-]", shaped)) if shaped else (len(d),)
    contiguous = len(groups) == 1
    out = []
    n = len(d)
    if n == 9 and contiguous and aba_ok(d):
        out.append("ABA_ROUTING_NUMBER")
    if n == 10 and contiguous and npi_luhn(d) and d[0] in "12":
        out.append("US_NPI")
    if n == 10 and (contiguous or groups == (3, 3, 4)) and nhs_ok(d):
        out.append("UK_NHS")
    if 13 <= n <= 19 and (contiguous or groups in ((4, 4, 4, 4), (4, 4, 4, 4, 3), (4, 6, 5), (4, 6, 4), (4, 4, 4, 1),
                                                   (4, 4, 4, 3), (4, 4, 5), (2, 6, 6, 1), (8, 6, 1))) and luhn_ok(d):
        out.append("CREDIT_CARD")
    if groups == (3, 2, 4) and ssn_ok(d):
        out.append("US_SSN")
    return out


# =====================================================================================================
# builder: text with labelled spans and hard negatives
# =====================================================================================================

class B:
    """Accumulates text parts; ('t', s) plain, ('v', s, entity, fmt) labelled, ('n', s, kind) hard negative."""

    def __init__(self):
        self.parts = []

    def t(self, s):
        if s:
            self.parts.append(("t", s))
        return self

    def v(self, ent, val, fmt):
        self.parts.append(("v", val, ent, fmt))
        return self

    def n(self, kind, val):
        self.parts.append(("n", val, kind))
        return self

    def extend(self, other):
        self.parts.extend(other.parts)
        return self

    def render(self, conv=None):
        """-> text, spans [(cs, ce, ent, fmt, val)], negs [(cs, ce, kind, val)].  conv transforms plain parts."""
        out, spans, negs, pos = [], [], [], 0
        for p in self.parts:
            s = p[1] if p[0] != "t" or conv is None else conv(p[1])
            if p[0] == "v":
                spans.append((pos, pos + len(s), p[2], p[3], s))
            elif p[0] == "n":
                negs.append((pos, pos + len(s), p[2], s))
            out.append(s)
            pos += len(s)
        return "".join(out), spans, negs


def byte_offsets(text):
    tab = [0] * (len(text) + 1)
    acc = 0
    for i, ch in enumerate(text):
        tab[i] = acc
        acc += len(ch.encode("utf-8"))
    tab[len(text)] = acc
    return tab


# =====================================================================================================
# people, organisations, places
# =====================================================================================================

FIRST = {
    "US": "Tamika Brent Colleen Dwayne Priya Marcus Delia Ezra Shonda Kurt Leticia Raymond Yolanda Garrett Imani "
          "Corbin Nadia Wesley Rosalind Tobias Keisha Dominic Harriet Julio Mallory Desmond Farrah Ignacio Lorraine "
          "Quentin Bethany Rashid Celeste Virgil Anneliese Jamal Odessa Trent Marisol Howard".split(),
    "UK": "Siobhan Callum Gemma Rhys Bronwen Alistair Niamh Declan Imogen Fergus Harpreet Oluwaseun Rosie Gareth "
          "Isla Tariq Morag Euan Philippa Kieran Ffion Barnaby Aoife Hamish Saoirse Nkechi Rupert Eilidh".split(),
    "de": "Jürgen Annika Sönke Birgit Matthias Friederike Lars Dörte Kai Heike Timo Ulrike Björn Svenja Malte".split(),
    "fr": "Théo Margaux Élodie Benoît Solène Yannick Maëlle Grégoire Capucine Loïc Anaïs Jérôme Océane Hervé".split(),
    "es": "Íñigo Lucía Álvaro Rocío Sergio Nerea Joaquín Begoña Rubén Ainhoa Tomás Montserrat Adrián Pilar".split(),
    "it": "Niccolò Chiara Gianluca Federica Mattia Ilaria Raffaele Benedetta Tommaso Graziella Davide Noemi".split(),
    "nl": "Joost Femke Thijs Marloes Sander Anouk Bram Lieke Wouter Ilse Ruud Esmée Daan Sanne Pieter".split(),
    "pt": "João Inês Gonçalo Beatriz Rui Leonor Tiago Mafalda Duarte Catarina Vasco Joana Afonso Filipa".split(),
    "pl": "Łukasz Agnieszka Paweł Małgorzata Grzegorz Zuzanna Wojciech Katarzyna Michał Joanna Bartłomiej Ewa".split(),
}
LAST = {
    "US": "Okafor Lindgren Castellano Whitfield Ramaswamy Delacroix Pruitt Abernathy Nakagawa Thibodeaux Moreno "
          "Kowalczyk Haskins Villanueva Blackwood Osei Fairbanks Dunleavy Marchetti Quiñones Yarborough Stroud "
          "Benavides Holloway Achterberg Tran Galloway Ferreira Mbeki Sorensen".split(),
    "UK": "Pemberton Ashworth O'Rourke Chaudhry McAllister Greenhalgh Whitlock Adeyemi Treharne Bannerman Kaur "
          "Fitzgerald Hargreaves Okonjo Llewellyn Macpherson Drummond Featherstone Sandhu Coulthard".split(),
    "de": "Brückner Hoffmann Wendtland Kühnel Oberhauser Schäfer Lindemann Großmann Vogt Kessler Eichhorn".split(),
    "fr": "Lefèvre Marchand Giraud Duplessis Rousseau Chevalier Barbier Lemoine Fournier Benhamou Garnier".split(),
    "es": "Echeverría Navarro Castillo Ibáñez Soler Herrera Fuentes Pascual Aguirre Domínguez Serrano".split(),
    "it": "Bianchi Colombo Ferraro Galli Rinaldi Caruso Mancini Lombardi Barbieri Fontana Moretti".split(),
    "nl": "de Vries Jansen Bakker Visser Smits Meijer van Dijk Mulder Bos Dekker Kuipers".split(),
    "pt": "Ferreira Carvalho Sousa Monteiro Pacheco Antunes Tavares Moreira Figueiredo Pinto Lopes".split(),
    "pl": "Wiśniewski Kowalczyk Zieliński Szymańska Woźniak Dąbrowski Kozłowska Jankowski Mazur Krawczyk".split(),
}
# Dutch surnames with a prefix were split above; rejoin them
LAST["nl"] = ["de Vries", "Jansen", "Bakker", "Visser", "Smits", "Meijer", "van Dijk", "Mulder", "Bos", "Dekker",
              "Kuipers", "van der Linden"]

ORG_A = ("Bluestem Copperline Harrowgate Lakeshore Ridgeway Summitview Tidewater Kestrel Larkspur Northwind "
         "Fernbrook Granite Hollis Marlow Oakhaven Pinecrest Redfern Silverbirch Westmarch Ashgrove Brightwater "
         "Cobalt Driftwood Emberly Foxglove Halcyon Ironbridge Juniper").split()
ORG_B = {
    "billing": ["Outfitters", "Home Goods", "Coffee Roasters", "Print Co", "Subscriptions", "Garden Supply"],
    "access": ["Analytics", "Software", "Learning", "Studios", "Media", "Labs"],
    "health": ["Family Medicine", "Pediatrics", "Orthopedics", "Pharmacy", "Dermatology", "Cardiology Associates"],
    "payroll": ["Staffing", "Builders", "Logistics", "Manufacturing", "Hospitality Group", "Foods"],
    "it": ["Systems", "Cloud", "Networks", "DevOps", "Data", "Hosting"],
    "integration": ["Commerce", "Payments", "Connect", "API", "Platforms", "Exchange"],
    "banking": ["Credit Union", "Capital", "Treasury", "Payouts", "Lending", "Savings"],
    "nhs": ["Surgery", "Medical Centre", "Health Centre", "Practice", "Group Practice", "Family Practice"],
    "telecom": ["Wireless", "Telecom", "Mobile", "Communications", "Fibre", "Voice"],
}
ORG_L = {  # localised company suffixes
    "de": ["GmbH", "AG", "KG", "e.K."], "fr": ["SAS", "SARL", "SA"], "es": ["S.L.", "S.A."],
    "it": ["S.r.l.", "S.p.A."], "nl": ["B.V.", "N.V."], "pt": ["Lda.", "S.A."], "pl": ["sp. z o.o.", "S.A."],
}
TLD = {"US": [".com", ".com", ".net", ".io", ".org", ".us", ".co", ".health"], "UK": [".co.uk", ".co.uk", ".org.uk", ".uk", ".com"],
       "de": [".de", ".de", ".com"], "fr": [".fr", ".fr", ".com"], "es": [".es", ".es", ".com"], "it": [".it", ".it"],
       "nl": [".nl", ".nl", ".com"], "pt": [".pt", ".pt", ".com"], "pl": [".pl", ".pl", ".com.pl"]}
FREEMAIL = {"US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "proton.me", "comcast.net"],
            "UK": ["btinternet.com", "hotmail.co.uk", "gmail.com", "yahoo.co.uk", "sky.com", "outlook.com"],
            "de": ["gmx.de", "web.de", "t-online.de", "posteo.de"], "fr": ["orange.fr", "free.fr", "laposte.net", "sfr.fr"],
            "es": ["telefonica.net", "gmail.com", "yahoo.es", "hotmail.es"], "it": ["libero.it", "virgilio.it", "tiscali.it"],
            "nl": ["ziggo.nl", "kpnmail.nl", "hotmail.nl", "xs4all.nl"], "pt": ["sapo.pt", "gmail.com", "netcabo.pt"],
            "pl": ["wp.pl", "o2.pl", "interia.pl", "onet.pl"]}
AGENT_TEAM = ["Tier 1 Support", "Customer Care", "Support Operations", "Member Services", "Service Desk",
              "Client Success", "Helpdesk", "Escalations"]
VENDOR_NAMES = ["Northgate BPO", "Alderpoint Support Services", "Calloway Contact Centers", "Quayside Outsourcing"]


def ascii_slug(s: str) -> str:
    s = s.replace("ł", "l").replace("Ł", "L").replace("ß", "ss").replace("ø", "o")
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("Ä", "Ae"), ("Ö", "Oe"), ("Ü", "Ue")):
        s = s.replace(a, b)
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c))


def slug(s: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", ascii_slug(s).lower())


class Person:
    def __init__(self, R, pool):
        self.first = R.choice(FIRST[pool])
        self.last = R.choice(LAST[pool])
        self.full = f"{self.first} {self.last}"


def make_org(R, queue, lang, region):
    a = R.choice(ORG_A)
    q = queue if queue in ORG_B else {"health_us": "health", "health_eu": "health", "payroll_us": "payroll",
                                      "payroll_uk": "payroll", "payroll_eu": "payroll", "banking_us": "banking",
                                      "banking_eu": "banking"}.get(queue, "billing")
    b = R.choice(ORG_B[q])
    if lang != "en":
        name = f"{a} {R.choice(ORG_L[lang])}"
        tld = R.choice(TLD[lang])
    else:
        name = f"{a} {b}"
        tld = R.choice(TLD[region])
    dom = slug(a) + R.choice(["", "-" + slug(b.split()[0]), slug(b.split()[0])[:4], "hq", "-group"]) + tld
    return name, dom


# =====================================================================================================
# positive value generators: each returns (value, "family.variant")
# =====================================================================================================

def rdig(R, n, first="0123456789"):
    return R.choice(first) + "".join(R.choice(string.digits) for _ in range(n - 1))


def group(d, sizes, sep):
    out, i = [], 0
    for k in sizes:
        out.append(d[i:i + k])
        i += k
    return sep.join(out)


CARD_BRANDS = {  # brand: (prefix maker, length, grouping, display name)
    "visa": (lambda R: "4" + rdig(R, 5), 16, (4, 4, 4, 4), "Visa"),
    "mc": (lambda R: str(R.randint(51, 55)) + rdig(R, 4), 16, (4, 4, 4, 4), "Mastercard"),
    "mc2": (lambda R: str(R.randint(2221, 2720)) + rdig(R, 2), 16, (4, 4, 4, 4), "Mastercard"),
    "amex": (lambda R: R.choice(["34", "37"]) + rdig(R, 4), 15, (4, 6, 5), "Amex"),
    "discover": (lambda R: R.choice(["6011" + rdig(R, 2), str(R.randint(644, 649)) + rdig(R, 3),
                                     "65" + rdig(R, 4)]), 16, (4, 4, 4, 4), "Discover"),
    "diners": (lambda R: R.choice(["36" + rdig(R, 4), str(R.randint(300, 305)) + rdig(R, 3)]), 14, (4, 6, 4),
               "Diners Club"),
    "jcb": (lambda R: str(R.randint(3528, 3589)) + rdig(R, 2), 16, (4, 4, 4, 4), "JCB"),
    "unionpay": (lambda R: "62" + rdig(R, 4), 16, (4, 4, 4, 4), "UnionPay"),
    "visa19": (lambda R: "4" + rdig(R, 5), 19, (4, 4, 4, 4, 3), "Visa"),
}
CARD_WEIGHTS = [("visa", 34), ("mc", 18), ("mc2", 7), ("amex", 13), ("discover", 8), ("diners", 5), ("jcb", 5),
                ("unionpay", 5), ("visa19", 2)]


def wchoice(R, pairs):
    tot = sum(w for _, w in pairs)
    x = R.uniform(0, tot)
    for k, w in pairs:
        x -= w
        if x <= 0:
            return k
    return pairs[-1][0]


def gen_card(R, brand=None):
    brand = brand or wchoice(R, CARD_WEIGHTS)
    mk, n, grp, name = CARD_BRANDS[brand]
    while True:
        d = luhn_complete((mk(R) + rdig(R, n))[:n - 1])
        if card_brand_ok(d):
            break
    sep = wchoice(R, [(" ", 55), ("-", 22), ("", 23)])
    v = group(d, grp, sep) if sep else d
    return v, f"card.{brand}.{ {' ': 'space', '-': 'dash', '': 'plain'}[sep] }", name


def gen_ssn(R):
    while True:
        d = rdig(R, 9)
        if ssn_ok(d):
            break
    st = wchoice(R, [("dash", 62), ("plain", 20), ("space", 14), ("dot", 4)])
    v = {"dash": group(d, (3, 2, 4), "-"), "plain": d, "space": group(d, (3, 2, 4), " "),
         "dot": group(d, (3, 2, 4), ".")}[st]
    return v, f"ssn.{st}"


def gen_aba(R):
    while True:
        p = R.choice(FED_PREFIXES)
        d = f"{p:02d}" + rdig(R, 6)
        for c in "0123456789":
            if aba_ok(d + c):
                return d + c, f"aba.fed{p:02d}"


def gen_npi(R):
    while True:
        d = R.choice("12") + rdig(R, 8)
        full = luhn_complete("80840" + d)
        v = d + full[-1]
        if npi_ok(v):
            return v, "npi.plain"


def gen_nhs(R):
    while True:
        d = rdig(R, 9, "3456789")
        s = sum(int(d[i]) * (10 - i) for i in range(9))
        c = 11 - s % 11
        c = 0 if c == 11 else c
        if c == 10:
            continue
        v = d + str(c)
        st = wchoice(R, [("spaced", 60), ("plain", 25), ("dashed", 15)])
        return {"spaced": group(v, (3, 3, 4), " "), "plain": v, "dashed": group(v, (3, 3, 4), "-")}[st], f"nhs.{st}"


def gen_dea(R, surname):
    first = R.choice(DEA_FIRST)
    second = ascii_slug(surname).replace("'", "").replace(" ", "")[0].upper()
    d = [R.randint(0, 9) for _ in range(6)]
    c = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10
    v = first + second + "".join(map(str, d)) + str(c)
    assert dea_ok(v)
    return v, f"dea.{first.lower()}x"


def gen_mrn(R):
    st = wchoice(R, [("d7", 25), ("d8", 25), ("z8", 10), ("d10", 10), ("a7", 10), ("e9", 8), ("mr6", 7), ("h_dash", 5)])
    while True:
        if st == "d7":
            v = rdig(R, 7, "123456789")
        elif st == "d8":
            v = rdig(R, 8, "123456789")
        elif st == "z8":
            v = "00" + rdig(R, 6, "123456789")
        elif st == "d10":
            v = rdig(R, 10, "123456789")
        elif st == "a7":
            v = R.choice("ABCHKMPR") + rdig(R, 7)
        elif st == "e9":
            v = "E" + rdig(R, 9, "123456789")
        elif st == "mr6":
            v = "MR" + rdig(R, 6, "123456789")
        else:
            v = R.choice(["H", "RX", "K"]) + "-" + rdig(R, 7)
        if not checks_passed(digits_of(v)) or not v.isdigit():
            return v, f"mrn.{st}"


AWS_CH = string.ascii_uppercase + "234567"


def gen_aws(R):
    pre = wchoice(R, [("AKIA", 78), ("ASIA", 22)])
    while True:
        v = pre + "".join(R.choice(AWS_CH) for _ in range(16))
        if aws_ok(v):
            return v, f"aws.{pre.lower()}"


def gen_gh(R):
    kind = wchoice(R, [("ghp", 40), ("gho", 12), ("ghu", 10), ("ghs", 14), ("ghr", 8), ("pat", 16)])
    if kind == "pat":
        v = "github_pat_11" + "".join(R.choice(string.ascii_uppercase + string.digits) for _ in range(20)) + "_" + \
            "".join(R.choice(string.ascii_letters + string.digits) for _ in range(59))
    else:
        body = "".join(R.choice(string.ascii_letters + string.digits) for _ in range(30))
        v = f"{kind}_{body}{b62(binascii.crc32(body.encode()))}"
    assert gh_ok(v)
    return v, f"gh.{kind}"


def gh_bad(R, prefix="ghp"):
    body = "".join(R.choice(string.ascii_letters + string.digits) for _ in range(30))
    good = b62(binascii.crc32(body.encode()))
    while True:
        tail = "".join(R.choice(string.ascii_letters + string.digits) for _ in range(6))
        if tail != good:
            return f"{prefix}_{body}{tail}"


def _pem(label, der, width=64):
    b = base64.b64encode(der).decode()
    lines = [b[i:i + width] for i in range(0, len(b), width)]
    return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"


def rbytes(R, n):
    return bytes(R.randint(0, 255) for _ in range(n))


def gen_pkey(R):
    kind = wchoice(R, [("rsa", 22), ("pkcs8", 22), ("ec", 20), ("ec8", 10), ("openssh", 18), ("encrypted", 8)])
    if kind == "rsa":
        der = bytes.fromhex("308204a40201000282010100") + rbytes(R, 1192 - 12)
        return _pem("RSA PRIVATE KEY", der), "pkey.rsa"
    if kind == "pkcs8":
        der = bytes.fromhex("308204be020100300d06092a864886f70d0101010500048204a8") + rbytes(R, 1218 - 26)
        return _pem("PRIVATE KEY", der), "pkey.pkcs8"
    if kind == "ec":
        der = bytes.fromhex("30770201010420") + rbytes(R, 32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + \
            b"\x04" + rbytes(R, 64)
        return _pem("EC PRIVATE KEY", der), "pkey.ec"
    if kind == "ec8":
        der = bytes.fromhex("308187020100301306072a8648ce3d020106082a8648ce3d030107046d306b0201010420") + \
            rbytes(R, 32) + bytes.fromhex("a144034200") + b"\x04" + rbytes(R, 64)
        return _pem("PRIVATE KEY", der), "pkey.ec_pkcs8"
    if kind == "openssh":
        pub = rbytes(R, 32)
        blob = (b"openssh-key-v1\x00" + b"\x00\x00\x00\x04none" * 2 + b"\x00\x00\x00\x00\x00\x00\x00\x01" +
                b"\x00\x00\x00\x33\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + pub + b"\x00\x00\x00\x88" +
                rbytes(R, 8) + b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + pub + b"\x00\x00\x00\x40" +
                rbytes(R, 64) + b"\x00\x00\x00\x0e" + b"deploy@runner1" + b"\x01\x02\x03\x04\x05")
        return _pem("OPENSSH PRIVATE KEY", blob, 70), "pkey.openssh"
    der = bytes.fromhex("3082051e304006092a864886f70d01050d3033301b06092a864886f70d01050c300e0408") + rbytes(R, 1314 - 36)
    return _pem("ENCRYPTED PRIVATE KEY", der), "pkey.encrypted"


def gen_cert(R):
    der = bytes.fromhex("3082035b30820243a0030201020214") + rbytes(R, 560)
    return _pem("CERTIFICATE", der)


def gen_pubkey(R):
    der = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200") + b"\x04" + rbytes(R, 64)
    return _pem("PUBLIC KEY", der)


def gen_ssh_pub(R, comment):
    blob = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00\x20" + rbytes(R, 32)
    return "ssh-ed25519 " + base64.b64encode(blob).decode() + " " + comment


# ---- IBAN ------------------------------------------------------------------------------------------

NL_BANKS = ["ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB", "ASNB", "BUNQ"]
GB_BANKS = ["NWBK", "BARC", "LOYD", "HBUK", "MIDL", "NAIA", "CITI", "SRLG"]
IE_BANKS = ["AIBK", "BOFI", "IPBS"]


def _rib_key(bank, guichet, acct):
    return 97 - ((89 * int(bank) + 15 * int(guichet) + 3 * int(acct)) % 97)


def _es_dc(s10):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]
    r = 11 - sum(int(c) * k for c, k in zip(s10, w)) % 11
    return {11: 0, 10: 1}.get(r, r)


def bban(R, cc):
    if cc == "DE":
        return rdig(R, 8, "123456789") + rdig(R, 10)
    if cc == "AT":
        return rdig(R, 5, "123456789") + rdig(R, 11)
    if cc == "CH":
        return "00" + rdig(R, 3) + rdig(R, 12)
    if cc == "FR":
        bank, gui, acct = rdig(R, 5, "123"), rdig(R, 5), rdig(R, 11)
        return bank + gui + acct + f"{_rib_key(bank, gui, acct):02d}"
    if cc == "ES":
        bank, br, acct = rdig(R, 4, "0123"), rdig(R, 4), rdig(R, 10)
        return bank + br + str(_es_dc("00" + bank + br)) + str(_es_dc(acct)) + acct
    if cc == "IT":
        return R.choice("ABCDEFGHIJKLMNOPRSTUVWXZ") + rdig(R, 5, "0123") + rdig(R, 5) + rdig(R, 12)
    if cc == "NL":
        return R.choice(NL_BANKS) + rdig(R, 10, "0123456789")
    if cc == "BE":
        first = rdig(R, 10)
        c = int(first) % 97 or 97
        return first + f"{c:02d}"
    if cc == "PT":
        return "00" + rdig(R, 2) + rdig(R, 4) + rdig(R, 11) + rdig(R, 2)
    if cc == "PL":
        return rdig(R, 8, "123456789") + rdig(R, 16)
    if cc == "GB":
        return R.choice(GB_BANKS) + rdig(R, 6, "123456789") + rdig(R, 8)
    if cc == "IE":
        return R.choice(IE_BANKS) + rdig(R, 6, "9") + rdig(R, 8)
    if cc == "LU":
        return rdig(R, 3) + rdig(R, 13)
    raise KeyError(cc)


def make_iban(cc, bb):
    chk = 98 - iban_mod97(cc + "00" + bb)
    return f"{cc}{chk:02d}{bb}"


def gen_iban(R, cc, spaced=None):
    v = make_iban(cc, bban(R, cc))
    assert iban_ok(v)
    if spaced is None:
        spaced = R.random() < 0.62
    return (group(v, [4] * 8, " ").strip() if spaced else v), f"iban.{cc.lower()}.{'spaced' if spaced else 'compact'}"


# ---- IP -------------------------------------------------------------------------------------------

def gen_ip(R, kind=None):
    kind = kind or wchoice(R, [("v4pub", 55), ("v4priv", 25), ("v6", 14), ("v6ula", 6)])
    while True:
        if kind == "v4pub":
            a = R.choice([3, 8, 13, 18, 23, 31, 34, 37, 45, 50, 52, 54, 62, 66, 72, 77, 81, 85, 88, 91, 94, 98, 104,
                          107, 109, 128, 134, 141, 145, 151, 154, 161, 172, 176, 178, 185, 188, 193, 195, 199, 203,
                          206, 212, 217])
            v = f"{a}.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(1, 254)}"
        elif kind == "v4priv":
            v = R.choice([f"10.{R.randint(0, 255)}.{R.randint(0, 255)}.{R.randint(2, 254)}",
                          f"172.{R.randint(16, 31)}.{R.randint(0, 255)}.{R.randint(2, 254)}",
                          f"192.168.{R.randint(0, 99)}.{R.randint(2, 254)}"])
        elif kind == "v6":
            pre = R.choice(["2a02:8108", "2600:1700", "2607:fb90", "2a01:4f8", "2406:da18", "2a00:23c6", "2001:41d0",
                            "2804:14c", "2a0a:a540"])
            tail = [f"{R.randint(0, 0xffff):x}" for _ in range(6)]
            form = R.choice(["full", "compress", "compress_end"])
            if form == "full":
                v = pre + ":" + ":".join(tail)
            elif form == "compress":
                v = pre + ":" + tail[0] + "::" + ":".join(tail[4:])
            else:
                v = pre + ":" + ":".join(tail[:2]) + "::" + f"{R.randint(1, 0xff):x}"
        else:
            v = f"fd{R.randint(0, 255):02x}:{R.randint(0, 0xffff):x}:{R.randint(0, 0xffff):x}::{R.randint(1, 0xfff):x}"
        if ip_ok(v):
            return v, f"ip.{kind}"


# ---- phones -------------------------------------------------------------------------------------------

def _nanp(R):
    while True:
        a = R.choice("23456789") + rdig(R, 2)
        if a[1:] == "11" or a[1] == "9" or a in ("800", "888", "877", "866", "855", "844", "833", "555"):
            continue
        e = R.choice("23456789") + rdig(R, 2)
        if e[1:] == "11" or e == "555":
            continue
        return a, e, rdig(R, 4)


def gen_phone(R, cc, style=None):
    """cc: US UK DE FR ES IT NL PT PL; returns (value, variant, e164)"""
    if cc == "US":
        a, e, s = _nanp(R)
        st = style or wchoice(R, [("paren", 30), ("dash", 26), ("dot", 10), ("intl_space", 10), ("intl_dash", 8),
                                   ("one_paren", 5), ("plain", 6), ("intl_plain", 5)])
        v = {"paren": f"({a}) {e}-{s}", "dash": f"{a}-{e}-{s}", "dot": f"{a}.{e}.{s}",
             "intl_space": f"+1 {a} {e} {s}", "intl_dash": f"+1-{a}-{e}-{s}", "one_paren": f"1 ({a}) {e}-{s}",
             "plain": f"{a}{e}{s}", "intl_plain": f"+1{a}{e}{s}"}[st]
        return v, f"phone.us.{st}", f"+1{a}{e}{s}"
    if cc == "UK":
        kind = R.choice(["london", "geo", "mobile"])
        if kind == "london":
            ac, rest = "20", R.choice("378") + rdig(R, 7)
            nat, intl = f"020 {rest[:4]} {rest[4:]}", f"+44 20 {rest[:4]} {rest[4:]}"
            alt = f"+44 (0)20 {rest[:4]} {rest[4:]}"
        elif kind == "geo":
            ac = R.choice(["161", "113", "117", "121", "131", "141", "151", "114", "1223", "1865", "1632", "29"])
            rest = rdig(R, 10 - len(ac), "2345678")
            sp = 3 if len(rest) == 6 else 3 if len(rest) == 7 else 4
            nat = f"0{ac} {rest[:sp]} {rest[sp:]}" if len(ac) == 3 else f"0{ac} {rest}"
            intl = f"+44 {ac} {rest[:sp]} {rest[sp:]}" if len(ac) == 3 else f"+44 {ac} {rest}"
            alt = f"+44 (0){ac} {rest}"
        else:
            ac, rest = "7" + R.choice("1234589") + rdig(R, 2), rdig(R, 6)
            nat, intl = f"0{ac} {rest}", f"+44 {ac} {rest}"
            alt = f"0{ac[:4]} {ac[4:]}{rest[:2]} {rest[2:]}" if False else f"0{ac}-{rest}"
        st = style or wchoice(R, [("nat", 50), ("intl", 32), ("alt", 18)])
        v = {"nat": nat, "intl": intl, "alt": alt}[st]
        return v, f"phone.gb.{kind}_{st}", "+44" + digits_of(intl)[2:]
    if cc == "DE":
        mob = R.random() < 0.45
        if mob:
            ac, rest = "1" + R.choice(["51", "52", "60", "62", "70", "71", "75", "76"]), rdig(R, 8, "123456789")
            forms = [f"0{ac} {rest}", f"+49 {ac} {rest[:4]} {rest[4:]}", f"0{ac}/{rest}", f"+49 (0){ac} {rest}"]
        else:
            ac = R.choice(["30", "40", "69", "89", "221", "211", "711", "351", "341", "511"])
            rest = rdig(R, 10 - len(ac) if len(ac) == 2 else 7, "2345678")
            forms = [f"0{ac} {rest}", f"+49 {ac} {rest}", f"0{ac}/{rest}", f"+49 (0){ac} {rest[:3]} {rest[3:]}",
                     f"0{ac}-{rest}"]
        i = R.randrange(len(forms))
        return forms[i], f"phone.de.{'mobile' if mob else 'geo'}{i}", "+49" + ac + rest
    if cc == "FR":
        first = R.choice("1234567" if R.random() < 0.6 else "67")
        rest = rdig(R, 8)
        pairs = " ".join(rest[i:i + 2] for i in range(0, 8, 2))
        forms = [f"0{first} {pairs}", f"+33 {first} {pairs}", f"0{first}." + ".".join(rest[i:i + 2] for i in range(0, 8, 2)),
                 f"+33 (0){first} {pairs}", f"0{first}{rest}"]
        i = R.randrange(len(forms))
        return forms[i], f"phone.fr.f{i}", f"+33{first}{rest}"
    if cc == "ES":
        first = R.choice(["6", "7", "91", "93", "95", "96", "94"])
        rest = rdig(R, 9 - len(first))
        n = first + rest
        forms = [f"{n[:3]} {n[3:6]} {n[6:]}", f"+34 {n[:3]} {n[3:6]} {n[6:]}", f"+34 {n[:3]} {n[3:5]} {n[5:7]} {n[7:]}",
                 f"{n[:3]} {n[3:5]} {n[5:7]} {n[7:]}", n]
        i = R.randrange(len(forms))
        return forms[i], f"phone.es.f{i}", "+34" + n
    if cc == "IT":
        if R.random() < 0.5:
            n = "3" + R.choice("2345689") + rdig(R, 8)
            forms = [f"{n[:3]} {n[3:6]} {n[6:]}", f"+39 {n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]}-{n[3:]}", f"+39 {n[:3]} {n[3:]}"]
        else:
            ac = R.choice(["02", "06", "011", "055", "051", "081", "041"])
            rest = rdig(R, 10 - len(ac), "2345678")
            n = ac + rest
            forms = [f"{ac} {rest}", f"+39 {ac} {rest}", f"{ac} {rest[:4]} {rest[4:]}", f"{ac}/{rest}"]
        i = R.randrange(len(forms))
        return forms[i], f"phone.it.f{i}", "+39" + n
    if cc == "NL":
        if R.random() < 0.5:
            rest = rdig(R, 8, "123456789")
            forms = [f"06 {rest}", f"06-{rest}", f"+31 6 {rest[:4]} {rest[4:]}", f"+31 (0)6 {rest}"]
            n = "6" + rest
        else:
            ac = R.choice(["20", "10", "30", "70", "40", "50"])
            rest = rdig(R, 7, "2345678")
            forms = [f"0{ac} {rest[:3]} {rest[3:]}", f"0{ac}-{rest}", f"+31 {ac} {rest[:3]} {rest[3:]}"]
            n = ac + rest
        i = R.randrange(len(forms))
        return forms[i], f"phone.nl.f{i}", "+31" + n
    if cc == "PT":
        n = R.choice(["91", "92", "93", "96", "21", "22"]) + rdig(R, 7)
        forms = [f"{n[:3]} {n[3:6]} {n[6:]}", f"+351 {n[:3]} {n[3:6]} {n[6:]}", f"+351 {n}", f"{n[:2]} {n[2:5]} {n[5:]}"]
        i = R.randrange(len(forms))
        return forms[i], f"phone.pt.f{i}", "+351" + n
    if cc == "PL":
        if R.random() < 0.55:
            n = R.choice("5678") + rdig(R, 8)
            forms = [f"{n[:3]} {n[3:6]} {n[6:]}", f"+48 {n[:3]} {n[3:6]} {n[6:]}", f"{n[:3]}-{n[3:6]}-{n[6:]}",
                     f"+48 {n}"]
        else:
            n = R.choice(["22", "12", "61", "71", "58"]) + rdig(R, 7, "2345678")
            forms = [f"{n[:2]} {n[2:5]} {n[5:7]} {n[7:]}", f"+48 {n[:2]} {n[2:5]} {n[5:7]} {n[7:]}", f"({n[:2]}) {n[2:]}"]
        i = R.randrange(len(forms))
        return forms[i], f"phone.pl.f{i}", "+48" + n
    raise KeyError(cc)


# ---- e-mail -----------------------------------------------------------------------------------------

ROLE_LOCALS = ["billing", "accounts", "ap", "accounts.payable", "payroll", "hr-helpdesk", "it-support", "servicedesk",
               "frontdesk", "reception", "noc", "finance.ops", "support", "admin.team", "practice.manager",
               "integrations", "devops+alerts", "refunds"]


def gen_email(R, person, dom, region, role_ok=True):
    f, l = slug(person.first), slug(person.last.replace("'", ""))
    l_apos = ascii_slug(person.last).lower().replace(" ", "")
    st = wchoice(R, [("first_dot_last", 22), ("flast", 12), ("first", 8), ("first_last", 6), ("plus", 8), ("f_dot_last", 6),
                     ("lastf", 4), ("first_hyphen_last", 4), ("digits", 6), ("role", 10 if role_ok else 0), ("free", 10),
                     ("subdomain", 5), ("apos", 3 if "'" in person.last else 0)])
    if st == "first_dot_last":
        loc = f"{f}.{l}"
    elif st == "flast":
        loc = f"{f[0]}{l}"
    elif st == "first":
        loc = f
    elif st == "first_last":
        loc = f"{f}_{l}"
    elif st == "plus":
        loc = f"{f}.{l}+{R.choice(['billing', 'support', 'tickets', 'vendor', 'portal', 'work', 'rx'])}"
    elif st == "f_dot_last":
        loc = f"{f[0]}.{l}"
    elif st == "lastf":
        loc = f"{l}{f[0]}"
    elif st == "first_hyphen_last":
        loc = f"{f}-{l}"
    elif st == "digits":
        loc = f"{f}{l[:1]}{R.randint(7, 99)}"
    elif st == "role":
        loc = R.choice(ROLE_LOCALS)
    elif st == "apos":
        loc = f"{f}.{l_apos}"
    else:
        loc = f"{f}.{l}{R.choice(['', str(R.randint(60, 99)), '.' + str(R.randint(1, 9))])}"
    if st == "free":
        d = R.choice(FREEMAIL.get(region, FREEMAIL["US"]))
    elif st == "subdomain":
        d = R.choice(["mail.", "eu.", "corp.", "us.", "clinic.", "ops."]) + dom
    else:
        d = dom
    v = f"{loc}@{d}"
    return v, f"email.{st}"


# ---- dates --------------------------------------------------------------------------------------------

MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split(),
    "nl": "januari februari maart april mei juni juli augustus september oktober november december".split(),
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split(),
}
DATE_STYLES = {
    "US": [("us_slash", 34), ("us_slash_nz", 16), ("us_yy", 8), ("long_mdy", 16), ("abbr_mdy", 10), ("iso", 10),
           ("us_dash", 6)],
    "UK": [("dmy_slash", 40), ("long_dmy", 20), ("abbr_dmy", 14), ("iso", 10), ("ordinal", 8), ("dmy_dot", 8)],
    "de": [("dmy_dot", 55), ("dmy_dot_nz", 15), ("long_de", 20), ("iso", 10)],
    "fr": [("dmy_slash", 60), ("long", 30), ("iso", 10)],
    "es": [("dmy_slash", 55), ("long_de_es", 25), ("dmy_dash", 10), ("iso", 10)],
    "it": [("dmy_slash", 60), ("long", 30), ("dmy_dot", 10)],
    "nl": [("dmy_dash", 50), ("long", 30), ("dmy_slash", 10), ("iso", 10)],
    "pt": [("dmy_slash", 60), ("long_de_es", 30), ("iso", 10)],
    "pl": [("dmy_dot", 60), ("long", 30), ("iso", 10)],
}


def fmt_date(R, y, m, d, loc, style=None):
    style = style or wchoice(R, DATE_STYLES[loc])
    lang = loc if loc in MONTHS else "en"
    mn = MONTHS[lang][m - 1]
    if style == "us_slash":
        v = f"{m:02d}/{d:02d}/{y}"
    elif style == "us_slash_nz":
        v = f"{m}/{d}/{y}"
    elif style == "us_yy":
        v = f"{m:02d}/{d:02d}/{y % 100:02d}"
    elif style == "us_dash":
        v = f"{m:02d}-{d:02d}-{y}"
    elif style == "long_mdy":
        v = f"{mn} {d}, {y}"
    elif style == "abbr_mdy":
        v = f"{mn[:3]} {d}, {y}" if R.random() < 0.6 else f"{mn[:3]}. {d} {y}"
    elif style == "iso":
        v = f"{y}-{m:02d}-{d:02d}"
    elif style == "dmy_slash":
        v = f"{d:02d}/{m:02d}/{y}"
    elif style == "dmy_dot":
        v = f"{d:02d}.{m:02d}.{y}"
    elif style == "dmy_dot_nz":
        v = f"{d}.{m}.{y}"
    elif style == "dmy_dash":
        v = f"{d:02d}-{m:02d}-{y}"
    elif style == "long_dmy":
        v = f"{d} {mn} {y}"
    elif style == "abbr_dmy":
        v = f"{d:02d}-{mn[:3]}-{y}" if R.random() < 0.5 else f"{d} {mn[:3]} {y}"
    elif style == "ordinal":
        suf = "th" if 11 <= d <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(d % 10, "th")
        v = f"{d}{suf} {mn} {y}"
    elif style == "long_de":
        v = f"{d}. {mn} {y}"
    elif style == "long_de_es":
        v = f"{d} de {mn} de {y}"
    elif style == "long":
        v = f"{'1er' if (lang == 'fr' and d == 1) else d} {mn} {y}"
    else:
        raise KeyError(style)
    return v, style


def gen_dob(R, loc, style=None):
    y = R.randint(1938, 2007)
    m = R.randint(1, 12)
    d = R.randint(1, 28)
    v, st = fmt_date(R, y, m, d, loc, style)
    return v, f"dob.{st}"


def gen_other_date(R, loc, years=(2024, 2026), style=None):
    y = R.randint(*years)
    return fmt_date(R, y, R.randint(1, 12), R.randint(1, 28), loc, style)[0]


# =====================================================================================================
# hard-negative generators
# =====================================================================================================

def sdig(R, n, first="123456789"):
    """n random digits that pass no same-length checksum (ABA for 9, NPI/NHS for 10, Luhn for 13-19)"""
    while True:
        d = rdig(R, n, first)
        if not checks_passed(d):
            return d


def sdig_fmt(R, n, sizes, sep, first="123456789"):
    while True:
        d = sdig(R, n, first)
        v = group(d, sizes, sep)
        if not checks_passed(d, v):
            return v


def hexs(R, n):
    return "".join(R.choice("0123456789abcdef") for _ in range(n))


def mask_keep(v, keep=4, ch="*"):
    out, seen = [], 0
    total = sum(c.isalnum() for c in v)
    for c in v:
        if c.isalnum():
            seen += 1
            out.append(c if seen > total - keep else ch)
        else:
            out.append(c)
    return "".join(out)


def _ts_iso(R, c):
    y, mo, d = R.randint(2024, 2026), R.randint(1, 12), R.randint(1, 28)
    h, mi, s = R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)
    return R.choice([f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z",
                     f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}.{R.randint(0, 999):03d}Z",
                     f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}",
                     f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}+0{R.randint(0, 2)}:00"])


def _ts_log(R, c):
    mo, d = R.randint(1, 12), R.randint(1, 28)
    h, mi, s = R.randint(0, 23), R.randint(0, 59), R.randint(0, 59)
    mn = MONTHS["en"][mo - 1][:3]
    return R.choice([f"{mn} {d:2d} {h:02d}:{mi:02d}:{s:02d}", f"{d:02d}/{mn}/{R.randint(2024, 2026)}:{h:02d}:{mi:02d}:{s:02d} +0000",
                     f"{R.randint(2024, 2026)}/{mo:02d}/{d:02d} {h:02d}:{mi:02d}:{s:02d}"])


def _ts_clf(R):
    return (f"{R.randint(1, 28):02d}/{MONTHS['en'][R.randint(0, 11)][:3]}/{R.randint(2024, 2026)}:"
            f"{R.randint(0, 23):02d}:{R.randint(0, 59):02d}:{R.randint(0, 59):02d} +0000")


def _ts_email(R, c):
    lang = c.lang
    y, mo, d = R.randint(2024, 2026), R.randint(1, 12), R.randint(1, 28)
    h, mi = R.randint(7, 19), R.randint(0, 59)
    mn = MONTHS[lang][mo - 1]
    if lang == "en":
        wd = R.choice(["Mon", "Tue", "Wed", "Thu", "Fri"])
        return R.choice([f"{wd}, {d} {mn[:3]} {y} at {h:02d}:{mi:02d}", f"{wd}, {mn[:3]} {d}, {y} at {h % 12 or 12}:{mi:02d} {'AM' if h < 12 else 'PM'}",
                         f"{d:02d}/{mo:02d}/{y} {h:02d}:{mi:02d}" if c.region == "UK" else f"{mo}/{d}/{y} {h % 12 or 12}:{mi:02d} {'AM' if h < 12 else 'PM'}"])
    return f"{d}. {mn} {y} um {h:02d}:{mi:02d}" if lang == "de" else f"{d} {mn} {y} {h:02d}:{mi:02d}"


def _epoch_ms(R, c):
    while True:
        v = str(R.randint(1704067200000, 1798761600000))
        if not checks_passed(v):
            return v


def _epoch_s(R):
    while True:
        v = str(R.randint(1704067200, 1798761600))[1:]
        if not checks_passed("1" + v):
            return v


def _hl_date(R, c):
    return gen_other_date(R, c.loc)


def _version(R, c):
    return R.choice([f"{R.randint(1, 24)}.{R.randint(0, 40)}.{R.randint(0, 20)}.{R.randint(100, 9999)}",
                     f"{R.randint(2, 16)}.{R.randint(0, 9)}.{R.randint(0, 9)}.{R.randint(0, 99)}",
                     f"{R.randint(2022, 2025)}.{R.randint(1, 12)}.{R.randint(1, 9)}.{R.randint(1, 400)}"])


def _mac(R, c):
    b = [R.randint(0, 255) for _ in range(6)]
    return R.choice([":".join(f"{x:02x}" for x in b), "-".join(f"{x:02X}" for x in b),
                     ".".join(f"{b[i]:02x}{b[i + 1]:02x}" for i in (0, 2, 4))])


def _uuid(R, c):
    h = hexs(R, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{R.choice('89ab')}{h[17:20]}-{h[20:]}"


def _masked_email(R, c):
    p = Person(R, c.pool)
    f = slug(p.first)
    d = R.choice(FREEMAIL.get(c.region, FREEMAIL["US"]) + [c.dom])
    return R.choice([f"{f[0]}{'*' * R.randint(3, 6)}@{d}", f"{f[:2]}***.{slug(p.last)[:1]}***@{d}",
                     f"{f[0]}***{f[-1]}@{d[0]}***.{d.split('.')[-1]}"])


def _masked_phone(R, c):
    v = gen_phone(R, c.cc)[0]
    return R.choice([mask_keep(v, 4), mask_keep(v, 2, "x"), mask_keep(v, 3, "•")])


def _masked_iban(R, c):
    v = gen_iban(R, c.iban_cc, spaced=True)[0]
    k = R.choice([4, 2])
    out, seen, tot = [], 0, sum(ch.isalnum() for ch in v)
    for ch in v:
        if ch.isalnum():
            seen += 1
            out.append(ch if seen <= 2 or seen > tot - k else "*")
        else:
            out.append(ch)
    return "".join(out)


def _ssn_invalid(R, c):
    a = R.choice(["000", "666"] + [f"9{R.randint(0, 9)}{R.randint(0, 9)}"])
    return f"{a}-{rdig(R, 2, '123456789')}-{rdig(R, 4, '123456789')}"


def _itin(R, c):
    return f"9{rdig(R, 2)}-{R.choice(['70', '71', '72', '78', '80', '83', '88', '92'])}-{rdig(R, 4)}"


def _ein(R, c):
    while True:
        v = f"{R.choice(['10', '20', '27', '35', '46', '47', '54', '61', '81', '84', '88', '93'])}-{rdig(R, 7)}"
        if not checks_passed(digits_of(v)):
            return v


def _zip4(R, c):
    while True:
        v = f"{rdig(R, 5, '123456789')}-{rdig(R, 4)}"
        if not checks_passed(digits_of(v)):
            return v


def _ref_with_prefix(prefixes, n, sep="-"):
    def g(R, c):
        return R.choice(prefixes) + sep + sdig(R, n)
    return g


def _order16(R, c):
    d = sdig(R, 16)
    return R.choice([d, group(d, (4, 4, 4, 4), " "), group(d, (4, 4, 4, 4), "-")])


def _luhn_order(R, c):
    while True:
        d = luhn_complete(rdig(R, 15, "789"))
        if not card_brand_ok(d):  # passes Luhn but is no card brand's range (leading 7, 8 or 9)
            return d if R.random() < 0.6 else group(d, (4, 4, 4, 4), " ")


def _test_card(R, c):
    v = R.choice(["4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "6011111111111117",
                  "4012888888881881", "5105105105105100"])
    return group(v, (4, 6, 5), " ") if len(v) == 15 else R.choice([v, group(v, (4, 4, 4, 4), " ")])


def _imei(R, c):
    d = luhn_complete(R.choice(["35", "86", "01", "35"]) + rdig(R, 12))
    return R.choice([d, f"{d[:2]}-{d[2:8]}-{d[8:14]}-{d[14]}", f"{d[:8]} {d[8:14]} {d[14]}"])


def _iccid(R, c):
    return luhn_complete("89" + R.choice(["01", "44", "49", "33", "34", "39", "31", "48"]) + rdig(R, 14))


def _tracking(R, c):
    k = R.choice(["ups", "usps", "dhl", "fedex"])
    if k == "ups":
        return "1Z" + "".join(R.choice(string.ascii_uppercase + string.digits) for _ in range(6)) + sdig(R, 10, "0123456789")[:10]
    if k == "usps":
        return group("9400" + sdig(R, 18, "0123456789"), (4, 4, 4, 4, 4, 2), " ")
    if k == "dhl":
        return sdig(R, 10, "123456789")
    return sdig(R, 12)


def _masked_card(R, c):
    v, _, _ = gen_card(R)
    d = digits_of(v)
    return R.choice([f"**** **** **** {d[-4:]}", f"XXXX-XXXX-XXXX-{d[-4:]}", f"{d[:4]} **** **** {d[-4:]}",
                     f"•••• {d[-4:]}", f"{d[:6]}******{d[-4:]}", f"ending in {d[-4:]}"[10:] if False else f"*{d[-4:]}"])


def _amount(R, c):
    x = R.randint(5, 9999) + R.randint(0, 99) / 100
    if c.lang == "en":
        return R.choice([f"${x:,.2f}", f"£{x:,.2f}", f"USD {x:,.2f}"]) if c.region == "US" or R.random() < .3 else f"£{x:,.2f}"
    s = f"{x:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    cur = "zł" if c.lang == "pl" else "€"
    return R.choice([f"{s} {cur}", f"{cur}{s}" if cur == "€" else f"{s} PLN", f"EUR {s}" if cur == "€" else f"{s} {cur}"])


def _postcode(R, c):
    L = string.ascii_uppercase
    if c.lang == "en" and c.region == "UK":
        return f"{R.choice(['SW', 'NW', 'LS', 'M', 'B', 'EH', 'G', 'CF', 'BS', 'N', 'E', 'SE', 'OX', 'CB'])}{R.randint(1, 19)} {R.randint(1, 9)}{R.choice(L)}{R.choice(L)}"
    if c.lang == "en":
        return rdig(R, 5, "123456789")
    if c.lang == "nl":
        return f"{R.randint(1000, 9999)} {R.choice(L)}{R.choice(L)}"
    if c.lang == "pt":
        return f"{R.randint(1000, 4999)}-{rdig(R, 3)}"
    if c.lang == "pl":
        return f"{rdig(R, 2)}-{rdig(R, 3)}"
    return rdig(R, 5, "123456789")


def _bic(R, c):
    cc = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pt": "PT", "pl": "PL"}.get(c.lang, "GB")
    bank = {"NL": NL_BANKS, "GB": GB_BANKS}.get(cc, ["COBA", "SOGE", "CAIX", "BCIT", "BPIP", "PKOP", "DEUT", "BNPA",
                                                      "BBVA", "UNCR", "CGDI", "BREX"])
    return R.choice(bank) + cc + R.choice(["2L", "PP", "MM", "AA", "22", "FF", "2A"]) + R.choice(["", "XXX", "", "100"])


def _iban_doc(R, c):
    return R.choice(["DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32", "FR14 2004 1010 0505 0001 3M02 606",
                     "NL91 ABNA 0417 1643 00", "GB29 NWBK 6016 1331 9268 19", "ES91 2100 0418 4502 0005 1332"])


def _sepa_cred(R, c):
    cc = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pt": "PT", "pl": "PL"}.get(c.lang, "DE")
    return f"{cc}{R.randint(10, 99)}ZZZ{sdig(R, 11, '0123456789') if cc == 'DE' else rdig(R, 9)}"


def _vat(R, c):
    cc = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pt": "PT", "pl": "PL"}.get(c.lang, "GB")
    if cc == "NL":
        return f"NL{sdig(R, 9)}B0{R.randint(1, 9)}"
    if cc == "FR":
        return f"FR{R.randint(10, 99)} {sdig(R, 9)}"
    if cc == "ES":
        return f"ES{R.choice('ABB')}{rdig(R, 8)}"
    if cc == "IT":
        return f"IT{rdig(R, 11, '0')}"
    if cc == "GB":
        return f"GB {rdig(R, 3)} {rdig(R, 4)} {rdig(R, 2)}"
    return f"{cc}{sdig(R, 9)}" if cc != "PL" else f"PL{sdig(R, 10)}"


def _sort_code(R, c):
    return f"{R.randint(10, 99)}-{rdig(R, 2)}-{rdig(R, 2)}"


def _uk_acct(R, c):
    return rdig(R, 8, "123456789")


def _us_acct(R, c):
    return sdig(R, R.choice([8, 10, 11, 12]), "123456789")


def _masked_routing(R, c):
    return R.choice(["*****" + rdig(R, 4), "XXXXX" + rdig(R, 4), "•••••" + rdig(R, 4)])


def _aba_shaped(R, c):
    return gen_aba(R)[0]


def _ach_trace(R, c):
    return sdig(R, 15, "0")


def _oid(R, c):
    return R.choice(["1.2.840.113549.1.1.11", "1.3.6.1.4.1.311.21.8." + str(R.randint(1000, 99999999)),
                     "2.16.840.1.113883.3." + str(R.randint(100, 9999)), "1.3.6.1.2.1.2.2.1." + str(R.randint(1, 22)),
                     "2.5.29." + str(R.randint(14, 37))])


def _masked_ip(R, c):
    v = gen_ip(R, "v4pub")[0].split(".")
    return R.choice([f"{v[0]}.{v[1]}.x.x", f"{v[0]}.{v[1]}.{v[2]}.***", f"{v[0]}.xxx.xxx.{v[3]}"])


def _bad_octet(R, c):
    o = [R.randint(1, 254) for _ in range(4)]
    o[R.randrange(4)] = R.randint(256, 399)
    return ".".join(map(str, o))


def _masked_ssn(R, c):
    last = rdig(R, 4, "123456789")
    return R.choice([f"XXX-XX-{last}", f"***-**-{last}", f"xxx-xx-{last}", f"•••-••-{last}"])


def _ssn_example(R, c):
    return "123-45-6789"


def _member_id(R, c):
    return R.choice(["W", "XKJ", "ZGP", "H", "MBR", "YPA"]) + sdig(R, R.choice([8, 9, 10]), "0123456789")


def _claim_no(R, c):
    return R.choice(["", "CLM-", "C"]) + sdig(R, R.choice([11, 12]), "123456789")


def _rx_no(R, c):
    return R.choice(["", "Rx ", "RX-"]) + rdig(R, 7, "123456789")


def _encounter(R, c):
    return R.choice(["V", "ENC", "FIN "]) + sdig(R, 9, "123456789")


def _accession(R, c):
    return f"{R.choice(['LAB', 'A', 'S', 'CP'])}{R.randint(24, 26)}-{rdig(R, 6)}"


def _masked_mrn(R, c):
    return R.choice(["****" + rdig(R, 4), "MRN-XXXX" + rdig(R, 3), "[MRN removed]", "########"])


def _taxonomy(R, c):
    return R.choice(["207Q00000X", "208D00000X", "207R00000X", "363L00000X", "183500000X", "261QP2300X", "207P00000X",
                     "1041C0700X", "225100000X", "3336C0003X"])


def _npi_fail(R, c):
    while True:
        d = R.choice("12") + rdig(R, 9)
        if not checks_passed(d):
            return d


def _npi_pass(R, c):
    while True:
        v = gen_npi(R)[0]
        if not nhs_ok(v):
            return v


def _masked_npi(R, c):
    d = gen_npi(R)[0]
    return R.choice([d[0] + "*" * 7 + d[-2:], "******" + d[-4:], "[NPI on file]"])


def _clia(R, c):
    return f"{R.randint(10, 52):02d}D{rdig(R, 7)}"


def _masked_dob(R, c):
    y = R.randint(1940, 2005)
    return R.choice(["**/**/" + str(y), "XX/XX/XXXX", "[DOB redacted]", f"**.**.{y}", "##/##/####"])


def _card_exp(R, c):
    m, y = R.randint(1, 12), R.randint(26, 31)
    return R.choice([f"{m:02d}/{y}", f"{m:02d}/20{y}", f"{m:02d}-{y}"])


def _ods(R, c):
    return R.choice([R.choice("ABCDEFGHJKLMNP") + rdig(R, 5), "Y" + rdig(R, 5)])


def _nhs_fail(R, c):
    while True:
        d = rdig(R, 10, "3456789")
        if not checks_passed(d):
            break
    return R.choice([group(d, (3, 3, 4), " "), d])


def _nhs_pass(R, c):
    while True:
        v, _ = gen_nhs(R)
        d = digits_of(v)
        if not npi_ok(d):
            return group(d, (3, 3, 4), " ")


def _masked_nhs(R, c):
    return R.choice(["*** *** " + rdig(R, 4), "XXX XXX " + rdig(R, 4), "[NHS no. on record]"])


def _ubrn(R, c):
    return group(sdig(R, 12, "0"), (4, 4, 4), " ")


def _eps(R, c):
    h = "".join(R.choice("0123456789ABCDEF") for _ in range(18))
    return f"{h[:6]}-{h[6:12]}-{h[12:]}"


def _lot(R, c):
    while True:
        v = R.choice("ABCDEFGHKLMNPRSTUWXZ") + R.choice(string.ascii_uppercase) + rdig(R, 7)
        if not dea_sum_ok(v):
            return v


def _masked_dea(R, c):
    return R.choice(["A*" + "*" * 5 + rdig(R, 2), "XX" + "X" * 5 + rdig(R, 2), "[DEA on file]"])


def _state_lic(R, c):
    return R.choice(["MD", "RN", "PA", "CS", "RPH"]) + R.choice(["", "-", "."]) + rdig(R, R.choice([5, 6]), "123456789")


def _ncpdp(R, c):
    return rdig(R, 7, "0123456789")


def _ndc(R, c):
    return f"{rdig(R, 5, '0')}-{rdig(R, 4)}-{rdig(R, 2)}"


def _aws_secret(R, c):
    return "".join(R.choice(string.ascii_letters + string.digits + "/+") for _ in range(40))


def _aws_acct(R, c):
    return sdig(R, 12)


def _aws_example(R, c):
    return R.choice(["AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE"])


def _aws_masked(R, c):
    k = gen_aws(R)[0]
    return R.choice([k[:4] + "*" * 12 + k[-4:], k[:8] + "…" + k[-3:], "AKIA****************"])


def _aws_arn(R, c):
    return f"arn:aws:iam::{sdig(R, 12)}:{R.choice(['user/ci-deployer', 'role/ReadOnly', 'user/backup-sync', 'role/etl-runner'])}"


def _aws_role(R, c):
    return R.choice(["AROA", "AIDA", "ANPA"]) + "".join(R.choice(AWS_CH) for _ in range(17))


def _gh_masked(R, c):
    t = gen_gh(R)[0]
    return t[:4] + "*" * R.randint(8, 20) + t[-4:]


def _gh_fail(R, c):
    return gh_bad(R, R.choice(["ghp", "ghp", "gho"]))


def _gitlab(R, c):
    return "glpat-" + "".join(R.choice(string.ascii_letters + string.digits + "-_") for _ in range(20))


def _npm(R, c):
    body = "".join(R.choice(string.ascii_letters + string.digits) for _ in range(30))
    return "npm_" + body + b62(binascii.crc32(body.encode()))


def _slack(R, c):
    return f"xoxb-{rdig(R, 11)}-{rdig(R, 13)}-" + "".join(R.choice(string.ascii_letters + string.digits) for _ in range(24))


def _redacted_pem(R, c):
    lab = R.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"])
    mid = R.choice(["[redacted by support]", "<removed — rotated>", "***", "(key body removed before attaching)",
                    "..."])
    return f"-----BEGIN {lab}-----\n{mid}\n-----END {lab}-----"


def _phone_case(R, c):
    while True:
        d = sdig(R, 10, "123456789")
        v = group(d, (3, 3, 4), "-")
        return v


def _port_pin(R, c):
    return rdig(R, R.choice([4, 6, 8]))


def _sku(R, c):
    return R.choice(["SKU-", "", "PN "]) + R.choice(["BX", "TR", "KL", "MX", "QP"]) + rdig(R, 4) + R.choice(["-BLK", "-L", "-02", "", "-EU"])


def _ean(R, c):
    while True:
        d = rdig(R, 12, "4")
        s = sum(int(x) * (1 if i % 2 == 0 else 3) for i, x in enumerate(d))
        v = d + str((10 - s % 10) % 10)
        if not luhn_ok(v):
            return v


def _upc(R, c):
    d = rdig(R, 11, "0")
    s = sum(int(x) * (3 if i % 2 == 0 else 1) for i, x in enumerate(d))
    return d + str((10 - s % 10) % 10)


def _git_sha(R, c):
    return hexs(R, 40)


def _sha_short(R, c):
    return hexs(R, R.choice([7, 8, 10]))


def _sha256(R, c):
    return R.choice(["sha256:", ""]) + hexs(R, 64)


def _ticket(R, c):
    return R.choice(["#", "INC", "CS-", "SR-", "T-", "REQ"]) + str(R.randint(10000, 999999))


def _case_no(R, c):
    return R.choice(["", "C-", "CASE-"]) + str(R.randint(2024, 2026)) + "-" + rdig(R, 6)


def _invoice(R, c):
    return R.choice(["INV-", "INV", "F", "RE-", "FA", "FV/"]) + str(R.randint(2024, 2026)) + R.choice(["-", "/", ""]) + rdig(R, 5)


def _order_no(R, c):
    return R.choice(["#", "", "SO-", "ORD-", "BST-", "CMD-"]) + sdig(R, R.choice([7, 8, 11]))


def _customer_no(R, c):
    return R.choice(["KD-", "CL", "C", "", "CUST-"]) + sdig(R, R.choice([6, 8, 11]))


def _contract_no(R, c):
    return R.choice(["V", "CTR-", "K", "CT"]) + str(R.randint(2019, 2025)) + "-" + rdig(R, 6)


def _employee_id(R, c):
    return R.choice(["E", "EMP-", "", "W"]) + rdig(R, R.choice([5, 6, 7]), "1234567")


def _req_id(R, c):
    return R.choice(["req_", "evt_", "whk_", "ch_", "pi_"]) + "".join(R.choice(string.ascii_letters + string.digits) for _ in range(R.choice([14, 18, 24])))


def _port_num(R, c):
    return str(R.choice([22, 443, 8443, 5432, 3306, 6379, 9200, 1194, 51820, 3389, 2222, 8080]))


def _mfa(R, c):
    return rdig(R, 6)


def _build_no(R, c):
    return str(R.randint(1000, 99999))


def _po(R, c):
    return R.choice(["PO-", "PO ", "PO#"]) + sdig(R, R.choice([6, 8]), "123456789")


def _mandate(R, c):
    return R.choice(["MNDT-", "MD", "SEPA-"]) + str(R.randint(2021, 2025)) + "-" + rdig(R, 5)


def _batch(R, c):
    return R.choice(["B", "BATCH-", "PAY-"]) + rdig(R, 6)


def _check_no(R, c):
    return rdig(R, R.choice([4, 5, 6]), "123456789")


def _ni_number(R, c):
    L = "ABCEGHJKLMNPRSTWXYZ"
    return f"{R.choice(L)}{R.choice(L)} {rdig(R, 2)} {rdig(R, 2)} {rdig(R, 2)} {R.choice('ABCD')}"


def _group_no(R, c):
    return R.choice(["GRP", "G", ""]) + rdig(R, R.choice([5, 6, 7]))


def _placeholder_email(R, c):
    return R.choice(["name@example.com", "you@yourcompany.com", "user@domain.com", "firstname.lastname@example.org",
                     "jane.doe@example.com", "someone@example.net"])


def _user_at_host(R, c):
    return R.choice(["admin", "root", "deploy", "postgres", "ubuntu", "ec2-user", "svc_backup"]) + "@" + \
        R.choice(["bastion-02", "db-primary", "web03", "build-agent-7", "fileserver", "vpn-gw1", "jump01"])


def _ssh_remote(R, c):
    return f"git@{R.choice(['github.com', 'gitlab.com', 'bitbucket.org'])}:{R.choice(['acme-ops', 'platform', 'infra-team', 'billing-svc'])}/{R.choice(['deploy-scripts', 'api', 'terraform', 'webhooks'])}.git"


def _msgid(R, c):
    return f"<{hexs(R, 12)}.{rdig(R, 6)}@{R.choice(['mail.gmail.com', 'eurprd04.prod.outlook.com', 'smtp.mailgun.org'])}>"


def _mention(R, c):
    p = Person(R, c.pool)
    return "@" + slug(p.first) + R.choice(["", "." + slug(p.last)[:1], "_" + slug(p.last)[:3]])


def _npm_scope(R, c):
    return "@" + R.choice(["acme", "internal", "payments", "corp"]) + "/" + R.choice(["sdk", "webhooks-client", "ui-kit", "auth"])


def _netmask(R, c):
    return R.choice(["255.255.255.0", "255.255.0.0", "255.255.255.128", "255.255.252.0", "255.255.255.240"])


def _iban_bad(R, c):
    cc = c.iban_cc
    while True:
        v = make_iban(cc, bban(R, cc))
        k = int(v[2:4])
        bad = f"{cc}{(k + R.randint(1, 9)) % 100:02d}{v[4:]}"
        if not iban_ok(bad):
            return group(bad, [4] * 8, " ").strip()


NEG = {  # kind: (imitated entity or "other", generator)
    "order_number": ("CREDIT_CARD", _order16), "luhn_order_number": ("CREDIT_CARD", _luhn_order),
    "test_card": ("CREDIT_CARD", _test_card), "imei": ("CREDIT_CARD", _imei), "iccid": ("CREDIT_CARD", _iccid),
    "masked_card": ("CREDIT_CARD", _masked_card), "tracking_number": ("CREDIT_CARD", _tracking),
    "gift_card": ("CREDIT_CARD", lambda R, c: group(sdig(R, 19, "6"), (4, 4, 4, 4, 3), " ") if R.random() < .5 else sdig(R, 16, "7")),
    "masked_ssn": ("US_SSN", _masked_ssn), "ein": ("US_SSN", _ein), "itin": ("US_SSN", _itin),
    "ssn_invalid": ("US_SSN", _ssn_invalid), "zip_plus4": ("US_SSN", _zip4), "ssn_format_example": ("US_SSN", _ssn_example),
    "masked_email": ("EMAIL_ADDRESS", _masked_email), "placeholder_email": ("EMAIL_ADDRESS", _placeholder_email),
    "user_at_host": ("EMAIL_ADDRESS", _user_at_host), "ssh_remote": ("EMAIL_ADDRESS", _ssh_remote),
    "message_id": ("EMAIL_ADDRESS", _msgid), "chat_mention": ("EMAIL_ADDRESS", _mention),
    "npm_scope": ("EMAIL_ADDRESS", _npm_scope),
    "masked_phone": ("PHONE_NUMBER", _masked_phone), "phone_shaped_case": ("PHONE_NUMBER", _phone_case),
    "port_pin": ("PHONE_NUMBER", _port_pin),
    "bic": ("IBAN_CODE", _bic), "masked_iban": ("IBAN_CODE", _masked_iban), "iban_doc_example": ("IBAN_CODE", _iban_doc),
    "sepa_creditor_id": ("IBAN_CODE", _sepa_cred), "vat_id": ("IBAN_CODE", _vat), "sort_code": ("IBAN_CODE", _sort_code),
    "uk_account_number": ("IBAN_CODE", _uk_acct), "iban_bad_checksum": ("IBAN_CODE", _iban_bad),
    "bank_account": ("ABA_ROUTING_NUMBER", _us_acct), "check_number": ("ABA_ROUTING_NUMBER", _check_no),
    "ach_trace": ("ABA_ROUTING_NUMBER", _ach_trace), "masked_routing": ("ABA_ROUTING_NUMBER", _masked_routing),
    "aba_shaped_ref": ("ABA_ROUTING_NUMBER", _aba_shaped),
    "version_string": ("IP_ADDRESS", _version), "oid": ("IP_ADDRESS", _oid), "mac_address": ("IP_ADDRESS", _mac),
    "masked_ip": ("IP_ADDRESS", _masked_ip), "ip_bad_octet": ("IP_ADDRESS", _bad_octet), "netmask": ("IP_ADDRESS", _netmask),
    "member_id": ("MEDICAL_RECORD_NUMBER", _member_id), "claim_number": ("MEDICAL_RECORD_NUMBER", _claim_no),
    "rx_number": ("MEDICAL_RECORD_NUMBER", _rx_no), "encounter_number": ("MEDICAL_RECORD_NUMBER", _encounter),
    "accession_number": ("MEDICAL_RECORD_NUMBER", _accession), "masked_mrn": ("MEDICAL_RECORD_NUMBER", _masked_mrn),
    "group_number": ("MEDICAL_RECORD_NUMBER", _group_no),
    "taxonomy_code": ("US_NPI", _taxonomy), "npi_fail": ("US_NPI", _npi_fail), "npi_shaped_ref": ("US_NPI", _npi_pass),
    "masked_npi": ("US_NPI", _masked_npi), "clia_number": ("US_NPI", _clia),
    "masked_dob": ("DATE_OF_BIRTH", _masked_dob), "card_expiry": ("DATE_OF_BIRTH", _card_exp),
    "date_appointment": ("DATE_OF_BIRTH", _hl_date), "date_service": ("DATE_OF_BIRTH", _hl_date),
    "date_shipped": ("DATE_OF_BIRTH", _hl_date), "date_created": ("DATE_OF_BIRTH", _hl_date),
    "date_due": ("DATE_OF_BIRTH", _hl_date), "date_port": ("DATE_OF_BIRTH", _hl_date),
    "date_hire": ("DATE_OF_BIRTH", lambda R, c: gen_other_date(R, c.loc, (2012, 2025))),
    "date_pay": ("DATE_OF_BIRTH", _hl_date), "ts_iso": ("DATE_OF_BIRTH", _ts_iso), "ts_log": ("DATE_OF_BIRTH", _ts_log),
    "ts_email": ("DATE_OF_BIRTH", _ts_email), "ts_epoch": ("DATE_OF_BIRTH", _epoch_ms),
    "ods_code": ("UK_NHS", _ods), "nhs_fail_mod11": ("UK_NHS", _nhs_fail), "nhs_shaped_ref": ("UK_NHS", _nhs_pass),
    "masked_nhs": ("UK_NHS", _masked_nhs), "ubrn": ("UK_NHS", _ubrn), "eps_prescription_id": ("UK_NHS", _eps),
    "lot_number": ("US_DEA", _lot), "masked_dea": ("US_DEA", _masked_dea), "state_license": ("US_DEA", _state_lic),
    "ncpdp_id": ("US_DEA", _ncpdp),
    "aws_secret_key": ("AWS_ACCESS_KEY", _aws_secret), "aws_account_id": ("AWS_ACCESS_KEY", _aws_acct),
    "aws_example_key": ("AWS_ACCESS_KEY", _aws_example), "aws_masked_key": ("AWS_ACCESS_KEY", _aws_masked),
    "aws_arn": ("AWS_ACCESS_KEY", _aws_arn), "aws_role_id": ("AWS_ACCESS_KEY", _aws_role),
    "git_sha": ("GITHUB_TOKEN", _git_sha), "git_sha_short": ("GITHUB_TOKEN", _sha_short),
    "gh_masked": ("GITHUB_TOKEN", _gh_masked), "gh_checksum_fail": ("GITHUB_TOKEN", _gh_fail),
    "gitlab_token": ("GITHUB_TOKEN", _gitlab), "npm_token": ("GITHUB_TOKEN", _npm), "slack_token": ("GITHUB_TOKEN", _slack),
    "certificate_block": ("PRIVATE_KEY", lambda R, c: gen_cert(R)), "public_key_block": ("PRIVATE_KEY", lambda R, c: gen_pubkey(R)),
    "ssh_public_key": ("PRIVATE_KEY", lambda R, c: gen_ssh_pub(R, _user_at_host(R, c))),
    "redacted_private_key": ("PRIVATE_KEY", _redacted_pem),
    "amount": ("other", _amount), "postcode": ("other", _postcode), "uuid": ("other", _uuid), "sha256": ("other", _sha256),
    "sku": ("other", _sku), "ean13": ("other", _ean), "upc": ("other", _upc), "ticket_ref": ("other", _ticket),
    "case_number": ("other", _case_no), "invoice_number": ("other", _invoice), "order_ref": ("other", _order_no),
    "customer_number": ("other", _customer_no), "contract_number": ("other", _contract_no),
    "employee_id": ("other", _employee_id), "request_id": ("other", _req_id), "port_number": ("other", _port_num),
    "mfa_code": ("other", _mfa), "build_number": ("other", _build_no), "po_number": ("other", _po),
    "mandate_ref": ("other", _mandate), "batch_id": ("other", _batch), "ni_number": ("other", _ni_number),
    "ndc_code": ("other", _ndc),
    "json_id": ("other", lambda R, c: sdig(R, R.choice([7, 9, 10, 12]))),
    "byte_count": ("other", lambda R, c: str(R.randint(10000, 9999999))),
    "ts_epoch_s": ("DATE_OF_BIRTH", lambda R, c: "1" + _epoch_s(R)),
}
PASS_KINDS = {  # kinds that pass the checksum of the entity they imitate (the text calls them something else)
    "luhn_order_number": "CREDIT_CARD", "test_card": "CREDIT_CARD", "imei": "CREDIT_CARD", "iccid": "CREDIT_CARD",
    "aba_shaped_ref": "ABA_ROUTING_NUMBER", "npi_shaped_ref": "US_NPI", "nhs_shaped_ref": "UK_NHS",
    "iban_doc_example": "IBAN_CODE", "ssn_format_example": "US_SSN",
}
FAIL_KINDS = {  # kinds that must fail a specific validator
    "iban_bad_checksum": lambda v: not iban_ok(v), "npi_fail": lambda v: not npi_ok(v),
    "nhs_fail_mod11": lambda v: not nhs_ok(digits_of(v)), "lot_number": lambda v: not dea_sum_ok(v),
    "gh_checksum_fail": lambda v: not gh_ok(v), "aws_example_key": lambda v: not aws_ok(v),
    "ssn_invalid": lambda v: not ssn_ok(digits_of(v)), "itin": lambda v: not ssn_ok(digits_of(v)),
    "ip_bad_octet": lambda v: not ip_ok(v), "order_number": lambda v: not luhn_ok(digits_of(v)),
    "luhn_order_number": lambda v: not card_brand_ok(digits_of(v)),
}
MASK_OF = {  # benign stand-in for each entity
    "CREDIT_CARD": "masked_card", "US_SSN": "masked_ssn", "EMAIL_ADDRESS": "masked_email", "PHONE_NUMBER": "masked_phone",
    "IBAN_CODE": "masked_iban", "ABA_ROUTING_NUMBER": "masked_routing", "IP_ADDRESS": "masked_ip",
    "MEDICAL_RECORD_NUMBER": "masked_mrn", "US_NPI": "masked_npi", "DATE_OF_BIRTH": "masked_dob", "UK_NHS": "masked_nhs",
    "US_DEA": "masked_dea", "AWS_ACCESS_KEY": "aws_masked_key", "GITHUB_TOKEN": "gh_masked",
    "PRIVATE_KEY": "redacted_private_key",
}


# =====================================================================================================
# phrasebooks -- English
#   {V} the fact's value; {X} a negative's own value; {N:kind} an inline hard negative;
#   {NAME} {FIRST} {ORG} {AGENT} {DR} {BRAND} {EXT} {PRACTICE} plain fills (never labelled)
# =====================================================================================================

P_EN = {  # prose: full sentences
    "CREDIT_CARD": [
        "I updated the card on file to {V} (exp {N:card_expiry}) but the renewal still bounced.",
        "Please put the outstanding balance on my other card, {V}.",
        "The charge landed on {V} even though I removed that card weeks ago.",
        "My {BRAND} {V} was declined three times this morning and the bank says they see nothing.",
        "Could the refund go back to the card we paid with? That was {V}.",
        "We were double-billed on {V} for the same invoice, {N:invoice_number}.",
        "Our finance team wants the annual plan on the company {BRAND}: {V}.",
        "For the record, the card the technician took over the phone was {V} and it should only have been charged once.",
    ],
    "US_SSN": [
        "For the W-2 correction, my Social Security number is {V}.",
        "HR has my SSN wrong in the portal; the right one is {V}.",
        "The onboarding form keeps rejecting my social security number ({V}) as invalid.",
        "My daughter's SSN, {V}, was entered on the enrollment form by mistake in my field.",
        "Can you confirm the SSN on file ends the same as {V}? The 1099 looks off.",
        "I'm the subscriber; my social is {V} if the insurer needs it for the claim.",
    ],
    "EMAIL_ADDRESS": [
        "You can reach me at {V} if the phone line is busy.",
        "Please send the receipt to {V} rather than the general inbox.",
        "My login email is {V}.",
        "I switched my sign-in to {V} yesterday and now the reset link never arrives.",
        "Please cc {V} on replies, she looks after our invoices.",
        "The invite bounced for {V}, could you resend it?",
        "All statements should go to {V} from now on.",
        "The alert emails are going to {V}, which is a mailbox nobody reads anymore.",
        "The reset link I got was https://app.{DOM}/account/reset?login={U}&ref={N:request_id} and it says expired.",
        "Your unsubscribe page https://mail.{DOM}/prefs?email={U} doesn't save anything.",
    ],
    "PHONE_NUMBER": [
        "Best callback number is {V}, any time after 2pm.",
        "Call me on {V}{EXT} if that's easier.",
        "My cell is {V} and texts are fine.",
        "The number we need moved across is {V}.",
        "Our main line, {V}, has been dropping calls since Monday.",
        "The pharmacy's direct line is {V}{EXT}.",
        "If I'm not at my desk, try my mobile: {V}.",
        "They called me from {V} claiming to be your fraud team, is that really you?",
    ],
    "IBAN_CODE": [
        "Please send the refund to IBAN {V}.",
        "Our new payout account is {V} (BIC {N:bic}).",
        "Salary should go to {V} starting next month.",
        "The transfer to {V} came back as returned by the beneficiary bank.",
        "The supplier changed their bank details to {V}; please update before the next run.",
    ],
    "ABA_ROUTING_NUMBER": [
        "Routing number is {V}, checking account {N:bank_account}.",
        "Direct deposit should use routing {V} and account {N:bank_account}.",
        "The ACH return says ABA {V} doesn't match the account on file.",
        "Our bank merged and the new routing number is {V}.",
        "Payouts are still going to the old routing number {V} instead of the new one.",
    ],
    "IP_ADDRESS": [
        "The failed logins all came from {V}.",
        "Please allowlist {V} for the SFTP drop.",
        "Our office egress IP changed to {V} last night.",
        "The VPN hands out {V} but nothing on the LAN answers.",
        "Webhook deliveries are coming from {V}, which isn't in your published ranges.",
        "I can ping the gateway but not the print server at {V}.",
        "The geo-check URL https://auth.{DOM}/v1/risk?client_ip={U}&decision=deny is what blocked us.",
    ],
    "MEDICAL_RECORD_NUMBER": [
        "The patient's MRN is {V}; the chart shows the wrong insurance.",
        "Lab results for MRN {V} aren't showing up in the portal.",
        "Medical record number {V} was merged with another chart by mistake.",
        "Can you unlink MRN {V} from my portal account? That's my late father's record.",
        "The discharge paperwork lists medical record no. {V} but the portal shows a different chart.",
    ],
    "US_NPI": [
        "Dr. {DR}'s NPI is {V} and claims are bouncing as 'rendering provider not found'.",
        "Rendering provider NPI {V} doesn't show up in the directory search.",
        "Please add NPI {V} to the practice roster for {PRACTICE}.",
        "The referral was signed by Dr. {DR} (NPI {V}).",
        "The ordering provider's NPI, {V}, is correct in NPPES but rejected by the portal.",
    ],
    "DATE_OF_BIRTH": [
        "My date of birth is {V}, in case you need it to verify me.",
        "The form shows my birthday as {V}, which is right, but the card says otherwise.",
        "He was born on {V}.",
        "The DOB on file should be {V}, not what the app shows.",
        "Date of birth on the account: {V}.",
        "To verify: my DOB is {V} and the account is in my name.",
        "Her birth date is {V}; the portal thinks she is a minor.",
    ],
    "UK_NHS": [
        "My NHS number is {V}.",
        "The patient's NHS No. {V} doesn't match on the Spine lookup.",
        "The repeat prescription for NHS number {V} is stuck in the queue.",
        "I registered with the practice last month, NHS number {V}, but the app still shows my old surgery.",
    ],
    "US_DEA": [
        "Dr. {DR}'s DEA registration {V} is failing EPCS validation.",
        "The controlled-substance script was rejected: DEA number {V}, prescriber Dr. {DR}.",
        "We renewed Dr. {DR}'s DEA ({V}) in March but the system still shows it as expired.",
    ],
    "AWS_ACCESS_KEY": [
        "The access key {V} was committed to a public repo; please help us rotate it.",
        "CloudTrail shows calls from key id {V} at 3am.",
        "Our job exports AWS_ACCESS_KEY_ID={V} and started getting AccessDenied.",
        "The vendor emailed us the key {V} in plain text.",
    ],
    "GITHUB_TOKEN": [
        "The deploy job used token {V}, which is now sitting in the build log.",
        "Please revoke {V}; someone pasted it in the team chat.",
        "The integration was configured with {V} and stopped syncing yesterday.",
        "Found this in the old config: {V}. Is it still active?",
    ],
    "PRIVATE_KEY": [
        "Here is the key the vendor sent us for the SFTP account:\n{V}\n",
        "This was in the repo history, please confirm it is revoked:\n\n{V}\n",
        "The customer pasted their deploy key into the ticket:\n{V}\n",
    ],
}

T_EN = {  # terse label forms for notes, handovers, call notes, checklists
    "CREDIT_CARD": ["card {V}", "cc: {V}", "new card {V} exp {N:card_expiry}", "{BRAND} {V}", "PAN {V}", "card# {V}"],
    "US_SSN": ["SSN {V}", "ss# {V}", "SSN: {V}", "soc sec {V}", "SSN on W-4: {V}"],
    "EMAIL_ADDRESS": ["email {V}", "em: {V}", "login {V}", "<{V}>", "reply-to {V}", "e-mail: {V}"],
    "PHONE_NUMBER": ["cb # {V}", "cb {V}", "ph {V}", "tel: {V}", "mobile {V}", "phone: {V}", "alt # {V}"],
    "IBAN_CODE": ["IBAN {V}", "iban: {V}", "payout IBAN {V}", "acct (IBAN) {V}"],
    "ABA_ROUTING_NUMBER": ["rt# {V}", "RTN {V}", "routing {V}", "ABA {V}", "routing no. {V}"],
    "IP_ADDRESS": ["src {V}", "IP {V}", "from {V}", "client ip: {V}", "host {V}"],
    "MEDICAL_RECORD_NUMBER": ["MRN {V}", "MRN: {V}", "med rec # {V}", "MR# {V}", "MRN#{V}"],
    "US_NPI": ["NPI {V}", "npi: {V}", "prov NPI {V}", "rendering NPI {V}"],
    "DATE_OF_BIRTH": ["DOB {V}", "dob: {V}", "d.o.b. {V}", "born {V}", "DOB vrfd {V}", "DOB={V}"],
    "UK_NHS": ["NHS no {V}", "NHS# {V}", "NHS: {V}", "NHS number {V}"],
    "US_DEA": ["DEA {V}", "DEA# {V}", "DEA reg {V}"],
    "AWS_ACCESS_KEY": ["key id {V}", "aws_access_key_id = {V}", "access key {V}", "AWS key {V}"],
    "GITHUB_TOKEN": ["token {V}", "PAT {V}", "gh token {V}", "GITHUB_TOKEN={V}"],
    "PRIVATE_KEY": ["key:\n{V}", "pasted key:\n{V}"],
}

COL_EN = {
    "CREDIT_CARD": ["card_number", "Card", "cc_number", "pan"], "US_SSN": ["ssn", "SSN", "social_security_no"],
    "EMAIL_ADDRESS": ["email", "Email Address", "contact_email", "login"],
    "PHONE_NUMBER": ["phone", "Phone", "mobile", "callback_number"], "IBAN_CODE": ["iban", "IBAN", "payout_iban"],
    "ABA_ROUTING_NUMBER": ["routing_number", "ABA", "rtn"], "IP_ADDRESS": ["ip", "source_ip", "client_ip"],
    "MEDICAL_RECORD_NUMBER": ["mrn", "MRN", "medical_record_no"], "US_NPI": ["npi", "NPI", "rendering_npi"],
    "DATE_OF_BIRTH": ["dob", "date_of_birth", "DOB", "birth_date"], "UK_NHS": ["nhs_number", "NHS No"],
    "US_DEA": ["dea", "DEA number"], "AWS_ACCESS_KEY": ["access_key_id"], "GITHUB_TOKEN": ["token"],
}

N_EN = {  # hard negatives in prose; the text always says what they are
    "order_number": ["order number {X}", "order {X}", "the web order ({X})", "order no. {X}"],
    "luhn_order_number": ["our order number {X}", "order confirmation no. {X}", "marketplace order {X}"],
    "test_card": ["the sandbox test card {X}", "test card {X} (works in staging)", "the test PAN from the docs, {X},"],
    "imei": ["the handset IMEI {X}", "IMEI {X}", "device IMEI: {X}"],
    "iccid": ["the new SIM's ICCID {X}", "SIM serial (ICCID) {X}"],
    "masked_card": ["the card shown as {X}", "card {X} in the wallet", "the old card ({X})"],
    "tracking_number": ["tracking {X}", "the tracking number {X}", "shipment {X}"],
    "gift_card": ["gift card number {X}", "the gift card ({X})", "store credit voucher {X}"],
    "masked_ssn": ["the SSN shown as {X}", "SSN on file {X}", "only the masked SSN {X}"],
    "ein": ["our EIN {X}", "employer EIN {X}", "the company's federal tax ID {X}"],
    "itin": ["his ITIN {X}", "the ITIN ({X})"],
    "ssn_invalid": ["the placeholder SSN the old system used, {X},", "a dummy SSN {X} that the import created"],
    "zip_plus4": ["ZIP {X}", "mailing ZIP+4 {X}"],
    "ssn_format_example": ["the format example {X} from the help text", "the sample SSN {X} on the form instructions"],
    "masked_email": ["the address shown as {X}", "the masked email {X}", "an address like {X}"],
    "placeholder_email": ["the placeholder {X} from the template", "the example address {X}"],
    "user_at_host": ["the shell prompt {X}", "I was logged in as {X} when it happened.", "the service account {X}"],
    "ssh_remote": ["the git remote {X}", "repo {X}"],
    "message_id": ["Message-ID {X}", "the bounce referenced {X}"],
    "chat_mention": ["I pinged {X} in the channel.", "{X} said they'd look at it."],
    "npm_scope": ["the {X} package", "our {X} module"],
    "masked_phone": ["the number shown as {X}", "a number ending {X}", "caller ID showed {X}"],
    "phone_shaped_case": ["case number {X}", "carrier case {X}", "reference {X} (not a phone number)"],
    "port_pin": ["port-out PIN {X}", "transfer PIN {X}"],
    "bic": ["BIC {X}", "SWIFT code {X}", "the bank's BIC ({X})"],
    "masked_iban": ["the account shown as {X}", "IBAN on file {X}", "the old account {X}"],
    "iban_doc_example": ["the example IBAN in your help article ({X})", "the sample {X} from the onboarding PDF"],
    "sepa_creditor_id": ["creditor ID {X}", "SEPA creditor identifier {X}"],
    "vat_id": ["VAT number {X}", "VAT ID {X}"],
    "sort_code": ["sort code {X}", "the sort code ({X})"],
    "uk_account_number": ["account number {X}", "acc no. {X}"],
    "iban_bad_checksum": ["the IBAN on the old invoice, {X}, which the bank rejected as invalid", "{X} (invalid checksum per our bank)"],
    "bank_account": ["account {X}", "checking account {X}", "acct ending in full {X}"],
    "check_number": ["check #{X}", "check number {X}"],
    "ach_trace": ["ACH trace {X}", "trace number {X}"],
    "masked_routing": ["routing shown as {X}", "the old routing number {X}"],
    "aba_shaped_ref": ["ACH batch number {X}", "the payout batch id {X}"],
    "version_string": ["version {X}", "build {X}", "firmware {X}", "agent v{X}"],
    "oid": ["OID {X}", "the SNMP OID {X}", "policy OID {X}"],
    "mac_address": ["MAC {X}", "the device MAC {X}", "hw addr {X}"],
    "masked_ip": ["an IP like {X}", "source {X}", "addresses in {X}"],
    "ip_bad_octet": ["the typo'd address {X} from the old runbook", "an invalid address {X} in the config"],
    "netmask": ["netmask {X}", "mask {X}"],
    "member_id": ["member ID {X}", "insurance member id {X}", "subscriber ID {X}"],
    "claim_number": ["claim {X}", "claim number {X}", "the claim ({X})"],
    "rx_number": ["Rx number {X}", "prescription no. {X}", "refill of {X}"],
    "encounter_number": ["visit number {X}", "encounter {X}", "FIN {X}"],
    "accession_number": ["lab accession {X}", "specimen {X}"],
    "masked_mrn": ["MRN {X}", "the chart shown as {X}"],
    "group_number": ["group number {X}", "group #{X}"],
    "taxonomy_code": ["taxonomy {X}", "taxonomy code {X}"],
    "npi_fail": ["provider reference {X}", "the practice's internal provider id {X}", "credentialing ref {X}"],
    "npi_shaped_ref": ["remittance batch {X}", "the payer's EFT batch id {X}"],
    "masked_npi": ["NPI {X}", "the provider's NPI ({X})"],
    "clia_number": ["CLIA {X}", "lab CLIA number {X}"],
    "masked_dob": ["DOB {X}", "birth date shown as {X}"],
    "card_expiry": ["exp {X}", "expiry {X}"],
    "date_appointment": ["appointment on {X}", "the visit booked for {X}", "follow-up scheduled {X}"],
    "date_service": ["date of service {X}", "DOS {X}", "service on {X}"],
    "date_shipped": ["shipped {X}", "dispatched on {X}"],
    "date_created": ["account created {X}", "opened on {X}", "since {X}"],
    "date_due": ["due {X}", "payment due {X}"],
    "date_port": ["port date {X}", "the port scheduled for {X}"],
    "date_hire": ["hire date {X}", "started on {X}"],
    "date_pay": ["pay date {X}", "payday {X}", "the {X} payroll"],
    "ts_iso": ["It started at {X}.", "The last good sync was {X}.", "the first error at {X}"],
    "ts_log": ["the log line at {X}"], "ts_email": ["the mail sent {X}"],
    "ts_epoch": ["the webhook timestamp {X}", "ts={X} in the signature header"],
    "ods_code": ["practice code {X}", "ODS code {X}"],
    "nhs_fail_mod11": ["booking reference {X}", "the e-RS reference {X}", "local patient ref {X}"],
    "nhs_shaped_ref": ["job number {X} from the practice system", "the lab's batch ref {X}"],
    "masked_nhs": ["NHS no. {X}", "NHS number {X}"],
    "ubrn": ["UBRN {X}", "the referral UBRN {X}"],
    "eps_prescription_id": ["EPS prescription ID {X}", "prescription token {X}"],
    "lot_number": ["lot {X}", "lot number {X}", "batch/lot {X}"],
    "masked_dea": ["DEA {X}", "DEA on the label {X}"],
    "state_license": ["state license {X}", "license no. {X}"],
    "ncpdp_id": ["NCPDP ID {X}", "pharmacy NCPDP {X}"],
    "aws_secret_key": ["the secret {X}", "secret access key {X}"],
    "aws_account_id": ["account {X}", "AWS account {X}"],
    "aws_example_key": ["the docs example key {X}", "placeholder key {X} from the README"],
    "aws_masked_key": ["key {X}", "the key shown as {X}"],
    "aws_arn": ["principal {X}", "the role {X}"],
    "aws_role_id": ["role id {X}", "principal {X}"],
    "git_sha": ["commit {X}", "the build at {X}"], "git_sha_short": ["commit {X}", "sha {X}", "build from {X}"],
    "gh_masked": ["token {X}", "the PAT shown as {X}"],
    "gh_checksum_fail": ["the dummy value {X} in the README template", "the made-up token {X} from our docs"],
    "gitlab_token": ["the GitLab token {X}", "glpat {X}"], "npm_token": ["the npm publish token {X}", "NPM_TOKEN {X}"],
    "slack_token": ["the Slack bot token {X}"],
    "certificate_block": ["the server certificate:\n{X}\n", "their public cert:\n{X}\n"],
    "public_key_block": ["the public key:\n{X}\n", "their verification key:\n{X}\n"],
    "ssh_public_key": ["public key {X}", "authorized_keys line: {X}"],
    "redacted_private_key": ["the key (body removed):\n{X}\n", "key block after redaction:\n{X}\n"],
    "amount": ["The charge was {X}.", "a charge of {X}", "a refund of {X}", "the open balance of {X}"],
    "postcode": ["postcode {X}", "ZIP {X}"], "uuid": ["id {X}", "request {X}", "tenant {X}"],
    "sha256": ["digest {X}", "checksum {X}"], "sku": ["SKU {X}", "item {X}"], "ean13": ["EAN {X}", "barcode {X}"],
    "upc": ["UPC {X}"], "ticket_ref": ["ticket {X}", "case {X}", "ref {X}"], "case_number": ["case {X}", "case number {X}"],
    "invoice_number": ["invoice {X}", "invoice no. {X}"], "order_ref": ["order {X}", "order #{X}"],
    "customer_number": ["customer no. {X}", "account no. {X}"], "contract_number": ["contract {X}"],
    "employee_id": ["employee ID {X}", "emp id {X}"], "request_id": ["request {X}", "event {X}"],
    "port_number": ["port {X}"], "mfa_code": ["one-time code {X}", "OTP {X}"], "build_number": ["build #{X}"],
    "po_number": ["our PO {X}", "purchase order {X}"], "mandate_ref": ["mandate {X}"], "batch_id": ["batch {X}"],
    "ni_number": ["NI number {X}", "National Insurance no. {X}"], "ndc_code": ["NDC {X}"],
}
N_TERSE_EN = {  # short label forms of some negatives
    "order_number": "order {X}", "invoice_number": "inv {X}", "ticket_ref": "tkt {X}", "case_number": "case {X}",
    "member_id": "mbr id {X}", "claim_number": "clm {X}", "rx_number": "rx {X}", "encounter_number": "visit {X}",
    "employee_id": "emp {X}", "bank_account": "acct {X}", "ein": "EIN {X}", "date_appointment": "appt {X}",
    "date_service": "DOS {X}", "amount": "amt {X}", "customer_number": "cust# {X}", "imei": "IMEI {X}",
    "iccid": "ICCID {X}", "port_pin": "PIN {X}", "masked_card": "card {X}", "masked_ssn": "SSN {X}",
    "masked_phone": "ph {X}", "ts_iso": "{X}", "version_string": "ver {X}", "mac_address": "MAC {X}",
    "bic": "BIC {X}", "sort_code": "SC {X}", "ods_code": "ODS {X}", "taxonomy_code": "tax {X}",
    "ach_trace": "trace {X}", "check_number": "chk {X}", "zip_plus4": "zip {X}", "date_pay": "paydate {X}",
    "date_created": "created {X}", "date_port": "port date {X}", "postcode": "pc {X}", "uuid": "id {X}",
    "group_number": "grp {X}", "lot_number": "lot {X}", "ncpdp_id": "NCPDP {X}", "state_license": "lic {X}",
    "npi_fail": "prov ref {X}", "nhs_fail_mod11": "booking ref {X}", "ubrn": "UBRN {X}", "ni_number": "NI {X}",
    "phone_shaped_case": "case {X}", "tracking_number": "trk {X}", "git_sha_short": "sha {X}",
    "aws_account_id": "acct {X}", "masked_iban": "IBAN {X}", "masked_dob": "DOB {X}", "masked_nhs": "NHS {X}",
    "masked_mrn": "MRN {X}", "masked_npi": "NPI {X}", "masked_email": "em {X}", "masked_routing": "rt {X}",
    "masked_ip": "ip {X}", "date_hire": "hired {X}", "date_due": "due {X}", "po_number": "{X}",
    "contract_number": "contract {X}", "mfa_code": "otp {X}", "gift_card": "gift card {X}",
}


# =====================================================================================================
# phrasebooks -- other languages (de fr es it nl pt pl)
# =====================================================================================================

L = {}
L["de"] = {
    "greet": ["Hallo,", "Guten Tag,", "Sehr geehrte Damen und Herren,", "Hallo zusammen,"],
    "greet_name": ["Hallo {FIRST},", "Guten Tag {NAME},", "Liebe/r {NAME},"],
    "close": ["Viele Grüße", "Mit freundlichen Grüßen", "Danke und beste Grüße", "VG"],
    "thanks": ["Vielen Dank für Ihre Nachricht.", "danke für die Geduld.", "danke für die schnelle Rückmeldung."],
    "issue": {
        "billing": ["seit der letzten Abbuchung stimmt unsere Rechnung nicht mehr.", "wir wurden diesen Monat doppelt belastet."],
        "access": ["ich komme seit gestern nicht mehr in mein Konto.", "der Link zum Zurücksetzen des Passworts kommt nicht an."],
        "health_eu": ["im Patientenportal werden die Befunde meiner Mutter nicht angezeigt.", "die Praxis sieht meine Termine doppelt."],
        "payroll_eu": ["meine Gehaltsabrechnung für diesen Monat ist falsch.", "das Gehalt wurde auf das alte Konto überwiesen."],
        "it": ["der VPN-Zugang funktioniert seit dem Update nicht mehr.", "unser Build bricht seit heute früh ab."],
        "banking_eu": ["die Auszahlung ist nicht auf unserem Konto angekommen.", "eine SEPA-Lastschrift wurde zurückgegeben."],
        "telecom": ["die Rufnummernmitnahme hängt seit einer Woche.", "meine neue SIM-Karte ist noch nicht aktiv."],
    },
    "ack": ["Ich habe mir Ihr Konto angesehen.", "Ich habe das intern geprüft.", "Wir haben den Fall an die Fachabteilung gegeben."],
    "next": ["Bitte geben Sie uns 2–3 Werktage.", "Ich melde mich, sobald ich eine Rückmeldung habe.", "Bitte prüfen Sie die Angaben noch einmal."],
    "internal": ["Interne Notiz:", "INTERN –", "Notiz (nicht an Kunden):"],
    "wrote": "Am {TS} schrieb {NAME} <{E}>:",
    "cust": "Kunde", "agent": "Agent",
    "call": ["Anruf von {NAME}, Rückruf erbeten.", "Tel. mit Kd. {NAME}:", "Kd. ruft an wg. {TOPIC}."],
    "check": ["Checkliste:", "Erledigt / offen:"],
    "tel": ["Tel.", "Telefon:", "Mobil:", "Fax:"],
    "topic": {"billing": "Rechnung", "access": "Login", "health_eu": "Portal", "payroll_eu": "Gehalt", "it": "VPN",
              "banking_eu": "Auszahlung", "telecom": "Portierung"},
    "P": {
        "CREDIT_CARD": ["Bitte buchen Sie den Betrag von meiner Kreditkarte {V} ab.", "Die neue Karte ist {V}, gültig bis {N:card_expiry}."],
        "EMAIL_ADDRESS": ["Sie erreichen mich unter {V}.", "Bitte schicken Sie die Rechnung an {V}.", "Meine Login-Adresse ist {V}."],
        "PHONE_NUMBER": ["Rückruf bitte unter {V}.", "Meine Handynummer ist {V}.", "Die zu portierende Nummer lautet {V}."],
        "IBAN_CODE": ["Bitte überweisen Sie die Erstattung auf IBAN {V}.", "Unsere neue Bankverbindung: {V} (BIC {N:bic})."],
        "IP_ADDRESS": ["Die fehlgeschlagenen Anmeldungen kommen von {V}.", "Bitte schalten Sie {V} für den SFTP-Zugang frei."],
        "DATE_OF_BIRTH": ["Mein Geburtsdatum ist der {V}.", "Zur Verifizierung: geboren am {V}."],
        "MEDICAL_RECORD_NUMBER": ["Die Patientennummer (MRN) meiner Mutter ist {V}.", "Befunde zu MRN {V} fehlen im Portal."],
        "AWS_ACCESS_KEY": ["Der Zugriffsschlüssel {V} ist versehentlich im Repo gelandet.", "Im Log steht die Key-ID {V}."],
        "GITHUB_TOKEN": ["Das Token {V} stand im Build-Log, bitte widerrufen.", "Die Integration nutzt {V}."],
        "PRIVATE_KEY": ["Hier der Schlüssel, den der Dienstleister geschickt hat:\n{V}\n"],
    },
    "T": {
        "CREDIT_CARD": ["Karte {V}", "KK-Nr. {V}"], "EMAIL_ADDRESS": ["E-Mail: {V}", "Mail {V}"],
        "PHONE_NUMBER": ["Rückruf {V}", "Tel. {V}", "Mobil {V}"], "IBAN_CODE": ["IBAN {V}", "IBAN: {V}"],
        "IP_ADDRESS": ["IP {V}", "Quelle {V}"], "DATE_OF_BIRTH": ["geb. {V}", "Geburtsdatum {V}", "geb. am {V}"],
        "MEDICAL_RECORD_NUMBER": ["MRN {V}", "Patienten-Nr. (MRN) {V}"], "AWS_ACCESS_KEY": ["Key-ID {V}"],
        "GITHUB_TOKEN": ["Token {V}"], "PRIVATE_KEY": ["Schlüssel:\n{V}"],
    },
    "COL": {"CREDIT_CARD": ["Kartennummer"], "EMAIL_ADDRESS": ["E-Mail"], "PHONE_NUMBER": ["Telefon", "Mobil"],
            "IBAN_CODE": ["IBAN"], "IP_ADDRESS": ["IP-Adresse"], "DATE_OF_BIRTH": ["Geburtsdatum"],
            "MEDICAL_RECORD_NUMBER": ["MRN"]},
    "N": {
        "order_number": ["Bestellnummer {X}"], "invoice_number": ["Rechnung {X}", "Rechnungsnr. {X}"],
        "ticket_ref": ["Ticket {X}", "Vorgang {X}"], "amount": ["{X}", "Betrag {X}"], "postcode": ["PLZ {X}"],
        "date_appointment": ["Termin am {X}"], "date_created": ["Konto angelegt am {X}"], "date_shipped": ["versendet am {X}"],
        "masked_card": ["Karte {X}"], "masked_iban": ["hinterlegte IBAN {X}"], "masked_phone": ["Nummer {X}"],
        "masked_email": ["Adresse {X}"], "bic": ["BIC {X}"], "vat_id": ["USt-IdNr. {X}"], "tracking_number": ["Sendungsnummer {X}"],
        "customer_number": ["Kundennummer {X}"], "contract_number": ["Vertragsnummer {X}"], "uuid": ["Request-ID {X}"],
        "version_string": ["Version {X}"], "mac_address": ["MAC {X}"], "imei": ["IMEI {X}"], "iccid": ["SIM-Kartennummer (ICCID) {X}"],
        "git_sha_short": ["Commit {X}"], "aws_secret_key": ["Secret {X}"], "ts_iso": ["{X}"], "card_expiry": ["gültig bis {X}"],
        "mandate_ref": ["Mandatsreferenz {X}"], "sepa_creditor_id": ["Gläubiger-ID {X}"],
        "iban_doc_example": ["die Beispiel-IBAN aus Ihrer Hilfeseite ({X})"], "test_card": ["die Testkarte {X}"],
        "luhn_order_number": ["Auftragsnummer {X}"], "masked_dob": ["Geburtsdatum {X}"], "masked_mrn": ["MRN {X}"],
        "member_id": ["Versichertennummer {X}"], "date_service": ["Behandlung am {X}"],
        "certificate_block": ["das Zertifikat:\n{X}\n"], "date_due": ["fällig am {X}"],
    },
}
L["fr"] = {
    "greet": ["Bonjour,", "Madame, Monsieur,", "Bonjour à tous,"],
    "greet_name": ["Bonjour {FIRST},", "Bonjour {NAME},", "Chère/cher {NAME},"],
    "close": ["Cordialement", "Bien à vous", "Merci d’avance", "Bonne journée"],
    "thanks": ["Merci pour votre message.", "merci pour votre patience.", "merci pour le retour rapide."],
    "issue": {
        "billing": ["nous avons été prélevés deux fois ce mois-ci.", "la facture ne correspond pas à notre abonnement."],
        "access": ["je n’arrive plus à me connecter à mon compte.", "le lien de réinitialisation ne fonctionne pas."],
        "health_eu": ["les résultats d’analyse de ma mère n’apparaissent pas dans le portail.", "le rendez-vous apparaît en double."],
        "payroll_eu": ["mon bulletin de paie de ce mois est erroné.", "le salaire a été versé sur l’ancien compte."],
        "it": ["le VPN ne fonctionne plus depuis la mise à jour.", "notre pipeline échoue depuis ce matin."],
        "banking_eu": ["le virement n’est jamais arrivé.", "un prélèvement SEPA a été rejeté."],
        "telecom": ["la portabilité de mon numéro est bloquée.", "ma nouvelle carte SIM n’est pas activée."],
    },
    "ack": ["J’ai vérifié votre compte.", "J’ai regardé cela en interne.", "Le dossier a été transmis au service concerné."],
    "next": ["Merci de prévoir 2 à 3 jours ouvrés.", "Je reviens vers vous dès que possible.", "Pouvez-vous vérifier ces informations ?"],
    "internal": ["Note interne :", "INTERNE —", "Note (non visible client) :"],
    "wrote": "Le {TS}, {NAME} <{E}> a écrit :",
    "cust": "Client", "agent": "Conseiller",
    "call": ["Appel de {NAME}, rappel demandé.", "Appel cl. {NAME} :", "Cl. appelle pour {TOPIC}."],
    "check": ["Check-list :", "Fait / à faire :"],
    "tel": ["Tél. :", "Tél.", "Portable :", "Fax :"],
    "topic": {"billing": "facture", "access": "connexion", "health_eu": "portail", "payroll_eu": "paie", "it": "VPN",
              "banking_eu": "virement", "telecom": "portabilité"},
    "P": {
        "CREDIT_CARD": ["Merci de débiter ma carte {V}.", "Ma nouvelle carte est la {V}, expiration {N:card_expiry}."],
        "EMAIL_ADDRESS": ["Vous pouvez me joindre à {V}.", "Merci d’envoyer la facture à {V}.", "Mon identifiant est {V}."],
        "PHONE_NUMBER": ["Merci de me rappeler au {V}.", "Mon portable : {V}.", "Le numéro à porter est le {V}."],
        "IBAN_CODE": ["Merci de rembourser sur l’IBAN {V}.", "Nos nouvelles coordonnées bancaires : {V} (BIC {N:bic})."],
        "IP_ADDRESS": ["Les connexions échouées viennent de {V}.", "Merci d’autoriser {V} pour le SFTP."],
        "DATE_OF_BIRTH": ["Je suis né le {V}.", "Ma date de naissance : {V}.", "Pour vérification, née le {V}."],
        "MEDICAL_RECORD_NUMBER": ["Le numéro de dossier patient (MRN) de ma mère est {V}.", "Les résultats du dossier MRN {V} sont absents."],
        "AWS_ACCESS_KEY": ["La clé d’accès {V} a été poussée sur un dépôt public.", "Les logs montrent la clé {V}."],
        "GITHUB_TOKEN": ["Le jeton {V} apparaît dans les logs de build, merci de le révoquer.", "L’intégration utilise {V}."],
        "PRIVATE_KEY": ["Voici la clé envoyée par le prestataire :\n{V}\n"],
    },
    "T": {
        "CREDIT_CARD": ["carte {V}", "CB {V}"], "EMAIL_ADDRESS": ["e-mail : {V}", "mail {V}"],
        "PHONE_NUMBER": ["rappel {V}", "tél. {V}", "port. {V}"], "IBAN_CODE": ["IBAN {V}", "IBAN : {V}"],
        "IP_ADDRESS": ["IP {V}", "source {V}"], "DATE_OF_BIRTH": ["né(e) le {V}", "date de naissance {V}", "DDN {V}"],
        "MEDICAL_RECORD_NUMBER": ["MRN {V}", "n° dossier patient (MRN) {V}"], "AWS_ACCESS_KEY": ["clé {V}"],
        "GITHUB_TOKEN": ["jeton {V}"], "PRIVATE_KEY": ["clé :\n{V}"],
    },
    "COL": {"CREDIT_CARD": ["numero_carte"], "EMAIL_ADDRESS": ["email", "courriel"], "PHONE_NUMBER": ["telephone"],
            "IBAN_CODE": ["IBAN"], "IP_ADDRESS": ["adresse_ip"], "DATE_OF_BIRTH": ["date_naissance"],
            "MEDICAL_RECORD_NUMBER": ["MRN"]},
    "N": {
        "order_number": ["commande n° {X}"], "invoice_number": ["facture {X}", "facture n° {X}"],
        "ticket_ref": ["ticket {X}", "dossier {X}"], "amount": ["{X}", "montant de {X}"], "postcode": ["code postal {X}"],
        "date_appointment": ["rendez-vous le {X}"], "date_created": ["compte créé le {X}"], "date_shipped": ["expédié le {X}"],
        "masked_card": ["carte {X}"], "masked_iban": ["IBAN enregistré {X}"], "masked_phone": ["numéro {X}"],
        "masked_email": ["adresse {X}"], "bic": ["BIC {X}"], "vat_id": ["n° TVA {X}"], "tracking_number": ["n° de suivi {X}"],
        "customer_number": ["n° client {X}"], "contract_number": ["contrat {X}"], "uuid": ["identifiant {X}"],
        "version_string": ["version {X}"], "mac_address": ["MAC {X}"], "imei": ["IMEI {X}"], "iccid": ["ICCID de la SIM {X}"],
        "git_sha_short": ["commit {X}"], "aws_secret_key": ["secret {X}"], "ts_iso": ["{X}"], "card_expiry": ["expire {X}"],
        "mandate_ref": ["RUM {X}"], "sepa_creditor_id": ["ICS {X}"],
        "iban_doc_example": ["l’IBAN d’exemple de votre FAQ ({X})"], "test_card": ["la carte de test {X}"],
        "luhn_order_number": ["numéro de commande {X}"], "masked_dob": ["date de naissance {X}"], "masked_mrn": ["MRN {X}"],
        "member_id": ["n° de sécurité sociale masqué"] and ["n° adhérent mutuelle {X}"], "date_service": ["consultation du {X}"],
        "certificate_block": ["le certificat :\n{X}\n"], "date_due": ["échéance {X}"],
    },
}
L["es"] = {
    "greet": ["Hola,", "Buenos días,", "Estimados señores:"],
    "greet_name": ["Hola {FIRST}:", "Buenos días, {NAME}:", "Estimado/a {NAME}:"],
    "close": ["Saludos", "Un saludo", "Atentamente", "Gracias de antemano"],
    "thanks": ["Gracias por su mensaje.", "gracias por la paciencia.", "gracias por responder tan rápido."],
    "issue": {
        "billing": ["nos han cobrado dos veces este mes.", "la factura no coincide con nuestro plan."],
        "access": ["no puedo entrar en mi cuenta desde ayer.", "el enlace para restablecer la contraseña no llega."],
        "health_eu": ["los resultados de mi madre no aparecen en el portal del paciente.", "la cita aparece duplicada."],
        "payroll_eu": ["mi nómina de este mes está mal.", "el sueldo se ingresó en la cuenta antigua."],
        "it": ["la VPN dejó de funcionar tras la actualización.", "nuestro pipeline falla desde esta mañana."],
        "banking_eu": ["la transferencia no ha llegado.", "nos devolvieron un adeudo SEPA."],
        "telecom": ["la portabilidad de mi número está parada.", "la nueva SIM no está activada."],
    },
    "ack": ["He revisado su cuenta.", "Lo he consultado internamente.", "Hemos pasado el caso al departamento correspondiente."],
    "next": ["Le pedimos 2-3 días laborables.", "Le escribo en cuanto tenga respuesta.", "¿Puede comprobar estos datos?"],
    "internal": ["Nota interna:", "INTERNO –", "Nota (no visible para el cliente):"],
    "wrote": "El {TS}, {NAME} <{E}> escribió:",
    "cust": "Cliente", "agent": "Agente",
    "call": ["Llamada de {NAME}, pide que le devolvamos la llamada.", "Llamada cl. {NAME}:", "Cl. llama por {TOPIC}."],
    "check": ["Checklist:", "Hecho / pendiente:"],
    "tel": ["Tel.:", "Tlf.", "Móvil:", "Fax:"],
    "topic": {"billing": "factura", "access": "acceso", "health_eu": "portal", "payroll_eu": "nómina", "it": "VPN",
              "banking_eu": "transferencia", "telecom": "portabilidad"},
    "P": {
        "CREDIT_CARD": ["Por favor, cárguenlo en mi tarjeta {V}.", "La tarjeta nueva es {V}, caduca {N:card_expiry}."],
        "EMAIL_ADDRESS": ["Pueden escribirme a {V}.", "Envíen la factura a {V}, por favor.", "Mi usuario es {V}."],
        "PHONE_NUMBER": ["Llámenme al {V}.", "Mi móvil es el {V}.", "El número a portar es {V}."],
        "IBAN_CODE": ["Hagan el reembolso al IBAN {V}.", "Nuestros nuevos datos bancarios: {V} (BIC {N:bic})."],
        "IP_ADDRESS": ["Los intentos fallidos vienen de {V}.", "Por favor, autoricen {V} para el SFTP."],
        "DATE_OF_BIRTH": ["Mi fecha de nacimiento es {V}.", "Para verificar: nací el {V}."],
        "MEDICAL_RECORD_NUMBER": ["El número de historia clínica (NHC) de mi madre es {V}.", "Faltan resultados del NHC {V}."],
        "AWS_ACCESS_KEY": ["La clave de acceso {V} se subió a un repositorio público.", "En los logs aparece la clave {V}."],
        "GITHUB_TOKEN": ["El token {V} salió en el log de compilación; hay que revocarlo.", "La integración usa {V}."],
        "PRIVATE_KEY": ["Esta es la clave que nos envió el proveedor:\n{V}\n"],
    },
    "T": {
        "CREDIT_CARD": ["tarjeta {V}", "tarj. {V}"], "EMAIL_ADDRESS": ["correo: {V}", "email {V}"],
        "PHONE_NUMBER": ["tlf. {V}", "móvil {V}", "devolver llamada al {V}"], "IBAN_CODE": ["IBAN {V}", "IBAN: {V}"],
        "IP_ADDRESS": ["IP {V}", "origen {V}"], "DATE_OF_BIRTH": ["fecha de nacimiento {V}", "F. nac. {V}", "nacido/a el {V}"],
        "MEDICAL_RECORD_NUMBER": ["NHC {V}", "historia clínica (MRN) {V}"], "AWS_ACCESS_KEY": ["clave {V}"],
        "GITHUB_TOKEN": ["token {V}"], "PRIVATE_KEY": ["clave:\n{V}"],
    },
    "COL": {"CREDIT_CARD": ["num_tarjeta"], "EMAIL_ADDRESS": ["correo"], "PHONE_NUMBER": ["telefono", "movil"],
            "IBAN_CODE": ["IBAN"], "IP_ADDRESS": ["ip_origen"], "DATE_OF_BIRTH": ["fecha_nacimiento"],
            "MEDICAL_RECORD_NUMBER": ["NHC"]},
    "N": {
        "order_number": ["pedido n.º {X}"], "invoice_number": ["factura {X}", "factura n.º {X}"],
        "ticket_ref": ["ticket {X}", "incidencia {X}"], "amount": ["{X}", "importe de {X}"], "postcode": ["CP {X}"],
        "date_appointment": ["cita el {X}"], "date_created": ["cuenta creada el {X}"], "date_shipped": ["enviado el {X}"],
        "masked_card": ["tarjeta {X}"], "masked_iban": ["IBAN registrado {X}"], "masked_phone": ["número {X}"],
        "masked_email": ["dirección {X}"], "bic": ["BIC {X}"], "vat_id": ["NIF-IVA {X}"], "tracking_number": ["n.º de seguimiento {X}"],
        "customer_number": ["n.º de cliente {X}"], "contract_number": ["contrato {X}"], "uuid": ["id {X}"],
        "version_string": ["versión {X}"], "mac_address": ["MAC {X}"], "imei": ["IMEI {X}"], "iccid": ["ICCID de la SIM {X}"],
        "git_sha_short": ["commit {X}"], "aws_secret_key": ["secreto {X}"], "ts_iso": ["{X}"], "card_expiry": ["caduca {X}"],
        "mandate_ref": ["referencia de mandato {X}"], "sepa_creditor_id": ["identificador de acreedor {X}"],
        "iban_doc_example": ["el IBAN de ejemplo de su ayuda ({X})"], "test_card": ["la tarjeta de prueba {X}"],
        "luhn_order_number": ["número de pedido {X}"], "masked_dob": ["fecha de nacimiento {X}"], "masked_mrn": ["NHC {X}"],
        "member_id": ["n.º de afiliado {X}"], "date_service": ["consulta del {X}"],
        "certificate_block": ["el certificado:\n{X}\n"], "date_due": ["vence el {X}"],
    },
}
L["it"] = {
    "greet": ["Buongiorno,", "Salve,", "Gentili signori,"],
    "greet_name": ["Buongiorno {FIRST},", "Gentile {NAME},", "Ciao {FIRST},"],
    "close": ["Cordiali saluti", "Grazie e saluti", "Distinti saluti", "Buona giornata"],
    "thanks": ["Grazie per il messaggio.", "grazie per la pazienza.", "grazie per la risposta veloce."],
    "issue": {
        "billing": ["questo mese ci avete addebitato due volte.", "la fattura non corrisponde al piano."],
        "access": ["da ieri non riesco ad accedere al mio account.", "il link per reimpostare la password non arriva."],
        "health_eu": ["i referti di mia madre non compaiono nel portale.", "la visita risulta prenotata due volte."],
        "payroll_eu": ["la busta paga di questo mese è sbagliata.", "lo stipendio è finito sul vecchio conto."],
        "it": ["la VPN non funziona più dopo l’aggiornamento.", "la pipeline fallisce da stamattina."],
        "banking_eu": ["il bonifico non è mai arrivato.", "un addebito SEPA è stato respinto."],
        "telecom": ["la portabilità del numero è ferma da una settimana.", "la nuova SIM non è ancora attiva."],
    },
    "ack": ["Ho controllato il suo account.", "Ho verificato internamente.", "Abbiamo inoltrato la pratica al reparto competente."],
    "next": ["Le chiediamo 2-3 giorni lavorativi.", "La ricontatto appena ho novità.", "Può verificare questi dati?"],
    "internal": ["Nota interna:", "INTERNO –", "Nota (non visibile al cliente):"],
    "wrote": "Il giorno {TS} {NAME} <{E}> ha scritto:",
    "cust": "Cliente", "agent": "Operatore",
    "call": ["Chiamata da {NAME}, chiede di essere richiamato.", "Tel. cl. {NAME}:", "Cl. chiama per {TOPIC}."],
    "check": ["Checklist:", "Fatto / da fare:"],
    "tel": ["Tel.", "Tel.:", "Cell.", "Fax:"],
    "topic": {"billing": "fattura", "access": "accesso", "health_eu": "portale", "payroll_eu": "busta paga", "it": "VPN",
              "banking_eu": "bonifico", "telecom": "portabilità"},
    "P": {
        "CREDIT_CARD": ["Addebitate pure sulla mia carta {V}.", "La nuova carta è {V}, scadenza {N:card_expiry}."],
        "EMAIL_ADDRESS": ["Potete scrivermi a {V}.", "Inviate la fattura a {V}, per favore.", "Il mio utente è {V}."],
        "PHONE_NUMBER": ["Richiamatemi al {V}.", "Il mio cellulare è {V}.", "Il numero da portare è {V}."],
        "IBAN_CODE": ["Effettuate il rimborso sull’IBAN {V}.", "Nuove coordinate bancarie: {V} (BIC {N:bic})."],
        "IP_ADDRESS": ["Gli accessi falliti arrivano da {V}.", "Autorizzate {V} per l’SFTP."],
        "DATE_OF_BIRTH": ["Sono nato il {V}.", "Data di nascita: {V}.", "Per la verifica: nata il {V}."],
        "MEDICAL_RECORD_NUMBER": ["Il numero di cartella clinica (MRN) di mia madre è {V}.", "Mancano i referti della cartella MRN {V}."],
        "AWS_ACCESS_KEY": ["La chiave di accesso {V} è finita in un repository pubblico.", "Nei log c’è la chiave {V}."],
        "GITHUB_TOKEN": ["Il token {V} è comparso nel log di build, va revocato.", "L’integrazione usa {V}."],
        "PRIVATE_KEY": ["Ecco la chiave che ci ha mandato il fornitore:\n{V}\n"],
    },
    "T": {
        "CREDIT_CARD": ["carta {V}", "CC {V}"], "EMAIL_ADDRESS": ["e-mail: {V}", "mail {V}"],
        "PHONE_NUMBER": ["richiamare al {V}", "tel. {V}", "cell. {V}"], "IBAN_CODE": ["IBAN {V}", "IBAN: {V}"],
        "IP_ADDRESS": ["IP {V}", "origine {V}"], "DATE_OF_BIRTH": ["nato/a il {V}", "data di nascita {V}", "d.n. {V}"],
        "MEDICAL_RECORD_NUMBER": ["MRN {V}", "cartella clinica (MRN) {V}"], "AWS_ACCESS_KEY": ["chiave {V}"],
        "GITHUB_TOKEN": ["token {V}"], "PRIVATE_KEY": ["chiave:\n{V}"],
    },
    "COL": {"CREDIT_CARD": ["numero_carta"], "EMAIL_ADDRESS": ["email"], "PHONE_NUMBER": ["telefono", "cellulare"],
            "IBAN_CODE": ["IBAN"], "IP_ADDRESS": ["indirizzo_ip"], "DATE_OF_BIRTH": ["data_nascita"],
            "MEDICAL_RECORD_NUMBER": ["MRN"]},
    "N": {
        "order_number": ["ordine n. {X}"], "invoice_number": ["fattura {X}", "fattura n. {X}"],
        "ticket_ref": ["ticket {X}", "pratica {X}"], "amount": ["{X}", "importo di {X}"], "postcode": ["CAP {X}"],
        "date_appointment": ["appuntamento il {X}"], "date_created": ["account creato il {X}"], "date_shipped": ["spedito il {X}"],
        "masked_card": ["carta {X}"], "masked_iban": ["IBAN registrato {X}"], "masked_phone": ["numero {X}"],
        "masked_email": ["indirizzo {X}"], "bic": ["BIC {X}"], "vat_id": ["P.IVA {X}"], "tracking_number": ["numero di tracking {X}"],
        "customer_number": ["codice cliente {X}"], "contract_number": ["contratto {X}"], "uuid": ["id {X}"],
        "version_string": ["versione {X}"], "mac_address": ["MAC {X}"], "imei": ["IMEI {X}"], "iccid": ["ICCID della SIM {X}"],
        "git_sha_short": ["commit {X}"], "aws_secret_key": ["segreto {X}"], "ts_iso": ["{X}"], "card_expiry": ["scadenza {X}"],
        "mandate_ref": ["riferimento mandato {X}"], "sepa_creditor_id": ["codice creditore {X}"],
        "iban_doc_example": ["l’IBAN di esempio della vostra guida ({X})"], "test_card": ["la carta di test {X}"],
        "luhn_order_number": ["numero d’ordine {X}"], "masked_dob": ["data di nascita {X}"], "masked_mrn": ["MRN {X}"],
        "member_id": ["n. tessera assicurativa {X}"], "date_service": ["visita del {X}"],
        "certificate_block": ["il certificato:\n{X}\n"], "date_due": ["scadenza pagamento {X}"],
    },
}
L["nl"] = {
    "greet": ["Hallo,", "Goedemiddag,", "Beste support,", "Geachte heer/mevrouw,"],
    "greet_name": ["Hoi {FIRST},", "Beste {NAME},", "Goedendag {NAME},"],
    "close": ["Met vriendelijke groet", "Groetjes", "Alvast bedankt", "Mvg"],
    "thanks": ["Bedankt voor je bericht.", "dank voor je geduld.", "bedankt voor de snelle reactie."],
    "issue": {
        "billing": ["we zijn deze maand dubbel afgeschreven.", "de factuur klopt niet met ons abonnement."],
        "access": ["ik kan sinds gisteren niet meer inloggen.", "de resetlink voor mijn wachtwoord komt niet aan."],
        "health_eu": ["de uitslagen van mijn moeder staan niet in het patiëntenportaal.", "de afspraak staat er dubbel in."],
        "payroll_eu": ["mijn loonstrook van deze maand klopt niet.", "het salaris is naar mijn oude rekening gegaan."],
        "it": ["de VPN werkt niet meer na de update.", "onze build faalt sinds vanochtend."],
        "banking_eu": ["de uitbetaling is niet binnengekomen.", "een SEPA-incasso is gestorneerd."],
        "telecom": ["het overzetten van mijn nummer staat al een week stil.", "mijn nieuwe simkaart is nog niet actief."],
    },
    "ack": ["Ik heb je account bekeken.", "Ik heb het intern nagevraagd.", "We hebben de zaak doorgezet naar de juiste afdeling."],
    "next": ["Geef ons 2-3 werkdagen.", "Ik laat het je weten zodra ik meer weet.", "Kun je deze gegevens nog even controleren?"],
    "internal": ["Interne notitie:", "INTERN –", "Notitie (niet zichtbaar voor klant):"],
    "wrote": "Op {TS} schreef {NAME} <{E}>:",
    "cust": "Klant", "agent": "Medewerker",
    "call": ["Gebeld door {NAME}, wil teruggebeld worden.", "Tel. met klant {NAME}:", "Klant belt over {TOPIC}."],
    "check": ["Checklist:", "Gedaan / open:"],
    "tel": ["Tel.", "Telefoon:", "Mobiel:", "Fax:"],
    "topic": {"billing": "factuur", "access": "inloggen", "health_eu": "portaal", "payroll_eu": "salaris", "it": "VPN",
              "banking_eu": "uitbetaling", "telecom": "nummerbehoud"},
    "P": {
        "CREDIT_CARD": ["Schrijf het bedrag maar af van mijn creditcard {V}.", "De nieuwe kaart is {V}, geldig tot {N:card_expiry}."],
        "EMAIL_ADDRESS": ["Je kunt me mailen op {V}.", "Stuur de factuur naar {V} a.u.b.", "Mijn inlognaam is {V}."],
        "PHONE_NUMBER": ["Bel me terug op {V}.", "Mijn mobiele nummer is {V}.", "Het nummer dat over moet is {V}."],
        "IBAN_CODE": ["Graag terugstorten op IBAN {V}.", "Ons nieuwe rekeningnummer: {V} (BIC {N:bic})."],
        "IP_ADDRESS": ["De mislukte logins komen van {V}.", "Kunnen jullie {V} toestaan voor SFTP?"],
        "DATE_OF_BIRTH": ["Mijn geboortedatum is {V}.", "Ter verificatie: geboren op {V}."],
        "MEDICAL_RECORD_NUMBER": ["Het patiëntnummer (MRN) van mijn moeder is {V}.", "Uitslagen bij MRN {V} ontbreken."],
        "AWS_ACCESS_KEY": ["De toegangssleutel {V} is per ongeluk in een publieke repo gezet.", "In de logs staat sleutel {V}."],
        "GITHUB_TOKEN": ["Het token {V} stond in de buildlog, graag intrekken.", "De koppeling gebruikt {V}."],
        "PRIVATE_KEY": ["Dit is de sleutel die de leverancier stuurde:\n{V}\n"],
    },
    "T": {
        "CREDIT_CARD": ["kaart {V}", "creditcard {V}"], "EMAIL_ADDRESS": ["e-mail: {V}", "mail {V}"],
        "PHONE_NUMBER": ["terugbellen {V}", "tel. {V}", "mob. {V}"], "IBAN_CODE": ["IBAN {V}", "IBAN: {V}"],
        "IP_ADDRESS": ["IP {V}", "bron {V}"], "DATE_OF_BIRTH": ["geb. {V}", "geboortedatum {V}"],
        "MEDICAL_RECORD_NUMBER": ["MRN {V}", "patiëntnummer (MRN) {V}"], "AWS_ACCESS_KEY": ["sleutel {V}"],
        "GITHUB_TOKEN": ["token {V}"], "PRIVATE_KEY": ["sleutel:\n{V}"],
    },
    "COL": {"CREDIT_CARD": ["kaartnummer"], "EMAIL_ADDRESS": ["e-mail"], "PHONE_NUMBER": ["telefoon", "mobiel"],
            "IBAN_CODE": ["IBAN"], "IP_ADDRESS": ["ip_adres"], "DATE_OF_BIRTH": ["geboortedatum"],
            "MEDICAL_RECORD_NUMBER": ["MRN"]},
    "N": {
        "order_number": ["bestelnummer {X}"], "invoice_number": ["factuur {X}", "factuurnr. {X}"],
        "ticket_ref": ["ticket {X}", "melding {X}"], "amount": ["{X}", "bedrag {X}"], "postcode": ["postcode {X}"],
        "date_appointment": ["afspraak op {X}"], "date_created": ["account aangemaakt op {X}"], "date_shipped": ["verzonden op {X}"],
        "masked_card": ["kaart {X}"], "masked_iban": ["bekende IBAN {X}"], "masked_phone": ["nummer {X}"],
        "masked_email": ["adres {X}"], "bic": ["BIC {X}"], "vat_id": ["btw-nummer {X}"], "tracking_number": ["track & trace {X}"],
        "customer_number": ["klantnummer {X}"], "contract_number": ["contract {X}"], "uuid": ["id {X}"],
        "version_string": ["versie {X}"], "mac_address": ["MAC {X}"], "imei": ["IMEI {X}"], "iccid": ["simkaartnummer (ICCID) {X}"],
        "git_sha_short": ["commit {X}"], "aws_secret_key": ["secret {X}"], "ts_iso": ["{X}"], "card_expiry": ["geldig tot {X}"],
        "mandate_ref": ["machtigingskenmerk {X}"], "sepa_creditor_id": ["incassant-ID {X}"],
        "iban_doc_example": ["het voorbeeld-IBAN uit jullie helpartikel ({X})"], "test_card": ["de testkaart {X}"],
        "luhn_order_number": ["ordernummer {X}"], "masked_dob": ["geboortedatum {X}"], "masked_mrn": ["MRN {X}"],
        "member_id": ["polisnummer {X}"], "date_service": ["consult op {X}"],
        "certificate_block": ["het certificaat:\n{X}\n"], "date_due": ["vervaldatum {X}"],
    },
}
L["pt"] = {
    "greet": ["Olá,", "Bom dia,", "Boa tarde,", "Exmos. Senhores,"],
    "greet_name": ["Olá {FIRST},", "Bom dia, {NAME},", "Caro/a {NAME},"],
    "close": ["Cumprimentos", "Obrigado", "Com os melhores cumprimentos", "Atenciosamente"],
    "thanks": ["Obrigado pela sua mensagem.", "obrigado pela paciência.", "obrigado pela resposta rápida."],
    "issue": {
        "billing": ["fomos cobrados duas vezes este mês.", "a fatura não corresponde ao nosso plano."],
        "access": ["desde ontem não consigo entrar na minha conta.", "o link de recuperação de palavra-passe não chega."],
        "health_eu": ["os resultados da minha mãe não aparecem no portal.", "a consulta aparece duplicada."],
        "payroll_eu": ["o meu recibo de vencimento deste mês está errado.", "o salário foi para a conta antiga."],
        "it": ["a VPN deixou de funcionar depois da atualização.", "o nosso pipeline falha desde esta manhã."],
        "banking_eu": ["a transferência não chegou.", "um débito direto SEPA foi devolvido."],
        "telecom": ["a portabilidade do meu número está parada.", "o novo cartão SIM ainda não está ativo."],
    },
    "ack": ["Verifiquei a sua conta.", "Confirmei internamente.", "Encaminhámos o pedido para a equipa responsável."],
    "next": ["Pedimos 2 a 3 dias úteis.", "Volto a contactar assim que tiver novidades.", "Pode confirmar estes dados?"],
    "internal": ["Nota interna:", "INTERNO –", "Nota (não visível ao cliente):"],
    "wrote": "Em {TS}, {NAME} <{E}> escreveu:",
    "cust": "Cliente", "agent": "Assistente",
    "call": ["Chamada de {NAME}, pede contacto.", "Tel. c/ cliente {NAME}:", "Cliente liga por causa de {TOPIC}."],
    "check": ["Checklist:", "Feito / pendente:"],
    "tel": ["Tel.:", "Telef.", "Telemóvel:", "Fax:"],
    "topic": {"billing": "fatura", "access": "acesso", "health_eu": "portal", "payroll_eu": "vencimento", "it": "VPN",
              "banking_eu": "transferência", "telecom": "portabilidade"},
    "P": {
        "CREDIT_CARD": ["Podem debitar no meu cartão {V}.", "O novo cartão é {V}, validade {N:card_expiry}."],
        "EMAIL_ADDRESS": ["Podem contactar-me em {V}.", "Enviem a fatura para {V}, por favor.", "O meu utilizador é {V}."],
        "PHONE_NUMBER": ["Liguem-me para o {V}.", "O meu telemóvel é {V}.", "O número a portar é o {V}."],
        "IBAN_CODE": ["Façam o reembolso para o IBAN {V}.", "Novos dados bancários: {V} (BIC {N:bic})."],
        "IP_ADDRESS": ["As tentativas falhadas vêm de {V}.", "Autorizem {V} para o SFTP, por favor."],
        "DATE_OF_BIRTH": ["A minha data de nascimento é {V}.", "Para verificação: nasci a {V}."],
        "MEDICAL_RECORD_NUMBER": ["O número de processo clínico (MRN) da minha mãe é {V}.", "Faltam resultados do processo MRN {V}."],
        "AWS_ACCESS_KEY": ["A chave de acesso {V} foi publicada num repositório público.", "Nos logs aparece a chave {V}."],
        "GITHUB_TOKEN": ["O token {V} apareceu no log do build, é preciso revogá-lo.", "A integração usa {V}."],
        "PRIVATE_KEY": ["Esta é a chave que o fornecedor enviou:\n{V}\n"],
    },
    "T": {
        "CREDIT_CARD": ["cartão {V}", "cc {V}"], "EMAIL_ADDRESS": ["email: {V}", "mail {V}"],
        "PHONE_NUMBER": ["ligar para {V}", "tel. {V}", "tlm. {V}"], "IBAN_CODE": ["IBAN {V}", "IBAN: {V}"],
        "IP_ADDRESS": ["IP {V}", "origem {V}"], "DATE_OF_BIRTH": ["data de nascimento {V}", "nasc. {V}"],
        "MEDICAL_RECORD_NUMBER": ["MRN {V}", "processo clínico (MRN) {V}"], "AWS_ACCESS_KEY": ["chave {V}"],
        "GITHUB_TOKEN": ["token {V}"], "PRIVATE_KEY": ["chave:\n{V}"],
    },
    "COL": {"CREDIT_CARD": ["numero_cartao"], "EMAIL_ADDRESS": ["email"], "PHONE_NUMBER": ["telefone", "telemovel"],
            "IBAN_CODE": ["IBAN"], "IP_ADDRESS": ["endereco_ip"], "DATE_OF_BIRTH": ["data_nascimento"],
            "MEDICAL_RECORD_NUMBER": ["MRN"]},
    "N": {
        "order_number": ["encomenda n.º {X}"], "invoice_number": ["fatura {X}", "fatura n.º {X}"],
        "ticket_ref": ["ticket {X}", "pedido {X}"], "amount": ["{X}", "valor de {X}"], "postcode": ["código postal {X}"],
        "date_appointment": ["consulta marcada para {X}"], "date_created": ["conta criada em {X}"], "date_shipped": ["enviado em {X}"],
        "masked_card": ["cartão {X}"], "masked_iban": ["IBAN registado {X}"], "masked_phone": ["número {X}"],
        "masked_email": ["endereço {X}"], "bic": ["BIC {X}"], "vat_id": ["NIF {X}"], "tracking_number": ["n.º de seguimento {X}"],
        "customer_number": ["n.º de cliente {X}"], "contract_number": ["contrato {X}"], "uuid": ["id {X}"],
        "version_string": ["versão {X}"], "mac_address": ["MAC {X}"], "imei": ["IMEI {X}"], "iccid": ["ICCID do SIM {X}"],
        "git_sha_short": ["commit {X}"], "aws_secret_key": ["segredo {X}"], "ts_iso": ["{X}"], "card_expiry": ["validade {X}"],
        "mandate_ref": ["referência da ADD {X}"], "sepa_creditor_id": ["identificador de credor {X}"],
        "iban_doc_example": ["o IBAN de exemplo da vossa ajuda ({X})"], "test_card": ["o cartão de teste {X}"],
        "luhn_order_number": ["número da encomenda {X}"], "masked_dob": ["data de nascimento {X}"], "masked_mrn": ["MRN {X}"],
        "member_id": ["n.º de beneficiário {X}"], "date_service": ["consulta de {X}"],
        "certificate_block": ["o certificado:\n{X}\n"], "date_due": ["vence a {X}"],
    },
}
L["pl"] = {
    "greet": ["Dzień dobry,", "Witam,", "Szanowni Państwo,"],
    "greet_name": ["Dzień dobry, {FIRST},", "Witam, {NAME},", "Szanowna Pani / Szanowny Panie {NAME},"],
    "close": ["Pozdrawiam", "Z poważaniem", "Dziękuję z góry", "Serdecznie pozdrawiam"],
    "thanks": ["Dziękujemy za wiadomość.", "dziękuję za cierpliwość.", "dziękuję za szybką odpowiedź."],
    "issue": {
        "billing": ["w tym miesiącu obciążono nas dwa razy.", "faktura nie zgadza się z naszym planem."],
        "access": ["od wczoraj nie mogę zalogować się na konto.", "link do resetu hasła nie dochodzi."],
        "health_eu": ["wyniki mojej mamy nie pokazują się w portalu pacjenta.", "wizyta jest zapisana podwójnie."],
        "payroll_eu": ["mój pasek wynagrodzenia za ten miesiąc jest błędny.", "pensja trafiła na stare konto."],
        "it": ["VPN przestał działać po aktualizacji.", "nasz pipeline pada od rana."],
        "banking_eu": ["przelew nie dotarł.", "polecenie zapłaty SEPA zostało zwrócone."],
        "telecom": ["przeniesienie numeru stoi od tygodnia.", "nowa karta SIM nie jest jeszcze aktywna."],
    },
    "ack": ["Sprawdziłem Państwa konto.", "Zweryfikowałam to wewnętrznie.", "Przekazaliśmy sprawę do właściwego działu."],
    "next": ["Prosimy o 2–3 dni robocze.", "Odezwę się, gdy tylko będę coś wiedzieć.", "Czy może Pan/Pani sprawdzić te dane?"],
    "internal": ["Notatka wewnętrzna:", "WEWNĘTRZNE –", "Notatka (niewidoczna dla klienta):"],
    "wrote": "W dniu {TS} {NAME} <{E}> napisał(a):",
    "cust": "Klient", "agent": "Konsultant",
    "call": ["Telefon od {NAME}, prosi o oddzwonienie.", "Rozmowa z kl. {NAME}:", "Kl. dzwoni w sprawie: {TOPIC}."],
    "check": ["Checklista:", "Zrobione / do zrobienia:"],
    "tel": ["Tel.", "tel.:", "Kom.", "Faks:"],
    "topic": {"billing": "faktura", "access": "logowanie", "health_eu": "portal", "payroll_eu": "wynagrodzenie", "it": "VPN",
              "banking_eu": "przelew", "telecom": "przeniesienie numeru"},
    "P": {
        "CREDIT_CARD": ["Proszę obciążyć moją kartę {V}.", "Nowa karta to {V}, ważna do {N:card_expiry}."],
        "EMAIL_ADDRESS": ["Proszę pisać na {V}.", "Fakturę proszę wysłać na {V}.", "Mój login to {V}."],
        "PHONE_NUMBER": ["Proszę oddzwonić pod numer {V}.", "Mój numer komórki: {V}.", "Numer do przeniesienia to {V}."],
        "IBAN_CODE": ["Zwrot proszę przelać na IBAN {V}.", "Nowe dane konta: {V} (BIC {N:bic})."],
        "IP_ADDRESS": ["Nieudane logowania przychodzą z {V}.", "Proszę dopuścić {V} do SFTP."],
        "DATE_OF_BIRTH": ["Moja data urodzenia to {V}.", "Do weryfikacji: urodzona {V}."],
        "MEDICAL_RECORD_NUMBER": ["Numer historii choroby (MRN) mojej mamy to {V}.", "Brakuje wyników dla MRN {V}."],
        "AWS_ACCESS_KEY": ["Klucz dostępu {V} trafił do publicznego repozytorium.", "W logach jest klucz {V}."],
        "GITHUB_TOKEN": ["Token {V} pojawił się w logu builda, trzeba go unieważnić.", "Integracja używa {V}."],
        "PRIVATE_KEY": ["Oto klucz, który przysłał dostawca:\n{V}\n"],
    },
    "T": {
        "CREDIT_CARD": ["karta {V}", "nr karty {V}"], "EMAIL_ADDRESS": ["e-mail: {V}", "mail {V}"],
        "PHONE_NUMBER": ["oddzwonić {V}", "tel. {V}", "kom. {V}"], "IBAN_CODE": ["IBAN {V}", "IBAN: {V}"],
        "IP_ADDRESS": ["IP {V}", "źródło {V}"], "DATE_OF_BIRTH": ["data ur. {V}", "ur. {V}", "data urodzenia {V}"],
        "MEDICAL_RECORD_NUMBER": ["MRN {V}", "nr historii choroby (MRN) {V}"], "AWS_ACCESS_KEY": ["klucz {V}"],
        "GITHUB_TOKEN": ["token {V}"], "PRIVATE_KEY": ["klucz:\n{V}"],
    },
    "COL": {"CREDIT_CARD": ["numer_karty"], "EMAIL_ADDRESS": ["email"], "PHONE_NUMBER": ["telefon"],
            "IBAN_CODE": ["IBAN"], "IP_ADDRESS": ["adres_ip"], "DATE_OF_BIRTH": ["data_urodzenia"],
            "MEDICAL_RECORD_NUMBER": ["MRN"]},
    "N": {
        "order_number": ["zamówienie nr {X}"], "invoice_number": ["faktura {X}", "faktura nr {X}"],
        "ticket_ref": ["zgłoszenie {X}", "ticket {X}"], "amount": ["{X}", "kwota {X}"], "postcode": ["kod pocztowy {X}"],
        "date_appointment": ["wizyta {X}"], "date_created": ["konto założone {X}"], "date_shipped": ["wysłane {X}"],
        "masked_card": ["karta {X}"], "masked_iban": ["zapisany IBAN {X}"], "masked_phone": ["numer {X}"],
        "masked_email": ["adres {X}"], "bic": ["BIC {X}"], "vat_id": ["NIP {X}"], "tracking_number": ["numer przesyłki {X}"],
        "customer_number": ["nr klienta {X}"], "contract_number": ["umowa {X}"], "uuid": ["id {X}"],
        "version_string": ["wersja {X}"], "mac_address": ["MAC {X}"], "imei": ["IMEI {X}"], "iccid": ["numer karty SIM (ICCID) {X}"],
        "git_sha_short": ["commit {X}"], "aws_secret_key": ["sekret {X}"], "ts_iso": ["{X}"], "card_expiry": ["ważna do {X}"],
        "mandate_ref": ["referencja mandatu {X}"], "sepa_creditor_id": ["identyfikator wierzyciela {X}"],
        "iban_doc_example": ["przykładowy IBAN z Państwa pomocy ({X})"], "test_card": ["karta testowa {X}"],
        "luhn_order_number": ["numer zamówienia {X}"], "masked_dob": ["data urodzenia {X}"], "masked_mrn": ["MRN {X}"],
        "member_id": ["nr ubezpieczenia {X}"], "date_service": ["wizyta z dnia {X}"],
        "certificate_block": ["certyfikat:\n{X}\n"], "date_due": ["termin płatności {X}"],
    },
}
L["fr"]["N"]["member_id"] = ["n° adhérent mutuelle {X}"]


def _nbsp(o):
    """French typography: a no-break space before ':' '?' '!' as Outlook/Word insert it"""
    if isinstance(o, str):
        return re.sub(r" ([:?!])", "\u00a0\\1", o)
    if isinstance(o, list):
        return [_nbsp(x) for x in o]
    if isinstance(o, dict):
        return {k: _nbsp(v) for k, v in o.items()}
    return o


L["fr"] = _nbsp(L["fr"])


# =====================================================================================================
# English frames
# =====================================================================================================

ISSUE_EN = {
    "billing": ["I was charged twice for the same month and nobody has answered my last two emails.",
                "Our subscription renewed at the old price even though we downgraded in the spring.",
                "The refund you promised last week still hasn't shown up.",
                "Your checkout keeps failing with 'payment method declined' but the bank says it's fine.",
                "We need the invoices re-issued with our new company name.",
                "I cancelled before the trial ended and still got billed."],
    "access": ["I'm locked out of my account after the password reset.",
               "The two-factor codes stopped arriving when I changed phones.",
               "Our admin left the company and nobody else can get into the console.",
               "Every login attempt says 'account suspended' and I have no idea why.",
               "SSO worked yesterday; today it loops back to the sign-in page."],
    "health_us": ["The patient portal shows someone else's visit summary on my account.",
                  "The pharmacy says the e-prescription never arrived.",
                  "Claims for our new provider keep getting rejected.",
                  "My mother's lab results are missing from the portal.",
                  "The prior authorization request is stuck in 'pending' for two weeks."],
    "payroll_us": ["My last paycheck went to a closed account.",
                   "The W-2 I downloaded has the wrong SSN on it.",
                   "Direct deposit didn't go through this pay period.",
                   "New hire can't finish onboarding because the tax form won't save.",
                   "My withholding changed without me touching it."],
    "payroll_uk": ["My payslip shows the wrong tax code this month.", "Salary went to my old bank account.",
                   "The new starter form won't accept my details.", "My P60 hasn't appeared in the portal."],
    "it": ["The VPN connects but nothing internal resolves.", "Our nightly backup job has failed three nights running.",
           "The build pipeline started failing after the runner image update.",
           "We think a credential leaked and need help rotating it.",
           "One of the file servers is unreachable from the branch office."],
    "integration": ["Your webhook has been returning 500s since the deploy this morning.",
                    "Orders created through the API are missing customer details.",
                    "The OAuth callback fails with invalid_grant for some tenants.",
                    "We're getting rate-limited well below the documented quota.",
                    "The nightly sync imported duplicate contacts."],
    "banking_us": ["An ACH payout was returned R03 and we don't know why.", "Our vendor payment didn't arrive.",
                   "The bank changed our routing number after a merger.", "Payouts are stuck in 'processing'."],
    "banking_uk": ["A supplier payment bounced back.", "The payout went to an account we closed in March.",
                   "Our bank details changed after switching banks.", "The SEPA batch was rejected by the bank."],
    "nhs": ["A patient can't book online; the app says her details don't match.",
            "Repeat prescriptions aren't reaching the pharmacy.",
            "The practice's online consultation form keeps timing out.",
            "A new registration is still showing the previous surgery.",
            "The NHS App linkage key didn't work for this patient."],
    "telecom": ["My number transfer has been pending for eight days.", "The new SIM shows 'no service'.",
                "We were billed for a line we cancelled.", "Calls to our main number go straight to voicemail.",
                "The port was rejected for 'account details mismatch'."],
}
ISSUE_EN["health_eu"] = ISSUE_EN["health_us"]
ISSUE_EN["payroll_eu"] = ISSUE_EN["payroll_uk"]
ISSUE_EN["banking_eu"] = ISSUE_EN["banking_uk"]

GREET_EN = ["Hi,", "Hello,", "Hi there,", "Good morning,", "Hey team,", "To whom it may concern,", "Hello support,",
            "Hi folks,", "Good afternoon,"]
CLOSE_EN = ["Thanks,", "Thank you!", "Cheers,", "Regards,", "Best,", "Thanks in advance,", "Appreciate the help —",
            "Kind regards,", "Many thanks,"]
ACK_EN = ["Thanks for your patience while I looked into this.", "Sorry for the trouble here.",
          "I've had a look at the account.", "Thanks for the extra detail, that helped.",
          "I checked with our billing team this morning.", "I can see what happened."]
NEXT_EN = ["I'll update this ticket as soon as I hear back.", "Please allow 3-5 business days for this to show.",
           "Let me know if anything still looks off.", "If it happens again, reply here and we'll reopen.",
           "No further action is needed on your side.", "Could you confirm the details above are correct?"]
NEG_FRAME_EN = ["This is about {N}.", "For reference: {N}.", "(See {N}.)", "It concerns {N}.",
                "Also noting {N} in case it helps.", "Related: {N}.", "We also have {N} on our side."]
A_EN = {  # agent confirmations
    "CREDIT_CARD": ["I've removed {V} from the account and set the new card as default.",
                    "The refund has been sent back to {V}; banks usually take 5-10 business days."],
    "US_SSN": ["I've corrected the SSN on the employee profile to {V}.", "Payroll confirmed the SSN on file is {V}."],
    "EMAIL_ADDRESS": ["I've sent a fresh invite to {V}.", "Receipts will go to {V} from now on.",
                      "I've changed the login email to {V}; please check that inbox."],
    "PHONE_NUMBER": ["I tried you on {V} but it went to voicemail.", "We'll text updates to {V}.",
                     "The number {V} is now the account's primary contact."],
    "IBAN_CODE": ["The refund is queued to {V}.", "I've updated the payout account to {V}."],
    "ABA_ROUTING_NUMBER": ["I've corrected the routing number to {V}.", "The next payout will use routing {V}."],
    "IP_ADDRESS": ["I've added {V} to the allowlist.", "The lockout was triggered by repeated attempts from {V}."],
    "MEDICAL_RECORD_NUMBER": ["I've found the chart under MRN {V}.", "MRN {V} is now unlinked from your login."],
    "US_NPI": ["NPI {V} is now attached to Dr. {DR}'s profile.", "I re-ran the NPPES check for {V} and it's active."],
    "DATE_OF_BIRTH": ["Thanks, I've verified you with the date of birth {V}.", "I've corrected the DOB to {V}."],
    "UK_NHS": ["I've checked NHS number {V} against the PDS record.", "NHS number {V} is now linked to the practice."],
    "US_DEA": ["Dr. {DR}'s DEA number {V} has been resubmitted for validation."],
    "AWS_ACCESS_KEY": ["We've deactivated access key {V} on our side.", "Key {V} is still active in the account, please disable it."],
    "GITHUB_TOKEN": ["We revoked {V} through the GitHub API.", "Token {V} no longer has repo scope."],
}
INTERNAL_HDR_EN = ["Internal note:", "[internal]", "INTERNAL —", "Note to self:", "Private note (not visible to customer):",
                   "int. note -"]
ESC_HDR_EN = ["Escalating to Tier 2.", "Escalation → {VENDOR}", "Tier 2 escalation", "Escalated to vendor ({VENDOR})",
              "ESCALATION: needs engineering"]
TITLES_EN = ["Office Manager", "Accounts Payable Lead", "IT Director", "Practice Manager", "Billing Specialist",
             "Operations Coordinator", "HR Generalist", "Systems Administrator", "Finance Controller", "Owner"]
CHAT_FMT = ["[{T}] {S}: ", "{T} {S}: ", "{S} ({T}): ", "{T} | {S} | "]
CHAT_EMOJI = [" 🙏", " 👍", " 😕", " 🙂", "", "", "", ""]
PHONE_HDR_EN = ["Inbound call {TM} -", "Call w/ cx {NAME} {TM}:", "OB call to {NAME}:", "Phone - {NAME} called in.",
                "Rec'd call {TM}, {NAME},"]
PHONE_ABBR_EN = ["cx states issue started after last update", "adv'd 24-48h TAT", "pt requesting cb", "LVM, will retry",
                 "cx upset, requested supervisor", "verified ID x2", "warm xfer to T2 declined", "sent KB link",
                 "cx will call bank", "no further questions", "TT", "f/u tomorrow am"]
CHECK_STATIC_EN = ["identity verified", "callback scheduled", "KB article sent", "billing notified", "ticket linked",
                   "customer informed of SLA", "vendor ticket opened", "screenshot attached", "closed duplicate"]


NEG_FRAME_L = {
    "de": ["Betrifft {N}.", "Zur Info: {N}.", "(Siehe {N}.)", "Es geht um {N}."],
    "fr": ["Cela concerne {N}.", "Pour info\u00a0: {N}.", "(Voir {N}.)", "Référence\u00a0: {N}."],
    "es": ["Se trata de {N}.", "Para info: {N}.", "(Ver {N}.)", "Referencia: {N}."],
    "it": ["Riguarda {N}.", "Per info: {N}.", "(Vedi {N}.)", "Riferimento: {N}."],
    "nl": ["Het gaat om {N}.", "Ter info: {N}.", "(Zie {N}.)", "Referentie: {N}."],
    "pt": ["Diz respeito a {N}.", "Para info: {N}.", "(Ver {N}.)", "Referência: {N}."],
    "pl": ["Dotyczy: {N}.", "Dla informacji: {N}.", "(Zob. {N}.)", "Numer referencyjny: {N}."],
}

# =====================================================================================================
# note context, facts, template rendering
# =====================================================================================================

PHONE_CC = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pt": "PT", "pl": "PL"}
IBAN_CCS = {"de": ["DE", "DE", "DE", "AT", "CH"], "fr": ["FR", "FR", "FR", "BE", "LU"], "es": ["ES"], "it": ["IT"],
            "nl": ["NL", "NL", "NL", "BE"], "pt": ["PT"], "pl": ["PL"],
            "UK": ["GB", "GB", "GB", "GB", "IE", "DE", "FR", "NL", "ES", "IT", "BE"], "US": ["GB", "DE", "FR", "NL"]}


class Ctx:
    def __init__(self, R, lang, region, queue, kind, benign):
        self.R, self.lang, self.region, self.queue, self.kind, self.benign = R, lang, region, queue, kind, benign
        self.pool = region if lang == "en" else lang
        self.loc = region if lang == "en" else lang
        self.cc = region if lang == "en" else PHONE_CC[lang]
        self.iban_cc = R.choice(IBAN_CCS[region if lang == "en" else lang])
        self.person = Person(R, self.pool)
        self.agent = Person(R, self.pool if lang != "en" else R.choice(["US", "UK", self.pool]))
        self.dr = Person(R, self.pool)
        self.other = Person(R, self.pool)
        self.org, self.dom = make_org(R, queue, lang, region)
        self.vendor = R.choice(VENDOR_NAMES)
        self.facts_used = []

    def fill(self, name, fact=None):
        R = self.R
        if name == "NAME":
            return self.person.full
        if name == "FIRST":
            return self.person.first
        if name == "DOM":
            return self.dom
        if name == "ORG":
            return self.org
        if name == "PRACTICE":
            return self.org
        if name == "AGENT":
            return self.agent.full
        if name == "DR":
            return self.dr.last
        if name == "VENDOR":
            return self.vendor
        if name == "BRAND":
            return (fact.meta.get("brand") if fact is not None and fact.meta.get("brand") else "card")
        if name == "EXT":
            if self.lang == "en" and R.random() < 0.3:
                return R.choice([" ext. ", " x", " ext ", ", extension "]) + str(R.randint(10, 899))
            return ""
        if name == "TM":
            return f"{R.randint(7, 18)}:{R.randint(0, 59):02d}"
        if name == "TOPIC":
            return L[self.lang]["topic"].get(self.queue, "?") if self.lang != "en" else self.queue
        raise KeyError(name)


class Fact:
    __slots__ = ("pos", "key", "val", "variant", "pe", "meta")

    def __init__(self, pos, key, val, variant=None, pe=None, meta=None):
        self.pos, self.key, self.val, self.variant, self.pe, self.meta = pos, key, val, variant, pe, meta or {}


def make_fact(c, ent, style=None, who=None):
    R = c.R
    meta = {}
    if ent == "CREDIT_CARD":
        v, var, brand = gen_card(R, style)
        meta["brand"] = brand
    elif ent == "US_SSN":
        v, var = gen_ssn(R)
    elif ent == "EMAIL_ADDRESS":
        v, var = gen_email(R, who or c.person, c.dom, c.region if c.lang == "en" else c.lang)
    elif ent == "PHONE_NUMBER":
        v, var, e164 = gen_phone(R, c.cc, style)
        meta["e164"] = e164
    elif ent == "IBAN_CODE":
        v, var = gen_iban(R, R.choice(IBAN_CCS[c.region if c.lang == "en" else c.lang]) if R.random() < 0.3 else c.iban_cc,
                          style)
    elif ent == "ABA_ROUTING_NUMBER":
        v, var = gen_aba(R)
    elif ent == "IP_ADDRESS":
        v, var = gen_ip(R, style)
    elif ent == "MEDICAL_RECORD_NUMBER":
        v, var = gen_mrn(R)
    elif ent == "US_NPI":
        v, var = gen_npi(R)
    elif ent == "DATE_OF_BIRTH":
        v, var = gen_dob(R, c.loc, style)
    elif ent == "UK_NHS":
        v, var = gen_nhs(R)
    elif ent == "US_DEA":
        v, var = gen_dea(R, c.dr.last)
    elif ent == "AWS_ACCESS_KEY":
        v, var = gen_aws(R)
    elif ent == "GITHUB_TOKEN":
        v, var = gen_gh(R)
    elif ent == "PRIVATE_KEY":
        v, var = gen_pkey(R)
    else:
        raise KeyError(ent)
    return Fact(True, ent, v, var, ent, meta)


def make_neg(c, kind):
    return Fact(False, kind, NEG[kind][1](c.R, c))


def make_mask(c, ent):
    k = MASK_OF[ent]
    return Fact(False, k, NEG[k][1](c.R, c), pe=ent)


TOK = re.compile(r"\{([A-Z]+)(?::([a-z_0-9]+))?\}")
DECOS = [("`", "`"), ("**", "**"), ('"', '"'), ("'", "'")]


def emit(b, c, f, place, deco=False):
    if f.pos:
        w0 = w1 = ""
        if deco and "\n" not in f.val and c.R.random() < 0.12:
            w0, w1 = c.R.choice(DECOS)
            if c.lang == "fr" and w0 == '"':
                w0, w1 = "«\u00a0", "\u00a0»"
            if c.lang in ("de", "pl") and w0 == '"':
                w0, w1 = "„", "“"
        b.t(w0).v(f.key, f.val, f"{f.variant}.{place}").t(w1)
    else:
        b.n(f.key, f.val)
    c.facts_used.append(f)


def render_tmpl(b, c, tmpl, f=None, place="prose", deco=True, extra=None):
    pos = 0
    for m in TOK.finditer(tmpl):
        b.t(tmpl[pos:m.start()])
        name, arg = m.group(1), m.group(2)
        if name in ("V", "X"):
            emit(b, c, f, place, deco)
        elif name == "U":
            emit(b, c, f, "url", False)
        elif name == "N":
            emit(b, c, make_neg(c, arg), place)
        elif extra and name in extra:
            extra[name](b)
        else:
            b.t(c.fill(name, f))
        pos = m.end()
    b.t(tmpl[pos:])
    return b


def pos_templates(c, ent, style):
    if c.lang == "en":
        tab = {"P": P_EN, "T": T_EN, "A": A_EN}[style]
        return tab.get(ent) or P_EN[ent]
    return L[c.lang]["T" if style == "T" else "P"][ent]


def neg_templates(c, kind, terse=False):
    if c.lang == "en":
        if terse and kind in N_TERSE_EN and c.R.random() < 0.7:
            return [N_TERSE_EN[kind]]
        return N_EN[kind]
    return L[c.lang]["N"][kind]


def say(b, c, f, style="P", place="prose"):
    """render one fact as a sentence (P/A) or a short label form (T)"""
    R = c.R
    if f.pe:
        tmpl = R.choice(pos_templates(c, f.pe, style))
        if f.pe == "PRIVATE_KEY" and style == "T" and place != "prose":
            place = "block"
        return render_tmpl(b, c, tmpl, f, place if f.pe != "PRIVATE_KEY" else "pem", deco=(style != "T"))
    tmpl = R.choice(neg_templates(c, f.key, terse=(style == "T")))
    if style in ("P", "A") and tmpl.endswith((".", "?")):
        return render_tmpl(b, c, cap(tmpl), f, place)
    if style in ("P", "A") and "\n" not in tmpl:
        frame = R.choice(NEG_FRAME_EN if c.lang == "en" else NEG_FRAME_L[c.lang])
        pre, post = frame.split("{N}")
        b.t(pre)
        render_tmpl(b, c, tmpl, f, place)
        return b.t(post)
    return render_tmpl(b, c, tmpl, f, place)


def lines_of(parts_builder_fn):
    b = B()
    parts_builder_fn(b)
    return b


# =====================================================================================================
# note kinds
# =====================================================================================================

STREETS = {"US": ["221 W Monroe St, Suite 400", "1800 Larimer St", "45 Commerce Dr", "9 Harbor Way", "3100 N Lamar Blvd"],
           "UK": ["Unit 4, Albion Works", "12 Castle Street", "2nd Floor, 18 Wharf Road", "The Old Mill, Bridge Lane"],
           "de": ["Hauptstraße 12", "Am Sandtorkai 41", "Lindenallee 7"], "fr": ["12 rue des Lilas", "48 avenue Jean Jaurès"],
           "es": ["Calle Mayor 8", "Avda. de la Constitución 31"], "it": ["Via Roma 21", "Corso Buenos Aires 54"],
           "nl": ["Keizersgracht 112", "Stationsplein 3"], "pt": ["Rua Augusta 45", "Av. da Liberdade 190"],
           "pl": ["ul. Długa 7", "al. Jerozolimskie 65"]}
CITIES = {"US": ["Chicago, IL", "Denver, CO", "Austin, TX", "Columbus, OH", "Raleigh, NC", "Tacoma, WA"],
          "UK": ["Leeds", "Bristol", "Manchester", "Cardiff", "Edinburgh", "Norwich"],
          "de": ["Hamburg", "München", "Köln", "Leipzig"], "fr": ["Lyon", "Nantes", "Lille", "Bordeaux"],
          "es": ["Madrid", "Valencia", "Sevilla", "Bilbao"], "it": ["Milano", "Torino", "Bologna", "Napoli"],
          "nl": ["Utrecht", "Rotterdam", "Groningen", "Eindhoven"], "pt": ["Lisboa", "Porto", "Braga", "Coimbra"],
          "pl": ["Warszawa", "Kraków", "Gdańsk", "Wrocław"]}
DISCLAIMER = ["CONFIDENTIAL: this message may contain privileged information. If you are not the intended recipient, "
              "please delete it.", "Please consider the environment before printing this email.",
              "This email was scanned for viruses.", ""]


def cap(s):
    return s[:1].upper() + s[1:]


def gap(R):
    return R.choice([" ", " ", " ", "\n", "\n\n"])


def labels_tel(c):
    if c.lang == "en":
        return ["T:", "Tel:", "Phone:", "Direct:", "Office:", "Main:"], ["M:", "Mobile:", "Cell:", "Mob:"], ["F:", "Fax:"]
    t = L[c.lang]["tel"]
    return [t[0], t[1]], [t[2]], [t[3]]


def sig_block(b, c, person, phones, emails, title=True, style=None):
    """signature: phones/emails are Facts (positive or masked)"""
    R = c.R
    st = style if style is not None else R.randrange(5)
    tl, ml, fl = labels_tel(c)
    loc = c.region if c.lang == "en" else c.lang
    ttl = R.choice(TITLES_EN) if c.lang == "en" else ""
    if st == 0:
        b.t("--\n" + person.full + "\n")
        if title and ttl:
            b.t(f"{ttl}, {c.org}\n")
        else:
            b.t(c.org + "\n")
        for i, p in enumerate(phones):
            b.t((R.choice(tl) if i == 0 else R.choice(ml + fl)) + " ")
            emit(b, c, p, "sig")
            b.t(R.choice([" | ", "\n"]) if i < len(phones) - 1 else "\n")
        for e in emails:
            b.t(R.choice(["E: ", "Email: ", "", "e-mail: "]))
            emit(b, c, e, "sig")
            b.t("\n")
        b.t(R.choice(STREETS[loc]) + ", ")
        if c.lang == "en" and c.region == "US":
            b.t(R.choice(CITIES[loc]) + " ")
            emit(b, c, make_neg(c, "postcode"), "sig")
        else:
            emit(b, c, make_neg(c, "postcode"), "sig")
            b.t(" " + R.choice(CITIES[loc]))
    elif st == 1:
        b.t(f"{person.full}" + (f" | {ttl}" if ttl else "") + f"\n{c.org}\n")
        for i, p in enumerate(phones):
            b.t((R.choice(tl) if i == 0 else R.choice(ml)) + " ")
            emit(b, c, p, "sig")
            b.t("\n")
        for e in emails:
            emit(b, c, e, "sig")
            b.t("\n")
    elif st == 2:
        b.t(f"{person.first}\n\n{c.org} · {R.choice(STREETS[loc])} · {R.choice(CITIES[loc])}\n")
        items = [(R.choice(tl).rstrip(":").lower() + " ", p) for p in phones] + [("", e) for e in emails]
        for i, (lab, f) in enumerate(items):
            b.t(lab)
            emit(b, c, f, "sig")
            b.t("  ·  " if i < len(items) - 1 else "\n")
    elif st == 3:  # mail-client links
        b.t(f"{person.full}\n")
        for e in emails:
            emit(b, c, e, "sig")
            if e.pos:
                b.t(R.choice([" <mailto:", " [mailto:"]))
                b.v(e.key, e.val, f"{e.variant}.mailto")
                b.t(">" if b.parts[-2][1].endswith("<mailto:") else "]")
            b.t("\n")
        for p in phones:
            b.t(R.choice(tl) + " ")
            emit(b, c, p, "sig")
            if p.pos and p.meta.get("e164") and R.random() < 0.8:
                b.t(" <tel:")
                b.v(p.key, p.meta["e164"], f"{p.variant.split('.')[0]}.{p.variant.split('.')[1]}.e164.tel")
                b.t(">")
            b.t("\n")
    else:
        b.t(f"{person.full.upper() if R.random() < .3 else person.full}\n{c.org}\n")
        line = []
        for i, p in enumerate(phones):
            line.append((R.choice(tl + ml) + " ", p))
        for e in emails:
            line.append(("", e))
        for i, (lab, f) in enumerate(line):
            b.t(lab)
            emit(b, c, f, "sig")
            b.t(" / " if i < len(line) - 1 else "\n")
    d = R.choice(DISCLAIMER) if c.lang == "en" else ""
    if d:
        b.t("\n" + d + "\n")
    return b


def split_contact(c, facts, p=0.5):
    """move some phone/email facts into a signature"""
    sig_p, sig_e, rest = [], [], []
    for f in facts:
        if f.pe == "PHONE_NUMBER" and c.R.random() < p:
            sig_p.append(f)
        elif f.pe == "EMAIL_ADDRESS" and c.R.random() < p:
            sig_e.append(f)
        else:
            rest.append(f)
    return sig_p, sig_e, rest


def body_sentences(b, c, items, style="P", place="prose"):
    R = c.R
    for i, f in enumerate(items):
        if i:
            b.t(gap(R))
        say(b, c, f, style, place)


def issue_line(c):
    R = c.R
    s = R.choice(ISSUE_EN[c.queue] if c.lang == "en" else L[c.lang]["issue"][c.queue])
    return cap(s)


def k_customer(c, facts, negs):
    R = c.R
    b = B()
    en = c.lang == "en"
    b.t(R.choice(GREET_EN if en else L[c.lang]["greet"]) + R.choice(["\n\n", "\n", " "]))
    b.t(issue_line(c))
    sp, se, rest = split_contact(c, facts, 0.45)
    items = rest + negs
    R.shuffle(items)
    if items:
        b.t(gap(R))
        body_sentences(b, c, items)
    b.t("\n\n" + R.choice(CLOSE_EN if en else L[c.lang]["close"]) + "\n")
    if sp or se:
        sig_block(b, c, c.person, sp, se)
    else:
        b.t(c.person.first if R.random() < 0.5 else c.person.full)
    return b


def k_agent(c, facts, negs):
    R = c.R
    b = B()
    en = c.lang == "en"
    b.t(render_tmpl(B(), c, R.choice(["Hi {FIRST},", "Hello {FIRST},", "Dear {NAME},", "Hi {NAME},"]) if en
                    else R.choice(L[c.lang]["greet_name"])).render()[0] + "\n\n")
    b.t(R.choice(ACK_EN) if en else cap(R.choice(L[c.lang]["thanks"])) + " " + R.choice(L[c.lang]["ack"]))
    items = facts + negs
    R.shuffle(items)
    for f in items:
        b.t(gap(R))
        say(b, c, f, "A" if f.pos and en else "P")
    b.t("\n\n" + (R.choice(NEXT_EN) if en else R.choice(L[c.lang]["next"])))
    b.t("\n\n" + (R.choice(["Best regards,", "Kind regards,", "Thanks,", "All the best,", "Cheers,"]) if en
                  else R.choice(L[c.lang]["close"])) + "\n")
    b.t(c.agent.full + "\n" + (R.choice(AGENT_TEAM) if en else "Support") + (f" | {c.vendor}" if R.random() < .3 else ""))
    return b


def k_internal(c, facts, negs):
    R = c.R
    b = B()
    en = c.lang == "en"
    b.t(R.choice(INTERNAL_HDR_EN if en else L[c.lang]["internal"]) + R.choice([" ", "\n"]))
    items = facts + negs
    R.shuffle(items)
    joiner = R.choice(["; ", ", ", "\n", " / ", ". "])
    if en and R.random() < 0.5:
        b.t(R.choice(["cx called back re ", "checked acct: ", "per cx - ", "verified w/ cx: ", "from the chat: "]))
    for i, f in enumerate(items):
        if i:
            b.t(joiner)
        say(b, c, f, "T", "terse")
    if en:
        b.t(R.choice([". Waiting on T2.", ". Pls don't close yet.", " -- see previous note.", ". Sent macro.", ""]))
    return b


def k_escalation(c, facts, negs):
    R = c.R
    b = B()
    b.t(render_tmpl(B(), c, R.choice(ESC_HDR_EN)).render()[0] + "\n\n")
    b.t(R.choice(["Summary: ", "Issue: ", "Problem statement: "]) + issue_line(c) + "\n")
    b.t(R.choice(["Customer: ", "Account: ", "Requester: "]) + f"{c.person.full} ({c.org})\n")
    b.t(R.choice(["Impact: ", "Business impact: "]) + R.choice(["single user blocked", "whole office affected",
                                                                 "payments delayed", "patient care delayed",
                                                                 "revenue impact, ~40 orders/day"]) + "\n")
    b.t(R.choice(["Details:\n", "Data:\n", "Relevant info:\n"]))
    items = facts + negs
    R.shuffle(items)
    for f in items:
        b.t(R.choice(["- ", "* ", "  - "]))
        say(b, c, f, "T", "bullet")
        b.t("\n")
    b.t(R.choice(["Steps tried: cleared cache, re-sent invite, confirmed with customer.\n",
                  "Tried: reboot, re-auth, checked status page (green).\n", "Repro: yes, on our side too.\n", ""]))
    b.t(R.choice(["Ask: please investigate and advise by EOD.", "Need: root cause + ETA.",
                  "Please confirm whether this is a known issue.", "Priority bumped to P2 per account manager."]))
    return b


def k_handover(c, facts, negs):
    R = c.R
    b = B()
    b.t(R.choice(["Shift handover", "Handover — end of shift", "EOD handover", "Handover notes for the night team",
                  "Weekend handover"]) + R.choice([":\n", "\n\n", "\n"]))
    b.t(R.choice(["Open:\n", "Still open:\n", "In progress:\n"]))
    b.t(f"1. {c.person.full} / {c.org} — {issue_line(c).rstrip('.')}.")
    items = facts + negs
    R.shuffle(items)
    half = max(1, len(items) // 2)
    for f in items[:half]:
        b.t(" ")
        say(b, c, f, "T", "terse")
        b.t(R.choice([".", ";", ","]))
    b.t("\n2. " + R.choice(["Waiting on vendor reply, nothing to do tonight.", "Customer to send screenshot.",
                            "Callback promised before 10am."]))
    if items[half:]:
        b.t("\n\nNotes:\n")
        for f in items[half:]:
            b.t(R.choice(["• ", "- "]))
            say(b, c, f, "T", "bullet")
            b.t("\n")
    b.t(R.choice(["\nThanks! — " + c.agent.first, "\n" + c.agent.first[0] + c.agent.last[0], ""]))
    return b


def quote_builder(src, prefix="> "):
    out = B()
    out.t(prefix)
    for p in src.parts:
        if p[0] == "t":
            out.t(p[1].replace("\n", "\n" + prefix))
        else:
            out.parts.append(p)
    return out


def k_email_thread(c, facts, negs):
    R = c.R
    b = B()
    en = c.lang == "en"
    top, quoted = [], []
    for f in facts + negs:
        (top if (f.pe == "PRIVATE_KEY" or "\n" in f.val or R.random() < 0.35) else quoted).append(f)
    # top reply
    if R.random() < 0.5:
        b.t(R.choice(["Following up on the below — any update?", "Adding some more detail.", "Bumping this.",
                      "See below, still happening."]) if en else cap(R.choice(L[c.lang]["thanks"])))
    else:
        b.t((R.choice(["Hi,", "Hello again,"]) if en else R.choice(L[c.lang]["greet"])) + "\n")
        b.t(R.choice(ACK_EN) if en else R.choice(L[c.lang]["ack"]))
    for f in top:
        b.t(gap(R))
        say(b, c, f, "P")
    b.t("\n\n" + (c.person.first if R.random() < .6 else c.agent.first) + "\n\n")
    # header of quoted mail
    sender_email = make_fact(c, "EMAIL_ADDRESS", who=c.person) if not c.benign else None
    if sender_email and R.random() < 0.85:
        if en:
            tm = R.choice(["On {TS}, {NAME} <{E}> wrote:", "On {TS} {NAME} <{E}> wrote:",
                           "-----Original Message-----\nFrom: {NAME} <{E}>\nSent: {TS}\nSubject: RE: {SUBJ}"])
        else:
            tm = L[c.lang]["wrote"]
        extra = {"TS": lambda bb: emit(bb, c, make_neg(c, "ts_email"), "hdr"),
                 "E": lambda bb: emit(bb, c, sender_email, "hdr"),
                 "SUBJ": lambda bb: bb.t(R.choice(["Refund", "Login problem", "Your ticket", "Account update"]))}
        render_tmpl(b, c, tm, None, "hdr", extra=extra)
    else:
        extra = {"TS": lambda bb: emit(bb, c, make_neg(c, "ts_email"), "hdr")}
        render_tmpl(b, c, "On {TS}, {NAME} wrote:" if en else L[c.lang]["wrote"].replace(" <{E}>", ""), None, "hdr",
                    extra=extra)
    b.t("\n")
    q = B()
    q.t((R.choice(GREET_EN) if en else R.choice(L[c.lang]["greet"])) + "\n" + issue_line(c))
    for f in quoted:
        q.t(gap(R))
        say(q, c, f, "P", "quoted")
    q.t("\n" + (R.choice(CLOSE_EN) if en else R.choice(L[c.lang]["close"])) + "\n" + c.person.first)
    b.extend(quote_builder(q, R.choice(["> ", ">"])))
    return b


def k_chat(c, facts, negs):
    R = c.R
    b = B()
    en = c.lang == "en"
    cust = c.person.first if R.random() < .6 else (("Customer" if en else L[c.lang]["cust"]) if R.random() < .5 else "Visitor")
    agent = c.agent.first + (" (Support)" if R.random() < .3 else "")
    fmt = R.choice(CHAT_FMT)
    h, m = R.randint(7, 20), R.randint(0, 50)
    ampm = R.random() < 0.3 and en

    def stamp():
        nonlocal m, h
        m += R.randint(0, 3)
        if m > 59:
            m -= 60
            h += 1
        return f"{(h % 12) or 12}:{m:02d} {'PM' if h >= 12 else 'AM'}" if ampm else f"{h:02d}:{m:02d}"

    def line(who, fn):
        b.t(fmt.replace("{T}", stamp()).replace("{S}", who))
        fn()
        b.t("\n")

    if R.random() < 0.5:
        b.t(R.choice(["Chat transcript", "Live chat export", "--- chat started ---", "Transcript (web widget)"]) + "\n")
    line(agent, lambda: b.t(R.choice(["Hi, thanks for contacting us! How can I help?", "Hello, you're chatting with "
                                      + c.agent.first + ".", "Hi there 👋 what can I do for you?"]) if en
                              else R.choice(L[c.lang]["greet"]) + " " + R.choice(L[c.lang]["ack"])))
    line(cust, lambda: b.t(issue_line(c) + R.choice(CHAT_EMOJI)))
    items = facts + negs
    R.shuffle(items)
    asks = {"DATE_OF_BIRTH": "Can you confirm your date of birth?", "EMAIL_ADDRESS": "What's the email on the account?",
            "PHONE_NUMBER": "What's the best number to reach you?", "CREDIT_CARD": "Which card was charged?",
            "MEDICAL_RECORD_NUMBER": "Do you have the MRN from the paperwork?", "UK_NHS": "Could you give me the NHS number?",
            "IBAN_CODE": "Which account should the refund go to?", "US_SSN": "I'll need the SSN as it appears on the form.",
            "IP_ADDRESS": "Do you know the IP it's coming from?", "ABA_ROUTING_NUMBER": "What routing number did you enter?"}
    for f in items:
        if en and f.pe in asks and R.random() < 0.6:
            line(agent, lambda: b.t(asks[f.pe]))
            line(cust, lambda f=f: (b.t(R.choice(["sure, ", "it's ", "", "ok ", "yes - "])), say(b, c, f, "T", "chat")))
        else:
            line(cust if R.random() < 0.75 else agent, lambda f=f: say(b, c, f, "P", "chat"))
    line(agent, lambda: b.t(R.choice(NEXT_EN) if en else R.choice(L[c.lang]["next"])))
    if R.random() < 0.5:
        line(cust, lambda: b.t(R.choice(["thanks!", "ok thank you", "great, thanks 🙏", "👍"]) if en
                               else R.choice(L[c.lang]["close"])))
    return b


def k_phone(c, facts, negs):
    R = c.R
    b = B()
    en = c.lang == "en"
    if en:
        b.t(render_tmpl(B(), c, R.choice(PHONE_HDR_EN)).render()[0] + " ")
        b.t(R.choice(["re ", "calling about ", "issue: ", "c/o "]) + issue_line(c).rstrip(".").lower() + ". ")
    else:
        b.t(render_tmpl(B(), c, R.choice(L[c.lang]["call"])).render()[0] + " ")
    items = facts + negs
    R.shuffle(items)
    sep = R.choice([". ", "; ", "\n", " - "])
    for i, f in enumerate(items):
        if i:
            b.t(sep)
        if en and R.random() < 0.3:
            b.t(R.choice(["vrfd ", "conf ", "upd ", "gave ", "cx gave "]))
        say(b, c, f, "T", "callnote")
    if en:
        b.t(sep + R.choice(PHONE_ABBR_EN) + R.choice([".", "", " -" + c.agent.first[0] + c.agent.last[0]]))
    return b


LOG_POS = {  # key=value forms inside log lines
    "IP_ADDRESS": ["{TS} sshd[{PID}]: Failed password for invalid user admin from {V} port {PORT} ssh2",
                   "{V} - - [{TSN}] \"POST /api/v2/login HTTP/1.1\" 401 {SZ} \"-\" \"okhttp/4.12\"",
                   "{TS} WARN auth login_failed user_id={UID} ip={V} attempts=5",
                   "{TS} fw DROP IN=eth0 SRC={V} DST={V2} PROTO=TCP DPT=443"],
    "EMAIL_ADDRESS": ["{TS} postfix/smtp[{PID}]: to=<{V}>, relay=mx.{DOM}[{IPN}]:25, status=bounced (mailbox full)",
                      "{TS} INFO notifications sent type=receipt to={V} msg_id={UUID}",
                      "{TS} WARN auth password_reset requested email=\"{V}\""],
    "AWS_ACCESS_KEY": ["{TS} ERROR s3 upload failed: InvalidAccessKeyId (key={V})", "export AWS_ACCESS_KEY_ID={V}",
                       "{TS} DEBUG boto3 credentials loaded from env: access_key={V}"],
    "GITHUB_TOKEN": ["{TS} DEBUG git clone with header 'Authorization: token {V}'", "GH_TOKEN={V} ./scripts/release.sh",
                     "{TS} INFO using token {V} for api.github.com"],
    "CREDIT_CARD": ["{TS} DEBUG payment payload card_number={V} exp={EXP} amount={AMT}",
                    "{TS} ERROR gateway declined pan=\"{V}\" code=05"],
    "PHONE_NUMBER": ["{TS} INFO sms.send to={V} template=otp status=queued", "{TS} WARN voice.callback number=\"{V}\" no-answer"],
    "MEDICAL_RECORD_NUMBER": ["{TS} INFO hl7 ADT^A08 processed mrn={V} facility=MAIN", "{TS} WARN portal link failed mrn={V}"],
    "DATE_OF_BIRTH": ["{TS} WARN identity mismatch dob={V} source=enrollment"],
    "US_SSN": ["{TS} ERROR validation failed field=ssn value={V}"],
    "US_NPI": ["{TS} ERROR claim rejected rendering_npi={V} reason=NOT_FOUND"],
    "IBAN_CODE": ["{TS} INFO payout.created iban={V} status=pending"],
    "ABA_ROUTING_NUMBER": ["{TS} WARN ach.validate routing_number={V} result=mismatch"],
    "UK_NHS": ["{TS} INFO pds.lookup nhs_number={V} status=200"],
    "US_DEA": ["{TS} ERROR epcs.verify dea={V} result=REGISTRANT_NOT_FOUND"],
}
LOG_NOISE = ["{TS} INFO worker heartbeat ok build={VER} commit={SHA}", "{TS} DEBUG request_id={UUID} duration_ms={MS}",
             "{TS} INFO cache miss key=session:{UUID}", "{TS} WARN retry 2/5 upstream=payments-api port={PORT}",
             "{TS} INFO device registered mac={MAC} fw={VER}"]


def k_log(c, facts, negs):
    R = c.R
    b = B()
    en = c.lang == "en"
    intro = (R.choice(["Here's the relevant part of the log:", "Log excerpt from the gateway:", "From our server logs (UTC):",
                       "Pasting what the job printed:", "Relevant lines from syslog:"]) if en
             else {"de": "Auszug aus dem Log:", "fr": "Extrait des logs\u00a0:", "es": "Extracto del log:", "it": "Estratto del log:",
                   "nl": "Fragment uit de log:", "pt": "Excerto do log:", "pl": "Fragment logu:"}[c.lang])
    b.t(intro + "\n")
    fence = R.random() < 0.4
    if fence:
        b.t("```\n")
    tsk = R.choice(["ts_iso", "ts_log"])

    def fill_line(tmpl, f):
        ex = {"TS": lambda bb: emit(bb, c, make_neg(c, tsk), "log"),
              "TSN": lambda bb: emit(bb, c, Fact(False, "ts_log", _ts_clf(R)), "log"),
              "PID": lambda bb: bb.t(str(R.randint(100, 9999))),
              "PORT": lambda bb: emit(bb, c, make_neg(c, "port_number"), "log"),
              "SZ": lambda bb: emit(bb, c, make_neg(c, "byte_count"), "log"), "UID": lambda bb: bb.t(str(R.randint(100, 9999))),
              "V2": lambda bb: emit(bb, c, make_fact(c, "IP_ADDRESS", "v4priv") if not c.benign else make_neg(c, "masked_ip"), "log"),
              "DOM": lambda bb: bb.t(c.dom), "IPN": lambda bb: emit(bb, c, make_neg(c, "masked_ip"), "log"),
              "UUID": lambda bb: emit(bb, c, make_neg(c, "uuid"), "log"),
              "EXP": lambda bb: emit(bb, c, make_neg(c, "card_expiry"), "log"),
              "AMT": lambda bb: bb.t(f"{R.randint(5, 900)}.{R.randint(0, 99):02d}"),
              "VER": lambda bb: emit(bb, c, make_neg(c, "version_string"), "log"),
              "SHA": lambda bb: emit(bb, c, make_neg(c, "git_sha_short"), "log"),
              "MS": lambda bb: bb.t(str(R.randint(3, 999))), "MAC": lambda bb: emit(bb, c, make_neg(c, "mac_address"), "log")}
        render_tmpl(b, c, tmpl, f, "log", deco=False, extra=ex)
        b.t("\n")

    lines = []
    others = []
    for f in facts:
        if f.pe in LOG_POS:
            if f.pos and f.pe == "PHONE_NUMBER" and f.meta.get("e164"):
                f = Fact(True, f.key, f.meta["e164"], ".".join(f.variant.split(".")[:2]) + ".e164", f.pe, f.meta)
            lines.append((R.choice(LOG_POS[f.pe]), f))
        else:
            others.append(f)
    for _ in range(R.randint(1, 3)):
        lines.append((R.choice(LOG_NOISE), None))
    R.shuffle(lines)
    for tmpl, f in lines:
        fill_line(tmpl, f)
    if fence:
        b.t("```\n")
    rest = others + negs
    if rest:
        b.t("\n" if R.random() < .5 else "")
        body_sentences(b, c, rest, "P" if R.random() < 0.5 else "T", "prose")
    return b


NEG_COL = {"order_ref": "order_id", "amount": "amount", "date_created": "created", "ticket_ref": "ticket", "employee_id": "employee_id",
           "member_id": "member_id", "customer_number": "customer_no", "uuid": "id", "ts_iso": "timestamp", "date_pay": "pay_date",
           "date_appointment": "appt_date", "invoice_number": "invoice", "date_service": "dos", "claim_number": "claim_no",
           "bank_account": "account_number", "ein": "employer_ein", "imei": "imei", "date_port": "port_date",
           "masked_card": "card_last4", "bic": "bic", "sort_code": "sort_code", "ods_code": "practice_ods",
           "version_string": "agent_version", "mac_address": "mac", "date_hire": "hire_date", "ni_number": "ni_number",
           "encounter_number": "visit_no", "taxonomy_code": "taxonomy", "contract_number": "contract", "postcode": "postcode",
           "iccid": "iccid", "masked_ssn": "ssn_masked", "check_number": "check_no", "ach_trace": "trace_no"}


def csv_field(s, sep):
    return f'"{s}"' if (sep in s or '"' in s) else s


def k_csv(c, facts, negs):
    R = c.R
    b = B()
    en = c.lang == "en"
    sep = R.choice([",", ",", "\t", ";", "|"]) if en else R.choice([";", ";", ",", "\t"])
    pos_ents = []
    for f in facts:
        if f.pe not in pos_ents and f.pe != "PRIVATE_KEY":
            pos_ents.append(f.pe)
    neg_kinds = list(dict.fromkeys(f.key for f in negs if f.key in NEG_COL and not f.pe))[:3]
    if not neg_kinds:
        neg_kinds = [R.choice(["ticket_ref", "customer_number", "date_created"])]
    cols = [("name", None, None)] + [("pos", e, None) for e in pos_ents] + [("neg", None, k) for k in neg_kinds]
    R.shuffle(cols)
    if en:
        intro = R.choice(["Pasting the rows from the export:", "Here are the affected records (from the CSV):",
                          "Export attached, first rows below:", "These are the accounts in question:",
                          "From the spreadsheet the customer sent:"])
    else:
        intro = {"de": "Hier die betroffenen Zeilen aus dem Export:", "fr": "Voici les lignes concernées de l’export\u00a0:",
                 "es": "Estas son las filas afectadas del export:", "it": "Ecco le righe interessate dall’export:",
                 "nl": "Hier de betreffende regels uit de export:", "pt": "Seguem as linhas afetadas do export:",
                 "pl": "Oto dotknięte wiersze z eksportu:"}[c.lang]
    b.t(intro + "\n")
    styles = {}
    header = []
    for kind, e, k in cols:
        if kind == "name":
            header.append("name" if en or R.random() < .5 else {"de": "Name", "fr": "nom", "es": "nombre", "it": "nome",
                                                                   "nl": "naam", "pt": "nome", "pl": "nazwisko"}[c.lang])
        elif kind == "pos":
            tab = COL_EN if en else L[c.lang]["COL"]
            header.append(R.choice(tab.get(e) or COL_EN[e]))
            if e == "DATE_OF_BIRTH":
                styles[e] = wchoice(R, DATE_STYLES[c.loc])
            elif e == "PHONE_NUMBER" and c.cc == "US":
                styles[e] = R.choice(["paren", "dash", "plain", "intl_plain"])
            elif e == "IP_ADDRESS":
                styles[e] = R.choice(["v4pub", "v4priv"])
            elif e == "IBAN_CODE":
                styles[e] = R.random() < 0.3
        else:
            header.append(NEG_COL[k])
    b.t(sep.join(header) + "\n")
    for _ in range(R.randint(2, 4)):
        p = Person(R, c.pool)
        for i, (kind, e, k) in enumerate(cols):
            if i:
                b.t(sep)
            if kind == "name":
                b.t(csv_field(p.full if R.random() < .6 else f"{p.last}, {p.first}", sep))
            elif kind == "pos":
                if c.benign:
                    f = make_mask(c, e)
                else:
                    f = make_fact(c, e, styles.get(e), who=p)
                if sep in f.val:
                    b.t('"')
                    emit(b, c, f, "csv")
                    b.t('"')
                else:
                    emit(b, c, f, "csv")
            else:
                f = make_neg(c, k)
                if sep in f.val:
                    b.t('"')
                    emit(b, c, f, "csv")
                    b.t('"')
                else:
                    emit(b, c, f, "csv")
        b.t("\n")
    tail = [f for f in facts if f.pe == "PRIVATE_KEY"] + [f for f in negs if f.key not in neg_kinds]
    if tail:
        b.t("\n")
        body_sentences(b, c, tail[:3], "P")
    return b


def k_signature(c, facts, negs):
    R = c.R
    b = B()
    en = c.lang == "en"
    phones = [f for f in facts if f.pe == "PHONE_NUMBER"]
    emails = [f for f in facts if f.pe == "EMAIL_ADDRESS"]
    rest = [f for f in facts if f not in phones and f not in emails]
    if not phones and not emails and not c.benign:
        phones = [make_fact(c, "PHONE_NUMBER")]
    if c.benign and not phones:
        phones = [make_mask(c, "PHONE_NUMBER")] if R.random() < .5 else []
    b.t((R.choice(GREET_EN) if en else R.choice(L[c.lang]["greet"])) + "\n\n" + issue_line(c))
    items = rest + negs[:2]
    for f in items:
        b.t(gap(R))
        say(b, c, f, "P")
    b.t("\n\n" + (R.choice(CLOSE_EN) if en else R.choice(L[c.lang]["close"])) + "\n\n")
    sig_block(b, c, c.person, phones[:2], emails[:1])
    if len(phones) > 2 or len(emails) > 1 or (en and R.random() < 0.35):
        # forwarded: a second signature (the agent's or a colleague's)
        b.t("\n\n" + R.choice(["From my colleague:", "Forwarded from our office manager:", "--- forwarded ---"]) + "\n")
        pp = phones[2:] or ([make_fact(c, "PHONE_NUMBER")] if not c.benign else [])
        ee = emails[1:] or ([make_fact(c, "EMAIL_ADDRESS", who=c.other)] if not c.benign else [])
        sig_block(b, c, c.other, pp, ee)
    for f in negs[2:]:
        b.t("\n")
        say(b, c, f, "T", "terse")
    return b


def k_checklist(c, facts, negs):
    R = c.R
    b = B()
    en = c.lang == "en"
    b.t((R.choice(["Checklist:", "Verification checklist", "To do before closing:", "Onboarding checklist —",
                   "Steps:"]) if en else R.choice(L[c.lang]["check"])) + "\n")
    items = facts + negs
    R.shuffle(items)
    statics = R.sample(CHECK_STATIC_EN, 2) if en else []
    bullet = R.choice(["- [x] ", "- [ ] ", "* ", "☐ ", "✔ ", "1) "])
    n = 1
    for f in items:
        bl = bullet if bullet != "1) " else f"{n}) "
        if bl.startswith("- [") and R.random() < 0.5:
            bl = "- [ ] " if bl == "- [x] " else "- [x] "
        b.t(bl)
        if en and R.random() < 0.4:
            b.t(R.choice(["confirm ", "check ", "update ", "verified "]))
        say(b, c, f, "T", "bullet")
        b.t("\n")
        n += 1
    for s in statics:
        b.t((bullet if bullet != "1) " else f"{n}) ") + s + "\n")
        n += 1
    return b


KINDS = {"customer_message": k_customer, "agent_reply": k_agent, "internal_note": k_internal,
         "escalation": k_escalation, "handover": k_handover, "email_thread": k_email_thread,
         "chat_transcript": k_chat, "phone_note": k_phone, "log_excerpt": k_log, "csv_paste": k_csv,
         "signature": k_signature, "checklist": k_checklist}
KINDS_EN = list(KINDS)
KINDS_L = ["customer_message", "agent_reply", "internal_note", "email_thread", "chat_transcript", "phone_note",
           "log_excerpt", "csv_paste", "signature", "checklist"]


# =====================================================================================================
# queues: which entities and which negatives a note of each queue draws
# =====================================================================================================

QPOS = {
    "billing": {"CREDIT_CARD": .62, "EMAIL_ADDRESS": .65, "PHONE_NUMBER": .45, "IBAN_CODE": .22, "IP_ADDRESS": .06},
    "access": {"EMAIL_ADDRESS": .8, "PHONE_NUMBER": .5, "IP_ADDRESS": .55, "DATE_OF_BIRTH": .3},
    "health_us": {"MEDICAL_RECORD_NUMBER": .45, "US_NPI": .62, "DATE_OF_BIRTH": .5, "US_DEA": .5, "PHONE_NUMBER": .45,
                  "EMAIL_ADDRESS": .3, "US_SSN": .15},
    "payroll_us": {"US_SSN": .7, "ABA_ROUTING_NUMBER": .45, "DATE_OF_BIRTH": .35, "EMAIL_ADDRESS": .55, "PHONE_NUMBER": .35},
    "payroll_uk": {"IBAN_CODE": .45, "DATE_OF_BIRTH": .4, "EMAIL_ADDRESS": .6, "PHONE_NUMBER": .45},
    "payroll_eu": {"IBAN_CODE": .6, "DATE_OF_BIRTH": .4, "EMAIL_ADDRESS": .6, "PHONE_NUMBER": .4},
    "it": {"IP_ADDRESS": .55, "AWS_ACCESS_KEY": .45, "GITHUB_TOKEN": .45, "PRIVATE_KEY": .5, "EMAIL_ADDRESS": .4,
           "PHONE_NUMBER": .15},
    "integration": {"IP_ADDRESS": .5, "EMAIL_ADDRESS": .6, "AWS_ACCESS_KEY": .3, "GITHUB_TOKEN": .3, "PHONE_NUMBER": .15,
                    "CREDIT_CARD": .14, "PRIVATE_KEY": .15},
    "banking_us": {"ABA_ROUTING_NUMBER": .75, "EMAIL_ADDRESS": .45, "PHONE_NUMBER": .4, "US_SSN": .25},
    "banking_uk": {"IBAN_CODE": .8, "EMAIL_ADDRESS": .45, "PHONE_NUMBER": .4},
    "banking_eu": {"IBAN_CODE": .8, "EMAIL_ADDRESS": .45, "PHONE_NUMBER": .4},
    "nhs": {"UK_NHS": .85, "DATE_OF_BIRTH": .55, "PHONE_NUMBER": .5, "EMAIL_ADDRESS": .3, "MEDICAL_RECORD_NUMBER": .2},
    "telecom": {"PHONE_NUMBER": .9, "EMAIL_ADDRESS": .4, "CREDIT_CARD": .22, "DATE_OF_BIRTH": .2, "IBAN_CODE": .12},
    "health_eu": {"MEDICAL_RECORD_NUMBER": .6, "DATE_OF_BIRTH": .6, "PHONE_NUMBER": .5, "EMAIL_ADDRESS": .45},
}
QNEG = {
    "billing": ["order_number", "luhn_order_number", "invoice_number", "masked_card", "test_card", "amount",
                "tracking_number", "date_shipped", "date_due", "ticket_ref", "postcode", "gift_card", "sku", "ean13", "upc",
                "order_ref", "customer_number", "masked_email"],
    "access": ["ticket_ref", "ts_iso", "masked_email", "masked_phone", "uuid", "version_string", "mfa_code",
               "date_created", "user_at_host", "placeholder_email", "chat_mention", "masked_ip", "request_id", "masked_dob"],
    "health_us": ["member_id", "claim_number", "rx_number", "encounter_number", "accession_number", "date_appointment",
                  "date_service", "npi_fail", "taxonomy_code", "masked_ssn", "lot_number", "ndc_code", "group_number",
                  "clia_number", "ncpdp_id", "state_license", "npi_shaped_ref", "masked_npi", "masked_dob", "masked_mrn",
                  "masked_dea"],
    "payroll_us": ["ein", "employee_id", "masked_ssn", "bank_account", "date_pay", "date_hire", "amount", "itin",
                   "check_number", "zip_plus4", "ssn_format_example", "ssn_invalid", "masked_routing", "ticket_ref"],
    "payroll_uk": ["ni_number", "employee_id", "sort_code", "uk_account_number", "date_pay", "date_hire", "amount",
                   "masked_iban", "postcode", "bic"],
    "payroll_eu": ["amount", "customer_number", "contract_number", "ticket_ref", "date_created", "masked_iban", "bic",
                   "iban_doc_example", "masked_dob"],
    "it": ["version_string", "mac_address", "uuid", "git_sha", "git_sha_short", "sha256", "aws_secret_key",
           "aws_account_id", "aws_example_key", "aws_arn", "aws_role_id", "gh_checksum_fail", "gitlab_token", "npm_token",
           "slack_token", "certificate_block", "public_key_block", "ssh_public_key", "port_number", "ts_iso", "oid",
           "netmask", "ip_bad_octet", "masked_ip", "build_number", "user_at_host", "ssh_remote", "aws_masked_key",
           "gh_masked", "redacted_private_key"],
    "integration": ["uuid", "request_id", "ts_iso", "version_string", "sha256", "ticket_ref", "order_number", "order_ref",
                    "message_id", "npm_scope", "port_number", "amount", "ts_epoch", "test_card", "luhn_order_number"],
    "banking_us": ["bank_account", "ach_trace", "check_number", "ein", "amount", "masked_routing", "aba_shaped_ref",
                   "batch_id", "date_due", "ticket_ref"],
    "banking_uk": ["bic", "masked_iban", "sort_code", "uk_account_number", "iban_doc_example", "sepa_creditor_id",
                   "mandate_ref", "vat_id", "amount", "iban_bad_checksum", "invoice_number"],
    "nhs": ["ods_code", "nhs_fail_mod11", "nhs_shaped_ref", "masked_nhs", "date_appointment", "ubrn", "postcode",
            "eps_prescription_id", "masked_dob"],
    "telecom": ["imei", "iccid", "port_pin", "customer_number", "order_ref", "masked_phone", "date_port",
                "phone_shaped_case", "amount", "contract_number", "masked_card"],
    "health_eu": ["member_id", "date_appointment", "date_service", "masked_mrn", "masked_dob", "ticket_ref"],
}
QNEG["banking_eu"] = QNEG["banking_uk"]
EU_NEG_EXTRA = {"billing": ["date_shipped", "masked_card", "tracking_number", "luhn_order_number", "test_card", "vat_id"],
                "access": ["date_created", "uuid"], "it": ["version_string", "mac_address", "git_sha_short",
                                                          "aws_secret_key", "certificate_block", "ts_iso"],
                "telecom": ["imei", "iccid", "contract_number", "customer_number", "masked_phone"],
                "banking_eu": ["bic", "masked_iban", "sepa_creditor_id", "mandate_ref", "iban_doc_example", "vat_id"]}
US_QUEUES = ["billing", "access", "health_us", "health_us", "health_us", "payroll_us", "payroll_us", "it", "it",
             "integration", "banking_us", "telecom"]
UK_QUEUES = ["nhs", "nhs", "nhs", "billing", "banking_uk", "payroll_uk", "it", "telecom", "access"]
EU_QUEUES = ["billing", "access", "health_eu", "payroll_eu", "it", "banking_eu", "telecom"]
LANGS_L = ["de", "fr", "es", "it", "nl", "pt", "pl"]


def neg_pool(c):
    pool = list(QNEG[c.queue])
    if c.lang != "en":
        have = L[c.lang]["N"]
        pool = [k for k in pool + EU_NEG_EXTRA.get(c.queue, []) if k in have]
        pool += ["ticket_ref", "amount", "customer_number"]
    return pool


def choose_facts(c):
    R = c.R
    weights = dict(QPOS[c.queue])
    if c.lang == "en" and c.region == "US":
        weights.pop("IBAN_CODE", None)
    ents = [e for e, w in weights.items() if R.random() < w]
    if not ents:
        ents = [max(weights, key=weights.get)] if R.random() < .6 else [R.choice(list(weights))]
    facts = []
    for e in ents:
        facts.append(make_mask(c, e) if c.benign else make_fact(c, e))
        if e in ("PHONE_NUMBER", "EMAIL_ADDRESS", "IP_ADDRESS", "US_NPI") and R.random() < 0.2:
            facts.append(make_mask(c, e) if c.benign else make_fact(c, e, who=c.other))
    if not c.benign and R.random() < 0.3:
        facts.append(make_mask(c, R.choice(list(weights))))
    return facts


def choose_negs(c):
    R = c.R
    pool = neg_pool(c)
    n = R.randint(2, 5) + (2 if c.benign else 0)
    return [make_neg(c, k) for k in (R.sample(pool, min(n, len(pool))))]


def plan_notes():
    R = random.Random(f"{SEED}:plan")
    rows = []
    langs = ["en"] * 600 + [LANGS_L[i % 7] for i in range(200)]
    R.shuffle(langs)
    cnt = Counter()
    kind_cycles = {}
    for i, lang in enumerate(langs):
        if lang == "en":
            region = "US" if R.random() < 0.68 else "UK"
            queues = US_QUEUES if region == "US" else UK_QUEUES
            kinds = KINDS_EN
        else:
            region, queues, kinds = "EU", EU_QUEUES, KINDS_L
        key = (lang == "en", region)
        cyc = kind_cycles.setdefault(lang if lang != "en" else "en", [])
        if not cyc:
            cyc.extend(R.sample(kinds, len(kinds)))
        kind = cyc.pop()
        qc = kind_cycles.setdefault(("q", key), [])
        if not qc:
            qc.extend(R.sample(queues, len(queues)))
        queue = qc.pop()
        rows.append({"lang": lang, "region": region, "queue": queue, "kind": kind})
    for i in R.sample(range(len(rows)), 120):
        rows[i]["benign"] = True
    return rows


# =====================================================================================================
# validation (used while generating, to redraw, and again by --check)
# =====================================================================================================

def dob_ok(v):
    return bool(re.search(r"(?<!\d)(19[3-9]\d|200[0-7])(?!\d)", v)) or bool(re.fullmatch(r"\d\d/\d\d/\d\d", v))


VALIDATE = {
    "CREDIT_CARD": lambda v: bool(re.fullmatch(r"[\d -]+", v)) and card_brand_ok(digits_of(v)),
    "US_SSN": lambda v: bool(re.fullmatch(r"\d{3}([- .]?)\d{2}\1\d{4}", v)) and ssn_ok(digits_of(v)),
    "EMAIL_ADDRESS": email_ok, "PHONE_NUMBER": phone_ok, "IBAN_CODE": iban_ok,
    "ABA_ROUTING_NUMBER": lambda v: v.isdigit() and aba_ok(v), "IP_ADDRESS": ip_ok, "MEDICAL_RECORD_NUMBER": mrn_ok,
    "US_NPI": lambda v: npi_ok(v), "DATE_OF_BIRTH": dob_ok,
    "UK_NHS": lambda v: bool(re.fullmatch(r"\d{3}([ -]?)\d{3}\1\d{4}", v)) and nhs_ok(digits_of(v)),
    "US_DEA": dea_ok, "AWS_ACCESS_KEY": aws_ok, "GITHUB_TOKEN": gh_ok, "PRIVATE_KEY": pem_ok,
}
PASS_CHECK = {"CREDIT_CARD": lambda v: luhn_ok(digits_of(v)), "ABA_ROUTING_NUMBER": lambda v: aba_ok(digits_of(v)),
              "US_NPI": lambda v: npi_ok(digits_of(v)), "UK_NHS": lambda v: nhs_ok(digits_of(v)), "IBAN_CODE": iban_ok,
              "US_SSN": lambda v: ssn_ok(digits_of(v))}
MASK_RE = re.compile(r"[*X•#…]|x{2}|\[.*\]|\.x|x\.|removed|redacted|\.\.\.")
NUMRUN = re.compile(r"\d(?:\d|[ .\-](?=\d))*")
MONTH_ALT = "|".join(sorted({m for ms in MONTHS.values() for m in ms} | {m[:3] for m in MONTHS["en"]}, key=len, reverse=True))
LEAK_RES = [
    ("digits5", re.compile(r"\d{5,}")),
    ("grouped7", re.compile(r"(?<![\w.])\+?\d(?:\d|[ .\-/](?=\d))+")),
    ("at", re.compile(r"@")),
    ("ipv4", re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])")),
    ("ipv6", re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])")),
    ("aws", re.compile(r"(?:AKIA|ASIA|AROA|AIDA)[A-Z0-9]{12,}")),
    ("token", re.compile(r"gh[pousr]_\w+|github_pat_\w+|glpat-|npm_\w{10,}|xox[bp]-")),
    ("pem", re.compile(r"-----BEGIN")),
    ("hex16", re.compile(r"(?<![0-9a-fA-F])[0-9a-fA-F]{16,}(?![0-9a-fA-F])")),
    ("b64", re.compile(r"[A-Za-z0-9+/]{32,}")),
    ("numdate", re.compile(r"(?<!\d)\d{1,4}[./-]\d{1,2}[./-]\d{2,4}(?!\d)")),
    ("year", re.compile(r"(?<!\d)(?:19[3-9]\d|200\d)(?!\d)")),
    ("monthdate", re.compile(r"(?<!\w)(?:\d{1,2}(?:st|nd|rd|th|er)?\.?\s+(?:de\s+)?(?:" + MONTH_ALT + r")\b|(?:" + MONTH_ALT +
                             r")\.?[ \t]+\d{1,2}\b)")),
]


def _overl(a, b, spans):
    return any(s < b and a < e for s, e in spans)


def validate_doc(text, spans, negs, where="", json_mode=False):
    """spans: (cs, ce, ent, fmt, val); negs: (cs, ce, kind, val).  Returns list of problems."""
    probs = []
    allsp = sorted([(s[0], s[1], "+" + s[2]) for s in spans] + [(n[0], n[1], "-" + n[2]) for n in negs])
    for a, b in zip(allsp, allsp[1:]):
        if b[0] < a[1]:
            probs.append(f"{where}: overlap {a} {b}")
    for cs, ce, ent, fmt, val in spans:
        if text[cs:ce] != val:
            probs.append(f"{where}: span text mismatch {ent} {text[cs:ce]!r} != {val!r}")
        if not VALIDATE[ent](val):
            probs.append(f"{where}: invalid {ent} {val!r}")
        if ent != "PRIVATE_KEY":
            if cs > 0 and (text[cs - 1].isalnum() or text[cs - 1] == "_"):
                probs.append(f"{where}: {ent} glued before {text[max(0, cs - 5):ce]!r}")
            if ce < len(text) and (text[ce].isalnum() or text[ce] == "_"):
                probs.append(f"{where}: {ent} glued after {text[cs:ce + 5]!r}")
    for cs, ce, kind, val in negs:
        if text[cs:ce] != val:
            probs.append(f"{where}: neg text mismatch {kind}")
        tgt = PASS_KINDS.get(kind)
        if tgt and not PASS_CHECK[tgt](val):
            probs.append(f"{where}: pass-kind {kind} fails {tgt}: {val!r}")
        if kind in FAIL_KINDS and not FAIL_KINDS[kind](val):
            probs.append(f"{where}: fail-kind {kind} passes: {val!r}")
        if kind.startswith("masked_") or kind in ("aws_masked_key", "gh_masked", "redacted_private_key"):
            if not MASK_RE.search(val):
                probs.append(f"{where}: masked kind without mask {kind} {val!r}")
        if kind in ("certificate_block", "public_key_block", "ssh_public_key", "redacted_private_key") and pem_ok(val):
            probs.append(f"{where}: {kind} is a valid private key")
        for m in NUMRUN.finditer(val):
            if (m.start() > 0 and val[m.start() - 1].isalnum()) or (m.end() < len(val) and val[m.end()].isalnum()):
                continue  # glued to letters (hex ids, codes): not read as a number by a scanner
            d = digits_of(m.group())
            got = set(checks_passed(d, m.group()))
            if kind == "ein" and got == {"US_SSN"}:
                got = set()
            extra = got - ({tgt} if tgt else set())
            if extra:
                probs.append(f"{where}: negative {kind} {val!r} passes {sorted(extra)}")
        if VALIDATE.get(NEG[kind][0], lambda v: False)(val) and not tgt and NEG[kind][0] not in ("DATE_OF_BIRTH", "PHONE_NUMBER", "MEDICAL_RECORD_NUMBER", "IP_ADDRESS", "EMAIL_ADDRESS"):
            probs.append(f"{where}: negative {kind} {val!r} validates as {NEG[kind][0]}")
    covered = [(s[0], s[1]) for s in spans] + [(n[0], n[1]) for n in negs]
    for name, rx in LEAK_RES:
        for m in rx.finditer(text):
            if name == "grouped7" and len(digits_of(m.group())) < 7:
                continue
            if name == "ipv6" and "::" not in m.group() and m.group().count(":") < 4:
                continue
            if not _overl(m.start(), m.end(), covered):
                probs.append(f"{where}: leak[{name}] {text[max(0, m.start() - 20):m.end() + 20]!r}")
    # a labelled value must never appear unlabelled elsewhere
    posc = [(s[0], s[1]) for s in spans]
    for cs, ce, ent, fmt, val in spans:
        if len(val) >= 6:
            i = text.find(val)
            while i >= 0:
                if (i, i + len(val)) not in posc and not any(s <= i and i + len(val) <= e for s, e in posc):
                    probs.append(f"{where}: value {val!r} also unlabelled at {i}")
                i = text.find(val, i + 1)
        d = digits_of(val)
        if len(d) >= 7 and ent not in ("PRIVATE_KEY", "DATE_OF_BIRTH", "IP_ADDRESS"):
            for m in NUMRUN.finditer(text):
                if d in digits_of(m.group()) and not _overl(m.start(), m.end(), posc):
                    probs.append(f"{where}: digits of {ent} {val!r} reappear unlabelled in {m.group()!r}")
    return probs


# =====================================================================================================
# notes
# =====================================================================================================

def gen_note(i, row):
    last = None
    for attempt in range(60):
        R = random.Random(f"{SEED}:note:{i}:{attempt}")
        c = Ctx(R, row["lang"], row["region"], row["queue"], row["kind"], row.get("benign", False))
        facts = choose_facts(c)
        negs = choose_negs(c)
        b = KINDS[row["kind"]](c, facts, negs)
        raw, spans, negsp = b.render()
        lead = len(raw) - len(raw.lstrip("\n "))
        text = raw.strip("\n ")
        spans = [(s0 - lead, s1 - lead) + tuple(rest) for s0, s1, *rest in spans]
        negsp = [(s0 - lead, s1 - lead) + tuple(rest) for s0, s1, *rest in negsp]
        probs = validate_doc(text, spans, negsp, f"note {i}")
        if c.benign and spans:
            probs.append(f"note {i}: benign note with positives")
        if not c.benign and not spans:
            probs.append(f"note {i}: pii note without positives")
        if not probs:
            return text, spans, negsp, c
        last = probs
    raise RuntimeError(f"note {i}: no clean draw after 60 attempts: {last[:5]}")


def note_record(i, row, text, spans, negs):
    tab = byte_offsets(text)
    tags = [row["lang"], row["queue"], row["kind"], row["region"], "benign" if row.get("benign") else "pii"]
    if any(ord(ch) > 127 for ch in text):
        tags.append("non_ascii")
    if negs:
        tags.append("hard_negative")
    if any(s[2] == "PRIVATE_KEY" for s in spans):
        tags.append("pem")
    return {
        "id": f"h13-{i:04d}", "category": row["kind"], "tags": tags, "text": text,
        "spans": [{"start": tab[s], "end": tab[e], "cstart": s, "cend": e, "entity": ent, "fmt": fmt}
                  for s, e, ent, fmt, _ in sorted(spans)],
        "hard_negatives": [{"start": tab[s], "end": tab[e], "cstart": s, "cend": e, "kind": k}
                           for s, e, k, _ in sorted(negs)],
    }


# =====================================================================================================
# ticket JSON
# =====================================================================================================

class Num:
    """a JSON number that is a labelled value (ent) or a listed hard negative (kind)"""

    def __init__(self, n, ent=None, kind=None, fmt=None):
        self.n, self.ent, self.kind, self.fmt = int(n), ent, kind, fmt


SHAPES = ["helpdesk", "casebook", "ticket_list", "audit_trail", "conversation"]
STATUS = ["new", "open", "pending", "on-hold", "solved"]


def whole(f, place):
    b = B()
    if f.pos:
        b.v(f.key, f.val, f"{f.variant}.{place}")
    else:
        b.n(f.key, f.val)
    return b


def as_num_or_str(c, f, place, p=0.6):
    """digit-only values without a leading zero become JSON numbers (probability p)"""
    if f.val.isdigit() and f.val[0] != "0" and c.R.random() < p:
        return Num(f.val, ent=f.key if f.pos else None, kind=None if f.pos else f.key, fmt=f"{f.variant}.{place}_number" if f.pos else None)
    return whole(f, place)


def html_twin(b):
    out = B()
    out.t('<div class="body"><p>')
    t, _, _ = b.render()
    for p in b.parts:
        if p[0] == "t":
            out.t(html.escape(p[1], quote=False).replace("\n\n", "\0").replace("\n", "<br>\n").replace("\0", "</p>\n<p>"))
        elif p[0] == "v" and "\n" in p[1]:
            out.t("<pre>")
            out.parts.append(p)
            out.t("</pre>")
        else:
            out.parts.append(p)
    out.t("</p></div>")
    return out


def neg_b(c, kind):
    return B().n(kind, NEG[kind][1](c.R, c))


def url_b(c, base, kind="uuid", tail=""):
    return B().t(base).n(kind, NEG[kind][1](c.R, c)).t(tail)


def body_of(c, kind, pos=True):
    """a message body rendered by one of the note kinds"""
    facts = choose_facts(c) if pos else [make_mask(c, e) for e in list(QPOS[c.queue])[:2]]
    negs = choose_negs(c)
    return KINDS[kind](c, facts, negs)


CF_KEYS = {
    "DATE_OF_BIRTH": ["date_of_birth", "patient_dob", "dob", "birth_date"], "MEDICAL_RECORD_NUMBER": ["patient_mrn", "mrn"],
    "US_NPI": ["provider_npi", "npi"], "PHONE_NUMBER": ["callback_number", "contact_phone", "sms_number"],
    "US_SSN": ["employee_ssn", "ssn"], "ABA_ROUTING_NUMBER": ["routing_number", "aba_routing"],
    "IBAN_CODE": ["payout_iban", "iban"], "UK_NHS": ["nhs_number"], "CREDIT_CARD": ["card_number"],
    "EMAIL_ADDRESS": ["billing_email", "alt_email"], "IP_ADDRESS": ["source_ip", "office_ip"],
    "US_DEA": ["prescriber_dea"], "AWS_ACCESS_KEY": ["leaked_key_id"], "GITHUB_TOKEN": ["leaked_token"],
}
CF_NEG_KEYS = {"order_ref": "order_id", "member_id": "member_id", "claim_number": "claim_no", "invoice_number": "invoice",
               "employee_id": "employee_id", "customer_number": "account_number", "contract_number": "contract",
               "masked_card": "card_on_file", "bic": "bic", "ods_code": "practice_ods", "imei": "device_imei",
               "version_string": "app_version", "ein": "employer_ein", "date_appointment": "appointment_date",
               "date_service": "service_date", "ticket_ref": "legacy_ticket", "amount": "disputed_amount",
               "npi_fail": "provider_ref", "nhs_fail_mod11": "booking_ref", "luhn_order_number": "marketplace_order",
               "aba_shaped_ref": "ach_batch", "iccid": "sim_iccid", "masked_ssn": "ssn_last4"}


def custom_fields(c, n_pos=2, n_neg=3):
    R = c.R
    pos = []
    ents = [e for e in QPOS[c.queue] if e in CF_KEYS and not (c.lang != "en" and e in ("US_SSN", "ABA_ROUTING_NUMBER"))]
    if c.lang == "en" and c.region == "US" and "IBAN_CODE" in ents:
        ents.remove("IBAN_CODE")
    for e in R.sample(ents, min(n_pos, len(ents))):
        f = make_mask(c, e) if c.benign else make_fact(c, e, style=("plain" if e == "PHONE_NUMBER" and c.cc == "US" and R.random() < .5 else None))
        pos.append((R.choice(CF_KEYS[e]), f))
    negk = [k for k in neg_pool(c) + list(CF_NEG_KEYS) if k in CF_NEG_KEYS]
    negs = [(CF_NEG_KEYS[k], make_neg(c, k)) for k in dict.fromkeys(R.sample(negk, min(n_neg, len(negk))))]
    return pos + negs


def ticket_context(R, i):
    lang = "en" if R.random() < 0.78 else R.choice(LANGS_L)
    if lang == "en":
        region = "US" if R.random() < 0.65 else "UK"
        queue = R.choice(US_QUEUES if region == "US" else UK_QUEUES)
    else:
        region, queue = "EU", R.choice(EU_QUEUES)
    benign = R.random() < 0.1
    return Ctx(R, lang, region, queue, "json", benign)


def subject_of(c):
    s = issue_line(c)
    return s if len(s) < 70 else s[:s.rfind(" ", 0, 60)] + "…"


def build_helpdesk(c, tid):
    R = c.R
    cf = custom_fields(c)
    req_email = make_fact(c, "EMAIL_ADDRESS", who=c.person) if not c.benign else make_mask(c, "EMAIL_ADDRESS")
    phone = make_fact(c, "PHONE_NUMBER") if not c.benign and R.random() < .7 else None
    comments = []
    kinds = ["customer_message"] + R.sample(["agent_reply", "internal_note", "email_thread", "log_excerpt", "phone_note",
                                             "escalation" if c.lang == "en" else "checklist", "csv_paste"], R.randint(1, 3))
    for k in kinds:
        body = body_of(c, k, not c.benign)
        public = k in ("customer_message", "agent_reply", "email_thread") or (k == "csv_paste" and R.random() < .5)
        com = {"id": Num(NEG["json_id"][1](R, c), kind="json_id"),
               "author": {"name": c.person.full if k == "customer_message" else c.agent.full,
                          "role": "end-user" if k == "customer_message" else "agent"},
               "public": public, "body": body}
        if R.random() < 0.5:
            com["html_body"] = html_twin(body)
        if R.random() < 0.35:
            fn = R.choice(["screenshot.png", "export.csv", "statement.pdf", "error.log", "invoice.pdf"])
            com["attachments"] = [{"id": Num(NEG["json_id"][1](R, c), kind="json_id"), "file_name": fn,
                                   "content_type": {"png": "image/png", "csv": "text/csv", "pdf": "application/pdf",
                                                    "log": "text/plain"}[fn.split(".")[1]],
                                   "size": Num(NEG["byte_count"][1](R, c), kind="byte_count"),
                                   "url": url_b(c, "https://files.deskhub.app/a/", "uuid", "/" + fn)}]
        com["created_at"] = neg_b(c, "ts_iso")
        comments.append(com)
    return {"ticket": {
        "id": Num(tid, kind="json_id"), "subject": subject_of(c), "status": R.choice(STATUS),
        "priority": R.choice(["low", "normal", "high", "urgent"]), "queue": c.queue.replace("_", " ").title(),
        "created_at": neg_b(c, "ts_iso"), "updated_at": neg_b(c, "ts_iso"),
        "requester": {"id": Num(NEG["json_id"][1](R, c), kind="json_id"), "name": c.person.full,
                      "email": whole(req_email, "requester_email"),
                      "phone": (as_num_or_str(c, phone, "requester_phone", .3) if phone else None),
                      "organization": c.org, "locale": c.lang},
        "custom_fields": {k: (as_num_or_str(c, f, "cf") if f.pe or f.pos else whole(f, "cf")) for k, f in cf},
        "comments": comments, "tags": [c.queue, c.lang] + (["vip"] if R.random() < .2 else []),
    }}


def build_casebook(c, tid):
    R = c.R
    cf = custom_fields(c, 2, 2)
    em = make_fact(c, "EMAIL_ADDRESS", who=c.person) if not c.benign else make_mask(c, "EMAIL_ADDRESS")
    mob = make_fact(c, "PHONE_NUMBER") if not c.benign else make_mask(c, "PHONE_NUMBER")
    contact_id = "ct_" + "".join(R.choice(string.ascii_lowercase + string.digits) for _ in range(10))
    desc = body_of(c, R.choice(["customer_message", "email_thread", "signature"]), not c.benign)
    included = [{"type": "contact", "id": contact_id, "attributes": {
        "full-name": c.person.full, "email-address": whole(em, "contact_email"), "mobile": whole(mob, "contact_mobile"),
        "company": c.org}}]
    for k in R.sample(["agent_reply", "internal_note", "chat_transcript", "log_excerpt", "checklist"], R.randint(1, 3)):
        included.append({"type": "activity", "id": "act_" + "".join(R.choice(string.ascii_lowercase + string.digits) for _ in range(8)),
                         "attributes": {"kind": "note" if k in ("internal_note", "checklist") else "message",
                                        "visibility": "internal" if k in ("internal_note", "log_excerpt", "checklist") else "public",
                                        "text": body_of(c, k, not c.benign),
                                        "author-email": whole(make_fact(c, "EMAIL_ADDRESS", who=c.agent) if not c.benign
                                                              else make_mask(c, "EMAIL_ADDRESS"), "activity_author"),
                                        "posted-at": neg_b(c, "ts_iso")}})
    return {"data": {"type": "case", "id": B().n("json_id", str(tid)), "attributes": {
        "title": subject_of(c), "state": R.choice(["open", "waiting", "closed"]), "channel": R.choice(["email", "web", "phone"]),
        "description": desc, "opened-at": neg_b(c, "ts_iso"),
        "custom": {k.replace("_", "-"): (as_num_or_str(c, f, "cf") if (f.pos or f.pe) else whole(f, "cf")) for k, f in cf}},
        "relationships": {"contact": {"data": {"type": "contact", "id": contact_id}}}},
        "included": included, "meta": {"api-version": "v3", "generated-by": "casebook-export"}}


def build_ticket_list(c, tid):
    R = c.R
    results = []
    base_person = c.person
    for j in range(R.randint(2, 4)):
        if j:
            c.person = Person(R, c.pool)
        em = make_fact(c, "EMAIL_ADDRESS", who=c.person) if not c.benign else make_mask(c, "EMAIL_ADDRESS")
        ph = make_fact(c, "PHONE_NUMBER") if not c.benign and R.random() < 0.6 else make_mask(c, "PHONE_NUMBER")
        cf = custom_fields(c, 1, 2)
        results.append({
            "number": Num(tid * 10 + j, kind="json_id"), "short_description": subject_of(c),
            "description": body_of(c, R.choice(["customer_message", "phone_note", "signature", "email_thread"]), not c.benign),
            "caller": {"name": c.person.full, "email": whole(em, "caller_email"), "phone": whole(ph, "caller_phone")},
            "fields": [{"name": k, "value": (as_num_or_str(c, f, "field") if (f.pos or f.pe) else whole(f, "field"))} for k, f in cf],
            "work_notes": body_of(c, R.choice(["internal_note", "checklist", "handover" if c.lang == "en" else "internal_note"]),
                                  not c.benign) if R.random() < .7 else "",
            "opened": neg_b(c, "ts_iso")})
    c.person = base_person
    return {"page": 1, "per_page": 25, "total": len(results), "results": results,
            "next": None}


def build_audit(c, tid):
    R = c.R
    audits = []
    for j in range(R.randint(2, 4)):
        events = []
        for _ in range(R.randint(1, 3)):
            if R.random() < 0.6:
                ents = [e for e in QPOS[c.queue] if e in CF_KEYS and not (c.lang != "en" and e in ("US_SSN",))]
                if c.lang == "en" and c.region == "US" and "IBAN_CODE" in ents:
                    ents.remove("IBAN_CODE")
                e = R.choice(ents)
                old = make_mask(c, e) if (c.benign or R.random() < 0.3) else make_fact(c, e)
                new = make_mask(c, e) if c.benign else make_fact(c, e)
                events.append({"type": "Change", "field_name": R.choice(CF_KEYS[e]),
                               "old_value": as_num_or_str(c, old, "audit_old", .4) if R.random() < .85 else None,
                               "new_value": as_num_or_str(c, new, "audit_new", .4)})
            elif R.random() < 0.5:
                k = R.choice(list(CF_NEG_KEYS))
                events.append({"type": "Change", "field_name": CF_NEG_KEYS[k], "old_value": None,
                               "new_value": whole(make_neg(c, k), "audit")})
            else:
                k = R.choice(["internal_note", "agent_reply", "customer_message", "phone_note"])
                events.append({"type": "Comment", "public": k != "internal_note", "body": body_of(c, k, not c.benign)})
        actor = c.agent if R.random() < .7 else c.person
        audits.append({"id": Num(NEG["json_id"][1](R, c), kind="json_id"), "created_at": neg_b(c, "ts_iso"),
                       "author": {"name": actor.full, "email": whole(make_fact(c, "EMAIL_ADDRESS", who=actor) if not c.benign
                                                                    else make_mask(c, "EMAIL_ADDRESS"), "audit_author")},
                       "via": R.choice(["web", "api", "mail", "rule"]), "events": events})
    return {"ticket_id": Num(tid, kind="json_id"), "count": len(audits), "audits": audits}


def build_conversation(c, tid):
    R = c.R
    em = make_fact(c, "EMAIL_ADDRESS", who=c.person) if not c.benign else make_mask(c, "EMAIL_ADDRESS")
    ph = make_fact(c, "PHONE_NUMBER") if not c.benign else make_mask(c, "PHONE_NUMBER")
    cf = custom_fields(c, 2, 2)
    src = body_of(c, "customer_message", not c.benign)
    parts = []
    for k in R.sample(["agent_reply", "internal_note", "chat_transcript", "customer_message", "log_excerpt"], R.randint(2, 4)):
        body = body_of(c, k, not c.benign)
        parts.append({"type": "conversation_part", "id": str(R.randint(10 ** 8, 10 ** 9 - 1)) if False else
                      "p" + "".join(R.choice(string.digits) for _ in range(4)),
                      "part_type": "note" if k in ("internal_note", "log_excerpt") else "comment",
                      "body": html_twin(body) if R.random() < .5 else body,
                      "author": {"type": "user" if k == "customer_message" else "admin",
                                 "name": c.person.full if k == "customer_message" else c.agent.full},
                      "created_at": Num(NEG["ts_epoch_s"][1](R, c), kind="ts_epoch_s")})
    return {"type": "conversation", "id": "conv_" + "".join(R.choice(string.ascii_lowercase + string.digits) for _ in range(12)),
            "created_at": Num(NEG["ts_epoch_s"][1](R, c), kind="ts_epoch_s"), "state": R.choice(["open", "snoozed", "closed"]),
            "contact": {"name": c.person.full, "email": whole(em, "contact_email"), "phone": whole(ph, "contact_phone"),
                        "custom_attributes": {k: (as_num_or_str(c, f, "attr") if (f.pos or f.pe) else whole(f, "attr")) for k, f in cf}},
            "source": {"delivered_as": R.choice(["customer_initiated", "email"]), "subject": subject_of(c),
                       "body": html_twin(src), "author": {"type": "user", "email": whole(em, "source_author")}},
            "conversation_parts": {"total_count": len(parts), "parts": parts}}


BUILDERS = {"helpdesk": build_helpdesk, "casebook": build_casebook, "ticket_list": build_ticket_list,
            "audit_trail": build_audit, "conversation": build_conversation}


def ptr_esc(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def materialize(obj, ptr, acc):
    """B -> str, Num -> int; collects (pointer, text, spans, negs, value_type)"""
    if isinstance(obj, B):
        text, spans, negs = obj.render()
        acc.append((ptr, text, spans, negs, None))
        return text
    if isinstance(obj, Num):
        s = str(obj.n)
        if obj.ent:
            acc.append((ptr, s, [(0, len(s), obj.ent, obj.fmt, s)], [], "number"))
        else:
            acc.append((ptr, s, [], [(0, len(s), obj.kind, s)], "number"))
        return obj.n
    if isinstance(obj, dict):
        return {k: materialize(v, f"{ptr}/{ptr_esc(k)}", acc) for k, v in obj.items()}
    if isinstance(obj, list):
        return [materialize(v, f"{ptr}/{i}", acc) for i, v in enumerate(obj)]
    if isinstance(obj, str):
        acc.append((ptr, obj, [], [], None))
    if isinstance(obj, int) and not isinstance(obj, bool) and obj >= 10000:
        acc.append((ptr, str(obj), [], [], "unlisted_number"))
    return obj


def gen_ticket(i):
    shape = SHAPES[i % len(SHAPES)]
    tid = TICKET_BASE + i + 1
    last = None
    for attempt in range(60):
        R = random.Random(f"{SEED}:ticket:{i}:{attempt}")
        c = ticket_context(R, i)
        obj = BUILDERS[shape](c, tid)
        acc = []
        out = materialize(obj, "", acc)
        probs = []
        for ptr, text, spans, negs, vt in acc:
            if vt == "unlisted_number":
                probs.append(f"ticket {i} {ptr}: unlisted JSON number {text}")
                continue
            probs += validate_doc(text, spans, negs, f"ticket {i} {ptr}")
        if not c.benign and not any(a[2] for a in acc):
            probs.append(f"ticket {i}: no positives")
        if c.benign and any(a[2] for a in acc):
            probs.append(f"ticket {i}: benign ticket with positives")
        if not probs:
            return f"ticket_{tid}.json", shape, c, out, acc
        last = probs
    raise RuntimeError(f"ticket {i}: no clean draw: {last[:5]}")


def dump_ticket(i, obj):
    st = i % 4
    if st == 0:
        return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"
    if st == 1:
        return json.dumps(obj, indent=4, ensure_ascii=True) + "\n"
    if st == 2:
        return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    return json.dumps(obj, indent="\t", ensure_ascii=False) + "\n"


# =====================================================================================================
# build, write, check
# =====================================================================================================

def build():
    rows = plan_notes()
    notes = []
    for i, row in enumerate(rows):
        text, spans, negs, c = gen_note(i, row)
        notes.append(note_record(i, row, text, spans, negs))
    files = {}
    files["notes.jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in notes)
    corpus_parts, idx, bo, co = [], [], 0, 0
    for r in notes:
        bl, cl = len(r["text"].encode("utf-8")), len(r["text"])
        idx.append({"id": r["id"], "byte_offset": bo, "byte_len": bl, "char_offset": co, "char_len": cl})
        corpus_parts.append(r["text"])
        bo += bl + 2
        co += cl + 2
    files["corpus.txt"] = "\n\n".join(corpus_parts)
    files["corpus_index.jsonl"] = "".join(json.dumps(r) + "\n" for r in idx)
    labels, jnegs = [], []
    for i in range(N_TICKETS):
        fname, shape, c, obj, acc = gen_ticket(i)
        files[f"notes_json/{fname}"] = dump_ticket(i, obj)
        for ptr, text, spans, negs, vt in acc:
            tab = byte_offsets(text)
            for s0, s1, ent, fmt, _ in sorted(spans):
                row = {"file": fname, "json_pointer": ptr, "start": tab[s0], "end": tab[s1], "cstart": s0, "cend": s1,
                       "entity": ent, "fmt": fmt, "shape": shape}
                if vt:
                    row["value_type"] = vt
                labels.append(row)
            for s0, s1, kind, _ in sorted(negs):
                row = {"file": fname, "json_pointer": ptr, "start": tab[s0], "end": tab[s1], "cstart": s0, "cend": s1,
                       "kind": kind, "shape": shape}
                if vt:
                    row["value_type"] = vt
                jnegs.append(row)
    files["notes_json/labels.jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in labels)
    files["json_hard_negatives.jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in jnegs)
    return files


def read_disk():
    out = {}
    for name in ("notes.jsonl", "corpus.txt", "corpus_index.jsonl", "json_hard_negatives.jsonl"):
        p = HERE / name
        if p.exists():
            out[name] = p.read_text(encoding="utf-8")
    jd = HERE / "notes_json"
    if jd.is_dir():
        for p in sorted(jd.iterdir()):
            out[f"notes_json/{p.name}"] = p.read_text(encoding="utf-8")
    return out


def write(files):
    jd = HERE / "notes_json"
    jd.mkdir(exist_ok=True)
    for p in jd.iterdir():
        if f"notes_json/{p.name}" not in files:
            p.unlink()
    for name, content in files.items():
        with open(HERE / name, "w", encoding="utf-8", newline="") as f:
            f.write(content)


def json_get(obj, ptr):
    for part in ptr.lstrip("/").split("/") if ptr else []:
        part = part.replace("~1", "/").replace("~0", "~")
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def check_files(files):
    """independent re-validation of what is (or would be) on disk; returns (problems, stats)"""
    probs = []
    st = {"notes_pos": Counter(), "notes_neg": Counter(), "json_pos": Counter(), "json_neg": Counter(),
          "notes_negkind": Counter(), "json_negkind": Counter(), "fmt_var": Counter(), "place_notes": Counter(),
          "place_json": Counter(), "cat": Counter(), "lang": Counter(), "queue": Counter(), "benign": 0,
          "json_numbers": Counter(), "json_neg_numbers": 0, "shape": Counter(), "json_lang": Counter(), "pass_neg": Counter()}
    notes = [json.loads(l) for l in files["notes.jsonl"].splitlines() if l.strip()]
    posvals, negvals = set(), {}

    def norm(v):
        return re.sub(r"[^A-Za-z0-9]", "", v).upper()

    for r in notes:
        t = r["text"]
        tab = byte_offsets(t)
        spans, negs = [], []
        for s in r["spans"]:
            if tab[s["cstart"]] != s["start"] or tab[s["cend"]] != s["end"]:
                probs.append(f"{r['id']}: byte/char offsets disagree {s}")
            v = t[s["cstart"]:s["cend"]]
            if t.encode("utf-8")[s["start"]:s["end"]].decode("utf-8") != v:
                probs.append(f"{r['id']}: byte slice differs")
            spans.append((s["cstart"], s["cend"], s["entity"], s["fmt"], v))
            st["notes_pos"][s["entity"]] += 1
            st["fmt_var"][".".join(s["fmt"].split(".")[:2])] += 1
            st["place_notes"][s["fmt"].split(".")[-1]] += 1
            if len(norm(v)) >= 6:
                posvals.add(norm(v))
        for n in r["hard_negatives"]:
            if tab[n["cstart"]] != n["start"] or tab[n["cend"]] != n["end"]:
                probs.append(f"{r['id']}: neg offsets disagree {n}")
            v = t[n["cstart"]:n["cend"]]
            negs.append((n["cstart"], n["cend"], n["kind"], v))
            st["notes_neg"][NEG[n["kind"]][0]] += 1
            st["notes_negkind"][n["kind"]] += 1
            if n["kind"] in PASS_KINDS:
                st["pass_neg"][n["kind"]] += 1
            if len(norm(v)) >= 6:
                negvals.setdefault(norm(v), n["kind"])
        probs += validate_doc(t, spans, negs, r["id"])
        st["cat"][r["category"]] += 1
        st["lang"][r["tags"][0]] += 1
        st["queue"][r["tags"][1]] += 1
        if "benign" in r["tags"]:
            st["benign"] += 1
            if r["spans"]:
                probs.append(f"{r['id']}: benign with spans")
    # corpus + index
    corpus = files["corpus.txt"]
    cb = corpus.encode("utf-8")
    idx = [json.loads(l) for l in files["corpus_index.jsonl"].splitlines() if l.strip()]
    if len(idx) != len(notes):
        probs.append("index length differs")
    for r, ix in zip(notes, idx):
        if ix["id"] != r["id"] or cb[ix["byte_offset"]:ix["byte_offset"] + ix["byte_len"]].decode("utf-8") != r["text"] \
                or corpus[ix["char_offset"]:ix["char_offset"] + ix["char_len"]] != r["text"]:
            probs.append(f"corpus/index mismatch at {r['id']}")
    if corpus != "\n\n".join(r["text"] for r in notes):
        probs.append("corpus.txt is not the notes joined by a blank line")
    # JSON
    labels = [json.loads(l) for l in files["notes_json/labels.jsonl"].splitlines() if l.strip()]
    jn = [json.loads(l) for l in files["json_hard_negatives.jsonl"].splitlines() if l.strip()]
    tickets = {k.split("/", 1)[1]: json.loads(v) for k, v in files.items() if k.startswith("notes_json/ticket_")}
    if len(tickets) != N_TICKETS:
        probs.append(f"{len(tickets)} ticket files")
    per = defaultdict(lambda: ([], []))
    for r in labels:
        per[(r["file"], r["json_pointer"])][0].append(r)
    for r in jn:
        per[(r["file"], r["json_pointer"])][1].append(r)
    seen_files = set()
    for (fname, ptr), (ls, ns) in per.items():
        try:
            val = json_get(tickets[fname], ptr)
        except (KeyError, IndexError, ValueError, TypeError):
            probs.append(f"{fname}#{ptr}: pointer does not resolve")
            continue
        isnum = isinstance(val, int) and not isinstance(val, bool)
        for r in ls + ns:
            if (r.get("value_type") == "number") != isnum:
                probs.append(f"{fname}#{ptr}: value_type mismatch")
        text = str(val) if isnum else val
        if not isinstance(text, str):
            probs.append(f"{fname}#{ptr}: not a string or number")
            continue
        tab = byte_offsets(text)
        spans = []
        for r in ls:
            if tab[r["cstart"]] != r["start"] or tab[r["cend"]] != r["end"]:
                probs.append(f"{fname}#{ptr}: offsets disagree")
            v = text[r["cstart"]:r["cend"]]
            spans.append((r["cstart"], r["cend"], r["entity"], r["fmt"], v))
            st["json_pos"][r["entity"]] += 1
            st["place_json"][r["fmt"].split(".")[-1]] += 1
            if isnum:
                st["json_numbers"][r["entity"]] += 1
            if len(norm(v)) >= 6:
                posvals.add(norm(v))
        negs = []
        for r in ns:
            v = text[r["cstart"]:r["cend"]]
            negs.append((r["cstart"], r["cend"], r["kind"], v))
            st["json_neg"][NEG[r["kind"]][0]] += 1
            st["json_negkind"][r["kind"]] += 1
            if r["kind"] in PASS_KINDS:
                st["pass_neg"][r["kind"]] += 1
            if isnum:
                st["json_neg_numbers"] += 1
            if len(norm(v)) >= 6:
                negvals.setdefault(norm(v), r["kind"])
        probs += validate_doc(text, spans, negs, f"{fname}#{ptr}")
        seen_files.add(fname)
    # every other string / large number in the tickets must be clean
    for fname, obj in tickets.items():
        acc = []

        def walk(o, p):
            if isinstance(o, dict):
                for k, v in o.items():
                    walk(v, f"{p}/{ptr_esc(k)}")
            elif isinstance(o, list):
                for i, v in enumerate(o):
                    walk(v, f"{p}/{i}")
            elif (fname, p) not in per:
                if isinstance(o, str):
                    acc.extend(validate_doc(o, [], [], f"{fname}#{p}"))
                elif isinstance(o, int) and not isinstance(o, bool) and o >= 10000:
                    acc.append(f"{fname}#{p}: unlisted number {o}")
        walk(obj, "")
        probs += acc
        shape = next((r["shape"] for r in labels + jn if r["file"] == fname), "?")
        st["shape"][shape] += 1
    for v in posvals & set(negvals):
        probs.append(f"value {v} is labelled somewhere and a hard negative ({negvals[v]}) elsewhere")
    # minimum counts
    for e in ENTITIES:
        if st["notes_pos"][e] < 50:  # every entity: at least 50 positives in the notes
            probs.append(f"only {st['notes_pos'][e]} {e} positives in the notes")
        if st["json_pos"][e] < 10 and e not in ("US_DEA",):
            probs.append(f"only {st['json_pos'][e]} {e} positives in the JSON set")
    return probs, st


def scorer_roundtrip(files):
    score = HERE.parent.parent.parent / "shared" / "corpus" / "score.py"
    if not score.exists():
        score = Path("/work/shared/corpus/score.py")
    if not score.exists():
        return ["score.py not found: round trip skipped"], True
    probs = []
    with tempfile.TemporaryDirectory() as td:
        td = Path(td)
        for name, content in files.items():
            p = td / name
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(content, encoding="utf-8")
        notes = [json.loads(l) for l in files["notes.jsonl"].splitlines() if l.strip()]
        idx = {json.loads(l)["id"]: json.loads(l) for l in files["corpus_index.jsonl"].splitlines() if l.strip()}
        with open(td / "pred_notes.jsonl", "w") as f:
            for r in notes:
                for s in r["spans"]:
                    o = idx[r["id"]]["byte_offset"]
                    f.write(json.dumps({"start": s["start"] + o, "end": s["end"] + o, "entity": s["entity"]}) + "\n")
        sj = td / "score_json"
        sj.mkdir()
        for name, content in files.items():
            if name.startswith("notes_json/ticket_"):
                obj = json.loads(content)

                def strn(o):
                    if isinstance(o, bool) or o is None:
                        return o
                    if isinstance(o, int):
                        return str(o)
                    if isinstance(o, dict):
                        return {k: strn(v) for k, v in o.items()}
                    if isinstance(o, list):
                        return [strn(v) for v in o]
                    return o
                (sj / name.split("/")[1]).write_text(json.dumps(strn(obj), ensure_ascii=False), encoding="utf-8")
        (sj / "labels.jsonl").write_text(files["notes_json/labels.jsonl"], encoding="utf-8")
        with open(td / "pred_json.jsonl", "w") as f:
            for l in files["notes_json/labels.jsonl"].splitlines():
                r = json.loads(l)
                f.write(json.dumps({"file": r["file"], "json_pointer": r["json_pointer"], "start": r["start"],
                                    "end": r["end"], "entity": r["entity"]}) + "\n")
        for gold, pred, extra in ((td / "notes.jsonl", td / "pred_notes.jsonl", ["--corpus-index", str(td / "corpus_index.jsonl")]),
                                  (sj / "labels.jsonl", td / "pred_json.jsonl", [])):
            out = subprocess.run([sys.executable, str(score), str(gold), str(pred)] + extra, capture_output=True, text=True)
            last = [l for l in out.stdout.splitlines() if l.startswith("overall:")]
            exact = [l for l in out.stdout.splitlines() if l.startswith("exact match:")]
            if not last or last[-1] != "overall: P=1.000 R=1.000 F1=1.000" or not exact or "P=1.000 R=1.000" not in exact[-1]:
                probs.append(f"scorer round trip on {gold.name}: {last} {exact} {out.stderr[-300:]}")
    return probs, False


def print_table(st):
    print(f"{'entity':<22} {'notes +':>8} {'notes -':>8} {'JSON +':>8} {'JSON -':>8}")
    for e in list(ENTITIES) + ["other"]:
        print(f"{e:<22} {st['notes_pos'][e] if e != 'other' else '-':>8} {st['notes_neg'][e]:>8} "
              f"{st['json_pos'][e] if e != 'other' else '-':>8} {st['json_neg'][e]:>8}")
    print(f"{'total':<22} {sum(st['notes_pos'].values()):>8} {sum(st['notes_neg'].values()):>8} "
          f"{sum(st['json_pos'].values()):>8} {sum(st['json_neg'].values()):>8}")
    print(f"notes: {sum(st['cat'].values())} ({st['benign']} without any positive); JSON tickets: {sum(st['shape'].values())}")
    print("categories:", dict(st["cat"].most_common()))
    print("languages:", dict(st["lang"].most_common()))
    print("queues:", dict(st["queue"].most_common()))
    print("JSON shapes:", dict(st["shape"].most_common()))
    print("JSON number positives:", dict(st["json_numbers"].most_common()), "; JSON number negatives:", st["json_neg_numbers"])
    print("negative kinds passing the imitated checksum:", dict(st["pass_neg"].most_common()))
    for tgt in list(ENTITIES) + ["other"]:
        ks = sorted(k for k in NEG if NEG[k][0] == tgt and (st["notes_negkind"][k] or st["json_negkind"][k]))
        print(f"  {tgt}: " + ", ".join(f"{k} {st['notes_negkind'][k]}/{st['json_negkind'][k]}" for k in ks))
    print("places (notes):", dict(st["place_notes"].most_common()))
    print("places (JSON):", dict(st["place_json"].most_common()))
    print("value variants (notes):", dict(st["fmt_var"].most_common()))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="regenerate in memory, compare with disk, self-check")
    args = ap.parse_args(argv)
    files = build()
    probs = []
    if args.check:
        disk = read_disk()
        for name in sorted(set(files) | set(disk)):
            if name not in disk:
                probs.append(f"missing on disk: {name}")
            elif name not in files:
                probs.append(f"stale file on disk: {name}")
            elif disk[name] != files[name]:
                probs.append(f"differs from a fresh generation: {name}")
        files_to_check = disk if not probs else files
    else:
        write(files)
        files_to_check = read_disk()
    p2, st = check_files(files_to_check)
    probs += p2
    p3, skipped = scorer_roundtrip(files_to_check)
    probs += [] if skipped else p3
    print_table(st)
    if probs:
        print(f"\n{len(probs)} problem(s):", file=sys.stderr)
        for p in probs[:60]:
            print("  " + p, file=sys.stderr)
        return 1
    print("\nself-check: OK" + (" (scorer round trip skipped: score.py not found)" if skipped else
                                " (scorer round trip P=R=F1=1.000 on both sets)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
