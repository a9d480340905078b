using System.Security.Cryptography;
using System.Text;
using TalentData.Publishing;
using TalentData.Tests.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Golden;

/// <summary>
/// The whole sample publication against reviewed files in Golden/publication/: the catalogue, every datapackage.json
/// and changes.json in full, the first 50 rows of every CSV, the JSON-stat metadata, and the sha256 of every file.
/// After an intended change, regenerate with TALENTDATA_UPDATE_GOLDEN=1 and review the diff: docs/golden-files.md says why
/// the files exist, the command, and what to look for in the diff.
/// </summary>
public class PublicationGoldenTests
{
    const int CsvRows = 50;

    static string GoldenRoot => Path.Combine(RepoPaths.Root, "tests", "TalentData.Tests", "Golden", "publication");

    static bool Update => Environment.GetEnvironmentVariable("TALENTDATA_UPDATE_GOLDEN") == "1";

    /// <summary>What the golden folder holds for the publication in <paramref name="exports"/>, by relative path.</summary>
    static SortedDictionary<string, string> Expected(string exports, IEnumerable<string> datasets)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var sums = new StringBuilder();
        void Sum(string relative) =>
            sums.Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(exports, relative))))).Append("  ").Append(relative).Append('\n');
        files[DcatWriter.CatalogFile] = File.ReadAllText(Path.Combine(exports, DcatWriter.CatalogFile));
        Sum(DcatWriter.CatalogFile);
        foreach (var slug in datasets.Order(StringComparer.Ordinal))
        {
            var latest = Path.Combine(exports, slug, "latest");
            files[$"{slug}/{DataPackageFormat.File}"] = File.ReadAllText(Path.Combine(latest, DataPackageFormat.File));
            files[$"{slug}/{ChangeReport.File}"] = File.ReadAllText(Path.Combine(latest, ChangeReport.File));
            // Line ends are checked by the sums; the heads are kept with \n so that git and editors leave them alone.
            files[$"{slug}/{CsvFormat.File}.head"] = string.Join("\n", File.ReadAllText(Path.Combine(latest, CsvFormat.File)).Split("\r\n").Take(CsvRows + 1)) + "\n";
            files[$"{slug}/{Path.ChangeExtension(JsonStatFormat.File, ".meta.json")}"] = string.Join("\n", File.ReadAllText(Path.Combine(latest, JsonStatFormat.File)).Split('\n')
                .Select(line => line.TrimStart().StartsWith("\"value\":", StringComparison.Ordinal) || line.TrimStart().StartsWith("\"status\":", StringComparison.Ordinal)
                    ? line[..(line.IndexOf(':') + 1)] + " \"sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(line))) + "\"" + (line.EndsWith(',') ? "," : "")
                    : line));
            // Every published format by its bytes, then the release's metadata files.
            // (data.geojson only where the dataset declares geometry; the folder's listing is checked below.)
            foreach (var file in PublishedFormats.All.Select(f => f.FileName).Where(f => File.Exists(Path.Combine(latest, f))).Append(DcatWriter.RecordFile).Append(ChangeReport.File))
                Sum($"{slug}/latest/{file}");
        }
        files["SHA256SUMS"] = sums.ToString();
        return files;
    }

    [Test]
    public void SamplePublication_LatestFolders_HoldEveryPublishedFormatAndTheReleaseMetadata_NothingElse()
    {
        var sample = SamplePublication.Instance;
        var datasets = sample.Datasets.ToDictionary(d => d.Dataset);
        using (Assert.EnterMultipleScope())
            foreach (var slug in sample.Report.Published)
                Assert.That(Directory.GetFiles(Path.Combine(sample.Exports, slug, "latest")).Select(Path.GetFileName).Order(StringComparer.Ordinal),
                    Is.EqualTo(PublishedFormats.For(datasets[slug]).Select(f => f.FileName).Append(DcatWriter.RecordFile).Append(ChangeReport.File).Order(StringComparer.Ordinal)),
                    $"{slug}: what the golden sums cover (data.geojson only where the dataset declares geometry)");
    }

    [Test]
    public void SamplePublication_EveryPublishedFile_MatchesTheGoldenFiles()
    {
        var sample = SamplePublication.Instance;
        Assert.That(sample.Report.Succeeded, Is.True, sample.Report.Error);
        var expected = Expected(sample.Exports, sample.Report.Published);
        if (Update)
        {
            if (Directory.Exists(GoldenRoot))
                Directory.Delete(GoldenRoot, recursive: true);
            foreach (var (path, text) in expected)
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(GoldenRoot, path))!);
                File.WriteAllText(Path.Combine(GoldenRoot, path), text, new UTF8Encoding(false));
            }
            Assert.Warn($"Golden files rewritten in {GoldenRoot}; review the diff before committing (docs/golden-files.md).");
            return;
        }
        Assert.That(Directory.Exists(GoldenRoot), $"{GoldenRoot} is missing; create it with TALENTDATA_UPDATE_GOLDEN=1 dotnet test (docs/golden-files.md).");
        var stored = Directory.GetFiles(GoldenRoot, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(GoldenRoot, f).Replace(Path.DirectorySeparatorChar, '/')).Order(StringComparer.Ordinal).ToList();
        Assert.That(stored, Is.EqualTo(expected.Keys), "the set of golden files");
        using (Assert.EnterMultipleScope())
            foreach (var (path, text) in expected)
            {
                var golden = File.ReadAllText(Path.Combine(GoldenRoot, path));
                if (golden == text)
                    continue;
                var (goldenLines, newLines) = (golden.Split('\n'), text.Split('\n'));
                var first = Enumerable.Range(0, Math.Max(goldenLines.Length, newLines.Length))
                    .First(i => i >= goldenLines.Length || i >= newLines.Length || goldenLines[i] != newLines[i]);
                Assert.Fail($"{path} differs from the golden file at line {first + 1}:\n" +
                            $"  golden: {(first < goldenLines.Length ? goldenLines[first] : "(end of file)")}\n" +
                            $"  now:    {(first < newLines.Length ? newLines[first] : "(end of file)")}\n" +
                            "If the change is intended, regenerate with TALENTDATA_UPDATE_GOLDEN=1 dotnet test and review the diff (docs/golden-files.md).");
            }
    }
}
