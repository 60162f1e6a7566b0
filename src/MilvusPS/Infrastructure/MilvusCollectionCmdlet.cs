using System.Management.Automation;
using MilvusPS.Core.Connection;
using MilvusPS.Core.Operations;

namespace MilvusPS.Infrastructure;

/// <summary>
/// A cmdlet aimed at one collection: -Collection (bound by property name, so MilvusPartition, MilvusAlias and
/// similar objects pipe in) or -InputObject (a MilvusCollection from Get-MilvusCollection), plus -Database.
/// </summary>
public abstract class MilvusCollectionCmdlet : MilvusConnectedCmdlet
{
    protected const string ByName = "ByName";
    // The InputObject set is the default on purpose: PowerShell first tries to bind pipeline input to the
    // default set, and a MilvusCollection's Database property would bind there by name and strand it.
    protected const string ByInputObject = "InputObject";

    /// <summary>The collection (or an alias of it).</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
    [Alias("CollectionName")]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(Completion.CollectionNameCompleter))]
    public string Collection { get; set; } = string.Empty;

    /// <summary>A collection from Get-MilvusCollection.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ByInputObject, ValueFromPipeline = true)]
    [ValidateNotNull]
    public MilvusCollection? InputObject { get; set; }

    /// <summary>The database of the collection; the connection's current database when omitted.</summary>
    [Parameter(ParameterSetName = ByName, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    /// <summary>The database and collection this record is about.</summary>
    protected (string Database, string Collection) TargetCollection(MilvusConnection connection) =>
        InputObject is not null
            ? (InputObject.Database, InputObject.Name)
            : (string.IsNullOrEmpty(Database) ? connection.Database : Database!, Collection);

    /// <summary>A readable target for messages: the collection, with its database when it is not the current one.</summary>
    protected static string Describe(MilvusConnection connection, string database, string collection) =>
        database == connection.Database ? collection : $"{database}.{collection}";
}
