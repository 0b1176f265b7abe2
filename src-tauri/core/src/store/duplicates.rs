//! INT-04: the complaints received since a day that may be from the same complainant, found
//! through the search index (FTS5 columns on the single desk, per-field blind-index tokens on
//! the shared store), so the check costs the same at 1,000 or 100,000 complaints. The store
//! only narrows: the service opens the candidates and decides what really matches.

use super::sql::{values, Dialect};
use super::{Reader, StoreResult};
use crate::domain::duplicates::ContactKey;
use chrono::NaiveDate;

/// At most this many candidates are opened for one check (the newest first).
const MAX_CANDIDATES: i64 = 100;

/// The forms a phone number may have been stored in, as the index holds it (digits only):
/// "0612345678", "31612345678", "0031612345678".
fn phone_forms(national: &str) -> Vec<String> {
    match national.strip_prefix('0') {
        Some(rest) if !rest.starts_with('0') => vec![national.to_string(), format!("31{rest}"), format!("0031{rest}")],
        _ => vec![national.to_string()],
    }
}

/// The leading digits of a house number ("12a" → "12"): the index splits "12-A" in two.
fn house_digits(house_number: &str) -> String {
    house_number.chars().take_while(char::is_ascii_digit).collect()
}

/// Where in the complaint a searched word must be found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Name,
    Phone,
    Email,
    Postcode,
    HouseNumber,
}

impl Field {
    /// The single desk's FTS5 column holding it.
    fn full_text_column(self) -> &'static str {
        match self {
            Field::Name => "names",
            Field::Phone | Field::Email => "contact",
            Field::Postcode | Field::HouseNumber => "address",
        }
    }

    /// The shared store's blind-index field (the house number is a word of the street line).
    fn token_field(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Phone => "phone",
            Field::Email => "email",
            Field::Postcode => "postcode",
            Field::HouseNumber => "street",
        }
    }
}

/// A part of the contact key that identifies a complainant: every word must be found.
type Part = Vec<(Field, String)>;

/// The key's parts a candidate may share (any one is enough): the whole name, the phone in
/// any form it may have been typed in, the e-mail address, or postcode with house number.
/// One place for both stores; only how a part becomes SQL differs.
fn searchable_parts(key: &ContactKey) -> Vec<Part> {
    let mut parts = Vec::new();
    if key.name_words.len() >= 2 {
        parts.push(key.name_words.iter().map(|word| (Field::Name, word.clone())).collect());
    }
    if key.phone.len() >= 8 {
        parts.extend(phone_forms(&key.phone).into_iter().map(|form| vec![(Field::Phone, form)]));
    }
    let email_words = crate::domain::duplicates::words(&key.email);
    // "@" or "-@-" has no words to look for: no part (an empty one would match nothing, or be
    // a syntax error to FTS5).
    if key.email.contains('@') && !email_words.is_empty() {
        parts.push(email_words.into_iter().map(|word| (Field::Email, word)).collect());
    }
    let house = house_digits(&key.house_number);
    if key.postcode.len() >= 6 && !house.is_empty() {
        parts.push(vec![(Field::Postcode, key.postcode.clone()), (Field::HouseNumber, house)]);
    }
    parts
}

impl Reader<'_> {
    /// Ids of complaints received on or after `since`, not destroyed, that share at least one
    /// of the key's searchable parts in the index; newest first.
    pub fn duplicate_candidates(&self, key: &ContactKey, since: NaiveDate) -> StoreResult<Vec<i64>> {
        let parts = searchable_parts(key);
        if parts.is_empty() {
            return Ok(Vec::new());
        }
        match self.sql.dialect() {
            Dialect::Sqlite => self.duplicates_by_full_text(&parts, since),
            Dialect::Postgres => self.duplicates_by_blind_index(&parts, since),
        }
    }

    fn duplicates_by_full_text(&self, parts: &[Part], since: NaiveDate) -> StoreResult<Vec<i64>> {
        // Every word is letters and digits only (search_words), so quoting is enough.
        let query = parts
            .iter()
            .map(|part| {
                // An e-mail address is its words in their order (a phrase), as it was typed.
                if part.iter().all(|(field, _)| *field == Field::Email) {
                    let words: Vec<&str> = part.iter().map(|(_, word)| word.as_str()).collect();
                    return format!("contact : \"{}\"", words.join(" "));
                }
                let words: Vec<String> = part.iter().map(|(field, word)| format!("{} : \"{word}\"", field.full_text_column())).collect();
                format!("({})", words.join(" AND "))
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        self.sql
            .query(
                "SELECT c.id FROM complaint_search s JOIN complaints c ON c.id = s.rowid
                  WHERE complaint_search MATCH ?1 AND c.received_on >= ?2 AND c.destroyed_at IS NULL
                  ORDER BY c.received_on DESC, c.id DESC LIMIT ?3",
                values![query, since, MAX_CANDIDATES],
            )?
            .iter()
            .map(|row| row.i64(0))
            .collect()
    }

    fn duplicates_by_blind_index(&self, parts: &[Part], since: NaiveDate) -> StoreResult<Vec<i64>> {
        let Some(sealer) = self.sql.sealer() else {
            return Ok(Vec::new());
        };
        // One SELECT per word; the words of one part must all match (INTERSECT), any part may
        // (UNION). Tokens are numbers, so they go into the text as they are.
        let word_in = |field: Field, word: &str| {
            let tokens: Vec<String> = sealer.tokens(field.token_field(), word).iter().map(i64::to_string).collect();
            format!(
                "SELECT complaint_id FROM complaint_tokens WHERE token IN ({})",
                if tokens.is_empty() { "NULL".into() } else { tokens.join(", ") }
            )
        };
        let any_part = parts
            .iter()
            .map(|part| format!("({})", part.iter().map(|(field, word)| word_in(*field, word)).collect::<Vec<_>>().join(" INTERSECT ")))
            .collect::<Vec<_>>()
            .join(" UNION ");
        let sql = format!(
            "SELECT id FROM complaints WHERE id IN ({any_part}) AND received_on >= ?1 AND destroyed_at IS NULL
              ORDER BY received_on DESC, id DESC LIMIT ?2"
        );
        self.sql.query(&sql, values![since, MAX_CANDIDATES])?.iter().map(|row| row.i64(0)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phone_number_is_looked_up_in_every_form_it_may_have_been_typed_in() {
        assert_eq!(phone_forms("0612345678"), ["0612345678", "31612345678", "0031612345678"]);
        assert_eq!(phone_forms("12345678"), ["12345678"]);
        assert_eq!(house_digits("12a"), "12");
    }

    #[test]
    fn a_key_is_searched_by_each_part_that_identifies_a_complainant() {
        let key = ContactKey {
            name_words: vec!["jan".into(), "jansen".into()],
            phone: "0612345678".into(),
            email: String::new(),
            postcode: "1111aa".into(),
            house_number: "12a".into(),
        };
        let parts = searchable_parts(&key);
        assert_eq!(parts.len(), 1 + 3 + 1, "name, three phone forms, postcode with house number");
        assert_eq!(parts[0], vec![(Field::Name, "jan".to_string()), (Field::Name, "jansen".to_string())]);
        assert_eq!(parts[4], vec![(Field::Postcode, "1111aa".to_string()), (Field::HouseNumber, "12".to_string())]);
        let one_word = ContactKey { name_words: vec!["jan".into()], phone: "0612".into(), ..key };
        let nothing = ContactKey { postcode: String::new(), email: "-@-".into(), ..one_word };
        assert_eq!(searchable_parts(&nothing).len(), 0, "nothing identifying (an e-mail without words either): no search");
    }
}
