//! Go `encoding/json`'s scanner and string unquoting, because no crate gives Go's acceptance and
//! error strings.
//!
//! The gateway reads a request body with Go 1.19's `json.Unmarshal` into a struct of string
//! fields. Its answer for a bad body is the `error_msg` of APIG.2000, so the exact text matters,
//! and so does what it accepts: invalid UTF-8 and lone `\u` surrogates become U+FFFD (no error),
//! numbers of any size are valid JSON, nesting deeper than 10,000 is refused. serde_json differs on
//! each of these, and its error text is not a stable API; this module follows Go's
//! `scanner.go` and `decode.go` instead, state for state:
//!
//! 1. [`check_valid`]: the whole body through Go's scanner (its `checkValid`), byte by byte,
//!    keeping only a stack of open objects and arrays (at most 10,000 entries; no recursion);
//! 2. [`unmarshal`]: only for a valid body, the top-level value into a [`Target`]'s string fields,
//!    skipping everything else with a depth counter; the first type error is kept, as Go keeps it.
//!
//! Errors are typed ([`GoJsonError`]); their `Display` is Go's `Error()` text, made from the
//! type, never parsed back from text.

use std::fmt;

/// Go's `maxNestingDepth`: the scanner refuses the 10,001st open object or array.
pub(crate) const MAX_NESTING_DEPTH: usize = 10_000;

/// `json.Unmarshal`'s error: a `*json.SyntaxError` or a `*json.UnmarshalTypeError`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum GoJsonError {
    /// The body is not JSON (found before any decoding).
    Syntax(SyntaxError),
    /// The body is JSON, but a value has the wrong type for where it goes.
    UnmarshalType(UnmarshalTypeError),
}

impl fmt::Display for GoJsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GoJsonError::Syntax(e) => e.fmt(f),
            GoJsonError::UnmarshalType(e) => e.fmt(f),
        }
    }
}

/// Go's `*json.SyntaxError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct SyntaxError {
    /// What is wrong.
    pub problem: SyntaxProblem,
    /// Go's `Offset`: the bytes read when the error was found (the offending byte included).
    pub offset: usize,
}

/// The `msg` of Go's `SyntaxError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SyntaxProblem {
    /// `unexpected end of JSON input`.
    UnexpectedEnd,
    /// `invalid character <byte> <context>`.
    InvalidCharacter {
        /// The offending byte.
        byte: u8,
        /// Where the scanner was.
        context: Context,
    },
}

/// The scanner's state when it met an invalid character, as Go's message names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Context {
    /// `looking for beginning of value`
    BeginningOfValue,
    /// `looking for beginning of object key string`
    BeginningOfObjectKey,
    /// `after object key`
    AfterObjectKey,
    /// `after object key:value pair`
    AfterObjectKeyValuePair,
    /// `after array element`
    AfterArrayElement,
    /// `after top-level value`
    AfterTopLevelValue,
    /// `in string literal`
    InStringLiteral,
    /// `in string escape code`
    InStringEscapeCode,
    /// `in \u hexadecimal character escape`
    InUnicodeEscape,
    /// `in numeric literal`
    InNumericLiteral,
    /// `after decimal point in numeric literal`
    AfterDecimalPoint,
    /// `in exponent of numeric literal`
    InExponent,
    /// `in literal true (expecting 'r')` and the like: the literal, and the byte expected.
    InLiteral(&'static str, u8),
    /// `exceeded max depth`
    ExceededMaxDepth,
}

impl fmt::Display for Context {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            Context::BeginningOfValue => "looking for beginning of value",
            Context::BeginningOfObjectKey => "looking for beginning of object key string",
            Context::AfterObjectKey => "after object key",
            Context::AfterObjectKeyValuePair => "after object key:value pair",
            Context::AfterArrayElement => "after array element",
            Context::AfterTopLevelValue => "after top-level value",
            Context::InStringLiteral => "in string literal",
            Context::InStringEscapeCode => "in string escape code",
            Context::InUnicodeEscape => r"in \u hexadecimal character escape",
            Context::InNumericLiteral => "in numeric literal",
            Context::AfterDecimalPoint => "after decimal point in numeric literal",
            Context::InExponent => "in exponent of numeric literal",
            Context::InLiteral(literal, expecting) => {
                return write!(
                    f,
                    "in literal {literal} (expecting {})",
                    QuoteChar(*expecting)
                )
            }
            Context::ExceededMaxDepth => "exceeded max depth",
        };
        f.write_str(text)
    }
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problem {
            SyntaxProblem::UnexpectedEnd => f.write_str("unexpected end of JSON input"),
            SyntaxProblem::InvalidCharacter { byte, context } => {
                write!(f, "invalid character {} {context}", QuoteChar(byte))
            }
        }
    }
}

/// Go's `quoteChar`: the byte as the rune of the same number, quoted as `strconv.Quote` quotes
/// it, between single quotes; `'\''` and `'"'` are special.
struct QuoteChar(u8);

impl fmt::Display for QuoteChar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let c = self.0;
        match c {
            b'\'' => f.write_str(r"'\''"),
            b'"' => f.write_str("'\"'"),
            b'\\' => f.write_str(r"'\\'"),
            0x07 => f.write_str(r"'\a'"),
            0x08 => f.write_str(r"'\b'"),
            0x0C => f.write_str(r"'\f'"),
            b'\n' => f.write_str(r"'\n'"),
            b'\r' => f.write_str(r"'\r'"),
            b'\t' => f.write_str(r"'\t'"),
            0x0B => f.write_str(r"'\v'"),
            0x00..=0x1F | 0x7F => write!(f, r"'\x{c:02x}'"),
            // Not printable for Go's strconv.IsPrint: C1 controls, no-break space, soft hyphen.
            0x80..=0xA0 | 0xAD => write!(f, r"'\u{c:04x}'"),
            _ => write!(f, "'{}'", char::from(c)),
        }
    }
}

/// The kind of JSON value a type error names (Go's `UnmarshalTypeError.Value`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ValueKind {
    /// `object`
    Object,
    /// `array`
    Array,
    /// `string`
    String,
    /// `number`
    Number,
    /// `bool`
    Bool,
}

impl ValueKind {
    /// Go's word for the kind.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            ValueKind::Object => "object",
            ValueKind::Array => "array",
            ValueKind::String => "string",
            ValueKind::Number => "number",
            ValueKind::Bool => "bool",
        }
    }
}

/// Go's `*json.UnmarshalTypeError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct UnmarshalTypeError {
    /// The kind of value found.
    pub value: ValueKind,
    /// The Go type it should have been (`string` for a field; the target's type at the top).
    pub go_type: &'static str,
    /// The struct and field (`Struct`, `Field`), when the value was a field's.
    pub field: Option<(&'static str, &'static str)>,
    /// Go's `Offset`: after the value for a string, number or literal; after its opening
    /// bracket for an object or array.
    pub offset: usize,
}

impl fmt::Display for UnmarshalTypeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (value, go_type) = (self.value.as_str(), self.go_type);
        match self.field {
            Some((strukt, field)) => write!(
                f,
                "json: cannot unmarshal {value} into Go struct field {strukt}.{field} of type {go_type}"
            ),
            None => write!(f, "json: cannot unmarshal {value} into Go value of type {go_type}"),
        }
    }
}

/// A Go struct whose fields are all strings, as `json.Unmarshal` fills it.
pub(crate) trait Target {
    /// The struct's name, as `UnmarshalTypeError.Struct` gives it.
    const STRUCT: &'static str;
    /// The struct's type, as `UnmarshalTypeError.Type` prints it for a non-object body.
    const GO_TYPE: &'static str;
    /// The fields' JSON names (their tags), in the struct's order; ASCII.
    const FIELDS: &'static [&'static str];
    /// The string of the field [`Self::FIELDS`]`[field]`.
    fn slot(&mut self, field: usize) -> &mut String;
}

/// The field a key (as written, quotes excluded) sets, as Go 1.19 matches it: the exact name
/// first, then the first name equal under Go's folding of the unquoted key.
fn match_field(fields: &[&str], raw_key: &[u8]) -> Option<usize> {
    if raw_key.is_ascii() && !raw_key.contains(&b'\\') {
        // The common case, without unquoting: an ASCII key folds by ASCII case only.
        return fields
            .iter()
            .position(|n| n.as_bytes() == raw_key)
            .or_else(|| {
                fields
                    .iter()
                    .position(|n| n.as_bytes().eq_ignore_ascii_case(raw_key))
            });
    }
    let key = unquote(raw_key);
    fields
        .iter()
        .position(|n| *n == key)
        .or_else(|| fields.iter().position(|n| go_fold_eq(n, &key)))
}

/// `json.Unmarshal(body, target)`: the syntax of the whole body first, then the values.
pub(crate) fn unmarshal<T: Target>(body: &[u8], target: &mut T) -> Result<(), GoJsonError> {
    check_valid(body).map_err(GoJsonError::Syntax)?;
    Decoder { data: body, pos: 0 }
        .top_level(target)
        .map_err(GoJsonError::UnmarshalType)
}

// ---------------------------------------------------------------------------------------------
// The scanner (Go's scanner.go).

/// What the scanner expects next: one variant for each of Go's `state*` functions.
#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    BeginValueOrEmpty,
    BeginValue,
    BeginStringOrEmpty,
    BeginString,
    EndValue,
    EndTop,
    InString,
    InStringEsc,
    /// Inside `\u`, with this many hex digits still to come (4 to 1).
    InStringEscU(u8),
    Neg,
    One,
    Zero,
    Dot,
    Dot0,
    E,
    ESign,
    E0,
    /// Inside `true`, `false` or `null`, this many bytes in.
    Literal(Word, u8),
    /// An error was found (possibly reported on the next byte, as Go does after a top level).
    Error,
}

/// The three literals.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Word {
    True,
    False,
    Null,
}

impl Word {
    fn text(self) -> &'static str {
        match self {
            Word::True => "true",
            Word::False => "false",
            Word::Null => "null",
        }
    }
}

/// Go's `parseObjectKey`, `parseObjectValue`, `parseArrayValue`.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Parse {
    ObjectKey,
    ObjectValue,
    ArrayValue,
}

/// Go's `scanner`, without the parts only the decoder's re-scanning uses.
struct Scanner {
    step: State,
    parse: Vec<Parse>,
    end_top: bool,
    err: Option<SyntaxError>,
    /// Bytes consumed so far (Go's `bytes`).
    bytes: usize,
}

/// The length of the plain start of a string's bytes: up to the first `"`, `\` or byte below
/// 0x20, eight bytes at a time (certificates and keys are long strings).
fn plain_len(rest: &[u8]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether any byte of `x` is below `n` (n <= 0x80), exact as a yes or no.
    let any_below = |x: u64, n: u8| x.wrapping_sub(ONES * u64::from(n)) & !x & HIGH != 0;
    let mut i = 0;
    for chunk in rest.chunks_exact(8) {
        let w = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
        if any_below(w ^ (ONES * u64::from(b'"')), 1)
            || any_below(w ^ (ONES * u64::from(b'\\')), 1)
            || any_below(w, 0x20)
        {
            break;
        }
        i += 8;
    }
    i + rest[i..]
        .iter()
        .position(|&c| c == b'"' || c == b'\\' || c < 0x20)
        .unwrap_or(rest.len() - i)
}

/// The length of the start of a string's bytes that leaves the scanner in a string: plain bytes
/// and complete, valid escapes (an invalid or cut escape is left to the scanner's steps, which
/// name it).
fn string_run(rest: &[u8]) -> usize {
    let mut i = 0;
    loop {
        i += plain_len(&rest[i..]);
        match rest.get(i..).unwrap_or_default() {
            [b'\\', b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"', ..] => i += 2,
            [b'\\', b'u', a, b, c, d, ..] if [a, b, c, d].iter().all(|h| h.is_ascii_hexdigit()) => {
                i += 6
            }
            _ => return i,
        }
    }
}

/// Go's `isSpace`.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

/// Go's `checkValid`: the whole body through the scanner.
pub(crate) fn check_valid(data: &[u8]) -> Result<(), SyntaxError> {
    let mut s = Scanner {
        step: State::BeginValue,
        parse: Vec::new(),
        end_top: false,
        err: None,
        bytes: 0,
    };
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        i += 1;
        s.bytes = i;
        if !s.step(c) {
            return Err(s.err.expect("an error state holds its error"));
        }
        // Runs of bytes that change nothing but the count are taken at once: plain bytes in a
        // string, more spaces after a space (every state a space leaves takes spaces as they
        // come), more digits in a number.
        let rest = &data[i..];
        i += match s.step {
            State::InString => string_run(rest),
            _ if is_space(c) => rest
                .iter()
                .position(|&c| !is_space(c))
                .unwrap_or(rest.len()),
            State::One | State::Dot0 | State::E0 => rest
                .iter()
                .position(|c| !c.is_ascii_digit())
                .unwrap_or(rest.len()),
            _ => 0,
        };
        s.bytes = i;
    }
    s.eof()
}

impl Scanner {
    /// Go's `eof`.
    fn eof(&mut self) -> Result<(), SyntaxError> {
        if let Some(e) = self.err {
            return Err(e);
        }
        if self.end_top {
            return Ok(());
        }
        self.step(b' ');
        if self.end_top {
            return Ok(());
        }
        Err(*self.err.get_or_insert(SyntaxError {
            problem: SyntaxProblem::UnexpectedEnd,
            offset: self.bytes,
        }))
    }

    /// One byte: `false` when the scanner has found an error (Go's `scanError`).
    #[inline(always)]
    fn step(&mut self, c: u8) -> bool {
        use State::*;
        match self.step {
            BeginValueOrEmpty => {
                if is_space(c) {
                    true
                } else if c == b']' {
                    self.end_value(c)
                } else {
                    self.begin_value(c)
                }
            }
            BeginValue => self.begin_value(c),
            BeginStringOrEmpty => {
                if is_space(c) {
                    true
                } else if c == b'}' {
                    *self.parse.last_mut().expect("inside an object") = Parse::ObjectValue;
                    self.end_value(c)
                } else {
                    self.begin_string(c)
                }
            }
            BeginString => self.begin_string(c),
            EndValue => self.end_value(c),
            EndTop => self.end_top(c),
            InString => match c {
                b'"' => self.go(EndValue),
                b'\\' => self.go(InStringEsc),
                0x00..=0x1F => self.error(c, Context::InStringLiteral),
                _ => true,
            },
            InStringEsc => match c {
                b'b' | b'f' | b'n' | b'r' | b't' | b'\\' | b'/' | b'"' => self.go(InString),
                b'u' => self.go(InStringEscU(4)),
                _ => self.error(c, Context::InStringEscapeCode),
            },
            InStringEscU(left) => {
                if !c.is_ascii_hexdigit() {
                    self.error(c, Context::InUnicodeEscape)
                } else if left == 1 {
                    self.go(InString)
                } else {
                    self.go(InStringEscU(left - 1))
                }
            }
            Neg => match c {
                b'0' => self.go(Zero),
                b'1'..=b'9' => self.go(One),
                _ => self.error(c, Context::InNumericLiteral),
            },
            One if c.is_ascii_digit() => true,
            One | Zero => match c {
                b'.' => self.go(Dot),
                b'e' | b'E' => self.go(E),
                _ => self.end_value(c),
            },
            Dot if c.is_ascii_digit() => self.go(Dot0),
            Dot => self.error(c, Context::AfterDecimalPoint),
            Dot0 => match c {
                b'0'..=b'9' => true,
                b'e' | b'E' => self.go(E),
                _ => self.end_value(c),
            },
            E if c == b'+' || c == b'-' => self.go(ESign),
            E | ESign if c.is_ascii_digit() => self.go(E0),
            E | ESign => self.error(c, Context::InExponent),
            E0 if c.is_ascii_digit() => true,
            E0 => self.end_value(c),
            Literal(word, at) => {
                let text = word.text();
                let want = text.as_bytes()[usize::from(at)];
                if c != want {
                    self.error(c, Context::InLiteral(text, want))
                } else if usize::from(at) + 1 == text.len() {
                    self.go(EndValue)
                } else {
                    self.go(Literal(word, at + 1))
                }
            }
            Error => false,
        }
    }

    fn go(&mut self, next: State) -> bool {
        self.step = next;
        true
    }

    /// Go's `stateBeginValue`.
    fn begin_value(&mut self, c: u8) -> bool {
        use State::*;
        match c {
            _ if is_space(c) => true,
            b'{' => {
                self.step = BeginStringOrEmpty;
                self.push(c, Parse::ObjectKey)
            }
            b'[' => {
                self.step = BeginValueOrEmpty;
                self.push(c, Parse::ArrayValue)
            }
            b'"' => self.go(InString),
            b'-' => self.go(Neg),
            b'0' => self.go(Zero),
            b'1'..=b'9' => self.go(One),
            b't' => self.go(Literal(Word::True, 1)),
            b'f' => self.go(Literal(Word::False, 1)),
            b'n' => self.go(Literal(Word::Null, 1)),
            _ => self.error(c, Context::BeginningOfValue),
        }
    }

    /// Go's `stateBeginString`.
    fn begin_string(&mut self, c: u8) -> bool {
        match c {
            _ if is_space(c) => true,
            b'"' => self.go(State::InString),
            _ => self.error(c, Context::BeginningOfObjectKey),
        }
    }

    /// Go's `stateEndValue`.
    fn end_value(&mut self, c: u8) -> bool {
        let Some(&ps) = self.parse.last() else {
            // The top-level value ended before this byte.
            self.step = State::EndTop;
            self.end_top = true;
            return self.end_top(c);
        };
        if is_space(c) {
            return self.go(State::EndValue);
        }
        match (ps, c) {
            (Parse::ObjectKey, b':') => {
                self.set_parse(Parse::ObjectValue);
                self.go(State::BeginValue)
            }
            (Parse::ObjectKey, _) => self.error(c, Context::AfterObjectKey),
            (Parse::ObjectValue, b',') => {
                self.set_parse(Parse::ObjectKey);
                self.go(State::BeginString)
            }
            (Parse::ArrayValue, b',') => self.go(State::BeginValue),
            (Parse::ObjectValue, b'}') | (Parse::ArrayValue, b']') => {
                self.pop();
                true
            }
            (Parse::ObjectValue, _) => self.error(c, Context::AfterObjectKeyValuePair),
            (Parse::ArrayValue, _) => self.error(c, Context::AfterArrayElement),
        }
    }

    /// Go's `stateEndTop`: a non-space byte after the value is an error, reported by the next
    /// step (or by `eof`), as Go reports it.
    fn end_top(&mut self, c: u8) -> bool {
        if !is_space(c) {
            self.error(c, Context::AfterTopLevelValue);
        }
        true
    }

    fn set_parse(&mut self, ps: Parse) {
        *self.parse.last_mut().expect("inside an object") = ps;
    }

    /// Go's `pushParseState`: the 10,001st level is an error.
    fn push(&mut self, c: u8, ps: Parse) -> bool {
        if self.parse.len() >= MAX_NESTING_DEPTH {
            return self.error(c, Context::ExceededMaxDepth);
        }
        self.parse.push(ps);
        true
    }

    /// Go's `popParseState`.
    fn pop(&mut self) {
        self.parse.pop();
        if self.parse.is_empty() {
            self.step = State::EndTop;
            self.end_top = true;
        } else {
            self.step = State::EndValue;
        }
    }

    /// Go's `scanner.error`.
    fn error(&mut self, byte: u8, context: Context) -> bool {
        self.step = State::Error;
        self.err = Some(SyntaxError {
            problem: SyntaxProblem::InvalidCharacter { byte, context },
            offset: self.bytes,
        });
        false
    }
}

// ---------------------------------------------------------------------------------------------
// The decoder (Go's decode.go), over a body the scanner found valid.

/// A cursor over a valid body.
struct Decoder<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Decoder<'a> {
    /// Go's `d.value` on the top-level value, into a struct.
    fn top_level<T: Target>(mut self, target: &mut T) -> Result<(), UnmarshalTypeError> {
        self.skip_space();
        let kind = match self.peek() {
            b'{' => return self.object(target),
            // A top-level null leaves the struct as it was.
            b'n' => return Ok(()),
            b'[' => ValueKind::Array,
            b'"' => ValueKind::String,
            b't' | b'f' => ValueKind::Bool,
            _ => ValueKind::Number,
        };
        Err(self.type_error(kind, T::GO_TYPE, None))
    }

    /// Go's `d.object` into a struct: fields set in document order (a later duplicate wins);
    /// unknown keys skipped; the first type error kept while the rest is still read.
    fn object<T: Target>(&mut self, target: &mut T) -> Result<(), UnmarshalTypeError> {
        let mut first_error = None;
        self.pos += 1; // {
        loop {
            self.skip_space();
            if self.peek() == b'}' {
                break;
            }
            let key = self.string_literal();
            self.skip_space();
            self.pos += 1; // :
            self.skip_space();
            match match_field(T::FIELDS, key) {
                Some(field) => match self.peek() {
                    b'"' => *target.slot(field) = unquote(self.string_literal()),
                    b'n' => self.pos += 4, // null leaves a string as it was
                    _ => {
                        let kind = self.value_kind();
                        let e =
                            self.type_error(kind, "string", Some((T::STRUCT, T::FIELDS[field])));
                        first_error.get_or_insert(e);
                    }
                },
                None => self.skip_value(),
            }
            self.skip_space();
            if self.next() == b'}' {
                break;
            }
        }
        first_error.map_or(Ok(()), Err)
    }

    /// The type error for the value at the cursor, with Go's offset; the value is skipped.
    fn type_error(
        &mut self,
        value: ValueKind,
        go_type: &'static str,
        field: Option<(&'static str, &'static str)>,
    ) -> UnmarshalTypeError {
        let start = self.pos;
        self.skip_value();
        let offset = match value {
            ValueKind::Object | ValueKind::Array => start + 1,
            _ => self.pos,
        };
        UnmarshalTypeError {
            value,
            go_type,
            field,
            offset,
        }
    }

    fn value_kind(&self) -> ValueKind {
        match self.peek() {
            b'{' => ValueKind::Object,
            b'[' => ValueKind::Array,
            b'"' => ValueKind::String,
            b't' | b'f' => ValueKind::Bool,
            _ => ValueKind::Number,
        }
    }

    fn peek(&self) -> u8 {
        self.data[self.pos]
    }

    fn next(&mut self) -> u8 {
        self.pos += 1;
        self.data[self.pos - 1]
    }

    fn skip_space(&mut self) {
        while self.pos < self.data.len() && is_space(self.data[self.pos]) {
            self.pos += 1;
        }
    }

    /// The string literal at the cursor, quotes excluded, escapes as written.
    fn string_literal(&mut self) -> &'a [u8] {
        let start = self.pos + 1;
        self.pos = string_end(self.data, start);
        &self.data[start..self.pos - 1]
    }

    /// Skips one value: nesting is counted, not recursed into (the scanner bounded it anyway).
    fn skip_value(&mut self) {
        let data = self.data;
        if !matches!(data[self.pos], b'{' | b'[') {
            return self.skip_scalar();
        }
        let mut depth = 0usize;
        loop {
            // Only brackets and strings matter inside a valid value.
            self.pos += data[self.pos..]
                .iter()
                .position(|&c| matches!(c, b'"' | b'{' | b'[' | b'}' | b']'))
                .expect("the scanner saw the value end");
            match data[self.pos] {
                b'"' => self.pos = string_end(data, self.pos + 1),
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                _ => {
                    depth -= 1;
                    self.pos += 1;
                    if depth == 0 {
                        return;
                    }
                }
            }
        }
    }

    /// Skips a string, number or literal.
    fn skip_scalar(&mut self) {
        if self.data[self.pos] == b'"' {
            self.pos = string_end(self.data, self.pos + 1);
            return;
        }
        let rest = &self.data[self.pos..];
        self.pos += rest
            .iter()
            .position(|&c| matches!(c, b',' | b'}' | b']') || is_space(c))
            .unwrap_or(rest.len());
    }
}

/// The index after the closing quote of a valid string whose contents start at `from`.
fn string_end(data: &[u8], mut from: usize) -> usize {
    loop {
        // In a valid string the first byte that is not plain is a quote or a backslash.
        from += plain_len(&data[from..]);
        if data[from] == b'"' {
            return from + 1;
        }
        from += 2;
    }
}

/// Go's `unquoteBytes` on a string the scanner found valid (quotes excluded): escapes decoded,
/// a `\u` surrogate not followed by its pair and every byte of invalid UTF-8 (each alone, as
/// Go's `utf8.DecodeRune` goes) replaced by U+FFFD.
pub(crate) fn unquote(raw: &[u8]) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while !rest.is_empty() {
        let plain = plain_len(rest);
        if plain > 0 {
            push_go_lossy(&mut out, &rest[..plain]);
        }
        rest = &rest[plain..];
        if rest.is_empty() {
            break;
        }
        let (c, used) = escape(rest);
        out.push(c);
        rest = &rest[used..];
    }
    out
}

/// Appends bytes as Go coerces them to UTF-8: each byte that does not start a valid sequence
/// becomes one U+FFFD (Rust's `from_utf8_lossy` would replace a cut sequence only once).
pub(crate) fn push_go_lossy(out: &mut String, mut bytes: &[u8]) {
    loop {
        match std::str::from_utf8(bytes) {
            Ok(s) => return out.push_str(s),
            Err(e) => {
                let (valid, bad) = bytes.split_at(e.valid_up_to());
                out.push_str(std::str::from_utf8(valid).expect("checked valid"));
                out.push(char::REPLACEMENT_CHARACTER);
                bytes = &bad[1..];
            }
        }
    }
}

/// One escape at the start of `s` (which begins with a backslash): the character and the
/// bytes used.
fn escape(s: &[u8]) -> (char, usize) {
    let c = match s[1] {
        b'b' => '\u{8}',
        b'f' => '\u{c}',
        b'n' => '\n',
        b'r' => '\r',
        b't' => '\t',
        b'u' => return unicode_escape(s),
        other => char::from(other), // " \ /
    };
    (c, 2)
}

/// A `\uXXXX` escape, with the low half of a surrogate pair when one follows.
fn unicode_escape(s: &[u8]) -> (char, usize) {
    let first = u4(s).expect("the scanner checked four hex digits");
    if let Some(c) = char::from_u32(first) {
        return (c, 6);
    }
    // A surrogate: a pair only when a high half is followed by a `\u` low half.
    match u4(&s[6..]) {
        Some(second) if (0xD800..0xDC00).contains(&first) && (0xDC00..0xE000).contains(&second) => {
            let c = 0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00);
            (char::from_u32(c).expect("a valid pair"), 12)
        }
        _ => (char::REPLACEMENT_CHARACTER, 6),
    }
}

/// Go's `getu4`: the value of `\uXXXX` at the start of `s`, if it is one.
fn u4(s: &[u8]) -> Option<u32> {
    match s {
        [b'\\', b'u', hex @ ..] if hex.len() >= 4 => hex[..4]
            .iter()
            .try_fold(0, |v, &h| Some(v << 4 | char::from(h).to_digit(16)?)),
        _ => None,
    }
}

/// Go's matching of a key against an ASCII field name when they differ: ASCII case, plus the
/// two non-ASCII letters whose simple fold is an ASCII letter, the Kelvin sign (k) and the long
/// s (s) (`fold.go`'s `equalFoldRight`; for names without k or s Go folds ASCII only, which
/// gives the same answer, those two signs having nothing to match).
pub(crate) fn go_fold_eq(name: &str, key: &str) -> bool {
    // Each character of the key matches one of the name: an ASCII letter of one byte, or one of
    // the two signs of two or three. So a key as long as the name is ASCII, and a shorter one
    // cannot match.
    if key.len() <= name.len() {
        return key.eq_ignore_ascii_case(name);
    }
    let mut key = key.chars();
    for n in name.chars() {
        let Some(c) = key.next() else { return false };
        let c = match c {
            '\u{212A}' => 'k',
            '\u{17F}' => 's',
            c => c,
        };
        if !c.eq_ignore_ascii_case(&n) {
            return false;
        }
    }
    key.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn syntax(body: &[u8]) -> String {
        check_valid(body).unwrap_err().to_string()
    }

    #[test]
    fn scanner_messages() {
        assert_eq!(syntax(b""), "unexpected end of JSON input");
        assert_eq!(
            syntax(b"tru"),
            "invalid character ' ' in literal true (expecting 'e')"
        );
        assert_eq!(
            syntax(b"[1,]"),
            "invalid character ']' looking for beginning of value"
        );
        assert_eq!(
            syntax(b"\"a\nb\""),
            r"invalid character '\n' in string literal"
        );
        assert_eq!(
            syntax(b"\x00"),
            r"invalid character '\x00' looking for beginning of value"
        );
        assert_eq!(
            syntax(b"'"),
            r"invalid character '\'' looking for beginning of value"
        );
        assert_eq!(
            syntax(b"\xc3"),
            "invalid character 'Ã' looking for beginning of value"
        );
        assert_eq!(
            syntax(b"\x85"),
            r"invalid character '\u0085' looking for beginning of value"
        );
        assert_eq!(
            syntax(&b"[".repeat(MAX_NESTING_DEPTH + 1)),
            "invalid character '[' exceeded max depth"
        );
        assert!(check_valid(&[b"[".repeat(10_000), b"]".repeat(10_000)].concat()).is_ok());
        assert!(check_valid(b"1e999999").is_ok());
    }

    #[test]
    fn offsets_count_the_offending_byte() {
        assert_eq!(check_valid(b"{} x").unwrap_err().offset, 4);
        assert_eq!(check_valid(b"{\"a\"").unwrap_err().offset, 4);
    }

    #[test]
    fn unquote_like_go() {
        assert_eq!(unquote(br"a\u0062\n\/"), "ab\n/");
        assert_eq!(unquote(br"\uD83D\uDE00"), "\u{1F600}");
        assert_eq!(unquote(br"\uD800\uD800\uDC00"), "\u{FFFD}\u{10000}");
        assert_eq!(unquote(br"\uDC00x"), "\u{FFFD}x");
        // A cut three-byte sequence is two bad bytes to Go, so two replacements.
        assert_eq!(unquote(b"\xe2\x82b"), "\u{FFFD}\u{FFFD}b");
        assert_eq!(unquote(b"\xed\xa0\x80"), "\u{FFFD}".repeat(3));
    }
}

/// The typed errors against Go's: kind and `Offset` on every body of the oracle's fixture
/// (the messages are compared through the public API in tests/json_go.rs).
#[cfg(test)]
mod go_fixture {
    use super::*;
    use base64::Engine;

    /// A struct with no fields: only the shape of the answer matters here.
    struct Fields(String);

    impl Target for Fields {
        const STRUCT: &'static str = "CertificateForm";
        const GO_TYPE: &'static str = "main.CertificateForm";
        const FIELDS: &'static [&'static str] = &[
            "name",
            "cert_content",
            "private_key",
            "type",
            "instance_id",
            "trusted_root_ca",
        ];
        fn slot(&mut self, _: usize) -> &mut String {
            &mut self.0
        }
    }

    #[test]
    fn kinds_and_offsets_as_go_gives_them() {
        // The committed fixture, or a larger run of the oracle (docs/json.md).
        let path = std::env::var("JSON_GO_ANSWERS").unwrap_or_else(|_| {
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/json/go-unmarshal.jsonl"
            )
            .to_owned()
        });
        let text = std::fs::read_to_string(path).expect("the Go fixture is committed");
        let mut checked = 0;
        for line in text.lines() {
            let go: serde_json::Value = serde_json::from_str(line).unwrap();
            let body = base64::engine::general_purpose::STANDARD
                .decode(go["body"].as_str().unwrap())
                .unwrap();
            let ours = unmarshal(&body, &mut Fields(String::new()));
            let case = &go["case"];
            match ours {
                Ok(()) => assert!(go["form"].is_object(), "{case}: {go}"),
                Err(e) => {
                    let (kind, offset) = match &e {
                        GoJsonError::Syntax(s) => ("syntax", s.offset),
                        GoJsonError::UnmarshalType(t) => ("type", t.offset),
                    };
                    assert_eq!(go["error_type"], kind, "{case}");
                    assert_eq!(go["offset"], offset, "{case}");
                    assert_eq!(go["error"], e.to_string(), "{case}");
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }
}
