using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace TalentData.Fetching;

/// <summary>What the last successful download of a source said about itself, sent back as a conditional GET.</summary>
public sealed record FetchConditions(string? ETag, string? LastModified);

/// <summary>
/// A finished download (<see cref="NotModified"/> false): the complete body in <see cref="TempPath"/>, with its
/// SHA-256 and the validators for the next conditional GET; or the publisher's 304 (nothing downloaded).
/// </summary>
public sealed record FetchResult(bool NotModified, string? TempPath, string? Sha256, long Bytes, string? ETag, string? LastModified, int Attempts);

/// <summary>
/// Downloads a publisher's file with HttpClient under the <see cref="Resilience"/> policy: streams the body to a
/// temporary file under a per-attempt timeout and an overall deadline, refuses an oversized body, an HTML page
/// or a non-CSV content type, and sends If-None-Match / If-Modified-Since so an unchanged file is not fetched.
/// One instance per process: it keeps one circuit breaker per publisher host.
/// </summary>
public sealed class HttpFetcher : IDisposable
{
    static readonly string[] CsvMediaTypes =
    [
        "text/csv", "application/csv", "text/x-csv", "application/x-csv", "text/comma-separated-values",
        "text/plain", "application/octet-stream", "binary/octet-stream", "application/vnd.ms-excel", "application/force-download",
    ];

    readonly HttpClient client;
    readonly ConcurrentDictionary<string, ResiliencePipeline> publishers = new(StringComparer.OrdinalIgnoreCase);

    public FetchSettings Settings { get; }

    public HttpFetcher(FetchSettings? settings = null, HttpMessageHandler? handler = null)
    {
        Settings = settings ?? new FetchSettings();
        client = new HttpClient(handler ?? new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = Settings.AttemptTimeout,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            // The policy's timeouts cover the body too; HttpClient's own 100 s would cut a large download short.
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.UserAgent.ParseAdd(Settings.UserAgent);
    }

    /// <summary>
    /// Fetches <paramref name="url"/> into a new file in <paramref name="tempDirectory"/> (named with
    /// <paramref name="extension"/>). The caller lands or deletes it. A transient failure is retried; what
    /// cannot succeed by asking again (4xx, HTML, wrong type, too large, retries used up) throws
    /// <see cref="PipelineException"/> with stage "fetch"; cancellation throws <see cref="OperationCanceledException"/>.
    /// </summary>
    public async Task<FetchResult> FetchAsync(string sourceId, string url, string tempDirectory, string extension,
        FetchConditions? previous, long? maxBytes, Action<string>? log, CancellationToken cancel, FetchRequest? ask = null)
    {
        var method = ask?.Method ?? "GET";
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new PipelineException(sourceId, "fetch", $"url '{url}' is not an http(s) address; fix 'url' in pipelines/{sourceId}.yaml.");
        var limit = maxBytes ?? Settings.MaxBytes;
        Directory.CreateDirectory(tempDirectory);
        var temp = Path.Combine(tempDirectory, $".download-{Guid.NewGuid():N}{extension}");
        var pipeline = publishers.GetOrAdd(uri.Authority, _ => Resilience.FetchPipeline(Settings));
        var context = ResilienceContextPool.Shared.Get(cancel);
        if (log is not null) context.Properties.Set(Resilience.Log, log);
        var attempts = 0;
        var failures = new List<string>();
        try
        {
            var result = await pipeline.ExecuteAsync(async (ctx, _) =>
            {
                attempts++;
                try
                {
                    return await AttemptAsync(sourceId, uri, ask, temp, previous, limit, attempts, ctx.CancellationToken);
                }
                catch (Exception ex) when (Resilience.IsTransient(ex) && !cancel.IsCancellationRequested)
                {
                    failures.Add(Resilience.Describe(ex));
                    throw;
                }
                catch (OperationCanceledException) when (ctx.CancellationToken.IsCancellationRequested && !cancel.IsCancellationRequested)
                {
                    // The attempt timeout fired; the timeout strategy turns this into TimeoutRejectedException.
                    failures.Add("timed out");
                    throw;
                }
            }, context, 0);
            if (result.NotModified) File.Delete(temp);
            return result;
        }
        catch (Exception ex) when (ex is not PipelineException && !cancel.IsCancellationRequested)
        {
            File.Delete(temp);
            var tried = $"{attempts} attempt{(attempts == 1 ? "" : "s")}" + (failures.Count > 0 ? $": {string.Join("; ", failures)}" : "");
            var message = ex switch
            {
                TimeoutRejectedException t when t.Timeout == Settings.Deadline =>
                    $"{method} {url} did not finish within the download deadline of {Settings.Deadline.TotalSeconds:0.###} s ({tried}).",
                BrokenCircuitException =>
                    $"{method} {url} not attempted: {uri.Authority} failed repeatedly, so it is left alone for {Settings.CircuitBreakDuration.TotalSeconds:0.###} s ({tried}).",
                _ when Resilience.IsTransient(ex) =>
                    $"{method} {url} failed after {tried}.",
                _ => $"{method} {url} failed: {Resilience.Describe(ex)}.",
            };
            throw new PipelineException(sourceId, "fetch",
                message + " Nothing was landed and the last good publication stays; the next scheduled run tries again.", ex);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    async Task<FetchResult> AttemptAsync(string sourceId, Uri uri, FetchRequest? ask, string temp, FetchConditions? previous, long limit, int attempt, CancellationToken cancel)
    {
        using var request = new HttpRequestMessage(ask?.Form is null ? HttpMethod.Get : HttpMethod.Post, uri);
        if (ask?.Form is { } form)
            request.Content = new FormUrlEncodedContent(form);
        if (ask?.Credentials is { } credentials)
        {
            // The GENESIS web service's own scheme: the token as header "username", the password (empty for a token) as "password".
            request.Headers.TryAddWithoutValidation("username", credentials.Username);
            request.Headers.TryAddWithoutValidation("password", credentials.Password);
        }
        // Conditional requests are GET's: a POST query is answered afresh, and the sha256 tells an unchanged file.
        if (ask?.Form is null && previous?.ETag is { Length: > 0 } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
            request.Headers.IfNoneMatch.Add(tag);
        if (ask?.Form is null && previous?.LastModified is { Length: > 0 } lastModified && DateTimeOffset.TryParse(lastModified, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
            request.Headers.IfModifiedSince = since;

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancel);
        var status = (int)response.StatusCode;
        // 304 is not a success for EnsureSuccessStatusCode, so it is handled first.
        if (response.StatusCode == HttpStatusCode.NotModified)
        {
            if (request.Headers.IfNoneMatch.Count == 0 && request.Headers.IfModifiedSince is null)
                throw new PipelineException(sourceId, "fetch", $"GET {uri} answered 304 Not Modified to an unconditional request; the server is misbehaving.");
            return new FetchResult(true, null, null, 0, previous?.ETag, previous?.LastModified, attempt);
        }
        if (status is 408 or 429 || status >= 500)
        {
            var retryAfter = RetryAfter(response);
            if (retryAfter > Settings.MaxRetryAfter)
                throw new PipelineException(sourceId, "fetch",
                    $"GET {uri} answered HTTP {status} and asks to come back in {retryAfter.Value.TotalSeconds:0} s, longer than the {Settings.MaxRetryAfter.TotalSeconds:0} s a run waits; the next scheduled run tries again.");
            throw new TransientHttpException(response.StatusCode, retryAfter);
        }
        if (!response.IsSuccessStatusCode)
            throw new PipelineException(sourceId, "fetch",
                $"GET {uri} answered HTTP {status} {response.ReasonPhrase}; asking again will not help. " +
                $"If the publisher moved the file, update 'url' in pipelines/{sourceId}.yaml.");

        var mediaType = response.Content.Headers.ContentType?.MediaType?.ToLowerInvariant();
        if (mediaType is "text/html" or "application/xhtml+xml")
            throw new PipelineException(sourceId, "fetch", $"GET {uri} returned an HTML page (Content-Type {mediaType}) instead of a CSV file; the publisher probably shows an error or login page. Open the url in a browser, then update pipelines/{sourceId}.yaml.");
        if (mediaType is not null && !CsvMediaTypes.Contains(mediaType))
            throw new PipelineException(sourceId, "fetch", $"GET {uri} returned Content-Type {mediaType}; expected a CSV file ({string.Join(", ", CsvMediaTypes.Take(3))}, ...). If the publisher changed the format, update pipelines/{sourceId}.yaml.");
        var declared = response.Content.Headers.ContentLength;
        if (declared > limit)
            throw new PipelineException(sourceId, "fetch", TooLarge(uri, sourceId, limit, $"announces {declared:N0} bytes"));

        await using var body = await response.Content.ReadAsStreamAsync(cancel);
        await using var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 16];
        var head = new List<byte>(512);
        long total = 0;
        int n;
        while ((n = await body.ReadAsync(buffer, cancel)) > 0)
        {
            total += n;
            if (total > limit)
                throw new PipelineException(sourceId, "fetch", TooLarge(uri, sourceId, limit, "sent more, the download was stopped"));
            if (head.Count < 512)
            {
                head.AddRange(buffer.AsSpan(0, Math.Min(n, 512 - head.Count)).ToArray());
                if (head.Count >= 512 && LooksLikeHtml(head))
                    throw new PipelineException(sourceId, "fetch", $"GET {uri} returned an HTML page (Content-Type {mediaType ?? "none"}) instead of a CSV file; the publisher probably shows an error page. Open the url in a browser, then update pipelines/{sourceId}.yaml.");
            }
            hash.AppendData(buffer, 0, n);
            await file.WriteAsync(buffer.AsMemory(0, n), cancel);
        }
        if (declared is { } length && total != length)
            throw new IOException($"the body ended after {total:N0} of {length:N0} announced bytes");
        if (total == 0)
            throw new PipelineException(sourceId, "fetch", $"GET {uri} returned an empty body; expected a CSV file.");
        if (LooksLikeHtml(head))
            throw new PipelineException(sourceId, "fetch", $"GET {uri} returned an HTML page (Content-Type {mediaType ?? "none"}) instead of a CSV file; the publisher probably shows an error page. Open the url in a browser, then update pipelines/{sourceId}.yaml.");
        await file.FlushAsync(cancel);
        return new FetchResult(false, temp, Convert.ToHexStringLower(hash.GetHashAndReset()), total,
            response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"), attempt);
    }

    static string TooLarge(Uri uri, string sourceId, long limit, string what) =>
        $"GET {uri} {what}; the limit is {limit:N0} bytes. If the file really grew, raise max_download_mb in pipelines/{sourceId}.yaml.";

    static bool LooksLikeHtml(List<byte> head)
    {
        var text = Encoding.Latin1.GetString(head.ToArray()).TrimStart('\uFEFF', '\u00EF', '\u00BB', '\u00BF', ' ', '\r', '\n', '\t');
        return text.StartsWith("<!DOCTYPE html", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || text.StartsWith("<head", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<body", StringComparison.OrdinalIgnoreCase);
    }

    static TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        // Measured against the server's own clock, so a skewed local clock does not matter.
        { Date: { } date } when response.Headers.Date is { } now => date - now > TimeSpan.Zero ? date - now : TimeSpan.Zero,
        _ => null,
    };

    public void Dispose() => client.Dispose();
}
