using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>
/// The specifications' own validators (../shared/validators, beside the repository, not in it): the JSON-stat 2.0
/// schema and rules manifest, the Frictionless v2 profiles (both run with JsonSchema.Net) and GovData's DCAT-AP.de
/// SHACL shapes (run under node by tests/shacl/validate.mjs, after `npm ci` there). A clone without them skips the
/// tests that need them with the reason; with TALENTDATA_REQUIRE_VALIDATORS=1 (set by .ci/run) a missing folder or
/// missing node modules fails instead, so CI never skips silently.
/// </summary>
internal static class Validators
{
    public const string RequireVariable = "TALENTDATA_REQUIRE_VALIDATORS";

    static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Set by .ci/run when the npm registry cannot be reached: the SHACL tests then skip with the reason.</summary>
    public const string ShaclOfflineVariable = "TALENTDATA_SHACL_OFFLINE";

    /// <summary>Skips the test with the reason, or fails it when the validators are required.</summary>
    static void Unavailable(string reason, bool shacl = false)
    {
        if (Required && !(shacl && Environment.GetEnvironmentVariable(ShaclOfflineVariable) == "1"))
            Assert.Fail($"{reason} ({RequireVariable}=1: the validators are required here).");
        TestContext.Out.WriteLine($"skipped: {reason}");
        Assert.Ignore(reason);
    }

    /// <summary>A folder of ../shared/validators, or the test is skipped (failed under CI).</summary>
    public static string Folder(string name)
    {
        var path = Path.Combine(RepoPaths.SharedValidators, name);
        if (!Directory.Exists(path))
            Unavailable($"{path} is absent: the specifications' validators are kept in ../shared/validators beside the repository");
        return path;
    }

    static readonly Lazy<JsonSchema> JsonStat = new(() => Load(Path.Combine(Folder("jsonstat"), "jsonstat-dataset.json")));
    static readonly Lazy<JsonSchema> DataPackage = new(() => Load(Path.Combine(Folder("frictionless-v2"), "datapackage.json")));

    static JsonSchema Load(string file) =>
        JsonSchema.FromText(File.ReadAllText(file), new BuildOptions { SchemaRegistry = new SchemaRegistry() });

    /// <summary>The JSON-stat 2.0 dataset schema (jsonstat/validator, curated).</summary>
    public static JsonSchema JsonStatSchema
    {
        get
        {
            Folder("jsonstat");
            return JsonStat.Value;
        }
    }

    /// <summary>The Frictionless Data Package v2 profile (bundled: resource, table schema and dialect inside).</summary>
    public static JsonSchema DataPackageSchema
    {
        get
        {
            Folder("frictionless-v2");
            return DataPackage.Value;
        }
    }

    /// <summary>The rules manifest of jsonstat/validator: the checks a schema cannot express.</summary>
    public static JsonArray JsonStatRuleManifest() =>
        JsonNode.Parse(File.ReadAllBytes(Path.Combine(Folder("jsonstat"), "jsonstat-rules.json")))!["rules"]!.AsArray();

    static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    // The verdict alone: evaluation stops at the first failure and collects no annotations, several times faster on a
    // valid document; only an invalid one is evaluated again for the details.
    static readonly EvaluationOptions Verdict = new() { OutputFormat = OutputFormat.Flag, RequireFormatValidation = true };

    /// <summary>Every schema error as "instance location: message"; empty when the document is valid.</summary>
    public static List<string> SchemaErrors(JsonSchema schema, byte[] document)
    {
        using var parsed = JsonDocument.Parse(document);
        if (schema.Evaluate(parsed.RootElement, Verdict).IsValid)
            return [];
        var result = schema.Evaluate(parsed.RootElement, Evaluation);
        if (result.IsValid)
            return [];
        var errors = (result.Details ?? []).Prepend(result)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}) {e.Key}: {e.Value}"))
            .Distinct()
            .ToList();
        return errors.Count > 0 ? errors : ["invalid (no detail reported)"];
    }

    public static List<string> SchemaErrors(JsonSchema schema, JsonNode document) =>
        SchemaErrors(schema, JsonSerializer.SerializeToUtf8Bytes(document));

    /// <summary>One SHACL result: severity (Violation, Warning, Info), the shape's message and where.</summary>
    public sealed record ShaclResult(string Severity, string Message, string? FocusNode, string? Path);

    static string ShaclFolder => System.IO.Path.Combine(RepoPaths.Root, "tests", "shacl");

    /// <summary>The shapes folder and node with the script's modules installed, or the test is skipped (failed under CI).</summary>
    public static (string Shapes, string Node) ShaclEngine()
    {
        var shapes = Folder("dcat-ap-de");
        if (!Directory.Exists(System.IO.Path.Combine(ShaclFolder, "node_modules", "rdf-validate-shacl")))
            Unavailable($"{ShaclFolder}/node_modules is missing: run `npm ci` in tests/shacl (.ci/run does)", shacl: true);
        var node = new[] { "/usr/bin/node", "/usr/bin/nodejs", "/usr/local/bin/node" }.FirstOrDefault(File.Exists);
        if (node is null)
            Unavailable("node is not installed (Debian: apt-get install nodejs)");
        return (shapes, node!);
    }

    /// <summary>
    /// Runs GovData's DCAT-AP.de shapes on JSON-LD files, with FOAF, vCard and the licence vocabulary loaded as data
    /// (<paramref name="withVocabularies"/> false: the bare catalogue, as a harvester without FOAF sees it).
    /// </summary>
    public static Dictionary<string, List<ShaclResult>> Shacl(IReadOnlyList<string> files, bool withVocabularies = true)
    {
        var (shapes, node) = ShaclEngine();
        var start = new ProcessStartInfo(node)
        {
            WorkingDirectory = ShaclFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("validate.mjs");
        if (!withVocabularies)
            start.ArgumentList.Add("--bare");
        start.ArgumentList.Add(shapes);
        foreach (var file in files)
            start.ArgumentList.Add(file);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("the SHACL validator did not finish within 3 minutes");
        }
        Assert.That(process.ExitCode, Is.Zero, $"validate.mjs failed: {stderr.Result}");
        var report = JsonNode.Parse(stdout)!["files"]!.AsObject();
        return files.ToDictionary(f => f, f => report[f]!["results"]!.AsArray().Select(r => new ShaclResult(
            r!["severity"]!.GetValue<string>(), r["message"]!.GetValue<string>(),
            r["focusNode"]?.GetValue<string>(), r["path"]?.GetValue<string>())).ToList());
    }
}
