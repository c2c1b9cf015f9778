//! A minimal DER reader with the acceptance rules of Go's `cryptobyte`.
//!
//! Hand-written on purpose: the gateway parses with Go's `golang.org/x/crypto/cryptobyte`, and a
//! pre-flight must accept and refuse exactly the same encodings (single-octet tags only, minimal
//! definite lengths, at most four length octets). Generic DER crates differ on these edges (they
//! accept high tag numbers, or refuse what Go tolerates inside values), and they allocate; this
//! reader only borrows.

/// Universal and context-specific tags, as the single identifier octet Go's `cryptobyte` uses.
pub(crate) mod tag {
    pub const BOOLEAN: u8 = 0x01;
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    #[cfg(test)]
    pub const NULL: u8 = 0x05;
    pub const OID: u8 = 0x06;
    pub const UTF8_STRING: u8 = 0x0c;
    pub const NUMERIC_STRING: u8 = 0x12;
    pub const PRINTABLE_STRING: u8 = 0x13;
    pub const T61_STRING: u8 = 0x14;
    pub const IA5_STRING: u8 = 0x16;
    pub const UTC_TIME: u8 = 0x17;
    pub const GENERALIZED_TIME: u8 = 0x18;
    #[cfg(test)]
    pub const UNIVERSAL_STRING: u8 = 0x1c;
    pub const BMP_STRING: u8 = 0x1e;
    pub const SEQUENCE: u8 = 0x30;
    pub const SET: u8 = 0x31;

    /// `[n]` IMPLICIT, primitive.
    pub const fn context(n: u8) -> u8 {
        0x80 | n
    }

    /// `[n]` constructed (EXPLICIT, or IMPLICIT over a constructed type).
    pub const fn context_constructed(n: u8) -> u8 {
        0xa0 | n
    }
}

/// One element: its identifier octet, its contents, and the whole encoding (header included).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Element<'a> {
    pub tag: u8,
    pub contents: &'a [u8],
    pub encoded: &'a [u8],
}

/// A cursor over DER bytes. Every read either consumes one well-formed element or returns `None`
/// and leaves the cursor unchanged.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        Reader { rest: data }
    }

    pub fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// Reads the next element whatever its tag (Go's `ReadAnyASN1Element`).
    pub fn read_element(&mut self) -> Option<Element<'a>> {
        let (element, rest) = split_element(self.rest)?;
        self.rest = rest;
        Some(element)
    }

    /// The identifier octet of the next element, if any.
    pub fn peek_tag(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// Reads an element with this tag and returns its contents (Go's `ReadASN1`).
    pub fn read(&mut self, tag: u8) -> Option<&'a [u8]> {
        self.read_encoded(tag).map(|e| e.contents)
    }

    /// Reads an element with this tag and returns it whole.
    pub fn read_encoded(&mut self, tag: u8) -> Option<Element<'a>> {
        let (element, rest) = split_element(self.rest)?;
        if element.tag != tag {
            return None;
        }
        self.rest = rest;
        Some(element)
    }

    /// Reads an element with this tag when it is next (Go's `ReadOptionalASN1`): `Some(None)` when
    /// the next element has another tag or there is none, `None` when the encoding is malformed.
    pub fn read_optional(&mut self, tag: u8) -> Option<Option<&'a [u8]>> {
        if self.peek_tag() != Some(tag) {
            return Some(None);
        }
        self.read(tag).map(Some)
    }

    /// Reads a BOOLEAN as Go's `cryptobyte.ReadASN1Boolean` does: one octet, 0x00 or 0xff.
    pub fn read_bool(&mut self) -> Option<bool> {
        let mut copy = *self;
        let b = match copy.read(tag::BOOLEAN)? {
            [0x00] => false,
            [0xff] => true,
            _ => return None,
        };
        *self = copy;
        Some(b)
    }

    /// Reads an INTEGER that fits in an `i64` (Go's `ReadASN1Integer` into an `int64`).
    pub fn read_i64(&mut self) -> Option<i64> {
        let mut copy = *self;
        let bytes = copy.read(tag::INTEGER)?;
        let v = integer_i64(bytes)?;
        *self = copy;
        Some(v)
    }
}

/// Splits the first element off `data` with Go `cryptobyte`'s rules.
fn split_element(data: &[u8]) -> Option<(Element<'_>, &[u8])> {
    let (&tag, after_tag) = data.split_first()?;
    let (&len_byte, after_len) = after_tag.split_first()?;
    if tag & 0x1f == 0x1f {
        // High-tag-number form: cryptobyte supports single-octet identifiers only.
        return None;
    }
    let (header_len, length) = if len_byte & 0x80 == 0 {
        (2usize, len_byte as usize)
    } else {
        let len_len = (len_byte & 0x7f) as usize;
        if len_len == 0 || len_len > 4 || after_len.len() < len_len {
            return None;
        }
        let mut length: u32 = 0;
        for &b in &after_len[..len_len] {
            length = (length << 8) | b as u32;
        }
        // DER: the minimum number of length octets.
        if length < 128 || (length >> ((len_len - 1) * 8)) == 0 {
            return None;
        }
        (2 + len_len, length as usize)
    };
    let total = header_len.checked_add(length)?;
    if data.len() < total {
        return None;
    }
    let (encoded, rest) = data.split_at(total);
    Some((
        Element {
            tag,
            contents: &encoded[header_len..],
            encoded,
        },
        rest,
    ))
}

/// Checks that INTEGER contents are minimally encoded, as Go's `checkASN1Integer`.
pub(crate) fn integer_is_valid(bytes: &[u8]) -> bool {
    match bytes {
        [] => false,
        [_] => true,
        [0x00, b, ..] if b & 0x80 == 0 => false,
        [0xff, b, ..] if b & 0x80 == 0x80 => false,
        _ => true,
    }
}

/// The value of INTEGER contents when it fits in an `i64`.
pub(crate) fn integer_i64(bytes: &[u8]) -> Option<i64> {
    if !integer_is_valid(bytes) || bytes.len() > 8 {
        return None;
    }
    let mut v: i64 = if bytes[0] & 0x80 != 0 { -1 } else { 0 };
    for &b in bytes {
        v = (v << 8) | b as i64;
    }
    Some(v)
}

/// A BIT STRING as Go's `cryptobyte.ReadASN1BitString` accepts it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct BitString<'a> {
    /// Unused bits in the last octet (0 to 7).
    pub unused_bits: u8,
    /// The octets, unused bits included (they are zero).
    pub bytes: &'a [u8],
}

impl BitString<'_> {
    /// Bit `i`, counting from the most significant bit of the first octet (Go's `BitString.At`).
    pub fn at(&self, i: usize) -> bool {
        let bit_len = self.bytes.len() * 8 - self.unused_bits as usize;
        i < bit_len && self.bytes[i / 8] >> (7 - i % 8) & 1 == 1
    }
}

impl<'a> Reader<'a> {
    /// Reads a BIT STRING with Go's rules: a leading count of unused bits no larger than 7, none
    /// when empty, and unused bits that are zero.
    pub fn read_bit_string(&mut self) -> Option<BitString<'a>> {
        let mut copy = *self;
        let (&unused_bits, bytes) = copy.read(tag::BIT_STRING)?.split_first()?;
        let last_ok = match bytes.last() {
            None => unused_bits == 0,
            Some(&last) => unused_bits <= 7 && last & ((1u8 << unused_bits) - 1) == 0,
        };
        if !last_ok {
            return None;
        }
        *self = copy;
        Some(BitString { unused_bits, bytes })
    }

    /// Reads an OBJECT IDENTIFIER as Go's `ReadASN1ObjectIdentifier` and returns its contents
    /// in canonical form (see [`oid_canonical`]).
    pub fn read_oid(&mut self) -> Option<std::borrow::Cow<'a, [u8]>> {
        let mut copy = *self;
        let oid = oid_canonical(copy.read(tag::OID)?)?;
        *self = copy;
        Some(oid)
    }
}

/// Checks OID contents with the rules of Go's `cryptobyte` (non-empty; every arc terminated, of
/// at most five octets, and below 2^31) and returns them in canonical form.
///
/// `cryptobyte` tolerates arcs with leading `0x80` octets, and Go then compares OIDs arc by arc,
/// so two encodings can name the same OID. The canonical form drops those octets, which makes
/// byte comparison equal to Go's comparison; it borrows unless such octets are present.
pub(crate) fn oid_canonical(bytes: &[u8]) -> Option<std::borrow::Cow<'_, [u8]>> {
    // The last arc must be terminated (this also refuses the empty OID).
    if *bytes.last()? & 0x80 != 0 {
        return None;
    }
    // Go's `readBase128Int` per arc: at most 5 octets (leading 0x80 ones included), and before
    // the fifth octet the value must be below 2^24, i.e. the first octet's bits below 8.
    // `run` counts the octets with the high bit set in the current arc.
    let (mut run, mut first, mut padded) = (0u32, 0u8, false);
    for &b in bytes {
        if b & 0x80 == 0 {
            run = 0;
            continue;
        }
        if run == 0 {
            first = b;
            padded |= b == 0x80;
        }
        run += 1;
        if run >= 5 || (run == 4 && first & 0x7f >= 8) {
            return None;
        }
    }
    if !padded {
        return Some(std::borrow::Cow::Borrowed(bytes));
    }
    let mut out = Vec::with_capacity(bytes.len());
    let mut at_start = true;
    for &b in bytes {
        if !(at_start && b == 0x80) {
            out.push(b);
            at_start = false;
        }
        if b & 0x80 == 0 {
            at_start = true;
        }
    }
    Some(std::borrow::Cow::Owned(out))
}

/// Bit length of an unsigned big-endian integer (leading zero octets allowed).
pub(crate) fn bit_len(n: &[u8]) -> usize {
    match n.iter().position(|&b| b != 0) {
        Some(i) => (n.len() - i) * 8 - n[i].leading_zeros() as usize,
        None => 0,
    }
}

/// An OID's contents in dotted form (`1.2.840.113549.1.1.1`); `(too long)` for an arc beyond
/// 64 bits.
pub(crate) fn dotted_oid(oid: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::new();
    let mut value: u64 = 0;
    for &b in oid {
        if value > u64::MAX >> 7 {
            return "(too long)".to_owned();
        }
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 != 0 {
            continue;
        }
        if out.is_empty() {
            let (first, second) = match value {
                0..=39 => (0, value),
                40..=79 => (1, value - 40),
                _ => (2, value - 80),
            };
            let _ = write!(out, "{first}.{second}");
        } else {
            let _ = write!(out, ".{value}");
        }
        value = 0;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_lengths_and_dotted_oids() {
        assert_eq!(bit_len(&[0, 0, 1]), 1);
        assert_eq!(bit_len(&[0x80, 0]), 16);
        assert_eq!(bit_len(&[]), 0);
        assert_eq!(
            dotted_oid(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01]),
            "1.2.840.113549.1.1.1"
        );
        assert_eq!(dotted_oid(&[0x2b, 0x65, 0x70]), "1.3.101.112");
        assert_eq!(dotted_oid(&[0x88, 0x37, 0x03]), "2.999.3");
        assert_eq!(dotted_oid(&[0xff; 12]), "(too long)");
    }

    #[test]
    fn reads_short_and_long_lengths() {
        let mut r = Reader::new(&[0x30, 0x03, 0x02, 0x01, 0x05, 0x04, 0x00]);
        let seq = r.read(tag::SEQUENCE).unwrap();
        assert_eq!(seq, &[0x02, 0x01, 0x05]);
        assert_eq!(Reader::new(seq).read_i64(), Some(5));
        assert_eq!(r.read(tag::OCTET_STRING), Some(&[][..]));
        assert!(r.is_empty());

        let mut long = vec![0x04, 0x81, 0x80];
        long.extend(std::iter::repeat_n(0u8, 0x80));
        assert_eq!(
            Reader::new(&long).read(tag::OCTET_STRING).unwrap().len(),
            0x80
        );
    }

    #[test]
    fn refuses_what_cryptobyte_refuses() {
        // Long form for a short length.
        assert!(Reader::new(&[0x04, 0x81, 0x01, 0x00])
            .read_element()
            .is_none());
        // Leading zero length octet.
        assert!(Reader::new(&[0x04, 0x82, 0x00, 0x80])
            .read_element()
            .is_none());
        // Indefinite length.
        assert!(Reader::new(&[0x30, 0x80, 0x00, 0x00])
            .read_element()
            .is_none());
        // High tag number.
        assert!(Reader::new(&[0x1f, 0x01, 0x00]).read_element().is_none());
        // Truncated.
        assert!(Reader::new(&[0x04, 0x05, 0x00]).read_element().is_none());
        // Non-minimal integers.
        assert!(!integer_is_valid(&[0x00, 0x01]));
        assert!(!integer_is_valid(&[0xff, 0x80]));
        assert!(integer_is_valid(&[0x00, 0x80]));
        assert_eq!(integer_i64(&[0xff]), Some(-1));
    }

    #[test]
    fn a_failed_read_leaves_the_cursor() {
        let mut r = Reader::new(&[0x02, 0x01, 0x05]);
        assert!(r.read(tag::SEQUENCE).is_none());
        assert!(r.read_bool().is_none());
        assert_eq!(r.read_i64(), Some(5));
    }

    #[test]
    fn bit_strings_follow_cryptobyte() {
        let bs = Reader::new(&[0x03, 0x02, 0x07, 0x80])
            .read_bit_string()
            .unwrap();
        assert_eq!((bs.unused_bits, bs.bytes), (7, &[0x80][..]));
        assert!(bs.at(0) && !bs.at(1) && !bs.at(8));
        // Unused bits not zero; too many unused bits; unused bits with no octets; no count.
        assert!(Reader::new(&[0x03, 0x02, 0x01, 0x01])
            .read_bit_string()
            .is_none());
        assert!(Reader::new(&[0x03, 0x02, 0x08, 0x00])
            .read_bit_string()
            .is_none());
        assert!(Reader::new(&[0x03, 0x01, 0x01]).read_bit_string().is_none());
        assert!(Reader::new(&[0x03, 0x00]).read_bit_string().is_none());
        assert!(Reader::new(&[0x03, 0x01, 0x00]).read_bit_string().is_some());
    }

    #[test]
    fn oids_follow_cryptobyte() {
        use std::borrow::Cow;
        assert_eq!(
            oid_canonical(&[0x55, 0x04, 0x03]),
            Some(Cow::Borrowed(&[0x55, 0x04, 0x03][..]))
        );
        // Leading 0x80 octets are tolerated and dropped.
        assert_eq!(
            oid_canonical(&[0x80, 0x55, 0x04, 0x80, 0x80, 0x03])
                .unwrap()
                .as_ref(),
            &[0x55, 0x04, 0x03]
        );
        assert_eq!(
            oid_canonical(&[0x55, 0x80, 0x00]).unwrap().as_ref(),
            &[0x55, 0x00]
        );
        // Empty, unterminated, six octets, above 2^31.
        assert!(oid_canonical(&[]).is_none());
        assert!(oid_canonical(&[0x55, 0x84]).is_none());
        assert!(oid_canonical(&[0x55, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01]).is_none());
        assert!(oid_canonical(&[0x55, 0x87, 0xff, 0xff, 0xff, 0x7f]).is_some());
        assert!(oid_canonical(&[0x55, 0x88, 0x80, 0x80, 0x80, 0x00]).is_none());
    }
}
