//! The message catalogue: every text the library shows a planner (explanations, rejection
//! reasons, why a case is invalid, diagnostics and their help), in English and in French.
//!
//! The texts live here once, in one static table keyed by [`Msg`]; code that produces a text
//! names its key and its values, and the caller chooses the language ([`Lang`]) when it asks
//! for the text. A template holds numbered holes (`{0}`, `{1}`…) that [`fill`] replaces, so a
//! translation may put the values in another order. Values (ids, names, dates) are never
//! translated: they come from the network or the case.
//!
//! ```
//! use parcours::Lang;
//! let lang: Lang = "fr".parse().unwrap();
//! assert_eq!(lang, Lang::Fr);
//! assert_eq!(
//!     "de".parse::<Lang>().unwrap_err().to_string(),
//!     "unknown language `de`: expected `en` or `fr`"
//! );
//! ```

use std::fmt;

use serde::{Deserialize, Serialize};

/// The language of the texts: English (the default) or French.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
}

impl Lang {
    /// Every language, in table order.
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Fr];

    /// The code: `en` or `fr`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::En => "en",
            Self::Fr => "fr",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A language code that is neither `en` nor `fr`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language `{0}`: expected `en` or `fr`")]
pub struct UnknownLang(pub String);

impl std::str::FromStr for Lang {
    type Err = UnknownLang;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim() {
            "en" | "EN" | "En" => Ok(Self::En),
            "fr" | "FR" | "Fr" => Ok(Self::Fr),
            other => Err(UnknownLang(other.to_owned())),
        }
    }
}

/// Fills the numbered holes (`{0}`…`{9}`) of `template` with `args`; a hole without a value
/// stays empty. No other brace is special.
pub fn fill(template: &str, args: &[&str]) -> String {
    let mut out =
        String::with_capacity(template.len() + args.iter().map(|a| a.len()).sum::<usize>());
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        let b = tail.as_bytes();
        if let (Some(d @ b'0'..=b'9'), Some(b'}')) = (b.get(1), b.get(2)) {
            out.push_str(args.get(usize::from(d - b'0')).copied().unwrap_or(""));
            rest = tail.get(3..).unwrap_or("");
        } else {
            out.push('{');
            rest = tail.get(1..).unwrap_or("");
        }
    }
    out.push_str(rest);
    out
}

/// A text of the catalogue with its values, rendered in a language when asked.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Text {
    msg: Msg,
    args: Box<[Arg]>,
}

/// A value in a [`Text`]: as given (an id, a date), or itself a text of the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Arg {
    /// A value, the same in every language.
    Plain(String),
    /// A text rendered in the language asked for.
    Text(Text),
}

/// Something that can be a value of a [`Text`]. The macro [`text!`] passes its values as
/// `&dyn ToArg`, so that each call site is a few stores and one call (the WebAssembly module
/// has many of them).
pub(crate) trait ToArg {
    /// The value, owned.
    fn to_arg(&self) -> Arg;
}

impl ToArg for &str {
    fn to_arg(&self) -> Arg {
        Arg::Plain((*self).to_owned())
    }
}

impl ToArg for &String {
    fn to_arg(&self) -> Arg {
        Arg::Plain((*self).clone())
    }
}

impl ToArg for String {
    fn to_arg(&self) -> Arg {
        Arg::Plain(self.clone())
    }
}

impl ToArg for Msg {
    fn to_arg(&self) -> Arg {
        Arg::Text(Text::new(*self, &[]))
    }
}

impl ToArg for Text {
    fn to_arg(&self) -> Arg {
        Arg::Text(self.clone())
    }
}

impl ToArg for Arg {
    fn to_arg(&self) -> Arg {
        self.clone()
    }
}

impl Text {
    /// A text with its values. Never inlined: `text!` call sites stay a few stores and one
    /// call (the WebAssembly module's size).
    #[inline(never)]
    pub(crate) fn new(msg: Msg, args: &[&dyn ToArg]) -> Self {
        Self {
            msg,
            args: args.iter().map(|a| a.to_arg()).collect(),
        }
    }

    /// The text in `lang`.
    pub fn render(&self, lang: Lang) -> String {
        let args: Vec<String> = self
            .args
            .iter()
            .map(|a| match a {
                Arg::Plain(s) => s.clone(),
                Arg::Text(t) => t.render(lang),
            })
            .collect();
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        fill(self.msg.template(lang), &args)
    }
}

/// A [`Text`]: `text!(Key, value, …)`, each value a `&str`, `String`, [`Msg`], [`Text`] or
/// [`Arg`].
macro_rules! text {
    ($key:ident $(, $arg:expr)* $(,)?) => {
        $crate::messages::Text::new(
            $crate::messages::Msg::$key,
            &[$(&$arg as &dyn $crate::messages::ToArg),*],
        )
    };
}
pub(crate) use text;

/// What a stable code means (`P001`, `L004`…), in `lang`; `None` for an unknown code.
///
/// ```
/// use parcours::{Lang, messages::code_summary};
/// assert_eq!(code_summary("P003", Lang::Fr), Some("des règles de recours forment un cycle"));
/// assert_eq!(code_summary("X999", Lang::En), None);
/// ```
pub fn code_summary(code: &str, lang: Lang) -> Option<&'static str> {
    code.parse::<crate::Code>().ok().map(|c| c.summary(lang))
}

/// `msg` in `lang`, its holes filled with `args`.
pub(crate) fn tr(lang: Lang, msg: Msg, args: &[&str]) -> String {
    fill(msg.template(lang), args)
}

/// Declares [`Msg`] and the table: each entry gives its key, English and French text, so a key
/// cannot be added without both.
macro_rules! catalogue {
    ($($key:ident: $en:literal, $fr:literal;)*) => {
        catalogue! {
            /// A text of the catalogue. The doc of each key is its English text.
            enum Msg;
            $($key: $en, $fr;)*
        }
    };
    ($(#[$doc:meta])* enum $name:ident; $($key:ident: $en:literal, $fr:literal;)*) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $(#[doc = $en] $key,)*
        }

        impl $name {
            /// Every key, in table order.
            pub const ALL: &'static [$name] = &[$($name::$key,)*];
            /// Every text of each language (English, French) one after the other, in key order:
            /// one string per language and a table of lengths take less room in the
            /// WebAssembly module than a table of string slices.
            const JOINED: [&'static str; 2] = [concat!($($en),*), concat!($($fr),*)];
            /// The length in bytes of each text, `[English, French]`, in key order.
            #[allow(clippy::cast_possible_truncation)] // checked below: every text is short
            const LENS: &'static [[u16; 2]] = &[$([$en.len() as u16, $fr.len() as u16],)*];
        }
        // A text longer than u16::MAX bytes would be cut: refuse to compile.
        const _: () = {
            $(assert!($en.len() < 65_536 && $fr.len() < 65_536);)*
        };
    };
}

impl Msg {
    /// The template in `lang`, with its numbered holes.
    pub fn template(self, lang: Lang) -> &'static str {
        Self::template_at(self as usize, lang)
    }

    /// The template of the `i`-th key in `lang` (empty past the last key): for tables whose
    /// keys follow one another in the catalogue (`labels`).
    pub(crate) fn template_at(i: usize, lang: Lang) -> &'static str {
        slice(&Self::JOINED, Self::LENS, i, lang)
    }
}

/// Text `i` of a table in `lang`: its texts one after the other (`joined`, one string per
/// language) and their lengths (`lens`).
fn slice(joined: &[&'static str; 2], lens: &[[u16; 2]], i: usize, lang: Lang) -> &'static str {
    let l = lang as usize;
    let start: usize = lens
        .iter()
        .take(i)
        .map(|t| t.get(l).map_or(0, |&n| usize::from(n)))
        .sum();
    let len = lens
        .get(i)
        .and_then(|t| t.get(l))
        .map_or(0, |&n| usize::from(n));
    joined
        .get(l)
        .and_then(|s| s.get(start..start + len))
        .unwrap_or("")
}

impl CliMsg {
    /// The template in `lang`, with its numbered holes.
    pub fn template(self, lang: Lang) -> &'static str {
        slice(&Self::JOINED, Self::LENS, self as usize, lang)
    }

    /// The text in `lang`, its numbered holes filled with `args`.
    pub fn fill(self, lang: Lang, args: &[&str]) -> String {
        fill(self.template(lang), args)
    }
}

catalogue! {
    // Decisions and explanations (route.rs).
    CaseInvalid: "invalid case: {0}", "cas invalide : {0}";
    CaseHeader: "case: filière {0}, level {1}, on {2}", "cas : filière {0}, niveau {1}, au {2}";
    NoRoute: "no route: {0}", "aucune orientation : {0}";
    TeleFallbackRule: "routing the physical transfer in case tele-expertise does not settle the case",
        "orientation du transfert physique, au cas où la télé-expertise ne suffirait pas";
    TeleFallbackTerritory: "routing the physical transfer in case the tele-service does not settle the case",
        "orientation du transfert physique, au cas où le télé-service ne suffirait pas";
    EntryCatchment: "the nearest site whose catchment lists the person's commune",
        "l'établissement le plus proche dont la zone de recrutement comprend la commune de la personne";
    EntryTerritory: "the nearest site of a grouping whose territory `{0}` covers the person's commune",
        "l'établissement le plus proche d'un groupement dont le territoire `{0}` couvre la commune de la personne";
    EntryPolicy: "the nearest site within the network's entry distance",
        "l'établissement le plus proche dans la distance d'entrée du réseau";
    EntryAt: "the origin is not a site of the network: the person enters it at {0} ({1}), {2}, working in the filière and not tried yet; its rules apply from there",
        "l'origine n'est pas un établissement du réseau : la personne y entre par {0} ({1}), {2}, qui exerce dans la filière et n'a pas encore été essayé ; ses règles s'appliquent à partir de là";
    EntryOutside: "the person lives outside the network's territories and catchments, beyond its entry distance: no first-line site",
        "la personne habite hors des territoires et des zones de recrutement du réseau, au-delà de sa distance d'entrée : aucun établissement de premier recours";
    EntryNext: "no route from this entry: trying the next nearest site",
        "aucune orientation depuis ce point d'entrée : essai de l'établissement suivant le plus proche";
    ChoiceQualifies: "the patient's choice `{0}` qualifies", "le choix du patient, `{0}`, convient";
    ChoiceFails: "the patient's choice `{0}` does not qualify", "le choix du patient, `{0}`, ne convient pas";
    ChoiceUnknown: "the patient's choice `{0}` is not a site of the network",
        "le choix du patient, `{0}`, n'est pas un établissement du réseau";
    LocalEntry: "the first-line site handles the case itself",
        "l'établissement de premier recours prend le cas en charge lui-même";
    LocalOrigin: "the origin site handles the case itself",
        "l'établissement d'origine prend le cas en charge lui-même";
    LocalCannot: "the origin site cannot handle the case at this level",
        "l'établissement d'origine ne peut pas prendre le cas en charge à ce niveau";
    RuleNotApply: "rule `{0}` does not apply: {1}", "la règle `{0}` ne s'applique pas : {1}";
    WhyTeleLeftOut: "tele-service rules are left out when routing the physical transfer",
        "les règles de télé-service sont écartées pour orienter le transfert physique";
    WhyNotInForce: "not in force at the date", "pas en vigueur à la date";
    WhyLevel: "the level needed is outside the rule's levels",
        "le niveau requis est hors des niveaux de la règle";
    WhyFlag: "the case lacks a flag the rule needs",
        "il manque au cas un indicateur clinique que la règle exige";
    WhyAgeNeeded: "the rule needs the patient's age", "la règle a besoin de l'âge du patient";
    WhyEhpad: "EHPAD residence does not match", "la résidence en EHPAD ne correspond pas";
    WhyTimeCritical: "time-criticality does not match", "le caractère urgent ne correspond pas";
    WhyNotMember: "the origin is not a member of the grouping at the date",
        "l'origine n'est pas membre du groupement à la date";
    WhyKind: "the origin is not of the kinds the rule lists",
        "l'origine n'est pas d'une des catégories que vise la règle";
    WhyOrigin: "the origin is not one the rule lists",
        "l'origine n'est pas l'une de celles que vise la règle";
    WhyAgeRange: "the patient's age is outside the rule's range",
        "l'âge du patient est hors de la tranche d'âge de la règle";
    RuleChooses: "rule `{0}` ({1}) chooses {2}", "la règle `{0}` ({1}) désigne {2}";
    RuleNoTarget: "rule `{0}` applies, but none of its targets qualifies",
        "la règle `{0}` s'applique, mais aucune de ses cibles ne convient";
    TeleUnusable: "tele-service `{0}` cannot be used: {1}",
        "le télé-service `{0}` ne peut pas être utilisé : {1}";
    TeleNoFiliere: "does not serve this filière", "ne couvre pas cette filière";
    TeleNoRequest: "the origin may not request it", "l'origine ne peut pas le solliciter";
    TeleWith: "tele-service `{0}` with {1} first, avoiding a transfer",
        "télé-service `{0}` avec {1} d'abord, pour éviter un transfert";
    EscalationStops: "escalation stops after {0} steps", "le recours s'arrête après {0} étapes";
    EscalatingFrom: "escalating from {0}", "recours gradué depuis {0}";
    EscalatesTo: "rule `{0}` escalates to {1}", "la règle `{0}` adresse en recours à {1}";
    HomeMerged: "the commune `{0}` was merged into {1} ({2}): routed from {2}",
        "la commune `{0}` a fusionné dans {1} ({2}) : orientation depuis {2}";
    HomePostal: "the postal code `{0}` covers {1} commune(s): it enters by the most populated, {2} ({3})",
        "le code postal `{0}` couvre {1} commune(s) : entrée par la plus peuplée, {2} ({3})";
    HomePoint: "the point lies nearest to the representative point of {0} ({1}): taken as its commune",
        "le point est au plus près du point représentatif de {0} ({1}) : retenue comme sa commune";
    HomePlain: "the person comes from {0} ({1})", "la personne vient de {0} ({1})";
    TeleNational: "tele-service `{0}` (national) is offered to everyone in France in this filière: {1} first, avoiding a transfer",
        "le télé-service `{0}` (national) est proposé à tous en France dans cette filière : {1} d'abord, pour éviter un transfert";
    TeleTerritory: "tele-service `{0}` (by territory) is offered to everyone living in its territory in this filière: {1} first, avoiding a transfer",
        "le télé-service `{0}` (par territoire) est proposé à tous les habitants de son territoire dans cette filière : {1} d'abord, pour éviter un transfert";
    // Decision and explanation summaries.
    ShowBy: " by {0}", " par {0}";
    ShowRule: " [rule {0}]", " [règle {0}]";
    ShowFallback: "; if a transfer is still needed: {0}", " ; si un transfert reste nécessaire : {0}";
    ShowVia: "  escalated via {0}", "  recours via {0}";
    ShowDeadEnds: "  escalation dead ends (no recourse from there qualified): {0}",
        "  impasses du recours (aucun recours ne convenait depuis ces établissements) : {0}";
    ShowSource: " (source: {0})", " (source : {0})";
    ShowAlternative: "  ✗ {0} ({1}), {2} km: {3}", "  ✗ {0} ({1}), {2} km : {3}";
    // Steps.
    StepLocal: "local capability", "prise en charge sur place";
    StepPartner: "partner in a cooperation", "partenaire d'une coopération";
    StepPreferredPathway: "preferred pathway", "parcours préférentiel";
    StepRecourse: "recourse", "recours";
    StepTeleService: "tele-service first", "télé-service d'abord";
    StepPatientChoice: "patient's choice", "choix du patient";
    StepFallback: "fallback", "solution de repli";
    StepFirstLine: "first-line care at the entry site", "premier recours au point d'entrée";
    // Rejections: why an alternative lost.
    RejLessPreferred: "qualified, but ranked lower", "convient, mais classé après";
    RejLevelTooLow: "level too low", "niveau insuffisant";
    RejNotAuthorised: "not authorised in this filière at the date",
        "pas d'autorisation dans cette filière à la date";
    RejTooFar: "too far", "trop loin";
    RejMembershipNotInForce: "membership not in force at the date", "adhésion pas en vigueur à la date";
    RejSiteNotInForce: "site not open at the date", "établissement pas ouvert à la date";
    RejExcluded: "excluded by the case", "exclu par le cas";
    // Reasons: why a case has no route or is invalid.
    ReasonNoApplicableRule: "no rule applies and the origin cannot handle the case",
        "aucune règle ne s'applique et l'origine ne peut pas prendre le cas en charge";
    ReasonNoQualifyingTarget: "rules apply, but none of their targets qualifies",
        "des règles s'appliquent, mais aucune de leurs cibles ne convient";
    ReasonUnknownFiliere: "unknown filière", "filière inconnue";
    ReasonUnknownLevel: "unknown level for this filière", "niveau inconnu pour cette filière";
    ReasonUnknownOrigin: "unknown origin: neither a site nor a location of the network",
        "origine inconnue : ni un établissement ni un lieu du réseau";
    ReasonInvalidCoordinates: "origin coordinates are not valid WGS84 degrees",
        "les coordonnées d'origine ne sont pas des degrés WGS84 valides";
    ReasonInvalidDistance: "max_distance_km is negative or not a number",
        "max_distance_km est négatif ou n'est pas un nombre";
    ReasonOutsideTerritory: "the person lives outside the network's territories and catchments, beyond its entry distance",
        "la personne habite hors des territoires et des zones de recrutement du réseau, au-delà de sa distance d'entrée";
    ReasonUnknownCommune: "unknown commune: not in the commune reference",
        "commune inconnue : absente du référentiel des communes";
    ReasonUnknownPostalCode: "unknown postal code: not in the commune reference",
        "code postal inconnu : absent du référentiel des communes";
    ReasonNoCommuneReference: "a commune or postal code origin needs a commune reference beside the network",
        "une origine donnée par commune ou code postal demande un référentiel des communes à côté du réseau";
    ReasonUnknownFiness: "unknown FINESS number: no site or legal entity of the network",
        "numéro FINESS inconnu : aucun établissement ni entité juridique du réseau";
    ReasonInvalidFiness: "invalid FINESS number: 9 characters with a valid check key",
        "numéro FINESS invalide : 9 caractères avec une clé de contrôle valide";
    ReasonAmbiguousFiness: "the FINESS number is a legal entity's with several sites: give the site's number",
        "le numéro FINESS est celui d'une entité juridique à plusieurs établissements : donnez celui de l'établissement";
    ReasonUnknownFlag: "unknown flag", "indicateur clinique inconnu";
    // Why a case is invalid, naming the value (invalid.rs).
    DidYouMean: "did you mean `{0}`?", "vouliez-vous dire `{0}` ?";
    KnownFilieres: "the network's filières are: {0}", "les filières du réseau sont : {0}";
    KnownLevels: "the levels of `{0}`, lowest first, are: {1}",
        "les niveaux de `{0}`, du plus bas au plus haut, sont : {1}";
    KnownFlags: "the flags this network uses are: {0}",
        "les indicateurs cliniques de ce réseau sont : {0}";
    AndMore: " and more", " et d'autres";
    InvUnknownFiliere: "unknown filière `{0}`", "filière inconnue `{0}`";
    InvUnknownLevel: "unknown level `{0}` for the filière `{1}`",
        "niveau inconnu `{0}` pour la filière `{1}`";
    InvNoFlags: "this network uses no clinical flags: leave `flags` empty",
        "ce réseau n'utilise aucun indicateur clinique : laissez `flags` vide";
    InvUnknownFlag: "unknown flag `{0}`: no filière or rule of the network uses it",
        "indicateur clinique inconnu `{0}` : aucune filière ni règle du réseau ne l'utilise";
    InvGiveOrigin: "give a site or location id of the network",
        "donnez l'identifiant d'un établissement ou d'un lieu du réseau";
    InvUnknownOrigin: "unknown origin `{0}`: neither a site nor a location of the network",
        "origine inconnue `{0}` : ni un établissement ni un lieu du réseau";
    InvUnknownCommune: "unknown commune `{0}`: not in the commune reference",
        "commune inconnue `{0}` : absente du référentiel des communes";
    InvUnknownCommuneHelp: "give the INSEE code of the commune (e.g. `52269`)",
        "donnez le code INSEE de la commune (par exemple `52269`)";
    InvUnknownPostalCode: "unknown postal code `{0}`: not in the commune reference",
        "code postal inconnu `{0}` : absent du référentiel des communes";
    InvUnknownPostalCodeHelp: "give a postal code of 5 digits (e.g. `52200`)",
        "donnez un code postal à 5 chiffres (par exemple `52200`)";
    InvNoCommuneReference: "the origin `{0}` is a commune or a postal code, and the engine has no commune reference",
        "l'origine `{0}` est une commune ou un code postal, et le moteur n'a pas de référentiel des communes";
    InvNoCommuneReferenceHelp: "compile the engine with a commune reference, or give coordinates",
        "compilez le moteur avec un référentiel des communes, ou donnez des coordonnées";
    InvInvalidFiness: "invalid FINESS number `{0}`", "numéro FINESS invalide `{0}`";
    InvInvalidFinessHelp: "a FINESS number has 9 characters and a valid check key",
        "un numéro FINESS a 9 caractères et une clé de contrôle valide";
    InvAmbiguousFiness: "the FINESS number `{0}` is a legal entity's with several sites",
        "le numéro FINESS `{0}` est celui d'une entité juridique à plusieurs établissements";
    InvAmbiguousFinessHelp: "give the FINESS number of the site (ET)",
        "donnez le numéro FINESS de l'établissement (ET)";
    // Check reports (check.rs).
    SevError: "error", "erreur";
    SevWarning: "warning", "avertissement";
    SevInfo: "info", "information";
    CountError: "{0} error", "{0} erreur";
    CountErrors: "{0} errors", "{0} erreurs";
    CountWarning: "{0} warning", "{0} avertissement";
    CountWarnings: "{0} warnings", "{0} avertissements";
    CountInfo: "{0} info", "{0} information";
    CountInfos: "{0} infos", "{0} informations";
    ReportClean: "{0}: no problem found", "{0} : aucun problème trouvé";
    ShowEntities: "   = entities: {0}", "   = entités : {0}";
    ShowCounterexample: "   = counterexample: {0}", "   = contre-exemple : {0}";
    ShowHelp: "   = help: {0}", "   = aide : {0}";
    CaseFiliere: "filière `{0}`", "filière `{0}`";
    CaseAtLevel: " at level `{0}`", " au niveau `{0}`";
    CaseFrom: " from `{0}`", " depuis `{0}`";
    CaseFromPoint: " from ({0})", " depuis ({0})";
    CaseFromCommune: " from commune `{0}`", " depuis la commune `{0}`";
    CaseFromPostalCode: " from postal code `{0}`", " depuis le code postal `{0}`";
    CaseFromFiness: " from FINESS `{0}`", " depuis le FINESS `{0}`";
    CaseOn: " on {0}", " au {0}";
    CaseFlags: "flags {0}", "indicateurs {0}";
    CaseAge: "age {0}", "âge {0}";
    CaseEhpad: "EHPAD resident", "résident en EHPAD";
    CaseTimeCritical: "time-critical", "urgent";
    CasePlanned: "planned facts included", "faits prévus inclus";
    AndMoreN: " and {0} more", " et {0} de plus";
    Sample: "{0}{1}", "{0}{1}";
    // Check codes: what each means (diagnostic.rs `Code`).
    P001: "no site of the network holds a filière level a grouping organises",
        "aucun établissement du réseau ne détient un niveau de filière qu'un groupement organise";
    P002: "a member of a grouping gets no route for a filière level of its scope",
        "un membre d'un groupement n'a aucune orientation pour un niveau de filière de son périmètre";
    P003: "recourse rules form a cycle", "des règles de recours forment un cycle";
    P004: "an escalation chain never reaches a site with the level needed",
        "une chaîne de recours n'atteint jamais un établissement qui a le niveau requis";
    P010: "two mandatory rules of equal priority apply to a case and name different targets",
        "deux règles obligatoires de même priorité s'appliquent à un cas et désignent des cibles différentes";
    P011: "a rule can never fire: an earlier rule always wins",
        "une règle ne peut jamais s'appliquer : une règle précédente l'emporte toujours";
    P012: "a rule's target is not in force during part of the rule's validity",
        "la cible d'une règle n'est pas en vigueur pendant une partie de la validité de la règle";
    P013: "a rule without start date targets something that starts later",
        "une règle sans date de début vise une cible qui commence plus tard";
    P020: "a GHT does not have exactly one support", "un GHT n'a pas exactement un établissement support";
    P021: "a GHT support or party is not a public establishment",
        "un établissement support ou partie d'un GHT n'est pas un établissement public";
    P022: "a GHT is not associated with a CHU", "un GHT n'est associé à aucun CHU";
    P023: "a GCS has no health-establishment member", "un GCS n'a aucun établissement de santé parmi ses membres";
    P024: "a GCS établissement de santé holds no authorisation",
        "un GCS établissement de santé ne détient aucune autorisation";
    P025: "legal personality contradicts the kind of grouping",
        "la personnalité morale contredit le type de groupement";
    P026: "an authorisation holder is not a GCS établissement de santé",
        "le titulaire d'une autorisation n'est pas un GCS établissement de santé";
    P027: "groupings nest in a cycle or too deep", "des groupements s'imbriquent en cycle ou trop profondément";
    P030: "malformed FINESS or SIREN number", "numéro FINESS ou SIREN mal formé";
    P031: "the Luhn key of a FINESS or SIREN number does not match",
        "la clé de Luhn d'un numéro FINESS ou SIREN ne correspond pas";
    P032: "two sites or two legal entities share a FINESS number",
        "deux établissements ou deux entités juridiques partagent un numéro FINESS";
    P040: "a figure has no date or no source", "un chiffre n'a pas de date ou pas de source";
    P041: "a planned or in-progress membership is used by a mandatory rule",
        "une adhésion prévue ou en cours sert à une règle obligatoire";
    P042: "a fact has status `ended` but no end date, so it is never in force",
        "un fait a le statut `ended` sans date de fin, et n'est donc jamais en vigueur";
    P050: "a commune is claimed by two GHT territories at the same date",
        "une commune est revendiquée par deux territoires de GHT à la même date";
    P051: "a territory lists communes the commune reference does not know",
        "un territoire liste des communes que le référentiel des communes ne connaît pas";
    P052: "a GHT member site lies outside its GHT's territory",
        "un établissement membre d'un GHT est situé hors du territoire de son GHT";
    P053: "communes of the départements of the network's GHT territories that no GHT territory covers",
        "des communes des départements des territoires de GHT du réseau qu'aucun territoire de GHT ne couvre";
    // Load codes: what each means (diagnostic.rs `Code`).
    L001: "the text is not well-formed JSON or TOML", "le texte n'est pas du JSON ou du TOML bien formé";
    L002: "the text does not match the network format", "le texte ne respecte pas le format des réseaux";
    L003: "two entities share an id", "deux entités ont le même identifiant";
    L004: "a reference names no entity", "une référence ne désigne aucune entité";
    L005: "a reference names an entity of the wrong kind", "une référence désigne une entité du mauvais type";
    L006: "a value is out of range or inconsistent", "une valeur est hors limites ou incohérente";
    L007: "the file declares a format version this library does not read",
        "le fichier déclare une version de format que cette bibliothèque ne lit pas";
    L008: "an input exceeds a documented limit", "une entrée dépasse une limite documentée";
    // Register codes: what each means (diagnostic.rs `Code`).
    R001: "a register input is not valid JSON or not a FINESS extract",
        "une entrée de registre n'est pas du JSON valide ni un extrait FINESS";
    R002: "a register's JSON does not have the shape of the FINESS flux",
        "le JSON d'un registre n'a pas la forme du flux FINESS";
    R003: "a row of the mapping table is malformed", "une ligne de la table de correspondance est mal formée";
    R010: "a malformed FINESS number: the record is left out",
        "un numéro FINESS mal formé : l'enregistrement est écarté";
    R011: "the check key of a FINESS number does not match: the record is kept",
        "la clé de contrôle d'un numéro FINESS ne correspond pas : l'enregistrement est gardé";
    R012: "the same FINESS number twice: the second is left out",
        "le même numéro FINESS deux fois : le second est écarté";
    R013: "a grouping member is not in the input: the membership is left out",
        "un membre de groupement manque dans l'entrée : l'adhésion est écartée";
    R014: "a code the mapping table does not know", "un code que la table de correspondance ne connaît pas";
    R015: "no usable coordinates: the site is left out",
        "pas de coordonnées utilisables : l'établissement est écarté";
    R016: "a malformed extract line: it is left out", "une ligne d'extrait mal formée : elle est écartée";
    R017: "an authorisation whose site cannot be told: no capability",
        "une autorisation dont l'établissement ne peut être déterminé : aucune capacité";
    // Check diagnostics (check/*.rs).
    OrAbove: " or above", " ou plus";
    NoProvider: "no site holds filière `{0}` at level `{1}`{2} on {3}, yet grouping `{4}` organises it",
        "aucun établissement ne détient la filière `{0}` au niveau `{1}`{2} au {3}, alors que le groupement `{4}` l'organise";
    NoProviderHelp: "add the capability of the site that provides `{0}` at level `{1}` (with its validity), or take the filière out of the grouping's scope if it does not organise it; {2} is the first date without a provider",
        "ajoutez la capacité de l'établissement qui assure `{0}` au niveau `{1}` (avec sa validité), ou retirez la filière du périmètre du groupement s'il ne l'organise pas ; le {2} est la première date où aucun établissement ne l'assure";
    Gap: "`{0}`, member of `{1}`, gets no route in filière `{2}` at level `{3}` on {4}",
        "`{0}`, membre de `{1}`, n'a aucune orientation dans la filière `{2}` au niveau `{3}` au {4}";
    GapHelp: "some site holds `{0}` at level `{1}` on {2}, but no rule reaches one from `{3}` and it cannot handle the case itself: add a rule (a recourse to the GHT support, a partner of the grouping) or a capability; {2} is the first date of the gap",
        "un établissement détient `{0}` au niveau `{1}` au {2}, mais aucune règle n'y mène depuis `{3}`, qui ne peut pas prendre le cas en charge lui-même : ajoutez une règle (un recours vers l'établissement support du GHT, un partenaire du groupement) ou une capacité ; le {2} est la première date du manque";
    Cycle: "recourse rules form a cycle in filière `{0}` on {1}: {2}",
        "des règles de recours forment un cycle dans la filière `{0}` au {1} : {2}";
    CycleHelp: "recourse goes up the gradation (proximité → référence → recours) and never comes back: escalation stops where a site repeats, so cases on this cycle never reach a higher level; restrict or remove one of {0}",
        "le recours monte dans la gradation des soins (proximité → référence → recours) et ne redescend jamais : il s'arrête là où un établissement se répète, si bien que les cas de ce cycle n'atteignent jamais un niveau supérieur ; restreignez ou supprimez l'une des règles {0}";
    DeadEscalation: "recourse rule `{0}` never reaches a site holding `{1}` at level `{2}` on {3}",
        "la règle de recours `{0}` n'atteint jamais un établissement qui détient `{1}` au niveau `{2}` au {3}";
    DeadEscalationHelp: "its targets ({0}) do not hold the level and escalating from them reaches no site that does within {1} steps: give a target the capability, target a higher level (the CHU), or add a recourse rule from the targets",
        "ses cibles ({0}) n'ont pas le niveau, et le recours depuis elles n'atteint en {1} étapes aucun établissement qui l'a : donnez la capacité à une cible, visez un niveau supérieur (le CHU), ou ajoutez une règle de recours depuis les cibles";
    Conflict: "mandatory rules `{0}` and `{1}` both apply to the same case and name different targets",
        "les règles obligatoires `{0}` et `{1}` s'appliquent toutes deux au même cas et désignent des cibles différentes";
    ConflictPicks: " (the engine now picks `{0}`)", " (le moteur retient aujourd'hui `{0}`)";
    ConflictHelp: "both have priority {0} so only their order in the file decides{1}: give the rule that should win a higher priority, or narrow one of them (origins, levels, conditions, dates)",
        "elles ont toutes deux la priorité {0}, donc seul leur ordre dans le fichier décide{1} : donnez une priorité plus haute à la règle qui doit l'emporter, ou restreignez l'une d'elles (origines, niveaux, conditions, dates)";
    Shadowed: "rule `{0}` can never fire: rule `{1}` always wins first",
        "la règle `{0}` ne peut jamais s'appliquer : la règle `{1}` l'emporte toujours avant elle";
    ShadowedHelp: "`{1}` comes first (strength, then priority, then file order), applies to every case `{0}` applies to and always has a qualifying target (checked at every critical date from {2}); remove `{0}`, or narrow `{1}` or give `{0}` a higher priority if it should win",
        "`{1}` passe avant (force, puis priorité, puis ordre dans le fichier), s'applique à tous les cas de `{0}` et a toujours une cible qui convient (vérifié à chaque date critique depuis le {2}) ; supprimez `{0}`, ou restreignez `{1}`, ou donnez à `{0}` une priorité plus haute si elle doit l'emporter";
    TargetSite: "site `{0}`", "l'établissement `{0}`";
    TargetRole: "the `{0}` of `{1}`", "le rôle `{0}` de `{1}`";
    TargetMembers: "the members of `{0}`", "les membres de `{0}`";
    TargetTele: "tele-service `{0}`", "le télé-service `{0}`";
    StartsLater: "rule `{0}` has no start date, but its target, {1}, is in force only from {2}",
        "la règle `{0}` n'a pas de date de début, mais sa cible, {1}, n'est en vigueur qu'à partir du {2}";
    StartsLaterHelp: "a rule without `from` holds since before any date of interest; give it `\"validity\": {\"from\": \"{0}\"}` (or the date the source gives) so that it does not send earlier cases nowhere",
        "une règle sans `from` vaut depuis avant toute date utile ; donnez-lui `\"validity\": {\"from\": \"{0}\"}` (ou la date que donne la source) pour qu'elle n'envoie pas les cas antérieurs nulle part";
    DanglingNever: "rule `{0}` targets {1}, which is never in force while the rule is",
        "la règle `{0}` vise {1}, qui n'est jamais en vigueur pendant que la règle l'est";
    DanglingAt: "rule `{0}` targets {1}, which is not in force on {2} while the rule is",
        "la règle `{0}` vise {1}, qui n'est pas en vigueur au {2} alors que la règle l'est";
    DanglingHelp: "a rule must not outlive (or predate) what it targets: end the rule when its target closes or leaves the grouping (`validity.to`), start it when the target exists, or retarget it",
        "une règle ne doit pas survivre à sa cible (ni la précéder) : terminez la règle quand sa cible ferme ou quitte le groupement (`validity.to`), faites-la commencer quand la cible existe, ou changez sa cible";
    GhtNoSupport: "GHT `{0}` has no support on {1}", "le GHT `{0}` n'a pas d'établissement support au {1}";
    GhtSupports: "GHT `{0}` has {1} supports on {2}: {3}", "le GHT `{0}` a {1} établissements supports au {2} : {3}";
    GhtSupportHelp: "a GHT has exactly one établissement support, designated by its convention among its parties (article L6132-3): give exactly one member the role `support`, with a validity covering the GHT's, and the others `party`",
        "un GHT a exactement un établissement support, désigné par sa convention constitutive parmi ses établissements parties (article L6132-3) : donnez le rôle `support` à un seul membre, avec une validité qui couvre celle du GHT, et le rôle `party` aux autres";
    GhtNoChu: "GHT `{0}` is not associated with a CHU on {1}", "le GHT `{0}` n'est associé à aucun CHU au {1}";
    GhtNoChuHelp: "every GHT is associated with a CHU by convention (article L6132-1): add a membership with role `associated_chu` naming the CHU, or, when the CHU is the GHT's support (as CHU Dijon for GHT 21-52), make sure the support's site has kind `chu`",
        "tout GHT est associé à un CHU par convention (article L6132-1) : ajoutez une adhésion de rôle `associated_chu` qui nomme le CHU ou, quand le CHU est l'établissement support du GHT (comme le CHU de Dijon pour le GHT 21-52), vérifiez que l'établissement support est de type `chu`";
    PrivateParty: "`{0}` has role `{1}` in GHT `{2}`, but {3} is {4}, not public",
        "`{0}` a le rôle `{1}` dans le GHT `{2}`, mais {3} a le statut « {4} », et non public";
    WhoseIt: "it", "il";
    WhoseEntity: "its legal entity `{0}`", "son entité juridique `{0}`";
    StatusEspic: "espic", "ESPIC";
    StatusPrivateForProfit: "private for profit", "privé à but lucratif";
    StatusPrivateNonProfit: "private non profit", "privé à but non lucratif";
    StatusAssociation: "association", "associatif";
    StatusFoundation: "foundation", "fondation";
    StatusMutual: "mutual", "mutualiste";
    StatusPublic: "public", "public";
    PrivatePartyHelp: "only public establishments are parties (or the support) of a GHT; private establishments can only be partners (article L6132-7): give it the role `partner`",
        "seuls les établissements publics sont parties (ou support) d'un GHT ; les établissements privés ne peuvent être que partenaires (article L6132-7) : donnez-lui le rôle `partner`";
    GcsNoHealth: "GCS `{0}` has no health-establishment member on {1}",
        "le GCS `{0}` n'a aucun établissement de santé parmi ses membres au {1}";
    GcsNoHealthHelp: "a GCS counts at least one health establishment among its members (article L6133-2); EHPADs, SSIADs, health centres and liberal doctors do not count, and a legal entity counts through its sites: add the member, or its sites",
        "un GCS compte au moins un établissement de santé parmi ses membres (article L6133-2) ; les EHPAD, SSIAD, centres de santé et médecins libéraux ne comptent pas, et une entité juridique compte par ses établissements : ajoutez le membre, ou ses établissements";
    GcsEsNoAuth: "GCS établissement de santé `{0}` holds no authorisation",
        "le GCS établissement de santé `{0}` ne détient aucune autorisation";
    GcsEsNoAuthAt: "GCS établissement de santé `{0}` holds no authorisation on {1}",
        "le GCS établissement de santé `{0}` ne détient aucune autorisation au {1}";
    GcsEsHelp: "a GCS becomes an établissement de santé by holding a care-activity authorisation: name it as `holder` of the capabilities it holds (with their `activity`), or make it a `gcs_moyens`",
        "un GCS devient établissement de santé en détenant une autorisation d'activité de soins : nommez-le `holder` des capacités qu'il détient (avec leur `activity`), ou faites-en un `gcs_moyens`";
    GhtPersonality: "GHT `{0}` is given a legal personality, which a GHT does not have",
        "le GHT `{0}` reçoit une personnalité morale, qu'un GHT n'a pas";
    GcsPersonality: "GCS `{0}` is given no legal personality, but a GCS is a legal person",
        "le GCS `{0}` ne reçoit pas de personnalité morale, alors qu'un GCS est une personne morale";
    PersonalityHelp: "a GHT is a convention without legal personality (article L6132-1); a GCS is a legal person of public or private law (article L6133-3): fix `legal_personality`, or the kind",
        "un GHT est une convention sans personnalité morale (article L6132-1) ; un GCS est une personne morale de droit public ou privé (article L6133-3) : corrigez `legal_personality`, ou le type";
    HolderNotEs: "the capability of `{0}` in `{1}` is held by `{2}`, {3} rather than a GCS établissement de santé",
        "la capacité de `{0}` en `{1}` est détenue par `{2}`, {3} et non un GCS établissement de santé";
    KindGht: "a GHT", "un GHT";
    KindGcsMoyens: "a GCS de moyens", "un GCS de moyens";
    KindGcsEs: "a GCS établissement de santé", "un GCS établissement de santé";
    KindConvention: "a convention", "une convention";
    KindFederation: "a federation", "une fédération";
    KindCancerNetwork: "a cancer network", "un réseau de cancérologie";
    KindFiliereNetwork: "a filière network", "un réseau de filière";
    KindOperatorGroup: "an operator group", "un groupe gestionnaire";
    HolderHelp: "only a GCS établissement de santé holds care-activity authorisations for its members; a GCS de moyens only pools means: make the grouping a `gcs_es`, or drop `holder` if the site's own legal entity holds the authorisation",
        "seul un GCS établissement de santé détient des autorisations d'activité de soins pour ses membres ; un GCS de moyens ne fait que mettre des moyens en commun : faites du groupement un `gcs_es`, ou retirez `holder` si l'entité juridique de l'établissement détient elle-même l'autorisation";
    NestDeep: "grouping `{0}` nests groupings more than {1} levels deep, beyond what routing expands",
        "le groupement `{0}` imbrique des groupements sur plus de {1} niveaux, au-delà de ce que l'orientation parcourt";
    NestDeepHelp: "members of groupings nested more than {0} levels deep are ignored: name their sites or legal entities as members of an outer grouping instead",
        "les membres des groupements imbriqués sur plus de {0} niveaux sont ignorés : nommez plutôt leurs établissements ou entités juridiques comme membres d'un groupement englobant";
    NestCycle: "groupings are members of each other in a cycle: {0}",
        "des groupements sont membres les uns des autres en cycle : {0}";
    NestCycleHelp: "a grouping's members are expanded through nested groupings, and a cycle makes that expansion stop at an arbitrary point: remove one of these memberships",
        "les membres d'un groupement se déduisent à travers les groupements imbriqués, et un cycle arrête cette déduction à un point arbitraire : supprimez l'une de ces adhésions";
    FinessShape: "FINESS {0} `{1}` of `{2}` is not 9 letters or digits",
        "le FINESS {0} `{1}` de `{2}` n'a pas 9 lettres ou chiffres";
    FinessShapeHelp: "a FINESS number is exactly 9 letters or digits, e.g. `210780581`: copy it from the FINESS extraction",
        "un numéro FINESS compte exactement 9 lettres ou chiffres, par exemple `210780581` : recopiez-le depuis l'extraction FINESS";
    FinessLuhn: "the Luhn key of FINESS {0} `{1}` of `{2}` does not match",
        "la clé de Luhn du FINESS {0} `{1}` de `{2}` ne correspond pas";
    FinessLuhnHelp: "all-digit FINESS numbers usually end with a Luhn key, so this one is probably mistyped: check it against the FINESS extraction (no official text states the key, hence only a warning)",
        "les numéros FINESS entièrement numériques se terminent en général par une clé de Luhn : celui-ci est donc probablement mal saisi ; vérifiez-le dans l'extraction FINESS (aucun texte officiel ne fixe la clé, d'où un simple avertissement)";
    SirenShape: "SIREN `{0}` of `{1}` is not 9 digits", "le SIREN `{0}` de `{1}` n'a pas 9 chiffres";
    SirenShapeHelp: "a SIREN number is exactly 9 digits, without spaces, e.g. `267500452`",
        "un numéro SIREN compte exactement 9 chiffres, sans espace, par exemple `267500452`";
    SirenLuhn: "the Luhn key of SIREN `{0}` of `{1}` does not match",
        "la clé de Luhn du SIREN `{0}` de `{1}` ne correspond pas";
    SirenLuhnHelp: "the last digit of a SIREN number is a Luhn key: the number is probably mistyped; check it in the SIRENE directory",
        "le dernier chiffre d'un numéro SIREN est une clé de Luhn : le numéro est probablement mal saisi ; vérifiez-le dans le répertoire SIRENE";
    DupFiness: "FINESS {0} `{1}` is given to both `{2}` and `{3}`",
        "le FINESS {0} `{1}` est attribué à la fois à `{2}` et à `{3}`";
    DupFinessHelpEj: "a FINESS number identifies one establishment: two legal entities cannot share it; one of them is mistyped, or they are the same entity listed twice",
        "un numéro FINESS identifie un seul établissement : deux entités juridiques ne peuvent pas le partager ; l'une est mal saisie, ou c'est la même entité listée deux fois";
    DupFinessHelpEt: "a FINESS number identifies one establishment: two sites cannot share it; one of them is mistyped, or they are the same entity listed twice",
        "un numéro FINESS identifie un seul établissement : deux établissements ne peuvent pas le partager ; l'un est mal saisi, ou c'est le même établissement listé deux fois";
    Figure: "figure `{0}` of `{1}` has {2}", "le chiffre `{0}` de `{1}` n'a {2}";
    LacksBoth: "neither date nor source", "ni date ni source";
    LacksDate: "no date", "pas de date";
    LacksSource: "no source", "pas de source";
    FigureHelp: "figures change over time and between sources: give the date the figure describes (`as_of`) and the `source` that reports it",
        "les chiffres changent avec le temps et selon les sources : donnez la date que décrit le chiffre (`as_of`) et la `source` qui le rapporte";
    PlannedOne: "the membership of `{0}` in `{1}` is {2}, yet mandatory rule {3} rests on it",
        "l'adhésion de `{0}` à `{1}` est {2}, et pourtant la règle obligatoire {3} repose sur elle";
    PlannedMany: "the membership of `{0}` in `{1}` is {2}, yet mandatory rules {3} rest on it",
        "l'adhésion de `{0}` à `{1}` est {2}, et pourtant les règles obligatoires {3} reposent sur elle";
    StatusPlanned: "planned", "prévue";
    StatusInProgress: "in progress", "en cours";
    PlannedHelp: "planned and in-progress memberships count only for cases with `include_planned`, so the binding rule behaves differently in what-if questions: make the membership `active` (with its date) once effective, or make the rule `preferred`",
        "les adhésions prévues ou en cours ne comptent que pour les cas avec `include_planned`, si bien que la règle contraignante se comporte autrement dans les simulations : passez l'adhésion en `active` (avec sa date) une fois effective, ou rendez la règle `preferred`";
    Ended: "{0} has status `ended` but no `to` date, so it is never in force",
        "{0} a le statut `ended` mais pas de date `to`, et n'est donc jamais en vigueur";
    EndedSite: "site `{0}`", "l'établissement `{0}`";
    EndedEquipment: "equipment `{0}` of `{1}`", "l'équipement `{0}` de `{1}`";
    EndedGrouping: "grouping `{0}`", "le groupement `{0}`";
    EndedMembership: "the membership of `{0}` in `{1}`", "l'adhésion de `{0}` à `{1}`";
    EndedCapability: "the capability of `{0}` in `{1}`", "la capacité de `{0}` en `{1}`";
    EndedRule: "rule `{0}`", "la règle `{0}`";
    EndedSharedService: "shared service `{0}`", "le service mutualisé `{0}`";
    EndedHelp: "say when it ended with `to` (approximate, with `precision`, if the source is vague), or make it `active` if it still holds",
        "indiquez la date de fin avec `to` (approximative, avec `precision`, si la source est vague), ou passez le statut à `active` si le fait vaut toujours";
    SharedDepartement: "département `{0}`", "le département `{0}`";
    SharedCommune: "commune `{0}`", "la commune `{0}`";
    Overlap: "{0} is in the territories of two GHTs at the same date: `{1}` ({2}) and `{3}` ({4})",
        "{0} est dans les territoires de deux GHT à la même date : `{1}` ({2}) et `{3}` ({4})";
    OverlapHelp: "a commune belongs to one GHT territory, as the regional health agency set it: remove it from one territory, or date the territories",
        "une commune appartient à un seul territoire de GHT, tel que l'ARS l'a fixé : retirez-la de l'un des territoires, ou datez les territoires";
    TerritoryUnknown: "territory `{0}` lists {1} commune(s) or département(s) the commune reference does not know: {2}",
        "le territoire `{0}` liste {1} commune(s) ou département(s) que le référentiel des communes ne connaît pas : {2}";
    TerritoryUnknownHelp: "check the INSEE codes (5 characters, leading zeros kept), or bring a reference that covers these départements",
        "vérifiez les codes INSEE (5 caractères, zéros initiaux compris), ou fournissez un référentiel qui couvre ces départements";
    MemberOutside: "`{0}`, a member of GHT `{1}`, lies in commune `{2}`, outside the GHT's territory",
        "`{0}`, membre du GHT `{1}`, est situé dans la commune `{2}`, hors du territoire du GHT";
    MemberOutsideHelp: "a GHT's parties are the public establishments of its territory: check the site's commune, or the territory",
        "les établissements parties d'un GHT sont les établissements publics de son territoire : vérifiez la commune de l'établissement, ou le territoire";
    Uncovered: "{0} commune(s) of the départements {1} are in no GHT territory of the network: {2}",
        "{0} commune(s) des départements {1} ne sont dans aucun territoire de GHT du réseau : {2}";
    UncoveredHelp: "people living there enter only through a catchment or the entry policy: add them to a territory if a GHT of the network serves them",
        "leurs habitants n'entrent dans le réseau que par une zone de recrutement ou la politique d'entrée : ajoutez-les à un territoire si un GHT du réseau les dessert";
    // History (history.rs): one line per dated change, and the words for roles, services
    // and acts; labels of site kinds (`labels`). Values (names, ids, levels) come from the network.
    HistSiteOpens: "{0} opens", "ouverture de {0}";
    HistSiteCloses: "{0} closes", "fermeture de {0}";
    HistInService: "{0}: {1} in service", "{0} : mise en service de {1}";
    HistOutOfService: "{0}: {1} out of service", "{0} : fin de service de {1}";
    HistStarts: "{0} starts", "début de {0}";
    HistEnds: "{0} ends", "fin de {0}";
    HistJoins: "{0} joins {1} as {2}", "{0} rejoint {1} comme {2}";
    HistLeaves: "{0} leaves {1} ({2})", "{0} quitte {1} ({2})";
    HistHandles: "{0} handles {1} up to level {2}{3}", "{0} prend en charge {1} jusqu'au niveau {2}{3}";
    HistStopsHandling: "{0} stops handling {1} at level {2}", "{0} cesse de prendre en charge {1} au niveau {2}";
    HistRuleApplies: "rule {0} applies{1}", "la règle {0} s'applique{1}";
    HistRuleStops: "rule {0} stops applying{1}", "la règle {0} cesse de s'appliquer{1}";
    HistNamed: ": {0}", " : {0}";
    HistProvides: "{0} provides {1}{2}", "{0} assure {1}{2}";
    HistStopsProviding: "{0} stops providing {1}{2}", "{0} cesse d'assurer {1}{2}";
    HistThrough: " through {0}", " par l'intermédiaire de {0}";
    HistTeleOpens: "{0} opens ({1} by {2})", "ouverture de {0} ({1} par {2})";
    HistTeleCloses: "{0} closes ({1} by {2})", "fermeture de {0} ({1} par {2})";
    RoleSupport: "support", "établissement support";
    RoleParty: "party", "partie";
    RolePartner: "partner", "partenaire";
    RoleAssociatedChu: "associated CHU", "CHU associé";
    RoleAssociatedArmy: "associated army hospital", "HIA associé";
    RoleFoundingMember: "founding member", "membre fondateur";
    RoleMember: "member", "membre";
    RoleOperator: "operator", "gestionnaire";
    RoleBeneficiary: "beneficiary", "bénéficiaire";
    SvcSterilisation: "sterilisation", "stérilisation";
    SvcLaboratory: "laboratory", "laboratoire";
    SvcPui: "pharmacy (PUI)", "pharmacie (PUI)";
    SvcHygieneTeam: "hygiene team", "équipe d'hygiène";
    SvcDpo: "data protection officer", "délégué à la protection des données";
    SvcInformationSystem: "information system", "système d'information";
    SvcDim: "medical information (DIM)", "information médicale (DIM)";
    SvcPurchasing: "purchasing", "achats";
    SvcTraining: "training", "formation";
    SvcSharedMedicalTime: "shared medical time", "temps médical partagé";
    SvcImaging: "imaging", "imagerie";
    SvcLogistics: "logistics", "logistique";
    ActTeleconsultation: "teleconsultation", "téléconsultation";
    ActTeleexpertise: "tele-expertise", "télé-expertise";
    ActTelesurveillance: "telemonitoring", "télésurveillance";
    ActTeleassistance: "tele-assistance", "téléassistance";
    ActMedicalRegulation: "medical regulation", "régulation médicale";
    SiteChu: "University hospital", "CHU / CHRU";
    SiteHospital: "General hospital", "Centre hospitalier";
    SiteClinic: "Clinic", "Clinique";
    SiteCancerCentre: "Cancer centre", "Centre de lutte contre le cancer";
    SiteSmrCentre: "Rehabilitation centre", "Centre SMR";
    SitePsychiatricHospital: "Psychiatric hospital", "Hôpital psychiatrique";
    SiteHad: "Hospital at home", "HAD";
    SiteEhpad: "Nursing home", "EHPAD";
    SiteSsiad: "Home nursing", "SSIAD";
    SiteGpAssociation: "GP association", "Association de médecins";
    SiteHealthCentre: "Health centre", "Centre de santé";
    SiteTraining: "Training", "Formation";
    SiteOther: "Other", "Autre";
    // Load and reference problems (brief `diag`): the texts of `Error::Load` and
    // `Error::Reference`, their framing, and serde's texts mapped to the catalogue.
    LoadNetwork: "cannot load network `{0}`: ", "impossible de charger le réseau `{0}` : ";
    LoadReference: "cannot load commune reference `{0}`: ",
        "impossible de charger le référentiel des communes `{0}` : ";
    LoadCount: "{0} problems", "{0} problèmes";
    LocAt: "at {0}", "en {0}";
    LocAtLine: "at line {0} column {1}", "à la ligne {0}, colonne {1}";
    LocLine: "line {0} column {1}", "ligne {0}, colonne {1}";
    LocIn: "in `{0}`", "dans `{0}`";
    HelpLine: "help: {0}", "aide : {0}";
    PtrLine: "line {0}", "ligne {0}";
    PtrLineColumn: "line {0}, column `{1}`", "ligne {0}, colonne `{1}`";
    PtrCode: "code {0}", "code {0}";
    SerdeUnknownField: "unknown field `{0}`, expected {1}", "champ inconnu `{0}` ; champs possibles : {1}";
    SerdeUnknownFieldNone: "unknown field `{0}`, there are no fields",
        "champ inconnu `{0}` : aucun champ n'est permis ici";
    SerdeUnknownVariant: "unknown variant `{0}`, expected {1}",
        "valeur inconnue `{0}` ; valeurs possibles : {1}";
    SerdeUnknownVariantNone: "unknown variant `{0}`, there are no variants",
        "valeur inconnue `{0}` : aucune valeur n'est permise ici";
    OneOf: "one of {0}", "{0}";
    SerdeMissingField: "missing field `{0}`", "champ obligatoire manquant `{0}`";
    SerdeInvalidType: "invalid type: {0}, expected {1}", "type invalide : {0}, alors qu'il faut {1}";
    SerdeInvalidValue: "invalid value: {0}, expected {1}", "valeur invalide : {0}, alors qu'il faut {1}";
    SerdeInvalidLength: "invalid length {0}, expected {1}", "longueur invalide {0}, alors qu'il faut {1}";
    UnString: "string {0}", "texte {0}";
    UnInteger: "integer {0}", "nombre entier {0}";
    UnFloat: "floating point {0}", "nombre décimal {0}";
    UnBool: "boolean {0}", "booléen {0}";
    UnMap: "map", "objet";
    UnSeq: "sequence", "liste";
    ExNumber: "a number", "un nombre";
    ExInteger: "a whole number", "un nombre entier";
    ExIntegerRange: "a whole number from {0} to {1}", "un nombre entier de {0} à {1}";
    ExString: "a string", "du texte";
    ExBool: "a boolean", "un booléen (true ou false)";
    ExList: "a list", "une liste";
    ExObject: "an object", "un objet";
    ExDate: "a date written YYYY-MM-DD (or YYYY-MM, YYYY)", "une date écrite AAAA-MM-JJ (ou AAAA-MM, AAAA)";
    DateInvalid: "invalid date `{0}`: {1}", "date invalide `{0}` : {1}";
    DateNoDay: "no such day in the calendar", "ce jour n'existe pas dans le calendrier";
    DateYear: "year must be between 1000 and 9999", "l'année doit être comprise entre 1000 et 9999";
    DateShape: "expected YYYY-MM-DD (or YYYY-MM, YYYY)", "forme attendue : AAAA-MM-JJ (ou AAAA-MM, AAAA)";
    FinessInvalid: "invalid FINESS `{0}`: a FINESS number is exactly 9 letters or digits",
        "FINESS invalide `{0}` : un numéro FINESS compte exactement 9 lettres ou chiffres";
    JsonEofList: "EOF while parsing a list", "le texte s'arrête au milieu d'une liste";
    JsonEofObject: "EOF while parsing an object", "le texte s'arrête au milieu d'un objet";
    JsonEofString: "EOF while parsing a string", "le texte s'arrête au milieu d'une chaîne";
    JsonEofValue: "EOF while parsing a value", "le texte s'arrête avant une valeur";
    JsonExpectedColon: "expected `:`", "`:` attendu";
    JsonExpectedListComma: "expected `,` or `]`", "`,` ou `]` attendu";
    JsonExpectedObjectComma: "expected `,` or `}`", "`,` ou `}` attendu";
    JsonExpectedIdent: "expected ident", "mot-clé attendu (true, false ou null)";
    JsonExpectedValue: "expected value", "valeur attendue";
    JsonExpectedQuote: "expected `\"`", "`\"` attendu";
    JsonInvalidEscape: "invalid escape", "séquence d'échappement invalide";
    JsonInvalidNumber: "invalid number", "nombre invalide";
    JsonNumberRange: "number out of range", "nombre hors limites";
    JsonInvalidUnicode: "invalid unicode code point", "point de code Unicode invalide";
    JsonControl: "control character (\\u0000-\\u001F) found while parsing a string",
        "caractère de contrôle (\\u0000-\\u001F) dans une chaîne";
    JsonKeyString: "key must be a string", "une clé doit être une chaîne entre guillemets";
    JsonLoneSurrogate: "lone leading surrogate in hex escape",
        "demi-code (surrogate) isolé dans un échappement \\u";
    JsonTrailingComma: "trailing comma", "virgule en trop";
    JsonTrailingChars: "trailing characters", "caractères après la fin du document";
    JsonHexEnd: "unexpected end of hex escape", "échappement hexadécimal incomplet";
    JsonRecursion: "recursion limit exceeded", "imbrication trop profonde";
    ReadOther: "{0}", "lecture impossible : « {0} »";
    HintUnknownField: "remove the field or fix its spelling; the network JSON Schema lists every field",
        "retirez le champ ou corrigez son orthographe ; le schéma JSON du réseau liste tous les champs";
    HintMissingField: "add the field; the network JSON Schema says which fields are required",
        "ajoutez le champ ; le schéma JSON du réseau indique les champs obligatoires";
    HintUnknownVariant: "use one of the values listed", "utilisez l'une des valeurs listées";
    HintDate: "write dates as YYYY-MM-DD; YYYY-MM or YYYY is fine for vague dates, with `precision`",
        "écrivez les dates AAAA-MM-JJ ; AAAA-MM ou AAAA conviennent pour une date approximative, avec `precision`";
    HintFiness: "copy the 9-character number from the FINESS register, or leave the field out",
        "recopiez le numéro à 9 caractères depuis le répertoire FINESS, ou retirez le champ";
    HintTrailing: "remove what follows the end of the JSON document",
        "supprimez ce qui suit la fin du document JSON";
    HintJsonSyntax: "the file is not well-formed JSON: check commas, quotes and brackets near this position",
        "le fichier n'est pas du JSON bien formé : vérifiez virgules, guillemets et crochets près de cette position";
    HintTomlSyntax: "the file is not well-formed TOML: check quotes, brackets and table headers near this position",
        "le fichier n'est pas du TOML bien formé : vérifiez guillemets, crochets et en-têtes de table près de cette position";
    NetArray: "a network is a JSON object, not an array", "un réseau est un objet JSON, pas un tableau";
    NetArrayHint: "write the network as one object: `{\"id\": ..., \"name\": ..., \"sites\": [...]}`",
        "écrivez le réseau comme un seul objet : `{\"id\": ..., \"name\": ..., \"sites\": [...]}`";
    NoToml: "TOML support is not compiled in (cargo feature `toml` of parcours is off)",
        "la lecture du TOML n'est pas compilée (option cargo `toml` de parcours désactivée)";
    NoTomlHint: "load the JSON form of the network, or build parcours with the `toml` feature",
        "chargez la forme JSON du réseau, ou compilez parcours avec l'option `toml`";
    TooBig: "input is {0} bytes, more than the {1} bytes a network may have",
        "l'entrée fait {0} octets, plus que les {1} octets permis pour un réseau";
    TooBigHint: "split the network by territory, or check that this is the right file",
        "découpez le réseau par territoire, ou vérifiez que c'est le bon fichier";
    NotUtf8Byte: "byte 0x{0} is not UTF-8 text", "l'octet 0x{0} n'est pas du texte UTF-8";
    NotUtf8Hint: "save the file as UTF-8 (a spreadsheet's \"CSV UTF-8\"), or convert it: iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8",
        "enregistrez le fichier en UTF-8 (« CSV UTF-8 » d'un tableur), ou convertissez-le : iconv -f WINDOWS-1252 -t UTF-8 FICHIER > FICHIER.utf8";
    LoneSurrogate: "lone surrogate U+{0} is not a character", "le demi-code isolé U+{0} n'est pas un caractère";
    LoneSurrogateHint: "the text came from a UTF-16 string cut in the middle of a character: fix the string where it was built",
        "le texte vient d'une chaîne UTF-16 coupée au milieu d'un caractère : corrigez la chaîne là où elle est construite";
    NotUtf8: "not UTF-8 text", "ce n'est pas du texte UTF-8";
    NounSource: "source", "source";
    NounLocation: "location", "lieu";
    NounLegalEntity: "legal entity", "entité juridique";
    NounSite: "site", "établissement";
    NounFiliere: "filière", "filière";
    NounGrouping: "grouping", "groupement";
    NounCapability: "capability", "capacité";
    NounRule: "rule", "règle";
    NounSharedService: "shared service", "service mutualisé";
    NounTeleService: "tele-service", "télé-service";
    NounEvent: "event", "événement";
    NounTerritory: "territory", "territoire";
    NounOr: "{0} or {1}", "{0} ou {1}";
    IdInvalid: "invalid id `{0}`", "identifiant invalide `{0}`";
    IdInvalidHint: "ids are non-empty, at most {0} bytes, without leading or trailing spaces",
        "un identifiant n'est pas vide, fait au plus {0} octets, sans espace au début ni à la fin";
    IdInvisible: "invalid id `{0}`: it contains U+{1}, an invisible or control character",
        "identifiant invalide `{0}` : il contient U+{1}, un caractère invisible ou de contrôle";
    IdInvisibleHint: "ids are compared byte for byte, and an invisible character makes an id look like another: remove it",
        "les identifiants sont comparés octet par octet, et un caractère invisible fait ressembler un identifiant à un autre : retirez-le";
    IdDuplicate: "duplicate id `{0}`: already used by the {1} at {2}",
        "identifiant en double `{0}` : déjà pris (type {1}) en {2}";
    IdDuplicateHint: "ids are unique across the whole network: rename one of them",
        "les identifiants sont uniques dans tout le réseau : renommez l'un des deux";
    RefWrongKind: "`{0}` is a {1} (at {2}), but a {3} is expected here",
        "`{0}` est de type {1} (en {2}), mais le type attendu ici est : {3}";
    RefWrongKindHint: "name a {0}", "donnez un identifiant de type {0}";
    RefUnknown: "unknown {0} `{1}`", "référence inconnue `{1}` (type attendu : {0})";
    RefAddHint: "add a {0} with this id, or fix the reference",
        "ajoutez un élément de type {0} avec cet identifiant, ou corrigez la référence";
    FigureNotFinite: "figure `{0}` is not a finite number", "le chiffre `{0}` n'est pas un nombre fini";
    FigureNotFiniteHint: "leave an unknown figure out rather than writing nan or inf",
        "omettez un chiffre inconnu plutôt que d'écrire nan ou inf";
    ValidityOrder: "validity starts on {0}, after it ends on {1}",
        "la validité commence le {0}, après sa fin le {1}";
    ValidityOrderHint: "swap `from` and `to`, or fix the dates", "échangez `from` et `to`, ou corrigez les dates";
    LevelUnknownOf: "unknown level `{0}` of filière `{1}`", "niveau inconnu `{0}` de la filière `{1}`";
    UseOneOf: "use one of {0}", "utilisez l'un de ces niveaux : {0}";
    OwnMember: "grouping `{0}` is listed as its own member",
        "le groupement `{0}` est listé comme son propre membre";
    OwnMemberHint: "a grouping cannot belong to itself", "un groupement ne peut pas être membre de lui-même";
    NotDepartement: "`{0}` is not a département code", "`{0}` n'est pas un code de département";
    NotDepartementHint: "write a département as INSEE does: 2 characters (`52`, `2A`, `2B`) or 3 digits overseas (`971`)",
        "écrivez un département comme l'INSEE : 2 caractères (`52`, `2A`, `2B`) ou 3 chiffres outre-mer (`971`)";
    TerritoryCycle: "territories include each other in a cycle: {0}",
        "des territoires s'incluent les uns les autres en cycle : {0}";
    TerritoryCycleHint: "a territory cannot include itself, directly or through others: remove one inclusion",
        "un territoire ne peut pas s'inclure lui-même, directement ou par d'autres : retirez une inclusion";
    CatchmentEmpty: "the catchment of `{0}` lists no commune",
        "la zone de recrutement de `{0}` ne liste aucune commune";
    CatchmentEmptyHint: "give `communes` (INSEE codes) or a `territory`",
        "donnez `communes` (codes INSEE) ou un `territory`";
    EntryLimit: "`{0}` must be a finite number of 0 or more", "`{0}` doit être un nombre fini, positif ou nul";
    EntryLimitHint: "give the farthest entry site allowed, or leave the field out",
        "donnez la distance du point d'entrée le plus lointain admis, ou retirez le champ";
    NotCommune: "`{0}` is not an INSEE commune code", "`{0}` n'est pas un code commune INSEE";
    NotCommuneHint: "a commune code has 5 characters: the département (`52`, `2A`, `971`…) then the commune number, leading zeros kept (`01004`)",
        "un code commune compte 5 caractères : le département (`52`, `2A`, `971`…) puis le numéro de la commune, zéros initiaux compris (`01004`)";
    RolesNoMember: "origin roles are given without `member_of`",
        "des rôles d'origine sont donnés sans `member_of`";
    RolesNoMemberHint: "name the grouping in which the origin holds these roles with `member_of`",
        "nommez avec `member_of` le groupement dans lequel l'origine tient ces rôles";
    LevelNoFiliere: "level condition `{0}` on a rule without filières",
        "condition de niveau `{0}` sur une règle sans filières";
    LevelNoFiliereHint: "levels belong to filières: list the rule's `filieres`",
        "les niveaux appartiennent aux filières : listez les `filieres` de la règle";
    AgeOrder: "age_min {0} is above age_max {1}", "age_min {0} est supérieur à age_max {1}";
    SwapBounds: "swap the bounds", "échangez les bornes";
    RuleDistance: "max_distance_km {0} is not a distance", "max_distance_km {0} n'est pas une distance";
    RuleDistanceHint: "give a non-negative number of kilometres", "donnez un nombre de kilomètres positif ou nul";
    VersionUnsupported: "format version {0} is not supported",
        "la version de format {0} n'est pas prise en charge";
    VersionHint: "this library reads format version {0}", "cette bibliothèque lit la version de format {0}";
    NetIdEmpty: "the network id is empty", "l'identifiant du réseau est vide";
    NetIdEmptyHint: "give the network a short stable id", "donnez au réseau un identifiant court et stable";
    Latitude: "latitude {0} is not between -90 and 90", "la latitude {0} n'est pas comprise entre -90 et 90";
    LatitudeHint: "give WGS84 decimal degrees; latitude comes first",
        "donnez des degrés décimaux WGS84 ; la latitude vient en premier";
    Longitude: "longitude {0} is not between -180 and 180",
        "la longitude {0} n'est pas comprise entre -180 et 180";
    LongitudeHint: "give WGS84 decimal degrees", "donnez des degrés décimaux WGS84";
    InseeInvalid: "invalid INSEE commune code `{0}`", "code commune INSEE invalide `{0}`";
    InseeInvalidHint: "an INSEE commune code has 5 characters, digits (2A/2B for Corsica), e.g. `52121`",
        "un code commune INSEE compte 5 caractères, des chiffres (2A/2B pour la Corse), par exemple `52121`";
    TooManyLevels: "filière `{0}` has {1} levels, more than the {2} a filière may have",
        "la filière `{0}` a {1} niveaux, plus que les {2} permis";
    TooManyLevelsHint: "levels are a scale of specialisation (proximite, reference, recours): merge levels, or split the filière",
        "les niveaux forment une échelle de spécialisation (proximite, reference, recours) : fusionnez des niveaux, ou scindez la filière";
    NoLevel: "filière `{0}` has no level", "la filière `{0}` n'a aucun niveau";
    NoLevelHint: "list its levels lowest first, e.g. proximite, reference, recours",
        "listez ses niveaux du plus bas au plus haut, par exemple proximite, reference, recours";
    FlagLevel: "flag `{0}` maps to unknown level `{1}`", "l'indicateur `{0}` renvoie au niveau inconnu `{1}`";
    FlagLevelHint: "map the flag to one of the filière's levels",
        "faites renvoyer l'indicateur à l'un des niveaux de la filière";
    LevelTwice: "level `{0}` appears twice", "le niveau `{0}` apparaît deux fois";
    LevelTwiceHint: "each level of a filière appears once", "chaque niveau d'une filière n'apparaît qu'une fois";
    EmptyName: "{0} `{1}` has an empty name", "l'élément `{1}` (type {0}) a un nom vide";
    EmptyNameHint: "give the name as the source writes it", "donnez le nom tel que la source l'écrit";
    TooManyPairs: "{0} sites and locations times {1} filières make {2} pairs, more than the {3} a network may have",
        "{0} établissements et lieux fois {1} filières font {2} paires, plus que les {3} permises pour un réseau";
    TooManyPairsHint: "split the network by territory or by filière", "découpez le réseau par territoire ou par filière";
    TooManyMembers: "nested groupings expand to more than {0} member entries",
        "les groupements imbriqués donnent plus de {0} adhésions une fois développés";
    TooManyMembersHint: "a grouping listed as a member brings all its members, at every level: list the sites or legal entities directly, or remove repeated memberships",
        "un groupement membre apporte tous ses membres, à chaque niveau : listez directement les établissements ou entités juridiques, ou supprimez les adhésions répétées";
    CsvEmpty: "the file is empty", "le fichier est vide";
    CsvEmptyHint: "give a header line first", "commencez par une ligne d'en-tête";
    CsvHeader: "header: {0}", "en-tête : {0}";
    CsvAfterQuote: "text after a closing quote", "du texte suit un guillemet fermant";
    CsvUnclosed: "a quoted field is not closed on its line", "un champ entre guillemets n'est pas fermé sur sa ligne";
    CsvFixHeader: "fix the quotes of the header", "corrigez les guillemets de l'en-tête";
    CsvFixLine: "fix the quotes of this line", "corrigez les guillemets de cette ligne";
    CsvMissingColumns: "missing column(s) `{0}`", "colonne(s) manquante(s) `{0}`";
    CsvColumnsHint: "the header needs the columns {0}", "l'en-tête doit avoir les colonnes {0}";
    CommuneCodeHint: "5 characters, leading zeros kept (`01004`, `2A004`)",
        "5 caractères, zéros initiaux compris (`01004`, `2A004`)";
    CommuneNotNumber: "`{0}` is not a number (commune `{1}`)", "`{0}` n'est pas un nombre (commune `{1}`)";
    CommuneNumberHint: "write numbers with a decimal point, no thousands separator",
        "écrivez les nombres avec un point décimal, sans séparateur de milliers";
    CommuneCoordinates: "commune `{0}`: coordinates out of range", "commune `{0}` : coordonnées hors limites";
    CommuneCoordinatesHint: "WGS84 degrees: latitude within ±90, longitude within ±180",
        "degrés WGS84 : latitude entre -90 et 90, longitude entre -180 et 180";
    CommunePopulation: "commune `{0}`: the population must be a whole number of 0 or more",
        "commune `{0}` : la population doit être un nombre entier positif ou nul";
    CommunePopulationHint: "write the population municipale as an integer",
        "écrivez la population municipale comme un nombre entier";
    CommuneNoPoint: "current commune `{0}` has no point", "la commune actuelle `{0}` n'a pas de point";
    CommuneNoPointHint: "give `lat` and `lon` of its representative point, or a `successor` if the code is a former one",
        "donnez `lat` et `lon` de son point représentatif, ou un `successor` si le code est un ancien code";
    CommuneTwice: "commune `{0}` is listed twice", "la commune `{0}` est listée deux fois";
    CommuneTwiceHint: "keep one row per code", "gardez une ligne par code";
    SuccessorCycle: "the successors of `{0}` form a cycle", "les successeurs de `{0}` forment un cycle";
    SuccessorCycleHint: "a successor must lead to a current commune",
        "un successeur doit mener à une commune actuelle";
    SuccessorUnknown: "commune `{0}` has the unknown successor `{1}`",
        "la commune `{0}` a pour successeur `{1}`, inconnu";
    SuccessorUnknownHint: "add the successor commune to the reference",
        "ajoutez la commune qui succède au référentiel";
    ChangesNotArray: "the changes are not a JSON array", "les changements ne sont pas un tableau JSON";
    ChangesHint: "a changes file is a JSON array such as [{\"change\": \"remove_grouping\", \"grouping\": \"gcs-x\"}]",
        "un fichier de changements est un tableau JSON comme [{\"change\": \"remove_grouping\", \"grouping\": \"gcs-x\"}]";
    ChangeNotObject: "a change is a JSON object", "un changement est un objet JSON";
    ChangeKindNotString: "`change` is not a string", "`change` n'est pas une chaîne";
    ChangeUnknown: "unknown change `{0}`", "changement inconnu `{0}`";
    ChangeKindsHint: "`change` is one of remove_member, remove_grouping, close_capability, add_capability, add_site, add_membership, move_shared_service",
        "`change` vaut remove_member, remove_grouping, close_capability, add_capability, add_site, add_membership ou move_shared_service";
    ChangeUnknownField: "unknown field `{0}`", "champ inconnu `{0}`";
    ChangeTakes: "the `{0}` change takes {1}", "le changement `{0}` prend {1}";
    ChangeNeeds: "the `{0}` change needs `{1}`", "le changement `{0}` demande `{1}`";
    TravelUnknownFrom: "unknown origin `{0}` in the travel matrix", "origine inconnue `{0}` dans la matrice de trajets";
    TravelFromHint: "travel origins are site or location ids of the network",
        "les origines des trajets sont des identifiants d'établissements ou de lieux du réseau";
    TravelUnknownTo: "unknown site `{0}` in the travel matrix", "établissement inconnu `{0}` dans la matrice de trajets";
    TravelToHint: "travel destinations are site ids of the network",
        "les destinations des trajets sont des identifiants d'établissements du réseau";
    TravelBad: "travel from `{0}` to `{1}` is negative or not a number",
        "le trajet de `{0}` à `{1}` est négatif ou n'est pas un nombre";
    TravelBadHint: "give non-negative km and minutes", "donnez des km et des minutes positifs ou nuls";
    TestsNeedCommunes: "the test file needs the commune reference `{0}`, which was not given",
        "le fichier de tests demande le référentiel des communes `{0}`, qui n'a pas été fourni";
    TestsNeedCommunesHint: "read the files the test file names (relative to it) and pass the reference to the runner",
        "lisez les fichiers que nomme le fichier de tests (relatifs à lui) et passez le référentiel à l'exécution";
    ChangeNotMember: "`{0}` is not a member of `{1}`", "`{0}` n'est pas membre de `{1}`";
    ChangeNameMembership: "name a membership of the network", "nommez une adhésion du réseau";
    ChangeUnknownGrouping: "unknown grouping `{0}`", "groupement inconnu `{0}`";
    ChangeNameGrouping: "name a grouping of the network", "nommez un groupement du réseau";
    ChangeNoCapability: "`{0}` has no capability in `{1}`", "`{0}` n'a pas de capacité en `{1}`";
    ChangeNameCapability: "name a capability of the network", "nommez une capacité du réseau";
    ChangeUnknownService: "unknown shared service `{0}`", "service mutualisé inconnu `{0}`";
    ChangeNameService: "name a shared service of the network", "nommez un service mutualisé du réseau";
    NotPostalCode: "`{0}` is not a postal code", "`{0}` n'est pas un code postal";
    NotPostalCodeHint: "a postal code has 5 digits (`52200`)", "un code postal compte 5 chiffres (`52200`)";
    PostalUnknownCommune: "postal code `{0}` names the unknown commune `{1}`",
        "le code postal `{0}` nomme la commune inconnue `{1}`";
    PostalUnknownCommuneHint: "every commune of the postal code file must be in the commune reference",
        "chaque commune du fichier des codes postaux doit figurer dans le référentiel des communes";
    // Questions and their arguments (query.rs, analysis.rs, the bindings' parameters): the
    // summaries of the `Q…` codes, then the messages and hints (brief `errors`).
    QueryQ001: "unknown id, filière or level", "identifiant, filière ou niveau inconnu";
    QueryQ002: "malformed FINESS or INSEE code", "code FINESS ou INSEE mal formé";
    QueryQ003: "coordinates out of range", "coordonnées hors limites";
    QueryQ004: "bad parameter value", "valeur de paramètre invalide";
    QueryQ005: "malformed question", "question mal formée";
    QueryQ006: "no commune reference", "pas de référentiel des communes";
    QueryUnknownGrouping: "unknown grouping `{0}`", "groupement inconnu `{0}`";
    QueryUnknownSite: "unknown site `{0}`", "établissement inconnu `{0}`";
    QueryUnknownMember: "unknown site, legal entity or grouping `{0}`",
        "établissement, entité juridique ou groupement inconnu `{0}`";
    QueryKnownMore: "{0} and more", "{0} et d'autres";
    QueryCommuneWhy: "commune `{0}`: {1}", "commune `{0}` : {1}";
    QueryNoCommuneReference: "commune `{0}`: the engine has no commune reference",
        "commune `{0}` : le moteur n'a pas de référentiel des communes";
    QueryMemberHint: "ask about a site, a legal entity or a grouping of the network",
        "interrogez sur un établissement, une entité juridique ou un groupement du réseau";
    QueryCoordinatesHint: "latitude is between -90 and 90, longitude between -180 and 180",
        "la latitude est comprise entre -90 et 90, la longitude entre -180 et 180";
    QueryBadDistanceHint: "give distances in km (minutes with a travel matrix), 0 or more",
        "donnez des distances en km (en minutes avec une matrice de trajets), positives ou nulles";
    QueryNoCommuneReferenceHint: "compile with a commune reference", "compilez avec un référentiel des communes";
    QueryNotInsee: "commune `{0}` is not an INSEE code", "la commune `{0}` n'est pas un code INSEE";
    QueryCommuneUnknown: "commune `{0}` is not in the commune reference",
        "la commune `{0}` n'est pas dans le référentiel des communes";
    QueryOriginFiness: "origin FINESS `{0}`: {1}", "FINESS d'origine `{0}` : {1}";
    QueryCoordinates: "origin coordinates `{0}, {1}` are not WGS84 degrees",
        "les coordonnées d'origine `{0}, {1}` ne sont pas des degrés WGS84";
    QueryFinessKey: "invalid FINESS `{0}`: the check digit (Luhn key) is wrong",
        "FINESS invalide `{0}` : le chiffre de contrôle (clé de Luhn) est faux";
    QueryUnknownFiness: "unknown FINESS `{0}`", "FINESS inconnu `{0}`";
    QueryBadDistance: "the threshold or a band is negative or not a number",
        "le seuil ou une tranche est négatif ou n'est pas un nombre";
    QueryInvalid: "invalid question: {0}", "question invalide : {0}";
    QueryTravelMatrix: "invalid travel matrix: {0}", "matrice de trajets invalide : {0}";
    QueryBadParameter: "invalid `{0}`: {1}", "`{0}` invalide : {1}";
    QueryBadDateType: "expected a date, not {0}", "il faut une date, pas {0}";
    // Cases (case_input.rs): the summaries of the `C…` codes, then the messages the case
    // reader writes in the case format's terms (brief `errors`).
    CaseC001: "malformed case", "cas mal formé";
    CaseC002: "bad case date", "date du cas invalide";
    CaseC003: "bad case origin", "origine du cas invalide";
    CaseInvalidValue: "invalid value `{0}`, expected {1}", "valeur invalide `{0}`, alors qu'il faut {1}";
    CaseExpDegrees: "a number of degrees (WGS84)", "un nombre de degrés (WGS84)";
    CaseExpKm: "a distance in km", "une distance en km";
    CaseExpAge: "an age in whole years, from 0 to 65535", "un âge en années entières, de 0 à 65535";
    CaseExpList: "a list of text, or one text of `;`-separated values",
        "une liste de textes, ou un texte de valeurs séparées par `;`";
    CaseExpText: "text", "du texte";
    CaseExpId: "an id: text or a whole number", "un identifiant : du texte ou un nombre entier";
    CaseExpOrigin: "an origin: a site or location id, or {\"lat\", \"lon\"}, {\"commune\"}, {\"postal_code\"} or {\"finess\"}",
        "une origine : un identifiant, ou {\"lat\", \"lon\"}, {\"commune\"}, {\"postal_code\"} ou {\"finess\"}";
    CaseOriginObject: "an origin object is {\"lat\", \"lon\"} (both), {\"commune\"}, {\"postal_code\"} or {\"finess\"}",
        "une origine objet est {\"lat\", \"lon\"} (les deux), {\"commune\"}, {\"postal_code\"} ou {\"finess\"}";
    CaseLatLon: "give both `lat` and `lon`, or neither", "donnez `lat` et `lon`, ou aucun des deux";
    CaseOriginOnce: "give the origin once: `origin` (a site or location id, or {lat, lon}), or `lat` and `lon`",
        "donnez l'origine une fois : `origin` (un identifiant, ou {lat, lon}), ou `lat` et `lon`";
    CaseRow: "row {0}: {1}", "ligne {0} : {1}";
    CaseRowOfMany: "row {0}: {1} ({2} rows cannot be read; `route_batch` gives each row's `error`)",
        "ligne {0} : {1} ({2} lignes ne se lisent pas ; `route_batch` donne l'`error` de chaque ligne)";
    // A row of case columns (batch::CaseColumns::fill).
    CaseRowNoFiliere: "missing `filiere`", "`filiere` manquante";
    CaseRowNoOrigin: "missing `{0}` (or `lat` and `lon`)", "`{0}` manquant (ou `lat` et `lon`)";
    CaseRowAge: "invalid `age`: expected a whole number of years",
        "`age` invalide : il faut un nombre entier d'années";
    CaseRowDays: "invalid date: {0} days since 1970-01-01 is out of range",
        "date invalide : {0} jours depuis le 1970-01-01, hors des dates possibles";
    CaseRowNoDate: "missing `date` (give a date column or a date for all rows)",
        "`date` manquante (donnez une colonne de dates, ou une date pour toutes les lignes)";
}

catalogue! {
    /// A text of the command line's own output (`parcours history`, `coverage`, `diff`,
    /// `show`, `test`, `fmt`, `import`): titles, column headers, totals, the words for codes;
    /// and the Python binding's errors about the columns of a frame (`Frame…`). A table of its
    /// own, apart from [`Msg`], so that the WebAssembly module, which never shows these, does
    /// not carry them. The doc of each key is its English text.
    enum CliMsg;
    // Python `route_batch` and `coverage`: a frame whose columns do not fit (code C001).
    FrameMissing: "missing column `{0}`", "colonne `{0}` manquante";
    FrameMissingDate: "missing column `date` (or pass date=...)",
        "colonne `date` manquante (ou passez date=...)";
    FrameMissingOrigin: "missing column `origin` (site or location ids), or another origin column: `commune`, `postal_code` or `finess` (or the columns `lat` and `lon`)",
        "colonne `origin` manquante (identifiants d'établissements ou de lieux), ou une autre colonne d'origine : `commune`, `postal_code` ou `finess` (ou les colonnes `lat` et `lon`)";
    FrameMissingPlace: "missing column `origin` or `commune` (or the columns `lat` and `lon`)",
        "colonne `origin` ou `commune` manquante (ou les colonnes `lat` et `lon`)";
    FrameTwoOrigins: "columns `{0}` and `{1}` both give the origin: keep one",
        "les colonnes `{0}` et `{1}` donnent toutes deux l'origine : gardez-en une";
    FrameUnreadable: "column `{0}` cannot be read: {1}", "la colonne `{0}` ne se lit pas : {1}";
    FrameNotDates: "column `date` cannot be read as dates: {0}",
        "la colonne `date` ne se lit pas comme des dates : {0}";
    FrameType: "column `{0}` must hold {1}, not {2}", "la colonne `{0}` doit contenir {1}, pas {2}";
    FrameText: "text", "du texte";
    FrameNumbers: "numbers", "des nombres";
    FrameBooleans: "booleans", "des booléens";
    FrameTextLists: "lists of text", "des listes de textes";
    FrameDates: "dates, timestamps or `YYYY-MM-DD` text",
        "des dates, des horodatages ou du texte `AAAA-MM-JJ`";
    // `parcours history`.
    HistoryTitle: "history of {0}: {1} changes", "historique de {0} : {1} changement(s)";
    NoDate: "(no date)", "(sans date)";
    ColDate: "date", "date";
    ColChange: "change", "changement";
    ColStatus: "status", "statut";
    ColEntity: "entity", "entité";
    ColDescription: "description", "description";
    ChangeStarts: "starts", "début";
    ChangeEnds: "ends", "fin";
    ChangePlannedStart: "planned start", "début prévu";
    ChangePlannedEnd: "planned end", "fin prévue";
    ChangeEvent: "event", "événement";
    StatusActive: "active", "en vigueur";
    StatusEnded: "ended", "terminé";
    StatusPlanned: "planned", "prévu";
    StatusInProgress: "in progress", "en cours";
    EntityNetwork: "network", "réseau";
    EntitySource: "source", "source";
    EntityLocation: "location", "lieu";
    EntityLegalEntity: "legal entity", "entité juridique";
    EntitySite: "site", "établissement";
    EntityEquipment: "equipment", "équipement";
    EntityFiliere: "filière", "filière";
    EntityGrouping: "grouping", "groupement";
    EntityMembership: "membership", "adhésion";
    EntityCapability: "capability", "capacité";
    EntityRule: "rule", "règle";
    EntitySharedService: "shared service", "service mutualisé";
    EntityTeleService: "tele-service", "télé-service";
    EntityEvent: "event", "événement";
    // `parcours diff --structure`.
    StructureTitle: "{0} -> {1}: {2} added, {3} removed, {4} changed",
        "{0} -> {1} : {2} ajouté(s), {3} retiré(s), {4} modifié(s)";
    // Fingerprint lines of tables.
    LineNetwork: "network: {0}", "réseau : {0}";
    LineBefore: "before: {0}", "avant : {0}";
    LineAfter: "after: {0}", "après : {0}";
    // `parcours coverage`.
    CoverageTitle: "coverage: filière `{0}` at level `{1}` on {2}, threshold {3} {4}",
        "couverture : filière `{0}` au niveau `{1}` au {2}, seuil {3} {4}";
    Lowest: "(lowest)", "(le plus bas)";
    ColId: "id", "id";
    ColName: "name", "nom";
    ColPopulation: "population", "population";
    ColEntry: "entry", "entrée";
    ColTarget: "target", "cible";
    ColStep: "step", "étape";
    ColBeyond: "beyond", "au-delà";
    Yes: "yes", "oui";
    OutcomeNoRoute: "(no route)", "(aucune orientation)";
    OutcomeInvalid: "(invalid)", "(cas invalide)";
    CoverageOrigins: "{0} origins, population {1}", "{0} origines, population {1}";
    CoverageWithin: "  within {0} {1}: {2} ({3} %)", "  à moins de {0} {1} : {2} ({3} %)";
    CoverageBeyond: "  beyond {0} {1} or no route: {2} ({3} %); no route at all: {4} ({5} %)",
        "  au-delà de {0} {1} ou sans orientation : {2} ({3} %) ; sans aucune orientation : {4} ({5} %)";
    // `parcours diff`.
    DiffTitle: "{0} of {1} cases change target", "{0} cas sur {1} changent de cible";
    ColBefore: "before", "avant";
    ColAfter: "after", "après";
    ColCases: "cases", "cas";
    ColMeanDelta: "mean Δ km", "Δ moyen km";
    // `parcours show`: the answers' column names (as in CSV and JSON, in English) and the
    // rows' count.
    ShowActivity: "activity", "activité";
    ShowBasis: "basis", "fondement";
    ShowCommune: "commune", "commune";
    ShowFact: "fact", "fait";
    ShowFiliere: "filiere", "filière";
    ShowFinessEj: "finess_ej", "finess_ej";
    ShowFinessEt: "finess_et", "finess_et";
    ShowFrom: "from", "du";
    ShowGrouping: "grouping", "groupement";
    ShowHolder: "holder", "titulaire";
    ShowHow: "how", "comment";
    ShowInsee: "insee", "insee";
    ShowKind: "kind", "type";
    ShowLegalEntity: "legal_entity", "entité juridique";
    ShowLevel: "level", "niveau";
    ShowMatch: "match", "correspondance";
    ShowMember: "member", "membre";
    ShowMentions: "mentions", "mentions";
    ShowModality: "modality", "modalité";
    ShowPrecision: "precision", "précision";
    ShowRole: "role", "rôle";
    ShowSite: "site", "établissement";
    ShowState: "state", "état";
    ShowTerritory: "territory", "territoire";
    ShowTo: "to", "au";
    ShowVia: "via", "via";
    RowsOne: "({0} row)", "({0} ligne)";
    RowsMany: "({0} rows)", "({0} lignes)";
    // `parcours show`: the codes in cells, in English as in CSV and JSON (lang3).
    CellInForce: "in_force", "en vigueur";
    CellDirect: "direct", "directement";
    CellNested: "nested", "par un groupement";
    CellThroughEntity: "legal_entity", "par l'entité juridique";
    CellFirstLine: "first_line", "premier recours";
    CellTerritory: "territory", "territoire";
    CellCatchment: "catchment", "zone de recrutement";
    CellPolicy: "policy", "règle d'entrée";
    CellNone: "none", "aucun";
    CellDay: "day", "jour";
    CellMonth: "month", "mois";
    CellYear: "year", "année";
    CellApproximate: "approximate", "approximative";
    CellGht: "ght", "GHT";
    CellGcsMoyens: "gcs_moyens", "GCS de moyens";
    CellGcsEs: "gcs_es", "GCS établissement de santé";
    CellAllianceConvention: "alliance_convention", "convention d'alliance";
    CellFederation: "federation", "fédération";
    CellCancerNetwork: "cancer_network", "réseau de cancérologie";
    CellFiliereNetwork: "filiere_network", "réseau de filière";
    CellOperatorGroup: "operator_group", "groupe gestionnaire";
    CellMedicalRegulation: "medical_regulation", "régulation médicale";
    CellAvoidTransfer: "avoid_transfer", "éviter un transfert";
    CellAdvice: "advice", "avis";
    CellAccess: "access", "accès aux soins";
    CellNational: "national", "national";
    CellRequester: "requester", "demandeur";
    // Input notes (lang3).
    NoteIgnoredOne: "note: {0}: ignoring {1} column parcours does not read: {2} ({3} columns are {4})",
        "note : {0} : {1} colonne ignorée, que parcours ne lit pas : {2} (colonnes {3} : {4})";
    NoteIgnoredMany: "note: {0}: ignoring {1} columns parcours does not read: {2} ({3} columns are {4})",
        "note : {0} : {1} colonnes ignorées, que parcours ne lit pas : {2} (colonnes {3} : {4})";
    NoteUnnamedColumn: "an unnamed column", "une colonne sans nom";
    NoteTravelColumns: "travel matrix", "de la matrice de trajets";
    NoteCaseColumns: "case", "des cas";
    NoteOriginColumns: "origin", "des origines";
    // `parcours import finess`: warnings and mapping errors (lang3).
    ImportWarning: "warning[{0}]: {1}\n  --> {2}", "avertissement[{0}] : {1}\n  --> {2}";
    ImportHelp: "  = help: {0}", "  = aide : {0}";
    ImportMapping: "cannot read mapping `{0}`:\n{1}",
        "impossible de lire la table de correspondance `{0}` :\n{1}";
    ImportConflict: "conflict[{0}]: {1}", "conflit[{0}] : {1}";
    ImportMergedName: "{0} merged with {1}", "{0} fusionné avec {1}";
    // `parcours test`.
    TestsPassed: "{0}: {1} passed", "{0} : {1} réussi(s)";
    TestsSummaryOne: "{0}: {1} passed, {2} failed in {3} file",
        "{0} : {1} réussi(s), {2} en échec dans {3} fichier";
    TestsSummaryMany: "{0}: {1} passed, {2} failed in {3} files",
        "{0} : {1} réussi(s), {2} en échec dans {3} fichiers";
    TestsOk: "ok", "succès";
    TestsFailed: "FAILED", "ÉCHEC";
    // `parcours test`: the failures (`TestReport::text`).
    FailedCase: "FAILED case `{0}`", "ÉCHEC du cas `{0}`";
    FailedQuestion: "FAILED question `{0}`", "ÉCHEC de la question `{0}`";
    Mismatch: "`{0}` is {1}, expected {2}", "`{0}` vaut {1}, attendu {2}";
    PassedFailed: "{0} passed, {1} failed", "{0} réussi(s), {1} en échec";
    // `parcours import finess`.
    MoreWarnings: "… and {0} more warnings (--report FILE writes them all)",
        "… et {0} autres avertissements (--report FICHIER les écrit tous)";
    Imported: "imported {0} legal entities, {1} sites, {2} groupings, {3} memberships, {4} capabilities ({5} sites read, {6} filtered out, {7} without coordinates); {8} warnings",
        "importé : {0} entités juridiques, {1} établissements, {2} groupements, {3} adhésions, {4} capacités ({5} établissements lus, {6} écartés par les filtres, {7} sans coordonnées) ; {8} avertissements";
    Merged: "merged into `{0}`: {1} legal entities and {2} sites matched by FINESS number; added {3} legal entities, {4} sites, {5} groupings, {6} memberships, {7} capabilities; {8} conflicts",
        "fusionné dans `{0}` : {1} entités juridiques et {2} établissements reconnus par leur numéro FINESS ; ajouté {3} entités juridiques, {4} établissements, {5} groupements, {6} adhésions, {7} capacités ; {8} conflits";
    // `parcours fmt`.
    Formatted: "formatted {0}", "fichier reformaté : {0}";
    NotCanonicalOne: "{0} file is not in canonical form\n  = help: run `parcours fmt --write` on it to rewrite it",
        "{0} fichier n'est pas en forme canonique\n  = aide : lancez `parcours fmt --write` sur ce fichier pour le réécrire";
    NotCanonicalMany: "{0} files are not in canonical form\n  = help: run `parcours fmt --write` on them to rewrite them",
        "{0} fichiers ne sont pas en forme canonique\n  = aide : lancez `parcours fmt --write` sur ces fichiers pour les réécrire";
    // The command line's own errors (frcli): `Error` goes around each, the others are its
    // text; `In…` reading inputs, `Out…` writing outputs, `Arg…` the arguments given.
    Error: "error: {0}", "erreur : {0}";
    Help: "\n  = help: {0}", "\n  = aide : {0}";
    At: "{0}: {1}", "{0} : {1}";
    InLine: "{0}: line {1}: {2}", "{0} : ligne {1} : {2}";
    InLineColumn: "{0}: line {1}, column {2}: {3}", "{0} : ligne {1}, colonne {2} : {3}";
    InColumn: "column `{0}`: {1}", "colonne `{0}` : {1}";
    Stdin: "standard input", "l'entrée standard";
    AndList: "{0} and {1}", "{0} et {1}";
    Tab: "tab", "tabulation";
    // Why a file cannot be read or written: the kinds of `std::io::ErrorKind` said in words;
    // other kinds keep the operating system's own text.
    IoNotFound: "no such file\n  = help: check the path (relative to the directory parcours runs in)",
        "fichier introuvable\n  = aide : vérifiez le chemin (relatif au dossier où parcours est lancé)";
    IoNoDirectory: "its directory does not exist\n  = help: create the directory first, or give another path",
        "son dossier n'existe pas\n  = aide : créez d'abord le dossier, ou donnez un autre chemin";
    IoDenied: "permission denied\n  = help: check the file's permissions",
        "permission refusée\n  = aide : vérifiez les droits sur le fichier";
    IoIsDirectory: "it is a directory, not a file\n  = help: give the path of a file",
        "c'est un dossier, pas un fichier\n  = aide : donnez le chemin d'un fichier";
    InCannotRead: "cannot read `{0}`: {1}", "impossible de lire `{0}` : {1}";
    InCannotReadStdin: "cannot read standard input: {0}", "impossible de lire l'entrée standard : {0}";
    InTestFile: "cannot read test file `{0}`: {1}", "impossible de lire le fichier de tests `{0}` : {1}";
    InNoTestFile: "no test file names `{0}`\n  = help: give the test files, or put them in `cases/` beside the networks' directory with \"network\" naming this file",
        "aucun fichier de tests ne nomme `{0}`\n  = aide : donnez les fichiers de tests, ou placez-les dans `cases/` à côté du dossier des réseaux, leur champ \"network\" nommant ce fichier";
    // Tables (CSV): the header, the delimiter, the records, the numbers.
    InFieldCount: "the line has {0} fields, the header {1}\n  = help: put in double quotes a value that holds the delimiter",
        "la ligne compte {0} champs, l'en-tête {1}\n  = aide : mettez entre guillemets droits une valeur qui contient le délimiteur";
    InColumnTwice: "column `{0}` appears twice\n  = help: keep one", "la colonne `{0}` figure deux fois\n  = aide : gardez-en une";
    InMissingColumn: "missing column `{0}`{1}", "colonne `{0}` manquante{1}";
    InMissingDate: "missing column `date`\n  = help: add a `date` column (YYYY-MM-DD), or give --date for every case",
        "colonne `date` manquante\n  = aide : ajoutez une colonne `date` (AAAA-MM-JJ), ou donnez --date pour tous les cas";
    InTravelColumns: "missing column `from` or `to`\n  = help: travel matrix columns are `from,to,km,minutes` (`km` or `minutes` may be empty)",
        "colonne `from` ou `to` manquante\n  = aide : les colonnes d'une matrice de trajets sont `from,to,km,minutes` (`km` ou `minutes` peuvent rester vides)";
    InMissingOriginId: "missing column `id`{0}\n  = help: origin columns are {1}",
        "colonne `id` manquante{0}\n  = aide : les colonnes des origines sont {1}";
    InSiteColumn: "the column `site` is now `origin` (a site or location id), as in Python's Engine.coverage\n  = help: rename the column `site` to `origin`",
        "la colonne `site` s'appelle désormais `origin` (un identifiant d'établissement ou de lieu), comme dans Engine.coverage en Python\n  = aide : renommez la colonne `site` en `origin`";
    InOriginAndCommune: "columns `origin` and `commune` both give the origin: keep one",
        "les colonnes `origin` et `commune` donnent toutes deux l'origine : gardez-en une";
    InMissingOrigin: "missing column `origin` or `commune` (or the columns `lat` and `lon`){0}",
        "colonne `origin` ou `commune` manquante (ou les colonnes `lat` et `lon`){0}";
    InHintTabs: "the header holds tabs: give --delimiter tab",
        "l'en-tête contient des tabulations : donnez --delimiter tab";
    InHintDelimiter: "the header holds `{0}`: give --delimiter '{0}'",
        "l'en-tête contient `{0}` : donnez --delimiter '{0}'";
    InBadDelimiter: "`{0}` is not a delimiter parcours reads: give ',', ';' or tab",
        "`{0}` n'est pas un délimiteur que parcours lit : donnez ',', ';' ou tab";
    InDelimiterOnce: "{0} once", "{0} une fois";
    InDelimiterTimes: "{0} {1} times", "{0} {1} fois";
    InAmbiguousDelimiter: "cannot tell which delimiter separates the columns: the header line holds {0}\n  = help: {1}",
        "impossible de savoir quel délimiteur sépare les colonnes : la ligne d'en-tête contient {0}\n  = aide : {1}";
    InDelimiterFlagHelp: "give {0} ';' (or ',' or tab) to say which separates the columns",
        "donnez {0} ';' (ou ',' ou tab) pour dire lequel sépare les colonnes";
    InDelimiterHelp: "separate the columns with one of `,`, `;` or tab, and no other in the header",
        "séparez les colonnes par un seul de `,`, `;` ou la tabulation, et aucun autre dans l'en-tête";
    InDecimalComma: "`{0}` is not a number: a decimal comma in a `,`-delimited file is ambiguous; write `{1}`, or delimit the file with `;`",
        "`{0}` n'est pas un nombre : une virgule décimale dans un fichier délimité par `,` est ambiguë ; écrivez `{1}`, ou délimitez le fichier par `;`";
    InDecimalAmbiguous: "`{0}` is ambiguous: write one decimal separator (`,` or `.`) and no thousands separator",
        "`{0}` est ambigu : écrivez un seul séparateur décimal (`,` ou `.`) et aucun séparateur de milliers";
    InNotNumber: "`{0}` is not a number (write e.g. `48.11` or, in a {1}-delimited file, `48,11`)",
        "`{0}` n'est pas un nombre (écrivez par exemple `48.11` ou, dans un fichier délimité par {1}, `48,11`)";
    // Cases and origins.
    InCasesEmpty: "{0} is empty\n  = help: give cases as CSV with a header line, or as JSON",
        "{0} est vide\n  = aide : donnez les cas en CSV avec une ligne d'en-tête, ou en JSON";
    InOriginsEmpty: "{0} is empty\n  = help: give origins as CSV with a header line: {1}",
        "{0} est vide\n  = aide : donnez les origines en CSV avec une ligne d'en-tête : {1}";
    InCasesNotArray: "`/cases` must be an array\n  = help: give `cases` as a list of test cases, each with its `case`",
        "`/cases` doit être une liste\n  = aide : donnez `cases` comme une liste de cas de test, chacun avec son `case`";
    InCasesShape: "expected an array of cases, a case, or a case file with `cases`",
        "forme attendue : une liste de cas, un cas, ou un fichier de cas avec `cases`";
    InNoDate: "no date: give the case a `date` (YYYY-MM-DD), or give --date for the cases without one",
        "pas de date : donnez au cas une `date` (AAAA-MM-JJ), ou donnez --date pour les cas qui n'en ont pas";
    InNoOrigin: "no origin: give `origin` (a site or location id), `commune`, `postal_code`, `finess`, or `lat` and `lon`",
        "pas d'origine : donnez `origin` (un identifiant d'établissement ou de lieu), `commune`, `postal_code`, `finess`, ou `lat` et `lon`";
    InTwoOrigins: "columns `{0}` and `{1}` both give the origin: leave one empty",
        "les colonnes `{0}` et `{1}` donnent toutes deux l'origine : laissez-en une vide";
    InNotBool: "`{0}` is not true or false", "`{0}` n'est pas un booléen : écrivez true, false, oui ou non";
    InNotAge: "`{0}` is not an age in years", "`{0}` n'est pas un âge en années";
    InDiffCase: "{0}\n  = help: every case must be readable to compare two networks",
        "{0}\n  = aide : tous les cas doivent être lisibles pour comparer deux réseaux";
    InNoCommuneIn: "no commune of the reference is in département(s) {0}\n  = help: give département codes as INSEE writes them (`52`, `2A`, `971`)",
        "aucune commune du référentiel n'est dans le(s) département(s) {0}\n  = aide : donnez les codes de département comme l'INSEE les écrit (`52`, `2A`, `971`)";
    InChangedName: "{0} with {1}", "{0} avec {1}";
    // Writing.
    OutCannotWrite: "cannot write `{0}`: {1}", "impossible d'écrire `{0}` : {1}";
    OutCannotWriteStdout: "cannot write to standard output: {0}", "impossible d'écrire sur la sortie standard : {0}";
    OutCannotWriteToml: "cannot write `{0}` as TOML: {1}", "impossible d'écrire `{0}` en TOML : {1}";
    OutJson: "cannot write JSON: {0}", "impossible d'écrire le JSON : {0}";
    OutCsv: "cannot write CSV: {0}", "impossible d'écrire le CSV : {0}";
    // The arguments given.
    ArgInvalid: "invalid value `{0}` for `{1}`: {2}{3}", "valeur invalide `{0}` pour `{1}` : {2}{3}";
    ArgNotNumber: "not a number", "ce n'est pas un nombre";
    ArgOneOf: "expected one of {0}", "valeurs possibles : {0}";
    ArgDidYouMean: "did you mean `{0}`?", "vouliez-vous dire `{0}` ?";
    ArgOrigins: "give an `ORIGINS` file, or `--communes` for the communes of a reference",
        "donnez un fichier `ORIGINS`, ou `--communes` pour les communes d'un référentiel";
    ArgDiffChanges: "with `--changes`, give `BEFORE CASES` (two files)",
        "avec `--changes`, donnez `BEFORE CASES` (deux fichiers)";
    ArgDiffFiles: "give `BEFORE AFTER CASES` (three files), or `BEFORE CASES` with `--changes`",
        "donnez `BEFORE AFTER CASES` (trois fichiers), ou `BEFORE CASES` avec `--changes`";
    ArgStructureChanges: "with `--structure` and `--changes`, give `BEFORE` only (one file)",
        "avec `--structure` et `--changes`, donnez seulement `BEFORE` (un fichier)";
    ArgStructureFiles: "with `--structure`, give `BEFORE AFTER` (two network files)\n  = help: the routing diff takes `BEFORE AFTER CASES`, without `--structure`",
        "avec `--structure`, donnez `BEFORE AFTER` (deux fichiers de réseau)\n  = aide : la comparaison des orientations prend `BEFORE AFTER CASES`, sans `--structure`";
    ArgToBeforeFrom: "`--to {0}` is before `--from {1}`\n  = help: give the earlier date to `--from`",
        "`--to {0}` précède `--from {1}`\n  = aide : donnez la date la plus ancienne à `--from`";
    ArgShowCommune: "`show commune` needs the commune reference\n  = help: add --communes examples/reference/communes.csv (or your own, same columns)",
        "`show commune` demande le référentiel des communes\n  = aide : ajoutez --communes examples/reference/communes.csv (ou le vôtre, mêmes colonnes)";
    ArgGiveFile: "give a file", "donnez un fichier";
    ArgExtractOneFile: "the semicolon extract is one file; an activities file goes with the JSON flux",
        "l'extraction délimitée par `;` tient en un fichier ; un fichier d'activités va avec le flux JSON";
    // The progress bar of long runs (indicatif's named holes stay as they are).
    Progress: "routing {bar:40} {pos}/{len} cases ({per_sec}, {eta} left)",
        "orientation {bar:40} {pos}/{len} cas ({per_sec}, reste {eta})";
}

/// The register and FHIR importers' texts ([`ImportMsg`]) with their values: a text of a
/// table the WebAssembly module does not build (the importers are not in it).
#[cfg(any(feature = "registers", feature = "fhir"))]
mod import_texts {
    use super::{Lang, fill, slice};

    catalogue! {
        /// A text of the FINESS register and FHIR importers (`parcours::registers`,
        /// `parcours::fhir`): their problems and hints. A table of its own, built only with
        /// those features, so that the WebAssembly module never carries it. The doc of each
        /// key is its English text.
        enum ImportMsg;
        // FINESS register (`parcours::registers`): numbers and codes.
        FinessKey: "FINESS {0} `{1}` fails its check key (Luhn)",
            "le numéro FINESS {0} `{1}` ne vérifie pas sa clé de contrôle (Luhn)";
        FinessKeyHint: "kept as the register gives it; `parcours check` reports it as P031",
            "gardé tel que le registre le donne ; `parcours check` le signale (P031)";
        BadFiness: "FINESS {0} `{1}` is not 9 letters or digits; record left out",
            "le numéro FINESS {0} `{1}` ne compte pas 9 lettres ou chiffres ; enregistrement écarté";
        BadFinessHint: "a FINESS number is exactly 9 letters or digits (`{0}`)",
            "un numéro FINESS compte exactement 9 lettres ou chiffres (`{0}`)";
        UnknownCodeOne: "{0} `{1}` is not in the mapping table ({2} record): {3}",
            "{0} `{1}` absent de la table de correspondance ({2} enregistrement) : {3}";
        UnknownCodeMany: "{0} `{1}` is not in the mapping table ({2} records): {3}",
            "{0} `{1}` absent de la table de correspondance ({2} enregistrements) : {3}";
        WhatLegalStatus: "legal status", "statut juridique";
        WhatGroupingType: "grouping type", "type de groupement";
        WhatOrganicType: "organic grouping type", "type de groupement organique";
        WhatRole: "membership role", "rôle de membre";
        WhatActivity: "activity ({0})", "activité ({0})";
        EffectLegalStatus: "imported as `private_non_profit` with the code in the note",
            "importé comme `private_non_profit`, le code en note";
        HintLegalStatus: "add a `statut` row to the mapping table",
            "ajoutez une ligne `statut` à la table de correspondance";
        EffectGroupingType: "imported as `alliance_convention`", "importé comme `alliance_convention`";
        HintGroupingType: "add a `gcc` row to the mapping table",
            "ajoutez une ligne `gcc` à la table de correspondance";
        EffectOrganicType: "imported as `gcs_moyens` with the code in the note",
            "importé comme `gcs_moyens`, le code en note";
        HintOrganicType: "add a `gco` row to the mapping table",
            "ajoutez une ligne `gco` à la table de correspondance";
        EffectRole: "imported as `member`", "importé comme `member`";
        HintRole: "roles are `S` (support) and `M`", "les rôles sont `S` (support) et `M`";
        EffectActivity: "no capability made", "aucune capacité créée";
        HintActivity: "add an `activite` row to the mapping table to map it to a filière and level",
            "ajoutez une ligne `activite` à la table de correspondance pour la rattacher à une filière et un niveau";
        // FINESS register: establishments, legal entities, groupings.
        DuplicateEt: "FINESS ET `{0}` appears twice; this establishment is left out",
            "le FINESS ET `{0}` figure deux fois ; cet établissement est écarté";
        DuplicateEj: "FINESS EJ `{0}` appears twice; the second is left out and its sites join the first",
            "le FINESS EJ `{0}` figure deux fois ; le second est écarté et ses établissements rejoignent le premier";
        SiteBadPosition: "establishment `{0}` ({1}): {2}; left out", "établissement `{0}` ({1}) : {2} ; écarté";
        SitePositionHint: "a site needs a location with WGS84 coordinates",
            "un établissement doit avoir un lieu aux coordonnées WGS84";
        NoCoordinatesOne: "{0} establishment without coordinates left out (FINESS ET {1}{2})",
            "{0} établissement sans coordonnées écarté (FINESS ET {1}{2})";
        NoCoordinatesMany: "{0} establishments without coordinates left out (FINESS ET {1}{2})",
            "{0} établissements sans coordonnées écartés (FINESS ET {1}{2})";
        NoCoordinatesHint: "a site needs a location; add it by hand, with coordinates from another source",
            "un établissement doit avoir un lieu : ajoutez-le à la main, avec des coordonnées d'une autre source";
        SiteNoEntity: "establishment `{0}` names legal entity `{1}`, not in the input; left out",
            "l'établissement `{0}` nomme l'entité juridique `{1}`, absente de l'entrée ; écarté";
        SiteNoEntityHint: "give the legal entities with their establishments",
            "donnez les entités juridiques avec leurs établissements";
        MissingEntityMember: "{0} `{1}` lists legal entity `{2}` as {3} but the input does not hold it; membership left out",
            "{0} `{1}` cite l'entité juridique `{2}` comme {3}, mais l'entrée ne la contient pas ; adhésion écartée";
        MissingSiteMember: "{0} `{1}` lists establishment `{2}` as {3} but the input does not hold it; membership left out",
            "{0} `{1}` cite l'établissement `{2}` comme {3}, mais l'entrée ne le contient pas ; adhésion écartée";
        MissingMemberHint: "import the whole register, or add the member by hand and merge (the flux names members by internal id, not FINESS number)",
            "importez tout le registre, ou ajoutez le membre à la main puis fusionnez (le flux nomme les membres par un identifiant interne, pas par leur numéro FINESS)";
        KindGht: "GHT", "le GHT";
        KindGcs: "GCS", "le GCS";
        KindGrouping: "grouping", "le groupement";
        AsSupport: "its support", "établissement support";
        AsParty: "a party", "partie";
        AsMember: "a member", "membre";
        UnattachedOne: "{0} authorisation held by legal entities with several sites, without the site: no capability made",
            "{0} autorisation détenue par des entités juridiques à plusieurs établissements, sans l'établissement : aucune capacité créée";
        UnattachedMany: "{0} authorisations held by legal entities with several sites, without the site: no capability made",
            "{0} autorisations détenues par des entités juridiques à plusieurs établissements, sans l'établissement : aucune capacité créée";
        UnattachedHint: "give the activities flux's `ege` part, which says where each is exercised",
            "donnez la partie `ege` du flux des activités, qui dit où chacune est exercée";
        // FINESS register: the JSON flux and the semicolon extract.
        BadCoordinates: "coordinates `{0}`, `{1}` are not a WGS84 latitude and longitude",
            "les coordonnées `{0}`, `{1}` ne sont pas une latitude et une longitude WGS84";
        JsonCut: "the file ends early: it was probably cut during download; fetch it again",
            "le fichier s'arrête trop tôt : il a sans doute été tronqué au téléchargement ; récupérez-le à nouveau";
        JsonBad: "the file is not valid JSON; check it is the FINESS JSON flux",
            "le fichier n'est pas du JSON valide ; vérifiez qu'il s'agit bien du flux JSON FINESS";
        JsonType: "the value does not have the type the FINESS flux schema v1 gives it",
            "la valeur n'a pas le type que lui donne le schéma v1 du flux FINESS";
        LineLeftOut: "the line is left out; the others are read", "la ligne est écartée ; les autres sont lues";
        ShortStructure: "`structureet` line has {0} fields, at least {1} expected (cut short?)",
            "la ligne `structureet` a {0} champs, au moins {1} attendus (tronquée ?)";
        ShortGeo: "`geolocalisation` line has {0} fields, at least {1} expected",
            "la ligne `geolocalisation` a {0} champs, au moins {1} attendus";
        UnknownEpsg: "coordinate system EPSG:{0} is unknown to the projection library",
            "le système de coordonnées EPSG:{0} est inconnu de la bibliothèque de projection";
        CannotReproject: "cannot reproject ({0}, {1}) from EPSG:{2}: {3}",
            "impossible de reprojeter ({0}, {1}) depuis EPSG:{2} : {3}";
        NotWgs84: "({0}, {1}) in EPSG:{2} does not reproject to a WGS84 position",
            "({0}, {1}) en EPSG:{2} ne donne pas une position WGS84";
        NoCrs: "line {0} names no coordinate system parcours knows (`{1}`)",
            "la ligne {0} ne nomme aucun système de coordonnées que parcours connaît (`{1}`)";
        CoordsNotNumbers: "line {0}: coordinates `{1}`, `{2}` are not numbers",
            "ligne {0} : les coordonnées `{1}`, `{2}` ne sont pas des nombres";
        UnknownLineKind: "unknown line kind `{0}`; `structureet` and `geolocalisation` are read",
            "type de ligne inconnu `{0}` ; seules `structureet` et `geolocalisation` sont lues";
        NotAnExtract: "no `structureet` line: this is not a FINESS establishment extract",
            "aucune ligne `structureet` : ce n'est pas un extrait FINESS des établissements";
        NotAnExtractHint: "the extract starts with `finess;etalab;...` and has one `structureet` line per establishment",
            "l'extrait commence par `finess;etalab;...` et compte une ligne `structureet` par établissement";
        UnclosedQuote: "a quoted field is not closed", "un champ entre guillemets n'est pas fermé";
        OrphanGeo: "`geolocalisation` line for establishment `{0}`, which has no `structureet` line",
            "ligne `geolocalisation` de l'établissement `{0}`, qui n'a pas de ligne `structureet`";
        // FINESS register: the mapping table.
        MappingHint: "see the header of the default table ({0} follows the same format)",
            "voyez l'en-tête de la table par défaut ({0} suit le même format)";
        MapUnknownRow: "unknown row kind `{0}` in mapping `{1}`",
            "type de ligne inconnu `{0}` dans la table de correspondance `{1}`";
        MapShortRow: "`{0}` row has {1} fields, {2} expected", "la ligne `{0}` a {1} champs, {2} attendus";
        MapFiliere: "a filière needs an id and at least one level",
            "une filière doit avoir un identifiant et au moins un niveau";
        MapActivity: "unknown activity `{0}`", "activité inconnue `{0}`";
        MapSiteKind: "unknown site kind `{0}`", "type d'établissement inconnu `{0}`";
        MapRange: "statut range `{0}`..`{1}` is not two numbers",
            "la plage de statuts `{0}`..`{1}` n'est pas faite de deux nombres";
        MapLegalStatus: "unknown legal status `{0}`", "statut juridique inconnu `{0}`";
        MapGroupingKind: "unknown grouping kind `{0}`", "type de groupement inconnu `{0}`";
        MapNoFiliere: "activity row names filière `{0}`, not defined",
            "la ligne d'activité nomme la filière `{0}`, qui n'est pas définie";
        MapNoFiliereHint: "add a `filiere` row for it", "ajoutez-lui une ligne `filiere`";
        MapNoLevel: "level `{0}` is not a level of filière `{1}`",
            "`{0}` n'est pas un niveau de la filière `{1}`";
        // FHIR import (`parcours::fhir::from_fhir_bundle`): the bundle as a whole.
        FhirTooBig: "input is {0} bytes, more than the {1} bytes a bundle may have",
            "l'entrée fait {0} octets, plus que les {1} octets permis pour un bundle";
        FhirTooBigHint: "split the bundle, or check that this is the right file",
            "découpez le bundle, ou vérifiez que c'est le bon fichier";
        FhirNotBundle: "expected a FHIR `Bundle`, found {0}", "il faut un `Bundle` FHIR, pas {0}";
        FhirAResource: "a `{0}`", "un `{0}`";
        FhirNoResourceType: "no `resourceType`", "un document sans `resourceType`";
        FhirNotBundleHint: "export a network with `parcours export fhir` to see the expected shape",
            "exportez un réseau avec `parcours export fhir` pour voir la forme attendue";
        FhirNotCollection: "bundle type is `{0}`, not `collection`",
            "le bundle est de type `{0}`, pas `collection`";
        FhirNoBundleType: "bundle has no `type`; `collection` expected",
            "le bundle n'a pas de `type` ; `collection` attendu";
        FhirNotCollectionHint: "parcours reads collection bundles (a set of resources describing one network)",
            "parcours lit les bundles de type `collection` (un ensemble de ressources qui décrivent un réseau)";
        FhirNoNetwork: "the bundle does not name its network", "le bundle ne nomme pas son réseau";
        FhirNoNetworkHint: "add `\"identifier\": {\"system\": \"{0}\", \"value\": \"<network id>\"}`",
            "ajoutez `\"identifier\": {\"system\": \"{0}\", \"value\": \"<id du réseau>\"}`";
        FhirNoResource: "bundle entry has no `resource` object",
            "l'entrée du bundle n'a pas d'objet `resource`";
        FhirNoResourceHint: "each entry holds one resource under `resource`",
            "chaque entrée contient une ressource sous `resource`";
        FhirNetworkField: "{0} (network field `{1}`)", "{0} (champ `{1}` du réseau)";
        // FHIR import: members, references and codes of a resource.
        FhirWhatOrganization: "organization `{0}`", "l'organisation `{0}`";
        FhirWhatLocation: "location `{0}`", "le lieu `{0}`";
        FhirWhatAffiliation: "organization affiliation", "l'affiliation d'organisation";
        FhirWhatService: "healthcare service", "le service de santé";
        FhirWhatHolder: "authorisation holder", "le titulaire de l'autorisation";
        FhirNotString: "`{1}` of {0} must be a string", "{0} : `{1}` doit être une chaîne de caractères";
        FhirNotStringHint: "write it as a JSON string", "écrivez-le comme une chaîne JSON";
        FhirMissingMember: "{0} has no `{1}`", "{0} n'a pas de `{1}`";
        FhirMissingMemberHint: "add `{0}`: parcours needs it", "ajoutez `{0}` : parcours en a besoin";
        FhirNoId: "resource has neither a parcours identifier nor an `id`",
            "la ressource n'a ni identifiant parcours ni `id`";
        FhirNoIdHint: "add an identifier with system `{0}` or an `id`",
            "ajoutez un identifiant de système `{0}` ou un `id`";
        FhirNoReference: "{0}: `{1}` is missing", "{0} : `{1}` manque";
        FhirNoReferenceHint: "add `{0}` with a `reference` to a resource of this bundle",
            "ajoutez `{0}` avec une `reference` vers une ressource de ce bundle";
        FhirReferenceNoText: "reference has no `reference` text",
            "la référence n'a pas de texte `reference`";
        FhirReferenceNoTextHint: "write `{\"reference\": \"Organization/<id>\"}` or the entry's fullUrl",
            "écrivez `{\"reference\": \"Organization/<id>\"}` ou le fullUrl de l'entrée";
        FhirDangling: "reference `{0}` names no resource of the bundle",
            "la référence `{0}` ne nomme aucune ressource du bundle";
        FhirDanglingHint: "references must name an entry of the bundle by `Type/id` or by its fullUrl",
            "une référence doit nommer une entrée du bundle par `Type/id` ou par son fullUrl";
        FhirNotOrganization: "{0}: `{1}` must name an Organization",
            "{0} : `{1}` doit nommer une Organization";
        FhirNotOrganizationHint: "point it to an Organization entry",
            "faites pointer la référence vers une entrée Organization";
        FhirSiteOrganizationHint: "point it to the site's Organization",
            "faites pointer la référence vers l'Organization de l'établissement";
        FhirWrongKind: "{0}: `{1}` names `{2}`, which is {3}", "{0} : `{1}` nomme `{2}`, qui est {3}";
        FhirWrongKindHint: "it must name {0}", "la référence doit nommer {0}";
        FhirOr: "{0} or {1}", "{0} ou {1}";
        FhirALegalEntity: "a legal entity", "une entité juridique";
        FhirASite: "a site", "un établissement";
        FhirAGrouping: "a grouping", "un groupement";
        FhirUnknownCode: "unknown {0} `{1}`", "{0} : code `{1}` inconnu";
        FhirUnknownCodeHint: "use one of the codes listed in docs/fhir.md",
            "utilisez l'un des codes listés dans docs/fhir.md";
        FhirCodeGroupingKind: "grouping kind", "type de groupement";
        FhirCodeRole: "role", "rôle";
        FhirCodeActivity: "activity", "activité";
        FhirCodePrecision: "date precision", "précision de date";
        FhirCodeStatus: "validity status", "statut de validité";
        FhirCodeSiteKind: "site kind", "type d'établissement";
        FhirAddCodingFor: "add a `{0}` coding of `{1}` ({2})", "ajoutez un codage `{0}` de `{1}` ({2})";
        FhirAddCoding: "add a `{0}` coding of `{1}`", "ajoutez un codage `{0}` de `{1}`";
        // FHIR import: dates and periods.
        FhirDateHint: "write a FHIR date: YYYY, YYYY-MM or YYYY-MM-DD (years 1000 to 9999)",
            "écrivez une date FHIR : AAAA, AAAA-MM ou AAAA-MM-JJ (années 1000 à 9999)";
        FhirPeriodNotObject: "a period must be an object", "une période doit être un objet";
        FhirPeriodNotObjectHint: "write `{\"start\": \"YYYY-MM-DD\", \"end\": \"YYYY-MM-DD\"}`",
            "écrivez `{\"start\": \"AAAA-MM-JJ\", \"end\": \"AAAA-MM-JJ\"}`";
        FhirPeriodNotString: "period `{0}` must be a string",
            "`{0}` de la période doit être une chaîne de caractères";
        FhirNoValuePeriod: "period extension has no `valuePeriod`",
            "l'extension de période n'a pas de `valuePeriod`";
        FhirNoValuePeriodHint: "give the period as `valuePeriod`", "donnez la période dans `valuePeriod`";
        // FHIR import: organisations, locations, services, filières.
        FhirUnclassified: "cannot tell whether this Organization is a legal entity, a site or a grouping",
            "impossible de dire si cette Organization est une entité juridique, un établissement ou un groupement";
        FhirUnclassifiedHint: "give it a `type` coding of `{0}` (`LEGAL-ENTITY`, `GEOGRAPHICAL-ENTITY`, `GHT`, `GROUP`) or of `{1}`",
            "donnez-lui un codage `type` de `{0}` (`LEGAL-ENTITY`, `GEOGRAPHICAL-ENTITY`, `GHT`, `GROUP`) ou de `{1}`";
        FhirFinessHint: "a FINESS number is 9 letters or digits, as in the FINESS register",
            "un numéro FINESS compte 9 lettres ou chiffres, comme dans le répertoire FINESS";
        FhirNoLegalStatus: "legal entity `{0}` has no legal status",
            "l'entité juridique `{0}` n'a pas de statut juridique";
        FhirNoSiteKind: "site `{0}` has no site kind", "l'établissement `{0}` n'a pas de type d'établissement";
        FhirNoLocation: "site `{0}` has no Location", "l'établissement `{0}` n'a pas de Location";
        FhirNoLocationHint: "add a Location with `managingOrganization` pointing to this Organization and a `position`",
            "ajoutez une Location dont `managingOrganization` pointe vers cette Organization, avec une `position`";
        FhirNoPosition: "{0} has no WGS84 position (latitude and longitude)",
            "{0} n'a pas de position WGS84 (latitude et longitude)";
        FhirNoPositionHint: "add `\"position\": {\"latitude\": 48.11, \"longitude\": 5.14}`",
            "ajoutez `\"position\": {\"latitude\": 48.11, \"longitude\": 5.14}`";
        FhirLocationDiffers: "{0} differs from the Location at `{1}` with the same parcours identifier",
            "{0} diffère de la Location en `{1}`, qui a le même identifiant parcours";
        FhirLocationDiffersHint: "Locations sharing a parcours identifier are one place: give them the same name, position and INSEE code",
            "des Locations au même identifiant parcours sont un seul lieu : donnez-leur le même nom, la même position et le même code INSEE";
        FhirNoRole: "organization affiliation has no parcours role",
            "l'affiliation d'organisation n'a pas de rôle parcours";
        FhirNoFiliere: "healthcare service has no filière", "le service de santé n'a pas de filière";
        FhirNoLevel: "healthcare service has no level of filière `{0}`",
            "le service de santé n'a pas de niveau de la filière `{0}`";
        FhirConceptNoCode: "filière concept has no `code`", "un concept de filière n'a pas de `code`";
        FhirConceptNoCodeHint: "give each concept its filière id as `code`",
            "donnez à chaque concept l'identifiant de sa filière dans `code`";
        FhirNoLevels: "filière `{0}` has no CodeSystem of levels in the bundle",
            "la filière `{0}` n'a pas de CodeSystem de niveaux dans le bundle";
        FhirNoLevelsHint: "add a CodeSystem with url `{0}` listing its levels, lowest first",
            "ajoutez un CodeSystem d'url `{0}` qui liste ses niveaux, du plus bas au plus haut";
        // FINESS merge (`parcours::registers::merge`): conflicts.
        MergeLegalStatus: "legal entity `{0}` (FINESS EJ {1}): the network says `{2}`, the register `{3}`",
            "entité juridique `{0}` (FINESS EJ {1}) : le réseau dit `{2}`, le registre `{3}`";
        MergeSiren: "legal entity `{0}`: SIREN `{1}` in the network, `{2}` in the register",
            "entité juridique `{0}` : SIREN `{1}` dans le réseau, `{2}` dans le registre";
        MergeSiteFact: "site `{0}` (FINESS ET {1}): {2} `{3}` in the network, `{4}` in the register",
            "établissement `{0}` (FINESS ET {1}) : {2} `{3}` dans le réseau, `{4}` dans le registre";
        MergeFieldCategory: "category", "catégorie";
        MergeFieldCommune: "commune", "commune";
        MergeFieldLegalEntity: "legal entity", "entité juridique";
        MergeIdClashEntity: "id `{0}` is already used in the network; the register's legal entity is left out",
            "l'identifiant `{0}` est déjà pris dans le réseau ; l'entité juridique du registre est écartée";
        MergeIdClashSite: "id `{0}` is already used in the network; the register's site is left out",
            "l'identifiant `{0}` est déjà pris dans le réseau ; l'établissement du registre est écarté";
        MergeIdClashGrouping: "id `{0}` is already used in the network; the register's grouping is left out",
            "l'identifiant `{0}` est déjà pris dans le réseau ; le groupement du registre est écarté";
        MergeIdClashFiliere: "id `{0}` is already used in the network; the register's filière is left out",
            "l'identifiant `{0}` est déjà pris dans le réseau ; la filière du registre est écartée";
        MergeGroupingKind: "grouping id `{0}` is already used by a grouping of another kind; the register's is left out",
            "l'identifiant de groupement `{0}` est déjà pris par un groupement d'un autre type ; celui du registre est écarté";
        MergeLevels: "filière `{0}` has levels `{1}` in the network and `{2}` in the mapping table; the network's are kept",
            "la filière `{0}` a les niveaux `{1}` dans le réseau et `{2}` dans la table de correspondance ; ceux du réseau sont gardés";
        MergeCapability: "site `{0}` has `{1}` at level `{2}` in the network, `{3}` from the register's authorisation; the network's is kept",
            "l'établissement `{0}` a `{1}` au niveau `{2}` dans le réseau, `{3}` d'après l'autorisation du registre ; celui du réseau est gardé";
    }

    impl ImportMsg {
        /// The template in `lang`, with its numbered holes.
        pub fn template(self, lang: Lang) -> &'static str {
            slice(&Self::JOINED, Self::LENS, self as usize, lang)
        }
    }

    /// A value of an [`ImportText`]: as given, or a text of the importers' table.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub(crate) enum IArg {
        /// A value, the same in every language.
        Plain(String),
        /// Words rendered in the language asked for.
        Msg(ImportMsg),
        /// A text with values of its own, rendered in the language asked for.
        Text(ImportText),
        /// A text of the main catalogue ([`super::Msg`]), rendered in the language asked
        /// for: a problem of the network validation that an importer words again.
        #[cfg_attr(
            not(feature = "fhir"),
            allow(
                dead_code,
                reason = "only the FHIR importer words validation problems again"
            )
        )]
        Core(super::Text),
    }

    impl From<&str> for IArg {
        fn from(s: &str) -> Self {
            Self::Plain(s.to_owned())
        }
    }
    impl From<String> for IArg {
        fn from(s: String) -> Self {
            Self::Plain(s)
        }
    }
    impl From<&String> for IArg {
        fn from(s: &String) -> Self {
            Self::Plain(s.clone())
        }
    }
    impl From<usize> for IArg {
        fn from(n: usize) -> Self {
            Self::Plain(n.to_string())
        }
    }
    impl From<ImportMsg> for IArg {
        fn from(m: ImportMsg) -> Self {
            Self::Msg(m)
        }
    }
    impl From<ImportText> for IArg {
        fn from(t: ImportText) -> Self {
            Self::Text(t)
        }
    }

    /// A text of the importers with its values, rendered in a language when asked.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct ImportText {
        msg: ImportMsg,
        args: Box<[IArg]>,
    }

    impl ImportText {
        /// A text with its values.
        pub(crate) fn new(msg: ImportMsg, args: Vec<IArg>) -> Self {
            Self {
                msg,
                args: args.into_boxed_slice(),
            }
        }

        /// The text in `lang`.
        pub fn render(&self, lang: Lang) -> String {
            let args: Vec<String> = self
                .args
                .iter()
                .map(|a| match a {
                    IArg::Plain(s) => s.clone(),
                    IArg::Msg(m) => m.template(lang).to_owned(),
                    IArg::Text(t) => t.render(lang),
                    IArg::Core(t) => t.render(lang),
                })
                .collect();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            fill(self.msg.template(lang), &args)
        }
    }

    /// An [`ImportText`]: `itext!(Key, value, …)`, each value a `&str`, `String`, `usize` or
    /// [`ImportMsg`].
    macro_rules! itext {
        ($key:ident $(, $arg:expr)* $(,)?) => {
            $crate::messages::ImportText::new(
                $crate::messages::ImportMsg::$key,
                vec![$($crate::messages::IArg::from($arg)),*],
            )
        };
    }
    pub(crate) use itext;
}
#[cfg(any(feature = "registers", feature = "fhir"))]
pub(crate) use import_texts::{IArg, itext};
#[cfg(any(feature = "registers", feature = "fhir"))]
pub use import_texts::{ImportMsg, ImportText};

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The numbered holes of a template, sorted.
    fn holes(t: &str) -> Vec<u8> {
        let b = t.as_bytes();
        let mut h: Vec<u8> = b
            .windows(3)
            .filter(|w| w[0] == b'{' && w[1].is_ascii_digit() && w[2] == b'}')
            .map(|w| w[1])
            .collect();
        h.sort_unstable();
        h.dedup();
        h
    }

    /// Keys whose text is the same in both languages (French domain words).
    const SAME_IN_BOTH: &[Msg] = &[
        Msg::CaseFiliere,
        Msg::StatusPublic,
        Msg::Sample,
        // Load problems: a value slot, and words French shares.
        Msg::PtrCode,
        Msg::NounSource,
        Msg::NounFiliere,
    ];

    #[test]
    fn every_message_has_both_languages_with_the_same_holes() {
        assert_eq!(Msg::ALL.len(), Msg::LENS.len());
        for (i, &m) in Msg::ALL.iter().enumerate() {
            assert_eq!(m as usize, i);
            let en = m.template(Lang::En);
            let fr = m.template(Lang::Fr);
            assert!(!en.trim().is_empty(), "{m:?} has no English text");
            assert!(!fr.trim().is_empty(), "{m:?} has no French text");
            if !SAME_IN_BOTH.contains(&m) {
                assert_ne!(en, fr, "{m:?}: the French text is the English one");
            }
            assert_eq!(
                holes(en),
                holes(fr),
                "{m:?}: English and French fill different holes"
            );
            // Holes are numbered from 0 without gaps, so `fill` gets every value.
            let h = holes(en);
            assert!(
                h.iter()
                    .enumerate()
                    .all(|(i, &d)| usize::from(d - b'0') == i),
                "{m:?}"
            );
        }
    }

    #[test]
    fn every_code_and_reason_has_both_languages() {
        use crate::route::{ReasonCode as R, Rejection as J};
        // Every code: its summary from the catalogue, each with French.
        for &code in crate::Code::ALL {
            let en = code_summary(code.as_str(), Lang::En);
            assert_eq!(en, Some(code.summary(Lang::En)), "{code}");
            let fr = code.summary(Lang::Fr);
            assert!(
                !fr.is_empty() && Some(fr) != en,
                "{code} has no French summary"
            );
        }
        // Every reason, rejection and step: `msg` is an exhaustive match, so a new variant
        // without a catalogue key does not compile; its texts differ by language.
        let reasons = R::ALL_FOR_TESTS;
        for r in reasons {
            assert_ne!(r.describe_in(Lang::En), r.describe_in(Lang::Fr), "{r:?}");
            assert_eq!(r.describe(), r.describe_in(Lang::En));
        }
        // The JSON Schema lists every reason: the list above is complete.
        let schema = serde_json::to_value(schemars::schema_for!(R)).unwrap();
        let mut named: Vec<String> = Vec::new();
        collect_names(&schema, &mut named);
        named.sort();
        let mut listed: Vec<String> = reasons
            .iter()
            .map(|r| {
                serde_json::to_value(r)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        listed.sort();
        assert_eq!(named, listed, "a reason is missing from this test's list");
        for r in [
            J::LessPreferred,
            J::LevelTooLow,
            J::NotAuthorised,
            J::TooFar,
            J::MembershipNotInForce,
            J::SiteNotInForce,
            J::Excluded,
        ] {
            assert_ne!(r.describe_in(Lang::En), r.describe_in(Lang::Fr), "{r:?}");
        }
    }

    /// The values an enum's JSON Schema allows (`enum` lists and `const`s); `labels`' tests
    /// use it too.
    pub(crate) fn collect_names(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                for (k, x) in m {
                    match (k.as_str(), x) {
                        ("enum", serde_json::Value::Array(a)) => {
                            out.extend(a.iter().filter_map(|s| s.as_str().map(str::to_owned)));
                        }
                        ("const", serde_json::Value::String(s)) => out.push(s.clone()),
                        _ => collect_names(x, out),
                    }
                }
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| collect_names(x, out)),
            _ => {}
        }
    }

    /// CLI texts that are the same in both languages (column names shared with CSV, domain
    /// words).
    const CLI_SAME_IN_BOTH: &[CliMsg] = &[
        CliMsg::ColDate,
        CliMsg::ColDescription,
        CliMsg::EntitySource,
        CliMsg::EntityFiliere,
        CliMsg::ColId,
        CliMsg::ColPopulation,
        CliMsg::ShowCommune,
        CliMsg::ShowFinessEj,
        CliMsg::ShowFinessEt,
        CliMsg::ShowInsee,
        CliMsg::ShowMentions,
        CliMsg::ShowVia,
        CliMsg::CellNational,
    ];

    #[test]
    fn every_cli_text_has_both_languages_with_the_same_holes() {
        assert_eq!(CliMsg::ALL.len(), CliMsg::LENS.len());
        for (i, &m) in CliMsg::ALL.iter().enumerate() {
            assert_eq!(m as usize, i);
            let (en, fr) = (m.template(Lang::En), m.template(Lang::Fr));
            assert!(!en.trim().is_empty() && !fr.trim().is_empty(), "{m:?}");
            if !CLI_SAME_IN_BOTH.contains(&m) {
                assert_ne!(en, fr, "{m:?}: the French text is the English one");
            }
            assert_eq!(holes(en), holes(fr), "{m:?}");
        }
        assert_eq!(
            CliMsg::DiffTitle.fill(Lang::Fr, &["2", "10"]),
            "2 cas sur 10 changent de cible"
        );
    }

    #[test]
    fn fill_replaces_numbered_holes_in_any_order() {
        assert_eq!(fill("{1} then {0}", &["a", "b"]), "b then a");
        assert_eq!(fill("`{0}` {x} {", &["v"]), "`v` {x} {");
        assert_eq!(fill("{0}{0}", &["é"]), "éé");
        assert_eq!(fill("{3}", &[]), "");
    }

    #[test]
    fn languages_parse_and_name_the_bad_value() {
        assert_eq!("fr".parse::<Lang>(), Ok(Lang::Fr));
        assert_eq!(" en ".parse::<Lang>(), Ok(Lang::En));
        let e = "français".parse::<Lang>().unwrap_err().to_string();
        assert!(
            e.contains("`français`") && e.contains("`en`") && e.contains("`fr`"),
            "{e}"
        );
        assert_eq!(Lang::default(), Lang::En);
        assert_eq!(serde_json::to_string(&Lang::Fr).unwrap(), "\"fr\"");
    }
}
