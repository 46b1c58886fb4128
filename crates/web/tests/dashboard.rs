//! The dashboard through its router, as a browser would use it: signing in
//! for each role, every route × every role against the status it must give,
//! the access log, member pages without children's ids, CSV downloads, the
//! security headers, idle sessions and the login rate limit.

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use scrutiny_plan::FileKind;
use scrutiny_web::auth::{self, Role};
use scrutiny_web::{Access, App, Method, Options, ROUTES};
use std::sync::{Arc, OnceLock};
use tower::ServiceExt;

struct Fixture {
    app: Arc<App>,
    _dir: tempfile::TempDir,
    dataset: scrutiny_model::Dataset,
    manager_team: String,
}

const PASSWORD: &str = "a test password, long enough";

fn user(role: Role) -> String {
    format!("test-{}", role.name())
}

fn fixture() -> &'static Fixture {
    static F: OnceLock<Fixture> = OnceLock::new();
    F.get_or_init(|| {
        let options = scrutiny_synth::Options { seed: 11, size: scrutiny_synth::Size::Small, years: 2, until: "2024-25".parse().unwrap(), error_rate: 0.0 };
        let c = scrutiny_synth::generate(&options);
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("council.sqlite");
        let mut store = scrutiny_store::Store::open(&db).unwrap();
        let files = [scrutiny_store::FileMeta { path: "generated in the test".into(), hash: "00".into(), bytes: 0, format: "synthetic".into() }];
        store.import(&scrutiny_store::Import { files: &files, council: Some(&c.council), dataset: &c.dataset, issues: &[] }).unwrap();
        // The synthetic council's plan, audits and meetings, as `scrutiny import` stores them.
        let files = dir.path().join("council");
        scrutiny_synth::write_council(&c, &options, &files).unwrap();
        scrutiny_plan::import_files(&mut store, &[files.join("governance")], &FileKind::ALL).unwrap().unwrap();
        // The team that has held the most cases, so the manager's lists are not empty.
        let held = |t: &str| c.dataset.children.iter().flat_map(|c| &c.allocations).filter(|a| a.team == t).count();
        let manager_team = c.dataset.teams.iter().max_by_key(|t| held(&t.id)).unwrap().id.clone();
        for role in Role::ALL {
            let teams = if role == Role::Manager { vec![manager_team.clone()] } else { Vec::new() };
            auth::add_user(&store, &user(role), role, &teams, PASSWORD).unwrap();
        }
        drop(store);
        let app = App::open(&db, Options { secure_cookies: false, ..Options::default() }).unwrap();
        Fixture { app, _dir: dir, dataset: c.dataset, manager_team }
    })
}

async fn send_to(app: &Arc<App>, req: Request<Body>) -> Response<Body> {
    scrutiny_web::router(app.clone()).oneshot(req).await.unwrap()
}

async fn body(resp: Response<Body>) -> String {
    String::from_utf8(axum::body::to_bytes(resp.into_body(), usize::MAX).await.unwrap().to_vec()).unwrap()
}

fn set_cookies(resp: &Response<Body>) -> Vec<String> {
    resp.headers().get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap().to_string()).collect()
}

fn cookie_pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

fn hidden_csrf(html: &str) -> String {
    let at = html.find("name=\"csrf\" value=\"").expect("a form token") + "name=\"csrf\" value=\"".len();
    html[at..].split('"').next().unwrap().to_string()
}

fn form_body(pairs: &[(&str, &str)]) -> String {
    pairs.iter().map(|(k, v)| format!("{}={}", scrutiny_web::view::encode(k), scrutiny_web::view::encode(v))).collect::<Vec<_>>().join("&")
}

#[derive(Clone)]
struct Session {
    cookie: String,
    csrf: String,
}

async fn login_on(app: &Arc<App>, name: &str, password: &str) -> Response<Body> {
    let form = send_to(app, Request::get("/login").body(Body::empty()).unwrap()).await;
    let login_cookie = cookie_pair(&set_cookies(&form)[0]);
    let token = hidden_csrf(&body(form).await);
    let req = Request::post("/login")
        .header(header::COOKIE, login_cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form_body(&[("csrf", &token), ("name", name), ("password", password), ("next", "/")])))
        .unwrap();
    send_to(app, req).await
}

async fn login_as(name: &str, password: &str) -> Response<Body> {
    login_on(&fixture().app, name, password).await
}

async fn session_on(app: &Arc<App>, role: Role) -> Session {
    let resp = login_on(app, &user(role), PASSWORD).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{role:?} signs in");
    let set = set_cookies(&resp);
    let cookie = cookie_pair(set.iter().find(|c| c.starts_with(scrutiny_web::SESSION_COOKIE)).unwrap());
    let home = get_on(app, "/workforce", Some(&Session { cookie: cookie.clone(), csrf: String::new() })).await;
    assert_eq!(home.status(), StatusCode::OK);
    let csrf = hidden_csrf(&body(home).await);
    Session { cookie, csrf }
}

async fn session(role: Role) -> Session {
    session_on(&fixture().app, role).await
}

async fn get_on(app: &Arc<App>, path: &str, s: Option<&Session>) -> Response<Body> {
    let mut r = Request::get(path);
    if let Some(s) = s {
        r = r.header(header::COOKIE, &s.cookie);
    }
    send_to(app, r.body(Body::empty()).unwrap()).await
}

async fn get(path: &str, s: Option<&Session>) -> Response<Body> {
    get_on(&fixture().app, path, s).await
}

async fn post_form_on(app: &Arc<App>, path: &str, s: Option<&Session>, form: &[(&str, &str)]) -> Response<Body> {
    let mut r = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(s) = s {
        r = r.header(header::COOKIE, &s.cookie);
    }
    send_to(app, r.body(Body::from(form_body(form))).unwrap()).await
}

async fn post(path: &str, s: Option<&Session>, csrf: Option<&str>) -> Response<Body> {
    let form: Vec<(&str, &str)> = csrf.map(|c| ("csrf", c)).into_iter().collect();
    post_form_on(&fixture().app, path, s, &form).await
}

/// A concrete path for a route pattern.
fn concrete(path: &str) -> String {
    path.replace("{key}", "front_door").replace("{id}", "CP-01").replace("{token}", "no-such-upload").replace("{name}", "nobody").replace("{ref}", "IP-01")
}

/// What an allowed role gets from a route called with no further input.
fn allowed_status(method: Method, path: &str) -> StatusCode {
    match (method, path) {
        (Method::Get, "/imports/{token}") => StatusCode::NOT_FOUND,
        (Method::Post, "/logout") => StatusCode::SEE_OTHER,
        (Method::Post, "/imports" | "/users") => StatusCode::BAD_REQUEST,
        // A form with nothing to change: refused, and nothing is changed.
        (Method::Post, "/plan/actions/{ref}") => StatusCode::UNPROCESSABLE_ENTITY,
        (Method::Post, _) => StatusCode::NOT_FOUND,
        (Method::Get, _) => StatusCode::OK,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_gives_every_role_the_status_it_must() {
    // No route is open without a reason: only signing in and the stylesheet are public.
    let public: Vec<&str> = ROUTES.iter().filter(|r| r.access == Access::Public).map(|r| r.path).collect();
    assert_eq!(public, ["/assets/scrutiny.css", "/login", "/login"]);
    // Child-level routes are exactly the child lists and exceptions, page and API.
    let children: Vec<&str> = ROUTES.iter().filter(|r| r.access == Access::Children).map(|r| r.path).collect();
    assert_eq!(children, ["/indicators/{id}/children", "/exceptions", "/api/indicators/{id}/children", "/api/exceptions"]);

    // The plan page and its API are aggregates: every signed-in role may see them.
    let plan: Vec<(&str, Access)> = ROUTES.iter().filter(|r| r.path.ends_with("/plan")).map(|r| (r.path, r.access)).collect();
    assert_eq!(plan, [("/plan", Access::SignedIn), ("/api/plan", Access::SignedIn)]);
    // Every role reads an action; only officers (managers and analysts) change one.
    let actions: Vec<(Method, &str, Access)> = ROUTES.iter().filter(|r| r.path.contains("/plan/actions/")).map(|r| (r.method, r.path, r.access)).collect();
    assert_eq!(
        actions,
        [
            (Method::Get, "/plan/actions/{ref}", Access::SignedIn),
            (Method::Post, "/plan/actions/{ref}", Access::Officer),
            (Method::Get, "/api/plan/actions/{ref}", Access::SignedIn)
        ]
    );
    let officers: Vec<Role> = Role::ALL.into_iter().filter(|r| Access::Officer.allows(*r)).collect();
    assert_eq!(officers, [Role::Manager, Role::Analyst]);
    assert!(ROUTES.iter().filter(|r| r.access == Access::Officer).all(|r| r.method == Method::Post), "officers' routes are the edits");

    let mut sessions = Vec::new();
    for role in Role::ALL {
        sessions.push((role, session(role).await));
    }
    let mut failures = Vec::new();
    for route in ROUTES {
        if route.access == Access::Public {
            continue;
        }
        let path = concrete(route.path);
        let api = route.path.starts_with("/api/");
        // Signed out: the API says 401, pages send you to sign in.
        let resp = match route.method {
            Method::Get => get(&path, None).await,
            Method::Post => post(&path, None, None).await,
        };
        let want = if api { StatusCode::UNAUTHORIZED } else { StatusCode::SEE_OTHER };
        if resp.status() != want {
            failures.push(format!("{:?} {path} signed out: {} (want {want})", route.method, resp.status()));
        }
        for (role, s) in &sessions {
            let want = if route.access.allows(*role) { allowed_status(route.method, route.path) } else { StatusCode::FORBIDDEN };
            let resp = match route.method {
                Method::Get => get(&path, Some(s)).await,
                // Signing out ends the session: use one of its own.
                Method::Post if route.path == "/logout" => {
                    let own = session(*role).await;
                    post(&path, Some(&own), Some(&own.csrf)).await
                }
                Method::Post => post(&path, Some(s), Some(&s.csrf)).await,
            };
            if resp.status() != want {
                failures.push(format!("{:?} {path} as {role:?}: {} (want {want})", route.method, resp.status()));
            }
            // Every form needs the session's token.
            if route.method == Method::Post && route.access.allows(*role) && route.path != "/logout" {
                let resp = post(&path, Some(s), Some("forged")).await;
                if resp.status() != StatusCode::FORBIDDEN {
                    failures.push(format!("POST {path} as {role:?} with a forged token: {}", resp.status()));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Downloads are the same routes: a member cannot download a child list either.
    let member = &sessions[0].1;
    assert_eq!(get("/exceptions?format=csv", Some(member)).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(get("/indicators/CP-01/children?set=numerator&format=csv", Some(member)).await.status(), StatusCode::FORBIDDEN);
    // Unknown paths are not found, whoever asks.
    assert_eq!(get("/no/such/page", Some(member)).await.status(), StatusCode::NOT_FOUND);
}

fn log_len() -> usize {
    fixture().app.store().access_log(1_000_000).unwrap().len()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_manager_viewing_a_child_list_writes_one_log_entry_and_a_member_cannot_reach_one() {
    let manager = session(Role::Manager).await;
    let before = log_len();
    let resp = get("/indicators/REF-01/children?set=numerator&period=2024-25", Some(&manager)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let html = body(resp).await;
    let log = fixture().app.store().access_log(1).unwrap();
    assert_eq!(log_len(), before + 1);
    let e = &log[0];
    assert_eq!((e.user_name.as_str(), e.role.as_str(), e.action.as_str()), ("test-manager", "manager", "view"));
    assert_eq!(e.what, "/indicators/REF-01/children?set=numerator&period=2024-25");
    assert!(e.children > 0, "the manager's team referred no child in the year");
    // Only the manager's own team's children were shown, and the log names exactly those.
    let d = &fixture().dataset;
    let on = "2025-03-31".parse().unwrap();
    for id in e.child_ids.split(',').filter(|s| !s.is_empty()) {
        assert!(html.contains(id));
        let c = d.child(id).unwrap();
        let held = scrutiny_indicators::helpers::responsible_on(c, on).or_else(|| c.allocations.iter().filter(|a| a.start <= on).max_by_key(|a| a.start));
        assert_eq!(held.map(|a| a.team.as_str()), Some(fixture().manager_team.as_str()), "{id} is not the manager's team's");
    }
    // A download is logged as one too.
    let resp = get("/indicators/REF-01/children?set=numerator&period=2024-25&format=csv", Some(&manager)).await;
    assert_eq!(resp.headers()[header::CONTENT_TYPE], "text/csv; charset=utf-8");
    assert_eq!(log_len(), before + 2);
    assert_eq!(fixture().app.store().access_log(1).unwrap()[0].action, "csv");

    let member = session(Role::Member).await;
    let before = log_len();
    for path in ["/indicators/CP-01/children?set=numerator", "/exceptions?list=assessments-overdue", "/api/exceptions"] {
        assert_eq!(get(path, Some(&member)).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(log_len(), before, "a refused request writes nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn member_pages_show_no_child_and_no_small_count_id() {
    let member = session(Role::Member).await;
    let d = &fixture().dataset;
    for path in [
        "/",
        "/domains/child_protection",
        "/indicators/CP-01",
        "/indicators/REF-01",
        "/caseloads",
        "/workforce",
        "/plan",
        "/api/plan",
        "/plan?format=csv&table=plan-committee-actions",
        "/plan/actions/IP-01",
        "/api/plan/actions/IP-01",
        "/api/indicators",
        "/caseloads?format=csv&table=teams",
    ] {
        let resp = get(path, Some(&member)).await;
        assert_eq!(resp.status(), StatusCode::OK, "{path}");
        let text = scrutiny_report::check::html_text(&body(resp).await);
        let ids = scrutiny_report::check::child_identifiers(&text, d);
        assert!(ids.is_empty(), "{path} shows children: {:?}", &ids[..ids.len().min(5)]);
    }
    // The member's caseload table is suppressed as the member report is; the officer's is not.
    let analyst = session(Role::Analyst).await;
    let m = body(get("/caseloads?format=csv&table=teams", Some(&member)).await).await;
    let a = body(get("/caseloads?format=csv&table=teams", Some(&analyst)).await).await;
    assert_eq!(m.lines().count(), a.lines().count());
    assert!(!body(get("/caseloads", Some(&member)).await).await.contains("table-workers"), "members see no worker");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_security_headers_and_cookies_are_locked_down() {
    let resp = login_as(&user(Role::Analyst), PASSWORD).await;
    let cookies = set_cookies(&resp);
    let session = cookies.iter().find(|c| c.starts_with(scrutiny_web::SESSION_COOKIE)).unwrap();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Strict"), "{session}");
    for resp in [resp, get("/login", None).await, get("/nowhere", None).await] {
        let h = resp.headers();
        assert!(h["content-security-policy"].to_str().unwrap().contains("frame-ancestors 'none'"));
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h["x-content-type-options"], "nosniff");
    }
    // A signed cookie changed by one character is no session.
    let mut forged = cookie_pair(session);
    let last = forged.pop().unwrap();
    forged.push(if last == '0' { '1' } else { '0' });
    let s = Session { cookie: forged, csrf: String::new() };
    assert_eq!(get("/api/home", Some(&s)).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_sessions_end_and_logins_are_rate_limited() {
    let app = &fixture().app;
    let analyst = app.store().user_by_name(&user(Role::Analyst)).unwrap().unwrap();
    let id = auth::random_token();
    let idle = chrono::Utc::now().timestamp() - app.options.idle_timeout.as_secs() as i64 - 1;
    app.store().create_session(&auth::sha256_hex(&id), analyst.id, "t", idle).unwrap();
    let s = Session { cookie: format!("{}={}", scrutiny_web::SESSION_COOKIE, app.signer.sign(&id)), csrf: String::new() };
    assert_eq!(get("/api/home", Some(&s)).await.status(), StatusCode::UNAUTHORIZED);

    // Five wrong passwords, then even the right one is refused for a while.
    let name = "locked-out";
    auth::add_user(&app.store(), name, Role::Member, &[], PASSWORD).unwrap();
    for _ in 0..auth::MAX_FAILURES {
        assert_eq!(login_as(name, "not the password at all").await.status(), StatusCode::UNAUTHORIZED);
    }
    assert_eq!(login_as(name, PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // A disabled user cannot sign in (with the right password).
    {
        let store = app.store();
        auth::add_user(&store, "leaver", Role::Analyst, &[], PASSWORD).unwrap();
        store.disable("leaver").unwrap();
    }
    assert_eq!(login_as("leaver", PASSWORD).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_and_csv_serve_the_page_tables() {
    let analyst = session(Role::Analyst).await;
    let resp = get("/api/indicators?period=2024-25", Some(&analyst)).await;
    assert_eq!(resp.status(), StatusCode::OK);
    let v: serde_json::Value = serde_json::from_str(&body(resp).await).unwrap();
    assert_eq!(v["period"], "2024-25");
    let rows = v["tables"][0]["rows"].as_array().unwrap();
    assert_eq!(rows.len(), scrutiny_indicators::catalogue().len());
    // Comparators are shown as published or as null ("not available"), never made up.
    assert!(rows.iter().all(|r| r["England"].is_null() || r["England"].is_number()));
    let csv = body(get("/exceptions?list=assessments-overdue&format=csv", Some(&analyst)).await).await;
    assert!(csv.starts_with("Child,Held by,Team,Due,Working days overdue,Detail"));
}

/// A multipart body of every file under `dir`, with the session's form token first.
fn multipart(dir: &std::path::Path, csrf: &str, boundary: &str) -> Vec<u8> {
    let mut body = format!("--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n").into_bytes();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            // Flat, as a browser sends chosen files: the plan's files are told apart by their content.
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            body.extend(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .bytes(),
            );
            body.extend(std::fs::read(&p).unwrap());
            body.extend(b"\r\n");
        }
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    body
}

/// An analyst signed in on an empty database of their own, so uploads leave the shared fixture as it is.
async fn analyst_on_empty(dir: &std::path::Path) -> (Arc<App>, Session) {
    let db = dir.join("empty.sqlite");
    auth::add_user(&scrutiny_store::Store::open(&db).unwrap(), &user(Role::Analyst), Role::Analyst, &[], PASSWORD).unwrap();
    let app = App::open(&db, Options { secure_cookies: false, ..Options::default() }).unwrap();
    let resp = login_on(&app, &user(Role::Analyst), PASSWORD).await;
    let cookie = cookie_pair(set_cookies(&resp).iter().find(|c| c.starts_with(scrutiny_web::SESSION_COOKIE)).unwrap());
    let signed_in = Session { cookie, csrf: String::new() };
    // Nothing imported yet: figures are not available, imports are.
    assert_eq!(get_on(&app, "/", Some(&signed_in)).await.status(), StatusCode::SERVICE_UNAVAILABLE);
    let csrf = hidden_csrf(&body(get_on(&app, "/imports", Some(&signed_in)).await).await);
    (app, Session { csrf, ..signed_in })
}

/// Uploads every file below `files` and returns the address of the validation results.
async fn upload_on(app: &Arc<App>, s: &Session, files: &std::path::Path) -> String {
    let boundary = "scrutiny-test-boundary";
    let req = Request::post("/imports")
        .header(header::COOKIE, &s.cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(multipart(files, &s.csrf, boundary)))
        .unwrap();
    let resp = send_to(app, req).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    resp.headers()[header::LOCATION].to_str().unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_uploads_returns_sees_the_findings_and_accepts_them() {
    let dir = tempfile::tempdir().unwrap();
    let (app, analyst) = analyst_on_empty(dir.path()).await;
    let options = scrutiny_synth::Options { seed: 5, size: scrutiny_synth::Size::Small, years: 1, until: "2024-25".parse().unwrap(), error_rate: 0.0 };
    let files = dir.path().join("returns");
    scrutiny_synth::write_council(&scrutiny_synth::generate(&options), &options, &files).unwrap();
    let staged = upload_on(&app, &analyst, &files).await;
    let page = body(get_on(&app, &staged, Some(&analyst)).await).await;
    assert!(page.contains("Validation results") && page.contains("Accept and import"), "{}", &page[..page.len().min(3000)]);
    assert!(
        page.contains("improvement plan") && page.contains("practice audits") && page.contains("ModernGov committees or meeting"),
        "the plan's files are listed"
    );
    // The findings name children, so the view is logged.
    assert_eq!(app.store().access_log(10).unwrap()[0].what, staged);

    let resp = post_form_on(&app, &format!("{staged}/accept"), Some(&analyst), &[("csrf", &analyst.csrf)]).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.store().snapshots().unwrap().len(), 1);
    let plan = app.store().governance().unwrap();
    assert!(plan.actions.len() > 5 && !plan.audits.is_empty() && !plan.meetings.is_empty(), "the plan, audits and meetings are imported with the returns");
    assert_eq!(get_on(&app, "/", Some(&analyst)).await.status(), StatusCode::OK);
    // Accepted once: the upload is gone.
    assert_eq!(get_on(&app, &staged, Some(&analyst)).await.status(), StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_plan_file_with_a_problem_stops_the_whole_upload() {
    let dir = tempfile::tempdir().unwrap();
    let (app, analyst) = analyst_on_empty(dir.path()).await;
    // A Blue action with no evidence, uploaded alone.
    let files = dir.path().join("plan");
    std::fs::create_dir_all(&files).unwrap();
    std::fs::write(
        files.join("my_plan.csv"),
        "ref,theme,description,owner,start,due,status,status_date,status_by,evidence,indicators,source\n\
         IP-9,Help and protection,Weekly clinics,Head of service,2024-04-01,2024-09-30,Blue,2024-10-01,Performance officer,,CP-03,Ofsted\n",
    )
    .unwrap();
    let staged = upload_on(&app, &analyst, &files).await;
    let page = body(get_on(&app, &staged, Some(&analyst)).await).await;
    assert!(page.contains("SCR-PLAN") && page.contains("my_plan.csv") && page.contains("evidence"), "{}", &page[..page.len().min(4000)]);
    assert!(!page.contains("Accept and import"), "an upload with an error offers no import");
    let resp = post_form_on(&app, &format!("{staged}/accept"), Some(&analyst), &[("csrf", &analyst.csrf)]).await;
    assert_eq!(resp.status(), StatusCode::BAD_REQUEST);
    assert!(app.store().governance().unwrap().actions.is_empty(), "nothing was stored");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_member_cannot_work_out_a_hidden_count_from_its_total() {
    let member = session(Role::Member).await;
    let hidden = |v: &serde_json::Value| v == "c";
    let mut failures = Vec::new();
    for ind in scrutiny_indicators::catalogue() {
        let v: serde_json::Value =
            serde_json::from_str(&body(get(&format!("/api/indicators/{}?period=2024-25-Q4", ind.id), Some(&member)).await).await).unwrap();
        let tables = v["tables"].as_array().unwrap();
        // The totals the parts sit beside: the trend table's row for the period.
        let trend = tables.iter().find(|t| t["name"] == "trend").unwrap();
        let total = trend["rows"].as_array().unwrap().last().unwrap().clone();
        for t in tables.iter().filter(|t| t["name"].as_str().unwrap().starts_with("by-")) {
            for col in ["Numerator", "Denominator"] {
                let n = t["rows"].as_array().unwrap().iter().filter(|r| hidden(&r[col])).count();
                // A count's total is its value.
                let shown = if col == "Numerator" && total[col].is_null() { &total["Value"] } else { &total[col] };
                if n == 1 && !hidden(shown) && !shown.is_null() {
                    failures.push(format!("{} {} {col}: one hidden part beside the total", ind.id, t["name"]));
                }
            }
        }
    }
    let v: serde_json::Value = serde_json::from_str(&body(get("/api/caseloads", Some(&member)).await).await).unwrap();
    for r in v["tables"][0]["rows"].as_array().unwrap() {
        let n = ["Child protection", "Children in care", "Care leavers", "Child in need and other"].iter().filter(|c| hidden(&r[**c])).count();
        if n == 1 && !hidden(&r["Total cases"]) {
            failures.push(format!("caseloads {}: one hidden part beside the total", r["Team"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plan_page_shows_every_brag_state_to_every_role() {
    for role in Role::ALL {
        let s = session(role).await;
        let resp = get("/plan?period=2024-25", Some(&s)).await;
        assert_eq!(resp.status(), StatusCode::OK, "{role:?}");
        let html = body(resp).await;
        assert!(html.contains("<svg") && html.contains("href=\"/plan\""), "{role:?}: diagram and nav");
        // The BRAG table's column totals: each state has at least one action, named in words.
        let api: serde_json::Value = serde_json::from_str(&body(get("/api/plan?period=2024-25", Some(&s)).await).await).unwrap();
        let brag = api["tables"].as_array().unwrap().iter().find(|t| t["name"] == "plan-brag").expect("the BRAG table");
        for state in ["Blue", "Green", "Amber", "Red"] {
            let n: f64 = brag["rows"].as_array().unwrap().iter().map(|r| r[state].as_f64().unwrap()).sum();
            assert!(n > 0.0, "{role:?}: no {state} action");
            assert!(html.contains(&format!("{state}</strong>")), "{role:?}: {state} not labelled");
        }
        for table in ["plan-brag", "plan-overdue", "plan-audits", "plan-audit-themes", "plan-committee-actions"] {
            assert!(html.contains(&format!("id=\"table-{table}\"")), "{role:?}: {table}");
            let csv = get(&format!("/plan?period=2024-25&format=csv&table={table}"), Some(&s)).await;
            assert_eq!(csv.headers()[header::CONTENT_TYPE], "text/csv; charset=utf-8", "{table}");
        }
        // Each committee's open actions name the meeting they report to.
        let committee = api["tables"].as_array().unwrap().iter().find(|t| t["name"] == "plan-committee-actions").unwrap();
        assert!(!committee["rows"].as_array().unwrap().is_empty());
        assert!(committee["rows"].as_array().unwrap().iter().all(|r| r["Reports to"].as_str().is_some_and(|m| m.contains("meeting"))));
    }
}

/// An app on its own copy of the fixture's database, for tests that change the plan.
fn own_copy() -> (Arc<App>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("copy.sqlite");
    fixture().app.store().backup(&db).unwrap();
    (App::open(&db, Options { secure_cookies: false, ..Options::default() }).unwrap(), dir)
}

fn today() -> String {
    chrono::Local::now().date_naive().to_string()
}

/// The first action that is not Blue and has no evidence yet.
fn open_action(g: &scrutiny_plan::Governance) -> &scrutiny_plan::Action {
    g.actions.iter().find(|a| a.status.status != scrutiny_plan::Brag::Blue && a.evidence.is_empty()).expect("an open action without evidence")
}

fn api_row(v: &serde_json::Value, table: &str, reference: &str) -> Option<serde_json::Value> {
    let t = v["tables"].as_array().unwrap().iter().find(|t| t["name"] == table)?;
    t["rows"].as_array().unwrap().iter().find(|r| r["Action"] == reference).cloned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officers_edit_adds_to_history_keeps_what_was_there_and_is_logged_with_their_name() {
    let (app, _dir) = own_copy();
    let before = app.store().governance().unwrap();
    let a = open_action(&before).clone();
    let path = format!("/plan/actions/{}", a.reference);
    let manager = session_on(&app, Role::Manager).await;

    let page = get_on(&app, &path, Some(&manager)).await;
    assert_eq!(page.status(), StatusCode::OK);
    let html = body(page).await;
    assert!(html.contains("Update this action") && html.contains(&format!("value=\"{}\"", today())), "the form, dated today");

    let note = "Audit of 20 cases in March: every child seen within timescale";
    let resp = post_form_on(&app, &path, Some(&manager), &[("csrf", &manager.csrf), ("status", "blue"), ("on", &today()), ("note", note)]).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(resp.headers()[header::LOCATION], format!("{path}?saved=1"));
    assert!(body(get_on(&app, &format!("{path}?saved=1"), Some(&manager)).await).await.contains("Your change has been recorded"));

    // The history grew by one and kept every earlier entry as it was.
    let after = app.store().governance().unwrap();
    let b = after.actions.iter().find(|x| x.reference == a.reference).unwrap();
    assert_eq!(b.history.len(), a.history.len() + 1);
    assert_eq!(b.history[..a.history.len()], a.history[..]);
    let last = b.history.last().unwrap();
    assert_eq!((last.status, last.on.to_string(), last.by.as_str()), (scrutiny_plan::Brag::Blue, today(), "test-manager"));
    assert_eq!(b.evidence, format!("{}, test-manager: {note}", today()));
    // Only that action changed.
    let others = |g: &scrutiny_plan::Governance| g.actions.iter().filter(|x| x.reference != a.reference).cloned().collect::<Vec<_>>();
    assert_eq!(others(&after), others(&before));

    // The access log has the edit, with the user's name and what changed.
    let e = &app.store().access_log(1).unwrap()[0];
    assert_eq!((e.user_name.as_str(), e.role.as_str(), e.action.as_str(), e.what.as_str()), ("test-manager", "manager", "edit", path.as_str()));
    assert!(e.detail.contains(&format!("→ Blue on {}", today())) && e.detail.contains(note), "{}", e.detail);
    let admin = session_on(&app, Role::Admin).await;
    assert!(body(get_on(&app, "/access-log", Some(&admin)).await).await.contains(note));

    // The plan page, its API and the action's API show the new status at once.
    let plan: serde_json::Value = serde_json::from_str(&body(get_on(&app, "/api/plan", Some(&manager)).await).await).unwrap();
    assert_eq!(api_row(&plan, "plan-actions", &a.reference).unwrap()["BRAG status"], "Blue");
    let html = body(get_on(&app, "/plan", Some(&manager)).await).await;
    assert!(html.contains(&format!("href=\"{path}\"")), "the plan links to the action");
    let one: serde_json::Value = serde_json::from_str(&body(get_on(&app, &format!("/api{path}"), Some(&manager)).await).await).unwrap();
    let history = one["tables"].as_array().unwrap().iter().find(|t| t["name"] == "action-history").unwrap();
    assert_eq!(history["rows"].as_array().unwrap().len(), b.history.len());

    // An analyst moves another action's due date later: the first due date stays, so it shows as slipped.
    let c = after.actions.iter().find(|x| x.status.status != scrutiny_plan::Brag::Blue && x.due.is_some() && x.reference != a.reference).unwrap().clone();
    let later = (c.due.unwrap() + chrono::Days::new(30)).to_string();
    let analyst = session_on(&app, Role::Analyst).await;
    let resp = post_form_on(
        &app,
        &format!("/plan/actions/{}", c.reference),
        Some(&analyst),
        &[("csrf", &analyst.csrf), ("status", c.status.status.code()), ("owner", "New Owner"), ("due", &later)],
    )
    .await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let d = app.store().governance().unwrap().actions.into_iter().find(|x| x.reference == c.reference).unwrap();
    assert_eq!((d.due.map(|d| d.to_string()), d.original_due, d.owner.as_str()), (Some(later), c.original_due, "New Owner"));
    assert_eq!(d.history, c.history, "the same status adds nothing to the history");
    let plan: serde_json::Value = serde_json::from_str(&body(get_on(&app, "/api/plan?period=2024-25", Some(&analyst)).await).await).unwrap();
    let slipped = api_row(&plan, "plan-overdue", &c.reference).expect("listed as slipped");
    assert!(slipped["Days slipped"].as_f64().unwrap() >= 30.0, "{slipped}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_and_admins_cannot_edit_and_a_refused_edit_changes_nothing() {
    let (app, _dir) = own_copy();
    let before = app.store().governance().unwrap();
    let log_before = app.store().access_log(1_000_000).unwrap().len();
    let a = open_action(&before).clone();
    let path = format!("/plan/actions/{}", a.reference);

    // Members and administrators read the action but get no form, and a post of their own is refused.
    for role in [Role::Member, Role::Admin] {
        let s = session_on(&app, role).await;
        let page = get_on(&app, &path, Some(&s)).await;
        assert_eq!(page.status(), StatusCode::OK, "{role:?}");
        assert!(!body(page).await.contains("Update this action"), "{role:?} is offered the form");
        let resp = post_form_on(&app, &path, Some(&s), &[("csrf", &s.csrf), ("status", "red"), ("on", &today())]).await;
        assert_eq!(resp.status(), StatusCode::FORBIDDEN, "{role:?}");
    }

    let manager = session_on(&app, Role::Manager).await;
    let last = a.status.on;
    let day_before = (last - chrono::Days::new(1)).to_string();
    let tomorrow = (chrono::Local::now().date_naive() + chrono::Days::new(1)).to_string();
    let other = if a.status.status == scrutiny_plan::Brag::Red { "green" } else { "red" };
    let today = today();
    let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
        (vec![("status", "blue"), ("on", &today)], "evidence is empty but the status is Blue"),
        (vec![("status", "purple")], "is not a BRAG status"),
        (vec![("status", other), ("on", &day_before)], "earlier than the last recorded change"),
        (vec![("status", other), ("on", &tomorrow)], "is in the future"),
        (vec![("status", other), ("on", "the first of May")], "is not a date"),
        (vec![("status", a.status.status.code()), ("owner", &a.owner)], "there is nothing to record"),
        (vec![("owner", "")], "the owner is empty"),
    ];
    for (fields, why) in cases {
        let mut form = vec![("csrf", manager.csrf.as_str())];
        form.extend(fields.iter().copied());
        let resp = post_form_on(&app, &path, Some(&manager), &form).await;
        assert_eq!(resp.status(), StatusCode::UNPROCESSABLE_ENTITY, "{fields:?}");
        let html = body(resp).await;
        assert!(html.contains("There is a problem: nothing was changed") && html.contains(why), "{fields:?}: {why}");
    }
    let resp = post_form_on(&app, "/plan/actions/NO-SUCH", Some(&manager), &[("csrf", &manager.csrf), ("status", "red")]).await;
    assert_eq!(resp.status(), StatusCode::NOT_FOUND);
    // A forged token is refused before anything is read.
    let resp = post_form_on(&app, &path, Some(&manager), &[("csrf", "forged"), ("status", "red"), ("on", &today)]).await;
    assert_eq!(resp.status(), StatusCode::FORBIDDEN);

    assert_eq!(app.store().governance().unwrap(), before, "a refused edit changes nothing");
    assert_eq!(app.store().access_log(1_000_000).unwrap().len(), log_before, "and logs no edit");
}
