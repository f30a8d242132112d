"""The three parks of the city fixture set (tests/fixtures/city/), as plain data.

Shared by make_city_fixtures.py (which writes the spreadsheets) and city_cases.py (which works
out the expected results from the DOMAIN.md formulas, independently of the engine).

Design: 雅安经济开发区 meets every standard; 名山经济开发区 fails exactly one (C2 high-tech share
24% against > 25% in 2023, after 26% in 2022: 预警 but no 约谈); 汉源工业园区 fails C1 (leading
share about 60%) in every year and C3 (only a municipal platform): 预警 in 2022 and 2023 → 约谈.
Per enterprise: employees = 2 × land, energy = 100 × land, R&D = 3% of revenue, so 人均营收 and
单位能耗营收 are proportional to 亩均营收 and 研发强度 is 3% everywhere; tax does not change across
years except 汉源冶金 (600 → 600 → 400).
"""

YEARS = [2021, 2022, 2023]

# name, leading, high_tech, land (亩), revenue by year (万元), tax by year (万元)
PARKS = [
    {
        "name": "雅安经济开发区",
        "file": "park-a-yaan.xlsx",
        "county": "雨城区",
        "platforms": "四川省锂电材料工程技术研究中心（省级）",
        "new_factory_area": 100000,
        "new_multistorey_area": 40000,
        "checks": {"operator": True, "financing": True, "hr": True, "living": True, "quality": False,
                   "shared": True, "chain": True, "path": True, "directory": True, "incident": True,
                   "two_high": True},
        "key_fields": "锂电材料；精密制造",
        "enterprises": [
            ("雅安锂电新材料有限公司", True, True, 100, [25600, 28800, 32000], [1600, 1600, 1600]),
            ("雨城铝材科技有限公司", True, False, 50, [9600, 10800, 12000], [400, 400, 400]),
            ("川西精密制造有限公司", True, True, 40, [12800, 14400, 16000], [600, 600, 600]),
            ("雅安建材有限公司", False, False, 10, [1600, 1800, 2000], [30, 30, 30]),
        ],
    },
    {
        "name": "名山经济开发区",
        "file": "park-b-mingshan.xlsx",
        "county": "名山区",
        "platforms": "四川省茶叶精深加工工程技术研究中心（省级）",
        "new_factory_area": 60000,
        "new_multistorey_area": 21000,
        "checks": {"operator": True, "financing": True, "hr": True, "living": True, "quality": True,
                   "shared": True, "chain": True, "path": True, "directory": True, "incident": True,
                   "two_high": True},
        "key_fields": "茶叶精深加工；食品饮料",
        "enterprises": [
            ("名山绿茶科技有限公司", True, True, 80, [6400, 7500, 7200], [640, 640, 640]),
            ("名山食品饮料有限公司", True, False, 60, [14400, 16500, 18400], [900, 900, 900]),
            ("蒙顶山茶业有限公司", True, False, 40, [9200, 11250, 12000], [240, 240, 240]),
            ("名山包装材料有限公司", False, True, 20, [2000, 2250, 2400], [60, 60, 60]),
        ],
    },
    {
        "name": "汉源工业园区",
        "file": "park-c-hanyuan.xlsx",
        "county": "汉源县",
        "platforms": "汉源县硅材料研发中心（市级）",
        "new_factory_area": 50000,
        "new_multistorey_area": 20000,
        "checks": {"operator": True, "financing": True, "hr": True, "living": True, "quality": True,
                   "shared": True, "chain": True, "path": True, "directory": True, "incident": True,
                   "two_high": True},
        "key_fields": "硅材料；新型建材",
        "enterprises": [
            ("汉源硅业有限公司", True, True, 100, [15000, 16000, 18000], [800, 800, 800]),
            ("汉源冶金有限公司", False, False, 100, [10000, 11000, 12000], [600, 600, 400]),
            ("汉源新材料科技有限公司", True, True, 50, [5000, 5500, 6000], [350, 350, 350]),
            ("汉源建材有限公司", False, False, 50, [3000, 3500, 4000], [150, 150, 150]),
        ],
    },
]


def rows_of(park):
    """Every enterprise row of a park: dicts in canonical units, year by year."""
    out = []
    for yi, year in enumerate(YEARS):
        for name, leading, high_tech, land, revenue, tax in park["enterprises"]:
            rev = revenue[yi]
            if rev is None:
                continue
            out.append({
                "park": park["name"], "name": name, "year": year, "leading": leading,
                "high_tech": high_tech, "above_scale": True, "land": land, "revenue": rev,
                "tax": tax[yi], "employees": 2 * land, "energy": 100 * land,
                "rd": round(rev * 0.03, 2),
            })
    return out

# A fourth park as a plain CSV of 2023 enterprise rows only: no park facts, no park name (the
# city names it after the file), one year (C4 cannot be evaluated).
CSV_PARK = {
    "name": "park-d-yingjing",
    "file": "park-d-yingjing.csv",
    "enterprises": [
        ("荥经石材有限公司", True, False, 30, [None, None, 6000], [None, None, 200]),
        ("荥经茶业有限公司", True, True, 20, [None, None, 3000], [None, None, 150]),
    ],
}
