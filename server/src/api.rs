//! The endpoints of the dedicated gateway's v2 SSL-certificate management, and the middleware
//! around them (bounded body, authentication, timeout, request log).

use crate::auth::{query_pairs, AuthConfig, SignedRequest};
use crate::errors::{json_response, rejection_response, ApiError};
use crate::store::{ListFilter, Store, StoreError};
use axum::body::{Body, Bytes};
use axum::extract::{MatchedPath, Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, MethodRouter};
use axum::Router;
use cert_preflight::{preflight, CertificateDetail, CertificateForm, Options, UnixTime};
use serde::Serialize;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// Most bytes of a request body taken: the library's bound, which `CertificateForm::from_json`
/// enforces too.
pub use cert_preflight::MAX_BODY_BYTES;

/// Longest path segment looked up (IDs are 32 characters; project IDs 32).
const MAX_SEGMENT: usize = 64;

/// The clock requests are checked against.
#[derive(Clone, Copy, Debug)]
pub enum Clock {
    /// The real time of each request.
    System,
    /// A pinned instant (`--at`, for tests).
    Pinned(UnixTime),
}

impl Clock {
    /// Now, to the second.
    pub fn now(self) -> UnixTime {
        match self {
            Clock::Pinned(t) => t,
            Clock::System => UnixTime(
                SystemTime::now()
                    .duration_since(UNIX_EPOCH)
                    .map(|d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
                    .unwrap_or(0),
            ),
        }
    }
}

/// What every handler shares.
pub struct AppState {
    /// The certificates.
    pub store: Arc<Store>,
    /// The clock.
    pub clock: Clock,
    /// Who may call.
    pub auth: AuthConfig,
    /// The longest a request may take, body included.
    pub request_timeout: Duration,
}

type Shared = Arc<AppState>;

/// The router: the certificate endpoints behind authentication, `/health` without.
pub fn router(state: Shared) -> Router {
    let collection: MethodRouter<Shared> = get(list).post(create);
    let item: MethodRouter<Shared> = get(show).put(update).delete(remove);
    let api = Router::new()
        .route("/v2/{project_id}/apigw/certificates", collection)
        .route("/v2/{project_id}/apigw/certificates/{certificate_id}", item)
        .route_layer(middleware::from_fn_with_state(state.clone(), authenticate));
    Router::new()
        .merge(api)
        .route("/health", get(health))
        .fallback(|| async { ApiError::no_such_api() })
        .method_not_allowed_fallback(|| async { ApiError::no_such_method() })
        .layer(middleware::from_fn_with_state(state.clone(), guard))
        .with_state(state)
}

/// Outermost: the request timeout (slow bodies included), the `X-Request-Id` header, and one
/// log line per request with method, route template, status and time: never a header value,
/// a body, a query or a raw path (any of which could carry a secret).
async fn guard(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or("<unmatched>", |p| p.as_str())
        .to_owned();
    let mut response = match tokio::time::timeout(state.request_timeout, next.run(request)).await {
        Ok(response) => response,
        Err(_) => ApiError::timeout().into_response(),
    };
    let request_id = crate::new_id();
    if let Ok(value) = HeaderValue::from_str(&request_id) {
        response.headers_mut().insert("x-request-id", value);
    }
    tracing::info!(
        %method,
        route = %route,
        status = response.status().as_u16(),
        micros = started.elapsed().as_micros() as u64,
        request_id = %request_id,
        "request"
    );
    response
}

/// Reads the body (at most [`MAX_BODY_BYTES`]) and checks the caller before any handler runs.
async fn authenticate(State(state): State<Shared>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let declared = parts
        .headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return close(ApiError::body_too_long().into_response());
    }
    let bytes = match axum::body::to_bytes(body, MAX_BODY_BYTES).await {
        Ok(bytes) => bytes,
        Err(e) if is_length_limit(&e) => return close(ApiError::body_too_long().into_response()),
        Err(_) => return close(ApiError::body_unreadable().into_response()),
    };
    let signed = SignedRequest {
        method: &parts.method,
        path: parts.uri.path(),
        query: parts.uri.query().unwrap_or(""),
        headers: &parts.headers,
        body: &bytes,
    };
    match state.auth.check(&signed) {
        Ok(how) => tracing::debug!(?how, "authenticated"),
        Err(e) => {
            tracing::info!(error_code = e.error_code, "authentication refused");
            return e.into_response();
        }
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

/// Whether the body error is the length limit (the rest of the body is then left unread).
fn is_length_limit(e: &axum::Error) -> bool {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = source {
        if err.to_string().contains("length limit") {
            return true;
        }
        source = err.source();
    }
    false
}

/// Asks the client to close the connection (the rest of its body is not read).
fn close(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

async fn health(State(state): State<Shared>) -> Response {
    let store = state.store.clone();
    let ok = blocking(move || store.list("", &ListFilter::default(), 1, 0)).await;
    match ok {
        Ok(_) => json_response(
            StatusCode::OK,
            serde_json::to_vec(&serde_json::json!({"status": "ok"})),
        ),
        Err(e) => e.into_response(),
    }
}

/// Path parameters, read leniently: a path that does not decode is an unknown API.
type ProjectPath = Result<Path<String>, axum::extract::rejection::PathRejection>;
type ItemPath = Result<Path<(String, String)>, axum::extract::rejection::PathRejection>;

fn project(path: ProjectPath) -> Result<String, ApiError> {
    let Path(project_id) = path.map_err(|_| ApiError::no_such_api())?;
    segment_ok(&project_id)
        .then_some(project_id)
        .ok_or_else(ApiError::no_such_api)
}

fn item(path: ItemPath) -> Result<(String, String), ApiError> {
    let Path((project_id, id)) = path.map_err(|_| ApiError::no_such_api())?;
    if !segment_ok(&project_id) {
        return Err(ApiError::no_such_api());
    }
    if id.is_empty() || id.len() > MAX_SEGMENT {
        return Err(ApiError::certificate_not_found(&id));
    }
    Ok((project_id, id))
}

fn segment_ok(s: &str) -> bool {
    !s.is_empty() && s.len() <= MAX_SEGMENT && !s.chars().any(char::is_control)
}

/// Runs a store call off the async threads; a panicking call becomes a 500, not a crash.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::task::spawn_blocking(f).await {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(StoreError::NotFound)) => Err(ApiError::system_error()),
        Ok(Err(StoreError::NameTaken)) => Err(ApiError::name_taken()),
        Ok(Err(StoreError::Internal(e))) => {
            tracing::error!(error = %e, "store failed");
            Err(ApiError::system_error())
        }
        Err(e) => {
            tracing::error!(error = %e, "store task failed");
            Err(ApiError::system_error())
        }
    }
}

/// Runs the library's pre-flight off the async threads (signature checks take milliseconds).
async fn check(
    form: CertificateForm,
    options: Options,
) -> Result<
    (
        CertificateForm,
        Result<cert_preflight::Accepted, cert_preflight::Rejection>,
    ),
    ApiError,
> {
    tokio::task::spawn_blocking(move || {
        let outcome = preflight(&form, &options);
        (form, outcome)
    })
    .await
    .map_err(|e| {
        tracing::error!(error = %e, "pre-flight task failed");
        ApiError::system_error()
    })
}

/// Reads the body as the gateway does: the library's APIG.2000/2006 when it cannot.
fn read_form(body: &[u8]) -> Result<CertificateForm, cert_preflight::Rejection> {
    CertificateForm::from_json(body).map_err(|diagnostic| {
        cert_preflight::Rejection::from_diagnostics(vec![diagnostic])
            .expect("one diagnostic makes a rejection")
    })
}

fn detail_response(detail: &CertificateDetail) -> Response {
    json_response(StatusCode::OK, serde_json::to_vec(detail))
}

/// `POST /v2/{project_id}/apigw/certificates`: the library's verdict; an accepted certificate
/// is stored (name unique in the project) and its detail answered.
async fn create(State(state): State<Shared>, path: ProjectPath, body: Bytes) -> Response {
    let project_id = match project(path) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let form = match read_form(&body) {
        Ok(form) => form,
        Err(rejection) => return rejection_response(&rejection),
    };
    let options = Options::new(state.clock.now())
        .project_id(project_id)
        .id(crate::new_id());
    let (form, outcome) = match check(form, options).await {
        Ok(done) => done,
        Err(e) => return e.into_response(),
    };
    let accepted = match outcome {
        Ok(accepted) => accepted,
        Err(rejection) => {
            tracing::info!(error_code = rejection.error_code(), "certificate refused");
            return rejection_response(&rejection);
        }
    };
    let store = state.store.clone();
    let detail = accepted.detail;
    let stored = detail.clone();
    match blocking(move || store.insert(&stored, &form)).await {
        Ok(()) => detail_response(&detail),
        Err(e) => e.into_response(),
    }
}

/// `GET .../certificates/{certificate_id}`: the stored detail (never the key).
async fn show(State(state): State<Shared>, path: ItemPath) -> Response {
    let (project_id, id) = match item(path) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let store = state.store.clone();
    let lookup_id = id.clone();
    match blocking(move || store.get(&project_id, &lookup_id)).await {
        Ok(Some(detail)) => detail_response(&detail),
        Ok(None) => ApiError::certificate_not_found(&id).into_response(),
        Err(e) => e.into_response(),
    }
}

/// `PUT .../certificates/{certificate_id}`: the same verdict as create; the ID and
/// `create_time` stay, `update_time` is now.
async fn update(State(state): State<Shared>, path: ItemPath, body: Bytes) -> Response {
    let (project_id, id) = match item(path) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let store = state.store.clone();
    let (p, i) = (project_id.clone(), id.clone());
    let existing = match blocking(move || store.get(&p, &i)).await {
        Ok(Some(detail)) => detail,
        Ok(None) => return ApiError::certificate_not_found(&id).into_response(),
        Err(e) => return e.into_response(),
    };
    let form = match read_form(&body) {
        Ok(form) => form,
        Err(rejection) => return rejection_response(&rejection),
    };
    let options = Options::new(state.clock.now())
        .project_id(project_id)
        .id(id.clone());
    let (form, outcome) = match check(form, options).await {
        Ok(done) => done,
        Err(e) => return e.into_response(),
    };
    let mut detail = match outcome {
        Ok(accepted) => accepted.detail,
        Err(rejection) => {
            tracing::info!(error_code = rejection.error_code(), "certificate refused");
            return rejection_response(&rejection);
        }
    };
    detail.create_time = existing.create_time;
    let store = state.store.clone();
    let stored = detail.clone();
    match tokio::task::spawn_blocking(move || store.update(&stored, &form)).await {
        Ok(Ok(())) => detail_response(&detail),
        Ok(Err(StoreError::NotFound)) => ApiError::certificate_not_found(&id).into_response(),
        Ok(Err(StoreError::NameTaken)) => ApiError::name_taken().into_response(),
        Ok(Err(StoreError::Internal(e))) => {
            tracing::error!(error = %e, "store failed");
            ApiError::system_error().into_response()
        }
        Err(_) => ApiError::system_error().into_response(),
    }
}

/// `DELETE .../certificates/{certificate_id}`: 204 without a body.
async fn remove(State(state): State<Shared>, path: ItemPath) -> Response {
    let (project_id, id) = match item(path) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let store = state.store.clone();
    let i = id.clone();
    match blocking(move || store.delete(&project_id, &i)).await {
        Ok(true) => StatusCode::NO_CONTENT.into_response(),
        Ok(false) => ApiError::certificate_not_found(&id).into_response(),
        Err(e) => e.into_response(),
    }
}

/// One entry of the list: the gateway's `CertBase`.
#[derive(Serialize)]
struct CertBase<'a> {
    id: &'a str,
    name: &'a str,
    #[serde(rename = "type")]
    cert_type: &'a str,
    instance_id: &'a str,
    project_id: &'a str,
    common_name: &'a str,
    san: &'a [String],
    not_after: UnixTime,
    signature_algorithm: &'a str,
    create_time: UnixTime,
    update_time: UnixTime,
    is_has_trusted_root_ca: bool,
}

impl<'a> From<&'a CertificateDetail> for CertBase<'a> {
    fn from(d: &'a CertificateDetail) -> Self {
        CertBase {
            id: &d.id,
            name: &d.name,
            cert_type: &d.cert_type,
            instance_id: &d.instance_id,
            project_id: &d.project_id,
            common_name: &d.certificate.common_name,
            san: &d.certificate.san,
            not_after: d.certificate.not_after,
            signature_algorithm: &d.certificate.signature_algorithm,
            create_time: d.create_time,
            update_time: d.update_time,
            is_has_trusted_root_ca: d.is_has_trusted_root_ca,
        }
    }
}

#[derive(Serialize)]
struct ListBody<'a> {
    size: usize,
    total: u64,
    certs: Vec<CertBase<'a>>,
}

/// The list query, as the API page documents it: `limit` at most 500 (<= 0 is 20), `offset`
/// from 0 (< 0 is 0), and the filters.
#[derive(Debug, PartialEq)]
pub struct ListQuery {
    /// Page size.
    pub limit: u32,
    /// Items skipped.
    pub offset: u64,
    /// Filters.
    pub filter: ListFilter,
}

impl PartialEq for ListFilter {
    fn eq(&self, o: &Self) -> bool {
        (
            &self.name,
            &self.common_name,
            &self.signature_algorithm,
            &self.cert_type,
            &self.instance_id,
        ) == (
            &o.name,
            &o.common_name,
            &o.signature_algorithm,
            &o.cert_type,
            &o.instance_id,
        )
    }
}

/// Reads the list query; an unreadable `limit` or `offset` gives APIG.2012. Unknown
/// parameters are ignored; an empty filter value is no filter.
pub fn parse_list_query(query: &str) -> Result<ListQuery, ApiError> {
    let mut q = ListQuery {
        limit: 20,
        offset: 0,
        filter: ListFilter::default(),
    };
    for (key, value) in query_pairs(query) {
        let text = (!value.is_empty()).then(|| value.clone());
        match key.as_str() {
            "limit" => {
                let n: i64 = value
                    .parse()
                    .map_err(|_| ApiError::invalid_query_parameter("limit"))?;
                q.limit = if n <= 0 { 20 } else { n.min(500) as u32 };
            }
            "offset" => {
                let n: i64 = value
                    .parse()
                    .map_err(|_| ApiError::invalid_query_parameter("offset"))?;
                q.offset = n.max(0) as u64;
            }
            "name" => q.filter.name = text,
            "common_name" => q.filter.common_name = text,
            "signature_algorithm" => q.filter.signature_algorithm = text,
            "type" => q.filter.cert_type = text,
            "instance_id" => q.filter.instance_id = text,
            _ => {}
        }
    }
    Ok(q)
}

/// `GET /v2/{project_id}/apigw/certificates`: `{size, total, certs}`.
async fn list(State(state): State<Shared>, path: ProjectPath, request: Request) -> Response {
    let project_id = match project(path) {
        Ok(p) => p,
        Err(e) => return e.into_response(),
    };
    let query = match parse_list_query(request.uri().query().unwrap_or("")) {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    let store = state.store.clone();
    let page =
        blocking(move || store.list(&project_id, &query.filter, query.limit, query.offset)).await;
    match page {
        Ok((total, details)) => {
            let certs: Vec<CertBase<'_>> = details.iter().map(CertBase::from).collect();
            let body = ListBody {
                size: certs.len(),
                total,
                certs,
            };
            json_response(StatusCode::OK, serde_json::to_vec(&body))
        }
        Err(e) => e.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_query_bounds_follow_the_api_page() {
        let q = parse_list_query("limit=0&offset=-5").unwrap();
        assert_eq!((q.limit, q.offset), (20, 0));
        assert_eq!(parse_list_query("limit=9999").unwrap().limit, 500);
        assert_eq!(parse_list_query("").unwrap().limit, 20);
        let e = parse_list_query("limit=ten").unwrap_err();
        assert_eq!(e.error_code, "APIG.2012");
        let q = parse_list_query("name=shop&type=global&name=").unwrap();
        assert_eq!(q.filter.name, None);
        assert_eq!(q.filter.cert_type.as_deref(), Some("global"));
    }
}
