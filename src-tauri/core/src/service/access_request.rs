//! Requests for access (AVG-03, art. 15) as cases of their own: the coördinator registers who
//! asked, how their identity was checked and when; the answer term (one month, extendable once
//! by two months with a reason while the first month runs) is a deadline with the worklist's
//! traffic light; answering stores the PDF as sent and closes the request. The answer's content
//! is composed in access_answer.rs. The audit log names the request's number, never the person.

use super::{Actor, Klachtbalie, ServiceError, ServiceResult, Settings};
use crate::audit::AuditEvent;
use crate::domain::access_request::{answer_due, extended_answer_due, extension_problem, AccessRequestForm};
use crate::domain::deadlines::{deadline_status, DeadlineStatus};
use crate::domain::form::FieldError;
use crate::domain::text::{text_problem, Lines};
use crate::roles::UseCase;
use crate::store::AccessRequestRecord;
use chrono::NaiveDate;

/// A request as the worklist and the Inzage screen show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessRequestItem {
    pub request: AccessRequestRecord,
    /// The answer term's light (DL-09); `None` once answered.
    pub light: Option<DeadlineStatus>,
    /// Why the term cannot be extended today (`None`: it can).
    pub extension_problem: Option<String>,
}

impl Klachtbalie {
    fn access_request_item(&self, request: AccessRequestRecord) -> ServiceResult<AccessRequestItem> {
        Ok(access_request_item(request, &self.settings()?, self.today()))
    }

    fn stored_access_request(&self, number: &str) -> ServiceResult<AccessRequestRecord> {
        self.database
            .reader()
            .access_request(number.trim())?
            .ok_or_else(|| ServiceError::NotFound(format!("Inzageverzoek {} bestaat niet.", number.trim())))
    }

    /// AVG-03: registers a request; its answer term starts running on the day it came in.
    pub fn register_access_request(&mut self, actor: &Actor, form: &AccessRequestForm) -> ServiceResult<AccessRequestItem> {
        self.authorize(actor, UseCase::AnswerAccessRequest, "inzageverzoek")?;
        let request = form.validate(self.today()).map_err(ServiceError::Validation)?;
        let due_on = answer_due(request.received_on, &self.settings()?.calendar);
        let now = self.clock.now();
        let by = actor.name();
        let number = self.change(actor, |tx| {
            let number = tx.insert_access_request(&request, due_on, now, &by)?;
            let event = AuditEvent::success("inzageverzoek registreren", number.clone());
            Ok((number, event))
        })?;
        let stored = self.stored_access_request(&number)?;
        self.access_request_item(stored)
    }

    /// The requests: the open ones nearest term first, then (unless `open_only`, as the
    /// worklist asks) the answered ones. The settings are read once for the whole list.
    pub fn access_requests(&mut self, actor: &Actor, open_only: bool) -> ServiceResult<Vec<AccessRequestItem>> {
        self.authorize(actor, UseCase::AnswerAccessRequest, "inzageverzoeken")?;
        let requests = self.database.reader().access_requests(open_only)?;
        let (settings, today) = (self.settings()?, self.today());
        Ok(requests.into_iter().map(|request| access_request_item(request, &settings, today)).collect())
    }

    pub fn access_request(&mut self, actor: &Actor, number: &str) -> ServiceResult<AccessRequestItem> {
        self.authorize(actor, UseCase::AnswerAccessRequest, "inzageverzoek")?;
        let request = self.stored_access_request(number)?;
        self.access_request_item(request)
    }

    /// AVG art. 12 lid 3: the term becomes three months from receipt, once, with the reason
    /// the person is told (within the first month).
    pub fn extend_access_request(&mut self, actor: &Actor, number: &str, reason: &str) -> ServiceResult<AccessRequestItem> {
        self.authorize(actor, UseCase::AnswerAccessRequest, "inzageverzoek")?;
        if let Some(problem) =
            text_problem(reason, Lines::Multi, 1000, Some("Geef de reden van de verlenging; die krijgt de persoon te horen."))
        {
            return Err(ServiceError::Validation(vec![FieldError { field: "reason".into(), message: problem }]));
        }
        let request = self.stored_access_request(number)?;
        let calendar = self.settings()?.calendar;
        let today = self.today();
        if let Some(problem) =
            extension_problem(request.received_on, request.extended_on.is_some(), request.answered_on.is_some(), today, &calendar)
        {
            return Err(ServiceError::Refused(problem));
        }
        let due_on = extended_answer_due(request.received_on, &calendar);
        self.change(actor, |tx| {
            if !tx.extend_access_request(request.id, due_on, reason.trim(), today)? {
                return Err(ServiceError::Refused("Het inzageverzoek is intussen op een andere werkplek verlengd of beantwoord.".into()));
            }
            Ok(((), AuditEvent::success("inzageverzoek verlengen", request.number.clone())))
        })?;
        let stored = self.stored_access_request(&request.number)?;
        self.access_request_item(stored)
    }

    /// The answer as it would be sent, not stored (to read before answering).
    pub fn preview_access_answer(&mut self, actor: &Actor, number: &str, references: &[String]) -> ServiceResult<Vec<u8>> {
        self.authorize(actor, UseCase::AnswerAccessRequest, "inzageverzoek")?;
        let request = self.stored_access_request(number)?;
        let pdf = self.compose_access_answer(&request, references)?;
        let event = AuditEvent::success("inzageverzoek: voorbeeld van het antwoord", request.number);
        self.record(actor, &event)?;
        Ok(pdf)
    }

    /// AVG-03: answers the request over the complaints the coördinator found to be the
    /// person's: the PDF is stored as sent and the request is closed. A request is answered once.
    pub fn answer_access_request(&mut self, actor: &Actor, number: &str, references: &[String]) -> ServiceResult<Vec<u8>> {
        self.authorize(actor, UseCase::AnswerAccessRequest, "inzageverzoek")?;
        let request = self.stored_access_request(number)?;
        if request.answered_on.is_some() {
            return Err(ServiceError::Refused(format!("Inzageverzoek {} is al beantwoord; open het opgeslagen antwoord.", request.number)));
        }
        let mut references: Vec<String> = references.iter().map(|reference| reference.trim().to_string()).collect();
        references.sort_unstable();
        references.dedup();
        let pdf = self.compose_access_answer(&request, &references)?;
        let today = self.today();
        let by = actor.name();
        self.change(actor, |tx| {
            if !tx.answer_access_request(request.id, &references, &pdf, today, &by)? {
                return Err(ServiceError::Refused(format!(
                    "Inzageverzoek {} is intussen op een andere werkplek beantwoord.",
                    request.number
                )));
            }
            let event = AuditEvent::success("inzageverzoek beantwoorden", format!("{} ({} klachten)", request.number, references.len()));
            Ok(((), event))
        })?;
        Ok(pdf)
    }

    /// The answer as it was sent.
    pub fn access_answer(&mut self, actor: &Actor, number: &str) -> ServiceResult<Vec<u8>> {
        self.authorize(actor, UseCase::AnswerAccessRequest, "inzageverzoek")?;
        let request = self.stored_access_request(number)?;
        let pdf = self
            .database
            .reader()
            .access_answer_pdf(request.id)?
            .ok_or_else(|| ServiceError::Refused(format!("Inzageverzoek {} is nog niet beantwoord.", request.number)))?;
        let event = AuditEvent::success("antwoord op inzageverzoek inzien", request.number);
        self.record(actor, &event)?;
        Ok(pdf)
    }
}

/// A request with its term's light and whether it can still be extended, as of `today`.
fn access_request_item(request: AccessRequestRecord, settings: &Settings, today: NaiveDate) -> AccessRequestItem {
    let answered = request.answered_on.is_some();
    AccessRequestItem {
        light: (!answered).then(|| deadline_status(request.due_on, today, &settings.calendar, &settings.norms)),
        extension_problem: extension_problem(request.received_on, request.extended_on.is_some(), answered, today, &settings.calendar),
        request,
    }
}
