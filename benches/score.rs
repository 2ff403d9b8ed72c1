//! Scoring time on synthetic claims at 10k, 100k and 1M claims: should grow
//! about linearly. Run: `cargo bench --bench score`
//! (or one size: `cargo bench --bench score -- score/100000`).
//!
//! The synthetic corpus: 5 claims per report, targets spread over 2,000
//! positions in 200 townships, 1,000 outlets, a third of the claims relaying
//! a party statement, 10% township-level claims (coarse support), 5% denials,
//! every 10th report a copy of the one before (a duplicate cluster).

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use corroborate::config::ScoreConfig;
use corroborate::model::{
    Claim, ClaimOrigin, Cluster, ClusterMember, Clustered, Date, DateWindow, EntityKind, EntityRef,
    Event, ExtractedReport, Polarity, SourceKind,
};
use corroborate::normalize::Gazetteer;

const TOWNSHIPS: usize = 200;
const TARGETS: usize = 2_000;

fn gazetteer() -> Gazetteer {
    let mut csv = String::from("id,kind,name,aliases,parent,lat,lon\nstate,place,State,,,,\n");
    csv.push_str("a,group,Army A,,,,\nb,group,Army B,,,,\n");
    for t in 0..TOWNSHIPS {
        csv.push_str(&format!("t{t},place,Township {t},,state,,\n"));
    }
    for p in 0..TARGETS {
        csv.push_str(&format!("p{p},position,Post {p},,t{},,\n", p % TOWNSHIPS));
    }
    Gazetteer::from_csv(csv.as_bytes(), "bench").unwrap()
}

/// A small deterministic generator (xorshift), so the corpus is the same every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self, n: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % n as u64) as usize
    }
}

fn corpus(claims: usize) -> Clustered {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let base: Date = "2024-05-01".parse().unwrap();
    let place = |t: usize| EntityRef {
        id: format!("t{t}"),
        name: format!("Township {t}"),
        kind: EntityKind::Place,
    };
    let mut reports = Vec::new();
    let mut clusters = Vec::new();
    for r in 0..claims / 5 {
        let id = format!("r{r:07}");
        let outlet = rng.next(1_000);
        let mut list = Vec::new();
        for _ in 0..5 {
            let p = rng.next(TARGETS);
            let t = p % TOWNSHIPS;
            let day = base
                .checked_add(jiff::Span::new().days(rng.next(30) as i64))
                .unwrap();
            let township_level = rng.next(10) == 0;
            list.push(Claim {
                report_id: id.clone(),
                event: if rng.next(4) == 0 {
                    Event::Attack
                } else {
                    Event::Capture
                },
                polarity: if rng.next(20) == 0 {
                    Polarity::Denied
                } else {
                    Polarity::Asserted
                },
                target: (!township_level).then(|| EntityRef {
                    id: format!("p{p}"),
                    name: format!("Post {p}"),
                    kind: EntityKind::Position,
                }),
                place: Some(place(t)),
                place_parents: vec!["state".into()],
                actor: Some(if rng.next(2) == 0 { "a" } else { "b" }.into()),
                window: Some(DateWindow {
                    from: day,
                    to: day,
                    precision: 1,
                }),
                quantity: None,
                attribution: if rng.next(3) == 0 {
                    vec!["Army A statement".into()]
                } else {
                    vec![]
                },
                hedges: vec![],
                origin: ClaimOrigin::Extracted,
                span: (0, 0),
            });
        }
        let leader = if r % 10 == 9 {
            format!("r{:07}", r - 1)
        } else {
            id.clone()
        };
        if leader == id {
            clusters.push(Cluster::alone(&id));
        } else if let Some(c) = clusters.last_mut() {
            c.members.push(ClusterMember {
                report_id: id.clone(),
                jaccard: 0.9,
                containment: 0.9,
            });
        }
        reports.push(ExtractedReport {
            report_id: id,
            source: format!("Outlet {outlet}"),
            kind: [SourceKind::Media, SourceKind::Social, SourceKind::Resident][outlet % 3],
            affiliation: ["independent", "a", "b", "unknown"][outlet % 4].into(),
            published: base,
            cites: vec![],
            url: None,
            claims: list,
        });
    }
    Clustered {
        clusters,
        claims: reports,
        ..Clustered::default()
    }
}

fn bench(c: &mut Criterion) {
    let config = ScoreConfig::default();
    let gazetteer = gazetteer();
    let mut group = c.benchmark_group("score");
    group.sample_size(10);
    for n in [10_000usize, 100_000, 1_000_000] {
        let input = corpus(n);
        group.throughput(Throughput::Elements(n as u64));
        group.bench_with_input(BenchmarkId::from_parameter(n), &input, |b, input| {
            b.iter_batched(
                || input.clone(),
                |input| corroborate::score::run(&config, &gazetteer, input),
                criterion::BatchSize::LargeInput,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
