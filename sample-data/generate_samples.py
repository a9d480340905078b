#!/usr/bin/env python3
"""Deterministic generator for the TalentData sample data (sample-data/<source_id>/).

Run from anywhere:  python3 sample-data/generate_samples.py

Python 3.11, standard library only, fixed random seeds: every run rewrites every sample file
byte-identically. The geography is read from sql/reference/stadtbezirke.csv and
sql/reference/stat_bezirke.csv (the hand-maintained reference data); this script never writes them.

All values are SYNTHETIC (realistic magnitudes, mutually consistent), except the 2023 rows of the
two Regionalstatistik files, which are the real published rows (embedded at the end of this file).
Hard consistency rules that the warehouse reconciles, enforced here with assertions:
  * dortmund_unemployment: per year the sum equals the Dortmund "Arbeitslose" total of
    13211-02-05-4, the sum of "unter 25" equals Dortmund "15 bis unter 25 Jahre", the sum of
    "55 und älter" equals Dortmund "55 bis unter 65 Jahre"; every district's unemployed < its residents aged 15-65 (dortmund_population).
  * dortmund_school_leavers: per year and Abschluss the sum equals Dortmund "Insgesamt" of that
    category in 21111-02-06-4 ("-" = 0), the sum of weiblich equals Dortmund "weiblich".
"""
import csv
import io
import os
import random
from decimal import ROUND_HALF_UP, Decimal

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
REF = os.path.join(REPO, "sql", "reference")

SEED = 20250313
YEARS = list(range(2019, 2025))                        # reference years (31.12. / annual average / end of school year)


def schuljahr(end_year):
    """2023 -> '2022/23' (school year ending in end_year)."""
    return f"{end_year - 1}/{end_year % 100:02d}"


# ---------------------------------------------------------------------------
# Geography (from sql/reference)
# ---------------------------------------------------------------------------

def read_ref(name):
    with open(os.path.join(REF, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


STADTBEZIRKE = [(r["stadtbezirk_code"], r["stadtbezirk_name"])
                for r in sorted(read_ref("stadtbezirke.csv"), key=lambda r: int(r["official_order"]))]
SB_NAME = dict(STADTBEZIRKE)
STAT_BEZIRKE = [(r["stat_bezirk_code"], r["stat_bezirk_code_2"], r["stat_bezirk_name"], r["stadtbezirk_code"])
                for r in read_ref("stat_bezirke.csv")]

# Synthetic district parameters, keyed by 3-digit code:
#   population target 31.12.2023 (Wikipedia values of source-formats 1.6 where known),
#   annual growth, non-German share (before calibration to the city share), age-structure type,
#   unemployment intensity (1.0 = city average rate).
DISTRICT_PARAMS = {
    "000": (10470, 0.030, 0.33, "student", 1.20), "010": (16175, 0.009, 0.20, "student", 0.60),
    "020": (12500, 0.007, 0.33, "urban", 1.50), "030": (14800, 0.009, 0.24, "urban", 1.10),
    "040": (17300, 0.004, 0.52, "nord", 1.80), "050": (27500, 0.004, 0.55, "nord", 2.10),
    "060": (16265, 0.004, 0.52, "nord", 2.00), "070": (26460, 0.005, 0.16, "inner", 0.80),
    "080": (15800, 0.002, 0.10, "old", 0.45), "090": (16260, 0.003, 0.13, "inner", 0.70),
    "110": (9550, 0.006, 0.09, "family", 0.60), "120": (19800, 0.002, 0.33, "estate", 1.60),
    "130": (4300, 0.000, 0.12, "urban", 0.90), "140": (6050, 0.003, 0.27, "urban", 1.40),
    "210": (6400, 0.000, 0.20, "urban", 1.20), "220": (3700, 0.002, 0.14, "family", 0.90),
    "230": (3300, 0.000, 0.13, "family", 0.80), "240": (7900, 0.003, 0.10, "family", 0.60),
    "250": (5300, 0.001, 0.17, "urban", 1.10), "260": (8800, -0.002, 0.18, "estate", 1.30),
    "270": (11100, -0.001, 0.28, "estate", 1.70), "310": (10400, 0.003, 0.10, "family", 0.60),
    "320": (20600, 0.002, 0.14, "urban", 0.80), "330": (8700, 0.002, 0.16, "urban", 0.90),
    "340": (17100, 0.008, 0.13, "family", 0.75), "410": (19000, 0.004, 0.10, "urban", 0.55),
    "420": (12100, 0.002, 0.09, "family", 0.50), "430": (7800, 0.000, 0.08, "old", 0.50),
    "440": (9700, 0.005, 0.09, "family", 0.50), "450": (7800, 0.006, 0.07, "family", 0.45),
    "510": (6100, 0.001, 0.12, "family", 0.70), "520": (2900, -0.001, 0.10, "old", 0.70),
    "530": (27400, 0.0045, 0.24, "urban", 1.40), "540": (5400, 0.003, 0.06, "family", 0.40),
    "550": (1800, -0.002, 0.05, "old", 0.40), "560": (7700, 0.001, 0.09, "old", 0.60),
    "570": (6015, 0.002, 0.08, "family", 0.50), "610": (11000, 0.005, 0.18, "student", 0.70),
    "620": (3300, -0.002, 0.06, "old", 0.35), "630": (5800, 0.000, 0.09, "old", 0.45),
    "640": (4700, 0.004, 0.17, "student", 0.55), "650": (12300, 0.002, 0.11, "urban", 0.60),
    "660": (4300, 0.000, 0.06, "old", 0.35), "670": (10400, 0.001, 0.07, "old", 0.35),
    "680": (2500, 0.000, 0.08, "old", 0.45), "690": (3080, 0.001, 0.10, "family", 0.60),
    "710": (5795, 0.001, 0.20, "estate", 1.40), "720": (4200, 0.001, 0.13, "family", 0.80),
    "730": (17300, 0.002, 0.15, "urban", 0.90), "740": (11400, 0.000, 0.24, "estate", 1.50),
    "750": (4800, 0.001, 0.15, "urban", 0.90), "760": (5705, 0.000, 0.14, "family", 0.90),
    "810": (1500, 0.000, 0.18, "urban", 1.20), "820": (14300, 0.001, 0.21, "urban", 1.20),
    "830": (9465, 0.001, 0.16, "urban", 1.00), "840": (11300, 0.0045, 0.14, "family", 0.80),
    "910": (4300, 0.000, 0.12, "family", 0.80), "920": (14300, 0.002, 0.15, "urban", 0.90),
    "930": (6000, 0.000, 0.17, "urban", 1.10), "940": (4700, 0.001, 0.12, "family", 0.80),
    "950": (3900, 0.000, 0.10, "family", 0.60), "960": (7000, 0.002, 0.29, "estate", 1.80),
}
assert sorted(DISTRICT_PARAMS) == sorted(c for c, _, _, _ in STAT_BEZIRKE), "stat_bezirke.csv and DISTRICT_PARAMS differ"

# ---------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------


def allocate(total, weights):
    """Largest-remainder allocation of the integer total in proportion to weights (deterministic)."""
    s = sum(weights)
    if total == 0 or s <= 0:
        return [0] * len(weights)
    raw = [total * w / s for w in weights]
    base = [int(x) for x in raw]
    rest = total - sum(base)
    order = sorted(range(len(raw)), key=lambda i: (-(raw[i] - base[i]), i))
    for i in order[:rest]:
        base[i] += 1
    return base


def round5(x):
    return int(5 * Decimal(x / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def round_half_up(x, digits=1):
    return Decimal(repr(x)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


def dec_comma(x, digits=1):
    return str(round_half_up(x, digits)).replace(".", ",")


def dec_point(x, digits=1):
    return str(round_half_up(x, digits))


def thousands(n):
    return f"{n:,}".replace(",", ".")


def write_bytes(rel_path, data):
    path = os.path.join(HERE, rel_path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)


def write_opendatasoft_csv(rel_path, header, rows):
    """Opendatasoft v2.1 export: UTF-8 with BOM, ';', CRLF, quote only when needed."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(header)
    w.writerows(rows)
    write_bytes(rel_path, b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def write_genesis_csv(rel_path, head, data_lines, footer):
    """Classic GENESIS table CSV: Windows-1252, LF, no BOM."""
    text = "\n".join(list(head) + list(data_lines) + list(footer)) + "\n"
    write_bytes(rel_path, text.encode("cp1252"))


# ---------------------------------------------------------------------------
# A. dortmund_population
# ---------------------------------------------------------------------------

AGE_GROUPS = ["0 bis unter 6", "6 bis unter 15", "15 bis unter 18", "18 bis unter 25",
              "25 bis unter 45", "45 bis unter 65", "65 und älter"]
SEXES = ["männlich", "weiblich"]
NATIONALITIES = ["deutsch", "nichtdeutsch"]

# Melderegister totals (31.12.); 2019, 2021 and 2023 are the published Dortmunder Statistik figures,
# 2020, 2022 and 2024 are synthetic values of the right size.
CITY_TOTAL = {2019: 603609, 2020: 602874, 2021: 602713, 2022: 609518, 2023: 612065, 2024: 613487}
CITY_NONGERMAN_SHARE = {2019: 0.190, 2020: 0.196, 2021: 0.200, 2022: 0.213, 2023: 0.218, 2024: 0.223}

AGE_PROFILE = {  # share of each age group within the nationality group (city level)
    "deutsch": [0.051, 0.075, 0.025, 0.078, 0.247, 0.287, 0.237],
    "nichtdeutsch": [0.075, 0.105, 0.032, 0.110, 0.385, 0.215, 0.078],
}
TYPE_FACTORS = {
    "student": [0.80, 0.75, 0.80, 1.60, 1.35, 0.90, 0.80],
    "nord": [1.20, 1.15, 1.10, 1.15, 1.10, 0.90, 0.65],
    "inner": [0.90, 0.82, 0.85, 1.15, 1.25, 0.95, 0.88],
    "urban": [1.00, 1.00, 1.00, 1.00, 1.05, 0.98, 0.95],
    "family": [1.05, 1.10, 1.10, 0.95, 0.90, 1.05, 1.00],
    "old": [0.85, 0.90, 0.95, 0.85, 0.80, 1.10, 1.35],
    "estate": [1.15, 1.15, 1.10, 1.05, 0.95, 0.95, 1.00],
}
MALE_SHARE = {
    "deutsch": [0.513, 0.513, 0.512, 0.510, 0.510, 0.500, 0.435],
    "nichtdeutsch": [0.515, 0.515, 0.540, 0.560, 0.540, 0.530, 0.490],
}


def nd_share(code, k):
    """Non-German share of a district for the city-wide scale factor k (damped where the share is high)."""
    base = DISTRICT_PARAMS[code][2]
    return min(0.72, base * k ** (1 - base))


def nongerman_shares(pops, year):
    """District non-German shares, scaled so that the city share matches CITY_NONGERMAN_SHARE."""
    target = CITY_NONGERMAN_SHARE[year]
    total = sum(pops.values())
    lo, hi = 0.5, 2.0
    for _ in range(60):
        k = (lo + hi) / 2
        share = sum(p * nd_share(d, k) for d, p in pops.items()) / total
        lo, hi = (k, hi) if share < target else (lo, k)
    return {d: nd_share(d, k) for d in pops}


def build_population():
    rng = random.Random(SEED + 1)
    codes = [c for c, _, _, _ in STAT_BEZIRKE]
    age_jitter = {d: [1 + rng.uniform(-0.04, 0.04) for _ in AGE_GROUPS] for d in codes}
    year_noise = {(d, y): 1 + rng.uniform(-0.003, 0.003) for d in codes for y in YEARS}
    cells = {}                                           # (year, code, sex, age_idx, nat) -> int
    for y in YEARS:
        pops = {d: DISTRICT_PARAMS[d][0] * (1 + DISTRICT_PARAMS[d][1]) ** (y - 2023) * year_noise[d, y] for d in codes}
        nd = nongerman_shares(pops, y)
        keys, floats = [], []
        for d in codes:
            ptype = DISTRICT_PARAMS[d][3]
            for nat in NATIONALITIES:
                prof = [AGE_PROFILE[nat][a] * TYPE_FACTORS[ptype][a] * age_jitter[d][a] for a in range(7)]
                prof[0] *= 1 - 0.006 * (y - 2023)        # slowly ageing population
                prof[6] *= 1 + 0.004 * (y - 2023)
                s = sum(prof)
                n_nat = pops[d] * (nd[d] if nat == "nichtdeutsch" else 1 - nd[d])
                for a in range(7):
                    n = n_nat * prof[a] / s
                    m = MALE_SHARE[nat][a]
                    for sex, share in (("männlich", m), ("weiblich", 1 - m)):
                        keys.append((y, d, sex, a, nat))
                        floats.append(n * share)
        for k, v in zip(keys, allocate(CITY_TOTAL[y], floats)):
            cells[k] = v
    return cells


def write_population(cells):
    rows = []
    for y in YEARS:
        for code, _, name, sb in STAT_BEZIRKE:
            for sex in SEXES:
                for a, ag in enumerate(AGE_GROUPS):
                    for nat in NATIONALITIES:
                        rows.append([f"{y}-12-31", y, code, name, sb, SB_NAME[sb], sex, ag, nat, cells[y, code, sex, a, nat]])
    write_opendatasoft_csv(
        "dortmund_population/residents.csv",
        ["stichtag", "jahr", "statistischer_bezirk_nr", "statistischer_bezirk", "stadtbezirk_nr", "stadtbezirk",
         "geschlecht", "altersgruppe", "staatsangehorigkeit", "anzahl"], rows)


def pop_sum(cells, year, code, ages, nats=NATIONALITIES):
    return sum(cells[year, code, s, a, n] for s in SEXES for a in ages for n in nats)


# ---------------------------------------------------------------------------
# G. regionalstatistik_unemployment (13211-02-05-4)
# ---------------------------------------------------------------------------

GENESIS_KEYS = ["DG", "05", "059", "05911", "05913", "05915"]

UE_TOTAL = {  # annual average Arbeitslose; 2023 comes from the real file
    "DG": {2019: 2266720, 2020: 2695444, 2021: 2613489, 2022: 2418133, 2024: 2786960},
    "05": {2019: 0.9216, 2020: 1.0544, 2021: 1.0214, 2022: 0.9404, 2024: 1.0580},
    "059": {2019: 0.9180, 2020: 1.0490, 2021: 1.0220, 2022: 0.9370, 2024: 1.0520},
    "05911": {2019: 0.9050, 2020: 1.0400, 2021: 1.0180, 2022: 0.9350, 2024: 1.0460},
    "05913": {2019: 31013, 2020: 35468, 2021: 35912, 2022: 34281, 2024: 38617},
    "05915": {2019: 0.9300, 2020: 1.0650, 2021: 1.0300, 2022: 0.9450, 2024: 1.0600},
}
UE_FOREIGN_ADD = {2019: -0.045, 2020: -0.038, 2021: -0.035, 2022: -0.012, 2024: 0.012}
UE_DISABLED_MUL = {2019: 1.08, 2020: 0.98, 2021: 1.00, 2022: 1.04, 2024: 0.99}
UE_YOUTH_MUL = {2019: 1.045, 2020: 1.070, 2021: 1.010, 2022: 0.965, 2024: 1.000}
UE_TEEN_MUL = {2019: 1.02, 2020: 0.98, 2021: 0.97, 2022: 1.00, 2024: 1.01}
UE_OLDER_MUL = {2019: 0.94, 2020: 0.95, 2021: 0.98, 2022: 1.00, 2024: 1.03}
UE_LONGTERM_ADD = {2019: -0.030, 2020: -0.050, 2021: 0.045, 2022: 0.030, 2024: -0.005}


def parse_rate(s):
    return None if s == "." else float(s.replace(",", "."))


def build_unemployment_genesis():
    """Returns (lines, values) with values[(year, key)] = dict of the 13 measures (ints / floats / None)."""
    rng = random.Random(SEED + 7)
    lines, values = [], {}
    real = {k: REAL_13211_ROWS_2023[k].split(";") for k in GENESIS_KEYS}
    for y in YEARS:
        for k in GENESIS_KEYS:
            f = real[k]
            if y == 2023:
                lines.append(REAL_13211_ROWS_2023[k])
                v = [int(x) for x in f[3:10]] + [parse_rate(x) for x in f[10:16]]
                values[y, k] = v
                continue
            tot23, for23, dis23, teen23, youth23, old23, ltu23 = (int(x) for x in f[3:10])
            abh23, all23, men23, wom23, frate23, yrate23 = (parse_rate(x) for x in f[10:16])
            spec = UE_TOTAL[k][y]
            tot = spec if isinstance(spec, int) else round(tot23 * spec)
            j = lambda: 1 + rng.uniform(-0.006, 0.006)
            foreign = round(tot * (for23 / tot23 + UE_FOREIGN_ADD[y]) * j())
            disabled = round(tot * dis23 / tot23 * UE_DISABLED_MUL[y] * j())
            youth = round(tot * youth23 / tot23 * UE_YOUTH_MUL[y] * j())
            teen = round(youth * teen23 / youth23 * UE_TEEN_MUL[y] * j())
            older = round(tot * old23 / tot23 * UE_OLDER_MUL[y] * j())
            ltu = round(tot * (ltu23 / tot23 + UE_LONGTERM_ADD[y]) * j())
            lf23 = tot23 / all23 * 100
            lf = lf23 * (1 + 0.004 * (y - 2023))
            r_all = tot / lf * 100
            r_abh = None if abh23 is None else r_all * abh23 / all23
            r_men = r_all * men23 / all23 * (1 + rng.uniform(-0.01, 0.01))
            r_wom = r_all * wom23 / all23 * (1 + rng.uniform(-0.01, 0.01))
            r_for = frate23 * (foreign / for23) / (1 + 0.035 * (y - 2023))
            r_you = yrate23 * (youth / youth23) / (1 - 0.003 * (y - 2023))
            rates = [r_abh, r_all, r_men, r_wom, r_for, r_you]
            rates = [None if r is None else float(round_half_up(r)) for r in rates]
            v = [tot, foreign, disabled, teen, youth, older, ltu] + rates
            values[y, k] = v
            cells = [str(x) for x in v[:7]] + ["." if r is None else dec_comma(r) for r in rates]
            lines.append(";".join([str(y), k, f[2]] + cells))
    return lines, values


# ---------------------------------------------------------------------------
# B. dortmund_unemployment
# ---------------------------------------------------------------------------

UE_AGE_GROUPS = ["unter 25", "25 bis unter 55", "55 und älter"]
RECHTSKREISE = ["SGB II", "SGB III"]


def build_unemployment_districts(pop, ue_values):
    rng = random.Random(SEED + 2)
    codes = [c for c, _, _, _ in STAT_BEZIRKE]
    cells = {}
    for y in YEARS:
        v = ue_values[y, "05913"]
        total, youth, older = v[0], v[4], v[5]
        group_totals = [youth, total - youth - older, older]
        drift = {d: 1 + rng.uniform(-0.03, 0.03) + (0.01 * (y - 2019) if DISTRICT_PARAMS[d][4] > 1.7 else 0) for d in codes}
        for g, gtot in enumerate(group_totals):
            keys, weights = [], []
            for d in codes:
                intensity = DISTRICT_PARAMS[d][4] * drift[d]
                if g == 0:
                    base = pop_sum(pop, y, d, [2, 3])
                elif g == 1:
                    base = pop_sum(pop, y, d, [4]) + 0.5 * pop_sum(pop, y, d, [5])
                else:
                    base = 0.5 * pop_sum(pop, y, d, [5])
                sgb2 = min(0.88, 0.505 + 0.16 * DISTRICT_PARAMS[d][4]) + (0.06, 0.0, -0.08)[g]
                for rk, share in (("SGB II", sgb2), ("SGB III", 1 - sgb2)):
                    keys.append((d, rk))
                    weights.append(base * intensity * share)
            for (d, rk), n in zip(keys, allocate(gtot, weights)):
                cells[y, d, rk, g] = n
    return cells


def write_unemployment_districts(cells):
    rows = []
    for y in YEARS:
        for code, code2, name, _ in STAT_BEZIRKE:
            for rk in RECHTSKREISE:
                for g, ag in enumerate(UE_AGE_GROUPS):
                    rows.append([y, code2, name, rk, ag, cells[y, code, rk, g]])
    write_opendatasoft_csv("dortmund_unemployment/unemployed.csv",
                           ["jahr", "statistischer_bezirk_nr", "statistischer_bezirk", "rechtskreis", "altersgruppe",
                            "arbeitslose"], rows)


# ---------------------------------------------------------------------------
# F. regionalstatistik_school_leavers (21111-02-06-4)
# ---------------------------------------------------------------------------

# Column order of 21111-02-06-4 after the three key columns:
# Insgesamt, ohne HSA, mit HSA, mit MSA, dar. schul. Teil FHR, mit FHR, mit AHR -- each Insgesamt / weiblich.
LEAVER_TOTAL = {  # factor on the 2023 total (Dortmund: absolute Insgesamt)
    "DG": {2019: 1.012, 2020: 1.004, 2021: 0.992, 2022: 0.985, 2024: 1.010},
    "05": {2019: 1.020, 2020: 1.005, 2021: 0.990, 2022: 0.985, 2024: 1.008},
    "059": {2019: 1.024, 2020: 1.002, 2021: 0.994, 2022: 0.982, 2024: 1.012},
    "05911": {2019: 1.030, 2020: 1.010, 2021: 0.990, 2022: 0.990, 2024: 1.010},
    "05913": {2019: 5700, 2020: 5640, 2021: 5610, 2022: 5725, 2024: 5880},
    "05915": {2019: 1.010, 2020: 1.000, 2021: 0.985, 2022: 1.000, 2024: 1.015},
}
# relative change of each category's share against 2023 (ohne HSA rising, HSA falling)
LEAVER_SHARE_MUL = {
    "ohne": {2019: 0.84, 2020: 0.87, 2021: 0.89, 2022: 0.95, 2024: 1.03},
    "hsa": {2019: 1.07, 2020: 1.04, 2021: 1.02, 2022: 1.01, 2024: 0.99},
    "fhr": {2019: 1.05, 2020: 1.00, 2021: 0.95, 2022: 1.10, 2024: 0.95},
    "ahr": {2019: 0.98, 2020: 1.01, 2021: 1.02, 2022: 0.995, 2024: 0.99},
}
LEAVER_CATEGORIES = ["ohne Hauptschulabschluss", "mit Hauptschulabschluss", "mit Mittlerem Abschluss",
                     "mit Fachhochschulreife", "mit allgemeiner Hochschulreife"]


def build_school_genesis():
    """Returns (lines, values): values[(year, key)] = list of 14 ints (None for '-')."""
    rng = random.Random(SEED + 3)
    lines, values = [], {}
    real = {k: REAL_21111_ROWS_2023[k].split(";") for k in GENESIS_KEYS}
    for y in YEARS:
        for k in GENESIS_KEYS:
            f = real[k]
            if y == 2023:
                lines.append(REAL_21111_ROWS_2023[k])
                values[y, k] = [None if x == "-" else int(x) for x in f[3:17]]
                continue
            r = [0 if x == "-" else int(x) for x in f[3:17]]
            tot23 = r[0]
            spec = LEAVER_TOTAL[k][y]
            tot = spec if isinstance(spec, int) else tot23 * spec
            j = lambda: 1 + rng.uniform(-0.01, 0.01)
            ohne = tot * r[2] / tot23 * LEAVER_SHARE_MUL["ohne"][y] * j()
            hsa = tot * r[4] / tot23 * LEAVER_SHARE_MUL["hsa"][y] * j()
            fhr = tot * r[10] / tot23 * LEAVER_SHARE_MUL["fhr"][y] * j()
            ahr = tot * r[12] / tot23 * LEAVER_SHARE_MUL["ahr"][y] * j()
            msa = tot - ohne - hsa - fhr - ahr
            dar = msa * r[8] / r[6] * j()
            tot_cats = [ohne, hsa, msa, dar, fhr, ahr]
            fem_share = [(r[i + 1] / r[i] if r[i] else 0.5) * (1 + rng.uniform(-0.015, 0.015)) for i in (2, 4, 6, 8, 10, 12)]
            fem_cats = [t * fs for t, fs in zip(tot_cats, fem_share)]
            rounded = k != "DG"                                         # NRW results: 5er-Rundung
            rnd = round5 if rounded else round
            T = [rnd(x) for x in tot_cats]
            W = [rnd(x) for x in fem_cats]
            additive = [0, 1, 2, 4, 5]                                  # never add the 'dar.' column
            t_sum = sum(T[i] for i in additive)
            w_sum = sum(W[i] for i in additive)
            if rounded and len(k) == 5:                                 # Kreis totals rounded independently
                t_sum += rng.choice([-5, 0, 0, 5])
                w_sum += rng.choice([-5, 0, 0, 5])
            v = [t_sum, w_sum]
            for a, b in zip(T, W):
                v += [a, b]
            if f[13] == "-":                                            # FHR '-' where the real 2023 row has '-'
                v[10] = v[11] = None
                v[0] -= T[4]
                v[1] -= W[4]
            values[y, k] = v
            lines.append(";".join([str(y), k, f[2]] + ["-" if x is None else str(x) for x in v]))
    return lines, values


# ---------------------------------------------------------------------------
# C. dortmund_school_leavers
# ---------------------------------------------------------------------------

# per Stadtbezirk: relative rate index of each Abschluss (ohne, HSA, MSA, FHR, AHR) and the
# female share factor of 'ohne Hauptschulabschluss' (low in the south: small cells)
LEAVER_DISTRICT = {
    "10": ([1.10, 1.05, 1.00, 1.0, 0.95], 1.00), "20": ([2.10, 1.60, 1.05, 1.0, 0.50], 1.05),
    "30": ([0.80, 0.85, 0.95, 1.0, 1.15], 0.95), "40": ([1.45, 1.35, 1.05, 1.0, 0.70], 1.00),
    "50": ([1.30, 1.30, 1.10, 1.0, 0.72], 1.00), "60": ([0.75, 0.90, 1.00, 1.0, 1.10], 0.85),
    "70": ([0.30, 0.60, 0.95, 1.0, 1.35], 0.30), "80": ([0.80, 0.95, 1.00, 1.0, 1.05], 0.80),
    "90": ([0.22, 0.50, 0.85, 1.0, 1.55], 0.25), "100": ([1.00, 1.10, 1.05, 1.0, 0.85], 0.95),
    "110": ([1.15, 1.15, 1.05, 1.0, 0.80], 1.00), "120": ([1.10, 1.10, 1.05, 1.0, 0.85], 1.00),
}
GENESIS_CAT_COL = [2, 4, 6, 10, 12]       # index in the 14 values of each LEAVER_CATEGORIES entry (Insgesamt)


def build_school_leavers(pop, school_values):
    rng = random.Random(SEED + 4)
    cells = {}
    for y in YEARS:
        v = school_values[y, "05913"]
        # leavers by Stadtbezirk of residence ~ residents aged 15 to under 18 (31.12. of the end year)
        base = {sb: sum(pop_sum(pop, y, c, [2]) for c, _, _, p in STAT_BEZIRKE if p == sb) for sb, _ in STADTBEZIRKE}
        for ci, col in enumerate(GENESIS_CAT_COL):
            total = v[col] or 0
            female = v[col + 1] or 0
            w_f, w_m = [], []
            for sb, _ in STADTBEZIRKE:
                idx, ohne_f = LEAVER_DISTRICT[sb]
                w = base[sb] * idx[ci] * (1 + rng.uniform(-0.05, 0.05))
                fs = female / total if total else 0.5
                if ci == 0:
                    fs *= ohne_f
                w_f.append(w * fs)
                w_m.append(w * (1 - fs))
            for (sb, _), nf, nm in zip(STADTBEZIRKE, allocate(female, w_f), allocate(total - female, w_m)):
                cells[y, sb, ci, "weiblich"] = nf
                cells[y, sb, ci, "männlich"] = nm
    return cells


def write_school_leavers(cells):
    rows = []
    for y in YEARS:
        for sb, name in STADTBEZIRKE:
            for ci, cat in enumerate(LEAVER_CATEGORIES):
                for sex in SEXES:
                    rows.append([schuljahr(y), sb, name, cat, sex, cells[y, sb, ci, sex]])
    write_opendatasoft_csv("dortmund_school_leavers/leavers.csv",
                           ["schuljahr", "stadtbezirk_nr", "stadtbezirk", "abschluss", "geschlecht", "anzahl"], rows)


# ---------------------------------------------------------------------------
# D. dortmund_school_transitions
# ---------------------------------------------------------------------------

SCHULFORMEN = ["Gymnasium", "Gesamtschule", "Realschule", "Hauptschule", "Sekundarschule", "Förderschule"]
TRANSITION_SHARES = {
    "10": [0.42, 0.33, 0.17, 0.030, 0.040, 0.030], "20": [0.19, 0.45, 0.18, 0.060, 0.070, 0.040],
    "30": [0.53, 0.28, 0.15, 0.006, 0.034, 0.030], "40": [0.29, 0.42, 0.18, 0.040, 0.060, 0.030],
    "50": [0.32, 0.40, 0.18, 0.030, 0.060, 0.030], "60": [0.47, 0.31, 0.16, 0.020, 0.040, 0.030],
    "70": [0.53, 0.28, 0.16, 0.004, 0.036, 0.020], "80": [0.45, 0.33, 0.16, 0.020, 0.040, 0.030],
    "90": [0.53, 0.24, 0.14, 0.0015, 0.048, 0.020], "100": [0.37, 0.38, 0.17, 0.030, 0.040, 0.030],
    "110": [0.34, 0.40, 0.18, 0.030, 0.040, 0.030], "120": [0.36, 0.38, 0.18, 0.025, 0.045, 0.030],
}


def build_transitions(pop):
    rng = random.Random(SEED + 5)
    cells = {}
    for y in YEARS:                              # school year (y-1)/y: start of grade 5 in August y-1
        for sb, _ in STADTBEZIRKE:
            kids = sum(pop_sum(pop, y, c, [1]) for c, _, _, p in STAT_BEZIRKE if p == sb)
            n = round(kids / 9 * (1 + rng.uniform(-0.02, 0.02)))
            shares = list(TRANSITION_SHARES[sb])
            shares[0] *= 1 + 0.006 * (y - 2021)                         # slight drift to the Gymnasium
            shares[3] *= 1 - 0.08 * (y - 2019)                          # Hauptschule being phased out
            shares = [s * (1 + rng.uniform(-0.04, 0.04)) for s in shares]
            for f, k in zip(SCHULFORMEN, allocate(n, shares)):
                cells[y, sb, f] = k
    return cells


def write_transitions(cells):
    rows = [[schuljahr(y), sb, name, f, cells[y, sb, f]]
            for y in YEARS for sb, name in STADTBEZIRKE for f in SCHULFORMEN]
    write_opendatasoft_csv("dortmund_school_transitions/transitions.csv",
                           ["schuljahr", "stadtbezirk_nr", "stadtbezirk", "schulform", "anzahl"], rows)


# ---------------------------------------------------------------------------
# E. dortmund_social_indicators
# ---------------------------------------------------------------------------

# 2023 values: SGB-II-Quote, Quote Leistungen zur Sicherung des Lebensunterhalts, Sozialgeldquote,
# Grundsicherung-im-Alter-Quote. Innenstadt-West: the three portal quotas of the fixture record.
SOCIAL_2023 = {
    "10": (13.6, 14.9, 27.0, 10.6), "20": (36.0, 38.9, 54.2, 19.8), "30": (12.4, 13.6, 22.8, 6.1),
    "40": (25.4, 27.6, 40.1, 8.4), "50": (23.0, 24.9, 37.4, 7.6), "60": (13.8, 15.1, 23.6, 5.2),
    "70": (7.6, 8.6, 12.4, 3.9), "80": (16.6, 18.1, 27.2, 6.3), "90": (7.2, 8.3, 11.0, 4.1),
    "100": (18.6, 20.2, 30.6, 6.0), "110": (20.1, 21.8, 33.3, 6.5), "120": (18.0, 19.6, 29.5, 6.2),
}
SOCIAL_YEAR = {2019: 0.990, 2020: 1.000, 2021: 0.970, 2022: 0.980, 2023: 1.000, 2024: 1.010}


def build_social():
    rng = random.Random(SEED + 6)
    rows = []
    for y in YEARS:
        for sb, name in STADTBEZIRKE:
            vals = []
            for i, v23 in enumerate(SOCIAL_2023[sb]):
                if y == 2023:
                    vals.append(v23)
                    continue
                if i == 3:                                              # Grundsicherung im Alter: rising steadily
                    v = v23 * (1 + 0.03 * (y - 2023))
                else:
                    v = v23 * SOCIAL_YEAR[y]
                    if sb == "20" and y >= 2022:
                        v *= 1.01
                v *= 1 + rng.uniform(-0.015, 0.015)
                vals.append(v)
            rows.append([y, sb, name] + [dec_point(v) for v in vals] + ["Dortmund"])
    write_opendatasoft_csv(
        "dortmund_social_indicators/sozialindikatoren.csv",
        ["jahr", "stadtbezirk_nr", "stadtbezirk", "sgb_ii_quote", "quote_leistungen_zur_sicherung_des_lebensunterhalts",
         "sozialgeldquote", "grundsicherung_im_alter_quote", "kommune"], rows)


# ---------------------------------------------------------------------------
# H. ba_training_market
# ---------------------------------------------------------------------------

BA_YEARS = ["2018/19", "2019/20", "2020/21", "2021/22", "2022/23", "2023/24"]
BA_DATA = {  # applicants, unplaced, places, vacant (all synthetic)
    "Agentur für Arbeit Dortmund": (
        [4612, 4409, 4302, 4388, 4521, 4734], [312, 368, 297, 241, 226, 273],
        [4318, 4083, 3947, 4106, 4235, 4389], [163, 189, 247, 356, 402, 431]),
    "Nordrhein-Westfalen": (
        [113512, 107873, 101445, 102318, 105962, 110204], [9854, 12042, 9763, 7815, 7301, 8126],
        [117320, 110958, 106213, 110745, 112608, 113071], [7219, 8536, 11602, 14853, 17329, 15874]),
    "Deutschland": (
        [508613, 472945, 433466, 422441, 438917, 458974], [24525, 29319, 24613, 22699, 26437, 30031],
        [547814, 530281, 511265, 546064, 544102, 519218], [53137, 59948, 63176, 68868, 73444, 69395]),
}
BA_REFUGEE_UNPLACED = [7, 5, 4, 2, 9, 11]           # Dortmund only; 1 and 2 are anonymised as '*'


def build_ba():
    lines = [
        "Region:; Agentur für Arbeit Dortmund",
        "Gebietsstand:; September 2024",
        "Berichtsjahr:; Oktober bis September, Stichtag 30.09.",
        "Hinweis:; Synthetische Beispieldaten im CSV-Format der Statistik der Bundesagentur für Arbeit (keine amtlichen Werte).",
        "",
        "Ausgewählte Merkmale;" + "".join(f"{y};" for y in BA_YEARS),
    ]

    def row(label, vals):
        return label + ";" + "".join(f"{v};" for v in vals)

    for region, (app, unpl, places, vac) in BA_DATA.items():
        lines.append(region + ";" * (len(BA_YEARS) + 1))
        lines.append(row("Gemeldete Bewerber/innen", [thousands(v) for v in app]))
        lines.append(row("darunter unversorgt", [thousands(v) for v in unpl]))
        if region == "Agentur für Arbeit Dortmund":
            lines.append(row("darunter unversorgt mit Fluchtkontext",
                             ["*" if v in (1, 2) else thousands(v) for v in BA_REFUGEE_UNPLACED]))
        lines.append(row("Gemeldete Berufsausbildungsstellen", [thousands(v) for v in places]))
        lines.append(row("darunter unbesetzt", [thousands(v) for v in vac]))
        lines.append(row("Bewerber/innen je 100 Stellen", [dec_comma(a / p * 100) for a, p in zip(app, places)]))
    lines.append("© Statistik der Bundesagentur für Arbeit")
    lines.append("Aus Datenschutzgründen und Gründen der statistischen Geheimhaltung werden Zahlenwerte von 1 oder 2 "
                 "und Daten, aus denen rechnerisch auf einen solchen Zahlenwert geschlossen werden kann, anonymisiert.")
    write_bytes("ba_training_market/ausbildungsmarkt.csv", ("\r\n".join(lines) + "\r\n").encode("utf-8"))


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------

def main():
    pop = build_population()
    write_population(pop)

    ue_lines, ue_values = build_unemployment_genesis()
    write_genesis_csv("regionalstatistik_unemployment/13211-02-05-4.csv", REAL_13211_HEAD, ue_lines, REAL_13211_FOOTER)

    ue = build_unemployment_districts(pop, ue_values)
    codes = [c for c, _, _, _ in STAT_BEZIRKE]
    for y in YEARS:
        assert sum(ue[y, d, rk, g] for d in codes for rk in RECHTSKREISE for g in range(3)) == ue_values[y, "05913"][0]
        assert sum(ue[y, d, rk, 0] for d in codes for rk in RECHTSKREISE) == ue_values[y, "05913"][4]
        assert sum(ue[y, d, rk, 2] for d in codes for rk in RECHTSKREISE) == ue_values[y, "05913"][5]
        for d in codes:
            assert sum(ue[y, d, rk, g] for rk in RECHTSKREISE for g in range(3)) < pop_sum(pop, y, d, [2, 3, 4, 5]), (y, d)
    write_unemployment_districts(ue)

    school_lines, school_values = build_school_genesis()
    write_genesis_csv("regionalstatistik_school_leavers/21111-02-06-4.csv", REAL_21111_HEAD, school_lines, REAL_21111_FOOTER)

    leavers = build_school_leavers(pop, school_values)
    for y in YEARS:
        v = school_values[y, "05913"]
        for ci, col in enumerate(GENESIS_CAT_COL):
            assert sum(leavers[y, sb, ci, s] for sb, _ in STADTBEZIRKE for s in SEXES) == (v[col] or 0)
            assert sum(leavers[y, sb, ci, "weiblich"] for sb, _ in STADTBEZIRKE) == (v[col + 1] or 0)
    write_school_leavers(leavers)

    write_transitions(build_transitions(pop))
    build_social()
    build_ba()



# ---------------------------------------------------------------------------
# Real text copied unchanged from the published Regionalstatistik downloads
# (sample-data/realdata/genesis/, Windows-1252, decoded here; re-encoded as cp1252 on write).
# (c) Statistische Aemter des Bundes und der Laender, Deutschland, 2025 / 2026;
# Datenlizenz Deutschland - Namensnennung - Version 2.0 (dl-de/by-2-0).
# ---------------------------------------------------------------------------

REAL_21111_HEAD = (
    'GENESIS-Tabelle: 21111-02-06-4',
    'Absolvierende/Abgehende allgemeinbildender Schulen nach;;;;;;;;;;;;;;;;',
    'Geschlecht und Abschlussarten - Schuljahr - regionale Tiefe:;;;;;;;;;;;;;;;;',
    'Kreise und krfr. Städte;;;;;;;;;;;;;;;;',
    'Statistik der allgemeinbildenden Schulen;;;;;;;;;;;;;;;;',
    'Absolvierende/Abgehende (Anzahl);;;;;;;;;;;;;;;;',
    ';;;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss;Absolvierende/Abgehende allgemeinbildender Schulen nach dem Abschluss',
    ';;;Insgesamt;Insgesamt;ohne Hauptschulabschluss;ohne Hauptschulabschluss;mit Hauptschulabschluss;mit Hauptschulabschluss;mit Mittlerem Abschluss;mit Mittlerem Abschluss;dar. schulischer Teil der Fachhochschulreife;dar. schulischer Teil der Fachhochschulreife;mit Fachhochschulreife;mit Fachhochschulreife;mit allgemeiner Hochschulreife;mit allgemeiner Hochschulreife',
    ';;;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich;Insgesamt;weiblich',
)
REAL_21111_ROWS_2023 = {
    'DG': '2023;DG;Deutschland;782423;381434;55708;22043;130322;53605;336361;163795;22530;11348;802;397;259230;141594',
    '05': '2023;05;  Nordrhein-Westfalen;183830;90270;11835;4775;28640;12010;72650;35050;7665;3895;45;20;70660;38415',
    '059': '2023;059;    Arnsberg, Regierungsbezirk;37200;18130;2685;1090;6065;2585;15245;7235;1605;825;-;-;13205;7215',
    '05911': '2023;05911;      Bochum, kreisfreie Stadt;3495;1725;225;90;595;270;1370;660;205;100;-;-;1300;700',
    '05913': '2023;05913;      Dortmund, kreisfreie Stadt;5855;2840;560;225;945;425;2345;1110;340;165;-;-;2000;1085',
    '05915': '2023;05915;      Hamm, kreisfreie Stadt;2025;985;140;55;370;150;1000;490;60;35;-;-;520;290',
}
REAL_21111_FOOTER = (
    '__________',
    '"zu ""gesamte Tabelle"":',
    'Die Angabe des Berichtsjahres bezieht sich auf das Jahr in',
    'dem das Schuljahr endet.',
    'Deutschland: Die Aufsummierung der Länderergebnisse ergibt',
    'aufgrund nachträglicher Korrekturen der Länder nicht den',
    'Deutschlandwert.',
    'Ab 2012 mit Nichtschülerprüfungen (Externe).',
    'Deutschland (2007): das Bundesergebnis enthält das',
    'Landesergebnis Hessens aus dem Jahr 2006',
    'Baden-Württemberg (Berichtsjahr 1995-2010): Gebietsstand',
    '01.01.1979, (ab Berichtsjahr 2011): Gebietsstand 01.01.2011',
    'Berlin: Kreistabelle liegt auch für Bezirke vor',
    'Berlin (1995 bis 2000): bezogen auf den Gebietsstand',
    '01.01.2001',
    'Berlin (bis 2000): ohne Schüler, die auf eine andere',
    'Schulart überwechseln und damit im allgemein bildenden',
    'Schulwesen verbleiben',
    'Bremen: Differenzen zu bereits vorliegenden',
    'Veröffentlichungen ergeben sich durch nachträgliche',
    'Korrekturen.',
    'Bremen: Differenzen bei der Aufsummierung der',
    'Kreisergebnisse ist auf 3er-Rundungsverfahren',
    'zurückzuführen.',
    'Hessen (2007): Es liegen keine Ergebnisse vor, da die Daten',
    'der Absolventen/Schulentlassenen der Landesschulstatistik',
    '2007/2008 aus dem hessischen Schulverwaltungsprogramm',
    'quantitativ wie qualitativ nicht verwertbar waren.',
    'Mecklenburg-Vorpommern (bis 2000): ohne Abendgymnasien',
    'Niedersachsen (2016): eingeschränkte Datenqualität',
    'Niedersachsen: ohne Schulfremdenprüfung',
    'Sachsen: ab 2020/2021 werden Personen mit den',
    'Geschlechtsangaben ?divers? bzw. ?ohne Angabe? (nach § 22',
    'Absatz 3 PStG) dem männlichen Geschlecht zugeordnet',
    'Schleswig-Holstein: Aus Datenschutzgründen sind alle Daten',
    '(Absolutwerte) jeweils auf ein Vielfaches von 3 gerundet;',
    'Differenzen zu bereits vorliegenden Veröffentlichungen',
    'ergeben sich durch nachträgliche Korrekturen',
    'Schleswig-Holstein: ab 2018/19 sind die Ergebnisse einem',
    '3er-Rundungsverfahren unterzogen.',
    'Sachsen-Anhalt: ab 2017/18 sind die Ergebnisse einem',
    '3er-Rundungsverfahren unterzogen.',
    'Nordrhein-Westfalen: ab 2019/20 sind die Ergebnisse einem',
    '5er-Rundungsverfahren unterzogen.',
    'Saarland: Differenzen zu bereits vorliegenden',
    'Veröffentlichungen ergeben sich durch nachträgliche',
    'Korrekturen',
    '',
    'zu ""Absolventen/Abgänger insgesamt (einschl.',
    'Fachhochschulreife)"":',
    'Baden-Württemberg (2015): Abweichungen gegenüber anderen',
    'Veröffentlichungen ergeben sich durch nachträgliche',
    'Korrekturen.',
    'Bayern (bis 1998): einschl. Schulentlassener aus mindestens',
    'dreistufigen Wirtschaftsschulen',
    'Bayern (ab 1999): einschl. Schulentlassener aus',
    'Wirtschaftsschulen',
    'Berlin (1995, 1996): einschl. Abgänger des Zweiten',
    'Bildungsweges mit Fachhochschulreife, die nur an',
    'beruflichen Schulen und Volkshochschulen erworben werden',
    'kann',
    'Berlin (1997, 1998): einschl. Abgänger des Zweiten',
    'Bildungsweges mit Fachhochschulreife, die nur an',
    'beruflichen Schulen erworben werden kann',
    'Berlin (ab 1999): ohne Abgänger mit Fachhochschulreife, die',
    'nur an beruflichen Schulen erworben werden kann',
    'Niedersachsen (Schuljahr 2003/2004): einschl. Übergänger auf',
    'gymnasiale Oberstufe (Mehrfachzählung)',
    '',
    'zu ""Absolventen/Abgänger ohne Hauptschulabschluss"":',
    'Berlin (1995, 1996): einschl. Vorbereitungsklassen für',
    'ausländische Schüler der Mittelstufe und',
    'Ausländer-Förderklassen sowie Eingliederungslehrgänge für',
    'ausländische Jugendliche',
    'Berlin (1997, 1998): einschl. Förderklassen für Schüler',
    'nichtdeutscher Herkunftssprache in der Mittelstufe sowie',
    'Eingliederungslehrgänge für ausländische Jugendliche',
    'Berlin (ab 1999): einschl. Förderklassen für Schüler',
    'nicht-deutscher Herkunftssprache in der Mittelstufe',
    'Berlin (ab Schuljahr 2003/04): einschl. Abgänger, die das',
    '10. Jahr der allgemeinen Schulpflicht in Lehrgängen mit',
    'Berufsvorbereitung absolvieren (BB10/BV10 Lehrgänge, welche',
    'bis 2006/2007 an beruflichen Schulen angeboten werden)',
    'Thüringen (1995 - 2002): einschl. Schulabgängern der',
    'Klassenstufen 10 bis 13',
    ' ',
    'zu ""Absolventen/Abgänger mit Hauptschulabschluss"":',
    'Berlin (ab Schuljahr 2003/04): einschl. Absolventen von',
    'BB10/BV10 Lehrgängen, welche bis 2006/2007 an beruflichen',
    'Schulen angeboten werden',
    ' ',
    'zu ""Absolventen/Abgänger mit Mittlerem Abschluss',
    '(Realschulabschluss"":',
    'Baden-Württemberg (2015): Abweichungen gegenüber anderen',
    'Veröffentlichungen ergeben sich durch nachträgliche',
    'Korrekturen.',
    'Berlin: (1999, 2000): Schulabgänger, die in Fachgymnasien',
    'gewechselt sind, z.T. geschätzt; auf Bezirksebene erfolgt',
    'keine Schätzung, das Landesergebnis für Berlin entspricht',
    'somit nicht der Summe der Bezirke',
    'Hessen: Werte ohne IGS-Schüler u. Realschüler, die in eine',
    'Oberstufe wechseln',
    'Niedersachsen (Schuljahr 2003/2004): einschl. Übergänger der',
    'Gymnasien und Gesamtschulen in die gymnasiale Oberstufe',
    '(Mehrfachzählung)',
    ' ',
    'zu ""Absolventen/Abgänger mit Fachhochschulreife"":',
    'Berlin, Sachsen: Eine Fachhochschulreife kann nur an',
    'beruflichen Schulen erworben werden.',
    'Hessen: schulischer Teil der Fachhochschulreife',
    'Niedersachsen: wird statistisch nicht erfasst, bis 2013',
    'schulischer Teil der Fachhochschulreife',
    'Nordrhein-Westfalen: Eine Differenzierung der',
    'Fachhochschulreife und des schulischen Teils der',
    'Fachhochschulreife ist ab dem Schuljahr 2000/01 möglich.',
    '',
    'Rheinland-Pfalz (2014): einschließlich schulischer Teil der',
    'Fachhochschulreife',
    'zu ""Absolventen/Abgänger mit allg. Hochschulreife (ohne',
    'Fachhochschulreife)"":',
    'Mecklenburg-Vorpommern, Sachsen-Anhalt (2001): Einführung',
    'der 13. Jahrgangsstufe',
    'Niedersachsen (2019/2020): kein vollständiger Abiturjahrgang',
    'wegen Rückkehr zum 9-jährigen Bildungsgang an Gymnasien',
    'Sachsen-Anhalt (2007): Doppelabiturjahrgang (12. und 13.',
    'Jahrgangsstufe) wegen Wiedereinführung des achtjährigen',
    'Gymnasiums"',
    '"© Statistische Ämter des Bundes und der Länder, Deutschland, 2025.',
    'Dieses Werk ist lizenziert unter der Datenlizenz Deutschland',
    '- Namensnennung - Version 2.0."',
    'Stand: 13.03.2025 / 16:40:08',
)

REAL_13211_HEAD = (
    'Tabelle: 13211-02-05-4',
    'Arbeitslose nach ausgewählten Personengruppen sowie;;;;;;;;;;;;;;;',
    'Arbeitslosenquoten - Jahresdurchschnitt - (ab 2009);;;;;;;;;;;;;;;',
    'regionale Tiefe:;;;;;;;;;;;;;;;',
    'Kreise und krfr. Städte;;;;;;;;;;;;;;;',
    'Arbeitsmarktstatistik der Bundesagentur für Arbeit;;;;;;;;;;;;;;;',
    ';;;Arbeitslose;Arbeitslose;Arbeitslose;Arbeitslose;Arbeitslose;Arbeitslose;Arbeitslose;Arbeitslosenquote bez. abh. zivile Erwerbspers.;Arbeitslosenquote bez. auf alle zivile Erwerbsp.;Arbeitslosenquote bez. auf alle zivile Erwerbsp.;Arbeitslosenquote bez. auf alle zivile Erwerbsp.;Arbeitslosenquote bez. auf alle zivile Erwerbsp.;Arbeitslosenquote bez. auf alle zivile Erwerbsp.',
    ';;;;ausländisch;schwerbehindert;15 bis unter 20 Jahre;15 bis unter 25 Jahre;55 bis unter 65 Jahre;langzeitarbeitslos;;;Männer;Frauen;ausländisch;15 bis unter 25 Jahre',
    ';;;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl;Anzahl;Prozent;Prozent;Prozent;Prozent;Prozent;Prozent',
)
REAL_13211_ROWS_2023 = {
    'DG': '2023;DG;Deutschland;2608672;967226;165725;53439;229312;597557;906277;6,2;5,7;5,8;5,5;15,2;4,9',
    '05': '2023;05;  Nordrhein-Westfalen;710175;283750;51571;12687;59458;153944;292134;7,8;7,2;7,4;7,1;20,3;5,7',
    '059': '2023;059;    Arnsberg, Regierungsbezirk;153556;60967;13236;2790;13137;33174;62748;.;7,8;8,0;7,7;22,6;6,3',
    '05911': '2023;05911;      Bochum, kreisfreie Stadt;16961;6287;1660;271;1244;3848;6984;9,3;8,6;9,0;8,2;23,1;6,1',
    '05913': '2023;05913;      Dortmund, kreisfreie Stadt;37080;16576;2856;741;3264;6627;16278;12,3;11,5;11,5;11,4;27,4;9,6',
    '05915': '2023;05915;      Hamm, kreisfreie Stadt;8145;3093;606;150;737;1335;3857;9,2;8,5;8,7;8,4;19,8;6,7',
}
REAL_13211_FOOTER = (
    '__________',
    '"zu ""gesamte Tabelle"":',
    'Berichtsjahre 2001-2007: Daten sind nicht revidiert.',
    'Berichtjahre 2008-2013: Rheinland-Pfalz, Sachsen: Auf Ebene',
    'der Regierungsbezirke/Statistischen Regionen liegen',
    'aufgrund geänderter Gebietsgliederungen bei der Aufnahme',
    'der revidierten Ergebnisse der Bundesagentur für Arbeit',
    'keine Daten vor.',
    '',
    'Quelle: Arbeitsmarktstatistik der Bundesagentur für Arbeit',
    '(BA).',
    'Die Daten zur Arbeitslosigkeit basieren seit der Einführung',
    'des Sozialgesetzbuches II zum Jahresbeginn 2005 auf',
    'Informationen aus dem IT-Fachverfahren der BA, aus plausibel',
    'bewerteten Datenlieferungen zugelassener kommunaler Träger',
    'und - sofern keine plausiblen Daten geliefert wurden - aus',
    'ergänzenden Schätzungen der BA.',
    'Bestandsergebnisse sind nach soziodemografischen Merkmalen',
    '(Geschlecht, Altersgruppen, Nationalität) und regionalen',
    'Gebietsstrukturen (politisch bis auf Kreis-/Gemeindeebene,',
    'BA- und SGB II Gebietsstruktur) verfügbar.',
    '',
    'Weitere Informationen zur Methode, Statistikverfahren,',
    'Datenqualität können dem entsprechenden Qualitätsbericht der',
    'BA entnommen werden:',
    'https://statistik.arbeitsagentur.de/DE/Statischer-Content/Grundlagen/Methodik-Qualitaet/Qualitaetsberichte/Generische-Publikationen/Qualitaetsbericht-Statistik-Arbeitslose-Arbeitsuchende.pdf',
    '',
    '2017: Aufgrund der starken Zuwanderung wird die Ausländerar-',
    'beitslosenquote auf Kreisebene nicht ausgewiesen.',
    '',
    'Baden-Württemberg: Berichtsjahr 1995-2010 Gebietsstand',
    '01.01.1979; ab Berichtsjahr 2011 Gebietsstand 01.01.2011',
    ' ',
    'zu ""Arbeitslosenquote (bez. auf Erwerbspersonen)"":',
    'Niedersachsen (2001): Ergebnisse für die Region Hannover',
    'errechnet aus dem ehemaligen Landkreis Hannover und der',
    'Landeshauptstadt Hannover. (Rundungsdifferenzen sind mög-',
    'lich.)',
    ' ',
    'zu ""Arbeitslosenquote (bez. auf abhängige Erwerbspersonen)"":',
    'Niedersachsen (2001): Ergebnisse für die Region Hannover',
    'errechnet aus dem ehemaligen Landkreis Hannover und der',
    'Landeshauptstadt Hannover. (Rundungsdifferenzen sind mög-',
    'lich.)"',
    '"© Statistische Ämter des Bundes und der Länder, Deutschland, 2026.',
    'Dieses Werk ist lizenziert unter der Datenlizenz Deutschland',
    '- Namensnennung - Version 2.0."',
    'Stand: 09.07.2026 / 11:01:42',
)


if __name__ == "__main__":
    main()
