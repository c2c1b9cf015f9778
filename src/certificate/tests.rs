//! Go 1.19's rules, one by one, on crafted DER, and Go's rendering on rcgen certificates.
//!
//! The expected messages were checked against Go 1.19.8's `x509.ParseCertificate`: run the tests
//! with `CERT_PREFLIGHT_DUMP=FILE` to write every crafted certificate and expected verdict
//! (`hex<TAB>OK|message`) to FILE for an external Go check.

use super::*;
use crate::algorithm::oid;

// ---- a small DER builder ----

fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let n = contents.len();
    let mut out = vec![tag];
    if n < 0x80 {
        out.push(n as u8);
    } else if n < 0x100 {
        out.extend([0x81, n as u8]);
    } else {
        out.extend([0x82, (n >> 8) as u8, n as u8]);
    }
    out.extend_from_slice(contents);
    out
}

fn seq(parts: &[&[u8]]) -> Vec<u8> {
    tlv(tag::SEQUENCE, &parts.concat())
}

fn oid_tlv(o: &[u8]) -> Vec<u8> {
    tlv(tag::OID, o)
}

/// A Name of one RDN per attribute: `(2.5.4.n, string tag, value)`.
fn name(attrs: &[(u8, u8, &[u8])]) -> Vec<u8> {
    let rdns: Vec<Vec<u8>> = attrs
        .iter()
        .map(|&(t, st, v)| {
            let atv = seq(&[&oid_tlv(&[0x55, 0x04, t]), &tlv(st, v)]);
            tlv(tag::SET, &atv)
        })
        .collect();
    tlv(tag::SEQUENCE, &rdns.concat())
}

fn utc(s: &str) -> Vec<u8> {
    tlv(tag::UTC_TIME, s.as_bytes())
}

fn gen_time(s: &str) -> Vec<u8> {
    tlv(tag::GENERALIZED_TIME, s.as_bytes())
}

fn ed25519_spki() -> Vec<u8> {
    let mut bits = vec![0u8];
    bits.extend([9u8; 32]);
    seq(&[
        &seq(&[&oid_tlv(oid::ED25519)]),
        &tlv(tag::BIT_STRING, &bits),
    ])
}

/// An extension, optionally with a critical flag.
fn ext(id: &[u8], critical: Option<bool>, value: &[u8]) -> Vec<u8> {
    let mut body = oid_tlv(id);
    if let Some(c) = critical {
        body.extend(tlv(tag::BOOLEAN, &[if c { 0xff } else { 0 }]));
    }
    body.extend(tlv(tag::OCTET_STRING, value));
    tlv(tag::SEQUENCE, &body)
}

fn id_ce(n: u8) -> Vec<u8> {
    vec![0x55, 0x1d, n]
}

/// The parts of a certificate, each a whole encoding; `Default` is a valid v3 certificate.
#[derive(Clone)]
struct Spec {
    version: Vec<u8>,
    serial: Vec<u8>,
    sig: Vec<u8>,
    issuer: Vec<u8>,
    validity: Vec<u8>,
    subject: Vec<u8>,
    spki: Vec<u8>,
    tail: Vec<u8>,
    outer_sig: Option<Vec<u8>>,
    signature: Vec<u8>,
    after_signature: Vec<u8>,
}

impl Default for Spec {
    fn default() -> Self {
        let sig = seq(&[&oid_tlv(oid::ED25519)]);
        Spec {
            version: tlv(0xa0, &tlv(tag::INTEGER, &[2])),
            serial: tlv(tag::INTEGER, &[0x01]),
            sig,
            issuer: name(&[(3, tag::UTF8_STRING, b"Issuer")]),
            validity: seq(&[&utc("200101000000Z"), &utc("300101000000Z")]),
            subject: name(&[(3, tag::UTF8_STRING, b"Subject")]),
            spki: ed25519_spki(),
            tail: Vec::new(),
            outer_sig: None,
            signature: tlv(tag::BIT_STRING, &[0, 1, 2, 3]),
            after_signature: Vec::new(),
        }
    }
}

impl Spec {
    fn exts(mut self, exts: &[Vec<u8>]) -> Self {
        self.tail = tlv(0xa3, &tlv(tag::SEQUENCE, &exts.concat()));
        self
    }

    fn der(&self) -> Vec<u8> {
        let tbs = [
            &self.version[..],
            &self.serial,
            &self.sig,
            &self.issuer,
            &self.validity,
            &self.subject,
            &self.spki,
            &self.tail,
        ]
        .concat();
        let outer_sig = self.outer_sig.as_ref().unwrap_or(&self.sig);
        seq(&[
            &tlv(tag::SEQUENCE, &tbs),
            outer_sig,
            &self.signature,
            &self.after_signature,
        ])
    }
}

fn dump(der: &[u8], verdict: &str) {
    if let Some(path) = std::env::var_os("CERT_PREFLIGHT_DUMP") {
        use std::io::Write;
        let hex: String = der.iter().map(|b| format!("{b:02x}")).collect();
        let mut f = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .expect("dump file");
        writeln!(f, "{hex}\t{verdict}").expect("dump");
    }
}

#[track_caller]
fn refused(der: &[u8], message: &str) {
    dump(der, message);
    match Certificate::parse(der) {
        Ok(_) => panic!("accepted; Go refuses with {message:?}"),
        Err(e) => assert_eq!(e.go_message, message),
    }
}

#[track_caller]
fn accepted(der: &[u8]) -> Certificate<'_> {
    dump(der, "OK");
    match Certificate::parse(der) {
        Ok(c) => c,
        Err(e) => panic!("refused: {}", e.go_message),
    }
}

#[track_caller]
fn refused_spec(spec: Spec, message: &str) {
    refused(&spec.der(), message);
}

// ---- structure, version, serial, signature algorithm ----

#[test]
fn outer_structure() {
    let der = Spec::default().der();
    let cert = accepted(&der);
    assert_eq!(cert.der(), &der[..]);
    assert_eq!(cert.version(), 3);
    refused(&der[1..], "x509: malformed certificate");
    refused(&der[..der.len() - 1], "x509: malformed certificate");
    let mut trailing = der.clone();
    trailing.push(0);
    refused(&trailing, "x509: trailing data");
    refused(
        &seq(&[&[0x02, 0x01, 0x00]]),
        "x509: malformed tbs certificate",
    );
    let no_signature = Spec {
        signature: Vec::new(),
        ..Spec::default()
    };
    refused_spec(no_signature, "x509: malformed signature");
    let bad_bits = Spec {
        signature: tlv(tag::BIT_STRING, &[1, 1]),
        ..Spec::default()
    };
    refused_spec(bad_bits, "x509: malformed signature");
    // Go never reads past the signature inside the outer SEQUENCE.
    let extra = Spec {
        after_signature: tlv(tag::NULL, &[]),
        ..Spec::default()
    };
    accepted(&extra.der());
}

#[test]
fn versions() {
    let with = |v: Vec<u8>| Spec {
        version: v,
        ..Spec::default()
    };
    assert_eq!(accepted(&with(Vec::new()).der()).version(), 1);
    let v2 = with(tlv(0xa0, &tlv(tag::INTEGER, &[1]))).der();
    assert_eq!(accepted(&v2).version(), 2);
    refused_spec(
        with(tlv(0xa0, &tlv(tag::INTEGER, &[3]))),
        "x509: invalid version",
    );
    refused_spec(
        with(tlv(0xa0, &tlv(tag::INTEGER, &[0xff]))),
        "x509: malformed version",
    );
    let trailing = [tlv(tag::INTEGER, &[2]), tlv(tag::NULL, &[])].concat();
    refused_spec(with(tlv(0xa0, &trailing)), "x509: malformed version");
    refused_spec(
        with(tlv(0xa0, &tlv(tag::INTEGER, &[0; 9]))),
        "x509: malformed version",
    );
    // Go adds one to an int: 2^63-1 wraps to a negative version, which Go accepts (and then
    // reads no extensions).
    let max = [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    let spec = Spec {
        version: tlv(0xa0, &tlv(tag::INTEGER, &max)),
        tail: vec![0xff],
        ..Spec::default()
    };
    let der = spec.der();
    let cert = accepted(&der);
    assert_eq!(cert.version(), i64::MIN);
    assert_eq!(cert.fields().version, i64::MIN);
}

#[test]
fn serials() {
    let with = |s: &[u8]| Spec {
        serial: tlv(tag::INTEGER, s),
        ..Spec::default()
    };
    let serial = |s: &[u8]| accepted(&with(s).der()).fields().serial_number;
    // Go 1.19 accepts negative serials.
    assert_eq!(serial(&[0xff]), "-1");
    assert_eq!(serial(&[0x80]), "-128");
    assert_eq!(serial(&[0x00]), "0");
    assert_eq!(serial(&[0x00, 0xff]), "255");
    let twenty = [0x7f; 20];
    assert_eq!(
        serial(&twenty),
        "727885129180488904360266563744972327436484050815"
    );
    let mut neg = [0u8; 20];
    neg[0] = 0x80;
    assert_eq!(
        serial(&neg),
        "-730750818665451459101842416358141509827966271488"
    );
    let mut sixteen = [0u8; 16];
    sixteen[0] = 0x80;
    assert_eq!(serial(&sixteen), i128::MIN.to_string());
    assert_eq!(
        serial(&[0x7f; 16]),
        i128::from_be_bytes([0x7f; 16]).to_string()
    );
    refused_spec(with(&[0x00, 0x01]), "x509: malformed serial number");
    refused_spec(with(&[]), "x509: malformed serial number");
}

#[test]
fn signature_algorithms() {
    let with = |inner: Vec<u8>, outer: Option<Vec<u8>>| Spec {
        sig: inner,
        outer_sig: outer,
        ..Spec::default()
    };
    let ai = |o: &[u8], params: &[u8]| seq(&[&oid_tlv(o), params]);
    let name = |s: Spec| accepted(&s.der()).fields().signature_algorithm;
    let null = [0x05, 0x00];
    assert_eq!(
        name(with(ai(oid::SHA256_WITH_RSA, &null), None)),
        "SHA256-RSA"
    );
    assert_eq!(
        name(with(ai(oid::ECDSA_WITH_SHA384, &[]), None)),
        "ECDSA-SHA384"
    );
    assert_eq!(name(with(ai(&[0x2a, 0x03], &[]), None)), "0");
    // Go compares OIDs arc by arc: a padded arc names the same algorithm.
    let padded = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x80, 0x0b];
    assert_eq!(name(with(ai(&padded, &null), None)), "SHA256-RSA");
    // Ed25519 with parameters is unknown to Go.
    assert_eq!(name(with(ai(oid::ED25519, &null), None)), "0");
    // What follows the parameters is ignored.
    let trailing = [null, null].concat();
    assert_eq!(
        name(with(ai(oid::SHA256_WITH_RSA, &trailing), None)),
        "SHA256-RSA"
    );

    let sha256 = ai(oid::SHA256_WITH_RSA, &null);
    let sha256_absent = ai(oid::SHA256_WITH_RSA, &[]);
    refused_spec(
        with(sha256.clone(), Some(sha256_absent)),
        "x509: inner and outer signature algorithm identifiers don't match",
    );
    refused_spec(
        with(sha256.clone(), Some(tlv(tag::SET, &[]))),
        "x509: malformed algorithm identifier",
    );
    refused_spec(
        with(tlv(tag::SET, &[]), Some(sha256)),
        "x509: malformed signature algorithm identifier",
    );
    refused_spec(with(seq(&[&null]), None), "x509: malformed OID");
    refused_spec(with(ai(&[0x2a, 0x83], &[]), None), "x509: malformed OID");
    refused_spec(
        with(ai(oid::SHA256_WITH_RSA, &[0x05, 0x05]), None),
        "x509: malformed parameters",
    );
}

// ---- names ----

fn subject(attrs: &[(u8, u8, &[u8])]) -> Spec {
    Spec {
        subject: name(attrs),
        ..Spec::default()
    }
}

fn subject_error(st: u8, v: &[u8], message: &str) {
    refused_spec(
        subject(&[(10, st, v)]),
        &format!("x509: invalid RDNSequence: invalid attribute value: {message}"),
    );
}

#[test]
fn name_attributes_and_order() {
    let spec = subject(&[
        (6, tag::PRINTABLE_STRING, b"DE"),
        (8, tag::UTF8_STRING, "Bayern".as_bytes()),
        (7, tag::UTF8_STRING, "München".as_bytes()),
        (10, tag::PRINTABLE_STRING, b"B & B*"),
        (10, tag::UTF8_STRING, b"Second"),
        (11, tag::IA5_STRING, b"ops"),
        (3, tag::UTF8_STRING, b"first.example"),
        (3, tag::PRINTABLE_STRING, b"last.example"),
        (5, tag::NUMERIC_STRING, b"12 34"),
    ]);
    let der = spec.der();
    let f = accepted(&der).fields();
    assert_eq!(f.common_name, "last.example");
    assert_eq!(f.organization, ["B & B*", "Second"]);
    assert_eq!(f.organizational_unit, ["ops"]);
    assert_eq!(f.locality, ["München"]);
    assert_eq!(f.state, ["Bayern"]);
    assert_eq!(f.country, ["DE"]);
    assert_eq!(f.issuer, Vec::<String>::new());

    let issuer = Spec {
        issuer: name(&[(10, tag::UTF8_STRING, b"CA Org")]),
        ..Spec::default()
    };
    assert_eq!(accepted(&issuer.der()).fields().issuer, ["CA Org"]);
}

#[test]
fn string_types_like_go_1_19() {
    subject_error(tag::PRINTABLE_STRING, b"a_b", "invalid PrintableString");
    subject_error(tag::UTF8_STRING, b"\xc3", "invalid UTF-8 string");
    subject_error(tag::IA5_STRING, "é".as_bytes(), "invalid IA5String");
    subject_error(tag::NUMERIC_STRING, b"12a", "invalid NumericString");
    subject_error(tag::BMP_STRING, b"\x00A\x00", "invalid BMPString");
    subject_error(
        tag::UNIVERSAL_STRING,
        b"\0\0\0A",
        "unsupported string type: 28",
    );
    subject_error(tag::BIT_STRING, b"\x00", "unsupported string type: 3");
    // Every attribute's value must be a string Go knows, even one Go does not keep.
    refused_spec(
        subject(&[(42, tag::INTEGER, b"\x01")]),
        "x509: invalid RDNSequence: invalid attribute value: unsupported string type: 2",
    );

    let org = |st: u8, v: &[u8]| {
        let der = subject(&[(10, st, v)]).der();
        accepted(&der).fields().organization.remove(0)
    };
    // BMPString: UCS-2, a terminating NUL pair dropped, lone surrogates replaced.
    assert_eq!(org(tag::BMP_STRING, b"\x00A\x00\xe9\x00\x00"), "Aé");
    assert_eq!(org(tag::BMP_STRING, b"\xd8\x00\x00B"), "\u{fffd}B");
    assert_eq!(org(tag::BMP_STRING, b"\xd8\x3d\xde\x00"), "😀");
    // T61String: Go 1.19 keeps the bytes; its JSON writes U+FFFD for each invalid byte.
    assert_eq!(org(tag::T61_STRING, b"M\xfcnchen"), "M\u{fffd}nchen");
    assert_eq!(org(tag::T61_STRING, b"\xe2\x82A"), "\u{fffd}\u{fffd}A");
    assert_eq!(org(tag::T61_STRING, "ok é".as_bytes()), "ok é");
}

#[test]
fn name_structure() {
    let with_subject = |subject: Vec<u8>| Spec {
        subject,
        ..Spec::default()
    };
    // An empty RDN set, and attributes after the value, are tolerated.
    let atv = seq(&[
        &oid_tlv(&[0x55, 0x04, 3]),
        &tlv(tag::UTF8_STRING, b"cn"),
        &[5, 0],
    ]);
    let s = seq(&[&tlv(tag::SET, &[]), &tlv(tag::SET, &atv)]);
    assert_eq!(accepted(&with_subject(s).der()).fields().common_name, "cn");
    refused_spec(with_subject(seq(&[&seq(&[])])), "x509: invalid RDNSequence");
    refused_spec(
        with_subject(seq(&[&tlv(tag::SET, &[5, 0])])),
        "x509: invalid RDNSequence: invalid attribute",
    );
    let bad_oid = seq(&[&oid_tlv(&[0x55, 0x84]), &tlv(tag::UTF8_STRING, b"x")]);
    refused_spec(
        with_subject(seq(&[&tlv(tag::SET, &bad_oid)])),
        "x509: invalid RDNSequence: invalid attribute type",
    );
    let no_value = seq(&[&oid_tlv(&[0x55, 0x04, 3])]);
    refused_spec(
        with_subject(seq(&[&tlv(tag::SET, &no_value)])),
        "x509: invalid RDNSequence: invalid attribute value",
    );
    // A padded attribute OID is still CN to Go.
    let padded = seq(&[
        &oid_tlv(&[0x55, 0x04, 0x80, 3]),
        &tlv(tag::UTF8_STRING, b"p"),
    ]);
    let der = with_subject(seq(&[&tlv(tag::SET, &padded)])).der();
    assert_eq!(accepted(&der).fields().common_name, "p");
    // Go's message for a subject that is not a SEQUENCE names the issuer.
    refused_spec(with_subject(tlv(tag::SET, &[])), "x509: malformed issuer");
    let bad_issuer = Spec {
        issuer: tlv(tag::SET, &[]),
        ..Spec::default()
    };
    refused_spec(bad_issuer, "x509: malformed issuer");
}

// ---- validity ----

fn validity(not_before: Vec<u8>, not_after: Vec<u8>) -> Spec {
    Spec {
        validity: seq(&[&not_before, &not_after]),
        ..Spec::default()
    }
}

fn times(not_before: Vec<u8>) -> (String, String) {
    let der = validity(not_before, gen_time("99991231235959Z")).der();
    let f = accepted(&der).fields();
    (f.not_before.to_string(), f.not_after.to_string())
}

#[test]
fn utc_times_like_cryptobyte() {
    assert_eq!(times(utc("500101000000Z")).0, "1950-01-01T00:00:00Z");
    assert_eq!(times(utc("491231235959Z")).0, "2049-12-31T23:59:59Z");
    assert_eq!(times(utc("200229120000Z")).0, "2020-02-29T12:00:00Z");
    // Minutes only, which Go also takes.
    assert_eq!(times(utc("2001021504Z")).0, "2020-01-02T15:04:00Z");
    // A zone offset; hours above 24 too.
    assert_eq!(times(utc("200101000000+0130")).0, "2019-12-31T22:30:00Z");
    assert_eq!(times(utc("200101000000-9959")).0, "2020-01-05T03:59:00Z");
    assert_eq!(times(utc("2001010000+0100")).0, "2019-12-31T23:00:00Z");
    assert_eq!(times(utc("200101000000Z")).1, "9999-12-31T23:59:59Z");
    for bad in [
        "210229000000Z",
        "200101000060Z",
        "200101240000Z",
        "201301000000Z",
        "200100000000Z",
        "200101000000+0000",
        "200101000000-0000",
        "200101000000+0060",
        "200101000000",
        "200101000000z",
        "20010100000Z",
        "2001010000000Z",
        "200101000000.5Z",
        " 00101000000Z",
        "+00101000000Z",
    ] {
        let der = validity(utc(bad), utc("300101000000Z")).der();
        refused(&der, "x509: malformed UTCTime");
    }
}

#[test]
fn generalized_times_like_cryptobyte() {
    assert_eq!(times(gen_time("00000101000000Z")).0, "0000-01-01T00:00:00Z");
    assert_eq!(times(gen_time("20500101000000Z")).0, "2050-01-01T00:00:00Z");
    assert_eq!(
        times(gen_time("20000229000000+0100")).0,
        "2000-02-28T23:00:00Z"
    );
    for bad in [
        "20200101000000.5Z",
        "20200101000000,5Z",
        "20200101000000.Z",
        "19000229000000Z",
        "20200101000000+0000",
        "202001010000Z",
        "20200101000000",
        "2020010100000Z",
    ] {
        let der = validity(gen_time(bad), utc("300101000000Z")).der();
        refused(&der, "x509: malformed GeneralizedTime");
    }
    refused_spec(
        validity(tlv(tag::NULL, &[]), utc("300101000000Z")),
        "x509: unsupported time format",
    );
    refused_spec(
        Spec {
            validity: seq(&[&utc("200101000000Z")]),
            ..Spec::default()
        },
        "x509: unsupported time format",
    );
    refused_spec(
        Spec {
            validity: tlv(tag::SET, &[]),
            ..Spec::default()
        },
        "x509: malformed validity",
    );
}

// ---- SPKI, unique identifiers, what Go skips ----

#[test]
fn public_key_errors_surface() {
    let rsa_no_null = seq(&[
        &seq(&[&oid_tlv(oid::RSA_ENCRYPTION)]),
        &tlv(tag::BIT_STRING, &[0, 0x30, 0]),
    ]);
    refused_spec(
        Spec {
            spki: rsa_no_null,
            ..Spec::default()
        },
        "x509: RSA key missing NULL parameters",
    );
    refused_spec(
        Spec {
            spki: tlv(tag::SET, &[]),
            ..Spec::default()
        },
        "x509: malformed spki",
    );
    let unknown = seq(&[
        &seq(&[&oid_tlv(oid::X25519)]),
        &tlv(tag::BIT_STRING, &[0, 1]),
    ]);
    let der = Spec {
        spki: unknown,
        ..Spec::default()
    }
    .der();
    assert_eq!(accepted(&der).spki().key, crate::spki::PublicKey::Unknown);
}

#[test]
fn unique_ids_and_ignored_data() {
    let ids = [tlv(0x81, &[0, 1]), tlv(0x82, &[0, 2])].concat();
    accepted(
        &Spec {
            tail: ids,
            ..Spec::default()
        }
        .der(),
    );
    refused_spec(
        Spec {
            tail: vec![0x81, 0x05],
            ..Spec::default()
        },
        "x509: malformed issuerUniqueID",
    );
    refused_spec(
        Spec {
            tail: vec![0x82, 0x05],
            ..Spec::default()
        },
        "x509: malformed subjectUniqueID",
    );
    refused_spec(
        Spec {
            tail: vec![0xa3, 0x05],
            ..Spec::default()
        },
        "x509: malformed extensions",
    );
    refused_spec(
        Spec {
            tail: tlv(0xa3, &tlv(tag::SET, &[])),
            ..Spec::default()
        },
        "x509: malformed extensions",
    );
    // Version 1 reads nothing after the key; version 2 reads no extensions; a v3 certificate
    // may have anything after its extensions.
    let garbage_v1 = Spec {
        version: Vec::new(),
        tail: vec![0xff, 0xff, 0xff],
        ..Spec::default()
    };
    accepted(&garbage_v1.der());
    let dup = ext(&id_ce(15), None, &tlv(tag::BIT_STRING, &[7, 0x80]));
    let v2_exts = Spec {
        version: tlv(0xa0, &tlv(tag::INTEGER, &[1])),
        ..Spec::default()
    }
    .exts(&[dup.clone(), dup.clone()]);
    let der = v2_exts.der();
    assert_eq!(accepted(&der).key_usage(), None);
    let mut after = Spec::default().exts(&[]);
    after.tail.extend([0xff, 0x00]);
    accepted(&after.der());
}

// ---- extensions ----

fn with_exts(exts: &[Vec<u8>]) -> Vec<u8> {
    Spec::default().exts(exts).der()
}

#[test]
fn extension_framing_and_duplicates() {
    let ku = ext(&id_ce(15), None, &tlv(tag::BIT_STRING, &[7, 0x80]));
    refused(
        &with_exts(&[ku.clone(), ku.clone()]),
        "x509: certificate contains duplicate extensions",
    );
    // Padded and plain encodings of one OID are duplicates to Go.
    let padded = ext(
        &[0x55, 0x1d, 0x80, 15],
        None,
        &tlv(tag::BIT_STRING, &[7, 0x80]),
    );
    refused(
        &with_exts(&[ku.clone(), padded]),
        "x509: certificate contains duplicate extensions",
    );
    // A duplicate is found before a later malformed extension, not after.
    refused(
        &with_exts(&[ku.clone(), ku.clone(), vec![0x30, 0x00]]),
        "x509: certificate contains duplicate extensions",
    );
    refused(
        &with_exts(&[vec![0x30, 0x00], ku.clone(), ku.clone()]),
        "x509: malformed extension OID field",
    );
    refused(&with_exts(&[vec![0x05, 0x00]]), "x509: malformed extension");
    let bad_critical = tlv(
        tag::SEQUENCE,
        &[oid_tlv(&id_ce(15)), tlv(tag::BOOLEAN, &[1]), tlv(4, &[])].concat(),
    );
    refused(
        &with_exts(&[bad_critical]),
        "x509: malformed extension critical field",
    );
    let no_value = tlv(tag::SEQUENCE, &oid_tlv(&id_ce(15)));
    refused(
        &with_exts(&[no_value]),
        "x509: malformed extension value field",
    );
    // Many distinct extensions (the sorted duplicate check), then one duplicate.
    let many: Vec<Vec<u8>> = (1..=40u8)
        .map(|i| ext(&[0x2a, 0x03, i], None, &[]))
        .collect();
    accepted(&with_exts(&many));
    let mut dup = many.clone();
    dup.push(many[17].clone());
    refused(
        &with_exts(&dup),
        "x509: certificate contains duplicate extensions",
    );
    // An unknown critical extension is recorded, not refused.
    let der = with_exts(&[ext(&[0x2a, 0x03], Some(true), &[])]);
    assert!(accepted(&der).has_unhandled_critical_extension());
    let der = with_exts(&[ext(&[0x2a, 0x03], Some(false), &[])]);
    assert!(!accepted(&der).has_unhandled_critical_extension());
}

fn san(names: &[Vec<u8>]) -> Vec<u8> {
    ext(&id_ce(17), None, &tlv(tag::SEQUENCE, &names.concat()))
}

#[test]
fn subject_alt_names() {
    let der = with_exts(&[san(&[
        tlv(0x82, b"a.example"),
        tlv(0x81, b"user@example.com"),
        tlv(0x87, &[127, 0, 0, 1]),
        tlv(0x86, b"https://b.example/x"),
        tlv(0x82, b"localhost:8443"),
        tlv(0xa0, &[]),
        tlv(0x82, b""),
    ])]);
    let cert = accepted(&der);
    assert!(cert.has_san());
    assert_eq!(cert.dns_names(), ["a.example", "localhost:8443", ""]);
    assert_eq!(cert.fields().san, ["a.example", "localhost:8443", ""]);

    let refused_san =
        |names: &[Vec<u8>], message: &str| refused(&with_exts(&[san(names)]), message);
    refused_san(
        &[tlv(0x82, "é.example".as_bytes())],
        "x509: SAN dNSName is malformed",
    );
    refused_san(&[tlv(0x81, b"\xff@x")], "x509: SAN rfc822Name is malformed");
    refused_san(
        &[tlv(0x86, b"http://\x80/")],
        "x509: SAN uniformResourceIdentifier is malformed",
    );
    refused_san(
        &[tlv(0x87, &[1, 2, 3])],
        "x509: cannot parse IP address of length 3",
    );
    refused_san(
        &[tlv(0x86, b"http://h:x/")],
        r#"x509: cannot parse URI "http://h:x/": parse "http://h:x/": invalid port ":x" after host"#,
    );
    refused_san(
        &[tlv(0x86, b"http://example.com./")],
        r#"x509: cannot parse URI "http://example.com./": invalid domain"#,
    );
    refused_san(
        &[vec![0x82, 0x05]],
        "x509: invalid subject alternative name",
    );
    refused(
        &with_exts(&[ext(&id_ce(17), None, &[5, 0])]),
        "x509: invalid subject alternative names",
    );

    // A critical SAN with nothing Go understands counts as unhandled.
    let only_other = ext(&id_ce(17), Some(true), &tlv(tag::SEQUENCE, &tlv(0xa0, &[])));
    let der = with_exts(&[only_other]);
    let cert = accepted(&der);
    assert!(
        cert.has_san() && cert.dns_names().is_empty() && cert.has_unhandled_critical_extension()
    );
    assert!(!accepted(&Spec::default().der()).has_san());
}

fn name_constraints(permitted: Option<&[Vec<u8>]>, excluded: Option<&[Vec<u8>]>) -> Vec<u8> {
    let subtrees = |t: u8, trees: &[Vec<u8>]| {
        let trees: Vec<Vec<u8>> = trees.iter().map(|b| tlv(tag::SEQUENCE, b)).collect();
        tlv(t, &trees.concat())
    };
    let mut body = Vec::new();
    if let Some(p) = permitted {
        body.extend(subtrees(0xa0, p));
    }
    if let Some(e) = excluded {
        body.extend(subtrees(0xa1, e));
    }
    ext(&id_ce(30), Some(true), &tlv(tag::SEQUENCE, &body))
}

#[test]
fn name_constraint_rules() {
    let ok = name_constraints(
        Some(&[
            tlv(0x82, b".example.com"),
            tlv(0x87, &[10, 0, 0, 0, 255, 0, 0, 0]),
            tlv(0x81, b"user@example.com"),
            tlv(0x81, b".example.com"),
            tlv(0x86, b"example.com"),
        ]),
        Some(&[tlv(0x82, b"bad.example.com")]),
    );
    let der = with_exts(&[ok]);
    let cert = accepted(&der);
    assert!(cert.name_constraints().is_some() && !cert.has_unhandled_critical_extension());
    // A name form Go does not handle makes a critical extension unhandled.
    let dir = name_constraints(Some(&[tlv(0xa4, &seq(&[]))]), None);
    assert!(accepted(&with_exts(&[dir])).has_unhandled_critical_extension());

    let refused_nc = |p: &[Vec<u8>], message: &str| {
        refused(&with_exts(&[name_constraints(Some(p), None)]), message)
    };
    refused(
        &with_exts(&[name_constraints(None, None)]),
        "x509: empty name constraints extension",
    );
    refused(
        &with_exts(&[name_constraints(Some(&[]), Some(&[]))]),
        "x509: empty name constraints extension",
    );
    refused_nc(
        &[tlv(0x87, &[10, 0, 0, 0, 1, 2, 3, 4])],
        "x509: IP constraint contained invalid mask 01020304",
    );
    refused_nc(
        &[tlv(0x87, &[10, 0, 0, 0])],
        "x509: IP constraint contained value of length 4",
    );
    refused_nc(
        &[tlv(0x82, b"example.com.")],
        r#"x509: failed to parse dnsName constraint "example.com.""#,
    );
    refused_nc(
        &[tlv(0x82, "é".as_bytes())],
        r#"x509: invalid constraint value: x509: "é" cannot be encoded as an IA5String"#,
    );
    refused_nc(
        &[tlv(0x81, b".user@x")],
        r#"x509: failed to parse rfc822Name constraint ".user@x""#,
    );
    refused_nc(
        &[tlv(0x86, b"10.0.0.1")],
        r#"x509: failed to parse URI constraint "10.0.0.1": cannot be IP address"#,
    );
    refused_nc(
        &[tlv(0x86, b"a..b")],
        r#"x509: failed to parse URI constraint "a..b""#,
    );
    refused_nc(
        &[vec![0x82, 0x05]],
        "x509: invalid NameConstraints extension",
    );
    // An empty dNSName constraint is a valid (empty) domain to Go.
    accepted(&with_exts(&[name_constraints(
        Some(&[tlv(0x82, b"")]),
        None,
    )]));
    let trailing = ext(
        &id_ce(30),
        None,
        &[seq(&[&tlv(0xa0, &seq(&[&tlv(0x82, b"x")]))]), vec![5, 0]].concat(),
    );
    refused(
        &with_exts(&[trailing]),
        "x509: invalid NameConstraints extension",
    );
}

#[test]
fn other_extensions() {
    // keyUsage: digitalSignature and keyCertSign.
    let ku = ext(&id_ce(15), Some(true), &tlv(tag::BIT_STRING, &[2, 0x84]));
    let der = with_exts(&[ku]);
    let k = accepted(&der).key_usage().unwrap();
    assert!(k.digital_signature() && k.cert_sign() && !k.key_encipherment());
    assert_eq!(k.0, 0b10_0001);
    refused(
        &with_exts(&[ext(&id_ce(15), None, &[5, 0])]),
        "x509: invalid key usage",
    );

    // basicConstraints, with Go 1.19's odd messages.
    let bc = |body: &[u8]| with_exts(&[ext(&id_ce(19), Some(true), &tlv(tag::SEQUENCE, body))]);
    let ca = [tlv(tag::BOOLEAN, &[0xff]), tlv(tag::INTEGER, &[2])].concat();
    let c = accepted(&bc(&ca)).basic_constraints();
    assert_eq!(
        c,
        Some(BasicConstraints {
            is_ca: true,
            max_path_len: Some(2)
        })
    );
    let negative = tlv(tag::INTEGER, &[0xfe]);
    let c = accepted(&bc(&negative)).basic_constraints();
    assert_eq!(
        c,
        Some(BasicConstraints {
            is_ca: false,
            max_path_len: None
        })
    );
    refused(
        &with_exts(&[ext(&id_ce(19), None, &[5, 0])]),
        "x509: invalid basic constraints a",
    );
    refused(
        &bc(&tlv(tag::BOOLEAN, &[1])),
        "x509: invalid basic constraints b",
    );
    refused(
        &bc(&tlv(tag::INTEGER, &[0; 9])),
        "x509: invalid basic constraints c",
    );

    // extendedKeyUsage.
    let eku = |oids: &[&[u8]]| {
        let list: Vec<Vec<u8>> = oids.iter().map(|o| oid_tlv(o)).collect();
        with_exts(&[ext(&id_ce(37), None, &tlv(tag::SEQUENCE, &list.concat()))])
    };
    let server = [0x2b, 6, 1, 5, 5, 7, 3, 1];
    let e = accepted(&eku(&[&server, &[0x2a, 0x03]])).ext_key_usage();
    assert_eq!(
        e,
        Some(ExtKeyUsage {
            any: false,
            server_auth: true,
            client_auth: false
        })
    );
    assert_eq!(accepted(&eku(&[])).ext_key_usage(), None);
    assert_eq!(
        accepted(&eku(&[&[0x2a, 0x03]])).ext_key_usage(),
        Some(ExtKeyUsage::default())
    );
    refused(&eku(&[&[0x2a, 0x83]]), "x509: invalid extended key usages");

    // Key identifiers.
    let skid = ext(&id_ce(14), None, &tlv(tag::OCTET_STRING, &[1, 2]));
    let akid = ext(
        &id_ce(35),
        None,
        &seq(&[&tlv(0x80, &[3, 4]), &tlv(0x82, &[5])]),
    );
    let der = with_exts(&[skid, akid]);
    let cert = accepted(&der);
    assert_eq!(cert.subject_key_id(), Some(&[1, 2][..]));
    assert_eq!(cert.authority_key_id(), Some(&[3, 4][..]));
    let akid_without_id = ext(&id_ce(35), None, &seq(&[&tlv(0x82, &[5])]));
    assert_eq!(
        accepted(&with_exts(&[akid_without_id])).authority_key_id(),
        None
    );
    refused(
        &with_exts(&[ext(&id_ce(14), None, &[5, 0])]),
        "x509: invalid subject key identifier",
    );
    refused(
        &with_exts(&[ext(&id_ce(35), None, &[5, 0])]),
        "x509: invalid authority key identifier",
    );
    refused(
        &with_exts(&[ext(&id_ce(35), None, &seq(&[&[0x80, 0x05]]))]),
        "x509: invalid authority key identifier",
    );

    // certificatePolicies.
    let policies = |body: &[u8]| with_exts(&[ext(&id_ce(32), None, &tlv(tag::SEQUENCE, body))]);
    accepted(&policies(&seq(&[&oid_tlv(&[0x55, 0x1d, 0x20, 0])])));
    refused(
        &policies(&seq(&[&[5, 0]])),
        "x509: invalid certificate policies",
    );
}

#[test]
fn distribution_points_and_info_access() {
    let crl = |points: &[u8]| with_exts(&[ext(&id_ce(31), None, &tlv(tag::SEQUENCE, points))]);
    let full_name = tlv(
        0xa0,
        &tlv(0xa0, &[tlv(0x86, b"http://crl"), tlv(0x82, b"x")].concat()),
    );
    accepted(&crl(&[seq(&[&full_name]), seq(&[])].concat()));
    refused(
        &with_exts(&[ext(&id_ce(31), None, &[5, 0])]),
        "x509: invalid CRL distribution points",
    );
    refused(&crl(&[5, 0]), "x509: invalid CRL distribution point");
    // nameRelativeToCRLIssuer is refused by Go 1.19.
    refused(
        &crl(&seq(&[&tlv(0xa0, &tlv(0xa1, &[]))])),
        "x509: invalid CRL distribution point",
    );

    let aia = |body: &[u8]| {
        let id = [0x2b, 6, 1, 5, 5, 7, 1, 1];
        with_exts(&[ext(&id, None, &tlv(tag::SEQUENCE, body))])
    };
    let ocsp = [0x2b, 6, 1, 5, 5, 7, 48, 1];
    accepted(&aia(&seq(&[&oid_tlv(&ocsp), &tlv(0x86, b"http://ocsp")])));
    accepted(&aia(&seq(&[&oid_tlv(&ocsp), &tlv(0x82, b"dns")])));
    refused(
        &aia(&seq(&[&tlv(0x86, b"x")])),
        "x509: invalid authority info access",
    );
    refused(
        &aia(&seq(&[&oid_tlv(&ocsp), &[0x86, 0x05]])),
        "x509: invalid authority info access",
    );
}

// ---- rendering of generated certificates ----

fn rcgen_cert(params: rcgen::CertificateParams) -> Vec<u8> {
    let key = rcgen::KeyPair::generate().expect("key");
    params
        .self_signed(&key)
        .expect("certificate")
        .der()
        .to_vec()
}

#[test]
fn renders_rcgen_certificate_fields() {
    use rcgen::{DnType, DnValue, SanType};
    let mut params = rcgen::CertificateParams::new(vec![
        "shop.example.com".to_owned(),
        "*.shop.example.com".to_owned(),
    ])
    .expect("params");
    params
        .subject_alt_names
        .push(SanType::IpAddress("192.0.2.1".parse().unwrap()));
    params
        .subject_alt_names
        .push(SanType::Rfc822Name("ops@example.com".try_into().unwrap()));
    let dn = &mut params.distinguished_name;
    dn.push(DnType::CommonName, "shop.example.com");
    dn.push(DnType::OrganizationName, "Example GmbH");
    // A second O, as its own attribute type in rcgen's map.
    dn.push(
        DnType::CustomDnType(vec![2, 5, 4, 10]),
        DnValue::BmpString("Zweite Ö".try_into().unwrap()),
    );
    dn.push(DnType::OrganizationalUnitName, "Web");
    dn.push(DnType::LocalityName, "Köln");
    dn.push(
        DnType::StateOrProvinceName,
        DnValue::PrintableString("NRW".try_into().unwrap()),
    );
    dn.push(
        DnType::CountryName,
        DnValue::PrintableString("DE".try_into().unwrap()),
    );
    params.serial_number = Some(rcgen::SerialNumber::from_slice(&[0x9a, 0x01, 0x02]));
    params.not_before = rcgen::date_time_ymd(2024, 2, 29);
    params.not_after = rcgen::date_time_ymd(2037, 12, 31);
    let der = rcgen_cert(params);
    let cert = accepted(&der);
    let f = cert.fields();
    assert_eq!(f.common_name, "shop.example.com");
    assert_eq!(f.san, ["shop.example.com", "*.shop.example.com"]);
    assert_eq!(f.organization, ["Example GmbH", "Zweite Ö"]);
    assert_eq!(f.organizational_unit, ["Web"]);
    assert_eq!(f.locality, ["Köln"]);
    assert_eq!(f.state, ["NRW"]);
    assert_eq!(f.country, ["DE"]);
    assert_eq!(f.issuer, ["Example GmbH", "Zweite Ö"]);
    assert_eq!(f.serial_number, "10092802");
    assert_eq!(f.not_before.to_string(), "2024-02-29T00:00:00Z");
    assert_eq!(f.not_after.to_string(), "2037-12-31T00:00:00Z");
    assert_eq!(f.signature_algorithm, "ECDSA-SHA256");
    assert_eq!(f.version, 3);
    assert!(cert.is_self_issued());
    assert!(matches!(
        cert.spki().key,
        crate::spki::PublicKey::Ecdsa {
            curve: crate::spki::Curve::P256,
            ..
        }
    ));

    let json = serde_json::to_value(&f).unwrap();
    assert_eq!(json["not_before"], "2024-02-29T00:00:00Z");
    assert_eq!(json["serial_number"], "10092802");
    assert_eq!(json["version"], 3);
}

#[test]
fn renders_minimal_rcgen_certificate() {
    let mut params = rcgen::CertificateParams::default();
    params.distinguished_name = rcgen::DistinguishedName::new();
    params.not_before = rcgen::date_time_ymd(1950, 1, 1);
    params.not_after = rcgen::date_time_ymd(2050, 1, 1);
    let der = rcgen_cert(params);
    let f = accepted(&der).fields();
    assert_eq!(f.common_name, "");
    assert!(f.san.is_empty() && f.organization.is_empty() && f.issuer.is_empty());
    // 1950 is written as UTCTime, 2050 as GeneralizedTime.
    assert_eq!(f.not_before.to_string(), "1950-01-01T00:00:00Z");
    assert_eq!(f.not_after.to_string(), "2050-01-01T00:00:00Z");
    assert!(!f.serial_number.starts_with('-'));
}

proptest::proptest! {
    #[test]
    fn serial_decimal_agrees_with_num_bigint(bytes in proptest::collection::vec(proptest::num::u8::ANY, 1..40)) {
        proptest::prop_assert_eq!(
            serial_decimal(&bytes),
            num_bigint::BigInt::from_signed_bytes_be(&bytes).to_string()
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    #[test]
    fn long_serials_agree_with_num_bigint(bytes in proptest::collection::vec(proptest::num::u8::ANY, 33..3000)) {
        proptest::prop_assert_eq!(
            serial_decimal(&bytes),
            num_bigint::BigInt::from_signed_bytes_be(&bytes).to_string()
        );
    }
}

/// The longest serial a `cert_content` can hold, and round numbers whose decimal digits are
/// mostly zeros (the padding of the split halves).
#[test]
fn the_longest_serials_agree_with_num_bigint() {
    let mut big = vec![0x7f; 47_500];
    big[1] = 0x00;
    for bytes in [
        big.clone(),
        {
            big[0] = 0x80;
            big.clone()
        },
        {
            // 10^3000 exactly: every split has a zero low half.
            let n = num_bigint::BigInt::from(10u32).pow(3000);
            n.to_signed_bytes_be()
        },
    ] {
        assert_eq!(
            serial_decimal(&bytes),
            num_bigint::BigInt::from_signed_bytes_be(&bytes).to_string()
        );
    }
}

#[test]
#[ignore = "prints the time of the longest serial's decimal conversion (run with --release)"]
fn time_the_longest_serial() {
    let mut big = vec![0x7f; 47_500];
    big[1] = 0x00;
    let t = std::time::Instant::now();
    let ours = serial_decimal(&big);
    let ours_t = t.elapsed();
    let t = std::time::Instant::now();
    let theirs = num_bigint::BigInt::from_signed_bytes_be(&big).to_string();
    let theirs_t = t.elapsed();
    assert_eq!(ours, theirs);
    println!("serial 47,500 bytes: split {ours_t:?}, num-bigint to_string {theirs_t:?}");
}
