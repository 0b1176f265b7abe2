//! Passwords and log-in throttling (SEC-03): Argon2id hashes, and a growing wait after five
//! failed attempts in a row.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
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

/// Argon2id's memory per hash in KiB: 64 MiB (RFC 9106's second recommendation), so that
/// guessing a stolen hash costs memory no graphics card has enough of for many guesses at once.
const MEMORY_KIB: u32 = 64 * 1024;
/// Passes over that memory. With one lane this takes 0.15 s on the 2-core build machine (dev
/// build: 0.04 s at the crate's defaults of 19 MiB and 2 passes), well under a second at log-in.
const PASSES: u32 = 3;
const LANES: u32 = 1;

/// A hash of a random password with today's parameters, verified against when the user does
/// not exist, so that such a log-in takes as long as a real one.
pub const DUMMY_HASH: &str = "$argon2id$v=19$m=65536,t=3,p=1$0oW0GuXeM7AcIVO24+7ocg$1j1DdJzmSsxtZ+3djdd0r9Xb2PdK9AZZhl4QC6yXs/U";

fn hasher() -> Argon2<'static> {
    // The constants are within Argon2's limits, so the parameters are always valid.
    let params = Params::new(MEMORY_KIB, PASSES, LANES, None).unwrap_or_else(|_| unreachable!("valid Argon2 parameters"));
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// An Argon2id hash in PHC string form (salt and parameters included).
pub fn hash_password(password: &str) -> Result<String, String> {
    let mut salt_bytes = [0u8; 16];
    rand::rng().fill_bytes(&mut salt_bytes);
    let salt = SaltString::encode_b64(&salt_bytes).map_err(|error| error.to_string())?;
    hasher().hash_password(password.as_bytes(), &salt).map(|hash| hash.to_string()).map_err(|error| error.to_string())
}

/// Checks a password with the parameters stored in its hash, so hashes made with weaker
/// parameters by an earlier version still verify (and are made again: `needs_rehash`).
pub fn verify_password(password: &str, stored_hash: &str) -> bool {
    PasswordHash::new(stored_hash).map(|parsed| hasher().verify_password(password.as_bytes(), &parsed).is_ok()).unwrap_or(false)
}

/// Whether a stored hash was made with weaker parameters than today's: the log-in that proves
/// the password replaces it, so old accounts get the stronger hash without a reset.
pub fn needs_rehash(stored_hash: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(stored_hash) else { return true };
    let Ok(params) = Params::try_from(&parsed) else { return true };
    parsed.algorithm != Algorithm::Argon2id.ident() || params.m_cost() < MEMORY_KIB || params.t_cost() < PASSES
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
        assert!(hash.contains("$m=65536,t=3,p=1$"), "64 MiB, 3 passes: {hash}");
        assert!(!needs_rehash(&hash));
    }

    #[test]
    fn a_hash_of_an_earlier_version_still_verifies_and_is_marked_for_a_new_one() {
        // SEC-03: accounts made with the crate's defaults (19 MiB, 2 passes) keep working.
        let earlier = "$argon2id$v=19$m=19456,t=2,p=1$v27pewsxXsjq60MLx32qaw$WBbKrZP9pnzBz1nytYbUV2u7/zFnVs+V3MKcE15Of7s";
        assert!(verify_password("een lang wachtwoord", earlier));
        assert!(!verify_password("een ander wachtwoord", earlier));
        assert!(needs_rehash(earlier));
        assert!(needs_rehash("not a hash"));
        // The unknown user's check must cost what a real one does (no timing tells accounts).
        assert!(!needs_rehash(DUMMY_HASH));
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
