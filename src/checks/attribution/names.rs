//! Is a named person or organisation attached to a cue? Heuristics on capitalisation, with
//! lists of capitalised words that do not name a source (nationalities, places, sectors,
//! sentence openers), so "Goldman Sachs analysts" is named and "Wall Street analysts" is not.

use crate::rules::compiled::RuleRegex;

/// Capitalised words that describe but do not name a source. Compared lower-cased, without a
/// possessive ending.
#[rustfmt::skip]
const NOT_NAMES: &[&str] = &[
    // places and nationalities
    "u.s.", "u.s", "us", "usa", "america", "american", "americans", "uk", "u.k.", "britain", "british", "eu",
    "europe", "european", "western", "west", "eastern", "east", "northern", "southern", "north", "south", "middle",
    "wall", "street", "washington", "beijing", "moscow", "kyiv", "kiev", "london", "brussels", "paris", "berlin",
    "tokyo", "delhi", "new", "york", "asia", "asian", "africa", "african", "arab", "gulf", "latin", "russia",
    "russian", "russians", "ukraine", "ukrainian", "ukrainians", "china", "chinese", "india", "indian", "israel",
    "israeli", "palestinian", "iran", "iranian", "iraq", "iraqi", "syria", "syrian", "turkey", "turkish", "germany",
    "german", "france", "french", "italy", "italian", "spain", "spanish", "japan", "japanese", "korea", "korean",
    "pakistan", "pakistani", "afghan", "saudi", "canada", "canadian", "mexico", "mexican", "brazil", "brazilian",
    "australia", "australian", "poland", "polish", "dutch", "swiss", "swedish", "norwegian", "greek", "egyptian",
    "lebanese", "jordanian", "qatari", "emirati", "kurdish", "taiwan", "taiwanese", "vietnamese", "thai",
    "indonesian", "filipino", "nigerian", "kenyan", "venezuelan", "colombian", "argentine", "cuban", "belarusian",
    "georgian", "armenian", "irish", "scottish", "welsh", "english", "nordic", "baltic", "balkan", "hong", "kong",
    "international", "global", "foreign", "federal", "national", "regional", "local", "state", "government",
    "administration",
    // sentence openers and determiners
    "the", "a", "an", "but", "and", "or", "yet", "so", "still", "now", "however", "meanwhile", "while", "although",
    "though", "as", "because", "since", "when", "if", "in", "on", "at", "for", "with", "by", "of", "to", "from",
    "this", "that", "these", "those", "there", "here", "it", "its", "they", "their", "we", "our", "he", "his", "she",
    "her", "i", "you", "one", "another", "some", "many", "most", "several", "other", "others", "few", "both", "all", "any", "more",
    "even", "also", "only", "independent", "leading", "top", "senior", "prominent", "outside", "various", "numerous",
    "according", "after", "before", "today", "yesterday", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "last", "next", "recent", "recently", "earlier", "later", "democratic", "democrat",
    "democrats", "republican", "republicans", "conservative", "liberal", "progressive",
    // article furniture glued to a sentence ("Summary Studies show ...")
    "summary", "update", "updated", "note", "editor's", "background", "analysis", "opinion", "advertisement",
    // the vague sources themselves, capitalised at a sentence start
    "analysts", "analyst", "experts", "expert", "observers", "critics", "commentators", "scholars", "economists",
    "pundits", "researchers", "scientists", "strategists", "specialists", "academics", "insiders", "watchers",
    "historians", "officials", "official", "sources", "source", "diplomats", "aides", "reports", "report", "media",
    "people", "residents", "studies", "study", "research", "data", "he's", "she's", "it's",
];

/// Common words that are capitalised only because they start the sentence ("Aviation analysts").
#[rustfmt::skip]
const SECTOR_WORDS: &[&str] = &[
    "aviation", "industry", "market", "markets", "trade", "security", "defense", "defence", "legal", "health",
    "energy", "oil", "tech", "technology", "political", "military", "financial", "economic", "policy", "intelligence",
    "climate", "medical", "public", "private", "police", "campaign", "election", "business", "banking", "investment",
    "equity", "credit", "bond", "currency", "stock", "auto", "retail", "travel", "sports", "science", "veteran",
    "city", "county", "school", "airport", "hospital", "court", "company", "bank", "fund", "mainstream",
    "conservative", "liberal", "democratic", "republican", "legislative", "congressional", "white",
];

/// Lower-case words for an organisation, which a name before them identifies.
#[rustfmt::skip]
const ORG_NOUNS: &[&str] = &[
    "administration", "government", "campaign", "company", "department", "ministry", "agency", "office", "press",
    "team", "police", "council", "commission", "committee", "embassy", "bank", "group", "party", "army", "military",
    "state", "city", "county", "school", "district", "airport", "hospital", "university", "court", "election",
];

fn bare(word: &str) -> String {
    let w = word.trim_matches(|c: char| matches!(c, ',' | ';' | ':' | '(' | ')' | '"' | '“' | '”'));
    let w = w.strip_suffix("'s").or_else(|| w.strip_suffix("’s")).unwrap_or(w);
    let w = w.strip_suffix('\'').or_else(|| w.strip_suffix('’')).unwrap_or(w);
    let w = w.trim_end_matches(['!', '?']);
    // A sentence's full stop, but not the last dot of "U.S.".
    let w = match w.strip_suffix('.') {
        Some(head) if !head.contains('.') => head,
        _ => w,
    };
    w.to_lowercase()
}

/// A word that starts with a capital letter or is an acronym ("AP", "U.N.").
fn capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

/// True when `word` can be part of a source's name.
fn name_word(word: &str) -> bool {
    if !capitalised(word) {
        return false;
    }
    let b = bare(word);
    !(NOT_NAMES.contains(&b.as_str()) || b.ends_with("-based") || b.ends_with("-owned") || b.ends_with("-run"))
}

/// "by the agency": an author named by its role.
static BY_THE: RuleRegex = RuleRegex::fixed(r"\bby\s+(?:the|its|their)\s+\p{L}");
/// Connectors a name may follow inside a clause.
static INNER: RuleRegex =
    RuleRegex::fixed(r"(?i)\b(?:like|such as|including|at|from|with|of|for|by|polled by|surveyed by)\s+");
/// A run of capitalised words at the start of `s` ("the Pentagon", "Capital Economics").
static NAME_RUN: RuleRegex = RuleRegex::fixed(
    r"^(?:the\s+)?((?:[\p{Lu}][\p{L}\p{N}'’.&-]*)(?:\s+(?:of\s+|for\s+|and\s+|&\s+|de\s+)?[\p{Lu}][\p{L}\p{N}'’.&-]*){0,5})",
);

/// Known one-word sources that are not obviously capitalised names (or are lower-case).
static INSTITUTION: RuleRegex = RuleRegex::fixed(
    r"^(?:the\s+)?(?:police|prosecutors|investigators|authorities|court (?:documents|records|papers|filings)|(?:a |the )?(?:criminal )?(?:complaint|indictment|lawsuit|affidavit|police report|court filing|charging documents))\b",
);

/// True when `s` starts with a name: at least one capitalised word that names something.
pub fn starts_with_name(s: &str) -> bool {
    let Some(c) = NAME_RUN.captures(s) else { return false };
    let run = c.get(1).map_or("", |m| m.as_str());
    run.split_whitespace().any(name_word)
}

/// True when `s` starts with a name or an institution whose word stands for its documents or
/// staff ("police", "court documents", "the complaint").
pub fn starts_with_source(s: &str) -> bool {
    starts_with_name(s) || INSTITUTION.is_match(s)
}

/// The capitalised words right before `end` in `s`, nearest last, stopped by punctuation.
fn run_before(s: &str) -> Vec<&str> {
    let mut run = Vec::new();
    for w in s.split_whitespace().rev() {
        let trailing_punct = w.ends_with(',') || w.ends_with(';') || w.ends_with(':') || w.ends_with('—');
        if trailing_punct || !capitalised(w) {
            break;
        }
        run.push(w);
        if run.len() == 4 {
            break;
        }
    }
    run.reverse();
    run
}

/// True when the words right before a source name it: "Goldman Sachs analysts",
/// "Pentagon officials", but not "Wall Street analysts", "U.S. officials" or a sentence-initial
/// "Aviation analysts".
pub fn named_before(sentence_before: &str) -> bool {
    // "Trump administration officials", "Kremlin press office sources": the organisation's
    // name before a lower-case word for it.
    let mut trimmed = sentence_before.trim_end();
    for _ in 0..2 {
        match trimmed.rsplit_once(char::is_whitespace) {
            Some((head, last)) if ORG_NOUNS.contains(&last) => trimmed = head.trim_end(),
            _ => break,
        }
    }
    let sentence_before = trimmed;
    let run = run_before(sentence_before);
    if run.is_empty() || !run.iter().any(|w| name_word(w)) {
        return false;
    }
    let at_start = sentence_before.split_whitespace().count() == run.len();
    if at_start && run.len() == 1 {
        let b = bare(run[0]);
        // A quote mark or bracket before the word does not make it a name either.
        return !SECTOR_WORDS.contains(&b.trim_start_matches(['“', '"', '(', '‘']));
    }
    true
}

/// True when `before` ends with an apposition naming the source: "Kurinji Selvaraj, " before
/// "a research analyst at ...".
pub fn apposition_before(before: &str) -> bool {
    let t = before.trim_end();
    let Some(t) = t.strip_suffix(',') else { return false };
    let run = run_before(t);
    run.len() >= 2 && run.iter().all(|w| name_word(w))
}

/// Words that tie a name to the cue right after it ("analysts at X", "a study by X").
static CONNECTOR: RuleRegex = RuleRegex::fixed(
    r"(?i)^\s*,?\s*(?:like|such as|including|at|from|with|of|for|in|by|polled by|surveyed by|interviewed by|published (?:in|by)|conducted by|released by|commissioned by|led by|carried out by|according to)\s+",
);

/// True when a connector and a name follow: "at Capital Economics", "by the BBC".
pub fn named_after(after: &str) -> bool {
    CONNECTOR.find(after).is_some_and(|m| starts_with_name(&after[m.end..]))
}

/// True when the clause after a source ends in its author: "a report released Tuesday by
/// the agency", "a study of 2,000 adults from Stanford University".
pub fn authored_in_clause(after: &str) -> bool {
    let clause = after.split([',', ';', '.', '—', '(']).next().unwrap_or("");
    let mut end = clause.len().min(80);
    while !clause.is_char_boundary(end) {
        end -= 1;
    }
    BY_THE.is_match(&clause[..end]) || named_within(&clause[..end])
}

/// True when a name follows any connector inside `s` (a clause between source and verb:
/// "like Ilya Grashchenkov", "who work at Goldman Sachs").
pub fn named_within(s: &str) -> bool {
    INNER.find_iter(s).any(|m| starts_with_name(&s[m.end()..]))
}

/// Evidence that a sentence names who reported or said something: "according to Reuters",
/// "the BBC reported", "told CNN", "police said". A pronoun does not count: in "he
/// reportedly made a call in which he said ..." the speaker is not the source.
static SENTENCE_SOURCE: RuleRegex = RuleRegex::fixed(
    r"(?x)
        (?i:(?-u:\b)according\s+to|(?-u:\b)(?:reported|alleged|claimed|confirmed|revealed|disclosed|first\s+reported|broke\s+the\s+news)\s+(?:by|in)|(?-u:\b)(?:told|citing)|(?-u:\b)as\s+(?:reported|first\s+reported)\s+(?:by|in))\s+(?P<after>.)
      | (?P<before>.)\s+(?:(?:has|have|had|first|also|previously|earlier|later|originally)\s+)?(?i:said|says|told|reported|reports|wrote|writes|claimed|claims|alleged|alleges|stated|confirmed|announced|tweeted|revealed|disclosed|noted|added|explained)(?-u:\b)
    ",
);

/// "a new report by", "a statement from": a document whose author follows.
static DOCUMENT_BY: RuleRegex = RuleRegex::fixed(
    r"^(?i:an?|the|one)\s+(?:[\w-]+\s+){0,2}?(?i:report|study|survey|analysis|statement|story|article|interview|investigation|review|poll)\s+(?i:by|from|in|with|for)\s+",
);

/// True when `sentence` names the agent of a report or a statement anywhere in it.
pub fn sentence_names_source(sentence: &str) -> bool {
    for c in SENTENCE_SOURCE.captures_iter(sentence) {
        if let Some(a) = c.name("after") {
            let rest = &sentence[a.start()..];
            let authored = DOCUMENT_BY.find(rest).is_some_and(|m| starts_with_name(&rest[m.end..]));
            if authored || starts_with_source(rest) {
                return true;
            }
        }
        if let Some(b) = c.name("before") {
            let before = &sentence[..b.end()];
            // "Epstein's alleged ring": a possessive makes the word an adjective, not a verb.
            if before.ends_with("'s") || before.ends_with("’s") {
                continue;
            }
            if INSTITUTION_END.is_match(before) {
                return true;
            }
            let run = run_before(before);
            if !run.is_empty() && run.iter().any(|w| name_word(w)) {
                return true;
            }
        }
    }
    false
}

/// An institution right before a speech verb: "... police said".
static INSTITUTION_END: RuleRegex = RuleRegex::fixed(
    r"(?i)\b(?:police|prosecutors|investigators|authorities|court (?:documents|records|papers|filings)|the (?:complaint|indictment|lawsuit|affidavit|police report))$",
);

/// The patterns of this module's regexes (see `rules::known_nfas`).
#[cfg(test)]
pub(crate) fn own_patterns() -> Vec<&'static str> {
    [&BY_THE, &INNER, &NAME_RUN, &INSTITUTION, &CONNECTOR, &SENTENCE_SOURCE, &DOCUMENT_BY, &INSTITUTION_END]
        .map(RuleRegex::pattern)
        .to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_non_names() {
        assert!(starts_with_name("Capital Economics said"));
        assert!(starts_with_name("the BBC on Monday"));
        assert!(starts_with_name("Reuters."));
        assert!(!starts_with_name("the U.S. said"));
        assert!(!starts_with_name("local media"));
        assert!(!starts_with_name("Washington-based groups"));
    }

    #[test]
    fn words_before_a_source() {
        assert!(named_before("Shares fell, Goldman Sachs"));
        assert!(named_before("On Monday, Pentagon"));
        assert!(named_before("Commerzbank"));
        assert!(!named_before("Aviation"));
        assert!(!named_before("Middle East"));
        assert!(!named_before("In the deal, U.S."));
        assert!(!named_before("While"));
    }

    #[test]
    fn sentence_sources() {
        assert!(sentence_names_source("He reportedly left, the BBC reported."));
        assert!(sentence_names_source("He allegedly stole cars, police said."));
        assert!(sentence_names_source("The firm is reportedly in talks, according to Bloomberg."));
        assert!(sentence_names_source("Peskov claimed the troops reportedly advanced."));
        assert!(!sentence_names_source("The talks reportedly devolved into a heated exchange."));
        assert!(!sentence_names_source("Officials said the talks reportedly failed."));
        assert!(!sentence_names_source("WeWork is reportedly being investigated by the New York Attorney General."));
        // ASCII word boundaries: the same answers beside curly quotes, dashes and accents.
        assert!(sentence_names_source("“He reportedly left,” the BBC reported — on Monday."));
        assert!(sentence_names_source("The café is reportedly closing, according to Le Monde."));
        assert!(sentence_names_source("Élodie Martin said the vote was reportedly delayed."));
        assert!(!sentence_names_source("The “talks” reportedly devolved — again — into a heated exchange."));
        assert!(!sentence_names_source("Its hearsaid rumour reportedly spread."));
    }
}
