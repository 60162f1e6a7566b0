using MilvusPS.Emulator.Query;
using MilvusPS.Protocol;
using static MilvusPS.Emulator.Tests.Query.FilterTestKit;

namespace MilvusPS.Emulator.Tests.Query;

public class FilterEvaluationTests
{
    [Theory]
    // comparisons on scalar fields
    [InlineData("id == 1", true, false)]
    [InlineData("id != 1", false, true)]
    [InlineData("age > 29", true, false)]
    [InlineData("age >= 30", true, false)]
    [InlineData("age < 30", false, false)]
    [InlineData("age <= 30", true, false)]
    [InlineData("30 == age", true, false)]
    [InlineData("31 > age", true, false)]
    [InlineData("score > 4", true, false)]
    [InlineData("score == 4.5", true, false)]
    [InlineData("score < 0", false, true)]
    [InlineData("ratio == 0.1", true, false)]
    [InlineData("name == \"alice_smith\"", true, false)]
    [InlineData("name == 'alice_smith'", true, false)]
    [InlineData("name > \"alice\"", true, false)]
    [InlineData("name < \"b\"", true, false)]
    [InlineData("flag == true", true, false)]
    [InlineData("flag == False", false, true)]
    [InlineData("flag != TRUE", false, true)]
    [InlineData("small > 200", false, false)]
    [InlineData("small > -200", true, true)]
    [InlineData("id == 0x1", true, false)]
    [InlineData("id == 0b10", false, true)]
    [InlineData("id == 02", false, true)]
    [InlineData("score > .5", true, false)]
    [InlineData("score < 1e1", true, true)]
    // field vs field
    [InlineData("age > id", true, false)]
    [InlineData("score < ratio", false, true)]
    [InlineData("id == id", true, true)]
    // ranges
    [InlineData("1 < age < 31", true, false)]
    [InlineData("30 <= age <= 30", true, false)]
    [InlineData("30 < age < 40", false, false)]
    [InlineData("40 > age >= 30", true, false)]
    [InlineData("\"a\" < name < \"b\"", true, false)]
    [InlineData("-2 < score < 0", false, true)]
    [InlineData("0 < meta[\"a\"] <= 1", true, false)]
    // arithmetic on a field compared with a constant
    [InlineData("age + 1 == 31", true, false)]
    [InlineData("age - 10 > 19", true, false)]
    [InlineData("age * 2 == 60", true, false)]
    [InlineData("age / 7 == 4", true, false)]
    [InlineData("age % 7 == 2", true, false)]
    [InlineData("2 * age == 60", true, false)]
    [InlineData("1 + age != 31", false, false)]
    [InlineData("score * 2 == 9.0", true, false)]
    [InlineData("score / 2 > 2", true, false)]
    [InlineData("id % 2 == 0", false, true)]
    [InlineData("age > 3 * 2 + 1", true, false)]
    [InlineData("age == 60 / 2", true, false)]
    [InlineData("score > 2 ** 2", true, false)]
    [InlineData("age == -(-30)", true, false)]
    [InlineData("meta[\"a\"] + 1 == 2", true, false)]
    [InlineData("meta[\"f\"] * 2.0 == 5.0", true, false)]
    [InlineData("nums[1] * 10 == 20", true, false)]
    // IN / NOT IN
    [InlineData("id in [1, 3]", true, false)]
    [InlineData("id not in [1, 3]", false, true)]
    [InlineData("id IN [2]", false, true)]
    [InlineData("id NOT IN []", true, true)]
    [InlineData("name in [\"alice_smith\", \"bob\"]", true, false)]
    [InlineData("name not in [\"bob\"]", true, false)]
    [InlineData("score in [4.5, 1]", true, false)]
    [InlineData("score in [-1]", false, true)]
    [InlineData("meta[\"s\"] in [\"hello\", 1]", true, false)]
    [InlineData("meta[\"a\"] in [1.0]", true, false)]
    [InlineData("tags[0] in [\"red\"]", true, false)]
    [InlineData("id in [1,]", true, false)]
    // logical operators, all spellings
    [InlineData("id == 1 and age == 30", true, false)]
    [InlineData("id == 1 AND age == 31", false, false)]
    [InlineData("id == 1 && flag == true", true, false)]
    [InlineData("id == 2 or age == 30", true, true)]
    [InlineData("id == 5 OR id == 2", false, true)]
    [InlineData("id == 5 || id == 1", true, false)]
    [InlineData("not (id == 1)", false, true)]
    [InlineData("NOT (id == 1)", false, true)]
    [InlineData("!(id == 1)", false, true)]
    [InlineData("not(id == 1) and not (id == 3)", false, true)]
    [InlineData("(id == 1 or id == 2) and flag == false", false, true)]
    [InlineData("id == 1 or id == 2 and flag == true", true, false)]
    [InlineData("id == 2 and flag == false or id == 1", true, true)]
    [InlineData("1 == 1", true, true)]
        public void Operators_match_like_milvus(string expr, bool row1, bool row2)
    {
        var filter = Compile(expr);
        Assert.Equal(row1, filter.Evaluate(Row1));
        Assert.Equal(row2, filter.Evaluate(Row2));
    }

    [Theory]
    [InlineData("name like \"alice%\"", true)]
    [InlineData("name like \"%smith\"", true)]
    [InlineData("name like \"%ce_sm%\"", true)]
    [InlineData("name LIKE \"alice\"", false)]
    [InlineData("name like \"alice_smith\"", true)]
    [InlineData("name like \"a_____smith\"", true)]
    [InlineData("name like \"a___%\"", true)]
    [InlineData("name like \"%\"", true)]
    [InlineData("name like \"bob%\"", false)]
    [InlineData("name like \"alice\\\\_smith\"", true)]
    [InlineData("name like \"alice\\\\%\"", false)]
    [InlineData("meta[\"s\"] like \"he%\"", true)]
    [InlineData("meta[\"a\"] like \"1%\"", false)]
    [InlineData("tags[1] like \"gr%\"", true)]
    [InlineData("color like \"r_d\"", true)]
    public void Like_patterns(string expr, bool expected) => Assert.Equal(expected, Match(expr, Row1));

    [Fact]
    public void Like_escapes_make_wildcards_literal()
    {
        var row = new DictionaryRow(new Dictionary<string, object?> { ["name"] = "50%_off" });
        Assert.True(Match("name like \"50\\\\%\\\\_off\"", row));
        Assert.False(Match("name like \"50\\\\%\\\\_of\"", row));
        Assert.True(Match("name like '50\\\\%%'", row));
        Assert.False(Match("name like \"50\\\\_%\"", row));
    }

    [Theory]
    [InlineData("meta[\"a\"] == 1", true)]
    [InlineData("meta['a'] == 1.0", true)]
    [InlineData("meta[\"b\"][\"c\"] == \"x\"", true)]
    [InlineData("meta[\"b\"][\"d\"][0] == 1", true)]
    [InlineData("meta[\"b\"][\"d\"][5] == 1", false)]
    [InlineData("meta[\"missing\"] == 1", false)]
    [InlineData("meta[\"missing\"] != 1", true)]
    [InlineData("meta[\"s\"] == 1", false)]
    [InlineData("meta[\"s\"] != 1", true)]
    [InlineData("meta[\"s\"] > \"a\"", true)]
    [InlineData("meta[\"f\"] > 2", true)]
    [InlineData("meta[\"t\"] == true", true)]
    [InlineData("meta[\"b\"][\"d\"] == [1, 2, 3]", true)]
    [InlineData("meta[\"b\"][\"d\"] != [1, 2]", true)]
    [InlineData("not (meta[\"missing\"] == 1)", true)]
    [InlineData("$meta[\"color\"] == \"red\"", true)]
    [InlineData("color == \"red\"", true)]
    [InlineData("size > 5 and color != \"blue\"", true)]
    [InlineData("extra[\"k\"][1] == 2", true)]
    [InlineData("unknown_key == 1", false)]
    [InlineData("exists meta[\"a\"]", true)]
    [InlineData("EXISTS meta[\"zzz\"]", false)]
    [InlineData("exists meta[\"n\"]", false)]
    [InlineData("exists color", true)]
    [InlineData("exists extra[\"k\"]", true)]
    [InlineData("meta[\"a\"] is not null", true)]
    [InlineData("meta[\"zzz\"] is null", true)]
    [InlineData("meta[\"n\"] IS NULL", true)]
    [InlineData("json_contains(meta[\"b\"][\"d\"], 2)", true)]
    [InlineData("JSON_CONTAINS(meta[\"b\"][\"d\"], 9)", false)]
    [InlineData("json_contains(meta[\"arr\"], \"two\")", true)]
    [InlineData("json_contains(meta[\"arr\"], 3)", true)]
    [InlineData("json_contains(meta[\"nested\"], [3])", true)]
    [InlineData("json_contains(meta[\"s\"], \"hello\")", false)]
    [InlineData("json_contains_all(meta[\"b\"][\"d\"], [1, 3])", true)]
    [InlineData("json_contains_all(meta[\"b\"][\"d\"], [1, 4])", false)]
    [InlineData("json_contains_any(meta[\"b\"][\"d\"], [4, 3])", true)]
    [InlineData("JSON_CONTAINS_ANY(meta[\"b\"][\"d\"], [4, 5])", false)]
    [InlineData("json_contains(extra[\"k\"], 1)", true)]
    [InlineData("array_length(meta[\"b\"][\"d\"]) == 3", true)]
    [InlineData("array_length(meta[\"s\"]) == 3", false)]
    public void Json_paths_dynamic_fields_and_json_functions(string expr, bool expected) =>
        Assert.Equal(expected, Match(expr, Row1));

    [Theory]
    [InlineData("tags[0] == \"red\"", true)]
    [InlineData("tags[1] != \"red\"", true)]
    [InlineData("tags[5] == \"red\"", false)]
    [InlineData("nums[2] > 2", true)]
    [InlineData("nums[0] < nums[1]", true)]
    [InlineData("nums == [1, 2, 3]", true)]
    [InlineData("nums != [1, 2]", true)]
    [InlineData("array_contains(tags, \"green\")", true)]
    [InlineData("ARRAY_CONTAINS(tags, \"blue\")", false)]
    [InlineData("array_contains_all(nums, [1, 3])", true)]
    [InlineData("array_contains_all(nums, [1, 4])", false)]
    [InlineData("array_contains_any(nums, [7, 3])", true)]
    [InlineData("ARRAY_CONTAINS_ANY(nums, [7, 8])", false)]
    [InlineData("json_contains(nums, 2)", true)]
    [InlineData("array_length(tags) == 2", true)]
    [InlineData("ARRAY_LENGTH(nums) > 2", true)]
    [InlineData("array_length(nums) < 3", false)]
    public void Array_fields(string expr, bool expected) => Assert.Equal(expected, Match(expr, Row1));

    [Theory]
    // comparisons with null are unknown: neither the predicate nor its negation matches
    [InlineData("age > 0", false)]
    [InlineData("not (age > 0)", false)]
    [InlineData("age == 30 or id == 2", true)]
    [InlineData("age == 30 and id == 2", false)]
    [InlineData("not (age == 30 and id == 3)", true)]
    [InlineData("age in [1, 2]", false)]
    [InlineData("age not in [1, 2]", false)]
    [InlineData("name like \"%\"", false)]
    [InlineData("age is null", true)]
    [InlineData("age IS NOT NULL", false)]
    [InlineData("age is null and id == 2", true)]
    [InlineData("name is null", true)]
    [InlineData("id is null", false)]
    [InlineData("meta is null", true)]
    [InlineData("meta[\"a\"] is null", true)]
    [InlineData("meta[\"a\"] == 1", false)]
    [InlineData("not (meta[\"a\"] == 1)", false)]
    [InlineData("nums is null", true)]
    [InlineData("array_contains(nums, 1)", false)]
    [InlineData("not array_contains(nums, 1)", false)]
    [InlineData("array_length(nums) == 0", false)]
    [InlineData("array_length(tags) == 0", true)]
    [InlineData("age + 1 > 0", false)]
    [InlineData("age > id", false)]
    [InlineData("exists meta[\"a\"]", false)]
    [InlineData("color == \"red\"", false)]
    [InlineData("exists color", false)]
    public void Null_semantics(string expr, bool expected) => Assert.Equal(expected, Match(expr, Row2));

    [Theory]
    [InlineData("text_match(body, \"fox\")", true)]
    [InlineData("TEXT_MATCH(body, 'cat fox')", true)]
    [InlineData("text_match(body, \"cat mouse\")", false)]
    [InlineData("text_match(body, \"QUICK\")", true)]
    [InlineData("phrase_match(body, \"quick brown fox\")", true)]
    [InlineData("phrase_match(body, \"quick fox\")", false)]
    [InlineData("PHRASE_MATCH(body, \"quick fox\", 1)", true)]
    // Milvus's tantivy fork lets slop cover reordering: quick@1 fox@3 against fox@0 quick@1 needs a window of 3.
    [InlineData("phrase_match(body, \"fox quick\", 3)", true)]
    [InlineData("phrase_match(body, \"fox quick\", 2)", false)]
    [InlineData("phrase_match(body, \"the fox\", 2)", true)]
    [InlineData("text_match(body, \"fox fox cat\", minimum_should_match=2)", true)]
    [InlineData("text_match(body, \"fox cat\", minimum_should_match=2)", false)]
    [InlineData("text_match(body, \"fox\") and text_match(body, \"dog\")", true)]
    public void Text_and_phrase_match(string expr, bool expected) => Assert.Equal(expected, Match(expr, Row1));

    [Fact]
    public void Empty_expression_matches_everything()
    {
        foreach (var e in new[] { "", "   ", "\n\t" })
        {
            var f = Compile(e);
            Assert.True(f.MatchesAll);
            Assert.True(f.Evaluate(Row1));
            Assert.True(f.Evaluate(Row2));
        }
        Assert.True(FilterCompiler.Compile(null, Schema, false).MatchesAll);
    }

    [Fact]
    public void Whitespace_and_newlines_are_skipped()
    {
        Assert.True(Match("id\n==\t1\r\nand  age>29", Row1));
        Assert.True(Match("id in [ 1 ,\n 2 ]", Row1));
    }

    [Fact]
    public void String_escapes_decode_like_go()
    {
        var row = new DictionaryRow(new Dictionary<string, object?> { ["name"] = "a\"b'c\\d\ne\u00e9" });
        Assert.True(Match("name == \"a\\\"b'c\\\\d\\ne\\u00e9\"", row));
        Assert.True(Match("name == 'a\"b\\'c\\\\d\\ne\\xe9'", row));
        Assert.True(Match("name == \"a\\x22b\\047c\\\\d\\ne\\U000000e9\"", row));
    }

    [Fact]
    public void Referenced_fields_are_reported()
    {
        var f = Compile("age > 1 and color == \"x\" or tags[0] == \"a\"");
        Assert.Equal(["age", "$meta", "tags"], f.ReferencedFields.OrderBy(x => x == "age" ? 0 : x == "$meta" ? 1 : 2));
    }

    [Fact]
    public void Random_sample_keeps_matching_rows_only()
    {
        var f = Compile("id == 2 and random_sample(0.999999)");
        Assert.False(f.Evaluate(Row1));
        int kept = 0;
        for (int i = 0; i < 50; i++) if (f.Evaluate(Row2)) kept++;
        Assert.True(kept > 40);
        Assert.False(Compile("random_sample(0.000001)").Evaluate(Row1) && Compile("random_sample(0.000001)").Evaluate(Row1) && Compile("random_sample(0.000001)").Evaluate(Row1));
    }
}
