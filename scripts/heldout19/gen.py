#!/usr/bin/env python3
"""heldout19 -- "the people-operations desk, a thirteenth hand".

Deterministic generator (Python 3 standard library only) for a labelled synthetic held-out corpus:
400 text notes (corpus.txt, notes.jsonl, corpus_index.jsonl) and 160 ticket-JSON responses
(notes_json/ticket_1900001.json ... , notes_json/labels.jsonl, json_hard_negatives.jsonl).

    python3 gen.py            # write everything, then self-check (exit 1 on any problem)
    python3 gen.py --check    # regenerate in memory, compare with the files on disk, self-check, print counts
    python3 gen.py --out DIR  # write into DIR instead of this folder
"""
from __future__ import annotations

import argparse
import base64
import datetime as dt
import html
import json
import random
import re
import struct
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path

SEED = 19191919
HERE = Path(__file__).resolve().parent
N_NOTES = 400
N_TICKETS = 160
TICKET_BASE = 1900000

ENTITIES = ("CREDIT_CARD", "US_SSN", "EMAIL_ADDRESS", "PHONE_NUMBER", "IBAN_CODE", "ABA_ROUTING_NUMBER",
            "IP_ADDRESS", "MEDICAL_RECORD_NUMBER", "US_NPI", "DATE_OF_BIRTH", "UK_NHS", "US_DEA",
            "AWS_ACCESS_KEY", "GITHUB_TOKEN", "PRIVATE_KEY")

# ============================================================================ checksums


def digits(s):
    return re.sub(r"\D", "", s)


def luhn_sum(ds):
    tot = 0
    for i, ch in enumerate(reversed(ds)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        tot += d
    return tot % 10


def luhn_ok(ds):
    return ds.isdigit() and luhn_sum(ds) == 0


def luhn_complete(prefix):
    for c in "0123456789":
        if luhn_ok(prefix + c):
            return prefix + c
    raise AssertionError


def npi_ok(ds):
    return len(ds) == 10 and ds.isdigit() and ds[0] in "12" and luhn_ok("80840" + ds)


def aba_ok(ds):
    if len(ds) != 9 or not ds.isdigit():
        return False
    d = [int(c) for c in ds]
    return (3 * (d[0] + d[3] + d[6]) + 7 * (d[1] + d[4] + d[7]) + (d[2] + d[5] + d[8])) % 10 == 0


def aba_prefix_ok(ds):
    p = int(ds[:2])
    return 1 <= p <= 12 or 21 <= p <= 32 or 61 <= p <= 72 or p == 80


def nhs_check(ds9):
    s = sum(int(c) * (10 - i) for i, c in enumerate(ds9))
    r = 11 - s % 11
    if r == 11:
        return 0
    return None if r == 10 else r


def nhs_ok(ds):
    if len(ds) != 10 or not ds.isdigit():
        return False
    c = nhs_check(ds[:9])
    return c is not None and c == int(ds[9])


def dea_check(d6):
    d = [int(c) for c in d6]
    return (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10


def dea_ok(s):
    return bool(re.fullmatch(r"[ABFGM][A-Z9]\d{7}", s)) and dea_check(s[2:8]) == int(s[8])


def ssn_ok(ds):
    if len(ds) != 9 or not ds.isdigit():
        return False
    a, g, s = ds[:3], ds[3:5], ds[5:]
    return a not in ("000", "666") and a[0] != "9" and g != "00" and s != "0000" and ds not in ("078051120", "219099999", "123456789")


def iban_mod(s):
    s = s[4:] + s[:4]
    num = "".join(str(int(c, 36)) for c in s)
    return int(num) % 97


def iban_ok(s):
    s = re.sub(r"\s", "", s)
    return bool(re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]+", s)) and IBAN_LEN.get(s[:2]) == len(s) and iban_mod(s) == 1


def iban_make(cc, bban):
    chk = 98 - iban_mod(cc + "00" + bban)
    return f"{cc}{chk:02d}{bban}"


IBAN_LEN = {"GB": 22, "IE": 22, "ES": 24, "PT": 25, "IT": 27, "NL": 18, "PL": 28, "SE": 24, "BR": 29}

ES_W = [1, 2, 4, 8, 5, 10, 9, 7, 3, 6]


def es_dc(ten):
    r = 11 - sum(int(c) * w for c, w in zip(ten, ES_W)) % 11
    return {10: 1, 11: 0}.get(r, r)


def pt_nib_check(nineteen):
    return 98 - (int(nineteen) * 100) % 97


CIN_ODD = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]


def _cin_val(c):
    return int(c) if c.isdigit() else ord(c) - 65


def it_check_char(s):
    """Italian check character (CIN of an IBAN over ABI+CAB+account, or codice fiscale over 15 chars)."""
    tot = 0
    for i, c in enumerate(s):
        v = _cin_val(c)
        tot += CIN_ODD[v] if i % 2 == 0 else v
    return chr(65 + tot % 26)


def nl_elfproef(ten):
    return sum(int(c) * (10 - i) for i, c in enumerate(ten)) % 11 == 0


PL_W = [3, 9, 7, 1, 3, 9, 7]


def pl_sort_check(seven):
    return (10 - sum(int(c) * w for c, w in zip(seven, PL_W)) % 10) % 10


def iban_national_ok(s):
    s = re.sub(r"\s", "", s)
    cc, b = s[:2], s[4:]
    if cc == "ES":
        return es_dc("00" + b[:8]) == int(b[8]) and es_dc(b[10:]) == int(b[9])
    if cc == "PT":
        return s[2:4] == "50" and pt_nib_check(b[:19]) == int(b[19:])
    if cc == "IT":
        return it_check_char(b[1:]) == b[0]
    if cc == "NL":
        return nl_elfproef(b[4:])
    if cc == "PL":
        return pl_sort_check(b[:7]) == int(b[7])
    return True


# Verhoeff (Aadhaar)
VH_D = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 0, 6, 7, 8, 9, 5], [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
        [3, 4, 0, 1, 2, 8, 9, 5, 6, 7], [4, 0, 1, 2, 3, 9, 5, 6, 7, 8], [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
        [6, 5, 9, 8, 7, 1, 0, 4, 3, 2], [7, 6, 5, 9, 8, 2, 1, 0, 4, 3], [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
        [9, 8, 7, 6, 5, 4, 3, 2, 1, 0]]
VH_P = [[0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 5, 7, 6, 2, 8, 3, 0, 9, 4], [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
        [8, 9, 1, 6, 0, 4, 3, 5, 2, 7], [9, 4, 5, 3, 1, 2, 6, 8, 7, 0], [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
        [2, 7, 9, 3, 8, 0, 6, 4, 1, 5], [7, 0, 4, 6, 9, 1, 3, 2, 5, 8]]
VH_INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9]


def verhoeff_ok(ds):
    c = 0
    for i, ch in enumerate(reversed(ds)):
        c = VH_D[c][VH_P[i % 8][int(ch)]]
    return c == 0


def verhoeff_complete(prefix):
    c = 0
    for i, ch in enumerate(reversed(prefix)):
        c = VH_D[c][VH_P[(i + 1) % 8][int(ch)]]
    return prefix + str(VH_INV[c])


NIF_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"


def cpf_digits(nine):
    d = [int(c) for c in nine]
    d1 = sum(v * (10 - i) for i, v in enumerate(d)) * 10 % 11 % 10
    d.append(d1)
    d2 = sum(v * (11 - i) for i, v in enumerate(d)) * 10 % 11 % 10
    return f"{d1}{d2}"


def pesel_check(ten):
    return (10 - sum(int(c) * w for c, w in zip(ten, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3])) % 10) % 10


def bsn_ok(ds):
    return len(ds) == 9 and (sum(int(c) * (9 - i) for i, c in enumerate(ds[:8])) - int(ds[8])) % 11 == 0


def tfn_ok(ds):
    return len(ds) == 9 and sum(int(c) * w for c, w in zip(ds, [1, 4, 3, 7, 5, 8, 6, 9, 10])) % 11 == 0


def ppsn_letter(seven):
    return "WABCDEFGHIJKLMNOPQRSTUV"[sum(int(c) * (8 - i) for i, c in enumerate(seven)) % 23]


def clabe_check(seventeen):
    w = [3, 7, 1] * 6
    return (10 - sum((int(c) * w[i]) % 10 for i, c in enumerate(seventeen)) % 10) % 10


B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def b62(n, width=6):
    s = ""
    while n:
        n, r = divmod(n, 62)
        s = B62[r] + s
    return s.rjust(width, "0")


def gh_ok(tok):
    m = re.fullmatch(r"(gh[pousr])_([A-Za-z0-9]{30})([A-Za-z0-9]{6})", tok)
    return bool(m) and b62(zlib.crc32(m.group(2).encode())) == m.group(3)


def date_valid8(ds):
    """True when 8 digits read as a calendar date with a year 1930-2025 (YYYYMMDD, MMDDYYYY or DDMMYYYY)."""
    if len(ds) != 8:
        return False
    for y, m, d in ((ds[:4], ds[4:6], ds[6:]), (ds[4:], ds[:2], ds[2:4]), (ds[4:], ds[2:4], ds[:2])):
        try:
            if 1930 <= int(y) <= 2025:
                dt.date(int(y), int(m), int(d))
                return True
        except ValueError:
            pass
    return False


def accidental(v):
    """Does some 8+ digit run of a negative pass a same-length checksum by accident?"""
    norm = re.sub(r"[\s.\-]", "", v)
    for r in re.findall(r"\d{8,}", norm):
        n = len(r)
        if n == 9 and aba_ok(r):
            return True
        if n == 10 and (npi_ok(r) or nhs_ok(r)):
            return True
        if 12 <= n <= 19 and luhn_ok(r):
            return True
        if n == 8 and date_valid8(r):
            return True
    return False


# ============================================================================ pieces


class Pc:
    """A piece of a document: literal text (kind 't'), a positive ('p', label=entity) or a negative ('n', label=kind)."""
    __slots__ = ("text", "kind", "label", "fmt")

    def __init__(self, text, kind="t", label=None, fmt=None):
        self.text, self.kind, self.label, self.fmt = text, kind, label, fmt

    def with_text(self, text):
        return Pc(text, self.kind, self.label, self.fmt)


def T(s):
    return Pc(s)


def flatten(pieces):
    """-> text, [(cstart, cend, entity, fmt, value)], [(cstart, cend, kind, fmt, value)]"""
    out, spans, negs, pos = [], [], [], 0
    for pc in pieces:
        n = len(pc.text)
        if pc.kind == "p":
            spans.append((pos, pos + n, pc.label, pc.fmt, pc.text))
        elif pc.kind == "n":
            negs.append((pos, pos + n, pc.label, pc.fmt, pc.text))
        out.append(pc.text)
        pos += n
    return "".join(out), spans, negs


# ============================================================================ regions, names, words

REGIONS = {
    # region: (lang, phone cc)
    "US": ("en", "1"), "CA": ("en", "1"), "UK": ("en", "44"), "IE": ("en", "353"), "AU": ("en", "61"),
    "IN": ("en", "91"), "ES": ("es", "34"), "MX": ("es", "52"), "PT": ("pt", "351"), "BR": ("pt", "55"),
    "IT": ("it", "39"), "NL": ("nl", "31"), "PL": ("pl", "48"), "SE": ("sv", "46"),
}

NAMES = {
    "US": (["Darnell", "Whitney", "Corbin", "Lucinda", "Marisol", "Tobias", "Kendra", "Everett", "Rosalind", "Quentin",
            "Yesenia", "Harlan", "Bethany", "Desmond", "Priya", "Wendell", "Joanna", "Ignacio", "Shauna", "Malcolm",
            "Trina", "Dwight", "Colleen", "Rafael", "Noelle", "Garrett", "Imani", "Lionel", "Felicia", "Brent"],
           ["Okafor", "Lindqvist", "Marchetti", "Dunleavy", "Prescott", "Abernathy", "Villalobos", "Haskins", "Whitcomb",
            "Nakamura", "Gallagher", "Fairbanks", "Osei", "Kowalczyk", "Rinehart", "Delacroix", "Pemberton", "Tran",
            "Castellano", "Holloway", "Mbeki", "Strickland", "Yoder", "Baptiste", "Thornbury", "Alvarado", "McKinnon",
            "Sorensen", "Ridley", "Quintero"]),
    "CA": (["Genevieve", "Mathieu", "Ashlyn", "Connor", "Marie-Eve", "Jasdeep", "Tessa", "Rowan", "Yannick", "Keira"],
           ["Tremblay", "Gagnon", "Bouchard", "MacLeod", "Sandhu", "Pelletier", "Fraser", "Lachance", "Chow", "Bergeron"]),
    "UK": (["Harriet", "Callum", "Niamh", "Rhys", "Imogen", "Tariq", "Eleanor", "Jamal", "Poppy", "Angus"],
           ["Ashworth", "Pennington", "Bhatt", "Cartwright", "Featherstone", "Oyelaran", "Hargreaves", "McAllister",
            "Lowther", "Rahman"]),
    "IE": (["Aoife", "Cian", "Siobhan", "Darragh", "Orla", "Eoin", "Grainne", "Padraig", "Clodagh", "Ronan"],
           ["O'Sullivan", "Byrne", "Kavanagh", "Brennan", "Doherty", "Fitzgerald", "Mulcahy", "Nolan", "Quinlan", "Geraghty"]),
    "AU": (["Lachlan", "Matilda", "Hamish", "Sienna", "Jarrah", "Brodie", "Ainsley", "Tahlia", "Fergus", "Indi"],
           ["Whitlock", "Nguyen", "Pratt", "Kelleher", "Tsang", "Barnett", "Mancini", "Holcombe", "Papadakis", "Dunstan"]),
    "IN": (["Aarav", "Ishita", "Karthik", "Meenakshi", "Rohan", "Sneha", "Vikram", "Ananya", "Siddharth", "Lakshmi"],
           ["Raghunathan", "Deshpande", "Iyer", "Chatterjee", "Malhotra", "Kulkarni", "Venkatesan", "Bhattacharya",
            "Reddy", "Saxena"]),
    "ES": (["Lucía", "Álvaro", "Nerea", "Íñigo", "Rocío", "Sergio", "Marta", "Jorge", "Ainhoa", "Raúl"],
           ["García Ortega", "Fernández Lozano", "Martín Arroyo", "Sánchez Peña", "Iglesias Romero", "Navarro Gil",
            "Domínguez Sáez", "Ruiz Cabello", "Herrero Vidal", "Castro Molina"]),
    "MX": (["Ximena", "Emiliano", "Guadalupe", "Santiago", "Itzel", "Rodrigo", "Fernanda", "Leonardo", "Citlali", "Mauricio"],
           ["Hernández Olvera", "Ramírez Tapia", "Cruz Espinoza", "Flores Zavala", "Morales Ibarra", "Reyes Cárdenas",
            "Gutiérrez Salas", "Mendoza Ayala", "Vázquez Luna", "Juárez Paredes"]),
    "PT": (["Inês", "João", "Beatriz", "Tiago", "Mariana", "Rui", "Leonor", "Duarte", "Catarina", "Gonçalo"],
           ["Carvalho Antunes", "Pereira Lopes", "Sousa Pinto", "Ferreira Matos", "Rodrigues Faria", "Almeida Neves",
            "Gomes Teixeira", "Marques Brandão", "Correia Vaz", "Ribeiro Mota"]),
    "BR": (["Thiago", "Larissa", "Gustavo", "Camila", "Rafaela", "Vinícius", "Juliana", "Matheus", "Letícia", "Caio"],
           ["da Silva Moreira", "Oliveira Campos", "Souza Barros", "Lima Cavalcanti", "Araújo Freitas", "Costa Rezende",
            "Nascimento Prado", "Barbosa Lacerda", "Rocha Medeiros", "Dias Fontes"]),
    "IT": (["Giulia", "Matteo", "Chiara", "Lorenzo", "Federica", "Alessandro", "Martina", "Davide", "Francesca", "Niccolò"],
           ["Bianchi", "Esposito", "Colombo", "Ricci", "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca"]),
    "NL": (["Sanne", "Daan", "Femke", "Joris", "Lotte", "Bram", "Eline", "Thijs", "Marloes", "Ruben"],
           ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "van Dijk"]),
    "PL": (["Agnieszka", "Paweł", "Katarzyna", "Tomasz", "Magdalena", "Krzysztof", "Joanna", "Michał", "Aleksandra", "Łukasz"],
           ["Kowalska", "Nowak", "Wiśniewski", "Wójcik", "Kamińska", "Lewandowski", "Zielińska", "Szymański", "Dąbrowska", "Kozłowski"]),
    "SE": (["Elin", "Oskar", "Maja", "Viktor", "Ebba", "Gustav", "Linnea", "Axel", "Saga", "Hugo"],
           ["Lindberg", "Johansson", "Åkesson", "Bergström", "Nyström", "Sjöberg", "Holmqvist", "Engström", "Lundgren", "Öberg"]),
}

FREEMAIL = {
    "US": ["gmail.com", "yahoo.com", "outlook.com", "icloud.com", "hotmail.com", "aol.com", "proton.me"],
    "CA": ["gmail.com", "outlook.com", "yahoo.ca", "videotron.ca", "shaw.ca"],
    "UK": ["gmail.com", "btinternet.com", "yahoo.co.uk", "outlook.com", "hotmail.co.uk"],
    "IE": ["gmail.com", "eircom.net", "outlook.ie", "hotmail.com"],
    "AU": ["gmail.com", "bigpond.com", "outlook.com.au", "optusnet.com.au"],
    "IN": ["gmail.com", "rediffmail.com", "yahoo.co.in", "outlook.com"],
    "ES": ["gmail.com", "hotmail.es", "yahoo.es", "telefonica.net"],
    "MX": ["gmail.com", "hotmail.com", "prodigy.net.mx", "outlook.com"],
    "PT": ["gmail.com", "sapo.pt", "hotmail.com", "outlook.pt"],
    "BR": ["gmail.com", "uol.com.br", "bol.com.br", "terra.com.br", "hotmail.com"],
    "IT": ["gmail.com", "libero.it", "virgilio.it", "alice.it", "tiscali.it"],
    "NL": ["gmail.com", "ziggo.nl", "kpnmail.nl", "hotmail.nl", "outlook.com"],
    "PL": ["gmail.com", "wp.pl", "o2.pl", "onet.pl", "interia.pl"],
    "SE": ["gmail.com", "hotmail.se", "telia.com", "outlook.com"],
}

# the employer and the vendors (all invented)
EMPLOYERS = [("Larkspur Freight Systems", "larkspurfreight.com"), ("Quillon Biotech", "quillonbio.com"),
             ("Harrowgate Hospitality Group", "harrowgatehg.com"), ("Tessellate Robotics", "tessellaterobotics.io"),
             ("Brambleton Credit Union", "brambletoncu.org"), ("Orrery Media", "orrerymedia.co"),
             ("Calder & Finch Engineering", "calderfinch.com"), ("Nimbus Ridge Software", "nimbusridge.dev")]
VENDORS = {
    "peo": [("StaffHarbor PEO", "staffharbor-peo.com"), ("Keystone People Partners", "keystonepeople.net")],
    "payroll": [("Ledgerline Payroll Bureau", "ledgerlinepayroll.com"), ("PayCadence", "paycadence.io")],
    "benefits": [("Brightpath Benefits Admin", "brightpathbenefits.com"), ("Enrollwise", "enrollwise.net")],
    "leave": [("Meridian Leave Services", "meridianleave.com"), ("ClaimCompass Disability", "claimcompass.com")],
    "screening": [("VeriTrace Screening", "veritracescreening.com"), ("Clearline Drug Testing", "clearlinetesting.com")],
    "immigration": [("Haddon & Pryce Immigration LLP", "haddonpryce-law.com"), ("Passage Visa Partners", "passagevisa.com")],
    "travel": [("Wayfarer Corporate Travel", "wayfarerct.com"), ("Northstar Relocation", "northstar-reloc.com")],
    "it": [("Kestrel IT Onboarding Desk", "kestrel-itdesk.com"), ("Onramp Managed IT", "onramp-mit.net")],
}
DOMAINS = ["onboarding_it", "payroll", "benefits", "leave", "screening", "immigration", "travel"]
DOMAIN_VENDOR = {"onboarding_it": "it", "payroll": "payroll", "benefits": "benefits", "leave": "leave",
                 "screening": "screening", "immigration": "immigration", "travel": "travel"}
AGENTS = ["Marguerite Ellison", "Dev Anand", "Sofia Brandt", "Terrence Obi", "Hollis Grant", "Ines Okoro",
          "Karan Mehta", "Lorelei Banks", "Whit Sandoval", "Yuki Tanabe", "Ramona Pruitt", "Odette Marsh"]
DOCTORS = [("Anika", "Raman"), ("Gregory", "Tillman"), ("Beatrix", "Holm"), ("Samuel", "Achebe"),
           ("Lena", "Fairweather"), ("Omar", "Haddad"), ("Cristina", "Valdez"), ("Wesley", "Kincaid"),
           ("Naomi", "Brightwell"), ("Victor", "Lau"), ("Hannah", "Zeller"), ("Julian", "Mercado")]
CLINICS = ["Cedar Hollow Family Medicine", "Riverside Orthopaedic Associates", "Lakemont Behavioral Health",
           "Summit Women's Health", "Brookfield Internal Medicine", "Northgate Urgent Care", "Harbor Spine & Sports"]
ICD10 = [("M54.50", "low back pain, unspecified"), ("S82.201A", "fracture of shaft of right tibia, initial encounter"),
         ("F32.1", "major depressive disorder, single episode, moderate"), ("O80", "encounter for full-term uncomplicated delivery"),
         ("K35.80", "acute appendicitis"), ("F41.1", "generalized anxiety disorder"), ("M75.101", "rotator cuff tear, right shoulder"),
         ("J18.9", "pneumonia, unspecified organism"), ("C50.911", "malignant neoplasm of right female breast"),
         ("I21.4", "NSTEMI"), ("Z34.90", "supervision of normal pregnancy"), ("G43.909", "migraine, not intractable")]

MONTHS = {
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
    "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
    "it": ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre"],
    "nl": ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"],
    "pl": ["stycznia", "lutego", "marca", "kwietnia", "maja", "czerwca", "lipca", "sierpnia", "września", "października", "listopada", "grudnia"],
    "sv": ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober", "november", "december"],
}


def fmt_date(d, style):
    y, m, dd = d.year, d.month, d.day
    en = MONTHS["en"][m - 1]
    table = {
        "us": f"{m:02d}/{dd:02d}/{y}", "us_short": f"{m}/{dd}/{y}", "us_dash": f"{m:02d}-{dd:02d}-{y}",
        "iso": f"{y}-{m:02d}-{dd:02d}", "us_long": f"{en} {dd}, {y}", "us_abbr": f"{en[:3]} {dd} {y}",
        "eu": f"{dd:02d}/{m:02d}/{y}", "eu_short": f"{dd}/{m}/{y}", "en_long": f"{dd} {en} {y}",
        "en_abbr": f"{dd:02d}-{en[:3]}-{y}", "dot": f"{dd:02d}.{m:02d}.{y}", "nl_dash": f"{dd:02d}-{m:02d}-{y}",
        "es_long": f"{dd} de {MONTHS['es'][m - 1]} de {y}", "pt_long": f"{dd} de {MONTHS['pt'][m - 1]} de {y}",
        "it_long": f"{dd} {MONTHS['it'][m - 1]} {y}", "nl_long": f"{dd} {MONTHS['nl'][m - 1]} {y}",
        "pl_long": f"{dd} {MONTHS['pl'][m - 1]} {y} r.", "sv_long": f"{dd} {MONTHS['sv'][m - 1]} {y}",
        "caps": f"{dd:02d} {en[:3].upper()} {y}", "asr": f"{m} {dd} {y}", "eu_asr": f"{dd} {m} {y}",
        "dmy_compact": f"{dd:02d}{m:02d}{y}", "ymd_compact": f"{y}{m:02d}{dd:02d}",
    }
    return table[style]


REGION_DATES = {
    "US": ["us", "us", "us_short", "us_long", "iso", "us_abbr", "us_dash"],
    "CA": ["iso", "iso", "us_long", "en_long"],
    "UK": ["eu", "eu", "en_long", "en_abbr", "eu_short"], "IE": ["eu", "en_long", "eu_short"],
    "AU": ["eu", "eu_short", "en_long"], "IN": ["eu", "nl_dash", "en_long", "en_abbr"],
    "ES": ["eu", "eu", "es_long"], "MX": ["eu", "es_long"], "PT": ["eu", "pt_long", "nl_dash"], "BR": ["eu", "pt_long"],
    "IT": ["eu", "it_long", "dot"], "NL": ["nl_dash", "nl_long", "eu"], "PL": ["dot", "pl_long", "iso"],
    "SE": ["iso", "sv_long", "iso"],
}


# ============================================================================ value makers

import unicodedata  # noqa: E402


def ascii_fold(s):
    s = s.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("'", "")
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def rdigits(rng, n, first=None):
    s = "".join(rng.choice("0123456789") for _ in range(n))
    if first:
        s = rng.choice(first) + s[1:]
    return s


NANP_AREAS = {"US": ["617", "312", "415", "206", "512", "303", "404", "713", "919", "602", "503", "614", "972",
                     "646", "801", "651", "704", "267", "858", "443"],
              "CA": ["416", "647", "604", "514", "403", "613", "780", "902", "778", "438"]}


def nanp_local(rng):
    while True:
        ex = rdigits(rng, 3, "23456789")
        if ex[1:] != "11" and ex != "555":
            return ex, rdigits(rng, 4)


def make_phone(rng, region, style=None, kind=None):
    """-> (text, fmt).  fmt is phone.<REGION>.<style>"""
    R = region
    if R in ("US", "CA"):
        if kind == "tollfree":
            a = rng.choice(["800", "888", "877", "866", "855", "844"])
            ex, ln = nanp_local(rng)
            st = style or rng.choice(["d1", "paren", "dash"])
            txt = {"d1": f"1-{a}-{ex}-{ln}", "paren": f"({a}) {ex}-{ln}", "dash": f"{a}-{ex}-{ln}"}[st]
            return txt, f"phone.{R}.tollfree_{st}"
        a = rng.choice(NANP_AREAS[R])
        ex, ln = nanp_local(rng)
        st = style or rng.choice(["paren", "paren", "dash", "dash", "dot", "space", "intl", "intl_dash", "e164", "one_paren"])
        txt = {"paren": f"({a}) {ex}-{ln}", "dash": f"{a}-{ex}-{ln}", "dot": f"{a}.{ex}.{ln}", "space": f"{a} {ex} {ln}",
               "intl": f"+1 {a} {ex} {ln}", "intl_dash": f"+1-{a}-{ex}-{ln}", "e164": f"+1{a}{ex}{ln}",
               "one_paren": f"1 ({a}) {ex}-{ln}"}[st]
        return txt, f"phone.{R}.{st}"
    if R == "UK":
        st = style or rng.choice(["mob", "mob", "mob_intl", "london", "london_intl", "manc"])
        if st.startswith("mob"):
            n = "7" + rng.choice("456789") + rdigits(rng, 8)
            txt = f"0{n[:4]} {n[4:]}" if st == "mob" else f"+44 {n[:4]} {n[4:]}"
        elif st.startswith("london"):
            n = "20" + rng.choice("378") + rdigits(rng, 7)
            txt = f"020 {n[2:6]} {n[6:]}" if st == "london" else f"+44 20 {n[2:6]} {n[6:]}"
        else:
            code = rng.choice(["161", "113", "121", "117"])
            rest = rdigits(rng, 7, "2345678")
            txt = f"0{code} {rest[:3]} {rest[3:]}"
        return txt, f"phone.UK.{st}"
    if R == "IE":
        st = style or rng.choice(["mob", "mob", "mob_intl", "dublin", "dublin_intl"])
        if st.startswith("mob"):
            p = rng.choice(["83", "85", "86", "87", "89"])
            r = rdigits(rng, 7, "23456789")
            txt = f"0{p} {r[:3]} {r[3:]}" if st == "mob" else f"+353 {p} {r[:3]} {r[3:]}"
        else:
            r = rdigits(rng, 7, "2345689")
            txt = f"(01) {r[:3]} {r[3:]}" if st == "dublin" else f"+353 1 {r[:3]} {r[3:]}"
        return txt, f"phone.IE.{st}"
    if R == "AU":
        st = style or rng.choice(["mob", "mob", "mob_intl", "syd", "syd_intl"])
        if st.startswith("mob"):
            r = "4" + rdigits(rng, 8, "0123456789")
            txt = f"0{r[:3]} {r[3:6]} {r[6:]}" if st == "mob" else f"+61 {r[:3]} {r[3:6]} {r[6:]}"
        else:
            a = rng.choice(["2", "3"])
            r = rdigits(rng, 8, "89")
            txt = f"(0{a}) {r[:4]} {r[4:]}" if st == "syd" else f"+61 {a} {r[:4]} {r[4:]}"
        return txt, f"phone.AU.{st}"
    if R == "IN":
        st = style or rng.choice(["mob_intl", "mob_intl", "mob_dash", "mob_zero", "blr"])
        if st.startswith("mob"):
            r = rdigits(rng, 10, "6789")
            txt = {"mob_intl": f"+91 {r[:5]} {r[5:]}", "mob_dash": f"+91-{r[:5]}-{r[5:]}", "mob_zero": f"0{r[:5]} {r[5:]}"}[st]
        else:
            r = "4" + rdigits(rng, 7)
            txt = f"080 {r[:4]} {r[4:]}"
        return txt, f"phone.IN.{st}"
    if R == "ES":
        st = style or rng.choice(["mob", "mob_intl", "mob_pairs", "mad"])
        if st.startswith("mob"):
            r = rng.choice("67") + rdigits(rng, 8)
            txt = {"mob": f"{r[:3]} {r[3:6]} {r[6:]}", "mob_intl": f"+34 {r[:3]} {r[3:6]} {r[6:]}",
                   "mob_pairs": f"+34 {r[:3]} {r[3:5]} {r[5:7]} {r[7:]}"}[st]
        else:
            r = "91" + rdigits(rng, 7, "2345")
            txt = f"{r[:2]} {r[2:5]} {r[5:7]} {r[7:]}"
        return txt, f"phone.ES.{st}"
    if R == "MX":
        st = style or rng.choice(["local", "intl", "paren", "intl_old"])
        a = rng.choice(["55", "33", "81"])
        r = rdigits(rng, 8, "123456789")
        txt = {"local": f"{a} {r[:4]} {r[4:]}", "intl": f"+52 {a} {r[:4]} {r[4:]}", "paren": f"({a}) {r[:4]}-{r[4:]}",
               "intl_old": f"+52 1 {a} {r[:4]} {r[4:]}"}[st]
        return txt, f"phone.MX.{st}"
    if R == "PT":
        st = style or rng.choice(["mob", "mob_intl", "lis"])
        if st.startswith("mob"):
            r = "9" + rng.choice("1236") + rdigits(rng, 7)
            txt = f"{r[:3]} {r[3:6]} {r[6:]}" if st == "mob" else f"+351 {r[:3]} {r[3:6]} {r[6:]}"
        else:
            r = "21" + rdigits(rng, 7, "1234")
            txt = f"{r[:3]} {r[3:6]} {r[6:]}"
        return txt, f"phone.PT.{st}"
    if R == "BR":
        st = style or rng.choice(["mob", "mob_intl", "mob_intl_paren", "fixo"])
        a = rng.choice(["11", "21", "31", "41", "61", "71"])
        if st.startswith("mob"):
            r = "9" + rdigits(rng, 8, "6789")
            txt = {"mob": f"({a}) {r[:5]}-{r[5:]}", "mob_intl": f"+55 {a} {r[:5]}-{r[5:]}",
                   "mob_intl_paren": f"+55 ({a}) {r[:5]}-{r[5:]}"}[st]
        else:
            r = rdigits(rng, 8, "234")
            txt = f"({a}) {r[:4]}-{r[4:]}"
        return txt, f"phone.BR.{st}"
    if R == "IT":
        st = style or rng.choice(["mob", "mob_intl", "mob_intl_compact", "mil"])
        if st.startswith("mob"):
            r = "3" + rng.choice("2345679") + rdigits(rng, 8)
            txt = {"mob": f"{r[:3]} {r[3:6]} {r[6:]}", "mob_intl": f"+39 {r[:3]} {r[3:6]} {r[6:]}",
                   "mob_intl_compact": f"+39 {r[:3]} {r[3:]}"}[st]
        else:
            a = rng.choice(["02", "06"])
            r = rdigits(rng, 8, "3456789")
            txt = f"{a} {r[:4]} {r[4:]}"
        return txt, f"phone.IT.{st}"
    if R == "NL":
        st = style or rng.choice(["mob_dash", "mob_pairs", "mob_intl", "mob_intl0", "ams"])
        r = rdigits(rng, 8, "123456")
        txt = {"mob_dash": f"06-{r}", "mob_pairs": f"06 {r[:2]} {r[2:4]} {r[4:6]} {r[6:]}", "mob_intl": f"+31 6 {r}",
               "mob_intl0": f"+31 (0)6 {r[:4]} {r[4:]}"}.get(st)
        if st == "ams":
            r = rdigits(rng, 7, "5679")
            txt = f"020-{r[:3]} {r[3:]}"
        return txt, f"phone.NL.{st}"
    if R == "PL":
        st = style or rng.choice(["mob", "mob_intl", "waw"])
        if st.startswith("mob"):
            r = rng.choice("5678") + rdigits(rng, 8)
            txt = f"{r[:3]} {r[3:6]} {r[6:]}" if st == "mob" else f"+48 {r[:3]} {r[3:6]} {r[6:]}"
        else:
            r = rdigits(rng, 7, "2345678")
            txt = f"+48 22 {r[:3]} {r[3:5]} {r[5:]}"
        return txt, f"phone.PL.{st}"
    if R == "SE":
        st = style or rng.choice(["mob", "mob_intl", "sthlm"])
        if st.startswith("mob"):
            r = "7" + rng.choice("02369") + rdigits(rng, 7)
            txt = f"0{r[:2]}-{r[2:5]} {r[5:7]} {r[7:]}" if st == "mob" else f"+46 {r[:2]} {r[2:5]} {r[5:7]} {r[7:]}"
        else:
            r = rdigits(rng, 8, "456")
            txt = f"08-{r[:3]} {r[3:6]} {r[6:]}"
        return txt, f"phone.SE.{st}"
    raise KeyError(R)


PHONE_NSN = {"US": (10, 10), "CA": (10, 10), "UK": (10, 10), "IE": (8, 9), "AU": (9, 9), "IN": (10, 10),
             "ES": (9, 9), "MX": (10, 11), "PT": (9, 9), "BR": (10, 11), "IT": (9, 10), "NL": (9, 9), "PL": (9, 9),
             "SE": (9, 9)}


def phone_ok(txt, fmt):
    region = fmt.split(".")[1]
    cc = REGIONS[region][1]
    t = txt.replace("(0)", "")
    ds = digits(t)
    if t.startswith("+"):
        if not ds.startswith(cc):
            return False
        nsn = ds[len(cc):]
    elif region in ("US", "CA"):
        nsn = ds[1:] if len(ds) == 11 and ds[0] == "1" else ds
    elif region in ("UK", "IE", "AU", "IN", "NL", "SE"):
        if not ds.startswith("0"):
            return False
        nsn = ds[1:]
    else:
        nsn = ds
    lo, hi = PHONE_NSN[region]
    if not lo <= len(nsn) <= hi:
        return False
    if region in ("US", "CA"):
        return nsn[0] in "23456789" and nsn[3] in "23456789" and nsn[1:3] != "11" and nsn[4:6] != "11"
    return True


# ---------------------------------------------------------------- cards
CARD_BRANDS = [("visa", 16, ["4"]), ("mc", 16, ["51", "52", "53", "54", "55", "2221", "2415", "2720"]),
               ("amex", 15, ["34", "37"]), ("disc", 16, ["6011", "65", "644", "649"]), ("jcb", 16, ["3528", "3566", "3589"]),
               ("diners", 14, ["36", "38"]), ("unionpay", 16, ["622", "624", "626"])]
TEST_PANS = ["4111111111111111", "4242424242424242", "5555555555554444", "378282246310005", "6011111111111117",
             "4000056655665556", "5105105105105100", "4012888888881881"]


def card_iin_ok(ds):
    n = len(ds)
    if ds[0] == "4":
        return n in (13, 16, 19)
    if ds[:2] in ("34", "37"):
        return n == 15
    if 51 <= int(ds[:2]) <= 55 or 2221 <= int(ds[:4]) <= 2720:
        return n == 16
    if ds[:4] == "6011" or ds[:2] == "65" or 644 <= int(ds[:3]) <= 649:
        return 16 <= n <= 19
    if 3528 <= int(ds[:4]) <= 3589:
        return 16 <= n <= 19
    if ds[:2] in ("36", "38"):
        return n == 14
    if ds[:3] in ("622", "624", "626"):
        return n in (16, 19)
    return False


def card_ok(s):
    ds = digits(s)
    return luhn_ok(ds) and card_iin_ok(ds) and ds not in TEST_PANS


def make_card(rng, brand=None):
    b = next(x for x in CARD_BRANDS if x[0] == brand) if brand else rng.choice(CARD_BRANDS[:5] * 3 + CARD_BRANDS)
    while True:
        pre = rng.choice(b[2])
        ds = luhn_complete(pre + rdigits(rng, b[1] - len(pre) - 1))
        if card_ok(ds):
            return b[0], ds


def fmt_card(ds, style):
    n = len(ds)
    if style == "plain":
        return ds
    if n == 15:
        g = [ds[:4], ds[4:10], ds[10:]]
    elif n == 14:
        g = [ds[:4], ds[4:10], ds[10:]]
    else:
        g = [ds[i:i + 4] for i in range(0, n, 4)]
    return {"space": " ".join(g), "dash": "-".join(g), "pairs": " ".join(ds[i:i + 2] for i in range(0, n, 2)),
            "asr_single": " ".join(ds)}[style]


# ---------------------------------------------------------------- banking
def make_aba(rng):
    while True:
        p = rng.choice(["01", "02", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "21", "22", "26",
                        "27", "28", "31", "32", "61", "63", "65", "67", "71", "72"])
        s = p + rdigits(rng, 6)
        for c in "0123456789":
            if aba_ok(s + c):
                return s + c


def make_iban(rng, region):
    while True:
        if region in ("UK", "IE"):
            cc = "GB" if region == "UK" else "IE"
            bank = rng.choice(["NWBK", "BARC", "LOYD", "HBUK", "MIDL"] if cc == "GB" else ["AIBK", "BOFI", "IPBS"])
            iban = iban_make(cc, bank + rdigits(rng, 6, "123456789") + rdigits(rng, 8, "123456789"))
        elif region == "ES":
            ent_off = rng.choice(["2100", "0049", "0182", "0081", "2085"]) + rdigits(rng, 4)
            acct = rdigits(rng, 10)
            bban = ent_off + str(es_dc("00" + ent_off)) + str(es_dc(acct)) + acct
            iban = iban_make("ES", bban)
        elif region == "PT":
            n = rng.choice(["0035", "0033", "0007", "0010"]) + rdigits(rng, 4) + rdigits(rng, 11)
            iban = iban_make("PT", n + f"{pt_nib_check(n):02d}")
        elif region == "IT":
            rest = rng.choice(["03069", "02008", "05034", "03062"]) + rdigits(rng, 5, "0123") + "0000" + rdigits(rng, 8)
            iban = iban_make("IT", it_check_char(rest) + rest)
        elif region == "NL":
            acct = rdigits(rng, 10, "0")
            acct = "0" + rdigits(rng, 9, "123456789")
            if not nl_elfproef(acct):
                continue
            iban = iban_make("NL", rng.choice(["ABNA", "RABO", "SNSB"]) + acct)
        elif region == "PL":
            s7 = rng.choice(["1020", "1140", "1050", "1090", "1240"]) + rdigits(rng, 3)
            iban = iban_make("PL", s7 + str(pl_sort_check(s7)) + rdigits(rng, 16))
        elif region == "SE":
            iban = iban_make("SE", rng.choice(["500", "800", "600", "300"]) + rdigits(rng, 17, "0"))
        elif region == "BR":
            iban = iban_make("BR", rng.choice(["60701190", "60746948", "00360305"]) + rdigits(rng, 5) +
                             rdigits(rng, 10, "0") + "C1")
        else:
            raise KeyError(region)
        if iban_ok(iban) and iban_national_ok(iban):
            return iban


def fmt_iban(iban, style):
    if style == "compact":
        return iban
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))


def make_ssn(rng):
    while True:
        s = f"{rng.randint(1, 899):03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
        if ssn_ok(s):
            return s


def fmt_ssn(s, style):
    return {"dash": f"{s[:3]}-{s[3:5]}-{s[5:]}", "space": f"{s[:3]} {s[3:5]} {s[5:]}", "compact": s,
            "asr_single": " ".join(s), "asr_group": f"{' '.join(s[:3])}, {' '.join(s[3:5])}, {' '.join(s[5:])}",
            "dot": f"{s[:3]}.{s[3:5]}.{s[5:]}"}[style]


def make_npi(rng):
    while True:
        s = luhn_complete("80840" + rng.choice("12") + rdigits(rng, 8))[5:]
        if npi_ok(s) and not nhs_ok(s):
            return s


def make_dea(rng, surname):
    d6 = rdigits(rng, 6)
    return rng.choice("ABFG") + ascii_fold(surname)[0].upper() + d6 + str(dea_check(d6))


def make_nhs(rng):
    while True:
        s9 = rng.choice("467") + rdigits(rng, 8)
        c = nhs_check(s9)
        if c is not None and not npi_ok(s9 + str(c)):
            return s9 + str(c)


def fmt_nhs(s, style):
    return {"space": f"{s[:3]} {s[3:6]} {s[6:]}", "compact": s, "dash": f"{s[:3]}-{s[3:6]}-{s[6:]}"}[style]


def make_mrn(rng):
    st = rng.choice(["d8", "d7", "z6", "e7", "l2d6"])
    v = {"d8": rdigits(rng, 8, "123456789"), "d7": rdigits(rng, 7, "123456789"), "z6": "00" + rdigits(rng, 6),
         "e7": rng.choice("EKM") + rdigits(rng, 7), "l2d6": rng.choice(["MR", "HM", "RB"]) + rdigits(rng, 6)}[st]
    if st in ("d8", "z6") and date_valid8(v):
        return make_mrn(rng)
    return st, v


def mrn_ok(v):
    return bool(re.fullmatch(r"\d{7,8}|00\d{6}|[EKM]\d{7}|(MR|HM|RB)\d{6}|(MR|HM|RB)-\d{6}", v))


B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def make_aws(rng, prefix="AKIA"):
    while True:
        s = prefix + "".join(rng.choice(B32) for _ in range(16))
        if "EXAMPLE" not in s:
            return s


def aws_ok(s):
    return bool(re.fullmatch(r"(AKIA|ASIA)[A-Z2-7]{16}", s)) and "EXAMPLE" not in s


def make_gh(rng, prefix="ghp"):
    body = "".join(rng.choice(B62) for _ in range(30))
    return f"{prefix}_{body}{b62(zlib.crc32(body.encode()))}"


def b64lines(raw, width=64):
    s = base64.b64encode(raw).decode()
    return "\n".join(s[i:i + width] for i in range(0, len(s), width))


def rbytes(rng, n):
    return bytes(rng.getrandbits(8) for _ in range(n))


def make_pem(rng, kind):
    if kind == "rsa":
        body = bytes.fromhex("308204a40201000282010100") + b"\x00" + rbytes(rng, 255) + bytes.fromhex("0203010001028201") + rbytes(rng, 929)
        return "-----BEGIN RSA PRIVATE KEY-----\n" + b64lines(body) + "\n-----END RSA PRIVATE KEY-----"
    if kind == "pkcs8":
        body = bytes.fromhex("308204bd020100300d06092a864886f70d0101010500048204a7308204a30201000282010100") + rbytes(rng, 1186)
        return "-----BEGIN PRIVATE KEY-----\n" + b64lines(body) + "\n-----END PRIVATE KEY-----"
    if kind == "ec":
        body = (bytes.fromhex("30770201010420") + rbytes(rng, 32) + bytes.fromhex("a00a06082a8648ce3d030107a144034200") +
                b"\x04" + rbytes(rng, 64))
        return "-----BEGIN EC PRIVATE KEY-----\n" + b64lines(body) + "\n-----END EC PRIVATE KEY-----"
    if kind == "ed25519":
        body = bytes.fromhex("302e020100300506032b657004220420") + rbytes(rng, 32)
        return "-----BEGIN PRIVATE KEY-----\n" + b64lines(body) + "\n-----END PRIVATE KEY-----"
    if kind == "openssh":
        pub = rbytes(rng, 32)
        def sstr(b):
            return struct.pack(">I", len(b)) + b
        pubblob = sstr(b"ssh-ed25519") + sstr(pub)
        chk = rbytes(rng, 4)
        priv = chk + chk + sstr(b"ssh-ed25519") + sstr(pub) + sstr(rbytes(rng, 32) + pub) + sstr(b"laptop-provisioning") + b"\x01\x02\x03\x04\x05"
        body = b"openssh-key-v1\x00" + sstr(b"none") + sstr(b"none") + sstr(b"") + struct.pack(">I", 1) + sstr(pubblob) + sstr(priv)
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n" + b64lines(body, 70) + "\n-----END OPENSSH PRIVATE KEY-----"
    raise KeyError(kind)


def pem_ok(s):
    m = re.fullmatch(r"-----BEGIN ((?:RSA |EC |OPENSSH )?PRIVATE KEY)-----\n([A-Za-z0-9+/=\n]+)\n-----END \1-----", s)
    if not m:
        return False
    try:
        raw = base64.b64decode(m.group(2).replace("\n", ""), validate=True)
    except (ValueError, binascii_error):
        return False
    return raw[:1] == b"\x30" or raw.startswith(b"openssh-key-v1\x00")


binascii_error = __import__("binascii").Error


def make_ip(rng, kind=None):
    kind = kind or rng.choice(["pub", "pub", "priv10", "priv192", "priv172", "v6"])
    if kind == "pub":
        while True:
            a = rng.randint(11, 223)
            if a not in (100, 127, 169, 172, 192, 198, 203):
                return kind, f"{a}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if kind == "priv10":
        return kind, f"10.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if kind == "priv192":
        return kind, f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    if kind == "priv172":
        return kind, f"172.{rng.randint(16, 31)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
    groups = ["2001", "db8"]
    while groups[1] == "db8":
        groups = ["2001" if rng.random() < 0.5 else "2a02", f"{rng.randint(0x100, 0xfff):x}"]
    groups += [f"{rng.randint(0, 0xffff):x}" for _ in range(2)]
    tail = [f"{rng.randint(1, 0xffff):x}" for _ in range(2)]
    return kind, ":".join(groups) + "::" + ":".join(tail)


def ip_ok(s):
    if ":" in s:
        return "::" in s and bool(re.fullmatch(r"[0-9a-f]{1,4}(:[0-9a-f]{1,4}){0,6}::([0-9a-f]{1,4}(:[0-9a-f]{1,4}){0,6})?", s)) \
            and not s.startswith("2001:db8")
    parts = s.split(".")
    return len(parts) == 4 and all(p.isdigit() and 0 <= int(p) <= 255 and str(int(p)) == p for p in parts)


PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net", "test.invalid", "yourcompany.com", "domain.com")


def email_ok(s):
    return bool(re.fullmatch(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}", s)) and \
        s.split("@")[1].lower() not in PLACEHOLDER_DOMAINS


def dob_parse_ok(v):
    """A real calendar date with a year in 1935-2024, in any format this generator writes."""
    return bool(re.search(r"(19[3-9]\d|20[0-2]\d)", v))


def validate_positive(ent, v, fmt):
    n = re.sub(r"\s", "", v)
    if ent == "CREDIT_CARD":
        return card_ok(v)
    if ent == "US_SSN":
        asr = bool(re.fullmatch(r"[\d ,]+", v)) and all(len(x) == 1 for x in re.split(r"[ ,]+", v))
        return ssn_ok(digits(v)) and (asr or bool(re.fullmatch(r"\d{3}([-. ])\d{2}\1\d{4}|\d{9}", v)))
    if ent == "EMAIL_ADDRESS":
        return email_ok(v)
    if ent == "PHONE_NUMBER":
        return phone_ok(v, fmt)
    if ent == "IBAN_CODE":
        return iban_ok(n) and iban_national_ok(n)
    if ent == "ABA_ROUTING_NUMBER":
        return aba_ok(digits(v)) and aba_prefix_ok(digits(v)) and bool(re.fullmatch(r"[\d\s\-]+", v))
    if ent == "IP_ADDRESS":
        return ip_ok(v)
    if ent == "MEDICAL_RECORD_NUMBER":
        return mrn_ok(v)
    if ent == "US_NPI":
        return npi_ok(digits(v)) and bool(re.fullmatch(r"[\d\s]+", v))
    if ent == "DATE_OF_BIRTH":
        return dob_parse_ok(v)
    if ent == "UK_NHS":
        return nhs_ok(digits(v))
    if ent == "US_DEA":
        return dea_ok(v)
    if ent == "AWS_ACCESS_KEY":
        return aws_ok(v)
    if ent == "GITHUB_TOKEN":
        return gh_ok(v)
    if ent == "PRIVATE_KEY":
        return pem_ok(v.replace("\\n", "\n"))
    return False


# ============================================================================ negatives


def neg_draw(rng, fn):
    for _ in range(200):
        v = fn()
        if not accidental(v):
            return v
    raise AssertionError("could not draw a non-accidental negative")


def pt_nif(rng):
    while True:
        e = rng.choice("123") + rdigits(rng, 7)
        r = sum(int(c) * (9 - i) for i, c in enumerate(e)) % 11
        return e + str(0 if r < 2 else 11 - r)


def make_negative(ctx, kind, hint=None, k=1):
    """-> (text, fmt_variant)"""
    rng, R = ctx.rng, ctx.region
    if kind == "empid":
        st = hint or rng.choice(["emp", "w", "num6", "pref"])
        return neg_draw(rng, lambda: {"emp": f"EMP-{rdigits(rng, 6, '123456789')}", "w": f"W{rdigits(rng, 7, '0')}",
                                      "num6": rdigits(rng, 6, "123456789"), "pref": f"{ctx.emp_prefix}{rdigits(rng, 5, '123456789')}"}[st]), st
    if kind == "order16":
        def f():
            while True:
                s = rng.choice("45") + rdigits(rng, 15)
                if not luhn_ok(s):
                    return " ".join(s[i:i + 4] for i in range(0, 16, 4)) if rng.random() < 0.5 else s
        return neg_draw(rng, f), "luhn_fail"
    if kind == "invoice":
        return neg_draw(rng, lambda: rng.choice([f"INV-{rng.randint(2024, 2026)}-{rdigits(rng, 6)}", f"PB{rdigits(rng, 8, '123456789')}"])), "inv"
    if kind == "ticket":
        return neg_draw(rng, lambda: rng.choice([f"HRC{rdigits(rng, 7, '0')}", f"INC{rdigits(rng, 7, '0')}", f"CS-{rdigits(rng, 6)}",
                                                 f"#{rdigits(rng, 6, '123456789')}"])), "ref"
    if kind == "pnr":
        return "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(6)), "pnr"
    if kind == "eticket":
        return neg_draw(rng, lambda: rng.choice(["016", "001", "006", "125", "220", "074"]) + rdigits(rng, 10)), "13d"
    if kind == "ff":
        return neg_draw(rng, lambda: rng.choice([f"{rng.choice('ABCDEFGHJKLM')}{rng.choice('ABCDEFGHJKLM')}{rdigits(rng, 6)}",
                                                 rdigits(rng, 9, "123456789"), f"{rdigits(rng, 3)} {rdigits(rng, 3)} {rdigits(rng, 3)}"])), "ff"
    if kind == "passport":
        f = {"US": lambda: rng.choice("ABCDEFGHJK") + rdigits(rng, 8), "CA": lambda: rng.choice(["AB", "GA", "HK", "RM"]) + rdigits(rng, 6),
             "UK": lambda: rdigits(rng, 9, "5"), "IE": lambda: rng.choice(["PA", "PB", "LF"]) + rdigits(rng, 7),
             "AU": lambda: rng.choice(["PA", "PB", "RA"]) + rdigits(rng, 7), "IN": lambda: rng.choice("JKLMNPRSTUVWZ") + rdigits(rng, 7),
             "ES": lambda: rng.choice(["PAA", "PAB", "PAF"]) + rdigits(rng, 6), "MX": lambda: rng.choice("GN") + rdigits(rng, 8),
             "PT": lambda: rng.choice("CN") + rdigits(rng, 6), "BR": lambda: rng.choice(["FT", "FU", "GB"]) + rdigits(rng, 6),
             "IT": lambda: rng.choice(["YA", "YB", "YC"]) + rdigits(rng, 7), "NL": lambda: "".join(rng.choice("BCDFGHJKLNPRSTVWXZ") for _ in range(2)) + "".join(rng.choice("BCDFGHJKLNPRSTVWXZ0123456789") for _ in range(6)) + rdigits(rng, 1),
             "PL": lambda: rng.choice(["EA", "ER", "FB"]) + rdigits(rng, 7), "SE": lambda: rdigits(rng, 8, "89")}[R]
        while True:
            v = neg_draw(rng, f)
            if not (v.isdigit() and len(v) == 9 and ssn_ok(v) and R != "UK"):
                return v, R
    if kind == "dl":
        st = hint or {"US": rng.choice(["ca", "fl", "il"]), "UK": "dvla", "AU": "au", "IN": "in", "CA": "on"}.get(R, "eu")
        def f():
            if st == "ca":
                return rng.choice("ABDFGNSY") + rdigits(rng, 7)
            if st == "fl":
                d = rdigits(rng, 12)
                return f"{rng.choice('BDHKMSW')}{d[:3]}-{d[3:6]}-{d[6:8]}-{d[8:11]}-{d[11]}"
            if st == "il":
                d = rdigits(rng, 11)
                return f"{rng.choice('BDHKMSW')}{d[:3]}-{d[3:7]}-{d[7:]}"
            if st == "dvla":
                return "".join(rng.choice("ABCDEFGHKLMNPRSTW") for _ in range(5)) + rdigits(rng, 6) + "".join(rng.choice("ABCDEFGHJKLMNPRSTW9") for _ in range(2)) + rdigits(rng, 1) + "".join(rng.choice("ABCDEFGHJKLMNPRSTW") for _ in range(2))
            if st == "au":
                return rdigits(rng, 8, "1234")
            if st == "in":
                return f"{rng.choice(['MH12', 'KA05', 'TN09', 'DL03'])} {rng.randint(2008, 2022)}{rdigits(rng, 7)}"
            if st == "on":
                d = rdigits(rng, 14)
                return f"{rng.choice('BDGKMST')}{d[:4]}-{d[4:9]}-{d[9:]}"
            return rng.choice(["AB", "CD", "PL", "MI"]) + rdigits(rng, 6)
        return neg_draw(rng, f), st
    if kind == "member_id":
        return neg_draw(rng, lambda: rng.choice([f"{rng.choice(['XGH', 'QBR', 'W', 'ZMK'])}{rdigits(rng, 9, '123456789')}",
                                                 f"{rdigits(rng, 9, '123456789')}-0{rng.randint(1, 4)}"])), "mem"
    if kind == "group_no":
        return neg_draw(rng, lambda: rng.choice([f"GRP-{rdigits(rng, 6)}", f"{rdigits(rng, 6, '123456789')}-{rdigits(rng, 4)}"])), "grp"
    if kind == "claim_no":
        return neg_draw(rng, lambda: rng.choice([f"LV-{rng.randint(2024, 2026)}-{rdigits(rng, 6)}", f"STD{rdigits(rng, 8, '123456789')}",
                                                 f"C-{rdigits(rng, 7, '123456789')}"])), "claim"
    if kind == "case_no":
        st = hint or {"immigration": "uscis", "screening": "bgc"}.get(ctx.domain, rng.choice(["bgc", "scr"]))
        return neg_draw(rng, lambda: {"bgc": f"BGC-{rdigits(rng, 7, '123456789')}", "uscis": f"{rng.choice(['IOE', 'EAC', 'WAC'])}{rdigits(rng, 10, '0123456789')}",
                                      "scr": f"SCR-{rdigits(rng, 6)}-{rng.choice('ABCDEFGH')}"}[st]), st
    if kind == "specimen_id":
        return neg_draw(rng, lambda: f"{rdigits(rng, 7, '123456789')}"), "ccf"
    if kind == "date_other":
        y = rng.choice([2024, 2025, 2025, 2026])
        d = dt.date(y, 1, 1) + dt.timedelta(days=rng.randint(0, 364))
        st = hint or ctx.date_style
        return fmt_date(d, st), st
    if kind == "timestamp":
        base = ctx.get(("ts_base",), lambda: dt.datetime(2025, 1, 1) + dt.timedelta(seconds=rng.randint(0, 480 * 86400)))
        d = base + dt.timedelta(seconds=(k - 1) * 260 + rng.randint(0, 200))
        st = hint or ctx.style(("ts_style",), ["iso_z", "iso_ms", "space", "iso_z"])
        if st == "epoch":
            return neg_draw(rng, lambda: str(int((d - dt.datetime(1970, 1, 1)).total_seconds()) + rng.randint(0, 99))), st
        return {"iso_z": d.strftime("%Y-%m-%dT%H:%M:%SZ"), "iso_ms": d.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randint(0, 999):03d}Z",
                "space": d.strftime("%Y-%m-%d %H:%M:%S")}[st], st
    if kind == "version":
        return rng.choice([f"v{rng.randint(1, 9)}.{rng.randint(0, 30)}.{rng.randint(0, 40)}", f"{rng.randint(12, 15)}.{rng.randint(0, 7)}.{rng.randint(1, 9)}",
                           f"{rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 9)}.{rng.randint(256, 999)}"]), "ver"
    if kind == "masked_ssn":
        return rng.choice(["***-**-", "XXX-XX-", "xxx-xx-", "•••-••-"]) + rdigits(rng, 4), "ssn"
    if kind == "masked_card":
        return rng.choice(["**** **** **** ", "XXXX-XXXX-XXXX-", "•••• ", "************"]) + rdigits(rng, 4), "card"
    if kind == "masked_iban":
        if R in ("US", "CA", "AU", "IN", "MX"):
            return f"**** **** {rdigits(rng, 4)}", "acct"
        return f"{ctx.iban_cc}** **** **** **** {rdigits(rng, 4)}", "iban"
    if kind == "masked_phone":
        return rng.choice(["(***) ***-", "+1 ***-***-", "*** *** ", "07*** ***"]) + rdigits(rng, 3 if rng.random() < .3 else 4), "phone"
    if kind == "masked_email":
        p = ctx.person(1)
        return f"{ascii_fold(p.first)[0].lower()}{'*' * rng.randint(3, 6)}@{rng.choice(FREEMAIL[R])}", "email"
    if kind == "masked_dob":
        return rng.choice(["**/**/19", "XX/XX/19", "19XX-XX-"]) + rdigits(rng, 2), "dob"
    if kind == "masked_acct":
        return "****" + rdigits(rng, 4), "acct"
    if kind == "masked_aws":
        return "AKIA" + "*" * 12 + "".join(rng.choice(B32) for _ in range(4)), "aws"
    if kind == "ein":
        return neg_draw(rng, lambda: f"{rng.choice(['84', '47', '27', '45', '82', '93'])}-{rdigits(rng, 7)}"), "ein"
    if kind == "itin":
        return f"9{rdigits(rng, 2)}-{rng.choice(['70', '78', '88', '92', '94'])}-{rdigits(rng, 4)}", "itin"
    if kind == "ssn_invalid":
        a = rng.choice(["000", "666", "9" + rdigits(rng, 2)])
        return f"{a}-{rdigits(rng, 2, '123456789')}-{rdigits(rng, 4, '123456789')}", "bad_area"
    if kind == "zip":
        return neg_draw(rng, lambda: rng.choice([rdigits(rng, 5, "0123456789"), f"{rdigits(rng, 5)}-{rdigits(rng, 4)}"])), "zip"
    if kind == "postcode":
        f = {"UK": lambda: f"{rng.choice(['SW1A', 'M14', 'LS6', 'B15', 'EH3'])} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
             "IE": lambda: f"{rng.choice(['D02', 'D04', 'T12', 'H91'])} {rng.choice('ACDEFHKNPRTVWXY')}{rdigits(rng, 3)}",
             "AU": lambda: rng.choice(["2000", "3000", "2060", "4000", "6000"]), "IN": lambda: rdigits(rng, 6, "1245678"),
             "CA": lambda: f"{rng.choice('KLMNTV')}{rng.randint(1, 9)}{rng.choice('ABCEGHJ')} {rng.randint(1, 9)}{rng.choice('ABCEGHJ')}{rng.randint(1, 9)}",
             "ES": lambda: rng.choice(["28", "08", "46", "41"]) + rdigits(rng, 3), "MX": lambda: rng.choice(["06", "11", "44", "64"]) + rdigits(rng, 3),
             "PT": lambda: f"{rng.choice(['1', '4'])}{rdigits(rng, 3)}-{rdigits(rng, 3)}", "BR": lambda: f"{rdigits(rng, 5, '0123')}-{rdigits(rng, 3)}",
             "IT": lambda: rng.choice(["20", "00", "10", "40"]) + rdigits(rng, 3), "NL": lambda: f"{rdigits(rng, 4, '123456789')} {rng.choice(['AB', 'KL', 'XT', 'GH'])}",
             "PL": lambda: f"{rdigits(rng, 2)}-{rdigits(rng, 3)}", "SE": lambda: f"{rdigits(rng, 3, '1234')} {rdigits(rng, 2)}",
             "US": lambda: rdigits(rng, 5)}[R]
        return neg_draw(rng, f), R
    if kind == "uuid":
        h = "".join(rng.choice("0123456789abcdef") for _ in range(32))
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{rng.choice('89ab')}{h[17:20]}-{h[20:]}", "v4"
    if kind == "hex":
        return neg_draw(rng, lambda: "".join(rng.choice("0123456789abcdef") for _ in range(hint and int(hint) or 32))), "hex"
    if kind == "sys_id":
        return neg_draw(rng, lambda: "".join(rng.choice("0123456789abcdef") for _ in range(32))), "sys_id"
    if kind == "jwt":
        hdr = base64.urlsafe_b64encode(b'{"alg":"RS256","kid":"' + rdigits(rng, 4).encode() + b'"}').decode().rstrip("=")
        body = base64.urlsafe_b64encode(rbytes(rng, 90)).decode().rstrip("=")
        sig = base64.urlsafe_b64encode(rbytes(rng, 64)).decode().rstrip("=")
        return f"{hdr}.{body}.{sig}", "jwt"
    if kind == "okta_token":
        return "00" + "".join(rng.choice(B62 + "-_") for _ in range(40)), "okta"
    if kind == "slack_token":
        return f"xoxb-{rdigits(rng, 12, '123456789')}-{rdigits(rng, 13, '123456789')}-" + "".join(rng.choice(B62) for _ in range(24)), "xoxb"
    if kind == "glpat":
        return "glpat-" + "".join(rng.choice(B62 + "-_") for _ in range(20)), "glpat"
    if kind == "aws_secret":
        return "".join(rng.choice(B62 + "+/") for _ in range(40)), "secret"
    if kind == "aws_example":
        return "AKIAIOSFODNN7EXAMPLE", "docs"
    if kind == "gh_bad":
        t = make_gh(rng)
        last = t[-1]
        return t[:-1] + ("A" if last != "A" else "B"), "crc_fail"
    if kind == "temp_password":
        return rng.choice(["Tmp", "Welcome", "Lark", "Onb", "Spring"]) + rng.choice("#!$%") + rdigits(rng, 4) + rng.choice(["-Kx", "zQ", "!r", "Wm"]), "pw"
    if kind == "mac":
        return ":".join(f"{rng.randint(0, 255):02x}" for _ in range(6)), "mac"
    if kind == "serial":
        return "".join(rng.choice("ABCDEFGHJKLMNPQRSTVWXYZ0123456789") for _ in range(rng.choice([10, 12]))), "serial"
    if kind == "asset_tag":
        return neg_draw(rng, lambda: f"{rng.choice(['LT', 'AT', 'IT'])}-{rdigits(rng, 6)}"), "tag"
    if kind == "ip_bad":
        return f"10.{rng.randint(0, 255)}.{rng.randint(256, 399)}.{rng.randint(1, 254)}", "octet"
    if kind == "test_card":
        pan = rng.choice(TEST_PANS)
        return (fmt_card(pan, "space") if rng.random() < .5 else pan), "test"
    if kind == "card_expiry":
        return f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}", "exp"
    if kind == "bank_account":
        st = hint or {"US": "us", "CA": "ca", "AU": "au", "IN": "in", "UK": "uk", "MX": "mx"}.get(R, "us")
        f = {"us": lambda: rdigits(rng, rng.choice([8, 10, 11, 12]), "123456789"), "ca": lambda: f"{rdigits(rng, 7, '123456789')}",
             "au": lambda: f"{rdigits(rng, 3, '01')}-{rdigits(rng, 3)} {rdigits(rng, 8, '123456789')}",
             "in": lambda: rdigits(rng, 14, "5"), "uk": lambda: rdigits(rng, 8, "123456789"),
             "mx": lambda: rdigits(rng, 10, "123456789"),
             "br": lambda: f"{rdigits(rng, 4, '123456789')} / {rdigits(rng, 5, '123456789')}-{rdigits(rng, 1)}"}[st]
        return neg_draw(rng, f), st
    if kind == "transit":
        return neg_draw(rng, lambda: f"{rdigits(rng, 5, '123456789')}-{rng.choice(['001', '002', '003', '004', '006', '010', '016'])}"), "ca"
    if kind == "ifsc":
        return rng.choice(["HDFC", "ICIC", "SBIN", "UTIB"]) + "0" + rdigits(rng, 6), "ifsc"
    if kind == "sort_code":
        return f"{rdigits(rng, 2, '1234')}-{rdigits(rng, 2)}-{rdigits(rng, 2)}", "uk"
    if kind == "bic":
        return rng.choice(["CAIXESBBXXX", "BSCHESMM", "CGDIPTPL", "BCITITMM", "ABNANL2A", "BPKOPLPW", "ESSESESS", "AIBKIE2D"]), "bic"
    # national ids of kinds the corpus does not label
    if kind == "sin":
        def f():
            s = luhn_complete(rng.choice("1234567") + rdigits(rng, 7))
            return s if not aba_ok(s) else None
        v = None
        while not v:
            v = f()
        return (f"{v[:3]} {v[3:6]} {v[6:]}" if rng.random() < .6 else f"{v[:3]}-{v[3:6]}-{v[6:]}"), "luhn"
    if kind == "aadhaar":
        while True:
            v = verhoeff_complete(rdigits(rng, 11, "23456789"))
            if not luhn_ok(v):
                return (f"{v[:4]} {v[4:8]} {v[8:]}" if rng.random() < .7 else v), "verhoeff"
    if kind == "pan":
        L = "ABCDEFGHJKLMNPRSTUVWXYZ"
        return "".join(rng.choice(L) for _ in range(3)) + "P" + ascii_fold(ctx.person(1).last)[0].upper() + rdigits(rng, 4) + rng.choice(L), "pan"
    if kind == "nino":
        return (rng.choice(["AB", "JT", "NP", "SK", "PH", "WL"]) + " " + " ".join(rdigits(rng, 2) for _ in range(3)) + " " + rng.choice("ABCD")), "nino"
    if kind == "ppsn":
        s = rdigits(rng, 7, "123456789")
        return s + ppsn_letter(s) + rng.choice(["", "", "A"]), "ppsn"
    if kind == "tfn":
        while True:
            s = rdigits(rng, 9, "1234567")
            if tfn_ok(s) and not aba_ok(s):
                return f"{s[:3]} {s[3:6]} {s[6:]}", "tfn"
    if kind == "medicare_au":
        while True:
            s = rdigits(rng, 8, "23456")
            c = sum(int(x) * w for x, w in zip(s, [1, 3, 7, 9, 1, 3, 7, 9])) % 10
            v = s + str(c) + rng.choice("12345")
            if not accidental(v):
                return f"{v[:4]} {v[4:9]} {v[9]}", "medicare"
    if kind == "nif":
        n = rdigits(rng, 8, "0123456789")
        return n + NIF_LETTERS[int(n) % 23], "dni"
    if kind == "nie":
        p = rng.choice("XYZ")
        n = rdigits(rng, 7)
        return f"{p}{n}{NIF_LETTERS[int('XYZ'.index(p).__str__() + n) % 23]}", "nie"
    if kind == "curp":
        p = ctx.person(1)
        return (ascii_fold(p.last)[:2].upper() + ascii_fold(p.last.split()[-1])[0].upper() + ascii_fold(p.first)[0].upper() +
                f"{p.dob.year % 100:02d}{p.dob.month:02d}{p.dob.day:02d}" + rng.choice("HM") + rng.choice(["DF", "JC", "NL"]) +
                "".join(rng.choice("BCDFGHJKLMNPRSTVZ") for _ in range(3)) + rng.choice("0A") + rdigits(rng, 1)), "curp"
    if kind == "clabe":
        while True:
            s = rng.choice(["002", "012", "014", "072"]) + rng.choice(["180", "320", "580"]) + rdigits(rng, 11)
            v = s + str(clabe_check(s))
            if not accidental(v):
                return v, "clabe"
    if kind == "cf":
        p = ctx.person(1)
        cons = lambda s: [c for c in ascii_fold(s).upper() if c.isalpha() and c not in "AEIOU"]
        vow = lambda s: [c for c in ascii_fold(s).upper() if c in "AEIOU"]
        sur = (cons(p.last) + vow(p.last) + ["X"] * 3)[:3]
        fc = cons(p.first)
        nm = ([fc[0], fc[2], fc[3]] if len(fc) >= 4 else (fc + vow(p.first) + ["X"] * 3)[:3])
        day = p.dob.day + (40 if ctx.rng.random() < .5 else 0)
        s15 = "".join(sur + nm) + f"{p.dob.year % 100:02d}" + "ABCDEHLMPRST"[p.dob.month - 1] + f"{day:02d}" + rng.choice(["F205", "H501", "L219", "A944"])
        return s15 + it_check_char(s15), "cf"
    if kind == "nif_pt":
        return pt_nif(rng), "nif"
    if kind == "cpf":
        while True:
            n = rdigits(rng, 9, "123456789")
            v = n + cpf_digits(n)
            if not accidental(v):
                return f"{v[:3]}.{v[3:6]}.{v[6:9]}-{v[9:]}", "cpf"
    if kind == "bsn":
        while True:
            s = rdigits(rng, 9, "1234678")
            if bsn_ok(s) and not aba_ok(s):
                return s, "bsn"
    if kind == "pesel":
        while True:
            p = ctx.person(1)
            y, m = p.dob.year, p.dob.month + (20 if p.dob.year >= 2000 else 0)
            ten = f"{y % 100:02d}{m:02d}{p.dob.day:02d}{rdigits(rng, 4)}"
            v = ten + str(pesel_check(ten))
            if not accidental(v):
                return v, "pesel"
    if kind == "personnummer":
        while True:
            p = ctx.person(1)
            nine = f"{p.dob.year % 100:02d}{p.dob.month:02d}{p.dob.day:02d}{rdigits(rng, 3)}"
            v = luhn_complete(nine)
            if not nhs_ok(v):
                return f"{v[:6]}-{v[6:]}", "pnr"
    if kind == "icd10":
        return hint or "R69", "icd"
    if kind == "cpt":
        return rng.choice(["99213", "99214", "80305", "80307", "97110", "90834"]), "cpt"
    if kind == "public_key":
        body = rbytes(rng, 32)
        blob = struct.pack(">I", 11) + b"ssh-ed25519" + struct.pack(">I", 32) + body
        return "ssh-ed25519 " + base64.b64encode(blob).decode() + " " + ascii_fold(ctx.person(1).first).lower() + "@" + rng.choice(["mbp-14", "laptop-0417", "wks-22"]), "ssh_pub"
    if kind == "cert":
        return "-----BEGIN CERTIFICATE-----\n" + b64lines(bytes.fromhex("308203") + rbytes(rng, 560)) + "\n-----END CERTIFICATE-----", "x509"
    if kind == "redacted_key":
        return "-----BEGIN OPENSSH PRIVATE KEY-----\n[REDACTED BY DLP]\n-----END OPENSSH PRIVATE KEY-----", "redacted"
    if kind == "sms_shortcode":
        return neg_draw(rng, lambda: rdigits(rng, rng.choice([5, 6]), "2345789")), "short"
    if kind == "a_number":
        return neg_draw(rng, lambda: f"A{rdigits(rng, 9, '2')}"), "uscis"
    if kind == "uan":
        return neg_draw(rng, lambda: rdigits(rng, 12, "1")), "uan"
    if kind == "health_card":
        return neg_draw(rng, lambda: f"{rdigits(rng, 4, '123456789')}-{rdigits(rng, 3)}-{rdigits(rng, 3)}-{rng.choice(['AB', 'KT', 'XM'])}"), "on_ohip"
    if kind == "super_member":
        return neg_draw(rng, lambda: rdigits(rng, 9, "123")), "super"
    if kind == "tax_code":
        return rng.choice(["1257L", "1257L M1", "BR", "K475", "S1257L"]), "uk"
    if kind == "amount":
        return f"{rdigits(rng, 5, '123456789')}", "cents"
    if kind == "spelled":
        return hint, "words"
    if kind in ("iban_bad", "npi_bad", "nhs_bad", "aba_bad", "dea_bad"):
        raise AssertionError("derived negatives go through Ctx.slot")
    raise KeyError(kind)


# which entity each negative kind imitates (for the counts table); context-only kinds are exempt from the
# "fails the imitated rule" check because their shape may pass it: the text names them as something else.
KIND_TARGET = {
    "order16": "CREDIT_CARD", "masked_card": "CREDIT_CARD", "test_card": "CREDIT_CARD", "card_expiry": "DATE_OF_BIRTH",
    "eticket": "CREDIT_CARD", "clabe": "IBAN_CODE",
    "masked_ssn": "US_SSN", "ein": "US_SSN", "itin": "US_SSN", "ssn_invalid": "US_SSN", "sin": "US_SSN", "bsn": "US_SSN",
    "tfn": "US_SSN", "nif_pt": "US_SSN", "spelled_ssn": "US_SSN", "passport": "US_SSN",
    "masked_email": "EMAIL_ADDRESS", "placeholder_email": "EMAIL_ADDRESS", "spelled_email": "EMAIL_ADDRESS",
    "masked_phone": "PHONE_NUMBER", "masked_iban": "IBAN_CODE", "iban_bad": "IBAN_CODE", "bic": "IBAN_CODE",
    "aba_bad": "ABA_ROUTING_NUMBER", "bank_account": "ABA_ROUTING_NUMBER", "masked_acct": "ABA_ROUTING_NUMBER",
    "transit": "ABA_ROUTING_NUMBER", "ifsc": "ABA_ROUTING_NUMBER", "sort_code": "ABA_ROUTING_NUMBER",
    "ip_bad": "IP_ADDRESS", "version": "IP_ADDRESS", "mac": "IP_ADDRESS",
    "member_id": "MEDICAL_RECORD_NUMBER", "group_no": "MEDICAL_RECORD_NUMBER", "claim_no": "MEDICAL_RECORD_NUMBER",
    "specimen_id": "MEDICAL_RECORD_NUMBER", "icd10": "MEDICAL_RECORD_NUMBER", "cpt": "MEDICAL_RECORD_NUMBER",
    "npi_bad": "US_NPI", "medicare_au": "US_NPI", "date_other": "DATE_OF_BIRTH", "timestamp": "DATE_OF_BIRTH",
    "masked_dob": "DATE_OF_BIRTH", "personnummer": "DATE_OF_BIRTH", "pesel": "DATE_OF_BIRTH", "spelled_dob": "DATE_OF_BIRTH",
    "nhs_bad": "UK_NHS", "nino": "UK_NHS", "dea_bad": "US_DEA",
    "aws_secret": "AWS_ACCESS_KEY", "aws_example": "AWS_ACCESS_KEY", "masked_aws": "AWS_ACCESS_KEY",
    "gh_bad": "GITHUB_TOKEN", "glpat": "GITHUB_TOKEN", "okta_token": "GITHUB_TOKEN", "slack_token": "GITHUB_TOKEN",
    "jwt": "GITHUB_TOKEN", "public_key": "PRIVATE_KEY", "cert": "PRIVATE_KEY", "redacted_key": "PRIVATE_KEY",
}
CONTEXT_ONLY = {"sin", "bsn", "tfn", "nif_pt", "passport", "member_id", "group_no", "claim_no", "specimen_id", "icd10", "cpt",
                "bank_account", "test_card"}


# ============================================================================ document context

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
IBAN_CC = {"UK": "GB", "IE": "IE", "ES": "ES", "PT": "PT", "IT": "IT", "NL": "NL", "PL": "PL", "SE": "SE", "BR": "BR",
           "US": "US", "CA": "CA", "AU": "AU", "IN": "IN", "MX": "MX"}
CITIES = {"US": ["Columbus, OH", "Tacoma, WA", "Raleigh, NC", "Tempe, AZ", "Worcester, MA", "Boise, ID"],
          "CA": ["Mississauga, ON", "Laval, QC", "Burnaby, BC"], "UK": ["Leeds", "Bristol", "Manchester"],
          "IE": ["Dublin 4", "Cork", "Galway"], "AU": ["Parramatta NSW", "Fitzroy VIC", "Brisbane QLD"],
          "IN": ["Pune", "Bengaluru", "Chennai"], "ES": ["Madrid", "Valencia", "Sevilla"], "MX": ["Ciudad de México", "Guadalajara", "Monterrey"],
          "PT": ["Lisboa", "Porto", "Braga"], "BR": ["São Paulo", "Belo Horizonte", "Curitiba"], "IT": ["Milano", "Torino", "Bologna"],
          "NL": ["Utrecht", "Amsterdam", "Eindhoven"], "PL": ["Warszawa", "Kraków", "Wrocław"], "SE": ["Stockholm", "Göteborg", "Uppsala"]}
STREETS = {"en": ["Maple Ridge Dr", "Cottonwood Ln", "Harbour View Rd", "Station Approach", "Birchfield Ave"],
           "es": ["Calle de Alcalá", "Av. Insurgentes Sur", "Calle Mayor"], "pt": ["Rua Augusta", "Av. Paulista", "Rua das Flores"],
           "it": ["Via Garibaldi", "Corso Buenos Aires", "Via Roma"], "nl": ["Oudegracht", "Kerkstraat", "Prinsengracht"],
           "pl": ["ul. Marszałkowska", "ul. Długa", "ul. Piotrkowska"], "sv": ["Sveavägen", "Drottninggatan", "Kungsgatan"]}


def fmt_amount(rng, region, lo=40, hi=9000):
    v = rng.randint(lo * 100, hi * 100) / 100
    whole, cents = int(v), int(round((v - int(v)) * 100))
    def group(n, sep):
        s = str(n)
        out = []
        while len(s) > 3:
            out.insert(0, s[-3:])
            s = s[:-3]
        out.insert(0, s)
        return sep.join(out)
    cur = {"US": "$", "CA": "CA$", "UK": "£", "IE": "€", "AU": "A$", "IN": "₹", "MX": "$"}.get(region)
    if cur:
        tail = " MXN" if region == "MX" else ""
        if region == "IN":
            return f"₹{group(whole, ',')}"
        return f"{cur}{group(whole, ',')}.{cents:02d}{tail}"
    if region == "BR":
        return f"R$ {group(whole, '.')},{cents:02d}"
    if region == "SE":
        return f"{group(whole, ' ')} kr"
    if region == "PL":
        return f"{group(whole, ' ')},{cents:02d} zł"
    return f"{group(whole, '.')},{cents:02d} €"


class Person:
    def __init__(self, ctx, k):
        rng = ctx.rng
        firsts, lasts = NAMES[ctx.region]
        self.first = rng.choice(firsts)
        self.last = rng.choice(lasts)
        if k == 3 and 1 in ctx.persons:          # person 3 is a child of person 1
            self.last = ctx.persons[1].last
            self.dob = dt.date(rng.randint(2007, 2022), rng.randint(1, 12), rng.randint(1, 28))
        else:
            self.dob = dt.date(rng.randint(1957, 2003), rng.randint(1, 12), rng.randint(1, 28))
        fl, ll = ascii_fold(self.first).lower().replace(" ", ""), ascii_fold(self.last).lower().replace(" ", "")
        ll1 = ascii_fold(self.last.split()[0]).lower()
        pat = rng.choice(["{f}.{l}", "{f}{l}{yy}", "{f0}{l}", "{f}_{l}", "{l}.{f}", "{f}.{l}{n}"])
        local = pat.format(f=fl, l=ll1 if ctx.lang in ("es", "pt") else ll, yy=f"{self.dob.year % 100:02d}", f0=fl[0],
                           n=rng.randint(2, 99))
        self.email = f"{local}@{rng.choice(FREEMAIL[ctx.region])}"
        self.wemail = f"{fl}.{ll}@{ctx.employer[1]}"
        self.name = f"{self.first} {self.last}"


class Ctx:
    def __init__(self, rng, region, domain, category):
        self.rng, self.region, self.domain, self.category = rng, region, domain, category
        self.lang = REGIONS[region][0]
        self.employer = rng.choice(EMPLOYERS)
        self.vendor = rng.choice(VENDORS[DOMAIN_VENDOR[domain]])
        self.date_style = rng.choice(REGION_DATES[region])
        self.iban_cc = IBAN_CC[region]
        self.emp_prefix = rng.choice(["LF", "QB", "HH", "TR", "BC", "OM", "CF", "NR"])
        self.persons = {}
        self.cache = {}
        self.styles = {}

    def person(self, k):
        if k not in self.persons:
            self.persons[k] = Person(self, k)
        return self.persons[k]

    def get(self, key, maker):
        if key not in self.cache:
            self.cache[key] = maker()
        return self.cache[key]

    def style(self, key, choices):
        if key not in self.styles:
            self.styles[key] = self.rng.choice(choices)
        return self.styles[key]

    def doctor(self, k):
        return self.get(("doctor", k), lambda: self.rng.choice(DOCTORS))

    def agent(self, k):
        return self.get(("agent", k), lambda: self.rng.choice(AGENTS))

    # ---- slots -> list of pieces
    def slot(self, name, hint, k):
        rng = self.rng
        P = lambda ent, v, fmt: [Pc(v, "p", ent, fmt)]
        N = lambda kind, v, fmt: [Pc(v, "n", kind, fmt)]
        if name.startswith("x_"):
            kind = name[2:]
            if kind in ("iban_bad", "npi_bad", "nhs_bad", "aba_bad", "dea_bad"):
                return N(kind, self.bad_twin(kind, k), kind)
            if kind in ("spelled_ssn", "spelled_dob", "spelled_email", "spelled_phone"):
                return N(kind, self.spelled(kind, k), "words")
            v, f = self.get(("neg", kind, hint, k), lambda: make_negative(self, kind, hint, k))
            return N(kind, v, f"{kind}.{f}")
        p = self.person(k)
        if name == "first":
            return [T(p.first)]
        if name == "last":
            return [T(p.last)]
        if name == "name":
            return [T(p.name)]
        if name == "employer":
            return [T(self.employer[0])]
        if name == "vendor":
            return [T(self.vendor[0])]
        if name == "agent":
            return [T(self.agent(k))]
        if name == "agent_first":
            return [T(self.agent(k).split()[0])]
        if name == "dr":
            f, l = self.doctor(k)
            return [T(f"Dr. {f} {l}")]
        if name == "dr_last":
            return [T(self.doctor(k)[1])]
        if name == "clinic":
            return [T(self.get(("clinic", k), lambda: rng.choice(CLINICS)))]
        if name == "city":
            return [T(self.get(("city", k), lambda: rng.choice(CITIES[self.region])))]
        if name == "street":
            return [T(self.get(("street", k), lambda: f"{rng.randint(2, 980)} {rng.choice(STREETS[self.lang])}"))]
        if name == "amt":
            return [T(fmt_amount(rng, self.region))]
        if name == "icd":
            code, desc = self.get(("icd", k), lambda: rng.choice(ICD10))
            return [Pc(code, "n", "icd10", "icd10.icd"), T(f" ({desc})" if hint != "code" else "")]
        if name == "email":
            return P("EMAIL_ADDRESS", p.email, "email.personal")
        if name == "wemail":
            return P("EMAIL_ADDRESS", p.wemail, "email.work")
        if name == "agent_email":
            a = self.agent(k).lower().split()
            pat = self.style(("agent_email_pat",), ["{f}.{l}", "{f0}{l}", "{f}"])
            return P("EMAIL_ADDRESS", pat.format(f=a[0], l=a[1], f0=a[0][0]) + "@" + self.vendor[1], "email.agent")
        if name == "role_email":
            role = hint or {"onboarding_it": "it-onboarding", "payroll": "payroll", "benefits": "enrollment", "leave": "leave",
                            "screening": "disputes", "immigration": "i9-team", "travel": "bookings"}[self.domain]
            dom = self.employer[1] if role in ("hr", "people", "peopleops", "it-help") else self.vendor[1]
            return P("EMAIL_ADDRESS", f"{role}@{dom}", "email.role")
        if name == "dr_email":
            f, l = self.doctor(k)
            clinic = self.get(("clinic", k), lambda: rng.choice(CLINICS))
            dom = re.sub(r"[^a-z]", "", ascii_fold(clinic).lower().replace("family medicine", "fm").replace("associates", ""))[:16] + ".org"
            return P("EMAIL_ADDRESS", f"{ascii_fold(f)[0].lower()}{ascii_fold(l).lower()}@{dom}", "email.provider")
        if name == "placeholder_email":
            return N("placeholder_email", f"{ascii_fold(p.first).lower()}@{rng.choice(PLACEHOLDER_DOMAINS)}", "placeholder")
        if name in ("phone", "wphone"):
            v, f = self.get((name, k), lambda: make_phone(rng, self.region, hint))
            return P("PHONE_NUMBER", v, f)
        if name == "vendor_phone":
            v, f = self.get((name, k), lambda: make_phone(rng, self.region, hint, "tollfree" if self.region in ("US", "CA") else None))
            return P("PHONE_NUMBER", v, f)
        if name == "us_phone":
            v, f = self.get((name, k), lambda: make_phone(rng, "US", hint))
            return P("PHONE_NUMBER", v, f)
        if name == "dob":
            st = hint or self.date_style
            return P("DATE_OF_BIRTH", fmt_date(p.dob, st), f"dob.{st}")
        if name == "ssn":
            s = self.get(("ssn", k), lambda: make_ssn(rng))
            st = hint or self.style(("ssn", k), ["dash", "dash", "dash", "space", "compact"])
            return P("US_SSN", fmt_ssn(s, st), f"ssn.{st}")
        if name == "card":
            b, ds = self.get(("card", k), lambda: make_card(rng))
            st = hint or self.style(("card", k), ["space", "space", "plain", "dash"])
            if st == "wrap":
                g = fmt_card(ds, "space")
                cut = g.rfind(" ", 0, len(g) // 2 + 3)
                return P("CREDIT_CARD", g[:cut] + "\n" + g[cut + 1:], f"card.{b}.wrap")
            return P("CREDIT_CARD", fmt_card(ds, st), f"card.{b}.{st}")
        if name == "iban":
            v = self.get(("iban", k), lambda: make_iban(rng, self.region))
            st = hint or self.style(("iban", k), ["group", "group", "compact"])
            if st == "wrap":
                g = fmt_iban(v, "group")
                cut = g.find(" ", len(g) // 2)
                return P("IBAN_CODE", g[:cut] + "\n" + g[cut + 1:], f"iban.{v[:2]}.wrap")
            return P("IBAN_CODE", fmt_iban(v, st), f"iban.{v[:2]}.{st}")
        if name == "aba":
            v = self.get(("aba", k), lambda: make_aba(rng))
            st = hint or "plain"
            txt = {"plain": v, "asr": " ".join(v), "triples": f"{v[:3]} {v[3:6]} {v[6:]}", "dash": f"{v[:4]}-{v[4:8]}-{v[8]}"}[st]
            return P("ABA_ROUTING_NUMBER", txt, f"aba.{st}")
        if name == "ip":
            kd, v = self.get(("ip", hint, k), lambda: make_ip(rng, hint))
            return P("IP_ADDRESS", v, f"ip.{kd}")
        if name == "mrn":
            st, v = self.get(("mrn", k), lambda: make_mrn(rng))
            return P("MEDICAL_RECORD_NUMBER", v, f"mrn.{st}")
        if name == "npi":
            v = self.get(("npi", hint, k), lambda: make_npi(rng))
            return P("US_NPI", v, "npi.org" if hint == "org" else "npi.plain")
        if name == "dea":
            v = self.get(("dea", k), lambda: make_dea(rng, self.doctor(k)[1]))
            return P("US_DEA", v, "dea.plain")
        if name == "nhs":
            v = self.get(("nhs", k), lambda: make_nhs(rng))
            st = hint or self.style(("nhs", k), ["space", "space", "compact", "dash"])
            return P("UK_NHS", fmt_nhs(v, st), f"nhs.{st}")
        if name in ("aws", "asia"):
            v = self.get((name, k), lambda: make_aws(rng, "ASIA" if name == "asia" else "AKIA"))
            return P("AWS_ACCESS_KEY", v, f"aws.{name.replace('aws', 'akia')}")
        if name == "ghp":
            pre = hint or "ghp"
            v = self.get(("gh", pre, k), lambda: make_gh(rng, pre))
            return P("GITHUB_TOKEN", v, f"gh.{pre}")
        if name == "pem":
            kd = hint or "rsa"
            v = self.get(("pem", kd, k), lambda: make_pem(rng, kd))
            return P("PRIVATE_KEY", v, f"pem.{kd}")
        if name == "pem_escaped":
            kd = hint or "rsa"
            v = self.get(("pem", kd, k), lambda: make_pem(rng, kd))
            return P("PRIVATE_KEY", v.replace("\n", "\\n"), f"pem.{kd}.escaped_nl")
        raise KeyError(name)

    def bad_twin(self, kind, k):
        rng = self.rng
        def change_one(ds, okfn):
            for _ in range(100):
                i = rng.randrange(len(ds))
                if not ds[i].isdigit():
                    continue
                c = rng.choice([x for x in "0123456789" if x != ds[i]])
                v = ds[:i] + c + ds[i + 1:]
                if not okfn(v) and not accidental(v):
                    return v
            raise AssertionError(kind)
        if kind == "iban_bad":
            v = self.get(("iban", k), lambda: make_iban(rng, self.region))
            return fmt_iban(change_one(v[:4] + v[4:], lambda s: iban_ok(s)), "group")
        if kind == "npi_bad":
            v = self.get(("npi", None, k), lambda: make_npi(rng))
            return v[:-1] + next(c for c in "0123456789" if not npi_ok(v[:-1] + c) and c != v[-1] and not nhs_ok(v[:-1] + c))
        if kind == "nhs_bad":
            v = self.get(("nhs", k), lambda: make_nhs(rng))
            return fmt_nhs(v[:-1] + next(c for c in "0123456789" if not nhs_ok(v[:-1] + c) and not npi_ok(v[:-1] + c)), "space")
        if kind == "aba_bad":
            v = self.get(("aba", k), lambda: make_aba(rng))
            return v[:-1] + next(c for c in "1234567890" if not aba_ok(v[:-1] + c))
        if kind == "dea_bad":
            v = self.get(("dea", k), lambda: make_dea(rng, self.doctor(k)[1]))
            return v[:-1] + str((int(v[-1]) + 3) % 10)
        raise KeyError(kind)

    def spelled(self, kind, k):
        p = self.person(k)
        if kind == "spelled_ssn":
            s = self.get(("ssn", k), lambda: make_ssn(self.rng))
            return " ".join(WORDS[int(c)] for c in s)
        if kind == "spelled_phone":
            v, f = self.get(("phone", k), lambda: make_phone(self.rng, self.region, None))
            return " ".join(WORDS[int(c)] for c in digits(v)[-10:])
        if kind == "spelled_dob":
            return f"{MONTHS['en'][p.dob.month - 1].lower()} {ordinal_words(p.dob.day)} nineteen {tens_words(p.dob.year % 100)}" \
                if p.dob.year < 2000 else f"{MONTHS['en'][p.dob.month - 1].lower()} {ordinal_words(p.dob.day)} two thousand {tens_words(p.dob.year % 100)}"
        if kind == "spelled_email":
            local, dom = p.email.split("@")
            return local.replace(".", " dot ").replace("_", " underscore ") + " at " + dom.replace(".", " dot ")
        raise KeyError(kind)


ORD = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
       "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth"]
TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]


def ordinal_words(d):
    if d <= 20:
        return ORD[d]
    t, u = divmod(d, 10)
    return TENS[t] + ("ieth" if u == 0 else "") if u == 0 else f"{TENS[t]} {ORD[u]}"


def tens_words(n):
    if n < 10:
        return "oh " + WORDS[n]
    if n < 20:
        return TEENS[n - 10]
    t, u = divmod(n, 10)
    return TENS[t] + ("" if u == 0 else " " + WORDS[u])


# ============================================================================ templates engine

SLOT_RE = re.compile(r"\{([a-z][a-z0-9_]*)(?::([A-Za-z0-9_.\-]+))?(?:@(\d+))?\}")
CHOICE_RE = re.compile(r"\[\[([^\[\]]*?)\]\]")


def render(text, ctx):
    while True:
        m = CHOICE_RE.search(text)
        if not m:
            break
        text = text[:m.start()] + ctx.rng.choice(m.group(1).split("|")) + text[m.end():]
    pieces, pos = [], 0
    for m in SLOT_RE.finditer(text):
        if m.start() > pos:
            pieces.append(T(text[pos:m.start()]))
        pieces.extend(ctx.slot(m.group(1), m.group(2), int(m.group(3) or 1)))
        pos = m.end()
    if pos < len(text):
        pieces.append(T(text[pos:]))
    return pieces


def quote_pieces(pieces, prefix="> "):
    """Prefix every line with '> ' (values never contain line breaks except wrapped/PEM values, which stay whole)."""
    out = [T(prefix)]
    for pc in pieces:
        if pc.kind == "t":
            out.append(T(pc.text.replace("\n", "\n" + prefix)))
        else:
            if pc.label != "PRIVATE_KEY" and "\n" in pc.text:   # a wrapped value is unwrapped inside a quote
                out.append(Pc(pc.text.replace("\n", " "), pc.kind, pc.label, pc.fmt.replace(".wrap", ".space")))
            else:
                out.append(pc)
    return out


# ============================================================================ templates

TEMPLATES = []


def tpl(tid, domain, category, regions, text, roles="", benign=False, lang="en", chain=False):
    TEMPLATES.append(dict(id=tid, domain=domain, category=category, regions=regions.split(), text=text.strip("\n"),
                          roles=roles.split(), benign=benign, lang=lang, chain=chain))


US = "US"
ANY = "US CA UK IE AU IN"

# ---------------------------------------------------------------- IT onboarding desk
tpl("it_aws_paste", "onboarding_it", "customer_email", ANY, """
Hi {agent_first},

Day 2 here and the [[laptop|new MacBook|Dell you shipped]] still can't reach the staging bucket. I ran aws configure like the wiki said, this is what it printed:

    AWS Access Key ID [None]: {aws}
    AWS Secret Access Key [None]: {x_aws_secret}
    Default region name [None]: us-east-2

Temp password from the welcome mail was {x_temp_password} and I already changed it. My VPN address shows {ip:priv10}, public {ip:pub@2}.

Thanks,
{name}
{wemail} | mobile {phone}
""", roles="cust", chain=True)

tpl("it_pat_revoke", "onboarding_it", "internal_note", ANY, """
INTERNAL - do not send to requester
New contractor {name} ({wemail}) pasted a personal access token into the onboarding form field "GitHub username":
  {ghp}
Token is live (checked scopes: repo, read:org). Revoked at {x_timestamp} via org settings; asked {first} to generate a new fine-grained one.
The older token in the same form ({x_gh_bad}) fails the checksum, probably mistyped - ignore.
Okta activation token {x_okta_token} expired, re-sent activation to personal address {email}.
Asset {x_asset_tag}, serial {x_serial}. Ticket {x_ticket}.
""", roles="note")

tpl("it_ssh_key", "onboarding_it", "customer_email", ANY, """
hello IT desk,
the provisioning portal asked for my "SSH public key" so i pasted the file from ~/.ssh, hope that's right?

{pem:openssh}

also my public one if you need it: {x_public_key}

i'm on {ip:pub} at home right now. call me on {phone} if anything's wrong.
- {first}
""", roles="cust")

tpl("it_vpn_log", "onboarding_it", "it_log", ANY, """
GlobalProtect / SSO sign-in trace for new hire {name} (requested by {agent})
{x_timestamp}  saml  user={wemail} idp=okta result=MFA_PENDING src={ip:pub}
{x_timestamp@2}  gp    user={wemail} assigned={ip:priv172} client={x_version} mac={x_mac}
{x_timestamp@3}  gp    user={wemail} HIP check failed: disk encryption off  src={ip:pub}
{x_timestamp@4}  saml  user={wemail} result=SUCCESS session={x_uuid}
Second device on the account: {ip:v6} (phone, {x_version@2}).
Personal recovery e-mail on file: {email}
""", roles="note")

tpl("it_env_paste", "onboarding_it", "config_paste", ANY, """
Onboarding script failed for {name} - they sent their whole .env, sanitise before attaching to the vendor case!

# .env (laptop {x_serial})
AWS_ACCESS_KEY_ID={aws}
AWS_SECRET_ACCESS_KEY={x_aws_secret}
GITHUB_TOKEN={ghp}
SLACK_BOT_TOKEN={x_slack_token}
GITLAB_TOKEN={x_glpat}
DB_HOST={ip:priv10}
DB_USER=svc_onboard
DB_PASSWORD={x_temp_password}
SSO_ID_TOKEN={x_jwt}
ADMIN_CONTACT={wemail}

error: git clone failed (403) at {x_timestamp}
""", roles="note")

tpl("it_checklist", "onboarding_it", "agent_reply", ANY, """
Hi {first},

Welcome to {employer}! Your onboarding checklist from {vendor}:

  - Laptop: asset {x_asset_tag}, serial {x_serial}, shipping to the address on file
  - Start date: {x_date_other}
  - Work e-mail: {wemail} (live from 8am on your start date)
  - Temporary password: sent by SMS to {phone}
  - Badge photo: reply to {role_email:it-help} with a plain background photo

If the courier needs you, they will call {phone}. Your ticket is {x_ticket}.

{agent}
{vendor} | {agent_email} | {vendor_phone}
""", roles="agent", chain=True)

tpl("it_chat_sso", "onboarding_it", "chat_transcript", ANY, """
[{x_timestamp}] {agent}: hi {first}, can you paste the output of `aws sso login` + `aws configure export-credentials`?
[{x_timestamp@2}] {first}: sure
[{x_timestamp@2}] {first}: {"Version": 1, "AccessKeyId": "{asia}", "SecretAccessKey": "{x_aws_secret}", "SessionToken": "<trimmed>", "Expiration": "{x_timestamp@3}"}
[{x_timestamp@4}] {agent}: thanks - please don't paste those here again, they're live for 12h. i'll ask security to revoke
[{x_timestamp@4}] {first}: oops sorry. my old key from the contractor account was {aws}, is that still active?
[{x_timestamp@5}] {agent}: checking... yes, disabling it now. what's the best number to reach you?
[{x_timestamp@5}] {first}: {phone}
""", roles="")

tpl("it_deploy_key", "onboarding_it", "internal_note", ANY, """
Vendor case note ({vendor}): the HRIS connector service account was set up with a shared deploy key. Key block copied from the old runbook page (rotate!):

{pem:ec}

Runbook owner: {name} <{wemail}>. Connector egress IP {ip:pub}. Connector build {x_version}.
Cert for the SFTP endpoint (public, fine to keep):
{x_cert}
""", roles="note")

# ---------------------------------------------------------------- payroll bureau
tpl("pay_dd_change", "payroll", "customer_email", US, """
Hello payroll team,

I switched banks and need my direct deposit changed before the next pay date ({x_date_other}).

New bank: [[Chase|Ally Bank|Navy Federal|a local credit union]]
Routing number: {aba}
Account number: {x_bank_account}
Account type: checking

Old routing was {aba@2} - please stop deposits there. For verification my SSN is {ssn} and DOB {dob}.
Employee ID {x_empid}.

Thank you,
{name}
{phone}
""", roles="cust", chain=True)

tpl("pay_dd_confirm", "payroll", "agent_reply", US, """
Hi {first},

We updated your direct deposit. Please check the details below:

ROUTING #: {aba}
ACCOUNT #: {x_masked_acct}
EFFECTIVE: {x_date_other}

Heads-up: the first routing number you typed ({x_aba_bad}) was rejected by the ACH validator, so we used the one from your voided check instead.
If anything looks off, reply here or call {vendor_phone}.

{agent}
Payroll Specialist, {vendor}
{agent_email}
""", roles="agent", chain=True)

tpl("pay_w2", "payroll", "customer_email", US, """
Subject: W-2 has the wrong SSN??

My [[2024|2025]] W-2 from {employer} shows SSN {x_ssn_invalid}, which isn't mine (that number isn't even valid). My correct social security number is {ssn}.
Employer EIN on the form is {x_ein}, box 1 amount {amt}. I need a W-2c before I file.

Mailing address: {street}, {city} {x_zip}
Best number: {phone}
{email}
""", roles="cust", chain=True)

tpl("pay_correction_note", "payroll", "internal_note", US, """
Payroll correction - off-cycle run requested
Employee: {name}  EE#{x_empid}
Issue: 14.5 OT hours from the {x_date_other} timesheet never imported (Kronos batch {x_uuid}).
Identity verified on call: DOB {dob}, last four of SSN only ({x_masked_ssn}).
Paycheck {x_invoice} voided, reissue via direct deposit to routing {aba}.
Employee callback: {phone}; manager cc'd at {wemail@2}.
""", roles="note")

tpl("pay_hris_csv", "payroll", "hris_export", US, """
Attached is the pre-payroll audit extract (only rows with mismatches):

employee_id,first_name,last_name,work_email,ssn,dob,hire_date,routing,account_last4
{x_empid},{first},{last},{wemail},{ssn:dash},{dob:iso},{x_date_other:iso},{aba},{x_masked_acct}
{x_empid@2},{first@2},{last@2},{wemail@2},{ssn:compact@2},{dob:iso@2},{x_date_other:iso@2},{aba@2},{x_masked_acct@2}
{x_empid@3},{first@4},{last@4},{wemail@4},{x_masked_ssn},{x_masked_dob},{x_date_other:iso@3},,

Row 3 is a rehire - SSN came across masked from the PEO, need the full one from {role_email:hr}.
""", roles="")

tpl("pay_voice", "payroll", "voice_transcript", US, """
[Call transcript - auto-generated, {vendor} payroll line]
AGENT: Thank you for calling payroll, this is {agent_first}, can I get your employee ID?
CALLER: Uh yes it's {x_empid}.
AGENT: And to verify, your date of birth?
CALLER: {dob:us_long}.
AGENT: And the last four of your social?
CALLER: Actually can you just take the whole thing, the portal keeps rejecting me. It's {ssn:asr_group}.
AGENT: Okay let me read that back... {x_spelled_ssn}, correct?
CALLER: Correct. And my cell is {phone}.
AGENT: Got it. I see the paycard is still active, the number ending {x_masked_card}. I'll transfer you to the card team.
""", roles="")

tpl("pay_1099", "payroll", "customer_email", US, """
Hi,
I'm a 1099 contractor for {employer}. Your portal generated my 1099-NEC with my LLC's EIN ({x_ein}) but the payments went to me personally, so it needs my SSN instead: {ssn}.
You can reach me at {email} or {phone}. Invoices {x_invoice} and {x_invoice@2} were both paid to the account ending {x_masked_acct}.
Thanks, {name}
""", roles="cust", chain=True)

tpl("pay_paycard_sms", "payroll", "sms_thread", US, """
SMS thread - PayCadence paycard support ({vendor_phone})
{x_timestamp} OUT: Hi this is {agent_first} from payroll. To move your pay off the paycard we need the card # on the back.
{x_timestamp@2} IN: ok its {card:space}
{x_timestamp@2} IN: exp {x_card_expiry}
{x_timestamp@3} OUT: Thanks. And the date of birth on your file?
{x_timestamp@3} IN: {dob:us}
{x_timestamp@4} OUT: Done - future pay goes to direct deposit. Reply STOP to opt out.
""", roles="sms")

tpl("pay_outlook_fwd", "payroll", "forwarded_email", US, """
________________________________
From: {name} <{email}>
Sent: [[Monday|Tuesday|Thursday]], {x_date_other:us_long} 9:14 AM
To: {role_email:payroll}
Cc: {wemail@2}
Subject: RE: Direct deposit form - ACTION REQUIRED

Hi,

Please see the completed form below.

Employee name:    {name}
SSN:              {ssn}
Date of Birth:    {dob}
Bank routing #:   {aba}
Account #:        {x_bank_account}

Thanks!

{first}
Cell: {phone}

This e-mail is intended only for the named recipient(s).
""", roles="cust")

# ---------------------------------------------------------------- benefits enrollment
tpl("ben_dependents", "benefits", "customer_email", US, """
Hi Enrollwise team,

Adding my spouse and daughter for the plan year starting {x_date_other}:

Spouse: {name@2}, DOB {dob@2}, SSN {ssn@2}
Child: {first@3} {last@3}, date of birth {dob@3}, SSN {ssn@3}

My member ID is {x_member_id}, group {x_group_no}. Marriage date was {x_date_other@2} in case you need it for the qualifying event.
Please confirm at {email}.

{name}
{phone}
""", roles="cust", chain=True)

tpl("ben_dep_verif", "benefits", "agent_reply", US, """
Hi {first},

Thanks for your dependent verification documents. We could verify your spouse, but for {first@3} the birth certificate shows a different date than your enrollment form:

  Enrollment form DOB: {dob@3}
  Birth certificate:    {x_masked_dob}

Please upload a clearer copy by {x_date_other} or coverage for this dependent will end. Case {x_case_no}.
Questions: {vendor_phone} or {agent_email}.

{agent}
Dependent Verification Center, {vendor}
""", roles="agent", chain=True)

tpl("ben_hsa", "benefits", "customer_email", US, """
My HSA card was declined at the pharmacy this morning. Card number {card}, member ID {x_member_id}.
I also want my HSA contributions refunded to my checking account, routing {aba}, account {x_bank_account}.
DOB: {dob}. Please call {phone} - I can't get through on {vendor_phone}.
{name}
""", roles="cust")

tpl("ben_tsv", "benefits", "hris_export", US, """
834 pre-check - rows rejected by carrier (tab separated, from the benefits export)

member\trelationship\tfirst\tlast\tdob\tssn\tplan\teffective
{x_member_id}\tEE\t{first}\t{last}\t{dob:us}\t{ssn:dash}\tPPO-2500\t{x_date_other:us}
{x_member_id@2}\tSP\t{first@2}\t{last}\t{dob:us@2}\t{ssn:dash@2}\tPPO-2500\t{x_date_other:us}
{x_member_id@3}\tCH\t{first@3}\t{last@3}\t{dob:us@3}\t{x_masked_ssn}\tPPO-2500\t{x_date_other:us}

Reason: CH row missing full SSN; carrier contact {role_email:enrollment}.
""", roles="")

tpl("ben_chat", "benefits", "chat_transcript", US, """
Chat transcript - Benefits Help ({vendor})
{agent_first} (agent): Hi! I can help with your life-event change. Can you confirm your full name and date of birth?
{first}: {name}, {dob:us_abbr}
{agent_first} (agent): Thanks. What's the event?
{first}: baby was born last week! {first@3} {last@3}
{agent_first} (agent): Congratulations! What's the baby's date of birth?
{first}: {dob:us@3}
{agent_first} (agent): Got it. Due date on the pre-cert was {x_date_other}, that's fine. Best email for the confirmation?
{first}: {email}
""", roles="")

# ---------------------------------------------------------------- leave administration
tpl("leave_cert", "leave", "doctor_note", US, """
CERTIFICATION OF HEALTH CARE PROVIDER (employee's serious health condition) - typed copy for claim {x_claim_no}

Employee: {name}        DOB: {dob}
Patient MRN: {mrn}
Provider: {dr}, {clinic}
NPI: {npi}      Phone: {wphone@5}      Fax: {phone@6}
Diagnosis: {icd}
Incapacity: {x_date_other} through {x_date_other@2}; follow-up visits every 2 weeks.
Provider signature on file. Questions to {dr_email}.
""", roles="note")

tpl("leave_std_email", "leave", "customer_email", US, """
Hello,

I'm filing for short-term disability. My doctor's office faxed the statement but your portal says it's missing, so here's what it says:

"{name} (DOB {dob}, MRN {mrn}) has been under my care since {x_date_other} for {icd}. Unable to work until further notice. - {dr}, NPI {npi}"

Claim number: {x_claim_no}. You can call me at {phone} or email {email}. My manager is {name@2} ({wemail@2}).

Thanks,
{first}
""", roles="cust", chain=True)

tpl("leave_rtw", "leave", "agent_reply", US, """
Hi {first},

Your return-to-work note from {dr} was received. Restrictions: no lifting over 15 lb until {x_date_other}.
We noticed the NPI on the note ({x_npi_bad}) doesn't validate; we confirmed the correct one with the office: {npi}.

Your leave case {x_claim_no} will close on your return date. Please keep {role_email:leave} in the loop.

{agent}
Leave Specialist | {vendor} | {vendor_phone}
""", roles="agent", chain=True)

tpl("leave_maternity", "leave", "customer_email", US, """
Hi there - update on my maternity leave (case {x_claim_no}).
My original due date was {x_date_other}, but the baby came early! {first@3} was born {dob:us_long@3}, healthy.
Please switch my leave start to the birth date and add {first@3} to my medical plan. My DOB is {dob} if you need to find me, and my new number is {phone}.
{name}
""", roles="cust")

tpl("leave_voice", "leave", "voice_transcript", US, """
voice-to-text | inbound | leave line | agent {agent_first}
agent: leave administration this is {agent_first}
caller: hi um i'm calling about my husband's fmla, he had surgery, his name is {name}
agent: okay what is his date of birth
caller: it's {x_spelled_dob}
agent: sorry can you say it as numbers
caller: {dob:asr}
agent: thank you and the provider's npi if you have the form
caller: yes it says {npi}
agent: and his medical record number at the hospital
caller: m r n {mrn}
agent: okay and a callback number
caller: {phone}
""", roles="")

tpl("leave_dr_letter", "leave", "doctor_note", US, """
{clinic}
{street@2}, {city@2}
Tel {wphone@5} | Fax {phone@6}

{x_date_other}

To whom it may concern,

My patient {name} (date of birth {dob}; MRN {mrn}) was seen in clinic today and should be excused from work for 10 days. Diagnosis: {icd:code}.
Please contact my office with questions.

{dr}, MD
NPI {npi} | DEA {dea}
""", roles="note")

# ---------------------------------------------------------------- background checks / drug screening
tpl("scr_dispute", "screening", "customer_email", US, """
Subject: Dispute - background report {x_case_no}

To the VeriTrace disputes team,

Your report lists a [[2016|2019|2021]] misdemeanor that belongs to someone else with my name. That person's DOB is shown as {x_masked_dob} on the report; mine is {dob}.
My SSN is {ssn} and my driver's license is {x_dl}. I have never lived in [[Maricopa County|Cook County|Duval County]].

Please correct this before {employer} makes a decision. I can be reached at {phone} or {email}.

{name}
""", roles="cust", chain=True)

tpl("scr_mro", "screening", "internal_note", US, """
MRO review - specimen {x_specimen_id} (CCF {x_specimen_id@2})
Donor: {name}, DOB {dob}, donor ID {x_empid}
Result: amphetamines positive, {x_date_other}
Donor states valid prescription. Verified with prescriber {dr} (NPI {npi}, DEA {dea}) at {clinic}, office phone {wphone@5}.
Pharmacy confirmed fill; rx {x_invoice}. The DEA typed on the CCF ({x_dea_bad}) fails the check digit - use {dea}. Downgrade to NEGATIVE per MRO. Notify DER at {role_email:hr}.
""", roles="note")

tpl("scr_adverse", "screening", "agent_reply", US, """
Dear {first},

This is a pre-adverse action notice. {employer} may make an employment decision based in whole or part on the consumer report {x_case_no} prepared by {vendor}.
The report was matched using the identifiers you provided: SSN ending {x_masked_ssn} and date of birth {dob}.

You have the right to dispute the accuracy of the report. Contact us at {vendor_phone} or {role_email:disputes}.

{agent}, Compliance
""", roles="agent", chain=True)

tpl("scr_sms", "screening", "sms_thread", US, """
[{x_timestamp}] {x_sms_shortcode}: Reminder from Clearline: your drug test for {employer} must be done by {x_date_other}. Reply HELP for site list.
[{x_timestamp@2}] {first}: which site? i'm near {city}
[{x_timestamp@2}] Clearline: Please confirm your name and date of birth.
[{x_timestamp@3}] {first}: {name} {dob:us_short}
[{x_timestamp@3}] Clearline: Thanks. Site: 4412 Commerce Pkwy, code {x_specimen_id}. Questions: {vendor_phone}
""", roles="sms")

# ---------------------------------------------------------------- immigration / I-9 / visas
tpl("imm_i9", "immigration", "internal_note", US, """
I-9 Section 2 review ({name}, start {x_date_other})
List A: U.S. passport {x_passport}, exp {x_date_other@2}
DOB on Section 1: {dob}   SSN: {ssn}
E-Verify case {x_case_no}: TNC resolved. Prior I-797 receipt {x_case_no@2}.
A-number left blank (citizen). Employee personal email {email}, phone {phone}.
Paralegal: {agent} ({agent_email})
""", roles="note")

tpl("imm_h1b_email", "immigration", "customer_email", US, """
Hi {agent_first},

Here are the details you asked for the H-1B amendment:

Full name (as in passport): {name}
Date of birth: {dob}
Passport no.: {x_passport}  (issued {x_date_other}, expires {x_date_other@2})
I-94 record: {x_eticket}
US phone: {phone}
Personal email: {email}

My wife's DOB is {dob@2} for the H-4. We don't have SSNs for her yet.

Best regards,
{name}
""", roles="cust", chain=True)

tpl("imm_paralegal_reply", "immigration", "agent_reply", US, """
Dear {first},

Thank you. We filed the petition; the USCIS receipt number is {x_case_no}. Please keep your passport ({x_passport}) valid through the requested end date.

For the consular appointment, book under the same name and DOB ({dob}) that appear in the petition.
Reach me directly on {wphone@7} or {agent_email}.

Kind regards,
{agent}
{vendor}
""", roles="agent", chain=True)

# ---------------------------------------------------------------- travel / relocation
tpl("trv_itinerary", "travel", "agent_reply", ANY, """
Booking confirmed for {name}

Record locator: {x_pnr}
E-ticket: {x_eticket}
Frequent flyer: {x_ff}
Passport on profile: {x_passport} (expires {x_date_other})
Date of birth (Secure Flight): {dob}
Mobile for delays: {phone}
Card charged: {x_masked_card}

Changes: {role_email:bookings} or {vendor_phone}. {agent}, {vendor}
""", roles="agent", chain=True)

tpl("trv_card_fix", "travel", "customer_email", ANY, """
hi - the hotel for my relocation trip ({x_pnr}) says the corporate card bounced. can you use my backup personal card instead, {card}, exp {x_card_expiry}? I'll expense it.
hotel conf {x_invoice}, check-in {x_date_other}.
{first}
sent from my phone - {phone}
""", roles="cust", chain=True)

tpl("reloc_expense", "travel", "customer_email", US, """
Relocation expense report - {name}

Movers ({x_invoice}): {amt}
Temp housing {x_date_other} - {x_date_other@2}: {amt}
Flights ({x_pnr}): {amt}
All charged to Amex corporate card {card:space@2}; receipts attached.

Please reimburse the personal portion to routing {aba}, account {x_bank_account}. Thanks!
{email} / {phone}
""", roles="cust")

tpl("reloc_word_paste", "travel", "forwarded_email", ANY, """
---------- Forwarded message ---------
From: {agent} <{agent_email}>
Date: {x_date_other:us_long}
Subject: Relocation authorization - {name}
To: {wemail}

RELOCATION AUTHORIZATION
Employee:\t{name}
Employee ID:\t{x_empid}
Date of Birth:\t{dob}
Personal e-mail:\t{email}
Mobile:\t{phone}
Origin:\t{city}
Lump sum:\t{amt}

Please sign and return. Questions? {vendor_phone}
""", roles="agent")

tpl("trv_sms", "travel", "sms_thread", ANY, """
WhatsApp export - Wayfarer duty desk
[{x_timestamp}] Duty desk: Hi {first}, your flight is cancelled, rebooking now. Which email for the new ticket?
[{x_timestamp@2}] {first}: {email}
[{x_timestamp@2}] Duty desk: And DOB as on passport please
[{x_timestamp@2}] {first}: {dob}
[{x_timestamp@3}] Duty desk: New PNR {x_pnr}, seat 14C. Call {vendor_phone} if stuck.
""", roles="sms")

# ---------------------------------------------------------------- regional English
tpl("uk_p45", "payroll", "customer_email", "UK", """
Hi,

Starting with {employer} on {x_date_other}. HR says you run payroll - my P45 from the last job is attached, tax code {x_tax_code}.
National Insurance number: {x_nino}
Bank for salary: sort code {x_sort_code}, account {x_bank_account:uk}, or if you need it the IBAN is {iban}.
Date of birth {dob}. Mobile {phone}.

Cheers,
{name}
""", roles="cust", chain=True)

tpl("uk_fit_note", "leave", "doctor_note", "UK", """
Statement of Fitness for Work (fit note) - details typed by {agent} for absence case {x_claim_no}

Patient: {name}   DOB: {dob}
NHS No: {nhs}
GP practice: {clinic}, tel {wphone@5}
Condition: {icd:code}
Not fit for work from {x_date_other} to {x_date_other@2}.
The employee's first upload had NHS number {x_nhs_bad}, which fails the check digit, so the GP re-issued it.
Employee contact: {email} / {phone}. NI number {x_nino} (for SSP only).
""", roles="note")

tpl("uk_p60_reply", "payroll", "agent_reply", "UK", """
Dear {first},

Your P60 for the tax year is now in the portal. We've updated your bank details to IBAN {iban} (sort code {x_sort_code}) from the next pay run on {x_date_other}.
We hold your date of birth as {dob} - let us know if that's wrong as HMRC will reject the FPS.

Kind regards,
{agent}, {vendor}
{vendor_phone}
""", roles="agent", chain=True)

tpl("ie_payroll", "payroll", "customer_email", "IE", """
Hello,

Joining the Dublin office on {x_date_other}. For Revenue I need payroll to have:
PPSN: {x_ppsn}
Date of birth: {dob}
IBAN: {iban} (BIC {x_bic})
Home: {street}, {city}, {x_postcode}
Mobile: {phone}

Go raibh maith agat,
{name}
""", roles="cust", chain=True)

tpl("ie_illness", "leave", "internal_note", "IE", """
Illness benefit claim - {name} (PPSN {x_ppsn})
Cert from {dr}, {clinic}, dated {x_date_other}. DOB {dob}.
Employer top-up approved for 3 weeks. Paid to IBAN {iban}.
Employee phone {phone}; GP practice {wphone@5}.
""", roles="note")

tpl("ca_onboard", "onboarding_it", "customer_email", "CA", """
Hi {agent_first},

Completing the TD1 and direct deposit for {employer}:
SIN: {x_sin}
Date of birth: {dob}
Bank transit/institution: {x_transit}, account {x_bank_account:ca}
Personal e-mail: {email}
Cell: {phone}

My laptop should ship to {city} {x_postcode}.
Merci,
{name}
""", roles="cust", chain=True)

tpl("ca_benefits", "benefits", "agent_reply", "CA", """
Hi {first},

We added your dependant {first@3} {last@3} (born {dob@3}) to the group health plan, certificate {x_member_id}.
The provincial health card number you sent ({x_health_card}) isn't needed for the group plan, so we deleted it from our file.
For your own record we have date of birth {dob} and SIN ending {x_masked_ssn}.

{agent}, {vendor} | {vendor_phone}
""", roles="agent", chain=True)

tpl("au_super", "payroll", "customer_email", "AU", """
G'day,

New starter at {employer} - here's my stuff for payroll and super:
TFN: {x_tfn}
Super fund member no.: {x_super_member}
BSB/account: {x_bank_account:au}
DOB: {dob}
Mobile: {phone}
Medicare (for the EAP only): {x_medicare_au}

Cheers,
{name}
""", roles="cust", chain=True)

tpl("au_travel", "travel", "agent_reply", "AU", """
Hi {first},

Your Melbourne-Singapore trip is ticketed: booking {x_pnr}, e-ticket {x_eticket}, Velocity number {x_ff}.
Passport {x_passport} expires {x_date_other} - fine for travel. DOB on the booking: {dob}.
We'll SMS changes to {phone}.

{agent}, {vendor}
""", roles="agent", chain=True)

tpl("in_onboard", "onboarding_it", "customer_email", "IN", """
Dear HR team,

Please find my joining details for the Bengaluru office:

Name: {name}
Date of Birth: {dob}
Aadhaar: {x_aadhaar}
PAN: {x_pan}
Bank: {x_ifsc}, A/c {x_bank_account:in}
Mobile: {phone}
Personal mail: {email}

Kindly confirm laptop dispatch.
Regards,
{name}
""", roles="cust", chain=True)

tpl("in_payroll", "payroll", "internal_note", "IN", """
Payroll query - {name}, emp {x_empid}
UAN {x_uan} not linked; PF transfer pending from previous employer.
DOB in HRIS ({dob}) matches Aadhaar ({x_aadhaar}); PAN {x_pan} verified.
Salary credit to A/c {x_bank_account:in} ({x_ifsc}). Employee reachable on {phone}, {wemail}.
""", roles="note")

tpl("in_it_token", "onboarding_it", "chat_transcript", "IN", """
[{x_timestamp}] {first}: hi, bitbucket mirror job failing for my new account
[{x_timestamp@2}] {agent_first}: can you share the config
[{x_timestamp@2}] {first}: token: {ghp}   user: {wemail}
[{x_timestamp@3}] {agent_first}: pls never share tokens here. revoking it now - create a new one and store in vault
[{x_timestamp@3}] {first}: sorry! my mobile {phone} if you need to call
""", roles="")

tpl("uk_occ_health", "leave", "internal_note", "UK", """
Occupational health referral - {name}
DOB: {dob}    NHS number: {nhs}
GP: {dr}, {clinic} ({wphone@5})
Reason: phased return after {icd:code}; manager {name@2} ({wemail@2}).
OH provider appointment {x_date_other}. Employee mobile {phone}.
""", roles="note")

tpl("uk_pmi_email", "benefits", "customer_email", "UK", """
Hi,

I'm enrolling my son on the private medical cover. His details:
Name: {first@3} {last@3}
Date of birth: {dob@3}
NHS no. {nhs@3}

Mine for reference: DOB {dob}, NHS {nhs}. Policy {x_member_id}.
Thanks, {name} - {phone}
""", roles="cust", chain=True)

tpl("trv_card_reissue", "travel", "internal_note", ANY, """
Corporate card reissue - {name} ({x_empid})
Old card {card:space} reported lost {x_date_other}; replacement ending {x_masked_card} ships to {city}.
Traveller asked to move two pending hotel charges to the new card. Order refs {x_order16} and {x_invoice} are NOT card numbers.
Contact: {phone} / {wemail}
""", roles="note")

tpl("ben_premium_voice", "benefits", "voice_transcript", US, """
[auto transcript - COBRA premium line]
agent: I can take the premium by card. What's the card number?
caller: it's {card:pairs}
agent: and expiration?
caller: {x_card_expiry}
agent: and the billing zip?
caller: {x_zip}
agent: okay, and the date of birth of the primary member?
caller: {dob:us_long}
agent: thank you, payment of {amt} is posted. confirmation {x_invoice}
""", roles="")

tpl("reloc_wrapped", "travel", "customer_email", "UK IE", """
Hi {agent_first},

For the relocation allowance please pay into my account below (copying it from my banking app, sorry about the formatting):

IBAN: {iban:wrap}

and charge the temporary flat deposit to my card {card:wrap}

Thanks,
{name}
{phone}
""", roles="cust", chain=True)

# ---------------------------------------------------------------- benign English
tpl("b_pay_calendar", "payroll", "agent_reply", ANY, """
Hi {first},

Payroll calendar for next quarter: cut-off {x_date_other}, pay date {x_date_other@2}, off-cycle window {x_date_other@3}.
Your ticket {x_ticket} is resolved; the adjustment of {amt} will show on the {x_date_other@2} payslip.
For changes use the portal, not e-mail.

{agent}
""", roles="agent", benign=True)

tpl("b_dd_masked", "payroll", "agent_reply", ANY, """
Direct deposit confirmation
Account: {x_masked_acct}
SSN on file: {x_masked_ssn}
Phone on file: {x_masked_phone}
Email on file: {x_masked_email}
Effective: {x_date_other}
Reference {x_ticket}. We never show full account numbers in e-mail.
""", roles="agent", benign=True)

tpl("b_it_test", "onboarding_it", "internal_note", ANY, """
QA note for the onboarding portal release {x_version}:
- checkout of the equipment stipend tested with the Stripe test card {x_test_card} (test mode only)
- IAM policy doc example key {x_aws_example} (the AWS documentation example) still in the wiki - harmless
- placeholder contacts {placeholder_email} used in fixtures
- build {x_hex:40}, job {x_uuid}, finished {x_timestamp}
""", roles="note", benign=True)

tpl("b_travel", "travel", "agent_reply", ANY, """
Itinerary update: record locator {x_pnr}, flight departs {x_date_other} 07:40, hotel confirmation {x_invoice}.
Card on file {x_masked_card}. Fare difference {amt}. Trip id {x_uuid}.
""", roles="agent", benign=True)

tpl("b_benefits_oe", "benefits", "agent_reply", ANY, """
Open enrollment runs {x_date_other} to {x_date_other@2}. Group {x_group_no}. Plans: PPO-2500, HDHP-3400 + HSA.
Employer HSA seed {amt}. Dependent audit cases close {x_date_other@3}. Reference {x_case_no}.
""", roles="agent", benign=True)

tpl("b_leave_status", "leave", "agent_reply", ANY, """
Leave case {x_claim_no} status: APPROVED, continuous, {x_date_other} to {x_date_other@2}. Intermittent hours remaining: 112.5.
Next certification due {x_date_other@3}. Payment of {amt} issued {x_date_other@4} (check {x_invoice}).
""", roles="agent", benign=True)

tpl("b_screening", "screening", "internal_note", ANY, """
Background package {x_case_no} complete at {x_timestamp}: county search clear, employment verified, education pending.
Specimen {x_specimen_id} negative. Candidate SSN {x_masked_ssn}, DOB {x_masked_dob}. Invoice {x_invoice} {amt}.
""", roles="note", benign=True)

tpl("b_release", "onboarding_it", "it_log", ANY, """
HRIS connector {x_version} deployed {x_timestamp}. Sync job {x_uuid} processed 412 workers, 3 skipped (reason: missing cost centre).
Hash {x_hex:64}. Next run {x_timestamp@2}. Key rotated (value not shown): {x_masked_aws}.
""", roles="note", benign=True)

tpl("b_export_masked", "payroll", "hris_export", ANY, """
employee_id,ssn,dob,bank_account,hire_date
{x_empid},{x_masked_ssn},{x_masked_dob},{x_masked_acct},{x_date_other:iso}
{x_empid@2},{x_masked_ssn@2},{x_masked_dob@2},{x_masked_acct@2},{x_date_other:iso@2}
(masked export - full values only in the HRIS)
""", roles="", benign=True)

tpl("b_immig", "immigration", "agent_reply", ANY, """
Receipt notice {x_case_no} received {x_date_other}; biometrics appointment {x_date_other@2}. Petition fee {amt}.
Premium processing decision expected by {x_date_other@3}. Matter {x_ticket}.
""", roles="agent", benign=True)

# ---------------------------------------------------------------- non-English
tpl("es_nomina", "payroll", "customer_email", "ES", """
Hola {agent_first}:

Os escribo porque he cambiado de banco y quiero que la nómina de este mes llegue a la cuenta nueva.
IBAN nuevo: {iban}
DNI: {x_nif}
Fecha de nacimiento: {dob}
Teléfono: {phone}

La antigua terminaba en {x_masked_iban}, ya está cancelada. Gracias,
{name}
{email}
""", roles="cust", lang="es", chain=True)

tpl("mx_nomina", "payroll", "customer_email", "MX", """
Buenas tardes,

Les pido actualizar mi cuenta de nómina. La CLABE interbancaria es {x_clabe} (Banorte).
CURP: {x_curp}
Fecha de nacimiento: {dob}
Mientras tanto pueden depositar a mi tarjeta de débito {card:space}.
Celular: {phone}, correo {email}.

Saludos,
{name}
""", roles="cust", lang="es", chain=True)

tpl("es_baja", "leave", "doctor_note", "ES MX", """
Parte de baja - datos transcritos por {agent} (expediente {x_claim_no})
Trabajador/a: {name}
F. nacimiento: {dob}
Médico: {dr}, {clinic}
Diagnóstico: {icd:code}
Inicio de la baja: {x_date_other}; revisión: {x_date_other@2}
Contacto: {phone} / {email}
""", roles="note", lang="es")

tpl("es_viaje", "travel", "agent_reply", "ES MX", """
Estimado/a {first}:

Le confirmamos el viaje de traslado. Localizador: {x_pnr}. Billete electrónico: {x_eticket}.
Pasaporte registrado: {x_passport}. Fecha de nacimiento del pasajero: {dob}.
El hotel se garantizó con la tarjeta terminada en {x_masked_card}.
Para cambios llame al {wphone@7} o escriba a {agent_email}.

Atentamente,
{agent}
""", roles="agent", lang="es", chain=True)

tpl("es_whatsapp", "benefits", "sms_thread", "ES MX", """
[{x_timestamp}] {vendor}: Hola {first}, para darte de alta en el seguro médico necesitamos tu fecha de nacimiento y la de tu hijo/a.
[{x_timestamp@2}] {first}: la mía {dob}
[{x_timestamp@2}] {first}: la de {first@3} es {dob@3}
[{x_timestamp@3}] {vendor}: ¡Gracias! Te enviamos la póliza a {email}
""", roles="sms", lang="es")

tpl("es_benign", "payroll", "agent_reply", "ES MX", """
Hola {first}: tu nómina de {amt} se abonará el {x_date_other}. Cuenta registrada: {x_masked_iban}. Referencia {x_ticket}. Un saludo.
""", roles="agent", benign=True, lang="es")

tpl("pt_iban", "payroll", "customer_email", "PT", """
Bom dia,

Peço que o meu vencimento passe a ser pago para a nova conta:
IBAN: {iban}
NIF: {x_nif_pt}
Data de nascimento: {dob}
Telemóvel: {phone}

Obrigada,
{name}
{email}
""", roles="cust", lang="pt", chain=True)

tpl("br_pix", "payroll", "customer_email", "BR", """
Olá, pessoal do DP!

Quero receber o reembolso da mudança via PIX. Chave PIX (e-mail): {email}
Se preferirem TED: agência {x_bank_account:br}, conta corrente no Itaú.
CPF: {x_cpf}
Data de nascimento: {dob}
Celular/WhatsApp: {phone}

Valeu,
{name}
""", roles="cust", lang="pt", chain=True)

tpl("pt_atestado", "leave", "doctor_note", "PT BR", """
Atestado médico recebido - caso {x_claim_no}
Colaborador(a): {name}, nascido(a) em {dob}
Médico: {dr} ({clinic})
CID/ICD: {icd:code} - afastamento de {x_date_other} a {x_date_other@2}
Contato do colaborador: {phone}, {email}
""", roles="note", lang="pt")

tpl("pt_viagem", "travel", "agent_reply", "PT BR", """
Olá {first},

A sua viagem está emitida. Localizador {x_pnr}, bilhete {x_eticket}. Passaporte {x_passport} (validade {x_date_other}).
Data de nascimento no registo: {dob}. Telefone para avisos: {phone}.
Cartão corporativo usado: {x_masked_card}.

Cumprimentos,
{agent}
""", roles="agent", lang="pt", chain=True)

tpl("pt_whats", "benefits", "sms_thread", "PT BR", """
[{x_timestamp}] Benefícios: Oi {first}! Para incluir seu dependente no plano de saúde, mande nome completo e data de nascimento.
[{x_timestamp@2}] {first}: {first@3} {last@3}, {dob@3}
[{x_timestamp@2}] {first}: e meu e-mail é {email}
[{x_timestamp@3}] Benefícios: Perfeito, incluído. Carteirinha {x_member_id}.
""", roles="sms", lang="pt")

tpl("pt_benign", "payroll", "agent_reply", "PT BR", """
Olá {first}, o seu recibo de vencimento de {amt} está disponível desde {x_date_other}. Conta: {x_masked_iban}. Pedido {x_ticket}.
""", roles="agent", benign=True, lang="pt")

tpl("it_iban", "payroll", "customer_email", "IT", """
Buongiorno,

vi chiedo di aggiornare le coordinate bancarie per l'accredito dello stipendio.
Nuovo IBAN: {iban}
Codice fiscale: {x_cf}
Data di nascita: {dob}
Cellulare: {phone}

Cordiali saluti,
{name}
{email}
""", roles="cust", lang="it", chain=True)

tpl("it_malattia", "leave", "internal_note", "IT", """
Certificato di malattia - protocollo telematico {x_claim_no}
Dipendente: {name} (nato/a il {dob})
Medico curante: {dr}, tel. {wphone@5}
Prognosi: dal {x_date_other} al {x_date_other@2}
Recapito durante la malattia: {phone}; email personale {email}
""", roles="note", lang="it")

tpl("it_trasferta", "travel", "customer_email", "IT", """
Ciao {agent_first},
per la trasferta a Lisbona la carta aziendale è bloccata. Potete addebitare l'hotel sulla mia carta personale {card}, scadenza {x_card_expiry}?
Prenotazione {x_pnr}. Nata il {dob} (serve per il check-in online).
Grazie, {first} - {phone}
""", roles="cust", lang="it", chain=True)

tpl("it_chat", "onboarding_it", "chat_transcript", "IT", """
[{x_timestamp}] {agent_first}: ciao {first}, il tuo account SSO è pronto. Mi confermi l'email personale per il reset?
[{x_timestamp@2}] {first}: {email}
[{x_timestamp@2}] {first}: ah e il portatile si collega solo dalla rete {ip:priv192}
[{x_timestamp@3}] {agent_first}: ok, apro ticket {x_ticket}
""", roles="", lang="it")

tpl("it_benign", "payroll", "agent_reply", "IT", """
Gentile {first}, il cedolino di {amt} sarà disponibile dal {x_date_other}. IBAN registrato: {x_masked_iban}. Pratica {x_ticket}.
""", roles="agent", benign=True, lang="it")

tpl("nl_iban", "payroll", "customer_email", "NL", """
Beste salarisadministratie,

Graag mijn salaris vanaf de volgende periode overmaken op:
IBAN: {iban} t.n.v. {name}
BSN: {x_bsn}
Geboortedatum: {dob}
Telefoon: {phone}

Met vriendelijke groet,
{first}
{email}
""", roles="cust", lang="nl", chain=True)

tpl("nl_ziek", "leave", "internal_note", "NL", """
Ziekmelding {name} (geb. {dob}) ontvangen op {x_date_other}. Verwachte duur: 2 weken.
Bedrijfsarts: {dr}, {clinic}, tel. {wphone@5}. Dossier {x_claim_no}.
Medewerker bereikbaar op {phone} of {email}.
""", roles="note", lang="nl")

tpl("nl_reis", "travel", "agent_reply", "NL", """
Hoi {first},

Je reis naar Boston is geboekt: boekingscode {x_pnr}, e-ticket {x_eticket}, Flying Blue {x_ff}.
Paspoort {x_passport}, geldig tot {x_date_other}. Geboortedatum op de boeking: {dob}.
Wijzigingen? Bel {wphone@7}.

Groet,
{agent}
""", roles="agent", lang="nl", chain=True)

tpl("nl_chat", "onboarding_it", "chat_transcript", "NL", """
[{x_timestamp}] {first}: hoi, mijn laptop krijgt geen VPN-verbinding
[{x_timestamp@2}] {agent_first}: welk IP-adres zie je?
[{x_timestamp@2}] {first}: {ip:pub} thuis, en {ip:priv10} op kantoor
[{x_timestamp@3}] {agent_first}: ok, ik bel je op {phone}
""", roles="", lang="nl")

tpl("nl_benign", "payroll", "agent_reply", "NL", """
Hoi {first}, je loonstrook van {amt} staat klaar sinds {x_date_other}. Rekening: {x_masked_iban}. Ticket {x_ticket}.
""", roles="agent", benign=True, lang="nl")

tpl("pl_konto", "payroll", "customer_email", "PL", """
Dzień dobry,

proszę o zmianę numeru konta do przelewu wynagrodzenia:
{iban}
PESEL: {x_pesel}
Data urodzenia: {dob}
Telefon: {phone}

Z poważaniem,
{name}
{email}
""", roles="cust", lang="pl", chain=True)

tpl("pl_l4", "leave", "internal_note", "PL", """
e-ZLA (zwolnienie lekarskie) nr {x_claim_no} dla: {name}, ur. {dob}
Lekarz: {dr}, {clinic}
Okres niezdolności: {x_date_other} - {x_date_other@2}
Kontakt z pracownikiem: {phone}, {email}
""", roles="note", lang="pl")

tpl("pl_podroz", "travel", "customer_email", "PL", """
Cześć {agent_first},
proszę o zmianę lotu {x_pnr} na późniejszy. Dane pasażera: {name}, data urodzenia {dob}, paszport {x_passport}.
Dopłatę proszę pobrać z mojej karty {card}.
Tel. {phone}
""", roles="cust", lang="pl", chain=True)

tpl("pl_chat", "benefits", "sms_thread", "PL", """
[{x_timestamp}] Benefity: Dzień dobry, do zgłoszenia dziecka do prywatnej opieki medycznej potrzebujemy daty urodzenia.
[{x_timestamp@2}] {first}: {first@3}, {dob@3}
[{x_timestamp@3}] Benefity: Dziękujemy, potwierdzenie wyślemy na {email}
""", roles="sms", lang="pl")

tpl("pl_benign", "payroll", "agent_reply", "PL", """
Dzień dobry, wynagrodzenie {amt} zostanie wypłacone {x_date_other}. Konto: {x_masked_iban}. Zgłoszenie {x_ticket}.
""", roles="agent", benign=True, lang="pl")

tpl("sv_lon", "payroll", "customer_email", "SE", """
Hej,

jag har bytt bank. Lönen ska från och med nästa månad sättas in på:
IBAN: {iban}
Personnummer: {x_personnummer}
Födelsedatum (för försäkringen): {dob}
Mobil: {phone}

Tack på förhand!
{name}
{email}
""", roles="cust", lang="sv", chain=True)

tpl("sv_sjuk", "leave", "internal_note", "SE", """
Sjukanmälan {name}, född {dob}. Läkarintyg från {dr} ({clinic}) fr.o.m. {x_date_other}.
Ärende {x_claim_no}. Nås på {phone} / {email}.
""", roles="note", lang="sv")

tpl("sv_resa", "travel", "agent_reply", "SE", """
Hej {first}!

Din resa är bokad: bokningsnummer {x_pnr}, e-biljett {x_eticket}, EuroBonus {x_ff}.
Pass {x_passport} giltigt till {x_date_other}. Födelsedatum på bokningen: {dob}.
Vid ändringar ring {wphone@7}.

Vänliga hälsningar,
{agent}
""", roles="agent", lang="sv", chain=True)

tpl("sv_chat", "onboarding_it", "chat_transcript", "SE", """
[{x_timestamp}] {agent_first}: hej {first}, klistra in felmeddelandet från git
[{x_timestamp@2}] {first}: remote: Invalid username or token. (token {ghp})
[{x_timestamp@3}] {agent_first}: tack, den är nu spärrad. skapa en ny och lägg den inte i chatten
""", roles="", lang="sv")

tpl("sv_benign", "payroll", "agent_reply", "SE", """
Hej {first}, lönen på {amt} betalas ut {x_date_other}. Konto: {x_masked_iban}. Ärende {x_ticket}.
""", roles="agent", benign=True, lang="sv")


# ============================================================================ rich text renderings

LABEL_RE = re.compile(r"([A-Za-zÀ-ÿ#./()'\- ]{2,32}:)([ \t]*)$")


def split_lines(pieces):
    lines, cur = [], []
    for pc in pieces:
        if pc.kind == "t" and "\n" in pc.text:
            parts = pc.text.split("\n")
            for j, part in enumerate(parts):
                if part:
                    cur.append(T(part))
                if j < len(parts) - 1:
                    lines.append(cur)
                    cur = []
        else:
            cur.append(pc)
    lines.append(cur)
    return lines


def unwrap(pc):
    if pc.kind == "p" and pc.label != "PRIVATE_KEY" and "\n" in pc.text:
        return Pc(pc.text.replace("\n", " "), pc.kind, pc.label, pc.fmt.replace(".wrap", ".space"))
    return pc


def html_line(line, rng, mailto=True, bold="b"):
    out = []
    for j, pc in enumerate(line):
        if pc.kind == "t":
            txt = html.escape(pc.text, quote=False).replace("'", "&#39;").replace("  ", "&nbsp; ").replace("\t", "&nbsp;&nbsp;&nbsp; ")
            nxt = line[j + 1] if j + 1 < len(line) else None
            m = LABEL_RE.search(txt) if nxt is not None and nxt.kind == "p" else None
            if m and bold:
                lab = m.group(1).lstrip()
                pre = txt[:m.start(1)] + m.group(1)[:len(m.group(1)) - len(lab)]
                tag = {"b": ("<b>", "</b>"), "strong": ("<strong>", "</strong>"),
                       "span": ('<span style="font-weight:bold">', "</span>")}[bold]
                out.append(T(pre + tag[0] + lab + tag[1] + "&nbsp;"))
            else:
                out.append(T(txt))
        elif pc.kind == "p" and pc.label == "EMAIL_ADDRESS" and mailto and rng.random() < 0.5:
            out += [T('<a href="mailto:'), pc, T('">'), pc, T("</a>")]
        elif pc.kind == "n" and "@" in pc.text:
            out.append(pc.with_text(html.escape(pc.text)))
        else:
            out.append(unwrap(pc))
    return out


def to_html(pieces, style, rng):
    lines = split_lines(pieces)
    out = []
    bold = rng.choice(["b", "strong", "span", None])
    if style == "outlook":
        out.append(T('<div class="WordSection1">\n'))
        for ln in lines:
            if not ln:
                out.append(T('<p class="MsoNormal"><o:p>&nbsp;</o:p></p>\n'))
                continue
            out.append(T('<p class="MsoNormal"><span style="font-size:11.0pt;font-family:&quot;Calibri&quot;,sans-serif;color:#1F497D">'))
            out += html_line(ln, rng, bold=bold)
            out.append(T("<o:p></o:p></span></p>\n"))
        out.append(T("</div>"))
    elif style == "gmail":
        out.append(T('<div dir="ltr">'))
        for j, ln in enumerate(lines):
            out += html_line(ln, rng, bold=bold)
            if j < len(lines) - 1:
                out.append(T("<br>"))
        out.append(T("</div>"))
    else:  # paragraphs
        paras, cur = [], []
        for ln in lines:
            if not ln:
                if cur:
                    paras.append(cur)
                cur = []
            else:
                cur.append(ln)
        if cur:
            paras.append(cur)
        for para in paras:
            out.append(T("<p>"))
            for j, ln in enumerate(para):
                out += html_line(ln, rng, bold=bold)
                if j < len(para) - 1:
                    out.append(T("<br>\n"))
            out.append(T("</p>\n"))
    return merge_t(out)


def merge_t(pieces):
    out = []
    for pc in pieces:
        if pc.kind == "t" and out and out[-1].kind == "t":
            out[-1] = T(out[-1].text + pc.text)
        elif pc.text:
            out.append(pc)
    return out


def plain_twin(pieces):
    return [unwrap(p) for p in pieces]


class R:
    """A JSON string value made of pieces (labels are computed when the tree is serialised)."""
    def __init__(self, pieces):
        self.pieces = merge_t(pieces)


class Num:
    def __init__(self, value, kind, label, fmt):
        self.value, self.kind, self.label, self.fmt = value, kind, label, fmt


def adf_doc(pieces, rng):
    """Atlassian Document Format: paragraphs of text nodes; a label before a value is bold, tokens sometimes get a
    code mark, PEM blocks become codeBlock nodes. Consecutive pieces with the same marks share one text node."""
    lines = split_lines([unwrap(p) if p.label != "PRIVATE_KEY" else p for p in pieces])
    content, para = [], []

    def flush():
        nonlocal para
        if para:
            content.append({"type": "paragraph", "content": para})
        para = []

    def add(node_pieces, marks):
        if para and para[-1]["type"] == "text" and para[-1].get("_marks") == marks:
            para[-1]["text"].pieces = merge_t(para[-1]["text"].pieces + node_pieces)
        else:
            para.append({"type": "text", "text": R(node_pieces), "_marks": marks})

    for ln in lines:
        if not ln:
            flush()
            continue
        if para:
            para.append({"type": "hardBreak"})
        for j, pc in enumerate(ln):
            if pc.label == "PRIVATE_KEY":
                flush()
                content.append({"type": "codeBlock", "attrs": {"language": "text"}, "content": [{"type": "text", "text": R([pc])}]})
                continue
            nxt = ln[j + 1] if j + 1 < len(ln) else None
            if pc.kind == "t" and nxt is not None and nxt.kind == "p":
                m = LABEL_RE.search(pc.text)
                if m and rng.random() < 0.6:
                    lab = m.group(1).lstrip()
                    cut = len(pc.text) - len(m.group(0)) + (len(m.group(1)) - len(lab))
                    if pc.text[:cut]:
                        add([T(pc.text[:cut])], ())
                    add([T(lab)], ("strong",))
                    if m.group(2):
                        add([T(m.group(2))], ())
                    continue
            if pc.kind == "p" and pc.label in ("AWS_ACCESS_KEY", "GITHUB_TOKEN") and rng.random() < 0.5:
                add([pc], ("code",))
                continue
            add([pc], ())
    flush()
    for node in content:
        for t in node.get("content", []):
            marks = t.pop("_marks", ())
            if marks:
                t["marks"] = [{"type": m} for m in marks]
    return {"version": 1, "type": "doc", "content": content}


# ============================================================================ JSON serialisation with labels


def ptr_escape(k):
    return str(k).replace("~", "~0").replace("/", "~1")


def materialise(node, ptr, labels, negs):
    if isinstance(node, R):
        text, spans, ns = flatten(node.pieces)
        for cs, ce, ent, fmt, v in spans:
            labels.append((ptr, cs, ce, ent, fmt, v, None))
        for cs, ce, kind, fmt, v in ns:
            negs.append((ptr, cs, ce, kind, fmt, v, None))
        return text
    if isinstance(node, Num):
        sv = str(node.value)
        (labels if node.kind == "p" else negs).append((ptr, 0, len(sv), node.label, node.fmt, sv, "number"))
        return node.value
    if isinstance(node, dict):
        return {k: materialise(v, f"{ptr}/{ptr_escape(k)}", labels, negs) for k, v in node.items()}
    if isinstance(node, list):
        return [materialise(v, f"{ptr}/{i}", labels, negs) for i, v in enumerate(node)]
    return node


# ============================================================================ ticket JSON shapes

SHAPES = ["workday_worker", "bamboohr_employee", "servicenow_hr_case", "greenhouse_candidate", "concur_report",
          "jira_sm_issue", "helpscout_conversation", "hubspot_ticket"]
SHAPE_DOMAINS = {
    "workday_worker": ["payroll", "onboarding_it", "immigration"], "bamboohr_employee": ["payroll", "benefits", "onboarding_it"],
    "servicenow_hr_case": ["leave", "benefits", "payroll"], "greenhouse_candidate": ["screening", "onboarding_it", "immigration"],
    "concur_report": ["travel"], "jira_sm_issue": ["onboarding_it", "leave"],
    "helpscout_conversation": ["benefits", "screening", "immigration", "payroll"],
    "hubspot_ticket": ["travel", "benefits", "payroll", "leave"]}
LANG_REGIONS = {"es": ["ES", "MX"], "pt": ["PT", "BR"], "it": ["IT"], "nl": ["NL"], "pl": ["PL"], "sv": ["SE"]}
NATIONAL_ID = {"CA": ("sin", "CAN-SIN"), "UK": ("nino", "GBR-NINO"), "IE": ("ppsn", "IRL-PPSN"), "AU": ("tfn", "AUS-TFN"),
               "IN": ("aadhaar", "IND-AADHAAR"), "ES": ("nif", "ESP-DNI"), "MX": ("curp", "MEX-CURP"), "PT": ("nif_pt", "PRT-NIF"),
               "BR": ("cpf", "BRA-CPF"), "IT": ("cf", "ITA-CF"), "NL": ("bsn", "NLD-BSN"), "PL": ("pesel", "POL-PESEL"),
               "SE": ("personnummer", "SWE-PIN")}
MASK_OF = {"email": "masked_email", "wemail": "masked_email", "phone": "masked_phone", "wphone": "masked_phone", "dob": "masked_dob",
           "ssn": "masked_ssn", "card": "masked_card", "iban": "masked_iban", "aba": "masked_acct", "mrn": "member_id",
           "npi": "masked_acct", "agent_email": "masked_email", "role_email": "masked_email"}


class TB:
    def __init__(self, ctx, i, shape, domain, lang, benign):
        self.ctx, self.i, self.shape, self.domain, self.lang, self.benign = ctx, i, shape, domain, lang, benign
        self.rng = ctx.rng
        self.used_templates = []

    def s(self, slot, hint=None, k=1):
        """A structured field: sensitive slots are masked in benign tickets."""
        if self.benign and slot in MASK_OF:
            return R(self.ctx.slot("x_" + MASK_OF[slot], None, k))
        return R(self.ctx.slot(slot, hint, k))

    def lit(self, slot, k=1):
        return flatten(self.ctx.slot(slot, None, k))[0]

    def n(self, kind, hint=None, k=1):
        return R(self.ctx.slot("x_" + kind, hint, k))

    def num_id(self, ndig=None, kind="json_id"):
        rng = self.rng
        ndig = ndig or rng.choice([9, 10, 11, 12])
        v = int(neg_draw(rng, lambda: rdigits(rng, ndig, "123456789")))
        return Num(v, "n", kind, f"{kind}.num{ndig}")

    def epoch(self):
        v = int(neg_draw(self.rng, lambda: str(1735689600 + self.rng.randint(0, 500 * 86400))))
        return Num(v, "n", "timestamp", "timestamp.epoch")

    def ts(self):
        return self.n("timestamp", "iso_z", self.rng.randint(1, 9))

    def body(self, role):
        c = self.ctx
        def ok(t, with_role=True, any_domain=False):
            return (t["lang"] == self.lang and c.region in t["regions"] and t["benign"] == self.benign and t["roles"] and
                    (any_domain or t["domain"] == self.domain) and (not with_role or role in t["roles"]))
        for args in ((True, False), (False, False), (True, True), (False, True)):
            cands = [t for t in TEMPLATES if ok(t, *args)]
            if cands:
                break
        t = cands[self.rng.randrange(len(cands))]
        self.used_templates.append(t["id"])
        return render(t["text"], c)

    def html(self, pieces, style=None):
        return R(to_html(pieces, style or self.rng.choice(["outlook", "gmail", "p"]), self.rng))

    def plain(self, pieces):
        return R(plain_twin(pieces))


def build_ticket(tb):
    return globals()["shape_" + tb.shape](tb)


def shape_workday_worker(tb):
    c, rng = tb.ctx, tb.rng
    us = c.region == "US"
    nat = {"National_ID_Data": {"ID": tb.s("ssn", "dash") if us else tb.n(NATIONAL_ID[c.region][0]),
                                "ID_Type_Reference": {"ID": "USA-SSN" if us else NATIONAL_ID[c.region][1]},
                                "Issued_Date": tb.n("date_other", "iso", 5)}}
    pay = {"Bank_Name": rng.choice(["First Meridian Bank", "Harbor Federal CU", "Banco Atlas", "Nordbanken"]),
           "Account_Type": "Checking"}
    if us:
        aba = c.get(("aba", 1), lambda: make_aba(rng))
        pay["Routing_Transit_Number"] = (Num(int(aba), "p", "ABA_ROUTING_NUMBER", "aba.plain.number")
                                         if not tb.benign and aba[0] != "0" and rng.random() < 0.6 else tb.s("aba"))
        pay["Account_Number"] = tb.n("bank_account")
    elif c.region in IBAN_LEN or c.region in ("UK", "IE"):
        pay["IBAN"] = tb.s("iban", "compact")
        pay["BIC"] = tb.n("bic")
    else:
        pay["Account_Number"] = tb.n("bank_account")
    cust = tb.body("cust")
    agent = tb.body("agent")
    return {"Worker": {
        "Worker_Reference": {"ID": [{"type": "WID", "_value": tb.n("sys_id")}, {"type": "Employee_ID", "_value": tb.n("empid", "emp")}]},
        "Worker_Data": {
            "Worker_ID": tb.n("empid", "emp"), "User_ID": tb.s("wemail"),
            "Personal_Data": {
                "Name_Data": {"Legal_Name_Data": {"Name_Detail_Data": {"Formatted_Name": tb.lit("name"), "First_Name": tb.lit("first"),
                                                                       "Last_Name": tb.lit("last")}}},
                "Birth_Date": tb.s("dob", "iso"),
                "Identification_Data": {"National_ID": [nat],
                                        "Passport_ID": [{"Passport_ID_Data": {"ID": tb.n("passport"), "Expiration_Date": tb.n("date_other", "iso", 6)}}]},
                "Contact_Data": {
                    "Email_Address_Data": [{"Email_Address": tb.s("email"), "Usage_Data": {"Type_Data": {"Type_Reference": {"ID": "HOME"}}}},
                                           {"Email_Address": tb.s("wemail"), "Usage_Data": {"Type_Data": {"Type_Reference": {"ID": "WORK"}}}}],
                    "Phone_Data": [{"Formatted_Phone": tb.s("phone"), "Device_Type_Reference": {"ID": "Mobile"}}]}},
            "Employment_Data": {"Worker_Job_Data": {"Position_Data": {"Position_Title": rng.choice(["Logistics Analyst", "Research Associate", "Front Office Lead", "Software Engineer II"]),
                                                                      "Start_Date": tb.n("date_other", "iso", 7)}},
                                "Worker_Status_Data": {"Active": True, "Hire_Date": tb.n("date_other", "iso", 7)}},
            "Payment_Election_Data": [pay]},
        "Business_Process_Events": [{"Event_ID": tb.n("ticket"), "Business_Process_Type": "Change Personal Information",
                                     "Comments": [{"Comment": tb.plain(cust), "Person": tb.lit("name"), "Comment_Date": tb.ts()}]}],
        "Inbox_Task": {"Subject": "Review worker change", "Assigned_To": tb.lit("agent"),
                       "Instructions": tb.html(agent), "Instructions_Plain_Text": tb.plain(agent)}}}


def shape_bamboohr_employee(tb):
    c, rng = tb.ctx, tb.rng
    cust = tb.body("cust")
    note = tb.body("note")
    o = {"id": tb.n("empid", "num6"), "employeeNumber": tb.n("empid", "emp"), "firstName": tb.lit("first"), "lastName": tb.lit("last"),
         "displayName": tb.lit("name"), "workEmail": tb.s("wemail"), "homeEmail": tb.s("email"), "mobilePhone": tb.s("phone"),
         "workPhone": tb.s("wphone"), "dateOfBirth": tb.s("dob", "iso"), "hireDate": tb.n("date_other", "iso", 4),
         "department": rng.choice(["Operations", "R&D", "Finance", "Guest Services"]), "location": tb.lit("city")}
    if c.region == "US":
        o["ssn"] = tb.s("ssn", "dash")
        o["customBankRouting"] = tb.s("aba")
    else:
        o["nationalId"] = tb.n(NATIONAL_ID[c.region][0])
    o["4417.1"] = tb.s("phone", None, 2)
    o["customEmergencyContact"] = tb.lit("name", 2)
    o["customShirtSize"] = rng.choice(["S", "M", "L", "XL"])
    o["tables"] = {"emergencyContacts": [{"id": tb.n("empid", "num6", 2), "name": tb.lit("name", 2), "relationship": "Spouse",
                                          "mobilePhone": tb.s("phone", None, 2), "email": tb.s("email", None, 2)}],
                   "compensation": [{"startDate": tb.n("date_other", "iso", 4), "rate": {"value": tb.n("amount"), "currency": "USD"},
                                     "payPer": "Year"}]}
    o["comments"] = [{"id": tb.num_id(7), "text": tb.plain(cust), "created": tb.ts(), "authorUserId": tb.num_id(5)},
                     {"id": tb.num_id(7), "text": tb.plain(note), "created": tb.ts(), "authorUserId": tb.num_id(5)}]
    o["files"] = [{"id": tb.num_id(6), "name": "Direct deposit form", "originalFileName": "dd_form_signed.pdf",
                   "size": tb.num_id(6, "file_size"), "dateCreated": tb.ts()}]
    return o


def sn_journal(tb, entries):
    out = []
    for who, label, pieces in entries:
        out += [Pc(flatten(tb.ctx.slot("x_timestamp", "space", tb.rng.randint(1, 9)))[0], "n", "timestamp", "timestamp.space"),
                T(f" - {who} ({label})\n")]
        out += plain_twin(pieces)
        out.append(T("\n\n"))
    return R(out)


def shape_servicenow_hr_case(tb):
    c, rng = tb.ctx, tb.rng
    inst = rng.choice(["larkspurhr", "quillonpeople", "harrowgatehr", "tessellatehr"])
    cust, agent, note = tb.body("cust"), tb.body("agent"), tb.body("note")
    sid = tb.ctx.slot("x_sys_id", None, 2)
    r = {"sys_id": tb.n("sys_id"), "number": tb.n("ticket"), "short_description": {"leave": "Leave of absence request",
         "benefits": "Benefits enrollment question", "payroll": "Payroll inquiry"}.get(tb.domain, "HR inquiry"),
         "description": tb.plain(cust), "state": "18", "priority": "3",
         "hr_service": {"display_value": {"leave": "Leave of Absence", "benefits": "Benefits Enrollment"}.get(tb.domain, "Payroll Inquiry"),
                        "link": R([T(f"https://{inst}.service-now.com/api/now/table/sn_hr_core_service/")] + sid), "value": R(sid)},
         "opened_for": {"display_value": tb.lit("name"), "value": tb.n("sys_id", None, 3)},
         "u_personal_email": tb.s("email"), "u_mobile_phone": tb.s("phone"), "u_date_of_birth": tb.s("dob", "iso")}
    if c.region == "US" and tb.domain != "leave":
        r["u_ssn_last4"] = tb.n("masked_ssn")
    if c.region == "UK" and not tb.benign:
        r["u_nhs_number"] = tb.s("nhs", "compact")
    if tb.domain == "leave" and c.region == "US":
        r["u_provider_npi"] = tb.s("npi")
        r["u_patient_mrn"] = tb.s("mrn")
    r["work_notes"] = sn_journal(tb, [(tb.lit("agent"), "Work notes", note)])
    r["comments"] = sn_journal(tb, [(tb.lit("agent"), "Additional comments", agent), (tb.lit("name"), "Additional comments", cust)])
    r["sys_created_on"] = tb.n("timestamp", "space", 1)
    r["sys_updated_by"] = "hr.integration"
    return {"result": r}


def shape_greenhouse_candidate(tb):
    c, rng = tb.ctx, tb.rng
    cust, note = tb.body("cust"), tb.body("note")
    fl = ascii_fold(tb.lit("first") + "_" + tb.lit("last")).replace(" ", "_")
    answers = [{"question": "Date of birth (required for the background check)", "answer": tb.s("dob")}]
    if c.region == "US":
        answers.append({"question": "Social Security Number", "answer": tb.s("ssn")})
    answers.append({"question": "Are you legally authorized to work in this country?", "answer": "Yes"})
    return {"id": tb.num_id(10), "first_name": tb.lit("first"), "last_name": tb.lit("last"), "company": tb.lit("employer"),
            "created_at": tb.ts(), "last_activity": tb.ts(), "is_private": False,
            "phone_numbers": [{"value": tb.s("phone"), "type": "mobile"}],
            "email_addresses": [{"value": tb.s("email"), "type": "personal"}],
            "addresses": [{"value": R(c.slot("street", None, 1) + [T(", ")] + c.slot("city", None, 1) + [T(" ")] +
                                      c.slot("x_postcode" if c.region != "US" else "x_zip", None, 1)), "type": "home"}],
            "attachments": [{"filename": f"Resume_{fl}.pdf", "type": "resume", "created_at": tb.ts(),
                             "url": R([T("https://prod-heroku.s3.amazonaws.com/person_attachments/data/")] + c.slot("x_hex", "24", 1) +
                                      [T(f"/Resume_{fl}.pdf?X-Amz-Expires=3600&X-Amz-Signature=")] + c.slot("x_hex", "64", 1))},
                            {"filename": "background_authorization_signed.pdf", "type": "other", "created_at": tb.ts(),
                             "url": R([T("https://prod-heroku.s3.amazonaws.com/person_attachments/data/")] + c.slot("x_hex", "24", 2) +
                                      [T("/background_authorization_signed.pdf")])}],
            "applications": [{"id": tb.num_id(9), "status": "active",
                              "jobs": [{"id": tb.num_id(7), "name": rng.choice(["Warehouse Lead", "Clinical Data Manager", "Night Auditor", "Site Reliability Engineer"])}],
                              "current_stage": {"id": tb.num_id(8), "name": "Background Check"}, "answers": answers}],
            "keyed_custom_fields": {"date_of_birth": {"name": "Date of Birth", "type": "date", "value": tb.s("dob", "iso")},
                                    "drivers_license": {"name": "Driver's License #", "type": "short_text", "value": tb.n("dl")},
                                    "screening_case": {"name": "Screening case", "type": "short_text", "value": tb.n("case_no")}},
            "activity_feed": {"notes": [{"id": tb.num_id(9), "created_at": tb.ts(), "body": tb.plain(note), "private": True,
                                         "user": {"id": tb.num_id(7), "name": tb.lit("agent")}}],
                              "emails": [{"id": tb.num_id(9), "created_at": tb.ts(), "subject": "Re: background check",
                                          "body": tb.plain(cust), "to": tb.s("agent_email"), "from": tb.s("email"), "cc": []}]}}


def shape_concur_report(tb):
    c, rng = tb.ctx, tb.rng
    cust = tb.body("cust")
    agent = tb.body("agent")
    entries = []
    for j, (typ, vend) in enumerate(rng.sample([("Airfare", "United Airlines"), ("Hotel", "Marriott"), ("Moving Company", "Two Men and a Truck"),
                                                 ("Car Rental", "Hertz"), ("Taxi", "Uber")], 3)):
        e = {"EntryID": tb.n("hex", "20", j + 1), "ExpenseTypeName": typ, "TransactionDate": tb.n("date_other", "iso", j + 2),
             "TransactionAmount": round(rng.uniform(20, 2400), 2), "VendorDescription": vend, "PaymentTypeName": "Corporate Card",
             "CreditCardTransaction": {"CardNumber": tb.n("masked_card", None, j + 1), "MerchantName": vend.upper()}}
        if typ == "Airfare":
            e["Custom1"] = {"Code": tb.n("pnr"), "Value": "Record locator"}
            e["ETicketNumber"] = tb.n("eticket")
        entries.append(e)
    prof = {"DateOfBirth": tb.s("dob", "iso"), "Phone": tb.s("phone"), "EmailAddress": tb.s("email"),
            "PassportNumber": tb.n("passport"), "PassportExpiration": tb.n("date_other", "iso", 8),
            "LoyaltyPrograms": [{"Program": rng.choice(["MileagePlus", "AAdvantage", "Flying Blue", "Executive Club"]), "Number": tb.n("ff")}]}
    if not tb.benign and rng.random() < 0.5:
        prof["UnassignedPersonalCard"] = {"CardNumber": tb.s("card", "plain", 2), "Expiration": tb.n("card_expiry")}
    return {"ReportID": tb.n("hex", "24"), "ReportName": "Relocation - " + tb.lit("city"), "OwnerLoginID": tb.s("wemail"),
            "OwnerName": tb.lit("name"), "SubmitDate": tb.ts(), "Total": round(rng.uniform(200, 9000), 2),
            "CurrencyCode": {"US": "USD", "CA": "CAD", "UK": "GBP", "AU": "AUD", "IN": "INR", "MX": "MXN", "BR": "BRL", "SE": "SEK", "PL": "PLN"}.get(c.region, "EUR"),
            "ApprovalStatusName": "Pending Cost Object Approval", "Entries": entries,
            "Comments": [{"Comment": tb.plain(cust), "AuthorName": tb.lit("name"), "CreationDate": tb.ts()},
                         {"Comment": tb.plain(agent), "AuthorName": tb.lit("agent"), "CreationDate": tb.ts()}],
            "TravelProfile": prof}


def shape_jira_sm_issue(tb):
    c, rng = tb.ctx, tb.rng
    cust, agent, note = tb.body("cust"), tb.body("agent"), tb.body("note")
    key_num = rng.randint(100, 9999)
    iid = c.slot("x_empid", "num6", 9)
    acct = lambda k: R(c.slot("x_hex", "24", 10 + k))
    return {"id": R(iid), "key": f"HRIT-{key_num}", "self": R([T("https://kestrel-people.atlassian.net/rest/api/3/issue/")] + iid),
            "fields": {"summary": {"onboarding_it": "New hire laptop / SSO access", "leave": "Leave paperwork"}.get(tb.domain, "HR request"),
                       "issuetype": {"name": "Service Request"}, "status": {"name": "Waiting for support"},
                       "reporter": {"accountId": acct(1), "emailAddress": tb.s("email"), "displayName": tb.lit("name")},
                       "created": tb.ts(), "updated": tb.ts(),
                       "customfield_10010": {"requestType": {"name": {"onboarding_it": "Onboard new hire", "leave": "Request leave"}.get(tb.domain, "Ask HR")}},
                       "customfield_10245": tb.n("serial"),
                       "description": adf_doc(cust, rng),
                       "comment": {"comments": [
                           {"id": R(c.slot("x_empid", "num6", 7)), "author": {"accountId": acct(2), "displayName": tb.lit("agent"), "emailAddress": tb.s("agent_email")},
                            "body": adf_doc(agent, rng), "jsdPublic": True, "created": tb.ts()},
                           {"id": R(c.slot("x_empid", "num6", 8)), "author": {"accountId": acct(2), "displayName": tb.lit("agent"), "emailAddress": tb.s("agent_email")},
                            "body": adf_doc(note, rng), "jsdPublic": False, "created": tb.ts()}],
                           "maxResults": 2, "total": 2, "startAt": 0}}}


def shape_helpscout_conversation(tb):
    c, rng = tb.ctx, tb.rng
    cust, agent, note = tb.body("cust"), tb.body("agent"), tb.body("note")
    ag = tb.lit("agent").split()
    user = {"id": tb.num_id(6), "type": "user", "first": ag[0], "last": ag[1], "email": tb.s("agent_email")}
    cf = [{"id": tb.num_id(5), "name": "Employee DOB", "value": tb.s("dob", "iso"), "text": tb.s("dob", "iso")},
          {"id": tb.num_id(5), "name": "Employee ID", "value": tb.n("empid"), "text": tb.n("empid")}]
    return {"id": tb.num_id(10), "number": tb.num_id(6), "subject": "Re: " + {"benefits": "dependent coverage", "screening": "background check",
            "immigration": "visa paperwork", "payroll": "paycheck question"}.get(tb.domain, "question"),
            "status": "active", "state": "published", "mailboxId": tb.num_id(6),
            "primaryCustomer": {"id": tb.num_id(9), "type": "customer", "email": tb.s("email"), "first": tb.lit("first"), "last": tb.lit("last")},
            "createdAt": tb.ts(),
            "_embedded": {"threads": [
                {"id": tb.num_id(10), "type": "customer", "status": "active", "body": tb.html(cust), "createdAt": tb.ts(),
                 "createdBy": {"id": tb.num_id(9), "type": "customer", "email": tb.s("email")}, "to": [], "cc": [tb.s("wemail", None, 2)]},
                {"id": tb.num_id(10), "type": "note", "status": "active", "body": tb.html(note, "p"), "createdAt": tb.ts(), "createdBy": user},
                {"id": tb.num_id(10), "type": "reply", "status": "active", "body": tb.html(agent), "createdAt": tb.ts(), "createdBy": user,
                 "to": [tb.s("email")]}]},
            "customFields": cf}


def shape_hubspot_ticket(tb):
    c, rng = tb.ctx, tb.rng
    cust, note = tb.body("cust"), tb.body("note")
    tid, cid, eid, nid = (c.slot("x_empid", "num6", 20 + j) for j in range(4))
    props = {"subject": {"travel": "Relocation booking", "benefits": "Benefits change", "payroll": "Payroll change",
                         "leave": "Leave request"}.get(tb.domain, "Employee request"),
             "content": tb.plain(cust), "hs_pipeline": "0", "hs_pipeline_stage": "2", "hs_ticket_priority": "HIGH",
             "createdate": tb.ts(), "hs_lastmodifieddate": tb.ts(), "hs_object_id": R(tid),
             "employee_date_of_birth": tb.s("dob", "iso"), "employee_personal_email": tb.s("email"), "employee_mobile": tb.s("phone")}
    return {"id": R(tid), "properties": props, "createdAt": tb.ts(), "archived": False,
            "associations": {"contacts": {"results": [{"id": R(cid), "type": "ticket_to_contact"}]},
                             "emails": {"results": [{"id": R(eid), "type": "ticket_to_email"}]},
                             "notes": {"results": [{"id": R(nid), "type": "ticket_to_note"}]}},
            "associatedObjects": {
                "contacts": [{"id": R(cid), "properties": {"email": tb.s("email"), "firstname": tb.lit("first"), "lastname": tb.lit("last"),
                                                            "mobilephone": tb.s("phone"), "phone": tb.s("wphone"), "date_of_birth": tb.s("dob", "iso")}}],
                "emails": [{"id": R(eid), "properties": {"hs_email_subject": "Fwd: " + props["subject"], "hs_email_text": tb.plain(cust),
                                                          "hs_email_html": tb.html(cust, "outlook"), "hs_email_from_email": tb.s("email"),
                                                          "hs_email_to_email": tb.s("role_email")}}],
                "notes": [{"id": R(nid), "properties": {"hs_note_body": tb.html(note, "p"), "hs_timestamp": tb.ts()}}]}}


# ============================================================================ plan and generation

NOTE_REGIONS = [("US", 234, 40), ("UK", 28, 3), ("IE", 16, 2), ("CA", 22, 2), ("AU", 18, 2), ("IN", 22, 3),
                ("ES", 5, 1), ("MX", 5, 1), ("PT", 5, 1), ("BR", 5, 1), ("IT", 10, 1), ("NL", 10, 1), ("PL", 10, 1), ("SE", 10, 1)]
CHAIN_RATE = 0.45


def eligible(region, benign):
    lang = REGIONS[region][0]
    return [t for t in TEMPLATES if t["lang"] == lang and region in t["regions"] and t["benign"] == benign]


def note_plan():
    rng = random.Random(f"{SEED}:plan")
    slots = []
    for region, n, nb in NOTE_REGIONS:
        for benign, cnt in ((True, nb), (False, n - nb)):
            ts = eligible(region, benign)
            if region != "US" and not benign:   # prefer the region's own templates
                own = [t for t in ts if t["regions"] == [region] or (REGIONS[region][0] != "en")]
                ts = own + own + [t for t in ts if t not in own]
            order = []
            while len(order) < cnt:
                block = ts[:]
                rng.shuffle(block)
                order += block
            for t in order[:cnt]:
                chain = None
                if not benign and t["chain"] and t["lang"] == "en" and rng.random() < CHAIN_RATE:
                    partners = [u for u in eligible(region, False) if u["chain"] and u["domain"] == t["domain"] and u["id"] != t["id"]]
                    if partners:
                        chain = rng.choice(partners)["id"]
                slots.append((region, benign, t["id"], chain))
    rng.shuffle(slots)
    return slots


TPL = {}


def make_note(i, region, benign, tid, chain):
    t = TPL[tid]
    for attempt in range(20):
        rng = random.Random(f"{SEED}:note:{i}:{attempt}")
        ctx = Ctx(rng, region, t["domain"], t["category"])
        pieces = render(t["text"], ctx)
        category = t["category"]
        if chain:
            u = TPL[chain]
            earlier = render(u["text"], ctx)
            who = (flatten(ctx.slot("agent", None, 1))[0], ctx.slot("agent_email", None, 1)) if "agent" in u["roles"] \
                else (ctx.person(1).name, ctx.slot("email", None, 1))
            sep = rng.choice(["on_wrote", "original", "outlook"])
            if sep == "on_wrote":
                attrib = [T("\n\nOn ")] + ctx.slot("x_date_other", "us_long" if region == "US" else "en_long", 9) + \
                    [T(f" at 10:4{rng.randint(0, 9)}, {who[0]} <")] + who[1] + [T("> wrote:\n")]
                pieces = pieces + attrib + quote_pieces(earlier)
            elif sep == "original":
                pieces = pieces + [T("\n\n-----Original Message-----\nFrom: " + who[0] + " <")] + who[1] + [T(">\n\n")] + earlier
            else:
                pieces = pieces + [T("\n\n________________________________\nFrom: " + who[0] + " [mailto:")] + who[1] + \
                    [T("]\nSubject: RE: your request\n\n")] + quote_pieces(earlier, "> ")
        pieces = merge_t(pieces)
        text, spans, negs = flatten(pieces)
        if benign == (len(spans) == 0):
            return text, spans, negs, category, ctx
    raise AssertionError(f"note {i}: could not satisfy benign={benign}")


def b_offsets(text):
    tab, acc = [0] * (len(text) + 1), 0
    for j, ch in enumerate(text):
        tab[j] = acc
        acc += len(ch.encode("utf-8"))
    tab[len(text)] = acc
    return tab


def gen_notes():
    notes = []
    for i, (region, benign, tid, chain) in enumerate(note_plan()):
        text, spans, negs, category, ctx = make_note(i, region, benign, tid, chain)
        bt = b_offsets(text)
        t = TPL[tid]
        tags = [t["lang"], t["domain"], category, region, "benign" if benign else "pii"]
        if chain:
            tags.append("chain")
        if any(ord(ch) > 127 for ch in text):
            tags.append("non_ascii")
        notes.append({
            "id": f"n19-{i:04d}", "category": category, "tags": tags, "template": tid + (f"+{chain}" if chain else ""),
            "text": text,
            "spans": [{"start": bt[a], "end": bt[b], "cstart": a, "cend": b, "entity": e, "fmt": f"{f}.{category}"}
                      for a, b, e, f, v in spans],
            "hard_negatives": [{"start": bt[a], "end": bt[b], "cstart": a, "cend": b, "kind": k, "fmt": f"{f}.{category}"}
                               for a, b, k, f, v in negs]})
    return notes


def ticket_plan(i):
    shape = SHAPES[(i - 1) % 8]
    benign = i % 16 == 5
    lang = "en"
    if i % 7 == 3:
        lang = ["es", "pt", "it", "nl", "pl", "sv"][(i // 7) % 6]
    return shape, lang, benign


def last_key(ptr):
    parts = [p for p in ptr.split("/") if p and not p.isdigit()]
    return parts[-1] if parts else "root"


def gen_tickets():
    out = []
    for i in range(1, N_TICKETS + 1):
        shape, lang, benign = ticket_plan(i)
        doms = SHAPE_DOMAINS[shape]
        for attempt in range(30):
            rng = random.Random(f"{SEED}:ticket:{i}:{attempt}")
            if lang == "en":
                region = "US" if rng.random() < 0.65 else rng.choice(["UK", "UK", "IE", "CA", "AU", "IN"])
            else:
                region = rng.choice(LANG_REGIONS[lang])
            avail = [d for d in doms if any(t["lang"] == lang and region in t["regions"] and t["domain"] == d and t["roles"] for t in TEMPLATES)]
            if not avail:
                avail = sorted({t["domain"] for t in TEMPLATES if t["lang"] == lang and region in t["regions"] and t["roles"]})
            domain = avail[(i // 8 + attempt) % len(avail)]
            ctx = Ctx(rng, region, domain, "ticket")
            tb = TB(ctx, i, shape, domain, lang, benign)
            tree = build_ticket(tb)
            labels, negs = [], []
            obj = materialise(tree, "", labels, negs)
            if benign == (len(labels) == 0):
                break
        else:
            raise AssertionError(f"ticket {i}")
        fname = f"ticket_{TICKET_BASE + i}.json"
        layout = i % 4
        if layout == 0:
            s = json.dumps(obj, indent=2, ensure_ascii=False)
        elif layout == 1:
            s = json.dumps(obj, indent=4, ensure_ascii=True)
        elif layout == 2:
            s = json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
        else:
            s = json.dumps(obj, indent=2, ensure_ascii=True)
        out.append(dict(file=fname, text=s + "\n", obj=obj, labels=labels, negs=negs, shape=shape, lang=lang, region=region,
                        domain=domain, benign=benign, templates=tb.used_templates, layout=layout))
    return out


def label_rows(t):
    rows, nrows = [], []
    docs = {}
    def text_of(ptr):
        if ptr not in docs:
            v = json_get(t["obj"], ptr)
            docs[ptr] = str(v)
        return docs[ptr]
    for ptr, a, b, e, f, v, vt in t["labels"]:
        s = text_of(ptr)
        bt = b_offsets(s)
        r = {"file": t["file"], "json_pointer": ptr, "start": bt[a], "end": bt[b], "cstart": a, "cend": b, "entity": e,
             "fmt": f"{f}.{last_key(ptr)}", "shape": t["shape"]}
        if vt:
            r["value_type"] = vt
        rows.append(r)
    for ptr, a, b, k, f, v, vt in t["negs"]:
        s = text_of(ptr)
        bt = b_offsets(s)
        r = {"file": t["file"], "json_pointer": ptr, "start": bt[a], "end": bt[b], "cstart": a, "cend": b, "kind": k,
             "fmt": f"{f}.{last_key(ptr)}", "shape": t["shape"]}
        if vt:
            r["value_type"] = vt
        nrows.append(r)
    return rows, nrows


def json_get(obj, ptr):
    for part in ptr.lstrip("/").split("/") if ptr else []:
        part = part.replace("~1", "/").replace("~0", "~")
        obj = obj[int(part)] if isinstance(obj, list) else obj[part]
    return obj


def generate():
    """-> {relative path: bytes}, plus in-memory records for the self-check"""
    for t in TEMPLATES:
        TPL[t["id"]] = t
    notes = gen_notes()
    files = {}
    texts = [n["text"] for n in notes]
    corpus = "\n\n".join(texts)
    files["corpus.txt"] = corpus.encode("utf-8")
    idx, boff, coff = [], 0, 0
    for n in notes:
        bl, cl = len(n["text"].encode("utf-8")), len(n["text"])
        idx.append({"id": n["id"], "byte_offset": boff, "byte_len": bl, "char_offset": coff, "char_len": cl})
        boff += bl + 2
        coff += cl + 2
    files["notes.jsonl"] = "".join(json.dumps(n, ensure_ascii=False) + "\n" for n in notes).encode("utf-8")
    files["corpus_index.jsonl"] = "".join(json.dumps(r) + "\n" for r in idx).encode("utf-8")
    tickets = gen_tickets()
    lab, neg = [], []
    for t in tickets:
        files["notes_json/" + t["file"]] = t["text"].encode("utf-8")
        r, nr = label_rows(t)
        lab += r
        neg += nr
    files["notes_json/labels.jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lab).encode("utf-8")
    files["json_hard_negatives.jsonl"] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in neg).encode("utf-8")
    return files, notes, tickets, lab, neg


# ============================================================================ self-check

DATE_KINDS = {"date_other", "timestamp", "masked_dob", "card_expiry"}
SKIP_ACCIDENTAL = DATE_KINDS | {"personnummer", "pesel", "curp", "test_card", "cert", "public_key", "jwt", "hex", "sys_id", "uuid",
                                "aws_secret", "okta_token", "slack_token", "glpat", "gh_bad", "serial", "redacted_key"}


def norm_val(v):
    return re.sub(r"[\s.\-()/+]", "", v).lower()


class Checker:
    def __init__(self):
        self.errors = []
        self.pos_vals = defaultdict(set)
        self.neg_vals = defaultdict(set)

    def err(self, where, msg):
        if len(self.errors) < 200:
            self.errors.append(f"{where}: {msg}")

    def doc(self, where, text, spans, negs, benign=None, dea_scope=None):
        """spans/negs: (cstart, cend, entity|kind, fmt, value)"""
        for a, b, e, f, v in spans:
            if text[a:b] != v:
                self.err(where, f"span {a}-{b} {e} text {text[a:b]!r} != {v!r}")
            if not validate_positive(e, v, f):
                self.err(where, f"{e} {v!r} fails its rule ({f})")
            if e == "US_DEA":
                scope = dea_scope if dea_scope is not None else text
                if not any(ascii_fold(l)[0].upper() == v[1] for fn, l in re.findall(r"Dr\. (\w+) (\w+)", scope)):
                    self.err(where, f"DEA {v} has no matching 'Dr. First Last'")
            if e != "PRIVATE_KEY" and not v.endswith("\\n"):
                if a > 0 and text[a - 1].isalnum():
                    self.err(where, f"{e} {v!r} glued on the left")
                if b < len(text) and text[b].isalnum():
                    self.err(where, f"{e} {v!r} glued on the right")
            if len(norm_val(v)) >= 6:
                self.pos_vals[norm_val(v)].add(where)
        for a, b, k, f, v in negs:
            if text[a:b] != v:
                self.err(where, f"negative {a}-{b} {k} text mismatch")
            tgt = KIND_TARGET.get(k)
            if tgt and k not in CONTEXT_ONLY and k not in DATE_KINDS and tgt != "DATE_OF_BIRTH":
                if validate_positive(tgt, v, "phone.US.x"):
                    self.err(where, f"negative {k} {v!r} passes the {tgt} rule")
            if k == "test_card" and digits(v) not in TEST_PANS:
                self.err(where, f"test card {v} not a published test PAN")
            if k not in SKIP_ACCIDENTAL and accidental(v):
                self.err(where, f"negative {k} {v!r} passes a checksum by accident")
            if k in ("sin", "aadhaar", "tfn", "bsn", "cpf", "nif", "nie", "pesel", "personnummer", "ppsn", "cf", "clabe", "nif_pt"):
                if not national_ok(k, v):
                    self.err(where, f"{k} {v!r} is not a valid {k}")
            if len(norm_val(v)) >= 6:
                self.neg_vals[norm_val(v)].add(where)
        iv = sorted([(a, b, "p") for a, b, *_ in spans] + [(a, b, "n") for a, b, *_ in negs])
        for (a1, b1, _), (a2, b2, _) in zip(iv, iv[1:]):
            if a2 < b1:
                self.err(where, f"overlap {a1}-{b1} / {a2}-{b2}")
        covered = [(a, b) for a, b, *_ in spans] + [(a, b) for a, b, *_ in negs]
        for m in re.finditer(r"\d{5,}|@", text):
            if not any(a < m.end() and m.start() < b for a, b in covered):
                self.err(where, f"unlisted {m.group()!r} at {m.start()}: …{text[max(0, m.start() - 30):m.end() + 10]!r}")
        pos_cov = [(a, b) for a, b, *_ in spans]
        for a, b, e, f, v in spans:
            if len(v) < 6:
                continue
            for m in re.finditer(re.escape(v), text):
                if not any(x <= m.start() and m.end() <= y for x, y in pos_cov):
                    self.err(where, f"repeat of {e} {v!r} at {m.start()} unlabelled")
        if benign is not None and benign != (not spans):
            self.err(where, f"benign={benign} but {len(spans)} positives")

    def cross(self):
        for v in set(self.pos_vals) & set(self.neg_vals):
            self.err("cross", f"value {v!r} labelled in {sorted(self.pos_vals[v])[:2]} and negative in {sorted(self.neg_vals[v])[:2]}")


def national_ok(k, v):
    ds = digits(v)
    if k == "sin":
        return len(ds) == 9 and luhn_ok(ds)
    if k == "aadhaar":
        return len(ds) == 12 and verhoeff_ok(ds) and ds[0] in "23456789"
    if k == "tfn":
        return tfn_ok(ds)
    if k == "bsn":
        return bsn_ok(ds)
    if k == "cpf":
        return len(ds) == 11 and cpf_digits(ds[:9]) == ds[9:]
    if k == "nif":
        return NIF_LETTERS[int(v[:8]) % 23] == v[8]
    if k == "nie":
        return NIF_LETTERS[int(str("XYZ".index(v[0])) + v[1:8]) % 23] == v[8]
    if k == "pesel":
        return pesel_check(ds[:10]) == int(ds[10])
    if k == "personnummer":
        return luhn_ok(ds)
    if k == "ppsn":
        return ppsn_letter(v[:7]) == v[7]
    if k == "cf":
        return len(v) == 16 and it_check_char(v[:15]) == v[15]
    if k == "clabe":
        return clabe_check(ds[:17]) == int(ds[17])
    if k == "nif_pt":
        r = sum(int(c) * (9 - i) for i, c in enumerate(ds[:8])) % 11
        return int(ds[8]) == (0 if r < 2 else 11 - r)
    return True


def walk_strings(obj, ptr=""):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from walk_strings(v, f"{ptr}/{ptr_escape(k)}")
    elif isinstance(obj, list):
        for i, v in enumerate(obj):
            yield from walk_strings(v, f"{ptr}/{i}")
    else:
        yield ptr, obj


def self_check(files, notes, tickets, lab, neg, disk=None):
    ck = Checker()
    # notes
    corpus = files["corpus.txt"].decode("utf-8")
    idx = [json.loads(l) for l in files["corpus_index.jsonl"].decode().splitlines()]
    cb = files["corpus.txt"]
    for n, r in zip(notes, idx):
        t = n["text"]
        if cb[r["byte_offset"]:r["byte_offset"] + r["byte_len"]].decode("utf-8") != t or corpus[r["char_offset"]:r["char_offset"] + r["char_len"]] != t:
            ck.err(n["id"], "corpus index mismatch")
        tb = t.encode("utf-8")
        for s in n["spans"] + n["hard_negatives"]:
            if tb[s["start"]:s["end"]].decode("utf-8") != t[s["cstart"]:s["cend"]]:
                ck.err(n["id"], f"byte/char offsets disagree at {s}")
        sp = [(s["cstart"], s["cend"], s["entity"], s["fmt"], t[s["cstart"]:s["cend"]]) for s in n["spans"]]
        ng = [(s["cstart"], s["cend"], s["kind"], s["fmt"], t[s["cstart"]:s["cend"]]) for s in n["hard_negatives"]]
        ck.doc(n["id"], t, sp, ng, benign="benign" in n["tags"])
    # tickets
    by_doc = defaultdict(lambda: ([], []))
    for r in lab:
        by_doc[(r["file"], r["json_pointer"])][0].append(r)
    for r in neg:
        by_doc[(r["file"], r["json_pointer"])][1].append(r)
    for t in tickets:
        obj = json.loads(files["notes_json/" + t["file"]].decode("utf-8"))
        if obj != t["obj"]:
            ck.err(t["file"], "file does not parse back to the same object")
        ftext = "\n".join(str(v) for _, v in walk_strings(obj))
        nlab = 0
        for ptr, v in walk_strings(obj):
            ls, ns = by_doc.get((t["file"], ptr), ([], []))
            nlab += len(ls)
            where = f"{t['file']}#{ptr}"
            if isinstance(v, bool) or v is None:
                continue
            if isinstance(v, (int, float)):
                if v >= 10000 and not ls and not ns:
                    ck.err(where, f"unlisted JSON number {v}")
                for r in ls + ns:
                    if r.get("value_type") != "number":
                        ck.err(where, "number without value_type")
                s = str(v)
            else:
                s = v
                for r in ls + ns:
                    if r.get("value_type"):
                        ck.err(where, "string with value_type")
            sb = s.encode("utf-8")
            for r in ls + ns:
                if sb[r["start"]:r["end"]].decode("utf-8") != s[r["cstart"]:r["cend"]]:
                    ck.err(where, "byte/char offsets disagree")
            sp = [(r["cstart"], r["cend"], r["entity"], r["fmt"], s[r["cstart"]:r["cend"]]) for r in ls]
            ng = [(r["cstart"], r["cend"], r["kind"], r["fmt"], s[r["cstart"]:r["cend"]]) for r in ns]
            ck.doc(where, s, sp, ng, dea_scope=ftext)
        # the intended values
        for ptr, a, b, e, f, v, vt in t["labels"]:
            got = str(json_get(obj, ptr))[a:b]
            if got != v:
                ck.err(t["file"], f"{ptr}: intended {v!r} got {got!r}")
        if t["benign"] != (nlab == 0):
            ck.err(t["file"], f"benign={t['benign']} but {nlab} positives")
    ck.cross()
    if disk is not None:
        for rel, data in files.items():
            p = disk / rel
            if not p.exists() or p.read_bytes() != data:
                ck.err(rel, "differs from a fresh run (or missing)")
        for p in (disk / "notes_json").glob("*"):
            if f"notes_json/{p.name}" not in files:
                ck.err(str(p), "stale file")
    return ck.errors


def counts(notes, tickets, lab, neg):
    out = []
    tgt = lambda k: KIND_TARGET.get(k, "other")
    np_, nn, jp, jn = Counter(), Counter(), Counter(), Counter()
    for n in notes:
        np_.update(s["entity"] for s in n["spans"])
        nn.update(tgt(s["kind"]) for s in n["hard_negatives"])
    jp.update(r["entity"] for r in lab)
    jn.update(tgt(r["kind"]) for r in neg)
    out.append("| entity | notes + | notes − | JSON + | JSON − |")
    out.append("|---|---:|---:|---:|---:|")
    for e in ENTITIES + ("other",):
        out.append(f"| {e} | {np_[e] if e != 'other' else '–'} | {nn[e]} | {jp[e] if e != 'other' else '–'} | {jn[e]} |")
    out.append(f"| **total** | **{sum(np_.values())}** | **{sum(nn.values())}** | **{sum(jp.values())}** | **{sum(jn.values())}** |")
    out.append("")
    out.append("JSON-number positives: " + ", ".join(f"{k} {v}" for k, v in Counter(r["entity"] for r in lab if r.get("value_type")).items()))
    out.append("JSON-number negatives: " + ", ".join(f"{k} {v}" for k, v in Counter(r["kind"] for r in neg if r.get("value_type")).items()))
    out.append(f"distinct JSON strings/numbers with positives: {len({(r['file'], r['json_pointer']) for r in lab})}")
    kn = Counter(s["kind"] for n in notes for s in n["hard_negatives"])
    kj = Counter(r["kind"] for r in neg)
    out.append("negative kinds (notes/JSON): " + ", ".join(f"{k} {kn[k]}/{kj[k]}" for k in sorted(set(kn) | set(kj))))
    out.append("languages: " + ", ".join(f"{k} {v}" for k, v in Counter(n["tags"][0] for n in notes).most_common()))
    out.append("regions: " + ", ".join(f"{k} {v}" for k, v in Counter(n["tags"][3] for n in notes).most_common()))
    out.append("benign notes: " + ", ".join(f"{k} {v}" for k, v in Counter(n["tags"][0] for n in notes if "benign" in n["tags"]).most_common()))
    out.append("categories: " + ", ".join(f"{k} {v}" for k, v in Counter(n["category"] for n in notes).most_common()))
    out.append("domains: " + ", ".join(f"{k} {v}" for k, v in Counter(n["tags"][1] for n in notes).most_common()))
    out.append(f"chains: {sum('chain' in n['tags'] for n in notes)}; non_ascii: {sum('non_ascii' in n['tags'] for n in notes)}")
    out.append("templates used: " + str(len({n['template'].split('+')[0] for n in notes})))
    out.append("ticket shapes: " + ", ".join(f"{k} {v}" for k, v in Counter(t["shape"] for t in tickets).items()))
    out.append("ticket languages: " + ", ".join(f"{k} {v}" for k, v in Counter(t["lang"] for t in tickets).most_common()))
    out.append("ticket regions: " + ", ".join(f"{k} {v}" for k, v in Counter(t["region"] for t in tickets).most_common()))
    out.append("ticket domains: " + ", ".join(f"{k} {v}" for k, v in Counter(t["domain"] for t in tickets).most_common()))
    out.append(f"benign tickets: {sum(t['benign'] for t in tickets)}")
    out.append("fmt families (notes): " + ", ".join(f"{k} {v}" for k, v in Counter('.'.join(s['fmt'].split('.')[:2]) for n in notes for s in n['spans']).most_common()))
    return "\n".join(out)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true", help="regenerate in memory, compare with disk, self-check, print counts")
    ap.add_argument("--out", default=str(HERE), help="output folder (default: this script's folder)")
    args = ap.parse_args(argv)
    out = Path(args.out)
    files, notes, tickets, lab, neg = generate()
    if not args.check:
        (out / "notes_json").mkdir(parents=True, exist_ok=True)
        for p in (out / "notes_json").glob("*"):
            if f"notes_json/{p.name}" not in files:
                p.unlink()
        for rel, data in files.items():
            (out / rel).write_bytes(data)
    errors = self_check(files, notes, tickets, lab, neg, disk=out)
    print(counts(notes, tickets, lab, neg))
    if errors:
        print(f"\nSELF-CHECK FAILED ({len(errors)} problem(s), first 200):", file=sys.stderr)
        for e in errors:
            print("  " + e, file=sys.stderr)
        return 1
    print(f"\nself-check passed: {len(notes)} notes, {len(tickets)} tickets, {sum(len(n['spans']) for n in notes)} note spans, {len(lab)} JSON labels")
    return 0


if __name__ == "__main__":
    sys.exit(main())
