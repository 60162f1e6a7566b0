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
