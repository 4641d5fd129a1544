//! The interface language: Chinese by default, English with `?lang=en` (remembered in
//! a cookie). Every string is written in place as a (Chinese, English) pair.

use crate::auth;
use axum::extract::Request;
use axum::http::header;

/// The language cookie's name.
pub const LANG_COOKIE: &str = "duban_lang";

/// The interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文.
    #[default]
    Zh,
    /// English.
    En,
}

impl Lang {
    fn parse(code: &str) -> Option<Lang> {
        match code {
            "zh" => Some(Lang::Zh),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// `zh` or `en`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// The HTML `lang` attribute.
    pub fn html(self) -> &'static str {
        match self {
            Lang::Zh => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The string for this language.
    pub fn t(self, zh: &'static str, en: &'static str) -> &'static str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The language asked for by `?lang=` (then `true`: remember it), else the cookie's.
    pub fn choose(request: &Request) -> (Lang, bool) {
        let from_query = request.uri().query().and_then(|q| {
            serde_urlencoded::from_str::<Vec<(String, String)>>(q)
                .ok()?
                .into_iter()
                .find(|(k, _)| k == "lang")
                .and_then(|(_, v)| Lang::parse(&v))
        });
        match from_query {
            Some(lang) => (lang, true),
            None => (Lang::from_cookie(request), false),
        }
    }

    fn from_cookie(request: &Request) -> Lang {
        request
            .headers()
            .get(header::COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|c| auth::cookie(c, LANG_COOKIE))
            .and_then(Lang::parse)
            .unwrap_or_default()
    }

    /// The language already chosen for this request (or the cookie's).
    pub fn from_request(request: &Request) -> Lang {
        request
            .extensions()
            .get::<Lang>()
            .copied()
            .unwrap_or_else(|| Lang::from_cookie(request))
    }
}
