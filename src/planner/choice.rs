//! Closed sets of options for profile fields, shared by the form, the JSON API and the report.

/// Declares an enum whose variants are the allowed values of one profile field.
///
/// Each variant gets its wire value (the kebab-case string used in forms and JSON) and a label
/// for the page. `parse` returns `None` for any other string, and `ALL` lists the variants in
/// the order the form shows them.
macro_rules! choice {
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $( $variant:ident => ($value:literal, $label:literal) ),+ $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
        pub enum $name {
            $( #[serde(rename = $value)] $variant ),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn parse(value: &str) -> Option<Self> {
                match value {
                    $( $value => Some($name::$variant), )+
                    _ => None,
                }
            }

            pub fn as_str(self) -> &'static str {
                match self { $( $name::$variant => $value ),+ }
            }

            pub fn label(self) -> &'static str {
                match self { $( $name::$variant => $label ),+ }
            }

            /// Lists the wire values, for error messages that list what is allowed.
            pub fn allowed() -> String {
                let values: Vec<&str> = Self::ALL.iter().map(|choice| choice.as_str()).collect();
                values.join(", ")
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                formatter.write_str(self.label())
            }
        }
    };
}

pub(crate) use choice;
