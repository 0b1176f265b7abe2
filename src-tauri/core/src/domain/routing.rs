//! The one place that decides who handles a complaint (RT-01..06): from the organisation
//! chart and the complaint's subject to a handler and the human-readable reason.

use super::function::{Function, FunctionLabels};
use super::organisation::{Official, OrgChart};
use std::collections::HashSet;

/// What the complaint is about: the persons complained about (respondents), others involved
/// in the conduct (they may not handle it either, RT-02), and/or the department.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoutingSubject {
    pub respondents: Vec<String>,
    pub involved: Vec<String>,
    pub department: Option<String>,
}

/// The chosen handler and why (RT-06).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routing {
    pub handler: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RoutingError {
    #[error("Onbekende functionaris '{0}': die staat niet in het organogram.")]
    UnknownOfficial(String),
    #[error("Onbekende afdeling '{0}': die staat niet in het organogram.")]
    UnknownDepartment(String),
    #[error("Kies over wie of over welke afdeling de klacht gaat.")]
    NoSubject,
    #[error("Er is geen {0} in het organogram; vul het organogram aan.")]
    MissingPosition(String),
    #[error("Er is geen wettige behandelaar te vinden: {0}. Pas het organogram aan (vervanger of aanwezigheid) of wijs met de hand toe.")]
    NoLawfulHandler(String),
    #[error(
        "{0} is beklaagde in deze klacht (of was bij de gedraging betrokken) en mag de klacht niet behandelen (Awb 9:7). Kies een ander."
    )]
    HandlerIsRespondent(String),
}

/// RT-01..06: the handler for a complaint.
///
/// The first candidate is the one above the highest-ranking respondent (RT-03), or the
/// department's manager when no person is named. Then, as often as needed: a candidate
/// who is complained about or involved goes one level up (RT-02); an absent candidate hands
/// over to their deputy, or without one goes one level up (RT-04). A chain that returns to
/// someone already considered has no lawful handler.
pub fn route(chart: &OrgChart, labels: &FunctionLabels, subject: &RoutingSubject) -> Result<Routing, RoutingError> {
    let respondents = subject
        .respondents
        .iter()
        .map(|id| chart.official(id.trim()).ok_or_else(|| RoutingError::UnknownOfficial(id.clone())))
        .collect::<Result<Vec<_>, _>>()?;
    let involved = subject
        .involved
        .iter()
        .map(|id| chart.official(id.trim()).ok_or_else(|| RoutingError::UnknownOfficial(id.clone())))
        .collect::<Result<Vec<_>, _>>()?;
    let excluded: HashSet<&str> = respondents.iter().chain(&involved).map(|official| official.id.as_str()).collect();

    // max_by_key keeps the last of equals; the first named of equal rank should count.
    let highest = respondents.iter().rev().max_by_key(|official| official.function.rank()).copied();
    let (mut candidate, because) = match highest {
        Some(respondent) => {
            // "een medewerker", "een wethouder": one of several; "de" for a unique position.
            let article = match respondent.function {
                Function::Medewerker | Function::Wethouder if !respondent.loco_burgemeester => "een",
                _ => "de",
            };
            let mut because = format!("want de klacht gaat over {article} {}", chart.position(respondent, labels));
            if respondents.len() > 1 {
                because.push_str(" (de hoogste in rang van de beklaagden)");
            }
            (one_level_up(chart, labels, respondent)?, because)
        }
        None => {
            let id = subject.department.as_deref().map(str::trim).filter(|id| !id.is_empty()).ok_or(RoutingError::NoSubject)?;
            let department = chart.department(id).ok_or_else(|| RoutingError::UnknownDepartment(id.to_string()))?;
            let manager = chart.official(&department.manager).ok_or_else(|| RoutingError::UnknownOfficial(department.manager.clone()))?;
            (manager, format!("want de klacht gaat over de dienstverlening van {}", department.name))
        }
    };

    // `seat` is the position being filled; `candidate` is the person filling it (the seat's
    // holder, or their deputy). Going "one level up" always goes up from the seat, so a
    // deputy who cannot act does not move the complaint into the deputy's own line.
    let mut seat = candidate;
    let mut steps = Vec::new();
    let mut considered = HashSet::new();
    loop {
        if !considered.insert(candidate.id.as_str()) {
            steps.push(format!("daarna zou {} weer aan de beurt zijn", candidate.name));
            return Err(RoutingError::NoLawfulHandler(steps.join("; ")));
        }
        if excluded.contains(candidate.id.as_str()) {
            steps.push(format!(
                "{} ({}) is zelf beklaagde of betrokken (Awb 9:7), dus één niveau hoger",
                candidate.name,
                chart.position(candidate, labels)
            ));
            seat = one_level_up(chart, labels, seat)?;
            candidate = seat;
            continue;
        }
        if candidate.absent {
            match candidate.deputy.as_deref().and_then(|id| chart.official(id)) {
                Some(deputy) => {
                    steps.push(format!("{} is afwezig, vervanger is {}", candidate.name, deputy.name));
                    candidate = deputy;
                }
                None => {
                    steps.push(format!("{} is afwezig en heeft geen vervanger, dus één niveau hoger", candidate.name));
                    seat = one_level_up(chart, labels, seat)?;
                    candidate = seat;
                }
            }
            continue;
        }
        break;
    }
    let mut reason = format!("{}, {because}", chart.position(candidate, labels));
    for step in steps {
        reason.push_str("; ");
        reason.push_str(&step);
    }
    Ok(Routing { handler: candidate.id.clone(), reason })
}

/// RT-05: a manual choice by the coördinator, refused when it would break Awb 9:7.
pub fn check_manual_assignment<'c>(chart: &'c OrgChart, subject: &RoutingSubject, handler_id: &str) -> Result<&'c Official, RoutingError> {
    let handler = chart.official(handler_id.trim()).ok_or_else(|| RoutingError::UnknownOfficial(handler_id.to_string()))?;
    if subject.respondents.iter().chain(&subject.involved).any(|id| id.trim() == handler.id) {
        return Err(RoutingError::HandlerIsRespondent(handler.name.clone()));
    }
    Ok(handler)
}

/// Who handles a complaint about `official` (the table of section 3), which is also where a
/// complaint goes when `official` cannot handle it.
fn one_level_up<'c>(chart: &'c OrgChart, labels: &FunctionLabels, official: &Official) -> Result<&'c Official, RoutingError> {
    let missing = |function: Function| RoutingError::MissingPosition(labels.label(function).to_string());
    match official.function {
        Function::Medewerker => {
            let manager = official
                .department
                .as_deref()
                .and_then(|id| chart.department(id))
                .and_then(|department| chart.official(&department.manager))
                .ok_or_else(|| RoutingError::MissingPosition(format!("manager voor de afdeling van {}", official.name)))?;
            if manager.id == official.id {
                chart.holder_of(Function::Gemeentesecretaris).ok_or_else(|| missing(Function::Gemeentesecretaris))
            } else {
                Ok(manager)
            }
        }
        Function::Afdelingsmanager => chart.holder_of(Function::Gemeentesecretaris).ok_or_else(|| missing(Function::Gemeentesecretaris)),
        Function::Gemeentesecretaris | Function::Wethouder => {
            chart.holder_of(Function::Burgemeester).ok_or_else(|| missing(Function::Burgemeester))
        }
        Function::Burgemeester => chart.loco_burgemeester().ok_or_else(|| RoutingError::MissingPosition("loco-burgemeester".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::organisation::OrgChartFile;

    /// Two departments, a medewerker in each, the bestuur, and switches for absence.
    fn chart_with(changes: &[(&str, &str)]) -> OrgChart {
        let mut file = OrgChartFile::from_json(
            r#"{
            "departments": [{"id": "bz", "name": "Burgerzaken", "manager": "m-bz"},
                            {"id": "ro", "name": "Ruimtelijke Ordening", "manager": "m-ro"}],
            "officials": [
              {"id": "m-bz", "name": "Anna de Boer", "function": "afdelingsmanager", "department": "bz", "deputy": "m-ro"},
              {"id": "m-ro", "name": "Piet Jansen", "function": "afdelingsmanager", "department": "ro"},
              {"id": "e1", "name": "Jan Smit", "function": "medewerker", "department": "bz"},
              {"id": "e2", "name": "Sara Yilmaz", "function": "medewerker", "department": "ro"},
              {"id": "gs", "name": "Gea Secretaris", "function": "gemeentesecretaris", "deputy": "m-ro"},
              {"id": "bm", "name": "Bert Burgemeester", "function": "burgemeester"},
              {"id": "wh1", "name": "Wim Wethouder", "function": "wethouder", "loco_burgemeester": true},
              {"id": "wh2", "name": "Wendy Wethouder", "function": "wethouder"}
            ]}"#,
        )
        .expect("parses");
        for (id, change) in changes {
            let official = file.officials.iter_mut().find(|o| o.id == *id).expect("known official");
            match *change {
                "absent" => official.absent = true,
                "no deputy" => official.deputy = None,
                other => panic!("unknown change {other}"),
            }
        }
        OrgChart::validate(&file, &FunctionLabels::default()).expect("valid chart")
    }

    fn subject(respondents: &[&str], department: Option<&str>) -> RoutingSubject {
        RoutingSubject {
            respondents: respondents.iter().map(|id| id.to_string()).collect(),
            involved: Vec::new(),
            department: department.map(str::to_string),
        }
    }

    /// One row of the table: who is complained about, which department, what changed in the
    /// chart, and who must handle it.
    fn check(respondents: &[&str], department: Option<&str>, changes: &[(&str, &str)], expected: &str) {
        let chart = chart_with(changes);
        let routing = route(&chart, &FunctionLabels::default(), &subject(respondents, department))
            .unwrap_or_else(|error| panic!("{respondents:?}/{department:?}/{changes:?}: {error}"));
        assert_eq!(routing.handler, expected, "{respondents:?}/{department:?}/{changes:?}: {}", routing.reason);
        assert!(!respondents.contains(&routing.handler.as_str()), "rule RT-02 broken: {routing:?}");
    }

    #[test]
    fn the_regulation_table_of_section_3() {
        // rule RT-01 and the table of section 3, row by row.
        check(&["e1"], None, &[], "m-bz"); // medewerker -> manager of their department
        check(&["e2"], Some("bz"), &[], "m-ro"); // the person decides, not the chosen department
        check(&["m-bz"], None, &[], "gs"); // afdelingsmanager -> gemeentesecretaris
        check(&["gs"], None, &[], "bm"); // gemeentesecretaris -> burgemeester
        check(&["wh2"], None, &[], "bm"); // wethouder -> burgemeester
        check(&["wh1"], None, &[], "bm"); // the loco-burgemeester is a wethouder
        check(&["bm"], None, &[], "wh1"); // burgemeester -> loco-burgemeester
        check(&[], Some("bz"), &[], "m-bz"); // dienstverlening -> manager of the department
        check(&[], Some("ro"), &[], "m-ro");
    }

    #[test]
    fn several_respondents_go_by_the_highest_ranking() {
        // rule RT-03
        check(&["e1", "m-bz"], None, &[], "gs");
        check(&["m-bz", "e1"], None, &[], "gs");
        check(&["e1", "wh2"], None, &[], "bm");
        check(&["e1", "e2"], None, &[], "m-bz"); // equal rank: the first named decides
        check(&["e2", "e1"], None, &[], "m-ro");
        check(&["gs", "bm"], None, &[], "wh1");
    }

    #[test]
    fn the_person_complained_about_never_handles_it() {
        // rule RT-02 (Awb 9:7): the manager is complained about together with the employee.
        check(&["e1", "m-bz"], None, &[], "gs");
        // The burgemeester and the loco-burgemeester together: each would handle the other's
        // complaint, so there is no lawful handler by the table; the coördinator assigns one.
        let chart = chart_with(&[]);
        let error = route(&chart, &FunctionLabels::default(), &subject(&["bm", "wh1"], None)).expect_err("no handler");
        assert!(matches!(error, RoutingError::NoLawfulHandler(_)), "{error}");
        check(&["bm", "wh2"], None, &[], "wh1");
    }

    #[test]
    fn absence_goes_to_the_deputy_or_one_level_up() {
        // rule RT-04
        check(&["e1"], None, &[("m-bz", "absent")], "m-ro"); // deputy takes over
        check(&[], Some("bz"), &[("m-bz", "absent")], "m-ro");
        check(&["e1"], None, &[("m-bz", "absent"), ("m-bz", "no deputy")], "gs"); // no deputy: up
        check(&["e1"], None, &[("m-bz", "absent"), ("m-ro", "absent")], "gs"); // deputy absent too, no deputy of their own
        check(&["m-ro"], None, &[("gs", "absent")], "bm"); // the gs's deputy is the respondent: up
        check(&["m-bz"], None, &[("gs", "absent")], "m-ro");
    }

    #[test]
    fn the_deputy_of_an_absent_manager_is_never_a_respondent() {
        // rules RT-02 + RT-04: e1 and Piet (m-ro) are complained about; Anna (m-bz) is absent
        // and her deputy is Piet, who is a respondent, so it goes one level up from Piet.
        check(&["e1", "e2", "m-ro"], None, &[("m-bz", "absent")], "gs");
        let chart = chart_with(&[("m-bz", "absent")]);
        let mut with_involved = subject(&["e1"], None);
        with_involved.involved = vec!["m-ro".into()];
        let routing = route(&chart, &FunctionLabels::default(), &with_involved).expect("routes");
        assert_eq!(routing.handler, "gs", "{}", routing.reason);
    }

    #[test]
    fn the_reason_says_who_and_why() {
        // rule RT-06
        let chart = chart_with(&[]);
        let routing = route(&chart, &FunctionLabels::default(), &subject(&["e1"], None)).expect("routes");
        assert_eq!(routing.reason, "afdelingsmanager van Burgerzaken, want de klacht gaat over een medewerker van Burgerzaken");
        let chart = chart_with(&[("m-bz", "absent")]);
        let routing = route(&chart, &FunctionLabels::default(), &subject(&[], Some("bz"))).expect("routes");
        assert_eq!(
            routing.reason,
            "afdelingsmanager van Ruimtelijke Ordening, want de klacht gaat over de dienstverlening van Burgerzaken; \
             Anna de Boer is afwezig, vervanger is Piet Jansen"
        );
        let labels =
            FunctionLabels { afdelingsmanager: "teamleider".into(), gemeentesecretaris: "directeur".into(), ..FunctionLabels::default() };
        let routing = route(&chart_with(&[]), &labels, &subject(&["m-bz"], None)).expect("routes");
        assert_eq!(routing.reason, "directeur, want de klacht gaat over de teamleider van Burgerzaken");
    }

    #[test]
    fn no_lawful_handler_is_an_error_not_a_guess() {
        // The loco-burgemeester is absent without deputy and the burgemeester is complained
        // about: the chain comes back to the burgemeester.
        let chart = chart_with(&[("wh1", "absent")]);
        let error = route(&chart, &FunctionLabels::default(), &subject(&["bm"], None)).expect_err("no handler");
        assert!(matches!(error, RoutingError::NoLawfulHandler(_)), "{error}");
        assert!(error.to_string().contains("Wim Wethouder is afwezig"), "{error}");
    }

    #[test]
    fn unknown_ids_and_missing_subjects_are_refused() {
        let chart = chart_with(&[]);
        let labels = FunctionLabels::default();
        assert_eq!(route(&chart, &labels, &subject(&["x"], None)), Err(RoutingError::UnknownOfficial("x".into())));
        assert_eq!(route(&chart, &labels, &subject(&[], Some("x"))), Err(RoutingError::UnknownDepartment("x".into())));
        assert_eq!(route(&chart, &labels, &subject(&[], None)), Err(RoutingError::NoSubject));
    }

    #[test]
    fn a_chart_without_a_gemeentesecretaris_says_so() {
        let file = OrgChartFile::from_json(
            r#"{"departments": [{"id": "bz", "name": "Burgerzaken", "manager": "m"}],
                "officials": [{"id": "m", "name": "M", "function": "afdelingsmanager", "department": "bz"}]}"#,
        )
        .expect("parses");
        let chart = OrgChart::validate(&file, &FunctionLabels::default()).expect("valid");
        let error = route(&chart, &FunctionLabels::default(), &subject(&["m"], None)).expect_err("no gs");
        assert_eq!(error, RoutingError::MissingPosition("gemeentesecretaris".into()));
    }

    #[test]
    fn a_manual_assignment_to_a_respondent_is_refused() {
        // rule RT-05
        let chart = chart_with(&[]);
        let about = subject(&["e1", "m-bz"], None);
        assert!(matches!(check_manual_assignment(&chart, &about, "m-bz"), Err(RoutingError::HandlerIsRespondent(_))));
        assert_eq!(check_manual_assignment(&chart, &about, "m-ro").map(|o| o.id.as_str()), Ok("m-ro"));
        assert!(matches!(check_manual_assignment(&chart, &about, "nobody"), Err(RoutingError::UnknownOfficial(_))));
    }
}
