using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace TalentData.Cli.Serve;

/// <summary>
/// data/exports at /opendata, for the open-data portal's harvester: ETag and Last-Modified on every file and
/// 304 on a conditional GET (the static-file middleware), explicit content types, readable from any origin.
/// Only files inside the exports root are served: a link (file or folder) is followed only when it ends inside it,
/// as `latest` does; one that leads out answers 404 like a file that is not there.
/// </summary>
public static class OpenDataFiles
{
    public static void Map(WebApplication app, string exportsDir)
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
                // The file itself, not the link: a link's own size would be sent as the file's Content-Length.
                if (File.Exists(real))
                    context.Request.Path = new PathString("/opendata/" + Path.GetRelativePath(root, real).Replace('\\', '/'));
            }
            return next(context);
        });
        var types = new FileExtensionContentTypeProvider();
        types.Mappings.Clear();
        types.Mappings[".csv"] = "text/csv; charset=utf-8";
        types.Mappings[".json"] = "application/json; charset=utf-8";
        types.Mappings[".jsonld"] = "application/ld+json; charset=utf-8";
        types.Mappings[".parquet"] = "application/vnd.apache.parquet";
        types.Mappings[".duckdb"] = "application/octet-stream";
        types.Mappings[".txt"] = "text/plain; charset=utf-8";
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
