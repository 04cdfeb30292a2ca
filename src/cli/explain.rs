//! `casegate explain "text"`: every candidate, the checks it went through, and the verdict.
//! Explain exists to show values to the person who typed them, so it prints them.

use std::io::{Read, Write};

use anyhow::Result;
use casegate::engine::Outcome;

use super::args::ExplainArgs;
use super::Status;

pub fn run(args: ExplainArgs) -> Result<Status> {
    let scanner = super::build_scanner(&args.filters)?;
    let text = match args.text {
        Some(t) if t != "-" => t.into_bytes(),
        _ => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf)?;
            buf
        }
    };
    let mut found = false;
    let mut out = std::io::stdout().lock();
    for e in scanner.explain(&text) {
        let d = scanner.detector(e.detector);
        let value = String::from_utf8_lossy(text.get(e.start..e.end).unwrap_or_default());
        let kept = e.is_finding();
        found |= kept;
        if !kept && !args.all {
            continue;
        }
        let validator = d.validator.map_or("none".to_string(), |v| v.to_string());
        let context = e.context_word.as_deref().map_or("none".to_string(), |w| format!("{w:?}"));
        let verdict = match (e.outcome, e.lost_to) {
            (_, Some(winner)) => format!("overlapped by stronger finding {}", scanner.detector(winner).id),
            (Outcome::Reported { score, validated, .. }, None) => {
                format!("REPORTED score={score:.2} validated={validated}")
            }
            (Outcome::Rejected(r), None) => format!("rejected: {}", r.as_str()),
        };
        writeln!(out, "{}..{}  {:?}  {} ({})", e.start, e.end, value, d.entity, d.id)?;
        writeln!(out, "    validator: {validator}  context word: {context}  -> {verdict}")?;
    }
    if !found {
        writeln!(
            out,
            "no findings{}",
            if args.all { "" } else { " (use --all to see rejected candidates)" }
        )?;
    }
    Ok(if found { Status::Findings } else { Status::Clean })
}
