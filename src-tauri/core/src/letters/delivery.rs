//! LT-03: whether a letter can reach the person it is addressed to. A letter goes by post, so
//! it needs a street and house number, a postcode and a town; a complainant who called in may
//! have given none of them, and such a letter is never made final, printed or sent.

/// The parts of a postal address that are missing, as the user names them (empty when the
/// letter can be delivered). E-mail delivery needs the person's consent to e-mail (Awb 2:14),
/// which comes with the mail intake; until then only the post counts.
pub fn missing_postal_address(street_address: &str, postcode: &str, city: &str) -> Vec<&'static str> {
    [(street_address, "straat en huisnummer"), (postcode, "postcode"), (city, "woonplaats")]
        .into_iter()
        .filter(|(value, _)| value.trim().is_empty())
        .map(|(_, part)| part)
        .collect()
}

/// "straat en huisnummer, postcode en woonplaats": the missing parts in one Dutch phrase.
pub fn in_words(parts: &[&str]) -> String {
    match parts {
        [] => String::new(),
        [only] => (*only).to_string(),
        [init @ .., last] => format!("{} en {last}", init.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_needs_street_postcode_and_town() {
        // LT-03: a complainant who called in and gave only a name cannot be written to.
        assert_eq!(missing_postal_address("", " ", ""), ["straat en huisnummer", "postcode", "woonplaats"]);
        assert_eq!(missing_postal_address("Ouddiemerlaan 104", "1111 HL", ""), ["woonplaats"]);
        assert!(missing_postal_address("Ouddiemerlaan 104", "1111 HL", "Diemen").is_empty());
        assert_eq!(in_words(&missing_postal_address("", "", "")), "straat en huisnummer, postcode en woonplaats");
        assert_eq!(in_words(&["postcode"]), "postcode");
    }
}
