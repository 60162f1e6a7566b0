using System.Collections;
using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Databases;

/// <summary>Creates a database, optionally with properties (database.replica.number, database.max.collections...).</summary>
[Cmdlet(VerbsCommon.New, "MilvusDatabase", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(MilvusDatabase))]
public sealed class NewMilvusDatabaseCommand : MilvusConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("DbName")]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    /// <summary>Database properties, e.g. @{ 'database.max.collections' = 10 }.</summary>
    [Parameter]
    public Hashtable? Property { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        if (!ShouldProcess(Name, "Create Milvus database")) return;
        try
        {
            RunAsync(token => connection.CreateAsync(Name, PropertyTable.From(Property), token));
            WriteObject(RunAsync(token => connection.DescribeAsync(Name, token)));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Name);
        }
    }
}
