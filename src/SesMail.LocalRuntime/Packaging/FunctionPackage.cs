using System.IO.Compression;
using System.Reflection;
using System.Security.Cryptography;
using Amazon.S3;
using Amazon.S3.Model;

namespace SesMail.LocalRuntime.Packaging;

/// <summary>
/// The deployment package the local stack's functions are created from (<c>Code.S3Bucket</c>/<c>Code.S3Key</c>): the
/// managed <c>dotnet10</c> package built from the assemblies this process already runs (SesMail.Functions and every
/// assembly it references from this folder, as <c>dotnet publish</c> of the functions would collect them), or a zip
/// given on the command line (the Native AOT <c>provided.al2023</c> package). Entries are sorted and stamped with a fixed
/// time, so the same assemblies give the same <c>CodeSha256</c> and a restart updates no function.
/// </summary>
internal static class FunctionPackage
{
    /// <summary>The managed package (<c>SesMail.Functions-dotnet10.zip</c> contents) from this process's folder.</summary>
    /// <returns>The zip bytes.</returns>
    public static byte[] ManagedZip()
    {
        var folder = AppContext.BaseDirectory;
        var root = typeof(SesMail.Functions.FunctionSettings).Assembly;
        var files = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([root]);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (pending.Count > 0)
        {
            var assembly = pending.Pop();
            if (!seen.Add(assembly.GetName().Name ?? string.Empty))
            {
                continue;
            }

            var path = Path.Combine(folder, assembly.GetName().Name + ".dll");
            if (!File.Exists(path))
            {
                continue; // the shared framework
            }

            files.Add(path);
            foreach (var reference in assembly.GetReferencedAssemblies())
            {
                try
                {
                    pending.Push(Assembly.Load(reference));
                }
                catch (Exception error) when (error is FileNotFoundException or FileLoadException or BadImageFormatException)
                {
                    // an optional dependency that is not shipped here; the AWS-provided runtime would not find it either
                }
            }
        }

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
            {
                var entry = zip.CreateEntry(Path.GetFileName(file), CompressionLevel.Fastest);
                entry.LastWriteTime = new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero);
                using var stream = entry.Open();
                using var source = File.OpenRead(file);
                source.CopyTo(stream);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>Puts the package in the code bucket (created when missing), unless the same bytes are there already.</summary>
    /// <param name="s3">The backend's S3.</param>
    /// <param name="bucket">The code bucket.</param>
    /// <param name="key">The package's key.</param>
    /// <param name="zip">The package.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>Whether it was uploaded.</returns>
    public static async Task<bool> UploadAsync(IAmazonS3 s3, string bucket, string key, byte[] zip, CancellationToken cancellationToken)
    {
        await EnsureBucketAsync(s3, bucket, cancellationToken).ConfigureAwait(false);

        var sha = Convert.ToHexStringLower(SHA256.HashData(zip));
        try
        {
            var head = await s3.GetObjectMetadataAsync(bucket, key, cancellationToken).ConfigureAwait(false);
            if (head.Metadata["sha256"] == sha)
            {
                return false;
            }
        }
        catch (AmazonS3Exception)
        {
        }

        var put = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = new MemoryStream(zip), ContentType = "application/zip" };
        put.Metadata["sha256"] = sha;
        await s3.PutObjectAsync(put, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Creates the code bucket unless it exists.</summary>
    /// <param name="s3">The backend's S3.</param>
    /// <param name="bucket">The bucket.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the bucket exists.</returns>
    public static async Task EnsureBucketAsync(IAmazonS3 s3, string bucket, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3);
        try
        {
            await s3.PutBucketAsync(new PutBucketRequest { BucketName = bucket }, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception error) when (error.ErrorCode is "BucketAlreadyOwnedByYou" or "BucketAlreadyExists")
        {
        }
    }
}
