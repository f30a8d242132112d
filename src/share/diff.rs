//! Opening a link made with other rules: which packs differ from the built-in ones, and a
//! side-by-side diff of what the link showed against what the current rules give.
//!
//! Plain data for the UI to render; nothing here formats or decides how to show a change.

use std::collections::HashMap;

use serde::Serialize;

use crate::rules::{PackStamp, builtin_compiled};

use super::state::{CriterionOutcome, EnterpriseOutcome, Outcome};

/// How one pack of the link compares with this app's built-in pack of the same id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PackChange {
    pub id: String,
    /// The pack the link was made with.
    pub link: PackStamp,
    /// The built-in pack with that id, `None` when this app has none (a custom pack).
    pub builtin: Option<PackStamp>,
}

/// The link's packs that differ from the built-in ones (other version or content, or unknown
/// here); empty when the current rules are the link's rules.
pub fn pack_changes(link: &[PackStamp]) -> Vec<PackChange> {
    let builtin: Vec<PackStamp> = builtin_compiled().iter().map(|p| p.stamp()).collect();
    link.iter()
        .filter_map(|l| {
            let current = builtin.iter().find(|b| b.id == l.id);
            let same = current.is_some_and(|b| {
                b.version == l.version && !l.hash.is_empty() && b.hash.starts_with(&l.hash)
            });
            (!same).then(|| PackChange {
                id: l.id.clone(),
                link: l.clone(),
                builtin: current.cloned(),
            })
        })
        .collect()
}

/// Whether any of the link's packs differs from the built-in pack.
pub fn packs_differ(link: &[PackStamp]) -> bool {
    !pack_changes(link).is_empty()
}

/// What the link showed beside what the current rules give.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Diff {
    /// Every criterion of either side, in the link's order then new ones.
    pub criteria: Vec<CriterionDiff>,
    /// Every enterprise of either side, in the link's order then new ones.
    pub enterprises: Vec<EnterpriseDiff>,
}

impl Diff {
    /// Whether anything differs.
    pub fn any_change(&self) -> bool {
        self.criteria.iter().any(|c| c.changed) || self.enterprises.iter().any(|e| e.changed)
    }
}

/// One criterion, as the link showed it and as recomputed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionDiff {
    pub id: String,
    pub link: Option<CriterionOutcome>,
    pub now: Option<CriterionOutcome>,
    /// The state or the observed value differs (or one side lacks the criterion). Units,
    /// thresholds and gaps are not compared: a full-data link does not carry them
    /// ([`super::Outcome::essentials`]).
    pub changed: bool,
}

/// One enterprise, as the link showed it and as recomputed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnterpriseDiff {
    pub name: String,
    pub link: Option<EnterpriseOutcome>,
    pub now: Option<EnterpriseOutcome>,
    /// Rank, class, score, exit status or veto differ (or one side lacks the enterprise).
    pub changed: bool,
}

/// Compares two outcomes. Criteria match by id; enterprises by name (the n-th row of a name
/// with the n-th row of the same name). Both sides are rounded alike
/// ([`super::SIGNIFICANT_DIGITS`]), so equal figures compare equal.
pub fn diff(link: &Outcome, now: &Outcome) -> Diff {
    let criteria_of = |o: &Outcome| -> Vec<CriterionOutcome> {
        o.park
            .as_ref()
            .map(|p| p.criteria.clone())
            .unwrap_or_default()
    };
    let (link_c, now_c) = (criteria_of(link), criteria_of(now));
    let mut criteria = Vec::new();
    for c in &link_c {
        let other = now_c.iter().find(|n| n.id == c.id).cloned();
        criteria.push(CriterionDiff {
            id: c.id.clone(),
            changed: other
                .as_ref()
                .is_none_or(|n| n.state != c.state || n.observed != c.observed),
            link: Some(c.clone()),
            now: other,
        });
    }
    for n in now_c
        .iter()
        .filter(|n| !link_c.iter().any(|c| c.id == n.id))
    {
        criteria.push(CriterionDiff {
            id: n.id.clone(),
            link: None,
            now: Some(n.clone()),
            changed: true,
        });
    }

    let rows_of = |o: &Outcome| -> Vec<EnterpriseOutcome> {
        o.enterprises
            .as_ref()
            .map(|e| e.rows.clone())
            .unwrap_or_default()
    };
    let (link_r, now_r) = (rows_of(link), rows_of(now));
    let keyed = |rows: &[EnterpriseOutcome]| -> Vec<(String, usize)> {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        rows.iter()
            .map(|r| {
                let n = seen.entry(r.name.as_str()).or_insert(0);
                *n += 1;
                (r.name.clone(), *n)
            })
            .collect()
    };
    let (link_k, now_k) = (keyed(&link_r), keyed(&now_r));
    let now_index: HashMap<&(String, usize), usize> =
        now_k.iter().enumerate().map(|(i, k)| (k, i)).collect();
    let mut matched = vec![false; now_r.len()];
    let mut enterprises = Vec::new();
    for (r, k) in link_r.iter().zip(&link_k) {
        let other = now_index.get(k).map(|&i| {
            matched[i] = true;
            now_r[i].clone()
        });
        enterprises.push(EnterpriseDiff {
            name: r.name.clone(),
            changed: other.as_ref() != Some(r),
            link: Some(r.clone()),
            now: other,
        });
    }
    for (r, _) in now_r.iter().zip(&matched).filter(|(_, m)| !**m) {
        enterprises.push(EnterpriseDiff {
            name: r.name.clone(),
            link: None,
            now: Some(r.clone()),
            changed: true,
        });
    }
    Diff {
        criteria,
        enterprises,
    }
}
