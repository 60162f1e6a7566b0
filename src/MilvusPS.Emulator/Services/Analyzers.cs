using Grpc.Core;
using MilvusPS.Emulator.Errors;
using MilvusPS.Emulator.Text;
using MilvusPS.Protocol;
using WireToken = MilvusPS.Protocol.AnalyzerToken;

namespace MilvusPS.Emulator.Services;

// RunAnalyzer (from 2.5; the version gate answers UNIMPLEMENTED where the emulated version lacks it).
internal sealed partial class MilvusServiceFacade
{
    /// <summary>
    /// Tokenizes each placeholder text with <c>analyzer_params</c>, or with a collection field's analyzers when
    /// <c>collection_name</c> is set (then <c>analyzer_names</c> picks a multi-analyzer's analyzer: one name for every
    /// text, or one per text). Tokens carry offsets, position and position_length 1 with <c>with_detail</c>, and
    /// Milvus's BM25 term hash with <c>with_hash</c> (analyzer/run.go).
    /// </summary>
    public override Task<RunAnalyzerResponse> RunAnalyzer(RunAnalyzerRequest request, ServerCallContext context)
    {
        var texts = request.Placeholder.Select(p => p.ToStringUtf8()).ToList();
        var analyzers = string.IsNullOrEmpty(request.CollectionName)
            ? Enumerable.Repeat(FieldAnalysis.Single(request.AnalyzerParams), texts.Count).ToList()
            : FieldAnalyzers(Db(context, request.DbName), request, texts.Count);
        var response = new RunAnalyzerResponse { Status = Ok() };
        for (var i = 0; i < texts.Count; i++)
        {
            var result = new AnalyzerResult();
            foreach (var token in analyzers[i].Analyze(texts[i]))
            {
                var wire = new WireToken { Token = token.Text };
                if (request.WithDetail)
                {
                    wire.StartOffset = token.StartOffset;
                    wire.EndOffset = token.EndOffset;
                    wire.Position = token.Position;
                    wire.PositionLength = 1;
                }
                if (request.WithHash) wire.Hash = TermHash.Of(token.Text);
                result.Tokens.Add(wire);
            }
            response.Results.Add(result);
        }
        return Task.FromResult(response);
    }

    private List<Analyzer> FieldAnalyzers(string db, RunAnalyzerRequest request, int count)
    {
        var collection = _state.Catalog.GetCollection(db, request.CollectionName);
        var field = collection.Schema.Fields.FirstOrDefault(f => f.Name == request.FieldName && !f.IsDynamic)
            ?? throw MilvusError.Of("FieldNotFound", ("field", request.FieldName));
        var analysis = FieldAnalysis.For(field);
        var names = request.AnalyzerNames;
        if (names.Count > 1 && names.Count != count)
            // unverified text: the analyzer runner requires one name per text.
            throw MilvusError.ParameterInvalidMsg("multi analyzer input text and analyzer name must have same length");
        return Enumerable.Range(0, count).Select(i => analysis.Select(names.Count == 0 ? null : names[names.Count == 1 ? 0 : i])).ToList();
    }
}

/// <summary>
/// typeutil.HashString2LessUint32, the hash Milvus's BM25 function turns each term into: CRC-32 (IEEE) of the
/// term's first 100 UTF-8 bytes, modulo 2^32 − 1.
/// </summary>
internal static class TermHash
{
    private static readonly uint[] Table = Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        return c;
    }).ToArray();

    public static uint Of(string term)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(term);
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes.AsSpan(0, Math.Min(bytes.Length, 100))) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
        return (crc ^ 0xFFFFFFFFu) % uint.MaxValue;
    }
}
