using System.Diagnostics;
using System.Text.RegularExpressions;
using Grpc.Net.Client;
using MilvusPS.Emulator.Persistence;
using MilvusPS.Emulator.Tests.Data;
using MilvusPS.Protocol;
using static MilvusPS.Emulator.Tests.Search.SearchKit;
using KeyValuePair = MilvusPS.Protocol.KeyValuePair;

namespace MilvusPS.Emulator.Tests;

/// <summary>
/// Entity data in a data folder: restarts after a clean stop (snapshot) and after a kill (the log alone), in-process or
/// as the CLI process killed with SIGKILL, so only what was fsync'd before the acknowledgement can come back.
/// </summary>
public sealed partial class DataPersistenceTests : IDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("milvusps-rows-").FullName;
    private readonly List<Process> _processes = [];

    private string Folder => Path.Combine(_root, "data");
    private string LogPath => Path.Combine(Folder, DataLog.LogFileName);
    private string SnapshotPath => Path.Combine(Folder, DataLog.SnapshotFileName);

    public void Dispose()
    {
        foreach (var p in _processes)
        {
            try { if (!p.HasExited) p.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
            p.Dispose();
        }
        Directory.Delete(_root, recursive: true);
    }

    // ---- how the emulator runs and stops ------------------------------------------------------

    /// <summary>Runs <paramref name="work"/> against an in-process emulator on the data folder, then stops it cleanly.</summary>
    private async Task<T> InProcessAsync<T>(Func<MilvusService.MilvusServiceClient, Task<T>> work, Action<EmulatorOptions>? configure = null)
    {
        await using var server = await TestEmulator.StartAsync(o => { o.DataPath = Folder; configure?.Invoke(o); });
        using var channel = TestEmulator.Channel(server);
        return await work(TestEmulator.Client(channel));
    }

    private Task InProcessAsync(Func<MilvusService.MilvusServiceClient, Task> work) =>
        InProcessAsync(async c => { await work(c); return 0; });

    /// <summary>Runs <paramref name="work"/> against the emulator as a process on the data folder, then kills it (no clean shutdown).</summary>
    private async Task<T> KilledAsync<T>(Func<MilvusService.MilvusServiceClient, Task<T>> work, params string[] extraArgs)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "exec", typeof(EmulatorServer).Assembly.Location, "--port", "0", "--data", Folder }.Concat(extraArgs)) info.ArgumentList.Add(a);
        var process = Process.Start(info)!;
        _processes.Add(process);
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
        var match = ReadyLine().Match(line ?? string.Empty);
        Assert.True(match.Success, $"unexpected first line: {line}");

        T result;
        using (var channel = GrpcChannel.ForAddress(match.Groups["uri"].Value))
            result = await work(new MilvusService.MilvusServiceClient(channel));
        process.Kill(); // SIGKILL: no snapshot, nothing flushed that was not already
        await process.WaitForExitAsync().WaitAsync(StartTimeout);
        return result;
    }

    private Task KilledAsync(Func<MilvusService.MilvusServiceClient, Task> work) =>
        KilledAsync(async c => { await work(c); return 0; });

    [GeneratedRegex(@"^MilvusPS\.Emulator listening on (?<uri>\S+) ")]
    private static partial Regex ReadyLine();

    private Task StopAsync(bool kill, Func<MilvusService.MilvusServiceClient, Task> work) =>
        kill ? KilledAsync(work) : InProcessAsync(work);

    // ---- a collection that has seen every kind of write -----------------------------------------

    private static float[] Vec(long i) => [i, i + 0.5f, -i, 1];

    private static async Task CreateAsync(MilvusService.MilvusServiceClient client, string name, bool autoId = false, bool load = true)
    {
        var pk = Schemas.Pk();
        pk.AutoID = autoId;
        var schema = Schemas.Of(name, pk, Schemas.Vector("vec", 4),
            Schemas.Param(new FieldSchema { Name = "tag", DataType = DataType.VarChar }, "max_length", "16"),
            new FieldSchema { Name = "n", DataType = DataType.Int32, Nullable = true });
        schema.EnableDynamicField = true;
        Schemas.Ok(await client.CreateCollectionAsync(Schemas.Create(schema)));
        var index = new CreateIndexRequest { CollectionName = name, FieldName = "vec" };
        index.ExtraParams.Add(new KeyValuePair { Key = "index_type", Value = "FLAT" });
        index.ExtraParams.Add(new KeyValuePair { Key = "metric_type", Value = "L2" });
        Schemas.Ok(await client.CreateIndexAsync(index));
        if (load) Schemas.Ok(await client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = name }));
    }

    private static InsertRequest Rows(string collection, params long[] ids) => Cols.Insert(collection, (uint)ids.Length,
        Cols.Longs("id", ids), Cols.FloatVectors("vec", 4, ids.SelectMany(Vec).ToArray()),
        Cols.Strings("tag", ids.Select(i => $"t{i}").ToArray()),
        // n is null for even ids: one valid value per odd id.
        Cols.Ints("n", DataType.Int32, ids.Where(i => i % 2 == 1).Select(i => (int)i * 10).ToArray()).WithValid(ids.Select(i => i % 2 == 1).ToArray()),
        Cols.Dynamic(ids.Select(i => $"{{\"k\":{i}}}").ToArray()));

    /// <summary>Insert, upsert, partial upsert, delete by key and by filter, flush, then more inserts into a growing segment.</summary>
    private static async Task PopulateAsync(MilvusService.MilvusServiceClient client)
    {
        await CreateAsync(client, "items");
        Schemas.Ok((await client.InsertAsync(Rows("items", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10))).Status);
        Schemas.Ok((await client.UpsertAsync(Cols.Upsert("items", 3, Cols.Longs("id", 2, 3, 11),
            Cols.FloatVectors("vec", 4, 4, 0, 0, 1, 6, 0, 0, 1, 22, 0, 0, 1), Cols.Strings("tag", "u2", "u3", "u11"),
            Cols.Ints("n", DataType.Int32, 7, 7, 7), Cols.Dynamic("{\"u\":true}", "{\"u\":true}", "{\"u\":true}")))).Status);
        var partial = Cols.Upsert("items", 1, Cols.Longs("id", 4), Cols.Strings("tag", "p4"));
        partial.PartialUpdate = true;
        Schemas.Ok((await client.UpsertAsync(partial)).Status);
        Schemas.Ok((await client.DeleteAsync(new DeleteRequest { CollectionName = "items", Expr = "id in [5, 42]" })).Status);
        var byFilter = await client.DeleteAsync(new DeleteRequest { CollectionName = "items", Expr = "tag == \"t7\" or id > 10" });
        Schemas.Ok(byFilter.Status);
        Assert.Equal(2, byFilter.DeleteCnt);
        Schemas.Ok((await client.FlushAsync(new FlushRequest { CollectionNames = { "items" } })).Status);
        Schemas.Ok((await client.InsertAsync(Rows("items", 12, 13))).Status);
    }

    private static readonly long[] LiveIds = [1, 2, 3, 4, 6, 8, 9, 10, 12, 13];

    private sealed record Observation(QueryResults Rows, long Count, string RowCount, SearchResultData Hits, IndexDescription Index);

    private static async Task<Observation> ObserveAsync(MilvusService.MilvusServiceClient client, string collection = "items")
    {
        var rows = await client.QueryAsync(Cols.Query(collection, "id >= 0", "*"));
        Schemas.Ok(rows.Status);
        rows.SessionTs = 0;
        var count = await client.QueryAsync(Cols.Query(collection, "", "count(*)"));
        Schemas.Ok(count.Status);
        var stats = await client.GetCollectionStatisticsAsync(new GetCollectionStatisticsRequest { CollectionName = collection });
        var search = await client.SearchAsync(Request(collection, FloatQueries(Vec(3)), 5, ("metric_type", "L2")).Outputs("tag"));
        Schemas.Ok(search.Status);
        var index = await client.DescribeIndexAsync(new DescribeIndexRequest { CollectionName = collection });
        Schemas.Ok(index.Status);
        return new Observation(rows, count.Field("count(*)").Scalars.LongData.Data[0], stats.Stats.Single(s => s.Key == "row_count").Value,
            search.Results, Assert.Single(index.IndexDescriptions));
    }

    /// <summary>The populated collection's values, asserted one by one (so equality before/after is not equality of two wrong answers).</summary>
    private static void AssertPopulated(Observation o)
    {
        Assert.Equal(LiveIds, o.Rows.Field("id").Scalars.LongData.Data);
        Assert.Equal(10, o.Count);
        Assert.Equal("10", o.RowCount);
        Assert.Equal(["t1", "u2", "u3", "p4", "t6", "t8", "t9", "t10", "t12", "t13"], o.Rows.Field("tag").Scalars.StringData.Data);
        // Upserted rows have n = 7; the partial upsert kept id 4's null n and its vector.
        Assert.Equal([true, true, true, false, false, false, true, false, false, true], o.Rows.Field("n").ValidData);
        Assert.Equal(7, o.Rows.Field("n").Scalars.IntData.Data[1]);
        Assert.Equal(90, o.Rows.Field("n").Scalars.IntData.Data[6]);
        Assert.Equal(Vec(4), o.Rows.Field("vec").Vectors.FloatVector.Data.Skip(12).Take(4));
        Assert.Equal("{\"u\":true}", Cols.Utf8(o.Rows.Field("$meta").Scalars.JsonData.Data[1]));
        // Nearest to (3, 3.5, -3, 1) by squared L2: 4 (3, its vector kept by the partial update), 1 (12), 2 upserted to
        // (4,0,0,1) (22.25), 6 (27), 3 upserted to (6,0,0,1) (30.25).
        Assert.Equal([4L, 1, 2, 6, 3], o.Hits.Ids.IntId.Data);
        Assert.Equal([3f, 12, 22.25f, 27, 30.25f], o.Hits.Scores);
    }

    private static void AssertSameRows(Observation before, Observation after)
    {
        Assert.Equal(before.Rows, after.Rows);
        Assert.Equal(before.Count, after.Count);
        Assert.Equal(before.RowCount, after.RowCount);
        Assert.Equal(before.Hits, after.Hits);
    }

    // ---- end to end ---------------------------------------------------------------------------

    [Fact]
    public async Task Acknowledged_writes_survive_a_kill_through_the_log()
    {
        var before = await KilledAsync(async client =>
        {
            await PopulateAsync(client);
            return await ObserveAsync(client);
        });
        AssertPopulated(before);
        Assert.False(File.Exists(SnapshotPath)); // never stopped cleanly: everything is in the log
        Assert.True(new FileInfo(LogPath).Length > DataLog.HeaderLength);

        var after = await InProcessAsync(c => ObserveAsync(c));
        AssertPopulated(after);
        AssertSameRows(before, after);
        // The log replays the rows exactly, deleted ones included, so the sealed segment's index counts match too.
        Assert.Equal(before.Index.TotalRows, after.Index.TotalRows);
        Assert.Equal(14, after.Index.TotalRows); // 10 inserted + 3 upserted + 1 partial update, all sealed by the flush
        Assert.Equal(IndexState.Finished, after.Index.State);
        Assert.Equal(after.Index.TotalRows, after.Index.IndexedRows);
        // That start folded the crash's log into a snapshot.
        Assert.True(File.Exists(SnapshotPath));
        Assert.Equal(DataLog.HeaderLength, new FileInfo(LogPath).Length);
    }

    [Fact]
    public async Task Rows_survive_a_clean_restart_from_the_snapshot_and_the_log_is_emptied()
    {
        var before = await InProcessAsync(async client =>
        {
            await PopulateAsync(client);
            return await ObserveAsync(client);
        });
        AssertPopulated(before);
        Assert.True(File.Exists(SnapshotPath));
        Assert.Equal(DataLog.HeaderLength, new FileInfo(LogPath).Length);

        for (var restart = 0; restart < 2; restart++)
        {
            var after = await InProcessAsync(c => ObserveAsync(c));
            AssertPopulated(after);
            AssertSameRows(before, after);
            // The snapshot keeps live rows only (a compaction): the sealed segment is down to its 8 live rows, all indexed.
            Assert.Equal(8, after.Index.TotalRows);
            Assert.Equal(8, after.Index.IndexedRows);
            Assert.Equal(IndexState.Finished, after.Index.State);
        }

        // Sealed and growing segments come back as they were: a search that skips growing segments misses 12 and 13.
        await InProcessAsync(async client =>
        {
            var sealedOnly = await client.SearchAsync(Request("items", FloatQueries(Vec(13)), 3, ("metric_type", "L2"), ("ignore_growing", "true")));
            Schemas.Ok(sealedOnly.Status);
            Assert.DoesNotContain(13L, sealedOnly.Results.Ids.IntId.Data);
            var all = await client.SearchAsync(Request("items", FloatQueries(Vec(13)), 1, ("metric_type", "L2")));
            Assert.Equal([13L], all.Results.Ids.IntId.Data);
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Auto_ids_and_timestamps_keep_increasing_after_a_restart(bool kill)
    {
        var (firstIds, firstTs) = (Array.Empty<long>(), 0UL);
        await StopAsync(kill, async client =>
        {
            await CreateAsync(client, "auto", autoId: true);
            var ins = await client.InsertAsync(Cols.Insert("auto", 3, Cols.FloatVectors("vec", 4, [.. Vec(1), .. Vec(2), .. Vec(3)]),
                Cols.Strings("tag", "a", "b", "c"), Cols.Ints("n", DataType.Int32, 1, 2, 3).WithValid(true, true, true)));
            Schemas.Ok(ins.Status);
            firstIds = [.. ins.IDs.IntId.Data];
            // Deleted rows leave no trace in a snapshot: their ids must still never be issued again.
            var del = await client.DeleteAsync(new DeleteRequest { CollectionName = "auto", Expr = $"id in [{string.Join(", ", firstIds)}]" });
            Schemas.Ok(del.Status);
            firstTs = del.Timestamp;
        });
        Assert.Equal(3, firstIds.Distinct().Count());

        await InProcessAsync(async client =>
        {
            var ins = await client.InsertAsync(Cols.Insert("auto", 2, Cols.FloatVectors("vec", 4, [.. Vec(4), .. Vec(5)]),
                Cols.Strings("tag", "d", "e"), Cols.Ints("n", DataType.Int32).WithValid(false, false)));
            Schemas.Ok(ins.Status);
            Assert.All(ins.IDs.IntId.Data, id => Assert.True(id > firstIds.Max(), $"id {id} was issued before the restart (max {firstIds.Max()})"));
            Assert.True(ins.Timestamp > firstTs, $"timestamp {ins.Timestamp} is not after {firstTs}");
            var count = await client.QueryAsync(Cols.Query("auto", "", "count(*)"));
            Assert.Equal(2, count.Field("count(*)").Scalars.LongData.Data[0]);
        });
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Dropped_collections_and_partitions_and_truncated_rows_stay_gone(bool kill)
    {
        await StopAsync(kill, async client =>
        {
            // Dropped, then created again under the same name: only the new collection's row may come back.
            await CreateAsync(client, "gone", load: false);
            Schemas.Ok((await client.InsertAsync(Rows("gone", 1, 2))).Status);
            Schemas.Ok(await client.DropCollectionAsync(new DropCollectionRequest { CollectionName = "gone" }));
            await CreateAsync(client, "gone");
            Schemas.Ok((await client.InsertAsync(Rows("gone", 3))).Status);

            // Key 1 moves into p1 by upsert (leaving _default), then p1 is dropped: 1 is gone everywhere, 2 stays.
            await CreateAsync(client, "parted", load: false);
            Schemas.Ok(await client.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = "parted", PartitionName = "p1" }));
            Schemas.Ok((await client.InsertAsync(Rows("parted", 1, 2))).Status);
            var intoP1 = Rows("parted", 10, 11);
            intoP1.PartitionName = "p1";
            Schemas.Ok((await client.InsertAsync(intoP1)).Status);
            var moved = Cols.Upsert("parted", 1, Cols.Longs("id", 1), Cols.FloatVectors("vec", 4, Vec(1)), Cols.Strings("tag", "moved"));
            moved.PartitionName = "p1";
            Schemas.Ok((await client.UpsertAsync(moved)).Status);
            Schemas.Ok(await client.DropPartitionAsync(new DropPartitionRequest { CollectionName = "parted", PartitionName = "p1" }));
            Schemas.Ok(await client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "parted" }));

            await CreateAsync(client, "emptied");
            Schemas.Ok((await client.InsertAsync(Rows("emptied", 1, 2, 3))).Status);
            Schemas.Ok((await client.TruncateCollectionAsync(new TruncateCollectionRequest { CollectionName = "emptied" })).Status);
            Schemas.Ok((await client.InsertAsync(Rows("emptied", 4))).Status);
        });

        await InProcessAsync(async client =>
        {
            Assert.Equal([3L], (await ObserveAsync(client, "gone")).Rows.Field("id").Scalars.LongData.Data);
            var parted = await ObserveAsync(client, "parted");
            Assert.Equal([2L], parted.Rows.Field("id").Scalars.LongData.Data);
            Assert.Equal("1", parted.RowCount);
            var partitions = await client.ShowPartitionsAsync(new ShowPartitionsRequest { CollectionName = "parted" });
            Assert.Equal(["_default"], partitions.PartitionNames);
            var emptied = await ObserveAsync(client, "emptied");
            Assert.Equal([4L], emptied.Rows.Field("id").Scalars.LongData.Data);
            Assert.Equal(1, emptied.Count);
        });
    }

    [Fact]
    public async Task A_key_inserted_twice_still_reads_as_its_newest_row_after_a_restart()
    {
        await InProcessAsync(async client =>
        {
            await CreateAsync(client, "twice");
            Schemas.Ok(await client.CreatePartitionAsync(new CreatePartitionRequest { CollectionName = "twice", PartitionName = "p1" }));
            Schemas.Ok(await client.LoadCollectionAsync(new LoadCollectionRequest { CollectionName = "twice" }));
            // _default's segment is created first, but key 1 lands in p1's segment before it lands in _default's.
            Schemas.Ok((await client.InsertAsync(Rows("twice", 9))).Status);
            var old = Cols.Insert("twice", 1, Cols.Longs("id", 1), Cols.FloatVectors("vec", 4, Vec(1)), Cols.Strings("tag", "old"));
            old.PartitionName = "p1";
            Schemas.Ok((await client.InsertAsync(old)).Status);
            Schemas.Ok((await client.InsertAsync(Cols.Insert("twice", 1, Cols.Longs("id", 1), Cols.FloatVectors("vec", 4, Vec(1)), Cols.Strings("tag", "new")))).Status);
        });

        await InProcessAsync(async client =>
        {
            var q = await client.QueryAsync(Cols.Query("twice", "id == 1", "tag"));
            Assert.Equal(["new"], q.Field("tag").Scalars.StringData.Data);
            var count = await client.QueryAsync(Cols.Query("twice", "", "count(*)"));
            Assert.Equal(3, count.Field("count(*)").Scalars.LongData.Data[0]); // count(*) does not reduce by key
        });
    }

    [Theory]
    [InlineData("cut", new long[] { 1, 2, 3 })]
    [InlineData("garbage", new long[] { 1, 2, 3, 4, 5, 6 })]
    public async Task A_torn_last_record_is_dropped_and_earlier_records_survive(string damage, long[] expected)
    {
        await KilledAsync(async client =>
        {
            await CreateAsync(client, "torn");
            Schemas.Ok((await client.InsertAsync(Rows("torn", 1, 2, 3))).Status);
            Schemas.Ok((await client.InsertAsync(Rows("torn", 4, 5, 6))).Status);
        });
        var length = new FileInfo(LogPath).Length;
        if (damage == "cut")
            using (var log = new FileStream(LogPath, FileMode.Open)) log.SetLength(length - 7); // the second insert, mid-record
        else
            File.AppendAllText(LogPath, "\u0017not a frame at all, just a crash's leftovers");

        await InProcessAsync(async client =>
        {
            Assert.Equal(expected, (await ObserveAsync(client, "torn")).Rows.Field("id").Scalars.LongData.Data);
            Schemas.Ok((await client.InsertAsync(Rows("torn", 7))).Status);
        });
        await InProcessAsync(async client =>
            Assert.Equal([.. expected, 7], (await ObserveAsync(client, "torn")).Rows.Field("id").Scalars.LongData.Data));
    }

    // ---- the log file itself ------------------------------------------------------------------

    private List<DataRecord> ReplayFolder()
    {
        var records = new List<DataRecord>();
        using var log = new DataLog(Folder);
        log.Replay(records.Add);
        return records;
    }

    [Fact]
    public void Group_commit_makes_every_concurrent_record_durable_in_order()
    {
        Directory.CreateDirectory(Folder);
        using (var log = new DataLog(Folder))
        {
            log.Replay(_ => { });
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, writer =>
            {
                for (var i = 0; i < 50; i++) log.WaitDurable(log.Append(new SegmentsSealed(writer * 1000 + i)));
            });
        }
        var replayed = ReplayFolder().Cast<SegmentsSealed>().Select(r => r.CollectionId).ToList();
        Assert.Equal(400, replayed.Count);
        for (var writer = 0; writer < 8; writer++)
            Assert.Equal(Enumerable.Range(writer * 1000, 50).Select(i => (long)i), replayed.Where(id => id / 1000 == writer));
    }

    [Fact]
    public void A_record_with_a_bad_checksum_ends_the_log_and_appends_go_on_after_the_last_good_one()
    {
        Directory.CreateDirectory(Folder);
        var first = new RowsDeleted(7, 100, null, [Storage.PrimaryKey.Of("a"), Storage.PrimaryKey.Of("b")]);
        var second = new RowsDeleted(7, 101, [3, 4], [Storage.PrimaryKey.Of(42)]);
        using (var log = new DataLog(Folder))
        {
            log.Replay(_ => { });
            log.WaitDurable(log.Append(first));
            log.WaitDurable(log.Append(second));
            log.WaitDurable(log.Append(new SegmentsSealed(7)));
        }
        var bytes = File.ReadAllBytes(LogPath);
        bytes[^1] ^= 0xFF; // the last record's payload no longer matches its checksum
        File.WriteAllBytes(LogPath, bytes);

        var survivors = ReplayFolder();
        Assert.Equal(2, survivors.Count);
        var a = Assert.IsType<RowsDeleted>(survivors[0]);
        Assert.Equal((7L, 100UL, (long[]?)null), (a.CollectionId, a.Timestamp, a.PartitionIds));
        Assert.Equal(first.Keys, a.Keys);
        var b = Assert.IsType<RowsDeleted>(survivors[1]);
        Assert.Equal([3L, 4], b.PartitionIds!);
        Assert.Equal(second.Keys, b.Keys);

        // That replay cut the damaged record off: a new one follows the second.
        using (var log = new DataLog(Folder))
        {
            log.Replay(_ => { });
            log.WaitDurable(log.Append(new CollectionTruncated(8)));
        }
        var after = ReplayFolder();
        Assert.Equal(3, after.Count);
        Assert.Equal(new CollectionTruncated(8), after[2]);
    }

    [Fact]
    public void A_log_the_snapshot_already_holds_is_not_replayed_twice()
    {
        Directory.CreateDirectory(Folder);
        byte[] oldLog;
        using (var log = new DataLog(Folder))
        {
            log.Replay(_ => { });
            log.WaitDurable(log.Append(new SegmentsSealed(1)));
            log.WaitDurable(log.Append(new SegmentsSealed(2)));
            oldLog = File.ReadAllBytes(LogPath);
            log.WriteSnapshot([new TimestampWatermark(99)]);
        }
        Assert.Equal(DataLog.HeaderLength, new FileInfo(LogPath).Length);
        // As if the process died after the snapshot was renamed into place but before the log was started afresh.
        File.WriteAllBytes(LogPath, oldLog);

        Assert.Equal([new TimestampWatermark(99)], ReplayFolder());
    }

    [Fact]
    public void A_damaged_snapshot_stops_the_start_rather_than_losing_rows_silently()
    {
        Directory.CreateDirectory(Folder);
        using (var log = new DataLog(Folder))
        {
            log.Replay(_ => { });
            log.WriteSnapshot([new TimestampWatermark(1), new SegmentsSealed(5)]);
        }
        var bytes = File.ReadAllBytes(SnapshotPath);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(SnapshotPath, bytes);

        var error = Assert.Throws<DataFolderException>(() => ReplayFolder());
        Assert.Contains("data.snapshot' is damaged", error.Message);
    }
}
