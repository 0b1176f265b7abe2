//! Checks on text typed by users or read from files: control characters, reversed reading
//! direction, blank required text and length (INT-02), and the form of stable ids. The intake,
//! the organisation chart and the accounts use these, so every field refuses the same things.
//! And text on its way out to a spreadsheet: one CSV field rule for every export.
//!
//! Why: a NUL or an escape sequence in a name breaks the letter (the address block of the PDF,
//! "Beste" with nothing after it) and the terminal of whoever reads the CLI output; a bidi
//! override (U+202E) makes a name or id read differently than it is stored.

/// Whether a field may span several lines (free text such as a complaint's description).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lines {
    /// Names, addresses, ids: no line breaks or tabs.
    Single,
    /// Free text: line breaks and tabs allowed, other control characters not.
    Multi,
}

/// Longest stable id (chart ids: complaints and accounts refer to them).
pub const MAX_ID_CHARS: usize = 40;

/// How many characters of a refused value a message repeats.
const SHOWN_CHARS: usize = 40;

/// Unicode bidi embedding, override and isolate controls: they change the order in which the
/// text around them is displayed without being visible themselves.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The first character `lines` does not allow in `text`, with its 1-based position.
fn forbidden_character(text: &str, lines: Lines) -> Option<(usize, char)> {
    text.chars().zip(1..).find_map(|(c, position)| {
        let allowed_control = lines == Lines::Multi && matches!(c, '\n' | '\t');
        // `char::is_control` is exactly Unicode category Cc (U+0000–U+001F, U+007F–U+009F).
        ((c.is_control() && !allowed_control) || is_bidi_control(c)).then_some((position, c))
    })
}

/// What is wrong with `text`, in Dutch, or `None`. Checks, in this order: control characters
/// (category Cc, including NUL and ESC; `Lines::Multi` allows line breaks and tabs), bidi
/// override and isolate characters (U+202A–U+202E, U+2066–U+2069), blank text when `missing`
/// gives the message for that (None: the field may stay empty), and more than `max_chars`
/// characters after trimming.
pub fn text_problem(text: &str, lines: Lines, max_chars: usize, missing: Option<&str>) -> Option<String> {
    if let Some((position, c)) = forbidden_character(text, lines) {
        let code = format!("U+{:04X}", u32::from(c));
        return Some(if is_bidi_control(c) {
            format!(
                "Deze tekst bevat een onzichtbaar teken dat de leesrichting omdraait ({code}, teken {position}). Verwijder het of typ de tekst opnieuw."
            )
        } else if matches!(c, '\n' | '\r' | '\t') && lines == Lines::Single {
            format!("Deze tekst moet op één regel staan, zonder regelovergang of tab ({code}, teken {position}).")
        } else {
            format!(
                "Deze tekst bevat een onzichtbaar stuurteken ({code}, teken {position}). Verwijder het of typ de tekst opnieuw in plaats van te plakken."
            )
        });
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return missing.map(str::to_string);
    }
    let length = trimmed.chars().count();
    (length > max_chars).then(|| format!("Deze tekst is te lang: {length} tekens, maximaal {max_chars}."))
}

/// What is wrong with a stable id, in Dutch, or `None`. An id is 1 to 40 characters: letters
/// a–z and A–Z, digits, '.', '_' and '-', starting with a letter or digit
/// (`^[A-Za-z0-9][A-Za-z0-9._-]{0,39}$`). The message repeats the id shortened to 40
/// characters, with invisible characters written out.
pub fn id_problem(id: &str) -> Option<String> {
    let mut chars = id.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_ascii_alphanumeric());
    let rest_ok = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
    let length_ok = id.chars().count() <= MAX_ID_CHARS;
    if first_ok && rest_ok && length_ok {
        return None;
    }
    let what = if id.is_empty() {
        "Het id is leeg".to_string()
    } else if !length_ok {
        format!("Het id '{}' is te lang ({} tekens, maximaal {MAX_ID_CHARS})", shown(id), id.chars().count())
    } else {
        format!("Het id '{}' is ongeldig", shown(id))
    };
    Some(format!(
        "{what}: een id heeft 1 tot {MAX_ID_CHARS} tekens (letters a-z, cijfers, punt, streepje of liggend streepje) en begint met een letter of cijfer."
    ))
}

/// Longest user name (a Windows account name is at most 20; an e-mail address as name fits).
pub const MAX_USERNAME_CHARS: usize = 64;

/// What is wrong with a new user name, in Dutch, or `None`: 1 to 64 characters, letters a–z
/// and A–Z, digits, '.', '_', '-' and '@'. Nothing invisible or look-alike (a zero-width space
/// or a Cyrillic 'е' would make a second "beheer" that reads the same), so a name in the audit
/// log or on a letter is the one that was typed at the log-in.
pub fn username_problem(username: &str) -> Option<String> {
    if username.is_empty() {
        return Some("Kies een gebruikersnaam.".into());
    }
    if username.chars().any(char::is_whitespace) {
        return Some("Een gebruikersnaam heeft geen spaties.".into());
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '@');
    if let Some(c) = username.chars().find(|c| !allowed(*c)) {
        return Some(format!(
            "Een gebruikersnaam bestaat uit letters a-z, cijfers, punt, streepje, liggend streepje of @; '{}' kan niet.",
            c.escape_unicode()
        ));
    }
    let length = username.chars().count();
    (length > MAX_USERNAME_CHARS).then(|| format!("Deze gebruikersnaam is te lang: {length} tekens, maximaal {MAX_USERNAME_CHARS}."))
}

/// A value as a message may repeat it: at most 40 characters (then "…"), with control and
/// bidi characters written as `\u{…}` so the message itself stays one readable line.
pub fn shown(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().take(SHOWN_CHARS) {
        if c.is_control() || is_bidi_control(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    if text.chars().nth(SHOWN_CHARS).is_some() {
        out.push('…');
    }
    out
}

/// The words a search, the blind index and the duplicate check see: lower case, accents
/// removed, split on anything that is not a letter or digit. "Brouwer-Öztürk" gives "brouwer"
/// and "ozturk".
pub fn search_words(text: &str) -> Vec<String> {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;
    let folded: String = text.nfd().filter(|c| !is_combining_mark(*c)).flat_map(char::to_lowercase).collect();
    folded.split(|c: char| !c.is_alphanumeric()).filter(|word| !word.is_empty()).map(str::to_string).collect()
}

/// The first `limit` characters of the description, on one line, as the complaint's subject.
pub fn subject_of(description: &str, limit: usize) -> String {
    let single_line = description.split_whitespace().collect::<Vec<_>>().join(" ");
    if single_line.chars().count() <= limit {
        return single_line;
    }
    let cut: String = single_line.chars().take(limit).collect();
    let at_word = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{at_word} …")
}

/// One field of a CSV file for a spreadsheet (the audit log's export, the annual report):
/// quoted when it holds the separator, a quote or a line break, and a value that starts with
/// `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so that Excel or
/// LibreOffice never runs text someone typed (a department's name, a user name) as a formula
/// (OWASP's advice on CSV injection).
pub fn csv_field(value: &str, separator: char) -> String {
    let value = if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_string() };
    if value.contains([separator, '"', '\n', '\r']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_user_name_has_no_invisible_or_look_alike_characters() {
        // INT-02 (issue 28): "beheer" with a zero-width space, a Cyrillic 'е' or a bidi
        // override is not a second, different-looking "beheer".
        assert_eq!(username_problem("j.jansen@diemen.nl"), None);
        assert_eq!(username_problem("kcc_1-a"), None);
        for look_alike in ["beheer\u{200B}", "b\u{0435}heer", "beheer\u{202E}", "be heer", ""] {
            assert!(username_problem(look_alike).is_some(), "{look_alike:?}");
        }
        assert!(username_problem(&"a".repeat(65)).is_some_and(|problem| problem.contains("maximaal 64")));
    }
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_field("gewoon", ';'), "gewoon");
        assert_eq!(csv_field("a;b", ';'), "\"a;b\"");
        assert_eq!(csv_field("a,b", ';'), "a,b");
        assert_eq!(csv_field("a,b", ','), "\"a,b\"");
        assert_eq!(csv_field("zei \"ja\"", ';'), "\"zei \"\"ja\"\"\"");
        for formula in ["=SOM(A1)", "+31 20", "-1+1", "@SUM(A1)", "\t=1", "\r=1"] {
            assert!(csv_field(formula, ',').trim_start_matches('"').starts_with('\''), "{formula:?}");
        }
        assert_eq!(csv_field("12.5", ','), "12.5", "figures stay figures");
    }

    #[test]
    fn control_characters_are_refused_except_line_breaks_and_tabs_in_free_text() {
        // rule INT-02
        for text in ["\u{0000}", "Jan\u{0000}", "\u{1b}[31mrood", "a\u{7f}", "a\u{85}b", "a\rb"] {
            assert!(text_problem(text, Lines::Single, 200, None).is_some(), "single line {text:?}");
            assert!(text_problem(text, Lines::Multi, 200, None).is_some(), "multi line {text:?}");
        }
        for text in ["regel 1\nregel 2", "kolom\tkolom"] {
            assert!(text_problem(text, Lines::Single, 200, None).is_some(), "single line {text:?}");
            assert_eq!(text_problem(text, Lines::Multi, 200, None), None, "multi line {text:?}");
        }
        let nul = text_problem("\u{0000}", Lines::Single, 200, Some("Vul de naam in.")).expect("refused");
        assert!(nul.contains("U+0000") && nul.contains("stuurteken"), "{nul}");
        assert_eq!(text_problem("Jöns Ğüneş-Ñúñez 李", Lines::Single, 200, Some("Vul in.")), None);
    }

    #[test]
    fn bidi_overrides_and_isolates_are_refused() {
        // rule INT-02 (a name that reads differently than it is stored)
        for c in ['\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}', '\u{2068}', '\u{2069}'] {
            let text = format!("Jan{c}fdp.exe");
            let problem = text_problem(&text, Lines::Multi, 200, None).expect("refused");
            assert!(problem.contains("leesrichting") && problem.contains("teken 4"), "{problem}");
        }
        assert_eq!(text_problem("محمد", Lines::Single, 200, None), None, "right-to-left letters themselves are fine");
    }

    #[test]
    fn blank_required_text_and_length() {
        // rule INT-02
        assert_eq!(text_problem("  \n ", Lines::Multi, 10, Some("Vul de naam in.")).as_deref(), Some("Vul de naam in."));
        assert_eq!(text_problem("   ", Lines::Single, 10, None), None, "optional and blank");
        assert!(text_problem(&"x".repeat(11), Lines::Single, 10, None).is_some_and(|p| p.contains("te lang")));
        assert_eq!(text_problem(&format!("  {}  ", "x".repeat(10)), Lines::Single, 10, None), None, "trimmed first");
    }

    #[test]
    fn ids_are_short_and_plain() {
        for id in ["bz", "m-bz", "e1", "afd_3.2", "A", &"x".repeat(40)] {
            assert_eq!(id_problem(id), None, "{id}");
        }
        for id in ["", "-bz", ".x", "b z", "bz\n", "bz\u{202E}", "bé", "a/b", &"x".repeat(41)] {
            assert!(id_problem(id).is_some(), "{id:?}");
        }
        let huge = "x".repeat(100 * 1024);
        let problem = id_problem(&huge).expect("refused");
        assert!(problem.len() < 400, "the message repeats at most 40 characters: {} bytes", problem.len());
        assert!(problem.contains(&format!("'{}…'", "x".repeat(40))), "{problem}");
        let rtl = id_problem("e1\u{202E}").expect("refused");
        assert!(rtl.contains("e1\\u{202e}"), "invisible characters are written out: {rtl}");
    }
}
