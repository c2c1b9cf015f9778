//! Output formats. Text is for people and escapes every outside string (`crate::term::escape`);
//! JSON keeps exact values, escaped as JSON.

pub mod ci;
pub mod json;
pub mod text;
