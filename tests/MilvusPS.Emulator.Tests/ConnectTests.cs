using MilvusPS.Emulator.Catalog;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Tests;

public class ConnectTests
{
    [Fact]
    public async Task Connect_to_an_unknown_database_answers_code_800()
    {
        await using var server = await TestEmulator.StartAsync();
        using var channel = TestEmulator.Channel(server);

        var response = await TestEmulator.Client(channel).ConnectAsync(new ConnectRequest(), TestEmulator.Headers(("dbname", "nope")));

        Assert.Equal(800, response.Status.Code);
#pragma warning disable CS0612 // the deprecated field is part of what Milvus sends
        Assert.Equal(ErrorCode.UnexpectedError, response.Status.ErrorCode);
#pragma warning restore CS0612
        Assert.Equal("database not found[database=nope]", response.Status.Reason);
        Assert.Equal("database not found[database=nope]", response.Status.Detail);
        Assert.False(response.Status.Retriable);
        Assert.Empty(response.Status.ExtraInfo);
        Assert.Equal(0, response.Identifier);
        Assert.Null(response.ServerInfo);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("default")]
    public async Task Connect_to_the_default_database_succeeds(string? dbname)
    {
        await using var server = await TestEmulator.StartAsync();
        using var channel = TestEmulator.Channel(server);
        var headers = dbname is null ? null : TestEmulator.Headers(("dbname", dbname));

        var response = await TestEmulator.Client(channel).ConnectAsync(new ConnectRequest(), headers);

        Assert.Equal(new MilvusPS.Protocol.Status(), response.Status);
        Assert.NotEqual(0, response.Identifier);
    }

    [Fact]
    public async Task Connect_identifiers_are_monotonic_hybrid_timestamps_and_clients_are_remembered()
    {
        await using var server = await TestEmulator.StartAsync(o => o.MilvusVersion = "2.5");
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var ids = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            var request = new ConnectRequest { ClientInfo = new ClientInfo { SdkType = "Python", SdkVersion = "2.5.0", Host = "box", User = "me" } };
            ids.Add((await client.ConnectAsync(request)).Identifier);
        }
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Equal(ids.OrderBy(x => x), ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());
        var physical = ids[0] >> 18;
        Assert.InRange(physical, before, after);
        var first = Assert.Single(server.State.Clients.Clients, c => c.Identifier == ids[0]);
        Assert.Equal("Python", first.Info.SdkType);
        Assert.Equal("default", first.Database);
        Assert.Equal(20, server.State.Clients.Clients.Count);
    }

    [Fact]
    public async Task Connect_reports_server_info_in_milvus_shape()
    {
        await using var server = await TestEmulator.StartAsync(o => o.MilvusVersion = "2.4");
        using var channel = TestEmulator.Channel(server);

        var info = (await TestEmulator.Client(channel).ConnectAsync(new ConnectRequest())).ServerInfo;

        Assert.Equal("v2.4.24", info.BuildTags);
        Assert.Equal("STANDALONE", info.DeployMode);
        Assert.Matches(@"^go version \S+ [a-z]+/[a-z0-9]+$", info.GoVersion);
        Assert.Matches(@"^[A-Z][a-z]{2} [A-Z][a-z]{2} [ 0-9]\d \d{2}:\d{2}:\d{2} UTC \d{4}$", info.BuildTime);
        Assert.False(string.IsNullOrEmpty(info.GitCommit));
        Assert.Equal("MilvusPS", info.Reserved["emulator"]);
    }

    [Fact]
    public async Task Identifier_header_marks_the_client_active()
    {
        await using var server = await TestEmulator.StartAsync();
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);
        var id = (await client.ConnectAsync(new ConnectRequest())).Identifier;
        Assert.True(server.State.Clients.TryGet(id, out var registered));
        var firstSeen = registered.LastActive;

        await Task.Delay(30);
        await client.GetVersionAsync(new GetVersionRequest(), TestEmulator.Headers(("identifier", id.ToString(System.Globalization.CultureInfo.InvariantCulture))));

        Assert.True(registered.LastActive > firstSeen);
    }

    [Fact]
    public async Task CheckHealth_and_GetComponentStates_report_a_healthy_proxy()
    {
        await using var server = await TestEmulator.StartAsync();
        using var channel = TestEmulator.Channel(server);
        var client = TestEmulator.Client(channel);

        var health = await client.CheckHealthAsync(new CheckHealthRequest());
        var states = await client.GetComponentStatesAsync(new GetComponentStatesRequest());

        Assert.True(health.IsHealthy);
        Assert.Empty(health.Reasons);
        Assert.Empty(health.QuotaStates);
        Assert.Equal(0, health.Status.Code);
        Assert.Equal("Proxy", states.State.Role);
        Assert.Equal(StateCode.Healthy, states.State.StateCode);
        Assert.NotEqual(0, states.State.NodeID);
        Assert.Empty(states.SubcomponentStates);
    }

    [Fact]
    public void Timestamp_oracle_is_strictly_increasing_even_within_a_millisecond()
    {
        var clock = new FixedClock(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var tso = new TimestampOracle(clock);

        var a = tso.AllocOne();
        var b = tso.AllocOne();
        var batch = tso.Alloc(5);
        var c = tso.AllocOne();

        Assert.Equal((1_700_000_000_000L, 0L), TimestampOracle.Parse(a));
        Assert.Equal((1_700_000_000_000L, 1L), TimestampOracle.Parse(b));
        Assert.Equal(b + 1, batch);
        Assert.Equal(batch + 5, c);

        clock.Now = clock.Now.AddMilliseconds(-50); // clock steps back: still monotonic
        Assert.True(tso.AllocOne() > c);
        clock.Now = clock.Now.AddSeconds(1);
        Assert.Equal((1_700_000_000_950L, 0L), TimestampOracle.Parse(tso.AllocOne()));
    }

    [Fact]
    public void Catalog_knows_only_the_default_database_for_now()
    {
        var catalog = new MilvusCatalog(new TimestampOracle());
        var db = Assert.Single(catalog.Databases);
        Assert.Equal(("default", 1L), (db.Name, db.Id));
        var error = Assert.Throws<MilvusPS.Emulator.Errors.MilvusError>(() => catalog.GetDatabase("other"));
        Assert.Equal(800, error.Code);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
