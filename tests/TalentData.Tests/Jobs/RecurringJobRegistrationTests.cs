using TalentData.Cli.Settings;
using Hangfire;
using Hangfire.InMemory;
using Hangfire.Storage;
using TalentData.Cli.Jobs;
using TalentData.Cli.Serve;
using TalentData.Project;
using TalentData.Tests.TestSupport;

namespace TalentData.Tests.Jobs;

public class RecurringJobRegistrationTests
{
    static List<RecurringJobDto> Registered(JobStorage storage)
    {
        using var connection = storage.GetConnection();
        return connection.GetRecurringJobs();
    }

    [Test]
    public void Register_PipelineFiles_OneJobPerPipelinePlusFullRunAndPublishInBerlinOnTheWarehouseQueue()
    {
        var storage = new InMemoryStorage();
        var catalog = PipelineCatalog.Load(RepoPaths.Pipelines, TalentData.Loading.ReaderFormats.All);
        RecurringJobRegistration.Register(new RecurringJobManager(storage), storage, catalog, new JobSettings());

        var jobs = Registered(storage);
        Assert.That(jobs.Select(j => j.Id), Is.EquivalentTo(catalog.All.Select(p => "source:" + p.Id).Append("full-run").Append("publish")));
        foreach (var pipeline in catalog.All)
        {
            var job = jobs.Single(j => j.Id == "source:" + pipeline.Id);
            Assert.That(job.Cron, Is.EqualTo(pipeline.Schedule), job.Id);
            Assert.That(job.Job.Args[0], Is.EqualTo(pipeline.Id), "the job takes only the source id");
            Assert.That(job.Job.Type, Is.EqualTo(typeof(SourceJob)));
        }
        Assert.That(jobs.Select(j => j.TimeZoneId), Is.All.EqualTo("Europe/Berlin"));
        Assert.That(jobs.Select(j => j.Job.Queue), Is.All.EqualTo("warehouse"), "the queue the triggered job goes to");
        Assert.That(jobs.Single(j => j.Id == "full-run").Cron, Is.EqualTo(new JobSettings().FullRunSchedule));
    }

    [Test]
    public void Register_MondayAtFour_NextExecutionIsFourOClockBerlinTime()
    {
        var storage = new InMemoryStorage();
        var catalog = PipelineCatalog.Load(RepoPaths.Pipelines, TalentData.Loading.ReaderFormats.All);
        RecurringJobRegistration.Register(new RecurringJobManager(storage), storage, catalog, new JobSettings());

        var population = Registered(storage).Single(j => j.Id == "source:dortmund_population");
        Assert.That(catalog.Get("dortmund_population").Schedule, Is.EqualTo("0 4 * * 1"));
        var berlin = TimeZoneInfo.ConvertTimeFromUtc(population.NextExecution!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));
        Assert.That((berlin.DayOfWeek, berlin.Hour, berlin.Minute), Is.EqualTo((DayOfWeek.Monday, 4, 0)));
        Assert.That(population.NextExecution.Value.Hour, Is.AnyOf(2, 3), "UTC is one or two hours earlier");
    }

    [Test]
    public void Register_PipelineRemoved_ItsJobIsRemovedAndTheOthersStay()
    {
        using var repo = new RepoCopy();
        var storage = new InMemoryStorage();
        var manager = new RecurringJobManager(storage);
        var pipelines = Path.Combine(repo.Root, "pipelines");
        RecurringJobRegistration.Register(manager, storage, PipelineCatalog.Load(pipelines, TalentData.Loading.ReaderFormats.All), new JobSettings());
        File.Delete(Path.Combine(pipelines, "ba_training_market.yaml"));

        var removed = RecurringJobRegistration.Register(manager, storage, PipelineCatalog.Load(pipelines, TalentData.Loading.ReaderFormats.All), new JobSettings());

        Assert.That(removed, Is.EqualTo(new[] { "source:ba_training_market" }));
        var ids = Registered(storage).Select(j => j.Id).ToList();
        Assert.That(ids, Does.Not.Contain("source:ba_training_market"));
        Assert.That(ids, Does.Contain("source:dortmund_population").And.Contain("full-run").And.Contain("publish"));
    }

    [Test]
    public void Register_ChangedSchedule_IsUpdatedInPlace()
    {
        using var repo = new RepoCopy();
        var storage = new InMemoryStorage();
        var manager = new RecurringJobManager(storage);
        var pipelines = Path.Combine(repo.Root, "pipelines");
        RecurringJobRegistration.Register(manager, storage, PipelineCatalog.Load(pipelines, TalentData.Loading.ReaderFormats.All), new JobSettings());
        var file = Path.Combine(pipelines, "dortmund_population.yaml");
        File.WriteAllText(file, File.ReadAllText(file).Replace("schedule: \"0 4 * * 1\"", "schedule: \"15 7 * * 2\""));

        RecurringJobRegistration.Register(manager, storage, PipelineCatalog.Load(pipelines, TalentData.Loading.ReaderFormats.All), new JobSettings());

        var jobs = Registered(storage);
        Assert.That(jobs.Count(j => j.Id == "source:dortmund_population"), Is.EqualTo(1));
        Assert.That(jobs.Single(j => j.Id == "source:dortmund_population").Cron, Is.EqualTo("15 7 * * 2"));
    }
}
