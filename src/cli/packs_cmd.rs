//! `casegate packs list | test | lint`.

use std::io::Write;

use anyhow::Result;
use casegate::packs::examples::{self, ExpectKind};
use casegate::packs::lint::{self, Level};
use casegate::packs::{DetectorKind, Trigger};

use super::args::PacksCommand;
use super::Status;

pub fn run(cmd: PacksCommand) -> Result<Status> {
    match cmd {
        PacksCommand::List { packs } => list(packs.as_deref()),
        PacksCommand::Test { dir } => test(dir.as_deref()),
        PacksCommand::Lint { dir } => lint(dir.as_deref()),
    }
}

fn list(dir: Option<&std::path::Path>) -> Result<Status> {
    let set = super::load_packs(dir)?;
    let mut out = std::io::stdout().lock();
    for p in &set.packs {
        writeln!(out, "# {} {} ({})", p.name, p.version, p.file)?;
    }
    writeln!(
        out,
        "{:<28} {:<24} {:<7} {:<9} {:<18} trigger",
        "id", "entity", "categ.", "severity", "validator"
    )?;
    for d in &set.detectors {
        let trigger = match &d.kind {
            DetectorKind::Regex(r) => match &r.trigger {
                Trigger::Digits { min, .. } => format!("digits>={min}"),
                Trigger::Colons { min, .. } => format!("colons>={min}"),
                Trigger::Keywords { words, .. } => format!("keywords({})", words.len()),
                Trigger::Full => "full scan".to_string(),
            },
            DetectorKind::Dictionary(dict) => format!("dictionary({} terms)", dict.terms.len()),
        };
        let validator = d.validator.map_or("-".to_string(), |v| v.to_string());
        let off = if d.enabled { "" } else { " (disabled)" };
        writeln!(
            out,
            "{:<28} {:<24} {:<7} {:<9} {:<18} {trigger}{off}",
            d.id, d.entity, d.category, d.severity, validator
        )?;
    }
    writeln!(out, "{} detectors in {} packs", set.detectors.len(), set.packs.len())?;
    Ok(Status::Clean)
}

fn test(dir: Option<&std::path::Path>) -> Result<Status> {
    let set = super::load_packs(dir)?;
    let report = examples::run(&set)?;
    let mut out = std::io::stdout().lock();
    for f in &report.failures {
        let what = match f.kind {
            ExpectKind::MustMatch => "expected a match, got none",
            ExpectKind::NoMatch => "expected no match, but it matched",
        };
        writeln!(out, "FAIL {}: {what}\n     example: {:?}", f.detector, f.example)?;
        if !f.reported.is_empty() {
            let got: Vec<_> = f.reported.iter().map(|(id, s, e)| format!("{id}@{s}..{e}")).collect();
            writeln!(out, "     reported: {}", got.join(", "))?;
        }
    }
    writeln!(
        out,
        "{} passed, {} failed ({} detectors)",
        report.passed,
        report.failures.len(),
        report.detectors
    )?;
    Ok(if report.failures.is_empty() { Status::Clean } else { Status::Findings })
}

fn lint(dir: Option<&std::path::Path>) -> Result<Status> {
    let set = super::load_packs(dir)?;
    let lints = lint::lint(&set);
    let mut out = std::io::stdout().lock();
    for l in &lints {
        let level = match l.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        writeln!(out, "{level}: {}: {}", l.detector, l.message)?;
    }
    let errors = lints.iter().filter(|l| l.level == Level::Error).count();
    writeln!(out, "{} detectors, {errors} errors, {} warnings", set.detectors.len(), lints.len() - errors)?;
    Ok(if errors > 0 { Status::Findings } else { Status::Clean })
}
