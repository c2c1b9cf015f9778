//! Where the shared corpus (Go's answers on real files) is, by one rule for every test:
//! `$CERT_PREFLIGHT_CORPUS`, else `../shared/corpus` beside the clone (relative to
//! `CARGO_MANIFEST_DIR`). The same rule as `fuzz/seeds/make.py`.
//!
//! A missing corpus fails the test under CI (the environment variable `CI` set, as `.ci/run`
//! and CI services set it), so that a headline figure such as 1250/1250 cannot pass while
//! testing nothing; elsewhere the test says loudly that it skipped and passes.

use std::path::{Path, PathBuf};

/// The corpus folder the rule names (it may not exist).
pub fn dir() -> PathBuf {
    match std::env::var_os("CERT_PREFLIGHT_CORPUS") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus"),
    }
}

/// Whether the tests run under CI: `CI` is set to anything but empty, `0` or `false`.
pub fn in_ci() -> bool {
    means_ci(std::env::var("CI").ok().as_deref())
}

fn means_ci(value: Option<&str>) -> bool {
    value.is_some_and(|v| !matches!(v.trim(), "" | "0" | "false"))
}

/// The corpus folder when `needs` (a file inside it, such as `expected/certs.jsonl`) is there.
/// Otherwise: under CI, a panic naming what is missing; elsewhere a loud skip line for `test`
/// and `None`.
pub fn require(test: &str, needs: &str) -> Option<PathBuf> {
    find(&dir(), in_ci(), test, needs)
}

fn find(dir: &Path, ci: bool, test: &str, needs: &str) -> Option<PathBuf> {
    if dir.join(needs).is_file() {
        return Some(dir.to_path_buf());
    }
    let what = format!(
        "{test}: no corpus file {} ($CERT_PREFLIGHT_CORPUS, else ../shared/corpus beside the clone)",
        dir.join(needs).display()
    );
    assert!(!ci, "{what}; CI is set, so a missing corpus fails");
    let bar = "!".repeat(78);
    eprintln!("{bar}\n!!! SKIPPED {what}\n{bar}");
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nowhere() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/no-such-corpus")
    }

    #[test]
    #[should_panic(expected = "CI is set, so a missing corpus fails")]
    fn a_missing_corpus_fails_under_ci() {
        find(&nowhere(), true, "rule", "expected/certs.jsonl");
    }

    #[test]
    fn a_missing_corpus_is_skipped_elsewhere_and_a_present_one_found() {
        assert_eq!(find(&nowhere(), false, "rule", "MANIFEST.tsv"), None);
        // tests/data stands in for a corpus folder holding the file asked for.
        let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
        let needs = "key-formats/expected.jsonl";
        assert_eq!(find(&data, true, "rule", needs), Some(data.clone()));
        assert_eq!(find(&data, false, "rule", needs), Some(data));
    }

    #[test]
    fn ci_is_any_value_but_empty_zero_or_false() {
        for (value, ci) in [
            (None, false),
            (Some(""), false),
            (Some("0"), false),
            (Some("false"), false),
            (Some("true"), true),
            (Some("1"), true),
            (Some("yes"), true),
        ] {
            assert_eq!(means_ci(value), ci, "{value:?}");
        }
    }
}
