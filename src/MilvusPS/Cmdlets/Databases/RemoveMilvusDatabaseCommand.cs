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
[Cmdlet(VerbsCommon.Remove, "MilvusDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveMilvusDatabaseCommand : MilvusConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("DbName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>Drop without asking, including the database's collections.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        try
        {
            var collections = RunAsync(token => connection.ListCollectionsAsync(Name, token));
            var what = collections.Count == 0 ? "Drop the empty Milvus database" : $"Drop the Milvus database and its {collections.Count} collection(s): {string.Join(", ", collections.Take(10).Select(c => c.Name))}{(collections.Count > 10 ? ", ..." : "")}";
            if (!ShouldChange(Name, what, Force)) return;
            if (collections.Count > 0)
            {
                if (!ShouldContinueDangerous($"Database '{Name}' holds {collections.Count} collection(s). Dropping it drops them and all their data. Continue?", "Drop a database that is not empty", Force)) return;
                foreach (var c in collections)
                {
                    WriteVerbose($"Dropping collection {Name}.{c.Name}.");
                    RunAsync(token => connection.DropCollectionAsync(Name, c.Name, token));
                }
            }
            RunAsync(token => connection.DropAsync(Name, token));
            if (Name == connection.Database)
                WriteWarning($"The connection's current database '{Name}' no longer exists. Run Use-MilvusDatabase to switch.");
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Name);
        }
    }
}
