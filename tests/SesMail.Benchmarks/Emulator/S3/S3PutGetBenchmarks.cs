using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using SesMail.Emulator.Hosting;

namespace SesMail.Benchmarks.Emulator.S3;

/// <summary>
/// One S3 PutObject followed by one GetObject (body read to the end) through AWSSDK.S3 v4, against our emulator and
/// against the npm emulator <c>s3rver</c> started on a loopback port in the same run.
/// </summary>
/// <remarks>
/// s3rver 3.7 does not decode the SDK's default body encoding (aws-chunked with a trailing CRC32: it stores the chunk
/// framing as content), so the side-by-side targets use plain signed bodies without additional checksums
/// (<c>UseChunkEncoding = false</c>, checksums WHEN_REQUIRED); <c>SesMail.Emulator/aws-chunked</c> adds our emulator
/// with the SDK's defaults. s3rver is looked up in <c>S3RVER_BIN</c>, <c>.ci/node/node_modules/.bin/s3rver</c> (CI installs it from
/// <c>.ci/npm-packages.txt</c>) and <c>/tmp/s3rver-bench/node_modules/.bin/s3rver</c>; when none exists the s3rver
/// cases fail in setup with a message saying so. Run:
/// <c>dotnet run -c Release --project tests/SesMail.Benchmarks -- --filter '*S3PutGet*' --job short</c>.
/// </remarks>
[MemoryDiagnoser]
public class S3PutGetBenchmarks
{
    private const string Bucket = "bench";
    private WebApplication? _emulator;
    private Process? _s3rver;
    private string? _dataDirectory;
    private AmazonS3Client _client = null!;
    private byte[] _payload = null!;
    private readonly byte[] _sink = new byte[128 * 1024];
    private int _counter;

    /// <summary>Which server answers.</summary>
    [Params("SesMail.Emulator", "SesMail.Emulator/aws-chunked", "s3rver")]
    public string Target { get; set; } = "SesMail.Emulator";

    /// <summary>Object size in bytes: 20 KB (an email) and 10 MB (a large attachment).</summary>
    [Params(20 * 1024, 10 * 1024 * 1024)]
    public int Size { get; set; }

    private bool SdkDefaults => Target.EndsWith("/aws-chunked", StringComparison.Ordinal);

    [GlobalSetup]
    public void Setup()
    {
        _payload = new byte[Size];
        new Random(42).NextBytes(_payload);
        _dataDirectory = Directory.CreateTempSubdirectory("sesmail-bench-s3-").FullName;
        Uri endpoint;
        AWSCredentials credentials;
        if (Target == "s3rver")
        {
            var port = FreePort();
            _s3rver = Process.Start(new ProcessStartInfo(FindS3rver())
            {
                ArgumentList = { "-d", _dataDirectory, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent", "--allow-mismatched-signatures" },
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            endpoint = new Uri($"http://127.0.0.1:{port}");
            credentials = new BasicAWSCredentials("S3RVER", "S3RVER");
            WaitForPort(port);
        }
        else
        {
            (_emulator, endpoint) = EmulatorApp.StartAsync(options =>
            {
                options.Port = 0;
                options.DataDirectory = _dataDirectory;
            }).GetAwaiter().GetResult();
            credentials = new BasicAWSCredentials("AKIDBENCH", "secret");
        }

        var config = new AmazonS3Config
        {
            ServiceURL = endpoint.ToString(),
            ForcePathStyle = true,
            AuthenticationRegion = "ap-southeast-2",
        };
        if (!SdkDefaults)
        {
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }

        _client = new AmazonS3Client(credentials, config);
        _client.PutBucketAsync(Bucket).GetAwaiter().GetResult();
    }

    /// <summary>PUT a fresh key, then GET it back and read the body.</summary>
    [Benchmark]
    public async Task<long> PutThenGet()
    {
        var key = $"objects/{Interlocked.Increment(ref _counter)}";
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket, Key = key, InputStream = new MemoryStream(_payload, writable: false), UseChunkEncoding = SdkDefaults,
        });
        using var response = await _client.GetObjectAsync(Bucket, key);
        long total = 0;
        int read;
        while ((read = await response.ResponseStream.ReadAsync(_sink)) > 0)
        {
            total += read;
        }

        return total == Size ? total : throw new InvalidOperationException($"{Target} returned {total} bytes, expected {Size}.");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client.Dispose();
        if (_emulator is not null)
        {
            _emulator.StopAsync().GetAwaiter().GetResult();
            _emulator.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        if (_s3rver is { HasExited: false })
        {
            _s3rver.Kill(entireProcessTree: true);
            _s3rver.WaitForExit();
        }

        _s3rver?.Dispose();
        if (_dataDirectory is not null)
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private static string FindS3rver()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("S3RVER_BIN") is { Length: > 0 } fromEnvironment)
        {
            candidates.Add(fromEnvironment);
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            candidates.Add(Path.Combine(directory.FullName, ".ci", "node", "node_modules", ".bin", "s3rver"));
        }

        candidates.Add("/tmp/s3rver-bench/node_modules/.bin/s3rver");
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("s3rver is not installed: run `npm install s3rver@3.7.1` in /tmp/s3rver-bench, or set S3RVER_BIN.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void WaitForPort(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException($"s3rver did not listen on 127.0.0.1:{port} within 30 s.");
    }
}
