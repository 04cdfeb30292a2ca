#!/usr/bin/env python3
"""Round 14 held-out corpus: "the mainstream, an eighth hand: how people actually type".

    python3 gen.py            # write notes.jsonl, corpus.txt, corpus_index.jsonl, notes_json/, json_hard_negatives.jsonl; self-check
    python3 gen.py --check    # regenerate in memory, compare with the files on disk, self-check, print counts

Standard library only. Deterministic: every RNG is seeded with a string derived from SEED.
"""
from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import re
import sys
import unicodedata
import zlib
from collections import Counter
from pathlib import Path
import random

SEED = 14081614
N_NOTES = 700
N_TICKETS = 100
HERE = Path(__file__).resolve().parent

ENTITIES = ("CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "ABA_ROUTING_NUMBER",
            "IP_ADDRESS", "MEDICAL_RECORD_NUMBER", "US_NPI", "DATE_OF_BIRTH", "UK_NHS", "US_DEA",
            "AWS_ACCESS_KEY", "GITHUB_TOKEN", "PRIVATE_KEY")


# =====================================================================================================
# checksums and validators
# =====================================================================================================

def digits(s):
    return "".join(c for c in s if c.isdigit())


def luhn_ok(d):
    if not d.isdigit():
        return False
    tot = 0
    for i, c in enumerate(reversed(d)):
        x = int(c)
        if i % 2:
            x *= 2
            if x > 9:
                x -= 9
        tot += x
    return tot % 10 == 0


def luhn_complete(p):
    for c in "0123456789":
        if luhn_ok(p + c):
            return p + c
    raise AssertionError


def npi_ok(d):
    return len(d) == 10 and d.isdigit() and d[0] in "12" and luhn_ok("80840" + d)


def nhs_check_digit(d9):
    s = sum(int(c) * w for c, w in zip(d9, range(10, 1, -1)))
    r = 11 - s % 11
    return 0 if r == 11 else (None if r == 10 else r)


def nhs_ok(d):
    if len(d) != 10 or not d.isdigit():
        return False
    c = nhs_check_digit(d[:9])
    return c is not None and c == int(d[9])


FED_PREFIXES = [f"{i:02d}" for i in list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73))] + ["80"]


def aba_sum_ok(d):
    if len(d) != 9 or not d.isdigit():
        return False
    w = (3, 7, 1) * 3
    return sum(int(c) * k for c, k in zip(d, w)) % 10 == 0


def aba_ok(d):
    return aba_sum_ok(d) and d[:2] in FED_PREFIXES


def aba_any(d):  # passes the 3-7-1 sum, whatever the prefix (what a shape+checksum detector would accept)
    return aba_sum_ok(d)


def ssn_ok(s):
    d = digits(s)
    if len(d) != 9:
        return False
    a, g, n = d[:3], d[3:5], d[5:]
    if a in ("000", "666") or a[0] == "9" or g == "00" or n == "0000":
        return False
    if d in ("078051120", "219099999", "123456789"):
        return False
    return True


def dea_check(d6):
    a = int(d6[0]) + int(d6[2]) + int(d6[4])
    b = 2 * (int(d6[1]) + int(d6[3]) + int(d6[5]))
    return str((a + b) % 10)


DEA_FIRST = "ABFGM"


def dea_ok(s):
    return (len(s) == 9 and s[0] in "ABCDEFGHJKLMPRSTUX" and (s[1].isalpha() or s[1] == "9")
            and s[2:].isdigit() and dea_check(s[2:8]) == s[8])


IBAN_LEN = {"DE": 22, "FR": 27, "ES": 24, "IT": 27, "NL": 18, "PT": 25, "SE": 24, "GB": 22, "BE": 16,
            "AT": 20, "IE": 22, "CH": 21, "LU": 20, "FI": 18, "DK": 18, "NO": 15, "PL": 28}


def iban_mod97(s):
    s = s.replace(" ", "").upper()
    r = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in r)
    return int(num) % 97 == 1


def iban_ok(s):
    c = re.sub(r"\s", "", s).upper()
    return (len(c) >= 4 and c[:2] in IBAN_LEN and len(c) == IBAN_LEN[c[:2]] and c[2:4].isdigit()
            and c.isalnum() and iban_mod97(c))


def iban_make(cc, bban):
    num = "".join(str(int(ch, 36)) for ch in bban + cc + "00")
    ck = 98 - int(num) % 97
    return f"{cc}{ck:02d}{bban}"


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
    return re.fullmatch(r"github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}", tok) is not None


def aws_ok(s):
    return re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", s) is not None and "EXAMPLE" not in s


TEST_PANS = {"4111111111111111", "4242424242424242", "4012888888881881", "4000056655665556",
             "5555555555554444", "5105105105105100", "5200828282828210", "2223003122003222",
             "378282246310005", "371449635398431", "378734493671000", "6011111111111117",
             "6011000990139424", "3530111333300000", "3566002020360505", "30569309025904",
             "38520000023237", "36227206271667", "4000000000000002", "4000002500003155"}

CARD_BRANDS = {  # name: (prefix ranges, length, grouping)
    "visa": ([("4", "4")], 16, (4, 4, 4, 4)),
    "mc": ([("51", "55")], 16, (4, 4, 4, 4)),
    "mc2": ([("2221", "2720")], 16, (4, 4, 4, 4)),
    "amex": ([("34", "34"), ("37", "37")], 15, (4, 6, 5)),
    "discover": ([("6011", "6011"), ("644", "649"), ("65", "65")], 16, (4, 4, 4, 4)),
    "jcb": ([("3528", "3589")], 16, (4, 4, 4, 4)),
    "diners": ([("36", "36"), ("300", "305")], 14, (4, 6, 4)),
}


def card_brand(d):
    for name, (ranges, ln, _) in CARD_BRANDS.items():
        for lo, hi in ranges:
            p = d[:len(lo)]
            if len(d) == ln and lo <= p <= hi:
                return name
    return None


def card_ok(s):
    d = digits(s)
    return luhn_ok(d) and card_brand(d) is not None and d not in TEST_PANS


def accidental(d):
    """Which checksum a digit string of its length passes by accident (None if none)."""
    if len(d) == 9 and aba_any(d):
        return "ABA"
    if len(d) == 10 and (npi_ok(d) or luhn_ok("80840" + d)):
        return "NPI"
    if len(d) == 10 and nhs_ok(d):
        return "NHS"
    if 13 <= len(d) <= 19 and luhn_ok(d):
        return "LUHN"
    return None


def ssn_shape(s):
    return re.fullmatch(r"\d{3}([- ])\d{2}\1\d{4}", s) is not None


MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]
MONTHS = {
    "en": MONTHS_EN,
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
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro",
           "novembro", "dezembro"],
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
           "november", "december"],
}


def dob_parse_ok(s):
    """A DOB value parses to a plausible birth date (year 1925-2010)."""
    t = s.strip()
    m = re.fullmatch(r"(\d{1,4})[./\- ](\d{1,2})[./\- ](\d{2,4})", t)
    if m:
        a, b, c = m.groups()
        ys = [x for x in (a, c) if len(x) == 4]
        if not ys:
            y = int(c)
            y = 1900 + y if y > 25 else 2000 + y
        else:
            y = int(ys[0])
        return 1925 <= y <= 2010
    for lang, ms in MONTHS.items():
        for mo in ms + [x[:3] for x in ms]:
            if mo.lower() in t.lower():
                ys = re.findall(r"\d{4}", t)
                return bool(ys) and 1925 <= int(ys[0]) <= 2010
    return False


# =====================================================================================================
# values
# =====================================================================================================

class V:
    """A positive value to place: entity, exact text, fmt (family.variant[.style])."""
    __slots__ = ("ent", "text", "fmt", "num")

    def __init__(self, ent, text, fmt, num=False):
        self.ent, self.text, self.fmt, self.num = ent, text, fmt, num

    def __repr__(self):
        return f"V({self.ent},{self.text!r})"


class N:
    """A hard negative to place."""
    __slots__ = ("kind", "text", "num")

    def __init__(self, kind, text, num=False):
        self.kind, self.text, self.num = kind, text, num

    def __repr__(self):
        return f"N({self.kind},{self.text!r})"


def rdig(r, n, first="0123456789"):
    return r.choice(first) + "".join(r.choice("0123456789") for _ in range(n - 1))


def safe_num(r, n, first="123456789", prefix=""):
    """n random digits (after prefix) that pass no same-length checksum by accident."""
    while True:
        d = prefix + rdig(r, n - len(prefix), first) if n > len(prefix) else prefix
        if accidental(d) is None:
            return d


def group(d, sizes, sep=" "):
    out, i = [], 0
    for k in sizes:
        out.append(d[i:i + k])
        i += k
    return sep.join(out)


# ---- cards -----------------------------------------------------------------------------------------

def card_digits(r, brand):
    ranges, ln, _ = CARD_BRANDS[brand]
    lo, hi = r.choice(ranges)
    p = str(r.randint(int(lo), int(hi)))
    while True:
        d = luhn_complete(p + rdig(r, ln - len(p) - 1))
        if d not in TEST_PANS:
            return d


def card(r, brand=None, style=None):
    brand = brand or r.choices(list(CARD_BRANDS), [40, 18, 6, 12, 8, 6, 4])[0]
    d = card_digits(r, brand)
    g = CARD_BRANDS[brand][2]
    style = style or r.choices(["spaced", "plain", "dashed"], [60, 25, 15])[0]
    txt = {"spaced": group(d, g), "plain": d, "dashed": group(d, g, "-")}.get(style)
    if style == "mixed":  # people mix dashes and spaces; still the card
        parts = group(d, g).split(" ")
        txt = parts[0] + "-" + parts[1] + " " + " ".join(parts[2:]) if len(parts) > 3 else "-".join(parts[:2]) + " " + parts[2]
    if style == "dblspace":
        parts = group(d, g).split(" ")
        k = r.randrange(1, len(parts))
        txt = " ".join(parts[:k]) + "  " + " ".join(parts[k:])
    if style == "split":
        parts = group(d, g).split(" ")
        k = len(parts) // 2
        txt = " ".join(parts[:k]) + "\n" + " ".join(parts[k:])
    return V("CREDIT_CARD", txt, f"card.{brand}.{style}")


def card_typo(r, v):
    """A mistyped version of a card value (one digit changed) that fails Luhn."""
    while True:
        t = list(v.text)
        idx = [i for i, c in enumerate(t) if c.isdigit()]
        i = r.choice(idx[4:-1])
        t[i] = str((int(t[i]) + r.randint(1, 9)) % 10)
        s = "".join(t)
        if not luhn_ok(digits(s)):
            return N("card_typo_superseded", s)


def test_pan(r):
    d = r.choice(sorted(TEST_PANS))
    g = (4, 6, 5) if len(d) == 15 else ((4, 6, 4) if len(d) == 14 else (4, 4, 4, 4))
    return N("test_card", r.choice([group(d, g), d]))


def masked_card(r):
    last = rdig(r, 4)
    return N("masked_card", r.choice([f"**** **** **** {last}", f"XXXX-XXXX-XXXX-{last}", f"•••• {last}",
                                      f"************{last}", f"4***********{last}", f"ending in {last}"]))


def luhn_order(r):
    """16-digit order number that passes Luhn and is called an order number."""
    while True:
        d = luhn_complete(r.choice("789") + rdig(r, 14))
        if card_brand(d) is None:
            return N("luhn_order_number", d)


def card_expiry(r):
    m, y = r.randint(1, 12), r.randint(26, 31)
    return N("card_expiry", r.choice([f"{m:02d}/{y}", f"{m:02d}/20{y}", f"{m:02d}-{y}"]))


# ---- SSN / EIN / ITIN ------------------------------------------------------------------------------

def ssn_digits(r):
    while True:
        d = f"{r.randint(1, 899):03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
        if ssn_ok(d):
            return d


def ssn(r, style=None):
    d = ssn_digits(r)
    style = style or r.choices(["dash", "space", "plain"], [70, 15, 15])[0]
    return V("US_SSN", {"dash": f"{d[:3]}-{d[3:5]}-{d[5:]}", "space": f"{d[:3]} {d[3:5]} {d[5:]}", "plain": d}[style],
             f"ssn.{style}")


EIN_PREFIXES = ["01", "02", "03", "04", "05", "06", "10", "12", "13", "14", "16", "20", "21", "22", "23", "26", "27",
                "30", "32", "33", "35", "36", "37", "38", "39", "41", "42", "43", "45", "46", "47", "48", "51", "52",
                "54", "56", "57", "58", "59", "61", "62", "63", "64", "65", "71", "72", "73", "74", "75", "76", "77",
                "81", "82", "83", "84", "85", "86", "87", "88", "91", "92", "93", "94", "95", "98", "99"]


def ein(r):
    while True:
        d = r.choice(EIN_PREFIXES) + rdig(r, 7)
        if not aba_any(d):
            return N("ein", f"{d[:2]}-{d[2:]}")


def itin(r):
    while True:
        d = "9" + rdig(r, 2) + str(r.choice([70, 71, 72, 78, 80, 85, 88, 90, 92, 94])) + rdig(r, 4)
        if not aba_any(d):
            return N("itin", f"{d[:3]}-{d[3:5]}-{d[5:]}")


def ssn_invalid(r, kind="ssn_shaped_invalid"):
    while True:
        a = r.choice(["000", "666", "9" + rdig(r, 2)])
        g = r.choice(["00", f"{r.randint(1, 99):02d}"])
        d = a + g + rdig(r, 4)
        if not ssn_ok(d) and not aba_any(d):
            return N(kind, f"{d[:3]}-{d[3:5]}-{d[5:]}")


def masked_ssn(r):
    l4 = rdig(r, 4)
    return N("masked_ssn", r.choice([f"***-**-{l4}", f"XXX-XX-{l4}", f"xxx-xx-{l4}", f"•••-••-{l4}"]))


# ---- ABA / accounts ----------------------------------------------------------------------------------

def aba_digits(r):
    while True:
        p = r.choice(FED_PREFIXES) + rdig(r, 6)
        for c in "0123456789":
            if aba_ok(p + c):
                return p + c


def aba(r):
    d = aba_digits(r)
    return V("ABA_ROUTING_NUMBER", d, f"aba.fed{d[:2]}")


def acct_number(r, kind="bank_account_number"):
    n = r.choice([8, 9, 10, 11, 12, 13, 14])
    return N(kind, safe_num(r, n, "123456789"))


def aba_passing_ref(r):
    """A 9-digit confirmation number that passes ABA 3-7-1 with a Fed prefix (called a confirmation number)."""
    return N("aba_passing_ref", aba_digits(r))


def check_number(r):
    return N("check_number", safe_num(r, r.choice([4, 5, 6])))


# ---- IBAN ----------------------------------------------------------------------------------------------

DE_BLZ = ["10070000", "20050550", "50010517", "12030000", "43060967", "70150000", "76010085", "36050105",
          "25050180", "60050101", "30050110", "86055592"]
FR_BANK = ["30004", "30003", "20041", "30002", "10278", "16006", "17515", "30066"]
ES_BANK = [("2100", "0418"), ("0049", "1500"), ("0182", "2370"), ("0081", "0216"), ("2085", "0103"), ("0128", "9420")]
IT_ABI = ["03069", "02008", "05034", "03062", "01030", "06230"]
NL_BANK = ["ABNA", "INGB", "RABO", "TRIO", "SNSB", "ASNB", "KNAB"]
PT_BANK = ["0035", "0033", "0010", "0007", "0036", "0018"]
SE_BANK = ["500", "800", "600", "300", "957"]
GB_BANK = [("NWBK", "60"), ("BARC", "20"), ("LOYD", "30"), ("HBUK", "40"), ("MIDL", "40"), ("NAIA", "07")]
BE_BANK = ["001", "363", "735", "068", "143", "310"]
AT_BANK = ["20111", "12000", "14000", "32000", "60000"]
IE_BANK = [("AIBK", "93"), ("BOFI", "90"), ("IPBS", "99")]


def fr_rib_key(bank, branch, acct):
    return 97 - ((89 * int(bank) + 15 * int(branch) + 3 * int(acct)) % 97)


def es_dc(bank, branch, acct):
    w = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]

    def d(s):
        v = 11 - sum(int(c) * k for c, k in zip(s.rjust(10, "0"), w)) % 11
        return {10: 1, 11: 0}.get(v, v)
    return f"{d('00' + bank + branch)}{d(acct)}"


def bban(r, cc):
    if cc == "DE":
        return r.choice(DE_BLZ) + rdig(r, 10)
    if cc == "FR":
        b, g, a = r.choice(FR_BANK), rdig(r, 5), rdig(r, 11)
        return f"{b}{g}{a}{fr_rib_key(b, g, a):02d}"
    if cc == "ES":
        b, g = r.choice(ES_BANK)
        a = rdig(r, 10)
        return f"{b}{g}{es_dc(b, g, a)}{a}"
    if cc == "IT":
        return r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") + r.choice(IT_ABI) + rdig(r, 5) + rdig(r, 12)
    if cc == "NL":
        return r.choice(NL_BANK) + rdig(r, 10)
    if cc == "PT":
        return r.choice(PT_BANK) + rdig(r, 4) + rdig(r, 11) + rdig(r, 2)
    if cc == "SE":
        return r.choice(SE_BANK) + rdig(r, 17)
    if cc == "GB":
        b, s = r.choice(GB_BANK)
        return b + s + rdig(r, 4) + rdig(r, 8)
    if cc == "BE":
        x = r.choice(BE_BANK) + rdig(r, 7)
        k = int(x) % 97 or 97
        return f"{x}{k:02d}"
    if cc == "AT":
        return r.choice(AT_BANK) + rdig(r, 11)
    if cc == "IE":
        b, s = r.choice(IE_BANK)
        return b + s + rdig(r, 4) + rdig(r, 8)
    raise KeyError(cc)


def iban_compact(r, cc):
    return iban_make(cc, bban(r, cc))


def iban(r, cc, style=None):
    c = iban_compact(r, cc)
    style = style or r.choices(["spaced", "compact"], [65, 35])[0]
    sp = " ".join(c[i:i + 4] for i in range(0, len(c), 4))
    if style == "spaced":
        txt = sp
    elif style == "compact":
        txt = c
    elif style == "split":
        parts = sp.split(" ")
        k = len(parts) // 2
        txt = " ".join(parts[:k]) + "\n" + " ".join(parts[k:])
    elif style == "irregular":  # copied from an app that groups oddly; still the IBAN
        txt = c[:4] + " " + c[4:12] + " " + c[12:]
    else:
        raise KeyError(style)
    return V("IBAN_CODE", txt, f"iban.{cc.lower()}.{style}")


def iban_typo(r, v):
    while True:
        t = list(v.text)
        idx = [i for i, ch in enumerate(t) if ch.isdigit()][4:]
        i = r.choice(idx)
        t[i] = str((int(t[i]) + r.randint(1, 9)) % 10)
        s = "".join(t)
        if not iban_mod97(re.sub(r"\s", "", s)):
            return N("iban_typo_superseded", s)


def iban_bad(r, cc):
    while True:
        c = iban_compact(r, cc)
        c = c[:2] + f"{(int(c[2:4]) + r.randint(1, 90)) % 100:02d}" + c[4:]
        if not iban_mod97(c):
            return N("iban_bad_checksum", " ".join(c[i:i + 4] for i in range(0, len(c), 4)))


DOC_IBANS = ["DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32", "FR14 2004 1010 0505 0001 3M02 606",
             "NL91 ABNA 0417 1643 00", "ES91 2100 0418 4502 0005 1332", "IT60 X054 2811 1010 0000 0123 456",
             "BE68 5390 0754 7034", "AT61 1904 3002 3457 3201"]


def iban_doc_example(r):
    return N("iban_doc_example", r.choice(DOC_IBANS))


def masked_iban(r, cc):
    return N("masked_iban", r.choice([f"{cc}** **** **** **** {rdig(r, 4)} {rdig(r, 2)}", f"{cc}XX XXXX XXXX XXXX XX{rdig(r, 2)}",
                                      f"{cc}•• •••• •••• {rdig(r, 4)}"]))


BICS = ["DEUTDEFF", "COBADEFFXXX", "BNPAFRPP", "SOGEFRPPXXX", "CAIXESBB", "BSCHESMMXXX", "BCITITMM", "UNCRITMM",
        "ABNANL2A", "INGBNL2A", "RABONL2U", "CGDIPTPL", "BCOMPTPL", "ESSESESS", "HANDSESS", "NWBKGB2L", "BARCGB22",
        "GEBABEBB", "BKAUATWW", "AIBKIE2D"]


def bic(r):
    return N("swift_bic", r.choice(BICS))


def sort_code(r):
    return N("sort_code", f"{r.randint(10, 99)}-{r.randint(0, 99):02d}-{r.randint(0, 99):02d}")


def uk_account(r):
    return N("uk_account_number", safe_num(r, 8))


# ---- phones ----------------------------------------------------------------------------------------------

US_AREAS = ["212", "303", "415", "512", "617", "704", "813", "919", "206", "312", "404", "480", "503", "602",
            "702", "763", "847", "910", "971", "614", "215", "248", "330", "470", "608", "720", "860", "952"]


def _exch(r):
    while True:
        e = f"{r.randint(2, 9)}{r.randint(0, 9)}{r.randint(0, 9)}"
        if e[1:] != "11" and e != "555":
            return e


def phone(r, region, style=None):
    if region == "US":
        a, e, n = r.choice(US_AREAS), _exch(r), rdig(r, 4)
        forms = {"paren": f"({a}) {e}-{n}", "dash": f"{a}-{e}-{n}", "dot": f"{a}.{e}.{n}", "e164sp": f"+1 {a} {e} {n}",
                 "e164": f"+1{a}{e}{n}", "one_dash": f"1-{a}-{e}-{n}", "paren_tight": f"({a}){e}-{n}",
                 "e164paren": f"+1 ({a}) {e}-{n}", "mixed": f"({a}) {e} {n}", "compact": f"{a}{e}{n}"}
        w = {"paren": 30, "dash": 25, "dot": 8, "e164sp": 8, "e164": 5, "one_dash": 5, "paren_tight": 5,
             "e164paren": 6, "mixed": 5, "compact": 3}
    elif region == "GB":
        forms = {"london": f"020 {r.randint(3, 8)}{rdig(r, 3)} {rdig(r, 4)}",
                 "geo": f"0{r.choice(['113', '114', '117', '121', '131', '141', '151', '161', '191'])} {r.randint(2, 9)}{rdig(r, 2)} {rdig(r, 4)}",
                 "mobile": f"07{r.choice('3456789')}{rdig(r, 2)} {rdig(r, 6)}",
                 "intl_mobile": f"+44 7{r.choice('3456789')}{rdig(r, 2)} {rdig(r, 6)}",
                 "intl_london": f"+44 (0)20 {r.randint(3, 8)}{rdig(r, 3)} {rdig(r, 4)}",
                 "nhs_geo": f"01{r.randint(200, 999)} {rdig(r, 6)}"}
        w = {k: 1 for k in forms}
    elif region == "DE":
        forms = {"mobile": f"0{r.choice(['151', '160', '170', '171', '176', '152'])} {r.randint(1, 9)}{rdig(r, 6)}",
                 "intl": f"+49 {r.choice(['30', '89', '40', '221', '69'])} {r.randint(2, 9)}{rdig(r, 6)}",
                 "slash": f"0{r.choice(['30', '89', '40', '221', '69'])} / {r.randint(2, 9)}{rdig(r, 2)} {rdig(r, 2)} {rdig(r, 2)}",
                 "intl_mobile": f"+49 {r.choice(['151', '160', '170', '176'])} {r.randint(1, 9)}{rdig(r, 7)}",
                 "dash": f"0{r.choice(['30', '89', '711', '351'])}-{r.randint(2, 9)}{rdig(r, 6)}"}
        w = {k: 1 for k in forms}
    elif region == "FR":
        pairs = " ".join(rdig(r, 2) for _ in range(4))
        forms = {"nat": f"0{r.choice('1234567')} {pairs}", "intl": f"+33 {r.choice('1234567')} {pairs}",
                 "intl0": f"+33 (0){r.choice('167')} {pairs}", "dots": f"0{r.choice('167')}.{pairs.replace(' ', '.')}"}
        w = {k: 1 for k in forms}
    elif region == "ES":
        forms = {"mobile": f"6{rdig(r, 2)} {rdig(r, 3)} {rdig(r, 3)}", "intl": f"+34 6{rdig(r, 2)} {rdig(r, 3)} {rdig(r, 3)}",
                 "madrid": f"91 {rdig(r, 3)} {rdig(r, 2)} {rdig(r, 2)}", "intl_land": f"+34 93 {rdig(r, 3)} {rdig(r, 2)} {rdig(r, 2)}"}
        w = {k: 1 for k in forms}
    elif region == "IT":
        forms = {"mobile": f"3{r.choice('2345')}{rdig(r, 1)} {rdig(r, 3)} {rdig(r, 4)}",
                 "intl": f"+39 3{r.choice('2345')}{rdig(r, 1)} {rdig(r, 3)} {rdig(r, 4)}",
                 "milano": f"02 {rdig(r, 4)} {rdig(r, 4)}", "roma": f"+39 06 {rdig(r, 4)} {rdig(r, 4)}"}
        w = {k: 1 for k in forms}
    elif region == "NL":
        forms = {"mobile": f"06-{r.randint(1, 9)}{rdig(r, 7)}", "intl": f"+31 6 {r.randint(1, 9)}{rdig(r, 3)} {rdig(r, 4)}",
                 "ams": f"020-{r.randint(2, 9)}{rdig(r, 2)} {rdig(r, 4)}", "intl_land": f"+31 (0)10 {r.randint(2, 9)}{rdig(r, 2)} {rdig(r, 4)}"}
        w = {k: 1 for k in forms}
    elif region == "PT":
        forms = {"mobile": f"9{r.choice('1236')}{rdig(r, 1)} {rdig(r, 3)} {rdig(r, 3)}",
                 "intl": f"+351 9{r.choice('1236')}{rdig(r, 1)} {rdig(r, 3)} {rdig(r, 3)}",
                 "lisboa": f"21{rdig(r, 1)} {rdig(r, 3)} {rdig(r, 3)}"}
        w = {k: 1 for k in forms}
    elif region == "SE":
        forms = {"mobile": f"07{r.choice('0236')}-{rdig(r, 3)} {rdig(r, 2)} {rdig(r, 2)}",
                 "intl": f"+46 7{r.choice('0236')} {rdig(r, 3)} {rdig(r, 2)} {rdig(r, 2)}",
                 "sthlm": f"08-{rdig(r, 3)} {rdig(r, 3)} {rdig(r, 2)}"}
        w = {k: 1 for k in forms}
    else:
        raise KeyError(region)
    if style is None or style not in forms:
        style = r.choices(list(forms), [w[k] for k in forms])[0]
    txt = forms[style]
    if accidental(digits(txt)) and style in ("compact", "e164"):
        return phone(r, region, style)
    return V("PHONE_NUMBER", txt, f"phone.{region.lower()}.{style}")


def masked_phone(r):
    return N("masked_phone", r.choice([f"(***) ***-{rdig(r, 4)}", f"+1 ••• ••• {rdig(r, 4)}", f"07*** ***{rdig(r, 3)}",
                                       f"XXX-XXX-{rdig(r, 4)}", f"+49 *** ****{rdig(r, 3)}"]))


def phone_shaped_case(r):
    while True:
        d = f"{r.randint(2, 9)}{rdig(r, 2)}{r.randint(2, 9)}{rdig(r, 6)}"
        if accidental(d) is None:
            return N("phone_shaped_case_number", f"{d[:3]}-{d[3:6]}-{d[6:]}")


# ---- names, e-mail -------------------------------------------------------------------------------------

FIRST = {
    "US": ["Marisol", "Devon", "Priya", "Tobias", "Keisha", "Anders", "Corbin", "Imani", "Wesley", "Rosalind", "Hakeem",
           "Bettina", "Quentin", "Noor", "Gideon", "Lorena", "Dashiell", "Yusuf", "Camille", "Everett", "Tamsin", "Rohan",
           "Delia", "Jarrett", "Maribel", "Octavia", "Silas", "Wren", "Thaddeus", "Leilani", "Brennan", "Ximena"],
    "GB": ["Imogen", "Callum", "Niamh", "Rhys", "Phoebe", "Declan", "Harriet", "Aled", "Saoirse", "Fergus", "Tilly",
           "Ravi", "Bronwen", "Eilidh", "Ollie", "Zara", "Gethin", "Maisie"],
    "DE": ["Jörg", "Anneliese", "Lukas", "Friederike", "Matthias", "Svenja", "Dietmar", "Käthe", "Till", "Margarete", "Björn", "Ilka"],
    "FR": ["Hélène", "Mathéo", "Solène", "Benoît", "Anaïs", "Loïc", "Clémence", "Gaëtan", "Maëlle", "Jérôme", "Océane", "Thibault"],
    "ES": ["José", "Almudena", "Iñaki", "Nuria", "Íñigo", "Begoña", "Raúl", "Lucía", "Joaquín", "Rocío", "Álvaro", "Inés"],
    "IT": ["Niccolò", "Ludovica", "Gianluca", "Benedetta", "Raffaele", "Chiara", "Ettore", "Ilaria", "Tommaso", "Gaia", "Saverio", "Noemi"],
    "NL": ["Sanne", "Joost", "Femke", "Maarten", "Lieke", "Bram", "Ilse", "Thijs", "Marloes", "Sjoerd", "Noor", "Gijs"],
    "PT": ["João", "Inês", "Gonçalo", "Leonor", "Tiago", "Beatriz", "Rúben", "Matilde", "Duarte", "Carolina", "Simão", "Mafalda"],
    "SE": ["Åsa", "Björn", "Linnéa", "Håkan", "Elin", "Göran", "Maja", "Oskar", "Ingrid", "Pär", "Sigrid", "Måns"],
}
LAST = {
    "US": ["Okafor", "Lindqvist", "Barraza", "Whitcomb", "Nakagawa", "Pemberton", "Achebe", "Castellano", "Drummond",
           "Halvorsen", "Jablonski", "Kaczmarek", "Lachance", "Northcott", "Oyelaran", "Prentice", "Quintero", "Rasmussen",
           "Szabo", "Thistlewood", "Underhill", "Varga", "Wainwright", "Yilmaz", "Zielinski", "Mbatha", "Ferrante", "Gallagher",
           "Hollis", "Ibarra", "Kowalczyk", "Delacroix", "Abernathy", "Bui", "Chaudhry", "Esposito"],
    "GB": ["Pritchard", "Atherton", "McAllister", "Holloway", "Fairweather", "Cadwallader", "Ogunleye", "Thorne", "Rowntree",
           "Blackwood", "Kavanagh", "Lloyd-Jones", "Moorcroft", "Patel", "Sinclair", "Whitaker"],
    "DE": ["Brückner", "Schäfer", "Höfler", "Weiß", "Kühn", "Lorenz", "Vogelsang", "Grünewald", "Baumgärtner", "Oßwald", "Reuter", "Sauer"],
    "FR": ["Lefèvre", "Gauthier", "Bérenger", "Moreau", "Chevalier", "Dupré", "Mercier", "Lacroix", "Rousseau", "Faure", "Girard", "Perrin"],
    "ES": ["Núñez", "Ibáñez", "Castaño", "Ortega", "Peña", "Serrano", "Muñoz", "Domínguez", "Vidal", "Carrasco", "Gil", "Herrero"],
    "IT": ["Bianchi", "Ferraro", "Galli", "Colombo", "Marchetti", "De Luca", "Fontana", "Rinaldi", "Caruso", "Barbieri", "Greco", "Santoro"],
    "NL": ["de Groot", "van Dijk", "Bakker", "Visser", "Smit", "Mulder", "de Vries", "van Leeuwen", "Dekker", "Brouwer", "Kok", "Jansen"],
    "PT": ["Gonçalves", "Magalhães", "Rodrigues", "Simões", "Lourenço", "Antunes", "Figueiredo", "Correia", "Pinto", "Araújo", "Sá", "Teixeira"],
    "SE": ["Lindström", "Ekström", "Sjöberg", "Åkesson", "Nyström", "Bergqvist", "Håkansson", "Lundgren", "Öberg", "Wikström", "Holm", "Dahl"],
}
WEBMAIL = {
    "US": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "proton.me", "aol.com", "hotmail.com", "comcast.net"],
    "GB": ["gmail.com", "btinternet.com", "hotmail.co.uk", "outlook.com", "sky.com", "yahoo.co.uk", "nhs.net"],
    "DE": ["web.de", "gmx.de", "t-online.de", "posteo.de", "gmail.com"],
    "FR": ["orange.fr", "free.fr", "laposte.net", "sfr.fr", "gmail.com"],
    "ES": ["hotmail.es", "gmail.com", "telefonica.net", "yahoo.es"],
    "IT": ["libero.it", "virgilio.it", "tiscali.it", "gmail.com"],
    "NL": ["ziggo.nl", "kpnmail.nl", "xs4all.nl", "gmail.com"],
    "PT": ["sapo.pt", "gmail.com", "netcabo.pt"],
    "SE": ["telia.com", "gmail.com", "bredband.net"],
}
CORP_DOMAINS = ["harbortoast.com", "quillfern.io", "mossgate-dental.com", "bluepeak-ortho.org", "kettlewing.co",
                "ravenmoor.net", "lanternfish.app", "copperleafhealth.com", "tidewater-rx.com", "northbridgepay.com",
                "gravelbird.io", "sablecrest.org", "ambervale-clinic.com", "fennwick.co.uk", "orchardline.de",
                "brisemarine.fr", "solanapiedra.es", "collineverde.it", "duinzicht.nl", "ribeirafina.pt", "fjallvik.se",
                "pinegrovefamilymed.com", "westlakeimaging.com", "cobaltridge.io", "meridianhr.com", "telsonwireless.com"]
VENDORS = [("Plinthwork", "plinthwork.com"), ("Ledgerloom", "ledgerloom.io"), ("Carrowly", "carrowly.com"),
           ("Hearthline", "hearthline.io"), ("Stackmoor", "stackmoor.dev"), ("Tessaly", "tessaly.com"),
           ("Quaywise", "quaywise.net"), ("Parcelroo", "parcelroo.app"), ("Medivault", "medivault.io"),
           ("Brightlane", "brightlane.app")]


def ascii_fold(s):
    s = s.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("æ", "ae").replace("ł", "l")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def email_for(r, first, last, domain, style=None):
    f = re.sub(r"[^a-z]", "", ascii_fold(first).lower())
    l = re.sub(r"[^a-z]", "", ascii_fold(last).lower())
    style = style or r.choice(["first.last", "flast", "first", "first_last", "firstl", "first.last+tag", "lastf", "first.last.num"])
    loc = {"first.last": f"{f}.{l}", "flast": f"{f[0]}{l}", "first": f, "first_last": f"{f}_{l}", "firstl": f"{f}{l[0]}",
           "first.last+tag": f"{f}.{l}+{r.choice(['billing', 'support', 'work', 'rx', 'orders'])}",
           "lastf": f"{l}.{f[0]}", "first.last.num": f"{f}.{l}{r.randint(2, 98)}"}[style]
    return V("EMAIL_ADDRESS", f"{loc}@{domain}", f"email.{style}")


def role_email(r, domain):
    loc = r.choice(["billing", "support", "accounts", "payroll", "it-admin", "frontdesk", "claims", "returns",
                    "refunds", "security", "noc", "ap", "helpdesk", "pharmacy"])
    return V("EMAIL_ADDRESS", f"{loc}@{domain}", "email.role")


def masked_email(r, first, domain):
    f = ascii_fold(first).lower()
    return N("masked_email", r.choice([f"{f[0]}***@{domain}", f"{f[:2]}•••••@{domain}", f"{f[0]}{'*' * 5}{f[-1]}@{domain}"]))


def placeholder_email(r):
    return N("placeholder_email", r.choice(["name@example.com", "you@yourcompany.com", "user@example.org", "jane.doe@example.com",
                                            "firstname.lastname@company.com"]))


# ---- IPs -------------------------------------------------------------------------------------------------

def _pub_ip(r):
    while True:
        a = ipaddress.IPv4Address(r.randint(0x01000000, 0xDFFFFFFF))
        if a.is_global and not a.is_multicast and str(a).split(".")[0] not in ("0", "127"):
            return str(a)


def ip(r, kind=None):
    kind = kind or r.choices(["pub", "priv10", "priv192", "priv172", "v6", "v6ula"], [45, 18, 12, 8, 12, 5])[0]
    if kind == "pub":
        t = _pub_ip(r)
    elif kind == "priv10":
        t = f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    elif kind == "priv192":
        t = f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}"
    elif kind == "priv172":
        t = f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    elif kind == "v6":
        pre = r.choice(["2a02:8108", "2600:1700", "2001:4860", "2a01:cb00", "2603:3024", "2c0f:f248", "2a00:23c8"])
        t = pre + ":" + ":".join(f"{r.randint(0, 0xffff):x}" for _ in range(6))
        if r.random() < 0.4:
            parts = t.split(":")
            t = ":".join(parts[:4]) + "::" + ":".join(parts[6:])
    else:
        t = f"fd{r.randint(0, 255):02x}:{r.randint(0, 0xffff):x}:{r.randint(0, 0xffff):x}::{r.randint(1, 0xfff):x}"
    return V("IP_ADDRESS", t, f"ip.{kind}")


def ip_valid(t):
    try:
        a = ipaddress.ip_address(t)
    except ValueError:
        return False
    if a.version == 4:
        return not (a.is_loopback or a.is_reserved or a.is_link_local or a.is_multicast or a.is_unspecified
                    or str(a).startswith(("192.0.2.", "198.51.100.", "203.0.113.")))
    return not (a.is_loopback or a.is_link_local or a.is_multicast or str(a).startswith("2001:db8"))


def version4(r):
    return N("version_string", f"{r.randint(1, 24)}.{r.randint(0, 40)}.{r.randint(0, 30)}.{r.randint(100, 9999)}")


def oid(r):
    return N("oid", r.choice(["1.3.6.1.4.1.", "2.16.840.1.113883.", "1.2.840.113549.1.", "2.5.4."]) +
             ".".join(str(r.randint(1, 40)) for _ in range(r.randint(1, 3))))


def mac(r):
    sep = r.choice([":", "-"])
    return N("mac_address", sep.join(f"{r.randint(0, 255):02X}" for _ in range(6)))


def netmask(r):
    return N("netmask", r.choice(["255.255.255.0", "255.255.0.0", "255.255.252.0", "255.255.255.128", "255.255.240.0"]))


def bad_octet_ip(r):
    o = [r.randint(1, 223), r.randint(0, 255), r.randint(0, 255), r.randint(0, 255)]
    o[r.randrange(4)] = r.randint(256, 999)
    return N("ip_bad_octet", ".".join(map(str, o)))


def masked_ip(r):
    return N("masked_ip", r.choice([f"10.{r.randint(0, 255)}.x.x", f"{r.randint(20, 200)}.{r.randint(0, 255)}.***.***",
                                    f"192.168.{r.randint(0, 9)}.xxx", f"{r.randint(20, 200)}.xxx.xxx.{r.randint(1, 254)}"]))


# ---- medical ---------------------------------------------------------------------------------------------

def mrn(r, style=None):
    style = style or r.choice(["d7", "d8", "d8z", "d6", "d10", "pre"])
    if style == "d7":
        t = rdig(r, 7, "123456789")
    elif style == "d8":
        t = rdig(r, 8, "123456789")
    elif style == "d8z":
        t = "00" + rdig(r, 6, "123456789")
    elif style == "d6":
        t = rdig(r, 6, "123456789")
    elif style == "d10":
        t = safe_num(r, 10)
    else:
        t = r.choice(["M", "E", "MR", "H"]) + rdig(r, 7, "123456789")
    return V("MEDICAL_RECORD_NUMBER", t, f"mrn.{style}")


def npi_digits(r):
    while True:
        p = r.choice("12") + rdig(r, 8)
        for c in "0123456789":
            if npi_ok(p + c):
                return p + c


def npi(r):
    return V("US_NPI", npi_digits(r), "npi.plain")


def npi_fail_ref(r, kind="npi_shaped_fail"):
    while True:
        d = r.choice("12") + rdig(r, 9)
        if accidental(d) is None:
            return N(kind, d)


def npi_passing_ref(r):
    return N("npi_passing_ref", npi_digits(r))


def nhs_digits(r):
    while True:
        d9 = r.choice("467") + rdig(r, 8)
        c = nhs_check_digit(d9)
        if c is not None:
            d = d9 + str(c)
            if not npi_ok(d) and not luhn_ok("80840" + d):
                return d


def nhs(r, style=None):
    d = nhs_digits(r)
    style = style or r.choices(["spaced", "compact", "dashed"], [60, 25, 15])[0]
    return V("UK_NHS", {"spaced": f"{d[:3]} {d[3:6]} {d[6:]}", "compact": d, "dashed": f"{d[:3]}-{d[3:6]}-{d[6:]}"}[style],
             f"nhs.{style}")


def nhs_fail(r, kind="nhs_shaped_fail"):
    while True:
        d = r.choice("3456789") + rdig(r, 9)
        if not nhs_ok(d) and accidental(d) is None:
            return N(kind, f"{d[:3]} {d[3:6]} {d[6:]}")


def nhs_typo(r, v):
    while True:
        t = list(v.text)
        idx = [i for i, c in enumerate(t) if c.isdigit()]
        i = r.choice(idx)
        t[i] = str((int(t[i]) + r.randint(1, 9)) % 10)
        s = "".join(t)
        if not nhs_ok(digits(s)) and accidental(digits(s)) is None:
            return N("nhs_typo_superseded", s)


def dea(r, surname):
    first = r.choice(DEA_FIRST)
    second = ascii_fold(surname).replace(" ", "").replace("-", "")[0].upper()
    d6 = rdig(r, 6)
    return V("US_DEA", f"{first}{second}{d6}{dea_check(d6)}", f"dea.{first.lower()}x")


def dea_fail(r, surname):
    first = r.choice(DEA_FIRST)
    second = ascii_fold(surname)[0].upper()
    d6 = rdig(r, 6)
    bad = str((int(dea_check(d6)) + r.randint(1, 9)) % 10)
    return N("dea_checksum_fail", f"{first}{second}{d6}{bad}")


def ods_code(r):
    return N("ods_practice_code", r.choice("ABCDEFGHJKLMNPY") + rdig(r, 5))


def ubrn(r):
    return N("ers_ubrn", " ".join([rdig(r, 4, "123456789"), rdig(r, 4), rdig(r, 4)]))


def taxonomy(r):
    return N("taxonomy_code", r.choice(["207Q00000X", "208D00000X", "207R00000X", "183500000X", "363L00000X", "1223G0001X",
                                        "2084P0800X", "207RC0000X"]))


def ndc(r):
    return N("ndc_code", f"{rdig(r, 5)}-{rdig(r, 4)}-{rdig(r, 2)}")


def rx_number(r):
    return N("rx_number", safe_num(r, r.choice([7, 8])))


def member_id(r):
    return N("member_id", r.choice(["W", "XEH", "ZGP", "YMA", "JQU", "H"]) + safe_num(r, 9))


def claim_no(r):
    return N("claim_number", r.choice(["CLM-", "", "C"]) + safe_num(r, r.choice([11, 12])))


def group_no(r):
    return N("group_number", r.choice(["GRP-", "G", ""]) + rdig(r, 6, "123456789"))


def encounter_no(r):
    return N("encounter_number", r.choice(["ENC", "V", "FIN "]) + safe_num(r, 8))


def accession(r):
    return N("accession_number", r.choice(["S25-", "LAB-", "AC"]) + rdig(r, 6))


def appt_id(r):
    return N("appointment_id", "APT-" + rdig(r, 7))


def clia(r):
    return N("clia_number", f"{r.randint(10, 52)}D{rdig(r, 7)}")


# ---- dates -----------------------------------------------------------------------------------------------

def _ymd(r, y0, y1):
    y = r.randint(y0, y1)
    m = r.randint(1, 12)
    d = r.randint(1, 28)
    return y, m, d


def date_text(r, lang, y, m, d, style=None):
    if lang == "en-US":
        forms = {"us": f"{m:02d}/{d:02d}/{y}", "us_short": f"{m}/{d}/{y}", "iso": f"{y}-{m:02d}-{d:02d}",
                 "long": f"{MONTHS_EN[m - 1]} {d}, {y}", "abbr": f"{MONTHS_EN[m - 1][:3]} {d} {y}", "us_dash": f"{m:02d}-{d:02d}-{y}"}
    elif lang == "en-GB":
        forms = {"uk": f"{d:02d}/{m:02d}/{y}", "long": f"{d} {MONTHS_EN[m - 1]} {y}", "abbr": f"{d:02d}-{MONTHS_EN[m - 1][:3]}-{y}",
                 "iso": f"{y}-{m:02d}-{d:02d}", "uk_dot": f"{d:02d}.{m:02d}.{y}"}
    elif lang == "de":
        forms = {"dot": f"{d:02d}.{m:02d}.{y}", "long": f"{d}. {MONTHS['de'][m - 1]} {y}", "dot_short": f"{d}.{m}.{y}"}
    elif lang == "sv":
        forms = {"iso": f"{y}-{m:02d}-{d:02d}", "long": f"{d} {MONTHS['sv'][m - 1]} {y}"}
    elif lang == "nl":
        forms = {"dash": f"{d:02d}-{m:02d}-{y}", "long": f"{d} {MONTHS['nl'][m - 1]} {y}"}
    elif lang in ("es", "pt"):
        forms = {"slash": f"{d:02d}/{m:02d}/{y}", "long": f"{d} de {MONTHS[lang][m - 1]} de {y}"}
    else:  # fr, it
        forms = {"slash": f"{d:02d}/{m:02d}/{y}", "long": f"{d} {MONTHS[lang][m - 1]} {y}"}
    style = style if style in forms else r.choice(list(forms))
    return forms[style], style


def dob(r, lang, style=None):
    y, m, d = _ymd(r, 1938, 2007)
    t, st = date_text(r, lang, y, m, d, style)
    return V("DATE_OF_BIRTH", t, f"dob.{st}")


def other_date(r, lang, kind, style=None):
    y, m, d = _ymd(r, 2024, 2026)
    t, _ = date_text(r, lang, y, m, d, style)
    return N(kind, t)


def ts_iso(r):
    y, m, d = _ymd(r, 2025, 2026)
    return N("timestamp", f"{y}-{m:02d}-{d:02d}T{r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}"
             + r.choice(["Z", ".{:03d}Z".format(r.randint(0, 999)), "+00:00", "+01:00"]))


def ts_log(r):
    y, m, d = _ymd(r, 2025, 2026)
    return N("timestamp", f"{y}-{m:02d}-{d:02d} {r.randint(0, 23):02d}:{r.randint(0, 59):02d}:{r.randint(0, 59):02d}")


def ts_epoch(r):
    while True:
        t = str(r.randint(1735689600, 1798761600)) + r.choice(["", rdig(r, 3)])
        if accidental(t) is None:
            return N("epoch_timestamp", t)


# ---- secrets ----------------------------------------------------------------------------------------------

B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def aws_key(r, pre=None):
    pre = pre or r.choices(["AKIA", "ASIA"], [75, 25])[0]
    while True:
        t = pre + "".join(r.choice(B32) for _ in range(16))
        if "EXAMPLE" not in t:
            return V("AWS_ACCESS_KEY", t, f"aws.{pre.lower()}")


def aws_secret(r):
    return N("aws_secret_key", "".join(r.choice(ALNUM + "/+") for _ in range(40)))


def aws_account(r):
    return N("aws_account_id", safe_num(r, 12))


def aws_example(r):
    return N("aws_example_key", r.choice(["AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE"]))


def aws_role_id(r):
    return N("aws_role_id", r.choice(["AROA", "AIDA", "ANPA"]) + "".join(r.choice(B32) for _ in range(17)))


def aws_masked(r):
    return N("aws_masked_key", "AKIA" + "*" * 12 + "".join(r.choice(B32) for _ in range(4)))


def gh_token(r, pre=None):
    pre = pre or r.choices(["ghp", "gho", "ghs", "ghu", "ghr", "pat"], [40, 12, 18, 8, 6, 16])[0]
    if pre == "pat":
        t = "github_pat_11" + "".join(r.choice(B32[:26] + "0123456789") for _ in range(20)) + "_" + \
            "".join(r.choice(ALNUM) for _ in range(59))
    else:
        body = "".join(r.choice(ALNUM) for _ in range(30))
        t = f"{pre}_{body}{b62(zlib.crc32(body.encode()) & 0xFFFFFFFF)}"
    return V("GITHUB_TOKEN", t, f"gh.{pre}")


def gh_bad(r):
    while True:
        body = "".join(r.choice(ALNUM) for _ in range(36))
        t = f"{r.choice(['ghp', 'ghs', 'gho'])}_{body}"
        if not gh_ok(t):
            return N("gh_checksum_fail", t)


def git_sha(r, short=False):
    return N("git_sha_short" if short else "git_sha", "".join(r.choice("0123456789abcdef") for _ in range(7 if short else 40)))


def gitlab_token(r):
    return N("gitlab_token", "glpat-" + "".join(r.choice(ALNUM + "-_") for _ in range(20)))


def npm_token(r):
    return N("npm_token", "npm_" + "".join(r.choice(ALNUM) for _ in range(36)))


def hexstr(r, n):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def uuid(r):
    h = hexstr(r, 32)
    return N("uuid", f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{r.choice('89ab')}{h[17:20]}-{h[20:]}")


def sha256(r):
    return N("sha256_hash", hexstr(r, 64))


def _pem_body(raw, width=64):
    b = base64.b64encode(raw).decode()
    return "\n".join(b[i:i + width] for i in range(0, len(b), width))


def _rb(r, n):
    return bytes(r.randrange(256) for _ in range(n))


def pem_key(r, kind=None):
    kind = kind or r.choice(["rsa", "pkcs8", "ec", "openssh", "ed25519", "encrypted"])
    if kind == "rsa":
        raw = bytes.fromhex("308204a40201000282010100") + _rb(r, 1180)
        t = "-----BEGIN RSA PRIVATE KEY-----\n" + _pem_body(raw) + "\n-----END RSA PRIVATE KEY-----"
    elif kind == "pkcs8":
        raw = bytes.fromhex("308204be020100300d06092a864886f70d0101010500048204a8308204a40201000282010100") + _rb(r, 1180)
        t = "-----BEGIN PRIVATE KEY-----\n" + _pem_body(raw) + "\n-----END PRIVATE KEY-----"
    elif kind == "ec":
        raw = bytes.fromhex("30770201010420") + _rb(r, 32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200") + b"\x04" + _rb(r, 64)
        t = "-----BEGIN EC PRIVATE KEY-----\n" + _pem_body(raw) + "\n-----END EC PRIVATE KEY-----"
    elif kind == "ed25519":
        raw = bytes.fromhex("302e020100300506032b657004220420") + _rb(r, 32)
        t = "-----BEGIN PRIVATE KEY-----\n" + _pem_body(raw) + "\n-----END PRIVATE KEY-----"
    elif kind == "encrypted":
        raw = bytes.fromhex("308205") + _rb(r, 1300)
        t = "-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + _pem_body(raw) + "\n-----END ENCRYPTED PRIVATE KEY-----"
    else:
        raw = b"openssh-key-v1\x00\x00\x00\x00\x04none\x00\x00\x00\x04none\x00\x00\x00\x00\x00\x00\x00\x01\x00\x00\x003" \
              b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + _rb(r, 32) + _rb(r, 230)
        t = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + _pem_body(raw, 70) + "\n-----END OPENSSH PRIVATE KEY-----"
    return V("PRIVATE_KEY", t, f"pkey.{kind}")


def pem_ok(t):
    m = re.fullmatch(r"-----BEGIN ((?:RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY)-----\n([A-Za-z0-9+/=\n]+)\n-----END \1-----", t)
    if not m:
        return False
    try:
        base64.b64decode(m.group(2).replace("\n", ""), validate=True)
    except (binascii.Error, ValueError):
        return False
    return True


def cert_block(r):
    raw = bytes.fromhex("308203") + _rb(r, 600)
    return N("certificate_block", "-----BEGIN CERTIFICATE-----\n" + _pem_body(raw) + "\n-----END CERTIFICATE-----")


def pubkey_block(r):
    raw = bytes.fromhex("30820122300d06092a864886f70d01010105000382010f00") + _rb(r, 270)
    return N("public_key_block", "-----BEGIN PUBLIC KEY-----\n" + _pem_body(raw) + "\n-----END PUBLIC KEY-----")


def ssh_pub(r, who):
    raw = b"\x00\x00\x00\x0bssh-ed25519\x00\x00\x00 " + _rb(r, 32)
    return N("ssh_public_key", "ssh-ed25519 " + base64.b64encode(raw).decode() + " " + who)


def redacted_key(r):
    k = r.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY"])
    return N("redacted_private_key", f"-----BEGIN {k}-----\n{r.choice(['[REDACTED]', '...snip...', '<removed by agent>', '(key body removed)'])}\n-----END {k}-----")


def ssh_fp(r):
    return N("ssh_fingerprint", "SHA256:" + base64.b64encode(_rb(r, 32)).decode().rstrip("="))


# ---- generic references ---------------------------------------------------------------------------------

def order_no(r):
    return N("order_number", r.choice(["#", "", "ORD-", "SO"]) + safe_num(r, r.choice([6, 7, 8, 9, 10, 12])))


def invoice_no(r):
    return N("invoice_number", r.choice(["INV-", "INV", "F", "RE-"]) + str(r.randint(2024, 2026)) + "-" + rdig(r, 5))


def ticket_ref(r):
    return N("ticket_ref", r.choice(["#", "CS-", "SR-", "CASE-", "TKT-"]) + safe_num(r, r.choice([5, 6, 7, 8])))


def tracking_no(r):
    c = r.choice(["ups", "usps", "fedex", "dhl", "royalmail"])
    if c == "ups":
        t = "1Z" + "".join(r.choice("0123456789ABCDEFGHJKLMNPRSTUVWXY") for _ in range(6)) + rdig(r, 10)
    elif c == "usps":
        t = "9400 " + " ".join(rdig(r, 4) for _ in range(4)) + " " + rdig(r, 2)
    elif c == "fedex":
        t = safe_num(r, 12)
    elif c == "dhl":
        t = "JJD" + rdig(r, 18)
    else:
        t = "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(2)) + rdig(r, 9) + "GB"
    return N("tracking_number", t)


def amount(r, cur="$"):
    v = f"{r.randint(5, 4800)}.{r.randint(0, 99):02d}"
    if cur == "$":
        return N("amount", "$" + (f"{int(float(v)):,}" + v[-3:] if float(v) >= 1000 else v))
    if cur == "£":
        return N("amount", "£" + v)
    return N("amount", v.replace(".", ",") + " €")


def sku(r):
    return N("sku", r.choice(["SKU ", "", "ART-"]) + "".join(r.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(3)) + "-" + rdig(r, 4) + "-" + r.choice(["BLK", "WHT", "S", "M", "L", "XL", "NVY"]))


def ean13(r):
    while True:
        p = r.choice(["40", "50", "76", "80", "84", "87", "73", "56"]) + rdig(r, 10)
        s = sum(int(c) * (3 if i % 2 else 1) for i, c in enumerate(p))
        d = p + str((10 - s % 10) % 10)
        if not luhn_ok(d):
            return N("ean13_barcode", d)


def upc(r):
    p = "0" + rdig(r, 10)
    s = sum(int(c) * (3 if i % 2 == 0 else 1) for i, c in enumerate(p))
    return N("upc_barcode", p + str((10 - s % 10) % 10))


def imei(r):
    """IMEI: 15 digits, passes Luhn (as real IMEIs do), called an IMEI."""
    d = luhn_complete(r.choice(["35", "86", "01", "49"]) + rdig(r, 12))
    return N("imei", r.choice([d, f"{d[:2]}-{d[2:8]}-{d[8:14]}-{d[14]}", f"{d[:2]} {d[2:8]} {d[8:14]} {d[14]}"]))


def iccid(r):
    """SIM ICCID: 19 digits starting 89, passes Luhn, called a SIM/ICCID."""
    return N("iccid", luhn_complete("89" + r.choice(["1", "4", "3"]) + rdig(r, 15)))


def zip_us(r):
    z = safe_num(r, 9)
    return N("postcode", r.choice([z[:5], z[:5] + "-" + z[5:]]))


def postcode_uk(r):
    return N("postcode", r.choice(["SW1A", "M14", "LS6", "BS8", "EH3", "CF10", "NE1", "B15", "G12", "L8"]) + " " +
             str(r.randint(1, 9)) + "".join(r.choice("ABDEFGHJLNPQRSTUWXYZ") for _ in range(2)))


def employee_id(r):
    return N("employee_id", r.choice(["E", "EMP-", "", "W"]) + safe_num(r, r.choice([5, 6, 7])))


def rma(r):
    return N("rma_number", "RMA-" + rdig(r, 6, "123456789"))


def otp(r):
    return N("one_time_code", rdig(r, 6))


def port_pin(r):
    return N("account_pin", rdig(r, r.choice([4, 6])))


def vat_id(r, cc):
    if cc == "DE":
        return N("vat_id", "DE" + safe_num(r, 9))
    if cc == "FR":
        return N("vat_id", "FR" + rdig(r, 2) + safe_num(r, 9))
    if cc == "NL":
        return N("vat_id", "NL" + safe_num(r, 9) + "B0" + str(r.randint(1, 9)))
    if cc == "IT":
        return N("vat_id", "IT" + safe_num(r, 11))
    if cc == "ES":
        return N("vat_id", "ESB" + rdig(r, 8))
    if cc == "PT":
        return N("vat_id", "PT" + safe_num(r, 9))
    return N("vat_id", "SE" + safe_num(r, 10) + "01")


def customer_no(r):
    return N("customer_number", r.choice(["C-", "KD-", "CUST", "", "ACC-"]) + safe_num(r, r.choice([6, 7, 8, 10])))


def payout_id(r):
    return N("payout_id", r.choice(["po_", "payout_", "tr_"]) + "".join(r.choice(ALNUM) for _ in range(14)))


def sepa_creditor(r, cc):
    return N("sepa_creditor_id", f"{cc}{rdig(r, 2)}ZZZ{rdig(r, 8 if cc == 'DE' else 6)}")


def mandate_ref(r):
    return N("mandate_reference", "MNDT-" + rdig(r, 4) + "-" + "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(4)))


def request_id(r):
    return N("request_id", "req_" + "".join(r.choice(ALNUM) for _ in range(16)))


def port_no(r):
    return r.choice(["443", "8443", "8080", "22", "5432"])


# =====================================================================================================
# builder and context
# =====================================================================================================

TOK = re.compile(r"\[\[(\w+)(?::(\w+))?\]\]")


class B:
    """Accumulates text; records spans (positives) and negatives in character offsets."""

    def __init__(self):
        self.parts, self.n, self.spans, self.negs = [], 0, [], []

    def t(self, s):
        self.parts.append(s)
        self.n += len(s)

    def put(self, item, place="sent"):
        if isinstance(item, _Raw):
            base = self.n
            self.spans += [(base + s, base + e, ent, fmt, v) for s, e, ent, fmt, v in item.b.spans]
            self.negs += [(base + s, base + e, k, v) for s, e, k, v in item.b.negs]
            self.t(item.b.text())
        elif isinstance(item, V):
            self.spans.append((self.n, self.n + len(item.text), item.ent, f"{item.fmt}.{place}", item.text))
            self.t(item.text)
        elif isinstance(item, N):
            self.negs.append((self.n, self.n + len(item.text), item.kind, item.text))
            self.t(item.text)
        else:
            self.t(str(item))

    def f(self, tpl, **S):
        pos = 0
        for m in TOK.finditer(tpl):
            self.t(tpl[pos:m.start()])
            self.put(S[m.group(1)], m.group(2) or "sent")
            pos = m.end()
        self.t(tpl[pos:])

    def text(self):
        return "".join(self.parts)


LANG_DATE = {"en": None, "de": "de", "fr": "fr", "es": "es", "it": "it", "nl": "nl", "pt": "pt", "sv": "sv"}
LANG_REGION = {"de": "DE", "fr": "FR", "es": "ES", "it": "IT", "nl": "NL", "pt": "PT", "sv": "SE"}
CUR = {"US": "$", "GB": "£"}


class Ctx:
    def __init__(self, r, lang, region):
        self.r, self.lang, self.region = r, lang, region
        self.dl = ("en-US" if region == "US" else "en-GB") if lang == "en" else lang
        self.first, self.last = r.choice(FIRST[region]), r.choice(LAST[region])
        self.name = f"{self.first} {self.last}"
        self.vendor, self.vdom = r.choice(VENDORS)
        areg = "GB" if region == "GB" else ("US" if lang == "en" else region)
        self.areg = areg
        self.afirst, self.alast = r.choice(FIRST[areg]), r.choice(LAST[areg])
        self.corp = r.choice(CORP_DOMAINS)
        self.company = self.corp.split(".")[0].replace("-", " ").title()
        self.cur = CUR.get(region, "€")
        self._em = {}

    # convenience draws
    def email(self, personal=None):
        r = self.r
        if personal is None:
            personal = r.random() < 0.5
        if personal not in self._em:
            dom = r.choice(WEBMAIL[self.region]) if personal else self.corp
            self._em[personal] = email_for(r, self.first, self.last, dom)
        return self._em[personal]


    def other_email(self):
        r = self.r
        return email_for(r, r.choice(FIRST[self.region]), r.choice(LAST[self.region]), r.choice([self.corp] + WEBMAIL[self.region]))

    def agent_email(self):
        r = self.r
        if "agent" not in self._em:
            self._em["agent"] = email_for(r, self.afirst, self.alast, self.vdom, r.choice(["first.last", "first", "flast"]))
        if r.random() < 0.3:
            return role_email(r, self.vdom)
        return self._em["agent"]

    def phone(self, style=None):
        return phone(self.r, self.region, style)

    def aphone(self):
        return phone(self.r, self.areg)

    def dob(self, style=None):
        return dob(self.r, self.dl, style)

    def date(self, kind, style=None):
        return other_date(self.r, self.dl, kind, style)

    def amt(self):
        return amount(self.r, self.cur)


def sig_customer(c, b, contact=True):
    r = c.r
    if not contact or r.random() < 0.25:
        b.f(r.choice(["\n\nThanks,\n[[n]]", "\n\n-- \n[[n]]", "\n\nCheers, [[f]]", "\n\nSent from my iPhone", "\n\n[[f]]"]),
            n=c.name, f=c.first)
        return
    v = r.randrange(4)
    if v == 0:
        b.f("\n\nBest,\n[[n]]\n[[t]], [[co]]\nT: [[p:sig]]\n[[e:sig]]", n=c.name, t=r.choice(["Office Manager", "IT Lead", "Controller", "Practice Manager", "Ops"]),
            co=c.company, p=c.phone(), e=c.email(False))
    elif v == 1:
        b.f("\n\nThanks\n[[n]] | [[co]]\nm. [[p:sig]]", n=c.name, co=c.company, p=c.phone())
    elif v == 2:
        b.f("\n\n[[n]]\n[[e:sig]]\n([[p:sig]])", n=c.name, e=c.email(), p=c.phone())
    else:
        b.f("\n\nKind regards,\n[[n]]\nDirect: [[p:sig]]  Fax: [[p2:sig]]", n=c.name, p=c.phone(), p2=c.phone())


def sig_agent(c, b, contact=True):
    r = c.r
    if not contact or r.random() < 0.3:
        b.f(r.choice(["\n\n[[a]]\n[[v]] Support", "\n\n— [[a]] ([[v]])", "\n\nBest regards,\n[[a]] | [[v]] Customer Care"]),
            a=c.afirst, v=c.vendor)
        return
    if r.random() < 0.5:
        b.f("\n\n[[a]] [[al]]\n[[v]] Support | [[e:sig]]\n[[p:sig]]", a=c.afirst, al=c.alast, v=c.vendor, e=c.agent_email(), p=c.aphone())
    else:
        b.f("\n\n--\n[[a]] [[al]], Support Engineer\n[[v]]\nemail: [[e:sig]] · tel: [[p:sig]]", a=c.afirst, al=c.alast,
            v=c.vendor, e=c.agent_email(), p=c.aphone())


def opener(c, b):
    r = c.r
    b.t(r.choice(["Hi,\n\n", "Hello team,\n\n", "Hi there — ", "Good morning,\n\n", "Hey support,\n\n", "", "Hi [[a]],\n\n".replace("[[a]]", c.afirst)]))


def wrote_line(c, b, who_name, who_email):
    r = c.r
    y, m, d = _ymd(r, 2025, 2026)
    dow = r.choice(["Mon", "Tue", "Wed", "Thu", "Fri"])
    if c.dl == "en-US":
        dt = f"{dow}, {MONTHS_EN[m - 1][:3]} {d}, {y} at {r.randint(1, 12)}:{r.randint(0, 59):02d} {r.choice(['AM', 'PM'])}"
    else:
        dt = f"{dow}, {d} {MONTHS_EN[m - 1][:3]} {y} at {r.randint(0, 23):02d}:{r.randint(0, 59):02d}"
    b.f("\n\nOn [[dt]], [[n]] <[[e:quote_header]]> wrote:\n", dt=N("email_header_date", dt), n=who_name, e=who_email)


# =====================================================================================================
# English scenarios: each writes one note into b and returns (queue, category)
# =====================================================================================================

def en_card_qa(c, b):
    r = c.r
    crd = card(r, style=r.choice(["spaced", "plain", "dashed", "mixed", "dblspace"]))
    hh, mm = r.randint(8, 17), r.randint(0, 50)
    b.f("Chat transcript ([[tref]])\n\n[[[h]]:[[m]]] [[a]] ([[v]]): Thanks for holding. Which card should we put invoice [[inv]] on?\n"
        "[[[h]]:[[m1]]] [[cf]]: the new one\n[[[h]]:[[m1]]] [[cf]]: [[crd:answer]]\n"
        "[[[h]]:[[m2]]] [[a]] ([[v]]): And the expiry and billing zip?\n[[[h]]:[[m2]]] [[cf]]: [[exp]] / [[zip]]\n"
        "[[[h]]:[[m3]]] [[a]] ([[v]]): Done, [[amt]] charged. The old card [[mc]] is removed.\n",
        tref=ticket_ref(r), h=f"{hh:02d}", m=f"{mm:02d}", m1=f"{mm + 1:02d}", m2=f"{mm + 3:02d}", m3=f"{mm + 6:02d}",
        a=c.afirst, v=c.vendor, inv=invoice_no(r), cf=c.first, crd=crd, exp=card_expiry(r), zip=zip_us(r), amt=c.amt(),
        mc=masked_card(r))
    return "billing", "chat"


def en_card_correction(c, b):
    r = c.r
    crd = card(r, style=r.choice(["spaced", "plain"]))
    opener(c, b)
    b.f(r.choice([
        "Please switch my subscription to the card [[typo]] — sorry, typo, it's [[crd:correction]]. Expires [[exp]].\n"
        "Order [[ord]] still shows the old card.",
        "New card for the account: [[typo]]\nscratch that, I mistyped a digit. Correct number: [[crd:correction]] (exp [[exp]])\n"
        "ref: order [[ord]]"]), typo=card_typo(r, crd), crd=crd, exp=card_expiry(r), ord=order_no(r))
    sig_customer(c, b)
    return "billing", "email"


def en_card_before_label(c, b):
    r = c.r
    crd = card(r)
    e = c.email()
    opener(c, b)
    b.f(r.choice([
        "[[crd:before_label]] is the card on file and it was charged [[amt]] twice on [[dt]]. Can you reverse one of them? "
        "Login is [[e:sent]].",
        "Card: none of the charges are mine. [[crd:before_label]] is the card you have for me, account email [[e:sent]]. "
        "Disputed amount [[amt]], posted [[dt]].",
    ]), crd=crd, amt=c.amt(), dt=c.date("transaction_date"), e=e)
    sig_customer(c, b, contact=False)
    return "billing", "email"


def en_card_subject(c, b):
    r = c.r
    crd = card(r, style=r.choice(["spaced", "plain"]))
    e = c.email()
    b.f("Subject: Charged twice on card [[crd:subject]]\nFrom: [[n]] <[[e:header]]>\nTo: [[v]] Billing <[[ve:header]]>\n\n"
        "Hello, I see two charges of [[amt]] on [[crd:body]] for the same order ([[ord]]). Please refund one.",
        crd=crd, n=c.name, e=e, v=c.vendor, ve=role_email(r, c.vdom), amt=c.amt(), ord=order_no(r))
    sig_customer(c, b, contact=False)
    return "billing", "email"


def en_card_split(c, b):
    r = c.r
    crd = card(r, brand=r.choice(["visa", "mc", "discover"]), style="split")
    b.f("Customer typed this into the web form's notes box (line break theirs):\n\n\"card number\n[[crd:split]]\nplease use this one from now on\"\n\n"
        "Internal: asked them to use the secure payment link instead. Ticket [[tr]].",
        crd=crd, tr=ticket_ref(r))
    sig_agent(c, b)
    return "billing", "internal_note"


def en_card_url_log(c, b):
    r = c.r
    crd = card(r, style="plain")
    src = ip(r, "pub")
    b.f("Found this in the legacy checkout access log, the redirect put the PAN in the query string:\n\n"
        "[[src:log]] - - [[[ts]]] \"GET /pay/return?order=[[ord]]&pan=[[crd:url]]&exp=[[exp]]&amt=[[a]] HTTP/1.1\" 302 0\n\n"
        "Purging the log now; opening [[tr]] for the redirect fix.",
        src=src, ts=N("timestamp", f"{r.randint(10, 28)}/{r.choice(MONTHS_EN)[:3]}/2025:{r.randint(10, 23)}:{r.randint(10, 59)}:{r.randint(10, 59)} +0000"),
        ord=order_no(r), crd=crd, exp=f"{r.randint(1, 12):02d}{r.randint(26, 30)}", a=r.randint(500, 9999), tr=ticket_ref(r))
    return "billing", "log"


def en_luhn_order(c, b):
    r = c.r
    opener(c, b)
    b.f("I returned the boots but the refund never showed up. Order number [[lo]], refund to the card ending [[mc]]. "
        "You can reach me at [[p]] or [[e]].",
        lo=luhn_order(r), mc=masked_card(r), p=c.phone(), e=c.email(True))
    sig_customer(c, b, contact=False)
    return "ecommerce", "email"


def en_test_card(c, b):
    r = c.r
    b.f("Sandbox question from [[co]]: our integration test with the test card [[tp]] gets 'card_declined' since [[ts]]. "
        "Another test card, [[tp2]], works. Requests come from [[ipx]]. Contact: [[e]]",
        co=c.company, tp=test_pan(r), ts=ts_iso(r), tp2=test_pan(r), ipx=ip(r, "pub"), e=c.email(False))
    return "saas", "email"


def en_sso_allowlist(c, b):
    r = c.r
    opener(c, b)
    b.f("Before we switch SSO on, please allowlist these addresses for the admin console:\n"
        "- [[i1:bullet]] (office)\n- [[i2:bullet]]/32 (VPN egress)\n- [[i3:bullet]] — CI runner\n\n"
        "Our IdP is on connector [[ver]], netmask for the office range is [[nm]].",
        i1=ip(r, "pub"), i2=ip(r, "pub"), i3=ip(r, r.choice(["pub", "v6"])), ver=version4(r), nm=netmask(r))
    sig_customer(c, b)
    return "saas", "bullets"


def en_env_paste(c, b):
    r = c.r
    ak, gh = aws_key(r), gh_token(r, r.choice(["ghp", "pat"]))
    b.f("URGENT — one of our devs pasted our .env into a public gist for about an hour. Can you confirm whether your side saw "
        "calls with these? We are rotating.\n\n```\nAWS_ACCESS_KEY_ID=[[ak:dotenv]]\nAWS_SECRET_ACCESS_KEY=[[sk]]\n"
        "AWS_ACCOUNT=[[acct]]\nGITHUB_TOKEN=[[gh:dotenv]]\nDB_HOST=[[dbh:dotenv]]\nSENTRY_RELEASE=[[sha]]\n[[jwt]]```\n",
        ak=ak, sk=aws_secret(r), acct=aws_account(r), gh=gh, dbh=ip(r, "priv10"), sha=git_sha(r), jwt=jwt_line(r))
    sig_customer(c, b)
    return "saas", "file_paste"


def jwt_line(r):
    """Optional multi-line quoted dotenv value holding a PEM private key."""
    if r.random() < 0.5:
        return ""
    b = B()
    b.f('JWT_SIGNING_KEY="[[k:dotenv]]"\n', k=pem_key(r, r.choice(["rsa", "pkcs8", "ec"])))
    return _Raw(b)


class _Raw:
    """Pre-built fragment placed inside a template (keeps its spans)."""

    def __init__(self, b):
        self.b = b


def en_webhook_jsonlog(c, b):
    r = c.r
    e1, i1, i2 = c.other_email(), ip(r, "pub"), ip(r, r.choice(["pub", "v6"]))
    b.f("Webhook deliveries to our endpoint keep failing. Lines from our receiver:\n\n"
        '{"ts":"[[t1]]","level":"warn","msg":"signature mismatch","remote_ip":"[[i1:log_json]]","request_id":"[[q1]]"}\n'
        '{"ts":"[[t2]]","level":"error","msg":"payload rejected","customer_email":"[[e1:log_json]]","remote_ip":"[[i2:log_json]]","event_id":"[[u]]"}\n\n'
        "Endpoint version [[ver]]. Anything changed on your side?",
        t1=ts_iso(r), i1=i1, q1=request_id(r), t2=ts_iso(r), e1=e1, i2=i2, u=uuid(r), ver=version4(r))
    sig_customer(c, b)
    return "saas", "log"


def en_kv_log(c, b):
    r = c.r
    e1, i1 = c.other_email(), ip(r, r.choice(["pub", "priv192", "priv172"]))
    b.f("Agent note — auth failures from the customer's tenant:\n\n"
        "[[t1]] level=error svc=auth event=login_failed user=[[e1:log_kv]] src_ip=[[i1:log_kv]] trace=[[u]]\n"
        "[[t2]] level=error svc=auth event=login_failed user=[[e1:log_kv]] src_ip=[[i1:log_kv]] mfa=totp code_len=6\n"
        "[[t3]] level=info svc=auth event=lockout user=[[e1:log_kv]] until=[[t4]]\n\nLooks like a stale password manager entry.",
        t1=ts_log(r), e1=e1, i1=i1, u=uuid(r), t2=ts_log(r), t3=ts_log(r), t4=ts_iso(r))
    return "saas", "log"


def en_git_url(c, b):
    r = c.r
    tok = gh_token(r, "ghs")
    b.f("Our build fails cloning the private repo. From the runner output:\n\n"
        "$ git clone https://x-access-token:[[tok:url]]@github.com/[[org]]/deploy-config.git\nCloning into 'deploy-config'...\n"
        "fatal: unable to access: The requested URL returned error: 403\nHEAD was [[sha]] ([[short]])\n\n"
        "The installation token was minted a minute earlier.",
        tok=tok, org=c.company.replace(" ", "-").lower(), sha=git_sha(r), short=git_sha(r, True))
    sig_customer(c, b)
    return "saas", "log"


def en_pem_paste(c, b):
    r = c.r
    k = pem_key(r)
    opener(c, b)
    b.f("Here's the key for the SFTP connector as requested:\n\n```\n[[k:md_fence]]\n```\n\nThe public half we uploaded has fingerprint [[fp]].",
        k=k, fp=ssh_fp(r))
    sig_customer(c, b)
    b.f("\n\n---\nInternal ([[a]]): customer pasted a private key in a public comment, redacting and asking them to rotate. Cert they sent "
        "earlier is fine to keep:\n[[cert]]", a=c.afirst, cert=cert_block(r))
    return "saas", "email"


def en_user_md_table(c, b):
    r = c.r
    b.f("These three admins can't log in since the SSO change:\n\n| user | email | last IP | role |\n|---|---|---|---|\n", )
    for _ in range(3):
        fn, ln = r.choice(FIRST["US"]), r.choice(LAST["US"])
        b.f("| [[n]] | [[e:md_table]] | [[i:md_table]] | [[ro]] |\n", n=f"{fn} {ln}",
            e=email_for(r, fn, ln, c.corp), i=ip(r), ro=r.choice(["owner", "admin", "billing admin"]))
    b.f("\nTenant [[u]], SDK [[ver]].", u=uuid(r), ver=version4(r))
    sig_customer(c, b)
    return "saas", "md_table"


def en_scim_qa(c, b):
    r = c.r
    e1, e2 = c.email(False), email_for(r, c.first, c.last, r.choice(CORP_DOMAINS))
    b.f("> What's the email on the IdP side for the user who can't be provisioned?\n\n"
        "It's \"[[e1:quote]]\" in Okta, but your side still has ([[e2:paren]]) from before the rebrand.",
        e1=e1, e2=e2)
    wrote_line(c, b, f"{c.afirst} {c.alast}", c.agent_email())
    b.f("> What's the email on the IdP side for the user who can't be provisioned? SCIM job [[j]] failed at [[t]].",
        j=uuid(r), t=ts_iso(r))
    return "saas", "email_thread"


def en_aws_which_key(c, b):
    r = c.r
    ak = aws_key(r)
    b.f("[[a]]: which access key does the S3 export use? The console shows [[m]].\n[[cf]]: full id is [[ak:answer]], account [[acct]], "
        "role [[rid]]\n[[cf]]: the one in your docs ([[ex]]) was just the example right?\n[[a]]: yes, that's AWS's sample key.",
        a=c.afirst, m=aws_masked(r), cf=c.first, ak=ak, acct=aws_account(r), rid=aws_role_id(r), ex=aws_example(r))
    return "saas", "chat"


def en_ip_quotes(c, b):
    r = c.r
    opener(c, b)
    b.f("Our firewall team says the callbacks come from \"[[i1:quote]]\" but your docs list ([[i2:paren]]). "
        "Also, the MAC on the appliance is [[mac]] and firmware [[ver]] — not sure that matters.",
        i1=ip(r, "pub"), i2=ip(r, "pub"), mac=mac(r), ver=version4(r))
    sig_customer(c, b)
    return "saas", "email"


def en_clinic_portal(c, b):
    r = c.r
    opener(c, b)
    b.f(r.choice([
        "I can't get into the patient portal. My date of birth is [[d]] and my MRN is [[m]] (it's on the after-visit summary). "
        "My appointment is on [[ap]] and I need to fill the forms before.",
        "Portal says my details don't match. DOB [[d]], medical record number [[m]]. I had a visit on [[ap]] and the bill ([[amt]]) "
        "is under my mother's name.",
    ]), d=c.dob(), m=mrn(r), ap=c.date("appointment_date"), amt=c.amt())
    sig_customer(c, b)
    return "healthcare", "email"


def en_pharmacy_note(c, b):
    r = c.r
    doc_l = r.choice(LAST["US"])
    b.f("Internal note (pharmacy ops): e-Rx rejected.\nPrescriber: Dr. [[df]] [[dl]], NPI [[npi]], DEA [[dea]]\n"
        "Patient DOB [[d]] · Rx# [[rx]] · NDC [[ndc]] · filled [[fd]]\nTaxonomy on file [[tx]]; the clinic phone is [[p]].",
        df=r.choice(FIRST["US"]), dl=doc_l, npi=npi(r), dea=dea(r, doc_l), d=c.dob(), rx=rx_number(r), ndc=ndc(r),
        fd=c.date("fill_date"), tx=taxonomy(r), p=c.phone())
    return "healthcare", "internal_note"


def en_insurer_chat(c, b):
    r = c.r
    b.f("[[a]]: Can I get the member's date of birth?\n[[cf]]: [[d:answer]]\n[[a]]: Thanks. And the rendering provider's NPI?\n"
        "[[cf]]: [[n:answer]]\n[[a]]: I see claim [[cl]] under member ID [[mid]], group [[g]], date of service [[ds]].",
        a=c.afirst, cf=c.first, d=c.dob(), n=npi(r), cl=claim_no(r), mid=member_id(r), g=group_no(r), ds=c.date("service_date"))
    return "healthcare", "chat"


def en_ehr_log(c, b):
    r = c.r
    b.f("Interface engine errors (ADT feed):\n\n"
        "[[t1]] WARN adt.inbound mrn=[[m:log_kv]] dob=[[d:log_kv]] attending_npi=[[n:log_kv]] enc=[[enc]] src=[[i:log_kv]]\n"
        "[[t2]] ERROR adt.inbound mrn=[[m:log_kv]] reason=\"duplicate encounter\" enc=[[enc]]\n",
        t1=ts_log(r), m=mrn(r), d=c.dob("iso"), n=npi(r), enc=encounter_no(r), i=ip(r, r.choice(["priv10", "priv172"])), t2=ts_log(r))
    return "healthcare", "log"


def en_npi_correction(c, b):
    r = c.r
    n = npi(r)
    while True:
        d = list(n.text)
        i = r.randrange(1, 10)
        d[i] = str((int(d[i]) + r.randint(1, 9)) % 10)
        typo = "".join(d)
        if accidental(typo) is None:
            break
    opener(c, b)
    b.f("Claims for Dr. [[dl]] are bouncing. Her NPI is [[ty]] — sorry, typo, [[n:correction]] is right. CLIA [[cl]].",
        dl=r.choice(LAST["US"]), ty=N("npi_typo_superseded", typo), n=n, cl=clia(r))
    sig_customer(c, b)
    return "healthcare", "email"


def en_dea_before(c, b):
    r = c.r
    dl = r.choice(LAST["US"])
    b.f("[[dea:before_label]] is the DEA registration for Dr. [[df]] [[dl]], and [[n:before_label]] is her NPI. EPCS keeps "
        "saying 'registrant not found'. The state license is [[sl]].",
        dea=dea(r, dl), df=r.choice(FIRST["US"]), dl=dl, n=npi(r), sl=N("state_license", r.choice(["MD", "ME", "DO"]) + rdig(r, 6)))
    sig_customer(c, b)
    return "healthcare", "email"


def en_provider_md(c, b):
    r = c.r
    b.f("Roster update for the new location:\n\n| Provider | NPI | DEA | Taxonomy | Phone |\n|---|---|---|---|---|\n")
    for _ in range(r.randint(2, 3)):
        fn, ln = r.choice(FIRST["US"]), r.choice(LAST["US"])
        b.f("| [[n]] | [[np:md_table]] | [[de:md_table]] | [[tx]] | [[p:md_table]] |\n", n=f"{fn} {ln}, MD", np=npi(r),
            de=dea(r, ln), tx=taxonomy(r), p=c.phone())
    b.f("\nGroup NPI is pending; billing TIN [[ein]].", ein=ein(r))
    sig_customer(c, b)
    return "healthcare", "md_table"


def en_lab_csv(c, b):
    r = c.r
    b.f("Rows that failed to import (CSV):\n\npatient_mrn,date_of_birth,collected_at,accession,loinc\n")
    for _ in range(r.randint(2, 3)):
        b.f("[[m:csv]],[[d:csv]],[[t]],[[ac]],[[lo]]\n", m=mrn(r), d=c.dob("iso" if r.random() < 0.5 else None), t=ts_iso(r),
            ac=accession(r), lo=N("loinc_code", f"{r.randint(1000, 9999)}-{r.randint(0, 9)}"))
    b.t("\nError: 'accession already exists'.")
    return "healthcare", "csv"


def en_ssn_insurer(c, b):
    r = c.r
    opener(c, b)
    b.f("The subscriber SSN you have ([[ms]]) doesn't match ours. Subscriber SSN: [[s]], born [[d]]. Member ID [[mid]].",
        ms=masked_ssn(r), s=ssn(r), d=c.dob(), mid=member_id(r))
    sig_customer(c, b)
    return "healthcare", "email"


def en_gp_practice(c, b):
    r = c.r
    opener(c, b)
    b.f(r.choice([
        "My repeat prescription hasn't come through to the pharmacy. NHS number [[nh]], date of birth [[d]]. I'm registered at "
        "practice [[ods]]. Please ring me on [[p]].",
        "Referral booked but the letter has the wrong surname. NHS No: [[nh]]\nDOB: [[d]]\nBooking ref (UBRN) [[ub]]\nPostcode [[pc]]",
    ]), nh=nhs(r), d=c.dob(), ods=ods_code(r), p=c.phone(), ub=ubrn(r), pc=postcode_uk(r))
    sig_customer(c, b)
    return "healthcare_uk", "email"


def en_nhs_qa(c, b):
    r = c.r
    b.f("[[a]] (practice team): What's the patient's NHS number?\n[[cf]]: it's [[nh:answer]]\n[[a]] (practice team): and their date of birth?\n"
        "[[cf]]: [[d:answer]]\n[[a]] (practice team): thanks, I can see them at [[ods]]. Hospital episode [[ep]] is separate.",
        a=c.afirst, cf=c.first, nh=nhs(r), d=c.dob(), ods=ods_code(r), ep=nhs_fail(r, "episode_number"))
    return "healthcare_uk", "chat"


def en_nhs_correction(c, b):
    r = c.r
    nh = nhs(r, "spaced")
    opener(c, b)
    b.f("Please update my record, NHS no [[ty]] — sorry, typo, it should read [[nh:correction]]. "
        "email me at [[e]] rather than calling.", ty=nhs_typo(r, nh), nh=nh, e=c.email(True))
    sig_customer(c, b, contact=False)
    return "healthcare_uk", "email"


def en_nhs_subject(c, b):
    r = c.r
    nh = nhs(r)
    b.f("Subject: Prescription not at pharmacy — NHS No [[nh:subject]]\n\nHello, the EPS token [[eps]] shows as dispensed but I never got it. "
        "NHS number again in case: [[nh:body]]. Pharmacy code [[ods]].",
        nh=nh, eps=N("eps_prescription_id", "-".join(["".join(r.choice("0123456789ABCDEF") for _ in range(6)) for _ in range(3)])), ods=ods_code(r))
    sig_customer(c, b)
    return "healthcare_uk", "email"


def en_direct_deposit(c, b):
    r = c.r
    b.f("> What routing number did you enter for direct deposit?\n\n[[a1:answer]] — and the account is [[acct]]. My employee ID is [[eid]]. "
        "Last check number [[chk]] was paper, pay date [[pd]].", a1=aba(r), acct=acct_number(r), eid=employee_id(r),
        chk=check_number(r), pd=c.date("pay_date"))
    sig_customer(c, b)
    return "payroll", "email"


def en_ssn_correction(c, b):
    r = c.r
    while True:
        s = ssn(r, "dash")
        d = digits(s.text)
        if not aba_any(d[:3] + "00" + d[5:]):
            break
    typo = N("ssn_typo_superseded", f"{d[:3]}-00-{d[5:]}")
    opener(c, b)
    b.f("My W-2 has the wrong SSN. It should be [[ty]]... sorry, fat-fingered that, it's [[s:correction]]. Employer EIN [[ein]].",
        ty=typo, s=s, ein=ein(r))
    sig_customer(c, b, contact=False)
    return "payroll", "email"


def en_hr_csv(c, b):
    r = c.r
    b.f("Onboarding import errors, rows attached:\n\nemployee_id,first_name,last_name,ssn,date_of_birth,hire_date,personal_email,mobile\n")
    for _ in range(r.randint(2, 3)):
        fn, ln = r.choice(FIRST["US"]), r.choice(LAST["US"])
        b.f("[[eid]],[[fn]],[[ln]],[[s:csv]],[[d:csv]],[[hd]],[[e:csv]],[[p:csv]]\n", eid=employee_id(r), fn=fn, ln=ln, s=ssn(r),
            d=dob(r, "en-US", r.choice(["us", "iso"])), hd=other_date(r, "en-US", "hire_date", "iso"),
            e=email_for(r, fn, ln, r.choice(WEBMAIL["US"])), p=phone(r, "US", r.choice(["dash", "paren", "e164"])))
    b.t("\nThe validator says 'ssn format'.")
    return "payroll", "csv"


def en_w4_form(c, b):
    r = c.r
    b.f("Form fields as submitted:\n  Employee name: [[n]]\n  Social Security Number: [[s:form]]\n  Date of Birth: [[d:form]]\n"
        "  Employer EIN: [[ein]]\n  Start date: [[sd]]\n  Bank routing no.: [[ab:form]]\n  Account no.: [[ac]]\n",
        n=c.name, s=ssn(r), d=c.dob(), ein=ein(r), sd=c.date("start_date"), ab=aba(r), ac=acct_number(r))
    return "payroll", "form"


def en_ssn_before(c, b):
    r = c.r
    opener(c, b)
    b.f("[[s:before_label]] is my social, and I was born [[d]]. The portal says 'identity could not be verified'. "
        "(I also have an old ITIN, [[it]], from before, don't use that.)", s=ssn(r), d=c.dob(), it=itin(r))
    sig_customer(c, b)
    return "payroll", "email"


def en_sepa_payout(c, b):
    r = c.r
    cc = r.choice(["DE", "FR", "NL", "ES", "IT", "BE", "AT", "IE"])
    ib = iban(r, cc)
    opener(c, b)
    b.f("Please send our marketplace payouts to IBAN [[ib]] (BIC [[bic]]) from now on. Payout [[po]] for [[amt]] went to the old account.",
        ib=ib, bic=bic(r), po=payout_id(r), amt=amount(r, "€"))
    sig_customer(c, b)
    return "payouts", "email"


def en_iban_correction(c, b):
    r = c.r
    ib = iban(r, r.choice(["DE", "FR", "NL", "GB", "ES"]), "spaced")
    opener(c, b)
    b.f("Bank details for the refund: [[ty]]\nsorry, one digit wrong above — correct IBAN is [[ib:correction]]", ty=iban_typo(r, ib), ib=ib)
    sig_customer(c, b)
    return "payouts", "email"


def en_iban_split(c, b):
    r = c.r
    ib = iban(r, r.choice(["DE", "FR", "IT", "ES", "PT"]), "split")
    b.f("Forwarded from the seller (their phone wrapped the line):\n\nour IBAN is\n[[ib:split]]\nthank you\n\nPlease verify before payout [[po]].",
        ib=ib, po=payout_id(r))
    return "payouts", "internal_note"


def en_ach_qa(c, b):
    r = c.r
    b.f("[[a]]: What's the routing number for the payout account?\n[[cf]]: [[ab:answer]]\n[[cf]]: account [[ac]]\n"
        "[[a]]: Thanks. Your confirmation number is [[conf]]; the ACH trace will show [[tr]].",
        a=c.afirst, cf=c.first, ab=aba(r), ac=acct_number(r), conf=aba_passing_ref(r), tr=N("ach_trace_number", safe_num(r, 15)))
    return "payouts", "chat"


def en_uk_payout(c, b):
    r = c.r
    opener(c, b)
    b.f("Our UK account for payouts: sort code [[sc]], account [[ac]]; for SEPA use [[ib]]. Remittance ref [[inv]].",
        sc=sort_code(r), ac=uk_account(r), ib=iban(r, "GB"), inv=invoice_no(r))
    sig_customer(c, b)
    return "payouts", "email"


def en_iban_doc(c, b):
    r = c.r
    b.f("In sandbox I used the example IBAN from your API docs ([[dx]]) and it worked, but live rejects ours: [[ib]]. "
        "Creditor ID [[cr]], mandate [[md]].", dx=iban_doc_example(r), ib=iban(r, r.choice(["DE", "NL", "AT", "BE"])),
        cr=sepa_creditor(r, r.choice(["DE", "NL"])), md=mandate_ref(r))
    sig_customer(c, b)
    return "payouts", "email"


def en_payout_jsonlog(c, b):
    r = c.r
    b.f("From our payout worker:\n\n"
        '{"ts":"[[t]]","event":"payout.failed","payout":"[[po]]","iban":"[[ib:log_json]]","bic":"[[bc]]","amount_minor":[[am]]}\n'
        '{"ts":"[[t2]]","event":"ach.returned","routing":"[[ab:log_json]]","account_last4":"[[l4]]","code":"R03"}\n',
        t=ts_iso(r), po=payout_id(r), ib=iban(r, r.choice(["DE", "FR", "NL"]), "compact"), bc=bic(r), am=r.randint(1000, 9999),
        t2=ts_iso(r), ab=aba(r), l4=rdig(r, 4))
    return "payouts", "log"


def en_sim_swap(c, b):
    r = c.r
    p = c.phone()
    b.f("[[a]]: To do the SIM swap I need the number on the account and the date of birth of the account holder.\n"
        "[[cf]]: [[p:answer]], born [[d:answer]]\n[[a]]: and the new SIM's ICCID?\n[[cf]]: [[ic]]\n"
        "[[cf]]: phone IMEI is [[im]] if you need it\n[[a]]: thanks — account PIN verified. Case [[cs]].",
        a=c.afirst, cf=c.first, p=p, d=c.dob(), ic=iccid(r), im=imei(r), cs=phone_shaped_case(r))
    return "telecom", "chat"


def en_port_in(c, b):
    r = c.r
    opener(c, b)
    b.f("We want to port [[p1]] and [[p2]] to you. Old carrier account number [[ac]], port-out PIN [[pin]]. "
        "They gave me case number [[cs]] on their side.", p1=c.phone(), p2=c.phone(), ac=acct_number(r, "carrier_account_number"),
        pin=port_pin(r), cs=phone_shaped_case(r))
    sig_customer(c, b)
    return "telecom", "email"


def en_bill_dispute(c, b):
    r = c.r
    b.f("I don't recognise these calls on invoice [[inv]]:\n", inv=invoice_no(r))
    for _ in range(r.randint(2, 4)):
        b.f("* [[p:bullet]] — [[mins]] min, [[amt]]\n", p=phone(r, r.choice(["US", "GB"]) if c.region == "US" else c.region), mins=r.randint(2, 59), amt=c.amt())
    b.f("My line is [[mine]].", mine=c.phone())
    sig_customer(c, b, contact=False)
    return "telecom", "bullets"


def en_rma(c, b):
    r = c.r
    opener(c, b)
    b.f("Returning two items from order [[o]]: [[s1]] (EAN [[ean]]) and [[s2]] (UPC [[upc]]). RMA [[rma]], sent with tracking [[tr]]. "
        "Please email [[e]] when the refund is done — or text [[p]].",
        o=order_no(r), s1=sku(r), ean=ean13(r), s2=sku(r), upc=upc(r), rma=rma(r), tr=tracking_no(r), e=c.email(True), p=c.phone())
    sig_customer(c, b, contact=False)
    return "ecommerce", "email"


def en_refund_card(c, b):
    r = c.r
    b.f("Refund status for [[n]]:\n  order: [[o]]\n  invoice: [[inv]]\n  refunded to: [[mc]]\n  amount: [[amt]]\n  customer: [[e:form]]\n",
        n=c.name, o=luhn_order(r) if r.random() < 0.5 else order_no(r), inv=invoice_no(r), mc=masked_card(r), amt=c.amt(), e=c.email())
    return "ecommerce", "form"


def en_address_change(c, b):
    r = c.r
    e, p = c.email(True), c.phone("dash")
    opener(c, b)
    b.f("Please change the contact on order [[o]] to my wife's: email \"[[e:quote]]\", phone ([[p:paren]]). The parcel ([[tr]]) is "
        "stuck at the depot. Postcode is [[pc]].", o=order_no(r), e=e, p=p, tr=tracking_no(r),
        pc=zip_us(r) if c.region == "US" else postcode_uk(r))
    sig_customer(c, b, contact=False)
    return "ecommerce", "email"


def en_phone_split(c, b):
    r = c.r
    p = c.phone()
    b.f("[[cf]]: can someone call me back\n[[cf]]: number is [[p:answer]]\n[[cf]]: after [[h]]pm please, ref [[tr]]", cf=c.first, p=p,
        h=r.randint(2, 6), tr=ticket_ref(r))
    return "telecom", "chat"


def en_ci_token(c, b):
    r = c.r
    tok = gh_token(r, r.choice(["ghp", "gho", "pat", "ghu"]))
    b.f("Our nightly job started failing with 401 from your GitHub integration. From the Actions log (sorry, the token was echoed):\n\n"
        "Run curl -sS -H \"Authorization: token [[tok:shell]]\" https://api.github.com/repos/[[org]]/infra/hooks\n"
        "  HTTP/2 401\n  x-github-request-id: [[rid]]\nbuild [[sha]] · package registry token [[npm]] (unrelated)\n\n"
        "There's also an older token on our wiki, [[bad]], but that one was mistyped and never worked.",
        tok=tok, org=c.company.replace(" ", "-").lower(), rid=N("request_id", ":".join("".join(r.choice("0123456789ABCDEF") for _ in range(4)) for _ in range(3))),
        sha=git_sha(r), npm=npm_token(r) if r.random() < 0.5 else gitlab_token(r), bad=gh_bad(r))
    sig_customer(c, b)
    return "saas", "log"


def en_key_shell(c, b):
    r = c.r
    k = pem_key(r, r.choice(["openssh", "rsa", "ec", "pkcs8"]))
    b.f("During the screen share I ran the wrong command and the session recorder captured it:\n\n$ cat ~/.ssh/deploy_key\n[[k:shell]]\n"
        "$ ssh-keygen -lf ~/.ssh/deploy_key.pub\n256 [[fp]] deploy@build (ED25519)\n\nPlease purge the recording; we've already rotated.",
        k=k, fp=ssh_fp(r))
    sig_customer(c, b)
    return "saas", "file_paste"


def en_dea_qa(c, b):
    r = c.r
    dl = r.choice(LAST["US"])
    b.f("[[a]]: Which prescriber is on the rejected controlled-substance script?\n[[cf]]: Dr. [[dl]]\n[[a]]: Her DEA number?\n[[cf]]: [[dea:answer]]\n"
        "[[a]]: and the NPI?\n[[cf]]: [[n:answer]]\n[[a]]: Thanks. The one on the fax, [[bad]], doesn't validate, so it was a typo on their side.",
        a=c.afirst, cf=c.first, dl=dl, dea=dea(r, dl), n=npi(r), bad=dea_fail(r, dl))
    return "healthcare", "chat"


def en_mrn_qa(c, b):
    r = c.r
    b.f("> Can you confirm the patient's MRN and date of birth?\n\nMRN is [[m:answer]] (the [[pa]] on the statement is the account number, not the MRN). "
        "DOB [[d:answer]]. Visit [[enc]] on [[ds]].", m=mrn(r), pa=acct_number(r, "patient_account_number"), d=c.dob(),
        enc=encounter_no(r), ds=c.date("service_date"))
    sig_customer(c, b)
    return "healthcare", "email"


def en_ssn_qa(c, b):
    r = c.r
    b.f("[[a]]: Last step for the W-2 reissue: what SSN should be on it?\n[[cf]]: [[s:answer]]\n[[a]]: And the employee ID?\n[[cf]]: [[eid]]\n"
        "[[a]]: Thanks, reissue requested for tax year 2025.", a=c.afirst, cf=c.first, s=ssn(r), eid=employee_id(r))
    return "payroll", "chat"


def en_nhs_csv(c, b):
    r = c.r
    b.f("Recall list upload failed on these rows:\n\nnhs_number,date_of_birth,surname,practice_code,recall_due\n")
    for _ in range(r.randint(2, 3)):
        b.f("[[nh:csv]],[[d:csv]],[[sn]],[[ods]],[[due]]\n", nh=nhs(r, r.choice(["compact", "spaced"])), d=dob(r, "en-GB", r.choice(["uk", "iso"])),
            sn=r.choice(LAST["GB"]), ods=ods_code(r), due=other_date(r, "en-GB", "recall_due_date", "uk"))
    b.t("\nError: 'practice code not recognised'.")
    sig_customer(c, b)
    return "healthcare_uk", "csv"


def en_routing_before(c, b):
    r = c.r
    opener(c, b)
    b.f("[[ab:before_label]] is our routing number and [[ac]] the account — the payout of [[amt]] bounced with R04. "
        "Company EIN [[ein]] if you need it.", ab=aba(r), ac=acct_number(r), amt=c.amt(), ein=ein(r))
    sig_customer(c, b)
    return "payouts", "email"


EN_SCENARIOS = [  # (function, weight, regions)
    (en_card_qa, 4, "US GB"), (en_card_correction, 3, "US GB"), (en_card_before_label, 3, "US GB"), (en_card_subject, 3, "US GB"),
    (en_card_split, 2, "US GB"), (en_card_url_log, 2, "US"), (en_luhn_order, 3, "US GB"), (en_test_card, 2, "US GB"),
    (en_sso_allowlist, 3, "US GB"), (en_env_paste, 4, "US GB"), (en_webhook_jsonlog, 3, "US GB"), (en_kv_log, 3, "US GB"),
    (en_git_url, 3, "US GB"), (en_pem_paste, 6, "US GB"), (en_user_md_table, 2, "US GB"), (en_scim_qa, 2, "US GB"),
    (en_aws_which_key, 2, "US GB"), (en_ip_quotes, 2, "US GB"),
    (en_clinic_portal, 4, "US"), (en_pharmacy_note, 4, "US"), (en_insurer_chat, 3, "US"), (en_ehr_log, 3, "US"),
    (en_npi_correction, 2, "US"), (en_dea_before, 3, "US"), (en_provider_md, 3, "US"), (en_lab_csv, 2, "US"), (en_ssn_insurer, 2, "US"),
    (en_gp_practice, 5, "GB"), (en_nhs_qa, 4, "GB"), (en_nhs_correction, 2, "GB"), (en_nhs_subject, 2, "GB"),
    (en_direct_deposit, 4, "US"), (en_ssn_correction, 2, "US"), (en_hr_csv, 2, "US"), (en_w4_form, 3, "US"), (en_ssn_before, 2, "US"),
    (en_sepa_payout, 3, "US GB"), (en_iban_correction, 2, "US GB"), (en_iban_split, 2, "US GB"), (en_ach_qa, 4, "US"),
    (en_uk_payout, 2, "GB"), (en_iban_doc, 2, "US GB"), (en_payout_jsonlog, 3, "US"),
    (en_ci_token, 4, "US GB"), (en_key_shell, 5, "US GB"), (en_dea_qa, 3, "US"), (en_mrn_qa, 3, "US"), (en_ssn_qa, 3, "US"),
    (en_nhs_csv, 2, "GB"), (en_routing_before, 3, "US"),
    (en_sim_swap, 3, "US GB"), (en_port_in, 2, "US GB"), (en_bill_dispute, 2, "US GB"), (en_phone_split, 2, "US GB"),
    (en_rma, 3, "US GB"), (en_refund_card, 2, "US GB"), (en_address_change, 2, "US GB"),
]


# =====================================================================================================
# non-English scenarios (one phrasebook per language, same slots)
# =====================================================================================================

PB = {
    "de": {
        "card_qa": "[[a]]: Mit welcher Karte sollen wir die Rechnung [[inv]] begleichen?\n[[cf]]: mit der neuen, [[crd:answer]]\n[[cf]]: gültig bis [[exp]]\n[[a]]: Danke, [[amt]] wurden belastet.",
        "card_fix": "Hallo,\nbitte hinterlegen Sie meine neue Kreditkarte: [[typo]] – Entschuldigung, Tippfehler, richtig ist [[crd:correction]]. Bestellung [[ord]].",
        "iban": "Guten Tag,\nbitte überweisen Sie die Auszahlungen künftig auf IBAN [[ib]] (BIC [[bic]]). Die Auszahlung [[po]] über [[amt]] ging noch auf das alte Konto. USt-IdNr. [[vat]].",
        "iban_fix": "Meine Bankverbindung: [[ty]]\nsorry, Zahlendreher – korrekt ist [[ib:correction]]",
        "iban_split": "Kontoverbindung für die Erstattung:\n[[ib:split]]\n(Inhaber: [[n]])",
        "contact": "Bitte ändern Sie die Kontaktdaten zu Bestellung [[o]]: Telefon [[p]], E-Mail „[[e:quote]]“. Danke!",
        "health": "Ich komme nicht ins Patientenportal. Geburtsdatum: [[d]], Termin am [[ap]]. Rückruf gern unter [[p]] oder per Mail an [[e]].",
        "saas": "Unsere Webhooks schlagen seit [[ts]] fehl. Log-Auszug:\n\n[[ts2]] WARN webhook src_ip=[[i1:log_kv]] user=[[e:log_kv]] id=[[u]]\n\nBitte nur Zugriffe von [[i2]] erlauben. Der Zugriffsschlüssel [[ak]] ist kompromittiert, bitte sperren.",
        "ret": "Ich möchte Artikel [[ean]] aus Bestellung [[o]] zurückschicken (Retourennummer [[rma]], Sendungsnummer [[tr]]). Erreichbar unter [[p]] / [[e]].",
        "tel": "[[a]]: Für den SIM-Tausch brauche ich Ihre Rufnummer und Ihr Geburtsdatum.\n[[cf]]: [[p:answer]], geboren am [[d:answer]]\n[[a]]: Und die IMEI des Geräts?\n[[cf]]: [[im]]\n[[a]]: Danke, die neue SIM [[ic]] ist aktiviert.",
        "hr": "Lohnbüro: Bitte das Gehalt ab [[pd]] auf [[ib]] überweisen. Personalnummer [[eid]], geb. [[d]].",
        "benign": "Hallo,\nmeine Bestellung [[o]] ist seit [[dt]] unterwegs (Sendungsnummer [[tr]]). Bezahlt mit Karte [[mc]], Betrag [[amt]]. Rechnung [[inv]].",
        "benign2": "Seit [[ts]] bekommen wir 502-Fehler für Mandant [[u]]. Version [[ver]], Commit [[sha]], Kundennummer [[cn]].",
        "sig": ["\n\nMit freundlichen Grüßen\n[[nm]]\nTel. [[p:sig]]", "\n\nViele Grüße\n[[nm]]\n[[e:sig]]", "\n\nGruß, [[fn]]"],
        "open": ["Hallo,\n\n", "Guten Tag,\n\n", "Sehr geehrte Damen und Herren,\n\n", ""],
    },
    "fr": {
        "card_qa": "[[a]] : Quelle carte souhaitez-vous utiliser pour la facture [[inv]] ?\n[[cf]] : la nouvelle, [[crd:answer]]\n[[cf]] : elle expire fin [[exp]]\n[[a]] : Merci, [[amt]] débités.",
        "card_fix": "Bonjour,\nvoici ma nouvelle carte : [[typo]] — pardon, faute de frappe, c'est [[crd:correction]]. Commande [[ord]].",
        "iban": "Bonjour,\nmerci de verser désormais nos paiements sur l'IBAN [[ib]] (BIC [[bic]]). Le virement [[po]] de [[amt]] est parti sur l'ancien compte. N° TVA [[vat]].",
        "iban_fix": "Mon RIB : [[ty]]\noups, erreur d'un chiffre — le bon IBAN est [[ib:correction]]",
        "iban_split": "Coordonnées bancaires pour le remboursement :\n[[ib:split]]\n(titulaire : [[n]])",
        "contact": "Pouvez-vous mettre à jour mes coordonnées pour la commande [[o]] : tél. [[p]], e-mail « [[e:quote]] ». Merci !",
        "health": "Je n'arrive pas à accéder au portail patient. Je suis né(e) le [[d]], rendez-vous le [[ap]]. Vous pouvez me rappeler au [[p]] ou écrire à [[e]].",
        "saas": "Nos webhooks échouent depuis [[ts]] :\n\n{\"level\":\"error\",\"remote_ip\":\"[[i1:log_json]]\",\"user\":\"[[e:log_json]]\",\"id\":\"[[u]]\"}\n\nMerci d'autoriser uniquement [[i2]]. La clé d'accès [[ak]] a fuité, merci de la révoquer.",
        "ret": "Je souhaite retourner l'article [[ean]] de la commande [[o]] (n° de retour [[rma]], suivi [[tr]]). Joignable au [[p]] ou à [[e]].",
        "tel": "[[a]] : Pour changer la carte SIM, j'ai besoin de votre numéro et de votre date de naissance.\n[[cf]] : [[p:answer]], date de naissance [[d:answer]]\n[[a]] : Et l'IMEI du téléphone ?\n[[cf]] : [[im]]\n[[a]] : Merci, la nouvelle SIM [[ic]] est activée.",
        "hr": "Service paie : merci de verser mon salaire à partir du [[pd]] sur [[ib]]. Matricule [[eid]], date de naissance [[d]].",
        "benign": "Bonjour,\nma commande [[o]] est en transit depuis le [[dt]] (suivi [[tr]]). Payée avec la carte [[mc]], montant [[amt]]. Facture [[inv]].",
        "benign2": "Depuis [[ts]] nous recevons des erreurs 502 pour le locataire [[u]]. Version [[ver]], commit [[sha]], n° client [[cn]].",
        "sig": ["\n\nCordialement,\n[[nm]]\nTél. : [[p:sig]]", "\n\nBien à vous,\n[[nm]]\n[[e:sig]]", "\n\n[[fn]]"],
        "open": ["Bonjour,\n\n", "Madame, Monsieur,\n\n", ""],
    },
    "es": {
        "card_qa": "[[a]]: ¿Con qué tarjeta quiere pagar la factura [[inv]]?\n[[cf]]: con la nueva, [[crd:answer]]\n[[cf]]: caduca [[exp]]\n[[a]]: Gracias, cobrados [[amt]].",
        "card_fix": "Hola,\nmi tarjeta nueva es [[typo]] — perdón, error al teclear, es [[crd:correction]]. Pedido [[ord]].",
        "iban": "Buenas tardes,\npor favor, hagan las liquidaciones a la cuenta IBAN [[ib]] (BIC [[bic]]). La liquidación [[po]] de [[amt]] fue a la cuenta antigua. NIF-IVA [[vat]].",
        "iban_fix": "Mi cuenta: [[ty]]\nperdón, me equivoqué en un dígito, el IBAN correcto es [[ib:correction]]",
        "iban_split": "Datos bancarios para el reembolso:\n[[ib:split]]\n(titular: [[n]])",
        "contact": "Por favor, actualicen mis datos de contacto del pedido [[o]]: teléfono [[p]], correo «[[e:quote]]». ¡Gracias!",
        "health": "No puedo entrar en el portal del paciente. Fecha de nacimiento: [[d]]; tengo cita el [[ap]]. Pueden llamarme al [[p]] o escribir a [[e]].",
        "saas": "Los webhooks fallan desde [[ts]]:\n\nlevel=error ip=[[i1:log_kv]] usuario=[[e:log_kv]] id=[[u]]\n\nPor favor permitan solo [[i2]]. La clave de acceso [[ak]] se filtró, revóquenla.",
        "ret": "Quiero devolver el artículo [[ean]] del pedido [[o]] (devolución [[rma]], seguimiento [[tr]]). Mi teléfono [[p]], correo [[e]].",
        "tel": "[[a]]: Para el duplicado de SIM necesito su número y su fecha de nacimiento.\n[[cf]]: [[p:answer]], nací el [[d:answer]]\n[[a]]: ¿Y el IMEI del móvil?\n[[cf]]: [[im]]\n[[a]]: Gracias, la SIM nueva [[ic]] ya está activa.",
        "hr": "Nóminas: a partir del [[pd]] ingresen mi sueldo en [[ib]]. Nº de empleado [[eid]], fecha de nacimiento [[d]].",
        "benign": "Hola,\nmi pedido [[o]] está en tránsito desde el [[dt]] (seguimiento [[tr]]). Pagado con la tarjeta [[mc]], importe [[amt]]. Factura [[inv]].",
        "benign2": "Desde [[ts]] recibimos errores 502 para el inquilino [[u]]. Versión [[ver]], commit [[sha]], nº de cliente [[cn]].",
        "sig": ["\n\nUn saludo,\n[[nm]]\nTel.: [[p:sig]]", "\n\nAtentamente,\n[[nm]]\n[[e:sig]]", "\n\n[[fn]]"],
        "open": ["Hola,\n\n", "Buenos días:\n\n", ""],
    },
    "it": {
        "card_qa": "[[a]]: Con quale carta vuole saldare la fattura [[inv]]?\n[[cf]]: quella nuova, [[crd:answer]]\n[[cf]]: scadenza [[exp]]\n[[a]]: Grazie, addebitati [[amt]].",
        "card_fix": "Buongiorno,\nla nuova carta è [[typo]] — scusate, errore di battitura, è [[crd:correction]]. Ordine [[ord]].",
        "iban": "Buongiorno,\nvi prego di accreditare i pagamenti sull'IBAN [[ib]] (BIC [[bic]]). Il bonifico [[po]] di [[amt]] è andato sul vecchio conto. P.IVA [[vat]].",
        "iban_fix": "Coordinate: [[ty]]\nscusate, una cifra sbagliata — l'IBAN corretto è [[ib:correction]]",
        "iban_split": "Coordinate bancarie per il rimborso:\n[[ib:split]]\n(intestatario: [[n]])",
        "contact": "Per l'ordine [[o]] aggiornate i contatti: telefono [[p]], e-mail \"[[e:quote]]\". Grazie!",
        "health": "Non riesco ad accedere al portale pazienti. Data di nascita [[d]], appuntamento il [[ap]]. Potete richiamarmi al [[p]] o scrivere a [[e]].",
        "saas": "I webhook falliscono dal [[ts]]:\n\n[[ts2]] ERROR remote_ip=[[i1:log_kv]] utente=[[e:log_kv]] req=[[u]]\n\nConsentite solo [[i2]]. La chiave di accesso [[ak]] è stata esposta, revocatela.",
        "ret": "Vorrei restituire l'articolo [[ean]] dell'ordine [[o]] (reso [[rma]], tracking [[tr]]). Telefono [[p]], e-mail [[e]].",
        "tel": "[[a]]: Per la sostituzione della SIM mi servono numero e data di nascita.\n[[cf]]: [[p:answer]], nato il [[d:answer]]\n[[a]]: E l'IMEI del telefono?\n[[cf]]: [[im]]\n[[a]]: Grazie, la nuova SIM [[ic]] è attiva.",
        "hr": "Ufficio paghe: dal [[pd]] accreditate lo stipendio su [[ib]]. Matricola [[eid]], data di nascita [[d]].",
        "benign": "Buongiorno,\nl'ordine [[o]] è in transito dal [[dt]] (tracking [[tr]]). Pagato con la carta [[mc]], importo [[amt]]. Fattura [[inv]].",
        "benign2": "Dal [[ts]] riceviamo errori 502 per il tenant [[u]]. Versione [[ver]], commit [[sha]], codice cliente [[cn]].",
        "sig": ["\n\nCordiali saluti,\n[[nm]]\nTel. [[p:sig]]", "\n\nGrazie,\n[[nm]]\n[[e:sig]]", "\n\n[[fn]]"],
        "open": ["Buongiorno,\n\n", "Salve,\n\n", ""],
    },
    "nl": {
        "card_qa": "[[a]]: Met welke kaart wilt u factuur [[inv]] betalen?\n[[cf]]: de nieuwe, [[crd:answer]]\n[[cf]]: geldig t/m [[exp]]\n[[a]]: Dank u, [[amt]] afgeschreven.",
        "card_fix": "Hoi,\nmijn nieuwe creditcard is [[typo]] — sorry, typfout, het is [[crd:correction]]. Bestelling [[ord]].",
        "iban": "Goedemiddag,\nwilt u de uitbetalingen voortaan naar IBAN [[ib]] (BIC [[bic]]) overmaken? Uitbetaling [[po]] van [[amt]] ging nog naar de oude rekening. Btw-nummer [[vat]].",
        "iban_fix": "Rekeningnummer: [[ty]]\nsorry, cijfer fout — juiste IBAN is [[ib:correction]]",
        "iban_split": "Bankgegevens voor de terugbetaling:\n[[ib:split]]\n(t.n.v. [[n]])",
        "contact": "Kunt u de contactgegevens bij bestelling [[o]] wijzigen: telefoon [[p]], e-mail '[[e:quote]]'. Bedankt!",
        "health": "Ik kan niet inloggen op het patiëntenportaal. Geboortedatum [[d]], afspraak op [[ap]]. Bel me terug op [[p]] of mail naar [[e]].",
        "saas": "Onze webhooks falen sinds [[ts]]:\n\n{\"lvl\":\"error\",\"ip\":\"[[i1:log_json]]\",\"email\":\"[[e:log_json]]\",\"req\":\"[[u]]\"}\n\nSta alleen [[i2]] toe. Toegangssleutel [[ak]] is gelekt, graag intrekken.",
        "ret": "Ik wil artikel [[ean]] uit bestelling [[o]] retourneren (retournummer [[rma]], track & trace [[tr]]). Bereikbaar op [[p]] of [[e]].",
        "tel": "[[a]]: Voor de simwissel heb ik uw nummer en geboortedatum nodig.\n[[cf]]: [[p:answer]], geboren op [[d:answer]]\n[[a]]: En het IMEI-nummer van het toestel?\n[[cf]]: [[im]]\n[[a]]: Dank u, nieuwe simkaart [[ic]] is actief.",
        "hr": "Salarisadministratie: graag vanaf [[pd]] mijn salaris op [[ib]]. Personeelsnummer [[eid]], geboortedatum [[d]].",
        "benign": "Hallo,\nbestelling [[o]] is sinds [[dt]] onderweg (track & trace [[tr]]). Betaald met kaart [[mc]], bedrag [[amt]]. Factuur [[inv]].",
        "benign2": "Sinds [[ts]] krijgen we 502-fouten voor tenant [[u]]. Versie [[ver]], commit [[sha]], klantnummer [[cn]].",
        "sig": ["\n\nMet vriendelijke groet,\n[[nm]]\nT [[p:sig]]", "\n\nGroet,\n[[nm]]\n[[e:sig]]", "\n\n[[fn]]"],
        "open": ["Hallo,\n\n", "Beste support,\n\n", ""],
    },
    "pt": {
        "card_qa": "[[a]]: Com que cartão quer pagar a fatura [[inv]]?\n[[cf]]: o novo, [[crd:answer]]\n[[cf]]: validade [[exp]]\n[[a]]: Obrigado, cobrados [[amt]].",
        "card_fix": "Olá,\no meu cartão novo é [[typo]] — desculpem, engano, é [[crd:correction]]. Encomenda [[ord]].",
        "iban": "Boa tarde,\npor favor transfiram os pagamentos para o IBAN [[ib]] (BIC [[bic]]). O pagamento [[po]] de [[amt]] foi para a conta antiga. NIF [[vat]].",
        "iban_fix": "IBAN: [[ty]]\ndesculpem, um dígito errado — o correto é [[ib:correction]]",
        "iban_split": "Dados bancários para o reembolso:\n[[ib:split]]\n(titular: [[n]])",
        "contact": "Podem atualizar os contactos da encomenda [[o]]: telemóvel [[p]], e-mail «[[e:quote]]». Obrigado!",
        "health": "Não consigo entrar no portal do utente. Data de nascimento: [[d]], consulta a [[ap]]. Liguem-me para o [[p]] ou escrevam para [[e]].",
        "saas": "Os webhooks falham desde [[ts]]:\n\nlevel=error ip=[[i1:log_kv]] utilizador=[[e:log_kv]] id=[[u]]\n\nPermitam só [[i2]]. A chave de acesso [[ak]] foi exposta, revoguem-na por favor.",
        "ret": "Quero devolver o artigo [[ean]] da encomenda [[o]] (devolução [[rma]], seguimento [[tr]]). Contacto [[p]] / [[e]].",
        "tel": "[[a]]: Para a segunda via do cartão SIM preciso do número e da data de nascimento.\n[[cf]]: [[p:answer]], nasci a [[d:answer]]\n[[a]]: E o IMEI do telemóvel?\n[[cf]]: [[im]]\n[[a]]: Obrigado, o novo SIM [[ic]] está ativo.",
        "hr": "Processamento salarial: a partir de [[pd]] o vencimento deve ir para [[ib]]. N.º de colaborador [[eid]], data de nascimento [[d]].",
        "benign": "Olá,\na encomenda [[o]] está em trânsito desde [[dt]] (seguimento [[tr]]). Paga com o cartão [[mc]], valor [[amt]]. Fatura [[inv]].",
        "benign2": "Desde [[ts]] recebemos erros 502 para o tenant [[u]]. Versão [[ver]], commit [[sha]], n.º de cliente [[cn]].",
        "sig": ["\n\nCumprimentos,\n[[nm]]\nTel.: [[p:sig]]", "\n\nObrigado,\n[[nm]]\n[[e:sig]]", "\n\n[[fn]]"],
        "open": ["Olá,\n\n", "Bom dia,\n\n", ""],
    },
    "sv": {
        "card_qa": "[[a]]: Vilket kort vill du betala faktura [[inv]] med?\n[[cf]]: det nya, [[crd:answer]]\n[[cf]]: giltigt t.o.m. [[exp]]\n[[a]]: Tack, [[amt]] har dragits.",
        "card_fix": "Hej,\nmitt nya kort är [[typo]] — förlåt, skrivfel, det är [[crd:correction]]. Order [[ord]].",
        "iban": "Hej,\nvänligen betala ut till IBAN [[ib]] (BIC [[bic]]) i fortsättningen. Utbetalning [[po]] på [[amt]] gick till det gamla kontot. Momsreg.nr [[vat]].",
        "iban_fix": "Kontouppgifter: [[ty]]\nursäkta, en siffra fel — rätt IBAN är [[ib:correction]]",
        "iban_split": "Bankuppgifter för återbetalningen:\n[[ib:split]]\n(kontohavare: [[n]])",
        "contact": "Kan ni uppdatera kontaktuppgifterna för order [[o]]: telefon [[p]], e-post ”[[e:quote]]”. Tack!",
        "health": "Jag kommer inte in i patientportalen. Födelsedatum [[d]], besök den [[ap]]. Ring mig på [[p]] eller mejla [[e]].",
        "saas": "Våra webhooks misslyckas sedan [[ts]]:\n\n[[ts2]] ERROR src=[[i1:log_kv]] user=[[e:log_kv]] id=[[u]]\n\nTillåt bara [[i2]]. Åtkomstnyckeln [[ak]] har läckt, spärra den.",
        "ret": "Jag vill returnera artikel [[ean]] från order [[o]] (returnummer [[rma]], spårning [[tr]]). Nås på [[p]] eller [[e]].",
        "tel": "[[a]]: För SIM-bytet behöver jag ditt nummer och födelsedatum.\n[[cf]]: [[p:answer]], född [[d:answer]]\n[[a]]: Och telefonens IMEI?\n[[cf]]: [[im]]\n[[a]]: Tack, nya SIM-kortet [[ic]] är aktiverat.",
        "hr": "Lön: från [[pd]] ska lönen sättas in på [[ib]]. Anställningsnummer [[eid]], födelsedatum [[d]].",
        "benign": "Hej,\norder [[o]] har varit på väg sedan [[dt]] (spårning [[tr]]). Betald med kort [[mc]], belopp [[amt]]. Faktura [[inv]].",
        "benign2": "Sedan [[ts]] får vi 502-fel för tenant [[u]]. Version [[ver]], commit [[sha]], kundnummer [[cn]].",
        "sig": ["\n\nMed vänliga hälsningar\n[[nm]]\nTel: [[p:sig]]", "\n\nHälsningar,\n[[nm]]\n[[e:sig]]", "\n\n[[fn]]"],
        "open": ["Hej,\n\n", "Hej!\n\n", ""],
    },
}

LOC_KINDS = {"card_qa": ("billing", "chat"), "card_fix": ("billing", "email"), "iban": ("payouts", "email"),
             "iban_fix": ("payouts", "email"), "iban_split": ("payouts", "email"), "contact": ("ecommerce", "email"),
             "health": ("healthcare", "email"), "saas": ("saas", "log"), "ret": ("ecommerce", "email"),
             "tel": ("telecom", "chat"), "hr": ("payroll", "email")}


def loc_slots(c):
    r = c.r
    cc = c.region
    crd = card(r, style=r.choice(["spaced", "plain", "dashed", "dblspace"]))
    ib = iban(r, cc, r.choice(["spaced", "compact", "spaced", "irregular"]))
    ib_split = iban(r, cc, "split")
    amt = N("amount", f"{r.randint(5, 900)},{r.randint(0, 99):02d} " + ("kr" if cc == "SE" else "€"))
    return dict(a=c.afirst, cf=c.first, n=c.name, inv=invoice_no(r), crd=crd, exp=card_expiry(r), amt=amt,
                typo=card_typo(r, crd), ord=order_no(r), ib=ib, bic=bic(r), po=payout_id(r), vat=vat_id(r, cc),
                ty=iban_typo(r, ib), o=order_no(r), p=c.phone(), e=c.email(), d=c.dob(), ap=c.date("appointment_date"),
                ts=ts_iso(r), ts2=ts_log(r), i1=ip(r, r.choice(["pub", "v6", "priv10"])), i2=ip(r, "pub"), u=uuid(r),
                ak=aws_key(r), ean=ean13(r), rma=rma(r), tr=tracking_no(r), im=imei(r), ic=iccid(r),
                pd=c.date("pay_date"), eid=employee_id(r), dt=c.date("shipping_date"), mc=masked_card(r),
                ver=version4(r), sha=git_sha(r), cn=customer_no(r), ib_split=ib_split)


def loc_note(c, b, key):
    r = c.r
    pb = PB[c.lang]
    S = loc_slots(c)
    if key == "iban_split":
        S["ib"] = S["ib_split"]
    if key not in ("card_qa", "tel", "saas", "benign"):
        b.t(r.choice(pb["open"]))
    b.f(pb[key], **S)
    if key not in ("card_qa", "tel") and not key.startswith("benign"):
        b.f(r.choice(pb["sig"]), nm=c.name, fn=c.first, p=c.phone(), e=c.email())
    return LOC_KINDS.get(key, ("ecommerce" if key == "benign" else "saas", "email"))


# =====================================================================================================
# benign English notes (no positive at all)
# =====================================================================================================

def masked_dob(r):
    return N("masked_dob", r.choice([f"**/**/{r.randint(1940, 2005)}", "XX/XX/XXXX", f"[DOB redacted]", f"••/••/19{r.randint(40, 99)}"]))


def masked_nhs(r):
    return N("masked_nhs", r.choice([f"*** *** {rdig(r, 4)}", f"XXX XXX {rdig(r, 4)}", f"{rdig(r, 3)} *** ****"]))


def masked_npi(r):
    return N("masked_npi", r.choice([f"******{rdig(r, 4)}", f"1*******{rdig(r, 2)}", "[NPI redacted]"]))


def masked_mrn(r):
    return N("masked_mrn", r.choice([f"****{rdig(r, 4)}", "[MRN removed]", f"MR****{rdig(r, 2)}"]))


def bn_refund(c, b):
    r = c.r
    b.f("Refund of [[amt]] to [[mc]] for order [[o]] went out on [[dt]]. Customer contact on file: [[me]] / [[mp]]. Nothing else needed, closing [[tr]].",
        amt=c.amt(), mc=masked_card(r), o=order_no(r), dt=c.date("refund_date"), me=masked_email(r, c.first, r.choice(WEBMAIL[c.region])),
        mp=masked_phone(r), tr=ticket_ref(r))
    return "billing", "internal_note"


def bn_outage(c, b):
    r = c.r
    b.f("Since [[ts]] the API returns 502 for tenant [[u]]. SDK [[ver]], our commit [[sha]], request ids [[q1]] and [[q2]]. "
        "Epoch in the error body: [[ep]]. Payload hash [[h]].", ts=ts_iso(r), u=uuid(r), ver=version4(r), sha=git_sha(r),
        q1=request_id(r), q2=request_id(r), ep=ts_epoch(r), h=sha256(r))
    sig_customer(c, b, contact=False)
    return "saas", "email"


def bn_health_masked(c, b):
    r = c.r
    if c.region == "GB":
        b.f("Patient details (redacted per IG policy): DOB [[md]], NHS No [[mn]]. Appointment [[ap]] at practice [[ods]], e-RS UBRN [[ub]], "
            "PAS episode [[ep]]. Practice postcode [[pc]].", md=masked_dob(r), mn=masked_nhs(r), ap=c.date("appointment_date"),
            ods=ods_code(r), ub=ubrn(r), ep=nhs_fail(r, "episode_number"), pc=postcode_uk(r))
    else:
        b.f("Callback logged. Patient DOB [[md]], MRN [[mm]], prescriber NPI [[mn]]. Claim [[cl]] for date of service [[ds]], member ID [[mid]], "
            "group [[g]]. Payer reference [[pr]] (not an NPI — their batch id).", md=masked_dob(r), mm=masked_mrn(r), mn=masked_npi(r),
            cl=claim_no(r), ds=c.date("service_date"), mid=member_id(r), g=group_no(r), pr=npi_fail_ref(r, "payer_batch_ref"))
    return "healthcare" if c.region == "US" else "healthcare_uk", "internal_note"


def bn_ecom(c, b):
    r = c.r
    opener(c, b)
    b.f("Box arrived damaged. Order [[o]], items [[s1]] (barcode [[ean]]) and [[s2]] (UPC [[upc]]); tracking [[tr]]; RMA [[rma]]. "
        "Ship-to postcode [[pc]].", o=order_no(r), s1=sku(r), ean=ean13(r), s2=sku(r), upc=upc(r), tr=tracking_no(r), rma=rma(r),
        pc=zip_us(r) if c.region == "US" else postcode_uk(r))
    sig_customer(c, b, contact=False)
    return "ecommerce", "email"


def bn_telecom(c, b):
    r = c.r
    b.f("Device swap done. Old handset IMEI [[im1]], new IMEI [[im2]], SIM ICCID [[ic]]. Line on file [[mp]]. Carrier case [[cs]], "
        "port-out PIN reset (not stored).", im1=imei(r), im2=imei(r), ic=iccid(r), mp=masked_phone(r), cs=phone_shaped_case(r))
    return "telecom", "internal_note"


def bn_payroll(c, b):
    r = c.r
    b.f("Payroll run [[pr]] for [[pd]]: employer EIN [[ein]], employees [[e1]] and [[e2]], SSNs on file [[ms1]] and [[ms2]]. Paper check "
        "[[chk]] voided. Net total [[amt]].", pr=N("payroll_run_id", "PR-" + rdig(r, 6)), pd=c.date("pay_date"), ein=ein(r),
        e1=employee_id(r), e2=employee_id(r), ms1=masked_ssn(r), ms2=masked_ssn(r), chk=check_number(r), amt=c.amt())
    return "payroll", "internal_note"


def bn_devdocs(c, b):
    r = c.r
    b.f("For the sandbox use only the documented test values: test card [[t1]] (or [[t2]]), AWS sample key [[ak]], sample IBAN [[ib]], "
        "and a placeholder address like [[pe]]. Never real data.", t1=test_pan(r), t2=test_pan(r), ak=aws_example(r),
        ib=iban_doc_example(r), pe=placeholder_email(r))
    sig_agent(c, b, contact=False)
    return "saas", "email"


def bn_keys(c, b):
    r = c.r
    b.f("I've removed the private key you pasted; what's left in the ticket:\n\n[[rk]]\n\nThe certificate and your public key are fine to share:\n\n[[cert]]\n\n"
        "[[pub]]\n\nFingerprint [[fp]], commit [[sha]].", rk=redacted_key(r), cert=cert_block(r) if r.random() < 0.6 else pubkey_block(r),
        pub=ssh_pub(r, f"{ascii_fold(c.first).lower()}@laptop"), fp=ssh_fp(r), sha=git_sha(r, True))
    sig_agent(c, b, contact=False)
    return "saas", "email"


def bn_network(c, b):
    r = c.r
    b.f("Network notes: appliance MAC [[mac]], firmware [[v1]], SNMP OID [[oid]], subnet mask [[nm]]. The address in the screenshot, "
        "[[bad]], is not valid (octet > 255). Client IP appears masked as [[mi]] in our logs. Build [[v2]].",
        mac=mac(r), v1=version4(r), oid=oid(r), nm=netmask(r), bad=bad_octet_ip(r), mi=masked_ip(r), v2=version4(r))
    return "saas", "internal_note"


def bn_banking(c, b):
    r = c.r
    b.f("The IBAN in the ticket, [[bad]], fails validation (check digits), so the payout was held. Other refs: BIC [[bic]], sort code [[sc]], "
        "account [[ac]], our creditor ID [[cr]], mandate [[md]], customer shows as [[mi]].",
        bad=iban_bad(r, r.choice(["DE", "FR", "NL", "GB"])), bic=bic(r), sc=sort_code(r), ac=uk_account(r),
        cr=sepa_creditor(r, "DE"), md=mandate_ref(r), mi=masked_iban(r, r.choice(["DE", "NL"])))
    return "payouts", "internal_note"


def bn_refs(c, b):
    r = c.r
    b.f("Checked the numbers from the call: order number [[lo]] (our order numbers pass the Luhn check, it is not a card), "
        "case [[cs]], confirmation [[conf]], DEA-looking code on the fax [[df]] fails the DEA check, and reference [[nf]] is the "
        "payer's claim batch.", lo=luhn_order(r), cs=phone_shaped_case(r), conf=aba_passing_ref(r),
        df=dea_fail(r, r.choice(LAST["US"])), nf=npi_fail_ref(r))
    return "billing", "internal_note"


def bn_itin(c, b):
    r = c.r
    opener(c, b)
    b.f("I don't have a social security number yet, only an ITIN ([[it]]). The form keeps rejecting it. My employer's EIN is [[ein]], "
        "start date [[sd]].", it=itin(r), ein=ein(r), sd=c.date("start_date"))
    sig_customer(c, b, contact=False)
    return "payroll", "email"


BN_SCENARIOS = [bn_refund, bn_outage, bn_health_masked, bn_ecom, bn_telecom, bn_payroll, bn_devdocs, bn_keys, bn_network,
                bn_banking, bn_refs, bn_itin]


# =====================================================================================================
# checks shared by notes and JSON strings
# =====================================================================================================

PASS_KINDS = {  # negatives that pass the checksum of the entity they imitate, and what they pass
    "luhn_order_number": lambda t: luhn_ok(digits(t)) and card_brand(digits(t)) is None,
    "test_card": lambda t: digits(t) in TEST_PANS and luhn_ok(digits(t)),
    "aba_passing_ref": aba_ok,
    "npi_passing_ref": npi_ok,
    "imei": lambda t: len(digits(t)) == 15 and luhn_ok(digits(t)),
    "iccid": lambda t: len(digits(t)) == 19 and luhn_ok(digits(t)),
    "iban_doc_example": iban_ok,
}
FAIL_KINDS = {  # negatives that must fail a specific check
    "card_typo_superseded": lambda t: not luhn_ok(digits(t)),
    "iban_typo_superseded": lambda t: not iban_mod97(re.sub(r"\s", "", t)),
    "iban_bad_checksum": lambda t: not iban_mod97(re.sub(r"\s", "", t)),
    "nhs_typo_superseded": lambda t: not nhs_ok(digits(t)),
    "nhs_shaped_fail": lambda t: not nhs_ok(digits(t)),
    "episode_number": lambda t: not nhs_ok(digits(t)),
    "npi_typo_superseded": lambda t: not npi_ok(t),
    "npi_shaped_fail": lambda t: not npi_ok(t),
    "payer_batch_ref": lambda t: not npi_ok(t),
    "ssn_typo_superseded": lambda t: not ssn_ok(t),
    "ssn_shaped_invalid": lambda t: not ssn_ok(t),
    "itin": lambda t: not ssn_ok(t),
    "dea_checksum_fail": lambda t: not dea_ok(t),
    "gh_checksum_fail": lambda t: not gh_ok(t),
    "aws_example_key": lambda t: "EXAMPLE" in t,
    "ean13_barcode": lambda t: not luhn_ok(t),
    "ip_bad_octet": lambda t: any(int(x) > 255 for x in t.split(".")),
}
MASK_RE = re.compile(r"[*•X]|xx|\.x|\[|ending in|\.\.\.|<removed|\(key body")
TARGET = {  # which entity each negative kind imitates (for the counts table); others are "other"
    "CREDIT_CARD": "card_typo_superseded test_card masked_card luhn_order_number card_expiry_x imei iccid ean13_barcode upc_barcode",
    "US_SSN": "ssn_typo_superseded ssn_shaped_invalid itin ein masked_ssn",
    "EMAIL_ADDRESS": "masked_email placeholder_email",
    "PHONE_NUMBER": "masked_phone phone_shaped_case_number",
    "IBAN_CODE": "iban_typo_superseded iban_bad_checksum iban_doc_example masked_iban swift_bic sort_code uk_account_number sepa_creditor_id vat_id mandate_reference",
    "ABA_ROUTING_NUMBER": "aba_passing_ref bank_account_number check_number carrier_account_number ach_trace_number",
    "IP_ADDRESS": "version_string oid mac_address netmask ip_bad_octet masked_ip",
    "MEDICAL_RECORD_NUMBER": "masked_mrn patient_account_number member_id claim_number encounter_number accession_number rx_number appointment_id group_number",
    "US_NPI": "npi_typo_superseded npi_shaped_fail payer_batch_ref npi_passing_ref masked_npi taxonomy_code clia_number",
    "DATE_OF_BIRTH": "masked_dob card_expiry timestamp epoch_timestamp email_header_date appointment_date transaction_date fill_date service_date pay_date start_date hire_date refund_date shipping_date recall_due_date follow_up_date",
    "UK_NHS": "nhs_typo_superseded nhs_shaped_fail episode_number masked_nhs ods_practice_code ers_ubrn eps_prescription_id",
    "US_DEA": "dea_checksum_fail state_license",
    "AWS_ACCESS_KEY": "aws_example_key aws_secret_key aws_account_id aws_role_id aws_masked_key",
    "GITHUB_TOKEN": "gh_checksum_fail git_sha git_sha_short gitlab_token npm_token",
    "PRIVATE_KEY": "certificate_block public_key_block ssh_public_key redacted_private_key ssh_fingerprint",
}
KIND_TARGET = {k: e for e, ks in TARGET.items() for k in ks.split()}

EMAIL_RE = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")


def validate_value(ent, t):
    s = re.sub(r"\s", "", t)
    if ent == "CREDIT_CARD":
        return re.fullmatch(r"[\d \-\n]+", t) is not None and card_ok(s)
    if ent == "US_SSN":
        return re.fullmatch(r"\d{3}([- ]?)\d{2}\1\d{4}", t) is not None and ssn_ok(t)
    if ent == "EMAIL_ADDRESS":
        return EMAIL_RE.fullmatch(t) is not None and not re.search(r"@(example\.|yourcompany\.|company\.com)", t)
    if ent == "PHONE_NUMBER":
        return re.fullmatch(r"[+0-9 ()\-./]+", t) is not None and 7 <= len(digits(t)) <= 15
    if ent == "IBAN_CODE":
        return iban_ok(s)
    if ent == "ABA_ROUTING_NUMBER":
        return aba_ok(t)
    if ent == "IP_ADDRESS":
        return ip_valid(t)
    if ent == "MEDICAL_RECORD_NUMBER":
        return re.fullmatch(r"[A-Z]{0,2}\d{6,10}", t) is not None
    if ent == "US_NPI":
        return npi_ok(t)
    if ent == "DATE_OF_BIRTH":
        return dob_parse_ok(t)
    if ent == "UK_NHS":
        return re.fullmatch(r"\d{3}([- ]?)\d{3}\1\d{4}", t) is not None and nhs_ok(digits(t))
    if ent == "US_DEA":
        return dea_ok(t) and t[0] in DEA_FIRST
    if ent == "AWS_ACCESS_KEY":
        return aws_ok(t)
    if ent == "GITHUB_TOKEN":
        return gh_ok(t)
    if ent == "PRIVATE_KEY":
        return pem_ok(t)
    return False


def validate_neg(kind, t):
    if kind in PASS_KINDS:
        return PASS_KINDS[kind](t), "must pass"
    if kind in FAIL_KINDS and not FAIL_KINDS[kind](t):
        return False, "must fail"
    if kind.startswith("masked_") or kind in ("aws_masked_key", "redacted_private_key"):
        return MASK_RE.search(t) is not None, "mask"
    if kind in ("ssn_typo_superseded", "ssn_shaped_invalid", "itin") or ssn_shape(t):
        if ssn_ok(t):
            return False, "ssn-shaped passes SSN rules"
    if re.fullmatch(r"#?\d[\d \-/]*", t):
        d = digits(t)
        a = accidental(d)
        if a:
            return False, f"accidentally passes {a}"
    if kind == "ip_bad_octet" or kind == "version_string":
        if kind == "version_string" and ip_valid(t):
            # a 4-part version is by construction also a syntactically valid IP; it is a negative by context
            pass
    return True, ""


MONTH_ALT = "|".join(sorted({m for ms in MONTHS.values() for m in ms} | {m[:3] for m in MONTHS_EN}, key=len, reverse=True))
LEAK_RES = [
    ("digits5", re.compile(r"\d{5,}")),
    ("grouped7", re.compile(r"\d+(?:[ \-./]\d+)+")),
    ("ipv4", re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")),
    ("ipv6", re.compile(r"(?<![0-9A-Za-z])[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4}){3,}")),
    ("aws", re.compile(r"(?:AKIA|ASIA|AROA|AIDA|ANPA)[A-Z0-9]{8,}")),
    ("token", re.compile(r"gh[pousr]_[A-Za-z0-9]{10,}|github_pat_|glpat-|npm_[A-Za-z0-9]{10,}")),
    ("pem", re.compile(r"-----BEGIN")),
    ("hex16", re.compile(r"[0-9a-fA-F]{16,}")),
    ("b64", re.compile(r"[A-Za-z0-9+/]{32,}")),
    ("dea", re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{7}(?![A-Za-z0-9])")),
    ("iban", re.compile(r"(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?")),
    ("month_date", re.compile(r"(?i)\b\d{1,2}\.?(?: de)? (?:" + MONTH_ALT + r")\.?(?: de)?,? \d{4}|\b(?:" + MONTH_ALT + r")\.? \d{1,2},? \d{4}")),
    ("at", re.compile(r"@")),
]


def check_doc(text, spans, negs, where, errs):
    """spans: (cs, ce, ent, fmt); negs: (cs, ce, kind). Appends problems to errs."""
    ivs = sorted([(s, e, "S") for s, e, *_ in spans] + [(s, e, "N") for s, e, *_ in negs])
    for (a0, a1, _), (b0, b1, _) in zip(ivs, ivs[1:]):
        if b0 < a1:
            errs.append(f"{where}: overlap {text[a0:a1]!r} / {text[b0:b1]!r}")
    for s, e, ent, fmt in spans:
        t = text[s:e]
        if not validate_value(ent, t):
            errs.append(f"{where}: invalid {ent} {t!r}")
        if s > 0 and text[s - 1].isascii() and text[s - 1].isalnum():
            errs.append(f"{where}: {ent} {t!r} glued left")
        if e < len(text) and text[e].isascii() and text[e].isalnum():
            errs.append(f"{where}: {ent} {t!r} glued right")
    for s, e, kind in negs:
        ok, why = validate_neg(kind, text[s:e])
        if not ok:
            errs.append(f"{where}: negative {kind} {text[s:e]!r}: {why}")

    def covered(a, b):
        return any(s < b and a < e for s, e, _ in ivs)

    for name, rx in LEAK_RES:
        for m in rx.finditer(text):
            a, b = m.span()
            if name == "grouped7" and len(digits(m.group())) < 7:
                continue
            if name == "ipv6" and not (re.search(r"[a-fA-F]", m.group()) or "::" in m.group()):
                continue
            if name == "dea" and not dea_ok(m.group()):
                continue
            if name == "iban" and not iban_ok(m.group()):
                continue
            if name == "at" and text[a + 1:a + 12] == "github.com/":
                continue
            if name == "digits5" and a > 0 and text[a - 1].isascii() and text[a - 1].isalpha() and m.group() == "25519":
                continue
            if name == "b64" and not (re.search(r"\d", m.group()) and re.search(r"[A-Z]", m.group()) and re.search(r"[a-z]", m.group())):
                continue
            if not covered(a, b):
                errs.append(f"{where}: leak[{name}] {text[max(0, a - 25):b + 25]!r}")
    # a positive value must not appear unlabelled elsewhere
    span_set = {(s, e) for s, e, *_ in spans}
    for s, e, ent, fmt in spans:
        v = text[s:e]
        if len(v) >= 6:
            i = text.find(v)
            while i >= 0:
                if (i, i + len(v)) not in span_set and not any(ss <= i and i + len(v) <= ee for ss, ee in span_set):
                    errs.append(f"{where}: value {v!r} also appears unlabelled")
                i = text.find(v, i + 1)
        dv = digits(v)
        if len(dv) >= 7 and ent not in ("PRIVATE_KEY", "GITHUB_TOKEN", "AWS_ACCESS_KEY", "EMAIL_ADDRESS"):
            for m in re.finditer(r"\d(?:[ \-.]?\d)*", text):
                if digits(m.group()) == dv and not any(ss < m.end() and m.start() < ee for ss, ee in span_set):
                    errs.append(f"{where}: digits of {v!r} appear unlabelled at {m.start()}")


def char_to_byte(text):
    offs, acc = [0] * (len(text) + 1), 0
    for i, ch in enumerate(text):
        offs[i] = acc
        acc += len(ch.encode("utf-8"))
    offs[len(text)] = acc
    return offs


# =====================================================================================================
# notes
# =====================================================================================================

LANGS = ["de", "fr", "es", "it", "nl", "pt", "sv"]


def plan_notes():
    r = random.Random(f"{SEED}:plan")
    plan = []
    for lang in LANGS:
        for k in range(25):
            plan.append((lang, LANG_REGION[lang], k < 3))
    n_en = N_NOTES - len(plan)
    n_ben_en = round(N_NOTES * 0.15) - 3 * len(LANGS)
    for k in range(n_en):
        plan.append(("en", "GB" if k % 10 < 3 else "US", k < n_ben_en))
    r.shuffle(plan)
    return plan


FOOTERS = ["\n\n— ticket [[tr]] · opened [[ts]] · via web form", "\n\n[auto] SLA timer started [[ts]] for [[tr]]",
           "\n\nRef: [[tr]] / [[u]]", "\n\n(merged from [[tr]])"]


def build_note(i, lang, region, benign, attempt):
    r = random.Random(f"{SEED}:note:{i}:{attempt}")
    c = Ctx(r, lang, region)
    b = B()
    if lang == "en":
        if benign:
            queue, cat = r.choice(BN_SCENARIOS)(c, b)
        else:
            cands = [(f, w) for f, w, regs in EN_SCENARIOS if region in regs.split()]
            fn = r.choices([f for f, _ in cands], [w for _, w in cands])[0]
            queue, cat = fn(c, b)
    else:
        if benign:
            key = r.choice(["benign", "benign2"])
        else:
            key = r.choice(["card_qa", "card_fix", "iban", "iban_fix", "iban_split", "contact", "health", "saas", "ret", "tel", "hr",
                            "contact", "health", "tel"])
        queue, cat = loc_note(c, b, key)
    if r.random() < 0.3:
        b.f(r.choice(FOOTERS), tr=ticket_ref(r), ts=ts_iso(r), u=uuid(r))
    text = b.text()
    spans = [(s, e, ent, fmt) for s, e, ent, fmt, _ in b.spans]
    negs = [(s, e, k) for s, e, k, _ in b.negs]
    for s, e, ent, fmt, val in b.spans:
        assert text[s:e] == val
    tags = [lang, queue, cat, region, "benign" if benign else "pii"]
    if any("\n" in text[s:e] for s, e, ent, _ in spans if ent != "PRIVATE_KEY"):
        tags.append("multiline_value")
    if not text.isascii():
        tags.append("non_ascii")
    return text, spans, negs, tags, cat


def make_notes():
    notes = []
    for i, (lang, region, benign) in enumerate(plan_notes()):
        for attempt in range(40):
            text, spans, negs, tags, cat = build_note(i, lang, region, benign, attempt)
            errs = []
            check_doc(text, spans, negs, f"note {i}", errs)
            if benign and spans:
                errs.append("benign note with positives")
            if not benign and not spans:
                errs.append("pii note without positives")
            if not errs:
                break
        else:
            raise SystemExit("cannot draw note %d: %s" % (i, "; ".join(errs[:5])))
        bt = char_to_byte(text)
        notes.append({
            "id": f"h14-{i:04d}", "category": cat, "tags": tags, "text": text,
            "spans": [{"start": bt[s], "end": bt[e], "cstart": s, "cend": e, "entity": ent, "fmt": fmt} for s, e, ent, fmt in spans],
            "hard_negatives": [{"start": bt[s], "end": bt[e], "cstart": s, "cend": e, "kind": k} for s, e, k in sorted(negs)],
        })
    return notes


# =====================================================================================================
# ticket JSON
# =====================================================================================================

class LS:
    """A labelled JSON string."""

    def __init__(self, b):
        self.text = b.text()
        self.spans = [(s, e, ent, fmt) for s, e, ent, fmt, _ in b.spans]
        self.negs = [(s, e, k) for s, e, k, _ in b.negs]


def ls(item, place):
    b = B()
    b.put(item, place)
    return LS(b)


class LNum:
    """A labelled JSON number (a V or an N whose text is the number's decimal form)."""

    def __init__(self, item, place="cf_number"):
        self.item, self.place = item, place
        self.value = int(item.text)
        assert str(self.value) == item.text


def json_id(r, n):
    return LNum(N("json_id", safe_num(r, n)))


def htmlify(x):
    """HTML twin of a labelled string (values never contain & < >)."""
    multiline = any("\n" in x.text[s:e] for s, e, *_ in x.spans)
    pre, post = ("<div><pre>", "</pre></div>") if multiline else ("<div dir=\"auto\"><p>", "</p></div>")
    out, pos = [pre], [0] * (len(x.text) + 1)
    n = len(pre)
    for i, ch in enumerate(x.text):
        pos[i] = n
        rep = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}.get(ch, ch)
        if ch == "\n" and not multiline:
            rep = "<br>\n"
        out.append(rep)
        n += len(rep)
    pos[len(x.text)] = n
    h = LS(B())
    h.text = "".join(out) + post
    for s, e, *_ in x.spans + x.negs:
        assert not re.search(r"[&<>]", x.text[s:e]), x.text[s:e]
    h.spans = [(pos[s], pos[e - 1] + 1, ent, fmt + ".html") for s, e, ent, fmt in x.spans]
    h.negs = [(pos[s], pos[e - 1] + 1, k) for s, e, k in x.negs]
    for (s, e, *_), (s2, e2, *_) in zip(x.spans + x.negs, h.spans + h.negs):
        assert x.text[s:e] == h.text[s2:e2], (x.text[s:e], h.text[s2:e2])
    return h


AGENT_REPLY = [
    "Thanks [[cf]], I've updated the record. Please don't post full card or bank numbers in replies; use the secure form next time. Ref [[tr]].",
    "Hi [[cf]], thanks for the details — I've passed this to our [[team]] team and will update you by [[dt]].",
    "Hello [[cf]], I can confirm the change is live. If anything looks off, reply here or call us.",
]


def agent_reply(c, b):
    r = c.r
    b.f(r.choice(AGENT_REPLY), cf=c.first, tr=ticket_ref(r), team=r.choice(["billing", "payments", "identity", "clinical systems"]),
        dt=c.date("follow_up_date"))
    sig_agent(c, b)


def internal_note(c, b, queue):
    r = c.r
    v = r.randrange(6) if queue != "saas" else r.choice([1, 2, 4, 4, 5])
    if v == 0 and c.region == "US" and queue == "healthcare":
        b.f("Verified caller with DOB [[d]] and callback [[p]]. Member [[mid]].", d=c.dob(), p=c.phone(), mid=member_id(r))
    elif queue == "healthcare_uk" and v < 3:
        b.f("ID check done on the phone: NHS no. [[nh]], date of birth [[d]]. Practice [[ods]].", nh=nhs(r), d=c.dob(), ods=ods_code(r))
    elif v == 1:
        b.f("Internal: linked to [[tr]], trace [[u]], seen from [[ip]] at [[ts]].", tr=ticket_ref(r), u=uuid(r), ip=ip(r), ts=ts_iso(r))
    elif v == 2:
        b.f("Escalated to tier 2 ([[e]]). Customer no. [[cn]].", e=role_email(r, c.vdom), cn=customer_no(r))
    elif v == 3:
        b.f("Masked copy for the audit log: [[mc]], [[me]], [[mp]].", mc=masked_card(r), me=masked_email(r, c.first, r.choice(WEBMAIL[c.region])),
            mp=masked_phone(r))
    elif v == 4 and queue == "saas":
        b.f(r.choice(["Security: the token [[gh]] from the customer's paste is still valid, flagged to them for revocation.",
                      "Security: customer pasted their deploy key in a public reply, hid the comment. Copy for the incident record:\n[[k:pem]]"]),
            gh=gh_token(r), k=pem_key(r, r.choice(["ec", "ed25519", "openssh"])))
    else:
        b.f("Waiting on customer. Build [[ver]], commit [[sha]].", ver=version4(r), sha=git_sha(r, True))


SUBJECTS = {"billing": ["Card update", "Double charge", "Invoice question"], "saas": ["SSO / allowlist", "Key exposure", "Webhook failures", "Login issue"],
            "healthcare": ["Portal access", "Claim rejected", "e-Rx rejected"], "healthcare_uk": ["Prescription", "Referral letter"],
            "payroll": ["Direct deposit", "W-2 correction", "Onboarding import"], "payouts": ["Payout account", "Payout failed"],
            "telecom": ["SIM swap", "Port request", "Bill dispute"], "ecommerce": ["Return", "Refund missing", "Delivery"]}


def custom_fields(c, queue):
    """[(title, key, value)] where value is V/N (string) or LNum."""
    r = c.r
    out = []
    if queue == "healthcare":
        out += [("Patient DOB", "patient_dob", c.dob()), ("MRN", "mrn", LNum(mrn(r, r.choice(["d7", "d8"]))) if r.random() < 0.6 else mrn(r)),
                ("Provider NPI", "provider_npi", LNum(npi(r)) if r.random() < 0.6 else npi(r)), ("Member ID", "member_id", member_id(r))]
        if r.random() < 0.5:
            pl = r.choice(LAST["US"])
            out.append(("Prescriber", "prescriber", f"Dr. {r.choice(FIRST['US'])} {pl}"))
            out.append(("Prescriber DEA", "prescriber_dea", dea(r, pl)))
        if c.region == "US":
            out.append(("Callback phone", "callback_phone", LNum(phone(r, "US", "compact")) if r.random() < 0.5 else c.phone()))
    elif queue == "healthcare_uk":
        nh = nhs(r, "compact")
        out += [("NHS number", "nhs_number", LNum(nh) if r.random() < 0.4 else nhs(r)), ("Date of birth", "date_of_birth", c.dob()),
                ("Practice ODS code", "practice_ods", ods_code(r))]
    elif queue == "billing":
        out += [("Order number", "order_number", luhn_order(r) if r.random() < 0.3 else order_no(r)), ("Card on file", "card_on_file", masked_card(r)),
                ("Billing phone", "billing_phone", c.phone())]
    elif queue == "saas":
        out += [("Tenant ID", "tenant_id", uuid(r)), ("Admin email", "admin_email", c.email(False)), ("Egress IP", "egress_ip", ip(r, "pub"))]
        if r.random() < 0.4:
            out.append(("Exposed access key id", "exposed_key_id", aws_key(r)))
    elif queue == "payouts":
        cc = c.region if c.region in IBAN_LEN and c.region != "US" else r.choice(["DE", "FR", "NL"])
        out += [("Payout IBAN", "payout_iban", iban(r, cc, "compact")), ("Payout ID", "payout_id", payout_id(r))]
        if c.region == "US":
            out.append(("Routing number", "routing_number", aba(r)))
    elif queue == "payroll":
        out += [("Employee ID", "employee_id", LNum(N("employee_id", safe_num(r, 6)))), ("SSN", "ssn", ssn(r)),
                ("Date of birth", "dob", c.dob()), ("Employer EIN", "employer_ein", ein(r))]
    elif queue == "telecom":
        im = imei(r)
        out += [("Line number", "line_number", c.phone()),
                ("Device IMEI", "device_imei", LNum(N("imei", digits(im.text))) if r.random() < 0.5 and im.text[0] != "0" else im)]
    else:
        out += [("Order number", "order_number", order_no(r)), ("Return tracking", "return_tracking", tracking_no(r)),
                ("Contact email", "contact_email", c.email(True))]
    return out


def cf_val(v, place):
    return v if isinstance(v, (LNum, str)) else ls(v, place)


def cf_text(v, place):
    if isinstance(v, str):
        return v
    if isinstance(v, LNum):
        return ls(v.item, place)
    return ls(v, place)


def scenario_body(c, r, lang, region, uk_health=False, us_payroll=False):
    b = B()
    if us_payroll:
        queue, cat = r.choice([en_direct_deposit, en_ssn_correction, en_hr_csv, en_w4_form, en_ssn_before, en_ssn_qa, en_ssn_insurer])(c, b)
    elif uk_health:
        queue, cat = r.choice([en_gp_practice, en_nhs_qa, en_nhs_correction, en_nhs_subject, en_nhs_csv])(c, b)
    elif lang == "en":
        cands = [(f, w) for f, w, regs in EN_SCENARIOS if region in regs.split()]
        fn = r.choices([f for f, _ in cands], [w for _, w in cands])[0]
        queue, cat = fn(c, b)
    else:
        key = r.choice(["card_qa", "card_fix", "iban", "iban_fix", "contact", "health", "saas", "ret", "tel", "hr"])
        queue, cat = loc_note(c, b, key)
    return LS(b), queue


def build_ticket(i, attempt):
    r = random.Random(f"{SEED}:ticket:{i}:{attempt}")
    shape = ["zd", "fd", "jsm", "hs", "ic"][i % 5]
    lang = "en" if (i // 5) % 5 else LANGS[(i // 25 + i) % 7]
    region = ("GB" if r.random() < 0.3 else "US") if lang == "en" else LANG_REGION[lang]
    uk_health = lang == "en" and i % 8 == 3
    us_payroll = lang == "en" and i % 8 == 5
    if uk_health:
        region = "GB"
    if us_payroll:
        region = "US"
    c = Ctx(r, lang, region)
    body, queue = scenario_body(c, r, lang, region, uk_health, us_payroll)
    b2 = B()
    agent_reply(c, b2)
    reply = LS(b2)
    b3 = B()
    internal_note(c, b3, queue)
    note = LS(b3)
    req_email = c.email()
    req_phone = c.phone() if r.random() < 0.6 else None
    subj = r.choice(SUBJECTS[queue])
    if r.random() < 0.15:
        sb = B()
        sb.f(subj + " – call me back on [[p:subject]]", p=c.phone())
        subj = LS(sb)
    cfs = custom_fields(c, queue)
    aemail = c.agent_email()
    tid = LNum(N("ticket_id", str(1400000 + i + 1)), "id")
    ts = lambda: ls(ts_iso(r), "ts")  # noqa: E731
    if shape == "zd":
        obj = {"ticket": {
            "id": tid, "url": f"https://{c.vdom.split('.')[0]}.desk.example/api/v2/tickets/{1400001 + i}.json", "subject": subj, "status": r.choice(["open", "pending"]),
            "priority": r.choice(["normal", "high"]), "created_at": ts(),
            "requester": {"id": json_id(r, 12), "name": c.name, "email": ls(req_email, "zd_requester_email"),
                          "phone": ls(req_phone, "zd_requester_phone") if req_phone else None},
            "tags": [queue, lang], "custom_fields": [{"id": json_id(r, 11), "title": t, "value": cf_val(v, "cf")} for t, _, v in cfs],
            "comments": [
                {"id": json_id(r, 12), "author": {"name": c.name, "role": "end-user"}, "public": True, "body": body, "html_body": htmlify(body), "created_at": ts()},
                {"id": json_id(r, 12), "author": {"name": f"{c.afirst} {c.alast}", "role": "agent", "email": ls(aemail, "zd_author_email")}, "public": True,
                 "body": reply, "html_body": htmlify(reply), "created_at": ts()},
                {"id": json_id(r, 12), "author": {"name": f"{c.afirst} {c.alast}", "role": "agent"}, "public": False, "body": note, "created_at": ts()},
            ]}}
    elif shape == "fd":
        obj = {"id": tid, "subject": subj, "status": 2, "priority": 3, "source": 1, "created_at": ts(),
               "requester": {"id": json_id(r, 11), "name": c.name, "email": ls(req_email, "fd_requester_email"),
                             "mobile": ls(req_phone, "fd_requester_mobile") if req_phone else None},
               "description_text": body, "description": htmlify(body),
               "custom_fields": {"cf_" + k: cf_val(v, "cf") for _, k, v in cfs},
               "conversations": [
                   {"id": json_id(r, 11), "incoming": False, "private": False, "from_email": ls(aemail, "fd_from_email"),
                    "to_emails": [ls(req_email, "fd_to_email")], "body_text": reply, "body": htmlify(reply), "created_at": ts()},
                   {"id": json_id(r, 11), "incoming": False, "private": True, "body_text": note, "body": htmlify(note), "created_at": ts()}]}
    elif shape == "jsm":
        fields = {"summary": subj, "description": body, "status": {"name": "Waiting for support"},
                  "reporter": {"displayName": c.name, "emailAddress": ls(req_email, "jsm_reporter_email")},
                  "created": ts()}
        names = {"summary": "Summary", "description": "Description", "reporter": "Reporter"}
        for k, (t, _, v) in enumerate(cfs):
            key = f"customfield_{10040 + 7 * k + r.randint(0, 5)}"
            fields[key] = cf_val(v, "cf")
            names[key] = t
        fields["comment"] = {"comments": [
            {"id": str(r.randint(20000, 99999)), "author": {"displayName": f"{c.afirst} {c.alast}", "emailAddress": ls(aemail, "jsm_author_email")},
             "body": reply, "jsdPublic": True, "created": ts()},
            {"id": str(r.randint(20000, 99999)), "author": {"displayName": f"{c.afirst} {c.alast}"}, "body": note, "jsdPublic": False, "created": ts()}],
            "total": 2}
        obj = {"key": f"HELP-{r.randint(100, 9999)}", "fields": fields, "names": names}
    elif shape == "hs":
        obj = {"id": tid, "number": r.randint(1000, 9999), "subject": subj, "status": "active", "mailboxId": r.randint(100, 999),
               "primaryCustomer": {"first": c.first, "last": c.last, "email": ls(req_email, "hs_customer_email")},
               "customFields": [{"id": r.randint(1000, 9999), "name": t, "value": cf_val(v, "cf"), "text": cf_text(v, "cf_text")} for t, _, v in cfs],
               "_embedded": {"threads": [
                   {"id": json_id(r, 10), "type": "customer", "body": htmlify(body), "createdBy": {"type": "customer", "email": ls(req_email, "hs_created_by")}},
                   {"id": json_id(r, 10), "type": "reply", "body": htmlify(reply), "createdBy": {"type": "user", "email": ls(aemail, "hs_created_by")}},
                   {"id": json_id(r, 10), "type": "note", "body": htmlify(note), "createdBy": {"type": "user", "first": c.afirst}}]}}
    else:
        obj = {"type": "conversation", "id": safe_num(r, 9), "created_at": LNum(ts_epoch10(r)),
               "source": {"type": "conversation", "subject": subj, "body": htmlify(body),
                          "author": {"type": "user", "name": c.name, "email": ls(req_email, "ic_author_email")}},
               "custom_attributes": {t: cf_val(v, "cf") for t, _, v in cfs},
               "conversation_parts": {"type": "conversation_part.list", "total_count": 2, "conversation_parts": [
                   {"type": "conversation_part", "part_type": "comment", "body": htmlify(reply),
                    "author": {"type": "admin", "name": f"{c.afirst} {c.alast}", "email": ls(aemail, "ic_admin_email")}},
                   {"type": "conversation_part", "part_type": "note", "body": htmlify(note), "author": {"type": "admin", "name": c.afirst}}]}}
        obj["id"] = ls(N("conversation_id", obj["id"]), "id")
    return shape, lang, obj


def ts_epoch10(r):
    while True:
        t = str(r.randint(1735689600, 1798761600))
        if accidental(t) is None:
            return N("epoch_timestamp", t)


def esc_ptr(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def finalize(obj, fname, shape, rows, nrows, docs, ptr=""):
    if isinstance(obj, LS):
        docs.append((ptr, obj))
        for s, e, ent, fmt in obj.spans:
            rows.append({"file": fname, "json_pointer": ptr, "s": s, "e": e, "entity": ent, "fmt": fmt, "shape": shape, "text": obj.text})
        for s, e, k in obj.negs:
            nrows.append({"file": fname, "json_pointer": ptr, "s": s, "e": e, "kind": k, "shape": shape, "text": obj.text})
        return obj.text
    if isinstance(obj, LNum):
        t = obj.item.text
        if isinstance(obj.item, V):
            rows.append({"file": fname, "json_pointer": ptr, "s": 0, "e": len(t), "entity": obj.item.ent,
                         "fmt": f"{obj.item.fmt}.{obj.place}", "shape": shape, "text": t, "value_type": "number"})
        else:
            nrows.append({"file": fname, "json_pointer": ptr, "s": 0, "e": len(t), "kind": obj.item.kind, "shape": shape, "text": t,
                          "value_type": "number"})
        return obj.value
    if isinstance(obj, dict):
        return {k: finalize(v, fname, shape, rows, nrows, docs, f"{ptr}/{esc_ptr(k)}") for k, v in obj.items()}
    if isinstance(obj, list):
        return [finalize(v, fname, shape, rows, nrows, docs, f"{ptr}/{k}") for k, v in enumerate(obj)]
    return obj


def walk_numbers(obj, ptr=""):
    if isinstance(obj, bool) or obj is None:
        return
    if isinstance(obj, (int, float)):
        yield ptr, obj
    elif isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk_numbers(v, f"{ptr}/{esc_ptr(k)}")
    elif isinstance(obj, list):
        for k, v in enumerate(obj):
            yield from walk_numbers(v, f"{ptr}/{k}")


DUMPS = [lambda o: json.dumps(o, indent=2, ensure_ascii=False), lambda o: json.dumps(o, separators=(",", ":"), ensure_ascii=False),
         lambda o: json.dumps(o, indent=4, ensure_ascii=True), lambda o: json.dumps(o, indent=2, ensure_ascii=True),
         lambda o: json.dumps(o, indent="\t", ensure_ascii=False)]


def make_tickets():
    files, labels, jnegs, meta = {}, [], [], Counter()
    for i in range(N_TICKETS):
        for attempt in range(40):
            shape, lang, obj = build_ticket(i, attempt)
            fname = f"ticket_{1400001 + i}.json"
            rows, nrows, docs = [], [], []
            plain = finalize(obj, fname, shape, rows, nrows, docs)
            errs = []
            for ptr, x in docs:
                check_doc(x.text, x.spans, x.negs, f"{fname}#{ptr}", errs)
            listed = {rw["json_pointer"] for rw in rows + nrows if rw.get("value_type") == "number"}
            for ptr, v in walk_numbers(plain):
                if abs(v) >= 10000 and ptr not in listed:
                    errs.append(f"{fname}#{ptr}: unlisted number {v}")
            for rw in rows:
                if rw.get("value_type") == "number" and not validate_value(rw["entity"], rw["text"]):
                    errs.append(f"{fname}: invalid number {rw}")
            for rw in nrows:
                if rw.get("value_type") == "number":
                    ok, why = validate_neg(rw["kind"], rw["text"])
                    if not ok:
                        errs.append(f"{fname}: number negative {rw['kind']} {rw['text']}: {why}")
            if not rows:
                errs.append(f"{fname}: no positives")
            if not errs:
                break
        else:
            raise SystemExit("cannot draw ticket %d: %s" % (i, "; ".join(errs[:5])))
        files[fname] = DUMPS[(i // 5) % 5](plain) + "\n"
        meta[(shape, lang)] += 1
        for src, out, key in ((rows, labels, "entity"), (nrows, jnegs, "kind")):
            for rw in src:
                t = rw["text"]
                bt = char_to_byte(t)
                d = {"file": rw["file"], "json_pointer": rw["json_pointer"], "start": bt[rw["s"]], "end": bt[rw["e"]],
                     "cstart": rw["s"], "cend": rw["e"], key: rw[key]}
                if key == "entity":
                    d["fmt"] = rw["fmt"]
                d["shape"] = rw["shape"]
                if rw.get("value_type"):
                    d["value_type"] = rw["value_type"]
                out.append(d)
    return files, labels, jnegs, meta


# =====================================================================================================
# output, self-check, counts
# =====================================================================================================

def generate():
    notes = make_notes()
    files, labels, jnegs, meta = make_tickets()
    out = {"notes.jsonl": "".join(json.dumps(n, ensure_ascii=False) + "\n" for n in notes)}
    corpus, idx, bpos, cpos = [], [], 0, 0
    for k, n in enumerate(notes):
        t = n["text"]
        if k:
            bpos += 2
            cpos += 2
        blen = len(t.encode("utf-8"))
        idx.append({"id": n["id"], "byte_offset": bpos, "byte_len": blen, "char_offset": cpos, "char_len": len(t)})
        corpus.append(t)
        bpos += blen
        cpos += len(t)
    out["corpus.txt"] = "\n\n".join(corpus)
    out["corpus_index.jsonl"] = "".join(json.dumps(x) + "\n" for x in idx)
    for f, txt in files.items():
        out[f"notes_json/{f}"] = txt
    out["notes_json/labels.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in labels)
    out["json_hard_negatives.jsonl"] = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in jnegs)
    return out, meta


def norm(v):
    return re.sub(r"[^0-9A-Za-z@.]", "", v).lower()


def self_check(out, problems):
    notes = [json.loads(l) for l in out["notes.jsonl"].splitlines()]
    corpus = out["corpus.txt"]
    cb = corpus.encode("utf-8")
    idx = [json.loads(l) for l in out["corpus_index.jsonl"].splitlines()]
    if len(notes) != N_NOTES:
        problems.append(f"{len(notes)} notes")
    pos_vals, neg_vals = set(), {}
    for n, x in zip(notes, idx):
        t, tb = n["text"], n["text"].encode("utf-8")
        if x["id"] != n["id"] or cb[x["byte_offset"]:x["byte_offset"] + x["byte_len"]] != tb or \
                corpus[x["char_offset"]:x["char_offset"] + x["char_len"]] != t:
            problems.append(f"{n['id']}: corpus/index mismatch")
        for s in n["spans"] + n["hard_negatives"]:
            if tb[s["start"]:s["end"]].decode("utf-8") != t[s["cstart"]:s["cend"]]:
                problems.append(f"{n['id']}: byte/char offsets disagree")
        errs = []
        check_doc(t, [(s["cstart"], s["cend"], s["entity"], s["fmt"]) for s in n["spans"]],
                  [(s["cstart"], s["cend"], s["kind"]) for s in n["hard_negatives"]], n["id"], errs)
        problems += errs
        for s in n["spans"]:
            pos_vals.add(norm(t[s["cstart"]:s["cend"]]))
        for s in n["hard_negatives"]:
            neg_vals.setdefault(norm(t[s["cstart"]:s["cend"]]), s["kind"])
    labels = [json.loads(l) for l in out["notes_json/labels.jsonl"].splitlines()]
    jnegs = [json.loads(l) for l in out["json_hard_negatives.jsonl"].splitlines()]
    cache = {}
    for rw in labels + jnegs:
        f = rw["file"]
        if f not in cache:
            cache[f] = json.loads(out[f"notes_json/{f}"])
        try:
            v = cache[f]
            for part in rw["json_pointer"].lstrip("/").split("/"):
                part = part.replace("~1", "/").replace("~0", "~")
                v = v[int(part)] if isinstance(v, list) else v[part]
        except (KeyError, IndexError, ValueError, TypeError):
            problems.append(f"{f}#{rw['json_pointer']}: pointer does not resolve")
            continue
        isnum = isinstance(v, int) and not isinstance(v, bool)
        if isnum != (rw.get("value_type") == "number"):
            problems.append(f"{f}#{rw['json_pointer']}: value_type mismatch")
        t = str(v) if isnum else v
        if not isinstance(t, str) or t.encode("utf-8")[rw["start"]:rw["end"]].decode("utf-8") != t[rw["cstart"]:rw["cend"]]:
            problems.append(f"{f}#{rw['json_pointer']}: offsets do not match")
            continue
        val = t[rw["cstart"]:rw["cend"]]
        if "entity" in rw:
            if not validate_value(rw["entity"], val):
                problems.append(f"{f}#{rw['json_pointer']}: invalid {rw['entity']} {val!r}")
            pos_vals.add(norm(val))
        else:
            ok, why = validate_neg(rw["kind"], val)
            if not ok:
                problems.append(f"{f}: negative {rw['kind']} {val!r} {why}")
            neg_vals.setdefault(norm(val), rw["kind"])
    for v in pos_vals:
        if len(v) >= 6 and v in neg_vals:
            problems.append(f"value {v!r} is labelled somewhere and a negative ({neg_vals[v]}) elsewhere")
    return notes, labels, jnegs


def counts(notes, labels, jnegs):
    tab = {e: [0, 0, 0, 0] for e in ENTITIES}
    tab["other"] = [0, 0, 0, 0]
    kinds = {}
    for n in notes:
        for s in n["spans"]:
            tab[s["entity"]][0] += 1
        for s in n["hard_negatives"]:
            tab[KIND_TARGET.get(s["kind"], "other")][1] += 1
            kinds.setdefault(s["kind"], [0, 0])[0] += 1
    for rw in labels:
        tab[rw["entity"]][2] += 1
    for rw in jnegs:
        tab[KIND_TARGET.get(rw["kind"], "other")][3] += 1
        kinds.setdefault(rw["kind"], [0, 0])[1] += 1
    return tab, kinds


def main(argv):
    check = "--check" in argv
    out, meta = generate()
    problems = []
    if check:
        for rel, txt in out.items():
            p = HERE / rel
            if not p.exists() or p.read_bytes() != txt.encode("utf-8"):
                problems.append(f"{rel}: differs from a fresh generation")
        stale = {p.name for p in (HERE / "notes_json").glob("ticket_*.json")} - {Path(k).name for k in out if k.startswith("notes_json/ticket_")}
        if stale:
            problems.append(f"stale ticket files: {sorted(stale)[:5]}")
    else:
        (HERE / "notes_json").mkdir(exist_ok=True)
        for p in (HERE / "notes_json").glob("ticket_*.json"):
            p.unlink()
        for rel, txt in out.items():
            (HERE / rel).write_bytes(txt.encode("utf-8"))
    notes, labels, jnegs = self_check(out, problems)
    tab, kinds = counts(notes, labels, jnegs)
    for e in ENTITIES:
        if tab[e][0] < 20 or tab[e][2] < 10:
            problems.append(f"{e}: too few positives ({tab[e][0]} notes, {tab[e][2]} JSON)")
    # scorer round trip with the shared scorer (standard library; not a scanner run)
    score_py = HERE.parent.parent.parent / "shared" / "corpus" / "score.py"
    if not score_py.exists():
        score_py = Path("/work/shared/corpus/score.py")
    if score_py.exists() and not check:
        import subprocess
        import tempfile
        with tempfile.TemporaryDirectory() as td:
            pn = Path(td) / "p.jsonl"
            pn.write_text("".join(json.dumps({"start": x["byte_offset"] + s["start"], "end": x["byte_offset"] + s["end"], "entity": s["entity"]}) + "\n"
                                  for n, x in zip(notes, [json.loads(l) for l in out["corpus_index.jsonl"].splitlines()]) for s in n["spans"]))
            r1 = subprocess.run([sys.executable, str(score_py), str(HERE / "notes.jsonl"), str(pn), "--corpus-index", str(HERE / "corpus_index.jsonl")],
                                capture_output=True, text=True)
            sd = Path(td) / "sj"
            sd.mkdir()
            for rel, txt in out.items():
                if rel.startswith("notes_json/ticket_"):
                    o = json.loads(txt)
                    (sd / Path(rel).name).write_text(json.dumps(_strnum(o), ensure_ascii=False), encoding="utf-8")
            (sd / "labels.jsonl").write_text(out["notes_json/labels.jsonl"], encoding="utf-8")
            pj = Path(td) / "pj.jsonl"
            pj.write_text("".join(json.dumps({"file": l["file"], "json_pointer": l["json_pointer"], "start": l["start"], "end": l["end"],
                                              "entity": l["entity"]}) + "\n" for l in labels))
            r2 = subprocess.run([sys.executable, str(score_py), str(sd / "labels.jsonl"), str(pj)], capture_output=True, text=True)
            for name, rr in (("notes", r1), ("json", r2)):
                last = rr.stdout.strip().splitlines()[-1] if rr.stdout.strip() else rr.stderr
                exact = [l for l in rr.stdout.splitlines() if l.startswith("exact match:")]
                if "P=1.000 R=1.000 F1=1.000" not in last or not exact or "P=1.000 R=1.000" not in exact[0]:
                    problems.append(f"scorer round trip ({name}): {last} {exact}")
                else:
                    print(f"scorer round trip {name}: {last}; {exact[0]}")
    # report
    print(f"notes: {len(notes)} (benign {sum('benign' in n['tags'] for n in notes)}); tickets: {N_TICKETS}")
    print("languages:", dict(Counter(n["tags"][0] for n in notes).most_common()))
    print("queues:", dict(Counter(n["tags"][1] for n in notes).most_common()))
    print("categories:", dict(Counter(n["category"] for n in notes).most_common()))
    print("json shapes/langs:", dict(Counter(k[0] for k in meta.elements()).most_common()), dict(Counter(k[1] for k in meta.elements()).most_common()))
    print(f"{'entity':<22} {'notes+':>7} {'notes-':>7} {'json+':>7} {'json-':>7}")
    tot = [0, 0, 0, 0]
    for e in list(ENTITIES) + ["other"]:
        row = tab[e]
        tot = [a + b for a, b in zip(tot, row)]
        print(f"{e:<22} {row[0] if e != 'other' else '-':>7} {row[1]:>7} {row[2] if e != 'other' else '-':>7} {row[3]:>7}")
    print(f"{'total':<22} {tot[0]:>7} {tot[1]:>7} {tot[2]:>7} {tot[3]:>7}")
    print("json numbers: positives", sum(1 for l in labels if l.get("value_type") == "number"),
          dict(Counter(l["entity"] for l in labels if l.get("value_type") == "number")),
          "negatives", sum(1 for l in jnegs if l.get("value_type") == "number"))
    print("negative kinds (notes/json):", ", ".join(f"{k} {v[0]}/{v[1]}" for k, v in sorted(kinds.items(), key=lambda kv: (KIND_TARGET.get(kv[0], 'zz'), kv[0]))))
    print("fmt (notes):", dict(Counter(".".join(s["fmt"].split(".")[:2]) for n in notes for s in n["spans"]).most_common()))
    print("places (notes):", dict(Counter(s["fmt"].split(".")[-1] for n in notes for s in n["spans"]).most_common()))
    print("places (json):", dict(Counter(l["fmt"].split(".")[-1] if not l["fmt"].endswith(".html") else "html" for l in labels).most_common()))
    if problems:
        print(f"{len(problems)} problem(s):")
        for p in problems[:50]:
            print("  " + p)
        return 1
    print("self-check: OK")
    return 0


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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
