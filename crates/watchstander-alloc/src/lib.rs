//! The global allocator of the Python and Node bindings: the system allocator, which on Linux
//! asks the kernel for transparent huge pages for every block of 4 MiB or more — as numpy does
//! for its arrays.
//!
//! Columnar metrics inputs are hundreds of megabytes (ten million pages are 480 MB of `int64`
//! columns), and every large block the allocator returns is fresh memory from `mmap`: the first
//! write to each 4 KiB page is a page fault. On a virtual machine a fault costs a few
//! microseconds, so faulting in 480 MB one small page at a time took longer than computing the
//! metrics (`benches/README.md`). With `MADV_HUGEPAGE` the kernel maps such a block in 2 MiB
//! pages where it can: 512 times fewer faults. The advice is only advice — where transparent
//! huge pages are off (`/sys/kernel/mm/transparent_hugepage/enabled` is `never`) nothing
//! changes — and blocks under 4 MiB are left alone, so small allocations cost what they did.
//!
//! Rust programs that embed the core crate choose their own allocator; this crate is not a
//! dependency of the core.
//!
//! ```
//! use std::alloc::{GlobalAlloc, Layout};
//! use watchstander_alloc::HugePages;
//!
//! let layout = Layout::from_size_align(16 << 20, 8).unwrap();
//! // SAFETY: a non-zero size, freed with the layout it was allocated with.
//! # #[allow(unsafe_code)]
//! unsafe {
//!     let p = HugePages.alloc_zeroed(layout);
//!     assert!(!p.is_null());
//!     assert_eq!(*p.add((16 << 20) - 1), 0);
//!     HugePages.dealloc(p, layout);
//! }
//! ```
#![allow(unsafe_code)] // An allocator is `unsafe` by definition; every block says why it is sound.

use std::alloc::{GlobalAlloc, Layout, System};

/// Blocks at least this large are advised to use huge pages.
pub const HUGE_PAGE_THRESHOLD: usize = 4 << 20;

/// The size of a transparent huge page on x86-64 and most aarch64 kernels.
const HUGE_PAGE: usize = 2 << 20;

/// The system allocator, advising huge pages for large blocks (see the [crate docs](crate)).
#[derive(Debug, Clone, Copy, Default)]
pub struct HugePages;

// SAFETY: every method hands the request to `System` unchanged and returns what it returns;
// `advise` only gives the kernel advice about memory that the block just returned owns.
unsafe impl GlobalAlloc for HugePages {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is passed on to `System`.
        let p = unsafe { System.alloc(layout) };
        advise(p, layout.size());
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: as for `alloc`.
        let p = unsafe { System.alloc_zeroed(layout) };
        advise(p, layout.size());
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` came from `System` (every method above returns its blocks).
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: as for `dealloc`; the caller's contract for `realloc` is passed on.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if new_size > layout.size() {
            advise(p, new_size);
        }
        p
    }
}

/// Advises huge pages for the whole 2 MiB pages inside the block `[p, p + size)`.
fn advise(p: *mut u8, size: usize) {
    if p.is_null() || size < HUGE_PAGE_THRESHOLD {
        return;
    }
    let Some((start, len)) = huge_pages_inside(p as usize, size) else {
        return;
    };
    #[cfg(target_os = "linux")]
    // SAFETY: `[start, start + len)` lies inside the block just allocated, which this process
    // owns; `MADV_HUGEPAGE` changes how the kernel backs it, never its contents. A failure
    // (old kernel, huge pages off) leaves the block as it was, so the result is ignored.
    unsafe {
        libc::madvise(start as *mut libc::c_void, len, libc::MADV_HUGEPAGE);
    }
    #[cfg(not(target_os = "linux"))]
    let _ = (start, len);
}

/// The whole huge pages inside `[address, address + size)`: their start and total length.
fn huge_pages_inside(address: usize, size: usize) -> Option<(usize, usize)> {
    let start = address.checked_next_multiple_of(HUGE_PAGE)?;
    let end = address.checked_add(size)? & !(HUGE_PAGE - 1);
    (end > start).then(|| (start, end - start))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_whole_huge_pages_inside_the_block_are_advised() {
        const M: usize = 1 << 20;
        // Aligned: the block itself.
        assert_eq!(huge_pages_inside(4 * M, 8 * M), Some((4 * M, 8 * M)));
        // Unaligned at both ends: the aligned interior.
        assert_eq!(huge_pages_inside(3 * M, 8 * M), Some((4 * M, 6 * M)));
        // No whole huge page inside.
        assert_eq!(huge_pages_inside(3 * M, 2 * M), None);
        assert_eq!(huge_pages_inside(4 * M + 1, 2 * M), None);
        // At the top of the address space nothing overflows.
        assert_eq!(huge_pages_inside(usize::MAX - M, 4 * M), None);
    }

    /// The `VmFlags` of the mapping that holds `address`, from `/proc/self/smaps`.
    #[cfg(target_os = "linux")]
    fn vm_flags_at(address: usize) -> Option<String> {
        let smaps = std::fs::read_to_string("/proc/self/smaps").ok()?;
        let mut inside = false;
        for line in smaps.lines() {
            if let Some((range, _)) = line.split_once(' ') {
                if let Some((a, b)) = range.split_once('-') {
                    if let (Ok(a), Ok(b)) =
                        (usize::from_str_radix(a, 16), usize::from_str_radix(b, 16))
                    {
                        inside = a <= address && address < b;
                        continue;
                    }
                }
            }
            if inside {
                if let Some(flags) = line.strip_prefix("VmFlags:") {
                    return Some(flags.trim().to_string());
                }
            }
        }
        None
    }

    /// The kernel records the advice as the `hg` flag of the mapping (`man 5 proc`): a large
    /// block is advised, a small one is not.
    #[cfg(target_os = "linux")]
    #[test]
    fn the_kernel_holds_the_advice_for_large_blocks_only() {
        // A kernel built without transparent huge pages refuses the advice: nothing to see.
        if !std::path::Path::new("/sys/kernel/mm/transparent_hugepage/enabled").exists() {
            return;
        }
        let advised =
            |flags: Option<String>| flags.is_some_and(|f| f.split(' ').any(|x| x == "hg"));
        let large = Layout::from_size_align(16 << 20, 8).unwrap();
        let small = Layout::from_size_align(HUGE_PAGE_THRESHOLD / 2, 8).unwrap();
        // SAFETY: non-zero sizes; each block is freed once, with its layout.
        unsafe {
            let p = HugePages.alloc(large);
            let s = HugePages.alloc(small);
            assert!(!p.is_null() && !s.is_null());
            assert!(
                advised(vm_flags_at(p as usize + (8 << 20))),
                "{:?}",
                vm_flags_at(p as usize + (8 << 20))
            );
            assert!(!advised(vm_flags_at(s as usize + (1 << 20))));
            HugePages.dealloc(s, small);
            HugePages.dealloc(p, large);
        }
    }

    #[test]
    fn large_blocks_round_trip_through_realloc() {
        let layout = Layout::from_size_align(HUGE_PAGE_THRESHOLD, 64).unwrap();
        // SAFETY: non-zero sizes; each block is freed once, with its current layout.
        unsafe {
            let p = HugePages.alloc(layout);
            assert!(!p.is_null());
            assert_eq!(p as usize % 64, 0);
            for i in (0..layout.size()).step_by(4096) {
                *p.add(i) = (i / 4096) as u8;
            }
            let q = HugePages.realloc(p, layout, 3 * HUGE_PAGE_THRESHOLD);
            assert!(!q.is_null());
            for i in (0..layout.size()).step_by(4096) {
                assert_eq!(*q.add(i), (i / 4096) as u8);
            }
            let bigger = Layout::from_size_align(3 * HUGE_PAGE_THRESHOLD, 64).unwrap();
            let z = HugePages.alloc_zeroed(bigger);
            assert!((0..bigger.size()).step_by(4096).all(|i| *z.add(i) == 0));
            HugePages.dealloc(z, bigger);
            HugePages.dealloc(q, bigger);
            // Small blocks are the system's as they are.
            let small = Layout::from_size_align(64, 8).unwrap();
            let s = HugePages.alloc(small);
            assert!(!s.is_null());
            HugePages.dealloc(s, small);
        }
    }
}
