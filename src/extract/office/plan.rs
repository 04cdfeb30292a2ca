//! Which parts of a package are read, in which order, and how ([`Kind`]): the [`Plan`] of
//! each format, XLSX sheet names resolved through the workbook's relationships.

use std::collections::HashMap;

use super::package::read_entry;
use super::sheet::shared_strings;
use super::xml::{attr, for_each_start};
use super::{corrupt, Zip};
use crate::extract::{Budget, ExtractError, Format};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Family {
    /// `w:p`/`a:p` paragraphs, text only inside `w:t`/`a:t`/`t`.
    Ooxml,
    /// `text:p`/`text:h` paragraphs with mixed content.
    Odf,
}

#[derive(Clone, Debug)]
pub(super) enum Kind {
    /// Paragraph text; `prefix` is the location before `#p=N` or the slide number.
    Body {
        family: Family,
        prefix: String,
        slide: Option<usize>,
    },
    /// ODF `content.xml`: paragraphs located by cell (ODS) or slide (ODP) when inside one.
    OdfContent(Format),
    Properties,
    SharedStrings,
    Sheet {
        name: String,
    },
    XlsxComments,
}

#[derive(Clone, Debug)]
pub(super) struct Part {
    pub(super) index: usize,
    pub(super) kind: Kind,
}

pub(super) struct Plan {
    pub(super) parts: Vec<Part>,
    /// XLSX: shared strings by index, read before the sheets.
    pub(super) shared: Vec<String>,
    pub(super) sheets: Vec<String>,
}

pub(super) fn plan(format: Format, zip: &mut Zip<'_>, budget: &mut Budget) -> Result<Plan, ExtractError> {
    let names: Vec<String> = zip.file_names().map(str::to_string).collect();
    let mut plan = Plan { parts: Vec::new(), shared: Vec::new(), sheets: Vec::new() };
    match format {
        Format::Xlsx => plan_xlsx(zip, &names, budget, &mut plan)?,
        Format::Odt | Format::Ods | Format::Odp => plan_odf(format, &names, &mut plan),
        Format::Docx | Format::Pptx => plan_ooxml(&names, &mut plan),
        _ => return Err(ExtractError::Unsupported),
    }
    plan.parts.sort_by_key(|p| order(&p.kind));
    Ok(plan)
}

/// Main text first, properties last: findings come out in reading order.
fn order(kind: &Kind) -> u8 {
    match kind {
        Kind::SharedStrings => 0,
        Kind::Sheet { .. } | Kind::OdfContent(_) => 1,
        Kind::Body { slide: Some(_), .. } => 1,
        Kind::Body { prefix, .. } if prefix.is_empty() => 1,
        Kind::Body { .. } | Kind::XlsxComments => 2,
        Kind::Properties => 3,
    }
}

fn index_of(names: &[String], name: &str) -> Option<usize> {
    names.iter().position(|n| n == name)
}

fn is_properties(name: &str) -> bool {
    matches!(name, "docProps/core.xml" | "docProps/app.xml" | "docProps/custom.xml" | "meta.xml")
}

fn plan_ooxml(names: &[String], plan: &mut Plan) {
    for (index, name) in names.iter().enumerate() {
        if let Some(kind) = ooxml_kind(name) {
            plan.parts.push(Part { index, kind });
        }
    }
}

/// DOCX/PPTX parts worth reading (and the XLSX parts that are not cells).
fn ooxml_kind(name: &str) -> Option<Kind> {
    if is_properties(name) {
        return Some(Kind::Properties);
    }
    let body =
        |prefix: &str, slide| Some(Kind::Body { family: Family::Ooxml, prefix: prefix.to_string(), slide });
    match name {
        "word/document.xml" => return body("", None),
        "word/comments.xml" => return body("!comments", None),
        _ => {}
    }
    if let Some(n) = numbered(name, "ppt/slides/slide") {
        return body("", Some(n));
    }
    if name.starts_with("ppt/comments/") && name.ends_with(".xml") {
        return body("!comments", None);
    }
    let root = ["word/", "ppt/", "xl/drawings/", "xl/charts/"].iter().any(|r| name.starts_with(r));
    let skip =
        ["styles", "settings", "fontTable", "webSettings", "numbering", "theme", "presProps", "viewProps"];
    let boring = name.contains("/_rels/") || skip.iter().any(|s| name.contains(s));
    (root && name.ends_with(".xml") && !boring).then(|| Kind::Body {
        family: Family::Ooxml,
        prefix: format!("!{name}"),
        slide: None,
    })
}

/// `ppt/slides/slide12.xml` → 12.
fn numbered(name: &str, stem: &str) -> Option<usize> {
    name.strip_prefix(stem)?.strip_suffix(".xml")?.parse().ok()
}

fn plan_odf(format: Format, names: &[String], plan: &mut Plan) {
    if let Some(index) = index_of(names, "content.xml") {
        plan.parts.push(Part { index, kind: Kind::OdfContent(format) });
    }
    if let Some(index) = index_of(names, "styles.xml") {
        let kind = Kind::Body { family: Family::Odf, prefix: "!styles.xml".to_string(), slide: None };
        plan.parts.push(Part { index, kind });
    }
    if let Some(index) = index_of(names, "meta.xml") {
        plan.parts.push(Part { index, kind: Kind::Properties });
    }
}

fn plan_xlsx(
    zip: &mut Zip<'_>,
    names: &[String],
    budget: &mut Budget,
    plan: &mut Plan,
) -> Result<(), ExtractError> {
    let sheets = workbook_sheets(zip, names, budget)?;
    for (sheet, target) in sheets {
        if let Some(index) = index_of(names, &target) {
            plan.parts.push(Part { index, kind: Kind::Sheet { name: sheet.clone() } });
        }
        plan.sheets.push(sheet);
    }
    if let Some(index) = index_of(names, "xl/sharedStrings.xml") {
        plan.parts.push(Part { index, kind: Kind::SharedStrings });
        let xml = read_entry(zip, index, budget)?;
        plan.shared = shared_strings(&xml, budget)?;
    }
    for (index, name) in names.iter().enumerate() {
        if name.starts_with("xl/comments") && name.ends_with(".xml") {
            plan.parts.push(Part { index, kind: Kind::XlsxComments });
        } else if let Some(kind) = ooxml_kind(name) {
            plan.parts.push(Part { index, kind });
        }
    }
    Ok(())
}

/// Sheet names and their part names, in workbook order (`xl/workbook.xml` + its rels).
fn workbook_sheets(
    zip: &mut Zip<'_>,
    names: &[String],
    budget: &mut Budget,
) -> Result<Vec<(String, String)>, ExtractError> {
    let (Some(wb), Some(rels)) =
        (index_of(names, "xl/workbook.xml"), index_of(names, "xl/_rels/workbook.xml.rels"))
    else {
        return Err(corrupt("xlsx without a workbook"));
    };
    let targets = relationships(&read_entry(zip, rels, budget)?)?;
    let mut sheets = Vec::new();
    for_each_start(&read_entry(zip, wb, budget)?, &mut |e| {
        if e.local_name().as_ref() == b"sheet" {
            let name = attr(e, b"name")?.unwrap_or_default();
            let id = attr(e, b"r:id")?.unwrap_or_default();
            let target = targets.get(&id).map(|t| resolve("xl/", t)).unwrap_or_default();
            sheets.push((name, target));
        }
        Ok(())
    })?;
    Ok(sheets)
}

/// `Id` → `Target` of a `.rels` part.
fn relationships(xml: &[u8]) -> Result<HashMap<String, String>, ExtractError> {
    let mut map = HashMap::new();
    for_each_start(xml, &mut |e| {
        if e.local_name().as_ref() == b"Relationship" {
            if let (Some(id), Some(target)) = (attr(e, b"Id")?, attr(e, b"Target")?) {
                map.insert(id, target);
            }
        }
        Ok(())
    })?;
    Ok(map)
}

/// A relationship target relative to `base` (`worksheets/sheet1.xml`) or absolute (`/xl/…`).
fn resolve(base: &str, target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{base}{target}"),
    }
}
