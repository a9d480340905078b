using System.Security.Cryptography;
using Dapper;
using DuckDB.NET.Data;
using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using TalentData.Project;

namespace TalentData.Warehouse;

/// <summary>
/// Places a point in the district whose configured boundary holds it (config/city.yaml district_boundaries), as the
/// SQL function <c>district_at(area_level, latitude, longitude)</c> registered on the connection that builds the
/// models, and writes what placement reads besides: <see cref="ProjectManifest.PlacementInputsTable"/> and
/// <see cref="ProjectManifest.AddressDistrictsTable"/>.
/// </summary>
/// <remarks>
/// A function rather than a table of placements written before the build: the places only exist once the staging
/// views they come from are built, and the order of precedence (number, boundary, address) stays readable in one SQL
/// file, core/fct_places.sql, as every other rule that gives data its meaning. DuckDB's spatial extension would be the
/// other way to test a point against a polygon in SQL, but it is downloaded at run time, which an offline installation
/// cannot. The function exists only on the building connection, so only tables may call it (the manifest refuses a view).
/// </remarks>
public sealed class DistrictPlacement
{
    /// <summary>One district of a level: its code, where to look quickly, and the prepared test of a point against its area.</summary>
    sealed record District(string Code, Envelope Envelope, IPointOnGeometryLocator Locator);

    readonly Dictionary<string, IReadOnlyList<District>> levels;
    readonly Lock gate = new();
    readonly City? city;

    DistrictPlacement(Dictionary<string, IReadOnlyList<District>> levels, City? city)
    {
        this.levels = levels;
        this.city = city;
    }

    /// <summary>No boundaries and no address table: district_at places nothing.</summary>
    public static DistrictPlacement None { get; } = new([], null);

    /// <summary>The boundaries and the address table <paramref name="city"/> configures, validated when it was loaded.</summary>
    public static DistrictPlacement For(City city) => new(
        city.DistrictBoundaries.ToDictionary(b => b.Key, b => (IReadOnlyList<District>)[.. b.Value.Features.Select(f =>
        {
            var geometry = BoundaryFile.ToGeometry(f);
            return new District(f.Code, geometry.EnvelopeInternal, new IndexedPointInAreaLocator(geometry));
        })], StringComparer.Ordinal),
        city);

    /// <summary>
    /// The code of the district of <paramref name="level"/> that holds the point, or null when the level has no
    /// boundaries or the point lies outside every district. A point on the edge two districts share (or, in a sliver
    /// both claim, in both) goes to the one with the lower code, compared as text: codes of one level have one width.
    /// </summary>
    public string? Place(string level, double latitude, double longitude)
    {
        if (!levels.TryGetValue(level, out var districts) || !double.IsFinite(latitude) || !double.IsFinite(longitude))
            return null;
        var point = new Coordinate(longitude, latitude);
        string? found = null;
        foreach (var district in districts)
            if (district.Envelope.Contains(point) && district.Locator.Locate(point) != Location.Exterior
                && (found is null || string.CompareOrdinal(district.Code, found) < 0))
                found = district.Code;
        return found;
    }

    /// <summary>
    /// Registers district_at on <paramref name="connection"/> and makes sure the placement inputs exist (empty until the
    /// reference stage writes them), so the models that place places build on any connection that builds models.
    /// </summary>
    public void Prepare(DuckDBConnection connection)
    {
        connection.RegisterScalarFunction<string, double, double, string>(SqlModel.DistrictAtFunction, (readers, writer, rows) =>
        {
            // DuckDB may call this from several threads at once; NetTopologySuite's locators build their indexes on
            // first use. One chunk at a time costs nothing at the size of a city's places.
            lock (gate)
            {
                for (ulong row = 0; row < rows; row++)
                {
                    var district = readers.All(r => r.IsValid(row))
                        ? Place(readers[0].GetValue<string>(row), readers[1].GetValue<double>(row), readers[2].GetValue<double>(row))
                        : null;
                    if (district is null) writer.WriteNull(row);
                    else writer.WriteValue(district, row);
                }
            }
        }, new ScalarFunctionOptions { IsPureFunction = true });
        CreateTables(connection, replace: false);
    }

    const string InputsColumns = "kind varchar not null, area_level varchar, file varchar not null, sha256 varchar not null, entries bigint not null";
    const string AddressColumns = "street varchar not null, postcode varchar not null, number_from integer not null, number_to integer not null, side varchar not null, stat_bezirk_code varchar not null, line_number bigint not null";

    static void CreateTables(System.Data.IDbConnection connection, bool replace)
    {
        var create = replace ? "create or replace table" : "create table if not exists";
        connection.Execute($"{create} {ProjectManifest.PlacementInputsTable} ({InputsColumns}); {create} {ProjectManifest.AddressDistrictsTable} ({AddressColumns});");
    }

    /// <summary>
    /// Writes the placement inputs of the city: one row per boundary file (kind 'boundaries', its level, file, SHA-256
    /// and number of districts) and for the address table (kind 'address_table'), and the address table's rows.
    /// </summary>
    public void WriteInputs(DuckDBConnection connection)
    {
        CreateTables(connection, replace: true);
        if (city is null)
            return;
        foreach (var (level, source) in city.DistrictBoundaries.OrderBy(b => b.Key, StringComparer.Ordinal))
            connection.Execute($"insert into {ProjectManifest.PlacementInputsTable} values ('boundaries', $level, $file, $sha, $entries)",
                new { level, file = source.File, sha = Sha256(source.Path), entries = (long)source.Features.Select(f => f.Code).Distinct().Count() });
        if (city.AddressTable is { } table)
        {
            connection.Execute($"insert into {ProjectManifest.PlacementInputsTable} values ('address_table', null, $file, $sha, $entries)",
                new { file = table.File, sha = Sha256(table.Path), entries = (long)table.Rows.Count });
            // A street register has thousands of rows: appended, not inserted one statement at a time.
            using var appender = connection.CreateAppender("ref", ProjectManifest.AddressDistrictsTable["ref.".Length..]);
            foreach (var row in table.Rows)
                appender.CreateRow().AppendValue(row.Street).AppendValue(row.Postcode).AppendValue(row.NumberFrom).AppendValue(row.NumberTo)
                    .AppendValue(row.Side).AppendValue(row.StatBezirkCode).AppendValue(row.Line).EndRow();
        }
    }

    /// <summary>
    /// What placement reads, as one fingerprint: each boundary file's level, file, code property and bytes, and the
    /// address table's file and bytes. A model that calls district_at or reads the placement inputs depends on it.
    /// </summary>
    public static string Fingerprint(City city)
    {
        var parts = city.DistrictBoundaries.OrderBy(b => b.Key, StringComparer.Ordinal)
            .Select(b => $"boundaries {b.Key} {b.Value.File} {b.Value.CodeProperty} {Sha256(b.Value.Path)}")
            .Append(city.AddressTable is { } table ? $"address_table {table.File} {Sha256(table.Path)}" : "no address table");
        return Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", parts))));
    }

    static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
