#!/usr/bin/env python3
"""Writes the bad-input corpus from the bundled samples: each file is a sample damaged in one way a real
download can be damaged. Run from the repository root: python3 tests/TalentData.Tests/BadInput/make_corpus.py
The expected outcome of every file is in cases.csv beside this script; the 10 MB lines are made by the test."""
import os
import zlib

ROOT = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.abspath(os.path.join(ROOT, "..", "..", ".."))
BOM = "\ufeff"


def sample(relative):
    with open(os.path.join(REPO, "sample-data", relative), "rb") as f:
        return f.read()


def write(folder, name, data):
    os.makedirs(os.path.join(ROOT, folder), exist_ok=True)
    with open(os.path.join(ROOT, folder, name), "wb") as f:
        f.write(data)


def lines_of(text):
    """Splits on CRLF and keeps whether the text ended with one."""
    return text.split("\r\n")


def html_page():
    return (b"<!DOCTYPE html>\r\n<html><head><title>502 Bad Gateway</title></head>\r\n"
            b"<body><h1>502 Bad Gateway</h1><p>The server returned an invalid response.</p></body></html>\r\n")


def zip_bytes():
    # A real ZIP local-file header: what an XLSX saved under a .csv name starts with.
    payload = zlib.compress(b"<worksheet>nothing to see</worksheet>" * 20)
    return b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(0, 32)) + payload


# ---------------------------------------------------------------- Opendatasoft CSV (dortmund_social_indicators)
ODS = "opendatasoft_csv"
social_text = sample("dortmund_social_indicators/sozialindikatoren.csv").decode("utf-8-sig")
social = lines_of(social_text)           # [header, rows..., ""]
header, rows = social[0], social[1:-1]


def ods(name, header_line, data_rows, bom=True, ending="\r\n", encoding="utf-8"):
    text = (BOM if bom else "") + ending.join([header_line] + data_rows) + ending
    write(ODS, name, text.encode(encoding))


def cells(row):
    return row.split(";")


def with_cell(row, index, value):
    c = cells(row)
    c[index] = value
    return ";".join(c)


write(ODS, "empty.csv", b"")
ods("header_only.csv", header, [])
write(ODS, "xlsx_saved_as_csv.csv", zip_bytes())
write(ODS, "html_error_page.csv", html_page())
write(ODS, "utf16_export.csv", (BOM + social_text).encode("utf-16-le"))
ods("cp1252_instead_of_utf8.csv", header, rows, bom=False, encoding="cp1252")
ods("comma_separated.csv", header.replace(";", ","), [r.replace(";", ",") for r in rows])
ods("missing_column.csv", ";".join(c for i, c in enumerate(cells(header)) if i != 5),
    [";".join(c for i, c in enumerate(cells(r)) if i != 5) for r in rows])
ods("extra_column.csv", header + ";stand", [r + ";2024-06-30" for r in rows])
ods("renamed_header.csv", header.replace("sgb_ii_quote", "sgb_2_quote"), rows)


def swap(row, a, b):
    c = cells(row)
    c[a], c[b] = c[b], c[a]
    return ";".join(c)


ods("reordered_columns.csv", swap(header, 3, 5), [swap(r, 3, 5) for r in rows])
ods("row_missing_field.csv", header, [r if i != 4 else ";".join(cells(r)[:-1]) for i, r in enumerate(rows)])
ods("row_extra_field.csv", header, [r if i != 8 else r + ";x" for i, r in enumerate(rows)])
# An opening quote never closed: a parser that honours quotes reads on to the end of the file.
ods("unbalanced_quote.csv", header, [r if i != 40 else with_cell(r, 2, '"' + cells(r)[2]) for i, r in enumerate(rows)])
text = BOM + "\r\n".join([header] + rows) + "\r\n"
write(ODS, "truncated_last_row.csv", text[: text.rstrip("\r\n").rfind(";") - 3].encode("utf-8"))
# Two exports run together: the second starts with its own BOM and header in the middle of the file.
ods("bom_in_middle.csv", header, rows[:36] + [BOM + header] + rows[36:])
mixed = BOM + header + "\r\n" + "".join(r + ["\r\n", "\n", "\r"][i % 3] for i, r in enumerate(rows))
write(ODS, "mixed_line_endings.csv", mixed.encode("utf-8"))
ods("blank_lines.csv", header, [x for i, r in enumerate(rows) for x in ([r, ""] if i % 10 == 9 else [r])])
ods("all_fields_quoted.csv", ";".join(f'"{c}"' for c in cells(header)), [";".join(f'"{c}"' for c in cells(r)) for r in rows])
ods("decimal_comma.csv", header, [r if i != 14 else with_cell(r, 3, cells(r)[3].replace(".", ",")) for i, r in enumerate(rows)])
ods("en_dash_for_nothing.csv", header, [r if i != 20 else with_cell(r, 6, "\u2013") for i, r in enumerate(rows)])
ods("symbol_as_year.csv", header, [r if i != 30 else with_cell(r, 0, ".") for i, r in enumerate(rows)])
ods("symbol_as_district_code.csv", header, [r if i != 31 else with_cell(r, 1, "x") for i, r in enumerate(rows)])
ods("unknown_district.csv", header, [r if i != 50 else with_cell(r, 1, "130") for i, r in enumerate(rows)])
ods("duplicate_row.csv", header, rows[:61] + [rows[60]] + rows[61:])
ods("quota_over_100.csv", header, [r if i != 25 else with_cell(r, 5, "153.2") for i, r in enumerate(rows)])
# Well-formed but wrong: every Stadtbezirk number moved on by one (10->20 ... 120->10), the names left as they were,
# so each row's code contradicts the name beside it.
rotated = {str(10 * k): str(10 * (k % 12 + 1)) for k in range(1, 13)}
ods("rotated_district_codes.csv", header, [with_cell(r, 1, rotated[cells(r)[1]]) for r in rows])
# Well-formed but wrong: the last year's rows once more, dated 2099.
last_year = max(cells(r)[0] for r in rows)
ods("future_year.csv", header, rows + [with_cell(r, 0, "2099") for r in rows if cells(r)[0] == last_year])

transitions_text = sample("dortmund_school_transitions/transitions.csv").decode("utf-8-sig")
t = lines_of(transitions_text)
t_header, t_rows = t[0], t[1:-1]
ods("negative_count.csv", t_header, [r if i != 100 else with_cell(r, 4, "-" + cells(r)[4]) for i, r in enumerate(t_rows)])

leavers_text = sample("dortmund_school_leavers/leavers.csv").decode("utf-8-sig")
lv = lines_of(leavers_text)
lv_header, lv_rows = lv[0], lv[1:-1]
# One district count 100 higher than the city reported: the districts no longer add up to the official total.
k = next(i for i, r in enumerate(lv_rows) if r.startswith("2021/22;70;") and ";mit Mittlerem Abschluss;weiblich;" in r)
ods("districts_do_not_add_up.csv", lv_header, [r if i != k else with_cell(r, 5, str(int(cells(r)[5]) + 100)) for i, r in enumerate(lv_rows)])

# ---------------------------------------------------------------- GENESIS table CSV (13211-02-05-4, cp1252)
GEN = "genesis_table_csv"
unemployment_text = sample("regionalstatistik_unemployment/13211-02-05-4.csv").decode("cp1252")
u_lines = unemployment_text.split("\n")      # the GENESIS file ends its lines with LF
first_data = next(i for i, l in enumerate(u_lines) if l[:4].isdigit())
footer_at = next(i for i, l in enumerate(u_lines) if l.startswith("_____"))


def gen(name, lines, encoding="cp1252", ending="\n"):
    write(GEN, name, ending.join(lines).encode(encoding))


def data_line(prefix):
    return next(i for i, l in enumerate(u_lines) if l.startswith(prefix))


def replace_line(lines, index, new):
    copy = list(lines)
    copy[index] = new
    return copy


def gen_cell(line, index, value):
    c = line.split(";")
    c[index] = value
    return ";".join(c)


write(GEN, "empty.csv", b"")
write(GEN, "html_error_page.csv", html_page())
write(GEN, "zip_archive.csv", zip_bytes())
write(GEN, "ffcsv_flat_file.csv",
      "statistics_code;statistics_label;time_code;time;1_variable_code;1_variable_label;1_variable_attribute_code;1_variable_attribute_label;value\n"
      "13211;Arbeitsmarktstatistik;JAHR;2023;KREISE;Kreise;05913;Dortmund, kreisfreie Stadt;31802\n".encode("cp1252"))
gen("other_table.csv", replace_line(u_lines, 0, "Tabelle: 13211-01-03-4"))
gen("renamed_header.csv", [l.replace(";ausländisch;", ";Ausländer;") if i < first_data else l for i, l in enumerate(u_lines)])
gen("missing_value_column.csv", [l.rsplit(";", 1)[0] if first_data - 3 <= i < footer_at and l.count(";") > 3 else l for i, l in enumerate(u_lines)])
gen("extra_value_column.csv", [l + (";Anzahl" if i == first_data - 1 else ";" if i < first_data else ";17") if first_data - 3 <= i < footer_at and l.count(";") > 3 else l
                               for i, l in enumerate(u_lines)])
gen("utf8_declared_windows1252.csv", u_lines, encoding="utf-8")
gen("no_data_rows.csv", u_lines[:first_data] + u_lines[footer_at:])
cut = data_line("2023;05913;")
gen("truncated_in_data.csv", u_lines[:cut] + [u_lines[cut][:40]])
# The download stopped inside the footer's quoted notes: the data block above is complete.
gen("truncated_footer.csv", u_lines[: footer_at + 6])
write(GEN, "mixed_line_endings.csv", "".join(l + ["\r\n", "\n", "\r"][i % 3] for i, l in enumerate(u_lines[:footer_at]))
      .encode("cp1252") + "\n".join(u_lines[footer_at:]).encode("cp1252"))
gen("bom_in_middle.csv", replace_line(u_lines, data_line("2021;DG;"), "ï»¿" + u_lines[data_line("2021;DG;")]))
dortmund_2020 = data_line("2020;05913;")
gen("unbalanced_quote.csv", replace_line(u_lines, dortmund_2020, u_lines[dortmund_2020].replace(";      Dortmund", ';"      Dortmund')))
gen("row_missing_cell.csv", replace_line(u_lines, data_line("2022;05;"), u_lines[data_line("2022;05;")].rsplit(";", 1)[0]))
gen("row_extra_cell.csv", replace_line(u_lines, data_line("2022;DG;"), u_lines[data_line("2022;DG;")] + ";4,4"))
gen("thousands_separator.csv", replace_line(u_lines, data_line("2019;05913;"), gen_cell(u_lines[data_line("2019;05913;")], 3, "31.013")))
gen("flag_after_value.csv", replace_line(u_lines, data_line("2024;05913;"), gen_cell(u_lines[data_line("2024;05913;")], 3, u_lines[data_line("2024;05913;")].split(";")[3] + " p")))
gen("symbol_as_region_key.csv", replace_line(u_lines, data_line("2021;05913;"), gen_cell(u_lines[data_line("2021;05913;")], 1, ".")))
gen("unknown_region.csv", u_lines[: data_line("2021;05915;") + 1] + ["2021;05999;      Phantasia, kreisfreie Stadt;100;20;5;1;10;20;30;5,0;4,5;4,6;4,4;9,9;4,1"] + u_lines[data_line("2021;05915;") + 1:])
gen("duplicate_row.csv", u_lines[: data_line("2022;05913;") + 1] + [u_lines[data_line("2022;05913;")]] + u_lines[data_line("2022;05913;") + 1:])
gen("negative_count.csv", replace_line(u_lines, data_line("2022;05913;"), gen_cell(u_lines[data_line("2022;05913;")], 9, "-" + u_lines[data_line("2022;05913;")].split(";")[9])))
d = u_lines[dortmund_2020].split(";")
gen("group_exceeds_total.csv", replace_line(u_lines, dortmund_2020, gen_cell(u_lines[dortmund_2020], 4, str(int(d[3]) + 500))))

leavers_official = sample("regionalstatistik_school_leavers/21111-02-06-4.csv").decode("cp1252").split("\n")
row = next(i for i, l in enumerate(leavers_official) if l.startswith("2021;DG;"))
c = leavers_official[row].split(";")
c[3] = str(int(c[3]) + 1000)
gen("total_does_not_add_up.csv", leavers_official[:row] + [";".join(c)] + leavers_official[row + 1:])

# ---------------------------------------------------------------- BA CSV (ausbildungsmarkt.csv, UTF-8)
BA = "ba_csv"
ba_text = sample("ba_training_market/ausbildungsmarkt.csv").decode("utf-8")
b = ba_text.split("\r\n")
table_header = next(i for i, l in enumerate(b) if l.startswith("Ausgewählte Merkmale;"))


def ba(name, lines, encoding="utf-8", ending="\r\n"):
    write(BA, name, ending.join(lines).encode(encoding))


def ba_line(label, after=0):
    return next(i for i, l in enumerate(b) if i > after and l.split(";")[0] == label)


def ba_cell(line, index, value):
    c = line.split(";")
    c[index] = value
    return ";".join(c)


nrw = ba_line("Nordrhein-Westfalen")
de = ba_line("Deutschland")
footer = next(i for i, l in enumerate(b) if l.startswith("©"))
write(BA, "empty.csv", b"")
write(BA, "html_error_page.csv", html_page())
write(BA, "xlsx_saved_as_csv.csv", zip_bytes())
ba("cp1252_instead_of_utf8.csv", b, encoding="cp1252")
ba("metadata_only.csv", b[:table_header])


def add_year(i, line):
    if i == table_header:
        return line + "2024/25;"
    if table_header < i < footer and line.strip(";"):
        return line + (";" if line.split(";")[1] == "" else "1.234;")
    return line


ba("new_year_column.csv", [add_year(i, l) for i, l in enumerate(b)])
ba("renamed_header.csv", replace_line(b, table_header, b[table_header].replace("2023/24", "2023/2024")))
ba("missing_section.csv", b[:de] + b[footer:])
ba("extra_row.csv", b[: ba_line("darunter unversorgt") + 1] + ["darunter unversorgt, Alternative;90;88;70;61;55;60;"] + b[ba_line("darunter unversorgt") + 1:])
ba("renamed_row.csv", replace_line(b, ba_line("darunter unbesetzt", nrw), b[ba_line("darunter unbesetzt", nrw)].replace("darunter unbesetzt", "darunter: unbesetzt")))
ba("truncated.csv", b[: nrw + 3] + [b[nrw + 3][:50]])
ba("bom_in_middle.csv", replace_line(b, nrw, BOM + b[nrw]))
applicants = ba_line("Gemeldete Bewerber/innen")
ba("row_missing_value.csv", replace_line(b, applicants, ";".join(b[applicants].split(";")[:-2]) + ";"))
ba("letters_in_count.csv", replace_line(b, applicants, ba_cell(b[applicants], 1, "4.6l2")))
ba("symbol_in_odd_place.csv", replace_line(b, ba_line("Gemeldete Berufsausbildungsstellen", nrw), ba_cell(b[ba_line("Gemeldete Berufsausbildungsstellen", nrw)], 3, "1*")))
ba("unbalanced_quote.csv", replace_line(b, ba_line("darunter unbesetzt"), b[ba_line("darunter unbesetzt")].replace(";163;", ';"163;')))
ba("value_in_trailing_field.csv", replace_line(b, ba_line("darunter unbesetzt", de), b[ba_line("darunter unbesetzt", de)] + "69.395"))
write(BA, "mixed_line_endings.csv", "".join(l + ["\r\n", "\n", "\r"][i % 3] for i, l in enumerate(b[:-1])).encode("utf-8") + b[-1].encode("utf-8"))
ba("negative_count.csv", replace_line(b, ba_line("darunter unbesetzt", de), ba_cell(b[ba_line("darunter unbesetzt", de)], 2, "-59.948")))
unplaced = ba_line("darunter unversorgt")
ba("part_exceeds_total.csv", replace_line(b, unplaced, ba_cell(b[unplaced], 4, "5.302")))
ratio = ba_line("Bewerber/innen je 100 Stellen", nrw)
ba("ratio_does_not_match.csv", replace_line(b, ratio, ba_cell(b[ratio], 5, "104,1")))

# ---------------------------------------------------------------- GENESIS flat file (12411-01-01-4, a zip with one CSV)
# Named .csv like every corpus file: the reader tells a zip by its first bytes, not by its name.
import io
import zipfile

FLAT = "genesis_flat_csv"
flat_zip = sample("regionalstatistik_population/12411-01-01-4_flat.zip")
with zipfile.ZipFile(io.BytesIO(flat_zip)) as z:
    flat_csv = z.read("12411-01-01-4_flat.csv")
f_lines = flat_csv.decode("utf-8-sig").split("\n")     # [header, rows..., ""]
dortmund_total = next(i for i, l in enumerate(f_lines) if ";05913;" in l and ";;Insgesamt;" in l)


def flat(name, lines):
    write(FLAT, name, (BOM + "\n".join(lines)).encode("utf-8"))


def zipped(entries):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for entry, data in entries:
            info = zipfile.ZipInfo(entry, date_time=(2026, 3, 10, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return out.getvalue()


write(FLAT, "empty.csv", b"")
write(FLAT, "html_error_page.csv", html_page())
write(FLAT, "broken_zip.csv", flat_zip[: len(flat_zip) // 2])
write(FLAT, "zip_with_two_files.csv", zipped([("12411-01-01-4_flat.csv", flat_csv), ("12411-01-01-4_flat_meta.csv", b"Hinweis\n")]))
write(FLAT, "zip_of_another_table.csv", zipped([("12411-02-03-4_flat.csv", flat_csv)]))
write(FLAT, "table_csv_instead.csv", sample("regionalstatistik_unemployment/13211-02-05-4.csv"))
flat("header_without_value.csv", replace_line(f_lines, 0, f_lines[0].replace(";value;", ";wert;")))
flat("unknown_variable_code.csv", replace_line(f_lines, dortmund_total, f_lines[dortmund_total].replace(";GES;Geschlecht;", ";ALTX20;Altersgruppen;")))
flat("unknown_value_variable.csv", replace_line(f_lines, dortmund_total, f_lines[dortmund_total].replace(";BEVSTD;", ";BEV001;")))
flat("other_statistic.csv", replace_line(f_lines, dortmund_total, "12421" + f_lines[dortmund_total][5:]))
# Harmless: the CSV without its zip, and the two variable groups in the other order.
write(FLAT, "plain_csv.csv", flat_csv)


def swap_groups(line):
    c = line.split(";")
    g1, g2 = c[5:9], c[9:13]
    renumber = lambda g, n: [n + x[1:] if x[:2] in ("1_", "2_") else x for x in g]
    return ";".join(c[:5] + renumber(g2, "1") + renumber(g1, "2") + c[13:])


flat("variables_swapped.csv", [swap_groups(l) if l else l for l in f_lines])
