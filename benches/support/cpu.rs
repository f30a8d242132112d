//! Timing for the native benches: wall time and this thread's CPU time, whose medians tell
//! computing apart from waiting for a core on a machine shared with other builds.

use std::time::{Duration, Instant};

/// The median wall time and the median thread CPU time of `runs` calls of `work`, each on a
/// fresh input from `prepare` (made outside the timing).
pub fn median_times<I, T>(
    runs: usize,
    mut prepare: impl FnMut() -> I,
    mut work: impl FnMut(I) -> T,
) -> (Duration, Duration) {
    let mut wall = Vec::with_capacity(runs);
    let mut cpu = Vec::with_capacity(runs);
    for _ in 0..runs {
        let input = prepare();
        let (start, start_cpu) = (Instant::now(), thread_cpu());
        let out = work(input);
        wall.push(start.elapsed());
        cpu.push(thread_cpu().saturating_sub(start_cpu));
        std::hint::black_box(&out);
    }
    wall.sort();
    cpu.sort();
    (wall[runs / 2], cpu[runs / 2])
}

#[repr(C)]
struct Timespec {
    sec: i64,
    nsec: i64,
}

unsafe extern "C" {
    fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
}

/// CPU time of this thread (Linux `CLOCK_THREAD_CPUTIME_ID`): on a machine shared with other
/// builds, wall time includes waiting for a core; this does not.
pub fn thread_cpu() -> Duration {
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut ts = Timespec { sec: 0, nsec: 0 };
    // SAFETY: `ts` is a valid, writable timespec; the call only writes into it.
    let ok = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0;
    if ok {
        Duration::new(ts.sec as u64, ts.nsec as u32)
    } else {
        Duration::ZERO
    }
}
