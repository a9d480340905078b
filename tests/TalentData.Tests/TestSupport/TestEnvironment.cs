namespace TalentData.Tests;

/// <summary>
/// The process-wide environment every test sees: the GENESIS web service's credentials that
/// pipelines/regionalstatistik_population.yaml names, as an operator sets them for live loads (the publisher stand-in
/// accepts any). Tests of missing or leaking credentials use credentials of another name. And one DuckDB thread per
/// opened database (<see cref="TalentData.Warehouse.Warehouse.ThreadsVariable"/>), in this process and in the CLI
/// processes the tests start, which inherit it: the tests run side by side on every core already, and a second thread
/// per database only waits. And 16 KiB blocks (<see cref="TalentData.Warehouse.Warehouse.BlockSizeVariable"/>): the
/// tests make and copy many small warehouses, and with DuckDB's 256 KiB blocks most of their memory and file is blocks
/// that hold a few rows each. The setting changes how DuckDB lays out a file, not what it holds or how it is queried;
/// a file made with another block size is tested in BlockSizeSettingTests.
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
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TalentData.Warehouse.Warehouse.ThreadsVariable)))
            Environment.SetEnvironmentVariable(TalentData.Warehouse.Warehouse.ThreadsVariable, "1");
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable(TalentData.Warehouse.Warehouse.BlockSizeVariable)))
            Environment.SetEnvironmentVariable(TalentData.Warehouse.Warehouse.BlockSizeVariable, "16384");
    }
}
