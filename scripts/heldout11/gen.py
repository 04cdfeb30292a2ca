#!/usr/bin/env python3
"""heldout11: "a different hand, a different queue".

Deterministic generator (Python 3 standard library only) for an independent, labelled, synthetic
held-out corpus of vendor-facing support-queue text.  See README.md.

    python3 gen.py            # write every file, then self-check (exit 1 on any problem)
    python3 gen.py --check    # regenerate in memory, compare with the files on disk, self-check
"""
from __future__ import annotations

import base64
import binascii
import datetime as dt
import html
import ipaddress
import json
import random
import re
import string
import struct
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path

SEED = 11042611
HERE = Path(__file__).resolve().parent
N_NOTES = 800
N_TICKETS = 100
NOTE_PREFIX = "h11-"
TICKET_BASE = 1_100_001

ENTITIES = (
    "CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE",
    "ABA_ROUTING_NUMBER", "IP_ADDRESS", "MEDICAL_RECORD_NUMBER", "US_NPI",
    "DATE_OF_BIRTH", "UK_NHS", "US_DEA", "AWS_ACCESS_KEY", "GITHUB_TOKEN",
    "PRIVATE_KEY",
)
FAMILY = {
    "CREDIT_CARD": "card", "US_SSN": "ssn", "EMAIL_ADDRESS": "email", "PHONE_NUMBER": "phone",
    "IBAN_CODE": "iban", "ABA_ROUTING_NUMBER": "aba", "IP_ADDRESS": "ip", "MEDICAL_RECORD_NUMBER": "mrn",
    "US_NPI": "npi", "DATE_OF_BIRTH": "dob", "UK_NHS": "nhs", "US_DEA": "dea",
    "AWS_ACCESS_KEY": "aws", "GITHUB_TOKEN": "gh", "PRIVATE_KEY": "pkey",
}


class GenError(Exception):
    pass


# =============================================================================================
# checksums and validators
# =============================================================================================

def luhn_ok(d: str) -> bool:
    if not d.isdigit():
        return False
    s = 0
    for i, ch in enumerate(reversed(d)):
        x = ord(ch) - 48
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


def luhn_break(partial: str) -> str:
    """Append a digit that makes the number fail Luhn."""
    good = luhn_complete(partial)[-1]
    return partial + str((int(good) + 1 + (ord(partial[-1]) % 8)) % 10)


def aba_ok(d: str) -> bool:
    if len(d) != 9 or not d.isdigit():
        return False
    v = [int(c) for c in d]
    return (3 * (v[0] + v[3] + v[6]) + 7 * (v[1] + v[4] + v[7]) + (v[2] + v[5] + v[8])) % 10 == 0


def aba_prefix_ok(d: str) -> bool:
    p = int(d[:2])
    return 1 <= p <= 12 or 21 <= p <= 32 or 61 <= p <= 72


def npi_ok(d: str) -> bool:
    return len(d) == 10 and d.isdigit() and d[0] in "12" and luhn_ok("80840" + d)


def nhs_check_digit(d9: str):
    s = sum(int(c) * (10 - i) for i, c in enumerate(d9))
    r = 11 - s % 11
    if r == 11:
        return 0
    if r == 10:
        return None
    return r


def nhs_ok(d: str) -> bool:
    if len(d) != 10 or not d.isdigit():
        return False
    c = nhs_check_digit(d[:9])
    return c is not None and c == int(d[9])


def dea_digit_ok(d7: str) -> bool:
    v = [int(c) for c in d7]
    return (v[0] + v[2] + v[4] + 2 * (v[1] + v[3] + v[5])) % 10 == v[6]


def dea_ok(s: str) -> bool:
    return bool(re.fullmatch(r"[ABFGM][A-Z9]\d{7}", s)) and dea_digit_ok(s[2:])


def ssn_ok(d: str) -> bool:
    if len(d) != 9 or not d.isdigit():
        return False
    a, g, s = d[:3], d[3:5], d[5:]
    if a in ("000", "666") or a[0] == "9" or g == "00" or s == "0000":
        return False
    return d not in ("078051120", "219099999", "123456789")


# IBAN registry: country -> BBAN structure (count + n digits / a upper letters / c upper alnum)
IBAN_SPEC = {
    "AD": "4n4n12c", "AT": "5n11n", "BE": "3n7n2n", "BG": "4a4n2n8c", "CH": "5n12c", "CY": "3n5n16c",
    "CZ": "4n6n10n", "DE": "8n10n", "DK": "4n9n1n", "EE": "2n2n11n1n", "ES": "4n4n1n1n10n", "FI": "3n11n",
    "FR": "5n5n11c2n", "GB": "4a6n8n", "GR": "3n4n16c", "HR": "7n10n", "HU": "3n4n1n15n1n", "IE": "4a6n8n",
    "IS": "4n2n6n10n", "IT": "1a5n5n12c", "LI": "5n12c", "LT": "5n11n", "LU": "3n13c", "LV": "4a13c",
    "MC": "5n5n11c2n", "MT": "4a5n18c", "NL": "4a10n", "NO": "4n6n1n", "PL": "8n16n", "PT": "4n4n11n2n",
    "RO": "4a16c", "SE": "3n16n1n", "SI": "5n8n2n", "SK": "4n6n10n", "SM": "1a5n5n12c", "TR": "5n1n16c",
    "AE": "3n16n", "SA": "2n18c", "IL": "3n3n13n", "BR": "8n5n10n1a1c", "QA": "4a21c", "KW": "4a22c",
    "PK": "4a16c",
}


def _bban_parts(spec):
    return [(int(n), t) for n, t in re.findall(r"(\d+)([nac])", spec)]


def iban_len(cc):
    return 4 + sum(n for n, _ in _bban_parts(IBAN_SPEC[cc]))


def _bban_regex(cc):
    m = {"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]"}
    return "".join(f"{m[t]}{{{n}}}" for n, t in _bban_parts(IBAN_SPEC[cc]))


def iban_mod97(s: str) -> int:
    s = s[4:] + s[:4]
    num = "".join(str(int(ch, 36)) for ch in s)
    return int(num) % 97


def iban_checkdigits(cc: str, bban: str) -> str:
    r = iban_mod97(cc + "00" + bban)
    return f"{98 - r:02d}"


def iban_norm(s: str) -> str:
    return re.sub(r"[\s\u00a0-]", "", s).upper()


def iban_ok(s: str) -> bool:
    v = iban_norm(s)
    cc = v[:2]
    if cc not in IBAN_SPEC or len(v) != iban_len(cc) or not v[2:4].isdigit():
        return False
    if not re.fullmatch(_bban_regex(cc), v[4:]):
        return False
    return iban_mod97(v) == 1


B62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def b62(n: int, width: int = 6) -> str:
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def gh_checksum(body: str) -> str:
    return b62(zlib.crc32(body.encode("ascii")) & 0xFFFFFFFF)


def gh_ok(tok: str) -> bool:
    if re.fullmatch(r"github_pat_11[A-Z0-9]{20}_[A-Za-z0-9]{59}", tok):
        return True
    m = re.fullmatch(r"gh[pousr]_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", tok)
    return bool(m) and gh_checksum(m.group(1)) == m.group(2)


AWS_RE = re.compile(r"(AKIA|ASIA)[A-Z2-7]{16}")


def aws_ok(s: str) -> bool:
    return bool(AWS_RE.fullmatch(s)) and "EXAMPLE" not in s


TEST_PANS = {
    "4111111111111111", "4242424242424242", "5555555555554444", "5105105105105100", "378282246310005",
    "371449635398431", "6011111111111117", "6011000990139424", "3530111333300000", "3566002020360505",
    "4012888888881881", "4000056655665556", "5200828282828210", "38520000023237", "30569309025904",
    "4222222222222", "6200000000000005", "4000000000000002", "2223003122003222", "4012000033330026",
}


def card_brand(d: str):
    n = len(d)
    p2, p3, p4, p6 = int(d[:2]), int(d[:3]), int(d[:4]), int(d[:6])
    if d[0] == "4" and n in (13, 16, 19):
        return "visa"
    if 51 <= p2 <= 55 and n == 16:
        return "mc"
    if 2221 <= p4 <= 2720 and n == 16:
        return "mc2"
    if p2 in (34, 37) and n == 15:
        return "amex"
    if (p4 == 6011 or 644 <= p3 <= 649 or p2 == 65 or 622126 <= p6 <= 622925) and n in (16, 19):
        return "discover"
    if 3528 <= p4 <= 3589 and n in (16, 19):
        return "jcb"
    if (300 <= p3 <= 305 or p2 in (36, 38, 39)) and n == 14:
        return "diners"
    if p3 in (621, 623, 627) and n in (16, 19):
        return "unionpay"
    if p4 in (5018, 5020, 5038, 5893, 6304, 6759, 6761, 6762, 6763) and n in (16, 19):
        return "maestro"
    return None


def card_ok(s: str) -> bool:
    d = re.sub(r"[\s\u00a0\u2009\u202f-]", "", s)
    return d.isdigit() and luhn_ok(d) and card_brand(d) is not None and d not in TEST_PANS


def digits_of(s: str) -> str:
    return "".join(ch for ch in s if ch.isdigit())


# =============================================================================================
# dates and month names
# =============================================================================================

MONTHS = {
    "en": "January February March April May June July August September October November December".split(),
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember".split(),
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(),
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(),
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split(),
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro".split(),
    "nl": "januari februari maart april mei juni juli augustus september oktober november december".split(),
    "sv": "januari februari mars april maj juni juli augusti september oktober november december".split(),
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia".split(),
}
ABBR = [m[:3] for m in MONTHS["en"]]
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()


def rand_date(r, y0, y1):
    a = dt.date(y0, 1, 1).toordinal()
    b = dt.date(y1, 12, 31).toordinal()
    return dt.date.fromordinal(r.randint(a, b))


def fmt_date(d: dt.date, style: str, lang: str = "en") -> str:
    D, M, Y = d.day, d.month, d.year
    if style == "mdy_slash":
        return f"{M:02d}/{D:02d}/{Y}"
    if style == "mdy_nopad":
        return f"{M}/{D}/{Y}"
    if style == "mdy_dash":
        return f"{M:02d}-{D:02d}-{Y}"
    if style == "mdy_yy":
        return f"{M:02d}/{D:02d}/{Y % 100:02d}"
    if style == "iso":
        return f"{Y}-{M:02d}-{D:02d}"
    if style == "dmy_slash":
        return f"{D:02d}/{M:02d}/{Y}"
    if style == "dmy_dot":
        return f"{D:02d}.{M:02d}.{Y}"
    if style == "dmy_dash":
        return f"{D:02d}-{M:02d}-{Y}"
    if style == "long_mdy":
        return f"{MONTHS['en'][M - 1]} {D}, {Y}"
    if style == "long_dmy":
        return f"{D} {MONTHS['en'][M - 1]} {Y}"
    if style == "abbr_mdy":
        return f"{ABBR[M - 1]} {D}, {Y}"
    if style == "abbr_dmy_dash":
        return f"{D:02d}-{ABBR[M - 1]}-{Y}"
    if style == "ordinal_dmy":
        suf = "th" if 11 <= D <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(D % 10, "th")
        return f"{D}{suf} {MONTHS['en'][M - 1]} {Y}"
    if style == "local_long":
        mn = MONTHS[lang][M - 1]
        if lang == "de":
            return f"{D}. {mn} {Y}"
        if lang in ("es", "pt"):
            return f"{D} de {mn} de {Y}"
        return f"{D} {mn} {Y}"
    raise ValueError(style)


DATE_STYLES = {  # region/lang -> styles for ordinary dates (weights by repetition)
    "us": ["mdy_slash", "mdy_slash", "mdy_nopad", "iso", "long_mdy", "abbr_mdy", "mdy_dash"],
    "uk": ["dmy_slash", "dmy_slash", "long_dmy", "iso", "ordinal_dmy", "abbr_dmy_dash"],
    "ie": ["dmy_slash", "long_dmy", "iso", "dmy_dash"],
    "de": ["dmy_dot", "dmy_dot", "local_long", "iso"],
    "fr": ["dmy_slash", "dmy_slash", "local_long"],
    "es": ["dmy_slash", "local_long", "dmy_dash"],
    "it": ["dmy_slash", "local_long", "dmy_dash"],
    "pt": ["dmy_slash", "local_long", "dmy_dash"],
    "nl": ["dmy_dash", "local_long", "dmy_slash"],
    "sv": ["iso", "iso", "local_long"],
    "se": ["iso", "iso", "local_long"],
    "pl": ["dmy_dot", "local_long", "iso"],
}
DOB_STYLES = {
    "us": ["mdy_slash", "mdy_slash", "mdy_slash", "mdy_nopad", "iso", "long_mdy", "abbr_mdy", "mdy_dash", "mdy_yy"],
    "uk": ["dmy_slash", "dmy_slash", "long_dmy", "iso", "ordinal_dmy", "abbr_dmy_dash", "dmy_dot"],
    "ie": ["dmy_slash", "long_dmy", "iso", "dmy_dash"],
}


def parse_date_any(s: str):
    """Parse any date format produced by fmt_date (used by the self-check)."""
    s2 = s.strip()
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", s2)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    for lang, names in MONTHS.items():
        for i, mn in enumerate(names):
            for pat in (rf"(\d{{1,2}})\.? (?:de )?{mn} (?:de )?(\d{{4}})", rf"{mn} (\d{{1,2}}), (\d{{4}})",
                        rf"(\d{{1,2}})(?:st|nd|rd|th) {mn} (\d{{4}})"):
                m = re.fullmatch(pat, s2)
                if m:
                    return dt.date(int(m[2]), i + 1, int(m[1]))
    for i, ab in enumerate(ABBR):
        m = re.fullmatch(rf"{ab} (\d{{1,2}}), (\d{{4}})", s2)
        if m:
            return dt.date(int(m[2]), i + 1, int(m[1]))
        m = re.fullmatch(rf"(\d{{2}})-{ab}-(\d{{4}})", s2)
        if m:
            return dt.date(int(m[2]), i + 1, int(m[1]))
    m = re.fullmatch(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{2}|\d{4})", s2)
    if m:
        a, b, y = int(m[1]), int(m[3]), int(m[4])
        if y < 100:
            y += 1900
        for mo, da in ((a, b), (b, a)):
            try:
                return dt.date(y, mo, da)
            except ValueError:
                pass
    return None


# =============================================================================================
# value generators (positives)
# =============================================================================================

US_AREA = [int(x) for x in """201 202 203 205 206 207 208 212 213 214 215 216 217 218 219 224 225 228 229 231 234 239 240
248 251 252 253 254 256 260 262 267 269 270 276 281 301 302 303 304 305 307 308 309 310 312 313 314 315 316 317 318 319
320 321 323 330 334 336 337 339 347 351 352 360 361 386 401 402 404 405 406 407 408 409 410 412 413 414 415 417 419 423
424 425 430 432 434 435 440 443 469 470 475 478 479 480 484 501 502 503 504 505 507 508 509 510 512 513 515 516 517 518
520 530 540 541 551 559 561 562 563 567 570 571 573 574 575 580 585 586 601 602 603 605 606 607 608 609 610 612 614 615
616 617 618 619 620 623 626 630 631 636 641 646 650 651 660 661 662 678 682 701 702 703 704 706 707 708 712 713 714 715
716 717 718 719 720 724 727 731 732 734 740 754 757 760 763 765 770 772 773 774 775 781 785 786 801 802 803 804 805 806
810 812 813 814 815 816 817 818 828 830 831 832 843 845 847 848 850 856 857 858 859 860 862 863 864 865 870 901 903 904
906 907 908 909 910 912 913 914 915 916 917 918 919 920 925 928 931 936 937 940 941 947 949 951 952 954 956 970 971 972
973 978 979 980 985 989""".split()]
TOLL_FREE = [800, 833, 844, 855, 866, 877, 888]


def nanp_exchange(r):
    while True:
        e = r.randint(200, 999)
        if e % 100 != 11 and e != 555 and e != 950 and e != 958 and e != 959 and e != 976:
            return e


def dd(r, n):
    return "".join(r.choice(string.digits) for _ in range(n))


def gen_us_phone(r, variant=None, toll=False):
    a = r.choice(TOLL_FREE) if toll else r.choice(US_AREA)
    e = nanp_exchange(r)
    s = dd(r, 4)
    styles = {
        "paren": f"({a}) {e}-{s}", "dash": f"{a}-{e}-{s}", "dot": f"{a}.{e}.{s}", "space": f"{a} {e} {s}",
        "plus1_space": f"+1 {a} {e} {s}", "plus1_dash": f"+1-{a}-{e}-{s}", "plus1_paren": f"+1 ({a}) {e}-{s}",
        "e164": f"+1{a}{e}{s}", "one_dash": f"1-{a}-{e}-{s}", "paren_nospace": f"({a}){e}-{s}",
        "digits": f"{a}{e}{s}", "plus1_dot": f"+1.{a}.{e}.{s}",
    }
    if variant is None:
        variant = r.choice(["paren", "paren", "dash", "dash", "dot", "space", "plus1_space", "plus1_dash",
                            "plus1_paren", "e164", "one_dash", "paren_nospace", "plus1_dot"])
    return styles[variant], "us." + variant


def _grp(r, *ns, sep=" "):
    return sep.join(dd(r, n) for n in ns)


def gen_intl_phone(r, cc, variant=None):
    """National conventions (common forms); returns (text, variant)."""
    g = lambda *ns, sep=" ": _grp(r, *ns, sep=sep)  # noqa: E731
    nz = lambda n: str(r.randint(1, 9)) + dd(r, n - 1)  # noqa: E731
    forms = {
        "gb": {"london_intl": f"+44 20 {r.randint(3, 8)}{dd(r, 3)} {dd(r, 4)}",
               "london_nat": f"020 {r.randint(3, 8)}{dd(r, 3)} {dd(r, 4)}",
               "mob_intl": f"+44 7{r.choice('345789')}{dd(r, 2)} {dd(r, 6)}",
               "mob_nat": f"07{r.choice('345789')}{dd(r, 2)} {dd(r, 6)}",
               "manc_intl0": f"+44 (0)161 {nz(3)} {dd(r, 4)}",
               "leeds_nat": f"0113 {nz(3)} {dd(r, 4)}"},
        "ie": {"dub_intl": f"+353 1 {nz(3)} {dd(r, 4)}", "dub_nat": f"01 {nz(3)} {dd(r, 4)}",
               "mob_intl": f"+353 8{r.choice('3567')} {nz(3)} {dd(r, 4)}", "mob_nat": f"08{r.choice('3567')} {nz(3)} {dd(r, 4)}"},
        "de": {"ber_intl": f"+49 30 {nz(4)} {dd(r, 4)}", "ber_nat": f"030 {nz(8)}",
               "muc_intl0": f"+49 (0)89 {nz(7)}", "mob_nat": f"01{r.choice('567')}{r.randint(0, 9)} {nz(7)}",
               "mob_intl": f"+49 1{r.choice('567')}{r.randint(0, 9)} {nz(7)}", "ham_slash": f"040/{nz(4)} {dd(r, 3)}"},
        "fr": {"par_intl": "+33 1 " + " ".join(dd(r, 2) for _ in range(4)),
               "par_nat": "01 " + " ".join(dd(r, 2) for _ in range(4)),
               "mob_nat": f"0{r.choice('67')} " + " ".join(dd(r, 2) for _ in range(4)),
               "mob_intl": f"+33 {r.choice('67')} " + " ".join(dd(r, 2) for _ in range(4)),
               "lyon_intl0": "+33 (0)4 " + " ".join(dd(r, 2) for _ in range(4)),
               "dot_nat": f"0{r.choice('12345')}." + ".".join(dd(r, 2) for _ in range(4))},
        "es": {"mad_intl": f"+34 91{r.randint(0, 9)} {dd(r, 3)} {dd(r, 3)}", "mad_nat": f"91{r.randint(0, 9)} {dd(r, 2)} {dd(r, 2)} {dd(r, 2)}",
               "mob_nat": f"6{dd(r, 2)} {dd(r, 3)} {dd(r, 3)}", "mob_intl": f"+34 6{dd(r, 2)} {dd(r, 2)} {dd(r, 2)} {dd(r, 2)}",
               "bcn_nat": f"93{r.randint(0, 9)} {dd(r, 3)} {dd(r, 3)}"},
        "it": {"mil_intl": f"+39 02 {nz(4)} {dd(r, 4)}", "mil_nat": f"02 {nz(8)}",
               "mob_intl": f"+39 3{r.randint(2, 9)}{r.randint(0, 9)} {dd(r, 3)} {dd(r, 4)}",
               "mob_nat": f"3{r.randint(2, 9)}{r.randint(0, 9)} {dd(r, 3)} {dd(r, 4)}", "rom_nat": f"06 {nz(4)} {dd(r, 4)}"},
        "pt": {"lis_intl": f"+351 21 {nz(3)} {dd(r, 4)}", "lis_nat": f"21{r.randint(0, 9)} {dd(r, 3)} {dd(r, 3)}",
               "mob_intl": f"+351 9{r.choice('1236')}{r.randint(0, 9)} {dd(r, 3)} {dd(r, 3)}",
               "mob_nat": f"9{r.choice('1236')}{r.randint(0, 9)} {dd(r, 3)} {dd(r, 3)}"},
        "nl": {"ams_intl": f"+31 20 {nz(3)} {dd(r, 4)}", "ams_nat": f"020-{nz(3)} {dd(r, 4)}",
               "mob_nat": f"06-{nz(8)}", "mob_intl": f"+31 6 {nz(8)}", "rot_intl0": f"+31 (0)10 {nz(3)} {dd(r, 4)}"},
        "se": {"sto_intl": f"+46 8 {nz(3)} {dd(r, 3)} {dd(r, 2)}", "sto_nat": f"08-{nz(3)} {dd(r, 3)} {dd(r, 2)}",
               "mob_nat": f"07{r.choice('0236')}-{dd(r, 3)} {dd(r, 2)} {dd(r, 2)}",
               "mob_intl": f"+46 7{r.choice('0236')} {dd(r, 3)} {dd(r, 2)} {dd(r, 2)}"},
        "pl": {"waw_intl": f"+48 22 {nz(3)} {dd(r, 2)} {dd(r, 2)}", "waw_nat": f"22 {nz(3)} {dd(r, 2)} {dd(r, 2)}",
               "mob_intl": f"+48 {r.choice('5678')}{dd(r, 2)} {dd(r, 3)} {dd(r, 3)}",
               "mob_nat": f"{r.choice('5678')}{dd(r, 2)} {dd(r, 3)} {dd(r, 3)}"},
    }[cc]
    if variant is None:
        variant = r.choice(sorted(forms))
    return forms[variant], f"{cc}.{variant}"


def phone_ok(s: str) -> bool:
    if not re.fullmatch(r"[+()0-9 .\-/]+", s):
        return False
    n = len(digits_of(s))
    return 7 <= n <= 15 and s[-1].isdigit()


GB_BANKS = [("NWBK", "60"), ("BARC", "20"), ("LOYD", "30"), ("HBUK", "40"), ("MIDL", "40"), ("MONZ", "04"), ("SRLG", "60")]
NL_BANKS = ["ABNA", "INGB", "RABO", "SNSB", "TRIO", "KNAB", "BUNQ", "ASNB"]
IE_BANKS = [("AIBK", "93"), ("BOFI", "90"), ("IPBS", "99")]
FR_BANKS = ["30003", "30004", "20041", "10278", "30002", "11315"]
ES_BANKS = ["2100", "0049", "0182", "2038", "0081", "2085"]
IT_BANKS = ["03069", "02008", "05034", "03062", "01030"]
PT_BANKS = ["0035", "0033", "0010", "0007", "0036"]
PL_BANKS = ["1020", "1140", "1050", "1090", "1240"]
DE_BLZ_HEAD = ["100", "200", "250", "300", "370", "500", "600", "700", "760", "810"]


def gen_bban(r, cc):
    out = []
    for n, t in _bban_parts(IBAN_SPEC[cc]):
        if t == "n":
            out.append(dd(r, n))
        elif t == "a":
            out.append("".join(r.choice(string.ascii_uppercase) for _ in range(n)))
        else:
            out.append("".join(r.choice(string.digits * 4 + string.ascii_uppercase) for _ in range(n)))
    b = "".join(out)
    # plausible bank identifiers
    if cc == "GB":
        bank, sort = r.choice(GB_BANKS)
        b = bank + sort + dd(r, 4) + dd(r, 8)
    elif cc == "IE":
        bank, sort = r.choice(IE_BANKS)
        b = bank + sort + dd(r, 4) + dd(r, 8)
    elif cc == "NL":
        b = r.choice(NL_BANKS) + dd(r, 10)
    elif cc == "FR":
        b = r.choice(FR_BANKS) + dd(r, 5) + dd(r, 11) + dd(r, 2)
    elif cc == "ES":
        b = r.choice(ES_BANKS) + dd(r, 16)
    elif cc == "IT":
        b = r.choice(string.ascii_uppercase) + r.choice(IT_BANKS) + dd(r, 5) + dd(r, 12)
    elif cc == "PT":
        b = r.choice(PT_BANKS) + dd(r, 17)
    elif cc == "PL":
        b = r.choice(PL_BANKS) + dd(r, 20)
    elif cc == "DE":
        b = r.choice(DE_BLZ_HEAD) + dd(r, 5) + dd(r, 10)
    return b


def make_iban(r, cc):
    bban = gen_bban(r, cc)
    return cc + iban_checkdigits(cc, bban) + bban


def group4(s, sep=" "):
    return sep.join(s[i:i + 4] for i in range(0, len(s), 4))


IBAN_BY_REGION = {
    "us": ["DE", "GB", "FR", "NL", "ES", "IE", "CH", "AE", "IT", "BE", "PL", "SE"],
    "uk": ["GB", "GB", "GB", "IE", "DE", "FR", "NL", "ES", "PT", "MT", "CY", "GR"],
    "ie": ["IE", "IE", "GB", "DE", "FR", "NL", "LU", "BE"],
    "de": ["DE", "DE", "DE", "AT", "CH", "LU", "NL", "PL", "CZ", "LI"],
    "fr": ["FR", "FR", "FR", "BE", "LU", "MC", "CH", "DE", "ES"],
    "es": ["ES", "ES", "ES", "PT", "FR", "AD", "IT"],
    "it": ["IT", "IT", "IT", "SM", "CH", "DE", "FR", "MT"],
    "pt": ["PT", "PT", "PT", "ES", "FR", "BR", "LU"],
    "nl": ["NL", "NL", "NL", "BE", "DE", "LU"],
    "se": ["SE", "SE", "SE", "DK", "FI", "NO", "IS", "EE"],
    "pl": ["PL", "PL", "PL", "CZ", "SK", "LT", "LV", "HU", "RO", "BG", "HR", "SI"],
}


def gen_iban(r, region, variant=None):
    pool = IBAN_BY_REGION.get(region, IBAN_BY_REGION["us"])
    if r.random() < 0.12:
        pool = sorted(IBAN_SPEC)
    cc = r.choice(pool)
    v = make_iban(r, cc)
    if variant is None:
        variant = r.choice(["grouped", "grouped", "compact", "compact", "grouped"])
    if variant == "grouped":
        return group4(v), f"{cc.lower()}.grouped"
    return v, f"{cc.lower()}.compact"


FED_PREFIX = list(range(1, 13)) + list(range(21, 33)) + list(range(61, 73))


def make_aba(r, lead_nonzero=False):
    while True:
        p = r.choice(FED_PREFIX)
        if lead_nonzero and p < 10:
            continue
        head = f"{p:02d}" + dd(r, 6)
        for c in "0123456789":
            if aba_ok(head + c):
                return head + c


def gen_aba(r, variant=None):
    v = make_aba(r)
    return v, f"fed{v[:2]}"


def make_ssn(r):
    while True:
        a = r.randint(1, 899)
        if a == 666:
            continue
        d = f"{a:03d}{r.randint(1, 99):02d}{r.randint(1, 9999):04d}"
        if ssn_ok(d):
            return d


def gen_ssn(r, variant=None):
    d = make_ssn(r)
    if variant is None:
        variant = r.choice(["dash"] * 7 + ["compact", "space"])
    if variant == "dash":
        return f"{d[:3]}-{d[3:5]}-{d[5:]}", "dash"
    if variant == "space":
        return f"{d[:3]} {d[3:5]} {d[5:]}", "space"
    return d, "compact"


CARD_PLAN = [
    ("visa16", 30, lambda r: "4", 16), ("visa13", 1, lambda r: "4", 13), ("visa19", 1, lambda r: "4", 19),
    ("mc5", 20, lambda r: str(r.randint(51, 55)), 16), ("mc2", 6, lambda r: str(r.randint(2221, 2720)), 16),
    ("amex", 11, lambda r: r.choice(["34", "37"]), 15),
    ("discover", 6, lambda r: r.choice(["6011", str(r.randint(644, 649)), "65"]), 16),
    ("jcb", 3, lambda r: str(r.randint(3528, 3589)), 16), ("diners", 2, lambda r: r.choice(["36", "38", "300", "305"]), 14),
    ("unionpay", 2, lambda r: r.choice(["621", "623", "627"]), 16), ("maestro", 1, lambda r: r.choice(["6759", "5018", "6304"]), 16),
]


def make_card(r, plan=None):
    if plan is None:
        plan = r.choices(CARD_PLAN, weights=[p[1] for p in CARD_PLAN])[0]
    name, _, pre, n = plan
    while True:
        p = pre(r)
        d = luhn_complete(p + dd(r, n - len(p) - 1))
        if d not in TEST_PANS and card_brand(d):
            return d, name


def fmt_card(d, sep):
    n = len(d)
    if n == 15:
        g = [d[:4], d[4:10], d[10:]]
    elif n == 14:
        g = [d[:4], d[4:10], d[10:]]
    elif n == 13:
        g = [d[:4], d[4:8], d[8:]]
    else:
        g = [d[i:i + 4] for i in range(0, n, 4)]
    return sep.join(g)


def gen_card(r, variant=None):
    d, name = make_card(r)
    if variant is None:
        variant = r.choice(["space"] * 5 + ["compact"] * 3 + ["dash"] * 2 + ["nbsp"])
    sep = {"space": " ", "compact": "", "dash": "-", "nbsp": "\u00a0"}[variant]
    return fmt_card(d, sep), f"{name}.{variant}"


def make_npi(r):
    base = r.choice("12") + dd(r, 8)
    for c in "0123456789":
        if npi_ok(base + c):
            return base + c


def make_nhs(r):
    while True:
        d9 = r.choice("467") + dd(r, 8)
        c = nhs_check_digit(d9)
        if c is not None:
            return d9 + str(c)


def gen_nhs(r, variant=None):
    d = make_nhs(r)
    if variant is None:
        variant = r.choice(["spaced", "spaced", "spaced", "compact", "compact", "dashed"])
    if variant == "spaced":
        return f"{d[:3]} {d[3:6]} {d[6:]}", "spaced"
    if variant == "dashed":
        return f"{d[:3]}-{d[3:6]}-{d[6:]}", "dashed"
    return d, "compact"


def make_dea(r, initial):
    first = r.choice("ABFGM" if r.random() < 0.9 else "AB")
    while True:
        d6 = dd(r, 6)
        v = [int(c) for c in d6]
        chk = (v[0] + v[2] + v[4] + 2 * (v[1] + v[3] + v[5])) % 10
        s = first + initial + d6 + str(chk)
        if dea_ok(s):
            return s


def gen_mrn(r, variant=None):
    if variant is None:
        variant = r.choice(["d7", "d7", "d8", "z8", "l1d7", "l2d6", "d6", "d10", "mr_d7"])
    if variant == "d7":
        v = str(r.randint(1, 9)) + dd(r, 6)
    elif variant == "d8":
        v = str(r.randint(1, 9)) + dd(r, 7)
    elif variant == "z8":
        v = "00" + str(r.randint(1, 9)) + dd(r, 5)
    elif variant == "l1d7":
        v = r.choice("EHKMPRSTVW") + dd(r, 7)
    elif variant == "l2d6":
        v = r.choice(["RX", "HN", "MC", "JH", "SV", "NW", "CP"]) + dd(r, 6)
    elif variant == "d6":
        v = str(r.randint(1, 9)) + dd(r, 5)
    elif variant == "mr_d7":
        v = "MR" + dd(r, 7)
    else:
        v = str(r.randint(1, 9)) + dd(r, 9)
    return v, variant


AWS_ALPHA = string.ascii_uppercase + "234567"


def gen_aws(r, variant=None):
    if variant is None:
        variant = r.choice(["akia"] * 5 + ["asia"])
    while True:
        v = ("AKIA" if variant == "akia" else "ASIA") + "".join(r.choice(AWS_ALPHA) for _ in range(16))
        if aws_ok(v):
            return v, variant


def gen_gh(r, variant=None):
    if variant is None:
        variant = r.choice(["ghp"] * 6 + ["gho", "ghu", "ghs", "ghs", "ghr", "pat", "pat"])
    if variant == "pat":
        a = "11" + "".join(r.choice(string.ascii_uppercase + string.digits) for _ in range(20))
        b = "".join(r.choice(string.ascii_letters + string.digits) for _ in range(59))
        return f"github_pat_{a}_{b}", "pat"
    body = "".join(r.choice(string.ascii_letters + string.digits) for _ in range(30))
    return f"{variant}_{body}{gh_checksum(body)}", variant


def gen_ip(r, variant=None):
    if variant is None:
        variant = r.choice(["v4.public"] * 5 + ["v4.rfc1918"] * 4 + ["v6.global", "v6.global", "v6.ula"])
    if variant == "v4.public":
        while True:
            a = r.choice([3, 5, 8, 12, 13, 18, 23, 24, 31, 34, 35, 37, 38, 45, 46, 50, 52, 54, 62, 64, 66, 67, 68, 69,
                          71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92, 93, 94,
                          95, 96, 97, 98, 99, 104, 107, 108, 109, 122, 128, 129, 130, 131, 134, 137, 138, 141, 142,
                          143, 144, 145, 146, 147, 148, 149, 151, 152, 154, 157, 158, 159, 161, 162, 163, 164, 165,
                          166, 167, 168, 170, 173, 174, 176, 178, 179, 180, 184, 185, 186, 187, 188, 189, 190, 193,
                          194, 195, 196, 197, 199, 200, 201, 204, 206, 207, 208, 209, 212, 213, 216, 217])
            v = f"{a}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
            if ipaddress.ip_address(v).is_global:
                return v, variant
    if variant == "v4.rfc1918":
        k = r.random()
        if k < 0.4:
            return f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}", variant
        if k < 0.7:
            return f"172.{r.randint(16, 31)}.{r.randint(0, 255)}.{r.randint(1, 254)}", variant
        return f"192.168.{r.randint(0, 255)}.{r.randint(1, 254)}", variant
    if variant == "v6.global":
        while True:
            head = r.choice(["2a02", "2a01", "2600", "2601", "2605", "2607", "2a00", "2a03", "2804", "2406", "2a0d"])
            groups = [head] + [f"{r.randint(0, 0xffff):x}" for _ in range(3)]
            tail = [f"{r.randint(0, 0xffff):x}" for _ in range(r.choice([1, 2, 4]))]
            if len(tail) == 4:
                v = ":".join(groups + tail)
            else:
                v = ":".join(groups) + "::" + ":".join(tail)
            ip = ipaddress.ip_address(v)
            if ip.is_global:
                return str(ip), variant
    # ULA
    v = f"fd{r.randint(0, 255):02x}:{r.randint(0, 0xffff):x}:{r.randint(0, 0xffff):x}::{r.randint(1, 0xffff):x}"
    return str(ipaddress.ip_address(v)), variant


def ip_ok(s: str) -> bool:
    try:
        ip = ipaddress.ip_address(s)
    except ValueError:
        return False
    return not (ip.is_loopback or ip.is_multicast or ip.is_unspecified or ip.is_reserved) and \
        not any(ip in ipaddress.ip_network(n) for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32"))


# ---------------------------------------------------------------------------------- PEM blocks

def _der_len(n):
    if n < 128:
        return bytes([n])
    if n < 256:
        return bytes([0x81, n])
    return bytes([0x82, n >> 8, n & 0xFF])


def _rb(r, n):
    return bytes(r.getrandbits(8) for _ in range(n))


def _rsa_pkcs1(r, bits):
    nlen = bits // 8
    body = b"\x02\x01\x00" + b"\x02" + _der_len(nlen + 1) + b"\x00" + bytes([r.randint(0x80, 0xFF)]) + _rb(r, nlen - 1)
    body += b"\x02\x03\x01\x00\x01"
    body += b"\x02" + _der_len(nlen) + bytes([r.randint(0x10, 0x7F)]) + _rb(r, nlen - 1)
    for _ in range(5):
        k = nlen // 2
        body += b"\x02" + _der_len(k + 1) + b"\x00" + bytes([r.randint(0x80, 0xFF)]) + _rb(r, k - 1)
    return b"\x30" + _der_len(len(body)) + body


def _wrap(b64, w=64):
    return "\n".join(b64[i:i + w] for i in range(0, len(b64), w))


def _ssh_str(b):
    return struct.pack(">I", len(b)) + b


def make_pem(r, kind):
    if kind in ("rsa", "rsa1024"):
        der = _rsa_pkcs1(r, 2048 if kind == "rsa" else 1024)
        return f"-----BEGIN RSA PRIVATE KEY-----\n{_wrap(base64.b64encode(der).decode())}\n-----END RSA PRIVATE KEY-----"
    if kind == "pkcs8":
        inner = _rsa_pkcs1(r, 2048)
        body = b"\x02\x01\x00" + bytes.fromhex("300d06092a864886f70d0101010500") + b"\x04" + _der_len(len(inner)) + inner
        der = b"\x30" + _der_len(len(body)) + body
        return f"-----BEGIN PRIVATE KEY-----\n{_wrap(base64.b64encode(der).decode())}\n-----END PRIVATE KEY-----"
    if kind == "ec":
        der = bytes.fromhex("30770201010420") + _rb(r, 32) + bytes.fromhex("a00a06082a8648ce3d030107a14403420004") + _rb(r, 64)
        return f"-----BEGIN EC PRIVATE KEY-----\n{_wrap(base64.b64encode(der).decode())}\n-----END EC PRIVATE KEY-----"
    if kind == "ed25519":
        der = bytes.fromhex("302e020100300506032b657004220420") + _rb(r, 32)
        return f"-----BEGIN PRIVATE KEY-----\n{_wrap(base64.b64encode(der).decode())}\n-----END PRIVATE KEY-----"
    if kind == "openssh":
        pub = _rb(r, 32)
        pubblob = _ssh_str(b"ssh-ed25519") + _ssh_str(pub)
        chk = _rb(r, 4)
        comment = r.choice([b"deploy", b"backup-job", b"ci-runner", b"sftp-upload", b"ansible"])
        priv = chk + chk + _ssh_str(b"ssh-ed25519") + _ssh_str(pub) + _ssh_str(_rb(r, 32) + pub) + _ssh_str(comment)
        pad = 1
        while len(priv) % 8:
            priv += bytes([pad])
            pad += 1
        blob = b"openssh-key-v1\x00" + _ssh_str(b"none") + _ssh_str(b"none") + _ssh_str(b"") + struct.pack(">I", 1) + \
            _ssh_str(pubblob) + _ssh_str(priv)
        return f"-----BEGIN OPENSSH PRIVATE KEY-----\n{_wrap(base64.b64encode(blob).decode(), 70)}\n-----END OPENSSH PRIVATE KEY-----"
    if kind == "encrypted":
        head = bytes.fromhex("304e06092a864886f70d01050d3041302906092a864886f70d01050c301c0408") + _rb(r, 8) + \
            bytes.fromhex("020208003014") + bytes.fromhex("06082a864886f70d03070408") + _rb(r, 8)
        enc = _rb(r, 1224)
        body = head + b"\x04" + _der_len(len(enc)) + enc
        der = b"\x30" + _der_len(len(body)) + body
        return f"-----BEGIN ENCRYPTED PRIVATE KEY-----\n{_wrap(base64.b64encode(der).decode())}\n-----END ENCRYPTED PRIVATE KEY-----"
    raise ValueError(kind)


def gen_pem(r, variant=None):
    if variant is None:
        variant = r.choice(["rsa", "rsa", "rsa1024", "pkcs8", "ec", "ec", "ed25519", "openssh", "openssh", "encrypted"])
    return make_pem(r, variant), variant


PEM_RE = re.compile(r"-----BEGIN ((?:RSA |EC |OPENSSH |ENCRYPTED |DSA )?PRIVATE KEY)-----\r?\n(.*?)\r?\n[ \t]*-----END \1-----", re.S)


def pem_ok(s: str) -> bool:
    m = PEM_RE.fullmatch(s)
    if not m:
        return False
    body = re.sub(r"\s", "", m.group(2))
    try:
        raw = base64.b64decode(body, validate=True)
    except (binascii.Error, ValueError):
        return False
    return len(raw) > 40


def make_public_block(r, kind):
    if kind == "public":
        der = bytes.fromhex("30820122300d06092a864886f70d01010105000382010f003082010a0282010100") + _rb(r, 256) + bytes.fromhex("0203010001")
        return f"-----BEGIN PUBLIC KEY-----\n{_wrap(base64.b64encode(der).decode())}\n-----END PUBLIC KEY-----"
    if kind == "cert":
        der = bytes.fromhex("308203") + _rb(r, 1) + bytes.fromhex("308202") + _rb(r, 700)
        return f"-----BEGIN CERTIFICATE-----\n{_wrap(base64.b64encode(der).decode())}\n-----END CERTIFICATE-----"
    if kind == "csr":
        der = bytes.fromhex("308202") + _rb(r, 1) + bytes.fromhex("308201") + _rb(r, 560)
        return f"-----BEGIN CERTIFICATE REQUEST-----\n{_wrap(base64.b64encode(der).decode())}\n-----END CERTIFICATE REQUEST-----"
    raise ValueError(kind)




# =============================================================================================
# people, companies, places
# =============================================================================================

FIRST = {
    "en": """Marisol Devon Keiko Anil Brooke Tobias Yesenia Darnell Priya Colm Wen Lucia Ibrahim Harriet Rowan Chidi
Marta Quentin Aaliyah Soren Beatriz Nikhil Odette Jalen Fiona Tomasz Ines Gareth Leilani Rafael Svetlana Malik Noor
Everett Camila Hamish Thandiwe Dmitri Rosalind Kenji Paloma Augustin Bridget Emeka Hana Callum Greta Isidro Jolene Kwame
Lorna Mateo Nadia Osman Petra Ruairi Saoirse Tariq Uma Viggo Wendell Ximena Yusuf Zora Delphine Cormac Shanice Bao
Agnieszka Ezra Maeve Rohan Tamsin Abebe Linnea Corbin Farah Gideon Hollis Ivana Jasper Kalinda Lamar Mireille""".split(),
    "de": "Jonas Lena Matthias Sabine Florian Katrin Tobias Anja Dominik Julia Henrik Ute Sebastian Miriam Lukas Carla Nils Heike".split(),
    "fr": "Camille Théo Élodie Mathieu Chloé Antoine Manon Julien Sandrine Hugo Léa Olivier Margaux Benoît Inès Rémi".split(),
    "es": "Lucía Javier Carmen Álvaro Marta Sergio Elena Pablo Nuria Diego Rocío Andrés Inés Raúl Begoña Iván".split(),
    "it": "Giulia Marco Chiara Alessandro Francesca Luca Elisa Matteo Sara Davide Valentina Stefano Federica Paolo".split(),
    "pt": "Beatriz João Mariana Tiago Inês Rui Catarina Pedro Sofia Nuno Joana Miguel Rita Gonçalo".split(),
    "nl": "Daan Sanne Bram Lotte Jeroen Anouk Thijs Femke Ruben Eva Wouter Maartje Joost Ilse".split(),
    "sv": "Erik Linnéa Oskar Maja Johan Elin Anders Sara Gustav Frida Henrik Ebba Viktor Klara".split(),
    "pl": "Katarzyna Piotr Agnieszka Tomasz Magdalena Paweł Joanna Michał Ewa Krzysztof Monika Łukasz Anna Marcin".split(),
}
LAST = {
    "en": """Okafor Lindqvist Marchetti Haverford Nakamura Delacroix Brennan Villanueva Szymanski Abernathy Castellanos
Oyelaran Whitcombe Fairbanks Rourke Quintero Halloran Petrov Achterberg Dunmore Espinoza Kowalczyk Montague Nguyen
Ostrowski Pemberton Reyes Sandoval Thackeray Underhill Vasquez Winslow Yamada Zielinski Ashdown Blackwood Carrow
Devereux Ellison Fenwick Gallagher Huxley Iverson Jaramillo Kettering Lowell Moriarty Norwood Oduya Prescott Ramos
Sheridan Talbot Ueda Vance Wexford Yeager Bramwell Cho Dalgleish Eze Farrow Gupta Hollings Ibarra Juarez Kimura
Lachance Mwangi Nolan Orr Pruitt Quigley Rasmussen Soto Tran Urquhart Voss Whelan""".split(),
    "de": "Becker Hoffmann Schäfer Wagner Krüger Neumann Brandt Lehmann Vogel Zimmermann Hartmann Kaiser Seidel Fuchs".split(),
    "fr": "Lefèvre Moreau Girard Fontaine Rousseau Chevalier Lambert Bonnet Mercier Garnier Faure Blanchard Gauthier".split(),
    "es": "García Fernández Moreno Jiménez Navarro Romero Gil Serrano Molina Ortega Delgado Castro Vidal Rubio".split(),
    "it": "Rossi Ferrari Esposito Bianchi Romano Colombo Ricci Marino Greco Bruno Gallo Conti Mancini Lombardi".split(),
    "pt": "Silva Santos Ferreira Pereira Oliveira Costa Rodrigues Martins Sousa Fernandes Gonçalves Gomes Lopes".split(),
    "nl": "de Vries Jansen van Dijk Bakker Visser Smit Meijer de Boer Mulder de Groot Bos Vos Peters Hendriks".split(" "),
    "sv": "Lindberg Johansson Karlsson Nilsson Eriksson Larsson Olsson Persson Svensson Gustafsson Pettersson Berg".split(),
    "pl": "Nowak Kowalska Wiśniewski Wójcik Kamińska Lewandowski Zielińska Szymański Woźniak Dąbrowski Kozłowska".split(),
}
LAST["nl"] = ["de Vries", "Jansen", "van Dijk", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
              "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen"]

COMPANIES = {
    "en": [("Harbor & Finch Dental", "harborfinch.com"), ("Ridgeview Orthopedics", "ridgevieworthopedics.com"),
           ("Coldwater Freight Lines", "coldwaterfreight.com"), ("Pinecrest Home Health", "pinecresthh.org"),
           ("Alder Street Bakery Co.", "alderstreetbakery.com"), ("Meridian Roofing", "meridianroofing.net"),
           ("Saltmarsh Veterinary Group", "saltmarshvets.com"), ("Tern Valley Credit Union", "ternvalleycu.org"),
           ("Bluegate Property Management", "bluegatepm.com"), ("Kestrel Outdoor Supply", "kestreloutdoor.com"),
           ("Oakhurst Family Practice", "oakhurstfp.com"), ("Lantern Bay Pharmacy", "lanternbayrx.com"),
           ("Greyhollow Construction", "greyhollow.build"), ("Northwind Pediatrics", "northwindpeds.org"),
           ("Copperline Staffing", "copperlinestaffing.com"), ("Stillwater Imaging Center", "stillwaterimaging.com"),
           ("Brightmoor Charter School", "brightmoorcharter.org"), ("Ashcombe Accountants", "ashcombe.co.uk"),
           ("Fenland Care Homes", "fenlandcare.co.uk"), ("Quayside Physio", "quaysidephysio.co.uk"),
           ("Hollybush Garden Centre", "hollybushgc.co.uk"), ("Liffey Print Works", "liffeyprint.ie"),
           ("Marram Surf School", "marramsurf.com"), ("Redwater Behavioral Health", "redwaterbh.org"),
           ("Summit Ridge Dermatology", "summitridgederm.com"), ("Carraway Law Group", "carrawaylaw.com"),
           ("Ironbark Fitness", "ironbarkfitness.com"), ("Juniper Hollow Senior Living", "juniperhollow.org"),
           ("Westbrook Auto Glass", "westbrookautoglass.com"), ("Tidewater Cardiology", "tidewatercardio.com")],
    "de": [("Brauhaus Kellermann GmbH", "kellermann-brau.de"), ("Praxis Dr. Weil", "praxis-weil.de"),
           ("Nordlicht Logistik AG", "nordlicht-logistik.de"), ("Fahrradwerk Süd", "fahrradwerk-sued.de"),
           ("Steuerkanzlei Brandl", "kanzlei-brandl.at")],
    "fr": [("Boulangerie Coquelicot", "coquelicot-boulangerie.fr"), ("Cabinet Marceau", "cabinet-marceau.fr"),
           ("Transports Vauclair", "vauclair-transports.fr"), ("Optique Lumière", "optique-lumiere.be")],
    "es": [("Talleres Arenal S.L.", "talleresarenal.es"), ("Clínica Dental Brisa", "clinicabrisa.es"),
           ("Distribuciones Olmo", "olmodistribuciones.com"), ("Hostal Las Dunas", "hostallasdunas.es")],
    "it": [("Ottica Vesuvio", "otticavesuvio.it"), ("Studio Medico Arcobaleno", "studioarcobaleno.it"),
           ("Ferramenta Lario", "ferramentalario.it"), ("Cantina Colle Alto", "cantinacollealto.it")],
    "pt": [("Padaria Estrela", "padariaestrela.pt"), ("Clínica Foz Saúde", "fozsaude.pt"),
           ("Transportes Douro", "transportesdouro.pt"), ("Loja Azulejo", "lojaazulejo.pt")],
    "nl": [("Bakkerij de Molen", "bakkerijdemolen.nl"), ("Tandartspraktijk Zuid", "tandartszuid.nl"),
           ("Fietsenmakerij Vos", "fietsenvos.nl"), ("Logistiek Hollands Glorie", "hollandsglorie.nl")],
    "sv": [("Bageri Kanelbullen", "kanelbullen.se"), ("Tandvården Söder", "tandvardensoder.se"),
           ("Åkeri Norrland AB", "akerinorrland.se"), ("Cykelverkstan", "cykelverkstan.se")],
    "pl": [("Piekarnia Pod Lipą", "podlipa.pl"), ("Przychodnia Zdrowie", "przychodnia-zdrowie.pl"),
           ("Transport Wisła", "transportwisla.pl"), ("Hurtownia Kasztan", "kasztan.com.pl")],
}
FREEMAIL = {
    "us": ["gmail.com", "outlook.com", "yahoo.com", "icloud.com", "hotmail.com", "aol.com", "proton.me", "comcast.net"],
    "uk": ["gmail.com", "outlook.com", "btinternet.com", "sky.com", "yahoo.co.uk", "icloud.com"],
    "ie": ["gmail.com", "eircom.net", "outlook.ie", "icloud.com"],
    "de": ["gmx.de", "web.de", "t-online.de", "gmail.com"], "fr": ["orange.fr", "free.fr", "laposte.net", "gmail.com"],
    "es": ["gmail.com", "hotmail.es", "telefonica.net", "yahoo.es"], "it": ["libero.it", "virgilio.it", "gmail.com", "tiscali.it"],
    "pt": ["sapo.pt", "gmail.com", "netcabo.pt"], "nl": ["ziggo.nl", "kpnmail.nl", "gmail.com", "hotmail.nl"],
    "se": ["telia.com", "gmail.com", "bredband.net", "outlook.com"], "pl": ["wp.pl", "onet.pl", "o2.pl", "gmail.com"],
}
LANG_REGION = {"en": None, "de": "de", "fr": "fr", "es": "es", "it": "it", "pt": "pt", "nl": "nl", "sv": "se", "pl": "pl"}
CITIES = {"us": ["Tacoma", "Dayton", "Boise", "Savannah", "Fresno", "Albany", "Tulsa", "Madison", "Reno", "Akron"],
          "uk": ["Leeds", "Norwich", "Exeter", "Swansea", "Derby", "Carlisle"], "ie": ["Galway", "Cork", "Limerick"],
          "de": ["Kassel", "Bremen", "Leipzig"], "fr": ["Nantes", "Lille", "Rennes"], "es": ["Zaragoza", "Málaga", "Bilbao"],
          "it": ["Bergamo", "Verona", "Bari"], "pt": ["Braga", "Coimbra", "Faro"], "nl": ["Utrecht", "Zwolle", "Breda"],
          "se": ["Umeå", "Malmö", "Örebro"], "pl": ["Poznań", "Gdańsk", "Lublin"]}


def strip_accents(s):
    table = str.maketrans("áàâäãåçéèêëíìîïñóòôöõøúùûüýÿßłśźżćńąęÁÉÍÓÚÖÜÅÄŁŚŻ", "aaaaaaceeeeiiiinoooooouuuuyysiszzcnaeAEIOUOUAALSZ")
    return s.translate(table).replace("ß", "ss")


# =============================================================================================
# note context: the DSL resolver
# =============================================================================================

class Ctx:
    def __init__(self, r, lang, region, ntype, vendor):
        self.r = r
        self.lang = lang
        self.region = region
        self.ntype = ntype
        self.vendor = vendor  # (name, domain, support_local)
        plang = lang if lang in FIRST else "en"
        self.plang = plang
        self.cust = self.person()
        self.co = r.choice(COMPANIES.get(lang if lang != "en" else "en", COMPANIES["en"]))
        if lang == "en" and region in ("uk", "ie") and r.random() < 0.6:
            self.co = r.choice([c for c in COMPANIES["en"] if c[1].endswith((".co.uk", ".ie"))])
        self.agent = self.person("en" if r.random() < 0.5 else plang)
        self.pt = self.person()
        self.dr = None
        self.dr_named = False
        self.main = None
        self.mem = {}

    # ---------------------------------------------------------------- people
    def person(self, lang=None):
        lang = lang or self.plang
        return {"first": self.r.choice(FIRST[lang]), "last": self.r.choice(LAST[lang])}

    def new_dr(self):
        p = self.person()
        while not strip_accents(p["last"])[0].isalpha():
            p = self.person()
        self.dr = p
        self.dr_named = False
        return p

    def word(self, k):
        r = self.r
        c = self.cust
        if k == "cust":
            return f"{c['first']} {c['last']}"
        if k == "cust_first":
            return c["first"]
        if k == "cust_last":
            return c["last"]
        if k == "agent":
            return self.agent["first"]
        if k == "agent_full":
            return f"{self.agent['first']} {self.agent['last']}"
        if k == "pt":
            return f"{self.pt['first']} {self.pt['last']}"
        if k == "pt_first":
            return self.pt["first"]
        if k == "dr":
            p = self.new_dr()
            self.dr_named = True
            return f"Dr. {p['first']} {p['last']}"
        if k == "dr_last":
            p = self.dr or self.new_dr()
            self.dr_named = True
            return f"Dr. {p['last']}"
        if k == "prescriber":
            p = self.new_dr()
            self.dr_named = True
            return f"{p['first']} {p['last']}"
        if k == "co":
            return self.co[0]
        if k == "vendor":
            return self.vendor[0]
        if k == "name":
            p = self.person()
            return f"{p['first']} {p['last']}"
        if k == "first":
            return self.person()["first"]
        if k == "city":
            return r.choice(CITIES.get(self.region, CITIES["us"]))
        if k == "n":
            return str(r.randint(2, 9))
        if k == "nn":
            return str(r.randint(11, 48))
        if k == "amt":
            cur = {"us": "$", "uk": "£", "ie": "€"}.get(self.region, "€")
            return f"{cur}{r.randint(12, 980)}.{r.randint(0, 99):02d}"
        if k == "weekday":
            return r.choice(WEEKDAYS[:5])
        if k == "month":
            return MONTHS["en"][r.randint(0, 11)]
        if k == "clinic":
            return r.choice(["Oakhurst Family Practice", "Tidewater Cardiology", "Northwind Pediatrics",
                             "Summit Ridge Dermatology", "Redwater Behavioral Health", "Stillwater Imaging Center",
                             "Lakeside Urgent Care", "St. Brendan's Medical Center", "Mercy Ridge Hospital"])
        if k == "pharmacy":
            return r.choice(["Lantern Bay Pharmacy", "Corner Drug #14", "Hillside Apothecary", "Medway Pharmacy",
                             "Riverside Specialty Rx", "CareFirst Pharmacy #208"])
        if k == "bank":
            return r.choice(["Tern Valley Credit Union", "First Prairie Bank", "Harbor Savings", "Keystone Federal",
                             "Granite State Bank", "Cascade Community CU", "Pioneer Trust"])
        if k == "airline":
            return r.choice(["United", "Delta", "Lufthansa", "Air France", "Iberia", "KLM", "SAS", "LOT", "TAP", "Aer Lingus", "British Airways"])
        if k == "hotel":
            return r.choice(["Harbourview Suites", "Hotel Meridiana", "Lantern Inn", "Parkside Marriott", "Novotel Centre", "Hilton Garden Inn"])
        if k == "school":
            return r.choice(["Northmere University", "Calder State College", "Westfield Community College", "St. Aidan's College"])
        if k == "merchant":
            return r.choice(["SQ *BLUE BOTTLE", "AMZN Mktp US", "UBER *TRIP", "DELTA AIR", "HOTEL MERIDIANA", "SHELL OIL",
                             "WALGREENS #4412", "ZOOM.US", "ADOBE *CREATIVE", "PAYPAL *EBAY", "STAPLES DIRECT", "LYFT *RIDE"])
        if k == "host":
            return r.choice(["fs01", "dc02", "print-srv", "ehr-app03", "vpn-gw1", "sql-prod-2", "nas-backup", "rdp-jump",
                             "web-edge-4", "files-old", "hr-portal", "scan-station"])
        if k == "product":
            return r.choice(["ceramic mug set", "trail running shoes", "LED desk lamp", "yoga mat", "phone case",
                             "espresso grinder", "kids' rain jacket", "wool blanket", "bike light", "cast iron pan"])
        raise GenError(f"unknown word slot {k!r}")

    # ---------------------------------------------------------------- e-mail addresses
    def email_for(self, p, domain=None, style=None):
        r = self.r
        f = strip_accents(p["first"]).lower().replace(" ", "")
        l = strip_accents(p["last"]).lower().replace(" ", "").replace("'", "")
        if domain is None:
            domain = self.co[1] if r.random() < 0.6 else r.choice(FREEMAIL.get(self.region, FREEMAIL["us"]))
        if style is None:
            style = r.choice(["first_dot_last", "first_dot_last", "flast", "firstl", "first_underscore_last", "first", "f_dot_last",
                              "first_dot_last_num", "first_plus_tag", "last_dot_first", "first_hyphen_last", "first_m_last"])
        loc = {"first_dot_last": f"{f}.{l}", "flast": f"{f[0]}{l}", "firstl": f"{f}{l[0]}", "first_underscore_last": f"{f}_{l}",
               "first": f, "f_dot_last": f"{f[0]}.{l}", "first_dot_last_num": f"{f}.{l}{r.randint(2, 99)}",
               "first_plus_tag": f"{f}+{r.choice(['billing', 'support', 'claims', 'ops', 'vendor'])}",
               "last_dot_first": f"{l}.{f}", "first_hyphen_last": f"{f}-{l}",
               "first_m_last": f"{f}.{r.choice(string.ascii_lowercase)}.{l}"}[style]
        if style == "first" and "." not in domain[:-4] and domain in sum(FREEMAIL.values(), []):
            loc = f"{f}{l[:3]}{r.randint(10, 99)}"
        return f"{loc}@{domain}", style

    def gen_email(self, variant=None):
        r = self.r
        if variant == "cust" or (variant is None and r.random() < 0.55):
            if "cust_email" not in self.mem:
                self.mem["cust_email"] = self.email_for(self.cust)
            return self.mem["cust_email"]
        if variant is None:
            k = r.random()
            if k < 0.45:
                return self.email_for(self.cust, r.choice(FREEMAIL.get(self.region, FREEMAIL["us"])))
            if k < 0.7:
                return self.email_for(self.person())
            if k < 0.88:
                role = r.choice(["billing", "accounts", "ap", "frontdesk", "office", "payroll", "it", "admin", "hr", "claims"])
                return f"{role}@{self.co[1]}", "role"
            return self.gen_email("agent")
        if variant == "agent":
            if "agent_email" not in self.mem:
                self.mem["agent_email"] = self.email_for(self.agent, self.vendor[1], r.choice(["first_dot_last", "first", "flast"]))
            return self.mem["agent_email"]
        if variant == "vendor_role":
            return f"{self.vendor[2]}@{self.vendor[1]}", "role"
        if variant == "role":
            role = r.choice(["billing", "accounts", "ap", "frontdesk", "office", "payroll", "it", "admin", "hr", "claims"])
            return f"{role}@{self.co[1]}", "role"
        if variant == "other":
            return self.email_for(self.person())
        if variant == "nhs":
            return self.email_for(self.person(), "nhs.net", r.choice(["first_dot_last", "first_dot_last_num"]))
        if variant == "free":
            return self.email_for(self.cust, r.choice(FREEMAIL.get(self.region, FREEMAIL["us"])))
        raise GenError(variant)

    # ---------------------------------------------------------------- positives
    def phone(self, variant=None):
        r = self.r
        reg = self.region
        if reg == "us":
            return gen_us_phone(r, variant, toll=(variant is None and r.random() < 0.08))
        cc = {"uk": "gb", "ie": "ie", "se": "se"}.get(reg, reg)
        return gen_intl_phone(r, cc, variant)

    def dob(self, variant=None):
        r = self.r
        d = rand_date(r, 1934, 2007)
        if self.region in DOB_STYLES:
            style = variant or r.choice(DOB_STYLES[self.region])
            return fmt_date(d, style), style
        style = variant or r.choice(DATE_STYLES[self.region] + ["local_long"])
        return fmt_date(d, style, self.lang), (f"{style}.{self.lang}" if style == "local_long" else style)

    def pos(self, ent, variant=None, place="sent"):
        r = self.r
        if ent == "CREDIT_CARD":
            v, var = gen_card(r, variant)
        elif ent == "US_SSN":
            v, var = gen_ssn(r, variant)
        elif ent == "EMAIL_ADDRESS":
            v, var = self.gen_email(variant)
        elif ent == "PHONE_NUMBER":
            v, var = self.phone(variant)
        elif ent == "IBAN_CODE":
            v, var = gen_iban(r, self.region, variant)
        elif ent == "ABA_ROUTING_NUMBER":
            v, var = gen_aba(r)
        elif ent == "IP_ADDRESS":
            v, var = gen_ip(r, variant)
        elif ent == "MEDICAL_RECORD_NUMBER":
            v, var = gen_mrn(r, variant)
        elif ent == "US_NPI":
            v, var = make_npi(r), "plain"
        elif ent == "DATE_OF_BIRTH":
            v, var = self.dob(variant)
        elif ent == "UK_NHS":
            v, var = gen_nhs(r, variant)
        elif ent == "US_DEA":
            if not (self.dr and self.dr_named):
                raise GenError("a DEA number needs a named prescriber")
            p = self.dr
            v = make_dea(r, strip_accents(p["last"])[0].upper())
            var = v[0].lower() + "x"
        elif ent == "AWS_ACCESS_KEY":
            v, var = gen_aws(r, variant)
        elif ent == "GITHUB_TOKEN":
            v, var = gen_gh(r, variant)
        elif ent == "PRIVATE_KEY":
            v, var = gen_pem(r, variant)
        else:
            raise GenError(ent)
        return ("P", v, ent, f"{FAMILY[ent]}.{var}.{place}")

    def neg(self, kind):
        if kind not in NEG:
            raise GenError(f"unknown negative kind {kind!r}")
        return ("N", NEG[kind][1](self), kind)


# =============================================================================================
# hard negatives: kind -> (imitated entity or None, generator, claim)
# =============================================================================================

def num_avoid(r, n, lead=None, allow=()):
    """A random n-digit string that passes no checksum of a same-length entity (unless allowed)."""
    while True:
        s = (lead if lead is not None else str(r.randint(1, 9))) + dd(r, n - (len(lead) if lead is not None else 1))
        if n == 9 and "aba" not in allow and aba_ok(s):
            continue
        if n == 9 and ssn_ok(s) and "ssn" not in allow and r.random() < 0.0:
            continue
        if n == 10 and (npi_ok(s) or nhs_ok(s)):
            continue
        if 12 <= n <= 19 and luhn_ok(s) and "luhn" not in allow:
            continue
        return s


def _date_neg(y0, y1, styles=None):
    def g(c):
        d = rand_date(c.r, y0, y1)
        st = c.r.choice(styles or DATE_STYLES.get(c.region, DATE_STYLES["us"]))
        return fmt_date(d, st, c.lang)
    return g


def _ts(c, style=None):
    r = c.r
    d = rand_date(r, 2024, 2026)
    h, m, s = r.randint(0, 23), r.randint(0, 59), r.randint(0, 59)
    style = style or r.choice(["iso_z", "iso_ms", "iso_off", "us12", "eu", "log", "rfc2822", "outlook", "clf"])
    if style == "iso_z":
        return f"{d.isoformat()}T{h:02d}:{m:02d}:{s:02d}Z"
    if style == "iso_ms":
        return f"{d.isoformat()}T{h:02d}:{m:02d}:{s:02d}.{r.randint(0, 999):03d}Z"
    if style == "iso_off":
        return f"{d.isoformat()}T{h:02d}:{m:02d}:{s:02d}{r.choice(['-05:00', '-04:00', '+01:00', '+00:00', '-07:00', '+02:00'])}"
    if style == "us12":
        return f"{d.month}/{d.day}/{d.year} {(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"
    if style == "eu":
        return f"{d.day:02d}.{d.month:02d}.{d.year} {h:02d}:{m:02d}"
    if style == "log":
        return f"{d.isoformat()} {h:02d}:{m:02d}:{s:02d},{r.randint(0, 999):03d}"
    if style == "rfc2822":
        return f"{WEEKDAYS[d.weekday()][:3]}, {d.day} {ABBR[d.month - 1]} {d.year} {h:02d}:{m:02d}:{s:02d} {r.choice(['-0500', '-0400', '+0000', '+0100', '-0700', '+0200'])}"
    if style == "outlook":
        return f"{WEEKDAYS[d.weekday()]}, {MONTHS['en'][d.month - 1]} {d.day}, {d.year} {(h % 12) or 12}:{m:02d} {'AM' if h < 12 else 'PM'}"
    if style == "clf":
        return f"{d.day:02d}/{ABBR[d.month - 1]}/{d.year}:{h:02d}:{m:02d}:{s:02d} +0000"
    raise ValueError(style)


def _amount(c):
    r = c.r
    v = (r.randint(12, 1900) if r.random() < 0.7 else r.randint(1900, 48000)) + r.randint(0, 99) / 100
    reg = c.region
    if reg == "us":
        return f"${v:,.2f}"
    if reg == "uk":
        return f"£{v:,.2f}"
    if reg in ("de", "es", "it", "pt", "nl", "pl", "se", "fr"):
        s = f"{v:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
        if reg in ("fr", "se", "pl"):
            s = s.replace(".", "\u202f" if reg == "fr" else " ")
        cur = {"pl": "zł", "se": "kr"}.get(reg, "€")
        return f"{s} {cur}"
    return f"€{v:,.2f}"


def _hex(r, n):
    return "".join(r.choice("0123456789abcdef") for _ in range(n))


def _uuid(r):
    h = _hex(r, 32)
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{r.choice('89ab')}{h[17:20]}-{h[20:]}"


def _alnum_up(r, n):
    return "".join(r.choice(string.ascii_uppercase + string.digits) for _ in range(n))


def _masked_card(c):
    r = c.r
    d, _ = make_card(r)
    l4 = d[-4:]
    return r.choice([f"**** **** **** {l4}", f"XXXX-XXXX-XXXX-{l4}", f"•••• {l4}", f"{d[:6]}******{l4}",
                     f"************{l4}", f"xxxx xxxx xxxx {l4}", f"{d[:4]} **** **** {l4}"])


def _luhn_order(c):
    r = c.r
    lead = r.choice(["4", "5", "3", "6", "1", "7", "8", "9"])
    while True:
        s = luhn_complete(lead + dd(r, 14))
        if s not in TEST_PANS:
            return s


def _luhn_fail(c):
    r = c.r
    n = r.choice([15, 16, 16, 16, 18, 19])
    while True:
        s = luhn_break(r.choice("123456789") + dd(r, n - 2))
        if not luhn_ok(s):
            return s if r.random() < 0.6 or n != 16 else " ".join(s[i:i + 4] for i in range(0, 16, 4))


def _eticket(c):
    r = c.r
    pre = r.choice(["001", "006", "016", "125", "220", "057", "074", "075", "080", "117", "047", "053"])
    body = dd(r, 10)
    return r.choice([f"{pre}-{body}", f"{pre}{body}", f"{pre} {body}"])


def _imei(c):
    return luhn_complete("35" + dd(c.r, 12))


def _iccid(c):
    return luhn_complete(c.r.choice(["8901", "8944", "8949", "8933", "8934", "8931"]) + dd(c.r, 14))


def _gift(c):
    r = c.r
    s = r.choice(["6006", "7777", "6039", "6046"]) + dd(r, 12)
    return " ".join(s[i:i + 4] for i in range(0, 16, 4)) if r.random() < 0.5 else s


def _test_pan(c):
    r = c.r
    d = r.choice(["4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "6011111111111117",
                  "5105105105105100", "4012888888881881"])
    return fmt_card(d, r.choice([" ", "", "-"]))


def _merchant_id(c):
    r = c.r
    while True:
        s = r.choice(["4", "5", "8", "2"]) + dd(c.r, 14)
        if not luhn_ok(s):
            return s


def _masked_ssn(c):
    l4 = dd(c.r, 4)
    return c.r.choice([f"XXX-XX-{l4}", f"***-**-{l4}", f"xxx-xx-{l4}", f"•••-••-{l4}", f"###-##-{l4}"])


def _itin(c):
    r = c.r
    return f"9{dd(r, 2)}-{r.choice(['70', '71', '73', '78', '80', '83', '88', '90', '92', '94', '99'])}-{dd(r, 4)}"


EIN_PREFIX = [10, 12, 20, 22, 26, 27, 30, 33, 35, 38, 41, 45, 46, 47, 51, 54, 56, 58, 61, 65, 71, 74, 75, 81, 83, 84, 86, 88, 91, 93, 94, 98]


def _ein(c):
    return f"{c.r.choice(EIN_PREFIX)}-{dd(c.r, 7)}"


def _ssn_shaped_ref(c):
    d = make_ssn(c.r)
    return f"{d[:3]}-{d[3:5]}-{d[5:]}"


def _ssn_invalid(c):
    r = c.r
    k = r.random()
    if k < 0.4:
        a = f"9{dd(r, 2)}"
    elif k < 0.55:
        a = "666"
    elif k < 0.7:
        a = "000"
    else:
        a = f"{r.randint(1, 899):03d}"
        return f"{a}-00-{dd(r, 4)}" if r.random() < 0.5 else f"{a}-{r.randint(1, 99):02d}-0000"
    return f"{a}-{r.randint(1, 99):02d}-{r.randint(1, 9999):04d}"


def _zip4(c):
    return f"{c.r.randint(10000, 99950)}-{dd(c.r, 4)}"


def _masked_email(c):
    r = c.r
    p = c.person()
    f = strip_accents(p["first"]).lower()
    dom = r.choice(FREEMAIL.get(c.region, FREEMAIL["us"]) + [c.co[1]])
    return r.choice([f"{f[0]}{'*' * r.randint(4, 7)}@{dom}", f"{f[:2]}***@{dom}", f"{f[0]}***.{strip_accents(p['last']).lower()[0]}***@{dom}",
                     f"{f[0]}•••••@{dom}"])


def _user_at_host(c):
    r = c.r
    return f"{r.choice(['root', 'admin', 'svc-backup', 'deploy', 'ubuntu', 'ec2-user', 'pi', 'scanner'])}@{r.choice(['db-replica-03', 'nas01', 'fw-edge', 'build-07', 'jumpbox', 'ehr-app03', 'pos-term-12', 'mail-relay'])}"


def _at_handle(c):
    p = c.person()
    return "@" + strip_accents(p["first"]).lower() + c.r.choice(["", ".", "_"]) + strip_accents(p["last"]).lower().replace(" ", "")


def _message_id(c):
    r = c.r
    dom = r.choice(["mail.gmail.com", f"{_alnum_up(r, 4)}PR{r.randint(10, 99)}MB{r.randint(1000, 9999)}.namprd{r.randint(10, 20)}.prod.outlook.com",
                    "smtp.mailgun.org", c.co[1]])
    return f"<{''.join(r.choice(string.ascii_letters + string.digits) for _ in range(r.randint(18, 30)))}@{dom}>"


def _docker_digest(c):
    return f"registry.{c.vendor[1]}/{c.r.choice(['api', 'worker', 'portal', 'sync'])}@sha256:{_hex(c.r, 64)}"


def _scoped_pkg(c):
    r = c.r
    return f"@{r.choice(['acme', 'northwind', 'quill', 'tessera', 'cobalt'])}/{r.choice(['ui-kit', 'sdk', 'auth', 'forms', 'core'])}@{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 30)}"


def _placeholder_email(c):
    return c.r.choice(["name@example.com", "jane.doe@example.com", "user@yourcompany.com", "firstname.lastname@example.org",
                       "you@example.net", "test.user@example.com", "someone@domain.com"])


def _masked_phone(c):
    r = c.r
    l4 = dd(r, 4)
    if c.region == "us" or r.random() < 0.3:
        return r.choice([f"(***) ***-{l4}", f"***-***-{l4}", f"XXX-XXX-{l4}", f"+1 (***) ***-{l4}", f"•••-•••-{l4}"])
    return r.choice([f"+44 **** ***{l4[:3]}", f"+49 *** ****{l4}", f"06 ** ** {l4[:2]} {l4[2:]}", f"******{l4}"])


def _phone_shaped_id(c):
    r = c.r
    return f"{r.randint(200, 989)}-{r.randint(200, 989)}-{dd(r, 4)}"


def _ext(c):
    r = c.r
    return r.choice([f"ext. {r.randint(100, 9999)}", f"x{r.randint(100, 9999)}", f"Ext {r.randint(10, 999)}", f"ext {r.randint(100, 999)}"])


def _short_code(c):
    return str(c.r.randint(20000, 99999))


def _iban_bad(c):
    r = c.r
    cc = r.choice(IBAN_BY_REGION.get(c.region, IBAN_BY_REGION["us"]))
    v = make_iban(r, cc)
    while True:
        chk = f"{r.randint(2, 98):02d}"
        w = v[:2] + chk + v[4:]
        if not iban_ok(w):
            return group4(w) if r.random() < 0.5 else w


def _iban_wrong_len(c):
    r = c.r
    cc = r.choice(IBAN_BY_REGION.get(c.region, IBAN_BY_REGION["us"]))
    bban = gen_bban(r, cc)
    bban = bban[:-1] if r.random() < 0.5 else bban + dd(r, 1)
    w = cc + iban_checkdigits(cc, bban) + bban
    return group4(w) if r.random() < 0.5 else w


def _masked_iban(c):
    r = c.r
    cc = r.choice(IBAN_BY_REGION.get(c.region, IBAN_BY_REGION["us"]))
    v = make_iban(r, cc)
    return r.choice([f"{cc}** **** **** **** {v[-4:]}", f"{v[:4]} **** **** {v[-4:]}", f"{cc}{'*' * (len(v) - 6)}{v[-4:]}"])


BICS = ["DEUTDEFFXXX", "COBADEFF", "BNPAFRPP", "INGBNL2A", "BARCGB22", "AIBKIE2D", "CAIXESBB", "BCITITMM", "CGDIPTPL",
        "NDEASESS", "PKOPPLPW", "RABONL2U", "SOGEFRPPXXX", "UNCRITMM", "BBVAESMM", "HANDSESS", "BREXPLPW", "GENODEM1GLS",
        "ABNANL2A", "NWBKGB2L", "BOFIIE2D", "TRWIBEB1XXX", "REVOLT21", "UBSWCHZH80A"]


VAT_BY_REGION = {"de": ("DE", "AT"), "fr": ("FR", "BE"), "es": ("ES",), "it": ("IT",), "pt": ("PT",), "nl": ("NL", "BE"), "se": ("SE",),
                 "pl": ("PL",), "uk": ("GB", "IE"), "ie": ("IE", "GB")}


def _vat(c):
    r = c.r
    pref = VAT_BY_REGION.get(c.region)
    if pref and r.random() < 0.75:
        cc = r.choice(pref)
        return {"DE": f"DE{dd(r, 9)}", "AT": f"ATU{dd(r, 8)}", "FR": f"FR{dd(r, 2)}{dd(r, 9)}", "BE": f"BE0{dd(r, 9)}",
                "ES": f"ESB{dd(r, 8)}", "IT": f"IT{dd(r, 11)}", "PT": f"PT{dd(r, 9)}", "NL": f"NL{dd(r, 9)}B0{r.randint(1, 9)}",
                "SE": f"SE{dd(r, 10)}01", "PL": f"PL{dd(r, 10)}", "GB": f"GB{dd(r, 9)}", "IE": f"IE{dd(r, 7)}{r.choice('ABCDEFW')}"}[cc]
    return r.choice([f"DE{dd(r, 9)}", f"FR{dd(r, 2)}{dd(r, 9)}", f"NL{dd(r, 9)}B0{r.randint(1, 9)}", f"ESB{dd(r, 8)}",
                     f"IT{dd(r, 11)}", f"PT{dd(r, 9)}", f"PL{dd(r, 10)}", f"SE{dd(r, 10)}01", f"GB{dd(r, 9)}", f"ATU{dd(r, 8)}",
                     f"BE0{dd(r, 9)}", f"IE{dd(r, 7)}{r.choice('ABCDEFW')}"])


def _sepa_ci(c):
    r = c.r
    cc = r.choice(["DE", "FR", "NL", "ES", "IT", "AT", "BE"])
    return f"{cc}{dd(r, 2)}ZZZ{dd(r, 11 if cc == 'DE' else 9)}"


def _iban_doc(c):
    return c.r.choice(["DE89 3704 0044 0532 0130 00", "DE89370400440532013000", "GB29 NWBK 6016 1331 9268 19",
                       "GB29NWBK60161331926819", "FR14 2004 1010 0505 0001 3M02 606", "NL91 ABNA 0417 1643 00"])


def _aba_fail(c):
    r = c.r
    while True:
        s = f"{r.choice(FED_PREFIX):02d}" + dd(r, 7)
        if not aba_ok(s):
            return s


def _bank_acct(c):
    r = c.r
    n = r.choice([8, 10, 11, 12, 12, 14])
    s = num_avoid(r, n, lead=str(r.randint(1, 9)))
    return s


def _aba_shaped_ref(c):
    return make_aba(c.r)


def _masked_routing(c):
    return c.r.choice(["*****", "XXXXX", "•••••"]) + dd(c.r, 4)


def _ach_trace(c):
    return make_aba(c.r)[:8] + dd(c.r, 7)


def _check_no(c):
    return str(c.r.randint(1001, 99999))


def _version_ip_like(c):
    r = c.r
    return f"{r.randint(1, 24)}.{r.randint(0, 20)}.{r.randint(0, 60)}.{r.randint(1, 250)}"


def _version_string(c):
    r = c.r
    return r.choice([f"v{r.randint(1, 12)}.{r.randint(0, 30)}.{r.randint(0, 40)}", f"{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}-rc{r.randint(1, 4)}",
                     f"{r.randint(2022, 2025)}.{r.randint(1, 12)}.{r.randint(1, 9)}", f"{r.randint(14, 18)}.{r.randint(0, 7)}.{r.randint(1, 3)}",
                     f"v{r.randint(1, 5)}.{r.randint(0, 9)}", f"{r.randint(100, 131)}.0.{r.randint(1000, 6999)}.{r.randint(10, 250)}"])


def _masked_ip(c):
    r = c.r
    return r.choice([f"10.{r.randint(0, 255)}.x.x", f"192.168.*.*", f"{r.randint(11, 223)}.{r.randint(0, 255)}.xxx.xxx",
                     f"172.{r.randint(16, 31)}.***.***", f"{r.randint(11, 223)}.***.***.{r.randint(1, 254)}"])


def _ip_bad_octet(c):
    r = c.r
    parts = [r.randint(1, 223), r.randint(0, 255), r.randint(0, 255), r.randint(1, 254)]
    parts[r.randint(0, 3)] = r.randint(256, 999)
    return ".".join(map(str, parts))


def _oid(c):
    r = c.r
    return "1.3.6.1." + ".".join(str(r.randint(1, 40)) for _ in range(r.randint(3, 7)))


def _mac(c):
    r = c.r
    sep = r.choice([":", "-"])
    h = [f"{r.randint(0, 255):02x}" for _ in range(6)]
    s = sep.join(h)
    return s.upper() if r.random() < 0.4 else s


def _netmask(c):
    return c.r.choice(["255.255.255.0", "255.255.254.0", "255.255.240.0", "255.255.255.128", "255.255.0.0", "255.255.255.192"])


def _section(c):
    r = c.r
    return f"{r.randint(2, 14)}.{r.randint(1, 9)}.{r.randint(1, 9)}.{r.randint(1, 9)}"


def _win_build(c):
    r = c.r
    return f"10.0.{r.choice([19045, 22621, 22631, 26100, 17763, 20348])}.{r.randint(1000, 5000)}"


def _claim_no(c):
    r = c.r
    return r.choice([f"CLM-{r.randint(2023, 2026)}-{dd(r, 7)}", f"{r.randint(23, 26)}{r.choice('ABCEH')}{dd(r, 8)}",
                     f"E{r.randint(2023, 2026)}-{dd(r, 6)}", f"C-{dd(r, 6)}-0{r.randint(1, 9)}", f"{dd(r, 3)}{_alnum_up(r, 3)}{dd(r, 5)}"])


def _encounter(c):
    r = c.r
    return r.choice([f"ENC-{dd(r, 8)}", f"V{dd(r, 9)}", f"{num_avoid(r, 10)}", f"ENC{r.randint(2024, 2026)}{dd(r, 6)}"])


def _member_id(c):
    r = c.r
    return r.choice([f"W{dd(r, 9)}", f"{_alnum_up(r, 3)}{dd(r, 9)}", f"MBR-{dd(r, 8)}", f"U{dd(r, 8)}01", f"{r.choice('HJKZ')}{dd(r, 8)}"])


def _rx_number(c):
    r = c.r
    return r.choice([f"{r.randint(1, 9)}{dd(r, 6)}", f"RX-{dd(r, 7)}", f"{r.randint(1, 9)}{dd(r, 6)}-{dd(r, 2)}"])


def _accession(c):
    r = c.r
    return r.choice([f"S{r.randint(23, 26)}-{dd(r, 5)}", f"ACC{dd(r, 8)}", f"{r.choice(['CT', 'MR', 'US', 'XR'])}-{r.randint(2024, 2026)}-{dd(r, 6)}"])


def _pt_account(c):
    r = c.r
    return r.choice([num_avoid(r, 10), num_avoid(r, 9), f"{num_avoid(r, 11)}"])


def _prior_auth(c):
    r = c.r
    return r.choice([f"PA-{dd(r, 9)}", f"PA{num_avoid(r, 10)}", f"{r.randint(2024, 2026)}{_alnum_up(r, 2)}{dd(r, 6)}"])


def _masked_mrn(c):
    r = c.r
    return r.choice([f"****{dd(r, 4)}", f"XXXX{dd(r, 3)}", f"•••••{dd(r, 3)}", f"MR*****{dd(r, 2)}"])


def _ten_digit_ref(c):
    return num_avoid(c.r, 10, lead=str(c.r.randint(1, 9)))


def _npi_shaped_ref(c):
    return make_npi(c.r)


def _masked_npi(c):
    r = c.r
    return f"{r.choice('12')}{'*' * 7}{dd(r, 2)}" if r.random() < 0.5 else f"{r.choice('12')}{dd(r, 2)}*****{dd(r, 2)}"


def _taxonomy(c):
    return c.r.choice(["207Q00000X", "208D00000X", "207R00000X", "363LF0000X", "1835P1200X", "261QP2300X", "333600000X", "207P00000X"])


def _card_expiry(c):
    r = c.r
    m, y = r.randint(1, 12), r.randint(2025, 2031)
    return r.choice([f"{m:02d}/{y % 100:02d}", f"{m:02d}/{y}", f"{m:02d}-{y % 100:02d}"])


def _masked_dob(c):
    r = c.r
    return r.choice([f"**/**/19{dd(r, 2)}", "XX/XX/19XX", f"19**-**-**", f"{r.randint(1, 12):02d}/**/****", "**.**.19**", f"**/**/{r.randint(1940, 2005)}"])


def _age(c):
    r = c.r
    n = r.randint(19, 91)
    return r.choice([f"{n} y/o", f"age {n}", f"{n}-year-old", f"{n} years old", f"{n}yo", f"{n} yrs"])


def _ts_epoch(c):
    r = c.r
    while True:
        s = str(r.randint(1_704_000_000, 1_790_000_000))
        if not (npi_ok(s) or nhs_ok(s)):
            return s + (dd(r, 3) if r.random() < 0.3 else "")


def _nhs_fail(c):
    r = c.r
    while True:
        s = r.choice("4679") + dd(r, 9)
        if not nhs_ok(s) and not npi_ok(s):
            return f"{s[:3]} {s[3:6]} {s[6:]}" if r.random() < 0.6 else s


def _ubrn(c):
    s = "000" + dd(c.r, 9)
    return f"{s[:4]} {s[4:8]} {s[8:]}"


def _masked_nhs(c):
    r = c.r
    return r.choice([f"*** *** {dd(r, 4)}", f"XXX XXX {dd(r, 4)}", f"******{dd(r, 4)}", f"{r.choice('467')}** *** ****"])


def _ods(c):
    r = c.r
    return r.choice([f"{r.choice('ABCDEFGHJKLMNP')}{r.randint(81000, 89999)}", f"Y0{dd(r, 4)}"])


def _dea_fail(c):
    r = c.r
    p = c.dr or c.new_dr()
    ini = strip_accents(p["last"])[0].upper()
    while True:
        s = r.choice("ABFGM") + ini + dd(r, 7)
        if not dea_ok(s):
            return s


def _state_license(c):
    r = c.r
    return r.choice([f"{r.choice('AGC')}{dd(r, 5)}", f"ME{dd(r, 6)}", f"MD.{dd(r, 7)}", f"{r.choice(['RN', 'PA', 'NP'])}{dd(r, 6)}",
                     f"0{r.randint(101, 199)}{dd(r, 6)}", f"{r.choice(['TX', 'OH', 'WA'])}-{r.choice('MPQ')}{dd(r, 4)}"])


def _masked_dea(c):
    r = c.r
    return f"{r.choice('ABFGM')}{r.choice(string.ascii_uppercase)}{'*' * 5}{dd(r, 2)}"


def _aws_secret(c):
    r = c.r
    return "".join(r.choice(string.ascii_letters + string.digits + "/+") for _ in range(40))


def _aws_account(c):
    r = c.r
    while True:
        s = str(r.randint(1, 9)) + dd(r, 11)
        if not luhn_ok(s):
            return s


def _aws_example(c):
    return c.r.choice(["AKIAIOSFODNN7EXAMPLE", "AKIAI44QH8DHBEXAMPLE"])


def _aws_role_id(c):
    r = c.r
    return r.choice(["AROA", "AIDA", "ANPA", "AGPA"]) + "".join(r.choice(AWS_ALPHA) for _ in range(17))


def _aws_masked(c):
    r = c.r
    tail = "".join(r.choice(AWS_ALPHA) for _ in range(4))
    return r.choice([f"AKIA{'*' * 12}{tail}", f"AKIA…{tail}", f"AKIA************{tail}", f"ASIA{'X' * 12}{tail}"])


def _aws_arn(c):
    r = c.r
    return f"arn:aws:iam::{_aws_account(c)}:{r.choice(['role', 'user'])}/{r.choice(['ci-deployer', 'backup-sync', 'svc-reporting', 'lambda-exec', 'sftp-ingest'])}"


def _aws_session(c):
    r = c.r
    return "IQoJb3JpZ2luX2Vj" + "".join(r.choice(string.ascii_letters + string.digits + "/+") for _ in range(r.randint(180, 260))) + "="


def _gh_masked(c):
    r = c.r
    pre = r.choice(["ghp_", "gho_", "ghs_"])
    return r.choice([pre + "*" * 36, pre + "".join(r.choice(string.ascii_letters) for _ in range(4)) + "…" + _alnum_up(r, 4),
                     pre + "••••••••", "github_pat_11" + "*" * 20])


def _gh_bad(c):
    r = c.r
    while True:
        body = "".join(r.choice(string.ascii_letters + string.digits) for _ in range(36))
        t = "ghp_" + body
        if not gh_ok(t):
            return t


def _gh_placeholder(c):
    return c.r.choice(["ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "ghp_your_token_here", "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                       "github_pat_REPLACE_ME"])


def _glpat(c):
    r = c.r
    return "glpat-" + "".join(r.choice(string.ascii_letters + string.digits + "-_") for _ in range(20))


def _npm_token(c):
    r = c.r
    return "npm_" + "".join(r.choice(string.ascii_letters + string.digits) for _ in range(36))


def _pub_block(kind):
    return lambda c: make_public_block(c.r, kind)


def _ssh_pub(c):
    r = c.r
    if r.random() < 0.6:
        key = "AAAAC3NzaC1lZDI1NTE5AAAAI" + base64.b64encode(_rb(r, 32)).decode()[1:]
        algo = "ssh-ed25519"
    else:
        key = "AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + base64.b64encode(_rb(r, 256)).decode()[:340]
        algo = "ssh-rsa"
    return f"{algo} {key} {r.choice(['deploy@build-07', 'backup', 'jenkins@ci-02', 'sftp-vendor', 'laptop-2024'])}"


def _redacted_pk(c):
    r = c.r
    t = r.choice(["RSA PRIVATE KEY", "PRIVATE KEY", "OPENSSH PRIVATE KEY", "EC PRIVATE KEY"])
    mid = r.choice(["[REDACTED]", "…redacted by agent…", "<removed - see vault>", "***"])
    return f"-----BEGIN {t}-----\n{mid}\n-----END {t}-----"


def _ticket_ref(c):
    r = c.r
    return r.choice([f"#{r.randint(10000, 999999)}", f"CS-{r.randint(100000, 999999)}", f"INC{dd(r, 7)}", f"REQ-{dd(r, 6)}",
                     f"TKT-{r.randint(2024, 2026)}-{dd(r, 5)}", f"SR{dd(r, 8)}"])


def _case_number(c):
    r = c.r
    return r.choice([f"{dd(r, 8)}", f"Case {dd(r, 8)}", f"C-{dd(r, 7)}", f"{r.randint(2024, 2026)}-{dd(r, 6)}"]).replace("Case ", "")


def _order_no(c):
    r = c.r
    return r.choice([f"ORD-{r.randint(2024, 2026)}-{dd(r, 6)}", f"#{r.randint(100000000, 999999999)}", f"{dd(r, 3)}-{dd(r, 7)}-{dd(r, 7)}",
                     f"SO{dd(r, 8)}", f"{r.randint(1000, 9999)}-{_alnum_up(r, 5)}", f"W{dd(r, 9)}"])


def _invoice(c):
    r = c.r
    return r.choice([f"INV-{dd(r, 7)}", f"{r.randint(2024, 2026)}-{dd(r, 5)}", f"RE{dd(r, 8)}", f"F{r.randint(2024, 2026)}/{dd(r, 5)}",
                     f"INV{r.randint(2024, 2026)}{dd(r, 4)}", f"{_alnum_up(r, 2)}-{dd(r, 6)}"])


def _policy(c):
    r = c.r
    return r.choice([f"PLC-{dd(r, 8)}", f"HO3-{dd(r, 7)}-0{r.randint(1, 9)}", f"{_alnum_up(r, 3)}{dd(r, 9)}", f"AUT{dd(r, 7)}",
                     f"WC-{r.randint(2023, 2026)}-{dd(r, 6)}"])


def _ups(c):
    return "1Z" + _alnum_up(c.r, 6) + dd(c.r, 10)


def _usps(c):
    s = c.r.choice(["9400", "9205", "9361"]) + dd(c.r, 18)
    return " ".join(s[i:i + 4] for i in range(0, 22, 4))


def _fedex(c):
    return num_avoid(c.r, 12)


def _pnr(c):
    r = c.r
    return "".join(r.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6))


def _ffn(c):
    r = c.r
    return r.choice([f"{r.choice(['UA', 'DL', 'LH', 'AF', 'BA', 'EI'])} {dd(r, 9)}", f"{dd(r, 11)}", f"{_alnum_up(r, 2)}{dd(r, 8)}"])


def _hotel_conf(c):
    r = c.r
    return r.choice([num_avoid(r, 9), num_avoid(r, 10), f"H{dd(r, 8)}"])


def _meter(c):
    r = c.r
    return r.choice([f"MTR-{dd(r, 7)}", f"{r.choice('EGW')}{dd(r, 8)}", num_avoid(r, 8)])


def _utility_acct(c):
    r = c.r
    s = num_avoid(r, 12)
    return r.choice([s, f"{s[:4]} {s[4:8]} {s[8:]}", f"{s[:4]}-{s[4:8]}-{s[8:]}"])


def _student_id(c):
    r = c.r
    return r.choice([f"A{dd(r, 8)}", f"{r.randint(20, 26)}{dd(r, 6)}", f"S{dd(r, 7)}", f"N{dd(r, 8)}"])


def _employee_id(c):
    r = c.r
    return r.choice([f"E-{dd(r, 6)}", f"EMP{dd(r, 5)}", f"{dd(r, 6)}", f"W{dd(r, 6)}"])


def _group_no(c):
    r = c.r
    return r.choice([f"GRP-{dd(r, 5)}", f"{dd(r, 6)}", f"G{dd(r, 7)}", f"{_alnum_up(r, 2)}{dd(r, 5)}"])


def _broker(c):
    return f"BRK-{dd(c.r, 5)}"


def _hex_hash(c):
    r = c.r
    return _hex(r, r.choice([32, 40, 64]))


def _build(c):
    r = c.r
    return r.choice([f"{r.randint(2024, 2026)}{r.randint(1, 12):02d}{r.randint(1, 28):02d}.{r.randint(1, 9)}",
                     f"{r.randint(10000, 99999)}", f"b{r.randint(1000, 9999)}"])


def _kb(c):
    return f"KB{c.r.randint(5000000, 5049999)}"


def _po(c):
    r = c.r
    return r.choice([f"PO-{dd(r, 6)}", f"PO {r.randint(2024, 2026)}-{dd(r, 4)}", f"4500{dd(r, 6)}"])


def _sku(c):
    r = c.r
    return r.choice([f"SKU-{_alnum_up(r, 3)}-{dd(r, 5)}", f"{_alnum_up(r, 2)}{dd(r, 6)}", f"B0{_alnum_up(r, 8)}"])


def _serial(c):
    r = c.r
    return r.choice([f"SN{_alnum_up(r, 10)}", f"{_alnum_up(r, 4)}-{_alnum_up(r, 4)}-{_alnum_up(r, 4)}", f"C02{_alnum_up(r, 9)}",
                     f"5CG{dd(r, 4)}{_alnum_up(r, 3)}"])


def _zip(c):
    return str(c.r.randint(10001, 99950))


def _ncpdp(c):
    return str(c.r.randint(1000000, 5999999))


def _ndc(c):
    r = c.r
    return r.choice([f"{dd(r, 5)}-{dd(r, 4)}-{dd(r, 2)}", f"{dd(r, 4)}-{dd(r, 4)}-{dd(r, 2)}", f"{dd(r, 5)}-{dd(r, 3)}-{dd(r, 2)}"])


def _rx_bin(c):
    return c.r.choice(["004336", "610014", "003858", "610097", "015581", "012353", "610502", "020099"])


def _cpt(c):
    return c.r.choice(["99213", "99214", "99203", "93000", "80053", "85025", "97110", "90834", "71046", "36415", "G0439"])


def _payer_id(c):
    return c.r.choice(["87726", "60054", "62308", "39026", "SX065", "MPHC1", "13551", "94265", "41161"])


def _error_code(c):
    r = c.r
    return r.choice([f"0x8007{_hex(r, 4).upper()}", f"ERR-{r.randint(1000, 9999)}", f"E{r.randint(100, 999)}", f"AADSTS{r.randint(50000, 700000)}"])


def _tenant(c):
    return _uuid(c.r)


def _dispute_id(c):
    r = c.r
    return r.choice([f"DSP-{r.randint(2024, 2026)}{dd(r, 4)}-{dd(r, 4)}", f"dp_{''.join(r.choice(string.ascii_letters + string.digits) for _ in range(24))}",
                     f"CB{dd(r, 9)}"])


def _acq_ref(c):
    r = c.r
    return r.choice("27") + dd(r, 22)


def _auth_code(c):
    r = c.r
    return "".join(r.choice(string.ascii_uppercase[:6] + string.digits) for _ in range(6))


def _term_code(c):
    r = c.r
    return f"{r.randint(2024, 2026)}{r.choice(['10', '20', '30', '40'])}"


def _crn(c):
    return str(c.r.randint(10000, 69999))


def _api_version(c):
    r = c.r
    return f"{r.randint(2022, 2025)}-{r.randint(1, 12):02d}-{r.choice([1, 15]):02d}"


def _fax_pages(c):
    return str(c.r.randint(2, 31))


def _room_id(c):
    r = c.r
    return f"{r.choice(['vr', 'room', 'wr'])}-{_hex(r, 6)}-{r.randint(10, 99)}"


def _license_key(c):
    r = c.r
    return "-".join(_alnum_up(r, 5) for _ in range(5))


def _loyalty(c):
    return num_avoid(c.r, c.r.choice([9, 11, 12]))


def _estimate(c):
    return f"EST-{dd(c.r, 6)}"


def _police(c):
    r = c.r
    return f"{r.randint(2024, 2026)}-{dd(r, 6)}"


def _tx_id(c):
    r = c.r
    return r.choice([f"txn_{_hex(r, 16)}", f"ch_{''.join(r.choice(string.ascii_letters + string.digits) for _ in range(24))}",
                     f"pi_{''.join(r.choice(string.ascii_letters + string.digits) for _ in range(24))}", f"TX{dd(r, 12)}"])


def _sort_code(c):
    r = c.r
    return f"{r.randint(10, 99)}-{dd(r, 2)}-{dd(r, 2)}"


def _eft_trace(c):
    r = c.r
    return r.choice([f"1{dd(r, 9)}{dd(r, 5)}", num_avoid(r, 15), f"EFT{dd(r, 10)}"])


def _csn(c):
    return num_avoid(c.r, 10)


NEG_DATE_KINDS = {
    "date_service": (2023, 2026), "date_admission": (2023, 2026), "date_discharge": (2023, 2026), "date_hire": (2006, 2025),
    "date_due": (2024, 2026), "date_shipped": (2024, 2026), "date_invoice": (2024, 2026), "date_effective": (2021, 2026),
    "date_travel": (2025, 2026), "date_enrolled": (2016, 2025), "date_termination": (2022, 2026), "date_payment": (2024, 2026),
    "date_appointment": (2024, 2026), "date_incident": (2023, 2026), "date_received": (2024, 2026), "date_filled": (2024, 2026),
    "date_renewal": (2025, 2027), "date_graduation": (2012, 2028), "date_delivery": (2024, 2026), "date_meter_read": (2024, 2026),
    "date_booking": (2024, 2026), "date_deadline": (2025, 2026), "birth_word_other_date": (2019, 2026),
}

NEG = {
    # CREDIT_CARD look-alikes
    "masked_card": ("CREDIT_CARD", _masked_card), "luhn_order_number": ("CREDIT_CARD", _luhn_order),
    "luhn_fail_ref": ("CREDIT_CARD", _luhn_fail), "eticket_number": ("CREDIT_CARD", _eticket),
    "imei": ("CREDIT_CARD", _imei), "iccid": ("CREDIT_CARD", _iccid), "gift_card_number": ("CREDIT_CARD", _gift),
    "test_pan": ("CREDIT_CARD", _test_pan), "merchant_id": ("CREDIT_CARD", _merchant_id), "acquirer_ref": ("CREDIT_CARD", _acq_ref),
    "wrapped_card": ("CREDIT_CARD", None), "last4_digits": ("CREDIT_CARD", lambda c: dd(c.r, 4)),
    # US_SSN
    "masked_ssn": ("US_SSN", _masked_ssn), "itin": ("US_SSN", _itin), "ein": ("US_SSN", _ein),
    "ssn_shaped_ref": ("US_SSN", _ssn_shaped_ref), "ssn_invalid": ("US_SSN", _ssn_invalid), "zip_plus4": ("US_SSN", _zip4),
    "ssn_format_example": ("US_SSN", lambda c: c.r.choice(["123-45-6789", "000-00-0000", "999-99-9999"])),
    # EMAIL
    "masked_email": ("EMAIL_ADDRESS", _masked_email), "user_at_host": ("EMAIL_ADDRESS", _user_at_host),
    "at_handle": ("EMAIL_ADDRESS", _at_handle), "message_id": ("EMAIL_ADDRESS", _message_id),
    "docker_digest": ("EMAIL_ADDRESS", _docker_digest), "scoped_pkg": ("EMAIL_ADDRESS", _scoped_pkg),
    "placeholder_email": ("EMAIL_ADDRESS", _placeholder_email),
    # PHONE
    "masked_phone": ("PHONE_NUMBER", _masked_phone), "phone_shaped_id": ("PHONE_NUMBER", _phone_shaped_id),
    "phone_extension": ("PHONE_NUMBER", _ext), "sms_short_code": ("PHONE_NUMBER", _short_code),
    "wrapped_phone": ("PHONE_NUMBER", None),
    # IBAN
    "iban_bad_checksum": ("IBAN_CODE", _iban_bad), "iban_wrong_length": ("IBAN_CODE", _iban_wrong_len),
    "masked_iban": ("IBAN_CODE", _masked_iban), "bic": ("IBAN_CODE", lambda c: c.r.choice(BICS)), "vat_id": ("IBAN_CODE", _vat),
    "sepa_creditor_id": ("IBAN_CODE", _sepa_ci), "iban_doc_example": ("IBAN_CODE", _iban_doc), "wrapped_iban": ("IBAN_CODE", None),
    "sort_code": ("IBAN_CODE", _sort_code),
    # ABA
    "aba_fail": ("ABA_ROUTING_NUMBER", _aba_fail), "bank_account_number": ("ABA_ROUTING_NUMBER", _bank_acct),
    "aba_shaped_ref": ("ABA_ROUTING_NUMBER", _aba_shaped_ref), "masked_routing": ("ABA_ROUTING_NUMBER", _masked_routing),
    "ach_trace": ("ABA_ROUTING_NUMBER", _ach_trace), "check_number": ("ABA_ROUTING_NUMBER", _check_no),
    # IP
    "version_ip_like": ("IP_ADDRESS", _version_ip_like), "version_string": ("IP_ADDRESS", _version_string),
    "masked_ip": ("IP_ADDRESS", _masked_ip), "ip_bad_octet": ("IP_ADDRESS", _ip_bad_octet), "oid": ("IP_ADDRESS", _oid),
    "mac_address": ("IP_ADDRESS", _mac), "netmask": ("IP_ADDRESS", _netmask), "section_number": ("IP_ADDRESS", _section),
    "windows_build": ("IP_ADDRESS", _win_build),
    # MRN
    "claim_number": ("MEDICAL_RECORD_NUMBER", _claim_no), "encounter_number": ("MEDICAL_RECORD_NUMBER", _encounter),
    "member_id": ("MEDICAL_RECORD_NUMBER", _member_id), "rx_number": ("MEDICAL_RECORD_NUMBER", _rx_number),
    "accession_number": ("MEDICAL_RECORD_NUMBER", _accession), "patient_account_no": ("MEDICAL_RECORD_NUMBER", _pt_account),
    "prior_auth_number": ("MEDICAL_RECORD_NUMBER", _prior_auth), "masked_mrn": ("MEDICAL_RECORD_NUMBER", _masked_mrn),
    "csn": ("MEDICAL_RECORD_NUMBER", _csn),
    # NPI
    "ten_digit_ref": ("US_NPI", _ten_digit_ref), "npi_shaped_ref": ("US_NPI", _npi_shaped_ref),
    "masked_npi": ("US_NPI", _masked_npi), "taxonomy_code": ("US_NPI", _taxonomy),
    # DOB (dates that are not birth dates)
    "card_expiry": ("DATE_OF_BIRTH", _card_expiry), "masked_dob": ("DATE_OF_BIRTH", _masked_dob), "age": ("DATE_OF_BIRTH", _age),
    "ts_iso": ("DATE_OF_BIRTH", lambda c: _ts(c, c.r.choice(["iso_z", "iso_ms", "iso_off"]))),
    "ts_us": ("DATE_OF_BIRTH", lambda c: _ts(c, "us12")), "ts_eu": ("DATE_OF_BIRTH", lambda c: _ts(c, "eu")),
    "ts_log": ("DATE_OF_BIRTH", lambda c: _ts(c, "log")), "ts_rfc2822": ("DATE_OF_BIRTH", lambda c: _ts(c, "rfc2822")),
    "ts_outlook": ("DATE_OF_BIRTH", lambda c: _ts(c, "outlook")), "ts_clf": ("DATE_OF_BIRTH", lambda c: _ts(c, "clf")),
    "ts_epoch": ("DATE_OF_BIRTH", _ts_epoch), "api_version_date": ("DATE_OF_BIRTH", _api_version),
    # NHS
    "nhs_fail_mod11": ("UK_NHS", _nhs_fail), "ubrn": ("UK_NHS", _ubrn), "masked_nhs": ("UK_NHS", _masked_nhs), "ods_code": ("UK_NHS", _ods),
    # DEA
    "dea_fail": ("US_DEA", _dea_fail), "state_license": ("US_DEA", _state_license), "masked_dea": ("US_DEA", _masked_dea),
    # AWS
    "aws_secret_key": ("AWS_ACCESS_KEY", _aws_secret), "aws_account_id": ("AWS_ACCESS_KEY", _aws_account),
    "aws_example_key": ("AWS_ACCESS_KEY", _aws_example), "aws_role_id": ("AWS_ACCESS_KEY", _aws_role_id),
    "aws_masked_key": ("AWS_ACCESS_KEY", _aws_masked), "aws_arn": ("AWS_ACCESS_KEY", _aws_arn),
    "aws_session_token": ("AWS_ACCESS_KEY", _aws_session),
    # GITHUB
    "gh_masked": ("GITHUB_TOKEN", _gh_masked), "gh_checksum_fail": ("GITHUB_TOKEN", _gh_bad),
    "gh_placeholder": ("GITHUB_TOKEN", _gh_placeholder), "git_sha": ("GITHUB_TOKEN", lambda c: _hex(c.r, 40)),
    "git_sha_short": ("GITHUB_TOKEN", lambda c: _hex(c.r, c.r.choice([7, 8, 10]))), "gitlab_token": ("GITHUB_TOKEN", _glpat),
    "npm_token": ("GITHUB_TOKEN", _npm_token),
    # PRIVATE_KEY
    "public_key_block": ("PRIVATE_KEY", _pub_block("public")), "certificate_block": ("PRIVATE_KEY", _pub_block("cert")),
    "csr_block": ("PRIVATE_KEY", _pub_block("csr")), "ssh_public_key": ("PRIVATE_KEY", _ssh_pub),
    "redacted_private_key": ("PRIVATE_KEY", _redacted_pk),
    # other reference noise
    "uuid": (None, lambda c: _uuid(c.r)), "ticket_ref": (None, _ticket_ref), "case_number": (None, _case_number),
    "order_number": (None, _order_no), "invoice_number": (None, _invoice), "policy_number": (None, _policy),
    "amount": (None, _amount), "tracking_ups": (None, _ups), "tracking_usps": (None, _usps), "tracking_fedex": (None, _fedex),
    "pnr_locator": (None, _pnr), "frequent_flyer": (None, _ffn), "hotel_confirmation": (None, _hotel_conf),
    "meter_number": (None, _meter), "utility_account": (None, _utility_acct), "student_id": (None, _student_id),
    "employee_id": (None, _employee_id), "group_number": (None, _group_no), "broker_code": (None, _broker),
    "hex_hash": (None, _hex_hash), "build_number": (None, _build), "kb_article": (None, _kb), "po_number": (None, _po),
    "sku": (None, _sku), "serial_number": (None, _serial), "zip_code": (None, _zip), "ncpdp_id": (None, _ncpdp),
    "ndc_code": (None, _ndc), "rx_bin": (None, _rx_bin), "cpt_code": (None, _cpt), "payer_id": (None, _payer_id),
    "error_code": (None, _error_code), "tenant_id": (None, _tenant), "dispute_id": (None, _dispute_id),
    "auth_code": (None, _auth_code), "term_code": (None, _term_code), "course_crn": (None, _crn), "fax_pages": (None, _fax_pages),
    "room_id": (None, _room_id), "license_key": (None, _license_key), "loyalty_number": (None, _loyalty),
    "estimate_no": (None, _estimate), "police_report_no": (None, _police), "transaction_id": (None, _tx_id),
    "eft_trace": (None, _eft_trace), "json_id": (None, lambda c: str(c.r.randint(10 ** 8, 10 ** 11))),
}
for _k, (_y0, _y1) in NEG_DATE_KINDS.items():
    NEG[_k] = ("DATE_OF_BIRTH", _date_neg(_y0, _y1))
KIND_TARGET = {k: v[0] for k, v in NEG.items()}

# what each checksum-imitating kind claims (checked by --check)
PASS_KINDS = {"luhn_order_number": "luhn", "imei": "luhn", "iccid": "luhn", "test_pan": "luhn", "ssn_shaped_ref": "ssn",
              "iban_doc_example": "iban", "aba_shaped_ref": "aba", "npi_shaped_ref": "npi"}


def _claim_ok(kind, text):
    d = digits_of(text)
    if kind in ("luhn_order_number", "imei", "iccid"):
        return text.isdigit() and luhn_ok(text) and len(text) in (15, 16, 19, 20)
    if kind == "test_pan":
        return d in TEST_PANS and luhn_ok(d)
    if kind in ("luhn_fail_ref", "merchant_id"):
        return not luhn_ok(d)
    if kind == "ssn_shaped_ref":
        return bool(re.fullmatch(r"\d{3}-\d{2}-\d{4}", text)) and ssn_ok(d)
    if kind in ("ssn_invalid", "itin"):
        return bool(re.fullmatch(r"\d{3}-\d{2}-\d{4}", text)) and not ssn_ok(d)
    if kind == "iban_bad_checksum":
        return iban_mod97(iban_norm(text)) != 1
    if kind == "iban_wrong_length":
        v = iban_norm(text)
        return iban_mod97(v) == 1 and len(v) != iban_len(v[:2])
    if kind == "iban_doc_example":
        return iban_ok(text)
    if kind == "aba_fail":
        return len(d) == 9 and not aba_ok(d)
    if kind == "aba_shaped_ref":
        return aba_ok(d) and aba_prefix_ok(d)
    if kind == "npi_shaped_ref":
        return npi_ok(d)
    if kind == "ten_digit_ref":
        return len(d) == 10 and not npi_ok(d) and not nhs_ok(d)
    if kind == "nhs_fail_mod11":
        return len(d) == 10 and not nhs_ok(d)
    if kind == "dea_fail":
        return bool(re.fullmatch(r"[ABFGM][A-Z]\d{7}", text)) and not dea_ok(text)
    if kind == "gh_checksum_fail":
        return bool(re.fullmatch(r"ghp_[A-Za-z0-9]{36}", text)) and not gh_ok(text)
    if kind in ("gh_masked", "gh_placeholder"):
        return not gh_ok(text)
    if kind == "aws_example_key":
        return "EXAMPLE" in text and not aws_ok(text)
    if kind in ("aws_masked_key", "aws_role_id"):
        return not aws_ok(text)
    if kind == "ssn_format_example":
        return text in ("123-45-6789", "000-00-0000", "999-99-9999") and not ssn_ok(d)
    if kind == "ein":
        return bool(re.fullmatch(r"\d{2}-\d{7}", text))
    if kind == "zip_plus4":
        return bool(re.fullmatch(r"\d{5}-\d{4}", text))
    if kind == "eticket_number":
        return len(d) == 13 and not card_ok(d)
    if kind == "acquirer_ref":
        return len(d) == 23
    if kind == "aws_secret_key":
        return len(text) == 40 and not aws_ok(text)
    if kind == "aws_account_id":
        return bool(re.fullmatch(r"\d{12}", text))
    if kind == "git_sha":
        return bool(re.fullmatch(r"[0-9a-f]{40}", text))
    if kind in ("gitlab_token", "npm_token"):
        return not gh_ok(text)
    if kind == "ach_trace":
        return len(d) == 15 and aba_prefix_ok(d[:2] + "0000000")
    if kind == "bank_account_number":
        return not (len(d) == 9 and aba_ok(d))
    if kind == "ssh_public_key":
        return text.startswith(("ssh-ed25519 ", "ssh-rsa ")) and "PRIVATE" not in text
    if kind.startswith("masked_"):
        return any(ch in text for ch in "*X•x#…")
    if kind in ("version_ip_like", "section_number", "netmask"):
        try:
            ipaddress.IPv4Address(text)
            return True
        except ValueError:
            return False
    if kind in ("ip_bad_octet", "windows_build"):
        try:
            ipaddress.ip_address(text)
            return False
        except ValueError:
            return True
    if kind == "user_at_host":
        return "." not in text.split("@", 1)[1]
    if kind.startswith("wrapped_"):
        return "\n" in text
    if kind in ("public_key_block", "certificate_block", "csr_block", "redacted_private_key"):
        return text.startswith("-----BEGIN") and (kind == "redacted_private_key") == ("PRIVATE KEY" in text) and \
            (kind != "redacted_private_key" or not pem_ok(text))
    return True


def generic_neg_ok(kind, text):
    """A negative made only of digits and separators must not pass a same-length checksum by accident."""
    if not re.fullmatch(r"[0-9 \-]+", text):
        return True
    d = digits_of(text)
    if len(d) == 9 and aba_ok(d) and aba_prefix_ok(d) and kind not in ("aba_shaped_ref",):
        return False
    if len(d) == 10 and (npi_ok(d) or nhs_ok(d)) and kind not in ("npi_shaped_ref",):
        return False
    if 13 <= len(d) <= 19 and card_ok(d) and kind not in ("luhn_order_number", "gift_card_number", "test_pan", "wrapped_card"):
        return False
    if re.fullmatch(r"\d{3}-\d{2}-\d{4}", text) and ssn_ok(d) and kind not in ("ssn_shaped_ref", "wrapped_card"):
        return False
    return True


# =============================================================================================
# segments and the template mini-language
# =============================================================================================
# A segment is a list of parts: plain str, ("P", text, entity, fmt) or ("N", text, kind).
# Templates: "{v}" main positive, "{v:variant}", "{+ENTITY}" / "{+ENTITY:variant}" extra positive,
# "{-kind}" hard negative, "{word}" a Ctx.word; "@place|" prefix sets the placement tag.

SLOT = re.compile(r"\{([^{}]*)\}")


def fill(c: Ctx, tpl: str, main_ent=None, place=None):
    if tpl.startswith("@"):
        place, tpl = tpl[1:].split("|", 1)
    place = place or "sent"
    pieces = SLOT.split(tpl)
    out = [None] * len(pieces)
    for i in range(0, len(pieces), 2):
        out[i] = pieces[i]
    # pass 1: words (so that a doctor named after the DEA slot is known first)
    for i in range(1, len(pieces), 2):
        k = pieces[i]
        if not (k == "v" or k.startswith(("v:", "+", "-"))):
            out[i] = c.word(k)
    for i in range(1, len(pieces), 2):
        k = pieces[i]
        if k == "v" or k.startswith("v:"):
            var = k[2:] or None
            out[i] = c.pos(main_ent, var, place)
        elif k.startswith("+"):
            ent, _, var = k[1:].partition(":")
            out[i] = c.pos(ent, var or None, place)
        elif k.startswith("-"):
            out[i] = c.neg(k[1:])
    return [p for p in out if p != ""]


def seg_text(seg):
    return "".join(p if isinstance(p, str) else p[1] for p in seg)


def quote_seg(seg, prefix="> "):
    out = [prefix]
    for p in seg:
        if isinstance(p, str):
            out.append(p.replace("\n", "\n" + prefix))
        else:
            if "\n" in p[1]:
                raise GenError("multi-line value inside a quoted block")
            out.append(p)
    return out


def join_segs(segs, sep="\n"):
    out = []
    for i, s in enumerate(segs):
        if i:
            out.append(sep)
        out.extend(s)
    return out


def hard_wrap(seg, width):
    """Wrap plain text at spaces to `width`; values and negatives are atomic tokens."""
    toks = []  # (kind, item) kind: 'w' word str, 'nl' newline, 'v' value part
    for p in seg:
        if isinstance(p, str):
            lines = p.split("\n")
            for li, line in enumerate(lines):
                if li:
                    toks.append(("nl", None))
                words = line.split(" ")
                for wi, w in enumerate(words):
                    if wi:
                        toks.append(("sp", None))
                    if w:
                        toks.append(("w", w))
        else:
            toks.append(("v", p))
    out, col = [], 0
    # merge adjacent non-space tokens into units so "(" + value + ")," stays together
    units, cur = [], []
    for kind, it in toks:
        if kind in ("sp", "nl"):
            if cur:
                units.append(cur)
                cur = []
            units.append(kind)
        else:
            cur.append(it)
    if cur:
        units.append(cur)
    pending_space = False
    for u in units:
        if u == "nl":
            out.append("\n")
            col = 0
            pending_space = False
            continue
        if u == "sp":
            pending_space = True
            continue
        ulen = sum(len(x if isinstance(x, str) else x[1]) for x in u)
        if col and pending_space and col + 1 + ulen > width:
            out.append("\n")
            col = 0
        elif pending_space and col:
            out.append(" ")
            col += 1
        elif pending_space and not col:
            pass
        out.extend(u)
        col += ulen
        pending_space = False
    # merge adjacent strings
    merged = []
    for p in out:
        if isinstance(p, str) and merged and isinstance(merged[-1], str):
            merged[-1] += p
        else:
            merged.append(p)
    return merged


def render(seg):
    """-> text, spans [(cs, ce, ent, fmt)], negs [(cs, ce, kind)] in character offsets."""
    text, spans, negs = _render(seg)
    vals = [p[1] for p in seg if not isinstance(p, str)]
    got = [text[a:b] for a, b, *_ in sorted(spans + [(a, b, k, None) for a, b, k in negs])]
    if sorted(vals) != sorted(got):
        raise GenError("span text differs from the value placed")
    return text, spans, negs


def _render(seg):
    buf, spans, negs, pos = [], [], [], 0
    for p in seg:
        if isinstance(p, str):
            buf.append(p)
            pos += len(p)
            continue
        t = p[1]
        if p[0] == "P":
            spans.append((pos, pos + len(t), p[2], p[3]))
        else:
            negs.append((pos, pos + len(t), p[2]))
        buf.append(t)
        pos += len(t)
    return "".join(buf), spans, negs

# =============================================================================================
# English content
# =============================================================================================

# Generic ways of mentioning a value in running prose (any note type).
GEN_EN = {
    "CREDIT_CARD": [
        "please put the renewal on the card on file, {v}, and email the receipt",
        "cc# {v} exp {-card_expiry}",
        "@paren|the corporate Visa ({v}) was declined twice on {-date_payment}",
        "the right card is {v}; the one ending in {-masked_card} was cancelled last month",
        "{v} is the card we want billed from now on",
        "@dash|card number - {v} - billing ZIP is {-zip_code}",
        "charge {v} for order {-order_number}, not the old card",
        "I can see two charges on {v} for the same booking",
        "new card is {v}, I'll give you the CVV over the phone",
        "our AP team says the terminal read it as {v}",
        "@paren|can you refund the duplicate to the original card ({v}) rather than store credit?",
        "card on file should be {v} - the statement shows {-masked_card}",
    ],
    "US_SSN": [
        "SSN {v}", "her social is {v}", "the employee's social security number is {v}", "SSN on the W-4 is {v}",
        "{v}, which is the SSN the IRS has on record", "TIN (SSN) {v}", "the 1099 went out under {v} last year",
        "@paren|we have the wrong social ({v}) on the paystub", "full SSN: {v} (please mask it after you fix it)",
        "last four on the form are right but the full SSN should read {v}",
    ],
    "EMAIL_ADDRESS": [
        "reach me at {v}", "my email is {v}", "please cc {v} on the reply", "send the invoice to {v} instead of {-masked_email}",
        "@paren|our AP inbox ({v}) never got it", "the portal login is {v}", "forwarding this to {v} as well",
        "{v} is the best address for anything urgent", "@angle|{cust} <{v:cust}> asked me to follow up",
        "@dash|the new admin - {v} - needs access today",
        "please update the contact email to {v}; {-placeholder_email} was only a placeholder",
    ],
    "PHONE_NUMBER": [
        "my cell is {v}", "call me back at {v}", "best number: {v}", "@paren|text is fine ({v})", "you can reach the front desk at {v} {-phone_extension}",
        "the number on the account is still {v}, not {-masked_phone}", "{v} is my direct line", "reach me at {v} after 3pm",
        "@dash|callback - {v} - anytime before 5", "the caller ID showed {v}", "our main line {v} rings through to the office manager",
    ],
    "IBAN_CODE": [
        "please refund to IBAN {v}", "our new bank details: {v} (BIC {-bic})", "{v} is the account for payouts",
        "the payout went to the old IBAN; the correct one is {v}", "@paren|remit to our EUR account ({v}) please",
        "IBAN {v}, account holder {co}", "the supplier's IBAN changed to {v} - we verified it by phone",
    ],
    "ABA_ROUTING_NUMBER": [
        "routing/transit {v}, acct {-bank_account_number}", "ABA {v}", "RTN {v}", "the routing # on the voided check is {v}",
        "{v} is the routing number for our credit union", "@paren|direct deposit to {bank} (routing {v}) failed",
        "routing number {v} and account {-bank_account_number}", "the ACH return says routing {v} is invalid, but that's what {bank} gave us",
    ],
    "IP_ADDRESS": [
        "the login came from {v}", "our office egress IP is {v}", "please allowlist {v}", "source IP {v}", "the VPN gateway is {v}",
        "@paren|the clinic's static IP ({v}) is blocked again", "it works from home but not from {v}", "traffic from {v} is getting a 403",
    ],
    "MEDICAL_RECORD_NUMBER": [
        "MRN {v}", "chart # {v}", "medical record number {v}", "hospital number {v}", "med rec # {v}",
        "{v} is her MRN at {clinic}", "@paren|the patient (MRN {v}) has two charts", "chart number {v}",
        "MRN# {v} - same patient, different encounter {-encounter_number}",
    ],
    "US_NPI": [
        "prescriber NPI {v}", "NPI {v}", "rendering NPI {v}", "billing provider NPI {v}", "@paren|{dr} (NPI {v})",
        "the type 2 NPI for the group is {v}", "{dr}'s NPI is {v}", "NPI# {v} shows as deactivated in your lookup",
    ],
    "DATE_OF_BIRTH": [
        "DOB {v}", "member DOB {v}", "date of birth {v}", "the pt's date of birth is {v}", "born {v}", "{v}, which is her DOB",
        "D.O.B. {v}", "birthdate on file: {v}", "@paren|the patient (DOB {v}) was merged by mistake", "she was born on {v}",
        "DOB is {v} not {-masked_dob}", "his date of birth ({v}) doesn't match the card",
    ],
    "UK_NHS": [
        "NHS no. {v}", "NHS number {v}", "@paren|the patient ({v}, NHS number) is duplicated", "NHS #: {v}", "NHS No {v}",
        "{v} is the NHS number PDS returned",
    ],
    "US_DEA": [
        "{dr}, DEA {v}", "DEA reg. {v} for {dr}", "{dr}'s DEA number is {v}", "@paren|{dr} (DEA {v})", "DEA# {v} ({dr})",
        "the EPCS order for {dr} used DEA {v}",
    ],
    "AWS_ACCESS_KEY": [
        "access key id {v}", "the key {v} is still active", "IAM user ci-deploy (key {v})", "@code|AWS_ACCESS_KEY_ID={v}",
        "rotate {v} please, it was in the screenshot", "the failing requests are signed with {v}",
    ],
    "GITHUB_TOKEN": [
        "token {v}", "@code|GITHUB_TOKEN={v}", "the PAT {v} was pasted into the build log", "revoke {v} - it's in a public gist",
        "@code|Authorization: token {v}", "our integration uses {v} (created by a former admin)",
    ],
}

LABELS_EN = {
    "CREDIT_CARD": ["Card on file", "CC#", "Card number", "Card no.", "PAN", "Card", "Payment card", "Corporate card"],
    "US_SSN": ["SSN", "Social", "SSN#", "Social Security No.", "TIN/SSN"],
    "EMAIL_ADDRESS": ["Email", "E-mail", "Contact email", "Reply to", "Login", "E"],
    "PHONE_NUMBER": ["Phone", "Cell", "Mobile", "Tel", "Callback", "Direct", "M", "T", "Best number"],
    "IBAN_CODE": ["IBAN", "Bank (IBAN)", "Payout IBAN", "Remit to"],
    "ABA_ROUTING_NUMBER": ["Routing", "ABA", "Routing/Transit", "RTN", "Routing #", "Bank routing"],
    "IP_ADDRESS": ["IP", "Source IP", "Client IP", "WAN IP", "Static IP", "Egress"],
    "MEDICAL_RECORD_NUMBER": ["MRN", "Chart #", "Med Rec #", "Hospital No.", "Medical record no."],
    "US_NPI": ["NPI", "Prescriber NPI", "Rendering NPI", "Billing NPI", "Pharmacy NPI"],
    "DATE_OF_BIRTH": ["DOB", "Member DOB", "Date of birth", "D.O.B.", "Birthdate", "Pt DOB"],
    "UK_NHS": ["NHS no.", "NHS number", "NHS #"],
    "US_DEA": ["DEA", "DEA reg.", "DEA #"],
    "AWS_ACCESS_KEY": ["Access key ID", "AWS key", "aws_access_key_id"],
    "GITHUB_TOKEN": ["Token", "GitHub PAT", "GH token"],
}

# chat: agent question -> customer answers ("{v}" is the value)
QA_EN = {
    "CREDIT_CARD": ("Which card should we charge?", ["{v}", "the Mastercard, {v}", "use {v} please", "{v} - exp {-card_expiry}"]),
    "US_SSN": ("Can you confirm the employee's SSN so I can find the record?", ["{v}", "it's {v}", "{v} (sorry, typo earlier)"]),
    "EMAIL_ADDRESS": ("What's the best email for the confirmation?", ["{v}", "send it to {v}", "{v} please"]),
    "PHONE_NUMBER": ("What number should the technician call?", ["{v}", "my cell, {v}", "{v} - ask for {cust_first}"]),
    "IBAN_CODE": ("Which IBAN should the refund go to?", ["{v}", "our EUR account {v}", "{v} (same holder name)"]),
    "ABA_ROUTING_NUMBER": ("What's the routing number on the new account?", ["{v}", "routing is {v}", "{v}, checking account"]),
    "IP_ADDRESS": ("What's the public IP of the office?", ["{v}", "whatismyip says {v}", "{v} I think"]),
    "MEDICAL_RECORD_NUMBER": ("What's the patient's MRN?", ["{v}", "MRN is {v}", "{v}"]),
    "US_NPI": ("What's the prescriber's NPI?", ["{v}", "NPI {v}", "{v}"]),
    "DATE_OF_BIRTH": ("And the patient's date of birth?", ["{v}", "{v}", "born {v}"]),
    "UK_NHS": ("Can you give me the NHS number?", ["{v}", "it's {v}"]),
    "US_DEA": ("Which DEA number is on the script?", ["{dr}'s, {v}", "{v} ({dr})"]),
    "AWS_ACCESS_KEY": ("Which access key is the job using?", ["{v}", "the one ending in the screenshot: {v}"]),
    "GITHUB_TOKEN": ("Which token did the integration use?", ["{v}", "this one: {v}"]),
}

SMALLTALK_EN = [
    "thanks!", "one sec", "ok", "let me check", "sure", "got it, thanks", "perfect", "hmm, still the same", "sorry, wifi dropped",
    "brb", "yes", "no, that's the old one", "will do",
]

GREET_EN = ["Hi team,", "Hello,", "Hi {agent},", "Good morning,", "Hi there,", "Hey {agent},", "To whom it may concern,", "Hi all,", "Hello again,"]
CLOSE_EN = ["Thanks,", "Thanks in advance,", "Best,", "Regards,", "Kind regards,", "Cheers,", "Many thanks,", "Appreciate it,", "Thank you,"]
TITLES_EN = ["Office Manager", "Practice Administrator", "AP Specialist", "Billing Coordinator", "IT Lead", "Payroll Manager",
             "Operations Director", "Front Desk Supervisor", "Controller", "HR Generalist", "Revenue Cycle Analyst", "Owner"]

# note types -------------------------------------------------------------------------------------------

TYPES_EN = {}

TYPES_EN["insurance_claims"] = dict(
    vendor=("ClaimLoom", "claimloom.com", "claims-support"),
    ents={"PHONE_NUMBER": 4, "EMAIL_ADDRESS": 4, "DATE_OF_BIRTH": 4, "US_SSN": 2, "ABA_ROUTING_NUMBER": 2, "IBAN_CODE": 1,
          "MEDICAL_RECORD_NUMBER": 1, "US_NPI": 1, "CREDIT_CARD": 1, "IP_ADDRESS": 1},
    subj=["Claim {-claim_number} stuck in pended status", "Duplicate claim on policy {-policy_number}", "EOB mismatch for DOS {-date_service}",
          "Settlement payment returned by bank", "Subrogation questionnaire - claim {-claim_number}", "Need reissue of check {-check_number}"],
    benign=[
        "Claim {-claim_number} was received on {-date_received} and has been pended for itemized bill review since {-date_service}.",
        "Policy {-policy_number} shows an effective date of {-date_effective}, so the loss on {-date_incident} should be covered.",
        "The adjuster's note says check {-check_number} was mailed on {-date_payment}, but it never arrived.",
        "Please use group number {-group_number} and broker code {-broker_code} on everything you send us.",
        "I attached police report {-police_report_no} and body shop estimate {-estimate_no}.",
        "The EOB dated {-date_invoice} shows an allowed amount of {-amount} but the provider billed {-amount}.",
        "The member ID on the card is {-member_id}; the old one, {-member_id}, termed on {-date_termination}.",
        "Our reference is {-ticket_ref}, yours seems to be {-case_number}.",
        "The fax confirmation shows {-fax_pages} pages received at {-ts_us}.",
        "The claimant is {-age} and the policy anniversary is {-date_renewal}.",
        "Your portal shows claim {-claim_number} twice, once with DOS {-date_service} and once with {-date_service}.",
        "Nothing has moved since our call on {-date_incident}; the status page just says 'in review'.",
        "Can someone confirm whether the appeal filed on {-date_received} under {-claim_number} was logged?",
        "The provider's remit (EFT trace {-eft_trace}) doesn't line up with your EOB.",
    ],
    pii={
        "DATE_OF_BIRTH": ["The claimant's DOB is {v} on the FNOL form, but the policy record has {-masked_dob}.",
                          "Member DOB {v}, member ID {-member_id}.", "Insured: {pt}, born {v}, policy {-policy_number}.",
                          "{v} is the date of birth we have for the dependent; the date of loss is {-date_incident}."],
        "US_SSN": ["The 1099 for the claimant should go out under SSN {v}, not the EIN {-ein} we used for the body shop.",
                   "Claimant SSN {v} (needed for the Section 111 query)."],
        "ABA_ROUTING_NUMBER": ["Direct deposit for the settlement: routing {v}, account {-bank_account_number}.",
                               "The EFT bounced; the bank says {v} isn't their routing number anymore."],
        "PHONE_NUMBER": ["The insured can be reached at {v} after 4pm.", "The claimant's attorney asked us to call {v} instead."],
        "EMAIL_ADDRESS": ["Please send the release form to the attorney's office at {v}."],
        "MEDICAL_RECORD_NUMBER": ["The hospital's MRN for the claimant is {v}; their account number is {-patient_account_no}."],
        "US_NPI": ["Treating provider {dr}, NPI {v}, billed under TIN {-ein}."],
    },
)

TYPES_EN["telehealth"] = dict(
    vendor=("VisitPine", "visitpine.com", "help"),
    ents={"DATE_OF_BIRTH": 4, "MEDICAL_RECORD_NUMBER": 4, "US_NPI": 3, "US_DEA": 3, "PHONE_NUMBER": 3, "EMAIL_ADDRESS": 3,
          "IP_ADDRESS": 3, "UK_NHS": 1},
    subj=["Visit dropped mid-session", "E-prescribing error for controlled substance", "Patient can't join waiting room",
          "Duplicate patient charts after import", "Provider license missing in directory", "Recording {-uuid} has no audio"],
    benign=[
        "Visit {-encounter_number} dropped at {-ts_us} and recording {-uuid} has no audio.",
        "Our front desk runs the iPad app {-version_string} on iPadOS {-version_string}.",
        "The waiting room link expired even though the appointment was set for {-date_appointment}.",
        "Room {-room_id} shows 'provider not found' since build {-build_number}.",
        "Error {-error_code} appears as soon as the patient taps Join.",
        "We had {n} no-shows on {-date_appointment} because the reminder SMS came from short code {-sms_short_code} and looked like spam.",
        "The intake form submission {-uuid} is stuck in 'processing'.",
        "The provider's state license {-state_license} shows as expired in your directory, but it was renewed on {-date_renewal}.",
        "Our clinic's tenant is {-tenant_id}; the staging tenant is {-tenant_id}.",
        "Chrome {-version_string} on Windows build {-windows_build} gives a black video tile.",
        "Visit notes for {-date_service} didn't sync to the EHR; sync job {-uuid} failed.",
        "Accession {-accession_number} from the lab integration shows as unmatched.",
    ],
    pii={
        "DATE_OF_BIRTH": ["The patient's DOB is {v} but the intake form saved it as {-masked_dob}.",
                          "Pt {pt_first}, DOB {v}, can't see her visit summary.", "Two charts for the same patient, both DOB {v}."],
        "MEDICAL_RECORD_NUMBER": ["The patient's MRN is {v}; the visit is {-encounter_number}.", "Please merge chart # {v} into the older chart."],
        "US_NPI": ["The prescriber's NPI ({v}) is on the order but the pharmacy rejected it.", "{dr} is listed with NPI {v}."],
        "US_DEA": ["{dr} is trying to send a Schedule II script; DEA {v}, state license {-state_license}.",
                   "EPCS two-factor fails for {dr} (DEA {v})."],
        "IP_ADDRESS": ["The patient's device connects from {v} and the TURN server drops it.", "Our clinic network egress is {v}."],
        "PHONE_NUMBER": ["The patient wants a callback at {v} for the rescheduled visit."],
        "UK_NHS": ["The UK clinic's patient has NHS number {v}; it isn't accepted by the booking form."],
    },
)

TYPES_EN["payroll_hr"] = dict(
    vendor=("PayCrest", "paycrest.io", "support"),
    ents={"US_SSN": 5, "DATE_OF_BIRTH": 3, "ABA_ROUTING_NUMBER": 4, "IBAN_CODE": 2, "PHONE_NUMBER": 3, "EMAIL_ADDRESS": 3},
    subj=["Direct deposit rejected for one employee", "W-2 shows wrong SSN", "New hire can't log in", "Pay run {-uuid} failed",
          "Garnishment order received", "Year-end correction for employee {-employee_id}"],
    benign=[
        "Employee {-employee_id} was hired on {-date_hire} but the system shows {-date_hire}.",
        "The pay run for the period ending {-date_payment} shows a net total of {-amount}.",
        "Our FEIN is {-ein}; please make sure it's on the 941.",
        "Check {-check_number} was voided on {-date_payment} and reissued as check {-check_number}.",
        "The garnishment order (case {-case_number}) arrived on {-date_received}.",
        "Benefits enrollment closes on {-date_deadline} and {n} people are still pending.",
        "The termination date for {-employee_id} should be {-date_termination}, not the hire date.",
        "ACH batch {-ach_trace} was returned with code R03.",
        "The 401(k) remittance for {-date_payment} was {-amount} short.",
        "Payroll ID {-employee_id} and {-employee_id} were merged during import.",
        "Timesheet export {-uuid} has hours for {n} employees who left in {month}.",
    ],
    pii={
        "US_SSN": ["The W-2 for {name} has SSN {v} but the correct one ends differently: {-masked_ssn}.",
                   "New hire {name}, SSN {v}, hire date {-date_hire}.", "Please correct the SSN to {v}; the old value {-ssn_invalid} was a typo."],
        "DATE_OF_BIRTH": ["Her DOB ({v}) is needed for the 401(k) enrollment.", "The employee's date of birth is {v}; the hire date {-date_hire} was entered in that field."],
        "ABA_ROUTING_NUMBER": ["New direct deposit: routing {v}, checking {-bank_account_number}.",
                               "The prenote failed for routing number {v} at {bank}."],
        "IBAN_CODE": ["Our contractor in Europe needs salary paid to {v}.", "Please use IBAN {v} for the expat payroll."],
        "PHONE_NUMBER": ["The employee asked that any paper check questions go to {v}."],
    },
)

TYPES_EN["card_disputes"] = dict(
    vendor=("Tallyforge", "tallyforge.com", "disputes"),
    ents={"CREDIT_CARD": 7, "PHONE_NUMBER": 2, "EMAIL_ADDRESS": 2, "IP_ADDRESS": 2, "DATE_OF_BIRTH": 1, "US_SSN": 1,
          "ABA_ROUTING_NUMBER": 1, "IBAN_CODE": 1},
    subj=["Unrecognized charge from {merchant}", "Dispute {-dispute_id} status?", "Card declined at {merchant}",
          "Chargeback evidence due {-date_deadline}", "Replacement card not received", "Duplicate authorization on corporate card"],
    benign=[
        "The transaction from {merchant} for {-amount} posted on {-date_payment} with auth code {-auth_code}.",
        "Dispute {-dispute_id} was opened on {-date_received}; the acquirer reference is {-acquirer_ref}.",
        "Merchant ID {-merchant_id} appears on both charges.",
        "Transaction {-transaction_id} was reversed, but {-transaction_id} wasn't.",
        "The replacement card shipped on {-date_shipped} via UPS {-tracking_ups}.",
        "The cardholder's card ending {-masked_card} was frozen after {n} failed PIN attempts.",
        "Chargeback evidence is due by {-date_deadline}.",
        "The merchant sent a refund confirmation {-transaction_id}, but it never posted.",
        "Our program's gift card {-gift_card_number} isn't affected, just the corporate cards.",
        "Order {-luhn_order_number} from the merchant's email is the same purchase.",
        "The statement cycle closed on {-date_invoice} with a balance of {-amount}.",
        "The decline reason code is {-error_code}; the card expires {-card_expiry}.",
    ],
    pii={
        "CREDIT_CARD": ["The card used was {v}, and it was in the employee's wallet the whole time.",
                        "Please block {v} and reissue - the merchant's receipt shows order {-luhn_order_number}.",
                        "The two charges on {v} ({-amount} each) are from the same booking.",
                        "Our corporate Amex {v:space} was charged, not the card ending {-masked_card}.",
                        "{v} - this card was reported lost on {-date_incident}.",
                        "The merchant's receipt lists card {v} and order {-luhn_order_number}; the order number is not the card."],
        "IP_ADDRESS": ["The online purchase came from {v}, which is not our office.", "Login to the admin portal from {v} at {-ts_iso} wasn't us."],
        "DATE_OF_BIRTH": ["The cardholder verified with DOB {v}."],
        "US_SSN": ["KYC for the new cardholder: SSN {v}, DOB {+DATE_OF_BIRTH}."],
        "PHONE_NUMBER": ["The fraud alert SMS went to {v}, which is the cardholder's old number."],
    },
)

TYPES_EN["msp_helpdesk"] = dict(
    vendor=("Brightwire IT", "brightwire-it.com", "servicedesk"),
    ents={"IP_ADDRESS": 6, "AWS_ACCESS_KEY": 3, "GITHUB_TOKEN": 3, "PRIVATE_KEY": 3, "EMAIL_ADDRESS": 3, "PHONE_NUMBER": 2},
    subj=["VPN down at {city} office", "Leaked credentials in shared folder", "New laptop setup for {name}",
          "Firewall blocking EHR traffic", "Backup job failing since update", "Printer offline on {host}"],
    benign=[
        "{host} was patched to {-windows_build} on {-date_service} and rebooted.",
        "The firewall firmware is {-version_ip_like} and the switch is on {-version_string}.",
        "MAC {-mac_address} keeps grabbing a new lease.",
        "Dell service tag {-serial_number} is still under warranty until {-date_renewal}.",
        "KB article {-kb_article} fixed it on {host}, but not on {host}.",
        "The subnet mask on the printer is {-netmask}, which is wrong for that VLAN.",
        "SNMP OID {-oid} reports the UPS battery at {nn}%.",
        "Backup job {-uuid} failed at {-ts_log} with {-error_code}.",
        "Commit {-git_sha_short} broke the login script.",
        "Per section {-section_number} of the MSA, after-hours work is billed separately.",
        "The license key {-license_key} is for the old server; please don't reuse it.",
        "The ticket was escalated as {-ticket_ref} on {-ts_us}.",
        "The firewall's admin page reports build {-version_ip_like}; the release notes mention {-version_string}.",
        "Switch port {n} shows CRC errors since {-ts_eu}.",
    ],
    pii={
        "IP_ADDRESS": ["The VPN concentrator is {v} and clients get {+IP_ADDRESS:v4.rfc1918} from the pool.",
                       "{host} should be at {v}, but it answers on {+IP_ADDRESS:v4.rfc1918}.",
                       "We see brute-force attempts from {v} against RDP.", "Please add {v} to the allowlist for the EHR vendor.",
                       "The site-to-site tunnel peer is {v}; the local side is {+IP_ADDRESS:v4.rfc1918}."],
        "AWS_ACCESS_KEY": ["A contractor committed access key {v} to the wiki; it belongs to IAM user svc-reporting.",
                           "Found {v} in a shared Excel sheet next to the secret key {-aws_secret_key}."],
        "GITHUB_TOKEN": ["The build server has {v} in its environment; please rotate it.",
                         "The old deploy script still embeds {v}."],
        "EMAIL_ADDRESS": ["New user's mailbox will be {v}.", "Alerts should go to {v} and the on-call."],
        "PHONE_NUMBER": ["The site contact for the onsite visit is {name} at {v}."],
    },
)

TYPES_EN["marketplace_seller"] = dict(
    vendor=("Stallhub", "stallhub.com", "seller-support"),
    ents={"IBAN_CODE": 4, "ABA_ROUTING_NUMBER": 3, "EMAIL_ADDRESS": 3, "PHONE_NUMBER": 3, "CREDIT_CARD": 2, "IP_ADDRESS": 1},
    subj=["Payout on hold", "Order {-order_number} marked delivered but not received", "Listing {-sku} suppressed",
          "VAT invoice request", "Fee refund for cancelled order", "Bank account verification failed"],
    benign=[
        "Order {-order_number} shipped on {-date_shipped} with tracking {-tracking_usps}.",
        "The buyer says order {-order_number} never arrived, but UPS {-tracking_ups} shows delivered.",
        "Listing {-sku} was suppressed on {-date_incident} for a missing GTIN.",
        "Our VAT number is {-vat_id}; please put it on the fee invoices.",
        "Payout {-transaction_id} for {-amount} has been on hold since {-date_payment}.",
        "The marketplace order number {-luhn_order_number} is what the buyer quoted; it's not a card.",
        "Return label {-tracking_fedex} was generated on {-date_shipped}.",
        "Invoice {-invoice_number} for {-amount} was charged twice.",
        "The {product} listing has {n} open A-to-z claims.",
        "The fee credit memo {-invoice_number} doesn't match the statement dated {-date_invoice}.",
        "Our SEPA creditor ID is {-sepa_creditor_id} in case you need it for direct debits.",
    ],
    pii={
        "IBAN_CODE": ["Please send payouts to {v} from now on; the old account {-masked_iban} is closed.",
                      "IBAN {v} failed verification, but the bank confirmed it's correct (BIC {-bic}).",
                      "The verification form rejects {v}; the example in your help article ({-iban_doc_example}) works fine."],
        "ABA_ROUTING_NUMBER": ["US payouts should go to routing {v}, account {-bank_account_number}.",
                               "The micro-deposits never arrived at routing number {v}."],
        "CREDIT_CARD": ["The subscription fee should be charged to {v}, not the payout balance."],
        "EMAIL_ADDRESS": ["All buyer messages for order {-order_number} should go to {v}."],
        "PHONE_NUMBER": ["The carrier needs a phone for the pickup: {v}."],
    },
)

TYPES_EN["pbm"] = dict(
    vendor=("ScriptAxis", "scriptaxis.com", "pharmacy-help"),
    ents={"US_NPI": 5, "US_DEA": 4, "DATE_OF_BIRTH": 4, "PHONE_NUMBER": 3, "EMAIL_ADDRESS": 2, "MEDICAL_RECORD_NUMBER": 1, "US_SSN": 1},
    subj=["Claim rejected 75 - prior auth required", "Prescriber not found in directory", "Member eligibility mismatch",
          "Reversal not processing for Rx {-rx_number}", "Controlled substance claim rejected", "MAC pricing appeal"],
    benign=[
        "Rx {-rx_number} filled on {-date_filled} rejected with code 75.",
        "BIN {-rx_bin}, PCN ADV, group {-group_number} - the member card says the same.",
        "NDC {-ndc_code} is priced at {-amount} under the MAC list.",
        "Our NCPDP ID is {-ncpdp_id}.",
        "Prior auth {-prior_auth_number} was approved on {-date_effective} but the claim still rejects.",
        "Member ID {-member_id} shows two coverage segments ending {-date_termination}.",
        "The reversal for claim {-claim_number} submitted at {-ts_us} never posted.",
        "The taxonomy on the prescriber record is {-taxonomy_code}.",
        "We faxed the PA form ({-fax_pages} pages) on {-date_received}.",
        "The patient pay amount came back as {-amount} for a {n}-day supply.",
        "The 10-digit number on the reject, {-ten_digit_ref}, is your claim reference, not the NPI.",
    ],
    pii={
        "US_NPI": ["Prescriber NPI {v} is rejected as 'not found' (code 56).", "Our pharmacy NPI is {v}; NCPDP {-ncpdp_id}.",
                   "{dr}'s NPI ({v}) is active in NPPES since {-date_effective}."],
        "US_DEA": ["The CII claim for {dr} rejects with 'invalid DEA' even though {v} is current.",
                   "{dr}, DEA {v}, NPI {+US_NPI} - Schedule IV script rejected."],
        "DATE_OF_BIRTH": ["Member DOB on the claim is {v}; your eligibility file has {-masked_dob}.",
                          "The member's DOB ({v}) is correct on our side, the claim was filled on {-date_filled}."],
        "PHONE_NUMBER": ["Please call the pharmacist in charge at {v}.", "Fax the determination to {v}."],
        "MEDICAL_RECORD_NUMBER": ["The hospital outpatient pharmacy uses the MRN as the patient ID: {v}."],
    },
)

TYPES_EN["revenue_cycle"] = dict(
    vendor=("LedgerCare RCM", "ledgercare.com", "rcm-support"),
    ents={"MEDICAL_RECORD_NUMBER": 5, "US_NPI": 4, "DATE_OF_BIRTH": 4, "US_SSN": 1, "ABA_ROUTING_NUMBER": 2,
          "PHONE_NUMBER": 2, "EMAIL_ADDRESS": 2, "US_DEA": 1},
    subj=["Denials spike for payer {-payer_id}", "835 not posting", "Duplicate accounts after merge", "EFT enrollment rejected",
          "Charge lag on {-date_service}", "Eligibility 271 returns wrong subscriber"],
    benign=[
        "Claims for DOS {-date_service} to payer {-payer_id} are denying CO-16.",
        "The 835 with EFT trace {-eft_trace} for {-amount} didn't post.",
        "HAR {-patient_account_no} has CPT {-cpt_code} billed twice.",
        "Encounter {-encounter_number} was admitted {-date_admission} and discharged {-date_discharge}.",
        "Check {-check_number} from the payer covers {n} claims.",
        "CSN {-csn} is missing its attending.",
        "Claim {-claim_number} was resubmitted on {-date_received} with frequency code 7.",
        "The ICN on the denial is {-ten_digit_ref}.",
        "Our TIN is {-ein}.",
        "Work queue {-uuid} has {nn} accounts older than {n} days.",
        "Taxonomy {-taxonomy_code} is on the rendering provider, which the payer rejects.",
    ],
    pii={
        "MEDICAL_RECORD_NUMBER": ["MRN {v} has two guarantor accounts: {-patient_account_no} and {-patient_account_no}.",
                                  "The merge left chart # {v} with the wrong encounters.",
                                  "Hospital number {v} maps to two patients in the 837 export.", "{v} is the MRN on the face sheet."],
        "US_NPI": ["The rendering NPI {v} is missing from loop 2310B.", "Billing NPI {v} doesn't match the payer's enrollment."],
        "DATE_OF_BIRTH": ["The 271 returns subscriber DOB {v} but our registration has {-masked_dob}.",
                          "Patient DOB {v}, admitted {-date_admission}."],
        "US_SSN": ["The old registration used SSN {v} as the subscriber ID; please purge it."],
        "ABA_ROUTING_NUMBER": ["EFT enrollment for payer {-payer_id}: routing {v}, account {-bank_account_number}."],
    },
)

TYPES_EN["utility_billing"] = dict(
    vendor=("Cinder Valley Power & Water", "cindervalley-utilities.com", "billing"),
    ents={"PHONE_NUMBER": 4, "EMAIL_ADDRESS": 3, "CREDIT_CARD": 3, "ABA_ROUTING_NUMBER": 3, "US_SSN": 2, "DATE_OF_BIRTH": 2},
    subj=["Autopay failed this month", "Estimated bill too high", "Transfer of service to new address", "Deposit waiver request",
          "Meter read dispute", "Payment arrangement"],
    benign=[
        "Account {-utility_account} was billed {-amount} on an estimated read.",
        "Meter {-meter_number} was read on {-date_meter_read} but the bill uses {-date_meter_read}.",
        "The bill dated {-date_invoice} is due {-date_due}.",
        "Service at the new address (ZIP {-zip_code}) should start on {-date_effective}.",
        "Payment confirmation {-transaction_id} for {-amount} shows on our bank statement.",
        "The late fee of {amt} was applied even though we paid on {-date_payment}.",
        "Work order {-order_number} for the meter swap is scheduled for {-date_appointment}.",
        "We used {nn} kWh more than last year according to your chart.",
        "Our commercial account {-utility_account} should be tax exempt (certificate {-ticket_ref}).",
        "The disconnect notice dated {-date_invoice} lists a deadline of {-date_deadline}.",
    ],
    pii={
        "CREDIT_CARD": ["Autopay should use {v}; the old card expired {-card_expiry}.", "Please charge {v} for the balance of {-amount}."],
        "ABA_ROUTING_NUMBER": ["Switch autopay to bank draft: routing {v}, account {-bank_account_number}."],
        "US_SSN": ["For the deposit waiver credit check, my SSN is {v}."],
        "DATE_OF_BIRTH": ["Account holder DOB {v} for verification."],
        "PHONE_NUMBER": ["Text outage alerts to {v}.", "Call {v} before the technician arrives, the gate is locked."],
    },
)

TYPES_EN["travel_bookings"] = dict(
    vendor=("Wayfarer Desk", "wayfarerdesk.com", "trips"),
    ents={"CREDIT_CARD": 4, "PHONE_NUMBER": 4, "EMAIL_ADDRESS": 4, "DATE_OF_BIRTH": 3, "IBAN_CODE": 1},
    subj=["Name correction on PNR {-pnr_locator}", "Refund for cancelled flight", "Hotel charged twice", "APIS data for group travel",
          "Change fee waiver", "Invoice for trip {-pnr_locator}"],
    benign=[
        "PNR {-pnr_locator} has e-ticket {-eticket_number} for the outbound flight on {-date_travel}.",
        "The hotel confirmation is {-hotel_confirmation} for check-in on {-date_travel}.",
        "Frequent flyer {-frequent_flyer} wasn't credited for the trip on {-date_travel}.",
        "The agency fee invoice {-invoice_number} for {-amount} is still open.",
        "The return flight on {-date_travel} was cancelled and rebooked as {-pnr_locator}.",
        "Ticket {-eticket_number} shows as 'open' but the passenger flew.",
        "Booking was made on {-date_booking} with a {airline} fare that allowed changes.",
        "The {hotel} charged {-amount} twice under folio {-hotel_confirmation}.",
        "The group block of {nn} rooms releases on {-date_deadline}.",
        "Our travel policy id is {-group_number}; the cost center is {-po_number}.",
    ],
    pii={
        "DATE_OF_BIRTH": ["APIS for {name}: date of birth {v}, as in the passport.", "The passenger's DOB ({v}) was entered as the travel date by mistake.",
                          "Please add DOB {v} for the child on PNR {-pnr_locator}."],
        "CREDIT_CARD": ["Please use the corporate card {v} for the hotel guarantee.", "The airline charged {v} for the change fee even though it was waived."],
        "PHONE_NUMBER": ["The traveler's mobile while abroad is {v}.", "The hotel front desk can be reached on {v}."],
        "EMAIL_ADDRESS": ["Please send the itinerary to {v} as well."],
        "IBAN_CODE": ["The refund for the cancelled tour should go to {v}."],
    },
)

TYPES_EN["registrar"] = dict(
    vendor=("Calder Records", "calderrecords.edu", "registrar-help"),
    ents={"US_SSN": 3, "DATE_OF_BIRTH": 4, "EMAIL_ADDRESS": 4, "PHONE_NUMBER": 3, "IP_ADDRESS": 2, "CREDIT_CARD": 1},
    subj=["Transcript order stuck", "1098-T shows wrong SSN", "Student can't register for CRN {-course_crn}",
          "Enrollment verification request", "Proctoring session flagged", "Duplicate student records"],
    benign=[
        "Student {-student_id} enrolled on {-date_enrolled} for term {-term_code}.",
        "Transcript order {-order_number} was placed on {-date_received} and hasn't been sent.",
        "CRN {-course_crn} shows {n} seats but registration says full.",
        "The degree was conferred on {-date_graduation}; the diploma shows {-date_graduation}.",
        "Proctoring session {-uuid} was flagged at {-ts_iso}.",
        "The hold on {-student_id} (amount {-amount}) was cleared on {-date_payment}.",
        "Students {-student_id} and {-student_id} look like the same person.",
        "The enrollment verification for term {-term_code} was requested by the lender on {-date_received}.",
        "The transcript fee of {amt} was charged, receipt {-transaction_id}.",
    ],
    pii={
        "US_SSN": ["The 1098-T for {name} shows SSN {v}; the student says it should be different.", "Please update the SSN to {v} for the FAFSA match."],
        "DATE_OF_BIRTH": ["The student's date of birth is {v} and the ID is {-student_id}.", "Verification failed because DOB {v} doesn't match the record."],
        "IP_ADDRESS": ["The proctoring log shows the exam was taken from {v}.", "Two students submitted from {v} at the same minute."],
        "EMAIL_ADDRESS": ["The student's personal email is {v:free}."],
        "PHONE_NUMBER": ["The student asked for a call back at {v}."],
    },
)

TYPES_EN["saas_onboarding"] = dict(
    vendor=("Quillstack", "quillstack.io", "onboarding"),
    ents={"EMAIL_ADDRESS": 4, "IP_ADDRESS": 3, "AWS_ACCESS_KEY": 3, "GITHUB_TOKEN": 3, "PRIVATE_KEY": 3, "PHONE_NUMBER": 2,
          "IBAN_CODE": 2, "CREDIT_CARD": 2},
    subj=["SSO setup for {co}", "S3 export integration", "GitHub app install failed", "SFTP key rotation", "Invoice address change",
          "Seat count wrong on invoice {-invoice_number}"],
    benign=[
        "Our workspace id is {-tenant_id}, created on {-date_effective}.",
        "The API version header is {-api_version_date}; the old one was {-api_version_date}.",
        "Invoice {-invoice_number} lists {nn} seats but we only have {n} active users.",
        "The SAML certificate expires on {-date_renewal}.",
        "Webhook delivery {-uuid} returned HTTP 500 at {-ts_iso}.",
        "The export job {-uuid} wrote {nn} files and then stopped.",
        "Our AWS account is {-aws_account_id} and the role is {-aws_arn}.",
        "The GitHub app installation failed on commit {-git_sha}.",
        "Our PO number is {-po_number}; please add it to every invoice.",
        "The onboarding call is booked for {-date_appointment}.",
        "Please use the example key from your docs ({-aws_example_key}) only in the sandbox.",
        "The npm package {-scoped_pkg} throws on import.",
    ],
    pii={
        "AWS_ACCESS_KEY": ["For the S3 export, the access key id is {v} (secret sent separately).",
                           "Your onboarding doc told us to paste {v} into the form - is that safe?"],
        "GITHUB_TOKEN": ["The GitHub sync uses {v}; it belongs to our bot account.", "We generated {v} for the repo import."],
        "IP_ADDRESS": ["Please allowlist our NAT gateway {v} and the office at {+IP_ADDRESS}.", "SSO logins from {v} fail with {-error_code}."],
        "EMAIL_ADDRESS": ["Admin seats: {v}, {+EMAIL_ADDRESS:other} and {+EMAIL_ADDRESS:role}.", "Billing contact is {v:role}."],
        "IBAN_CODE": ["Pay our reseller invoice to {v}, reference {-invoice_number}."],
        "CREDIT_CARD": ["Switch billing to the card {v}."],
    },
)

TYPES_EN["uk_clinical_supplier"] = dict(
    vendor=("Wrenfield Clinical Systems", "wrenfield.co.uk", "servicedesk"),
    ents={"UK_NHS": 7, "DATE_OF_BIRTH": 4, "PHONE_NUMBER": 3, "EMAIL_ADDRESS": 3, "MEDICAL_RECORD_NUMBER": 3, "IP_ADDRESS": 1},
    subj=["PDS trace returns no match", "Referral not appearing in e-RS worklist", "Duplicate patient after spine sync",
          "Pathology results unmatched", "Smartcard login failing at {city}", "Appointment letters printing blank"],
    benign=[
        "The e-RS referral (UBRN {-ubrn}) was booked for {-date_appointment}.",
        "Our ODS code is {-ods_code} and the trust is asking for the new one.",
        "Smartcard middleware {-version_string} fails on Windows build {-windows_build}.",
        "Pathology order {-accession_number} came back on {-date_received} but hasn't filed.",
        "The booking reference {-nhs_fail_mod11} is ours, not an NHS number - your import treats it as one.",
        "Appointment letters for clinic date {-date_appointment} print without the address block.",
        "The overnight job {-uuid} failed at {-ts_eu}.",
        "Spine sync reported {n} errors at {-ts_iso}.",
        "The patient was discharged on {-date_discharge} and the letter is still pending.",
    ],
    pii={
        "UK_NHS": ["The PDS trace for NHS number {v} returns no match.", "NHS no. {v} appears on two records.",
                   "Patient {pt}, NHS {v}, DOB {+DATE_OF_BIRTH}.", "We were given {v} as the NHS number; the referral letter has {-masked_nhs}.",
                   "{v} is the NHS number on the discharge summary."],
        "DATE_OF_BIRTH": ["Her date of birth is {v}; the appointment was {-date_appointment}."],
        "MEDICAL_RECORD_NUMBER": ["Hospital number {v} is linked to the wrong NHS record.", "The local hospital no. is {v}."],
        "EMAIL_ADDRESS": ["Please reply to {v:nhs}."],
        "PHONE_NUMBER": ["The ward clerk is on {v}."],
    },
    regions=["uk"],
)

# region weights for English types
for _t in TYPES_EN.values():
    _t.setdefault("regions", ["us"] * 7 + ["uk"] * 2 + ["ie"])
TYPES_EN["insurance_claims"]["regions"] = ["us"] * 8 + ["uk", "ie"]
TYPES_EN["payroll_hr"]["regions"] = ["us"] * 9 + ["uk"]
TYPES_EN["pbm"]["regions"] = ["us"]
TYPES_EN["revenue_cycle"]["regions"] = ["us"]
TYPES_EN["registrar"]["regions"] = ["us"] * 9 + ["uk"]
TYPES_EN["telehealth"]["regions"] = ["us"] * 7 + ["uk"] * 3

US_ONLY = {"US_SSN", "ABA_ROUTING_NUMBER", "US_NPI", "US_DEA"}
UK_ONLY = {"UK_NHS"}

# same-shape near misses that a note places next to a positive (or in a benign note)
NEAR_EN = {
    "CREDIT_CARD": ["The order number on the receipt is {-luhn_order_number}.", "Gift card {-gift_card_number} was applied first.",
                    "The e-ticket number is {-eticket_number}, if that helps.", "Your test card {-test_pan} from the docs works fine in the sandbox.",
                    "The merchant ID on the slip is {-merchant_id}.", "The ARN the bank gave us is {-acquirer_ref}.",
                    "The phone we pay from has IMEI {-imei}.", "Confirmation number {-luhn_fail_ref}.", "The SIM ICCID is {-iccid}.",
                    "Please remove the old card {-masked_card}.", "Loyalty number {-loyalty_number} should still get the points.",
                    "The acct ending {-last4_digits} is the old one, please delete it."],
    "US_SSN": ["Our EIN is {-ein}.", "The contractor only has an ITIN: {-itin}.", "Mailing ZIP is {-zip_plus4}.",
               "The form's hint text says {-ssn_format_example}, which confused her.", "Policy number {-ssn_shaped_ref} is printed right under it - that's not the SSN.",
               "The payroll screen shows {-masked_ssn}.", "Our internal case reference is {-ssn_invalid}."],
    "EMAIL_ADDRESS": ["Her Slack handle is {-at_handle}.", "Don't use {-masked_email}, that's the old one.", "The server log only shows {-user_at_host}.",
                      "Your docs use {-placeholder_email} as the example.", "Message-ID {-message_id} if you need to trace it.",
                      "The image is {-docker_digest}."],
    "PHONE_NUMBER": ["RMA {-phone_shaped_id} is the return, not a phone number.", "The texts come from short code {-sms_short_code}.",
                     "The number on file shows as {-masked_phone}.", "Case {-phone_shaped_id} covers the same call.", "The part number is {-phone_shaped_id}."],
    "IBAN_CODE": ["BIC {-bic}.", "Our VAT ID is {-vat_id}.", "The IBAN in the old form, {-iban_bad_checksum}, had a typo.",
                  "The one printed on the invoice ({-iban_wrong_length}) is missing a digit.", "Your portal shows it masked as {-masked_iban}.",
                  "Creditor ID {-sepa_creditor_id}.", "The sample IBAN on your help page, {-iban_doc_example}, validates fine, ours doesn't.",
                  "For the UK entity it's sort code {-sort_code}, account {-bank_account_number}."],
    "ABA_ROUTING_NUMBER": ["The account number is {-bank_account_number}.", "Check number {-check_number}.", "The ACH trace is {-ach_trace}.",
                           "Batch ID {-aba_shaped_ref} is ours, not a routing number.", "The number on the deposit slip, {-aba_fail}, fails validation.",
                           "Routing on file shows {-masked_routing}."],
    "IP_ADDRESS": ["Firmware is {-version_ip_like}.", "Netmask {-netmask}.", "The MAC is {-mac_address}.", "Section {-section_number} of the runbook covers this.",
                   "SNMP OID {-oid}.", "The old address {-masked_ip} no longer applies.", "Windows build {-windows_build}.",
                   "The address in the old ticket, {-ip_bad_octet}, was a typo."],
    "MEDICAL_RECORD_NUMBER": ["The encounter is {-encounter_number}.", "Member ID {-member_id}.", "Rx {-rx_number}.", "Accession {-accession_number}.",
                              "Guarantor account {-patient_account_no}.", "Prior auth {-prior_auth_number}.", "CSN {-csn}.", "Portal shows {-masked_mrn}."],
    "US_NPI": ["The payer's claim reference is {-ten_digit_ref}.", "Taxonomy {-taxonomy_code}.", "Your portal shows the NPI as {-masked_npi}.",
               "The EFT trace number {-npi_shaped_ref} is unrelated.", "Payer ID {-payer_id}."],
    "DATE_OF_BIRTH": ["Date of service was {-date_service}.", "Admitted {-date_admission}.", "The patient is {-age}.", "Coverage effective {-date_effective}.",
                      "The appointment is on {-date_appointment}.", "The form masks it as {-masked_dob}.", "Hire date {-date_hire}.",
                      "Separate thing: the birthday-discount campaign ended on {-birth_word_other_date}.", "The card expires {-card_expiry}."],
    "UK_NHS": ["UBRN {-ubrn}.", "Our booking ref is {-nhs_fail_mod11}.", "ODS code {-ods_code}.", "The letter shows {-masked_nhs}."],
    "US_DEA": ["State license {-state_license}.", "The number the pharmacy keyed, {-dea_fail}, fails the DEA check digit.",
               "The old registration shows {-masked_dea}."],
    "AWS_ACCESS_KEY": ["Account ID {-aws_account_id}.", "Role {-aws_arn}.", "The sample key from your docs, {-aws_example_key}, is what we used in staging.",
                       "IAM unique ID {-aws_role_id}.", "The console shows the old key as {-aws_masked_key}."],
    "GITHUB_TOKEN": ["Commit {-git_sha}.", "The token in the README is just {-gh_placeholder}.", "The audit log shows it as {-gh_masked}.",
                     "The GitLab token {-gitlab_token} is a separate problem.", "The npm token {-npm_token} was rotated already.",
                     "The string {-gh_checksum_fail} in the wiki is made up."],
    "PRIVATE_KEY": [],
}
FOOTER_EN = ["-- {vendor} · ref {-ticket_ref} · last updated {-ts_iso}", "[internal] linked: {-ticket_ref}, {-ticket_ref} · SLA due {-ts_us}",
             "Ticket {-ticket_ref} · requester org {co} · created {-ts_iso}", "Related: {-case_number} (closed {-ts_us})"]

# =============================================================================================
# other languages (phrasebooks written for this round)
# =============================================================================================

L10N = {}

L10N["de"] = dict(
    log_lead="Auszug aus dem Firewall-Log:",
    greet=["Hallo zusammen,", "Guten Tag,", "Hallo {agent},", "Sehr geehrte Damen und Herren,", "Moin,"],
    close=["Viele Grüße", "Mit freundlichen Grüßen", "Beste Grüße", "Danke und Gruß", "VG"],
    subj=["Erstattung für Bestellung {-order_number}", "Auszahlung hängt seit {-date_payment}", "Rechnung {-invoice_number} doppelt abgebucht",
          "Zugang gesperrt", "Termin am {-date_appointment} verschoben", "Synchronisation bricht ab"],
    benign={
        "commerce": ["Die Bestellung {-order_number} wurde am {-date_shipped} verschickt, Sendungsnummer {-tracking_ups}.",
                     "Rechnung {-invoice_number} über {-amount} wurde zweimal abgebucht.", "Unsere USt-IdNr. lautet {-vat_id}.",
                     "Die Auszahlung {-transaction_id} steht seit dem {-date_payment} auf 'in Prüfung'.",
                     "Laut Kontoauszug vom {-date_invoice} fehlen {-amount}.", "Die Gläubiger-ID {-sepa_creditor_id} steht auf dem Mandat.",
                     "Fälligkeit laut Mahnung: {-date_due}.", "Die Gutscheinkarte {-gift_card_number} ist davon nicht betroffen.",
                     "Die Kartennummer endet auf {-masked_card}, das ist aber die alte Karte."],
        "health": ["Der Termin am {-date_appointment} wurde ohne Rückmeldung storniert.", "Die Abrechnung für den Behandlungstag {-date_service} fehlt noch.",
                   "Die Fallnummer {-encounter_number} ist doppelt angelegt.", "Die Versichertennummer auf der Karte ist {-member_id}.",
                   "Der Leistungsbescheid vom {-date_invoice} nennt {-amount}."],
        "it": ["Die Firewall läuft mit Firmware {-version_ip_like}.", "Seit dem Update auf {-version_string} bricht der Sync ab (Job {-uuid}).",
               "Der Fehler {-error_code} tritt seit {-ts_eu} auf.", "Die MAC-Adresse {-mac_address} bekommt keine Adresse mehr.",
               "Ticket {-ticket_ref} wurde am {-ts_eu} geschlossen, das Problem besteht aber weiter.",
               "Das Zertifikat läuft am {-date_renewal} ab.", "Die Subnetzmaske am Drucker ist {-netmask}, das passt nicht zum VLAN."],
    },
    pii={
        "CREDIT_CARD": ["Bitte belasten Sie ab sofort die Karte {v}.", "Die Kreditkarte {v} wurde doppelt belastet, nicht die Karte mit Endung {-masked_card}.",
                        "Kreditkarte für die Verlängerung: {v}, gültig bis {-card_expiry}."],
        "IBAN_CODE": ["Bitte überweisen Sie die Erstattung auf {v}.", "Unsere neue Bankverbindung: IBAN {v}, BIC {-bic}.",
                      "{v} ist das richtige Konto, das alte ({-masked_iban}) ist gekündigt."],
        "PHONE_NUMBER": ["Sie erreichen mich unter {v}.", "Rückruf bitte unter {v}, am besten vormittags.", "Meine Handynummer ist {v}."],
        "EMAIL_ADDRESS": ["Bitte antworten Sie an {v}.", "Meine E-Mail-Adresse hat sich geändert: {v}.", "Die Rechnung bitte an {v:role} schicken."],
        "DATE_OF_BIRTH": ["Geburtsdatum des Mitarbeiters: {v}.", "Der Patient ist am {v} geboren.", "Frau {cust_last}, geb. {v}, ist nicht im System."],
        "IP_ADDRESS": ["Die Anmeldung kam von der IP {v}.", "Bitte schalten Sie {v} frei.", "Unser Büro hat die feste IP {v}."],
    },
    labels={"CREDIT_CARD": ["Kreditkarte", "Kartennummer"], "IBAN_CODE": ["IBAN", "Bankverbindung"], "PHONE_NUMBER": ["Tel.", "Telefon", "Mobil"],
            "EMAIL_ADDRESS": ["E-Mail", "Mail"], "DATE_OF_BIRTH": ["Geburtsdatum", "Geb.-Datum"], "IP_ADDRESS": ["IP-Adresse", "IP"]},
    qa={"PHONE_NUMBER": ("Unter welcher Nummer erreichen wir Sie?", ["{v}", "mobil: {v}"]),
        "EMAIL_ADDRESS": ("An welche E-Mail-Adresse soll die Bestätigung gehen?", ["{v}", "an {v} bitte"]),
        "IBAN_CODE": ("Auf welche IBAN sollen wir erstatten?", ["{v}", "auf {v}"]),
        "CREDIT_CARD": ("Welche Karte sollen wir belasten?", ["{v}", "die Visa: {v}"]),
        "DATE_OF_BIRTH": ("Wie lautet das Geburtsdatum?", ["{v}"]), "IP_ADDRESS": ("Welche öffentliche IP hat das Büro?", ["{v}"])},
    small=["danke!", "moment", "ok", "alles klar", "genau", "nein, das ist die alte", "super, danke"],
    agent_open="Hallo, hier ist {agent} vom {vendor}-Support. Wie kann ich helfen?", agent_close="Danke, ich habe das weitergegeben. Schönen Tag noch!",
    config_lead="Hier die Konfiguration aus dem Repo:", key_lead="Der private Schlüssel lag unverschlüsselt im Netzlaufwerk:",
    forward="Weitergeleitete Nachricht", wrote="schrieb", form="Neue Formularanfrage", msg="Nachricht",
    sig_tel=["Tel.:", "Mobil:", "Telefon:"], name_lbl="Name", co_lbl="Firma",
)

L10N["fr"] = dict(
    log_lead="Extrait du journal du pare-feu :",
    greet=["Bonjour,", "Bonjour {agent},", "Madame, Monsieur,", "Bonjour à tous,"],
    close=["Cordialement,", "Bien cordialement,", "Merci d'avance,", "Bonne journée,"],
    subj=["Remboursement de la commande {-order_number}", "Virement bloqué depuis le {-date_payment}", "Facture {-invoice_number} prélevée deux fois",
          "Accès bloqué", "Rendez-vous du {-date_appointment} annulé", "Erreur de synchronisation"],
    benign={
        "commerce": ["La commande {-order_number} a été expédiée le {-date_shipped} (suivi {-tracking_ups}).",
                     "La facture {-invoice_number} de {-amount} a été prélevée deux fois.", "Notre numéro de TVA intracommunautaire est {-vat_id}.",
                     "Le virement {-transaction_id} est bloqué depuis le {-date_payment}.", "L'échéance indiquée sur la relance est le {-date_due}.",
                     "Notre ICS SEPA est {-sepa_creditor_id}.", "Le relevé du {-date_invoice} indique un écart de {-amount}."],
        "health": ["Le rendez-vous du {-date_appointment} a été annulé sans explication.", "La feuille de soins du {-date_service} n'a pas été transmise.",
                   "Le numéro de séjour {-encounter_number} apparaît deux fois.", "Le numéro d'adhérent sur la carte est {-member_id}."],
        "it": ["Le pare-feu est en version {-version_ip_like}.", "Depuis la mise à jour {-version_string}, la synchronisation échoue (tâche {-uuid}).",
               "L'erreur {-error_code} apparaît depuis le {-ts_eu}.", "Le ticket {-ticket_ref} a été clôturé le {-ts_eu} mais le problème persiste.",
               "L'adresse MAC {-mac_address} n'obtient plus de bail DHCP."],
    },
    pii={
        "CREDIT_CARD": ["Merci de débiter désormais la carte {v}.", "La carte {v} a été débitée deux fois, pas celle se terminant par {-masked_card}."],
        "IBAN_CODE": ["Merci de rembourser sur l'IBAN {v}.", "Nos nouvelles coordonnées bancaires : IBAN {v}, BIC {-bic}.",
                      "L'IBAN correct est {v} ; l'ancien compte ({-masked_iban}) est clôturé."],
        "PHONE_NUMBER": ["Vous pouvez me joindre au {v}.", "Merci de me rappeler au {v}.", "Mon portable : {v}."],
        "EMAIL_ADDRESS": ["Merci de répondre à {v}.", "Ma nouvelle adresse e-mail : {v}."],
        "DATE_OF_BIRTH": ["Date de naissance : {v}.", "Le patient est né le {v}.", "L'assurée, née le {v}, n'apparaît pas dans la liste."],
        "IP_ADDRESS": ["La connexion venait de l'adresse IP {v}.", "Merci d'autoriser l'IP {v}."],
        "MEDICAL_RECORD_NUMBER": ["Numéro de dossier médical (IPP) : {v}.", "L'IPP du patient est {v}."],
    },
    labels={"CREDIT_CARD": ["Carte", "N° de carte"], "IBAN_CODE": ["IBAN", "RIB (IBAN)"], "PHONE_NUMBER": ["Tél.", "Portable", "Téléphone"],
            "EMAIL_ADDRESS": ["E-mail", "Courriel"], "DATE_OF_BIRTH": ["Date de naissance", "Né(e) le"], "IP_ADDRESS": ["Adresse IP"],
            "MEDICAL_RECORD_NUMBER": ["IPP", "N° de dossier médical"]},
    qa={"PHONE_NUMBER": ("À quel numéro pouvons-nous vous rappeler ?", ["{v}", "au {v}"]),
        "EMAIL_ADDRESS": ("À quelle adresse e-mail envoyer la confirmation ?", ["{v}"]),
        "IBAN_CODE": ("Sur quel IBAN faut-il rembourser ?", ["{v}"]), "CREDIT_CARD": ("Quelle carte devons-nous débiter ?", ["{v}"]),
        "DATE_OF_BIRTH": ("Quelle est la date de naissance du patient ?", ["{v}"])},
    small=["merci !", "un instant", "d'accord", "oui", "non, c'est l'ancienne", "parfait, merci"],
    agent_open="Bonjour, {agent} du support {vendor}. Comment puis-je vous aider ?", agent_close="Merci, c'est transmis. Bonne journée !",
    config_lead="Voici la configuration trouvée dans le dépôt :", key_lead="La clé privée était en clair sur le partage réseau :",
    forward="Message transféré", wrote="a écrit", form="Nouvelle demande via le formulaire", msg="Message",
    sig_tel=["Tél. :", "Portable :", "Tél :"], name_lbl="Nom", co_lbl="Société",
)

L10N["es"] = dict(
    log_lead="Extracto del registro del cortafuegos:",
    greet=["Hola,", "Buenos días,", "Hola {agent},", "Estimados señores:"],
    close=["Saludos,", "Un saludo,", "Gracias de antemano,", "Atentamente,"],
    subj=["Reembolso del pedido {-order_number}", "Transferencia retenida desde el {-date_payment}", "Factura {-invoice_number} cobrada dos veces",
          "Acceso bloqueado", "Cita del {-date_appointment} cancelada", "Error de sincronización"],
    benign={
        "commerce": ["El pedido {-order_number} se envió el {-date_shipped} con número de seguimiento {-tracking_ups}.",
                     "La factura {-invoice_number} por {-amount} se cobró dos veces.", "Nuestro NIF-IVA es {-vat_id}.",
                     "La transferencia {-transaction_id} está retenida desde el {-date_payment}.", "El vencimiento es el {-date_due}.",
                     "El extracto del {-date_invoice} muestra una diferencia de {-amount}."],
        "health": ["La cita del {-date_appointment} se canceló sin aviso.", "El episodio {-encounter_number} está duplicado.",
                   "El número de afiliado en la tarjeta es {-member_id}.", "La reclamación {-claim_number} sigue en revisión."],
        "it": ["El cortafuegos tiene la versión {-version_ip_like}.", "Desde la actualización a {-version_string} falla la sincronización (tarea {-uuid}).",
               "El error {-error_code} aparece desde el {-ts_eu}.", "El ticket {-ticket_ref} se cerró el {-ts_eu}, pero el problema sigue."],
    },
    pii={
        "CREDIT_CARD": ["Por favor, cobren a partir de ahora la tarjeta {v}.", "Se cobró dos veces en la tarjeta {v}, no en la terminada en {-masked_card}."],
        "IBAN_CODE": ["Por favor, hagan el reembolso al IBAN {v}.", "Nuestros nuevos datos bancarios: IBAN {v}, BIC {-bic}."],
        "PHONE_NUMBER": ["Pueden llamarme al {v}.", "Mi móvil es el {v}.", "Llámenme al {v} por la tarde."],
        "EMAIL_ADDRESS": ["Respondan a {v}, por favor.", "Mi nuevo correo es {v}."],
        "DATE_OF_BIRTH": ["Fecha de nacimiento: {v}.", "La paciente nació el {v}.", "El empleado, nacido el {v}, no aparece en la nómina."],
        "IP_ADDRESS": ["El acceso vino desde la IP {v}.", "Por favor, autoricen la IP {v}."],
        "MEDICAL_RECORD_NUMBER": ["Número de historia clínica: {v}.", "La historia clínica {v} está duplicada."],
        "US_SSN": ["Mi número de Seguro Social es {v}.", "El SSN del empleado es {v}."],
        "ABA_ROUTING_NUMBER": ["El número de ruta del banco es {v} y la cuenta {-bank_account_number}."],
        "US_NPI": ["El NPI del médico es {v}."],
        "US_DEA": ["La receta de {dr} lleva el DEA {v}."],
    },
    labels={"CREDIT_CARD": ["Tarjeta", "N.º de tarjeta"], "IBAN_CODE": ["IBAN", "Cuenta (IBAN)"], "PHONE_NUMBER": ["Tel.", "Móvil", "Teléfono"],
            "EMAIL_ADDRESS": ["Correo", "E-mail"], "DATE_OF_BIRTH": ["Fecha de nacimiento", "F. nac."], "IP_ADDRESS": ["IP"],
            "MEDICAL_RECORD_NUMBER": ["N.º historia clínica"], "US_SSN": ["SSN", "Seguro Social"], "ABA_ROUTING_NUMBER": ["Número de ruta"],
            "US_NPI": ["NPI"]},
    qa={"PHONE_NUMBER": ("¿A qué número le llamamos?", ["{v}", "al {v}"]), "EMAIL_ADDRESS": ("¿A qué correo enviamos la confirmación?", ["{v}"]),
        "IBAN_CODE": ("¿A qué IBAN hacemos el reembolso?", ["{v}"]), "CREDIT_CARD": ("¿Qué tarjeta cobramos?", ["{v}"]),
        "DATE_OF_BIRTH": ("¿Fecha de nacimiento del paciente?", ["{v}"]), "US_SSN": ("¿Me confirma el número de Seguro Social?", ["{v}"])},
    small=["¡gracias!", "un momento", "vale", "sí", "no, esa es la antigua", "perfecto"],
    agent_open="Hola, soy {agent} del soporte de {vendor}. ¿En qué puedo ayudarle?", agent_close="Gracias, ya lo he pasado al equipo. ¡Buen día!",
    config_lead="Esta es la configuración del repositorio:", key_lead="La clave privada estaba sin cifrar en la carpeta compartida:",
    forward="Mensaje reenviado", wrote="escribió", form="Nueva solicitud desde el formulario", msg="Mensaje",
    sig_tel=["Tel.:", "Móvil:", "Teléfono:"], name_lbl="Nombre", co_lbl="Empresa",
)

L10N["it"] = dict(
    log_lead="Estratto dal log del firewall:",
    greet=["Buongiorno,", "Salve,", "Ciao {agent},", "Gentili signori,"],
    close=["Cordiali saluti,", "Grazie mille,", "Saluti,", "Distinti saluti,"],
    subj=["Rimborso ordine {-order_number}", "Bonifico bloccato dal {-date_payment}", "Fattura {-invoice_number} addebitata due volte",
          "Accesso bloccato", "Appuntamento del {-date_appointment} annullato", "Errore di sincronizzazione"],
    benign={
        "commerce": ["L'ordine {-order_number} è stato spedito il {-date_shipped}, tracking {-tracking_ups}.",
                     "La fattura {-invoice_number} di {-amount} è stata addebitata due volte.", "La nostra partita IVA è {-vat_id}.",
                     "Il bonifico {-transaction_id} è bloccato dal {-date_payment}.", "La scadenza è il {-date_due}."],
        "health": ["L'appuntamento del {-date_appointment} è stato annullato.", "La pratica {-claim_number} risulta ancora in lavorazione.",
                   "Il numero di tessera è {-member_id}."],
        "it": ["Il firewall ha il firmware {-version_ip_like}.", "Dopo l'aggiornamento a {-version_string} la sincronizzazione fallisce (job {-uuid}).",
               "L'errore {-error_code} compare dal {-ts_eu}.", "Il ticket {-ticket_ref} è stato chiuso il {-ts_eu} ma il problema resta."],
    },
    pii={
        "CREDIT_CARD": ["Per favore addebitate la carta {v}.", "La carta {v} è stata addebitata due volte, non quella che termina con {-masked_card}."],
        "IBAN_CODE": ["Vi prego di effettuare il rimborso sull'IBAN {v}.", "Nuove coordinate bancarie: IBAN {v}, BIC {-bic}."],
        "PHONE_NUMBER": ["Potete chiamarmi al {v}.", "Il mio cellulare è {v}."],
        "EMAIL_ADDRESS": ["Rispondete pure a {v}.", "Il mio nuovo indirizzo email è {v}."],
        "DATE_OF_BIRTH": ["Data di nascita: {v}.", "Il paziente è nato il {v}.", "La dipendente, nata il {v}, non risulta in busta paga."],
        "IP_ADDRESS": ["L'accesso è arrivato dall'IP {v}.", "Per favore abilitate l'IP {v}."],
        "MEDICAL_RECORD_NUMBER": ["Numero di cartella clinica: {v}."],
    },
    labels={"CREDIT_CARD": ["Carta", "Numero carta"], "IBAN_CODE": ["IBAN"], "PHONE_NUMBER": ["Tel.", "Cell.", "Telefono"],
            "EMAIL_ADDRESS": ["Email", "E-mail"], "DATE_OF_BIRTH": ["Data di nascita", "Nato il"], "IP_ADDRESS": ["IP"],
            "MEDICAL_RECORD_NUMBER": ["N. cartella clinica"]},
    qa={"PHONE_NUMBER": ("A quale numero possiamo richiamarla?", ["{v}"]), "EMAIL_ADDRESS": ("A quale email mandiamo la conferma?", ["{v}"]),
        "IBAN_CODE": ("Su quale IBAN facciamo il rimborso?", ["{v}"]), "CREDIT_CARD": ("Quale carta addebitiamo?", ["{v}"]),
        "DATE_OF_BIRTH": ("Data di nascita del paziente?", ["{v}"])},
    small=["grazie!", "un attimo", "ok", "sì", "no, quella è la vecchia", "perfetto"],
    agent_open="Buongiorno, sono {agent} dell'assistenza {vendor}. Come posso aiutarla?", agent_close="Grazie, l'ho inoltrato al team. Buona giornata!",
    config_lead="Ecco la configurazione trovata nel repository:", key_lead="La chiave privata era in chiaro sulla cartella condivisa:",
    forward="Messaggio inoltrato", wrote="ha scritto", form="Nuova richiesta dal modulo", msg="Messaggio",
    sig_tel=["Tel.:", "Cell.:", "Tel:"], name_lbl="Nome", co_lbl="Azienda",
)

L10N["pt"] = dict(
    log_lead="Excerto do registo da firewall:",
    greet=["Olá,", "Bom dia,", "Olá {agent},", "Exmos. Senhores,"],
    close=["Cumprimentos,", "Obrigado,", "Com os melhores cumprimentos,", "Atenciosamente,"],
    subj=["Reembolso da encomenda {-order_number}", "Transferência retida desde {-date_payment}", "Fatura {-invoice_number} cobrada duas vezes",
          "Acesso bloqueado", "Consulta de {-date_appointment} cancelada", "Erro de sincronização"],
    benign={
        "commerce": ["A encomenda {-order_number} foi enviada a {-date_shipped}, com o código de rastreio {-tracking_ups}.",
                     "A fatura {-invoice_number} de {-amount} foi cobrada duas vezes.", "O nosso NIF é {-vat_id}.",
                     "A transferência {-transaction_id} está retida desde {-date_payment}.", "A data de vencimento é {-date_due}."],
        "health": ["A consulta de {-date_appointment} foi cancelada.", "O episódio {-encounter_number} está duplicado.",
                   "O número de beneficiário no cartão é {-member_id}."],
        "it": ["A firewall está na versão {-version_ip_like}.", "Desde a atualização para {-version_string} a sincronização falha (tarefa {-uuid}).",
               "O erro {-error_code} aparece desde {-ts_eu}.", "O pedido {-ticket_ref} foi fechado a {-ts_eu}, mas o problema continua."],
    },
    pii={
        "CREDIT_CARD": ["Por favor, cobrem a partir de agora o cartão {v}.", "O cartão {v} foi cobrado duas vezes, não o terminado em {-masked_card}."],
        "IBAN_CODE": ["Por favor, façam o reembolso para o IBAN {v}.", "Os nossos novos dados bancários: IBAN {v}, BIC {-bic}."],
        "PHONE_NUMBER": ["Podem ligar-me para o {v}.", "O meu telemóvel é {v}."],
        "EMAIL_ADDRESS": ["Respondam para {v}, por favor.", "O meu novo email é {v}."],
        "DATE_OF_BIRTH": ["Data de nascimento: {v}.", "A utente nasceu a {v}."],
        "IP_ADDRESS": ["O acesso veio do IP {v}.", "Por favor, autorizem o IP {v}."],
        "MEDICAL_RECORD_NUMBER": ["Número do processo clínico: {v}."],
    },
    labels={"CREDIT_CARD": ["Cartão", "N.º do cartão"], "IBAN_CODE": ["IBAN"], "PHONE_NUMBER": ["Tel.", "Telemóvel", "Telefone"],
            "EMAIL_ADDRESS": ["Email", "E-mail"], "DATE_OF_BIRTH": ["Data de nascimento"], "IP_ADDRESS": ["IP"],
            "MEDICAL_RECORD_NUMBER": ["N.º processo clínico"]},
    qa={"PHONE_NUMBER": ("Para que número podemos ligar?", ["{v}"]), "EMAIL_ADDRESS": ("Para que email enviamos a confirmação?", ["{v}"]),
        "IBAN_CODE": ("Para que IBAN fazemos o reembolso?", ["{v}"]), "CREDIT_CARD": ("Que cartão devemos cobrar?", ["{v}"]),
        "DATE_OF_BIRTH": ("Data de nascimento da utente?", ["{v}"])},
    small=["obrigado!", "um momento", "ok", "sim", "não, esse é o antigo", "perfeito"],
    agent_open="Olá, fala {agent} do apoio {vendor}. Em que posso ajudar?", agent_close="Obrigado, já encaminhei. Bom dia!",
    config_lead="Segue a configuração do repositório:", key_lead="A chave privada estava sem cifra na pasta partilhada:",
    forward="Mensagem reencaminhada", wrote="escreveu", form="Novo pedido via formulário", msg="Mensagem",
    sig_tel=["Tel.:", "Telem.:", "Tel:"], name_lbl="Nome", co_lbl="Empresa",
)

L10N["nl"] = dict(
    log_lead="Uittreksel uit het firewall-log:",
    greet=["Hallo,", "Goedemorgen,", "Beste {agent},", "Geachte heer/mevrouw,"],
    close=["Met vriendelijke groet,", "Groeten,", "Alvast bedankt,", "Mvg,"],
    subj=["Terugbetaling bestelling {-order_number}", "Uitbetaling vast sinds {-date_payment}", "Factuur {-invoice_number} dubbel afgeschreven",
          "Toegang geblokkeerd", "Afspraak van {-date_appointment} geannuleerd", "Synchronisatiefout"],
    benign={
        "commerce": ["Bestelling {-order_number} is op {-date_shipped} verzonden, track & trace {-tracking_ups}.",
                     "Factuur {-invoice_number} van {-amount} is twee keer afgeschreven.", "Ons btw-nummer is {-vat_id}.",
                     "De uitbetaling {-transaction_id} staat sinds {-date_payment} vast.", "De vervaldatum is {-date_due}."],
        "health": ["De afspraak van {-date_appointment} is zonder bericht geannuleerd.", "Het lidmaatschapsnummer op de pas is {-member_id}.",
                   "De declaratie {-claim_number} staat nog open."],
        "it": ["De firewall draait firmware {-version_ip_like}.", "Sinds de update naar {-version_string} mislukt de synchronisatie (job {-uuid}).",
               "Foutcode {-error_code} verschijnt sinds {-ts_eu}.", "Ticket {-ticket_ref} is op {-ts_eu} gesloten, maar het probleem blijft."],
    },
    pii={
        "CREDIT_CARD": ["Wilt u voortaan de creditcard {v} belasten?", "Op kaart {v} is twee keer afgeschreven, niet op de kaart eindigend op {-masked_card}."],
        "IBAN_CODE": ["Graag terugstorten op {v}.", "Ons nieuwe rekeningnummer: IBAN {v}, BIC {-bic}."],
        "PHONE_NUMBER": ["U kunt mij bereiken op {v}.", "Bel me terug op {v}."],
        "EMAIL_ADDRESS": ["Graag antwoorden naar {v}.", "Mijn nieuwe e-mailadres is {v}."],
        "DATE_OF_BIRTH": ["Geboortedatum: {v}.", "De patiënt is geboren op {v}."],
        "IP_ADDRESS": ["De login kwam van IP-adres {v}.", "Kunt u {v} op de allowlist zetten?"],
    },
    labels={"CREDIT_CARD": ["Creditcard", "Kaartnummer"], "IBAN_CODE": ["IBAN", "Rekening"], "PHONE_NUMBER": ["Tel.", "Mobiel", "Telefoon"],
            "EMAIL_ADDRESS": ["E-mail"], "DATE_OF_BIRTH": ["Geboortedatum", "Geb.datum"], "IP_ADDRESS": ["IP-adres"]},
    qa={"PHONE_NUMBER": ("Op welk nummer kunnen we u terugbellen?", ["{v}"]), "EMAIL_ADDRESS": ("Naar welk e-mailadres sturen we de bevestiging?", ["{v}"]),
        "IBAN_CODE": ("Op welke IBAN storten we terug?", ["{v}"]), "CREDIT_CARD": ("Welke kaart moeten we belasten?", ["{v}"]),
        "DATE_OF_BIRTH": ("Wat is de geboortedatum?", ["{v}"])},
    small=["dank je!", "momentje", "ok", "ja", "nee, dat is de oude", "top"],
    agent_open="Hoi, met {agent} van {vendor} support. Waarmee kan ik helpen?", agent_close="Dank je, ik heb het doorgezet. Fijne dag!",
    config_lead="Hier is de configuratie uit de repository:", key_lead="De private key stond onversleuteld op de netwerkschijf:",
    forward="Doorgestuurd bericht", wrote="schreef", form="Nieuwe aanvraag via het formulier", msg="Bericht",
    sig_tel=["Tel.:", "Mob.:", "T:"], name_lbl="Naam", co_lbl="Bedrijf",
)

L10N["sv"] = dict(
    log_lead="Utdrag ur brandväggsloggen:",
    greet=["Hej,", "Hej {agent},", "Hej hej,", "God morgon,"],
    close=["Vänliga hälsningar,", "Mvh,", "Tack på förhand,", "Hälsningar,"],
    subj=["Återbetalning order {-order_number}", "Utbetalning fast sedan {-date_payment}", "Faktura {-invoice_number} dragen två gånger",
          "Kontot låst", "Besöket {-date_appointment} avbokat", "Synkfel"],
    benign={
        "commerce": ["Order {-order_number} skickades {-date_shipped}, spårningsnummer {-tracking_ups}.",
                     "Faktura {-invoice_number} på {-amount} drogs två gånger.", "Vårt momsregistreringsnummer är {-vat_id}.",
                     "Utbetalningen {-transaction_id} har legat på kontroll sedan {-date_payment}.", "Förfallodagen är {-date_due}."],
        "health": ["Besöket {-date_appointment} avbokades utan förklaring.", "Ärendet {-claim_number} är fortfarande öppet."],
        "it": ["Brandväggen kör firmware {-version_ip_like}.", "Sedan uppdateringen till {-version_string} misslyckas synken (jobb {-uuid}).",
               "Felkod {-error_code} har visats sedan {-ts_iso}.", "Ärende {-ticket_ref} stängdes {-ts_iso} men felet finns kvar."],
    },
    pii={
        "CREDIT_CARD": ["Vänligen debitera kortet {v} framöver.", "Kortet {v} har debiterats två gånger, inte kortet som slutar på {-masked_card}."],
        "IBAN_CODE": ["Återbetala till IBAN {v}, tack.", "Våra nya bankuppgifter: IBAN {v}, BIC {-bic}."],
        "PHONE_NUMBER": ["Ni når mig på {v}.", "Ring mig på {v}."],
        "EMAIL_ADDRESS": ["Svara gärna till {v}.", "Min nya e-postadress är {v}."],
        "DATE_OF_BIRTH": ["Födelsedatum: {v}.", "Patienten är född {v}."],
        "IP_ADDRESS": ["Inloggningen kom från IP-adressen {v}.", "Kan ni vitlista {v}?"],
    },
    labels={"CREDIT_CARD": ["Kort", "Kortnummer"], "IBAN_CODE": ["IBAN"], "PHONE_NUMBER": ["Tel.", "Mobil", "Telefon"],
            "EMAIL_ADDRESS": ["E-post"], "DATE_OF_BIRTH": ["Födelsedatum"], "IP_ADDRESS": ["IP-adress"]},
    qa={"PHONE_NUMBER": ("Vilket nummer kan vi ringa dig på?", ["{v}"]), "EMAIL_ADDRESS": ("Vilken e-post ska bekräftelsen till?", ["{v}"]),
        "IBAN_CODE": ("Vilket IBAN ska vi återbetala till?", ["{v}"]), "CREDIT_CARD": ("Vilket kort ska vi debitera?", ["{v}"]),
        "DATE_OF_BIRTH": ("Vilket födelsedatum gäller?", ["{v}"])},
    small=["tack!", "ett ögonblick", "okej", "ja", "nej, det är det gamla", "perfekt"],
    agent_open="Hej, det här är {agent} på {vendor} support. Hur kan jag hjälpa till?", agent_close="Tack, jag har skickat det vidare. Ha en bra dag!",
    config_lead="Här är konfigurationen från repot:", key_lead="Den privata nyckeln låg okrypterad på den delade disken:",
    forward="Vidarebefordrat meddelande", wrote="skrev", form="Ny förfrågan via formuläret", msg="Meddelande",
    sig_tel=["Tel:", "Mobil:", "Telefon:"], name_lbl="Namn", co_lbl="Företag",
)

L10N["pl"] = dict(
    log_lead="Fragment logu zapory:",
    greet=["Dzień dobry,", "Witam,", "Cześć {agent},", "Szanowni Państwo,"],
    close=["Pozdrawiam,", "Z poważaniem,", "Dziękuję z góry,", "Pozdrawiamy,"],
    subj=["Zwrot za zamówienie {-order_number}", "Wypłata wstrzymana od {-date_payment}", "Faktura {-invoice_number} pobrana dwa razy",
          "Konto zablokowane", "Wizyta {-date_appointment} odwołana", "Błąd synchronizacji"],
    benign={
        "commerce": ["Zamówienie {-order_number} zostało wysłane {-date_shipped}, numer przesyłki {-tracking_ups}.",
                     "Faktura {-invoice_number} na kwotę {-amount} została pobrana dwa razy.", "Nasz NIP UE to {-vat_id}.",
                     "Wypłata {-transaction_id} jest wstrzymana od {-date_payment}.", "Termin płatności to {-date_due}."],
        "health": ["Wizyta z dnia {-date_appointment} została odwołana bez informacji.", "Sprawa {-claim_number} jest nadal w toku."],
        "it": ["Zapora działa na firmware {-version_ip_like}.", "Od aktualizacji do {-version_string} synchronizacja się nie udaje (zadanie {-uuid}).",
               "Błąd {-error_code} pojawia się od {-ts_eu}.", "Zgłoszenie {-ticket_ref} zamknięto {-ts_eu}, ale problem nadal występuje."],
    },
    pii={
        "CREDIT_CARD": ["Proszę obciążać od teraz kartę {v}.", "Karta {v} została obciążona dwukrotnie, a nie karta kończąca się na {-masked_card}."],
        "IBAN_CODE": ["Proszę o zwrot na IBAN {v}.", "Nowe dane bankowe: IBAN {v}, BIC {-bic}."],
        "PHONE_NUMBER": ["Proszę o kontakt pod numerem {v}.", "Mój numer komórkowy to {v}."],
        "EMAIL_ADDRESS": ["Proszę odpowiadać na adres {v}.", "Mój nowy adres e-mail to {v}."],
        "DATE_OF_BIRTH": ["Data urodzenia: {v}.", "Pacjentka urodziła się {v}."],
        "IP_ADDRESS": ["Logowanie nastąpiło z adresu IP {v}.", "Proszę dodać {v} do listy dozwolonych."],
    },
    labels={"CREDIT_CARD": ["Karta", "Numer karty"], "IBAN_CODE": ["IBAN", "Rachunek"], "PHONE_NUMBER": ["Tel.", "Kom.", "Telefon"],
            "EMAIL_ADDRESS": ["E-mail"], "DATE_OF_BIRTH": ["Data urodzenia"], "IP_ADDRESS": ["Adres IP"]},
    qa={"PHONE_NUMBER": ("Pod jaki numer oddzwonić?", ["{v}"]), "EMAIL_ADDRESS": ("Na jaki adres wysłać potwierdzenie?", ["{v}"]),
        "IBAN_CODE": ("Na jaki IBAN zrobić zwrot?", ["{v}"]), "CREDIT_CARD": ("Którą kartę obciążyć?", ["{v}"]),
        "DATE_OF_BIRTH": ("Jaka jest data urodzenia?", ["{v}"])},
    small=["dzięki!", "chwileczkę", "ok", "tak", "nie, to stary numer", "super"],
    agent_open="Dzień dobry, tu {agent} z supportu {vendor}. W czym mogę pomóc?", agent_close="Dziękuję, przekazałem dalej. Miłego dnia!",
    config_lead="Oto konfiguracja z repozytorium:", key_lead="Klucz prywatny leżał niezaszyfrowany na dysku sieciowym:",
    forward="Przekazana wiadomość", wrote="napisał(a)", form="Nowe zgłoszenie z formularza", msg="Wiadomość",
    sig_tel=["Tel.:", "Kom.:", "Tel:"], name_lbl="Imię i nazwisko", co_lbl="Firma",
)

LANG_TYPES = {  # note types used for non-English notes, with their topic
    "card_disputes": "commerce", "marketplace_seller": "commerce", "payroll_hr": "commerce", "travel_bookings": "commerce",
    "utility_billing": "commerce", "saas_onboarding": "it", "msp_helpdesk": "it", "telehealth": "health", "insurance_claims": "health",
}
TOPIC_ENTS = {
    "commerce": {"CREDIT_CARD": 4, "IBAN_CODE": 4, "PHONE_NUMBER": 3, "EMAIL_ADDRESS": 3, "DATE_OF_BIRTH": 1, "IP_ADDRESS": 1},
    "health": {"DATE_OF_BIRTH": 4, "PHONE_NUMBER": 3, "EMAIL_ADDRESS": 3, "MEDICAL_RECORD_NUMBER": 2, "IBAN_CODE": 1},
    "it": {"IP_ADDRESS": 4, "EMAIL_ADDRESS": 3, "PHONE_NUMBER": 2, "AWS_ACCESS_KEY": 2, "GITHUB_TOKEN": 2, "PRIVATE_KEY": 2},
}

SUBJ_TOPIC_IDX = {"commerce": [0, 1, 2], "health": [3, 4], "it": [3, 5]}

_NEAR_L = {
    "de": {"CREDIT_CARD": ["Bestellnummer {-luhn_order_number}.", "Gutscheinkarte {-gift_card_number}.", "Alte Karte: {-masked_card}."],
           "IBAN_CODE": ["BIC {-bic}.", "USt-IdNr. {-vat_id}.", "Die IBAN auf der alten Rechnung ({-iban_bad_checksum}) war falsch.", "Gläubiger-ID {-sepa_creditor_id}."],
           "PHONE_NUMBER": ["Die alte Nummer {-masked_phone} bitte löschen.", "Retourennummer {-phone_shaped_id}."],
           "EMAIL_ADDRESS": ["Die alte Adresse {-masked_email} bitte löschen."], "IP_ADDRESS": ["Firmware {-version_ip_like}.", "MAC {-mac_address}."],
           "DATE_OF_BIRTH": ["Eintrittsdatum {-date_hire}.", "Termin am {-date_appointment}."]},
    "fr": {"CREDIT_CARD": ["Numéro de commande {-luhn_order_number}.", "Carte cadeau {-gift_card_number}.", "Ancienne carte : {-masked_card}."],
           "IBAN_CODE": ["BIC {-bic}.", "TVA {-vat_id}.", "L'IBAN de l'ancienne facture ({-iban_bad_checksum}) était faux.", "ICS {-sepa_creditor_id}."],
           "PHONE_NUMBER": ["L'ancien numéro {-masked_phone} n'est plus valable.", "Retour n° {-phone_shaped_id}."],
           "EMAIL_ADDRESS": ["L'ancienne adresse {-masked_email} n'est plus valable."], "IP_ADDRESS": ["Firmware {-version_ip_like}.", "Adresse MAC {-mac_address}."],
           "DATE_OF_BIRTH": ["Date d'embauche {-date_hire}.", "Rendez-vous le {-date_appointment}."]},
    "es": {"CREDIT_CARD": ["Número de pedido {-luhn_order_number}.", "Tarjeta regalo {-gift_card_number}.", "Tarjeta antigua: {-masked_card}."],
           "IBAN_CODE": ["BIC {-bic}.", "NIF-IVA {-vat_id}.", "El IBAN de la factura antigua ({-iban_bad_checksum}) era erróneo."],
           "PHONE_NUMBER": ["El número antiguo {-masked_phone} ya no vale.", "Devolución n.º {-phone_shaped_id}."],
           "EMAIL_ADDRESS": ["La dirección antigua {-masked_email} ya no se usa."], "IP_ADDRESS": ["Firmware {-version_ip_like}.", "MAC {-mac_address}."],
           "DATE_OF_BIRTH": ["Fecha de alta {-date_hire}.", "Cita el {-date_appointment}."],
           "US_SSN": ["El EIN de la empresa es {-ein}.", "El ITIN es {-itin}."], "ABA_ROUTING_NUMBER": ["Cuenta {-bank_account_number}.", "Cheque n.º {-check_number}."]},
    "it": {"CREDIT_CARD": ["Numero d'ordine {-luhn_order_number}.", "Carta regalo {-gift_card_number}.", "Vecchia carta: {-masked_card}."],
           "IBAN_CODE": ["BIC {-bic}.", "P. IVA {-vat_id}.", "L'IBAN della vecchia fattura ({-iban_bad_checksum}) era sbagliato."],
           "PHONE_NUMBER": ["Il vecchio numero {-masked_phone} non è più valido.", "Reso n. {-phone_shaped_id}."],
           "EMAIL_ADDRESS": ["Il vecchio indirizzo {-masked_email} non è più valido."], "IP_ADDRESS": ["Firmware {-version_ip_like}.", "MAC {-mac_address}."],
           "DATE_OF_BIRTH": ["Data di assunzione {-date_hire}.", "Appuntamento il {-date_appointment}."]},
    "pt": {"CREDIT_CARD": ["Número da encomenda {-luhn_order_number}.", "Cartão-oferta {-gift_card_number}.", "Cartão antigo: {-masked_card}."],
           "IBAN_CODE": ["BIC {-bic}.", "NIF {-vat_id}.", "O IBAN da fatura antiga ({-iban_bad_checksum}) estava errado."],
           "PHONE_NUMBER": ["O número antigo {-masked_phone} já não é válido.", "Devolução n.º {-phone_shaped_id}."],
           "EMAIL_ADDRESS": ["O email antigo {-masked_email} já não é usado."], "IP_ADDRESS": ["Firmware {-version_ip_like}.", "MAC {-mac_address}."],
           "DATE_OF_BIRTH": ["Data de admissão {-date_hire}.", "Consulta a {-date_appointment}."]},
    "nl": {"CREDIT_CARD": ["Bestelnummer {-luhn_order_number}.", "Cadeaukaart {-gift_card_number}.", "Oude kaart: {-masked_card}."],
           "IBAN_CODE": ["BIC {-bic}.", "Btw-nummer {-vat_id}.", "De IBAN op de oude factuur ({-iban_bad_checksum}) klopte niet."],
           "PHONE_NUMBER": ["Het oude nummer {-masked_phone} klopt niet meer.", "Retournummer {-phone_shaped_id}."],
           "EMAIL_ADDRESS": ["Het oude adres {-masked_email} wordt niet meer gebruikt."], "IP_ADDRESS": ["Firmware {-version_ip_like}.", "MAC {-mac_address}."],
           "DATE_OF_BIRTH": ["Datum in dienst {-date_hire}.", "Afspraak op {-date_appointment}."]},
    "sv": {"CREDIT_CARD": ["Ordernummer {-luhn_order_number}.", "Presentkort {-gift_card_number}.", "Gammalt kort: {-masked_card}."],
           "IBAN_CODE": ["BIC {-bic}.", "Momsnr {-vat_id}.", "IBAN på den gamla fakturan ({-iban_bad_checksum}) var fel."],
           "PHONE_NUMBER": ["Det gamla numret {-masked_phone} gäller inte längre.", "Returnummer {-phone_shaped_id}."],
           "EMAIL_ADDRESS": ["Den gamla adressen {-masked_email} används inte."], "IP_ADDRESS": ["Firmware {-version_ip_like}.", "MAC {-mac_address}."],
           "DATE_OF_BIRTH": ["Anställningsdatum {-date_hire}.", "Besök {-date_appointment}."]},
    "pl": {"CREDIT_CARD": ["Numer zamówienia {-luhn_order_number}.", "Karta podarunkowa {-gift_card_number}.", "Stara karta: {-masked_card}."],
           "IBAN_CODE": ["BIC {-bic}.", "NIP UE {-vat_id}.", "IBAN na starej fakturze ({-iban_bad_checksum}) był błędny."],
           "PHONE_NUMBER": ["Stary numer {-masked_phone} jest nieaktualny.", "Numer zwrotu {-phone_shaped_id}."],
           "EMAIL_ADDRESS": ["Stary adres {-masked_email} nie jest już używany."], "IP_ADDRESS": ["Firmware {-version_ip_like}.", "MAC {-mac_address}."],
           "DATE_OF_BIRTH": ["Data zatrudnienia {-date_hire}.", "Wizyta {-date_appointment}."]},
}
for _l, _d in _NEAR_L.items():
    L10N[_l]["near"] = _d

_MORE_BENIGN = {
    "de": {
        "commerce": [
            "Die Gutschrift {-invoice_number} wurde noch nicht verrechnet.",
            "Das Paket mit der Sendungsnummer {-tracking_ups} kam beschädigt an.",
            "Laut Shop-Backend ist die Bestellung {-order_number} storniert."
        ],
        "health": [
            "Der Kostenvoranschlag vom {-date_received} wurde abgelehnt.",
            "Die Rechnung {-invoice_number} über {-amount} ist bereits bezahlt.",
            "Die Erstattung für den {-date_service} ist noch nicht eingegangen."
        ],
        "it": [
            "Der Build {-build_number} läuft seit gestern nicht mehr durch.",
            "Die Seriennummer des Geräts ist {-serial_number}.",
            "Der Lizenzschlüssel {-license_key} wird als ungültig gemeldet."
        ]
    },
    "fr": {
        "commerce": [
            "L'avoir {-invoice_number} n'a pas encore été imputé.",
            "Le colis {-tracking_ups} est arrivé endommagé.",
            "La commande {-order_number} apparaît comme annulée dans le back-office."
        ],
        "health": [
            "Le devis du {-date_received} a été refusé.",
            "La facture {-invoice_number} de {-amount} est déjà réglée.",
            "Le dossier de remboursement {-claim_number} est toujours en attente."
        ],
        "it": [
            "Le build {-build_number} échoue depuis hier.",
            "Le numéro de série de l'appareil est {-serial_number}.",
            "La clé de licence {-license_key} est refusée."
        ]
    },
    "es": {
        "commerce": [
            "El abono {-invoice_number} todavía no se ha aplicado.",
            "El paquete {-tracking_ups} llegó dañado.",
            "En el panel, el pedido {-order_number} figura como cancelado."
        ],
        "health": [
            "El presupuesto del {-date_received} fue rechazado.",
            "La factura {-invoice_number} por {-amount} ya está pagada.",
            "El reembolso de la consulta del {-date_service} no ha llegado."
        ],
        "it": [
            "La compilación {-build_number} falla desde ayer.",
            "El número de serie del equipo es {-serial_number}.",
            "La clave de licencia {-license_key} aparece como no válida."
        ]
    },
    "it": {
        "commerce": [
            "La nota di credito {-invoice_number} non è ancora stata applicata.",
            "Il pacco {-tracking_ups} è arrivato danneggiato.",
            "Nel pannello l'ordine {-order_number} risulta annullato."
        ],
        "health": [
            "Il preventivo del {-date_received} è stato respinto.",
            "La fattura {-invoice_number} di {-amount} risulta già pagata.",
            "Il rimborso del {-date_service} non è ancora arrivato."
        ],
        "it": [
            "La build {-build_number} fallisce da ieri.",
            "Il numero di serie del dispositivo è {-serial_number}.",
            "La chiave di licenza {-license_key} risulta non valida."
        ]
    },
    "pt": {
        "commerce": [
            "A nota de crédito {-invoice_number} ainda não foi aplicada.",
            "A encomenda com rastreio {-tracking_ups} chegou danificada.",
            "No painel, a encomenda {-order_number} aparece como cancelada."
        ],
        "health": [
            "O orçamento de {-date_received} foi recusado.",
            "A fatura {-invoice_number} de {-amount} já está paga.",
            "O pedido de reembolso {-claim_number} continua pendente."
        ],
        "it": [
            "A build {-build_number} falha desde ontem.",
            "O número de série do equipamento é {-serial_number}.",
            "A chave de licença {-license_key} aparece como inválida."
        ]
    },
    "nl": {
        "commerce": [
            "De creditnota {-invoice_number} is nog niet verrekend.",
            "Het pakket {-tracking_ups} kwam beschadigd aan.",
            "In het dashboard staat bestelling {-order_number} als geannuleerd."
        ],
        "health": [
            "De offerte van {-date_received} is afgewezen.",
            "Factuur {-invoice_number} van {-amount} is al betaald.",
            "De vergoeding voor {-date_service} is nog niet ontvangen."
        ],
        "it": [
            "Build {-build_number} faalt sinds gisteren.",
            "Het serienummer van het apparaat is {-serial_number}.",
            "De licentiesleutel {-license_key} wordt geweigerd."
        ]
    },
    "sv": {
        "commerce": [
            "Kreditnotan {-invoice_number} har inte dragits av än.",
            "Paketet {-tracking_ups} kom fram skadat.",
            "I adminpanelen står order {-order_number} som makulerad."
        ],
        "health": [
            "Kostnadsförslaget från {-date_received} avslogs.",
            "Faktura {-invoice_number} på {-amount} är redan betald.",
            "Ersättningen för {-date_service} har inte kommit."
        ],
        "it": [
            "Bygget {-build_number} har fallerat sedan i går.",
            "Enhetens serienummer är {-serial_number}.",
            "Licensnyckeln {-license_key} godkänns inte."
        ]
    },
    "pl": {
        "commerce": [
            "Korekta {-invoice_number} nie została jeszcze rozliczona.",
            "Paczka {-tracking_ups} dotarła uszkodzona.",
            "W panelu zamówienie {-order_number} jest oznaczone jako anulowane."
        ],
        "health": [
            "Kosztorys z dnia {-date_received} został odrzucony.",
            "Faktura {-invoice_number} na kwotę {-amount} jest już opłacona.",
            "Zwrot za wizytę z dnia {-date_service} nie dotarł."
        ],
        "it": [
            "Build {-build_number} nie przechodzi od wczoraj.",
            "Numer seryjny urządzenia to {-serial_number}.",
            "Klucz licencyjny {-license_key} jest odrzucany."
        ]
    }
}
for _l, _d in _MORE_BENIGN.items():
    for _t, _lst in _d.items():
        L10N[_l]["benign"][_t] = L10N[_l]["benign"][_t] + _lst

# =============================================================================================
# building blocks shared by the shapes
# =============================================================================================

NEG["port_number"] = (None, lambda c: str(c.r.randint(10000, 65535)))
NEG["byte_count"] = (None, lambda c: str(c.r.randint(10000, 9999999)))
KIND_TARGET["port_number"] = None
KIND_TARGET["byte_count"] = None

ORGS = ["harborfinch", "quill-ops", "tidewater-it", "kestrel-dev", "northwind-apps", "meridian-eng", "greyhollow"]
REPOS = ["portal", "infra", "billing-sync", "ehr-bridge", "deploy-scripts", "etl-jobs", "website"]


def cap_first(seg):
    seg = list(seg)
    for i, p in enumerate(seg):
        if isinstance(p, str):
            if p.strip() == "":
                continue
            j = len(p) - len(p.lstrip())
            seg[i] = p[:j] + p[j:j + 1].upper() + p[j + 1:]
        return seg
    return seg


def end_punct(seg):
    t = seg_text(seg).rstrip()
    if t and t[-1] not in ".?!:;)":
        return list(seg) + ["."]
    if t and t[-1] == ")" and not t.endswith("?)"):
        return list(seg) + ["."]
    return list(seg)


def as_sentence(c, frag):
    lead = c.r.choice(["", "", "", "", "Also, ", "FYI ", "Quick update: ", "For the record, ", "And ", "Btw, ", "Note: "])
    seg = ([lead] if lead else []) + list(frag)
    return end_punct(cap_first(seg))


def pick(c, pool):
    """Choose a template not used yet in this note (if possible)."""
    used = c.mem.setdefault("used", set())
    fresh = [t for t in pool if t not in used]
    t = c.r.choice(fresh or pool)
    used.add(t)
    return t


def mention_sentence(c, ent, tdef=None):
    """One sentence (segment) that mentions `ent` in running prose."""
    r = c.r
    if c.lang != "en":
        L = L10N[c.lang]
        return fill(c, pick(c, L["pii"][ent]), ent)
    pool = (tdef or {}).get("pii", {}).get(ent, [])
    if pool and r.random() < 0.5:
        return fill(c, pick(c, pool), ent)
    return as_sentence(c, fill(c, pick(c, GEN_EN[ent]), ent))


def near_sentence(c, ent):
    """A same-shape near miss for `ent` (English only)."""
    pool = (NEAR_EN if c.lang == "en" else L10N[c.lang]["near"]).get(ent) or []
    if not pool:
        return None
    return fill(c, pick(c, pool))


def benign_sentence(c, tdef=None):
    r = c.r
    if c.lang != "en":
        L = L10N[c.lang]
        return fill(c, pick(c, L["benign"][LANG_TYPES[c.ntype]]))
    return fill(c, pick(c, tdef["benign"]))


def label_for(c, ent):
    if c.lang == "en":
        return c.r.choice(LABELS_EN[ent])
    return c.r.choice(L10N[c.lang]["labels"].get(ent) or LABELS_EN[ent])


def kv_line(c, ent, place="kv"):
    r = c.r
    lab = label_for(c, ent)
    if ent == "US_DEA":
        return fill(c, r.choice([f"@{place}|Prescriber: {{dr}}, {lab} {{v}}", f"@{place}|{lab}: {{v}} ({{dr}})",
                                 f"@{place}|Prescriber: {{dr}} - {lab}: {{v}}"]), ent)
    k = r.random()
    if k < 0.7:
        sep = r.choice([": ", ": ", ": ", ": ", ":  ", " - ", " # "]) if ent != "DATE_OF_BIRTH" else r.choice([": ", ": ", " - "])
        return fill(c, f"@{place}|{lab}{sep}{{v}}", ent)
    if k < 0.85:
        return fill(c, f"@{place}|{{v}} ({lab})", ent)
    return fill(c, f"@{place}|{lab}:\t{{v}}", ent)


def signature(c, pii=True, person=None, lang=None):
    """Signature block; phone/e-mail positives only when pii=True."""
    r = c.r
    p = person or c.cust
    name = f"{p['first']} {p['last']}"
    lang = lang or c.lang
    tel = (L10N[lang]["sig_tel"] if lang != "en" else ["T:", "M:", "Direct:", "Cell:", "Tel.", "Office:", "Mobile:"])
    title = r.choice(TITLES_EN) if lang == "en" else ""
    co = c.co[0]
    style = r.choice(["block", "block", "block", "inline", "mobile", "minimal"])
    if pii and r.random() < 0.45:
        pii = False
    if not pii:
        if style == "mobile":
            return [f"{p['first']}\n\nSent from my iPhone" if lang == "en" else p["first"]]
        return [f"{name}\n{title + ', ' if title else ''}{co}"]
    if style == "block":
        seg = [f"{name}\n{title + ' | ' if title else ''}{co}\n"]
        seg += fill(c, f"@sig|{r.choice(tel)} {{v}}", "PHONE_NUMBER")
        if r.random() < 0.15:
            seg += ["\n"] + fill(c, f"@sig|{r.choice(tel)} {{v}}", "PHONE_NUMBER")
        if r.random() < 0.5:
            seg += ["\n", c.pos("EMAIL_ADDRESS", "cust" if p is c.cust else "other", "sig")]
        return seg
    if style == "inline":
        seg = [f"-- {name} | {co} | "]
        seg += [c.pos("PHONE_NUMBER", None, "sig_inline"), " | ", c.pos("EMAIL_ADDRESS", "cust" if p is c.cust else "other", "sig_inline")]
        return seg
    if style == "mobile":
        seg = [f"{p['first']}\n"] + fill(c, "@sig|{v}", "PHONE_NUMBER")
        return seg + (["\n\nSent from my iPhone"] if lang == "en" else [])
    return [f"{p['first']} {p['last'][0]}.\n"] + fill(c, f"@sig|{r.choice(tel)} {{v}}", "PHONE_NUMBER")


def agent_signature(c, pii=True):
    a = c.agent
    v = c.vendor
    if not pii or c.r.random() < 0.4:
        return [f"{a['first']}\n{v[0]} Support"]
    return [f"{a['first']} {a['last']}\n{v[0]} Support\n", c.pos("EMAIL_ADDRESS", "agent", "sig")]


# -------------------------------------------------------------------------- technical pastes

def block_aws(c, lead=True):
    r = c.r
    k = r.randint(0, 6)
    region = r.choice(["us-east-1", "us-east-2", "us-west-2", "eu-west-1", "eu-central-1"])
    if k == 0:
        body = fill(c, f"@dotenv|AWS_ACCESS_KEY_ID={{v}}\nAWS_SECRET_ACCESS_KEY={{-aws_secret_key}}\nAWS_DEFAULT_REGION={region}", "AWS_ACCESS_KEY")
    elif k == 1:
        body = fill(c, "@aws_credentials|[default]\naws_access_key_id = {v}\naws_secret_access_key = {-aws_secret_key}\n\n[legacy]\naws_access_key_id = {-aws_masked_key}", "AWS_ACCESS_KEY")
    elif k == 2:
        body = fill(c, "@cli_json|{{\n    \"AccessKey\": {{\n        \"UserName\": \"ci-deploy\",\n        \"AccessKeyId\": \"{v}\",\n        \"Status\": \"Active\",\n"
                       "        \"SecretAccessKey\": \"{-aws_secret_key}\",\n        \"CreateDate\": \"{-ts_iso}\"\n    }}\n}}", "AWS_ACCESS_KEY")
    elif k == 3:
        body = fill(c, "@log|{-ts_iso} ERROR s3-export: SignatureDoesNotMatch for access key {v} (account {-aws_account_id}, request {-uuid})", "AWS_ACCESS_KEY")
    elif k == 4:
        body = fill(c, "@shell|docker run --rm -e AWS_ACCESS_KEY_ID={v} -e AWS_SECRET_ACCESS_KEY={-aws_secret_key} -e AWS_REGION=" + region + " backup-agent:latest", "AWS_ACCESS_KEY")
    elif k == 5:
        body = fill(c, "@cli_json|{{\n  \"Credentials\": {{\n    \"AccessKeyId\": \"{v:asia}\",\n    \"SecretAccessKey\": \"{-aws_secret_key}\",\n"
                       "    \"SessionToken\": \"{-aws_session_token}\",\n    \"Expiration\": \"{-ts_iso}\"\n  }}\n}}", "AWS_ACCESS_KEY")
    else:
        body = fill(c, "@terraform|provider \"aws\" {{\n  region     = \"" + region + "\"\n  access_key = \"{v}\"\n  secret_key = \"{-aws_secret_key}\"\n}}", "AWS_ACCESS_KEY")
    if r.random() < 0.35:
        body = ["```\n"] + body + ["\n```"]
    if not lead:
        return body
    ld = L10N[c.lang]["config_lead"] if c.lang != "en" else r.choice([
        "This is what we found in the repo:", "Pasted from the build server:", "Here's the config the contractor left behind:",
        "Output from the CLI, for reference:", "From the shared drive (yes, I know):", "The failing job's environment:"])
    return [ld + "\n"] + body


def block_gh(c, lead=True):
    r = c.r
    org, repo = r.choice(ORGS), r.choice(REPOS)
    k = r.randint(0, 5)
    if k == 0:
        tok = c.pos("GITHUB_TOKEN", None, "git_remote")
        body = ["$ git remote -v\norigin\thttps://", tok, f"@github.com/{org}/{repo}.git (fetch)\norigin\thttps://",
                ("P", tok[1], tok[2], tok[3]), f"@github.com/{org}/{repo}.git (push)"]
    elif k == 1:
        body = fill(c, "@yaml|env:\n  GH_TOKEN: {v}\n  NODE_ENV: production", "GITHUB_TOKEN")
    elif k == 2:
        body = fill(c, f"@shell|curl -s -H \"Authorization: Bearer {{v}}\" https://api.github.com/repos/{org}/{repo}/issues?state=open", "GITHUB_TOKEN")
    elif k == 3:
        body = fill(c, "@npmrc|//npm.pkg.github.com/:_authToken={v}\n@" + org + ":registry=https://npm.pkg.github.com", "GITHUB_TOKEN")
    elif k == 4:
        body = fill(c, "@log|{-ts_log} WARN repo-sync: GitHub returned 401 Bad credentials for token {v} (commit {-git_sha_short})", "GITHUB_TOKEN")
    else:
        body = fill(c, f"@shell|git clone https://x-access-token:{{v}}@github.com/{org}/{repo}.git", "GITHUB_TOKEN")
    if r.random() < 0.3:
        body = ["```\n"] + body + ["\n```"]
    if not lead:
        return body
    ld = L10N[c.lang]["config_lead"] if c.lang != "en" else r.choice([
        "Found this in the CI logs:", "The old server still has this:", "Copied from the deploy script:", "This is in the repo's README, believe it or not:",
        "Our intern pasted this into Slack:"])
    return [ld + "\n"] + body


def block_pem(c, lead=True):
    r = c.r
    variant = None
    k = r.random()
    pem = c.pos("PRIVATE_KEY", variant, "pem")
    if k < 0.55:
        body = [pem]
    elif k < 0.75:
        pem = ("P", pem[1], pem[2], pem[3].rsplit(".", 1)[0] + ".md_fence")
        body = ["```\n", pem, "\n```"]
    elif k < 0.9:
        ind = " " * r.choice([4, 6])
        val = pem[1].replace("\n", "\n" + ind)
        pem = ("P", val, pem[2], pem[3].rsplit(".", 1)[0] + ".yaml_indented")
        body = [f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: sftp-key\ntype: Opaque\nstringData:\n  {r.choice(['id_rsa', 'ssh-privatekey', 'key.pem'])}: |\n{ind}", pem]
    else:
        pem = ("P", pem[1], pem[2], pem[3].rsplit(".", 1)[0] + ".after_cat")
        body = [f"$ cat ~/.ssh/{r.choice(['id_ed25519', 'id_rsa', 'vendor_sftp'])}\n", pem]
    if not lead:
        return body
    ld = L10N[c.lang]["key_lead"] if c.lang != "en" else r.choice([
        "The SFTP key the old vendor set up is below; please rotate it.", "Key from the shared drive (it was in 'misc'):",
        "This is the key the scanner uploads with:", "Here's the private key for the SSO signing cert, as requested:",
        "Attaching the key inline since the portal strips attachments:", "The backup box authenticates with this key:"])
    return [ld + "\n"] + body


def block_pem_neg(c):
    r = c.r
    kind = r.choice(["certificate_block", "public_key_block", "csr_block", "ssh_public_key", "redacted_private_key"])
    ld = {"certificate_block": "The SAML signing certificate (public part only):", "public_key_block": "Our public key for the encrypted export:",
          "csr_block": "CSR for the new portal certificate:", "ssh_public_key": "Please add this public key to the SFTP account:",
          "redacted_private_key": "I removed the body of the key before pasting:"}[kind]
    if c.lang != "en":
        return [c.neg(kind)]
    return [ld + "\n", c.neg(kind)]


def block_ip_log(c, n=None):
    r = c.r
    n = n or r.randint(2, 5)
    lines = []
    for _ in range(n):
        k = r.randint(0, 4)
        if k == 0:
            lines.append(fill(c, f"@log|{{-ts_log}} sshd[{r.randint(300, 9999)}]: Failed password for invalid user {r.choice(['admin', 'test', 'oracle', 'scanner'])} from {{v}} port {{-port_number}} ssh2", "IP_ADDRESS"))
        elif k == 1:
            lines.append(fill(c, f"@log|{{v}} - - [{{-ts_clf}}] \"{r.choice(['GET', 'POST'])} /{r.choice(['portal/login', 'api/v2/claims', 'fhir/Patient', 'admin'])} HTTP/1.1\" {r.choice([200, 401, 403, 404, 500])} {r.randint(200, 9000)}", "IP_ADDRESS"))
        elif k == 2:
            lines.append(fill(c, "@log|{-ts_iso} DENY TCP {v}:{-port_number} -> {+IP_ADDRESS:v4.rfc1918}:" + str(r.choice([443, 3389, 22, 445, 8443])), "IP_ADDRESS"))
        elif k == 3:
            lines.append(fill(c, "@log|{-ts_log} vpn: user {+EMAIL_ADDRESS} connected from {v}, assigned {+IP_ADDRESS:v4.rfc1918}", "IP_ADDRESS"))
        else:
            lines.append(fill(c, "@log|{-ts_iso} WARN auth: 5 failed logins for {-masked_email} from {v}", "IP_ADDRESS"))
    body = join_segs(lines, "\n")
    if r.random() < 0.4:
        body = ["```\n"] + body + ["\n```"]
    return body


def tech_block(c, ent):
    if ent == "AWS_ACCESS_KEY":
        return block_aws(c)
    if ent == "GITHUB_TOKEN":
        return block_gh(c)
    if ent == "PRIVATE_KEY":
        return block_pem(c)
    if ent == "IP_ADDRESS":
        ld = L10N[c.lang]["log_lead"] if c.lang != "en" else c.r.choice(["From the firewall log:", "Log excerpt:", "Relevant lines:", "What the server shows:"])
        return [ld + "\n"] + block_ip_log(c)
    raise GenError(ent)


# -------------------------------------------------------------------------- header-less tables

TABLES = {
    "payroll_hr": ("employees with the wrong tax setup (name, SSN, date of birth, hire date, employee ID)",
                   [("W", "name"), ("P", "US_SSN"), ("P", "DATE_OF_BIRTH"), ("N", "date_hire"), ("N", "employee_id")]),
    "revenue_cycle": ("affected accounts - patient, MRN, DOB, date of service, claim",
                      [("W", "name"), ("P", "MEDICAL_RECORD_NUMBER"), ("P", "DATE_OF_BIRTH"), ("N", "date_service"), ("N", "claim_number")]),
    "insurance_claims": ("members on the rejected batch (member, member ID, date of birth, claim, amount)",
                         [("W", "name"), ("N", "member_id"), ("P", "DATE_OF_BIRTH"), ("N", "claim_number"), ("N", "amount")]),
    "card_disputes": ("disputed transactions (date, merchant, amount, card used)",
                      [("N", "date_payment"), ("W", "merchant"), ("N", "amount"), ("P", "CREDIT_CARD")]),
    "marketplace_seller": ("payouts that bounced (payout, amount, IBAN, date)",
                           [("N", "transaction_id"), ("N", "amount"), ("P", "IBAN_CODE"), ("N", "date_payment")]),
    "msp_helpdesk": ("devices from the site survey (host, IP, MAC, firmware)",
                     [("W", "host"), ("P", "IP_ADDRESS"), ("N", "mac_address"), ("N", "version_string")]),
    "telehealth": ("patients whose visits failed (patient, DOB, MRN, appointment)",
                   [("W", "name"), ("P", "DATE_OF_BIRTH"), ("P", "MEDICAL_RECORD_NUMBER"), ("N", "date_appointment")]),
    "uk_clinical_supplier": ("records that failed the PDS trace (patient, NHS number, date of birth, clinic date)",
                             [("W", "name"), ("P", "UK_NHS"), ("P", "DATE_OF_BIRTH"), ("N", "date_appointment")]),
    "utility_billing": ("accounts with the wrong contact number (account, phone, balance, due date)",
                        [("N", "utility_account"), ("P", "PHONE_NUMBER"), ("N", "amount"), ("N", "date_due")]),
    "registrar": ("duplicate records (student ID, name, DOB, email)",
                  [("N", "student_id"), ("W", "name"), ("P", "DATE_OF_BIRTH"), ("P", "EMAIL_ADDRESS")]),
    "travel_bookings": ("passengers for APIS (passenger, date of birth, PNR, ticket)",
                        [("W", "name"), ("P", "DATE_OF_BIRTH"), ("N", "pnr_locator"), ("N", "eticket_number")]),
    "pbm": ("rejected claims (Rx, fill date, member DOB, prescriber, prescriber NPI, DEA)",
            [("N", "rx_number"), ("N", "date_filled"), ("P", "DATE_OF_BIRTH"), ("W", "prescriber"), ("P", "US_NPI"), ("P", "US_DEA")]),
    "saas_onboarding": ("users to provision (email, role, last login IP, invited)",
                        [("P", "EMAIL_ADDRESS"), ("L", ["admin", "member", "billing", "viewer"]), ("P", "IP_ADDRESS"), ("N", "date_effective")]),
}


def table_block(c):
    r = c.r
    intro, cols = TABLES[c.ntype]
    sep = r.choice([" | ", "\t", ";", ",", " | ", "\t"])
    header = r.random() < 0.3
    rows = []
    if header:
        names = [x.strip() for x in re.split(r",| - |\(|\)", intro.split("(")[-1] if "(" in intro else intro.split(" - ")[-1]) if x.strip()]
    lead = r.choice(["Here are the {k} {intro}:", "List of {intro}:", "{intro} - pasted from our export:", "The {k} {intro} are below."])
    for _ in range(r.randint(2, 5)):
        row = []
        for kind, what in cols:
            if kind == "W":
                row.append([c.word(what)])
            elif kind == "L":
                row.append([r.choice(what)])
            elif kind == "N":
                row.append([c.neg(what)])
            else:
                if what == "EMAIL_ADDRESS":
                    row.append([c.pos(what, "other", "table")])
                else:
                    row.append([c.pos(what, None, "table")])
        rows.append(join_segs(row, sep))
    k = len(rows)
    lead = lead.replace("{k}", str(k)).replace("{intro}", intro)
    lead = lead[0].upper() + lead[1:]
    out = [lead + "\n"]
    if header:
        out.append(sep.join(names) + "\n")
    out += join_segs(rows, "\n")
    return out


# =============================================================================================
# shapes
# =============================================================================================

SHAPES_EN = ["prose", "email", "forward", "chat", "call", "macro", "kv_form", "bullets", "table"]
SHAPE_W_EN = [22, 16, 7, 12, 8, 9, 8, 9, 9]
SHAPES_L = ["prose", "email", "chat", "kv_form"]
SHAPE_W_L = [40, 30, 15, 15]
BLOCK_ENTS = {"AWS_ACCESS_KEY", "GITHUB_TOKEN", "PRIVATE_KEY"}


def header_line(c, subj_seg):
    r = c.r
    k = r.randint(0, 3)
    v = c.vendor[0]
    if k == 0:
        return fill(c, f"{v} · Ticket {{-ticket_ref}} · {r.choice(['Billing', 'Tier 2', 'Onboarding', 'Escalations', 'General'])} · {{-ts_iso}}")
    if k == 1:
        return fill(c, f"[{v}] {{-ticket_ref}} - ") + subj_seg
    if k == 2:
        return fill(c, f"Ticket {{-ticket_ref}} | Priority: {r.choice(['Low', 'Normal', 'High', 'Urgent'])} | Channel: {r.choice(['Email', 'Web', 'Phone', 'Chat'])} | Created {{-ts_us}}")
    return ["Subject: "] + subj_seg


def subject(c, tdef):
    r = c.r
    if "subject" in c.mem:
        return list(c.mem["subject"])
    if c.lang == "en":
        s = fill(c, r.choice(tdef["subj"]))
    else:
        subj = L10N[c.lang]["subj"]
        s = fill(c, subj[r.choice(SUBJ_TOPIC_IDX[LANG_TYPES[c.ntype]])])
    c.mem["subject"] = s
    return list(s)


def greet_close(c):
    r = c.r
    if c.lang == "en":
        return fill(c, r.choice(GREET_EN)), r.choice(CLOSE_EN)
    L = L10N[c.lang]
    return fill(c, r.choice(L["greet"])), r.choice(L["close"])


def body_sentences(c, tdef, ents, n_benign):
    """Interleave benign sentences and mentions -> list of segments (paragraph pieces) and standalone blocks."""
    r = c.r
    items = [("b", None) for _ in range(n_benign)] + [("m", e) for e in ents]
    r.shuffle(items)
    out = []
    for kind, e in items:
        if kind == "b":
            out.append(("s", benign_sentence(c, tdef)))
        elif e in BLOCK_ENTS or (e == "IP_ADDRESS" and r.random() < 0.2):
            out.append(("block", tech_block(c, e)))
        else:
            out.append(("s", mention_sentence(c, e, tdef)))
        if kind == "m" and r.random() < 0.8:
            ns = near_sentence(c, e)
            if ns:
                out.append(("s", ns))
            ns = near_sentence(c, e) if r.random() < 0.3 else None
            if ns:
                out.append(("s", ns))
    return out


def paragraphs(c, items, wrap=None):
    """Group sentences into paragraphs; blocks stand alone."""
    r = c.r
    paras, cur = [], []
    for kind, seg in items:
        if kind == "block":
            if cur:
                paras.append(join_segs(cur, " "))
                cur = []
            paras.append(seg)
            continue
        cur.append(seg)
        if len(cur) >= r.randint(2, 4):
            paras.append(join_segs(cur, " "))
            cur = []
    if cur:
        paras.append(join_segs(cur, " "))
    if wrap:
        paras = [p if any(not isinstance(x, str) and "\n" in x[1] for x in p) or "```" in seg_text(p) or "\n" in seg_text(p)
                 else hard_wrap(p, wrap) for p in paras]
    return paras


def wrapped_value_sentence(c):
    """A value broken over a mail-client line wrap: NOT labelled (listed as wrapped_*)."""
    r = c.r
    k = r.random()
    if k < 0.45:
        v, _ = gen_iban(r, c.region if c.region in IBAN_BY_REGION else "us", "grouped")
        kind, lead = "wrapped_iban", r.choice(["the account for the refund is", "please pay the balance to", "our bank details changed to"])
    elif k < 0.8:
        v, _ = gen_card(r, "space")
        kind, lead = "wrapped_card", r.choice(["the card that got charged twice is", "please stop charging", "the replacement card is"])
    else:
        v, _ = gen_intl_phone(r, r.choice(["gb", "de", "fr", "nl"]), None)
        if " " not in v:
            v, _ = gen_intl_phone(r, "fr", "par_intl")
        kind, lead = "wrapped_phone", r.choice(["you can call me on", "my mobile is", "the site contact's number is"])
    gs = [i for i, ch in enumerate(v) if ch == " "]
    cut = gs[len(gs) // 2]
    wv = v[:cut] + "\n" + v[cut + 1:]
    if c.lang != "en":
        lead = {"de": "die Angaben lauten", "fr": "les coordonnées sont", "es": "los datos son", "it": "i dati sono",
                "pt": "os dados são", "nl": "de gegevens zijn", "sv": "uppgifterna är", "pl": "dane to"}[c.lang]
    filler = r.choice(["As discussed on the phone with your colleague yesterday afternoon,", "Following up on my earlier message about this account,",
                       "Sorry for the delay - I only got the confirmation from our bank this morning, and"])
    return [f"{filler} {lead} ", ("N", wv, kind), "."]


def add_benign_near(c, plan, items):
    """Benign notes still carry same-shape near misses of the entities their queue usually sees."""
    r = c.r
    if not plan["benign"]:
        return
    ents = list(TYPES_EN[c.ntype]["ents"]) if c.lang == "en" else list(TOPIC_ENTS[LANG_TYPES[c.ntype]])
    for e in r.sample(ents, min(len(ents), r.randint(2, 4))):
        ns = near_sentence(c, e)
        if ns:
            items.insert(r.randint(0, len(items)), ("s", ns))


def add_footer(c, segs):
    if c.lang == "en" and c.r.random() < 0.6:
        segs.append(fill(c, c.r.choice(FOOTER_EN)))


def build_prose(c, plan, tdef):
    r = c.r
    segs = []
    subj = subject(c, tdef)
    if r.random() < 0.75:
        segs.append(header_line(c, subj))
    g, cl = greet_close(c)
    segs.append(g)
    items = body_sentences(c, tdef, plan["ents"], r.randint(3, 6))
    add_benign_near(c, plan, items)
    if plan.get("wrapneg"):
        items.insert(r.randint(0, len(items)), ("s", wrapped_value_sentence(c)))
    segs += paragraphs(c, items)
    segs.append([cl + "\n"] + signature(c, pii=not plan["benign"]))
    add_footer(c, segs)
    return join_segs(segs, "\n\n")


def mail_header(c, who, to, date_kind, subj, reply_to=False, cc=False, lang="en"):
    r = c.r
    name = f"{who['first']} {who['last']}"
    lab = {"en": ("From", "Sent", "To", "Cc", "Subject", "Reply-To"), "de": ("Von", "Gesendet", "An", "Cc", "Betreff", "Antwort an"),
           "fr": ("De", "Envoyé", "À", "Cc", "Objet", "Répondre à"), "es": ("De", "Enviado", "Para", "CC", "Asunto", "Responder a"),
           "it": ("Da", "Inviato", "A", "Cc", "Oggetto", "Rispondi a"), "pt": ("De", "Enviado", "Para", "Cc", "Assunto", "Responder a"),
           "nl": ("Van", "Verzonden", "Aan", "CC", "Onderwerp", "Antwoord aan"), "sv": ("Från", "Skickat", "Till", "Kopia", "Ämne", "Svara till"),
           "pl": ("Od", "Wysłano", "Do", "DW", "Temat", "Odpowiedź do")}[lang]
    seg = [f"{lab[0]}: {name} <", who["email"], ">\n", f"{lab[1]}: ", c.neg(date_kind), "\n", f"{lab[2]}: "] + to + ["\n"]
    if cc:
        seg += [f"{lab[3]}: "] + cc + ["\n"]
    if reply_to:
        seg += [f"{lab[5]}: "] + reply_to + ["\n"]
    seg += [f"{lab[4]}: "] + subj
    return seg


def build_email(c, plan, tdef, forward=False):
    r = c.r
    lang = c.lang
    subj = subject(c, tdef)
    cust_email = c.pos("EMAIL_ADDRESS", "cust", "hdr_from")
    who = dict(c.cust, email=cust_email)
    if r.random() < 0.5:
        to = [f"{c.vendor[0]} Support <", c.pos("EMAIL_ADDRESS", "vendor_role", "hdr_to"), ">"]
    else:
        to = [f"{c.vendor[0]} Support"]
    cc = None
    if r.random() < 0.2:
        cc = [c.pos("EMAIL_ADDRESS", "other", "hdr_cc")]
    rt = [c.pos("EMAIL_ADDRESS", "role", "hdr_reply_to")] if r.random() < 0.2 else None
    g, cl = greet_close(c)
    ents = list(plan["ents"])
    quoted_ent = None
    if len(ents) > 1 and r.random() < 0.5:
        cands = [e for e in ents if e not in BLOCK_ENTS]
        if cands:
            quoted_ent = r.choice(cands)
            ents.remove(quoted_ent)
    items = body_sentences(c, tdef, ents, r.randint(2, 5))
    add_benign_near(c, plan, items)
    if plan.get("wrapneg"):
        items.insert(r.randint(0, len(items)), ("s", wrapped_value_sentence(c)))
    wrap = r.choice([None, None, 72, 76, 66]) if lang == "en" or r.random() < 0.5 else None
    body = [g] + paragraphs(c, items, wrap) + [[cl + "\n"] + signature(c, True, c.cust)]
    body = join_segs(body, "\n\n")
    dk = r.choice(["ts_outlook", "ts_rfc2822", "ts_us"]) if lang == "en" else r.choice(["ts_rfc2822", "ts_eu"])
    if forward:
        L = L10N[lang] if lang != "en" else None
        fw = L["forward"] if L else "Forwarded message"
        intro = fill(c, r.choice(["Forwarding from the customer, see below. {-ticket_ref} is the original ticket.",
                                  "FYI - this came in to the shared inbox, not the portal.", "Passing this on to Tier 2, customer is waiting."])) if lang == "en" else [""]
        hdr = mail_header(c, who, to, dk, ["Fwd: "] + subj, rt, cc, lang)
        top = [c.agent["first"] + ":\n"] + intro if lang == "en" else []
        seg = top + ["\n\n" if top else "", f"---------- {fw} ---------\n"] + hdr + ["\n\n"] + body
        return seg
    hdr = mail_header(c, who, to, dk, ["RE: "] + subj, rt, cc, lang)
    seg = hdr + ["\n\n"] + body
    # quoted earlier agent message
    if r.random() < 0.7:
        agent_email = c.pos("EMAIL_ADDRESS", "agent", "quote_hdr") if r.random() < 0.6 else c.vendor[0] + " Support"
        if lang == "en":
            on = ["\n\nOn ", c.neg("ts_rfc2822"), f", {c.agent['first']} {c.agent['last']} <", agent_email, "> wrote:\n"]
        else:
            on = ["\n\n", c.neg("ts_eu"), f" {c.agent['first']} {c.agent['last']} <", agent_email, f"> {L10N[lang]['wrote']}:\n"]
        if isinstance(agent_email, str):
            on = [p.replace(" <" + agent_email + ">", "") if isinstance(p, str) else p for p in on if p != agent_email]
            on = [p if not (isinstance(p, str) and p.startswith(">")) else p[1:] for p in on]
        q = [benign_sentence(c, tdef)]
        if quoted_ent:
            q.append(mention_sentence(c, quoted_ent, tdef))
        if lang == "en":
            q.append(fill(c, r.choice(["Could you confirm the details below so we can proceed?", "Thanks for your patience while we look into this.",
                                       "We have escalated this internally under {-ticket_ref}."])))
        qs = join_segs(q, "\n")
        seg += on + quote_seg(qs, r.choice(["> ", ">"]))
    elif quoted_ent:
        seg += ["\n\nP.S. "] + mention_sentence(c, quoted_ent, tdef)
    return seg


def chat_prefix(c, who, t):
    style = c.mem.setdefault("chat_style", c.r.randint(0, 2))
    hh, mm = divmod(t, 60)
    if style == 0:
        return f"[{hh:02d}:{mm:02d}] {who}: "
    if style == 1:
        return f"{who} ({hh:02d}:{mm:02d}): "
    return f"{hh:02d}:{mm:02d} | {who} | "


def build_chat(c, plan, tdef):
    r = c.r
    lang = c.lang
    t = r.randint(7 * 60, 18 * 60)
    ag = f"{c.agent['first']} ({c.vendor[0]})"
    cu = c.cust["first"]
    L = L10N.get(lang)
    lines = [fill(c, f"Chat transcript · {c.vendor[0]} Messenger · started {{-ts_iso}}") if lang == "en" else fill(c, f"Chat · {c.vendor[0]} · {{-ts_iso}}")]
    opening = (f"Hi {cu}, thanks for reaching out to {c.vendor[0]}. How can I help?" if lang == "en"
               else L["agent_open"].replace("{agent}", c.agent["first"]).replace("{vendor}", c.vendor[0]))
    lines.append([chat_prefix(c, ag, t), opening])
    t += 1
    lines.append([chat_prefix(c, cu, t)] + benign_sentence(c, tdef))
    small = SMALLTALK_EN if lang == "en" else L["small"]
    for e in plan["ents"]:
        t += r.randint(0, 2)
        qa = (QA_EN if lang == "en" else L["qa"]).get(e)
        if e in BLOCK_ENTS or qa is None:
            lines.append([chat_prefix(c, cu, t)] + (mention_sentence(c, e, tdef) if e not in BLOCK_ENTS else tech_block(c, e)))
            continue
        q, answers = qa
        asked = c.mem.setdefault("asked", [])
        if e in asked:
            q = "And the other one?" if lang == "en" else q
        asked.append(e)
        lines.append([chat_prefix(c, ag, t), q])
        t += 1
        lines.append([chat_prefix(c, cu, t)] + fill(c, "@chat|" + r.choice(answers), e))
        if r.random() < 0.4:
            lines.append([chat_prefix(c, cu if r.random() < 0.5 else ag, t), r.choice(small)])
        ns = near_sentence(c, e) if r.random() < 0.5 else None
        if ns:
            lines.append([chat_prefix(c, cu, t)] + ns)
        if r.random() < 0.4:
            lines.append([chat_prefix(c, ag, t)] + benign_sentence(c, tdef))
    if plan["benign"]:
        extra = []
        add_benign_near(c, plan, extra)
        for _, s_ in extra:
            lines.append([chat_prefix(c, cu, t)] + s_)
        lines.append([chat_prefix(c, ag, t)] + benign_sentence(c, tdef))
    t += 2
    closing = "Thanks, I've passed this on. Anything else I can help with?" if lang == "en" else L["agent_close"]
    lines.append([chat_prefix(c, ag, t), closing])
    return join_segs(lines, "\n")


def build_call(c, plan, tdef):
    r = c.r
    seg = ["Voicemail · from "]
    if plan["benign"]:
        seg += [r.choice(["Unknown caller", "Private number", "Withheld"])]
    else:
        seg += [c.pos("PHONE_NUMBER", None, "caller_id")]
    seg += [" · "] + [c.neg("ts_us")] + [f" · 0:{r.randint(12, 59)}\n"]
    seg += [f"Transcript (automatic, confidence {r.randint(61, 97)}%):\n\""]
    spoken = [[f"Hi, this is {c.cust['first']} from {c.co[0].rstrip('.')}."]]
    spoken.append(benign_sentence(c, tdef))
    for e in plan["ents"]:
        if e in BLOCK_ENTS:
            continue
        spoken.append(mention_sentence(c, e, tdef))
        ns = near_sentence(c, e) if r.random() < 0.4 else None
        if ns:
            spoken.append(ns)
    spoken.append([r.choice(["Okay, thanks, bye.", "Please call me back, thanks.", "Um, yeah, that's it. Thank you.", "Talk soon."])])
    seg += join_segs(spoken, " ") + ["\""]
    note = [benign_sentence(c, tdef)]
    for e in plan["ents"]:
        if e in BLOCK_ENTS:
            note.append(tech_block(c, e))
    seg += ["\n\nAgent note (" + c.agent["first"] + "): "] + join_segs(note, "\n")
    return seg


MACROS = ["Card dispute - need more info", "Payout hold - verification", "Claim status - pended", "Password reset - identity check",
          "Escalate to Tier 2", "Refund processed", "Request documents", "Duplicate record - merge request"]


def build_macro(c, plan, tdef):
    r = c.r
    seg = fill(c, f"Macro \"{r.choice(MACROS)}\" applied by {c.agent['first']} {c.agent['last']} · {{-ts_us}}\n----\n")
    seg += [f"Hi {c.cust['first']},\n\n"]
    m = [fill(c, r.choice([
        "We've updated the card ending {-masked_card} on your account.", "For your security we only show the last digits of the account ({-masked_iban}).",
        "We've sent a verification code to {-masked_phone}.", "We'll reply to {-masked_email} within one business day.",
        "Your request {-ticket_ref} has been escalated.", "Please don't send full card numbers by email; we only need the last four digits.",
        "We have your date of birth on file as {-masked_dob}.", "The SSN on file ends in {-masked_ssn}.",
    ])), benign_sentence(c, tdef)]
    seg += join_segs(m, " ") + ["\n\n" + r.choice(CLOSE_EN) + "\n"] + agent_signature(c, not plan["benign"])
    seg += ["\n----\n"]
    notes = [benign_sentence(c, tdef)]
    for e in plan["ents"]:
        notes.append(tech_block(c, e) if e in BLOCK_ENTS else mention_sentence(c, e, tdef))
        ns = near_sentence(c, e) if r.random() < 0.5 else None
        if ns:
            notes.append(ns)
    extra = []
    add_benign_near(c, plan, extra)
    notes += [s_ for _, s_ in extra]
    seg += [f"Internal note ({c.agent['first']}): "] + join_segs(notes, "\n")
    return seg


FORMS_EN = ["Update payment details", "Contact us", "Report a problem", "Request a callback", "Change of bank details", "New patient registration",
            "Claim inquiry", "Account access"]


def build_kv(c, plan, tdef):
    r = c.r
    lang = c.lang
    L = L10N.get(lang)
    title = f"New web form submission - \"{r.choice(FORMS_EN)}\"" if lang == "en" else f"{L['form']}"
    seg = fill(c, title + "\n" + ("Submitted: " if lang == "en" else "") + "{-ts_iso}\n")
    seg += [f"{'Name' if lang == 'en' else L['name_lbl']}: {c.cust['first']} {c.cust['last']}\n",
            f"{'Company' if lang == 'en' else L['co_lbl']}: {c.co[0]}\n"]
    lines = []
    for e in plan["ents"]:
        if e in BLOCK_ENTS:
            continue
        lines.append(kv_line(c, e))
    if lines:
        lines += [x for x in (near_sentence(c, e) for e in plan["ents"] if r.random() < 0.4) if x]
        seg += join_segs(lines, "\n") + ["\n"]
    seg += [f"{'Message' if lang == 'en' else L['msg']}:\n"] + join_segs([benign_sentence(c, tdef) for _ in range(r.randint(1, 3))], " ")
    for e in plan["ents"]:
        if e in BLOCK_ENTS:
            seg += ["\n\n"] + tech_block(c, e)
    return seg


def build_bullets(c, plan, tdef):
    r = c.r
    mark = r.choice(["- ", "* ", "• "])
    intro = fill(c, r.choice(["Handover notes for {agent}:", "Summary of the call with {cust}:", "What we know so far:", "Checklist before we reprocess:"]))
    items = [benign_sentence(c, tdef) for _ in range(r.randint(2, 4))]
    extra = []
    add_benign_near(c, plan, extra)
    items += [s_ for _, s_ in extra]
    for e in plan["ents"]:
        if e in BLOCK_ENTS:
            continue
        k = r.random()
        if k < 0.5:
            items.append(kv_line(c, e, "bullet"))
        elif k < 0.65 and c.lang == "en" and e != "US_DEA":
            lab = label_for(c, e).lower() if e not in ("US_SSN", "US_NPI", "US_DEA", "MEDICAL_RECORD_NUMBER", "UK_NHS") else label_for(c, e)
            items.append(fill(c, f"@bullet|{{v}} - {lab}", e))
        else:
            items.append(mention_sentence(c, e, tdef))
        ns = near_sentence(c, e) if r.random() < 0.5 else None
        if ns:
            items.append(ns)
    r.shuffle(items)
    seg = intro + ["\n"] + join_segs([[mark] + it for it in items], "\n")
    for e in plan["ents"]:
        if e in BLOCK_ENTS:
            seg += ["\n\n"] + tech_block(c, e)
    seg += ["\n\n" + r.choice(["Thanks", "Ta", "Cheers", "- " + c.agent["first"]])]
    return seg


def build_table(c, plan, tdef):
    r = c.r
    g, cl = greet_close(c)
    segs = [g]
    rest = [e for e in plan["ents"] if e not in [x[1] for x in TABLES[c.ntype][1] if x[0] == "P"]]
    segs.append(join_segs([benign_sentence(c, tdef) for _ in range(r.randint(1, 2))], " "))
    segs.append(table_block(c))
    items = body_sentences(c, tdef, rest, r.randint(1, 3))
    segs += paragraphs(c, items)
    segs.append([cl + "\n"] + signature(c, pii=True))
    add_footer(c, segs)
    return join_segs(segs, "\n\n")


def build_benign_table(c, tdef):
    """Benign notes sometimes paste a table of references only."""
    r = c.r
    rows = []
    for _ in range(r.randint(2, 5)):
        rows.append(join_segs([[c.neg("order_number")], [c.neg(r.choice(["date_shipped", "date_invoice"]))], [c.neg("amount")],
                               [r.choice(["open", "closed", "pending", "refunded"])]], r.choice([" | ", "\t", ";"])))
    lead = [r.choice(["Affected orders:", "Open items from our side:", "Reconciliation extract:"]) + "\n"] if c.lang == "en" else []
    return lead + join_segs(rows, "\n")


# =============================================================================================
# leak scan and per-note checks
# =============================================================================================

_ALL_MONTHS = sorted({m for ms in MONTHS.values() for m in ms} | set(ABBR), key=len, reverse=True)
_MONTH_ALT = "|".join(re.escape(m) for m in _ALL_MONTHS)
LEAK_RES = [
    ("at", re.compile(r"@")),
    ("digits5", re.compile(r"\d{5,}")),
    ("grouped", re.compile(r"\d+(?:[ ./\-\u00a0\u202f]\d+){2,}")),
    ("ipv4", re.compile(r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\d)")),
    ("ipv6", re.compile(r"(?<![\w:])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?![\w:])")),
    ("iban", re.compile(r"\b[A-Z]{2}\d{2}[A-Z0-9]{10,30}\b")),
    ("iban_grp", re.compile(r"\b[A-Z]{2}\d{2}(?: [A-Z0-9]{4}){2,}")),
    ("dea", re.compile(r"\b[A-Z]{2}\d{7}\b")),
    ("aws", re.compile(r"\b(?:AKIA|ASIA|AIDA|AROA|ANPA|AGPA)[A-Z0-9]{8,}")),
    ("token", re.compile(r"(?:gh[pousr]_|github_pat_|glpat-|npm_[A-Za-z0-9]{10})")),
    ("pem", re.compile(r"-----BEGIN")),
    ("mdate", re.compile(rf"\b\d{{1,2}}(?:st|nd|rd|th)?\.? (?:de )?(?:{_MONTH_ALT})\.?,?(?: de)? \d{{4}}\b|\b(?:{_MONTH_ALT})\.? \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}}\b|\b\d{{1,2}}-(?:{'|'.join(ABBR)})-\d{{2,4}}", re.I)),
    ("numdate", re.compile(r"\b\d{1,4}[/.-]\d{1,2}[/.-]\d{2,4}\b")),
    ("hex16", re.compile(r"\b[0-9a-fA-F]{16,}\b")),
    ("b64", re.compile(r"[A-Za-z0-9+/]{32,}")),
]


def leak_scan(text, covered):
    """Every suspicious run must overlap a labelled span or a listed hard negative."""
    cov = sorted(covered)
    starts = [a for a, _ in cov]
    import bisect as _b

    def is_cov(a, b):
        i = _b.bisect_right(starts, b) - 1
        while i >= 0:
            s, e = cov[i]
            if s < b and a < e:
                return True
            if e <= a and s < a - 4000:
                break
            i -= 1
        return False

    bad = []
    for name, rx in LEAK_RES:
        for m in rx.finditer(text):
            a, b = m.span()
            t = m.group(0)
            if name == "grouped" and sum(ch.isdigit() for ch in t) < 7:
                continue
            if name == "ipv6":
                if t.count(":") < 2:
                    continue
                try:
                    ipaddress.IPv6Address(t)
                except ValueError:
                    continue
            if name == "ipv4" and t.count(".") != 3:
                continue
            if name == "iban" and not iban_ok(t):
                continue
            if name == "b64" and not (re.search(r"\d", t) and re.search(r"[A-Z]", t)):
                continue
            if not is_cov(a, b):
                bad.append((name, a, b, t))
    return bad


BIRTH_WORDS = re.compile(r"DOB|D\.O\.B|birth|born|\bb\.|Geburt|geb\.|geboren|naissance|née?\b|nacimiento|naci[óo]|nacid[oa]|nascita|nat[oa] il|"
                         r"nascimento|nasceu|geboorte|geboren|födelse|född|urodzeni|urodził", re.I)
MRN_WORDS = re.compile(r"MRN|medical record|med rec|chart|hospital n(?:o|umber)|hosp\.? no|historia clínica|dossier médical|\bIPP\b|"
                       r"cartella clinica|processo clínico", re.I)


def context_ok(ent, text, cs, ce, extra=""):
    if ent == "DATE_OF_BIRTH":
        return bool(BIRTH_WORDS.search(text[max(0, cs - 420):cs]) or BIRTH_WORDS.search(text[ce:ce + 40]) or BIRTH_WORDS.search(extra))
    if ent == "MEDICAL_RECORD_NUMBER":
        return bool(MRN_WORDS.search(text[max(0, cs - 420):cs]) or MRN_WORDS.search(text[ce:ce + 40]) or MRN_WORDS.search(extra))
    return True


def value_ok(ent, v):
    """Re-validate a labelled value from its text."""
    if ent == "CREDIT_CARD":
        return card_ok(v)
    if ent == "US_SSN":
        return bool(re.fullmatch(r"\d{3}([- ]?)\d{2}\1\d{4}", v)) and ssn_ok(digits_of(v))
    if ent == "EMAIL_ADDRESS":
        return bool(re.fullmatch(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}", v))
    if ent == "PHONE_NUMBER":
        return phone_ok(v)
    if ent == "IBAN_CODE":
        return iban_ok(v)
    if ent == "ABA_ROUTING_NUMBER":
        return aba_ok(v) and aba_prefix_ok(v)
    if ent == "IP_ADDRESS":
        return ip_ok(v)
    if ent == "MEDICAL_RECORD_NUMBER":
        return bool(re.fullmatch(r"[A-Z]{0,2}\d{6,10}", v))
    if ent == "US_NPI":
        return npi_ok(v)
    if ent == "DATE_OF_BIRTH":
        d = parse_date_any(v)
        return d is not None and 1930 <= d.year <= 2008
    if ent == "UK_NHS":
        return bool(re.fullmatch(r"\d{10}|\d{3} \d{3} \d{4}|\d{3}-\d{3}-\d{4}", v)) and nhs_ok(digits_of(v))
    if ent == "US_DEA":
        return dea_ok(v)
    if ent == "AWS_ACCESS_KEY":
        return aws_ok(v)
    if ent == "GITHUB_TOKEN":
        return gh_ok(v)
    if ent == "PRIVATE_KEY":
        return pem_ok(v)
    return False


def norm_value(v):
    return re.sub(r"[^0-9A-Za-z@.+_-]", "", v).upper()


def dea_initial_ok(text, cs, v):
    """The DEA's second letter is the surname initial of a doctor named within 160 chars."""
    win = text[max(0, cs - 160):cs + 160]
    ini = v[1]
    for m in re.finditer(r"(?:Dr\. )?([A-ZÀ-Ž][\w'\u00c0-\u017e-]+) ([A-ZÀ-Ž][\w'\u00c0-\u017e-]+(?: [A-ZÀ-Ž][\w\u00c0-\u017e-]+)?)", win):
        last = m.group(2).split()[-1] if not m.group(2).startswith(("de ", "van ")) else m.group(2)
        for cand in (m.group(2), m.group(2).split()[-1]):
            if strip_accents(cand)[0].upper() == ini:
                return True
    return False


def note_problems(text, spans, negs):
    """Checks shared by generation (redraw) and --check."""
    probs = []
    cov = [(a, b) for a, b, *_ in spans] + [(a, b) for a, b, _ in negs]
    ivs = sorted([(a, b, "P") for a, b, *_ in spans] + [(a, b, "N") for a, b, _ in negs])
    for (a1, b1, _), (a2, b2, _) in zip(ivs, ivs[1:]):
        if a2 < b1:
            probs.append(f"overlap {a1}-{b1} / {a2}-{b2}")
    for a, b, ent, fmt in spans:
        v = text[a:b]
        if not value_ok(ent, v):
            probs.append(f"invalid {ent} {v!r}")
        if not context_ok(ent, text, a, b):
            probs.append(f"no context for {ent} {v!r}")
        if ent == "US_DEA" and not dea_initial_ok(text, a, v):
            probs.append(f"DEA initial without a named prescriber {v!r}")
        if a > 0 and text[a - 1].isascii() and text[a - 1].isalnum():
            probs.append(f"glued left {ent} {v!r}")
        if b < len(text) and text[b].isascii() and text[b].isalnum():
            probs.append(f"glued right {ent} {v!r}")
    for a, b, kind in negs:
        v = text[a:b]
        if not _claim_ok(kind, v):
            probs.append(f"negative {kind} does not satisfy its claim: {v!r}")
        if not generic_neg_ok(kind, v):
            probs.append(f"negative {kind} passes a checksum by accident: {v!r}")
    for name, a, b, t in leak_scan(text, cov):
        probs.append(f"leak {name} {t!r}")
    # a labelled value that occurs again must be labelled again
    for a, b, ent, fmt in spans:
        v = text[a:b]
        if len(v) < 6:
            continue
        i = text.find(v)
        while i >= 0:
            if not any(s == i and e == i + len(v) for s, e, *_ in spans):
                if not any(s <= i < e for s, e, *_ in spans):
                    probs.append(f"unlabelled repeat of {ent} {v!r}")
            i = text.find(v, i + 1)
    return probs

# =============================================================================================
# planning and generation of the text notes
# =============================================================================================

LANG_COUNTS = {"en": 600, "de": 25, "fr": 25, "es": 25, "it": 25, "pt": 25, "nl": 25, "sv": 25, "pl": 25}
TYPE_WEIGHTS_EN = {"insurance_claims": 44, "telehealth": 48, "payroll_hr": 44, "card_disputes": 48, "msp_helpdesk": 58,
                   "marketplace_seller": 42, "pbm": 46, "revenue_cycle": 44, "utility_billing": 38, "travel_bookings": 38,
                   "registrar": 34, "saas_onboarding": 60, "uk_clinical_supplier": 56}
K_DIST = [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 5, 5]
# light boosts so the specialised entities reach the per-entity aims
ENT_BOOST = {"PRIVATE_KEY": 1.5, "US_DEA": 2.2, "UK_NHS": 1.5, "AWS_ACCESS_KEY": 1.5, "GITHUB_TOKEN": 1.5, "US_NPI": 1.6,
             "MEDICAL_RECORD_NUMBER": 1.1, "IBAN_CODE": 1.1, "ABA_ROUTING_NUMBER": 1.6, "US_SSN": 1.3, "CREDIT_CARD": 1.1,
             "EMAIL_ADDRESS": 0.4, "PHONE_NUMBER": 0.55, "DATE_OF_BIRTH": 0.85, "IP_ADDRESS": 0.9}


def allowed_ents(ents, region, lang):
    out = {}
    for e, w in ents.items():
        if e in US_ONLY and region != "us":
            continue
        if e in UK_ONLY and region != "uk":
            continue
        out[e] = w * ENT_BOOST.get(e, 1.0)
    return out


def draw_ents(r, weights, k):
    w = dict(weights)
    out = []
    for _ in range(k):
        names = list(w)
        e = r.choices(names, weights=[w[n] for n in names])[0]
        out.append(e)
        w[e] *= 0.35
    return out


def vendor_for(ntype, lang):
    if ntype in TYPES_EN:
        return TYPES_EN[ntype]["vendor"]
    raise GenError(ntype)


def plan_notes():
    P = random.Random(f"{SEED}:plan")
    langs = []
    for lang, n in LANG_COUNTS.items():
        langs += [lang] * n
    P.shuffle(langs)
    en_types = []
    for t, n in TYPE_WEIGHTS_EN.items():
        en_types += [t] * n
    P.shuffle(en_types)
    benign_idx = set(P.sample(range(N_NOTES), 160))
    lt_cycle = list(LANG_TYPES)
    plans = []
    ei = 0
    li = Counter()
    for i, lang in enumerate(langs):
        if lang == "en":
            ntype = en_types[ei]
            ei += 1
            region = P.choice(TYPES_EN[ntype]["regions"])
            ents_w = TYPES_EN[ntype]["ents"]
            shape = P.choices(SHAPES_EN, weights=SHAPE_W_EN)[0]
        else:
            ntype = lt_cycle[(li[lang] + hash_str(lang)) % len(lt_cycle)]
            li[lang] += 1
            region = LANG_REGION[lang]
            if lang == "es" and P.random() < 0.3:
                region = "us"
            ents_w = dict(TOPIC_ENTS[LANG_TYPES[ntype]])
            if lang == "es" and region == "us":
                ents_w.update({"US_SSN": 2, "ABA_ROUTING_NUMBER": 2, "US_NPI": 1, "US_DEA": 1})
            if LANG_TYPES[ntype] == "health" and "MEDICAL_RECORD_NUMBER" not in L10N[lang]["pii"]:
                ents_w.pop("MEDICAL_RECORD_NUMBER", None)
            shape = P.choices(SHAPES_L, weights=SHAPE_W_L)[0]
        benign = i in benign_idx
        if benign:
            if shape in ("email", "forward", "kv_form", "table"):
                shape = P.choice(["prose", "chat", "macro", "bullets", "call"] if lang == "en" else ["prose", "chat"])
            ents = []
        else:
            k = P.choice(K_DIST)
            ents = draw_ents(P, allowed_ents(ents_w, region, lang), k)
            if shape == "table" and ntype not in TABLES:
                shape = "prose"
        wrapneg = (not benign) and shape in ("email", "prose", "forward") and P.random() < 0.1
        crlf = shape in ("email", "forward") and P.random() < 0.15
        plans.append(dict(idx=i, lang=lang, ntype=ntype, region=region, shape=shape, benign=benign, ents=ents,
                          wrapneg=wrapneg, crlf=crlf))
    return plans


def hash_str(s):
    return sum(ord(ch) * (i + 1) for i, ch in enumerate(s))


def to_crlf(seg):
    out = []
    for p in seg:
        if isinstance(p, str):
            out.append(p.replace("\n", "\r\n"))
        else:
            out.append((p[0], p[1].replace("\n", "\r\n")) + tuple(p[2:]))
    return out


def build_note_seg(c, plan):
    tdef = TYPES_EN.get(plan["ntype"]) if c.lang == "en" else None
    shape = plan["shape"]
    if shape == "prose":
        seg = build_prose(c, plan, tdef)
        if plan["benign"] and c.r.random() < 0.3:
            seg = seg + ["\n\n"] + build_benign_table(c, tdef)
    elif shape == "email":
        seg = build_email(c, plan, tdef)
    elif shape == "forward":
        seg = build_email(c, plan, tdef, forward=True)
    elif shape == "chat":
        seg = build_chat(c, plan, tdef)
    elif shape == "call":
        seg = build_call(c, plan, tdef)
    elif shape == "macro":
        seg = build_macro(c, plan, tdef)
    elif shape == "kv_form":
        seg = build_kv(c, plan, tdef)
    elif shape == "bullets":
        seg = build_bullets(c, plan, tdef)
    elif shape == "table":
        seg = build_table(c, plan, tdef)
    else:
        raise GenError(shape)
    if plan["benign"] and c.r.random() < 0.25:
        seg = seg + ["\n\n"] + block_pem_neg(c) if plan["ntype"] in ("msp_helpdesk", "saas_onboarding") else seg
    if not plan["benign"] and plan["ntype"] in ("msp_helpdesk", "saas_onboarding") and c.r.random() < 0.25:
        seg = seg + ["\n\n"] + block_pem_neg(c)
    return seg


class Registry:
    """Keeps labelled values and hard-negative values apart across the whole corpus."""

    def __init__(self):
        self.pos = {}
        self.neg = set()

    def conflicts(self, spans_vals, neg_vals):
        for v, ent in spans_vals:
            n = norm_value(v)
            if n in self.neg:
                return f"labelled value {v!r} is a negative elsewhere"
        for v, kind in neg_vals:
            n = norm_value(v)
            if len(n) >= 6 and n in self.pos:
                return f"negative {v!r} is labelled elsewhere"
        # within the item too
        pn = {norm_value(v) for v, _ in spans_vals}
        for v, kind in neg_vals:
            n = norm_value(v)
            if len(n) >= 6 and n in pn:
                return f"negative {v!r} equals a labelled value"
        return None

    def add(self, spans_vals, neg_vals):
        for v, ent in spans_vals:
            self.pos[norm_value(v)] = ent
        for v, kind in neg_vals:
            n = norm_value(v)
            if len(n) >= 6:
                self.neg.add(n)


def make_note(plan, reg):
    i = plan["idx"]
    last = None
    for attempt in range(80):
        r = random.Random(f"{SEED}:note:{i}:{attempt}")
        tdef_vendor = vendor_for(plan["ntype"], plan["lang"])
        c = Ctx(r, plan["lang"], plan["region"], plan["ntype"], tdef_vendor)
        try:
            seg = build_note_seg(c, plan)
        except GenError:
            raise
        if plan["crlf"]:
            seg = to_crlf(seg)
        text, spans, negs = render(seg)
        probs = note_problems(text, spans, negs)
        if plan["benign"] and spans:
            probs.append("benign note has a positive")
        if not probs:
            sv = [(text[a:b], e) for a, b, e, _ in spans]
            nv = [(text[a:b], k) for a, b, k in negs]
            conf = reg.conflicts(sv, nv)
            if conf:
                probs.append(conf)
        if not probs:
            reg.add(sv, nv)
            return text, spans, negs
        last = probs
    raise GenError(f"note {i} ({plan['ntype']}/{plan['shape']}/{plan['lang']}): could not draw a clean note: {last[:5]}")


def char_to_byte(text):
    tab = [0] * (len(text) + 1)
    acc = 0
    for i, ch in enumerate(text):
        tab[i] = acc
        acc += len(ch.encode("utf-8"))
    tab[len(text)] = acc
    return tab


def generate_notes(reg):
    plans = plan_notes()
    records = []
    for plan in plans:
        text, spans, negs = make_note(plan, reg)
        tab = char_to_byte(text)
        tags = [plan["lang"], plan["ntype"], plan["shape"]]
        if plan["crlf"]:
            tags.append("crlf")
        tags.append("benign" if not spans else "pii")
        if any(e == "PRIVATE_KEY" for _, _, e, _ in spans):
            tags.append("pem")
        if any(k.startswith("wrapped_") for _, _, k in negs):
            tags.append("wrapped_value")
        rec = {
            "id": f"{NOTE_PREFIX}{plan['idx'] + 1:04d}",
            "category": plan["shape"],
            "tags": tags,
            "text": text,
            "spans": [{"start": tab[a], "end": tab[b], "cstart": a, "cend": b, "entity": e, "fmt": f} for a, b, e, f in spans],
            "hard_negatives": [{"start": tab[a], "end": tab[b], "cstart": a, "cend": b, "kind": k} for a, b, k in negs],
        }
        records.append(rec)
    return records

# =============================================================================================
# ticket JSON exports (10 API shapes not used in earlier rounds)
# =============================================================================================

JSON_SHAPES = ["gorgias", "reamaze", "liveagent", "sysaid", "sdp", "halopsa", "freescout", "deskpro", "znuny", "rt"]
JSON_STYLES = ["indent2", "indent2", "indent4", "minified", "ascii4", "tabs", "ascii2"]


class JS:
    """A JSON string leaf built from a segment."""
    __slots__ = ("seg",)

    def __init__(self, seg):
        self.seg = seg if isinstance(seg, list) else [seg]


class JNum:
    """A JSON number leaf: positive (kind 'P') or hard negative ('N')."""
    __slots__ = ("kind", "value", "label", "fmt")

    def __init__(self, kind, value, label, fmt=None):
        self.kind, self.value, self.label, self.fmt = kind, value, label, fmt


CF_LABELS = {
    "CREDIT_CARD": ["Card on file", "Card number", "Payment card"], "US_SSN": ["Employee SSN", "SSN", "Member SSN"],
    "EMAIL_ADDRESS": ["Alternate email", "Billing email", "Contact email"], "PHONE_NUMBER": ["Callback number", "Mobile", "Site contact phone"],
    "IBAN_CODE": ["Payout IBAN", "Refund IBAN", "Bank account (IBAN)"], "ABA_ROUTING_NUMBER": ["Routing number", "ABA routing", "Bank routing (ABA)"],
    "IP_ADDRESS": ["Office static IP", "Source IP", "Allowlisted IP"], "MEDICAL_RECORD_NUMBER": ["MRN", "Medical record number", "Hospital number"],
    "US_NPI": ["Prescriber NPI", "Rendering NPI", "Pharmacy NPI"], "DATE_OF_BIRTH": ["Member DOB", "Patient date of birth", "Date of birth"],
    "UK_NHS": ["NHS number", "NHS no."], "US_DEA": ["Prescriber DEA", "DEA registration"],
    "AWS_ACCESS_KEY": ["Exposed access key ID", "AWS access key ID"], "GITHUB_TOKEN": ["Leaked token (to revoke)", "GitHub token"],
    "PRIVATE_KEY": ["Exposed private key"],
}
CF_NEG = [("Order number", "order_number", "commerce"), ("Claim number", "claim_number", "health"), ("Invoice", "invoice_number", "any"),
          ("Policy number", "policy_number", "health"), ("Member ID", "member_id", "health"), ("Tracking number", "tracking_ups", "commerce"),
          ("Employee ID", "employee_id", "commerce"), ("Account number", "utility_account", "commerce"), ("Dispute ID", "dispute_id", "commerce"),
          ("Date of service", "date_service", "health"), ("Due date", "date_due", "any"), ("Firmware", "version_ip_like", "it"),
          ("Tenant", "tenant_id", "it"), ("Rx number", "rx_number", "health"), ("Encounter", "encounter_number", "health"),
          ("Card (masked)", "masked_card", "commerce"), ("SSN (masked)", "masked_ssn", "commerce"), ("Hire date", "date_hire", "commerce"),
          ("Serial number", "serial_number", "it"), ("MAC address", "mac_address", "it"), ("Order (marketplace)", "luhn_order_number", "commerce"),
          ("Gift card", "gift_card_number", "commerce"), ("Appointment", "date_appointment", "health"), ("Prior auth", "prior_auth_number", "health"),
          ("AWS account", "aws_account_id", "it"), ("Commit", "git_sha", "it"), ("Last reviewed", "date_effective", "any"), ("Reference", "ticket_ref", "any")]
CF_TOPIC = dict(LANG_TYPES, pbm="health", revenue_cycle="health", uk_clinical_supplier="health", registrar="commerce")
NUMBERABLE = {"CREDIT_CARD", "US_SSN", "PHONE_NUMBER", "US_NPI", "ABA_ROUTING_NUMBER", "MEDICAL_RECORD_NUMBER", "UK_NHS"}
SELF_EVIDENT = {"CREDIT_CARD", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "IP_ADDRESS", "AWS_ACCESS_KEY", "GITHUB_TOKEN"}


def camel(s):
    return "".join(w[:1].upper() + w[1:] for w in re.split(r"[^A-Za-z0-9]+", s) if w)


def snake(s):
    return "_".join(w.lower() for w in re.split(r"[^A-Za-z0-9]+", s) if w)


class JB:
    def __init__(self, c, shape):
        self.c = c
        self.shape = shape

    def S(self, *parts):
        seg = []
        for p in parts:
            seg.extend(p if isinstance(p, list) else [p])
        return JS(seg)

    def neg(self, kind):
        return JS([self.c.neg(kind)])

    def ts(self, style="ts_iso"):
        return JS([self.c.neg(style)])

    def pos(self, ent, field, variant=None):
        return JS([self.c.pos(ent, variant, f"{self.shape}_{field}")])

    def id(self, lo=10 ** 5, hi=10 ** 9):
        v = self.c.r.randint(lo, hi)
        return JNum("N", v, "json_id") if v >= 10000 else v

    def idn(self, v):
        return JNum("N", v, "json_id") if v >= 10000 else v

    def num_pos(self, ent, field):
        """A positive written as a JSON number (digits only, no leading zero)."""
        c, r = self.c, self.c.r
        for _ in range(50):
            if ent == "CREDIT_CARD":
                d, name = make_card(r, r.choice([p for p in CARD_PLAN if p[3] in (15, 16) and p[0] not in ("unionpay", "maestro")]))
                if int(d) < 2 ** 53:
                    return JNum("P", int(d), ent, f"card.{name}.compact.{self.shape}_{field}_number")
            elif ent == "US_SSN":
                d = make_ssn(r)
                if d[0] != "0":
                    return JNum("P", int(d), ent, f"ssn.compact.{self.shape}_{field}_number")
            elif ent == "PHONE_NUMBER":
                v, var = gen_us_phone(r, "digits")
                return JNum("P", int(v), ent, f"phone.{var}.{self.shape}_{field}_number")
            elif ent == "US_NPI":
                return JNum("P", int(make_npi(r)), ent, f"npi.plain.{self.shape}_{field}_number")
            elif ent == "ABA_ROUTING_NUMBER":
                v = make_aba(r, lead_nonzero=True)
                return JNum("P", int(v), ent, f"aba.fed{v[:2]}.{self.shape}_{field}_number")
            elif ent == "MEDICAL_RECORD_NUMBER":
                v, var = gen_mrn(r, r.choice(["d7", "d8", "d10"]))
                return JNum("P", int(v), ent, f"mrn.{var}.{self.shape}_{field}_number")
            elif ent == "UK_NHS":
                v = make_nhs(r)
                return JNum("P", int(v), ent, f"nhs.compact.{self.shape}_{field}_number")
        raise GenError(ent)

    def num_neg(self, kind):
        c, r = self.c, self.c.r
        if kind == "luhn_order_number":
            v = _luhn_order(c)
            while v[0] == "0" or int(v) >= 2 ** 53:
                v = _luhn_order(c)
        elif kind == "ts_epoch":
            v = _ts_epoch(c)
        elif kind == "byte_count":
            v = str(r.randint(10000, 9_999_999))
        elif kind == "bank_account_number":
            v = num_avoid(r, r.choice([8, 10, 11, 12]))
        elif kind == "ten_digit_ref":
            v = _ten_digit_ref(c)
        elif kind == "aws_account_id":
            v = _aws_account(c)
        else:
            v = NEG[kind][1](c)
        return JNum("N", int(v), kind)

    # ------------------------------------------------------------------ content
    def cf_value(self, ent, field, as_number=False):
        if as_number and ent in NUMBERABLE:
            return self.num_pos(ent, field)
        if ent == "EMAIL_ADDRESS":
            return self.pos(ent, field, "other")
        if ent == "PRIVATE_KEY":
            return self.pos(ent, field)
        return self.pos(ent, field)


def html_of(c, seg, paragraph=True):
    """Plain segment -> HTML segment (escaped text, <p>/<br>, some mailto links)."""
    out = []
    for p in seg:
        if isinstance(p, str):
            t = html.escape(p, quote=False)
            if paragraph:
                t = t.replace("\n\n", "</p><p>").replace("\n", "<br>")
            out.append(t)
        else:
            esc = html.escape(p[1], quote=False)
            if p[0] == "P":
                if esc != p[1]:
                    raise GenError("value changes under HTML escaping")
                if p[2] == "EMAIL_ADDRESS" and c.r.random() < 0.35:
                    out += ['<a href="mailto:', p, '">', (p[0], p[1], p[2], p[3]), "</a>"]
                    continue
                if p[2] == "PRIVATE_KEY":
                    out += ["<pre>", p, "</pre>"]
                    continue
                out.append(p)
            else:
                out.append((p[0], esc, p[2]))
    return (["<p>"] + out + ["</p>"]) if paragraph else out


def _lid(r, n=8):
    """Short opaque id (no run of five digits, so it never looks like a number)."""
    while True:
        v = "".join(r.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(n))
        if not re.search(r"\d{5}", v):
            return v


def _letters(r, n):
    return "".join(r.choice(string.ascii_uppercase) for _ in range(n))


def text_twin(v):
    """The same custom-field value as a display string."""
    if isinstance(v, JNum):
        if v.kind == "P":
            return JS([("P", str(v.value), v.label, v.fmt.replace("_number", "_text"))])
        return JS([("N", str(v.value), v.label)])
    return JS(list(v.seg))


def ticket_plan_types():
    en = (["uk_clinical_supplier"] * 9 + ["pbm"] * 8 + ["telehealth"] * 7 + ["revenue_cycle"] * 7 + ["msp_helpdesk"] * 9 +
          ["saas_onboarding"] * 9 + ["card_disputes"] * 6 + ["payroll_hr"] * 6 + ["insurance_claims"] * 5 + ["marketplace_seller"] * 5 +
          ["utility_billing"] * 3 + ["travel_bookings"] * 3 + ["registrar"] * 3)
    other = [("de", "msp_helpdesk"), ("fr", "telehealth"), ("es", "payroll_hr"), ("it", "marketplace_seller"), ("pt", "card_disputes"),
             ("nl", "saas_onboarding"), ("sv", "travel_bookings"), ("pl", "utility_billing"), ("de", "card_disputes"), ("fr", "marketplace_seller"),
             ("es", "insurance_claims"), ("it", "msp_helpdesk"), ("pt", "saas_onboarding"), ("nl", "utility_billing"), ("sv", "msp_helpdesk"),
             ("pl", "card_disputes"), ("de", "saas_onboarding"), ("fr", "payroll_hr"), ("es", "telehealth"), ("nl", "travel_bookings")]
    return [("en", t) for t in en] + other


FORCE = {"uk_clinical_supplier": ["UK_NHS", "DATE_OF_BIRTH"], "pbm": ["US_DEA", "US_NPI"], "telehealth": ["US_DEA", "MEDICAL_RECORD_NUMBER"],
         "revenue_cycle": ["MEDICAL_RECORD_NUMBER", "US_NPI", "US_SSN", "US_DEA"], "payroll_hr": ["US_SSN", "ABA_ROUTING_NUMBER"],
         "insurance_claims": ["ABA_ROUTING_NUMBER", "DATE_OF_BIRTH"], "card_disputes": ["CREDIT_CARD"], "marketplace_seller": ["IBAN_CODE", "ABA_ROUTING_NUMBER"]}


def plan_tickets():
    P = random.Random(f"{SEED}:tickets")
    types = ticket_plan_types()
    P.shuffle(types)
    shapes = [JSON_SHAPES[i % len(JSON_SHAPES)] for i in range(N_TICKETS)]
    P.shuffle(shapes)
    plans = []
    tech_rot = 0
    for i, ((lang, ntype), shape) in enumerate(zip(types, shapes)):
        if lang == "en":
            region = P.choice(TYPES_EN[ntype]["regions"])
            ents_w = TYPES_EN[ntype]["ents"]
        else:
            region = LANG_REGION[lang]
            ents_w = dict(TOPIC_ENTS[LANG_TYPES[ntype]])
            if LANG_TYPES[ntype] == "health" and "MEDICAL_RECORD_NUMBER" not in L10N[lang]["pii"]:
                ents_w.pop("MEDICAL_RECORD_NUMBER", None)
        w = allowed_ents(ents_w, region, lang)
        ents = draw_ents(P, {e: (x * 0.3 if e == "EMAIL_ADDRESS" else x) for e, x in w.items()}, P.randint(3, 4))
        if ntype == "uk_clinical_supplier" and lang == "en":
            ents.append("UK_NHS")
        for f in FORCE.get(ntype, []) if lang == "en" else []:
            if f in w and f not in ents:
                ents.append(f)
        if ntype in ("msp_helpdesk", "saas_onboarding"):
            trio = ["AWS_ACCESS_KEY", "GITHUB_TOKEN", "PRIVATE_KEY"]
            for f in (trio[tech_rot % 3], trio[(tech_rot + 1) % 3]):
                if f not in ents:
                    ents.append(f)
            tech_rot += 1
        plans.append(dict(idx=i, lang=lang, ntype=ntype, region=region, shape=shape, ents=ents,
                          style=P.choice(JSON_STYLES)))
    return plans


def split_ents(r, ents):
    """-> (custom-field ents, customer message ents, internal note ents)."""
    cf, body, internal = [], [], []
    for e in ents:
        k = r.random()
        if e == "PRIVATE_KEY":
            (internal if k < 0.5 else body).append(e)
        elif k < 0.4:
            cf.append(e)
        elif k < 0.75:
            body.append(e)
        else:
            internal.append(e)
    return cf, body, internal


def customer_message(c, tdef, ents):
    g, cl = greet_close(c)
    items = body_sentences(c, tdef, ents, c.r.randint(2, 4))
    segs = [g] + paragraphs(c, items) + [[cl + "\n"] + signature(c, c.r.random() < 0.6)]
    return join_segs(segs, "\n\n")


def agent_reply(c, tdef):
    r = c.r
    if c.lang == "en":
        m = fill(c, r.choice([
            "We've updated the card ending {-masked_card} on your account.", "For your security we only show the last digits of the account ({-masked_iban}).",
            "We've sent a verification code to {-masked_phone}.", "We'll reply to {-masked_email} within one business day.",
            "Your request {-ticket_ref} has been escalated.", "We have the date of birth on file as {-masked_dob}.", "The SSN on file ends in {-masked_ssn}."]))
        segs = [[f"Hi {c.cust['first']},"], m + [" "] + benign_sentence(c, tdef), [r.choice(CLOSE_EN) + "\n"] + agent_signature(c, r.random() < 0.4)]
    else:
        g, cl = greet_close(c)
        segs = [g, benign_sentence(c, tdef), [cl + "\n", c.agent["first"]]]
    return join_segs(segs, "\n\n")


def internal_note(c, tdef, ents):
    r = c.r
    parts = [benign_sentence(c, tdef)]
    for e in ents:
        parts.append(tech_block(c, e) if e in BLOCK_ENTS else mention_sentence(c, e, tdef))
        ns = near_sentence(c, e) if r.random() < 0.7 else None
        if ns:
            parts.append(ns)
    if c.ntype in ("msp_helpdesk", "saas_onboarding") and r.random() < 0.6:
        parts.append(block_pem_neg(c))
    return join_segs(parts, "\n")


def cf_items(jb, ents, style):
    """-> list of (label, value) with positives and a few same-shape negatives."""
    c, r = jb.c, jb.c.r
    groups = []
    for e in ents:
        g = []
        if e == "US_DEA":
            g.append(("Prescriber", JS([c.word("dr")])))
        lab = r.choice(CF_LABELS[e])
        as_num = e in NUMBERABLE and r.random() < 0.6
        g.append((lab, jb.cf_value(e, "cf", as_num)))
        groups.append(g)
    pool = [x for x in CF_NEG if x[2] in ("any", CF_TOPIC.get(c.ntype, "any"))]
    for lab, kind, _ in r.sample(pool, min(len(pool), r.randint(2, 4))):
        groups.append([(lab, jb.neg(kind))])
    r.shuffle(groups)
    return [it for g in groups for it in g]


def attachment_name(jb):
    c, r = jb.c, jb.c.r
    k = r.randint(0, 4)
    if k == 0:
        return jb.S("EOB_", c.neg("claim_number"), ".pdf")
    if k == 1:
        return jb.S("invoice-", c.neg("invoice_number"), ".pdf")
    if k == 2:
        return jb.S("screenshot ", c.neg("ts_log"), ".png")
    if k == 3:
        return JS([r.choice(["export.csv", "firewall.log", "scan.pdf", "statement.pdf", "IMG_2231.jpg", "letter.docx"])])
    return jb.S("order_", c.neg("order_number"), ".pdf")


def history_change(jb, ent):
    """(from, to) pair for an audit entry."""
    if ent in ("PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS"):
        return jb.pos(ent, "history_from", "other" if ent == "EMAIL_ADDRESS" else None), jb.pos(ent, "history_to", "other" if ent == "EMAIL_ADDRESS" else None)
    raise GenError(ent)


# ----------------------------------------------------------------------------- the 10 shapes

def t_gorgias(jb, tdef, ents, tid):
    c, r = jb.c, jb.c.r
    cf, body, internal = split_ents(r, ents)
    cust_email = jb.pos("EMAIL_ADDRESS", "customer_email", "cust")
    msg_seg = customer_message(c, tdef, body)
    msgs = [{
        "id": jb.id(), "channel": "email", "via": "email", "from_agent": False,
        "sender": {"id": jb.id(), "email": JS([cust_email.seg[0]]), "name": f"{c.cust['first']} {c.cust['last']}"},
        "receiver": {"id": jb.id(), "name": f"{c.vendor[0]} Support"},
        "source": {"type": "email", "from": {"name": f"{c.cust['first']} {c.cust['last']}", "address": JS([cust_email.seg[0]])},
                   "to": [{"name": "Support", "address": jb.pos("EMAIL_ADDRESS", "source_to", "vendor_role") if r.random() < 0.5 else None}]},
        "subject": JS(subject(c, tdef)), "body_text": JS(msg_seg), "body_html": JS(html_of(c, msg_seg)),
        "attachments": [{"url": jb.S(f"https://uploads.gorgias.io/{c.vendor[1].split('.')[0]}/", c.neg("uuid")), "name": attachment_name(jb),
                         "size": jb.num_neg("byte_count"), "content_type": "application/pdf"}] if r.random() < 0.6 else [],
        "created_datetime": jb.ts(), "opened_datetime": None,
    }, {
        "id": jb.id(), "channel": "email", "via": "helpdesk", "from_agent": True,
        "sender": {"id": jb.id(), "name": c.agent["first"]},
        "body_text": JS(agent_reply(c, tdef)), "created_datetime": jb.ts(),
    }]
    if internal:
        msgs.append({"id": jb.id(), "channel": "internal-note", "via": "helpdesk", "from_agent": True, "public": False,
                     "body_text": JS(internal_note(c, tdef, internal)), "created_datetime": jb.ts()})
    channels = [{"id": jb.id(), "type": "email", "address": JS([cust_email.seg[0]]), "preferred": True}]
    if r.random() < 0.7:
        channels.append({"id": jb.id(), "type": "phone", "address": jb.pos("PHONE_NUMBER", "channel_phone")})
    return {
        "id": jb.idn(tid), "uri": JS(["/api/tickets/", ("N", str(tid), "json_id"), "/"]), "external_id": None, "language": c.lang,
        "status": r.choice(["open", "closed"]), "priority": r.choice(["normal", "high"]), "channel": "email", "via": "email",
        "customer": {"id": jb.id(), "email": cust_email, "name": f"{c.cust['first']} {c.cust['last']}", "firstname": c.cust["first"],
                     "lastname": c.cust["last"], "channels": channels,
                     "data": {"last_order": {"order_number": jb.num_neg("luhn_order_number"), "total_price": f"{r.randint(20, 900)}.{r.randint(0, 99):02d}",
                                             "created_at": jb.ts()}}},
        "assignee_user": {"id": jb.id(), "name": f"{c.agent['first']} {c.agent['last']}"},
        "subject": JS(subject(c, tdef)), "tags": [{"id": jb.id(), "name": t} for t in r.sample(["refund", "urgent", "billing", "vip", "follow-up"], 2)],
        "custom_fields": {str(1200 + i): {"id": 1200 + i, "label": lab, "value": v} for i, (lab, v) in enumerate(cf_items(jb, cf, "gorgias"))},
        "messages": msgs, "created_datetime": jb.ts(), "updated_datetime": jb.ts(),
    }


def t_reamaze(jb, tdef, ents, tid):
    c, r = jb.c, jb.c.r
    cf, body, internal = split_ents(r, ents)
    data = {lab: v for lab, v in cf_items(jb, cf, "reamaze")}
    slug = snake(seg_text(subject(c, tdef)))[:40].replace("_", "-") + "-" + _hex(r, 4)
    slug = re.sub(r"\d{5,}", "x", slug)
    msg_seg = customer_message(c, tdef, body)
    messages = [{"body": JS(msg_seg), "created_at": jb.ts(), "visibility": 0,
                 "user": {"name": f"{c.cust['first']} {c.cust['last']}", "email": jb.pos("EMAIL_ADDRESS", "message_user", "cust")},
                 "attachments": []},
                {"body": JS(agent_reply(c, tdef)), "created_at": jb.ts(), "visibility": 0,
                 "user": {"name": c.agent["first"], "staff?": True}}]
    if internal:
        messages.append({"body": JS(internal_note(c, tdef, internal)), "created_at": jb.ts(), "visibility": 1,
                         "user": {"name": c.agent["first"], "staff?": True}})
    return {"conversation": {
        "slug": slug, "subject": JS(subject(c, tdef)), "status": r.choice([0, 1, 5]), "created_at": jb.ts(), "updated_at": jb.ts(),
        "category": {"name": r.choice(["Billing", "Support", "Orders"]), "slug": "support", "channel": 1},
        "author": {"name": f"{c.cust['first']} {c.cust['last']}", "email": jb.pos("EMAIL_ADDRESS", "author_email", "cust"),
                   "data": dict({"phone": jb.pos("PHONE_NUMBER", "author_phone")} if r.random() < 0.7 else {}, **data)},
        "message": {"body": JS(msg_seg[:]), "recipients": []}, "messages": messages,
        "followers": [{"name": c.word("name"), "email": jb.pos("EMAIL_ADDRESS", "follower", "other")}] if r.random() < 0.4 else [],
        "tag_list": r.sample(["refund", "escalated", "vip", "billing"], 2),
    }}


def t_liveagent(jb, tdef, ents, tid):
    c, r = jb.c, jb.c.r
    cf, body, internal = split_ents(r, ents)
    owner = jb.pos("EMAIL_ADDRESS", "owner_email", "cust")
    msg_seg = customer_message(c, tdef, body)
    hdr = [f"From: {c.cust['first']} {c.cust['last']} <", owner.seg[0], ">\nTo: "] + \
        ([c.pos("EMAIL_ADDRESS", "vendor_role", "liveagent_header")] if r.random() < 0.5 else [f"{c.vendor[0]} Support"]) + \
        ["\nDate: ", c.neg("ts_rfc2822")]
    groups = [{"id": _lid(r), "userid": _lid(r), "user_full_name": f"{c.cust['first']} {c.cust['last']}", "type": "M", "status": "R",
               "datecreated": jb.ts(), "messages": [
                   {"id": _lid(r), "type": "H", "format": "T", "message": JS(hdr)},
                   {"id": _lid(r), "type": "M", "format": "H", "message": JS(html_of(c, msg_seg))}]
               + ([{"id": _lid(r), "type": "F", "format": "T", "message": attachment_name(jb)}] if r.random() < 0.5 else [])},
              {"id": _lid(r), "userid": _lid(r), "user_full_name": c.agent["first"], "type": "M", "status": "R", "datecreated": jb.ts(),
               "messages": [{"id": _lid(r), "type": "M", "format": "T", "message": JS(agent_reply(c, tdef))}]}]
    if internal:
        groups.append({"id": _lid(r), "userid": _lid(r), "user_full_name": c.agent["first"], "type": "I", "status": "R",
                       "datecreated": jb.ts(), "messages": [{"id": _lid(r), "type": "I", "format": "T", "message": JS(internal_note(c, tdef, internal))}]})
    return {
        "id": _lid(r), "code": f"{_letters(r, 3)}-{_letters(r, 3)}-{_letters(r, 3)}", "owner_contactid": _lid(r),
        "owner_email": JS([owner.seg[0]]), "owner_name": f"{c.cust['first']} {c.cust['last']}", "departmentid": _lid(r), "agentid": _lid(r),
        "status": r.choice(["A", "N", "C", "R"]), "tags": [], "channel_type": "E", "subject": JS(subject(c, tdef)),
        "date_created": jb.ts(), "date_changed": jb.ts(), "date_resolved": None,
        "custom_fields": [{"code": snake(lab), "value": v} for lab, v in cf_items(jb, cf, "liveagent")],
        "messages": groups,
    }


def t_sysaid(jb, tdef, ents, tid):
    c, r = jb.c, jb.c.r
    cf, body, internal = split_ents(r, ents)
    msg_seg = customer_message(c, tdef, body)
    info = [{"key": "sr_type", "value": 1, "valueCaption": "Incident", "keyCaption": "Service Record Type"},
            {"key": "responsibility", "value": r.randint(1, 99), "valueCaption": c.agent["first"], "keyCaption": "Assigned to"},
            {"key": "title", "value": JS(subject(c, tdef)), "keyCaption": "Title"},
            {"key": "description", "value": JS(msg_seg), "keyCaption": "Description"},
            {"key": "request_user", "value": r.randint(100, 9999), "valueCaption": f"{c.cust['first']} {c.cust['last']}", "keyCaption": "Request user"},
            {"key": "email", "value": jb.pos("EMAIL_ADDRESS", "email", "cust"), "keyCaption": "Email"},
            {"key": "insert_time", "value": jb.num_neg("ts_epoch"), "valueCaption": jb.ts("ts_us"), "keyCaption": "Request time"}]
    if r.random() < 0.8:
        info.append({"key": "phone", "value": jb.pos("PHONE_NUMBER", "phone") if c.region != "us" or r.random() < 0.5 else jb.num_pos("PHONE_NUMBER", "phone"),
                     "keyCaption": "Phone"})
    for i, (lab, v) in enumerate(cf_items(jb, cf, "sysaid")):
        info.append({"key": f"cust_text{i + 1}", "value": v, "valueCaption": None, "keyCaption": lab})
    notes = [{"userName": c.agent["first"], "createDate": jb.num_neg("ts_epoch"), "text": JS(agent_reply(c, tdef))}]
    if internal:
        notes.append({"userName": c.agent["first"], "createDate": jb.num_neg("ts_epoch"), "text": JS(internal_note(c, tdef, internal))})
    info.append({"key": "notes", "value": notes, "keyCaption": "Notes"})
    return {"id": JS([("N", str(tid), "json_id")]), "canUpdate": True, "canDelete": False, "canArchive": True, "hasChildren": False, "info": info}


def t_sdp(jb, tdef, ents, tid):
    c, r = jb.c, jb.c.r
    cf, body, internal = split_ents(r, ents)
    # udf keys carry no meaning: only self-evident values go there, the rest moves to the description
    udf_ents = [e for e in cf if e in SELF_EVIDENT]
    body += [e for e in cf if e not in SELF_EVIDENT]
    msg_seg = customer_message(c, tdef, body)
    udf = {}
    for i, e in enumerate(udf_ents):
        udf[f"udf_sline_{301 + i}"] = jb.cf_value(e, "udf_sline", e in NUMBERABLE and r.random() < 0.4)
    udf[f"udf_pick_{320}"] = r.choice(["Gold", "Standard", "Platinum"])
    udf[f"udf_sline_{330}"] = jb.neg(r.choice(["order_number", "invoice_number", "po_number", "serial_number"]))
    ms = jb.num_neg("ts_epoch")

    def t2(ms_num):
        return {"display_value": jb.ts("ts_us"), "value": JS([("N", str(ms_num.value) if isinstance(ms_num, JNum) else str(ms_num), "ts_epoch")])}
    req = {"id": JS([("N", num_avoid(r, 15), "json_id")]), "display_id": JS([("N", str(tid), "json_id")]), "subject": JS(subject(c, tdef)),
           "description": JS(html_of(c, msg_seg)),
           "requester": {"id": JS([("N", num_avoid(r, 15), "json_id")]), "name": f"{c.cust['first']} {c.cust['last']}",
                         "email_id": jb.pos("EMAIL_ADDRESS", "requester_email", "cust"),
                         "phone": jb.pos("PHONE_NUMBER", "requester_phone") if r.random() < 0.6 else None,
                         "mobile": jb.pos("PHONE_NUMBER", "requester_mobile") if r.random() < 0.4 else None, "is_vipuser": False},
           "created_time": t2(ms), "status": {"name": r.choice(["Open", "On Hold", "Resolved"])},
           "udf_fields": udf, "resolution": {"content": JS(html_of(c, agent_reply(c, tdef)))}}
    out = {"request": req, "response_status": {"status_code": 2000, "status": "success"}}
    if internal:
        out["notes"] = [{"id": JS([("N", num_avoid(r, 15), "json_id")]), "show_to_requester": False, "description": JS(html_of(c, internal_note(c, tdef, internal))),
                         "created_by": {"name": c.agent["first"], "email_id": jb.pos("EMAIL_ADDRESS", "note_author", "agent")}}]
    return out


def t_halopsa(jb, tdef, ents, tid):
    c, r = jb.c, jb.c.r
    cf, body, internal = split_ents(r, ents)
    msg_seg = customer_message(c, tdef, body)
    cfs = []
    for i, (lab, v) in enumerate(cf_items(jb, cf, "halopsa")):
        disp = text_twin(v)
        cfs.append({"id": 140 + i, "name": "CF" + camel(lab), "label": lab, "type": 0, "value": v, "display": disp})
    actions = [{"id": jb.id(10 ** 4, 10 ** 6), "ticket_id": jb.idn(tid), "outcome": "Email Update", "who": f"{c.cust['first']} {c.cust['last']}",
                "note": JS(msg_seg), "note_html": JS(html_of(c, msg_seg)), "emailfrom": jb.pos("EMAIL_ADDRESS", "emailfrom", "cust"),
                "emailto": jb.pos("EMAIL_ADDRESS", "emailto", "vendor_role") if r.random() < 0.5 else "", "datetime": jb.ts(), "hiddenfromuser": False},
               {"id": jb.id(10 ** 4, 10 ** 6), "ticket_id": jb.idn(tid), "outcome": "Agent Reply", "who": c.agent["first"], "note": JS(agent_reply(c, tdef)),
                "datetime": jb.ts(), "hiddenfromuser": False}]
    if internal:
        actions.append({"id": jb.id(10 ** 4, 10 ** 6), "ticket_id": jb.idn(tid), "outcome": "Private Note", "who": c.agent["first"],
                        "note": JS(internal_note(c, tdef, internal)), "datetime": jb.ts(), "hiddenfromuser": True})
    return {"id": jb.idn(tid), "summary": JS(subject(c, tdef)), "details": JS(html_of(c, msg_seg)), "user_id": jb.id(100, 9000),
            "user_name": f"{c.cust['first']} {c.cust['last']}", "user_emailaddress": jb.pos("EMAIL_ADDRESS", "user_emailaddress", "cust"),
            "client_name": c.co[0], "site_name": r.choice(["Main", "Head Office", "Branch 2"]),
            "emailcclist": JS([c.pos("EMAIL_ADDRESS", "other", "halopsa_emailcclist"), "; ", c.pos("EMAIL_ADDRESS", "role", "halopsa_emailcclist")]) if r.random() < 0.4 else "",
            "dateoccurred": jb.ts(), "deadlinedate": jb.ts(), "customfields": cfs, "actions": actions}


def t_freescout(jb, tdef, ents, tid):
    c, r = jb.c, jb.c.r
    cf, body, internal = split_ents(r, ents)
    msg_seg = customer_message(c, tdef, body)
    cust_email = jb.pos("EMAIL_ADDRESS", "customer_email", "cust")
    phones = [{"value": jb.pos("PHONE_NUMBER", "customer_phone"), "type": r.choice(["work", "mobile"])}] if r.random() < 0.7 else []
    customer = {"id": jb.id(100, 90000), "firstName": c.cust["first"], "lastName": c.cust["last"], "email": cust_email,
                "phones": phones, "company": c.co[0], "jobTitle": r.choice(TITLES_EN)}
    threads = [{"id": jb.id(), "type": "customer", "status": "active", "state": "published", "body": JS(html_of(c, msg_seg)),
                "source": {"type": "email", "via": "customer"}, "createdBy": {"id": jb.id(100, 90000), "type": "customer", "email": JS([cust_email.seg[0]])},
                "to": [jb.pos("EMAIL_ADDRESS", "thread_to", "vendor_role")] if r.random() < 0.5 else [], "cc": [], "bcc": [], "createdAt": jb.ts(),
                "_embedded": {"attachments": [{"id": jb.id(), "fileName": attachment_name(jb), "mimeType": "application/pdf",
                                               "size": jb.num_neg("byte_count")}] if r.random() < 0.5 else []}},
               {"id": jb.id(), "type": "message", "status": "active", "state": "published", "body": JS(html_of(c, agent_reply(c, tdef))),
                "source": {"type": "web", "via": "user"}, "createdBy": {"id": jb.id(1, 90), "type": "user"},
                "createdAt": jb.ts()}]
    if internal:
        threads.append({"id": jb.id(), "type": "note", "status": "active", "state": "published", "body": JS(html_of(c, internal_note(c, tdef, internal))),
                        "createdBy": {"id": jb.id(1, 90), "type": "user"}, "createdAt": jb.ts()})
    return {"id": jb.id(100, 9000), "number": jb.idn(tid), "type": "email", "folderId": r.randint(1, 40), "status": "active", "state": "published",
            "subject": JS(subject(c, tdef)), "preview": JS(benign_sentence(c, tdef)), "mailboxId": r.randint(1, 9),
            "customer": customer, "cc": [], "bcc": [],
            "customFields": [{"id": 4 + i, "name": lab, "value": v, "text": text_twin(v)}
                             for i, (lab, v) in enumerate(cf_items(jb, cf, "freescout"))],
            "createdAt": jb.ts(), "updatedAt": jb.ts(), "closedAt": None, "_embedded": {"threads": threads, "tags": []}}


def t_deskpro(jb, tdef, ents, tid):
    c, r = jb.c, jb.c.r
    cf, body, internal = split_ents(r, ents)
    msg_seg = customer_message(c, tdef, body)
    pid = r.randint(1000, 9999)
    fields = {}
    for i, (lab, v) in enumerate(cf_items(jb, cf, "deskpro")):
        fid = 12 + i
        fields[str(fid)] = {"id": fid, "title": lab, "value": v}
    mid1, mid2 = r.randint(100000, 999999), r.randint(100000, 999999)
    messages = {str(mid1): {"id": jb.idn(mid1), "ticket": jb.idn(tid), "person": pid, "message": JS(html_of(c, msg_seg)),
                            "message_preview": JS(benign_sentence(c, tdef)), "is_agent_note": False, "date_created": jb.ts(),
                            "ip_address": jb.pos("IP_ADDRESS", "message_ip") if r.random() < 0.6 else None},
                str(mid2): {"id": jb.idn(mid2), "ticket": jb.idn(tid), "person": 7, "message": JS(html_of(c, agent_reply(c, tdef))),
                            "is_agent_note": False, "date_created": jb.ts()}}
    if internal:
        mid3 = r.randint(100000, 999999)
        messages[str(mid3)] = {"id": jb.idn(mid3), "ticket": jb.idn(tid), "person": 7, "message": JS(html_of(c, internal_note(c, tdef, internal))),
                               "is_agent_note": True, "date_created": jb.ts()}
    person = {"id": pid, "name": f"{c.cust['first']} {c.cust['last']}", "primary_email": jb.pos("EMAIL_ADDRESS", "primary_email", "cust"),
              "emails": [jb.pos("EMAIL_ADDRESS", "emails", "other")] if r.random() < 0.5 else [],
              "phone_numbers": [{"number": jb.pos("PHONE_NUMBER", "phone_numbers"), "label": "mobile"}] if r.random() < 0.6 else [],
              "organization": {"id": r.randint(10, 999), "name": c.co[0]}}
    return {"data": {"id": jb.idn(tid), "ref": f"{_letters(r, 4)}-{r.randint(1000, 9999)}-{_letters(r, 4)}", "subject": JS(subject(c, tdef)),
                     "status": r.choice(["awaiting_agent", "awaiting_user", "resolved"]), "urgency": r.randint(1, 10), "person": pid, "agent": 7,
                     "department": r.randint(1, 9), "date_created": jb.ts(), "date_status": jb.ts(), "fields": fields,
                     "ticket_hash": JS([c.neg("hex_hash")])},
            "linked": {"person": {str(pid): person}, "ticket_message": messages}}


def t_znuny(jb, tdef, ents, tid):
    c, r = jb.c, jb.c.r
    cf, body, internal = split_ents(r, ents)
    msg_seg = customer_message(c, tdef, body)
    cust_email = c.pos("EMAIL_ADDRESS", "cust", "znuny_from")
    d = rand_date(r, 2024, 2026)
    tn = f"{d.year}{d.month:02d}{d.day:02d}10{dd(r, 6)}"
    while luhn_ok(tn):
        tn = f"{d.year}{d.month:02d}{d.day:02d}10{dd(r, 6)}"
    arts = [{"ArticleID": JS([("N", str(r.randint(10 ** 5, 10 ** 7)), "json_id")]), "ArticleNumber": 1,
             "From": JS([f"\"{c.cust['first']} {c.cust['last']}\" <", cust_email, ">"]),
             "To": JS([f"{c.vendor[0]} <", c.pos("EMAIL_ADDRESS", "vendor_role", "znuny_to"), ">"]) if r.random() < 0.5 else f"{c.vendor[0]} Support",
             "Cc": JS([c.pos("EMAIL_ADDRESS", "other", "znuny_cc")]) if r.random() < 0.3 else "",
             "ReplyTo": JS([c.pos("EMAIL_ADDRESS", "role", "znuny_replyto")]) if r.random() < 0.3 else "",
             "Subject": JS(subject(c, tdef)), "Body": JS(msg_seg), "ContentType": "text/plain; charset=utf-8", "CreateTime": jb.ts("ts_log"),
             "SenderType": "customer", "IsVisibleForCustomer": 1, "MessageID": JS([c.neg("message_id")]),
             "Attachment": [{"Filename": attachment_name(jb), "ContentType": "application/pdf", "FilesizeRaw": jb.num_neg("byte_count"),
                             "Filesize": f"{r.randint(12, 900)}.{r.randint(1, 9)} KBytes"}] if r.random() < 0.5 else []},
            {"ArticleID": JS([("N", str(r.randint(10 ** 5, 10 ** 7)), "json_id")]), "ArticleNumber": 2,
             "From": JS([f"\"{c.agent['first']} via {c.vendor[0]}\" <", c.pos("EMAIL_ADDRESS", "agent", "znuny_from"), ">"]),
             "Subject": JS(["RE: "] + subject(c, tdef)), "Body": JS(agent_reply(c, tdef)), "CreateTime": jb.ts("ts_log"),
             "SenderType": "agent", "IsVisibleForCustomer": 1}]
    if internal:
        arts.append({"ArticleID": JS([("N", str(r.randint(10 ** 5, 10 ** 7)), "json_id")]), "ArticleNumber": 3, "From": c.agent["first"],
                     "Subject": "Note", "Body": JS(internal_note(c, tdef, internal)), "CreateTime": jb.ts("ts_log"),
                     "SenderType": "agent", "IsVisibleForCustomer": 0})
    dyn = [{"Name": camel(lab), "Value": v} for lab, v in cf_items(jb, cf, "znuny")] + [{"Name": "ProcessManagementActivityID", "Value": None}]
    return {"Ticket": [{"TicketID": JS([("N", str(tid), "json_id")]), "TicketNumber": JS([("N", tn, "ticket_ref")]), "Title": JS(subject(c, tdef)),
                        "Queue": r.choice(["Billing::Disputes", "Support::Tier 2", "Clinical::Integrations", "IT::Service Desk"]),
                        "State": r.choice(["open", "new", "pending reminder"]), "Priority": "3 normal", "CustomerID": c.co[0],
                        "CustomerUserID": JS([("P", cust_email[1], cust_email[2], cust_email[3].rsplit(".", 1)[0] + ".znuny_customeruserid")]),
                        "Owner": c.agent["first"].lower(), "Created": jb.ts("ts_log"), "Changed": jb.ts("ts_log"),
                        "DynamicField": dyn, "Article": arts}]}


def t_rt(jb, tdef, ents, tid):
    c, r = jb.c, jb.c.r
    cf, body, internal = split_ents(r, ents)
    msg_seg = customer_message(c, tdef, body)
    host = f"https://rt.{c.vendor[1]}/REST/2.0"
    req_email = jb.pos("EMAIL_ADDRESS", "requestor", "cust")
    txns = [{"id": jb.id(), "Type": "Create", "Created": jb.ts(), "Content": JS(msg_seg)},
            {"id": jb.id(), "Type": "Correspond", "Created": jb.ts(), "Content": JS(agent_reply(c, tdef))}]
    hist_ents = [e for e in ents if e in ("PHONE_NUMBER", "EMAIL_ADDRESS", "CREDIT_CARD", "IBAN_CODE", "IP_ADDRESS")]
    for e in hist_ents[:1]:
        fr, to = history_change(jb, e)
        txns.append({"id": jb.id(), "Type": "CustomField", "Field": r.choice(CF_LABELS[e]), "OldValue": fr, "NewValue": to, "Created": jb.ts()})
    if internal:
        txns.append({"id": jb.id(), "Type": "Comment", "Created": jb.ts(), "Content": JS(internal_note(c, tdef, internal))})
    uid = r.randint(100, 9999)
    qid = r.randint(1, 30)
    return {"id": jb.idn(tid), "type": "ticket", "Subject": JS(subject(c, tdef)), "Status": r.choice(["open", "new", "stalled"]),
            "Queue": {"id": str(qid), "type": "queue", "_url": f"{host}/queue/{qid}"},
            "Owner": {"id": c.agent["first"].lower(), "type": "user", "_url": f"{host}/user/{r.randint(10, 99)}"},
            "Requestor": [{"id": req_email, "type": "user", "_url": f"{host}/user/{uid}"}],
            "Cc": [{"id": jb.pos("EMAIL_ADDRESS", "cc", "other"), "type": "user", "_url": f"{host}/user/{uid + 1}"}] if r.random() < 0.35 else [],
            "Created": jb.ts(), "LastUpdated": jb.ts(), "TimeWorked": str(r.randint(0, 120)),
            "CustomFields": [{"id": str(7 + i), "name": lab, "type": "customfield", "values": [v]} for i, (lab, v) in enumerate(cf_items(jb, cf, "rt"))],
            "_hyperlinks": [{"ref": "self", "type": "ticket", "id": jb.idn(tid), "_url": JS([f"{host}/ticket/", ("N", str(tid), "json_id")])}],
            "_transactions": txns}


SHAPE_FN = {"gorgias": t_gorgias, "reamaze": t_reamaze, "liveagent": t_liveagent, "sysaid": t_sysaid, "sdp": t_sdp,
            "halopsa": t_halopsa, "freescout": t_freescout, "deskpro": t_deskpro, "znuny": t_znuny, "rt": t_rt}


# ----------------------------------------------------------------------------- materialise + check

def ptr_escape(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def materialize(obj):
    """-> (plain JSON object, labels [(ptr, cs, ce, ent, fmt, vtype, text)], negs [(ptr, cs, ce, kind, vtype, text)])."""
    labels, negs = [], []

    def walk(o, ptr):
        if isinstance(o, JS):
            text, spans, ng = render(o.seg)
            for a, b, e, f in spans:
                labels.append((ptr, a, b, e, f, None, text))
            for a, b, k in ng:
                negs.append((ptr, a, b, k, None, text))
            return text
        if isinstance(o, JNum):
            t = str(o.value)
            if o.kind == "P":
                labels.append((ptr, 0, len(t), o.label, o.fmt, "number", t))
            else:
                negs.append((ptr, 0, len(t), o.label, "number", t))
            return o.value
        if isinstance(o, dict):
            return {k: walk(v, f"{ptr}/{ptr_escape(k)}") for k, v in o.items()}
        if isinstance(o, list):
            return [walk(v, f"{ptr}/{i}") for i, v in enumerate(o)]
        return o

    return walk(obj, ""), labels, negs


def json_get(obj, ptr):
    if ptr in ("", "/"):
        return obj
    for part in ptr.lstrip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def json_parent(obj, ptr):
    parts = ptr.lstrip("/").split("/")
    return json_get(obj, "/" + "/".join(parts[:-1])) if len(parts) > 1 else obj


def ticket_problems(doc, labels, negs):
    """Checks for one ticket: values, context, claims, leaks in every string/number/key."""
    probs = []
    by_ptr = defaultdict(lambda: ([], []))
    for ptr, a, b, e, f, vt, text in labels:
        by_ptr[ptr][0].append((a, b, e, f))
    for ptr, a, b, k, vt, text in negs:
        by_ptr[ptr][1].append((a, b, k))
    whole = json.dumps(doc, ensure_ascii=False)

    def visit(o, ptr):
        if isinstance(o, dict):
            for k, v in o.items():
                if not (str(k).isdigit() and len(str(k)) <= 7):
                    for name, a, b, t in leak_scan(str(k), []):
                        probs.append(f"leak in key {k!r}")
                visit(v, f"{ptr}/{ptr_escape(k)}")
        elif isinstance(o, list):
            for i, v in enumerate(o):
                visit(v, f"{ptr}/{i}")
        elif isinstance(o, str):
            sp, ng = by_ptr.get(ptr, ([], []))
            for a, b, e, f in sp:
                v = o[a:b]
                if not value_ok(e, v):
                    probs.append(f"{ptr}: invalid {e} {v!r}")
                extra = ptr + " " + json.dumps(json_parent(doc, ptr), ensure_ascii=False)[:600]
                if not context_ok(e, o, a, b, extra):
                    probs.append(f"{ptr}: no context for {e} {v!r}")
                if e == "US_DEA" and not dea_initial_ok(o, a, v) and not dea_initial_ok(whole, whole.find(v), v):
                    probs.append(f"{ptr}: DEA initial {v!r}")
                if a > 0 and o[a - 1].isascii() and o[a - 1].isalnum():
                    probs.append(f"{ptr}: glued left {v!r}")
                if b < len(o) and o[b].isascii() and o[b].isalnum():
                    probs.append(f"{ptr}: glued right {v!r}")
            for a, b, k in ng:
                v = o[a:b]
                if not _claim_ok(k, v) or not generic_neg_ok(k, v):
                    probs.append(f"{ptr}: negative {k} fails its claim {v!r}")
            cov = [(a, b) for a, b, *_ in sp] + [(a, b) for a, b, _ in ng]
            for name, a, b, t in leak_scan(o, cov):
                probs.append(f"{ptr}: leak {name} {t!r}")
            for a, b, e, f in sp:
                v = o[a:b]
                i = o.find(v)
                while i >= 0 and len(v) >= 6:
                    if not any(s <= i < e2 for s, e2, *_ in sp):
                        probs.append(f"{ptr}: unlabelled repeat {v!r}")
                    i = o.find(v, i + 1)
        elif isinstance(o, bool) or o is None:
            pass
        elif isinstance(o, int):
            sp, ng = by_ptr.get(ptr, ([], []))
            if sp:
                e = sp[0][2]
                if not value_ok(e, str(o)):
                    probs.append(f"{ptr}: invalid number {e} {o}")
                extra = ptr + " " + json.dumps(json_parent(doc, ptr), ensure_ascii=False)[:600]
                if not context_ok(e, str(o), 0, len(str(o)), extra):
                    probs.append(f"{ptr}: no context for {e} {o}")
            elif ng:
                k = ng[0][2]
                if not _claim_ok(k, str(o)) or not generic_neg_ok(k, str(o)):
                    probs.append(f"{ptr}: negative {k} fails its claim {o}")
            elif abs(o) >= 10000:
                probs.append(f"{ptr}: unlisted number {o}")

    visit(doc, "")
    return probs


def dump_json(doc, style):
    if style == "indent2":
        return json.dumps(doc, indent=2, ensure_ascii=False)
    if style == "indent4":
        return json.dumps(doc, indent=4, ensure_ascii=False)
    if style == "minified":
        return json.dumps(doc, separators=(",", ":"), ensure_ascii=False)
    if style == "ascii4":
        return json.dumps(doc, indent=4, ensure_ascii=True)
    if style == "ascii2":
        return json.dumps(doc, indent=2, ensure_ascii=True)
    if style == "tabs":
        return json.dumps(doc, indent="\t", ensure_ascii=False)
    raise ValueError(style)


def make_ticket(plan, reg):
    i = plan["idx"]
    last = None
    for attempt in range(80):
        r = random.Random(f"{SEED}:ticket:{i}:{attempt}")
        c = Ctx(r, plan["lang"], plan["region"], plan["ntype"], vendor_for(plan["ntype"], plan["lang"]))
        jb = JB(c, plan["shape"])
        tdef = TYPES_EN.get(plan["ntype"]) if plan["lang"] == "en" else None
        tid = TICKET_BASE + i
        obj = SHAPE_FN[plan["shape"]](jb, tdef, list(plan["ents"]), r.randint(10000, 999999))
        doc, labels, negs = materialize(obj)
        probs = ticket_problems(doc, labels, negs)
        if not probs:
            sv = [(t[a:b], e) for ptr, a, b, e, f, vt, t in labels]
            nv = [(t[a:b], k) for ptr, a, b, k, vt, t in negs]
            conf = reg.conflicts(sv, nv)
            if conf:
                probs.append(conf)
        if not probs:
            reg.add(sv, nv)
            return doc, labels, negs
        last = probs
    raise GenError(f"ticket {i} ({plan['shape']}/{plan['ntype']}): {last[:5]}")


def generate_tickets(reg):
    files, label_rows, neg_rows = {}, [], []
    for plan in plan_tickets():
        doc, labels, negs = make_ticket(plan, reg)
        fname = f"ticket_{TICKET_BASE + plan['idx']}.json"
        files[fname] = dump_json(doc, plan["style"]) + "\n"
        for ptr, a, b, e, f, vt, text in labels:
            tab = char_to_byte(text)
            row = {"file": fname, "json_pointer": ptr, "start": tab[a], "end": tab[b], "cstart": a, "cend": b, "entity": e, "fmt": f,
                   "shape": plan["shape"]}
            if vt:
                row["value_type"] = vt
            label_rows.append(row)
        for ptr, a, b, k, vt, text in negs:
            tab = char_to_byte(text)
            row = {"file": fname, "json_pointer": ptr, "start": tab[a], "end": tab[b], "cstart": a, "cend": b, "kind": k, "shape": plan["shape"]}
            if vt:
                row["value_type"] = vt
            neg_rows.append(row)
    return files, label_rows, neg_rows

# =============================================================================================
# files, self-check, summary
# =============================================================================================

MIN_NOTES_PER_ENTITY = 60
MIN_JSON_PER_ENTITY = 20
MIN_HARD_NEGATIVES = 10_000


def generate_all():
    """-> {relative path: file content (str)} plus the in-memory records for the summary."""
    reg = Registry()
    notes = generate_notes(reg)
    tfiles, label_rows, neg_rows = generate_tickets(reg)
    out = {}
    out["notes.jsonl"] = "".join(json.dumps(n, ensure_ascii=False) + "\n" for n in notes)
    texts = [n["text"] for n in notes]
    out["corpus.txt"] = "\n\n".join(texts)
    idx, boff, coff = [], 0, 0
    for n in notes:
        bl, cl = len(n["text"].encode("utf-8")), len(n["text"])
        idx.append(json.dumps({"id": n["id"], "byte_offset": boff, "byte_len": bl, "char_offset": coff, "char_len": cl}) + "\n")
        boff += bl + 2
        coff += cl + 2
    out["corpus_index.jsonl"] = "".join(idx)
    for fname, content in tfiles.items():
        out[f"notes_json/{fname}"] = content
    out["notes_json/labels.jsonl"] = "".join(json.dumps(r_, ensure_ascii=False) + "\n" for r_ in label_rows)
    out["json_hard_negatives.jsonl"] = "".join(json.dumps(r_, ensure_ascii=False) + "\n" for r_ in neg_rows)
    return out


def write_all(files):
    (HERE / "notes_json").mkdir(exist_ok=True)
    for p in (HERE / "notes_json").glob("ticket_*.json"):
        if f"notes_json/{p.name}" not in files:
            p.unlink()
    for rel, content in files.items():
        with open(HERE / rel, "w", encoding="utf-8", newline="") as f:
            f.write(content)


def read_jsonl(path):
    return [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]


def validate_disk():
    """Full validation of the files on disk. Returns (problems, stats)."""
    probs = []
    notes = read_jsonl(HERE / "notes.jsonl")
    ids = [n["id"] for n in notes]
    if len(set(ids)) != len(ids):
        probs.append("duplicate note ids")
    pos_norm, neg_norm = {}, set()
    stats = {"notes_pos": Counter(), "notes_neg": Counter(), "json_pos": Counter(), "json_neg": Counter(), "json_numbers": 0,
             "fmt": Counter(), "place": Counter(), "lang": Counter(), "type": Counter(), "shape": Counter(), "benign": 0, "crlf": 0,
             "json_shape": Counter(), "json_place": Counter(), "json_neg_numbers": 0, "langs_json": Counter()}
    for n in notes:
        t = n["text"]
        tb = t.encode("utf-8")
        spans, negs = [], []
        for s in n["spans"]:
            if tb[s["start"]:s["end"]].decode("utf-8") != t[s["cstart"]:s["cend"]]:
                probs.append(f"{n['id']}: byte/char offsets disagree for {s}")
            spans.append((s["cstart"], s["cend"], s["entity"], s["fmt"]))
            stats["notes_pos"][s["entity"]] += 1
            stats["fmt"][".".join(s["fmt"].split(".")[:2])] += 1
            stats["place"][s["fmt"].rsplit(".", 1)[1]] += 1
            pos_norm[norm_value(t[s["cstart"]:s["cend"]])] = s["entity"]
        for h in n["hard_negatives"]:
            if tb[h["start"]:h["end"]].decode("utf-8") != t[h["cstart"]:h["cend"]]:
                probs.append(f"{n['id']}: byte/char offsets disagree for {h}")
            negs.append((h["cstart"], h["cend"], h["kind"]))
            stats["notes_neg"][h["kind"]] += 1
            v = norm_value(t[h["cstart"]:h["cend"]])
            if len(v) >= 6:
                neg_norm.add(v)
        for p in note_problems(t, spans, negs):
            probs.append(f"{n['id']}: {p}")
        if not spans and "benign" not in n["tags"]:
            probs.append(f"{n['id']}: no positive but not tagged benign")
        stats["lang"][n["tags"][0]] += 1
        stats["type"][n["tags"][1]] += 1
        stats["shape"][n["category"]] += 1
        stats["benign"] += not spans
        stats["crlf"] += "crlf" in n["tags"]
    # corpus.txt and its index
    with open(HERE / "corpus.txt", encoding="utf-8", newline="") as f:
        corpus = f.read()
    if corpus != "\n\n".join(n["text"] for n in notes):
        probs.append("corpus.txt is not the note texts joined by a blank line")
    cb = corpus.encode("utf-8")
    for row, n in zip(read_jsonl(HERE / "corpus_index.jsonl"), notes):
        if row["id"] != n["id"] or cb[row["byte_offset"]:row["byte_offset"] + row["byte_len"]].decode("utf-8") != n["text"] or \
                corpus[row["char_offset"]:row["char_offset"] + row["char_len"]] != n["text"]:
            probs.append(f"corpus_index row for {row['id']} does not match")
    # ticket JSON
    labels = read_jsonl(HERE / "notes_json" / "labels.jsonl")
    jnegs = read_jsonl(HERE / "json_hard_negatives.jsonl")
    files = sorted(p.name for p in (HERE / "notes_json").glob("ticket_*.json"))
    docs = {}
    for f in files:
        try:
            docs[f] = json.loads((HERE / "notes_json" / f).read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            probs.append(f"notes_json/{f} is not valid JSON: {e}")
    files = sorted(docs)
    per_file = defaultdict(lambda: ([], []))
    for row in labels:
        if row["file"] not in docs:
            probs.append(f"label for missing file {row['file']}")
            continue
        try:
            v = json_get(docs[row["file"]], row["json_pointer"])
        except (KeyError, IndexError, ValueError, TypeError):
            probs.append(f"pointer does not resolve: {row['file']}#{row['json_pointer']}")
            continue
        if row.get("value_type") == "number":
            if not (isinstance(v, int) and not isinstance(v, bool)):
                probs.append(f"value_type number but not a number: {row['file']}#{row['json_pointer']}")
                continue
            text = str(v)
            stats["json_numbers"] += 1
        else:
            if not isinstance(v, str):
                probs.append(f"label on a non-string without value_type: {row['file']}#{row['json_pointer']}")
                continue
            text = v
        if text.encode("utf-8")[row["start"]:row["end"]].decode("utf-8") != text[row["cstart"]:row["cend"]]:
            probs.append(f"byte/char offsets disagree: {row}")
        per_file[row["file"]][0].append((row["json_pointer"], row["cstart"], row["cend"], row["entity"], row["fmt"], row.get("value_type"), text))
        stats["json_pos"][row["entity"]] += 1
        stats["json_shape"][row["shape"]] += 1
        stats["json_place"][row["fmt"].rsplit(".", 1)[1]] += 1
        pos_norm[norm_value(text[row["cstart"]:row["cend"]])] = row["entity"]
    for row in jnegs:
        if row["file"] not in docs:
            probs.append(f"negative for missing file {row['file']}")
            continue
        try:
            v = json_get(docs[row["file"]], row["json_pointer"])
        except (KeyError, IndexError, ValueError, TypeError):
            probs.append(f"pointer does not resolve: {row['file']}#{row['json_pointer']}")
            continue
        text = str(v) if row.get("value_type") == "number" else v
        if not isinstance(text, str):
            probs.append(f"negative on a non-string: {row['file']}#{row['json_pointer']}")
            continue
        if row.get("value_type") == "number":
            stats["json_neg_numbers"] += 1
        if text.encode("utf-8")[row["start"]:row["end"]].decode("utf-8") != text[row["cstart"]:row["cend"]]:
            probs.append(f"byte/char offsets disagree: {row}")
        per_file[row["file"]][1].append((row["json_pointer"], row["cstart"], row["cend"], row["kind"], row.get("value_type"), text))
        stats["json_neg"][row["kind"]] += 1
        nv = norm_value(text[row["cstart"]:row["cend"]])
        if len(nv) >= 6:
            neg_norm.add(nv)
    for f in files:
        lab, ng = per_file[f]
        for p in ticket_problems(docs[f], lab, ng):
            probs.append(f"{f}: {p}")
    both = set(pos_norm) & neg_norm
    for v in sorted(both)[:10]:
        probs.append(f"value is labelled somewhere and a hard negative elsewhere: {v}")
    # aims
    for e in ENTITIES:
        if stats["notes_pos"][e] < MIN_NOTES_PER_ENTITY:
            probs.append(f"only {stats['notes_pos'][e]} {e} positives in the notes (< {MIN_NOTES_PER_ENTITY})")
        if stats["json_pos"][e] < MIN_JSON_PER_ENTITY:
            probs.append(f"only {stats['json_pos'][e]} {e} positives in the JSON set (< {MIN_JSON_PER_ENTITY})")
    nneg = sum(stats["notes_neg"].values()) + sum(stats["json_neg"].values())
    if nneg < MIN_HARD_NEGATIVES:
        probs.append(f"only {nneg} hard negatives (< {MIN_HARD_NEGATIVES})")
    if len(docs) != N_TICKETS or len(notes) != N_NOTES:
        probs.append(f"{len(notes)} notes / {len(files)} tickets")
    return probs, stats


def scorer_round_trip():
    """Feed the gold to the dev scorer as predictions: P = R = 1 (overlap and exact) on both sets."""
    import subprocess
    import tempfile
    score = HERE.parent.parent.parent / "shared" / "corpus" / "score.py"
    if not score.exists():
        return ["score.py not found: round trip skipped"], True
    probs = []
    with tempfile.TemporaryDirectory() as td:
        td = Path(td)
        idx = {r_["id"]: r_["byte_offset"] for r_ in read_jsonl(HERE / "corpus_index.jsonl")}
        with open(td / "np.jsonl", "w", encoding="utf-8") as f:
            for n in read_jsonl(HERE / "notes.jsonl"):
                for s in n["spans"]:
                    f.write(json.dumps({"start": idx[n["id"]] + s["start"], "end": idx[n["id"]] + s["end"], "entity": s["entity"]}) + "\n")
        (td / "sj").mkdir()
        for p in (HERE / "notes_json").glob("ticket_*.json"):
            obj = json.loads(p.read_text(encoding="utf-8"))

            def strn(o):
                if isinstance(o, bool) or o is None:
                    return o
                if isinstance(o, (int, float)):
                    return str(o)
                if isinstance(o, dict):
                    return {k: strn(v) for k, v in o.items()}
                if isinstance(o, list):
                    return [strn(v) for v in o]
                return o
            (td / "sj" / p.name).write_text(json.dumps(strn(obj), ensure_ascii=False), encoding="utf-8")
        (td / "sj" / "labels.jsonl").write_text((HERE / "notes_json" / "labels.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
        with open(td / "jp.jsonl", "w", encoding="utf-8") as f:
            for r_ in read_jsonl(HERE / "notes_json" / "labels.jsonl"):
                f.write(json.dumps({"file": r_["file"], "json_pointer": r_["json_pointer"], "start": r_["start"], "end": r_["end"], "entity": r_["entity"]}) + "\n")
        runs = [("notes", [sys.executable, str(score), str(HERE / "notes.jsonl"), str(td / "np.jsonl"), "--corpus-index", str(HERE / "corpus_index.jsonl")]),
                ("json", [sys.executable, str(score), str(td / "sj" / "labels.jsonl"), str(td / "jp.jsonl")])]
        for name, cmd in runs:
            out = subprocess.run(cmd, capture_output=True, text=True).stdout
            ok1 = "overall: P=1.000 R=1.000 F1=1.000" in out
            ok2 = "exact match: P=1.000 R=1.000 F1=1.000" in out
            if not (ok1 and ok2):
                probs.append(f"scorer round trip failed on the {name} set: " + " | ".join(l for l in out.splitlines() if "overall" in l or "exact" in l))
    return probs, False


def summary(stats):
    lines = []
    tgt_n, tgt_j = Counter(), Counter()
    for k, v in stats["notes_neg"].items():
        tgt_n[KIND_TARGET.get(k) or "other"] += v
    for k, v in stats["json_neg"].items():
        tgt_j[KIND_TARGET.get(k) or "other"] += v
    lines.append("| entity | notes + | notes − | JSON + | JSON − |")
    lines.append("|---|---:|---:|---:|---:|")
    for e in ENTITIES:
        lines.append(f"| {e} | {stats['notes_pos'][e]} | {tgt_n[e]} | {stats['json_pos'][e]} | {tgt_j[e]} |")
    lines.append(f"| other | – | {tgt_n['other']} | – | {tgt_j['other']} |")
    nk = len(stats["notes_neg"])
    jk = len(stats["json_neg"])
    lines.append(f"| **total** | **{sum(stats['notes_pos'].values())}** | **{sum(stats['notes_neg'].values())}** ({nk} kinds) | "
                 f"**{sum(stats['json_pos'].values())}** ({stats['json_numbers']} numbers) | **{sum(stats['json_neg'].values())}** ({jk} kinds) |")
    lines.append("")
    lines.append(f"hard negatives overall: {sum(stats['notes_neg'].values()) + sum(stats['json_neg'].values())}")
    lines.append(f"languages: {dict(stats['lang'])}")
    lines.append(f"note types: {dict(stats['type'].most_common())}")
    lines.append(f"shapes: {dict(stats['shape'].most_common())}; benign notes: {stats['benign']}; crlf notes: {stats['crlf']}")
    lines.append(f"JSON positives per shape: {dict(stats['json_shape'].most_common())}")
    lines.append("")
    lines.append("kinds (notes/JSON):")
    groups = defaultdict(list)
    for k in sorted(set(stats["notes_neg"]) | set(stats["json_neg"])):
        groups[KIND_TARGET.get(k) or "other"].append(f"`{k}` {stats['notes_neg'][k]}/{stats['json_neg'][k]}")
    for e in list(ENTITIES) + ["other"]:
        if groups[e]:
            lines.append(f"* **{e}**: " + ", ".join(groups[e]))
    lines.append("")
    lines.append("places (notes): " + ", ".join(f"`{k}` {v}" for k, v in stats["place"].most_common()))
    lines.append("places (JSON): " + ", ".join(f"`{k}` {v}" for k, v in stats["json_place"].most_common()))
    lines.append("fmt family.variant: " + ", ".join(f"`{k}` {v}" for k, v in stats["fmt"].most_common()))
    return "\n".join(lines)


def main(argv):
    check_only = "--check" in argv
    files = generate_all()
    if not check_only:
        write_all(files)
        print(f"wrote {len(files)} files under {HERE}")
    # 1. the files on disk equal a fresh in-memory run
    probs = []
    for rel, content in files.items():
        p = HERE / rel
        if not p.exists():
            probs.append(f"missing {rel}")
            continue
        with open(p, encoding="utf-8", newline="") as f:
            if f.read() != content:
                probs.append(f"{rel} differs from a fresh run with SEED {SEED}")
    for p in (HERE / "notes_json").glob("ticket_*.json"):
        if f"notes_json/{p.name}" not in files:
            probs.append(f"stale file notes_json/{p.name}")
    # 2. everything validated from the files on disk
    vp, stats = validate_disk()
    probs += vp
    # 3. scorer round trip
    if probs:
        rp, skipped = ["scorer round trip skipped: fix the problems above first"], True
    else:
        rp, skipped = scorer_round_trip()
        if not skipped:
            probs += rp
    print(summary(stats))
    if skipped:
        print(rp[0])
    if probs:
        print(f"\nSELF-CHECK FAILED: {len(probs)} problem(s)")
        for p in probs[:60]:
            print("  " + p)
        return 1
    print("\nself-check OK" + (" (round trip through score.py: P = R = F1 = 1.000, overlap and exact, notes and JSON)" if not skipped else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
