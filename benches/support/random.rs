//! Random enterprises for the native benches (rules, city): a fixed xorshift sequence, so every
//! run measures the same data.

use parkcheck::EnterpriseRecord;
use parkcheck::dataset::Flag;

/// A xorshift generator of numbers in [0, 1).
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// One enterprise's year: plausible land, revenue (times `growth`), tax, staff, energy and R&D,
/// flags at their usual rates (70% leading, 30% high-tech, 1% veto, 2% exempt).
pub fn enterprise(
    rng: &mut Rng,
    name: String,
    credit_code: String,
    year: i32,
    growth: f64,
) -> EnterpriseRecord {
    let land = 5.0 + rng.next() * 200.0;
    let revenue = land * (20.0 + rng.next() * 600.0) * growth;
    EnterpriseRecord {
        name,
        credit_code: Some(credit_code),
        year,
        leading: Some(rng.next() < 0.7),
        high_tech: Some(rng.next() < 0.3),
        above_scale: Some(rng.next() < 0.95),
        land_area: Some(land),
        revenue: Some(revenue),
        tax: Some(revenue * rng.next() * 0.06),
        employees: Some(10.0 + rng.next() * 500.0),
        energy: Some(10.0 + rng.next() * 50_000.0),
        rd_expense: Some(revenue * rng.next() * 0.05),
        veto: (rng.next() < 0.01).then(Flag::yes),
        exempt: (rng.next() < 0.02).then(Flag::yes),
        ..EnterpriseRecord::default()
    }
}
