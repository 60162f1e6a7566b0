using MilvusPS.Emulator.Errors;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Query;

/// <summary>A compiled, type-checked filter expression; evaluate it per row.</summary>
public sealed class CompiledFilter
{
    private readonly Pred? _root;

    internal CompiledFilter(string expression, Pred? root, IReadOnlyList<string> fields)
    {
        Expression = expression;
        _root = root;
        ReferencedFields = fields;
    }

    /// <summary>The expression as given.</summary>
    public string Expression { get; }

    /// <summary>True for an empty (whitespace-only) expression: every row matches.</summary>
    public bool MatchesAll => _root is null;

    /// <summary>Stored field names the filter reads (the dynamic field appears as its stored name, e.g. <c>$meta</c>).</summary>
    public IReadOnlyList<string> ReferencedFields { get; }

    /// <summary>
    /// True when the row matches. Milvus null semantics: a comparison with a null value is unknown, <c>not</c> of
    /// unknown stays unknown, <c>and</c>/<c>or</c> follow three-valued logic, and unknown at the top is no match.
    /// </summary>
    public bool Evaluate(IRowAccessor row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return _root is null || _root.Eval(row) == true;
    }
}

/// <summary>
/// Compiles Milvus boolean filter expressions (<c>Query.expr</c>, <c>Search.dsl</c>, <c>Delete.expr</c>) against a collection
/// schema. Errors are thrown as <see cref="MilvusError"/> ParameterInvalid (code 1100) with Milvus's reason:
/// <c>&lt;context&gt;: cannot parse expression: &lt;expr&gt;, error: &lt;detail&gt;: invalid parameter</c>.
/// </summary>
public static class FilterCompiler
{
    /// <summary>The proxy's wrapper for Query and Search (<c>merr.WrapErrParameterInvalidMsg("failed to create query plan: %v", err)</c>).</summary>
    public const string QueryPlanContext = "failed to create query plan";

    /// <param name="expression">The filter; null/empty/whitespace matches every row.</param>
    /// <param name="schema">The collection schema (the catalogue's, including <c>$meta</c> when dynamic).</param>
    /// <param name="enableDynamicField">Whether unknown names resolve to keys of the dynamic field.</param>
    /// <param name="templates">Values for <c>{name}</c> placeholders (<c>expr_template_values</c>).</param>
    /// <param name="errorContext">The outer message Milvus puts before the parser's error.</param>
    public static CompiledFilter Compile(
        string? expression,
        CollectionSchema schema,
        bool enableDynamicField,
        IReadOnlyDictionary<string, TemplateValue>? templates = null,
        string errorContext = QueryPlanContext)
    {
        ArgumentNullException.ThrowIfNull(schema);
        expression ??= string.Empty;
        try
        {
            return CompileCore(expression, schema, enableDynamicField, templates);
        }
        catch (FilterPlanException e)
        {
            throw MilvusError.ParameterInvalidMsg($"{errorContext}: {e.Message}");
        }
    }

    /// <summary>The plan parser's own error text (without the proxy's context); for callers that wrap differently.</summary>
    internal sealed class FilterPlanException(string message) : Exception(message);

    internal static CompiledFilter CompileCore(string expression, CollectionSchema schema, bool enableDynamicField, IReadOnlyDictionary<string, TemplateValue>? templates)
    {
        if (string.IsNullOrWhiteSpace(expression)) return new CompiledFilter(expression, null, []);

        Bound bound;
        try
        {
            var (root, parser, complete) = FilterParser.Parse(expression);
            if (!complete) throw new FilterSemanticException($"invalid expression: {expression}");
            bound = new FilterBinder(schema, enableDynamicField, parser).Bind(root);
        }
        catch (FilterSyntaxException e)
        {
            throw new FilterPlanException($"cannot parse expression: {expression}, error: {e.Message}");
        }
        catch (FilterSemanticException e)
        {
            throw new FilterPlanException(e.Detail is null
                ? $"cannot parse expression: {expression}"
                : $"cannot parse expression: {expression}, error: {e.Detail}");
        }

        if (bound.Type != DataType.Bool || bound.NodeDependent)
            throw new FilterPlanException($"predicate is not a boolean expression: {expression}, data type: {DataTypes.GoName(bound.Type)}");

        var pred = bound switch
        {
            PredBound p => p.Pred,
            ValueBound { Value: { } v } => new ConstPred(v.Bool),
            _ => throw new FilterPlanException($"cannot parse expression: {expression}"),
        };

        var values = new Dictionary<string, FilterValue?>(StringComparer.Ordinal);
        if (templates is not null)
        {
            foreach (var (name, value) in templates) values[name] = FilterValue.FromTemplate(value);
        }
        var fields = new List<string>();
        Fill(pred, values, fields);
        return new CompiledFilter(expression, pred, fields);
    }

    private static void Fill(Pred pred, Dictionary<string, FilterValue?> values, List<string> fields)
    {
        foreach (var field in FieldsOf(pred))
        {
            if (!fields.Contains(field)) fields.Add(field);
        }
        foreach (var slot in pred.Slots)
        {
            if (slot.Template is null) continue;
            slot.Value = FillSlot(slot, values);
            slot.Runtime = slot.Value.ToRuntime();
        }
        foreach (var child in pred.Children) Fill(child, values, fields);
    }

    private static IEnumerable<string> FieldsOf(Pred pred)
    {
        foreach (var f in pred.GetType().GetFields(System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance))
        {
            if (f.GetValue(pred) is Column c) yield return c.FieldName;
        }
    }

    // FillExpressionValue (fill_expression_value.go): the texts of 2.5's fmt.Errorf versions.
    private static FilterValue FillSlot(Slot slot, Dictionary<string, FilterValue?> values)
    {
        string name = slot.Template!;
        if (!values.TryGetValue(name, out var value))
            throw new FilterPlanException($"the value of expression template variable name {{{name}}} is not found");
        try
        {
            switch (slot.Use)
            {
                case SlotUse.Term:
                    {
                        if (value is null || value.Kind != ValueKind.Array)
                            throw new FilterPlanException($"the value of term expression template variable {{{name}}} is not array");
                        return FilterValue.OfArray(value.Items!.Select(e => FilterBinder.CastValue(slot.CastTo, e)).ToList());
                    }
                case SlotUse.Like:
                    if (value is null) throw new FilterPlanException($"the value of expression template variable {{{name}}} is nil");
                    if (value.Kind != ValueKind.String)
                        throw new FilterPlanException($"the value of like expression template variable {{{name}}} is not string");
                    return value;
                case SlotUse.ContainsArray:
                    if (value is null || value.Kind != ValueKind.Array)
                        throw new FilterPlanException($"the value of json contains expression template variable {{{name}}} is not array"); // unverified text
                    return value;
                case SlotUse.ContainsOne:
                    if (value is null) throw new FilterPlanException($"the value of expression template variable {{{name}}} is nil");
                    return slot.CastTo == DataType.Json ? value : FilterBinder.CastValue(slot.CastTo, value);
                case SlotUse.Range:
                    if (value is null) throw new FilterPlanException($"the value of expression template variable {{{name}}} is nil");
                    return FilterBinder.CastRangeValue(slot.CastTo, value);
                default:
                    if (value is null) throw new FilterPlanException($"the value of expression template variable {{{name}}} is nil");
                    return FilterBinder.CastValue(slot.CastTo, value);
            }
        }
        catch (FilterSemanticException e)
        {
            throw new FilterPlanException(e.Message);
        }
    }
}
