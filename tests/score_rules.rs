//! One test per scoring rule, on constructed inputs (no text, no other stage).

mod score_common;

use corroborate::config::ScoreConfig;
use corroborate::model::{Event, MatchKind, Polarity, SourceKind, Verdict};
use proptest::prelude::*;
use score_common::{find, report, run, run_with, C};

use Polarity::{Asserted, Denied};
use SourceKind::{Media, Official, Resident, Social, Statement};

fn point_1130() -> C {
    C::capture()
        .target("point-1130")
        .place("waingmaw-township")
        .actor("kia")
        .on("2024-05-19")
}

#[test]
fn ten_relays_of_one_statement_are_one_origin() {
    let mut reports = vec![report(
        "kia-0519",
        "KIA Information Department",
        Statement,
        "kia",
        "2024-05-19",
        vec![point_1130()],
    )];
    for i in 0..10 {
        reports.push(report(
            &format!("relay-{i}"),
            &format!("Outlet {i}"),
            if i % 2 == 0 { Media } else { Social },
            "independent",
            "2024-05-20",
            vec![point_1130().said_by(&["a KIA statement"])],
        ));
    }
    let s = run(reports, &[]);
    let c = find(&s, Event::Capture, Asserted, "point-1130");
    assert_eq!(c.origins.len(), 1, "{:#?}", c.origins);
    assert_eq!(c.origins[0].key, "party:kio");
    assert_eq!(c.origins[0].reports.len(), 11);
    assert_eq!(c.supporting.len(), 11);
    assert_eq!(c.verdict, Verdict::SingleSource);
    // The party's own voice, claiming its own gain: base x self_interest.
    assert_eq!(c.origins[0].kind, Statement);
    assert!((c.origins[0].weight - 0.25).abs() < 1e-9);
    assert!(c
        .reasons
        .iter()
        .any(|r| r.contains("11 reports count as one origin")));
}

#[test]
fn two_independent_outlets_and_residents_corroborate() {
    let s = run(
        vec![
            report(
                "a",
                "Outlet A",
                Media,
                "independent",
                "2024-05-20",
                vec![point_1130().said_by(&["residents"])],
            ),
            report(
                "b",
                "Outlet B",
                Media,
                "independent",
                "2024-05-20",
                vec![point_1130()],
            ),
            report(
                "call",
                "Community Monitor",
                Resident,
                "independent",
                "2024-05-19",
                vec![point_1130()],
            ),
        ],
        &[],
    );
    let c = find(&s, Event::Capture, Asserted, "point-1130");
    assert_eq!(c.origins.len(), 3);
    assert_eq!(c.verdict, Verdict::Corroborated);
    assert!(c.score > 0.9 && c.score <= 1.0, "{}", c.score);
    // The additive shares add up to the score.
    let sum: f64 = c.origins.iter().map(|o| o.contribution).sum();
    assert!((sum - c.score).abs() < 1e-9);
}

#[test]
fn residents_quoted_by_two_outlets_are_two_origins_unless_copied() {
    let reports = || {
        vec![
            report(
                "a",
                "Outlet A",
                Media,
                "independent",
                "2024-05-20",
                vec![point_1130().said_by(&["residents"])],
            ),
            report(
                "b",
                "Outlet B",
                Media,
                "independent",
                "2024-05-21",
                vec![point_1130().said_by(&["residents"])],
            ),
        ]
    };
    let apart = run(reports(), &[]);
    let c = find(&apart, Event::Capture, Asserted, "point-1130");
    assert_eq!(c.origins.len(), 2);
    assert_eq!(c.verdict, Verdict::Corroborated);
    let copied = run(reports(), &[&["a", "b"]]);
    let c = find(&copied, Event::Capture, Asserted, "point-1130");
    assert_eq!(c.origins.len(), 1, "{:#?}", c.origins);
    assert_eq!(c.origins[0].key, "cluster:a");
    assert!(
        c.origins[0].label.contains("Outlet A"),
        "{}",
        c.origins[0].label
    );
    assert_eq!(c.verdict, Verdict::SingleSource);
}

#[test]
fn relays_of_an_outlet_join_its_origin_and_its_reports_are_one() {
    let s = run(
        vec![
            report(
                "l1",
                "Myanmar Ledger",
                Media,
                "independent",
                "2024-05-20",
                vec![point_1130().said_by(&["residents"])],
            ),
            report(
                "l2",
                "Myanmar Ledger",
                Media,
                "independent",
                "2024-05-21",
                vec![point_1130()],
            ),
            report(
                "repost",
                "Diaspora Page",
                Social,
                "unknown",
                "2024-05-21",
                vec![point_1130().said_by(&["residents", "Myanmar Ledger"])],
            ),
        ],
        &[],
    );
    let c = find(&s, Event::Capture, Asserted, "point-1130");
    assert_eq!(c.origins.len(), 1, "{:#?}", c.origins);
    assert_eq!(c.origins[0].key, "outlet:myanmar ledger");
    assert_eq!(c.origins[0].reports, ["l1", "l2", "repost"]);
}

#[test]
fn only_kia_sources_are_partisan() {
    let s = run(
        vec![
            report(
                "stmt",
                "KIA Information Department",
                Statement,
                "kia",
                "2024-05-19",
                vec![point_1130()],
            ),
            report(
                "page",
                "Kachinland Now",
                Social,
                "kia",
                "2024-05-19",
                vec![point_1130()],
            ),
        ],
        &[],
    );
    let c = find(&s, Event::Capture, Asserted, "point-1130");
    assert_eq!(c.origins.len(), 2);
    assert!(c.origins.iter().all(|o| o.party.as_deref() == Some("kio")));
    assert_eq!(c.verdict, Verdict::Partisan);
    assert_eq!(c.favours.as_deref(), Some("kio"));
    assert!(c.origins.iter().all(|o| o.interest < 1.0));
}

fn lib_321(p: Polarity) -> C {
    C::new(Event::Capture, p)
        .target("lib-321")
        .place("shwe-nyaungbin")
        .on("2024-05-21")
}

#[test]
fn kia_asserts_junta_media_denies_is_contested() {
    let s = run(
        vec![
            report(
                "stmt",
                "KIA Information Department",
                Statement,
                "kia",
                "2024-05-22",
                vec![lib_321(Asserted).actor("kia")],
            ),
            report(
                "gnlm",
                "State Daily",
                Official,
                "junta",
                "2024-05-23",
                vec![lib_321(Denied)],
            ),
        ],
        &[],
    );
    let yes = find(&s, Event::Capture, Asserted, "lib-321");
    let no = find(&s, Event::Capture, Denied, "lib-321");
    assert_eq!(yes.verdict, Verdict::Contested);
    assert_eq!(no.verdict, Verdict::Contested);
    assert_eq!(yes.contradicting, ["gnlm"]);
    assert_eq!(no.contradicting, ["stmt"]);
    assert_eq!(yes.contra_origins[0].key, "party:junta");
    // The denial favours the unit's side: junta media denying is self-serving.
    assert_eq!(no.favours.as_deref(), Some("junta"));
    assert!(no.origins[0].interest < 1.0);
    assert!(yes.score < yes.support_score);
}

#[test]
fn a_party_admitting_a_loss_weighs_more_than_claiming_a_gain() {
    let s = run(
        vec![
            report(
                "stmt",
                "KIA Information Department",
                Statement,
                "kia",
                "2024-05-22",
                vec![lib_321(Asserted).actor("kia")],
            ),
            report(
                "sac",
                "SAC Information Team",
                Statement,
                "junta",
                "2024-05-24",
                vec![lib_321(Asserted).actor("kia")],
            ),
        ],
        &[],
    );
    let c = find(&s, Event::Capture, Asserted, "lib-321");
    let weight = |key: &str| c.origins.iter().find(|o| o.key == key).unwrap().weight;
    assert!((weight("party:kio") - 0.25).abs() < 1e-9);
    assert!((weight("party:junta") - 0.75).abs() < 1e-9);
    assert_eq!(c.verdict, Verdict::Corroborated);
}

#[test]
fn coarse_township_only_support_is_weaker_than_exact() {
    let township = C::capture().place("waingmaw-township").on("2024-05-19");
    let claim = point_1130();
    let exact = run(
        vec![
            report(
                "k",
                "KIA Information Department",
                Statement,
                "kia",
                "2024-05-19",
                vec![claim.clone()],
            ),
            report(
                "o",
                "Outlet",
                Media,
                "independent",
                "2024-05-20",
                vec![claim.clone()],
            ),
        ],
        &[],
    );
    let coarse = run(
        vec![
            report(
                "k",
                "KIA Information Department",
                Statement,
                "kia",
                "2024-05-19",
                vec![claim],
            ),
            report(
                "o",
                "Outlet",
                Media,
                "independent",
                "2024-05-20",
                vec![township],
            ),
        ],
        &[],
    );
    let e = find(&exact, Event::Capture, Asserted, "point-1130");
    let c = find(&coarse, Event::Capture, Asserted, "point-1130");
    let outlet = c
        .coarse_origins
        .iter()
        .find(|o| o.key == "outlet:outlet")
        .unwrap();
    assert_eq!(outlet.match_kind, MatchKind::Coarse);
    assert!((outlet.weight - 0.3).abs() < 1e-9);
    assert!(c.score < e.score, "{} < {}", c.score, e.score);
    // Coarse support is weighed in but not counted as an origin.
    assert_eq!(c.origins.len(), 1);
    assert_eq!(c.verdict, Verdict::SingleSource);
    assert_eq!(e.origins.len(), 2);
    assert!(c.score > c.origins[0].weight);
    // The township-wide claim is a claim of its own, and a capture inside
    // the township is not counted as support for the tally.
    let t = find(&coarse, Event::Capture, Asserted, "waingmaw-township");
    assert_eq!(t.supporting, ["o"]);
}

#[test]
fn a_date_disagreement_is_noted_not_split() {
    let base = C::capture()
        .target("lib-321")
        .place("shwe-nyaungbin")
        .actor("kia");
    let s = run(
        vec![
            report(
                "mon",
                "Page A",
                Social,
                "unknown",
                "2024-05-21",
                vec![base.clone().on("2024-05-20")],
            ),
            report(
                "tue",
                "Outlet B",
                Media,
                "independent",
                "2024-05-22",
                vec![base.clone().on("2024-05-21")],
            ),
            report(
                "night",
                "Outlet C",
                Media,
                "independent",
                "2024-05-22",
                vec![base.clone().on("2024-05-21")],
            ),
        ],
        &[],
    );
    let c = find(&s, Event::Capture, Asserted, "lib-321");
    assert_eq!(c.origins.len(), 3);
    assert_eq!(c.window.unwrap().from.to_string(), "2024-05-21");
    let a = c.origins.iter().find(|o| o.key == "outlet:page a").unwrap();
    assert!(
        a.notes
            .iter()
            .any(|n| n.contains("date disagreement") && n.contains("2024-05-20")),
        "{:?}",
        a.notes
    );
    assert!(c.reasons.iter().any(|r| r.contains("1 date disagreement")));
    // Beyond the tolerance it is another event.
    let s = run(
        vec![
            report(
                "early",
                "Outlet B",
                Media,
                "independent",
                "2024-05-10",
                vec![base.clone().on("2024-05-10")],
            ),
            report(
                "late",
                "Outlet C",
                Media,
                "independent",
                "2024-05-22",
                vec![base.on("2024-05-21")],
            ),
        ],
        &[],
    );
    assert_eq!(s.claims.len(), 2);
}

#[test]
fn capture_implies_attack_and_repelled_does_not_deny_the_attack() {
    let attack = C::new(Event::Attack, Asserted)
        .target("lib-321")
        .place("shwe-nyaungbin");
    let s = run(
        vec![
            report(
                "a",
                "Outlet A",
                Media,
                "independent",
                "2024-05-19",
                vec![attack.on("2024-05-19")],
            ),
            report(
                "b",
                "Outlet B",
                Media,
                "independent",
                "2024-05-21",
                vec![lib_321(Asserted)],
            ),
            report(
                "sac",
                "State Daily",
                Official,
                "junta",
                "2024-05-21",
                vec![lib_321(Denied)],
            ),
        ],
        &[],
    );
    let attack = find(&s, Event::Attack, Asserted, "lib-321");
    assert_eq!(attack.supporting, ["a", "b"]);
    assert!(attack.contradicting.is_empty());
    assert_eq!(attack.verdict, Verdict::Corroborated);
    let capture = find(&s, Event::Capture, Asserted, "lib-321");
    assert_eq!(capture.supporting, ["b"]);
    assert_eq!(capture.contradicting, ["sac"]);
}

#[test]
fn incompatible_numbers_contradict() {
    let killed = |n| {
        C::new(Event::Casualties, Asserted)
            .place("katsu")
            .on("2024-05-25")
            .count(n, Some(n), "civilians killed")
    };
    let s = run(
        vec![
            report(
                "a",
                "Outlet A",
                Media,
                "independent",
                "2024-05-26",
                vec![killed(6)],
            ),
            report(
                "b",
                "Outlet B",
                Media,
                "independent",
                "2024-05-26",
                vec![killed(20)],
            ),
            report(
                "c",
                "Outlet C",
                Media,
                "independent",
                "2024-05-26",
                vec![C::new(Event::Casualties, Asserted)
                    .place("katsu")
                    .on("2024-05-25")
                    .count(3, Some(3), "civilians injured")],
            ),
        ],
        &[],
    );
    let six = s
        .claims
        .iter()
        .find(|c| c.quantity.as_ref().unwrap().range.lo == 6)
        .unwrap();
    // "3 injured" counts something else: it joins a claim but contradicts none.
    assert_eq!(six.supporting, ["a", "c"]);
    assert_eq!(six.contradicting, ["b"]);
    assert!(s
        .claims
        .iter()
        .all(|c| !c.contradicting.contains(&"c".to_string())));
    assert_eq!(six.verdict, Verdict::Contested);
    assert!(six.contra_origins[0]
        .notes
        .iter()
        .any(|n| n.contains("number disagreement")));
    assert_eq!(s.claims.len(), 2);
}

#[test]
fn a_claims_count_comes_from_its_own_period() {
    // Two running totals since March 7 and two weekend reports (one with a
    // count), chained into one claim by their overlapping dates: the claim,
    // dated to the weekend, shows the weekend's count, not the totals' more
    // frequent one, and the totals are no number disagreement.
    let outposts = || C::capture().place("waingmaw-township").actor("kia");
    let total = || {
        outposts()
            .between("2024-03-07", "2024-05-20")
            .count(101, None, "outposts")
    };
    let s = run(
        vec![
            report(
                "t1",
                "Outlet A",
                Media,
                "independent",
                "2024-05-20",
                vec![total()],
            ),
            report(
                "t2",
                "Outlet B",
                Media,
                "independent",
                "2024-05-21",
                vec![total()],
            ),
            report(
                "w",
                "Outlet C",
                Media,
                "independent",
                "2024-05-20",
                vec![outposts().between("2024-05-18", "2024-05-19").count(
                    12,
                    Some(12),
                    "outposts",
                )],
            ),
            report(
                "x",
                "Outlet D",
                Media,
                "independent",
                "2024-05-20",
                vec![outposts().between("2024-05-18", "2024-05-19")],
            ),
        ],
        &[],
    );
    assert_eq!(s.claims.len(), 1, "{:#?}", s.claims);
    let c = find(&s, Event::Capture, Asserted, "waingmaw-township");
    let q = c.quantity.as_ref().unwrap();
    assert_eq!((q.range.lo, q.range.hi), (12, Some(12)));
    assert_eq!(c.supporting, ["t1", "t2", "w", "x"]);
    assert!(c.contradicting.is_empty(), "{:#?}", c.contra_origins);
    assert_eq!(c.verdict, Verdict::Corroborated);
}

#[test]
fn a_count_over_an_enclosing_place_is_a_total_not_a_disagreement() {
    let township = |n| {
        C::capture()
            .place("waingmaw-township")
            .actor("kia")
            .on("2024-05-18")
            .count(n, Some(n), "outposts")
    };
    let state = C::capture()
        .place("kachin-state")
        .actor("kia")
        .on("2024-05-18")
        .count(95, Some(95), "outposts");
    let reports = |n| {
        vec![
            report(
                "t",
                "Outlet A",
                Media,
                "independent",
                "2024-05-19",
                vec![township(n)],
            ),
            report(
                "s",
                "KIA Information Department",
                Statement,
                "kia",
                "2024-05-18",
                vec![state.clone()],
            ),
        ]
    };
    // 12 of the state's 95: consistent, the state-wide count is coarse support.
    let part = run(reports(12), &[]);
    let c = find(&part, Event::Capture, Asserted, "waingmaw-township");
    assert!(c.contra_origins.is_empty(), "{:#?}", c.contra_origins);
    assert!(c.coarse_origins.iter().any(|o| o.reports == ["s"]));
    assert_eq!(c.contra_score, 0.0);
    // 120 in one township cannot be part of 95 across the state: a (coarse)
    // contradiction that lowers the score.
    let more = run(reports(120), &[]);
    let c = find(&more, Event::Capture, Asserted, "waingmaw-township");
    assert_eq!(c.contra_origins.len(), 1, "{:#?}", c.contra_origins);
    assert_eq!(c.contra_origins[0].reports, ["s"]);
    assert!(c.contra_origins[0]
        .notes
        .iter()
        .any(|n| n.contains("number disagreement")));
    assert!(c.contra_score > 0.0);
}

#[test]
fn hedged_claims_weigh_less() {
    let s = run(
        vec![report(
            "a",
            "Outlet A",
            Media,
            "independent",
            "2024-05-20",
            vec![point_1130().hedged()],
        )],
        &[],
    );
    let o = &s.claims[0].origins[0];
    assert!(o.hedged);
    assert!((o.weight - 0.6 * 0.7).abs() < 1e-9);
}

#[test]
fn thresholds_come_from_config() {
    let config = ScoreConfig {
        min_origins: 3,
        ..ScoreConfig::default()
    };
    let reports = vec![
        report(
            "a",
            "Outlet A",
            Media,
            "independent",
            "2024-05-20",
            vec![point_1130()],
        ),
        report(
            "b",
            "Outlet B",
            Media,
            "independent",
            "2024-05-20",
            vec![point_1130()],
        ),
    ];
    let s = run_with(&config, reports.clone(), &[]);
    assert_eq!(s.claims[0].verdict, Verdict::SingleSource);
    let s = run_with(&ScoreConfig::default(), reports, &[]);
    assert_eq!(s.claims[0].verdict, Verdict::Corroborated);
}

#[test]
fn claim_ids_come_from_content() {
    let one = run(
        vec![report(
            "x",
            "Outlet A",
            Media,
            "independent",
            "2024-05-20",
            vec![point_1130()],
        )],
        &[],
    );
    let other = run(
        vec![report(
            "y",
            "Outlet Z",
            Social,
            "unknown",
            "2024-06-01",
            vec![point_1130()],
        )],
        &[],
    );
    assert_eq!(one.claims[0].claim_id, other.claims[0].claim_id);
    assert!(one.claims[0].claim_id.starts_with('c'));
}

fn corpus() -> Vec<corroborate::model::ExtractedReport> {
    let base = C::capture()
        .target("lib-321")
        .place("shwe-nyaungbin")
        .actor("kia");
    vec![
        report(
            "stmt",
            "KIA Information Department",
            Statement,
            "kia",
            "2024-05-22",
            vec![base.clone().on("2024-05-21"), point_1130()],
        ),
        report(
            "mon",
            "Page A",
            Social,
            "kia",
            "2024-05-21",
            vec![base.clone().on("2024-05-20")],
        ),
        report(
            "tue",
            "Outlet B",
            Media,
            "independent",
            "2024-05-22",
            vec![
                base.clone().on("2024-05-21").said_by(&["residents"]),
                point_1130().hedged(),
            ],
        ),
        report(
            "copy",
            "Outlet C",
            Media,
            "independent",
            "2024-05-23",
            vec![base.clone().on("2024-05-21").said_by(&["residents"])],
        ),
        report(
            "sac",
            "State Daily",
            Official,
            "junta",
            "2024-05-24",
            vec![
                lib_321(Denied),
                C::new(Event::Attack, Denied)
                    .target("point-1130")
                    .place("waingmaw-township")
                    .on("2024-05-19"),
            ],
        ),
        report(
            "ngo",
            "Relief Group",
            SourceKind::Ngo,
            "independent",
            "2024-05-25",
            vec![
                C::new(Event::Displacement, Asserted)
                    .place("waingmaw-township")
                    .between("2024-05-18", "2024-05-25")
                    .count(24, None, "families"),
                C::capture().place("waingmaw-township").on("2024-05-19"),
            ],
        ),
        report(
            "ngo2",
            "Relief Group",
            SourceKind::Ngo,
            "independent",
            "2024-05-26",
            vec![C::new(Event::Displacement, Asserted)
                .place("katsu")
                .on("2024-05-20")],
        ),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]
    #[test]
    fn output_does_not_depend_on_input_order(
        order in Just((0..7usize).collect::<Vec<_>>()).prop_shuffle(),
        flip in proptest::collection::vec(any::<bool>(), 7),
    ) {
        let want = serde_json::to_string(&run(corpus(), &[&["tue", "copy"]]).claims).unwrap();
        let reports = corpus();
        let mut shuffled: Vec<_> = order.iter().map(|&i| reports[i].clone()).collect();
        for (r, f) in shuffled.iter_mut().zip(flip) {
            if f {
                r.claims.reverse();
            }
        }
        let got = serde_json::to_string(&run(shuffled, &[&["tue", "copy"]]).claims).unwrap();
        prop_assert_eq!(want, got);
    }
}
