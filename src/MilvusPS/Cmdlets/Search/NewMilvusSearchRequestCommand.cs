using System.Collections;
using System.Management.Automation;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Search;

/// <summary>Makes one search (vector field, query vectors, limit, filter, parameters) for Invoke-MilvusHybridSearch; nothing is sent.</summary>
[Cmdlet(VerbsCommon.New, "MilvusSearchRequest")]
[OutputType(typeof(MilvusSearchRequest))]
public sealed class NewMilvusSearchRequestCommand : MilvusCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [Alias("Field")]
    public string AnnsField { get; set; } = string.Empty;

    /// <summary>Query vectors: numbers for one vector, or several arrays; hashtables for sparse; text for a BM25 field.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public object[] Vector { get; set; } = [];

    [Parameter]
    [ValidateRange(1, 16384)]
    public int Limit { get; set; } = 10;

    [Parameter]
    [Alias("Expr")]
    public string? Filter { get; set; }

    [Parameter]
    public string? MetricType { get; set; }

    /// <summary>Search parameters such as @{ ef = 64 } or @{ nprobe = 16 }.</summary>
    [Parameter]
    public Hashtable? SearchParameter { get; set; }

    protected override void ProcessRecord()
    {
        var request = new MilvusSearchRequest { AnnsField = AnnsField, Limit = Limit, Filter = Filter, MetricType = MetricType };
        request.Vectors.AddRange(QueryVectors.From(Vector));
        if (SearchParameter is not null)
            foreach (DictionaryEntry e in SearchParameter) request.Parameters[e.Key.ToString()!] = RowReader.Plain(e.Value);
        WriteObject(request);
    }
}
