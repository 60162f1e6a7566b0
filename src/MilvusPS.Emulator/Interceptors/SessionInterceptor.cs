using System.Globalization;
using Grpc.Core;
using MilvusPS.Emulator.Hosting;
using MilvusPS.Emulator.Sessions;

namespace MilvusPS.Emulator.Interceptors;

/// <summary>Reads the <c>identifier</c> metadata a connected client sends and marks that client active.</summary>
internal sealed class SessionInterceptor(EmulatorState state) : GateInterceptor
{
    protected override ValueTask CheckAsync(ServerCallContext context)
    {
        var call = CallState.Of(context);
        var text = context.RequestHeaders.GetValue(ClientRegistry.IdentifierHeader);
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var id))
        {
            call.Identifier = id;
            state.Clients.Touch(id);
        }
        return ValueTask.CompletedTask;
    }
}
