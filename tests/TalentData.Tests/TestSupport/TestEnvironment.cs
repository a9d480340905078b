namespace TalentData.Tests;

/// <summary>
/// The process-wide environment every test sees: the GENESIS web service's credentials that
/// pipelines/regionalstatistik_population.yaml names, as an operator sets them for live loads (the publisher stand-in
/// accepts any). Tests of missing or leaking credentials use credentials of another name.
/// </summary>
[SetUpFixture]
public sealed class TestEnvironment
{
    public const string GenesisToken = "stand-in-genesis-token";

    [OneTimeSetUp]
    public void SetCredentials()
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TalentData.Fetching.FetchCredentials.UsernameVariable("genesis"))))
            Environment.SetEnvironmentVariable(TalentData.Fetching.FetchCredentials.UsernameVariable("genesis"), GenesisToken);
    }
}
