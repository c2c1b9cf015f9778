//! `CertificateDetail`: the gateway's response body, assembled from the parsed leaf and the form.

use crate::certificate::{Certificate, CertificateFields};
use crate::form::CertificateForm;
use crate::hex::hex;
use crate::time::UnixTime;
use serde::{Deserialize, Serialize};

/// The body the gateway answers with when it creates the certificate (`CertificateDetailResp`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct CertificateDetail {
    /// Certificate ID: 32 lowercase hex characters.
    pub id: String,
    /// The request's `name`.
    pub name: String,
    /// `global` or `instance`.
    #[serde(rename = "type")]
    pub cert_type: String,
    /// The gateway ID, or `common` for a global certificate.
    pub instance_id: String,
    /// The project ID of the request path.
    pub project_id: String,
    /// The leaf's fields, rendered as Go renders them.
    #[serde(flatten)]
    pub certificate: CertificateFields,
    /// Whether `trusted_root_ca` was given.
    pub is_has_trusted_root_ca: bool,
    /// The time of the request.
    pub create_time: UnixTime,
    /// The time of the request.
    pub update_time: UnixTime,
}

impl CertificateDetail {
    /// The response for `form`, whose first certificate is `leaf`, created at `now`.
    pub(crate) fn new(
        form: &CertificateForm,
        leaf: &Certificate<'_>,
        id: String,
        project_id: &str,
        now: UnixTime,
    ) -> Self {
        let cert_type = form.effective_type().to_owned();
        let instance_id = if cert_type == "global" {
            "common".to_owned()
        } else {
            form.instance_id.clone()
        };
        CertificateDetail {
            id,
            name: form.name.clone(),
            cert_type,
            instance_id,
            project_id: project_id.to_owned(),
            certificate: leaf.fields(),
            is_has_trusted_root_ca: !form.trusted_root_ca.is_empty(),
            create_time: now,
            update_time: now,
        }
    }
}

/// A certificate ID made from what identifies the request, so that the same request at the same
/// time gives the same ID (reproducible output for CI); the gateway makes a random one.
pub(crate) fn derived_id(form: &CertificateForm, leaf_der: &[u8], now: UnixTime) -> String {
    let mut ctx = ring::digest::Context::new(&ring::digest::SHA256);
    ctx.update(form.name.as_bytes());
    ctx.update(&[0]);
    ctx.update(leaf_der);
    ctx.update(&now.0.to_be_bytes());
    hex(&ctx.finish().as_ref()[..16])
}
