//! What differs per store besides the schema: taking ids and row locks in advance on the
//! shared store, and search (FTS5 on the single desk, blind-index tokens on the shared store).

use super::sealing::search_words;
use super::sql::{values, Dialect};
use super::{Reader, StoreResult, Writer};
use crate::domain::complaint::NewComplaint;

/// The fields a search looks in, each with its own blind-index key on the shared store.
const SEARCH_FIELDS: &[&str] = &["reference", "name", "street", "postcode", "phone", "email", "text"];

/// How many candidates the desk opens and re-checks at a time when a search must be complete.
const BATCH: usize = 2000;

/// How far a search goes. The single desk's index always answers in full; on the shared store
/// every candidate is opened on the desk, so a search for a word most complaints share is
/// stopped after the newest ones unless it must be complete.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchReach {
    /// Every match (AVG-03: an access request must find all of a person's complaints).
    Complete,
    /// The newest matches, at least this many when there are, and whether that was all.
    Newest(usize),
}

/// The complaints a search found, newest first, and whether they are all there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SearchHits {
    pub ids: Vec<i64>,
    /// False when `SearchReach::Newest` stopped while older candidates were left unchecked.
    pub complete: bool,
}

impl SearchHits {
    /// Nothing to look for (no words): nothing found, and that is all there is.
    pub(super) fn none() -> Self {
        Self { ids: Vec::new(), complete: true }
    }
}

/// Fields searched by the start of a word ("vri" finds "Vries"): their words are indexed with
/// every prefix of three characters or more. The free text is searched by whole words only,
/// which keeps its token count (and what the token frequencies tell the server) small.
const PREFIX_FIELDS: &[&str] = &["reference", "name", "street", "postcode", "phone", "email"];
const SHORTEST_PREFIX: usize = 3;

/// The words of `text` and, for a prefix field, every prefix of each word from three
/// characters on, as one text for `Sealer::tokens`.
fn indexed_words(field: &str, text: &str) -> String {
    if !PREFIX_FIELDS.contains(&field) {
        return text.to_string();
    }
    let mut words = Vec::new();
    for word in search_words(text) {
        let characters: Vec<char> = word.chars().collect();
        for length in SHORTEST_PREFIX.min(characters.len())..=characters.len() {
            words.push(characters[..length].iter().collect::<String>());
        }
    }
    words.join(" ")
}

impl Writer<'_> {
    /// Locks a complaint's row until the transaction ends, so a check made now (the next
    /// letter version, the state machine step) still holds when the write lands. On the single
    /// desk the immediate transaction already holds the whole database.
    pub fn lock_complaint(&self, complaint_id: i64) -> StoreResult<()> {
        if self.sql.dialect() == Dialect::Postgres {
            self.sql.query("SELECT id FROM complaints WHERE id = ?1 FOR UPDATE", values![complaint_id])?;
        }
        Ok(())
    }

    /// Serialises writers of one named thing that has no row of its own yet (a template kind).
    pub(super) fn lock(&self, scope: &str, name: &str) -> StoreResult<()> {
        if self.sql.dialect() == Dialect::Postgres {
            self.sql.query("SELECT pg_advisory_xact_lock(hashtext(?1))", values![format!("{scope}:{name}")])?;
        }
        Ok(())
    }

    /// Stores a new complaint's blind-index tokens (shared store; the single desk's FTS5
    /// table is kept in step by triggers).
    pub(super) fn index_complaint_for_search(
        &self,
        complaint_id: i64,
        reference: &str,
        complaint: &NewComplaint,
        respondent_names: &str,
    ) -> StoreResult<()> {
        let Some(sealer) = self.sql.sealer() else {
            return Ok(());
        };
        // The number of the reference (a whole reference is found through its unique index).
        let number = reference.rsplit('-').next().unwrap_or_default().to_string();
        let fields: [(&str, String); 7] = [
            ("reference", number),
            ("name", format!("{} {} {respondent_names}", complaint.complainant_name, complaint.representative)),
            ("street", format!("{} {}", complaint.street_address, complaint.city)),
            ("postcode", format!("{} {}", complaint.postcode, complaint.postcode.replace(' ', ""))),
            ("phone", complaint.phone.chars().filter(char::is_ascii_digit).collect()),
            ("email", complaint.email.clone()),
            ("text", format!("{} {}", complaint.description, complaint.desired_outcome)),
        ];
        let mut tokens: Vec<i64> = fields.iter().flat_map(|(field, text)| sealer.tokens(field, &indexed_words(field, text))).collect();
        tokens.sort_unstable();
        tokens.dedup();
        // One statement for all of them (about 60 per complaint): a round trip per token made
        // an intake on the shared store five times slower than without sealing. The list
        // travels as one text parameter, so the statement text stays the same and prepared.
        let list = tokens.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
        self.sql.execute(
            "INSERT INTO complaint_tokens (complaint_id, token)
             SELECT ?1, token FROM unnest(string_to_array(?2, ',')::bigint[]) AS token ON CONFLICT DO NOTHING",
            values![complaint_id, list],
        )?;
        Ok(())
    }
}

impl Reader<'_> {
    /// Shared store: every word must match a token in any field; the server narrows the
    /// candidates by token, the desk opens them and checks the words itself (a token is
    /// shared by many words, so the server's answer may hold a few that do not match).
    /// Names, street, postcode, phone, e-mail and reference match on the start of a word,
    /// the free text on whole words.
    pub(super) fn search_by_blind_index(&self, query: &str, reach: SearchReach) -> StoreResult<SearchHits> {
        let (Some(sealer), words) = (self.sql.sealer(), search_words(query)) else {
            return Ok(SearchHits::none());
        };
        if words.is_empty() {
            return Ok(SearchHits::none());
        }
        // One statement: the server intersects the words' candidates itself, so a common word
        // ("diemen") never sends every complaint id to the desk.
        let selects: Vec<String> = words
            .iter()
            .map(|word| {
                let tokens: Vec<String> = SEARCH_FIELDS
                    .iter()
                    .flat_map(|field| sealer.tokens(field, &normalise_for_field(field, word)))
                    .map(|token| token.to_string())
                    .collect();
                format!("SELECT complaint_id FROM complaint_tokens WHERE token IN ({})", tokens.join(", "))
            })
            .collect();
        let batch = match reach {
            SearchReach::Complete => BATCH,
            SearchReach::Newest(wanted) => wanted.max(1),
        };
        // Newest first, a batch at a time below the last id seen; one more than the batch
        // tells whether older candidates are left.
        let sql = format!(
            "SELECT complaint_id FROM ({}) candidates WHERE complaint_id < ?1 ORDER BY complaint_id DESC LIMIT {}",
            selects.join(" INTERSECT "),
            batch + 1
        );
        let mut found = Vec::new();
        let mut below = i64::MAX;
        loop {
            let mut candidates: Vec<i64> =
                self.sql.query(&sql, values![below])?.iter().map(|row| row.i64(0)).collect::<StoreResult<_>>()?;
            let more = candidates.len() > batch;
            candidates.truncate(batch);
            let mut matching = self.matching_every_word(&candidates, &words)?;
            matching.sort_unstable_by(|a, b| b.cmp(a));
            found.extend(matching);
            match candidates.last() {
                Some(&last) if more => below = last,
                _ => return Ok(SearchHits { ids: found, complete: true }),
            }
            if let SearchReach::Newest(wanted) = reach {
                if found.len() >= wanted {
                    return Ok(SearchHits { ids: found, complete: false });
                }
            }
        }
    }

    /// The candidates whose opened values hold every word (a token is shared by many words,
    /// so the server's candidates may hold a few that do not match).
    fn matching_every_word(&self, candidates: &[i64], words: &[String]) -> StoreResult<Vec<i64>> {
        let mut found = Vec::new();
        for record in self.complaints_by_ids(candidates)? {
            let haystack = search_words(&format!(
                "{} {} {} {} {} {} {} {} {} {} {} {}",
                record.reference,
                record.complaint.complainant_name,
                record.complaint.representative,
                record.respondent_names,
                record.complaint.street_address,
                record.complaint.city,
                record.complaint.postcode,
                record.complaint.postcode.replace(' ', ""),
                record.complaint.phone.chars().filter(char::is_ascii_digit).collect::<String>(),
                record.complaint.email,
                record.complaint.description,
                record.complaint.desired_outcome
            ));
            if words.iter().all(|word| haystack.iter().any(|candidate| candidate.starts_with(word.as_str()))) {
                found.push(record.id);
            }
        }
        Ok(found)
    }

    /// The length of a stored value as the user knows it (sealing adds a fixed overhead).
    pub(super) fn plain_length(&self, stored_length: i64) -> i64 {
        match self.sql.sealer() {
            None => stored_length,
            Some(_) => stored_length - super::sealing::SEAL_OVERHEAD,
        }
    }
}

/// A searched word as the index stored it for that field (postcode and phone without spaces).
fn normalise_for_field(field: &str, word: &str) -> String {
    match field {
        "phone" => word.chars().filter(char::is_ascii_digit).collect(),
        _ => word.to_string(),
    }
}
