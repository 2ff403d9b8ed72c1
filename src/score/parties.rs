//! Which party a name speaks for: affiliations, group and unit ids, and the
//! words of an attribution ("a KIA statement", "the junta's information team").
//!
//! Built once per run from data: every gazetteer group is a party, whose id is
//! its outermost group ancestor (so a wing and its parent organisation, or a
//! militia and the army it serves, are one party); a unit or position belongs
//! to the party of its nearest group ancestor. `[score.parties]` adds or
//! overrides names. Nothing here knows any particular party.

use std::collections::{BTreeMap, HashMap};

use crate::config::ScoreConfig;
use crate::model::EntityKind;
use crate::normalize::Gazetteer;

/// Longest attribution phrase (in words) looked up as a party name.
const MAX_NAME_WORDS: usize = 6;

/// Party lookup; see the module documentation.
#[derive(Debug, Clone, Default)]
pub struct Parties {
    /// Gazetteer id -> party id (groups, and units/positions under a group).
    by_id: HashMap<String, String>,
    /// Folded name or alias -> party id (groups and config entries).
    by_name: HashMap<String, String>,
    /// Party id -> readable name.
    names: BTreeMap<String, String>,
    neutral: Vec<String>,
}

/// Lowercase words of `s` joined by single spaces (punctuation is a separator,
/// apostrophes are dropped: "KIA's" -> "kias" is avoided by splitting on them).
pub fn fold_name(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s
        .split(|c: char| !c.is_alphanumeric() && !is_mark(c))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().flat_map(char::to_lowercase));
    }
    out
}

/// Combining marks (Burmese vowel signs and the like) belong to their word.
fn is_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1000..=0x109F | 0xAA60..=0xAA7F | 0xA9E0..=0xA9FF)
}

impl Parties {
    pub fn new(gazetteer: &Gazetteer, config: &ScoreConfig) -> Parties {
        let mut p = Parties {
            neutral: config
                .neutral_affiliations
                .iter()
                .map(|a| fold_name(a))
                .collect(),
            ..Parties::default()
        };
        for e in gazetteer.entries() {
            let mut chain = vec![e.id.clone()];
            chain.extend(gazetteer.ancestors(&e.id));
            let groups: Vec<&String> = chain
                .iter()
                .filter(|id| {
                    gazetteer
                        .get(id)
                        .is_some_and(|g| g.kind == EntityKind::Group)
                })
                .collect();
            let Some(party) = groups.last() else { continue };
            p.by_id.insert(e.id.clone(), (*party).clone());
            if e.kind == EntityKind::Group {
                for name in std::iter::once(&e.id)
                    .chain(std::iter::once(&e.name))
                    .chain(&e.aliases)
                {
                    p.by_name
                        .entry(fold_name(name))
                        .or_insert_with(|| (*party).clone());
                }
            }
            if e.id == **party {
                p.names.insert(e.id.clone(), e.name.clone());
            }
        }
        for (name, party) in &config.parties {
            p.by_name.insert(fold_name(name), party.clone());
            p.by_id.insert(name.clone(), party.clone());
        }
        p.by_name.retain(|k, _| !k.is_empty());
        p
    }

    /// A readable name of a party id.
    pub fn name<'a>(&'a self, party: &'a str) -> &'a str {
        self.names.get(party).map_or(party, String::as_str)
    }

    /// The party an affiliation speaks for; `None` when it is neutral.
    /// An affiliation unknown to the gazetteer is its own party.
    pub fn of_affiliation(&self, affiliation: &str) -> Option<String> {
        let folded = fold_name(affiliation);
        if folded.is_empty() || self.neutral.contains(&folded) {
            return None;
        }
        Some(
            self.by_id
                .get(affiliation)
                .or_else(|| self.by_name.get(&folded))
                .cloned()
                .unwrap_or(folded),
        )
    }

    /// The party of a gazetteer entity (a group, or a unit under one).
    pub fn of_entity(&self, id: &str) -> Option<String> {
        self.by_id.get(id).cloned()
    }

    /// The party named inside an attribution phrase ("a KIA statement",
    /// "State Administration Council spokesman"), longest name first.
    pub fn in_phrase(&self, phrase: &str) -> Option<String> {
        let folded = fold_name(phrase);
        let words: Vec<&str> = folded.split(' ').filter(|w| !w.is_empty()).collect();
        for n in (1..=MAX_NAME_WORDS.min(words.len())).rev() {
            for w in words.windows(n) {
                if let Some(p) = self.by_name.get(&w.join(" ")) {
                    return Some(p.clone());
                }
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gazetteer() -> Gazetteer {
        let csv = "id,kind,name,aliases,parent,lat,lon\n\
            front,group,Liberation Front,LF|Front,org,,\n\
            org,group,Liberation Organisation,LO,,,\n\
            state,group,State Council,SC|regime|military council,,,\n\
            militia,group,Hill Militia,,state,,\n\
            bn-1,unit,BN 1,,state,,\n\
            hill-9,position,Hill 9,,district,,\n\
            district,place,District,,,,\n";
        Gazetteer::from_csv(csv.as_bytes(), "test").unwrap()
    }

    #[test]
    fn outermost_group_is_the_party() {
        let p = Parties::new(&gazetteer(), &ScoreConfig::default());
        assert_eq!(p.of_affiliation("front").as_deref(), Some("org"));
        assert_eq!(p.of_affiliation("org").as_deref(), Some("org"));
        assert_eq!(p.of_entity("militia").as_deref(), Some("state"));
        assert_eq!(p.of_entity("bn-1").as_deref(), Some("state"));
        assert_eq!(p.of_entity("hill-9"), None);
        assert_eq!(p.of_affiliation("independent"), None);
        assert_eq!(p.of_affiliation("Unknown"), None);
        assert_eq!(p.of_affiliation("nug").as_deref(), Some("nug"));
    }

    #[test]
    fn phrases_name_parties_by_alias() {
        let p = Parties::new(&gazetteer(), &ScoreConfig::default());
        assert_eq!(p.in_phrase("a LF statement").as_deref(), Some("org"));
        assert_eq!(
            p.in_phrase("the Military Council's spokesman").as_deref(),
            Some("state")
        );
        assert_eq!(p.in_phrase("residents"), None);
        assert_eq!(p.in_phrase("Frontline Weekly"), None);
    }

    #[test]
    fn config_adds_names() {
        let mut config = ScoreConfig::default();
        config.parties.insert("sac".into(), "state".into());
        let p = Parties::new(&gazetteer(), &config);
        assert_eq!(p.of_affiliation("sac").as_deref(), Some("state"));
        assert_eq!(
            p.in_phrase("SAC information team").as_deref(),
            Some("state")
        );
    }
}
