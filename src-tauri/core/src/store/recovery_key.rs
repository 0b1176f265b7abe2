//! The shared store's recovery key (SEC-08, issue 25 item 7): a random secret of its own that
//! wraps the database key. The key typed at a new desk is therefore not the key that seals
//! every value, and a new recovery key replaces the old one without sealing anything anew.
//! The wrap (HKDF-SHA256 from the recovery key, then XChaCha20-Poly1305) is kept on the
//! server, where it is worth nothing without the recovery key.

use super::key::{parse_recovery_text, recovery_text, DatabaseKey, KeyError};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hkdf::Hkdf;
use rand::RngCore;
use sha2::Sha256;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

/// The first byte of a wrap: its format.
const WRAP_FORMAT: u8 = 1;
const SALT_LENGTH: usize = 16;
const NONCE_LENGTH: usize = 24;
/// The associated data of every wrap: a wrap opens as nothing else.
const WRAP_LABEL: &[u8] = b"klachtbalie sleutelomhulling 1";

/// 32 random bytes, shown once to a Beheerder in the recovery-key text form. Zeroed in memory
/// when dropped; never printed by `Debug`.
#[derive(Clone, PartialEq, Eq, Zeroize, ZeroizeOnDrop)]
pub struct RecoveryKey([u8; 32]);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(<geheim>)")
    }
}

impl RecoveryKey {
    pub fn generate() -> Self {
        let mut bytes = [0u8; 32];
        rand::rng().fill_bytes(&mut bytes);
        Self(bytes)
    }

    /// A typed recovery key; spaces, dashes and lower case are accepted, a typo is caught by
    /// the checksum before the server is asked.
    pub fn parse(text: &str) -> Result<Self, KeyError> {
        parse_recovery_text(text).map(Self)
    }

    /// The text on the recovery-key sheet (17 groups of 4).
    pub fn text(&self) -> String {
        recovery_text(&self.0)
    }

    pub(crate) fn from_bytes(bytes: [u8; 32]) -> Self {
        Self(bytes)
    }

    pub(crate) fn secret_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    fn cipher(&self, salt: &[u8]) -> XChaCha20Poly1305 {
        let hkdf = Hkdf::<Sha256>::new(Some(salt), &self.0);
        let mut key = Zeroizing::new([0u8; 32]);
        // 32 bytes is far below HKDF-SHA256's limit, so expand cannot fail.
        if hkdf.expand(b"klachtbalie herstelsleutel omhulling v1", key.as_mut()).is_err() {
            unreachable!("HKDF output of 32 bytes is always allowed");
        }
        XChaCha20Poly1305::new(key.as_ref().into())
    }

    /// The database key sealed under this recovery key: format, a random salt and nonce, then
    /// the ciphertext with its tag.
    pub fn wrap(&self, key: &DatabaseKey) -> Vec<u8> {
        let mut salt = [0u8; SALT_LENGTH];
        let mut nonce = [0u8; NONCE_LENGTH];
        rand::rng().fill_bytes(&mut salt);
        rand::rng().fill_bytes(&mut nonce);
        // XChaCha20-Poly1305 only fails for inputs beyond 256 GiB.
        let ciphertext = self
            .cipher(&salt)
            .encrypt(XNonce::from_slice(&nonce), Payload { msg: key.secret_bytes(), aad: WRAP_LABEL })
            .unwrap_or_else(|_| unreachable!("32 bytes are far below the cipher's limit"));
        let mut wrapped = vec![WRAP_FORMAT];
        wrapped.extend_from_slice(&salt);
        wrapped.extend_from_slice(&nonce);
        wrapped.extend_from_slice(&ciphertext);
        wrapped
    }

    /// The database key in a wrap; `None` when this is not the recovery key of that wrap (or
    /// the wrap was changed).
    pub fn unwrap(&self, wrapped: &[u8]) -> Option<DatabaseKey> {
        let header = 1 + SALT_LENGTH + NONCE_LENGTH;
        if wrapped.len() != header + 32 + 16 || wrapped[0] != WRAP_FORMAT {
            return None;
        }
        let salt = &wrapped[1..1 + SALT_LENGTH];
        let nonce = XNonce::from_slice(&wrapped[1 + SALT_LENGTH..header]);
        let plain = Zeroizing::new(self.cipher(salt).decrypt(nonce, Payload { msg: &wrapped[header..], aad: WRAP_LABEL }).ok()?);
        let bytes: [u8; 32] = plain.as_slice().try_into().ok()?;
        Some(DatabaseKey::from_bytes(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wrap_opens_only_with_its_own_recovery_key_and_unchanged() {
        // SEC-08: the recovery key is not the database key; it only unwraps it.
        let key = DatabaseKey::generate();
        let recovery = RecoveryKey::generate();
        let wrapped = recovery.wrap(&key);
        assert_eq!(recovery.unwrap(&wrapped), Some(key.clone()));
        assert_ne!(recovery.text(), key.recovery_key(), "two secrets, not one");
        assert!(!hex::encode(&wrapped).contains(&hex::encode(key.secret_bytes())), "the key is not in the wrap");
        assert_eq!(RecoveryKey::generate().unwrap(&wrapped), None, "another recovery key");
        for position in [0, 5, 20, wrapped.len() - 1] {
            let mut changed = wrapped.clone();
            changed[position] ^= 1;
            assert_eq!(recovery.unwrap(&changed), None, "byte {position} changed");
        }
        assert_eq!(recovery.unwrap(&wrapped[..wrapped.len() - 1]), None, "cut short");
        assert_ne!(recovery.wrap(&key), wrapped, "a new salt and nonce every time");
    }

    #[test]
    fn the_typed_text_gives_back_the_same_recovery_key() {
        let recovery = RecoveryKey::generate();
        let typed = recovery.text().to_lowercase().replace('-', " ");
        assert_eq!(RecoveryKey::parse(&typed), Ok(recovery.clone()));
        let mut typo = recovery.text();
        let last = typo.pop().expect("text");
        typo.push(if last == '0' { '1' } else { '0' });
        assert_eq!(RecoveryKey::parse(&typo), Err(KeyError::RecoveryKeyChecksum));
    }
}
