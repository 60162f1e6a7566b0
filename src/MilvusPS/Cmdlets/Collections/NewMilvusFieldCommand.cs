using System.Collections;
using System.Management.Automation;
using System.Text.Json;
using MilvusPS.Core.Schema;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>Makes a field definition for New-MilvusSchema or Add-MilvusField (nothing is sent to a server).</summary>
[Cmdlet(VerbsCommon.New, "MilvusField")]
[OutputType(typeof(MilvusField))]
public sealed class NewMilvusFieldCommand : MilvusCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter(Mandatory = true, Position = 1)]
    public MilvusDataType DataType { get; set; }

    /// <summary>Vector dimension (dense vectors; bits for BinaryVector).</summary>
    [Parameter]
    [ValidateRange(1, 262144)]
    public int Dimension { get; set; }

    /// <summary>VarChar maximum length in bytes (also for Array of VarChar).</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int MaxLength { get; set; }

    /// <summary>Array element type.</summary>
    [Parameter]
    public MilvusDataType ElementType { get; set; }

    /// <summary>Array maximum number of elements.</summary>
    [Parameter]
    [ValidateRange(1, 4096)]
    public int MaxCapacity { get; set; }

    [Parameter]
    public SwitchParameter PrimaryKey { get; set; }

    [Parameter]
    public SwitchParameter AutoId { get; set; }

    /// <summary>The field may hold nulls (Milvus 2.5+).</summary>
    [Parameter]
    public SwitchParameter Nullable { get; set; }

    /// <summary>Value used when a row leaves the field out (Milvus 2.5+).</summary>
    [Parameter]
    public object? DefaultValue { get; set; }

    [Parameter]
    public SwitchParameter PartitionKey { get; set; }

    [Parameter]
    public SwitchParameter ClusteringKey { get; set; }

    [Parameter]
    public string Description { get; set; } = string.Empty;

    /// <summary>VarChar: tokenize the text (needed as BM25 input).</summary>
    [Parameter]
    public SwitchParameter EnableAnalyzer { get; set; }

    /// <summary>VarChar: analyzer settings, e.g. @{ type = 'english' }.</summary>
    [Parameter]
    public Hashtable? AnalyzerParams { get; set; }

    /// <summary>VarChar: keep a text-match index.</summary>
    [Parameter]
    public SwitchParameter EnableMatch { get; set; }

    /// <summary>Memory-map the field (mmap.enabled).</summary>
    [Parameter]
    public bool? Mmap { get; set; }

    protected override void ProcessRecord()
    {
        var bound = MyInvocation.BoundParameters;
        var field = new MilvusField(Name, DataType)
        {
            Description = Description,
            IsPrimaryKey = PrimaryKey,
            AutoId = AutoId,
            Dimension = bound.ContainsKey(nameof(Dimension)) ? Dimension : null,
            MaxLength = bound.ContainsKey(nameof(MaxLength)) ? MaxLength : null,
            ElementType = bound.ContainsKey(nameof(ElementType)) ? ElementType : null,
            MaxCapacity = bound.ContainsKey(nameof(MaxCapacity)) ? MaxCapacity : null,
            Nullable = Nullable,
            DefaultValue = DefaultValue is PSObject p ? p.BaseObject : DefaultValue,
            IsPartitionKey = PartitionKey,
            IsClusteringKey = ClusteringKey,
            EnableAnalyzer = EnableAnalyzer,
            AnalyzerParams = AnalyzerParams is null ? null : JsonSerializer.Serialize(ToPlain(AnalyzerParams)),
            EnableMatch = EnableMatch,
            MmapEnabled = Mmap,
        };
        if (field.IsVector && field.DataType != MilvusDataType.SparseFloatVector && field.Dimension is null)
            ThrowError(new ArgumentException($"{DataType} field '{Name}' needs -Dimension."), "FieldDimensionMissing", ErrorCategory.InvalidArgument, Name);
        if (DataType == MilvusDataType.VarChar && field.MaxLength is null)
            ThrowError(new ArgumentException($"VarChar field '{Name}' needs -MaxLength (1 to 65535 bytes)."), "FieldMaxLengthMissing", ErrorCategory.InvalidArgument, Name);
        if (DataType == MilvusDataType.Array && (field.ElementType is null || field.MaxCapacity is null))
            ThrowError(new ArgumentException($"Array field '{Name}' needs -ElementType and -MaxCapacity."), "FieldArrayShapeMissing", ErrorCategory.InvalidArgument, Name);
        if (DataType == MilvusDataType.Array && field.ElementType == MilvusDataType.VarChar && field.MaxLength is null)
            ThrowError(new ArgumentException($"Array field '{Name}' of VarChar needs -MaxLength for its elements (1 to 65535 bytes)."), "FieldMaxLengthMissing", ErrorCategory.InvalidArgument, Name);
        WriteObject(field);
    }

    private static Dictionary<string, object?> ToPlain(IDictionary table)
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (DictionaryEntry e in table)
        {
            var value = e.Value is PSObject p ? p.BaseObject : e.Value;
            result[e.Key.ToString() ?? string.Empty] = value is IDictionary d ? ToPlain(d) : value;
        }
        return result;
    }
}
