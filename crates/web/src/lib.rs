//! Scrutiny's live dashboard: server-rendered pages and a read-only JSON API
//! over the latest imported snapshot.
//!
//! Every route is one entry of [`ROUTES`], which names the access it needs;
//! the router is built from that table alone and one dispatcher checks the
//! session, the role and the form token before any handler runs, and writes
//! the access log after any page that shows children's records. A handler
//! cannot be reached any other way.

pub mod auth;
pub mod data;
mod pages;
pub mod view;

use auth::{RateLimit, Role, Signer, Viewer};
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Multipart, Path as UrlPath, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Router;
use data::Data;
use scrutiny_model::Period;
use scrutiny_store::Store;
use std::collections::{BTreeMap, HashMap};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;
use view::View;

/// How a route may be reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Signing in, and the stylesheet.
    Public,
    /// Any signed-in role; the handler shapes figures to the role (members see suppressed ones).
    SignedIn,
    /// Child-level records: managers (their own teams) and analysts.
    Children,
    /// Editing the improvement plan: officers (managers and analysts), never members or administrators.
    Officer,
    /// Imports: analysts.
    Analyst,
    /// Users and the access log: administrators.
    Admin,
}

impl Access {
    pub fn allows(self, role: Role) -> bool {
        match self {
            Access::Public | Access::SignedIn => true,
            Access::Children | Access::Officer => matches!(role, Role::Manager | Role::Analyst),
            Access::Analyst => role == Role::Analyst,
            Access::Admin => role == Role::Admin,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

/// What a handler returns.
pub enum Out {
    View(View),
    /// 303 See Other, with cookies to set.
    Redirect(String, Vec<String>),
    /// A page with cookies to set (the sign-in form).
    ViewWithCookies(View, Vec<String>),
    Asset(&'static str, &'static str),
}

#[derive(Debug)]
pub enum Fail {
    NotFound(String),
    Forbidden(String),
    BadRequest(String),
    /// Nothing imported yet.
    NoData,
    Internal(anyhow::Error),
}

impl<E: Into<anyhow::Error>> From<E> for Fail {
    fn from(e: E) -> Fail {
        Fail::Internal(e.into())
    }
}

pub type Handler = fn(&Req) -> Result<Out, Fail>;

pub struct RouteSpec {
    pub method: Method,
    /// axum path syntax: `/indicators/{id}`.
    pub path: &'static str,
    pub access: Access,
    pub handler: Handler,
}

const fn r(method: Method, path: &'static str, access: Access, handler: Handler) -> RouteSpec {
    RouteSpec { method, path, access, handler }
}

use Access::{Admin as AD, Analyst as AN, Children as CH, Officer as OF, Public as PU, SignedIn as SI};
use Method::{Get as G, Post as P};

/// Every route of the dashboard and its API, and who may use it.
pub const ROUTES: &[RouteSpec] = &[
    r(G, "/assets/scrutiny.css", PU, pages::stylesheet),
    r(G, "/login", PU, pages::login_form),
    r(P, "/login", PU, pages::login),
    r(P, "/logout", SI, pages::logout),
    r(G, "/", SI, pages::home),
    r(G, "/domains/{key}", SI, pages::domain),
    r(G, "/indicators/{id}", SI, pages::indicator),
    r(G, "/indicators/{id}/children", CH, pages::children),
    r(G, "/exceptions", CH, pages::exceptions),
    r(G, "/caseloads", SI, pages::caseloads),
    r(G, "/workforce", SI, pages::workforce),
    r(G, "/plan", SI, pages::plan),
    r(G, "/plan/actions/{ref}", SI, pages::plan_action),
    r(P, "/plan/actions/{ref}", OF, pages::edit_plan_action),
    r(G, "/imports", AN, pages::imports),
    r(P, "/imports", AN, pages::upload),
    r(G, "/imports/{token}", AN, pages::staged),
    r(P, "/imports/{token}/accept", AN, pages::accept),
    r(P, "/imports/{token}/reject", AN, pages::reject),
    r(G, "/users", AD, pages::users),
    r(P, "/users", AD, pages::add_user),
    r(P, "/users/{name}/disable", AD, pages::disable_user),
    r(P, "/users/{name}/reset", AD, pages::reset_user),
    r(G, "/access-log", AD, pages::access_log),
    // The API: the same handlers, as JSON.
    r(G, "/api/home", SI, pages::home),
    r(G, "/api/indicators", SI, pages::all_indicators),
    r(G, "/api/domains/{key}", SI, pages::domain),
    r(G, "/api/indicators/{id}", SI, pages::indicator),
    r(G, "/api/indicators/{id}/children", CH, pages::children),
    r(G, "/api/exceptions", CH, pages::exceptions),
    r(G, "/api/caseloads", SI, pages::caseloads),
    r(G, "/api/workforce", SI, pages::workforce),
    r(G, "/api/plan", SI, pages::plan),
    r(G, "/api/plan/actions/{ref}", SI, pages::plan_action),
    r(G, "/api/imports", AN, pages::imports),
    r(G, "/api/users", AD, pages::users),
    r(G, "/api/access-log", AD, pages::access_log),
];

pub const SESSION_COOKIE: &str = "scrutiny_session";
pub const LOGIN_COOKIE: &str = "scrutiny_login";

pub struct Options {
    /// Sessions end after this long without a request.
    pub idle_timeout: Duration,
    /// Mark cookies `Secure` (on unless serving on a loopback address, where browsers allow plain HTTP).
    pub secure_cookies: bool,
    /// Largest upload accepted, in bytes.
    pub upload_limit: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options { idle_timeout: Duration::from_secs(30 * 60), secure_cookies: true, upload_limit: 512 * 1024 * 1024 }
    }
}

/// Files uploaded for import, validated, waiting for an analyst to accept or reject them.
pub struct Staged {
    pub dir: tempfile::TempDir,
    pub by: String,
    pub names: Vec<String>,
    pub inputs: scrutiny_ingest::Inputs,
    pub issues: Vec<scrutiny_ingest::Issue>,
    /// The improvement plan, audit and committee files among them, kept in their
    /// own folder, with what checking them found; read again when accepted.
    pub governance: Option<StagedGovernance>,
}

pub struct StagedGovernance {
    pub dir: PathBuf,
    pub files: Vec<(String, scrutiny_plan::FileKind)>,
    pub problems: Vec<scrutiny_plan::Problem>,
}

impl Staged {
    pub fn errors(&self) -> usize {
        self.issues.iter().filter(|i| i.severity == scrutiny_ingest::Severity::Error).count() + self.governance.as_ref().map_or(0, |g| g.problems.len())
    }

    /// Why the upload cannot be imported as it is, if it cannot.
    pub fn refusal(&self) -> Option<String> {
        let errors = self.errors();
        if errors > 0 || !self.inputs.unreadable.is_empty() {
            Some(format!("This upload has {errors} error(s) or unreadable files and cannot be imported: fix them and upload the files again."))
        } else if self.inputs.files.is_empty() && self.governance.as_ref().is_none_or(|g| g.files.is_empty()) {
            Some("This upload holds no returns and no plan, audit or committee files.".into())
        } else {
            None
        }
    }
}

/// A staged file's name as uploaded (staged plan files are numbered to keep names apart).
pub fn uploaded_name(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name.split_once('-') {
        Some((n, rest)) if n.len() == 3 && n.bytes().all(|b| b.is_ascii_digit()) => rest,
        _ => name,
    }
}

pub struct App {
    pub db: PathBuf,
    store: Mutex<Store>,
    data: RwLock<Option<Arc<Data>>>,
    pub signer: Signer,
    pub limiter: RateLimit,
    pub options: Options,
    pub staging: Mutex<HashMap<String, Arc<Staged>>>,
    /// A hash to check against when the user does not exist, so timing does not tell.
    dummy_hash: String,
}

impl App {
    pub fn open(db: &Path, options: Options) -> anyhow::Result<Arc<App>> {
        let store = Store::open(db)?;
        let data = Data::load(db)?.map(Arc::new);
        Ok(Arc::new(App {
            db: db.to_path_buf(),
            store: Mutex::new(store),
            data: RwLock::new(data),
            signer: Signer::new(),
            limiter: RateLimit::default(),
            options,
            staging: Mutex::new(HashMap::new()),
            dummy_hash: auth::hash_password(&auth::random_token())?,
        }))
    }

    /// The store, for the short reads and writes of sessions, users and the log.
    pub fn store(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn data(&self) -> Option<Arc<Data>> {
        self.data.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Re-reads the latest snapshot (after an import).
    pub fn reload(&self) -> anyhow::Result<()> {
        let fresh = Data::load(&self.db)?.map(Arc::new);
        *self.data.write().unwrap_or_else(|e| e.into_inner()) = fresh;
        Ok(())
    }

    /// Holds the improvement plan as just read from the store, after an edit.
    pub fn set_governance(&self, governance: scrutiny_plan::Governance) {
        if let Some(d) = self.data() {
            d.set_governance(governance);
        }
    }

    /// Computes the default period's scorecards now, so the first visitor does not wait.
    pub fn warm(&self) {
        if let Some(d) = self.data() {
            for role in Role::ALL {
                let _ = d.report(d.default_period, role.edition());
            }
        }
    }

    fn cookie(&self, name: &str, value: &str, path: &str, max_age: Option<u64>) -> String {
        let mut c = format!("{name}={value}; Path={path}; HttpOnly; SameSite=Strict");
        if let Some(s) = max_age {
            c.push_str(&format!("; Max-Age={s}"));
        }
        if self.options.secure_cookies {
            c.push_str("; Secure");
        }
        c
    }
}

/// A request as a handler sees it.
pub struct Req {
    pub app: Arc<App>,
    pub viewer: Option<Viewer>,
    pub path: String,
    pub params: HashMap<String, String>,
    pub query: Vec<(String, String)>,
    pub form: HashMap<String, String>,
    /// Uploaded files, saved to a temporary folder, as paths within it.
    pub uploads: Option<(tempfile::TempDir, Vec<String>)>,
    pub cookies: HashMap<String, String>,
    pub client_ip: Option<IpAddr>,
    pub api: bool,
}

impl Req {
    pub fn q(&self, key: &str) -> Option<&str> {
        self.query.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).filter(|v| !v.is_empty())
    }

    pub fn param(&self, key: &str) -> &str {
        self.params.get(key).map_or("", String::as_str)
    }

    pub fn viewer(&self) -> Result<&Viewer, Fail> {
        self.viewer.as_ref().ok_or_else(|| Fail::Forbidden("sign in first".into()))
    }

    pub fn data(&self) -> Result<Arc<Data>, Fail> {
        self.app.data().ok_or(Fail::NoData)
    }

    /// The chosen period, else the latest complete quarter.
    pub fn period(&self, data: &Data) -> Result<Period, Fail> {
        match self.q("period") {
            Some(p) => p.parse().map_err(|e| Fail::BadRequest(format!("{e}"))),
            None => Ok(data.default_period),
        }
    }
}

fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

fn cookies(headers: &HeaderMap) -> HashMap<String, String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('=').map(|(k, v)| (k.to_string(), v.to_string())))
        .collect()
}

/// The signed-in user of a session cookie, if the session is live.
fn session_viewer(app: &App, cookies: &HashMap<String, String>) -> Result<Option<Viewer>, Fail> {
    let Some(id) = cookies.get(SESSION_COOKIE).and_then(|c| app.signer.verify(c)) else { return Ok(None) };
    let hash = auth::sha256_hex(id);
    let store = app.store();
    let Some(s) = store.session(&hash)? else { return Ok(None) };
    let now = now_secs();
    if now - s.last_seen > app.options.idle_timeout.as_secs() as i64 {
        store.end_session(&hash)?;
        return Ok(None);
    }
    // Once a minute is enough to keep the idle clock, and keeps writes off the hot path.
    if now - s.last_seen >= 60 {
        store.touch_session(&hash, now)?;
    }
    let Some(role) = Role::parse(&s.user.role) else { return Ok(None) };
    Ok(Some(Viewer { name: s.user.name, role, teams: s.user.teams, csrf: s.csrf }))
}

enum Format {
    Html,
    Csv,
    Json,
}

async fn dispatch(app: Arc<App>, spec: &'static RouteSpec, req: Request) -> Response {
    let api = spec.path.starts_with("/api/");
    let (mut parts, body) = req.into_parts();
    let jar = cookies(&parts.headers);
    let viewer = match session_viewer(&app, &jar) {
        Ok(v) => v,
        Err(f) => return failure(&app, None, f, api),
    };
    if spec.access != Access::Public {
        match &viewer {
            None if api => return (StatusCode::UNAUTHORIZED, json_body(&serde_json::json!({ "error": "sign in first" }))).into_response(),
            None => {
                let next = parts.uri.path_and_query().map_or("/", |p| p.as_str());
                let to = if spec.method == Method::Get { format!("/login?next={}", view::encode(next)) } else { "/login".into() };
                return redirect(&to, Vec::new());
            }
            Some(v) if !spec.access.allows(v.role) => {
                return failure(&app, viewer.as_ref(), Fail::Forbidden(format!("The {} role cannot see this page.", v.role.name())), api)
            }
            Some(_) => {}
        }
    }
    let params: HashMap<String, String> = match UrlPath::<HashMap<String, String>>::from_request_parts(&mut parts, &()).await {
        Ok(UrlPath(p)) => p,
        Err(_) => HashMap::new(),
    };
    let query: Vec<(String, String)> = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri).map(|q| q.0).unwrap_or_default();
    let client_ip = parts.extensions.get::<axum::extract::ConnectInfo<SocketAddr>>().map(|c| c.0.ip());
    let path = parts.uri.path().to_string();
    let multipart = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).is_some_and(|v| v.starts_with("multipart/form-data"));
    let mut form = HashMap::new();
    let mut uploads = None;
    if spec.method == Method::Post {
        let request = Request::from_parts(parts, body);
        if multipart {
            match read_multipart(request, &app).await {
                Ok((f, u)) => {
                    form = f;
                    uploads = Some(u);
                }
                Err(e) => return failure(&app, viewer.as_ref(), e, api),
            }
        } else {
            match axum::Form::<Vec<(String, String)>>::from_request(request, &()).await {
                Ok(axum::Form(f)) => form = f.into_iter().collect(),
                Err(e) => return failure(&app, viewer.as_ref(), Fail::BadRequest(e.body_text()), api),
            }
        }
        // Every state-changing form of a signed-in user carries the session's token.
        if let Some(v) = &viewer {
            if spec.access != Access::Public && !form.get("csrf").is_some_and(|t| auth::same(t, &v.csrf)) {
                return failure(
                    &app,
                    viewer.as_ref(),
                    Fail::Forbidden("The form has expired or did not come from this site. Go back, reload the page and try again.".into()),
                    api,
                );
            }
        }
    }
    let format = if api {
        Format::Json
    } else if query.iter().any(|(k, v)| k == "format" && v == "csv") {
        Format::Csv
    } else {
        Format::Html
    };
    let table = query.iter().find(|(k, _)| k == "table").map(|(_, v)| v.clone());
    let what = match query.is_empty() {
        true => path.clone(),
        false => format!("{path}{}", view::query_string(&query)),
    };
    let req = Req { app: app.clone(), viewer: viewer.clone(), path, params, query, form, uploads, cookies: jar, client_ip, api };
    let handler = spec.handler;
    let outcome = match tokio::task::spawn_blocking(move || {
        let out = handler(&req);
        (req, out)
    })
    .await
    {
        Ok(x) => x,
        Err(e) => return failure(&app, viewer.as_ref(), Fail::Internal(anyhow::anyhow!("the page failed: {e}")), api),
    };
    let (req, out) = outcome;
    match out {
        Err(f) => failure(&app, viewer.as_ref(), f, api),
        Ok(Out::Redirect(to, cookies)) => redirect(&to, cookies),
        Ok(Out::Asset(content_type, body)) => ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "public, max-age=3600")], body).into_response(),
        Ok(Out::ViewWithCookies(v, cookies)) => {
            let mut resp = render(&app, &req, v, Format::Html, None, &what);
            for c in cookies {
                if let Ok(h) = HeaderValue::from_str(&c) {
                    resp.headers_mut().append(header::SET_COOKIE, h);
                }
            }
            resp
        }
        Ok(Out::View(v)) => render(&app, &req, v, format, table.as_deref(), &what),
    }
}

fn render(app: &App, req: &Req, v: View, format: Format, table: Option<&str>, what: &str) -> Response {
    // Child-level records are logged before they leave the server; if the log cannot be written, nothing is shown.
    if let (Some(ids), Some(viewer)) = (&v.children_shown, &req.viewer) {
        let action = match format {
            Format::Html => "view",
            Format::Csv => "csv",
            Format::Json => "api",
        };
        let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
        if let Err(e) = app.store().log_access(&viewer.name, viewer.role.name(), action, what, &refs) {
            return failure(app, req.viewer.as_ref(), Fail::Internal(e.into()), req.api);
        }
    }
    let status = StatusCode::from_u16(v.status).unwrap_or(StatusCode::OK);
    match format {
        Format::Json => (status, json_body(&view::json(&v))).into_response(),
        Format::Csv => match view::csv(&v, table) {
            Some((name, bytes)) => (
                status,
                [(header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()), (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{name}\""))],
                bytes,
            )
                .into_response(),
            None => failure(app, req.viewer.as_ref(), Fail::NotFound("This page has no such table.".into()), false),
        },
        Format::Html => {
            let data = app.data();
            let council = data.as_ref().map_or_else(|| "Scrutiny".to_string(), |d| d.council_name());
            let periods = data.as_ref().map_or(&[][..], |d| &d.periods[..]);
            let query: Vec<(String, String)> = req.query.iter().filter(|(k, _)| !matches!(k.as_str(), "period" | "format" | "table")).cloned().collect();
            let chrome = view::Chrome { viewer: req.viewer.as_ref(), council: &council, path: &req.path, query: &query, periods };
            (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], view::layout(&v, &chrome)).into_response()
        }
    }
}

fn json_body(v: &serde_json::Value) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], serde_json::to_string(v).unwrap_or_default()).into_response()
}

fn redirect(to: &str, cookies: Vec<String>) -> Response {
    let mut resp = Response::builder().status(StatusCode::SEE_OTHER).header(header::LOCATION, to).body(Body::empty()).unwrap_or_default();
    for c in cookies {
        if let Ok(h) = HeaderValue::from_str(&c) {
            resp.headers_mut().append(header::SET_COOKIE, h);
        }
    }
    resp
}

fn failure(app: &App, viewer: Option<&Viewer>, f: Fail, api: bool) -> Response {
    let (status, title, message) = match f {
        Fail::NotFound(m) => (StatusCode::NOT_FOUND, "Page not found", m),
        Fail::Forbidden(m) => (StatusCode::FORBIDDEN, "You do not have access to this page", m),
        Fail::BadRequest(m) => (StatusCode::BAD_REQUEST, "There is a problem", m),
        Fail::NoData => (
            StatusCode::SERVICE_UNAVAILABLE,
            "No returns imported yet",
            "Import the council's returns first: `scrutiny import FILES --db DB`, or upload them on the Imports page.".into(),
        ),
        Fail::Internal(e) => {
            tracing::error!("{e:#}");
            (StatusCode::INTERNAL_SERVER_ERROR, "Sorry, there is a problem with the service", "The error has been logged on the server.".into())
        }
    };
    if api {
        return (status, json_body(&serde_json::json!({ "error": title, "detail": message }))).into_response();
    }
    let v = View {
        title: title.into(),
        before: Some(maud::html! { p.govuk-body { (message) } p.govuk-body { a.govuk-link href="/" { "Go to the home page" } } }),
        ..View::default()
    };
    let council = app.data().map_or_else(|| "Scrutiny".to_string(), |d| d.council_name());
    let chrome = view::Chrome { viewer, council: &council, path: "", query: &[], periods: &[] };
    (status, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], view::layout(&v, &chrome)).into_response()
}

async fn read_multipart(request: Request, app: &App) -> Result<(HashMap<String, String>, (tempfile::TempDir, Vec<String>)), Fail> {
    let mut mp = Multipart::from_request(request, &()).await.map_err(|e| Fail::BadRequest(e.body_text()))?;
    let dir = tempfile::Builder::new().prefix("scrutiny-upload-").tempdir()?;
    let mut form = HashMap::new();
    let mut names = Vec::new();
    let mut total = 0usize;
    while let Some(mut field) = mp.next_field().await.map_err(|e| Fail::BadRequest(e.body_text()))? {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file) if !file.is_empty() => {
                // Keep the base name only: an uploaded name must not climb out of the folder.
                let base: String = Path::new(&file).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                if base.is_empty() || base.starts_with('.') {
                    return Err(Fail::BadRequest(format!("'{file}' is not a file name that can be imported")));
                }
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(|e| Fail::BadRequest(e.body_text()))? {
                    total += chunk.len();
                    if total > app.options.upload_limit {
                        return Err(Fail::BadRequest(format!("The upload is larger than {} MB.", app.options.upload_limit / 1_000_000)));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                // A folder per file: returns of different years share names.
                let rel = format!("{:03}/{base}", names.len());
                std::fs::create_dir_all(dir.path().join(format!("{:03}", names.len())))?;
                std::fs::write(dir.path().join(&rel), bytes)?;
                names.push(rel);
            }
            _ => {
                let text = field.text().await.map_err(|e| Fail::BadRequest(e.body_text()))?;
                form.insert(name, text);
            }
        }
    }
    Ok((form, (dir, names)))
}

/// Headers on every response, including errors and the stylesheet.
async fn security_headers(req: Request, next: axum::middleware::Next) -> Response {
    let mut resp = next.run(req).await;
    let h = resp.headers_mut();
    let set = |h: &mut HeaderMap, k: &'static str, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    set(
        h,
        "content-security-policy",
        "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
    set(h, "x-frame-options", "DENY");
    set(h, "x-content-type-options", "nosniff");
    set(h, "referrer-policy", "no-referrer");
    set(h, "cross-origin-opener-policy", "same-origin");
    set(h, "permissions-policy", "camera=(), microphone=(), geolocation=()");
    if !h.contains_key(header::CACHE_CONTROL) {
        set(h, "cache-control", "no-store");
    }
    resp
}

async fn not_found(State(app): State<Arc<App>>, headers: HeaderMap) -> Response {
    let viewer = session_viewer(&app, &cookies(&headers)).ok().flatten();
    failure(&app, viewer.as_ref(), Fail::NotFound("If you typed the web address, check it is correct.".into()), false)
}

/// The router: exactly the routes of [`ROUTES`], each behind the dispatcher.
pub fn router(app: Arc<App>) -> Router {
    let mut by_path: BTreeMap<&'static str, MethodRouter<Arc<App>>> = BTreeMap::new();
    for spec in ROUTES {
        let handler = move |State(app): State<Arc<App>>, req: Request| dispatch(app, spec, req);
        let filter = match spec.method {
            Method::Get => MethodFilter::GET,
            Method::Post => MethodFilter::POST,
        };
        let entry = by_path.remove(spec.path);
        let mr = match entry {
            Some(mr) => mr.on(filter, handler),
            None => on(filter, handler),
        };
        by_path.insert(spec.path, mr);
    }
    let limit = app.options.upload_limit;
    let mut router = Router::new();
    for (path, mr) in by_path {
        router = router.route(path, mr);
    }
    router.fallback(not_found).layer(DefaultBodyLimit::max(limit)).layer(axum::middleware::from_fn(security_headers)).with_state(app)
}

/// Serves until the process is stopped.
pub fn serve(app: Arc<App>, addr: SocketAddr) -> anyhow::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread().enable_io().build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr).await.map_err(|e| anyhow::anyhow!("cannot listen on {addr}: {e}"))?;
        let app_for_warm = app.clone();
        tokio::task::spawn_blocking(move || app_for_warm.warm());
        axum::serve(listener, router(app).into_make_service_with_connect_info::<SocketAddr>()).await?;
        Ok(())
    })
}
