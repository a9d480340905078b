using TalentData.Running;
using TalentData.Tests.Crash;

namespace TalentData.Tests.TestSupport;

/// <summary>
/// One uninterrupted sample run of every pipeline with the default settings and the system clock, made once per test
/// process: the last good state the crash, bad-input, live-run and CLI tests start from. A run takes seconds and they
/// all need the same one, so each copies its data folder (<see cref="CopyTo"/>) instead of running again; nobody opens
/// the shared folder's databases, so copies can be taken from several fixtures at once.
/// </summary>
public sealed class GoodRun
{
    static readonly Lazy<GoodRun> Shared = new(() => new GoodRun(), LazyThreadSafetyMode.ExecutionAndPublication);

    public static GoodRun Instance => Shared.Value;

    readonly RepoCopy repo = new();

    GoodRun()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => repo.Dispose();
        Report = repo.Run();
        if (!Report.Succeeded)
            throw new InvalidOperationException("the sample run every good state is copied from failed: " + Report.Error);
        Exports = RunState.Exports(repo.Data);
        SnapshotSha = RunState.Sha(repo.Snapshot);
        SnapshotContents = RunState.Contents(repo.Snapshot);
    }

    public RunReport Report { get; }

    /// <summary>The data folder; copy it, never open its databases here (a test that changed them would change every later copy).</summary>
    string Data => repo.Data;

    /// <summary>Export files and their hashes, as <see cref="RunState.Exports"/> reads them.</summary>
    public SortedDictionary<string, string> Exports { get; }
    public string SnapshotSha { get; }
    /// <summary>The snapshot's tables, as <see cref="RunState.Contents"/> reads them.</summary>
    public SortedDictionary<string, string> SnapshotContents { get; }

    /// <summary>A private copy of the good data folder at <paramref name="dataDir"/>.</summary>
    public void CopyTo(string dataDir) => RepoCopy.CopyDirectory(Data, dataDir);

    /// <summary>Only what a load reads and writes: the working warehouse and the landing folder.</summary>
    public void CopyWarehouseAndLandingTo(string dataDir)
    {
        Directory.CreateDirectory(Path.Combine(dataDir, "warehouse"));
        foreach (var file in Directory.GetFiles(Path.Combine(Data, "warehouse"), "work.duckdb*"))
            File.Copy(file, Path.Combine(dataDir, "warehouse", Path.GetFileName(file)));
        RepoCopy.CopyDirectory(Path.Combine(Data, "landing"), Path.Combine(dataDir, "landing"));
    }
}
