//! INT-04: is the complaint being typed perhaps one the municipality already has?
//! The same complainant (name, phone, e-mail, or postcode with house number) with a complaint in
//! the last 30 days, most similar subject first. Pure: what counts as "the same", and how alike
//! two subjects are.

use chrono::{Days, NaiveDate};

/// How far back a complaint counts as a possible duplicate.
pub const DUPLICATE_WINDOW_DAYS: u64 = 30;

/// The first day of the window that ends on `today`.
pub fn window_start(today: NaiveDate) -> NaiveDate {
    today.checked_sub_days(Days::new(DUPLICATE_WINDOW_DAYS)).unwrap_or(NaiveDate::MIN)
}

/// A complainant's identifying data, normalised the way it is compared: words folded to lower
/// case without accents, the phone as its digits (a +31 number as the national number), the
/// e-mail in lower case, the postcode without spaces, the house number as typed after the street.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactKey {
    pub name_words: Vec<String>,
    pub phone: String,
    pub email: String,
    pub postcode: String,
    pub house_number: String,
}

impl ContactKey {
    pub fn of(name: &str, phone: &str, email: &str, postcode: &str, street_address: &str) -> Self {
        let mut name_words = words(name);
        name_words.sort_unstable();
        Self {
            name_words,
            phone: national_phone(phone),
            email: email.trim().to_lowercase(),
            postcode: postcode.chars().filter(|c| !c.is_whitespace()).flat_map(char::to_lowercase).collect(),
            house_number: house_number(street_address),
        }
    }

    /// Enough typed to look: a name of two words or more, a phone number of 8 digits or more,
    /// an e-mail address, or a postcode with a house number. A single first name or a partial
    /// number would match half the town.
    pub fn is_searchable(&self) -> bool {
        self.name_words.len() >= 2 || self.phone.len() >= 8 || self.email.contains('@') || self.has_address()
    }

    fn has_address(&self) -> bool {
        self.postcode.len() >= 6 && !self.house_number.is_empty()
    }

    /// What `other` has in common with this one (Dutch names for the screen); empty: not the
    /// same complainant.
    pub fn shared_with(&self, other: &ContactKey) -> Vec<&'static str> {
        let mut shared = Vec::new();
        if self.name_words.len() >= 2 && self.name_words == other.name_words {
            shared.push("naam");
        }
        if self.phone.len() >= 8 && self.phone == other.phone {
            shared.push("telefoon");
        }
        if self.email.contains('@') && self.email == other.email {
            shared.push("e-mail");
        }
        if self.has_address() && self.postcode == other.postcode && self.house_number == other.house_number {
            shared.push("postcode en huisnummer");
        }
        shared
    }
}

/// Words as search compares them: lower case, accents removed, split on anything not a letter
/// or digit.
pub fn words(text: &str) -> Vec<String> {
    super::text::search_words(text)
}

/// "+31 6 1234 5678", "0031612345678" and "06-12345678" are one number: "0612345678".
fn national_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    if let Some(rest) = digits.strip_prefix("0031") {
        format!("0{rest}")
    } else if phone.trim_start().starts_with('+') {
        digits.strip_prefix("31").map_or(digits.clone(), |rest| format!("0{rest}"))
    } else {
        digits
    }
}

/// The house number of "Ouddiemerlaan 104", "Kerkstraat 12-A" or "Dorpsweg 3 bis": the first
/// word after the street that starts with a digit, with what belongs to it, in lower case.
pub fn house_number(street_address: &str) -> String {
    let mut parts = street_address.split_whitespace().skip_while(|word| !word.starts_with(|c: char| c.is_ascii_digit()));
    let Some(number) = parts.next() else { return String::new() };
    let addition = parts.next().filter(|word| word.chars().count() <= 3 && !word.starts_with(|c: char| c.is_ascii_digit()));
    let mut text: String = number.chars().filter(char::is_ascii_alphanumeric).flat_map(char::to_lowercase).collect();
    if let Some(addition) = addition {
        text.extend(addition.chars().filter(char::is_ascii_alphanumeric).flat_map(char::to_lowercase));
    }
    text
}

/// How alike two complaint texts are, 0 to 1: the share of their meaningful words (three
/// letters or more) they have in common (Jaccard). Enough to put the likeliest first.
pub fn subject_similarity(a: &str, b: &str) -> f64 {
    let meaningful =
        |text: &str| -> std::collections::BTreeSet<String> { words(text).into_iter().filter(|word| word.chars().count() >= 3).collect() };
    let (a, b) = (meaningful(a), meaningful(b));
    let union = a.union(&b).count();
    if union == 0 {
        return 0.0;
    }
    a.intersection(&b).count() as f64 / union as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, phone: &str, email: &str, postcode: &str, street: &str) -> ContactKey {
        ContactKey::of(name, phone, email, postcode, street)
    }

    #[test]
    fn int04_the_same_complainant_by_name_phone_email_or_address() {
        let typed = key("Ria  Clitéur", "+31 6 1234 5678", "Ria@Example.nl", "1111 ab", "Ouddiemerlaan 104");
        let earlier = key("cliteur ria", "06-12345678", "ria@example.nl", "1111AB", "Ouddiemerlaan 104");
        assert_eq!(typed.shared_with(&earlier), ["naam", "telefoon", "e-mail", "postcode en huisnummer"]);
        let neighbour = key("Jan Jansen", "0201234567", "jan@example.nl", "1111AB", "Ouddiemerlaan 106");
        assert!(typed.shared_with(&neighbour).is_empty(), "the same street and postcode, another house: not the same person");
        let namesake = key("Ria", "", "", "", "");
        assert!(!namesake.is_searchable(), "one first name matches half the town");
        assert!(key("", "0612345678", "", "", "").is_searchable());
        assert!(!key("", "061234", "", "", "").is_searchable(), "a number still being typed");
        assert!(key("", "", "", "1111 AB", "Dorpsweg 3").is_searchable());
    }

    #[test]
    fn int04_house_numbers_with_additions() {
        assert_eq!(house_number("Ouddiemerlaan 104"), "104");
        assert_eq!(house_number("Kerkstraat 12-A"), "12a");
        assert_eq!(house_number("Dorpsweg 3 bis"), "3bis");
        assert_eq!(house_number("Postbus"), "");
        assert_eq!(house_number("2e Oosterparkstraat 5"), "2e", "a street that starts with a number: its first number word");
    }

    #[test]
    fn int04_the_most_similar_subject_first() {
        let typed = "De vuilnisbak is weer niet geleegd in mijn straat";
        let same = subject_similarity(typed, "Vuilnisbak niet geleegd, al de tweede keer");
        let other = subject_similarity(typed, "Onvriendelijk behandeld aan de balie");
        assert!(same > other, "{same} vs {other}");
        assert_eq!(subject_similarity("", "iets"), 0.0);
        assert_eq!(window_start(NaiveDate::from_ymd_opt(2026, 12, 1).expect("date")), NaiveDate::from_ymd_opt(2026, 11, 1).expect("date"));
    }
}
