//! Linear-time check: decodes and extracts pathological inputs of n and 8n bytes and
//! prints the time ratio (8 for linear work; 64 would be quadratic).
//!
//! Run it through `bench/linear.sh` (a release build). It is a measurement, not a
//! test: the numbers depend on the machine, so nothing here asserts a time.
//!
//! ```text
//! cargo run --release -p duban-input --example linear -- [n_bytes]
//! ```

use std::time::{Duration, Instant};

/// A pathological input: a name and a generator of about `n` bytes.
struct Case {
    name: &'static str,
    file_name: &'static str,
    make: fn(usize) -> String,
}

fn repeat_to(unit: &str, n: usize) -> String {
    unit.repeat(n / unit.len().max(1) + 1)
}

fn nested(open: &str, middle: &str, close: &str, n: usize) -> String {
    let depth = n / (open.len() + close.len());
    format!("{}{middle}{}", open.repeat(depth), close.repeat(depth))
}

const CASES: &[Case] = &[
    Case {
        name: "one endless sentence",
        file_name: "r.txt",
        make: |n| repeat_to("地区生产总值增长7.5%左右,", n),
    },
    Case {
        name: "one endless line",
        file_name: "r.txt",
        make: |n| {
            repeat_to(
                "今年经济社会发展的主要预期目标是:城镇新增就业1000万人以上。",
                n,
            )
        },
    },
    Case {
        name: "headings only",
        file_name: "r.txt",
        make: |n| repeat_to("一、加快发展\n(二)深化改革\n1.推进创新\n一是稳增长\n", n),
    },
    Case {
        name: "one long digit run",
        file_name: "r.txt",
        make: |n| repeat_to("1234567890", n),
    },
    Case {
        name: "one long Chinese numeral",
        file_name: "r.txt",
        make: |n| repeat_to("一二三四五六七八九十百千万亿", n),
    },
    Case {
        name: "digits and separators",
        file_name: "r.txt",
        make: |n| repeat_to("1,234.5-", n),
    },
    Case {
        name: "nested brackets",
        file_name: "r.txt",
        make: |n| nested("(", "增长7%", ")", n),
    },
    Case {
        name: "nested quotes and titles",
        file_name: "r.txt",
        make: |n| nested("“《", "增长7%", "》”", n),
    },
    Case {
        name: "unclosed quotes",
        file_name: "r.txt",
        make: |n| repeat_to("“增长7%。\n", n),
    },
    Case {
        name: "page markers",
        file_name: "r.txt",
        make: |n| repeat_to("篇1\n政府工作报告\n增长7%。\n", n),
    },
    Case {
        name: "blank lines",
        file_name: "r.txt",
        make: |n| repeat_to("\n \n", n),
    },
    Case {
        name: "nested divs",
        file_name: "r.html",
        make: |n| nested("<div>", "增长7%", "</div>", n),
    },
    Case {
        name: "unclosed divs",
        file_name: "r.html",
        make: |n| repeat_to("<div><p>增长7%", n),
    },
];

/// Best of `runs` timings of decode + extract.
fn time(case: &Case, input: &[u8], runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let started = Instant::now();
            let decoded = duban_input::decode(input, case.file_name).expect("decodes");
            let extraction = duban_core::extract(&decoded.text, &duban_core::MetaHints::default());
            std::hint::black_box(&extraction);
            started.elapsed()
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("n_bytes is a number"))
        .unwrap_or(128 * 1024);
    let only = std::env::args().nth(2);
    println!(
        "n starts at {n} bytes and doubles until t(n) >= 20 ms; \
         ratio t(8n)/t(n) is 8 for linear work, 64 for quadratic"
    );
    println!(
        "{:<28} {:>9} {:>10} {:>10} {:>7}",
        "case", "n", "t(n) ms", "t(8n) ms", "ratio"
    );
    let mut worst: f64 = 0.0;
    for case in CASES {
        if only.as_deref().is_some_and(|o| !case.name.contains(o)) {
            continue;
        }
        // Times under a few milliseconds are mostly noise and cache effects: grow n
        // until one run takes 20 ms (or 4 MiB), so that the ratio measures the work.
        let mut n = n;
        let mut small = (case.make)(n);
        let mut t_small = time(case, small.as_bytes(), 3);
        while t_small < Duration::from_millis(20) && n < 4 << 20 {
            n *= 2;
            small = (case.make)(n);
            t_small = time(case, small.as_bytes(), 3);
        }
        let large = (case.make)(8 * n);
        let t_large = time(case, large.as_bytes(), 2);
        let ratio = t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-6);
        worst = worst.max(ratio);
        let flag = if ratio > 16.0 { "  SUPER-LINEAR" } else { "" };
        println!(
            "{:<28} {n:>9} {:>10.1} {:>10.1} {:>7.1}{flag}",
            case.name,
            t_small.as_secs_f64() * 1e3,
            t_large.as_secs_f64() * 1e3,
            ratio
        );
    }
    println!("worst ratio {worst:.1}");
}
