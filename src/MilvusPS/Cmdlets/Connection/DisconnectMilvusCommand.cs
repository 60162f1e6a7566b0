using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Connection;

/// <summary>Closes a connection (by default this runspace's default connection).</summary>
[Cmdlet(VerbsCommunications.Disconnect, "Milvus", DefaultParameterSetName = OneSet)]
public sealed class DisconnectMilvusCommand : MilvusCmdlet
{
    private const string OneSet = "Connection";
    private const string AllSet = "All";

    /// <summary>The connection to close; the default connection when omitted.</summary>
    [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = OneSet)]
    public MilvusConnection? Connection { get; set; }

    /// <summary>Close every connection this runspace opened.</summary>
    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        var session = RunspaceSession.Current;
        if (All)
        {
            List<MilvusConnection> open;
            lock (session.Connections) open = [.. session.Connections];
            foreach (var c in open) Close(session, c);
            return;
        }
        var connection = Connection ?? session.Default;
        if (connection is null)
        {
            ThrowError(new InvalidOperationException("There is no Milvus connection to close."), "ConnectionNotFound", ErrorCategory.ObjectNotFound, null);
            return;
        }
        Close(session, connection);
    }

    private void Close(RunspaceSession session, MilvusConnection connection)
    {
        WriteVerbose($"Closing the connection to {connection.Uri}.");
        session.Remove(connection);
        connection.Dispose();
    }
}
