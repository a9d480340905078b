using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;
using TalentData.Cli.Serve;

namespace TalentData.Benchmarks;

/// <summary>
/// The atlas against a static file in the same Kestrel: the real `serve` host on 127.0.0.1 over the sample
/// publication, plus a plain static file of the home page's size served by the static-file middleware behind the same
/// middleware (security headers, dashboard access, /opendata). Both are driven by the same bounded load in-process:
/// a fixed number of requests by a fixed number of concurrent workers, one HttpClient, no external tool.
/// <c>dotnet run -c Release --project tests/TalentData.Benchmarks -- serve [--requests N] [--concurrency N]</c>.
/// </summary>
public static class ServerBench
{
    public sealed record Load(string Name, int Requests, double Seconds, double P50Ms, double P99Ms, long Bytes)
    {
        public double PerSecond => Requests / Seconds;
        public override string ToString() => string.Create(CultureInfo.InvariantCulture,
            $"{Name,-44} {PerSecond,9:N0} req/s   p50 {P50Ms,6:N2} ms   p99 {P99Ms,6:N2} ms   {Bytes / (double)Requests,8:N0} B/response");
    }

    public static int Run(string repoRoot, string[] args)
    {
        var requests = int.Parse(Option(args, "--requests") ?? "5000", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Option(args, "--concurrency") ?? "32", CultureInfo.InvariantCulture);
        var work = Path.Combine(Path.GetTempPath(), $"talentdata-serverbench-{Environment.ProcessId}");
        try
        {
            return RunIn(repoRoot, work, requests, concurrency).GetAwaiter().GetResult();
        }
        finally
        {
            if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        }
    }

    static async Task<int> RunIn(string repoRoot, string work, int requests, int concurrency)
    {
        var data = Path.Combine(work, "data");
        var statics = Path.Combine(work, "static");
        Directory.CreateDirectory(statics);
        Console.Error.WriteLine("publishing the sample data …");
        EndToEnd.Run(repoRoot, data);

        var app = ServeApp.Build([
            "--urls=http://127.0.0.1:0", $"--RepoRoot={repoRoot}", $"--DataDir={data}", "--Mode=sample",
            "--Hangfire:Storage=InMemory", "--Logging:LogLevel:Default=Warning",
        ]);
        // Behind every middleware of the host, like the atlas routes; the file is written once the home page's size is known.
        app.UseStaticFiles(new StaticFileOptions { RequestPath = "/bench-static", FileProvider = new PhysicalFileProvider(statics) });
        await app.StartAsync();
        try
        {
            var plain = Client(app.Urls.First(), concurrency, DecompressionMethods.None);
            var compressing = Client(app.Urls.First(), concurrency, DecompressionMethods.Brotli);
            var home = await plain.GetByteArrayAsync("/");
            // Same size, different bytes: the static-file middleware reads the file and sends it, whatever it holds.
            File.WriteAllBytes(Path.Combine(statics, "home.html"), Encoding.UTF8.GetBytes(new string('x', home.Length)));
            var largest = await Largest(plain);

            Console.Error.WriteLine("warming up …");
            foreach (var path in new[] { "/bench-static/home.html", "/", largest.Path })
                await Drive(plain, "warm-up", path, Math.Min(requests, 1000), concurrency);

            var results = new List<Load>();
            for (var round = 1; round <= 2; round++)
            {
                results.Add(await Drive(plain, $"static file ({home.Length:N0} B), round {round}", "/bench-static/home.html", requests, concurrency));
                results.Add(await Drive(plain, $"atlas home ({home.Length:N0} B), round {round}", "/", requests, concurrency));
            }
            results.Add(await Drive(compressing, "atlas home, Accept-Encoding: br", "/", requests, concurrency));
            results.Add(await Drive(plain, $"atlas {largest.Path} ({largest.Size:N0} B)", largest.Path, requests, concurrency));

            var staticBest = results.Where(r => r.Name.StartsWith("static", StringComparison.Ordinal)).Max(r => r.PerSecond);
            var atlasBest = results.Where(r => r.Name.StartsWith("atlas home (", StringComparison.Ordinal)).Max(r => r.PerSecond);
            var text = new StringBuilder();
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"Server benchmark: {requests:N0} requests per line, {concurrency} concurrent, HTTP/1.1 on 127.0.0.1, {Environment.ProcessorCount} cores, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
            foreach (var r in results) text.AppendLine(r.ToString());
            var ratio = atlasBest / staticBest;
            var atlasP99 = results.Where(r => r.Name.StartsWith("atlas home (", StringComparison.Ordinal)).Min(r => r.P99Ms);
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"atlas/static (best rounds): {ratio:N2} (target >= 0.5): {(ratio >= 0.5 ? "met" : "MISSED")}"));
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"atlas home p99 (best round): {atlasP99:N1} ms (target < 20 ms): {(atlasP99 < 20 ? "met" : "MISSED")}"));
            Console.WriteLine(text);
            return 0;
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    static HttpClient Client(string baseUrl, int concurrency, DecompressionMethods decompression) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency, AutomaticDecompression = decompression })
        {
            BaseAddress = new Uri(baseUrl),
        };

    /// <summary>The largest indicator page, the heaviest page the atlas has (a map and a chart per level).</summary>
    static async Task<(string Path, int Size)> Largest(HttpClient http)
    {
        var home = await http.GetStringAsync("/");
        var links = System.Text.RegularExpressions.Regex.Matches(home, "href=\"(/indikatoren/[^\"?]+)").Select(m => m.Groups[1].Value).Distinct();
        var best = ("/", 0);
        foreach (var link in links)
        {
            var size = (await http.GetByteArrayAsync(link)).Length;
            if (size > best.Item2) best = (link, size);
        }
        return best;
    }

    /// <summary><paramref name="requests"/> GETs of one path by <paramref name="concurrency"/> workers; every response must be 200.</summary>
    static async Task<Load> Drive(HttpClient http, string name, string path, int requests, int concurrency)
    {
        var latencies = new double[requests];
        var next = -1;
        long bytes = 0;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var start = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(path);
                var body = await response.Content.ReadAsByteArrayAsync();
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"{path} answered {(int)response.StatusCode}");
                Interlocked.Add(ref bytes, body.Length);
            }
        })));
        var seconds = clock.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return new Load(name, requests, seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), bytes);
    }

    static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    static string? Option(string[] args, string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
