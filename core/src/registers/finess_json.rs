//! The official FINESS JSON flux (schema v1): `structures` and `activites`.
//!
//! Field names follow the published JSON Schemas (`schema-structures-v1.json`,
//! `schema-activites-v1-0-1.json` of `ansforge/finess`). Unknown fields are ignored, so that a
//! later minor version of the flux still reads; missing optional fields are absent. Codes are
//! strings, as in the flux.

// Field names are the flux's own (`nomGcc`, `pmejDuGcc`…), repeated from the object names.
#![allow(clippy::struct_field_names)]

use std::borrow::Cow;

use serde::Deserialize;

use crate::error::{Error, Problem};

use super::build::{
    GroupingOrigin, Holder, MemberRef, Place, Raw, RawActivity, RawEntity, RawGrouping, RawMember,
    RawSite, build, date,
};
use super::{Import, ImportOptions, codes, input_error};

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Structures<'a> {
    #[serde(borrow)]
    schema_version: Option<Cow<'a, str>>,
    #[serde(borrow)]
    generated_at: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pmej: Vec<Pmej<'a>>,
    #[serde(borrow)]
    gcc: Vec<Gcc<'a>>,
    #[serde(borrow)]
    gco: Vec<Gco<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Pmej<'a> {
    #[serde(rename = "informationsGeneralesPMEJ")]
    #[serde(borrow)]
    info: PmejInfo<'a>,
    #[serde(borrow)]
    adresse: Vec<Adresse<'a>>,
    #[serde(borrow)]
    ege: Vec<Ege<'a>>,
    #[serde(borrow)]
    etat_objet: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct PmejInfo<'a> {
    #[serde(borrow)]
    pm_smsse_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    date_fermeture: Option<Cow<'a, str>>,
    #[serde(borrow)]
    denomination_longue_pm_smsse: Option<Cow<'a, str>>,
    #[serde(borrow)]
    denomination_pm: Option<Cow<'a, str>>,
    #[serde(borrow)]
    num_finess_pm: Option<Cow<'a, str>>,
    #[serde(borrow)]
    siren: Option<Cow<'a, str>>,
    #[serde(borrow)]
    statut_juridique: Option<Cow<'a, str>>,
    #[serde(borrow)]
    type_groupe_gco: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Adresse<'a> {
    #[serde(borrow)]
    cog_commune: Option<Cow<'a, str>>,
    #[serde(borrow)]
    ligne_acheminement: Option<Cow<'a, str>>,
    #[serde(borrow)]
    coordonnees_geographique: Option<Coordonnees<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Coordonnees<'a> {
    #[serde(borrow)]
    direction_latitude: Option<Cow<'a, str>>,
    #[serde(borrow)]
    direction_longitude: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Evenement<'a> {
    #[serde(borrow)]
    date_evenement: Option<Cow<'a, str>>,
    #[serde(borrow)]
    code_evenement: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Ege<'a> {
    #[serde(rename = "informationsGeneralesEGE")]
    #[serde(borrow)]
    info: EgeInfo<'a>,
    #[serde(borrow)]
    categorieentite_geographique_exercice: Option<Cow<'a, str>>,
    #[serde(borrow)]
    adresse: Vec<Adresse<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct EgeInfo<'a> {
    #[serde(borrow)]
    ege_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    date_fermeture: Option<Cow<'a, str>>,
    #[serde(borrow)]
    date_ouverture: Option<Cow<'a, str>>,
    #[serde(borrow)]
    nom_ege_court: Option<Cow<'a, str>>,
    #[serde(borrow)]
    nom_ege_long: Option<Cow<'a, str>>,
    #[serde(borrow)]
    num_finess_ege: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Relation<'a> {
    #[serde(borrow)]
    pm_smsse_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    ege_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    type_role_entite_groupe: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Gcc<'a> {
    #[serde(borrow)]
    gcc_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    nom_gcc: Option<Cow<'a, str>>,
    #[serde(borrow)]
    type_gcc: Option<Cow<'a, str>>,
    #[serde(borrow)]
    gcc_identifiant_externe: Option<Cow<'a, str>>,
    #[serde(borrow)]
    evenement: Vec<Evenement<'a>>,
    #[serde(borrow)]
    pmej_du_gcc: Vec<Relation<'a>>,
    #[serde(borrow)]
    ege_du_gcc: Vec<Relation<'a>>,
    #[serde(borrow)]
    etat_objet: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Gco<'a> {
    #[serde(borrow)]
    pm_smsse_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    type_gco: Option<Cow<'a, str>>,
    #[serde(borrow)]
    pmej_du_gco: Vec<Relation<'a>>,
    #[serde(borrow)]
    ege_du_gco: Vec<Relation<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Activites<'a> {
    #[serde(borrow)]
    pmej: Vec<ActPmej<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct ActPmej<'a> {
    #[serde(borrow)]
    pm_smsse_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    activites_autorisees: Vec<Activite<'a>>,
    #[serde(borrow)]
    ege: Vec<ActEge<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct ActEge<'a> {
    #[serde(borrow)]
    ege_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    activites_exercees: Vec<Activite<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Activite<'a> {
    #[serde(borrow)]
    caracteristiques_generiques: Generiques<'a>,
    #[serde(borrow)]
    nature: Option<Nature<'a>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Generiques<'a> {
    #[serde(borrow)]
    activite_ae_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    etat_objet: Option<Cow<'a, str>>,
    #[serde(borrow)]
    date_debut_activite_autorisee: Option<Cow<'a, str>>,
    #[serde(borrow)]
    date_fin_activite_autorisee: Option<Cow<'a, str>>,
    #[serde(borrow)]
    date_fin_effective_activite: Option<Cow<'a, str>>,
    #[serde(borrow)]
    ege_id: Option<Cow<'a, str>>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Nature<'a> {
    #[serde(borrow)]
    code_nature: Option<Cow<'a, str>>,
    #[serde(borrow)]
    caracteristiques_specifiques: Option<Specifiques<'a>>,
}

/// The `typeActivite<NATURE>` object of each nature; only the one of the nature is present.
#[derive(Deserialize, Default)]
#[serde(default)]
struct Specifiques<'a> {
    #[serde(rename = "typeActiviteAMF")]
    #[serde(borrow)]
    amf: Option<TypeActivite<'a>>,
    #[serde(rename = "typeActiviteASR")]
    #[serde(borrow)]
    asr: Option<TypeActivite<'a>>,
    #[serde(rename = "typeActiviteAASA")]
    #[serde(borrow)]
    aasa: Option<TypeActivite<'a>>,
    #[serde(rename = "typeActiviteAMM")]
    #[serde(borrow)]
    amm: Option<TypeActivite<'a>>,
}

/// Activity, modality and form codes; the flux names them differently per nature.
#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct TypeActivite<'a> {
    #[serde(rename = "activiteAMF")]
    #[serde(borrow)]
    activite_amf: Option<Cow<'a, str>>,
    #[serde(borrow)]
    activite_sanitaire_regulee: Option<Cow<'a, str>>,
    #[serde(rename = "activiteAMM")]
    #[serde(borrow)]
    activite_amm: Option<Cow<'a, str>>,
    #[serde(borrow)]
    modalite_activite: Option<Cow<'a, str>>,
    #[serde(rename = "modaliteAMM")]
    #[serde(borrow)]
    modalite_amm: Option<Cow<'a, str>>,
    #[serde(borrow)]
    forme_activite: Option<Cow<'a, str>>,
    #[serde(rename = "mentionAMM")]
    #[serde(borrow)]
    mention_amm: Option<Cow<'a, str>>,
}

/// Parses JSON text into `T`, with located errors.
///
/// The fast path parses without tracking the path; only a failed parse is parsed again with
/// `serde_path_to_error`, for the JSON pointer of the error.
fn parse<'a, T: Deserialize<'a>>(text: &'a str, file: &str) -> Result<T, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if let Ok(v) = serde_json::from_str(text) {
        return Ok(v);
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let pointer = {
            let p = e.path().to_string();
            if p == "." {
                String::new()
            } else {
                format!("/{}", p.replace(['.', '['], "/").replace(']', ""))
            }
        };
        let inner = e.inner();
        let (code, hint) = if inner.is_syntax() || inner.is_eof() {
            (
                codes::SYNTAX,
                if inner.is_eof() {
                    crate::messages::itext!(JsonCut)
                } else {
                    crate::messages::itext!(JsonBad)
                },
            )
        } else {
            (codes::FORMAT, crate::messages::itext!(JsonType))
        };
        // serde's words, rebuilt from the catalogue where their shape is known (the network
        // loader's reading of them), without the position serde_json appends.
        let full = inner.to_string();
        let suffix = format!(" at line {} column {}", inner.line(), inner.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full);
        let mut p = Problem::tr(code, pointer, crate::serde_text::text_of(message));
        p = p.import_help(hint);
        if inner.line() > 0 {
            p = p.at(inner.line(), inner.column());
        }
        input_error(file, p)
    })
}

fn text(s: Option<&Cow<'_, str>>) -> String {
    s.map(|x| x.trim().to_owned()).unwrap_or_default()
}

fn owned(s: Option<&Cow<'_, str>>) -> Option<String> {
    s.map(|x| x.as_ref().to_owned())
}

fn position(a: Option<&Adresse<'_>>) -> Option<Result<(f64, f64), crate::messages::ImportText>> {
    let c = a?.coordonnees_geographique.as_ref()?;
    let (lat, lon) = (
        c.direction_latitude.as_deref()?,
        c.direction_longitude.as_deref()?,
    );
    Some(
        match (lat.trim().parse::<f64>(), lon.trim().parse::<f64>()) {
            (Ok(la), Ok(lo))
                if la.is_finite() && lo.is_finite() && la.abs() <= 90.0 && lo.abs() <= 180.0 =>
            {
                Ok((la, lo))
            }
            _ => Err(crate::messages::itext!(BadCoordinates, lat, lon)),
        },
    )
}

fn first_event(events: &[Evenement<'_>]) -> Option<crate::date::Date> {
    events
        .iter()
        .filter_map(|e| date(e.date_evenement.as_deref()))
        .min()
}

fn closing_event(events: &[Evenement<'_>]) -> Option<crate::date::Date> {
    events
        .iter()
        .filter(|e| e.code_evenement.as_deref() == Some("005"))
        .filter_map(|e| date(e.date_evenement.as_deref()))
        .max()
}

/// Reads the official FINESS JSON flux: the `structures` file and, optionally, the
/// `activites` file, into a network fragment.
///
/// `structures_name` and `activities_name` name the inputs in errors.
///
/// # Errors
/// [`Error::Load`] when a file is not JSON (`R001`, with line and column: a truncated download)
/// or a value has the wrong type (`R002`, with its JSON pointer). Bad records are warnings, see
/// the [module documentation](super).
///
/// ```
/// use parcours::registers::{read_finess_json, ImportOptions};
/// let flux = r#"{"schemaVersion": "v1.0.0", "pmej": [{
///   "informationsGeneralesPMEJ": {"pmSmsseId": "2", "numFinessPm": "010000156",
///     "denominationLonguePmSmsse": "CLINIQUE CONVERT", "statutJuridique": "73"},
///   "ege": [{"informationsGeneralesEGE": {"egeId": "799", "numFinessEge": "010780195",
///       "nomEgeLong": "CLINIQUE DOCTEUR CONVERT", "dateOuverture": "1956-11-16"},
///     "categorieentiteGeographiqueExercice": "365",
///     "adresse": [{"cogCommune": "01053", "coordonneesGeographique":
///       {"directionLatitude": "46.211257", "directionLongitude": "5.254203"}}]}]}]}"#;
/// let import = read_finess_json(flux, "flux.json", None, "", &ImportOptions::default()).unwrap();
/// let net = &import.network;
/// assert_eq!(net.sites[0].id, "et-010780195");
/// assert_eq!(net.legal_entities[0].id, "ej-010000156");
/// net.validate().unwrap();
/// ```
#[allow(clippy::too_many_lines)] // one pass per part of the flux, in the flux's order
pub fn read_finess_json(
    structures: &str,
    structures_name: &str,
    activities: Option<&str>,
    activities_name: &str,
    opts: &ImportOptions,
) -> Result<Import, Error> {
    let s: Structures = parse(structures, structures_name)?;
    let acts: Option<Activites> = match activities {
        Some(t) => Some(parse(t, activities_name)?),
        None => None,
    };
    let mut raw = Raw {
        source_title: format!(
            "FINESS flux structures {}{}",
            s.schema_version.as_deref().unwrap_or("(no schema version)"),
            s.generated_at
                .as_deref()
                .map(|g| format!(", generated {g}"))
                .unwrap_or_default()
        ),
        published: date(s.generated_at.as_deref()),
        ..Raw::default()
    };
    let gco_types: std::collections::HashMap<&str, &str> = s
        .gco
        .iter()
        .filter_map(|g| Some((g.pm_smsse_id.as_deref()?, g.type_gco.as_deref()?)))
        .collect();
    for (i, p) in s.pmej.iter().enumerate() {
        let key = text(p.info.pm_smsse_id.as_ref());
        let addr = p.adresse.first();
        let name = p
            .info
            .denomination_longue_pm_smsse
            .as_ref()
            .or(p.info.denomination_pm.as_ref());
        raw.entities.push(RawEntity {
            pointer: Place::Pmej(i),
            key: key.clone(),
            finess: text(p.info.num_finess_pm.as_ref()),
            name: text(name),
            statut: owned(p.info.statut_juridique.as_ref()),
            siren: owned(p.info.siren.as_ref()),
            commune: addr.and_then(|a| owned(a.cog_commune.as_ref())),
            closed: date(p.info.date_fermeture.as_deref()),
            gco_type: owned(p.info.type_groupe_gco.as_ref())
                .or_else(|| gco_types.get(key.as_str()).map(|t| (*t).to_owned())),
            note: (p.etat_objet.as_deref() == Some("I") && p.info.date_fermeture.is_none())
                .then(|| "inactive in FINESS (etatObjet I)".to_owned()),
        });
        for (j, e) in p.ege.iter().enumerate() {
            let addr = e.adresse.first();
            let name = e
                .info
                .nom_ege_long
                .as_ref()
                .or(e.info.nom_ege_court.as_ref());
            raw.sites.push(RawSite {
                pointer: Place::Ege(i, j),
                key: text(e.info.ege_id.as_ref()),
                entity_key: key.clone(),
                finess: text(e.info.num_finess_ege.as_ref()),
                name: text(name),
                category: owned(e.categorieentite_geographique_exercice.as_ref()),
                commune: addr.and_then(|a| owned(a.cog_commune.as_ref())),
                place: addr.and_then(|a| owned(a.ligne_acheminement.as_ref())),
                position: position(addr),
                opened: date(e.info.date_ouverture.as_deref()),
                closed: date(e.info.date_fermeture.as_deref()),
            });
        }
    }
    let relations = |rels: &[Relation<'_>], base: &str, site: bool| -> Vec<RawMember> {
        rels.iter()
            .enumerate()
            .filter_map(|(k, r)| {
                let target = if site {
                    MemberRef::Site(owned(r.ege_id.as_ref())?)
                } else {
                    MemberRef::Entity(owned(r.pm_smsse_id.as_ref())?)
                };
                Some(RawMember {
                    pointer: format!("{base}/{k}"),
                    target,
                    role_code: text(r.type_role_entite_groupe.as_ref()),
                })
            })
            .collect()
    };
    for (i, g) in s.gcc.iter().enumerate() {
        let mut members = relations(&g.pmej_du_gcc, &format!("/gcc/{i}/pmejDuGcc"), false);
        members.extend(relations(
            &g.ege_du_gcc,
            &format!("/gcc/{i}/egeDuGcc"),
            true,
        ));
        raw.groupings.push(RawGrouping {
            pointer: format!("/gcc/{i}"),
            origin: GroupingOrigin::Conventional,
            key: text(g.gcc_id.as_ref()),
            name: owned(g.nom_gcc.as_ref()),
            type_code: text(g.type_gcc.as_ref()),
            external_id: owned(g.gcc_identifiant_externe.as_ref()),
            from: first_event(&g.evenement),
            to: closing_event(&g.evenement),
            inactive: g.etat_objet.as_deref() == Some("I"),
            members,
        });
    }
    for (i, g) in s.gco.iter().enumerate() {
        let mut members = relations(&g.pmej_du_gco, &format!("/gco/{i}/pmejDuGco"), false);
        members.extend(relations(
            &g.ege_du_gco,
            &format!("/gco/{i}/egeDuGco"),
            true,
        ));
        raw.groupings.push(RawGrouping {
            pointer: format!("/gco/{i}"),
            origin: GroupingOrigin::Organic,
            key: text(g.pm_smsse_id.as_ref()),
            name: None,
            type_code: text(g.type_gco.as_ref()),
            external_id: None,
            from: None,
            to: None,
            inactive: false,
            members,
        });
    }
    if let Some(a) = &acts {
        for (i, p) in a.pmej.iter().enumerate() {
            let key = p.pm_smsse_id.as_deref().unwrap_or("").trim();
            for (j, act) in p.activites_autorisees.iter().enumerate() {
                let holder = match act.caracteristiques_generiques.ege_id.as_ref() {
                    Some(e) => Holder::Site(e.as_ref()),
                    None => Holder::Entity(key),
                };
                raw.activities
                    .push(activity(act, holder, Place::Authorised(i, j)));
            }
            for (j, e) in p.ege.iter().enumerate() {
                let site = e.ege_id.as_deref().unwrap_or("").trim();
                for (k, act) in e.activites_exercees.iter().enumerate() {
                    raw.activities.push(activity(
                        act,
                        Holder::Site(site),
                        Place::Exercised(i, j, k),
                    ));
                }
            }
        }
    }
    Ok(build(raw, opts))
}

/// The activity, modality and form codes of an authorisation, for the care natures (the
/// others are not read: they give no capability).
fn triplet<'r>(n: &'r Nature<'_>) -> (&'r str, &'r str, &'r str) {
    const NONE: Option<Cow<'static, str>> = None;
    let Some(spec) = &n.caracteristiques_specifiques else {
        return ("", "", "");
    };
    let Some(t) = spec
        .amf
        .as_ref()
        .or(spec.asr.as_ref())
        .or(spec.aasa.as_ref())
        .or(spec.amm.as_ref())
    else {
        return ("", "", "");
    };
    let pick =
        |a: &'r Option<Cow<'_, str>>, b: &'r Option<Cow<'_, str>>, c: &'r Option<Cow<'_, str>>| {
            a.as_deref()
                .or(b.as_deref())
                .or(c.as_deref())
                .unwrap_or("")
                .trim()
        };
    (
        pick(
            &t.activite_amf,
            &t.activite_sanitaire_regulee,
            &t.activite_amm,
        ),
        pick(&t.modalite_activite, &t.modalite_amm, &NONE),
        pick(&t.forme_activite, &t.mention_amm, &NONE),
    )
}

fn activity<'r>(a: &'r Activite<'_>, holder: Holder<'r>, pointer: Place) -> RawActivity<'r> {
    let g = &a.caracteristiques_generiques;
    let nature = a
        .nature
        .as_ref()
        .and_then(|n| n.code_nature.as_deref())
        .unwrap_or("");
    let (activite, modalite, forme) = a.nature.as_ref().map_or(("", "", ""), triplet);
    RawActivity {
        pointer,
        id: g.activite_ae_id.as_deref().unwrap_or("").trim(),
        holder,
        nature,
        activite,
        modalite,
        forme,
        from: date(g.date_debut_activite_autorisee.as_deref()),
        to: date(g.date_fin_effective_activite.as_deref())
            .or_else(|| date(g.date_fin_activite_autorisee.as_deref())),
        inactive: g.etat_objet.as_deref() == Some("I"),
    }
}
