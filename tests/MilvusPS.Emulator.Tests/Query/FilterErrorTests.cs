using Google.Protobuf;
using MilvusPS.Emulator.Query;
using MilvusPS.Protocol;
using static MilvusPS.Emulator.Tests.Query.FilterTestKit;

namespace MilvusPS.Emulator.Tests.Query;

public class FilterErrorTests
{
    [Fact]
    public void Errors_carry_code_1100_and_the_proxy_wrapping()
    {
        var reason = Reason("nope > 1", dynamic: false);
        Assert.Equal("failed to create query plan: cannot parse expression: nope > 1, error: field nope not exist: invalid parameter", reason);
        var e = Assert.Throws<MilvusPS.Emulator.Errors.MilvusError>(() => FilterCompiler.Compile("nope > 1", Schema, false, null, "failed to create expr plan"));
        Assert.StartsWith("failed to create expr plan: cannot parse expression: nope > 1", e.Reason);
    }

    [Theory]
    // verified against planparserv2 (parser_visitor.go / utils.go / operators.go)
    [InlineData("name == 1", "comparisons between VarChar and Int64 are not supported")]
    [InlineData("age == \"a\"", "comparisons between Int32 and VarChar are not supported")]
    [InlineData("flag > 1", "comparisons between Bool and Int64 are not supported")]
    [InlineData("tags == [1]", "comparisons between Array[VarChar] and Array[Int64] are not supported")]
    [InlineData("vec > 1", "comparisons between FloatVector and Int64 are not supported")]
    [InlineData("age == 3.5", "cannot cast value to Int32, value: float_val:3.5")]
    [InlineData("nums > 1", "can not comparisons array fields directly")]
    [InlineData("meta > id", "two column comparison with JSON type is not supported")]
    [InlineData("age + id > 1", "not supported to do arithmetic operations between multiple fields")]
    [InlineData("10 - age > 1", "module field is not yet supported")]
    [InlineData("(age + 1) * 2 > 1", "complicated arithmetic operations are not supported")]
    [InlineData("age + 1 > id", "only comparison between two fields is supported")]
    [InlineData("age / 0 == 1", "division or modulus by zero")]
    [InlineData("score % 2 == 1", "modulo can only apply on integer types")]
    [InlineData("name + 1 == 2", "'add' cannot perform arithmetic between VarChar field and Int64")]
    [InlineData("age - \"a\" == 2", "'subtract' cannot perform arithmetic between Int32 field and VarChar")]
    [InlineData("age ** 2 > 1", "power can only apply on constants: age**2")]
    [InlineData("age > 1 / 0", "cannot divide by zero")]
    [InlineData("age > 5 % 0", "cannot modulo by zero")]
    [InlineData("age > 5.0 % 2", "modulo can only apply on integer")]
    [InlineData("age > \"a\" / 2", "divide cannot apply on string field")]
    [InlineData("age << 1 > 1", "shift is not supported: age<<1")]
    [InlineData("age & 1 == 1", "BitAnd is not supported: age&1==1")]
    [InlineData("age | 1", "BitOr is not supported: age|1")]
    [InlineData("age ^ 1", "BitXor is not supported: age^1")]
    [InlineData("1 in [1, 2]", "'term' can only be used on non-const expression, but got: 1")]
    [InlineData("age + 1 in [1]", "'term' can only be used on single field, but got: age+1")]
    [InlineData("age in 1", "the right-hand side of 'in' must be a list, but got: 1")]
    [InlineData("age in id", "value 'id' in list cannot be a non-const expression")]
    [InlineData("age in [1, \"a\"]", "value 'string_val:\"a\"' in list cannot be casted to Int32")]
    [InlineData("age in [id]", "array element type must be generic value, but got: id")]
    [InlineData("id < age < 5", "lowerbound cannot be a non-const expression: id")]
    [InlineData("1 < age < id", "upperbound cannot be a non-const expression: id")]
    [InlineData("5 < age < 1", "invalid range: lowerbound is greater than upperbound")]
    [InlineData("1 < age < 1", "invalid range: lowerbound is greater than upperbound")]
    [InlineData("1 < age < 2.5", "invalid range operations")]
    [InlineData("1 < name < 2", "invalid range operations")]
    [InlineData("true < flag < false", "invalid range operations on boolean expr")]
    [InlineData("1 < nums < 3", "can not comparisons array fields directly")]
    [InlineData("age like \"a%\"", "like operation on non-string or no-json field is unsupported")]
    [InlineData("nums like \"a%\"", "can not comparisons array fields directly")]
    [InlineData("exists age", "exists operations are only supportted on json field, got:Int32")]
    [InlineData("exists meta", "exists operations are only supportted on json key")]
    [InlineData("exists 1", "exists operations are only supported on single fields now, got: 1")]
    [InlineData("json_contains(age, 1)", "contains operation are only supported on json or array fields now, got: age")]
    [InlineData("json_contains_all(age, [1])", "contains_all operation are only supported on json or array fields now, got: age")]
    [InlineData("array_contains_any(age, [1])", "contains_any operation are only supported on json or array fields now, got: age")]
    [InlineData("json_contains(tags, id)", "contains operation are only supported explicitly specified element, got: id")]
    [InlineData("json_contains_all(tags, \"a\")", "ContainsAll operation element must be an array")]
    [InlineData("array_contains_any(nums, 1)", "ContainsAny operation element must be an array")]
    [InlineData("array_contains(nums, \"a\")", "cannot cast value to Int64, value: string_val:\"a\"")]
    [InlineData("array_contains_all(nums, [\"a\"])", "ContainsAll operation can't compare between array element type: Int64 and VarChar")]
    [InlineData("array_length(age) == 1", "array_length operation are only supported on json or array fields now, got: array_length(age)")]
    [InlineData("age[0] == 1", "Int32 data type not supported accessed with []")]
    [InlineData("tags[\"a\"] == 1", "can only access array field with integer index")]
    [InlineData("meta[\"\"] == 1", "invalid identifier: meta[\"\"]")]
    [InlineData("not age", "not op can only be applied on boolean expression")]
    [InlineData("-age > 1", "unexpected op: -")]
    [InlineData("~age > 1", "unexpected op: ~")]
    [InlineData("age > 1 and true", "'and' can only be used between boolean expressions")]
    [InlineData("1 > 2 or id == 2", "'or' can only be used between boolean expressions")]
    [InlineData("1 and 2", "and can only apply on boolean")]
    [InlineData("age and flag", "'and' can only be used between boolean expressions")]
    [InlineData("\"a\" < 1", "comparisons operations cannot be applied to two incompatible operands: \"a\"<1")]
    [InlineData("text_match(age, \"a\")", "text match operation on non-string is unsupported")]
    [InlineData("text_match(name, \"a\")", "field \"name\" does not enable match")]
    [InlineData("phrase_match(name, \"a\")", "field \"name\" does not enable match")]
    [InlineData("phrase_match(body, \"a\", -1)", "\"slop\" should not be a negative interger. \"slop\" passed: -1")]
    [InlineData("phrase_match(body, \"a\", id)", "\"slop\" should be a const integer expression with \"uint32\" value. \"slop\" expression passed: id")]
    [InlineData("text_match(body, \"a\", minimum_should_match=0)", "minimum_should_match should be >= 1, got 0")]
    [InlineData("text_match(body, \"a\", minimum_should_match=1001)", "minimum_should_match should be <= 1000, got 1001")]
    [InlineData("random_sample(1.5)", "the sample factor should be between 0 and 1 and not too close to 0 or 1(the difference should be larger than 1e-10), but got 1.5")]
    [InlineData("random_sample(id)", "\"float factor\" should be a const float expression: \"float factor\" passed: id")]
    [InlineData("random_sample(0.5) and id == 1", "random sample expression can only be the last expression in the logical and expression")]
    [InlineData("id == 1 or random_sample(0.5)", "random sample expression cannot be used in logical and expression")]
    [InlineData("not random_sample(0.5)", "random sample expression cannot be used in unary expression")]
    [InlineData("id == 99999999999999999999", "strconv.ParseInt: parsing \"99999999999999999999\": value out of range")]
    [InlineData("name == \"a\\qb\"", "invalid syntax")]
    [InlineData("{a} == {b}", "placeholder was not supported between two constants with operator: ==")]
    [InlineData("{a} + 1 > age", "placeholder was not supported between two constants with operator: +")]
    public void Semantic_errors(string expr, string detail) => Assert.Equal(detail, Detail(expr));

    [Theory]
    // verified: leftover tokens after a complete expression (milvus-io/milvus#25157)
    [InlineData("exist meta[\"a\"]")]
    [InlineData("id == 1 id == 2")]
    [InlineData("id == 1)")]
    [InlineData("age is  null")]
    [InlineData("age Is Null")]
    [InlineData("id == 1 And id == 2")]
    public void Trailing_tokens_are_invalid_expressions(string expr) => Assert.Equal($"invalid expression: {expr}", Detail(expr));

    [Theory]
    // ANTLR-style "line L:C ..." position prefix; message wording after the position is unverified
    [InlineData("id ==", "line 1:5 ")]
    [InlineData("(id == 1", "line 1:8 ")]
    [InlineData("id == @", "line 1:6 token recognition error at: '@'")]
    [InlineData("name == \"abc", "line 1:8 token recognition error at: '\"abc'")]
    [InlineData("id in [1, 2", "line 1:11 ")]
    [InlineData("id ==\n  > 1", "line 2:2 ")]
    [InlineData("json_contains(tags)", "line 1:18 ")]
    [InlineData("== 1", "line 1:0 ")]
    public void Syntax_errors_report_position(string expr, string prefix) => Assert.StartsWith(prefix, Detail(expr));

    [Theory]
    // predicate is not a boolean expression (not wrapped in "cannot parse expression")
    [InlineData("age", "Int32")]
    [InlineData("flag", "Bool")]
    [InlineData("true", "Bool")]
    [InlineData("age + 1", "Int64")]
    [InlineData("1", "Int64")]
    [InlineData("\"a\"", "VarChar")]
    [InlineData("meta[\"a\"]", "JSON")]
    [InlineData("{x}", "None")]
    public void Non_boolean_predicates(string expr, string type) =>
        Assert.Equal($"failed to create query plan: predicate is not a boolean expression: {expr}, data type: {type}: invalid parameter", Reason(expr));

    [Fact]
    public void Dynamic_names_need_the_dynamic_field()
    {
        Assert.Equal("field color not exist", Detail("color == \"red\"", dynamic: false));
        Assert.Equal("field $meta not exist", Detail("$meta[\"a\"] == 1", dynamic: false));
        Assert.Equal("field extra not exist", Detail("extra[\"k\"] == 1", dynamic: false));
        Assert.True(FilterCompiler.Compile("id == 1", Schema, false).Evaluate(Row1));
    }

    [Fact]
    public void Unsupported_or_unknown_calls_are_rejected()
    {
        Assert.Contains("is not supported", Detail("foo(age)"));
        Assert.Contains("geometry", Detail("st_contains(name, \"POINT(1 1)\")"));
        Assert.Contains("not supported", Detail("name =~ \"a.*\""));
    }

    [Fact]
    public void Empty_unary_fold_reports_only_the_expression()
    {
        Assert.Equal("failed to create query plan: cannot parse expression: age > -\"a\": invalid parameter", Reason("age > -\"a\""));
    }

    private static Dictionary<string, TemplateValue> T(params (string, TemplateValue)[] values) => values.ToDictionary(v => v.Item1, v => v.Item2);
    private static TemplateValue I(long v) => new() { Int64Val = v };
    private static TemplateValue F(double v) => new() { FloatVal = v };
    private static TemplateValue S(string v) => new() { StringVal = v };
    private static TemplateValue Longs(params long[] v)
    {
        var a = new LongArray();
        a.Data.AddRange(v);
        return new TemplateValue { ArrayVal = new TemplateArrayValue { LongData = a } };
    }
    private static TemplateValue Strings(params string[] v)
    {
        var a = new StringArray();
        a.Data.AddRange(v);
        return new TemplateValue { ArrayVal = new TemplateArrayValue { StringData = a } };
    }

    [Fact]
    public void Templates_bind_values_of_every_shape()
    {
        Assert.True(Match("age > {min}", Row1, T(("min", I(20)))));
        Assert.False(Match("age > {min}", Row1, T(("min", I(40)))));
        Assert.True(Match("{ min } < age", Row1, T(("min", I(20)))));
        Assert.True(Match("score > {s}", Row1, T(("s", I(4)))));
        Assert.True(Match("score >= {s}", Row1, T(("s", F(4.5)))));
        Assert.True(Match("id in {ids}", Row1, T(("ids", Longs(1, 2)))));
        Assert.False(Match("id not in {ids}", Row1, T(("ids", Longs(1, 2)))));
        Assert.True(Match("name in {names}", Row1, T(("names", Strings("x", "alice_smith")))));
        Assert.True(Match("{lo} < age < {hi}", Row1, T(("lo", I(1)), ("hi", I(40)))));
        Assert.True(Match("age + {d} == 31", Row1, T(("d", I(1)))));
        Assert.True(Match("name like {p}", Row1, T(("p", S("ali%")))));
        Assert.True(Match("color == {c}", Row1, T(("c", S("red")))));
        Assert.True(Match("array_contains_any(nums, {v})", Row1, T(("v", Longs(9, 3)))));
        Assert.True(Match("json_contains(meta[\"b\"][\"d\"], {v})", Row1, T(("v", I(2)))));

        var json = new JSONArray();
        json.Data.Add(ByteString.CopyFromUtf8("1"));
        json.Data.Add(ByteString.CopyFromUtf8("\"hello\""));
        Assert.True(Match("meta[\"s\"] in {v}", Row1, T(("v", new TemplateValue { ArrayVal = new TemplateArrayValue { JsonData = json } }))));

        var nested = new TemplateArrayValueArray();
        nested.Data.Add(new TemplateArrayValue { LongData = new LongArray { Data = { 1, 2, 3 } } });
        Assert.True(Match("nums in {v}", Row1, T(("v", new TemplateValue { ArrayVal = new TemplateArrayValue { ArrayData = nested } }))));
    }

    [Fact]
    public void Template_errors()
    {
        Assert.Equal("failed to create query plan: the value of expression template variable name {min} is not found: invalid parameter",
            Reason("age > {min}"));
        Assert.Equal("failed to create query plan: the value of expression template variable name {ids} is not found: invalid parameter",
            Reason("id in {ids}"));
        Assert.Equal("failed to create query plan: the value of term expression template variable {ids} is not array: invalid parameter",
            Reason("id in {ids}", T(("ids", I(1)))));
        Assert.Equal("failed to create query plan: cannot cast value to Int32, value: string_val:\"x\": invalid parameter",
            Reason("age > {v}", T(("v", S("x")))));
        Assert.Equal("failed to create query plan: the value of like expression template variable {p} is not string: invalid parameter",
            Reason("name like {p}", T(("p", I(1)))));
        Assert.Equal("failed to create query plan: the value of expression template variable {v} is nil: invalid parameter",
            Reason("age > {v}", T(("v", new TemplateValue()))));
    }
}
