using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Search;

/// <summary>
/// Hybrid search: several searches (New-MilvusSearchRequest, e.g. a dense and a sparse field) fused by a
/// reranker: RRF (-RrfK) or weighted (-Weight, one per request; scores normalized unless -NoNormalize).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "MilvusHybridSearch", DefaultParameterSetName = RrfSet)]
[OutputType(typeof(MilvusSearchHit))]
public sealed class InvokeMilvusHybridSearchCommand : SearchCmdletBase
{
    private const string RrfSet = "Rrf";
    private const string WeightedSet = "Weighted";
    private readonly List<MilvusSearchRequest> _requests = [];

    [Parameter(Mandatory = true, Position = 1, ValueFromPipeline = true)]
    public MilvusSearchRequest[] Request { get; set; } = [];

    /// <summary>Reciprocal rank fusion's k (0 &lt; k &lt; 16384).</summary>
    [Parameter(ParameterSetName = RrfSet)]
    [ValidateRange(1, 16383)]
    public int RrfK { get; set; } = 60;

    /// <summary>Weighted fusion: one weight in [0, 1] per request.</summary>
    [Parameter(Mandatory = true, ParameterSetName = WeightedSet)]
    public double[] Weight { get; set; } = [];

    /// <summary>Weighted fusion without normalizing each search's scores first.</summary>
    [Parameter(ParameterSetName = WeightedSet)]
    public SwitchParameter NoNormalize { get; set; }

    [Parameter]
    [ValidateRange(1, 16384)]
    [Alias("TopK")]
    public int Limit { get; set; } = 10;

    [Parameter]
    [ValidateRange(0, 16383)]
    public int Offset { get; set; }

    [Parameter]
    [ValidateRange(-1, 6)]
    public int RoundDecimal { get; set; } = -1;

    protected override void ProcessRecord() => _requests.AddRange(Request);

    protected override void EndProcessing()
    {
        var connection = ResolveConnection();
        var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
        var reranker = ParameterSetName == WeightedSet ? MilvusReranker.Weighted(Weight, !NoNormalize) : MilvusReranker.Rrf(RrfK);
        try
        {
            WriteHits(RunAsync(token => connection.HybridSearchAsync(database, Collection, _requests, reranker, Limit, Offset, RoundDecimal, OutputField, Partition, RequestedConsistency, token)));
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, Collection);
        }
    }
}
