#!/usr/bin/env python3
"""heldout16 -- "the MSP and integration-partner desk, a tenth hand".

Deterministic generator (Python 3 standard library only) of a labelled synthetic corpus of support-ticket
notes and ticket-JSON exports, plus its self-check.

    python3 gen.py            # write every file, then self-check (exit 1 on any problem)
    python3 gen.py --check    # regenerate in memory, compare with disk, self-check, print counts

Every value, template, name, organisation and domain in this file was written for this round.
"""
from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import random
import re
import sys
import unicodedata
import urllib.parse
import zlib
from collections import Counter, defaultdict
from pathlib import Path

SEED = 16101816
HERE = Path(__file__).resolve().parent
N_NOTES = 600
N_BENIGN = 90
N_TICKETS = 80
FIRST_TICKET = 1600001

# ---------------------------------------------------------------------------------------------------------------
# inline markers: templates are plain f-strings; every labelled value / hard negative is wrapped in a marker
# ---------------------------------------------------------------------------------------------------------------


def P(ent, fmt, value):
    return f"\x01P\x1f{ent}\x1f{fmt}\x02{value}\x03"


def N(kind, value):
    return f"\x01N\x1f{kind}\x1f\x02{value}\x03"


MARK_RE = re.compile(r"\x01([PN])\x1f([^\x1f]*)\x1f([^\x02]*)\x02([^\x03]*)\x03")


def parse(s):
    """marker string -> (text, [(cs, ce, entity, fmt)], [(cs, ce, kind)]) in characters."""
    out, spans, negs, pos, clen = [], [], [], 0, 0
    for m in MARK_RE.finditer(s):
        pre = s[pos:m.start()]
        out.append(pre)
        clen += len(pre)
        v = m.group(4)
        if m.group(1) == "P":
            spans.append((clen, clen + len(v), m.group(2), m.group(3)))
        else:
            negs.append((clen, clen + len(v), m.group(2)))
        out.append(v)
        clen += len(v)
        pos = m.end()
    out.append(s[pos:])
    text = "".join(out)
    if any(ch in text for ch in "\x01\x02\x03\x1f"):
        raise ValueError("unbalanced marker")
    return text, spans, negs


def unmark(s):
    return parse(s)[0]


# ---------------------------------------------------------------------------------------------------------------
# checksums and validators
# ---------------------------------------------------------------------------------------------------------------

def luhn_ok(d):
    s = 0
    for i, ch in enumerate(reversed(d)):
        x = int(ch)
        if i % 2:
            x *= 2
            if x > 9:
                x -= 9
        s += x
    return s % 10 == 0


def luhn_digit(partial):
    for k in "0123456789":
        if luhn_ok(partial + k):
            return k
    raise AssertionError


TEST_PANS = {
    "4242424242424242", "4111111111111111", "5555555555554444", "378282246310005", "6011111111111117",
    "5105105105105100", "4012888888881881", "3566002020360505", "2223003122003222", "4000056655665556",
    "371449635398431", "6011000990139424", "30569309025904", "38520000023237", "5200828282828210",
    "4000000000000002", "4000002500003155", "4000000000009995", "6200000000000005", "3530111333300000",
}


def card_iin_ok(d):
    n = len(d)
    if d[0] == "4":
        return n in (13, 16, 19)
    if 51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720:
        return n == 16
    if d[:2] in ("34", "37"):
        return n == 15
    if d.startswith("6011") or d[:2] == "65" or 644 <= int(d[:3]) <= 649:
        return n in (16, 19)
    if 3528 <= int(d[:4]) <= 3589:
        return n in (16, 19)
    if d[:2] in ("36", "38") or 300 <= int(d[:3]) <= 305:
        return n == 14
    return False


def card_ok(v):
    d = re.sub(r"[ -]", "", v)
    return d.isdigit() and 13 <= len(d) <= 19 and luhn_ok(d) and card_iin_ok(d) and d not in TEST_PANS


def ssn_rules(d):
    a, g, s = int(d[:3]), int(d[3:5]), int(d[5:])
    return a != 0 and a != 666 and a < 900 and g != 0 and s != 0


def ssn_ok(v):
    d = re.sub(r"[ -]", "", v)
    return bool(re.fullmatch(r"\d{3}([- ]?)\d{2}\1\d{4}", v)) and ssn_rules(d) and d not in ("078051120", "219099999")


IBAN_LEN = {"GB": 22, "DE": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "PT": 25, "SE": 24, "CZ": 24, "BE": 16,
            "IE": 22, "AT": 20, "CH": 21, "NO": 15, "FI": 18}


def iban_mod(s):
    r = s[4:] + s[:4]
    return int("".join(str(int(ch, 36)) for ch in r)) % 97


def iban_ok(v):
    s = v.replace(" ", "")
    return (bool(re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s)) and IBAN_LEN.get(s[:2]) == len(s)
            and iban_mod(s) == 1)


ABA_PREFIXES = [f"{i:02d}" for i in list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73)) + [80]]


def aba_sum_ok(d):
    w = (3, 7, 1) * 3
    return sum(int(x) * y for x, y in zip(d, w)) % 10 == 0


def aba_ok(v):
    return bool(re.fullmatch(r"\d{9}", v)) and v[:2] in ABA_PREFIXES and aba_sum_ok(v)


def npi_ok(v):
    return bool(re.fullmatch(r"[12]\d{9}", v)) and luhn_ok("80840" + v)


def nhs_check(d9):
    s = sum(int(x) * w for x, w in zip(d9, range(10, 1, -1)))
    c = 11 - s % 11
    return 0 if c == 11 else (None if c == 10 else c)


def nhs_ok(v):
    d = re.sub(r"[ -]", "", v)
    return bool(re.fullmatch(r"\d{10}", d)) and nhs_check(d[:9]) == int(d[9])


def dea_sum_ok(v):
    x = [int(c) for c in v[2:]]
    return (x[0] + x[2] + x[4] + 2 * (x[1] + x[3] + x[5])) % 10 == x[6]


def dea_ok(v):
    return bool(re.fullmatch(r"[ABFGM][A-Z]\d{7}", v)) and dea_sum_ok(v)


def aws_ok(v):
    return bool(re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v)) and "EXAMPLE" not in v


B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b62(n):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(6, "0")


def gh_ok(v):
    m = re.fullmatch(r"gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", v)
    return bool(m) and b62(zlib.crc32(m.group(1).encode())) == m.group(2)


PEM_RE = re.compile(r"-----BEGIN ((?:RSA |EC |OPENSSH |DSA )?PRIVATE KEY)-----\n(.+?)\n-----END \1-----", re.S)


def pem_ok(v):
    v = v.replace("\\n", "\n")
    m = PEM_RE.fullmatch(v)
    if not m:
        return False
    try:
        base64.b64decode("".join(m.group(2).split("\n")), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


EMAIL_RE = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net", "yourcompany.com", "domain.com", "yourdomain.com")


def email_ok(v):
    v = urllib.parse.unquote(v)
    return bool(EMAIL_RE.fullmatch(v)) and not v.lower().endswith(PLACEHOLDER_DOMAINS)


def phone_ok(v):
    v = urllib.parse.unquote(v)
    return (bool(re.fullmatch(r"\+?[\d(][\d ()./-]*\d", v)) and v.count("(") == v.count(")")
            and 7 <= len(re.sub(r"\D", "", v)) <= 15)


DOC_NETS = [ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32",
                                              "100.64.0.0/10", "198.18.0.0/15")]
PRIV_NETS = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")]


def ip_ok(v):
    try:
        a = ipaddress.ip_address(v)
    except ValueError:
        return False
    if a.is_loopback or a.is_link_local or a.is_multicast or a.is_unspecified or a.is_reserved:
        return False
    if any(a in n for n in DOC_NETS if n.version == a.version):
        return False
    return a.is_global or any(a in n for n in PRIV_NETS if n.version == a.version)


def dob_ok(v):
    years = re.findall(r"(?<!\d)\d{4}(?!\d)", v)
    if not years and re.fullmatch(r"\d{8}", v):
        years = [v[:4]]
    return len(years) == 1 and 1930 <= int(years[0]) <= 2008


def mrn_ok(v):
    return bool(re.fullmatch(r"\d{7,9}|[A-Z]{1,2}-?\d{6,8}", v))


VALIDATORS = {
    "CREDIT_CARD": card_ok, "US_SSN": ssn_ok, "EMAIL_ADDRESS": email_ok, "PHONE_NUMBER": phone_ok,
    "IBAN_CODE": iban_ok, "ABA_ROUTING_NUMBER": aba_ok, "IP_ADDRESS": ip_ok, "MEDICAL_RECORD_NUMBER": mrn_ok,
    "US_NPI": npi_ok, "DATE_OF_BIRTH": dob_ok, "UK_NHS": nhs_ok, "US_DEA": dea_ok, "AWS_ACCESS_KEY": aws_ok,
    "GITHUB_TOKEN": gh_ok, "PRIVATE_KEY": pem_ok,
}


def checks(v):
    """Entities whose checksum the string passes by shape (used to keep look-alikes honest)."""
    out = set()
    d = re.sub(r"[ -]", "", v)
    if d.isdigit():
        if 13 <= len(d) <= 19 and luhn_ok(d):
            out.add("CREDIT_CARD")
        if len(d) == 9 and d[:2] in ABA_PREFIXES and aba_sum_ok(d):
            out.add("ABA_ROUTING_NUMBER")
        if len(d) == 10:
            if npi_ok(d):
                out.add("US_NPI")
            if nhs_ok(d):
                out.add("UK_NHS")
    if re.fullmatch(r"\d{3}([- ])\d{2}\1\d{4}", v) and ssn_rules(d):
        out.add("US_SSN")
    if re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", d.replace(" ", "")) and iban_ok(v.replace("-", "")):
        out.add("IBAN_CODE")
    if re.fullmatch(r"[A-Z]{2}\d{7}", v) and dea_sum_ok(v):
        out.add("US_DEA")
    if aws_ok(v):
        out.add("AWS_ACCESS_KEY")
    if gh_ok(v):
        out.add("GITHUB_TOKEN")
    return out


# ---------------------------------------------------------------------------------------------------------------
# hard-negative kinds: kind -> (entity it imitates or None, mode)
#   mode "pass": passes that entity's checksum, the text names it as something else
#   mode "fail": has the entity's shape and fails its check
#   mode "none": passes no same-length checksum (checks() is empty)
# ---------------------------------------------------------------------------------------------------------------

KINDS = {
    # cards
    "masked_card": ("CREDIT_CARD", "none"), "card_expiry": ("CREDIT_CARD", "none"),
    "order_number": ("CREDIT_CARD", "none"), "luhn_fail_16": ("CREDIT_CARD", "fail"),
    "test_card": ("CREDIT_CARD", "pass"), "imei": ("CREDIT_CARD", "pass"),
    "luhn_contract_number": ("CREDIT_CARD", "pass"), "auth_code": ("CREDIT_CARD", "none"),
    "tracking_number": ("CREDIT_CARD", "none"), "epoch_ms": ("CREDIT_CARD", "none"),
    "ach_trace_number": ("CREDIT_CARD", "none"),
    # ssn
    "masked_ssn": ("US_SSN", "none"), "ssn_invalid": ("US_SSN", "fail"), "itin": ("US_SSN", "fail"),
    "ein": ("US_SSN", "none"), "employee_id": ("US_SSN", "none"),
    # email
    "placeholder_email": ("EMAIL_ADDRESS", "none"), "masked_email": ("EMAIL_ADDRESS", "none"),
    "message_id": ("EMAIL_ADDRESS", "none"), "ssh_public_key": ("PRIVATE_KEY", "none"),
    # phone
    "masked_phone": ("PHONE_NUMBER", "none"), "phone_shaped_ref": ("PHONE_NUMBER", "none"),
    "port_request_id": ("PHONE_NUMBER", "none"),
    # iban
    "iban_bad_checksum": ("IBAN_CODE", "fail"), "iban_doc_example": ("IBAN_CODE", "pass"),
    "masked_iban": ("IBAN_CODE", "none"), "bic": ("IBAN_CODE", "none"), "sort_code": ("IBAN_CODE", "none"),
    # aba
    "bank_account_number": ("ABA_ROUTING_NUMBER", "none"), "aba_shaped_batch": ("ABA_ROUTING_NUMBER", "pass"),
    "masked_routing": ("ABA_ROUTING_NUMBER", "none"), "aba_fail": ("ABA_ROUTING_NUMBER", "fail"),
    "x12_control_number": ("ABA_ROUTING_NUMBER", "none"),
    # ip
    "version_string": ("IP_ADDRESS", "none"), "version_ip_shaped": ("IP_ADDRESS", "pass"),
    "oid": ("IP_ADDRESS", "none"), "mac_address": ("IP_ADDRESS", "none"), "subnet_mask": ("IP_ADDRESS", "fail"),
    "ip_loopback": ("IP_ADDRESS", "fail"), "ip_documentation": ("IP_ADDRESS", "fail"),
    "ip_bad_octet": ("IP_ADDRESS", "fail"), "masked_ip": ("IP_ADDRESS", "none"),
    "hostname_with_ip": ("IP_ADDRESS", "none"),
    # mrn
    "member_id": ("MEDICAL_RECORD_NUMBER", "none"), "claim_number": ("MEDICAL_RECORD_NUMBER", "none"),
    "accession_number": ("MEDICAL_RECORD_NUMBER", "none"), "encounter_number": ("MEDICAL_RECORD_NUMBER", "none"),
    "rx_number": ("MEDICAL_RECORD_NUMBER", "none"), "masked_mrn": ("MEDICAL_RECORD_NUMBER", "none"),
    # npi
    "npi_fail": ("US_NPI", "fail"), "npi_shaped_ref": ("US_NPI", "pass"), "masked_npi": ("US_NPI", "none"),
    "tax_id_10": ("US_NPI", "none"),
    # dob
    "date_other": ("DATE_OF_BIRTH", "none"), "timestamp": ("DATE_OF_BIRTH", "none"),
    "masked_dob": ("DATE_OF_BIRTH", "none"),
    # nhs
    "nhs_fail_mod11": ("UK_NHS", "fail"), "masked_nhs": ("UK_NHS", "none"), "ods_code": ("UK_NHS", "none"),
    "uk_postcode": ("UK_NHS", "none"),
    # dea
    "dea_fail": ("US_DEA", "fail"), "masked_dea": ("US_DEA", "none"), "state_license": ("US_DEA", "none"),
    # aws
    "aws_example_key": ("AWS_ACCESS_KEY", "fail"), "aws_secret_key": ("AWS_ACCESS_KEY", "none"),
    "aws_account_id": ("AWS_ACCESS_KEY", "none"), "aws_arn": ("AWS_ACCESS_KEY", "none"),
    # github
    "gh_checksum_fail": ("GITHUB_TOKEN", "fail"), "masked_token": ("GITHUB_TOKEN", "none"),
    "git_sha": ("GITHUB_TOKEN", "none"), "vendor_test_key": ("GITHUB_TOKEN", "none"),
    # private key
    "certificate_block": ("PRIVATE_KEY", "none"), "redacted_private_key": ("PRIVATE_KEY", "none"),
    # generic
    "ticket_ref": (None, "none"), "invoice_number": (None, "none"), "uuid": (None, "none"),
    "hex_hash": (None, "none"), "amount": (None, "none"), "zip_code": (None, "none"),
    "serial_number": (None, "none"), "port_number": (None, "none"), "json_id": (None, "none"),
    "sku": (None, "none"), "request_id": (None, "none"),
}


def kind_claim_ok(kind, v):
    """The hard negative satisfies what its kind claims."""
    target, mode = KINDS[kind]
    got = checks(v)
    if mode == "pass":
        if kind == "version_ip_shaped":
            return ipaddress.ip_address(v).is_global and not got
        if kind == "test_card":
            d = re.sub(r"[ -]", "", v)
            return d in TEST_PANS and "CREDIT_CARD" in got
        if kind == "iban_doc_example":
            return iban_ok(v)
        return target in got
    if got:
        return False
    if mode == "fail":
        if kind in ("subnet_mask", "ip_loopback", "ip_documentation", "ip_bad_octet"):
            return not ip_ok(v)
        if kind == "luhn_fail_16":
            d = re.sub(r"[ -]", "", v)
            return len(d) == 16 and not luhn_ok(d)
        if kind in ("ssn_invalid", "itin"):
            return bool(re.fullmatch(r"\d{3}-\d{2}-\d{4}", v)) and not ssn_ok(v)
        if kind == "iban_bad_checksum":
            s = v.replace(" ", "")
            return IBAN_LEN.get(s[:2]) == len(s) and not iban_ok(v)
        if kind == "npi_fail":
            return bool(re.fullmatch(r"[12]\d{9}", v)) and not npi_ok(v)
        if kind == "nhs_fail_mod11":
            return bool(re.fullmatch(r"\d{10}", re.sub(r"[ -]", "", v))) and not nhs_ok(v)
        if kind == "dea_fail":
            return bool(re.fullmatch(r"[ABFGM][A-Z]\d{7}", v)) and not dea_ok(v)
        if kind == "aba_fail":
            return bool(re.fullmatch(r"\d{9}", v)) and v[:2] in ABA_PREFIXES and not aba_ok(v)
        if kind == "aws_example_key":
            return bool(re.fullmatch(r"AKIA[A-Z0-9]{16}", v)) and not aws_ok(v)
        if kind == "gh_checksum_fail":
            return bool(re.fullmatch(r"gh[pousr]_[A-Za-z0-9]{36}", v)) and not gh_ok(v)
        return False
    if kind.startswith("masked_"):
        return bool(re.search(r"[*•xX#]", v))
    return True


# ---------------------------------------------------------------------------------------------------------------
# names, organisations, domains (all invented for this round)
# ---------------------------------------------------------------------------------------------------------------

NAMES = {
    "US": (["Dalia", "Marcus", "Renee", "Tobias", "Imani", "Curtis", "Yolanda", "Everett", "Priya", "Hector", "Shauna",
            "Desmond", "Lorraine", "Wesley", "Anjali", "Brent", "Carmela", "Terrence", "Noelle", "Garrett", "Ximena",
            "Rodney", "Tamsin", "Quentin", "Felicia", "Jerome", "Maribel", "Orson", "Kendra", "Luther"],
           ["Okafor", "Brandvold", "Castellano", "Whitlock", "Nakamura", "Pruitt", "Delacroix", "Hargrove", "Szymanski",
            "Abernathy", "Quintero", "Lindqvist", "Mabry", "Fairweather", "Osei", "Trujillo", "Vandermeer", "Kowalczyk",
            "Ashby", "Gutierrez", "Pemberton", "Rasmussen", "Yarborough", "Ellsworth", "Moreland", "Haddad", "Sorensen",
            "Tillman", "Buckner", "Ibarra"]),
    "UK": (["Gemma", "Callum", "Siobhan", "Rhys", "Bethan", "Alistair", "Niamh", "Declan", "Harriet", "Owain",
            "Fiona", "Jasdeep", "Imogen", "Ewan", "Rosalind", "Kieran"],
           ["Pennington", "Thackeray", "McAllister", "Hollins", "Brierley", "Carmichael", "Oyelaran", "Fenwick",
            "Ramsbottom", "Wyndham", "Gilchrist", "Ahluwalia", "Trevelyan", "Dunmore", "Kettering", "Saddler"]),
    "de": (["Jürgen", "Katrin", "Matthias", "Sabine", "Lukas", "Anja"], ["Schröder", "Weißmann", "Brandt", "Kühn", "Vogler", "Hartung"]),
    "fr": (["Élodie", "Mathieu", "Céline", "Julien", "Amélie", "Benoît"], ["Lefèvre", "Marchand", "Dubois", "Rousseau", "Girard", "Chevallier"]),
    "es": (["Lucía", "Andrés", "Marta", "Íñigo", "Carmen", "Raúl"], ["Muñoz", "Herrera", "Castaño", "Ortega", "Ibáñez", "Vidal"]),
    "it": (["Giulia", "Matteo", "Chiara", "Lorenzo", "Federica", "Niccolò"], ["Bianchi", "Esposito", "Colombo", "Ferraro", "Galli", "Ricci"]),
    "nl": (["Sanne", "Joost", "Femke", "Bram", "Ilse", "Thijs"], ["de Vries", "Bakker", "Visser", "Smit", "van Dijk", "Meijer"]),
    "pt": (["João", "Inês", "Gonçalo", "Beatriz", "Tomás", "Leonor"], ["Gonçalves", "Ferreira", "Araújo", "Simões", "Magalhães", "Lopes"]),
    "sv": (["Åsa", "Björn", "Linnéa", "Oskar", "Ebba", "Håkan"], ["Lindström", "Bergqvist", "Åkesson", "Nyberg", "Sjöberg", "Holm"]),
    "cs": (["Tereza", "Ondřej", "Kateřina", "Jiří", "Lucie", "Radek"], ["Dvořák", "Novotná", "Procházka", "Černý", "Svobodová", "Kučera"]),
}

MSP = ("Ferrowind IT Partners", "ferrowind-it.com")
TECHS = [("Nadia", "Brookhaven"), ("Sven", "Oduya"), ("Patrice", "Lemaire"), ("Colby", "Ruiz"), ("Min-jun", "Carver"),
         ("Aoife", "Delaney"), ("Rashid", "Vance"), ("Trudy", "Kimball")]
CLIENTS = {
    "health_us": [("St. Aubrey Community Clinic", "staubreyclinic.org"), ("Pinecrest Orthopedics", "pinecrestortho.com"),
                  ("Oakmere Pharmacy", "oakmererx.com"), ("Bluestem Health Plan", "bluestemhp.com")],
    "nhs_trust": [("Redfern Valley NHS Trust", "redfernvalley.nhs.uk"), ("Castlemoor Community Health NHS Trust", "castlemoor.nhs.uk")],
    "finance": [("Marrowgate Credit Union", "marrowgatecu.org"), ("Quillby Freight", "quillbyfreight.com"),
                ("Halvorsen Dental Group", "halvorsendental.com")],
    "hr_payroll": [("Tessaline Staffing", "tessaline.com"), ("Corvane Logistics", "corvane.io"), ("Brightwater Foods", "brightwaterfoods.com")],
    "saas_devops": [("Lumenhart Software", "lumenhart.dev"), ("Kestrelby Analytics", "kestrelby.io")],
    "telecom": [("Brackwater Telecom", "brackwater.net"), ("Juniper Row Hotels", "juniperrow.com")],
    "eu": [("Harbrecht Maschinenbau", "harbrecht-mb.de"), ("Vinhedo Lusitano", "vinhedolusitano.pt"),
           ("Bodega Altozano", "altozano.es"), ("Sørlie Byggvarer", "sorlie-bygg.se"), ("Maison Vernay", "maisonvernay.fr"),
           ("Officine Brambati", "brambati.it"), ("Kruidhof Installatie", "kruidhof.nl"), ("Valenta Strojírny", "valenta-stroj.cz")],
}
CLIENTS["msp_internal"] = CLIENTS["finance"] + CLIENTS["hr_payroll"] + CLIENTS["saas_devops"] + CLIENTS["health_us"][:2]
PERSONAL = {"US": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "aol.com", "hotmail.com"],
            "UK": ["btinternet.com", "gmail.com", "outlook.com", "sky.com", "virginmedia.com"],
            "de": ["gmx.de", "web.de", "t-online.de"], "fr": ["orange.fr", "free.fr", "laposte.net"],
            "es": ["telefonica.net", "gmail.com", "yahoo.es"], "it": ["libero.it", "virgilio.it", "tiscali.it"],
            "nl": ["ziggo.nl", "kpnmail.nl", "hetnet.nl"], "pt": ["sapo.pt", "gmail.com", "clix.pt"],
            "sv": ["telia.com", "bredband.net", "gmail.com"], "cs": ["seznam.cz", "centrum.cz", "email.cz"]}

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"],
    "cs": ["ledna", "února", "března", "dubna", "května", "června", "července", "srpna", "září", "října", "listopadu", "prosince"],
}
LANG_CC = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pt": "PT", "sv": "SE", "cs": "CZ"}


def ascii_fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode().lower().replace(" ", "")


class Person:
    def __init__(self, first, last):
        self.first, self.last = first, last

    @property
    def full(self):
        return f"{self.first} {self.last}"


# ---------------------------------------------------------------------------------------------------------------
# per-note context: value generators return marker strings
# ---------------------------------------------------------------------------------------------------------------

class Ctx:
    def __init__(self, rng, lang="en", region="US", queue="finance"):
        self.rng, self.lang, self.region, self.queue = rng, lang, region, queue
        self.client = rng.choice(CLIENTS["eu" if lang != "en" else queue])
        self.tech = Person(*rng.choice(TECHS))
        self.deas = []

    # -- basics
    def ch(self, seq):
        return self.rng.choice(seq)

    def ri(self, a, b):
        return self.rng.randint(a, b)

    def dg(self, n, first="0123456789"):
        return self.rng.choice(first) + "".join(self.rng.choice("0123456789") for _ in range(n - 1))

    def hexs(self, n):
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def alnum(self, n, alpha="ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"):
        return "".join(self.rng.choice(alpha) for _ in range(n))

    def clean(self, fn, allowed=()):
        for _ in range(2000):
            v = fn()
            if checks(v) <= set(allowed):
                return v
        raise RuntimeError("cannot draw a clean value")

    def person(self, region=None):
        key = self.lang if self.lang != "en" else (region or self.region)
        firsts, lasts = NAMES[key]
        return Person(self.ch(firsts), self.ch(lasts))

    # -- e-mail
    def email(self, p=None, style=None, domain=None):
        p = p or self.person()
        f, l = ascii_fold(p.first), ascii_fold(p.last)
        style = style or self.ch(["work", "work", "initial", "personal", "plus", "personal"])
        if style == "work":
            v = f"{f}.{l}@{domain or self.client[1]}"
        elif style == "initial":
            v = f"{f[0]}{l}@{domain or self.client[1]}"
        elif style == "plus":
            v = f"{f}.{l}+{self.ch(['tickets', 'billing', 'hr', 'portal', 'msp'])}@{self.ch(PERSONAL.get(self.lang if self.lang != 'en' else self.region, PERSONAL['US']))}"
        else:
            v = f"{f}{self.ch(['', '.', '_'])}{l}{self.ri(1, 99) if self.rng.random() < 0.6 else ''}@{self.ch(PERSONAL.get(self.lang if self.lang != 'en' else self.region, PERSONAL['US']))}"
        return P("EMAIL_ADDRESS", f"email.{style}", v)

    def role_email(self, role=None):
        role = role or self.ch(["payroll", "accounts", "helpdesk", "it-admin", "billing", "hr"])
        return P("EMAIL_ADDRESS", "email.role", f"{role}@{self.client[1]}")

    def tech_email(self):
        t = self.tech
        return P("EMAIL_ADDRESS", "email.agent", f"{ascii_fold(t.first)[0]}.{ascii_fold(t.last)}@{MSP[1]}")

    def email_urlenc(self, p=None):
        p = p or self.person()
        v = f"{ascii_fold(p.first)}.{ascii_fold(p.last)}%40{self.ch(PERSONAL['US'] + [self.client[1]])}"
        return P("EMAIL_ADDRESS", "email.urlenc", v)

    # -- phones
    def us_digits(self):
        while True:
            a = self.dg(1, "23456789") + self.dg(1, "012345678") + self.dg(1)
            e = self.dg(1, "23456789") + self.dg(2)
            if a[1:] == "11" or e[1:] == "11" or e == "555" or a in ("800", "888", "877", "866", "900"):
                continue
            return a, e, self.dg(4)

    def phone(self, style=None, cc=None):
        cc = cc or (LANG_CC.get(self.lang) or ("GB" if self.region == "UK" else "US"))
        r = self.rng
        if cc == "US":
            a, e, n = self.us_digits()
            style = style or self.ch(["paren", "dash", "dot", "intl", "e164", "intl_dash", "paren"])
            v = {"paren": f"({a}) {e}-{n}", "dash": f"{a}-{e}-{n}", "dot": f"{a}.{e}.{n}", "intl": f"+1 {a} {e} {n}",
                 "e164": f"+1{a}{e}{n}", "intl_dash": f"+1-{a}-{e}-{n}", "plain": f"{a}{e}{n}"}[style]
        elif cc == "GB":
            style = style or self.ch(["mobile", "mobile_intl", "london", "london_intl", "leeds"])
            m = self.dg(1, "45789") + self.dg(2)
            v = {"mobile": f"07{m} {self.dg(6, '123456789')}", "mobile_intl": f"+44 7{m} {self.dg(6, '123456789')}",
                 "london": f"020 3{self.dg(3)} {self.dg(4)}", "london_intl": f"+44 20 3{self.dg(3)} {self.dg(4)}",
                 "leeds": f"0113 2{self.dg(2)} {self.dg(4)}", "e164": f"+447{m}{self.dg(6, '123456789')}"}[style]
        else:
            style = style or self.ch(["intl", "national"])
            if cc == "DE":
                v = f"+49 {self.ch(['151', '160', '171', '176'])} {self.dg(8)}" if style == "intl" else f"0{self.ch(['30', '89', '221', '711'])} {self.dg(7, '23456789')}"
            elif cc == "FR":
                v = f"+33 {self.ch('67')} {self.dg(2)} {self.dg(2)} {self.dg(2)} {self.dg(2)}" if style == "intl" else f"0{self.ch('12345')} {self.dg(2)} {self.dg(2)} {self.dg(2)} {self.dg(2)}"
            elif cc == "ES":
                v = f"+34 6{self.dg(2)} {self.dg(3)} {self.dg(3)}" if style == "intl" else f"91{self.dg(1)} {self.dg(2)} {self.dg(2)} {self.dg(2)}"
            elif cc == "IT":
                v = f"+39 3{self.dg(2)} {self.dg(3)} {self.dg(4)}" if style == "intl" else f"02 {self.dg(4)} {self.dg(4)}"
            elif cc == "NL":
                v = f"+31 6 {self.dg(8)}" if style == "intl" else f"06-{self.dg(8)}"
            elif cc == "PT":
                v = f"+351 9{self.ch('1236')}{self.dg(1)} {self.dg(3)} {self.dg(3)}" if style == "intl" else f"21{self.dg(1)} {self.dg(3)} {self.dg(3)}"
            elif cc == "SE":
                v = f"+46 7{self.ch('0236')} {self.dg(3)} {self.dg(2)} {self.dg(2)}" if style == "intl" else f"07{self.ch('0236')}-{self.dg(3)} {self.dg(2)} {self.dg(2)}"
            elif cc == "CZ":
                v = f"+420 {self.ch('67')}{self.dg(2)} {self.dg(3)} {self.dg(3)}" if style == "intl" else f"{self.ch('67')}{self.dg(2)} {self.dg(3)} {self.dg(3)}"
            else:
                raise ValueError(cc)
        if checks(v):
            return self.phone(style, cc)
        return P("PHONE_NUMBER", f"phone.{cc.lower()}.{style}", v)

    def phone_urlenc(self):
        a, e, n = self.us_digits()
        return P("PHONE_NUMBER", "phone.us.urlenc", f"%2B1{a}{e}{n}")

    # -- cards
    def card_digits(self, brand):
        r = self.rng
        if brand == "visa":
            pre, n = "4" + self.dg(5), self.ch([16, 16, 16, 19])
        elif brand == "mc":
            pre, n = (str(self.ri(51, 55)) + self.dg(4)) if r.random() < 0.7 else (str(self.ri(2221, 2720)) + self.dg(2)), 16
        elif brand == "amex":
            pre, n = self.ch(["34", "37"]) + self.dg(4), 15
        elif brand == "disc":
            pre, n = self.ch(["6011", "65" + self.dg(2), str(self.ri(644, 649)) + self.dg(1)]) + self.dg(2), 16
        elif brand == "jcb":
            pre, n = str(self.ri(3528, 3589)) + self.dg(2), 16
        else:
            pre, n = "36" + self.dg(4), 14
        body = pre + self.dg(n - len(pre) - 1)
        return body + luhn_digit(body)

    def group_card(self, d, sep):
        if len(d) == 15:
            parts = [d[:4], d[4:10], d[10:]]
        elif len(d) == 14:
            parts = [d[:4], d[4:10], d[10:]]
        else:
            parts = [d[i:i + 4] for i in range(0, len(d), 4)]
        return sep.join(parts)

    def card(self, brand=None, style=None):
        brand = brand or self.ch(["visa", "visa", "visa", "mc", "mc", "amex", "disc", "jcb", "diners"])
        style = style or self.ch(["space", "space", "plain", "dash"])
        while True:
            d = self.card_digits(brand)
            if card_ok(d) and not (checks(d) - {"CREDIT_CARD"}):
                break
        v = d if style == "plain" else self.group_card(d, " " if style == "space" else "-")
        return P("CREDIT_CARD", f"card.{brand}.{style}", v)

    # -- ssn
    def ssn(self, style=None):
        style = style or self.ch(["dash", "dash", "dash", "plain", "space"])
        while True:
            a = self.ri(1, 899)
            if a == 666:
                continue
            d = f"{a:03d}{self.ri(1, 99):02d}{self.ri(1, 9999):04d}"
            if ssn_rules(d) and not (checks(d) & {"ABA_ROUTING_NUMBER"}):
                break
        v = {"dash": f"{d[:3]}-{d[3:5]}-{d[5:]}", "plain": d, "space": f"{d[:3]} {d[3:5]} {d[5:]}"}[style]
        return P("US_SSN", f"ssn.{style}", v)

    # -- iban
    def iban_value(self, cc):
        L = IBAN_LEN[cc]
        if cc == "GB":
            bban = self.alnum(4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + self.dg(14)
        elif cc == "NL":
            bban = self.alnum(4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + self.dg(10)
        elif cc == "IT":
            bban = self.alnum(1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + self.dg(22)
        else:
            bban = self.dg(L - 4)
        chk = 98 - iban_mod(cc + "00" + bban)
        return f"{cc}{chk:02d}{bban}"

    def iban(self, cc=None, style=None):
        cc = cc or LANG_CC.get(self.lang) or ("GB" if self.region == "UK" else self.ch(["DE", "GB", "FR", "NL", "IE", "BE"]))
        style = style or self.ch(["grouped", "grouped", "compact"])
        v = self.iban_value(cc)
        if style == "grouped":
            v = " ".join(v[i:i + 4] for i in range(0, len(v), 4))
        return P("IBAN_CODE", f"iban.{cc.lower()}.{style}", v)

    # -- aba / bank account
    def aba_value(self):
        while True:
            body = self.ch(ABA_PREFIXES) + self.dg(6)
            w = (3, 7, 1, 3, 7, 1, 3, 7)
            s = sum(int(x) * y for x, y in zip(body, w))
            d = body + str((10 - s % 10) % 10)
            if aba_ok(d) and checks(d) == {"ABA_ROUTING_NUMBER"}:
                return d

    def aba(self):
        return P("ABA_ROUTING_NUMBER", "aba.plain", self.aba_value())

    def acct(self):
        return N("bank_account_number", self.clean(lambda: self.dg(self.ri(8, 12), "123456789")))

    # -- ip
    def ip(self, kind=None):
        kind = kind or self.ch(["pub", "pub", "priv", "priv", "v6"])
        while True:
            if kind == "pub":
                v = f"{self.ri(1, 223)}.{self.ri(0, 255)}.{self.ri(0, 255)}.{self.ri(1, 254)}"
            elif kind == "priv":
                v = self.ch([f"10.{self.ri(0, 255)}.{self.ri(0, 255)}.{self.ri(1, 254)}",
                             f"172.{self.ri(16, 31)}.{self.ri(0, 255)}.{self.ri(1, 254)}",
                             f"192.168.{self.ri(0, 255)}.{self.ri(1, 254)}"])
            else:
                hx = [self.ch(["2a02", "2a01", "2600", "2607", "2a0c", "2c0f"]), self.hexs(self.ri(2, 4)).lstrip("0") or "1",
                      self.hexs(4).lstrip("0") or "a", self.hexs(self.ri(1, 4)).lstrip("0") or "2"]
                v = ":".join(hx) + "::" + (self.hexs(self.ri(1, 4)).lstrip("0") or "1")
                v = str(ipaddress.ip_address(v))
            if kind == "pub" and not ipaddress.ip_address(v).is_global:
                continue
            if ip_ok(v) and not checks(v):
                return P("IP_ADDRESS", f"ip.{'v4pub' if kind == 'pub' else 'v4priv' if kind == 'priv' else 'v6'}", v)

    # -- health
    def mrn(self, style=None):
        style = style or self.ch(["d8", "d8", "d7", "d9", "letter", "dash", "zero"])
        while True:
            v = {"d8": self.dg(8, "123456789"), "d7": self.dg(7, "123456789"), "d9": self.dg(9, "123456789"),
                 "letter": self.ch(["E", "H", "PC"]) + self.dg(7), "dash": self.ch(["SA", "PO"]) + "-" + self.dg(7),
                 "zero": "00" + self.dg(6, "123456789")}[style]
            if mrn_ok(v) and not checks(v):
                return P("MEDICAL_RECORD_NUMBER", f"mrn.{style}", v)

    def npi_value(self):
        while True:
            body = self.dg(1, "12") + self.dg(8)
            v = body + luhn_digit("80840" + body)
            if npi_ok(v) and checks(v) == {"US_NPI"}:
                return v

    def npi(self):
        return P("US_NPI", "npi.plain", self.npi_value())

    def dea(self, surname):
        initial = ascii_fold(surname)[0].upper()
        while True:
            x = [int(c) for c in self.dg(6)]
            chk = (x[0] + x[2] + x[4] + 2 * (x[1] + x[3] + x[5])) % 10
            v = self.ch("ABFGM") + initial + "".join(map(str, x)) + str(chk)
            if dea_ok(v) and checks(v) == {"US_DEA"}:
                self.deas.append((v, surname))
                return P("US_DEA", f"dea.{v[0].lower()}", v)

    def nhs(self, style=None):
        style = style or self.ch(["spaced", "spaced", "compact", "dashed"])
        while True:
            d9 = self.dg(1, "467") + self.dg(8)
            c = nhs_check(d9)
            if c is None:
                continue
            d = d9 + str(c)
            if checks(d) == {"UK_NHS"}:
                break
        v = {"spaced": f"{d[:3]} {d[3:6]} {d[6:]}", "compact": d, "dashed": f"{d[:3]}-{d[3:6]}-{d[6:]}"}[style]
        return P("UK_NHS", f"nhs.{style}", v)

    # -- dates
    def _ymd(self, y0, y1):
        y, m = self.ri(y0, y1), self.ri(1, 12)
        return y, m, self.ri(1, 28)

    def fmt_date(self, y, m, d, style):
        mo = MONTHS.get(self.lang, MONTHS["en"])
        return {
            "mdy": f"{m:02d}/{d:02d}/{y}", "mdy_short": f"{m}/{d}/{y}", "long_mdy": f"{mo[m - 1]} {d}, {y}",
            "abbr_mdy": f"{mo[m - 1][:3]} {d} {y}", "iso": f"{y}-{m:02d}-{d:02d}", "dmy": f"{d:02d}/{m:02d}/{y}",
            "long_dmy": f"{d} {mo[m - 1]} {y}", "dmy_abbr": f"{d:02d}-{mo[m - 1][:3]}-{y}", "dot": f"{d:02d}.{m:02d}.{y}",
            "dot_long": f"{d}. {mo[m - 1]} {y}", "dash_dmy": f"{d:02d}-{m:02d}-{y}", "de_long": f"{d} de {mo[m - 1]} de {y}",
            "cs_short": f"{d}. {m}. {y}", "x12": f"{y}{m:02d}{d:02d}",
        }[style]

    def date_style(self):
        if self.lang == "en":
            return self.ch(["mdy", "mdy", "mdy_short", "long_mdy", "abbr_mdy", "iso"]) if self.region == "US" else self.ch(["dmy", "dmy", "long_dmy", "dmy_abbr"])
        return self.ch({"de": ["dot", "dot", "dot_long"], "fr": ["dmy", "long_dmy"], "es": ["dmy", "de_long"], "it": ["dmy", "long_dmy"],
                "nl": ["dash_dmy", "long_dmy"], "pt": ["dmy", "de_long"], "sv": ["iso", "long_dmy"], "cs": ["cs_short", "dot", "dot_long"]}[self.lang])

    def dob(self, style=None):
        style = style or self.date_style()
        y, m, d = self._ymd(1938, 2006)
        return P("DATE_OF_BIRTH", f"dob.{style}", self.fmt_date(y, m, d, style))

    def date(self, style=None, y0=2024, y1=2026):
        style = style or self.date_style()
        y, m, d = self._ymd(y0, y1)
        return N("date_other", self.fmt_date(y, m, d, style))

    def ts(self, style=None):
        style = style or self.ch(["iso", "iso_ms", "log", "syslog", "epoch"])
        y, m, d = self._ymd(2024, 2026)
        H, M, S = self.ri(0, 23), self.ri(0, 59), self.ri(0, 59)
        if style == "epoch":
            return N("epoch_ms", self.clean(lambda: str(self.ri(1704067200000, 1798761600000))))
        mo = MONTHS["en"][m - 1][:3]
        if style == "compact":
            return N("timestamp", self.clean(lambda: f"{self.ri(2024, 2026)}{self.ri(1, 12):02d}{self.ri(1, 28):02d}{self.ri(0, 23):02d}{self.ri(0, 59):02d}{self.ri(0, 59):02d}"))
        v = {"iso": f"{y}-{m:02d}-{d:02d}T{H:02d}:{M:02d}:{S:02d}Z", "iso_ms": f"{y}-{m:02d}-{d:02d}T{H:02d}:{M:02d}:{S:02d}.{self.ri(0, 999):03d}Z",
             "log": f"{y}-{m:02d}-{d:02d} {H:02d}:{M:02d}:{S:02d},{self.ri(0, 999):03d}", "syslog": f"{mo} {d:2d} {H:02d}:{M:02d}:{S:02d}",
             "compact": f"{y}{m:02d}{d:02d}{H:02d}{M:02d}{S:02d}"}[style]
        return N("timestamp", v)

    def hhmm(self):
        return f"{self.ri(7, 19):02d}:{self.ri(0, 59):02d}"

    # -- secrets
    def aws(self):
        v = self.ch(["AKIA", "AKIA", "ASIA"]) + "".join(self.ch("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
        return P("AWS_ACCESS_KEY", f"aws.{v[:4].lower()}", v)

    def aws_secret(self):
        return N("aws_secret_key", self.alnum(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+"))

    def gh(self, pfx=None):
        pfx = pfx or self.ch(["ghp", "ghp", "ghp", "gho", "ghs", "ghu", "ghr"])
        body = "".join(self.ch(B62) for _ in range(30))
        return P("GITHUB_TOKEN", f"gh.{pfx}", f"{pfx}_{body}{b62(zlib.crc32(body.encode()))}")

    def gh_bad(self):
        body = "".join(self.ch(B62) for _ in range(30))
        good = b62(zlib.crc32(body.encode()))
        bad = self.alnum(6, B62)
        while bad == good:
            bad = self.alnum(6, B62)
        return N("gh_checksum_fail", f"ghp_{body}{bad}")

    def pem(self, kind=None, escaped=False):
        kind = kind or self.ch(["rsa", "rsa", "pkcs8", "ec", "openssh"])
        hdr = {"rsa": "RSA PRIVATE KEY", "pkcs8": "PRIVATE KEY", "ec": "EC PRIVATE KEY", "openssh": "OPENSSH PRIVATE KEY"}[kind]
        if kind == "ec":
            data = bytes([0x30, 0x77, 0x02, 0x01, 0x01, 0x04, 0x20]) + bytes(self.rng.randrange(256) for _ in range(112))
        elif kind == "openssh":
            data = b"openssh-key-v1\x00\x00\x00\x00\x04none" + bytes(self.rng.randrange(256) for _ in range(self.ri(300, 420)))
        else:
            n = self.ri(560, 900)
            data = bytes([0x30, 0x82, n >> 8, n & 255, 0x02, 0x01, 0x00]) + bytes(self.rng.randrange(256) for _ in range(n))
        b = base64.b64encode(data).decode()
        w = 70 if kind == "openssh" else 64
        sep = "\\n" if escaped else "\n"
        v = f"-----BEGIN {hdr}-----{sep}" + sep.join(b[i:i + w] for i in range(0, len(b), w)) + f"{sep}-----END {hdr}-----"
        return P("PRIVATE_KEY", f"pem.{kind}{'.escaped' if escaped else ''}", v)

    def cert(self):
        data = bytes([0x30, 0x82, 0x03, 0x1d]) + bytes(self.rng.randrange(256) for _ in range(self.ri(300, 500)))
        b = base64.b64encode(data).decode()
        return N("certificate_block", "-----BEGIN CERTIFICATE-----\n" + "\n".join(b[i:i + 64] for i in range(0, len(b), 64)) + "\n-----END CERTIFICATE-----")

    def redacted_key(self):
        return N("redacted_private_key", f"-----BEGIN {self.ch(['RSA PRIVATE KEY', 'PRIVATE KEY', 'OPENSSH PRIVATE KEY'])}-----\n"
                 f"[{self.ch(['redacted by Ferrowind SOC', 'key body removed before upload', 'REDACTED'])}]\n-----END PRIVATE KEY-----")

    def ssh_pub(self, p=None):
        p = p or self.person()
        b = base64.b64encode(b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + bytes(self.rng.randrange(256) for _ in range(32))).decode()
        return N("ssh_public_key", f"ssh-ed25519 {b} {ascii_fold(p.first)}@{self.ch(['laptop-07', 'jumpbox', 'build-agent-2'])}")

    # -- generic negatives
    def neg(self, kind):
        c = self
        f = {
            "ticket_ref": lambda: c.ch(["#", "T", "SR-", "CW#", "INC"]) + c.dg(c.ri(6, 7), "123456789"),
            "invoice_number": lambda: c.ch(["INV-", "INV", "FW-", "BL"]) + c.dg(c.ri(5, 8), "123456789"),
            "order_number": lambda: c.ch(["SO-", "PO ", "PO-", "ORD"]) + c.dg(c.ri(6, 9), "123456789"),
            "luhn_fail_16": lambda: c.dg(16, "3456"),
            "uuid": lambda: f"{c.hexs(8)}-{c.hexs(4)}-4{c.hexs(3)}-{c.ch('89ab')}{c.hexs(3)}-{c.hexs(12)}",
            "hex_hash": lambda: c.hexs(c.ch([32, 64])),
            "git_sha": lambda: c.hexs(c.ch([7, 40, 40])),
            "mac_address": lambda: c.ch([":", "-"]).join(c.hexs(2) for _ in range(6)).upper() if c.rng.random() < 0.4 else ":".join(c.hexs(2) for _ in range(6)),
            "version_string": lambda: f"{c.ri(1, 24)}.{c.ri(0, 30)}.{c.ri(0, 40)}" + (f"-{c.ch(['rc1', 'beta', 'lts', 'hotfix2'])}" if c.rng.random() < 0.3 else ""),
            "oid": lambda: "1.3.6.1.4.1." + ".".join(str(c.ri(1, 40000) if i == 0 else c.ri(1, 30)) for i in range(c.ri(3, 6))),
            "serial_number": lambda: c.ch(["SN ", "S/N ", ""]) + c.alnum(c.ri(8, 11)),
            "amount": lambda: c.ch(["$", "USD ", "£", "€"]) + f"{c.ri(10000, 98000) / 100:,.2f}" if c.rng.random() < 0.5 else f"${c.ri(10, 99)},{c.dg(3)}.{c.dg(2)}",
            "zip_code": lambda: c.dg(5, "123456789"),
            "request_id": lambda: c.ch(["req_", "rq-", "corr-"]) + c.alnum(16, "abcdefghijklmnopqrstuvwxyz0123456789"),
            "member_id": lambda: c.ch(["BHP", "XQM", "W", "ZGB"]) + c.dg(c.ri(8, 10)),
            "claim_number": lambda: c.ch(["CLM-", "C"]) + c.dg(c.ri(9, 11), "123456789"),
            "accession_number": lambda: c.ch(["ACC-", "SP"]) + c.dg(2) + "-" + c.dg(6),
            "encounter_number": lambda: "ENC" + c.dg(9),
            "rx_number": lambda: c.dg(7, "123456789"),
            "employee_id": lambda: c.ch(["EMP-", "E", "W-"]) + c.dg(6),
            "ein": lambda: f"{c.dg(2, '123456789')}-{c.dg(7)}",
            "bic": lambda: c.alnum(4, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") + c.ch(["DE", "FR", "GB", "NL", "IT", "ES", "PT", "SE", "CZ"]) + c.alnum(2, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789") + c.ch(["", "XXX"]),
            "sort_code": lambda: f"{c.dg(2, '1234569')}-{c.dg(2)}-{c.dg(2)}",
            "ods_code": lambda: c.ch("ABCDFGHJKLMNPY") + c.dg(5, "123456789"),
            "uk_postcode": lambda: c.ch(["LS", "HG", "YO", "BD", "WF"]) + str(c.ri(1, 29)) + " " + str(c.ri(1, 9)) + c.alnum(2, "ABDEFGHJLNPQRSTUWXYZ"),
            "state_license": lambda: c.ch(["MD", "RN", "PA", "A"]) + c.dg(c.ri(5, 6), "123456789"),
            "aws_account_id": lambda: c.dg(12, "123456789"),
            "port_number": lambda: str(c.ri(10000, 65535)),
            "phone_shaped_ref": lambda: f"{c.dg(3, '23456789')}-{c.dg(3)}-{c.dg(4)}",
            "port_request_id": lambda: "PON" + c.dg(9, "123456789"),
            "x12_control_number": lambda: c.dg(9),
            "tax_id_10": lambda: c.dg(10, "123456789"),
            "tracking_number": lambda: "1Z" + c.alnum(6) + c.dg(10),
            "sku": lambda: c.alnum(3, "ABCDEFGHJKLMNPQRSTUVWXYZ") + "-" + c.dg(5),
            "auth_code": lambda: c.alnum(6),
            "ach_trace_number": lambda: c.dg(15),
            "json_id": lambda: c.dg(8, "123456789"),
        }[kind]
        return N(kind, self.clean(f))

    # masked / look-alike helpers
    def masked_card(self):
        l4 = self.dg(4)
        return N("masked_card", self.ch([f"**** **** **** {l4}", f"XXXX-XXXX-XXXX-{l4}", f"************{l4}", f"•••• {l4}", f"{self.dg(4, '45')} **** **** {l4}"]))

    def masked_ssn(self):
        return N("masked_ssn", self.ch(["***-**-", "XXX-XX-", "xxx-xx-", "###-##-"]) + self.dg(4))

    def masked_phone(self):
        return N("masked_phone", self.ch([f"(***) ***-{self.dg(4)}", f"+1 *** *** {self.dg(4)}", f"07*** ***{self.dg(3)}", f"+49 *** ****{self.dg(3)}"]))

    def masked_email(self, p=None):
        p = p or self.person()
        f = ascii_fold(p.first)
        return N("masked_email", f"{f[0]}{'*' * self.ri(3, 6)}@{self.ch(PERSONAL['US'] + [self.client[1]])}")

    def placeholder_email(self):
        return N("placeholder_email", self.ch(["user", "jane.doe", "firstname.lastname", "admin", "noreply", "test.user"]) + "@" + self.ch(PLACEHOLDER_DOMAINS))

    def masked_iban(self, cc=None):
        cc = cc or self.ch(["DE", "GB", "FR", "NL", "ES", "IT"])
        return N("masked_iban", f"{cc}{self.dg(2)} **** **** **** {self.dg(2)}{self.dg(2)}" if self.rng.random() < 0.5 else f"{cc}** **** **** **** **{self.dg(2)}")

    def bad_iban(self, cc=None):
        cc = cc or self.ch(["DE", "GB", "FR", "NL", "ES", "IT", "PT", "SE"])
        while True:
            v = self.iban_value(cc)
            v2 = v[:2] + f"{(int(v[2:4]) + self.ri(1, 9)) % 100:02d}" + v[4:]
            if not iban_ok(v2) and not checks(v2):
                return N("iban_bad_checksum", " ".join(v2[i:i + 4] for i in range(0, len(v2), 4)) if self.rng.random() < 0.5 else v2)

    def doc_iban(self):
        return N("iban_doc_example", self.ch(["GB82 WEST 1234 5698 7654 32", "DE89 3704 0044 0532 0130 00", "GB82WEST12345698765432",
                                              "DE89370400440532013000", "NL91ABNA0417164300", "FR14 2004 1010 0505 0001 3M02 606"]))

    def test_card(self):
        return N("test_card", self.ch(["4242 4242 4242 4242", "4111 1111 1111 1111", "5555 5555 5555 4444", "4000056655665556",
                                       "3782 822463 10005", "6011 1111 1111 1117", "5105105105105100", "2223003122003222"]))

    def luhn16_contract(self):
        while True:
            body = self.ch(["4", "51", "52", "6011"])
            body += self.dg(15 - len(body))
            d = body + luhn_digit(body)
            if card_iin_ok(d) and d not in TEST_PANS:
                return N("luhn_contract_number", d)

    def imei(self):
        body = "35" + self.dg(12)
        return N("imei", body + luhn_digit(body))

    def aba_batch(self):
        return N("aba_shaped_batch", self.aba_value())

    def aba_bad(self):
        while True:
            v = self.ch(ABA_PREFIXES) + self.dg(7)
            if not aba_ok(v) and not checks(v):
                return N("aba_fail", v)

    def npi_bad(self):
        while True:
            v = self.dg(1, "12") + self.dg(9)
            if not checks(v):
                return N("npi_fail", v)

    def npi_ref(self):
        return N("npi_shaped_ref", self.npi_value())

    def masked_npi(self):
        return N("masked_npi", self.ch(["1", "2"]) + "*" * 6 + self.dg(3))

    def dea_bad(self, surname):
        while True:
            v = self.ch("ABFGM") + ascii_fold(surname)[0].upper() + self.dg(7)
            if not dea_sum_ok(v):
                return N("dea_fail", v)

    def masked_dea(self):
        return N("masked_dea", self.ch("ABFM") + self.ch("ABCDEFGHKLMNPRSTW") + "*****" + self.dg(2))

    def nhs_bad(self):
        while True:
            d = self.dg(1, "467") + self.dg(9)
            if not checks(d):
                return N("nhs_fail_mod11", f"{d[:3]} {d[3:6]} {d[6:]}" if self.rng.random() < 0.6 else d)

    def masked_nhs(self):
        return N("masked_nhs", f"*** *** {self.dg(4)}" if self.rng.random() < 0.5 else f"{self.dg(3, '467')} *** ****")

    def masked_mrn(self):
        return N("masked_mrn", "*" * self.ri(4, 5) + self.dg(4))

    def masked_dob(self):
        return N("masked_dob", self.ch(["**/**/19", "XX/XX/19", "**.**.19"]) + self.dg(2))

    def masked_ip(self):
        return N("masked_ip", f"{self.ri(11, 223)}.{self.ri(0, 255)}.x.x" if self.rng.random() < 0.5 else f"10.{self.ri(0, 255)}.*.*")

    def masked_token(self):
        return N("masked_token", self.ch(["ghp_", "gho_", "AKIA"]) + "*" * self.ri(8, 16) + self.alnum(4, B62))

    def ssn_bad(self):
        a = self.ch(["000", "666", f"9{self.dg(2)}"])
        return N("ssn_invalid", f"{a}-{self.dg(2, '123456789')}-{self.dg(4, '123456789')}")

    def itin(self):
        return N("itin", f"9{self.dg(2)}-{self.ri(70, 99)}-{self.dg(4, '123456789')}")

    def sub_mask(self):
        return N("subnet_mask", self.ch(["255.255.255.0", "255.255.254.0", "255.255.255.128", "255.255.240.0"]))

    def loopback(self):
        return N("ip_loopback", self.ch(["127.0.0.1", "127.0.1.1", "0.0.0.0"]))

    def doc_ip(self):
        return N("ip_documentation", self.ch(["192.0.2.", "198.51.100.", "203.0.113."]) + str(self.ri(1, 254)))

    def bad_octet_ip(self):
        return N("ip_bad_octet", f"10.{self.ri(256, 399)}.{self.ri(0, 255)}.{self.ri(1, 254)}" if self.rng.random() < 0.5 else f"{self.ri(11, 199)}.{self.ri(0, 255)}.{self.ri(0, 255)}.{self.ri(256, 312)}")

    def ver_ip(self):
        while True:
            v = f"{self.ri(11, 99)}.{self.ri(1, 30)}.{self.ri(100, 250)}.{self.ri(1, 99)}"
            if ipaddress.ip_address(v).is_global and not checks(v):
                return N("version_ip_shaped", v)

    def host_ip(self):
        return N("hostname_with_ip", f"ip-10-{self.ri(0, 255)}-{self.ri(0, 255)}-{self.ri(1, 254)}.{self.ch(['ec2.internal', 'eu-west-1.compute.internal', 'us-east-2.compute.internal'])}")

    def arn(self):
        return N("aws_arn", f"arn:aws:iam::{self.clean(lambda: self.dg(12, '123456789'))}:{self.ch(['user/svc-backup', 'role/msp-automation', 'user/ci-deployer'])}")

    def msgid(self):
        return N("message_id", f"<{self.alnum(self.ri(18, 30), 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}@{self.ch(['mail.gmail.com', 'eurprd04.prod.outlook.com', 'mx.ferrowind-it.com'])}>")

    def expiry(self):
        return N("card_expiry", f"{self.ri(1, 12):02d}/{self.ri(26, 31)}")

    def port(self):
        return self.neg("port_number") if self.rng.random() < 0.5 else str(self.ch([443, 8443, 3389, 22, 5985, 1433, 587]))


# ---------------------------------------------------------------------------------------------------------------
# English templates, human-written
# ---------------------------------------------------------------------------------------------------------------

def sig(c, p, title=None, phone=None, email=None):
    title = title or c.ch(["Office Manager", "Practice Administrator", "Controller", "HR Generalist", "Ops Lead", "AP Specialist"])
    lines = [f"{p.full}", f"{title} | {c.client[0]}"]
    if phone:
        lines.append(f"{c.ch(['T', 'Direct', 'Office', 'Mob'])}: {phone}")
    if email:
        lines.append(email)
    return "\n".join(lines)


def tech_sig(c):
    t = c.tech
    return f"{t.first} {t.last[0]}. | Service Desk, {MSP[0]}\n{c.tech_email()} | {c.phone('dash', 'US') if c.region == 'US' else c.phone('london', 'GB')}"


def h_billing_dispute(c):
    p = c.person()
    card = c.card()
    em = c.email(p, "work")
    inv = c.neg("invoice_number")
    return (f"Subject: double charge on {inv}\n\nHi {MSP[0].split()[0]} team,\n\n"
            f"We were charged twice for the {c.date()} invoice ({inv}, {c.neg('amount')}). Both went to our company card "
            f"{card} (exp {c.expiry()}). Our portal only shows the one ending {c.masked_card()}, so I don't know where the second came from.\n"
            f"Can someone call me back on {c.phone()} before Friday? If easier, refund to the same card {card}.\n\n"
            f"Thanks,\n{sig(c, p, email=em)}")


def h_tech_terse_mfa(c):
    p = c.person()
    return (f"re: mfa reset {p.first.lower()} {p.last.lower()}\n"
            f"cx called in {c.hhmm()}, lost phone. verified w/ callback to {c.phone()} (number on file)\n"
            f"reset mfa in entra, temp pass sent to {c.email(p, 'personal')} pls confirm they got it\n"
            f"last good signin from {c.ip(c.ch(['pub', 'v6']))} on {c.ts('iso')}, new device from {c.ip('pub')}\n"
            f"tkt {c.neg('ticket_ref')} - {c.tech.first[0].lower()}{c.tech.last[0].lower()}")


def h_handover(c):
    p1, p2, p3 = c.person(), c.person(), c.person()
    return (f"SHIFT HANDOVER {c.date('iso')} night -> day ({c.tech.first})\n"
            f"1) {c.client[0]}: {p1.full} locked out again, said new mobile is {c.phone()}; not updated in AD yet, pls verify before changing.\n"
            f"2) RMM: disk alert on FS02 ({c.ip('priv')}), cleared {c.hhmm()}. agent {N('version_string', c.clean(lambda: f'{c.ri(5, 9)}.{c.ri(0, 9)}.{c.ri(10, 99)}'))}.\n"
            f"3) {p2.first} from AP sent card update by email - card {c.card()} - DO NOT key it from the email, call {c.phone()} and take it over the phone, then delete the mail.\n"
            f"4) offboarding {p3.full} ({c.email(p3, 'work')}) scheduled for {c.date()}, laptop {c.neg('serial_number')}.\n"
            f"open: {c.neg('ticket_ref')}, {c.neg('ticket_ref')}")


def h_onboarding(c):
    p = c.person("US")
    mgr = c.person("US")
    return (f"New hire setup request - {c.client[0]}\n\n"
            f"Hi team, please set up {p.full} who starts {c.date()} as {c.ch(['Warehouse Lead', 'Dental Assistant', 'Payroll Clerk', 'Driver', 'Sales Coordinator'])}.\n"
            f"Legal name: {p.full}\nSSN: {c.ssn()}\nDOB: {c.dob()}\nMobile: {c.phone()}\nPersonal email: {c.email(p, 'personal')}\n"
            f"Direct deposit - routing {c.aba()} / account {c.acct()} ({c.ch(['checking', 'savings'])})\n"
            f"Employee ID will be {c.neg('employee_id')}. Manager is {mgr.full} ({c.email(mgr, 'work')}).\n\n"
            f"Thank you!\n{c.role_email('hr')}")


def h_offboarding(c):
    p = c.person()
    return (f"Offboarding: {p.full}, last day {c.date()}\n"
            f"- disable {c.email(p, 'work')} at 17:00, convert to shared mailbox, fwd to {c.role_email()}\n"
            f"- wipe laptop {c.neg('serial_number')} (MAC {c.neg('mac_address')})\n"
            f"- port desk line to voicemail; remove mobile {c.phone()} from MDM\n"
            f"- final paycheck via existing direct deposit, nothing to change. EIN on the W-2 cover letter is {c.neg('ein')}, not the SSN.\n"
            f"requested by {c.person().full} in {c.neg('ticket_ref')}")


def h_payroll_bank_change(c):
    p = c.person("US")
    if c.rng.random() < 0.5:
        bank = f"new routing number {c.aba()} and account {c.acct()}"
    else:
        bank = f"new IBAN {c.iban()} (BIC {c.neg('bic')}) - she moved back to Europe but stays on our payroll"
    return (f"From: {p.full} <{c.email(p, 'work')}>\nSubject: bank details change\n\n"
            f"Hello, I need my pay to go to a different account from the next run ({c.date()}). Please use {bank}.\n"
            f"To verify it's me: date of birth {c.dob()}, last four of SSN {c.masked_ssn()}.\n"
            f"My phone is {c.phone()} if you need to confirm.\n\n{p.first}")


def h_clinic_ehr(c):
    pat, doc = c.person("US"), c.person("US")
    return (f"{c.client[0]} - EHR interface issue\n\n"
            f"Front desk reports the lab result for patient {pat.first[0]}. {pat.last} (MRN {c.mrn()}, DOB {c.dob()}) landed in the wrong chart. "
            f"Ordering provider Dr. {doc.full}, NPI {c.npi()}, DEA {c.dea(doc.last)}. The accession number on the result is {c.neg('accession_number')} and the "
            f"insurance member ID {c.neg('member_id')} matches, so it's the MRN mapping. Claim {c.neg('claim_number')} is on hold until fixed.\n"
            f"Callback for the practice manager: {c.phone()}.")


def h_pharmacy(c):
    doc, pat = c.person("US"), c.person("US")
    return (f"Oakmere Pharmacy / e-Rx rejects\n"
            f"pharmacist called: EPCS rejects controlled rx from Dr {doc.last} - DEA {c.dea(doc.last)} / NPI {c.npi()}. "
            f"they say the prescriber's old DEA {c.dea_bad(doc.last)} is still cached in the directory (that one is a typo, fails check). "
            f"patient {pat.full}, birth date {c.dob()}, Rx #{c.neg('rx_number')}. "
            f"pharmacy line {c.phone()}, ask for {c.person().first}.")


def h_nhs_trust(c):
    pat = c.person("UK")
    return (f"{c.client[0]} - PAS / portal sync\n\n"
            f"Ward clerk rang ({c.hhmm()}): patient {pat.full}, NHS number {c.nhs()}, DOB {c.dob()}, is showing twice in the patient portal. "
            f"The duplicate record carries NHS no. {c.nhs_bad()} which fails the mod 11 check, so it was keyed by hand. "
            f"GP practice code {c.neg('ods_code')}, postcode {c.neg('uk_postcode')}. Patient's mobile {c.phone(cc='GB')}.\n"
            f"Raised to the supplier as {c.neg('ticket_ref')}.")


def h_nhs_staff(c):
    p = c.person("UK")
    return (f"Smartcard / NHSmail issue\n{p.full} ({c.email(p, 'work', domain=c.client[1])}) can't log in to the clinical system after the "
            f"{c.date()} update. Tested with patient {c.person('UK').full} (NHS {c.nhs()}, born {c.dob()}) - record opens for everyone but her. "
            f"Her extension is {c.phone('leeds', 'GB')}. Ward PC {c.ip('priv')}.")


def h_porting(c):
    p = c.person()
    nums = [c.phone("dash", "US") for _ in range(c.ri(2, 3))]
    return (f"Number port - {c.client[0]}\n"
            f"Losing carrier account {c.acct()}, PIN given verbally. Numbers to port: {', '.join(nums)}.\n"
            f"Billing telephone number on the LOA: {nums[0]}. Port request id {c.neg('port_request_id')}, carrier ref {c.neg('phone_shaped_ref')} "
            f"(that's a reference, not a number to port). FOC date {c.date()}.\n"
            f"Authorised by {p.full}, {c.email(p, 'work')}, cell {c.phone()}.")


def h_chat(c):
    p = c.person()
    card = c.card()
    t = c.hhmm()
    return (f"[{t}] Visitor ({p.first}): hi, my card got declined on the renewal\n"
            f"[{t}] {c.tech.first} ({MSP[0].split()[0]}): Sorry about that! Can you confirm the email on the account?\n"
            f"[{t}] Visitor ({p.first}): {c.email(p, 'personal')}\n"
            f"[{t}] Visitor ({p.first}): new card is {card} exp {c.expiry()}\n"
            f"[{t}] {c.tech.first} ({MSP[0].split()[0]}): Thanks - please don't paste card numbers in chat, I'll mask it. I have {card}, is that right?\n"
            f"[{t}] Visitor ({p.first}): yes. phone {c.phone()} if needed\n"
            f"[{t}] System: transcript saved to {c.neg('ticket_ref')}")


def h_call_summary(c):
    p = c.person()
    return (f"Call summary ({c.ch(['inbound', 'outbound'])}, {c.ri(3, 25)} min)\n"
            f"Caller: {p.full}, {c.client[0]}\nCallback: {c.phone()}\n"
            f"Identity check: DOB {c.dob()} OK, SSN last 4 {c.masked_ssn()} OK.\n"
            f"Issue: W-2 portal shows an old address; payroll employee id {c.neg('employee_id')}. Sent reset link to {c.email(p)}.\n"
            f"Next: {c.tech.first} to follow up by {c.date()}.")


def h_signature_email(c):
    p = c.person()
    return (f"Hi,\n\nThe printer on the 2nd floor is jamming again (asset {c.neg('serial_number')}). Could someone look at it this week?\n\n"
            f"Kind regards,\n\n{p.full}\n{c.ch(['Office Manager', 'Finance Director', 'Clinic Coordinator'])}\n{c.client[0]}\n"
            f"{c.ri(10, 999)} {c.ch(['Harlow', 'Mercer', 'Elmridge', 'Station'])} {c.ch(['Street', 'Ave', 'Road'])}, "
            f"{c.ch(['Dayton, OH', 'Boise, ID', 'Tulsa, OK', 'Raleigh, NC'])} {c.neg('zip_code')}\n"
            f"Office: {c.phone()} | Cell: {c.phone()}\n{c.email(p, c.ch(['work', 'initial']))}\n"
            f"This message may contain confidential information.")


def h_ach_dispute(c):
    p = c.person("US")
    return (f"ACH debit returned - {c.client[0]}\n\n"
            f"{p.first} from AP says the vendor debit for {c.neg('invoice_number')} ({c.neg('amount')}) came back R03. They gave us "
            f"routing {c.aba()} and account {c.acct()}, but the bank says the routing number on file was {c.aba_bad()} (one digit off, fails the check). "
            f"The ACH batch number on the return file is {c.aba_batch()}, trace {c.neg('ach_trace_number')}.\n"
            f"Reach {p.first} at {c.phone()} or {c.email(p, 'work')}.")


def h_readback(c):
    p = c.person()
    card, em, ph = c.card(), c.email(p), c.phone()
    return (f"Hi {p.first},\n\nThanks for the call. Just to confirm what I updated on {c.client[0]}'s billing profile:\n"
            f"- card: {card}\n- billing contact: {em}\n- phone: {ph}\n\n"
            f"If any of that is wrong reply here. For your records the old card ({c.masked_card()}) has been removed.\n\n{tech_sig(c)}")


def h_security_incident(c):
    dev = c.person()
    return (f"SEC: secret pushed to public repo ({c.client[0]})\n"
            f"GitHub secret scanning alert: {dev.full} committed a PAT {c.gh('ghp')} in {c.neg('git_sha')} to config/deploy.yml. "
            f"Same commit had an AWS key id {c.aws()} (secret {c.aws_secret()}). Both revoked {c.ts('iso')}. "
            f"CloudTrail shows calls from {c.ip('pub')} after the push - not us. Account {c.neg('aws_account_id')}.\n"
            f"Notified {c.email(dev, 'work')}. The example key in their README ({N('aws_example_key', 'AKIAIOSFODNN7EXAMPLE')}) is fine.")


def h_forward_chain(c):
    p, q = c.person(), c.person()
    em = c.email(p, "work")
    return (f"FYI - see below, can you handle?\n\n---------- Forwarded message ---------\nFrom: {p.full} <{em}>\n"
            f"Date: {c.date('long_mdy' if c.region == 'US' else 'long_dmy')}\nTo: {q.full} <{c.email(q, 'work')}>\nSubject: VPN\n\n"
            f"{q.first}, the VPN drops every 10 minutes since the firewall change. My home IP is {c.ip(c.ch(['pub', 'v6']))}, office gateway {c.ip('priv')}. "
            f"Mask {c.sub_mask()}, not sure that matters.\n\n{p.first}\n{em}")


def h_benefits(c):
    p = c.person("US")
    kid = c.person("US")
    return (f"benefits enrolment fix - {p.full}\n"
            f"carrier rejected dependent {kid.first} {p.last}: DOB {c.dob()} vs {c.date()} (that second one is the coverage start, someone swapped them). "
            f"employee SSN {c.ssn()}, dependent SSN {c.ssn()}. group number {c.neg('member_id')}.\n"
            f"employee contact {c.email(p, 'personal')} / {c.phone()}")


def h_password_reset_email(c):
    p = c.person()
    return (f"Hello,\n\nI'm locked out of my {c.ch(['email', 'Office 365', 'payroll portal', 'VPN'])} account. My username is {c.email(p, 'work')} "
            f"and my mobile for the code is {c.phone()}. I tried from home ({c.ip(c.ch(['pub', 'v6']))}) and it says too many attempts.\n\n"
            f"Sorry for the hassle,\n{p.first}")


def h_clinic_phone(c):
    pat = c.person("US")
    return (f"Patient called the clinic line by mistake asking for billing. {pat.full}, dob {c.dob()}, MRN {c.mrn()}. "
            f"Gave her the billing office number {c.phone()}. Her own number is {c.phone()}. "
            f"Not our issue - closing, ref {c.neg('ticket_ref')}.")


def h_payer_portal(c):
    pat, doc = c.person("US"), c.person("US")
    return (f"Bluestem Health Plan provider portal\n\n"
            f"Provider office can't submit prior auth for member {c.neg('member_id')} (patient DOB {c.dob()}). Rendering NPI {c.npi()}, "
            f"billing NPI {c.npi()}. The portal rejects {c.npi_bad()} as 'invalid NPI' - that's a typo in their template, it fails the check. "
            f"The claim control number on the last EOB is {c.npi_ref()} and the claim is {c.neg('claim_number')}. "
            f"Office contact {doc.full} {c.phone()}.")


def h_card_update_uk(c):
    p = c.person("UK")
    return (f"Dear Sir/Madam,\n\nPlease update the direct debit for our account to {c.iban('GB')}, sort code {c.neg('sort_code')}. "
            f"Our card for ad-hoc invoices is now {c.card()}.\nAny questions ring me on {c.phone(cc='GB')} or email {c.email(p)}.\n\n"
            f"Yours faithfully,\n{p.full}\n{c.client[0]}")


def h_dea_renewal(c):
    doc = c.person("US")
    return (f"Dr. {doc.full} ({c.email(doc, 'work')}) renewed DEA registration {c.dea(doc.last)}; pls update the EPCS token profile "
            f"and the e-prescribing directory. State license {c.neg('state_license')}. NPI stays {c.npi()}. "
            f"The old cert expired {c.date()}.")


def h_sftp_key(c):
    p = c.person()
    return (f"{p.first} emailed their SFTP key for the payroll file drop, pasting here so the next tech can install it (then delete this note!):\n\n"
            f"{c.pem(c.ch(['rsa', 'openssh', 'pkcs8']))}\n\npublic part for authorized_keys:\n{c.ssh_pub(p)}\n"
            f"server {c.ip('priv')}, user {ascii_fold(p.first)}.sftp")


def h_dev_offboarding(c):
    dev = c.person()
    return (f"contractor offboarding - {dev.full} ({c.email(dev, c.ch(['work', 'personal']))})\n"
            f"- revoke his PAT {c.gh('ghp')} (found in the team wiki, ugh)\n"
            f"- deactivate IAM key {c.aws()} on account {c.neg('aws_account_id')}\n"
            f"- the deploy key he left on the shared drive, rotate on the build box {c.ip('priv')}:\n{c.pem(c.ch(['openssh', 'ec', 'rsa']))}\n"
            f"- keep commit history, last commit {c.neg('git_sha')}\n"
            f"done by {c.tech.first} {c.date()}")


HUMAN_EN = [
    # name, fn, category, queue, region, weight
    ("billing_dispute", h_billing_dispute, "customer_email", "finance", "US", 14),
    ("tech_terse_mfa", h_tech_terse_mfa, "tech_note", "msp_internal", "US", 14),
    ("handover", h_handover, "handover_note", "msp_internal", "US", 10),
    ("onboarding", h_onboarding, "hr_request", "hr_payroll", "US", 14),
    ("offboarding", h_offboarding, "hr_request", "hr_payroll", "US", 8),
    ("payroll_bank_change", h_payroll_bank_change, "customer_email", "hr_payroll", "US", 10),
    ("clinic_ehr", h_clinic_ehr, "tech_note", "health_us", "US", 12),
    ("pharmacy", h_pharmacy, "tech_note", "health_us", "US", 14),
    ("nhs_trust", h_nhs_trust, "call_summary", "nhs_trust", "UK", 16),
    ("nhs_staff", h_nhs_staff, "tech_note", "nhs_trust", "UK", 12),
    ("porting", h_porting, "tech_note", "telecom", "US", 8),
    ("chat", h_chat, "chat_log", "finance", "US", 9),
    ("call_summary", h_call_summary, "call_summary", "hr_payroll", "US", 9),
    ("signature_email", h_signature_email, "customer_email", "finance", "US", 7),
    ("ach_dispute", h_ach_dispute, "customer_email", "finance", "US", 9),
    ("readback", h_readback, "agent_reply", "finance", "US", 9),
    ("security_incident", h_security_incident, "escalation", "saas_devops", "US", 13),
    ("forward_chain", h_forward_chain, "customer_email", "msp_internal", "US", 7),
    ("benefits", h_benefits, "hr_request", "hr_payroll", "US", 8),
    ("password_reset_email", h_password_reset_email, "customer_email", "msp_internal", "UK", 8),
    ("clinic_phone", h_clinic_phone, "tech_note", "health_us", "US", 7),
    ("payer_portal", h_payer_portal, "tech_note", "health_us", "US", 9),
    ("card_update_uk", h_card_update_uk, "customer_email", "finance", "UK", 7),
    ("dea_renewal", h_dea_renewal, "tech_note", "health_us", "US", 10),
    ("sftp_key", h_sftp_key, "tech_note", "saas_devops", "US", 9),
    ("dev_offboarding", h_dev_offboarding, "hr_request", "saas_devops", "US", 11),
]


# ---------------------------------------------------------------------------------------------------------------
# English templates, machine text pasted into notes
# ---------------------------------------------------------------------------------------------------------------

def m_webhook_json(c):
    p = c.person()
    return (f"Stripe-style webhook the client's billing app keeps rejecting (pasted from their log):\n"
            f'{{"id":"{N("request_id", "evt_" + c.alnum(20, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))}","type":"invoice.payment_failed",'
            f'"created":{c.ts("epoch")},"data":{{"customer_email":"{c.email(p)}","customer_phone":"{c.phone("e164", "US")}",'
            f'"card":{{"brand":"visa","last4":"{c.dg(4)}","exp":"{c.expiry()}"}},"amount_due":{c.ri(100, 9999)},'
            f'"client_ip":"{c.ip("pub")}","invoice":"{c.neg("invoice_number")}"}}}}\n'
            f"Their endpoint returns 400 'signature mismatch'. Secret rotated {c.date()}.")


def m_hris_yaml(c):
    p = c.person("US")
    return (f"HRIS -> payroll connector dead-lettered this new-hire event ({c.ts('iso')}):\n"
            f"```yaml\nevent: worker.hired\nworker:\n  id: {c.neg('employee_id')}\n  legal_name: \"{p.full}\"\n"
            f"  ssn: \"{c.ssn('dash')}\"\n  birth_date: {c.dob('iso')}\n  work_email: {c.email(p, 'work')}\n"
            f"  mobile: \"{c.phone('e164', 'US')}\"\n  hire_date: {c.date('iso')}\n  bank:\n    routing: \"{c.aba()}\"\n"
            f"    account: \"{c.acct()}\"\n    type: checking\n```\nerror: `field bank.account_type missing`. Asked vendor to fix the mapping.")


def m_x12(c):
    pat, doc = c.person("US"), c.person("US")
    return (f"271 eligibility response the clearinghouse sent back (segments):\n"
            f"ISA*00*          *00*          *ZZ*BLUESTEM       *ZZ*STAUBREY       *{N('date_other', str(c.ri(24, 26)) + str(c.ri(10, 12)) + str(c.ri(10, 28)))}*{c.ri(10, 23)}{c.ri(10, 59)}*^*{N('version_string', '00501')}*{c.neg('x12_control_number')}*0*P*:~\n"
            f"NM1*1P*2*{c.client[0].upper()}*****XX*{c.npi()}~\n"
            f"NM1*IL*1*{pat.last.upper()}*{pat.first.upper()}****MI*{c.neg('member_id')}~\n"
            f"REF*EA*{c.mrn(c.ch(['d8', 'd7', 'letter']))}~\n"
            f"DMG*D8*{c.dob('x12')}*{c.ch('FM')}~\n"
            f"DTP*291*D8*{N('date_other', c.fmt_date(*c._ymd(2025, 2026), 'x12'))}~\n"
            f"EB*6**30~\n"
            f"Note: REF*EA is the patient's MRN at the clinic, DMG is the date of birth. EB*6 = inactive, that's the real problem.")


def m_http_request(c):
    p = c.person()
    return (f"Request the CRM sync makes (from their proxy log, {c.ts('iso')}):\n"
            f"GET /api/v3/contacts/search?email={c.email_urlenc(p)}&phone={c.phone_urlenc()}&limit=1 HTTP/1.1\n"
            f"Host: api.{c.client[1]}\nX-Forwarded-For: {c.ip(c.ch(['pub', 'v6']))}, {c.ip('priv')}\nX-Request-Id: {c.neg('uuid')}\n"
            f"User-Agent: ferrowind-sync/{c.neg('version_string')}\nAccept: application/json\n\n"
            f"HTTP/1.1 404 Not Found\nContent-Type: application/json\n\n{{\"error\":\"no contact matches\"}}\n"
            f"The contact exists as {c.email(p)} - looks like they double-encode the at-sign.")


def m_http_response(c):
    p = c.person()
    return (f"POST /v1/employees HTTP/1.1\nHost: payroll-api.{c.client[1]}\nContent-Type: application/json\nX-Correlation-Id: {c.neg('request_id')}\n\n"
            f'{{"first_name":"{p.first}","last_name":"{p.last}","ssn":"{c.ssn("plain")}","dob":"{c.dob("iso")}","email":"{c.email(p, "personal")}"}}\n\n'
            f"HTTP/1.1 422 Unprocessable Entity\n"
            f'{{"errors":[{{"field":"ssn","message":"duplicate"}}],"trace":"{c.neg("uuid")}"}}\n'
            f"-> vendor says the SSN is already on another employee, asked HR to check.")


def m_stacktrace(c):
    p = c.person("US")
    return (f"Exception from the payroll export job, build {c.neg('version_string')}:\n\n"
            f"com.tessaline.payroll.ach.InvalidRoutingException: routing number '{c.aba_bad()}' failed checksum for employee {c.neg('employee_id')} "
            f"(fallback routing {c.aba()} on file)\n"
            f"\tat com.tessaline.payroll.ach.AchValidator.validate(AchValidator.java:{c.ri(40, 400)})\n"
            f"\tat com.tessaline.payroll.export.NachaWriter.write(NachaWriter.java:{c.ri(40, 400)})\n"
            f"\tat java.base/java.lang.Thread.run(Thread.java:{c.ri(800, 1600)})\n"
            f"Caused by: contact {c.email(p, 'work')} flagged for review\n\n"
            f"checked with the bank: the first one is a typo, second is right.")


def m_crm_sync_log(c):
    ps = [c.person() for _ in range(3)]
    lines = []
    for p in ps:
        lines.append(f"{c.ts('log')} WARN  sync.contact  op=upsert id={c.neg('uuid')} email={c.email(p)} phone=\"{c.phone()}\" err=\"duplicate key\"")
    lines.append(f"{c.ts('log')} INFO  sync.contact  skipped masked record email={c.masked_email()} phone={c.masked_phone()}")
    lines.append(f"{c.ts('log')} ERROR sync.run  aborted after {c.ri(3, 40)} errors host={c.host_ip()} src={c.ip('priv')}")
    return "Sync errors from the HubSpot -> ConnectWise contact sync:\n" + "\n".join(lines)


def m_rmm_alert(c):
    host = f"{c.ch(['QF', 'HD', 'CV', 'LH'])}-{c.ch(['DC01', 'FS02', 'SQL01', 'RDS03', 'FW01'])}"
    return (f"[RMM ALERT] {c.ch(['CRITICAL', 'WARNING'])} {host} - {c.ch(['CPU > 95% for 15m', 'Service MSSQLSERVER stopped', 'Disk C: 3% free', 'Offline'])}\n"
            f"Client: {c.client[0]}\nDevice IP: {c.ip('priv')}  Public IP: {c.ip(c.ch(['pub', 'v6']))}\nMAC: {c.neg('mac_address')}\n"
            f"Agent version: {c.ver_ip()}  OS build: {c.neg('version_string')}\nSNMP OID: {c.neg('oid')}\n"
            f"Gateway: {c.ip('priv')}  Mask: {c.sub_mask()}\nFirst seen: {c.ts('iso')}  Alert id: {c.neg('uuid')}")


def m_env_paste(c):
    return (f"cx pasted their .env into the ticket (asked them to rotate everything):\n```\n"
            f"APP_ENV=production\nDB_HOST={c.ip('priv')}\nDB_PORT={c.ch(['5432', '3306'])}\n"
            f"AWS_ACCESS_KEY_ID={c.aws()}\nAWS_SECRET_ACCESS_KEY={c.aws_secret()}\nAWS_REGION=us-east-2\n"
            f"GITHUB_TOKEN={c.gh()}\nSTRIPE_KEY={N('vendor_test_key', 'sk_test_' + c.alnum(24, B62))}\n"
            f"JWT_PRIVATE_KEY=\"{c.pem(c.ch(['rsa', 'ec']), escaped=True)}\"\n"
            f"SUPPORT_EMAIL={c.role_email('helpdesk')}\n```")


def m_config_paste(c):
    return (f"nginx + app config from {c.client[0]}'s VM ({c.ip('priv')}), for the TLS issue:\n\n"
            f"server {{\n  listen 443 ssl;\n  server_name portal.{c.client[1]};\n  ssl_certificate /etc/ssl/portal.crt;\n"
            f"  ssl_certificate_key /etc/ssl/portal.key;\n  allow {c.ip('pub')};\n  deny all;\n}}\n\n"
            f"portal.key (they sent the private key, ugh):\n{c.pem()}\n\nportal.crt:\n{c.cert()}")


def m_csv_import(c):
    rows = []
    for _ in range(c.ri(2, 4)):
        p = c.person("US")
        rows.append(f"{p.first},{p.last},{c.email(p, 'personal')},{c.phone('dash', 'US')},{c.dob('iso')},{c.ssn('dash')}")
    return (f"Import preview (first rows of new_hires_{c.date('iso')}.csv), rejected because of a header typo:\n"
            f"first_name,last_name,email,phone,dob,ssn\n" + "\n".join(rows) +
            "\n\nheader has 'dob' but the importer expects 'birth_date'.")


def m_tsv_billing(c):
    rows = []
    for _ in range(c.ri(2, 4)):
        rows.append(f"{c.neg('invoice_number')}\t{c.card()}\t{c.expiry()}\t{c.neg('amount')}\t{c.email()}")
    if c.rng.random() < 0.6:
        rows.append(f"{c.neg('invoice_number')}\t{c.test_card()}\t{c.expiry()}\t{c.neg('amount')}\t{c.placeholder_email()}")
    return ("Failed card batch (TSV export, test row at the end was left in by the vendor):\ninvoice\tcard_number\texp\tamount\tcontact\n"
            + "\n".join(rows))


def m_pipe_patients(c):
    rows = []
    for _ in range(c.ri(2, 4)):
        p = c.person("US")
        rows.append(f"{c.mrn()}|{p.last}|{p.first}|{c.dob('mdy')}|{c.phone('dash', 'US')}|{c.neg('member_id')}")
    return ("Pipe-delimited appointment-reminder file that failed to load (header + rows):\nmrn|last|first|dob|phone|member_id\n"
            + "\n".join(rows) + f"\nloader error: line {len(rows) + 1}: unexpected EOF")


def m_fixed_width(c):
    lines = []
    for _ in range(c.ri(2, 3)):
        p = c.person("US")
        name = (p.last.upper() + " " + p.first.upper())[:20].ljust(20)
        lines.append(f"622 {c.aba()} {c.acct()} {N('amount', c.clean(lambda: c.dg(10, '0')))} {name} {N('ach_trace_number', c.clean(lambda: c.dg(15)))}")
    return ("Fixed-width entry lines from the payroll ACH file (cols: txn code, routing, account, amount in cents, name, trace):\n"
            + "\n".join(lines) + "\nBank rejected the file at the batch header, not these lines.")


def m_email_headers(c):
    p, q = c.person(), c.person()
    return (f"Headers of the phishing report:\n"
            f"Return-Path: <{c.email(p, 'work')}>\nReceived: from mail-relay ({c.ip(c.ch(['pub', 'v6']))}) by mx.{c.client[1]} with ESMTPS; {c.ts('iso')}\n"
            f"From: \"{p.full}\" <{c.email(p, 'work')}>\nTo: {c.email(q, 'work')}\nReply-To: {c.email(p, 'personal')}\n"
            f"Message-ID: {c.msgid()}\nX-Originating-IP: [{c.ip('pub')}]\nSubject: Updated payment details\n\n"
            f"Reply-To doesn't match From - classic. Blocked sender domain.")


def m_cloudtrail(c):
    return (f"CloudTrail event (trimmed):\n"
            f'{{"eventTime":"{c.ts("iso")}","eventName":"CreateAccessKey","userIdentity":{{"arn":"{c.arn()}",'
            f'"accessKeyId":"{c.aws()}"}},"sourceIPAddress":"{c.ip(c.ch(["pub", "v6"]))}","responseElements":{{"accessKey":{{"accessKeyId":"{c.aws()}","status":"Active"}}}},'
            f'"requestID":"{c.neg("uuid")}"}}\n'
            f"Key created outside change window - disabled both, ticket {c.neg('ticket_ref')}.")


def m_ci_log(c):
    return (f"CI log excerpt (runner {c.host_ip()}):\n"
            f"{c.ts('iso')} Run git fetch --depth=1 origin {c.neg('git_sha')}\n"
            f"{c.ts('iso')} ##[debug] header: Authorization: token {c.gh(c.ch(['ghs', 'ghp']))}\n"
            f"{c.ts('iso')} ##[debug] env AWS_ACCESS_KEY_ID={c.aws()} AWS_DEFAULT_REGION=eu-west-1\n"
            f"{c.ts('iso')} ##[error] Process completed with exit code 128.\n"
            f"masking didn't work because the token was echoed by their own script. Rotated.")


def m_hl7(c):
    pat, doc = c.person("US"), c.person("US")
    return (f"HL7 ADT from the interface engine (PID segment wrong):\n"
            f"MSH|^~\\&|EPIC|STAUBREY|LAB|PINECREST|{c.ts('compact')}||ADT^A08|{c.neg('x12_control_number')}|P|2.5.1\n"
            f"PID|1||{c.mrn()}^^^STAUBREY^MR||{pat.last.upper()}^{pat.first.upper()}||{c.dob('x12')}|{c.ch('FM')}|||"
            f"^^^^{c.neg('zip_code')}||^PRN^PH^^^{c.phone('dash', 'US')}\n"
            f"PV1|1|O|||||{c.npi()}^{doc.last.upper()}^{doc.first.upper()}\n"
            f"PID-3 is the MRN, PID-7 the birth date, PV1-7 the attending NPI.")


def m_sip_trace(c):
    return (f"SIP trace from the hosted PBX for the porting test:\n"
            f"INVITE tel:{c.phone('e164', 'US')} SIP/2.0\n"
            f"Via: SIP/2.0/UDP {c.ip('pub')}:5060;branch=z9hG4bK{c.alnum(8, 'abcdefghijkmnpqrstuvwxyz')}\n"
            f"From: <tel:{c.phone('e164', 'US')}>;tag={c.alnum(8, 'abcdefghijkmnpqrstuvwxyz')}\n"
            f"Call-ID: {c.neg('uuid')}\n"
            f"SIP/2.0 404 Not Found  <- number not yet ported, FOC {c.date()}")


def m_fhir_patient(c):
    pat = c.person("UK")
    return (f"FHIR Patient resource the trust's PAS integration posted (rejected with 422, duplicate identifier):\n"
            f'{{"resourceType":"Patient","id":"{c.neg("uuid")}","identifier":[{{"system":"https://fhir.nhs.uk/Id/nhs-number",'
            f'"value":"{c.nhs("compact")}"}}],"name":[{{"family":"{pat.last}","given":["{pat.first}"]}}],'
            f'"telecom":[{{"system":"phone","value":"{c.phone("e164", "GB")}","use":"mobile"}},{{"system":"email","value":"{c.email(pat, "personal")}"}}],'
            f'"birthDate":"{c.dob("iso")}","address":[{{"postalCode":"{c.neg("uk_postcode")}"}}],'
            f'"generalPractitioner":[{{"identifier":{{"value":"{c.neg("ods_code")}"}}}}]}}\n'
            f"meta.lastUpdated {c.ts('iso')}; the other record has NHS number {c.nhs()} - same person, merged by the records team.")


def m_epcs_audit(c):
    docs = [c.person("US") for _ in range(2)]
    lines = []
    for d in docs:
        lines.append(f"{c.ts('log')} AUDIT epcs.sign prescriber=\"{d.last}, {d.first}\" dea={c.dea(d.last)} npi={c.npi()} "
                     f"rx={c.neg('rx_number')} result={c.ch(['DENIED', 'OK', 'TOKEN_MISMATCH'])} ws={c.ip('priv')}")
    lines.append(f"{c.ts('log')} AUDIT epcs.sign prescriber=\"{docs[0].last}, {docs[0].first}\" dea={c.masked_dea()} result=DENIED reason=masked_in_profile")
    return "EPCS audit export for the pharmacy ticket (two-factor token failures):\n" + "\n".join(lines)


MACHINE_EN = [
    ("webhook_json", m_webhook_json, "webhook_payload", "finance", "US", 10),
    ("hris_yaml", m_hris_yaml, "webhook_payload", "hr_payroll", "US", 9),
    ("x12", m_x12, "integration_log", "health_us", "US", 9),
    ("http_request", m_http_request, "http_dump", "msp_internal", "US", 10),
    ("http_response", m_http_response, "http_dump", "hr_payroll", "US", 8),
    ("stacktrace", m_stacktrace, "stack_trace", "hr_payroll", "US", 8),
    ("crm_sync_log", m_crm_sync_log, "integration_log", "msp_internal", "US", 9),
    ("rmm_alert", m_rmm_alert, "rmm_alert", "msp_internal", "US", 10),
    ("env_paste", m_env_paste, "config_paste", "saas_devops", "US", 11),
    ("config_paste", m_config_paste, "config_paste", "saas_devops", "US", 10),
    ("csv_import", m_csv_import, "csv_preview", "hr_payroll", "US", 8),
    ("tsv_billing", m_tsv_billing, "csv_preview", "finance", "US", 7),
    ("pipe_patients", m_pipe_patients, "csv_preview", "health_us", "US", 8),
    ("fixed_width", m_fixed_width, "batch_file", "hr_payroll", "US", 7),
    ("email_headers", m_email_headers, "email_headers", "msp_internal", "US", 7),
    ("cloudtrail", m_cloudtrail, "webhook_payload", "saas_devops", "US", 9),
    ("ci_log", m_ci_log, "integration_log", "saas_devops", "US", 10),
    ("hl7", m_hl7, "integration_log", "health_us", "US", 8),
    ("sip_trace", m_sip_trace, "integration_log", "telecom", "US", 5),
    ("fhir_patient", m_fhir_patient, "webhook_payload", "nhs_trust", "UK", 9),
    ("epcs_audit", m_epcs_audit, "integration_log", "health_us", "US", 8),
]


# ---------------------------------------------------------------------------------------------------------------
# benign templates (no positive at all)
# ---------------------------------------------------------------------------------------------------------------

def b_masked_billing(c):
    return (f"Billing check for {c.client[0]}: card on file {c.masked_card()} (exp {c.expiry()}), invoice {c.neg('invoice_number')} "
            f"for {c.neg('amount')} paid {c.date()}. Contact on file {c.masked_email()} / {c.masked_phone()}. Nothing to do, closing {c.neg('ticket_ref')}.")


def b_test_cards(c):
    return (f"sandbox checkout works again after the {c.neg('version_string')} release. tested w/ test card {c.test_card()} and "
            f"{c.test_card()} (declines as expected), auth code {c.neg('auth_code')}. order {c.neg('order_number')} created in test mode only. "
            f"prod untouched.")


def b_doc_keys(c):
    return (f"How-to for the client's devs (KB draft): set AWS_ACCESS_KEY_ID to your own key id, e.g. the docs use "
            f"{N('aws_example_key', 'AKIAIOSFODNN7EXAMPLE')}; never commit it. A GitHub token looks like {c.gh_bad()} (that one is made up, "
            f"the checksum is wrong). Contact {c.placeholder_email()} in the template must be replaced. Account placeholder {c.neg('aws_account_id')}.")


def b_refs(c):
    return (f"Status {c.date()}: order {c.neg('order_number')} shipped, tracking {c.neg('tracking_number')}, merchant reference "
            f"{c.neg('luhn_fail_16')}; invoice {c.neg('invoice_number')} "
            f"({c.neg('amount')}); SKU {c.neg('sku')}. Firmware {c.neg('version_string')} on serial {c.neg('serial_number')}. "
            f"Related tickets {c.neg('ticket_ref')} and {c.neg('ticket_ref')}.")


def b_monitoring(c):
    return (f"RMM: agent {c.ver_ip()} rolled out to all {c.client[0]} endpoints. Health check binds {c.loopback()}, "
            f"mask {c.sub_mask()}, the KB example uses {c.doc_ip()}. Some devices report {c.bad_octet_ip()} (octet > 255, bad DHCP "
            f"option, ignore). MAC {c.neg('mac_address')}, OID {c.neg('oid')}, external {c.masked_ip()}. Change {c.neg('uuid')}.")


def b_health_masked(c):
    return (f"Member {c.neg('member_id')} called about claim {c.neg('claim_number')}. Patient DOB {c.masked_dob()}, MRN {c.masked_mrn()}, "
            f"NPI {c.masked_npi()}, DEA {c.masked_dea()} - values masked in the portal export, as they should be. Rx {c.neg('rx_number')}, "
            f"encounter {c.neg('encounter_number')}, appointment {c.date()}.")


def b_nhs_masked(c):
    return (f"Trust asked us to confirm the portal export is masked: NHS numbers show as {c.masked_nhs()}, DOB as {c.masked_dob()}. "
            f"Practice {c.neg('ods_code')}, postcode {c.neg('uk_postcode')}. A test row with NHS no. {c.nhs_bad()} (fails mod 11) is in the sample file. "
            f"Change freeze until {c.date()}.")


def b_iban_docs(c):
    return (f"Finance asked where to find the IBAN format: the bank's guide uses {c.doc_iban()} as its example. Their real account "
            f"is masked in the ERP as {c.masked_iban()}; BIC {c.neg('bic')}. The vendor's typo {c.bad_iban()} fails the checksum. Routing "
            f"{N('masked_routing', '*****' + c.dg(4))}.")


def b_pass_lookalikes(c):
    return (f"Reconciliation notes: contract number {c.luhn16_contract()} (yes it looks like a card, it's the leasing contract), "
            f"IMEI {c.imei()} for the replacement handset, ACH batch number {c.aba_batch()}, remittance claim control number {c.npi_ref()}. "
            f"Rejected SSN {c.ssn_bad()} on the W-9 (invalid area), ITIN {c.itin()} is the contractor's. Timestamp {c.ts()}.")


def b_secrets_redacted(c):
    return (f"Reminder for the team: we removed the key from {c.neg('ticket_ref')}. What's left in the note is\n{c.redacted_key()}\n"
            f"and the public cert\n{c.cert()}\nToken shown as {c.masked_token()}. Commit {c.neg('git_sha')}.")


BENIGN_EN = [
    ("b_masked_billing", b_masked_billing, "tech_note", "finance", "US", 10, "human"),
    ("b_test_cards", b_test_cards, "tech_note", "finance", "US", 9, "human"),
    ("b_doc_keys", b_doc_keys, "kb_draft", "saas_devops", "US", 7, "human"),
    ("b_refs", b_refs, "tech_note", "msp_internal", "US", 8, "human"),
    ("b_monitoring", b_monitoring, "rmm_alert", "msp_internal", "US", 9, "machine"),
    ("b_health_masked", b_health_masked, "call_summary", "health_us", "US", 8, "human"),
    ("b_nhs_masked", b_nhs_masked, "tech_note", "nhs_trust", "UK", 6, "human"),
    ("b_iban_docs", b_iban_docs, "customer_email", "finance", "UK", 6, "human"),
    ("b_pass_lookalikes", b_pass_lookalikes, "tech_note", "finance", "US", 8, "human"),
    ("b_secrets_redacted", b_secrets_redacted, "config_paste", "saas_devops", "US", 6, "machine"),
]


# ---------------------------------------------------------------------------------------------------------------
# non-English templates (phrases per language; values localised by Ctx)
# ---------------------------------------------------------------------------------------------------------------

LOC = {
    "de": dict(
        hr="Betreff: Neue Mitarbeiterin/neuer Mitarbeiter – Lohnabrechnung\n\nHallo zusammen,\nbitte legt {name} im Lohnsystem an, Eintritt am {start}.\nGeburtsdatum: {dob}\nIBAN: {iban}\nMobil: {phone}\nPrivate E-Mail: {email}\nPersonalnummer: {empid}\n\nViele Grüße\n{sender}",
        bill="Guten Tag,\nuns wurde die Rechnung {inv} ({amount}) doppelt von der Firmenkarte {card} abgebucht. Im Portal steht nur die Karte {masked}. Bitte erstatten Sie den Betrag auf unser Konto {iban}.\nRückruf bitte unter {phone}.\n\nMit freundlichen Grüßen\n{sender}\n{email}",
        it="PW-Reset f. {email} – Benutzer seit {date} gesperrt. Rückruf an {phone} ok, letzte Anmeldung von {ip}. Ticket {ref}, erl.",
        benign="Kurze Info zu Ticket {ref}: Rechnung {inv} vom {date} ist bezahlt, Karte {masked}, Konto {miban}. Version {ver} ist ausgerollt. Rückfragen bitte über das Portal."),
    "fr": dict(
        hr="Objet : nouvel embauché – paie\n\nBonjour,\nmerci de créer {name} dans la paie, arrivée le {start}.\nNé(e) le : {dob}\nIBAN : {iban}\nPortable : {phone}\nE-mail perso : {email}\nMatricule : {empid}\n\nCordialement,\n{sender}",
        bill="Bonjour,\nla facture {inv} ({amount}) a été débitée deux fois sur notre carte {card}. Le portail n'affiche que la carte {masked}. Merci de rembourser sur le compte {iban}.\nVous pouvez me joindre au {phone}.\n\nBien cordialement,\n{sender}\n{email}",
        it="Réinit. mot de passe pour {email} – compte bloqué depuis le {date}. Rappel au {phone} vérifié, dernière connexion depuis {ip}. Ticket {ref}.",
        benign="Pour info, ticket {ref} : la facture {inv} du {date} est réglée, carte {masked}, compte {miban}. La version {ver} est déployée."),
    "es": dict(
        hr="Asunto: alta de nuevo empleado\n\nHola,\npor favor dad de alta a {name} en nómina, empieza el {start}.\nFecha de nacimiento: {dob}\nIBAN: {iban}\nMóvil: {phone}\nCorreo personal: {email}\nN.º de empleado: {empid}\n\nUn saludo,\n{sender}",
        bill="Buenos días:\nnos han cobrado dos veces la factura {inv} ({amount}) en la tarjeta {card}. En el portal solo aparece la tarjeta {masked}. Por favor, devuelvan el importe a la cuenta {iban}.\nMi teléfono: {phone}.\n\nAtentamente,\n{sender}\n{email}",
        it="Reseteo de contraseña para {email}: usuario bloqueado desde el {date}. Verificado por llamada al {phone}, último acceso desde {ip}. Ticket {ref}.",
        benign="Nota sobre el ticket {ref}: la factura {inv} del {date} está pagada, tarjeta {masked}, cuenta {miban}. Versión {ver} desplegada."),
    "it": dict(
        hr="Oggetto: nuovo assunto – cedolino\n\nCiao a tutti,\nper favore inserite {name} nel sistema paghe, inizia il {start}.\nData di nascita: {dob}\nIBAN: {iban}\nCellulare: {phone}\nE-mail personale: {email}\nMatricola: {empid}\n\nGrazie,\n{sender}",
        bill="Buongiorno,\nla fattura {inv} ({amount}) è stata addebitata due volte sulla carta aziendale {card}. Nel portale vediamo solo la carta {masked}. Vi preghiamo di rimborsare sul conto {iban}.\nRecapito: {phone}.\n\nCordiali saluti,\n{sender}\n{email}",
        it="Reset password per {email}: utente bloccato dal {date}. Verificato richiamando il {phone}, ultimo accesso da {ip}. Ticket {ref}.",
        benign="Aggiornamento ticket {ref}: fattura {inv} del {date} pagata, carta {masked}, conto {miban}. Versione {ver} rilasciata."),
    "nl": dict(
        hr="Onderwerp: nieuwe medewerker – salarisadministratie\n\nHoi,\nwillen jullie {name} aanmaken in de salarisadministratie? Start op {start}.\nGeboortedatum: {dob}\nIBAN: {iban}\nMobiel: {phone}\nPrivé e-mail: {email}\nPersoneelsnummer: {empid}\n\nGroet,\n{sender}",
        bill="Goedemiddag,\nfactuur {inv} ({amount}) is twee keer afgeschreven van onze creditcard {card}. In het portaal staat alleen kaart {masked}. Graag terugstorten op rekening {iban}.\nBel me gerust op {phone}.\n\nMet vriendelijke groet,\n{sender}\n{email}",
        it="Wachtwoord reset voor {email}: account geblokkeerd sinds {date}. Teruggebeld op {phone}, laatste login vanaf {ip}. Ticket {ref}.",
        benign="Ter info, ticket {ref}: factuur {inv} van {date} is betaald, kaart {masked}, rekening {miban}. Versie {ver} is uitgerold."),
    "pt": dict(
        hr="Assunto: novo colaborador – processamento salarial\n\nOlá,\npor favor registem {name} no sistema de salários, começa a {start}.\nData de nascimento: {dob}\nIBAN: {iban}\nTelemóvel: {phone}\nE-mail pessoal: {email}\nN.º de colaborador: {empid}\n\nObrigado,\n{sender}",
        bill="Bom dia,\na fatura {inv} ({amount}) foi cobrada duas vezes no cartão {card}. No portal só aparece o cartão {masked}. Por favor reembolsem para a conta {iban}.\nContacto: {phone}.\n\nCumprimentos,\n{sender}\n{email}",
        it="Reposição de palavra-passe para {email}: conta bloqueada desde {date}. Confirmado por chamada para {phone}, último acesso de {ip}. Ticket {ref}.",
        benign="Nota sobre o ticket {ref}: fatura {inv} de {date} paga, cartão {masked}, conta {miban}. Versão {ver} instalada."),
    "sv": dict(
        hr="Ämne: ny medarbetare – lön\n\nHej,\nkan ni lägga upp {name} i lönesystemet? Börjar {start}.\nFödelsedatum: {dob}\nIBAN: {iban}\nMobil: {phone}\nPrivat e-post: {email}\nAnställningsnummer: {empid}\n\nMvh\n{sender}",
        bill="Hej,\nfaktura {inv} ({amount}) har dragits två gånger från vårt kort {card}. I portalen syns bara kortet {masked}. Vänligen återbetala till konto {iban}.\nNå mig på {phone}.\n\nVänliga hälsningar,\n{sender}\n{email}",
        it="Lösenordsåterställning för {email}: kontot låst sedan {date}. Återuppringning till {phone} ok, senaste inloggning från {ip}. Ärende {ref}.",
        benign="Info om ärende {ref}: faktura {inv} från {date} är betald, kort {masked}, konto {miban}. Version {ver} är utrullad."),
    "cs": dict(
        hr="Předmět: nový zaměstnanec – mzdy\n\nDobrý den,\nprosím založte {name} do mzdového systému, nástup {start}.\nDatum narození: {dob}\nIBAN: {iban}\nMobil: {phone}\nSoukromý e-mail: {email}\nOsobní číslo: {empid}\n\nDěkuji,\n{sender}",
        bill="Dobrý den,\nfaktura {inv} ({amount}) nám byla stržena dvakrát z firemní karty {card}. Na portálu vidíme jen kartu {masked}. Prosím vraťte částku na účet {iban}.\nTelefon: {phone}.\n\nS pozdravem\n{sender}\n{email}",
        it="Reset hesla pro {email}: účet zablokován od {date}. Ověřeno zpětným voláním na {phone}, poslední přihlášení z {ip}. Tiket {ref}.",
        benign="Info k tiketu {ref}: faktura {inv} ze dne {date} je uhrazena, karta {masked}, účet {miban}. Verze {ver} nasazena."),
}


def loc_fill(c, key):
    p, s = c.person(), c.person()
    em = c.email(p, c.ch(["personal", "work", "plus"]))
    vals = dict(name=p.full, start=c.date(y0=2025, y1=2026), dob=c.dob(), iban=c.iban(), phone=c.phone(), email=em,
                empid=c.neg("employee_id"), sender=s.full if key != "bill" else p.full, inv=c.neg("invoice_number"),
                amount=c.neg("amount"), card=c.card(), masked=c.masked_card(), date=c.date(), ip=c.ip(c.ch(["pub", "priv"])),
                ref=c.neg("ticket_ref"), miban=c.masked_iban(LANG_CC[c.lang]), ver=c.neg("version_string"))
    return LOC[c.lang][key].format(**vals)


def l_hr(c):
    return loc_fill(c, "hr")


def l_bill(c):
    return loc_fill(c, "bill")


def l_it(c):
    return loc_fill(c, "it")


def l_benign(c):
    return loc_fill(c, "benign")


LOC_TEMPLATES = [("loc_hr", l_hr, "hr_request", "hr_payroll", 4), ("loc_bill", l_bill, "customer_email", "finance", 4),
                 ("loc_it", l_it, "tech_note", "msp_internal", 3)]


# ---------------------------------------------------------------------------------------------------------------
# per-document self-check (used while generating and again by --check)
# ---------------------------------------------------------------------------------------------------------------

def doc_problems(text, spans, negs):
    """spans: (cs, ce, entity, fmt); negs: (cs, ce, kind). Character offsets."""
    probs = []
    items = sorted([(s, e, "P") for s, e, *_ in spans] + [(s, e, "N") for s, e, _ in negs])
    for (a0, a1, _), (b0, b1, _) in zip(items, items[1:]):
        if b0 < a1:
            probs.append(f"overlap at {a0}-{a1} / {b0}-{b1}")
    for s, e, *_ in items:
        if e <= s:
            probs.append(f"empty span {s}")
        if (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
            probs.append(f"glued value {text[max(0, s - 3):e + 3]!r}")
    for s, e, ent, fmt in spans:
        v = text[s:e]
        if not VALIDATORS[ent](v):
            probs.append(f"invalid {ent} {v!r}")
        if ent == "US_DEA":
            words = {ascii_fold(w)[:1].upper() for w in re.findall(r"[A-Z][a-zà-ÿ]+", text)}
            if v[1] not in words:
                probs.append(f"DEA {v} without a surname initial {v[1]} in the text")
    for s, e, k in negs:
        if k not in KINDS:
            probs.append(f"unknown kind {k}")
        elif not kind_claim_ok(k, text[s:e]):
            probs.append(f"negative {k} {text[s:e]!r} breaks its claim ({checks(text[s:e])})")
    pos = [(s, e) for s, e, *_ in spans]
    for s, e, *_ in spans:
        v = text[s:e]
        if len(v) < 6:
            continue
        i = text.find(v)
        while i >= 0:
            if not any(a <= i and i + len(v) <= b for a, b in pos):
                probs.append(f"unlabelled repeat of {v!r}")
                break
            i = text.find(v, i + 1)
    cover = [(s, e) for s, e, _ in items]

    def covered(a, b):
        return any(s < b and a < e for s, e in cover)
    for m in re.finditer(r"\d{5,}", text):
        if not covered(m.start(), m.end()):
            probs.append(f"uncovered digit run {text[max(0, m.start() - 20):m.end() + 5]!r}")
    for m in re.finditer("@", text):
        if not covered(m.start(), m.end()):
            probs.append(f"uncovered @ {text[max(0, m.start() - 20):m.end() + 20]!r}")
    return probs


def norm(v):
    return re.sub(r"[^0-9a-z]", "", urllib.parse.unquote(v).lower())


# ---------------------------------------------------------------------------------------------------------------
# notes
# ---------------------------------------------------------------------------------------------------------------

LANGS = ["de", "fr", "es", "it", "nl", "pt", "sv", "cs"]


def alloc(pool, n, wi):
    """largest-remainder allocation of n notes over a weighted template pool"""
    tot = sum(t[wi] for t in pool)
    raw = [n * t[wi] / tot for t in pool]
    cnt = [int(x) for x in raw]
    for k in sorted(range(len(pool)), key=lambda k: (-(raw[k] - cnt[k]), k))[:n - sum(cnt)]:
        cnt[k] += 1
    out = []
    for t, m in zip(pool, cnt):
        out += [t] * m
    return out


def plan_notes():
    r = random.Random(f"{SEED}:plan")
    n_loc, n_loc_benign = 90, 16
    n_ben_en = N_BENIGN - n_loc_benign
    n_machine = 195
    n_human = N_NOTES - n_loc - n_ben_en - n_machine
    items = []
    loc_t = alloc(LOC_TEMPLATES, n_loc - n_loc_benign, 4)
    r.shuffle(loc_t)
    for k in range(n_loc):
        lang = LANGS[k % len(LANGS)]
        if k >= n_loc - n_loc_benign:
            t = ("loc_benign", l_benign, "tech_note", "finance")
            items.append(dict(lang=lang, name=t[0], fn=t[1], category=t[2], queue=t[3], region="EU", mode="human", benign=True))
        else:
            t = loc_t[k]
            items.append(dict(lang=lang, name=t[0], fn=t[1], category=t[2], queue=t[3], region="EU", mode="human", benign=False))
    for t in alloc(BENIGN_EN, n_ben_en, 5):
        items.append(dict(lang="en", name=t[0], fn=t[1], category=t[2], queue=t[3], region=t[4], mode=t[6], benign=True))
    for group, pool, n in (("machine", MACHINE_EN, n_machine), ("human", HUMAN_EN, n_human)):
        for t in alloc(pool, n, 5):
            items.append(dict(lang="en", name=t[0], fn=t[1], category=t[2], queue=t[3], region=t[4], mode=group, benign=False))
    r.shuffle(items)
    return items


def make_note(i, pl):
    for attempt in range(60):
        rng = random.Random(f"{SEED}:note:{i}:{attempt}")
        c = Ctx(rng, pl["lang"], pl["region"], pl["queue"] if pl["lang"] == "en" else "eu")
        s = pl["fn"](c)
        text, spans, negs = parse(s)
        probs = doc_problems(text, spans, negs)
        if pl["benign"] and spans:
            probs.append("benign note with a positive")
        if not pl["benign"] and not spans:
            probs.append("pii note without a positive")
        if not probs:
            return text, spans, negs
    raise RuntimeError(f"note {i} ({pl['name']}): {probs}")


def c2b(text):
    tab, acc = [0] * (len(text) + 1), 0
    for k, ch in enumerate(text):
        tab[k] = acc
        acc += len(ch.encode("utf-8"))
    tab[len(text)] = acc
    return tab


def build_notes():
    plan = plan_notes()
    notes = []
    for i, pl in enumerate(plan):
        text, spans, negs = make_note(i, pl)
        tab = c2b(text)
        cat = pl["category"]
        tags = [pl["lang"], pl["queue"], cat, pl["region"], "benign" if pl["benign"] else "pii", pl["mode"]]
        if any(ord(ch) > 127 for ch in text):
            tags.append("non_ascii")
        if any("urlenc" in f or "escaped" in f for *_, f in spans):
            tags.append("encoded")
        notes.append({
            "id": f"h16-{i + 1:04d}", "category": cat, "tags": tags, "text": text,
            "spans": [{"start": tab[s], "end": tab[e], "cstart": s, "cend": e, "entity": ent, "fmt": f"{fmt}.{cat}"}
                      for s, e, ent, fmt in spans],
            "hard_negatives": [{"start": tab[s], "end": tab[e], "cstart": s, "cend": e, "kind": k, "fmt": f"{k}.{cat}"}
                               for s, e, k in negs],
            "_template": pl["name"],
        })
    return notes


# ---------------------------------------------------------------------------------------------------------------
# ticket JSON: 5 shapes of PSA/helpdesk exports
# ---------------------------------------------------------------------------------------------------------------

class Num:
    """A JSON number that is labelled (ent/fmt) or listed as a hard negative (kind)."""

    def __init__(self, value, ent=None, fmt=None, kind=None):
        self.value, self.ent, self.fmt, self.kind = value, ent, fmt, kind


def jid(c, ndig):
    return Num(int(c.clean(lambda: c.dg(ndig, "123456789"))), kind="json_id")


def small(c, a=1, b=9999):
    return c.ri(a, b)


def unp(m):
    """unwrap a single-marker string into its raw value"""
    return unmark(m)


SHAPES = ["cw_service_ticket", "at_ticket", "zammad_ticket", "fs_ticket", "jsm_issue"]
SUBJECTS = {
    "finance": ["Card charged twice", "Refund request", "ACH return on vendor payment", "Update billing card"],
    "hr_payroll": ["New hire setup", "Payroll bank change", "Offboarding request", "W-2 portal access"],
    "health_us": ["EHR interface error", "EPCS rejects prescription", "Eligibility response wrong", "Patient portal duplicate"],
    "nhs_trust": ["Portal duplicate patient", "Smartcard login failure", "PAS sync error"],
    "saas_devops": ["Secret exposed in repo", "Rotate keys after leak", "TLS cert issue", "CI job failing"],
    "msp_internal": ["MFA reset", "VPN drops", "RMM alert follow-up", "CRM sync errors"],
    "telecom": ["Number port", "SIP 404 after port"],
    "eu": ["Anfrage / request", "Demande client", "Solicitud", "Richiesta", "Verzoek", "Pedido", "Ärende", "Požadavek"],
}


TICKET_QUEUES = ["health_us", "hr_payroll", "finance", "saas_devops", "nhs_trust", "health_us", "msp_internal", "hr_payroll", "finance", "saas_devops", "telecom"]


def ticket_bodies(c, lang, benign, k, want=None):
    """k body strings (markers) + the queue of the first."""
    r = c.rng
    out, queue = [], None
    for j in range(k):
        if lang != "en":
            fn = l_benign if benign else r.choice([l_hr, l_bill, l_it])
            q = "eu"
            c.region = "EU"
        elif benign:
            t = r.choice(BENIGN_EN)
            fn, q = t[1], t[3]
            c.region = t[4]
        else:
            pool = HUMAN_EN if (j == 0 or r.random() < 0.5) else MACHINE_EN
            if queue is not None:
                pool = [t for t in pool if t[3] in (queue, "msp_internal")] or pool
            elif want:
                pool = [t for t in HUMAN_EN + MACHINE_EN if t[3] == want]
            t = r.choice(pool)
            fn, q = t[1], t[3]
            c.region = t[4]
        if queue is None:
            queue = q
            if lang == "en":
                c.client = r.choice(CLIENTS[queue])
        out.append(fn(c))
    c.region = "US" if lang == "en" else "EU"
    return out, queue


def ticket_fields(c, lang, benign, queue):
    """structured contact/custom values; markers or Num."""
    p = c.person()
    f = {"name": p.full, "first": p.first, "last": p.last}
    f["agent"] = N("masked_email", f"{ascii_fold(c.tech.first)[0]}{'*' * 5}@{MSP[1]}") if benign else c.tech_email()
    if benign:
        f["email"] = c.masked_email(p)
        f["phone"] = c.masked_phone()
        f["npi"] = c.masked_npi()
        f["mrn"] = c.masked_mrn()
        f["dob"] = c.masked_dob()
        f["member"] = c.neg("member_id")
        return f
    f["email"] = c.email(p, c.ch(["work", "initial", "personal"]))
    f["phone"] = c.phone()
    f["mobile"] = c.phone()
    f["npi"] = Num(int(c.npi_value()), "US_NPI", "npi.number")
    while True:
        m = c.dg(c.ch([7, 8, 8, 9]), "123456789")
        if not checks(m):
            break
    f["mrn"] = Num(int(m), "MEDICAL_RECORD_NUMBER", f"mrn.number{len(m)}")
    f["mrn_str"] = c.mrn()
    f["dob"] = c.dob(c.ch(["iso", "iso", "mdy"]) if lang == "en" else None)
    f["member"] = c.neg("member_id")
    return f


def iso_ts(c):
    return c.ts(c.ch(["iso", "iso_ms"]))


def shape_cw(c, tid, subj, bodies, f, benign, health):
    tech = f"{ascii_fold(c.tech.first)[0]}{ascii_fold(c.tech.last)}"
    cf = [{"id": 3, "caption": "Provider NPI", "type": "Number" if not benign else "Text", "entryMethod": "EntryField", "numberOfDecimals": 0, "value": f["npi"]},
          {"id": 4, "caption": "Patient MRN", "type": "Number" if not benign else "Text", "entryMethod": "EntryField", "numberOfDecimals": 0, "value": f["mrn"]},
          {"id": 7, "caption": "Date of Birth", "type": "Date", "entryMethod": "EntryField", "value": f["dob"]}] if health else \
         [{"id": 11, "caption": "Contract", "type": "Text", "entryMethod": "EntryField", "value": c.neg("order_number")},
          {"id": 12, "caption": "Employee DOB", "type": "Date", "entryMethod": "EntryField", "value": f["dob"]}]
    return {
        "id": Num(tid, kind="json_id"), "summary": subj, "recordType": "ServiceTicket",
        "board": {"id": small(c, 1, 40), "name": c.ch(["Help Desk", "Projects", "Clinical Apps", "Payroll Integrations"])},
        "status": {"id": small(c, 1, 900), "name": c.ch(["New", "In Progress", "Waiting Customer", "Resolved"])},
        "company": {"id": small(c, 100, 9999), "identifier": re.sub(r"\W", "", c.client[0])[:20], "name": c.client[0]},
        "contact": {"id": jid(c, 5), "name": f["name"]},
        "contactPhoneNumber": f["phone"], "contactEmailAddress": f["email"],
        "initialDescription": bodies[0], "customFields": cf,
        "notes": [{"id": jid(c, 7), "ticketId": Num(tid, kind="json_id"), "text": b, "detailDescriptionFlag": k == 0,
                   "internalAnalysisFlag": k > 0 and c.rng.random() < 0.6, "resolutionFlag": False,
                   "member": {"id": small(c, 100, 400), "identifier": tech, "name": f"{c.tech.first} {c.tech.last}"},
                   "dateCreated": iso_ts(c), "createdBy": tech} for k, b in enumerate(bodies[1:])],
        "_info": {"lastUpdated": iso_ts(c), "updatedBy": tech},
    }


def shape_at(c, tid, subj, bodies, f, benign, health):
    udf = [{"name": "Caller Phone", "value": f["phone"]}, {"name": "Caller Email", "value": f["email"]}]
    if health:
        udf += [{"name": "Patient MRN", "value": f.get("mrn_str", f["mrn"])}, {"name": "Member ID", "value": f["member"]}]
    udf.append({"name": "Date of Birth" if health else "Employee DOB", "value": f["dob"]})
    y, m, d = c._ymd(2024, 2026)
    return {"item": {
        "id": jid(c, 8), "ticketNumber": N("ticket_ref", f"T{y}{m:02d}{d:02d}.{c.dg(4)}"), "title": subj,
        "description": bodies[0], "companyID": small(c, 200, 9000), "contactID": jid(c, 5),
        "createDate": iso_ts(c), "dueDateTime": iso_ts(c), "priority": c.ri(1, 4), "status": c.ri(1, 8),
        "queueID": jid(c, 8), "issueType": c.ri(1, 20),
        "userDefinedFields": udf,
        "ticketNotes": [{"id": jid(c, 8), "title": c.ch(["Internal note", "Update", "Vendor reply", "Tech note"]), "description": b,
                         "noteType": c.ch([1, 2, 3]), "publish": c.ch([1, 2]), "createDateTime": iso_ts(c),
                         "creatorResourceID": jid(c, 8)} for b in bodies[1:]],
    }}


def shape_zammad(c, tid, subj, bodies, f, benign, health):
    arts = []
    for k, b in enumerate(bodies):
        cust = k == 0 or c.rng.random() < 0.3
        arts.append({"id": jid(c, 6), "ticket_id": Num(tid, kind="json_id"),
                     "from": (f"{f['name']} <{f['email']}>" if cust else f"{c.tech.first} {c.tech.last} <{f['agent']}>"),
                     "subject": subj, "body": b, "content_type": "text/plain", "internal": (not cust) and c.rng.random() < 0.7,
                     "sender": "Customer" if cust else "Agent", "type": c.ch(["email", "note", "phone", "web"]),
                     "created_at": iso_ts(c)})
    t = {"id": Num(tid, kind="json_id"), "group_id": c.ri(1, 12), "number": c.neg("ticket_ref"), "title": subj,
         "state": c.ch(["open", "pending reminder", "closed"]), "priority": c.ch(["1 low", "2 normal", "3 high"]),
         "customer": {"id": jid(c, 5), "firstname": f["first"], "lastname": f["last"], "email": f["email"],
                      "phone": f["phone"], "mobile": f.get("mobile", c.masked_phone())},
         "created_at": iso_ts(c), "articles": arts}
    if health:
        t["provider_npi"] = f["npi"]
        t["patient_mrn"] = f.get("mrn_str", f["mrn"])
        t["patient_dob"] = f["dob"]
    return t


def shape_fs(c, tid, subj, bodies, f, benign, health):
    cf = {"member_id": f["member"], "employee_dob" if not health else "patient_date_of_birth": f["dob"]}
    if health:
        cf["provider_npi"] = f["npi"]
        cf["patient_mrn"] = f["mrn"]
    else:
        cf["cost_center"] = c.ch(["OPS", "FIN", "HR", "IT"])
    conv = []
    for b in bodies[1:]:
        inc = c.rng.random() < 0.4
        conv.append({"id": jid(c, 11), "body_text": b, "private": (not inc) and c.rng.random() < 0.6, "incoming": inc,
                     "from_email": f["email"] if inc else f["agent"], "to_emails": [f["agent"] if inc else f["email"]],
                     "created_at": iso_ts(c)})
    return {"ticket": {"id": c.ri(1000, 9999), "subject": subj, "description_text": bodies[0], "email": f["email"],
                       "phone": f["phone"], "requester_id": jid(c, 11), "responder_id": jid(c, 11), "department_id": jid(c, 11),
                       "source": c.ri(1, 10), "status": c.ri(2, 5), "priority": c.ri(1, 4), "created_at": iso_ts(c),
                       "custom_fields": cf, "conversations": conv}}


def shape_jsm(c, tid, subj, bodies, f, benign, health):
    iid = c.clean(lambda: c.dg(5, "123456789"))
    key = f"MSP-{c.ri(100, 9999)}"
    fields = {"summary": subj, "issuetype": {"name": c.ch(["Service Request", "Incident", "Problem"])},
              "description": bodies[0],
              "reporter": {"accountId": "qm:" + c.neg("uuid"), "emailAddress": f["email"], "displayName": f["name"]},
              "customfield_10042": f["phone"], "created": c.ts("iso_ms"),
              "comment": {"comments": [{"id": c.neg("json_id"), "author": {"displayName": f"{c.tech.first} {c.tech.last}", "emailAddress": f["agent"]},
                                        "body": b, "jsdPublic": c.rng.random() < 0.5, "created": c.ts("iso_ms")} for b in bodies[1:]],
                          "maxResults": len(bodies) - 1, "total": len(bodies) - 1}}
    if health:
        fields["customfield_10041"] = f["npi"]
        fields["customfield_10044"] = f["mrn"]
    fields["customfield_10043"] = f["dob"]
    return {"id": N("json_id", iid), "key": key, "self": f"https://ferrowind.atlassian.net/rest/api/2/issue/{N('json_id', iid)}",
            "fields": fields}


SHAPE_FN = {"cw_service_ticket": shape_cw, "at_ticket": shape_at, "zammad_ticket": shape_zammad, "fs_ticket": shape_fs, "jsm_issue": shape_jsm}


def ptr_esc(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def fmt_key(path, parent):
    """the JSON key a value sits under (a sibling caption/name for {caption, value} rows)"""
    keys = [k for k in path if not isinstance(k, int)]
    key = keys[-1] if keys else "root"
    if key == "value" and isinstance(parent, dict):
        cap = parent.get("caption") or parent.get("name")
        if isinstance(cap, str):
            key = re.sub(r"\W+", "_", unmark(cap).lower()).strip("_")
    return key


def resolve(obj, path=(), parent=None, rows=None):
    """markers/Num -> plain JSON; rows collects (pointer, path, kind 'P'/'N', ...)"""
    if isinstance(obj, dict):
        return {k: resolve(v, path + (k,), obj, rows) for k, v in obj.items()}
    if isinstance(obj, list):
        return [resolve(v, path + (i,), obj, rows) for i, v in enumerate(obj)]
    ptr = "/" + "/".join(ptr_esc(k) for k in path)
    key = fmt_key(path, parent)
    if isinstance(obj, Num):
        v = str(obj.value)
        rows.append((ptr, key, 0, len(v), 0, len(v), obj.ent, obj.fmt, obj.kind, "number", v))
        return obj.value
    if isinstance(obj, str):
        text, spans, negs = parse(obj)
        tab = c2b(text)
        for s, e, ent, fmt in spans:
            rows.append((ptr, key, tab[s], tab[e], s, e, ent, fmt, None, None, text))
        for s, e, k in negs:
            rows.append((ptr, key, tab[s], tab[e], s, e, None, None, k, None, text))
        return text
    return obj


def json_problems(obj, rows):
    probs = []
    by_ptr = defaultdict(list)
    for r in rows:
        by_ptr[r[0]].append(r)
    numbers = {r[0] for r in rows if r[9] == "number"}

    def walk(o, path):
        if isinstance(o, dict):
            for k, v in o.items():
                walk(v, path + (k,))
        elif isinstance(o, list):
            for i, v in enumerate(o):
                walk(v, path + (i,))
        else:
            ptr = "/" + "/".join(ptr_esc(k) for k in path)
            if isinstance(o, str):
                rs = [r for r in by_ptr.get(ptr, []) if r[9] is None]
                spans = [(r[4], r[5], r[6], r[7]) for r in rs if r[6]]
                negs = [(r[4], r[5], r[8]) for r in rs if r[8]]
                probs.extend(f"{ptr}: {p}" for p in doc_problems(o, spans, negs))
            elif isinstance(o, int) and not isinstance(o, bool):
                if o >= 10000 and ptr not in numbers:
                    probs.append(f"{ptr}: unlisted JSON integer {o}")
                for r in by_ptr.get(ptr, []):
                    if (r[2], r[3], r[4], r[5]) != (0, len(str(o)), 0, len(str(o))):
                        probs.append(f"{ptr}: a JSON-number row must cover the whole number")
                    if r[6] and not VALIDATORS[r[6]](str(o)):
                        probs.append(f"{ptr}: invalid {r[6]} {o}")
                    if r[8] and not kind_claim_ok(r[8], str(o)):
                        probs.append(f"{ptr}: negative {r[8]} {o} breaks its claim")
    walk(obj, ())
    return probs


def dump_ticket(obj, variant):
    if variant == 0:
        return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"
    if variant == 1:
        return json.dumps(obj, indent=4, ensure_ascii=True) + "\n"
    if variant == 2:
        return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
    return json.dumps(obj, indent="\t", ensure_ascii=True) + "\n"


def plan_tickets():
    r = random.Random(f"{SEED}:ticketplan")
    plan = []
    benign_idx = set(r.sample(range(N_TICKETS), 10))
    loc_idx = set(r.sample(sorted(set(range(N_TICKETS)) - benign_idx), 14)) | set(r.sample(sorted(benign_idx), 2))
    for i in range(N_TICKETS):
        lang = LANGS[i % len(LANGS)] if i in loc_idx else "en"
        plan.append(dict(shape=SHAPES[i % 5], lang=lang, benign=i in benign_idx, variant=(i // 5) % 4))
    return plan


def make_ticket(i, pl):
    tid = FIRST_TICKET + i
    for attempt in range(60):
        rng = random.Random(f"{SEED}:ticket:{i}:{attempt}")
        c = Ctx(rng, pl["lang"], "US" if pl["lang"] == "en" else "EU", "msp_internal" if pl["lang"] == "en" else "eu")
        k = rng.randint(2, 4)
        bodies, queue = ticket_bodies(c, pl["lang"], pl["benign"], k, TICKET_QUEUES[i % len(TICKET_QUEUES)])
        health = queue in ("health_us",) or (pl["lang"] == "en" and rng.random() < 0.35)
        f = ticket_fields(c, pl["lang"], pl["benign"], queue)
        subj = rng.choice(SUBJECTS[queue])
        tree = SHAPE_FN[pl["shape"]](c, tid, subj, bodies, f, pl["benign"], health)
        rows = []
        obj = resolve(tree, rows=rows)
        probs = json_problems(obj, rows)
        if pl["benign"] and any(r[6] for r in rows):
            probs.append("benign ticket with a positive")
        if not pl["benign"] and not any(r[6] for r in rows):
            probs.append("pii ticket without a positive")
        if not probs:
            return obj, rows
    raise RuntimeError(f"ticket {tid}: {probs[:5]}")


def build_tickets():
    files, labels, negrows = {}, [], []
    for i, pl in enumerate(plan_tickets()):
        obj, rows = make_ticket(i, pl)
        fname = f"ticket_{FIRST_TICKET + i}.json"
        files[fname] = dump_ticket(obj, pl["variant"])
        for ptr, key, s, e, cs, ce, ent, fmt, kind, vt, _ in rows:
            row = {"file": fname, "json_pointer": ptr, "start": s, "end": e, "cstart": cs, "cend": ce}
            if ent:
                row.update(entity=ent, fmt=f"{fmt}.{key}", shape=pl["shape"])
            else:
                row.update(kind=kind, fmt=f"{kind}.{key}", shape=pl["shape"])
            if vt:
                row["value_type"] = vt
            row["_lang"] = pl["lang"]
            (labels if ent else negrows).append(row)
    return files, labels, negrows


# ---------------------------------------------------------------------------------------------------------------
# output, full self-check, counts
# ---------------------------------------------------------------------------------------------------------------

def render():
    """-> {relative path: text}, plus the in-memory records for checking/counting"""
    notes = build_notes()
    files, labels, negrows = build_tickets()
    out = {}
    recs = []
    for n in notes:
        r = {k: v for k, v in n.items() if not k.startswith("_")}
        recs.append(r)
    out["notes.jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    texts, idx, bo, co = [], [], 0, 0
    for r in recs:
        b = len(r["text"].encode("utf-8"))
        idx.append({"id": r["id"], "byte_offset": bo, "byte_len": b, "char_offset": co, "char_len": len(r["text"])})
        texts.append(r["text"])
        bo += b + 2
        co += len(r["text"]) + 2
    out["corpus.txt"] = "\n\n".join(texts)
    out["corpus_index.jsonl"] = "".join(json.dumps(x) + "\n" for x in idx)
    for fname, txt in files.items():
        out[f"notes_json/{fname}"] = txt
    strip = lambda row: {k: v for k, v in row.items() if not k.startswith("_")}
    out["notes_json/labels.jsonl"] = "".join(json.dumps(strip(x), ensure_ascii=False) + "\n" for x in labels)
    out["json_hard_negatives.jsonl"] = "".join(json.dumps(strip(x), ensure_ascii=False) + "\n" for x in negrows)
    return out, notes, labels, negrows


def full_check(out):
    """Self-check working only from the rendered files."""
    probs = []
    recs = [json.loads(l) for l in out["notes.jsonl"].splitlines()]
    idx = [json.loads(l) for l in out["corpus_index.jsonl"].splitlines()]
    corpus = out["corpus.txt"]
    cb = corpus.encode("utf-8")
    if len(recs) != N_NOTES or len(idx) != N_NOTES:
        probs.append("note count")
    if sum(1 for r in recs if not r["spans"]) != N_BENIGN:
        probs.append("benign count")
    pos_norm, neg_norm = defaultdict(set), defaultdict(set)
    for r, x in zip(recs, idx):
        t = r["text"]
        tb = t.encode("utf-8")
        if x["id"] != r["id"] or cb[x["byte_offset"]:x["byte_offset"] + x["byte_len"]] != tb \
                or corpus[x["char_offset"]:x["char_offset"] + x["char_len"]] != t:
            probs.append(f"{r['id']}: corpus/index mismatch")
        if ("benign" in r["tags"]) != (not r["spans"]):
            probs.append(f"{r['id']}: benign tag mismatch")
        for row in r["spans"] + r["hard_negatives"]:
            if tb[row["start"]:row["end"]].decode("utf-8") != t[row["cstart"]:row["cend"]] or "fmt" not in row:
                probs.append(f"{r['id']}: byte/char offsets disagree")
        spans = [(s["cstart"], s["cend"], s["entity"], s["fmt"]) for s in r["spans"]]
        negs = [(s["cstart"], s["cend"], s["kind"]) for s in r["hard_negatives"]]
        probs.extend(f"{r['id']}: {p}" for p in doc_problems(t, spans, negs))
        for s, e, *_ in spans:
            v = norm(t[s:e])
            if len(v) >= 6:
                pos_norm[v].add(r["id"])
        for s, e, _ in negs:
            v = norm(t[s:e])
            if len(v) >= 6:
                neg_norm[v].add(r["id"])
    # JSON
    labels = [json.loads(l) for l in out["notes_json/labels.jsonl"].splitlines()]
    negrows = [json.loads(l) for l in out["json_hard_negatives.jsonl"].splitlines()]
    tickets = {k.split("/")[1]: json.loads(v) for k, v in out.items() if k.startswith("notes_json/ticket_")}
    if len(tickets) != N_TICKETS:
        probs.append("ticket count")
    rows_by_file = defaultdict(list)
    for row in labels + negrows:
        if "fmt" not in row or "shape" not in row:
            probs.append("row without fmt/shape")
        obj = tickets.get(row["file"])
        try:
            val = json_pointer_get(obj, row["json_pointer"])
        except (KeyError, IndexError, ValueError, TypeError):
            probs.append(f"{row['file']}#{row['json_pointer']}: pointer does not resolve")
            continue
        is_num = isinstance(val, int) and not isinstance(val, bool)
        if is_num != (row.get("value_type") == "number"):
            probs.append(f"{row['file']}#{row['json_pointer']}: value_type mismatch")
        sval = str(val)
        if sval.encode("utf-8")[row["start"]:row["end"]].decode("utf-8") != sval[row["cstart"]:row["cend"]]:
            probs.append(f"{row['file']}#{row['json_pointer']}: byte/char offsets disagree")
        rows_by_file[row["file"]].append((row["json_pointer"], None, row["start"], row["end"], row["cstart"], row["cend"],
                                          row.get("entity"), row["fmt"], row.get("kind"), row.get("value_type"), None))
        v = norm(sval[row["cstart"]:row["cend"]])
        if len(v) >= 6:
            (pos_norm if "entity" in row else neg_norm)[v].add(f"{row['file']}#{row['json_pointer']}")
    for fname, obj in tickets.items():
        probs.extend(f"{fname}{p}" for p in json_problems(obj, rows_by_file.get(fname, [])))
    for v in sorted(set(pos_norm) & set(neg_norm)):
        probs.append(f"value {v!r} is positive in {sorted(pos_norm[v])[:2]} and negative in {sorted(neg_norm[v])[:2]}")
    return probs


def json_pointer_get(obj, ptr):
    for part in ptr.lstrip("/").split("/") if ptr else []:
        part = part.replace("~1", "/").replace("~0", "~")
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


ENTS = list(VALIDATORS)


def counts(out):
    recs = [json.loads(l) for l in out["notes.jsonl"].splitlines()]
    labels = [json.loads(l) for l in out["notes_json/labels.jsonl"].splitlines()]
    negrows = [json.loads(l) for l in out["json_hard_negatives.jsonl"].splitlines()]
    np_, nn, jp, jn, kn, kj = Counter(), Counter(), Counter(), Counter(), Counter(), Counter()
    for r in recs:
        np_.update(s["entity"] for s in r["spans"])
        for s in r["hard_negatives"]:
            nn[KINDS[s["kind"]][0] or "other"] += 1
            kn[s["kind"]] += 1
    jp.update(x["entity"] for x in labels)
    for x in negrows:
        jn[KINDS[x["kind"]][0] or "other"] += 1
        kj[x["kind"]] += 1
    lines = ["| entity | notes + | notes − | JSON + | JSON − |", "|---|---:|---:|---:|---:|"]
    for e in ENTS + ["other"]:
        lines.append(f"| {e} | {np_[e] if e != 'other' else '–'} | {nn[e]} | {jp[e] if e != 'other' else '–'} | {jn[e]} |")
    jnum = sum(1 for x in labels if x.get("value_type") == "number")
    lines.append(f"| **total** | **{sum(np_.values())}** | **{sum(nn.values())}** | **{sum(jp.values())}** ({jnum} numbers) | **{sum(jn.values())}** |")
    lines.append("")
    lines.append("hard-negative kinds (notes/JSON): " + ", ".join(f"{k} {kn[k]}/{kj[k]}" for k in sorted(set(kn) | set(kj))))
    cats, langs, tmpl = Counter(r["category"] for r in recs), Counter(r["tags"][0] for r in recs), Counter(r["tags"][5] for r in recs)
    lines.append("categories: " + ", ".join(f"{k} {v}" for k, v in cats.most_common()))
    lines.append("languages: " + ", ".join(f"{k} {v}" for k, v in langs.most_common()))
    lines.append("human/machine: " + ", ".join(f"{k} {v}" for k, v in tmpl.most_common()))
    lines.append("queues: " + ", ".join(f"{k} {v}" for k, v in Counter(r["tags"][1] for r in recs).most_common()))
    lines.append(f"benign notes: {sum(1 for r in recs if not r['spans'])}")
    fmts = Counter(".".join(s["fmt"].split(".")[:2]) for r in recs for s in r["spans"])
    lines.append("note positive families: " + ", ".join(f"{k} {v}" for k, v in sorted(fmts.items())))
    jv = Counter(x["value_type"] for x in labels + negrows if x.get("value_type"))
    lines.append(f"JSON numbers: positives {jnum} ({', '.join(f'{k} {v}' for k, v in Counter(x['entity'] for x in labels if x.get('value_type')).items())}), "
                 f"negatives {sum(1 for x in negrows if x.get('value_type'))}")
    return "\n".join(lines)


def main(argv):
    check = "--check" in argv
    out, *_ = render()
    rc = 0
    if check:
        disk = {}
        for rel in out:
            p = HERE / rel
            if not p.exists():
                print(f"missing on disk: {rel}")
                rc = 1
            elif p.read_bytes() != out[rel].encode("utf-8"):
                print(f"differs from a fresh run: {rel}")
                rc = 1
        for p in sorted((HERE / "notes_json").glob("ticket_*.json")):
            if f"notes_json/{p.name}" not in out:
                print(f"stale file: notes_json/{p.name}")
                rc = 1
        if rc == 0:
            print(f"all {len(out)} files reproduce byte for byte")
    else:
        (HERE / "notes_json").mkdir(exist_ok=True)
        for p in (HERE / "notes_json").glob("ticket_*.json"):
            p.unlink()
        for rel, txt in out.items():
            (HERE / rel).write_bytes(txt.encode("utf-8"))
        print(f"wrote {len(out)} files")
    probs = full_check(out)
    for p in probs[:60]:
        print("PROBLEM:", p)
    if probs:
        print(f"self-check FAILED: {len(probs)} problem(s)")
        rc = 1
    else:
        print("self-check passed")
    print(counts(out))
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
