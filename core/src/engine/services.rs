//! Tele-services and shared services, with the sites that may use them.

use super::filieres::Filieres;
use super::groupings::{Groupings, MemberSite};
use super::sites::{LegalEntities, Sites};
use super::{HashMap, SiteIx, Span, ix32};
use crate::network::{Network, ServiceKind};

/// A tele-service, compiled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TeleData {
    pub id: String,
    pub provider: SiteIx,
    pub national: bool,
    pub requesters: Vec<MemberSite>,
    pub filieres: Vec<u32>,
    pub span: Span,
}

impl TeleData {
    /// Whether an origin may use the service in a filière at a date, as routing decides it for
    /// a tele-service rule (and the `tele_services` question reports it): `Err` says why not.
    /// `filiere` `None` asks about the service whatever the filière.
    pub(crate) fn usable(
        &self,
        origin_site: Option<SiteIx>,
        filiere: Option<u32>,
        day: i32,
        planned: bool,
    ) -> Result<(), crate::messages::Msg> {
        use crate::messages::Msg;
        if !self.span.in_force(day, planned) {
            return Err(Msg::WhyNotInForce);
        }
        if let Some(f) = filiere
            && !(self.filieres.is_empty() || self.filieres.contains(&f))
        {
            return Err(Msg::TeleNoFiliere);
        }
        let requester = self.national
            || origin_site.is_some_and(|s| {
                self.requesters
                    .iter()
                    .any(|m| m.site == s && m.span.in_force(day, planned))
            });
        if !requester {
            return Err(Msg::TeleNoRequest);
        }
        Ok(())
    }
}

/// A shared service, compiled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ServiceData {
    pub id: String,
    pub kind: ServiceKind,
    pub provider: SiteIx,
    pub vehicle: Option<u32>,
    pub span: Span,
    pub beneficiaries: Vec<MemberSite>,
}

/// Tele-services and shared services.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Services {
    /// Tele-services in file order.
    pub teles: Vec<TeleData>,
    /// Tele-service id -> index.
    pub tele_ix: HashMap<String, u32>,
    /// Shared services in file order.
    pub shared: Vec<ServiceData>,
}

impl Services {
    /// Compiles the tele-services and shared services of a network, with their requesters and
    /// beneficiaries resolved to sites.
    pub fn build(
        n: &Network,
        sites: &Sites,
        entities: &LegalEntities<'_>,
        groupings: &Groupings,
        filieres: &Filieres,
    ) -> Services {
        let mut tele_ix = HashMap::default();
        let mut teles = Vec::with_capacity(n.tele_services.len());
        for t in &n.tele_services {
            tele_ix.insert(t.id.clone(), ix32(teles.len()));
            teles.push(TeleData {
                id: t.id.clone(),
                provider: sites.ix.get(&t.provider).copied().unwrap_or(0),
                national: t.national,
                requesters: groupings.resolve_members(&t.requesters, sites, entities),
                filieres: t
                    .filieres
                    .iter()
                    .filter_map(|f| filieres.ix.get(f).copied())
                    .collect(),
                span: Span::of(&t.validity),
            });
        }
        let shared = n
            .shared_services
            .iter()
            .map(|s| ServiceData {
                id: s.id.clone(),
                kind: s.kind,
                provider: sites.ix.get(&s.provider).copied().unwrap_or(0),
                vehicle: s
                    .vehicle
                    .as_ref()
                    .and_then(|v| groupings.ix.get(v).copied()),
                span: Span::of(&s.validity),
                beneficiaries: groupings.resolve_members(&s.beneficiaries, sites, entities),
            })
            .collect();
        Services {
            teles,
            tele_ix,
            shared,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_resolve_providers_requesters_and_beneficiaries() {
        let n = super::super::tests::network();
        let sites = Sites::build(&n);
        let entities = LegalEntities::build(&n, &sites);
        let filieres = Filieres::build(&n);
        let groupings = Groupings::build(&n, &sites, &entities, &filieres);
        let s = Services::build(&n, &sites, &entities, &groupings, &filieres);
        assert_eq!(s.tele_ix.get("tele").copied(), Some(0));
        let Some(tele) = s.teles.first() else {
            panic!("one tele-service");
        };
        assert_eq!(tele.provider, 1);
        // Requested by the GHT: its three sites.
        assert_eq!(tele.requesters.len(), 3);
        assert_eq!(tele.usable(Some(0), Some(0), 0, false), Ok(()));
        assert_eq!(
            tele.usable(Some(0), Some(1), 0, false),
            Err(crate::messages::Msg::TeleNoFiliere)
        );
        assert_eq!(
            tele.usable(None, None, 0, false),
            Err(crate::messages::Msg::TeleNoRequest)
        );
        let lab: Vec<(SiteIx, Option<u32>, Vec<SiteIx>)> = s
            .shared
            .iter()
            .map(|x| {
                (
                    x.provider,
                    x.vehicle,
                    x.beneficiaries.iter().map(|m| m.site).collect(),
                )
            })
            .collect();
        assert_eq!(lab, vec![(1, Some(1), vec![0, 2])]);
    }
}
