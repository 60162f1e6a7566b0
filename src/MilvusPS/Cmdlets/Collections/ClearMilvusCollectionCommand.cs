using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>Deletes every entity of a collection but keeps its schema, indexes and aliases (TruncateCollection, Milvus 2.6.11+).</summary>
[Cmdlet(VerbsCommon.Clear, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByInputObject)]
public sealed class ClearMilvusCollectionCommand : MilvusCollectionCmdlet
{
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, name) = TargetCollection(connection);
        var target = Describe(connection, database, name);
        try
        {
            // Check the version before asking: a question about something the server cannot do helps no one.
            connection.Capabilities.Require("TruncateCollection", "TruncateCollection", target);
            if (!ShouldChange(target, "Delete every entity of the Milvus collection (truncate); this cannot be undone", Force)) return;
            RunAsync(token => connection.TruncateCollectionAsync(database, name, token));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
    }
}
