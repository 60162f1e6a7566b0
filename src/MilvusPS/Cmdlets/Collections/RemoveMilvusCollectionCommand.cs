using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>
/// Drops a collection and all its data. A loaded collection, or one that aliases point to, gets a second
/// question (unless -Force); its aliases are dropped first, since Milvus refuses to drop an aliased collection.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByInputObject)]
public sealed class RemoveMilvusCollectionCommand : MilvusCollectionCmdlet
{
    /// <summary>Drop without asking, even when loaded or aliased.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, name) = TargetCollection(connection);
        var target = Describe(connection, database, name);
        try
        {
            var collection = RunAsync(token => connection.DescribeCollectionAsync(database, name, token));
            var state = RunAsync(token => connection.GetLoadStateAsync(database, collection.Name, null, token));
            var warnings = new List<string>();
            if (state is MilvusLoadState.Loaded or MilvusLoadState.Loading) warnings.Add("it is loaded and serving searches");
            if (collection.Aliases.Count > 0) warnings.Add($"aliases point to it ({string.Join(", ", collection.Aliases)}); they are dropped too");
            var action = "Drop Milvus collection and all its data" + (warnings.Count > 0 ? $" ({string.Join("; ", warnings)})" : string.Empty);
            if (!ShouldChange(target, action, Force)) return;
            if (warnings.Count > 0 && !ShouldContinueDangerous($"Collection '{target}': {string.Join("; ", warnings)}. Drop it anyway?", "Drop a collection in use", Force)) return;
            RunAsync(async token =>
            {
                foreach (var alias in collection.Aliases) await connection.DropAliasAsync(database, alias, token).ConfigureAwait(false);
                await connection.DropCollectionAsync(database, collection.Name, token).ConfigureAwait(false);
            });
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
    }
}
