//! HTML page → its main text, with a map [`Layer`] back to the page's (decoded) bytes.
//!
//! Tokenizing is html5gum's (a WHATWG tokenizer that reports byte spans); the tree is
//! built here, flat and without recursion, so 10,000 nested `<div>`s cost nothing. Then:
//!
//! 1. **Removal**: `script`, `style`, `nav`, `header`, `footer`, `aside`, `form`,
//!    `noscript`, `head` and similar elements, and elements whose `class`/`id` name
//!    navigation, menus, footers, headers, sidebars, breadcrumbs, comments, sharing or
//!    ads, are dropped with everything inside them.
//! 2. **Main content**: each element scores the CJK characters in its own text and in
//!    its direct `<p>` children, plus the same count for each of its other children
//!    (pages that wrap each paragraph in a `<div>`); the best-scoring element wins (the
//!    deeper one on a tie), unless an `<article>`
//!    holds at least half as much CJK text (then the richest article wins). With no
//!    CJK paragraph text anywhere, the whole `<body>` is used.
//! 3. **Text**: block elements become one line break, table cells a tab, whitespace
//!    runs one space (none at a line start), and character references are decoded.
//!
//! Not for charset handling (the page arrives decoded) nor for cleaning scrape junk
//! inside the main text ("上一篇", "更多相关阅读"), which is core's job.

use crate::map::{Layer, LayerBuilder};
use duban_core::ByteSpan;
use html5gum::{DefaultEmitter, Token, Tokenizer};

/// Elements dropped with all their content.
const REMOVED_ELEMENTS: &[&str] = &[
    "script", "style", "nav", "header", "footer", "aside", "form", "noscript", "head", "title",
    "template", "iframe", "svg", "button", "select", "textarea", "object", "menu",
];

/// Substrings of a `class` or `id` word that mark page furniture.
const FURNITURE_WORDS: &[&str] = &[
    "nav",
    "menu",
    "footer",
    "header",
    "sidebar",
    "breadcrumb",
    "comment",
    "share",
    "guanggao",
    "advert",
];

/// Whole `class` or `id` words that mark ads (a substring test would hit "head", "load").
const AD_WORDS: &[&str] = &["ad", "ads", "adv", "gg", "ad-box", "adbox", "banner-ad"];

/// Elements that end a line of text.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "section",
    "article",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "blockquote",
    "pre",
    "hr",
    "main",
    "center",
    "body",
    "tbody",
    "thead",
    "caption",
    "figcaption",
    "address",
];

/// Elements that never have content, so never go on the open-element stack.
const VOID_ELEMENTS: &[&str] = &[
    "br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track",
    "wbr", "param",
];

/// How far down the stack an end tag looks for its element; deeper mismatches are
/// ignored, which bounds the work on hostile pages.
const END_TAG_REACH: usize = 512;

/// The main text of a page and its map back to `page`.
pub(crate) struct MainText {
    pub(crate) text: String,
    pub(crate) layer: Layer,
}

#[derive(Debug)]
enum TokKind {
    Start { element: Option<usize> },
    End { element: Option<usize> },
    Text,
    Other,
}

struct Tok {
    kind: TokKind,
    span: ByteSpan,
    /// Innermost element open when the token was seen.
    owner: Option<usize>,
}

struct Element {
    name: String,
    parent: Option<usize>,
    removed: bool,
    /// Tokens `first_tok..end_tok` are the element and its content.
    first_tok: usize,
    end_tok: usize,
    /// CJK characters of kept text anywhere inside.
    cjk_total: usize,
    /// CJK characters of kept text directly inside (not in a child element).
    cjk_direct: usize,
}

/// Reduces `page` to its main text.
pub(crate) fn main_text(page: &str) -> MainText {
    let (toks, mut elements) = parse(page);
    let root_direct = score(page, &toks, &mut elements);
    let chosen = choose(&elements, root_direct);
    let range = match chosen {
        Some(e) => elements[e].first_tok..elements[e].end_tok,
        None => 0..toks.len(),
    };
    render(page, &toks[range], &elements)
}

fn parse(page: &str) -> (Vec<Tok>, Vec<Element>) {
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    // Switch to raw-text states inside <script>, <style>, <textarea>, <title> so that
    // their content is one text token rather than bogus tags.
    emitter.naively_switch_states(true);
    let mut toks: Vec<Tok> = Vec::new();
    let mut elements: Vec<Element> = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let close =
        |elements: &mut Vec<Element>, stack: &mut Vec<usize>, depth: usize, at_tok: usize| {
            for e in stack.drain(depth..) {
                elements[e].end_tok = at_tok;
            }
        };
    for token in Tokenizer::new_with_emitter(page, emitter).flatten() {
        let at_tok = toks.len();
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                // Implied end tags: a new block closes an open <p>, a new <li> an open <li>.
                if let Some(&top) = stack.last() {
                    let top_name = elements[top].name.as_str();
                    if (top_name == "p" && BLOCK_ELEMENTS.contains(&name.as_str()) && name != "br")
                        || (top_name == "li" && name == "li")
                    {
                        let depth = stack.len() - 1;
                        close(&mut elements, &mut stack, depth, at_tok);
                    }
                }
                let parent = stack.last().copied();
                let attr = |key: &[u8]| {
                    tag.attributes
                        .get(key)
                        .map(|v| String::from_utf8_lossy(&v.value).to_ascii_lowercase())
                };
                let removed = parent.is_some_and(|p| elements[p].removed)
                    || REMOVED_ELEMENTS.contains(&name.as_str())
                    || (!["html", "body", "main", "article"].contains(&name.as_str())
                        && [attr(b"class"), attr(b"id")]
                            .iter()
                            .flatten()
                            .any(|v| is_furniture(v)));
                let id = elements.len();
                elements.push(Element {
                    name,
                    parent,
                    removed,
                    first_tok: at_tok,
                    end_tok: at_tok + 1,
                    cjk_total: 0,
                    cjk_direct: 0,
                });
                let void = tag.self_closing || VOID_ELEMENTS.contains(&elements[id].name.as_str());
                if !void {
                    stack.push(id);
                }
                toks.push(Tok {
                    kind: TokKind::Start { element: Some(id) },
                    span: ByteSpan::new(tag.span.start, tag.span.end),
                    owner: parent,
                });
            }
            Token::EndTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name);
                let floor = stack.len().saturating_sub(END_TAG_REACH);
                let depth = (floor..stack.len())
                    .rev()
                    .find(|&d| elements[stack[d]].name == name);
                let element = depth.map(|d| stack[d]);
                toks.push(Tok {
                    kind: TokKind::End { element },
                    span: ByteSpan::new(tag.span.start, tag.span.end),
                    owner: stack.last().copied(),
                });
                if let Some(d) = depth {
                    close(&mut elements, &mut stack, d, at_tok + 1);
                }
            }
            Token::String(text) => toks.push(Tok {
                kind: TokKind::Text,
                span: ByteSpan::new(text.span.start, text.span.end),
                owner: stack.last().copied(),
            }),
            Token::Comment(c) => toks.push(Tok {
                kind: TokKind::Other,
                span: ByteSpan::new(c.span.start, c.span.end),
                owner: stack.last().copied(),
            }),
            Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    let n_toks = toks.len();
    close(&mut elements, &mut stack, 0, n_toks);
    (toks, elements)
}

/// True when a `class` or `id` value names page furniture.
fn is_furniture(value: &str) -> bool {
    value
        .split(|c: char| !c.is_ascii_alphanumeric() && c != '-')
        .any(|word| {
            AD_WORDS.contains(&word)
                || word.split('-').any(|part| AD_WORDS.contains(&part))
                || FURNITURE_WORDS.iter().any(|f| word.contains(f))
        })
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{f900}'..='\u{faff}' | '\u{20000}'..='\u{3134f}')
}

/// Counts CJK text per element; returns the count of text outside any element.
fn score(page: &str, toks: &[Tok], elements: &mut [Element]) -> usize {
    let mut root_direct = 0;
    for tok in toks.iter().filter(|t| matches!(t.kind, TokKind::Text)) {
        let n = || tok.span.of(page).chars().filter(|&c| is_cjk(c)).count();
        match tok.owner {
            Some(owner) if !elements[owner].removed => {
                let n = n();
                elements[owner].cjk_direct += n;
                elements[owner].cjk_total += n;
            }
            Some(_) => {}
            None => root_direct += n(),
        }
    }
    // Children come after their parents, so one backward sweep sums subtrees
    // without recursion.
    for e in (0..elements.len()).rev() {
        if let Some(p) = elements[e].parent {
            if !elements[e].removed {
                elements[p].cjk_total += elements[e].cjk_total;
            }
        }
    }
    root_direct
}

fn choose(elements: &[Element], root_direct: usize) -> Option<usize> {
    // Paragraph text of an element: its own text plus that of its <p> children.
    let mut own_paragraphs = vec![0usize; elements.len()];
    for (e, element) in elements.iter().enumerate().filter(|(_, el)| !el.removed) {
        own_paragraphs[e] += element.cjk_direct;
        if let (Some(p), "p") = (element.parent, element.name.as_str()) {
            own_paragraphs[p] += element.cjk_total;
        }
    }
    // Score: that, plus the paragraph text of non-<p> children, so that a page that
    // wraps every paragraph in its own <div> still scores at the container.
    let mut paragraph_score = own_paragraphs.clone();
    for (e, element) in elements
        .iter()
        .enumerate()
        .filter(|(_, el)| !el.removed && el.name != "p")
    {
        if let Some(p) = element.parent {
            paragraph_score[p] += own_paragraphs[e];
        }
    }
    // On a tie the later (deeper) element wins: a wrapper around the content
    // container scores the same but may hold more furniture.
    let best = (0..elements.len())
        .filter(|&e| !elements[e].removed)
        .max_by_key(|&e| paragraph_score[e])
        .filter(|&e| paragraph_score[e] > 0);
    let best_score = best.map_or(0, |e| paragraph_score[e]);
    // A fragment without a container holds its paragraphs at the top level; then the
    // whole document is the main content.
    let root_score: usize = elements
        .iter()
        .filter(|e| e.parent.is_none() && !e.removed && e.name == "p")
        .map(|e| e.cjk_total)
        .sum::<usize>()
        + root_direct;
    if root_score >= best_score && root_score > 0 {
        return None;
    }
    let article = (0..elements.len())
        .filter(|&e| elements[e].name == "article" && !elements[e].removed)
        .max_by_key(|&e| elements[e].cjk_total)
        .filter(|&e| elements[e].cjk_total > 0 && elements[e].cjk_total * 2 >= best_score);
    article
        .or(best)
        .or_else(|| elements.iter().position(|e| e.name == "body"))
}

/// Writes the text of `toks` (a contiguous run of tokens of `page`).
fn render(page: &str, toks: &[Tok], elements: &[Element]) -> MainText {
    let mut out = Out {
        text: String::new(),
        builder: LayerBuilder::default(),
        pending_space: None,
        pending_break: None,
    };
    let kept = |e: Option<usize>| e.is_none_or(|e| !elements[e].removed);
    for tok in toks {
        match tok.kind {
            TokKind::Text if kept(tok.owner) => out.text_node(page, tok.span),
            TokKind::Start { element: Some(e) } | TokKind::End { element: Some(e) }
                if !elements[e].removed =>
            {
                match elements[e].name.as_str() {
                    "td" | "th" if matches!(tok.kind, TokKind::Start { .. }) => {
                        out.separator('\t', tok.span)
                    }
                    name if BLOCK_ELEMENTS.contains(&name) => out.separator('\n', tok.span),
                    _ => {}
                }
            }
            _ => {}
        }
    }
    let len = page.len();
    MainText {
        text: out.text,
        layer: out.builder.finish(len),
    }
}

struct Out {
    text: String,
    builder: LayerBuilder,
    /// A whitespace run seen but not yet written: it becomes one space only if more
    /// text follows on the same line.
    pending_space: Option<ByteSpan>,
    /// A line break or cell separator not yet written: only text after it makes it
    /// real, so the text neither starts nor ends with one, and a run of block tags
    /// gives one break (a tab yields to a line break).
    pending_break: Option<(char, ByteSpan)>,
}

impl Out {
    fn at_line_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with(['\n', '\t'])
    }

    fn emit(&mut self, s: &str, src: ByteSpan) {
        if let Some((c, tag)) = self.pending_break.take() {
            if !self.text.is_empty() {
                self.text.push(c);
                self.builder.push(tag.start, 1, tag.len());
            }
            self.pending_space = None;
        }
        if let Some(space) = self.pending_space.take() {
            if !self.at_line_start() {
                self.text.push(' ');
                self.builder.push(space.start, 1, space.len());
            }
        }
        self.text.push_str(s);
        self.builder.push(src.start, s.len(), src.len());
    }

    /// A line break or cell separator made from the tag at `src`, never two in a row.
    fn separator(&mut self, c: char, src: ByteSpan) {
        self.pending_space = None;
        if !matches!(self.pending_break, Some(('\n', _))) {
            self.pending_break = Some((c, src));
        }
    }

    fn text_node(&mut self, page: &str, span: ByteSpan) {
        let raw = span.of(page);
        let mut i = 0;
        while i < raw.len() {
            let rest = &raw[i..];
            let c = rest.chars().next().unwrap_or(' ');
            if c.is_ascii_whitespace() {
                let n = rest
                    .find(|c: char| !c.is_ascii_whitespace())
                    .unwrap_or(rest.len());
                let here = ByteSpan::new(span.start + i, span.start + i + n);
                self.pending_space = Some(
                    self.pending_space
                        .map_or(here, |p| ByteSpan::new(p.start, here.end)),
                );
                i += n;
            } else if let Some((decoded, n)) = (c == '&').then(|| entity(rest)).flatten() {
                self.emit(&decoded, ByteSpan::new(span.start + i, span.start + i + n));
                i += n;
            } else {
                // Copy up to the next whitespace or '&' in one piece.
                let n = rest[c.len_utf8()..]
                    .find(|c: char| c.is_ascii_whitespace() || c == '&')
                    .map_or(rest.len(), |k| k + c.len_utf8());
                self.emit(
                    &rest[..n],
                    ByteSpan::new(span.start + i, span.start + i + n),
                );
                i += n;
            }
        }
    }
}

/// Decodes the character reference at the start of `s` (which starts with `&`):
/// the text it stands for and its length in bytes.
fn entity(s: &str) -> Option<(String, usize)> {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (digits_from, radix) = if num.starts_with(['x', 'X']) {
            (1, 16)
        } else {
            (0, 10)
        };
        let digits = &num[digits_from..];
        let n_digits = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        if n_digits == 0 {
            return None;
        }
        let value = u32::from_str_radix(
            &digits[..n_digits].chars().take(8).collect::<String>(),
            radix,
        )
        .ok()?;
        let c = char::from_u32(value)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{fffd}');
        let semicolon = usize::from(digits[n_digits..].starts_with(';'));
        return Some((c.to_string(), 2 + digits_from + n_digits + semicolon));
    }
    let n_name = body
        .find(|c: char| !c.is_ascii_alphanumeric())
        .unwrap_or(body.len());
    if body[n_name..].starts_with(';') {
        if let Some(c) = named_entity(&body[..n_name]) {
            return Some((c.to_string(), n_name + 2));
        }
    }
    // Old pages write "&nbsp" and "&amp" without the semicolon; browsers accept these
    // few, even glued to following letters ("&ampx").
    ["nbsp", "amp", "lt", "gt", "quot"]
        .iter()
        .find(|legacy| body.starts_with(*legacy))
        .and_then(|legacy| Some((named_entity(legacy)?.to_string(), 1 + legacy.len())))
}

fn named_entity(name: &str) -> Option<char> {
    Some(match name {
        "nbsp" => '\u{a0}',
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "ldquo" => '“',
        "rdquo" => '”',
        "lsquo" => '‘',
        "rsquo" => '’',
        "mdash" => '—',
        "ndash" => '–',
        "hellip" => '…',
        "middot" => '·',
        "bull" => '•',
        "times" => '×',
        "divide" => '÷',
        "plusmn" => '±',
        "permil" => '‰',
        "deg" => '°',
        "copy" => '©',
        "reg" => '®',
        "trade" => '™',
        "yen" => '¥',
        "sect" => '§',
        "laquo" => '«',
        "raquo" => '»',
        "emsp" => '\u{2003}',
        "ensp" => '\u{2002}',
        "thinsp" => '\u{2009}',
        "larr" => '←',
        "rarr" => '→',
        "sup2" => '²',
        "sup3" => '³',
        "frac12" => '½',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, want: &str) {
        assert_eq!(main_text(html).text, want, "{html}");
    }

    #[test]
    fn structure_becomes_lines() {
        check("<p>一</p><p>二<br>三</p>", "一\n二\n三");
        check("<div>  a\n  b </div><div>c</div>", "a b\nc");
        check(
            "<p>主要指标如下</p><table><tr><td>指标</td><td>7%</td></tr></table>",
            "主要指标如下\n指标\t7%",
        );
        check(
            "<p>a &amp; b&nbsp;&#x6D77;&#28023;&lt;&unknown;</p>",
            "a & b\u{a0}海海<&unknown;",
        );
    }

    #[test]
    fn furniture_and_main_content() {
        check(
            "<body><div class=nav>首页 新闻</div><script>var 广告=1</script>\
             <div id=main><p>海淀区政府工作报告</p></div><div class=ad>广告位招租</div></body>",
            "海淀区政府工作报告",
        );
        check(
            "<body><article><p>正文内容</p></article><div><p>旁</p></div></body>",
            "正文内容",
        );
        check("<body>just text</body>", "just text");
        assert!(is_furniture("top-nav") && is_furniture("ad") && is_furniture("ads-box"));
        assert!(
            !is_furniture("head-line") && !is_furniture("download") && !is_furniture("content")
        );
    }

    #[test]
    fn entities() {
        assert_eq!(entity("&amp;x"), Some(("&".to_string(), 5)));
        assert_eq!(entity("&ampx"), Some(("&".to_string(), 4)));
        assert_eq!(entity("&#0;"), Some(("\u{fffd}".to_string(), 4)));
        assert_eq!(entity("&#xD800;"), Some(("\u{fffd}".to_string(), 8)));
        assert_eq!(entity("&#;"), None);
        assert_eq!(entity("&mdash"), None);
    }
}
