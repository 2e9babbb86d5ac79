using System.IO.Compression;
using SesMail.Cli.Deploy;

namespace SesMail.Tests.Cli.Deploy;

[Trait("Kind", "Unit")]
public sealed class FunctionPackageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "sesmail-package-" + Guid.NewGuid().ToString("N"));

    public FunctionPackageTests()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "publish", "runtimes"));
        File.WriteAllText(Path.Combine(_folder, "publish", "SesMail.Functions.dll"), "code");
        File.WriteAllText(Path.Combine(_folder, "publish", "runtimes", "native.so"), "native");
        File.WriteAllText(Path.Combine(_folder, "publish", "bootstrap"), "#!/bin/sh");
    }

    [Fact]
    public void Zip_SameFilesTwice_SameBytesAndSameKey()
    {
        var first = Path.Combine(_folder, "a.zip");
        var second = Path.Combine(_folder, "b.zip");

        FunctionPackage.Zip(Path.Combine(_folder, "publish"), first);
        File.SetLastWriteTimeUtc(Path.Combine(_folder, "publish", "SesMail.Functions.dll"), DateTime.UtcNow.AddHours(1));
        FunctionPackage.Zip(Path.Combine(_folder, "publish"), second);

        File.ReadAllBytes(second).Should().Equal(File.ReadAllBytes(first), "a rebuild with the same output must not change the key, so it does not change the stack");
        FunctionPackage.Key(first).Should().MatchRegex("^functions/SesMail\\.Functions-[0-9a-f]{16}\\.zip$").And.Be(FunctionPackage.Key(second));
    }

    [Fact]
    public void Zip_ChangedFile_DifferentKey()
    {
        var first = Path.Combine(_folder, "a.zip");
        var second = Path.Combine(_folder, "b.zip");
        FunctionPackage.Zip(Path.Combine(_folder, "publish"), first);

        File.WriteAllText(Path.Combine(_folder, "publish", "SesMail.Functions.dll"), "code v2");
        FunctionPackage.Zip(Path.Combine(_folder, "publish"), second);

        FunctionPackage.Key(second).Should().NotBe(FunctionPackage.Key(first));
    }

    [Fact]
    public void Zip_Folder_SortedEntriesWithUnixModes()
    {
        var zip = Path.Combine(_folder, "a.zip");

        FunctionPackage.Zip(Path.Combine(_folder, "publish"), zip);

        using var archive = ZipFile.OpenRead(zip);
        archive.Entries.Select(e => e.FullName).Should().Equal("SesMail.Functions.dll", "bootstrap", "runtimes/native.so");
        archive.GetEntry("bootstrap")!.ExternalAttributes.Should().Be(0b111_101_101 << 16, "Lambda runs bootstrap, so it must be executable");
        archive.GetEntry("SesMail.Functions.dll")!.ExternalAttributes.Should().Be(0b110_100_100 << 16);
    }

    [Fact]
    public void FindRepositoryRoot_InsideTheRepository_FindsTheFolderWithTheFunctionsProject()
    {
        var root = FunctionPackage.FindRepositoryRoot(AppContext.BaseDirectory);

        root.Should().NotBeNull();
        File.Exists(Path.Combine(root!, FunctionPackage.ProjectPath)).Should().BeTrue();
        FunctionPackage.FindRepositoryRoot(Path.GetTempPath()).Should().BeNull();
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
