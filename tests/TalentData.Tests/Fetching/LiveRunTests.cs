using TalentData.Running;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dapper;
using TalentData.Fetching;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Fetching;

/// <summary>
/// <c>run --mode live</c> end to end against the publisher stand-in: every pipeline's url points at it and it
/// serves the sample files, so a live run must give exactly what a sample run gives. The live run of every pipeline
/// is made once for the fixture, and the sample run it is compared with is the shared <see cref="GoodRun"/>. The tests
/// of what one source's publisher answers next (again, changed, failing) start from a copy of a second live run, of
/// the small project (<see cref="Crash.SmallProject"/>), made once as well: their runs then protect and publish two
/// datasets, not all of them.
/// </summary>
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
[Parallelizable(ParallelScope.Children)] // every test has its own stand-in, repository copy and data folder
public class LiveRunTests
{
    const string Population = "dortmund_population";
    const string Dataset = "bevoelkerung-statistische-bezirke";

    static FetchSettings Fast => new()
    {
        // Generous for a stand-in on loopback: the suite runs CPU-heavy fixtures beside this one (the disclosure
        // attackers), and a starved thread pool must not turn a live load into a timeout. No test here times out.
        AttemptTimeout = TimeSpan.FromSeconds(15),
        Deadline = TimeSpan.FromSeconds(60),
        MaxRetryAttempts = 2,
        RetryDelay = TimeSpan.FromMilliseconds(5),
        MaxRetryDelay = TimeSpan.FromMilliseconds(20),
        CircuitMinimumThroughput = 1000,
    };

    /// <summary>The live run of every pipeline from an empty data folder, made once: its report, data folder and stand-in address.</summary>
    static RunReport liveAll = null!;
    static TempDir liveAllDir = null!;
    static string liveAllPublisher = "";
    static string LiveAllData => Path.Combine(liveAllDir.Path, "data");

    /// <summary>
    /// The live run of the small project (<see cref="Crash.SmallProject.Sources"/>), made once: where a test's subject is
    /// what one source's publisher answers next, the run it then makes publishes two datasets instead of all of them.
    /// </summary>
    static RunReport liveSmall = null!;
    static string LiveSmallData => Path.Combine(liveAllDir.Path, "small");

    PublisherStandIn publisher = null!;
    RepoCopy repo = null!;
    HttpFetcher fetcher = null!;

    [OneTimeSetUp]
    public static async Task RunEveryPipelineLiveOnce()
    {
        liveAllDir = new TempDir();
        await using var standIn = await PublisherStandIn.StartAsync();
        using var copy = new RepoCopy();
        using var client = new HttpFetcher(Fast);
        standIn.ServeSamplesOf(copy);
        liveAll = new PipelineRunner(new RunOptions(copy.Root, LiveAllData, []) { Mode = TalentData.Project.RunMode.Live }, TimeProvider.System, null, client).Run();
        using var small = RepoCopy.Reduced(Crash.SmallProject.Sources);
        standIn.ServeSamplesOf(small);
        liveSmall = new PipelineRunner(new RunOptions(small.Root, LiveSmallData, []) { Mode = TalentData.Project.RunMode.Live }, TimeProvider.System, null, client).Run();
        liveAllPublisher = standIn.BaseUrl.ToString();
    }

    [OneTimeTearDown]
    public static void RemoveLiveRun() => liveAllDir?.Dispose();

    [SetUp]
    public async Task PointPipelinesAtTheStandIn()
    {
        publisher = await PublisherStandIn.StartAsync();
        repo = new RepoCopy();
        fetcher = new HttpFetcher(Fast);
        publisher.ServeSamplesOf(repo);
    }

    [TearDown]
    public async Task CleanUp()
    {
        fetcher.Dispose();
        await publisher.DisposeAsync();
        repo.Dispose();
    }

    /// <summary>Starts from the fixture's live run of every pipeline (it must have succeeded), as if this test had made it.</summary>
    void StartFromLiveRunOfEveryPipeline()
    {
        Assert.That(liveAll.Succeeded, Is.True, liveAll.Error);
        RepoCopy.CopyDirectory(LiveAllData, repo.Data);
    }

    /// <summary>
    /// Starts from the fixture's live run of the small project (it must have succeeded): this test's repository copy
    /// becomes the small project, its pipelines pointed at this test's stand-in.
    /// </summary>
    void StartFromLiveRunOfTheSmallProject()
    {
        Assert.That(liveSmall.Succeeded, Is.True, liveSmall.Error);
        repo.Dispose();
        repo = RepoCopy.Reduced(Crash.SmallProject.Sources);
        publisher.ServeSamplesOf(repo);
        RepoCopy.CopyDirectory(LiveSmallData, repo.Data);
    }

    /// <summary>
    /// This test's repository copy becomes the project cut down to <paramref name="pipelines"/> (<see cref="RepoCopy.Reduced"/>),
    /// served by this test's stand-in: for a test whose subject is how these sources are fetched, a run of the whole
    /// project would only add models, checks and datasets that nothing of the test reads.
    /// </summary>
    void UseProjectOf(params string[] pipelines)
    {
        repo.Dispose();
        repo = RepoCopy.Reduced(pipelines);
        publisher.ServeSamplesOf(repo);
    }

    RunReport Live(params string[] pipelines) =>
        new PipelineRunner(repo.Options(pipelines) with { Mode = TalentData.Project.RunMode.Live }, TimeProvider.System, null, fetcher).Run();

    T Query<T>(string sql, object? args = null)
    {
        using var w = TalentData.Warehouse.Warehouse.OpenForWriting(Path.Combine(repo.Data, "warehouse", "work.duckdb"));
        return w.Connection.ExecuteScalar<T>(sql, args)!;
    }

    static string Sha(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Puts the repository's provenance declarations of these sources back into the copy (the stand-in removed them).</summary>
    void DeclareSamples(params string[] sources)
    {
        foreach (var source in sources)
            File.Copy(Path.Combine(RepoPaths.SampleData, source, SampleProvenance.FileName), repo.Sample(Path.Combine(source, SampleProvenance.FileName)), overwrite: true);
    }

    [Test]
    public void Run_LiveFedOneBundledSampleFile_RefusesToPublishWhatIsBuiltFromItAndNamesTheFile()
    {
        DeclareSamples(Population); // the stand-in answers the population URL with the bundled sample, byte for byte
        var report = Live();
        Assert.That(report.Status, Is.EqualTo("failed"));
        var refusal = report.Withheld.Single(w => w.StartsWith(Dataset + ":", StringComparison.Ordinal));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(refusal, Does.Contain("sample-data/dortmund_population/residents.csv"), "names the file");
            Assert.That(refusal, Does.Contain("--mode live --pipeline dortmund_population"), "says what to do");
            Assert.That(report.Published, Does.Not.Contain(Dataset).And.Not.Contain("talentindikatoren-bezirke"));
            Assert.That(report.Published, Does.Contain("ausbildungsmarkt-dortmund"), "what is not built from the sample is published");
            Assert.That(File.Exists(repo.Export(Dataset)), Is.False);
            Assert.That(File.Exists(repo.Export("talentindikatoren-bezirke")), Is.False);
        }
    }

    [Test]
    public void Run_LiveAfterASampleRun_RefusesWhileAnotherSourceStillHoldsItsBundledFile()
    {
        DeclareSamples(Population, "dortmund_unemployment");
        GoodRun.Instance.CopyTo(repo.Data); // a sample run of every pipeline over the bundled files
        var before = File.ReadAllBytes(repo.Export(Dataset));

        // Only unemployment is loaded live, and the stand-in serves it a new file; population still holds the sample.
        var report = Live("dortmund_unemployment");
        Assert.That(report.Status, Is.EqualTo("failed"));
        Assert.That(report.Withheld.Single(w => w.StartsWith("arbeitslose-statistische-bezirke:", StringComparison.Ordinal)),
            Does.Contain("sample-data/dortmund_population/residents.csv").Or.Contain("sample-data/dortmund_unemployment/unemployed.csv"));
        Assert.That(File.ReadAllBytes(repo.Export(Dataset)), Is.EqualTo(before), "the last publication stays as it was");
    }

    [Test]
    public void Run_Live_LoadsEveryPipelineFromThePublisherAndStoresItsValidators()
    {
        var report = liveAll;
        Assert.That(report.Status, Is.EqualTo("succeeded"), report.Error);
        Assert.That(report.Sources.Select(s => s.Status), Is.All.EqualTo("loaded"));
        Assert.That(report.Published, Does.Contain(Dataset));
        StartFromLiveRunOfEveryPipeline();
        Assert.That(Query<string>("select origin from ops.landed_files where source_id = $s", new { s = Population }), Does.StartWith(liveAllPublisher));
        Assert.That(Query<string>("select etag from ops.landed_files where source_id = $s", new { s = Population }), Is.EqualTo("\"v1\""));
        Assert.That(Query<string>("select last_modified from ops.landed_files where source_id = $s", new { s = Population }), Is.EqualTo("Sun, 01 Nov 2026 06:00:00 GMT"));

        var changes = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllBytes(repo.Export(Dataset, TalentData.Publishing.ChangeReport.File)))!;
        Assert.That(changes["synthetic"]?.GetValue<bool>(), Is.False, "the publisher's values are not marked as sample data");
        Assert.That(changes["note"], Is.Null);
        Assert.That(changes["provenance"], Is.Null);

        // Same as the sample run of the same files (the shared good run): the CSV's hash, byte for byte.
        var file = $"{Dataset}/latest/data.csv";
        Assert.That(Crash.RunState.Exports(repo.Data)[file], Is.EqualTo(GoodRun.Instance.Exports[file]));
    }

    [Test]
    public void Run_LiveGenesisWebService_AsksByPostWithTheTokenAsHeaders_AndWritesTheTokenNowhere()
    {
        // Credentials of their own name and a token no other test uses, so that finding it anywhere is a leak.
        const string token = "token-4b1d9e7f-only-in-headers";
        UseProjectOf("regionalstatistik_population");
        Environment.SetEnvironmentVariable(FetchCredentials.UsernameVariable("genesis_leak_test"), token);
        var pipeline = Path.Combine(repo.Root, "pipelines", "regionalstatistik_population.yaml");
        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("credentials: genesis", "credentials: genesis_leak_test"));
        var progress = new List<string>();
        var report = new PipelineRunner(repo.Options("regionalstatistik_population") with { Mode = TalentData.Project.RunMode.Live }, TimeProvider.System,
            e => progress.Add($"{e.Step} {e.Phase} {e.Target} {e.Detail}"), fetcher).Run();

        Assert.That(report.Sources.Single().Status, Is.EqualTo("loaded"), report.Sources.Single().Message);
        var asked = publisher.Asked.Single(a => a.Path.EndsWith("12411-01-01-4_flat.zip", StringComparison.Ordinal));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(asked.Method, Is.EqualTo("POST"), "the 2020 REST interface takes its parameters by POST only");
            Assert.That(asked.Body.Split('&').Order(), Is.EqualTo(new[] { "area=all", "format=ffcsv", "language=de", "name=12411-01-01-4" }));
            Assert.That((asked.Username, asked.Password), Is.EqualTo(((string?)token, (string?)"")), "the token as header username, an empty password");
            Assert.That(progress, Has.Some.Contains("POST ").And.Some.Contains("credentials 'genesis_leak_test'"), "the log names the credentials");
            Assert.That(string.Join("\n", progress), Does.Not.Contain(token), "the log never holds the token");
        }
        foreach (var file in Directory.GetFiles(repo.Data, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".duckdb", StringComparison.Ordinal)))
            Assert.That(File.ReadAllText(file), Does.Not.Contain(token), $"{file} holds the token");
        using var work = TalentData.Warehouse.Warehouse.OpenReadOnly(Path.Combine(repo.Data, "warehouse", "work.duckdb"));
        foreach (var table in work.Connection.Query<string>("select table_schema || '.' || table_name from information_schema.tables where table_schema in ('ops', 'qa')"))
            Assert.That(work.Connection.ExecuteScalar<long>($"select count(*) from {table} t where cast(t as varchar) like $p", new { p = $"%{token}%" }), Is.Zero,
                $"{table} holds the token");
    }

    [Test]
    public void Run_LiveWithoutTheCredentialsTheSourceNames_FailsNamingTheVariableAndAsksNothing()
    {
        UseProjectOf("regionalstatistik_population");
        var pipeline = Path.Combine(repo.Root, "pipelines", "regionalstatistik_population.yaml");
        File.WriteAllText(pipeline, File.ReadAllText(pipeline).Replace("credentials: genesis", "credentials: genesis_never_set"));
        var report = Live("regionalstatistik_population");
        var source = report.Sources.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(source.Status, Is.EqualTo("failed"));
            Assert.That(source.Message, Does.Contain("TalentData__Credentials__genesis_never_set__Username is not set").And.Contain("pipelines/regionalstatistik_population.yaml"));
            Assert.That(publisher.Asked.Where(a => a.Path.EndsWith("12411-01-01-4_flat.zip", StringComparison.Ordinal)), Is.Empty, "nothing is asked without the credentials");
        }
    }

    [Test]
    public void Run_LiveAgainWithTheSameETag_PublisherAnswers304AndNothingIsLandedOrLoaded()
    {
        StartFromLiveRunOfTheSmallProject();
        var landedBefore = Query<long>("select count(*) from ops.landed_files");
        var report = Live(Population);
        Assert.That(report.Status, Is.EqualTo("succeeded"), report.Error);
        Assert.That(report.Sources.Single().Status, Is.EqualTo("unchanged"));
        Assert.That(publisher.Requests.Last().IfNoneMatch, Is.EqualTo("\"v1\""));
        Assert.That(Query<long>("select count(*) from ops.landed_files"), Is.EqualTo(landedBefore));
        Assert.That(Query<long>("select count(*) from ops.source_loads where source_id = $s", new { s = Population }), Is.EqualTo(1));
        Assert.That(Query<string>("select status from ops.run_steps where source_id = $s and run_id = $r", new { s = Population, r = report.RunId }), Is.EqualTo("unchanged"));
    }

    /// <summary>
    /// A parse job on a worker never opens the warehouse, so it asks with the validators the published snapshot's ledger
    /// holds; the publisher's 304 hands off "not modified" (no file landed, no rows) and the writer records it unchanged.
    /// </summary>
    [Test]
    public void Parse_LiveAfterAPublishedLoad_AsksWithTheSnapshotsETag_AndA304IsHandedOffAsUnchanged()
    {
        StartFromLiveRunOfTheSmallProject();
        var options = repo.Options(Population) with { Mode = TalentData.Project.RunMode.Live };
        var manifest = ProjectManifest.Load(repo.Root, TalentData.Loading.ReaderFormats.All);
        var table = manifest.RawTablesOf(manifest.Pipeline(Population)).Single();
        var requestsBefore = publisher.Requests.Count;

        HandOff.Parse(options, Population, TimeProvider.System, fetcher);

        var handOff = HandOff.Pending(options.Data, manifest).Single();
        using var warehouse = TalentData.Warehouse.Warehouse.OpenForWriting(options.Data.WorkPath);
        var landedBefore = warehouse.Connection.ExecuteScalar<long>("select count(*) from ops.landed_files");
        var rawBefore = warehouse.Connection.ExecuteScalar<long>($"select count(*) from {table.QualifiedName}");
        var ledger = TalentData.Warehouse.RunLedger.Start(warehouse, TimeProvider.System, TalentData.Project.RunMode.Live, [Population], null);
        var outcome = new HandOffLoad(table, handOff, warehouse, ledger, null).Run();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(publisher.Requests.Skip(requestsBefore).Select(r => r.IfNoneMatch), Is.EqualTo(new[] { "\"v1\"" }), "asked once, with the ETag of the published load");
            Assert.That((handOff.NotModified, handOff.Landed, handOff.Tables.Count, handOff.Error), Is.EqualTo((true, (LandedRecord?)null, 0, (string?)null)));
            Assert.That(Directory.GetFiles(handOff.Folder).Select(Path.GetFileName), Is.EqualTo(new[] { HandOff.DescriptionFile }), "no rows handed off");
            Assert.That(outcome.Status, Is.EqualTo(SourceStatus.Unchanged), outcome.Message);
            Assert.That(warehouse.Connection.ExecuteScalar<long>("select count(*) from ops.landed_files"), Is.EqualTo(landedBefore), "nothing landed");
            Assert.That(warehouse.Connection.ExecuteScalar<long>($"select count(*) from {table.QualifiedName}"), Is.EqualTo(rawBefore), "the last good rows stay");
        }
    }

    [Test]
    public void Run_LiveNewETagSameBytes_UnchangedByHashAndTheNewETagIsUsedNextTime()
    {
        StartFromLiveRunOfTheSmallProject();
        var manifest = File.ReadAllLines(Path.Combine(repo.Data, "landing", Population, "manifest.jsonl")).Length;
        publisher.ETag = "\"v2\"";
        var report = Live(Population);
        Assert.That(report.Sources.Single().Status, Is.EqualTo("unchanged"));
        Assert.That(publisher.Requests.Last().IfNoneMatch, Is.EqualTo("\"v1\""), "asked conditionally, got the full file");
        Assert.That(File.ReadAllLines(Path.Combine(repo.Data, "landing", Population, "manifest.jsonl")), Has.Length.EqualTo(manifest), "nothing re-landed");
        Assert.That(Query<long>("select count(*) from ops.source_loads where source_id = $s", new { s = Population }), Is.EqualTo(1));

        Live(Population);
        Assert.That(publisher.Requests.Last().IfNoneMatch, Is.EqualTo("\"v2\""));
    }

    [Test]
    public void Run_LiveChangedFile_IsLandedAndLoadedAgain()
    {
        StartFromLiveRunOfTheSmallProject();
        var sample = Path.Combine(repo.Root, "sample-data", Population, "residents.csv");
        var lines = File.ReadAllLines(sample);
        publisher.Serve($"sample-data/{Population}/residents.csv", System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines.Take(lines.Length - 1)) + "\n"));
        publisher.ETag = "\"v2\"";
        var report = Live(Population);
        Assert.That(report.Sources.Single().Status, Is.EqualTo("loaded"), report.Error);
        Assert.That(Query<long>("select count(*) from ops.source_loads where source_id = $s", new { s = Population }), Is.EqualTo(2));
        Assert.That(Query<string>("select etag from ops.landed_files where source_id = $s order by landed_at desc limit 1", new { s = Population }), Is.EqualTo("\"v2\""));
    }

    [TestCase(Fault.ServerError, "failed after 3 attempts")]
    [TestCase(Fault.HtmlErrorPage, "returned an HTML page")]
    [TestCase(Fault.NotFound, "HTTP 404")]
    public void Run_LivePublisherFails_SourceFailsClearlyAndTheLastPublicationStays(Fault fault, string expected)
    {
        StartFromLiveRunOfTheSmallProject();
        var published = Sha(repo.Export(Dataset));
        var figures = TalentData.Tests.Crash.RunState.Contents(repo.Snapshot);
        publisher.ETag = "\"v2\"";
        for (var i = 0; i < 5; i++) publisher.Faults.Enqueue(fault);

        var report = Live(Population);

        Assert.That(report.Status, Is.EqualTo("failed"));
        var source = report.Sources.Single();
        Assert.That(source.Status, Is.EqualTo("failed"));
        Assert.That(source.Message, Does.Contain(expected));
        Assert.That(report.Withheld, Has.Some.StartsWith(Dataset));
        Assert.That(Sha(repo.Export(Dataset)), Is.EqualTo(published));
        Assert.That(TalentData.Tests.Crash.RunState.Contents(repo.Snapshot), Is.EqualTo(figures), "the snapshot is refreshed with the failed source's last good data");
        Assert.That(Query<string>("select error from ops.run_steps where source_id = $s and run_id = $r", new { s = Population, r = report.RunId }), Does.Contain(expected));
        Assert.That(Directory.GetFiles(Path.Combine(repo.Data, "landing", Population), ".download-*"), Is.Empty);
    }

    [Test]
    public void Run_LiveOversizedDownload_RefusedByTheEntitysLimit()
    {
        UseProjectOf(Population);
        var file = Path.Combine(repo.Root, "pipelines", $"{Population}.yaml");
        File.WriteAllText(file, Regex.Replace(File.ReadAllText(file), "(?m)^    encoding:", "    max_download_mb: 1\n    encoding:"));
        publisher.Faults.Enqueue(Fault.OversizedBody);
        var report = Live(Population);
        Assert.That(report.Sources.Single().Message, Does.Contain("the limit is 1,048,576 bytes"));
    }

    [Test]
    public void Run_LiveCancelledWhileFetching_RecordsCancelledAndPublishesNothing()
    {
        publisher.Hold = new SemaphoreSlim(0);
        using var cancel = new CancellationTokenSource();
        var run = Task.Run(() => new PipelineRunner(repo.Options(Population) with { Mode = TalentData.Project.RunMode.Live }, TimeProvider.System, null, fetcher).Run(cancel.Token));
        Assert.That(publisher.Reached.Task.Wait(TimeSpan.FromSeconds(20)), "the run reached the publisher");
        cancel.Cancel();
        Assert.That(() => run.GetAwaiter().GetResult(), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(Query<string>("select status from ops.runs"), Is.EqualTo("cancelled"));
        Assert.That(Query<string>("select status from ops.run_steps where source_id = $s", new { s = Population }), Is.EqualTo("cancelled"));
        Assert.That(File.Exists(repo.Export(Dataset)), Is.False);
    }
}
