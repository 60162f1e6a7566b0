using System.Text.Json;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Query;

internal enum CmpOp { Lt, Le, Gt, Ge, Eq, Ne }

internal enum ArithOp { Add, Sub, Mul, Div, Mod, ArrayLength }

internal enum ContainsOp { Contains, ContainsAll, ContainsAny }

/// <summary>A resolved column reference (Milvus planpb.ColumnInfo): the stored field, its types and the nested JSON/array path.</summary>
internal sealed record Column(string FieldName, DataType DataType, DataType ElementType, IReadOnlyList<string> Path)
{
    /// <summary>The type values at this column compare as: the element type for <c>arr[i]</c>, else the field type.</summary>
    public DataType ValueType => DataType == DataType.Array && Path.Count > 0 ? ElementType : DataType;
    public bool IsJson => DataType == DataType.Json;
}

/// <summary>How a template placeholder is filled (Milvus FillExpressionValue per expression kind).</summary>
internal enum SlotUse { Scalar, Term, Range, ContainsOne, ContainsArray, Like, Arith }

/// <summary>A constant operand that may be a template placeholder until filled.</summary>
internal sealed class Slot
{
    public FilterValue? Value { get; set; }
    public string? Template { get; init; }
    public SlotUse Use { get; init; }
    /// <summary>Type the filled value is cast to (castValue).</summary>
    public DataType CastTo { get; init; }
    /// <summary>Runtime form of <see cref="Value"/>, computed once.</summary>
    public object? Runtime { get; set; }

    public static Slot Of(FilterValue v, SlotUse use = SlotUse.Scalar) => new() { Value = v, Use = use, Runtime = v.ToRuntime() };
}

/// <summary>A bound, type-checked predicate. Eval returns true/false, or null for SQL-style unknown (a null operand).</summary>
internal abstract class Pred
{
    public abstract bool? Eval(IRowAccessor row);
    public virtual IEnumerable<Pred> Children => [];
    public virtual IEnumerable<Slot> Slots => [];
}

internal sealed class ConstPred(bool value) : Pred
{
    public bool Value { get; } = value;
    public override bool? Eval(IRowAccessor row) => Value;
}

internal sealed class NotPred(Pred child) : Pred
{
    public override bool? Eval(IRowAccessor row) => child.Eval(row) is bool b ? !b : null;
    public override IEnumerable<Pred> Children => [child];
}

internal sealed class AndPred(Pred left, Pred right) : Pred
{
    public override bool? Eval(IRowAccessor row)
    {
        var l = left.Eval(row);
        if (l == false) return false;
        var r = right.Eval(row);
        if (r == false) return false;
        return l is null || r is null ? null : true;
    }
    public override IEnumerable<Pred> Children => [left, right];
}

internal sealed class OrPred(Pred left, Pred right) : Pred
{
    public override bool? Eval(IRowAccessor row)
    {
        var l = left.Eval(row);
        if (l == true) return true;
        var r = right.Eval(row);
        if (r == true) return true;
        return l is null || r is null ? null : false;
    }
    public override IEnumerable<Pred> Children => [left, right];
}

/// <summary><c>column op value</c> (Milvus UnaryRangeExpr).</summary>
internal sealed class CompareValuePred(Column column, CmpOp op, Slot value) : Pred
{
    public override bool? Eval(IRowAccessor row)
    {
        var state = RowValues.Resolve(column, row, out var v);
        if (state == ResolveState.Null) return null;
        if (state == ResolveState.Missing) return column.IsJson && op == CmpOp.Ne;
        return RowValues.Apply(v!, op, value.Runtime!, column);
    }
    public override IEnumerable<Slot> Slots => [value];
}

/// <summary><c>column like pattern</c>: % any run, _ one character, backslash escapes the next character.</summary>
internal sealed class LikePred(Column column, Slot pattern) : Pred
{
    public override bool? Eval(IRowAccessor row)
    {
        var state = RowValues.Resolve(column, row, out var v);
        if (state == ResolveState.Null) return null;
        if (state == ResolveState.Missing || v is not string s) return false;
        return LikePattern.Matches(s, (string)pattern.Runtime!);
    }
    public override IEnumerable<Slot> Slots => [pattern];
}

/// <summary><c>lower &lt;(=) column &lt;(=) upper</c> (Milvus BinaryRangeExpr).</summary>
internal sealed class RangePred(Column column, Slot lower, bool lowerInclusive, Slot upper, bool upperInclusive) : Pred
{
    public override bool? Eval(IRowAccessor row)
    {
        var state = RowValues.Resolve(column, row, out var v);
        if (state == ResolveState.Null) return null;
        if (state == ResolveState.Missing) return false;
        var lo = RowValues.Apply(v!, lowerInclusive ? CmpOp.Ge : CmpOp.Gt, lower.Runtime!, column, jsonMismatch: false);
        if (lo != true) return lo;
        return RowValues.Apply(v!, upperInclusive ? CmpOp.Le : CmpOp.Lt, upper.Runtime!, column, jsonMismatch: false);
    }
    public override IEnumerable<Slot> Slots => [lower, upper];
}

/// <summary><c>(column arith operand) op value</c> and <c>array_length(column) op value</c> (Milvus BinaryArithOpEvalRangeExpr).</summary>
internal sealed class ArithComparePred(Column column, ArithOp arith, Slot? operand, CmpOp op, Slot value) : Pred
{
    public override bool? Eval(IRowAccessor row)
    {
        var state = RowValues.Resolve(column, row, out var v);
        if (state == ResolveState.Null) return null;
        if (state == ResolveState.Missing) return false;
        object? computed;
        if (arith == ArithOp.ArrayLength)
        {
            computed = v is IReadOnlyList<object?> list ? (long)list.Count : null;
        }
        else
        {
            computed = RowValues.Arith(v!, arith, operand!.Runtime!);
        }
        if (computed is null) return false;
        return RowValues.Apply(computed, op, value.Runtime!, column with { Path = [], DataType = column.ValueType == DataType.Float ? DataType.Float : DataType.Double }, jsonMismatch: false);
    }
    public override IEnumerable<Slot> Slots => operand is null ? [value] : [operand, value];
}

/// <summary><c>left op right</c> between two columns (Milvus CompareExpr).</summary>
internal sealed class CompareColumnsPred(Column left, Column right, CmpOp op) : Pred
{
    public override bool? Eval(IRowAccessor row)
    {
        var ls = RowValues.Resolve(left, row, out var l);
        var rs = RowValues.Resolve(right, row, out var r);
        if (ls == ResolveState.Null || rs == ResolveState.Null) return null;
        if (ls == ResolveState.Missing || rs == ResolveState.Missing) return false;
        return RowValues.Apply(l!, op, r!, left, jsonMismatch: false);
    }
}

/// <summary><c>column in [values]</c> (Milvus TermExpr); <c>not in</c> is a NotPred around it.</summary>
internal sealed class TermPred(Column column, Slot values) : Pred
{
    public override bool? Eval(IRowAccessor row)
    {
        var state = RowValues.Resolve(column, row, out var v);
        if (state == ResolveState.Null) return null;
        if (state == ResolveState.Missing) return false;
        foreach (var candidate in (IReadOnlyList<object?>)values.Runtime!)
        {
            if (RowValues.Apply(v!, CmpOp.Eq, candidate!, column, jsonMismatch: false) == true) return true;
        }
        return false;
    }
    public override IEnumerable<Slot> Slots => [values];
}

/// <summary>json_contains / array_contains and their _all/_any forms (Milvus JSONContainsExpr).</summary>
internal sealed class ContainsPred(Column column, ContainsOp op, Slot elements) : Pred
{
    public override bool? Eval(IRowAccessor row)
    {
        var state = RowValues.Resolve(column, row, out var v);
        if (state == ResolveState.Null) return null;
        if (state == ResolveState.Missing || v is not IReadOnlyList<object?> list) return false;
        bool Has(object? e) => list.Any(x => x is not null && e is not null && RowValues.Equal(x, e) == true);
        return op switch
        {
            ContainsOp.Contains => Has(elements.Runtime),
            ContainsOp.ContainsAll => ((IReadOnlyList<object?>)elements.Runtime!).All(Has),
            _ => ((IReadOnlyList<object?>)elements.Runtime!).Any(Has),
        };
    }
    public override IEnumerable<Slot> Slots => [elements];
}

/// <summary><c>exists j["k"]</c>: the key is present (with a non-null value; <c>j["k"] is null</c> is <c>not exists</c>).</summary>
internal sealed class ExistsPred(Column column) : Pred
{
    public override bool? Eval(IRowAccessor row) => RowValues.Resolve(column, row, out var v) == ResolveState.Value && v is not JsonNull;
}

/// <summary><c>field is [not] null</c> on a whole column (Milvus NullExpr).</summary>
internal sealed class NullPred(Column column, bool isNull) : Pred
{
    public override bool? Eval(IRowAccessor row) => (row.Get(column.FieldName) is null) == isNull;
}

/// <summary>
/// TEXT_MATCH / PHRASE_MATCH with the field's analyzer, as tantivy-binding runs them (phrase_match_query and
/// match_query_with_minimum in milvus-io/milvus; slop semantics from the zilliztech/tantivy PhraseScorer).
/// TEXT_MATCH: at least <c>minimum</c> of the query's tokens (counted with repeats, one clause each) occur in the
/// row (default 1 = any). PHRASE_MATCH: every query token occurs, and positions can be chosen so that each token's
/// position minus its position in the query stays within a window of <c>slop</c> — so slop 0 is the exact phrase,
/// and a large enough slop also matches the words out of order. A query of at most one token is a TEXT_MATCH.
/// </summary>
internal sealed class TextMatchPred : Pred
{
    private readonly Column _column;
    private readonly Text.Analyzer _analyzer;
    private readonly IReadOnlyList<Text.AnalyzerToken> _query;
    private readonly bool _phrase;
    private readonly long _minimumOrSlop;

    public TextMatchPred(Column column, Text.Analyzer analyzer, string query, bool phrase, long minimumOrSlop)
    {
        _column = column;
        _analyzer = analyzer;
        _query = analyzer.Analyze(query);
        _phrase = phrase && _query.Count > 1;
        _minimumOrSlop = phrase && !_phrase ? 1 : minimumOrSlop;
    }

    public override bool? Eval(IRowAccessor row)
    {
        var state = RowValues.Resolve(_column, row, out var v);
        if (state == ResolveState.Null) return null;
        if (v is not string text || _query.Count == 0) return false;
        var tokens = _analyzer.Analyze(text);
        if (!_phrase)
        {
            var present = new HashSet<string>(tokens.Select(t => t.Text), StringComparer.Ordinal);
            return _query.Count(q => present.Contains(q.Text)) >= Math.Max(1, _minimumOrSlop);
        }
        // Per query token, the row positions where it could sit, shifted by its position in the query.
        var shifted = _query.Select(q => tokens.Where(t => t.Text == q.Text).Select(t => (long)t.Position - q.Position).ToArray()).ToArray();
        if (shifted.Any(s => s.Length == 0)) return false;
        // A window [start, start + slop] must hold one shifted position of every query token; a best window starts at one of them.
        return shifted.SelectMany(s => s).Distinct().Any(start => shifted.All(s => s.Any(p => p >= start && p - start <= _minimumOrSlop)));
    }
}

/// <summary>RANDOM_SAMPLE(f): keeps a random fraction of the rows its predicate matches.</summary>
internal sealed class RandomSamplePred(double factor, Pred? predicate) : Pred
{
    public double Factor { get; } = factor;
    public Pred? Predicate { get; } = predicate;

    public override bool? Eval(IRowAccessor row)
    {
        if (Predicate is not null && Predicate.Eval(row) != true) return false;
        return Random.Shared.NextDouble() < Factor;
    }
    public override IEnumerable<Pred> Children => Predicate is null ? [] : [Predicate];
}

internal static class LikePattern
{
    /// <summary>SQL LIKE with Milvus's wildcards: <c>%</c> any run, <c>_</c> one character, <c>\</c> escapes the next character.</summary>
    public static bool Matches(string s, string pattern) => Match(s, 0, pattern, 0);

    private static bool Match(string s, int si, string p, int pi)
    {
        while (pi < p.Length)
        {
            char c = p[pi];
            if (c == '%')
            {
                while (pi < p.Length && p[pi] == '%') pi++;
                if (pi == p.Length) return true;
                for (int k = si; k <= s.Length; k++)
                {
                    if (Match(s, k, p, pi)) return true;
                }
                return false;
            }
            if (si >= s.Length) return false;
            if (c == '_') { si++; pi++; continue; }
            if (c == '\\' && pi + 1 < p.Length) { c = p[pi + 1]; pi++; }
            if (s[si] != c) return false;
            si++;
            pi++;
        }
        return si == s.Length;
    }
}

internal enum ResolveState { Null, Missing, Value }

/// <summary>A JSON null inside a document (distinct from a null column).</summary>
internal sealed class JsonNull
{
    public static readonly JsonNull Instance = new();
}

/// <summary>Row value access and Milvus comparison semantics.</summary>
internal static class RowValues
{
    public static ResolveState Resolve(Column column, IRowAccessor row, out object? value)
    {
        value = null;
        var raw = row.Get(column.FieldName);
        if (raw is null) return ResolveState.Null;
        if (column.DataType == DataType.Json)
        {
            JsonElement e;
            if (raw is JsonElement je) e = je;
            else if (raw is string text) e = JsonDocument.Parse(text).RootElement;
            else if (raw is JsonDocument doc) e = doc.RootElement;
            else { value = Normalize(raw); return column.Path.Count == 0 ? ResolveState.Value : ResolveState.Missing; }
            if (e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined && column.Path.Count == 0) return ResolveState.Null;
            foreach (var key in column.Path)
            {
                if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(key, out var child)) e = child;
                else if (e.ValueKind == JsonValueKind.Array && int.TryParse(key, out var idx) && idx >= 0 && idx < e.GetArrayLength()) e = e[idx];
                else return ResolveState.Missing;
            }
            value = FromJson(e);
            return ResolveState.Value;
        }
        if (column.DataType == DataType.Array && column.Path.Count > 0)
        {
            if (raw is not System.Collections.IList list) return ResolveState.Missing;
            if (!int.TryParse(column.Path[0], out var idx) || idx < 0 || idx >= list.Count) return ResolveState.Missing;
            value = Normalize(list[idx]);
            return value is null ? ResolveState.Missing : ResolveState.Value;
        }
        value = Normalize(raw);
        return ResolveState.Value;
    }

    /// <summary>Runtime form of a JSON value: long/double/string/bool/list, a JsonElement for objects, JsonNull for null.</summary>
    public static object FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.TryGetInt64(out var l) ? l : e.GetDouble(),
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => e.EnumerateArray().Select(x => (object?)FromJson(x)).ToList(),
        JsonValueKind.Null => JsonNull.Instance,
        _ => e,
    };

    public static object? Normalize(object? v) => v switch
    {
        null => null,
        long or double or string or bool => v,
        int i => (long)i,
        short s => (long)s,
        sbyte sb => (long)sb,
        byte b => (long)b,
        ushort us => (long)us,
        uint ui => (long)ui,
        float f => (double)f,
        decimal m => (double)m,
        JsonElement je => FromJson(je),
        IReadOnlyList<object?> list => list.Select(Normalize).ToList(),
        System.Collections.IEnumerable e and not string => e.Cast<object?>().Select(Normalize).ToList(),
        _ => v,
    };

    /// <summary>
    /// Applies a comparison. A type mismatch (only possible for JSON values) is false, except that <c>!=</c> is true
    /// when <paramref name="jsonMismatch"/> (Milvus's JSON not-equal treats a missing/other-typed value as unequal). // unverified behaviour
    /// </summary>
    public static bool Apply(object lhs, CmpOp op, object rhs, Column column, bool jsonMismatch = true)
    {
        if (column.ValueType == DataType.Float && IsNumber(lhs) && IsNumber(rhs))
        {
            // Float columns compare in single precision, as segcore casts the constant to the column type.
            float a = (float)ToDouble(lhs), b = (float)ToDouble(rhs);
            return Decide(op, a.CompareTo(b));
        }
        if (op is CmpOp.Eq or CmpOp.Ne)
        {
            var eq = Equal(lhs, rhs);
            if (eq is null) return op == CmpOp.Ne && jsonMismatch && column.IsJson;
            return op == CmpOp.Eq ? eq.Value : !eq.Value;
        }
        var cmp = Compare(lhs, rhs);
        return cmp is not null && Decide(op, cmp.Value);
    }

    private static bool Decide(CmpOp op, int cmp) => op switch
    {
        CmpOp.Lt => cmp < 0,
        CmpOp.Le => cmp <= 0,
        CmpOp.Gt => cmp > 0,
        CmpOp.Ge => cmp >= 0,
        CmpOp.Eq => cmp == 0,
        _ => cmp != 0,
    };

    private static bool IsNumber(object v) => v is long or double;
    private static double ToDouble(object v) => v is long l ? l : (double)v;

    public static int? Compare(object a, object b)
    {
        if (a is long la && b is long lb) return la.CompareTo(lb);
        if (IsNumber(a) && IsNumber(b)) return ToDouble(a).CompareTo(ToDouble(b));
        if (a is string sa && b is string sb) return Storage.TextOrder.Compare(sa, sb) switch { < 0 => -1, > 0 => 1, _ => 0 };
        if (a is bool ba && b is bool bb) return ba.CompareTo(bb);
        return null;
    }

    public static bool? Equal(object a, object b)
    {
        if (a is IReadOnlyList<object?> la && b is IReadOnlyList<object?> lb)
        {
            if (la.Count != lb.Count) return false;
            for (int i = 0; i < la.Count; i++)
            {
                if (la[i] is null || lb[i] is null) { if (la[i] != lb[i]) return false; continue; }
                if (Equal(la[i]!, lb[i]!) != true) return false;
            }
            return true;
        }
        var c = Compare(a, b);
        return c is null ? null : c == 0;
    }

    /// <summary>Column arithmetic with a constant: integer arithmetic when both are integers, else double; null when not numeric.</summary>
    public static object? Arith(object lhs, ArithOp op, object operand)
    {
        if (lhs is long a && operand is long b)
        {
            return op switch
            {
                ArithOp.Add => a + b,
                ArithOp.Sub => a - b,
                ArithOp.Mul => a * b,
                ArithOp.Div => b == 0 ? null : a / b,
                ArithOp.Mod => b == 0 ? null : a % b,
                _ => null,
            };
        }
        if (!IsNumber(lhs) || !IsNumber(operand)) return null;
        double x = ToDouble(lhs), y = ToDouble(operand);
        return op switch
        {
            ArithOp.Add => x + y,
            ArithOp.Sub => x - y,
            ArithOp.Mul => x * y,
            ArithOp.Div => x / y,
            ArithOp.Mod => x % y,
            _ => null,
        };
    }
}
