//! Groupings (GHT, GCS, alliances…) expanded to their member sites, and the groupings of each
//! site: legal entities and nested groupings stand for their sites.

use super::filieres::Filieres;
use super::sites::{LegalEntities, Sites};
use super::{HashMap, MAX_NESTING, SiteIx, Span, ix32};
use crate::network::{GroupingKind, Membership, Network, Role};

/// A member site of a grouping, with the role and when it holds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct MemberSite {
    pub site: SiteIx,
    pub role: Role,
    pub span: Span,
}

/// A grouping, compiled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct GroupingData {
    pub id: String,
    pub kind: GroupingKind,
    pub span: Span,
    /// Member sites, sorted by role (stable: file order within a role).
    pub members: Vec<MemberSite>,
    /// The filières of its scope (indexes); empty means all.
    pub filieres: Vec<u32>,
}

impl GroupingData {
    /// The members holding `role`.
    pub fn with_role(&self, role: Role) -> &[MemberSite] {
        let start = self.members.partition_point(|m| m.role < role);
        let len = self
            .members
            .get(start..)
            .map_or(0, |rest| rest.partition_point(|m| m.role == role));
        self.members.get(start..start + len).unwrap_or(&[])
    }
}

/// A grouping a site belongs to.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SiteGrouping {
    pub grouping: u32,
    pub role: Role,
    /// Membership and grouping validity together.
    pub span: Span,
}

/// Groupings with their member sites, and each site's groupings.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Groupings {
    /// Groupings in file order; a grouping's index is its position.
    pub list: Vec<GroupingData>,
    /// Grouping id -> index.
    pub ix: HashMap<String, u32>,
    /// Groupings of each site (CSR): site `s` at `entries[offsets[s]..offsets[s + 1]]`.
    offsets: Vec<u32>,
    entries: Vec<SiteGrouping>,
}

impl Groupings {
    /// Expands the groupings of a network to member sites (legal entities to their sites,
    /// nested groupings to theirs, up to [`MAX_NESTING`] deep), and lists each site's groupings.
    pub fn build(
        n: &Network,
        sites: &Sites,
        entities: &LegalEntities<'_>,
        filieres: &Filieres,
    ) -> Groupings {
        let mut ix = HashMap::default();
        for (i, g) in n.groupings.iter().enumerate() {
            ix.insert(g.id.clone(), ix32(i));
        }
        let mut direct: Vec<Vec<&Membership>> = vec![Vec::new(); n.groupings.len()];
        for m in &n.memberships {
            if let Some(&g) = ix.get(&m.grouping) {
                if let Some(d) = direct.get_mut(g as usize) {
                    d.push(m);
                }
            }
        }
        let expand_ctx = Expand {
            direct: &direct,
            grouping_ix: &ix,
            sites,
            entities,
            spans: n.groupings.iter().map(|g| Span::of(&g.validity)).collect(),
        };
        let mut list = Vec::with_capacity(n.groupings.len());
        for (i, g) in n.groupings.iter().enumerate() {
            let mut members = Vec::new();
            let mut stack = Vec::new();
            expand_ctx.expand(ix32(i), None, Span::ALWAYS, &mut stack, &mut members);
            // By role, so that "the support of this GHT" is a short slice, not a scan.
            crate::order::sort_by_key(&mut members, |m| m.role);
            list.push(GroupingData {
                id: g.id.clone(),
                kind: g.kind,
                span: Span::of(&g.validity),
                members,
                filieres: g
                    .scope
                    .filieres
                    .iter()
                    .filter_map(|f| filieres.ix.get(f).copied())
                    .collect(),
            });
        }
        let mut site_groupings: Vec<Vec<SiteGrouping>> = vec![Vec::new(); sites.len()];
        for (gi, g) in list.iter().enumerate() {
            for m in &g.members {
                if let Some(l) = site_groupings.get_mut(m.site as usize) {
                    l.push(SiteGrouping {
                        grouping: ix32(gi),
                        role: m.role,
                        span: m.span.and(g.span),
                    });
                }
            }
        }
        let mut offsets = Vec::with_capacity(sites.len() + 1);
        let mut entries = Vec::new();
        offsets.push(0);
        for l in &site_groupings {
            entries.extend_from_slice(l);
            offsets.push(ix32(entries.len()));
        }
        Groupings {
            list,
            ix,
            offsets,
            entries,
        }
    }

    /// The grouping at an index, as a slice's `get`.
    pub fn get(&self, g: usize) -> Option<&GroupingData> {
        self.list.get(g)
    }

    /// The groupings a site belongs to, with role and validity.
    #[inline]
    pub fn of_site(&self, s: SiteIx) -> &[SiteGrouping] {
        let (Some(&a), Some(&b)) = (
            self.offsets.get(s as usize),
            self.offsets.get(s as usize + 1),
        ) else {
            return &[];
        };
        self.entries.get(a as usize..b as usize).unwrap_or(&[])
    }

    /// The member sites of grouping `id` (all of them, or those holding `role`), each with
    /// its membership and the grouping's validity together.
    pub fn members_with(&self, id: &str, role: Option<Role>) -> Vec<MemberSite> {
        self.ix
            .get(id)
            .and_then(|&g| self.list.get(g as usize))
            .map(|gd| {
                gd.members
                    .iter()
                    .filter(|m| role.is_none_or(|r| m.role == r))
                    .map(|m| MemberSite {
                        span: m.span.and(gd.span),
                        ..*m
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The sites ids stand for, as beneficiaries: a site, the sites of a legal entity, or the
    /// members of a grouping (with their membership and the grouping's validity).
    pub fn resolve_members(
        &self,
        ids: &[String],
        sites: &Sites,
        entities: &LegalEntities<'_>,
    ) -> Vec<MemberSite> {
        let mut out = Vec::new();
        for id in ids {
            if let Some(&s) = sites.ix.get(id) {
                out.push(MemberSite {
                    site: s,
                    role: Role::Beneficiary,
                    span: Span::ALWAYS,
                });
            } else if let Some(&le) = entities.ix.get(id.as_str()) {
                out.extend(entities.sites_of(le).iter().map(|&s| MemberSite {
                    site: s,
                    role: Role::Beneficiary,
                    span: Span::ALWAYS,
                }));
            } else if self.ix.contains_key(id) {
                out.extend(self.members_with(id, None));
            }
        }
        out
    }
}

/// What expanding a grouping to sites reads.
struct Expand<'a> {
    direct: &'a [Vec<&'a Membership>],
    grouping_ix: &'a HashMap<String, u32>,
    sites: &'a Sites,
    entities: &'a LegalEntities<'a>,
    spans: Vec<Span>,
}

impl Expand<'_> {
    /// Collects the member sites of grouping `g`. `outer_role` is the role the outermost
    /// membership gives (a nested grouping's members take its role in the outer grouping).
    fn expand(
        &self,
        g: u32,
        outer_role: Option<Role>,
        span: Span,
        stack: &mut Vec<u32>,
        out: &mut Vec<MemberSite>,
    ) {
        if stack.contains(&g) || stack.len() >= MAX_NESTING {
            return; // membership cycle or too deep: the checks report it
        }
        stack.push(g);
        for m in self.direct.get(g as usize).map_or(&[][..], Vec::as_slice) {
            let role = outer_role.unwrap_or(m.role);
            let mspan = span.and(Span::of(&m.validity));
            if let Some(&s) = self.sites.ix.get(&m.member) {
                out.push(MemberSite {
                    site: s,
                    role,
                    span: mspan,
                });
            } else if let Some(&le) = self.entities.ix.get(m.member.as_str()) {
                for &s in self.entities.sites_of(le) {
                    out.push(MemberSite {
                        site: s,
                        role,
                        span: mspan,
                    });
                }
            } else if let Some(&h) = self.grouping_ix.get(&m.member) {
                let inner = mspan.and(self.spans.get(h as usize).copied().unwrap_or(Span::ALWAYS));
                self.expand(h, Some(role), inner, stack, out);
            }
        }
        stack.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build() -> (Sites, Groupings) {
        let n = super::super::tests::network();
        let sites = Sites::build(&n);
        let entities = LegalEntities::build(&n, &sites);
        let groupings = Groupings::build(&n, &sites, &entities, &Filieres::build(&n));
        (sites, groupings)
    }

    #[test]
    fn groupings_expand_entities_and_nested_groupings_to_sites() {
        let (_, g) = build();
        let ght = g.get(0).map(|g| g.members.clone()).unwrap_or_default();
        // Sorted by role: the support (site a) first, then the CHU's sites b and c.
        let sites: Vec<(SiteIx, Role)> = ght.iter().map(|m| (m.site, m.role)).collect();
        assert_eq!(
            sites,
            vec![(1, Role::Support), (0, Role::Party), (2, Role::Party)]
        );
        assert_eq!(g.get(0).map(|g| g.with_role(Role::Party).len()), Some(2));
        // The GCS has the GHT as a member: its sites, all with the GHT's role in the GCS.
        let gcs: Vec<(SiteIx, Role)> = g
            .get(1)
            .map(|g| g.members.iter().map(|m| (m.site, m.role)).collect())
            .unwrap_or_default();
        assert_eq!(
            gcs,
            vec![(0, Role::Member), (2, Role::Member), (1, Role::Member)]
        );
        assert_eq!(g.get(0).map(|g| g.filieres.clone()), Some(vec![0]));
    }

    #[test]
    fn each_site_lists_its_groupings_with_both_validities() {
        let (_, g) = build();
        let of_a: Vec<(u32, Role, bool)> = g
            .of_site(1)
            .iter()
            .map(|m| (m.grouping, m.role, m.span == Span::ALWAYS))
            .collect();
        // The GCS holds from 2020: so does membership in it.
        assert_eq!(
            of_a,
            vec![(0, Role::Support, true), (1, Role::Member, false)]
        );
        assert!(g.of_site(99).is_empty());
    }

    #[test]
    fn ids_resolve_to_member_sites() {
        let n = super::super::tests::network();
        let (sites, g) = build();
        let entities = LegalEntities::build(&n, &sites);
        let ids = [
            "a".to_owned(),
            "le-chu".to_owned(),
            "gcs".to_owned(),
            "x".to_owned(),
        ];
        let got: Vec<SiteIx> = g
            .resolve_members(&ids, &sites, &entities)
            .iter()
            .map(|m| m.site)
            .collect();
        assert_eq!(got, vec![1, 0, 2, 0, 2, 1]);
        assert_eq!(g.members_with("ght", Some(Role::Support)).len(), 1);
        assert!(g.members_with("nope", None).is_empty());
    }
}
