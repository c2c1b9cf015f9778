//! What the library serializes, to Python objects, in the schema's field order.
//!
//! The library's types serialize with serde. `serde_json::Value` would sort object keys (the
//! workspace does not enable `preserve_order`, and enabling it here would change the library's
//! own `Value`s in workspace builds), so the JSON is read back into [`Node`], a tree that keeps
//! the order, has its strings redacted, and is built into dicts and lists directly.

use crate::secrets::Secrets;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// A JSON value with object keys in document order.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer that fits i64.
    Int(i64),
    /// A larger integer.
    UInt(u64),
    /// Any other number.
    Float(f64),
    /// A string.
    Str(String),
    /// An array.
    List(Vec<Node>),
    /// An object, in document order.
    Map(Vec<(String, Node)>),
}

impl Node {
    /// The value under `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match self {
            Node::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::Str(s) => Some(s),
            _ => None,
        }
    }

    /// Redacts every string (values only: keys are the library's own names).
    pub fn redact(&mut self, secrets: &Secrets) {
        match self {
            Node::Str(s) => {
                if let std::borrow::Cow::Owned(r) = secrets.redact(s) {
                    *s = r;
                }
            }
            Node::List(items) => items.iter_mut().for_each(|n| n.redact(secrets)),
            Node::Map(entries) => entries.iter_mut().for_each(|(_, n)| n.redact(secrets)),
            _ => {}
        }
    }

    /// The Python object: dict, list, str, int, float, bool or None.
    pub fn to_py<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        Ok(match self {
            Node::Null => py.None().into_bound(py),
            Node::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
            Node::Int(i) => i.into_pyobject(py)?.into_any(),
            Node::UInt(u) => u.into_pyobject(py)?.into_any(),
            Node::Float(f) => f.into_pyobject(py)?.into_any(),
            Node::Str(s) => s.as_str().into_pyobject(py)?.into_any(),
            Node::List(items) => {
                let list = PyList::empty(py);
                for item in items {
                    list.append(item.to_py(py)?)?;
                }
                list.into_any()
            }
            Node::Map(entries) => {
                let dict = PyDict::new(py);
                for (k, v) in entries {
                    dict.set_item(k, v.to_py(py)?)?;
                }
                dict.into_any()
            }
        })
    }
}

/// Serializes a library value to a [`Node`], redacted.
pub fn node<T: serde::Serialize>(value: &T, secrets: &Secrets) -> Node {
    // The library's types serialize to JSON without failing (strings, numbers, maps with string
    // keys); should one ever fail, the answer says so instead of panicking.
    let mut node = serde_json::to_string(value)
        .ok()
        .and_then(|json| serde_json::from_str(&json).ok())
        .unwrap_or_else(|| Node::Str("(not serializable)".to_owned()));
    node.redact(secrets);
    node
}

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(NodeVisitor)
    }
}

struct NodeVisitor;

impl<'de> Visitor<'de> for NodeVisitor {
    type Value = Node;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<Node, E> {
        Ok(Node::Null)
    }
    fn visit_bool<E>(self, b: bool) -> Result<Node, E> {
        Ok(Node::Bool(b))
    }
    fn visit_i64<E>(self, i: i64) -> Result<Node, E> {
        Ok(Node::Int(i))
    }
    fn visit_u64<E>(self, u: u64) -> Result<Node, E> {
        Ok(i64::try_from(u).map_or(Node::UInt(u), Node::Int))
    }
    fn visit_f64<E>(self, f: f64) -> Result<Node, E> {
        Ok(Node::Float(f))
    }
    fn visit_str<E>(self, s: &str) -> Result<Node, E> {
        Ok(Node::Str(s.to_owned()))
    }
    fn visit_string<E>(self, s: String) -> Result<Node, E> {
        Ok(Node::Str(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Node::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
        let mut entries = Vec::new();
        while let Some((k, v)) = map.next_entry::<String, Node>()? {
            entries.push((k, v));
        }
        Ok(Node::Map(entries))
    }
}
