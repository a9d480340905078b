using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TalentData.Tests.TestSupport;

/// <summary>
/// A real PostgreSQL of the test's own: Debian's binaries (/usr/lib/postgresql/&lt;version&gt;/bin, package
/// <c>postgresql</c>), initdb into a temporary folder, started by pg_ctl on a free port of 127.0.0.1 with password
/// authentication, stopped and deleted on Dispose. Not the system service. As root it runs as the OS user
/// <c>postgres</c> through runuser, as PostgreSQL refuses to run as root. Without the binaries (or, as root, without
/// that user) the test is skipped with the reason, unless TALENTDATA_REQUIRE_POSTGRES=1 (set by .ci/run) makes it fail.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    public const string RequireVariable = "TALENTDATA_REQUIRE_POSTGRES";
    public const string User = "talentdata";
    /// <summary>A password the tests look for in every output, to prove it is never printed.</summary>
    public const string Password = "pw-Zs9q4ktW";

    readonly TempDir dir = new();
    readonly string bin;
    readonly bool asPostgresUser;
    bool started;

    public int Port { get; }
    string DataDir => Path.Combine(dir.Path, "cluster");

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Database=postgres;Username={User};Password={Password};Timeout=5";

    PostgresCluster(string bin, bool asPostgresUser)
    {
        this.bin = bin;
        this.asPostgresUser = asPostgresUser;
        Port = FreePort();
    }

    /// <summary>Starts a new cluster, or ends the test as skipped (failed when PostgreSQL is required) when it cannot.</summary>
    public static PostgresCluster Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : 0).FirstOrDefault()
            : null;
        if (bin is null)
            Unavailable("no PostgreSQL binaries in /usr/lib/postgresql/<version>/bin (apt-get install postgresql)");
        var root = Environment.UserName == "root";
        if (root && (!File.Exists("/usr/sbin/runuser") && !File.Exists("/sbin/runuser") || Run("id", ["-u", "postgres"], throwOnError: false).Code != 0))
            Unavailable("running as root, and PostgreSQL refuses root, but there is no OS user 'postgres' or no runuser to become it");
        var cluster = new PostgresCluster(bin!, root);
        try
        {
            cluster.InitAndStart();
            return cluster;
        }
        catch
        {
            cluster.Dispose();
            throw;
        }
    }

    static void Unavailable(string reason)
    {
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            Assert.Fail($"PostgreSQL is required ({RequireVariable}=1) but {reason}.");
        Assert.Ignore($"Skipped: {reason}. Set {RequireVariable}=1 to make this a failure.");
    }

    void InitAndStart()
    {
        Directory.CreateDirectory(DataDir);
        var passwordFile = Path.Combine(dir.Path, "pwfile");
        File.WriteAllText(passwordFile, Password + "\n");
        if (asPostgresUser)
            Run("chown", ["-R", "postgres:postgres", dir.Path]);
        Pg("initdb", ["-D", DataDir, "-U", User, "--pwfile", passwordFile, "--auth", "scram-sha-256", "-E", "UTF8", "--locale", "C.UTF-8", "--no-sync"]);
        // The socket lives in the cluster's folder (not /var/run/postgresql, the system service's); TCP on 127.0.0.1 only.
        Pg("pg_ctl", ["-D", DataDir, "-l", Path.Combine(dir.Path, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {DataDir} -c fsync=off -c max_connections=50", "start"]);
        started = true;
    }

    /// <summary>The server's log, for a failure message.</summary>
    public string Log => File.Exists(Path.Combine(dir.Path, "server.log")) ? File.ReadAllText(Path.Combine(dir.Path, "server.log")) : "";

    void Pg(string tool, string[] args)
    {
        var path = Path.Combine(bin, tool);
        var (code, output) = asPostgresUser ? Run("runuser", ["-u", "postgres", "--", path, .. args], throwOnError: false) : Run(path, args, throwOnError: false);
        if (code != 0)
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited with {code}:\n{output}\n{Log}");
    }

    static (int Code, string Output) Run(string file, string[] args, bool throwOnError = true)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(true);
            throw new TimeoutException($"{file} {string.Join(' ', args)} did not finish within 90 s.");
        }
        var output = stdout.Result + stderr.Result;
        if (throwOnError && process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{output}");
        return (process.ExitCode, output);
    }

    static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        try
        {
            if (started)
                Pg("pg_ctl", ["-D", DataDir, "-m", "immediate", "-w", "-t", "30", "stop"]);
        }
        finally
        {
            dir.Dispose();
        }
    }
}
