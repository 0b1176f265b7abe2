//! AVG-04 (art. 16): correcting a complainant's contact data on the file. Only the contact
//! fields can be corrected; the previous values are kept beside the correction (store::privacy).

use super::complaint::{ComplaintForm, NewComplaint};
use super::form::{clean, normalise_phone, normalise_postcode, FieldError};
use super::organisation::OrgChart;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The complainant's contact data, the fields that can be corrected after intake (AVG-04,
/// art. 16), in the intake form's order.
pub const CONTACT_FIELDS: [&str; 7] = ["complainant_name", "street_address", "postcode", "city", "phone", "email", "representative"];

/// A correction of the complainant's contact data, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ContactCorrection {
    pub complainant_name: String,
    pub street_address: String,
    pub postcode: String,
    pub city: String,
    pub phone: String,
    pub email: String,
    pub representative: String,
}

impl ContactCorrection {
    /// The correction form filled with the contact data as they are now.
    pub fn of(current: &NewComplaint) -> Self {
        Self {
            complainant_name: current.complainant_name.clone(),
            street_address: current.street_address.clone(),
            postcode: current.postcode.clone(),
            city: current.city.clone(),
            phone: current.phone.clone(),
            email: current.email.clone(),
            representative: current.representative.clone(),
        }
    }

    /// The same rules as at intake (INT-01/02, Awb 9:4 for a written complaint's address),
    /// applied to the corrected contact fields of `existing`; only these fields can fail.
    /// Returns the complaint with the corrected, normalised values.
    pub fn apply_to(&self, existing: &NewComplaint, today: NaiveDate, chart: &OrgChart) -> Result<NewComplaint, Vec<FieldError>> {
        let form = ComplaintForm {
            received_on: existing.received_on.to_string(),
            channel: existing.channel.code().into(),
            complainant_name: self.complainant_name.clone(),
            street_address: self.street_address.clone(),
            postcode: self.postcode.clone(),
            city: self.city.clone(),
            phone: self.phone.clone(),
            email: self.email.clone(),
            representative: self.representative.clone(),
            complaint_type: existing.complaint_type.code().into(),
            department_id: existing.department_id.clone().unwrap_or_default(),
            respondent_ids: existing.respondent_ids.clone(),
            conduct_date: existing.conduct_date.map(|date| date.to_string()).unwrap_or_default(),
            description: existing.description.clone(),
            desired_outcome: existing.desired_outcome.clone(),
        };
        match form.validate(today.max(existing.received_on), chart) {
            Ok(valid) => Ok(valid_contact(existing, &valid)),
            Err(errors) => {
                // The chart may have changed since intake; that is not this correction's problem.
                let contact: Vec<FieldError> = errors.into_iter().filter(|error| CONTACT_FIELDS.contains(&error.field.as_str())).collect();
                if !contact.is_empty() {
                    return Err(contact);
                }
                Ok(NewComplaint {
                    complainant_name: clean(&self.complainant_name),
                    street_address: clean(&self.street_address),
                    postcode: normalise_postcode(&self.postcode).unwrap_or_default(),
                    city: clean(&self.city),
                    phone: normalise_phone(&self.phone).unwrap_or_default(),
                    email: self.email.trim().to_string(),
                    representative: clean(&self.representative),
                    ..existing.clone()
                })
            }
        }
    }
}

/// `existing` with the contact fields of `valid`.
fn valid_contact(existing: &NewComplaint, valid: &NewComplaint) -> NewComplaint {
    NewComplaint {
        complainant_name: valid.complainant_name.clone(),
        street_address: valid.street_address.clone(),
        postcode: valid.postcode.clone(),
        city: valid.city.clone(),
        phone: valid.phone.clone(),
        email: valid.email.clone(),
        representative: valid.representative.clone(),
        ..existing.clone()
    }
}

/// The contact fields whose value differs between two versions of a complaint, with the old value.
pub fn changed_contact_fields(before: &NewComplaint, after: &NewComplaint) -> Vec<(&'static str, String)> {
    let pairs: [(&'static str, &String, &String); 7] = [
        ("complainant_name", &before.complainant_name, &after.complainant_name),
        ("street_address", &before.street_address, &after.street_address),
        ("postcode", &before.postcode, &after.postcode),
        ("city", &before.city, &after.city),
        ("phone", &before.phone, &after.phone),
        ("email", &before.email, &after.email),
        ("representative", &before.representative, &after.representative),
    ];
    pairs.into_iter().filter(|(_, old, new)| old != new).map(|(field, old, _)| (field, old.clone())).collect()
}

/// The Dutch name of a contact field, for the timeline and the audit log.
pub fn contact_field_label(field: &str) -> &'static str {
    match field {
        "complainant_name" => "naam",
        "street_address" => "straat en huisnummer",
        "postcode" => "postcode",
        "city" => "woonplaats",
        "phone" => "telefoonnummer",
        "email" => "e-mailadres",
        "representative" => "gemachtigde",
        _ => "gegevens",
    }
}
