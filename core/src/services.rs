//! Who provides a shared service (sterilisation, laboratory, pharmacy…) to a site at a date.

use serde::Serialize;

use crate::date::Date;
use crate::engine::Engine;
use crate::network::ServiceKind;

/// The answer to "who provides this service to this site at this date".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceProvision<'e> {
    /// The shared service id.
    pub service: &'e str,
    /// The providing site id.
    pub provider: &'e str,
    /// The providing site name.
    pub provider_name: &'e str,
    /// The grouping through which it is provided, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vehicle: Option<&'e str>,
}

impl Engine {
    /// The services of `kind` that `site` benefits from (or provides) at `date`, in network
    /// order. Empty when the site is unknown or nothing is in force.
    ///
    /// ```
    /// # let text = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/networks/sud-haut-marnais.json")).unwrap();
    /// let engine = parcours::Engine::compile(&parcours::Network::from_json_str(&text)?)?;
    /// let date = "2018-01-01".parse().unwrap();
    /// let who = engine.shared_service(parcours::ServiceKind::Sterilisation, "ch-langres", date, false);
    /// assert_eq!(who[0].provider, "ch-chaumont");
    /// # Ok::<(), parcours::Error>(())
    /// ```
    pub fn shared_service(
        &self,
        kind: ServiceKind,
        site: &str,
        date: Date,
        include_planned: bool,
    ) -> Vec<ServiceProvision<'_>> {
        let Some(&s) = self.sites.ix.get(site) else {
            return Vec::new();
        };
        let day = date.epoch_day();
        self.services
            .shared
            .iter()
            .filter(|sv| sv.kind == kind && sv.span.in_force(day, include_planned))
            .filter(|sv| {
                sv.provider == s
                    || sv
                        .beneficiaries
                        .iter()
                        .any(|b| b.site == s && b.span.in_force(day, include_planned))
            })
            .filter_map(|sv| {
                let p = self.sites.site(sv.provider)?;
                Some(ServiceProvision {
                    service: &sv.id,
                    provider: &p.id,
                    provider_name: &p.name,
                    vehicle: sv
                        .vehicle
                        .and_then(|g| self.groupings.get(g as usize))
                        .map(|g| g.id.as_str()),
                })
            })
            .collect()
    }
}
