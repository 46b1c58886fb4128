//! Who is asking: roles, argon2id passwords, signed session cookies, form
//! tokens and the login rate limit.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Elected members: aggregates, suppressed as in the member report, never a child id.
    Member,
    /// Team and service managers: their own teams' children.
    Manager,
    /// Performance analysts: every child, and imports.
    Analyst,
    /// Administrators: users and the access log; aggregates, no children.
    Admin,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Member, Role::Manager, Role::Analyst, Role::Admin];

    pub fn name(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Manager => "manager",
            Role::Analyst => "analyst",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name().eq_ignore_ascii_case(s.trim()))
    }

    /// The report edition whose figures the role sees.
    pub fn edition(self) -> scrutiny_report::Edition {
        match self {
            Role::Member => scrutiny_report::Edition::Member,
            _ => scrutiny_report::Edition::Officer,
        }
    }
}

/// The signed-in user a request is served for.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub name: String,
    pub role: Role,
    /// Team ids a manager holds.
    pub teams: Vec<String>,
    /// This session's form token.
    pub csrf: String,
}

/// An argon2id hash (the crate's defaults: 19 MiB, 2 passes) as a PHC string.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| anyhow::anyhow!("hashing the password: {e}"))
}

pub fn verify_password(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

/// The rules a new password must meet.
pub fn check_new_password(password: &str) -> Result<(), String> {
    if password.chars().count() < 12 {
        return Err("a password needs at least 12 characters".into());
    }
    Ok(())
}

/// Adds a user with an argon2id hash of `password`. Managers need at least one team.
pub fn add_user(store: &scrutiny_store::Store, name: &str, role: Role, teams: &[String], password: &str) -> anyhow::Result<()> {
    if name.trim().is_empty() || name.chars().any(|c| c.is_control() || c == '/') {
        anyhow::bail!("a user needs a name without slashes or control characters");
    }
    if role == Role::Manager && teams.is_empty() {
        anyhow::bail!("a manager needs the ids of the teams whose children they may see");
    }
    check_new_password(password).map_err(anyhow::Error::msg)?;
    store.add_user(name.trim(), role.name(), teams, &hash_password(password)?)?;
    Ok(())
}

/// Sets a new password (ending the user's sessions); false if there is no such user.
pub fn reset_password(store: &scrutiny_store::Store, name: &str, password: &str) -> anyhow::Result<bool> {
    check_new_password(password).map_err(anyhow::Error::msg)?;
    Ok(store.set_password(name, &hash_password(password)?)?)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// 32 random bytes from the operating system, as hex.
pub fn random_token() -> String {
    let mut b = [0u8; 32];
    OsRng.fill_bytes(&mut b);
    hex(&b)
}

/// A readable random password for generated accounts (demo logins).
pub fn random_password() -> String {
    // No 0/O or 1/l/I, so a printed password reads back without doubt.
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let mut b = [0u8; 16];
    OsRng.fill_bytes(&mut b);
    b.iter().map(|x| ALPHABET[*x as usize % ALPHABET.len()] as char).collect()
}

pub fn sha256_hex(s: &str) -> String {
    hex(&Sha256::digest(s.as_bytes()))
}

/// Equal without revealing where two strings differ.
pub fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Signs and checks cookie values with HMAC-SHA256 under a key made at start-up.
pub struct Signer {
    key: [u8; 32],
}

impl Signer {
    pub fn new() -> Signer {
        let mut key = [0u8; 32];
        OsRng.fill_bytes(&mut key);
        Signer { key }
    }

    fn mac(&self, value: &str) -> Hmac<Sha256> {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key).expect("HMAC takes any key length");
        mac.update(value.as_bytes());
        mac
    }

    pub fn sign(&self, value: &str) -> String {
        format!("{value}.{}", hex(&self.mac(value).finalize().into_bytes()))
    }

    /// The value, if the signature is this server's.
    pub fn verify<'a>(&self, signed: &'a str) -> Option<&'a str> {
        let (value, sig) = signed.rsplit_once('.')?;
        let sig: Vec<u8> = (0..sig.len()).step_by(2).map(|i| sig.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok())).collect::<Option<_>>()?;
        self.mac(value).verify_slice(&sig).ok().map(|_| value)
    }
}

impl Default for Signer {
    fn default() -> Self {
        Signer::new()
    }
}

/// Failed logins allowed per user name and per address in a window before
/// further attempts are refused until the window has passed.
pub const MAX_FAILURES: usize = 5;
pub const FAILURE_WINDOW: Duration = Duration::from_secs(15 * 60);

/// Counts recent failed logins by user name and by client address.
#[derive(Default)]
pub struct RateLimit {
    failures: Mutex<HashMap<String, Vec<Instant>>>,
}

impl RateLimit {
    fn keys(name: &str, ip: Option<IpAddr>) -> Vec<String> {
        let mut keys = vec![format!("user:{}", name.trim().to_lowercase())];
        if let Some(ip) = ip {
            keys.push(format!("ip:{ip}"));
        }
        keys
    }

    /// Whether another attempt may be made now.
    pub fn allowed(&self, name: &str, ip: Option<IpAddr>) -> bool {
        let mut f = self.failures.lock().expect("rate limit lock");
        let now = Instant::now();
        Self::keys(name, ip).iter().all(|k| {
            let list = f.entry(k.clone()).or_default();
            list.retain(|t| now.duration_since(*t) < FAILURE_WINDOW);
            list.len() < MAX_FAILURES
        })
    }

    pub fn failed(&self, name: &str, ip: Option<IpAddr>) {
        let mut f = self.failures.lock().expect("rate limit lock");
        for k in Self::keys(name, ip) {
            f.entry(k).or_default().push(Instant::now());
        }
    }

    pub fn succeeded(&self, name: &str) {
        self.failures.lock().expect("rate limit lock").remove(&format!("user:{}", name.trim().to_lowercase()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_argon2id_and_verify() {
        let h = hash_password("correct horse battery").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password(&h, "correct horse battery"));
        assert!(!verify_password(&h, "wrong"));
        assert!(!verify_password("not a hash", "x"));
    }

    #[test]
    fn signed_values_cannot_be_altered() {
        let s = Signer::new();
        let signed = s.sign("abc");
        assert_eq!(s.verify(&signed), Some("abc"));
        assert_eq!(s.verify(&signed.replacen("abc", "abd", 1)), None);
        assert_eq!(Signer::new().verify(&signed), None);
        assert_eq!(s.verify("abc"), None);
    }

    #[test]
    fn five_failures_lock_a_name_for_the_window() {
        let r = RateLimit::default();
        for _ in 0..MAX_FAILURES {
            assert!(r.allowed("Ann", None));
            r.failed("ann", None);
        }
        assert!(!r.allowed("ANN", None));
        assert!(r.allowed("bob", None));
    }
}
