//! The slowest and largest inputs we can build within the request's limits (`cert_content` and
//! `trusted_root_ca` <= 65,536 characters, `private_key` <= 8,192, a chain of <= 11 certificates):
//! each must give a verdict (no panic, no hang, no unbounded allocation).
//!
//! No timing asserts here (machines are noisy). The ignored test `measure_worst_cases` prints time
//! and peak heap per case; docs/limits.md records its figures:
//!
//! ```sh
//! cargo test --release --test it robustness::measure -- --ignored --nocapture
//! ```

use crate::support::der::{children, seq, set, tlv, uint};
use crate::support::pem::{armor, first_der as pem_der};
use cert_preflight::{
    inspect, preflight, Accepted, Certificate, CertificateForm, Options, Rejection, UnixTime,
    MAX_CERT_CONTENT_CHARS, MAX_CHAIN_CERTIFICATES, MAX_PRIVATE_KEY_CHARS,
    MAX_TRUSTED_CERTIFICATES,
};
use std::time::{Duration, Instant};

const BUNDLE: &str = include_str!("../../examples/bundle.pem");
const KEY: &str = include_str!("../../examples/key.pem");
const ROOT: &str = include_str!("../../examples/root-ca.pem");
const RSA_CHAIN: &str = include_str!("../data/robustness/rsa8192-chain.pem");
const RSA_ROOT: &str = include_str!("../data/robustness/rsa8192-root.pem");
const RSA_KEY: &str = include_str!("../data/robustness/rsa8192.key.pem");
const P521_CHAIN: &str = include_str!("../data/robustness/p521-chain.pem");
const P521_ROOT: &str = include_str!("../data/robustness/p521-root.pem");
const P521_KEY: &str = include_str!("../data/robustness/p521.key.pem");

/// Counts heap bytes in use and their peak, for `measure_worst_cases`. The allocator is the
/// whole `it` binary's (one global allocator per binary): the figures hold when the measurement
/// runs alone, as its command (a filter) runs it.
mod heap {
    use std::alloc::{GlobalAlloc, Layout, System};
    use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

    static CURRENT: AtomicUsize = AtomicUsize::new(0);
    static PEAK: AtomicUsize = AtomicUsize::new(0);

    /// The system allocator, counting.
    pub struct Counting;

    fn grew(by: usize) {
        let now = CURRENT.fetch_add(by, Relaxed) + by;
        PEAK.fetch_max(now, Relaxed);
    }

    // `unsafe` is unavoidable here: a global allocator is an `unsafe` trait. It only forwards to
    // `System` and counts; the library itself forbids unsafe code.
    #[allow(unsafe_code)]
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            let p = unsafe { System.alloc(layout) };
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            let p = unsafe { System.alloc_zeroed(layout) };
            if !p.is_null() {
                grew(layout.size());
            }
            p
        }
        unsafe fn dealloc(&self, p: *mut u8, layout: Layout) {
            unsafe { System.dealloc(p, layout) };
            CURRENT.fetch_sub(layout.size(), Relaxed);
        }
        unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            let q = unsafe { System.realloc(p, layout, new_size) };
            if !q.is_null() {
                CURRENT.fetch_sub(layout.size(), Relaxed);
                grew(new_size);
            }
            q
        }
    }

    /// Runs `f` and returns its result and the peak heap it used beyond what was in use before.
    pub fn peak_of<T>(f: impl FnOnce() -> T) -> (T, usize) {
        let start = CURRENT.load(Relaxed);
        PEAK.store(start, Relaxed);
        let out = f();
        (out, PEAK.load(Relaxed).saturating_sub(start))
    }
}

#[global_allocator]
static ALLOCATOR: heap::Counting = heap::Counting;

// ---- Certificates no CA would sign, on the tests' DER writer (`support::der`). ----

fn bit_string(bytes: &[u8]) -> Vec<u8> {
    tlv(0x03, &[&[0u8][..], bytes].concat())
}

fn oid(content: &[u8]) -> Vec<u8> {
    tlv(0x06, content)
}

const SHA256_WITH_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b];
const RSA_ENCRYPTION: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
const ECDSA_WITH_SHA256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
const COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03];
const ORGANIZATION: &[u8] = &[0x55, 0x04, 0x0a];
const SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11];
const BASIC_CONSTRAINTS: &[u8] = &[0x55, 0x1d, 0x13];

fn rsa_sha256() -> Vec<u8> {
    seq(&[oid(SHA256_WITH_RSA), tlv(0x05, &[])])
}

fn ecdsa_sha256() -> Vec<u8> {
    seq(&[oid(ECDSA_WITH_SHA256)])
}

/// A Name of attributes (OID, UTF8String value), one per RDN.
fn name(attrs: &[(&[u8], &str)]) -> Vec<u8> {
    let rdns: Vec<Vec<u8>> = attrs
        .iter()
        .map(|(o, v)| set(&[seq(&[oid(o), tlv(0x0c, v.as_bytes())])]))
        .collect();
    seq(&rdns)
}

fn rsa_spki(n: &[u8], e: &[u8]) -> Vec<u8> {
    seq(&[
        seq(&[oid(RSA_ENCRYPTION), tlv(0x05, &[])]),
        bit_string(&seq(&[uint(n), uint(e)])),
    ])
}

fn extension(id: &[u8], critical: bool, value: &[u8]) -> Vec<u8> {
    let mut parts = vec![oid(id)];
    if critical {
        parts.push(tlv(0x01, &[0xff]));
    }
    parts.push(tlv(0x04, value));
    seq(&parts)
}

fn ca_extensions() -> Vec<Vec<u8>> {
    vec![extension(
        BASIC_CONSTRAINTS,
        true,
        &seq(&[tlv(0x01, &[0xff])]),
    )]
}

fn san(dns_names: impl Iterator<Item = Vec<u8>>) -> Vec<u8> {
    let names: Vec<Vec<u8>> = dns_names.map(|n| tlv(0x82, &n)).collect();
    extension(SUBJECT_ALT_NAME, false, &seq(&names))
}

/// The parts of a certificate to build.
struct Parts {
    sig_alg: Vec<u8>,
    issuer: Vec<u8>,
    subject: Vec<u8>,
    spki: Vec<u8>,
    extensions: Vec<Vec<u8>>,
    signature: Vec<u8>,
}

impl Parts {
    /// A leaf for the example key (so the key matches), issued by `issuer`.
    fn leaf(issuer: Vec<u8>) -> Self {
        Parts {
            sig_alg: rsa_sha256(),
            issuer,
            subject: name(&[(COMMON_NAME, "shop.example.com")]),
            spki: example_leaf_spki(),
            extensions: vec![san([b"shop.example.com".to_vec()].into_iter())],
            signature: vec![0x5a; 256],
        }
    }

    fn der(&self) -> Vec<u8> {
        let validity = seq(&[tlv(0x17, b"250101000000Z"), tlv(0x17, b"370101000000Z")]);
        let mut tbs = vec![
            tlv(0xa0, &uint(&[2])),
            uint(&[0x10, 0x01]),
            self.sig_alg.clone(),
            self.issuer.clone(),
            validity,
            self.subject.clone(),
            self.spki.clone(),
        ];
        if !self.extensions.is_empty() {
            tbs.push(tlv(0xa3, &seq(&self.extensions)));
        }
        seq(&[seq(&tbs), self.sig_alg.clone(), bit_string(&self.signature)])
    }
}

/// The example leaf's SubjectPublicKeyInfo (its key is examples/key.pem).
fn example_leaf_spki() -> Vec<u8> {
    let der = pem_der(BUNDLE);
    let tbs = children(&der)[0];
    children(tbs)[6].to_vec()
}

/// How many BEGIN lines a text has.
fn blocks(text: &str) -> usize {
    text.matches("-----BEGIN").count()
}

/// Repeats `unit` as often as fits in `max` characters after `head`.
fn fill(head: &str, unit: &str, max: usize) -> String {
    let mut s = head.to_owned();
    while s.chars().count() + unit.chars().count() <= max {
        s.push_str(unit);
    }
    s
}

/// A self-signed leaf for the example key (rcgen) with `n` SAN entries, valid 2025 to 2037.
fn self_signed_with_sans(n: usize) -> String {
    let key = rcgen::KeyPair::from_pem(KEY).expect("the example key");
    let mut params =
        rcgen::CertificateParams::new(vec!["a".to_owned(); n]).expect("valid DNS names");
    params.not_before = rcgen::date_time_ymd(2025, 1, 1);
    params.not_after = rcgen::date_time_ymd(2037, 1, 1);
    params
        .distinguished_name
        .push(rcgen::DnType::CommonName, "a");
    params.self_signed(&key).expect("signs").pem()
}

/// `depth` SEQUENCEs nested in one another, around `inner`.
fn nested(depth: usize, inner: &[u8]) -> Vec<u8> {
    (0..depth).fold(inner.to_vec(), |acc, _| tlv(0x30, &acc))
}

/// How many nesting levels fit in `bytes` bytes of DER.
fn depth_for(bytes: usize) -> usize {
    let (mut depth, mut size) = (0, 0);
    while size < bytes {
        depth += 1;
        size += 2 + usize::from(size >= 0x80) + usize::from(size >= 0x100);
    }
    depth - 1
}

/// The largest `n` for which `build(n)` fits in `limit` characters, and that text (`build`
/// grows with `n`; the text kept is the one measured, as a signature's length may vary).
fn largest(limit: usize, build: impl Fn(usize) -> String) -> (usize, String) {
    let fits = |n: usize| Some(build(n)).filter(|t| t.chars().count() <= limit);
    let (mut lo, mut hi) = (0, 1);
    let mut best = fits(0).expect("the smallest input fits");
    while let Some(text) = fits(hi) {
        (lo, best) = (hi, text);
        hi *= 2;
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        match fits(mid) {
            Some(text) => (lo, best) = (mid, text),
            None => hi = mid,
        }
    }
    (lo, best)
}

// ---- The worst cases. ----

/// One worst case: what it tries, the verdict it must get (`accepted` or the gateway's error
/// code), and the request.
struct Case {
    name: String,
    expect: &'static str,
    form: CertificateForm,
}

fn form(cert_content: String, private_key: &str, trusted_root_ca: String) -> CertificateForm {
    let (cert_type, instance_id) = if trusted_root_ca.is_empty() {
        ("", "")
    } else {
        ("instance", "0123456789abcdef0123456789abcdef")
    };
    CertificateForm {
        name: "robustness".into(),
        cert_content,
        private_key: private_key.into(),
        cert_type: cert_type.into(),
        instance_id: instance_id.into(),
        trusted_root_ca,
    }
}

fn leaf_pem() -> &'static str {
    let end = BUNDLE.find("-----END CERTIFICATE-----\n").expect("a block") + 26;
    &BUNDLE[..end]
}

fn cases() -> Vec<Case> {
    let max = MAX_CERT_CONTENT_CHARS;
    let mut cases = Vec::new();
    let mut add = |expect: &'static str, name: &str, form: CertificateForm| {
        assert!(
            form.cert_content.chars().count() <= max,
            "{name}: cert_content too long"
        );
        assert!(
            form.trusted_root_ca.chars().count() <= max,
            "{name}: trusted_root_ca too long"
        );
        assert!(
            form.private_key.chars().count() <= MAX_PRIVATE_KEY_CHARS,
            "{name}: key too long"
        );
        cases.push(Case {
            name: name.into(),
            expect,
            form,
        });
    };
    let ok = || form(BUNDLE.into(), KEY, ROOT.into());
    add("accepted", "the example request (baseline)", ok());

    // PEM intake.
    // The shortest block Go decodes: an empty type, no contents (32 characters).
    let tiny = "-----BEGIN -----\n-----END -----\n";
    let text = fill(leaf_pem(), tiny, max);
    add(
        "accepted",
        &format!("leaf + {} tiny non-certificate blocks", blocks(&text) - 1),
        form(text, KEY, String::new()),
    );
    let empty_cert = "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n";
    let text = fill("", empty_cert, max);
    add(
        "APIG.2106",
        &format!("{} empty CERTIFICATE blocks", blocks(&text)),
        form(text, KEY, String::new()),
    );
    let text = fill(leaf_pem(), "-----BEGIN -----\n", max);
    add(
        "accepted",
        &format!("leaf + {} BEGIN lines without END", blocks(&text) - 1),
        form(text, KEY, String::new()),
    );
    let text = fill("-----BEGIN CERTIFICATE-----\n", "a:b\n", max - 40);
    add(
        "APIG.2106",
        &format!("{} headers in one block", text.matches(':').count()),
        form(
            text + "\nAAAA\n-----END CERTIFICATE-----\n",
            KEY,
            String::new(),
        ),
    );
    add(
        "APIG.2106",
        "65,536 four-byte characters",
        form("\u{1d538}".repeat(max), KEY, String::new()),
    );
    add(
        "APIG.2106",
        "one 65,000-character base64 line",
        form(
            format!(
                "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
                "A".repeat(max - 60)
            ),
            KEY,
            String::new(),
        ),
    );
    let text = fill(
        "",
        "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n",
        MAX_PRIVATE_KEY_CHARS,
    );
    add(
        "APIG.2106",
        &format!("private_key: {} empty key blocks", blocks(&text)),
        form(BUNDLE.into(), &text, String::new()),
    );
    let text = fill("", "-----BEGIN PRIVATE KEY-----\n", MAX_PRIVATE_KEY_CHARS);
    add(
        "APIG.2106",
        &format!("private_key: {} BEGIN lines without END", blocks(&text)),
        form(BUNDLE.into(), &text, String::new()),
    );
    let text = fill(KEY, tiny, MAX_PRIVATE_KEY_CHARS);
    add(
        "accepted",
        &format!("private_key: the key + {} tiny blocks", blocks(&text) - 1),
        form(BUNDLE.into(), &text, String::new()),
    );
    let text = fill("", tiny, max);
    add(
        "APIG.2106",
        &format!("trusted_root_ca: {} tiny blocks", blocks(&text)),
        form(BUNDLE.into(), KEY, text),
    );
    let text = fill(ROOT, tiny, max);
    add(
        "accepted",
        &format!(
            "trusted_root_ca: the root + {} tiny blocks",
            blocks(&text) - 1
        ),
        form(BUNDLE.into(), KEY, text),
    );

    // Certificates no CA would sign: huge keys, deep nesting, huge lists.
    let big_issuer = name(&[(COMMON_NAME, "Huge Key CA")]);
    let huge_key_chain = |n_bytes: usize, e: &[u8], sig_bytes: usize| {
        let ca = Parts {
            sig_alg: rsa_sha256(),
            issuer: big_issuer.clone(),
            subject: big_issuer.clone(),
            spki: rsa_spki(&vec![0xc3; n_bytes], e),
            extensions: ca_extensions(),
            signature: vec![0x5a; 256],
        };
        let leaf = Parts {
            signature: vec![0x3c; sig_bytes],
            ..Parts::leaf(big_issuer.clone())
        };
        armor("CERTIFICATE", &leaf.der()) + &armor("CERTIFICATE", &ca.der())
    };
    add(
        "APIG.2104",
        "issuer with a 16,384-bit RSA modulus, e = 65537",
        form(huge_key_chain(2048, &[1, 0, 1], 2048), KEY, String::new()),
    );
    add(
        "APIG.2104",
        "issuer with a 16,384-bit RSA modulus, e = 2^31-1",
        form(
            huge_key_chain(2048, &[0x7f, 0xff, 0xff, 0xff], 2048),
            KEY,
            String::new(),
        ),
    );
    add(
        "APIG.2104",
        "issuer with a 16,385-bit RSA modulus",
        form(huge_key_chain(2049, &[1, 0, 1], 2049), KEY, String::new()),
    );
    let (half, text) = largest(max, |n| huge_key_chain(n, &[1, 0, 1], n));
    add(
        "APIG.2104",
        &format!(
            "issuer with a {}-bit RSA modulus (all the field holds)",
            half * 8
        ),
        form(text, KEY, String::new()),
    );
    let e63 = [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    let (half, text) = largest(max, |n| huge_key_chain(n, &e63, n));
    add(
        "APIG.2104",
        &format!("issuer with a {}-bit RSA modulus, e = 2^63-1", half * 8),
        form(text, KEY, String::new()),
    );
    let (e_len, text) = largest(max, |n| huge_key_chain(256, &vec![0xff; n], 256));
    add(
        "APIG.2106",
        &format!("issuer with a {e_len}-byte RSA exponent"),
        form(text, KEY, String::new()),
    );

    let leaf_with = |extensions: Vec<Vec<u8>>, subject: Vec<u8>| {
        let leaf = Parts {
            extensions,
            subject,
            sig_alg: ecdsa_sha256(),
            signature: seq(&[uint(&[0x11; 32]), uint(&[0x22; 32])]),
            ..Parts::leaf(name(&[(COMMON_NAME, "Example Issuing CA 1")]))
        };
        let intermediate = &BUNDLE[leaf_pem().len()..];
        armor("CERTIFICATE", &leaf.der()) + intermediate
    };
    let cn = || name(&[(COMMON_NAME, "shop.example.com")]);
    let (deep, text) = largest(max, |n| {
        leaf_with(vec![extension(&[0x2a, 0x03], false, &nested(n, &[]))], cn())
    });
    add(
        "APIG.2104",
        &format!("{deep}-deep nested SEQUENCEs in an extension"),
        form(text, KEY, String::new()),
    );
    let (deep, text) = largest(max, |n| {
        leaf_with(
            vec![extension(SUBJECT_ALT_NAME, false, &nested(n, &[]))],
            cn(),
        )
    });
    add(
        "APIG.2104",
        &format!("{deep}-deep nested SEQUENCEs in the SAN"),
        form(text, KEY, String::new()),
    );
    let (deep, text) = largest(max, |n| {
        leaf_with(
            vec![],
            seq(&[set(&[seq(&[oid(COMMON_NAME), nested(n, &[])])])]),
        )
    });
    add(
        "APIG.2106",
        &format!("{deep}-deep nested SEQUENCEs as a subject attribute"),
        form(text, KEY, String::new()),
    );
    let (sans, text) = largest(max, |n| {
        leaf_with(vec![san((0..n).map(|_| b"a".to_vec()))], cn())
    });
    add(
        "APIG.2104",
        &format!("{sans} SAN entries"),
        form(text, KEY, String::new()),
    );
    let (sans, text) = largest(max, |n| {
        leaf_with(
            vec![san((0..n).map(|i| format!("{i}.example").into_bytes()))],
            cn(),
        )
    });
    add(
        "APIG.2104",
        &format!("{sans} distinct SAN entries"),
        form(text, KEY, String::new()),
    );
    // Accepted: a self-signed leaf for the example key with as many SAN entries as fit.
    let (sans, text) = largest(max, self_signed_with_sans);
    add(
        "accepted",
        &format!("{sans} SAN entries in an accepted (self-signed) leaf"),
        form(text, KEY, String::new()),
    );
    let (orgs, text) = largest(max, |n| {
        leaf_with(vec![], name(&vec![(ORGANIZATION, "o"); n]))
    });
    add(
        "APIG.2104",
        &format!("{orgs} subject O attributes"),
        form(text, KEY, String::new()),
    );
    let (exts, text) = largest(max, |n| {
        leaf_with(
            (0..n)
                .map(|i| extension(&[0x2a, 0x03, (i % 128) as u8], false, &[]))
                .collect(),
            cn(),
        )
    });
    add(
        "APIG.2106",
        &format!("{exts} unknown extensions"),
        form(text, KEY, String::new()),
    );

    // Many certificates: the smallest certificate we can build, as often as fits.
    let small = Parts {
        sig_alg: ecdsa_sha256(),
        issuer: seq::<Vec<u8>>(&[]),
        subject: seq::<Vec<u8>>(&[]),
        spki: example_leaf_spki(),
        extensions: vec![],
        signature: vec![],
    };
    let small_pem = armor("CERTIFICATE", &small.der());
    add(
        "APIG.2006",
        &format!("{} minimal certificates", max / small_pem.len()),
        form(fill("", &small_pem, max), KEY, String::new()),
    );

    // Chains with real signatures: RSA-8192 and P-521, 11 certificates each.
    add(
        "accepted",
        "11 RSA-8192 certificates (chain to root) + RSA-8192 key",
        form(RSA_CHAIN.into(), RSA_KEY, RSA_ROOT.into()),
    );
    add(
        "APIG.2104",
        "11 P-521 certificates (chain to root) + P-521 key",
        form(P521_CHAIN.into(), P521_KEY, P521_ROOT.into()),
    );
    let (pem, key) = p384_chain(10);
    add(
        "APIG.2104",
        "11 P-384 certificates + P-384 key (beyond the work bound)",
        form(pem, &key, String::new()),
    );
    let (pem, key) = p384_chain(4);
    add(
        "accepted",
        "5 P-384 certificates + P-384 key (within the work bound)",
        form(pem, &key, String::new()),
    );
    let (pem, key) = long_serial_leaf(4096);
    add(
        "accepted",
        "a leaf with a 4,096-octet serial (the bound)",
        form(pem, &key, String::new()),
    );
    let (pem, key) = long_serial_leaf(4097);
    add(
        "APIG.2106",
        "a leaf with a 4,097-octet serial",
        form(pem, &key, String::new()),
    );
    let reversed = |chain: &str| {
        let blocks: Vec<&str> = chain
            .split_inclusive("-----END CERTIFICATE-----\n")
            .collect();
        blocks.into_iter().rev().collect::<String>()
    };
    add(
        "APIG.2104",
        "11 RSA-8192 certificates in reverse order",
        form(reversed(RSA_CHAIN), RSA_KEY, RSA_ROOT.into()),
    );
    add(
        "APIG.2104",
        "11 P-521 certificates in reverse order",
        form(reversed(P521_CHAIN), P521_KEY, P521_ROOT.into()),
    );
    // Roots with the right name but another key (they parse), before the right root.
    let decoys = |root: &str, rekey: &dyn Fn(&mut [u8], u64)| {
        let der = pem_der(root);
        let spki = children(children(&der)[0])[6].to_vec();
        let at = der
            .windows(spki.len())
            .position(|w| w == spki)
            .expect("the SPKI is in the certificate");
        let mut out = String::new();
        for k in 2..(2 + MAX_TRUSTED_CERTIFICATES as u64 - 1) {
            let mut d = der.clone();
            rekey(&mut d[at..at + spki.len()], k);
            let pem = armor("CERTIFICATE", &d);
            if out.len() + pem.len() + root.len() > max {
                break;
            }
            out.push_str(&pem);
        }
        out + root
    };
    // RSA: another modulus (one byte changed in its middle).
    let text = decoys(RSA_ROOT, &|spki, k| spki[spki.len() / 2] ^= k as u8);
    add(
        "APIG.2104",
        &format!(
            "RSA-8192 chain + {} same-name decoy roots",
            blocks(&text) - 1
        ),
        form(RSA_CHAIN.into(), RSA_KEY, text),
    );
    // P-521: another point on the curve, k·G.
    let text = decoys(P521_ROOT, &|spki, k| {
        use p521::elliptic_curve::sec1::ToEncodedPoint as _;
        let point = (p521::ProjectivePoint::GENERATOR * p521::Scalar::from(k)).to_affine();
        let encoded = point.to_encoded_point(false);
        let n = spki.len();
        spki[n - 133..].copy_from_slice(encoded.as_bytes());
    });
    add(
        "APIG.2104",
        &format!("P-521 chain + {} same-name decoy roots", blocks(&text) - 1),
        form(P521_CHAIN.into(), P521_KEY, text),
    );
    // The largest RSA keys this library verifies (16,384 bits) on every link: garbage
    // signatures (verifying them costs as much as verifying good ones).
    let big_ca = |i: usize| name(&[(COMMON_NAME, &format!("Big RSA CA {i}"))]);
    let mut chain = armor("CERTIFICATE", &Parts::leaf(big_ca(1)).der());
    for i in 1..MAX_CHAIN_CERTIFICATES {
        let ca = Parts {
            sig_alg: rsa_sha256(),
            issuer: big_ca(i + 1),
            subject: big_ca(i),
            spki: rsa_spki(&[0xc3 ^ i as u8; 2048], &[1, 0, 1]),
            extensions: ca_extensions(),
            signature: vec![0x5a; 2048],
        };
        chain.push_str(&armor("CERTIFICATE", &ca.der()));
    }
    add(
        "APIG.2104",
        "leaf + 10 CAs with 16,384-bit RSA keys (bad signatures)",
        form(chain.clone(), KEY, String::new()),
    );
    // And as many roots with the last CA's issuer name and 16,384-bit keys as fit.
    let mut roots = String::new();
    for k in 0u8.. {
        let root = Parts {
            sig_alg: rsa_sha256(),
            issuer: big_ca(MAX_CHAIN_CERTIFICATES),
            subject: big_ca(MAX_CHAIN_CERTIFICATES),
            spki: rsa_spki(&[0xa5 ^ k; 2048], &[1, 0, 1]),
            extensions: ca_extensions(),
            signature: vec![0x5a; 2048],
        };
        let pem = armor("CERTIFICATE", &root.der());
        if roots.len() + pem.len() > max {
            break;
        }
        roots.push_str(&pem);
    }
    add(
        "APIG.2104",
        &format!(
            "the same + {} same-name 16,384-bit RSA roots in trusted_root_ca",
            blocks(&roots)
        ),
        form(chain, KEY, roots),
    );
    // Every certificate the field holds, all RSA-8192 (the chain rule refuses more than 11).
    let mut filled = String::new();
    for block in RSA_CHAIN
        .split_inclusive("-----END CERTIFICATE-----\n")
        .cycle()
    {
        if filled.len() + block.len() > max {
            break;
        }
        filled.push_str(block);
    }
    let n = filled.matches("-----BEGIN").count();
    add(
        "APIG.2006",
        &format!("cert_content filled with RSA-8192 certificates ({n})"),
        form(filled, RSA_KEY, String::new()),
    );

    // Keys: huge RSA integers, as large as the field holds.
    let kmax = MAX_PRIVATE_KEY_CHARS;
    let pkcs1 = |n: usize, e: &[u8], d: usize, prime: usize| {
        let ints = [
            vec![0u8],
            vec![0xe7; n],
            e.to_vec(),
            vec![0x99; d],
            vec![0xd5; prime],
            vec![0xb3; prime],
            vec![0x17; prime],
            vec![0x29; prime],
            vec![0x3b; prime],
        ];
        armor(
            "RSA PRIVATE KEY",
            &seq(&ints.iter().map(|i| uint(i)).collect::<Vec<_>>()),
        )
    };
    let (part, text) = largest(kmax, |n| pkcs1(2 * n, &[1, 0, 1], n, n / 2));
    add(
        "APIG.2106",
        &format!(
            "RSA PKCS#1 key with a {}-bit modulus (inconsistent)",
            2 * part * 8
        ),
        form(BUNDLE.into(), &text, String::new()),
    );
    let (part, text) = largest(kmax, |n| pkcs1(n, &vec![0xff; 2 * n], n / 2, n / 4));
    add(
        "APIG.2106",
        &format!("RSA PKCS#1 key with a {}-byte public exponent", 2 * part),
        form(BUNDLE.into(), &text, String::new()),
    );
    let multi_prime = |n: usize| {
        let mut parts = vec![
            uint(&[1]),
            uint(&[0xe7; 512]),
            uint(&[1, 0, 1]),
            uint(&[0x99; 512]),
        ];
        parts.extend((0..5).map(|_| uint(&[0x55; 256])));
        let other = seq(&[uint(&[0x55; 64]), uint(&[0x55; 64]), uint(&[0x55; 64])]);
        parts.push(seq(&vec![other; n]));
        armor("RSA PRIVATE KEY", &seq(&parts))
    };
    let (primes, text) = largest(kmax, multi_prime);
    add(
        "APIG.2106",
        &format!("RSA multi-prime key with {} primes", primes + 2),
        form(BUNDLE.into(), &text, String::new()),
    );
    let (key_deep, text) = largest(kmax, |n| armor("PRIVATE KEY", &nested(n, &[])));
    add(
        "APIG.2106",
        &format!("private_key: {key_deep}-deep nested SEQUENCEs"),
        form(BUNDLE.into(), &text, String::new()),
    );
    cases
}

/// Checks that a verdict is well formed, and returns its summary.
fn verdict_summary(verdict: &Result<Accepted, Rejection>) -> String {
    match verdict {
        Ok(a) => {
            let json = serde_json::to_string(&a.detail).expect("serializes");
            assert!(
                json.len() < 4 * MAX_CERT_CONTENT_CHARS,
                "detail of {} bytes",
                json.len()
            );
            format!("accepted, {} warnings", a.warnings.len())
        }
        Err(r) => {
            assert_eq!(r.diagnostics().first().map(|d| d.code), Some(r.code()));
            crate::support::assert_rejection_renders(r);
            format!(
                "{} ({} diagnostics, {} warnings)",
                r.error_code(),
                r.diagnostics().len(),
                r.warnings().len()
            )
        }
    }
}

fn options() -> Options {
    // These cases check that the chain leads to `trusted_root_ca`: the stricter policy.
    Options::new(UnixTime::parse_rfc3339("2030-01-01T00:00:00Z").expect("a valid time"))
        .trusted_root_ca_policy(cert_preflight::TrustedRootCaPolicy::ServerChain)
}

#[test]
fn every_worst_case_gives_a_verdict() {
    for case in cases() {
        let verdict = preflight(&case.form, &options());
        let summary = verdict_summary(&verdict);
        println!("{}: {summary}", case.name);
        let got = verdict
            .as_ref()
            .map_or_else(|r| r.error_code(), |_| "accepted");
        assert_eq!(got, case.expect, "{}: {summary}", case.name);
        // The same text through `inspect`, as the CLI's `inspect` reads it: one field set per
        // certificate it reads, or a well-formed refusal.
        match inspect(case.form.cert_content.as_bytes()) {
            Ok(fields) => {
                let blocks = case
                    .form
                    .cert_content
                    .matches("-----BEGIN CERTIFICATE-----");
                assert!(
                    !fields.is_empty() && fields.len() <= blocks.count(),
                    "{}",
                    case.name
                );
            }
            Err(r) => {
                assert!(!r.diagnostics().is_empty(), "{}", case.name);
                crate::support::assert_rejection_renders(&r);
            }
        }
    }
}

/// DER straight into the parser (the `inspect` path for DER files): nesting as deep as a
/// 1 MiB file allows, and a certificate inside it.
#[test]
fn deeply_nested_der_gives_a_verdict() {
    let leaf = pem_der(BUNDLE);
    for depth in [1, 100, 10_000, depth_for(1 << 20)] {
        let deep = nested(depth, &[]);
        assert!(Certificate::parse(&deep).is_err());
        assert!(inspect(&deep).is_err());
        let wrapped = nested(depth, &leaf);
        assert!(Certificate::parse(&wrapped).is_err());
        assert!(inspect(&wrapped).is_err());
    }
}

/// JSON bodies as large as `from_json` takes (1 MiB), built to allocate the most. Those that
/// parse lack the required fields and get each one's diagnostic, in the gateway's field order;
/// the last is refused by the JSON reader with Go's message and the position.
#[test]
fn largest_json_bodies_give_a_verdict() {
    use cert_preflight::Field::{CertContent, Name, PrivateKey};
    let missing = ("APIG.2001", "request.missing");
    let too_long = ("APIG.2006", "request.too-long");
    for (name, body) in json_bodies() {
        let form = match CertificateForm::from_json(&body) {
            Ok(form) => form,
            Err(d) => {
                assert_eq!(name, "1 MiB JSON: a syntax error at the end");
                assert_eq!(
                    (d.code.error_code(), d.id.as_str()),
                    ("APIG.2000", "request.not-json")
                );
                assert_eq!(
                    d.message,
                    "invalid character 'x' looking for beginning of value"
                );
                assert_eq!(
                    d.fix.as_deref(),
                    Some("Send the body as JSON: Go's decoder stops at byte 1048576 (line 1, column 1048576).")
                );
                continue;
            }
        };
        let verdict = preflight(&form, &options());
        println!("{name}: {}", verdict_summary(&verdict));
        let r = verdict.expect_err(name);
        let got: Vec<_> = r
            .diagnostics()
            .iter()
            .map(|d| (d.code.error_code(), d.id.as_str(), d.field))
            .collect();
        let cert_content = if name.contains("cert_content") {
            too_long
        } else {
            missing
        };
        let want = [
            (missing.0, missing.1, Some(Name)),
            (cert_content.0, cert_content.1, Some(CertContent)),
            (missing.0, missing.1, Some(PrivateKey)),
        ];
        assert_eq!(got, want, "{name}");
    }
}

fn json_bodies() -> Vec<(&'static str, Vec<u8>)> {
    let limit = 1 << 20;
    let array = {
        let mut b = b"{\"x\":[".to_vec();
        while b.len() + 4 < limit {
            b.extend_from_slice(b"0,");
        }
        b.extend_from_slice(b"0]}");
        b
    };
    let objects = {
        let mut b = b"{\"x\":[".to_vec();
        while b.len() + 6 < limit {
            b.extend_from_slice(b"{},");
        }
        b.extend_from_slice(b"{}]}");
        b
    };
    let keys = {
        let mut b = b"{".to_vec();
        let mut i = 0u32;
        while b.len() + 20 < limit {
            b.extend_from_slice(format!("\"{i:x}\":0,").as_bytes());
            i += 1;
        }
        b.extend_from_slice(b"\"z\":0}");
        b
    };
    let escapes = {
        let mut b = b"{\"cert_content\":\"".to_vec();
        while b.len() + 10 < limit {
            b.extend_from_slice(b"\\u00e9");
        }
        b.extend_from_slice(b"\"}");
        b
    };
    let bad_at_end = {
        let mut b = vec![b' '; limit - 1];
        b.push(b'x');
        b
    };
    vec![
        (
            "1 MiB JSON: an array of 500,000 numbers in an unknown field",
            array,
        ),
        (
            "1 MiB JSON: 350,000 empty objects in an unknown field",
            objects,
        ),
        ("1 MiB JSON: 100,000 unknown keys", keys),
        ("1 MiB JSON: cert_content of 175,000 \\u escapes", escapes),
        ("1 MiB JSON: a syntax error at the end", bad_at_end),
    ]
}

/// Prints time and peak heap for every worst case (run in release, alone).
#[test]
#[ignore = "measurement: cargo test --release --test it robustness::measure -- --ignored --nocapture"]
fn measure_worst_cases() {
    let measure = |f: &dyn Fn() -> String| {
        let (summary, peak) = heap::peak_of(f);
        // Median of runs adding up to about 200 ms (at least 3, at most 101).
        let mut times = Vec::new();
        let start = Instant::now();
        while times.len() < 3 || (start.elapsed() < Duration::from_millis(200) && times.len() < 101)
        {
            let t = Instant::now();
            std::hint::black_box(f());
            times.push(t.elapsed());
        }
        times.sort();
        (summary, peak, times[times.len() / 2])
    };
    println!("| case | verdict | time | peak heap |");
    println!("|---|---|---:|---:|");
    let row = |name: &str, (summary, peak, time): (String, usize, Duration)| {
        println!(
            "| {name} | {summary} | {:.3} ms | {:.1} KiB |",
            time.as_secs_f64() * 1e3,
            peak as f64 / 1024.0
        );
    };
    for case in cases() {
        let form = &case.form;
        row(
            &case.name,
            measure(&|| verdict_summary(&preflight(form, &options()))),
        );
    }
    for (name, body) in json_bodies() {
        row(
            name,
            measure(&|| match CertificateForm::from_json(&body) {
                Ok(form) => verdict_summary(&preflight(&form, &options())),
                Err(d) => d.code.error_code().to_owned(),
            }),
        );
    }
    let depth = depth_for(1 << 20);
    let deep = nested(depth, &pem_der(BUNDLE));
    row(
        &format!("inspect: {depth} nested SEQUENCEs (1 MiB) around a certificate (DER)"),
        measure(&|| {
            format!(
                "{:?}",
                inspect(&deep).map(|f| f.len()).map_err(|r| r.error_code())
            )
        }),
    );
}

/// Signature work is bounded (`signed_data::WORK_BUDGET`): a P-521 chain of four certificates
/// (three signatures) is checked and accepted; eleven P-521 certificates, about 2 ms a signature,
/// are refused as beyond the bound rather than taking 25 ms or passing unchecked.
#[test]
fn p521_signature_work_is_bounded() {
    let first = |n: usize| -> String {
        P521_CHAIN
            .split_inclusive("-----END CERTIFICATE-----\n")
            .take(n)
            .collect()
    };
    let short = preflight(&form(first(4), P521_KEY, String::new()), &options());
    assert!(short.is_ok(), "{}", verdict_summary(&short));

    let rejection = preflight(
        &form(P521_CHAIN.into(), P521_KEY, P521_ROOT.into()),
        &options(),
    )
    .expect_err("beyond the signature work bound");
    assert_eq!(rejection.error_code(), "APIG.2104");
    let ids: Vec<_> = rejection
        .diagnostics()
        .iter()
        .map(|d| (d.id.as_str(), d.field, d.block))
        .collect();
    // The one problem is the bound, at the first link not checked; the links checked before it
    // are reported as fine (no bad-signature diagnostic).
    assert_eq!(
        ids,
        [(
            "chain.signature-beyond-limits",
            Some(cert_preflight::Field::CertContent),
            Some(4)
        )],
        "{rejection:?}"
    );
    let beyond = &rejection.diagnostics()[0];
    assert!(beyond.message.contains("bound"), "{}", beyond.message);
    assert!(beyond.fix.as_deref().unwrap_or("").contains("P-384"));
}

/// Issue 16, finding 5: P-384 signatures cost what they really cost (~1.45 ms each), so an
/// accepted 11-certificate P-384 chain (15.9 ms) is now refused at the work bound; five
/// signatures still fit.
#[test]
fn p384_signature_work_is_bounded() {
    let chain_of = p384_chain;
    // Leaf and four intermediates: four links plus the root's signature = five signatures.
    let (pem, key) = chain_of(4);
    let ok = preflight(&form(pem, &key, String::new()), &options());
    assert!(ok.is_ok(), "{}", verdict_summary(&ok));
    // Leaf and ten intermediates (11 certificates): beyond the bound, refused, never passed.
    let (pem, key) = chain_of(10);
    let r = preflight(&form(pem, &key, String::new()), &options()).expect_err("beyond the bound");
    assert_eq!(r.error_code(), "APIG.2104");
    let ids: Vec<&str> = r.diagnostics().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["chain.signature-beyond-limits"], "{r:?}");
}

/// A P-384 leaf under `intermediates` P-384 CAs (the root left out): the PEM and the leaf's key.
fn p384_chain(intermediates: usize) -> (String, String) {
    use crate::support::pki::{ca_params, leaf_params, Alg, Made};
    let root = Made::self_signed(ca_params("P-384 Root"), Alg::P384.key());
    let mut issuers = vec![root];
    for i in 0..intermediates {
        let ca = Made::signed_by(
            ca_params(&format!("P-384 CA {i}")),
            Alg::P384.key(),
            issuers.last().unwrap(),
        );
        issuers.push(ca);
    }
    let leaf = Made::signed_by(leaf_params(), Alg::P384.key(), issuers.last().unwrap());
    let mut pem = leaf.pem();
    for ca in issuers.iter().skip(1).rev() {
        pem.push_str(&ca.pem());
    }
    (pem, leaf.key_pem())
}

/// A P-256 leaf whose serial number has `octets` octets (its root left out): PEM and key.
fn long_serial_leaf(octets: usize) -> (String, String) {
    use crate::support::pki::{ca_params, leaf_params, Alg, Made};
    let root = Made::self_signed(ca_params("Serial Root"), Alg::P256.key());
    let mut params = leaf_params();
    let mut serial = vec![0x7f; octets];
    serial[0] = 0x01;
    params.serial_number = Some(rcgen::SerialNumber::from_slice(&serial));
    let leaf = Made::signed_by(params, Alg::P256.key(), &root);
    (leaf.pem(), leaf.key_pem())
}
