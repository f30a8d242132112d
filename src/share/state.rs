//! What a link carries, as domain-side types ([`ResultState`], [`FullState`]), and their
//! conversion to and from the frozen v1 wire structs.
//!
//! These types may grow; the wire structs may not. Every conversion from the wire checks codes,
//! lengths and indices and turns anything inconsistent into [`ShareError::Malformed`].

use std::collections::{BTreeMap, HashMap};

use serde::Serialize;

use crate::dataset::{
    ChecklistItem, Dataset, EnterpriseRecord, FieldId, Flag, ParkFacts, ParkTotals, Platform,
    PlatformLevel,
};
use crate::rules::scoring::ClassCounts;
use crate::rules::{
    Class, Comparator, Evaluation, ExitStatus, OverallState, Override, PackStamp, State,
};
use crate::session::Session;

use super::ShareError;
use super::number::Num;
use super::wire::{self, *};

/// A result link's content: a read-only snapshot of one evaluation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResultState {
    pub park_name: String,
    /// The evaluated year.
    pub year: Option<i32>,
    /// The packs used. Hashes are 16 hex characters (the link keeps the first 8 bytes).
    pub packs: Vec<PackStamp>,
    /// Parameter overrides that took effect.
    pub overrides: Vec<OverrideChange>,
    pub outcome: Outcome,
}

/// An override that took effect, as display text (`mujun.access_threshold: 5 → 3`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverrideChange {
    pub key: String,
    pub from: String,
    pub to: String,
}

/// What an evaluation showed: the scorecard and the ranking. Figures are rounded to
/// [`SIGNIFICANT_DIGITS`] significant digits (more than any view shows), so the same evaluation
/// always gives the same outcome and a short link.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Outcome {
    pub park: Option<ParkOutcome>,
    pub enterprises: Option<EnterprisesOutcome>,
}

/// Significant digits kept for the figures of an [`Outcome`].
pub const SIGNIFICANT_DIGITS: usize = 6;

/// The park scorecard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParkOutcome {
    /// C1–C8 in pack order.
    pub criteria: Vec<CriterionOutcome>,
    pub overall: OverallState,
    /// Criterion ids not satisfied, largest gap first.
    pub gaps: Vec<String>,
    /// 预警 in the evaluated year (`None`: unknown).
    pub warning: Option<bool>,
    /// 约谈 (`None`: a needed year's flag is unknown).
    pub interview: Option<bool>,
}

/// One criterion: state, observed value, threshold and gap.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CriterionOutcome {
    pub id: String,
    pub state: State,
    pub observed: Option<f64>,
    /// Unit of `observed` (`fraction` is shown as a percentage).
    pub unit: String,
    pub comparator: Option<Comparator>,
    pub threshold: Option<f64>,
    pub threshold_unit: String,
    pub gap: Option<GapOutcome>,
    /// Missing inputs (field or park fact ids) when not evaluable.
    pub missing: Vec<String>,
}

/// How far a criterion is from its threshold.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GapOutcome {
    pub amount: f64,
    pub unit: String,
    /// The equivalent if the non-qualifying part shrank instead (share rules).
    pub alternative: Option<f64>,
}

/// Class counts and every enterprise row of the year, in file order.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct EnterprisesOutcome {
    pub counts: ClassCounts,
    pub rows: Vec<EnterpriseOutcome>,
}

impl EnterprisesOutcome {
    /// Rows by rank, then the unranked rows (exempt, out of scope) in file order: the order of
    /// the ranking table.
    pub fn ranked(&self) -> Vec<&EnterpriseOutcome> {
        let mut rows: Vec<&EnterpriseOutcome> = self.rows.iter().collect();
        rows.sort_by_key(|r| r.rank.unwrap_or(u32::MAX));
        rows
    }
}

/// One enterprise of the ranking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EnterpriseOutcome {
    pub name: String,
    /// 1-based rank among evaluated rows.
    pub rank: Option<u32>,
    /// `None` when out of scope.
    pub class: Option<Class>,
    pub score: Option<f64>,
    pub exit: Option<ExitStatus>,
    /// 一票否决 (class C for that reason).
    pub vetoed: bool,
}

/// A full-data link's content: the dataset and choices, so the receiver recomputes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FullState {
    /// Enterprise rows grouped by year (ascending), file order kept within a year; `source`
    /// (sheet and row) is not carried.
    pub dataset: Dataset,
    /// The year the user chose; `None` means the latest year with data.
    pub year: Option<i32>,
    pub overrides: Vec<Override>,
    pub source: Option<SourceStamp>,
    /// The packs the sender's result used (hashes: 16 hex characters).
    pub packs: Vec<PackStamp>,
    /// What the sender saw, for the side-by-side diff after recomputing.
    pub seen: Option<Seen>,
}

/// The evaluation the sender saw when making a full-data link: its [`Outcome::essentials`]
/// (the results, not the rules' units, thresholds and gaps, which the pack stamps identify).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Seen {
    pub year: Option<i32>,
    pub outcome: Outcome,
}

/// Where the shared data came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceStamp {
    pub name: String,
    /// Lower-case hex SHA-256 of the file; empty when unknown (the built-in sample).
    pub sha256: String,
    pub sample: bool,
}

impl ResultState {
    /// The snapshot of `evaluation` for the park named `park_name`.
    pub fn from_evaluation(evaluation: &Evaluation, park_name: &str) -> ResultState {
        ResultState {
            park_name: park_name.to_string(),
            year: evaluation.year,
            packs: evaluation.packs.iter().map(short_stamp).collect(),
            overrides: evaluation
                .overrides
                .iter()
                .map(|o| OverrideChange {
                    key: o.key.clone(),
                    from: o.from.to_string(),
                    to: o.to.to_string(),
                })
                .collect(),
            outcome: Outcome::from_evaluation(evaluation),
        }
    }

    /// The snapshot of the session's current result; `None` when nothing is loaded.
    pub fn from_session(session: &Session) -> Option<ResultState> {
        let ingested = session.ingested.as_ref()?;
        let evaluation = session.evaluate()?;
        Some(ResultState::from_evaluation(
            &evaluation,
            &ingested.dataset.park.park_name,
        ))
    }
}

impl FullState {
    /// The state behind a full-data link; `evaluation` is what the sender sees (for the packs
    /// and the diff).
    pub fn new(
        dataset: Dataset,
        year: Option<i32>,
        overrides: Vec<Override>,
        source: Option<SourceStamp>,
        evaluation: &Evaluation,
    ) -> FullState {
        FullState {
            dataset: for_link(dataset),
            year,
            overrides,
            source,
            packs: evaluation.packs.iter().map(short_stamp).collect(),
            seen: Some(Seen {
                year: evaluation.year,
                outcome: Outcome::from_evaluation(evaluation).essentials(),
            }),
        }
    }

    /// The session's data and choices; `None` when nothing is loaded.
    pub fn from_session(session: &Session) -> Option<FullState> {
        let ingested = session.ingested.as_ref()?;
        let evaluation = session.evaluate()?;
        let source = session.source.as_ref().map(|s| SourceStamp {
            name: s.name.clone(),
            sha256: s.sha256.clone(),
            sample: s.sample,
        });
        Some(FullState::new(
            ingested.dataset.clone(),
            session.year,
            session.overrides.clone(),
            source,
            &evaluation,
        ))
    }

    /// Evaluates the shared data with the rules built into this version of the app.
    pub fn recompute(&self) -> Evaluation {
        crate::rules::evaluate_all(&self.dataset, self.year, &self.overrides)
    }

    /// The dataset, the chosen year and the overrides, to load into a session.
    pub fn into_parts(self) -> (Dataset, Option<i32>, Vec<Override>) {
        (self.dataset, self.year, self.overrides)
    }
}

impl Outcome {
    /// The results only: criterion ids, states and observed values, the verdict, 预警/约谈 and
    /// the ranking, without units, thresholds, gaps and missing inputs (what the rules bring).
    /// A full-data link carries this much of what the sender saw, to keep it short.
    pub fn essentials(&self) -> Outcome {
        let mut out = self.clone();
        for c in out.park.iter_mut().flat_map(|p| p.criteria.iter_mut()) {
            *c = CriterionOutcome {
                id: std::mem::take(&mut c.id),
                state: c.state,
                observed: c.observed,
                unit: String::new(),
                comparator: None,
                threshold: None,
                threshold_unit: String::new(),
                gap: None,
                missing: Vec::new(),
            };
        }
        out
    }

    /// The outcome of an evaluation, figures rounded to [`SIGNIFICANT_DIGITS`].
    pub fn from_evaluation(evaluation: &Evaluation) -> Outcome {
        let park = evaluation.park.as_ref().map(|p| ParkOutcome {
            criteria: p
                .criteria
                .iter()
                .map(|c| {
                    let t = &c.trace;
                    CriterionOutcome {
                        id: c.id.clone(),
                        state: t.state,
                        observed: t.observed.map(round),
                        unit: t.unit.clone(),
                        comparator: t.threshold.as_ref().and_then(|p| p.comparator),
                        threshold: t.threshold.as_ref().map(|p| round(p.value)),
                        threshold_unit: t
                            .threshold
                            .as_ref()
                            .map(|p| p.unit.clone())
                            .unwrap_or_default(),
                        gap: t.gap.as_ref().map(|g| GapOutcome {
                            amount: round(g.amount),
                            unit: g.unit.clone(),
                            alternative: g.alternative.map(round),
                        }),
                        missing: t.missing.clone(),
                    }
                })
                .collect(),
            overall: p.overall.state,
            gaps: p.overall.gaps.clone(),
            warning: p.years.last().and_then(|y| y.warning),
            interview: p.interview,
        });
        let enterprises = evaluation.enterprises.as_ref().map(|m| EnterprisesOutcome {
            counts: m.counts,
            rows: m
                .rows
                .iter()
                .map(|r| EnterpriseOutcome {
                    name: r.name.clone(),
                    rank: r.rank,
                    class: r.class,
                    score: r.score.map(round),
                    exit: r.exit,
                    vetoed: r.vetoed,
                })
                .collect(),
        });
        Outcome { park, enterprises }
    }
}

/// `x` rounded to [`SIGNIFICANT_DIGITS`] significant digits.
pub(crate) fn round(x: f64) -> f64 {
    if !x.is_finite() || x == 0.0 {
        return x;
    }
    format!("{x:.*e}", SIGNIFICANT_DIGITS - 1)
        .parse()
        .unwrap_or(x)
}

pub(super) fn short_stamp(p: &PackStamp) -> PackStamp {
    PackStamp {
        id: p.id.clone(),
        version: p.version.clone(),
        hash: hex(&hash8(&p.hash)),
    }
}

/// The dataset as a link carries it: rows grouped by year, without their sheet and row
/// (which the wire does not keep), so that the sender evaluates exactly what the receiver will.
pub(super) fn for_link(mut dataset: Dataset) -> Dataset {
    dataset.enterprises = by_year(dataset.enterprises);
    for row in &mut dataset.enterprises {
        row.source = None;
    }
    dataset
}

/// Rows grouped by year, ascending, file order kept within a year (a stable sort).
fn by_year(mut rows: Vec<EnterpriseRecord>) -> Vec<EnterpriseRecord> {
    rows.sort_by_key(|r| r.year);
    rows
}

// ---------------------------------------------------------------------------------------------
// Code tables of the domain enums, in the order of the frozen wire tables (a test checks).

pub(crate) const STATE_CODES: [State; 5] = [
    State::Pass,
    State::Near,
    State::Fail,
    State::NotApplicable,
    State::NotEvaluable,
];
pub(crate) const OVERALL_CODES: [OverallState; 3] = [
    OverallState::Met,
    OverallState::NotMet,
    OverallState::NotEvaluable,
];
pub(crate) const COMPARATOR_CODES: [Comparator; 4] = [
    Comparator::Gt,
    Comparator::Ge,
    Comparator::Lt,
    Comparator::Le,
];
pub(crate) const CLASS_CODES: [Class; 4] = [Class::A, Class::B, Class::C, Class::T];
pub(crate) const EXIT_CODES: [ExitStatus; 5] = [
    ExitStatus::Normal,
    ExitStatus::Warning,
    ExitStatus::Control,
    ExitStatus::Exit,
    ExitStatus::Exempt,
];
pub(crate) const LEVEL_CODES: [PlatformLevel; 4] = [
    PlatformLevel::National,
    PlatformLevel::Provincial,
    PlatformLevel::Municipal,
    PlatformLevel::Other,
];

fn code_of<T: PartialEq>(table: &[T], value: &T) -> u8 {
    table.iter().position(|v| v == value).unwrap_or(0) as u8
}

/// `0` for `None`, else 1 + the position.
fn opt_code_of<T: PartialEq>(table: &[T], value: Option<&T>) -> u8 {
    value.map_or(0, |v| 1 + code_of(table, v))
}

fn from_code<T: Copy>(table: &[T], code: u8) -> Result<T, ShareError> {
    table
        .get(usize::from(code))
        .copied()
        .ok_or(ShareError::Malformed)
}

fn from_opt_code<T: Copy>(table: &[T], code: u8) -> Result<Option<T>, ShareError> {
    match code {
        0 => Ok(None),
        c => from_code(table, c - 1).map(Some),
    }
}

fn tri_of(code: u8) -> Result<Option<bool>, ShareError> {
    wire::untri(code).map_err(|()| ShareError::Malformed)
}

// ---------------------------------------------------------------------------------------------
// Domain → wire

pub(crate) fn result_to_wire(s: &ResultState) -> ResultV1 {
    let names = s
        .outcome
        .enterprises
        .iter()
        .flat_map(|e| e.rows.iter().map(|r| r.name.clone()))
        .collect();
    ResultV1 {
        park_name: s.park_name.clone(),
        year: s.year,
        packs: s.packs.iter().map(stamp_to_wire).collect(),
        overrides: s
            .overrides
            .iter()
            .map(|o| ChangeV1 {
                key: o.key.clone(),
                from: o.from.clone(),
                to: o.to.clone(),
            })
            .collect(),
        outcome: outcome_to_wire(&s.outcome),
        names,
    }
}

pub(crate) fn full_to_wire(s: &FullState) -> FullV1 {
    FullV1 {
        source: s.source.as_ref().map(source_to_wire),
        year: s.year,
        overrides: overrides_to_wire(&s.overrides),
        packs: s.packs.iter().map(stamp_to_wire).collect(),
        data: dataset_to_wire(&s.dataset),
        seen: s
            .seen
            .as_ref()
            .map(|seen| (seen.year, outcome_to_wire(&seen.outcome))),
    }
}

pub(super) fn overrides_to_wire(overrides: &[Override]) -> Vec<OverrideV1> {
    overrides
        .iter()
        .map(|o| OverrideV1 {
            key: o.key.clone(),
            value: o.value.clone(),
        })
        .collect()
}

pub(super) fn overrides_from_wire(overrides: Vec<OverrideV1>) -> Vec<Override> {
    overrides
        .into_iter()
        .map(|o| Override {
            key: o.key,
            value: o.value,
        })
        .collect()
}

pub(super) fn stamps_from_wire(stamps: Vec<StampV1>) -> Result<Vec<PackStamp>, ShareError> {
    stamps.into_iter().map(stamp_from_wire).collect()
}

/// The wire form of a source stamp (the hash as raw bytes, empty when unknown).
pub(super) fn source_to_wire(s: &SourceStamp) -> SourceV1 {
    SourceV1 {
        name: s.name.clone(),
        sha256: unhex(&s.sha256).unwrap_or_default(),
        sample: s.sample,
    }
}

/// A source stamp from the wire; a hash that is neither empty nor 32 bytes is malformed.
pub(super) fn source_from_wire(s: SourceV1) -> Result<SourceStamp, ShareError> {
    if !s.sha256.is_empty() && s.sha256.len() != 32 {
        return Err(ShareError::Malformed);
    }
    Ok(SourceStamp {
        name: s.name,
        sha256: hex(&s.sha256),
        sample: s.sample,
    })
}

pub(super) fn stamp_to_wire(p: &PackStamp) -> StampV1 {
    let id = match BUILTIN_PACK_IDS.iter().position(|b| *b == p.id) {
        Some(i) => PackIdV1::Builtin(i as u8),
        None => PackIdV1::Other(p.id.clone()),
    };
    StampV1 {
        id,
        version: p.version.clone(),
        hash: hash8(&p.hash),
    }
}

/// The first 8 bytes of a hex hash (zeros where it is not hex).
fn hash8(hash: &str) -> [u8; 8] {
    let mut out = [0u8; 8];
    if let Some(bytes) = hash.get(..16).and_then(unhex) {
        out.copy_from_slice(&bytes);
    }
    out
}

fn outcome_to_wire(o: &Outcome) -> OutcomeV1 {
    OutcomeV1 {
        park: o.park.as_ref().map(|p| ParkOutcomeV1 {
            criteria: p
                .criteria
                .iter()
                .map(|c| CriterionV1 {
                    id: c.id.clone(),
                    state: code_of(&STATE_CODES, &c.state),
                    observed: Num(c.observed),
                    unit: c.unit.clone(),
                    comparator: opt_code_of(&COMPARATOR_CODES, c.comparator.as_ref()),
                    threshold: Num(c.threshold),
                    threshold_unit: c.threshold_unit.clone(),
                    gap: c.gap.as_ref().map(|g| GapV1 {
                        amount: Num(Some(g.amount)),
                        unit: g.unit.clone(),
                        alternative: Num(g.alternative),
                    }),
                    missing: c.missing.clone(),
                })
                .collect(),
            overall: code_of(&OVERALL_CODES, &p.overall),
            gaps: p
                .gaps
                .iter()
                .filter_map(|g| p.criteria.iter().position(|c| &c.id == g))
                .map(|i| i as u8)
                .collect(),
            warning: tri(p.warning),
            interview: tri(p.interview),
        }),
        enterprises: o.enterprises.as_ref().map(|e| EnterprisesV1 {
            counts: [
                e.counts.a,
                e.counts.b,
                e.counts.c,
                e.counts.t,
                e.counts.vetoed,
                e.counts.out_of_scope,
            ]
            .map(|n| u32::try_from(n).unwrap_or(u32::MAX)),
            rows: e
                .rows
                .iter()
                .map(|r| RowOutcomeV1 {
                    flags: opt_code_of(&CLASS_CODES, r.class.as_ref())
                        | opt_code_of(&EXIT_CODES, r.exit.as_ref()) << 3
                        | u8::from(r.vetoed) << 6,
                    rank: r.rank.unwrap_or(0),
                    score: Num(r.score),
                })
                .collect(),
        }),
    }
}

pub(super) fn dataset_to_wire(d: &Dataset) -> DatasetV1 {
    let mut fields_present = 0u32;
    for (bit, id) in wire::FIELDS.iter().enumerate() {
        if FieldId::from_id(id).is_some_and(|f| d.has_field(f)) {
            fields_present |= 1 << bit;
        }
    }
    let mut identities: Vec<IdentityV1> = Vec::new();
    let mut index: HashMap<(&str, Option<&str>), usize> = HashMap::new();
    let mut years = Vec::new();
    for year in d.years() {
        let rows: Vec<&EnterpriseRecord> = d.rows_of_year(year).collect();
        let mut who = Vec::with_capacity(rows.len());
        let mut next = 0i64;
        for r in &rows {
            let key = (r.name.as_str(), r.credit_code.as_deref());
            let i = *index.entry(key).or_insert_with(|| {
                identities.push(IdentityV1 {
                    name: r.name.clone(),
                    credit_code: r.credit_code.clone(),
                });
                identities.len() - 1
            }) as i64;
            who.push(i - next);
            next = i + 1;
        }
        let industry: Vec<Option<String>> = rows.iter().map(|r| r.industry.clone()).collect();
        let flags: Vec<u8> = rows
            .iter()
            .map(|r| {
                tri(r.leading)
                    | tri(r.high_tech) << 2
                    | tri(r.above_scale) << 4
                    | tri(r.new_project) << 6
            })
            .collect();
        let flag_value = |f: &Option<Flag>| tri(f.as_ref().map(|f| f.value));
        let marks: Vec<u8> = rows
            .iter()
            .map(|r| flag_value(&r.veto) | flag_value(&r.exempt) << 2)
            .collect();
        let mut notes = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            for (which, flag) in [(0u8, &r.veto), (1, &r.exempt)] {
                if let Some(note) = flag.as_ref().and_then(|f| f.note.clone()) {
                    notes.push((i as u32, which, note));
                }
            }
        }
        let numbers = wire::NUMERIC_FIELDS
            .iter()
            .map(|id| {
                let field = FieldId::from_id(id);
                let column: Vec<Num> = rows
                    .iter()
                    .map(|r| Num(field.and_then(|f| r.number(f))))
                    .collect();
                none_if_empty(column, |n| n.0.is_none())
            })
            .collect();
        years.push(YearV1 {
            year,
            who,
            industry: none_if_empty(industry, Option::is_none),
            flags: none_if_empty(flags, |b| *b == 0),
            marks: none_if_empty(marks, |b| *b == 0),
            notes,
            numbers,
        });
    }
    DatasetV1 {
        fields_present,
        park: park_to_wire(&d.park),
        identities,
        years,
    }
}

/// An empty column when every entry is empty.
fn none_if_empty<T>(column: Vec<T>, empty: impl Fn(&T) -> bool) -> Vec<T> {
    if column.iter().all(empty) {
        Vec::new()
    } else {
        column
    }
}

fn park_to_wire(p: &ParkFacts) -> ParkV1 {
    let mut checklist = 0u32;
    for (slot, id) in wire::CHECKLIST.iter().enumerate() {
        let answer = ChecklistItem::from_id(id).and_then(|item| item.answer(&p.checklist));
        checklist |= u32::from(tri(answer)) << (2 * slot);
    }
    ParkV1 {
        name: p.park_name.clone(),
        county: p.county.clone(),
        domain: p.domain.clone(),
        leading_industry: p.leading_industry.clone(),
        key_fields: p.key_fields.clone(),
        platforms: p
            .platforms
            .iter()
            .map(|pl| (pl.name.clone(), code_of(&LEVEL_CODES, &pl.level)))
            .collect(),
        new_factory_area: Num(p.new_factory_area),
        new_multistorey_area: Num(p.new_multistorey_area),
        checklist,
        provincial_reward: Num(p.provincial_reward),
        warnings: p.warnings.iter().map(|(y, w)| (*y, *w)).collect(),
        totals: p
            .totals
            .iter()
            .map(|(y, t)| (*y, Num(t.revenue), Num(t.land)))
            .collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// Wire → domain

pub(crate) fn result_from_wire(w: ResultV1) -> Result<ResultState, ShareError> {
    let mut names = w.names.into_iter();
    let outcome = outcome_from_wire(w.outcome, |_| names.next())?;
    if names.next().is_some() {
        return Err(ShareError::Malformed);
    }
    Ok(ResultState {
        park_name: w.park_name,
        year: w.year,
        packs: stamps_from_wire(w.packs)?,
        overrides: w
            .overrides
            .into_iter()
            .map(|o| OverrideChange {
                key: o.key,
                from: o.from,
                to: o.to,
            })
            .collect(),
        outcome,
    })
}

pub(crate) fn full_from_wire(w: FullV1) -> Result<FullState, ShareError> {
    let dataset = dataset_from_wire(w.data)?;
    let seen = match w.seen {
        None => None,
        Some((year, outcome)) => {
            let mut names = year
                .map(|y| dataset.rows_of_year(y).map(|r| r.name.clone()).collect())
                .unwrap_or_else(Vec::new)
                .into_iter();
            let outcome = outcome_from_wire(outcome, |_| names.next())?;
            if names.next().is_some() && outcome.enterprises.is_some() {
                return Err(ShareError::Malformed);
            }
            Some(Seen { year, outcome })
        }
    };
    let source = w.source.map(source_from_wire).transpose()?;
    Ok(FullState {
        dataset,
        year: w.year,
        overrides: overrides_from_wire(w.overrides),
        source,
        packs: stamps_from_wire(w.packs)?,
        seen,
    })
}

pub(super) fn stamp_from_wire(s: StampV1) -> Result<PackStamp, ShareError> {
    let id = match s.id {
        PackIdV1::Builtin(i) => BUILTIN_PACK_IDS
            .get(usize::from(i))
            .ok_or(ShareError::Malformed)?
            .to_string(),
        PackIdV1::Other(id) => id,
    };
    Ok(PackStamp {
        id,
        version: s.version,
        hash: hex(&s.hash),
    })
}

/// `name(i)` gives the name of enterprise row `i`; running out of names is malformed.
fn outcome_from_wire(
    o: OutcomeV1,
    mut name: impl FnMut(usize) -> Option<String>,
) -> Result<Outcome, ShareError> {
    let park = match o.park {
        None => None,
        Some(p) => {
            let criteria = p
                .criteria
                .into_iter()
                .map(|c| {
                    Ok(CriterionOutcome {
                        id: c.id,
                        state: from_code(&STATE_CODES, c.state)?,
                        observed: c.observed.0,
                        unit: c.unit,
                        comparator: from_opt_code(&COMPARATOR_CODES, c.comparator)?,
                        threshold: c.threshold.0,
                        threshold_unit: c.threshold_unit,
                        gap: match c.gap {
                            None => None,
                            Some(g) => Some(GapOutcome {
                                amount: g.amount.0.ok_or(ShareError::Malformed)?,
                                unit: g.unit,
                                alternative: g.alternative.0,
                            }),
                        },
                        missing: c.missing,
                    })
                })
                .collect::<Result<Vec<_>, ShareError>>()?;
            let gaps = p
                .gaps
                .iter()
                .map(|&i| {
                    criteria
                        .get(usize::from(i))
                        .map(|c| c.id.clone())
                        .ok_or(ShareError::Malformed)
                })
                .collect::<Result<_, _>>()?;
            Some(ParkOutcome {
                criteria,
                overall: from_code(&OVERALL_CODES, p.overall)?,
                gaps,
                warning: tri_of(p.warning)?,
                interview: tri_of(p.interview)?,
            })
        }
    };
    let enterprises = match o.enterprises {
        None => None,
        Some(e) => {
            let [a, b, c, t, vetoed, out_of_scope] = e.counts.map(|n| n as usize);
            let rows = e
                .rows
                .into_iter()
                .enumerate()
                .map(|(i, r)| {
                    if r.flags >> 7 != 0 {
                        return Err(ShareError::Malformed);
                    }
                    Ok(EnterpriseOutcome {
                        name: name(i).ok_or(ShareError::Malformed)?,
                        rank: (r.rank > 0).then_some(r.rank),
                        class: from_opt_code(&CLASS_CODES, r.flags & 7)?,
                        score: r.score.0,
                        exit: from_opt_code(&EXIT_CODES, (r.flags >> 3) & 7)?,
                        vetoed: r.flags & 64 != 0,
                    })
                })
                .collect::<Result<_, ShareError>>()?;
            Some(EnterprisesOutcome {
                counts: ClassCounts {
                    a,
                    b,
                    c,
                    t,
                    vetoed,
                    out_of_scope,
                },
                rows,
            })
        }
    };
    Ok(Outcome { park, enterprises })
}

pub(super) fn dataset_from_wire(w: DatasetV1) -> Result<Dataset, ShareError> {
    if w.fields_present >> wire::FIELDS.len() != 0 {
        return Err(ShareError::Malformed);
    }
    let fields_present = wire::FIELDS
        .iter()
        .enumerate()
        .filter(|(bit, _)| w.fields_present & (1 << bit) != 0)
        .filter_map(|(_, id)| FieldId::from_id(id))
        .collect();
    let numeric: Vec<Option<FieldId>> = wire::NUMERIC_FIELDS
        .iter()
        .map(|id| FieldId::from_id(id))
        .collect();
    let mut enterprises = Vec::new();
    let mut last_year = None;
    for y in w.years {
        // Years ascend strictly: each year is one block.
        if last_year.is_some_and(|l| y.year <= l) {
            return Err(ShareError::Malformed);
        }
        last_year = Some(y.year);
        let n = y.who.len();
        let column_ok = |len: usize| len == 0 || len == n;
        if !column_ok(y.industry.len())
            || !column_ok(y.flags.len())
            || !column_ok(y.marks.len())
            || y.numbers.len() != wire::NUMERIC_FIELDS.len()
            || !y.numbers.iter().all(|c| column_ok(c.len()))
        {
            return Err(ShareError::Malformed);
        }
        let mut industry = y.industry.into_iter();
        let mut next = 0i64;
        let start = enterprises.len();
        for i in 0..n {
            let index = next.checked_add(y.who[i]).ok_or(ShareError::Malformed)?;
            let identity = usize::try_from(index)
                .ok()
                .and_then(|i| w.identities.get(i))
                .ok_or(ShareError::Malformed)?;
            next = index + 1;
            let flags = y.flags.get(i).copied().unwrap_or(0);
            let marks = y.marks.get(i).copied().unwrap_or(0);
            if marks >> 4 != 0 {
                return Err(ShareError::Malformed);
            }
            let flag = |code: u8| -> Result<Option<Flag>, ShareError> {
                Ok(tri_of(code)?.map(|value| Flag { value, note: None }))
            };
            let mut record = EnterpriseRecord {
                name: identity.name.clone(),
                credit_code: identity.credit_code.clone(),
                year: y.year,
                industry: industry.next().flatten(),
                leading: tri_of(flags & 3)?,
                high_tech: tri_of(flags >> 2 & 3)?,
                above_scale: tri_of(flags >> 4 & 3)?,
                new_project: tri_of(flags >> 6 & 3)?,
                veto: flag(marks & 3)?,
                exempt: flag(marks >> 2 & 3)?,
                ..EnterpriseRecord::default()
            };
            for (column, field) in y.numbers.iter().zip(&numeric) {
                if let (Some(num), Some(field)) = (column.get(i), field)
                    && let Some(slot) = record.number_mut(*field)
                {
                    *slot = num.0;
                }
            }
            enterprises.push(record);
        }
        for (row, which, text) in y.notes {
            let record = usize::try_from(row)
                .ok()
                .filter(|r| *r < n)
                .and_then(|r| enterprises.get_mut(start + r))
                .ok_or(ShareError::Malformed)?;
            let flag = match which {
                0 => record.veto.as_mut(),
                1 => record.exempt.as_mut(),
                _ => None,
            }
            .ok_or(ShareError::Malformed)?;
            flag.note = Some(text);
        }
    }
    Ok(Dataset {
        enterprises,
        park: park_from_wire(w.park)?,
        fields_present,
    })
}

fn park_from_wire(p: ParkV1) -> Result<ParkFacts, ShareError> {
    if p.checklist >> (2 * wire::CHECKLIST.len()) != 0 {
        return Err(ShareError::Malformed);
    }
    let mut facts = ParkFacts {
        park_name: p.name,
        county: p.county,
        domain: p.domain,
        leading_industry: p.leading_industry,
        key_fields: p.key_fields,
        platforms: p
            .platforms
            .into_iter()
            .map(|(name, level)| {
                Ok(Platform {
                    name,
                    level: from_code(&LEVEL_CODES, level)?,
                })
            })
            .collect::<Result<_, ShareError>>()?,
        new_factory_area: p.new_factory_area.0,
        new_multistorey_area: p.new_multistorey_area.0,
        provincial_reward: p.provincial_reward.0,
        warnings: p.warnings.into_iter().collect(),
        totals: p
            .totals
            .into_iter()
            .map(|(y, revenue, land)| {
                (
                    y,
                    ParkTotals {
                        revenue: revenue.0,
                        land: land.0,
                    },
                )
            })
            .collect::<BTreeMap<_, _>>(),
        ..ParkFacts::default()
    };
    for (slot, id) in wire::CHECKLIST.iter().enumerate() {
        let code = (p.checklist >> (2 * slot) & 3) as u8;
        if let Some(item) = ChecklistItem::from_id(id) {
            *item.answer_mut(&mut facts.checklist) = tri_of(code)?;
        }
    }
    Ok(facts)
}

pub(super) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

pub(super) fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok())
        .collect()
}
