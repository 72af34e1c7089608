//! The stable keys of the choices that cross the URL, the command line and the form, each
//! written once, beside its enum, with [`keys!`](crate::keys).
//!
//! ```
//! use fedcred_core::key::Keyed;
//! use fedcred_core::platforms::terraform::RunPhase;
//!
//! assert_eq!(RunPhase::Plan.key(), "plan");
//! assert_eq!(RunPhase::from_key("apply"), Some(RunPhase::Apply));
//! assert_eq!(RunPhase::from_key("Apply"), None);
//! ```

/// A choice with a stable key for links, flags and form values.
pub trait Keyed: Copy + PartialEq + Sized + 'static {
    /// Every choice, in the order a picker shows them.
    const ALL: &'static [Self];

    /// The stable key.
    fn key(self) -> &'static str;

    /// What a picker shows for it.
    fn label(self) -> &'static str;

    /// The choice with this key (exact, case-sensitive).
    fn from_key(key: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|choice| choice.key() == key)
    }

    /// Every key, in order.
    fn keys() -> Vec<&'static str> {
        Self::ALL.iter().map(|choice| choice.key()).collect()
    }

    /// `(key, label)` of every choice, in order: a picker's options.
    fn options() -> Vec<(&'static str, &'static str)> {
        Self::ALL
            .iter()
            .map(|choice| (choice.key(), choice.label()))
            .collect()
    }
}

/// Declares the keys and labels of an enum's variants, once, in a picker's order:
/// `keys!(RefType { Branch => ("branch", "Branch"), … })`.
#[macro_export]
macro_rules! keys {
    ($ty:ident { $($variant:ident => ($key:literal, $label:expr)),+ $(,)? }) => {
        impl $crate::key::Keyed for $ty {
            const ALL: &'static [Self] = &[$($ty::$variant),+];

            fn key(self) -> &'static str {
                match self {
                    $($ty::$variant => $key),+
                }
            }

            fn label(self) -> &'static str {
                match self {
                    $($ty::$variant => $label),+
                }
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::Keyed;
    use crate::audience::Cloud;
    use crate::platforms::PlatformKind;
    use crate::platforms::azure_devops::{Generation, LEGACY_ISSUER_RETIREMENT};
    use crate::platforms::github::EntityKind;
    use crate::platforms::gitlab::RefType;
    use crate::platforms::terraform::RunPhase;

    fn round_trips<T: Keyed + std::fmt::Debug>() {
        let keys = T::keys();
        let mut unique = keys.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "{keys:?}");
        for choice in T::ALL {
            assert_eq!(T::from_key(choice.key()), Some(*choice));
            assert!(!choice.label().is_empty(), "{choice:?}");
        }
    }

    #[test]
    fn every_choice_has_one_key_that_reads_back() {
        round_trips::<Cloud>();
        round_trips::<PlatformKind>();
        round_trips::<Generation>();
        round_trips::<EntityKind>();
        round_trips::<RefType>();
        round_trips::<RunPhase>();
    }

    #[test]
    fn the_legacy_issuer_label_names_the_retirement_date() {
        assert!(
            Generation::Legacy
                .label()
                .contains(LEGACY_ISSUER_RETIREMENT)
        );
    }
}
