//! `scan` on a generated tree: certbot layout (symlinks into archive/), a Kubernetes secret, loose
//! DER files, a key without certificate, a certificate without key, a symlink loop, a binary
//! file, an oversized file and (when not root) an unreadable directory.

mod common;

use common::*;
use rcgen::{BasicConstraints, CertificateParams, DnType, IsCa, KeyPair};
use std::os::unix::fs::symlink;
use std::path::Path;

const SCAN_AT: &str = "2026-12-01T00:00:00Z";

struct Made {
    pem: String,
    der: Vec<u8>,
}

fn ca(
    name: &str,
    issuer: Option<(&rcgen::Certificate, &KeyPair)>,
) -> (rcgen::Certificate, KeyPair) {
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(Vec::<String>::new()).unwrap();
    p.distinguished_name.push(DnType::CommonName, name);
    p.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    p.not_before = rcgen::date_time_ymd(2025, 1, 1);
    p.not_after = rcgen::date_time_ymd(2035, 1, 1);
    let cert = match issuer {
        Some((c, k)) => p.signed_by(&key, c, k).unwrap(),
        None => p.self_signed(&key).unwrap(),
    };
    (cert, key)
}

fn leaf(cn: &str, issuer: &rcgen::Certificate, issuer_key: &KeyPair, days: i64) -> (Made, KeyPair) {
    let key = KeyPair::generate().unwrap();
    let mut p = CertificateParams::new(vec![cn.to_owned()]).unwrap();
    p.distinguished_name.push(DnType::CommonName, cn);
    p.not_before = rcgen::date_time_ymd(2025, 1, 1);
    p.not_after = rcgen::date_time_ymd(2026, 12, 1) + time::Duration::days(days);
    let c = p.signed_by(&key, issuer, issuer_key).unwrap();
    (
        Made {
            pem: c.pem(),
            der: c.der().to_vec(),
        },
        key,
    )
}

fn write(path: &Path, data: impl AsRef<[u8]>) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, data).unwrap();
}

/// The tree, and every key's PEM body (to look for in outputs).
fn tree(root: &Path) -> Vec<String> {
    let (root_ca, root_key) = ca("Test Root", None);
    let (inter, inter_key) = ca("Test Intermediate", Some((&root_ca, &root_key)));
    let mut keys = Vec::new();

    // certbot: live/ links into archive/.
    let (shop, shop_key) = leaf("shop.example.com", &inter, &inter_key, 400);
    let archive = root.join("letsencrypt/archive/shop.example.com");
    write(&archive.join("cert1.pem"), &shop.pem);
    write(&archive.join("chain1.pem"), inter.pem());
    write(
        &archive.join("fullchain1.pem"),
        format!("{}{}", shop.pem, inter.pem()),
    );
    write(&archive.join("privkey1.pem"), shop_key.serialize_pem());
    keys.push(shop_key.serialize_pem());
    let live = root.join("letsencrypt/live/shop.example.com");
    std::fs::create_dir_all(&live).unwrap();
    for (l, a) in [
        ("cert.pem", "cert1.pem"),
        ("chain.pem", "chain1.pem"),
        ("fullchain.pem", "fullchain1.pem"),
        ("privkey.pem", "privkey1.pem"),
    ] {
        symlink(format!("../../archive/shop.example.com/{a}"), live.join(l)).unwrap();
    }

    // Kubernetes secret volume: tls.crt / tls.key, expiring in 9 days.
    let (api, api_key) = leaf("api.example.com", &inter, &inter_key, 9);
    write(
        &root.join("k8s/api-tls/tls.crt"),
        format!("{}{}", api.pem, inter.pem()),
    );
    write(&root.join("k8s/api-tls/tls.key"), api_key.serialize_pem());
    keys.push(api_key.serialize_pem());

    // Loose DER files with names that say nothing.
    let (loose, loose_key) = leaf("loose.example.com", &inter, &inter_key, 200);
    write(&root.join("loose/a.bin"), &loose.der);
    write(&root.join("loose/b.bin"), loose_key.serialize_der());
    keys.push(loose_key.serialize_pem());

    // A key without certificate, a certificate without key.
    let (_, lonely_key) = leaf("lonely.example.com", &inter, &inter_key, 100);
    write(&root.join("orphans/lonely.key"), lonely_key.serialize_pem());
    keys.push(lonely_key.serialize_pem());
    let (nokey, _) = leaf("nokey.example.com", &inter, &inter_key, 50);
    write(&root.join("orphans/nokey.crt"), &nokey.pem);

    // A symlink loop, a binary file, an oversized file, an excluded file.
    symlink("..", root.join("orphans/loop")).unwrap();
    write(
        &root.join("junk/random.bin"),
        [0xffu8, 0, 1, 2, 0xfe, 0x80, 0, 0],
    );
    let big = root.join("junk/big.pem");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(2 << 20)
        .unwrap();
    write(&root.join("skipme/x.pem"), &nokey.pem);
    write(&root.join("README.txt"), "not a certificate");
    keys
}

#[test]
fn scan_pairs_by_public_key_and_reports_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let keys = tree(root);
    let r = root.to_str().unwrap();
    let o = run(&[
        "scan",
        r,
        "--at",
        SCAN_AT,
        "--format",
        "json",
        "--exclude",
        "**/skipme/**",
    ]);
    let out = all_output(&o);
    for k in &keys {
        assert_no_window(&pem_body(k), &out, "scan json");
    }
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect(&out);
    assert_eq!(doc["schema"], "cert-preflight/scan/v1");
    let bundles = doc["bundles"].as_array().unwrap();
    let names: Vec<String> = bundles
        .iter()
        .map(|b| b["leaf"]["common_name"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(bundles.len(), 3, "{names:?}");
    for cn in ["shop.example.com", "api.example.com", "loose.example.com"] {
        assert!(names.iter().any(|n| n == cn), "{cn} in {names:?}");
    }
    for b in bundles {
        assert_eq!(b["verdict"], "accepted", "{b}");
        // The chain was assembled from the intermediate found elsewhere.
        assert_eq!(b["chain"].as_array().unwrap().len(), 1, "{b}");
    }
    let api = bundles
        .iter()
        .find(|b| b["leaf"]["common_name"] == "api.example.com")
        .unwrap();
    assert!(api["key"]["path"]
        .as_str()
        .unwrap()
        .ends_with("k8s/api-tls/tls.key"));
    let soon = api["findings"].as_array().unwrap();
    assert!(
        soon.iter()
            .any(|f| f["id"] == "time.expires-soon" && f["certificate"]["days_left"] == 9),
        "{api}"
    );
    let loose = bundles
        .iter()
        .find(|b| b["leaf"]["common_name"] == "loose.example.com")
        .unwrap();
    assert!(loose["key"]["path"]
        .as_str()
        .unwrap()
        .ends_with("loose/b.bin"));

    let orphan_keys = doc["orphans"]["keys"].as_array().unwrap();
    assert_eq!(orphan_keys.len(), 1, "{doc}");
    assert!(orphan_keys[0]["path"]
        .as_str()
        .unwrap()
        .ends_with("orphans/lonely.key"));
    let orphan_certs = doc["orphans"]["certificates"].as_array().unwrap();
    assert_eq!(orphan_certs.len(), 1, "{doc}");
    assert_eq!(orphan_certs[0]["common_name"], "nokey.example.com");

    let skipped = doc["skipped"].to_string();
    assert!(skipped.contains("symbolic link loop"), "{skipped}");
    assert!(
        skipped.contains("random.bin") && skipped.contains("binary"),
        "{skipped}"
    );
    assert!(
        skipped.contains("big.pem") && skipped.contains("larger than"),
        "{skipped}"
    );
    assert!(!doc.to_string().contains("skipme"), "excluded");

    let expiry = doc["expiry"].as_array().unwrap();
    let days: Vec<i64> = expiry
        .iter()
        .map(|e| e["days_left"].as_i64().unwrap())
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "{days:?}");
    assert_eq!(days.first(), Some(&9));
    // Accepted with a warning: exit 0 by default, 1 with --strict.
    assert_eq!(o.status.code(), Some(0), "{out}");
    let strict = run(&["scan", r, "--at", SCAN_AT, "--strict", "--quiet"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(strict.stdout.is_empty() && strict.stderr.is_empty());
    let notice = run(&[
        "scan",
        &format!("{r}/orphans"),
        "--at",
        SCAN_AT,
        "--fail-on",
        "notice",
        "-q",
    ]);
    assert_eq!(notice.status.code(), Some(1), "orphans are notices");

    // Every format: no key material; text is terminal-safe.
    for format in ["text", "report", "sarif", "junit", "github"] {
        let o = run(&["scan", r, "--at", SCAN_AT, "--format", format]);
        let out = all_output(&o);
        for k in &keys {
            assert_no_window(&pem_body(k), &out, format);
        }
        assert!(!out.contains("PRIVATE KEY"), "{format}");
        if format == "text" {
            assert_terminal_safe(&out, "scan text");
            assert!(out.contains("Orphans:") && out.contains("Expiry"), "{out}");
        }
    }
}

#[test]
fn scan_reads_paths_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let keys = tree(dir.path());
    let list = format!(
        "{}\n{}\n",
        dir.path().join("k8s").display(),
        dir.path().join("letsencrypt/live").display()
    );
    let o = run_stdin(
        &["scan", "-", "--at", SCAN_AT, "--format", "json"],
        list.as_bytes(),
    );
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["bundles"].as_array().unwrap().len(), 2, "{doc}");
    for k in &keys {
        assert_no_window(&pem_body(k), &all_output(&o), "stdin list");
    }
}

#[test]
fn an_unreadable_directory_is_reported_not_fatal() {
    // Root reads every directory whatever its mode: nothing to test there.
    if unsafe { libc_geteuid() } == 0 {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    tree(dir.path());
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let o = run(&[
        "scan",
        dir.path().to_str().unwrap(),
        "--at",
        SCAN_AT,
        "--format",
        "json",
    ]);
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o755)).unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(doc["skipped"].to_string().contains("locked"), "{doc}");
}

extern "C" {
    #[link_name = "geteuid"]
    fn libc_geteuid() -> u32;
}
