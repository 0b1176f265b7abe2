//! Backups of the single desk (SEC-06): `Back-up maken` (Beheerder, `klachtbalie-cli backup`)
//! writes one file holding a manifest and a consistent copy of the database, still encrypted
//! under its key; `restore_backup` (`klachtbalie-cli restore`) checks the file, the key and
//! every table's fingerprint before it puts anything in place, and keeps a safety copy of
//! what it replaces. The shared store is backed up by the municipality with `pg_dump`.

use super::{Actor, Klachtbalie, ServiceError, ServiceResult};
use crate::audit::{AuditEvent, AuditStamp};
use crate::paths;
use crate::roles::UseCase;
use crate::store::key::{DatabaseKey, KeyStore};
use crate::store::{Database, StoreError, TableFingerprint};
use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The first line of every backup file.
const MAGIC: &str = "KLACHTBALIE-BACKUP 1";
/// The setting with the time of the last backup (`%Y-%m-%dT%H:%M:%S`).
pub const LAST_BACKUP_SETTING: &str = "last_backup_at";
/// The setting with after how many days without a backup the Beheerder is reminded.
pub const BACKUP_REMINDER_DAYS_SETTING: &str = "backup_reminder_days";
/// The default of that setting.
pub const DEFAULT_BACKUP_REMINDER_DAYS: i64 = 7;

/// What a backup file says about itself (plain JSON before the encrypted copy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BackupManifest {
    pub created_at: String,
    pub municipality: String,
    pub schema_version: i64,
    pub database_bytes: u64,
    pub database_sha256: String,
    /// Each table's row count and fingerprint at the moment of the copy.
    pub tables: Vec<TableFingerprint>,
}

impl BackupManifest {
    pub fn complaints(&self) -> i64 {
        self.tables.iter().find(|table| table.table == "complaints").map_or(0, |table| table.rows)
    }
}

/// What `restore_backup` put in place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RestoreReport {
    pub manifest: BackupManifest,
    pub database: PathBuf,
    /// Where the database that was replaced was kept (only with `replace`).
    pub safety_copy: Option<PathBuf>,
    /// The key could not be kept in the key store; the recovery key is needed at next start.
    pub key_warning: Option<String>,
}

/// The Beheerder's reminder that the last backup is too old (or that there is none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupReminder {
    /// When the last backup was made; `None`: never.
    pub last: Option<NaiveDateTime>,
    pub days: i64,
}

fn refused(message: impl Into<String>) -> ServiceError {
    ServiceError::Refused(message.into())
}

/// A file operation of the backup or the restore that failed, in words.
fn io(error: std::io::Error) -> ServiceError {
    ServiceError::Io(error.to_string())
}

/// A folder of its own for the copy while it is checked, removed however the work ends.
struct WorkFolder(PathBuf);

impl WorkFolder {
    fn new() -> ServiceResult<Self> {
        let stamp = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |elapsed| elapsed.as_nanos());
        let path = std::env::temp_dir().join(format!("klachtbalie-backup-{}-{stamp}", std::process::id()));
        std::fs::create_dir_all(&path).map_err(io)?;
        Ok(Self(path))
    }
}

impl Drop for WorkFolder {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl Klachtbalie {
    /// SEC-06: writes a backup of the single desk's database to `out` (never into the data
    /// folder or over an existing file without `force`), records when, and returns its manifest.
    pub fn make_backup(&mut self, actor: &Actor, out: &Path, force: bool, protected: &[&Path]) -> ServiceResult<BackupManifest> {
        self.authorize(actor, UseCase::MakeBackup, "back-up")?;
        if !self.database.backs_up_on_the_desk() {
            return Err(refused(
                "Deze werkplek gebruikt de gedeelde database: daarvan maakt de databasebeheerder van de gemeente de back-up (pg_dump, zie de handleiding).",
            ));
        }
        let work = WorkFolder::new()?;
        let copy_path = work.0.join(paths::DATABASE_FILE);
        self.database.backup_to(&copy_path, &self.key)?;
        let (tables, schema_version) = {
            let copy = Database::open_read_only(&copy_path, &self.key)?;
            let found = (copy.reader().table_fingerprints()?, copy.schema_version()?);
            copy.close()?;
            found
        };
        let database = std::fs::read(&copy_path).map_err(io)?;
        let now = self.clock.now();
        let manifest = BackupManifest {
            created_at: now.format("%Y-%m-%dT%H:%M:%S").to_string(),
            municipality: self.settings()?.municipality.name,
            schema_version,
            database_bytes: database.len() as u64,
            database_sha256: crate::files::sha256_hex(&database),
            tables,
        };
        let mut file = format!("{MAGIC}\n{}\n", serde_json::to_string(&manifest).map_err(|error| refused(error.to_string()))?).into_bytes();
        file.extend_from_slice(&database);
        crate::files::write_export(out, &file, force, &self.data_dir, protected).map_err(refused)?;
        let stamp = AuditStamp { at: now, ..self.stamp(actor) };
        let object = out.file_name().map_or_else(|| out.display().to_string(), |name| name.to_string_lossy().into_owned());
        self.write(|tx| -> ServiceResult<()> {
            tx.set_setting(LAST_BACKUP_SETTING, &manifest.created_at)?;
            tx.append_audit(&stamp, &AuditEvent::success("back-up maken", object.clone()))?;
            Ok(())
        })?;
        Ok(manifest)
    }

    /// The fingerprint of every table of the open single-desk database (what a backup's
    /// manifest holds): for `klachtbalie-cli check` and to prove a restore identical.
    pub fn database_fingerprints(&self) -> ServiceResult<Vec<TableFingerprint>> {
        if !self.database.backs_up_on_the_desk() {
            return Err(refused("De vingerafdrukken van tabellen zijn er alleen voor de database van één werkplek."));
        }
        Ok(self.database.reader().table_fingerprints()?)
    }

    /// SEC-06: for the Beheerder of a single desk, whether the last backup is older than the
    /// configured number of days (default 7), or there never was one.
    pub fn backup_reminder(&self, actor: &Actor) -> ServiceResult<Option<BackupReminder>> {
        if !self.database.backs_up_on_the_desk() || !matches!(actor, Actor::User(user) if UseCase::MakeBackup.is_allowed_for(&user.roles)) {
            return Ok(None);
        }
        let (last, days) = self.backup_schedule()?;
        let due = last.is_none_or(|last| (self.clock.now() - last).num_days() >= days);
        Ok(due.then_some(BackupReminder { last, days }))
    }

    /// When the last backup was made and after how many days the Beheerder is reminded.
    pub fn backup_schedule(&self) -> ServiceResult<(Option<NaiveDateTime>, i64)> {
        let reader = self.database.reader();
        let days = reader
            .setting(BACKUP_REMINDER_DAYS_SETTING)?
            .and_then(|text| text.parse::<i64>().ok())
            .filter(|days| *days > 0)
            .unwrap_or(DEFAULT_BACKUP_REMINDER_DAYS);
        let last = reader.setting(LAST_BACKUP_SETTING)?.and_then(|text| NaiveDateTime::parse_from_str(&text, "%Y-%m-%dT%H:%M:%S").ok());
        Ok((last, days))
    }

    /// SEC-06: after how many days without a backup the Beheerder is reminded (1 to 90).
    pub fn set_backup_reminder_days(&mut self, actor: &Actor, days: &str) -> ServiceResult<i64> {
        self.authorize(actor, UseCase::MakeBackup, "back-upherinnering")?;
        let days = days.trim().parse::<i64>().ok().filter(|days| (1..=90).contains(days)).ok_or_else(|| {
            ServiceError::Validation(vec![crate::domain::form::FieldError {
                field: "backup_reminder_days".into(),
                message: "Vul een aantal dagen in van 1 tot en met 90.".into(),
            }])
        })?;
        let stamp = self.stamp(actor);
        self.write(|tx| -> ServiceResult<()> {
            tx.set_setting(BACKUP_REMINDER_DAYS_SETTING, &days.to_string())?;
            let event = AuditEvent::success("back-upherinnering instellen", format!("{days} dagen"));
            tx.append_audit(&stamp, &event)?;
            Ok(())
        })?;
        Ok(days)
    }
}

/// Reads a backup file: the manifest and the database bytes, or why it cannot be used.
pub fn read_backup(bytes: &[u8]) -> ServiceResult<(BackupManifest, &[u8])> {
    let not_a_backup = || refused("Dit bestand is geen back-up van Klachtbalie. Er is niets gewijzigd.");
    let rest = bytes.strip_prefix(MAGIC.as_bytes()).and_then(|rest| rest.strip_prefix(b"\n")).ok_or_else(not_a_backup)?;
    let end = rest
        .iter()
        .position(|byte| *byte == b'\n')
        .ok_or_else(|| refused("De back-up is onvolledig: hij houdt op in de beschrijving. Er is niets gewijzigd."))?;
    let manifest: BackupManifest = serde_json::from_slice(&rest[..end]).map_err(|_| not_a_backup())?;
    let database = &rest[end + 1..];
    if database.len() as u64 != manifest.database_bytes {
        return Err(refused(format!(
            "De back-up is onvolledig of beschadigd: hij bevat {} van de {} bytes van de database. Er is niets gewijzigd.",
            database.len(),
            manifest.database_bytes
        )));
    }
    if crate::files::sha256_hex(database) != manifest.database_sha256 {
        return Err(refused("De back-up is beschadigd: het controlegetal klopt niet. Er is niets gewijzigd."));
    }
    Ok((manifest, database))
}

/// SEC-06: puts the backup `from` in place as the database of `data_dir`, after checking the
/// file, the key (the recovery key, or the key store's key of that folder) and every table's
/// fingerprint on a copy beside it. A folder that already holds a database is only replaced
/// with `replace`, and then its files are first moved into a safety copy in that folder.
pub fn restore_backup(
    from: &Path,
    data_dir: &Path,
    key_store: &dyn KeyStore,
    recovery_key: Option<&str>,
    replace: bool,
    now: NaiveDateTime,
) -> ServiceResult<RestoreReport> {
    let bytes = std::fs::read(from).map_err(|error| refused(format!("De back-up {} kan niet worden gelezen: {error}.", from.display())))?;
    let (manifest, database) = read_backup(&bytes)?;
    let target = paths::database_path(data_dir);
    if target.exists() && !replace {
        return Err(refused(format!(
            "In {} staat al een database. Zet de back-up terug in een nieuwe map, of geef --replace: dan wordt de huidige database eerst als veiligheidskopie bewaard. Er is niets gewijzigd.",
            data_dir.display()
        )));
    }
    let key = match recovery_key {
        Some(text) => DatabaseKey::from_recovery_key(text)?,
        None => key_store.load(&paths::database_id(data_dir))?.ok_or_else(|| {
            refused("Er is geen sleutel voor deze map. Geef de herstelsleutel van de database waarvan de back-up is gemaakt. Er is niets gewijzigd.")
        })?,
    };
    std::fs::create_dir_all(data_dir).map_err(io)?;
    let candidate = data_dir.join(format!("{}.terugzetten", paths::DATABASE_FILE));
    remove_database_files(&candidate);
    let checked = write_and_check(&candidate, database, &key, &manifest);
    if let Err(error) = checked {
        remove_database_files(&candidate);
        return Err(error);
    }
    let safety_copy = if target.exists() {
        let folder = data_dir.join(format!("veiligheidskopie-{}", now.format("%Y%m%d-%H%M%S")));
        std::fs::create_dir_all(&folder).map_err(io)?;
        for path in database_files(&target) {
            if let Some(name) = path.file_name().filter(|_| path.exists()) {
                std::fs::rename(&path, folder.join(name)).map_err(io)?;
            }
        }
        Some(folder)
    } else {
        None
    };
    std::fs::rename(&candidate, &target).map_err(io)?;
    crate::files::sync_folder(data_dir);
    let key_warning = key_store.save(&paths::database_id(data_dir), &key).err().map(|error| {
        format!("De back-up is teruggezet, maar de sleutel kon niet in de sleutelkluis worden bewaard ({error}); bij de eerste start is de herstelsleutel nodig.")
    });
    tracing::info!(created_at = %manifest.created_at, replaced = safety_copy.is_some(), "back-up teruggezet");
    Ok(RestoreReport { manifest, database: target, safety_copy, key_warning })
}

/// Writes the database bytes to `candidate` and proves they are the backup's: the key opens
/// them, SQLite finds nothing damaged, and every table has the manifest's fingerprint.
fn write_and_check(candidate: &Path, database: &[u8], key: &DatabaseKey, manifest: &BackupManifest) -> ServiceResult<()> {
    crate::store::key::write_private_file(candidate, database).map_err(io)?;
    let copy = Database::open_read_only(candidate, key).map_err(|error| match error {
        StoreError::WrongKey(_) | StoreError::WrongKeyOrDamaged(_) => refused(
            "De sleutel past niet op deze back-up: hij is van een andere database gemaakt, of de herstelsleutel is verkeerd. Er is niets gewijzigd.",
        ),
        StoreError::Transfer(_) => refused(format!(
            "Deze back-up is gemaakt met een andere versie van Klachtbalie (schema {}); zet hem terug met die versie. Er is niets gewijzigd.",
            manifest.schema_version
        )),
        other => other.into(),
    })?;
    let problems = copy.integrity_problems()?;
    let fingerprints = copy.reader().table_fingerprints()?;
    copy.close()?;
    if !problems.is_empty() {
        return Err(refused(format!("De back-up is beschadigd ({}). Er is niets gewijzigd.", problems.join("; "))));
    }
    if fingerprints != manifest.tables {
        return Err(refused("De inhoud van de back-up klopt niet met zijn beschrijving. Er is niets gewijzigd."));
    }
    Ok(())
}

/// A database file and the files SQLite and Klachtbalie keep beside it.
fn database_files(database: &Path) -> Vec<PathBuf> {
    let with = |suffix: &str| {
        let mut name = database.as_os_str().to_owned();
        name.push(suffix);
        PathBuf::from(name)
    };
    vec![database.to_path_buf(), with("-wal"), with("-shm"), crate::store::key_check_path(database)]
}

fn remove_database_files(database: &Path) {
    for path in database_files(database) {
        let _ = std::fs::remove_file(path);
    }
}
