//! A value with the byte span it was read from, like `toml::Spanned`, that also goes to and
//! from other serde formats as `[start, end, value]`: the default rules are stored parsed (see
//! `lean_rules.postcard`) with the spans their loading errors would point at.

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeTuple, Serializer};
use std::fmt;
use std::marker::PhantomData;
use std::ops::Range;

/// The struct name and fields by which the `toml` deserializer hands over a value's span
/// (serde_spanned's protocol: any type asking for this struct gets them).
const NAME: &str = "$__serde_spanned_private_Spanned";
const START: &str = "$__serde_spanned_private_start";
const END: &str = "$__serde_spanned_private_end";
const VALUE: &str = "$__serde_spanned_private_value";

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Spanned<T> {
    span: Range<usize>,
    value: T,
}

impl<T> Spanned<T> {
    pub fn new(span: Range<usize>, value: T) -> Self {
        Spanned { span, value }
    }

    pub fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    pub fn get_ref(&self) -> &T {
        &self.value
    }

    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SpannedVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for SpannedVisitor<T> {
            type Value = Spanned<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a spanned value")
            }

            /// From TOML: the three fields of the span protocol.
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Spanned<T>, A::Error> {
                let (mut start, mut end, mut value) = (None, None, None);
                while let Some(key) = map.next_key::<std::borrow::Cow<'de, str>>()? {
                    match &*key {
                        START => start = Some(map.next_value()?),
                        END => end = Some(map.next_value()?),
                        VALUE => value = Some(map.next_value()?),
                        other => return Err(de::Error::unknown_field(other, &[START, END, VALUE])),
                    }
                }
                match (start, end, value) {
                    (Some(start), Some(end), Some(value)) => Ok(Spanned { span: start..end, value }),
                    _ => Err(de::Error::custom("a spanned value needs a start, an end and a value")),
                }
            }

            /// From JSON: `[start, end, value]`.
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Spanned<T>, A::Error> {
                let missing = |i| de::Error::invalid_length(i, &"[start, end, value]");
                let start = seq.next_element()?.ok_or_else(|| missing(0))?;
                let end = seq.next_element()?.ok_or_else(|| missing(1))?;
                let value = seq.next_element()?.ok_or_else(|| missing(2))?;
                Ok(Spanned { span: start..end, value })
            }
        }

        deserializer.deserialize_struct(NAME, &[START, END, VALUE], SpannedVisitor(PhantomData))
    }
}

impl<T: Serialize> Serialize for Spanned<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut t = serializer.serialize_tuple(3)?;
        t.serialize_element(&self.span.start)?;
        t.serialize_element(&self.span.end)?;
        t.serialize_element(&self.value)?;
        t.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize, serde::Serialize)]
    struct Doc {
        id: Spanned<String>,
        n: Spanned<usize>,
    }

    #[test]
    fn spans_come_from_toml_and_go_through_json() {
        let text = "id = \"boilerplate/menu\"\nn = 3\n";
        let doc: Doc = toml::from_str(text).expect("toml");
        assert_eq!(&text[doc.id.span()], "\"boilerplate/menu\"");
        assert_eq!((&text[doc.n.span()], *doc.n.get_ref()), ("3", 3));
        let json = serde_json::to_string(&doc).expect("json");
        assert_eq!(json, r#"{"id":[5,23,"boilerplate/menu"],"n":[28,29,3]}"#);
        assert_eq!(serde_json::from_str::<Doc>(&json).expect("back"), doc);
        assert!(serde_json::from_str::<Doc>(r#"{"id":[5,23],"n":[28,29,3]}"#).is_err(), "a span with no value");
    }
}
