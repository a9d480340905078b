using System.Text;
using TalentData.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Publishing;

/// <summary>Release folders and the latest link on disk.</summary>
public class ReleaseStoreTests
{
    static readonly DateTimeOffset Day = new(2026, 11, 26, 23, 30, 0, TimeSpan.Zero);

    static Dictionary<string, byte[]> Files(string text) => new() { ["data.csv"] = Encoding.UTF8.GetBytes(text) };

    [Test]
    public void NextReleaseName_SameDayAgain_CountsOnFromTwo()
    {
        using var dir = new TempDir();
        var store = new ReleaseStore(dir.Path);
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            names.Add(store.NextReleaseName("x", Day));
            store.Publish("x", names[^1], Files($"release {i}"));
        }
        using (Assert.EnterMultipleScope())
        {
            Assert.That(names, Is.EqualTo(new[] { "2026-11-26", "2026-11-26.2", "2026-11-26.3" }), "named by the UTC date");
            Assert.That(store.Current("x"), Is.EqualTo(((string?)"2026-11-26.3", Path.Combine(store.Root, "x", "2026-11-26.3"))));
            Assert.That(File.ReadAllText(Path.Combine(dir.Path, "x", "latest", "data.csv")), Is.EqualTo("release 2"));
            Assert.That(File.ReadAllText(Path.Combine(dir.Path, "x", "2026-11-26", "data.csv")), Is.EqualTo("release 0"));
        }
    }

    [Test]
    public void Publish_ExistingRelease_IsNeverOverwritten()
    {
        using var dir = new TempDir();
        var store = new ReleaseStore(dir.Path);
        store.Publish("x", "2026-11-26", Files("first"));
        var ex = Assert.Throws<PipelineException>(() => store.Publish("x", "2026-11-26", Files("second")));
        Assert.That(ex!.Message, Does.Contain("never overwritten"));
        Assert.That(File.ReadAllText(Path.Combine(dir.Path, "x", "latest", "data.csv")), Is.EqualTo("first"));
    }

    [Test]
    public void Publish_LatestIsAPlainFolderFromBeforeReleases_BecomesALinkToTheNewRelease()
    {
        using var dir = new TempDir();
        dir.File("x/latest/data.csv", "old");
        var store = new ReleaseStore(dir.Path);
        Assert.That(store.Current("x"), Is.EqualTo(((string?)null, Path.Combine(store.Root, "x", "latest"))));
        store.Publish("x", "2026-11-26", Files("new"));
        var latest = new DirectoryInfo(Path.Combine(dir.Path, "x", "latest"));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(latest.LinkTarget, Is.EqualTo("2026-11-26"));
            Assert.That(File.ReadAllText(Path.Combine(latest.FullName, "data.csv")), Is.EqualTo("new"));
            Assert.That(Directory.GetFileSystemEntries(Path.Combine(dir.Path, "x")).Select(Path.GetFileName), Is.EquivalentTo(new[] { "2026-11-26", "latest" }));
        }
    }

    [Test]
    public void Publish_LeftoversOfARunThatDied_AreRemovedAndNeverBecomeLatest()
    {
        using var dir = new TempDir();
        dir.File("x/.tmp-2026-11-25-abc/data.csv", "half");
        Directory.CreateDirectory(Path.Combine(dir.Path, "x", "2026-11-24"));
        File.CreateSymbolicLink(Path.Combine(dir.Path, "x", ".latest-abc"), "2026-11-24");
        new ReleaseStore(dir.Path).Publish("x", "2026-11-26", Files("new"));
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(dir.Path, "x")).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "2026-11-24", "2026-11-26", "latest" }));
    }

    [Test]
    public void StageFile_SameContentIsNotStaged_ChangedContentReplacesTheFileOnlyAtItsCommit()
    {
        using var dir = new TempDir();
        var store = new ReleaseStore(dir.Path);
        var path = Path.Combine(dir.Path, "catalog.jsonld");
        Assert.That(store.StageFile("catalog.jsonld", [1, 2, 3]), Is.True);
        Assert.That(File.Exists(path), Is.False, "a staged file is not published before the commit");
        store.CommitFile("catalog.jsonld");
        var written = File.GetLastWriteTimeUtc(path);
        Thread.Sleep(20);
        Assert.That(store.StageFile("catalog.jsonld", [1, 2, 3]), Is.False);
        store.CommitFile("catalog.jsonld");
        Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(written));
        Assert.That(store.StageFile("catalog.jsonld", [4]), Is.True);
        store.DiscardStaged();
        store.CommitFile("catalog.jsonld");
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 1, 2, 3 }), "a discarded stage never reaches the published file");
        Assert.That(store.StageFile("catalog.jsonld", [4]), Is.True);
        store.CommitFile("catalog.jsonld");
        Assert.That(File.ReadAllBytes(path), Is.EqualTo(new byte[] { 4 }));
    }

    [Test]
    public void Stage_ThenDiscard_LeavesLatestAndTheReleasesAsTheyWere_ThenCommitIsIdempotent()
    {
        using var dir = new TempDir();
        var store = new ReleaseStore(dir.Path);
        store.Publish("x", "2026-11-24", Files("first"));
        store.Stage("x", "2026-11-26", Files("second"));
        Assert.That(store.Current("x")?.Release, Is.EqualTo("2026-11-24"), "staging does not move latest");
        Assert.That(Directory.Exists(Path.Combine(dir.Path, "x", "2026-11-26")), Is.False, "a staged release has no public name yet");
        store.DiscardStaged();
        Assert.That(Directory.GetFileSystemEntries(Path.Combine(dir.Path, "x")).Select(Path.GetFileName),
            Is.EquivalentTo(new[] { "2026-11-24", "latest" }));

        store.Stage("x", "2026-11-26", Files("second"));
        store.Commit("x", "2026-11-26");
        store.Commit("x", "2026-11-26"); // the next start repeats a commit a killed run may have finished
        Assert.That(store.Current("x")?.Release, Is.EqualTo("2026-11-26"));
        Assert.That(store.ReadCurrent("x", "data.csv"), Is.EqualTo(Files("second")["data.csv"]));
        var ex = Assert.Throws<PipelineException>(() => store.Commit("x", "2026-11-27"));
        Assert.That(ex!.Message, Does.Contain("2026-11-27").And.Contain("staged"));
    }
}
