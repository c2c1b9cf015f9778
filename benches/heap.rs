//! Heap per pre-flight, counted by a global allocator (not timed): for each bench bundle, the
//! number of allocations, the bytes allocated in all, and the peak of live heap above what was
//! live before (the input is allocated beforehand and not counted), while the result is alive.
//!
//! Run: `cargo bench --bench heap` prints the table. Under `cargo test --benches` it runs too,
//! and fails when a pre-flight's peak exceeds [`PEAK_LIMIT`] (deterministic: no timing).

#[path = "support/bundles.rs"]
mod bundles;

use bundles::{bundles, options};
use cert_preflight::{inspect, preflight};
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The most live heap one pre-flight of a bench bundle may hold at once (bytes); the inputs
/// are about 4 to 6 KB of PEM, the result about 1 KB.
const PEAK_LIMIT: usize = 16 * 1024;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);
static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

/// The system allocator, counting. (The library forbids unsafe code; implementing
/// `GlobalAlloc` needs it, so it lives here, in the bench, and only forwards to `System`.)
struct Counting;

fn grew(bytes: usize) {
    ALLOCATIONS.fetch_add(1, Relaxed);
    ALLOCATED.fetch_add(bytes, Relaxed);
    let live = LIVE.fetch_add(bytes, Relaxed) + bytes;
    PEAK.fetch_max(live, Relaxed);
}

// SAFETY: every method forwards its arguments unchanged to `System`, which upholds the
// `GlobalAlloc` contract; the counters are only atomics.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: forwarded as received.
        unsafe { System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        grew(layout.size());
        // SAFETY: forwarded as received.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: forwarded as received.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // Counted as a new allocation of the new size and the release of the old one.
        grew(new_size);
        LIVE.fetch_sub(layout.size(), Relaxed);
        // SAFETY: forwarded as received.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// What one call cost: allocations, bytes allocated, peak live bytes above the start.
fn measure<T>(f: impl FnOnce() -> T) -> (usize, usize, usize) {
    let start = LIVE.load(Relaxed);
    PEAK.store(start, Relaxed);
    let (count, bytes) = (ALLOCATIONS.load(Relaxed), ALLOCATED.load(Relaxed));
    let result = f();
    let measured = (
        ALLOCATIONS.load(Relaxed) - count,
        ALLOCATED.load(Relaxed) - bytes,
        PEAK.load(Relaxed) - start,
    );
    drop(result);
    measured
}

fn main() {
    let bundles = bundles();
    let opts = options();
    // Once first: lazily initialised state (CPU feature detection) is not per pre-flight.
    for b in &bundles {
        assert!(preflight(&b.form, &opts).is_ok());
    }
    println!(
        "{:<28} {:>6} {:>12} {:>10} {:>10}",
        "heap per call", "allocs", "bytes alloc", "peak live", "input"
    );
    let mut worst = 0;
    for b in &bundles {
        let input =
            b.form.cert_content.len() + b.form.private_key.len() + b.form.trusted_root_ca.len();
        let (n, bytes, peak) = measure(|| preflight(&b.form, &opts));
        println!(
            "{:<28} {n:>6} {bytes:>12} {peak:>10} {input:>10}",
            format!("preflight/full/{}", b.name)
        );
        worst = worst.max(peak);
    }
    let leaf = bundles[0].leaf_pem.as_bytes();
    let (n, bytes, peak) = measure(|| inspect(leaf));
    println!(
        "{:<28} {n:>6} {bytes:>12} {peak:>10} {:>10}",
        "preflight/parse_only/rsa2048",
        leaf.len()
    );
    assert!(
        worst <= PEAK_LIMIT,
        "a pre-flight held {worst} bytes of heap at once (limit {PEAK_LIMIT})"
    );
}
