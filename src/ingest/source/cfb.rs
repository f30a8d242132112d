//! A minimal, bounds-checked reader of OLE compound files (CFB, `D0 CF 11 E0`): the directory
//! (to tell an `.xls` from a password-encrypted `.xlsx`, or a Word file) and one stream's byte
//! layout (so the XLS pre-scan can read and patch the `Workbook` stream in place).
//!
//! Every offset is checked and every chain walk is bounded by the number of sectors, so a
//! damaged or hostile file yields `None`, never a panic or a loop. Owns only the container; must
//! not know BIFF records.

/// The CFB signature.
pub const MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;
const MAX_REGULAR: u32 = 0xFFFF_FFFA;

/// One directory entry.
#[derive(Debug, Clone)]
pub struct Entry {
    pub name: String,
    /// 1 storage, 2 stream, 5 root.
    pub kind: u8,
    start: u32,
    size: u64,
}

/// A parsed compound file over borrowed bytes.
pub struct Cfb<'a> {
    bytes: &'a [u8],
    sector_size: usize,
    fat: Vec<u32>,
    mini_fat: Vec<u32>,
    mini_cutoff: u64,
    /// File offsets of the mini stream's sectors, in order.
    mini_stream_sectors: Vec<usize>,
    pub entries: Vec<Entry>,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

impl<'a> Cfb<'a> {
    /// Parses header, FAT, mini FAT and directory. `None` when any of them is unreadable.
    pub fn parse(bytes: &'a [u8]) -> Option<Cfb<'a>> {
        if bytes.get(..8)? != MAGIC {
            return None;
        }
        let shift = u16_at(bytes, 0x1E)?;
        if shift != 9 && shift != 12 {
            return None;
        }
        let sector_size = 1usize << shift;
        let sector_count = bytes.len().saturating_sub(sector_size) / sector_size + 1;
        let mut cfb = Cfb {
            bytes,
            sector_size,
            fat: Vec::new(),
            mini_fat: Vec::new(),
            mini_cutoff: u64::from(u32_at(bytes, 0x38)?),
            mini_stream_sectors: Vec::new(),
            entries: Vec::new(),
        };
        // The FAT sectors: 109 in the header, then the DIFAT chain.
        let mut fat_sectors: Vec<u32> = Vec::new();
        for i in 0..109 {
            let s = u32_at(bytes, 0x4C + i * 4)?;
            if s <= MAX_REGULAR {
                fat_sectors.push(s);
            }
        }
        let mut difat = u32_at(bytes, 0x44)?;
        let per_sector = sector_size / 4;
        let mut guard = 0;
        while difat <= MAX_REGULAR && guard < sector_count {
            let base = cfb.sector_offset(difat)?;
            for i in 0..per_sector - 1 {
                let s = u32_at(bytes, base + i * 4)?;
                if s <= MAX_REGULAR {
                    fat_sectors.push(s);
                }
            }
            difat = u32_at(bytes, base + (per_sector - 1) * 4)?;
            guard += 1;
        }
        fat_sectors.truncate(sector_count);
        for s in fat_sectors {
            let base = cfb.sector_offset(s)?;
            for i in 0..per_sector {
                cfb.fat.push(u32_at(bytes, base + i * 4)?);
            }
        }
        // The directory.
        let dir_start = u32_at(bytes, 0x30)?;
        for base in cfb.chain(dir_start)? {
            for i in 0..sector_size / 128 {
                let at = base + i * 128;
                let name_len = usize::from(u16_at(bytes, at + 64)?).min(64);
                let units: Vec<u16> = (0..name_len / 2)
                    .filter_map(|k| u16_at(bytes, at + k * 2))
                    .take_while(|u| *u != 0)
                    .collect();
                let kind = *bytes.get(at + 66)?;
                let size = u64_at(bytes, at + 120)?;
                let size = if shift == 9 { size & 0xFFFF_FFFF } else { size };
                cfb.entries.push(Entry {
                    name: String::from_utf16_lossy(&units),
                    kind,
                    start: u32_at(bytes, at + 116)?,
                    size,
                });
            }
        }
        // The mini FAT and the mini stream (held by the root entry).
        let mini_fat_start = u32_at(bytes, 0x3C)?;
        if mini_fat_start <= MAX_REGULAR {
            for base in cfb.chain(mini_fat_start)? {
                for i in 0..per_sector {
                    cfb.mini_fat.push(u32_at(bytes, base + i * 4)?);
                }
            }
        }
        if let Some(root) = cfb.entries.first().filter(|e| e.kind == 5)
            && root.start <= MAX_REGULAR
        {
            cfb.mini_stream_sectors = cfb.chain(root.start)?;
        }
        Some(cfb)
    }

    fn sector_offset(&self, sector: u32) -> Option<usize> {
        let offset = (sector as usize)
            .checked_add(1)?
            .checked_mul(self.sector_size)?;
        (offset.checked_add(self.sector_size)? <= self.bytes.len()).then_some(offset)
    }

    /// File offsets of the sectors of the chain starting at `start`.
    fn chain(&self, start: u32) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        let mut sector = start;
        while sector != END_OF_CHAIN && sector != FREE {
            if out.len() > self.fat.len() {
                return None; // a cycle
            }
            out.push(self.sector_offset(sector)?);
            sector = *self.fat.get(sector as usize)?;
        }
        Some(out)
    }

    /// Whether a stream or storage of this name exists (case-insensitive, as CFB names are).
    pub fn has(&self, name: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.kind != 0 && e.name.eq_ignore_ascii_case(name))
    }

    /// The byte layout of a stream: `(file offset, length)` runs in stream order.
    pub fn layout(&self, name: &str) -> Option<Vec<(usize, usize)>> {
        let entry = self
            .entries
            .iter()
            .find(|e| e.kind == 2 && e.name.eq_ignore_ascii_case(name))?;
        let size = usize::try_from(entry.size).ok()?.min(self.bytes.len());
        let mut runs = Vec::new();
        let mut left = size;
        if entry.size < self.mini_cutoff {
            let mut mini = entry.start;
            let mut guard = 0;
            while left > 0 && mini != END_OF_CHAIN && guard <= self.mini_fat.len() {
                let at = (mini as usize).checked_mul(64)?;
                let sector = self.mini_stream_sectors.get(at / self.sector_size)?;
                let len = left.min(64);
                runs.push((sector + at % self.sector_size, len));
                left -= len;
                mini = *self.mini_fat.get(mini as usize)?;
                guard += 1;
            }
        } else {
            for base in self.chain(entry.start)? {
                if left == 0 {
                    break;
                }
                let len = left.min(self.sector_size);
                runs.push((base, len));
                left -= len;
            }
        }
        // Every run must lie inside the file.
        runs.iter()
            .all(|(at, len)| at + len <= self.bytes.len())
            .then_some(runs)
    }
}

/// Reads a stream laid out as `runs` out of `bytes`.
pub fn read_runs(bytes: &[u8], runs: &[(usize, usize)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(runs.iter().map(|r| r.1).sum());
    for (at, len) in runs {
        out.extend_from_slice(bytes.get(*at..at + len).unwrap_or_default());
    }
    out
}

/// The file offset of byte `pos` of a stream laid out as `runs`.
pub fn file_offset(runs: &[(usize, usize)], pos: usize) -> Option<usize> {
    let mut start = 0;
    for (at, len) in runs {
        if pos < start + len {
            return Some(at + (pos - start));
        }
        start += len;
    }
    None
}
