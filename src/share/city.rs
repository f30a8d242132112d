//! City links (issue 7 item 4): the whole city view — every park's dataset and facts, the files
//! they came from, the year, where the 亩均 benchmarks come from, the parameter overrides and
//! the packs — as [`CityState`], and its conversion to and from the frozen city wire structs
//! ([`CityV1`], `v1c…` links, sealed as `v1x` with the inner kind `c`).
//!
//! The receiver rebuilds the same [`ParkInput`]s and evaluates them with
//! [`crate::city::City::evaluate`], so the dashboard, goal, closest park and ranking come out as
//! the sender saw them (with the same packs). Parks travel one by one as they went into the
//! city (before same-named parks are merged), each with its file and, when it came from a
//! single park's full-data link, the packs and parameters that link recorded.
//!
//! Owns the city link's layout only. Depends on `city` for its input and option types and on
//! the v1 dataset encoding of `state.rs`; never on the browser.

use serde::{Deserialize, Serialize};

use super::ShareError;
use super::state::{
    SourceStamp, dataset_from_wire, dataset_to_wire, for_link, overrides_from_wire,
    overrides_to_wire, short_stamp, source_from_wire, source_to_wire, stamp_to_wire,
    stamps_from_wire,
};
use super::wire::{DatasetV1, OverrideV1, SourceV1, StampV1};
use crate::city::{
    BenchmarkScope, CityEvaluation, CityOptions, InputSettings, ParkData, ParkInput,
};
use crate::dataset::Dataset;
use crate::rules::{Override, PackStamp};

/// A city link's content: everything the receiver needs to recompute the city view.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityState {
    /// The year the sender chose; `None` means the latest year with data in any park.
    pub year: Option<i32>,
    pub options: CityOptions,
    /// Parameter overrides as the sender wrote them (the same for every park).
    pub overrides: Vec<Override>,
    /// The packs the sender's city used (hashes: 16 hex characters).
    pub packs: Vec<PackStamp>,
    /// The files the parks came from, in the order they were added.
    pub files: Vec<SourceStamp>,
    /// Every park as it went into the city, in input order.
    pub parks: Vec<CityPark>,
}

/// One park of a city link.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CityPark {
    pub label: String,
    /// Index into [`CityState::files`].
    pub file: usize,
    /// Enterprise rows grouped by year; park facts.
    pub dataset: Dataset,
    /// The packs and parameters the park's own input recorded (a single park's link), if any.
    pub settings: Option<InputSettings>,
}

/// One file of a city and the parks it gave, as the sender has them.
#[derive(Debug, Clone, PartialEq)]
pub struct CityFileParks {
    pub file: SourceStamp,
    pub parks: Vec<ParkInput>,
}

impl CityState {
    /// The state behind a city link: `files` with their parks (as they went into
    /// [`crate::city::City::evaluate`]), the choices, and the evaluation the sender sees (for
    /// its packs).
    pub fn new(
        files: Vec<CityFileParks>,
        year: Option<i32>,
        overrides: Vec<Override>,
        options: CityOptions,
        evaluation: &CityEvaluation,
    ) -> CityState {
        let mut stamps = Vec::with_capacity(files.len());
        let mut parks = Vec::new();
        for (i, f) in files.into_iter().enumerate() {
            stamps.push(f.file);
            for park in f.parks {
                let ParkData::Dataset { dataset, settings } = park.data;
                let mut dataset = for_link(dataset);
                // The park is the label: a row's park name (from a park column) is not carried.
                for row in &mut dataset.enterprises {
                    row.park = None;
                }
                parks.push(CityPark {
                    label: park.label,
                    file: i,
                    dataset,
                    settings,
                });
            }
        }
        CityState {
            year,
            options,
            overrides,
            packs: evaluation.packs.iter().map(short_stamp).collect(),
            files: stamps,
            parks,
        }
    }

    /// The files with their parks, ready for [`crate::city::City::evaluate`] (each park's
    /// source is its file's name). A file without parks is kept (it was in the sender's list).
    pub fn into_files(self) -> Vec<CityFileParks> {
        let mut out: Vec<CityFileParks> = self
            .files
            .into_iter()
            .map(|file| CityFileParks {
                file,
                parks: Vec::new(),
            })
            .collect();
        for park in self.parks {
            if let Some(f) = out.get_mut(park.file) {
                let input = ParkInput {
                    label: park.label,
                    source: f.file.name.clone(),
                    data: ParkData::Dataset {
                        dataset: park.dataset,
                        settings: park.settings,
                    },
                };
                f.parks.push(input);
            }
        }
        out
    }

    /// The files with their parks as [`CityState::into_files`] gives them, each park marked
    /// with the link's packs and parameters where it records none of its own: for adding the
    /// link's parks to another city, which evaluates them with its own and flags differences.
    pub fn into_files_flagged(self) -> Vec<CityFileParks> {
        let settings = InputSettings {
            packs: self.packs.clone(),
            overrides: self.overrides.clone(),
        };
        let mut files = self.into_files();
        for park in files.iter_mut().flat_map(|f| f.parks.iter_mut()) {
            let ParkData::Dataset { settings: s, .. } = &mut park.data;
            s.get_or_insert_with(|| settings.clone());
        }
        files
    }

    /// Every park, in input order, for [`crate::city::City::evaluate`].
    pub fn inputs(&self) -> Vec<ParkInput> {
        self.clone()
            .into_files()
            .into_iter()
            .flat_map(|f| f.parks)
            .collect()
    }
}

// ---------------------------------------------------------------------------------------------
// The frozen city wire structs.
//
// **Frozen** like `wire.rs`: a `v1c` link made today must open in every later version. Never
// change, reorder, add or remove a field here; a new layout is a new kind letter or version.

/// The city link (`v1c`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CityV1 {
    pub year: Option<i32>,
    /// Code of [`SCOPES`].
    pub benchmarks: u8,
    pub overrides: Vec<OverrideV1>,
    pub packs: Vec<StampV1>,
    pub files: Vec<SourceV1>,
    pub parks: Vec<CityParkV1>,
}

/// One park of a city link.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct CityParkV1 {
    pub label: String,
    /// Index into [`CityV1::files`].
    pub file: u32,
    /// The packs and overrides the park's own input recorded.
    pub settings: Option<(Vec<StampV1>, Vec<OverrideV1>)>,
    pub data: DatasetV1,
}

/// Benchmark scopes by code. Append only.
const SCOPES: [BenchmarkScope; 2] = [BenchmarkScope::Park, BenchmarkScope::City];

pub(crate) fn city_to_wire(s: &CityState) -> CityV1 {
    CityV1 {
        year: s.year,
        benchmarks: SCOPES
            .iter()
            .position(|b| *b == s.options.benchmarks)
            .unwrap_or(0) as u8,
        overrides: overrides_to_wire(&s.overrides),
        packs: s.packs.iter().map(stamp_to_wire).collect(),
        files: s.files.iter().map(source_to_wire).collect(),
        parks: s
            .parks
            .iter()
            .map(|p| CityParkV1 {
                label: p.label.clone(),
                file: u32::try_from(p.file).unwrap_or(u32::MAX),
                settings: p.settings.as_ref().map(|set| {
                    (
                        set.packs.iter().map(stamp_to_wire).collect(),
                        overrides_to_wire(&set.overrides),
                    )
                }),
                data: dataset_to_wire(&p.dataset),
            })
            .collect(),
    }
}

pub(crate) fn city_from_wire(w: CityV1) -> Result<CityState, ShareError> {
    let benchmarks = *SCOPES
        .get(usize::from(w.benchmarks))
        .ok_or(ShareError::Malformed)?;
    let files = w
        .files
        .into_iter()
        .map(source_from_wire)
        .collect::<Result<Vec<_>, _>>()?;
    let parks = w
        .parks
        .into_iter()
        .map(|p| {
            let file = usize::try_from(p.file)
                .ok()
                .filter(|f| *f < files.len())
                .ok_or(ShareError::Malformed)?;
            let settings = match p.settings {
                None => None,
                Some((packs, overrides)) => Some(InputSettings {
                    packs: stamps_from_wire(packs)?,
                    overrides: overrides_from_wire(overrides),
                }),
            };
            Ok(CityPark {
                label: p.label,
                file,
                dataset: dataset_from_wire(p.data)?,
                settings,
            })
        })
        .collect::<Result<Vec<_>, ShareError>>()?;
    Ok(CityState {
        year: w.year,
        options: CityOptions { benchmarks },
        overrides: overrides_from_wire(w.overrides),
        packs: stamps_from_wire(w.packs)?,
        files,
        parks,
    })
}
