#!/usr/bin/env python3
"""Seed a fresh Redmine (REST API, admin key) with the cases the casegate end-to-end suite needs.

    seed.py --url URL --key ADMIN_KEY --out seed.json

Creates one project, two assignable users (acme.agent, other.agent) and four issues:

  a  assigned to acme.agent: a card and an email in the description, a private note, a public
     note with an SSN and an MRN, then the card removed from the description (so the edit
     history, journals[].details[].old_value, still holds it), and a text attachment with
     another card number.
  b  assigned to acme.agent: a note with a GitHub token (secrets pack) -> vendor view blocked.
  c  assigned to other.agent: out of the vendor's scope.
  d  assigned to acme.agent and closed: out of scope (closed issues are excluded).

Writes ids, attachment, users and the raw seeded values to --out (JSON) for check.py.
All values are well-known test values (Visa/Mastercard test numbers, a generated token).
Python 3 standard library only.
"""

import argparse
import io
import json
import sys
import time
import urllib.error
import urllib.request
import zipfile

# The raw values seeded; check.py asserts none of them reaches the vendor or the audit log.
CARD_A = "4111 1111 1111 1111"          # Visa test number (Luhn-valid)
CARD_ATTACHMENT = "5555 5555 5555 4444"  # Mastercard test number
EMAIL = "jane.doe@example.com"
SSN = "536-22-8145"                      # passes the SSN area/group/serial rules
MRN = "12345678"
GITHUB_TOKEN = "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"  # generated, valid CRC32, not a real token
PRIVATE_NOTE = "INTERNAL: refund approved, margin 42%"

DESCRIPTION_A = f"Customer paid with Visa {CARD_A}, contact {EMAIL} for the refund."
DESCRIPTION_A_EDITED = f"Customer paid by card (number removed), contact {EMAIL} for the refund."
PUBLIC_NOTE_A = f"Verified caller identity, SSN {SSN}. Patient MRN: {MRN} (insurance claim)."
ATTACHMENT_NAME = "receipt.txt"
ATTACHMENT_BODY = f"Receipt\nMastercard {CARD_ATTACHMENT} charged 19.99 USD\n".encode()
ZIP_NAME = "logs.zip"  # a log bundle: the gateway must redact inside it and keep it a zip


def zip_bundle():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("logs/boot.log", "boot ok\n")
        z.writestr("logs/payment.log", f"2026-11-02 retry charge on {CARD_ATTACHMENT} declined\n")
    return buf.getvalue()
NOTE_B = f"Deploy failed; the build log shows token {GITHUB_TOKEN} in the remote URL."


class Redmine:
    def __init__(self, url, key):
        self.url = url.rstrip("/")
        self.key = key

    def call(self, method, path, body=None, *, raw=None, content_type=None, expect=(200, 201, 204)):
        headers = {"X-Redmine-API-Key": self.key, "Accept": "application/json"}
        data = None
        if raw is not None:
            data = raw
            headers["Content-Type"] = content_type or "application/octet-stream"
        elif body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        req = urllib.request.Request(self.url + path, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                status, text = resp.status, resp.read()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read()
        if status not in expect:
            raise SystemExit(f"seed: {method} {path} -> {status}: {text[:500]!r}")
        return json.loads(text) if text.strip() else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--key", required=True, help="admin API key")
    ap.add_argument("--out", required=True)
    ap.add_argument("--project", default="vendor-support")
    args = ap.parse_args()
    t0 = time.monotonic()
    rm = Redmine(args.url, args.key)

    trackers = rm.call("GET", "/trackers.json")["trackers"]
    if not trackers:
        raise SystemExit("seed: Redmine has no trackers (default data not loaded)")
    statuses = rm.call("GET", "/issue_statuses.json")["issue_statuses"]
    closed = next(s["id"] for s in statuses if s.get("is_closed"))
    roles = rm.call("GET", "/roles.json")["roles"]
    role = next((r["id"] for r in roles if r["name"] == "Developer"), roles[0]["id"])
    tracker = next((t["id"] for t in trackers if t["name"] == "Support"), trackers[0]["id"])

    project = rm.call("POST", "/projects.json", {"project": {
        "name": "Vendor support", "identifier": args.project, "is_public": False,
        "tracker_ids": [t["id"] for t in trackers],
        "enabled_module_names": ["issue_tracking"],
    }})["project"]

    users, keys = {}, {}
    for login, first, last in (("acme.agent", "Acme", "Agent"), ("other.agent", "Other", "Agent")):
        u = rm.call("POST", "/users.json", {"user": {
            "login": login, "firstname": first, "lastname": last,
            "mail": f"{login}@vendor.test", "password": "e2e-password-1234",
            "must_change_passwd": False,
        }})["user"]
        users[login] = u["id"]
        # An admin may read a user's API key (created on first read); check.py uses
        # other.agent's to try to act as another user through the gateway.
        keys[login] = rm.call("GET", f"/users/{u['id']}.json")["user"]["api_key"]
        rm.call("POST", f"/projects/{project['id']}/memberships.json",
                {"membership": {"user_id": u["id"], "role_ids": [role]}})

    def new_issue(subject, description, assignee):
        return rm.call("POST", "/issues.json", {"issue": {
            "project_id": project["id"], "tracker_id": tracker, "subject": subject,
            "description": description, "assigned_to_id": users[assignee],
        }})["issue"]["id"]

    def update(issue, **fields):
        rm.call("PUT", f"/issues/{issue}.json", {"issue": fields}, expect=(204, 200))

    # (a) in scope, with everything the vendor view must clean.
    a = new_issue("Refund for double charge", DESCRIPTION_A, "acme.agent")
    update(a, notes=PRIVATE_NOTE, private_notes=True)
    update(a, notes=PUBLIC_NOTE_A)
    update(a, description=DESCRIPTION_A_EDITED)
    upload = rm.call("POST", f"/uploads.json?filename={ATTACHMENT_NAME}", raw=ATTACHMENT_BODY,
                     content_type="application/octet-stream")["upload"]
    update(a, notes="Receipt attached.", uploads=[{
        "token": upload["token"], "filename": ATTACHMENT_NAME, "content_type": "text/plain",
    }])
    upload_zip = rm.call("POST", f"/uploads.json?filename={ZIP_NAME}", raw=zip_bundle(),
                         content_type="application/octet-stream")["upload"]
    update(a, notes="Logs attached.", uploads=[{
        "token": upload_zip["token"], "filename": ZIP_NAME, "content_type": "application/zip",
    }])
    issue_a = rm.call("GET", f"/issues/{a}.json?include=journals,attachments")["issue"]
    attachment = next(x for x in issue_a["attachments"] if x["filename"] == ATTACHMENT_NAME)
    attachment_zip = next(x for x in issue_a["attachments"] if x["filename"] == ZIP_NAME)
    # The history must hold the removed card, and the private note must be there (admin view).
    old_values = [d.get("old_value") or "" for j in issue_a["journals"] for d in j.get("details", [])]
    assert any(CARD_A in v for v in old_values), "card not in the description's edit history"
    assert any(j.get("private_notes") and j.get("notes") == PRIVATE_NOTE for j in issue_a["journals"])
    assert CARD_A not in issue_a["description"]

    # (b) in scope, but a note carries a secret: the vendor's view is blocked.
    b = new_issue("CI deploy broken", "The nightly deploy job fails since Monday.", "acme.agent")
    update(b, notes=NOTE_B)

    # (c) another vendor's case, with an attachment the vendor must not reach by id.
    c = new_issue("Other vendor's case", "Printer on floor 3 jams (other vendor).", "other.agent")
    upload_c = rm.call("POST", "/uploads.json?filename=printer.txt", raw=b"Printer serial PX-100\n",
                       content_type="application/octet-stream")["upload"]
    update(c, notes="Photo of the label.", uploads=[{
        "token": upload_c["token"], "filename": "printer.txt", "content_type": "text/plain",
    }])
    attachment_c = rm.call("GET", f"/issues/{c}.json?include=attachments")["issue"]["attachments"][0]

    # (d) acme.agent's, but closed.
    d = new_issue("Closed case of acme", "Password reset done, closing.", "acme.agent")
    update(d, status_id=closed, notes="Closed after confirmation.")
    issue_d = rm.call("GET", f"/issues/{d}.json")["issue"]
    assert issue_d.get("closed_on"), "issue d did not close"

    out = {
        "redmine_url": rm.url,
        "project": {"id": project["id"], "identifier": project["identifier"]},
        "users": users,
        "user_keys": keys,
        "issues": {"a": a, "b": b, "c": c, "d": d},
        "attachment": {"id": attachment["id"], "filename": attachment["filename"],
                       "issue": a, "content_url": attachment.get("content_url")},
        "attachment_zip": {"id": attachment_zip["id"], "filename": attachment_zip["filename"], "issue": a},
        "attachment_c": {"id": attachment_c["id"], "filename": attachment_c["filename"], "issue": c},
        "values": {
            "card": CARD_A, "card_attachment": CARD_ATTACHMENT, "email": EMAIL, "ssn": SSN,
            "mrn": MRN, "token": GITHUB_TOKEN, "private_note": PRIVATE_NOTE,
        },
        "subjects": {"c": "Other vendor's case", "d": "Closed case of acme"},
        "descriptions": {"c": "Printer on floor 3 jams (other vendor).",
                         "d": "Password reset done, closing."},
    }
    with open(args.out, "w") as f:
        json.dump(out, f, indent=2)
    print(f"seed: project {project['id']}, issues a={a} b={b} c={c} d={d}, "
          f"attachment {attachment['id']} in {time.monotonic() - t0:.1f} s", file=sys.stderr)


if __name__ == "__main__":
    main()
