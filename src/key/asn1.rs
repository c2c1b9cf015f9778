//! The part of Go's `encoding/asn1` that `crypto/x509` uses to read private keys.
//!
//! Hand-written on purpose: Go reads keys with `encoding/asn1`, not with the `cryptobyte` rules of
//! [`crate::der`], and the two differ on inputs a key file can hold: `encoding/asn1` ignores what
//! follows the last field of a SEQUENCE, skips an optional field whose tag does not match without
//! consuming it, accepts high tag numbers, and reads an EXPLICIT field's inner element without
//! checking it against the outer length. To accept and refuse exactly the keys Go does, this
//! module follows `parseField` of Go 1.19 step by step for the Go types the key structures use.

/// Go's error, close to its text (`asn1: structure error: ...`, `asn1: syntax error: ...`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Error(pub &'static str);

type Result<T> = std::result::Result<T, Error>;

const CLASS_UNIVERSAL: u8 = 0;
const CLASS_CONTEXT: u8 = 2;
const TAG_INTEGER: u32 = 2;
const TAG_BIT_STRING: u32 = 3;
const TAG_OCTET_STRING: u32 = 4;
const TAG_OID: u32 = 6;
const TAG_SEQUENCE: u32 = 16;

#[derive(Clone, Copy)]
struct Header {
    class: u8,
    compound: bool,
    tag: u32,
    len: usize,
}

/// Go's `parseTagAndLength`.
fn tag_and_length(bytes: &[u8], mut offset: usize) -> Result<(Header, usize)> {
    let b = *bytes
        .get(offset)
        .ok_or(Error("asn1: internal error in parseTagAndLength"))?;
    offset += 1;
    let mut h = Header {
        class: b >> 6,
        compound: b & 0x20 != 0,
        tag: u32::from(b & 0x1f),
        len: 0,
    };
    if h.tag == 0x1f {
        let (tag, next) = base128(bytes, offset)?;
        if tag < 0x1f {
            return Err(Error("asn1: syntax error: non-minimal tag"));
        }
        h.tag = tag;
        offset = next;
    }
    let b = *bytes
        .get(offset)
        .ok_or(Error("asn1: syntax error: truncated tag or length"))?;
    offset += 1;
    if b & 0x80 == 0 {
        h.len = usize::from(b & 0x7f);
    } else {
        let count = b & 0x7f;
        if count == 0 {
            return Err(Error(
                "asn1: syntax error: indefinite length found (not DER)",
            ));
        }
        for _ in 0..count {
            let b = *bytes
                .get(offset)
                .ok_or(Error("asn1: syntax error: truncated tag or length"))?;
            offset += 1;
            if h.len >= 1 << 23 {
                return Err(Error("asn1: structure error: length too large"));
            }
            h.len = (h.len << 8) | usize::from(b);
            if h.len == 0 {
                return Err(Error(
                    "asn1: structure error: superfluous leading zeros in length",
                ));
            }
        }
        if h.len < 0x80 {
            return Err(Error("asn1: structure error: non-minimal length"));
        }
    }
    Ok((h, offset))
}

/// Go's `parseBase128Int`: the value (at most `MaxInt32`) and the offset after it.
fn base128(bytes: &[u8], mut offset: usize) -> Result<(u32, usize)> {
    let mut v: u64 = 0;
    let mut shifted = 0;
    while offset < bytes.len() {
        if shifted == 5 {
            return Err(Error("asn1: structure error: base 128 integer too large"));
        }
        let b = bytes[offset];
        if shifted == 0 && b == 0x80 {
            return Err(Error(
                "asn1: syntax error: integer is not minimally encoded",
            ));
        }
        v = (v << 7) | u64::from(b & 0x7f);
        offset += 1;
        shifted += 1;
        if b & 0x80 == 0 {
            return u32::try_from(v)
                .ok()
                .filter(|&v| v <= i32::MAX as u32)
                .map(|v| (v, offset))
                .ok_or(Error("asn1: structure error: base 128 integer too large"));
        }
    }
    Err(Error("asn1: syntax error: truncated base 128 integer"))
}

/// Go's `parseObjectIdentifier`, as a check: the contents are then compared byte for byte, which
/// agrees with Go's comparison of the decoded arcs (Go accepts only minimal arcs).
fn check_oid(bytes: &[u8]) -> Result<()> {
    if bytes.is_empty() {
        return Err(Error("asn1: syntax error: zero length OBJECT IDENTIFIER"));
    }
    let mut offset = 0;
    while offset < bytes.len() {
        offset = base128(bytes, offset)?.1;
    }
    Ok(())
}

/// Go's `checkInteger`.
fn check_integer(bytes: &[u8]) -> Result<()> {
    match bytes {
        [] => Err(Error("asn1: structure error: empty integer")),
        [0x00, b, ..] if b & 0x80 == 0 => Err(Error(
            "asn1: structure error: integer not minimally-encoded",
        )),
        [0xff, b, ..] if b & 0x80 != 0 => Err(Error(
            "asn1: structure error: integer not minimally-encoded",
        )),
        _ => Ok(()),
    }
}

/// Go's `parseInt64` (Go's `int` on a 64-bit platform).
fn int64(bytes: &[u8]) -> Result<i64> {
    check_integer(bytes)?;
    if bytes.len() > 8 {
        return Err(Error("asn1: structure error: integer too large"));
    }
    let mut v: i64 = if bytes[0] & 0x80 != 0 { -1 } else { 0 };
    for &b in bytes {
        v = (v << 8) | i64::from(b);
    }
    Ok(v)
}

/// Go's `parseBitString`: the bytes after the padding octet.
fn bit_string(bytes: &[u8]) -> Result<&[u8]> {
    let Some((&padding, rest)) = bytes.split_first() else {
        return Err(Error("asn1: syntax error: zero length BIT STRING"));
    };
    let last = bytes[bytes.len() - 1];
    if padding > 7 || (rest.is_empty() && padding > 0) || last & ((1u8 << padding) - 1) != 0 {
        return Err(Error(
            "asn1: syntax error: invalid padding bits in BIT STRING",
        ));
    }
    Ok(rest)
}

/// A `*big.Int`: two's complement contents, minimally encoded.
#[derive(Clone, Copy)]
pub(super) struct BigInt<'a>(&'a [u8]);

impl<'a> BigInt<'a> {
    /// Go's `Sign() <= 0`.
    pub fn is_positive(&self) -> bool {
        self.0[0] & 0x80 == 0 && self.0 != [0]
    }

    /// The magnitude of a non-negative value, big-endian without leading zeros (`None` when
    /// negative).
    pub fn unsigned(&self) -> Option<&'a [u8]> {
        if self.0[0] & 0x80 != 0 {
            return None;
        }
        let start = self.0.iter().position(|&b| b != 0).unwrap_or(self.0.len());
        Some(&self.0[start..])
    }
}

/// Never shows the value: key integers are secret.
impl std::fmt::Debug for BigInt<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("BigInt(redacted)")
    }
}

/// The Go type of a field, which decides the universal tag it expects.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    BigInt,
    Octets,
    Oid,
    BitString,
    /// A struct or a slice of structs: SEQUENCE, constructed.
    Sequence,
    /// `asn1.RawValue`: any element.
    Any,
}

/// The fields of one SEQUENCE, read in order as Go reads a struct's fields.
#[derive(Clone, Copy)]
pub(super) struct Fields<'a> {
    bytes: &'a [u8],
    offset: usize,
}

/// Never shows the contents.
impl std::fmt::Debug for Fields<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Fields(redacted)")
    }
}

/// `asn1.Unmarshal` into a struct: the struct's fields, and what follows the SEQUENCE.
pub(super) fn unmarshal_struct(der: &[u8]) -> Result<(Fields<'_>, &[u8])> {
    let mut top = Fields {
        bytes: der,
        offset: 0,
    };
    let inner = top.sequence()?;
    Ok((inner, &der[top.offset..]))
}

/// `asn1.Unmarshal` into an `asn1.ObjectIdentifier`: the OID's contents.
pub(super) fn unmarshal_oid(der: &[u8]) -> Result<&[u8]> {
    Fields {
        bytes: der,
        offset: 0,
    }
    .oid()
}

/// `asn1.Unmarshal` into a `[]byte`: the OCTET STRING's contents.
pub(super) fn unmarshal_octets(der: &[u8]) -> Result<&[u8]> {
    Fields {
        bytes: der,
        offset: 0,
    }
    .octets()
}

impl<'a> Fields<'a> {
    /// Go's `parseField` for one field; `None` when an optional field is absent.
    fn field(
        &mut self,
        kind: Kind,
        optional: bool,
        explicit: Option<u32>,
    ) -> Result<Option<&'a [u8]>> {
        let bytes = self.bytes;
        let init = self.offset;
        if init == bytes.len() {
            return if optional {
                Ok(None)
            } else {
                Err(Error("asn1: syntax error: sequence truncated"))
            };
        }
        let (mut h, mut offset) = tag_and_length(bytes, init)?;
        if let Some(tag) = explicit {
            if offset == bytes.len() {
                return Err(Error("asn1: structure error: explicit tag has no child"));
            }
            if h.class == CLASS_CONTEXT && h.tag == tag && (h.len == 0 || h.compound) {
                if h.len == 0 {
                    return Err(Error(
                        "asn1: structure error: zero length explicit tag was not an asn1.Flag",
                    ));
                }
                // Go reads the inner element from here, bounded by the enclosing bytes only.
                (h, offset) = tag_and_length(bytes, offset)?;
            } else if optional {
                return Ok(None);
            } else {
                return Err(Error(
                    "asn1: structure error: explicitly tagged member didn't match",
                ));
            }
        }
        let (tag, compound) = match kind {
            Kind::Int | Kind::BigInt => (TAG_INTEGER, false),
            Kind::Octets => (TAG_OCTET_STRING, false),
            Kind::Oid => (TAG_OID, false),
            Kind::BitString => (TAG_BIT_STRING, false),
            Kind::Sequence => (TAG_SEQUENCE, true),
            Kind::Any => (0, false),
        };
        if kind != Kind::Any
            && (h.class != CLASS_UNIVERSAL || h.tag != tag || h.compound != compound)
        {
            return if optional {
                Ok(None)
            } else {
                Err(Error("asn1: structure error: tags don't match"))
            };
        }
        let end = offset
            .checked_add(h.len)
            .filter(|&e| e <= bytes.len())
            .ok_or(Error("asn1: syntax error: data truncated"))?;
        self.offset = end;
        let contents = &bytes[offset..end];
        match kind {
            Kind::Any => Ok(Some(&bytes[init..end])),
            Kind::Oid => check_oid(contents).map(|()| Some(contents)),
            Kind::BitString => bit_string(contents).map(Some),
            Kind::Int => int64(contents).map(|_| Some(contents)),
            Kind::BigInt => check_integer(contents).map(|()| Some(contents)),
            Kind::Octets | Kind::Sequence => Ok(Some(contents)),
        }
    }

    fn required(&mut self, kind: Kind) -> Result<&'a [u8]> {
        // A required field is never absent: `field` errs instead.
        self.field(kind, false, None)?
            .ok_or(Error("asn1: syntax error: sequence truncated"))
    }

    /// The bytes not read yet (Go ignores them after a struct's last field).
    pub fn rest(&self) -> &'a [u8] {
        &self.bytes[self.offset..]
    }

    /// An `int` field.
    pub fn int(&mut self) -> Result<i64> {
        int64(self.required(Kind::Int)?)
    }

    /// A `*big.Int` field.
    pub fn big_int(&mut self) -> Result<BigInt<'a>> {
        self.required(Kind::BigInt).map(BigInt)
    }

    /// An optional `*big.Int` field.
    pub fn optional_big_int(&mut self) -> Result<Option<BigInt<'a>>> {
        Ok(self.field(Kind::BigInt, true, None)?.map(BigInt))
    }

    /// A `[]byte` field (OCTET STRING).
    pub fn octets(&mut self) -> Result<&'a [u8]> {
        self.required(Kind::Octets)
    }

    /// An `asn1.ObjectIdentifier` field.
    pub fn oid(&mut self) -> Result<&'a [u8]> {
        self.required(Kind::Oid)
    }

    /// A struct field: its own fields.
    pub fn sequence(&mut self) -> Result<Fields<'a>> {
        self.required(Kind::Sequence)
            .map(|bytes| Fields { bytes, offset: 0 })
    }

    /// An optional `asn1.RawValue` field: the whole element.
    pub fn optional_any(&mut self) -> Result<Option<&'a [u8]>> {
        self.field(Kind::Any, true, None)
    }

    /// An `asn1:"optional,explicit,tag:N"` `asn1.ObjectIdentifier` field.
    pub fn optional_explicit_oid(&mut self, tag: u32) -> Result<Option<&'a [u8]>> {
        self.field(Kind::Oid, true, Some(tag))
    }

    /// An `asn1:"optional,explicit,tag:N"` `asn1.BitString` field: the bytes after the padding
    /// octet.
    pub fn optional_explicit_bit_string(&mut self, tag: u32) -> Result<Option<&'a [u8]>> {
        self.field(Kind::BitString, true, Some(tag))
    }

    /// An `asn1:"optional"` slice of structs (Go's `parseSequenceOf`): each element's fields.
    pub fn optional_sequence_of(&mut self) -> Result<Option<Vec<Fields<'a>>>> {
        let Some(bytes) = self.field(Kind::Sequence, true, None)? else {
            return Ok(None);
        };
        // Go first checks every element's tag, then parses each one.
        let mut offset = 0;
        let mut count = 0;
        while offset < bytes.len() {
            let (h, next) = tag_and_length(bytes, offset)?;
            if h.class != CLASS_UNIVERSAL || !h.compound || h.tag != TAG_SEQUENCE {
                return Err(Error("asn1: structure error: sequence tag mismatch"));
            }
            offset = next
                .checked_add(h.len)
                .filter(|&e| e <= bytes.len())
                .ok_or(Error("asn1: syntax error: truncated sequence"))?;
            count += 1;
        }
        let mut all = Fields { bytes, offset: 0 };
        let mut out = Vec::with_capacity(count);
        for _ in 0..count {
            out.push(all.sequence()?);
        }
        Ok(Some(out))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignores_trailing_fields_and_skips_optional_mismatches() {
        // SEQUENCE { INTEGER 1, OCTET STRING {}, NULL, [5] {} }: Go reads (int, []byte) and ignores the rest.
        let der = [
            0x30, 0x0b, 0x02, 0x01, 0x01, 0x04, 0x00, 0x05, 0x00, 0xa5, 0x02, 0x05, 0x00,
        ];
        let (mut f, rest) = unmarshal_struct(&der).unwrap();
        assert!(rest.is_empty());
        assert_eq!(f.int(), Ok(1));
        assert_eq!(f.octets(), Ok(&[][..]));
        // The NULL is not a [0]: an optional explicit field is skipped without consuming it.
        assert_eq!(f.optional_explicit_oid(0), Ok(None));
        assert_eq!(f.optional_any().unwrap(), Some(&[0x05, 0x00][..]));
    }

    #[test]
    fn explicit_tag_at_the_end_needs_a_child() {
        // SEQUENCE { INTEGER 1, NULL }: the NULL is the last element and has no child.
        let der = [0x30, 0x05, 0x02, 0x01, 0x01, 0x05, 0x00];
        let (mut f, _) = unmarshal_struct(&der).unwrap();
        f.int().unwrap();
        assert_eq!(
            f.optional_explicit_oid(0),
            Err(Error("asn1: structure error: explicit tag has no child"))
        );
    }

    #[test]
    fn length_and_integer_rules() {
        assert!(tag_and_length(&[0x04, 0x81, 0x05], 0).is_err());
        assert!(tag_and_length(&[0x04, 0x82, 0x00, 0x80], 0).is_err());
        assert!(tag_and_length(&[0x04, 0x80], 0).is_err());
        let (h, off) = tag_and_length(&[0x1f, 0x21, 0x00], 0).unwrap();
        assert_eq!((h.tag, off), (0x21, 3));
        assert!(tag_and_length(&[0x1f, 0x01, 0x00], 0).is_err());
        assert_eq!(int64(&[0xff]), Ok(-1));
        assert!(int64(&[0x00, 0x01]).is_err());
        assert!(int64(&[1; 9]).is_err());
        assert!(bit_string(&[0x01, 0x01]).is_err());
        assert_eq!(bit_string(&[0x00, 0x04, 0x01]), Ok(&[0x04, 0x01][..]));
        assert!(check_oid(&[0x2a, 0x80, 0x01]).is_err());
        assert!(check_oid(&[0x2a, 0x86]).is_err());
        assert!(BigInt(&[0x00]).unsigned() == Some(&[][..]));
        assert!(!BigInt(&[0x00]).is_positive());
        assert!(!BigInt(&[0x80]).is_positive());
    }

    #[test]
    fn sequence_of_checks_every_tag_first() {
        // SEQUENCE { SEQUENCE { INTEGER 1 }, INTEGER 2 }
        let der = [0x30, 0x08, 0x30, 0x03, 0x02, 0x01, 0x01, 0x02, 0x01, 0x02];
        let mut f = Fields {
            bytes: &der,
            offset: 0,
        };
        assert_eq!(
            f.optional_sequence_of().unwrap_err(),
            Error("asn1: structure error: sequence tag mismatch")
        );
    }
}
