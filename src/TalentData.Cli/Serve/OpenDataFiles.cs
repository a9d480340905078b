using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace TalentData.Cli.Serve;

/// <summary>
/// data/exports at /opendata, for the open-data portal's harvester: ETag and Last-Modified on every file and
/// 304 on a conditional GET (the static-file middleware), explicit content types, readable from any origin.
/// </summary>
public static class OpenDataFiles
{
    public static void Map(WebApplication app, string exportsDir)
    {
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
}
