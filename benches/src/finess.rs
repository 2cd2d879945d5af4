//! A national-size FINESS JSON flux, generated in the real format (schema v1 of the official
//! flux: `pmej` with `informationsGeneralesPMEJ`, `adresse`, `ege`; `gcc` with `pmejDuGcc`;
//! `gco`; and the `activites` flux), for the import benchmark. The numbers are synthetic and
//! marked so: every FINESS number starts with `ZZ` (no real number does; letters carry no
//! check key), positions are random points of metropolitan France's bounding box.

use std::fmt::Write as _;

/// Sizes of a generated flux.
#[derive(Debug, Clone, Copy)]
pub struct FluxSize {
    /// Legal entities (`pmej`).
    pub legal_entities: usize,
    /// Establishments per legal entity, on average (1 to 2·mean-1, uniformly).
    pub sites_per_entity: usize,
    /// Conventional groupings (GHTs).
    pub ghts: usize,
    /// Authorisations per establishment in the activities flux.
    pub activities_per_site: usize,
}

impl FluxSize {
    /// About 100,000 entities: 40,000 legal entities, 60,000 establishments, 135 GHTs,
    /// 2 authorisations per establishment.
    pub fn national() -> Self {
        Self {
            legal_entities: 40_000,
            sites_per_entity: 2,
            ghts: 135,
            activities_per_site: 2,
        }
    }
}

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn unit(&mut self) -> f64 {
        #[allow(clippy::cast_precision_loss)] // 53 bits of a u64: a uniform float in [0, 1)
        let x = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        x
    }
}

const CATEGORIES: [&str; 8] = ["355", "101", "365", "128", "129", "109", "500", "127"];
const STATUTS: [&str; 6] = ["13", "14", "21", "60", "72", "73"];
const ACTIVITIES: [&str; 8] = ["01", "02", "03", "04", "14", "18", "50", "11"];

/// The `structures` and `activites` files of a generated flux, as JSON text.
pub fn national_flux(size: FluxSize, seed: u64) -> (String, String) {
    let mut r = Rng(seed | 1);
    let mut s = String::with_capacity(size.legal_entities * 2_000);
    let mut a = String::with_capacity(size.legal_entities * 1_200);
    s.push_str(
        "{\n  \"schemaVersion\" : \"v1.0.0\",\n  \"generatedAt\" : \"2026-03-09T15:49:37Z\",\n",
    );
    a.push_str("{\n  \"schemaVersion\" : \"v1.0.0\",\n  \"generatedAt\" : \"2026-04-01T14:46:05Z\",\n  \"pmej\" : [ ");
    // GHTs: each names one support and a few members among the legal entities.
    s.push_str("  \"gcc\" : [ ");
    for g in 0..size.ghts {
        if g > 0 {
            s.push_str(", ");
        }
        let _ = write!(
            s,
            "{{\n    \"gccId\" : \"{g}\",\n    \"nomGcc\" : \"GHT synthétique {g}\",\n    \"typeGcc\" : \"001\",\n    \"gccIdentifiantExterne\" : \"{}\",\n    \"engagement\" : [ ],\n    \"evenement\" : [ {{\n      \"evenementId\" : \"{g}\",\n      \"dateEnregistrement\" : \"2025-10-21 19:19:05\",\n      \"dateEvenement\" : \"2017-01-01\",\n      \"etatObjet1\" : \"003\",\n      \"identifiantObjet1\" : \"{g}\",\n      \"systemeMaitre\" : \"01\",\n      \"typeObjet1\" : \"GR\",\n      \"codeEvenement\" : \"003\"\n    }} ],\n    \"pmejDuGcc\" : [ ",
            10_000 + g
        );
        for m in 0..8 {
            if m > 0 {
                s.push_str(", ");
            }
            let id = r.below(size.legal_entities as u64);
            let role = if m == 0 { "S" } else { "M" };
            let _ = write!(
                s,
                "{{\n      \"pmSmsseId\" : \"{id}\",\n      \"typeRoleEntiteGroupe\" : \"{role}\"\n    }}"
            );
        }
        s.push_str(" ],\n    \"egeDuGcc\" : [ ],\n    \"etatObjet\" : \"A\",\n    \"dateDerniereMaj\" : \"2025-10-21 19:19:05\"\n  }");
    }
    s.push_str(" ],\n  \"gco\" : [ ],\n  \"pmej\" : [ ");
    let mut ege_id = 0usize;
    let mut act_id = 0usize;
    for e in 0..size.legal_entities {
        if e > 0 {
            s.push_str(", ");
            a.push_str(", ");
        }
        let dep = 1 + r.below(95);
        let commune = format!("{dep:02}{:03}", 1 + r.below(600));
        let ej = format!("ZZ{e:07}");
        let statut = STATUTS[usize::try_from(r.below(6)).unwrap_or(0)];
        let (lat, lon) = (42.3 + 8.7 * r.unit(), -4.8 + 13.0 * r.unit());
        let _ = write!(
            s,
            "{{\n    \"informationsGeneralesPMEJ\" : {{\n      \"pmSmsseId\" : \"{e}\",\n      \"codeApe\" : \"86.10Z\",\n      \"dateCreation\" : \"2001-01-01\",\n      \"denominationLonguePmSmsse\" : \"ENTITE JURIDIQUE SYNTHETIQUE {e}\",\n      \"denominationPm\" : \"EJ SYNTHETIQUE {e}\",\n      \"numFinessPm\" : \"{ej}\",\n      \"siren\" : \"{e:09}\",\n      \"statutJuridique\" : \"{statut}\",\n      \"typePersonneMorale\" : \"01\"\n    }},\n    \"adresse\" : [ {{\n      \"usageAdresse\" : \"02\",\n      \"cogCommune\" : \"{commune}\",\n      \"ligneAcheminement\" : \"COMMUNE {commune}\",\n      \"codePostal\" : \"{commune}\",\n      \"coordonneesGeographique\" : {{\n        \"coordonneeX\" : \"0\",\n        \"coordonneeY\" : \"0\",\n        \"directionLatitude\" : \"{lat:.6}\",\n        \"directionLongitude\" : \"{lon:.6}\"\n      }}\n    }} ],\n    \"contact\" : [ ],\n    \"engagement\" : [ ],\n    \"evenement\" : [ ],\n    \"ege\" : [ "
        );
        let _ = write!(
            a,
            "{{\n    \"numFiness\" : \"{ej}\",\n    \"pmSmsseId\" : \"{e}\",\n    \"activitesAutorisees\" : [ ],\n    \"ege\" : [ "
        );
        let n_sites =
            1 + usize::try_from(r.below(2 * size.sites_per_entity as u64 - 1)).unwrap_or(0);
        for k in 0..n_sites {
            if k > 0 {
                s.push_str(", ");
                a.push_str(", ");
            }
            let et = format!("ZY{ege_id:07}");
            let cat = CATEGORIES[usize::try_from(r.below(8)).unwrap_or(0)];
            let (la, lo) = (lat + 0.05 * (r.unit() - 0.5), lon + 0.05 * (r.unit() - 0.5));
            let closed = if r.below(10) == 0 {
                "\n        \"dateFermeture\" : \"2020-10-27\","
            } else {
                ""
            };
            let _ = write!(
                s,
                "{{\n      \"informationsGeneralesEGE\" : {{\n        \"egeId\" : \"{ege_id}\",{closed}\n        \"dateOuverture\" : \"1990-01-01\",\n        \"datePremiereAutorisation\" : \"1990-01-01\",\n        \"nomEgeCourt\" : \"ETAB {ege_id}\",\n        \"nomEgeLong\" : \"ETABLISSEMENT SYNTHETIQUE {ege_id}\",\n        \"numFinessEge\" : \"{et}\"\n      }},\n      \"categorieentiteGeographiqueExercice\" : \"{cat}\",\n      \"modefixationtarifaire\" : \"07\",\n      \"typeBudget\" : [ \"01\" ],\n      \"adresse\" : [ {{\n        \"usageAdresse\" : \"03\",\n        \"cogCommune\" : \"{commune}\",\n        \"ligneAcheminement\" : \"COMMUNE {commune}\",\n        \"codePostal\" : \"{commune}\",\n        \"coordonneesGeographique\" : {{\n          \"coordonneeX\" : \"0\",\n          \"coordonneeY\" : \"0\",\n          \"directionLatitude\" : \"{la:.6}\",\n          \"directionLongitude\" : \"{lo:.6}\"\n        }}\n      }} ],\n      \"contact\" : [ ],\n      \"engagement\" : [ ],\n      \"evenement\" : [ ],\n      \"roleEge\" : [ ],\n      \"etatObjet\" : \"A\",\n      \"dateDerniereMaj\" : \"2021-10-18 00:00:00\"\n    }}"
            );
            let _ = write!(
                a,
                "{{\n      \"egeId\" : \"{ege_id}\",\n      \"numFinessEge\" : \"{et}\",\n      \"activitesExercees\" : [ "
            );
            for j in 0..size.activities_per_site {
                if j > 0 {
                    a.push_str(", ");
                }
                let act = ACTIVITIES[usize::try_from(r.below(8)).unwrap_or(0)];
                let _ = write!(
                    a,
                    "{{\n        \"caracteristiquesGeneriques\" : {{\n          \"activiteAeId\" : \"{act_id}\",\n          \"etatObjet\" : \"A\",\n          \"identifiantAutorisation\" : null,\n          \"numAutorisationArhgos\" : null,\n          \"dateDebutActiviteAutorisee\" : \"2009-06-10\",\n          \"dateFinActiviteAutorisee\" : null,\n          \"dateFinEffectiveActivite\" : null,\n          \"dateCaduciteAutorisation\" : null,\n          \"egeId\" : \"{ege_id}\",\n          \"typeActiviteSMSSE\" : \"272\"\n        }},\n        \"nature\" : {{\n          \"codeNature\" : \"AMF\",\n          \"caracteristiquesSpecifiques\" : {{\n            \"aaSoinAmfId\" : null,\n            \"activiteAeId\" : null,\n            \"typeActiviteAMF\" : {{\n              \"activiteAMF\" : \"{act}\",\n              \"modaliteActivite\" : \"00\",\n              \"formeActivite\" : \"01\"\n            }}\n          }}\n        }},\n        \"evenement\" : [ ],\n        \"engagement\" : [ ],\n        \"capacite\" : [ ],\n        \"zoneIntervention\" : null\n      }}"
                );
                act_id += 1;
            }
            a.push_str(" ]\n    }");
            ege_id += 1;
        }
        s.push_str(" ],\n    \"etatObjet\" : \"A\",\n    \"dateDerniereMaj\" : \"2021-10-18 00:00:00\"\n  }");
        a.push_str(" ]\n  }");
    }
    s.push_str(" ]\n}\n");
    a.push_str(" ]\n}\n");
    (s, a)
}
