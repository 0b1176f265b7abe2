//! Reminders (DL-09): what is due soon or overdue for a user, the desktop notifications not
//! given before, and the user's deadlines as an iCalendar file.

use super::{Actor, Klachtbalie, ServiceResult, WorklistScope};
use crate::audit::AuditEvent;
use crate::domain::deadlines::{DeadlineKind, DeadlineStatus};
use crate::ical::{self, CalendarEvent};
use crate::roles::Role;
use chrono::{NaiveDate, TimeZone};

/// One deadline that needs attention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub complaint_id: i64,
    pub reference: String,
    pub kind: DeadlineKind,
    pub due: NaiveDate,
    pub light: DeadlineStatus,
}

impl Reminder {
    /// The notification text: the reference and the deadline, no personal data (a
    /// notification can be seen by anyone near the screen).
    pub fn dutch_text(&self) -> String {
        format!(
            "{}: {} {} ({})",
            self.reference,
            self.kind.dutch_label(),
            if self.light == DeadlineStatus::Overdue { "is te laat" } else { "binnenkort" },
            crate::domain::dutch_date::long_date(self.due)
        )
    }
}

impl Klachtbalie {
    /// Whose deadlines this user watches: the coördinator all, a handler their own;
    /// others (KCC, Beheerder) none.
    fn watched_scope(actor: &Actor) -> Option<WorklistScope> {
        match actor {
            Actor::System { .. } => Some(WorklistScope::All),
            Actor::User(user) if user.roles.contains(&Role::Klachtcoordinator) => Some(WorklistScope::All),
            Actor::User(user) if user.roles.contains(&Role::Klachtbehandelaar) => Some(WorklistScope::Mine),
            Actor::User(_) => None,
        }
    }

    /// DL-09: every running deadline of the user's complaints that is due soon or overdue,
    /// most urgent first (shown after log-in).
    pub fn reminders(&mut self, actor: &Actor) -> ServiceResult<Vec<Reminder>> {
        let Some(scope) = Self::watched_scope(actor) else { return Ok(Vec::new()) };
        let mut reminders: Vec<Reminder> = self
            .worklist(actor, scope)?
            .into_iter()
            .flat_map(|item| {
                let reference = item.reference.clone();
                item.running.into_iter().filter(|d| d.light != DeadlineStatus::OnTrack).map(move |d| Reminder {
                    complaint_id: item.complaint_id,
                    reference: reference.clone(),
                    kind: d.kind,
                    due: d.due,
                    light: d.light,
                })
            })
            .collect();
        reminders.sort_by(|a, b| b.light.cmp(&a.light).then(a.due.cmp(&b.due)).then_with(|| a.reference.cmp(&b.reference)));
        Ok(reminders)
    }

    /// The reminders this user has not been notified of at this level, marked as given now,
    /// so each deadline notifies at most twice (due soon, then overdue).
    pub fn new_notifications(&mut self, actor: &Actor) -> ServiceResult<Vec<Reminder>> {
        let username = actor.name();
        let mut fresh = Vec::new();
        for reminder in self.reminders(actor)? {
            let level = reminder.light.dutch_label();
            if !self.database.reader().reminder_given(&username, reminder.complaint_id, reminder.kind.code(), reminder.due, level)? {
                fresh.push(reminder);
            }
        }
        if !fresh.is_empty() {
            let now = self.clock.now();
            self.database.write(|tx| -> ServiceResult<()> {
                for reminder in &fresh {
                    tx.record_reminder(
                        &username,
                        reminder.complaint_id,
                        reminder.kind.code(),
                        reminder.due,
                        reminder.light.dutch_label(),
                        now,
                    )?;
                }
                Ok(())
            })?;
        }
        Ok(fresh)
    }

    /// DL-09: the user's running deadlines as an iCalendar file for Outlook.
    pub fn deadlines_calendar(&mut self, actor: &Actor) -> ServiceResult<String> {
        let scope = Self::watched_scope(actor).unwrap_or(WorklistScope::Mine);
        let items = self.worklist(actor, scope)?;
        let events: Vec<CalendarEvent> = items
            .iter()
            .flat_map(|item| {
                item.running.iter().map(|deadline| CalendarEvent {
                    uid: format!("{}-{}-{}@klachtbalie", item.reference, deadline.kind.code(), deadline.due.format("%Y%m%d")),
                    date: deadline.due,
                    summary: format!("{}: {}", item.reference, deadline.kind.dutch_label()),
                    description: format!("Termijn uit Klachtbalie voor klacht {} (behandelaar {}).", item.reference, item.handler_name),
                })
            })
            .collect();
        let now = self.clock.now();
        // The timestamp is local; the calendar wants UTC. Only the time zone rule is read
        // from the system here, never the time itself.
        let stamp = chrono::Local.from_local_datetime(&now).earliest().map_or(now, |local| local.naive_utc());
        let object = format!("termijnen ({} stuks)", events.len());
        self.record(actor, &AuditEvent::success("termijnen exporteren (iCalendar)", object))?;
        Ok(ical::calendar(&events, stamp))
    }
}
