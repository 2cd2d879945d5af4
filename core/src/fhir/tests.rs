use serde_json::json;

use super::export::period;
use super::*;
use crate::date::{Precision, Status, Validity};

fn d(s: &str) -> crate::Date {
    s.parse().unwrap()
}

#[test]
fn periods_show_precision_with_partial_dates_when_exact() {
    let month = Validity {
        from: Some(d("2017-09-01")),
        precision: Precision::Month,
        ..Validity::default()
    };
    assert_eq!(period(&month), Some(json!({"start": "2017-09"})));
    let year = Validity {
        from: Some(d("2018-01-01")),
        to: Some(d("2020-01-01")),
        precision: Precision::Year,
        ..Validity::default()
    };
    assert_eq!(period(&year), Some(json!({"start": "2018", "end": "2020"})));
    // The end of a month is not the month: full date and the precision in an extension.
    let month_end = Validity {
        from: Some(d("2017-09-01")),
        to: Some(d("2019-06-30")),
        precision: Precision::Month,
        status: Status::Ended,
    };
    assert_eq!(
        period(&month_end),
        Some(json!({
            "start": "2017-09",
            "end": "2019-06-30",
            "extension": [
                {"url": url::EXT_PRECISION, "valueCode": "month"},
                {"url": url::EXT_STATUS, "valueCode": "ended"},
            ],
        }))
    );
    assert_eq!(period(&Validity::default()), None);
}

#[test]
fn ids_in_urls_are_percent_encoded() {
    assert_eq!(encode("sud-haut-marnais"), "sud-haut-marnais");
    assert_eq!(encode("a b/é"), "a%20b%2F%C3%A9");
    assert_eq!(
        level_system("n 1", "chirurgie"),
        format!("{BASE}/network/n%201/CodeSystem/level/chirurgie")
    );
}

#[test]
fn tre_r274_codes_name_known_activities_once() {
    let mut seen = std::collections::HashSet::new();
    for (activity, code, _) in TRE_R274_ACTIVITIES {
        assert!(
            serde_json::from_value::<crate::network::Activity>(json!(activity)).is_ok(),
            "{activity}"
        );
        assert!(seen.insert(*code), "{code} twice");
    }
}

#[test]
fn dates_of_fhir_periods_are_read_with_their_precision() {
    let net = r#"{"resourceType": "Bundle", "type": "collection",
        "identifier": {"system": "https://example.invalid/parcours/fhir/network", "value": "n"},
        "entry": [{"resource": {"resourceType": "Organization", "id": "g",
            "type": [{"coding": [{"system": "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-3307", "code": "GHT"}]}],
            "name": "GHT", "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/organization-period",
                "valuePeriod": {"start": "2016-07", "end": "2026-06-30T23:59:59+02:00"}}]}}]}"#;
    let n = from_fhir_bundle(net, "b").unwrap();
    let g = &n.groupings[0];
    assert_eq!(g.kind, crate::GroupingKind::Ght);
    assert_eq!(g.validity.from, Some(d("2016-07-01")));
    assert_eq!(g.validity.to, Some(d("2026-06-30")));
    assert_eq!(g.validity.precision, Precision::Month);
    // Without the parcours identifier, the resource id is the parcours id.
    assert_eq!(g.id, "g");
}
