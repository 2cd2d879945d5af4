//! The history of a network: every dated change its facts record, in date order.
//!
//! A network file keeps its past and its announced future in the validities of its facts: a
//! member joined a grouping on a day, a capability closed, a rule is planned for next year. This
//! module reads them all back as one timeline ([`history`]): each [`HistoryEntry`] says when
//! (date and precision), what (starts, ends, planned start or end, event), which entity (kind and
//! id, with a JSON pointer into the file), in one line of words, with the status and the source
//! the fact cites. The line is in the language asked for ([`history_in`]; [`history`] is
//! English): its words come from the message catalogue, the names from the network.
//!
//! ```
//! let net = parcours::Network::from_json_str(r#"{
//!     "id": "n", "name": "N",
//!     "legal_entities": [{"id": "ej", "name": "EJ", "legal_status": "public"}],
//!     "groupings": [{"id": "g", "name": "G", "kind": "alliance_convention",
//!                    "validity": {"from": "2017-09", "precision": "month"}}],
//!     "memberships": [{"grouping": "g", "member": "ej", "role": "member",
//!                      "validity": {"from": "2018-01-01"}}]
//! }"#).unwrap();
//! let timeline = parcours::history::history(&net);
//! assert_eq!(timeline[0].description, "G starts");
//! assert_eq!(timeline[1].description, "EJ joins G as member");
//! let french = parcours::history::history_in(&net, parcours::Lang::Fr);
//! assert_eq!(french[1].description, "EJ rejoint G comme membre");
//! ```

use std::collections::HashMap;

use serde::Serialize;

use crate::date::{Date, Precision, Status, Validity};
use crate::messages::{Lang, Msg, tr};
use crate::network::{
    Capability, Equipment, Grouping, Membership, Network, Role, Rule, ServiceKind, SharedService,
    Site, TeleAct, TeleService,
};

/// What happens at a date of the history.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ChangeKind {
    /// A fact takes effect (the `from` of an active or ended validity).
    Starts,
    /// A fact stops (the `to` of a validity): its last day.
    Ends,
    /// A planned or in-progress fact is expected to take effect (its `from`; no date when the
    /// source gives none).
    PlannedStart,
    /// A planned or in-progress fact is expected to stop (its `to`).
    PlannedEnd,
    /// A dated event of the network (`events`).
    Event,
}

/// Which kind of entity a history entry or a structural difference is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EntityKind {
    /// The network itself (its id, name, description, format version).
    Network,
    /// A cited document.
    Source,
    /// A place.
    Location,
    /// A legal entity.
    LegalEntity,
    /// A site.
    Site,
    /// A piece of equipment of a site; its id is `site/kind`.
    Equipment,
    /// A filière.
    Filiere,
    /// A grouping.
    Grouping,
    /// A membership; its id is `grouping/member/role`.
    Membership,
    /// A capability; its id is its own `id`, or `site/filiere` when it has none.
    Capability,
    /// A routing rule.
    Rule,
    /// A shared service.
    SharedService,
    /// A tele-service.
    TeleService,
    /// An event.
    Event,
}

impl EntityKind {
    /// The snake_case name used in JSON and tables (`membership`, `shared_service`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Network => "network",
            Self::Source => "source",
            Self::Location => "location",
            Self::LegalEntity => "legal_entity",
            Self::Site => "site",
            Self::Equipment => "equipment",
            Self::Filiere => "filiere",
            Self::Grouping => "grouping",
            Self::Membership => "membership",
            Self::Capability => "capability",
            Self::Rule => "rule",
            Self::SharedService => "shared_service",
            Self::TeleService => "tele_service",
            Self::Event => "event",
        }
    }
}

impl ChangeKind {
    /// The snake_case name used in JSON and tables (`starts`, `planned_start`…).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Starts => "starts",
            Self::Ends => "ends",
            Self::PlannedStart => "planned_start",
            Self::PlannedEnd => "planned_end",
            Self::Event => "event",
        }
    }
}

/// One dated change of a network's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// When: the `from` (or `to`) of the fact's validity, the date of an event. `None` only for a
    /// planned fact whose source gives no expected date; such entries come last.
    pub date: Option<Date>,
    /// How precise the date is, as the fact's validity says (`day` for events).
    pub precision: Precision,
    /// What happens.
    pub change: ChangeKind,
    /// The kind of entity concerned.
    pub entity: EntityKind,
    /// Its id (see [`EntityKind`] for the ids of memberships, capabilities and equipment).
    pub id: String,
    /// One line in words, with the names of the entities (e.g. `Hôpital Foch joins Alliance
    /// hospitalière as founding member`).
    pub description: String,
    /// The fact's status (`active`, `ended`, `planned`, `in_progress`).
    pub status: Status,
    /// The source the fact cites, when it cites one (`null` in JSON otherwise, so that every
    /// entry has the same fields, as rows of a table).
    pub source: Option<String>,
    /// JSON pointer to the fact in the network file (`/memberships/14`).
    pub pointer: String,
}

/// The whole history of `network`, in English: see [`history_in`].
pub fn history(network: &Network) -> Vec<HistoryEntry> {
    history_in(network, Lang::En)
}

/// The whole history of `network`, each description in `lang`: one entry per `from` and `to` of every validity (sites and
/// their equipment, groupings, memberships, capabilities, rules, shared services, tele-services)
/// and one per event, sorted by date. Entries at the same date keep the order of the file
/// (section by section, as [`Network`] lists them); planned facts with no expected date come
/// last. A validity with neither `from` nor `to` gives no entry unless it is planned.
pub fn history_in(network: &Network, lang: Lang) -> Vec<HistoryEntry> {
    let mut out = Collector {
        lang,
        names: names(network),
        entries: Vec::new(),
    };
    for (i, site) in network.sites.iter().enumerate() {
        out.site(site, i);
    }
    for (i, g) in network.groupings.iter().enumerate() {
        out.grouping(g, i);
    }
    for (i, m) in network.memberships.iter().enumerate() {
        out.membership(m, i);
    }
    for (i, c) in network.capabilities.iter().enumerate() {
        out.capability(c, i);
    }
    for (i, r) in network.rules.iter().enumerate() {
        out.rule(r, i);
    }
    for (i, s) in network.shared_services.iter().enumerate() {
        out.shared_service(s, i);
    }
    for (i, t) in network.tele_services.iter().enumerate() {
        out.tele_service(t, i);
    }
    for (i, e) in network.events.iter().enumerate() {
        let concerns = if e.concerns.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = e.concerns.iter().map(|c| out.name(c)).collect();
            format!(" ({})", names.join(", "))
        };
        out.entries.push(HistoryEntry {
            date: Some(e.date),
            precision: Precision::Day,
            change: ChangeKind::Event,
            entity: EntityKind::Event,
            id: e.id.clone(),
            description: format!("{}{concerns}", e.description),
            status: Status::Active,
            source: e.source.clone(),
            pointer: format!("/events/{i}"),
        });
    }
    in_date_order(out.entries)
}

/// Sorts entries by date, keeping the file's order at equal dates; `None` (no expected date)
/// last. Sorts one `u64` per entry (day, then position) rather than the entries: an unstable
/// sort of integers is a fraction of the code of a stable sort of a large struct, which the
/// WebAssembly module's size budget notices.
fn in_date_order(entries: Vec<HistoryEntry>) -> Vec<HistoryEntry> {
    // Days since 1970 are above -400,000 for the years a `Date` accepts: shifted, they fit 32 bits.
    let day = |e: &HistoryEntry| {
        e.date.map_or(u64::from(u32::MAX), |d| {
            u64::try_from(i64::from(d.epoch_day()) + 1_000_000).unwrap_or(0)
        })
    };
    let mut keys: Vec<u64> = entries
        .iter()
        .zip(0u64..)
        .map(|(e, i)| (day(e) << 32) | i)
        .collect();
    crate::order::sort(&mut keys);
    let mut slots: Vec<Option<HistoryEntry>> = entries.into_iter().map(Some).collect();
    keys.iter()
        .filter_map(|k| {
            let i = usize::try_from(k & 0xFFFF_FFFF).ok()?;
            slots.get_mut(i).and_then(Option::take)
        })
        .collect()
}

/// The entries of [`history`] dated between `from` and `to`, in English: see
/// [`history_between_in`].
pub fn history_between(
    network: &Network,
    from: Option<Date>,
    to: Option<Date>,
) -> Vec<HistoryEntry> {
    history_between_in(network, from, to, Lang::En)
}

/// The entries of [`history_in`] dated between `from` and `to` (both inclusive; `None` leaves
/// that side open). With either bound, planned facts without an expected date are left out.
///
/// ```
/// let net = parcours::Network::from_json_str(r#"{"id": "n", "name": "N",
///     "events": [{"id": "e1", "date": "2017-01-01", "description": "first"},
///                {"id": "e2", "date": "2019-01-01", "description": "second"}]}"#).unwrap();
/// let from = "2018-01-01".parse().ok();
/// let later = parcours::history::history_between_in(&net, from, None, parcours::Lang::Fr);
/// assert_eq!(later.len(), 1);
/// assert_eq!(later[0].id, "e2");
/// ```
pub fn history_between_in(
    network: &Network,
    from: Option<Date>,
    to: Option<Date>,
    lang: Lang,
) -> Vec<HistoryEntry> {
    let mut entries = history_in(network, lang);
    if from.is_some() || to.is_some() {
        entries.retain(|e| {
            e.date
                .is_some_and(|d| from.is_none_or(|f| f <= d) && to.is_none_or(|t| d <= t))
        });
    }
    entries
}

impl Network {
    /// The network's history: see [`history`].
    pub fn history(&self) -> Vec<HistoryEntry> {
        history(self)
    }

    /// The network's history, descriptions in `lang`: see [`history_in`].
    pub fn history_in(&self, lang: Lang) -> Vec<HistoryEntry> {
        history_in(self, lang)
    }
}

/// Names of the entities that have one, by id.
fn names(network: &Network) -> HashMap<&str, &str> {
    let mut names = HashMap::new();
    for l in &network.locations {
        names.insert(l.id.as_str(), l.name.as_str());
    }
    for e in &network.legal_entities {
        names.insert(e.id.as_str(), e.name.as_str());
    }
    for s in &network.sites {
        names.insert(s.id.as_str(), s.name.as_str());
    }
    for f in &network.filieres {
        names.insert(f.id.as_str(), f.name.as_str());
    }
    for g in &network.groupings {
        names.insert(g.id.as_str(), g.name.as_str());
    }
    for t in &network.tele_services {
        if let Some(n) = &t.name {
            names.insert(t.id.as_str(), n.as_str());
        }
    }
    names
}

/// The words for a membership role, in the catalogue.
pub(crate) fn role_msg(role: Role) -> Msg {
    match role {
        Role::Support => Msg::RoleSupport,
        Role::Party => Msg::RoleParty,
        Role::Partner => Msg::RolePartner,
        Role::AssociatedChu => Msg::RoleAssociatedChu,
        Role::AssociatedArmy => Msg::RoleAssociatedArmy,
        Role::FoundingMember => Msg::RoleFoundingMember,
        Role::Member => Msg::RoleMember,
        Role::Operator => Msg::RoleOperator,
        Role::Beneficiary => Msg::RoleBeneficiary,
    }
}

/// The words for a kind of shared service, in the catalogue.
fn service_msg(kind: ServiceKind) -> Msg {
    match kind {
        ServiceKind::Sterilisation => Msg::SvcSterilisation,
        ServiceKind::Laboratory => Msg::SvcLaboratory,
        ServiceKind::Pui => Msg::SvcPui,
        ServiceKind::HygieneTeam => Msg::SvcHygieneTeam,
        ServiceKind::Dpo => Msg::SvcDpo,
        ServiceKind::InformationSystem => Msg::SvcInformationSystem,
        ServiceKind::Dim => Msg::SvcDim,
        ServiceKind::Purchasing => Msg::SvcPurchasing,
        ServiceKind::Training => Msg::SvcTraining,
        ServiceKind::SharedMedicalTime => Msg::SvcSharedMedicalTime,
        ServiceKind::Imaging => Msg::SvcImaging,
        ServiceKind::Logistics => Msg::SvcLogistics,
    }
}

/// The words for a tele-act, in the catalogue.
fn act_msg(act: TeleAct) -> Msg {
    match act {
        TeleAct::Teleconsultation => Msg::ActTeleconsultation,
        TeleAct::Teleexpertise => Msg::ActTeleexpertise,
        TeleAct::Telesurveillance => Msg::ActTelesurveillance,
        TeleAct::Teleassistance => Msg::ActTeleassistance,
        TeleAct::MedicalRegulation => Msg::ActMedicalRegulation,
    }
}

/// What a validity's start and end are called for one kind of fact.
struct Phrases {
    starts: String,
    ends: String,
}

struct Collector<'a> {
    lang: Lang,
    names: HashMap<&'a str, &'a str>,
    entries: Vec<HistoryEntry>,
}

impl<'a> Collector<'a> {
    /// The name of an entity, or its id when it has none.
    fn name<'b>(&self, id: &'b str) -> &'b str
    where
        'a: 'b,
    {
        self.names.get(id).copied().unwrap_or(id)
    }

    /// Pushes the entries of one validity.
    fn validity(
        &mut self,
        validity: &Validity,
        entity: EntityKind,
        id: &str,
        phrases: Phrases,
        source: Option<&String>,
        pointer: &str,
    ) {
        let planned = validity.is_planned();
        let entry = |date, change, description| HistoryEntry {
            date,
            precision: validity.precision,
            change,
            entity,
            id: id.to_owned(),
            description,
            status: validity.status,
            source: source.cloned(),
            pointer: pointer.to_owned(),
        };
        if validity.from.is_some() || (planned && validity.to.is_none()) {
            let change = if planned {
                ChangeKind::PlannedStart
            } else {
                ChangeKind::Starts
            };
            self.entries
                .push(entry(validity.from, change, phrases.starts));
        }
        if let Some(to) = validity.to {
            let change = if planned {
                ChangeKind::PlannedEnd
            } else {
                ChangeKind::Ends
            };
            self.entries.push(entry(Some(to), change, phrases.ends));
        }
    }

    /// The text of `msg` in the collector's language, its holes filled with `args`.
    fn tr(&self, msg: Msg, args: &[&str]) -> String {
        tr(self.lang, msg, args)
    }

    /// The words of `msg` in the collector's language.
    fn word(&self, msg: Msg) -> &'static str {
        msg.template(self.lang)
    }

    fn site(&mut self, site: &Site, i: usize) {
        let phrases = Phrases {
            starts: self.tr(Msg::HistSiteOpens, &[&site.name]),
            ends: self.tr(Msg::HistSiteCloses, &[&site.name]),
        };
        self.validity(
            &site.validity,
            EntityKind::Site,
            &site.id,
            phrases,
            site.source.as_ref(),
            &format!("/sites/{i}"),
        );
        for (j, e) in site.equipment.iter().enumerate() {
            self.equipment(site, e, i, j);
        }
    }

    fn equipment(&mut self, site: &Site, e: &Equipment, i: usize, j: usize) {
        let what = e.name.clone().unwrap_or_else(|| e.kind.replace('_', " "));
        let phrases = Phrases {
            starts: self.tr(Msg::HistInService, &[&site.name, &what]),
            ends: self.tr(Msg::HistOutOfService, &[&site.name, &what]),
        };
        self.validity(
            &e.validity,
            EntityKind::Equipment,
            &format!("{}/{}", site.id, e.kind),
            phrases,
            e.source.as_ref().or(site.source.as_ref()),
            &format!("/sites/{i}/equipment/{j}"),
        );
    }

    fn grouping(&mut self, g: &Grouping, i: usize) {
        let phrases = Phrases {
            starts: self.tr(Msg::HistStarts, &[&g.name]),
            ends: self.tr(Msg::HistEnds, &[&g.name]),
        };
        self.validity(
            &g.validity,
            EntityKind::Grouping,
            &g.id,
            phrases,
            g.source.as_ref(),
            &format!("/groupings/{i}"),
        );
    }

    fn membership(&mut self, m: &Membership, i: usize) {
        let args = [
            self.name(&m.member),
            self.name(&m.grouping),
            self.word(role_msg(m.role)),
        ];
        let phrases = Phrases {
            starts: self.tr(Msg::HistJoins, &args),
            ends: self.tr(Msg::HistLeaves, &args),
        };
        self.validity(
            &m.validity,
            EntityKind::Membership,
            &membership_id(m),
            phrases,
            m.source.as_ref(),
            &format!("/memberships/{i}"),
        );
    }

    fn capability(&mut self, c: &Capability, i: usize) {
        let (site, filiere) = (self.name(&c.site), self.name(&c.filiere));
        // The activity is named as the authorisation nomenclature names it, in French.
        let activity = c
            .activity
            .map(|a| format!(" ({})", enum_id(&a).replace('_', " ")))
            .unwrap_or_default();
        let phrases = Phrases {
            starts: self.tr(Msg::HistHandles, &[site, filiere, &c.level, &activity]),
            ends: self.tr(Msg::HistStopsHandling, &[site, filiere, &c.level]),
        };
        self.validity(
            &c.validity,
            EntityKind::Capability,
            &capability_id(c),
            phrases,
            c.source.as_ref(),
            &format!("/capabilities/{i}"),
        );
    }

    fn rule(&mut self, r: &Rule, i: usize) {
        let name = r
            .name
            .as_ref()
            .map(|n| self.tr(Msg::HistNamed, &[n]))
            .unwrap_or_default();
        let phrases = Phrases {
            starts: self.tr(Msg::HistRuleApplies, &[&r.id, &name]),
            ends: self.tr(Msg::HistRuleStops, &[&r.id, &name]),
        };
        self.validity(
            &r.validity,
            EntityKind::Rule,
            &r.id,
            phrases,
            r.source.as_ref(),
            &format!("/rules/{i}"),
        );
    }

    fn shared_service(&mut self, s: &SharedService, i: usize) {
        let vehicle = s
            .vehicle
            .as_ref()
            .map(|v| self.tr(Msg::HistThrough, &[self.name(v)]))
            .unwrap_or_default();
        let args = [
            self.name(&s.provider),
            self.word(service_msg(s.kind)),
            &vehicle,
        ];
        let phrases = Phrases {
            starts: self.tr(Msg::HistProvides, &args),
            ends: self.tr(Msg::HistStopsProviding, &args),
        };
        self.validity(
            &s.validity,
            EntityKind::SharedService,
            &s.id,
            phrases,
            s.source.as_ref(),
            &format!("/shared_services/{i}"),
        );
    }

    fn tele_service(&mut self, t: &TeleService, i: usize) {
        let name = t.name.as_deref().unwrap_or(&t.id);
        let args = [name, self.word(act_msg(t.act)), self.name(&t.provider)];
        let phrases = Phrases {
            starts: self.tr(Msg::HistTeleOpens, &args),
            ends: self.tr(Msg::HistTeleCloses, &args),
        };
        self.validity(
            &t.validity,
            EntityKind::TeleService,
            &t.id,
            phrases,
            t.source.as_ref(),
            &format!("/tele_services/{i}"),
        );
    }
}

/// The id of a membership in histories and diffs: `grouping/member/role`.
pub(crate) fn membership_id(m: &Membership) -> String {
    format!("{}/{}/{}", m.grouping, m.member, enum_id(&m.role))
}

/// The id of a capability in histories and diffs: its `id`, or `site/filiere`.
pub(crate) fn capability_id(c: &Capability) -> String {
    c.id.clone()
        .unwrap_or_else(|| format!("{}/{}", c.site, c.filiere))
}

/// The snake_case name of a unit enum variant, as serde writes it (JSON text without its
/// quotes: no `serde_json::Value` serialiser, see `structure::as_object`).
fn enum_id<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value)
        .map(|s| s.trim_matches('"').to_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn net(json: &str) -> Network {
        Network::from_json_str(json).unwrap()
    }

    const BASE: &str = r#"{
        "id": "n", "name": "N",
        "sources": [{"id": "src", "url": "https://example.org/doc"}],
        "locations": [{"id": "loc", "name": "Town", "lat": 48.0, "lon": 5.0}],
        "legal_entities": [{"id": "ej-a", "name": "EJ A", "legal_status": "public"},
                           {"id": "ej-b", "name": "EJ B", "legal_status": "public"}],
        "sites": [{"id": "site-a", "name": "Site A", "legal_entity": "ej-a", "kind": "hospital",
                   "location": "loc",
                   "equipment": [{"kind": "mri", "validity": {"from": "2021-03-01"}}]},
                  {"id": "site-b", "name": "Site B", "legal_entity": "ej-b", "kind": "clinic",
                   "location": "loc", "validity": {"from": "2015-01-01", "to": "2019-12-31",
                   "status": "ended"}}],
        "filieres": [{"id": "chir", "name": "Chirurgie",
                      "levels": [{"id": "proximite"}, {"id": "recours"}]}],
        "groupings": [{"id": "g", "name": "G", "kind": "gcs_moyens", "legal_personality": true,
                       "validity": {"from": "2017-10-01"}, "source": "src"}],
        "memberships": [
            {"grouping": "g", "member": "ej-b", "role": "member",
             "validity": {"from": "2018", "precision": "approximate"}},
            {"grouping": "g", "member": "ej-a", "role": "founding_member",
             "validity": {"from": "2017-10-01"}, "source": "src"},
            {"grouping": "g", "member": "site-a", "role": "member",
             "validity": {"status": "planned"}},
            {"grouping": "g", "member": "ej-b", "role": "partner",
             "validity": {"from": "2017-10-01", "to": "2018-06-30", "status": "ended"}}
        ],
        "capabilities": [{"site": "site-a", "filiere": "chir", "level": "recours",
                          "validity": {"from": "2022-01-01", "status": "in_progress"}}],
        "rules": [{"id": "r1", "name": "to A", "filieres": ["chir"], "target": {"site": "site-a"},
                   "strength": "mandatory", "step": "partner",
                   "validity": {"from": "2017-10-01", "to": "2020-12-31"}}],
        "events": [{"id": "ev", "date": "2017-10-01", "description": "board installed",
                    "concerns": ["g"]}]
    }"#;

    fn line(e: &HistoryEntry) -> String {
        format!(
            "{} {} {} {}",
            e.date.map(|d| d.to_string()).unwrap_or_default(),
            e.change.as_str(),
            e.entity.as_str(),
            e.id
        )
    }

    #[test]
    fn every_validity_and_event_in_date_order_stable_at_equal_dates() {
        let lines: Vec<String> = history(&net(BASE)).iter().map(line).collect();
        assert_eq!(
            lines,
            [
                "2015-01-01 starts site site-b",
                // 2017-10-01: the file's order, section by section.
                "2017-10-01 starts grouping g",
                "2017-10-01 starts membership g/ej-a/founding_member",
                "2017-10-01 starts membership g/ej-b/partner",
                "2017-10-01 starts rule r1",
                "2017-10-01 event event ev",
                "2018-01-01 starts membership g/ej-b/member",
                "2018-06-30 ends membership g/ej-b/partner",
                "2019-12-31 ends site site-b",
                "2020-12-31 ends rule r1",
                "2021-03-01 starts equipment site-a/mri",
                "2022-01-01 planned_start capability site-a/chir",
                " planned_start membership g/site-a/member",
            ]
        );
    }

    #[test]
    fn entries_carry_precision_status_source_pointer_and_words() {
        let h = history(&net(BASE));
        let joined = h.iter().find(|e| e.id == "g/ej-b/member").unwrap();
        assert_eq!(joined.precision, Precision::Approximate);
        assert_eq!(joined.status, Status::Active);
        assert_eq!(joined.pointer, "/memberships/0");
        assert_eq!(joined.description, "EJ B joins G as member");
        let founder = h.iter().find(|e| e.id == "g/ej-a/founding_member").unwrap();
        assert_eq!(founder.source.as_deref(), Some("src"));
        assert_eq!(founder.description, "EJ A joins G as founding member");
        let left = h
            .iter()
            .find(|e| e.id == "g/ej-b/partner" && e.change == ChangeKind::Ends)
            .unwrap();
        assert_eq!(left.status, Status::Ended);
        assert_eq!(left.description, "EJ B leaves G (partner)");
        let cap = h
            .iter()
            .find(|e| e.entity == EntityKind::Capability)
            .unwrap();
        assert_eq!(cap.status, Status::InProgress);
        assert_eq!(
            cap.description,
            "Site A handles Chirurgie up to level recours"
        );
        let ev = h.iter().find(|e| e.entity == EntityKind::Event).unwrap();
        assert_eq!(ev.description, "board installed (G)");
        let mri = h
            .iter()
            .find(|e| e.entity == EntityKind::Equipment)
            .unwrap();
        assert_eq!(mri.pointer, "/sites/0/equipment/0");
        assert_eq!(mri.description, "Site A: mri in service");
    }

    #[test]
    fn descriptions_in_french_keep_the_network_names() {
        let n = net(BASE);
        let fr = history_in(&n, Lang::Fr);
        let en = history(&n);
        assert_eq!(fr.len(), en.len());
        let by_id = |id: &str, change: ChangeKind| {
            fr.iter()
                .find(|e| e.id == id && e.change == change)
                .map(|e| e.description.as_str())
                .unwrap()
        };
        assert_eq!(
            by_id("g/ej-a/founding_member", ChangeKind::Starts),
            "EJ A rejoint G comme membre fondateur"
        );
        assert_eq!(
            by_id("g/ej-b/partner", ChangeKind::Ends),
            "EJ B quitte G (partenaire)"
        );
        assert_eq!(
            by_id("site-a/chir", ChangeKind::PlannedStart),
            "Site A prend en charge Chirurgie jusqu'au niveau recours"
        );
        assert_eq!(
            by_id("r1", ChangeKind::Ends),
            "la règle r1 cesse de s'appliquer : to A"
        );
        assert_eq!(by_id("site-b", ChangeKind::Ends), "fermeture de Site B");
        assert_eq!(
            by_id("site-a/mri", ChangeKind::Starts),
            "Site A : mise en service de mri"
        );
        // Everything but the words is the same in both languages.
        for (f, e) in fr.iter().zip(&en) {
            assert_eq!((f.date, &f.id, f.change), (e.date, &e.id, e.change));
        }
        assert_eq!(
            history_between_in(&n, "2020-01-01".parse().ok(), None, Lang::Fr)[0].description,
            "la règle r1 cesse de s'appliquer : to A"
        );
    }

    #[test]
    fn between_keeps_inclusive_bounds_and_drops_undated_plans() {
        let n = net(BASE);
        let d = |s: &str| s.parse::<Date>().ok();
        let all = history_between(&n, None, None);
        assert_eq!(all, history(&n));
        let window = history_between(&n, d("2017-10-01"), d("2018-06-30"));
        assert_eq!(window.len(), 7, "{window:#?}");
        assert!(window.iter().all(|e| e.date.is_some()));
        let late = history_between(&n, d("2020-01-01"), None);
        assert_eq!(
            late.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
            ["r1", "site-a/mri", "site-a/chir"]
        );
        assert!(history_between(&n, d("2030-01-01"), d("2020-01-01")).is_empty());
    }

    #[test]
    fn facts_without_dates_give_no_entry() {
        let n = net(r#"{"id": "n", "name": "N",
            "groupings": [{"id": "g", "name": "G", "kind": "ght"}]}"#);
        assert!(history(&n).is_empty());
    }

    #[test]
    fn serialises_snake_case_with_dates_as_text() {
        let h = history(&net(BASE));
        let v = serde_json::to_value(&h[0]).unwrap();
        assert_eq!(v["date"], "2015-01-01");
        assert_eq!(v["change"], "starts");
        assert_eq!(v["entity"], "site");
        assert_eq!(v["precision"], "day");
        assert_eq!(v["status"], "ended");
        assert_eq!(v["source"], serde_json::Value::Null);
        let planned = serde_json::to_value(h.last().unwrap()).unwrap();
        assert_eq!(planned["date"], serde_json::Value::Null);
        assert_eq!(planned["change"], "planned_start");
    }
}
