using System.Management.Automation;
using MilvusPS.Core.Schema;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>Makes a collection schema from fields (New-MilvusField) and functions (New-MilvusFunction), for New-MilvusCollection -Schema.</summary>
[Cmdlet(VerbsCommon.New, "MilvusSchema")]
[OutputType(typeof(MilvusCollectionSchema))]
public sealed class NewMilvusSchemaCommand : MilvusCmdlet
{
    private readonly List<MilvusField> _fields = [];

    /// <summary>The fields, in order.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    public MilvusField[] Field { get; set; } = [];

    [Parameter]
    public MilvusFunction[]? Function { get; set; }

    [Parameter]
    public string Description { get; set; } = string.Empty;

    /// <summary>Keep keys not in the schema in the dynamic field ($meta).</summary>
    [Parameter]
    public SwitchParameter EnableDynamicField { get; set; }

    protected override void ProcessRecord() => _fields.AddRange(Field);

    protected override void EndProcessing()
    {
        var schema = new MilvusCollectionSchema { Description = Description, EnableDynamicField = EnableDynamicField };
        schema.Fields.AddRange(_fields);
        foreach (var f in Function ?? [])
        {
            schema.Functions.Add(f);
            foreach (var output in f.OutputFields)
                if (schema.Fields.FirstOrDefault(x => x.Name == output) is { } o) o.IsFunctionOutput = true;
        }
        if (schema.PrimaryKey is null)
            ThrowError(new ArgumentException("A schema needs a primary key field (New-MilvusField -PrimaryKey)."), "SchemaPrimaryKeyMissing", ErrorCategory.InvalidArgument, null);
        var duplicate = schema.Fields.GroupBy(f => f.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            ThrowError(new ArgumentException($"The field name '{duplicate.Key}' is used twice."), "SchemaFieldDuplicate", ErrorCategory.InvalidArgument, duplicate.Key);
        WriteObject(schema);
    }
}
