using System.Collections;
using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Indexes;

/// <summary>Sets or removes index properties (mmap.enabled).</summary>
[Cmdlet(VerbsCommon.Set, "MilvusIndex", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByInputObject)]
[OutputType(typeof(MilvusIndexSummary))]
public sealed class SetMilvusIndexCommand : MilvusIndexCmdlet
{
    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("IndexName")]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    public Hashtable? Property { get; set; }

    [Parameter]
    public string[]? RemoveProperty { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, collection) = TargetCollection(connection);
        var target = $"{Describe(connection, database, collection)}.{Name}";
        var change = DescribePropertyChange(Property, RemoveProperty, target);
        try
        {
            // Check the version before asking: a question about something the server cannot do helps no one.
            connection.Capabilities.Require("AlterIndex", "AlterIndex", target);
            if (RemoveProperty is { Length: > 0 }) connection.Capabilities.Require("DeleteIndexProperties", "AlterIndex", target);
            if (!ShouldProcess(target, $"Alter Milvus index properties ({change})")) return;
            RunAsync(token => connection.AlterIndexAsync(database, collection, Name, PropertyTable.From(Property), RemoveProperty, token));
            if (PassThru)
            {
                var index = RunAsync(token => connection.ListIndexesAsync(database, collection, token, indexName: Name)).Single();
                index.Collection = collection;
                index.Database = database;
                WriteObject(index);
            }
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
    }
}
