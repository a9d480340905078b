using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace TalentData.Cli.Atlas;

/// <summary>
/// One response, made once and answered many times: the body as it is and compressed with Brotli and gzip, a strong
/// ETag from the body's SHA-256, and the headers for caches. <see cref="WriteAsync"/> picks the encoding the client
/// accepts, answers 304 to a matching If-None-Match (or If-Modified-Since when there is none) and sends no body to HEAD.
/// Each encoding is its own representation with its own ETag (the hash, then -br or -gz), as a strong ETag must be;
/// a client revalidating any of them is told "not modified", since all three carry the same content.
/// </summary>
public sealed class CachedResponse
{
    public const string TextHtml = "text/html; charset=utf-8";

    /// <summary>For pages built from the current release: caches may reuse them briefly, then must ask again (the ETag makes that cheap).</summary>
    public const string PageCaching = "public, max-age=60, must-revalidate";

    /// <summary>For what can change at any time under the same address (latest/, the catalogue): always ask again.</summary>
    public const string Revalidate = "public, no-cache";

    /// <summary>For an address whose content never changes (a dated release, an asset with its version in the link).</summary>
    public const string Immutable = "public, max-age=31536000, immutable";

    /// <summary>Bodies smaller than this are sent as they are: compression would save less than its headers cost.</summary>
    const int CompressFrom = 256;

    readonly byte[] identity;
    readonly byte[]? brotli;
    readonly byte[]? gzip;
    readonly string etag, brotliEtag, gzipEtag;

    public int StatusCode { get; }
    public string ContentType { get; }
    public string CacheControl { get; }
    public DateTimeOffset? LastModified { get; }

    /// <summary>The strong ETag of the uncompressed body, quoted.</summary>
    public string ETag => etag;

    /// <summary>What this response holds in memory, all encodings together.</summary>
    public long Size => identity.Length + (brotli?.Length ?? 0) + (gzip?.Length ?? 0);

    readonly string? lastModifiedText;
    readonly string identityLength;

    /// <param name="compress">Whether to keep compressed copies at all (text does compress; Parquet and databases do not).</param>
    /// <param name="fast">Compress quickly rather than small: for a response that is answered once and not kept.</param>
    public CachedResponse(byte[] body, string contentType, string cacheControl, DateTimeOffset? lastModified = null,
        int statusCode = StatusCodes.Status200OK, bool compress = true, bool fast = false)
    {
        identity = body;
        ContentType = contentType;
        CacheControl = cacheControl;
        StatusCode = statusCode;
        // HTTP dates have whole seconds; a finer time would never equal the If-Modified-Since a client sends back.
        LastModified = lastModified is { } time ? new DateTimeOffset(time.UtcTicks - time.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero) : null;
        lastModifiedText = LastModified?.ToString("R", CultureInfo.InvariantCulture);
        identityLength = body.Length.ToString(CultureInfo.InvariantCulture);
        var hash = Convert.ToHexStringLower(SHA256.HashData(body).AsSpan(0, 16));
        etag = $"\"{hash}\"";
        brotliEtag = $"\"{hash}-br\"";
        gzipEtag = $"\"{hash}-gz\"";
        if (compress && body.Length >= CompressFrom)
        {
            brotli = Smaller(Brotli(body, fast), body);
            gzip = Smaller(Gzip(body, fast), body);
        }
    }

    static byte[]? Smaller(byte[] compressed, byte[] body) => compressed.Length < body.Length ? compressed : null;

    static byte[] Brotli(byte[] body, bool fast)
    {
        // Quality 9 of 11: within a few per cent of the smallest, at a fraction of quality 11's time for a 50 KB page.
        using var encoder = new BrotliEncoder(fast ? 4 : 9, 22);
        var output = new byte[BrotliEncoder.GetMaxCompressedLength(body.Length)];
        if (encoder.Compress(body, output, out _, out var written, isFinalBlock: true) != System.Buffers.OperationStatus.Done)
            throw new InvalidOperationException("Brotli could not compress a response into its maximal length.");
        return output.AsSpan(0, written).ToArray();
    }

    static byte[] Gzip(byte[] body, bool fast)
    {
        using var output = new MemoryStream();
        using (var zip = new GZipStream(output, fast ? CompressionLevel.Fastest : CompressionLevel.SmallestSize, leaveOpen: true))
            zip.Write(body);
        return output.ToArray();
    }

    /// <summary>The body in the encoding this request gets, and its ETag and encoding name (null for none).</summary>
    (byte[] Body, string ETag, string? Encoding) Choose(HttpRequest request) =>
        Negotiate(request.Headers.AcceptEncoding, brotli is not null, gzip is not null) switch
        {
            "br" => (brotli!, brotliEtag, "br"),
            "gzip" => (gzip!, gzipEtag, "gzip"),
            _ => (identity, etag, null),
        };

    public Task WriteAsync(HttpContext context)
    {
        var request = context.Request;
        var response = context.Response;
        var (body, tag, encoding) = Choose(request);
        var headers = response.Headers;
        headers.ContentType = ContentType;
        headers.CacheControl = CacheControl;
        headers.Vary = HeaderNames.AcceptEncoding;
        if (StatusCode == StatusCodes.Status200OK)
        {
            headers.ETag = tag;
            if (lastModifiedText is not null) headers.LastModified = lastModifiedText;
            if (NotModified(request))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                headers.ContentType = default;
                return Task.CompletedTask;
            }
        }
        response.StatusCode = StatusCode;
        if (encoding is not null) headers.ContentEncoding = encoding;
        headers.ContentLength = body.Length;
        if (HttpMethods.IsHead(request.Method))
            return Task.CompletedTask;
        return response.BodyWriter.WriteAsync(body).AsTask();
    }

    /// <summary>
    /// RFC 9110 §13.1.2 and §13.1.3: If-None-Match wins over If-Modified-Since; it compares weakly, so W/"x" matches "x",
    /// and * matches any existing resource. A malformed header matches nothing and the full response follows.
    /// </summary>
    bool NotModified(HttpRequest request)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        if (!StringValues.IsNullOrEmpty(ifNoneMatch))
        {
            foreach (var line in ifNoneMatch)
                foreach (var range in (line ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var candidate = range.StartsWith("W/", StringComparison.Ordinal) ? range[2..] : range;
                    if (candidate == "*" || candidate == etag || candidate == brotliEtag || candidate == gzipEtag)
                        return true;
                }
            return false;
        }
        return LastModified is { } modified
               && request.Headers.IfModifiedSince.ToString() is { Length: > 0 } since
               && DateTimeOffset.TryParseExact(since, "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
               && modified <= time;
    }

    /// <summary>
    /// The content coding to send for an Accept-Encoding header: "br" before "gzip" when both are acceptable (Brotli is
    /// smaller), "*" accepts either, q=0 refuses one; null (the body as it is) when the client accepts neither or names
    /// only codings this server does not make.
    /// </summary>
    public static string? Negotiate(StringValues acceptEncoding, bool haveBrotli = true, bool haveGzip = true)
    {
        if (StringValues.IsNullOrEmpty(acceptEncoding) || (!haveBrotli && !haveGzip))
            return null;
        double br = -1, gz = -1, any = -1;
        foreach (var line in acceptEncoding)
            foreach (var item in (line ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var semicolon = item.IndexOf(';');
                var name = (semicolon < 0 ? item : item[..semicolon]).Trim();
                var q = 1.0;
                if (semicolon >= 0)
                {
                    var parameter = item[(semicolon + 1)..].Trim();
                    if (parameter.StartsWith("q=", StringComparison.OrdinalIgnoreCase)
                        && double.TryParse(parameter[2..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
                        q = Math.Clamp(value, 0, 1);
                }
                if (name.Equals("br", StringComparison.OrdinalIgnoreCase)) br = q;
                else if (name.Equals("gzip", StringComparison.OrdinalIgnoreCase) || name.Equals("x-gzip", StringComparison.OrdinalIgnoreCase)) gz = q;
                else if (name == "*") any = q;
            }
        if (br < 0) br = any;
        if (gz < 0) gz = any;
        if (!haveBrotli) br = 0;
        if (!haveGzip) gz = 0;
        if (br <= 0 && gz <= 0) return null;
        return br >= gz ? "br" : "gzip";
    }
}
