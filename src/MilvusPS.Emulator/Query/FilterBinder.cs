using System.Globalization;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Query;

/// <summary>What a visited node yields (Milvus ExprWithType): a constant, a column, an arithmetic term or a predicate.</summary>
internal abstract class Bound
{
    public DataType Type { get; init; }
    /// <summary>Milvus's nodeDependent: true for columns, literals and arithmetic, which cannot be a whole filter.</summary>
    public bool NodeDependent { get; init; }
    public bool IsTemplate { get; init; }
}

internal sealed class ValueBound : Bound
{
    public FilterValue? Value { get; init; }
    public string? Template { get; init; }
}

internal sealed class ColumnBound : Bound
{
    public required Column Column { get; init; }
}

internal sealed class ArithBound : Bound
{
    public required Bound Left { get; init; }
    public Bound? Right { get; init; }
    public ArithOp Op { get; init; }
}

internal sealed class PredBound : Bound
{
    public required Pred Pred { get; init; }
}

/// <summary>
/// The semantic pass: mirrors Milvus's planparserv2 ParserVisitor (parser_visitor.go, utils.go, operators.go) —
/// identifier resolution with the dynamic-field fallback, constant folding, type checks and their error texts.
/// Throws <see cref="FilterSemanticException"/> with the visitor's message.
/// </summary>
internal sealed class FilterBinder
{
    private readonly Dictionary<string, FieldSchema> _fields = new(StringComparer.Ordinal);
    private readonly FieldSchema? _dynamic;
    private readonly FilterParser _parser;

    public FilterBinder(CollectionSchema schema, bool enableDynamicField, FilterParser parser)
    {
        _parser = parser;
        foreach (var f in schema.Fields) _fields.TryAdd(f.Name, f);
        if (enableDynamicField)
        {
            _dynamic = schema.Fields.FirstOrDefault(f => f.IsDynamic && f.DataType == DataType.Json)
                ?? new FieldSchema { Name = "$meta", DataType = DataType.Json, IsDynamic = true };
            _fields.TryAdd(_dynamic.Name, _dynamic);
        }
        else
        {
            // Without the dynamic field, $meta is not addressable even if the stored schema still lists it.
            foreach (var f in schema.Fields.Where(f => f.IsDynamic)) _fields.Remove(f.Name);
        }
    }

    private string Text(SyntaxNode n) => _parser.TextOf(n);

    private static string Go(DataType t) => DataTypes.GoName(t);

    private static FilterSemanticException Error(string message) => new(message);

    public Bound Bind(SyntaxNode node) => node switch
    {
        LiteralNode l => BindLiteral(l),
        IdentifierNode i => new ColumnBound { Column = TranslateIdentifier(i.Name), Type = FieldType(i.Name), NodeDependent = true },
        JsonPathNode j => BindJsonPath(j),
        TemplateNode t => new ValueBound { Template = t.Name, IsTemplate = true, Type = DataType.None },
        ParensNode p => Bind(p.Inner),
        ArrayNode a => BindArray(a),
        UnaryNode u => BindUnary(u),
        BinaryNode b => BindBinary(b),
        TermNode t => BindTerm(t),
        RangeNode r => BindRange(r),
        ExistsNode e => BindExists(e),
        NullTestNode n => BindNullTest(n),
        CallNode c => BindCall(c),
        _ => throw Error("unsupported expression"),
    };

    // ---------- identifiers ----------

    private DataType FieldType(string name) => _fields.TryGetValue(name, out var f) ? f.DataType : DataType.Json;

    private FieldSchema FieldOrDynamic(string name)
    {
        if (_fields.TryGetValue(name, out var f)) return f;
        if (_dynamic is not null) return _dynamic;
        // 2.4+: typeutil.SchemaHelper.GetFieldFromNameDefaultJSON → "field %s not exist"
        // (2.2/2.3 said "there is no dynamic json field in schema, need to specified field name").
        throw Error($"field {name} not exist");
    }

    private Column TranslateIdentifier(string name)
    {
        var field = FieldOrDynamic(name);
        var path = name != field.Name ? new[] { name } : [];
        if (field.DataType == DataType.Text) throw Error($"filter on text field ({field.Name}) is not supported yet");
        return new Column(field.Name, field.DataType, field.ElementType, path);
    }

    private Column JsonPathColumn(string identifier)
    {
        int bracket = identifier.IndexOf('[', StringComparison.Ordinal);
        string fieldName = identifier[..bracket];
        var field = FieldOrDynamic(fieldName);
        if (field.DataType is not (DataType.Json or DataType.Array))
            throw Error($"{Go(field.DataType)} data type not supported accessed with []");
        var path = new List<string>();
        if (fieldName != field.Name) path.Add(fieldName);
        string keys = identifier[bracket..];
        foreach (var raw in keys.Split("]["))
        {
            string key = raw.Trim('[', ']');
            if (key.Length == 0) throw Error($"invalid identifier: {identifier}");
            if ((key.StartsWith('"') && key.EndsWith('"')) || (key.StartsWith('\'') && key.EndsWith('\'')))
            {
                key = key[1..^1];
                if (key.Length == 0) throw Error($"invalid identifier: {identifier}");
                if (field.DataType == DataType.Array) throw Error("can only access array field with integer index");
            }
            else if (!long.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                throw Error($"json key must be enclosed in double quotes or single quotes: \"{key}\"");
            }
            path.Add(key);
        }
        return new Column(field.Name, field.DataType, field.ElementType, path);
    }

    private ColumnBound BindJsonPath(JsonPathNode j)
    {
        var col = JsonPathColumn(j.Text);
        return new ColumnBound { Column = col, Type = col.DataType, NodeDependent = true };
    }

    private Column ChildColumn(SyntaxNode target) => target switch
    {
        IdentifierNode i => TranslateIdentifier(i.Name),
        JsonPathNode j => JsonPathColumn(j.Text),
        _ => throw Error("invalid identifier"),
    };

    // ---------- literals ----------

    private static ValueBound Const(FilterValue v, bool nodeDependent = true) => new() { Value = v, Type = v.DataType, NodeDependent = nodeDependent };

    private static ValueBound BindLiteral(LiteralNode l)
    {
        var t = l.Token;
        switch (t.Kind)
        {
            case TokenKind.Boolean: return Const(FilterValue.OfBool(t.Text is "true" or "True" or "TRUE"));
            case TokenKind.Integer: return Const(FilterValue.OfInt(ParseGoInt(t.Text)));
            case TokenKind.Floating: return Const(FilterValue.OfFloat(ParseGoFloat(t.Text)));
            default: return Const(FilterValue.OfString(FilterLexer.Unquote(t.Text)));
        }
    }

    /// <summary>Go strconv.ParseInt(s, 0, 64): 0x hex, 0b binary, leading-0 octal.</summary>
    private static long ParseGoInt(string s)
    {
        try
        {
            if (s.Length > 2 && s[0] == '0' && s[1] is 'x' or 'X') return checked((long)Convert.ToUInt64(s[2..], 16));
            if (s.Length > 2 && s[0] == '0' && s[1] is 'b' or 'B') return checked((long)Convert.ToUInt64(s[2..], 2));
            if (s.Length > 1 && s[0] == '0') return checked((long)Convert.ToUInt64(s[1..], 8));
            return long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is OverflowException or FormatException)
        {
            throw Error($"strconv.ParseInt: parsing {GoFormat.Quote(s)}: value out of range");
        }
    }

    private static double ParseGoFloat(string s)
    {
        if (s.Length > 2 && s[0] == '0' && s[1] is 'x' or 'X')
        {
            int p = s.IndexOfAny(['p', 'P']);
            string mant = s[2..p];
            int exp = int.Parse(s[(p + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            int dot = mant.IndexOf('.');
            string digits = dot < 0 ? mant : mant.Remove(dot, 1);
            int frac = dot < 0 ? 0 : mant.Length - dot - 1;
            double m = 0;
            foreach (char c in digits) m = m * 16 + Convert.ToInt32(c.ToString(), 16);
            return m * Math.Pow(2, exp - 4 * frac);
        }
        var v = double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (double.IsInfinity(v)) throw Error($"strconv.ParseFloat: parsing {GoFormat.Quote(s)}: value out of range");
        return v;
    }

    private ValueBound BindArray(ArrayNode a)
    {
        var items = new List<FilterValue>();
        foreach (var item in a.Items)
        {
            var b = Bind(item);
            if (b is not ValueBound { Value: { } v }) throw Error($"array element type must be generic value, but got: {Text(item)}");
            items.Add(v);
        }
        return Const(FilterValue.OfArray(items));
    }

    private static FilterValue? GenericValue(Bound b) => b is ValueBound { Value: { } v } ? v : null;

    private static Column? ColumnOf(Bound b) => (b as ColumnBound)?.Column;

    private static DataType ArrayElementType(Bound b) => b switch
    {
        ColumnBound c => c.Column.ElementType,
        ValueBound { Value: { Kind: ValueKind.Array } v } => v.ElementType,
        _ => DataType.None,
    };

    private static void CheckDirectComparisonBinaryField(Bound b)
    {
        if (b is ColumnBound { Column: { DataType: DataType.Array, Path.Count: 0 } })
            throw Error("can not comparisons array fields directly");
    }

    private static bool CanBeExecuted(Bound b) => b.Type == DataType.Bool && !b.NodeDependent;

    private static Pred AsPred(Bound b) => b switch
    {
        PredBound p => p.Pred,
        ValueBound { Value: { Kind: ValueKind.Bool } v } => new ConstPred(v.Bool),
        _ => throw Error("unsupported expression"),
    };

    // ---------- unary ----------

    private Bound BindUnary(UnaryNode u)
    {
        var child = Bind(u.Operand);
        var value = GenericValue(child);
        if (value is not null)
        {
            switch (u.Op.Kind)
            {
                case TokenKind.Add: return child;
                case TokenKind.Sub:
                    if (value.Kind == ValueKind.Float) return Const(FilterValue.OfFloat(-value.Float), false);
                    if (value.Kind == ValueKind.Int) return Const(FilterValue.OfInt(-value.Int), false);
                    throw new FilterSemanticException(null);
                case TokenKind.Not:
                    if (value.Kind != ValueKind.Bool) throw new FilterSemanticException(null);
                    return Const(FilterValue.OfBool(!value.Bool), false);
                default: throw Error($"unexpected op: {u.Op.Text}");
            }
        }
        if (child is PredBound { Pred: RandomSamplePred }) throw Error("random sample expression cannot be used in unary expression");
        CheckDirectComparisonBinaryField(child);
        switch (u.Op.Kind)
        {
            case TokenKind.Add: return child;
            case TokenKind.Not:
                if (!CanBeExecuted(child)) throw Error("not op can only be applied on boolean expression");
                return new PredBound { Pred = new NotPred(AsPred(child)), Type = DataType.Bool, IsTemplate = child.IsTemplate };
            default: throw Error($"unexpected op: {u.Op.Text}");
        }
    }

    // ---------- binary ----------

    private Bound BindBinary(BinaryNode b)
    {
        switch (b.Op.Kind)
        {
            case TokenKind.And:
            case TokenKind.Or: return BindLogical(b);
            case TokenKind.Eq:
            case TokenKind.Ne:
            case TokenKind.Lt:
            case TokenKind.Le:
            case TokenKind.Gt:
            case TokenKind.Ge: return BindComparison(b);
            case TokenKind.Add:
            case TokenKind.Sub:
            case TokenKind.Mul:
            case TokenKind.Div:
            case TokenKind.Mod: return BindArith(b);
            case TokenKind.Pow:
                {
                    var l = Bind(b.Left);
                    var r = Bind(b.Right);
                    var lv = GenericValue(l);
                    var rv = GenericValue(r);
                    if (lv is not null && rv is not null)
                    {
                        if (!lv.IsNumber || !rv.IsNumber) throw new FilterSemanticException(null);
                        return Const(FilterValue.OfFloat(Math.Pow(lv.AsDouble, rv.AsDouble)), false);
                    }
                    throw Error($"power can only apply on constants: {Text(b)}");
                }
            case TokenKind.Like: return BindLike(b);
            case TokenKind.Shl:
            case TokenKind.Shr: throw Error($"shift is not supported: {Text(b)}");
            case TokenKind.BAnd: throw Error($"BitAnd is not supported: {Text(b)}");
            case TokenKind.BOr: throw Error($"BitOr is not supported: {Text(b)}");
            case TokenKind.BXor: throw Error($"BitXor is not supported: {Text(b)}");
            default: throw Error($"regular expression matching is not supported: {Text(b)}"); // =~ / !~ are master/3.0 only; emulator text
        }
    }

    private Bound BindLogical(BinaryNode b)
    {
        bool isAnd = b.Op.Kind == TokenKind.And;
        string name = isAnd ? "and" : "or";
        var left = Bind(b.Left);
        var right = Bind(b.Right);
        var lv = GenericValue(left);
        var rv = GenericValue(right);
        if (lv is not null && rv is not null)
        {
            if (lv.Kind != ValueKind.Bool || rv.Kind != ValueKind.Bool) throw Error($"{name} can only apply on boolean");
            return Const(FilterValue.OfBool(isAnd ? lv.Bool && rv.Bool : lv.Bool || rv.Bool), false);
        }
        if (lv is not null || rv is not null) throw Error($"'{name}' can only be used between boolean expressions");
        bool leftSample = left is PredBound { Pred: RandomSamplePred };
        bool rightSample = right is PredBound { Pred: RandomSamplePred };
        if (isAnd)
        {
            if (leftSample) throw Error("random sample expression can only be the last expression in the logical and expression");
        }
        else if (leftSample || rightSample)
        {
            throw Error("random sample expression cannot be used in logical and expression");
        }
        if (!CanBeExecuted(left) || !CanBeExecuted(right)) throw Error($"'{name}' can only be used between boolean expressions");
        Pred pred;
        if (isAnd && right is PredBound { Pred: RandomSamplePred sample })
        {
            var inner = sample.Predicate is null ? AsPred(left) : new AndPred(AsPred(left), sample.Predicate);
            pred = new RandomSamplePred(sample.Factor, inner);
        }
        else
        {
            pred = isAnd ? new AndPred(AsPred(left), AsPred(right)) : new OrPred(AsPred(left), AsPred(right));
        }
        return new PredBound { Pred = pred, Type = DataType.Bool, IsTemplate = left.IsTemplate || right.IsTemplate };
    }

    private static CmpOp ToCmp(TokenKind k) => k switch
    {
        TokenKind.Lt => CmpOp.Lt,
        TokenKind.Le => CmpOp.Le,
        TokenKind.Gt => CmpOp.Gt,
        TokenKind.Ge => CmpOp.Ge,
        TokenKind.Eq => CmpOp.Eq,
        _ => CmpOp.Ne,
    };

    private static CmpOp Reverse(CmpOp op) => op switch
    {
        CmpOp.Lt => CmpOp.Gt,
        CmpOp.Le => CmpOp.Ge,
        CmpOp.Gt => CmpOp.Lt,
        CmpOp.Ge => CmpOp.Le,
        _ => op,
    };

    private Bound BindComparison(BinaryNode b)
    {
        bool equality = b.Op.Kind is TokenKind.Eq or TokenKind.Ne;
        var left = Bind(b.Left);
        var right = Bind(b.Right);
        var lve = left as ValueBound;
        var rve = right as ValueBound;
        if (lve is not null && rve is not null)
        {
            if (lve.IsTemplate || rve.IsTemplate)
                throw Error($"placeholder was not supported between two constants with operator: {b.Op.Text}");
            var folded = FoldCompare(ToCmp(b.Op.Kind), lve.Value!, rve.Value!)
                ?? throw Error($"comparisons operations cannot be applied to two incompatible operands: {Text(b)}");
            return Const(FilterValue.OfBool(folded), false);
        }
        if (!equality)
        {
            CheckDirectComparisonBinaryField(left);
            CheckDirectComparisonBinaryField(right);
        }
        var pred = HandleCompare(ToCmp(b.Op.Kind), left, right);
        return new PredBound { Pred = pred, Type = DataType.Bool, IsTemplate = left.IsTemplate || right.IsTemplate };
    }

    private static bool? FoldCompare(CmpOp op, FilterValue a, FilterValue b)
    {
        if (op is CmpOp.Eq or CmpOp.Ne)
        {
            bool? eq = null;
            if (a.Kind == ValueKind.Bool && b.Kind == ValueKind.Bool) eq = a.Bool == b.Bool;
            else if (a.Kind != ValueKind.Array && b.Kind != ValueKind.Array) eq = RowValues.Equal(a.ToRuntime(), b.ToRuntime());
            return eq is null ? null : op == CmpOp.Eq ? eq : !eq;
        }
        if (a.Kind is ValueKind.Bool or ValueKind.Array || b.Kind is ValueKind.Bool or ValueKind.Array) return null;
        var c = RowValues.Compare(a.ToRuntime(), b.ToRuntime());
        if (c is null) return null;
        return op switch { CmpOp.Lt => c < 0, CmpOp.Le => c <= 0, CmpOp.Gt => c > 0, _ => c >= 0 };
    }

    private static bool CanBeComparedDataType(DataType left, DataType right) => left switch
    {
        DataType.Bool => DataTypes.IsBool(right) || DataTypes.IsJson(right),
        DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64 or DataType.Float or DataType.Double
            => DataTypes.IsArithmetic(right) || DataTypes.IsJson(right),
        DataType.String or DataType.VarChar => DataTypes.IsString(right) || DataTypes.IsJson(right),
        DataType.Json => true,
        _ => false,
    };

    private static bool CanBeCompared(Bound left, Bound right)
    {
        bool la = left.Type == DataType.Array, ra = right.Type == DataType.Array;
        if (!la && !ra) return CanBeComparedDataType(left.Type, right.Type);
        if (la && ra) return CanBeComparedDataType(ArrayElementType(left), ArrayElementType(right));
        if (la) return CanBeComparedDataType(ArrayElementType(left), right.Type);
        return CanBeComparedDataType(left.Type, ArrayElementType(right));
    }

    private static string DataTypeText(Bound b) =>
        b.Type == DataType.Array ? $"{Go(b.Type)}[{Go(ArrayElementType(b))}]" : Go(b.Type);

    private Pred HandleCompare(CmpOp op, Bound left, Bound right)
    {
        if (!left.IsTemplate && !right.IsTemplate && !CanBeCompared(left, right))
            throw Error($"comparisons between {DataTypeText(left)} and {DataTypeText(right)} are not supported");
        if (left is ValueBound lv) return HandleCompareRightValue(Reverse(op), right, lv);
        if (right is ValueBound rv) return HandleCompareRightValue(op, left, rv);
        var lc = ColumnOf(left);
        var rc = ColumnOf(right);
        if (lc is null || rc is null) throw Error("only comparison between two fields is supported");
        if (lc.IsJson || rc.IsJson) throw Error("two column comparison with JSON type is not supported");
        return new CompareColumnsPred(lc, rc, op);
    }

    private Pred HandleCompareRightValue(CmpOp op, Bound left, ValueBound right)
    {
        var dataType = left.Type;
        if (left is ColumnBound { Column: { DataType: DataType.Array, Path.Count: > 0 } c }) dataType = c.ElementType;
        Slot slot;
        if (!left.IsTemplate && !right.IsTemplate) slot = Slot.Of(CastValue(dataType, right.Value!));
        else slot = MakeSlot(right, SlotUse.Scalar, dataType);

        if (left is ArithBound arith) return HandleBinaryArith(op, arith, left.Type, slot);
        var column = ColumnOf(left) ?? throw Error("not supported to combine multiple fields");
        return new CompareValuePred(column, op, slot);
    }

    private static Slot MakeSlot(ValueBound v, SlotUse use, DataType castTo) =>
        v.IsTemplate ? new Slot { Template = v.Template, Use = use, CastTo = castTo } : new Slot { Value = v.Value, Use = use, CastTo = castTo, Runtime = v.Value!.ToRuntime() };

    private Pred HandleBinaryArith(CmpOp op, ArithBound arith, DataType arithType, Slot value)
    {
        if (arith.Op == ArithOp.ArrayLength)
            return new ArithComparePred(((ColumnBound)arith.Left).Column, ArithOp.ArrayLength, null, op, value);
        var lc = ColumnOf(arith.Left);
        var lv = arith.Left as ValueBound;
        var rc = arith.Right is null ? null : ColumnOf(arith.Right);
        var rv = arith.Right as ValueBound;
        if (lc is not null && rc is not null) throw Error("not supported to do arithmetic operations between multiple fields");
        if (lv is not null && rv is not null) throw Error("unexpected, should be optimized already");
        if (lc is not null && rv is not null) return CombineArith(op, arith.Op, arithType, lc, rv, value);
        if (rc is not null && lv is not null)
        {
            if (arith.Op is ArithOp.Add or ArithOp.Mul) return CombineArith(op, arith.Op, arithType, rc, lv, value);
            throw Error("module field is not yet supported");
        }
        throw Error("complicated arithmetic operations are not supported");
    }

    private static Pred CombineArith(CmpOp op, ArithOp arithOp, DataType arithType, Column column, ValueBound operand, Slot value)
    {
        Slot operandSlot;
        if (!operand.IsTemplate)
        {
            var casted = CastValue(arithType, operand.Value!);
            if (arithOp is ArithOp.Div or ArithOp.Mod && casted.IsNumber && casted.AsDouble == 0)
                throw Error("division or modulus by zero");
            operandSlot = Slot.Of(casted, SlotUse.Arith);
        }
        else
        {
            operandSlot = MakeSlot(operand, SlotUse.Arith, arithType);
        }
        return new ArithComparePred(column, arithOp, operandSlot, op, value);
    }

    /// <summary>Milvus castValue: JSON takes anything; ints widen to floats; otherwise the kinds must match.</summary>
    internal static FilterValue CastValue(DataType dataType, FilterValue value)
    {
        if (DataTypes.IsJson(dataType)) return value;
        if (DataTypes.IsArray(dataType) && value.Kind == ValueKind.Array) return value;
        if (DataTypes.IsString(dataType) && value.Kind == ValueKind.String) return value;
        if (DataTypes.IsBool(dataType) && value.Kind == ValueKind.Bool) return value;
        if (DataTypes.IsFloating(dataType))
        {
            if (value.Kind == ValueKind.Float) return value;
            if (value.Kind == ValueKind.Int) return FilterValue.OfFloat(value.Int);
        }
        if (DataTypes.IsInteger(dataType) && value.Kind == ValueKind.Int) return value;
        throw Error($"cannot cast value to {Go(dataType)}, value: {value.ProtoText()}"); // unverified text (proto text spacing)
    }

    // ---------- arithmetic ----------

    private static readonly Dictionary<TokenKind, (ArithOp Op, string Name)> ArithOps = new()
    {
        [TokenKind.Add] = (ArithOp.Add, "add"),
        [TokenKind.Sub] = (ArithOp.Sub, "subtract"),
        [TokenKind.Mul] = (ArithOp.Mul, "multiply"),
        [TokenKind.Div] = (ArithOp.Div, "divide"),
        [TokenKind.Mod] = (ArithOp.Mod, "modulo"),
    };

    private Bound BindArith(BinaryNode b)
    {
        var (op, opName) = ArithOps[b.Op.Kind];
        var left = Bind(b.Left);
        var right = Bind(b.Right);
        var lve = left as ValueBound;
        var rve = right as ValueBound;
        if (lve is not null && rve is not null)
        {
            if (lve.IsTemplate || rve.IsTemplate)
                throw Error($"placeholder was not supported between two constants with operator: {b.Op.Text}");
            return Const(FoldArith(op, lve.Value!, rve.Value!), false);
        }
        bool reverse = lve is not null;
        CheckDirectComparisonBinaryField(left);
        CheckDirectComparisonBinaryField(right);
        DataType dataType;
        if (left.IsTemplate) dataType = right.Type;
        else if (right.IsTemplate) dataType = left.Type;
        else
        {
            DataType l = left.Type == DataType.Array ? ArrayElementType(left) : left.Type;
            DataType r = right.Type == DataType.Array ? ArrayElementType(right) : right.Type;
            if (reverse) (l, r) = (r, l);
            if (!CanArithmeticDataType(l, r))
                throw Error($"'{opName}' cannot perform arithmetic between {Go(l)} field and {Go(r)}");
            if (op == ArithOp.Mod && (!CanConvertToInteger(left) || !CanConvertToInteger(right)))
                throw Error("modulo can only apply on integer types");
            dataType = reverse ? SameType(right, left) : SameType(left, right);
        }
        return new ArithBound { Left = left, Right = right, Op = op, Type = dataType, NodeDependent = true, IsTemplate = left.IsTemplate || right.IsTemplate };
    }

    private static bool CanConvertToInteger(Bound b) =>
        DataTypes.IsInteger(b.Type) || DataTypes.IsJson(b.Type) || (DataTypes.IsArray(b.Type) && DataTypes.IsInteger(ArrayElementType(b)));

    private static bool CanArithmeticDataType(DataType left, DataType right) => left switch
    {
        DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64 => DataTypes.IsInteger(right) || DataTypes.IsJson(right),
        DataType.Float or DataType.Double => DataTypes.IsArithmetic(right) || DataTypes.IsJson(right),
        DataType.Json => DataTypes.IsArithmetic(right),
        _ => false,
    };

    private static DataType SameType(Bound left, Bound right)
    {
        var l = left.Type == DataType.Array ? ArrayElementType(left) : left.Type;
        var r = right.Type == DataType.Array ? ArrayElementType(right) : right.Type;
        if (DataTypes.IsJson(l))
        {
            if (DataTypes.IsJson(r)) return DataType.Json;
            if (DataTypes.IsFloating(r)) return DataType.Double;
            if (DataTypes.IsInteger(r)) return DataType.Int64;
        }
        if (DataTypes.IsFloating(l) && (DataTypes.IsJson(r) || DataTypes.IsArithmetic(r))) return DataType.Double;
        if (DataTypes.IsInteger(l))
        {
            if (DataTypes.IsFloating(r)) return DataType.Double;
            if (DataTypes.IsInteger(r) || DataTypes.IsJson(r)) return DataType.Int64;
        }
        throw Error($"incompatible data type, {Go(l)}, {Go(r)}");
    }

    private static FilterValue FoldArith(ArithOp op, FilterValue a, FilterValue b)
    {
        switch (op)
        {
            case ArithOp.Div:
                if (a.Kind == ValueKind.Bool || b.Kind == ValueKind.Bool) throw Error("divide cannot apply on bool field");
                if (a.Kind == ValueKind.String || b.Kind == ValueKind.String) throw Error("divide cannot apply on string field");
                if (!a.IsNumber || !b.IsNumber) throw new FilterSemanticException(null);
                if (b.AsDouble == 0) throw Error("cannot divide by zero");
                return a.Kind == ValueKind.Int && b.Kind == ValueKind.Int ? FilterValue.OfInt(a.Int / b.Int) : FilterValue.OfFloat(a.AsDouble / b.AsDouble);
            case ArithOp.Mod:
                if (a.Kind != ValueKind.Int || b.Kind != ValueKind.Int) throw Error("modulo can only apply on integer");
                if (b.Int == 0) throw Error("cannot modulo by zero");
                return FilterValue.OfInt(a.Int % b.Int);
            default:
                if (!a.IsNumber || !b.IsNumber) throw new FilterSemanticException(null);
                if (a.Kind == ValueKind.Int && b.Kind == ValueKind.Int)
                {
                    return FilterValue.OfInt(op switch { ArithOp.Add => a.Int + b.Int, ArithOp.Sub => a.Int - b.Int, _ => a.Int * b.Int });
                }
                return FilterValue.OfFloat(op switch { ArithOp.Add => a.AsDouble + b.AsDouble, ArithOp.Sub => a.AsDouble - b.AsDouble, _ => a.AsDouble * b.AsDouble });
        }
    }

    // ---------- like ----------

    private Bound BindLike(BinaryNode b)
    {
        var left = Bind(b.Left);
        var column = ColumnOf(left) ?? throw Error("like operation on complicated expr is unsupported");
        CheckDirectComparisonBinaryField(left);
        if (!DataTypes.IsString(left.Type) && !DataTypes.IsJson(left.Type)
            && !(DataTypes.IsArray(left.Type) && DataTypes.IsString(column.ElementType)))
            throw Error("like operation on non-string or no-json field is unsupported");
        var pattern = Bind(b.Right);
        Slot slot = pattern switch
        {
            ValueBound { IsTemplate: true } t => MakeSlot(t, SlotUse.Like, DataType.VarChar),
            ValueBound { Value.Kind: ValueKind.String } v => Slot.Of(v.Value!, SlotUse.Like),
            // 2.3–2.5 grammar: `expr LIKE StringLiteral`, so anything else is a syntax error there. // unverified text
            _ => throw Error($"the right operand of like must be a string literal, but got: {Text(b.Right)}"),
        };
        return new PredBound { Pred = new LikePred(column, slot), Type = DataType.Bool, IsTemplate = pattern.IsTemplate };
    }

    // ---------- term ----------

    private Bound BindTerm(TermNode t)
    {
        var child = Bind(t.Left);
        if (GenericValue(child) is not null)
            throw Error($"'term' can only be used on non-const expression, but got: {Text(t.Left)}");
        var column = ColumnOf(child) ?? throw Error($"'term' can only be used on single field, but got: {Text(t.Left)}");
        var dataType = column.ValueType;
        var term = Bind(t.Right);
        Slot slot;
        if (term is ValueBound { IsTemplate: true } tv) slot = MakeSlot(tv, SlotUse.Term, dataType);
        else
        {
            var value = GenericValue(term) ?? throw Error($"value '{Text(t.Right)}' in list cannot be a non-const expression");
            if (value.Kind != ValueKind.Array) throw Error($"the right-hand side of 'in' must be a list, but got: {Text(t.Right)}");
            var casted = new List<FilterValue>();
            foreach (var e in value.Items!)
            {
                try { casted.Add(CastValue(dataType, e)); }
                catch (FilterSemanticException) { throw Error($"value '{e.ProtoText()}' in list cannot be casted to {Go(dataType)}"); }
            }
            slot = Slot.Of(FilterValue.OfArray(casted), SlotUse.Term);
        }
        Pred pred = new TermPred(column, slot);
        if (t.Not) pred = new NotPred(pred);
        return new PredBound { Pred = pred, Type = DataType.Bool, IsTemplate = term.IsTemplate };
    }

    // ---------- range ----------

    private Bound BindRange(RangeNode r)
    {
        var column = ChildColumn(r.Target);
        if (column.DataType == DataType.Array && column.Path.Count == 0) throw Error("can not comparisons array fields directly");
        // Range: first < field < second (first = lower). ReverseRange: first > field > second (second = lower).
        var first = Bind(r.FirstBound);
        var second = Bind(r.SecondBound);
        var lower = r.Reverse ? second : first;
        var upper = r.Reverse ? first : second;
        if (lower is not ValueBound lv) throw Error($"lowerbound cannot be a non-const expression: {Text(r.FirstBound)}");
        if (upper is not ValueBound uv) throw Error($"upperbound cannot be a non-const expression: {Text(r.SecondBound)}");
        var fieldType = column.ValueType;
        var lowerValue = lv.IsTemplate ? null : CastRangeValue(fieldType, lv.Value!);
        var upperValue = uv.IsTemplate ? null : CastRangeValue(fieldType, uv.Value!);
        bool lowerInclusive, upperInclusive;
        if (r.Reverse)
        {
            lowerInclusive = r.Op2.Kind == TokenKind.Ge;
            upperInclusive = r.Op1.Kind == TokenKind.Ge;
        }
        else
        {
            lowerInclusive = r.Op1.Kind == TokenKind.Le;
            upperInclusive = r.Op2.Kind == TokenKind.Le;
        }
        if (lowerValue is not null && upperValue is not null)
        {
            bool invalid = lowerInclusive && upperInclusive
                ? FoldCompare(CmpOp.Gt, lowerValue, upperValue) == true
                : FoldCompare(CmpOp.Ge, lowerValue, upperValue) == true;
            if (invalid) throw Error("invalid range: lowerbound is greater than upperbound");
        }
        var lowerSlot = lowerValue is null ? MakeSlot(lv, SlotUse.Range, fieldType) : Slot.Of(lowerValue, SlotUse.Range);
        var upperSlot = upperValue is null ? MakeSlot(uv, SlotUse.Range, fieldType) : Slot.Of(upperValue, SlotUse.Range);
        return new PredBound
        {
            Pred = new RangePred(column, lowerSlot, lowerInclusive, upperSlot, upperInclusive),
            Type = DataType.Bool,
            IsTemplate = lv.IsTemplate || uv.IsTemplate,
        };
    }

    internal static FilterValue CastRangeValue(DataType dataType, FilterValue value)
    {
        switch (dataType)
        {
            case DataType.String:
            case DataType.VarChar:
                if (value.Kind != ValueKind.String) throw Error("invalid range operations");
                break;
            case DataType.Bool:
                throw Error("invalid range operations on boolean expr");
            case DataType.Int8:
            case DataType.Int16:
            case DataType.Int32:
            case DataType.Int64:
                if (value.Kind != ValueKind.Int) throw Error("invalid range operations");
                break;
            case DataType.Float:
            case DataType.Double:
                if (!value.IsNumber) throw Error("invalid range operations");
                if (value.Kind == ValueKind.Int) return FilterValue.OfFloat(value.Int);
                break;
        }
        return value;
    }

    // ---------- exists / null ----------

    private Bound BindExists(ExistsNode e)
    {
        var child = Bind(e.Operand);
        var column = ColumnOf(child) ?? throw Error($"exists operations are only supported on single fields now, got: {Text(e.Operand)}");
        if (column.DataType != DataType.Json) throw Error($"exists operations are only supportted on json field, got:{Go(column.DataType)}");
        if (column.Path.Count == 0) throw Error("exists operations are only supportted on json key");
        return new PredBound { Pred = new ExistsPred(column), Type = DataType.Bool };
    }

    private Bound BindNullTest(NullTestNode n)
    {
        var column = ChildColumn(n.Target);
        Pred pred;
        if (column.Path.Count != 0)
        {
            // Milvus rewrites json["a"] is not null → exists json["a"], and is null → not exists.
            pred = new ExistsPred(column);
            if (n.IsNull) pred = new NotPred(pred);
        }
        else
        {
            pred = new NullPred(column, n.IsNull);
        }
        return new PredBound { Pred = pred, Type = DataType.Bool };
    }

    // ---------- calls ----------

    private Bound BindCall(CallNode c)
    {
        switch (c.Name.Kind)
        {
            case TokenKind.JsonContains:
            case TokenKind.ArrayContains: return BindContains(c, ContainsOp.Contains, "contains");
            case TokenKind.JsonContainsAll:
            case TokenKind.ArrayContainsAll: return BindContains(c, ContainsOp.ContainsAll, "contains_all");
            case TokenKind.JsonContainsAny:
            case TokenKind.ArrayContainsAny: return BindContains(c, ContainsOp.ContainsAny, "contains_any");
            case TokenKind.ArrayLength:
                {
                    var column = ChildColumn(c.Args[0]);
                    if (column.DataType is not (DataType.Json or DataType.Array))
                        throw Error($"array_length operation are only supported on json or array fields now, got: {Text(c)}");
                    return new ArithBound
                    {
                        Left = new ColumnBound { Column = column, Type = column.DataType, NodeDependent = true },
                        Op = ArithOp.ArrayLength,
                        Type = DataType.Int64,
                        NodeDependent = true,
                    };
                }
            case TokenKind.TextMatch:
            case TokenKind.PhraseMatch: return BindTextMatch(c);
            case TokenKind.RandomSample: return BindRandomSample(c);
            case TokenKind.Spatial:
                // Geometry fields are not modelled by the emulator; Milvus 2.6 checks the field type first. // emulator text
                throw Error($"{c.Name.Text.ToUpperInvariant()} operation are only supported on geometry fields now, got: {Text(c)}");
            default:
                foreach (var arg in c.Args) Bind(arg);
                // Milvus 2.5+ builds a CallExpr and fails when segcore looks the function up. // emulator text
                throw Error($"function {c.Name.Text.ToLowerInvariant()} is not supported");
        }
    }

    private static string OpName(ContainsOp op) => op switch
    {
        ContainsOp.Contains => "Contains",
        ContainsOp.ContainsAll => "ContainsAll",
        _ => "ContainsAny",
    };

    private Bound BindContains(CallNode c, ContainsOp op, string name)
    {
        var field = Bind(c.Args[0]);
        var column = ColumnOf(field);
        if (column is null || column.DataType is not (DataType.Json or DataType.Array))
            throw Error($"{name} operation are only supported on json or array fields now, got: {Text(c.Args[0])}");
        var element = Bind(c.Args[1]);
        if (element is not ValueBound ev)
            throw Error($"{name} operation are only supported explicitly specified element, got: {Text(c.Args[1])}");
        Slot slot;
        if (ev.IsTemplate)
        {
            slot = MakeSlot(ev, op == ContainsOp.Contains ? SlotUse.ContainsOne : SlotUse.ContainsArray, column.DataType == DataType.Array ? column.ElementType : DataType.Json);
        }
        else
        {
            var value = ev.Value!;
            CheckContainsElement(column, op, value);
            if (op == ContainsOp.Contains && column.DataType == DataType.Array) value = CastValue(column.ElementType, value);
            slot = Slot.Of(value);
        }
        return new PredBound { Pred = new ContainsPred(column, op, slot), Type = DataType.Bool, IsTemplate = ev.IsTemplate };
    }

    internal static void CheckContainsElement(Column column, ContainsOp op, FilterValue value)
    {
        if (op != ContainsOp.Contains && value.Kind != ValueKind.Array)
            throw Error($"{OpName(op)} operation element must be an array");
        if (column.DataType != DataType.Array) return;
        var elements = op == ContainsOp.Contains ? [CastValue(column.ElementType, value)] : value.Items!;
        foreach (var e in elements)
        {
            if (!CanBeComparedDataType(column.ElementType, e.DataType))
                throw Error($"{OpName(op)} operation can't compare between array element type: {Go(column.ElementType)} and {Go(e.DataType)}");
        }
    }

    private Bound BindTextMatch(CallNode c)
    {
        bool phrase = c.Name.Kind == TokenKind.PhraseMatch;
        string name = ((IdentifierNode)c.Args[0]).Name;
        var column = TranslateIdentifier(name);
        if (!DataTypes.IsString(column.DataType))
            throw Error(phrase ? "phrase match operation on non-string is unsupported" : "text match operation on non-string is unsupported");
        var field = _fields[column.FieldName];
        bool enabled = field.TypeParams.Any(p => p.Key == "enable_match" && string.Equals(p.Value, "true", StringComparison.OrdinalIgnoreCase));
        if (!enabled) throw Error($"field \"{name}\" does not enable match");
        var query = Bind(c.Args[1]);
        if (query is not ValueBound { Value.Kind: ValueKind.String } qv)
            throw Error($"the query of {(phrase ? "phrase_match" : "text_match")} must be a string literal, but got: {Text(c.Args[1])}"); // grammar requires StringLiteral in 2.5; emulator text
        long extra = phrase ? 0 : 1;
        if (!phrase && c.MinimumShouldMatch is { } m)
        {
            long v;
            try { v = ParseGoInt(m.Text); }
            catch (FilterSemanticException) { throw Error($"invalid minimum_should_match value: {m.Text}"); }
            if (v < 1) throw Error($"minimum_should_match should be >= 1, got {v}");
            if (v > 1000) throw Error($"minimum_should_match should be <= 1000, got {v}");
            extra = v;
        }
        if (phrase && c.Args.Count > 2)
        {
            string slopText = Text(c.Args[2]);
            var slop = Bind(c.Args[2]);
            if (slop is not ValueBound { Value: { } sv })
                throw Error($"\"slop\" should be a const integer expression with \"uint32\" value. \"slop\" expression passed: {slopText}");
            long s = sv.Kind == ValueKind.Int ? sv.Int : 0;
            if (s < 0) throw Error($"\"slop\" should not be a negative interger. \"slop\" passed: {slopText}");
            if (s > uint.MaxValue) throw Error($"\"slop\" exceeds the range of \"uint32\". \"slop\" expression passed: {slopText}");
            extra = s;
        }
        var analyzer = MilvusPS.Emulator.Text.FieldAnalysis.For(field).Default;
        return new PredBound { Pred = new TextMatchPred(column, analyzer, qv.Value!.Str!, phrase, extra), Type = DataType.Bool };
    }

    private Bound BindRandomSample(CallNode c)
    {
        var arg = c.Args[0];
        Bound factor;
        try { factor = Bind(arg); }
        catch (FilterSemanticException e) { throw Error($"cannot parse expression: {Text(arg)}, error: {e.Detail}"); }
        if (factor is not ValueBound { Value: { } v })
            throw Error($"\"float factor\" should be a const float expression: \"float factor\" passed: {Text(arg)}");
        double f = v.Kind == ValueKind.Float ? v.Float : 0;
        const double epsilon = 1e-10;
        if (f <= 0 + epsilon || f >= 1 - epsilon)
            throw Error($"the sample factor should be between 0 and 1 and not too close to 0 or 1(the difference should be larger than 1e-10), but got {Text(arg)}");
        return new PredBound { Pred = new RandomSamplePred(f, null), Type = DataType.Bool };
    }
}
