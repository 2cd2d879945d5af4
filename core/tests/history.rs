//! History and structural diff on the seed networks.

use parcours::history::{ChangeKind, EntityKind, history, history_between};
use parcours::structure::{DiffKind, diff_structure};
use parcours::{Format, Network};

fn seed(name: &str) -> Network {
    let path = format!(
        "{}/../examples/networks/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    Network::load(
        &std::fs::read_to_string(&path).unwrap(),
        Format::Json,
        &path,
    )
    .unwrap()
}

const SEEDS: &[&str] = &[
    "alliance-ouest-parisien",
    "groupe-sos",
    "hpsm",
    "sos-medecins",
    "sud-haut-marnais",
];

#[test]
fn alliance_history_lists_every_join_in_date_order() {
    let net = seed("alliance-ouest-parisien");
    let h = history(&net);
    let joins: Vec<_> = h
        .iter()
        .filter(|e| {
            e.entity == EntityKind::Membership
                && matches!(e.change, ChangeKind::Starts | ChangeKind::PlannedStart)
        })
        .collect();
    // One join per membership with a start date, each at that date, pointing at it.
    let dated: Vec<_> = net
        .memberships
        .iter()
        .enumerate()
        .filter(|(_, m)| m.validity.from.is_some())
        .collect();
    assert_eq!(joins.len(), dated.len());
    assert!(joins.len() > 10, "the alliance has many members");
    for (i, m) in dated {
        let pointer = format!("/memberships/{i}");
        let entry = joins.iter().find(|e| e.pointer == pointer).unwrap();
        assert_eq!(entry.date, m.validity.from);
        assert_eq!(entry.precision, m.validity.precision);
        assert_eq!(entry.status, m.validity.status);
        assert_eq!(entry.source, m.source);
        assert!(
            entry
                .id
                .starts_with(&format!("{}/{}/", m.grouping, m.member))
        );
        assert!(
            entry.description.contains(" joins "),
            "{}",
            entry.description
        );
    }
    assert!(
        joins.windows(2).all(|w| w[0].date <= w[1].date),
        "joins out of order"
    );
    // The whole history is in date order too, undated plans last.
    assert!(h.windows(2).all(|w| match (w[0].date, w[1].date) {
        (Some(a), Some(b)) => a <= b,
        (None, Some(_)) => false,
        _ => true,
    }));
    // In-progress joins are planned starts.
    assert!(joins.iter().any(|e| e.change == ChangeKind::PlannedStart));
}

#[test]
fn every_seed_history_is_sorted_and_bounded_windows_are_subsets() {
    for name in SEEDS {
        let net = seed(name);
        let h = history(&net);
        assert!(!h.is_empty(), "{name}");
        let dates: Vec<_> = h.iter().filter_map(|e| e.date).collect();
        assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{name}");
        if let (Some(first), Some(last)) = (dates.first(), dates.last()) {
            let all_dated = history_between(&net, Some(*first), Some(*last));
            assert_eq!(all_dated.len(), dates.len(), "{name}");
            let first_only = history_between(&net, None, Some(*first));
            assert!(first_only.iter().all(|e| e.date == Some(*first)), "{name}");
        }
    }
}

#[test]
fn each_seed_against_itself_minus_one_membership_names_exactly_it() {
    for name in SEEDS {
        let before = seed(name);
        assert!(diff_structure(&before, &before).is_empty(), "{name}");
        for i in [
            0,
            before.memberships.len() / 2,
            before.memberships.len() - 1,
        ] {
            let mut after = before.clone();
            let gone = after.memberships.remove(i);
            let d = diff_structure(&before, &after);
            assert_eq!(d.entries.len(), 1, "{name} #{i}: {d:#?}");
            let e = &d.entries[0];
            assert_eq!(e.change, DiffKind::Removed);
            assert_eq!(e.entity, EntityKind::Membership);
            assert!(
                e.id.starts_with(&format!("{}/{}/", gone.grouping, gone.member)),
                "{}",
                e.id
            );
            assert_eq!(e.pointer_before, Some(format!("/memberships/{i}")));
        }
    }
}
