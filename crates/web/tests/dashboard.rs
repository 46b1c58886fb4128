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
        let kinds = [FileKind::ModernGov, FileKind::Recommendations, FileKind::WorkProgramme, FileKind::Plan, FileKind::Audits];
        scrutiny_plan::import_files(&mut store, &[files.join("governance")], &kinds).unwrap().unwrap();
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

async fn send(req: Request<Body>) -> Response<Body> {
    scrutiny_web::router(fixture().app.clone()).oneshot(req).await.unwrap()
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

async fn login_as(name: &str, password: &str) -> Response<Body> {
    let form = send(Request::get("/login").body(Body::empty()).unwrap()).await;
    let login_cookie = cookie_pair(&set_cookies(&form)[0]);
    let token = hidden_csrf(&body(form).await);
    let req = Request::post("/login")
        .header(header::COOKIE, login_cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(form_body(&[("csrf", &token), ("name", name), ("password", password), ("next", "/")])))
        .unwrap();
    send(req).await
}

async fn session(role: Role) -> Session {
    let resp = login_as(&user(role), PASSWORD).await;
    assert_eq!(resp.status(), StatusCode::SEE_OTHER, "{role:?} signs in");
    let set = set_cookies(&resp);
    let cookie = cookie_pair(set.iter().find(|c| c.starts_with(scrutiny_web::SESSION_COOKIE)).unwrap());
    let home = send(Request::get("/workforce").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await;
    assert_eq!(home.status(), StatusCode::OK);
    let csrf = hidden_csrf(&body(home).await);
    Session { cookie, csrf }
}

async fn get(path: &str, s: Option<&Session>) -> Response<Body> {
    let mut r = Request::get(path);
    if let Some(s) = s {
        r = r.header(header::COOKIE, &s.cookie);
    }
    send(r.body(Body::empty()).unwrap()).await
}

async fn post(path: &str, s: Option<&Session>, csrf: Option<&str>) -> Response<Body> {
    let mut r = Request::post(path).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(s) = s {
        r = r.header(header::COOKIE, &s.cookie);
    }
    let form = csrf.map(|c| form_body(&[("csrf", c)])).unwrap_or_default();
    send(r.body(Body::from(form)).unwrap()).await
}

/// A concrete path for a route pattern.
fn concrete(path: &str) -> String {
    path.replace("{key}", "front_door").replace("{id}", "CP-01").replace("{token}", "no-such-upload").replace("{name}", "nobody")
}

/// What an allowed role gets from a route called with no further input.
fn allowed_status(method: Method, path: &str) -> StatusCode {
    match (method, path) {
        (Method::Get, "/imports/{token}") => StatusCode::NOT_FOUND,
        (Method::Post, "/logout") => StatusCode::SEE_OTHER,
        (Method::Post, "/imports" | "/users") => StatusCode::BAD_REQUEST,
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
            // The statutory returns only: the improvement plan's files are not an import's.
            if p.is_dir() {
                if !p.ends_with("governance") {
                    stack.push(p);
                }
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_analyst_uploads_returns_sees_the_findings_and_accepts_them() {
    // Its own empty database, so the shared fixture's figures do not change under other tests.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("empty.sqlite");
    auth::add_user(&scrutiny_store::Store::open(&db).unwrap(), "uploader", Role::Analyst, &[], PASSWORD).unwrap();
    let app = App::open(&db, Options { secure_cookies: false, ..Options::default() }).unwrap();
    let call = |req: Request<Body>| scrutiny_web::router(app.clone()).oneshot(req);

    let form = call(Request::get("/login").body(Body::empty()).unwrap()).await.unwrap();
    let login_cookie = cookie_pair(&set_cookies(&form)[0]);
    let token = hidden_csrf(&body(form).await);
    let resp = call(
        Request::post("/login")
            .header(header::COOKIE, login_cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form_body(&[("csrf", &token), ("name", "uploader"), ("password", PASSWORD)])))
            .unwrap(),
    )
    .await
    .unwrap();
    let cookie = cookie_pair(set_cookies(&resp).iter().find(|c| c.starts_with(scrutiny_web::SESSION_COOKIE)).unwrap());
    // Nothing imported yet: figures are not available, imports are.
    let home = call(Request::get("/").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(home.status(), StatusCode::SERVICE_UNAVAILABLE);
    let imports = call(Request::get("/imports").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await.unwrap();
    let csrf = hidden_csrf(&body(imports).await);

    let options = scrutiny_synth::Options { seed: 5, size: scrutiny_synth::Size::Small, years: 1, until: "2024-25".parse().unwrap(), error_rate: 0.0 };
    let files = dir.path().join("returns");
    scrutiny_synth::write_council(&scrutiny_synth::generate(&options), &options, &files).unwrap();
    let boundary = "scrutiny-test-boundary";
    let resp = call(
        Request::post("/imports")
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
            .body(Body::from(multipart(&files, &csrf, boundary)))
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    let staged = resp.headers()[header::LOCATION].to_str().unwrap().to_string();
    let page = body(call(Request::get(&staged).header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await.unwrap()).await;
    assert!(page.contains("Validation results") && page.contains("Accept and import"), "{}", &page[..page.len().min(3000)]);
    // The findings name children, so the view is logged.
    assert_eq!(app.store().access_log(10).unwrap()[0].what, staged);

    let accept = format!("{staged}/accept");
    let resp = call(
        Request::post(&accept)
            .header(header::COOKIE, &cookie)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from(form_body(&[("csrf", &csrf)])))
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(resp.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.store().snapshots().unwrap().len(), 1);
    let home = call(Request::get("/").header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(home.status(), StatusCode::OK);
    // Accepted once: the upload is gone.
    let again = call(Request::get(&staged).header(header::COOKIE, &cookie).body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
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
