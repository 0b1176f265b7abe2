//! A JSON file a user hands in (the organisation chart, complaints of earlier years) that does
//! not parse: where, and what is wrong, in Dutch instead of serde_json's English.

/// A JSON error in Dutch, naming the place ("regel 3, kolom 7"). serde's own detail stays
/// where it names the field or value, with its English "at line … column …" tail removed.
pub fn json_problem(error: &serde_json::Error, document: &str) -> String {
    use serde_json::error::Category;
    let place =
        if error.line() == 0 { "onbekende plaats".to_string() } else { format!("regel {}, kolom {}", error.line(), error.column()) };
    let full = error.to_string();
    let detail = full.rsplit_once(" at line ").map_or(full.as_str(), |(detail, _)| detail);
    match error.classify() {
        Category::Eof => format!(
            "Het bestand is geen geldige JSON: het houdt te vroeg op ({place}); er ontbreekt een sluitend haakje of aanhalingsteken. \
             Zie de README voor het formaat."
        ),
        Category::Syntax | Category::Io => {
            let dutch = match detail {
                "expected value" => "hier werd een waarde verwacht",
                "trailing comma" => "een komma te veel",
                "key must be a string" => "hier werd een naam tussen aanhalingstekens verwacht",
                "expected `,` or `]`" => "hier werd een komma of ] verwacht",
                "expected `,` or `}`" => "hier werd een komma of } verwacht",
                "expected `:`" => "hier werd een dubbele punt verwacht",
                "trailing characters" => "er staat nog tekst na het einde",
                other if other.starts_with("control character") => "een stuurteken (zoals een tab of regelovergang) midden in een tekst",
                other => other,
            };
            format!("Het bestand is geen geldige JSON ({place}): {dutch}. Controleer daar de komma's, haakjes en aanhalingstekens.")
        }
        Category::Data => {
            let dutch = if let Some(rest) = detail.strip_prefix("unknown field ") {
                match rest.split_once(", expected ") {
                    Some((field, expected)) => {
                        format!("onbekend veld {field}; mogelijk: {}", expected.trim_start_matches("one of ").replace(" or ", " of "))
                    }
                    None => format!("onbekend veld {rest}"),
                }
            } else if let Some(field) = detail.strip_prefix("missing field ") {
                format!("het veld {field} ontbreekt")
            } else if let Some(rest) = detail.strip_prefix("invalid type: ") {
                format!("verkeerd soort waarde ({})", rest.replace(", expected a ", ", verwacht: ").replace(", expected ", ", verwacht: "))
            } else {
                detail.to_string()
            };
            format!("Het bestand is geen geldig {document} ({place}): {dutch}. Zie de README voor het formaat.")
        }
    }
}
