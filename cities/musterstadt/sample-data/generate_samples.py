#!/usr/bin/env python3
"""Deterministic generator for the sample data of Musterstadt, a SYNTHETIC city (cities/musterstadt/sample-data/).

Run from anywhere:  python3 cities/musterstadt/sample-data/generate_samples.py

Python 3.11, standard library only, one fixed seed: every run rewrites every file byte-identically. The geography is
read from cities/musterstadt/sql/reference/stat_bezirke.csv and stadtbezirke.csv; this script never writes them.

Every value is made up, and so is the city. The files have the byte format of the Dortmund portal's Opendatasoft
exports that the repository's sample-data/dortmund_* files stand for (UTF-8 with BOM, ';', CRLF, the same columns and
labels), so Musterstadt runs through the same readers. Counts are of a city of about 95,000 residents, large enough
that disclosure control publishes most cells. Consistency the warehouse relies on, enforced with assertions:
  * every district's unemployed are fewer than its residents aged 15 to 65;
  * every cell is a whole number of at least 0; no symbols.
"""
import csv
import io
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
CITY = os.path.dirname(HERE)
REF = os.path.join(CITY, "sql", "reference")

SEED = 20261205
YEARS = list(range(2019, 2025))
SEXES = ["männlich", "weiblich"]
AGE_GROUPS = [  # (label, share of residents, share of them aged 15 to 65)
    ("0 bis unter 6", 0.058, 0.0),
    ("6 bis unter 15", 0.082, 0.0),
    ("15 bis unter 18", 0.028, 1.0),
    ("18 bis unter 25", 0.085, 1.0),
    ("25 bis unter 45", 0.265, 1.0),
    ("45 bis unter 65", 0.280, 1.0),
    ("65 und älter", 0.202, 0.0),
]
UNEMPLOYED_AGES = [("unter 25", 0.10), ("25 bis unter 55", 0.68), ("55 und älter", 0.22)]
LEGAL_BASES = [("SGB II", 0.62), ("SGB III", 0.38)]
QUALIFICATIONS = [  # (label, share of leavers)
    ("ohne Hauptschulabschluss", 0.065),
    ("mit Hauptschulabschluss", 0.150),
    ("mit Mittlerem Abschluss", 0.370),
    ("mit Fachhochschulreife", 0.045),
    ("mit allgemeiner Hochschulreife", 0.370),
]


def read_reference(name):
    with open(os.path.join(REF, name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write(folder, name, header, rows):
    """UTF-8 with BOM, ';'-separated, CRLF: the Opendatasoft export's bytes."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    os.makedirs(os.path.join(HERE, folder), exist_ok=True)
    with open(os.path.join(HERE, folder, name), "w", encoding="utf-8-sig", newline="") as f:
        f.write(out.getvalue())


def split(total, shares, rng):
    """Splits a whole number by shares (each jittered a little); the parts add up to the total exactly."""
    weights = [s * rng.uniform(0.9, 1.1) for s in shares]
    parts = [int(total * w / sum(weights)) for w in weights]
    parts[max(range(len(parts)), key=lambda i: weights[i])] += total - sum(parts)
    return parts


def main():
    rng = random.Random(SEED)
    districts = read_reference("stat_bezirke.csv")
    stadtbezirke = {r["stadtbezirk_code"]: r["stadtbezirk_name"] for r in read_reference("stadtbezirke.csv")}

    # residents per statistischer Bezirk: 5,500 to 12,500 in 2019, growing or shrinking a little each year
    size = {d["stat_bezirk_code"]: rng.randint(5500, 12500) for d in districts}
    foreign = {d["stat_bezirk_code"]: rng.uniform(0.08, 0.30) for d in districts}
    residents, working_age = [], {}
    for year in YEARS:
        for d in districts:
            code = d["stat_bezirk_code"]
            if year > YEARS[0]:
                size[code] = round(size[code] * rng.uniform(0.99, 1.015))
            cells = iter(split(size[code], [a[1] for a in AGE_GROUPS for _ in SEXES], rng))
            for age, _, working in AGE_GROUPS:
                for sex in SEXES:
                    both = next(cells)
                    non_german = round(both * foreign[code] * rng.uniform(0.9, 1.1))
                    for nationality, count in (("deutsch", both - non_german), ("nichtdeutsch", non_german)):
                        residents.append([f"{year}-12-31", year, code, d["stat_bezirk_name"], d["stadtbezirk_code"],
                                          stadtbezirke[d["stadtbezirk_code"]], sex, age, nationality, count])
                        working_age[(year, code)] = working_age.get((year, code), 0) + (count if working else 0)
    write("musterstadt_population", "residents.csv",
          ["stichtag", "jahr", "statistischer_bezirk_nr", "statistischer_bezirk", "stadtbezirk_nr", "stadtbezirk",
           "geschlecht", "altersgruppe", "staatsangehorigkeit", "anzahl"], residents)

    # unemployed (annual average) per statistischer Bezirk: 4 to 9 % of the residents aged 15 to 65
    rate = {d["stat_bezirk_code"]: rng.uniform(0.04, 0.09) for d in districts}
    unemployed = []
    for year in YEARS:
        for d in districts:
            code = d["stat_bezirk_code"]
            total = round(working_age[(year, code)] * rate[code] * rng.uniform(0.95, 1.05))
            assert total < working_age[(year, code)], (year, code)
            by_basis = split(total, [b[1] for b in LEGAL_BASES], rng)
            for (basis, _), basis_total in zip(LEGAL_BASES, by_basis):
                for (age, _), count in zip(UNEMPLOYED_AGES, split(basis_total, [a[1] for a in UNEMPLOYED_AGES], rng)):
                    # this export prints the two-digit spelling 'NN' of the district number, as Dortmund's does
                    unemployed.append([year, code[:2], d["stat_bezirk_name"], basis, age, count])
    write("musterstadt_unemployment", "unemployed.csv",
          ["jahr", "statistischer_bezirk_nr", "statistischer_bezirk", "rechtskreis", "altersgruppe", "arbeitslose"], unemployed)

    # school leavers per Stadtbezirk of residence: about 1.1 % of its residents a year, by qualification and sex
    leavers = []
    for year in YEARS:
        for sb_code, sb_name in stadtbezirke.items():
            people = sum(size_row[-1] for size_row in residents if size_row[1] == year and size_row[4] == sb_code)
            total = round(people * 0.011 * rng.uniform(0.985, 1.015))
            for (qualification, _), count in zip(QUALIFICATIONS, split(total, [q[1] for q in QUALIFICATIONS], rng)):
                female = round(count * rng.uniform(0.45, 0.55))
                for sex, n in (("männlich", count - female), ("weiblich", female)):
                    leavers.append([f"{year - 1}/{year % 100:02d}", sb_code, sb_name, qualification, sex, n])
    write("musterstadt_school_leavers", "leavers.csv",
          ["schuljahr", "stadtbezirk_nr", "stadtbezirk", "abschluss", "geschlecht", "anzahl"], leavers)

    for rows in (residents, unemployed, leavers):
        assert all(isinstance(r[-1], int) and r[-1] >= 0 for r in rows)


if __name__ == "__main__":
    main()
