using MilvusPS.Emulator.Persistence;
using MilvusPS.Emulator.Tests.Data;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Tests;

/// <summary>Snapshots taken while the emulator runs, when the logs outgrow SnapshotLogBytes: concurrent writers lose nothing.</summary>
public sealed partial class DataPersistenceTests
{
    private const int RunningDim = 16;

    private static InsertRequest Batch(string collection, long first, int rows) => Cols.Insert(collection, (uint)rows,
        Cols.Longs("id", Enumerable.Range(0, rows).Select(i => first + i).ToArray()),
        Cols.FloatVectors("vec", RunningDim, Enumerable.Range(0, rows * RunningDim).Select(i => (float)(first + i / RunningDim)).ToArray()));

    private static async Task CreateWideAsync(MilvusService.MilvusServiceClient client, string name)
    {
        Schemas.Ok(await client.CreateCollectionAsync(Schemas.Create(name, Schemas.Pk(), Schemas.Vector("vec", RunningDim))));
        var index = new CreateIndexRequest { CollectionName = name, FieldName = "vec" };
        index.ExtraParams.Add(new MilvusPS.Protocol.KeyValuePair { Key = "index_type", Value = "FLAT" });
        index.ExtraParams.Add(new MilvusPS.Protocol.KeyValuePair { Key = "metric_type", Value = "L2" });
        Schemas.Ok(await client.CreateIndexAsync(index));
        Schemas.Ok(await client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = name }));
    }

    private static async Task<long> CountAsync(MilvusService.MilvusServiceClient client, string name)
    {
        var count = await client.QueryAsync(Cols.Query(name, "", "count(*)"));
        Schemas.Ok(count.Status);
        return count.Field("count(*)").Scalars.LongData.Data[0];
    }

    /// <summary>Eight writers, 20 batches of 50 rows each, with snapshots every ~32 KB of log; then a clean restart.</summary>
    [Fact]
    public async Task Snapshots_taken_while_writers_run_lose_no_row_and_keep_the_log_short()
    {
        const int writers = 8, batches = 20, rows = 50;
        var logAfter = await InProcessAsync(async client =>
        {
            await CreateWideAsync(client, "wide");
            await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                for (var b = 0; b < batches; b++)
                    Schemas.Ok((await client.InsertAsync(Batch("wide", ((long)w * batches + b) * rows, rows))).Status);
            })));
            Schemas.Ok((await client.DeleteAsync(new DeleteRequest { CollectionName = "wide", Expr = "id < 100" })).Status);
            Assert.Equal(writers * batches * rows - 100, await CountAsync(client, "wide"));
            // Snapshots were taken while running: the snapshot holds most rows, the log only what came after the last one.
            Assert.True(File.Exists(SnapshotPath));
            return new FileInfo(LogPath).Length;
        }, o => o.SnapshotLogBytes = 32 * 1024);
        Assert.True(logAfter < 200 * 1024, $"the log kept {logAfter} bytes");

        Assert.Equal(writers * batches * rows - 100, await InProcessAsync(c => CountAsync(c, "wide")));
    }

    /// <summary>Killed after running snapshots (CLI, --snapshot-log-mb 1): the last snapshot plus the log since bring back every row.</summary>
    [Fact]
    public async Task A_kill_after_running_snapshots_restores_the_snapshot_and_the_log_since()
    {
        const int batches = 60, rows = 500; // about 2.7 MB of log in all: at least two snapshots at 1 MB
        await KilledAsync(async client =>
        {
            await CreateWideAsync(client, "wide");
            for (var b = 0; b < batches; b++)
                Schemas.Ok((await client.InsertAsync(Batch("wide", (long)b * rows, rows))).Status);
            Schemas.Ok((await client.FlushAsync(new FlushRequest { CollectionNames = { "wide" } })).Status);
            Schemas.Ok((await client.InsertAsync(Batch("wide", batches * rows, 7))).Status); // after the last snapshot, if any
            return 0;
        }, "--snapshot-log-mb", "1");
        Assert.True(File.Exists(SnapshotPath), "no snapshot was taken while running");
        Assert.True(new FileInfo(LogPath).Length < 1024 * 1024 + 64 * 1024);

        Assert.Equal(batches * rows + 7, await InProcessAsync(c => CountAsync(c, "wide")));
    }
}
