#!/usr/bin/env python3
"""End-to-end checks of `casegate serve` (examples/redmine.toml) in front of a real Redmine.

    check.py --gateway URL --admin URL --internal-token T --vendor-token T --seed seed.json \
             --audit PATH --redmine-key ADMIN_KEY

seed.json is what seed.py wrote (issue ids, attachments, the raw seeded values). Every check
runs even when an earlier one failed; the run ends with `N passed, N failed` and exits 1 on any
failure. WARN lines are observations outside the spec (they do not fail the run).

Problem responses are checked only for status, `application/problem+json` and the absence of
values: their exact fields may differ.

Python 3 standard library only.
"""

import argparse
import base64
import http.client
import io
import json
import sys
import time
import traceback
import urllib.parse
import urllib.request
import zipfile

PASSED, FAILED, WARNINGS = [], [], []


class CheckFailed(Exception):
    pass


def expect(cond, msg):
    if not cond:
        raise CheckFailed(msg)


class Response:
    def __init__(self, method, path, status, headers, body):
        self.method, self.path, self.status, self.headers, self.body = method, path, status, headers, body

    def header(self, name):
        for k, v in self.headers:
            if k.lower() == name.lower():
                return v
        return None

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError as e:
            raise CheckFailed(f"{self.method} {self.path}: body is not valid JSON ({e}): {self.body[:300]!r}")

    def __repr__(self):
        return f"{self.method} {self.path} -> {self.status} {self.header('content-type')!r} {self.body[:300]!r}"


class Gateway:
    """HTTP/1.1 client that sends paths and headers exactly as given (no normalisation)."""

    def __init__(self, url, forbidden_for_vendor):
        u = urllib.parse.urlsplit(url)
        self.host, self.port = u.hostname, u.port or 80
        self.requests = 0
        self.forbidden_for_vendor = forbidden_for_vendor  # {name: raw value} never shown to a vendor
        self.invariant_failures = []

    def request(self, method, path, *, token=None, headers=(), body=None, vendor=False):
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
        conn.putrequest(method, path, skip_accept_encoding=True)
        sent = []
        if token is not None:
            sent.append(("Authorization", f"Bearer {token}"))
        data = None
        if body is not None:
            data = json.dumps(body).encode() if not isinstance(body, bytes) else body
            sent.append(("Content-Type", "application/json"))
            sent.append(("Content-Length", str(len(data))))
        sent.extend(headers)
        for k, v in sent:
            conn.putheader(k, v)
        conn.endheaders(data)
        self.requests += 1
        try:
            r = conn.getresponse()
            resp = Response(method, path, r.status, r.getheaders(), r.read())
        finally:
            conn.close()
        # What the request itself carried may be echoed back (e.g. a path in a problem detail).
        echo = (path + "\n" + "\n".join(f"{k}: {v}" for k, v in sent)).encode() + (data or b"")
        self._invariants(resp, vendor, echo)
        return resp

    def _invariants(self, resp, vendor, echo):
        """Checked on every response through the gateway."""
        cl = resp.header("content-length")
        # A HEAD answer announces the GET's length without a body.
        if cl is not None and resp.method != "HEAD" and int(cl) != len(resp.body):
            self.invariant_failures.append(f"{resp.method} {resp.path}: Content-Length {cl} but "
                                           f"{len(resp.body)} body bytes")
        if vendor:
            blob = resp.body + "\n".join(f"{k}: {v}" for k, v in resp.headers).encode()
            for name, value in self.forbidden_for_vendor.items():
                if value.encode() in blob and value.encode() not in echo:
                    self.invariant_failures.append(f"{resp.method} {resp.path} ({resp.status}): vendor "
                                                   f"response contains the raw {name}")


def check(name):
    def wrap(fn):
        t0 = time.monotonic()
        try:
            fn()
        except CheckFailed as e:
            FAILED.append((name, str(e)))
            print(f"FAIL  {name}: {e}", flush=True)
            return fn
        except Exception as e:  # a crash in a check is a failure of that check
            FAILED.append((name, f"{type(e).__name__}: {e}"))
            print(f"FAIL  {name}: {type(e).__name__}: {e}", flush=True)
            traceback.print_exc()
            return fn
        PASSED.append(name)
        print(f"ok    {name} ({time.monotonic() - t0:.2f} s)", flush=True)
        return fn
    return wrap


def warn(msg):
    WARNINGS.append(msg)
    print(f"WARN  {msg}", flush=True)


def is_problem(resp, status):
    expect(resp.status == status, f"expected {status}, got {resp!r}")
    ct = (resp.header("content-type") or "").split(";")[0].strip().lower()
    expect(ct == "application/problem+json", f"expected application/problem+json, got {ct!r}: {resp!r}")
    doc = resp.json()
    expect(isinstance(doc, dict), f"problem body is not an object: {resp!r}")
    if doc.get("status") not in (None, status):
        raise CheckFailed(f"problem status {doc.get('status')} != {status}: {resp!r}")
    if "decision_id" not in doc:
        warn(f"{resp.method} {resp.path}: problem JSON has no decision_id")
    return doc


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gateway", required=True)
    ap.add_argument("--admin", required=True)
    ap.add_argument("--internal-token", required=True)
    ap.add_argument("--vendor-token", required=True)
    ap.add_argument("--seed", required=True)
    ap.add_argument("--audit", required=True)
    ap.add_argument("--redmine-key", required=True, help="the Redmine admin key the gateway injects")
    args = ap.parse_args()

    seed = json.load(open(args.seed))
    V = seed["values"]
    A, B, C, D = (seed["issues"][k] for k in "abcd")
    att, att_c = seed["attachment"], seed["attachment_c"]
    other_id = seed["users"]["other.agent"]
    other_key = seed["user_keys"]["other.agent"]
    admin_key = args.redmine_key
    nospace = lambda s: s.replace(" ", "").replace("-", "")

    # Raw values a vendor must never receive (body or headers), whatever the request.
    forbidden = {
        "card": V["card"], "card (no spaces)": nospace(V["card"]),
        "attachment card": V["card_attachment"], "attachment card (no spaces)": nospace(V["card_attachment"]),
        "email": V["email"], "SSN": V["ssn"], "GitHub token": V["token"],
        "private note": V["private_note"], "Redmine admin API key": admin_key,
        "other.agent's API key": other_key,
    }
    gw = Gateway(args.gateway, forbidden)
    internal = lambda m, p, **kw: gw.request(m, p, token=args.internal_token, **kw)
    vendor = lambda m, p, **kw: gw.request(m, p, token=args.vendor_token, vendor=True, **kw)

    def redmine(method, path, body=None):
        """Straight to Redmine with the admin key (to verify side effects)."""
        req = urllib.request.Request(seed["redmine_url"] + path, method=method,
                                     headers={"X-Redmine-API-Key": admin_key, "Content-Type": "application/json"},
                                     data=json.dumps(body).encode() if body is not None else None)
        with urllib.request.urlopen(req, timeout=60) as r:
            raw = r.read()
            return json.loads(raw) if raw.strip() else None

    def journals(issue):
        return redmine("GET", f"/issues/{issue}.json?include=journals")["issue"]["journals"]

    full = "?include=journals,attachments"
    dl_a = f"/attachments/download/{att['id']}/{att['filename']}"

    # ---------------------------------------------------------------- admin listener
    admin = urllib.parse.urlsplit(args.admin)

    def admin_get(path):
        conn = http.client.HTTPConnection(admin.hostname, admin.port, timeout=30)
        conn.request("GET", path)
        r = conn.getresponse()
        out = Response("GET", path, r.status, r.getheaders(), r.read())
        conn.close()
        return out

    @check("admin /healthz answers 200")
    def _():
        r = admin_get("/healthz")
        expect(r.status == 200, repr(r))

    @check("admin /readyz answers 200")
    def _():
        r = admin_get("/readyz")
        expect(r.status == 200, repr(r))

    # ---------------------------------------------------------------- authentication
    @check("no token -> 401")
    def _():
        r = gw.request("GET", f"/issues/{A}.json")
        expect(r.status == 401, repr(r))
        expect(V["card"] not in r.text and "Refund" not in r.text, f"401 leaks the issue: {r!r}")

    @check("unknown token -> 401")
    def _():
        r = gw.request("GET", f"/issues/{A}.json", token="not-a-valid-token")
        expect(r.status == 401, repr(r))
        expect("Refund" not in r.text, f"401 leaks the issue: {r!r}")

    @check("Redmine's own admin key as the bearer token -> 401")
    def _():
        r = gw.request("GET", f"/issues/{A}.json", token=admin_key)
        expect(r.status == 401, repr(r))

    # ---------------------------------------------------------------- grants before a view
    @check("vendor: attachment of (a) before any view of (a) -> 403 (grants come from views)")
    def _():
        r = vendor("GET", dl_a)
        is_problem(r, 403)

    # ---------------------------------------------------------------- internal view
    @check("internal: issue (a) has the private note and the raw card in the edit history")
    def _():
        r = internal("GET", f"/issues/{A}.json{full}")
        expect(r.status == 200, repr(r))
        issue = r.json()["issue"]
        notes = [j.get("notes") for j in issue["journals"]]
        expect(V["private_note"] in notes, f"private note missing for internal: {notes}")
        olds = [d.get("old_value") or "" for j in issue["journals"] for d in j.get("details", [])]
        expect(any(V["card"] in o for o in olds), f"raw card not in old_value for internal: {olds}")
        expect(V["email"] in issue["description"], "internal description lost the email")

    @check("internal: GET /issues.json lists the other vendor's issue (c) too")
    def _():
        r = internal("GET", "/issues.json?limit=100")
        expect(r.status == 200, repr(r))
        ids = {i["id"] for i in r.json()["issues"]}
        expect({A, B, C} <= ids, f"internal list {sorted(ids)} lacks some of {A},{B},{C}")

    @check("internal: the account endpoints are denied to staff holding the service key")
    def _():
        for path in ("/users/current.json", "/users/current.xml", "/users/current?format=json",
                     "/users/1.json", "/my/account.json", "/issues/../users/current.json"):
            r = internal("GET", path)
            expect(r.status == 403, f"{path}: {r!r}")
            expect(admin_key not in r.text, f"{path}: the service key leaked")

    # ---------------------------------------------------------------- vendor view of (a)
    @check("vendor: issue (a) — private note dropped, card keep_last:4, PII/PHI labelled, old_value redacted")
    def _():
        r = vendor("GET", f"/issues/{A}.json{full}")
        expect(r.status == 200, repr(r))
        ct = (r.header("content-type") or "").lower()
        expect(ct.startswith("application/json"), f"content type {ct!r}")
        cl = r.header("content-length")
        expect(cl is None or int(cl) == len(r.body), f"Content-Length {cl} != {len(r.body)}")
        issue = r.json()["issue"]
        expect(issue["id"] == A, f"wrong issue {issue.get('id')}")
        js = issue["journals"]
        expect(not any(j.get("private_notes") for j in js), "a private journal is still there")
        expect(V["private_note"] not in r.text and "margin 42%" not in r.text, "private note text present")
        expect(V["email"] not in issue["description"], f"email in description: {issue['description']!r}")
        expect("[EMAIL_ADDRESS]" in issue["description"],
               f"email not labelled in description: {issue['description']!r}")
        olds = [d.get("old_value") or "" for j in js for d in j.get("details", [])]
        expect(not any(V["card"] in o or nospace(V["card"]) in o for o in olds), f"raw card in old_value: {olds}")
        expect(any("**** **** **** 1111" in o for o in olds),
               f"card in old_value not shown as '**** **** **** 1111': {olds}")
        notes = " ".join(j.get("notes") or "" for j in js)
        expect(V["ssn"] not in notes, "SSN in notes")
        expect("[US_SSN]" in notes, f"SSN not labelled: {notes!r}")
        expect(V["mrn"] not in notes, "MRN (PHI) in notes")
        expect("[MEDICAL_RECORD_NUMBER]" in notes, f"MRN not labelled: {notes!r}")
        expect("Receipt attached." in notes, "public notes missing")
        expect(any(x["id"] == att["id"] for x in issue.get("attachments", [])), "attachment not listed")
        if r.header("etag"):
            warn(f"vendor GET /issues/{A}.json carries the upstream ETag {r.header('etag')} of the unredacted body")
        content_url = next((x.get("content_url") for x in issue.get("attachments", [])), "") or ""
        if seed["redmine_url"] in content_url:
            warn(f"attachments[].content_url shows the upstream address to the vendor: {content_url}")
        elif not content_url.startswith(args.gateway.rstrip("/") + "/"):
            warn(f"attachments[].content_url is not a usable gateway URL for the vendor: {content_url!r} "
                 f"(gateway {args.gateway})")

    @check("vendor: issue (a) without ?include is also cleaned (no raw values)")
    def _():
        r = vendor("GET", f"/issues/{A}.json")
        expect(r.status == 200, repr(r))
        issue = r.json()["issue"]
        expect(V["email"] not in issue["description"], "email in description")

    # ---------------------------------------------------------------- attachments
    @check("vendor: attachment of (a) after viewing (a) -> card shown as **** **** **** 4444")
    def _():
        r = vendor("GET", dl_a)
        expect(r.status == 200, repr(r))
        expect(V["card_attachment"] not in r.text and nospace(V["card_attachment"]) not in r.text,
               "raw card in attachment")
        expect("**** **** **** 4444" in r.text, f"attachment card not keep_last:4: {r.text!r}")
        cl = r.header("content-length")
        expect(cl is None or int(cl) == len(r.body), f"Content-Length {cl} != {len(r.body)}")

    @check("vendor: zip attachment of (a) -> still a zip, the card in its log redacted")
    def _():
        z = seed["attachment_zip"]
        r = vendor("GET", f"/attachments/download/{z['id']}/{z['filename']}")
        expect(r.status == 200, repr(r))
        with zipfile.ZipFile(io.BytesIO(r.body)) as bundle:
            log = bundle.read("logs/payment.log").decode()
            boot = bundle.read("logs/boot.log").decode()
        expect(V["card_attachment"] not in log, "raw card inside the zip")
        expect("retry charge on **** **** **** 4444 declined" in log, f"zip log not keep_last:4: {log!r}")
        expect(boot == "boot ok\n", f"untouched entry changed: {boot!r}")

    @check("vendor: GET /attachments/N.json of (a)'s attachment -> 200")
    def _():
        r = vendor("GET", f"/attachments/{att['id']}.json")
        expect(r.status == 200, repr(r))
        expect(r.json()["attachment"]["id"] == att["id"], repr(r))

    @check("vendor: attachment of the other vendor's issue (c) -> 403")
    def _():
        r = vendor("GET", f"/attachments/download/{att_c['id']}/{att_c['filename']}")
        is_problem(r, 403)
        expect("PX-100" not in r.text, "body of (c)'s attachment returned")
        r = vendor("GET", f"/attachments/{att_c['id']}.json")
        is_problem(r, 403)

    # ---------------------------------------------------------------- out of scope / blocked
    @check("vendor: issue (c) of another assignee -> 403 problem, nothing of the issue")
    def _():
        r = vendor("GET", f"/issues/{C}.json{full}")
        is_problem(r, 403)
        for s in (seed["subjects"]["c"], seed["descriptions"]["c"], "Printer"):
            expect(s not in r.text, f"403 body contains {s!r}")

    @check("vendor: closed issue (d) -> 403")
    def _():
        r = vendor("GET", f"/issues/{D}.json")
        is_problem(r, 403)
        expect(seed["subjects"]["d"] not in r.text, "403 body contains (d)'s subject")

    @check("vendor: issue (b) with a GitHub token in a note -> blocked 403, no secret in the body")
    def _():
        r = vendor("GET", f"/issues/{B}.json{full}")
        doc = is_problem(r, 403)
        if not any(isinstance(v, dict) and v for v in doc.values()):
            warn(f"block of issue (b) gives no finding counts: {doc}")
        expect(V["token"] not in r.text, "token in the block response")
        expect("ghp_" not in r.text, "token prefix in the block response")
        expect("nightly deploy" not in r.text, "issue text in the block response")

    # ---------------------------------------------------------------- lists
    def vendor_list(query):
        r = vendor("GET", "/issues.json" + query)
        expect(r.status == 200, repr(r))
        doc = r.json()
        ids = [i["id"] for i in doc["issues"]]
        expect(set(ids) <= {A, B}, f"{query or 'default'}: vendor list has out-of-scope ids: {ids} "
                                    f"(in scope: {A},{B})")
        expect(C not in ids and D not in ids, f"vendor list has (c) or (d): {ids}")
        if "total_count" in doc and doc["total_count"] != len(ids) and query == "?limit=100":
            warn(f"vendor GET /issues.json{query}: total_count {doc['total_count']} but {len(ids)} "
                 f"issues listed (reveals how many issues exist)")
        return ids, r

    @check("vendor: GET /issues.json lists only in-scope issues (a, b)")
    def _():
        ids, r = vendor_list("?limit=100")
        expect(A in ids and B in ids, f"in-scope issues missing from the vendor list: {ids}")
        expect(V["email"] not in r.text, "email in the list")
        expect("[EMAIL_ADDRESS]" in r.text, "email not labelled in the list")

    @check("vendor: GET /issues.json?status_id=* still excludes closed (d)")
    def _():
        vendor_list("?status_id=*&limit=100")

    @check("vendor: GET /issues.json?assigned_to_id=<other.agent> returns none of (c)")
    def _():
        vendor_list(f"?assigned_to_id={other_id}&status_id=*")

    @check("vendor: GET /issues.json?key=<admin key> is still filtered")
    def _():
        vendor_list(f"?key={admin_key}&status_id=*&limit=100")

    @check("vendor: GET /issue_statuses.json and /trackers.json -> 200")
    def _():
        for p, k in (("/issue_statuses.json", "issue_statuses"), ("/trackers.json", "trackers")):
            r = vendor("GET", p)
            expect(r.status == 200, repr(r))
            expect(r.json()[k], f"{p}: empty")

    # ---------------------------------------------------------------- denied routes
    denied = [
        "/users/current.json", f"/users/current.json?key={admin_key}", "/users/current.xml",
        "/users.json", f"/users.json?name=acme.agent", f"/users/{other_id}.json", "/my/account.json",
        "/my/account.xml", f"/issues/{A}.xml", f"/issues/{A}?format=xml", f"/issues/{A}?format=json",
        "/issues.xml", "/projects.json", "/search.json?q=refund", f"/issues/{A}/relations.json",
        f"/issues/{A}.json/../../users/current.json", f"/issues/{A}.json/..%2f..%2fusers/current.json",
        "/issues/../users/current.json", f"/issues/%2e%2e/users/current.json",
        "//users/current.json", "/time_entries.json", "/news.json", "/attachments/download/1",
    ]

    @check("vendor: /users/current.json -> 403, the API key never appears")
    def _():
        r = vendor("GET", "/users/current.json")
        is_problem(r, 403)
        expect("api_key" not in r.text and admin_key not in r.text, f"api key in {r!r}")

    @check(f"vendor: {len(denied)} non-listed routes (users, my/account, .xml, format=, dot segments...) -> 403")
    def _():
        bad = []
        for p in denied:
            r = vendor("GET", p)
            ct = (r.header("content-type") or "").split(";")[0].strip().lower()
            if r.status != 403 or ct != "application/problem+json":
                bad.append(f"GET {p} -> {r.status} {ct}")
        expect(not bad, "; ".join(bad))

    @check("vendor: HEAD/OPTIONS/PATCH on issue (c) and /users/current.json -> 403 or 405, nothing leaked")
    def _():
        bad = []
        for m, p in (("HEAD", f"/issues/{C}.json"), ("OPTIONS", f"/issues/{C}.json"),
                     ("PATCH", f"/issues/{C}.json"), ("HEAD", "/users/current.json"),
                     ("OPTIONS", "/users/current.json")):
            r = vendor(m, p)
            if r.status not in (403, 405):
                bad.append(f"{m} {p} -> {r.status}")
        expect(not bad, "; ".join(bad))

    @check("vendor: GET /issues.json?issue_id=<c>,<d>&status_id=* lists neither")
    def _():
        ids, _r = vendor_list(f"?issue_id={C},{D}&status_id=*")
        expect(not ids, f"listed {ids}")

    @check("vendor: GET /issues/(a).json?format=xml is JSON (path format wins) and cleaned")
    def _():
        r = vendor("GET", f"/issues/{A}.json?format=xml&include=journals")
        if r.status == 403:
            return  # denying it is fine too
        expect(r.status == 200, repr(r))
        issue = r.json()["issue"]
        expect(not any(j.get("private_notes") for j in issue.get("journals", [])), "private journal present")

    @check("vendor: DELETE /issues/(a).json and POST /issues.json -> 403, issue still there")
    def _():
        r = vendor("DELETE", f"/issues/{A}.json")
        is_problem(r, 403)
        r = vendor("POST", "/issues.json", body={"issue": {"project_id": seed["project"]["id"], "subject": "x"}})
        is_problem(r, 403)
        expect(redmine("GET", f"/issues/{A}.json")["issue"]["id"] == A, "issue (a) gone")

    # ---------------------------------------------------------------- no escalation
    @check("vendor: X-Redmine-Switch-User: admin / ?key=<admin key> on issue (c) -> still 403")
    def _():
        is_problem(vendor("GET", f"/issues/{C}.json", headers=[("X-Redmine-Switch-User", "admin")]), 403)
        is_problem(vendor("GET", f"/issues/{C}.json?key={admin_key}"), 403)
        is_problem(vendor("GET", f"/issues/{C}.json", headers=[("X-Redmine-API-Key", admin_key)]), 403)

    @check("vendor: own key=/X-Redmine-API-Key/Switch-User/Authorization are stripped (bogus values -> still 200)")
    def _():
        # Redmine answers 401 to an unknown key= or X-Redmine-API-Key... if they reached it, and
        # 412 to an unknown X-Redmine-Switch-User.
        for desc, path, hdrs in (
            ("?key=bogus", f"/issues/{A}.json?key=bogus", []),
            ("?api_key=bogus", f"/issues/{A}.json?api_key=bogus", []),
            ("X-Redmine-API-Key: bogus", f"/issues/{A}.json", [("X-Redmine-API-Key", "bogus")]),
            ("X-Redmine-Switch-User: no.such.user", f"/issues/{A}.json", [("X-Redmine-Switch-User", "no.such.user")]),
            ("Cookie", f"/issues/{A}.json", [("Cookie", "_redmine_session=bogus; autologin=bogus")]),
        ):
            r = vendor("GET", path, headers=hdrs)
            expect(r.status == 200, f"{desc}: {r!r}")

    @check("vendor: X_Redmine_Switch_User (underscores; thin maps it to the same header) does not reach Redmine")
    def _():
        r = vendor("GET", f"/issues/{A}.json", headers=[("X_Redmine_Switch_User", "no.such.user")])
        expect(r.status != 412, f"underscore spelling reached Redmine as X-Redmine-Switch-User: {r!r}")
        expect(r.status in (200, 400, 403), repr(r))

    @check("vendor: X_Redmine_API_Key: bogus (underscores) does not reach Redmine")
    def _():
        # thin keeps the LAST of X-Redmine-API-Key / X_Redmine_API_Key: if the vendor's comes after
        # the injected one, Redmine authenticates with the vendor's value (401 for a bogus one).
        r = vendor("GET", f"/issues/{A}.json", headers=[("X_Redmine_API_Key", "bogus")])
        expect(r.status != 401, f"underscore spelling reached Redmine as X-Redmine-API-Key: {r!r}")
        expect(r.status in (200, 400, 403), repr(r))

    def last_journal(issue):
        js = journals(issue)
        return js[-1] if js else None

    def vendor_put_as_other(desc, note, **kw):
        before = len(journals(A))
        r = vendor("PUT", f"/issues/{A}.json", **kw)
        after = journals(A)
        if r.status in (200, 204):
            expect(len(after) == before + 1, f"{desc}: PUT {r.status} but no new journal")
            who = after[-1]["user"]
            expect(who["id"] != other_id,
                   f"{desc}: the note was written as other.agent ({who}) — vendor switched identity")
            expect(after[-1].get("notes") == note, f"{desc}: unexpected journal {after[-1]}")
        else:
            expect(r.status in (400, 403), f"{desc}: {r!r}")
            expect(len(after) == before, f"{desc}: refused ({r.status}) but a journal was added")

    @check("vendor: PUT note on in-scope issue (a) -> 204, written by the service account")
    def _():
        before = len(journals(A))
        r = vendor("PUT", f"/issues/{A}.json", body={"issue": {"notes": "Vendor: looking into it."}})
        expect(r.status in (200, 204), repr(r))
        js = journals(A)
        expect(len(js) == before + 1 and js[-1]["notes"] == "Vendor: looking into it.", f"note not added: {js[-1:]}")

    @check("vendor: PUT with \"key\": <other.agent's key> in the JSON body does not act as other.agent")
    def _():
        note = "Vendor note with body key."
        vendor_put_as_other("body key", note, body={"key": other_key, "issue": {"notes": note}})

    @check("vendor: PUT with X-Redmine-Switch-User: other.agent does not act as other.agent")
    def _():
        note = "Vendor note with switch-user."
        vendor_put_as_other("switch-user", note, body={"issue": {"notes": note}},
                            headers=[("X-Redmine-Switch-User", "other.agent")])

    @check("vendor: PUT with X_Redmine_Switch_User: other.agent (underscores) does not act as other.agent")
    def _():
        note = "Vendor note with underscore switch-user."
        vendor_put_as_other("underscore switch-user", note, body={"issue": {"notes": note}},
                            headers=[("X_Redmine_Switch_User", "other.agent")])

    @check("vendor: PUT with X_Redmine_API_Key: <other.agent's key> (underscores) does not act as other.agent")
    def _():
        note = "Vendor note with underscore api key."
        vendor_put_as_other("underscore api key", note, body={"issue": {"notes": note}},
                            headers=[("X_Redmine_API_Key", other_key)])

    @check("vendor: PUT with ?key=<other.agent's key> does not act as other.agent")
    def _():
        note = "Vendor note with query key."
        before = len(journals(A))
        r = vendor("PUT", f"/issues/{A}.json?key={other_key}", body={"issue": {"notes": note}})
        after = journals(A)
        expect(r.status in (200, 204, 400, 403), repr(r))
        if len(after) > before:
            expect(after[-1]["user"]["id"] != other_id, f"note written as other.agent: {after[-1]['user']}")

    @check("vendor: PUT with Authorization: Basic <other.agent's key> does not act as other.agent")
    def _():
        note = "Vendor note with basic auth."
        basic = base64.b64encode(f"{other_key}:x".encode()).decode()
        # The vendor's bearer token travels in Authorization too, so send the Basic one as a
        # second Authorization header.
        vendor_put_as_other("basic", note, body={"issue": {"notes": note}}, headers=[("Authorization", f"Basic {basic}")])

    @check("vendor: PUT on out-of-scope issue (c) -> 403, no journal added")
    def _():
        before = len(journals(C))
        r = vendor("PUT", f"/issues/{C}.json", body={"issue": {"notes": "Vendor note on (c)."}})
        is_problem(r, 403)
        expect(len(journals(C)) == before, "a journal was added to (c)")

    @check("vendor: PUT on closed issue (d) -> 403")
    def _():
        before = len(journals(D))
        r = vendor("PUT", f"/issues/{D}.json", body={"issue": {"notes": "Reopen please."}})
        is_problem(r, 403)
        expect(len(journals(D)) == before, "a journal was added to (d)")

    @check("no vendor response through the gateway ever had Content-Length wrong or a raw value / key")
    def _():
        expect(not gw.invariant_failures, "; ".join(gw.invariant_failures))

    # ---------------------------------------------------------------- metrics
    @check("admin /metrics answers Prometheus text")
    def _():
        r = admin_get("/metrics")
        expect(r.status == 200, repr(r))
        ct = (r.header("content-type") or "").lower()
        # Prometheus text exposition (text/plain; version=0.0.4) or OpenMetrics text.
        expect(ct.startswith("text/plain") or ct.startswith("application/openmetrics-text"),
               f"content type {ct!r}")
        expect("# TYPE" in r.text or "# HELP" in r.text, f"no Prometheus metadata: {r.text[:300]!r}")
        for name, value in forbidden.items():
            expect(value not in r.text, f"/metrics contains the raw {name}")

    # ---------------------------------------------------------------- audit log
    def audit_lines():
        expected = gw.requests
        lines = []
        deadline = time.monotonic() + 5
        while True:
            try:
                with open(args.audit, "rb") as f:
                    lines = [l for l in f.read().split(b"\n") if l.strip()]
            except FileNotFoundError:
                lines = []
            if len(lines) >= expected or time.monotonic() > deadline:
                return lines
            time.sleep(0.2)

    @check("audit log: one JSON object per line, one line per gateway request")
    def _():
        expected = gw.requests
        lines = audit_lines()
        expect(lines, f"audit log {args.audit} is empty or missing")
        for i, l in enumerate(lines, 1):
            try:
                doc = json.loads(l)
            except ValueError as e:
                raise CheckFailed(f"audit line {i} is not JSON ({e}): {l[:200]!r}")
            expect(isinstance(doc, dict), f"audit line {i} is not an object")
        expect(len(lines) == expected, f"{len(lines)} audit lines for {expected} gateway requests")

    @check("audit log: none of the raw seeded values (cards with/without spaces, SSN, email, token, private note)")
    def _():
        blob = b"\n".join(audit_lines()).decode("utf-8", "replace")
        values = {k: v for k, v in forbidden.items() if "API key" not in k}
        values.update({"SSN (digits only)": nospace(V["ssn"]), "MRN with its label": f"MRN: {V['mrn']}"})
        leaked = [name for name, value in values.items() if value in blob]
        expect(not leaked, f"audit log contains the raw {', '.join(leaked)}")

    @check("audit log: no credentials (bearer tokens, the admin key sent as ?key=, other.agent's key)")
    def _():
        blob = b"\n".join(audit_lines()).decode("utf-8", "replace")
        values = {"vendor token": args.vendor_token, "internal token": args.internal_token,
                  "Redmine admin API key": admin_key, "other.agent's API key": other_key}
        leaked = [name for name, value in values.items() if value in blob]
        expect(not leaked, f"audit log contains the {', '.join(leaked)}")

    total = len(PASSED) + len(FAILED)
    print()
    if FAILED:
        print("Failed checks:")
        for name, why in FAILED:
            print(f"  - {name}\n      {why}")
    if WARNINGS:
        print(f"{len(WARNINGS)} warning(s) (outside the spec, not failures).")
    print(f"gateway requests: {gw.requests}; checks: {total}")
    print(f"{len(PASSED)} passed, {len(FAILED)} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
