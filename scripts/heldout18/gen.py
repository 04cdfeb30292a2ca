#!/usr/bin/env python3
"""heldout18: "the billing, collections and revenue-cycle desk, a twelfth hand".

Deterministic generator and self-check for an independent, labelled, synthetic held-out corpus.
Python 3 standard library only; output does not depend on PYTHONHASHSEED.

    python3 gen.py            # write every file, then run the self-check (exit 1 on any problem)
    python3 gen.py --check    # regenerate in memory, compare with the files on disk, self-check, print counts
"""
from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import json
import random
import re
import sys
import textwrap
import zlib
from collections import Counter, defaultdict
from pathlib import Path

SEED = 18121818
HERE = Path(__file__).resolve().parent
N_NOTES = 400
N_TICKETS = 160
TICKET_BASE = 1800000
ENTITIES = (
    "CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "ABA_ROUTING_NUMBER", "IP_ADDRESS",
    "MEDICAL_RECORD_NUMBER", "US_NPI", "DATE_OF_BIRTH", "UK_NHS", "US_DEA", "AWS_ACCESS_KEY", "GITHUB_TOKEN",
    "PRIVATE_KEY",
)

# =====================================================================================================
# validators (the real rules)
# =====================================================================================================


def digits_of(s):
    return re.sub(r"\D", "", s)


def luhn_ok(d):
    tot = 0
    for i, ch in enumerate(reversed(d)):
        n = ord(ch) - 48
        if i % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        tot += n
    return tot % 10 == 0


def luhn_digit(partial):
    for c in "0123456789":
        if luhn_ok(partial + c):
            return c
    raise AssertionError


TEST_PANS = {  # published processor test numbers (Stripe, Braintree, PayPal, Adyen documentation)
    "4242424242424242", "4000056655665556", "5555555555554444", "2223003122003222", "5200828282828210",
    "5105105105105100", "378282246310005", "371449635398431", "6011111111111117", "6011000990139424",
    "3056930009020004", "36227206271667", "3566002020360505", "6200000000000005", "4111111111111111",
    "4012888888881881", "30569309025904", "38520000023237", "3530111333300000", "4000000000000002",
    "4000000000009995", "5425233430109903", "2222400070000005", "4444333322221111", "374245455400126",
    "6011601160116611", "4000002500003155", "4000000000003220", "5500000000000004",
}


def card_brand(d):
    n = len(d)
    if n < 12 or not d.isdigit():
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
    if 3528 <= p4 <= 3589 and 16 <= n <= 19:
        return "jcb"
    if (300 <= p3 <= 305 or p2 in (36, 38, 39)) and n == 14:
        return "diners"
    if p2 == 62 and 16 <= n <= 19:
        return "unionpay"
    if p4 in (5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763) and 12 <= n <= 19:
        return "maestro"
    return None


def valid_card(s):
    if not re.fullmatch(r"\d[\d -]*\d", s):
        return False
    d = digits_of(s)
    return card_brand(d) is not None and luhn_ok(d) and d not in TEST_PANS


def ssn_digits_ok(d):
    if len(d) != 9 or not d.isdigit():
        return False
    a, g, s = d[:3], d[3:5], d[5:]
    if a in ("000", "666") or a[0] == "9" or g == "00" or s == "0000":
        return False
    return d not in ("078051120", "219099999", "123456789")


def valid_ssn(s):
    shapes = (r"\d{3}-\d{2}-\d{4}", r"\d{3} \d{2} \d{4}", r"\d{9}", r"\d( \d){8}", r"\d{3} \d{2} \d{2} \d{2}")
    return any(re.fullmatch(x, s) for x in shapes) and ssn_digits_ok(digits_of(s))


IBAN_LEN = {"DK": 18, "NO": 15, "FI": 18, "CZ": 24, "RO": 24, "HU": 28, "DE": 22, "FR": 27, "GB": 22}


def iban_mod97(c):
    r = c[4:] + c[:4]
    return int("".join(str(int(ch, 36)) for ch in r)) % 97


def iban_check_digits(country, bban):
    r = bban + country + "00"
    n = int("".join(str(int(ch, 36)) for ch in r))
    return "%02d" % (98 - n % 97)


def no_check(b10):
    w = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    r = sum(int(a) * b for a, b in zip(b10, w)) % 11
    return 0 if r == 0 else 11 - r          # 10 means "no valid account"


def cz_part_ok(part, weights):
    return sum(int(a) * b for a, b in zip(part, weights)) % 11 == 0


CZ_W_PREFIX = [10, 5, 8, 4, 2, 1]
CZ_W_ACCT = [6, 3, 7, 9, 10, 5, 8, 4, 2, 1]


def hu_block_ok(block):
    w = [9, 7, 3, 1] * 4
    return sum(int(a) * b for a, b in zip(block, w)) % 10 == 0


def fr_key(bank, branch, acct):
    return 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)


def iban_national_ok(c):
    cc, b = c[:2], c[4:]
    if cc in ("DK", "NO", "FI", "CZ", "HU", "DE", "FR") and not b.isdigit():
        return False
    if cc == "NO":
        k = no_check(b[:10])
        return k != 10 and k == int(b[10])
    if cc == "FI":
        return luhn_ok(b)
    if cc == "CZ":
        return cz_part_ok(b[4:10], CZ_W_PREFIX) and cz_part_ok(b[10:], CZ_W_ACCT)
    if cc == "HU":
        return hu_block_ok(b[:8]) and hu_block_ok(b[8:])
    if cc == "FR":
        return fr_key(b[:5], b[5:10], b[10:21]) == int(b[21:])
    if cc == "RO":
        return bool(re.fullmatch(r"[A-Z]{4}[A-Z0-9]{16}", b))
    if cc == "GB":
        return bool(re.fullmatch(r"[A-Z]{4}\d{14}", b))
    return True


def valid_iban(s):
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9 ]+", s) or "  " in s:
        return False
    c = s.replace(" ", "")
    return IBAN_LEN.get(c[:2]) == len(c) and iban_mod97(c) == 1 and iban_national_ok(c)


ABA_PREFIXES = set(range(1, 13)) | set(range(21, 33)) | set(range(61, 73)) | {80}


def aba_digits_ok(d):
    if len(d) != 9 or not d.isdigit() or int(d[:2]) not in ABA_PREFIXES:
        return False
    w = [3, 7, 1] * 3
    return sum(int(a) * b for a, b in zip(d, w)) % 10 == 0


def valid_aba(s):
    return bool(re.fullmatch(r"\d[\d ]*\d", s)) and aba_digits_ok(digits_of(s))


def npi_luhn(d):
    return len(d) == 10 and d.isdigit() and luhn_ok("80840" + d)


def valid_npi(s):
    return bool(re.fullmatch(r"[12]\d{9}", s)) and npi_luhn(s)


def dea_digit(d6):
    d = [int(x) for x in d6]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10


def valid_dea(s):
    m = re.fullmatch(r"[ABFGM][A-Z9](\d{6})(\d)", s)
    return bool(m) and dea_digit(m[1]) == int(m[2])


def nhs_digits_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    r = sum(int(d[i]) * (10 - i) for i in range(9)) % 11
    chk = 11 - r
    if chk == 11:
        chk = 0
    return chk != 10 and chk == int(d[9])


def valid_nhs(s):
    return bool(re.fullmatch(r"\d{3}[ -]?\d{3}[ -]?\d{4}", s)) and nhs_digits_ok(digits_of(s))


def valid_aws(s):
    return bool(re.fullmatch(r"AKIA[A-Z2-7]{16}", s)) and "EXAMPLE" not in s


B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b62_6(n):
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = B62[r] + out
    return out.rjust(6, "0")


def gh_checksum(body30):
    return b62_6(zlib.crc32(body30.encode("ascii")) & 0xFFFFFFFF)


def valid_gh(s):
    m = re.fullmatch(r"gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", s)
    return bool(m) and gh_checksum(m[1]) == m[2]


def crc24(data):
    crc = 0xB704CE
    for byte in data:
        crc ^= byte << 16
        for _ in range(8):
            crc <<= 1
            if crc & 0x1000000:
                crc ^= 0x1864CFB
    return crc & 0xFFFFFF


PEM_RE = re.compile(r"-----BEGIN ((?:RSA |EC |OPENSSH )?PRIVATE KEY)-----(\n|\\n)(.*?)(?:\n|\\n)-----END \1-----", re.S)
PGP_RE = re.compile(r"-----BEGIN PGP PRIVATE KEY BLOCK-----\n((?:[A-Za-z-]+: [^\n]*\n)*)\n(.*?)\n=([A-Za-z0-9+/]{4})\n"
                    r"-----END PGP PRIVATE KEY BLOCK-----", re.S)


def valid_private_key(s):
    m = PEM_RE.fullmatch(s)
    if m:
        lines = m[3].split(m[2])
        if not all(re.fullmatch(r"[A-Za-z0-9+/=]{4,76}", ln) for ln in lines):
            return False
        try:
            raw = base64.b64decode("".join(lines), validate=True)
        except ValueError:
            return False
        if m[1] == "OPENSSH PRIVATE KEY":
            return raw.startswith(b"openssh-key-v1\x00") and len(raw) > 100
        return raw[0] == 0x30 and len(raw) >= 40
    m = PGP_RE.fullmatch(s)
    if m:
        lines = m[2].split("\n")
        if not all(re.fullmatch(r"[A-Za-z0-9+/=]{4,76}", ln) for ln in lines):
            return False
        try:
            raw = base64.b64decode("".join(lines), validate=True)
            want = base64.b64decode(m[3])
        except ValueError:
            return False
        return raw[0] in (0x95, 0x94, 0xC5) and crc24(raw).to_bytes(3, "big") == want
    return False


PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net", "yourcompany.com", "domain.com",
                       "test.invalid", "yourdomain.com", "company.tld")


def valid_email(s):
    m = re.fullmatch(r"[A-Za-z0-9._%+-]+@((?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,})", s)
    return bool(m) and not s.startswith(".") and ".." not in s and m[1].lower() not in PLACEHOLDER_DOMAINS


PHONE_CC = {"1": (10,), "44": (10,), "45": (8,), "47": (8,), "358": (8, 9, 10), "420": (9,), "40": (9,),
            "36": (8, 9), "49": (9, 10, 11), "33": (9,)}


def nanp_ok(d10):
    a, e = d10[:3], d10[3:6]
    return a[0] in "23456789" and a[1:] != "11" and e[0] in "23456789" and e[1:] != "11" and e != "555"


def valid_phone(s):
    if not re.fullmatch(r"\+?[\d ()./-]+", s) or not re.search(r"\d$", s):
        return False
    d = digits_of(s)
    if not 7 <= len(d) <= 15:
        return False
    if s.startswith("+"):
        for cc in sorted(PHONE_CC, key=len, reverse=True):
            if d.startswith(cc):
                nat = d[len(cc):]
                if len(nat) not in PHONE_CC[cc]:
                    return False
                return nanp_ok(nat) if cc == "1" else nat[0] != "0"
        return False
    if len(d) == 11 and d[0] == "1":
        return nanp_ok(d[1:])
    if len(d) == 10 and d[0] != "0":
        return nanp_ok(d)
    if d[0] == "0":
        return 9 <= len(d) <= 12
    return len(d) in (8, 9)


PRIV4 = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


def valid_ip(s):
    try:
        a = ipaddress.ip_address(s)
    except ValueError:
        return False
    if a.version == 4:
        return a.is_global or any(a in n for n in PRIV4)
    return a.is_global


def valid_mrn(s):
    if re.fullmatch(r"\d{7,8}", s):
        return not (len(s) == 8 and s[:2] in ("19", "20"))
    return bool(re.fullmatch(r"[A-Z]{1,2}-?\d{6,7}", s))


MONTHS = {}
for _names in (
    "january february march april may june july august september october november december",
    "jan feb mar apr may jun jul aug sep oct nov dec",
    "januar februar marts april maj juni juli august september oktober november december",
    "januar februar mars april mai juni juli august september oktober november desember",
    "tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta syyskuuta lokakuuta "
    "marraskuuta joulukuuta",
    "ledna února března dubna května června července srpna září října listopadu prosince",
    "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie",
    "január február március április május június július augusztus szeptember október november december",
    "januar februar märz april mai juni juli august september oktober november dezember",
    "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
):
    for _i, _n in enumerate(_names.split()):
        MONTHS.setdefault(_n, _i + 1)


def _date_ok(y, m, d):
    try:
        dt.date(y, m, d)
        return True
    except ValueError:
        return False


def parse_dates(s):
    """Every (y, m, d) reading of s in one of the date shapes used here (several for ambiguous shapes)."""
    s = s.strip()
    out = []
    pats = [
        (r"(\d{4})-(\d{2})-(\d{2})", "ymd"), (r"(\d{1,2})/(\d{1,2})/(\d{4})", "mdy|dmy"),
        (r"(\d{1,2})\. ?(\d{1,2})\. ?(\d{4})", "dmy"), (r"(\d{4})\. ?(\d{2})\. ?(\d{2})\.", "ymd"),
        (r"(\d{2})-(\d{2})-(\d{4})", "mdy|dmy"), (r"(\d{1,2}) {1,2}(\d{1,2}) {1,2}(\d{4})", "mdy|dmy"),
        (r"(\d{4})(\d{2})(\d{2})", "ymd|mdy8"), (r"(\d{1,2})\.(\d{1,2})\.(\d{4})", "dmy"),
    ]
    for rx, orders in pats:
        m = re.fullmatch(rx, s)
        if not m:
            continue
        a, b, c = m.groups()
        for o in orders.split("|"):
            if o == "ymd":
                y, mo, d = int(a), int(b), int(c)
            elif o == "mdy":
                y, mo, d = int(c), int(a), int(b)
            elif o == "dmy":
                y, mo, d = int(c), int(b), int(a)
            else:  # MMDDYYYY packed into 8 digits
                t = a + b + c
                y, mo, d = int(t[4:]), int(t[:2]), int(t[2:4])
            if _date_ok(y, mo, d):
                out.append((y, mo, d))
    word = r"([^\W\d_]+)"
    for rx, order in ((word + r"\.? (\d{1,2}),? (\d{4})", "mdy"), (r"(\d{1,2})\.? " + word + r" (\d{4})", "dmy"),
                      (r"(\d{1,2})-([A-Za-z]{3})-(\d{4})", "dmy"), (r"(\d{4})\. " + word + r" (\d{1,2})\.", "ymd")):
        m = re.fullmatch(rx, s)
        if not m:
            continue
        g = m.groups()
        if order == "mdy":
            mo, d, y = MONTHS.get(g[0].lower()), int(g[1]), int(g[2])
        elif order == "dmy":
            d, mo, y = int(g[0]), MONTHS.get(g[1].lower()), int(g[2])
        else:
            y, mo, d = int(g[0]), MONTHS.get(g[1].lower()), int(g[2])
        if mo and _date_ok(y, mo, d):
            out.append((y, mo, d))
    return out


def valid_dob(s):
    if len(re.findall(r"(?<!\d)(?:19[3-9]\d|200[0-8])(?!\d)", s)) > 1:
        return False
    return any(1930 <= y <= 2008 for y, _, _ in parse_dates(s))


VALIDATORS = {
    "CREDIT_CARD": valid_card, "US_SSN": valid_ssn, "EMAIL_ADDRESS": valid_email, "PHONE_NUMBER": valid_phone,
    "IBAN_CODE": valid_iban, "ABA_ROUTING_NUMBER": valid_aba, "IP_ADDRESS": valid_ip,
    "MEDICAL_RECORD_NUMBER": valid_mrn, "US_NPI": valid_npi, "DATE_OF_BIRTH": valid_dob, "UK_NHS": valid_nhs,
    "US_DEA": valid_dea, "AWS_ACCESS_KEY": valid_aws, "GITHUB_TOKEN": valid_gh, "PRIVATE_KEY": valid_private_key,
}


def digit_run_clean(d):
    """A bare digit run that must not pass the checksum of any same-length entity by accident."""
    n = len(d)
    if n == 9 and aba_digits_ok(d):
        return False
    if n == 10 and (luhn_ok("80840" + d) or nhs_digits_ok(d)):
        return False
    if 12 <= n <= 19 and luhn_ok(d):
        return False
    if n == 8 and any(1930 <= y <= 2008 for y, _, _ in parse_dates(d)):
        return False
    return True


def value_clean(v):
    """A negative value: its separator-free form and every digit run of 8+ digits are clean."""
    c = re.sub(r"[ .-]", "", v)
    if c.isdigit() and not digit_run_clean(c):
        return False
    return all(digit_run_clean(r) for r in re.findall(r"\d{8,}", v))


# =====================================================================================================
# people, organisations, places (all invented for this round; free-mail domains are real providers)
# =====================================================================================================

NAMES = {
    "US": ("Avery Brandon Camille Darnell Estela Faye Gideon Harriet Imani Jerome Keisha Lorenzo Marisol Nolan "
           "Odessa Percy Quinn Rosalind Silas Tamsin Ulysses Verna Wendell Yolanda Zachariah Bettina Cormac Delphine "
           "Ezra Francine Grady Hollis Ines Jasper Kendra Leland Mabel Nico Opal Reuben Shirley Thaddeus Vivian",
           "Abernathy Blackwood Castellano Dunleavy Ellison Fairbanks Galloway Hargrove Ingersoll Jaramillo Kowalczyk "
           "Lindqvist Mcallister Nakamura Okonkwo Pendergast Quintanilla Rutherford Szabo Tillman Underhill Villarreal "
           "Whitaker Yarborough Zamora Beaumont Carrington Dempsey Espinoza Fenwick Gutierrez Holloway Iverson "
           "Jankowski Kincaid Lockhart Mondragon Northcutt Osterhout Prescott Ramsey Sorensen Thibodeaux Vance"),
    "UK": ("Alistair Bronwen Callum Davina Euan Fenella Gareth Hermione Iain Jocasta Keir Lowri Murdo Nerys Oswin "
           "Philippa Rhodri Seren Tobias Una Wilf Yasmin Ailsa Crispin Elspeth Hamish Imogen Leighton Morag Niamh",
           "Abbott Beddoes Carmichael Dalrymple Eccleston Fothergill Goodall Haworth Illingworth Jolliffe Kettering "
           "Lumsden Mcgregor Naylor Ormerod Pargeter Quayle Rowbotham Sidebottom Thwaite Urquhart Venables Whitehouse "
           "Yardley Ashdown Bracewell Cheetham Dimmock Entwistle Greenhalgh"),
    "da": ("Mette Søren Karen Jens Birgitte Mads Lone Henrik Signe Rasmus Maja Frederik Dorthe Anders Ida Niels",
           "Kristensen Nielsen Østergaard Mikkelsen Lauridsen Bech Thomsen Kjærgaard Søndergaard Dalsgaard Holm "
           "Fogh Vestergaard Bundgaard Lykke Dam"),
    "no": ("Ingrid Håkon Solveig Eirik Marit Torbjørn Ragnhild Sindre Kari Øystein Åse Vegard Synnøve Trond Hedda",
           "Solberg Haugen Bakken Strand Lie Myhre Nygård Berntsen Fossum Røed Sæther Bråthen Tangen Ødegård Vik"),
    "fi": ("Aino Juha Helmi Mikko Sanna Tuomas Päivi Jari Minna Eero Riikka Antti Satu Ville Kaisa Lauri",
           "Virtanen Mäkinen Korhonen Nieminen Heikkinen Hämäläinen Laaksonen Järvinen Lehtonen Salminen "
           "Kärkkäinen Rantanen Turunen Väisänen Kinnunen Öhman"),
    "cs": ("Petr Tomáš Jiří Ondřej Radek Vojtěch Lukáš",
           "Novák Dvořák Procházka Černý Kučera Veselý Horák Němec Pokorný Růžička Šimek Kříž Beneš Fiala"),
    "cs_f": ("Jana Lucie Markéta Kateřina Zdeňka Šárka Alena",
             "Nováková Dvořáková Procházková Černá Kučerová Veselá Horáková Němcová Pokorná Růžičková Šimková "
             "Křížová Benešová Fialová"),
    "ro": ("Andreea Mihai Ioana Bogdan Elena Răzvan Cristina Ștefan Alina Sorin Roxana Cătălin Oana Adrian",
           "Popescu Ionescu Dumitrescu Stănescu Marinescu Georgescu Constantinescu Munteanu Țurcanu Lazăr "
           "Moldovan Dobre Nistor Ciobanu"),
    "hu": ("Katalin László Zsófia Gábor Erzsébet Attila Ildikó Balázs Krisztina Zoltán Éva Tamás Réka Péter",
           "Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas Balogh Papp Takács Juhász Lakatos"),
    "de": ("Annegret Lukas Friederike Matthias Sabine Jörg Henrike Tobias Ulrike Wolfgang Brigitte Stefan",
           "Schäfer Hoffmann Krüger Wagner Böhm Lehmann Schröder Zimmermann Fuchs Vogel Hartmann Kühn"),
    "fr": ("Élodie Mathieu Sandrine Thibault Agnès Guillaume Nathalie Rémi Céline Benoît Hélène Julien",
           "Lefèvre Moreau Girard Rousseau Faure Mercier Blanchard Chevalier Garnier Lemaire Fontaine Perrin"),
}
NAMES = {k: (v[0].split(), v[1].split()) for k, v in NAMES.items()}

FREEMAIL = {
    "US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com", "hotmail.com", "proton.me"],
    "UK": ["gmail.com", "btinternet.com", "outlook.com", "yahoo.co.uk", "hotmail.co.uk", "icloud.com"],
    "DK": ["gmail.com", "hotmail.dk", "outlook.dk", "mail.dk"], "NO": ["gmail.com", "online.no", "hotmail.no"],
    "FI": ["gmail.com", "luukku.com", "outlook.com"], "CZ": ["seznam.cz", "email.cz", "centrum.cz", "gmail.com"],
    "RO": ["yahoo.com", "gmail.com", "yahoo.ro"], "HU": ["freemail.hu", "citromail.hu", "gmail.com"],
    "DE": ["web.de", "gmx.de", "t-online.de", "gmail.com"], "FR": ["orange.fr", "free.fr", "laposte.net", "gmail.com"],
}

# (display name, domain, short name)
VENDORS = {
    "US": [("Harborline Recovery Group", "harborline-recovery.com", "Harborline"),
           ("Quillfeather Receivables", "quillfeather-ar.com", "Quillfeather"),
           ("Brightwater Collection Services", "brightwatercs.net", "Brightwater"),
           ("Cobalt Ridge Credit Management", "cobaltridge-cm.com", "Cobalt Ridge"),
           ("Chargewell Dispute Services", "chargewell.io", "Chargewell"),
           ("Penrose Payment Resolution", "penrosepay.com", "Penrose"),
           ("Kestrel Dispute Partners", "kestreldispute.co", "Kestrel"),
           ("Meridian Claimworks", "meridianclaimworks.com", "Meridian"),
           ("Larkspur Revenue Cycle", "larkspur-rcm.com", "Larkspur RCM"),
           ("Bluegate Medical Billing", "bluegatebilling.com", "Bluegate"),
           ("Summitline RCM", "summitline-rcm.net", "Summitline"),
           ("Tallgrass Account Solutions", "tallgrassaccounts.com", "Tallgrass"),
           ("Ledgerlight Payroll Services", "ledgerlight-payroll.com", "Ledgerlight"),
           ("Brassfield Payroll Co.", "brassfieldpayroll.com", "Brassfield"),
           ("Tollgate Payments", "tollgatepay.io", "Tollgate"),
           ("Remitrail", "remitrail.com", "Remitrail"),
           ("Keelwater PBM Services", "keelwaterpbm.com", "Keelwater")],
    "UK": [("Pellham & Vane Credit Control Ltd", "pellhamvane.co.uk", "Pellham & Vane"),
           ("Ashcombe Patient Billing Services", "ashcombe-billing.co.uk", "Ashcombe"),
           ("Redbrook Recoveries", "redbrookrecoveries.co.uk", "Redbrook")],
    "DK": [("Kvist Inkasso ApS", "kvist-inkasso.dk", "Kvist Inkasso")],
    "NO": [("Fjordhavn Inkasso AS", "fjordhavn-inkasso.no", "Fjordhavn")],
    "FI": [("Perintä Kaarna Oy", "kaarnaperinta.fi", "Kaarna")],
    "CZ": [("Vymáhání Lipová s.r.o.", "lipova-vymahani.cz", "Lipová")],
    "RO": [("Recuperări Carpatia SRL", "carpatia-recuperari.ro", "Carpatia")],
    "HU": [("Tisza Követeléskezelő Kft.", "tiszakovetel.hu", "Tisza")],
    "DE": [("Lindenhof Inkasso GmbH", "lindenhof-inkasso.de", "Lindenhof")],
    "FR": [("Recouvrement Azur SAS", "azur-recouvrement.fr", "Azur")],
}
DOMAIN_VENDORS = {
    "card_dispute": ["Chargewell", "Penrose", "Kestrel"],
    "collections_us": ["Harborline", "Quillfeather", "Brightwater", "Cobalt Ridge", "Tallgrass"],
    "medical_billing": ["Meridian", "Larkspur RCM", "Bluegate", "Summitline"],
    "pharmacy_benefit": ["Keelwater", "Summitline", "Meridian"],
    "garnishment": ["Ledgerlight", "Brassfield"],
    "processor_integration": ["Tollgate", "Remitrail", "Chargewell"],
}
ROLE_LOCALS = {
    "card_dispute": ["disputes", "chargebacks", "support"], "collections_us": ["collections", "payments", "ar"],
    "medical_billing": ["billing", "patientaccounts", "priorauth"], "pharmacy_benefit": ["helpdesk", "priorauth", "rxclaims"],
    "garnishment": ["payroll", "garnishments"], "processor_integration": ["integrations", "support", "lockbox"],
    "uk_patient_billing": ["ovo", "patientaccounts", "collections"],
    "DK": ["inkasso", "kundeservice"], "NO": ["inkasso", "kundeservice"], "FI": ["perinta", "asiakaspalvelu"],
    "CZ": ["vymahani", "podpora"], "RO": ["recuperari", "contact"], "HU": ["ugyfelszolgalat", "kovetelés".replace("é", "e")],
    "DE": ["inkasso", "service"], "FR": ["recouvrement", "contact"],
}
MERCHANTS = [("Fennwick Outdoor Supply", "fennwick-outdoor.com"), ("Glasshouse Fitness Studios", "glasshousefit.com"),
             ("Corbel Home Furnishings", "corbelhome.com"), ("Tidewater Telecom", "tidewatertel.net"),
             ("Nightjar Software", "nightjarsoftware.io"), ("Dunmore & Finch Tailoring", "dunmorefinch.com"),
             ("Ferrous Bike Works", "ferrousbikes.com"), ("Mossgiel Pet Supplies", "mossgielpets.com"),
             ("Ottoline Travel Club", "ottolinetravel.com"), ("Saffron & Slate Kitchens", "saffronslate.com")]
CLINICS = [("Alderbrook Dental Group", "alderbrookdental.com"), ("Pinecrest Orthopedics", "pinecrestortho.org"),
           ("Saltmarsh Pediatrics", "saltmarshpeds.org"), ("Riverbend Imaging Center", "riverbendimaging.com"),
           ("Maple Hollow Family Practice", "maplehollowfp.com"), ("Granite Falls Cardiology", "granitefallsheart.com"),
           ("Wexley Women's Health", "wexleywomens.org"), ("Copperleaf Physical Therapy", "copperleafpt.com")]
PHARMACIES = ["Cedar Vale Pharmacy", "Lantern Street Apothecary", "Brookhaven Community Pharmacy", "Ridgeway Rx"]
PAYERS = ["Keystone Mutual Health", "Prairie Shield Health Plan", "Union Crest Benefits", "Lakeshore Care Alliance",
          "Evergreen Senior Advantage"]
UK_HOSPITALS = ["Wrexford General Hospital NHS Foundation Trust", "St Aldhelm's Hospital", "Hallamshire Vale Hospital",
                "Kingsmere University Hospitals"]
UK_INSURERS = ["Thistledown Health Insurance", "Albion Mutual Healthcare", "Penhallow Medical Cover"]
EMPLOYERS = ["Orrin Logistics", "Bellweather Foods", "Castlegate Manufacturing", "Juniper Home Health",
             "Stonebridge Hotels", "Wrenfield County Schools"]
US_CITIES = [("Dayton", "OH"), ("Tacoma", "WA"), ("Lansing", "MI"), ("Fresno", "CA"), ("Knoxville", "TN"),
             ("Albany", "NY"), ("Boise", "ID"), ("Savannah", "GA"), ("Tulsa", "OK"), ("Worcester", "MA"),
             ("Madison", "WI"), ("Reno", "NV")]
STREETS = ["Larkin St", "Whitcomb Ave", "Ferris Rd", "Old Mill Ln", "Cardinal Way", "Pruett Blvd", "Hazelwood Dr",
           "Sycamore Ct", "Tanager Pl", "Brackett St"]
DRUGS_C2 = ["oxycodone 10 mg", "hydromorphone 4 mg", "methylphenidate ER 36 mg", "amphetamine salts 20 mg",
            "morphine ER 30 mg", "fentanyl 25 mcg/h patch"]
DRUGS = ["adalimumab pen", "semaglutide 1 mg", "apixaban 5 mg", "insulin glargine", "rosuvastatin 20 mg",
         "dupilumab 300 mg"]

FOLD = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "å": "aa", "Å": "AA", "ß": "ss"})


def ascii_fold(s):
    import unicodedata
    s = s.translate(FOLD)
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


# =====================================================================================================
# value generators
# =====================================================================================================


def rdig(rng, n):
    return "".join(rng.choice("0123456789") for _ in range(n))


def clean_digits(rng, n, first=None):
    for _ in range(1000):
        d = (first or rng.choice("123456789")) + rdig(rng, n - 1)
        if digit_run_clean(d):
            return d
    raise AssertionError("clean_digits")


BRANDS = [("visa", 30), ("mastercard", 14), ("mastercard2", 10), ("amex", 10), ("discover", 8), ("jcb", 6),
          ("diners", 6), ("unionpay", 7), ("maestro", 8)]


def gen_pan(rng, brand=None):
    brand = brand or rng.choices([b for b, _ in BRANDS], [w for _, w in BRANDS])[0]
    while True:
        if brand == "visa":
            pre, n = "4", 16
        elif brand == "mastercard":
            pre, n = str(rng.randint(51, 55)), 16
        elif brand == "mastercard2":
            pre, n = str(rng.randint(2221, 2720)), 16
        elif brand == "amex":
            pre, n = rng.choice(["34", "37"]), 15
        elif brand == "discover":
            pre, n = rng.choice(["6011", str(rng.randint(644, 649)), "65"]), 16
        elif brand == "jcb":
            pre, n = str(rng.randint(3528, 3589)), 16
        elif brand == "diners":
            pre, n = rng.choice(["36", "38", "39", str(rng.randint(300, 305))]), 14
        elif brand == "unionpay":
            pre, n = "62" + rng.choice("3456"), rng.choice([16, 16, 19])
        else:
            pre, n = rng.choice(["5018", "5020", "5038", "5893", "6304", "6759", "6761", "6762", "6763"]), rng.choice([16, 19])
        body = pre + rdig(rng, n - 1 - len(pre))
        pan = body + luhn_digit(body)
        if pan not in TEST_PANS and card_brand(pan):
            return brand, pan


def group(d, sizes, sep=" "):
    out, i = [], 0
    for s in sizes:
        out.append(d[i:i + s])
        i += s
    if i < len(d):
        out.append(d[i:])
    return sep.join(x for x in out if x)


def card_groups(d):
    return {15: [4, 6, 5], 14: [4, 6, 4], 19: [4, 4, 4, 4, 3]}.get(len(d), [4, 4, 4, 4])


def asr_digits(rng, d, style=None):
    """A digit rendering a voice-to-text engine might produce: odd spacing, but digits as digits."""
    style = style or rng.choice(["pairs", "ragged", "single", "triples"])
    if style == "single":
        return " ".join(d), style
    if style == "pairs":
        return group(d, [2] * 10), style
    if style == "triples":
        return group(d, [3] * 7), style
    sizes, left = [], len(d)
    while left > 0:
        s = min(left, rng.choice([1, 2, 3, 4, 4]))
        sizes.append(s)
        left -= s
    return group(d, sizes), style


DIGIT_WORDS = "zero one two three four five six seven eight nine".split()


def spell_digits(rng, d):
    words = []
    for ch in d:
        if ch == "0" and rng.random() < 0.4:
            words.append("oh")
        else:
            words.append(DIGIT_WORDS[int(ch)])
    return " ".join(words)


def gen_ssn(rng):
    while True:
        a = rng.randint(1, 899)
        if a == 666:
            continue
        d = "%03d%02d%04d" % (a, rng.randint(1, 99), rng.randint(1, 9999))
        if ssn_digits_ok(d):
            return d


def gen_aba(rng, nonzero_first=False):
    prefixes = sorted(ABA_PREFIXES)
    if nonzero_first:
        prefixes = [p for p in prefixes if p >= 10]
    while True:
        body = "%02d" % rng.choice(prefixes) + rdig(rng, 6)
        w = [3, 7, 1, 3, 7, 1, 3, 7]
        chk = (10 - sum(int(a) * b for a, b in zip(body, w)) % 10) % 10
        d = body + str(chk)
        if aba_digits_ok(d):
            return d


def gen_npi(rng):
    body = rng.choice("12") + rdig(rng, 8)
    return body + luhn_digit("80840" + body)


def gen_nhs(rng):
    while True:
        body = rng.choice("467") + rdig(rng, 8)
        r = sum(int(body[i]) * (10 - i) for i in range(9)) % 11
        chk = 11 - r
        if chk == 11:
            chk = 0
        if chk != 10:
            return body + str(chk)


def gen_dea(rng, surname):
    init = ascii_fold(surname)[0].upper()
    d6 = rdig(rng, 6)
    return rng.choice("ABFG") + init + d6 + str(dea_digit(d6))


def gen_aws(rng):
    while True:
        k = "AKIA" + "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))
        if valid_aws(k):
            return k


def gen_gh(rng, prefix="ghp_"):
    body = "".join(rng.choice(B62) for _ in range(30))
    return prefix + body + gh_checksum(body)


def gen_mrn(rng, numeric_ok_json=False):
    style = rng.choice(["d7", "d8", "00d6", "E7", "MR6"]) if not numeric_ok_json else rng.choice(["d7", "d8"])
    while True:
        if style == "d7":
            v = rng.choice("123456789") + rdig(rng, 6)
        elif style == "d8":
            v = rng.choice("3456789") + rdig(rng, 7)
        elif style == "00d6":
            v = "00" + rdig(rng, 6)
        elif style == "E7":
            v = rng.choice("EKM") + rdig(rng, 7)
        else:
            v = rng.choice(["MR", "HM", "RB"]) + rdig(rng, 6)
        if valid_mrn(v) and (not v.isdigit() or digit_run_clean(v)):
            return style, v


def sshstr(b):
    return len(b).to_bytes(4, "big") + b


def wrap(s, n):
    return [s[i:i + n] for i in range(0, len(s), n)]


def gen_private_key(rng, kind=None):
    kind = kind or rng.choice(["rsa", "rsa", "pkcs8_rsa", "ec", "openssh", "pkcs8_ed25519"])
    rb = lambda n: bytes(rng.randrange(256) for _ in range(n))
    if kind == "rsa":
        raw = bytes.fromhex("308204a402010002820101") + b"\x00" + rb(0x4A4 + 4 - 12)
        label, width = "RSA PRIVATE KEY", 64
    elif kind == "pkcs8_rsa":
        raw = bytes.fromhex("308204be020100300d06092a864886f70d0101010500048204a8308204a402010002820101") + b"\x00"
        raw += rb(0x4BE + 4 - len(raw))
        label, width = "PRIVATE KEY", 64
    elif kind == "ec":
        raw = (bytes.fromhex("307702010104") + b"\x20" + rb(32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200")
               + b"\x04" + rb(64))
        label, width = "EC PRIVATE KEY", 64
    elif kind == "pkcs8_ed25519":
        raw = bytes.fromhex("302e020100300506032b657004220420") + rb(32)
        label, width = "PRIVATE KEY", 64
    else:
        pk, sk = rb(32), rb(32)
        chk = rb(4)
        comment = rng.choice([b"lockbox@sftp-gw", b"remit-sync", b"svc-835-pull", b"billing-ci"])
        priv = chk + chk + sshstr(b"ssh-ed25519") + sshstr(pk) + sshstr(sk + pk) + sshstr(comment)
        pad = 1
        while len(priv) % 8:
            priv += bytes([pad])
            pad += 1
        pub = sshstr(b"ssh-ed25519") + sshstr(pk)
        raw = (b"openssh-key-v1\x00" + sshstr(b"none") + sshstr(b"none") + sshstr(b"") + (1).to_bytes(4, "big")
               + sshstr(pub) + sshstr(priv))
        label, width = "OPENSSH PRIVATE KEY", 70
    lines = wrap(base64.b64encode(raw).decode(), width)
    return kind, label, lines


def pem_text(label, lines, nl="\n"):
    return f"-----BEGIN {label}-----{nl}" + nl.join(lines) + f"{nl}-----END {label}-----"


def gen_pgp_private(rng):
    rb = lambda n: bytes(rng.randrange(256) for _ in range(n))
    body = bytes([0x95, 0x03, 0xC6, 0x04]) + rb(4) + bytes([0x01, 0x08, 0x00]) + rb(0x3C6 - 7)
    lines = wrap(base64.b64encode(body).decode(), 64)
    crc = base64.b64encode(crc24(body).to_bytes(3, "big")).decode()
    return ("-----BEGIN PGP PRIVATE KEY BLOCK-----\nComment: lockbox decrypt key\n\n" + "\n".join(lines)
            + "\n=" + crc + "\n-----END PGP PRIVATE KEY BLOCK-----")


def gen_cert(rng):
    rb = lambda n: bytes(rng.randrange(256) for _ in range(n))
    raw = bytes.fromhex("3082036a30820252a003020102021400") + rb(0x36A + 4 - 16)
    return "-----BEGIN CERTIFICATE-----\n" + "\n".join(wrap(base64.b64encode(raw).decode(), 64)) + "\n-----END CERTIFICATE-----"


def gen_pubkey(rng):
    rb = lambda n: bytes(rng.randrange(256) for _ in range(n))
    raw = bytes.fromhex("3059301306072a8648ce3d020106082a8648ce3d030107034200") + b"\x04" + rb(64)
    return "-----BEGIN PUBLIC KEY-----\n" + "\n".join(wrap(base64.b64encode(raw).decode(), 64)) + "\n-----END PUBLIC KEY-----"


def gen_iban(rng, cc):
    while True:
        if cc == "DK":
            bban = "%04d" % rng.choice([3409, 5301, 9570, 7780, 2191, 6695, 1551, 9877]) + rdig(rng, 10)
        elif cc == "NO":
            b10 = "%04d" % rng.choice([1503, 9710, 3000, 1254, 6011, 1822]) + rdig(rng, 6)
            k = no_check(b10)
            if k == 10:
                continue
            bban = b10 + str(k)
        elif cc == "FI":
            b13 = rng.choice(["10", "15", "57", "80", "36", "47", "31"]) + rdig(rng, 11)
            bban = b13 + luhn_digit(b13)
        elif cc == "CZ":
            bank = rng.choice(["0100", "0300", "0800", "2010", "0600", "5500", "3030"])
            prefix = rng.choice(["000000", "000000", "000019", "000035"])
            a9 = rdig(rng, 9)
            s = sum(int(a) * b for a, b in zip(a9, CZ_W_ACCT[:9])) % 11
            last = (11 - s) % 11
            if last == 10 or not cz_part_ok(prefix, CZ_W_PREFIX):
                continue
            bban = bank + prefix + a9 + str(last)
        elif cc == "HU":
            def blk(n):
                d = rdig(rng, n)
                w = ([9, 7, 3, 1] * 4)[:n]
                return d + str((10 - sum(int(a) * b for a, b in zip(d, w)) % 10) % 10)
            first = rng.choice(["117", "116", "120", "104", "107", "109"]) + rdig(rng, 4)
            w = [9, 7, 3, 1, 9, 7, 3]
            first += str((10 - sum(int(a) * b for a, b in zip(first, w)) % 10) % 10)
            second = blk(15) if rng.random() < 0.6 else blk(7) + "00000000"
            bban = first + second
        elif cc == "DE":
            bban = rng.choice(["10070000", "20050550", "37040044", "50010517", "70150000", "12030000",
                               "43060967", "66050101"]) + rdig(rng, 10)
        elif cc == "FR":
            bank, branch, acct = rng.choice(["30004", "30003", "20041", "10278", "30066"]), rdig(rng, 5), rdig(rng, 11)
            bban = bank + branch + acct + "%02d" % fr_key(bank, branch, acct)
        elif cc == "RO":
            bank = rng.choice(["BTRL", "RNCB", "BRDE", "INGB", "RZBR", "CECE", "BACX"])
            acct = ("RONCRT0" + rdig(rng, 9)) if bank == "BTRL" else rdig(rng, 16)
            bban = bank + acct
        elif cc == "GB":
            bban = rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"]) + rdig(rng, 14)
        else:
            raise KeyError(cc)
        iban = cc + iban_check_digits(cc, bban) + bban
        if valid_iban(iban):
            return iban


def iban_print(c):
    return " ".join(wrap(c, 4))


US_AREAS = [int(x) for x in (
    "212 312 415 617 713 404 305 206 303 602 702 214 480 503 612 614 704 919 813 215 646 917 972 469 267 773 224 "
    "508 781 860 401 203 732 973 201 516 631 845 518 716 585 315 412 717 610 484 302 410 443 301 202 703 571 804 "
    "757 336 828 843 864 803 912 478 770 678 470 850 904 407 321 727 941 239 561 954 786 205 256 334 601 504 225 "
    "901 615 423 865 502 859 317 574 313 248 586 734 616 517 414 262 608 920 651 763 952 319 515 314 816 417 316 "
    "785 913 402 605 701 406 307 720 970 719 801 505 520 928 775 209 559 661 805 818 310 323 562 626 714 949 951 "
    "909 760 858 619 650 408 510 925 707 916 530 541 360 425 253 509 208 907 808").split()]


def gen_us_number(rng, tollfree=False):
    area = rng.choice([800, 888, 877, 866, 855, 844, 833]) if tollfree else rng.choice(US_AREAS)
    while True:
        ex = rng.randint(200, 999)
        if ex % 100 != 11 and ex != 555:
            break
    return "%03d%03d%04d" % (area, ex, rng.randint(0, 9999))


def fmt_us(rng, d, style=None):
    a, e, l = d[:3], d[3:6], d[6:]
    style = style or rng.choice(["paren", "dash", "dot", "plus1", "plus1dash", "paren", "dash", "spaces"])
    return style, {"paren": f"({a}) {e}-{l}", "dash": f"{a}-{e}-{l}", "dot": f"{a}.{e}.{l}",
                   "plus1": f"+1 {a} {e} {l}", "plus1dash": f"+1-{a}-{e}-{l}", "spaces": f"{a} {e} {l}",
                   "e164": f"+1{d}", "one": f"1-{a}-{e}-{l}"}[style]


def gen_phone(rng, region, landline=False):
    """Returns (country code, national significant number, kind) for a region."""
    if landline and region != "US":
        for _ in range(200):
            cc, nsn, kind = gen_phone(rng, region)
            if "mobile" not in kind or region in ("DK", "FR"):
                return cc, nsn, kind
    if region == "US":
        return "1", gen_us_number(rng), "us"
    if region == "UK":
        k = rng.choice(["mob", "mob", "lon", "man"])
        if k == "mob":
            return "44", "7" + rng.choice("123457 89".replace(" ", "")) + rdig(rng, 8), "uk_mobile"
        if k == "lon":
            return "44", "20" + rng.choice("378") + rdig(rng, 7), "uk_london"
        return "44", rng.choice(["161", "113", "121", "117"]) + rng.choice("2345689") + rdig(rng, 6), "uk_geo"
    if region == "DK":
        return "45", rng.choice(["20", "22", "26", "28", "30", "31", "40", "42", "50", "51", "53", "60", "61", "71",
                                 "81", "91", "93", "33", "35", "86", "98"]) + rdig(rng, 6), "dk"
    if region == "NO":
        if rng.random() < 0.8:
            return "47", rng.choice("49") + rng.choice("0123456789") + rdig(rng, 6), "no_mobile"
        return "47", rng.choice(["22", "23", "55", "73"]) + rdig(rng, 6), "no_geo"
    if region == "FI":
        if rng.random() < 0.8:
            return "358", rng.choice(["40", "41", "44", "45", "46", "50"]) + rng.choice("123456789") + rdig(rng, 6), "fi_mobile"
        return "358", "9" + rng.choice("2345678") + rdig(rng, 6), "fi_helsinki"
    if region == "CZ":
        if rng.random() < 0.8:
            return "420", rng.choice(["601", "602", "603", "604", "605", "606", "607", "608", "702", "703", "704",
                                      "721", "724", "731", "737", "739", "773", "777", "792"]) + rdig(rng, 6), "cz_mobile"
        return "420", "2" + rng.choice("2345") + rdig(rng, 7), "cz_prague"
    if region == "RO":
        if rng.random() < 0.8:
            return "40", "7" + rng.choice("2345678") + rdig(rng, 7), "ro_mobile"
        return "40", "21" + rng.choice("23") + rdig(rng, 6), "ro_bucharest"
    if region == "HU":
        if rng.random() < 0.8:
            return "36", rng.choice(["20", "30", "31", "50", "70"]) + rng.choice("123456789") + rdig(rng, 6), "hu_mobile"
        return "36", "1" + rng.choice("23456789") + rdig(rng, 6), "hu_budapest"
    if region == "DE":
        if rng.random() < 0.6:
            return "49", rng.choice(["151", "152", "157", "160", "162", "171", "172", "176"]) + rdig(rng, 7), "de_mobile"
        return "49", rng.choice(["30", "40", "89", "221"]) + rng.choice("2345789") + rdig(rng, 6), "de_geo"
    if region == "FR":
        return "33", rng.choice("67") + rdig(rng, 8) if rng.random() < 0.7 else "1" + rdig(rng, 8), "fr"
    raise KeyError(region)


def fmt_phone(rng, cc, nsn, kind, style=None):
    """Render a phone number in one of the formats people in that country write."""
    if cc == "1":
        return fmt_us(rng, nsn, style)
    if cc == "44":
        if kind == "uk_mobile":
            opts = {"nat": "0" + nsn[:4] + " " + nsn[4:], "intl": "+44 " + nsn[:4] + " " + nsn[4:],
                    "e164": "+44" + nsn}
        elif kind == "uk_london":
            opts = {"nat": "020 " + nsn[2:6] + " " + nsn[6:], "intl": "+44 20 " + nsn[2:6] + " " + nsn[6:],
                    "e164": "+44" + nsn}
        else:
            opts = {"nat": "0" + nsn[:3] + " " + nsn[3:6] + " " + nsn[6:], "intl": "+44 " + nsn[:3] + " " + nsn[3:6] + " " + nsn[6:],
                    "e164": "+44" + nsn}
    elif cc == "45":
        p = group(nsn, [2, 2, 2, 2])
        opts = {"intl": "+45 " + p, "nat": p, "e164": "+45" + nsn, "intl_compact": "+45 " + nsn}
    elif cc == "47":
        p = group(nsn, [3, 2, 3]) if kind == "no_mobile" else group(nsn, [2, 2, 2, 2])
        opts = {"intl": "+47 " + p, "nat": p, "e164": "+47" + nsn}
    elif cc == "358":
        if kind == "fi_mobile":
            opts = {"intl": "+358 " + nsn[:2] + " " + nsn[2:5] + " " + nsn[5:], "nat": "0" + nsn[:2] + " " + nsn[2:5] + " " + nsn[5:],
                    "e164": "+358" + nsn, "nat_compact": "0" + nsn[:2] + " " + nsn[2:]}
        else:
            opts = {"intl": "+358 9 " + nsn[1:5] + " " + nsn[5:], "nat": "09 " + nsn[1:5] + " " + nsn[5:], "e164": "+358" + nsn}
    elif cc == "420":
        p = group(nsn, [3, 3, 3])
        opts = {"intl": "+420 " + p, "nat": p, "e164": "+420" + nsn}
    elif cc == "40":
        if kind == "ro_mobile":
            opts = {"intl": "+40 " + group(nsn, [3, 3, 3]), "nat": "0" + group(nsn, [3, 3, 3]), "e164": "+40" + nsn}
        else:
            opts = {"intl": "+40 21 " + group(nsn[2:], [3, 4]), "nat": "021 " + group(nsn[2:], [3, 4]), "e164": "+40" + nsn}
    elif cc == "36":
        if kind == "hu_mobile":
            opts = {"intl": "+36 " + nsn[:2] + " " + nsn[2:5] + " " + nsn[5:], "nat": "06 " + nsn[:2] + " " + nsn[2:5] + " " + nsn[5:],
                    "nat_slash": "06-" + nsn[:2] + "/" + nsn[2:5] + "-" + nsn[5:], "e164": "+36" + nsn}
        else:
            opts = {"intl": "+36 1 " + nsn[1:4] + " " + nsn[4:], "nat": "06 1 " + nsn[1:4] + " " + nsn[4:], "e164": "+36" + nsn}
    elif cc == "49":
        if kind == "de_mobile":
            opts = {"intl": "+49 " + nsn[:3] + " " + nsn[3:], "nat": "0" + nsn[:3] + " " + nsn[3:], "e164": "+49" + nsn}
        else:
            a = 3 if nsn.startswith("221") else 2
            opts = {"intl": "+49 " + nsn[:a] + " " + nsn[a:], "nat": "0" + nsn[:a] + " " + nsn[a:], "e164": "+49" + nsn}
    elif cc == "33":
        opts = {"intl": "+33 " + nsn[0] + " " + group(nsn[1:], [2, 2, 2, 2]), "nat": "0" + nsn[0] + " " + group(nsn[1:], [2, 2, 2, 2]),
                "e164": "+33" + nsn}
    else:
        raise KeyError(cc)
    if style is None or style not in opts:
        style = rng.choice([k for k in opts if k != "e164"] + (["e164"] if rng.random() < 0.15 else []))
    return style, opts[style]


PUBLIC_FIRST_OCTETS = [23, 24, 31, 37, 45, 46, 50, 62, 64, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80,
                       81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 104, 107, 108, 109,
                       135, 136, 137, 141, 142, 146, 147, 151, 152, 154, 157, 158, 162, 164, 165, 166, 173, 174, 176,
                       178, 184, 185, 188, 193, 194, 195, 212, 213, 217]


def gen_ip(rng, kind=None):
    kind = kind or rng.choices(["v4", "priv", "v6"], [70, 18, 12])[0]
    while True:
        if kind == "v4":
            s = "%d.%d.%d.%d" % (rng.choice(PUBLIC_FIRST_OCTETS), rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254))
        elif kind == "priv":
            s = rng.choice(["10.%d.%d.%d" % (rng.randint(0, 255), rng.randint(0, 255), rng.randint(1, 254)),
                            "172.%d.%d.%d" % (rng.randint(16, 31), rng.randint(0, 255), rng.randint(1, 254)),
                            "192.168.%d.%d" % (rng.randint(0, 255), rng.randint(1, 254))])
        else:
            pre = rng.choice(["2600:1700", "2601:18c", "2a01:4f8", "2a02:2f0c", "2406:da18", "2a00:1450", "2605:a601"])
            groups = pre.split(":") + ["%x" % rng.randint(0, 0xFFFF) for _ in range(6)]
            if rng.random() < 0.5:
                s = ":".join(groups[:4]) + "::" + "%x" % rng.randint(1, 0xFFFF)
            else:
                s = ":".join(groups)
            s = str(ipaddress.ip_address(s)) if rng.random() < 0.5 else s
        if valid_ip(s):
            return kind, s


# =====================================================================================================
# rendering: templates are text with {slot[:hint][@k]} placeholders and [[a|b|c]] choices
# =====================================================================================================


class Piece:
    __slots__ = ("text", "kind", "name", "fmt")

    def __init__(self, text, kind=None, name=None, fmt=None):
        self.text, self.kind, self.name, self.fmt = text, kind, name, fmt

    def __repr__(self):
        return f"Piece({self.text!r}, {self.kind}, {self.name})"


def Lit(t):
    return Piece(t)


def Pos(t, ent, fmt):
    assert ent in ENTITIES, ent
    return Piece(t, "P", ent, fmt)


KIND_TARGET = {}        # hard-negative kind -> entity it imitates ("other" for generic reference noise)
PASS_KINDS = {"test_card"}   # kinds that pass their entity's rule; the text calls them something else


def Neg(t, kind, fmt=None):
    assert kind in KIND_TARGET, kind
    return Piece(t, "N", kind, fmt or kind)


def kinds(target, *names):
    for n in names:
        KIND_TARGET[n] = target


kinds("CREDIT_CARD", "order_number_16", "test_card", "masked_card", "arn", "split_fragment", "spelled_card",
      "gift_card_number", "card_bin_range")
kinds("US_SSN", "masked_ssn", "ssn_invalid", "itin", "ein", "spelled_ssn", "split_fragment_ssn")
kinds("EMAIL_ADDRESS", "masked_email", "placeholder_email", "mention_handle", "message_id", "spelled_email")
kinds("PHONE_NUMBER", "masked_phone", "sms_shortcode", "phone_like_ref", "spelled_phone")
kinds("IBAN_CODE", "iban_bad_checksum", "masked_iban", "bic")
kinds("ABA_ROUTING_NUMBER", "aba_checksum_fail", "masked_routing", "ach_trace", "bank_account_number")
kinds("IP_ADDRESS", "masked_ip", "ip_bad_octet", "version_string", "mac_address", "oid")
kinds("MEDICAL_RECORD_NUMBER", "masked_mrn", "member_id", "patient_account", "claim_number", "encounter_number",
      "rx_number", "pa_number")
kinds("US_NPI", "npi_fail", "masked_npi", "ncpdp_id", "payer_claim_control")
kinds("DATE_OF_BIRTH", "date_other", "timestamp", "card_expiry", "masked_dob", "spelled_dob")
kinds("UK_NHS", "nhs_fail_mod11", "masked_nhs")
kinds("US_DEA", "dea_fail", "masked_dea")
kinds("AWS_ACCESS_KEY", "aws_example_key", "aws_secret_key", "masked_aws_key", "aws_account_id")
kinds("GITHUB_TOKEN", "gh_checksum_fail", "masked_token", "git_sha")
kinds("PRIVATE_KEY", "certificate_block", "public_key", "redacted_private_key")
kinds("other", "case_number", "invoice_number", "order_number", "tracking_number", "ticket_ref", "collections_account",
      "cpt_code", "ndc_code", "bin_pcn", "court_case", "employee_id", "object_id", "uuid", "hex_hash", "build_number",
      "incident_ref", "batch_id", "amount_cents", "control_number", "x12_version", "check_trace", "statement_number",
      "call_id", "postcode", "merchant_id", "json_id", "file_size", "payer_id", "taxonomy_code", "fingerprint",
      "graphql_id", "cursor", "confirmation_number", "tax_id")

REGION_OF_LANG = {"da": "DK", "no": "NO", "fi": "FI", "cs": "CZ", "ro": "RO", "hu": "HU", "de": "DE", "fr": "FR"}
MONTH_NAMES = {
    "en": "January February March April May June July August September October November December".split(),
    "da": "januar februar marts april maj juni juli august september oktober november december".split(),
    "no": "januar februar mars april mai juni juli august september oktober november desember".split(),
    "fi": ("tammikuuta helmikuuta maaliskuuta huhtikuuta toukokuuta kesäkuuta heinäkuuta elokuuta syyskuuta "
           "lokakuuta marraskuuta joulukuuta").split(),
    "cs": "ledna února března dubna května června července srpna září října listopadu prosince".split(),
    "ro": "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie".split(),
    "hu": "január február március április május június július augusztus szeptember október november december".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
}
DOB_STYLES = {
    "US": ["us", "us", "us_nopad", "iso", "long", "short", "dash"], "UK": ["uk", "uk", "uk_long", "dmon", "iso"],
    "DK": ["dot", "dot", "long_dot"], "NO": ["dot", "dot", "long_dot"], "FI": ["fi", "dot", "long_dot"],
    "CZ": ["cz", "dot", "long_dot"], "RO": ["dot", "long", "slash_dmy"], "HU": ["hu", "hu_compact", "hu_long"],
    "DE": ["dot", "long_dot"], "FR": ["slash_dmy", "long"],
}
DATE_STYLE = {"US": "us", "UK": "uk", "DK": "dot", "NO": "dot", "FI": "fi", "CZ": "cz", "RO": "dot", "HU": "hu",
              "DE": "dot", "FR": "slash_dmy"}


def fmt_date(d, style, lang="en"):
    y, m, dd = d.year, d.month, d.day
    mn = MONTH_NAMES.get(lang, MONTH_NAMES["en"])[m - 1]
    return {
        "us": f"{m:02d}/{dd:02d}/{y}", "us_nopad": f"{m}/{dd}/{y}", "iso": f"{y}-{m:02d}-{dd:02d}",
        "long": (f"{mn} {dd}, {y}" if lang == "en" else f"{dd} {mn} {y}"), "short": f"{mn[:3]} {dd} {y}",
        "dash": f"{m:02d}-{dd:02d}-{y}", "uk": f"{dd:02d}/{m:02d}/{y}", "uk_long": f"{dd} {mn} {y}",
        "dmon": f"{dd:02d}-{mn[:3]}-{y}", "dot": f"{dd:02d}.{m:02d}.{y}", "long_dot": f"{dd}. {mn} {y}",
        "fi": f"{dd}.{m}.{y}", "cz": f"{dd}. {m}. {y}", "slash_dmy": f"{dd:02d}/{m:02d}/{y}",
        "hu": f"{y}. {m:02d}. {dd:02d}.", "hu_compact": f"{y}.{m:02d}.{dd:02d}.", "hu_long": f"{y}. {mn} {dd}.",
        "x12": f"{y}{m:02d}{dd:02d}", "ub": f"{m:02d}{dd:02d}{y}", "cms": f"{m:02d} {dd:02d} {y}",
        "asr": f"{m} {dd} {y}", "asr_pad": f"{m:02d} {dd:02d} {y}", "ub6": f"{m:02d}{dd:02d}{y % 100:02d}",
        "isa": f"{y % 100:02d}{m:02d}{dd:02d}",
    }[style]


ORD_WORDS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
             "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
             "twentieth", "twenty first", "twenty second", "twenty third", "twenty fourth", "twenty fifth",
             "twenty sixth", "twenty seventh", "twenty eighth", "twenty ninth", "thirtieth", "thirty first"]
TENS = "zero ten twenty thirty forty fifty sixty seventy eighty ninety".split()
TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()


def year_words(y):
    def two(n):
        if n < 10:
            return "oh " + DIGIT_WORDS[n]
        if n < 20:
            return TEENS[n - 10]
        return TENS[n // 10] + ("" if n % 10 == 0 else " " + DIGIT_WORDS[n % 10])
    if y >= 2000:
        return "two thousand" + ("" if y == 2000 else " " + (two(y - 2000) if y - 2000 >= 10 else DIGIT_WORDS[y - 2000]))
    return two(y // 100) + " " + two(y % 100)


class Ctx:
    def __init__(self, key, lang="en", region="US", domain=None, benign=False):
        self.key = key
        self.rng = random.Random(key)
        self.lang, self.region, self.domain, self.benign = lang, region, domain, benign
        self.raw, self.cache, self.taken = {}, {}, set()
        self.numeric_ids = False
        r = self.rng
        if region == "US" and domain in DOMAIN_VENDORS:
            self.vendor = r.choice([v for v in VENDORS["US"] if v[2] in DOMAIN_VENDORS[domain]])
        else:
            self.vendor = r.choice(VENDORS[region if region in VENDORS else "US"])
        self.merchant = r.choice(MERCHANTS)
        self.clinic = r.choice(CLINICS)
        self.t0 = dt.datetime(2025, 1, 6, r.randint(7, 11), r.randint(0, 59), r.randint(0, 59)) + dt.timedelta(days=r.randint(0, 320))
        self.clock = [self.t0]

    # ------------------------------------------------------------------ helpers
    def once(self, key, fn):
        if key not in self.raw:
            self.raw[key] = fn()
        return self.raw[key]

    def uniq(self, fn):
        for _ in range(500):
            v = fn()
            if v not in self.taken:
                self.taken.add(v)
                return v
        raise AssertionError("uniq")

    def at(self, k):
        while len(self.clock) <= k:
            self.clock.append(self.clock[-1] + dt.timedelta(minutes=self.rng.randint(1, 40), seconds=self.rng.randint(0, 59)))
        return self.clock[k]

    def slot(self, name, hint, k):
        key = (name, hint, k)
        if key not in self.cache:
            if name not in SLOTS:
                raise KeyError(f"unknown slot {name}")
            res = SLOTS[name](self, k, hint)
            self.cache[key] = res if isinstance(res, list) else [res]
        return self.cache[key]

    def person(self, k, kind="p"):
        def mk():
            pool = NAMES[self.lang] if self.lang in NAMES else NAMES[self.region if self.region in ("US", "UK") else "US"]
            if self.lang == "cs" and self.rng.random() < 0.5:
                i = self.rng.randrange(len(NAMES["cs"][1]))
                return self.uniq(lambda: (self.rng.choice(NAMES["cs_f"][0]), NAMES["cs_f"][1][i]))
            if kind in ("dr", "agent") and self.lang == "en":
                pool = NAMES[self.region if self.region in ("US", "UK") else "US"]
            return self.uniq(lambda: (self.rng.choice(pool[0]), self.rng.choice(pool[1])))
        return self.once(("person", kind, k), mk)

    def full(self, k, kind="p"):
        f, l = self.person(k, kind)
        return f"{l} {f}" if self.lang == "hu" else f"{f} {l}"


SLOTS = {}


def slot(*names):
    def deco(f):
        for n in names:
            SLOTS[n] = f
        return f
    return deco


# ------------------------------------------------------------------ plain text slots

@slot("name")
def s_name(c, k, h):
    return Lit(c.full(k))


@slot("first")
def s_first(c, k, h):
    return Lit(c.person(k)[0])


@slot("last")
def s_last(c, k, h):
    return Lit(c.person(k)[1])


@slot("name_lc")
def s_name_lc(c, k, h):
    return Lit(c.full(k).lower())


@slot("first_uc")
def s_first_uc(c, k, h):
    return Lit(ascii_fold(c.person(k)[0]).upper())


@slot("last_uc")
def s_last_uc(c, k, h):
    return Lit(ascii_fold(c.person(k)[1]).upper())


@slot("agent")
def s_agent(c, k, h):
    return Lit(c.full(k, "agent"))


@slot("agent_first")
def s_agent_first(c, k, h):
    return Lit(c.person(k, "agent")[0])


@slot("dr")
def s_dr(c, k, h):
    f, l = c.person(k, "dr")
    return Lit(f"Dr. {f} {l}")


@slot("dr_last_uc")
def s_dr_last_uc(c, k, h):
    return Lit(c.person(k, "dr")[1].upper())


@slot("dr_first_uc")
def s_dr_first_uc(c, k, h):
    return Lit(c.person(k, "dr")[0].upper())


@slot("vendor")
def s_vendor(c, k, h):
    return Lit(c.vendor[0])


@slot("vendor_short")
def s_vendor_short(c, k, h):
    return Lit(c.vendor[2])


@slot("vendor_lc")
def s_vendor_lc(c, k, h):
    return Lit(c.vendor[0].lower().replace("&", "and").replace(".", ""))


@slot("vendor_domain")
def s_vendor_domain(c, k, h):
    return Lit(c.vendor[1])


@slot("merchant")
def s_merchant(c, k, h):
    return Lit(c.merchant[0])


@slot("clinic")
def s_clinic(c, k, h):
    return Lit(c.clinic[0])


@slot("clinic_uc")
def s_clinic_uc(c, k, h):
    return Lit(ascii_fold(c.clinic[0]).upper().replace("'", "").replace("&", "AND"))


@slot("payer")
def s_payer(c, k, h):
    return Lit(c.once(("payer", k), lambda: c.rng.choice(PAYERS)))


@slot("payer_uc")
def s_payer_uc(c, k, h):
    return Lit(c.once(("payer", k), lambda: c.rng.choice(PAYERS)).upper())


@slot("pharmacy")
def s_pharmacy(c, k, h):
    return Lit(c.once(("pharmacy", k), lambda: c.rng.choice(PHARMACIES)))


@slot("hospital")
def s_hospital(c, k, h):
    return Lit(c.once(("hospital", k), lambda: c.rng.choice(UK_HOSPITALS)))


@slot("insurer_uk")
def s_insurer_uk(c, k, h):
    return Lit(c.once(("insurer", k), lambda: c.rng.choice(UK_INSURERS)))


@slot("employer")
def s_employer(c, k, h):
    return Lit(c.once(("employer", k), lambda: c.rng.choice(EMPLOYERS)))


@slot("drug")
def s_drug(c, k, h):
    return Lit(c.once(("drug", k), lambda: c.rng.choice(DRUGS)))


@slot("drug_c2")
def s_drug_c2(c, k, h):
    return Lit(c.once(("drugc2", k), lambda: c.rng.choice(DRUGS_C2)))


@slot("icd")
def s_icd(c, k, h):
    return Lit(c.once(("icd", k), lambda: c.rng.choice(["E11.9", "I10", "M54.50", "Z00.00", "J45.909", "M17.11",
                                                          "R07.9", "K21.9", "F41.1", "N39.0"])))


@slot("addr")
def s_addr(c, k, h):
    def mk():
        city, st = c.rng.choice(US_CITIES)
        return f"{c.rng.randint(12, 9899)} {c.rng.choice(STREETS)}, {city}, {st} ", "%05d" % c.rng.randint(1001, 99899)
    a, z = c.once(("addr", k), mk)
    return [Lit(a), Neg(z, "postcode")]


@slot("amt")
def s_amt(c, k, h):
    v = c.once(("amt", k, h == "small"), lambda: round(c.rng.uniform(18, 4800) if h != "small" else c.rng.uniform(15, 240), 2))
    if h == "plain":
        return Lit(f"{v:.2f}")
    reg = c.region
    whole, cents = int(v), int(round((v - int(v)) * 100))
    if reg in ("US", "UK"):
        return Lit(("$" if reg == "US" else "£") + f"{v:,.2f}")
    if reg == "CZ":
        return Lit(f"{int(v * 20):,} Kč".replace(",", " "))
    if reg == "HU":
        return Lit(f"{int(v * 350) // 10 * 10:,} Ft".replace(",", " "))
    sep = "." if reg in ("DK", "RO", "DE") else " "
    num = f"{whole:,}".replace(",", sep) + f",{cents:02d}"
    return Lit({"DK": num + " kr.", "NO": num + " kr", "RO": num + " lei"}.get(reg, num + " €"))


@slot("creditor")
def s_creditor(c, k, h):
    return Lit(c.once(("creditor", k), lambda: c.rng.choice([v[0] for v in VENDORS["US"] if v[2] in DOMAIN_VENDORS["collections_us"]])))


@slot("n_payments")
def s_npay(c, k, h):
    return Lit(str(c.once(("npay", k), lambda: c.rng.choice([3, 4, 6, 8, 10, 12, 18, 24]))))


@slot("time")
def s_time(c, k, h):
    t = c.at(k)
    return Lit(t.strftime({"sec": "%H:%M:%S", "hhmm": "%H%M"}.get(h, "%H:%M")))


@slot("last4")
def s_last4(c, k, h):
    return Lit(card_raw(c, k)[1][-4:])


@slot("bucket")
def s_bucket(c, k, h):
    return Lit(c.vendor[1].split(".")[0] + "-remit-" + c.rng.choice(["prod", "inbound", "lockbox"]))


@slot("ua")
def s_ua(c, k, h):
    return Lit(c.once(("ua", k), lambda: c.rng.choice([
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.95 Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/123.0.6312.86 Safari/537.36",
        "okhttp/4.12.0", "Stripe/1.0 (+https://stripe.com/docs/webhooks)"])))


# ------------------------------------------------------------------ positive slots (and their masked twins)

def card_raw(c, k):
    return c.once(("card", k), lambda: c.uniq(lambda: gen_pan(c.rng)))


@slot("card")
def s_card(c, k, h):
    brand, pan = card_raw(c, k)
    if h == "masked":
        style = c.rng.choice(["stars", "x", "bin", "dots"])
        t = {"stars": "**** **** **** " + pan[-4:], "x": "XXXX-XXXX-XXXX-" + pan[-4:],
             "bin": pan[:6] + "*" * (len(pan) - 10) + pan[-4:], "dots": "•••• " + pan[-4:]}[style]
        return Neg(t, "masked_card", "masked_card." + style)
    if h in ("split1", "split2"):
        cut = {16: 8, 15: 7, 14: 6, 19: 8}[len(pan)]
        grouped = c.once(("cardsplit", k), lambda: c.rng.random() < 0.5)
        part = pan[:cut] if h == "split1" else pan[cut:]
        t = group(part, [4] * 5) if grouped else part
        return Neg(t, "split_fragment", "split_fragment.card")
    if h == "spelled":
        return Neg(spell_digits(c.rng, pan), "spelled_card", "spelled_card")
    if h in ("asr", "asr2"):
        prev = c.raw.get(("cardasr", k))
        while True:
            t, st = asr_digits(c.rng, pan)
            if prev is None or st != prev:
                break
        c.raw[("cardasr", k)] = st
        return Pos(t, "CREDIT_CARD", f"card.{brand}.asr_{st}")
    if h == "compact":
        style = "compact"
    elif h in ("space", "dash"):
        style = h
    else:
        style = c.once(("cardstyle", k), lambda: c.rng.choice(["space", "space", "compact", "dash"]))
        if h == "alt":
            style = {"space": "compact", "compact": "dash", "dash": "space"}[style]
    t = pan if style == "compact" else group(pan, card_groups(pan), " " if style == "space" else "-")
    return Pos(t, "CREDIT_CARD", f"card.{brand}.{style}")


@slot("exp")
def s_exp(c, k, h):
    m, y = c.once(("exp", k), lambda: (c.rng.randint(1, 12), c.rng.randint(26, 31)))
    return Neg(f"{m:02d}/{y}" if h != "long" else f"{m:02d}/20{y}", "card_expiry")


@slot("test_card")
def s_test_card(c, k, h):
    pan = c.once(("testcard", k), lambda: c.rng.choice(sorted(p for p in TEST_PANS if card_brand(p))))
    t = group(pan, card_groups(pan)) if c.rng.random() < 0.6 else pan
    return Neg(t, "test_card", "test_card." + card_brand(pan))


def ssn_raw(c, k):
    return c.once(("ssn", k), lambda: c.uniq(lambda: gen_ssn(c.rng)))


@slot("ssn")
def s_ssn(c, k, h):
    d = ssn_raw(c, k)
    if h == "masked":
        return Neg(c.rng.choice(["XXX-XX-", "***-**-", "xxx-xx-"]) + d[-4:], "masked_ssn")
    if h == "spelled":
        return Neg(spell_digits(c.rng, d), "spelled_ssn")
    if h in ("split1", "split2"):
        return Neg(f"{d[:3]}-{d[3:5]}" if h == "split1" else d[5:], "split_fragment_ssn")
    if h == "asr":
        st = c.rng.choice(["grouped", "single", "ragged"])
        t = {"grouped": f"{d[:3]} {d[3:5]} {d[5:]}", "single": " ".join(d),
             "ragged": f"{d[:3]} {d[3:5]} {d[5:7]} {d[7:]}"}[st]
        return Pos(t, "US_SSN", "ssn.asr_" + st)
    style = h if h in ("dash", "space", "compact") else c.once(("ssnstyle", k), lambda: c.rng.choice(["dash"] * 5 + ["space", "compact"]))
    t = {"dash": f"{d[:3]}-{d[3:5]}-{d[5:]}", "space": f"{d[:3]} {d[3:5]} {d[5:]}", "compact": d}[style]
    return Pos(t, "US_SSN", "ssn." + style)


@slot("ssn_bad")
def s_ssn_bad(c, k, h):
    def mk():
        if h == "itin":
            return "9%02d-%d-%04d" % (c.rng.randint(0, 99), c.rng.choice(list(range(70, 89)) + list(range(90, 93))), c.rng.randint(1, 9999))
        a = c.rng.choice(["000", "666", "9%02d" % c.rng.randint(0, 99)])
        return "%s-%02d-%04d" % (a, c.rng.randint(1, 99), c.rng.randint(1, 9999))
    v = c.once(("ssnbad", h, k), lambda: c.uniq(mk))
    return Neg(v, "itin" if h == "itin" else "ssn_invalid")


def dob_raw(c, k):
    def mk():
        return dt.date(1936, 1, 1) + dt.timedelta(days=c.rng.randint(0, 25500))
    return c.once(("dob", k), mk)


@slot("dob")
def s_dob(c, k, h):
    d = dob_raw(c, k)
    lang = c.lang
    if h == "masked":
        return Neg(c.rng.choice([f"**/**/{d.year}", "**/**/****", f"XX/XX/{d.year}", f"{d.year}-**-**"]), "masked_dob")
    if h == "spelled":
        return Neg(f"{MONTH_NAMES['en'][d.month - 1].lower()} {ORD_WORDS[d.day - 1]} {year_words(d.year)}", "spelled_dob")
    if h in ("x12", "ub", "cms", "iso", "asr", "asr_pad", "us", "uk", "dot", "long"):
        style = h
    else:
        reg = c.region if c.region in DOB_STYLES else "US"
        style = c.once(("dobstyle", k), lambda: c.rng.choice(DOB_STYLES[reg]))
        if h == "alt":
            others = [s for s in DOB_STYLES[reg] + ["iso"] if s != style]
            style = c.once(("dobalt", k), lambda: c.rng.choice(others))
    return Pos(fmt_date(d, style, lang), "DATE_OF_BIRTH", "dob." + style)


@slot("date")
def s_date(c, k, h):
    d = c.once(("date", k), lambda: c.uniq(lambda: c.t0.date() + dt.timedelta(days=-45 + 12 * k + c.rng.randint(0, 10))))
    if h in ("iso", "x12", "ub6", "isa", "us", "long", "cms"):
        style = h
    else:
        style = DATE_STYLE.get(c.region, "us")
    return Neg(fmt_date(d, style, c.lang), "date_other", "date_other." + style)


@slot("ts")
def s_ts(c, k, h):
    t = c.at(k)
    if h == "clf":
        return Neg(t.strftime("%d/%b/%Y:%H:%M:%S +0000"), "timestamp", "timestamp.clf")
    if h == "sf":
        return Neg(t.strftime("%Y-%m-%dT%H:%M:%S.000+0000"), "timestamp", "timestamp.salesforce")
    if h == "ms":
        return Neg(t.strftime("%Y-%m-%dT%H:%M:%S.") + "%03dZ" % c.rng.randint(0, 999), "timestamp", "timestamp.iso_ms")
    if h == "space":
        return Neg(t.strftime("%Y-%m-%d %H:%M:%S"), "timestamp", "timestamp.space")
    return Neg(t.strftime("%Y-%m-%dT%H:%M:%SZ"), "timestamp", "timestamp.iso")


def epoch_of(c, k):
    e = int(c.at(k).replace(tzinfo=dt.timezone.utc).timestamp())
    while not digit_run_clean(str(e)):
        e += 1
    return e


@slot("epoch")
def s_epoch(c, k, h):
    return Neg(str(epoch_of(c, k)), "timestamp", "timestamp.epoch")


def phone_raw(c, k, region=None):
    region = region or (c.region if c.region in ("US", "UK", "DK", "NO", "FI", "CZ", "RO", "HU", "DE", "FR") else "US")
    return c.once(("phone", k, region), lambda: c.uniq(lambda: gen_phone(c.rng, region)))


@slot("phone")
def s_phone(c, k, h):
    cc, nsn, kind = phone_raw(c, k)
    if h == "masked":
        t = {"1": f"(***) ***-{nsn[-4:]}"}.get(cc, f"+{cc} ** ** *{nsn[-3:]}" if len(nsn) < 9 else f"+{cc} *** *** {nsn[-3:]}")
        return Neg(t, "masked_phone")
    if h == "spelled":
        return Neg(spell_digits(c.rng, nsn), "spelled_phone")
    if h == "asr":
        t = f"{nsn[:3]} {nsn[3:6]} {nsn[6:]}" if cc == "1" else group(nsn, [2, 2, 2, 2, 2])
        return Pos(t, "PHONE_NUMBER", f"phone.{kind}.asr")
    prim = c.once(("phonestyle", k), lambda: fmt_phone(c.rng, cc, nsn, kind)[0])
    style = prim
    if h == "alt":
        for _ in range(20):
            style = fmt_phone(c.rng, cc, nsn, kind)[0]
            if style != prim:
                break
    elif h:
        style = h
    st, t = fmt_phone(c.rng, cc, nsn, kind, style)
    return Pos(t, "PHONE_NUMBER", f"phone.{kind}.{st}")


@slot("vphone")
def s_vphone(c, k, h):
    if c.region == "US":
        d = c.once(("vphone", k), lambda: c.uniq(lambda: gen_us_number(c.rng, tollfree=True)))
        st = c.once(("vphonestyle", k), lambda: c.rng.choice(["one", "paren", "dash", "dot"]))
        return Pos(fmt_us(c.rng, d, st)[1], "PHONE_NUMBER", "phone.us_tollfree." + st)
    cc, nsn, kind = c.once(("vphone", k), lambda: c.uniq(lambda: gen_phone(c.rng, c.region, landline=True)))
    st = "intl" if h != "nat" else "nat"
    return Pos(fmt_phone(c.rng, cc, nsn, kind, st)[1], "PHONE_NUMBER", f"phone.{kind}.{st}")


def email_for(c, k, kind="p"):
    def mk():
        f, l = c.person(k, kind)
        f, l = ascii_fold(f).lower(), ascii_fold(l).lower().replace(" ", "")
        if kind == "agent":
            local = c.rng.choice([f"{f}.{l}", f"{f[0]}{l}", f"{f}.{l[0]}", f])
            return f"{local}@{c.vendor[1]}"
        yy = c.rng.randint(58, 99)
        local = c.rng.choice([f"{f}.{l}", f"{f[0]}{l}", f"{f}{l}{yy}", f"{l}.{f}", f"{f}_{l}", f"{f}.{l}{c.rng.randint(1, 9)}",
                              f"{f}{l[0]}{yy}", f"{f}.{l}+billing"])
        reg = c.region if c.region in FREEMAIL else "US"
        dom = c.rng.choice(FREEMAIL[reg]) if c.rng.random() < 0.75 else c.rng.choice(MERCHANTS + CLINICS)[1]
        return f"{local}@{dom}"
    return c.once(("email", kind, k), lambda: c.uniq(mk))


@slot("email")
def s_email(c, k, h):
    e = email_for(c, k)
    if h == "masked":
        local, dom = e.split("@")
        return Neg(local[0] + "***@" + dom, "masked_email")
    if h == "spelled":
        local, dom = e.split("@")
        sp = lambda s: s.replace(".", " dot ").replace("_", " underscore ").replace("+", " plus ").replace("-", " dash ")
        return Neg(f"{sp(local)} at {sp(dom)}", "spelled_email")
    return Pos(e, "EMAIL_ADDRESS", "email.personal" if e.split("@")[1] in sum(FREEMAIL.values(), []) else "email.company")


@slot("agent_email")
def s_agent_email(c, k, h):
    e = email_for(c, k, "agent")
    if h == "masked":
        return Neg(e[0] + "***@" + e.split("@")[1], "masked_email")
    return Pos(e, "EMAIL_ADDRESS", "email.agent")


@slot("role_email")
def s_role_email(c, k, h):
    locs = ROLE_LOCALS.get(c.domain if c.region in ("US", "UK") else c.region, ["billing", "support"])
    loc = c.once(("role", k), lambda: c.uniq(lambda: c.rng.choice(locs)))
    if h == "masked":
        return Neg(loc[0] + "***@" + c.vendor[1], "masked_email")
    return Pos(f"{loc}@{c.vendor[1]}", "EMAIL_ADDRESS", "email.role")


@slot("merchant_email")
def s_merchant_email(c, k, h):
    loc = c.once(("mrole", k), lambda: c.rng.choice(["billing", "accounts", "orders", "help"]))
    return Pos(f"{loc}@{c.merchant[1]}", "EMAIL_ADDRESS", "email.role")


@slot("clinic_email")
def s_clinic_email(c, k, h):
    loc = c.once(("crole", k), lambda: c.rng.choice(["billing", "frontdesk", "priorauth", "rcm"]))
    return Pos(f"{loc}@{c.clinic[1]}", "EMAIL_ADDRESS", "email.role")


@slot("email_placeholder")
def s_email_ph(c, k, h):
    return Neg(c.rng.choice(["name@example.com", "jane.doe@example.org", "customer@yourdomain.com", "user@test.invalid",
                             "first.last@example.net"]), "placeholder_email")


@slot("mention")
def s_mention(c, k, h):
    f, l = c.person(k, "agent")
    return Neg("@" + ascii_fold(f).lower() + "." + ascii_fold(l)[0].lower(), "mention_handle")


@slot("msgid")
def s_msgid(c, k, h):
    def mk():
        while True:
            t = c.at(k) + dt.timedelta(seconds=c.rng.randint(0, 600))
            v = "<" + t.strftime("%Y%m%d%H%M%S") + "." + "%x" % c.rng.getrandbits(40) + "@mail." + c.vendor[1] + ">"
            if value_clean(v):
                return v
    return Neg(c.once(("msgid", k), mk), "message_id")


def iban_country(c):
    return {"UK": "GB", "US": "DE"}.get(c.region, c.region)


def iban_raw(c, k):
    cc = iban_country(c)
    return c.once(("iban", k), lambda: c.uniq(lambda: gen_iban(c.rng, cc)))


@slot("iban")
def s_iban(c, k, h):
    v = iban_raw(c, k)
    if h == "masked":
        return Neg(v[:4] + " **** **** " + v[-4:] if c.rng.random() < 0.5 else v[:2] + "*" * (len(v) - 6) + v[-4:], "masked_iban")
    if h == "bad":
        def mk():
            i = c.rng.randrange(4, len(v))
            while not v[i].isdigit():
                i = c.rng.randrange(4, len(v))
            w = v[:i] + str((int(v[i]) + c.rng.randint(1, 9)) % 10) + v[i + 1:]
            return iban_print(w) if c.rng.random() < 0.5 else w
        return Neg(c.once(("ibanbad", k), mk), "iban_bad_checksum")
    style = h if h in ("compact", "print") else c.once(("ibanstyle", k), lambda: c.rng.choice(["print", "print", "compact"]))
    return Pos(iban_print(v) if style == "print" else v, "IBAN_CODE", f"iban.{v[:2].lower()}.{style}")


@slot("bic")
def s_bic(c, k, h):
    bics = {"DK": ["DABADKKK", "NDEADKKK"], "NO": ["DNBANOKK", "NDEANOKK"], "FI": ["NDEAFIHH", "OKOYFIHH"],
            "CZ": ["KOMBCZPP", "GIBACZPX"], "RO": ["BTRLRO22", "RNCBROBU"], "HU": ["OTPVHUHB", "GIBAHUHB"],
            "DE": ["COBADEFF", "DEUTDEFF"], "FR": ["BNPAFRPP", "SOGEFRPP"], "UK": ["NWBKGB2L", "BARCGB22"]}
    return Neg(c.rng.choice(bics.get(c.region, ["COBADEFF"])), "bic")


@slot("aba")
def s_aba(c, k, h):
    d = c.once(("aba", k), lambda: c.uniq(lambda: gen_aba(c.rng, nonzero_first=(h == "json" or c.numeric_ids))))
    if h == "masked":
        return Neg("*****" + d[-4:], "masked_routing")
    if h == "bad":
        def mk():
            while True:
                w = d[:8] + str((int(d[8]) + c.rng.randint(1, 9)) % 10)
                if not aba_digits_ok(w):
                    return w
        return Neg(c.once(("ababad", k), mk), "aba_checksum_fail")
    if h == "asr":
        t, st = asr_digits(c.rng, d, c.rng.choice(["single", "triples", "ragged"]))
        return Pos(t, "ABA_ROUTING_NUMBER", "aba.asr_" + st)
    return Pos(d, "ABA_ROUTING_NUMBER", "aba.plain")


@slot("acct")
def s_acct(c, k, h):
    d = c.once(("acct", k), lambda: c.uniq(lambda: clean_digits(c.rng, c.rng.choice([8, 11, 12]))))
    if h == "masked":
        return Neg("****" + d[-4:], "bank_account_number", "bank_account_number.masked")
    if h == "asr":
        return Neg(asr_digits(c.rng, d, "ragged")[0], "bank_account_number", "bank_account_number.asr")
    return Neg(d, "bank_account_number")


@slot("ip")
def s_ip(c, k, h):
    if h in ("masked", "bad"):
        _, base = c.once(("ip", k, "v4"), lambda: c.uniq(lambda: gen_ip(c.rng, "v4")))
        o = base.split(".")
        if h == "masked":
            return Neg(c.rng.choice([f"{o[0]}.{o[1]}.x.x", f"{o[0]}.{o[1]}.***.***", f"{o[0]}.xxx.xxx.{o[3]}"]), "masked_ip")
        return Neg(f"{o[0]}.{c.rng.randint(256, 399)}.{o[2]}.{o[3]}", "ip_bad_octet")
    kind = h if h in ("v4", "priv", "v6") else None
    kind_, v = c.once(("ip", k, kind), lambda: c.uniq(lambda: gen_ip(c.rng, kind)))
    return Pos(v, "IP_ADDRESS", "ip." + kind_)


@slot("mrn")
def s_mrn(c, k, h):
    st, v = c.once(("mrn", k), lambda: c.uniq(lambda: gen_mrn(c.rng, numeric_ok_json=(h == "json" or c.numeric_ids))))
    if h == "masked":
        return Neg("****" + v[-4:], "masked_mrn")
    return Pos(v, "MEDICAL_RECORD_NUMBER", "mrn." + st)


@slot("npi")
def s_npi(c, k, h):
    v = c.once(("npi", k), lambda: c.uniq(lambda: gen_npi(c.rng)))
    if h == "masked":
        return Neg("******" + v[-4:], "masked_npi")
    if h == "bad":
        def mk():
            while True:
                w = v[:9] + str((int(v[9]) + c.rng.randint(1, 9)) % 10)
                if digit_run_clean(w):
                    return w
        return Neg(c.once(("npibad", k), mk), "npi_fail")
    return Pos(v, "US_NPI", "npi.plain")


@slot("nhs")
def s_nhs(c, k, h):
    v = c.once(("nhs", k), lambda: c.uniq(lambda: gen_nhs(c.rng)))
    if h == "masked":
        return Neg("*** *** " + v[-4:], "masked_nhs")
    if h == "bad":
        def mk():
            while True:
                w = v[:9] + str((int(v[9]) + c.rng.randint(1, 9)) % 10)
                if digit_run_clean(w):
                    return f"{w[:3]} {w[3:6]} {w[6:]}"
        return Neg(c.once(("nhsbad", k), mk), "nhs_fail_mod11")
    style = h if h in ("space", "compact", "dash") else c.once(("nhsstyle", k), lambda: c.rng.choice(["space", "space", "compact", "dash"]))
    t = {"space": f"{v[:3]} {v[3:6]} {v[6:]}", "compact": v, "dash": f"{v[:3]}-{v[3:6]}-{v[6:]}"}[style]
    return Pos(t, "UK_NHS", "nhs." + style)


@slot("dea")
def s_dea(c, k, h):
    v = c.once(("dea", k), lambda: c.uniq(lambda: gen_dea(c.rng, c.person(k, "dr")[1])))
    if h == "masked":
        return Neg(v[:2] + "*****" + v[-2:], "masked_dea")
    if h == "bad":
        return Neg(v[:8] + str((int(v[8]) + c.rng.randint(1, 9)) % 10), "dea_fail")
    return Pos(v, "US_DEA", "dea." + v[0])


@slot("aws")
def s_aws(c, k, h):
    v = c.once(("aws", k), lambda: c.uniq(lambda: gen_aws(c.rng)))
    if h == "masked":
        return Neg(v[:4] + "************" + v[-4:], "masked_aws_key")
    return Pos(v, "AWS_ACCESS_KEY", "aws.akia")


@slot("aws_example")
def s_aws_example(c, k, h):
    return Neg("AKIAIOSFODNN7EXAMPLE", "aws_example_key")


@slot("aws_secret")
def s_aws_secret(c, k, h):
    def mk():
        while True:
            v = "".join(c.rng.choice(B62 + "/+") for _ in range(40))
            if value_clean(v) and not re.search(r"\d{5}", v):
                return v
    return Neg(c.once(("awssecret", k), mk), "aws_secret_key")


@slot("aws_account")
def s_aws_account(c, k, h):
    return Neg(c.once(("awsacct", k), lambda: clean_digits(c.rng, 12)), "aws_account_id")


@slot("ghtok")
def s_ghtok(c, k, h):
    v = c.once(("gh", k), lambda: c.uniq(lambda: gen_gh(c.rng, c.rng.choice(["ghp_"] * 6 + ["gho_", "ghs_", "ghu_"]))))
    if h == "masked":
        return Neg(v[:4] + "*" * 28 + v[-4:], "masked_token")
    if h == "bad":
        last = v[-1]
        return Neg(v[:-1] + B62[(B62.index(last) + 7) % 62], "gh_checksum_fail")
    return Pos(v, "GITHUB_TOKEN", "github." + v[:3])


@slot("pem")
def s_pem(c, k, h):
    kind, label, lines = c.once(("pem", k), lambda: gen_private_key(c.rng))
    if h == "esc":
        return Pos(pem_text(label, lines, "\\n"), "PRIVATE_KEY", f"pem.{kind}.escaped_nl")
    return Pos(pem_text(label, lines), "PRIVATE_KEY", f"pem.{kind}")


@slot("pgp")
def s_pgp(c, k, h):
    return Pos(c.once(("pgp", k), lambda: gen_pgp_private(c.rng)), "PRIVATE_KEY", "pem.pgp_armored")


@slot("pem_redacted")
def s_pem_redacted(c, k, h):
    lab = c.rng.choice(["RSA PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY"])
    return Neg(f"-----BEGIN {lab}-----\n[key material removed by agent]\n-----END {lab}-----", "redacted_private_key")


@slot("cert")
def s_cert(c, k, h):
    return Neg(c.once(("cert", k), lambda: gen_cert(c.rng)), "certificate_block")


@slot("pubkey")
def s_pubkey(c, k, h):
    return Neg(c.once(("pub", k), lambda: gen_pubkey(c.rng)), "public_key")


@slot("ssh_pub")
def s_ssh_pub(c, k, h):
    def mk():
        while True:
            b = base64.b64encode(sshstr(b"ssh-ed25519") + sshstr(bytes(c.rng.randrange(256) for _ in range(32)))).decode()
            v = f"ssh-ed25519 {b} lockbox@{c.vendor[1].split('.')[0]}"
            if value_clean(v):
                return v
    return Neg(c.once(("sshpub", k), mk), "public_key", "public_key.ssh")


# ------------------------------------------------------------------ reference noise (hard negatives)

def neg_maker(name, kind, fn, fmt=None):
    def f(c, k, h):
        v = c.once(("neg", name, k), lambda: c.uniq(lambda: _clean_val(lambda: fn(c, h))))
        return Neg(v, kind, fmt)
    SLOTS[name] = f


def _clean_val(fn):
    for _ in range(500):
        v = fn()
        if value_clean(v):
            return v
    raise AssertionError("no clean value")


R = lambda c: c.rng
YEAR = lambda c: str(c.at(0).year)
neg_maker("case_no", "case_number", lambda c, h: f"{R(c).choice(['DSP', 'CB', 'DIS', 'CASE'])}-{YEAR(c)}-{rdig(R(c), 6)}")
neg_maker("arn", "arn", lambda c, h: (lambda b: b + luhn_digit(b))(R(c).choice("278") + rdig(R(c), 21)))
neg_maker("order16", "order_number_16", lambda c, h: (lambda d: group(d, [4, 4, 4, 4]) if R(c).random() < 0.4 else d)(
    R(c).choice("45") + rdig(R(c), 15)))
neg_maker("order", "order_number", lambda c, h: R(c).choice(["ORD-", "SO", "WEB-"]) + rdig(R(c), 7))
neg_maker("gift_card", "gift_card_number", lambda c, h: "6" + rdig(R(c), 18))
neg_maker("tracking", "tracking_number", lambda c, h: R(c).choice([
    lambda: "1Z" + "".join(R(c).choice("0123456789ABCDEFGHJKLMNPRSTVWXY") for _ in range(6)) + rdig(R(c), 10),
    lambda: group("94" + rdig(R(c), 20), [4] * 6), lambda: rdig(R(c), 12)])())
neg_maker("invoice", "invoice_number", lambda c, h: R(c).choice(["INV-", "INV", "F-", "SI-"]) + rdig(R(c), R(c).choice([6, 7])))
neg_maker("ticket_ref", "ticket_ref", lambda c, h: R(c).choice(["#", "TCK-", "REQ-"]) + rdig(R(c), 6))
neg_maker("acct_coll", "collections_account", lambda c, h: R(c).choice(["HRG-", "QF", "BW-", "CR-", "TAS"]) + rdig(R(c), 7))
neg_maker("acct_pt", "patient_account", lambda c, h: R(c).choice(["PT", "GX", "ACC"]) + rdig(R(c), R(c).choice([7, 8])))
neg_maker("claim_no", "claim_number", lambda c, h: R(c).choice([lambda: "CLM" + YEAR(c) + rdig(R(c), 6),
                                                              lambda: rdig(R(c), 13), lambda: YEAR(c)[2:] + rdig(R(c), 11)])())
neg_maker("icn", "payer_claim_control", lambda c, h: rdig(R(c), 14))
neg_maker("member_id", "member_id", lambda c, h: R(c).choice(["XEH", "W", "MBR", "KMH", "U"]) + rdig(R(c), R(c).choice([8, 9])))
neg_maker("encounter", "encounter_number", lambda c, h: "ENC" + rdig(R(c), 8))
neg_maker("cpt", "cpt_code", lambda c, h: R(c).choice(["99213", "99214", "99203", "80053", "36415", "93000", "71046",
                                                       "97110", "90834", "73721", "72148", "70553", "99285", "85025"]))
neg_maker("ndc", "ndc_code", lambda c, h: "%05d-%04d-%02d" % (R(c).randint(1, 99999), R(c).randint(1, 9999), R(c).randint(1, 99)))
neg_maker("rx_no", "rx_number", lambda c, h: R(c).choice("2345678") + rdig(R(c), 6))
neg_maker("bin", "bin_pcn", lambda c, h: "6" + rdig(R(c), 5))
neg_maker("ncpdp", "ncpdp_id", lambda c, h: rdig(R(c), 7))
neg_maker("pa_no", "pa_number", lambda c, h: "PA-" + YEAR(c) + "-" + rdig(R(c), 6))
neg_maker("ein", "ein", lambda c, h: "%02d-%07d" % (R(c).choice([12, 20, 27, 33, 41, 46, 52, 61, 74, 81, 84, 88, 93]), R(c).randint(0, 9999999)))
neg_maker("ein_compact", "tax_id", lambda c, h: "%02d%07d" % (R(c).choice([12, 20, 27, 33, 41, 46, 52, 61, 74, 81, 84, 88, 93]), R(c).randint(0, 9999999)))
neg_maker("employee_id", "employee_id", lambda c, h: R(c).choice(["E", "EMP-", ""]) + rdig(R(c), 6))
neg_maker("court_case", "court_case", lambda c, h: R(c).choice(["2024-DR-", "25-CV-", "2025-FC-", "DR-24-"]) + rdig(R(c), 6))
neg_maker("evt_id", "object_id", lambda c, h: "evt_" + "".join(R(c).choice(B62) for _ in range(24)))
neg_maker("ch_id", "object_id", lambda c, h: "ch_" + "".join(R(c).choice(B62) for _ in range(24)))
neg_maker("uuid", "uuid", lambda c, h: "%08x-%04x-4%03x-%04x-%012x" % (R(c).getrandbits(32), R(c).getrandbits(16), R(c).getrandbits(12),
                                                                       0x8000 | R(c).getrandbits(14), R(c).getrandbits(48)))
neg_maker("sha256", "hex_hash", lambda c, h: "%064x" % R(c).getrandbits(256))
neg_maker("sha1", "git_sha", lambda c, h: "%040x" % R(c).getrandbits(160))
neg_maker("mac", "mac_address", lambda c, h: ":".join("%02X" % R(c).randrange(256) for _ in range(6)))
neg_maker("version", "version_string", lambda c, h: R(c).choice([
    lambda: "v%d.%d.%d" % (R(c).randint(1, 9), R(c).randint(0, 30), R(c).randint(0, 40)),
    lambda: "%d.%d.%d.%d" % (R(c).randint(1, 12), R(c).randint(0, 9), R(c).randint(0, 9), R(c).randint(256, 4999)),
    lambda: "%d.%02d.%d" % (R(c).randint(2023, 2025), R(c).randint(1, 12), R(c).randint(1, 9))])())
neg_maker("oid", "oid", lambda c, h: "1.3.6.1.4.1.%d.%d.%d" % (R(c).randint(1000, 60000), R(c).randint(1, 9), R(c).randint(1, 30)))
neg_maker("build_no", "build_number", lambda c, h: rdig(R(c), R(c).choice([5, 6])))
neg_maker("incident", "incident_ref", lambda c, h: "INC-" + rdig(R(c), 5))
neg_maker("batch", "batch_id", lambda c, h: rdig(R(c), 7))
neg_maker("ach_trace", "ach_trace", lambda c, h: rdig(R(c), 15))
neg_maker("cents", "amount_cents", lambda c, h: str(R(c).randint(10000, 499999)))
neg_maker("isa_ctrl", "control_number", lambda c, h: "0000" + rdig(R(c), 5))
neg_maker("gs_ctrl", "control_number", lambda c, h: str(R(c).randint(10000, 999999)))
neg_maker("orig_co_id", "ein", lambda c, h: "1" + "%02d%07d" % (R(c).choice([12, 20, 27, 33, 41, 46, 52]), R(c).randint(0, 9999999)))
neg_maker("trace", "check_trace", lambda c, h: rdig(R(c), 12))
neg_maker("stmt_no", "statement_number", lambda c, h: "ST-" + rdig(R(c), 7))
neg_maker("eft_no", "check_trace", lambda c, h: rdig(R(c), 10))
neg_maker("call_id", "call_id", lambda c, h: "CALL-" + c.at(0).strftime("%Y%m%d") + "-" + rdig(R(c), 4))
neg_maker("zip", "postcode", lambda c, h: "%05d" % R(c).randint(1001, 99899))
neg_maker("merchant_id", "merchant_id", lambda c, h: rdig(R(c), R(c).choice([8, 11, 15])))
neg_maker("short_code", "sms_shortcode", lambda c, h: str(R(c).randint(20000, 99999)))
neg_maker("phone_ref", "phone_like_ref", lambda c, h: "1%02d-%04d-%03d" % (R(c).randint(0, 99), R(c).randint(0, 9999), R(c).randint(0, 999)))
neg_maker("confirm", "confirmation_number", lambda c, h: R(c).choice(["CNF", "PMT", "RCPT-"]) + rdig(R(c), 8))
neg_maker("taxonomy", "taxonomy_code", lambda c, h: R(c).choice(["207Q00000X", "208D00000X", "207R00000X", "363LF0000X", "261QP2300X"]))
neg_maker("payer_id", "payer_id", lambda c, h: rdig(R(c), 5))
neg_maker("bytes", "file_size", lambda c, h: str(R(c).randint(10000, 999999)))


@slot("aws_example_secret")
def s_aws_example_secret(c, k, h):
    return Neg("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws_secret_key", "aws_secret_key.doc_example")


@slot("x12ver")
def s_x12ver(c, k, h):
    return Neg("00501", "x12_version")


@slot("x12impl")
def s_x12impl(c, k, h):
    return Neg({"837": "005010X222A1", "835": "005010X221A1"}.get(h, "005010X222A1"), "x12_version")


@slot("isa_pad")
def s_isa_pad(c, k, h):
    ident = c.once(("isaid", k), lambda: c.rng.choice(["RCM", "CLH", "SUB", "PYR"]) + "".join(c.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(3)) + rdig(c.rng, 3))
    return Lit(ident.ljust(15))


@slot("isa_id")
def s_isa_id(c, k, h):
    return Lit(s_isa_pad(c, k, h).text.strip())


@slot("ctrl4")
def s_ctrl4(c, k, h):
    return Lit("%04d" % c.once(("ctrl4", k), lambda: c.rng.randint(1, 9999)))


# =====================================================================================================
# templates (all written for this round)
# =====================================================================================================

TEMPLATES = {}


def T(tid, cat, dom, text, regions=("US",), roles=("internal",), lang="en", benign=False):
    assert tid not in TEMPLATES, tid
    TEMPLATES[tid] = {"id": tid, "cat": cat, "dom": dom, "text": textwrap.dedent(text).strip("\n"),
                      "regions": regions, "roles": roles, "lang": lang, "benign": benign}


# ---------------------------------------------------------------- card disputes / refunds
T("cb_case", "chargeback_case", "card_dispute", """
    Dispute {case_no} — {merchant}
    Reason code [[10.4 (other fraud, card-absent)|13.1 (merchandise/services not received)|4853 (cardholder dispute)|4837 (no cardholder authorization)|13.3 (not as described)]], ARN {arn}
    Cardholder: {name} · {email} · {phone}
    PAN from the issuer's retrieval request: {card}
    Merchant order {order16} placed {date} from IP {ip}; AVS Y, CVV M.
    Evidence: carrier proof of delivery ({tracking}), two earlier undisputed orders from {ip}, account login history.
    Merchant contact: {merchant_email}. Representment due {date@1}. — {agent_first}
    """, regions=("US", "UK"))
T("cb_letter", "customer_email", "card_dispute", """
    [[Hi|Hello|Dear]] {merchant} billing team,

    I'm disputing a charge of {amt} that posted on {date}. [[I never received the order|The item arrived broken and nobody answers my emails|I cancelled this membership months ago]] and my bank told me to contact you first. The card was {card} (exp {exp}). You can reach me at {phone} or reply to {email}.

    If this isn't sorted out by {date@1} I'll file a chargeback with my bank.

    {name}
    """, regions=("US", "UK"), roles=("customer",))
T("cb_packet", "chargeback_case", "card_dispute", """
    Representment packet for {case_no} ({merchant}):
    - Customer: {name} <{email}>
    - Billing phone on the order: {phone}
    - Device IP at checkout: {ip:v4}; IP at the login two days earlier: {ip:v6@1}
    - Card on file: {card:masked} (full PAN not retained by the merchant)
    - Shipment {tracking}, delivered {date}, signed "{last_uc}"
    - Customer's own message of {date@1}: "got the package thanks, ignore my bank"
    Submitting under [[compelling evidence 3.0|Visa CE 3.0|Mastercard second presentment]]. ARN {arn}. A goodwill credit already went to store gift card {gift_card}.
    """, regions=("US", "UK"))
T("cb_issuer_call", "chargeback_case", "card_dispute", """
    Call with the issuer's dispute desk ({date}, {time}): rep {agent@1} confirmed that cardholder {name} disputed {amt} on card {card}. Issuer case {case_no}. They want the evidence faxed to their chargeback unit at {vphone} and a copy e-mailed to {role_email}.
    The rep also read out the cardholder's date of birth ({dob}) — that should not be in our notes, flagging for QA.
    """)
T("refund_req", "refund_request", "card_dispute", """
    Subject: Refund for duplicate charge {invoice}

    Hello,
    I was billed twice for {invoice} ({amt} each) on {date}. Please refund the duplicate to the card I used, {card}, or if that card has been closed send it by ACH — routing {aba}, checking account {acct}.
    Thanks,
    {name}
    {phone}
    """, roles=("customer",))
T("refund_ach", "refund_request", "card_dispute", """
    Refund approved by {agent_first} for {name} ({email}). The original card {card:masked} was reissued, so finance is sending ACH instead:
      ABA routing: {aba} (the number first given, {aba:bad}, failed validation)
      Account: {acct} (checking)
      Amount: {amt} · ticket {ticket_ref}
    Customer confirmed date of birth {dob} and the last four of the SSN on a callback to {phone}.
    """)
T("refund_iban", "refund_request", "card_dispute", """
    Refund request — {merchant} order {order}
    Customer {name} wants the {amt} refund sent to their bank rather than the card ({card:masked}). IBAN given: {iban} (the one on the original form, {iban:bad}, failed the checksum). Confirmation to {email}, phone {phone}.
    Agent note: read the IBAN back to the customer; it matches the account holder's name.
    """, regions=("UK",))
T("fraud_ip", "chargeback_case", "card_dispute", """
    Fraud review for dispute {case_no}: the order was placed from {ip} (ISP geo ~[[Phoenix|Newark|Tampa|Spokane]]), but cardholder {name} lives at {addr}. The same device fingerprint was seen with {email} and {email@1}. Card {card} was used on [[3|4|5]] different accounts within 24h. The proxy header also carried {ip:bad@2}, which is not a valid address. Recommend we accept the chargeback. — {agent_first}
    """)
T("sms_dispute", "sms_transcript", "card_dispute", """
    Text chat with cardholder (exported from the {merchant} SMS inbox)
    {time} Customer: hi i see a charge {amt} from you guys i didnt make
    {time@1} Agent {agent_first}: Sorry about that! Which card is it on?
    {time@2} Customer: visa ending {last4}
    {time@3} Customer: actually here {card}
    {time@4} Agent {agent_first}: Thanks — I've opened dispute {case_no}. Can I e-mail you the form?
    {time@5} Customer: {email}
    {time@6} Customer: and my cell is {phone} 📱
    """, roles=("sms",))
T("asr_dispute", "voice_transcript", "card_dispute", """
    transcript (auto) — inbound dispute line — {date:iso}
    caller: hi um i need to dispute a charge on my card
    agent: sure can i get the card number
    caller: {card:asr}
    agent: and the amount of the charge
    caller: {amt}
    agent: okay and the phone number on the account
    caller: {phone:asr}
    agent: alright i've opened case {case_no} you'll get an email at the address on file
    """)

# ---------------------------------------------------------------- collections (US)
T("coll_call", "collections_call", "collections_us", """
    Outbound call {date} {time} to {phone} — right party contact.
    Debtor {name} verified with DOB {dob} and SSN {ssn}. Balance {amt}, original creditor {merchant}, account {acct_coll}.
    Debtor disputes the balance and says it was paid by card {card} back in [[March|April|June|the spring]]. Asked for proof by e-mail to {email}.
    Mini-Miranda given. Follow-up {date@1}. — {agent}
    """)
T("coll_skip", "collections_call", "collections_us", """
    Skip-trace result for {acct_coll}
    - new phone {phone} (wireless, consent unknown); old number {phone@1} disconnected
    - e-mail found: {email}
    - SSN {ssn} matches the bureau header; DOB on the header {dob}
    - the SSN on the original credit application, {ssn_bad}, was never issued (invalid area) and is ignored
    - employer: {employer}
    Do not call before 8am local. Work number not to be used (debtor asked in writing on {date}).
    """)
T("coll_letter", "customer_email", "collections_us", """
    To whom it may concern at {vendor},

    I am writing to dispute the debt you say I owe, reference {acct_coll}. I do not recognise this account. My name is {name}, my date of birth is {dob} and my Social Security number is {ssn}. Please send validation of the debt to {email} or call me on {phone}.

    Please stop calling my workplace.

    {name}
    {addr}
    """, roles=("customer",))
T("coll_bk", "customer_email", "collections_us", """
    {vendor} — I got your letter about {acct_coll} for {amt}. I filed chapter 7 on {date}, case {court_case}. My attorney's office is {phone@1}. My SSN is {ssn} if you need it to match the file. Do not contact me again at {phone} or {email}.
    """, roles=("customer",))
T("coll_settle", "agent_reply", "collections_us", """
    Hi {first},

    Thanks for speaking with me today. As agreed, {vendor} will accept {amt} as settlement in full of account {acct_coll} (original creditor {merchant}) if it is received by {date}.

    You can pay online or by phone at {vphone}. If you'd like us to draft the payment from your checking account, reply with the routing and account number — please don't send your full Social Security number by e-mail.

    {agent}
    {agent_email} | {vphone}
    """, roles=("agent",))
T("pp_agreement", "payment_plan", "collections_us", """
    PAYMENT PLAN AGREEMENT — account {acct_coll}
    Debtor: {name} | DOB: {dob} | SSN: {ssn}
    Terms: {n_payments} monthly payments of {amt:small}, first draft {date}, by ACH.
    Bank routing no. {aba}   account no. {acct}   type: checking
    Verbal authorization recorded by {agent} on {date@1}, debtor calling from {phone}.
    Written confirmation sent to {email}.
    """)
T("pp_card", "payment_plan", "collections_us", """
    Autopay set up at the debtor's request: {amt:small} on the [[1st|15th|28th]] of each month to card {card}, exp {exp}. Debtor {name} ({phone}) agreed to settle {amt@1} in total on {acct_coll}. If the card declines twice the plan defaults and a letter goes to {email}. — {agent_first}
    """)
T("pp_modify", "payment_plan", "collections_us", """
    Hi,
    I'm on a payment plan with you for {acct_coll}. I changed banks, so please take the next payments from my new account: routing number {aba}, account number {acct}. The old routing number {aba@1} is closed. (Last time I think I typed {aba:bad}, which your system rejected.)
    My phone also changed, it's now {phone}. DOB {dob} in case you need to verify.
    Thank you,
    {name}
    """, roles=("customer",))
T("sms_pay", "sms_transcript", "collections_us", """
    [{date} {time}] {vendor_short}: Hi {first}, this is {agent_first} with {vendor}. Reply YES to talk about your balance of {amt}. Msg&data rates may apply. Reply STOP to opt out.
    [{time@1}] {first}: yes
    [{time@2}] {first}: can i just pay w a card
    [{time@3}] {vendor_short}: Sure! The secure link is on your statement, or I can take it here.
    [{time@4}] {first}: {card}
    [{time@5}] {first}: exp {exp} 🙏
    [{time@6}] {vendor_short}: Got it, thanks. Please don't text card numbers in future 🙂 Receipt to {email}?
    [{time@7}] {first}: yes thats me
    """, roles=("sms",))
T("wa_split", "sms_transcript", "collections_us", """
    WhatsApp export — {vendor} collections line
    {date}, {time} - {name}: hi it's {first}, got your letter about {acct_coll}
    {date}, {time@1} - {name}: my card number is {card:split1}
    {date}, {time@2} - {name}: {card:split2} sorry hit send too early 😅
    {date}, {time@3} - {agent}: No problem! For security we can't take card details over WhatsApp. Please call {vphone}.
    {date}, {time@4} - {name}: ok calling from {phone} now
    {date}, {time@5} - {agent}: 👍
    """, regions=("US", "UK"), roles=("sms",))
T("sms_verify", "sms_transcript", "collections_us", """
    SMS thread {phone} ↔ {vendor_short} (short code {short_code})
    > {time} IN: who is this
    > {time@1} OUT: {vendor} billing. To verify it's you, reply with your date of birth.
    > {time@2} IN: {dob}
    > {time@3} OUT: Thanks. And the last 4 of your SSN?
    > {time@4} IN: its {ssn} lol the whole thing
    > {time@5} OUT: Got it, thanks. An agent will call you from {vphone}.
    """, roles=("sms",))
T("chat_ssn_split", "sms_transcript", "collections_us", """
    Chat transcript — {vendor} payment line ({date})
    [{time}] Debtor: hi i want to set up the payment plan
    [{time@1}] {agent_first}: Great! I'll need to verify you first. Full name and date of birth please.
    [{time@2}] Debtor: {name} {dob}
    [{time@3}] {agent_first}: Thanks. And your Social Security number?
    [{time@4}] Debtor: {ssn:split1}
    [{time@5}] Debtor: {ssn:split2}
    [{time@6}] {agent_first}: Thank you. I can't take the full number over chat, so I've only noted that it matches. Which number should we call?
    [{time@7}] Debtor: {phone}
    """, roles=("sms",))
T("asr_card", "voice_transcript", "collections_us", """
    [auto-transcript · {call_id} · {vendor} · confidence 0.84]
    agent: thank you for calling {vendor_lc} this call may be recorded can i have your full name
    caller: yeah it's {name_lc}
    agent: and your date of birth
    caller: {dob:spelled}
    agent: thank you and which card would you like to use today
    caller: um okay it's {card:asr}
    agent: let me read that back {card:asr2}
    caller: yes that's right
    agent: and a good call back number
    caller: {phone:asr}
    agent: perfect and the email for the receipt
    caller: {email:spelled}
    """)
T("asr_bank", "voice_transcript", "collections_us", """
    [speech-to-text, call {call_id}, agent {agent}]
    speaker 1: ok and for verification i need your social
    speaker 2: {ssn:asr}
    speaker 1: sorry you cut out can you say it again
    speaker 2: {ssn:spelled}
    speaker 1: thank you and you want to pay from checking
    speaker 2: yes the routing number is {aba:asr}
    speaker 2: and the account is {acct:asr}
    speaker 1: and your birthday
    speaker 2: {dob:asr}
    speaker 1: great i have {amt} scheduled for {date}
    """)

# ---------------------------------------------------------------- medical billing / revenue cycle
T("mb_denial", "medical_billing", "medical_billing", """
    Denial worklist — {payer}
    Claim {claim_no} | Pt {last_uc}, {first_uc} | MRN {mrn} | DOB {dob}
    DOS {date} · CPT {cpt} · billed {amt}
    Denied [[CO-16 (missing info)|CO-197 (no precert)|CO-50 (not medically necessary)|PR-204|CO-11 (dx inconsistent)]]
    Rendering NPI {npi}; billing NPI {npi@1}; member ID {member_id}
    The original claim went out with rendering NPI {npi:bad}, which fails the check digit.
    Action: corrected claim sent {date@1}, payer ICN {icn}. — {agent_first}
    """)
T("mb_eob", "medical_billing", "medical_billing", """
    EOB received {date} from {payer}
    Patient: {name}   DOB: {dob}   MRN: {mrn}   Member: {member_id}   Acct: {acct_pt}
    Line 1  DOS {date@1}  CPT {cpt}  billed {amt}  allowed {amt@1}  paid {amt@2}
    Check/EFT {eft_no} · payee NPI {npi@1}
    Remark [[N130|MA130|N290|M127]] — the patient responsibility goes to the next statement cycle.
    """)
T("mb_cms1500", "medical_billing", "medical_billing", """
    CMS-1500 key fields for rejected claim {claim_no} (clearinghouse edit [[A7:562|A3:21|A8:42]]):
    1a  INSURED'S I.D. NUMBER: {member_id}
    2   PATIENT'S NAME: {last_uc}, {first_uc}
    3   PATIENT'S BIRTH DATE: {dob:cms}   SEX: [[F|M]]
    5   TELEPHONE: {phone}
    17b NPI (referring): {npi@2}
    24J RENDERING PROVIDER ID. #: {npi}
    25  FEDERAL TAX I.D. NUMBER: {ein}
    26  PATIENT'S ACCOUNT NO.: {acct_pt}
    33a BILLING PROVIDER NPI: {npi@1}
    Reject reason: the 24J NPI is not enrolled with the payer for the date of service. Box 17b had first been keyed as {npi:bad@2} (check digit wrong).
    """)
T("mb_ub04", "medical_billing", "medical_billing", """
    UB-04 review — {clinic}
    FL 3a PAT CNTL #: {acct_pt}
    FL 3b MED. REC. #: {mrn}
    FL 6 STATEMENT COVERS PERIOD: {date:ub6} to {date:ub6@1}
    FL 10 BIRTHDATE: {dob:ub}
    FL 56 NPI: {npi@1}
    FL 60 INSURED'S UNIQUE ID: {member_id}
    FL 76 ATTENDING NPI {npi} {dr_last_uc}
    Biller note: FL 10 had been keyed with the admission date; corrected to the patient's birth date before resubmission.
    """)
T("mb_837", "medical_billing", "medical_billing", """
    Clearinghouse rejected batch {batch} (2010AA NM109). Segment dump:
    ISA*00*          *00*          *ZZ*{isa_pad}*ZZ*{isa_pad@1}*{date:isa}*{time:hhmm}*^*{x12ver}*{isa_ctrl}*0*P*:~
    GS*HC*{isa_id}*{isa_id@1}*{date:x12}*{time:hhmm}*{gs_ctrl}*X*{x12impl:837}~
    ST*837*0001*{x12impl:837}~
    NM1*85*2*{clinic_uc}*****XX*{npi@1}~
    REF*EI*{ein_compact}~
    NM1*IL*1*{last_uc}*{first_uc}****MI*{member_id}~
    DMG*D8*{dob:x12}*[[F|M]]~
    CLM*{acct_pt}*{amt:plain}***11:B:1*Y*A*Y*Y~
    NM1*82*1*{dr_last_uc}*{dr_first_uc}****XX*{npi}~
    SE*9*0001~
    """)
T("mb_835", "medical_billing", "medical_billing", """
    835 from {payer} did not auto-post. Relevant segments:
    ST*835*{ctrl4}*{x12impl:835}~
    BPR*I*{amt:plain}*C*ACH*CCP*01*{aba}*DA*{acct}*{orig_co_id}**01*{aba@1}*DA*{acct@1}*{date:x12}~
    TRN*1*{trace}*{orig_co_id}~
    N1*PR*{payer_uc}~
    N1*PE*{clinic_uc}*XX*{npi@1}~
    CLP*{acct_pt}*1*{amt:plain@1}*{amt:plain@2}**12*{icn}*11*1~
    NM1*QC*1*{last_uc}*{first_uc}****MI*{member_id}~
    NM1*82*1*{dr_last_uc}*{dr_first_uc}****XX*{npi}~
    DTM*232*{date:x12@1}~
    SVC*HC:{cpt}*{amt:plain@1}*{amt:plain@2}**1~
    CAS*CO*45*{amt:plain@3}~
    Posting failed because the PLB segment references a claim we never billed.
    """)
T("mb_statement", "customer_email", "medical_billing", """
    Hi,
    I got a statement from {clinic} for {amt} for my daughter's visit on {date}. Our insurance ({payer}) should have covered it, member ID {member_id}. Her date of birth is {dob} and the MRN printed on the statement is {mrn}.
    I already paid {amt@1} by card over the phone ({card}) and never got a receipt.
    {name} · {phone}
    """, roles=("customer",))
T("mb_portal", "customer_email", "medical_billing", """
    Hello, I can't log in to the patient billing portal to pay statement {stmt_no}. It says too many attempts from {ip}. The account is mine: {name}, date of birth {dob}, medical record number {mrn}. Please unlock it or call me at {phone}.
    {first}
    """, roles=("customer",))
T("mb_credit", "medical_billing", "medical_billing", """
    Patient credit balance review — {clinic}
    MRN {mrn} · {name} · DOB {dob}
    Overpayment of {amt} from [[a duplicate copay|a payer recoupment reversal|a double card payment]] on {date}, encounter {encounter}.
    Refund would go by check to the address on file; the patient asked for ACH instead, routing {aba}, acct {acct}. Approved by {agent} — {agent_email}.
    """)
T("mb_reply", "agent_reply", "medical_billing", """
    Hi {first},

    Thank you for calling {clinic} billing. I've put statement {stmt_no} on hold for 30 days while {payer} reprocesses the claim from {date}. I updated your phone number to {phone} and your e-mail to {email}.

    For our records, the account is under the patient's MRN {mrn}. You don't need to pay anything until you hear from us.

    {agent}
    Patient Financial Services · {agent_email}
    """, roles=("agent",))

# ---------------------------------------------------------------- prior authorisation / pharmacy benefit
T("pa_imaging", "prior_auth", "medical_billing", """
    Prior auth request {pa_no} — {payer}
    Patient: {name}, DOB {dob}, MRN {mrn}
    Service: [[MRI lumbar spine|CT abdomen/pelvis with contrast|PET/CT skull base to mid-thigh|MRI right knee]] (CPT {cpt}), dx {icd}
    Ordering: {dr}, NPI {npi}
    Servicing facility: {clinic}, NPI {npi@1}
    Status: pended for clinicals; notes faxed to the payer's UM line {vphone} on {date}. Follow up with {clinic_email}.
    """)
T("pa_c2", "prior_auth", "pharmacy_benefit", """
    PA for {drug_c2} (C-II) — {name}, DOB {dob}, MRN {mrn}
    Prescriber {dr} · NPI {npi} · DEA {dea}
    {pharmacy} called from {phone}: the plan needs a prior auth plus a quantity-limit exception. Ref {pa_no}, submitted {date}.
    """)
T("pa_appeal", "prior_auth", "medical_billing", """
    Re: Appeal of denied authorization {pa_no}
    Member: {name} (DOB {dob}; member ID {member_id})
    Treating physician: {dr}, NPI {npi}

    We request reconsideration of the denial dated {date}. The patient has failed two formulary alternatives, as documented in the attached records (MRN {mrn}). Please direct questions to our appeals coordinator at {phone} or {clinic_email}.
    """, roles=("agent",))
T("rx_reject", "pharmacy_benefit", "pharmacy_benefit", """
    Pharmacy help desk — claim rejected NCPDP 75 (prior authorization required)
    Rx #{rx_no} · NDC {ndc} · BIN {bin} · PCN [[ADV|MEDDPRIME|RXPCN01|CN]]
    Patient DOB {dob}; cardholder ID {member_id}
    Prescriber: {dr} (NPI {npi}, DEA {dea})
    Pharmacy NCPDP {ncpdp}, NPI {npi@1}
    (The first submission carried prescriber NPI {npi:bad}, which failed the check-digit edit.)
    Called the prescriber's office at {phone}; they will fax the PA form today.
    """)
T("rx_dea_fix", "pharmacy_benefit", "pharmacy_benefit", """
    Reject 43/44 "prescriber DEA invalid": the pharmacy keyed {dea:bad}; the DEA on the hard copy is {dea} ({dr}). Resubmitted with the right number and prescriber NPI {npi}. Rx {rx_no}, patient DOB {dob}. Copay {amt} collected on card {card:masked}.
    """)
T("rx_mail", "customer_email", "pharmacy_benefit", """
    Hi, my mail-order refill of {drug} was charged {amt} twice to my card {card}. My date of birth is {dob} and the Rx number is {rx_no}. The prescriber is {dr} if that helps. Please call me at {phone}.
    — {name}
    """, roles=("customer",))
T("rx_audit", "pharmacy_benefit", "pharmacy_benefit", """
    PBM audit finding {case_no}: [[8|11|14]] claims for {drug_c2} were billed under {dr} (DEA {dea}, NPI {npi}), but the prescriber's office says they never wrote them. Patient {name}, DOB {dob}. Pharmacy contact: {pharmacy}, {phone}. Escalated to the FWA unit — {agent_email}.
    """)

# ---------------------------------------------------------------- payroll garnishments
T("garn_iwo", "garnishment", "garnishment", """
    Income withholding order received {date} — case {court_case}
    Employee: {name} · SSN {ssn} · employee ID {employee_id} (page 2 of the order lists an ITIN, {ssn_bad:itin}; payroll keys on the SSN)
    Obligee: State Disbursement Unit
    Remit via ACH: routing {aba}, account {acct}, addenda case id {court_case}
    Withhold {amt:small} per pay period starting {date@1}. Questions to payroll at {role_email} or {phone}.
    """)
T("garn_dispute", "customer_email", "garnishment", """
    Hi payroll,
    my check on {date} had a garnishment of {amt:small} for a creditor I already settled with ({creditor}). My SSN is {ssn} and my employee number is {employee_id}. The release letter came from {email@1}. Please stop the deduction and refund it to my direct deposit — routing {aba}, account {acct}.
    {name}
    """, roles=("customer",))
T("garn_csv", "csv_export", "garnishment", """
    employee_id,name,ssn,order_type,case_no,remit_routing,remit_account,amount_per_period
    {employee_id},{name},{ssn:dash},child_support,{court_case},{aba},{acct},{amt:plain}
    {employee_id@1},{name@1},{ssn:dash@1},creditor_garnishment,{court_case@1},{aba@1},{acct@1},{amt:plain@1}
    {employee_id@2},{name@2},{ssn:masked@2},tax_levy,{court_case@2},{aba:masked@2},{acct:masked@2},{amt:plain@2}
    """)
T("garn_release", "agent_reply", "garnishment", """
    Hello {first},
    We received the release from {creditor} for case {court_case}. The garnishment stops with the {date@1} payroll, and the {amt:small} withheld on {date@1} will be refunded by direct deposit to the account ending {acct:masked}. If anything looks off, reply here or call {phone@1}.
    Payroll Services, {employer}
    """, roles=("agent",))

# ---------------------------------------------------------------- processors, integrations, logs
T("log_webhook", "processor_log", "processor_integration", """
    {ts} INFO  webhook-rx   evt={evt_id} type=charge.dispute.created src={ip:v4} sig_ok=true
    {ts@1} WARN  webhook-rx   metadata.note contained a raw PAN: "cust read {card:compact} over phone"
    {ts@2} INFO  dispute-sync case={case_no} amount={cents} currency=usd email={email}
    {ts@3} ERROR dispute-sync upstream {ip:priv@1}:8443 handshake timeout (attempt 3/5)
    {ts@4} INFO  dispute-sync build {version} node {mac}
    """)
T("log_http", "processor_log", "processor_integration", """
    {ip} - - [{ts:clf}] "POST /v1/payment_methods HTTP/1.1" 402 {bytes} "-" "{ua}"
    request body (debug logging was left on in prod!):
      type=card&card[number]={card:compact}&card[cvc]=***&billing_details[email]={email}&billing_details[phone]={phone:e164}
    Turned DEBUG off at {ts@1}; purging the log bucket. — {agent_first}
    """)
T("log_config", "integration_note", "processor_integration", """
    Lockbox file drop for {merchant} has been failing since {date}. Here's our config (sorry, I know):

    LOCKBOX_SFTP_HOST=sftp.{vendor_domain}
    AWS_ACCESS_KEY_ID={aws}
    AWS_SECRET_ACCESS_KEY={aws_secret}
    REMIT_BUCKET=s3://{bucket}/835-inbound/
    GITHUB_TOKEN={ghtok}

    and the key the SFTP job logs in with:
    {pem}

    Contact: {email} / {phone}
    """, roles=("customer",))
T("log_incident", "integration_note", "processor_integration", """
    Incident {incident} — the billing-sync deploy printed secrets into build log #{build_no}.
    Exposed: GitHub token {ghtok} (owner {agent_email}) and AWS key id {aws} (IAM user svc-remit-sync, account {aws_account}). Both revoked at {ts}. A second string in the log, {ghtok:bad@1}, only looks like a token: its checksum fails.
    Runner {ip:priv} · artifact sha256 {sha256} · commit {sha1}
    Customer impact: none found; 835 pulls resumed at {ts@1}.
    """)
T("log_pgp", "integration_note", "processor_integration", """
    The bank's lockbox needs PGP-encrypted files. {first} at {merchant} pasted their *private* key into the ticket instead of the public one:

    {pgp}

    Asked them to generate a new pair and to send only the public key to {role_email}. Deleting this comment after rotation.
    """)
T("log_env", "integration_note", "processor_integration", """
    Secrets dump from the remit-sync container (the customer attached it to show the error):
    {"SFTP_USER":"remit","SFTP_KEY":"{pem:esc}","AWS_ACCESS_KEY_ID":"{aws}","REGION":"us-east-2"}
    error: ssh: handshake failed: ssh: unable to authenticate, attempted methods [none publickey]
    Source address of the failing job: {ip}
    """)
T("log_webhook_json", "processor_log", "processor_integration", """
    Webhook payload that failed schema validation (source {ip}):
    {"id":"{evt_id}","type":"payment_intent.payment_failed","created":{epoch},"data":{"object":{"amount":{cents},"receipt_email":"{email}","billing_details":{"name":"{name}","phone":"{phone:e164}"},"last_payment_error":{"code":"card_declined","decline_code":"insufficient_funds"}}}}
    """)
T("ci_token", "integration_note", "processor_integration", """
    Hi {agent_first},
    our remittance importer stopped pulling from your API after we rotated credentials. The CI job uses GitHub token {ghtok} to fetch the mapping repo and AWS key id {aws} for the S3 drop. The job runs from {ip} and the failures started at {ts}. (The old token, {ghtok:masked@1}, was revoked.)
    Can you whitelist the IP and confirm the new key works?
    {name} · {email}
    """, roles=("customer",))

# ---------------------------------------------------------------- CSV exports and QA
T("csv_disputes", "csv_export", "card_dispute", """
    dispute_id,opened_at,cardholder,email,card_number,amount,reason,arn,status
    {case_no},{date:iso},{name},{email},{card:compact},{amt:plain},fraudulent,{arn},needs_response
    {case_no@1},{date:iso@1},{name@1},{email@1},{card:compact@1},{amt:plain@1},product_not_received,{arn@1},under_review
    {case_no@2},{date:iso@2},{name@2},{email:masked@2},{card:masked@2},{amt:plain@2},duplicate,{arn@2},won
    """)
T("csv_collections", "csv_export", "collections_us", """
    acct,debtor,dob,ssn,phone,email,balance,last_payment
    {acct_coll},{name},{dob:iso},{ssn},{phone},{email},{amt:plain},{date:iso}
    {acct_coll@1},{name@1},{dob:iso@1},{ssn@1},{phone@1},{email@1},{amt:plain@1},{date:iso@1}
    {acct_coll@2},{name@2},{dob:masked@2},{ssn:masked@2},{phone:masked@2},,{amt:plain@2},
    {acct_coll@3},{name@3},,{ssn_bad@3},,,{amt:plain@3},
    """)
T("qa_pci", "qa_note", "collections_us", """
    QA review — call {call_id} (agent {agent})
    Score 2/5. At 03:12 the agent read the caller's full card number back ({card}) and typed it into the free-text note instead of transferring to the secure pay IVR. The agent also wrote the caller's DOB ({dob}) and SSN ({ssn}) in the CRM comment field.
    Caller: {name}, {phone}. Coaching booked with {agent_email} for {date}. Source e-mail: {msgid}.
    """)
T("qa_chat", "qa_note", "card_dispute", """
    QA sample (chat, {date}): agent {agent_first} asked for the "full card and security code" in chat. The customer sent {card} and {email} (cc {mention}). The agent then pasted both into ticket {ticket_ref}. Reminder sent; redaction request filed for {ticket_ref}.
    """, regions=("US", "UK"))

# ---------------------------------------------------------------- UK patient billing
T("uk_ovo", "overseas_visitor_note", "uk_patient_billing", """
    Overseas Visitors Office — {hospital}
    Patient: {name}, DOB {dob}, NHS no. {nhs}
    Chargeable episode {date} to {date@1}; invoice {invoice} for {amt}.
    Patient says they hold a GHIC; asked them to e-mail a copy to {role_email}. Contact: {phone} / {email}.
    Deposit refund to {iban} once eligibility is confirmed (the IBAN on the paper form, {iban:bad}, fails validation).
    """, regions=("UK",))
T("uk_private", "agent_reply", "uk_patient_billing", """
    Dear {first},

    Your insurer ({insurer_uk}) has declined the pre-authorisation for your consultation on {date}. To bill the NHS-funded part correctly we need to confirm your NHS number; we hold {nhs} (your referral letter showed {nhs:masked}). If you'd rather self-fund, we can take payment by card or bank transfer. Our patient accounts team is on {vphone}.

    Kind regards,
    {agent}
    Patient Accounts, {hospital}
    {agent_email}
    """, regions=("UK",), roles=("agent",))
T("uk_collections", "collections_call", "uk_patient_billing", """
    Collections note ({vendor}) — debtor {name}, born {dob}, NHS number {nhs}, phone {phone}.
    Agreed {amt:small} a month by standing order from {iban}, first payment {date}. The NHS number on the referral ({nhs:bad}) was mistyped. Debtor disputes the [[admin fee|interest|second invoice]]; breakdown sent to {email}.
    """, regions=("UK",))
T("uk_chase", "customer_email", "uk_patient_billing", """
    Hi,
    I've had a letter from {vendor} about an unpaid hospital bill ({invoice}) from {date}. I was treated under the NHS: my NHS number is {nhs} and my date of birth is {dob}. Your letter quotes NHS number {nhs:bad}, which is not mine. Please cancel this. I can be reached on {phone}.
    {name}
    """, regions=("UK",), roles=("customer",))

# ---------------------------------------------------------------- benign (English)
T("bn_dispute_status", "chargeback_case", "card_dispute", """
    Dispute {case_no} update: the issuer accepted our representment. Card {card:masked}, amount {amt}, ARN {arn}. Funds returned {date}. Closing the case; no further action needed from {merchant}.
    """, regions=("US", "UK"), benign=True)
T("bn_test_cards", "qa_note", "card_dispute", """
    Reminder for the QA team: in the sandbox use test card {test_card} (any future expiry, any CVC) for approvals and test card {test_card@1} for declines. Both are published test numbers, never real cards. Ids such as {order16} are our internal merchant order numbers, not card numbers.
    """, benign=True)
T("bn_aws_doc", "integration_note", "processor_integration", """
    Runbook excerpt (remit-sync): credentials come from the instance role. The README's sample values, access key id {aws_example} and secret {aws_example_secret}, are the AWS documentation example and must never be replaced with real keys in the repo. Bucket s3://{bucket}/archive/, build {version}.
    """, benign=True)
T("bn_claim_status", "medical_billing", "medical_billing", """
    Claim status {date}: {claim_no} paid {amt} on {date@1}, ICN {icn}. Member {member_id}, CPT {cpt}, patient account {acct_pt}. The second claim {claim_no@1} is still pending; the payer asked for an itemized bill. The MRN on their request was masked ({mrn:masked}).
    """, benign=True)
T("bn_plan_schedule", "payment_plan", "collections_us", """
    Payment plan schedule for {acct_coll}
    SSN on file: {ssn:masked} · routing {aba:masked} · account {acct:masked}
    1. {date} — {amt}
    2. {date@1} — {amt}
    3. {date@2} — {amt}
    Confirmation {confirm}. Debtor identity verified by the last four only.
    """, benign=True)
T("bn_log", "processor_log", "processor_integration", """
    {ts} INFO  payout-svc batch={batch} trace={ach_trace} status=settled
    {ts@1} INFO  payout-svc request_id={uuid} client_ip={ip:masked} latency_ms=184
    {ts@2} WARN  payout-svc retry event {evt_id} sha256={sha256}
    {ts@3} INFO  deploy version {version} on node {mac} (sysObjectID {oid})
    """, benign=True)
T("bn_csv_masked", "csv_export", "card_dispute", """
    dispute_id,opened,card,amount,reason,arn
    {case_no},{date:iso},{card:masked},{amt:plain},fraudulent,{arn}
    {case_no@1},{date:iso@1},{card:masked@1},{amt:plain@1},not_received,{arn@1}
    {case_no@2},{date:iso@2},{card:masked@2},{amt:plain@2},duplicate,{arn@2}
    """, benign=True)
T("bn_call_lastfour", "collections_call", "collections_us", """
    Inbound call {date}: caller verified with the last four of the SSN and the ZIP code ({zip}); date of birth confirmed against the file (not recorded). Balance {amt} on {acct_coll}. Caller will pay online; no card taken by phone. Callback requested for {date@1}.
    """, benign=True)
T("bn_835", "medical_billing", "medical_billing", """
    835 posted with adjustments for {payer}:
    CLP*{acct_pt}*1*{amt:plain}*{amt:plain@1}**12*{icn}*11*1~
    CAS*CO*45*{amt:plain@2}~
    DTM*232*{date:x12}~
    SVC*HC:{cpt}*{amt:plain}*{amt:plain@1}**1~
    Provider identifiers were removed from this excerpt. Trace {trace}.
    """, benign=True)
T("bn_deadlines", "chargeback_case", "card_dispute", """
    Chargeback deadlines cheat-sheet: Visa 10.4 fraud, respond within 30 days; 13.1 not received, 30 days; Mastercard 4853, 45 days. Case {case_no} opened {date}, due {date@1}. ARN {arn}. Amount {amt}.
    """, regions=("US", "UK"), benign=True)
T("bn_sms", "sms_transcript", "collections_us", """
    SMS log · short code {short_code}
    {time} OUT: {vendor_short}: Your payment of {amt} was received. Confirmation {confirm}. Reply STOP to opt out.
    {time@1} IN: STOP
    {time@2} OUT: You are unsubscribed and will receive no further messages.
    """, benign=True)
T("bn_keys", "integration_note", "processor_integration", """
    SFTP key rotation for {merchant} is done. New public key for their side:
    {ssh_pub}
    Our server certificate (renewed):
    {cert}
    Client public key for mutual TLS:
    {pubkey}
    The old private key that was pasted in this thread has been redacted:
    {pem_redacted}
    """, benign=True)
T("bn_terminal", "integration_note", "card_dispute", """
    Card terminal swap at {merchant}: old unit MAC {mac}, firmware {version}; new unit MAC {mac@1}, firmware {version@1}, serial {phone_ref}. Merchant id {merchant_id}. Test transaction approved on card {card:masked}, auth {confirm}.
    """, regions=("US", "UK"), benign=True)
T("bn_refund_batch", "refund_request", "card_dispute", """
    Refund batch {batch} released {date}: {n_payments} ACH credits, trace numbers {ach_trace} to {ach_trace@1}. Invoices {invoice} and {invoice@1}. Accounts masked ({acct:masked}, {acct:masked@1}). No exceptions.
    """, benign=True)
T("bn_asr", "voice_transcript", "card_dispute", """
    [auto-transcript · {call_id}]
    agent: thanks for calling can i have your case number
    caller: it's {case_no}
    agent: thank you i see the dispute for {amt} was resolved in your favor on {date:long}
    caller: great thanks
    agent: anything else today
    caller: no that's all
    """, benign=True)
T("bn_placeholder", "qa_note", "collections_us", """
    Template fix: the dunning e-mail footer still shows the placeholder address {email_placeholder}; marketing will put the real reply-to address in before the next send. Preview id {uuid}. Agent mention: {mention}.
    """, benign=True)
T("bn_customer_thanks", "customer_email", "card_dispute", """
    Hi, thanks: I can see the refund of {amt} from {date} on my statement now (card ending {last4}). You can close ticket {ticket_ref}. No need to call me back.
    """, regions=("US", "UK"), roles=("customer",), benign=True)
T("bn_agent_ack", "agent_reply", "collections_us", """
    Hello,

    Thanks for your patience. Case {case_no} is resolved and no further payment is due; the confirmation number is {confirm}. For your security we never ask for full card, account or Social Security numbers by e-mail.

    Best regards,
    The billing team
    """, regions=("US", "UK"), roles=("agent",), benign=True)
T("bn_uk_ovo", "overseas_visitor_note", "uk_patient_billing", """
    OVO weekly summary: {n_payments} chargeable episodes invoiced, invoice {invoice} settled {date}. NHS numbers in this report are masked (e.g. {nhs:masked}); dates of birth withheld ({dob:masked}). Next review {date@1}.
    """, regions=("UK",), benign=True)
T("cb_reply", "agent_reply", "card_dispute", """
    Hi {first},

    Thanks for reaching out about the {amt} charge from {date}. I've opened dispute {case_no} for the card ending {last4} and asked the merchant for their records. We'll update you at {email}; if you need us sooner, call {vphone}.

    {agent}
    {agent_email}
    """, regions=("US", "UK"), roles=("agent",))
T("rx_reply", "agent_reply", "pharmacy_benefit", """
    Hi {first},

    We reversed the duplicate {amt} charge for Rx {rx_no}. Your prescriber, {dr}, confirmed the prescription, and the refund goes back to the card ending {last4} within 5-7 business days. Questions: {vphone}.

    {agent}
    Pharmacy Help Desk · {agent_email}
    """, roles=("agent",))
T("int_reply", "agent_reply", "processor_integration", """
    Hi {first},

    We revoked the credentials you posted (key id {aws:masked}) and allow-listed {ip} for the lockbox SFTP. Please send future keys through the secure upload link, not the ticket. I'll watch tonight's run and report back to {email}.

    {agent}
    {agent_email}
    """, roles=("agent",))
T("sftp_handover", "integration_note", "processor_integration", """
    Handover for the night shift: the 835 pickup for {merchant} now runs on {ip:priv}. Temporary key until the customer rotates it on {date}:
    {pem}
    The mapping repo is cloned with token {ghtok}; if the job fails, page {agent_email}.
    """)
T("rx_dea_update", "customer_email", "pharmacy_benefit", """
    Hello, this is {name} from {dr}'s office. Please update the prescriber record for {dr}: new DEA registration {dea} (the old registration expired {date}), NPI {npi} unchanged. Our fax-back number is {phone} and our e-mail is {clinic_email}.
    """, roles=("customer",))

# ---------------------------------------------------------------- non-English (DK, NO, FI, CZ, RO, HU, DE, FR)
T("da_refund", "customer_email", "eu_collections", """
    Hej {vendor},

    Jeg er blevet trukket to gange for faktura {invoice} ({amt} hver gang) den {date}. Jeg betalte med mit kort {card}. Vil I venligst tilbageføre det ene beløb til min konto {iban}? Det kontonummer, I har registreret ({iban:bad}), er forkert.

    Med venlig hilsen
    {name}
    Tlf. {phone}
    {email}
    """, regions=("DK",), roles=("customer",), lang="da")
T("da_inkasso", "collections_call", "eu_collections", """
    Inkassonotat — sag {case_no}
    Skyldner: {name}, [[født|fødselsdato]] {dob}
    Telefon: {phone} · e-mail: {email}
    Restgæld i alt {amt} — afdragsordning aftalt: {amt:small@1} pr. måned via Betalingsservice fra konto {iban}, første betaling {date}.
    Skyldner bestrider renterne fra {date@1}. Sagsbehandler: {agent}
    """, regions=("DK",), lang="da")
T("da_sms", "sms_transcript", "eu_collections", """
    SMS-tråd {vendor_short} ↔ {phone}
    {time} {first}: hej, jeg har fået jeres rykker på {amt}
    {time@1} {vendor_short}: Hej {first}! For at finde sagen skal vi bruge din fødselsdato.
    {time@2} {first}: {dob}
    {time@3} {vendor_short}: Tak 👍 Du kan betale med kort her i tråden eller via MobilePay.
    {time@4} {first}: kortnummer {card}
    {time@5} {vendor_short}: Modtaget. Kvitteringen sendes til {email}.
    """, regions=("DK",), roles=("sms",), lang="da")
T("no_letter", "customer_email", "eu_collections", """
    Hei,

    Jeg har fått inkassovarsel fra {vendor} på {amt}, men regningen ble betalt {date} fra kontoen min {iban}. Kontonummeret dere har registrert, {iban:bad}, er feil. Kvittering ligger vedlagt. Fødselsdato: {dob}. Ring meg gjerne på {phone} eller svar til {email}.

    Vennlig hilsen
    {name}
    """, regions=("NO",), roles=("customer",), lang="no")
T("no_dispute", "chargeback_case", "eu_collections", """
    Innsigelse på kortbetaling — sak {case_no}
    Kortholder: {name} (f. {dob})
    Kortnummer oppgitt på telefon: {card}
    Beløp {amt}, transaksjonsdato {date}. Kunden sier at varen aldri ble levert (sporingsnummer {tracking}).
    Kontakt: {phone} / {email}. Saksbehandler: {agent}
    """, regions=("NO",), lang="no")
T("no_sms", "sms_transcript", "eu_collections", """
    {date} {time} Kunde ({phone}): Hei, jeg vil gjerne sette opp en nedbetalingsavtale
    {date} {time@1} {vendor_short}: Hei! Oppgi fødselsdato og kontonummer for trekk, takk.
    {date} {time@2} Kunde: født {dob}
    {date} {time@3} Kunde: konto {iban}
    {date} {time@4} {vendor_short}: Takk. Avtale: {amt:small} per måned fra {date@1}. Bekreftelse sendes til {email}.
    """, regions=("NO",), roles=("sms",), lang="no")
T("fi_letter", "customer_email", "eu_collections", """
    Hei,

    Sain teiltä perintäkirjeen laskusta {invoice} ({amt}). Maksoin laskun jo {date} kortilla {card}. Pyydän, että palautatte kaksinkertaisen maksun tililleni {iban}. Teillä oleva tilinumero {iban:bad} on virheellinen.

    Syntymäaikani on {dob}, jos tarvitsette sitä tunnistamiseen.

    Ystävällisin terveisin
    {name}
    puh. {phone}
    {email}
    """, regions=("FI",), roles=("customer",), lang="fi")
T("fi_perinta", "payment_plan", "eu_collections", """
    Perintämuistio — asia {case_no}
    Velallinen: {name}, syntymäaika {dob}
    Puhelin {phone}, sähköposti {email}
    Maksusuunnitelma: {n_payments} erää à {amt:small}, ensimmäinen eräpäivä {date}. Suoraveloitus tililtä {iban}.
    Käsittelijä: {agent}
    """, regions=("FI",), lang="fi")
T("fi_chat", "sms_transcript", "eu_collections", """
    Chat {date}
    {time} Asiakas: moi, haluisin maksaa tän laskun osissa
    {time@1} {agent_first}: Onnistuu! Tarvitsen syntymäaikasi tunnistamista varten.
    {time@2} Asiakas: {dob}
    {time@3} {agent_first}: Kiitos. Mihin numeroon voimme soittaa?
    {time@4} Asiakas: {phone}
    {time@5} Asiakas: tai laita sähköpostia {email}
    """, regions=("FI",), roles=("sms",), lang="fi")
T("cs_refund", "customer_email", "eu_collections", """
    Dobrý den,

    dne {date} mi z karty {card} byla dvakrát stržena částka {amt}. Prosím o vrácení jedné platby na můj účet {iban}. Číslo účtu {iban:bad}, které máte v evidenci, je chybné.

    Datum narození: {dob}
    Telefon: {phone}
    E-mail: {email}

    S pozdravem
    {name}
    """, regions=("CZ",), roles=("customer",), lang="cs")
T("cs_vymahani", "collections_call", "eu_collections", """
    Záznam o hovoru — pohledávka {case_no}
    Dlužník: {name}, nar. {dob}
    Tel.: {phone}, e-mail: {email}
    Dlužná částka {amt}; splátkový kalendář {amt:small@1} měsíčně od {date}, platby z účtu {iban}.
    Dlužník rozporuje poplatek za upomínku. Vyřizuje: {agent}
    """, regions=("CZ",), lang="cs")
T("cs_sms", "sms_transcript", "eu_collections", """
    SMS {vendor_short} ↔ {phone}
    {time} Klient: Dobrý den, dostal jsem upomínku na {amt}
    {time@1} {vendor_short}: Dobrý den, pro ověření prosím pošlete datum narození.
    {time@2} Klient: {dob}
    {time@3} {vendor_short}: Děkujeme. Platbu kartou můžete provést na lince {vphone}.
    {time@4} Klient: číslo karty {card} platnost {exp}
    {time@5} {vendor_short}: Prosíme, neposílejte číslo karty SMS zprávou 🙏 Potvrzení pošleme na {email}.
    """, regions=("CZ",), roles=("sms",), lang="cs")
T("ro_refund", "customer_email", "eu_collections", """
    Bună ziua,

    Factura {invoice} ({amt}) mi-a fost încasată de două ori în data de {date}, cu cardul {card}. Vă rog să returnați suma în contul meu {iban}. Contul {iban:bad} din evidența dumneavoastră este greșit.

    Data nașterii: {dob}
    Telefon: {phone}

    Cu stimă,
    {name}
    {email}
    """, regions=("RO",), roles=("customer",), lang="ro")
T("ro_recuperare", "payment_plan", "eu_collections", """
    Notă recuperare creanță — dosar {case_no}
    Debitor: {name}, născut(ă) {dob}
    Tel. {phone} · e-mail {email}
    Sold {amt}. Plan de plată: {n_payments} rate de {amt:small@1}, prima scadență {date}, prin debit direct din contul {iban}.
    Agent: {agent}
    """, regions=("RO",), lang="ro")
T("ro_whatsapp", "sms_transcript", "eu_collections", """
    [{date}, {time}] {name}: Bună, am primit notificarea pentru {amt}
    [{date}, {time@1}] {vendor_short}: Bună ziua! Pentru identificare avem nevoie de data nașterii.
    [{date}, {time@2}] {name}: {dob}
    [{date}, {time@3}] {name}: numărul meu nou e {phone}
    [{date}, {time@4}] {vendor_short}: Mulțumim. Puteți plăti în contul nostru {iban@9} sau cu cardul.
    [{date}, {time@5}] {name}: cardul {card:split1}
    [{date}, {time@6}] {name}: {card:split2}
    """, regions=("RO",), roles=("sms",), lang="ro")
T("hu_refund", "customer_email", "eu_collections", """
    Tisztelt {vendor}!

    A(z) {invoice} számú számlát {date} napon kétszer terhelték a kártyámra ({card}). Kérem, az egyik összeget ({amt}) utalják vissza a bankszámlámra: {iban}. A nyilvántartásukban szereplő {iban:bad} számlaszám hibás.

    Születési idő: {dob}
    Telefon: {phone}
    E-mail: {email}

    Üdvözlettel:
    {name}
    """, regions=("HU",), roles=("customer",), lang="hu")
T("hu_kovetel", "collections_call", "eu_collections", """
    Követeléskezelési feljegyzés — ügyszám {case_no}
    Adós: {name}, szül. {dob}
    Tel.: {phone}, e-mail: {email}
    Tartozás: {amt}. Részletfizetés: havi {amt:small@1}, első részlet {date}, csoportos beszedéssel a {iban} számláról.
    Az adós vitatja a késedelmi kamatot. Ügyintéző: {agent}
    """, regions=("HU",), lang="hu")
T("hu_sms", "sms_transcript", "eu_collections", """
    SMS-váltás {vendor_short} / {phone}
    {time} Ügyfél: Jó napot, felszólítást kaptam {amt} összegről
    {time@1} {vendor_short}: Jó napot! Az azonosításhoz kérjük a születési dátumát.
    {time@2} Ügyfél: {dob}
    {time@3} Ügyfél: kártyaszám {card}
    {time@4} {vendor_short}: Köszönjük, a visszaigazolást a(z) {email} címre küldjük.
    """, regions=("HU",), roles=("sms",), lang="hu")
T("de_refund", "customer_email", "eu_collections", """
    Sehr geehrte Damen und Herren,

    für die Rechnung {invoice} wurde mein Konto am {date} doppelt belastet ({amt}). Bitte erstatten Sie den doppelten Betrag auf mein Konto {iban}, alternativ auf die Karte {card}. Die bei Ihnen hinterlegte IBAN {iban:bad} ist falsch.

    Geburtsdatum: {dob}
    Telefon: {phone}

    Mit freundlichen Grüßen
    {name}
    {email}
    """, regions=("DE",), roles=("customer",), lang="de")
T("de_inkasso", "collections_call", "eu_collections", """
    Inkasso-Vermerk Az. {case_no}
    Schuldner: {name}, geb. {dob}
    Tel. {phone}, E-Mail {email}
    Ratenzahlung vereinbart: {amt:small} monatlich per SEPA-Lastschrift von {iban} ab {date}. Der Schuldner bestreitet die Mahngebühren.
    Sachbearbeiter: {agent}
    """, regions=("DE",), lang="de")
T("fr_refund", "customer_email", "eu_collections", """
    Bonjour,

    J'ai été débité deux fois pour la facture {invoice} ({amt}) le {date}, avec ma carte {card}. Merci de rembourser le doublon sur mon compte {iban}. L'IBAN {iban:bad} enregistré chez vous est erroné.

    Date de naissance : {dob}
    Téléphone : {phone}

    Cordialement,
    {name}
    {email}
    """, regions=("FR",), roles=("customer",), lang="fr")
T("fr_recouvrement", "collections_call", "eu_collections", """
    Note de recouvrement — dossier {case_no}
    Débiteur : {name}, né(e) le {dob}
    Tél. {phone} · courriel {email}
    Échéancier : {amt:small} par mois par prélèvement SEPA sur {iban} à partir du {date}.
    Le débiteur conteste les frais de relance. Gestionnaire : {agent}
    """, regions=("FR",), lang="fr")

T("da_bn", "chargeback_case", "eu_collections", """
    Opfølgning på indsigelse {case_no}: kortet der ender på {card:masked} er spærret og genudstedt. Beløbet {amt} er krediteret den {date}. Faktura {invoice} er lukket. Ingen yderligere handling.
    """, regions=("DK",), lang="da", benign=True)
T("no_bn", "payment_plan", "eu_collections", """
    Sak {case_no}: betalingen på {amt} ble mottatt {date}. Kortet {card:masked} er ikke lenger i bruk, og kontonummeret {iban:masked} er maskert i systemet. Saken avsluttes.
    """, regions=("NO",), lang="no", benign=True)
T("fi_bn", "payment_plan", "eu_collections", """
    Asia {case_no}: maksu {amt} vastaanotettu {date}. Kortti {card:masked}, viite {invoice}. Maksusuunnitelma päättyy {date@1}. Ei jatkotoimenpiteitä.
    """, regions=("FI",), lang="fi", benign=True)
T("cs_bn", "collections_call", "eu_collections", """
    Případ {case_no}: platba {amt} byla přijata dne {date}. Karta {card:masked}, faktura {invoice}. Účet {iban:masked} je v systému maskován. Případ uzavřen.
    """, regions=("CZ",), lang="cs", benign=True)
T("ro_bn", "collections_call", "eu_collections", """
    Dosar {case_no}: plata de {amt} a fost primită pe {date}. Card {card:masked}, factura {invoice}. Contul {iban:masked} este mascat în sistem. Dosar închis.
    """, regions=("RO",), lang="ro", benign=True)
T("hu_bn", "collections_call", "eu_collections", """
    Ügy {case_no}: a {amt} összegű befizetés {date} napon beérkezett. Kártya: {card:masked}, számla: {invoice}. A bankszámla ({iban:masked}) maszkolva. Az ügy lezárva.
    """, regions=("HU",), lang="hu", benign=True)
T("de_bn", "collections_call", "eu_collections", """
    Vorgang {case_no}: Zahlung über {amt} am {date} eingegangen. Karte {card:masked}, Rechnung {invoice}. IBAN {iban:masked} im System maskiert. Vorgang geschlossen.
    """, regions=("DE",), lang="de", benign=True)
T("fr_bn", "collections_call", "eu_collections", """
    Dossier {case_no} : paiement de {amt} reçu le {date}. Carte {card:masked}, facture {invoice}. IBAN {iban:masked} masqué dans le système. Dossier clos.
    """, regions=("FR",), lang="fr", benign=True)

T("da_reply", "agent_reply", "eu_collections", """
    Hej {first},

    Tak for din henvendelse om sag {case_no}. Vi har noteret dit telefonnummer {phone} og svarer dig på {email} senest {date@2}. Tilbagebetalingen sendes til konto {iban}.

    Venlig hilsen
    {agent}
    {agent_email}
    """, regions=("DK",), roles=("agent",), lang="da")
T("no_reply", "agent_reply", "eu_collections", """
    Hei {first},

    Takk for henvendelsen om sak {case_no}. Vi har notert telefonnummeret ditt {phone} og svarer deg på {email} innen {date@2}. Tilbakebetalingen går til konto {iban}.

    Vennlig hilsen
    {agent}
    {agent_email}
    """, regions=("NO",), roles=("agent",), lang="no")
T("fi_reply", "agent_reply", "eu_collections", """
    Hei {first},

    Kiitos viestistäsi koskien asiaa {case_no}. Olemme kirjanneet puhelinnumerosi {phone} ja vastaamme sähköpostiisi {email} viimeistään {date@2}. Palautus maksetaan tilille {iban}.

    Ystävällisin terveisin
    {agent}
    {agent_email}
    """, regions=("FI",), roles=("agent",), lang="fi")
T("cs_reply", "agent_reply", "eu_collections", """
    Dobrý den,

    děkujeme za Vaši zprávu k případu {case_no}. Poznamenali jsme si Vaše telefonní číslo {phone} a odpovíme Vám na {email} nejpozději {date@2}. Přeplatek vrátíme na účet {iban}.

    S pozdravem
    {agent}
    {agent_email}
    """, regions=("CZ",), roles=("agent",), lang="cs")
T("ro_reply", "agent_reply", "eu_collections", """
    Bună ziua,

    Vă mulțumim pentru mesajul privind dosarul {case_no}. Am notat numărul dumneavoastră de telefon, {phone}, și vă vom răspunde la {email} până la {date@2}. Suma va fi returnată în contul {iban}.

    Cu stimă,
    {agent}
    {agent_email}
    """, regions=("RO",), roles=("agent",), lang="ro")
T("hu_reply", "agent_reply", "eu_collections", """
    Tisztelt Ügyfelünk!

    Köszönjük megkeresését a(z) {case_no} ügyben. Telefonszámát ({phone}) rögzítettük, és legkésőbb {date@2} napon válaszolunk a(z) {email} címre. A visszatérítést a(z) {iban} számlára utaljuk.

    Üdvözlettel:
    {agent}
    {agent_email}
    """, regions=("HU",), roles=("agent",), lang="hu")
T("de_reply", "agent_reply", "eu_collections", """
    Guten Tag,

    vielen Dank für Ihre Nachricht zum Vorgang {case_no}. Wir haben Ihre Telefonnummer {phone} notiert und antworten Ihnen bis zum {date@2} an {email}. Die Erstattung erfolgt auf das Konto {iban}.

    Mit freundlichen Grüßen
    {agent}
    {agent_email}
    """, regions=("DE",), roles=("agent",), lang="de")
T("fr_reply", "agent_reply", "eu_collections", """
    Bonjour,

    Merci pour votre message concernant le dossier {case_no}. Nous avons noté votre numéro, {phone}, et vous répondrons à {email} avant le {date@2}. Le remboursement sera versé sur le compte {iban}.

    Cordialement,
    {agent}
    {agent_email}
    """, regions=("FR",), roles=("agent",), lang="fr")

T("hu_bn_customer", "customer_email", "eu_collections", """
    Jó napot!

    A(z) {amt} összeget {date} napon átutaltam ({invoice} közleménnyel). Kérem, igazolják vissza a beérkezést.

    Üdvözlettel
    """, regions=("HU",), roles=("customer",), lang="hu", benign=True)
T("hu_bn_agent", "agent_reply", "eu_collections", """
    Tisztelt Ügyfelünk!

    Köszönjük, a(z) {amt} összeg {date@1} napon beérkezett, így a(z) {case_no} ügyet lezártuk.

    Üdvözlettel:
    Ügyfélszolgálat
    """, regions=("HU",), roles=("agent",), lang="hu", benign=True)

SEPARATORS = [
    "\n\n~~~~~ earlier on this case ~~~~~\n\n",
    "\n\n=== reply from the collections desk, threaded below ===\n\n",
    "\n\n<<< previous message on the same account >>>\n\n",
    "\n\n-- forwarded internally by billing ops --\n\n",
]


# =====================================================================================================
# engine: render templates, HTML twins, notes
# =====================================================================================================

SLOT_RE = re.compile(r"\{([a-z][a-z0-9_]*)(?::([a-z0-9_]+))?(?:@(\d+))?\}")
CHOICE_RE = re.compile(r"\[\[([^\[\]]*)\]\]")


def merge(pieces):
    out = []
    for p in pieces:
        if p.kind is None and out and out[-1].kind is None:
            out[-1] = Lit(out[-1].text + p.text)
        elif p.kind is not None or p.text:
            out.append(p)
    return out


def render(text, ctx):
    text = CHOICE_RE.sub(lambda m: ctx.rng.choice(m[1].split("|")), text)
    out, pos = [], 0
    for m in SLOT_RE.finditer(text):
        out.append(Lit(text[pos:m.start()]))
        out.extend(ctx.slot(m[1], m[2], int(m[3] or 0)))
        pos = m.end()
    out.append(Lit(text[pos:]))
    return merge(out)


def pieces_text(pieces):
    """(text, [(cstart, cend, kind 'P'/'N', entity-or-kind, fmt)])"""
    buf, spans, pos = [], [], 0
    for p in pieces:
        if p.kind:
            spans.append((pos, pos + len(p.text), p.kind, p.name, p.fmt))
        buf.append(p.text)
        pos += len(p.text)
    return "".join(buf), spans


def esc_html(t):
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;").replace('"', "&quot;")


LABEL_AT_END = re.compile(r"(?:(?<=\n)|^|(?<=\| )|(?<=· ))([^\W\d_][^\n:<>|·]{0,32}?)(:|\s#:?|#)(\s?)$")


def to_html(pieces, rng):
    """An HTML twin of a rendered text: entities, <br>/<p>, labels in tags, mailto links (both copies labelled)."""
    style = rng.choice(["strong", "b", "span", "td"])
    mailto = rng.random() < 0.6
    out = [Lit(rng.choice(['<div dir="ltr">', '<div class="msg-body">', "<div>"]) + "<p>")]
    closer = ""
    for i, p in enumerate(pieces):
        nxt = pieces[i + 1] if i + 1 < len(pieces) else None
        if p.kind is None:
            t, tail = p.text, ""
            m = LABEL_AT_END.search(t) if (nxt is not None and nxt.kind == "P" and "\n" not in nxt.text
                                           and rng.random() < 0.75) else None
            if m:
                lab, colon = esc_html(m[1]), m[2]
                t = t[:m.start()]
                tail = {"strong": f"<strong>{lab}{colon}</strong>&nbsp;", "b": f"<b>{lab}</b>{colon} ",
                        "span": f'<span class="field-label">{lab}{colon}</span> ',
                        "td": f"<table><tr><td>{lab}</td><td>"}[style]
                if style == "td":
                    closer = "</td></tr></table>"
            out.append(Lit(esc_html(t).replace("\n\n", "\x00").replace("\n", "<br>\n").replace("\x00", "</p>\n<p>") + tail))
            continue
        if "\n" in p.text:
            out += [Lit("<pre>"), p, Lit("</pre>")]
        elif p.name == "EMAIL_ADDRESS" and mailto:
            out += [Lit('<a href="mailto:'), p, Lit('">'), p, Lit("</a>")]
        else:
            assert not re.search(r"[&<>'\"]", p.text), p.text
            out.append(p)
        if closer:
            out.append(Lit(closer))
            closer = ""
    out.append(Lit("</p></div>"))
    return merge(out)


def blurb(pieces, n=96):
    out, length = [], 0
    for p in pieces:
        t = p.text.replace("\n", " ") if p.kind is None else p.text
        if p.kind is not None and "\n" in t:
            break
        if length + len(t) > n:
            if p.kind is None:
                out.append(Lit(t[:n - length]))
            break
        out.append(Piece(t, p.kind, p.name, p.fmt))
        length += len(t)
    return merge(out)


def note_region(rng, t):
    if t["regions"] == ("UK",):
        return "UK"
    if "UK" in t["regions"] and "US" in t["regions"]:
        return "UK" if rng.random() < 0.3 else "US"
    return t["regions"][0]


RARE_WEIGHT = {"pa_c2": 2, "rx_reject": 2, "rx_dea_fix": 2, "rx_audit": 2, "rx_dea_update": 2, "log_config": 2,
               "log_incident": 2, "log_env": 2, "ci_token": 2, "sftp_handover": 2, "log_pgp": 1, "uk_ovo": 2,
               "uk_private": 2, "uk_collections": 2, "uk_chase": 2, "mb_837": 2, "mb_835": 2}


def plan_notes():
    rng = random.Random(f"{SEED}:plan")
    specs = []
    for lang, n in (("da", 9), ("no", 9), ("fi", 9), ("cs", 9), ("ro", 9), ("hu", 9), ("de", 3), ("fr", 3)):
        pii = [t for t in TEMPLATES.values() if t["lang"] == lang and not t["benign"]]
        bn = [t for t in TEMPLATES.values() if t["lang"] == lang and t["benign"]]
        specs.append({"t1": bn[0]["id"], "region": REGION_OF_LANG[lang]})
        for j in range(n - 1):
            specs.append({"t1": pii[j % len(pii)]["id"], "region": REGION_OF_LANG[lang]})
    en_bn = [t for t in TEMPLATES.values() if t["lang"] == "en" and t["benign"]]
    for j in range(52):
        t = en_bn[j % len(en_bn)]
        specs.append({"t1": t["id"], "region": note_region(rng, t)})
    en_pii = [t for t in TEMPLATES.values() if t["lang"] == "en" and not t["benign"]]
    pool = []
    for t in en_pii:
        pool += [t["id"]] * RARE_WEIGHT.get(t["id"], 1)
    seq = []
    while len(seq) < 288:
        p = pool[:]
        rng.shuffle(p)
        seq += p
    seq = seq[:288]
    chain_at = set(rng.sample(range(288), 74))
    for j, tid in enumerate(seq):
        t = TEMPLATES[tid]
        region = note_region(rng, t)
        spec = {"t1": tid, "region": region}
        if j in chain_at:
            cands = [u["id"] for u in en_pii if u["dom"] == t["dom"] and u["id"] != tid and region in u["regions"]]
            if cands:
                spec["t2"] = rng.choice(cands)
                spec["sep"] = rng.randrange(len(SEPARATORS))
        specs.append(spec)
    rng.shuffle(specs)
    return specs


def doc_problems(text, spans, benign, group_texts=None):
    """Quick per-document validation used while generating (a failing draw is redrawn)."""
    probs = []
    for cs, ce, kind, name, fmt in spans:
        v = text[cs:ce]
        if kind == "P" and not VALIDATORS[name](v):
            probs.append(f"invalid {name} {v!r}")
        if kind == "N" and name not in PASS_KINDS and not value_clean(v):
            probs.append(f"unclean negative {name} {v!r}")
    if benign and any(s[2] == "P" for s in spans):
        probs.append("positive in benign doc")
    return probs


def build_note(i, spec):
    t1 = TEMPLATES[spec["t1"]]
    for attempt in range(60):
        ctx = Ctx(f"{SEED}:note:{i}:{attempt}", t1["lang"], spec["region"], t1["dom"], t1["benign"])
        pieces = render(t1["text"], ctx)
        if "t2" in spec:
            pieces = merge(pieces + [Lit(SEPARATORS[spec["sep"]])] + render(TEMPLATES[spec["t2"]]["text"], ctx))
        text, spans = pieces_text(pieces)
        if doc_problems(text, spans, t1["benign"]):
            continue
        cat = t1["cat"]
        tags = [t1["lang"], t1["dom"], cat, spec["region"], "benign" if t1["benign"] else "pii"]
        if "t2" in spec:
            tags.append("chain")
        if any(ord(ch) > 127 for ch in text):
            tags.append("non_ascii")
        rec = {"id": f"h18-note-{i:04d}", "category": cat, "tags": tags, "text": text, "spans": [], "hard_negatives": []}
        for cs, ce, kind, name, fmt in spans:
            row = {"start": len(text[:cs].encode("utf-8")), "end": len(text[:ce].encode("utf-8")), "cstart": cs, "cend": ce}
            if kind == "P":
                row.update(entity=name, fmt=f"{fmt}.{cat}")
                rec["spans"].append(row)
            else:
                row.update(kind=name, fmt=f"{fmt}.{cat}")
                rec["hard_negatives"].append(row)
        return rec, [(rec["id"], s["start"], s["end"], text[s["cstart"]:s["cend"]]) for s in rec["spans"]]
    raise AssertionError(f"note {i}: no clean draw")


# =====================================================================================================
# ticket JSON: 8 response shapes
# =====================================================================================================


class JS:
    """A JSON string value made of pieces (labelled values and hard negatives keep their spans)."""
    __slots__ = ("pieces",)

    def __init__(self, pieces):
        self.pieces = merge(pieces if isinstance(pieces, list) else [pieces])


class JN:
    """A JSON number, optionally labelled (positive) or listed (hard negative) over its decimal text."""
    __slots__ = ("value", "piece")

    def __init__(self, value, piece=None):
        self.value, self.piece = value, piece


def num_text(v):
    return json.dumps(v)


def nneg(v, kind):
    return JN(v, Neg(num_text(v), kind))


def nts(c, k):
    return nneg(epoch_of(c, k), "timestamp")


def nid(c, n):
    return nneg(int(clean_digits(c.rng, n)), "json_id")


def sid(c, n, kind="json_id", prefix=""):
    return JS(Neg(prefix + clean_digits(c.rng, n), kind))


def oid(c, prefix, n, alphabet=B62, kind="object_id"):
    return JS(Neg(prefix + "".join(c.rng.choice(alphabet) for _ in range(n)), kind))


def jv(c, expr):
    m = re.fullmatch(r"([a-z_0-9]+)(?::([a-z0-9_]+))?(?:@(\d+))?", expr)
    return JS(list(c.slot(m[1], m[2], int(m[3] or 0))))


MASK_OF = {"card": "card:masked", "ssn": "ssn:masked", "dob": "dob:masked", "aba": "aba:masked", "mrn": "mrn:masked",
           "npi": "npi:masked", "dea": "dea:masked", "iban": "iban:masked", "phone": "phone:masked",
           "ip": "ip:masked", "nhs": "nhs:masked", "aws": "aws:masked", "ghtok": "ghtok:masked", "pem": "pem_redacted",
           "email": "email:masked", "role_email": "role_email:masked", "agent_email": "agent_email:masked",
           "vphone": "phone:masked@7", "clinic_email": "email:masked@8", "merchant_email": "email:masked@9"}


def sv(c, expr):
    """A slot value for a JSON field; benign tickets get the masked twin."""
    if c.benign:
        base = re.match(r"[a-z_0-9]+", expr)[0]
        if base in MASK_OF:
            m = MASK_OF[base]
            k = re.search(r"@(\d+)$", expr)
            expr = m if "@" in m or not k else m + "@" + k[1]
    return jv(c, expr)


def numv(c, expr):
    """A positive slot value written as a JSON number (NPI, routing number, MRN)."""
    p = jv(c, expr).pieces[0]
    assert p.kind == "P" and p.text.isdigit() and p.text[0] != "0", p.text
    return JN(int(p.text), Piece(p.text, "P", p.name, p.fmt + ".number"))


def body(c, role, used):
    """Render a template of the ticket's domain/language for a body field (role: customer, agent, internal, sms)."""
    def pool(r_, dom_strict, avoid):
        return [t["id"] for t in TEMPLATES.values()
                if t["lang"] == c.lang and t["benign"] == c.benign and c.region in t["regions"]
                and (not dom_strict or t["dom"] == c.domain) and (r_ is None or r_ in t["roles"])
                and (not avoid or t["id"] not in used)]
    roles = [role, "customer"] if role == "sms" else [role]
    order = [(r_, True, True) for r_ in roles] + [(None, True, True), (role, False, True), (None, False, True),
                                                  (None, True, False), (None, False, False)]
    ids = []
    for args in order:
        ids = pool(*args)
        if ids:
            break
    tid = c.rng.choice(ids)
    used.add(tid)
    return render(TEMPLATES[tid]["text"], c)


SHORT_NOTES = ["Called {name} back on {date} at {phone}; no answer, left a voicemail.",
               "Customer asked for all updates at {email}.", "Per {agent_first}: caller verified DOB {dob} on the call.",
               "Escalated to {agent} ({agent_email}) for review.", "Callback number confirmed: {phone}."]
SHORT_NOTES_BENIGN = ["Left a voicemail on {date}; no callback yet.", "Evidence uploaded {date}; waiting on the other side.",
                      "Reviewed by {agent}; nothing further.", "Reminder set for {date@1}."]


def short_note(c):
    return JS(render(c.rng.choice(SHORT_NOTES_BENIGN if c.benign else SHORT_NOTES), c))


DOMAIN_FIELDS = {
    "card_dispute": [("Card number", "card_number", "card:compact"), ("Cardholder phone", "cardholder_phone", "phone"),
                     ("Order number", "order_number", "order16"), ("ARN", "arn", "arn"),
                     ("Checkout IP", "checkout_ip", "ip"), ("Card expiry", "card_expiry", "exp")],
    "collections_us": [("Debtor SSN", "debtor_ssn", "ssn"), ("Debtor DOB", "debtor_dob", "dob:iso"),
                       ("Account number", "account_number", "acct_coll"), ("Routing number", "routing_number", "aba"),
                       ("Bank account", "bank_account", "acct"), ("Callback phone", "callback_phone", "phone")],
    "medical_billing": [("Patient MRN", "patient_mrn", "mrn"), ("Patient DOB", "patient_dob", "dob"),
                        ("Rendering NPI", "rendering_npi", "npi"), ("Claim number", "claim_number", "claim_no"),
                        ("Member ID", "member_id", "member_id"), ("Date of service", "date_of_service", "date:iso")],
    "pharmacy_benefit": [("Prescriber", "prescriber", "dr"), ("Prescriber DEA", "prescriber_dea", "dea"),
                         ("Prescriber NPI", "prescriber_npi", "npi"), ("Rx number", "rx_number", "rx_no"),
                         ("Patient DOB", "patient_dob", "dob"), ("NCPDP ID", "ncpdp_id", "ncpdp")],
    "garnishment": [("Employee SSN", "employee_ssn", "ssn"), ("Remit routing number", "remit_routing_number", "aba"),
                    ("Remit account", "remit_account", "acct"), ("Court case", "court_case", "court_case"),
                    ("Employee ID", "employee_id", "employee_id"), ("Payroll contact", "payroll_contact", "role_email")],
    "eu_collections": [("Debtor IBAN", "debtor_iban", "iban"), ("Debtor date of birth", "debtor_date_of_birth", "dob"),
                       ("Debtor phone", "debtor_phone", "phone"), ("Case reference", "case_reference", "case_no"),
                       ("Card on file", "card_on_file", "card")],
    "uk_patient_billing": [("NHS number", "nhs_number", "nhs"), ("Date of birth", "date_of_birth", "dob"),
                           ("Refund IBAN", "refund_iban", "iban"), ("Invoice", "invoice", "invoice"),
                           ("Contact phone", "contact_phone", "phone")],
    "processor_integration": [("Webhook source IP", "webhook_source_ip", "ip"), ("Leaked key id", "leaked_key_id", "aws"),
                              ("CI token", "ci_token", "ghtok"), ("SFTP private key", "sftp_private_key", "pem"),
                              ("Merchant ID", "merchant_id", "merchant_id"), ("Build", "build", "version")],
}
SUBJECTS = {
    "card_dispute": ["Chargeback on my order", "Dispute: a charge I don't recognise", "Refund for a duplicate charge",
                     "Representment evidence"],
    "collections_us": ["Payment plan request", "Debt validation request", "About my account", "Settlement offer"],
    "medical_billing": ["Question about my statement", "Claim denial follow-up", "Prior authorization pended",
                        "Billing portal locked"],
    "pharmacy_benefit": ["Rx claim rejected", "Prescriber DEA mismatch", "Refill charged twice"],
    "garnishment": ["Garnishment question", "Income withholding order", "Please stop the deduction"],
    "eu_collections": {"da": "Rykker", "no": "Inkassovarsel", "fi": "Perintäkirje", "cs": "Upomínka",
                       "ro": "Notificare de plată", "hu": "Fizetési felszólítás", "de": "Mahnung",
                       "fr": "Relance de paiement"},
    "uk_patient_billing": ["Overseas visitor charges", "Hospital invoice query", "Pre-authorisation declined"],
    "processor_integration": ["Lockbox SFTP failing", "Webhook signature errors", "Secrets exposed in a build log",
                              "API credentials rotated"],
}


def subject(c):
    s = SUBJECTS[c.domain]
    return s[c.lang] if isinstance(s, dict) else c.rng.choice(s)


CITY_POST = {"UK": [("Leeds", "LS1 4AP"), ("Bristol", "BS1 6QF"), ("Norwich", "NR2 1TF")],
             "DK": [("København Ø", "2100"), ("Aarhus C", "8000")], "NO": [("Oslo", "0150"), ("Bergen", "5003")],
             "FI": [("Helsinki", "00100"), ("Tampere", "33100")], "CZ": [("Praha 1", "110 00"), ("Brno", "602 00")],
             "RO": [("București", "010011"), ("Cluj-Napoca", "400001")], "HU": [("Budapest", "1051"), ("Debrecen", "4024")],
             "DE": [("Berlin", "10115"), ("Köln", "50667")], "FR": [("Paris", "75011"), ("Lyon", "69002")]}
COUNTRY = {"US": "US", "UK": "GB", "DK": "DK", "NO": "NO", "FI": "FI", "CZ": "CZ", "RO": "RO", "HU": "HU", "DE": "DE", "FR": "FR"}


def addr_obj(c):
    r = c.rng
    if c.region == "US":
        city, st = r.choice(US_CITIES)
        return {"line1": f"{r.randint(12, 9899)} {r.choice(STREETS)}", "line2": None, "city": city, "state": st,
                "postal_code": jv(c, "zip@3"), "country": "US"}
    city, post = r.choice(CITY_POST[c.region])
    pc = JS(Neg(post, "postcode")) if re.search(r"\d{5}", post) else post
    streets = {"UK": ["14 Park Row", "7 Wellington Street"], "DK": ["Vestergade 14", "Nørrebrogade 52"],
               "NO": ["Storgata 9", "Thorvald Meyers gate 31"], "FI": ["Mannerheimintie 22", "Hämeenkatu 5"],
               "CZ": ["Vodičkova 31", "Masarykova 12"], "RO": ["Strada Lipscani 18", "Bulevardul Eroilor 7"],
               "HU": ["Váci utca 7", "Piac utca 21"], "DE": ["Lindenstraße 41", "Hohe Straße 88"],
               "FR": ["12 rue Oberkampf", "3 quai Saint-Antoine"]}
    return {"line1": r.choice(streets[c.region]),
            "line2": None, "city": city, "state": None, "postal_code": pc, "country": COUNTRY[c.region]}


# ---------------------------------------------------------------- shape 1: Stripe-like dispute object
def shape_stripe(c, n):
    r, used = c.rng, set()
    brand, pan = card_raw(c, 0)
    amount = r.randint(1500, 180000)
    cust, note = body(c, "customer", used), body(c, "internal", used)
    created = epoch_of(c, 0)
    meta = {}
    for name, key, expr in DOMAIN_FIELDS[c.domain][:3]:
        meta[key] = sv(c, expr)
    meta["crm_case"] = jv(c, "case_no")
    meta["agent_note"] = short_note(c)
    reason, code = r.choice([("fraudulent", "10.4"), ("product_not_received", "13.1"), ("duplicate", "12.6.1"),
                             ("subscription_canceled", "13.2"), ("credit_not_processed", "13.6")])
    exp_m, exp_y = r.randint(1, 12), r.randint(2026, 2031)
    nbrand = {"mastercard2": "mastercard", "maestro": "mastercard"}.get(brand, brand)
    return {
        "id": oid(c, "dp_", 24), "object": "dispute", "amount": nneg(amount, "amount_cents") if amount >= 10000 else amount,
        "balance_transactions": [{
            "id": oid(c, "txn_", 24), "object": "balance_transaction",
            "amount": nneg(-amount, "amount_cents") if amount >= 10000 else -amount, "fee": 1500,
            "net": nneg(-(amount + 1500), "amount_cents") if amount + 1500 >= 10000 else -(amount + 1500),
            "created": nts(c, 1), "currency": "usd", "description": "Chargeback withdrawal for " + reason,
            "reporting_category": "dispute", "type": "adjustment"}],
        "charge": {
            "id": jv(c, "ch_id"), "object": "charge", "amount": nneg(amount, "amount_cents") if amount >= 10000 else amount,
            "billing_details": {"address": addr_obj(c), "email": sv(c, "email"), "name": c.full(0), "phone": sv(c, "phone:e164")},
            "payment_method_details": {"card": {"brand": nbrand, "country": COUNTRY.get(c.region, "US"), "exp_month": exp_m,
                                                "exp_year": exp_y, "fingerprint": oid(c, "", 16, kind="fingerprint"),
                                                "funding": r.choice(["credit", "debit"]), "last4": pan[-4:],
                                                "network": nbrand, "three_d_secure": None}, "type": "card"},
            "outcome": {"network_status": "approved_by_network", "risk_level": "normal", "risk_score": r.randint(5, 60),
                        "seller_message": "Payment complete.", "type": "authorized"},
            "receipt_email": sv(c, "email")},
        "created": nts(c, 0), "currency": "usd",
        "evidence": {
            "access_activity_log": JS(render("{ts:space} login ok from {ip} (Chrome, macOS)\n{ts:space@1} order placed from {ip}", c))
            if not c.benign else JS(render("{ts:space} login ok from {ip:masked}", c)),
            "billing_address": JS(render("{addr}", c)) if c.region == "US" else None,
            "cancellation_policy": None, "customer_communication": JS(cust),
            "customer_email_address": sv(c, "email"), "customer_name": c.full(0),
            "customer_purchase_ip": sv(c, "ip"), "product_description": r.choice(["Annual membership", "Outdoor jacket, size M",
                                                                                 "Copay for office visit", "Remote support plan"]),
            "shipping_carrier": "UPS", "shipping_date": jv(c, "date:iso"), "shipping_tracking_number": jv(c, "tracking"),
            "uncategorized_text": JS(note)},
        "evidence_details": {"due_by": nts(c, 6), "has_evidence": False, "past_due": False, "submission_count": 0},
        "is_charge_refundable": False, "livemode": True, "metadata": meta, "network_reason_code": code,
        "payment_intent": oid(c, "pi_", 24), "reason": reason, "status": "needs_response",
    }


# ---------------------------------------------------------------- shape 2: Salesforce Case
def sfid(c, prefix):
    return prefix + "8d0" + "0000" + "".join(c.rng.choice(B62) for _ in range(8))


SF_CAPS = {"ssn": "SSN", "dob": "DOB", "npi": "NPI", "dea": "DEA", "mrn": "MRN", "iban": "IBAN", "ip": "IP", "ci": "CI",
           "sftp": "SFTP", "nhs": "NHS", "arn": "ARN", "id": "ID", "ncpdp": "NCPDP", "rx": "Rx"}


def shape_salesforce(c, n):
    r, used = c.rng, set()
    cid = sfid(c, "500")
    cust, reply, note = body(c, "customer", used), body(c, "agent", used), body(c, "internal", used)
    obj = {
        "attributes": {"type": "Case", "url": JS([Lit("/services/data/v60.0/sobjects/Case/"), Neg(cid, "object_id")])},
        "Id": JS(Neg(cid, "object_id")), "CaseNumber": JS(Neg("00" + clean_digits(r, 6), "case_number")),
        "Subject": subject(c), "Status": r.choice(["New", "Working", "Escalated"]), "Origin": "Email",
        "Priority": r.choice(["Medium", "High"]), "SuppliedName": c.full(0), "SuppliedEmail": sv(c, "email"),
        "SuppliedPhone": sv(c, "phone"), "ContactEmail": sv(c, "email"), "Description": JS(cust),
        "CreatedDate": jv(c, "ts:sf"), "LastModifiedDate": jv(c, "ts:sf@4"),
    }
    for name, key, expr in DOMAIN_FIELDS[c.domain]:
        obj["_".join(SF_CAPS.get(w, w.capitalize()) for w in key.split("_")) + "__c"] = sv(c, expr)
    msgs = [
        {"attributes": {"type": "EmailMessage"}, "Id": JS(Neg(sfid(c, "02s"), "object_id")), "ParentId": JS(Neg(cid, "object_id")),
         "FromAddress": sv(c, "email"), "FromName": c.full(0), "ToAddress": sv(c, "role_email"), "CcAddress": None,
         "Subject": obj["Subject"], "TextBody": JS(cust), "HtmlBody": JS(to_html(cust, r)), "Incoming": True,
         "MessageDate": jv(c, "ts:sf@1"), "Status": "1"},
        {"attributes": {"type": "EmailMessage"}, "Id": JS(Neg(sfid(c, "02s"), "object_id")), "ParentId": JS(Neg(cid, "object_id")),
         "FromAddress": sv(c, "agent_email"), "FromName": c.full(0, "agent"), "ToAddress": sv(c, "email"), "CcAddress": None,
         "Subject": "RE: " + obj["Subject"], "TextBody": JS(reply), "HtmlBody": JS(to_html(reply, r)), "Incoming": False,
         "MessageDate": jv(c, "ts:sf@2"), "Status": "3"},
    ]
    obj["EmailMessages"] = {"totalSize": 2, "done": True, "records": msgs}
    obj["CaseComments"] = {"totalSize": 2, "done": True, "records": [
        {"attributes": {"type": "CaseComment"}, "Id": JS(Neg(sfid(c, "00a"), "object_id")), "ParentId": JS(Neg(cid, "object_id")),
         "CommentBody": JS(note), "IsPublished": False, "CreatedDate": jv(c, "ts:sf@3")},
        {"attributes": {"type": "CaseComment"}, "Id": JS(Neg(sfid(c, "00a"), "object_id")), "ParentId": JS(Neg(cid, "object_id")),
         "CommentBody": short_note(c), "IsPublished": True, "CreatedDate": jv(c, "ts:sf@4")},
    ]}
    return obj


# ---------------------------------------------------------------- shape 3: Intercom-like conversation
def shape_intercom(c, n):
    r, used = c.rng, set()
    cust, reply, note = body(c, "customer", used), body(c, "agent", used), body(c, "internal", used)
    follow = body(c, "sms", used)
    admin_id = nid(c, 7)
    user_id = "%024x" % r.getrandbits(96)
    parts = []
    for k, (ptype, pcs, who) in enumerate((("comment", reply, "admin"), ("note", note, "admin"), ("assignment", None, "admin"),
                                             ("comment", follow, "user"))):
        author = ({"id": admin_id, "type": "admin", "name": c.full(0, "agent"), "email": sv(c, "agent_email")} if who == "admin"
                  else {"id": JS(Neg(user_id, "object_id")), "type": "user", "name": c.full(0), "email": sv(c, "email")})
        parts.append({"type": "conversation_part", "id": sid(c, 11), "part_type": ptype,
                      "body": JS(to_html(pcs, r)) if pcs else None, "created_at": nts(c, 2 + k),
                      "updated_at": nts(c, 2 + k), "notified_at": nts(c, 2 + k), "assigned_to": None, "author": author,
                      "attachments": [], "external_id": None, "redacted": False})
    ca = {}
    for name, key, expr in DOMAIN_FIELDS[c.domain][:4]:
        ca[name] = sv(c, expr)
    return {
        "type": "conversation", "id": sid(c, 12), "created_at": nts(c, 0), "updated_at": nts(c, 6),
        "waiting_since": nts(c, 5), "snoozed_until": None, "open": True, "state": "open", "read": True,
        "priority": r.choice(["priority", "not_priority"]), "admin_assignee_id": admin_id, "team_assignee_id": nid(c, 7),
        "tags": {"type": "tag.list", "tags": [{"type": "tag", "id": sid(c, 7), "name": c.domain.replace("_", "-")}]},
        "source": {"type": "conversation", "id": sid(c, 11), "delivered_as": "customer_initiated", "subject": "",
                   "body": JS(to_html(cust, r)),
                   "author": {"type": "user", "id": JS(Neg(user_id, "object_id")), "name": c.full(0), "email": sv(c, "email")},
                   "attachments": [], "url": None, "redacted": False},
        "contacts": {"type": "contact.list", "contacts": [{"type": "contact", "id": JS(Neg(user_id, "object_id")),
                                                           "external_id": jv(c, "acct_coll")}]},
        "custom_attributes": ca,
        "conversation_parts": {"type": "conversation_part.list", "conversation_parts": parts, "total_count": len(parts)},
        "statistics": {"type": "conversation_statistics", "time_to_assignment": 0, "time_to_admin_reply": r.randint(300, 9000),
                       "first_contact_reply_at": nts(c, 2), "count_reopens": 0, "count_conversation_parts": len(parts)},
    }


# ---------------------------------------------------------------- shape 4: Front-like conversation
def front_ts(c, k):
    return nneg(epoch_of(c, k) + c.rng.randint(1, 999) / 1000, "timestamp")


def shape_front(c, n):
    r, used = c.rng, set()
    sms = r.random() < 0.45
    cust = body(c, "sms" if sms else "customer", used)
    reply, note = body(c, "agent", used), body(c, "internal", used)
    cnv = "cnv_" + "".join(r.choice("0123456789abcdefghijklmnopqrstuvwxyz") for _ in range(8))
    mtype = r.choice(["sms", "whatsapp"]) if sms else "email"
    them = sv(c, "phone:e164") if sms else sv(c, "email")
    us = sv(c, "vphone") if sms else sv(c, "role_email")
    att = [{"id": oid(c, "fil_", 10), "filename": r.choice(["statement.pdf", "receipt.png", "letter.pdf"]),
            "content_type": "application/pdf", "size": nneg(r.randint(10000, 900000), "file_size"),
            "metadata": {"is_inline": False}}]
    msgs = [
        {"id": oid(c, "msg_", 10), "type": mtype, "is_inbound": True, "is_draft": False, "created_at": front_ts(c, 0),
         "blurb": JS(blurb(cust)), "body": JS(to_html(cust, r)), "text": JS(cust), "author": None,
         "recipients": [{"handle": them, "role": "from"}, {"handle": us, "role": "to"}],
         "attachments": att if not sms else [], "metadata": {}},
        {"id": oid(c, "msg_", 10), "type": mtype, "is_inbound": False, "is_draft": False, "created_at": front_ts(c, 1),
         "blurb": JS(blurb(reply)), "body": JS(to_html(reply, r)), "text": JS(reply),
         "author": {"id": oid(c, "tea_", 6), "email": sv(c, "agent_email"), "username": c.person(0, "agent")[0].lower(),
                    "first_name": c.person(0, "agent")[0], "last_name": c.person(0, "agent")[1]},
         "recipients": [{"handle": us, "role": "from"}, {"handle": them, "role": "to"}], "attachments": [], "metadata": {}},
    ]
    cf = {}
    for name, key, expr in DOMAIN_FIELDS[c.domain][:3]:
        cf[name] = sv(c, expr)
    return {
        "_links": {"self": JS([Lit("https://api2.frontapp.com/conversations/"), Neg(cnv, "object_id")]),
                   "related": {"messages": JS([Lit("https://api2.frontapp.com/conversations/"), Neg(cnv, "object_id"), Lit("/messages")])}},
        "id": JS(Neg(cnv, "object_id")), "subject": subject(c), "status": "assigned",
        "assignee": {"id": oid(c, "tea_", 6), "email": sv(c, "agent_email"), "first_name": c.person(0, "agent")[0],
                     "last_name": c.person(0, "agent")[1], "is_admin": False, "is_available": True},
        "recipient": {"handle": them, "role": "from"}, "tags": [{"id": oid(c, "tag_", 6), "name": c.domain}],
        "custom_fields": cf, "created_at": front_ts(c, 0), "is_private": False,
        "_embedded": {"messages": msgs, "comments": [
            {"id": oid(c, "com_", 8), "author": {"email": sv(c, "agent_email"), "first_name": c.person(0, "agent")[0]},
             "body": JS(note), "posted_at": front_ts(c, 2)},
            {"id": oid(c, "com_", 8), "author": {"email": sv(c, "agent_email"), "first_name": c.person(0, "agent")[0]},
             "body": short_note(c), "posted_at": front_ts(c, 3)}]},
    }


# ---------------------------------------------------------------- shape 5: Zoho Desk-like ticket
def shape_zoho(c, n):
    r, used = c.rng, set()
    cust, reply, note = body(c, "customer", used), body(c, "agent", used), body(c, "internal", used)
    tid = clean_digits(r, 15, "6")
    cf, named = {}, {}
    for name, key, expr in DOMAIN_FIELDS[c.domain]:
        cf["cf_" + key] = sv(c, expr)
        named[name] = sv(c, expr)

    def thread(pcs, direction, frm, vis, k):
        return {"id": sid(c, 15), "channel": "EMAIL", "direction": direction, "fromEmailAddress": frm,
                "to": sv(c, "role_email") if direction == "in" else sv(c, "email"), "cc": "",
                "summary": JS(blurb(pcs, 80)), "content": JS(to_html(pcs, r)), "plainText": JS(pcs),
                "createdTime": jv(c, "ts:ms@%d" % (k + 1)), "visibility": vis, "attachmentCount": "0"}
    return {
        "id": JS(Neg(tid, "json_id")), "ticketNumber": JS(Neg(clean_digits(r, 5), "ticket_ref")), "subject": subject(c),
        "status": "Open", "statusType": "Open", "channel": "Email", "language": {"en": "English", "da": "Danish",
        "no": "Norwegian", "fi": "Finnish", "cs": "Czech", "ro": "Romanian", "hu": "Hungarian", "de": "German",
        "fr": "French"}[c.lang], "email": sv(c, "email"), "phone": sv(c, "phone"), "contactId": sid(c, 15),
        "departmentId": sid(c, 15), "assigneeId": sid(c, 15), "createdTime": jv(c, "ts:ms"), "modifiedTime": jv(c, "ts:ms@5"),
        "description": JS(to_html(cust, r)), "cf": cf, "customFields": named,
        "contact": {"id": sid(c, 15), "firstName": c.person(0)[0], "lastName": c.person(0)[1], "email": sv(c, "email"),
                    "phone": sv(c, "phone"), "mobile": sv(c, "phone:alt")},
        "threads": [thread(cust, "in", sv(c, "email"), "public", 0), thread(reply, "out", sv(c, "agent_email"), "public", 1),
                    thread(note, "out", sv(c, "agent_email"), "private", 2)],
        "webUrl": JS([Lit("https://desk.zoho.eu/support/" + c.vendor[1].split(".")[0] + "/ShowHomePage.do#Cases/dv/"),
                      Neg(tid, "json_id")]),
    }


# ---------------------------------------------------------------- shape 6: GraphQL node response
def gid(c, typ):
    n = clean_digits(c.rng, 7)
    return JS(Neg(base64.b64encode(f"{typ}:{n}".encode()).decode(), "graphql_id"))


def shape_graphql(c, n):
    r, used = c.rng, set()
    c.numeric_ids = True
    cust, reply, note = body(c, "customer", used), body(c, "agent", used), body(c, "internal", used)
    cfv = []
    for name, key, expr in DOMAIN_FIELDS[c.domain]:
        base = re.match(r"[a-z_]+", expr)[0]
        if base in ("npi", "aba", "mrn") and not c.benign and r.random() < 0.6:
            val, dtype = numv(c, expr), "NUMBER"
        else:
            val, dtype = sv(c, expr), "TEXT"
        cfv.append({"field": {"id": gid(c, "CustomField"), "name": name, "dataType": dtype}, "value": val})
    edges = []
    for k, (pcs, internal, who) in enumerate(((cust, False, "user"), (reply, False, "agent"), (note, True, "agent"))):
        cursor = base64.b64encode(f"arrayconnection:{k}".encode()).decode()
        edges.append({"cursor": cursor, "node": {
            "id": gid(c, "Comment"), "body": JS(pcs), "bodyHtml": JS(to_html(pcs, r)) if k != 2 else None,
            "internal": internal, "author": {"email": sv(c, "email") if who == "user" else sv(c, "agent_email")},
            "createdAt": jv(c, "ts@%d" % (k + 1))}})
    return {"data": {"node": {
        "__typename": "Ticket", "id": gid(c, "Ticket"), "number": r.randint(1000, 9999), "title": subject(c),
        "state": "OPEN", "priority": r.choice(["HIGH", "NORMAL"]), "createdAt": jv(c, "ts"), "updatedAt": jv(c, "ts@5"),
        "requester": {"id": gid(c, "User"), "name": c.full(0), "email": sv(c, "email"), "phone": sv(c, "phone")},
        "assignee": {"id": gid(c, "User"), "name": c.full(0, "agent"), "email": sv(c, "agent_email")},
        "customFieldValues": cfv,
        "comments": {"totalCount": len(edges), "pageInfo": {"hasNextPage": False, "endCursor": edges[-1]["cursor"]},
                     "edges": edges}}},
        "extensions": {"cost": {"requestedQueryCost": r.randint(20, 90), "actualQueryCost": r.randint(10, 40),
                                "throttleStatus": {"maximumAvailable": 1000.0, "currentlyAvailable": 950.0,
                                                   "restoreRate": 50.0}}}}


# ---------------------------------------------------------------- shape 7: medical-billing claim record
EDI_835 = ("ST*835*{ctrl4}*{x12impl:835}~{nl}BPR*I*{amt:plain}*C*ACH*CCP*01*{aba}*DA*{acct}*{orig_co_id}**01*{aba@1}*DA*"
           "{acct@1}*{date:x12@2}~{nl}TRN*1*{trace}*{orig_co_id}~{nl}N1*PR*{payer_uc}~{nl}N1*PE*{clinic_uc}*XX*{npi@1}~{nl}"
           "CLP*{acct_pt}*[[1|2|4]]*{amt:plain@1}*{amt:plain@2}**12*{icn}*11*1~{nl}NM1*QC*1*{last_uc}*{first_uc}****MI*{member_id}~{nl}"
           "NM1*82*1*{dr_last_uc}*{dr_first_uc}****XX*{npi}~{nl}DTM*232*{date:x12}~{nl}SVC*HC:{cpt}*{amt:plain@1}*{amt:plain@2}**1~{nl}"
           "CAS*CO*45*{amt:plain@3}~{nl}SE*12*{ctrl4}~")


def shape_claim(c, n):
    r, used = c.rng, set()
    c.numeric_ids = True
    inst = r.random() < 0.4
    dob = sv(c, "dob:" + r.choice(["iso", "us"]))
    mrn = numv(c, "mrn") if not c.benign and r.random() < 0.6 else sv(c, "mrn")
    npi_r = numv(c, "npi") if not c.benign and r.random() < 0.6 else sv(c, "npi")
    npi_b = numv(c, "npi@1") if not c.benign and r.random() < 0.6 else sv(c, "npi@1")
    lines, tot = [], 0
    for k in range(r.randint(1, 3)):
        ch = r.randint(4000, 90000)
        tot += ch
        lines.append({"line": k + 1, "date_of_service": jv(c, "date:iso"), "cpt": jv(c, "cpt@%d" % k),
                      "modifiers": r.choice([[], ["25"], ["59"], ["RT"]]), "units": 1, "dx_pointers": [1],
                      "charge_cents": nneg(ch, "amount_cents") if ch >= 10000 else ch})
    allowed = tot * r.randint(40, 80) // 100
    paid = allowed * r.randint(50, 100) // 100
    cents = lambda v: nneg(v, "amount_cents") if v >= 10000 else v
    nl = "\n" if r.random() < 0.5 else ""
    edi = JS(render(EDI_835.replace("{nl}", nl), c)) if not c.benign else JS(render(
        "CLP*{acct_pt}*1*{amt:plain@1}*{amt:plain@2}**12*{icn}*11*1~" + nl + "DTM*232*{date:x12}~" + nl + "SVC*HC:{cpt}*{amt:plain@1}*{amt:plain@2}**1~", c))
    notes = [JS(body(c, "internal", used)), short_note(c)]
    if r.random() < 0.5:
        notes.append(JS(body(c, "internal", used)))
    obj = {
        "claim_id": jv(c, "claim_no"), "claim_type": "institutional" if inst else "professional",
        "form": "UB-04" if inst else "CMS-1500", "frequency_code": r.choice(["1", "7"]),
        "status": r.choice(["denied", "pended", "partially_paid"]), "submitted_at": jv(c, "ts"),
        "payer": {"name": s_payer(c, 0, None).text, "payer_id": jv(c, "payer_id"), "claim_control_number": jv(c, "icn")},
        "patient": {"first_name": c.person(0)[0], "last_name": c.person(0)[1], "dob": dob, "sex": r.choice(["F", "M"]),
                    "member_id": jv(c, "member_id"), "mrn": mrn, "phone": sv(c, "phone"), "email": sv(c, "email"),
                    "address": addr_obj(c)},
        "subscriber": {"relationship": r.choice(["self", "child", "spouse"]), "member_id": jv(c, "member_id"),
                       "group_number": jv(c, "member_id@1")},
        "rendering_provider": {"name": s_dr(c, 0, None).text, "npi": npi_r, "taxonomy": jv(c, "taxonomy"),
                               "npi_as_first_submitted": jv(c, "npi:bad") if r.random() < 0.5 else None},
        "billing_provider": {"name": c.clinic[0], "npi": npi_b, "tax_id": jv(c, "ein"), "address": addr_obj(c)},
        "diagnosis_codes": [s_icd(c, 0, None).text, s_icd(c, 1, None).text],
        "service_lines": lines,
        "totals": {"billed_cents": cents(tot), "allowed_cents": cents(allowed), "paid_cents": cents(paid),
                   "patient_responsibility_cents": cents(allowed - paid)},
        "prior_auth_number": jv(c, "pa_no"), "notes": notes, "edi_835_excerpt": edi,
        "attachments": [{"name": "EOB.pdf", "size_bytes": nneg(r.randint(10000, 800000), "file_size"), "sha256": jv(c, "sha256")}],
    }
    if r.random() < 0.5:
        obj["referring_provider"] = {"name": s_dr(c, 1, None).text, "npi": sv(c, "npi@2")}
    return obj


# ---------------------------------------------------------------- shape 8: collections account export
def shape_collections(c, n):
    r, used = c.rng, set()
    c.numeric_ids = True
    eu = c.domain == "eu_collections"
    bal = r.randint(12000, 900000)
    debtor = {"first_name": c.person(0)[0], "last_name": c.person(0)[1], "dob": sv(c, "dob:iso" if not eu else "dob")}
    if not eu:
        debtor["ssn"] = sv(c, "ssn")
        if r.random() < 0.4:
            debtor["ssn_as_reported_by_creditor"] = jv(c, "ssn_bad")
    debtor["phone_numbers"] = [
        {"type": "mobile" if "mobile" in phone_raw(c, 0)[2] or c.region in ("US", "DK", "FR") else "landline",
         "number": sv(c, "phone"), "consent": True, "last_verified": jv(c, "date:iso")},
        {"type": r.choice(["home", "work"]), "number": sv(c, "phone@1"), "consent": False, "last_verified": None}]
    debtor["email"] = sv(c, "email")
    debtor["address"] = addr_obj(c)
    if eu:
        debtor["iban"] = sv(c, "iban")
        debtor["bic"] = jv(c, "bic")
    else:
        rn = numv(c, "aba") if not c.benign and r.random() < 0.6 else sv(c, "aba")
        debtor["bank"] = {"routing_number": rn, "account_number": jv(c, "acct"), "account_type": r.choice(["checking", "savings"])}
    hist = []
    for k in range(r.randint(2, 4)):
        a = r.randint(2500, 60000)
        m = r.choice(["card", "ach", "check"])
        row = {"date": jv(c, "date:iso@%d" % (k + 1)), "amount_cents": nneg(a, "amount_cents") if a >= 10000 else a,
               "method": m, "confirmation": jv(c, "confirm@%d" % k)}
        if m == "card":
            row["card_last4"] = card_raw(c, k)[1][-4:]
        hist.append(row)
    notes = [JS(body(c, "internal", used)), JS(body(c, "sms", used)), short_note(c)]
    return {
        "export_version": "3.2", "generated_at": jv(c, "ts"),
        "agency": {"name": c.vendor[0], "license_no": JS(Neg(r.choice(["CA-", "NY-", "TX-", "LIC-"]) + clean_digits(r, 7), "json_id"))},
        "account": {"account_id": jv(c, "acct_coll"), "placement_date": jv(c, "date:iso@5"),
                    "original_creditor": r.choice([c.merchant[0], c.clinic[0]]), "original_account_ref": jv(c, "invoice"),
                    "balance_cents": nneg(bal, "amount_cents"), "currency": {"DK": "DKK", "NO": "NOK", "CZ": "CZK", "RO": "RON",
                                                                          "HU": "HUF"}.get(c.region, "EUR" if eu else "USD"),
                    "status": r.choice(["active", "payment_plan", "disputed"]), "charge_off_date": jv(c, "date:iso@6")},
        "debtor": debtor, "payment_history": hist, "agent_notes": notes,
        "disputes": [{"opened": jv(c, "date:iso@7"), "reason": r.choice(["not_mine", "paid", "amount_wrong"]),
                      "notes": short_note(c)}] if r.random() < 0.6 else [],
    }


SHAPES = [("stripe_dispute", shape_stripe), ("salesforce_case", shape_salesforce), ("intercom_conversation", shape_intercom),
          ("front_conversation", shape_front), ("zoho_ticket", shape_zoho), ("graphql_node", shape_graphql),
          ("claim_record", shape_claim), ("collections_export", shape_collections)]
DOMAINS8 = ["card_dispute", "collections_us", "medical_billing", "pharmacy_benefit", "garnishment", "eu_collections",
            "uk_patient_billing", "processor_integration"]
EU_LANGS = ["da", "no", "fi", "cs", "ro", "hu", "de", "fr"]


def ticket_domain(i):
    shape, grp = (i - 1) % 8, (i - 1) // 8
    if shape < 6:
        return DOMAINS8[(grp + shape) % 8]
    if shape == 6:
        return "medical_billing"
    return "eu_collections" if grp % 3 == 1 else "collections_us"


def ticket_plan(i):
    """(shape index, domain, lang, region, benign) for ticket i (1-based)."""
    shape, grp = (i - 1) % 8, (i - 1) // 8
    if shape < 6:
        domain = DOMAINS8[(grp + shape) % 8]
    elif shape == 6:
        domain = "medical_billing"
    else:
        domain = "eu_collections" if grp % 3 == 1 else "collections_us"
    benign = shape < 5 and grp in (4, 14)
    lang, region = "en", "US"
    if domain == "eu_collections":
        lang = EU_LANGS[sum(ticket_domain(j) == "eu_collections" for j in range(1, i)) % 8]
        region = REGION_OF_LANG[lang]
    elif domain == "uk_patient_billing":
        region = "UK"
    return shape, domain, lang, region, benign


def materialize(obj, ptr, sink):
    if isinstance(obj, JS):
        text, spans = pieces_text(obj.pieces)
        for cs, ce, kind, name, fmt in spans:
            sink(ptr, text, cs, ce, kind, name, fmt, None)
        return text
    if isinstance(obj, JN):
        if obj.piece is not None:
            t = num_text(obj.value)
            assert obj.piece.text == t, (obj.piece.text, t)
            sink(ptr, t, 0, len(t), obj.piece.kind, obj.piece.name, obj.piece.fmt, "number")
        return obj.value
    if isinstance(obj, dict):
        return {k: materialize(v, ptr + "/" + k.replace("~", "~0").replace("/", "~1"), sink) for k, v in obj.items()}
    if isinstance(obj, list):
        return [materialize(v, f"{ptr}/{j}", sink) for j, v in enumerate(obj)]
    return obj


def last_key(ptr):
    for part in reversed(ptr.split("/")):
        if part and not part.isdigit():
            return part.replace("~1", "/").replace("~0", "~")
    return "root"


def dump_json(obj, i):
    lay = i % 4
    if lay == 0:
        return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"
    if lay == 1:
        return json.dumps(obj, indent=4, ensure_ascii=True) + "\n"
    if lay == 2:
        return json.dumps(obj, separators=(",", ":"), ensure_ascii=False) + "\n"
    return json.dumps(obj, indent="\t", ensure_ascii=True) + "\n"


def build_ticket(i):
    shape, domain, lang, region, benign = ticket_plan(i)
    sname, fn = SHAPES[shape]
    fname = f"ticket_{TICKET_BASE + i}.json"
    for attempt in range(60):
        c = Ctx(f"{SEED}:ticket:{i}:{attempt}", lang, region, domain, benign)
        obj = fn(c, i)
        rows, probs = [], []

        def sink(ptr, text, cs, ce, kind, name, fmt, vtype):
            v = text[cs:ce]
            row = {"file": fname, "json_pointer": ptr, "start": len(text[:cs].encode("utf-8")),
                   "end": len(text[:ce].encode("utf-8")), "cstart": cs, "cend": ce}
            if kind == "P":
                row["entity"] = name
                if not VALIDATORS[name](v):
                    probs.append(f"invalid {name} {v!r}")
            else:
                row["kind"] = name
                if name not in PASS_KINDS and not value_clean(v):
                    probs.append(f"unclean {name} {v!r}")
            row["fmt"] = f"{fmt}.{last_key(ptr)}"
            row["shape"] = sname
            if vtype:
                row["value_type"] = vtype
            rows.append((row, v))
        plain = materialize(obj, "", sink)
        if benign and any("entity" in r for r, _ in rows):
            probs.append("positive in benign ticket")
        if probs:
            continue
        text = dump_json(plain, i)
        return fname, text, rows, {"shape": sname, "domain": domain, "lang": lang, "region": region, "benign": benign}
    raise AssertionError(f"ticket {i}: no clean draw")


# =====================================================================================================
# generate, write, self-check
# =====================================================================================================

OUT_FIXED = ["notes.jsonl", "corpus.txt", "corpus_index.jsonl", "json_hard_negatives.jsonl", "notes_json/labels.jsonl"]


def jl(rows):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def generate():
    specs = plan_notes()
    notes, intended = [], {}
    for i, spec in enumerate(specs, 1):
        rec, pos = build_note(i, spec)
        notes.append(rec)
        for nid_, s, e, v in pos:
            intended[("note", nid_, "", s, e)] = v
    files = {"notes.jsonl": jl(notes), "corpus.txt": "\n\n".join(r["text"] for r in notes)}
    index, boff, coff = [], 0, 0
    for r in notes:
        t = r["text"]
        index.append({"id": r["id"], "byte_offset": boff, "byte_len": len(t.encode("utf-8")), "char_offset": coff,
                      "char_len": len(t)})
        boff += len(t.encode("utf-8")) + 2
        coff += len(t) + 2
    files["corpus_index.jsonl"] = jl(index)
    labels, negs = [], []
    for i in range(1, N_TICKETS + 1):
        fname, text, rows, info = build_ticket(i)
        files["notes_json/" + fname] = text
        for row, v in rows:
            if "entity" in row:
                labels.append(row)
                intended[("json", fname, row["json_pointer"], row["start"], row["end"])] = v
            else:
                negs.append(row)
    files["notes_json/labels.jsonl"] = jl(labels)
    files["json_hard_negatives.jsonl"] = jl(negs)
    return files, intended


def read_disk():
    out = {}
    for name in OUT_FIXED:
        p = HERE / name
        if p.exists():
            out[name] = p.read_bytes().decode("utf-8")
    d = HERE / "notes_json"
    if d.is_dir():
        for p in sorted(d.glob("*.json")):
            out["notes_json/" + p.name] = p.read_bytes().decode("utf-8")
    return out


def write_all(files):
    (HERE / "notes_json").mkdir(exist_ok=True)
    for p in sorted((HERE / "notes_json").glob("*.json")):
        if "notes_json/" + p.name not in files:
            p.unlink()
    for name, text in files.items():
        (HERE / name).write_bytes(text.encode("utf-8"))


def json_walk(obj, ptr=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from json_walk(v, ptr + "/" + k.replace("~", "~0").replace("/", "~1"))
    elif isinstance(obj, list):
        for j, v in enumerate(obj):
            yield from json_walk(v, f"{ptr}/{j}")
    else:
        yield ptr, obj


def norm(v):
    return re.sub(r"[^0-9A-Za-z]", "", v).lower()


DR_RE = re.compile(r"Dr\. [^\W\d_]+ ([^\W\d_])[^\W\d_]+")


class Checker:
    def __init__(self):
        self.problems = []
        self.pos_norm, self.neg_norm = {}, {}
        self.count = defaultdict(Counter)     # (set, sign) -> Counter(entity/target)
        self.kinds = defaultdict(Counter)
        self.numbers = Counter()

    def bad(self, msg):
        self.problems.append(msg)

    def check_doc(self, where, text, pos, negs):
        """pos/negs: lists of (cstart, cend, name, fmt). Checks one string (a note or one JSON string)."""
        iv = sorted([(s, e, "P", n) for s, e, n, _ in pos] + [(s, e, "N", n) for s, e, n, _ in negs])
        for a, b in zip(iv, iv[1:]):
            if b[0] < a[1]:
                self.bad(f"{where}: overlapping spans {a} {b}")
        for s, e, name, fmt in pos:
            v = text[s:e]
            if not VALIDATORS[name](v):
                self.bad(f"{where}: {name} fails its rule: {v!r}")
            if (s > 0 and text[s - 1].isalnum()) or (e < len(text) and text[e].isalnum()):
                self.bad(f"{where}: {name} {v!r} is glued to a letter/digit")
            self.pos_norm.setdefault(norm(v), where)
        for s, e, kind, fmt in negs:
            v = text[s:e]
            tgt = KIND_TARGET.get(kind)
            if tgt is None:
                self.bad(f"{where}: unknown negative kind {kind}")
                continue
            if kind == "test_card":
                d = digits_of(v)
                if not (d in TEST_PANS and luhn_ok(d) and card_brand(d)):
                    self.bad(f"{where}: test_card {v!r} is not a published test PAN")
            else:
                if tgt in VALIDATORS and tgt != "MEDICAL_RECORD_NUMBER" and VALIDATORS[tgt](v):
                    self.bad(f"{where}: negative {kind} {v!r} passes the {tgt} rule")
                if not value_clean(v):
                    self.bad(f"{where}: negative {kind} {v!r} passes a checksum by accident")
            self.neg_norm.setdefault(norm(v), where)
        for m in re.finditer(r"\d{5,}", text):
            if not any(s < m.end() and m.start() < e for s, e, _, _ in iv):
                self.bad(f"{where}: unlisted digit run {m[0]!r}")
        for m in re.finditer("@", text):
            if not any(s <= m.start() < e for s, e, _, _ in iv):
                self.bad(f"{where}: unlisted '@' near {text[max(0, m.start() - 20):m.start() + 20]!r}")

    def check_repeats(self, where, docs):
        """docs: list of (doc_where, text, pos spans). Every positive value (6+ chars) recurring is labelled there too."""
        exact = {(w, s, e) for w, _, pos in docs for s, e, _, _ in pos}
        inside = defaultdict(list)
        for w, _, pos in docs:
            inside[w] += [(s, e) for s, e, _, _ in pos]
        values = sorted({text[s:e] for _, text, pos in docs for s, e, _, _ in pos if e - s >= 6})
        for v in values:
            for w, text, _ in docs:
                i = text.find(v)
                while i >= 0:
                    j = i + len(v)
                    glued = (i > 0 and text[i - 1].isalnum()) or (j < len(text) and text[j].isalnum())
                    contained = any(s <= i and j <= e for s, e in inside[w])
                    if not glued and not contained:
                        self.bad(f"{where}: unlabelled repeat of {v[:40]!r} in {w}")
                    i = text.find(v, i + 1)

    def check_dea(self, where, texts, pos_values):
        inits = {m[1] for t in texts for m in DR_RE.finditer(t)}
        inits |= {ascii_fold(x).upper() for x in inits}
        for v in pos_values:
            if v[1] not in inits:
                self.bad(f"{where}: DEA {v} has no prescriber 'Dr. First Last' with initial {v[1]}")


def verify(files, intended):
    ck = Checker()
    # ---------------------------------------------------------------- notes
    notes = [json.loads(l) for l in files["notes.jsonl"].splitlines() if l.strip()]
    if len(notes) != N_NOTES:
        ck.bad(f"expected {N_NOTES} notes, found {len(notes)}")
    seen_int = set()
    for r in notes:
        text, b = r["text"], r["text"].encode("utf-8")
        pos, negs = [], []
        for s in r["spans"] + r["hard_negatives"]:
            if b[s["start"]:s["end"]].decode("utf-8", "replace") != text[s["cstart"]:s["cend"]]:
                ck.bad(f"{r['id']}: byte and char offsets disagree at {s}")
        for s in r["spans"]:
            pos.append((s["cstart"], s["cend"], s["entity"], s["fmt"]))
            key = ("note", r["id"], "", s["start"], s["end"])
            seen_int.add(key)
            if intended.get(key) != b[s["start"]:s["end"]].decode("utf-8"):
                ck.bad(f"{r['id']}: label bytes differ from the intended value at {s['start']}")
            ck.count[("notes", "+")][s["entity"]] += 1
        for s in r["hard_negatives"]:
            negs.append((s["cstart"], s["cend"], s["kind"], s["fmt"]))
            ck.count[("notes", "-")][KIND_TARGET.get(s["kind"], "?")] += 1
            ck.kinds["notes"][s["kind"]] += 1
        ck.check_doc(r["id"], text, pos, negs)
        ck.check_repeats(r["id"], [(r["id"], text, pos)])
        dea = [text[s:e] for s, e, n, _ in pos if n == "US_DEA"]
        if dea:
            ck.check_dea(r["id"], [text], dea)
        is_benign = "benign" in r["tags"]
        if is_benign and pos:
            ck.bad(f"{r['id']}: benign note has positives")
        if not is_benign and not pos:
            ck.bad(f"{r['id']}: non-benign note has no positive")
    # ---------------------------------------------------------------- corpus.txt / index
    corpus = files["corpus.txt"]
    if corpus != "\n\n".join(r["text"] for r in notes):
        ck.bad("corpus.txt is not the notes joined by blank lines")
    cb = corpus.encode("utf-8")
    idx = [json.loads(l) for l in files["corpus_index.jsonl"].splitlines() if l.strip()]
    if [x["id"] for x in idx] != [r["id"] for r in notes]:
        ck.bad("corpus_index ids differ from notes.jsonl")
    for x, r in zip(idx, notes):
        if cb[x["byte_offset"]:x["byte_offset"] + x["byte_len"]].decode("utf-8", "replace") != r["text"]:
            ck.bad(f"{x['id']}: corpus_index byte offsets wrong")
        if corpus[x["char_offset"]:x["char_offset"] + x["char_len"]] != r["text"]:
            ck.bad(f"{x['id']}: corpus_index char offsets wrong")
    # ---------------------------------------------------------------- ticket JSON
    names = sorted(k for k in files if k.startswith("notes_json/ticket_"))
    if len(names) != N_TICKETS:
        ck.bad(f"expected {N_TICKETS} ticket files, found {len(names)}")
    labels = [json.loads(l) for l in files["notes_json/labels.jsonl"].splitlines() if l.strip()]
    jnegs = [json.loads(l) for l in files["json_hard_negatives.jsonl"].splitlines() if l.strip()]
    by_file = defaultdict(lambda: ([], []))
    for r in labels:
        by_file[r["file"]][0].append(r)
    for r in jnegs:
        by_file[r["file"]][1].append(r)
    for name in names:
        fname = name.split("/", 1)[1]
        i = int(fname[7:14]) - TICKET_BASE
        try:
            obj = json.loads(files[name])
        except json.JSONDecodeError as e:
            ck.bad(f"{fname}: not JSON ({e})")
            continue
        leaves = dict(json_walk(obj))
        labs, negs_ = by_file.get(fname, ([], []))
        per_ptr = defaultdict(lambda: ([], []))
        for rows, side in ((labs, 0), (negs_, 1)):
            for r in rows:
                ptr = r["json_pointer"]
                if ptr not in leaves:
                    ck.bad(f"{fname}: pointer {ptr} does not resolve")
                    continue
                val = leaves[ptr]
                if r.get("value_type") == "number":
                    if isinstance(val, bool) or not isinstance(val, (int, float)):
                        ck.bad(f"{fname}{ptr}: value_type number but the value is {type(val).__name__}")
                        continue
                    text = num_text(val)
                    ck.numbers[("+" if side == 0 else "-", r.get("entity") or r.get("kind"))] += 1
                else:
                    if not isinstance(val, str):
                        ck.bad(f"{fname}{ptr}: labelled value is not a string")
                        continue
                    text = val
                if text.encode("utf-8")[r["start"]:r["end"]].decode("utf-8", "replace") != text[r["cstart"]:r["cend"]]:
                    ck.bad(f"{fname}{ptr}: byte and char offsets disagree")
                per_ptr[ptr][side].append(r)
                if side == 0:
                    key = ("json", fname, ptr, r["start"], r["end"])
                    seen_int.add(key)
                    if intended.get(key) != text.encode("utf-8")[r["start"]:r["end"]].decode("utf-8", "replace"):
                        ck.bad(f"{fname}{ptr}: label bytes differ from the intended value")
                    ck.count[("json", "+")][r["entity"]] += 1
                else:
                    ck.count[("json", "-")][KIND_TARGET.get(r["kind"], "?")] += 1
                    ck.kinds["json"][r["kind"]] += 1
        docs, all_texts, dea = [], [], []
        for ptr, val in leaves.items():
            labs_p, negs_p = per_ptr.get(ptr, ([], []))
            if isinstance(val, str):
                pos = [(r["cstart"], r["cend"], r["entity"], r["fmt"]) for r in labs_p]
                ng = [(r["cstart"], r["cend"], r["kind"], r["fmt"]) for r in negs_p]
                ck.check_doc(f"{fname}{ptr}", val, pos, ng)
                docs.append((ptr, val, pos))
                all_texts.append(val)
                dea += [val[s:e] for s, e, n, _ in pos if n == "US_DEA"]
            elif isinstance(val, (int, float)) and not isinstance(val, bool):
                t = num_text(val)
                covered = [r for r in labs_p + negs_p if r["start"] == 0 and r["end"] == len(t.encode())]
                if abs(val) >= 10000 and not covered:
                    ck.bad(f"{fname}{ptr}: number {t} is neither labelled nor listed")
                for r in labs_p:
                    if not VALIDATORS[r["entity"]](t[r["cstart"]:r["cend"]]):
                        ck.bad(f"{fname}{ptr}: {r['entity']} number fails its rule")
                    ck.pos_norm.setdefault(norm(t), fname)
                for r in negs_p:
                    ck.neg_norm.setdefault(norm(t), fname)
        ck.check_repeats(fname, docs)
        if dea:
            ck.check_dea(fname, all_texts, dea)
        benign = ticket_plan(i)[4]
        if benign and labs:
            ck.bad(f"{fname}: benign ticket has positives")
        if not benign and not labs:
            ck.bad(f"{fname}: ticket has no positive")
    if set(intended) - seen_int:
        ck.bad(f"{len(set(intended) - seen_int)} intended labels are missing from the files")
    clash = sorted(k for k in ck.neg_norm if len(k) >= 6 and k in ck.pos_norm)
    for k in clash[:20]:
        ck.bad(f"value {k!r} is labelled ({ck.pos_norm[k]}) and also listed as a negative ({ck.neg_norm[k]})")
    return ck, notes


def print_counts(ck, notes):
    rows = list(ENTITIES) + ["other"]
    print(f"{'entity':<24}{'notes +':>9}{'notes -':>9}{'JSON +':>9}{'JSON -':>9}")
    tot = Counter()
    for e in rows:
        vals = [ck.count[("notes", "+")][e], ck.count[("notes", "-")][e], ck.count[("json", "+")][e], ck.count[("json", "-")][e]]
        for k, v in zip("abcd", vals):
            tot[k] += v
        print(f"{e:<24}" + "".join(f"{('–' if (e == 'other' and j in (0, 2)) else v):>9}" for j, v in enumerate(vals)))
    print(f"{'total':<24}{tot['a']:>9}{tot['b']:>9}{tot['c']:>9}{tot['d']:>9}")
    nump = sum(v for (s, _), v in ck.numbers.items() if s == "+")
    numn = sum(v for (s, _), v in ck.numbers.items() if s == "-")
    print(f"JSON numbers: {nump} positives (" + ", ".join(f"{k} {v}" for (s, k), v in sorted(ck.numbers.items()) if s == "+")
          + f"), {numn} negatives")
    print("notes negatives by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(ck.kinds["notes"].items())))
    print("JSON negatives by kind: " + ", ".join(f"{k} {v}" for k, v in sorted(ck.kinds["json"].items())))
    lang = Counter(r["tags"][0] for r in notes)
    cat = Counter(r["category"] for r in notes)
    print("notes: " + ", ".join(f"{k} {v}" for k, v in lang.most_common()) + f"; benign {sum('benign' in r['tags'] for r in notes)}"
          + f"; chains {sum('chain' in r['tags'] for r in notes)}")
    print("categories: " + ", ".join(f"{k} {v}" for k, v in cat.most_common()))


def main(argv):
    check_only = "--check" in argv
    files, intended = generate()
    if not check_only:
        write_all(files)
    disk = read_disk()
    problems = []
    for name, text in files.items():
        if name not in disk:
            problems.append(f"missing on disk: {name}")
        elif disk[name] != text:
            problems.append(f"differs from a fresh run: {name}")
    for name in disk:
        if name not in files:
            problems.append(f"stale file on disk: {name}")
    if all(name in disk for name in OUT_FIXED):
        try:
            ck, notes = verify(disk, intended)
            problems += ck.problems
            print_counts(ck, notes)
        except (KeyError, ValueError, IndexError, TypeError) as e:
            problems.append(f"self-check could not read the files on disk: {e!r}")
    for p in problems[:60]:
        print("PROBLEM:", p)
    if problems:
        print(f"self-check FAILED: {len(problems)} problem(s)")
        return 1
    print("self-check OK")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
