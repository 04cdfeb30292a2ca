#!/bin/sh
# Regenerates the document fixtures of tests/extract_docs.rs from the flat ODF sources in src/
# with real tools: LibreOffice (Debian: apt-get install -y --no-install-recommends
# libreoffice-writer libreoffice-calc libreoffice-impress) and qpdf.
# Values inside: test cards 4111 1111 1111 1111, 5555 5555 5555 4444 and (as a number) 378282246310005,
# SSNs 536-22-8726 (detected), 078-05-1120 (a published sample the scanner rejects)
# and 219-09-9999, emails, a date of birth with context. Usage: tests/data/docs/make-fixtures.sh
set -eu
cd "$(dirname "$0")"
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
# A private profile so a running LibreOffice or a user's settings cannot interfere.
lo() { soffice -env:UserInstallation="file://$out/profile" --headless --convert-to "$@" --outdir "$out" >/dev/null; }

lo docx src/letter.fodt
lo odt src/letter.fodt
lo pdf src/letter.fodt
lo xlsx src/export.fods
lo ods src/export.fods
lo pptx src/deck.fodp
lo odp src/deck.fodp
for f in letter.docx letter.odt letter.pdf export.xlsx export.ods deck.pptx deck.odp; do cp "$out/$f" "$f"; done

# Encrypted with a user password: unreadable without it (qpdf's default is AES-256).
qpdf --encrypt user-secret owner-secret 256 -- letter.pdf letter-encrypted.pdf
# Owner password only (empty user password): anyone can read it, so it must be extracted.
# AES-128 is what lopdf can open; the AES-256 (R6) variant is reported as encrypted.
qpdf --allow-weak-crypto --encrypt "" owner-secret 128 --use-aes=y -- letter.pdf letter-owner-only.pdf
qpdf --encrypt "" owner-secret 256 -- letter.pdf letter-owner-only-aes256.pdf
# Regression (lopdf unwraps while decrypting object streams): an owner-only PDF whose object
# stream ciphertext is damaged (bytes 100..140 of its data flipped).
qpdf --allow-weak-crypto --encrypt "" owner-secret 128 --use-aes=y -- --object-streams=generate letter.pdf "$out/objstm.pdf"
python3 - "$out/objstm.pdf" pdf-panic-objstm.pdf <<'PY'
import sys
d = bytearray(open(sys.argv[1], 'rb').read())
start = d.index(b'stream', d.index(b'/ObjStm')) + len(b'stream\n')
for k in range(start + 100, start + 140):
    d[k] ^= 0x5A
open(sys.argv[2], 'wb').write(d)
PY
# Truncated in the middle: no xref table, no trailer.
head -c "$(( $(wc -c < letter.pdf) / 2 ))" letter.pdf > letter-truncated.pdf
ls -l
