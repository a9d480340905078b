using System.Globalization;
using System.Text.Json.Nodes;
using DuckDB.NET.Data;
using TalentData.Publishing;

namespace TalentData.Tests.Publishing;

/// <summary>data.parquet against data.csv beside it, its bytes across reruns, and how the data package and the catalogue list it.</summary>
public class ParquetTests
{
    static SamplePublication Sample => SamplePublication.Instance;

    static readonly ParquetFormat Parquet = PublishedFormats.Get<ParquetFormat>();

    /// <summary>The Parquet file as DuckDB reads it: column names, DuckDB types, and every cell as the CSV would write it (null for NULL).</summary>
    static (List<string> Names, List<string> Types, List<string?[]> Rows) Read(byte[] parquet)
    {
        var path = Path.Combine(Path.GetTempPath(), $"talentdata-test-{Guid.NewGuid():N}.parquet");
        File.WriteAllBytes(path, parquet);
        try
        {
            using var connection = new DuckDBConnection("Data Source=:memory:");
            connection.Open();
            var (names, types) = (new List<string>(), new List<string>());
            using (var describe = connection.CreateCommand())
            {
                describe.CommandText = $"DESCRIBE SELECT * FROM read_parquet('{path}')";
                using var reader = describe.ExecuteReader();
                while (reader.Read())
                {
                    names.Add(reader.GetString(0));
                    types.Add(reader.GetString(1));
                }
            }
            var rows = new List<string?[]>();
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM read_parquet('{path}')";
            using (var reader = select.ExecuteReader())
                while (reader.Read())
                    rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : Text(reader.GetValue(i)))]);
            return (names, types, rows);
        }
        finally
        {
            File.Delete(path);
        }
    }

    static string Text(object value) => value switch
    {
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ => CsvExtractWriter.Format(value),
    };

    [Test]
    public void Parquet_ReadBack_HasExactlyTheCsvRowsWithTheDeclaredTypes_SuppressedValuesNullWithStatusSecret()
    {
        var suppressed = 0;
        using (Assert.EnterMultipleScope())
            foreach (var dataset in Sample.Datasets)
            {
                var slug = dataset.Dataset;
                var (header, csv) = CsvExtractWriter.Parse(Sample.Bytes(slug, CsvFormat.File));
                var (names, types, rows) = Read(Sample.Bytes(slug, ParquetFormat.File));
                Assert.That(names, Is.EqualTo(header), $"{slug}: columns");
                Assert.That(types, Is.EqualTo(dataset.Columns.Select(c => ParquetFormat.SqlType(dataset, c))), $"{slug}: types");
                Assert.That(rows, Has.Count.EqualTo(csv.Count), $"{slug}: rows");
                var measure = dataset.Columns.IndexOf(dataset.Measure);
                var status = dataset.Columns.IndexOf(dataset.Status);
                for (var r = 0; r < Math.Min(rows.Count, csv.Count); r++)
                    for (var c = 0; c < header.Count; c++)
                    {
                        var expected = csv[r][c].Length == 0 ? null : csv[r][c];
                        var actual = rows[r][c];
                        // A number column holds every row at the column's scale: 12.3 reads back as 12.30 beside a 2-decimal indicator.
                        if (ParquetFormat.SqlType(dataset, dataset.Columns[c]).StartsWith("DECIMAL", StringComparison.Ordinal) && expected is not null && actual is not null)
                            Assert.That(decimal.Parse(actual, CultureInfo.InvariantCulture), Is.EqualTo(decimal.Parse(expected, CultureInfo.InvariantCulture)), $"{slug}, row {r + 1}, {header[c]}");
                        else if (actual != expected)
                            Assert.Fail($"{slug}, row {r + 1}, {header[c]}: Parquet has {actual ?? "NULL"}, the CSV {(expected is null ? "an empty cell" : expected)}");
                    }
                foreach (var row in rows.Where(row => row[status] == TalentData.Project.StatusSymbol.Secret))
                {
                    Assert.That(row[measure], Is.Null, $"{slug}: a suppressed value");
                    suppressed++;
                }
            }
        Assert.That(suppressed, Is.GreaterThan(0), "the sample publication has suppressed cells to compare");
    }

    /// <summary>A release of one of the sample publication's tables, as the run gives it to the formats.</summary>
    static ReleaseContent ContentOf(PublishedTable table) =>
        new(table, Sample.Publication.Areas, [], Licences.Zero, "", Sample.Options.Publish, Sample.City, new ReleaseStamp("2026-11-26", "2026-11-26T06:00:00Z"));

    [Test]
    public void Parquet_WrittenTwiceFromTheSameTable_IsByteIdentical_AndEqualsThePublishedFile()
    {
        using (Assert.EnterMultipleScope())
            foreach (var (slug, table) in Sample.Publication.Tables)
            {
                var content = ContentOf(table);
                var first = Parquet.Write(content, new Dictionary<string, byte[]>());
                var second = Parquet.Write(content with { Release = new ReleaseStamp("2026-11-27", "2026-11-27T06:00:00Z") }, new Dictionary<string, byte[]>());
                Assert.That(second, Is.EqualTo(first), $"{slug}: a rerun");
                Assert.That(first, Is.EqualTo(Sample.Bytes(slug, ParquetFormat.File)), $"{slug}: the file the run published");
            }
    }

    /// <summary>
    /// Every Parquet file is written in the process's one scratch database (<see cref="TalentData.Warehouse.ScratchDatabase"/>),
    /// as the runs of a server's workers write theirs at the same time: each write's table is its own, so every dataset
    /// written on eight threads at once is the file the run published, byte for byte.
    /// </summary>
    [Test]
    public void Parquet_WrittenOnManyThreadsAtOnce_EachFileIsThePublishedOne()
    {
        var contents = Sample.Publication.Tables.Select(t => (Slug: t.Key, Content: ContentOf(t.Value))).ToList();
        var jobs = Enumerable.Range(0, 4).SelectMany(_ => contents).ToList();
        var written = new byte[jobs.Count][];
        Parallel.For(0, jobs.Count, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            i => written[i] = Parquet.Write(jobs[i].Content, new Dictionary<string, byte[]>()));
        Assert.That(contents, Has.Count.GreaterThan(1), "several datasets to write side by side");
        using (Assert.EnterMultipleScope())
            for (var i = 0; i < jobs.Count; i++)
                Assert.That(written[i], Is.EqualTo(Sample.Bytes(jobs[i].Slug, ParquetFormat.File)), $"{jobs[i].Slug}, write {i + 1}");
    }

    [Test]
    public void DataPackage_ListsTheParquetFile_WithFormatMediaTypeBytesAndHash()
    {
        using (Assert.EnterMultipleScope())
            foreach (var dataset in Sample.Datasets)
            {
                var package = JsonNode.Parse(Sample.Bytes(dataset.Dataset, DataPackageFormat.File))!;
                var resource = package["resources"]!.AsArray().SingleOrDefault(r => r!["path"]?.GetValue<string>() == ParquetFormat.File);
                Assert.That(resource, Is.Not.Null, $"{dataset.Dataset}: a resource for {ParquetFormat.File}");
                if (resource is null)
                    continue;
                var bytes = Sample.Bytes(dataset.Dataset, ParquetFormat.File);
                Assert.That(resource["format"]!.GetValue<string>(), Is.EqualTo("parquet"));
                Assert.That(resource["mediatype"]!.GetValue<string>(), Is.EqualTo("application/vnd.apache.parquet"));
                Assert.That(resource["bytes"]!.GetValue<long>(), Is.EqualTo(bytes.LongLength), dataset.Dataset);
                Assert.That(resource["hash"]!.GetValue<string>(), Is.EqualTo(DataPackageFormat.Sha256(bytes)), dataset.Dataset);
                Assert.That(resource["schema"]!["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()), Is.EqualTo(dataset.Columns.Select(c => c.Name)));
            }
    }

    [Test]
    public void Catalogue_ListsTheParquetFile_AsADistributionWhoseUrlIsThePublishedFile()
    {
        var catalog = JsonNode.Parse(File.ReadAllBytes(Path.Combine(Sample.Exports, "catalog.jsonld")))!;
        var datasets = catalog["@graph"]!.AsArray().Where(n => n!["@type"]?.ToString() == "dcat:Dataset").ToList();
        Assert.That(datasets, Has.Count.EqualTo(Sample.Report.Published.Count));
        using (Assert.EnterMultipleScope())
            foreach (var node in datasets)
            {
                var slug = node!["dct:identifier"]!.GetValue<string>();
                var distribution = node["dcat:distribution"]!.AsArray().SingleOrDefault(d => d!["dcat:downloadURL"]!.GetValue<string>().EndsWith("/" + ParquetFormat.File, StringComparison.Ordinal));
                Assert.That(distribution, Is.Not.Null, $"{slug}: a Parquet distribution");
                if (distribution is null)
                    continue;
                var url = distribution["dcat:downloadURL"]!.GetValue<string>();
                Assert.That(distribution["dcat:accessURL"]!.GetValue<string>(), Is.EqualTo(url));
                Assert.That(distribution["dcat:mediaType"]!.GetValue<string>(), Is.EqualTo("https://www.iana.org/assignments/media-types/application/vnd.apache.parquet"));
                Assert.That(distribution["dct:format"]!.GetValue<string>(), Is.EqualTo("http://publications.europa.eu/resource/authority/file-type/PARQUET"));
                // `talentdata serve` serves data/exports/ under the base URL: the URL names the published file.
                Assert.That(url, Does.StartWith(SamplePublication.BaseUrl));
                var file = Path.Combine(Sample.Exports, url[SamplePublication.BaseUrl.Length..]);
                Assert.That(File.Exists(file), Is.True, $"{slug}: {url} is {file}");
                Assert.That(distribution["dcat:byteSize"]!.GetValue<string>(), Is.EqualTo(new FileInfo(file).Length.ToString(CultureInfo.InvariantCulture)));
            }
    }
}
