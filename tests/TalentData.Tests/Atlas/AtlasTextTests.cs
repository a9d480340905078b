using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using TalentData.Cli.Atlas;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Atlas;

/// <summary>
/// The atlas texts live in Atlas/Resources/AtlasText.resx (German) and AtlasText.en.resx: every key the pages ask
/// for must be in both, so an English page never falls back to German and no page shows a missing text.
/// </summary>
public class AtlasTextTests
{
    static readonly string AtlasSource = Path.Combine(RepoPaths.Root, "src", "TalentData.Cli", "Atlas");
    /// <summary>The suggestion form's pages use the atlas's texts and layout too.</summary>
    static readonly string SuggestionsSource = Path.Combine(RepoPaths.Root, "src", "TalentData.Cli", "Suggestions");

    /// <summary>The keys of one language only (no fallback to the neutral German), as the built assembly holds them.</summary>
    static Dictionary<string, string> Texts(CultureInfo culture)
    {
        var set = AtlasText.Resources.GetResourceSet(culture, createIfNotExists: true, tryParents: false)
                  ?? throw new MissingManifestResourceException($"no atlas texts for '{culture.Name}' in the build output");
        return set.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    static Dictionary<string, string> German => Texts(CultureInfo.InvariantCulture);
    static Dictionary<string, string> English => Texts(CultureInfo.GetCultureInfo("en"));

    /// <summary>Every key the templates and the text class look up: T["Key"], this["Key"], Format("Key", …).</summary>
    static SortedSet<string> UsedKeys()
    {
        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in new[] { AtlasSource, SuggestionsSource }.SelectMany(d => Directory.EnumerateFiles(d, "*.*", SearchOption.AllDirectories))
                     .Where(f => f.EndsWith(".razor") || f.EndsWith(".cs")))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in Regex.Matches(text, @"(?:\bT|\bthis)\[""(\w+)""\]|\bFormat\(""(\w+)"""))
                used.Add(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
            // The form's problems and refusals are named by their key where they are found, and shown by the page.
            if (file.StartsWith(SuggestionsSource, StringComparison.Ordinal))
                foreach (Match m in Regex.Matches(text, @"""(Suggest(?:Problem|Refused)\w+)"""))
                    used.Add(m.Groups[1].Value);
        }
        // One label per value of the directory's vocabulary (SuggestKind_<kind>, …): a value the schema gains needs its label.
        var directory = new TalentData.Cli.Suggestions.ProgrammeDirectory(RepoPaths.Root);
        used.UnionWith(directory.Kinds.Select(k => $"SuggestKind_{k}"));
        used.UnionWith(directory.TargetGroups.Select(g => $"SuggestGroup_{g}"));
        used.UnionWith(TalentData.Cli.Suggestions.Missing.All.Select(m => $"SuggestMissing_{m}"));
        return used;
    }

    [Test]
    public void EveryKeyThePagesUse_IsInGermanAndInEnglish_AndNoTextIsUnused()
    {
        var used = UsedKeys();
        Assert.That(used, Has.Count.GreaterThan(50), "the scan finds the lookups");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(used.Except(German.Keys), Is.Empty, "used but not in AtlasText.resx");
            Assert.That(used.Except(English.Keys), Is.Empty, "used but not in AtlasText.en.resx");
            Assert.That(German.Keys.Except(used), Is.Empty, "in AtlasText.resx but used nowhere");
            Assert.That(English.Keys.Except(German.Keys), Is.Empty, "in AtlasText.en.resx only");
        }
    }

    [Test]
    public void BothLanguages_HaveTheSamePlaceholders()
    {
        static string Placeholders(string text) => string.Join(",", Regex.Matches(text, @"\{\d+\}").Select(m => m.Value).Order());
        var english = English;
        foreach (var (key, german) in German)
            Assert.That(Placeholders(english[key]), Is.EqualTo(Placeholders(german)), key);
    }

    [Test]
    public void NoCityIsNamedInTheTexts()
    {
        // The city, its publisher and its benchmarks are {n} placeholders filled from config/city.yaml.
        var city = TalentData.Project.City.Load(RepoPaths.Root);
        var names = new[] { city.Name, city.Key, city.Publisher, city.Initiative };
        foreach (var (key, text) in German.Concat(English))
            Assert.That(names.Where(text.Contains), Is.Empty, key);
    }

    [Test]
    public void MissingKey_IsAnError()
    {
        Assert.Throws<MissingManifestResourceException>(() => _ = new AtlasText("en")["NoSuchText"]);
    }
}
