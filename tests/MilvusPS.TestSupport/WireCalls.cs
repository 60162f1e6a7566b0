using Grpc.Net.Client;
using MilvusPS.Protocol;

namespace MilvusPS.TestSupport;

/// <summary>
/// Raw wire calls for test setup that no cmdlet offers yet (e.g. creating an index before the index issue).
/// Uses the generated client directly, so the module under test stays in its own load context.
/// </summary>
public static class WireCalls
{
    public static Task<GrpcChannel> OpenAsync(Uri uri) => Task.FromResult(GrpcChannel.ForAddress(uri));

    /// <summary>Inserts rows (id 0..count-1, a FloatVector "v" of the given dim) and flushes, so they sit in sealed segments.</summary>
    public static async Task InsertAndFlushAsync(GrpcChannel channel, string collection, int count, int dim)
    {
        var client = new MilvusService.MilvusServiceClient(channel);
        for (var start = 0; start < count; start += 50_000)
        {
            var n = Math.Min(50_000, count - start);
            var ids = new FieldData { FieldName = "id", Type = DataType.Int64, Scalars = new ScalarField { LongData = new LongArray() } };
            ids.Scalars.LongData.Data.AddRange(Enumerable.Range(start, n).Select(i => (long)i));
            var vectors = new FieldData { FieldName = "v", Type = DataType.FloatVector, Vectors = new VectorField { Dim = dim, FloatVector = new FloatArray() } };
            vectors.Vectors.FloatVector.Data.AddRange(Enumerable.Range(0, n * dim).Select(i => (float)(i % 97) / 97f));
            var request = new InsertRequest { CollectionName = collection, NumRows = (uint)n };
            request.FieldsData.Add(ids);
            request.FieldsData.Add(vectors);
            var result = await client.InsertAsync(request);
            if (result.Status.Code != 0) throw new InvalidOperationException($"Insert failed: {result.Status.Reason}");
        }
        var flush = new FlushRequest();
        flush.CollectionNames.Add(collection);
        var flushed = await client.FlushAsync(flush);
        if (flushed.Status.Code != 0) throw new InvalidOperationException($"Flush failed: {flushed.Status.Reason}");
    }

    public static async Task CreateIndexAsync(GrpcChannel channel, string collection, string field, string metric = "COSINE")
    {
        var client = new MilvusService.MilvusServiceClient(channel);
        var request = new CreateIndexRequest { CollectionName = collection, FieldName = field };
        request.ExtraParams.Add(new Protocol.KeyValuePair { Key = "index_type", Value = "AUTOINDEX" });
        request.ExtraParams.Add(new Protocol.KeyValuePair { Key = "metric_type", Value = metric });
        var status = await client.CreateIndexAsync(request);
        if (status.Code != 0) throw new InvalidOperationException($"CreateIndex failed: {status.Reason}");
    }
}
