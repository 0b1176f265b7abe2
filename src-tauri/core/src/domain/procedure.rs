//! The complaint procedure as a state machine (domain.md section 4, PR-01..08): the states,
//! which step is possible in which state, and the legal lists (Awb 9:8 grounds, Awb 9:10
//! reasons to skip the hearing, judgements). Pure: the service supplies the facts.

use super::code::coded;
use serde::{Deserialize, Serialize};

coded! {
    /// The states of section 4.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Status {
        Ontvangen = "ontvangen",
        InBehandeling = "in_behandeling",
        InformeelAfgehandeld = "informeel_afgehandeld",
        Formeel = "formeel",
        Hoorzitting = "hoorzitting",
        BesluitConcept = "besluit_concept",
        BesluitGoedgekeurd = "besluit_goedgekeurd",
        Afgehandeld = "afgehandeld",
        Ingetrokken = "ingetrokken",
        NietInBehandeling = "niet_in_behandeling",
        Doorgezonden = "doorgezonden",
    }
}

impl Status {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::Ontvangen => "ontvangen",
            Self::InBehandeling => "in behandeling (informeel)",
            Self::InformeelAfgehandeld => "informeel afgehandeld",
            Self::Formeel => "formele behandeling",
            Self::Hoorzitting => "hoorzitting",
            Self::BesluitConcept => "conceptbeslissing",
            Self::BesluitGoedgekeurd => "beslissing goedgekeurd",
            Self::Afgehandeld => "afgehandeld",
            Self::Ingetrokken => "ingetrokken",
            Self::NietInBehandeling => "niet in behandeling genomen",
            Self::Doorgezonden => "doorgezonden",
        }
    }

    /// Closed complaints no longer run deadlines; only the coördinator can reopen them.
    pub fn is_closed(self) -> bool {
        matches!(self, Self::InformeelAfgehandeld | Self::Afgehandeld | Self::Ingetrokken | Self::NietInBehandeling | Self::Doorgezonden)
    }

    /// On the formal path (a decision on the complaint is due, Awb 9:11).
    pub fn is_formal(self) -> bool {
        matches!(self, Self::Formeel | Self::Hoorzitting | Self::BesluitConcept | Self::BesluitGoedgekeurd)
    }
}

coded! {
    /// Awb 9:8 lid 1: the grounds on which a complaint need not be handled (PR-03).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum NonHandlingGround {
        AlreadyHandled = "al_behandeld",
        OlderThanOneYear = "ouder_dan_een_jaar",
        OpenToObjectionOrAppeal = "bezwaar_of_beroep",
        BeforeCourt = "rechter",
        CriminalInvestigation = "strafrechtelijk_onderzoek",
        InsufficientInterest = "onvoldoende_belang",
    }
}

impl NonHandlingGround {
    /// The ground as the letter and the screen state it (Awb 9:8 lid 1 a-f).
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::AlreadyHandled => "de klacht is al eerder behandeld (Awb 9:8 lid 1 sub a)",
            Self::OlderThanOneYear => "de gedraging was meer dan een jaar voor de klacht (Awb 9:8 lid 1 sub b)",
            Self::OpenToObjectionOrAppeal => "tegen de gedraging stond of staat bezwaar of beroep open (Awb 9:8 lid 1 sub c)",
            Self::BeforeCourt => "de gedraging ligt voor aan de rechter (Awb 9:8 lid 1 sub d)",
            Self::CriminalInvestigation => "er loopt een strafrechtelijk onderzoek (Awb 9:8 lid 1 sub e)",
            Self::InsufficientInterest => "het belang of het gewicht van de gedraging is kennelijk onvoldoende (Awb 9:8 lid 2)",
        }
    }
}

coded! {
    /// Awb 9:10 lid 2: the only reasons not to hear the complainant (PR-05).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum HearingSkipReason {
        ClearlyUnfounded = "kennelijk_ongegrond",
        Waived = "afgezien",
        NoResponse = "geen_reactie",
    }
}

impl HearingSkipReason {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::ClearlyUnfounded => "de klacht is kennelijk ongegrond",
            Self::Waived => "de klager heeft laten weten niet gehoord te willen worden",
            Self::NoResponse => "de klager heeft niet binnen de gestelde termijn gereageerd",
        }
    }
}

coded! {
    /// PR-06: the outcome of the decision.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Judgement {
        Gegrond = "gegrond",
        DeelsGegrond = "deels_gegrond",
        Ongegrond = "ongegrond",
        GeenOordeel = "geen_oordeel",
    }
}

impl Judgement {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::Gegrond => "gegrond",
            Self::DeelsGegrond => "deels gegrond",
            Self::Ongegrond => "ongegrond",
            Self::GeenOordeel => "geen oordeel",
        }
    }
}

coded! {
    /// PR-06/07: where a draft decision stands. The store keeps every draft, so a returned one
    /// stays on the file next to the one approved later.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum DecisionState {
        Concept = "concept",
        Approved = "goedgekeurd",
        Returned = "teruggestuurd",
    }
}

coded! {
    /// PR-07: where a letter drafted by someone other than the responsible handler stands.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum LetterDraftState {
        AwaitingApproval = "ter_goedkeuring",
        Approved = "goedgekeurd",
        Returned = "teruggestuurd",
    }
}

coded! {
    /// Work that stays open on a complaint until its letters are sent: the postponement letters
    /// to everyone concerned (DL-05), the letter saying the complaint is not handled (Awb 9:8).
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum TaskKind {
        PostponementLetters = "verdagingsbrieven",
        NonHandlingLetter = "brief_niet_in_behandeling",
    }
}

impl LetterDraftState {
    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::AwaitingApproval => "ter goedkeuring",
            Self::Approved => "goedgekeurd",
            Self::Returned => "teruggestuurd",
        }
    }
}

/// Everything a user can do to a complaint's procedure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    LogContact,
    ResolveInformally,
    ContinueFormally,
    SendCopyToRespondent,
    PlanHearing,
    ReportHearing,
    SkipHearing,
    Postpone,
    RecordFurtherDelay,
    ReferToAdvisoryCommittee,
    DraftDecision,
    ApproveDecision,
    ReturnDecision,
    /// The approved decision letter was sent to the complainant (PR-08): the complaint is done.
    SendDecision,
    Withdraw,
    NotHandle,
    Forward,
    Reopen,
}

impl Step {
    pub const ALL: [Step; 18] = [
        Self::LogContact,
        Self::ResolveInformally,
        Self::ContinueFormally,
        Self::SendCopyToRespondent,
        Self::PlanHearing,
        Self::ReportHearing,
        Self::SkipHearing,
        Self::Postpone,
        Self::RecordFurtherDelay,
        Self::ReferToAdvisoryCommittee,
        Self::DraftDecision,
        Self::ApproveDecision,
        Self::ReturnDecision,
        Self::SendDecision,
        Self::Withdraw,
        Self::NotHandle,
        Self::Forward,
        Self::Reopen,
    ];

    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::LogContact => "contact vastleggen",
            Self::ResolveInformally => "informeel afhandelen",
            Self::ContinueFormally => "formeel verder behandelen",
            Self::SendCopyToRespondent => "kopie naar de beklaagde",
            Self::PlanHearing => "hoorzitting plannen",
            Self::ReportHearing => "verslag van de hoorzitting vastleggen",
            Self::SkipHearing => "afzien van horen",
            Self::Postpone => "verdagen",
            Self::RecordFurtherDelay => "verder uitstel met instemming",
            Self::ReferToAdvisoryCommittee => "naar de adviescommissie",
            Self::DraftDecision => "conceptbeslissing opstellen",
            Self::ApproveDecision => "beslissing goedkeuren",
            Self::ReturnDecision => "conceptbeslissing terugsturen",
            Self::SendDecision => "beslissing verzonden",
            Self::Withdraw => "intrekking vastleggen",
            Self::NotHandle => "niet in behandeling nemen",
            Self::Forward => "doorzenden",
            Self::Reopen => "heropenen",
        }
    }
}

/// What the machine needs to know besides the status; the service reads it from the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ProcedureFacts {
    /// A hearing was planned (the complaint went through `hoorzitting`).
    pub hearing_planned: bool,
    /// The written report (verslag) of the hearing exists.
    pub hearing_reported: bool,
    /// The last planned hearing is on a later day: its report cannot be written yet.
    pub hearing_ahead: bool,
    /// Not hearing the complainant was recorded with a legal reason.
    pub hearing_skipped: bool,
    /// The one postponement of Awb 9:11 lid 2 was used.
    pub postponed: bool,
    /// The (last) decision term has passed: postponing is no longer possible.
    pub decision_term_passed: bool,
    /// The closed complaint had been on the formal path (reopening returns there).
    pub was_formal: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct StepRefused {
    pub message: String,
}

/// The outcome of a step: the new status (often the same), or why not and what is possible
/// instead.
pub fn apply(status: Status, step: Step, facts: &ProcedureFacts) -> Result<Status, StepRefused> {
    decide(status, step, facts).map_err(|why| {
        let possible = possible_steps(status, facts);
        let instead = if possible.is_empty() {
            "Er is nu geen stap mogelijk.".to_string()
        } else {
            format!("Wel mogelijk: {}.", possible.iter().map(|step| step.dutch_label()).collect::<Vec<_>>().join(", "))
        };
        StepRefused { message: format!("'{}' kan niet bij status '{}': {why} {instead}", step.dutch_label(), status.dutch_label()) }
    })
}

/// Every step `apply` accepts now: what the screen offers, and what a refusal suggests.
pub fn possible_steps(status: Status, facts: &ProcedureFacts) -> Vec<Step> {
    Step::ALL.into_iter().filter(|step| decide(status, *step, facts).is_ok()).collect()
}

/// Every change of status that some step makes under some facts, in the order of `Status::ALL`:
/// the shared store's server lets a complaint's status change only so (schema 16, SEC-07), and
/// a test compares its list with this one.
pub fn status_changes() -> Vec<(Status, Status)> {
    let mut changes = Vec::new();
    for before in Status::ALL {
        for after in Status::ALL {
            let made = (0..1u8 << 7).any(|bits| {
                let bit = |n: u8| bits & (1 << n) != 0;
                let facts = ProcedureFacts {
                    hearing_planned: bit(0),
                    hearing_reported: bit(1),
                    hearing_ahead: bit(2),
                    hearing_skipped: bit(3),
                    postponed: bit(4),
                    decision_term_passed: bit(5),
                    was_formal: bit(6),
                };
                Step::ALL.into_iter().any(|step| decide(before, step, &facts) == Ok(after))
            });
            if made && before != after {
                changes.push((before, after));
            }
        }
    }
    changes
}

/// The transition table of section 4: the one place that says which step is possible when.
fn decide(status: Status, step: Step, facts: &ProcedureFacts) -> Result<Status, &'static str> {
    use Status::*;
    if status.is_closed() {
        return match step {
            Step::Reopen => Ok(if facts.was_formal { Formeel } else { InBehandeling }),
            _ => Err("de klacht is gesloten; de klachtcoördinator kan haar heropenen."),
        };
    }
    match step {
        Step::Reopen => Err("de klacht is nog open."),
        Step::LogContact => Ok(if status == Ontvangen { InBehandeling } else { status }),
        Step::ResolveInformally => match status {
            InBehandeling => Ok(InformeelAfgehandeld),
            Ontvangen => Err("leg eerst het contact met de klager vast."),
            _ => Err("de formele behandeling is al begonnen; die eindigt met een beslissing."),
        },
        Step::ContinueFormally => match status {
            Ontvangen | InBehandeling => Ok(Formeel),
            _ => Err("de klacht wordt al formeel behandeld."),
        },
        Step::SendCopyToRespondent | Step::ReferToAdvisoryCommittee | Step::RecordFurtherDelay => Ok(status),
        Step::Postpone if facts.postponed => {
            Err("verdagen kan maar één keer (Awb 9:11 lid 2); daarna alleen met instemming van de klager.")
        }
        Step::Postpone if facts.decision_term_passed => {
            Err("de beslistermijn is al verstreken; verdagen moet vóór het einde van de termijn.")
        }
        Step::Postpone => Ok(status),
        Step::PlanHearing => match status {
            Formeel | Hoorzitting => Ok(Hoorzitting),
            Ontvangen | InBehandeling => Err("kies eerst voor formele behandeling."),
            _ => Err("er is al een (concept)beslissing."),
        },
        Step::ReportHearing => match status {
            Hoorzitting if facts.hearing_ahead => Err("de hoorzitting heeft nog niet plaatsgevonden; het verslag volgt daarna."),
            Hoorzitting => Ok(Hoorzitting),
            _ => Err("er is geen hoorzitting gepland."),
        },
        Step::SkipHearing => match status {
            Formeel => Ok(Formeel),
            Hoorzitting => Err("er is al een hoorzitting gepland; leg het verslag vast."),
            _ => Err("afzien van horen kan alleen in de formele behandeling."),
        },
        Step::DraftDecision => match status {
            Formeel | Hoorzitting if facts.hearing_reported || facts.hearing_skipped => Ok(BesluitConcept),
            Hoorzitting => Err("leg eerst het verslag van de hoorzitting vast (Awb 9:10)."),
            Formeel => Err("de klager moet eerst worden gehoord, of leg vast waarom dat niet hoeft (Awb 9:10 lid 2)."),
            Ontvangen | InBehandeling => Err("kies eerst voor formele behandeling."),
            _ => Err("er is al een (concept)beslissing."),
        },
        Step::ApproveDecision => match status {
            BesluitConcept => Ok(BesluitGoedgekeurd),
            _ => Err("er is geen conceptbeslissing."),
        },
        Step::ReturnDecision => match status {
            BesluitConcept => Ok(if facts.hearing_planned { Hoorzitting } else { Formeel }),
            _ => Err("er is geen conceptbeslissing."),
        },
        Step::SendDecision => match status {
            BesluitGoedgekeurd => Ok(Afgehandeld),
            _ => Err("er is geen goedgekeurde beslissing om te verzenden."),
        },
        Step::Withdraw | Step::NotHandle | Step::Forward if status == BesluitGoedgekeurd => {
            Err("de beslissing is al goedgekeurd; die wordt nu verzonden.")
        }
        Step::Withdraw => Ok(Ingetrokken),
        Step::NotHandle => Ok(NietInBehandeling),
        Step::Forward => Ok(Doorgezonden),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;
    use Step::*;

    /// Facts under which every guarded step is possible.
    fn open_facts() -> ProcedureFacts {
        ProcedureFacts { hearing_reported: true, hearing_skipped: false, hearing_planned: true, ..ProcedureFacts::default() }
    }

    /// Every allowed (status, step) -> new status with `open_facts`; everything else must be
    /// refused. Written out by hand from section 4, not derived from `decide`.
    const ALLOWED: &[(Status, Step, Status)] = &[
        (Ontvangen, LogContact, InBehandeling),
        (Ontvangen, ContinueFormally, Formeel),
        (InBehandeling, LogContact, InBehandeling),
        (InBehandeling, ResolveInformally, InformeelAfgehandeld),
        (InBehandeling, ContinueFormally, Formeel),
        (Formeel, LogContact, Formeel),
        (Formeel, PlanHearing, Hoorzitting),
        (Formeel, SkipHearing, Formeel),
        (Formeel, DraftDecision, BesluitConcept),
        (Hoorzitting, LogContact, Hoorzitting),
        (Hoorzitting, PlanHearing, Hoorzitting),
        (Hoorzitting, ReportHearing, Hoorzitting),
        (Hoorzitting, DraftDecision, BesluitConcept),
        (BesluitConcept, LogContact, BesluitConcept),
        (BesluitConcept, ApproveDecision, BesluitGoedgekeurd),
        (BesluitConcept, ReturnDecision, Hoorzitting),
        (BesluitGoedgekeurd, LogContact, BesluitGoedgekeurd),
        (BesluitGoedgekeurd, SendDecision, Afgehandeld),
    ];

    /// Steps possible in every open state that keep the status.
    const IN_ANY_OPEN_STATE: [Step; 4] = [SendCopyToRespondent, Postpone, RecordFurtherDelay, ReferToAdvisoryCommittee];

    /// Side exits (section 4) from every open state except after approval.
    const SIDE_EXITS: [(Step, Status); 3] = [(Withdraw, Ingetrokken), (NotHandle, NietInBehandeling), (Forward, Doorgezonden)];

    fn expected(status: Status, step: Step) -> Option<Status> {
        if status.is_closed() {
            return (step == Reopen).then_some(Formeel);
        }
        if IN_ANY_OPEN_STATE.contains(&step) {
            return Some(status);
        }
        if let Some((_, exit)) = SIDE_EXITS.iter().find(|(exit_step, _)| *exit_step == step) {
            return (status != BesluitGoedgekeurd).then_some(*exit);
        }
        ALLOWED.iter().find(|(from, by, _)| *from == status && *by == step).map(|(_, _, to)| *to)
    }

    #[test]
    fn every_transition_of_section_4_allowed_and_refused() {
        // rules PR-02, PR-03, PR-05, PR-06, PR-07 and the state list of section 4.
        let facts = ProcedureFacts { was_formal: true, ..open_facts() };
        for status in Status::ALL {
            for step in Step::ALL {
                let outcome = apply(status, step, &facts);
                match expected(status, step) {
                    Some(to) => assert_eq!(outcome, Ok(to), "{status:?} --{step:?}-->"),
                    None => {
                        let refusal = outcome.expect_err(&format!("{status:?} --{step:?}--> must be refused"));
                        assert!(
                            refusal.message.contains("Wel mogelijk") || refusal.message.contains("geen stap"),
                            "a refusal says what is possible instead: {}",
                            refusal.message
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn a_decision_needs_a_hearing_report_or_a_legal_reason_to_skip() {
        // rule PR-05 (Awb 9:10)
        let none = ProcedureFacts::default();
        let refusal = apply(Formeel, DraftDecision, &none).expect_err("no hearing");
        assert!(refusal.message.contains("Awb 9:10 lid 2"), "{}", refusal.message);
        assert!(refusal.message.contains("hoorzitting plannen"), "suggests the hearing: {}", refusal.message);
        let planned = ProcedureFacts { hearing_planned: true, ..none };
        assert!(apply(Hoorzitting, DraftDecision, &planned).expect_err("no report").message.contains("verslag"));
        let skipped = ProcedureFacts { hearing_skipped: true, ..none };
        assert_eq!(apply(Formeel, DraftDecision, &skipped), Ok(BesluitConcept));
        // Returning a draft goes back to where it came from.
        assert_eq!(apply(BesluitConcept, ReturnDecision, &skipped), Ok(Formeel));
    }

    #[test]
    fn postponement_once_and_only_before_the_term_ends() {
        // rule DL-05
        let facts = ProcedureFacts::default();
        assert_eq!(apply(Formeel, Postpone, &facts), Ok(Formeel));
        let again = apply(Formeel, Postpone, &ProcedureFacts { postponed: true, ..facts }).expect_err("twice");
        assert!(again.message.contains("maar één keer"), "{}", again.message);
        let late = apply(Formeel, Postpone, &ProcedureFacts { decision_term_passed: true, ..facts }).expect_err("late");
        assert!(late.message.contains("verstreken"), "{}", late.message);
        // DL-06: further delay with consent stays possible.
        assert_eq!(apply(Formeel, RecordFurtherDelay, &ProcedureFacts { postponed: true, ..facts }), Ok(Formeel));
    }

    #[test]
    fn a_hearing_still_ahead_has_no_report_yet_and_the_step_is_not_offered() {
        // rule PR-05 (issue 28: the report was the highlighted next step a week before the
        // hearing, and then refused)
        let ahead = ProcedureFacts { hearing_planned: true, hearing_ahead: true, ..ProcedureFacts::default() };
        let refused = apply(Hoorzitting, ReportHearing, &ahead).expect_err("not yet");
        assert!(refused.message.contains("nog niet plaatsgevonden"), "{}", refused.message);
        let offered = possible_steps(Hoorzitting, &ahead);
        assert!(!offered.contains(&ReportHearing) && offered.contains(&PlanHearing) && offered.contains(&Postpone), "{offered:?}");
        let today = ProcedureFacts { hearing_ahead: false, ..ahead };
        assert_eq!(apply(Hoorzitting, ReportHearing, &today), Ok(Hoorzitting));
    }

    #[test]
    fn informal_closing_needs_contact_first_and_reopening_returns_to_the_path() {
        // rule PR-02 and section 4 (reopen)
        let facts = ProcedureFacts::default();
        assert!(apply(Ontvangen, ResolveInformally, &facts).expect_err("no contact").message.contains("contact"));
        assert_eq!(apply(InformeelAfgehandeld, Reopen, &facts), Ok(InBehandeling));
        assert_eq!(apply(Afgehandeld, Reopen, &ProcedureFacts { was_formal: true, ..facts }), Ok(Formeel));
        assert!(apply(Formeel, Reopen, &facts).is_err());
    }

    #[test]
    fn codes_round_trip() {
        for status in Status::ALL {
            assert_eq!(Status::from_code(status.code()), Some(status));
        }
        for ground in NonHandlingGround::ALL {
            assert_eq!(NonHandlingGround::from_code(ground.code()), Some(ground));
        }
        for reason in HearingSkipReason::ALL {
            assert_eq!(HearingSkipReason::from_code(reason.code()), Some(reason));
        }
        for judgement in Judgement::ALL {
            assert_eq!(Judgement::from_code(judgement.code()), Some(judgement));
        }
    }
}
