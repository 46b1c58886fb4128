//! `scrutiny users`: dashboard accounts, kept in the council's database.

use anyhow::{bail, Result};
use clap::{Args, Subcommand};
use scrutiny_web::auth::{self, Role};
use std::io::{BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum UsersCommand {
    /// Add a user: member, manager (with --team), analyst or admin.
    Add(AddArgs),
    /// Set a new password (ends the user's sessions; enables a disabled user).
    Reset(ResetArgs),
    /// Stop a user signing in (ends their sessions).
    Disable(NameArgs),
    /// List the users.
    List(DbArgs),
}

#[derive(Args)]
pub struct DbArgs {
    #[arg(long)]
    db: PathBuf,
}

#[derive(Args)]
pub struct NameArgs {
    #[arg(long)]
    db: PathBuf,
    #[arg(long)]
    name: String,
}

#[derive(Args)]
pub struct AddArgs {
    #[arg(long)]
    db: PathBuf,
    #[arg(long)]
    name: String,
    /// member, manager, analyst or admin.
    #[arg(long, value_parser = parse_role)]
    role: Role,
    /// A team id whose children a manager may see (repeatable).
    #[arg(long)]
    team: Vec<String>,
    /// At least 12 characters; prompted for when omitted. May start with '-'.
    #[arg(long, allow_hyphen_values = true)]
    password: Option<String>,
}

#[derive(Args)]
pub struct ResetArgs {
    #[arg(long)]
    db: PathBuf,
    #[arg(long)]
    name: String,
    /// Prompted for when omitted. May start with '-'.
    #[arg(long, allow_hyphen_values = true)]
    password: Option<String>,
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("'{s}' is not a role: use member, manager, analyst or admin"))
}

/// Reads a password from standard input, twice at a terminal (echo is the terminal's).
fn prompt_password() -> Result<String> {
    let stdin = std::io::stdin();
    let tty = stdin.is_terminal();
    let read = |label: &str| -> Result<String> {
        if tty {
            eprint!("{label}: ");
            std::io::stderr().flush()?;
        }
        let mut line = String::new();
        stdin.lock().read_line(&mut line)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    };
    let first = read("Password (at least 12 characters)")?;
    if tty && read("Again")? != first {
        bail!("the passwords differ");
    }
    Ok(first)
}

pub fn run(cmd: UsersCommand) -> Result<ExitCode> {
    let open = |db: &PathBuf| scrutiny_store::Store::open(db);
    match cmd {
        UsersCommand::Add(a) => {
            let password = match a.password {
                Some(p) => p,
                None => prompt_password()?,
            };
            auth::add_user(&open(&a.db)?, &a.name, a.role, &a.team, &password)?;
            println!("Added {} ({}).", a.name, a.role.name());
        }
        UsersCommand::Reset(a) => {
            let password = match a.password {
                Some(p) => p,
                None => prompt_password()?,
            };
            if !auth::reset_password(&open(&a.db)?, &a.name, &password)? {
                bail!("there is no user '{}'", a.name);
            }
            println!("Set a new password for {}; their sessions have ended.", a.name);
        }
        UsersCommand::Disable(a) => {
            if !open(&a.db)?.disable(&a.name)? {
                bail!("there is no user '{}'", a.name);
            }
            println!("Disabled {}; their sessions have ended.", a.name);
        }
        UsersCommand::List(a) => {
            for u in open(&a.db)?.users()? {
                println!("{:<20} {:<8} {:<9} {}", u.name, u.role, if u.disabled { "disabled" } else { "active" }, u.teams.join(","));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
