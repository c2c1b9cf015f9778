//! The gateway's error answers that do not come from the library: authentication, routing,
//! not-found, name conflicts, timeouts and internal failures. Every one is the gateway's
//! `{"error_code": ..., "error_msg": ...}` body (docs/server.md says what each is based on).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use cert_preflight::Rejection;
use serde::Serialize;

/// One error answer: HTTP status, `error_code`, `error_msg`, and for the IAM authentication
/// codes (`APIGW.*`) the `request_id` the gateway adds to them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// Such as `APIG.3023`.
    pub error_code: &'static str,
    /// The message; never holds request text other than a well-formed certificate ID.
    pub error_msg: String,
    /// Whether the body carries `request_id` (the IAM authentication answers do).
    pub with_request_id: bool,
}

#[derive(Serialize)]
struct Body<'a> {
    error_code: &'a str,
    error_msg: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_id: Option<&'a str>,
}

impl ApiError {
    fn new(status: StatusCode, error_code: &'static str, error_msg: impl Into<String>) -> Self {
        ApiError {
            status,
            error_code,
            error_msg: error_msg.into(),
            with_request_id: false,
        }
    }

    /// 404 APIG.0101: no API at this path (the gateway's answer for an unknown URL).
    pub fn no_such_api() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "APIG.0101",
            "The API does not exist or has not been published in the environment.",
        )
    }

    /// 404 APIG.0101: the path exists but not with this method.
    pub fn no_such_method() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "APIG.0101",
            "The API does not exist.",
        )
    }

    /// 404: no certificate with this ID in this project. The ID is echoed only when it has the
    /// gateway's form (32 lowercase hex characters), so that no request text (possibly key
    /// material pasted in the wrong place) is ever written back.
    pub fn certificate_not_found(id: &str) -> Self {
        let msg = if is_gateway_id(id) {
            format!("The certificate does not exist;id:{id}")
        } else {
            "The certificate does not exist".to_owned()
        };
        Self::new(StatusCode::NOT_FOUND, CODE_NOT_FOUND, msg)
    }

    /// 400: another certificate of the project has this name.
    pub fn name_taken() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            CODE_NAME_TAKEN,
            "The certificate name already exists",
        )
    }

    /// 400 APIG.2012 for a query parameter the gateway cannot read (`limit=abc`).
    pub fn invalid_query_parameter(name: &'static str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "APIG.2012",
            format!(
                "Invalid parameter value,parameterName:{name}. Please refer to the support documentation"
            ),
        )
    }

    /// 400 APIG.2006: the request body is larger than the library takes.
    pub fn body_too_long() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "APIG.2006",
            "The parameter is too long.",
        )
    }

    /// 400 APIG.2000: the body could not be read at all (the connection broke mid-body).
    pub fn body_unreadable() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "APIG.2000",
            "Parameter error: Serialization error: unexpected end of JSON input",
        )
    }

    /// 408: the request (headers aside) did not arrive in time.
    pub fn timeout() -> Self {
        Self::new(StatusCode::REQUEST_TIMEOUT, "APIG.0201", "Request timeout.")
    }

    /// 500 APIG.9999: something on our side failed; details go to the log, not the client.
    pub fn system_error() -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "APIG.9999",
            "System error",
        )
    }

    /// 401 APIGW.0301: IAM authentication failed, with the gateway's reason.
    pub fn unauthorized(reason: &str) -> Self {
        ApiError {
            with_request_id: true,
            ..Self::new(
                StatusCode::UNAUTHORIZED,
                "APIGW.0301",
                format!("Incorrect IAM authentication information: {reason}"),
            )
        }
    }
}

/// The not-found code (inferred: the gateway does not publish its certificate not-found code;
/// docs/server.md).
pub const CODE_NOT_FOUND: &str = "APIG.3023";
/// The name-conflict code (inferred from the API page's only 400 example; docs/server.md).
pub const CODE_NAME_TAKEN: &str = "APIG.3325";

/// Whether `id` has the form of the gateway's certificate IDs: 32 lowercase hex characters.
pub fn is_gateway_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let request_id = self.with_request_id.then(crate::new_id);
        let body = Body {
            error_code: self.error_code,
            error_msg: &self.error_msg,
            request_id: request_id.as_deref(),
        };
        json_response(self.status, serde_json::to_vec(&body))
    }
}

/// The library's rejection as the gateway answers it: its status and its exact body.
pub fn rejection_response(rejection: &Rejection) -> Response {
    let status = StatusCode::from_u16(rejection.http_status()).unwrap_or(StatusCode::BAD_REQUEST);
    json_response(status, serde_json::to_vec(&rejection.body()))
}

/// A JSON response, its bytes as the gateway's Go `json.Marshal` writes them (`<`, `>`, `&`,
/// U+2028, U+2029 and control characters escaped as Go escapes them); a serialization failure
/// (which our types cannot produce) becomes a 500.
pub fn json_response(status: StatusCode, body: serde_json::Result<Vec<u8>>) -> Response {
    match body {
        Ok(bytes) => {
            // serde_json writes UTF-8.
            let go = cert_preflight::go_json(&String::from_utf8_lossy(&bytes));
            let mut response = (status, go).into_response();
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "response serialization failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "").into_response()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_found_echoes_only_gateway_ids() {
        let id = "a27be832f2e9441c8127fe48e3b5ac67";
        assert!(ApiError::certificate_not_found(id).error_msg.ends_with(id));
        let pasted = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0w";
        assert!(!ApiError::certificate_not_found(pasted)
            .error_msg
            .contains("MIGH"));
    }
}
