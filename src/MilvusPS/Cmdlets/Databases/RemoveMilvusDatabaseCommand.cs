using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Databases;

/// <summary>
/// Drops a database. Milvus refuses a database that still has collections: with confirmation (or -Force)
/// the collections are dropped first, which loses their data for good.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "MilvusDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = ByName)]
public sealed class RemoveMilvusDatabaseCommand : MilvusDatabaseCmdlet
{
    /// <summary>Drop without asking, including the database's collections.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var name = DatabaseName;
        var connection = ResolveConnection();
        try
        {
            // Milvus never drops 'default': let the server say so before anything inside it is touched.
            var collections = name == MilvusConnection.DefaultDatabase ? [] : RunAsync(token => connection.ListCollectionsAsync(name, token));
            var what = collections.Count == 0 ? "Drop the empty Milvus database" : $"Drop the Milvus database and its {collections.Count} collection(s): {string.Join(", ", collections.Take(10).Select(c => c.Name))}{(collections.Count > 10 ? ", ..." : "")}";
            if (!ShouldChange(name, what, Force)) return;
            if (collections.Count > 0)
            {
                if (!ShouldContinueDangerous($"Database '{name}' holds {collections.Count} collection(s). Dropping it drops them and all their data. Continue?", "Drop a database that is not empty", Force)) return;
                // Milvus refuses to drop a collection that aliases point to: aliases go first.
                foreach (var alias in RunAsync(token => connection.ListAliasesAsync(name, null, token)))
                {
                    WriteVerbose($"Dropping alias {name}.{alias.Alias}.");
                    RunAsync(token => connection.DropAliasAsync(name, alias.Alias, token));
                }
                foreach (var c in collections)
                {
                    WriteVerbose($"Dropping collection {name}.{c.Name}.");
                    RunAsync(token => connection.DropCollectionAsync(name, c.Name, token));
                }
            }
            RunAsync(token => connection.DropAsync(name, token));
            if (name == connection.Database)
                WriteWarning($"The connection's current database '{name}' no longer exists. Run Use-MilvusDatabase to switch.");
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, name);
        }
    }
}
