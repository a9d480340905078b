using System.Text;
using TalentData.Cli.Suggestions;
using TalentData.Project;
using TalentData.Tests.Publishing;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Cli;

/// <summary>
/// The suggestions file keeps an e-mail address only until its retention ends, and then not even in the file's free
/// pages; decided suggestions go after the same time, open ones stay. The accepted row is safe for spreadsheets and
/// passes the directory's schema.
/// </summary>
public sealed class SuggestionStoreTests
{
    static readonly DateTimeOffset Sent = new(2026, 12, 4, 10, 0, 0, TimeSpan.Zero);
    const string Address = "leser.in@example.org";

    static SuggestionInput Input(string name, string contact = "") => new()
    {
        Missing = Missing.Programme, Name = name, Kind = "club", TargetGroups = ["children"], Districts = ["20"],
        Url = "https://www.example.org/ag", Description = "Jeden Dienstag", Contact = contact,
    };

    [Test]
    public void Contact_IsDeletedWhenItsRetentionEnds_AndIsNoLongerInTheFile()
    {
        using var dir = new TempDir();
        var clock = new FixedClock(Sent);
        var path = Path.Combine(dir.Path, "suggestions.sqlite");
        var store = new SuggestionStore(path, clock, TimeSpan.FromDays(90));
        var receipt = store.Add(Input("Schach-AG", Address), "de");
        var anonymous = store.Add(Input("Lesekreis"), "en");

        clock.Now = Sent.AddDays(90).AddSeconds(-1);
        Assert.That(store.ByReceipt(receipt)!.Contact, Is.EqualTo(Address), "kept for a reply until the retention ends");
        Assert.That(store.ByReceipt(receipt)!.ContactUntil, Is.EqualTo("2027-03-04T10:00:00Z"));

        clock.Now = Sent.AddDays(90);
        var queue = store.All();   // any access of the queue deletes what is due
        using (Assert.EnterMultipleScope())
        {
            Assert.That(queue.Single(s => s.Receipt == receipt).Contact, Is.Null);
            Assert.That(queue.Single(s => s.Receipt == receipt).Name, Is.EqualTo("Schach-AG"), "the suggestion itself stays open");
            Assert.That(queue.Single(s => s.Receipt == anonymous).Contact, Is.Null);
            Assert.That(File.ReadAllBytes(path).AsSpan().IndexOf(Encoding.UTF8.GetBytes(Address)), Is.EqualTo(-1),
                "secure_delete overwrote the address; it is not left in a free page of the file");
        }
    }

    /// <summary>Without any submission or look at the queue, serve's hourly pass deletes what is due; its first pass runs at start.</summary>
    [Test]
    public async Task RetentionService_DeletesADueContact_WhenNobodyOpensTheQueue()
    {
        using var dir = new TempDir();
        var clock = new FixedClock(Sent);
        var path = Path.Combine(dir.Path, "suggestions.sqlite");
        var store = new SuggestionStore(path, clock, TimeSpan.FromDays(90));
        store.Add(Input("Schach-AG", Address), "de");
        clock.Now = Sent.AddDays(91);
        using var service = new SuggestionRetention(store, clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<SuggestionRetention>.Instance);
        await service.StartAsync(CancellationToken.None);
        // The service runs on its own thread; the file is read directly, since any access through the store would purge.
        bool Kept() => File.ReadAllBytes(path).AsSpan().IndexOf(Encoding.UTF8.GetBytes(Address)) >= 0;
        for (var waited = 0; Kept() && waited < 100; waited++) await Task.Delay(50);
        await service.StopAsync(CancellationToken.None);
        Assert.That(Kept(), Is.False, "the first pass deleted the address");
    }

    [Test]
    public void Purge_DeletesDecidedSuggestionsAfterTheRetention_AndKeepsOpenOnes()
    {
        using var dir = new TempDir();
        var clock = new FixedClock(Sent);
        var store = new SuggestionStore(Path.Combine(dir.Path, "suggestions.sqlite"), clock, TimeSpan.FromDays(30));
        store.Add(Input("Offen"), "de");
        store.Add(Input("Abgelehnt"), "de");
        store.Add(Input("Angenommen"), "de");
        var ids = store.All().ToDictionary(s => s.Name, s => s.Id);
        clock.Now = Sent.AddDays(10);
        Assert.That(store.Reject(ids["Abgelehnt"], "otto"), Is.True);
        Assert.That(store.Accept(ids["Angenommen"], "row", "otto"), Is.True);
        Assert.That(store.Reject(ids["Angenommen"], "otto"), Is.False, "a decided suggestion is not decided again");

        clock.Now = Sent.AddDays(39);
        Assert.That(store.Purge(), Is.EqualTo((0, 0)));
        clock.Now = Sent.AddDays(40);
        Assert.That(store.Purge(), Is.EqualTo((0, 2)));
        Assert.That(store.All().Select(s => s.Name), Is.EqualTo(new[] { "Offen" }));
    }

    [Test]
    public void Store_WithoutRetention_IsRefusedNamingTheSetting()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<PipelineException>(() => new SuggestionStore(Path.Combine(dir.Path, "s.sqlite"), TimeProvider.System, TimeSpan.Zero))!;
        Assert.That(ex.Message, Does.Contain("Suggestions:ContactRetentionDays must be at least 1"));
    }

    [TestCase("=HYPERLINK(\"http://x\")", "\"'=HYPERLINK(\"\"http://x\"\")\"")]
    [TestCase("+49 231", "'+49 231")]
    [TestCase("-1+2", "'-1+2")]
    [TestCase("@SUM(A1)", "'@SUM(A1)")]
    [TestCase("Schach, Go und Mühle", "\"Schach, Go und Mühle\"")]
    [TestCase("Schach-AG", "Schach-AG")]
    public void Cell_NeutralisesFormulaStarts_AndQuotesSeparators(string value, string expected) =>
        Assert.That(ProgrammeDirectory.Cell(value), Is.EqualTo(expected));

    [Test]
    public void WithRows_AppendsTheRow_WhichPassesTheSchema_AndANameTwiceIsNamedAsAProblem()
    {
        var directory = new ProgrammeDirectory(RepoPaths.Root);
        var row = ProgrammeDirectory.Row("=Schach-AG", "club", "children|young_people", "20|50", "https://www.example.org/schach", "Vorschlag", new DateOnly(2026, 12, 4));
        var (csv, problems) = directory.WithRows([row], TimeProvider.System);
        var original = File.ReadAllText(Path.Combine(RepoPaths.Sql, "reference", ProgrammeDirectory.FileName));
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Is.Empty);
            Assert.That(csv, Is.EqualTo(original + "'=Schach-AG,club,children|young_people,20|50,https://www.example.org/schach,Vorschlag,2026-12-04,false\n"));
        }
        var existing = original.Split('\n')[1].Split(',')[0];
        var twice = ProgrammeDirectory.Row(existing, "club", "children", "city-wide", "https://www.example.org/", "Vorschlag", new DateOnly(2026, 12, 4));
        Assert.That(directory.WithRows([twice], TimeProvider.System).Problems.Single(),
            Does.Contain("sql/reference/talent_programmes.csv, line 8: expected name to be unique, found the same as on line 2."));
    }
}
