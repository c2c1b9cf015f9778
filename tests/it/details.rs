//! `inspect`'s details (issue 12, point 10) on the example bundle, each value checked by hand
//! against `openssl x509 -text -noout`, `-fingerprint -sha256/-sha1`, `-serial` and the pin
//! (`openssl x509 -pubkey | openssl pkey -pubin -outform der | openssl dgst -sha256 -binary |
//! base64`); and on a made certificate carrying every list the example lacks (email and URI
//! SANs, CRL distribution points, AIA, policies, other purposes, embedded SCTs).

use crate::support::pem::blocks;
use crate::support::{leaf_params, self_signed, Alg};
use cert_preflight::{inspect_each, Certificate, CertificateDetails, UnixTime};
use rcgen::{BasicConstraints, CrlDistributionPoint, CustomExtension, IsCa, SanType};

const BUNDLE: &str = include_str!("../../examples/bundle.pem");
const ROOT: &str = include_str!("../../examples/root-ca.pem");

fn details_of(pem: &str) -> Vec<CertificateDetails> {
    blocks(pem)
        .iter()
        .map(|(_, der)| CertificateDetails::new(&Certificate::parse(der).unwrap()))
        .collect()
}

#[test]
fn the_example_leaf_matches_openssl() {
    let at = UnixTime::parse_rfc3339("2026-12-01T00:00:00Z").unwrap();
    let leaf = details_of(BUNDLE).remove(0).at(at);
    assert_eq!(
        leaf.sha256_fingerprint,
        "0831f864d03e6f9751170df15128101c4066caac6e7135133dcd163112e778b4"
    );
    assert_eq!(
        leaf.sha1_fingerprint,
        "f2c6363cb81a57a84fe79c06692faedd95287a87"
    );
    assert_eq!(
        leaf.spki_sha256_base64,
        "wRRJ19KZf84aYr6GsR63c9yLdqt1IGpIrdtYDLws4Jc="
    );
    assert_eq!(
        leaf.spki_sha256,
        "c11449d7d2997fce1a62be86b11eb773dc8b76ab75206a48addb580cbc2ce097"
    );
    assert_eq!(
        (leaf.public_key_algorithm.as_str(), leaf.public_key_size),
        ("ECDSA", 256)
    );
    assert_eq!(leaf.public_key_curve.as_deref(), Some("P-256"));
    assert_eq!(
        leaf.subject,
        "CN=shop.example.com,OU=Web,O=Example Shop GmbH,L=Berlin,ST=Berlin,C=DE"
    );
    assert_eq!(leaf.issuer, "CN=Example Issuing CA 1,O=Example Trust,C=DE");
    assert_eq!(
        (leaf.serial_hex.as_str(), leaf.serial_decimal.as_str()),
        ("32d2", "13010")
    );
    // notAfter 2037-11-10T01:22:21Z: 3997 whole days after 2026-12-01.
    assert_eq!(leaf.days_left, Some(3997));
    assert_eq!(leaf.dns_names, ["shop.example.com", "www.shop.example.com"]);
    assert_eq!(leaf.key_usage, ["digitalSignature"]);
    assert_eq!(leaf.extended_key_usage, ["serverAuth"]);
    assert_eq!((leaf.is_ca, leaf.max_path_len), (false, None));
    assert_eq!(
        leaf.subject_key_id.as_deref(),
        Some("eba715bb74bb82d8f25fa37da00241b318042c3c")
    );
    assert_eq!(
        leaf.authority_key_id.as_deref(),
        Some("350921ee7f0c44c9884bac2bce9e290e63ab5a40")
    );
    assert!(leaf.crl_distribution_points.is_empty() && leaf.ocsp_servers.is_empty());
    assert_eq!(leaf.embedded_scts, None);
    assert!(!leaf.self_issued);
}

#[test]
fn the_example_intermediate_and_root_match_openssl() {
    let intermediate = details_of(BUNDLE).remove(1);
    assert_eq!(
        intermediate.sha256_fingerprint,
        "81b517ab85b3d80610d080ef16675a28cf27442cfd57d268fb1f116f2bfd198a"
    );
    assert_eq!(intermediate.serial_hex, "1001");
    assert_eq!(intermediate.key_usage, ["keyCertSign", "cRLSign"]);
    assert_eq!(
        (intermediate.is_ca, intermediate.max_path_len),
        (true, Some(0))
    );
    assert_eq!(
        intermediate.authority_key_id.as_deref(),
        Some("43e30519c7cc0a260e56d7c8e4fcd772f96bc9c9")
    );

    let root = details_of(ROOT).remove(0);
    assert_eq!(
        root.sha1_fingerprint,
        "d38532518156c060a607267c6dfc1fd0e54c76a5"
    );
    assert_eq!(
        root.spki_sha256_base64,
        "wnAyq/SwJsI3WGdfdjLs3JVj+R6Hzd8WbLsTEkbSuTM="
    );
    assert_eq!(root.serial_hex, "49b396b516697af177c56c45c5f6929a99f38730");
    assert_eq!(root.subject, "CN=Example Root CA,O=Example Trust,C=DE");
    assert_eq!(root.subject, root.issuer);
    assert_eq!(root.subject_key_id, root.authority_key_id);
    assert!(root.self_issued && root.is_ca);
    assert_eq!(root.self_signed, Some(true));
    assert_eq!(intermediate.self_signed, None);
    assert_eq!(root.days_left, None);
}

#[test]
fn a_self_issued_certificate_with_a_broken_signature_is_not_self_signed() {
    let mut der = blocks(ROOT).remove(0).1;
    let last = der.len() - 1;
    der[last] ^= 1;
    let d = CertificateDetails::new(&Certificate::parse(&der).unwrap());
    assert!(d.self_issued);
    assert_eq!(d.self_signed, Some(false));
}

#[test]
fn inspect_each_carries_details_beside_the_fields() {
    let each = inspect_each(BUNDLE.as_bytes()).unwrap();
    assert_eq!(each.len(), 2);
    for c in &each {
        let fields = c.certificate.as_ref().unwrap();
        let details = c.details.as_ref().unwrap();
        assert_eq!(fields.serial_number, details.serial_decimal);
        assert_eq!(fields.not_after, details.not_after);
        assert_eq!(details.self_signed, None, "neither is self-issued");
    }
    let root = inspect_each(ROOT.as_bytes()).unwrap();
    assert_eq!(root[0].details.as_ref().unwrap().self_signed, Some(true));
}

/// DER TLV with a short length.
fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    assert!(content.len() < 128);
    [&[tag, content.len() as u8][..], content].concat()
}

/// id-ad-ocsp / id-ad-caIssuers with a URI.
fn access(last_arc: u8, uri: &str) -> Vec<u8> {
    let oid = tlv(0x06, &[0x2b, 6, 1, 5, 5, 7, 0x30, last_arc]);
    tlv(0x30, &[oid, tlv(0x86, uri.as_bytes())].concat())
}

#[test]
fn every_list_is_read_from_a_certificate_that_has_them() {
    let mut p = leaf_params();
    p.subject_alt_names.extend([
        SanType::Rfc822Name("ops@example.com".try_into().unwrap()),
        SanType::URI("spiffe://example.com/shop".try_into().unwrap()),
        SanType::IpAddress("2001:db8::1".parse().unwrap()),
        SanType::IpAddress("192.0.2.7".parse().unwrap()),
    ]);
    p.is_ca = IsCa::Ca(BasicConstraints::Constrained(2));
    p.extended_key_usages
        .push(rcgen::ExtendedKeyUsagePurpose::Other(vec![
            1, 3, 6, 1, 5, 5, 7, 3, 3,
        ]));
    p.crl_distribution_points = vec![CrlDistributionPoint {
        uris: vec!["http://crl.example.com/ca.crl".to_owned()],
    }];
    let aia = tlv(
        0x30,
        &[
            access(1, "http://ocsp.example.com"),
            access(2, "http://ca.example.com/ca.der"),
        ]
        .concat(),
    );
    // certificatePolicies { 2.23.140.1.2.1 (CA/B domain validated) }
    let policies = tlv(0x30, &tlv(0x30, &tlv(0x06, &[0x67, 0x81, 0x0c, 1, 2, 1])));
    // SignedCertificateTimestampList of two (opaque) 3-octet SCTs.
    let scts = tlv(0x04, &[0, 10, 0, 3, 1, 2, 3, 0, 3, 4, 5, 6]);
    p.custom_extensions = vec![
        CustomExtension::from_oid_content(&[1, 3, 6, 1, 5, 5, 7, 1, 1], aia),
        CustomExtension::from_oid_content(&[2, 5, 29, 32], policies),
        CustomExtension::from_oid_content(&[1, 3, 6, 1, 4, 1, 11129, 2, 4, 2], scts),
    ];
    let made = self_signed(p, Alg::P384);
    let d = CertificateDetails::new(&Certificate::parse(&made.der).unwrap());
    assert_eq!(d.email_addresses, ["ops@example.com"]);
    assert_eq!(d.uris, ["spiffe://example.com/shop"]);
    assert_eq!(d.ip_addresses, ["2001:db8::1", "192.0.2.7"]);
    assert_eq!((d.is_ca, d.max_path_len), (true, Some(2)));
    assert_eq!(d.extended_key_usage, ["serverAuth", "1.3.6.1.5.5.7.3.3"]);
    assert_eq!(d.crl_distribution_points, ["http://crl.example.com/ca.crl"]);
    assert_eq!(d.ocsp_servers, ["http://ocsp.example.com"]);
    assert_eq!(d.issuing_certificate_urls, ["http://ca.example.com/ca.der"]);
    assert_eq!(d.policies, ["2.23.140.1.2.1"]);
    assert_eq!(d.embedded_scts, Some(2));
    assert_eq!(
        (d.public_key_algorithm.as_str(), d.public_key_size),
        ("ECDSA", 384)
    );
    assert!(d.self_issued);
    assert_eq!(d.self_signed, Some(true));
    if std::env::var_os("DETAILS_DUMP").is_some() {
        println!("{}", made.pem());
    }
}
