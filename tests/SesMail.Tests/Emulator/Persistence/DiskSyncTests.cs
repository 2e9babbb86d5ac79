using SesMail.Emulator.Persistence;

namespace SesMail.Tests.Emulator.Persistence;

/// <summary>The real folder flush (<c>open</c> + <c>fsync</c> of a folder) and its grouping of concurrent callers.</summary>
[Trait("Kind", "Unit")]
public sealed class DiskSyncTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("sesmail-disksync-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task SyncDirectoryAsync_ManyCallersAtOnce_AllComplete()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "folders are not flushed on Windows");
        var disk = new DiskSync();

        var calls = Enumerable.Range(0, 32).Select(_ => Task.Run(() => disk.SyncDirectoryAsync(_folder.FullName), TestContext.Current.CancellationToken)).ToArray();

        await Task.WhenAll(calls);
        calls.Should().OnlyContain(c => c.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task SyncDirectoryAsync_MissingFolder_FailsWithAnIOExceptionNamingIt()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "folders are not flushed on Windows");
        var missing = Path.Combine(_folder.FullName, "missing");

        var call = () => new DiskSync().SyncDirectoryAsync(missing);

        (await call.Should().ThrowAsync<IOException>()).Which.Message.Should().Contain(missing);
    }

    [Fact]
    public void SyncDirectory_ExistingFolder_ReturnsAndMissingFolder_ThrowsAnIOExceptionNamingIt()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "folders are not flushed on Windows");
        var disk = new DiskSync();
        var missing = Path.Combine(_folder.FullName, "missing");

        disk.SyncDirectory(_folder.FullName);
        var call = () => disk.SyncDirectory(missing);

        call.Should().Throw<IOException>().Which.Message.Should().Contain(missing);
    }

    [Fact]
    public void FlushFile_WrittenFile_KeepsItsContent()
    {
        var path = Path.Combine(_folder.FullName, "file");
        using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write("durable"u8);
            new DiskSync().FlushFile(file);
        }

        File.ReadAllText(path).Should().Be("durable");
    }
}
