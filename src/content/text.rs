//! Plain text (and XML, CSV, JavaScript): the body is scanned as bytes (plus what the headers
//! of tables in it add) and rewritten in one pass. No decoding of any kind (offsets are into the body as given; invalid UTF-8 is
//! scanned and copied as is).

use super::{hit, rewrite, rewrite_op, Location, Policy, Processed};
use crate::engine::Scratch;
use crate::finding::Finding;

/// `tables`: also add what the header rows of tables in the text make findings.
pub(crate) fn process(body: &[u8], policy: &Policy, scratch: &mut Scratch, tables: bool) -> Processed {
    let mut findings: Vec<Finding> = Vec::new();
    policy.scanner.scan_with(scratch, body, &mut findings);
    if tables {
        super::field::merge_tables(&mut findings, body, policy.scanner, scratch);
    }
    let hits: Vec<_> = findings
        .iter()
        .map(|f| hit(policy, f, body, Location::Bytes { start: f.start, end: f.end }))
        .collect();
    let ops: Vec<_> = hits.iter().map(|h| rewrite_op(policy, h)).collect();
    let rewritten = rewrite(policy, body, &findings, &ops);
    Processed::new(body, rewritten, hits)
}
