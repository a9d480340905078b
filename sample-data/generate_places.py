#!/usr/bin/env python3
"""Deterministic generator for the places-of-talent-support samples (SYNTHETIC).

Run from anywhere:  python3 sample-data/generate_places.py

Python 3.11, standard library only, fixed seed: every run rewrites both files byte-identically. It reuses the
geography, the synthetic district sizes and the Opendatasoft writer of generate_samples.py (imported, not run), and
writes
  * dortmund_schools/schulen.csv                        schools with their statistischer Bezirk
  * dortmund_youth_facilities/jugendfreizeitstaetten.csv  youth leisure facilities with their Stadtbezirk
  * dortmund_daycare/kindertageseinrichtungen.csv         day-care centres with their statistischer Bezirk and places
  * dortmund_libraries/bibliotheken.csv                   the Zentralbibliothek and branch libraries by Stadtbezirk
  * dortmund_adult_education/vhs_standorte.csv            adult-education (VHS) sites by Stadtbezirk
in the city portal's CSV export format (UTF-8 with BOM, ';', CRLF, geo_point_2d as "lat, lon").

Every name, address and coordinate is made up (names end in "(Beispiel)"); only the district codes and names are the
city's (sql/reference). The numbers of schools per Schulform are of the size of Dortmund's in 2023 (Regionalstatistik
21111-01-03-4); how they spread over the districts is invented, weighted by the synthetic population.

Placement cases the pipeline must handle, on purpose:
  * SCHOOLS_WITHOUT_DISTRICT schools have coordinates but no statistischer_bezirk_nr;
  * one youth facility has coordinates but no stadtbezirk_nr, and one has neither (it cannot be placed at all);
  * DAYCARE_WITHOUT_DISTRICT day-care centres have coordinates but no statistischer_bezirk_nr;
  * the mobile library (Bücherbus) has no Stadtbezirk, no address and no coordinates;
  * one VHS site has coordinates but no stadtbezirk_nr.
The second slice's three files draw from their own random stream (SEED_SECOND_SLICE), so adding them left the first
two files byte-identical.
"""
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate_samples as gs  # noqa: E402  (helpers and geography only; its main() does not run)

SEED = 20261204
SEED_SECOND_SLICE = 20261218

# Rough centre of each Stadtbezirk (WGS84 lat, lon): only so that the synthetic points fall inside the city.
CENTRE = {
    "10": (51.508, 7.445), "20": (51.525, 7.460), "30": (51.510, 7.485), "40": (51.555, 7.470),
    "50": (51.545, 7.545), "60": (51.520, 7.550), "70": (51.485, 7.555), "80": (51.480, 7.505),
    "90": (51.470, 7.430), "100": (51.500, 7.350), "110": (51.530, 7.405), "120": (51.570, 7.390),
}

# Schulform (as the city's school lists print it) and how many; 2023 sizes of 21111-01-03-4, plus Berufskollegs.
SCHULFORMEN = [
    ("Grundschule", 88), ("Hauptschule", 8), ("Realschule", 13), ("Gymnasium", 16),
    ("Gesamtschule", 11), ("Förderschule", 18), ("Berufskolleg", 9),
]
SCHOOLS_WITHOUT_DISTRICT = 3

STREETS = ["Schulstraße", "Am Sportplatz", "Lindenweg", "Kirchstraße", "Parkallee", "Hauptstraße", "Gartenweg",
           "Bergstraße", "Wiesenstraße", "Am Markt", "Ringstraße", "Feldweg"]

YOUTH_KINDS = ["Jugendfreizeitstätte", "Kinder- und Jugendtreff", "Jugendtreff", "Abenteuerspielplatz"]
TRAEGER = ["Stadt Dortmund, Jugendamt", "freier Träger (Beispiel)"]
PLZ = {"10": "44137", "20": "44147", "30": "44141", "40": "44339", "50": "44328", "60": "44309",
       "70": "44287", "80": "44263", "90": "44225", "100": "44388", "110": "44369", "120": "44359"}


def point(rng, sb):
    lat, lon = CENTRE[sb]
    return f"{lat + rng.uniform(-0.012, 0.012):.6f}, {lon + rng.uniform(-0.018, 0.018):.6f}"


def address(rng):
    return f"{rng.choice(STREETS)} {rng.randint(1, 120)}"


def schools(rng):
    districts = [(code, code2, name, sb) for code, code2, name, sb in gs.STAT_BEZIRKE]
    weights = [gs.DISTRICT_PARAMS[code][0] for code, _, _, _ in districts]
    rows, number = [], 100000
    for schulform, count in SCHULFORMEN:
        for i in range(count):
            code, _, name, sb = rng.choices(districts, weights)[0]
            number += rng.randint(3, 40)
            rows.append([str(number), f"{schulform} {name} {i + 1} (Beispiel)", schulform, address(rng),
                         PLZ[sb], "Dortmund", code, name, point(rng, sb)])
    rows.sort(key=lambda r: r[0])
    # The district is missing upstream for a few (new or moved schools): kept with their coordinates.
    for row in rng.sample(rows, SCHOOLS_WITHOUT_DISTRICT):
        row[6] = row[7] = ""
    return rows


def youth_facilities(rng):
    rows, number = [], 0
    for sb, name in gs.STADTBEZIRKE:
        for _ in range(rng.randint(3, 6)):
            number += 1
            kind = rng.choice(YOUTH_KINDS)
            rows.append([f"JFS-{number:03d}", f"{kind} {name} {number} (Beispiel)", kind, rng.choice(TRAEGER),
                         address(rng), PLZ[sb], "Dortmund", sb, name, point(rng, sb)])
    # One without a Stadtbezirk but with coordinates, one with neither (a mobile offer without a fixed site).
    rows[7][7] = rows[7][8] = ""
    number += 1
    rows.append([f"JFS-{number:03d}", f"Mobile Jugendarbeit {number} (Beispiel)", "Mobile Jugendarbeit",
                 TRAEGER[0], "", "", "Dortmund", "", "", ""])
    return rows


# Day-care centres: about 300 in Dortmund (size only; the spread is invented, weighted by the synthetic population).
DAYCARE_COUNT = 300
DAYCARE_WITHOUT_DISTRICT = 2
DAYCARE_TRAEGER = [("Städtische Kitas (FABIDO)", "öffentlich"), ("Ev. Kindertageseinrichtungen (Beispiel)", "frei"),
                   ("Kath. Kita gGmbH (Beispiel)", "frei"), ("AWO Kita (Beispiel)", "frei"),
                   ("Elterninitiative (Beispiel)", "frei")]


def daycare(rng):
    districts = [(code, name, sb) for code, _, name, sb in gs.STAT_BEZIRKE]
    weights = [gs.DISTRICT_PARAMS[code][0] for code, _, _ in districts]
    rows = []
    for number in range(1, DAYCARE_COUNT + 1):
        code, name, sb = rng.choices(districts, weights)[0]
        traeger, art = rng.choice(DAYCARE_TRAEGER)
        rows.append([f"KITA-{number:03d}", f"Kita {name} {number} (Beispiel)", traeger, art, address(rng), PLZ[sb],
                     "Dortmund", str(rng.choice([25, 35, 45, 50, 60, 75, 90, 105])), code, name, point(rng, sb)])
    for row in rng.sample(rows, DAYCARE_WITHOUT_DISTRICT):
        row[8] = row[9] = ""
    return rows


def libraries(rng):
    # The Zentralbibliothek in Innenstadt-West, then one or two Stadtteilbibliotheken per other Stadtbezirk.
    rows = [["BIB-01", "Zentralbibliothek (Beispiel)", "Zentralbibliothek", "Am Markt 1", PLZ["10"], "Dortmund",
             "10", "Innenstadt-West", point(rng, "10")]]
    for sb, name in gs.STADTBEZIRKE:
        if sb == "10":
            continue
        for _ in range(rng.randint(1, 2)):
            rows.append([f"BIB-{len(rows) + 1:02d}", f"Stadtteilbibliothek {name} {len(rows) + 1} (Beispiel)",
                         "Stadtteilbibliothek", address(rng), PLZ[sb], "Dortmund", sb, name, point(rng, sb)])
    rows.append([f"BIB-{len(rows) + 1:02d}", "Bücherbus (Beispiel)", "Fahrbibliothek", "", "", "Dortmund", "", "", ""])
    return rows


VHS_KINDS = ["Lernort", "Stadtbezirksstelle", "Kursraum in Schule"]


def adult_education(rng):
    rows = [["VHS-01", "VHS Haus am Hiltropwall (Beispiel)", "Hauptgebäude", "Hiltropwall 7", PLZ["10"], "Dortmund",
             "10", "Innenstadt-West", point(rng, "10")]]
    for sb, name in gs.STADTBEZIRKE:
        for _ in range(rng.randint(0, 2)):
            kind = rng.choice(VHS_KINDS)
            rows.append([f"VHS-{len(rows) + 1:02d}", f"VHS {kind} {name} {len(rows) + 1} (Beispiel)", kind,
                         address(rng), PLZ[sb], "Dortmund", sb, name, point(rng, sb)])
    # One site the city has not yet assigned to a Stadtbezirk, with coordinates.
    rows[3][6] = rows[3][7] = ""
    return rows


def main():
    rng = random.Random(SEED)
    gs.write_opendatasoft_csv(
        "dortmund_schools/schulen.csv",
        ["schulnummer", "bezeichnung", "schulform", "adresse", "plz", "ort", "statistischer_bezirk_nr",
         "statistischer_bezirk", "geo_point_2d"],
        schools(rng))
    gs.write_opendatasoft_csv(
        "dortmund_youth_facilities/jugendfreizeitstaetten.csv",
        ["id", "einrichtung", "art", "trager", "adresse", "plz", "ort", "stadtbezirk_nr", "stadtbezirk",
         "geo_point_2d"],
        youth_facilities(rng))
    rng = random.Random(SEED_SECOND_SLICE)
    gs.write_opendatasoft_csv(
        "dortmund_daycare/kindertageseinrichtungen.csv",
        ["id", "name", "trager", "tragerart", "adresse", "plz", "ort", "platze", "statistischer_bezirk_nr",
         "statistischer_bezirk", "geo_point_2d"],
        daycare(rng))
    gs.write_opendatasoft_csv(
        "dortmund_libraries/bibliotheken.csv",
        ["id", "bezeichnung", "art", "adresse", "plz", "ort", "stadtbezirk_nr", "stadtbezirk", "geo_point_2d"],
        libraries(rng))
    gs.write_opendatasoft_csv(
        "dortmund_adult_education/vhs_standorte.csv",
        ["id", "standort", "art", "adresse", "plz", "ort", "stadtbezirk_nr", "stadtbezirk", "geo_point_2d"],
        adult_education(rng))


if __name__ == "__main__":
    main()
