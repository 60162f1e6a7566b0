using System.Collections;
using System.Management.Automation;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Search;

/// <summary>What both search cmdlets share: the collection, output fields, partitions, consistency, and hits as objects.</summary>
public abstract class SearchCmdletBase : MilvusConnectedCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("CollectionName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.CollectionNameCompleter))]
    public string Collection { get; set; } = string.Empty;

    /// <summary>Fields to return with each hit ("*" for all, dynamic field names too).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.FieldNameCompleter))]
    public string[]? OutputField { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.PartitionNameCompleter))]
    public string[]? Partition { get; set; }

    [Parameter]
    public MilvusConsistencyLevel ConsistencyLevel { get; set; } = MilvusConsistencyLevel.Bounded;

    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    protected MilvusConsistencyLevel? RequestedConsistency =>
        MyInvocation.BoundParameters.ContainsKey(nameof(ConsistencyLevel)) ? ConsistencyLevel : null;

    /// <summary>Each hit as one object: QueryIndex, Rank, Id, Distance, then the output fields as properties.</summary>
    protected void WriteHits(IEnumerable<MilvusSearchHit> hits)
    {
        foreach (var hit in hits)
        {
            var o = PSObject.AsPSObject(hit);
            foreach (var (name, value) in hit.Fields)
                if (o.Properties[name] is null) o.Properties.Add(new PSNoteProperty(name, value is System.Text.Json.JsonElement j ? RowReader.FromJson(j) : value));
            WriteObject(o);
        }
    }

    protected static Dictionary<string, object?> Table(Hashtable? table)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (table is null) return result;
        foreach (DictionaryEntry e in table) result[e.Key.ToString() ?? string.Empty] = RowReader.Plain(e.Value);
        return result;
    }
}
