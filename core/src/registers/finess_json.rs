//! The official FINESS JSON flux (schema v1): `structures` and `activites`.
//!
//! Field names follow the published JSON Schemas (`schema-structures-v1.json`,
//! `schema-activites-v1-0-1.json` of `ansforge/finess`). Unknown fields are ignored, so that a
//! later minor version of the flux still reads; missing optional fields are absent. Codes are
//! strings, as in the flux.

// Field names are the flux's own (`nomGcc`, `pmejDuGcc`…), repeated from the object names.
#![allow(clippy::struct_field_names)]

use serde::Deserialize;

use crate::error::{Error, Problem};

use super::build::{
    GroupingOrigin, Holder, MemberRef, Raw, RawActivity, RawEntity, RawGrouping, RawMember,
    RawSite, build, date,
};
use super::{Import, ImportOptions, codes, input_error};

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Structures {
    schema_version: Option<String>,
    generated_at: Option<String>,
    pmej: Vec<Pmej>,
    gcc: Vec<Gcc>,
    gco: Vec<Gco>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Pmej {
    #[serde(rename = "informationsGeneralesPMEJ")]
    info: PmejInfo,
    adresse: Vec<Adresse>,
    evenement: Vec<Evenement>,
    ege: Vec<Ege>,
    etat_objet: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct PmejInfo {
    pm_smsse_id: Option<String>,
    date_fermeture: Option<String>,
    denomination_longue_pm_smsse: Option<String>,
    denomination_pm: Option<String>,
    num_finess_pm: Option<String>,
    siren: Option<String>,
    statut_juridique: Option<String>,
    type_groupe_gco: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Adresse {
    cog_commune: Option<String>,
    ligne_acheminement: Option<String>,
    coordonnees_geographique: Option<Coordonnees>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Coordonnees {
    direction_latitude: Option<String>,
    direction_longitude: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Evenement {
    date_evenement: Option<String>,
    code_evenement: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Ege {
    #[serde(rename = "informationsGeneralesEGE")]
    info: EgeInfo,
    categorieentite_geographique_exercice: Option<String>,
    adresse: Vec<Adresse>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct EgeInfo {
    ege_id: Option<String>,
    date_fermeture: Option<String>,
    date_ouverture: Option<String>,
    nom_ege_court: Option<String>,
    nom_ege_long: Option<String>,
    num_finess_ege: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Relation {
    pm_smsse_id: Option<String>,
    ege_id: Option<String>,
    type_role_entite_groupe: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Gcc {
    gcc_id: Option<String>,
    nom_gcc: Option<String>,
    type_gcc: Option<String>,
    gcc_identifiant_externe: Option<String>,
    evenement: Vec<Evenement>,
    pmej_du_gcc: Vec<Relation>,
    ege_du_gcc: Vec<Relation>,
    etat_objet: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Gco {
    pm_smsse_id: Option<String>,
    type_gco: Option<String>,
    pmej_du_gco: Vec<Relation>,
    ege_du_gco: Vec<Relation>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Activites {
    pmej: Vec<ActPmej>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct ActPmej {
    pm_smsse_id: Option<String>,
    activites_autorisees: Vec<Activite>,
    ege: Vec<ActEge>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct ActEge {
    ege_id: Option<String>,
    activites_exercees: Vec<Activite>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Activite {
    caracteristiques_generiques: Generiques,
    nature: Option<Nature>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Generiques {
    activite_ae_id: Option<String>,
    etat_objet: Option<String>,
    date_debut_activite_autorisee: Option<String>,
    date_fin_activite_autorisee: Option<String>,
    date_fin_effective_activite: Option<String>,
    ege_id: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
struct Nature {
    code_nature: Option<String>,
    caracteristiques_specifiques: Option<serde_json::Map<String, serde_json::Value>>,
}

/// Parses JSON text into `T`, with located errors.
fn parse<T: serde::de::DeserializeOwned>(text: &str, file: &str) -> Result<T, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
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
                    "the file ends early: it was probably cut during download; fetch it again"
                } else {
                    "the file is not valid JSON; check it is the FINESS JSON flux"
                },
            )
        } else {
            (
                codes::FORMAT,
                "the value does not have the type the FINESS flux schema v1 gives it",
            )
        };
        let mut p = Problem::new(code, pointer, inner.to_string().to_lowercase()).with_hint(hint);
        if inner.line() > 0 {
            p = p.at(inner.line(), inner.column());
        }
        input_error(file, p)
    })
}

fn text(s: Option<&String>) -> String {
    s.map(|x| x.trim().to_owned()).unwrap_or_default()
}

fn position(a: Option<&Adresse>) -> Option<Result<(f64, f64), String>> {
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
            _ => Err(format!(
                "coordinates `{lat}`, `{lon}` are not a WGS84 latitude and longitude"
            )),
        },
    )
}

fn first_event(events: &[Evenement]) -> Option<crate::date::Date> {
    events
        .iter()
        .filter_map(|e| date(e.date_evenement.as_deref()))
        .min()
}

fn closing_event(events: &[Evenement]) -> Option<crate::date::Date> {
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
            pointer: format!("/pmej/{i}"),
            key: key.clone(),
            finess: text(p.info.num_finess_pm.as_ref()),
            name: text(name),
            statut: p.info.statut_juridique.clone(),
            siren: p.info.siren.clone(),
            commune: addr.and_then(|a| a.cog_commune.clone()),
            closed: date(p.info.date_fermeture.as_deref()),
            gco_type: p
                .info
                .type_groupe_gco
                .clone()
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
                pointer: format!("/pmej/{i}/ege/{j}"),
                key: text(e.info.ege_id.as_ref()),
                entity_key: key.clone(),
                finess: text(e.info.num_finess_ege.as_ref()),
                name: text(name),
                category: e.categorieentite_geographique_exercice.clone(),
                commune: addr.and_then(|a| a.cog_commune.clone()),
                place: addr.and_then(|a| a.ligne_acheminement.clone()),
                position: position(addr),
                opened: date(e.info.date_ouverture.as_deref()),
                closed: date(e.info.date_fermeture.as_deref()),
            });
        }
    }
    let relations = |rels: &[Relation], base: &str, site: bool| -> Vec<RawMember> {
        rels.iter()
            .enumerate()
            .filter_map(|(k, r)| {
                let target = if site {
                    MemberRef::Site(r.ege_id.clone()?)
                } else {
                    MemberRef::Entity(r.pm_smsse_id.clone()?)
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
            name: g.nom_gcc.clone(),
            type_code: text(g.type_gcc.as_ref()),
            external_id: g.gcc_identifiant_externe.clone(),
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
    if let Some(a) = acts {
        for (i, p) in a.pmej.iter().enumerate() {
            let key = text(p.pm_smsse_id.as_ref());
            for (j, act) in p.activites_autorisees.iter().enumerate() {
                let holder = match act.caracteristiques_generiques.ege_id.as_ref() {
                    Some(e) => Holder::Site(e.clone()),
                    None => Holder::Entity(key.clone()),
                };
                raw.activities.push(activity(
                    act,
                    holder,
                    format!("/pmej/{i}/activitesAutorisees/{j}"),
                ));
            }
            for (j, e) in p.ege.iter().enumerate() {
                let site = text(e.ege_id.as_ref());
                for (k, act) in e.activites_exercees.iter().enumerate() {
                    raw.activities.push(activity(
                        act,
                        Holder::Site(site.clone()),
                        format!("/pmej/{i}/ege/{j}/activitesExercees/{k}"),
                    ));
                }
            }
        }
    }
    Ok(build(raw, opts))
}

/// The activity, modality and form codes of an authorisation, whatever its nature: the flux
/// names the object `typeActivite<NATURE>` and its fields differently per nature.
fn triplet(n: &Nature) -> (String, String, String) {
    let Some(spec) = &n.caracteristiques_specifiques else {
        return Default::default();
    };
    let Some(ty) = spec
        .iter()
        .find(|(k, _)| k.starts_with("typeActivite"))
        .and_then(|(_, v)| v.as_object())
    else {
        return Default::default();
    };
    let get = |keys: &[&str]| {
        keys.iter()
            .find_map(|k| ty.get(*k).and_then(serde_json::Value::as_str))
            .unwrap_or("")
            .trim()
            .to_owned()
    };
    (
        get(&[
            "activiteAMF",
            "activiteSanitaireRegulee",
            "activiteAMM",
            "activiteSanitaireDiverseRegulee",
            "activiteSocialeRegulee",
            "activiteEnseignementRegulee",
            "typeEmlId",
        ]),
        get(&["modaliteActivite", "modaliteAMM", "modeFonctionnement"]),
        get(&["formeActivite", "mentionAMM", "public"]),
    )
}

fn activity(a: &Activite, holder: Holder, pointer: String) -> RawActivity {
    let g = &a.caracteristiques_generiques;
    let nature = a
        .nature
        .as_ref()
        .and_then(|n| n.code_nature.clone())
        .unwrap_or_default();
    let (activite, modalite, forme) = a.nature.as_ref().map(triplet).unwrap_or_default();
    RawActivity {
        pointer,
        id: text(g.activite_ae_id.as_ref()),
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
