//! Accounts, log-in failures, settings and the organisation chart in the store.

use super::catalogue::sealed;
use super::sql::{values, Dialect, Row};
use super::{timestamp, At, Reader, StoreResult, Writer, TIMESTAMP};
use crate::domain::organisation::{DepartmentEntry, OfficialEntry, OrgChart, OrgChartFile};
use chrono::NaiveDateTime;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub job_title: String,
    pub password_hash: String,
    pub roles: String,
    pub active: bool,
    /// The official in the organisation chart this account belongs to (handlers).
    pub official_id: Option<String>,
    /// Set when the Beheerder chose the password: the user must pick their own first.
    pub must_change_password: bool,
}

const USER_COLUMNS: &str = "id, username, display_name, job_title, password_hash, roles, active, official_id, must_change_password";

fn user_from_row(row: &Row) -> StoreResult<UserRecord> {
    Ok(UserRecord {
        id: row.i64(0)?,
        username: row.text(1)?,
        display_name: row.text(2)?,
        job_title: row.text(3)?,
        password_hash: row.text(4)?,
        roles: row.text(5)?,
        active: row.bool(6)?,
        official_id: row.opt_text(7)?,
        must_change_password: row.bool(8)?,
    })
}

impl Reader<'_> {
    pub fn setting(&self, key: &str) -> StoreResult<Option<String>> {
        self.sql.query_optional("SELECT value FROM settings WHERE key = ?1", values![key])?.map(|row| row.text(0)).transpose()
    }

    pub fn user_count(&self) -> StoreResult<i64> {
        self.sql.query_one("SELECT count(*) FROM users", &[])?.i64(0)
    }

    /// User names are compared without regard to case (as typed at the log-in screen).
    pub fn user_by_username(&self, username: &str) -> StoreResult<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE lower(username) = lower(?1)");
        self.sql.query_optional(&sql, values![username])?.as_ref().map(user_from_row).transpose()
    }

    pub fn user_by_id(&self, id: i64) -> StoreResult<Option<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1");
        self.sql.query_optional(&sql, values![id])?.as_ref().map(user_from_row).transpose()
    }

    /// (consecutive failures, time of the last one) for a typed user name.
    pub fn login_failures(&self, username: &str) -> StoreResult<Option<(u32, NaiveDateTime)>> {
        let Some(row) = self.sql.query_optional(
            "SELECT consecutive_failures, last_failure_at FROM login_failures WHERE lower(username) = lower(?1)",
            values![username],
        )?
        else {
            return Ok(None);
        };
        let count = u32::try_from(row.i64(0)?).unwrap_or(u32::MAX);
        Ok(NaiveDateTime::parse_from_str(&row.text(1)?, TIMESTAMP).ok().map(|at| (count, at)))
    }

    pub fn users(&self) -> StoreResult<Vec<UserRecord>> {
        let sql = format!("SELECT {USER_COLUMNS} FROM users ORDER BY username");
        self.sql.query(&sql, &[])?.iter().map(user_from_row).collect()
    }

    /// The stored organisation chart, in the order it was saved. It was validated before it
    /// was written; the caller validates again, so a hand-edited database cannot slip through.
    pub fn org_chart_file(&self) -> StoreResult<OrgChartFile> {
        let departments = self
            .sql
            .query("SELECT id, name, manager_id FROM org_departments ORDER BY position, id", &[])?
            .iter()
            .map(|row| Ok(DepartmentEntry { id: row.text(0)?, name: row.text(1)?, manager: Some(row.text(2)?) }))
            .collect::<StoreResult<Vec<_>>>()?;
        let officials = self
            .sql
            .query(
                "SELECT id, name, function, department_id, deputy_id, absent, loco_burgemeester FROM officials ORDER BY position, id",
                &[],
            )?
            .iter()
            .map(|row| {
                let id = row.text(0)?;
                Ok(OfficialEntry {
                    name: self.open_text(sealed::officials::NAME, &At::row(&id), row, 1)?,
                    id,
                    function: row.text(2)?,
                    department: row.opt_text(3)?,
                    deputy: row.opt_text(4)?,
                    absent: row.bool(5)?,
                    loco_burgemeester: row.bool(6)?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(OrgChartFile { departments, officials })
    }
}

impl Writer<'_> {
    pub fn set_setting(&self, key: &str, value: &str) -> StoreResult<()> {
        self.sql.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            values![key, value],
        )?;
        Ok(())
    }

    pub fn insert_user(&self, user: &UserRecord, at: NaiveDateTime) -> StoreResult<i64> {
        let id = self
            .sql
            .query_one(
                "INSERT INTO users (username, display_name, job_title, password_hash, roles, active, created_at, official_id,
                                    must_change_password)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING id",
                values![
                    user.username,
                    user.display_name,
                    user.job_title,
                    user.password_hash,
                    user.roles,
                    user.active,
                    timestamp(at),
                    user.official_id,
                    user.must_change_password
                ],
            )?
            .i64(0)?;
        self.set_roles_on_the_server(&user.username, &user.roles)?;
        Ok(id)
    }

    /// SEC-07 (schema 14): a new colleague's own login on the shared store, made by the server
    /// after checking that the caller is an active Beheerder's login, with the SCRAM verifier of
    /// their first password (never the password). `false` when the person's login was there
    /// already (the DBA's, e.g. for the directory): it is left as it is.
    pub fn create_login(&self, username: &str, first_password: &str) -> StoreResult<bool> {
        let verifier = postgres_protocol::password::scram_sha_256(first_password.as_bytes());
        self.sql.query_one("SELECT klachtbalie_create_login(?1, ?2)", values![username, verifier])?.bool(0)
    }

    /// SEC-07 (schema 14): the signed-in person replaces the first password a Beheerder gave
    /// their own login; the server is sent its SCRAM verifier and refuses any other login's.
    pub fn choose_own_password(&self, new_password: &str) -> StoreResult<()> {
        let verifier = postgres_protocol::password::scram_sha_256(new_password.as_bytes());
        self.sql.query("SELECT klachtbalie_choose_own_password(?1)", values![verifier])?;
        Ok(())
    }

    /// SEC-07 (schema 11): on the shared store a person's roles are the server's roles, which
    /// only `klachtbalie_set_roles` changes, after checking on the server that the caller is a
    /// Beheerder and that an active Beheerder remains. It keeps `users.roles` equal to them.
    fn set_roles_on_the_server(&self, username: &str, roles: &str) -> StoreResult<()> {
        if self.sql.dialect() == Dialect::Postgres {
            self.sql.query("SELECT klachtbalie_set_roles(?1, string_to_array(?2, ','))", values![username, roles])?;
        }
        Ok(())
    }

    pub fn record_login_failure(&self, username: &str, at: NaiveDateTime) -> StoreResult<()> {
        self.sql.execute(
            "INSERT INTO login_failures (username, consecutive_failures, last_failure_at) VALUES (lower(?1), 1, ?2)
             ON CONFLICT (username) DO UPDATE SET consecutive_failures = login_failures.consecutive_failures + 1,
                                                  last_failure_at = excluded.last_failure_at",
            values![username, timestamp(at)],
        )?;
        Ok(())
    }

    pub fn clear_login_failures(&self, username: &str) -> StoreResult<()> {
        self.sql.execute("DELETE FROM login_failures WHERE lower(username) = lower(?1)", values![username])?;
        Ok(())
    }

    /// Changes what the Beheerder may change of an account: name, function, roles, the link
    /// to the chart and whether it is active. Accounts are never deleted (the audit log
    /// refers to them).
    pub fn update_user(&self, user: &UserRecord) -> StoreResult<()> {
        if self.sql.dialect() == Dialect::Postgres {
            // The roles first, so an account that is disabled is no longer the last Beheerder
            // by roles the server did not yet hold.
            self.set_roles_on_the_server(&user.username, &user.roles)?;
            self.sql.execute(
                "UPDATE users SET display_name = ?2, job_title = ?3, active = ?4, official_id = ?5 WHERE id = ?1",
                values![user.id, user.display_name, user.job_title, user.active, user.official_id],
            )?;
            return Ok(());
        }
        self.sql.execute(
            "UPDATE users SET display_name = ?2, job_title = ?3, roles = ?4, active = ?5, official_id = ?6 WHERE id = ?1",
            values![user.id, user.display_name, user.job_title, user.roles, user.active, user.official_id],
        )?;
        Ok(())
    }

    pub fn set_password(&self, user_id: i64, password_hash: &str, must_change: bool) -> StoreResult<()> {
        self.sql.execute(
            "UPDATE users SET password_hash = ?2, must_change_password = ?3 WHERE id = ?1",
            values![user_id, password_hash, must_change],
        )?;
        Ok(())
    }

    /// Replaces the whole organisation chart (it was validated as a whole).
    pub fn replace_org_chart(&self, chart: &OrgChart) -> StoreResult<()> {
        self.sql.execute("DELETE FROM org_departments", &[])?;
        self.sql.execute("DELETE FROM officials", &[])?;
        for (position, department) in (0_i64..).zip(chart.departments()) {
            self.sql.execute(
                "INSERT INTO org_departments (id, name, manager_id, position) VALUES (?1, ?2, ?3, ?4)",
                values![department.id, department.name, department.manager, position],
            )?;
        }
        for (position, official) in (0_i64..).zip(chart.officials()) {
            self.sql.execute(
                "INSERT INTO officials (id, name, function, department_id, deputy_id, absent, loco_burgemeester, position)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                values![
                    official.id,
                    self.read().seal(sealed::officials::NAME, &At::row(&official.id), &official.name)?,
                    official.function.code(),
                    official.department,
                    official.deputy,
                    official.absent,
                    official.loco_burgemeester,
                    position
                ],
            )?;
        }
        Ok(())
    }
}
