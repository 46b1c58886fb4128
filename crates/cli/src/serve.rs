//! `scrutiny serve`: the live dashboard over a database; and the demo's
//! closing step, which serves the demo council with a login for each role.

use anyhow::{bail, Context as _, Result};
use clap::Args;
use scrutiny_web::auth::{self, Role};
use scrutiny_web::{App, Options};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args)]
pub struct ServeArgs {
    /// The database to serve (its latest snapshot); add users with `scrutiny users add`.
    #[arg(long)]
    db: PathBuf,
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// Minutes without a request after which a session ends.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=1440))]
    idle_minutes: u64,
}

fn open(db: &Path, addr: SocketAddr, idle_minutes: u64) -> Result<std::sync::Arc<App>> {
    if !db.exists() {
        bail!("{} does not exist; import returns first with `scrutiny import FILES --db {}`", db.display(), db.display());
    }
    // Browsers refuse Secure cookies over plain HTTP except on loopback; elsewhere serve behind TLS.
    let options = Options { idle_timeout: Duration::from_secs(idle_minutes * 60), secure_cookies: !addr.ip().is_loopback(), ..Options::default() };
    App::open(db, options).with_context(|| format!("opening {}", db.display()))
}

pub fn serve(args: ServeArgs) -> Result<ExitCode> {
    let app = open(&args.db, args.addr, args.idle_minutes)?;
    if app.store().users()?.iter().all(|u| u.disabled) {
        eprintln!("warning: no one can sign in yet: add a user with `scrutiny users add --db {} --name NAME --role admin`", args.db.display());
    }
    println!("Serving {} at http://{} (Ctrl-C to stop).", args.db.display(), args.addr);
    scrutiny_web::serve(app, args.addr)?;
    Ok(ExitCode::SUCCESS)
}

/// Gives the demo one login per role (new passwords each run, printed once), then serves.
pub fn for_demo(db: &Path, addr: SocketAddr) -> Result<()> {
    let app = open(db, addr, 30)?;
    // The demo manager holds the team with the most open cases, so their lists are not empty.
    let team = app.data().and_then(|d| {
        let open = |id: &str| d.dataset.children.iter().flat_map(|c| &c.allocations).filter(|a| a.end.is_none() && a.team == id).count();
        d.dataset.teams.iter().max_by_key(|t| open(&t.id)).map(|t| (t.id.clone(), t.name.clone()))
    });
    println!("\nDemo logins (synthetic demo only; new passwords every run):");
    for role in Role::ALL {
        let name = format!("demo-{}", role.name());
        let password = auth::random_password();
        let store = app.store();
        if store.user_by_name(&name)?.is_some() {
            auth::reset_password(&store, &name, &password)?;
        } else {
            let teams: Vec<String> = if role == Role::Manager { team.iter().map(|t| t.0.clone()).collect() } else { Vec::new() };
            auth::add_user(&store, &name, role, &teams, &password)?;
        }
        let note = match (role, &team) {
            (Role::Manager, Some((_, team_name))) => format!(" (team {team_name})"),
            _ => String::new(),
        };
        println!("    {:<8} {name:<14} {password}{note}", role.name());
    }
    println!("\nServing the demo council at http://{addr} (Ctrl-C to stop).");
    scrutiny_web::serve(app, addr)
}
