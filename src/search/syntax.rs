//! The query language: space-separated terms are all required, `OR` between
//! terms makes alternatives, `-term` excludes, `"…"` is exact text, and
//! `year:2017`, `year:2014..2017`, `region:`, `unit:`, `topic:`, `kind:` filter.

use std::fmt;

use crate::analysis::{is_term_char, normalise, normalise_text};

/// One searchable term, normalised.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    /// The normalised text (punctuation inside it kept, edges trimmed).
    pub text: String,
    /// `"…"`: exact text only.
    pub quoted: bool,
}

/// An inclusive year range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearRange {
    pub from: u16,
    pub to: u16,
}

/// Facet filters, from flags or inline `field:value` terms.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filters {
    pub years: Option<YearRange>,
    pub region: Vec<String>,
    pub unit: Vec<String>,
    pub topic: Vec<String>,
    pub kind: Vec<String>,
}

impl Filters {
    pub fn is_empty(&self) -> bool {
        self.years.is_none()
            && self.region.is_empty()
            && self.unit.is_empty()
            && self.topic.is_empty()
            && self.kind.is_empty()
    }
}

/// A parsed query: every clause must match (each clause is a list of
/// alternatives), no excluded term may match, and the filters apply.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub clauses: Vec<Vec<Term>>,
    pub excluded: Vec<Term>,
    pub filters: Filters,
    /// Search each term as typed, without the lexicon's other spellings
    /// (what trends and KWIC count by default).
    pub literal: bool,
}

impl ParsedQuery {
    /// Every positive term, for highlighting.
    pub fn positive_terms(&self) -> impl Iterator<Item = &Term> {
        self.clauses.iter().flatten()
    }
}

/// A query the user typed that cannot be run, with the reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError(pub String);

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl std::error::Error for SyntaxError {}

fn error<T>(message: impl Into<String>) -> Result<T, SyntaxError> {
    Err(SyntaxError(message.into()))
}

#[derive(Debug, PartialEq)]
enum Lexeme {
    Word {
        text: String,
        negated: bool,
        quoted: bool,
    },
    Or,
}

/// Splits the query into words, quoted phrases and `OR`.
fn lex(query: &str) -> Result<Vec<Lexeme>, SyntaxError> {
    let mut lexemes = Vec::new();
    let mut chars = query.chars().peekable();
    while let Some(&c) = chars.peek() {
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        let negated = c == '-';
        if negated {
            chars.next();
        }
        let quote = chars.peek().copied().and_then(closing_quote);
        if let Some(close) = quote {
            chars.next();
            let mut text = String::new();
            let mut closed = false;
            for c in chars.by_ref() {
                if c == close || (close == '"' && c == '”') {
                    closed = true;
                    break;
                }
                text.push(c);
            }
            if !closed {
                return error("unbalanced quote: a `\"` is missing its closing `\"`");
            }
            lexemes.push(Lexeme::Word {
                text,
                negated,
                quoted: true,
            });
            continue;
        }
        let mut text = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || closing_quote(c).is_some() {
                break;
            }
            text.push(c);
            chars.next();
        }
        if text == "OR" && !negated {
            lexemes.push(Lexeme::Or);
        } else if text.is_empty() {
            return error("`-` must be followed by a term to exclude");
        } else {
            lexemes.push(Lexeme::Word {
                text,
                negated,
                quoted: false,
            });
        }
    }
    Ok(lexemes)
}

fn closing_quote(open: char) -> Option<char> {
    match open {
        '"' | '“' => Some('"'),
        _ => None,
    }
}

/// Parses a query. `"` and `“…”` both quote.
pub fn parse(query: &str) -> Result<ParsedQuery, SyntaxError> {
    parse_with_filters(query, Filters::default())
}

/// Parses a query to which filters given apart (command-line flags) are
/// added; a query of only filters lists every document they allow.
pub fn parse_with_filters(query: &str, filters: Filters) -> Result<ParsedQuery, SyntaxError> {
    let mut parsed = ParsedQuery {
        filters,
        ..ParsedQuery::default()
    };
    let mut pending_or = false;
    let lexemes = lex(query)?;
    for (i, lexeme) in lexemes.iter().enumerate() {
        match lexeme {
            Lexeme::Or => {
                let after_term = matches!(
                    lexemes.get(i.wrapping_sub(1)),
                    Some(Lexeme::Word { negated: false, .. })
                );
                let before_term = matches!(
                    lexemes.get(i + 1),
                    Some(Lexeme::Word { negated: false, .. })
                );
                if i == 0 || !after_term || !before_term || parsed.clauses.is_empty() {
                    return error("`OR` must stand between two search terms");
                }
                pending_or = true;
            }
            Lexeme::Word {
                text,
                negated,
                quoted,
            } => {
                if !quoted {
                    if let Some((field, value)) = text.split_once([':', '：']) {
                        if apply_filter(&mut parsed.filters, field, value)? {
                            if pending_or {
                                return error("`OR` cannot join a filter");
                            }
                            continue;
                        }
                    }
                }
                let term = make_term(text, *quoted)?;
                if *negated {
                    parsed.excluded.push(term);
                } else if pending_or {
                    if let Some(last) = parsed.clauses.last_mut() {
                        last.push(term);
                    }
                    pending_or = false;
                } else {
                    parsed.clauses.push(vec![term]);
                }
            }
        }
    }
    if parsed.clauses.is_empty() && parsed.filters.is_empty() {
        return error("the query has no search terms (and no filter)");
    }
    Ok(parsed)
}

fn make_term(raw: &str, quoted: bool) -> Result<Term, SyntaxError> {
    // The form documents are indexed in: `"第十四届 人民代表大会"` is the
    // text a wrapped dateline holds.
    let normalised = normalise_text(raw);
    let text = normalised.trim_matches(|c: char| !is_term_char(c));
    if text.is_empty() {
        return error(format!(
            "`{raw}` has no letters, digits or Chinese characters to search for"
        ));
    }
    Ok(Term {
        text: text.to_string(),
        quoted,
    })
}

/// Applies `field:value` if `field` is a filter name; returns whether it was one.
fn apply_filter(filters: &mut Filters, field: &str, value: &str) -> Result<bool, SyntaxError> {
    let field = normalise(field);
    let list = match field.as_str() {
        "year" => {
            filters.years = Some(parse_years(value)?);
            return Ok(true);
        }
        "region" => &mut filters.region,
        "unit" => &mut filters.unit,
        "topic" => &mut filters.topic,
        "kind" => &mut filters.kind,
        _ => return Ok(false),
    };
    if value.trim().is_empty() {
        return error(format!("`{field}:` needs a value"));
    }
    list.push(value.trim().to_string());
    Ok(true)
}

/// `2017`, `2014..2017`, `2014..`, `..2017` (also `2014-2017`).
pub fn parse_years(value: &str) -> Result<YearRange, SyntaxError> {
    let value = normalise(value.trim());
    let (from, to) = match value.split_once("..").or_else(|| value.split_once('-')) {
        Some((a, b)) => (a, b),
        None => (value.as_str(), value.as_str()),
    };
    let bound = |s: &str, default: u16| -> Result<u16, SyntaxError> {
        let s = s.trim().trim_end_matches('年');
        if s.is_empty() {
            return Ok(default);
        }
        match s.parse::<u16>() {
            Ok(y) if (1000..=9999).contains(&y) => Ok(y),
            _ => error(format!(
                "`{value}` is not a year or a range of years like 2014..2017"
            )),
        }
    };
    let range = YearRange {
        from: bound(from, 0)?,
        to: bound(to, u16::MAX)?,
    };
    if range.from > range.to {
        return error(format!(
            "year range `{value}` is empty: it starts after it ends"
        ));
    }
    Ok(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, quoted: bool) -> Term {
        Term {
            text: text.to_string(),
            quoted,
        }
    }

    #[test]
    fn parses_and_or_not_quotes_and_filters() {
        let q =
            parse("计划生育 流动人口 OR 外来人口 -宣传 \"关爱 女孩\" year:2014..2017 region:广东")
                .unwrap();
        assert_eq!(q.clauses[0], vec![term("计划生育", false)]);
        assert_eq!(
            q.clauses[1],
            vec![term("流动人口", false), term("外来人口", false)]
        );
        // Spacing between Chinese characters is layout, in a query too.
        assert_eq!(q.clauses[2], vec![term("关爱女孩", true)]);
        assert_eq!(q.excluded, vec![term("宣传", false)]);
        assert_eq!(
            q.filters.years,
            Some(YearRange {
                from: 2014,
                to: 2017
            })
        );
        assert_eq!(q.filters.region, vec!["广东".to_string()]);
    }

    #[test]
    fn reports_errors() {
        assert!(parse("\"计划生育").unwrap_err().0.contains("unbalanced"));
        assert!(parse("，。！").unwrap_err().0.contains("no letters"));
        assert!(parse("OR 计生").is_err());
        assert!(parse("计生 OR").is_err());
        assert!(parse("year:abc 计生").is_err());
        assert!(parse("year:2018..2017").is_err());
        assert!(parse("   ").is_err());
    }

    #[test]
    fn filters_take_full_width_colons_and_unknown_fields_stay_text() {
        let q = parse("计生 year：2017 kind：通知").unwrap();
        assert_eq!(
            q.filters.years,
            Some(YearRange {
                from: 2017,
                to: 2017
            })
        );
        assert_eq!(q.filters.kind, vec!["通知".to_string()]);
        let q = parse("时间:上午").unwrap();
        assert_eq!(q.clauses[0][0].text, "时间:上午");
    }

    /// Random queries never make the parser panic; they parse or say why.
    #[test]
    fn parser_never_panics() {
        let mut rng = crate::eval::SplitMix::new(11);
        let pieces = [
            "计生", "\"", "“", "”", "-", "OR", " ", ":", "：", "year", "year:", "2017", "..",
            "region:", "广东", "，", "。", "Ａ", "(", "[", "*", "\\", "kind:", "--", "-\"",
        ];
        for _ in 0..5000 {
            let query: String = (0..rng.below(8))
                .map(|_| pieces[rng.below(pieces.len())])
                .collect();
            if let Err(e) = parse(&query) {
                assert!(!e.0.is_empty() && !e.0.contains('\n'), "{query:?}: {e}");
            }
        }
    }

    #[test]
    fn normalises_terms() {
        let q = parse("計劃生育 ２０１７").unwrap();
        assert_eq!(q.clauses[0][0].text, "计划生育");
        assert_eq!(q.clauses[1][0].text, "2017");
    }
}
