#!/usr/bin/env python3
"""heldout15: "one day in a vendor's queue, a ninth hand" -- deterministic generator and self-check.

    python3 gen.py           # write corpus files, then self-check
    python3 gen.py --check   # regenerate in memory, compare with disk, self-check, print counts

Standard library only.  All randomness comes from random.Random(str seeds), so the output does not
depend on PYTHONHASHSEED.
"""
from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import re
import random
import sys
from collections import Counter
from pathlib import Path

SEED = 15091715
HERE = Path(__file__).resolve().parent
N_NOTES = 600
N_JSON = 80
ENTITIES = ("CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "ABA_ROUTING_NUMBER",
            "IP_ADDRESS", "MEDICAL_RECORD_NUMBER", "US_NPI", "DATE_OF_BIRTH", "UK_NHS", "US_DEA",
            "AWS_ACCESS_KEY", "GITHUB_TOKEN", "PRIVATE_KEY")


class Retry(Exception):
    pass


# ============================================================================ checksums / validators

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


def luhn_digit(body):
    for c in "0123456789":
        if luhn_ok(body + c):
            return c


TEST_PANS = {"4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "4012888888881881",
             "6011111111111117", "5105105105105100", "371449635398431", "4000056655665556", "3530111333300000"}


def card_brand_ok(d):
    n = len(d)
    if d[0] == "4" and n in (16, 19):
        return True
    if n == 16 and (51 <= int(d[:2]) <= 55 or 2221 <= int(d[:4]) <= 2720):
        return True
    if n == 15 and d[:2] in ("34", "37"):
        return True
    if n == 16 and (d[:4] == "6011" or d[:2] == "65" or 644 <= int(d[:3]) <= 649):
        return True
    if n == 16 and 3528 <= int(d[:4]) <= 3589:
        return True
    if n == 14 and (d[:2] in ("36", "38") or 300 <= int(d[:3]) <= 305):
        return True
    return False


def card_ok(v):
    d = re.sub(r"[ -]", "", v)
    return d.isdigit() and luhn_ok(d) and card_brand_ok(d) and d not in TEST_PANS


def ssn_ok(v):
    m = re.fullmatch(r"(\d{3})[- ]?(\d{2})[- ]?(\d{4})", v)
    if not m:
        return False
    a, g, s = m.groups()
    return a not in ("000", "666") and a[0] != "9" and g != "00" and s != "0000"


IBAN_LEN = {"DE": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "PT": 25, "DK": 18, "PL": 28, "GB": 22, "BE": 16,
            "AT": 20, "IE": 22}


def iban_mod(s):
    r = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in r)
    return int(num) % 97


def iban_ok(v):
    s = v.replace(" ", "")
    return (re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s) is not None and IBAN_LEN.get(s[:2]) == len(s)
            and iban_mod(s) == 1)


ABA_PREFIXES = [f"{i:02d}" for i in list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73)) + [80]]


def aba_sum(d):
    w = (3, 7, 1) * 3
    return sum(int(c) * x for c, x in zip(d, w)) % 10 == 0


def aba_ok(v):
    return re.fullmatch(r"\d{9}", v) is not None and v[:2] in ABA_PREFIXES and aba_sum(v)


def npi_ok(v):
    return re.fullmatch(r"[12]\d{9}", v) is not None and luhn_ok("80840" + v)


def npi_sum(v):  # the NPI check without the leading-digit rule
    return re.fullmatch(r"\d{10}", v) is not None and luhn_ok("80840" + v)


def nhs_ok(v):
    d = re.sub(r"[ -]", "", v)
    if not re.fullmatch(r"\d{10}", d):
        return False
    s = sum(int(c) * w for c, w in zip(d[:9], range(10, 1, -1)))
    c = 11 - s % 11
    c = 0 if c == 11 else c
    return c != 10 and c == int(d[9])


def dea_check(d6):
    return (int(d6[0]) + int(d6[2]) + int(d6[4]) + 2 * (int(d6[1]) + int(d6[3]) + int(d6[5]))) % 10


def dea_ok(v):
    return (re.fullmatch(r"[ABFGM][A-Z]\d{7}", v) is not None and dea_check(v[2:8]) == int(v[8]))


B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b62(n, width=6):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def gh_ok(v):
    m = re.fullmatch(r"(ghp|gho|ghu|ghs|ghr)_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", v)
    return m is not None and b62(binascii.crc32(m.group(2).encode())) == m.group(3)


def aws_ok(v):
    return re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", v) is not None and "EXAMPLE" not in v


def pem_ok(v):
    m = re.fullmatch(r"-----BEGIN ((?:RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----\n((?:[A-Za-z0-9+/=]+\n)+)"
                     r"-----END \1-----", v)
    if not m:
        return False
    try:
        base64.b64decode(m.group(2).replace("\n", ""), validate=True)
        return True
    except (binascii.Error, ValueError):
        return False


def email_ok(v):
    return re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", v) is not None


def phone_ok(v):
    return re.fullmatch(r"[+()0-9 .\-]+", v) is not None and 7 <= len(re.sub(r"\D", "", v)) <= 15


def ip_ok(v):
    try:
        a = ipaddress.ip_address(v)
    except ValueError:
        return False
    return not (a.is_loopback or a.is_reserved or a.is_link_local or a.is_multicast or a.is_unspecified
                or (a.version == 4 and (a in ipaddress.ip_network("192.0.2.0/24")
                                        or a in ipaddress.ip_network("198.51.100.0/24")
                                        or a in ipaddress.ip_network("203.0.113.0/24")))
                or (a.version == 6 and a in ipaddress.ip_network("2001:db8::/32")))


MONTHS_ALL = ("january february march april may june july august september october november december "
              "jan feb mar apr jun jul aug sep sept oct nov dec januar februar märz mai juni juli oktober dezember "
              "janvier février mars avril juin juillet août septembre octobre novembre décembre enero febrero marzo "
              "abril mayo junio julio agosto septiembre octubre noviembre diciembre gennaio febbraio aprile maggio "
              "giugno luglio settembre ottobre dicembre januari februari maart mei augustus janeiro fevereiro "
              "março maio junho julho setembro outubro novembro dezembro stycznia lutego marca kwietnia maja "
              "czerwca lipca sierpnia września października listopada grudnia").split()


def dob_ok(v):
    years = [int(y) for y in re.findall(r"(?<!\d)(\d{4})(?!\d)", v)]
    return len(years) == 1 and 1930 <= years[0] <= 2008


def mrn_ok(v):
    return re.fullmatch(r"[A-Z]{0,3}-?\d{6,9}", v) is not None


VALIDATE = {"CREDIT_CARD": card_ok, "US_SSN": ssn_ok, "EMAIL_ADDRESS": email_ok, "PHONE_NUMBER": phone_ok,
            "IBAN_CODE": iban_ok, "ABA_ROUTING_NUMBER": aba_ok, "IP_ADDRESS": ip_ok,
            "MEDICAL_RECORD_NUMBER": mrn_ok, "US_NPI": npi_ok, "DATE_OF_BIRTH": dob_ok, "UK_NHS": nhs_ok,
            "US_DEA": dea_ok, "AWS_ACCESS_KEY": aws_ok, "GITHUB_TOKEN": gh_ok, "PRIVATE_KEY": pem_ok}


def digits_of(v):
    d = re.sub(r"[ -]", "", v)
    return d if d.isdigit() else None


def accidental(v):
    """Which entity checksum a digits-only (space/dash separated) string passes by accident, or None."""
    if re.fullmatch(r"\d{3}-\d{2}-\d{4}", v) and ssn_ok(v):
        return "US_SSN"
    d = digits_of(v)
    if d is None:
        return None
    n = len(d)
    if n == 9 and aba_sum(d):
        return "ABA_ROUTING_NUMBER"
    if n == 10 and (npi_sum(d) or nhs_ok(d)):
        return "US_NPI/UK_NHS"
    if 13 <= n <= 19 and luhn_ok(d):
        return "CREDIT_CARD"
    return None


# hard-negative kinds that PASS the checksum of the entity they imitate (the text calls them something else)
PASS_KINDS = {"luhn_order_number": card_ok, "test_card": lambda v: luhn_ok(re.sub(r"[ -]", "", v)),
              "imei": lambda v: luhn_ok(re.sub(r"[ -]", "", v)), "iban_doc_example": iban_ok,
              "aba_shaped_batch": aba_ok, "npi_shaped_ref": npi_ok}
# kinds that must FAIL a named check
FAIL_KINDS = {"order_number": lambda v: luhn_ok(re.sub(r"[ -]", "", v)), "ssn_invalid": ssn_ok,
              "iban_bad_checksum": iban_ok, "npi_fail": npi_ok, "nhs_fail_mod11": nhs_ok, "dea_fail": dea_ok,
              "gh_checksum_fail": gh_ok, "aws_example_key": aws_ok, "ip_bad_octet": ip_ok}

KIND_TARGET = {
    "order_number": "CREDIT_CARD", "luhn_order_number": "CREDIT_CARD", "masked_card": "CREDIT_CARD",
    "test_card": "CREDIT_CARD", "imei": "CREDIT_CARD", "barcode_ean13": "CREDIT_CARD", "tracking_number": "CREDIT_CARD",
    "auth_code": "CREDIT_CARD",
    "ssn_invalid": "US_SSN", "ein": "US_SSN", "masked_ssn": "US_SSN", "zip_plus4": "US_SSN",
    "masked_email": "EMAIL_ADDRESS", "placeholder_email": "EMAIL_ADDRESS", "message_id": "EMAIL_ADDRESS",
    "masked_phone": "PHONE_NUMBER", "phone_shaped_ref": "PHONE_NUMBER",
    "iban_bad_checksum": "IBAN_CODE", "iban_doc_example": "IBAN_CODE", "bic": "IBAN_CODE", "masked_iban": "IBAN_CODE",
    "sort_code": "IBAN_CODE",
    "bank_account_number": "ABA_ROUTING_NUMBER", "aba_shaped_batch": "ABA_ROUTING_NUMBER",
    "masked_routing": "ABA_ROUTING_NUMBER",
    "version_string": "IP_ADDRESS", "oid": "IP_ADDRESS", "mac_address": "IP_ADDRESS", "masked_ip": "IP_ADDRESS",
    "ip_bad_octet": "IP_ADDRESS",
    "claim_number": "MEDICAL_RECORD_NUMBER", "member_id": "MEDICAL_RECORD_NUMBER",
    "accession_number": "MEDICAL_RECORD_NUMBER", "rx_number": "MEDICAL_RECORD_NUMBER",
    "encounter_number": "MEDICAL_RECORD_NUMBER", "masked_mrn": "MEDICAL_RECORD_NUMBER",
    "npi_fail": "US_NPI", "npi_shaped_ref": "US_NPI", "masked_npi": "US_NPI",
    "date_other": "DATE_OF_BIRTH", "timestamp": "DATE_OF_BIRTH", "card_expiry": "DATE_OF_BIRTH",
    "masked_dob": "DATE_OF_BIRTH",
    "nhs_fail_mod11": "UK_NHS", "masked_nhs": "UK_NHS", "ods_code": "UK_NHS",
    "dea_fail": "US_DEA", "masked_dea": "US_DEA", "state_license": "US_DEA",
    "aws_example_key": "AWS_ACCESS_KEY", "aws_secret_key": "AWS_ACCESS_KEY", "aws_account_id": "AWS_ACCESS_KEY",
    "gh_checksum_fail": "GITHUB_TOKEN", "git_sha": "GITHUB_TOKEN", "masked_token": "GITHUB_TOKEN",
    "certificate_block": "PRIVATE_KEY", "redacted_private_key": "PRIVATE_KEY",
}


# ============================================================================ phrase material (new for this round)

FIRST = {"en": "Marisol Dmitri Colette Anselm Bettina Roderick Yusra Thaddeus Wilhelmina Caspian Ingrid Desmond "
               "Juniper Lorcan Odalys Percival Saoirse Tobias Verity Zoltan Harriet Benedikt Imogen Kwame".split(),
         "de": "Jörg Hannelore Friedemann Ulrike Rüdiger Annegret Volker Sieglinde".split(),
         "fr": "Aurélien Solène Gaëtan Maëlle Thibault Ségolène Benoît Clémence".split(),
         "es": "Íñigo Begoña Aitor Rocío Fermín Nuria Gonzalo Maite".split(),
         "it": "Raffaele Ornella Gianluca Loredana Ettore Graziella Massimo Donatella".split(),
         "nl": "Joost Marieke Sjoerd Anouk Gerrit Fenna Maarten Lieke".split(),
         "pt": "João Conceição Rui Filipa Tiago Inês Gonçalo Leonor".split(),
         "da": "Søren Mette Bjørn Signe Rasmus Ane Torben Kirsten".split(),
         "pl": "Grzegorz Małgorzata Wojciech Agnieszka Przemysław Katarzyna Bartłomiej Żaneta".split()}
LAST = {"en": "Ashdown Kilbride Marchetti Okonkwo Pemberton Quist Ravensworth Stroud Thistlewood Underhill Vance "
              "Whitlock Yardley Abernathy Blackwood Carrow Dunmore Ellery Fairbrother Gaskell Holloway Iredale".split(),
        "de": "Brückner Hainbach Kleinschmidt Oberländer Pfeiffer Weißgerber Zöllner Lindemann".split(),
        "fr": "Beaumarchais Castaing Delorme Fauconnier Lagarde Montreuil Rivière Vasseur".split(),
        "es": "Arrizabalaga Benítez Cifuentes Echeverría Galindo Montalbán Quiroga Zubizarreta".split(),
        "it": "Bellandi Cavalcanti Ferraresi Lombardini Marchesini Pellegrino Santoro Tagliaferri".split(),
        "nl": "Bakker Dijkstra Hoekstra Kuipers Mulder Schouten Veenstra Wijnands".split(),
        "pt": "Albuquerque Carvalho Figueiredo Magalhães Nogueira Pimentel Sequeira Valadares".split(),
        "da": "Bækgaard Christoffersen Damgaard Frederiksen Holmgaard Kjærsgaard Lauridsen Østergaard".split(),
        "pl": "Brzozowski Dąbrowska Górecki Jabłońska Kowalczyk Nowakowski Szczepańska Wróblewski".split()}
ORGS = ["Tallowmere Credit Union", "Brightfen Mutual", "Quillhaven Pharmacy", "Larkspur Valley Clinic",
        "Northgate Lab Services", "Cobblestone Payroll", "Halyard Cloud", "Pinecrest Wireless", "Voyageur Trips",
        "Marram & Finch Outfitters", "Stonebridge Surgery", "Ferncliff Health Plan", "Oakhollow Insurance"]
DOMAINS = ["tallowmere-cu.com", "brightfenmutual.co", "quillhavenrx.net", "larkspurvalleyclinic.org",
           "ngls-diagnostics.com", "cobblestonepay.io", "halyard.cloud", "pinecrestwireless.net", "voyageur-trips.com",
           "marramfinch.shop", "stonebridge-surgery.nhs.uk", "ferncliffhp.org", "oakhollow-ins.com", "mailbox.org",
           "fastmail.fm", "outlook.com", "gmx.de", "orange.fr", "telefonica.net", "libero.it", "ziggo.nl", "sapo.pt",
           "jubii.dk", "wp.pl", "proton.me", "icloud.com"]
VENDOR_DOMAIN = "ninthhand-support.com"
AGENTS = ["Priya Venkataraman", "Callum Fairweather", "Noor Haddad", "Teodora Ilieva", "Ravi Chandrasekar",
          "Maeve Gallagher", "Luis Ocampo", "Ifeoma Nwosu"]
STREETS = ["Hollowell Lane", "Brackenridge Ave", "Saltmarsh Rd", "Quarry Hill Ct", "Ember Street"]

LANG_COUNTRY = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pt": "PT", "da": "DK", "pl": "PL"}


# ============================================================================ value generators (positives)

def dg(r, n):
    return "".join(r.choice("0123456789") for _ in range(n))


def gen_card(r):
    brand = r.choice(["visa", "visa", "mc", "mc2", "amex", "discover", "jcb", "diners", "visa19"])
    while True:
        if brand == "visa":
            body = "4" + dg(r, 14)
        elif brand == "visa19":
            body = "4" + dg(r, 17)
        elif brand == "mc":
            body = str(r.randint(51, 55)) + dg(r, 13)
        elif brand == "mc2":
            body = str(r.randint(2221, 2720)) + dg(r, 11)
        elif brand == "amex":
            body = r.choice(["34", "37"]) + dg(r, 12)
        elif brand == "discover":
            body = r.choice(["6011" + dg(r, 11), "65" + dg(r, 13)])
        elif brand == "jcb":
            body = str(r.randint(3528, 3589)) + dg(r, 11)
        else:
            body = "36" + dg(r, 11)
        d = body + luhn_digit(body)
        if card_ok(d):
            break
    style = r.choice(["space", "plain", "dash", "space"])
    if brand == "amex":
        g = [d[:4], d[4:10], d[10:]]
    elif brand == "diners":
        g = [d[:4], d[4:10], d[10:]]
    elif brand == "visa19":
        g = [d[:4], d[4:8], d[8:12], d[12:16], d[16:]]
    else:
        g = [d[i:i + 4] for i in range(0, 16, 4)]
    v = d if style == "plain" else (" " if style == "space" else "-").join(g)
    return v, f"card.{brand}.{style}"


def gen_ssn(r):
    while True:
        a = r.randint(1, 899)
        if a != 666:
            break
    v = f"{a:03d}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"
    st = r.choice(["dash", "dash", "compact", "space"])
    if st == "compact":
        v = v.replace("-", "")
    elif st == "space":
        v = v.replace("-", " ")
    return v, f"ssn.{st}"


def make_iban(r, cc):
    n = IBAN_LEN[cc] - 4
    if cc == "GB" or cc == "IE":
        bban = "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + dg(r, n - 4)
    elif cc == "NL":
        bban = "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") for _ in range(4)) + dg(r, 10)
    elif cc == "IT":
        bban = r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ") + dg(r, 22)
    else:
        bban = dg(r, n)
    chk = 98 - iban_mod(cc + "00" + bban)
    return f"{cc}{chk:02d}{bban}"


def fmt_iban(r, s):
    st = r.choice(["grouped", "grouped", "compact"])
    return (" ".join(s[i:i + 4] for i in range(0, len(s), 4)) if st == "grouped" else s), st


def gen_iban(r, cc):
    v, st = fmt_iban(r, make_iban(r, cc))
    return v, f"iban.{cc.lower()}.{st}"


def gen_aba(r):
    while True:
        d = r.choice(ABA_PREFIXES) + dg(r, 6)
        for c in "0123456789":
            if aba_ok(d + c):
                return d + c, f"aba.fed{d[:2]}"


def gen_npi(r):
    body = r.choice("12") + dg(r, 8)
    for c in "0123456789":
        if npi_ok(body + c):
            return body + c, "npi.plain"


def gen_nhs(r):
    while True:
        d = str(r.randint(4, 9)) + dg(r, 8)
        s = sum(int(c) * w for c, w in zip(d, range(10, 1, -1)))
        c = 11 - s % 11
        c = 0 if c == 11 else c
        if c != 10:
            d += str(c)
            break
    st = r.choice(["spaced", "spaced", "compact", "dashed"])
    v = {"spaced": f"{d[:3]} {d[3:6]} {d[6:]}", "compact": d, "dashed": f"{d[:3]}-{d[3:6]}-{d[6:]}"}[st]
    return v, f"nhs.{st}"


def gen_dea(r, surname):
    first = r.choice("ABFGM")
    d6 = dg(r, 6)
    init = surname[0].upper()
    init = {"Ø": "O", "Ż": "Z"}.get(init, init)
    return f"{first}{init}{d6}{dea_check(d6)}", f"dea.{first.lower()}x"


def gen_aws(r):
    p = r.choice(["AKIA", "AKIA", "ASIA"])
    while True:
        v = p + "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
        if aws_ok(v):
            return v, f"aws.{p.lower()}"


def gen_gh(r):
    p = r.choice(["ghp", "ghp", "gho", "ghu", "ghs", "ghr"])
    body = "".join(r.choice(B62) for _ in range(30))
    return f"{p}_{body}{b62(binascii.crc32(body.encode()))}", f"gh.{p}"


def gen_pem(r):
    kind = r.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY"])
    n = {"RSA PRIVATE KEY": r.choice([600, 900]), "PRIVATE KEY": 630, "EC PRIVATE KEY": 121,
         "OPENSSH PRIVATE KEY": 400}[kind]
    raw = bytes(r.randrange(256) for _ in range(n))
    b = base64.b64encode(raw).decode()
    width = 70 if kind == "OPENSSH PRIVATE KEY" else 64
    lines = "\n".join(b[i:i + width] for i in range(0, len(b), width))
    return f"-----BEGIN {kind}-----\n{lines}\n-----END {kind}-----", "pkey." + kind.split()[0].lower()


def gen_ip(r):
    st = r.choice(["pub", "pub", "priv", "priv", "v6"])
    while True:
        if st == "pub":
            v = f"{r.randint(23, 222)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
            a = ipaddress.ip_address(v)
            if a.is_private or not ip_ok(v):
                continue
        elif st == "priv":
            v = r.choice([f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}",
                          f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}",
                          f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}"])
        else:
            v = "2a0" + r.choice("1256") + ":" + ":".join(f"{r.randrange(65536):x}" for _ in range(3)) + "::" + \
                f"{r.randrange(1, 65536):x}"
        if ip_ok(v):
            return v, f"ip.v4{st}" if st != "v6" else "ip.v6"


def gen_mrn(r):
    st = r.choice(["d7", "d8", "m7", "e8", "z8"])
    v = {"d7": dg(r, 7), "d8": dg(r, 8), "m7": "M" + dg(r, 7), "e8": "LVC-" + dg(r, 8),
         "z8": "00" + dg(r, 6)}[st]
    if st in ("d7", "d8") and v[0] == "0":
        v = "7" + v[1:]
    return v, f"mrn.{st}"


MON_EN = "January February March April May June July August September October November December".split()
MON = {"de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
       "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
       "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
       "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split(),
       "nl": "januari februari maart april mei juni juli augustus september oktober november december".split(),
       "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
       "da": "januar februar marts april maj juni juli august september oktober november december".split(),
       "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split()}


def fmt_date(r, y, m, d, lang, region):
    if lang == "en" and region == "US":
        st = r.choice(["us", "us", "iso", "long_mdy", "us_dash"])
        v = {"us": f"{m:02d}/{d:02d}/{y}", "iso": f"{y}-{m:02d}-{d:02d}", "long_mdy": f"{MON_EN[m-1]} {d}, {y}",
             "us_dash": f"{m:02d}-{d:02d}-{y}"}[st]
    elif lang == "en":
        st = r.choice(["uk", "uk", "long_dmy", "iso"])
        v = {"uk": f"{d:02d}/{m:02d}/{y}", "long_dmy": f"{d} {MON_EN[m-1]} {y}", "iso": f"{y}-{m:02d}-{d:02d}"}[st]
    elif lang in ("de", "da", "pl"):
        st = r.choice(["dot", "dot", "long"])
        v = f"{d:02d}.{m:02d}.{y}" if st == "dot" else f"{d}. {MON[lang][m-1]} {y}" if lang != "pl" else \
            f"{d} {MON[lang][m-1]} {y}"
    elif lang == "nl":
        st = r.choice(["dash", "long"])
        v = f"{d:02d}-{m:02d}-{y}" if st == "dash" else f"{d} {MON[lang][m-1]} {y}"
    else:
        st = r.choice(["slash", "slash", "long"])
        sep = " de " if lang in ("es", "pt") else " "
        v = f"{d:02d}/{m:02d}/{y}" if st == "slash" else f"{d}{sep}{MON[lang][m-1]}{sep}{y}"
    return v, st


def gen_dob(r, lang, region):
    v, st = fmt_date(r, r.randint(1938, 2006), r.randint(1, 12), r.randint(1, 28), lang, region)
    return v, f"dob.{st}"


AREA = [201, 206, 212, 213, 214, 253, 267, 303, 312, 314, 404, 412, 415, 503, 512, 602, 614, 617, 702, 713, 720,
        737, 801, 816, 901, 919, 971]


def gen_phone(r, lang, region):
    if lang == "en" and region == "US":
        a, e, s = r.choice(AREA), r.randint(201, 989), r.randint(1000, 9999)
        st = r.choice(["paren", "dash", "dot", "e164sp", "plus1dash"])
        v = {"paren": f"({a}) {e}-{s}", "dash": f"{a}-{e}-{s}", "dot": f"{a}.{e}.{s}",
             "e164sp": f"+1 {a} {e} {s}", "plus1dash": f"+1-{a}-{e}-{s}"}[st]
        return v, f"phone.us.{st}"
    if lang == "en":
        st = r.choice(["mobile", "london", "intl"])
        v = {"mobile": f"07{r.randint(400, 999)} {dg(r, 6)}", "london": f"020 {r.randint(7000, 8999)} {dg(r, 4)}",
             "intl": f"+44 {r.randint(1200, 1999)} {dg(r, 6)}"}[st]
        return v, f"phone.gb.{st}"
    f = {"de": lambda: r.choice([f"+49 {r.randint(30, 89)} {dg(r, 7)}", f"0{r.randint(151, 179)} {dg(r, 7)}"]),
         "fr": lambda: r.choice([f"+33 6 {dg(r,2)} {dg(r,2)} {dg(r,2)} {dg(r,2)}", f"0{r.randint(1,7)} {dg(r,2)} {dg(r,2)} {dg(r,2)} {dg(r,2)}"]),
         "es": lambda: r.choice([f"+34 6{dg(r,2)} {dg(r,3)} {dg(r,3)}", f"91{dg(r,1)} {dg(r,3)} {dg(r,3)}"]),
         "it": lambda: r.choice([f"+39 3{dg(r,2)} {dg(r,3)} {dg(r,4)}", f"02 {dg(r,4)} {dg(r,4)}"]),
         "nl": lambda: r.choice([f"+31 6 {dg(r,8)}", f"020-{dg(r,7)}"]),
         "pt": lambda: r.choice([f"+351 9{dg(r,2)} {dg(r,3)} {dg(r,3)}", f"21{dg(r,1)} {dg(r,3)} {dg(r,3)}"]),
         "da": lambda: f"+45 {dg(r,2)} {dg(r,2)} {dg(r,2)} {dg(r,2)}",
         "pl": lambda: r.choice([f"+48 5{dg(r,2)} {dg(r,3)} {dg(r,3)}", f"22 {dg(r,3)} {dg(r,2)} {dg(r,2)}"])}[lang]
    return f(), f"phone.{lang}"


def ascii_fold(s):
    import unicodedata
    s = s.lower().replace("ø", "o").replace("ł", "l").replace("æ", "ae").replace("ß", "ss")
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", s)


def gen_email(r, first, last, domain):
    f, l = ascii_fold(first), ascii_fold(last)
    st = r.choice(["first.last", "flast", "first_last", "first", "lastf", "plus", "role"])
    local = {"first.last": f"{f}.{l}", "flast": f"{f[0]}{l}", "first_last": f"{f}_{l}", "first": f"{f}{r.randint(2, 99)}",
             "lastf": f"{l}.{f[0]}", "plus": f"{f}+{r.choice(['billing', 'tickets', 'claims'])}",
             "role": r.choice(["accounts", "billing", "helpdesk", "ops", "claims", "frontdesk"])}[st]
    return f"{local}@{domain}", f"email.{st}"


# ============================================================================ negatives

def safe(r, f):
    """Draw f(r) until it passes no same-length entity checksum by accident."""
    for _ in range(500):
        v = f(r)
        if accidental(v) is None:
            return v
    raise Retry("no safe draw")


def grp4(d, sep=" "):
    return sep.join(d[i:i + 4] for i in range(0, len(d), 4))


def neg_order(r):  # Luhn-failing 16-digit order number
    while True:
        d = r.choice("3456789") + dg(r, 15)
        if not luhn_ok(d):
            return r.choice([d, grp4(d), grp4(d, "-")])


def neg_luhn_order(r):
    while True:
        b = r.choice("4579") + dg(r, 14)
        d = b + luhn_digit(b)
        if card_ok(d):
            return r.choice([d, grp4(d)])


def neg_date(r, lang, region):
    v, _ = fmt_date(r, r.randint(2023, 2026), r.randint(1, 12), r.randint(1, 28), lang, region)
    return v


def neg_ts(r):
    y, mo, d, h, mi, s = r.randint(2024, 2026), r.randint(1, 12), r.randint(1, 28), r.randrange(24), r.randrange(60), r.randrange(60)
    st = r.choice(["iso", "log", "compact", "slash"])
    if st == "iso":
        return f"{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}Z"
    if st == "log":
        return f"{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}:{s:02d}"
    if st == "compact":
        return f"{y}{mo:02d}{d:02d}{h:02d}{mi:02d}{s:02d}"
    return f"{mo:02d}/{d:02d}/{y} {h:02d}:{mi:02d}"


def mk_neg(r, kind, ctx):
    lang, region = ctx["lang"], ctx["region"]
    up = "ABCDEFGHJKLMNPQRSTUVWXYZ"
    hx = "0123456789abcdef"
    if kind == "order_number":
        return safe(r, neg_order) if False else neg_order(r)
    if kind == "luhn_order_number":
        return neg_luhn_order(r)
    if kind == "masked_card":
        return r.choice([f"**** **** **** {dg(r, 4)}", f"XXXX-XXXX-XXXX-{dg(r, 4)}", f"ending in {dg(r, 4)}"[10:],
                         f"{r.choice('45')}{dg(r, 5)}******{dg(r, 4)}", f"•••• {dg(r, 4)}"])
    if kind == "test_card":
        return r.choice(["4242 4242 4242 4242", "4111 1111 1111 1111", "5555 5555 5555 4444", "4000056655665556"])
    if kind == "imei":
        b = "35" + dg(r, 12)
        return b + luhn_digit(b)
    if kind == "barcode_ean13":
        while True:
            b = r.choice("4579") + dg(r, 11)
            s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(b))
            v = b + str((10 - s % 10) % 10)
            if not luhn_ok(v):
                return v
    if kind == "tracking_number":
        return r.choice([lambda: "1Z" + "".join(r.choice(up + "0123456789") for _ in range(16)),
                         lambda: safe(r, lambda q: "9400" + dg(q, 18)),
                         lambda: safe(r, lambda q: dg(q, 12))])()
    if kind == "auth_code":
        return "".join(r.choice(up + "0123456789") for _ in range(6))
    if kind == "ssn_invalid":
        return f"{r.choice(['000', '666', str(r.randint(900, 999))])}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"
    if kind == "ein":
        return safe(r, lambda q: f"{q.choice(['12', '27', '46', '84', '91'])}-{dg(q, 7)}")
    if kind == "masked_ssn":
        return r.choice([f"XXX-XX-{dg(r, 4)}", f"***-**-{dg(r, 4)}", f"xxx-xx-{dg(r, 4)}"])
    if kind == "zip_plus4":
        return safe(r, lambda q: f"{q.randint(10000, 99950)}-{dg(q, 4)}")
    if kind == "masked_email":
        return r.choice(["j******@", "m***.k***@", "a****@"]) + r.choice(["outlook.com", "gmail.com", "proton.me"])
    if kind == "placeholder_email":
        return r.choice(["name@example.com", "you@yourcompany.com", "user@example.org", "firstname.lastname@domain.com"])
    if kind == "message_id":
        return f"<{''.join(r.choice(hx) for _ in range(12))}.{dg(r, 6)}@mx{r.randint(1, 9)}.relay.internal>"
    if kind == "masked_phone":
        return r.choice([f"(***) ***-{dg(r, 4)}", f"+1 *** *** {dg(r, 4)}", f"07*** ***{dg(r, 3)}", f"XXX-XXX-{dg(r, 4)}"])
    if kind == "phone_shaped_ref":
        return safe(r, lambda q: f"{q.randint(300, 899)}-{q.randint(100, 999)}-{dg(q, 4)}")
    if kind == "iban_bad_checksum":
        cc = r.choice(list(LANG_COUNTRY.values()) + ["GB"])
        s = make_iban(r, cc)
        bad = f"{(int(s[2:4]) + r.randint(1, 9)) % 97 + 2:02d}"
        s = s[:2] + bad + s[4:]
        if iban_ok(s):
            s = s[:2] + f"{(int(s[2:4]) + 1) % 100:02d}" + s[4:]
        return fmt_iban(r, s)[0]
    if kind == "iban_doc_example":
        return r.choice(["DE89 3704 0044 0532 0130 00", "GB29 NWBK 6016 1331 9268 19", "FR14 2004 1010 0505 0001 3M02 606"])
    if kind == "bic":
        return r.choice(["DEUTDEFF", "BNPAFRPP", "CAIXESBB", "UNCRITMM", "INGBNL2A", "CGDIPTPL", "DABADKKK",
                         "PKOPPLPW", "NWBKGB2L", "COBADEFFXXX"])
    if kind == "masked_iban":
        cc = r.choice(["DE", "NL", "FR", "GB"])
        return f"{cc}** **** **** **** {dg(r, 2)}"
    if kind == "sort_code":
        return f"{r.randint(10, 99)}-{dg(r, 2)}-{dg(r, 2)}"
    if kind == "bank_account_number":
        return safe(r, lambda q: dg(q, q.choice([8, 11, 12])))
    if kind == "aba_shaped_batch":
        return gen_aba(r)[0]
    if kind == "masked_routing":
        return f"*****{dg(r, 4)}"
    if kind == "version_string":
        return f"{r.randint(1, 24)}.{r.randint(0, 40)}.{r.randint(0, 400)}.{r.randint(1000, 9999)}"
    if kind == "oid":
        return "1.3.6.1.4.1." + ".".join(str(r.randint(1, 60000)) for _ in range(3))
    if kind == "mac_address":
        return ":".join(f"{r.randrange(256):02x}" for _ in range(6)).upper() if r.random() < .5 else \
            "-".join(f"{r.randrange(256):02x}" for _ in range(6))
    if kind == "masked_ip":
        return f"{r.randint(11, 200)}.{r.randint(0, 255)}.x.x"
    if kind == "ip_bad_octet":
        return f"{r.randint(256, 999)}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    if kind == "claim_number":
        return r.choice([f"CLM-{dg(r, 8)}", safe(r, lambda q: "2" + dg(q, 10))])
    if kind == "member_id":
        return r.choice(["W", "XQH", "FCH"]) + dg(r, 9)
    if kind == "accession_number":
        return f"A{dg(r, 2)}-{dg(r, 6)}"
    if kind == "rx_number":
        return f"RX{dg(r, 7)}"
    if kind == "encounter_number":
        return safe(r, lambda q: "E" + dg(q, 8))
    if kind == "masked_mrn":
        return f"****{dg(r, 3)}"
    if kind == "npi_fail":
        while True:
            v = r.choice("12") + dg(r, 9)
            if not npi_ok(v) and not nhs_ok(v):
                return v
    if kind == "npi_shaped_ref":
        return gen_npi(r)[0]
    if kind == "masked_npi":
        return f"{r.choice('12')}*******{dg(r, 2)}"
    if kind == "date_other":
        return neg_date(r, lang, region)
    if kind == "timestamp":
        return safe(r, neg_ts)
    if kind == "card_expiry":
        return f"{r.randint(1, 12):02d}/{r.randint(26, 31)}"
    if kind == "masked_dob":
        return r.choice(["**/**/19" + dg(r, 2)[:0] + "**", "XX/XX/XXXX", "##.##.19##"])
    if kind == "nhs_fail_mod11":
        while True:
            d = str(r.randint(4, 9)) + dg(r, 9)
            if not nhs_ok(d) and not npi_sum(d):
                return f"{d[:3]} {d[3:6]} {d[6:]}"
    if kind == "masked_nhs":
        return f"*** *** {dg(r, 4)}"
    if kind == "ods_code":
        return r.choice("ABCDEFGHJKLMNP") + dg(r, 5)
    if kind == "dea_fail":
        d6 = dg(r, 6)
        return f"{r.choice('ABFGM')}{r.choice(up)}{d6}{(dea_check(d6) + r.randint(1, 9)) % 10}"
    if kind == "masked_dea":
        return f"{r.choice('ABFM')}*******{dg(r, 1)}"
    if kind == "state_license":
        return f"{r.choice(['MD', 'RN', 'PH'])}{dg(r, 6)}"
    if kind == "aws_example_key":
        return "AKIAIOSFODNN7EXAMPLE"
    if kind == "aws_secret_key":
        return "".join(r.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+") for _ in range(40))
    if kind == "aws_account_id":
        return safe(r, lambda q: q.choice("123456789") + dg(q, 11))
    if kind == "gh_checksum_fail":
        while True:
            body = "".join(r.choice(B62) for _ in range(36))
            v = "ghp_" + body
            if not gh_ok(v):
                return v
    if kind == "git_sha":
        return "".join(r.choice(hx) for _ in range(40))
    if kind == "masked_token":
        return f"ghp_{'*' * 8}{''.join(r.choice(B62) for _ in range(4))}"
    if kind == "certificate_block":
        b = base64.b64encode(bytes(r.randrange(256) for _ in range(300))).decode()
        return "-----BEGIN CERTIFICATE-----\n" + "\n".join(b[i:i + 64] for i in range(0, len(b), 64)) + \
            "\n-----END CERTIFICATE-----"
    if kind == "redacted_private_key":
        return "-----BEGIN RSA PRIVATE KEY-----\n[key material removed by agent]\n-----END RSA PRIVATE KEY-----"
    # ---- other (generic references)
    if kind == "invoice_number":
        return r.choice([f"INV-{dg(r, 6)}", f"{r.randint(2024, 2026)}-{dg(r, 5)}"])
    if kind == "ticket_ref":
        return r.choice([f"#{dg(r, 6)}", f"CS-{dg(r, 5)}", f"INC{dg(r, 7)}"])
    if kind == "booking_ref":
        return "".join(r.choice(up) for _ in range(6))
    if kind == "policy_number":
        return f"{r.choice(['HO', 'AU', 'PL'])}-{dg(r, 4)}-{dg(r, 5)}"
    if kind == "uuid":
        return "-".join("".join(r.choice(hx) for _ in range(n)) for n in (8, 4, 4, 4, 12))
    if kind == "amount":
        return r.choice([f"${r.randint(10, 4999)}.{dg(r, 2)}", f"£{r.randint(10, 999)}.{dg(r, 2)}",
                         f"{r.randint(10, 9999)},{dg(r, 2)} €"])
    if kind == "postcode":
        return r.choice([f"{r.choice(['SW', 'LS', 'BS', 'M'])}{r.randint(1, 19)} {r.randint(1, 9)}{r.choice(up)}{r.choice(up)}",
                         f"{r.randint(10000, 99950)}"])
    if kind == "sku":
        return f"SKU-{''.join(r.choice(up) for _ in range(3))}-{dg(r, 4)}"
    if kind == "hex_hash":
        return "".join(r.choice(hx) for _ in range(64))
    if kind == "ein_other":
        return "x"
    raise KeyError(kind)


OTHER_KINDS = {"invoice_number", "ticket_ref", "booking_ref", "policy_number", "uuid", "amount", "postcode", "sku",
               "hex_hash", "tracking_number_other"}


# ============================================================================ builder and fields

NEG_FIELDS = {
    "order": "order_number", "lorder": "luhn_order_number", "mcard": "masked_card", "tcard": "test_card",
    "imei": "imei", "ean": "barcode_ean13", "track": "tracking_number", "auth": "auth_code",
    "badssn": "ssn_invalid", "ein": "ein", "mssn": "masked_ssn", "zipf": "zip_plus4",
    "memail": "masked_email", "pemail": "placeholder_email", "msgid": "message_id",
    "mphone": "masked_phone", "pref": "phone_shaped_ref",
    "badiban": "iban_bad_checksum", "dociban": "iban_doc_example", "bic": "bic", "miban": "masked_iban",
    "sort": "sort_code", "acct": "bank_account_number", "batch": "aba_shaped_batch", "mrouting": "masked_routing",
    "ver": "version_string", "oid": "oid", "mac": "mac_address", "mip": "masked_ip", "badip": "ip_bad_octet",
    "claim": "claim_number", "member": "member_id", "accn": "accession_number", "rx": "rx_number",
    "enc": "encounter_number", "mmrn": "masked_mrn",
    "badnpi": "npi_fail", "npiref": "npi_shaped_ref", "mnpi": "masked_npi",
    "date": "date_other", "ts": "timestamp", "exp": "card_expiry", "mdob": "masked_dob",
    "badnhs": "nhs_fail_mod11", "mnhs": "masked_nhs", "ods": "ods_code",
    "baddea": "dea_fail", "mdea": "masked_dea", "lic": "state_license",
    "awsex": "aws_example_key", "awssec": "aws_secret_key", "awsacct": "aws_account_id",
    "badgh": "gh_checksum_fail", "sha": "git_sha", "mtok": "masked_token",
    "cert": "certificate_block", "rpem": "redacted_private_key",
    "inv": "invoice_number", "tkt": "ticket_ref", "bref": "booking_ref", "pol": "policy_number", "uuid": "uuid",
    "amt": "amount", "pc": "postcode", "sku": "sku", "hash": "hex_hash",
}


def pos_value(r, base, ctx):
    lang, region = ctx["lang"], ctx["region"]
    if base == "card":
        return ("CREDIT_CARD",) + gen_card(r)
    if base == "ssn":
        return ("US_SSN",) + gen_ssn(r)
    if base == "email":
        return ("EMAIL_ADDRESS",) + gen_email(r, ctx["first"], ctx["last"], ctx["domain"])
    if base == "aemail":
        f, l = ctx["agent"].split()
        return "EMAIL_ADDRESS", f"{ascii_fold(f)}.{ascii_fold(l)}@{VENDOR_DOMAIN}", "email.agent"
    if base == "oemail":
        v, f = gen_email(r, ctx["doc_first"], ctx["doc_last"], ctx["odomain"])
        return "EMAIL_ADDRESS", v, f
    if base in ("phone", "ophone"):
        return ("PHONE_NUMBER",) + gen_phone(r, lang, region)
    if base == "iban":
        cc = LANG_COUNTRY.get(lang, "GB")
        return ("IBAN_CODE",) + gen_iban(r, cc)
    if base == "aba":
        return ("ABA_ROUTING_NUMBER",) + gen_aba(r)
    if base == "ip":
        return ("IP_ADDRESS",) + gen_ip(r)
    if base == "mrn":
        return ("MEDICAL_RECORD_NUMBER",) + gen_mrn(r)
    if base == "npi":
        return ("US_NPI",) + gen_npi(r)
    if base == "dob":
        return ("DATE_OF_BIRTH",) + gen_dob(r, lang, region)
    if base == "nhs":
        return ("UK_NHS",) + gen_nhs(r)
    if base == "dea":
        return ("US_DEA",) + gen_dea(r, ctx["doc_last"])
    if base == "aws":
        return ("AWS_ACCESS_KEY",) + gen_aws(r)
    if base == "gh":
        return ("GITHUB_TOKEN",) + gen_gh(r)
    if base == "pkey":
        return ("PRIVATE_KEY",) + gen_pem(r)
    return None


TEXT_FIELDS = {"first", "last", "name", "agent", "org", "drname", "drlast", "street", "afirst", "sup"}


def text_value(r, base, ctx):
    if base == "first":
        return ctx["first"]
    if base == "last":
        return ctx["last"]
    if base == "name":
        return f"{ctx['first']} {ctx['last']}"
    if base == "agent":
        return ctx["agent"]
    if base == "afirst":
        return ctx["agent"].split()[0]
    if base == "sup":
        return ctx["sup"]
    if base == "org":
        return ctx["org"]
    if base == "drname":
        return f"{ctx['doc_first']} {ctx['doc_last']}"
    if base == "drlast":
        return ctx["doc_last"]
    if base == "street":
        return f"{r.randint(2, 98)} {r.choice(STREETS)}"


class B:
    def __init__(self):
        self.buf, self.n, self.spans, self.negs = [], 0, [], []

    def t(self, x):
        self.buf.append(x)
        self.n += len(x)

    def text(self):
        return "".join(self.buf)


FIELD_RE = re.compile(r"\{([a-z]+)(\d*)\}")


def render(r, tpl, ctx, b=None):
    b = b or B()
    cache = ctx.setdefault("cache", {})
    pos = 0
    for m in FIELD_RE.finditer(tpl):
        b.t(tpl[pos:m.start()])
        pos = m.end()
        base, key = m.group(1), m.group(0)
        if key not in cache:
            if m.group(2) and base in ("name", "email", "first", "last"):
                other = ctx.setdefault("others", {})
                if m.group(2) not in other:
                    pool = ctx["lang"]
                    other[m.group(2)] = (r.choice(FIRST[pool]), r.choice(LAST[pool]))
                sub = dict(ctx, first=other[m.group(2)][0], last=other[m.group(2)][1])
                if base == "email":
                    cache[key] = ("P",) + pos_value(r, base, sub)
                else:
                    cache[key] = ("T", text_value(r, base, sub))
            elif base in TEXT_FIELDS:
                cache[key] = ("T", text_value(r, base, ctx))
            elif base in NEG_FIELDS:
                kind = NEG_FIELDS[base]
                v = mk_neg(r, kind, ctx)
                if kind not in PASS_KINDS and kind not in FAIL_KINDS and accidental(v):
                    raise Retry(f"accidental {kind} {v}")
                cache[key] = ("N", v, kind)
            else:
                pv = pos_value(r, base, ctx)
                if pv is None:
                    raise KeyError(f"unknown field {key} in template")
                if ctx.get("benign"):
                    raise KeyError(f"positive field {key} in benign template")
                cache[key] = ("P",) + pv
        c = cache[key]
        if c[0] == "T":
            b.t(c[1])
        elif c[0] == "N":
            b.negs.append((b.n, b.n + len(c[1]), c[2]))
            b.t(c[1])
        else:
            b.spans.append((b.n, b.n + len(c[2]), c[1], c[3]))
            b.t(c[2])
    b.t(tpl[pos:])
    return b


# ============================================================================ templates (English)
# (queue, category, region, text); {field} placeholders, a repeated placeholder repeats the same value.

EN = [
("finance", "customer_email", "US",
 "Hello,\n\nSorry to bother you again -- I know it's the third time this week. My card {card} was declined at the "
 "pharmacy yesterday even though the balance shows {amt}. Your app says order {order} went through, but the merchant "
 "never got it. I changed my phone to {phone} last month, maybe the texts go to the old one?\n\nThanks for your "
 "patience,\n{name}\n{email}"),
("finance", "agent_reply", "US",
 "Hi {first},\n\nThanks for confirming. Just to repeat back what I have on file before I open the dispute:\n"
 "  Card: {card}\n  Expiry: {exp}\n  Callback: {phone}\n  Dispute case: {tkt}\n\nPlease don't send the CVV. The "
 "masked copy on the statement ({mcard}) is fine for your records.\n\n{agent}\nCard Services, {org}"),
("finance", "handover_note", "US",
 "HANDOVER -- night shift to {afirst}\nCustomer {name} wants the direct deposit moved. New routing {aba}, account "
 "{acct} (checking). Old routing ended {mrouting}. Verified identity with SSN {ssn} and DOB {dob}. Left voicemail at "
 "{phone}. Ticket {tkt} stays pending until ACH pre-note clears on {date}."),
("finance", "notification", "US",
 "---- pasted system notification ----\nSubject: Payment failed for invoice {inv}\n\nWe could not charge the card "
 "ending {mcard}. Amount: {amt}. Attempted: {ts}. Reason code: do_not_honor.\nUpdate your payment method at "
 "https://billing.tallowmere-cu.com/account\n---- end ----\n\nCustomer replied from {email} and typed the full number "
 "in the reply: {card} exp {exp}. Please purge after updating."),
("finance", "qa_review", "US",
 "QA review, ticket {tkt}, agent {agent}.\nScore 3/5. Agent read back the full SSN ({ssn}) over the phone instead of "
 "last four. Also pasted the customer's routing number {aba} in a public comment. Positive: correctly refused order "
 "{order} as a card number when the caller read it out. Coaching booked for {date}."),
("finance", "escalation", "US",
 "ESCALATION to Tier 2 / fraud\nReporter: {name}, {email}, {phone}\nSuspicious logins from {ip} and {ip2} between "
 "{ts} and {ts2}. Device MAC {mac} not seen before. Customer says the card {card} was never shared. Merchant "
 "reference {lorder} (an order number from the web shop, passes Luhn -- NOT a card). Supervisor: {sup}"),
("insurance", "customer_email", "US",
 "Dear claims team,\n\nI'm writing about my claim {claim} for the water damage on {date}. Your adjuster asked for my "
 "date of birth, which is {dob}, and my policy number {pol}. I've also attached the plumber's invoice {inv} "
 "({amt}). Please call me at {phone} rather than e-mail if possible, my inbox ({email}) is a mess.\n\nKind regards,\n"
 "{name}\n{street}"),
("insurance", "call_summary", "US",
 "Call summary {ts}\nCaller: {name} (policyholder). Verified: DOB {dob}, last 4 of SSN only ({mssn}).\n"
 "Topic: rental car coverage on claim {claim}. Caller gave new e-mail {email} and mobile {phone}.\nTreating "
 "provider NPI {npi}. Member ID {member}. Next step: adjuster callback by {date}."),
("insurance", "macro", "US",
 "[Macro: Claim acknowledgement v4]\nDear {name},\nWe received your claim {claim} on {date}. Policy: {pol}. "
 "Insured date of birth: {dob}. Provider: {drname}, NPI {npi}. Reimbursement will go to routing {aba}, "
 "account {acct}.\nQuestions? Reply to this e-mail or call {ophone}.\n-- Oakhollow Claims"),
("us_health", "customer_email", "US",
 "Hi, this is {name}. I'm trying to get my son's lab results from Northgate. His MRN is {mrn} and his date of birth is "
 "{dob}. The lab says accession {accn} is final but the portal says pending. I tried from home ({ip}) and on my "
 "phone. You can text me at {phone}.\nThank you so much, I'm sorry for the long message."),
("us_health", "agent_reply", "US",
 "Hello {first},\n\nI've confirmed the following with the clinic:\n- Patient: {name}\n- MRN: {mrn}\n- DOB: {dob}\n- "
 "Appointment: {date} (not a birth date, just your visit)\n- Encounter: {enc}\n\nIf anything above is wrong, reply "
 "here or call {ophone}.\n\nBest,\n{agent}"),
("us_health", "escalation", "US",
 "Pharmacy escalation -- e-prescription rejected.\nPrescriber: Dr. {drname}, NPI {npi}, DEA {dea}. State license "
 "{lic}.\nRx {rx} for patient MRN {mrn}, born {dob}.\nSureScripts returned 'prescriber not found' at {ts}. Pharmacy "
 "NPI on file is {npi2}. Old DEA typed by front desk was {baddea} (fails check digit). Contact: {oemail}"),
("us_health", "csv_export", "US",
 "Exported the no-show list as asked (tab separated):\n\nmrn\tpatient\tdob\tphone\tappt_date\n{mrn}\t{name}\t{dob}\t"
 "{phone}\t{date}\n{mrn2}\t{last}, J.\t{dob2}\t{phone2}\t{date2}\n\nRow count 2. File id {uuid}."),
("us_health", "phone_summary", "US",
 "Phone call, {ts}. {name} called about a bill for {amt}. Claim {claim}, member {member}. She gave her birth date as "
 "{dob} and SSN {ssn} before I could stop her -- flagging for redaction. Rendering NPI {npi}; the 10-digit number "
 "{badnpi} on her paper EOB fails the NPI check, it's the payer's document number."),
("us_health", "lab_notification", "US",
 "Automated message from Northgate Lab Services:\nYour results are ready. Specimen {accn} collected {date}.\nPatient: "
 "{name} | MRN {mrn} | DOB {dob}\nOrdering provider NPI: {npi}\nDo not reply to this e-mail. Questions: {ophone}"),
("uk_gp", "customer_email", "UK",
 "Dear Stonebridge Surgery,\n\nApologies for writing again. My repeat prescription hasn't reached the pharmacy. My NHS "
 "number is {nhs} and my date of birth is {dob}. The pharmacy code on the slip is {ods}. Please ring me on {phone} "
 "or e-mail {email}.\n\nMany thanks,\n{name}\n{pc}"),
("uk_gp", "handover_note", "UK",
 "Reception handover: {name} (DOB {dob}, NHS No. {nhs}) rang re online access. Linked account shows e-mail {email}. "
 "The number she read from an old letter, {badnhs}, fails the mod 11 check -- probably a hospital episode ref. Call "
 "back on {phone} after {date}."),
("uk_gp", "macro", "UK",
 "[Template: Appointment reminder]\nHi {first}, this is a reminder of your appointment on {date} at 10:40 with Dr "
 "{drlast}. NHS number: {nhs}. If you cannot attend, call {ophone}. Practice code {ods}. Reply STOP to opt out."),
("payroll", "customer_email", "US",
 "Hi payroll,\n\nMy last paycheck went to my old bank. New details: routing number {aba}, account {acct}. I already "
 "updated it in the portal on {date} but the stub still shows the old routing ({mrouting}). My SSN is {ssn} if you "
 "need it. Employer EIN for reference is {ein}.\n\n{name}\n{phone}"),
("payroll", "hr_note", "US",
 "HR case {tkt}: onboarding for {name}.\nW-4 received. SSN {ssn}. DOB {dob}. Home {street}, zip {zipf}.\nDirect "
 "deposit: routing {aba} / acct {acct}. Employee ID {inv}. Personal e-mail {email}, mobile {phone}."),
("payroll", "csv_export", "US",
 "Attached rows from the payroll change report (comma separated):\n\nemployee,ssn,routing,account,effective\n"
 "{name},{ssn},{aba},{acct},{date}\n{name2},{badssn},{batch},{acct2},{date2}\n\nSecond row is the test employee -- "
 "its SSN is invalid on purpose and {batch} is our ACH batch number, not a routing number."),
("saas", "customer_email", "US",
 "Hey team,\n\nOur deploys started failing after we rotated credentials. I think someone pasted the old key into the "
 "pipeline vars. The key id that still shows up in CloudTrail is {aws} (account {awsacct}). Our CI runner egress IP is "
 "{ip}. Build {ver} is the last one that worked.\n\nCheers,\n{name} | Platform | {email}"),
("saas", "log_excerpt", "US",
 "Log excerpt attached by customer:\n\n{ts} INFO  auth  login ok user={email} src={ip} agent=cli/{ver}\n{ts2} WARN  "
 "auth  token rejected token={gh} src={ip2}\n{ts3} INFO  sync  job={uuid} bytes=4821 host=10.x.x.x\n{ts4} ERROR "
 "sync  checksum mismatch sha={sha}\n\nThe token above was revoked but is still intact in the log."),
("saas", "internal_note", "US",
 "Internal only. Customer {name} pasted their deploy key in a public comment. Key follows, we've asked them to rotate:\n"
 "{pkey}\nAlso in the same comment: GitHub token {gh} and a CA cert (cert is fine to keep):\n{cert}"),
("saas", "chat_log", "US",
 "[{ts}] {name}: hi, the SSO callback keeps looping\n[{ts2}] {agent}: sorry about that! what IP are you connecting "
 "from?\n[{ts3}] {name}: {ip}, also tried from the VPN {ip2}\n[{ts4}] {agent}: thanks. your workspace id is {uuid}, "
 "right?\n[{ts5}] {name}: yes. my email is {email}\n[{ts6}] {agent}: got it, escalating. Ref {tkt}."),
("saas", "config_paste", "US",
 "Customer's .env (they sent it over chat, we asked them to rotate):\n\nAPI_BASE=https://api.halyard.cloud/{ver}\n"
 "AWS_ACCESS_KEY_ID={aws}\nAWS_SECRET_ACCESS_KEY={awssec}\nGITHUB_TOKEN={gh}\nADMIN_EMAIL={email}\n"
 "ALLOWED_IP={ip}\nEXAMPLE_KEY_FROM_DOCS={awsex}"),
("telecom", "customer_email", "US",
 "Hi,\nI ported my number {phone} from my old carrier on {date} and now I can't receive texts. The new SIM IMEI is "
 "{imei} (the phone's IMEI, not an account number). Account PIN reset went to {email}. Autopay card {card}.\nThanks,\n"
 "{name}"),
("telecom", "agent_reply", "UK",
 "Hi {first},\n\nThanks for your patience. I can see the mobile number {phone} is now active on the new SIM. The "
 "reference you quoted, {pref}, is our port request id -- you don't need to give it to anyone else. Router serial "
 "{ver}, MAC {mac}.\n\nIf texts still fail, call us on {ophone}.\n\n{agent}\nPinecrest Wireless Support"),
("travel", "customer_email", "UK",
 "Hello Voyageur,\n\nI booked flights under reference {bref} for me and my mum. The confirmation had her birth date "
 "wrong -- it should be {dob}. Also please refund to the card {card}, not the one ending {mcard}. My mobile is "
 "{phone} and e-mail {email}.\n\nBest wishes,\n{name}"),
("travel", "notification", "US",
 "Booking update (automated)\nRef: {bref}  Status: ticketed  Issued: {ts}\nLead traveller: {name}, date of birth {dob}\n"
 "Contact: {email} / {phone}\nPaid with card {mcard}, auth {auth}, total {amt}.\nFlight date {date}."),
("ecommerce", "customer_email", "US",
 "hi there,\n\nmy order {order} says delivered but nothing came. tracking {track}. I paid with {card}. you can reach me "
 "at {phone} or {email}. The barcode on the box label is {ean} if that helps.\n\nthanks\n{first}"),
("ecommerce", "macro", "UK",
 "[Macro: Refund confirmation]\nDear {name},\nYour refund of {amt} for order {order} has been sent to your bank "
 "account {iban}. Our bank's BIC is {bic} and our sort code {sort} -- you won't need those. Please allow 3-5 working "
 "days.\nQueries: {aemail}"),
("ecommerce", "csv_export", "US",
 "Order export (pipe separated), rows flagged by fraud rules:\n\norder_id|email|card|ip|sku\n{order}|{email}|{card}|"
 "{ip}|{sku}\n{order2}|{email2}|{tcard}|{ip2}|{sku2}\n\nRow 2 used a test card in staging, ignore."),
("finance", "forwarded_chain", "UK",
 "---------- Forwarded message ---------\nFrom: {name} <{email}>\nDate: {ts}\nSubject: Re: standing order\n\n"
 "Please pay the deposit to my new account {iban}. Old one (closed) was {badiban} and the bank says it was mistyped "
 "anyway. My number is {phone}.\n\n> On {date} {agent} wrote:\n> Could you send your IBAN in full? Our docs show the "
 "format as {dociban}, which is only an example.\n"),
("saas", "escalation", "US",
 "Sev-2 escalation to DevOps on-call ({sup}).\nCustomer {org} reports the webhook signing key leaked. Affected AWS "
 "key id {aws} (rotate!), node {ip} running agent {ver}. OID in the SNMP trap was {oid}. Customer contact {email}, "
 "{phone}. Incident {tkt}, trace {uuid}."),
("insurance", "qa_review", "US",
 "QA comment on {tkt}: agent pasted the insured's SSN {ssn} into the claim notes instead of the masked {mssn}. The EIN "
 "{ein} on the contractor invoice is fine to keep. Date of loss {date} was entered as DOB by mistake; real DOB is "
 "{dob}. Please fix and re-score."),
("us_health", "signature", "US",
 "Thanks for the quick fix!\n\n--\n{drname}, MD\nLarkspur Valley Clinic | Internal Medicine\nNPI {npi} | DEA {dea}\n"
 "T {ophone} | F {ophone2}\n{oemail}\nThis message may contain PHI. If received in error, delete it."),
("payroll", "notification", "UK",
 "Payslip notification (auto): Your payslip for period ending {date} is ready. Net pay {amt} paid to {iban}. Do not "
 "reply. Employee ref {inv}. Support: {aemail}"),
]

EN += [
("saas", "customer_email", "UK",
 "Hi support,\n\nEmbarrassing one, sorry: a contractor committed our staging SSH key to a public gist. Pasting it so "
 "you can match the fingerprint on your side, then we'll rotate:\n\n{pkey}\n\nStaging bastion is {ip}. Contact me "
 "on {phone}.\n\n{name}\n{email}"),
("saas", "handover_note", "US",
 "Handover: customer {org} uploaded a support bundle containing a private key (below) and a deploy token {gh}. "
 "Bundle id {uuid}, agent {ver}. Ask them to revoke.\n{pkey}\nPublic cert from the same bundle, harmless:\n{cert}"),
("us_health", "agent_reply", "US",
 "Hi {first},\n\nthe pharmacy confirmed Dr. {drname}'s details: NPI {npi}, DEA {dea}. The number {lic} is the "
 "state license, and {npiref} is the payer's remittance trace number (it passes the NPI check but is not an NPI). "
 "Rx {rx} will be re-sent today.\n\n{agent}"),
("us_health", "escalation", "US",
 "Controlled-substance refill blocked. Prescriber {drname}, DEA {dea}, NPI {npi}. Patient MRN {mrn}, DOB {dob}. "
 "Masked DEA in the old ticket ({mdea}) did not help. Pharmacy callback {ophone}."),
]

EN_BENIGN = [
("finance", "agent_reply", "US",
 "Hi there,\n\nThanks for reaching out. I can see order {order} for {amt} placed on {date}, paid with the card ending "
 "{mcard}. The merchant reference {lorder} is an order number (it happens to look like a card), no action needed.\n\n"
 "Ticket {tkt} -- {agent}"),
("saas", "log_excerpt", "US",
 "{ts} INFO deploy release={ver} commit={sha} host={mip}\n{ts2} WARN snmp oid={oid} mac={mac}\n{ts3} INFO key "
 "id={awsex} (the AWS docs example) secret=<redacted>\nrequest {uuid} done"),
("us_health", "internal_note", "US",
 "Reminder for the team: never paste full identifiers. Use MRN {mmrn}, DOB {mdob}, NPI {mnpi}, DEA {mdea}. The number "
 "{badnpi} in yesterday's ticket was a fax confirmation id. Claim {claim}, member {member}, Rx {rx}."),
("uk_gp", "macro", "UK",
 "[Template] Your appointment is confirmed for {date}. Please bring photo ID. NHS No: {mnhs}. Practice {ods}, "
 "{pc}. Ref {tkt}. Bank {miban}."),
("telecom", "phone_summary", "US",
 "Call {ts}: customer asked about an unknown charge of {amt}. Device IMEI {imei}. Port request id {pref}. Callback "
 "number on file {mphone}. Resolved, ticket {tkt}."),
("ecommerce", "customer_email", "US",
 "Hello, my parcel {track} is stuck. Order {order}, SKU {sku}, barcode {ean}. I'm using {pemail} as an example "
 "address in the form because it won't accept mine. Thanks"),
("finance", "notification", "US",
 "Password reset requested at {ts} from {mip}. If this wasn't you, contact support. Account {acct}, routing on file "
 "{mrouting}. Card {mcard}. SSN {mssn}. Ref {uuid}."),
("saas", "qa_review", "US",
 "QA: good redaction on {tkt}. Agent replaced the token with {mtok}, the key with\n{rpem}\nand kept the version "
 "{ver} and build hash {hash}. Test card {tcard} was correctly ignored."),
("travel", "macro", "UK",
 "[Macro] Your booking {bref} on {date} is confirmed. Card {mcard} charged {amt}. Insurance policy {pol}. Email on "
 "file {memail}. Payment BIC {bic}, sort code {sort}."),
("payroll", "hr_note", "US",
 "Payroll calendar: pay date {date}, cutoff {date2}. Employer EIN {ein}. Batch {batch} is our ACH batch number. "
 "Office zip {zipf}. Test SSN for the sandbox: {badssn}."),
]

# ============================================================================ templates (other languages)
# (queue, category, lang, text)

INTL = [
("finance", "customer_email", "de",
 "Guten Tag,\n\nentschuldigen Sie die Störung. Meine Karte {card} wurde gestern abgelehnt, obwohl Bestellung {order} "
 "bezahlt ist. Bitte überweisen Sie die Erstattung auf mein Konto {iban} (BIC {bic}). Erreichbar unter {phone} oder "
 "{email}.\n\nMit freundlichen Grüßen\n{name}"),
("payroll", "hr_note", "de",
 "Personalakte {tkt}: {name}, Geburtsdatum {dob}. Gehaltskonto IBAN {iban}. Eintrittsdatum {date}. Telefon {phone}. "
 "Alte IBAN {badiban} war fehlerhaft (Prüfziffer)."),
("travel", "customer_email", "fr",
 "Bonjour,\n\nJe vous écris au sujet de la réservation {bref}. La date de naissance de ma fille est le {dob}, pas "
 "celle indiquée. Merci de rembourser sur la carte {card}. Mon portable : {phone}, courriel : {email}.\n\nCordialement,"
 "\n{name}"),
("insurance", "call_summary", "fr",
 "Résumé d'appel {ts} : {name}, né(e) le {dob}, sinistre {claim} du {date}. Virement sur l'IBAN {iban}. Rappeler au "
 "{phone}. Numéro de contrat {pol}."),
("ecommerce", "customer_email", "es",
 "Hola,\n\nperdón por escribir otra vez. Mi pedido {order} no ha llegado y me cobraron {amt} en la tarjeta {card}. "
 "Número de seguimiento {track}. Mi teléfono es {phone} y mi correo {email}.\n\nUn saludo,\n{name}"),
("payroll", "hr_note", "es",
 "Alta de empleado {tkt}: {name}, fecha de nacimiento {dob}. Cuenta para la nómina {iban}. Móvil {phone}. Fecha de "
 "alta {date}."),
("telecom", "agent_reply", "it",
 "Gentile {first},\n\nle confermiamo che il numero {phone} è attivo. L'addebito mensile avverrà sull'IBAN {iban}. Il "
 "codice IMEI {imei} del suo telefono non serve per la pratica {tkt}.\n\nCordiali saluti,\n{agent}"),
("insurance", "customer_email", "it",
 "Buongiorno,\n\nin merito alla pratica {claim}: sono nato il {dob} e il rimborso va sull'IBAN {iban}. Potete "
 "contattarmi al {phone} o a {email}.\n\nGrazie mille,\n{name}"),
("ecommerce", "chat_log", "nl",
 "[{ts}] {name}: hoi, mijn bestelling {order} is niet aangekomen\n[{ts2}] {agent}: sorry! welk e-mailadres gebruikt "
 "u?\n[{ts3}] {name}: {email}, en mijn telefoon is {phone}\n[{ts4}] {agent}: dank u, terugbetaling gaat naar {iban}."),
("payroll", "notification", "nl",
 "Automatisch bericht: uw loonstrook over de periode t/m {date} staat klaar. Netto {amt} naar rekening {iban}. "
 "Geboortedatum medewerker: {dob}. Vragen: {aemail}"),
("travel", "customer_email", "pt",
 "Olá,\n\npeço desculpa pelo incómodo. A reserva {bref} tem a data de nascimento errada; a correta é {dob}. O "
 "reembolso deve ir para o IBAN {iban}. Telemóvel {phone}, e-mail {email}.\n\nObrigado,\n{name}"),
("finance", "agent_reply", "pt",
 "Caro(a) {first},\n\nconfirmamos o cartão {card} e o IBAN {iban}. A referência {tkt} fica aberta até {date}.\n\n"
 "Com os melhores cumprimentos,\n{agent}"),
("telecom", "customer_email", "da",
 "Hej,\n\nundskyld at jeg skriver igen. Mit nummer {phone} virker ikke efter skiftet den {date}. Betaling sker fra "
 "konto {iban}. Fødselsdato: {dob}. Mail: {email}\n\nVenlig hilsen\n{name}"),
("ecommerce", "macro", "da",
 "[Skabelon] Kære {name}, din refusion på {amt} for ordre {order} er sendt til {iban}. Kortet {mcard} belastes ikke. "
 "Spørgsmål: {aemail}"),
("finance", "customer_email", "pl",
 "Dzień dobry,\n\nprzepraszam za kłopot. Moja karta {card} została zablokowana po zamówieniu {order}. Proszę o zwrot na "
 "rachunek {iban}. Data urodzenia: {dob}. Telefon {phone}, e-mail {email}.\n\nZ poważaniem,\n{name}"),
("payroll", "hr_note", "pl",
 "Notatka kadrowa {tkt}: {name}, data urodzenia {dob}, konto do wypłaty {iban}. Data zatrudnienia {date}. Stary "
 "numer {badiban} był błędny."),
]

INTL_BENIGN = [
("ecommerce", "notification", "de", "Versandbestätigung: Bestellung {order}, Sendungsnummer {track}, Lieferdatum "
 "{date}. Karte {mcard}. Rechnung {inv}."),
("travel", "macro", "fr", "[Modèle] Votre réservation {bref} du {date} est confirmée. Carte {mcard}, montant {amt}. "
 "Référence {tkt}."),
("finance", "notification", "es", "Aviso automático: pago {inv} de {amt} rechazado el {date}. Tarjeta {mcard}. BIC "
 "del banco {bic}."),
("telecom", "internal_note", "it", "Nota interna: pratica {tkt}, IMEI {imei}, data attivazione {date}, IBAN {miban}."),
("ecommerce", "notification", "nl", "Uw bestelling {order} is verzonden op {date}. Track & trace {track}. Bedrag {amt}."),
("payroll", "notification", "pl", "Powiadomienie: lista płac za okres do {date} gotowa. Rachunek {miban}. Ref {tkt}."),
]


# ============================================================================ notes

SEPARATORS = ["\n\n-----Original Message-----\n", "\n\n--- earlier in this ticket ---\n", "\n\n> quoted reply:\n",
              "\n\n[agent note added later]\n", "\n\n"]


def make_ctx(r, lang, region, benign):
    pool = lang
    return {"lang": lang, "region": region, "benign": benign,
            "first": r.choice(FIRST[pool]), "last": r.choice(LAST[pool]),
            "doc_first": r.choice(FIRST["en"]), "doc_last": r.choice(LAST["en"]),
            "agent": r.choice(AGENTS), "sup": r.choice(AGENTS), "org": r.choice(ORGS),
            "domain": r.choice(DOMAINS), "odomain": r.choice(DOMAINS[:13])}


def check_doc(text, spans, negs, where):
    """Self-check of one document (note text or JSON string). Raises Retry / returns list of problems."""
    probs = []
    ivs = sorted([(s, e, "P:" + ent) for s, e, ent, _ in spans] + [(s, e, "N:" + k) for s, e, k in negs])
    for a, b in zip(ivs, ivs[1:]):
        if b[0] < a[1]:
            probs.append(f"{where}: overlap {a} {b}")
    for s, e, ent, fmt in spans:
        v = text[s:e]
        if not VALIDATE[ent](v):
            probs.append(f"{where}: {ent} fails validation: {v!r}")
        if s > 0 and text[s - 1].isalnum() or e < len(text) and text[e].isalnum():
            probs.append(f"{where}: {ent} glued: {text[max(0, s - 3):e + 3]!r}")
        if len(v) >= 6:
            for m in re.finditer(re.escape(v), text):
                if not any(m.start() == s2 and m.end() == e2 for s2, e2, _, _ in spans):
                    probs.append(f"{where}: positive {v!r} also occurs unlabelled")
    for s, e, k in negs:
        v = text[s:e]
        if k in PASS_KINDS and not PASS_KINDS[k](v):
            probs.append(f"{where}: {k} should pass its checksum: {v!r}")
        elif k in FAIL_KINDS and FAIL_KINDS[k](v):
            probs.append(f"{where}: {k} should fail its checksum: {v!r}")
        elif k not in PASS_KINDS and k not in FAIL_KINDS and accidental(v):
            probs.append(f"{where}: {k} passes {accidental(v)} by accident: {v!r}")
    covered = [(s, e) for s, e, _ in ivs]

    def cov(a, b):
        return any(s < b and a < e for s, e in covered)
    for m in re.finditer(r"\d{5,}|@", text):
        if not cov(m.start(), m.end()):
            probs.append(f"{where}: unlisted {m.group(0)!r} in {text[max(0, m.start() - 20):m.end() + 20]!r}")
    return probs


def gen_note(i, plan):
    lang, region, benign, tpls = plan
    for attempt in range(50):
        r = random.Random(f"{SEED}:note:{i}:{attempt}")
        ctx = make_ctx(r, lang, region, benign)
        b = B()
        try:
            for j, (queue, cat, tpl) in enumerate(tpls):
                if j:
                    b.t(SEPARATORS[(i + j) % len(SEPARATORS)])
                render(r, tpl, ctx, b)
        except Retry:
            continue
        text = b.text()
        if check_doc(text, b.spans, b.negs, f"note {i}"):
            continue
        return text, b.spans, b.negs, tpls[0][0], tpls[0][1]
    raise SystemExit(f"note {i}: no clean draw: {check_doc(text, b.spans, b.negs, str(i))}")


def plan_notes():
    r = random.Random(f"{SEED}:plan")
    en = list(EN)
    plans = []
    langs = ["de", "fr", "es", "it", "nl", "pt", "da", "pl"]
    counters = Counter()
    for i in range(N_NOTES):
        benign = i % 20 in (3, 9, 16)  # 15 %
        intl = i % 5 == 2  # 20 %
        if intl:
            lang = langs[(i // 5) % len(langs)]
            pool = [t for t in (INTL_BENIGN if benign else INTL) if t[2] == lang] or \
                [t for t in INTL_BENIGN if True]
            if benign:
                t = pool[counters["ib" + lang] % len(pool)]
                counters["ib" + lang] += 1
                tpls = [(t[0], t[1], t[3])]
                lang = t[2]
            else:
                t = pool[counters[lang] % len(pool)]
                counters[lang] += 1
                tpls = [(t[0], t[1], t[3])]
            plans.append((lang, "EU", benign, tpls))
            continue
        pool = EN_BENIGN if benign else EN
        k = "eb" if benign else "en"
        t = pool[counters[k] % len(pool)] if counters[k] < len(pool) * 3 else r.choice(pool)
        counters[k] += 1
        tpls = [(t[0], t[1], t[3])]
        if not benign and r.random() < 0.3:
            same = [u for u in EN if u[0] == t[0] and u[2] == t[2] and u is not t]
            if same:
                u = r.choice(same)
                tpls.append((u[0], u[1], u[3]))
        plans.append(("en", t[2], benign, tpls))
    return plans


def build_notes():
    notes = []
    for i, plan in enumerate(plan_notes()):
        text, spans, negs, queue, cat = gen_note(i, plan)
        lang, region, benign, tpls = plan
        pre = [0]
        for ch in text:
            pre.append(pre[-1] + len(ch.encode("utf-8")))
        tags = [lang, queue, cat, region, "benign" if benign else "pii"]
        if len(tpls) > 1:
            tags.append("chain")
        if any(ord(c) > 127 for c in text):
            tags.append("non_ascii")
        notes.append({"id": f"h15-{i:04d}", "category": cat, "tags": tags, "text": text,
                      "spans": [{"start": pre[s], "end": pre[e], "cstart": s, "cend": e, "entity": ent,
                                 "fmt": f"{fmt}.{cat}"} for s, e, ent, fmt in sorted(spans)],
                      "hard_negatives": [{"start": pre[s], "end": pre[e], "cstart": s, "cend": e, "kind": k}
                                         for s, e, k in sorted(negs)]})
    return notes


# ============================================================================ ticket JSON

class Str:
    def __init__(self, b):
        self.b = b


class Num:
    def __init__(self, v, ent=None, kind=None, fmt=None):
        self.v, self.ent, self.kind, self.fmt = v, ent, kind, fmt


def jstr(r, ctx, tpl):
    b = render(r, tpl, ctx)
    return Str(b)


def num_id(r, n):
    return int(safe(r, lambda q: q.choice("123456789") + dg(q, n - 1)))


def body_tpl(r, lang, benign):
    if lang == "en":
        pool = EN_BENIGN if benign else EN
    else:
        pool = [t for t in (INTL_BENIGN if benign else INTL) if t[2] == lang] or INTL_BENIGN
    t = r.choice(pool)
    return t[3]


def ticket(r, shape, ctx, lang, benign):
    t1, t2, t3 = (body_tpl(r, lang, benign) for _ in range(3))
    S = lambda tpl: jstr(r, ctx, tpl)  # noqa: E731
    npi_num = None
    mrn_num = None
    if not benign and lang == "en":
        v, f = gen_npi(r)
        npi_num = Num(int(v), "US_NPI", fmt=f + ".cf_number")
        v, f = gen_mrn(r)
        if v.isdigit() and v[0] != "0":
            mrn_num = Num(int(v), "MEDICAL_RECORD_NUMBER", fmt=f + ".cf_number")
    em = (lambda: S("{email}")) if not benign else (lambda: S("{memail}"))
    ph = (lambda: S("{phone}")) if not benign else (lambda: S("{mphone}"))
    acct = Num(int(safe(r, lambda q: q.choice("123456789") + dg(q, 11))), kind="bank_account_number")
    if shape == "snow_incident":
        return {"result": {
            "sys_id": S("{uuid}"), "number": f"INC{dg(r, 7)}", "sys_created_on": S("{ts}"), "state": "2",
            "short_description": "Customer callback requested", "caller_id": {"display_value": S("{name}"), "email": em()},
            "u_callback_phone": ph(), "description": S(t1),
            "u_provider_npi": npi_num if npi_num else None,
            "work_notes": [{"sys_created_on": S("{ts2}"), "sys_created_by": S("{agent}"), "value": S(t2)}],
            "comments": [{"sys_created_on": S("{ts3}"), "value": S(t3)}],
            "sys_updated_on": S("{ts4}"), "sys_mod_count": r.randint(2, 40)}}
    if shape == "sfdc_case":
        return {"attributes": {"type": "Case", "url": f"/services/data/v59.0/sobjects/Case/500{dg(r, 4)}"},
                "CaseNumber": S("{tkt}"), "Subject": "Follow-up", "Origin": r.choice(["Email", "Web", "Phone"]),
                "SuppliedEmail": em(), "SuppliedPhone": ph(), "Description": S(t1),
                "Patient_MRN__c": mrn_num, "Account_Number__c": acct,
                "CaseComments": {"totalSize": 2, "done": True, "records": [
                    {"IsPublished": True, "CommentBody": S(t2), "CreatedDate": S("{ts}")},
                    {"IsPublished": False, "CommentBody": S(t3), "CreatedDate": S("{ts2}")}]}}
    if shape == "hubspot_ticket":
        return {"id": str(num_id(r, 11)), "properties": {
            "subject": "Ticket from web form", "content": S(t1), "hs_pipeline": "0",
            "hs_pipeline_stage": str(r.randint(1, 4)), "customer_email": em(), "customer_phone": ph(),
            "last_reply_text": S(t2), "internal_summary": S(t3), "npi_number": npi_num},
            "associations": {"contacts": {"results": [{"id": str(num_id(r, 9)) + "x", "type": "ticket_to_contact"}]}},
            "createdAt": S("{ts}"), "archived": False}
    if shape == "zoho_ticket":
        return {"id": str(num_id(r, 16)) + "z", "ticketNumber": str(r.randint(1000, 9999)), "email": em(),
                "phone": ph(), "contact": {"firstName": S("{first}"), "lastName": S("{last}"), "email": em()},
                "cf": {"cf_mrn": mrn_num, "cf_notes": S(t1)},
                "threads": [{"channel": "EMAIL", "direction": "in", "content": S(t2), "createdTime": S("{ts}")},
                            {"channel": "EMAIL", "direction": "out", "content": S(t3), "createdTime": S("{ts2}")}]}
    return {"ticket": {"id": num_id(r, 8), "subject": "Support request", "status": "open",
                       "requester": {"name": S("{name}"), "email": em(), "phone": ph()},
                       "comments": [{"id": num_id(r, 9), "public": True, "body": S(t1)},
                                    {"id": num_id(r, 9), "public": False, "body": S(t2)},
                                    {"id": num_id(r, 9), "public": True, "body": S(t3)}],
                       "custom_fields": [{"id": num_id(r, 6), "name": "provider_npi", "value": npi_num},
                                         {"id": num_id(r, 6), "name": "patient_mrn", "value": mrn_num},
                                         {"id": num_id(r, 6), "name": "order_note", "value": S("{order}")}]}}


SHAPES = ["snow_incident", "sfdc_case", "hubspot_ticket", "zoho_ticket", "rest_ticket"]


def esc(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def flatten(o, ptr, labels, negs, probs, fname, shape):
    if isinstance(o, dict):
        return {k: flatten(v, f"{ptr}/{esc(k)}", labels, negs, probs, fname, shape) for k, v in o.items()}
    if isinstance(o, list):
        return [flatten(v, f"{ptr}/{i}", labels, negs, probs, fname, shape) for i, v in enumerate(o)]
    if isinstance(o, Str):
        text = o.b.text()
        probs += check_doc(text, o.b.spans, o.b.negs, f"{fname}#{ptr}")
        pre = [0]
        for ch in text:
            pre.append(pre[-1] + len(ch.encode("utf-8")))
        for s, e, ent, fmt in o.b.spans:
            labels.append({"file": fname, "json_pointer": ptr, "start": pre[s], "end": pre[e], "cstart": s, "cend": e,
                           "entity": ent, "fmt": f"{fmt}.{ptr.rsplit('/', 1)[-1]}", "shape": shape})
        for s, e, k in o.b.negs:
            negs.append({"file": fname, "json_pointer": ptr, "start": pre[s], "end": pre[e], "cstart": s, "cend": e,
                         "kind": k, "shape": shape})
        return text
    if isinstance(o, Num):
        n = len(str(o.v))
        row = {"file": fname, "json_pointer": ptr, "start": 0, "end": n, "cstart": 0, "cend": n}
        if o.ent:
            if not VALIDATE[o.ent](str(o.v)):
                probs.append(f"{fname}#{ptr}: number fails {o.ent}")
            labels.append(dict(row, entity=o.ent, fmt=o.fmt, shape=shape, value_type="number"))
        else:
            negs.append(dict(row, kind=o.kind, shape=shape, value_type="number"))
        return o.v
    if isinstance(o, int) and not isinstance(o, bool) and o >= 10000:
        if accidental(str(o)):
            probs.append(f"{fname}#{ptr}: id {o} passes {accidental(str(o))}")
        negs.append({"file": fname, "json_pointer": ptr, "start": 0, "end": len(str(o)), "cstart": 0,
                     "cend": len(str(o)), "kind": "json_id", "shape": shape, "value_type": "number"})
    return o


def build_json():
    files, labels, negs = {}, [], []
    langs = ["de", "fr", "es", "it", "nl", "pt", "da", "pl"]
    for i in range(N_JSON):
        shape = SHAPES[i % len(SHAPES)]
        lang = langs[(i // 5) % 8] if i % 5 == 4 and i % 10 == 9 or i % 7 == 3 else "en"
        benign = i % 8 == 5
        fname = f"ticket_{1500001 + i}.json"
        for attempt in range(50):
            r = random.Random(f"{SEED}:ticket:{i}:{attempt}")
            ctx = make_ctx(r, lang, r.choice(["US", "US", "UK"]) if lang == "en" else "EU", benign)
            try:
                obj = ticket(r, shape, ctx, lang, benign)
            except Retry:
                continue
            lab, ng, probs = [], [], []
            plain = flatten(obj, "", lab, ng, probs, fname, shape)
            if not probs:
                break
        else:
            raise SystemExit(f"{fname}: no clean draw: {probs[:3]}")
        style = i % 4
        if style == 0:
            s = json.dumps(plain, indent=2, ensure_ascii=False)
        elif style == 1:
            s = json.dumps(plain, indent=4, ensure_ascii=True)
        elif style == 2:
            s = json.dumps(plain, separators=(",", ":"), ensure_ascii=False)
        else:
            s = json.dumps(plain, indent="\t", ensure_ascii=True)
        files[fname] = s + "\n"
        labels += lab
        negs += ng
    return files, labels, negs


# ============================================================================ output, check, counts

def render_all():
    notes = build_notes()
    out = {}
    out["notes.jsonl"] = "".join(json.dumps(n, ensure_ascii=False) + "\n" for n in notes)
    corpus, idx, bo, co = [], [], 0, 0
    for k, n in enumerate(notes):
        if k:
            corpus.append("\n\n")
            bo += 2
            co += 2
        t = n["text"]
        bl = len(t.encode("utf-8"))
        idx.append({"id": n["id"], "byte_offset": bo, "byte_len": bl, "char_offset": co, "char_len": len(t)})
        corpus.append(t)
        bo += bl
        co += len(t)
    out["corpus.txt"] = "".join(corpus)
    out["corpus_index.jsonl"] = "".join(json.dumps(x) + "\n" for x in idx)
    files, labels, negs = build_json()
    for f, s in files.items():
        out[f"notes_json/{f}"] = s
    out["notes_json/labels.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in labels)
    out["json_hard_negatives.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in negs)
    return out, notes, labels, negs


def verify(out, notes, labels, negs):
    probs = []
    corpus = out["corpus.txt"]
    cb = corpus.encode("utf-8")
    for line, n in zip(out["corpus_index.jsonl"].splitlines(), notes):
        x = json.loads(line)
        if corpus[x["char_offset"]:x["char_offset"] + x["char_len"]] != n["text"] or \
                cb[x["byte_offset"]:x["byte_offset"] + x["byte_len"]].decode() != n["text"]:
            probs.append(f"index mismatch {n['id']}")
    for n in notes:
        t, tb = n["text"], n["text"].encode("utf-8")
        for s in n["spans"] + n["hard_negatives"]:
            if tb[s["start"]:s["end"]].decode() != t[s["cstart"]:s["cend"]]:
                probs.append(f"{n['id']}: byte/char offsets disagree")
        probs += check_doc(t, [(s["cstart"], s["cend"], s["entity"], s["fmt"]) for s in n["spans"]],
                           [(s["cstart"], s["cend"], s["kind"]) for s in n["hard_negatives"]], n["id"])
    cache = {}
    for row in labels + negs:
        f = row["file"]
        if f not in cache:
            cache[f] = json.loads(out[f"notes_json/{f}"])
        o = cache[f]
        for part in row["json_pointer"].lstrip("/").split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            o = o[int(part)] if isinstance(o, list) else o[part]
        if row.get("value_type") == "number":
            if not isinstance(o, int):
                probs.append(f"{f}{row['json_pointer']}: not a number")
            o = str(o)
        if o.encode("utf-8")[row["start"]:row["end"]].decode() != o[row["cstart"]:row["cend"]]:
            probs.append(f"{f}{row['json_pointer']}: byte/char offsets disagree")
        if "entity" in row and not VALIDATE[row["entity"]](o[row["cstart"]:row["cend"]]):
            probs.append(f"{f}{row['json_pointer']}: label fails validation")
    # a labelled value never appears as a hard negative anywhere
    norm = lambda v: re.sub(r"[\s-]", "", v)  # noqa: E731
    posv = set()
    negv = set()
    for n in notes:
        posv |= {norm(n["text"][s["cstart"]:s["cend"]]) for s in n["spans"]}
        negv |= {norm(n["text"][s["cstart"]:s["cend"]]) for s in n["hard_negatives"]}
    both = {v for v in posv & negv if len(v) >= 6}
    if both:
        probs.append(f"values both positive and negative: {sorted(both)[:5]}")
    return probs


def counts(notes, labels, negs):
    np_, nn, jp, jn = Counter(), Counter(), Counter(), Counter()
    for n in notes:
        np_.update(s["entity"] for s in n["spans"])
        nn.update(KIND_TARGET.get(s["kind"], "other") for s in n["hard_negatives"])
    jp.update(x["entity"] for x in labels)
    jn.update(KIND_TARGET.get(x["kind"], "other") for x in negs)
    lines = ["| entity | notes + | notes − | JSON + | JSON − |", "|---|---:|---:|---:|---:|"]
    for e in ENTITIES + ("other",):
        lines.append(f"| {e} | {np_[e] if e != 'other' else '–'} | {nn[e]} | {jp[e] if e != 'other' else '–'} | {jn[e]} |")
    lines.append(f"| **total** | **{sum(np_.values())}** | **{sum(nn.values())}** | **{sum(jp.values())}** "
                 f"({sum(1 for x in labels if x.get('value_type') == 'number')} numbers) | **{sum(jn.values())}** |")
    kinds = Counter()
    for n in notes:
        kinds.update(s["kind"] for s in n["hard_negatives"])
    jk = Counter(x["kind"] for x in negs)
    extra = [f"notes: {len(notes)}, benign (no positive): {sum(1 for n in notes if not n['spans'])}, "
             f"languages: {dict(Counter(n['tags'][0] for n in notes))}",
             f"categories: {dict(Counter(n['category'] for n in notes).most_common())}",
             f"queues: {dict(Counter(n['tags'][1] for n in notes).most_common())}",
             "negative kinds (notes/JSON): " + ", ".join(f"{k} {kinds[k]}/{jk[k]}" for k in sorted(set(kinds) | set(jk))),
             f"JSON tickets: {N_JSON}, shapes {dict(Counter(x['shape'] for x in labels))} (label rows)"]
    return "\n".join(lines + [""] + extra)


def main(argv):
    out, notes, labels, negs = render_all()
    check = "--check" in argv
    probs = verify(out, notes, labels, negs)
    if check:
        for name, s in out.items():
            p = HERE / name
            if not p.exists() or p.read_text(encoding="utf-8") != s:
                probs.append(f"{name}: differs from a fresh run")
        stale = {f"notes_json/{p.name}" for p in (HERE / "notes_json").glob("*")} - set(out) \
            if (HERE / "notes_json").is_dir() else set()
        probs += [f"stale file {s}" for s in sorted(stale)]
    else:
        (HERE / "notes_json").mkdir(exist_ok=True)
        for p in (HERE / "notes_json").glob("ticket_*.json"):
            if f"notes_json/{p.name}" not in out:
                p.unlink()
        for name, s in out.items():
            (HERE / name).write_text(s, encoding="utf-8")
    print(counts(notes, labels, negs))
    for p in probs[:50]:
        print("PROBLEM:", p)
    print(f"self-check: {'OK' if not probs else f'{len(probs)} problem(s)'}")
    return 1 if probs else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
