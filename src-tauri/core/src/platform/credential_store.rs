//! The operating system's credential store, where the database key and the shared database's
//! password are kept: the Secret Service (gnome-keyring, KWallet) on Linux, the Credential
//! Manager on Windows (per user, roaming with the profile on a virtual desktop), the Keychain
//! on macOS.

use std::sync::Arc;

pub type Store = Arc<keyring_core::CredentialStore>;

#[cfg(target_os = "linux")]
pub fn os_store() -> Result<Store, keyring_core::Error> {
    let store: Store = zbus_secret_service_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(windows)]
pub fn os_store() -> Result<Store, keyring_core::Error> {
    let store: Store = windows_native_keyring_store::Store::new()?;
    Ok(store)
}

#[cfg(target_os = "macos")]
pub fn os_store() -> Result<Store, keyring_core::Error> {
    let store: Store = apple_native_keyring_store::keychain::Store::new()?;
    Ok(store)
}

#[cfg(test)]
mod tests {
    /// The Windows build's own store, in Wine's Credential Manager (the Linux store needs the
    /// session bus of the end-to-end tests, which test it through the real window).
    #[cfg(windows)]
    #[test]
    fn the_credential_manager_keeps_and_forgets_a_secret() {
        let store = super::os_store().expect("Credential Manager");
        keyring_core::set_default_store(store);
        let entry = keyring_core::Entry::new("nl.klachtbalie.test", &format!("database:C:\\Users\\Renée d'Hondt\\{}", std::process::id()))
            .expect("entry");
        entry.set_password("geheim-ÄÖ-123").expect("set");
        assert_eq!(entry.get_password().expect("get"), "geheim-ÄÖ-123");
        entry.delete_credential().expect("delete");
        assert!(entry.get_password().is_err(), "gone");
    }
}
