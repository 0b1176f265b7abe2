//! Roles and the one place that decides what each role may do (section 1, AVG-05).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    KccMedewerker,
    Klachtbehandelaar,
    Klachtcoordinator,
    Beheerder,
}

impl Role {
    pub const ALL: [Role; 4] = [Self::KccMedewerker, Self::Klachtbehandelaar, Self::Klachtcoordinator, Self::Beheerder];

    pub fn code(self) -> &'static str {
        match self {
            Self::KccMedewerker => "kcc_medewerker",
            Self::Klachtbehandelaar => "klachtbehandelaar",
            Self::Klachtcoordinator => "klachtcoordinator",
            Self::Beheerder => "beheerder",
        }
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|role| role.code() == code)
    }

    pub fn dutch_label(self) -> &'static str {
        match self {
            Self::KccMedewerker => "KCC-medewerker",
            Self::Klachtbehandelaar => "Klachtbehandelaar",
            Self::Klachtcoordinator => "Klachtcoördinator",
            Self::Beheerder => "Beheerder",
        }
    }

    /// Roles as stored: comma-separated codes.
    pub fn encode(roles: &[Role]) -> String {
        roles.iter().map(|role| role.code()).collect::<Vec<_>>().join(",")
    }

    pub fn decode(text: &str) -> Vec<Role> {
        text.split(',').filter_map(|code| Role::from_code(code.trim())).collect()
    }
}

/// Everything a user can ask the core to do, for the permission check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UseCase {
    RegisterComplaint,
    ViewWorklist,
    PrintAcknowledgement,
    ListDepartments,
    ManageDepartments,
    ManageSettings,
}

impl UseCase {
    /// Section 1: which roles may perform this use case.
    pub fn allowed_roles(self) -> &'static [Role] {
        use Role::*;
        match self {
            Self::RegisterComplaint => &[KccMedewerker, Klachtcoordinator],
            Self::ViewWorklist => &[KccMedewerker, Klachtbehandelaar, Klachtcoordinator],
            Self::PrintAcknowledgement => &[KccMedewerker, Klachtcoordinator],
            Self::ListDepartments => &[KccMedewerker, Klachtbehandelaar, Klachtcoordinator, Beheerder],
            Self::ManageDepartments | Self::ManageSettings => &[Beheerder],
        }
    }

    pub fn dutch_description(self) -> &'static str {
        match self {
            Self::RegisterComplaint => "klachten registreren",
            Self::ViewWorklist => "de werkvoorraad bekijken",
            Self::PrintAcknowledgement => "ontvangstbevestigingen maken",
            Self::ListDepartments => "afdelingen bekijken",
            Self::ManageDepartments => "afdelingen beheren",
            Self::ManageSettings => "instellingen beheren",
        }
    }

    pub fn is_allowed_for(self, roles: &[Role]) -> bool {
        self.allowed_roles().iter().any(|allowed| roles.contains(allowed))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn beheerder_sees_no_complaint_contents_by_default() {
        // rule AVG-05 / section 1: the Beheerder has no access to complaint contents.
        let admin = [Role::Beheerder];
        assert!(!UseCase::ViewWorklist.is_allowed_for(&admin));
        assert!(!UseCase::RegisterComplaint.is_allowed_for(&admin));
        assert!(UseCase::ManageDepartments.is_allowed_for(&admin));
    }

    #[test]
    fn kcc_registers_and_prints_but_does_not_manage() {
        // section 1: KCC registers complaints and prints the acknowledgement.
        let kcc = [Role::KccMedewerker];
        assert!(UseCase::RegisterComplaint.is_allowed_for(&kcc));
        assert!(UseCase::PrintAcknowledgement.is_allowed_for(&kcc));
        assert!(!UseCase::ManageDepartments.is_allowed_for(&kcc));
    }

    #[test]
    fn roles_round_trip_through_storage() {
        let roles = vec![Role::Beheerder, Role::Klachtcoordinator];
        assert_eq!(Role::decode(&Role::encode(&roles)), roles);
        assert_eq!(Role::decode("beheerder,onbekend"), vec![Role::Beheerder]);
    }
}
