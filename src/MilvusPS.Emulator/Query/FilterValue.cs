using System.Globalization;
using System.Text;
using System.Text.Json;
using MilvusPS.Protocol;

namespace MilvusPS.Emulator.Query;

internal enum ValueKind { Bool, Int, Float, String, Array }

/// <summary>A constant (Milvus planpb.GenericValue): bool, int64, double, string or an array of constants.</summary>
internal sealed class FilterValue
{
    private FilterValue(ValueKind kind, bool b, long i, double f, string? s, IReadOnlyList<FilterValue>? items)
    {
        Kind = kind; Bool = b; Int = i; Float = f; Str = s; Items = items;
        if (items is not null)
        {
            ElementType = DataType.None;
            SameType = true;
            foreach (var item in items)
            {
                if (ElementType == DataType.None) ElementType = item.DataType;
                else if (ElementType != item.DataType) SameType = false;
            }
            if (!SameType) ElementType = DataType.None;
        }
    }

    public ValueKind Kind { get; }
    public bool Bool { get; }
    public long Int { get; }
    public double Float { get; }
    public string? Str { get; }
    public IReadOnlyList<FilterValue>? Items { get; }
    public DataType ElementType { get; }
    public bool SameType { get; }

    public static FilterValue OfBool(bool b) => new(ValueKind.Bool, b, 0, 0, null, null);
    public static FilterValue OfInt(long i) => new(ValueKind.Int, false, i, 0, null, null);
    public static FilterValue OfFloat(double f) => new(ValueKind.Float, false, 0, f, null, null);
    public static FilterValue OfString(string s) => new(ValueKind.String, false, 0, 0, s, null);
    public static FilterValue OfArray(IReadOnlyList<FilterValue> items) => new(ValueKind.Array, false, 0, 0, null, items);

    public bool IsNumber => Kind is ValueKind.Int or ValueKind.Float;
    public double AsDouble => Kind == ValueKind.Int ? Int : Float;

    /// <summary>The data type Milvus gives a literal of this kind.</summary>
    public DataType DataType => Kind switch
    {
        ValueKind.Bool => DataType.Bool,
        ValueKind.Int => DataType.Int64,
        ValueKind.Float => DataType.Double,
        ValueKind.String => DataType.VarChar,
        _ => DataType.Array,
    };

    /// <summary>The runtime form the evaluator compares with: long, double, string, bool or a list.</summary>
    public object ToRuntime() => Kind switch
    {
        ValueKind.Bool => Bool,
        ValueKind.Int => Int,
        ValueKind.Float => Float,
        ValueKind.String => Str!,
        _ => Items!.Select(v => (object?)v.ToRuntime()).ToList(),
    };

    /// <summary>Go protobuf text of the GenericValue (what <c>%s</c> prints in castValue errors). // unverified text (Go may insert a space after ':')</summary>
    public string ProtoText()
    {
        switch (Kind)
        {
            case ValueKind.Bool: return "bool_val:" + (Bool ? "true" : "false");
            case ValueKind.Int: return "int64_val:" + Int.ToString(CultureInfo.InvariantCulture);
            case ValueKind.Float: return "float_val:" + GoFormat.Float(Float);
            case ValueKind.String: return "string_val:" + GoFormat.Quote(Str!);
            default:
                {
                    var sb = new StringBuilder("array_val:{");
                    var parts = new List<string>();
                    foreach (var item in Items!) parts.Add("array:{" + item.ProtoText() + "}");
                    if (SameType) parts.Add("same_type:true");
                    if (ElementType != DataType.None) parts.Add("element_type:" + DataTypes.GoName(ElementType));
                    sb.Append(string.Join(' ', parts)).Append('}');
                    return sb.ToString();
                }
        }
    }

    /// <summary>Converts a wire TemplateValue (Milvus UnmarshalExpressionValues); null when no value is set.</summary>
    public static FilterValue? FromTemplate(TemplateValue? value)
    {
        if (value is null) return null;
        return value.ValCase switch
        {
            TemplateValue.ValOneofCase.BoolVal => OfBool(value.BoolVal),
            TemplateValue.ValOneofCase.Int64Val => OfInt(value.Int64Val),
            TemplateValue.ValOneofCase.FloatVal => OfFloat(value.FloatVal),
            TemplateValue.ValOneofCase.StringVal => OfString(value.StringVal),
            TemplateValue.ValOneofCase.ArrayVal => FromTemplateArray(value.ArrayVal),
            _ => null,
        };
    }

    private static FilterValue FromTemplateArray(TemplateArrayValue array) => array.DataCase switch
    {
        TemplateArrayValue.DataOneofCase.BoolData => OfArray(array.BoolData.Data.Select(OfBool).ToList()),
        TemplateArrayValue.DataOneofCase.LongData => OfArray(array.LongData.Data.Select(OfInt).ToList()),
        TemplateArrayValue.DataOneofCase.DoubleData => OfArray(array.DoubleData.Data.Select(OfFloat).ToList()),
        TemplateArrayValue.DataOneofCase.StringData => OfArray(array.StringData.Data.Select(OfString).ToList()),
        TemplateArrayValue.DataOneofCase.ArrayData => OfArray(array.ArrayData.Data.Select(FromTemplateArray).ToList()),
        TemplateArrayValue.DataOneofCase.JsonData => OfArray(array.JsonData.Data.Select(b => FromJson(JsonDocument.Parse(b.Memory).RootElement)).ToList()),
        _ => OfArray([]),
    };

    /// <summary>Milvus parseJSONValue: numbers become int64 when they fit, else double; strings, bools, arrays.</summary>
    public static FilterValue FromJson(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number => e.TryGetInt64(out var l) ? OfInt(l) : OfFloat(e.GetDouble()),
        JsonValueKind.String => OfString(e.GetString()!),
        JsonValueKind.True => OfBool(true),
        JsonValueKind.False => OfBool(false),
        JsonValueKind.Array => OfArray(e.EnumerateArray().Select(FromJson).ToList()),
        _ => throw new FilterSemanticException($"{e.GetRawText()} is of unknown type: {e.ValueKind}\n"), // unverified text
    };
}

internal static class DataTypes
{
    /// <summary>The Go enum name (schemapb.DataType.String()), which error texts use.</summary>
    public static string GoName(DataType t) => t switch
    {
        DataType.Json => "JSON",
        DataType.Bfloat16Vector => "BFloat16Vector",
        _ => Enum.IsDefined(t) ? t.ToString() : ((int)t).ToString(CultureInfo.InvariantCulture),
    };

    public static bool IsInteger(DataType t) => t is DataType.Int8 or DataType.Int16 or DataType.Int32 or DataType.Int64;
    public static bool IsFloating(DataType t) => t is DataType.Float or DataType.Double;
    public static bool IsArithmetic(DataType t) => IsInteger(t) || IsFloating(t);
    public static bool IsString(DataType t) => t is DataType.String or DataType.VarChar;
    public static bool IsJson(DataType t) => t == DataType.Json;
    public static bool IsArray(DataType t) => t == DataType.Array;
    public static bool IsBool(DataType t) => t == DataType.Bool;
}

internal static class GoFormat
{
    /// <summary>Go's strconv.FormatFloat(f, 'g', -1, 64) (exponent form below 1e-4 and from 1e6, as protobuf text prints).</summary>
    public static string Float(double f)
    {
        if (double.IsPositiveInfinity(f)) return "+Inf";
        if (double.IsNegativeInfinity(f)) return "-Inf";
        if (double.IsNaN(f)) return "NaN";
        if (f == 0) return double.IsNegative(f) ? "-0" : "0";
        // Shortest round-trip digits and decimal exponent.
        string shortest = f.ToString("R", CultureInfo.InvariantCulture);
        bool neg = shortest.StartsWith('-');
        if (neg) shortest = shortest[1..];
        string mantissa = shortest;
        int exp10 = 0;
        int eIdx = shortest.IndexOfAny(['E', 'e']);
        if (eIdx >= 0)
        {
            mantissa = shortest[..eIdx];
            exp10 = int.Parse(shortest[(eIdx + 1)..], CultureInfo.InvariantCulture);
        }
        int dot = mantissa.IndexOf('.');
        string digits = dot >= 0 ? mantissa.Remove(dot, 1) : mantissa;
        int pointPos = (dot >= 0 ? dot : mantissa.Length) + exp10;
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') { lead++; pointPos--; }
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        int exp = pointPos - 1;
        string body;
        if (exp < -4 || exp >= 6)
        {
            string m = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            body = m + "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (pointPos <= 0) body = "0." + new string('0', -pointPos) + digits;
        else if (pointPos >= digits.Length) body = digits + new string('0', pointPos - digits.Length);
        else body = digits[..pointPos] + "." + digits[pointPos..];
        return neg ? "-" + body : body;
    }

    /// <summary>Go's %q for simple strings.</summary>
    public static string Quote(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (char c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\t': sb.Append("\\t"); break;
                case '\r': sb.Append("\\r"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }
}

/// <summary>A plan-parser error (what the Go visitor returns); the compiler wraps it the way Milvus does.</summary>
internal sealed class FilterSemanticException(string? message) : Exception(message ?? string.Empty)
{
    /// <summary>Null when Milvus would report only "cannot parse expression: X" (a nil result without an error).</summary>
    public string? Detail { get; } = message;
}
