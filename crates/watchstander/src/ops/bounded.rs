//! Lists with a maximum length, enforced while parsing: an oversized batch is refused after
//! `MAX + 1` items, before the rest is even read.

use serde::de::{Deserialize, Deserializer, SeqAccess, Visitor};

use crate::error::InputError;

/// A list of at most `MAX` items.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bounded<T, const MAX: usize>(pub Vec<T>);

impl<'de, T: Deserialize<'de>, const MAX: usize> Deserialize<'de> for Bounded<T, MAX> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T, const MAX: usize>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>, const MAX: usize> Visitor<'de> for V<T, MAX> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "a list of at most {MAX} items")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                if seq.size_hint().is_some_and(|n| n > MAX) {
                    return Err(crate::error::de_error(InputError::TooManyItems {
                        limit: MAX,
                    }));
                }
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(MAX).min(65_536));
                while let Some(item) = seq.next_element()? {
                    if out.len() == MAX {
                        return Err(crate::error::de_error(InputError::TooManyItems {
                            limit: MAX,
                        }));
                    }
                    out.push(item);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(V::<T, MAX>(std::marker::PhantomData))
            .map(Bounded)
    }
}

#[cfg(feature = "schema")]
impl<T: schemars::JsonSchema, const MAX: usize> schemars::JsonSchema for Bounded<T, MAX> {
    fn inline_schema() -> bool {
        true
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        format!("Bounded_{}_{}", T::schema_name(), MAX).into()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let mut s = Vec::<T>::json_schema(g);
        s.insert("maxItems".into(), MAX.into());
        s
    }
}
