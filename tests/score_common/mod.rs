//! Builders for constructed `Clustered` inputs of the score stage.
#![allow(dead_code)]

use corroborate::config::ScoreConfig;
use corroborate::model::{
    Claim, ClaimOrigin, Cluster, ClusterMember, Clustered, Date, DateWindow, EntityRef, Event,
    ExtractedReport, Interval, Polarity, Quantity, Scored, ScoredClaim, SourceKind,
};
use corroborate::normalize::Gazetteer;

/// A small gazetteer: two parties (one with a political wing as parent), a
/// unit on one side, a position and villages inside a township.
pub const GAZETTEER: &str = "id,kind,name,aliases,parent,lat,lon\n\
kachin-state,place,Kachin State,,,,\n\
waingmaw-township,place,Waingmaw Township,,kachin-state,,\n\
shwe-nyaungbin,place,Shwe Nyaungbin,,waingmaw-township,,\n\
katsu,place,Katsu,,waingmaw-township,,\n\
myitkyina-township,place,Myitkyina Township,,kachin-state,,\n\
point-1130,position,Point 1130,,waingmaw-township,,\n\
kio,group,Kachin Independence Organization,KIO,,,\n\
kia,group,Kachin Independence Army,KIA,kio,,\n\
junta,group,State Administration Council,SAC|junta|military council,,,\n\
lib-321,unit,LIB 321,,junta,,\n";

pub fn gazetteer() -> Gazetteer {
    Gazetteer::from_csv(GAZETTEER.as_bytes(), "test gazetteer").unwrap()
}

pub fn date(s: &str) -> Date {
    s.parse().unwrap()
}

fn entity(g: &Gazetteer, id: &str) -> EntityRef {
    g.get(id)
        .unwrap_or_else(|| panic!("{id} not in the test gazetteer"))
        .to_ref()
}

/// A claim builder.
#[derive(Clone)]
pub struct C(pub Claim);

impl C {
    pub fn new(event: Event, polarity: Polarity) -> C {
        C(Claim {
            report_id: String::new(),
            event,
            polarity,
            target: None,
            place: None,
            place_parents: vec![],
            actor: None,
            window: None,
            quantity: None,
            attribution: vec![],
            hedges: vec![],
            origin: ClaimOrigin::Hand,
            span: (0, 0),
        })
    }
    pub fn capture() -> C {
        C::new(Event::Capture, Polarity::Asserted)
    }
    pub fn target(mut self, id: &str) -> C {
        self.0.target = Some(entity(&gazetteer(), id));
        self
    }
    pub fn place(mut self, id: &str) -> C {
        let g = gazetteer();
        self.0.place = Some(entity(&g, id));
        self.0.place_parents = g.ancestors(id);
        self
    }
    pub fn actor(mut self, id: &str) -> C {
        self.0.actor = Some(id.to_string());
        self
    }
    pub fn on(mut self, day: &str) -> C {
        self.0.window = Some(DateWindow {
            from: date(day),
            to: date(day),
            precision: 1,
        });
        self
    }
    pub fn between(mut self, from: &str, to: &str) -> C {
        self.0.window = Some(DateWindow {
            from: date(from),
            to: date(to),
            precision: 2,
        });
        self
    }
    pub fn count(mut self, lo: u64, hi: Option<u64>, noun: &str) -> C {
        self.0.quantity = Some(Quantity {
            range: Interval { lo, hi },
            noun: noun.to_string(),
        });
        self
    }
    pub fn said_by(mut self, chain: &[&str]) -> C {
        self.0.attribution = chain.iter().map(|s| s.to_string()).collect();
        self
    }
    pub fn hedged(mut self) -> C {
        self.0.hedges = vec!["reportedly".into()];
        self
    }
}

/// A report with claims.
pub fn report(
    id: &str,
    source: &str,
    kind: SourceKind,
    affiliation: &str,
    published: &str,
    claims: Vec<C>,
) -> ExtractedReport {
    ExtractedReport {
        report_id: id.to_string(),
        source: source.to_string(),
        kind,
        affiliation: affiliation.to_string(),
        published: date(published),
        cites: vec![],
        url: None,
        claims: claims
            .into_iter()
            .map(|c| Claim {
                report_id: id.to_string(),
                ..c.0
            })
            .collect(),
    }
}

/// Every report alone in its cluster, except the given groups (leader first).
pub fn clustered(reports: Vec<ExtractedReport>, groups: &[&[&str]]) -> Clustered {
    let mut clusters: Vec<Cluster> = groups
        .iter()
        .map(|g| Cluster {
            id: g[0].to_string(),
            members: g
                .iter()
                .map(|id| ClusterMember {
                    report_id: id.to_string(),
                    jaccard: 0.9,
                    containment: 0.9,
                })
                .collect(),
            shared_details: vec![],
        })
        .collect();
    for r in &reports {
        if !groups.iter().any(|g| g.contains(&r.report_id.as_str())) {
            clusters.push(Cluster::alone(&r.report_id));
        }
    }
    clusters.sort_by(|a, b| a.id.cmp(&b.id));
    Clustered {
        clusters,
        claims: reports,
        ..Clustered::default()
    }
}

pub fn run(reports: Vec<ExtractedReport>, groups: &[&[&str]]) -> Scored {
    run_with(&ScoreConfig::default(), reports, groups)
}

pub fn run_with(config: &ScoreConfig, reports: Vec<ExtractedReport>, groups: &[&[&str]]) -> Scored {
    corroborate::score::run(config, &gazetteer(), clustered(reports, groups))
}

/// The one scored claim with this event, polarity and target/place id.
pub fn find<'a>(s: &'a Scored, event: Event, polarity: Polarity, anchor: &str) -> &'a ScoredClaim {
    let found: Vec<&ScoredClaim> = s
        .claims
        .iter()
        .filter(|c| {
            c.event == event
                && c.polarity == polarity
                && c.target
                    .as_ref()
                    .or(c.place.as_ref())
                    .is_some_and(|e| e.id == anchor)
        })
        .collect();
    assert_eq!(
        found.len(),
        1,
        "want one {event} {polarity} {anchor}, got {:#?}",
        s.claims
    );
    found[0]
}
