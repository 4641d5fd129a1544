//! The allocator's set-up for one process of duban, shared by the binary (`main`) and
//! the engine's timing programs (`crates/core/benches/extract.rs` and
//! `crates/core/examples/passes.rs` include this file), so that they time the engine on
//! the heap the command line runs on. For the bench's pipeline: with glibc's
//! defaults a pass of it over the national corpus took 83 ms, against 53-61 ms with
//! this set-up (one busy afternoon's runs; the machine's speed varied meanwhile).

/// Sets glibc's allocator up for a process that allocates and frees a report's worth of
/// memory, report after report: the heap is grown once, kept, and backed by huge pages.
///
/// - Blocks up to 32 MiB come from the heap (glibc's default mmaps blocks from 128 KiB,
///   so a report's text would be mapped, faulted in and unmapped for every report), and
///   freed memory stays in the process below a 64 MiB trim threshold.
/// - The heap grows by 8 MiB at a time, and what lies past the break when the heap is set
///   up is marked for transparent huge pages: a report's first touch of its memory costs
///   one fault per 2 MiB rather than one per 4 KiB page. On the peers' input
///   (`bench/peers.sh`) this takes `extract --format jsonl`'s page faults from ~770 to
///   ~430-500, of which ~400 are start-up's (`perf stat -e page-faults`). Where the
///   kernel gives no huge pages (THP `never`), the advice is ignored and only the
///   faults remain.
///
/// Other platforms and allocators keep their defaults.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
#[allow(unsafe_code)]
pub fn set_up() {
    const HUGE_PAGE: usize = 2 << 20;
    const GROWTH: usize = 8 << 20;
    // SAFETY: mallopt, malloc, free and sbrk(0) are called on the main thread before any
    // other thread exists; sbrk(0) only reads the break. madvise is given a range of the
    // heap that glibc mapped and no Rust object lives in yet; the advice changes how it
    // is backed, not its contents.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 32 << 20);
        libc::mallopt(libc::M_TRIM_THRESHOLD, 64 << 20);
        libc::mallopt(libc::M_TOP_PAD, GROWTH as libc::c_int);
        let old_break = libc::sbrk(0) as usize;
        // Grows the heap past the old break by at least GROWTH, touching only the
        // block's header below it. (black_box keeps the compiler from eliding the pair.)
        libc::free(std::hint::black_box(libc::malloc(GROWTH)));
        let new_break = libc::sbrk(0) as usize;
        let start = (old_break + HUGE_PAGE) & !(HUGE_PAGE - 1);
        if new_break > start + HUGE_PAGE {
            let length = (new_break - start) & !(HUGE_PAGE - 1);
            libc::madvise(start as *mut libc::c_void, length, libc::MADV_HUGEPAGE);
        }
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn set_up() {}
