//! Stable UIDs from FNV-1a 64 (see [`stable_uid`]).

/// The domain after the `@` of every UID from [`stable_uid`].
pub const UID_DOMAIN: &str = "watchstander";

const FNV_OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// The FNV-1a 64-bit hash of `bytes`.
///
/// ```
/// use watchstander::schedule::ical::fnv1a_64;
/// assert_eq!(fnv1a_64(b""), 0xcbf29ce484222325);
/// assert_eq!(fnv1a_64(b"a"), 0xaf63dc4c8601ec8c);
/// ```
pub fn fnv1a_64(bytes: &[u8]) -> u64 {
    Fnv1a64::new().write(bytes).finish()
}

/// A stable UID `<16 hex digits>@watchstander` from the parts that identify an event: the
/// same parts always give the same UID, on every run, platform and Rust version.
///
/// Calendar clients recognise an event across refreshes of a subscribed feed by its UID
/// (RFC 5545 §3.8.4.7). If a re-export gave a shift a new UID, every subscriber would see the
/// old shift deleted and a new one created, losing their own alarms and notes on it. So a UID
/// must be a pure function of what identifies the shift — for example the schedule id, the
/// layer, the member and the shift's start — and never of the time of export or of memory
/// addresses.
///
/// `stable_uid` hashes those parts with **FNV-1a 64** (Fowler–Noll–Vo, the variant that
/// XORs each octet before multiplying; offset basis `0xcbf29ce484222325`, prime
/// `0x100000001b3`). The parts are encoded without ambiguity — each part as its length in
/// octets (8 octets, little-endian) followed by its UTF-8 octets — so `["ab", "c"]` and
/// `["a", "bc"]` hash differently. The UID is the 16 lower-case hex digits of the hash,
/// then `@watchstander`. `std`'s `DefaultHasher` is not used: its output may change between
/// Rust versions.
///
/// ```
/// use watchstander::schedule::ical::stable_uid;
/// let uid = stable_uid(&["platform-primary", "layer-1", "alice", "2026-11-26T09:00:00Z"]);
/// assert_eq!(uid, "95ee57fc5bd94871@watchstander");
/// assert_eq!(uid, stable_uid(&["platform-primary", "layer-1", "alice", "2026-11-26T09:00:00Z"]));
/// assert_ne!(uid, stable_uid(&["platform-primary", "layer-1", "bob", "2026-11-26T09:00:00Z"]));
/// ```
///
/// With 64 bits, the chance that two of a million distinct shifts share a UID is about 3 in
/// 100 million.
pub fn stable_uid(parts: &[&str]) -> String {
    let mut hash = Fnv1a64::new();
    for part in parts {
        let length = u64::try_from(part.len()).unwrap_or(u64::MAX);
        hash = hash.write(&length.to_le_bytes()).write(part.as_bytes());
    }
    format!("{:016x}@{UID_DOMAIN}", hash.finish())
}

#[derive(Debug, Clone, Copy)]
struct Fnv1a64(u64);

impl Fnv1a64 {
    fn new() -> Self {
        Fnv1a64(FNV_OFFSET_BASIS)
    }

    fn write(self, bytes: &[u8]) -> Self {
        let mut h = self.0;
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
        Fnv1a64(h)
    }

    fn finish(self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Test vectors from the FNV reference test suite (Landon Curt Noll, "FNV hash" test
    // vectors for FNV-1a 64), not from this implementation.
    #[test]
    fn fnv1a_64_matches_the_reference_vectors() {
        assert_eq!(fnv1a_64(b""), 0xcbf29ce484222325);
        assert_eq!(fnv1a_64(b"a"), 0xaf63dc4c8601ec8c);
        assert_eq!(fnv1a_64(b"b"), 0xaf63df4c8601f1a5);
        assert_eq!(fnv1a_64(b"foo"), 0xdcb27518fed9d577);
        assert_eq!(fnv1a_64(b"foobar"), 0x85944171f73967e8);
    }

    #[test]
    fn stable_uid_hashes_length_prefixed_parts() {
        // Expected values computed with an independent Python implementation of the
        // documented encoding: one part "a" is the octets 01 00 00 00 00 00 00 00 61.
        assert_eq!(stable_uid(&["a"]), "529a4ddc8ff56bbf@watchstander");
        assert_eq!(
            stable_uid(&[
                "platform-primary",
                "layer-1",
                "alice",
                "2026-11-26T09:00:00Z"
            ]),
            "95ee57fc5bd94871@watchstander"
        );
        assert_eq!(
            stable_uid(&[]),
            format!("{:016x}@watchstander", 0xcbf29ce484222325u64)
        );
    }

    #[test]
    fn part_boundaries_matter() {
        assert_ne!(stable_uid(&["ab", "c"]), stable_uid(&["a", "bc"]));
        assert_ne!(stable_uid(&["a", ""]), stable_uid(&["a"]));
        assert_ne!(stable_uid(&["a", "b"]), stable_uid(&["b", "a"]));
    }

    #[test]
    fn uids_are_16_lower_hex_digits_at_the_domain() {
        let uid = stable_uid(&["x"]);
        let (hex, domain) = uid.split_once('@').unwrap();
        assert_eq!(domain, "watchstander");
        assert_eq!(hex.len(), 16);
        assert!(hex
            .chars()
            .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c)));
    }
}
