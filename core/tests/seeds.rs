//! The five seed networks of `examples/networks/` load, hold the facts of the domain research
//! (docs: domain.md, section 3), and survive JSON and TOML round trips unchanged.

use std::path::PathBuf;

use parcours::{
    Date, Format, GroupingKind, LegalStatus, Membership, Network, Precision, Role, ServiceKind,
    SiteKind, Status, Step, Strength, Target,
};

const SEEDS: [&str; 5] = [
    "sud-haut-marnais",
    "hpsm",
    "alliance-ouest-parisien",
    "groupe-sos",
    "sos-medecins",
];

fn path_of(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/networks")
        .join(format!("{name}.json"))
}

fn load(name: &str) -> Network {
    let path = path_of(name);
    let text = std::fs::read_to_string(&path).unwrap();
    match Network::load(&text, Format::Json, &path.to_string_lossy()) {
        Ok(n) => n,
        Err(e) => panic!("{name} does not load: {e}\n{:#?}", e.problems()),
    }
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn members<'n>(n: &'n Network, grouping: &str) -> Vec<&'n Membership> {
    n.memberships
        .iter()
        .filter(|m| m.grouping == grouping)
        .collect()
}

fn membership<'n>(n: &'n Network, grouping: &str, member: &str) -> &'n Membership {
    n.memberships
        .iter()
        .find(|m| m.grouping == grouping && m.member == member)
        .unwrap_or_else(|| panic!("no membership of `{member}` in `{grouping}`"))
}

fn grouping<'n>(n: &'n Network, id: &str) -> &'n parcours::Grouping {
    n.groupings
        .iter()
        .find(|g| g.id == id)
        .unwrap_or_else(|| panic!("no grouping `{id}`"))
}

fn site<'n>(n: &'n Network, id: &str) -> &'n parcours::Site {
    n.sites
        .iter()
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no site `{id}`"))
}

fn legal_entity<'n>(n: &'n Network, id: &str) -> &'n parcours::LegalEntity {
    n.legal_entities
        .iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no legal entity `{id}`"))
}

fn rule<'n>(n: &'n Network, id: &str) -> &'n parcours::Rule {
    n.rules
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no rule `{id}`"))
}

fn capabilities<'n>(n: &'n Network, site: &str, filiere: &str) -> Vec<&'n parcours::Capability> {
    n.capabilities
        .iter()
        .filter(|c| c.site == site && c.filiere == filiere)
        .collect()
}

/// Asserts a figure's value; figures are whole counts read from JSON, compared to within 0.5.
fn assert_figure(figures: &[parcours::Figure], name: &str, expected: f64) {
    let value = figures
        .iter()
        .find(|f| f.name == name)
        .unwrap_or_else(|| panic!("no figure `{name}`"))
        .value;
    assert!(
        (value - expected).abs() < 0.5,
        "figure `{name}` is {value}, expected {expected}"
    );
}

fn level_ids(n: &Network, filiere: &str) -> Vec<String> {
    n.filieres
        .iter()
        .find(|f| f.id == filiere)
        .unwrap_or_else(|| panic!("no filière `{filiere}`"))
        .levels
        .iter()
        .map(|l| l.id.clone())
        .collect()
}

/// Every listed source is cited by some fact (a `source` field or a note). That every cited source
/// is listed is checked by loading. Walks the JSON form so that no field carrying a source is
/// forgotten.
fn assert_sources_cited(name: &str, n: &Network) {
    let mut value: serde_json::Value = serde_json::from_str(&n.to_json_pretty()).unwrap();
    // Look at the facts only, not at the list of sources itself.
    value.as_object_mut().unwrap().remove("sources");
    let mut cited = std::collections::BTreeSet::new();
    collect_sources(&value, &mut cited);
    // A source may also be cited from a note ("… (src-jhm-gcs-es)").
    let text = serde_json::to_string(&value).unwrap();
    for s in n.sources.iter().map(|s| s.id.as_str()) {
        assert!(
            cited.contains(s) || text.contains(s),
            "{name}: source `{s}` is listed but never cited"
        );
    }
}

fn collect_sources(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
    match v {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                if k == "source" {
                    if let Some(s) = v.as_str() {
                        out.insert(s.to_owned());
                    }
                }
                collect_sources(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|i| collect_sources(i, out)),
        _ => {}
    }
}

#[test]
fn every_seed_loads_and_cites_its_sources() {
    for name in SEEDS {
        let n = load(name);
        assert_eq!(n.id, name, "the network id matches the file name");
        assert!(!n.sources.is_empty(), "{name} lists its sources");
        assert_sources_cited(name, &n);
        for l in &n.locations {
            let approximate = l.note.as_deref().unwrap_or("").contains("approximate");
            assert!(
                l.source.is_some() || approximate,
                "{name}: location `{}` has neither a source nor an approximate note",
                l.id
            );
        }
    }
}

#[test]
fn every_seed_round_trips_through_json() {
    for name in SEEDS {
        let n = load(name);
        let again = Network::from_json_str(&n.to_json_pretty()).unwrap();
        assert_eq!(again, n, "{name} changes through a JSON round trip");
    }
}

#[test]
fn every_seed_loads_from_toml() {
    for name in SEEDS {
        let n = load(name);
        let text = toml::to_string(&n).unwrap();
        let again = match Network::from_toml_str(&text) {
            Ok(again) => again,
            Err(e) => panic!("{name} as TOML does not load: {e}\n{:#?}", e.problems()),
        };
        assert_eq!(again, n, "{name} changes through a TOML round trip");
    }
}

#[test]
fn sud_haut_marnais_groupings_and_events() {
    let n = load("sud-haut-marnais");

    // Five establishments: three public CHs, two Elsan clinics.
    for ej in ["ej-ch-chaumont", "ej-ch-langres", "ej-ch-bourbonne"] {
        assert_eq!(legal_entity(&n, ej).legal_status, LegalStatus::Public);
    }
    for ej in ["ej-cmc-chaumont", "ej-clinique-compassion"] {
        assert_eq!(
            legal_entity(&n, ej).legal_status,
            LegalStatus::PrivateForProfit
        );
        assert_eq!(membership(&n, "elsan", ej).role, Role::Member);
    }
    assert_eq!(grouping(&n, "elsan").kind, GroupingKind::OperatorGroup);

    // Surgery GCS: a GCS-ES from 2017-10-01, with the five as members from that day.
    let gcs = grouping(&n, "gcs-chirurgie-shm");
    assert_eq!(gcs.kind, GroupingKind::GcsEs);
    assert!(gcs.legal_personality);
    assert_eq!(gcs.validity.from, Some(d("2017-10-01")));
    assert_eq!(gcs.validity.precision, Precision::Day);
    let gcs_members = members(&n, "gcs-chirurgie-shm");
    assert_eq!(gcs_members.len(), 5);
    assert!(
        gcs_members
            .iter()
            .all(|m| m.validity.from == Some(d("2017-10-01")))
    );

    // Multiprogramme GCS from September 2017 (month precision), sterilisation at CH Chaumont.
    let multi = grouping(&n, "gcs-multiprogramme-shm");
    assert_eq!(multi.kind, GroupingKind::GcsMoyens);
    assert_eq!(multi.validity.from, Some(d("2017-09-01")));
    assert_eq!(multi.validity.precision, Precision::Month);
    let steri = n
        .shared_services
        .iter()
        .find(|s| s.kind == ServiceKind::Sterilisation)
        .unwrap();
    assert_eq!(steri.provider, "ch-chaumont");
    assert_eq!(steri.beneficiaries.len(), 5);
    assert_eq!(steri.vehicle.as_deref(), Some("gcs-multiprogramme-shm"));

    // GHT 21-52: July 2016, no legal personality, 9 members, CHU Dijon its only support.
    let ght = grouping(&n, "ght-21-52");
    assert_eq!(ght.kind, GroupingKind::Ght);
    assert!(!ght.legal_personality);
    assert_eq!(ght.validity.from, Some(d("2016-07-01")));
    assert_eq!(ght.validity.precision, Precision::Month);
    let ght_members = members(&n, "ght-21-52");
    assert_eq!(ght_members.len(), 9);
    let supports: Vec<_> = ght_members
        .iter()
        .filter(|m| m.role == Role::Support)
        .collect();
    assert_eq!(supports.len(), 1);
    assert_eq!(supports[0].member, "ej-chu-dijon");
    assert_eq!(
        legal_entity(&n, "ej-chu-dijon")
            .finess_ej
            .as_ref()
            .map(parcours::Finess::as_str),
        Some("210780581")
    );
    for ej in ["ej-ch-chaumont", "ej-ch-langres", "ej-ch-bourbonne"] {
        assert_eq!(membership(&n, "ght-21-52", ej).role, Role::Party);
    }
    // Every GHT establishment is a site with a location.
    for m in &ght_members {
        assert!(n.sites.iter().any(|s| s.legal_entity == m.member));
    }

    // Langres cooperation since 1997.
    let langres = grouping(&n, "cooperation-langres");
    assert_eq!(langres.validity.from, Some(d("1997-01-01")));
    assert_eq!(langres.validity.precision, Precision::Year);

    // Events: steering committee and the 2022 ARS decision.
    let dates: Vec<Date> = n.events.iter().map(|e| e.date).collect();
    assert!(dates.contains(&d("2017-02-03")));
    assert!(n.events.iter().any(|e| e.date.year() == 2022));
}

#[test]
fn sud_haut_marnais_routing_data() {
    let n = load("sud-haut-marnais");
    // Surgery capabilities, and the three rules.
    assert_eq!(
        level_ids(&n, "chirurgie"),
        ["proximite", "reference", "recours"]
    );
    let chirurgie = n.filieres.iter().find(|f| f.id == "chirurgie").unwrap();
    assert_eq!(
        chirurgie.flag_levels.get("most_acute").map(String::as_str),
        Some("recours")
    );
    assert!(capabilities(&n, "ch-langres", "chirurgie").is_empty());
    assert!(capabilities(&n, "ch-bourbonne", "chirurgie").is_empty());
    assert_eq!(
        capabilities(&n, "ch-chaumont", "chirurgie")[0].level,
        "reference"
    );
    assert_eq!(
        capabilities(&n, "chu-dijon", "chirurgie")[0].level,
        "recours"
    );
    for clinic in ["cmc-chaumont", "clinique-compassion-langres"] {
        let caps = capabilities(&n, clinic, "chirurgie");
        assert_eq!(caps.len(), 1);
        assert_eq!(caps[0].level, "reference");
        assert_eq!(caps[0].holder.as_deref(), Some("gcs-chirurgie-shm"));
        assert_eq!(caps[0].validity.from, Some(d("2017-10-01")));
        assert!(!caps[0].validity.in_force(d("2017-09-15"), false));
    }
    let partner = rule(&n, "shm-chirurgie-gcs");
    assert_eq!(
        (partner.strength, partner.step, partner.priority),
        (Strength::Mandatory, Step::Partner, 10)
    );
    assert_eq!(partner.max_distance_km, Some(80.0));
    assert_eq!(
        partner.target,
        Target::GroupingMembers("gcs-chirurgie-shm".into())
    );
    assert_eq!(
        partner.origin.member_of.as_deref(),
        Some("gcs-chirurgie-shm")
    );
    assert_eq!(partner.validity.from, Some(d("2017-10-01")));
    let acute = rule(&n, "shm-chirurgie-recours-chu");
    assert_eq!(
        (acute.strength, acute.step, acute.priority),
        (Strength::Mandatory, Step::Recourse, 20)
    );
    assert_eq!(acute.when.flags, ["most_acute"]);
    assert_eq!(
        acute.target,
        Target::GroupingRole {
            grouping: "ght-21-52".into(),
            role: Role::Support
        }
    );
    let ght_rule = rule(&n, "shm-chirurgie-recours-ght");
    assert_eq!(
        (ght_rule.strength, ght_rule.step),
        (Strength::Fallback, Step::Recourse)
    );
    assert_eq!(
        ght_rule.target,
        Target::OriginGroupingRole {
            kind: GroupingKind::Ght,
            role: Role::Support
        }
    );
}

#[test]
fn hpsm_facts() {
    let n = load("hpsm");

    let hpsm = grouping(&n, "gcs-hpsm");
    assert!(hpsm.kind.is_gcs());
    assert_eq!(hpsm.validity.from, Some(d("2009-06-01")));
    assert_eq!(hpsm.validity.precision, Precision::Month);

    // Three founders, one of them the CRRC grouping (nested).
    let founders = members(&n, "gcs-hpsm");
    assert_eq!(founders.len(), 3);
    assert!(founders.iter().all(|m| m.role == Role::FoundingMember));
    assert_eq!(
        membership(&n, "gcs-hpsm", "gcs-crrc").role,
        Role::FoundingMember
    );
    assert!(grouping(&n, "gcs-crrc").kind.is_gcs());
    let mut crrc: Vec<&str> = members(&n, "gcs-crrc")
        .iter()
        .map(|m| m.member.as_str())
        .collect();
    crrc.sort_unstable();
    assert_eq!(crrc, ["ej-chru-lille", "ej-oscar-lambret"]);
    assert_eq!(
        legal_entity(&n, "ej-oscar-lambret").legal_status,
        LegalStatus::Espic
    );
    assert_eq!(site(&n, "oscar-lambret").kind, SiteKind::CancerCentre);

    // Seclin figures, with their source.
    let seclin = site(&n, "ch-seclin");
    assert_figure(&seclin.figures, "beds", 647.0);
    assert_figure(&seclin.figures, "surgery_beds", 98.0);
    assert_figure(&seclin.figures, "medicine_beds", 75.0);
    assert_figure(&seclin.figures, "catchment_population", 200_000.0);
    assert!(seclin.figures.iter().all(|f| f.source.is_some()));

    // CHRU Lille: EJ number, support of its GHT.
    assert_eq!(
        legal_entity(&n, "ej-chru-lille")
            .finess_ej
            .as_ref()
            .map(parcours::Finess::as_str),
        Some("590780193")
    );
    let ght = grouping(&n, "ght-lille-metropole-flandre-interieure");
    assert_eq!(ght.kind, GroupingKind::Ght);
    assert_eq!(
        membership(
            &n,
            "ght-lille-metropole-flandre-interieure",
            "ej-chru-lille"
        )
        .role,
        Role::Support
    );

    // Seclin handles obstetrics and SMR locally; surgery recourse and cancer go to partners.
    assert_eq!(capabilities(&n, "ch-seclin", "maternite")[0].level, "2A");
    assert_eq!(capabilities(&n, "ch-seclin", "smr").len(), 1);
    assert_eq!(level_ids(&n, "maternite"), ["1", "2A", "2B", "3"]);
    assert!(capabilities(&n, "ch-seclin", "cancerologie").is_empty());
    let surgery = rule(&n, "hpsm-chirurgie-chru");
    assert_eq!(surgery.target, Target::Site("chru-lille".into()));
    assert_eq!(surgery.step, Step::Partner);
    assert_eq!(surgery.origin.member_of.as_deref(), Some("gcs-hpsm"));
    let cancer = rule(&n, "hpsm-cancerologie-crrc");
    assert_eq!(cancer.target, Target::GroupingMembers("gcs-crrc".into()));
    assert_eq!(cancer.filieres, ["cancerologie"]);
    for s in ["chru-lille", "oscar-lambret"] {
        assert_eq!(capabilities(&n, s, "cancerologie")[0].level, "recours");
    }
    // Cases no rule covers (a type-3 maternity case from Seclin) go to the nearest capable site.
    assert_eq!(capabilities(&n, "chru-lille", "maternite")[0].level, "3");
    let any = rule(&n, "hpsm-any-capable");
    assert_eq!(
        (&any.target, any.strength),
        (&Target::AnyCapable, Strength::Fallback)
    );
}

#[test]
fn alliance_ouest_parisien_members_and_figures() {
    let n = load("alliance-ouest-parisien");

    let alliance = grouping(&n, "alliance-hospitaliere");
    assert_eq!(alliance.kind, GroupingKind::AllianceConvention);
    assert!(!alliance.legal_personality);
    assert_eq!(alliance.validity.from, Some(d("2017-09-01")));
    assert_eq!(alliance.validity.precision, Precision::Month);
    // The founders-count ambiguity is kept as a note.
    assert!(alliance.note.as_deref().unwrap().contains("6 actors"));

    // Founders from 2017-09; members joining within a year from ~2018.
    let all = members(&n, "alliance-hospitaliere");
    let founders: Vec<_> = all
        .iter()
        .filter(|m| m.role == Role::FoundingMember)
        .collect();
    assert!(founders.len() >= 6);
    assert!(
        founders
            .iter()
            .all(|m| m.validity.from == Some(d("2017-09-01"))
                && m.validity.precision == Precision::Month)
    );
    assert!(founders.iter().any(|m| m.member == "ej-hopital-foch"));
    let joined_2018: Vec<_> = all
        .iter()
        .filter(|m| m.role == Role::Member && m.validity.from == Some(d("2018-01-01")))
        .collect();
    assert_eq!(joined_2018.len(), 7);
    assert!(
        joined_2018
            .iter()
            .all(|m| m.validity.precision == Precision::Approximate)
    );

    // 2019 figures on the grouping, dated 2019-03-11.
    assert_figure(&alliance.figures, "staff", 5601.0);
    assert_figure(&alliance.figures, "beds", 2047.0);
    assert_figure(&alliance.figures, "admissions_per_year", 137_471.0);
    assert!(
        alliance
            .figures
            .iter()
            .all(|f| f.as_of == Some(d("2019-03-11")))
    );
}

#[test]
fn alliance_ouest_parisien_routing_data() {
    let n = load("alliance-ouest-parisien");
    // Eight cooperation filières (plus urgences).
    for f in [
        "neurologie",
        "geriatrie",
        "urologie",
        "pneumologie",
        "oncologie_soins_support",
        "ophtalmologie",
        "rvh",
        "chirurgie_digestive",
        "urgences",
    ] {
        assert!(n.filieres.iter().any(|x| x.id == f), "filière `{f}`");
    }

    // Tele-expertise from the Foch emergency department for the EHPADs, and the rule using it.
    let tele = n
        .tele_services
        .iter()
        .find(|t| t.id == "tele-foch-urgences-ehpad")
        .unwrap();
    assert_eq!(tele.provider, "hopital-foch");
    assert_eq!(tele.purpose, parcours::TelePurpose::AvoidTransfer);
    assert!(
        tele.requesters
            .iter()
            .all(|r| site(&n, r).kind == SiteKind::Ehpad)
    );
    let ehpad = rule(&n, "alliance-urgences-ehpad-tele");
    assert_eq!(
        (ehpad.strength, ehpad.step),
        (Strength::Mandatory, Step::TeleService)
    );
    assert_eq!(ehpad.when.ehpad_resident, Some(true));
    assert_eq!(ehpad.origin.site_kinds, [SiteKind::Ehpad]);
    assert_eq!(
        ehpad.origin.member_of.as_deref(),
        Some("alliance-hospitaliere")
    );
    assert_eq!(
        ehpad.target,
        Target::TeleService("tele-foch-urgences-ehpad".into())
    );
    assert_eq!(capabilities(&n, "hopital-foch", "urgences").len(), 1);
    // Cooperation filières are preferred pathways, never mandatory.
    let preferred: Vec<_> = n
        .rules
        .iter()
        .filter(|r| r.step == Step::PreferredPathway)
        .collect();
    assert!(preferred.len() >= 2);
    assert!(preferred.iter().all(|r| r.strength == Strength::Preferred));
}

#[test]
fn alliance_ouest_parisien_pooled_services() {
    let n = load("alliance-ouest-parisien");
    // Laboratory GCS: three active members, EHPAD Solemnes and Clinique de Rueil in progress.
    let lab = members(&n, "gcs-laboratoire-alliance");
    assert_eq!(
        lab.iter()
            .filter(|m| m.validity.status == Status::Active)
            .count(),
        3
    );
    for m in ["ej-solemnes", "clinique-mgen-rueil"] {
        assert_eq!(
            membership(&n, "gcs-laboratoire-alliance", m)
                .validity
                .status,
            Status::InProgress
        );
    }
    // PUI GCS: EHPAD de Neuilly joining.
    assert_eq!(
        membership(&n, "gcs-pui-alliance", "ehpad-neuilly")
            .validity
            .status,
        Status::InProgress
    );
    for kind in [
        ServiceKind::SharedMedicalTime,
        ServiceKind::Laboratory,
        ServiceKind::Pui,
        ServiceKind::HygieneTeam,
        ServiceKind::Dpo,
    ] {
        assert!(
            n.shared_services.iter().any(|s| s.kind == kind),
            "shared service {kind:?}"
        );
    }
    assert_eq!(
        legal_entity(&n, "ej-hopital-foch").legal_status,
        LegalStatus::Espic
    );
}

#[test]
fn groupe_sos_facts() {
    let n = load("groupe-sos");

    let group = grouping(&n, "groupe-sos");
    assert_eq!(group.kind, GroupingKind::OperatorGroup);
    // Counts lost in the source: absent, not zero, and said so.
    assert!(group.figures.is_empty());
    assert!(group.note.as_deref().unwrap().contains("unknown, not zero"));
    assert!(
        n.sites
            .iter()
            .flat_map(|s| &s.figures)
            .chain(n.legal_entities.iter().flat_map(|e| &e.figures))
            .all(|f| f.value != 0.0)
    );

    // Sleep centres since 2019 (approximate) at Thionville, Château-Salins, Paris 19e.
    let sleep: Vec<_> = n
        .capabilities
        .iter()
        .filter(|c| c.filiere == "sommeil")
        .collect();
    assert_eq!(sleep.len(), 3);
    assert!(
        sleep
            .iter()
            .all(|c| c.validity.from == Some(d("2019-01-01"))
                && c.validity.precision == Precision::Approximate)
    );

    // Obesity centres 2018 at Mont-Saint-Martin and Le Creusot, not labelled CSO.
    for s in ["hopital-mont-saint-martin", "hopital-le-creusot"] {
        let caps = capabilities(&n, s, "obesite");
        assert_eq!(caps.len(), 1);
        assert_eq!(caps[0].validity.from.map(Date::year), Some(2018));
        assert_ne!(caps[0].level, "3", "not a labelled CSO");
        assert!(
            site(&n, s)
                .note
                .as_deref()
                .unwrap()
                .contains("NOT a labelled")
        );
    }

    // Le Creusot surgical robot, June 2019; Saint-Avold fusion device and screening from 2018.
    let robot = &site(&n, "hopital-le-creusot").equipment[0];
    assert_eq!(robot.kind, "surgical_robot");
    assert_eq!(robot.validity.from, Some(d("2019-06-01")));
    assert_eq!(robot.validity.precision, Precision::Month);
    let avold = site(&n, "hopital-saint-avold");
    assert!(
        avold
            .equipment
            .iter()
            .any(|e| e.kind == "mri_ultrasound_fusion")
    );
    assert_eq!(
        capabilities(&n, "hopital-saint-avold", "depistage_prostate")[0]
            .validity
            .from,
        Some(d("2018-01-01"))
    );

    // CRF Villiers-sur-Marne: SMR centre with the locomoteur mention.
    assert_eq!(site(&n, "crf-villiers-sur-marne").kind, SiteKind::SmrCentre);
    let smr = capabilities(&n, "crf-villiers-sur-marne", "smr");
    assert_eq!(smr[0].mentions, ["locomoteur"]);
    assert_eq!(
        smr[0].activity,
        Some(parcours::Activity::SoinsMedicauxReadaptation)
    );

    // Hospitalor (Saint-Avold, Château-Salins) in Groupe SOS since end 2011.
    let hospitalor = membership(&n, "groupe-sos", "ej-hospitalor");
    assert_eq!(hospitalor.validity.from.map(Date::year), Some(2011));
    assert_eq!(hospitalor.validity.precision, Precision::Approximate);
    for s in ["hopital-saint-avold", "hopital-chateau-salins"] {
        assert_eq!(site(&n, s).legal_entity, "ej-hospitalor");
    }

    // An SSIAD.
    assert!(n.sites.iter().any(|s| s.kind == SiteKind::Ssiad));

    // No pathway is described between the hospitals: only a nearest-capable fallback.
    assert_eq!(n.rules.len(), 1);
    assert_eq!(
        rule(&n, "groupe-sos-any-capable").target,
        Target::AnyCapable
    );
}

#[test]
fn sos_medecins_facts() {
    let n = load("sos-medecins");

    let federation = grouping(&n, "sos-medecins-france");
    assert_eq!(federation.kind, GroupingKind::Federation);
    assert_figure(&federation.figures, "doctors", 1300.0);
    let doctors = federation
        .figures
        .iter()
        .find(|f| f.name == "doctors")
        .unwrap();
    assert_eq!(doctors.as_of, Some(d("2022-10-13")));

    // General assembly at Caen on 2022-10-13.
    let ag = n.events.iter().find(|e| e.date == d("2022-10-13")).unwrap();
    assert!(ag.description.contains("Caen"));

    // Associations: Caen active; Beauvais and Capbreton planned from ~November 2022.
    for s in [
        "sos-medecins-caen",
        "sos-medecins-beauvais",
        "sos-medecins-capbreton",
    ] {
        assert_eq!(site(&n, s).kind, SiteKind::GpAssociation);
        assert_eq!(
            legal_entity(&n, &site(&n, s).legal_entity).legal_status,
            LegalStatus::Association
        );
    }
    assert_eq!(
        membership(&n, "sos-medecins-france", "ej-sos-medecins-caen")
            .validity
            .status,
        Status::Active
    );
    // Beauvais opened to patients on 2022-11-02 (federation article of 2022-10-28); Capbreton
    // was validated on 2022-10-13 to open "in the coming weeks", with no opening date found.
    let beauvais = membership(&n, "sos-medecins-france", "ej-sos-medecins-beauvais");
    assert_eq!(beauvais.validity.status, Status::Active);
    assert_eq!(beauvais.validity.from, Some(d("2022-11-02")));
    let capbreton = membership(&n, "sos-medecins-france", "ej-sos-medecins-capbreton");
    assert_eq!(capbreton.validity.status, Status::Planned);
    assert_eq!(capbreton.validity.from, Some(d("2022-11-01")));
    assert_eq!(capbreton.validity.precision, Precision::Approximate);

    // 3624 teleconsultation, national.
    let tele = n
        .tele_services
        .iter()
        .find(|t| t.channel.as_deref() == Some("3624"))
        .unwrap();
    assert!(tele.national);
    assert_eq!(tele.act, parcours::TeleAct::Teleconsultation);
    // In operation (attested 2020-06-25), so it can be in force: a channel the federation
    // operates must be offered.
    assert_eq!(tele.validity.status, Status::Active);
    assert!(tele.validity.in_force(d("2023-01-10"), false));

    // Federation-level information system.
    let is = n
        .shared_services
        .iter()
        .find(|s| s.kind == ServiceKind::InformationSystem)
        .unwrap();
    assert_eq!(is.vehicle.as_deref(), Some("sos-medecins-france"));
    assert_eq!(is.beneficiaries, ["sos-medecins-france"]);

    // Routing: unscheduled care at the associations, nearest capable as a fallback.
    assert_eq!(
        n.capabilities
            .iter()
            .filter(|c| c.filiere == "soins_non_programmes")
            .count(),
        3
    );
    let any = rule(&n, "sos-any-capable");
    assert_eq!(any.target, Target::AnyCapable);
    assert_eq!(any.strength, Strength::Fallback);
}
