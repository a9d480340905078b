using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace TalentData.Project;

/// <summary>
/// Reads every <c>pipelines/*.yaml</c> strictly: an unknown, repeated or missing key fails with file, line and key.
/// The reader formats are handed in (Loading lists them), so an entity's reader-specific keys are checked against
/// the format it names without this layer knowing any reader.
/// </summary>
public sealed class PipelineCatalog(IReadOnlyList<PipelineDefinition> pipelines)
{
    public IReadOnlyList<PipelineDefinition> All { get; } = pipelines;

    public PipelineDefinition Get(string id) =>
        All.FirstOrDefault(p => p.Id == id)
        ?? throw new PipelineException(id, "config",
            $"No pipeline '{id}'. Known pipelines: {string.Join(", ", All.Select(p => p.Id))}.");

    public static PipelineCatalog Load(string pipelinesDirectory, IReadOnlyList<ReaderFormat> formats)
    {
        if (!Directory.Exists(pipelinesDirectory))
            throw new PipelineException("", "config", $"Pipeline folder {pipelinesDirectory} does not exist.");
        var files = Directory.GetFiles(pipelinesDirectory, "*.yaml").Order(StringComparer.Ordinal);
        return new PipelineCatalog(files.Select(f => ParseFile(f, formats)).ToList());
    }

    public static PipelineDefinition ParseFile(string path, IReadOnlyList<ReaderFormat> formats) =>
        Parse(File.ReadAllText(path), path, formats);

    public static PipelineDefinition Parse(string yaml, string fileName, IReadOnlyList<ReaderFormat> formats)
    {
        var duplicate = formats.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new InvalidOperationException($"Two reader formats are named '{duplicate.Key}'; a pipeline's reader must name exactly one.");
        var deserializer = StrictYaml.Builder()
            .WithNodeDeserializer(new EntityDeserializer(formats), s => s.OnTop())
            .Build();
        PipelineDefinition definition;
        try
        {
            definition = deserializer.Deserialize<PipelineDefinition>(yaml)
                ?? throw new PipelineException("", "config", $"{fileName}: the file is empty; expected a pipeline definition (see pipelines/README.md).");
        }
        catch (YamlException ex)
        {
            throw new PipelineException("", "config",
                $"{fileName}, line {ex.Start.Line}, column {ex.Start.Column}: {Explain(Innermost(ex))} See pipelines/README.md for the keys.", ex);
        }
        definition.File = fileName;
        Validate(definition);
        return definition;
    }

    // YamlDotNet wraps an error inside a nested value in one "Exception during deserialization" per level; the
    // innermost says what is wrong. Its position is the outer one's when it has none of its own.
    static string Innermost(YamlException ex)
    {
        Exception inner = ex;
        while (inner.InnerException is { } next && inner.Message.StartsWith("Exception during deserialization", StringComparison.Ordinal))
            inner = next;
        return inner.Message.Trim();
    }

    static string Explain(string reason)
    {
        // YamlDotNet names C# properties; the file uses snake_case keys.
        var m = Regex.Match(reason, "Property '(?<key>[^']+)' not found on type '(?<type>[^']+)'");
        if (m.Success)
            return $"unknown key '{m.Groups["key"].Value}' (in {m.Groups["type"].Value.Split('.').Last()}).";
        var missing = Regex.Match(reason, "Missing properties, '(?<keys>[^']+)'");
        if (missing.Success)
            return $"missing required key '{StrictYaml.Key(missing.Groups["keys"].Value)}'.";
        return reason;
    }

    /// <summary>
    /// Reads an entity: the common keys into <see cref="EntityDefinition"/>, the others into the options class of the
    /// format its <c>reader</c> names. The YAML stays flat; each key is checked against exactly one class.
    /// </summary>
    sealed class EntityDeserializer(IReadOnlyList<ReaderFormat> formats) : INodeDeserializer
    {
        static readonly IReadOnlyList<string> CommonKeys = StrictYaml.KeysOf(typeof(EntityDefinition));

        public bool Deserialize(IParser reader, Type expectedType, Func<IParser, Type, object?> nestedObjectDeserializer,
            out object? value, ObjectDeserializer rootDeserializer)
        {
            value = null;
            // A Replay is this deserializer handing the common keys on to the ordinary object deserializer.
            if (expectedType != typeof(EntityDefinition) || reader is Replay || !reader.Accept<MappingStart>(out _))
                return false;
            var start = reader.Consume<MappingStart>();
            var pairs = new List<(Scalar Key, List<ParsingEvent> Value)>();
            while (!reader.Accept<MappingEnd>(out _))
            {
                var key = reader.Current as Scalar
                    ?? throw new YamlException(reader.Current!.Start, reader.Current.End, "expected a key (a name followed by ':'), found a nested value.");
                reader.MoveNext();
                pairs.Add((key, Node(reader)));
            }
            var end = reader.Consume<MappingEnd>();

            // A misspelt key is reported as such rather than as the key it was meant to be missing.
            var given = pairs.Select(p => p.Key.Value).ToHashSet();
            if (!given.Contains("reader"))
                throw new YamlException(start.Start, start.End, "missing required key 'reader' (every entity needs it).");
            var readerNode = pairs.First(p => p.Key.Value == "reader").Value[0];
            var known = $"Known readers: {string.Join(", ", formats.Select(f => f.Name))}.";
            if (readerNode is not Scalar readerName)
                throw new YamlException(readerNode.Start, readerNode.End, $"reader must be one name, found a list or mapping. {known}");
            var format = formats.FirstOrDefault(f => f.Name == readerName.Value)
                ?? throw new YamlException(readerNode.Start, readerNode.End, $"unknown reader '{readerName.Value}'. {known}");
            foreach (var (key, _) in pairs)
                if (!CommonKeys.Contains(key.Value) && !format.Keys.Contains(key.Value))
                    throw new YamlException(key.Start, key.End, UnknownKey(key.Value, format));
            if (StrictYaml.RequiredKeysOf(typeof(EntityDefinition)).FirstOrDefault(k => !given.Contains(k)) is { } missingCommon)
                throw new YamlException(start.Start, start.End, $"missing required key '{missingCommon}' (every entity needs it).");
            if (StrictYaml.RequiredKeysOf(format.OptionsType).FirstOrDefault(k => !given.Contains(k)) is { } missing)
                throw new YamlException(start.Start, start.End, $"missing required key '{missing}' (reader {format.Name} needs it).");

            var entity = (EntityDefinition)nestedObjectDeserializer(
                new Replay(start, pairs.Where(p => CommonKeys.Contains(p.Key.Value)), end), typeof(EntityDefinition))!;
            entity.Format = format;
            entity.Options = nestedObjectDeserializer(
                new Replay(start, pairs.Where(p => !CommonKeys.Contains(p.Key.Value)), end), format.OptionsType)!;
            entity.Line = (int)start.Start.Line;
            entity.SampleLine = (int)pairs.First(p => p.Key.Value == "sample").Key.Start.Line;
            value = entity;
            return true;
        }

        string UnknownKey(string key, ReaderFormat format)
        {
            var owners = formats.Where(f => f.Keys.Contains(key)).Select(f => f.Name).ToList();
            return owners.Count > 0
                ? $"key '{key}' is not a key of reader {format.Name}; it belongs to {string.Join(", ", owners)}."
                : $"unknown key '{key}'. An entity of reader {format.Name} has the keys {string.Join(", ", CommonKeys.Concat(format.Keys))}.";
        }

        /// <summary>The events of the node the parser is at (a scalar, or a whole sequence or mapping), consumed.</summary>
        static List<ParsingEvent> Node(IParser parser)
        {
            var events = new List<ParsingEvent>();
            var depth = 0;
            do
            {
                var e = parser.Current!;
                events.Add(e);
                depth += e.NestingIncrease;
                parser.MoveNext();
            }
            while (depth > 0);
            return events;
        }
    }

    /// <summary>Some keys of a mapping, replayed as a mapping of their own; every event keeps its position in the file.</summary>
    sealed class Replay : IParser
    {
        readonly List<ParsingEvent> events;
        int at = -1;

        public Replay(MappingStart start, IEnumerable<(Scalar Key, List<ParsingEvent> Value)> pairs, MappingEnd end) =>
            events = [start, .. pairs.SelectMany(p => p.Value.Prepend(p.Key)), end];

        public ParsingEvent? Current => at >= 0 && at < events.Count ? events[at] : null;

        public bool MoveNext() => ++at < events.Count;
    }

    static void Validate(PipelineDefinition p)
    {
        var file = p.File;
        var stem = Path.GetFileNameWithoutExtension(file);
        if (!Regex.IsMatch(p.Id, "^[a-z][a-z0-9]*(_[a-z0-9]+)+$"))
            throw new PipelineException(p.Id, "config", $"{file}: id '{p.Id}' must be snake_case <publisher>_<dataset>.");
        if (stem != p.Id && !file.StartsWith('<'))
            throw new PipelineException(p.Id, "config", $"{file}: id '{p.Id}' must equal the file name '{stem}'.");
        if (p.Schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length is not (5 or 6))
            throw new PipelineException(p.Id, "config", $"{file}: schedule '{p.Schedule}' is not a cron expression (expected 5 fields, e.g. \"0 4 * * 1\").");
        if (p.Entities.Count == 0)
            throw new PipelineException(p.Id, "config", $"{file}: 'entities' is empty; expected at least one entity.");
        foreach (var e in p.Entities)
        {
            var where = $"{file}, line {e.Line}: entity '{e.Entity}'";
            if (!Regex.IsMatch(e.Entity, "^[a-z][a-z0-9_]*$"))
                throw new PipelineException(p.Id, "config", $"{where} must be snake_case.");
            if (e.Format.Problem(e) is { } problem)
                throw new PipelineException(p.Id, "config", $"{where} (reader {e.Reader}): {problem}");
            try { ReaderFormat.GetEncoding(e.Encoding); }
            catch (ArgumentException)
            {
                throw new PipelineException(p.Id, "config", $"{where}: unknown encoding '{e.Encoding}' (expected e.g. utf-8 or windows-1252).");
            }
            if (e.Credentials is { } credentials && !Regex.IsMatch(credentials, "^[a-z][a-z0-9_]*$"))
                throw new PipelineException(p.Id, "config", $"{where}: credentials must be a snake_case name (its values come from TalentData__Credentials__<name>__Username and __Password), found '{credentials}'.");
            if (e.PostForm is { } form && (form.Count == 0 || form.Any(f => f.Key.Length == 0 || string.IsNullOrEmpty(f.Value))))
                throw new PipelineException(p.Id, "config", $"{where}: post_form must name at least one field, each with a value (e.g. name: 12411-01-01-4), found {(form.Count == 0 ? "none" : "an empty one")}.");
            if (e.MaxDownloadMb is <= 0)
                throw new PipelineException(p.Id, "config", $"{where}: max_download_mb must be a positive number of megabytes, found {e.MaxDownloadMb}.");
            if (e.PeriodColumn is { } period && e.Format.RawColumns(e) is var columns && !columns.Contains(period))
                throw new PipelineException(p.Id, "config",
                    $"{where}: period_column '{period}' is not a raw column of reader {e.Reader}; expected one of {string.Join(", ", columns)}.");
        }
        var duplicate = p.Entities.GroupBy(e => e.Entity).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new PipelineException(p.Id, "config", $"{file}: entity '{duplicate.Key}' is declared twice.");
    }
}
