using System.Net;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace TalentData.Fetching;

/// <summary>
/// Limits and retry policy of live downloads. The defaults suit open-data files of a few MB from a public
/// server; configuration section <c>Fetch</c> overrides each of them.
/// </summary>
public sealed record FetchSettings
{
    /// <summary>One attempt, response headers and the whole body, must finish within this.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>The whole download, all attempts and the waits between them, must finish within this.</summary>
    public TimeSpan Deadline { get; init; } = TimeSpan.FromMinutes(15);
    /// <summary>Retries after the first attempt, for transient failures only (5xx, 408, 429, network errors, timeouts).</summary>
    public int MaxRetryAttempts { get; init; } = 4;
    /// <summary>First back-off delay; doubled per retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(2);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>A Retry-After longer than this fails the source instead of holding the run.</summary>
    public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Circuit breaker per publisher (host): after this many failed attempts in the sampling window ...</summary>
    public int CircuitMinimumThroughput { get; init; } = 6;
    /// <summary>... with at least this share failing, the publisher is not contacted for <see cref="CircuitBreakDuration"/>.</summary>
    public double CircuitFailureRatio { get; init; } = 0.8;
    public TimeSpan CircuitSamplingDuration { get; init; } = TimeSpan.FromMinutes(30);
    public TimeSpan CircuitBreakDuration { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Size limit of one download unless the entity sets <c>max_download_mb</c>.</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;
    public string UserAgent { get; init; } = "TalentData/1.0 (open-data statistics warehouse)";
}

/// <summary>A response that may succeed when asked again: 5xx, 408 or 429, with the publisher's Retry-After if it sent one.</summary>
public sealed class TransientHttpException(HttpStatusCode status, TimeSpan? retryAfter)
    : HttpRequestException($"HTTP {(int)status} {status}" + (retryAfter is { } after ? $" (Retry-After {after.TotalSeconds:0.###} s)" : ""), null, status)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}

/// <summary>
/// The one retry policy of the project, at the network edge: deadline (outermost) > retry with exponential
/// back-off and jitter, honouring Retry-After > circuit breaker per publisher > per-attempt timeout (innermost).
/// It wraps the whole attempt, body included, because HttpClient's own timeouts stop at the headers.
/// Parsing, SQL and checks are never retried.
/// </summary>
public static class Resilience
{
    internal static readonly ResiliencePropertyKey<Action<string>> Log = new("talentdata.log");

    public static bool IsTransient(Exception ex) =>
        ex is HttpRequestException or IOException or TimeoutRejectedException;

    public static ResiliencePipeline FetchPipeline(FetchSettings settings) => new ResiliencePipelineBuilder()
        .AddTimeout(new TimeoutStrategyOptions { Timeout = settings.Deadline })
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = settings.MaxRetryAttempts,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = settings.RetryDelay,
            MaxDelay = settings.MaxRetryDelay,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex)),
            DelayGenerator = args => ValueTask.FromResult(
                args.Outcome.Exception is TransientHttpException { RetryAfter: { } after } ? after : (TimeSpan?)null),
            OnRetry = args =>
            {
                if (args.Context.Properties.TryGetValue(Log, out var log))
                    log($"attempt {args.AttemptNumber + 1} failed ({Describe(args.Outcome.Exception!)}); retrying in {args.RetryDelay.TotalSeconds:0.###} s");
                return ValueTask.CompletedTask;
            },
        })
        .AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = settings.CircuitFailureRatio,
            MinimumThroughput = settings.CircuitMinimumThroughput,
            SamplingDuration = settings.CircuitSamplingDuration,
            BreakDuration = settings.CircuitBreakDuration,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsTransient(ex)),
        })
        .AddTimeout(new TimeoutStrategyOptions { Timeout = settings.AttemptTimeout })
        .Build();

    public static string Describe(Exception ex) => ex switch
    {
        TransientHttpException t => t.Message,
        TimeoutRejectedException t => $"no complete response within {t.Timeout.TotalSeconds:0.###} s",
        HttpIOException io => $"connection broke off: {io.Message}",
        HttpRequestException { InnerException: { } inner } => $"{inner.GetType().Name}: {inner.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
