#!/usr/bin/env python3
"""Writes the edge-case files under tests/cases/rules/ (run from the repository root).

The cases are plain TOML and are committed; this script only saves typing rows by hand. Expected
values are stated in each case, worked out by hand from DOMAIN.md §2, not by running the engine.
"""
import os

OUT = "tests/cases/rules"
ALL_FIELDS = ["name", "credit_code", "year", "leading", "high_tech", "above_scale", "land_area", "revenue", "tax",
              "employees", "energy", "rd_expense", "veto", "exempt", "new_project"]


def val(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{k} = {val(x)}" for k, x in v.items()) + " }"
    if isinstance(v, list):
        return "[" + ", ".join(val(x) for x in v) + "]"
    return '"' + str(v) + '"'


def row(name, year=2023, **kw):
    base = dict(name=name, year=year, leading=True, high_tech=True, above_scale=True, land_area=10, revenue=1000,
                tax=100, employees=10, energy=100, rd_expense=10)
    base.update(kw)
    return {k: v for k, v in base.items() if v is not None}


def ladder(n, year=2023, **kw):
    """n rows equal on everything but tax (10·k), so rank k is the row with the k-th largest tax."""
    return [row(f"E{k:02d}", year, tax=10 * k, credit_code=f"C{k:02d}", **kw) for k in range(1, n + 1)]


def write(name, comment, rows=(), park=None, fields=ALL_FIELDS, year=None, overrides=(), expect="", extra="",
          pack_text=None):
    lines = [f"# {comment}", f'name = "{name}"']
    if year is not None:
        lines.append(f"year = {year}")
    if overrides:
        lines.append(f"overrides = {val(list(overrides))}")
    if extra:
        lines.append(extra.strip())
    if pack_text:
        lines.append('pack_text = """\n' + pack_text.strip() + '\n"""')
    if expect:
        lines.append("\n" + expect.strip())
    lines.append("\n[dataset]")
    lines.append(f"fields_present = {val(list(fields))}")
    if park:
        lines.append("\n[dataset.park]")
        for k, v in park.items():
            if v is None or (isinstance(v, dict) and k in ("checklist", "totals", "warnings")):
                continue
            lines.append(f"{k} = {val(v)}")
        for k in ("checklist",):
            if k in park:
                lines.append(f"\n[dataset.park.{k}]")
                for kk, vv in park[k].items():
                    lines.append(f"{kk} = {val(vv)}")
        if "warnings" in park:
            lines.append("\n[dataset.park.warnings]")
            for kk, vv in park["warnings"].items():
                lines.append(f'"{kk}" = {val(vv)}')
        if "totals" in park:
            for kk, vv in park["totals"].items():
                lines.append(f'\n[dataset.park.totals."{kk}"]')
                for k3, v3 in vv.items():
                    lines.append(f"{k3} = {val(v3)}")
    for r in rows:
        lines.append("\n[[dataset.enterprises]]")
        for k, v in r.items():
            lines.append(f"{k} = {val(v)}")
    with open(os.path.join(OUT, name + ".toml"), "w") as f:
        f.write("\n".join(lines) + "\n")


FULL_CHECKLIST = dict(operator_model=True, financing_service=True, hr_service=True, living_facilities=True,
                      quality_one_stop=False, shared_facilities=False, chain_map=True, ecosystem_path_map=True,
                      enterprise_directory=True, no_major_incident=True, no_two_high_projects=True)
GOOD_PARK = dict(park_name="园区", key_fields=["甲", "乙"], platforms=[dict(name="国家级平台", level="national")],
                 new_factory_area=10000, new_multistorey_area=4000, checklist=FULL_CHECKLIST)


def park_with(**kw):
    p = dict(GOOD_PARK)
    p.update(kw)
    return p


def check(**kw):
    c = dict(FULL_CHECKLIST)
    c.update(kw)
    return c


# ---- park shares and the comparison epsilon --------------------------------------------------
write("c1_exactly_70_fails", "7000 of 10000 leading revenue is exactly 70%: C1 needs more than 70%.",
      [row("主导", revenue=7000, leading=True), row("其他", revenue=3000, leading=False)], GOOD_PARK,
      expect='''[expect.park]
criteria = [{ id = "C1", state = "fail", observed = 0.7, threshold = 0.7, gap = 0 }]''',
      extra='expect_sentences = [{ id = "C1", contains = "未超过 70% 的标准；还需增加主导产业营业收入（恰好等于标准，任意增加即可）" }]')
write("c1_70_with_float_drift_fails", "2333.1 / 3333 is 0.7 up to rounding; still exactly 70%, still not above it.",
      [row("主导", revenue=2333.1, leading=True), row("其他", revenue=999.9, leading=False)], GOOD_PARK,
      expect='''[expect.park]
criteria = [{ id = "C1", state = "fail", observed = 0.7 }]''')
write("c1_just_above_70_passes", "7001 of 10001 is 70.003%: above 70%.",
      [row("主导", revenue=7001, leading=True), row("其他", revenue=3000, leading=False)], GOOD_PARK,
      expect='''[expect.park]
criteria = [{ id = "C1", state = "pass", observed = { approx = 0.70003, tol = 0.00001 }, gap = "null" }]''')
write("c2_high_tech_revenue_column_overrides_flag",
      "high_tech_revenue overrides high_tech × revenue: 3000 of 10000 is 30% > 25% although no row is flagged.",
      [row("甲", revenue=6000, high_tech=False, high_tech_revenue=3000), row("乙", revenue=4000, high_tech=False)],
      GOOD_PARK, fields=ALL_FIELDS + ["high_tech_revenue"],
      expect='''[expect.park]
criteria = [{ id = "C2", state = "pass", observed = 0.3 }]''')
write("c1_flags_missing_not_evaluable", "No row says whether it is leading: C1 cannot be evaluated and names the inputs.",
      [row("甲", leading=None), row("乙", leading=None)], GOOD_PARK,
      expect='''[expect.park]
overall = "not_evaluable"
criteria = [{ id = "C1", state = "not_evaluable", observed = "null", missing = ["leading_revenue", "leading"] }]''')
write("c5_exactly_30_passes", "3000 of 10000 m² multi-storey is exactly 30%: C5 needs at least 30%.",
      [row("甲")], park_with(new_factory_area=10000, new_multistorey_area=3000),
      expect='''[expect.park]
criteria = [{ id = "C5", state = "pass", observed = 0.3, gap = "null" }]''')
write("c5_30_with_float_drift_passes", "0.9 of 3 m² is 0.3 up to rounding: still at least 30%.",
      [row("甲")], park_with(new_factory_area=3, new_multistorey_area=0.9),
      expect='''[expect.park]
criteria = [{ id = "C5", state = "pass" }]''')
write("c5_below_gap_in_square_metres", "2000 of 10000 m²: Δ = (0.3·10000 − 2000)/0.7 = 1428.57 m² more multi-storey.",
      [row("甲")], park_with(new_factory_area=10000, new_multistorey_area=2000),
      expect='''[expect.park]
criteria = [{ id = "C5", state = "fail", observed = 0.2, gap = 1428.57 }]''',
      extra='expect_sentences = [{ id = "C5", contains = "还需新增多层标准化厂房约 1428.57 平方米" }]')
write("c5_no_new_factories_not_applicable", "No new standard factories: C5 不适用, which does not block 达到创建标准.",
      [row("甲", 2022, revenue=900), row("甲")], park_with(new_factory_area=0, new_multistorey_area=0),
      expect='''[expect.park]
overall = "met"
criteria = [{ id = "C5", state = "not_applicable" }]''')
write("c5_missing_not_evaluable", "new_factory_area not given: C5 无法评价 naming park.new_factory_area.",
      [row("甲")], park_with(new_factory_area=None),
      expect='''[expect.park]
overall = "not_evaluable"
gaps = ["C4", "C5"]
criteria = [{ id = "C5", state = "not_evaluable", missing = ["park.new_factory_area"] }]''')

# ---- C3, C4 -----------------------------------------------------------------------------------
write("c3_municipal_platform_only_fails", "A 市级 platform does not count: 0 provincial-or-higher, 1 needed.",
      [row("甲")], park_with(platforms=[dict(name="市级中心", level="municipal")]),
      expect='''[expect.park]
criteria = [{ id = "C3", state = "fail", observed = 0, threshold = 1, gap = 1 }]''')
write("c4_near_6_5_percent", "亩均营收 100 → 106.5 over one year: 6.5% is within 1 pp of 7%: 接近, listed as a gap.",
      [row("甲", 2022, revenue=1000), row("甲", 2023, revenue=1065)], GOOD_PARK,
      expect='''[expect.park]
overall = "not_met"
gaps = ["C4"]
criteria = [{ id = "C4", state = "near", observed = 0.065, threshold = 0.07 }]''')
write("c4_fail_5_percent", "5% growth is more than 1 pp below 7%: 未达标; 2023 would need 107 万元/亩, i.e. 20 万元 more revenue.",
      [row("甲", 2022, revenue=1000), row("甲", 2023, revenue=1050)], GOOD_PARK,
      expect='''[expect.park]
criteria = [{ id = "C4", state = "fail", observed = 0.05, gap = 20 }]''')
write("c4_one_year_not_evaluable", "Only 2023 has data: C4 needs two years.",
      [row("甲", 2023)], GOOD_PARK,
      expect='''[expect.park]
criteria = [{ id = "C4", state = "not_evaluable", observed = "null" }]''')
write("c4_from_park_totals_only_year",
      "2021 has only park totals (80000 万元 on 1000 亩 = 80); 2023 rows give 100: CAGR over two years = 11.80%.",
      [row("甲", 2023, revenue=50000, land_area=500), row("乙", 2023, revenue=50000, land_area=500)],
      park_with(totals={"2021": dict(revenue=80000, land=1000)}),
      expect='''[expect.park]
mu_revenue_by_year = { "2021" = 80, "2023" = 100 }
totals_years = [2021]
criteria = [{ id = "C4", state = "pass", observed = 0.1180 }]''')

# ---- C6–C8 checklists ---------------------------------------------------------------------------
write("c6_two_of_five_services_fails", "Operator model present but only 2 of the 5 services: at least 3 needed.",
      [row("甲")], park_with(checklist=check(hr_service=False)),
      expect='''[expect.park]
criteria = [{ id = "C6", state = "fail", observed = 2, threshold = 3, gap = 1 }]''')
write("c6_unanswered_not_evaluable", "Nothing answered: C6–C8 无法评价, not 未达标.",
      [row("甲")], park_with(checklist={}, key_fields=[]),
      expect='''[expect.park]
overall = "not_evaluable"
gaps = ["C4", "C6", "C7", "C8"]
criteria = [
  { id = "C6", state = "not_evaluable" },
  { id = "C7", state = "not_evaluable" },
  { id = "C8", state = "not_evaluable" },
]''')
write("c7_one_key_field_fails", "Only 1 key field (2–3 required), although 两图一表 are done.",
      [row("甲")], park_with(key_fields=["锂电"]),
      expect='''[expect.park]
criteria = [{ id = "C7", state = "fail", observed = 1, threshold = 2, gap = 1 }]''')
write("c7_four_key_fields_fails", "4 key fields exceed the 2–3 the document asks for.",
      [row("甲")], park_with(key_fields=["a", "b", "c", "d"]),
      expect='''[expect.park]
criteria = [{ id = "C7", state = "fail", gap = 1 }]''')
write("c8_incident_fails", "A major incident in the last 3 years fails C8, self-declared.",
      [row("甲")], park_with(checklist=check(no_major_incident=False)),
      expect='''[expect.park]
criteria = [{ id = "C8", state = "fail" }]''',
      extra='expect_sentences = [{ id = "C8", contains = "近 3 年" }]')

# ---- warnings, interview, reward ---------------------------------------------------------------
write("interview_from_declared_warning", "2022 预警 declared in park facts, 2023 C2 fails: 约谈.",
      [row("甲", high_tech=False)], park_with(warnings={"2022": True}),
      expect='''[expect.park]
warnings_by_year = { "2022" = true, "2023" = true }
interview = true''')
write("no_interview_when_last_year_clean", "2022 declared without 预警; 2023 fails C2: 预警 but no 约谈.",
      [row("甲", high_tech=False)], park_with(warnings={"2022": False}),
      expect='''[expect.park]
warnings_by_year = { "2022" = false, "2023" = true }
interview = false''')
write("interview_unknown_without_prior_year", "Only 2023 known: whether to interview cannot be told.",
      [row("甲", high_tech=False)], GOOD_PARK,
      expect='''[expect.park]
interview = "null"''')
write("reward_capped_at_100", "10% of a 2000 万元 provincial reward is 200, capped at 100 万元.",
      [row("甲")], park_with(provincial_reward=2000),
      expect='''[expect.park]
reward = 100''')
write("reward_below_cap", "10% of 500 万元 is 50 万元.",
      [row("甲")], park_with(provincial_reward=500),
      expect='''[expect.park]
reward = 50''')

# ---- classes ------------------------------------------------------------------------------------
write("n1_single_enterprise_is_c", "N = 1: ⌊0.3⌋ = 0 A places, ⌈0.1⌉ = 1 C place.",
      ladder(1), GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "E01"
class = "C"
rank = 1
score = 100''')
write("n2_classes", "N = 2: no A, the lower-ranked is C.",
      ladder(2), GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "E02"
class = "B"
rank = 1

[[expect.enterprises]]
name = "E01"
class = "C"
rank = 2''')
write("n3_classes", "N = 3: ⌊0.9⌋ = 0 A, 1 C.",
      ladder(3), GOOD_PARK,
      expect='''expect_text = ["参评 3 家：A 类 0、B 类 2、C 类 1"]''')
write("n4_classes", "N = 4: ⌊1.2⌋ = 1 A, ⌈0.4⌉ = 1 C.",
      ladder(4), GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "E04"
class = "A"

[[expect.enterprises]]
name = "E03"
class = "B"

[[expect.enterprises]]
name = "E02"
class = "B"

[[expect.enterprises]]
name = "E01"
class = "C"''')
write("all_vetoed", "Every row vetoed: all C, no A, ranks still given.",
      [dict(r, veto=dict(value=True)) for r in ladder(3)], GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "E03"
class = "C"
rank = 1

[[expect.enterprises]]
name = "E01"
class = "C"
rank = 3''')
write("vetoes_exceed_c_quota", "N = 10, 3 vetoes (more than ⌈1⌉): C = the vetoed rows only; A = top 3 non-veto.",
      [dict(r, veto=dict(value=True)) if k in (9, 5, 1) else r for k, r in enumerate(ladder(10), 1)], GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "E09"
class = "C"
rank = 2

[[expect.enterprises]]
name = "E10"
class = "A"

[[expect.enterprises]]
name = "E08"
class = "A"

[[expect.enterprises]]
name = "E07"
class = "A"

[[expect.enterprises]]
name = "E06"
class = "B"

[[expect.enterprises]]
name = "E02"
class = "B"''',
      extra='expect_text = ["A 类 3、B 类 4、C 类 3（其中一票否决 3）"]')
write("c_filled_from_the_bottom", "N = 10 and no veto: ⌈1.0⌉ = 1 C (no float drift to 2), ⌊3.0⌋ = 3 A.",
      ladder(10), GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "E01"
class = "C"

[[expect.enterprises]]
name = "E02"
class = "B"

[[expect.enterprises]]
name = "E08"
class = "A"''')
write("ties_broken_by_credit_code", "Four identical rows: ties go by credit_code; A = first of ⌊1.2⌋ = 1, C = last.",
      [row("丁", credit_code="91D"), row("甲", credit_code="91A"), row("丙", credit_code="91C"), row("乙", credit_code="91B")],
      GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "甲"
class = "A"
rank = 1
score = 100

[[expect.enterprises]]
name = "乙"
rank = 2

[[expect.enterprises]]
name = "丙"
rank = 3

[[expect.enterprises]]
name = "丁"
class = "C"
rank = 4''')
small = [row(f"S{k}", revenue=100, tax=10, energy=100, rd_expense=1) for k in range(1, 7)]
huge = [row(f"H{k}", revenue=10000, tax=1000 + k, energy=100, rd_expense=100, credit_code=f"Z{k}") for k in range(1, 5)]
write("ties_at_a_boundary_by_mu_tax",
      "Median benchmark: four large rows all hit the cap (192.857 each); 亩均税收 breaks the tie; A quota ⌊3⌋ leaves H1 in B.",
      small + huge, GOOD_PARK, overrides=["mujun.benchmark=median"],
      expect='''[expect]
benchmarks = { mu_tax = 1 }

[[expect.enterprises]]
name = "H4"
class = "A"
rank = 1
score = 192.857

[[expect.enterprises]]
name = "H2"
class = "A"
rank = 3

[[expect.enterprises]]
name = "H1"
class = "B"
rank = 4
score = 192.857''')

# ---- benchmarks and scoring options -------------------------------------------------------------
write("zero_benchmark", "Nobody pays tax: the 亩均税收 benchmark is 0, the item scores 0 for all, with a diagnostic.",
      [row("甲", tax=0), row("乙", tax=0)], GOOD_PARK,
      expect='''[expect]
benchmarks = { mu_tax = 0 }

[[expect.enterprises]]
name = "甲"
score = 71.43
indicators = { mu_tax = { value = 0, score = 0 } }''',
      extra='expect_diagnostics = ["mujun.benchmark_not_positive"]')
write("negative_benchmark", "Net refunds: Σ tax < 0 makes the benchmark negative; scored 0 with a diagnostic.",
      [row("甲", tax=-50), row("乙", tax=10)], GOOD_PARK,
      expect='''[expect]
benchmarks = { mu_tax = -2 }

[[expect.enterprises]]
name = "乙"
indicators = { mu_tax = { value = 1, score = 0 } }''',
      extra='expect_diagnostics = ["mujun.benchmark_not_positive"]')
write("negative_tax_scores_zero", "A refund row (tax −50) scores 0 on 亩均税收 (clamped), the other row 2×: 40 points.",
      [row("甲", tax=-50), row("乙", tax=150)], GOOD_PARK,
      expect='''[expect]
benchmarks = { mu_tax = 5 }

[[expect.enterprises]]
name = "甲"
below_threshold = true
indicators = { mu_tax = { value = -5, score = 0 } }

[[expect.enterprises]]
name = "乙"
indicators = { mu_tax = { value = 15, score = 40 } }''')
write("missing_value_scores_zero", "乙 has no employees: 人均营收 missing, 0 points, diagnostic; benchmark from 甲 only.",
      [row("甲"), row("乙", employees=None)], GOOD_PARK,
      expect='''[expect]
benchmarks = { per_capita_revenue = 100 }

[[expect.enterprises]]
name = "乙"
score = 71.43
indicators = { per_capita_revenue = { value = "null", score = 0 } }''',
      extra='expect_diagnostics = ["mujun.missing_value"]')
write("missing_as_average", "With missing = average, 乙's missing 人均营收 scores the average item score (20).",
      [row("甲"), row("乙", employees=None)], GOOD_PARK, overrides=["mujun.missing=average"],
      expect='''[expect]
overrides = [{ key = "mujun.missing", from = "zero", to = "average" }]

[[expect.enterprises]]
name = "乙"
score = 100
indicators = { per_capita_revenue = { value = "null", score = 20 } }''')
write("median_benchmark", "Median of 亩均营收 100, 200, 600 is 200 (aggregate would be 300).",
      [row("甲", revenue=1000), row("乙", revenue=2000), row("丙", revenue=6000)], GOOD_PARK,
      overrides=["mujun.benchmark=median"],
      expect='''[expect]
benchmarks = { mu_revenue = 200 }

[[expect.enterprises]]
name = "甲"
indicators = { mu_revenue = { value = 100, score = 10 } }''')
write("zero_land_is_missing", "Land 0: every per-mu value is missing (denominator ≤ 0), with a diagnostic.",
      [row("甲", land_area=0), row("乙")], GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "甲"
below_threshold = true
indicators = { mu_revenue = { value = "null", score = 0 }, mu_tax = { value = "null", score = 0 } }''',
      extra='expect_diagnostics = ["mujun.missing_value"]')

# ---- scope and exempt ---------------------------------------------------------------------------
write("scope_columns_absent_all_rows", "No above_scale/new_project column: every row is evaluated, with a diagnostic.",
      [row("甲", above_scale=None), row("乙", above_scale=None)], GOOD_PARK,
      fields=[f for f in ALL_FIELDS if f not in ("above_scale", "new_project")],
      expect='''[[expect.enterprises]]
name = "甲"
in_scope = true
class = "C"

[[expect.enterprises]]
name = "乙"
class = "B"''',
      extra='expect_diagnostics = ["mujun.scope_columns_absent"]')
write("scope_filters_rows", "Not above scale but a new project: in scope. Neither: out of scope (class null).",
      [row("新项目", above_scale=False, new_project=True), row("规下", above_scale=False, new_project=False),
       row("规上", above_scale=True, new_project=False)], GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "新项目"
in_scope = true

[[expect.enterprises]]
name = "规下"
in_scope = false
class = "null"
score = "null"
exit_status = "null"
below_threshold = "null"''',
      extra='forbid_diagnostics = ["mujun.scope_columns_absent"]')
write("exempt_rows_are_t_and_excluded", "An exempt row is T and left out of N and of the benchmarks.",
      [row("甲"), row("乙", revenue=99999, exempt=dict(value=True))], GOOD_PARK,
      expect='''[expect]
benchmarks = { mu_revenue = 100 }

[[expect.enterprises]]
name = "乙"
class = "T"
exit_status = "exempt"
rank = "null"

[[expect.enterprises]]
name = "甲"
class = "C"
score = 100''')

# ---- exit mechanism -----------------------------------------------------------------------------
ok = lambda y: row("好企业", y, tax=100)
write("exit_missing_middle_year_breaks_run", "Below in 2021 and 2023, no row in 2022: the run is 1 → 预警.",
      [row("差", 2021, tax=10), ok(2021), ok(2022), row("差", 2023, tax=10), ok(2023)], GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "差"
below_threshold = true
run_length = 1
exit_status = "warning"''')
write("exit_exempt_year_breaks_run", "Below 2021, exempt 2022, below 2023: run 1.",
      [row("差", 2021, tax=10), row("差", 2022, tax=10, exempt=dict(value=True)), row("差", 2023, tax=10), ok(2023)],
      GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "差"
run_length = 1
exit_status = "warning"''')
write("exit_matched_by_credit_code_across_renames", "Same credit code under a new name: the run continues → 重点管控.",
      [row("旧名", 2022, tax=10, credit_code="91X"), row("新名", 2023, tax=10, credit_code="91X"), ok(2023)], GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "新名"
run_length = 2
exit_status = "control"''')
write("exit_four_years_is_exit", "Below 2020–2023: run 4 → 清退.",
      [row("差", y, tax=10) for y in (2020, 2021, 2022, 2023)] + [ok(2023)], GOOD_PARK,
      expect='''[[expect.enterprises]]
name = "差"
run_length = 4
exit_status = "exit"''')
write("access_threshold_override_recorded", "--set mujun.access_threshold=3: 4 万元/亩 is no longer below; the override is listed.",
      [row("甲", tax=40), row("乙")], GOOD_PARK, overrides=["mujun.access_threshold=3"],
      expect='''[expect]
overrides = [{ key = "mujun.access_threshold", pack = "sichuan-mujun", from = 5, to = 3 }]

[[expect.enterprises]]
name = "甲"
below_threshold = false
exit_status = "normal"''')
write("override_of_seed_parameter_rejected", "run_control is seed: overriding it is refused and nothing is recorded.",
      [row("甲")], GOOD_PARK, overrides=["mujun.run_control=1", "nosuchpack.x=1"],
      expect='''[expect]
overrides = []''',
      extra='expect_diagnostics = ["override.rejected", "override.unknown_pack"]')

# ---- whole-evaluation edges ---------------------------------------------------------------------
write("empty_dataset", "Nothing at all: year null, everything 无法评价 or empty, no panic.",
      [], None, fields=[],
      expect='''[expect]
year = "null"
enterprises = []

[expect.park]
overall = "not_met"
criteria = [{ id = "C1", state = "not_evaluable" }, { id = "C3", state = "fail" }]''',
      extra='expect_diagnostics = ["eval.no_year"]')
write("explicit_earlier_year", "Year 2022 chosen although 2023 exists: 2023 rows are ignored.",
      [row("甲", 2022, revenue=1000), row("甲", 2023, revenue=5000)], GOOD_PARK, year=2022,
      expect='''[expect]
year = 2022

[expect.park]
mu_revenue_by_year = { "2022" = 100 }''')
write("outside_effective_range", "The park pack applies 2021–2023; evaluating 2025 warns but still evaluates.",
      [row("甲", 2025)], GOOD_PARK,
      expect='''[expect]
year = 2025''',
      extra='expect_diagnostics = ["eval.outside_effective_range"]')

CUSTOM = '''
extends = "sichuan-mujun"
id = "yaan-mujun-demo"
version = "2024.1"
title = { zh = "雅安亩均评价（示例）", en = "Ya'an per-mu evaluation (example)" }

[[indicator]]
id = "mu_value_added"
enabled = true
weight = 15
clause = "示例：本市地方指标"

[[indicator]]
id = "tax_per_electricity"
enabled = true
weight = 15
clause = "示例：本市地方指标"
'''
write("custom_pack_two_local_indicators",
      "A city pack enables 亩均增加值 and 单位电耗税收 at 15 + 15: total weight 100; 甲 doubles both local values.",
      [row("甲", value_added=400, electricity=10), row("乙", value_added=200, electricity=20)], GOOD_PARK,
      fields=ALL_FIELDS + ["value_added", "electricity"], pack_text=CUSTOM,
      expect='''[expect]
packs = [{ id = "sichuan-5plus1-park" }, { id = "yaan-mujun-demo", version = "2024.1" }]
benchmarks = { mu_value_added = 30, tax_per_electricity = 6.6667 }

[[expect.enterprises]]
name = "甲"
score = 112.5
indicators = { mu_value_added = { value = 40, score = 20 }, tax_per_electricity = { value = 10, score = 22.5 } }''')
