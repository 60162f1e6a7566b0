using MilvusPS.Core.Capabilities;
using MilvusPS.Core.Errors;
using MilvusPS.Protocol.Facts;

namespace MilvusPS.Core.Tests.Capabilities;

public class CapabilityTests
{
    [Theory]
    [InlineData("2.3.16", "Databases", true)]
    [InlineData("2.3.16", "HybridSearch", false)]
    [InlineData("2.4.0", "HybridSearch", true)]
    [InlineData("2.4.17", "AlterCollectionField", false)]
    [InlineData("2.4.18", "AlterCollectionField", true)]
    [InlineData("2.5.27", "AddCollectionField", false)]
    [InlineData("2.6.0", "AddCollectionField", true)]
    [InlineData("2.6.10", "TruncateCollection", false)]
    [InlineData("2.6.11", "TruncateCollection", true)]
    [InlineData("2.4.24", "NullableFields", false)]
    [InlineData("2.5.0", "NullableFields", true)]
    [InlineData("2.4.24", "DefaultValues", false)]
    [InlineData("2.5.3", "DefaultValues", true)]
    [InlineData("2.4.15", "ExpressionTemplates", false)]
    [InlineData("2.4.16", "ExpressionTemplates", true)]
    [InlineData("2.3.16", "SparseFloatVector", false)]
    [InlineData("2.4.1", "SparseFloatVector", true)]
    [InlineData("2.5.27", "Int8Vector", false)]
    [InlineData("2.6.22", "Int8Vector", true)]
    [InlineData("2.6.22", "PartialUpdate", true)]
    [InlineData("2.6.0", "PartialUpdate", false)]
    [InlineData("2.4.24", "SearchIteratorV2", false)]
    [InlineData("2.5.0", "SearchIteratorV2", true)]
    public void FeaturesFollowTheWireTables(string version, string feature, bool supported) =>
        Assert.Equal(supported, new ServerCapabilities(MilvusVersion.Parse(version)).Supports(feature));

    [Fact]
    public void RequireNamesTheVersionNeeded()
    {
        var caps = new ServerCapabilities(MilvusVersion.Parse("2.4.24"));
        var e = Assert.Throws<MilvusException>(() => caps.Require("AddCollectionField", "AddCollectionField", "books"));
        Assert.Equal("ServerVersionTooOld", e.ErrorId);
        Assert.Equal(MilvusErrorKind.Unsupported, e.Kind);
        Assert.Contains("Milvus 2.6.0 or later", e.Message);
        Assert.Contains("the server is Milvus 2.4.24", e.Message);
        caps.Require("HybridSearch", "HybridSearch");
    }

    [Fact]
    public void RequiredVersionIsTheLaterOfTableAndMinimum()
    {
        var feature = new ServerCapabilities(MilvusVersion.Parse("2.4.0")).Features.Single(f => f.Name == "ExpressionTemplates");
        Assert.Equal("2.4.16", feature.RequiredVersion);
        Assert.Equal("2.4.16", feature.Since);
        Assert.False(feature.Supported);
        var alter = new ServerCapabilities(MilvusVersion.Parse("2.6.22")).Features.Single(f => f.Name == "AlterCollectionField");
        Assert.Equal("2.4.18", alter.Since);
        Assert.Equal("2.6.0", alter.RequiredVersion);
        var alterOn24 = new ServerCapabilities(MilvusVersion.Parse("2.4.10")).Features.Single(f => f.Name == "AlterCollectionField");
        Assert.Equal("2.4.18", alterOn24.RequiredVersion);
    }

    [Fact]
    public void UnknownFeaturesAreAProgrammingError() =>
        Assert.Throws<ArgumentException>(() => new ServerCapabilities(MilvusVersion.Newest).Supports("Teleportation"));

    [Theory]
    [InlineData("v2.4.24", 2, 4, 24, null)]
    [InlineData("2.6.3", 2, 6, 3, null)]
    [InlineData("2.5", 2, 5, 0, null)]
    [InlineData("v2.5.0-beta", 2, 5, 0, "beta")]
    [InlineData("2.6.3-rc.1+abc", 2, 6, 3, "rc.1")]
    public void VersionsParse(string text, int major, int minor, int patch, string? pre) =>
        Assert.Equal(new MilvusVersion(major, minor, patch, pre), MilvusVersion.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("master-20260201-abc")]
    [InlineData("2.x.1")]
    public void NonVersionsDoNotParse(string text) => Assert.False(MilvusVersion.TryParse(text, out _));

    [Fact]
    public void PreReleasesSortBeforeTheirRelease()
    {
        Assert.True(MilvusVersion.Parse("2.5.0-beta") < MilvusVersion.Parse("2.5.0"));
        Assert.True(MilvusVersion.Parse("2.4.24") < MilvusVersion.Parse("2.5.0-beta"));
        Assert.True(MilvusVersion.Parse("2.10.0") > MilvusVersion.Parse("2.9.9"));
    }

    [Fact]
    public void TabulatedReleasesComeFromTheVersionTable()
    {
        Assert.Equal(MilvusVersion.Parse("2.4.24"), RpcAvailability.TabulatedReleases["2.4"]);
        Assert.Equal(MilvusVersion.Newest, RpcAvailability.TabulatedReleases["2.6"]);
    }
}
