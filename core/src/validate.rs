//! Load-time validation: unique ids, reference integrity and value ranges.
//!
//! These are the problems that make a network meaningless (a membership naming no grouping, a
//! latitude of 200°). Problems that a meaningful network may still have (a GHT without support,
//! a gap in a filière) are the business of [`crate::check`]-style diagnostics, not of loading.

use std::collections::HashMap;

use crate::date::Validity;
use crate::error::{Error, Problem, codes};
use crate::load::{MAX_LEVELS, MAX_MEMBER_EXPANSION, MAX_NODE_FILIERE_PAIRS};
use crate::messages::{Arg, Msg, Text, ToArg, text};
use crate::network::{Figure, Filiere, Network, Target};

/// Kinds of entity that own an id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Source,
    Location,
    LegalEntity,
    Site,
    Filiere,
    Grouping,
    Capability,
    Rule,
    SharedService,
    TeleService,
    Event,
    Territory,
}

impl Kind {
    fn noun(self) -> Msg {
        match self {
            Kind::Source => Msg::NounSource,
            Kind::Location => Msg::NounLocation,
            Kind::LegalEntity => Msg::NounLegalEntity,
            Kind::Site => Msg::NounSite,
            Kind::Filiere => Msg::NounFiliere,
            Kind::Grouping => Msg::NounGrouping,
            Kind::Capability => Msg::NounCapability,
            Kind::Rule => Msg::NounRule,
            Kind::SharedService => Msg::NounSharedService,
            Kind::TeleService => Msg::NounTeleService,
            Kind::Event => Msg::NounEvent,
            Kind::Territory => Msg::NounTerritory,
        }
    }
}

/// The kinds as one noun phrase: `site or location`.
fn nouns(kinds: &[Kind]) -> Arg {
    match kinds.split_first() {
        None => String::new().to_arg(),
        Some((k, [])) => k.noun().to_arg(),
        Some((k, rest)) => text!(NounOr, k.noun(), nouns(rest)).to_arg(),
    }
}

const MEMBER: &[Kind] = &[Kind::Site, Kind::LegalEntity, Kind::Grouping];
const ANY: &[Kind] = &[
    Kind::Location,
    Kind::LegalEntity,
    Kind::Site,
    Kind::Filiere,
    Kind::Grouping,
    Kind::Capability,
    Kind::Rule,
    Kind::SharedService,
    Kind::TeleService,
];

/// Longest id accepted, in bytes.
pub const MAX_ID_BYTES: usize = 200;

/// Work allowed for "did you mean" hints, in edit-distance cells (one cell is one pair of
/// characters compared). Each unknown reference is compared with every id of the expected kind;
/// past this budget the hint says what to add instead, so that a file of 100,000 broken
/// references does not take quadratic time to report.
const SUGGESTION_BUDGET: u64 = 20_000_000;

struct Validator<'n> {
    ids: HashMap<&'n str, (Kind, String)>,
    filieres: HashMap<&'n str, &'n Filiere>,
    problems: Vec<Problem>,
    suggestion_budget: u64,
}

impl Network {
    /// Checks ids, references and values; returns every problem found at once.
    ///
    /// Loading calls this; call it yourself on a network built or modified in code.
    ///
    /// # Errors
    /// [`Error::Load`] naming the input `<network>`, with codes `L003` (duplicate id), `L004`
    /// (unknown reference, with the closest id as a hint), `L005` (reference to the wrong kind
    /// of entity), `L006` (invalid value) and `L007` (unsupported format version).
    pub fn validate(&self) -> Result<(), Error> {
        self.validate_named("<network>")
    }

    pub(crate) fn validate_named(&self, file: &str) -> Result<(), Error> {
        let mut v = Validator {
            ids: HashMap::new(),
            filieres: self.filieres.iter().map(|f| (f.id.as_str(), f)).collect(),
            problems: Vec::new(),
            suggestion_budget: SUGGESTION_BUDGET,
        };
        v.collect_ids(self);
        v.check_references(self);
        v.check_values(self);
        v.check_limits(self);
        if v.problems.is_empty() {
            Ok(())
        } else {
            Err(Error::load(file.to_owned(), v.problems))
        }
    }
}

impl<'n> Validator<'n> {
    fn define(&mut self, id: &'n str, kind: Kind, pointer: String) {
        if id.trim().is_empty() || id.trim() != id || id.len() > MAX_ID_BYTES {
            self.problems.push(
                Problem::tr(
                    codes::INVALID_VALUE,
                    format!("{pointer}/id"),
                    text!(IdInvalid, id),
                )
                .help(text!(IdInvalidHint, MAX_ID_BYTES.to_string())),
            );
            return;
        }
        if let Some(c) = id.chars().find(|&c| is_invisible(c)) {
            self.problems.push(
                Problem::tr(
                    codes::INVALID_VALUE,
                    format!("{pointer}/id"),
                    text!(
                        IdInvisible,
                        escape_invisible(id),
                        format!("{:04X}", u32::from(c))
                    ),
                )
                .help(text!(IdInvisibleHint)),
            );
            return;
        }
        if let Some((other_kind, other_ptr)) = self.ids.get(id) {
            let msg = text!(IdDuplicate, id, other_kind.noun(), other_ptr);
            self.problems.push(
                Problem::tr(codes::DUPLICATE_ID, format!("{pointer}/id"), msg)
                    .with_entity(id)
                    .help(text!(IdDuplicateHint)),
            );
            return;
        }
        self.ids.insert(id, (kind, pointer));
    }

    fn collect_ids(&mut self, n: &'n Network) {
        macro_rules! each {
            ($field:ident, $kind:expr) => {
                for (i, e) in n.$field.iter().enumerate() {
                    self.define(&e.id, $kind, format!("/{}/{i}", stringify!($field)));
                }
            };
        }
        each!(sources, Kind::Source);
        each!(locations, Kind::Location);
        each!(legal_entities, Kind::LegalEntity);
        each!(sites, Kind::Site);
        each!(filieres, Kind::Filiere);
        each!(groupings, Kind::Grouping);
        each!(rules, Kind::Rule);
        each!(shared_services, Kind::SharedService);
        each!(tele_services, Kind::TeleService);
        each!(events, Kind::Event);
        each!(territories, Kind::Territory);
        for (i, c) in n.capabilities.iter().enumerate() {
            if let Some(id) = &c.id {
                self.define(id, Kind::Capability, format!("/capabilities/{i}"));
            }
        }
    }

    /// Checks that `id` names an entity of one of `kinds`.
    fn reference(&mut self, pointer: String, id: &str, kinds: &[Kind], entity: Option<&str>) {
        match self.ids.get(id) {
            Some((kind, _)) if kinds.contains(kind) => {}
            Some((kind, at)) => {
                let wanted = nouns(kinds);
                let p = Problem::tr(
                    codes::WRONG_KIND,
                    pointer,
                    text!(RefWrongKind, id, kind.noun(), at, wanted),
                )
                .help(text!(RefWrongKindHint, wanted));
                self.problems.push(with_entity(p, entity));
            }
            None => {
                let wanted = nouns(kinds);
                let hint = match closest_within(
                    id,
                    self.ids
                        .iter()
                        .filter(|(_, (k, _))| kinds.contains(k))
                        .map(|(i, _)| *i),
                    &mut self.suggestion_budget,
                ) {
                    Some(c) => text!(DidYouMean, c),
                    None => text!(RefAddHint, wanted),
                };
                let p = Problem::tr(
                    codes::UNKNOWN_REFERENCE,
                    pointer,
                    text!(RefUnknown, wanted, id),
                )
                .help(hint);
                self.problems.push(with_entity(p, entity));
            }
        }
    }

    fn source(&mut self, pointer: &str, source: Option<&String>, entity: Option<&str>) {
        if let Some(s) = source {
            self.reference(format!("{pointer}/source"), s, &[Kind::Source], entity);
        }
    }

    fn figures(&mut self, pointer: &str, figures: &[Figure], entity: &str) {
        for (j, f) in figures.iter().enumerate() {
            let fp = format!("{pointer}/figures/{j}");
            self.source(&fp, f.source.as_ref(), Some(entity));
            if !f.value.is_finite() {
                self.invalid(
                    format!("{fp}/value"),
                    text!(FigureNotFinite, f.name),
                    Some(entity),
                    text!(FigureNotFiniteHint),
                );
            }
        }
    }

    fn invalid(&mut self, pointer: String, message: Text, entity: Option<&str>, hint: Text) {
        let p = Problem::tr(codes::INVALID_VALUE, pointer, message).help(hint);
        self.problems.push(with_entity(p, entity));
    }

    fn validity(&mut self, pointer: &str, v: &Validity, entity: Option<&str>) {
        if let (Some(from), Some(to)) = (v.from, v.to) {
            if from > to {
                self.invalid(
                    format!("{pointer}/validity"),
                    text!(ValidityOrder, from.to_string(), to.to_string()),
                    entity,
                    text!(ValidityOrderHint),
                );
            }
        }
    }

    fn filiere_level(&mut self, pointer: String, filiere: &str, level: &str, entity: Option<&str>) {
        let Some(f) = self.filieres.get(filiere) else {
            return; // the filière reference itself is reported elsewhere
        };
        if !f.levels.iter().any(|l| l.id == level) {
            let levels = f
                .levels
                .iter()
                .map(|l| format!("`{}`", l.id))
                .collect::<Vec<_>>()
                .join(", ");
            self.invalid(
                pointer,
                text!(LevelUnknownOf, level, filiere),
                entity,
                text!(UseOneOf, levels),
            );
        }
    }

    #[allow(clippy::too_many_lines)] // one pass over the entity lists, in file order
    fn check_references(&mut self, n: &'n Network) {
        for (i, l) in n.locations.iter().enumerate() {
            self.source(&format!("/locations/{i}"), l.source.as_ref(), Some(&l.id));
        }
        for (i, e) in n.legal_entities.iter().enumerate() {
            let p = format!("/legal_entities/{i}");
            self.source(&p, e.source.as_ref(), Some(&e.id));
            self.figures(&p, &e.figures, &e.id);
        }
        for (i, s) in n.sites.iter().enumerate() {
            let p = format!("/sites/{i}");
            let id = Some(s.id.as_str());
            self.reference(
                format!("{p}/legal_entity"),
                &s.legal_entity,
                &[Kind::LegalEntity],
                id,
            );
            self.reference(format!("{p}/location"), &s.location, &[Kind::Location], id);
            self.source(&p, s.source.as_ref(), id);
            self.figures(&p, &s.figures, &s.id);
            self.validity(&p, &s.validity, id);
            for (j, eq) in s.equipment.iter().enumerate() {
                let ep = format!("{p}/equipment/{j}");
                self.source(&ep, eq.source.as_ref(), id);
                self.validity(&ep, &eq.validity, id);
            }
        }
        for (i, f) in n.filieres.iter().enumerate() {
            self.source(&format!("/filieres/{i}"), f.source.as_ref(), Some(&f.id));
        }
        for (i, g) in n.groupings.iter().enumerate() {
            let p = format!("/groupings/{i}");
            let id = Some(g.id.as_str());
            for (j, f) in g.scope.filieres.iter().enumerate() {
                self.reference(format!("{p}/scope/filieres/{j}"), f, &[Kind::Filiere], id);
            }
            self.source(&p, g.source.as_ref(), id);
            self.figures(&p, &g.figures, &g.id);
            self.validity(&p, &g.validity, id);
        }
        for (i, m) in n.memberships.iter().enumerate() {
            let p = format!("/memberships/{i}");
            self.reference(
                format!("{p}/grouping"),
                &m.grouping,
                &[Kind::Grouping],
                None,
            );
            self.reference(format!("{p}/member"), &m.member, MEMBER, None);
            if m.grouping == m.member {
                self.invalid(
                    format!("{p}/member"),
                    text!(OwnMember, m.grouping),
                    None,
                    text!(OwnMemberHint),
                );
            }
            self.source(&p, m.source.as_ref(), None);
            self.validity(&p, &m.validity, None);
        }
        for (i, c) in n.capabilities.iter().enumerate() {
            let p = format!("/capabilities/{i}");
            let id = c.id.as_deref();
            self.reference(format!("{p}/site"), &c.site, &[Kind::Site], id);
            self.reference(format!("{p}/filiere"), &c.filiere, &[Kind::Filiere], id);
            self.filiere_level(format!("{p}/level"), &c.filiere, &c.level, id);
            if let Some(h) = &c.holder {
                self.reference(format!("{p}/holder"), h, &[Kind::Grouping], id);
            }
            self.source(&p, c.source.as_ref(), id);
            self.validity(&p, &c.validity, id);
        }
        for (i, r) in n.rules.iter().enumerate() {
            self.check_rule(i, r);
        }
        for (i, s) in n.shared_services.iter().enumerate() {
            let p = format!("/shared_services/{i}");
            let id = Some(s.id.as_str());
            self.reference(format!("{p}/provider"), &s.provider, &[Kind::Site], id);
            for (j, b) in s.beneficiaries.iter().enumerate() {
                self.reference(format!("{p}/beneficiaries/{j}"), b, MEMBER, id);
            }
            if let Some(v) = &s.vehicle {
                self.reference(format!("{p}/vehicle"), v, &[Kind::Grouping], id);
            }
            self.source(&p, s.source.as_ref(), id);
            self.validity(&p, &s.validity, id);
        }
        for (i, t) in n.tele_services.iter().enumerate() {
            let p = format!("/tele_services/{i}");
            let id = Some(t.id.as_str());
            self.reference(format!("{p}/provider"), &t.provider, &[Kind::Site], id);
            for (j, r) in t.requesters.iter().enumerate() {
                self.reference(format!("{p}/requesters/{j}"), r, MEMBER, id);
            }
            for (j, f) in t.filieres.iter().enumerate() {
                self.reference(format!("{p}/filieres/{j}"), f, &[Kind::Filiere], id);
            }
            self.source(&p, t.source.as_ref(), id);
            self.validity(&p, &t.validity, id);
        }
        for (i, e) in n.events.iter().enumerate() {
            let p = format!("/events/{i}");
            for (j, c) in e.concerns.iter().enumerate() {
                self.reference(format!("{p}/concerns/{j}"), c, ANY, Some(&e.id));
            }
            self.source(&p, e.source.as_ref(), Some(&e.id));
        }
        self.check_territories(n);
    }

    /// Territories, catchments and the entry policy: references, commune and département
    /// code shapes, cycles of included territories, finite positive limits.
    fn check_territories(&mut self, n: &'n Network) {
        for (i, t) in n.territories.iter().enumerate() {
            let p = format!("/territories/{i}");
            let id = Some(t.id.as_str());
            for (j, c) in t.communes.iter().enumerate() {
                self.commune_code(format!("{p}/communes/{j}"), c, id);
            }
            for (j, d) in t.departements.iter().enumerate() {
                if !crate::reference::is_departement_code(d) {
                    self.invalid(
                        format!("{p}/departements/{j}"),
                        text!(NotDepartement, d),
                        id,
                        text!(NotDepartementHint),
                    );
                }
            }
            for (j, o) in t.territories.iter().enumerate() {
                self.reference(format!("{p}/territories/{j}"), o, &[Kind::Territory], id);
            }
            for (j, g) in t.groupings.iter().enumerate() {
                self.reference(format!("{p}/groupings/{j}"), g, &[Kind::Grouping], id);
            }
            for (j, s) in t.tele_services.iter().enumerate() {
                self.reference(
                    format!("{p}/tele_services/{j}"),
                    s,
                    &[Kind::TeleService],
                    id,
                );
            }
            self.source(&p, t.source.as_ref(), id);
            self.validity(&p, &t.validity, id);
        }
        if let Some(cycle) = crate::territory::inclusion_cycle(&n.territories) {
            self.invalid(
                "/territories".into(),
                text!(TerritoryCycle, cycle.join(" → ")),
                cycle.first().map(String::as_str),
                text!(TerritoryCycleHint),
            );
        }
        for (i, c) in n.catchments.iter().enumerate() {
            let p = format!("/catchments/{i}");
            let id = Some(c.site.as_str());
            self.reference(format!("{p}/site"), &c.site, &[Kind::Site], id);
            for (j, f) in c.filieres.iter().enumerate() {
                self.reference(format!("{p}/filieres/{j}"), f, &[Kind::Filiere], id);
            }
            for (j, code) in c.communes.iter().enumerate() {
                self.commune_code(format!("{p}/communes/{j}"), code, id);
            }
            if let Some(t) = &c.territory {
                self.reference(format!("{p}/territory"), t, &[Kind::Territory], id);
            }
            if c.communes.is_empty() && c.territory.is_none() {
                self.invalid(
                    p.clone(),
                    text!(CatchmentEmpty, c.site),
                    id,
                    text!(CatchmentEmptyHint),
                );
            }
            self.source(&p, c.source.as_ref(), id);
            self.validity(&p, &c.validity, id);
        }
        if let Some(e) = &n.entry {
            for (field, v) in [
                ("max_distance_km", e.max_distance_km),
                ("max_minutes", e.max_minutes),
            ] {
                if v.is_some_and(|v| !(v.is_finite() && v >= 0.0)) {
                    self.invalid(
                        format!("/entry/{field}"),
                        text!(EntryLimit, field),
                        None,
                        text!(EntryLimitHint),
                    );
                }
            }
        }
    }

    fn commune_code(&mut self, pointer: String, code: &str, entity: Option<&str>) {
        if !crate::reference::is_commune_code(code) {
            self.invalid(
                pointer,
                text!(NotCommune, code),
                entity,
                text!(NotCommuneHint),
            );
        }
    }

    fn check_rule(&mut self, i: usize, r: &'n crate::network::Rule) {
        let p = format!("/rules/{i}");
        let id = Some(r.id.as_str());
        for (j, f) in r.filieres.iter().enumerate() {
            self.reference(format!("{p}/filieres/{j}"), f, &[Kind::Filiere], id);
        }
        if let Some(g) = &r.origin.member_of {
            self.reference(format!("{p}/origin/member_of"), g, &[Kind::Grouping], id);
        } else if !r.origin.roles.is_empty() {
            self.invalid(
                format!("{p}/origin/roles"),
                text!(RolesNoMember),
                id,
                text!(RolesNoMemberHint),
            );
        }
        for (j, o) in r.origin.origins.iter().enumerate() {
            self.reference(
                format!("{p}/origin/origins/{j}"),
                o,
                &[Kind::Site, Kind::Location],
                id,
            );
        }
        for (field, level) in [
            ("level_at_least", &r.when.level_at_least),
            ("level_at_most", &r.when.level_at_most),
        ] {
            let Some(level) = level else { continue };
            if r.filieres.is_empty() {
                self.invalid(
                    format!("{p}/when/{field}"),
                    text!(LevelNoFiliere, level),
                    id,
                    text!(LevelNoFiliereHint),
                );
            }
            for f in &r.filieres {
                self.filiere_level(format!("{p}/when/{field}"), f, level, id);
            }
        }
        if let (Some(lo), Some(hi)) = (r.when.age_min, r.when.age_max) {
            if lo > hi {
                self.invalid(
                    format!("{p}/when"),
                    text!(AgeOrder, lo.to_string(), hi.to_string()),
                    id,
                    text!(SwapBounds),
                );
            }
        }
        let tp = format!("{p}/target");
        match &r.target {
            Target::Site(s) => self.reference(format!("{tp}/site"), s, &[Kind::Site], id),
            Target::GroupingRole { grouping, .. } => {
                self.reference(
                    format!("{tp}/grouping_role/grouping"),
                    grouping,
                    &[Kind::Grouping],
                    id,
                );
            }
            Target::GroupingMembers(g) => {
                self.reference(format!("{tp}/grouping_members"), g, &[Kind::Grouping], id);
            }
            Target::TeleService(t) => {
                self.reference(format!("{tp}/tele_service"), t, &[Kind::TeleService], id);
            }
            Target::OriginGroupingRole { .. } | Target::AnyCapable => {}
        }
        if let Some(km) = r.max_distance_km {
            if !km.is_finite() || km < 0.0 {
                self.invalid(
                    format!("{p}/max_distance_km"),
                    text!(RuleDistance, km.to_string()),
                    id,
                    text!(RuleDistanceHint),
                );
            }
        }
        self.source(&p, r.source.as_ref(), id);
        self.validity(&p, &r.validity, id);
    }

    #[allow(clippy::too_many_lines)] // one range check per field, in file order
    fn check_values(&mut self, n: &Network) {
        if n.format_version != crate::network::FORMAT_VERSION {
            self.problems.push(
                Problem::tr(
                    codes::UNSUPPORTED_VERSION,
                    "/format_version",
                    text!(VersionUnsupported, n.format_version.to_string()),
                )
                .help(text!(
                    VersionHint,
                    crate::network::FORMAT_VERSION.to_string()
                )),
            );
        }
        if n.id.trim().is_empty() {
            self.invalid("/id".into(), text!(NetIdEmpty), None, text!(NetIdEmptyHint));
        }
        for (i, l) in n.locations.iter().enumerate() {
            let id = Some(l.id.as_str());
            if !(l.lat.is_finite() && (-90.0..=90.0).contains(&l.lat)) {
                self.invalid(
                    format!("/locations/{i}/lat"),
                    text!(Latitude, l.lat.to_string()),
                    id,
                    text!(LatitudeHint),
                );
            }
            if !(l.lon.is_finite() && (-180.0..=180.0).contains(&l.lon)) {
                self.invalid(
                    format!("/locations/{i}/lon"),
                    text!(Longitude, l.lon.to_string()),
                    id,
                    text!(LongitudeHint),
                );
            }
            if let Some(code) = &l.insee {
                let ok = code.len() == 5
                    && code
                        .bytes()
                        .all(|b| b.is_ascii_digit() || b == b'A' || b == b'B');
                if !ok {
                    self.invalid(
                        format!("/locations/{i}/insee"),
                        text!(InseeInvalid, code),
                        id,
                        text!(InseeInvalidHint),
                    );
                }
            }
        }
        for (i, f) in n.filieres.iter().enumerate() {
            let id = Some(f.id.as_str());
            if f.levels.len() > MAX_LEVELS {
                self.problems.push(
                    Problem::tr(
                        codes::LIMIT,
                        format!("/filieres/{i}/levels"),
                        text!(
                            TooManyLevels,
                            f.id,
                            f.levels.len().to_string(),
                            MAX_LEVELS.to_string()
                        ),
                    )
                    .with_entity(f.id.clone())
                    .help(text!(TooManyLevelsHint)),
                );
                continue;
            }
            if f.levels.is_empty() {
                self.invalid(
                    format!("/filieres/{i}/levels"),
                    text!(NoLevel, f.id),
                    id,
                    text!(NoLevelHint),
                );
            }
            for (flag, level) in &f.flag_levels {
                if !f.levels.iter().any(|l| &l.id == level) {
                    self.invalid(
                        format!("/filieres/{i}/flag_levels/{flag}"),
                        text!(FlagLevel, flag, level),
                        id,
                        text!(FlagLevelHint),
                    );
                }
            }
            for (j, l) in f.levels.iter().enumerate() {
                if f.levels.iter().take(j).any(|o| o.id == l.id) {
                    self.invalid(
                        format!("/filieres/{i}/levels/{j}"),
                        text!(LevelTwice, l.id),
                        id,
                        text!(LevelTwiceHint),
                    );
                }
            }
        }
        for (what, list, names) in [
            (
                Msg::NounLegalEntity,
                "legal_entities",
                n.legal_entities
                    .iter()
                    .map(|e| (&e.id, &e.name))
                    .collect::<Vec<_>>(),
            ),
            (
                Msg::NounSite,
                "sites",
                n.sites.iter().map(|e| (&e.id, &e.name)).collect(),
            ),
            (
                Msg::NounGrouping,
                "groupings",
                n.groupings.iter().map(|e| (&e.id, &e.name)).collect(),
            ),
        ] {
            for (i, (id, name)) in names.into_iter().enumerate() {
                if name.trim().is_empty() {
                    self.problems.push(
                        Problem::tr(
                            codes::INVALID_VALUE,
                            format!("/{list}/{i}/name"),
                            text!(EmptyName, what, id),
                        )
                        .with_entity(id.clone())
                        .help(text!(EmptyNameHint)),
                    );
                }
            }
        }
    }
}

impl Validator<'_> {
    /// Limits on what the engine would build from the network: see the constants above.
    fn check_limits(&mut self, n: &Network) {
        let nodes = n.sites.len().saturating_add(n.locations.len());
        let pairs = nodes.saturating_mul(n.filieres.len());
        if pairs > MAX_NODE_FILIERE_PAIRS {
            self.problems.push(
                Problem::tr(
                    codes::LIMIT,
                    "/filieres",
                    text!(
                        TooManyPairs,
                        nodes.to_string(),
                        n.filieres.len().to_string(),
                        pairs.to_string(),
                        MAX_NODE_FILIERE_PAIRS.to_string()
                    ),
                )
                .help(text!(TooManyPairsHint)),
            );
        }
        let (total, worst) = member_expansion(n);
        if total > MAX_MEMBER_EXPANSION {
            let mut p = Problem::tr(
                codes::LIMIT,
                "/memberships",
                text!(TooManyMembers, MAX_MEMBER_EXPANSION.to_string()),
            )
            .help(text!(TooManyMembersHint));
            if let Some(g) = worst {
                p = p.with_entity(g);
            }
            self.problems.push(p);
        }
    }
}

/// How many member entries the engine's expansion of groupings would hold (an upper bound,
/// saturating), and the grouping that expands the most. Mirrors `Expand::expand` in the engine:
/// a membership naming a site counts one, a legal entity its sites, a grouping its own
/// expansion one level deeper, down to [`crate::engine::MAX_NESTING`] levels. Linear in the
/// number of memberships times the nesting limit.
fn member_expansion(n: &Network) -> (usize, Option<String>) {
    use crate::engine::MAX_NESTING;
    let grouping_ix: HashMap<&str, usize> = n
        .groupings
        .iter()
        .enumerate()
        .map(|(i, g)| (g.id.as_str(), i))
        .collect();
    let sites: std::collections::HashSet<&str> = n.sites.iter().map(|s| s.id.as_str()).collect();
    let mut sites_of_le: HashMap<&str, usize> = HashMap::new();
    for s in &n.sites {
        *sites_of_le.entry(s.legal_entity.as_str()).or_default() += 1;
    }
    let weight = |id: &str, below: &[usize]| -> usize {
        if sites.contains(id) {
            1
        } else if let Some(&g) = grouping_ix.get(id) {
            below.get(g).copied().unwrap_or(0)
        } else {
            sites_of_le.get(id).copied().unwrap_or(0)
        }
    };
    // `below[g]`: entries of grouping g expanded at the current depth; none past the limit.
    let mut below = vec![0usize; n.groupings.len()];
    for _ in 0..MAX_NESTING {
        let mut here = vec![0usize; n.groupings.len()];
        for m in &n.memberships {
            if let Some(&g) = grouping_ix.get(m.grouping.as_str()) {
                if let Some(h) = here.get_mut(g) {
                    *h = h.saturating_add(weight(&m.member, &below));
                }
            }
        }
        below = here;
    }
    let mut total = below.iter().fold(0usize, |a, &b| a.saturating_add(b));
    // The engine copies a grouping's members for each rule, tele-service and shared service
    // that names it.
    let grouping = |id: &str| grouping_ix.get(id).and_then(|&g| below.get(g)).copied();
    for r in &n.rules {
        match &r.target {
            Target::GroupingRole { grouping: g, .. } | Target::GroupingMembers(g) => {
                total = total.saturating_add(grouping(g).unwrap_or(0));
            }
            _ => {}
        }
    }
    for id in n
        .tele_services
        .iter()
        .flat_map(|t| &t.requesters)
        .chain(n.shared_services.iter().flat_map(|s| &s.beneficiaries))
    {
        total = total.saturating_add(weight(id, &below));
    }
    let worst = below
        .iter()
        .enumerate()
        .max_by_key(|&(i, e)| (*e, std::cmp::Reverse(i)))
        .filter(|&(_, e)| *e > 0)
        .and_then(|(i, _)| n.groupings.get(i))
        .map(|g| g.id.clone());
    (total, worst)
}

/// Control characters, and format characters that do not show: zero-width spaces and joiners,
/// direction marks, embeddings, overrides and isolates, word joiners, the byte order mark.
/// `id` with its invisible characters written as escapes (`\u{200b}`, `\t`), quotes and
/// backslashes escaped, as `str::escape_debug` writes them for these ids; `escape_debug` itself
/// would bring the whole Unicode printable table into the WebAssembly module (2.7 KB).
fn escape_invisible(id: &str) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(id.len() + 8);
    for c in id.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\0' => out.push_str("\\0"),
            '\\' | '"' | '\'' => {
                out.push('\\');
                out.push(c);
            }
            c if is_invisible(c) => {
                let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}'
                | '\u{061C}'
                | '\u{180E}'
                | '\u{200B}'..='\u{200F}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}'
                | '\u{FEFF}'
        )
}

fn with_entity(p: Problem, entity: Option<&str>) -> Problem {
    match entity {
        Some(e) => p.with_entity(e),
        None => p,
    }
}

/// Like [`closest`], within a budget of edit-distance cells shared by all the calls of one
/// validation. The cost of a search is known before it starts (the sizes of the candidates
/// that could be close enough), so the hint does not depend on the order of the candidates: a
/// search that does not fit the budget is not started, and gives no hint.
pub(crate) fn closest_within<'a>(
    id: &str,
    candidates: impl Iterator<Item = &'a str>,
    budget: &mut u64,
) -> Option<&'a str> {
    if *budget == 0 {
        return None;
    }
    let len = id.chars().count();
    let limit = (len / 3).max(2);
    let near: Vec<&str> = candidates
        .filter(|c| c.chars().count().abs_diff(len) <= limit)
        .collect();
    let cost: u64 = near
        .iter()
        .map(|c| (len as u64).saturating_mul(c.chars().count() as u64))
        .fold(0, u64::saturating_add);
    if cost > *budget {
        *budget = 0;
        return None;
    }
    *budget -= cost;
    closest(id, near.into_iter())
}

/// The candidate closest to `id` by edit distance, if close enough to be a plausible typo.
pub(crate) fn closest<'a>(id: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (id.chars().count() / 3).max(2);
    candidates
        .map(|c| (levenshtein(id, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[allow(clippy::indexing_slicing)] // both rows have b.len() + 1 entries and j < b.len()
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levenshtein_distances() {
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("chu-dijon", "chu-dijon"), 0);
    }

    #[test]
    fn closest_suggests_only_plausible_typos() {
        let ids = ["chu-dijon", "ch-chaumont", "ch-langres"];
        assert_eq!(closest("chu-dijn", ids.iter().copied()), Some("chu-dijon"));
        assert_eq!(closest("hopital-foch", ids.iter().copied()), None);
    }
}

#[cfg(test)]
mod escape_tests {
    #[test]
    fn invisible_characters_are_escaped_as_escape_debug_does() {
        for id in [
            "site\u{200b}a",
            "a\tb\nc\rd",
            "quote\"s'\\",
            "\u{feff}bom",
            "soft\u{ad}hyphen",
            "rtl\u{202e}x\u{2066}",
            "\u{7f}del\u{1}\0",
            "clinique-été",
        ] {
            assert_eq!(
                super::escape_invisible(id),
                id.escape_debug().to_string(),
                "{id}"
            );
        }
    }
}
