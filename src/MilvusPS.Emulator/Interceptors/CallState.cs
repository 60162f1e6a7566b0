using Grpc.Core;
using MilvusPS.Emulator.Catalog;

namespace MilvusPS.Emulator.Interceptors;

/// <summary>What the interceptors learned about a call: its RPC, user and database.</summary>
internal sealed class CallState
{
    private const string Key = "MilvusPS.Emulator.Call";
    public const string DatabaseHeader = "dbname";

    private CallState(string service, string rpc)
    {
        Service = service;
        Rpc = rpc;
    }

    public string Service { get; }
    /// <summary>The gRPC method name, e.g. "GetVersion".</summary>
    public string Rpc { get; }
    /// <summary>The authenticated user; null when authentication is off.</summary>
    public string? User { get; set; }
    /// <summary>The database from the <c>dbname</c> metadata, "default" when missing or empty.</summary>
    public string Database { get; set; } = MilvusCatalog.DefaultDatabaseName;
    /// <summary>The <c>identifier</c> metadata (from Connect), if the client sent one.</summary>
    public long? Identifier { get; set; }

    public static CallState Of(ServerCallContext context)
    {
        if (context.UserState.TryGetValue(Key, out var existing) && existing is CallState s) return s;
        var (service, rpc) = SplitMethod(context.Method);
        var state = new CallState(service, rpc)
        {
            Database = MilvusCatalog.Normalize(context.RequestHeaders.GetValue(DatabaseHeader)),
        };
        context.UserState[Key] = state;
        return state;
    }

    /// <summary>"/milvus.proto.milvus.MilvusService/GetVersion" → ("milvus.proto.milvus.MilvusService", "GetVersion").</summary>
    public static (string Service, string Rpc) SplitMethod(string method)
    {
        var trimmed = method.TrimStart('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? (string.Empty, trimmed) : (trimmed[..slash], trimmed[(slash + 1)..]);
    }
}
