//! The built-in packs' own tests: every example of every detector ("pack examples are tests"),
//! lint errors, and the coverage the product promises.

use std::collections::BTreeSet;

use casegate::packs::examples::{self, ExpectKind};
use casegate::packs::lint::{self, Level};
use casegate::{Category, PackSet};

fn builtin() -> PackSet {
    PackSet::builtin().unwrap_or_else(|e| panic!("a built-in pack does not load: {e}"))
}

// Every `examples.match` of every built-in detector is found by it, no `no_match` is;
// the failure message lists every failing example, not just the first.
#[test]
fn builtin_pack_examples_pass() {
    let report = examples::run(&builtin()).unwrap();
    let failures: Vec<String> = report
        .failures
        .iter()
        .map(|f| {
            let what = match f.kind {
                ExpectKind::MustMatch => "expected a match, got none",
                ExpectKind::NoMatch => "expected no match, but it matched",
            };
            format!("{}: {what}\n    example: {:?}\n    reported: {:?}", f.detector, f.example, f.reported)
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} examples failed:\n{}",
        failures.len(),
        failures.len() + report.passed,
        failures.join("\n")
    );
    assert!(report.passed >= 2 * report.detectors, "every detector has match and no_match examples");
}

// `packs lint` errors (no examples, empty-matching regex) never ship.
#[test]
fn builtin_packs_have_no_lint_errors() {
    let errors: Vec<String> = lint::lint(&builtin())
        .into_iter()
        .filter(|l| l.level == Level::Error)
        .map(|l| format!("{}: {}", l.detector, l.message))
        .collect();
    assert!(errors.is_empty(), "lint errors:\n{}", errors.join("\n"));
}

// The default packs cover every category with at least 45 detectors in all.
#[test]
fn builtin_packs_cover_every_category() {
    let set = builtin();
    assert!(set.detectors.len() >= 45, "only {} built-in detectors", set.detectors.len());
    let categories: BTreeSet<Category> = set.detectors.iter().map(|d| d.category).collect();
    assert_eq!(categories, Category::ALL.into_iter().collect(), "categories covered");
    let names: BTreeSet<&str> = set.packs.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(set.packs.len(), names.len(), "pack names are unique");
}

// The hermetic test pack passes its own examples too (so the harness itself is exercised
// even while the built-in packs are being edited).
#[test]
fn test_pack_examples_pass() {
    let set = PackSet::from_dir(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/packs"))
        .unwrap();
    let report = examples::run(&set).unwrap();
    assert!(report.failures.is_empty(), "{:?}", report.failures);
    assert_eq!((report.detectors, report.passed), (6, 23));
}

fn pack_with(trigger: &str) -> Result<PackSet, casegate::packs::PackError> {
    let pack = format!(
        "[pack]\nname = \"t\"\nversion = \"1\"\n\n[[detector]]\nid = \"t.ipv6\"\nentity = \"IP_ADDRESS\"\n\
         category = \"pii\"\nseverity = \"low\"\nregex = '''(?:^|[^0-9A-Za-z_:.])(?P<value>[0-9a-f]{{1,4}}::[0-9a-f]{{1,4}}(?::[0-9a-f]{{1,4}})+)'''\n{trigger}\n"
    );
    PackSet::from_sources([("t.toml".to_string(), pack)])
}

// `colons = N` is a trigger of its own: not with digits or keywords, and at least 1. A value
// is found where its colon run starts, and a run without `::` or N colons opens no window.
#[test]
fn colon_run_trigger() {
    for bad in ["colons = 0", "colons = 7\ndigits = 4", "colons = 7\nkeywords = [\":\"]"] {
        let err = pack_with(bad).err().unwrap_or_else(|| panic!("{bad:?} loaded"));
        assert!(err.to_string().contains("t.ipv6"), "{err}");
    }
    let scanner = casegate::ScannerBuilder::new().build(pack_with("colons = 7").unwrap()).unwrap();
    let text = "at 10:30:45 from fe80::1:2 and 2001::8a2e:370:7334.";
    let found: Vec<&str> = scanner.scan(text.as_bytes()).iter().map(|f| &text[f.start..f.end]).collect();
    assert_eq!(found, ["fe80::1:2", "2001::8a2e:370:7334"]);
}

/// A one-detector pack: 6 digits after `id=` or `ref ` (keyword-triggered), with `extra` TOML
/// appended (a `[detector.context]` or `[detector.allow]` table).
fn order_pack(extra: &str) -> Result<PackSet, casegate::packs::PackError> {
    let pack = format!(
        "[pack]\nname = \"t\"\nversion = \"1\"\n\n[[detector]]\nid = \"t.num\"\nentity = \"NUM\"\n\
         category = \"pii\"\nseverity = \"low\"\nregex = '''(?:[a-z_]+[=:] ?)?(?P<value>[0-9]{{6}})'''\n\
         digits = 6\nwindow = 16\n{extra}\n"
    );
    PackSet::from_sources([("t.toml".to_string(), pack)])
}

fn values(set: PackSet, text: &str) -> Vec<String> {
    let scanner = casegate::ScannerBuilder::new().build(set).unwrap();
    scanner.scan(text.as_bytes()).iter().map(|f| text[f.start..f.end].to_string()).collect()
}

// `exclude_before`: an exclusion word after the value does not drop it; `exclude_window`: only
// within that many bytes, not counting glue words (`number was`) between. Both need exclusion words and the window may not exceed the context's.
#[test]
fn exclusions_before_the_value_and_within_their_window() {
    let ctx = "[detector.context]\nwindow = 20\nexclude = [\"order\"]\n";
    let gap = " - a gap of more than twenty bytes - ";
    let text = [
        "order 111111",
        "order is 222222",
        "333333 order",
        "order shipped to 444444",
        "order number was 555555",
    ]
    .join(gap);
    let text = text.as_str();
    assert_eq!(values(order_pack(ctx).unwrap(), text), Vec::<String>::new());
    let before = format!("{ctx}exclude_before = true\n");
    assert_eq!(values(order_pack(&before).unwrap(), text), ["333333"]);
    let near = format!("{before}exclude_window = 4\n");
    assert_eq!(values(order_pack(&near).unwrap(), text), ["333333", "444444"]);
    for bad in [
        "[detector.context]\nexclude_before = true\n",
        "[detector.context]\nexclude_window = 4\n",
        "[detector.context]\nwindow = 4\nexclude = [\"x\"]\nexclude_window = 8\n",
    ] {
        let err = order_pack(bad).err().unwrap_or_else(|| panic!("{bad:?} loaded"));
        assert!(err.to_string().contains("exclude"), "{err}");
    }
}

// `allow.matches` judges the whole match (the name before the value too), `allow.patterns`
// the value alone.
#[test]
fn allow_matches_sees_the_whole_match() {
    let text = "id=123456 token_ttl=654321 777777";
    let set = order_pack("[detector.allow]\nmatches = ['''^[a-z_]*_ttl=''']\n").unwrap();
    assert_eq!(values(set, text), ["123456", "777777"]);
    let set = order_pack("[detector.allow]\npatterns = ['''^[a-z_]*_ttl=''']\n").unwrap();
    assert_eq!(values(set, text), ["123456", "654321", "777777"]);
}
