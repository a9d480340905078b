using System.Net;
using System.Net.Sockets;
using TalentData.Cli;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// Bad Hangfire storage settings for serve and worker: each fails at start with exit code 1 and a message that names
/// the setting, and never prints the connection string's password. None of these needs a PostgreSQL server.
/// </summary>
[Parallelizable(ParallelScope.All)]
public class PostgresSettingsTests
{
    const string Password = "s3cret-Zq81";

    static (int Code, string Error) Talentdata(params string[] args)
    {
        using var data = new TempDir();
        var output = new StringWriter();
        var error = new StringWriter();
        var code = Program.Run([.. args, $"--RepoRoot={RepoPaths.Root}", $"--DataDir={data.Path}", "--Logging:LogLevel:Default=None"], output, error);
        return (code, output + error.ToString());
    }

    static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [TestCase("serve")]
    [TestCase("worker")]
    public void Start_PostgresWithoutConnectionString_FailsNamingTheSetting(string verb)
    {
        var (code, error) = Talentdata(verb, "--Hangfire:Storage=postgres");

        Assert.That(code, Is.EqualTo(1), error);
        Assert.That(error, Does.Contain("TalentData__Hangfire__Storage=postgres needs TalentData__Hangfire__ConnectionString").And.Contain("found none"));
    }

    [TestCase("--Hangfire:ParseWorkers=0", "TalentData__Hangfire__ParseWorkers must be a whole number of at least 1", "found 0")]
    [TestCase("--Hangfire:ParseWorkers=-3", "TalentData__Hangfire__ParseWorkers must be a whole number of at least 1", "found -3")]
    [TestCase("--Hangfire:DistributedLockTimeout=00:00:00", "TalentData__Hangfire__DistributedLockTimeout must be a positive time span", "found 00:00:00")]
    public void Start_WorkerWithABadParseSetting_FailsNamingTheSettingAndTheValue(string setting, string expected, string found)
    {
        // Checked before any connection: the closed port is never reached.
        var (code, error) = Talentdata("worker", "--Hangfire:Storage=postgres", setting,
            $"--Hangfire:ConnectionString=Host=127.0.0.1;Port={ClosedPort()};Database=jobs;Username=ops;Password={Password};Timeout=3");

        Assert.That(code, Is.EqualTo(1), error);
        Assert.That(error, Does.Contain(expected).And.Contain(found));
        Assert.That(error, Does.Not.Contain("cannot use the PostgreSQL server"), "refused before connecting");
    }

    [TestCase("serve")]
    [TestCase("worker")]
    public void Start_PostgresServerUnreachable_FailsNamingSettingAndServerButNotThePassword(string verb)
    {
        var port = ClosedPort();
        var (code, error) = Talentdata(verb, "--Hangfire:Storage=postgres",
            $"--Hangfire:ConnectionString=Host=127.0.0.1;Port={port};Database=jobs;Username=ops;Password={Password};Timeout=3");

        Assert.That(code, Is.EqualTo(1), error);
        Assert.That(error, Does.Contain($"cannot use the PostgreSQL server at 127.0.0.1:{port}/jobs as user ops (TalentData__Hangfire__ConnectionString)"));
        Assert.That(error, Does.Contain("refused").IgnoreCase, "the cause is said");
        Assert.That(error, Does.Not.Contain(Password));
    }

    [Test]
    public void Start_ConnectionStringNotKeyValuePairs_NamesTheKeysButNoValue()
    {
        var (code, error) = Talentdata("serve", "--Hangfire:Storage=postgres", $"--Hangfire:ConnectionString=Host=db;Pasword={Password}");

        Assert.That(code, Is.EqualTo(1), error);
        Assert.That(error, Does.Contain("TalentData__Hangfire__ConnectionString is not a PostgreSQL connection string").And.Contain("keys found: Host, Pasword"));
        Assert.That(error, Does.Not.Contain(Password));
    }

    [Test]
    public void Serve_ProcessJobsOffWithoutPostgres_IsRefusedAsNoWorkerCouldTakeTheJobs()
    {
        var (code, error) = Talentdata("serve", "--Hangfire:ProcessJobs=false", "--Hangfire:Storage=InMemory");

        Assert.That(code, Is.EqualTo(1), error);
        Assert.That(error, Does.Contain("TalentData__Hangfire__ProcessJobs=false leaves the jobs to `talentdata worker` processes")
            .And.Contain("found TalentData__Hangfire__Storage='InMemory'"));
    }

    [Test]
    public void Worker_DefaultSqliteStorage_IsRefusedAsItWouldHaveAQueueOfItsOwn()
    {
        var (code, error) = Talentdata("worker");

        Assert.That(code, Is.EqualTo(1), error);
        Assert.That(error, Does.Contain("set TalentData__Hangfire__Storage=postgres").And.Contain("found TalentData__Hangfire__Storage=''"));
    }
}
