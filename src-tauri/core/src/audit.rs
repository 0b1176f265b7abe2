//! The tamper-evident audit log (SEC-02): what an entry holds, how entries are chained by
//! SHA-256, and how a chain is verified. Pure; the store appends and reads the entries.

use sha2::{Digest, Sha256};

/// The hash before the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What one audit entry says. Never complaint text or secrets: only what was done to which
/// object, by whom, from where, with what result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEvent {
    pub action: String,
    /// A reference ("KL-2026-0001"), a user name, or "organogram"; never personal data of a
    /// complainant.
    pub object: String,
    pub result: AuditResult,
}

/// Who did it, from which workstation, and when: the same for every entry one use case writes,
/// taken once at its start (`Klachtbalie::stamp`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditStamp {
    pub at: chrono::NaiveDateTime,
    /// The actor's name as the log shows it ("jansen" or "systeem (…)").
    pub actor: String,
    pub workstation: String,
}

impl AuditEvent {
    /// `action` done to `object`, and it worked.
    pub fn success(action: impl Into<String>, object: impl Into<String>) -> Self {
        Self { action: action.into(), object: object.into(), result: AuditResult::Success }
    }

    /// `action` on `object` was refused: the user may not do it (SEC-01).
    pub fn refused(action: impl Into<String>, object: impl Into<String>) -> Self {
        Self { action: action.into(), object: object.into(), result: AuditResult::Refused }
    }

    /// `action` on `object` was tried and did not work (a wrong password, an invalid file).
    pub fn failed(action: impl Into<String>, object: impl Into<String>) -> Self {
        Self { action: action.into(), object: object.into(), result: AuditResult::Failed }
    }

    /// `action` on `object` with a result decided at run time.
    pub fn with_result(action: impl Into<String>, object: impl Into<String>, result: AuditResult) -> Self {
        Self { action: action.into(), object: object.into(), result }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditResult {
    Success,
    Refused,
    Failed,
}

impl AuditResult {
    pub fn dutch(self) -> &'static str {
        match self {
            Self::Success => "gelukt",
            Self::Refused => "geweigerd",
            Self::Failed => "mislukt",
        }
    }
}

/// One stored entry, as read back from the database.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditEntry {
    pub sequence: i64,
    /// Local time, `YYYY-MM-DDTHH:MM:SS`.
    pub at: String,
    pub actor: String,
    pub workstation: String,
    pub action: String,
    pub object: String,
    pub result: String,
    pub previous_hash: String,
    pub hash: String,
}

/// The hash of an entry: over its sequence number, every field and the previous hash, so
/// changing, removing or reordering any entry breaks the chain from there on.
pub fn entry_hash(entry: &AuditEntry) -> String {
    let mut hasher = Sha256::new();
    for part in entry_parts(entry) {
        // Length-prefixed, so that moving text from one field to the next changes the hash.
        hasher.update((part.len() as u64).to_be_bytes());
        hasher.update(part.as_bytes());
    }
    hex::encode(hasher.finalize())
}

/// The entry as one unambiguous text (each field prefixed with its length): what the shared
/// store's keyed MAC is computed over.
pub fn canonical_text(entry: &AuditEntry) -> String {
    entry_parts(entry).iter().map(|part| format!("{}:{part}", part.len())).collect::<Vec<_>>().join("|")
}

fn entry_parts(entry: &AuditEntry) -> [String; 8] {
    [
        entry.sequence.to_string().as_str(),
        &entry.at,
        &entry.actor,
        &entry.workstation,
        &entry.action,
        &entry.object,
        &entry.result,
        &entry.previous_hash,
    ]
    .map(str::to_string)
}

/// The outcome of checking the whole log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditVerification {
    pub entries: u64,
    pub first_broken: Option<BrokenLink>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The sequence number at which the chain stops being trustworthy.
    pub sequence: i64,
    pub problem: String,
}

impl AuditVerification {
    pub fn summary(&self) -> String {
        match &self.first_broken {
            None => format!("Het auditlog is intact: {} regels, de keten klopt.", self.entries),
            Some(broken) => format!(
                "Het auditlog is aangetast vanaf regel {}: {} Meld dit aan de beveiligingsfunctionaris (CISO).",
                broken.sequence, broken.problem
            ),
        }
    }
}

/// Verifies entries read in sequence order. `head` is the (sequence, hash) of the last entry
/// as recorded separately when it was written; it reveals entries cut off at the end.
/// SEC-02 on the shared store: the entry this desk wrote last is gone or different, although
/// the chain and its recorded head agree: someone with the server's rights cut the log and
/// rewrote the head. Only this desk's memory shows it, so it is acknowledged here.
pub fn own_entry_missing(sequence: i64) -> String {
    format!(
        "deze werkplek schreef regel {sequence}, maar die ontbreekt of is gewijzigd in de gedeelde database (het log is op de server \
         aangepast; de Beheerder bevestigt dit op deze werkplek)."
    )
}

pub fn verify_chain(entries: &[AuditEntry], head: Option<(i64, String)>) -> AuditVerification {
    verify_chain_with(entries, head, entry_hash)
}

/// `verify_chain` with the store's own link function (the shared store's is keyed).
pub fn verify_chain_with(entries: &[AuditEntry], head: Option<(i64, String)>, hash: impl Fn(&AuditEntry) -> String) -> AuditVerification {
    let mut previous_hash = GENESIS_HASH.to_string();
    let broken = |sequence: i64, problem: String| AuditVerification {
        entries: entries.len() as u64,
        first_broken: Some(BrokenLink { sequence, problem }),
    };
    for (expected_sequence, entry) in (1_i64..).zip(entries) {
        if entry.sequence != expected_sequence {
            return broken(expected_sequence, format!("regel {expected_sequence} ontbreekt (de volgende is {}).", entry.sequence));
        }
        if entry.previous_hash != previous_hash {
            return broken(
                entry.sequence,
                "de verwijzing naar de vorige regel klopt niet (regel verwijderd, verplaatst of gewijzigd).".into(),
            );
        }
        if hash(entry) != entry.hash {
            return broken(entry.sequence, "de inhoud van de regel is gewijzigd.".into());
        }
        previous_hash = entry.hash.clone();
    }
    let last = entries.last().map(|entry| (entry.sequence, entry.hash.clone()));
    match (head, last) {
        (None, None) => {}
        (Some((sequence, hash)), Some((last_sequence, last_hash))) if sequence == last_sequence && hash == last_hash => {}
        (Some((sequence, _)), last) => {
            let found = last.map_or(0, |(last_sequence, _)| last_sequence);
            return broken(
                found + 1,
                format!("het log eindigt bij regel {found}, maar er zijn {sequence} regels geschreven (regels aan het eind verwijderd of gewijzigd)."),
            );
        }
        (None, Some(_)) => {
            return broken(1, "de controlewaarde van het laatste regelnummer ontbreekt.".into());
        }
    }
    AuditVerification { entries: entries.len() as u64, first_broken: None }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(count: i64) -> Vec<AuditEntry> {
        let mut previous = GENESIS_HASH.to_string();
        (1..=count)
            .map(|sequence| {
                let mut entry = AuditEntry {
                    sequence,
                    at: format!("2026-11-23T10:00:{sequence:02}"),
                    actor: "kcc1".into(),
                    workstation: "balie-3".into(),
                    action: "klacht inzien".into(),
                    object: format!("KL-2026-{sequence:04}"),
                    result: "gelukt".into(),
                    previous_hash: previous.clone(),
                    hash: String::new(),
                };
                entry.hash = entry_hash(&entry);
                previous = entry.hash.clone();
                entry
            })
            .collect()
    }

    fn head(entries: &[AuditEntry]) -> Option<(i64, String)> {
        entries.last().map(|entry| (entry.sequence, entry.hash.clone()))
    }

    #[test]
    fn an_intact_chain_verifies() {
        // rule SEC-02
        let entries = chain(5);
        assert_eq!(verify_chain(&entries, head(&entries)), AuditVerification { entries: 5, first_broken: None });
        assert_eq!(verify_chain(&[], None).first_broken, None);
    }

    #[test]
    fn moving_text_between_fields_changes_the_hash() {
        let mut entry = chain(1).remove(0);
        let original = entry_hash(&entry);
        entry.action = "klacht inzienK".into();
        entry.object = "L-2026-0001".into();
        assert_ne!(entry_hash(&entry), original);
    }

    #[test]
    fn a_cut_off_tail_is_found_through_the_head() {
        // rule SEC-02: removing the last entries leaves a valid-looking chain.
        let entries = chain(5);
        let recorded_head = head(&entries);
        let verification = verify_chain(&entries[..3], recorded_head);
        assert_eq!(verification.first_broken.map(|b| b.sequence), Some(4));
    }
}
