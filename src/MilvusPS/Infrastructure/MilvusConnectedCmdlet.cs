using System.Management.Automation;
using MilvusPS.Core.Connection;

namespace MilvusPS.Infrastructure;

/// <summary>A cmdlet that talks to a server: -Connection, else this runspace's default connection.</summary>
public abstract class MilvusConnectedCmdlet : MilvusCmdlet
{
    /// <summary>The connection to use; defaults to the one Connect-Milvus made the default in this runspace.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public MilvusConnection? Connection { get; set; }

    /// <summary>The connection this call uses; a terminating ConnectionNotFound error when there is none.</summary>
    protected MilvusConnection ResolveConnection()
    {
        var connection = Connection ?? RunspaceSession.Current.Default;
        if (connection is null)
            ThrowError(new InvalidOperationException("There is no Milvus connection. Run Connect-Milvus first, or pass -Connection."),
                "ConnectionNotFound", ErrorCategory.ObjectNotFound, null);
        if (!connection!.IsOpen)
            ThrowError(new InvalidOperationException($"The connection to {connection.Uri} is closed. Run Connect-Milvus again."),
                "ConnectionClosed", ErrorCategory.InvalidOperation, connection);
        return connection;
    }
}
