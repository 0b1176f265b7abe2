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

impl Reader<'_> {
    /// Ids of complaints received on or after `since`, not destroyed, that share at least one
    /// of the key's searchable parts in the index; newest first.
    pub fn duplicate_candidates(&self, key: &ContactKey, since: NaiveDate) -> StoreResult<Vec<i64>> {
        match self.sql.dialect() {
            Dialect::Sqlite => self.duplicates_by_full_text(key, since),
            Dialect::Postgres => self.duplicates_by_blind_index(key, since),
        }
    }

    fn duplicates_by_full_text(&self, key: &ContactKey, since: NaiveDate) -> StoreResult<Vec<i64>> {
        // Every word is letters and digits only (search_words), so quoting is enough.
        let all_of = |column: &str, words: &[String]| {
            format!("({})", words.iter().map(|word| format!("{column} : \"{word}\"")).collect::<Vec<_>>().join(" AND "))
        };
        let mut groups = Vec::new();
        if key.name_words.len() >= 2 {
            groups.push(all_of("names", &key.name_words));
        }
        if key.phone.len() >= 8 {
            groups.extend(phone_forms(&key.phone).iter().map(|form| format!("contact : \"{form}\"")));
        }
        if key.email.contains('@') {
            groups.push(format!("contact : \"{}\"", crate::domain::duplicates::words(&key.email).join(" ")));
        }
        let house = house_digits(&key.house_number);
        if key.postcode.len() >= 6 && !house.is_empty() {
            groups.push(all_of("address", &[key.postcode.clone(), house]));
        }
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        self.sql
            .query(
                "SELECT c.id FROM complaint_search s JOIN complaints c ON c.id = s.rowid
                  WHERE complaint_search MATCH ?1 AND c.received_on >= ?2 AND c.destroyed_at IS NULL
                  ORDER BY c.received_on DESC, c.id DESC LIMIT ?3",
                values![groups.join(" OR "), since, MAX_CANDIDATES],
            )?
            .iter()
            .map(|row| row.i64(0))
            .collect()
    }

    fn duplicates_by_blind_index(&self, key: &ContactKey, since: NaiveDate) -> StoreResult<Vec<i64>> {
        let Some(sealer) = self.sql.sealer() else {
            return Ok(Vec::new());
        };
        // One SELECT per word of a field; the words of one part must all match (INTERSECT),
        // any part may (UNION). Tokens are numbers, so they go into the text as they are.
        let word_in = |field: &str, word: &str| {
            let tokens: Vec<String> = sealer.tokens(field, word).iter().map(i64::to_string).collect();
            format!(
                "SELECT complaint_id FROM complaint_tokens WHERE token IN ({})",
                if tokens.is_empty() { "NULL".into() } else { tokens.join(", ") }
            )
        };
        let all_of = |parts: Vec<String>| format!("({})", parts.join(" INTERSECT "));
        let mut groups = Vec::new();
        if key.name_words.len() >= 2 {
            groups.push(all_of(key.name_words.iter().map(|word| word_in("name", word)).collect()));
        }
        if key.phone.len() >= 8 {
            groups.extend(phone_forms(&key.phone).iter().map(|form| word_in("phone", form)));
        }
        if key.email.contains('@') {
            groups.push(all_of(crate::domain::duplicates::words(&key.email).iter().map(|word| word_in("email", word)).collect()));
        }
        let house = house_digits(&key.house_number);
        if key.postcode.len() >= 6 && !house.is_empty() {
            groups.push(all_of(vec![word_in("postcode", &key.postcode), word_in("street", &house)]));
        }
        if groups.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id FROM complaints WHERE id IN ({}) AND received_on >= ?1 AND destroyed_at IS NULL
              ORDER BY received_on DESC, id DESC LIMIT ?2",
            groups.join(" UNION ")
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
}
