using Grpc.Core;
using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Hosting;
using MilvusPS.Emulator.Interceptors;
using MilvusPS.Protocol;
using WireStatus = MilvusPS.Protocol.Status;

namespace MilvusPS.Emulator.Services;

/// <summary>
/// The MilvusService facade: wire message in, domain call, wire message out. One partial file per area
/// (System.cs now; Databases.cs, Collections.cs, ... later). Every RPC not overridden here keeps the
/// generated behaviour, gRPC UNIMPLEMENTED: nothing pretends to work.
/// </summary>
internal sealed partial class MilvusServiceFacade : MilvusService.MilvusServiceBase
{
    private readonly EmulatorState _state;

    public MilvusServiceFacade(EmulatorState state) => _state = state;

    /// <summary>A success Status (all defaults).</summary>
    private static WireStatus Ok() => StatusFactory.Success();

    /// <summary>A response of any type carrying <paramref name="error"/> in its Status.</summary>
    private static Task<TResponse> Fail<TResponse>(MilvusError error) where TResponse : class =>
        Task.FromResult(ResponseStatus.Fail<TResponse>(error));

    private static CallState Call(ServerCallContext context) => CallState.Of(context);

    /// <summary>The request's db_name, else the <c>dbname</c> metadata, else "default" (the proxy's database interceptor).</summary>
    private static string Db(ServerCallContext context, string? requestDb) =>
        Catalog.MilvusCatalog.Normalize(string.IsNullOrEmpty(requestDb) ? Call(context).Database : requestDb);

    private static IEnumerable<KeyValuePair<string, string>> Pairs(IEnumerable<MilvusPS.Protocol.KeyValuePair> items) =>
        items.Select(p => new KeyValuePair<string, string>(p.Key, p.Value));

    private static Task<WireStatus> Done() => Task.FromResult(Ok());
}
