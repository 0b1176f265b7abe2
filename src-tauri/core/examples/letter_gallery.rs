//! Renders each of the seven letters with the fictional sample facts into a folder, for a
//! visual check (e.g. `pdftoppm -png`):
//! `cargo run -p klachtbalie-core --example letter_gallery -- DIR [LOGO.png]`.

use chrono::NaiveDate;
use klachtbalie_core::letters::templates::default_template;
use klachtbalie_core::letters::{render_letter, LetterKind, Municipality, Signer};
use klachtbalie_core::service::sample_facts;

fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "letter-gallery".into()));
    std::fs::create_dir_all(&dir).expect("folder");
    let mut municipality = Municipality::diemen_example();
    municipality.logo = std::env::args().nth(2).map(|path| {
        std::sync::Arc::new(klachtbalie_core::letters::Logo::from_png(&std::fs::read(path).expect("logo file")).expect("a PNG logo"))
    });
    for kind in LetterKind::ALL {
        let facts = sample_facts(kind, NaiveDate::from_ymd_opt(2026, 11, 24).expect("date"));
        let signer = Signer { name: facts.handler_name.clone(), function: facts.handler_function.clone() };
        let letter = render_letter(kind, &default_template(kind), &facts, &municipality, &signer).expect("render");
        let path = dir.join(format!("{}.pdf", kind.code()));
        std::fs::write(&path, &letter.pdf).expect("write");
        println!("{} {} bytes, {} page(s), missing: {:?}", path.display(), letter.pdf.len(), letter.pages, letter.missing);
    }
}
