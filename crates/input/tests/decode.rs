//! End-to-end tests of `duban_input::decode` on the shared corpus and on bytes the
//! tests make from it (re-encodings, an HTML page around the seed, binary junk).
//!
//! Not for unit behaviour of the sniffers and the HTML tokenizer glue: those are
//! tested next to their code.

#[path = "../../core/tests/common/mod.rs"]
mod common;

use duban_core::ByteSpan;
use duban_input::{decode, Decoded, Kind};
use encoding_rs::Encoding;

/// What one input should give.
enum Expect<'a> {
    /// Decodes to exactly this text.
    Exact {
        encoding: &'a str,
        kind: Kind,
        text: &'a str,
    },
    /// Decodes; the text contains every `present` string and none of `absent`.
    Contains {
        encodings: &'a [&'a str],
        kind: Kind,
        present: &'a [&'a str],
        absent: &'a [&'a str],
    },
    /// Fails with a message naming the file and containing `why`.
    Error { why: &'a str },
}

/// Decodes `bytes` as file `name` and checks the result against `expect`. For every
/// successful decode it also checks that each `present` string (or, for `Exact`, a
/// few words of the text) maps back to raw bytes that decode to the same string.
fn check(name: &str, bytes: &[u8], expect: Expect) -> Option<Decoded> {
    let result = decode(bytes, name);
    match expect {
        Expect::Error { why } => {
            let err =
                result.expect_err(&format!("{name}: decoded, expected an error about {why:?}"));
            let msg = err.to_string();
            assert!(
                msg.starts_with(&format!("{name}: ")),
                "message does not name the file: {msg}"
            );
            assert!(msg.contains(why), "{msg:?} does not say {why:?}");
            None
        }
        Expect::Exact {
            encoding,
            kind,
            text,
        } => {
            let decoded = result.unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(decoded.encoding, encoding, "{name}");
            assert_eq!(decoded.kind, kind, "{name}");
            assert!(
                decoded.text == text,
                "{name}: text differs from the expected {} bytes",
                text.len()
            );
            // HTML words may come from character references; those are checked below.
            let words: Vec<&str> = text
                .split(['\n', '，', ',', '。'])
                .filter(|w| !w.trim().is_empty())
                .take(50)
                .collect();
            for word in words.into_iter().filter(|_| kind == Kind::Text) {
                assert_maps_back(name, bytes, &decoded, word);
            }
            Some(decoded)
        }
        Expect::Contains {
            encodings,
            kind,
            present,
            absent,
        } => {
            let decoded = result.unwrap_or_else(|e| panic!("{e}"));
            assert!(
                encodings.contains(&decoded.encoding),
                "{name}: encoding {}",
                decoded.encoding
            );
            assert_eq!(decoded.kind, kind, "{name}");
            for word in present {
                assert!(decoded.text.contains(word), "{name}: {word:?} missing");
                assert_maps_back(name, bytes, &decoded, word);
            }
            for word in absent {
                assert!(
                    !decoded.text.contains(word),
                    "{name}: {word:?} should have been removed"
                );
            }
            Some(decoded)
        }
    }
}

/// The raw bytes behind the first occurrence of `word` decode to `word` again.
fn assert_maps_back(name: &str, raw: &[u8], decoded: &Decoded, word: &str) {
    let at = decoded
        .text
        .find(word)
        .unwrap_or_else(|| panic!("{name}: {word:?} not in text"));
    let span = decoded.raw_span(ByteSpan::new(at, at + word.len()));
    let encoding = Encoding::for_label(decoded.encoding.as_bytes()).expect("a known encoding name");
    let (back, _) = encoding.decode_without_bom_handling(&raw[span.start..span.end]);
    assert_eq!(back, word, "{name}: span {at}.. maps to raw {span:?}");
}

#[test]
fn hailar_reports_decode_without_hint() {
    for year in 2012..=2019 {
        let bytes = common::hailar_bytes(year);
        // The 2019 report spaces out its title.
        let title = if year == 2019 {
            "政 府 工 作 报 告"
        } else {
            "工作报告"
        };
        let decoded = check(
            &format!("hailar/{year}.txt"),
            &bytes,
            Expect::Contains {
                encodings: &["GB18030"],
                kind: Kind::Text,
                present: &["海拉尔区", title],
                absent: &[],
            },
        )
        .expect("decoded");
        // Line ends are the normalizer's business: CRLF survives decoding.
        assert!(decoded.text.contains("\r\n"), "{year}: CRLF lost");
        // Whole text maps onto the whole file.
        assert_eq!(
            decoded.raw_span(ByteSpan::new(0, decoded.text.len())),
            ByteSpan::new(0, bytes.len())
        );
    }
}

#[test]
fn seed_round_trips_through_encodings() {
    let seed = common::seed();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&seed);
    assert!(!unmappable, "the seed has characters GBK cannot encode");
    let utf16le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(seed.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let utf16be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(seed.encode_utf16().flat_map(|u| u.to_be_bytes()))
        .collect();
    let utf8_bom: Vec<u8> = b"\xEF\xBB\xBF"
        .iter()
        .copied()
        .chain(seed.bytes())
        .collect();
    let cases: [(&str, &[u8], &str); 5] = [
        ("seed.txt", seed.as_bytes(), "UTF-8"),
        ("seed-gbk.txt", &gbk, "GB18030"),
        ("seed-utf16le.txt", &utf16le, "UTF-16LE"),
        ("seed-utf16be.txt", &utf16be, "UTF-16BE"),
        ("seed-utf8bom.txt", &utf8_bom, "UTF-8"),
    ];
    for (name, bytes, encoding) in cases {
        check(
            name,
            bytes,
            Expect::Exact {
                encoding,
                kind: Kind::Text,
                text: &seed,
            },
        );
    }
}

#[test]
fn ascii_utf16_without_bom_is_recognised() {
    let text = "Government Work Report 2016\nGDP grew 7.5% 海淀\n";
    let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
    check(
        "report.txt",
        &le,
        Expect::Exact {
            encoding: "UTF-16LE",
            kind: Kind::Text,
            text,
        },
    );
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The seed as a web page with site furniture around it, declaring `charset`.
fn seed_page(seed: &str, charset: &str) -> String {
    let paragraphs: String = seed
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p>{}</p>\n", escape(l)))
        .collect();
    format!(
        "<!DOCTYPE html>\n<html><head><meta charset=\"{charset}\"><title>网站标题栏</title>\
         <style>.x {{ color: red }}</style></head>\n<body>\n\
         <div class=\"top-nav\"><ul><li><a href=\"/\">首页导航</a></li><li><a href=\"/news\">新闻中心菜单</a></li></ul></div>\n\
         <script>var trackerWord = \"统计脚本\"; if (a < b) {{ document.write('<p>脚本段落</p>'); }}</script>\n\
         <div id=\"content\" class=\"article-body\">\n{paragraphs}</div>\n\
         <div class=\"ad\">广告位招租联系电话</div>\n\
         <footer><p>版权所有 网站页脚</p><a href=\"/about\">关于我们链接</a></footer>\n</body></html>\n"
    )
}

/// Seed paragraphs as the HTML text shows them: HTML collapses ASCII whitespace.
fn html_paragraphs(seed: &str) -> Vec<String> {
    seed.lines()
        .map(|l| l.split_ascii_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

const FURNITURE: &[&str] = &[
    "首页导航",
    "新闻中心菜单",
    "统计脚本",
    "脚本段落",
    "广告位招租",
    "网站页脚",
    "关于我们链接",
    "网站标题栏",
    "color",
];

#[test]
fn seed_in_a_web_page_keeps_every_paragraph_and_no_furniture() {
    let seed = common::seed();
    let paragraphs = html_paragraphs(&seed);
    let present: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    let page = seed_page(&seed, "utf-8");
    let decoded = check(
        "haidian.html",
        page.as_bytes(),
        Expect::Contains {
            encodings: &["UTF-8"],
            kind: Kind::Html,
            present: &present,
            absent: FURNITURE,
        },
    )
    .expect("decoded");
    // Nothing but the paragraphs, one per line.
    assert_eq!(decoded.text, present.join("\n"));

    // The same page in GBK, found by its <meta> declaration and by content sniffing
    // (the name says nothing).
    let page = seed_page(&seed, "gbk");
    let (gbk_page, _, unmappable) = encoding_rs::GBK.encode(&page);
    assert!(!unmappable);
    check(
        "haidian-page",
        &gbk_page,
        Expect::Contains {
            encodings: &["GBK"],
            kind: Kind::Html,
            present: &present[..20],
            absent: FURNITURE,
        },
    );
}

#[test]
fn declarations_and_other_chinese_encodings() {
    // A UTF-8 page that still says gb2312: the bytes win.
    let page = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"></head>\
                <body><p>海淀区政府工作报告</p></body></html>";
    check(
        "resaved.html",
        page.as_bytes(),
        Expect::Exact {
            encoding: "UTF-8",
            kind: Kind::Html,
            text: "海淀区政府工作报告",
        },
    );
    // Traditional characters in Big5, as on some local pages; chardetng tells it
    // from GBK.
    let text = "各位代表：現在，我代表市人民政府向大會報告工作，請予審議。全市地區生產總值增長百分之七點五，經濟發展穩中有進。";
    let (big5, _, unmappable) = encoding_rs::BIG5.encode(text);
    assert!(!unmappable);
    check(
        "taipei.txt",
        &big5,
        Expect::Exact {
            encoding: "Big5",
            kind: Kind::Text,
            text,
        },
    );
}

#[test]
fn html_details() {
    let cases: [(&str, &str); 5] = [
        ("<html><body><p>增长&nbsp;7%&amp;以上</p></body></html>", "增长\u{a0}7%&以上"),
        ("<html><body><nav>导航</nav><article><p>正文一</p><p>正文二</p></article><aside>旁注</aside></body></html>", "正文一\n正文二"),
        ("<html><body><div class=menu>菜单</div><div><p>段落&#x4E00;</p></div><div class=breadcrumb>位置</div></body></html>", "段落一"),
        ("<!doctype html><body>纯文本<br>第二行</body>", "纯文本\n第二行"),
        ("<html><body></body></html>", ""),
    ];
    for (i, (page, want)) in cases.into_iter().enumerate() {
        check(
            &format!("case{i}.html"),
            page.as_bytes(),
            Expect::Exact {
                encoding: "UTF-8",
                kind: Kind::Html,
                text: want,
            },
        );
    }
}

#[test]
fn html_spans_map_to_text_nodes_and_references() {
    let page = "<html><body><p>增长&nbsp;7%&amp;以上</p>\n  <p>  第二段  </p></body></html>";
    let decoded = decode(page.as_bytes(), "refs.html").unwrap();
    assert_eq!(decoded.text, "增长\u{a0}7%&以上\n第二段");
    let raw_of = |needle: &str| {
        let at = decoded.text.find(needle).unwrap();
        decoded
            .raw_span(ByteSpan::new(at, at + needle.len()))
            .of(page)
    };
    let cases = [
        ("增长", "增长"),
        ("\u{a0}", "&nbsp;"),
        ("7%&以", "7%&amp;以"),
        ("第二段", "第二段"),
        ("\n", "</p>"),
    ];
    for (text, raw) in cases {
        assert_eq!(raw_of(text), raw, "{text:?}");
    }
}

#[test]
fn deeply_nested_html_does_not_overflow() {
    let depth = 10_000;
    let page = format!(
        "<html><body>{}<p>最深处的段落</p>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    check(
        "deep.html",
        page.as_bytes(),
        Expect::Exact {
            encoding: "UTF-8",
            kind: Kind::Html,
            text: "最深处的段落",
        },
    );
    // Unclosed, too.
    let page = format!("<html><body>{}<p>没有闭合", "<div><span>".repeat(depth));
    check(
        "unclosed.html",
        page.as_bytes(),
        Expect::Exact {
            encoding: "UTF-8",
            kind: Kind::Html,
            text: "没有闭合",
        },
    );
}

/// Deterministic noise: a xorshift generator, so the test needs no random crate.
fn noise(n: usize, mut state: u64) -> Vec<u8> {
    (0..n)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

#[test]
fn binary_and_broken_input_is_refused_with_the_file_name() {
    let hailar = common::hailar_bytes(2012);
    // Cut inside the last two-byte character of the file.
    let last_wide = hailar
        .iter()
        .rposition(|&b| b >= 0x81)
        .expect("a GB character");
    let truncated_gb = &hailar[..last_wide];
    let seed = common::seed();
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(seed.encode_utf16().flat_map(|u| u.to_le_bytes()))
        .collect();
    let mut bad_utf8 = seed.as_bytes()[..3000].to_vec();
    bad_utf8.extend_from_slice(b"\xff\xfe\xfd");
    bad_utf8.extend_from_slice(&seed.as_bytes()[3000..6000]);
    let mut controls = b"report ".to_vec();
    controls.extend(std::iter::repeat_n(b"\x01\x02\x1b text ".as_slice(), 20).flatten());
    let cases: [(&str, &[u8], &str); 9] = [
        ("scan.png", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "PNG image"),
        ("report.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "PDF"),
        ("report.docx", b"PK\x03\x04\x14\0\x06\0", "ZIP archive"),
        ("a.out", b"\x7fELF\x02\x01\x01", "ELF"),
        ("noise.bin", &noise(4096, 0x9E37_79B9_7F4A_7C15), "NUL byte"),
        ("controls.txt", &controls, "control characters"),
        ("hailar-cut.txt", truncated_gb, "truncated"),
        ("seed-utf16-cut.txt", &utf16[..utf16.len() - 1], "truncated"),
        ("seed-bad.txt", &bad_utf8, "invalid UTF-8 at byte"),
    ];
    for (name, bytes, why) in cases {
        check(name, bytes, Expect::Error { why });
    }
}

#[test]
fn empty_input_is_empty_text() {
    check(
        "empty.txt",
        b"",
        Expect::Exact {
            encoding: "UTF-8",
            kind: Kind::Text,
            text: "",
        },
    );
    check(
        "bom-only.txt",
        b"\xEF\xBB\xBF",
        Expect::Exact {
            encoding: "UTF-8",
            kind: Kind::Text,
            text: "",
        },
    );
}
