#!/bin/sh
# Regenerates every committed fixture of tests/extract.rs with real tools (Debian `zip`, GNU
# `tar`, `gzip`). Run from anywhere: `sh tests/data/extract/make-fixtures.sh`.
# The card numbers are the public test number 4111 1111 1111 1111 and 5555 5555 5555 4444.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
mkdir -p logs
printf 'boot ok\npayment failed for card 4111 1111 1111 1111\n' > logs/app.log
printf 'nothing here\n' > logs/empty.log
printf 'refund to 5555 5555 5555 4444 approved\n' > secret.txt
export TZ=UTC
touch -d '2024-01-01 00:00:00' logs/app.log logs/empty.log secret.txt logs

# A zip encrypted with the classic (ZipCrypto) scheme: must be "encrypted", never read.
rm -f "$here/encrypted.zip"
zip -q -X -P not-the-point "$here/encrypted.zip" secret.txt
# A log bundle as `zip -r` writes it.
rm -f "$here/bundle.zip"
zip -q -X -r "$here/bundle.zip" logs
# The same bundle as a gzipped tarball.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2024-01-01 00:00:00' -cf - logs \
  | gzip -n -9 > "$here/logs.tar.gz"
