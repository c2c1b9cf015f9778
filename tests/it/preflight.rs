//! The pre-flight end to end on generated bundles: request rules, fields, precedence.

use crate::support::*;
use cert_preflight::{preflight, CertificateForm, Field, GatewayCode};
use rcgen::{DnType, SerialNumber};

#[test]
fn a_good_bundle_is_accepted_with_go_renderings() {
    for alg in Alg::all() {
        let pki = Pki::new(alg);
        let accepted = preflight(&pki.form(), &options().project_id("proj1"))
            .unwrap_or_else(|r| panic!("{alg:?}: {r} {:?}", r.diagnostics()));
        let d = &accepted.detail;
        assert_eq!(d.certificate.common_name, "shop.example.com");
        assert_eq!(
            d.certificate.san,
            ["shop.example.com", "www.shop.example.com"]
        );
        assert_eq!(d.certificate.not_before.to_string(), "2025-01-01T00:00:00Z");
        assert_eq!(d.certificate.not_after.to_string(), "2035-01-01T00:00:00Z");
        assert_eq!(d.certificate.version, 3);
        let expected_alg = match alg {
            Alg::Rsa2048 => "SHA256-RSA",
            Alg::Rsa3072 => "SHA384-RSA",
            Alg::P256 => "ECDSA-SHA256",
            Alg::P384 => "ECDSA-SHA384",
            Alg::Ed25519 => "Ed25519",
        };
        assert_eq!(d.certificate.signature_algorithm, expected_alg);
        assert_eq!(d.instance_id, "common");
        assert_eq!(d.cert_type, "global");
        assert_eq!(d.project_id, "proj1");
        assert!(!d.is_has_trusted_root_ca);
        assert_eq!(d.id.len(), 32);
        assert_eq!(d.create_time, now());
    }
}

#[test]
fn subject_arrays_last_cn_and_serial() {
    let mut p = leaf_params();
    p.distinguished_name
        .push(DnType::OrganizationName, "Example Shop GmbH");
    p.distinguished_name
        .push(DnType::OrganizationalUnitName, "Web");
    p.distinguished_name.push(DnType::LocalityName, "Berlin");
    p.distinguished_name
        .push(DnType::StateOrProvinceName, "Berlin");
    p.distinguished_name.push(DnType::CountryName, "DE");
    p.serial_number = Some(SerialNumber::from_slice(&[0x32, 0xd2]));
    let pki = Pki::with_leaf(Alg::P256, p);
    let d = preflight(&pki.form(), &options()).unwrap().detail;
    let c = &d.certificate;
    assert_eq!(c.organization, ["Example Shop GmbH"]);
    assert_eq!(c.organizational_unit, ["Web"]);
    assert_eq!(c.locality, ["Berlin"]);
    assert_eq!(c.state, ["Berlin"]);
    assert_eq!(c.country, ["DE"]);
    assert_eq!(c.serial_number, "13010");
    assert!(c.issuer.is_empty());
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(json["serial_number"], "13010");
    assert_eq!(json["not_before"], "2025-01-01T00:00:00Z");
    assert_eq!(json["issuer"], serde_json::json!([]));
    assert_eq!(json["type"], "global");
}

#[test]
fn response_fields_for_an_instance_certificate() {
    let pki = Pki::new(Alg::P256);
    let d = preflight(
        &pki.form_with_root(),
        &options().id("a27be832f2e9441c8127fe48e3b5ac67"),
    )
    .unwrap()
    .detail;
    assert_eq!(d.cert_type, "instance");
    assert_eq!(d.instance_id, "f0fa17893b76433ba7879892951c620e");
    assert!(d.is_has_trusted_root_ca);
    assert_eq!(d.id.as_str(), "a27be832f2e9441c8127fe48e3b5ac67");
    let back: cert_preflight::CertificateDetail =
        serde_json::from_str(&serde_json::to_string(&d).unwrap()).unwrap();
    assert_eq!(back, d);
}

fn rejection(form: &CertificateForm) -> cert_preflight::Rejection {
    preflight(form, &options()).expect_err("rejected")
}

#[test]
fn request_rules_give_the_gateways_codes_and_messages() {
    let good = Pki::new(Alg::P256).form();
    let cases: Vec<(CertificateForm, &str, &str)> = vec![
        (
            CertificateForm { name: String::new(), ..good.clone() },
            "APIG.2001",
            "The request parameters must be specified,parameterName:name. Please refer to the support documentation",
        ),
        (
            CertificateForm { cert_content: String::new(), ..good.clone() },
            "APIG.2001",
            "The request parameters must be specified,parameterName:cert_content. Please refer to the support documentation",
        ),
        (
            CertificateForm { private_key: String::new(), ..good.clone() },
            "APIG.2001",
            "The request parameters must be specified,parameterName:private_key. Please refer to the support documentation",
        ),
        (
            CertificateForm { name: "1abc".into(), ..good.clone() },
            "APIG.2011",
            "Invalid parameter value,parameterName:name. Please refer to the support documentation",
        ),
        (
            CertificateForm { name: "abc".into(), ..good.clone() },
            "APIG.2011",
            "Invalid parameter value,parameterName:name. Please refer to the support documentation",
        ),
        (
            CertificateForm { cert_type: "regional".into(), ..good.clone() },
            "APIG.2012",
            "Invalid parameter value,parameterName:type. Please refer to the support documentation",
        ),
        (
            CertificateForm { cert_type: "instance".into(), ..good.clone() },
            "APIG.2001",
            "The request parameters must be specified,parameterName:instance_id. Please refer to the support documentation",
        ),
        (
            CertificateForm { cert_content: "x".repeat(65_537), ..good.clone() },
            "APIG.2006",
            "The parameter is too long.",
        ),
        (
            CertificateForm { private_key: "x".repeat(8_193), ..good.clone() },
            "APIG.2006",
            "The parameter is too long.",
        ),
    ];
    for (form, code, msg) in cases {
        let r = rejection(&form);
        assert_eq!(
            (r.error_code(), r.error_msg()),
            (code, msg),
            "{:?}",
            r.diagnostics()
        );
        assert_eq!(r.http_status(), 400);
    }
}

#[test]
fn too_long_names_the_field() {
    let good = Pki::new(Alg::P256).form();
    let r = rejection(&CertificateForm {
        trusted_root_ca: "x".repeat(65_537),
        ..good
    });
    assert_eq!(r.error_code(), "APIG.2006");
    assert_eq!(r.diagnostics()[0].field, Some(Field::TrustedRootCa));
}

#[test]
fn more_than_eleven_certificates_is_too_long() {
    let pki = Pki::new(Alg::P256);
    let mut form = pki.form();
    form.cert_content = format!("{}{}", pki.leaf.pem(), pki.intermediate.pem().repeat(11));
    let r = rejection(&form);
    assert_eq!(r.error_code(), "APIG.2006");
    assert_eq!(r.diagnostics()[0].id, "request.too-many-certificates");
}

#[test]
fn a_body_that_is_not_json() {
    let d = CertificateForm::from_json(b"{\"name\": \"abc\",").unwrap_err();
    let r = cert_preflight::Rejection::from_diagnostics(vec![d]).unwrap();
    assert_eq!(r.error_code(), "APIG.2000");
    assert_eq!(
        r.error_msg(),
        "Parameter error: Serialization error: unexpected end of JSON input"
    );
}

#[test]
fn the_api_pages_own_example_is_diagnosed() {
    let body = br#"{
"name" : "cert_demo",
"private_key" : "'-----BEGIN PRIVATE KEY-----THIS IS YOUR PRIVATE KEY-----END PRIVATE KEY-----\\n'",
"cert_content" : "'-----BEGIN CERTIFICATE-----THIS IS YOUR CERT CONTENT-----END CERTIFICATE-----\\n'",
"type" : "instance",
"instance_id" : "f0fa1789-3b76-433b-a787-9892951c620e"
}"#;
    let form = CertificateForm::from_json(body).unwrap();
    let r = rejection(&form);
    assert_eq!(r.error_code(), "APIG.2106");
    assert_eq!(r.error_msg(), "Invalid certificate or private key.");
    let d = &r.diagnostics()[0];
    assert_eq!(d.field, Some(Field::CertContent));
    assert_eq!(d.id.as_str(), "pem.quoted-and-escaped");
    assert!(d.fix.as_deref().unwrap().contains("quotes"));
}

#[test]
fn pem_with_text_crlf_and_tabs_is_read_like_go() {
    let pki = Pki::new(Alg::P256);
    let mut form = pki.form();
    let leaf = pki
        .leaf
        .pem()
        .replace('\n', "\r\n")
        .replacen("\r\nM", "\r\n\t M", 1);
    form.cert_content = format!(
        "subject=CN = shop.example.com\r\n{leaf}\r\nissuer text\n{}",
        pki.intermediate.pem()
    );
    let accepted = preflight(&form, &options()).unwrap();
    assert_eq!(accepted.detail.certificate.common_name, "shop.example.com");
}

#[test]
fn fields_switched_and_other_labels() {
    let pki = Pki::new(Alg::P256);
    let form = CertificateForm {
        cert_content: pki.form().private_key,
        private_key: pki.form().cert_content,
        ..pki.form()
    };
    let r = rejection(&form);
    assert_eq!(r.error_code(), "APIG.2106");
    assert_eq!(r.diagnostics()[0].id, "pem.fields-switched");

    let relabelled = pki.leaf.pem().replace("CERTIFICATE", "TRUSTED CERTIFICATE");
    let r = rejection(&CertificateForm {
        cert_content: relabelled,
        ..pki.form()
    });
    assert_eq!(r.diagnostics()[0].id, "pem.certificate-label");

    let cut = pki.leaf.pem().replace("-----END CERTIFICATE-----", "");
    let r = rejection(&CertificateForm {
        cert_content: cut,
        ..pki.form()
    });
    assert_eq!(r.error_code(), "APIG.2106");
    assert_eq!(r.diagnostics()[0].id, "pem.block-invalid");
    assert!(r.diagnostics()[0]
        .message
        .contains("no `-----END CERTIFICATE-----` line"));
}

#[test]
fn der_and_pkcs12_bytes_are_named() {
    let pki = Pki::new(Alg::P256);
    let der = pki.leaf.cert.der().to_vec();
    let r = cert_preflight::field_text(Field::CertContent, &der).unwrap_err();
    assert_eq!(r.error_code(), "APIG.2106");
    assert_eq!(r.diagnostics()[0].id, "input.der-certificate");
    assert!(r.diagnostics()[0]
        .fix
        .as_deref()
        .unwrap()
        .contains("openssl x509 -inform DER"));
}

#[test]
fn inspect_reads_pem_and_der() {
    let pki = Pki::new(Alg::P256);
    let both = format!("{}{}", pki.leaf.pem(), pki.intermediate.pem());
    let fields = cert_preflight::inspect(both.as_bytes()).unwrap();
    assert_eq!(fields.len(), 2);
    assert_eq!(fields[1].common_name, "Test Issuing CA");
    let der = cert_preflight::inspect(pki.leaf.cert.der()).unwrap();
    assert_eq!(der[0], fields[0]);
    let bad = cert_preflight::inspect(b"hello").unwrap_err();
    assert_eq!(bad.error_code(), "APIG.2106");
}

#[test]
fn domains_are_matched_like_browsers() {
    let mut p = leaf_params();
    p.subject_alt_names = vec![
        rcgen::SanType::DnsName("*.example.com".try_into().unwrap()),
        rcgen::SanType::DnsName("example.com".try_into().unwrap()),
    ];
    let pki = Pki::with_leaf(Alg::P256, p);
    let ok = |domains: &[&str]| {
        let mut o = options();
        for d in domains {
            o = o.domain(*d);
        }
        verdict(&pki.form(), &o)
    };
    assert_eq!(ok(&["WWW.Example.com", "example.com."]), "OK");
    assert_eq!(ok(&["a.b.example.com"]), "APIG.2103");
    assert_eq!(ok(&["example.org"]), "APIG.2103");
    let r = preflight(&pki.form(), &options().domain("example.org")).unwrap_err();
    assert_eq!(
        r.error_msg(),
        "The certificate domain name and the custom domain name do not match."
    );
    assert_eq!(r.diagnostics()[0].code, GatewayCode::DomainMismatch);
}

/// Issue 16, finding 3: 1,000 domains against a 4,800-SAN leaf stay under 1 MB of report, the
/// SAN list said once, at most 20 domains listed and the rest counted.
#[test]
fn many_domains_against_many_sans_are_folded() {
    let sans: Vec<String> = (0..4800).map(|i| format!("h{i}.io")).collect();
    let san_refs: Vec<&str> = sans.iter().map(String::as_str).collect();
    let leaf = params("h0.io", &san_refs);
    let pki = Pki::with_leaf(Alg::P256, leaf);
    let mut options = options();
    for i in 0..1000 {
        options = options.domain(format!("other{i}.example.net"));
    }
    let outcome = cert_preflight::preflight(&pki.form(), &options);
    let r = outcome.as_ref().unwrap_err();
    assert_eq!(r.error_code(), "APIG.2103");
    let ids: Vec<&str> = r.diagnostics().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, vec!["domain.not-covered"; 21]);
    assert!(r.diagnostics()[0]
        .message
        .ends_with("\"h9.io\" and 4790 more."));
    assert_eq!(
        r.diagnostics()[1].message,
        "The certificate does not cover \"other1.example.net\" either."
    );
    assert_eq!(
        r.diagnostics()[20].message,
        "80 more domains are not covered (only the first 20 are listed)."
    );
    let report = serde_json::to_string(&cert_preflight::Report::new(&outcome)).unwrap();
    assert!(report.len() < 20_000, "{} bytes", report.len());
    // Beyond the bound (100), the rest are counted in a warning, not checked.
    let warned: Vec<&str> = r.warnings().iter().map(|w| w.id.as_str()).collect();
    assert_eq!(warned, ["domain.not-checked"]);
    assert_eq!(
        r.warnings()[0].message,
        "1000 domains were given; only the first 100 were checked."
    );
}

/// Issue 16, finding 1: key text given as a name, type or domain is never quoted back.
#[test]
fn key_text_in_name_type_or_domain_is_not_quoted() {
    let pki = Pki::new(Alg::P256);
    let key = pki.leaf.key_pem();
    let body: String = key.lines().filter(|l| !l.starts_with("-----")).collect();
    for (name, cert_type, domain) in [
        (key.clone(), String::new(), None),
        ("test_cert".to_owned(), key.clone(), None),
        ("test_cert".to_owned(), String::new(), Some(key.clone())),
        (body.clone(), String::new(), None),
    ] {
        let form = CertificateForm {
            name,
            cert_type,
            ..pki.form()
        };
        let mut options = options();
        if let Some(d) = domain {
            options = options.domain(d);
        }
        let outcome = cert_preflight::preflight(&form, &options);
        let report = serde_json::to_string(&cert_preflight::Report::new(&outcome)).unwrap();
        assert!(outcome.is_err());
        for window in body.as_bytes().windows(16).step_by(8) {
            let w = std::str::from_utf8(window).unwrap();
            assert!(!report.contains(w), "key text {w} in {report}");
        }
        assert!(
            report.contains("look like key material, not shown"),
            "{report}"
        );
    }
}

/// Issue 12, point 2: bytes that are not text around the PEM blocks (a Latin-1 comment, NULs,
/// binary junk between blocks) are skipped by Go's PEM decoder: accepted, with a warning.
#[test]
fn stray_bytes_around_pem_are_read_as_the_gateway_reads_them() {
    let pki = Pki::new(Alg::P256);
    let mut file = b"subject: CN=Caf\xe9 Shop\n\x00\x00\n".to_vec();
    file.extend_from_slice(pki.leaf.pem().as_bytes());
    file.extend_from_slice(b"\xff\xfe\x01binary junk\x00\n");
    file.extend_from_slice(pki.intermediate.pem().as_bytes());
    let text = cert_preflight::field_text(Field::CertContent, &file).unwrap();
    assert!(text.starts_with("subject: CN=Caf\u{fffd} Shop\n\0\0\n-----BEGIN CERTIFICATE-----"));
    let form = CertificateForm {
        cert_content: text.into_owned(),
        ..pki.form()
    };
    let accepted = cert_preflight::preflight(&form, &options()).unwrap();
    let stray: Vec<&cert_preflight::Warning> = accepted
        .warnings
        .iter()
        .filter(|w| w.id == "input.stray-bytes")
        .collect();
    assert_eq!(stray.len(), 1, "{:#?}", accepted.warnings);
    assert_eq!(
        stray[0].message,
        "`cert_content` holds 6 bytes that are not text (not UTF-8, or NUL), the first on line 1. Around the PEM blocks the gateway skips them, as Go's PEM decoder does, and reads the same blocks; inside a block they break it."
    );
    // With no PEM block at all, binary stays the binary diagnosis (DER here).
    let der = pki.leaf.der.clone();
    let r = cert_preflight::field_text(Field::CertContent, &der).unwrap_err();
    assert_eq!(r.diagnostics()[0].id, "input.der-certificate");
}

/// Issue 16, finding 5: a serial number over 4,096 octets is refused (bounded work: its decimal
/// rendering is quadratic), one of 4,096 octets is rendered as Go renders it.
#[test]
fn serial_numbers_are_bounded() {
    for (len, accepted) in [(4096usize, true), (4097, false)] {
        let mut serial = vec![0x5a; len];
        serial[0] = 0x01;
        let mut leaf = leaf_params();
        leaf.serial_number = Some(SerialNumber::from_slice(&serial));
        let pki = Pki::with_leaf(Alg::P256, leaf);
        let outcome = cert_preflight::preflight(&pki.form(), &options());
        assert_eq!(outcome.is_ok(), accepted, "{len}");
        if let Ok(a) = &outcome {
            let decimal = &a.detail.certificate.serial_number;
            let expected = num_bigint_decimal(&serial);
            assert_eq!(decimal, &expected);
        } else {
            let r = outcome.unwrap_err();
            assert_eq!(r.error_code(), "APIG.2106");
            assert_eq!(r.diagnostics()[0].id, "certificate.serial-too-long");
            assert_eq!(r.diagnostics()[0].block, Some(1));
        }
    }
}

/// Decimal of a positive big-endian integer, by schoolbook division (independent of the library).
fn num_bigint_decimal(bytes: &[u8]) -> String {
    let mut n: Vec<u32> = bytes.iter().map(|&b| u32::from(b)).collect();
    let mut digits = Vec::new();
    while n.iter().any(|&d| d != 0) {
        let mut rem = 0u32;
        for d in n.iter_mut() {
            let cur = rem * 256 + *d;
            *d = cur / 10;
            rem = cur % 10;
        }
        digits.push(b'0' + rem as u8);
    }
    digits.reverse();
    String::from_utf8(digits).unwrap()
}

/// Issue 12, point 5: the intermediate's key given for the leaf of a chain in order says whose
/// key it is and does not suggest reordering; a chain only out of order still gets the reorder.
#[test]
fn another_certificates_key_says_whose_it_is() {
    let pki = Pki::new(Alg::P256);
    let form = CertificateForm {
        private_key: pki.intermediate.key_pem(),
        ..pki.form()
    };
    let r = cert_preflight::preflight(&form, &options()).unwrap_err();
    assert_eq!(r.error_code(), "APIG.2101");
    let ids: Vec<&str> = r.diagnostics().iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, ["key.mismatch"]);
    let d = &r.diagnostics()[0];
    assert!(
        d.message.ends_with("This is the key of certificate 2 (CN=\"Test Issuing CA\", a CA certificate) of cert_content; no order of the blocks makes it the server certificate's key."),
        "{}",
        d.message
    );
    assert_eq!(
        d.fix.as_deref(),
        Some("Give the server certificate's own private key (the one its certificate request was made with), not the key of another certificate of the chain.")
    );
    // Out of order (intermediate first, leaf second, the leaf's key): reordering fixes it.
    let swapped = CertificateForm {
        cert_content: format!("{}{}", pki.intermediate.pem(), pki.leaf.pem()),
        ..pki.form()
    };
    let r = cert_preflight::preflight(&swapped, &options()).unwrap_err();
    let key = r
        .diagnostics()
        .iter()
        .find(|d| d.id == "key.mismatch")
        .unwrap();
    assert!(
        key.message
            .contains("the certificates are in the wrong order"),
        "{}",
        key.message
    );
}

/// Issue 12, point 8: IP SANs cover an IP common name (no `leaf.cn-not-in-san`), and a domain
/// that is an IP address is matched against the IP SANs.
#[test]
fn ip_addresses_are_matched_against_ip_sans() {
    let mut leaf = params("192.0.2.10", &["shop.example.com"]);
    leaf.subject_alt_names
        .push(rcgen::SanType::IpAddress("192.0.2.10".parse().unwrap()));
    leaf.subject_alt_names
        .push(rcgen::SanType::IpAddress("2001:db8::1".parse().unwrap()));
    let pki = Pki::with_leaf(Alg::P256, leaf);
    let ok = cert_preflight::preflight(
        &pki.form(),
        &options()
            .domain("192.0.2.10")
            .domain("2001:db8:0::1")
            .domain("shop.example.com"),
    )
    .unwrap();
    let ids: Vec<&str> = ok.warnings.iter().map(|w| w.id.as_str()).collect();
    assert!(!ids.contains(&"leaf.cn-not-in-san"), "{ids:?}");
    let r = cert_preflight::preflight(&pki.form(), &options().domain("192.0.2.11")).unwrap_err();
    assert_eq!(r.error_code(), "APIG.2103");
    assert_eq!(
        r.diagnostics()[0].message,
        "The certificate does not cover \"192.0.2.11\": its subjectAltName has \"shop.example.com\", \"IP 192.0.2.10\", \"IP 2001:db8::1\"."
    );
    for bad in [
        "",
        "https://shop.example.com/",
        "shop.example.com:443",
        "bad_name!",
    ] {
        assert!(cert_preflight::check_domain(bad).is_err(), "{bad}");
    }
}

/// Issue 12, point 6: a byte-order mark, a zero-width or non-breaking space, or indentation
/// before `-----BEGIN` hides that block from Go's PEM decoder: the gateway's verdict (the
/// intermediate read as the leaf) with a warning of severity error that says why; CR-only line
/// endings are said as such.
#[test]
fn invisible_characters_and_indentation_before_begin_are_named() {
    let pki = Pki::new(Alg::P256);
    let bundle = format!("{}{}", pki.leaf.pem(), pki.intermediate.pem());
    for (prefix, names) in [
        (
            "\u{feff}",
            "a UTF-8 byte-order mark (U+FEFF, as Windows editors save it)",
        ),
        ("\u{200b}", "a zero-width space"),
        ("\u{a0}", "a non-breaking space (U+00A0)"),
        ("  ", "indentation (as in a YAML block scalar)"),
    ] {
        let form = CertificateForm {
            cert_content: format!("{prefix}{bundle}"),
            ..pki.form()
        };
        let r = cert_preflight::preflight(&form, &options()).unwrap_err();
        assert_eq!(r.error_code(), "APIG.2101", "{names}");
        let hidden: Vec<_> = r
            .warnings()
            .iter()
            .filter(|w| w.id == "pem.hidden-block")
            .collect();
        assert_eq!(hidden.len(), 1, "{names}");
        assert_eq!(hidden[0].severity(), cert_preflight::Severity::Error);
        assert!(
            hidden[0].message.starts_with(&format!(
                "The `-----BEGIN` on line 1 of `cert_content` is preceded by {names}: Go's PEM decoder sees `-----BEGIN` only at the start of a line"
            )),
            "{}",
            hidden[0].message
        );
    }
    let form = CertificateForm {
        cert_content: bundle.replace('\n', "\r"),
        ..pki.form()
    };
    let r = cert_preflight::preflight(&form, &options()).unwrap_err();
    assert_eq!(r.diagnostics()[0].id, "pem.cr-line-endings");
    assert!(!r.diagnostics()[0].message.contains("not shown"));
}
