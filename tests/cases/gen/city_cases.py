#!/usr/bin/env python3
"""Works out the expected city results of the fixture set from the DOMAIN.md formulas (§2.1 park
standards, 预警/约谈; §2.2 亩均 scoring), independently of the engine. Prints the figures that
tests/cases/city/*.toml state; run from the repository root: python3 tests/cases/gen/city_cases.py
"""
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from city_data import CSV_PARK, PARKS, YEARS, rows_of  # noqa: E402

Y = 2023
WEIGHTS = {"mu_revenue": 20, "mu_tax": 20, "per_capita_revenue": 20, "energy_productivity": 5,
           "rd_intensity": 5}
FORMULA = {"mu_revenue": ("revenue", "land"), "mu_tax": ("tax", "land"),
           "per_capita_revenue": ("revenue", "employees"), "energy_productivity": ("revenue", "energy"),
           "rd_intensity": ("rd", "revenue")}


def park_figures(p):
    out = {}
    for y in YEARS:
        rows = [r for r in rows_of(p) if r["year"] == y]
        t = sum(r["revenue"] for r in rows)
        l = sum(r["revenue"] for r in rows if r["leading"])
        h = sum(r["revenue"] for r in rows if r["high_tech"])
        land = sum(r["land"] for r in rows)
        out[y] = dict(T=t, c1=l / t, c2=h / t, mu=t / land, H=h)
    return out


def score(rows):
    """Benchmarks (aggregate ratio), totals, ranks and classes of one evaluation."""
    bench = {}
    for ind, (n, d) in FORMULA.items():
        bench[ind] = sum(r[n] for r in rows) / sum(r[d] for r in rows)
    res = []
    for r in rows:
        items = {ind: WEIGHTS[ind] * min(max((r[n] / r[d]) / bench[ind], 0), 2) for ind, (n, d) in FORMULA.items()}
        total = sum(items.values()) * 100 / 70
        res.append(dict(r, total=total, mu_tax=r["tax"] / r["land"]))
    res.sort(key=lambda x: (-x["total"], -x["mu_tax"], x["name"]))
    n = len(res)
    a_quota, c_quota = math.floor(0.30 * n + 1e-9), math.ceil(0.10 * n - 1e-9)
    for i, x in enumerate(res):
        x["rank"] = i + 1
        x["class"] = "A" if i < a_quota else ("C" if i >= n - c_quota else "B")
    return bench, res


def main():
    for p in PARKS:
        f = park_figures(p)
        c4 = (f[Y]["mu"] / f[YEARS[0]]["mu"]) ** (1 / (Y - YEARS[0])) - 1
        print(p["name"])
        for y in YEARS:
            print(f"  {y}: T={f[y]['T']} C1={f[y]['c1']:.6f} C2={f[y]['c2']:.6f} mu={f[y]['mu']:.4f}")
        r = 0.25
        gap_c2 = max(0.0, (r * f[Y]["T"] - f[Y]["H"]) / (1 - r))
        print(f"  C4 CAGR {YEARS[0]}-{Y}: {c4:.6f}; C2 gap Δ = {gap_c2:.4f}, relative {(0.25 - f[Y]['c2']) / 0.25:.6f}")
        print(f"  C5 {p['new_multistorey_area'] / p['new_factory_area']:.4f}")
        bench, res = score([r for r in rows_of(p) if r["year"] == Y])
        print("  park benchmarks:", {k: round(v, 6) for k, v in bench.items()})
        for x in res:
            print(f"    {x['rank']} {x['name']} {x['total']:.4f} {x['class']} mu_tax={x['mu_tax']:.2f}")
    d = [r for r in rows_of(CSV_PARK) if r["year"] == Y]
    t = sum(r["revenue"] for r in d)
    print(f"{CSV_PARK['name']}: T={t} C1={sum(r['revenue'] for r in d if r['leading']) / t:.6f} "
          f"C2={sum(r['revenue'] for r in d if r['high_tech']) / t:.6f} mu={t / sum(r['land'] for r in d):.4f}")
    bench, res = score(d)
    for x in res:
        print(f"    {x['rank']} {x['name']} {x['total']:.4f} {x['class']} mu_tax={x['mu_tax']:.2f}")
    rows = [r for p in PARKS for r in rows_of(p) if r["year"] == Y]
    bench, res = score(rows)
    print("city benchmarks:", {k: round(v, 6) for k, v in bench.items()})
    for x in res:
        print(f"  {x['rank']} {x['park']} {x['name']} {x['total']:.4f} {x['class']}")
    for p in PARKS:
        mine = [x for x in res if x["park"] == p["name"]]
        print(f"  A share {p['name']}: {sum(x['class'] == 'A' for x in mine)}/{len(mine)}")


main()
