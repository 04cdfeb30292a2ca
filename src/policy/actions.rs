//! Content actions per category × vendor tier: the first matching rule wins; with no match a
//! finding is redacted with its detector's own redaction.

use crate::finding::Category;
use crate::packs::Detector;
use crate::redact::Redaction;

/// What to do with a finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Act {
    /// Report in the audit log only.
    Allow,
    /// Redact with this operator (`None`: the detector's default).
    Redact(Option<Redaction>),
    /// Replace the whole response with a problem document.
    Block,
}

#[derive(Clone, Debug)]
pub struct ActionRule {
    /// `None` matches every category.
    pub category: Option<Category>,
    /// `None` matches every tier.
    pub tiers: Option<Vec<u8>>,
    pub act: Act,
}

/// The ordered rules.
#[derive(Clone, Debug, Default)]
pub struct Actions {
    pub rules: Vec<ActionRule>,
}

impl Actions {
    /// The action for a finding of `detector` shown to a principal of `tier`, with the
    /// redaction operator resolved.
    pub fn decide(&self, detector: &Detector, tier: u8) -> Act {
        let rule = self.rules.iter().find(|r| {
            r.category.is_none_or(|c| c == detector.category)
                && r.tiers.as_ref().is_none_or(|t| t.contains(&tier))
        });
        match rule.map_or(Act::Redact(None), |r| r.act) {
            Act::Redact(op) => Act::Redact(Some(op.unwrap_or(detector.redaction))),
            other => other,
        }
    }
}
