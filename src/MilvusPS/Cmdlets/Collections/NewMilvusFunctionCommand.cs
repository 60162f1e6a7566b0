using System.Collections;
using System.Management.Automation;
using MilvusPS.Core.Schema;
using MilvusPS.Infrastructure;

namespace MilvusPS.Cmdlets.Collections;

/// <summary>Makes a schema function, e.g. BM25 from a VarChar field (with analyzer) to a SparseFloatVector field (Milvus 2.5+).</summary>
[Cmdlet(VerbsCommon.New, "MilvusFunction")]
[OutputType(typeof(MilvusFunction))]
public sealed class NewMilvusFunctionCommand : MilvusCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = string.Empty;

    [Parameter]
    public MilvusFunctionType Type { get; set; } = MilvusFunctionType.BM25;

    [Parameter(Mandatory = true)]
    public string[] InputField { get; set; } = [];

    [Parameter(Mandatory = true)]
    public string[] OutputField { get; set; } = [];

    [Parameter]
    public Hashtable? Parameter { get; set; }

    [Parameter]
    public string Description { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        var function = new MilvusFunction(Name, Type, InputField, OutputField) { Description = Description };
        foreach (var (k, v) in PropertyTable.From(Parameter) ?? new Dictionary<string, string>()) function.Parameters[k] = v;
        WriteObject(function);
    }
}
