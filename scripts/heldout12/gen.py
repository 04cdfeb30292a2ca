#!/usr/bin/env python3
"""heldout12 -- "what arrives as attachments and interchange".

Deterministic generator of a labelled synthetic corpus for the casegate scanner: PDF-to-text and OCR of claim
forms, EOBs, lab reports, discharge headers, pharmacy labels, payslips, tax forms, bank letters, SEPA mandates and
chargeback forms; HL7 v2 messages; X12 837P/835 EDI; CSV/TSV exports; HTML e-mails converted to text; Markdown;
pasted configuration and log attachments -- wrapped in ordinary support-ticket prose.  Plus 100 ticket-JSON exports
in 10 shapes (FHIR Bundle attachment, Kustomer, Gladly, Dixa, Trengo, Linear, Asana, ClickUp, Airtable, Monday).

    python3 gen.py            # write all data files, then self-check (exit 1 on a problem)
    python3 gen.py --check    # regenerate in memory, compare with the files on disk, self-check, print counts

Python 3 standard library only.  See README.md.
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import ipaddress
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import zlib
from collections import Counter, defaultdict
from pathlib import Path

SEED = 12060412
N_NOTES = 800
N_BENIGN = 150
N_TICKETS = 100
HERE = Path(__file__).resolve().parent
SCORE_PY = Path("/work/shared/corpus/score.py")

ENTITIES = ("CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "ABA_ROUTING_NUMBER",
            "IP_ADDRESS", "MEDICAL_RECORD_NUMBER", "US_NPI", "DATE_OF_BIRTH", "UK_NHS", "US_DEA",
            "AWS_ACCESS_KEY", "GITHUB_TOKEN", "PRIVATE_KEY")


class Redraw(Exception):
    """A draw failed a self-check: the note/ticket is drawn again with the next attempt number."""


# =====================================================================================================
# checksums and validators
# =====================================================================================================

def digits_of(s):
    return "".join(c for c in s if c.isdigit())


def luhn_ok(d):
    if not d.isdigit() or len(d) < 2:
        return False
    tot = 0
    for i, ch in enumerate(reversed(d)):
        n = int(ch)
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        tot += n
    return tot % 10 == 0


def luhn_digit(body):
    for c in "0123456789":
        if luhn_ok(body + c):
            return c
    raise AssertionError


def aba_ok(d):
    if len(d) != 9 or not d.isdigit():
        return False
    w = (3, 7, 1) * 3
    return sum(int(a) * b for a, b in zip(d, w)) % 10 == 0


ABA_PREFIXES = [f"{p:02d}" for p in list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73))]


def aba_valid_prefix(d):
    return d[:2] in ABA_PREFIXES or d[:2] == "80"


def npi_ok(d):
    return len(d) == 10 and d.isdigit() and d[0] in "12" and luhn_ok("80840" + d)


def npi_luhn(d):  # the checksum alone (any first digit)
    return len(d) == 10 and d.isdigit() and luhn_ok("80840" + d)


def nhs_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    s = sum(int(d[i]) * (10 - i) for i in range(9))
    c = 11 - s % 11
    if c == 11:
        c = 0
    return c != 10 and c == int(d[9])


def ssn_ok(s):
    d = digits_of(s)
    if len(d) != 9:
        return False
    a, g, n = int(d[:3]), int(d[3:5]), int(d[5:])
    return 0 < a < 900 and a != 666 and g != 0 and n != 0


def dea_ok(s):
    if not re.fullmatch(r"[ABFGM][A-Z]\d{7}", s):
        return False
    d = [int(c) for c in s[2:]]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10 == d[6]


IBAN_LEN = {"DE": 22, "FR": 27, "NL": 18, "ES": 24, "IT": 27, "GB": 22, "BE": 16, "AT": 20, "CH": 21, "IE": 22,
            "PT": 25, "PL": 28, "LU": 20, "SE": 24, "FI": 18, "DK": 18, "NO": 15}
# BBAN structure: n digits, a upper letters, c alnum
IBAN_BBAN = {"DE": "8n10n", "FR": "5n5n11n2n", "NL": "4a10n", "ES": "4n4n2n10n", "IT": "1a5n5n12n", "GB": "4a6n8n",
             "BE": "3n7n2n", "AT": "5n11n", "CH": "5n12n", "IE": "4a6n8n", "PT": "4n4n11n2n", "PL": "8n16n",
             "LU": "3n13n", "SE": "3n17n", "FI": "6n8n", "DK": "4n10n", "NO": "4n7n"}


def iban_mod(s):
    s = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in s)
    return int(num) % 97


def iban_ok(s):
    c = s.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", c):
        return False
    cc = c[:2]
    if IBAN_LEN.get(cc) != len(c):
        return False
    pat = "".join({"n": r"\d", "a": "[A-Z]", "c": "[A-Z0-9]"}[t] + "{%s}" % k
                  for k, t in re.findall(r"(\d+)([nac])", IBAN_BBAN[cc]))
    return bool(re.fullmatch(pat, c[4:])) and iban_mod(c) == 1


B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b62(n, width=6):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(width, "0")


def gh_ok(tok):
    m = re.fullmatch(r"gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", tok)
    if m:
        return b62(zlib.crc32(m.group(1).encode()) & 0xFFFFFFFF) == m.group(2)
    return bool(re.fullmatch(r"github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}", tok))


def aws_ok(s):
    return bool(re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", s)) and "EXAMPLE" not in s


TEST_PANS = {"4111111111111111", "4242424242424242", "5555555555554444", "5105105105105100", "378282246310005",
             "371449635398431", "6011111111111117", "3530111333300000", "4012888888881881", "4000056655665556",
             "30569309025904", "38520000023237", "6011000990139424", "5200828282828210", "4000000000000002"}


def card_brand(d):
    n = len(d)
    if d[0] == "4" and n in (13, 16, 19):
        return "visa"
    if n == 16 and (51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720):
        return "mc"
    if n == 15 and d[:2] in ("34", "37"):
        return "amex"
    if n == 16 and (d[:4] == "6011" or d[:2] == "65" or 644 <= int(d[:3]) <= 649):
        return "discover"
    if n == 16 and 3528 <= int(d[:4]) <= 3589:
        return "jcb"
    if n == 14 and d[:2] == "36":
        return "diners"
    return None


def card_ok(s):
    d = digits_of(s)
    return luhn_ok(d) and card_brand(d) is not None and d not in TEST_PANS


def pem_ok(s):
    m = re.fullmatch(r"-----BEGIN ([A-Z ]+)-----\n(.*)\n( *)-----END \1-----", s, re.S)
    if not m or "PRIVATE KEY" not in m.group(1):
        return False
    body = "".join(l.strip() for l in m.group(2).split("\n") if ":" not in l)
    try:
        base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(body) >= 40


def email_ok(s):
    return bool(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", s))


def phone_ok(s):
    return bool(re.fullmatch(r"[+()\d][\d ()\-.]*\d", s)) and 7 <= len(digits_of(s)) <= 15


def ip_ok(s):
    try:
        ip = ipaddress.ip_address(s)
    except ValueError:
        return False
    if ip.is_loopback or ip.is_multicast or ip.is_link_local or ip.is_unspecified or ip.is_reserved:
        return False
    if ip.version == 4:
        for net in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "100.64.0.0/10", "0.0.0.0/8"):
            if ip in ipaddress.ip_network(net):
                return False
    elif ip in ipaddress.ip_network("2001:db8::/32"):
        return False
    return True


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
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
           "november", "december"],
}
MONTH_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def parse_date_any(s):
    """Parse the date formats this generator writes; returns a date or None."""
    s2 = s.strip()
    for f in ("%Y-%m-%d", "%m/%d/%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%m-%d-%Y", "%Y%m%d", "%m%d%Y",
              "%m %d %Y", "%b %d, %Y", "%d %b %Y", "%B %d, %Y", "%d %B %Y", "%d-%b-%Y", "%m/%d/%y", "%d/%m/%y",
              "%d.%m.%y", "%m %d %y"):
        try:
            d = dt.datetime.strptime(s2, f).date()
            if f.endswith("%y") and d.year > 2010:
                d = d.replace(year=d.year - 100)
            return d
        except ValueError:
            pass
    m = re.fullmatch(r"(\d{1,2})\.? (\w+) (\d{4})", s2)
    if m:
        for lang, names in MONTHS.items():
            if m.group(2).lower() in [x.lower() for x in names]:
                return dt.date(int(m.group(3)), [x.lower() for x in names].index(m.group(2).lower()) + 1,
                               int(m.group(1)))
    return None


def validate(entity, v):
    """True when value v is a well-formed, checksum-valid instance of entity."""
    if entity == "CREDIT_CARD":
        return card_ok(v) and bool(re.fullmatch(r"\d[\d -]*\d", v))
    if entity == "US_SSN":
        return ssn_ok(v) and bool(re.fullmatch(r"\d{3}([- ]?)\d{2}\1\d{4}", v))
    if entity == "EMAIL_ADDRESS":
        return email_ok(v)
    if entity == "PHONE_NUMBER":
        return phone_ok(v)
    if entity == "IBAN_CODE":
        return iban_ok(v)
    if entity == "ABA_ROUTING_NUMBER":
        return aba_ok(v) and aba_valid_prefix(v)
    if entity == "IP_ADDRESS":
        return ip_ok(v)
    if entity == "MEDICAL_RECORD_NUMBER":
        return bool(re.fullmatch(r"[A-Z]{0,3}-?\d{5,10}", v))
    if entity == "US_NPI":
        return npi_ok(v)
    if entity == "DATE_OF_BIRTH":
        d = parse_date_any(v)
        return d is not None and 1930 <= d.year <= 2008
    if entity == "UK_NHS":
        return nhs_ok(digits_of(v)) and bool(re.fullmatch(r"\d{3}([ -]?)\d{3}\1\d{4}", v))
    if entity == "US_DEA":
        return dea_ok(v)
    if entity == "AWS_ACCESS_KEY":
        return aws_ok(v)
    if entity == "GITHUB_TOKEN":
        return gh_ok(v)
    if entity == "PRIVATE_KEY":
        return pem_ok(v)
    return False


def accidental(d):
    """For a digits-only string: which same-length checksum it passes by accident (None if none)."""
    n = len(d)
    if n == 9 and aba_ok(d):
        return "ABA"
    if n == 10 and npi_luhn(d):
        return "NPI"
    if n == 10 and nhs_ok(d):
        return "NHS"
    if 13 <= n <= 19 and luhn_ok(d):
        return "LUHN"
    return None


# =====================================================================================================
# text builder: literal text, labelled values (Val) and hard negatives (Neg)
# =====================================================================================================

class Val:
    __slots__ = ("text", "ent", "fv")

    def __init__(self, text, ent, fv):
        assert validate(ent, text), (ent, text, fv)
        self.text, self.ent, self.fv = text, ent, fv


class Neg:
    __slots__ = ("text", "kind")

    def __init__(self, text, kind):
        assert kind in KIND_TARGET, kind
        self.text, self.kind = text, kind


class B:
    """Accumulates a string from literal pieces, Val and Neg markers; records their character spans."""

    def __init__(self):
        self.items = []

    def t(self, *ss):
        for s in ss:
            if s:
                self.items.append(("t", s, None))
        return self

    def x(self, thing, place="sent"):
        if thing is None:
            return self
        if isinstance(thing, str):
            return self.t(thing)
        if isinstance(thing, (Val, Neg)):
            self.items.append(("m", thing, place))
            return self
        if isinstance(thing, B):
            self.items.extend(thing.items)
            return self
        if isinstance(thing, (list, tuple)):
            for th in thing:
                self.x(th, place)
            return self
        raise TypeError(thing)

    def f(self, tpl, place="sent", **kw):
        """Template with {name} slots taken from kw (str, Val, Neg, B or (thing, place)); others stay literal."""
        pos = 0
        for m in re.finditer(r"\{(\w+)\}", tpl):
            if m.group(1) not in kw:
                continue
            self.t(tpl[pos:m.start()])
            th = kw[m.group(1)]
            if isinstance(th, tuple) and len(th) == 2 and isinstance(th[1], str) and not isinstance(th[0], str):
                self.x(th[0], th[1])
            else:
                self.x(th, place)
            pos = m.end()
        self.t(tpl[pos:])
        return self

    def line(self, tpl="", place="sent", **kw):
        self.f(tpl, place, **kw)
        return self.t("\n")

    def render(self):
        out, spans, negs, n = [], [], [], 0
        for typ, th, place in self.items:
            if typ == "t":
                out.append(th)
                n += len(th)
                continue
            s = th.text
            out.append(s)
            if isinstance(th, Val):
                spans.append((n, n + len(s), th.ent, f"{th.fv}.{place}", s))
            else:
                negs.append((n, n + len(s), th.kind, s))
            n += len(s)
        text = "".join(out)
        for a, b_, e, f, s in spans:
            assert text[a:b_] == s
        return text, spans, negs

    def html(self, wrap="div"):
        """An HTML twin: literal text escaped, line breaks as <br>; markers unchanged."""
        nb = B()
        nb.t(f"<{wrap}>")
        for typ, th, place in self.items:
            if typ == "t":
                esc = th.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
                nb.t(esc.replace("\n", "<br>\n"))
            else:
                assert not re.search(r"[&<>\"]", th.text)
                if isinstance(th, Val) and th.ent == "PRIVATE_KEY":
                    nb.t("<pre>").x(th, "pre").t("</pre>")
                elif isinstance(th, Val) and th.ent == "EMAIL_ADDRESS":
                    nb.t('<a href="mailto:').x(th, "href").t('">').x(th, place).t("</a>")
                else:
                    nb.items.append((typ, th, place))
        nb.t(f"</{wrap}>")
        return nb

    def values(self):
        return [th for typ, th, _ in self.items if typ == "m" and isinstance(th, Val)]


# =====================================================================================================
# people, organisations, places
# =====================================================================================================

FIRST = {
    "us": ["Marisol", "Dwayne", "Kendra", "Troy", "Priya", "Gregory", "Latoya", "Howard", "Bethany", "Rafael",
           "Colleen", "Terrence", "Yolanda", "Brent", "Shauna", "Dominic", "Imani", "Curtis", "Renee", "Wesley",
           "Tamika", "Garrett", "Lorena", "Ezra", "Monique", "Vernon", "Alyssa", "Desmond", "Harriet", "Jamal"],
    "uk": ["Siobhan", "Gareth", "Fiona", "Rhys", "Imogen", "Callum", "Bronwen", "Alastair", "Niamh", "Declan",
           "Harriet", "Euan", "Philippa", "Ravi", "Gemma", "Dougal", "Aoife", "Tobias", "Catrin", "Ifeoma"],
    "de": ["Jürgen", "Anke", "Malte", "Dörte", "Henrik", "Friederike", "Ole", "Sabine", "Torsten", "Wiebke"],
    "fr": ["Aurélie", "Benoît", "Clémence", "Gaëtan", "Solène", "Thibault", "Maëlys", "Régis", "Océane", "Loïc"],
    "es": ["Itziar", "Gonzalo", "Rocío", "Íñigo", "Mercedes", "Joaquín", "Nuria", "Álvaro", "Montserrat", "Rubén"],
    "it": ["Ludovica", "Gianluca", "Benedetta", "Ettore", "Ornella", "Raffaele", "Serena", "Tommaso", "Vittoria",
           "Corrado"],
    "nl": ["Femke", "Joris", "Marieke", "Sjoerd", "Annelies", "Wouter", "Ilse", "Pieter", "Lotte", "Bram"],
}
LAST = {
    "us": ["Okafor", "Brandt", "Castellanos", "Whitfield", "Nakamura", "Delacroix", "Pruitt", "Abernathy",
           "Villarreal", "Hollins", "Szymanski", "Mbeki", "Gallagher", "Ferreira", "Lindqvist", "Tran", "Kowalczyk",
           "Boateng", "Hargrove", "Esposito", "Yamada", "Quintero", "Rasmussen", "Oduya", "Caldwell", "Petrakis",
           "Ibarra", "Sorensen", "Fairbanks", "Underwood"],
    "uk": ["Pennington", "Ashworth", "Mackintosh", "Llewellyn", "Fairweather", "Okonkwo", "Thistlethwaite",
           "Rowntree", "Gallacher", "Bhattacharya", "Sedgwick", "Pryce", "Cartwright", "Dunleavy", "Hollingsworth"],
    "de": ["Brinkmann", "Kowalski", "Schöneberg", "Hartmann", "Vogelsang", "Lindemann", "Petersen", "Krüger"],
    "fr": ["Lemaire", "Fontaine", "Garnier", "Rousseau", "Chevallier", "Marchand", "Lefebvre", "Dumont"],
    "es": ["Echeverría", "Salcedo", "Villanueva", "Ortega", "Barrientos", "Iglesias", "Zubizarreta", "Morales"],
    "it": ["Bellucci", "Ferraro", "Lombardi", "Santoro", "Marchetti", "Colombo", "Pellegrini", "Rinaldi"],
    "nl": ["Van der Berg", "Bakker", "Visser", "De Vries", "Jansen", "Mulder", "Smit", "Hendriks"],
}
ORGS = {
    "us": ["Brightwater Family Health", "Cedar Ridge Orthopedics", "Lakeshore Imaging Center", "Mesa Verde Pediatrics",
           "Northfield Renal Associates", "Riverbend Cardiology Group", "Summit Valley Urgent Care",
           "Harborview Sleep Clinic", "Pine Hollow Physical Therapy", "Copperline Dermatology"],
    "uk": ["Wexford Road Surgery", "Calder Vale Health Centre", "St Aidan's Community Hospital",
           "Beckside Medical Practice", "Millbrook Dental Care"],
    "de": ["Praxis am Stadtpark", "Klinikum Nordheide", "Hausarztzentrum Elbufer"],
    "fr": ["Clinique des Tilleuls", "Centre médical Bellevue", "Cabinet du Vieux-Port"],
    "es": ["Clínica San Rafael", "Centro Médico Levante", "Policlínica del Ebro"],
    "it": ["Poliambulatorio Santa Chiara", "Clinica Villa dei Pini", "Centro Medico Adriatico"],
    "nl": ["Huisartsenpraktijk De Linde", "Medisch Centrum Zuidoever", "Kliniek Waterland"],
}
VENDORS = ["Claimvista", "Remitbridge", "ChartLoop", "Payrollwise", "LedgerNest", "Formcast", "Docuharbor",
           "Intakely", "MedRelay", "Cleardesk", "Scanmaven", "Interlinkx", "Benefitly", "Stackpoint Cloud"]
PAYERS = ["Keystone Mutual Health", "Great Plains Benefit Trust", "Allied Coastal Insurance", "Pinnacle Care Plan",
          "Heartland Employee Health", "Tri-County Medicaid Plan", "Northstar Casualty"]
BANKS = {"us": ["First Prairie Bank", "Harbor Federal Credit Union", "Columbia Ridge Savings", "Granite Trust Bank"],
         "uk": ["Thameside Building Society", "Northumbria Bank plc"],
         "de": ["Sparkasse Weserbergland", "Volksbank Mittelhessen"], "fr": ["Banque du Léman", "Crédit Provençal"],
         "es": ["Caja Rural del Duero", "Banco Cantábrico"], "it": ["Banca Popolare Adriatica", "Cassa di Risparmio Euganea"],
         "nl": ["Polderbank", "Stichting Spaarbank Utrecht"]}
DOMAINS = {
    "us": ["brightwaterfh.com", "cedarridgeortho.com", "lakeshoreimaging.net", "mesaverdepeds.org", "nfrenal.com",
           "riverbendcardio.com", "summitvalleyuc.com", "keystonemutual.com", "gpbtrust.org", "alliedcoastal.com",
           "claimvista.io", "remitbridge.com", "chartloop.health", "payrollwise.com", "ledgernest.com",
           "formcast.app", "intakely.com", "medrelay.net", "harborfcu.org", "granitetrust.com", "copperlinederm.com"],
    "uk": ["wexfordroadsurgery.nhs.uk", "caldervale-hc.co.uk", "staidans.org.uk", "becksidemp.co.uk",
           "thamesidebs.co.uk", "millbrookdental.co.uk", "docuharbor.co.uk"],
    "de": ["praxis-stadtpark.de", "klinikum-nordheide.de", "sparkasse-wbl.de", "elbufer-hausarzt.de"],
    "fr": ["clinique-tilleuls.fr", "cm-bellevue.fr", "banque-leman.fr", "vieux-port-medical.fr"],
    "es": ["clinicasanrafael.es", "cmlevante.es", "cajaruralduero.es", "policlinicaebro.es"],
    "it": ["santachiara-med.it", "villadeipini.it", "bpadriatica.it", "cmadriatico.it"],
    "nl": ["delinde-huisarts.nl", "mczuidoever.nl", "polderbank.nl", "kliniekwaterland.nl"],
}
CITIES = {"us": [("Columbus", "OH", "432"), ("Tucson", "AZ", "857"), ("Spokane", "WA", "992"), ("Omaha", "NE", "681"),
                 ("Knoxville", "TN", "379"), ("Boise", "ID", "837"), ("Des Moines", "IA", "503"), ("Raleigh", "NC", "276"),
                 ("Albany", "NY", "122"), ("Reno", "NV", "895")],
          "uk": [("Leeds", "LS6 2QT"), ("Swansea", "SA1 4NB"), ("Norwich", "NR2 3HJ"), ("Preston", "PR1 8UY")]}
US_AREA = ["216", "303", "317", "402", "414", "423", "480", "503", "509", "512", "515", "518", "520", "559", "602",
           "612", "614", "615", "617", "702", "704", "713", "775", "801", "813", "865", "904", "919", "952", "971"]


# =====================================================================================================
# hard-negative kinds and the entity each one imitates (for the counts table)
# =====================================================================================================

_KT = {
    "CREDIT_CARD": "masked_card last4_digits luhn_claim_icn claim_icn acquirer_ref merchant_id test_pan ocr_garbled_card "
                   "asana_gid auth_code",
    "US_SSN": "masked_ssn ssn_format_example ein ssn_invalid itin ssn_shaped_ref ocr_garbled_ssn zip_plus4",
    "EMAIL_ADDRESS": "masked_email placeholder_email cid_ref message_id user_at_host scoped_pkg",
    "PHONE_NUMBER": "masked_phone phone_shaped_id ocr_garbled_phone fax_pages",
    "IBAN_CODE": "bic iban_bad_checksum masked_iban sepa_creditor_id iban_doc_example sort_code vat_id "
                 "ocr_garbled_iban iban_wrong_length",
    "ABA_ROUTING_NUMBER": "bank_account_number check_number eft_trace aba_shaped_ref masked_routing "
                          "originating_company_id isa_control_number",
    "IP_ADDRESS": "version_string oid mac_address masked_ip ip_bad_octet netmask",
    "MEDICAL_RECORD_NUMBER": "claim_number encounter_number patient_account_no accession_number member_id rx_number "
                             "prior_auth_number specimen_id masked_mrn document_control_no filler_order_no "
                             "placer_order_no",
    "US_NPI": "ten_digit_ref npi_shaped_ref taxonomy_code masked_npi ocr_garbled_npi clia_number",
    "DATE_OF_BIRTH": "date_service date_admission date_discharge date_statement date_signed date_incident "
                     "date_effective date_payment date_collected date_reported date_filled date_discard "
                     "date_pay_period date_letter date_transaction date_due date_onset card_expiry ts_hl7 ts_edi "
                     "ts_iso ts_log ts_email masked_dob age date_appointment ts_epoch date_received",
    "UK_NHS": "masked_nhs nhs_fail_mod11 nhs_shaped_ref ods_code eps_prescription_id",
    "US_DEA": "dea_fail masked_dea state_license",
    "AWS_ACCESS_KEY": "aws_secret_key aws_account_id aws_arn aws_example_key aws_masked_key aws_session_token "
                      "aws_role_id",
    "GITHUB_TOKEN": "gh_masked gh_placeholder git_sha git_sha_short gh_checksum_fail gitlab_token npm_token",
    "PRIVATE_KEY": "public_key_block certificate_block redacted_private_key ssh_public_key",
    "other": "amount cpt_code hcpcs_code icd10_code ndc_code loinc_code zip_code payer_id ticket_ref invoice_number "
             "order_number hl7_control_id gs_control_number st_control_number employee_id ncpdp_id policy_number "
             "vin uuid json_id byte_count mandate_reference customer_number batch_id group_number case_number "
             "tax_reference revenue_code file_ref hex_hash port_number form_number reference_range",
}
KIND_TARGET = {k: ent for ent, ks in _KT.items() for k in ks.split()}
PASS_KINDS = {"luhn_claim_icn": "LUHN", "test_pan": "LUHN", "ssn_shaped_ref": "SSN", "aba_shaped_ref": "ABA",
              "npi_shaped_ref": "NPI", "nhs_shaped_ref": "NHS", "iban_doc_example": "IBAN"}


# =====================================================================================================
# positive value generators (each returns a Val; fv = family.variant[.style])
# =====================================================================================================

def rd(r, n):
    return "".join(r.choice("0123456789") for _ in range(n))


def rdig(r, n, lead="123456789"):
    """n random digits (first from lead) that pass no same-length checksum by accident."""
    while True:
        d = r.choice(lead) + rd(r, n - 1)
        if accidental(d) is None and not (n == 9 and ssn_ok(d) and False):
            return d


def group(d, sizes, sep=" "):
    out, i = [], 0
    for s in sizes:
        out.append(d[i:i + s])
        i += s
    if i < len(d):
        out.append(d[i:])
    return sep.join(x for x in out if x)


def g_card(r, brand=None, style=None):
    brand = brand or r.choice(["visa", "visa", "visa", "mc", "mc", "mc2", "amex", "discover", "jcb", "diners"])
    while True:
        if brand == "visa":
            body, n = "4" + rd(r, 5), 16
        elif brand == "mc":
            body, n = str(r.randint(51, 55)) + rd(r, 4), 16
        elif brand == "mc2":
            body, n = str(r.randint(2221, 2720)) + rd(r, 2), 16
        elif brand == "amex":
            body, n = r.choice(["34", "37"]) + rd(r, 4), 15
        elif brand == "discover":
            body, n = r.choice(["6011", "65" + rd(r, 2), str(r.randint(644, 649)) + rd(r, 1)]) + rd(r, 2), 16
        elif brand == "jcb":
            body, n = str(r.randint(3528, 3589)) + rd(r, 2), 16
        else:
            body, n = "36" + rd(r, 4), 14
        body += rd(r, n - 1 - len(body))
        d = body + luhn_digit(body)
        if card_ok(d):
            break
    style = style or r.choice(["space", "space", "compact", "dash"])
    if n == 15:
        txt = {"space": group(d, [4, 6, 5]), "dash": group(d, [4, 6, 5], "-"), "compact": d}[style]
    elif n == 14:
        txt = {"space": group(d, [4, 6, 4]), "dash": group(d, [4, 6, 4], "-"), "compact": d}[style]
    else:
        txt = {"space": group(d, [4, 4, 4, 4]), "dash": group(d, [4, 4, 4, 4], "-"), "compact": d}[style]
    return Val(txt, "CREDIT_CARD", f"card.{brand}.{style}")


def g_ssn(r, style=None):
    while True:
        a = r.randint(1, 899)
        if a != 666:
            break
    d = f"{a:03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
    style = style or r.choice(["dash", "dash", "dash", "space", "compact"])
    txt = {"dash": group(d, [3, 2, 4], "-"), "space": group(d, [3, 2, 4]), "compact": d}[style]
    return Val(txt, "US_SSN", f"ssn.{style}")


def _ascii(s):
    tr = str.maketrans("äöüéèêëáàâíìîóòôúùûñçåøÄÖÜÉÁÍÓÚÑÇ", "aoueeeeaaaiiiooouuuncaoAOUEAIOUNC")
    return re.sub(r"[^a-z]", "", s.replace("ß", "ss").lower().translate(tr))


def g_email(r, first, last, domain, style=None):
    f, l = _ascii(first), _ascii(last)
    style = style or r.choice(["first_dot_last", "first_dot_last", "flast", "first", "role", "first_last",
                               "first_plus_tag", "f_dot_last", "last_first_initial"])
    local = {"first_dot_last": f"{f}.{l}", "flast": f"{f[0]}{l}", "first": f, "first_last": f"{f}_{l}",
             "first_plus_tag": f"{f}+{r.choice(['claims', 'billing', 'portal', 'edi', 'hr'])}",
             "f_dot_last": f"{f[0]}.{l}", "last_first_initial": f"{l}{f[0]}",
             "role": r.choice(["billing", "claims", "edi-support", "payroll", "accounts", "frontdesk", "remits",
                               "it-helpdesk", "records", "pharmacy", "finance", "ops"])}[style]
    return Val(f"{local}@{domain}", "EMAIL_ADDRESS", f"email.{style}")


def g_phone(r, region, style=None):
    if region == "us":
        a = r.choice(US_AREA)
        ex = str(r.randint(2, 9)) + rd(r, 2)
        while ex[1:] == "11" or ex == "555":
            ex = str(r.randint(2, 9)) + rd(r, 2)
        ln = rd(r, 4)
        style = style or r.choice(["paren", "paren", "dash", "dash", "dot", "plus1", "plus1_dash", "one_dash", "tollfree"])
        if style == "tollfree":
            a = r.choice(["800", "888", "877", "866", "855"])
        txt = {"paren": f"({a}) {ex}-{ln}", "dash": f"{a}-{ex}-{ln}", "dot": f"{a}.{ex}.{ln}",
               "plus1": f"+1 {a} {ex} {ln}", "plus1_dash": f"+1-{a}-{ex}-{ln}", "one_dash": f"1-{a}-{ex}-{ln}",
               "tollfree": f"1-{a}-{ex}-{ln}", "hl7": f"({a}){ex}-{ln}", "compact": f"{a}{ex}{ln}",
               "e164": f"+1{a}{ex}{ln}"}[style]
        return Val(txt, "PHONE_NUMBER", f"phone.us.{style}")
    if region == "uk":
        kind = r.choice(["london", "geo", "mobile", "mobile"])
        if kind == "london":
            nat, intl = f"020 {r.choice('378')}{rd(r, 3)} {rd(r, 4)}", None
        elif kind == "geo":
            ac = r.choice(["113", "161", "1792", "1603", "1772", "117", "131"])
            if len(ac) == 3:
                rest = str(r.randint(2, 8)) + rd(r, 6)
                nat = f"0{ac} {rest[:3]} {rest[3:]}"
            else:
                nat = f"0{ac} {r.randint(2, 8)}{rd(r, 5)}"
        else:
            nat = f"07{r.choice('4589')}{rd(r, 2)} {rd(r, 6)}"
        style = style or r.choice(["nat", "nat", "intl"])
        txt = nat if style == "nat" else "+44 " + nat[1:]
        return Val(txt, "PHONE_NUMBER", f"phone.gb.{kind}_{style}")
    if region == "de":
        opts = [f"+49 30 {rd(r, 8)}", f"+49 89 {rd(r, 4)} {rd(r, 4)}", f"040 {rd(r, 7)}",
                f"+49 151 {r.randint(2, 9)}{rd(r, 7)}", f"0221 {rd(r, 3)} {rd(r, 4)}", f"+49 (0)69 {rd(r, 8)}"]
    elif region == "fr":
        p = lambda: " ".join(rd(r, 2) for _ in range(4))
        opts = [f"+33 1 {p()}", f"01 {p()}", f"06 {p()}", f"+33 (0)4 {p()}", f"+33 6 {p()}"]
    elif region == "es":
        opts = [f"+34 91{r.randint(2, 9)} {rd(r, 3)} {rd(r, 3)}", f"6{rd(r, 2)} {rd(r, 3)} {rd(r, 3)}",
                f"+34 93 {rd(r, 3)} {rd(r, 2)} {rd(r, 2)}", f"96{r.randint(2, 9)} {rd(r, 2)} {rd(r, 2)} {rd(r, 2)}"]
    elif region == "it":
        opts = [f"+39 02 {rd(r, 4)} {rd(r, 4)}", f"+39 3{r.randint(20, 49)} {rd(r, 3)} {rd(r, 4)}",
                f"06 {rd(r, 4)} {rd(r, 4)}", f"3{r.randint(20, 49)} {rd(r, 7)}"]
    else:
        opts = [f"+31 20 {rd(r, 3)} {rd(r, 4)}", f"020-{rd(r, 7)}", f"06-{r.randint(1, 6)}{rd(r, 7)}",
                f"+31 6 {r.randint(1, 6)}{rd(r, 7)}", f"+31 (0)30 {rd(r, 3)} {rd(r, 4)}"]
    txt = r.choice(opts)
    return Val(txt, "PHONE_NUMBER", f"phone.{region}")


NL_BANKS, GB_BANKS, IE_BANKS = ["ABNA", "INGB", "RABO", "TRIO", "KNAB", "SNSB", "ASNB"], ["NWBK", "BARC", "LOYD", "HBUK", "MIDL"], ["AIBK", "BOFI"]


def iban_build(r, cc):
    while True:
        spec = IBAN_BBAN[cc]
        bban = ""
        for k, t in re.findall(r"(\d+)([nac])", spec):
            k = int(k)
            if t == "a":
                if cc == "NL":
                    bban += r.choice(NL_BANKS)
                elif cc == "GB":
                    bban += r.choice(GB_BANKS)
                elif cc == "IE":
                    bban += r.choice(IE_BANKS)
                else:
                    bban += "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(k))
            else:
                bban += rd(r, k)
        if cc == "BE":
            x = int(bban[:10]) % 97 or 97
            bban = bban[:10] + f"{x:02d}"
        chk = 98 - iban_mod(cc + "00" + bban)
        s = f"{cc}{chk:02d}{bban}"
        if iban_ok(s):
            return s


def g_iban(r, cc, style=None):
    s = iban_build(r, cc)
    style = style or r.choice(["group", "group", "compact"])
    txt = group(s, [4] * 8) if style == "group" else s
    return Val(txt, "IBAN_CODE", f"iban.{cc.lower()}.{style}")


def g_aba(r):
    while True:
        d = r.choice(ABA_PREFIXES) + rd(r, 6)
        for c in "0123456789":
            if aba_ok(d + c):
                return Val(d + c, "ABA_ROUTING_NUMBER", f"aba.fed{d[:2]}")


def g_ip(r, kind=None):
    kind = kind or r.choice(["v4pub", "v4pub", "v4priv", "v4priv", "v6"])
    while True:
        if kind == "v4pub":
            s = f"{r.choice([23, 34, 45, 52, 64, 71, 81, 89, 91, 104, 134, 145, 152, 173, 185, 195, 212])}." \
                f"{r.randint(1, 254)}.{r.randint(0, 254)}.{r.randint(1, 254)}"
        elif kind == "v4priv":
            s = r.choice([f"10.{r.randint(0, 254)}.{r.randint(0, 254)}.{r.randint(2, 254)}",
                          f"192.168.{r.randint(0, 254)}.{r.randint(2, 254)}",
                          f"172.{r.randint(16, 31)}.{r.randint(0, 254)}.{r.randint(2, 254)}"])
        else:
            s = r.choice(["2a02:", "2600:", "2001:4860:", "fd12:", "2a01:"]) + ":".join(
                f"{r.randint(1, 0xffff):x}" for _ in range(3)) + "::" + f"{r.randint(1, 0xfff):x}"
        if ip_ok(s):
            return Val(s, "IP_ADDRESS", f"ip.{kind}")


def g_mrn(r, style=None):
    style = style or r.choice(["d7", "d8", "d8", "m7", "mr6", "z8", "e9", "d10"])
    txt = {"d7": rdig(r, 7), "d8": rdig(r, 8), "m7": "M" + rdig(r, 7), "mr6": "MR" + rdig(r, 6),
           "z8": "00" + rdig(r, 6), "e9": "E" + rdig(r, 9), "d10": rdig(r, 10), "h6": rdig(r, 6)}[style]
    return Val(txt, "MEDICAL_RECORD_NUMBER", f"mrn.{style}")


def g_npi(r):
    while True:
        body = r.choice("12") + rd(r, 8)
        d = body + luhn_digit("80840" + body)[-1]
        if npi_ok(d):
            return Val(d, "US_NPI", "npi.plain")


def rand_date(r, y0, y1):
    return dt.date(r.randint(y0, y1), r.randint(1, 12), r.randint(1, 28))


def fmt_date(d, style, lang="en"):
    if style == "us":
        return d.strftime("%m/%d/%Y")
    if style == "us_yy":
        return d.strftime("%m/%d/%y")
    if style == "eu_slash":
        return d.strftime("%d/%m/%Y")
    if style == "eu_dot":
        return d.strftime("%d.%m.%Y")
    if style == "nl_dash":
        return d.strftime("%d-%m-%Y")
    if style == "iso":
        return d.isoformat()
    if style == "compact":
        return d.strftime("%Y%m%d")
    if style == "mmddyyyy":
        return d.strftime("%m%d%Y")
    if style == "boxes":
        return d.strftime("%m %d %Y")
    if style == "boxes_yy":
        return d.strftime("%m %d %y")
    if style == "long_mdy":
        return f"{MONTHS['en'][d.month - 1]} {d.day}, {d.year}"
    if style == "abbr_mdy":
        return f"{MONTH_ABBR[d.month - 1]} {d.day:02d}, {d.year}"
    if style == "long_dmy":
        return f"{d.day} {MONTHS['en'][d.month - 1]} {d.year}"
    if style == "abbr_dmy":
        return f"{d.day:02d}-{MONTH_ABBR[d.month - 1]}-{d.year}"
    if style == "local_long":
        sep = ". " if lang == "de" else " "
        return f"{d.day}{sep}{MONTHS[lang][d.month - 1]} {d.year}"
    raise KeyError(style)


def region_date_style(region):
    return {"us": "us", "uk": "eu_slash", "de": "eu_dot", "fr": "eu_slash", "es": "eu_slash", "it": "eu_slash",
            "nl": "nl_dash"}[region]


def g_dob(r, style, lang="en"):
    d = rand_date(r, 1936, 2006)
    return Val(fmt_date(d, style, lang), "DATE_OF_BIRTH", f"dob.{style}")


def g_nhs(r, style=None):
    while True:
        d = r.choice("46") + rd(r, 8)
        s = sum(int(d[i]) * (10 - i) for i in range(9))
        c = 11 - s % 11
        c = 0 if c == 11 else c
        if c != 10:
            d += str(c)
            break
    style = style or r.choice(["spaced", "spaced", "compact", "dashed"])
    txt = {"spaced": group(d, [3, 3, 4]), "compact": d, "dashed": group(d, [3, 3, 4], "-")}[style]
    return Val(txt, "UK_NHS", f"nhs.{style}")


def g_dea(r, surname):
    first = r.choice("ABFGM")
    ini = _ascii(surname)[0].upper()
    d = rd(r, 6)
    c = (int(d[0]) + int(d[2]) + int(d[4]) + 2 * (int(d[1]) + int(d[3]) + int(d[5]))) % 10
    return Val(f"{first}{ini}{d}{c}", "US_DEA", f"dea.{first.lower()}x")


AWS_ALPHA = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def g_aws(r, kind=None):
    kind = kind or r.choice(["AKIA", "AKIA", "AKIA", "ASIA"])
    while True:
        s = kind + "".join(r.choice(AWS_ALPHA) for _ in range(16))
        if aws_ok(s):
            return Val(s, "AWS_ACCESS_KEY", f"aws.{kind.lower()}")


ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def ralnum(r, n, alpha=ALNUM):
    while True:
        s = "".join(r.choice(alpha) for _ in range(n))
        if not re.search(r"\d{5}", s):
            return s


def g_gh(r, kind=None):
    kind = kind or r.choice(["ghp", "ghp", "ghp", "gho", "ghs", "ghu", "ghr", "pat"])
    if kind == "pat":
        s = "github_pat_11" + ralnum(r, 20, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "_" + ralnum(r, 59)
    else:
        body = ralnum(r, 30)
        s = f"{kind}_{body}{b62(zlib.crc32(body.encode()) & 0xFFFFFFFF)}"
        if re.search(r"\d{5}", s):
            return g_gh(r, kind)
    return Val(s, "GITHUB_TOKEN", f"gh.{kind}")


def b64_lines(r, nbytes, head=b"", width=64, indent=""):
    raw = head + bytes(r.randrange(256) for _ in range(nbytes - len(head)))
    s = base64.b64encode(raw).decode()
    return "\n".join(indent + s[i:i + width] for i in range(0, len(s), width))


PEM_KINDS = {"rsa": ("RSA PRIVATE KEY", 610, b"\x30\x82\x02\x5e\x02\x01\x00\x02\x81\x81\x00", 64),
             "rsa2048": ("RSA PRIVATE KEY", 1192, b"\x30\x82\x04\xa4\x02\x01\x00\x02\x82\x01\x01\x00", 64),
             "pkcs8": ("PRIVATE KEY", 48, b"\x30\x2e\x02\x01\x00\x30\x05\x06\x03\x2b\x65\x70\x04\x22\x04\x20", 64),
             "ec": ("EC PRIVATE KEY", 121, b"\x30\x77\x02\x01\x01\x04\x20", 64),
             "openssh": ("OPENSSH PRIVATE KEY", 400, b"openssh-key-v1\x00\x00\x00\x00\x04none", 70),
             "encrypted": ("ENCRYPTED PRIVATE KEY", 250, b"\x30\x81\xf6\x30\x61\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x05\x0d", 64)}


def pem_text(r, label, nbytes, head, width, indent=""):
    return (f"-----BEGIN {label}-----\n" + b64_lines(r, nbytes, head, width, indent) + f"\n{indent}-----END {label}-----")


def g_pkey(r, kind=None, indent=""):
    kind = kind or r.choice(["rsa", "rsa", "rsa2048", "pkcs8", "ec", "ec", "openssh", "openssh", "encrypted"])
    label, n, head, w = PEM_KINDS[kind]
    return Val(pem_text(r, label, n, head, w, indent), "PRIVATE_KEY", f"pkey.{kind}")


# =====================================================================================================
# masked forms (benign notes and masked hard negatives)
# =====================================================================================================

def mask(r, v):
    t, e = v.text, v.ent
    d = digits_of(t)
    if e == "CREDIT_CARD":
        return Neg(r.choice([f"**** **** **** {d[-4:]}", f"XXXX-XXXX-XXXX-{d[-4:]}", f"{'*' * 12}{d[-4:]}",
                             f"{d[:4]} **** **** {d[-4:]}"]), "masked_card")
    if e == "US_SSN":
        return Neg(r.choice([f"XXX-XX-{d[-4:]}", f"***-**-{d[-4:]}", "XXX-XX-XXXX"]), "masked_ssn")
    if e == "EMAIL_ADDRESS":
        loc, dom = t.split("@")
        return Neg(f"{loc[0]}{'*' * 4}@{dom}", "masked_email")
    if e == "PHONE_NUMBER":
        return Neg(r.choice([f"(***) ***-{d[-4:]}", f"***-***-{d[-4:]}", f"+** **** ***{d[-3:]}"]), "masked_phone")
    if e == "IBAN_CODE":
        c = t.replace(" ", "")
        return Neg(r.choice([f"{c[:2]}** **** **** **** {c[-4:]}", f"{c[:4]} **** **** **** **{c[-2:]}"]), "masked_iban")
    if e == "ABA_ROUTING_NUMBER":
        return Neg(f"*****{d[-4:]}", "masked_routing")
    if e == "IP_ADDRESS":
        return Neg(".".join(t.split(".")[:2]) + ".x.x" if "." in t else t.split(":")[0] + ":****:****::*", "masked_ip")
    if e == "MEDICAL_RECORD_NUMBER":
        return Neg(f"****{t[-4:]}", "masked_mrn")
    if e == "US_NPI":
        return Neg(f"{t[0]}{'*' * 7}{t[-2:]}", "masked_npi")
    if e == "DATE_OF_BIRTH":
        return Neg(r.choice(["**/**/" + str(parse_date_any(t).year), "XX/XX/XXXX", "**.**.****"]),
                   "masked_dob")
    if e == "UK_NHS":
        return Neg(f"*** *** {d[-4:]}", "masked_nhs")
    if e == "US_DEA":
        return Neg(f"{t[:2]}*****{t[-2:]}", "masked_dea")
    if e == "AWS_ACCESS_KEY":
        return Neg(f"{t[:4]}{'*' * 12}{t[-4:]}", "aws_masked_key")
    if e == "GITHUB_TOKEN":
        return Neg(t.split("_")[0] + "_" + "*" * 10 + t[-4:], "gh_masked")
    if e == "PRIVATE_KEY":
        lab = re.match(r"-----BEGIN ([A-Z ]+)-----", t).group(1)
        return Neg(f"-----BEGIN {lab}-----\n[redacted by sender -- key material removed]\n-----END {lab}-----",
                   "redacted_private_key")
    raise KeyError(e)


# =====================================================================================================
# hard-negative generators: NEGGEN[kind](ctx) -> text
# =====================================================================================================

HEX = "0123456789abcdef"


def rhex(r, n, up=False):
    s = "".join(r.choice(HEX) for _ in range(n))
    return s.upper() if up else s


def n_digits_fmt(r, n, sizes=None, sep=" ", lead="123456789"):
    d = rdig(r, n, lead)
    return group(d, sizes, sep) if sizes else d


def _luhn_pass(r, n, lead="123456789"):
    while True:
        body = r.choice(lead) + rd(r, n - 2)
        d = body + luhn_digit(body)
        if d not in TEST_PANS:
            return d


def _ssn_like(r, valid):
    while True:
        if valid:
            a = r.randint(1, 899)
            if a == 666:
                continue
            d = f"{a:03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
        else:
            d = r.choice(["000", "666", str(r.randint(900, 999))]) + f"{r.randint(10, 49):02d}{r.randint(1, 9999):04d}"
        if not aba_ok(d):
            return group(d, [3, 2, 4], "-")


def _iban_wrong_len(r):
    cc = r.choice(["DE", "NL", "GB", "FR", "ES"])
    good = iban_build(r, cc)
    bban = good[4:] + rd(r, 1)
    chk = 98 - iban_mod(cc + "00" + bban)
    return group(f"{cc}{chk:02d}{bban}", [4] * 9)


def _iban_bad(r):
    cc = r.choice(["DE", "NL", "GB", "FR", "ES", "IT", "BE", "AT"])
    good = iban_build(r, cc)
    while True:
        bad = good[:2] + f"{r.randint(2, 98):02d}" + good[4:]
        if not iban_ok(bad):
            return group(bad, [4] * 8)


def _until(fn):
    while True:
        s = fn()
        if re.search(r"[0158]", s[1:]):
            return s


def _garble(r, s, subs="0O 1l 5S 8B".split()):
    idx = [i for i, c in enumerate(s) if c in "0158" and i > 0]
    i = r.choice(idx)
    rep = {"0": "O", "1": "l", "5": "S", "8": "B"}[s[i]]
    return s[:i] + rep + s[i + 1:]


def _npi_pass(r):
    while True:
        body = "1" + rd(r, 8)
        d = body + luhn_digit("80840" + body)[-1]
        if npi_luhn(d) and not nhs_ok(d):
            return d


def _nhs_pass(r):
    while True:
        d = r.choice("123456789") + rd(r, 8)
        for c in "0123456789":
            if nhs_ok(d + c) and not npi_luhn(d + c):
                return d + c


def _aba_pass(r):
    while True:
        d = "0" + str(r.randint(1, 9)) + rd(r, 6)
        for c in "0123456789":
            if aba_ok(d + c):
                return d + c


def _dea_fail(r):
    while True:
        s = r.choice("ABFM") + r.choice("BCDHKLMPRSTW") + rd(r, 7)
        if not dea_ok(s):
            return s


def _gh_fail(r):
    body = ralnum(r, 30)
    good = b62(zlib.crc32(body.encode()) & 0xFFFFFFFF)
    while True:
        bad = ralnum(r, 6)
        if bad != good:
            return f"ghp_{body}{bad}"


def _epoch(r):
    while True:
        s = str(r.randint(1_600_000_000, 1_760_000_000)) + r.choice(["", rd(r, 3)])
        if accidental(s) is None:
            return s


def _amount(c):
    r = c.r
    v = r.randint(1, 9999) + r.randint(0, 99) / 100
    if c.region == "us":
        return f"${v:,.2f}"
    if c.region == "uk":
        return f"£{v:,.2f}"
    s = f"{v:,.2f}".replace(",", " ").replace(".", ",")
    return f"{s} €" if c.region in ("fr", "de", "es", "it") else f"€ {s}"


def _bic(r, cc):
    return "".join(r.choice("ABCDEFGHIJKLMNOPRSTUVWZ") for _ in range(4)) + cc + r.choice(
        ["2X", "FF", "MM", "22", "HH", "2A"]) + r.choice(["", "", "XXX", "100", "B01"])


def _creditor_id(r, cc):
    nat = rd(r, 11) if cc == "DE" else rd(r, 6) if cc == "FR" else rd(r, 9)
    num = "".join(str(int(ch, 36)) for ch in nat + cc + "00")
    chk = 98 - int(num) % 97
    return f"{cc}{chk:02d}ZZZ{nat}"


def _vat(r, cc):
    if cc == "DE":
        return "DE" + rdig(r, 9)
    if cc == "GB":
        return f"GB {rd(r, 3)} {rd(r, 4)} {rd(r, 2)}"
    if cc == "FR":
        return f"FR{rd(r, 2)} {rd(r, 9)}"
    if cc == "NL":
        return f"NL{rdig(r, 9)}B0{r.randint(1, 9)}"
    if cc == "IT":
        return f"IT{rd(r, 11)}"
    return f"ES{r.choice('ABX')}{rd(r, 8)}"


def _pubkey_block(r):
    return pem_text(r, "PUBLIC KEY", 162, b"\x30\x81\x9f\x30\x0d\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01", 64)


def _cert_block(r):
    return pem_text(r, "CERTIFICATE", 420, b"\x30\x82\x01\xa0\x30\x82\x01\x46\xa0\x03\x02\x01\x02", 64)


NEGGEN = {
    "last4_digits": lambda c: rd(c.r, 4),
    "luhn_claim_icn": lambda c: _luhn_pass(c.r, c.r.choice([15, 16])),
    "claim_icn": lambda c: rdig(c.r, c.r.choice([13, 14, 15, 17])),
    "acquirer_ref": lambda c: c.r.choice("27") + rd(c.r, 22),
    "merchant_id": lambda c: rdig(c.r, 15),
    "test_pan": lambda c: group(c.r.choice(sorted(p for p in TEST_PANS if len(p) == 16)), [4, 4, 4, 4]),
    "ocr_garbled_card": lambda c: _garble(c.r, _until(lambda: g_card(c.r, "visa", "space").text)),
    "asana_gid": lambda c: rdig(c.r, 16, "1"),
    "auth_code": lambda c: c.r.choice([rd(c.r, 6), ralnum(c.r, 6, "ABCDEF0123456789")]),
    "ein": lambda c: (lambda d: f"{d[:2]}-{d[2:]}")(rdig(c.r, 9, "12345689")),
    "ssn_invalid": lambda c: _ssn_like(c.r, False),
    "itin": lambda c: (lambda d: f"9{d[:2]}-{c.r.choice([70, 75, 78, 81, 84, 88, 90, 94])}-{d[2:]}")(rd(c.r, 6)),
    "ssn_shaped_ref": lambda c: _ssn_like(c.r, True),
    "ocr_garbled_ssn": lambda c: _garble(c.r, g_ssn(c.r, "dash").text) if re.search(r"[0158]", "x") is None else "",
    "zip_plus4": lambda c: (lambda d: f"{d[:5]}-{d[5:]}")(rdig(c.r, 9)),
    "placeholder_email": lambda c: c.r.choice(["name@example.com", "you@yourcompany.com", "firstname.lastname@domain.com",
                                               "patient@example.org", "user@example.net"]),
    "cid_ref": lambda c: f"image00{c.r.randint(1, 9)}.{c.r.choice(['png', 'jpg'])}@{rhex(c.r, 8, True)}.{rhex(c.r, 8, True)}",
    "message_id": lambda c: f"{ralnum(c.r, 22)}@{c.r.choice(['mail.gmail.com', 'EUR03.prod.outlook.com', 'mx.formcast.app'])}",
    "user_at_host": lambda c: f"{c.r.choice(['root', 'edi', 'svc_remit', 'deploy'])}@{c.r.choice(['ip-10-0-3-17', 'sftp01', 'hl7-engine', 'db-prod-02'])}",
    "scoped_pkg": lambda c: f"@{c.r.choice(['formcast', 'remitbridge', 'chartloop'])}/{c.r.choice(['pdf-extract', 'x12-parser', 'hl7-lite'])}@{c.r.randint(1, 6)}.{c.r.randint(0, 20)}.{c.r.randint(0, 9)}",
    "phone_shaped_id": lambda c: (lambda d: f"{d[:3]}-{d[3:6]}-{d[6:]}")(rdig(c.r, 10, "23456789")),
    "ocr_garbled_phone": lambda c: _garble(c.r, g_phone(c.r, "us", "paren").text) if True else "",
    "bic": lambda c: _bic(c.r, c.cc),
    "iban_bad_checksum": lambda c: _iban_bad(c.r),
    "sepa_creditor_id": lambda c: _creditor_id(c.r, c.cc if c.cc in ("DE", "FR", "NL", "ES", "IT") else "DE"),
    "iban_doc_example": lambda c: c.r.choice(["DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19",
                                              "NL91 ABNA 0417 1643 00"]),
    "sort_code": lambda c: f"{c.r.randint(10, 99)}-{rd(c.r, 2)}-{rd(c.r, 2)}",
    "vat_id": lambda c: _vat(c.r, c.cc),
    "ocr_garbled_iban": lambda c: _garble(c.r, _until(lambda: g_iban(c.r, c.cc if c.cc in IBAN_LEN else "DE", "group").text)),
    "iban_wrong_length": lambda c: _iban_wrong_len(c.r),
    "bank_account_number": lambda c: rdig(c.r, c.r.choice([8, 10, 11, 12])),
    "check_number": lambda c: rdig(c.r, c.r.choice([6, 7, 8])),
    "eft_trace": lambda c: rdig(c.r, c.r.choice([9, 11, 12, 15])),
    "aba_shaped_ref": lambda c: _aba_pass(c.r),
    "originating_company_id": lambda c: rdig(c.r, 10, "1"),
    "isa_control_number": lambda c: "0000" + rdig(c.r, 5),
    "version_string": lambda c: c.r.choice(["2.5.1", "2.3", "2.4", "005010X222A1", "005010X221A1", "4.0.1",
                                            f"{c.r.randint(1, 9)}.{c.r.randint(0, 19)}.{c.r.randint(0, 30)}.{c.r.randint(100, 999)}"]),
    "oid": lambda c: f"2.16.840.1.113883.{c.r.choice(['3', '19', '4'])}.{c.r.randint(100, 9999)}",
    "mac_address": lambda c: ":".join(rhex(c.r, 2) for _ in range(6)),
    "ip_bad_octet": lambda c: f"10.{c.r.randint(256, 399)}.{c.r.randint(0, 254)}.{c.r.randint(1, 254)}",
    "netmask": lambda c: c.r.choice(["255.255.255.0", "255.255.0.0", "255.255.255.128", "255.255.252.0"]),
    "claim_number": lambda c: c.r.choice([f"CLM{rdig(c.r, 8)}", f"{rd(c.r, 2)}{c.r.choice('ABCEHK')}{rd(c.r, 7)}",
                                          f"C-{rdig(c.r, 7)}", rdig(c.r, 11)]),
    "encounter_number": lambda c: c.r.choice([f"V{rdig(c.r, 8)}", f"ENC-{rdig(c.r, 7)}", rdig(c.r, 11)]),
    "patient_account_no": lambda c: c.r.choice([f"PA{rdig(c.r, 7)}", rdig(c.r, 8), f"{ralnum(c.r, 3, 'ABCDEFGHJKLMNPRSTUVWXYZ')}{rdig(c.r, 6)}"]),
    "accession_number": lambda c: f"{c.r.choice(['A', 'LAB', 'S', 'CH'])}{rd(c.r, 2)}-{rdig(c.r, 6)}",
    "member_id": lambda c: c.r.choice([f"{ralnum(c.r, 3, 'ABCDEFGHJKLMNPQRSTUVWXYZ')}{rdig(c.r, 9)}",
                                       f"W{rdig(c.r, 8)}", f"{rdig(c.r, 9)}0{c.r.randint(1, 3)}"]),
    "rx_number": lambda c: f"{c.r.choice(['', 'RX ', 'Rx#'])}{rdig(c.r, 7)}",
    "prior_auth_number": lambda c: f"PA{rdig(c.r, 9)}",
    "specimen_id": lambda c: f"SP-{rd(c.r, 2)}-{rdig(c.r, 6)}",
    "document_control_no": lambda c: rdig(c.r, 13),
    "filler_order_no": lambda c: f"F{rdig(c.r, 8)}",
    "placer_order_no": lambda c: f"ORD{rdig(c.r, 7)}",
    "ten_digit_ref": lambda c: rdig(c.r, 10),
    "npi_shaped_ref": lambda c: _npi_pass(c.r),
    "nhs_shaped_ref": lambda c: _nhs_pass(c.r),
    "taxonomy_code": lambda c: c.r.choice(["207Q00000X", "208D00000X", "363LF0000X", "261QU0200X", "207R00000X",
                                           "225100000X", "282N00000X", "3336C0003X"]),
    "clia_number": lambda c: f"{rd(c.r, 2)}D{rd(c.r, 7)}",
    "ocr_garbled_npi": lambda c: _garble(c.r, _until(lambda: g_npi(c.r).text)),
    "nhs_fail_mod11": lambda c: (lambda d: group(d, [3, 3, 4]))(
        next(x for x in iter(lambda: rdig(c.r, 10, "46"), None) if not nhs_ok(x))),
    "ods_code": lambda c: f"{c.r.choice('ABCDEFGHJKLMNPY')}{rd(c.r, 5)}",
    "eps_prescription_id": lambda c: f"{rhex(c.r, 6, True)}-{rhex(c.r, 6, True)}-{rhex(c.r, 5, True)}{c.r.choice('ABCX+')}",
    "dea_fail": lambda c: _dea_fail(c.r),
    "state_license": lambda c: c.r.choice([f"MD{rdig(c.r, 6)}", f"{c.r.choice('ACDG')}{rdig(c.r, 5)}",
                                           f"RPH.{rdig(c.r, 7)}"]),
    "aws_secret_key": lambda c: ralnum(c.r, 40, ALNUM + "/+"),
    "aws_account_id": lambda c: rdig(c.r, 12),
    "aws_arn": lambda c: f"arn:aws:iam::{rdig(c.r, 12)}:{c.r.choice(['user/edi-uploader', 'role/remit-ingest', 'user/ocr-batch'])}",
    "aws_example_key": lambda c: c.r.choice(["AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE"]),
    "aws_session_token": lambda c: "IQoJb3JpZ2luX2Vj" + ralnum(c.r, 180, ALNUM + "/+"),
    "aws_role_id": lambda c: "AROA" + ralnum(c.r, 17, AWS_ALPHA),
    "gh_placeholder": lambda c: c.r.choice(["ghp_" + "x" * 36, "ghp_YOUR_TOKEN_HERE", "ghp_<redacted>"]),
    "git_sha": lambda c: rhex(c.r, 40),
    "git_sha_short": lambda c: rhex(c.r, 7),
    "gh_checksum_fail": lambda c: _gh_fail(c.r),
    "gitlab_token": lambda c: "glpat-" + ralnum(c.r, 20),
    "npm_token": lambda c: "npm_" + ralnum(c.r, 36),
    "public_key_block": lambda c: _pubkey_block(c.r),
    "certificate_block": lambda c: _cert_block(c.r),
    "ssh_public_key": lambda c: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAA" + ralnum(c.r, 43) + " " + c.r.choice(
        ["deploy@sftp01", "edi-batch", "ops-laptop"]),
    "amount": _amount,
    "cpt_code": lambda c: c.r.choice(["99213", "99214", "99203", "80053", "85025", "36415", "97110", "93000",
                                      "71046", "90471", "81002", "99396"]),
    "hcpcs_code": lambda c: c.r.choice(["J1885", "G0439", "A4253", "E0601", "J3420", "Q9967"]),
    "icd10_code": lambda c: c.r.choice(["E11.9", "I10", "J06.9", "M54.50", "Z00.00", "E78.5", "R51.9", "N39.0"]),
    "ndc_code": lambda c: c.r.choice([f"{rd(c.r, 5)}-{rd(c.r, 4)}-{rd(c.r, 2)}", f"{rd(c.r, 4)}-{rd(c.r, 4)}-{rd(c.r, 2)}",
                                      f"{rd(c.r, 5)}-{rd(c.r, 3)}-{rd(c.r, 2)}"]),
    "loinc_code": lambda c: c.r.choice(["2345-7", "2160-0", "17861-6", "2951-2", "6690-2", "718-7", "4548-4",
                                        "13457-7", "2093-3", "33914-3"]),
    "zip_code": lambda c: (c.city[2] + rd(c.r, 2)) if c.region == "us" else rd(c.r, 5),
    "payer_id": lambda c: c.r.choice([rd(c.r, 5), ralnum(c.r, 5, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789")]),
    "ticket_ref": lambda c: c.r.choice([f"#{rdig(c.r, 6)}", f"SUP-{rd(c.r, 5)}", f"CS-{rdig(c.r, 7)}", f"INC{rdig(c.r, 7)}"]),
    "invoice_number": lambda c: c.r.choice([f"INV-{rdig(c.r, 6)}", f"{rd(c.r, 4)}/{rdig(c.r, 5)}", f"RE{rdig(c.r, 8)}"]),
    "order_number": lambda c: f"{c.r.choice(['SO', 'PO-', 'ORD-'])}{rdig(c.r, 7)}",
    "hl7_control_id": lambda c: c.r.choice([f"MSG{rdig(c.r, 8)}", rdig(c.r, 11), f"{rhex(c.r, 8)}-{rd(c.r, 4)}"]),
    "gs_control_number": lambda c: rdig(c.r, c.r.choice([5, 6, 7])),
    "st_control_number": lambda c: f"{c.r.randint(1, 9999):04d}",
    "employee_id": lambda c: c.r.choice([f"E{rdig(c.r, 6)}", rdig(c.r, 6), f"EMP-{rdig(c.r, 5)}"]),
    "ncpdp_id": lambda c: rdig(c.r, 7),
    "policy_number": lambda c: c.r.choice([f"POL-{rdig(c.r, 8)}", f"{ralnum(c.r, 2, 'ABCDEFGHKLMNPRSTUVW')}{rdig(c.r, 9)}"]),
    "vin": lambda c: ralnum(c.r, 8, "ABCDEFGHJKLMNPRSTUVWXYZ1234") + r_vin_tail(c.r),
    "uuid": lambda c: f"{rhex(c.r, 8)}-{rhex(c.r, 4)}-4{rhex(c.r, 3)}-{c.r.choice('89ab')}{rhex(c.r, 3)}-{rhex(c.r, 12)}",
    "json_id": lambda c: rdig(c.r, c.r.choice([6, 7, 8, 9, 11])),
    "byte_count": lambda c: str(c.r.randint(10000, 9_000_000)),
    "mandate_reference": lambda c: c.r.choice([f"MND-{rdig(c.r, 8)}", f"{ralnum(c.r, 4, 'ABCDEFGHKLMNPRSTUVWXYZ')}{rdig(c.r, 6)}-{rd(c.r, 2)}"]),
    "customer_number": lambda c: c.r.choice([f"KD-{rdig(c.r, 7)}", rdig(c.r, 8), f"C{rdig(c.r, 9)}"]),
    "batch_id": lambda c: f"B{rdig(c.r, 7)}",
    "group_number": lambda c: c.r.choice([f"GRP{rdig(c.r, 6)}", rdig(c.r, 6), f"{ralnum(c.r, 2, 'ABCDEFGHKLMNPRSTUVWXYZ')}{rdig(c.r, 5)}"]),
    "case_number": lambda c: c.r.choice([f"CB-{rdig(c.r, 8)}", f"DSP{rdig(c.r, 9)}"]),
    "tax_reference": lambda c: rdig(c.r, c.r.choice([10, 11])),
    "revenue_code": lambda c: c.r.choice(["0450", "0301", "0320", "0250", "0636", "0730"]),
    "file_ref": lambda c: f"{c.r.choice(['scan', 'IMG', 'doc', 'remit'])}_{rdig(c.r, 6)}",
    "hex_hash": lambda c: rhex(c.r, 64),
    "port_number": lambda c: str(c.r.choice([6661, 2575, 22, 443, 8443, 5432, 10022])),
    "age": lambda c: str(c.r.randint(19, 88)),
}


def r_vin_tail(r):
    return r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + rdig(r, 8, "123456789")


NEGGEN["ocr_garbled_ssn"] = lambda c: _garble(c.r, _ssn_digits_with_garble(c.r))
NEGGEN["ocr_garbled_phone"] = lambda c: _garble(c.r, _phone_with_garble(c.r))


def _ssn_digits_with_garble(r):
    while True:
        s = g_ssn(r, "dash").text
        if re.search(r"[0158]", s):
            return s


def _phone_with_garble(r):
    while True:
        s = g_phone(r, "us", "paren").text
        if re.search(r"[0158]", s[5:]):
            return s

DATE_KINDS = [k for k, t in KIND_TARGET.items() if t == "DATE_OF_BIRTH" and k.startswith("date_")] + ["card_expiry"]


# =====================================================================================================
# per-note context: language, region, persona; positives are masked in benign notes
# =====================================================================================================

REGION_CC = {"us": "US", "uk": "GB", "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL"}


class Ctx:
    def __init__(self, r, lang, region, benign, ocr=False):
        self.r, self.lang, self.region, self.benign, self.ocr = r, lang, region, benign, ocr
        self.cc = REGION_CC[region]
        self.city = r.choice(CITIES["us"]) if region == "us" else ("", "", "")
        self.dstyle = region_date_style(region)
        self.vendor = r.choice(VENDORS)
        self.vdomain = _ascii(self.vendor) + r.choice([".com", ".io", ".app"])

    # ---- people and places
    def name(self, region=None):
        reg = region or self.region
        return self.r.choice(FIRST[reg]), self.r.choice(LAST[reg])

    def org(self):
        return self.r.choice(ORGS[self.region])

    def domain(self):
        return self.r.choice(DOMAINS[self.region])

    def bank(self):
        return self.r.choice(BANKS[self.region])

    # ---- positives
    def P(self, v):
        return mask(self.r, v) if self.benign else v

    def card(self, brand=None, style=None):
        return self.P(g_card(self.r, brand, style))

    def ssn(self, style=None):
        return self.P(g_ssn(self.r, style))

    def email(self, first=None, last=None, domain=None, style=None):
        if first is None:
            first, last = self.name()
        return self.P(g_email(self.r, first, last, domain or self.domain(), style))

    def phone(self, style=None, region=None):
        return self.P(g_phone(self.r, region or self.region, style))

    def iban(self, cc=None, style=None):
        cc = cc or (self.cc if self.cc in IBAN_LEN else self.r.choice(["DE", "NL", "FR"]))
        return self.P(g_iban(self.r, cc, style))

    def aba(self):
        return self.P(g_aba(self.r))

    def ip(self, kind=None):
        return self.P(g_ip(self.r, kind))

    def mrn(self, style=None):
        return self.P(g_mrn(self.r, style))

    def npi(self):
        return self.P(g_npi(self.r))

    def dob(self, style=None):
        return self.P(g_dob(self.r, style or self.dstyle, self.lang))

    def nhs(self, style=None):
        return self.P(g_nhs(self.r, style))

    def dea(self, surname):
        return self.P(g_dea(self.r, surname))

    def aws(self, kind=None):
        return self.P(g_aws(self.r, kind))

    def gh(self, kind=None):
        return self.P(g_gh(self.r, kind))

    def pkey(self, kind=None, indent=""):
        return self.P(g_pkey(self.r, kind, indent))

    # ---- negatives
    def N(self, kind):
        for _ in range(200):
            t = NEGGEN[kind](self)
            if neg_claim_ok(kind, t):
                return Neg(t, kind)
        raise AssertionError(kind)

    def D(self, kind, style=None, y0=2022, y1=2025):
        return Neg(fmt_date(rand_date(self.r, y0, y1), style or self.dstyle, self.lang), kind)

    def TS(self, kind):
        r = self.r
        while True:
            t = dt.datetime(r.randint(2023, 2025), r.randint(1, 12), r.randint(1, 28), r.randint(0, 23), r.randint(0, 59),
                            r.randint(0, 59))
            s = {"ts_iso": t.strftime("%Y-%m-%dT%H:%M:%SZ"), "ts_log": t.strftime("%Y-%m-%d %H:%M:%S"),
             "ts_hl7": t.strftime("%Y%m%d%H%M" + r.choice(["", "%S"])),
             "ts_email": t.strftime("%a, %d %b %Y %H:%M:%S +0000"),
             "ts_epoch": _epoch(r)}[kind]
            if neg_claim_ok(kind, s):
                return Neg(s, kind)

    def amt(self):
        return self.N("amount")

    # ---- OCR label noise (labels only; never values)
    def L(self, label):
        if not self.ocr or self.r.random() < 0.55:
            return label
        r = self.r
        s = label
        op = r.choice(["O0", "l1", "I1", "space", "O0", "space"])
        if op == "O0" and "O" in s:
            i = r.choice([k for k, ch in enumerate(s) if ch == "O"])
            s = s[:i] + "0" + s[i + 1:]
        elif op in ("l1", "I1") and op[0] in s:
            i = r.choice([k for k, ch in enumerate(s) if ch == op[0]])
            s = s[:i] + "1" + s[i + 1:]
        else:
            words = [k for k, ch in enumerate(s) if ch.isalpha() and 0 < k < len(s) - 1 and s[k - 1].isalpha()]
            if words:
                i = r.choice(words)
                s = s[:i] + " " + s[i:]
        return s


def page_break(c, b, page, total):
    if c.ocr:
        b.t(c.r.choice([f"\n\n— {page} —\n\n", f"\n\nPage {page} of {total}\n\f\n", f"\n\nPag e {page} of {total}\n\n"]))
    else:
        b.t(c.r.choice([f"\n\nPage {page} of {total}\n\n", f"\n\n-- {page} of {total} --\n\n", "\n\n\f\n"]))


# =====================================================================================================
# attachment / interchange documents (each appends to a builder b)
# =====================================================================================================

def sp(c, lo=1, hi=4):
    """run-together column gap of PDF-to-text output"""
    return " " * c.r.randint(lo, hi)


def name_up(first, last):
    return f"{_ascii(last).upper() if False else last.upper()}, {first.upper()}"


def doc_cms1500(c, b):
    r, L = c.r, c.L
    pf, pl = c.name()
    inf, inl = (pf, pl) if r.random() < 0.6 else c.name()
    b.line(L("HEALTH INSURANCE CLAIM FORM"))
    b.line(L("APPROVED BY NATIONAL UNIFORM CLAIM COMMITTEE (NUCC) 02/12"))
    b.line("{a}PICA{s}{a}PICA", a=sp(c), s=sp(c, 20, 40))
    b.line(L("1. MEDICARE MEDICAID TRICARE CHAMPVA GROUP HEALTH PLAN FECA OTHER") + sp(c) + L("1a. INSURED'S I.D. NUMBER")
           + sp(c) + "{m}", m=c.N("member_id"))
    dob_style = r.choice(["boxes", "boxes", "boxes_yy", "us"])
    b.line(L("2. PATIENT'S NAME (Last Name, First Name, Middle Initial)") + sp(c) + L("3. PATIENT'S BIRTH DATE")
           + sp(c) + L("SEX"))
    b.line(f"{pl.upper()}, {pf.upper()} {r.choice('ABCDEJKLMRST')}" + sp(c, 3, 8) + "{d}" + sp(c) + r.choice("MF"),
           "form", d=c.dob(dob_style))
    b.line(L("5. PATIENT'S ADDRESS (No., Street)") + sp(c) + L("6. PATIENT RELATIONSHIP TO INSURED") + sp(c)
           + L("7. INSURED'S ADDRESS (No., Street)"))
    street = f"{r.randint(12, 9800)} {r.choice(['OAK', 'MAPLE', 'RIVER', 'HILLCREST', 'PARK'])} {r.choice(['ST', 'AVE', 'DR', 'RD'])}"
    b.line(street + sp(c) + r.choice(["Self X", "Spouse X", "Child X"]) + sp(c) + "SAME")
    b.line(L("CITY") + sp(c) + L("STATE") + sp(c) + L("ZIP CODE") + sp(c) + L("TELEPHONE (Include Area Code)"))
    b.line(f"{c.city[0].upper()}{sp(c)}{c.city[1]}{sp(c)}" + "{z}" + sp(c) + "{p}", "form", z=c.N("zip_code"),
           p=c.phone(r.choice(["paren", "paren", "dash"])))
    b.line(L("11. INSURED'S POLICY GROUP OR FECA NUMBER") + sp(c) + "{g}", g=c.N("group_number"))
    if r.random() < 0.7:
        b.line(L("a. INSURED'S DATE OF BIRTH") + sp(c) + L("SEX") + sp(c) + "{d}" + sp(c) + r.choice("MF"), "form",
               d=c.dob(dob_style))
    b.line(L("12. PATIENT'S OR AUTHORIZED PERSON'S SIGNATURE") + " SIGNED SOF" + sp(c) + L("DATE") + " {d}",
           d=c.D("date_signed", "us"))
    b.line(L("14. DATE OF CURRENT ILLNESS, INJURY, or PREGNANCY (LMP)") + sp(c) + "{d}" + " QUAL 431",
           d=c.D("date_onset", "boxes_yy"))
    rf, rl = c.name("us")
    b.line(L("17. NAME OF REFERRING PROVIDER OR OTHER SOURCE") + f" DN {rf.upper()} {rl.upper()}" + sp(c)
           + L("17b. NPI") + " {n}", "form", n=c.npi())
    b.line(L("21. DIAGNOSIS OR NATURE OF ILLNESS OR INJURY") + " ICD Ind. 0  A. {a}  B. {b2}", a=c.N("icd10_code"),
           b2=c.N("icd10_code"))
    page = r.random() < 0.5
    if page:
        page_break(c, b, 1, 2)
    b.line(L("24. A. DATE(S) OF SERVICE From To") + sp(c) + L("B. PLACE OF SERVICE") + sp(c) + L("D. PROCEDURES")
           + sp(c) + L("F. $ CHARGES") + sp(c) + L("G. DAYS OR UNITS") + sp(c) + L("J. RENDERING PROVIDER ID. #"))
    rend = c.npi()
    for _ in range(r.randint(1, 3)):
        d = c.D("date_service", "boxes_yy")
        b.line("{d1}" + sp(c) + "{d2}" + sp(c) + "11" + sp(c) + "{cpt}" + sp(c) + "{amt}" + sp(c) + "1" + sp(c)
               + "NPI {n}", "table", d1=d, d2=Neg(d.text, "date_service"), cpt=c.N("cpt_code"), amt=c.amt(), n=rend)
    if r.random() < 0.3:
        b.line(L("25. FEDERAL TAX I.D. NUMBER") + sp(c) + L("SSN EIN") + sp(c) + "{s} [X] SSN [ ] EIN", "form",
               s=c.ssn("dash"))
    else:
        b.line(L("25. FEDERAL TAX I.D. NUMBER") + sp(c) + L("SSN EIN") + sp(c) + "{e} [ ] SSN [X] EIN", e=c.N("ein"))
    b.line(L("26. PATIENT'S ACCOUNT NO.") + sp(c) + "{a}" + sp(c) + L("28. TOTAL CHARGE") + " {t}",
           a=c.N("patient_account_no"), t=c.amt())
    org = c.org().upper()
    b.line(L("32. SERVICE FACILITY LOCATION INFORMATION") + sp(c) + L("33. BILLING PROVIDER INFO & PH #") + sp(c) + "{p}",
           "form", p=c.phone("paren"))
    b.line(org + sp(c, 6, 12) + org)
    b.line("32a. {n1}" + sp(c) + "32b." + sp(c, 4, 10) + "33a. {n2}" + sp(c) + "33b. ZZ{tx}", "form", n1=c.npi(),
           n2=c.npi(), tx=c.N("taxonomy_code"))
    if c.ocr and r.random() < 0.4:
        b.line("(illegible) 17b: {g}", g=c.N("ocr_garbled_npi"))
    b.line(L("NUCC Instruction Manual available at: www.nucc.org") + sp(c) + "APPROVED OMB-{o} FORM 1500 (02-12)",
           o=Neg("0938-1197", "form_number"))


def doc_ub04(c, b):
    r, L = c.r, c.L
    pf, pl = c.name()
    org = c.org().upper()
    b.line(f"1 {org}" + sp(c, 6, 14) + "2" + sp(c, 20, 30) + L("3a PAT. CNTL #") + " {a}", a=c.N("patient_account_no"))
    b.line(f"{r.randint(100, 9999)} {r.choice(['MEDICAL PKWY', 'CENTER DR', 'HOSPITAL RD'])}" + sp(c, 10, 20)
           + L("b. MED. REC. #") + " {m}" + sp(c) + L("4 TYPE OF BILL") + " 0" + r.choice(["111", "131", "831"]), "form",
           m=c.mrn(r.choice(["d8", "m7", "z8", "e9"])))
    b.line(f"{c.city[0].upper()} {c.city[1]} " + "{z}" + sp(c) + L("5 FED. TAX NO.") + " {e}" + sp(c)
           + L("6 STATEMENT COVERS PERIOD FROM") + " {d1} " + L("THROUGH") + " {d2}", z=c.N("zip_code"), e=c.N("ein"),
           d1=Neg(fmt_date(rand_date(r, 2023, 2025), "us_yy").replace("/", ""), "date_statement"),
           d2=Neg(fmt_date(rand_date(r, 2023, 2025), "us_yy").replace("/", ""), "date_statement"))
    b.line("{p}", "form", p=c.phone(r.choice(["paren", "dash"])))
    b.line(L("8 PATIENT NAME") + f" a {pl.upper()}, {pf.upper()}" + sp(c) + L("9 PATIENT ADDRESS") + " a "
           + f"{r.randint(10, 999)} {r.choice(['ELM', 'CEDAR', 'LAKE'])} ST")
    b.line(L("10 BIRTHDATE") + sp(c) + L("11 SEX") + sp(c) + L("12 ADMISSION DATE") + sp(c) + L("13 HR") + sp(c)
           + L("14 TYPE") + sp(c) + L("15 SRC"))
    b.line("{d}" + sp(c) + r.choice("MF") + sp(c) + "{a}" + sp(c) + f"{r.randint(0, 23):02d}" + sp(c) + "3" + sp(c) + "1",
           "form", d=c.dob("mmddyyyy"), a=Neg(fmt_date(rand_date(r, 2023, 2025), "us_yy").replace("/", ""), "date_admission"))
    b.line(L("42 REV. CD.") + sp(c) + L("43 DESCRIPTION") + sp(c) + L("44 HCPCS / RATE / HIPPS CODE") + sp(c)
           + L("45 SERV. DATE") + sp(c) + L("46 SERV. UNITS") + sp(c) + L("47 TOTAL CHARGES"))
    for _ in range(r.randint(2, 4)):
        b.line("{rc}" + sp(c) + r.choice(["EMERGENCY ROOM", "LAB/CHEMISTRY", "PHARMACY", "RADIOLOGY DX", "TREATMENT ROOM"])
               + sp(c) + "{h}" + sp(c) + "{d}" + sp(c) + str(r.randint(1, 3)) + sp(c) + "{a}", "table",
               rc=c.N("revenue_code"), h=c.N(r.choice(["cpt_code", "hcpcs_code"])),
               d=Neg(fmt_date(rand_date(r, 2023, 2025), "us_yy").replace("/", ""), "date_service"), a=c.amt())
    if r.random() < 0.5:
        page_break(c, b, 1, 2)
    b.line(L("50 PAYER NAME") + sp(c) + L("51 HEALTH PLAN ID") + sp(c) + L("56 NPI") + " {n}", "form", n=c.npi())
    b.line(r.choice(PAYERS).upper() + sp(c) + "{p}", p=c.N("payer_id"))
    b.line(L("58 INSURED'S NAME") + sp(c) + L("60 INSURED'S UNIQUE ID") + sp(c) + L("62 INSURANCE GROUP NO."))
    b.line(f"{pl.upper()}, {pf.upper()}" + sp(c) + "{m}" + sp(c) + "{g}", m=c.N("member_id"), g=c.N("group_number"))
    b.line(L("63 TREATMENT AUTHORIZATION CODES") + " {pa}" + sp(c) + L("64 DOCUMENT CONTROL NUMBER") + " {dc}",
           pa=c.N("prior_auth_number"), dc=c.N("document_control_no"))
    b.line("67 {i1} {i2}" + sp(c) + L("69 ADMIT DX") + " {i3}", i1=c.N("icd10_code"), i2=c.N("icd10_code"),
           i3=c.N("icd10_code"))
    af, al = c.name("us")
    b.line(L("76 ATTENDING") + " " + L("NPI") + " {n}" + sp(c) + "QUAL" + sp(c) + f"LAST {al.upper()} FIRST {af.upper()}",
           "form", n=c.npi())
    if r.random() < 0.5:
        of, ol = c.name("us")
        b.line(L("77 OPERATING") + " " + L("NPI") + " {n}" + sp(c) + f"LAST {ol.upper()} FIRST {of.upper()}", "form",
               n=c.npi())
    b.line("UB-04 CMS-1450" + sp(c, 10, 20) + L("APPROVED OMB NO.") + " {o}" + sp(c) + "NUBC", o=Neg("0938-0997", "form_number"))


def doc_eob(c, b):
    r = c.r
    payer = r.choice(PAYERS)
    mf, ml = c.name()
    b.line(payer)
    b.line(f"PO Box {r.randint(1000, 9999)}, {c.city[0]}, {c.city[1]} " + "{z}", z=c.N("zip_code"))
    b.line(c.L("Customer Service") + ": {p}   TTY 711", "letterhead", p=c.phone(r.choice(["tollfree", "one_dash"])))
    b.line()
    b.line(c.L("EXPLANATION OF BENEFITS") + " -- THIS IS NOT A BILL")
    b.line(c.L("Statement date") + ": {d}", d=c.D("date_letter", r.choice(["us", "long_mdy"])))
    b.line()
    b.line(c.L("Member") + f": {mf} {ml}" + sp(c, 3, 6) + c.L("Member ID") + ": {m}" + sp(c, 3, 6) + c.L("Group")
           + ": {g}", m=c.N("member_id"), g=c.N("group_number"))
    if r.random() < 0.6:
        pf, pl = (mf, ml) if r.random() < 0.5 else c.name()
        b.line(c.L("Patient") + f": {pf} {pl}" + sp(c, 3, 6) + c.L(r.choice(["Date of birth", "Patient DOB", "DOB"]))
               + ": {d}", "form", d=c.dob(r.choice(["us", "us", "long_mdy", "abbr_mdy"])))
    ck = r.random() < 0.35
    b.line(c.L("Claim number") + ": {cl}" + sp(c, 3, 6) + c.L("Received") + ": {d}",
           cl=c.N("luhn_claim_icn") if ck else c.N(r.choice(["claim_icn", "claim_number"])), d=c.D("date_received", "us"))
    org = c.org()
    if r.random() < 0.7:
        b.line(c.L("Provider") + f": {org} (" + c.L("NPI") + " {n})", "form", n=c.npi())
    else:
        b.line(c.L("Provider") + f": {org}" + sp(c) + c.L("Patient account") + ": {a}", a=c.N("patient_account_no"))
    b.line()
    b.line("Service date" + sp(c) + "Service" + sp(c) + "Billed" + sp(c) + "Allowed" + sp(c) + "Plan paid" + sp(c) + "You owe")
    for _ in range(r.randint(1, 4)):
        b.line("{d}" + sp(c, 2, 5) + "{cpt}" + sp(c, 2, 5) + "{a1}" + sp(c) + "{a2}" + sp(c) + "{a3}" + sp(c) + "{a4}",
               d=c.D("date_service", "us"), cpt=c.N("cpt_code"), a1=c.amt(), a2=c.amt(), a3=c.amt(), a4=c.amt())
    b.line()
    if r.random() < 0.5:
        b.line("Payment of {a} was sent to the provider by EFT, trace number {t}, on {d}.", a=c.amt(),
               t=c.N("eft_trace"), d=c.D("date_payment", "us"))
    else:
        b.line("Check #{k} for {a} was issued on {d}.", k=c.N("check_number"), a=c.amt(), d=c.D("date_payment", "us"))
    if r.random() < 0.6:
        b.line("Questions about this statement? Call {p} or write to {e}.", "letterhead",
               p=c.phone(r.choice(["tollfree", "paren"])), e=c.email(domain=r.choice(DOMAINS["us"][7:10]), style="role"))
    b.line("You have 180 days from the statement date to appeal. Form EOB-{v}", v=c.N("version_string"))


def doc_lab(c, b):
    r, L, lang = c.r, c.L, c.lang
    T = LAB_LABELS[lang]
    lab = r.choice(["Meridian Reference Laboratory", "Quarry Hill Clinical Labs", "Blue Heron Pathology",
                    "Saxon Diagnostics"]) if lang == "en" else r.choice(ORGS[c.region])
    pf, pl = c.name()
    b.line(lab.upper() + (sp(c) + "CLIA #{cl}" if c.region == "us" else ""), cl=c.N("clia_number"))
    b.line(L(T["tel"]) + " {p}" + sp(c) + L(T["fax"]) + " {f}", "letterhead", p=c.phone(), f=c.phone())
    b.line()
    b.line(L(T["patient"]) + f": {pl.upper()}, {pf}" + sp(c) + L(T["dob"]) + ": {d}" + sp(c) + L(T["sex"]) + ": "
           + r.choice("FM"), "form", d=c.dob(r.choice([c.dstyle, c.dstyle, "iso", "abbr_dmy" if lang == "en" else c.dstyle])))
    if lang == "en" and c.region == "uk":
        b.line(L("NHS No") + ": {n}" + sp(c) + L("Hospital No") + ": {m}", "form", n=c.nhs(), m=c.mrn(r.choice(["d7", "m7"])))
    else:
        b.line(L(T["mrn"]) + ": {m}" + sp(c) + L(T["acc"]) + ": {a}", "form", m=c.mrn(), a=c.N("accession_number"))
    b.line(L(T["spec"]) + ": {s}" + sp(c) + L(T["coll"]) + ": {t1}" + sp(c) + L(T["rep"]) + ": {t2}",
           s=c.N("specimen_id"), t1=c.TS("ts_log"), t2=c.TS("ts_log"))
    of, ol = c.name()
    if c.region == "us":
        b.line(L("Ordering provider") + f": {of} {ol}, MD" + sp(c) + L("NPI") + ": {n}", "form", n=c.npi())
    else:
        b.line(L(T["ord"]) + f": Dr {of} {ol}" + sp(c) + "{e}", "letterhead", e=c.email(of, ol))
    b.line()
    b.line(T["cols"])
    tests = [("Glucose", "mg/dL", "70-99"), ("Creatinine", "mg/dL", "0.57-1.00"), ("Sodium", "mmol/L", "134-144"),
             ("Hemoglobin A1c", "%", "4.8-5.6"), ("TSH", "uIU/mL", "0.450-4.500"), ("LDL Chol Calc", "mg/dL", "0-99"),
             ("Potassium", "mmol/L", "3.5-5.2"), ("WBC", "x10E3/uL", "3.4-10.8")]
    for nm, unit, ref in r.sample(tests, r.randint(3, 6)):
        b.line(nm + sp(c, 2, 8) + f"{r.randint(1, 180)}.{r.randint(0, 9)}" + sp(c, 2, 6) + r.choice(["", "H", "L", ""])
               + sp(c, 2, 6) + unit + sp(c, 2, 6) + "{rr}" + sp(c, 2, 6) + "{l}", "table", l=c.N("loinc_code"),
               rr=Neg(ref, "reference_range"))
    if r.random() < 0.5:
        page_break(c, b, 1, 2)
        b.line(L(T["patient"]) + f": {pl.upper()}, {pf}" + sp(c) + L(T["dob"]) + ": {d}", "form", d=c.dob())
    b.line(T["final"])


LAB_LABELS = {
    "en": dict(tel="Tel", fax="Fax", patient="PATIENT", dob="DOB", sex="Sex", mrn="MRN", acc="Accession",
               spec="Specimen ID", coll="Collected", rep="Reported", ord="Ordering clinician",
               cols="TEST            RESULT   FLAG   UNITS   REFERENCE   LOINC", final="FINAL REPORT -- electronically verified"),
    "de": dict(tel="Tel.", fax="Fax", patient="Patient", dob="Geb.-Datum", sex="Geschl.", mrn="Patienten-Nr. (MRN)",
               acc="Auftragsnr.", spec="Proben-ID", coll="Entnahme", rep="Befund", ord="Einsender",
               cols="Analyse         Ergebnis   Einheit   Referenz   LOINC", final="Endbefund -- elektronisch freigegeben"),
    "fr": dict(tel="Tél.", fax="Fax", patient="Patient", dob="Date de naissance", sex="Sexe", mrn="N° IPP",
               acc="N° de demande", spec="Échantillon", coll="Prélevé le", rep="Validé le", ord="Prescripteur",
               cols="Analyse         Résultat   Unité   Valeurs de référence   LOINC", final="Compte rendu validé"),
    "es": dict(tel="Tel.", fax="Fax", patient="Paciente", dob="Fecha de nacimiento", sex="Sexo",
               mrn="NHC (historia clínica)", acc="N.º de petición", spec="Muestra", coll="Extracción", rep="Validación",
               ord="Solicitante", cols="Prueba          Resultado   Unidades   Rango   LOINC", final="Informe definitivo"),
    "it": dict(tel="Tel.", fax="Fax", patient="Paziente", dob="Data di nascita", sex="Sesso", mrn="Cartella clinica n.",
               acc="N. richiesta", spec="Campione", coll="Prelievo", rep="Refertato", ord="Medico richiedente",
               cols="Esame           Risultato   Unità   Intervallo   LOINC", final="Referto definitivo"),
    "nl": dict(tel="Tel.", fax="Fax", patient="Patiënt", dob="Geboortedatum", sex="Geslacht", mrn="Patiëntnummer (MRN)",
               acc="Aanvraagnr.", spec="Monster-ID", coll="Afname", rep="Geautoriseerd", ord="Aanvrager",
               cols="Bepaling        Uitslag   Eenheid   Referentie   LOINC", final="Definitieve uitslag"),
}

DIS_LABELS = {
    "de": dict(title="Entlassungsbericht", dob="geb. am", adm="Aufnahme", dis="Entlassung", case="Fallnummer",
               mrn="Patienten-Nr. (MRN)", gp="Hausarzt", tel="Tel.", fu="Wiedervorstellung am"),
    "fr": dict(title="Compte rendu d'hospitalisation", dob="né(e) le", adm="Entrée", dis="Sortie", case="N° de séjour",
               mrn="N° IPP", gp="Médecin traitant", tel="Tél.", fu="Consultation de contrôle le"),
    "es": dict(title="Informe de alta", dob="Fecha de nacimiento", adm="Ingreso", dis="Alta", case="N.º de episodio",
               mrn="NHC", gp="Médico de cabecera", tel="Tel.", fu="Revisión el"),
    "it": dict(title="Lettera di dimissione", dob="nato/a il", adm="Ricovero", dis="Dimissione", case="N. nosologico",
               mrn="Cartella clinica n.", gp="Medico curante", tel="Tel.", fu="Controllo il"),
    "nl": dict(title="Ontslagbrief", dob="geboortedatum", adm="Opname", dis="Ontslag", case="Opnamenummer",
               mrn="Patiëntnummer (MRN)", gp="Huisarts", tel="Tel.", fu="Controle op"),
}


def doc_discharge(c, b):
    r, L = c.r, c.L
    pf, pl = c.name()
    af, al = c.name()
    if c.region == "us":
        b.line(c.org().upper() + " -- " + L("DISCHARGE SUMMARY"))
        b.line(L("Patient") + f": {pl}, {pf}" + sp(c) + L("MRN") + ": {m}" + sp(c) + L("Acct #") + ": {a}", "form",
               m=c.mrn(), a=c.N("patient_account_no"))
        b.line(L("DOB") + ": {d} (" + L("Age") + " {g})" + sp(c) + L("Visit #") + ": {v}", "form",
               d=c.dob(r.choice(["us", "us", "us_yy", "abbr_mdy"])), g=c.N("age"), v=c.N("encounter_number"))
        b.line(L("Admit date") + ": {d1}" + sp(c) + L("Discharge date") + ": {d2}", d1=c.D("date_admission", "us"),
               d2=c.D("date_discharge", "us"))
        b.line(L("Attending") + f": {af} {al}, MD (" + L("NPI") + " {n})", "form", n=c.npi())
        qf, ql = c.name()
        b.line(L("PCP") + f": {qf} {ql}, DO" + sp(c) + L("Phone") + " {p}" + sp(c) + L("Fax") + " {f}", "form",
               p=c.phone(), f=c.phone())
        b.line(L("Follow-up") + f": {c.org()} on " + "{d}", d=c.D("date_appointment", "long_mdy"))
    elif c.region == "uk":
        b.line(r.choice(["Calder Vale", "Wensley", "North Tyne", "Avonmere"]) + " Hospitals NHS Foundation Trust -- "
               + L("Discharge Summary"))
        b.line(L("NHS No") + ": {n}" + sp(c) + L("Hospital No") + ": {m}" + sp(c) + L("D.O.B.") + ": {d}", "form",
               n=c.nhs(), m=c.mrn(r.choice(["d7", "m7", "h6"])), d=c.dob(r.choice(["eu_slash", "long_dmy", "abbr_dmy"])))
        b.line(L("Name") + f": {pl.upper()}, {pf}" + sp(c) + L("Admitted") + ": {d1}" + sp(c) + L("Discharged") + ": {d2}",
               d1=c.D("date_admission", "eu_slash"), d2=c.D("date_discharge", "eu_slash"))
        gf, gl = c.name()
        b.line(L("GP") + f": Dr {gf} {gl}, {c.org()} ({{o}})" + sp(c) + L("Tel") + ": {p}", "form", o=c.N("ods_code"),
               p=c.phone())
        b.line(L("Consultant") + f": Mr {af} {al}" + sp(c) + L("Specialty") + ": General Surgery")
        if r.random() < 0.4:
            b.line(L("NHS No (mother)") + ": {x}  -- failed validation, please check", x=c.N("nhs_fail_mod11"))
    else:
        T = DIS_LABELS[c.lang]
        b.line(c.org() + " -- " + L(T["title"]))
        b.line(f"{pf} {pl}, " + L(T["dob"]) + " {d}" + sp(c) + L(T["mrn"]) + ": {m}", "form", d=c.dob(), m=c.mrn())
        b.line(L(T["case"]) + ": {k}" + sp(c) + L(T["adm"]) + ": {d1}" + sp(c) + L(T["dis"]) + ": {d2}",
               k=c.N("encounter_number"), d1=c.D("date_admission"), d2=c.D("date_discharge"))
        gf, gl = c.name()
        b.line(L(T["gp"]) + f": Dr. {gf} {gl}" + sp(c) + L(T["tel"]) + " {p}", "form", p=c.phone())
        b.line(L(T["fu"]) + " {d}", d=c.D("date_appointment"))


DRUGS = ["ATORVASTATIN 20MG TABLET", "LISINOPRIL 10MG TABLET", "METFORMIN ER 500MG TAB", "SERTRALINE 50MG TABLET",
         "OXYCODONE HCL 5MG TABLET", "AMOXICILLIN 500MG CAPSULE", "LEVOTHYROXINE 75MCG TAB", "ALPRAZOLAM 0.5MG TABLET"]


def doc_rx(c, b):
    r, L = c.r, c.L
    pf, pl = c.name()
    df, dl = c.name()
    if c.region == "uk":
        b.line(r.choice(["Millbrook", "Wexford Road", "Beckside"]) + " Pharmacy" + sp(c) + L("Tel") + " {p}", "letterhead",
               p=c.phone())
        b.line(f"{pf} {pl}" + sp(c) + L("NHS No") + " {n}" + sp(c) + L("DOB") + " {d}", "label", n=c.nhs(),
               d=c.dob(r.choice(["eu_slash", "abbr_dmy"])))
        b.line(r.choice(DRUGS).title() + sp(c) + "Qty 28")
        b.line(L("Prescriber") + f": Dr {df} {dl}" + sp(c) + L("Practice") + " {o}" + sp(c) + L("EPS ID") + " {e}",
               o=c.N("ods_code"), e=c.N("eps_prescription_id"))
        b.line(L("Dispensed") + " {d}", d=c.D("date_filled", "eu_slash"))
        return
    b.line(r.choice(["CORNERSTONE", "BAYSIDE", "PRAIRIE ROSE", "HILLTOP"]) + " PHARMACY #" + str(r.randint(10, 999))
           + sp(c) + "{p}", "letterhead", p=c.phone(r.choice(["paren", "dash"])))
    b.line(L("Rx#") + " {x}" + sp(c) + L("DATE FILLED") + " {d}" + sp(c) + L("DISCARD AFTER") + " {d2}",
           x=Neg(rdig(r, 7), "rx_number"), d=c.D("date_filled", "us"), d2=c.D("date_discard", "us"))
    b.line(f"{pl.upper()}, {pf.upper()}" + sp(c) + L(r.choice(["DOB", "D.O.B.", "BIRTHDATE"])) + " {d}", "label",
           d=c.dob(r.choice(["us", "us_yy", "iso"])))
    drug = r.choice(DRUGS)
    b.line(drug + sp(c) + L("QTY") + f": {r.choice([14, 28, 30, 60, 90])}" + sp(c) + L("REFILLS") + f": {r.randint(0, 5)}")
    b.line("TAKE " + r.choice(["1 TABLET BY MOUTH DAILY", "1 CAPSULE THREE TIMES DAILY", "1 TABLET AT BEDTIME"]))
    b.line(L("PRESCRIBER") + f": DR. {df.upper()} {dl.upper()}" + sp(c) + L("DEA") + " {d}" + sp(c) + L("NPI") + " {n}",
           "label", d=c.dea(dl), n=c.npi())
    b.line(L("NDC") + " {n}" + sp(c) + "MFR: " + r.choice(["TEVA", "AUROBINDO", "ZYDUS", "LUPIN"]) + sp(c)
           + L("NCPDP") + " {k}", n=c.N("ndc_code"), k=c.N("ncpdp_id"))
    if c.ocr and r.random() < 0.4:
        b.line("DEA (smudged): {x}", x=c.N("dea_fail"))


PAY_LABELS = {
    "de": dict(title="Entgeltabrechnung", emp="Personalnummer", tax="Steuer-ID", period="Abrechnungszeitraum",
               paid="Auszahlung am", net="Nettobetrag", bank="Bankverbindung", q="Rückfragen an die Lohnbuchhaltung"),
    "fr": dict(title="Bulletin de paie", emp="Matricule", tax="N° fiscal", period="Période", paid="Payé le",
               net="Net à payer", bank="Virement sur", q="Questions : service paie"),
    "es": dict(title="Nómina", emp="N.º de empleado", tax="NIF", period="Periodo", paid="Fecha de pago",
               net="Líquido a percibir", bank="Transferencia a", q="Consultas: departamento de nóminas"),
    "it": dict(title="Busta paga", emp="Matricola", tax="Cod. fiscale azienda", period="Periodo di paga",
               paid="Data pagamento", net="Netto in busta", bank="Accredito su", q="Ufficio paghe"),
    "nl": dict(title="Loonstrook", emp="Personeelsnummer", tax="Loonheffingennummer", period="Periode",
               paid="Uitbetaald op", net="Netto loon", bank="Overgemaakt naar", q="Vragen: salarisadministratie"),
}


def doc_payslip(c, b):
    r, L = c.r, c.L
    ef, el = c.name()
    if c.region == "us":
        b.line(c.vendor.upper() + " PAYROLL SERVICES -- " + L("EARNINGS STATEMENT"))
        b.line(L("Employee") + f": {ef} {el}" + sp(c) + L("Employee ID") + ": {i}" + sp(c) + L("SSN") + ": {s}", "form",
               i=c.N("employee_id"), s=c.ssn("dash") if r.random() < 0.5 else mask(r, g_ssn(r)))
        b.line(L("Pay period") + ": {d1} - {d2}" + sp(c) + L("Pay date") + ": {d3}" + sp(c) + L("Advice #") + " {k}",
               d1=c.D("date_pay_period", "us"), d2=c.D("date_pay_period", "us"), d3=c.D("date_payment", "us"),
               k=c.N("check_number"))
        b.line("Earnings      Rate     Hours   Current     YTD")
        b.line("Regular       {a}   80.00   {b2}   {c2}", a=c.amt(), b2=c.amt(), c2=c.amt())
        b.line(L("Direct deposit") + f": {c.bank()}" + sp(c) + L("Routing") + " {a}" + sp(c) + L("Account") + " {k}" + sp(c)
               + "{m}", "form", a=c.aba(), k=c.N("bank_account_number"), m=c.amt())
        b.line(L("Payroll questions") + ": {e}", "letterhead", e=c.email(domain=c.vdomain, style="role"))
    elif c.region == "uk":
        b.line(c.vendor + " Payroll -- " + L("Payslip"))
        b.line(L("Employee") + f": {ef} {el}" + sp(c) + L("Employee No") + ": {i}" + sp(c) + L("Tax code") + ": 1257L",
               i=c.N("employee_id"))
        b.line(L("Period") + ": {d1} to {d2}" + sp(c) + L("Pay date") + ": {d3}", d1=c.D("date_pay_period"),
               d2=c.D("date_pay_period"), d3=c.D("date_payment"))
        b.line(L("Net pay") + " {a} " + L("paid to") + " " + L("sort code") + " {s} " + L("account") + " {k}" + sp(c)
               + "IBAN {i}", "form", a=c.amt(), s=c.N("sort_code"), k=Neg(rdig(r, 8), "bank_account_number"),
               i=c.iban("GB"))
        b.line(L("Queries") + ": {e} / {p}", "letterhead", e=c.email(domain=c.vdomain, style="role"), p=c.phone())
    else:
        T = PAY_LABELS[c.lang]
        b.line(f"{c.org()} -- " + L(T["title"]))
        b.line(f"{ef} {el}" + sp(c) + L(T["emp"]) + ": {i}" + sp(c) + L(T["tax"]) + ": {t}", i=c.N("employee_id"),
               t=c.N("tax_reference"))
        b.line(L(T["period"]) + ": {d1} - {d2}" + sp(c) + L(T["paid"]) + ": {d3}", d1=c.D("date_pay_period"),
               d2=c.D("date_pay_period"), d3=c.D("date_payment"))
        b.line(L(T["net"]) + ": {a}", a=c.amt())
        b.line(L(T["bank"]) + ": IBAN {i}" + sp(c) + "BIC {bic}", "form", i=c.iban(), bic=c.N("bic"))
        b.line(L(T["q"]) + ": {e}", "letterhead", e=c.email(domain=c.domain(), style="role"))


def doc_taxform(c, b):
    r, L = c.r, c.L
    ef, el = c.name("us")
    if r.random() < 0.6:
        b.line(L("a Employee's social security number") + sp(c) + "{s}" + sp(c) + L("OMB No.") + " {o}", "form",
               s=c.ssn(r.choice(["dash", "dash", "space"])), o=Neg("1545-0008", "form_number"))
        b.line(L("b Employer identification number (EIN)") + sp(c) + "{e}" + sp(c) + L("1 Wages, tips, other compensation")
               + " {a}", e=c.N("ein"), a=c.amt())
        b.line(L("c Employer's name, address, and ZIP code") + sp(c) + L("2 Federal income tax withheld") + " {a}", a=c.amt())
        b.line(f"{c.vendor.upper()} INC" + sp(c) + f"{r.randint(100, 9999)} COMMERCE WAY")
        b.line(f"{c.city[0].upper()} {c.city[1]} " + "{z}" + sp(c) + L("3 Social security wages") + " {a}",
               z=c.N("zip_plus4"), a=c.amt())
        b.line(L("d Control number") + sp(c) + "{k}" + sp(c) + L("5 Medicare wages and tips") + " {a}",
               k=Neg(f"{rd(r, 5)}-{r.choice(['A', 'B', 'X'])}{rd(r, 2)}", "batch_id"), a=c.amt())
        b.line(L("e Employee's first name and initial") + sp(c) + L("Last name") + sp(c) + f"{ef.upper()} {el.upper()}")
        b.line(L("15 State Employer's state ID number") + sp(c) + f"{c.city[1]} " + "{t}", t=c.N("tax_reference"))
        b.line("Form W-2 Wage and Tax Statement " + str(r.randint(2022, 2024)) + sp(c) + "Copy B -- To Be Filed With Employee's FEDERAL Tax Return")
    else:
        b.line(L("PAYER'S name, street address, city or town, state or province, country, ZIP or foreign postal code, and telephone no."))
        b.line(f"{c.vendor} LLC, {r.randint(10, 999)} Main St, {c.city[0]}, {c.city[1]} " + "{z}  {p}", "form",
               z=c.N("zip_code"), p=c.phone())
        b.line(L("PAYER'S TIN") + sp(c) + "{e}" + sp(c) + L("RECIPIENT'S TIN") + sp(c) + "{s}", "form", e=c.N("ein"),
               s=c.ssn(r.choice(["dash", "compact"])))
        b.line(L("RECIPIENT'S name") + sp(c) + f"{ef} {el}" + sp(c) + L("1 Nonemployee compensation") + " {a}", a=c.amt())
        b.line(L("Account number (see instructions)") + sp(c) + "{k}", k=c.N("customer_number"))
        b.line("Form 1099-NEC (Rev. January 2024)" + sp(c) + "Cat. No. {k}N" + sp(c) + "www.irs.gov/Form1099NEC",
               k=Neg("72590", "form_number"))
        if r.random() < 0.3:
            b.line("(example printed on the instructions page: {x})", x=Neg(r.choice(["123-45-6789", "000-00-0000"]),
                                                                               "ssn_format_example"))


BANK_LABELS = {
    "en": dict(title="Confirmation of account details", holder="Account holder", date="Date", ref="Our reference",
               contact="Questions? Call us on", mail="or e-mail"),
    "de": dict(title="Bestätigung der Bankverbindung", holder="Kontoinhaber", date="Datum", ref="Unser Zeichen",
               contact="Ihr Ansprechpartner erreichbar unter", mail="oder per E-Mail"),
    "fr": dict(title="Relevé d'identité bancaire", holder="Titulaire du compte", date="Date", ref="Référence",
               contact="Votre conseiller :", mail="ou par e-mail"),
    "es": dict(title="Certificado de titularidad bancaria", holder="Titular", date="Fecha", ref="Referencia",
               contact="Su gestor:", mail="o por correo"),
    "it": dict(title="Attestazione coordinate bancarie", holder="Intestatario", date="Data", ref="Rif.",
               contact="Il suo consulente:", mail="oppure e-mail"),
    "nl": dict(title="Bevestiging rekeninggegevens", holder="Rekeninghouder", date="Datum", ref="Kenmerk",
               contact="Vragen? Bel", mail="of mail"),
}


def doc_bank_letter(c, b):
    r, L = c.r, c.L
    T = BANK_LABELS[c.lang]
    bank = c.bank()
    hf, hl = c.name()
    b.line(bank)
    b.line(L(T["title"]))
    b.line(L(T["date"]) + ": {d}" + sp(c) + L(T["ref"]) + ": {k}", d=c.D("date_letter"), k=c.N("customer_number"))
    b.line()
    b.line(L(T["holder"]) + f": {hf} {hl}" if r.random() < 0.5 else L(T["holder"]) + f": {c.vendor} Ltd")
    if c.region == "us":
        b.line(L("ABA routing number") + ": {a}" + sp(c) + L("Account number") + ": {k}", "form", a=c.aba(),
               k=c.N("bank_account_number"))
        b.line(L("Wire routing (Fedwire)") + ": {a}" + sp(c) + L("SWIFT") + ": {s}", "form", a=c.aba(), s=c.N("bic"))
    elif c.region == "uk":
        b.line(L("Sort code") + ": {s}" + sp(c) + L("Account number") + ": {k}", s=c.N("sort_code"),
               k=Neg(rdig(r, 8), "bank_account_number"))
        b.line("IBAN: {i}" + sp(c) + "BIC: {b2}", "form", i=c.iban("GB", "group"), b2=c.N("bic"))
    else:
        b.line("IBAN: {i}" + sp(c) + "BIC: {b2}", "form", i=c.iban(style="group"), b2=c.N("bic"))
        if r.random() < 0.3:
            b.line("(" + {"de": "Beispiel-IBAN aus unserer Broschüre", "fr": "IBAN d'exemple de notre brochure",
                          "es": "IBAN de ejemplo del folleto", "it": "IBAN di esempio dell'opuscolo",
                          "nl": "voorbeeld-IBAN uit onze folder", "en": "example IBAN from our leaflet"}[c.lang]
                   + ": {x})", x=c.N("iban_doc_example"))
    b.line()
    b.line(L(T["contact"]) + " {p} " + T["mail"] + " {e}.", "letterhead", p=c.phone(),
           e=c.email(domain=r.choice(DOMAINS[c.region]), style=r.choice(["role", "first_dot_last"])))


SEPA_LABELS = {
    "en": dict(title="SEPA Direct Debit Mandate", cid="Creditor identifier", mref="Mandate reference", cred="Creditor",
               debtor="Debtor name", place="Place and date of signature", type="Type of payment: Recurrent"),
    "de": dict(title="SEPA-Lastschriftmandat", cid="Gläubiger-Identifikationsnummer", mref="Mandatsreferenz",
               cred="Zahlungsempfänger", debtor="Kontoinhaber", place="Ort, Datum", type="Zahlungsart: wiederkehrend"),
    "fr": dict(title="Mandat de prélèvement SEPA", cid="Identifiant créancier SEPA (ICS)", mref="Référence unique du mandat",
               cred="Créancier", debtor="Nom du débiteur", place="Fait à", type="Type de paiement : récurrent"),
    "es": dict(title="Orden de domiciliación de adeudo directo SEPA", cid="Identificador del acreedor",
               mref="Referencia de la orden", cred="Acreedor", debtor="Titular de la cuenta", place="Lugar y fecha",
               type="Tipo de pago: recurrente"),
    "it": dict(title="Mandato per addebito diretto SEPA", cid="Codice identificativo del creditore",
               mref="Riferimento del mandato", cred="Creditore", debtor="Intestatario del conto", place="Luogo e data",
               type="Tipo di pagamento: ricorrente"),
    "nl": dict(title="Doorlopende machtiging SEPA", cid="Incassant ID", mref="Kenmerk machtiging", cred="Naam incassant",
               debtor="Naam rekeninghouder", place="Plaats en datum", type="Soort machtiging: doorlopend"),
}


def doc_sepa(c, b):
    r, L = c.r, c.L
    T = SEPA_LABELS[c.lang]
    df, dl = c.name()
    b.line(L(T["title"]))
    b.line(L(T["cred"]) + f": {c.org()}")
    b.line(L(T["cid"]) + ": {x}", x=c.N("sepa_creditor_id"))
    b.line(L(T["mref"]) + ": {m}", m=c.N("mandate_reference"))
    b.line(T["type"])
    b.line(L(T["debtor"]) + f": {df} {dl}")
    b.line("IBAN: {i}", "form", i=c.iban(style=r.choice(["group", "group", "compact"])))
    b.line("BIC: {b2}", b2=c.N("bic"))
    b.line(L(T["place"]) + ": " + r.choice(["Bremen", "Lyon", "Zaragoza", "Padova", "Utrecht", "Hannover"]) + ", {d}",
           d=c.D("date_signed"))
    if c.ocr and r.random() < 0.5:
        b.line("IBAN (2. Seite, unleserlich): {x}" if c.lang == "de" else "IBAN (page 2, faint): {x}",
               x=c.N("ocr_garbled_iban"))
    b.line("_______________________ (" + {"en": "signature", "de": "Unterschrift", "fr": "signature",
                                          "es": "firma", "it": "firma", "nl": "handtekening"}[c.lang] + ")")


CB_LABELS = {
    "en": dict(title="CHARGEBACK RESPONSE FORM", case="Case number", reason="Reason code", mid="Merchant ID",
               holder="Cardholder", card="Card number", exp="Expiry", txd="Transaction date", amount="Amount",
               auth="Authorisation code", arn="ARN", contact="Cardholder contact", due="Response due by"),
    "de": dict(title="Rückbelastung -- Stellungnahme", case="Fallnummer", reason="Grund-Code", mid="Händler-ID",
               holder="Karteninhaber", card="Kartennummer", exp="Gültig bis", txd="Transaktionsdatum", amount="Betrag",
               auth="Autorisierungscode", arn="ARN", contact="Kontakt Karteninhaber", due="Antwort bis"),
    "fr": dict(title="Formulaire de contestation (impayé)", case="N° de dossier", reason="Code motif", mid="N° commerçant",
               holder="Porteur", card="N° de carte", exp="Expiration", txd="Date de l'opération", amount="Montant",
               auth="N° d'autorisation", arn="ARN", contact="Contact porteur", due="Réponse avant le"),
    "es": dict(title="Formulario de contracargo", case="N.º de caso", reason="Código de motivo", mid="ID de comercio",
               holder="Titular", card="Número de tarjeta", exp="Caducidad", txd="Fecha de la operación",
               amount="Importe", auth="Código de autorización", arn="ARN", contact="Contacto del titular",
               due="Responder antes del"),
    "it": dict(title="Modulo di chargeback", case="N. pratica", reason="Codice motivo", mid="ID esercente",
               holder="Titolare", card="Numero carta", exp="Scadenza", txd="Data operazione", amount="Importo",
               auth="Codice autorizzazione", arn="ARN", contact="Contatto titolare", due="Risposta entro il"),
    "nl": dict(title="Chargeback-formulier", case="Zaaknummer", reason="Redencode", mid="Merchant-ID",
               holder="Kaarthouder", card="Kaartnummer", exp="Geldig tot", txd="Transactiedatum", amount="Bedrag",
               auth="Autorisatiecode", arn="ARN", contact="Contact kaarthouder", due="Reageren vóór"),
}


def doc_chargeback(c, b):
    r, L = c.r, c.L
    T = CB_LABELS[c.lang]
    hf, hl = c.name()
    b.line(L(T["title"]))
    b.line(L(T["case"]) + ": {k}" + sp(c) + L(T["reason"]) + ": " + r.choice(["13.1", "10.4", "4853", "4837", "13.3"]),
           k=c.N("case_number"))
    b.line("Merchant: " + c.vendor + sp(c) + L(T["mid"]) + ": {m}", m=c.N("merchant_id"))
    b.line(L(T["holder"]) + f": {hf} {hl}")
    b.line(L(T["card"]) + ": {n}" + sp(c) + L(T["exp"]) + ": {e}", "form", n=c.card(),
           e=Neg(f"{r.randint(1, 12):02d}/{r.randint(25, 31)}", "card_expiry"))
    b.line(L(T["txd"]) + ": {d}" + sp(c) + L(T["amount"]) + ": {a}" + sp(c) + L(T["auth"]) + ": {u}",
           d=c.D("date_transaction"), a=c.amt(), u=c.N("auth_code"))
    b.line(L(T["arn"]) + ": {x}", x=c.N("acquirer_ref"))
    b.line(L(T["contact"]) + ": {p} / {e}", "form", p=c.phone(), e=c.email(hf, hl, r.choice(DOMAINS[c.region]) if r.random() < 0.3 else r.choice(["gmail.com", "outlook.com", "icloud.com", "gmx.de", "orange.fr", "libero.it", "ziggo.nl"]), r.choice(["first_dot_last", "flast", "first_last"])))
    b.line(L(T["due"]) + ": {d}", d=c.D("date_due"))
    if r.random() < 0.3:
        b.line("Sandbox note: our test card {t} works, the live card does not.", t=c.N("test_pan"))
    if c.ocr and r.random() < 0.5:
        b.line("(second copy, toner streak) {x}", x=c.N("ocr_garbled_card"))


def doc_ins_claim(c, b):
    r, L = c.r, c.L
    hf, hl = c.name()
    en = c.lang == "en"
    lab = (lambda en_, other: en_) if en else (lambda en_, other: other.get(c.lang, en_))
    b.line(L(lab("CLAIM FORM -- FIRST NOTICE OF LOSS", {"de": "SCHADENMELDUNG", "fr": "DÉCLARATION DE SINISTRE",
                                                         "es": "PARTE DE SINIESTRO", "it": "DENUNCIA DI SINISTRO",
                                                         "nl": "SCHADEFORMULIER"})))
    b.line(L(lab("Policy number", {"de": "Versicherungsschein-Nr.", "fr": "N° de contrat", "es": "N.º de póliza",
                                   "it": "N. polizza", "nl": "Polisnummer"})) + ": {p}" + sp(c)
           + L(lab("Claim number", {"de": "Schaden-Nr.", "fr": "N° de sinistre", "es": "N.º de siniestro",
                                    "it": "N. sinistro", "nl": "Schadenummer"})) + ": {k}",
           p=c.N("policy_number"), k=c.N("claim_number"))
    b.line(L(lab("Insured", {"de": "Versicherungsnehmer", "fr": "Assuré", "es": "Asegurado", "it": "Assicurato",
                             "nl": "Verzekerde"})) + f": {hf} {hl}" + sp(c)
           + L(lab("Date of birth", {"de": "Geburtsdatum", "fr": "Date de naissance", "es": "Fecha de nacimiento",
                                     "it": "Data di nascita", "nl": "Geboortedatum"})) + ": {d}", "form", d=c.dob())
    if c.region == "us" and r.random() < 0.6:
        b.line(L("SSN") + ": {s}", "form", s=c.ssn())
    b.line(L(lab("Phone", {"de": "Telefon", "fr": "Téléphone", "es": "Teléfono", "it": "Telefono", "nl": "Telefoon"}))
           + ": {p}" + sp(c) + L("E-mail") + ": {e}", "form", p=c.phone(), e=c.email(hf, hl))
    b.line(L(lab("Date of loss", {"de": "Schadentag", "fr": "Date du sinistre", "es": "Fecha del siniestro",
                                  "it": "Data del sinistro", "nl": "Schadedatum"})) + ": {d}", d=c.D("date_incident"))
    if r.random() < 0.5:
        b.line(L("VIN") + ": {v}", v=c.N("vin"))
    if c.region == "us":
        b.line(L("Payment by direct deposit -- routing") + " {a} " + L("account") + " {k}", "form", a=c.aba(),
               k=c.N("bank_account_number"))
    else:
        b.line("IBAN: {i}", "form", i=c.iban(c.cc if c.cc in IBAN_LEN else None))


# ---------------------------------------------------------------------------------------------- HL7 v2

FACS = ["BRWFH", "CEDARRDG", "LKSHIMG", "MVPEDS", "NFRENAL", "RBCARD", "SVUC", "HVSLEEP"]
UK_FACS = ["RCV01", "WNSL", "NTYNE", "AVNM"]


def hl7_seg(b, name, fields, place="hl7"):
    b.t(name)
    for f in fields:
        b.t("|")
        if isinstance(f, (list, tuple)):
            for part in f:
                b.x(part, place)
        else:
            b.x(f, place)


def xcn(npi, first, last, deg="MD"):
    return [npi, f"^{last.upper()}^{first.upper()}^^^^{deg}^^^^^^NPI"]


def compact_dob(c):
    return c.dob("compact")


def zip9(c):
    while True:
        d = c.city[2] + rd(c.r, 6)
        if accidental(d) is None:
            return Neg(d, "zip_code")


def doc_hl7(c, b):
    r = c.r
    uk = c.region == "uk"
    fac = r.choice(UK_FACS if uk else FACS)
    nl = r.choice(["\n", "\n", "\r\n"]) if not c.ocr else "\n"
    typ = r.choice(["ADT^A08^ADT_A01", "ADT^A04^ADT_A01", "ORM^O01^ORM_O01", "ORU^R01^ORU_R01", "DFT^P03^DFT_P03"])
    pf, pl = c.name()
    b.t("MSH|^~\\&|").x([r.choice(["EPIC", "MEDITECH", "CERNER", "ATHENA", "NEXTGEN"]), f"|{fac}|", c.vendor.upper(),
                         "|", c.vendor.upper(), "|"]).x(c.TS("ts_hl7")).t(f"||{typ}|").x(c.N("hl7_control_id")) \
        .t("|P|").x(c.N("version_string") if r.random() < 0.3 else "2.5.1").t(nl)
    b.t("EVN|" + typ[4:7] + "|").x(c.TS("ts_hl7")).t(nl)
    pid3 = [c.mrn(r.choice(["d7", "d8", "m7", "e9", "d10"])), f"^^^{fac}^MR"]
    if uk:
        pid3 = [c.nhs("compact"), "^^^NHS^NH~"] + pid3
    elif r.random() < 0.25:
        pid3 += ["~", c.ssn("compact" if r.random() < 0.5 else "dash"), "^^^SSA^SS"]
    street = f"{r.randint(10, 9999)} {r.choice(['Juniper Ln', 'Canal St', 'Orchard Way', 'Bluff Rd'])}"
    addr = [street + "^^" + (c.city[0] if not uk else "Leeds") + "^" + (c.city[1] if not uk else "") + "^",
            zip9(c) if not uk and r.random() < 0.3 else (c.N("zip_code") if not uk else "LS6 2QT"),
            "^" + ("USA" if not uk else "GBR")]
    phone = c.phone("hl7" if not uk else None) if r.random() < 0.85 else ""
    bphone = c.phone("hl7" if not uk else None) if r.random() < 0.3 else ""
    ssn19 = c.ssn(r.choice(["dash", "compact"])) if (not uk and r.random() < 0.45) else ""
    hl7_seg(b, "PID", ["1", "", pid3, "", f"{pl.upper()}^{pf.upper()}^{r.choice('ABCDEJKLMRST')}", "",
                       c.dob("compact"), r.choice("MF"), "", "" if uk else "2106-3^White^CDCREC", addr, "", phone,
                       bphone, "ENG" if not uk else "en", r.choice("MSDW"), "",
                       [c.N("patient_account_no"), f"^^^{fac}^AN"], ssn19])
    b.t(nl)
    if r.random() < 0.3:
        kf, kl = c.name()
        hl7_seg(b, "NK1", ["1", f"{kl.upper()}^{kf.upper()}", "SPO^Spouse", "", c.phone("hl7" if not uk else None)])
        b.t(nl)
    af, al = c.name()
    if uk:
        att = [c.N("state_license"), f"^{al.upper()}^{af.upper()}^^^DR"]
    else:
        att = xcn(c.npi(), af, al)
    pv1 = ["1", r.choice("IOE"), f"{r.choice(['4W', 'ED', 'ICU', '3N'])}^{r.randint(100, 499)}^{r.choice('AB')}^{fac}",
           "", "", "", att, "", "", r.choice(["MED", "SUR", "CAR"]), "", "", "", "", "", "", "", "",
           [c.N("encounter_number"), f"^^^{fac}^VN"]]
    pv1 += [""] * 24 + [c.TS("ts_hl7")]
    hl7_seg(b, "PV1", pv1)
    b.t(nl)
    if typ.startswith(("ADT", "DFT")) and not uk and r.random() < 0.7:
        inf, inl = (pf, pl) if r.random() < 0.6 else c.name()
        in1 = ["1", c.N("group_number"), c.N("payer_id"), r.choice(PAYERS).upper(), f"PO BOX {r.randint(100, 9999)}",
               "", c.phone("hl7"), c.N("group_number"), "", "", "", Neg(fmt_date(rand_date(r, 2020, 2025), "compact"), "date_effective"),
               "", "", "", f"{inl.upper()}^{inf.upper()}", "SEL" if (inf, inl) == (pf, pl) else "SPO", c.dob("compact")]
        in1 += [""] * 17 + [c.N("member_id")]
        hl7_seg(b, "IN1", in1)
        b.t(nl)
    if typ.startswith(("ADT", "DFT")) and not uk and r.random() < 0.4:
        gf, gl = c.name()
        hl7_seg(b, "GT1", ["1", c.N("patient_account_no"), f"{gl.upper()}^{gf.upper()}", "",
                           f"{r.randint(10, 999)} {r.choice(['Elm St', 'Pine Ave'])}^^{c.city[0]}^{c.city[1]}",
                           c.phone("hl7"), "", c.dob("compact"), r.choice("MF"), "P", "SPO", c.ssn(r.choice(["dash", "compact"]))])
        b.t(nl)
    if typ.startswith(("ORM", "ORU")):
        of, ol = c.name()
        onpi = c.npi() if not uk else c.N("state_license")
        ordp = xcn(onpi, of, ol) if not uk else [onpi, f"^{ol.upper()}^{of.upper()}"]
        placer, filler = c.N("placer_order_no"), c.N("filler_order_no")
        hl7_seg(b, "ORC", ["NW" if typ.startswith("ORM") else "RE", placer, filler, "", "", "", "", "", c.TS("ts_hl7"),
                           "", "", ordp])
        b.t(nl)
        lo = c.N("loinc_code")
        ordp2 = [Val(onpi.text, onpi.ent, onpi.fv) if isinstance(onpi, Val) else Neg(onpi.text, onpi.kind)] + ordp[1:]
        hl7_seg(b, "OBR", ["1", Neg(placer.text, placer.kind), Neg(filler.text, filler.kind),
                           [lo, "^" + r.choice(["COMPREHENSIVE METABOLIC PANEL", "CBC W AUTO DIFF", "LIPID PANEL", "HBA1C"]) + "^LN"],
                           "", "", c.TS("ts_hl7"), "", "", "", "", "", "", "", "", ordp2])
        b.t(nl)
        if typ.startswith("ORU"):
            for k in range(r.randint(1, 3)):
                hl7_seg(b, "OBX", [str(k + 1), "NM", [c.N("loinc_code"), "^" + r.choice(["GLUCOSE", "SODIUM", "CREATININE"]) + "^LN"],
                                   "", str(r.randint(1, 200)), r.choice(["mg/dL", "mmol/L"]), "", r.choice(["N", "H", "L"]), "", "", "F",
                                   "", "", c.TS("ts_hl7")])
                b.t(nl)
    if typ.startswith("DFT"):
        hl7_seg(b, "FT1", ["1", "", "", c.D("date_service", "compact"), "", "CG", [c.N("cpt_code"), "^OFFICE VISIT^C4"]])
        b.t(nl)


# ---------------------------------------------------------------------------------------------- X12

def x12_line(b, elems, place, term):
    for k, e in enumerate(elems):
        if k:
            b.t("*")
        b.x(e, place)
    b.t(term)


def doc_837(c, b):
    r = c.r
    term = "~\n" if r.random() < 0.8 else "~"
    sender, recv = c.vendor.upper()[:15], r.choice(["CLEARHOUSE01", "AVAILITY", "OPTUMEDI", "TRIZETTO"])
    isa = c.N("aba_shaped_ref") if r.random() < 0.2 else c.N("isa_control_number")
    gs = c.N("gs_control_number")
    st = c.N("st_control_number")
    X = lambda *e, p="edi": x12_line(b, e, p, term)
    X("ISA", "00", " " * 10, "00", " " * 10, "ZZ", sender.ljust(15), "ZZ", recv.ljust(15),
      Neg(rand_date(r, 2023, 2025).strftime("%y%m%d"), "ts_edi"), f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}", "^",
      Neg("00501", "version_string"), isa, "0", "P", ":")
    X("GS", "HC", sender, recv, Neg(rand_date(r, 2023, 2025).strftime("%Y%m%d"), "ts_edi"), f"{r.randint(0, 2359):04d}",
      gs, "X", Neg("005010X222A1", "version_string"))
    X("ST", "837", st, Neg("005010X222A1", "version_string"))
    X("BHT", "0019", "00", c.N("batch_id"), Neg(rand_date(r, 2023, 2025).strftime("%Y%m%d"), "ts_edi"),
      f"{r.randint(0, 2359):04d}", "CH")
    cf, cl = c.name()
    X("NM1", "41", "2", c.vendor.upper(), "", "", "", "", "46", c.N("payer_id"))
    per = ["PER", "IC", f"{cf.upper()} {cl.upper()}", "TE", c.phone("compact")]
    if r.random() < 0.6:
        per += ["EM", c.email(cf, cl, c.vdomain, r.choice(["first_dot_last", "role", "flast"]))]
    if r.random() < 0.3:
        per += ["FX", c.phone("compact")]
    X(*per)
    payer = r.choice(PAYERS).upper()
    pid = c.N("payer_id")
    X("NM1", "40", "2", payer, "", "", "", "", "46", pid)
    X("HL", "1", "", "20", "1")
    X("PRV", "BI", "PXC", c.N("taxonomy_code"))
    X("NM1", "85", "2", c.org().upper(), "", "", "", "", "XX", c.npi())
    X("N3", f"{r.randint(10, 9999)} {r.choice(['MEDICAL PLZ', 'W BROAD ST', 'N MAIN ST'])}")
    X("N4", c.city[0].upper(), c.city[1], zip9(c))
    X("REF", "EI", Neg(rdig(r, 9), "ein"))
    if r.random() < 0.4:
        bf, bl = c.name()
        X("PER", "IC", "BILLING OFFICE", "TE", c.phone("compact"), "EX", str(r.randint(100, 999)))
    X("HL", "2", "1", "22", "0")
    X("SBR", "P", "18", c.N("group_number"), "", "", "", "", "", "CI")
    pf, pl = c.name()
    X("NM1", "IL", "1", pl.upper(), pf.upper(), "", "", "", "MI", c.N("member_id"))
    X("N3", f"{r.randint(10, 9999)} {r.choice(['OAK ST', 'LAKEVIEW DR', 'ELM CT'])}")
    X("N4", c.city[0].upper(), c.city[1], c.N("zip_code"))
    X("DMG", "D8", c.dob("compact"), r.choice("MF"))
    if r.random() < 0.5:
        X("REF", "SY", c.ssn("compact"))
    X("NM1", "PR", "2", payer, "", "", "", "", "PI", Neg(pid.text, "payer_id"))
    X("CLM", c.N("patient_account_no"), str(r.randint(80, 2400)), "", "", "11:B:1", "Y", "A", "Y", "Y")
    X("DTP", "431", "D8", Neg(rand_date(r, 2023, 2025).strftime("%Y%m%d"), "date_onset"))
    if r.random() < 0.5:
        X("REF", "G1", c.N("prior_auth_number"))
    X("REF", "D9", c.N("claim_number"))
    X("HI", ["ABK:", Neg(c.N("icd10_code").text.replace(".", ""), "icd10_code")],
      ["ABF:", Neg(c.N("icd10_code").text.replace(".", ""), "icd10_code")])
    if r.random() < 0.5:
        df, dl = c.name()
        X("NM1", "DN", "1", dl.upper(), df.upper(), "", "", "", "XX", c.npi())
    rf, rl = c.name()
    X("NM1", "82", "1", rl.upper(), rf.upper(), "", "", "", "XX", c.npi())
    X("PRV", "PE", "PXC", c.N("taxonomy_code"))
    if r.random() < 0.4:
        X("NM1", "77", "2", c.org().upper(), "", "", "", "", "XX", c.npi())
    for k in range(r.randint(1, 3)):
        X("LX", str(k + 1))
        X("SV1", [Neg("HC:", "cpt_code") if False else "HC:", c.N("cpt_code")], str(r.randint(40, 900)), "UN", "1", "", "", "1")
        X("DTP", "472", "D8", Neg(rand_date(r, 2023, 2025).strftime("%Y%m%d"), "date_service"))
    X("SE", str(r.randint(25, 60)), Neg(st.text, st.kind))
    X("GE", "1", Neg(gs.text, gs.kind))
    X("IEA", "1", Neg(isa.text, isa.kind))


def doc_835(c, b):
    r = c.r
    term = "~\n" if r.random() < 0.8 else "~"
    X = lambda *e, p="edi": x12_line(b, e, p, term)
    sender = r.choice(PAYERS).upper()[:15]
    isa = c.N("isa_control_number")
    gs = c.N("gs_control_number")
    X("ISA", "00", " " * 10, "00", " " * 10, "ZZ", sender.ljust(15), "ZZ", c.vendor.upper()[:15].ljust(15),
      Neg(rand_date(r, 2023, 2025).strftime("%y%m%d"), "ts_edi"), f"{r.randint(0, 23):02d}{r.randint(0, 59):02d}", "^",
      Neg("00501", "version_string"), isa, "0", "P", ":")
    X("GS", "HP", sender, c.vendor.upper(), Neg(rand_date(r, 2023, 2025).strftime("%Y%m%d"), "ts_edi"),
      f"{r.randint(0, 2359):04d}", gs, "X", Neg("005010X221A1", "version_string"))
    st = c.N("st_control_number")
    X("ST", "835", st)
    orig = c.N("npi_shaped_ref") if r.random() < 0.3 else c.N("originating_company_id")
    X("BPR", "I", Neg(f"{r.randint(100, 99999)}.{r.randint(0, 99):02d}", "amount"), "C", "ACH", "CCP", "01", c.aba(), "DA",
      c.N("bank_account_number"), orig, "", "01", c.aba(), "DA", c.N("bank_account_number"),
      Neg(rand_date(r, 2023, 2025).strftime("%Y%m%d"), "date_payment"))
    X("TRN", "1", c.N("eft_trace"), Neg(orig.text, orig.kind))
    X("DTM", "405", Neg(rand_date(r, 2023, 2025).strftime("%Y%m%d"), "date_payment"))
    X("N1", "PR", sender)
    X("N4", c.city[0].upper(), c.city[1], zip9(c))
    X("PER", "CX", "PROVIDER SERVICES", "TE", c.phone("compact"))
    if r.random() < 0.6:
        X("PER", "BL", "EDI SUPPORT", "TE", c.phone("compact"), "EM", c.email(domain=r.choice(DOMAINS["us"][7:10]), style="role"))
    X("N1", "PE", c.org().upper(), "XX", c.npi())
    X("REF", "TJ", Neg(rdig(r, 9), "ein"))
    X("LX", "1")
    for _ in range(r.randint(1, 3)):
        X("CLP", c.N("patient_account_no"), "1", str(r.randint(80, 2400)), str(r.randint(40, 900)), str(r.randint(0, 90)),
          "12", c.N("luhn_claim_icn") if r.random() < 0.25 else c.N("claim_icn"), "11", "1")
        pf, pl = c.name()
        X("NM1", "QC", "1", pl.upper(), pf.upper(), "", "", "", "MI", c.N("member_id"))
        if r.random() < 0.5:
            rf, rl = c.name()
            X("NM1", "82", "1", rl.upper(), rf.upper(), "", "", "", "XX", c.npi())
        X("DTM", "232", Neg(rand_date(r, 2023, 2025).strftime("%Y%m%d"), "date_statement"))
        X("SVC", ["HC:", c.N("cpt_code")], str(r.randint(80, 900)), str(r.randint(40, 700)), "", "1")
        X("DTM", "472", Neg(rand_date(r, 2023, 2025).strftime("%Y%m%d"), "date_service"))
        X("CAS", "CO", "45", str(r.randint(5, 300)))
    X("SE", str(r.randint(20, 60)), Neg(st.text, st.kind))
    X("GE", "1", Neg(gs.text, gs.kind))
    X("IEA", "1", Neg(isa.text, isa.kind))


# ---------------------------------------------------------------------------------------------- CSV / TSV

CSV_KINDS = {
    "patients": (["mrn", "last_name", "first_name", "dob", "phone", "email", "last_visit"],
                 "MRN, last name, first name, date of birth, phone, e-mail and last visit date"),
    "providers": (["npi", "provider", "taxonomy", "dea", "phone", "fax", "email"],
                  "NPI, provider name, taxonomy code, DEA number, phone, fax and e-mail"),
    "logins": (["user_email", "last_login_ip", "last_login_at", "mfa", "role"],
               "user e-mail, last login IP, last login time, MFA flag and role"),
    "payments": (["payment_id", "cardholder", "card_number", "exp", "amount", "auth_code"],
                 "payment id, cardholder, card number, expiry, amount and auth code"),
    "payroll": (["employee_id", "name", "ssn", "routing_number", "account_number", "amount"],
                "employee id, name, SSN, routing number, account number and amount"),
    "uk_patients": (["nhs_number", "hospital_no", "dob", "postcode", "mobile"],
                    "NHS number, hospital number, date of birth, postcode and mobile"),
    "sepa": (["name", "iban", "bic", "amount", "mandate_ref", "email"],
             "name, IBAN, BIC, amount, mandate reference and e-mail"),
}
SEPA_HDR = {"de": ["Name", "IBAN", "BIC", "Betrag", "Mandatsreferenz", "E-Mail"],
            "fr": ["Nom", "IBAN", "BIC", "Montant", "RUM", "Courriel"],
            "es": ["Nombre", "IBAN", "BIC", "Importe", "Referencia mandato", "Correo"],
            "it": ["Nome", "IBAN", "BIC", "Importo", "Rif. mandato", "E-mail"],
            "nl": ["Naam", "IBAN", "BIC", "Bedrag", "Machtigingskenmerk", "E-mail"]}
SEPA_SENT = {"de": "Spalten: Name, IBAN, BIC, Betrag, Mandatsreferenz, E-Mail.",
             "fr": "Colonnes : nom, IBAN, BIC, montant, RUM, courriel.",
             "es": "Columnas: nombre, IBAN, BIC, importe, referencia del mandato, correo.",
             "it": "Colonne: nome, IBAN, BIC, importo, riferimento mandato, e-mail.",
             "nl": "Kolommen: naam, IBAN, BIC, bedrag, machtigingskenmerk, e-mail."}


def csv_row(c, kind):
    r = c.r
    f, l = c.name()
    if kind == "patients":
        return [c.mrn(), l, f, c.dob(r.choice(["us", "iso"])), c.phone(), c.email(f, l, r.choice(["gmail.com", "yahoo.com", "outlook.com"]) if r.random() < 0.6 else None),
                c.D("date_appointment", "iso")]
    if kind == "providers":
        return [c.npi(), f"{f} {l}", c.N("taxonomy_code"), c.dea(l) if r.random() < 0.7 else "", c.phone(), c.phone(),
                c.email(f, l)]
    if kind == "logins":
        return [c.email(f, l, c.domain()), c.ip(), c.TS("ts_iso"), r.choice(["true", "false"]),
                r.choice(["admin", "biller", "viewer", "coder"])]
    if kind == "payments":
        return [c.N("order_number"), f"{f} {l}", c.card(style="compact") if r.random() < 0.7 else mask(r, g_card(r)),
                Neg(f"{r.randint(1, 12):02d}/{r.randint(25, 31)}", "card_expiry"), c.amt(), c.N("auth_code")]
    if kind == "payroll":
        return [c.N("employee_id"), f"{f} {l}", c.ssn(), c.aba(), c.N("bank_account_number"), c.amt()]
    if kind == "uk_patients":
        return [c.nhs(), c.mrn(r.choice(["d7", "m7", "h6"])), c.dob("eu_slash"),
                r.choice(["LS6 2QT", "SA1 4NB", "NR2 3HJ", "PR1 8UY", "BS8 1TH"]), c.phone("nat", "uk")]
    return [f"{f} {l}", c.iban(style="compact"), c.N("bic"), c.amt(), c.N("mandate_reference"), c.email(f, l)]


def doc_csv(c, b):
    r = c.r
    if c.region == "uk":
        kind = r.choice(["uk_patients", "uk_patients", "logins", "payments"])
    elif c.region != "us":
        kind = r.choice(["sepa", "sepa", "logins", "payments"])
    else:
        kind = r.choice(["patients", "patients", "providers", "providers", "logins", "payments", "payroll"])
    hdr, sent = CSV_KINDS[kind]
    if kind == "sepa":
        hdr, sent = SEPA_HDR[c.lang], SEPA_SENT[c.lang]
    sep = r.choice([",", ",", "\t", ";", "|"]) if kind != "sepa" else r.choice([";", ";", "\t"])
    headed = r.random() < 0.7
    if not headed:
        b.line(("Columns, in order: " if c.lang == "en" else "") + sent)
        b.t("\n")
    if headed:
        b.line(sep.join(hdr))
    amounts_quoted = sep == ","
    for _ in range(r.randint(2, 6)):
        row = csv_row(c, kind)
        for k, v in enumerate(row):
            if k:
                b.t(sep)
            if isinstance(v, Neg) and v.kind == "amount" and amounts_quoted and "," in v.text:
                b.t('"').x(v).t('"')
            elif isinstance(v, str) and sep in v:
                b.t(f'"{v}"')
            else:
                b.x(v, "csv")
        b.t("\n")


# ---------------------------------------------------------------------------------------------- HTML e-mail as text

def doc_html_email(c, b):
    r = c.r
    sf, sl = c.name()
    dom = c.domain()
    se = c.email(sf, sl, dom)
    to = c.email(domain=c.vdomain, style="role")
    b.line(("From: " if c.lang == "en" else r.choice(["From: ", "Von: ", "De : ", "De: ", "Da: ", "Van: "]))
           + f"{sf} {sl} " + "<{e}>", "hdr", e=se)
    b.line("Sent: {t}", t=c.TS("ts_email"))
    b.line("To: {e}", "hdr", e=to)
    b.line("Subject: " + r.choice(["RE: remittance advice", "FW: scanned claim form", "Attachment did not upload",
                                   "Re: mandate form", "FW: lab report for review"]) + " [{k}]", k=c.N("ticket_ref"))
    b.line()
    if r.random() < 0.5:
        b.line("[cid:{x}]", x=c.N("cid_ref"))
    body = EMAIL_BODY.get(c.lang, EMAIL_BODY["en"])
    b.line(r.choice(body))
    link = r.choice(["portal", "secure", "files"])
    b.line(r.choice(["View it in the portal", "Download", "Open the secure message"]) + f" <https://{link}.{dom}/m/" + "{u}>",
           u=c.N("uuid"))
    b.line()
    if r.random() < 0.5:
        b.line(r.choice(["Reference", "Invoice", "Our ref"]) + ": {i}", i=c.N("invoice_number"))
    b.line(f"{sf} {sl}")
    b.line(r.choice(["Billing Coordinator", "Practice Manager", "Payroll Lead", "Revenue Cycle Analyst", "Office Manager"])
           + f" | {c.org()}")
    p = c.phone()
    e164 = None
    if isinstance(p, Val) and r.random() < 0.6 and "(0)" not in p.text:
        if c.region == "us":
            e164 = "+1" + digits_of(p.text)[-10:]
        elif p.text.startswith("+"):
            e164 = "+" + digits_of(p.text)
    if e164:
        b.line("T: {p} <tel:{q}>", "sig", p=p, q=(Val(e164, "PHONE_NUMBER", p.fv + ".e164"), "tel"))
    else:
        b.line("T: {p}", "sig", p=p)
    if r.random() < 0.5:
        b.line("M: {p}", "sig", p=c.phone())
    style = r.choice(["mailto", "angle", "plain"])
    se2 = se if isinstance(se, Neg) else Val(se.text, se.ent, se.fv)
    if style == "mailto":
        b.line("E: {e} [mailto:{e2}]", "sig", e=se, e2=(se2, "mailto"))
    elif style == "angle":
        b.line("{e}<mailto:{e2}>", "sig", e=se, e2=(se2, "mailto"))
    else:
        b.line("E: {e}", "sig", e=se)
    b.line(f"www.{dom}<https://www.{dom}/>")
    b.line()
    b.line(r.choice(["CONFIDENTIALITY NOTICE: This message may contain protected health information. If you are not the "
                     "intended recipient, delete it.", "This e-mail and any attachments are confidential.",
                     "Please consider the environment before printing this e-mail."]))


EMAIL_BODY = {
    "en": ["Hi, the remittance PDF we uploaded yesterday shows as blank on your side; details are copied below.",
           "Good morning -- our scanner produced the attached claim form but your import rejected it.",
           "Hello, please see the signed mandate below; the direct debit still has not started.",
           "Hi team, the lab report attachment is not rendering in the viewer."],
    "de": ["Guten Tag, das hochgeladene PDF wird bei Ihnen leer angezeigt; die Angaben stehen unten.",
           "Hallo, anbei die Daten aus dem Formular, der Import schlägt weiterhin fehl."],
    "fr": ["Bonjour, le PDF envoyé hier s'affiche vide chez vous ; les informations sont ci-dessous.",
           "Bonjour, voici le contenu du formulaire, l'import échoue toujours."],
    "es": ["Hola, el PDF que subimos ayer aparece en blanco; copio los datos abajo.",
           "Buenos días, el formulario escaneado no se importa; adjunto el texto."],
    "it": ["Buongiorno, il PDF caricato ieri risulta vuoto; riporto i dati qui sotto.",
           "Salve, l'importazione del modulo continua a fallire; ecco il testo."],
    "nl": ["Goedemiddag, de geüploade PDF is bij jullie leeg; de gegevens staan hieronder.",
           "Hallo, de import van het formulier mislukt nog steeds; tekst hieronder."],
}


# ---------------------------------------------------------------------------------------------- Markdown

def doc_markdown(c, b):
    r = c.r
    f, l = c.name()
    b.line("## " + r.choice(["Incident", "Post-incident review", "Runbook"]) + " {k}: " + r.choice(
        ["credentials found in OCR upload bucket", "EDI SFTP key exposed in support attachment",
         "token committed to forms-pipeline repo"]), k=c.N("ticket_ref"))
    b.line()
    b.line("| Field | Value |")
    b.line("|---|---|")
    b.line("| Reporter | {e} |", "md_table", e=c.email(f, l, c.vdomain))
    b.line("| Detected | {t} |", t=c.TS("ts_iso"))
    b.line("| Source IP | `{i}` |", "md_table", i=c.ip(r.choice(["v4pub", "v4priv", "v6"])))
    if r.random() < 0.5:
        b.line("| Account | {a} |", a=c.N("aws_account_id"))
    b.line("| Key ID | `{k}` |", "md_table", k=c.aws())
    b.line()
    b.line("### Timeline")
    b.line("- {t} upload from {i} (`{u}`)", "bullet", t=c.TS("ts_log"), i=c.ip(), u=c.N("user_at_host"))
    b.line("- commit {s} added `.github/workflows/ocr.yml` containing `{g}`", "bullet", s=c.N("git_sha_short"), g=c.gh())
    b.line("- rotated; old secret was `{s}`", s=c.N("aws_secret_key"))
    b.line()
    b.line("```bash")
    b.line("export AWS_ACCESS_KEY_ID={k}", "shell", k=c.aws())
    b.line("export AWS_SECRET_ACCESS_KEY={s}", s=c.N("aws_secret_key"))
    b.line("export GH_TOKEN={g}", "shell", g=c.gh())
    b.line("```")
    if r.random() < 0.7:
        b.line()
        b.line("Key that was attached to the ticket:")
        b.line("```")
        b.line("{p}", "md_fence", p=c.pkey())
        b.line("```")
    if r.random() < 0.3:
        b.line("> Note: `{x}` in the docs is only the AWS example key.", x=c.N("aws_example_key"))
    b.line("Contact: [{n}](mailto:{e}) · on-call {p}", "md_link", n=f"{f} {l}", e=c.email(f, l, c.vdomain), p=c.phone())


# ---------------------------------------------------------------------------------------------- pasted files

def doc_config(c, b):
    r = c.r
    kind = r.choice(["env", "aws_credentials", "pem", "compose", "gitconfig", "npmrc", "log", "log", "ci_log", "pem", "pem",
                     "k8s"])
    f, l = c.name()
    if kind == "env":
        b.line("$ cat .env")
        b.line("OCR_BUCKET=scan-intake-" + r.choice(["prod", "stage"]))
        b.line("AWS_ACCESS_KEY_ID={k}", "dotenv", k=c.aws("AKIA"))
        b.line("AWS_SECRET_ACCESS_KEY={s}", s=c.N("aws_secret_key"))
        b.line("GITHUB_TOKEN={g}", "dotenv", g=c.gh())
        b.line("HL7_LISTENER_HOST={i}", "dotenv", i=c.ip("v4priv"))
        b.line("SMTP_USER={e}", "dotenv", e=c.email(domain=c.vdomain, style="role"))
        if r.random() < 0.4:
            b.line("GITLAB_MIRROR_TOKEN={t}", t=c.N("gitlab_token"))
    elif kind == "aws_credentials":
        b.line("~/.aws/credentials")
        b.line("[default]")
        b.line("aws_access_key_id = {k}", "aws_credentials", k=c.aws("AKIA"))
        b.line("aws_secret_access_key = {s}", s=c.N("aws_secret_key"))
        if r.random() < 0.5:
            b.line("[ocr-batch]")
            b.line("aws_access_key_id = {k}", "aws_credentials", k=c.aws("ASIA"))
            b.line("aws_secret_access_key = {s}", s=c.N("aws_secret_key"))
            b.line("aws_session_token = {t}", t=c.N("aws_session_token"))
        b.line("# role {a}", a=c.N("aws_arn"))
    elif kind == "pem":
        fn = r.choice(["sftp_edi_rsa", "id_ecdsa", "mllp-client.key", "server.key", "remit_upload.pem"])
        b.line(f"Attachment: {fn} (text/plain, {r.randint(2, 4)} KB)")
        b.line("{p}", "pem", p=c.pkey())
        if r.random() < 0.5:
            b.line()
            b.line("and the public half they asked us to whitelist:")
            b.line("{s}", s=c.N(r.choice(["ssh_public_key", "public_key_block"])))
        if r.random() < 0.3:
            b.line("{s}", s=c.N("certificate_block"))
    elif kind == "k8s":
        b.line("kubectl get secret sftp-edi -o yaml (decoded by the customer)")
        b.line("apiVersion: v1")
        b.line("kind: Secret")
        b.line("stringData:")
        b.line("  id_rsa: |")
        b.line("    {k}", "yaml_indented", k=c.pkey(r.choice(["rsa", "openssh", "ec"]), indent="    "))
        b.line("  host: {i}", "yaml", i=c.ip("v4priv"))
    elif kind == "compose":
        b.line("docker-compose.yml")
        b.line("services:")
        b.line("  ocr-worker:")
        b.line("    image: " + r.choice(["formcast/ocr-worker:2.3", "scanmaven/extract:latest"]))
        b.line("    environment:")
        b.line("      - AWS_ACCESS_KEY_ID={k}", "yaml", k=c.aws())
        b.line("      - AWS_SECRET_ACCESS_KEY={s}", s=c.N("aws_secret_key"))
        b.line("      - DB_HOST={i}", "yaml", i=c.ip("v4priv"))
        b.line("      - GH_PACKAGES_TOKEN={g}", "yaml", g=c.gh())
    elif kind == "gitconfig":
        b.line(".git/config")
        b.line('[remote "origin"]')
        g = c.gh(r.choice(["ghp", "gho", "pat"]))
        b.line(f"\turl = https://{_ascii(f)}:" + "{g}@github.com/" + _ascii(c.vendor) + "/claim-forms.git", "url", g=g)
        b.line("\tfetch = +refs/heads/*:refs/remotes/origin/*")
        b.line("[user]")
        b.line("\temail = {e}", "gitconfig", e=c.email(f, l, c.vdomain))
        b.line("# HEAD at {s}", s=c.N("git_sha"))
    elif kind == "npmrc":
        b.line(".npmrc")
        b.line("registry=https://npm.pkg.github.com/" + _ascii(c.vendor))
        b.line("//npm.pkg.github.com/:_authToken={g}", "npmrc", g=c.gh("ghp"))
        if r.random() < 0.5:
            b.line("//registry.npmjs.org/:_authToken={t}", t=c.N("npm_token"))
        b.line("# installs {p}", p=c.N("scoped_pkg"))
    elif kind == "ci_log":
        b.line("build log (ocr-pipeline #{n})", n=c.N("batch_id"))
        b.line("{t} Run aws configure set aws_access_key_id {k}", "log", t=c.TS("ts_iso"), k=c.aws())
        b.line("{t} Run git clone https://x-access-token:{g}@github.com/" + _ascii(c.vendor) + "/edi-maps", "log",
               t=c.TS("ts_iso"), g=c.gh("ghs"))
        b.line("{t} Checked out {s}", t=c.TS("ts_iso"), s=c.N("git_sha"))
        b.line("{t} Uploading artifact to s3 as {a}", t=c.TS("ts_iso"), a=c.N("aws_arn"))
        if r.random() < 0.3:
            b.line("{t} token {x} rejected (bad checksum)", t=c.TS("ts_iso"), x=c.N("gh_checksum_fail"))
    else:
        b.line(r.choice(["support-bundle/interface.log", "mirth/connector.log", "sftp/transfer.log"]))
        for _ in range(r.randint(3, 6)):
            t = r.choice(["conn", "auth", "hl7", "mac", "ver"])
            if t == "conn":
                b.line("{t} INFO  MLLP connection from {i}:{p} accepted", "log", t=c.TS("ts_log"), i=c.ip(), p=c.N("port_number"))
            elif t == "auth":
                b.line("{t} WARN  sftp auth failed for {u} from {i}", "log", t=c.TS("ts_log"), u=c.email(domain=c.vdomain, style="role"),
                       i=c.ip())
            elif t == "hl7":
                b.line("{t} INFO  ACK AA for control id {k}", t=c.TS("ts_log"), k=c.N("hl7_control_id"))
            elif t == "mac":
                b.line("{t} DEBUG lease {i} -> {m} (mask {n})", "log", t=c.TS("ts_log"), i=c.ip("v4priv"), m=c.N("mac_address"),
                       n=c.N("netmask"))
            else:
                b.line("{t} INFO  engine {v} started, bad peer {x} ignored", t=c.TS("ts_log"), v=c.N("version_string"),
                       x=c.N("ip_bad_octet"))


def doc_as2(c, b):
    """EDI trading-partner onboarding: the customer pastes connection details, a key and a certificate."""
    r = c.r
    f, l = c.name()
    b.line(r.choice(["Trading partner setup form", "AS2 / SFTP connection request", "Partner onboarding sheet"]))
    b.line("Partner: " + c.org())
    b.line("Technical contact: {n} <{e}>, {p}", "form", n=f"{f} {l}", e=c.email(f, l), p=c.phone())
    b.line("Endpoint: sftp://{i}:{p}/inbound", "url", i=c.ip(r.choice(["v4pub", "v4pub", "v6"])), p=c.N("port_number"))
    b.line("Fallback host: {i}", "form", i=c.ip("v4pub"))
    b.line("ISA qualifier/ID: ZZ / {x}", x=c.N("payer_id"))
    if r.random() < 0.5:
        b.line("S3 drop bucket for 835 files -- access key {k}, secret {s}", "form", k=c.aws(), s=c.N("aws_secret_key"))
    b.line("Private key for the SFTP user (we know, we will rotate it after go-live):")
    b.line("{k}", "pem", k=c.pkey(r.choice(["rsa", "rsa2048", "openssh", "ec", "pkcs8"])))
    if r.random() < 0.6:
        b.line("Certificate:")
        b.line("{x}", x=c.N("certificate_block"))
    if r.random() < 0.3:
        b.line("Old key (already revoked, body removed):")
        b.line("{x}", x=mask(r, g_pkey(r, "rsa")))


DOCS = {"cms1500": doc_cms1500, "ub04": doc_ub04, "eob": doc_eob, "lab": doc_lab, "discharge": doc_discharge,
        "rx": doc_rx, "payslip": doc_payslip, "taxform": doc_taxform, "bank_letter": doc_bank_letter, "sepa": doc_sepa,
        "chargeback": doc_chargeback, "ins_claim": doc_ins_claim, "hl7": doc_hl7, "x12_837": doc_837,
        "x12_835": doc_835, "csv": doc_csv, "html_email": doc_html_email, "markdown": doc_markdown,
        "config": doc_config, "as2": doc_as2}
FORM_DOCS = {"cms1500", "ub04", "eob", "lab", "discharge", "rx", "payslip", "taxform", "bank_letter", "sepa",
             "chargeback", "ins_claim"}
FIXED_SHAPE = {"hl7": "hl7_paste", "x12_837": "edi_paste", "x12_835": "edi_paste", "csv": "csv_paste",
               "html_email": "html_to_text", "markdown": "markdown", "config": "file_paste", "as2": "file_paste"}
DOC_WEIGHTS = {
    "us": {"cms1500": 40, "ub04": 32, "eob": 38, "lab": 28, "discharge": 28, "rx": 45, "payslip": 22, "taxform": 28,
           "bank_letter": 14, "chargeback": 28, "ins_claim": 18, "hl7": 48, "x12_837": 36, "x12_835": 28, "csv": 40,
           "html_email": 22, "markdown": 26, "config": 40, "as2": 30},
    "uk": {"discharge": 24, "rx": 18, "lab": 18, "hl7": 18, "payslip": 10, "bank_letter": 9, "chargeback": 13,
           "ins_claim": 8, "csv": 18, "html_email": 14, "markdown": 10, "config": 14, "as2": 10, "sepa": 4},
    "eu": {"sepa": 24, "bank_letter": 16, "payslip": 16, "lab": 12, "discharge": 12, "csv": 15, "html_email": 14,
           "chargeback": 12, "ins_claim": 12, "config": 7, "markdown": 3, "as2": 5},
}
DOC_NAMES = {
    "en": {"cms1500": "CMS-1500", "ub04": "UB-04", "eob": "EOB letter", "lab": "lab report", "discharge": "discharge summary",
           "rx": "pharmacy label", "payslip": "payslip", "taxform": "tax form", "bank_letter": "bank letter",
           "sepa": "SEPA mandate", "chargeback": "chargeback form", "ins_claim": "claim form", "hl7": "HL7 message",
           "x12_837": "837 file", "x12_835": "835 remittance", "csv": "export", "html_email": "e-mail",
           "markdown": "incident write-up", "config": "config file", "as2": "partner setup form"},
    "de": "Formular", "fr": "formulaire", "es": "formulario", "it": "modulo", "nl": "formulier",
}
OPENERS = {
    "en": ["Hi team, the {doc} below was attached to our ticket but your parser rejects it.",
           "Hello -- pasting the text of the {doc} because the upload keeps failing.",
           "Morning all, customer forwarded a {doc}; the extraction looks off, see below.",
           "Hi, attaching the {doc} as text. Field mapping seems shifted by one column.",
           "Good afternoon, we cannot import this {doc}. Contents copied from the PDF viewer:",
           "Hey support, OCR of the scanned {doc} is below -- the values land in the wrong boxes.",
           "Please see the {doc} the clinic sent us. Our intake queue flagged it as unreadable."],
    "de": ["Hallo zusammen, das {doc} im Anhang wird von Ihrem Import abgelehnt. Text unten.",
           "Guten Tag, anbei der Text aus dem gescannten {doc}, die Felder werden falsch zugeordnet.",
           "Servus, der Upload schlägt fehl, deshalb hier der Inhalt des {doc}s."],
    "fr": ["Bonjour, le {doc} joint est refusé par votre outil d'import. Texte ci-dessous.",
           "Bonjour à tous, voici l'OCR du {doc} scanné, les champs sont décalés.",
           "Bonjour, l'envoi échoue ; je colle le contenu du {doc}."],
    "es": ["Hola, el {doc} adjunto no se importa. Copio el texto abajo.",
           "Buenas, este es el OCR del {doc} escaneado; los campos salen desplazados.",
           "Hola equipo, la subida falla, así que pego el contenido del {doc}."],
    "it": ["Buongiorno, il {doc} allegato viene rifiutato dall'importazione. Testo qui sotto.",
           "Salve, ecco l'OCR del {doc} scansionato: i campi risultano spostati.",
           "Ciao, il caricamento non va a buon fine, incollo il contenuto del {doc}."],
    "nl": ["Hallo, het bijgevoegde {doc} wordt door jullie import geweigerd. Tekst hieronder.",
           "Goedemorgen, hier de OCR van het gescande {doc}; de velden schuiven op.",
           "Hoi, uploaden lukt niet, daarom de inhoud van het {doc} hieronder."],
}
ATTACH_HDR = {
    "pdf_text": ["----- {fn} (extracted text) -----", "=== text layer of {fn} ===", "[Attachment: {fn} -- converted to text]",
                 "pdftotext -layout {fn} -"],
    "ocr_scan": ["OCR output ({fn}, 300 dpi):", "--- scanned image {fn}, OCR ---", "[OCR] {fn} page 1"],
    "hl7_paste": ["Raw message (segments shown on separate lines):", "```hl7", "Message from the interface engine:"],
    "edi_paste": ["File as received:", "```", "EDI content:"],
    "csv_paste": ["First rows of {fn}:", "Pasted from the spreadsheet:", "{fn}:"],
    "html_to_text": ["-----Original Message-----", "________________________________", "---------- Forwarded message ---------"],
    "markdown": [""],
    "file_paste": ["Pasted from the customer's attachment:", "Contents of the attachment:", "```"],
}
AGENT_NOTES = {
    "en": ["Internal: reproduced on parser {v}; escalating to the forms team under {k}.",
           "Internal: the mapping treats the box after the label as the value; see {k}.",
           "Internal note: customer confirmed the file was exported on {t}. Linked {k}.",
           "Agent: parser {v} drops the second page. Workaround sent, ticket {k} stays open."],
    "de": ["Intern: mit Parser {v} nachgestellt, an das Formularteam übergeben ({k}).",
           "Intern: Export laut Kunde vom {t}; siehe {k}."],
    "fr": ["Interne : reproduit avec le parseur {v}, transmis à l'équipe formulaires ({k}).",
           "Note interne : export du {t} selon le client ; voir {k}."],
    "es": ["Interno: reproducido con el parser {v}; escalado al equipo de formularios ({k}).",
           "Nota interna: exportado el {t} según el cliente; ver {k}."],
    "it": ["Interno: riprodotto con il parser {v}; inoltrato al team moduli ({k}).",
           "Nota interna: esportato il {t} secondo il cliente; vedi {k}."],
    "nl": ["Intern: nagebootst met parser {v}; doorgezet naar het formulierenteam ({k}).",
           "Interne notitie: export van {t} volgens de klant; zie {k}."],
}
CLOSINGS = {"en": ["Thanks,", "Best regards,", "Cheers,", "Kind regards,"], "de": ["Viele Grüße", "Mit freundlichen Grüßen"],
            "fr": ["Cordialement,", "Merci d'avance,"], "es": ["Saludos,", "Un saludo,"], "it": ["Cordiali saluti,", "Grazie,"],
            "nl": ["Met vriendelijke groet,", "Groeten,"]}


def extra_sentence(c, b):
    """An English sentence in the ticket prose that carries one value (or a near miss)."""
    r = c.r
    f, l = c.name()
    us = c.region == "us"
    opts = ["phone", "email", "dob", "ip", "ticket", "amount"]
    if us:
        opts += ["dea", "dea", "card", "npi", "ssn_neg", "mrn", "aba"]
    if c.region == "uk":
        opts += ["nhs", "nhs_neg", "card"]
    k = r.choice(opts)
    if k == "phone":
        b.line(r.choice(["Best callback number is {v}.", "Reach me on {v} after 2pm.", "Fax the corrected copy to {v}."]),
               "sent", v=c.phone())
    elif k == "email":
        b.line("Please reply to {v} rather than the shared inbox.", "sent", v=c.email(f, l))
    elif k == "dob":
        b.line(r.choice(["The patient's date of birth is {v}, the form shows something else.",
                         "Member DOB per our system: {v}.", "Born {v} -- please check the header."]), "sent",
               v=c.dob(r.choice([c.dstyle, "long_mdy" if us else "long_dmy", "iso"])))
    elif k == "ip":
        b.line("Uploads come from our office IP {v}, in case you need to allowlist it.", "sent", v=c.ip("v4pub"))
    elif k == "dea":
        b.line(f"Prescriber on the label is Dr {f} {l}, DEA " + "{v}.", "sent", v=c.dea(l))
    elif k == "card":
        b.line("Please charge the scanning add-on to {v} instead of the card on file.", "sent", v=c.card())
    elif k == "npi":
        b.line("Rendering provider NPI should be {v}; box 24J shows the group's.", "sent", v=c.npi())
    elif k == "ssn_neg":
        b.line("The form hint '{x}' is the IRS sample, not a real SSN.", x=Neg("123-45-6789", "ssn_format_example"))
    elif k == "mrn":
        b.line("Chart number (MRN) in Epic is {v}; the claim number {x} is unrelated.", "sent", v=c.mrn(),
               x=c.N("claim_number"))
    elif k == "aba":
        b.line("Routing number on the voided check: {v}.", "sent", v=c.aba())
    elif k == "nhs":
        b.line("NHS number for the patient is {v}.", "sent", v=c.nhs())
    elif k == "nhs_neg":
        b.line("The NHS number on page 2 ({x}) fails the check digit, please confirm.", x=c.N("nhs_fail_mod11"))
    elif k == "ticket":
        b.line("Related tickets: {a} and {b2}.", a=c.N("ticket_ref"), b2=c.N("ticket_ref"))
    else:
        b.line("Invoice {i} for {a} is on hold until this is fixed.", i=c.N("invoice_number"), a=c.amt())


NEAR_MISS = [
    ("The number on the fax cover ({x}) is our fax batch id, not a phone.", "phone_shaped_id"),
    ("Agent code {x} on the claim form is the broker's internal code.", "ssn_shaped_ref"),
    ("ITIN {x} belongs to the payee's tax record, not the patient.", "itin"),
    ("The SSN on page 2 ({x}) cannot be valid -- please rescan.", "ssn_invalid"),
    ("Their old IBAN {x} bounced with a checksum error.", "iban_bad_checksum"),
    ("OCR read the IBAN as {x} (one digit too many).", "iban_wrong_length"),
    ("VAT number on the invoice: {x}.", "vat_id"),
    ("Message-ID of the original mail: <{x}>", "message_id"),
    ("Template address {x} is still in the mandate footer.", "placeholder_email"),
    ("Episode reference {x} is the PAS spell number.", "nhs_shaped_ref"),
    ("Batch {x} passed the routing check by coincidence; it is only our batch id.", "aba_shaped_ref"),
    ("Trace number {x} is printed where the NPI box would be.", "npi_shaped_ref"),
    ("Scanner MAC {x} is registered to the front desk.", "mac_address"),
    ("Commit {x} introduced the OCR regression.", "git_sha"),
    ("The GitLab mirror token {x} was revoked last week.", "gitlab_token"),
    ("npm publish token {x} is unrelated and already rotated.", "npm_token"),
    ("Secondary key {x} (AROA role id) is not an access key.", "aws_role_id"),
    ("Payer claim control number {x} passes a Luhn check but is not a card.", "luhn_claim_icn"),
    ("Their sandbox test card {x} still works.", "test_pan"),
    ("Merchant ID {x} on the dispute form is the acquirer's reference, not a card.", "merchant_id"),
    ("DEA on the old label ({x}) fails the check digit.", "dea_fail"),
    ("The token {x} was made up for the bug report; its checksum is wrong.", "gh_checksum_fail"),
    ("Public key they sent: {x}", "ssh_public_key"),
    ("The documentation IBAN {x} was copied into the form by mistake.", "iban_doc_example"),
]


def near_miss(c, b):
    tpl, kind = c.r.choice(NEAR_MISS)
    b.line(tpl, x=c.N(kind))


def build_note_builder(c, doc, shape):
    r = c.r
    b = B()
    lang = c.lang
    if r.random() < 0.6:
        b.line(r.choice(["Ticket {k} -- ", "[{k}] ", "Case {k}: "]) + r.choice(
            ["attachment unreadable", "import rejected", "wrong values after OCR", "file attached", "Re: upload"]),
               k=c.N("ticket_ref"))
        b.t("\n")
    docname = DOC_NAMES["en"][doc] if lang == "en" else DOC_NAMES[lang]
    b.line(r.choice(OPENERS[lang]).replace("{doc}", docname))
    if lang == "en" and r.random() < 0.45:
        extra_sentence(c, b)
    b.t("\n")
    ext = {"csv_paste": r.choice([".csv", ".tsv", ".xlsx"]), "file_paste": r.choice([".txt", ".log", ""]),
           "hl7_paste": ".hl7", "edi_paste": r.choice([".x12", ".edi", ".txt"])}.get(shape, ".pdf")
    fn_b = B()
    if r.random() < 0.5:
        fn_b.t(r.choice(["scan_", "upload_", "doc-", "IMG_"])).x(Neg(rdig(r, 6), "file_ref")).t(ext)
    else:
        fn_b.t(r.choice(["claim", "remit", "form", "statement", "attachment", "page"]) + str(r.randint(1, 99)) + ext)
    hdr = r.choice(ATTACH_HDR[shape])
    if hdr:
        if "{fn}" in hdr:
            b.f(hdr, fn=fn_b)
        else:
            b.t(hdr)
        b.t("\n")
    if shape == "hl7_paste" and r.random() < 0.4:
        b.line("{t} [MLLP] received 1 message from {i}:{p}", "log", t=c.TS("ts_log"), i=c.ip("v4priv"),
               p=c.N("port_number"))
    if c.ocr and r.random() < 0.5:
        b.t(r.choice(["Page 1 of 2\n", "— 1 —\n", "Pag e 1 of 3\n"]))
    DOCS[doc](c, b)
    if hdr.startswith("```"):
        b.t("```\n")
    elif shape in ("pdf_text", "ocr_scan") and r.random() < 0.5:
        b.t(r.choice(["----- end of attachment -----\n", "[end of extracted text]\n", "=== end ===\n"]))
    b.t("\n")
    if r.random() < 0.7:
        kw = dict(v=c.N("version_string"), k=c.N("ticket_ref"), t=c.D("date_received"))
        tpl = r.choice(AGENT_NOTES[lang])
        b.line(tpl, **{k: v for k, v in kw.items() if "{" + k + "}" in tpl})
    if lang == "en" and r.random() < 0.35:
        extra_sentence(c, b)
    if lang == "en" and r.random() < (0.6 if c.benign else 0.3):
        near_miss(c, b)
    if r.random() < 0.6:
        af, al = c.name("us" if c.region == "us" else "uk" if c.region == "uk" else c.region)
        b.line(r.choice(CLOSINGS[lang]))
        b.line(f"{af} {al}")
        b.line(f"{c.vendor} Support")
        if r.random() < 0.6:
            b.line("{e}", "sig", e=c.email(af, al, c.vdomain, r.choice(["first_dot_last", "first", "flast"])))
        if r.random() < 0.4:
            b.line("{p}", "sig", p=c.phone())
    return b


# =====================================================================================================
# self-checks shared by notes and JSON strings
# =====================================================================================================

MONTH_RE = "|".join(sorted({m for ms in MONTHS.values() for m in ms} | set(MONTH_ABBR), key=len, reverse=True))
LEAK_RES = [
    ("digits5", re.compile(r"\d{5,}")),
    ("grouped", re.compile(r"\d(?:[ \-.]?\d){6,}")),
    ("ipv4", re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d])")),
    ("pem", re.compile(r"-----BEGIN")),
    ("aws", re.compile(r"(?:AKIA|ASIA|AROA)[A-Z0-9]{12,}")),
    ("token", re.compile(r"gh[pousr]_|github_pat_|glpat-|npm_[A-Za-z0-9]{30}")),
    ("hex16", re.compile(r"[0-9a-fA-F]{16,}")),
    ("b64", re.compile(r"[A-Za-z0-9+/]{32,}")),
    ("mdate", re.compile(r"\b\d{1,2}\.? (?:" + MONTH_RE + r")\.? \d{4}|\b(?:" + MONTH_RE + r") \d{1,2}, \d{4}|\b\d{1,2}-(?:"
                         + MONTH_RE + r")-\d{2,4}", re.I)),
]
NUMDATE_RE = re.compile(r"(?<![\d.])(\d{1,4})[/.\-](\d{1,2})[/.\-](\d{4}|\d{2})(?![\d])")
IPV6_RE = re.compile(r"[0-9A-Fa-f:]{6,}")
IBAN_RE = re.compile(r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?")
DEA_RE = re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{7}(?![A-Za-z0-9])")


def _plausible_date(a, b_, c_):
    a, b_, c_ = int(a), int(b_), int(c_)
    if a > 1900:
        return 1 <= b_ <= 12 and 1 <= c_ <= 31
    return (1 <= a <= 31 and 1 <= b_ <= 12) or (1 <= a <= 12 and 1 <= b_ <= 31)


def leak_scan(text, ranges):
    """ranges: [(start, end)] of labels and negatives (character offsets).  Returns uncovered suspicious strings."""
    def covered(a, b_, touch=False):
        for s, e in ranges:
            if (s < b_ and a < e) or (touch and (s == b_ or e == a)):
                return True
        return False

    bad = []
    for i, ch in enumerate(text):
        if ch == "@" and not covered(i, i + 1, touch=True):
            bad.append(("at", text[max(0, i - 20):i + 20]))
    for name, rx in LEAK_RES:
        for m in rx.finditer(text):
            if not covered(m.start(), m.end()):
                bad.append((name, m.group()))
    for m in NUMDATE_RE.finditer(text):
        if _plausible_date(*m.groups()) and not covered(m.start(), m.end()):
            bad.append(("numdate", m.group()))
    for m in IPV6_RE.finditer(text):
        s = m.group()
        if ("::" in s or s.count(":") >= 4) and re.search(r"[0-9a-fA-F]{2}", s) and s.count(":") >= 2:
            if not covered(m.start(), m.end()):
                bad.append(("ipv6", s))
    for m in IBAN_RE.finditer(text):
        if iban_ok(m.group().rstrip()) and not covered(m.start(), m.end()):
            bad.append(("iban", m.group()))
    for m in DEA_RE.finditer(text):
        if dea_ok(m.group()) and not covered(m.start(), m.end()):
            bad.append(("dea", m.group()))
    return bad


def neg_claim_ok(kind, t):
    """Every hard negative satisfies what its kind says about it."""
    d = digits_of(t)
    only_digits = bool(re.fullmatch(r"[\d \-]+", t)) and d
    if kind in PASS_KINDS:
        need = PASS_KINDS[kind]
        if need == "LUHN":
            return luhn_ok(d)
        if need == "SSN":
            return ssn_ok(t) and bool(re.fullmatch(r"\d{3}-\d{2}-\d{4}", t)) and not aba_ok(d)
        if need == "ABA":
            return aba_ok(d) and aba_valid_prefix(d)
        if need == "NPI":
            return npi_luhn(d) and not nhs_ok(d)
        if need == "NHS":
            return nhs_ok(d) and not npi_luhn(d)
        if need == "IBAN":
            return iban_ok(t)
    if kind.startswith("masked_") or kind in ("aws_masked_key", "gh_masked"):
        return "*" in t or "X" in t or "x" in t
    if kind.startswith("ocr_garbled_"):
        return bool(re.search(r"[OlSB]", t))
    if kind in ("iban_bad_checksum", "iban_wrong_length"):
        return not iban_ok(t)
    if kind == "dea_fail":
        return not dea_ok(t)
    if kind == "gh_checksum_fail":
        return not gh_ok(t)
    if kind == "aws_example_key":
        return "EXAMPLE" in t
    if kind == "nhs_fail_mod11":
        return not nhs_ok(d)
    if kind in ("ssn_invalid", "itin"):
        return not ssn_ok(t)
    if kind == "redacted_private_key":
        return not pem_ok(t)
    if kind == "user_at_host":
        return "." not in t.split("@")[1]
    if kind == "ssn_format_example":
        return t in ("123-45-6789", "000-00-0000")
    if only_digits and re.fullmatch(r"\d{3}-\d{2}-\d{4}", t) and ssn_ok(t):
        return False
    if only_digits and accidental(d) is not None:
        return False
    return True


def check_doc(text, spans, negs, where):
    """spans: [(s, e, ent, fmt, val)], negs: [(s, e, kind, val)] with character offsets."""
    probs = []
    for s, e, ent, fmt, val in spans:
        if text[s:e] != val:
            probs.append(f"{where}: span text mismatch {val!r}")
        if not validate(ent, val):
            probs.append(f"{where}: invalid {ent} {val!r}")
        if s > 0 and text[s - 1].isascii() and text[s - 1].isalnum():
            probs.append(f"{where}: {ent} {val!r} glued on the left")
        if e < len(text) and text[e].isascii() and text[e].isalnum():
            probs.append(f"{where}: {ent} {val!r} glued on the right")
    for s, e, kind, val in negs:
        if text[s:e] != val:
            probs.append(f"{where}: neg text mismatch {val!r}")
        if not neg_claim_ok(kind, val):
            probs.append(f"{where}: negative {kind} {val!r} breaks its claim")
    allr = sorted([(s, e) for s, e, *_ in spans] + [(s, e) for s, e, *_ in negs])
    for (a1, b1), (a2, b2) in zip(allr, allr[1:]):
        if a2 < b1:
            probs.append(f"{where}: overlapping spans at {a2}")
    for name, frag in leak_scan(text, allr):
        probs.append(f"{where}: leak {name} {frag!r}")
    return probs


# =====================================================================================================
# ticket JSON: markers for string fields (S), numbers (NV positive, NN negative)
# =====================================================================================================

class S:
    def __init__(self, thing, place="field"):
        if isinstance(thing, B):
            self.b = thing
        else:
            self.b = B().x(thing, place)


class NV:
    def __init__(self, val, place="number"):
        assert isinstance(val, Val) and val.text.isdigit() and val.text[0] != "0"
        self.val, self.place = val, place


class NN:
    def __init__(self, neg):
        assert neg.text.isdigit() and neg.text[0] != "0"
        self.neg = neg


def num(thing, place="number"):
    """A custom-field value as a JSON number when it is all digits (masked values stay strings)."""
    if isinstance(thing, Val) and thing.text.isdigit() and thing.text[0] != "0":
        return NV(thing, place)
    return S(thing, place)


def ptr_esc(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def walk(obj, ptr, labels, negs, shape):
    if isinstance(obj, dict):
        return {k: walk(v, f"{ptr}/{ptr_esc(k)}", labels, negs, shape) for k, v in obj.items()}
    if isinstance(obj, list):
        return [walk(v, f"{ptr}/{k}", labels, negs, shape) for k, v in enumerate(obj)]
    if isinstance(obj, S):
        text, spans, ns = obj.b.render()
        for s, e, ent, fmt, val in spans:
            labels.append(dict(ptr=ptr, s=s, e=e, ent=ent, fmt=fmt, val=val, text=text, num=False))
        for s, e, kind, val in ns:
            negs.append(dict(ptr=ptr, s=s, e=e, kind=kind, val=val, text=text, num=False))
        if not spans and not ns:
            negs.append(dict(ptr=ptr, s=None, text=text, num=False))  # plain, still leak-scanned
        return text
    if isinstance(obj, NV):
        t = obj.val.text
        labels.append(dict(ptr=ptr, s=0, e=len(t), ent=obj.val.ent, fmt=f"{obj.val.fv}.{shape}_{obj.place}", val=t,
                           text=t, num=True))
        return int(t)
    if isinstance(obj, NN):
        t = obj.neg.text
        negs.append(dict(ptr=ptr, s=0, e=len(t), kind=obj.neg.kind, val=t, text=t, num=True))
        return int(t)
    if isinstance(obj, str):
        negs.append(dict(ptr=ptr, s=None, text=obj, num=False))
        return obj
    return obj


# ---------------------------------------------------------------------------------------------- ticket parts

JSON_TOPICS = [("claims", "us", "en"), ("pharmacy", "us", "en"), ("lab", "us", "en"), ("payroll", "us", "en"),
               ("dispute", "us", "en"), ("devops", "us", "en"), ("hl7", "us", "en"), ("nhs", "uk", "en"),
               ("dispute", "uk", "en"), ("devops", "uk", "en"), ("claims", "us", "en"), ("pharmacy", "us", "en"),
               ("sepa", "de", "de"), ("nhs", "uk", "en"), ("sepa", "fr", "fr"), ("lab", "nl", "nl"),
               ("sepa", "es", "es"), ("payroll", "us", "en"), ("sepa", "it", "it"), ("devops", "us", "en")]
TOPIC_DOCS = {"claims": ["cms1500", "ub04", "eob", "x12_837", "x12_835"], "pharmacy": ["rx"], "lab": ["lab"],
              "payroll": ["payslip", "taxform", "bank_letter"], "dispute": ["chargeback"],
              "devops": ["config", "as2", "markdown"], "hl7": ["hl7"], "nhs": ["discharge", "hl7", "rx"],
              "sepa": ["sepa", "bank_letter", "payslip"]}
CF_LABELS = {
    "en": dict(dob="Patient DOB", mrn="MRN", npi="Rendering NPI", member="Member ID", claim="Claim #", dea="Prescriber DEA",
               prescriber="Prescriber", ssn="Employee SSN", aba="Routing number", acct="Account number",
               card="Card number (from form)", phone="Callback phone", nhs="NHS number", hosp="Hospital number",
               ip="Source IP", aws="Leaked key ID", gh="Leaked token", iban="IBAN", bic="BIC", email="Contact e-mail"),
    "de": dict(iban="IBAN", bic="BIC", phone="Rückrufnummer", email="E-Mail Kontakt", dob="Geburtsdatum",
               member="Kundennummer"),
    "fr": dict(iban="IBAN", bic="BIC", phone="Téléphone de rappel", email="Courriel", dob="Date de naissance",
               member="N° client"),
    "es": dict(iban="IBAN", bic="BIC", phone="Teléfono de contacto", email="Correo", dob="Fecha de nacimiento",
               member="N.º de cliente"),
    "it": dict(iban="IBAN", bic="BIC", phone="Telefono richiamata", email="E-mail", dob="Data di nascita",
               member="Codice cliente"),
    "nl": dict(iban="IBAN", bic="BIC", phone="Terugbelnummer", email="E-mail", dob="Geboortedatum",
               member="Klantnummer", mrn="Patiëntnummer (MRN)"),
}


def ticket_parts(c, topic):
    r = c.r
    L = CF_LABELS.get(c.lang, CF_LABELS["en"])
    cf = []  # (label, thing, numeric_ok)
    f, l = c.name()
    if topic in ("claims", "hl7"):
        cf += [(L["dob"], c.dob(r.choice(["us", "iso"])), False), (L["mrn"], c.mrn(r.choice(["d8", "d7", "m7"])), True),
               (L["npi"], c.npi(), True), (L["member"], c.N("member_id"), False), (L["claim"], c.N("claim_number"), False)]
    elif topic == "pharmacy":
        df, dl = c.name("us")
        cf += [(L["prescriber"], f"Dr. {df} {dl}", False), (L["dea"], c.dea(dl), False), (L["npi"], c.npi(), True),
               (L["dob"], c.dob(r.choice(["us", "iso"])), False)]
    elif topic == "lab":
        if c.lang == "en":
            cf += [(L["dob"], c.dob("iso"), False), (L["mrn"], c.mrn(), True), (L["npi"], c.npi(), True)]
        else:
            cf += [(L["dob"], c.dob(), False), (L["mrn"], c.mrn(), True), (L["phone"], c.phone(), False)]
    elif topic == "payroll":
        cf += [(L["ssn"], c.ssn(r.choice(["compact", "compact", "dash"])), True), (L["aba"], c.aba(), True),
               (L["acct"], c.N("bank_account_number"), False), (L["email"], c.email(f, l), False)]
    elif topic == "dispute":
        cf += [(L["card"], c.card(r.choice(["amex", "visa", "mc"]), r.choice(["compact", "space"])), True),
               (L["phone"], c.phone(), False), (L["claim"], c.N("case_number"), False)]
    elif topic == "devops":
        cf += [(L["ip"], c.ip(), False), (L["aws"], c.aws(), False), (L["gh"], c.gh(), False),
               ("SFTP private key (from setup form)", c.pkey(r.choice(["ec", "pkcs8", "openssh", "rsa"])), False)]
    elif topic == "nhs":
        cf += [(L["nhs"], c.nhs(r.choice(["spaced", "compact"])), True), (L["hosp"], c.mrn(r.choice(["d7", "m7"])), True),
               (L["dob"], c.dob(r.choice(["eu_slash", "iso"])), False)]
    else:  # sepa
        cf += [(L["iban"], c.iban(style=r.choice(["compact", "group"])), False), (L["bic"], c.N("bic"), False),
               (L["phone"], c.phone(), False), (L["member"], c.N("customer_number"), False)]
    if c.region == "us" and topic in ("claims", "pharmacy", "lab", "dispute", "payroll", "hl7") and r.random() < 0.7:
        cf.append((L["phone"], c.phone(r.choice(["compact", "compact", "paren", "dash"])), True))
    # customer message
    body = B()
    body.line(r.choice(OPENERS[c.lang]).replace("{doc}", DOC_NAMES["en"][TOPIC_DOCS[topic][0]] if c.lang == "en"
                                                else DOC_NAMES[c.lang]))
    if c.lang == "en":
        extra_sentence(c, body)
        if r.random() < 0.5:
            extra_sentence(c, body)
    body.line()
    body.line(r.choice(CLOSINGS[c.lang]))
    body.line(f"{f} {l}")
    email = c.email(f, l, c.domain())
    phone = c.phone()
    if r.random() < 0.7:
        body.line("{e} | {p}", "sig", e=email, p=phone)
    # internal note
    note = B()
    kw = dict(v=c.N("version_string"), k=c.N("ticket_ref"), t=c.D("date_received"))
    tpl = r.choice(AGENT_NOTES[c.lang])
    note.line(tpl, **{k: v for k, v in kw.items() if "{" + k + "}" in tpl})
    if c.lang == "en" and r.random() < 0.5:
        extra_sentence(c, note)
    if c.lang == "en" and r.random() < 0.4:
        near_miss(c, note)
    # attachment text
    doc = r.choice(TOPIC_DOCS[topic])
    shape = FIXED_SHAPE.get(doc) or ("ocr_scan" if r.random() < 0.35 else "pdf_text")
    c.ocr = shape == "ocr_scan"
    att = B()
    DOCS[doc](c, att)
    c.ocr = False
    ext = {"hl7": ".hl7", "x12_837": ".x12", "x12_835": ".835", "csv": ".csv", "config": ".txt", "as2": ".txt",
           "markdown": ".md"}.get(doc, ".pdf")
    fname = r.choice(["scan", "attachment", "upload", "form", "export"]) + str(r.randint(1, 99)) + ext
    subj = r.choice(["Attachment not readable", "Import rejected", "Values in wrong fields", "Please check attached file",
                     "OCR problem", "Upload failed"]) if c.lang == "en" else {
        "de": "Anhang nicht lesbar", "fr": "Pièce jointe illisible", "es": "Adjunto ilegible", "it": "Allegato illeggibile",
        "nl": "Bijlage onleesbaar"}[c.lang]
    return dict(cf=cf, body=body, note=note, att=att, fname=fname, doc=doc, first=f, last=l, email=email,
                phone=phone, subject=subj)


def ts_iso(c):
    return S(c.TS("ts_iso"))


def uid(c):
    return S(c.N("uuid"))


def jid(c, digits=None):
    return NN(Neg(rdig(c.r, digits or c.r.choice([7, 8, 9, 11])), "json_id"))


def att_size(c):
    return NN(Neg(str(c.r.randint(10000, 4_000_000)), "byte_count"))


def cf_key(label):
    return re.sub(r"[^a-z0-9]+", "_", _ascii_key(label)).strip("_")


def _ascii_key(s):
    return s.lower().translate(str.maketrans("äöüéèáíóúñç", "aoueeaiounc")).replace(" ", "_")


def shape_fhir(c, T, topic):
    r = c.r
    pf, pl = c.name()
    pid = c.N("uuid")
    ident = []
    if c.region == "uk":
        ident.append({"system": "https://fhir.nhs.uk/Id/nhs-number", "value": S(c.nhs("compact"), "fhir_identifier")})
    ident.append({"use": "usual", "type": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0203", "code": "MR"}]},
                  "system": S(Neg("urn:oid:" + NEGGEN["oid"](c), "oid")), "value": S(c.mrn(), "fhir_identifier")})
    if c.region == "us" and r.random() < 0.6:
        ident.append({"system": "http://hl7.org/fhir/sid/us-ssn", "value": S(c.ssn(r.choice(["dash", "compact"])), "fhir_identifier")})
    telecom = [{"system": "phone", "value": S(c.phone(), "fhir_telecom"), "use": r.choice(["home", "mobile"])}]
    if r.random() < 0.7:
        telecom.append({"system": "email", "value": S(c.email(pf, pl, r.choice(["gmail.com", "outlook.com", "yahoo.com"])), "fhir_telecom")})
    patient = {"resourceType": "Patient", "id": S(pid), "identifier": ident,
               "name": [{"family": pl, "given": [pf]}], "telecom": telecom, "gender": r.choice(["female", "male"]),
               "birthDate": S(c.dob("iso"), "fhir_birthDate"),
               "address": [{"line": [f"{r.randint(10, 999)} {r.choice(['Alder St', 'Brook Rd'])}"], "city": c.city[0] or "Leeds",
                            "postalCode": S(c.N("zip_code")) if c.region == "us" else "LS6 2QT"}]}
    df, dl = c.name()
    prac_ident = [{"system": "http://hl7.org/fhir/sid/us-npi", "value": S(c.npi(), "fhir_identifier")}] if c.region == "us" else \
        [{"system": "https://fhir.hl7.org.uk/Id/gmc-number", "value": S(c.N("state_license"))}]
    practitioner = {"resourceType": "Practitioner", "id": uid(c), "identifier": prac_ident,
                    "name": [{"family": dl, "given": [df], "prefix": ["Dr"]}],
                    "telecom": [{"system": "phone", "value": S(c.phone(), "fhir_telecom"), "use": "work"}]}
    coverage = {"resourceType": "Coverage", "id": uid(c), "status": "active", "subscriberId": S(c.N("member_id")),
                "beneficiary": {"reference": S(B().t("Patient/").x(Neg(pid.text, "uuid")))},
                "period": {"start": S(c.D("date_effective", "iso"))},
                "class": [{"type": {"coding": [{"code": "group"}]}, "value": S(c.N("group_number"))}]}
    claim = {"resourceType": "Claim", "id": uid(c), "identifier": [{"system": "https://payer.example/claims", "value": S(c.N("claim_number"))}],
             "status": "active", "created": ts_iso(c), "billablePeriod": {"start": S(c.D("date_service", "iso")), "end": S(c.D("date_service", "iso"))},
             "patient": {"reference": S(B().t("Patient/").x(Neg(pid.text, "uuid")))},
             "item": [{"sequence": 1, "productOrService": {"coding": [{"system": "http://www.ama-assn.org/go/cpt", "code": S(c.N("cpt_code"))}]}}]}
    entries = [patient, practitioner, coverage, claim]
    bundle = {"resourceType": "Bundle", "id": uid(c), "type": "collection", "timestamp": ts_iso(c),
              "entry": [{"fullUrl": S(B().t("urn:uuid:").x(c.N("uuid"))), "resource": e} for e in entries]}
    return {"ticket": {"id": S(c.N("ticket_ref")), "subject": T["subject"], "status": "open", "created": ts_iso(c),
                       "requester": {"name": f"{T['first']} {T['last']}", "email": S(T["email"], "requester_email")},
                       "description": S(T["body"]),
                       "custom_fields": [{"label": lab, "value": S(th, "cf")} for lab, th, _ in T["cf"]]},
            "attachments": [{"filename": "patient-bundle.json", "contentType": "application/fhir+json", "size": att_size(c),
                             "parsed": bundle},
                            {"filename": T["fname"], "contentType": "text/plain", "size": att_size(c), "extracted_text": S(T["att"])}],
            "internal_note": S(T["note"])}


def shape_kustomer(c, T, topic):
    r = c.r
    custom = {}
    for lab, th, numeric in T["cf"]:
        key = re.sub(r"[^A-Za-z0-9]", "", lab.title()) or "Field"
        key = key[0].lower() + key[1:]
        if numeric and isinstance(th, Val) and th.text.isdigit() and th.text[0] != "0" and r.random() < 0.9:
            custom[key + "Num"] = num(th, "cf")
        else:
            custom[key + "Str"] = S(th, "cf")
    cust_id = rhex(r, 24)
    H = lambda t=None: S(Neg(t or rhex(r, 24), "json_id"))
    return {"data": {"type": "conversation", "id": H(),
                     "attributes": {"name": T["subject"], "preview": T["subject"],
                                    "channels": ["email"], "status": "open", "createdAt": ts_iso(c), "custom": custom},
                     "relationships": {"customer": {"data": {"type": "customer", "id": H(cust_id)}}}},
            "included": [
                {"type": "customer", "id": H(cust_id),
                 "attributes": {"name": f"{T['first']} {T['last']}", "emails": [{"type": "work", "email": S(T["email"], "kustomer_email")}],
                                "phones": [{"type": "mobile", "phone": S(T["phone"], "kustomer_phone")}], "createdAt": ts_iso(c)}},
                {"type": "message", "id": H(),
                 "attributes": {"channel": "email", "direction": "in", "body": S(T["body"]),
                                "meta": {"from": S(T["email"], "kustomer_meta_from"), "subject": T["subject"]},
                                "attachments": [{"name": T["fname"], "contentLength": att_size(c)}]}},
                {"type": "message", "id": H(),
                 "attributes": {"channel": "email", "direction": "in", "body": S(T["att"]),
                                "meta": {"extractedFrom": T["fname"]}}},
                {"type": "note", "id": H(), "attributes": {"body": S(T["note"]), "createdAt": ts_iso(c)}}]}


def shape_gladly(c, T, topic):
    return {"customer": {"id": ralnum(c.r, 22), "name": f"{T['first']} {T['last']}",
                         "emails": [{"original": S(T["email"], "gladly_email"), "primary": True}],
                         "phones": [{"original": S(T["phone"], "gladly_phone"), "type": "MOBILE"}],
                         "customAttributes": {cf_key(lab): S(th, "cf") for lab, th, _ in T["cf"]}},
            "conversation": {"id": ralnum(c.r, 22), "status": "OPEN", "createdAt": ts_iso(c)},
            "items": [{"id": ralnum(c.r, 22), "timestamp": ts_iso(c), "initiator": {"type": "CUSTOMER"},
                       "content": {"type": "EMAIL", "from": S(T["email"], "gladly_from"), "subject": T["subject"],
                                   "content": S(T["body"]), "htmlContent": S(T["body"].html("div"))}},
                      {"id": ralnum(c.r, 22), "timestamp": ts_iso(c), "initiator": {"type": "CUSTOMER"},
                       "content": {"type": "EMAIL", "subject": "Attachment text: " + T["fname"], "content": S(T["att"])}},
                      {"id": ralnum(c.r, 22), "timestamp": ts_iso(c), "initiator": {"type": "AGENT"},
                       "content": {"type": "CONVERSATION_NOTE", "body": S(T["note"])}}]}


def shape_dixa(c, T, topic):
    return {"data": {"id": jid(c), "requesterId": uid(c), "channel": "Email", "state": "Open", "createdAt": ts_iso(c),
                     "requester": {"name": f"{T['first']} {T['last']}", "email": S(T["email"], "dixa_email"),
                                   "phoneNumber": S(T["phone"], "dixa_phone")},
                     "customAttributes": [{"id": uid(c), "name": lab, "identifier": cf_key(lab), "value": S(th, "cf")}
                                          for lab, th, _ in T["cf"]],
                     "messages": [{"id": uid(c), "createdAt": ts_iso(c), "direction": "Inbound",
                                   "attributes": {"_type": "EmailAttributes", "from": {"email": S(T["email"], "dixa_from")},
                                                  "emailContent": {"content": {"_type": "Html", "value": S(T["body"].html("p"))}},
                                                  "attachments": [{"prettyName": T["fname"], "url": S(B().t("https://files.dixa.io/").x(c.N("uuid")))}]}},
                                  {"id": uid(c), "createdAt": ts_iso(c), "direction": "Inbound",
                                   "attributes": {"_type": "EmailAttributes",
                                                  "emailContent": {"content": {"_type": "Text", "value": S(T["body"])}}}},
                                  {"id": uid(c), "createdAt": ts_iso(c), "direction": "Outbound",
                                   "attributes": {"_type": "InternalNoteAttributes", "content": S(T["note"]),
                                                  "extractedAttachmentText": S(T["att"])}}]}}


def shape_trengo(c, T, topic):
    return {"id": jid(c), "status": "OPEN", "subject": T["subject"], "created_at": S(c.TS("ts_log")),
            "contact": {"id": jid(c), "full_name": f"{T['first']} {T['last']}", "email": S(T["email"], "trengo_email"),
                        "phone": S(T["phone"], "trengo_phone")},
            "custom_fields": [{"id": jid(c, 6), "title": lab, "value": S(th, "cf")} for lab, th, _ in T["cf"]],
            "messages": {"data": [{"id": jid(c), "type": "INBOUND", "message": S(T["body"]), "html": S(T["body"].html("div")),
                                   "attachments": [{"client_name": T["fname"], "size": att_size(c)}]},
                                  {"id": jid(c), "type": "NOTE", "message": S(T["note"])},
                                  {"id": jid(c), "type": "SYSTEM", "message": S(B().t("Extracted text of " + T["fname"] + ":\n").x(T["att"]))}]}}


def shape_linear(c, T, topic):
    desc = B().t("**Reported by customer**\n\n").x(T["body"]).t("\n### Fields\n")
    for lab, th, _ in T["cf"]:
        desc.t(f"- {lab}: ").x(th, "md_bullet").t("\n")
    return {"data": {"issue": {"id": uid(c), "identifier": S(B().t("SUP-").x(Neg(rdig(c.r, 5), "ticket_ref"))),
                               "title": T["subject"], "description": S(desc), "priority": c.r.randint(1, 4),
                               "createdAt": ts_iso(c), "team": {"key": "SUP"},
                               "creator": {"name": f"{T['first']} {T['last']}", "email": S(T["email"], "linear_email")},
                               "comments": {"nodes": [{"id": uid(c), "body": S(T["note"]), "createdAt": ts_iso(c)},
                                                      {"id": uid(c), "body": S(B().t("Attachment text:\n```\n").x(T["att"]).t("```\n")),
                                                       "createdAt": ts_iso(c)}]},
                               "attachments": {"nodes": [{"id": uid(c), "title": T["fname"], "subtitle": "uploaded by customer",
                                                          "metadata": {"size": att_size(c)}}]}}}}


def shape_asana(c, T, topic):
    r = c.r
    cfs = []
    for lab, th, numeric in T["cf"]:
        if numeric and isinstance(th, Val) and th.text.isdigit() and th.text[0] != "0" and r.random() < 0.9:
            cfs.append({"gid": S(c.N("asana_gid")), "name": lab, "type": "number", "number_value": NV(th, "cf_number"),
                        "display_value": S(Val(th.text, th.ent, th.fv), "cf_display")})
        else:
            cfs.append({"gid": S(c.N("asana_gid")), "name": lab, "type": "text", "text_value": S(th, "cf"),
                        "display_value": S(Val(th.text, th.ent, th.fv) if isinstance(th, Val) else
                                           (Neg(th.text, th.kind) if isinstance(th, Neg) else th), "cf_display")})
    return {"data": {"gid": S(c.N("asana_gid")), "resource_type": "task", "name": T["subject"],
                     "notes": S(T["body"]), "html_notes": S(T["body"].html("body")), "created_at": ts_iso(c),
                     "due_on": S(c.D("date_due", "iso")), "custom_fields": cfs},
            "stories": [{"gid": S(c.N("asana_gid")), "type": "comment", "text": S(T["note"]), "created_at": ts_iso(c)},
                        {"gid": S(c.N("asana_gid")), "type": "comment", "text": S(T["att"]), "created_at": ts_iso(c)}]}


def shape_clickup(c, T, topic):
    r = c.r
    cfs = []
    for lab, th, numeric in T["cf"]:
        typ = "phone" if (isinstance(th, (Val, Neg)) and "phone" in lab.lower()) else "short_text"
        if numeric and isinstance(th, Val) and th.text.isdigit() and th.text[0] != "0" and r.random() < 0.9:
            cfs.append({"id": uid(c), "name": lab, "type": "number", "value": NV(th, "cf_number")})
        else:
            cfs.append({"id": uid(c), "name": lab, "type": typ, "value": S(th, "cf")})
    return {"id": ralnum(r, 9, "abcdefghjkmnpqrstuvwxyz0123456789"), "custom_id": S(B().t("SUP-").x(Neg(rdig(r, 5), "ticket_ref"))),
            "name": T["subject"], "text_content": S(T["body"]), "description": S(T["body"]),
            "status": {"status": "open"}, "date_created": S(c.TS("ts_epoch")),
            "creator": {"id": jid(c, 8), "username": f"{T['first']} {T['last']}", "email": S(T["email"], "clickup_email")},
            "custom_fields": cfs,
            "comments": [{"id": jid(c, 11), "comment_text": S(T["note"])},
                         {"id": jid(c, 11), "comment_text": S(T["att"])}],
            "attachments": [{"title": T["fname"], "extension": T["fname"].rsplit(".", 1)[1], "size": att_size(c)}]}


def shape_airtable(c, T, topic):
    r = c.r
    fields = {"Ticket": S(c.N("ticket_ref")), "Subject": T["subject"], "Requester": f"{T['first']} {T['last']}",
              "Email": S(T["email"], "airtable_email"), "Phone": S(T["phone"], "airtable_phone")}
    for lab, th, numeric in T["cf"]:
        fields[lab] = num(th, "cf_number") if (numeric and r.random() < 0.9) else S(th, "cf")
    fields["Message"] = S(T["body"])
    fields["Internal note"] = S(T["note"])
    fields["Attachment text"] = S(T["att"])
    fields["Attachments"] = [{"id": "att" + ralnum(r, 14), "filename": T["fname"], "size": att_size(c), "type": "application/pdf"}]
    rec = {"id": "rec" + ralnum(r, 14), "createdTime": ts_iso(c), "fields": fields}
    other = {"id": "rec" + ralnum(r, 14), "createdTime": ts_iso(c),
             "fields": {"Ticket": S(c.N("ticket_ref")), "Subject": "Duplicate -- see linked record", "Status": "Closed"}}
    return {"records": [rec, other] if r.random() < 0.5 else [other, rec], "offset": "itr" + ralnum(r, 14)}


def shape_monday(c, T, topic):
    r = c.r
    cols = []
    for k, (lab, th, numeric) in enumerate(T["cf"]):
        if isinstance(th, Val) and th.ent == "PHONE_NUMBER":
            cc = {"us": "US", "uk": "GB"}.get(c.region, c.cc)
            compact = "+" + digits_of(th.text) if th.text.startswith("+") else None
            val = B().t('{"phone":"').x(Val(compact, th.ent, th.fv + ".compact") if compact else Val(th.text, th.ent, th.fv), "monday_value_json") \
                .t(f'","countryShortName":"{cc}"}}')
            cols.append({"id": f"phone_{k}", "column": {"title": lab}, "type": "phone", "text": S(th, "monday_text"), "value": S(val)})
        elif isinstance(th, (Val, Neg)) and "\n" in th.text:
            cols.append({"id": f"long_text_{k}", "column": {"title": lab}, "type": "long_text", "text": S(th, "monday_text"),
                         "value": None})
        elif isinstance(th, (Val, Neg)):
            cp = Val(th.text, th.ent, th.fv) if isinstance(th, Val) else Neg(th.text, th.kind)
            cols.append({"id": f"text_{k}", "column": {"title": lab}, "type": "text", "text": S(th, "monday_text"),
                         "value": S(B().t('"').x(cp, "monday_value_json").t('"'))})
        else:
            cols.append({"id": f"text_{k}", "column": {"title": lab}, "type": "text", "text": th, "value": json.dumps(th)})
    em = T["email"]
    if isinstance(em, Val):
        ev = B().t('{"email":"').x(Val(em.text, em.ent, em.fv), "monday_value_json").t('","text":"').x(Val(em.text, em.ent, em.fv), "monday_value_json").t('"}')
    else:
        ev = B().t('{"email":"').x(Neg(em.text, em.kind)).t('"}')
    cols.append({"id": "email", "column": {"title": "Requester e-mail"}, "type": "email", "text": S(em, "monday_text"), "value": S(ev)})
    return {"data": {"items": [{"id": S(Neg(rdig(r, 10), "json_id")), "name": T["subject"], "created_at": ts_iso(c),
                                "board": {"id": S(Neg(rdig(r, 10), "json_id")), "name": "Support intake"},
                                "group": {"title": "New"}, "column_values": cols,
                                "updates": [{"id": S(Neg(rdig(r, 9), "json_id")), "body": S(T["body"].html("p")),
                                             "text_body": S(T["body"]), "creator": {"email": S(T["email"], "monday_creator_email")},
                                             "assets": [{"name": T["fname"], "file_size": att_size(c)}]},
                                            {"id": S(Neg(rdig(r, 9), "json_id")), "body": S(T["note"].html("p")), "text_body": S(T["note"])},
                                            {"id": S(Neg(rdig(r, 9), "json_id")), "text_body": S(T["att"])}]}]},
            "account_id": NN(Neg(rdig(r, 8), "json_id"))}


SHAPES = {"fhir_bundle": shape_fhir, "kustomer": shape_kustomer, "gladly": shape_gladly, "dixa": shape_dixa,
          "trengo": shape_trengo, "linear": shape_linear, "asana": shape_asana, "clickup": shape_clickup,
          "airtable": shape_airtable, "monday": shape_monday}


# =====================================================================================================
# plan, generation, files
# =====================================================================================================

REGION_PLAN = [("us", "en", 470), ("uk", "en", 170), ("de", "de", 36), ("fr", "fr", 32), ("es", "es", 32),
               ("it", "it", 30), ("nl", "nl", 30)]


def make_plan():
    pr = random.Random(f"{SEED}:plan")
    items = []
    for region, lang, n in REGION_PLAN:
        w = DOC_WEIGHTS["us" if region == "us" else "uk" if region == "uk" else "eu"]
        docs = sorted(w)
        for _ in range(n):
            items.append([lang, region, pr.choices(docs, [w[d] for d in docs])[0], False])
    pr.shuffle(items)
    for k in pr.sample(range(len(items)), N_BENIGN):
        items[k][3] = True
    return items


def gen_note(i, item):
    lang, region, doc, benign = item
    last = None
    for attempt in range(60):
        r = random.Random(f"{SEED}:note:{i}:{attempt}")
        shape = FIXED_SHAPE.get(doc) or ("ocr_scan" if r.random() < 0.35 else "pdf_text")
        c = Ctx(r, lang, region, benign, ocr=shape == "ocr_scan")
        b = build_note_builder(c, doc, shape)
        text, spans, negs = b.render()
        probs = check_doc(text, spans, negs, f"note {i}")
        if benign and spans:
            probs.append("benign note with a positive")
        if not benign and not spans:
            probs.append("pii note without a positive")
        if not probs:
            return text, spans, negs, shape
        last = probs
    raise SystemExit(f"note {i} ({doc}/{region}) failed 60 draws: {last[:5]}")


def debug_notes(n=300):
    plan = make_plan()
    agg = Counter()
    ex = {}
    for i, item in enumerate(plan[:n]):
        lang, region, doc, benign = item
        r = random.Random(f"{SEED}:note:{i}:0")
        shape = FIXED_SHAPE.get(doc) or ("ocr_scan" if r.random() < 0.35 else "pdf_text")
        c = Ctx(r, lang, region, benign, ocr=shape == "ocr_scan")
        text, spans, negs = build_note_builder(c, doc, shape).render()
        for p in check_doc(text, spans, negs, doc):
            key = re.sub(r"'.*", "", p)
            agg[key] += 1
            ex.setdefault(key, p)
    for k, v in agg.most_common():
        print(v, ex[k][:200])


def byte_offsets(text):
    tab, acc = [0] * (len(text) + 1), 0
    for k, ch in enumerate(text):
        tab[k] = acc
        acc += len(ch.encode("utf-8"))
    tab[len(text)] = acc
    return tab


def build_notes():
    plan = make_plan()
    notes = []
    for i, item in enumerate(plan):
        lang, region, doc, benign = item
        text, spans, negs, shape = gen_note(i, item)
        tab = byte_offsets(text)
        tags = [lang, doc, shape, region, "benign" if benign else "pii"]
        if "\r\n" in text:
            tags.append("crlf")
        if any(sp_[2] == "PRIVATE_KEY" for sp_ in spans):
            tags.append("pem")
        notes.append({"id": f"h12-{i:04d}", "category": shape, "tags": tags, "text": text,
                      "spans": [{"start": tab[s], "end": tab[e], "cstart": s, "cend": e, "entity": ent, "fmt": fmt}
                                for s, e, ent, fmt, _ in spans],
                      "hard_negatives": [{"start": tab[s], "end": tab[e], "cstart": s, "cend": e, "kind": k}
                                         for s, e, k, _ in negs]})
    return notes


SHAPE_ORDER = ["fhir_bundle", "kustomer", "gladly", "dixa", "trengo", "linear", "asana", "clickup", "airtable", "monday"]
DUMP_STYLES = [dict(indent=2, ensure_ascii=False), dict(indent=4, ensure_ascii=True), dict(indent=None, ensure_ascii=False),
               dict(indent=2, ensure_ascii=True), dict(indent="\t", ensure_ascii=False)]


def gen_ticket(i):
    shape = SHAPE_ORDER[i % 10]
    topic, region, lang = JSON_TOPICS[(i // 10 * 3 + i) % len(JSON_TOPICS)]
    last = None
    for attempt in range(60):
        r = random.Random(f"{SEED}:ticket:{i}:{attempt}")
        c = Ctx(r, lang, region, False)
        T = ticket_parts(c, topic)
        labels, negs = [], []
        obj = walk(SHAPES[shape](c, T, topic), "", labels, negs, shape)
        probs = []
        by_ptr = defaultdict(lambda: ([], [], None))
        docs = {}
        for l_ in labels:
            docs.setdefault(l_["ptr"], [l_["text"], [], []])[1].append((l_["s"], l_["e"], l_["ent"], l_["fmt"], l_["val"]))
        for n_ in negs:
            d = docs.setdefault(n_["ptr"], [n_["text"], [], []])
            if n_["s"] is not None:
                d[2].append((n_["s"], n_["e"], n_["kind"], n_["val"]))
        for p, (text, sps, ngs) in docs.items():
            probs += check_doc(text, sps, ngs, f"ticket {i} {p}")
        for k in _all_keys(obj):
            if leak_scan(k, []):
                probs.append(f"ticket {i}: key leak {k!r}")
        for p, v in _all_numbers(obj, ""):
            if v >= 10000 and p not in {x["ptr"] for x in labels + negs if x["num"]}:
                probs.append(f"ticket {i}: unlisted number {p}={v}")
        if not probs:
            style = DUMP_STYLES[(i * 7) % len(DUMP_STYLES)]
            return shape, lang, obj, labels, [n_ for n_ in negs if n_["s"] is not None], style
        last = probs
    raise SystemExit(f"ticket {i} ({shape}/{topic}) failed 60 draws: {last[:5]}")


def debug_tickets():
    agg, ex = Counter(), {}
    for i in range(N_TICKETS):
        shape = SHAPE_ORDER[i % 10]
        topic, region, lang = JSON_TOPICS[(i // 10 * 3 + i) % len(JSON_TOPICS)]
        r = random.Random(f"{SEED}:ticket:{i}:0")
        c = Ctx(r, lang, region, False)
        T = ticket_parts(c, topic)
        labels, negs = [], []
        obj = walk(SHAPES[shape](c, T, topic), "", labels, negs, shape)
        docs = {}
        for l_ in labels:
            docs.setdefault(l_["ptr"], [l_["text"], [], []])[1].append((l_["s"], l_["e"], l_["ent"], l_["fmt"], l_["val"]))
        for n_ in negs:
            d = docs.setdefault(n_["ptr"], [n_["text"], [], []])
            if n_["s"] is not None:
                d[2].append((n_["s"], n_["e"], n_["kind"], n_["val"]))
        probs = []
        for p, (text, sps, ngs) in docs.items():
            probs += check_doc(text, sps, ngs, f"{shape} {re.sub(r'/[0-9]+', '/N', p)}")
        for p, v in _all_numbers(obj, ""):
            if v >= 10000 and p not in {x["ptr"] for x in labels + negs if x["num"]}:
                probs.append(f"{shape} unlisted number {p}={v}")
        for p in probs:
            key = re.sub(r"'.*", "", p)
            agg[key] += 1
            ex.setdefault(key, p)
    for k, v in agg.most_common():
        print(v, ex[k][:200])


def _all_keys(o):
    if isinstance(o, dict):
        for k, v in o.items():
            yield k
            yield from _all_keys(v)
    elif isinstance(o, list):
        for v in o:
            yield from _all_keys(v)


def _all_numbers(o, p):
    if isinstance(o, bool):
        return
    if isinstance(o, (int, float)):
        yield p, o
    elif isinstance(o, dict):
        for k, v in o.items():
            yield from _all_numbers(v, f"{p}/{ptr_esc(k)}")
    elif isinstance(o, list):
        for k, v in enumerate(o):
            yield from _all_numbers(v, f"{p}/{k}")


def build_tickets():
    files, labels, jnegs, meta = {}, [], [], []
    for i in range(N_TICKETS):
        shape, lang, obj, labs, negs, style = gen_ticket(i)
        fname = f"ticket_{1200001 + i}.json"
        files[fname] = json.dumps(obj, **style) + "\n"
        meta.append((fname, shape, lang, style))
        for l_ in labs:
            tab = byte_offsets(l_["text"])
            row = {"file": fname, "json_pointer": l_["ptr"], "start": tab[l_["s"]], "end": tab[l_["e"]],
                   "cstart": l_["s"], "cend": l_["e"], "entity": l_["ent"], "fmt": l_["fmt"], "shape": shape}
            if l_["num"]:
                row["value_type"] = "number"
            labels.append(row)
        for n_ in negs:
            tab = byte_offsets(n_["text"])
            row = {"file": fname, "json_pointer": n_["ptr"], "start": tab[n_["s"]], "end": tab[n_["e"]],
                   "cstart": n_["s"], "cend": n_["e"], "kind": n_["kind"], "shape": shape}
            if n_["num"]:
                row["value_type"] = "number"
            jnegs.append(row)
    return files, labels, jnegs, meta


def render_all():
    notes = build_notes()
    files, labels, jnegs, meta = build_tickets()
    out = {}
    out["notes.jsonl"] = "".join(json.dumps(n, ensure_ascii=False) + "\n" for n in notes)
    corpus, index, boff, coff = [], [], 0, 0
    for k, n in enumerate(notes):
        if k:
            corpus.append("\n\n")
            boff += 2
            coff += 2
        t = n["text"]
        index.append({"id": n["id"], "byte_offset": boff, "byte_len": len(t.encode("utf-8")), "char_offset": coff,
                      "char_len": len(t)})
        corpus.append(t)
        boff += len(t.encode("utf-8"))
        coff += len(t)
    out["corpus.txt"] = "".join(corpus)
    out["corpus_index.jsonl"] = "".join(json.dumps(x) + "\n" for x in index)
    for f, s in files.items():
        out[f"notes_json/{f}"] = s
    out["notes_json/labels.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in labels)
    out["json_hard_negatives.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in jnegs)
    return out, notes, labels, jnegs, meta


# =====================================================================================================
# checks on the files and the counts table
# =====================================================================================================

def disk_checks(out, notes, labels, jnegs):
    probs = []
    # notes: byte/char agreement
    for n in notes:
        t = n["text"]
        tb = t.encode("utf-8")
        for s in n["spans"] + n["hard_negatives"]:
            if tb[s["start"]:s["end"]].decode("utf-8") != t[s["cstart"]:s["cend"]]:
                probs.append(f"{n['id']}: byte/char offsets disagree")
    # corpus index
    corpus = out["corpus.txt"].encode("utf-8")
    for line, n in zip(out["corpus_index.jsonl"].splitlines(), notes):
        x = json.loads(line)
        if corpus[x["byte_offset"]:x["byte_offset"] + x["byte_len"]].decode("utf-8") != n["text"]:
            probs.append(f"{n['id']}: corpus index mismatch")
    # JSON pointers resolve; value types
    cache = {}
    for row in labels + jnegs:
        obj = cache.setdefault(row["file"], json.loads(out["notes_json/" + row["file"]]))
        try:
            v = json_get(obj, row["json_pointer"])
        except (KeyError, IndexError, ValueError, TypeError):
            probs.append(f"{row['file']}: pointer {row['json_pointer']} does not resolve")
            continue
        if row.get("value_type") == "number":
            if not isinstance(v, int):
                probs.append(f"{row['file']}#{row['json_pointer']}: value_type number but {type(v).__name__}")
            v = str(v)
        elif not isinstance(v, str):
            probs.append(f"{row['file']}#{row['json_pointer']}: not a string")
            continue
        vb = v.encode("utf-8")
        if vb[row["start"]:row["end"]].decode("utf-8") != v[row["cstart"]:row["cend"]]:
            probs.append(f"{row['file']}#{row['json_pointer']}: byte/char offsets disagree")
        if "entity" in row and not validate(row["entity"], v[row["cstart"]:row["cend"]]):
            probs.append(f"{row['file']}#{row['json_pointer']}: invalid {row['entity']}")
    # a labelled value is never a negative anywhere (normalised, 6+ chars)
    norm = lambda s: re.sub(r"[\s\-.()/]", "", s).lower()
    pos = set()
    for n in notes:
        for s in n["spans"]:
            pos.add(norm(n["text"][s["cstart"]:s["cend"]]))
    for row in labels:
        v = str(json_get(cache[row["file"]], row["json_pointer"]))
        pos.add(norm(v[row["cstart"]:row["cend"]]))
    for n in notes:
        for s in n["hard_negatives"]:
            v = norm(n["text"][s["cstart"]:s["cend"]])
            if len(v) >= 6 and v in pos:
                probs.append(f"{n['id']}: negative {s['kind']} equals a labelled value")
    for row in jnegs:
        v = norm(str(json_get(cache[row["file"]], row["json_pointer"]))[row["cstart"]:row["cend"]])
        if len(v) >= 6 and v in pos:
            probs.append(f"{row['file']}: negative {row['kind']} equals a labelled value")
    return probs


def json_get(obj, ptr):
    for part in ptr.lstrip("/").split("/") if ptr else []:
        part = part.replace("~1", "/").replace("~0", "~")
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def scorer_roundtrip(out, notes, labels):
    """gold converted to predictions must score P = R = F1 = 1.000 (overlap and exact) in score.py."""
    if not SCORE_PY.exists():
        return ["score.py not found: round trip skipped"], True
    probs = []
    with tempfile.TemporaryDirectory() as td:
        td = Path(td)
        (td / "notes.jsonl").write_text(out["notes.jsonl"], encoding="utf-8")
        (td / "corpus_index.jsonl").write_text(out["corpus_index.jsonl"], encoding="utf-8")
        idx = {json.loads(l)["id"]: json.loads(l) for l in out["corpus_index.jsonl"].splitlines()}
        with open(td / "pred.jsonl", "w", encoding="utf-8") as f:
            for n in notes:
                o = idx[n["id"]]["byte_offset"]
                for s in n["spans"]:
                    f.write(json.dumps({"start": s["start"] + o, "end": s["end"] + o, "entity": s["entity"]}) + "\n")
        jd = td / "json"
        jd.mkdir()
        for k, v in out.items():
            if k.startswith("notes_json/ticket_"):
                (jd / k.split("/")[1]).write_text(json.dumps(_stringify(json.loads(v)), ensure_ascii=False), encoding="utf-8")
        (jd / "labels.jsonl").write_text(out["notes_json/labels.jsonl"], encoding="utf-8")
        with open(td / "jpred.jsonl", "w", encoding="utf-8") as f:
            for row in labels:
                f.write(json.dumps({"file": row["file"], "json_pointer": row["json_pointer"], "start": row["start"],
                                    "end": row["end"], "entity": row["entity"]}) + "\n")
        for args in ([str(td / "notes.jsonl"), str(td / "pred.jsonl"), "--corpus-index", str(td / "corpus_index.jsonl")],
                     [str(jd / "labels.jsonl"), str(td / "jpred.jsonl")]):
            p = subprocess.run([sys.executable, str(SCORE_PY)] + args, capture_output=True, text=True)
            lines = p.stdout.splitlines()
            if p.returncode != 0 or not lines or lines[-1] != "overall: P=1.000 R=1.000 F1=1.000" or \
                    not any(l.startswith("exact match: P=1.000 R=1.000 F1=1.000") for l in lines):
                probs.append(f"score.py round trip failed: {p.stdout[-400:]} {p.stderr[-400:]}")
    return probs, False


def _stringify(o):
    if isinstance(o, bool) or o is None:
        return o
    if isinstance(o, (int, float)):
        return str(o)
    if isinstance(o, dict):
        return {k: _stringify(v) for k, v in o.items()}
    if isinstance(o, list):
        return [_stringify(v) for v in o]
    return o


def counts_table(notes, labels, jnegs, meta):
    np_, nn, jp, jn = Counter(), Counter(), Counter(), Counter()
    nkinds, jkinds = Counter(), Counter()
    for n in notes:
        for s in n["spans"]:
            np_[s["entity"]] += 1
        for h in n["hard_negatives"]:
            nn[KIND_TARGET[h["kind"]]] += 1
            nkinds[h["kind"]] += 1
    for row in labels:
        jp[row["entity"]] += 1
    for row in jnegs:
        jn[KIND_TARGET[row["kind"]]] += 1
        jkinds[row["kind"]] += 1
    lines = ["| entity | notes + | notes − | JSON + | JSON − |", "|---|---:|---:|---:|---:|"]
    for e in ENTITIES:
        lines.append(f"| {e} | {np_[e]} | {nn[e]} | {jp[e]} | {jn[e]} |")
    lines.append(f"| other | – | {nn['other']} | – | {jn['other']} |")
    jnum = sum(1 for r in labels if r.get("value_type") == "number")
    lines.append(f"| **total** | **{sum(np_.values())}** | **{sum(nn.values())}** ({len(nkinds)} kinds) | "
                 f"**{sum(jp.values())}** ({jnum} numbers) | **{sum(jn.values())}** ({len(jkinds)} kinds) |")
    return "\n".join(lines), np_, jp, nkinds, jkinds, sum(nn.values()) + sum(jn.values())


def summary(notes, labels, jnegs, meta):
    table, np_, jp, nkinds, jkinds, nneg = counts_table(notes, labels, jnegs, meta)
    print(table)
    print(f"\nhard negatives overall: {nneg}")
    print("notes: " + str(len(notes)) + f"; benign {sum('benign' in n['tags'] for n in notes)}")
    print("languages: " + ", ".join(f"{k} {v}" for k, v in Counter(n["tags"][0] for n in notes).most_common()))
    print("regions: " + ", ".join(f"{k} {v}" for k, v in Counter(n["tags"][3] for n in notes).most_common()))
    print("note types: " + ", ".join(f"`{k}` {v}" for k, v in Counter(n["tags"][1] for n in notes).most_common()))
    print("shapes: " + ", ".join(f"`{k}` {v}" for k, v in Counter(n["category"] for n in notes).most_common()))
    print("crlf notes: " + str(sum("crlf" in n["tags"] for n in notes)))
    print("negative kinds (notes/JSON): ")
    for ent in list(ENTITIES) + ["other"]:
        ks = sorted(k for k in set(nkinds) | set(jkinds) if KIND_TARGET[k] == ent)
        if ks:
            print(f"  {ent}: " + ", ".join(f"`{k}` {nkinds[k]}/{jkinds[k]}" for k in ks))
    pl = Counter(s["fmt"].split(".")[-1] for n in notes for s in n["spans"])
    print("places (notes): " + ", ".join(f"`{k}` {v}" for k, v in pl.most_common()))
    pj = Counter(r["fmt"].split(".")[-1] for r in labels)
    print("places (JSON): " + ", ".join(f"`{k}` {v}" for k, v in pj.most_common()))
    vv = Counter(".".join(s["fmt"].split(".")[:2]) for n in notes for s in n["spans"])
    print("value variants (notes): " + ", ".join(f"`{k}` {v}" for k, v in vv.most_common()))
    print("JSON shapes: " + ", ".join(f"`{k}` {v}" for k, v in Counter(m[1] for m in meta).most_common()))
    print("JSON languages: " + ", ".join(f"{k} {v}" for k, v in Counter(m[2] for m in meta).most_common()))
    print("JSON numbers: " + ", ".join(f"{k} {v}" for k, v in Counter(r["entity"] for r in labels if r.get("value_type")).most_common()))
    passed = sum(1 for n in notes for h in n["hard_negatives"] if h["kind"] in PASS_KINDS) + \
        sum(1 for r in jnegs if r["kind"] in PASS_KINDS)
    print(f"negatives of a 'passes' kind: {passed}")
    probs = []
    for e in ENTITIES:
        if np_[e] < 60:
            probs.append(f"only {np_[e]} {e} positives in the notes")
        if jp[e] < 20:
            probs.append(f"only {jp[e]} {e} positives in the JSON set")
    if nneg < 10000:
        probs.append(f"only {nneg} hard negatives")
    return probs


def main(argv):
    check = "--check" in argv
    out, notes, labels, jnegs, meta = render_all()
    probs = []
    if check:
        for k, v in out.items():
            p = HERE / k
            if not p.exists() or p.read_bytes() != v.encode("utf-8"):
                probs.append(f"{k}: differs from a fresh generation")
        on_disk = {f"notes_json/{p.name}" for p in (HERE / "notes_json").glob("ticket_*.json")} if (HERE / "notes_json").is_dir() else set()
        stale = on_disk - set(out)
        if stale:
            probs.append(f"stale ticket files: {sorted(stale)[:3]}")
    else:
        if (HERE / "notes_json").is_dir():
            shutil.rmtree(HERE / "notes_json")
        (HERE / "notes_json").mkdir()
        for k, v in out.items():
            (HERE / k).write_text(v, encoding="utf-8", newline="")
    probs += disk_checks(out, notes, labels, jnegs)
    rt, skipped = scorer_roundtrip(out, notes, labels)
    probs += [] if skipped else rt
    probs += summary(notes, labels, jnegs, meta)
    if probs:
        for p in probs[:40]:
            print("PROBLEM:", p, file=sys.stderr)
        print(f"{len(probs)} problem(s)", file=sys.stderr)
        return 1
    print("self-check: OK" + (" (score.py round trip skipped: not found)" if skipped else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
