//! IPC types of letters: kinds, drafts and approval, previews, sending, templates.

use super::*;

impl LetterKindOption {
    pub fn all() -> Vec<Self> {
        LetterKind::ALL
            .into_iter()
            .map(|kind| Self {
                kind: kind.code().into(),
                label: kind.dutch_label().into(),
                recipients: kind
                    .recipients()
                    .iter()
                    .map(|recipient| Choice { code: recipient.code().into(), label: recipient.choice_label().into() })
                    .collect(),
                needs_four_eyes: kind.needs_four_eyes(),
            })
            .collect()
    }
}

/// A final letter (without its bytes).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct LetterSummaryView {
    pub id: u32,
    pub reference: String,
    pub kind: String,
    pub kind_label: String,
    pub version: u32,
    pub recipient: String,
    pub recipient_name: String,
    pub sha256: String,
    pub bytes: u32,
    pub pages: u32,
    pub created_at: String,
    pub created_by: String,
    pub approved_by: String,
    pub correction_reason: String,
    /// "24 november 2026 aan Ria Cliteur" for each recorded sending.
    pub sendings: Vec<String>,
}

impl From<LetterSummary> for LetterSummaryView {
    fn from(letter: LetterSummary) -> Self {
        Self {
            kind_label: letter.kind.dutch_label().into(),
            sendings: letter
                .sendings
                .iter()
                .map(|(date, to)| {
                    let date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").map(long_date).unwrap_or_else(|_| date.clone());
                    format!("{date} aan {to}")
                })
                .collect(),
            id: count(letter.id),
            reference: letter.reference,
            kind: letter.kind.code().into(),
            version: count(letter.version),
            recipient: letter.recipient.code().into(),
            recipient_name: letter.recipient_name,
            sha256: letter.sha256,
            bytes: count(letter.size),
            pages: count(letter.pages),
            created_at: display_time(&letter.created_at),
            created_by: letter.created_by,
            approved_by: letter.approved_by,
            correction_reason: letter.correction_reason,
        }
    }
}

/// A letter waiting for the handler's approval (PR-07).
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct LetterDraftView {
    pub id: u32,
    pub reference: String,
    pub kind_label: String,
    pub recipient_name: String,
    pub drafted_by: String,
    pub drafted_at: String,
    pub correction_reason: String,
    pub pages: u32,
    /// The letter's text as it will read, so the handler can read it in the app too.
    pub text: String,
}

impl From<LetterDraftRecord> for LetterDraftView {
    fn from(draft: LetterDraftRecord) -> Self {
        Self {
            kind_label: draft.kind.dutch_label().into(),
            id: count(draft.id),
            reference: draft.reference,
            recipient_name: draft.recipient_name,
            drafted_by: draft.drafted_by,
            drafted_at: display_time(&draft.drafted_at),
            correction_reason: draft.correction_reason,
            pages: count(draft.pages),
            text: draft.text,
        }
    }
}

/// The letters part of a complaint's file.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct LetterOverview {
    pub letters: Vec<LetterSummaryView>,
    pub drafts: Vec<LetterDraftView>,
    pub kinds: Vec<LetterKindOption>,
    /// False for the front desk: only the acknowledgement.
    pub may_make_letters: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct LetterRequest {
    pub reference: String,
    pub kind: String,
    pub recipient: String,
    /// Required for a second version (a correction).
    pub correction_reason: String,
}

impl Default for LetterRequest {
    fn default() -> Self {
        Self { reference: String::new(), kind: String::new(), recipient: "klager".into(), correction_reason: String::new() }
    }
}

impl LetterRequest {
    pub fn kind_and_recipient(&self) -> Result<(LetterKind, Recipient), CommandError> {
        let kind = LetterKind::from_code(&self.kind).ok_or_else(|| CommandError::new("validation", "Kies een soort brief."))?;
        let recipient =
            Recipient::from_code(&self.recipient).ok_or_else(|| CommandError::new("validation", "Kies aan wie de brief gaat."))?;
        Ok((kind, recipient))
    }
}

/// A rendered letter that is not stored: the preview, with what LT-01 finds missing.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct LetterPreviewView {
    pub text: String,
    pub missing: Vec<String>,
    pub pages: u32,
    pub bytes: u32,
    /// The PDF in the private viewer folder, opened in the system viewer when possible.
    pub path: String,
    pub opened: bool,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct FinaliseResult {
    pub letter: Option<LetterSummaryView>,
    /// Set when the letter went to the handler's approval queue instead.
    pub awaiting_approval_by: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct SendingRequest {
    pub letter_id: u32,
    pub date: String,
    pub recipient: String,
    /// The letter's complaint and the `version` of its file the form was opened from: sending
    /// the decision is a step (it completes the complaint), refused as a `conflict` when the
    /// complaint changed since.
    pub reference: String,
    pub version: Option<u32>,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct PlaceholderView {
    pub name: String,
    pub description: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct TemplateView {
    pub kind: String,
    pub label: String,
    pub subject: String,
    pub body: String,
    /// 0: the built-in text.
    pub version: u32,
    pub saved_by: String,
    pub saved_at: String,
    pub placeholders: Vec<PlaceholderView>,
}

impl From<service::TemplateView> for TemplateView {
    fn from(view: service::TemplateView) -> Self {
        Self {
            kind: view.kind.code().into(),
            label: view.kind.dutch_label().into(),
            placeholders: klachtbalie_core::letters::templates::placeholders_for(view.kind)
                .map(|p| PlaceholderView { name: format!("{{{{{}}}}}", p.name), description: p.description.into() })
                .collect(),
            subject: view.template.subject,
            body: view.template.body,
            version: count(view.version),
            saved_by: view.saved_by,
            saved_at: display_time(&view.saved_at),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Default)]
#[cfg_attr(test, derive(TS))]
#[serde(default)]
pub struct TemplateRequest {
    pub kind: String,
    pub subject: String,
    pub body: String,
}

#[derive(Debug, Clone, Serialize)]
#[cfg_attr(test, derive(TS))]
pub struct TemplateSavedView {
    pub version: u32,
    /// What a letter with this text would lack (it cannot be finalised until fixed).
    pub missing_in_sample: Vec<String>,
}
