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

impl Lang {
    /// A word of the engine's vocabulary (measure, role, qualifier, hardness, unit) as
    /// this language shows it. English shows the stored word itself; words without a
    /// Chinese name (a unit added by a user's file, say) are shown as stored.
    pub fn term(self, word: &str) -> &str {
        if self == Lang::En {
            return word;
        }
        match word {
            // Measures.
            "level" => "总量",
            "growth" => "增长",
            "change_pp" => "变化（百分点）",
            "share" => "比重",
            "count" => "数量",
            "change" => "增减",
            // Roles.
            "actual" => "实际",
            "estimate" => "预计",
            "target" => "目标",
            "plan_target" => "规划目标",
            // Qualifiers.
            "exact" => "确数",
            "about" => "左右",
            "at_least" => "以上",
            "at_most" => "以内",
            "nearly" => "近",
            "range" => "区间",
            "sync" => "同步",
            // Hardness.
            "hard" => "约束性",
            "soft" => "预期性",
            // Units.
            "percent" => "%",
            "percentage_point" => "个百分点",
            "permille" => "‰",
            "CNY" => "元",
            "USD" => "美元",
            "person" => "人",
            "person_time" => "人次",
            "item" => "个",
            "ton" => "吨",
            "kg" => "千克",
            "jin" => "斤",
            "mu" => "亩",
            "ha" => "公顷",
            "km" => "公里",
            "km2" => "平方公里",
            "m" => "米",
            "m2" => "平方米",
            "m3" => "立方米",
            "kwh" => "千瓦时",
            "kw" => "千瓦",
            "times" => "倍",
            "year" => "年",
            "month" => "月",
            "ug_per_m3" => "微克/立方米",
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Lang;

    #[test]
    fn terms_are_chinese_in_chinese_and_as_stored_in_english() {
        assert_eq!(Lang::Zh.term("growth"), "增长");
        assert_eq!(Lang::Zh.term("soft"), "预期性");
        assert_eq!(Lang::Zh.term("percent"), "%");
        assert_eq!(Lang::Zh.term("a_unit_of_my_own"), "a_unit_of_my_own");
        assert_eq!(Lang::En.term("growth"), "growth");
    }
}
