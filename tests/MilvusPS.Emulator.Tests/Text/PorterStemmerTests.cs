using MilvusPS.Emulator.Text;

namespace MilvusPS.Emulator.Tests.Text;

/// <summary>
/// Porter2 pairs, each worked through the published algorithm (regions, steps 1a–5) by hand; the comment names the
/// rule that decides it.
/// </summary>
public sealed class PorterStemmerTests
{
    [Theory]
    [InlineData("running", "run")]             // 1b: ing after a vowel goes, double nn undoubled
    [InlineData("generously", "generous")]     // 1c y→i, 2: ousli→ous in R1 (gener prefix sets R1)
    [InlineData("caresses", "caress")]         // 1a: sses→ss
    [InlineData("ponies", "poni")]             // 1a: ies→i after two or more letters
    [InlineData("ties", "tie")]                // 1a: ies→ie after one letter
    [InlineData("cries", "cri")]
    [InlineData("happiness", "happi")]         // 3: ness in R1 goes
    [InlineData("gaps", "gap")]                // 1a: s goes, a vowel precedes the letter before it
    [InlineData("gas", "gas")]                 // 1a: the only vowel is right before the s
    [InlineData("kiwis", "kiwi")]
    [InlineData("hoped", "hope")]              // 1b: ed goes, short word gets e back
    [InlineData("hopping", "hop")]
    [InlineData("feed", "feed")]               // 1b: eed outside R1 stays
    [InlineData("agreed", "agre")]             // 1b: eed→ee in R1, 5: e in R1 after a long syllable goes
    [InlineData("knightly", "knight")]         // 2: li after a valid li-ending
    [InlineData("hopefully", "hope")]          // 2: fulli→ful, 3: ful goes, 5: e after a short syllable stays
    [InlineData("consolatory", "consolatori")]
    [InlineData("conspicuous", "conspicu")]    // 4: ous in R2
    [InlineData("constance", "constanc")]      // 5: e in R2
    [InlineData("knives", "knive")]
    [InlineData("generate", "generat")]
    [InlineData("runners", "runner")]          // 4: er outside R2 stays
    [InlineData("quickly", "quick")]
    [InlineData("were", "were")]
    [InlineData("skies", "sky")]               // exceptional forms
    [InlineData("dying", "die")]
    [InlineData("news", "news")]
    [InlineData("proceed", "proceed")]         // left alone after step 1a
    [InlineData("by", "by")]                   // two letters: unchanged
    [InlineData("cry", "cri")]                 // 1c
    [InlineData("say", "say")]                 // y after a vowel is a consonant
    public void Stems_as_porter2(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));
}
