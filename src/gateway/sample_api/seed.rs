//! Seed data of the sample API: users, issues (Redmine 5 shapes), attachments and the large
//! benchmark issue.
//!
//! Every sensitive value here is fake (published test card numbers, `example.com` addresses,
//! fictional `555-01xx` phone numbers, the secrets pack's own must-match GitHub token) and is
//! chosen so that the built-in packs detect it; `tests/gateway/sample_api.rs` checks that they do.
//! This module holds data only: no I/O, no HTTP.

use std::collections::BTreeMap;

use serde_json::{json, Value};

/// A Redmine user. The service user (id 1) owns the API key.
pub(super) struct User {
    pub id: u64,
    pub login: &'static str,
    pub firstname: &'static str,
    pub lastname: &'static str,
    pub mail: &'static str,
    pub admin: bool,
}

impl User {
    pub fn name(&self) -> String {
        format!("{} {}", self.firstname, self.lastname)
    }

    /// The `{"id":…,"name":…}` reference Redmine embeds in issues and journals.
    pub fn reference(&self) -> Value {
        json!({ "id": self.id, "name": self.name() })
    }

    /// The entry of `GET /users.json`.
    pub fn summary(&self) -> Value {
        json!({ "id": self.id, "login": self.login, "firstname": self.firstname, "lastname": self.lastname })
    }
}

/// A file attached to an issue; its metadata is rendered into the issue at request time so that
/// `content_url` carries the request's host, as Redmine does.
pub(super) struct Attachment {
    pub id: u64,
    pub issue_id: u64,
    pub filename: &'static str,
    pub content_type: &'static str,
    pub description: &'static str,
    pub content: &'static str,
    pub author_id: u64,
    pub created_on: &'static str,
}

impl Attachment {
    pub fn to_json(&self, base_url: &str, author: Value) -> Value {
        json!({
            "id": self.id,
            "filename": self.filename,
            "filesize": self.content.len(),
            "content_type": self.content_type,
            "description": self.description,
            "content_url": format!("{base_url}/attachments/download/{}/{}", self.id, self.filename),
            "author": author,
            "created_on": self.created_on,
        })
    }
}

/// The mutable state behind the API's lock.
pub(super) struct Store {
    pub users: Vec<User>,
    /// Issues without their `attachments` (added when rendered).
    pub issues: BTreeMap<u64, Value>,
    pub attachments: BTreeMap<u64, Attachment>,
    pub next_journal_id: u64,
}

impl Store {
    pub fn seeded() -> Store {
        let issues: BTreeMap<u64, Value> = seed_issues().into_iter().map(|i| (id_of(&i), i)).collect();
        let next_journal_id = issues.values().flat_map(journal_ids).max().unwrap_or(0) + 1;
        Store { users: users(), issues, attachments: attachments(), next_journal_id }
    }

    pub fn user(&self, id: u64) -> Option<&User> {
        self.users.iter().find(|u| u.id == id)
    }

    pub fn user_reference(&self, id: u64) -> Value {
        self.user(id).map_or(Value::Null, User::reference)
    }
}

fn id_of(issue: &Value) -> u64 {
    issue["id"].as_u64().unwrap_or(0)
}

fn journal_ids(issue: &Value) -> Vec<u64> {
    let journals = issue["journals"].as_array().map(Vec::as_slice).unwrap_or_default();
    journals.iter().filter_map(|j| j["id"].as_u64()).collect()
}

/// The id of the service user, whose key the API requires.
pub(super) const SERVICE_USER: u64 = 1;
pub(super) const ACME_AGENT: u64 = 5;
pub(super) const OTHER_AGENT: u64 = 6;

fn users() -> Vec<User> {
    vec![
        User {
            id: SERVICE_USER,
            login: "admin",
            firstname: "Redmine",
            lastname: "Admin",
            mail: "admin@casegate.test",
            admin: true,
        },
        User {
            id: ACME_AGENT,
            login: "acme.agent",
            firstname: "Acme",
            lastname: "Agent",
            mail: "agent@acme.test",
            admin: false,
        },
        User {
            id: OTHER_AGENT,
            login: "other.agent",
            firstname: "Other",
            lastname: "Agent",
            mail: "agent@other.test",
            admin: false,
        },
    ]
}

/// The statuses of `GET /issue_statuses.json`.
pub(super) fn statuses() -> Value {
    json!({ "issue_statuses": [
        { "id": 1, "name": "New", "is_closed": false },
        { "id": 2, "name": "In Progress", "is_closed": false },
        { "id": 3, "name": "Resolved", "is_closed": false },
        { "id": 4, "name": "Feedback", "is_closed": false },
        { "id": 5, "name": "Closed", "is_closed": true },
        { "id": 6, "name": "Rejected", "is_closed": true },
    ]})
}

fn status(id: u64) -> Value {
    let all = statuses();
    let found = all["issue_statuses"].as_array().and_then(|s| s.iter().find(|s| s["id"] == json!(id)));
    found.cloned().unwrap_or(Value::Null)
}

fn person(id: u64) -> Value {
    users().iter().find(|u| u.id == id).map_or(Value::Null, User::reference)
}

fn project() -> Value {
    json!({ "id": 1, "name": "Customer Support" })
}

fn tracker() -> Value {
    json!({ "id": 3, "name": "Support" })
}

fn priority(id: u64) -> Value {
    let name = match id {
        2 => "Normal",
        3 => "High",
        _ => "Urgent",
    };
    json!({ "id": id, "name": name })
}

fn custom_fields(tier: &str, cost: &str) -> Value {
    json!([
        { "id": 1, "name": "Customer tier", "value": tier },
        { "id": 2, "name": "Internal cost", "value": cost },
    ])
}

/// A journal; `details` are `(property, name, old_value, new_value)`.
fn journal(id: u64, user: u64, at: &str, notes: &str, private: bool, details: Value) -> Value {
    json!({
        "id": id,
        "user": person(user),
        "notes": notes,
        "created_on": at,
        "private_notes": private,
        "details": details,
    })
}

fn detail(property: &str, name: &str, old: Value, new: Value) -> Value {
    json!({ "property": property, "name": name, "old_value": old, "new_value": new })
}

/// The fields every issue has; `fill` adds the rest.
struct IssueHead {
    id: u64,
    status: u64,
    priority: u64,
    author: u64,
    assignee: u64,
    subject: &'static str,
    created_on: &'static str,
    updated_on: &'static str,
    closed_on: Option<&'static str>,
}

fn issue(head: IssueHead, description: &str, fields: Value, journals: Vec<Value>) -> Value {
    json!({
        "id": head.id,
        "project": project(),
        "tracker": tracker(),
        "status": status(head.status),
        "priority": priority(head.priority),
        "author": person(head.author),
        "assigned_to": person(head.assignee),
        "subject": head.subject,
        "description": description,
        "start_date": &head.created_on[..10],
        "due_date": null,
        "done_ratio": 0,
        "is_private": false,
        "estimated_hours": null,
        "custom_fields": fields,
        "created_on": head.created_on,
        "updated_on": head.updated_on,
        "closed_on": head.closed_on,
        "journals": journals,
    })
}

const ISSUE1_DESCRIPTION: &str = "Customer Jane Doe (jane.doe@example.com) was charged twice for order \
    A-20417.\r\nCard on file: 4111 1111 1111 1111\r\nPlease confirm with the payment processor and \
    refund the duplicate charge.";

fn issue1() -> Value {
    let head = IssueHead {
        id: 1,
        status: 2,
        priority: 3,
        author: SERVICE_USER,
        assignee: ACME_AGENT,
        subject: "Refund for duplicate charge on order A-20417",
        created_on: "2026-03-02T09:14:00Z",
        updated_on: "2026-03-03T16:40:00Z",
        closed_on: None,
    };
    let old_description = "Customer reports a duplicate charge. Card: 5500 0000 0000 0004";
    let journals = vec![
        journal(
            1,
            SERVICE_USER,
            "2026-03-02T09:20:00Z",
            "",
            false,
            json!([
                detail("attr", "description", json!(old_description), json!(ISSUE1_DESCRIPTION)),
                detail("attr", "assigned_to_id", Value::Null, json!(ACME_AGENT.to_string())),
            ]),
        ),
        journal(
            2,
            SERVICE_USER,
            "2026-03-02T11:02:00Z",
            "INTERNAL: refund approved, margin 42%",
            true,
            json!([]),
        ),
        journal(
            3,
            ACME_AGENT,
            "2026-03-03T16:40:00Z",
            "Customer called back from +1 415 555 0134 and confirmed both charges on the statement.",
            false,
            json!([detail("attr", "status_id", json!("1"), json!("2"))]),
        ),
    ];
    issue(head, ISSUE1_DESCRIPTION, custom_fields("gold", "1200"), journals)
}

fn issue2() -> Value {
    let head = IssueHead {
        id: 2,
        status: 2,
        priority: 4,
        author: SERVICE_USER,
        assignee: ACME_AGENT,
        subject: "Nightly deploy fails to fetch from GitHub",
        created_on: "2026-03-04T07:55:00Z",
        updated_on: "2026-03-04T08:30:00Z",
        closed_on: None,
    };
    let description = "The nightly deploy stops at the fetch step. `git remote -v` on the build host \
        prints:\r\n\r\norigin  https://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@github.com/acme/deploy-scripts.git (fetch)\
        \r\n\r\nCan you check the token's permissions?";
    let journals = vec![journal(
        4,
        ACME_AGENT,
        "2026-03-04T08:30:00Z",
        "Looking into it; the repository settings changed last week.",
        false,
        json!([]),
    )];
    issue(head, description, custom_fields("silver", "300"), journals)
}

fn issue3() -> Value {
    let head = IssueHead {
        id: 3,
        status: 1,
        priority: 2,
        author: SERVICE_USER,
        assignee: OTHER_AGENT,
        subject: "Password reset email never arrives",
        created_on: "2026-03-05T10:00:00Z",
        updated_on: "2026-03-05T10:00:00Z",
        closed_on: None,
    };
    let description = "Tom Baker reports that no reset email reaches tom.baker@example.org since Monday. \
        Spam folder checked.";
    issue(head, description, custom_fields("bronze", "80"), vec![])
}

fn issue4() -> Value {
    let head = IssueHead {
        id: 4,
        status: 4,
        priority: 2,
        author: SERVICE_USER,
        assignee: OTHER_AGENT,
        subject: "Invoice shows the wrong bank account",
        created_on: "2026-03-06T13:21:00Z",
        updated_on: "2026-03-06T15:02:00Z",
        closed_on: None,
    };
    let description = "The March invoice lists IBAN DE89 3704 0044 0532 0130 00 but the customer \
        (billing@example.net) says that account was closed. See the attached invoice.";
    let journals = vec![journal(
        5,
        OTHER_AGENT,
        "2026-03-06T15:02:00Z",
        "Asked finance for the current account details.",
        false,
        json!([detail("attr", "status_id", json!("1"), json!("4"))]),
    )];
    issue(head, description, custom_fields("gold", "450"), journals)
}

fn issue5() -> Value {
    let head = IssueHead {
        id: 5,
        status: 5,
        priority: 2,
        author: SERVICE_USER,
        assignee: ACME_AGENT,
        subject: "Login page slow on Monday mornings",
        created_on: "2026-02-16T08:05:00Z",
        updated_on: "2026-02-20T17:45:00Z",
        closed_on: Some("2026-02-20T17:45:00Z"),
    };
    let description = "Reported by sam.lee@example.com: the login page takes over 10 s between 08:00 and \
        09:00 on Mondays.";
    let journals = vec![journal(
        6,
        ACME_AGENT,
        "2026-02-20T17:45:00Z",
        "Cache warm-up moved to Sunday night; response times are normal again. Closing.",
        false,
        json!([detail("attr", "status_id", json!("2"), json!("5"))]),
    )];
    issue(head, description, custom_fields("silver", "150"), journals)
}

fn seed_issues() -> Vec<Value> {
    vec![issue1(), issue2(), issue3(), issue4(), issue5()]
}

fn attachments() -> BTreeMap<u64, Attachment> {
    let list = [
        Attachment {
            id: 10,
            issue_id: 1,
            filename: "statement.txt",
            content_type: "text/plain",
            description: "Card statement extract",
            content: "ACME BANK - STATEMENT EXTRACT\r\nAccount holder: Jane Doe\r\n\
                Card: 4111-1111-1111-1111\r\n\
                2026-02-27  ORDER A-20417  59.90 EUR\r\n\
                2026-02-27  ORDER A-20417  59.90 EUR\r\n",
            author_id: SERVICE_USER,
            created_on: "2026-03-02T09:16:00Z",
        },
        Attachment {
            id: 11,
            issue_id: 4,
            filename: "invoice.txt",
            content_type: "text/plain",
            description: "March invoice",
            content:
                "INVOICE 2026-03-0117\r\nPay to: IBAN DE89 3704 0044 0532 0130 00\r\nTotal: 1,240.00 EUR\r\n",
            author_id: OTHER_AGENT,
            created_on: "2026-03-06T13:22:00Z",
        },
    ];
    list.into_iter().map(|a| (a.id, a)).collect()
}

/// The ~20 KB issue of `GET /big.json`: 30 journals of ordinary support chatter with a handful
/// of sensitive values (`BIG_FINDINGS` of them) for benchmarks to assert against.
pub(super) fn big_issue() -> Value {
    let head = IssueHead {
        id: 1001,
        status: 2,
        priority: 4,
        author: SERVICE_USER,
        assignee: ACME_AGENT,
        subject: "Chargeback dispute across several orders; customer escalated to management",
        created_on: "2026-01-12T08:00:00Z",
        updated_on: "2026-02-10T18:30:00Z",
        closed_on: None,
    };
    let description = "Customer Maria Garcia (maria.garcia@example.com) disputes four charges from \
        January. Refunds must go to IBAN GB82 WEST 1234 5698 7654 32 per her bank's letter. \
        Orders: A-19001, A-19017, A-19022, A-19030. She asks for a written summary of every step \
        taken, the dates of each refund and a contact person at our side. Please keep all \
        correspondence on this ticket so that the audit trail is complete.\r\n\r\nBackground: the \
        customer has been with us since 2019 and places two to three orders a month, mostly office \
        supplies for her accounting practice. Until January there was not a single dispute on the \
        account. The four charges in question were made during the checkout outage of 9 January, \
        when several customers saw the payment page time out and retried; our payment provider \
        confirmed that some of those retries were captured twice. Finance has a list of all affected \
        orders and is contacting the other customers separately.\r\n\r\nWhat we need from the \
        vendor team: confirm each disputed order against the provider's capture report, tell the \
        customer which refunds are already on their way, and make sure no chargeback is contested \
        where the double capture is confirmed. Contested chargebacks on confirmed duplicates cost us \
        the fee twice and damage the relationship.";
    let journals = (0..30).map(big_journal).collect();
    json!({ "issue": issue(head, description, custom_fields("platinum", "2300"), journals) })
}

/// Sensitive values in [`big_issue`]: email, IBAN, card, phone, a second email.
pub const BIG_FINDINGS: usize = 5;

const BIG_NOTES: [&str; 6] = [
    "Checked the order history again. The payment provider shows the capture on the expected day \
     and the settlement two days later; nothing unusual on our side. Waiting for the customer's \
     bank to confirm which of the charges they consider duplicated before we refund anything.",
    "Called the customer, no answer. Left a voicemail asking her to reply on this ticket with the \
     order numbers she disputes. Will try again tomorrow morning between nine and eleven, which \
     is the window she gave in her first message.",
    "Finance confirmed the refund batch runs on Thursdays. Anything approved before Wednesday \
     noon goes out in that batch; later approvals slip a week. Updated the customer with the \
     expected dates and attached nothing new.",
    "Escalation review: the handling so far follows the chargeback playbook. Next step is to send \
     the written summary the customer asked for, listing each order, the amount, the status of \
     the dispute and the refund reference once it exists.",
    "Customer replied and thanked us for the summary, but says one refund is still missing from \
     her statement. Asked her for a screenshot of the statement with the other transactions \
     blacked out, as we do not need to see them.",
    "Second-level support looked at the logs for the checkout session. The double submission came \
     from a browser retry after a timeout at the payment page; the fix for that timeout shipped \
     in the last release, so this should not happen again.",
];

fn big_journal(i: usize) -> Value {
    let id = 1000 + i as u64;
    let at = format!("2026-01-{:02}T{:02}:15:00Z", 12 + i / 2, 8 + (i % 2) * 6);
    let user = if i % 3 == 0 { SERVICE_USER } else { ACME_AGENT };
    let notes = match i {
        7 => "The customer read out the card number on the phone: 4012 8888 8888 1881. Do not \
              store it here next time; use the payment system's reference instead."
            .to_string(),
        13 => "Customer prefers a call back on +1 212 555 0187 after 5 pm.".to_string(),
        21 => "Her husband (david.garcia@example.com) is authorised to speak for her.".to_string(),
        _ => format!("{}\r\n\r\n{}", BIG_NOTES[i % BIG_NOTES.len()], BIG_NOTES[(i + 2) % BIG_NOTES.len()]),
    };
    let private = i % 10 == 4;
    let details = if i % 5 == 0 {
        json!([detail("attr", "done_ratio", json!((i * 3).to_string()), json!((i * 3 + 3).to_string()))])
    } else {
        json!([])
    };
    journal(id, user, &at, &notes, private, details)
}
