using System.Collections;
using System.Management.Automation;
using System.Text.Json;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Indexes;

/// <summary>
/// Builds an index on a field. The index type, metric and build parameters are checked against the field's
/// data type before anything is sent; -Wait shows progress until every row is indexed.
/// </summary>
[Cmdlet(VerbsCommon.New, "MilvusIndex", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ByInputObject)]
[OutputType(typeof(MilvusIndexSummary))]
public sealed class NewMilvusIndexCommand : MilvusIndexCmdlet
{
    /// <summary>The field to index.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [Alias("FieldName")]
    [ArgumentCompleter(typeof(Infrastructure.Completion.FieldNameCompleter))]
    public string Field { get; set; } = string.Empty;

    /// <summary>HNSW, IVF_FLAT, DISKANN, AUTOINDEX (the default), INVERTED, BITMAP, STL_SORT, Trie, ...</summary>
    [Parameter(Position = 2)]
    [ArgumentCompleter(typeof(Infrastructure.Completion.IndexTypeCompleter))]
    public string IndexType { get; set; } = "AUTOINDEX";

    /// <summary>L2, IP, COSINE (float vectors), HAMMING, JACCARD (binary), IP or BM25 (sparse); the type's default when omitted.</summary>
    [Parameter]
    public string? MetricType { get; set; }

    /// <summary>Build parameters, e.g. @{ M = 16; efConstruction = 200 } or @{ nlist = 1024 }.</summary>
    [Parameter]
    [Alias("Params")]
    public Hashtable? Parameter { get; set; }

    /// <summary>The index name; the field name when omitted.</summary>
    [Parameter]
    [Alias("IndexName")]
    public string? Name { get; set; }

    /// <summary>Wait until every row is indexed, showing progress.</summary>
    [Parameter]
    public SwitchParameter Wait { get; set; }

    [Parameter]
    [ValidateRange(1, 86400)]
    public int TimeoutSec { get; set; } = 600;

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var (database, collection) = TargetCollection(connection);
        var indexName = Name ?? Field;
        var target = $"{Describe(connection, database, collection)}.{Field}";
        try
        {
            var described = RunAsync(token => connection.DescribeCollectionAsync(database, collection, token));
            var field = described.Schema.Fields.FirstOrDefault(f => f.Name == Field)
                ?? throw MilvusErrors.NotFound("CreateIndex", target, "FieldNotFound", $"field not found[field={Field}]", 1700);
            var buildParams = PropertyTable.From(Parameter) ?? new Dictionary<string, string>();
            connection.CheckIndex(described.Name, field, IndexType, MetricType, buildParams);
            var wire = new Dictionary<string, string> { ["index_type"] = IndexType };
            if (MetricType is not null) wire["metric_type"] = MetricType;
            // Build parameters travel as one JSON object under "params", as Milvus's SDKs send them.
            if (buildParams.Count > 0) wire["params"] = JsonSerializer.Serialize(Parameter!.Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString()!, e => e.Value is PSObject p ? p.BaseObject : e.Value));
            var what = $"Build {IndexType} index '{indexName}'{(MetricType is null ? "" : $" ({MetricType})")}{(buildParams.Count > 0 ? " with " + string.Join(", ", buildParams.Select(p => $"{p.Key}={p.Value}")) : "")}";
            if (!ShouldProcess(target, what)) return;
            RunAsync(token => connection.CreateIndexAsync(database, described.Name, Field, indexName, wire, token));
            MilvusIndexSummary index;
            if (Wait) index = WaitForIndex(connection, database, described.Name, indexName, TimeoutSec);
            else index = RunAsync(token => connection.ListIndexesAsync(database, described.Name, token, indexName: indexName)).Single();
            index.Collection = described.Name;
            index.Database = database;
            WriteObject(index);
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, target);
        }
    }
}
