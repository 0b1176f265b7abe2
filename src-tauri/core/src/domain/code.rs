//! The short codes by which the domain's enumerations are stored and typed (a status, a letter
//! kind, a judgement): one macro writes each enum's code table, so the list of variants, the
//! codes and the parsing cannot drift apart.

/// An enumeration stored as a short code. The store parses a column with it once, in the row
/// mapping; an unknown value is an error there, never a default.
pub trait Code: Copy + Sized + 'static {
    /// Every value, in the order screens and lists show them.
    fn all() -> &'static [Self];
    /// The code stored in the database, typed in the CLI and sent over IPC.
    fn code(self) -> &'static str;
    fn from_code(code: &str) -> Option<Self> {
        Self::all().iter().copied().find(|value| value.code() == code)
    }
}

/// Declares an enum whose variants each carry their code: `Variant = "code"`. Writes the enum,
/// `ALL`, `code()` and `from_code()` (also as inherent functions, so callers need no import).
macro_rules! coded {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$variant_meta:meta])* $variant:ident = $code:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        $vis enum $name {
            $( $(#[$variant_meta])* $variant ),+
        }

        impl $name {
            pub const ALL: [$name; [$(stringify!($variant)),+].len()] = [$(Self::$variant),+];

            /// The code stored in the database, typed in the CLI and sent over IPC.
            pub fn code(self) -> &'static str {
                match self {
                    $( Self::$variant => $code ),+
                }
            }

            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $( $code => Some(Self::$variant), )+
                    _ => None,
                }
            }
        }

        impl $crate::domain::code::Code for $name {
            fn all() -> &'static [Self] {
                &Self::ALL
            }

            fn code(self) -> &'static str {
                $name::code(self)
            }
        }
    };
}

pub(crate) use coded;

#[cfg(test)]
mod tests {
    use super::Code;

    coded! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum Colour {
            Red = "rood",
            Green = "groen",
        }
    }

    #[test]
    fn every_variant_round_trips_through_its_code_and_an_unknown_code_is_none() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::Green]);
        for colour in Colour::ALL {
            assert_eq!(Colour::from_code(colour.code()), Some(colour));
            assert_eq!(<Colour as Code>::from_code(colour.code()), Some(colour));
        }
        assert_eq!(Colour::from_code("blauw"), None);
        assert_eq!(Colour::from_code("Rood"), None);
    }
}
