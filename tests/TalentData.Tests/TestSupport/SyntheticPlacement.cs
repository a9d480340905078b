namespace TalentData.Tests.TestSupport;

/// <summary>
/// A synthetic city's placement inputs (not Dortmund's real boundaries or streets): small squares for two statistische
/// Bezirke and one Stadtbezirk, and a street register, written into a project root whose config/city.yaml then
/// configures them. Made up for the tests; the codes are the reference's, so the manifest accepts them.
/// </summary>
/// <remarks>
/// statistischer_bezirk 010 (in Stadtbezirk 10): lon 7.40–7.45, lat 51.50–51.53, with a hole at lon 7.41–7.42, lat 51.51–51.52;
/// statistischer_bezirk 630 (in Stadtbezirk 90): lon 7.45–7.50, lat 51.50–51.53, sharing the edge lon 7.45 with 010;
/// stadtbezirk 20: lon 7.50–7.55, lat 51.50–51.53 (no statistischer Bezirk is drawn there).
/// Address table: Hauptstraße 44225, odd 1–99 in 640 and even 2–98 in 630.
/// </remarks>
public static class SyntheticPlacement
{
    public const string StatBezirkeFile = "config/geo/stat_bezirke.geojson";
    public const string StadtbezirkeFile = "config/geo/stadtbezirke.geojson";
    public const string AddressFile = "config/geo/adressen.csv";

    public const string StatBezirke = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"SBZ":"010","NAME":"Westfalenhalle"},"geometry":{"type":"Polygon","coordinates":[
           [[7.40,51.50],[7.45,51.50],[7.45,51.53],[7.40,51.53],[7.40,51.50]],
           [[7.41,51.51],[7.41,51.52],[7.42,51.52],[7.42,51.51],[7.41,51.51]]]}},
         {"type":"Feature","properties":{"SBZ":"630","NAME":"Brünninghausen"},"geometry":{"type":"MultiPolygon","coordinates":[
           [[[7.45,51.50],[7.50,51.50],[7.50,51.53],[7.45,51.53],[7.45,51.50]]]]}}]}
        """;

    public const string Stadtbezirke = """
        {"type":"FeatureCollection","features":[
         {"type":"Feature","properties":{"STBZ":20},"geometry":{"type":"Polygon","coordinates":[[[7.50,51.50],[7.55,51.50],[7.55,51.53],[7.50,51.53],[7.50,51.50]]]}}]}
        """;

    public const string Addresses = "street,postcode,number_from,number_to,side,stat_bezirk_code\n" +
                                    "Hauptstraße,44225,1,99,odd,640\n" +
                                    "Hauptstraße,44225,2,98,even,630\n";

    /// <summary>Writes the files into <paramref name="root"/> and configures them in its config/city.yaml (copied from the repository when missing).</summary>
    public static void WriteInto(string root, string? statBezirke = null, string? addresses = null)
    {
        var yaml = Path.Combine(root, TalentData.Project.City.File);
        if (!File.Exists(yaml))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(yaml)!);
            File.Copy(Path.Combine(RepoPaths.Root, TalentData.Project.City.File), yaml);
        }
        Write(root, StatBezirkeFile, statBezirke ?? StatBezirke);
        Write(root, StadtbezirkeFile, Stadtbezirke);
        Write(root, AddressFile, addresses ?? Addresses);
        File.AppendAllText(yaml, $"""

            district_boundaries:
              statistischer_bezirk: {"{"} file: {StatBezirkeFile}, code_property: SBZ, name_property: NAME {"}"}
              stadtbezirk: {"{"} file: {StadtbezirkeFile}, code_property: STBZ {"}"}
            address_districts: {AddressFile}

            """);
    }

    static void Write(string root, string relative, string content)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content, new System.Text.UTF8Encoding(false));
    }
}
