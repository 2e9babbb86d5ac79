using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;

namespace SesMail.Infrastructure.Provisioning;

/// <summary>
/// The files <c>template.yaml</c> reads from the code bucket besides the functions' package: the folder
/// <c>statemachines/</c> beside the template, holding the <c>AWS::Include</c> snippets (<c>recovery.yaml</c>, the
/// recovery workflows' resources; <c>sending.yaml</c>, the SMTP credential manager's and outbound metrics' resources)
/// and the state machine definitions (<c>*.asl.yaml</c>, read through
/// <c>DefinitionS3Location</c>). They go to <c>s3://{CodeBucket}/{StateMachinesKey}/</c> before a deployment, as the
/// package goes to <c>s3://{CodeBucket}/{CodeKey}</c>: <c>sesmail deploy</c> and the local runtime name the folder by
/// the files' content hash (<see cref="ContentKey"/>), so a changed definition changes the stack's parameters and
/// CloudFormation updates the state machines; the template's default key <c>statemachines</c> serves
/// <c>aws cloudformation deploy</c> after an upload by hand (docs/SETUP.md, "Deploying in detail").
/// </summary>
public static class StateMachineFiles
{
    /// <summary>The folder beside the template, and the default key in the code bucket.</summary>
    public const string Folder = "statemachines";

    /// <summary>The template parameter naming the key.</summary>
    public const string KeyParameter = "StateMachinesKey";

    /// <summary>The folder beside a template file.</summary>
    /// <param name="templatePath">The template's path.</param>
    /// <returns>The <c>statemachines</c> folder next to it.</returns>
    public static string Directory(string templatePath) =>
        Path.Combine(Path.GetDirectoryName(Path.GetFullPath(templatePath))!, Folder);

    /// <summary>The files to upload, by name, in ordinal order.</summary>
    /// <param name="directory">The <c>statemachines</c> folder.</param>
    /// <returns>Each file's path.</returns>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    public static IReadOnlyList<string> Files(string directory) =>
        [.. System.IO.Directory.GetFiles(directory, "*.yaml").Concat(System.IO.Directory.GetFiles(directory, "*.json")).Order(StringComparer.Ordinal)];

    /// <summary><c>statemachines/{first 16 hex digits of the SHA-256 of every file's name and content}</c>.</summary>
    /// <param name="directory">The <c>statemachines</c> folder.</param>
    /// <returns>The key.</returns>
    public static string ContentKey(string directory)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Files(directory))
        {
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            hash.AppendData(File.ReadAllBytes(file));
        }

        return $"{Folder}/{Convert.ToHexStringLower(hash.GetHashAndReset())[..16]}";
    }

    /// <summary>
    /// Puts every file under <c>s3://{bucket}/{key}/</c>. A content-hash key already holding the files is left as it is.
    /// </summary>
    /// <param name="s3">The S3 client of the account that deploys.</param>
    /// <param name="bucket">The code bucket (it must exist).</param>
    /// <param name="directory">The <c>statemachines</c> folder.</param>
    /// <param name="key">The key to upload under; <c>null</c> for <see cref="ContentKey"/>.</param>
    /// <param name="cancellationToken">Cancels the upload.</param>
    /// <returns>The key, for the <see cref="KeyParameter"/> parameter.</returns>
    /// <exception cref="AmazonS3Exception">S3 refused an upload (for instance <c>NoSuchBucket</c>).</exception>
    public static async Task<string> UploadAsync(IAmazonS3 s3, string bucket, string directory, string? key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(s3);
        var hashed = key is null;
        key ??= ContentKey(directory);
        var files = Files(directory);
        if (hashed && await HasAsync(s3, bucket, $"{key}/{Path.GetFileName(files[^1])}", cancellationToken).ConfigureAwait(false))
        {
            return key; // a content-addressed folder never changes
        }

        foreach (var file in files)
        {
            await s3.PutObjectAsync(
                new PutObjectRequest
                {
                    BucketName = bucket,
                    Key = $"{key}/{Path.GetFileName(file)}",
                    FilePath = file,
                    ContentType = file.EndsWith(".json", StringComparison.Ordinal) ? "application/json" : "application/x-yaml",
                },
                cancellationToken).ConfigureAwait(false);
        }

        return key;
    }

    private static async Task<bool> HasAsync(IAmazonS3 s3, string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            await s3.GetObjectMetadataAsync(new GetObjectMetadataRequest { BucketName = bucket, Key = key }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (AmazonS3Exception error) when (error.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return false;
        }
    }
}
