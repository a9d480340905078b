using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace TalentData.Tests.Fetching;

/// <summary>What the stand-in does to one request instead of serving the file normally.</summary>
public enum Fault
{
    ServerError,
    TooManyRequests,
    SlowHeaders,
    SlowBody,
    TruncatedBody,
    ConnectionReset,
    HtmlErrorPage,
    HtmlAsCsv,
    OversizedBody,
    NotFound,
    JsonBody,
}

/// <summary>
/// A publisher on 127.0.0.1 (random port) serving files with ETag, Last-Modified and conditional GET, plus
/// switchable faults: each queued fault applies to one request, then files are served normally.
/// </summary>
public sealed class PublisherStandIn : IAsyncDisposable
{
    readonly WebApplication app;
    readonly ConcurrentDictionary<string, byte[]> files = new();
    public ConcurrentQueue<Fault> Faults { get; } = new();
    /// <summary>Every request: path, If-None-Match, If-Modified-Since.</summary>
    public ConcurrentQueue<(string Path, string? IfNoneMatch, string? IfModifiedSince)> Requests { get; } = new();
    public int RequestCount => Requests.Count;
    /// <summary>Every request's method, form body and the GENESIS web service's credential headers.</summary>
    public ConcurrentQueue<(string Path, string Method, string Body, string? Username, string? Password)> Asked { get; } = new();
    public TimeSpan SlowDelay { get; set; } = TimeSpan.FromMilliseconds(600);
    public int RetryAfterSeconds { get; set; } = 1;
    /// <summary>Sent with every file; null sends no ETag.</summary>
    public string? ETag { get; set; } = "\"v1\"";
    public DateTimeOffset? LastModified { get; set; } = new DateTimeOffset(2026, 11, 1, 6, 0, 0, TimeSpan.Zero);
    /// <summary>When set, a normal response waits for it before sending headers (a run held mid-fetch).</summary>
    public SemaphoreSlim? Hold { get; set; }
    public TaskCompletionSource Reached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Uri BaseUrl { get; }

    PublisherStandIn(WebApplication app)
    {
        this.app = app;
        BaseUrl = new Uri(app.Urls.First());
    }

    public static async Task<PublisherStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        PublisherStandIn? standIn = null;
        app.Run(context => standIn!.Serve(context));
        await app.StartAsync();
        standIn = new PublisherStandIn(app);
        return standIn;
    }

    public string Url(string path) => new Uri(BaseUrl, path).ToString();

    public void Serve(string path, byte[] content) => files[path.TrimStart('/')] = content;

    /// <summary>
    /// Serves the copy's sample files as its publishers' files and points every pipeline at them. The stand-in plays the
    /// publishers, so the copy's provenance declarations go unless <paramref name="keepSampleDeclarations"/>: with them, a
    /// live run recognises the bundled files by content and refuses to publish what is built from them.
    /// </summary>
    public void ServeSamplesOf(TestSupport.RepoCopy repo, bool keepSampleDeclarations = false)
    {
        if (!keepSampleDeclarations)
            foreach (var declaration in Directory.GetFiles(Path.Combine(repo.Root, "sample-data"), TalentData.Fetching.SampleProvenance.FileName, SearchOption.AllDirectories))
                File.Delete(declaration);
        foreach (var pipeline in TalentData.Project.ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All).Pipelines)
        {
            var yaml = File.ReadAllText(pipeline.File);
            foreach (var entity in pipeline.Entities)
            {
                Serve(entity.Sample, File.ReadAllBytes(Path.Combine(repo.Root, entity.Sample)));
                yaml = yaml.Replace($"url: {entity.Url}", $"url: {Url(entity.Sample)}");
            }
            if (!yaml.Contains(BaseUrl.ToString(), StringComparison.Ordinal))
                throw new InvalidOperationException($"{pipeline.File}: url not replaced");
            File.WriteAllText(pipeline.File, yaml);
        }
    }

    async Task Serve(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue((request.Path, request.Headers.IfNoneMatch.FirstOrDefault(), request.Headers.IfModifiedSince.FirstOrDefault()));
        var form = request.ContentLength > 0 ? await new StreamReader(request.Body).ReadToEndAsync(context.RequestAborted) : "";
        Asked.Enqueue((request.Path, request.Method, form,
            request.Headers.TryGetValue("username", out var user) ? user.ToString() : null,
            request.Headers.TryGetValue("password", out var password) ? password.ToString() : null));
        var response = context.Response;
        var cancel = context.RequestAborted;
        if (!files.TryGetValue(request.Path.Value!.TrimStart('/'), out var body))
        {
            response.StatusCode = 404;
            return;
        }
        var fault = Faults.TryDequeue(out var f) ? f : (Fault?)null;
        switch (fault)
        {
            case Fault.ServerError:
                response.StatusCode = 500;
                await response.WriteAsync("internal error", cancel);
                return;
            case Fault.TooManyRequests:
                response.StatusCode = 429;
                response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return;
            case Fault.NotFound:
                response.StatusCode = 404;
                return;
            case Fault.ConnectionReset:
                context.Abort();
                return;
            case Fault.HtmlErrorPage:
                response.ContentType = "text/html; charset=utf-8";
                await response.WriteAsync("<!DOCTYPE html><html><body><h1>Wartungsarbeiten</h1></body></html>", cancel);
                return;
            case Fault.HtmlAsCsv:
                response.ContentType = "text/csv";
                await response.WriteAsync("<!DOCTYPE html>\n<html><head><title>Fehler</title></head><body>Der Dienst ist nicht erreichbar.</body></html>", cancel);
                return;
            case Fault.JsonBody:
                response.ContentType = "application/json";
                await response.WriteAsync("{\"error\": \"quota\"}", cancel);
                return;
            case Fault.OversizedBody:
                // No Content-Length: the client only finds out while reading. Bounded, so the loop always ends.
                response.ContentType = "text/csv";
                var chunk = new byte[64 * 1024];
                Array.Fill(chunk, (byte)'1');
                try
                {
                    for (var i = 0; i < 1024 && !cancel.IsCancellationRequested; i++)
                        await response.Body.WriteAsync(chunk, cancel);
                }
                catch (OperationCanceledException) { }
                catch (IOException) { }
                return;
            case Fault.SlowHeaders:
                await Delay(cancel);
                break;
        }
        if (Hold is not null)
        {
            Reached.TrySetResult();
            await Hold.WaitAsync(cancel);
            Hold.Release();
        }
        if (ETag is not null) response.Headers.ETag = ETag;
        if (LastModified is { } lastModified) response.Headers.LastModified = lastModified.ToString("R");
        if ((ETag is not null && request.Headers.IfNoneMatch == ETag)
            || (ETag is null && LastModified is { } lm && DateTimeOffset.TryParse(request.Headers.IfModifiedSince, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since) && lm <= since))
        {
            response.StatusCode = (int)HttpStatusCode.NotModified;
            return;
        }
        response.ContentType = "text/csv; charset=utf-8";
        response.ContentLength = body.Length;
        switch (fault)
        {
            case Fault.SlowBody:
                await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), cancel);
                await response.Body.FlushAsync(cancel);
                await Delay(cancel);
                await response.Body.WriteAsync(body.AsMemory(body.Length / 2), cancel);
                return;
            case Fault.TruncatedBody:
                await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), cancel);
                await response.Body.FlushAsync(cancel);
                context.Features.Get<IHttpResponseBodyFeature>()!.DisableBuffering();
                context.Abort();
                return;
            default:
                await response.Body.WriteAsync(body, cancel);
                return;
        }
    }

    async Task Delay(CancellationToken cancel)
    {
        try { await Task.Delay(SlowDelay, cancel); }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        Hold?.Release(100);
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
            await app.StopAsync(stop.Token);
        await app.DisposeAsync();
    }
}
