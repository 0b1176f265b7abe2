//! The recovery key (SEC-01, SEC-08): shown once after set-up until a Beheerder confirms it
//! is kept; its printable sheet only for a Beheerder, because the key opens every complaint.
//! On the shared store it wraps the database key and can be replaced (`issue_new_recovery_key`).

use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::AuditEvent;
use crate::letters::render_recovery_key_sheet;
use crate::roles::UseCase;

impl Klachtbalie {
    /// The recovery key, as long as the first user has not confirmed that it was saved.
    pub fn pending_recovery_key(&self) -> ServiceResult<Option<String>> {
        let confirmed = self.database.reader().setting("recovery_key_confirmed")?;
        if confirmed.as_deref() != Some("0") {
            return Ok(None);
        }
        Ok(Some(self.database.recovery_key_text(&self.key)?))
    }

    /// `klachtbalie-cli new-recovery-key`, run with the shared database's owner login and its
    /// key (a lost or seen sheet): the old recovery key unwraps nothing from now on, and a
    /// Beheerder is shown the new one at the next log-in. The database key stays the same,
    /// so nothing is sealed anew and the desks go on working.
    pub fn issue_new_recovery_key(&mut self, actor: &Actor) -> ServiceResult<()> {
        self.authorize(actor, UseCase::SaveRecoveryKey, "herstelsleutel")?;
        let stamp = self.stamp(actor);
        let key = self.key.clone();
        self.database.write(|tx| -> ServiceResult<()> {
            tx.issue_new_recovery_key(&key)?;
            tx.append_audit(&stamp, &AuditEvent::success("nieuwe herstelsleutel gemaakt", "herstelsleutel"))?;
            Ok(())
        })
    }

    /// The printable recovery-key sheet; only while the key is still pending, and only for a
    /// Beheerder (SEC-08: the key opens every complaint).
    pub fn recovery_key_sheet(&mut self, actor: &Actor) -> ServiceResult<Vec<u8>> {
        self.authorize(actor, UseCase::SaveRecoveryKey, "herstelsleutel")?;
        let recovery_key = self
            .pending_recovery_key()?
            .ok_or_else(|| ServiceError::NotFound("De herstelsleutel is al bewaard en wordt niet opnieuw getoond.".into()))?;
        let settings = self.settings()?;
        let location = self.database.location();
        Ok(render_recovery_key_sheet(&settings.municipality, &recovery_key, self.today(), &location)?)
    }

    /// The Beheerder confirms the sheet is kept; the key is not shown again (SEC-08).
    pub fn confirm_recovery_key_saved(&mut self, actor: &Actor) -> ServiceResult<()> {
        self.authorize(actor, UseCase::SaveRecoveryKey, "herstelsleutel")?;
        let stamp = self.stamp(actor);
        self.database.write(|tx| -> ServiceResult<()> {
            tx.set_setting("recovery_key_confirmed", "1")?;
            tx.append_audit(&stamp, &AuditEvent::success("herstelsleutel bewaard", "herstelsleutel"))?;
            Ok(())
        })
    }
}
