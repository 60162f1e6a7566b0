using System.Collections;
using System.Management.Automation;
using MilvusPS.Core.Errors;
using MilvusPS.Core.Operations;
using MilvusPS.Core.Schema;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>
/// Creates a collection: quickly (-Dimension: an id and a vector field, an AUTOINDEX on the vector with
/// -MetricType, loaded, like MilvusClient's quick setup), from a schema object (New-MilvusSchema), or
/// from a YAML/JSON schema file (-Path).
/// </summary>
[Cmdlet(VerbsCommon.New, "MilvusCollection", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = QuickSet)]
[OutputType(typeof(MilvusCollection))]
public sealed class NewMilvusCollectionCommand : MilvusConnectedCmdlet
{
    private const string QuickSet = "Quick";
    private const string SchemaSet = "Schema";
    private const string PathSet = "Path";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = QuickSet)]
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = SchemaSet)]
    [Parameter(Position = 0, ParameterSetName = PathSet)]
    [Alias("CollectionName")]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>Quick setup: the vector dimension.</summary>
    [Parameter(Mandatory = true, ParameterSetName = QuickSet)]
    [ValidateRange(1, 32768)]
    public int Dimension { get; set; }

    /// <summary>Quick setup: the metric of the vector index (COSINE, L2, IP).</summary>
    [Parameter(ParameterSetName = QuickSet)]
    [ValidateSet("COSINE", "L2", "IP")]
    public string MetricType { get; set; } = "COSINE";

    /// <summary>Quick setup: the primary key type.</summary>
    [Parameter(ParameterSetName = QuickSet)]
    [ValidateSet("Int64", "VarChar")]
    public string IdType { get; set; } = "Int64";

    /// <summary>Quick setup: the server generates primary keys.</summary>
    [Parameter(ParameterSetName = QuickSet)]
    public SwitchParameter AutoId { get; set; }

    /// <summary>Quick setup: the primary key field's name.</summary>
    [Parameter(ParameterSetName = QuickSet)]
    public string PrimaryField { get; set; } = "id";

    /// <summary>Quick setup: the vector field's name.</summary>
    [Parameter(ParameterSetName = QuickSet)]
    public string VectorField { get; set; } = "vector";

    /// <summary>Quick setup: max_length of a VarChar primary key.</summary>
    [Parameter(ParameterSetName = QuickSet)]
    [ValidateRange(1, 65535)]
    public int MaxLength { get; set; } = 512;

    /// <summary>Quick setup: create the collection without the index and without loading it.</summary>
    [Parameter(ParameterSetName = QuickSet)]
    public SwitchParameter NoLoad { get; set; }

    /// <summary>The schema (New-MilvusSchema).</summary>
    [Parameter(Mandatory = true, ParameterSetName = SchemaSet, ValueFromPipeline = true)]
    public MilvusCollectionSchema? Schema { get; set; }

    /// <summary>A YAML or JSON schema file.</summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    public string? Path { get; set; }

    /// <summary>Enable the dynamic field ($meta) for keys not in the schema (the quick setup always has it, as MilvusClient's does).</summary>
    [Parameter(ParameterSetName = SchemaSet)]
    public SwitchParameter EnableDynamicField { get; set; }

    [Parameter(ParameterSetName = QuickSet)]
    [Parameter(ParameterSetName = SchemaSet)]
    [ValidateRange(1, 256)]
    public int ShardsNum { get; set; } = 1;

    [Parameter(ParameterSetName = QuickSet)]
    [Parameter(ParameterSetName = SchemaSet)]
    public MilvusConsistencyLevel ConsistencyLevel { get; set; } = MilvusConsistencyLevel.Bounded;

    /// <summary>Partitions for a partition-key collection (default 16 on the server).</summary>
    [Parameter(ParameterSetName = SchemaSet)]
    [ValidateRange(1, 4096)]
    public long NumPartitions { get; set; }

    /// <summary>Collection properties, e.g. @{ 'collection.ttl.seconds' = 86400 }.</summary>
    [Parameter]
    public Hashtable? Property { get; set; }

    /// <summary>The database to create it in; the connection's current one when omitted.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(Infrastructure.Completion.DatabaseNameCompleter))]
    public string? Database { get; set; }

    protected override void ProcessRecord()
    {
        var connection = ResolveConnection();
        var database = string.IsNullOrEmpty(Database) ? connection.Database : Database!;
        var (name, schema, shards, consistency, numPartitions, properties) = Definition();
        if (!ShouldProcess(database == connection.Database ? name : $"{database}.{name}", $"Create Milvus collection ({string.Join(", ", schema.UserFields.Select(f => f.ToString()))})")) return;
        try
        {
            var created = RunAsync(async token =>
            {
                await connection.CreateCollectionAsync(database, name, schema, shards, consistency, properties, numPartitions, token).ConfigureAwait(false);
                if (ParameterSetName == QuickSet && !NoLoad)
                {
                    // What MilvusClient's quick setup does: index the vector field, then load.
                    var index = new Dictionary<string, string> { ["index_type"] = "AUTOINDEX", ["metric_type"] = MetricType };
                    await connection.CreateIndexAsync(database, name, VectorField, VectorField, index, token).ConfigureAwait(false);
                    await connection.LoadAsync(database, name, new LoadRequest(), token).ConfigureAwait(false);
                }
                return await connection.DescribeCollectionWithDetailsAsync(database, name, rowCount: false, token).ConfigureAwait(false);
            });
            WriteObject(created);
        }
        catch (MilvusException e)
        {
            WriteMilvusError(e, name);
        }
        catch (ArgumentException e)
        {
            WriteError(new ErrorRecord(e, "FieldDefaultValueInvalid", ErrorCategory.InvalidArgument, name));
        }
    }

    private (string, MilvusCollectionSchema, int, MilvusConsistencyLevel, long, IReadOnlyDictionary<string, string>?) Definition()
    {
        var properties = PropertyTable.From(Property);
        switch (ParameterSetName)
        {
            case SchemaSet:
                if (EnableDynamicField) Schema!.EnableDynamicField = true;
                return (Name!, Schema!, ShardsNum, ConsistencyLevel, NumPartitions, properties);
            case PathSet:
                CollectionDefinition definition;
                try
                {
                    definition = SchemaFile.Load(GetUnresolvedProviderPathFromPSPath(Path));
                }
                catch (FileNotFoundException e)
                {
                    ThrowError(e, "SchemaFileNotFound", ErrorCategory.ObjectNotFound, Path);
                    throw;
                }
                catch (InvalidDataException e)
                {
                    ThrowError(e, "SchemaFileInvalid", ErrorCategory.InvalidData, Path);
                    throw;
                }
                var name = Name ?? definition.Name;
                if (string.IsNullOrEmpty(name))
                    ThrowError(new ArgumentException($"Give -Name, or a 'name' in {Path}."), "CollectionNameMissing", ErrorCategory.InvalidArgument, Path);
                var merged = new Dictionary<string, string>(definition.Properties);
                foreach (var (k, v) in properties ?? new Dictionary<string, string>()) merged[k] = v;
                return (name!, definition.Schema, definition.ShardsNum, definition.ConsistencyLevel, definition.NumPartitions, merged);
            default:
                var schema = new MilvusCollectionSchema { EnableDynamicField = true };
                var idType = IdType == "VarChar" ? MilvusDataType.VarChar : MilvusDataType.Int64;
                schema.Fields.Add(new MilvusField(PrimaryField, idType) { IsPrimaryKey = true, AutoId = AutoId, MaxLength = idType == MilvusDataType.VarChar ? MaxLength : null });
                schema.Fields.Add(new MilvusField(VectorField, MilvusDataType.FloatVector) { Dimension = Dimension });
                return (Name!, schema, ShardsNum, ConsistencyLevel, 0, properties);
        }
    }
}
