//! The tests' one DER writer and reader: enough to build certificates and keys no CA would
//! sign (the writer) and to find a certificate's parts without the library's parser (the
//! reader), so that the tests do not check the library with itself.

// ---- Writer ----

/// One TLV with a definite length (short form below 128, else the shortest long form).
pub fn tlv(tag: u8, contents: &[u8]) -> Vec<u8> {
    let mut out = vec![tag];
    let len = contents.len();
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
    out.extend_from_slice(contents);
    out
}

/// A SEQUENCE of these encoded elements.
pub fn seq<T: AsRef<[u8]>>(parts: &[T]) -> Vec<u8> {
    tlv(0x30, &concat(parts))
}

/// A SET of these encoded elements, in the order given.
pub fn set<T: AsRef<[u8]>>(parts: &[T]) -> Vec<u8> {
    tlv(0x31, &concat(parts))
}

fn concat<T: AsRef<[u8]>>(parts: &[T]) -> Vec<u8> {
    parts
        .iter()
        .flat_map(|p| p.as_ref().iter().copied())
        .collect()
}

/// A non-negative INTEGER from big-endian bytes (leading zeros dropped, one added when the
/// top bit is set).
pub fn uint(bytes: &[u8]) -> Vec<u8> {
    let start = bytes
        .iter()
        .position(|&b| b != 0)
        .unwrap_or(bytes.len().saturating_sub(1));
    let mut v = bytes[start..].to_vec();
    if v.first().is_none_or(|&b| b & 0x80 != 0) {
        v.insert(0, 0);
    }
    tlv(0x02, &v)
}

// ---- Reader ----

/// One DER element: tag, contents, whole encoding, rest.
pub type Element<'a> = (u8, &'a [u8], &'a [u8], &'a [u8]);

/// Splits the first DER element off (definite lengths of up to four bytes).
pub fn element(data: &[u8]) -> Option<Element<'_>> {
    let (&tag, rest) = data.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = if first < 0x80 {
        (first as usize, rest)
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let len = rest[..n].iter().fold(0usize, |a, &b| (a << 8) | b as usize);
        (len, &rest[n..])
    };
    if rest.len() < len {
        return None;
    }
    let header = data.len() - rest.len();
    Some((tag, &rest[..len], &data[..header + len], &rest[len..]))
}

/// The contents of an element with this tag, and the rest.
pub fn read(tag: u8, data: &[u8]) -> Option<(&[u8], &[u8])> {
    let (t, contents, _, rest) = element(data)?;
    (t == tag).then_some((contents, rest))
}

/// The elements of a constructed value's contents: (tag, contents), up to the first that does
/// not read.
pub fn elements(mut contents: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    while let Some((tag, value, _, rest)) = element(contents) {
        out.push((tag, value));
        contents = rest;
    }
    out
}

/// The elements (whole TLVs) inside a constructed DER value; panics on a value that does not
/// read (for well-formed test inputs).
pub fn children(der: &[u8]) -> Vec<&[u8]> {
    let (_, mut rest, _, _) = element(der).expect("a DER element");
    let mut out = Vec::new();
    while !rest.is_empty() {
        let (_, _, whole, next) = element(rest).expect("a DER element");
        out.push(whole);
        rest = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_elements_read_back() {
        for len in [0, 1, 127, 128, 255, 256, 65_535, 65_536, 1 << 20] {
            let contents = vec![0xa5; len];
            let der = tlv(0x04, &contents);
            let (tag, got, whole, rest) = element(&der).unwrap();
            assert_eq!(
                (tag, got, whole.len(), rest),
                (0x04, &contents[..], der.len(), &[][..])
            );
        }
        assert_eq!(tlv(0x04, &[0; 128])[..3], [0x04, 0x81, 0x80]);
        assert_eq!(tlv(0x04, &[0; 256])[..4], [0x04, 0x82, 0x01, 0x00]);
        assert_eq!(uint(&[0, 0, 0x7f]), [0x02, 0x01, 0x7f]);
        assert_eq!(uint(&[0x80]), [0x02, 0x02, 0x00, 0x80]);
        assert_eq!(uint(&[0, 0]), [0x02, 0x01, 0x00]);
        let s = seq(&[uint(&[1]), uint(&[2])]);
        assert_eq!(
            children(&s),
            [&[0x02, 0x01, 0x01][..], &[0x02, 0x01, 0x02][..]]
        );
        assert_eq!(elements(&s[2..]), [(0x02, &[1][..]), (0x02, &[2][..])]);
        assert_eq!(read(0x30, &s), Some((&s[2..], &[][..])));
        assert_eq!(read(0x31, &s), None);
        // Truncated, or a length of more than four bytes: not read.
        assert_eq!(element(&s[..s.len() - 1]), None);
        assert_eq!(element(&[0x04, 0x85, 1, 0, 0, 0, 0]), None);
    }
}
