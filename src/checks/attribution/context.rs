//! What the sentences around a cue say about its source: an outlet that printed the claim
//! ("sources told Reuters"), an event rather than a claim ("a case of plague was reported"),
//! the next sentence describing the study ("Studies show … For example, one study in 50
//! people …") or naming the expert, the previous one naming the organisation whose officials
//! speak. Edited news attributes across sentences; a same-sentence rule alone misjudges it.

use super::names;
use crate::rules::compiled::RuleRegex;

/// Words for an outlet that a story has already named ("an insider told the outlet").
const OUTLET_NOUNS: &[&str] = &[
    "outlet",
    "newspaper",
    "paper",
    "publication",
    "magazine",
    "site",
    "website",
    "network",
    "broadcaster",
    "station",
    "channel",
    "tabloid",
    "daily",
    "agency",
    "programme",
    "program",
    "show",
    "podcast",
];

/// The words after a cue that hand the claim to a publication: "told Reuters", "cited by
/// Taiwanese publication DigiTimes", "as reported by the Independent newspaper".
static TO_OUTLET: RuleRegex = RuleRegex::fixed(
    r"(?i)^[\s,]*(?:(?:told|tell|tells|speaking\s+to|in\s+an\s+interview\s+with)\s+|(?:as\s+(?:first\s+)?reported\s+(?:by|in)|cited\s+by|quoted\s+(?:by|in)|interviewed\s+by|polled\s+by|surveyed\s+by)\s+)",
);

/// True when the cue's claim is tied to a named outlet: the outlet printed it and answers for
/// the source. `cue` is the matched text, `after` the rest of the sentence.
pub fn outlet_vouches(cue: &str, after: &str) -> bool {
    // A forward cue ends with its verb ("sources told"): read it together with what follows.
    let told = cue
        .rsplit(char::is_whitespace)
        .next()
        .is_some_and(|w| matches!(w.to_lowercase().as_str(), "told" | "tell" | "tells"));
    let joined;
    let tail = if told {
        joined = format!("told {after}");
        joined.as_str()
    } else {
        after
    };
    let Some(m) = TO_OUTLET.find(tail) else { return false };
    let words: Vec<&str> = tail[m.end..].split_whitespace().take(6).collect();
    let mut capitals = 0;
    for (i, w) in words.iter().enumerate() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase();
        if OUTLET_NOUNS.contains(&bare.as_str()) {
            return true;
        }
        // A recipient is capitalised: "Reuters", "USA TODAY", "Polygraph.info".
        if w.chars().next().is_some_and(char::is_uppercase) {
            capitals += 1;
            if i == 0 || names::starts_with_name(w) {
                return true;
            }
        }
        if w.ends_with([',', ';', '.']) {
            break;
        }
    }
    capitals >= 2
}

/// Nouns for an event: "a case of plague was reported" reports an event, not a claim.
const EVENT_NOUNS: &[&str] = &[
    "case",
    "cases",
    "death",
    "deaths",
    "incident",
    "incidents",
    "outbreak",
    "outbreaks",
    "infection",
    "infections",
    "fatality",
    "fatalities",
    "injury",
    "injuries",
    "sighting",
    "sightings",
];

/// True when a passive "was reported" has an event for its subject (in the eight words
/// before it).
pub fn event_passive(cue: &str, before: &str) -> bool {
    let cue = cue.to_lowercase();
    if !cue.ends_with("reported") {
        return false;
    }
    before
        .split_whitespace()
        .rev()
        .take(8)
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_lowercase())
        .any(|w| EVENT_NOUNS.contains(&w.as_str()))
}

/// Sources that stand for a document or a group whose next sentence can describe them.
const DOCUMENT_NOUNS: &[&str] = &[
    "study",
    "studies",
    "research",
    "evidence",
    "report",
    "reports",
    "survey",
    "surveys",
    "poll",
    "polls",
    "analysis",
    "data",
    "group",
    "coalition",
    "organization",
    "organisation",
    "association",
];

/// Words of reporting and alleging, for [`names_the_report`].
static REPORTING: RuleRegex = RuleRegex::fixed(r"(?i)\baccording\s+to\b|\breport(?:s|ed)?\b|\ballege[ds]?\b");

/// "reportedly", "allegedly": a hedge word that stands for a report or an allegation.
pub fn is_hedge_word(cue: &str) -> bool {
    cue.eq_ignore_ascii_case("reportedly") || cue.eq_ignore_ascii_case("allegedly")
}

/// A sentence that names the report or allegation a hedge in the sentence before stands for:
/// "According to Reuters, …", "…, according to a new Fast Company report.", "Prosecutors
/// alleged …". Only the words of reporting and alleging count: "X told Business Insider"
/// after "reportedly" names a commentator, not the report.
pub fn names_the_report(sentence: &str) -> bool {
    REPORTING.is_match(sentence) && super::names::sentence_names_source(sentence)
}

/// True when `who` (or the cue) is a document or a group ("studies", "a group of").
pub fn is_document(who: &str) -> bool {
    who.split_whitespace().any(|w| DOCUMENT_NOUNS.contains(&w.to_lowercase().as_str()))
}

/// A sentence that gives the specifics of a study or group just mentioned: "For example, one
/// study in 496 adolescents …", "One small study in 50 people …", "The authors of the research
/// published in …", "The group, X Coalition, …".
static SPECIFIC: RuleRegex = RuleRegex::fixed(
    r"(?i)^[\s“”\x22]*(?:(?:for\s+example|for\s+instance)\b|(?:(?:in\s+fact|indeed|similarly|specifically|in\s+particular),?\s+)?(?:in\s+)?(?:one|another)\s+(?:[\w,.’'-]+\s+){0,3}?(?:study|trial|analysis|review|survey|paper|report|poll|experiment)\b|the\s+(?:authors|researchers|group|coalition|organi[sz]ation)\b,?\s+(?:of|behind|who|from|\p{Lu}))",
);

/// True when `next` describes the specific study or group.
pub fn describes_specific(next: &str) -> bool {
    SPECIFIC.is_match(next)
}

/// A speech verb in a sentence that quotes a named person or organisation.
static SPEECH: RuleRegex = RuleRegex::fixed(
    r"\b(?:said|says|told|tells|added|adds|noted|notes|explained|explains|pointed\s+out|points\s+out|wrote|writes|argued|argues|warned|warns|according\s+to)\b",
);

/// "said Rusmik Oza", "said a report from Kotak Institutional Equities".
static SAID_NAME: RuleRegex = RuleRegex::fixed(
    r"\b(?:said|says|told|added|noted|explained|wrote|argued|warned)\s+(?:(?:an?|the)\s+(?:report|note|statement|study)\s+(?:from|by)\s+)?",
);

/// True when `next` quotes a named person or organisation: the expert the cue summarised.
pub fn names_speaker(next: &str) -> bool {
    let trimmed = next.trim_start_matches(|c: char| c.is_whitespace() || matches!(c, '“' | '"' | '‘'));
    if names::sentence_names_source(next) {
        return true;
    }
    if names::starts_with_name(trimmed) && SPEECH.is_match(next) {
        return true;
    }
    if SPEECH.is_match(next) && APPOSITION.find_iter(next).any(|m| names::starts_with_name(m.as_str())) {
        return true;
    }
    SAID_NAME.find_iter(next).any(|m| names::starts_with_name(&next[m.end()..]))
}

/// A person introduced with a title: "Kurinji Selvaraj, a research analyst at …".
static APPOSITION: RuleRegex = RuleRegex::fixed(r"\b\p{Lu}[\p{L}'’-]+(?:\s+\p{Lu}[\p{L}.'’-]*){1,3},\s+(?:an?|the)\s");

/// The patterns of this module's regexes (see `rules::known_nfas`).
#[cfg(test)]
pub(crate) fn own_patterns() -> Vec<&'static str> {
    [&TO_OUTLET, &SPECIFIC, &SPEECH, &SAID_NAME, &APPOSITION, &REPORTING].map(RuleRegex::pattern).to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlets() {
        assert!(outlet_vouches("sources told", " Reuters that oil will fall."));
        assert!(outlet_vouches("Experts on jail suicide told", " USA TODAY that it is rare."));
        assert!(outlet_vouches("an insider told", " the outlet on Monday."));
        assert!(outlet_vouches("according to industry sources", " cited by Taiwanese publication DigiTimes."));
        assert!(outlet_vouches("said one legal expert", ", as reported by the Independent newspaper."));
        assert!(!outlet_vouches("sources told", " reporters that oil will fall."));
        assert!(!outlet_vouches("sources said", " the talks failed."));
        assert!(!outlet_vouches("officials told", " the Chinese that tariffs stay."));
    }

    #[test]
    fn events() {
        assert!(event_passive("was reported", "A case of the bubonic plague "));
        assert!(event_passive("was reported", "On May 2, a third case of plague "));
        assert!(!event_passive("was reported", "An attack on the city "));
        assert!(!event_passive("is believed to", "A case "));
    }

    #[test]
    fn specifics() {
        assert!(describes_specific("For example, one study in 496 girls found that fasting helps."));
        assert!(describes_specific("One small, 2-week study found that fibre helps."));
        assert!(describes_specific("The authors of the research published in a journal argued."));
        assert!(describes_specific("The group, the Workers Coalition, formed in May."));
        assert!(!describes_specific("Sleep matters for everyone."));
        assert!(!describes_specific("The results were mixed."));
        assert!(!describes_specific("A new study suggests the levee is too low."));
    }

    #[test]
    fn speakers() {
        assert!(names_speaker("“Growth is back,” said Jane Doe, head of research at Acme Securities."));
        assert!(names_speaker("“Growth is back,” said a report from Acme Institutional Equities."));
        assert!(names_speaker("Jane Doe, head of research at Acme Securities, pointed out that growth is back."));
        assert!(names_speaker("“It is the wind,” Jane Doe, a research analyst at a think tank told CBS News."));
        // The person is introduced mid-sentence, with a title, before the speech verb.
        assert!(names_speaker(
            "In a note on Monday, Jane Doe, a research analyst at a think tank, warned that rates will rise."
        ));
        assert!(!names_speaker("In a note on Monday, The Analysts, a group of traders, warned that rates will rise."));
        assert!(!names_speaker("The Arab League called it a setback."));
        assert!(!names_speaker("Growth is back."));
    }
}
