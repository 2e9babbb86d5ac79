using System.Text;
using System.Text.Json;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using SesMail.Tests.Support;

namespace SesMail.Tests.Emulator.Kms;

/// <summary>KMS through the AWS SDK for .NET v4 (JSON 1.1) and the AWS CLI.</summary>
[Collection(EmulatorCollection.Name)]
[Trait("Kind", "Contract")]
public sealed class KmsProviderTests(EmulatorFixture emulator) : IDisposable
{
    private readonly AmazonKeyManagementServiceClient _kms = new(EmulatorFixture.Credentials, emulator.Configure(new AmazonKeyManagementServiceConfig()));

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public void Dispose() => _kms.Dispose();

    [Fact]
    public async Task CreateKey_ThenDescribeKey_ReturnsEnabledSymmetricKey()
    {
        var created = await _kms.CreateKeyAsync(new CreateKeyRequest { Description = "smtp credentials" }, Token);

        var described = await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = created.KeyMetadata.Arn }, Token);

        var metadata = described.KeyMetadata;
        metadata.KeyId.Should().Be(created.KeyMetadata.KeyId);
        metadata.Arn.Should().Be($"arn:aws:kms:ap-southeast-2:000000000000:key/{metadata.KeyId}");
        metadata.AWSAccountId.Should().Be("000000000000");
        metadata.Description.Should().Be("smtp credentials");
        metadata.Enabled.Should().BeTrue();
        metadata.KeyState.Should().Be(KeyState.Enabled);
        metadata.KeyUsage.Should().Be(KeyUsageType.ENCRYPT_DECRYPT);
        metadata.KeySpec.Should().Be(KeySpec.SYMMETRIC_DEFAULT);
        metadata.CreationDate.Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task ListKeys_WithLimit_PagesThroughEveryKey()
    {
        var created = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            created.Add((await _kms.CreateKeyAsync(new CreateKeyRequest(), Token)).KeyMetadata.KeyId);
        }

        var seen = new List<KeyListEntry>();
        string? marker = null;
        var pages = 0;
        do
        {
            var page = await _kms.ListKeysAsync(new ListKeysRequest { Limit = 2, Marker = marker }, Token);
            seen.AddRange(page.Keys);
            marker = page.Truncated == true ? page.NextMarker : null;
            pages++;
        }
        while (marker is not null && pages < 1000);
        var badLimit = int.Parse("1001", System.Globalization.CultureInfo.InvariantCulture);
        var tooMany = () => _kms.ListKeysAsync(new ListKeysRequest { Limit = badLimit }, Token);

        seen.Select(k => k.KeyId).Should().Contain(created).And.OnlyHaveUniqueItems();
        seen.Should().OnlyContain(k => k.KeyArn == $"arn:aws:kms:ap-southeast-2:000000000000:key/{k.KeyId}");
        pages.Should().BeGreaterThan(1);
        (await tooMany.Should().ThrowAsync<AmazonKeyManagementServiceException>()).Which.ErrorCode.Should().Be("ValidationException");
    }

    [Fact]
    public async Task GenerateRandom_NumberOfBytes_ReturnsThatManyRandomBytes()
    {
        var first = await _kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 32 }, Token);
        var second = await _kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = 32 }, Token);
        var tooMany = int.Parse("1025", System.Globalization.CultureInfo.InvariantCulture);
        var act = () => _kms.GenerateRandomAsync(new GenerateRandomRequest { NumberOfBytes = tooMany }, Token);

        first.Plaintext.ToArray().Should().HaveCount(32);
        first.Plaintext.ToArray().Should().NotEqual(second.Plaintext.ToArray());
        (await act.Should().ThrowAsync<AmazonKeyManagementServiceException>()).Which.ErrorCode.Should().Be("ValidationException");
    }

    [Fact]
    public async Task DescribeKey_Missing_ThrowsNotFound()
    {
        var act = () => _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = Guid.NewGuid().ToString() }, Token);

        await act.Should().ThrowAsync<NotFoundException>();
    }

    [Fact]
    public async Task CreateAlias_ThenListAliasesAndUseAlias_ResolvesToKey()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest(), Token)).KeyMetadata;
        var alias = $"alias/ses-mail-test-{Guid.NewGuid():N}";

        await _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId }, Token);
        var listed = await _kms.ListAliasesAsync(new ListAliasesRequest { KeyId = key.KeyId }, Token);
        var byAlias = await _kms.DescribeKeyAsync(new DescribeKeyRequest { KeyId = alias }, Token);
        var again = () => _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = alias, TargetKeyId = key.KeyId }, Token);
        var reserved = () => _kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/aws/mine", TargetKeyId = key.KeyId }, Token);

        var entry = listed.Aliases.Should().ContainSingle().Subject;
        entry.AliasName.Should().Be(alias);
        entry.AliasArn.Should().Be($"arn:aws:kms:ap-southeast-2:000000000000:{alias}");
        entry.TargetKeyId.Should().Be(key.KeyId);
        byAlias.KeyMetadata.KeyId.Should().Be(key.KeyId);
        await again.Should().ThrowAsync<AlreadyExistsException>();
        await reserved.Should().ThrowAsync<InvalidAliasNameException>();
    }

    [Fact]
    public async Task Encrypt_ThenDecryptWithoutKeyId_RoundTripsAndNamesTheKey()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest(), Token)).KeyMetadata;
        var context = new Dictionary<string, string> { ["purpose"] = "smtp" };

        var encrypted = await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream(Encoding.UTF8.GetBytes("p@ssw0rd")), EncryptionContext = context }, Token);
        var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = encrypted.CiphertextBlob, EncryptionContext = context }, Token);

        encrypted.KeyId.Should().Be(key.Arn);
        Convert.ToHexString(encrypted.CiphertextBlob.ToArray()).Should().NotContain(Convert.ToHexString(Encoding.UTF8.GetBytes("p@ssw0rd")), "the plaintext must not appear in the ciphertext as a run of bytes");
        decrypted.KeyId.Should().Be(key.Arn);
        Encoding.UTF8.GetString(decrypted.Plaintext.ToArray()).Should().Be("p@ssw0rd");
    }

    [Fact]
    public async Task Decrypt_TamperedOrWrongContext_ThrowsInvalidCiphertext()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest(), Token)).KeyMetadata;
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1, 2, 3]), EncryptionContext = new() { ["a"] = "1" } }, Token)).CiphertextBlob.ToArray();
        var tampered = (byte[])blob.Clone();
        tampered[^1] ^= 0xFF;

        var wrongContext = () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob), EncryptionContext = new() { ["a"] = "2" } }, Token);
        var altered = () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(tampered), EncryptionContext = new() { ["a"] = "1" } }, Token);
        var garbage = () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(Encoding.UTF8.GetBytes("not a ciphertext at all, really not")) }, Token);

        await wrongContext.Should().ThrowAsync<InvalidCiphertextException>();
        await altered.Should().ThrowAsync<InvalidCiphertextException>();
        await garbage.Should().ThrowAsync<InvalidCiphertextException>();
    }

    [Fact]
    public async Task Decrypt_WithAnotherKeyId_ThrowsIncorrectKey()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest(), Token)).KeyMetadata;
        var other = (await _kms.CreateKeyAsync(new CreateKeyRequest(), Token)).KeyMetadata;
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([1]) }, Token)).CiphertextBlob;

        var act = () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = blob, KeyId = other.KeyId }, Token);

        await act.Should().ThrowAsync<IncorrectKeyException>();
    }

    [Fact]
    public async Task Decrypt_KeyPendingDeletion_ThrowsKmsInvalidStateAndDisabledKeyThrowsDisabled()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest(), Token)).KeyMetadata;
        var blob = (await _kms.EncryptAsync(new EncryptRequest { KeyId = key.KeyId, Plaintext = new MemoryStream([9]) }, Token)).CiphertextBlob.ToArray();

        var scheduled = await _kms.ScheduleKeyDeletionAsync(new ScheduleKeyDeletionRequest { KeyId = key.KeyId, PendingWindowInDays = 7 }, Token);
        var pending = () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }, Token);
        await pending.Should().ThrowAsync<KMSInvalidStateException>();
        await _kms.CancelKeyDeletionAsync(new CancelKeyDeletionRequest { KeyId = key.KeyId }, Token);
        var disabled = () => _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }, Token);
        await disabled.Should().ThrowAsync<DisabledException>();
        await _kms.EnableKeyAsync(new EnableKeyRequest { KeyId = key.KeyId }, Token);
        var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }, Token);

        scheduled.KeyState.Should().Be(KeyState.PendingDeletion);
        decrypted.Plaintext.ToArray().Should().Equal(9);
    }

    [Fact]
    public async Task GenerateDataKey_Aes256_ReturnsPlaintextThatDecryptsBack()
    {
        var key = (await _kms.CreateKeyAsync(new CreateKeyRequest(), Token)).KeyMetadata;

        var dataKey = await _kms.GenerateDataKeyAsync(new GenerateDataKeyRequest { KeyId = key.KeyId, KeySpec = DataKeySpec.AES_256 }, Token);
        var decrypted = await _kms.DecryptAsync(new DecryptRequest { CiphertextBlob = dataKey.CiphertextBlob }, Token);

        dataKey.Plaintext.ToArray().Should().HaveCount(32);
        dataKey.KeyId.Should().Be(key.Arn);
        decrypted.Plaintext.ToArray().Should().Equal(dataKey.Plaintext.ToArray());
    }

    [Fact]
    public async Task Keys_AfterEmulatorRestart_StillDecrypt()
    {
        var folder = Path.Combine(Path.GetTempPath(), "sesmail-tests", Guid.NewGuid().ToString("N"));
        try
        {
            byte[] blob;
            var (first, url) = await SesMail.Emulator.Hosting.EmulatorApp.StartAsync(o => { o.Port = 0; o.DataDirectory = folder; }, Token);
            await using (first)
            {
                using var kms = Client(url);
                var key = (await kms.CreateKeyAsync(new CreateKeyRequest(), Token)).KeyMetadata;
                await kms.CreateAliasAsync(new CreateAliasRequest { AliasName = "alias/restart", TargetKeyId = key.KeyId }, Token);
                blob = (await kms.EncryptAsync(new EncryptRequest { KeyId = "alias/restart", Plaintext = new MemoryStream([4, 2]) }, Token)).CiphertextBlob.ToArray();
                await first.StopAsync(Token);
            }

            var (second, url2) = await SesMail.Emulator.Hosting.EmulatorApp.StartAsync(o => { o.Port = 0; o.DataDirectory = folder; }, Token);
            await using (second)
            {
                using var kms = Client(url2);
                var decrypted = await kms.DecryptAsync(new DecryptRequest { CiphertextBlob = new MemoryStream(blob) }, Token);
                var aliases = await kms.ListAliasesAsync(new ListAliasesRequest(), Token);
                await second.StopAsync(Token);

                decrypted.Plaintext.ToArray().Should().Equal(4, 2);
                aliases.Aliases.Select(a => a.AliasName).Should().Contain("alias/restart");
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Keys_WithCli_CreateAliasEncryptDecryptAndFailOnMissingKey()
    {
        var key = await CliJsonAsync("kms", "create-key", "--description", "cli");
        var keyId = key.GetProperty("KeyMetadata").GetProperty("KeyId").GetString()!;
        var alias = $"alias/cli-{Guid.NewGuid():N}";
        await CliJsonAsync("kms", "create-alias", "--alias-name", alias, "--target-key-id", keyId);
        var aliases = await CliJsonAsync("kms", "list-aliases", "--key-id", keyId);
        var described = await CliJsonAsync("kms", "describe-key", "--key-id", alias);
        var encrypted = await CliJsonAsync("kms", "encrypt", "--key-id", alias, "--plaintext", Convert.ToBase64String("secret"u8), "--encryption-context", "purpose=cli");
        var decrypted = await CliJsonAsync("kms", "decrypt", "--ciphertext-blob", encrypted.GetProperty("CiphertextBlob").GetString()!, "--encryption-context", "purpose=cli");
        var dataKey = await CliJsonAsync("kms", "generate-data-key", "--key-id", keyId, "--key-spec", "AES_128");
        var (exit, _, error) = await AwsCli.RunAsync(emulator.BaseUrl, "kms", "describe-key", "--key-id", Guid.NewGuid().ToString());

        aliases.GetProperty("Aliases")[0].GetProperty("AliasName").GetString().Should().Be(alias);
        described.GetProperty("KeyMetadata").GetProperty("KeyId").GetString().Should().Be(keyId);
        Encoding.UTF8.GetString(Convert.FromBase64String(decrypted.GetProperty("Plaintext").GetString()!)).Should().Be("secret");
        Convert.FromBase64String(dataKey.GetProperty("Plaintext").GetString()!).Should().HaveCount(16);
        exit.Should().NotBe(0);
        error.Should().Contain("NotFoundException");
    }

    private static AmazonKeyManagementServiceClient Client(Uri url) =>
        new(EmulatorFixture.Credentials, new AmazonKeyManagementServiceConfig { ServiceURL = url.ToString(), AuthenticationRegion = EmulatorFixture.Region });

    private async Task<JsonElement> CliJsonAsync(params string[] args)
    {
        var (exit, output, error) = await AwsCli.RunAsync(emulator.BaseUrl, args);
        exit.Should().Be(0, error);
        return output.Trim().Length == 0 ? default : JsonDocument.Parse(output).RootElement.Clone();
    }
}
