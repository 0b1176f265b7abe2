//! IPC types of the procedure's forms: the legal lists they offer (section 4) and a step or a
//! draft decision as submitted.

use super::*;

/// A code and its Dutch name, for pick lists.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct Choice {
    pub code: String,
    pub label: String,
}

pub(super) fn choice(code: &str, label: &str) -> Choice {
    Choice { code: code.into(), label: label.into() }
}

/// The legal lists the procedure forms offer (section 4).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct ProcedureOptions {
    pub statuses: Vec<Choice>,
    pub channels: Vec<Choice>,
    pub non_handling_grounds: Vec<Choice>,
    pub hearing_skip_reasons: Vec<Choice>,
    pub judgements: Vec<Choice>,
    /// The channels of a written complaint (Awb 9:4), and the intake fields it then needs.
    pub written_channels: Vec<String>,
    pub required_when_written: Vec<String>,
}

pub fn procedure_options() -> ProcedureOptions {
    use klachtbalie_core::domain::complaint::Channel;
    ProcedureOptions {
        statuses: Status::ALL.iter().map(|s| choice(s.code(), s.dutch_label())).collect(),
        channels: Channel::ALL.iter().map(|c| choice(c.code(), c.dutch_label())).collect(),
        non_handling_grounds: NonHandlingGround::ALL.iter().map(|g| choice(g.code(), g.dutch_label())).collect(),
        hearing_skip_reasons: HearingSkipReason::ALL.iter().map(|r| choice(r.code(), r.dutch_label())).collect(),
        judgements: Judgement::ALL.iter().map(|j| choice(j.code(), j.dutch_label())).collect(),
        written_channels: Channel::ALL.iter().filter(|c| c.is_written()).map(|c| c.code().to_string()).collect(),
        required_when_written: klachtbalie_core::domain::complaint::REQUIRED_WHEN_WRITTEN.iter().map(|f| f.to_string()).collect(),
    }
}

/// One procedure step as submitted by its form; which fields count depends on the step.
#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct StepRequest {
    pub reference: String,
    pub step: String,
    pub date: String,
    pub time: String,
    pub choice: String,
    pub text: String,
    pub weeks: String,
    /// The complaint's `version` the form was opened from: a step on a complaint
    /// changed since is refused with kind `conflict`. Null: on the complaint as it is.
    pub version: Option<u32>,
}

impl StepRequest {
    pub fn form(&self) -> service::StepForm {
        service::StepForm {
            date: self.date.clone(),
            time: self.time.clone(),
            choice: self.choice.clone(),
            text: self.text.clone(),
            weeks: self.weeks.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct DecisionRequest {
    pub reference: String,
    pub findings: String,
    pub judgement: String,
    pub conclusions: String,
    pub reasons: String,
    /// As `StepRequest::version`.
    pub version: Option<u32>,
}
