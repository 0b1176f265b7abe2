//! Passwords and log-in throttling (SEC-03): Argon2id hashes, and a growing wait after five
//! failed attempts in a row.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use chrono::{Duration, NaiveDateTime};
use rand::RngCore;

pub const MIN_PASSWORD_LENGTH: usize = 12;

/// Checks a new password against the policy; returns the Dutch reason it is refused.
pub fn password_policy_problem(password: &str, repeat: &str) -> Option<String> {
    if password.chars().count() < MIN_PASSWORD_LENGTH {
        return Some(format!("Kies een wachtwoord van minstens {MIN_PASSWORD_LENGTH} tekens."));
    }
    if password != repeat {
        return Some("De twee wachtwoorden zijn niet gelijk.".into());
    }
    None
}

/// An Argon2id hash in PHC string form (salt and parameters included).
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt_bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|error| error.to_string())?;
    Argon2::default().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string()).map_err(|error| error.to_string())
}

pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash).map(|parsed| Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok()).unwrap_or(false)
}

/// Failures allowed before a wait is imposed.
pub const FREE_ATTEMPTS: u32 = 5;

/// After five failures in a row every further attempt waits: 30 s, then doubling, at most
/// 15 minutes. Returns when the next attempt is allowed, if that is in the future.
pub fn next_attempt_allowed_at(consecutive_failures: u32, last_failure_at: NaiveDateTime) -> Option<NaiveDateTime> {
    if consecutive_failures < FREE_ATTEMPTS {
        return None;
    }
    let doublings = (consecutive_failures - FREE_ATTEMPTS).min(5);
    let wait = Duration::seconds((30_i64 << doublings).min(15 * 60));
    Some(last_failure_at + wait)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_hash_verifies_only_the_right_password() {
        // rule SEC-03: passwords are stored as Argon2id hashes.
        let hash = hash_password("correct paard batterij").expect("hash");
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        assert!(verify_password("correct paard batterij", &hash));
        assert!(!verify_password("Correct paard batterij", &hash));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn policy_requires_length_and_matching_repeat() {
        assert!(password_policy_problem("kort", "kort").is_some());
        assert!(password_policy_problem("lang genoeg wachtwoord", "anders").is_some());
        assert_eq!(password_policy_problem("lang genoeg wachtwoord", "lang genoeg wachtwoord"), None);
    }

    #[test]
    fn five_failures_then_growing_waits() {
        let at = NaiveDateTime::parse_from_str("2026-11-23T10:00:00", "%Y-%m-%dT%H:%M:%S").expect("time");
        assert_eq!(next_attempt_allowed_at(4, at), None);
        assert_eq!(next_attempt_allowed_at(5, at), Some(at + Duration::seconds(30)));
        assert_eq!(next_attempt_allowed_at(6, at), Some(at + Duration::seconds(60)));
        assert_eq!(next_attempt_allowed_at(40, at), Some(at + Duration::minutes(15)));
    }
}
