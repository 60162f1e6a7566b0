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
[Cmdlet(VerbsCommon.Remove, "MilvusDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = "Name")]
public sealed class RemoveMilvusDatabaseCommand : MilvusConnectedCmdlet
{
    /// <summary>The database's name.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = "Name")]
    [Alias("DbName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string Name { get; set; } = string.Empty;

    /// <summary>A database from Get-MilvusDatabase.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = "InputObject")]
    [ValidateNotNull]
    public MilvusDatabase? InputObject { get; set; }

    /// <summary>Drop without asking, including the database's collections.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is not null) Name = InputObject.Name;
        var connection = ResolveConnection();
        try
        {
            // Milvus never drops 'default': let the server say so before anything inside it is touched.
            var collections = Name == MilvusConnection.DefaultDatabase ? [] : RunAsync(token => connection.ListCollectionsAsync(Name, token));
            var what = collections.Count == 0 ? "Drop the empty Milvus database" : $"Drop the Milvus database and its {collections.Count} collection(s): {string.Join(", ", collections.Take(10).Select(c => c.Name))}{(collections.Count > 10 ? ", ..." : "")}";
            if (!ShouldChange(Name, what, Force)) return;
            if (collections.Count > 0)
            {
                if (!ShouldContinueDangerous($"Database '{Name}' holds {collections.Count} collection(s). Dropping it drops them and all their data. Continue?", "Drop a database that is not empty", Force)) return;
                // Milvus refuses to drop a collection that aliases point to: aliases go first.
                foreach (var alias in RunAsync(token => connection.ListAliasesAsync(Name, null, token)))
                {
                    WriteVerbose($"Dropping alias {Name}.{alias.Alias}.");
                    RunAsync(token => connection.DropAliasAsync(Name, alias.Alias, token));
                }
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
