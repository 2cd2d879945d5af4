//! Structs read from JSON objects only.
//!
//! serde_json reads a struct from an object or, field by field in declaration order, from an
//! array (`deserialize_struct` calls the visitor's `visit_seq` on `[`), so every derived struct
//! reader carries a second, positional reader that no file of the format uses: the network
//! format, test files, cases and questions are objects (their JSON Schemas say so). Read
//! through [`Objects`], a struct is asked for as a map (`deserialize_map`), so the positional
//! readers are never referenced and the linker leaves them out: about 9 KB gzipped of the
//! WebAssembly module (benches/README.md, WebAssembly). An array where an object is expected is
//! then refused as any other wrong type is: "invalid type: sequence, expected struct `Site`".
//!
//! The wrapper forwards everything else unchanged: strings, numbers and other leaves go to the
//! inner deserializer with their own visitor (so their readers stay shared with every other
//! reader of the crate), and the values inside options, lists, maps, enums and newtypes are
//! read through the wrapper again.

use std::fmt;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess,
    VariantAccess, Visitor,
};

/// A `T` read with each struct inside it read from a JSON object only (see the module
/// documentation). Used by the core's JSON reader and the WebAssembly binding's.
///
/// ```
/// #[derive(Debug, serde::Deserialize)]
/// struct Site { id: String }
/// let ok: parcours::load::Objects<Vec<Site>> = serde_json::from_str(r#"[{"id": "a"}]"#).unwrap();
/// assert_eq!(ok.0[0].id, "a");
/// let e = serde_json::from_str::<parcours::load::Objects<Vec<Site>>>(r#"[["a"]]"#).unwrap_err();
/// assert!(e.to_string().starts_with("invalid type: sequence, expected struct Site"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Objects<T>(pub T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Objects<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        T::deserialize(De(d)).map(Objects)
    }
}

/// The deserializer wrapper: structs as maps, containers wrapped again.
struct De<D>(D);

/// A visitor wrapper: what it is given to read further (an option's value, a list, a map, an
/// enum, a newtype) is wrapped before the inner visitor sees it.
struct Vis<V>(V);

/// A seed wrapper: the value is read through [`De`].
struct Seed<S>(S);

/// A struct variant's fields, read as a map through [`De`].
struct StructSeed<V>(V);

/// Forwards leaf requests to the inner deserializer with the visitor as it is.
macro_rules! leaves {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
            self.0.$method(v)
        }
    )*};
}

/// Forwards requests whose visitor may be given more to read, with the visitor wrapped.
macro_rules! containers {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, D::Error> {
            self.0.$method(Vis(v))
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for De<D> {
    type Error = D::Error;

    leaves! {
        deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64
        deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64
        deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char deserialize_str
        deserialize_string deserialize_bytes deserialize_byte_buf deserialize_unit
        deserialize_identifier deserialize_ignored_any
    }

    containers! { deserialize_any deserialize_option deserialize_seq deserialize_map }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_unit_struct(name, v)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_newtype_struct(name, Vis(v))
    }

    fn deserialize_tuple<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple(len, Vis(v))
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_tuple_struct(name, len, Vis(v))
    }

    /// The one change: a struct is read as a map.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_map(Vis(v))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, D::Error> {
        self.0.deserialize_enum(name, variants, Vis(v))
    }

    fn is_human_readable(&self) -> bool {
        self.0.is_human_readable()
    }
}

/// Forwards leaf visits to the inner visitor.
macro_rules! visits {
    ($($method:ident: $t:ty)*) => {$(
        fn $method<E: de::Error>(self, x: $t) -> Result<V::Value, E> {
            self.0.$method(x)
        }
    )*};
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Vis<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.expecting(f)
    }

    visits! {
        visit_bool: bool visit_i8: i8 visit_i16: i16 visit_i32: i32 visit_i64: i64
        visit_i128: i128 visit_u8: u8 visit_u16: u16 visit_u32: u32 visit_u64: u64
        visit_u128: u128 visit_f32: f32 visit_f64: f64 visit_char: char visit_str: &str
        visit_borrowed_str: &'de str visit_string: String visit_bytes: &[u8]
        visit_borrowed_bytes: &'de [u8] visit_byte_buf: Vec<u8>
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.0.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_some(De(d))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        self.0.visit_newtype_struct(De(d))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.0.visit_seq(Vis(seq))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<V::Value, A::Error> {
        self.0.visit_map(Vis(map))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.0.visit_enum(Vis(data))
    }
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Seed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.0.deserialize(De(d))
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Vis<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.0.next_element_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Vis<A> {
    type Error = A::Error;

    /// Keys are field names or strings: read as they are.
    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        self.0.next_key_seed(seed)
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.0.next_value_seed(Seed(seed))
    }

    fn size_hint(&self) -> Option<usize> {
        self.0.size_hint()
    }
}

impl<'de, A: EnumAccess<'de>> EnumAccess<'de> for Vis<A> {
    type Error = A::Error;
    type Variant = Vis<A::Variant>;

    /// The variant's name is read as it is.
    fn variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<(T::Value, Self::Variant), A::Error> {
        self.0
            .variant_seed(seed)
            .map(|(value, variant)| (value, Vis(variant)))
    }
}

impl<'de, A: VariantAccess<'de>> VariantAccess<'de> for Vis<A> {
    type Error = A::Error;

    fn unit_variant(self) -> Result<(), A::Error> {
        self.0.unit_variant()
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, A::Error> {
        self.0.newtype_variant_seed(Seed(seed))
    }

    fn tuple_variant<V: Visitor<'de>>(self, len: usize, v: V) -> Result<V::Value, A::Error> {
        self.0.tuple_variant(len, Vis(v))
    }

    /// The fields of a struct variant, as a map (serde_json's own `struct_variant` reads the
    /// variant's value with `deserialize_struct`).
    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, A::Error> {
        self.0.newtype_variant_seed(StructSeed(v))
    }
}

impl<'de, V: Visitor<'de>> DeserializeSeed<'de> for StructSeed<V> {
    type Value = V::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<V::Value, D::Error> {
        d.deserialize_map(Vis(self.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Inner {
        a: u32,
        #[serde(default)]
        b: Option<Vec<Inner>>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Unit,
        Newtype(Inner),
        Fields { x: Inner },
    }

    fn read<T: for<'de> Deserialize<'de>>(text: &str) -> Result<T, String> {
        serde_json::from_str::<Objects<T>>(text)
            .map(|o| o.0)
            .map_err(|e| e.to_string())
    }

    #[test]
    fn objects_read_as_before_at_every_depth() {
        let inner: Inner = read(r#"{"a": 1, "b": [{"a": 2}]}"#).unwrap();
        assert_eq!(inner.b.unwrap()[0].a, 2);
        let kinds: Vec<Kind> =
            read(r#"["unit", {"newtype": {"a": 3}}, {"fields": {"x": {"a": 4}}}]"#).unwrap();
        assert_eq!(kinds[0], Kind::Unit);
        assert_eq!(
            kinds[2],
            Kind::Fields {
                x: Inner { a: 4, b: None }
            }
        );
    }

    #[test]
    fn arrays_are_refused_where_structs_are_expected_at_every_depth() {
        for text in [
            "[1]",
            r#"{"a": 1, "b": [[2]]}"#,
            r#"{"a": 1, "b": [{"a": 2, "b": [[3]]}]}"#,
        ] {
            let e = read::<Inner>(text).unwrap_err();
            assert!(
                e.starts_with("invalid type: sequence, expected struct Inner"),
                "{text}: {e}"
            );
            // Plain serde_json reads them positionally.
            assert!(serde_json::from_str::<Inner>(text).is_ok(), "{text}");
        }
        let e = read::<Kind>(r#"{"fields": [{"a": 1}]}"#).unwrap_err();
        assert!(
            e.starts_with("invalid type: sequence, expected struct variant"),
            "{e}"
        );
        let e = read::<Kind>(r#"{"newtype": [1]}"#).unwrap_err();
        assert!(
            e.starts_with("invalid type: sequence, expected struct Inner"),
            "{e}"
        );
    }

    #[test]
    fn errors_keep_serde_json_words_and_positions() {
        for text in [
            r#"{"a": "x"}"#,
            r#"{"a": 1, "c": 2}"#,
            r#"{"a": 1"#,
            r#"{"b": null}"#,
        ] {
            let plain = serde_json::from_str::<Inner>(text).unwrap_err().to_string();
            assert_eq!(read::<Inner>(text).unwrap_err(), plain, "{text}");
        }
    }
}
