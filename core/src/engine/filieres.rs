//! The filières of an engine: their levels and the levels their flags ask for.

use super::{HashMap, ix32, rank8};
use crate::network::Network;

/// A filière, compiled.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FiliereData {
    pub id: String,
    /// The filière's name, for explanations.
    pub name: String,
    /// Level ids, lowest first: a level's rank is its position.
    pub levels: Vec<String>,
    /// Each level's name (its id when it has none), for explanations.
    pub level_names: Vec<String>,
    /// Flags that ask for a level, with the level's rank.
    pub flag_levels: Vec<(String, u8)>,
}

/// Filières, indexed by id.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filieres {
    /// Filières in file order; a filière's index is its position.
    pub list: Vec<FiliereData>,
    /// Filière id -> index.
    pub ix: HashMap<String, u32>,
}

impl Filieres {
    /// Indexes the filières of a network, with their levels' ranks.
    pub fn build(n: &Network) -> Filieres {
        let mut ix = HashMap::default();
        let mut list = Vec::with_capacity(n.filieres.len());
        for f in &n.filieres {
            ix.insert(f.id.clone(), ix32(list.len()));
            let levels: Vec<String> = f.levels.iter().map(|l| l.id.clone()).collect();
            let flag_levels = f
                .flag_levels
                .iter()
                .filter_map(|(flag, level)| {
                    levels
                        .iter()
                        .position(|l| l == level)
                        .map(|r| (flag.clone(), rank8(r)))
                })
                .collect();
            list.push(FiliereData {
                id: f.id.clone(),
                name: f.name.clone(),
                levels,
                level_names: f
                    .levels
                    .iter()
                    .map(|l| l.name.clone().unwrap_or_else(|| l.id.clone()))
                    .collect(),
                flag_levels,
            });
        }
        Filieres { list, ix }
    }

    /// Number of filières.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// The filière at an index, as a slice's `get`.
    pub fn get(&self, f: usize) -> Option<&FiliereData> {
        self.list.get(f)
    }

    /// The filières in index order.
    pub fn iter(&self) -> std::slice::Iter<'_, FiliereData> {
        self.list.iter()
    }

    /// The rank of a level of filière `f`, if it is one of its levels.
    #[inline]
    pub fn level_rank(&self, f: u32, level: &str) -> Option<usize> {
        self.list
            .get(f as usize)?
            .levels
            .iter()
            .position(|x| x == level)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filieres_rank_their_levels_and_flags() {
        let f = Filieres::build(&super::super::tests::network());
        assert_eq!(f.len(), 2);
        assert_eq!(f.ix.get("card").copied(), Some(1));
        assert_eq!(f.level_rank(0, "ref"), Some(1));
        assert_eq!(f.level_rank(1, "ref"), None);
        assert_eq!(f.level_rank(9, "ref"), None);
        let chir = f.get(0).map(|c| c.flag_levels.clone());
        assert_eq!(chir, Some(vec![("polytrauma".to_owned(), 2)]));
    }
}
