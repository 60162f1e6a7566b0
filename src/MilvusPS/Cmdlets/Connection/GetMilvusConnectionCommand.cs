using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Connection;

/// <summary>Gets this runspace's default connection, or with -All every open connection it made.</summary>
[Cmdlet(VerbsCommon.Get, "MilvusConnection")]
[OutputType(typeof(MilvusConnection))]
public sealed class GetMilvusConnectionCommand : MilvusCmdlet
{
    /// <summary>Every open connection of this runspace, the default first.</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        var session = RunspaceSession.Current;
        if (All)
        {
            List<MilvusConnection> open;
            lock (session.Connections) open = session.Connections.Where(c => c.IsOpen).ToList();
            foreach (var c in open.OrderBy(c => ReferenceEquals(c, session.Default) ? 0 : 1)) WriteObject(c);
            return;
        }
        if (session.Default is { IsOpen: true } connection)
        {
            WriteObject(connection);
            return;
        }
        WriteError(new ErrorRecord(new InvalidOperationException("There is no default Milvus connection. Run Connect-Milvus first."),
            "ConnectionNotFound", ErrorCategory.ObjectNotFound, null));
    }
}
