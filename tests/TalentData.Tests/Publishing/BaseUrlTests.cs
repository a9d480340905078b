using System.Text.Json.Nodes;
using TalentData.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>The public base URL: required for a live run, the local default only for sample data, and in every identifier.</summary>
public class BaseUrlTests
{
    [Test]
    public void FromEnvironment_LiveWithoutBaseUrl_FailsNamingTheVariable()
    {
        var ex = Assert.Throws<PipelineException>(() => PublishSettings.FromEnvironment(_ => null, "live"));
        Assert.That(ex!.Message, Does.Contain(PublishSettings.BaseUrlVariable).And.Contain("live"));
    }

    [Test]
    public void FromEnvironment_LiveWithBaseUrl_TakesIt()
    {
        var settings = PublishSettings.FromEnvironment(name => name == PublishSettings.BaseUrlVariable ? "https://open-data.dortmund.de/talentdata" : null, "live");
        Assert.That((settings.Base, settings.BaseUrlConfigured, settings.DefaultBaseUrlNotice()), Is.EqualTo(("https://open-data.dortmund.de/talentdata/", true, (string?)null)));
    }

    [Test]
    public void FromEnvironment_SampleWithoutBaseUrl_UsesTheLocalDefaultAndSaysSo()
    {
        var settings = PublishSettings.FromEnvironment(_ => null, "sample");
        Assert.That((settings.Base, settings.BaseUrlConfigured), Is.EqualTo((PublishSettings.DefaultBaseUrl, false)));
        Assert.That(settings.DefaultBaseUrlNotice(), Does.Contain(PublishSettings.BaseUrlVariable).And.Contain(PublishSettings.DefaultBaseUrl));
    }

    [Test]
    public void Cli_LiveRunWithoutBaseUrl_RefusesBeforeFetchingAndNamesTheVariable()
    {
        if (Environment.GetEnvironmentVariable(PublishSettings.BaseUrlVariable) is { Length: > 0 })
            Assert.Ignore($"{PublishSettings.BaseUrlVariable} is set in this environment");
        using var data = new TempDir();
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = TalentData.Cli.Program.Run(["run", "--mode", "live", "--data-dir", data.Path], stdout, stderr);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(stderr.ToString(), Does.Contain(PublishSettings.BaseUrlVariable));
        Assert.That(Directory.Exists(Path.Combine(data.Path, "landing")), Is.False, "nothing was fetched");
    }

    [Test]
    public void SamplePublication_EveryIdentifierAndLink_StartsWithTheConfiguredBaseUrl()
    {
        var sample = SamplePublication.Instance;
        Assert.That(sample.Report.Succeeded, Is.True, sample.Report.Error);
        var urls = new List<(string File, string Key, string Url)>();
        void Collect(string file, JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    foreach (var (key, value) in o)
                        if (key is "@id" or "dcat:accessURL" or "dcat:downloadURL" && value is JsonValue v)
                            urls.Add((file, key, v.GetValue<string>()));
                        else
                            Collect(file, value);
                    break;
                case JsonArray a:
                    foreach (var item in a) Collect(file, item);
                    break;
            }
        }
        var catalog = Path.Combine(sample.Exports, "catalog.jsonld");
        Collect("catalog.jsonld", JsonNode.Parse(File.ReadAllBytes(catalog)));
        foreach (var slug in sample.Report.Published)
        {
            Collect($"{slug}/dataset.jsonld", JsonNode.Parse(sample.Bytes(slug, "dataset.jsonld")));
            urls.Add(($"{slug}/data.jsonstat.json", "href", JsonNode.Parse(sample.Bytes(slug, "data.jsonstat.json"))!["href"]!.GetValue<string>()));
            urls.Add(($"{slug}/datapackage.json", "id", JsonNode.Parse(sample.Bytes(slug, "datapackage.json"))!["id"]!.GetValue<string>()));
        }
        var formats = sample.Datasets.Where(d => sample.Report.Published.Contains(d.Dataset)).Sum(d => PublishedFormats.For(d).Count());
        Assert.That(urls.Count(u => u.Key == "dcat:downloadURL"), Is.EqualTo(2 * formats), "a distribution per format of each dataset, in the catalogue and in its record");
        Assert.That(urls.Where(u => !u.Url.StartsWith(SamplePublication.BaseUrl, StringComparison.Ordinal)).Select(u => $"{u.File} {u.Key} {u.Url}"), Is.Empty);
    }
}
