using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using TalentData.Cli.Atlas;

namespace TalentData.Cli.Serve;

/// <summary>
/// data/exports at /opendata, for the open-data portal's harvester: ETag and Last-Modified on every file and
/// 304 on a conditional GET (the static-file middleware), explicit content types, readable from any origin.
/// Only files inside the exports root are served: a link (file or folder) is followed only when it ends inside it,
/// as `latest` does; one that leads out answers 404 like a file that is not there.
/// The text files (CSV, JSON, the catalogue) up to <see cref="MaxCachedFile"/> are answered from memory, compressed
/// with Brotli or gzip, kept per release in the <see cref="ReleaseCache"/>; Parquet, the database and larger files
/// go to the static-file middleware. A file under a dated release folder never changes, so caches may keep it for a
/// year; under latest/ and at the root it is revalidated every time.
/// </summary>
public static class OpenDataFiles
{
    public const long MaxCachedFile = 8L * 1024 * 1024;

    /// <summary>The types worth compressing; the others are compressed already (Parquet) or too large to keep (the database).</summary>
    /// The published formats bring their own: a new format (GeoJSON) is served as its class describes it, nothing here.
    static readonly Dictionary<string, string> TextTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".csv"] = "text/csv; charset=utf-8",
        [".json"] = "application/json; charset=utf-8",
        [".jsonld"] = "application/ld+json; charset=utf-8",
        [".txt"] = "text/plain; charset=utf-8",
    }.Concat(TalentData.Publishing.PublishedFormats.All.Where(f => f.Encoding is not null)
            .Select(f => KeyValuePair.Create(Path.GetExtension(f.FileName), $"{f.MediaType}; charset={f.Encoding}")))
        .DistinctBy(p => p.Key, StringComparer.OrdinalIgnoreCase).ToDictionary(StringComparer.OrdinalIgnoreCase);

    public static void Map(WebApplication app, string exportsDir, ReleaseCache cache)
    {
        var root = RealPath(Path.GetFullPath(exportsDir)) ?? throw new PipelineException("", "config", $"The exports folder {exportsDir} cannot be resolved.");
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments("/opendata", out var rest))
            {
                var real = RealPath(Path.Combine(root, (rest.Value ?? "").TrimStart('/')));
                if (real is null || !Inside(root, real))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }
                var file = new FileInfo(real);
                if (file.Exists && file.Length <= MaxCachedFile && TextTypes.TryGetValue(file.Extension, out var type)
                    && (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                    && !RangeOrPrecondition(context.Request.Headers))
                {
                    var caching = InRelease(rest.Value ?? "") ? CachedResponse.Immutable : CachedResponse.Revalidate;
                    // The file's time and size are in the key: catalog.jsonld is replaced in place by rename.
                    var response = cache.Current().GetOrMake($"opendata|{real}|{file.LastWriteTimeUtc.Ticks}|{file.Length}|{caching}",
                        fast => new CachedResponse(File.ReadAllBytes(real), type, caching, file.LastWriteTimeUtc, fast: fast));
                    context.Response.Headers.AccessControlAllowOrigin = "*";
                    return response.WriteAsync(context);
                }
                // The file itself, not the link: a link's own size would be sent as the file's Content-Length.
                if (file.Exists)
                    context.Request.Path = new PathString("/opendata/" + Path.GetRelativePath(root, real).Replace('\\', '/'));
            }
            return next(context);
        });
        var types = new FileExtensionContentTypeProvider();
        types.Mappings.Clear();
        foreach (var (extension, type) in TextTypes)
            types.Mappings[extension] = type;
        foreach (var binary in TalentData.Publishing.PublishedFormats.All.Where(f => f.Encoding is null))
            types.Mappings.TryAdd(Path.GetExtension(binary.FileName), binary.MediaType);
        types.Mappings[".duckdb"] = "application/octet-stream";
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = "/opendata",
            FileProvider = new PhysicalFileProvider(exportsDir),
            ContentTypeProvider = types,
            ServeUnknownFileTypes = false,
            OnPrepareResponse = context =>
            {
                context.Context.Response.Headers.AccessControlAllowOrigin = "*";
                // Revalidate every time: a new run replaces latest/ in place, and the ETag makes that cheap.
                context.Context.Response.Headers.CacheControl = "public, no-cache";
            },
        });
    }

    /// <summary>
    /// A range request (a harvester resuming a download) or a precondition other than If-None-Match/If-Modified-Since:
    /// the static-file middleware answers those, as it did before the cache.
    /// </summary>
    static bool RangeOrPrecondition(IHeaderDictionary headers) =>
        headers.ContainsKey("Range") || headers.ContainsKey("If-Range") || headers.ContainsKey("If-Match") || headers.ContainsKey("If-Unmodified-Since");

    /// <summary>Whether a request path names a file of a dated release (&lt;dataset&gt;/&lt;release&gt;/&lt;file&gt;), whose content never changes.</summary>
    static bool InRelease(string requestPath)
    {
        var parts = requestPath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 3 && parts[1] != TalentData.Publishing.ReleaseStore.Latest && !parts[1].StartsWith('.') && !parts.Contains("..");
    }

    /// <summary>Whether the request path, with every link on the way resolved, stays inside <paramref name="root"/> (itself resolved).</summary>
    public static bool ResolvesInside(string root, string requestPath)
    {
        var real = RealPath(Path.Combine(root, requestPath.TrimStart('/')));
        return real is not null && Inside(root, real);
    }

    static bool Inside(string root, string real) => real == root || real.StartsWith(root + "/", StringComparison.Ordinal);

    /// <summary>
    /// The path with every link resolved, component by component as the kernel does (a ".." after a link goes up
    /// from where the link led); a missing component ends the walk, since nothing beyond it can be served anyway.
    /// Null for a cycle of links, or a ".." after a missing component.
    /// </summary>
    public static string? RealPath(string path, int depth = 0)
    {
        if (depth > 40) return null;
        var current = "/";
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part == ".") continue;
            if (part == "..") { current = Path.GetDirectoryName(current) ?? "/"; continue; }
            var next = Path.Combine(current, part);
            var info = new FileInfo(next);
            if (info.LinkTarget is { } target)
            {
                var resolved = RealPath(Path.IsPathRooted(target) ? target : Path.Combine(current, target), depth + 1);
                if (resolved is null) return null;
                current = resolved;
            }
            else if (!info.Exists && !Directory.Exists(next))
            {
                return parts[i..].Contains("..") ? null : Path.Combine([current, .. parts[i..]]);
            }
            else current = next;
        }
        return current;
    }
}
