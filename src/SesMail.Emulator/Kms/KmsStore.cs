using System.Collections.Concurrent;
using System.Text.Json;
using SesMail.Emulator.Hosting;

namespace SesMail.Emulator.Kms;

/// <summary>
/// Keys (metadata and 256-bit secret material) and aliases, kept in memory and written to
/// <c>{DataDirectory}/kms/</c> (one file per key and per alias), so ciphertexts stay decryptable across restarts.
/// </summary>
internal sealed class KmsStore
{
    private readonly ConcurrentDictionary<(string Region, string KeyId), KmsKeyFile> _keys = new();
    private readonly ConcurrentDictionary<(string Region, string Alias), AliasListEntry> _aliases = new();
    private readonly string _keysFolder;
    private readonly string _aliasesFolder;

    public KmsStore(EmulatorOptions options)
    {
        _keysFolder = Path.Combine(options.DataDirectory, "kms", "keys");
        _aliasesFolder = Path.Combine(options.DataDirectory, "kms", "aliases");
        Directory.CreateDirectory(_keysFolder);
        Directory.CreateDirectory(_aliasesFolder);
        foreach (var file in Directory.EnumerateFiles(_keysFolder, "*.json"))
        {
            if (Read(file, KmsJsonContext.Default.KmsKeyFile) is { } key)
            {
                _keys[(key.Region, key.Metadata.KeyId)] = key;
            }
        }

        foreach (var file in Directory.EnumerateFiles(_aliasesFolder, "*.json"))
        {
            if (Read(file, KmsJsonContext.Default.KmsAliasFile) is { } alias)
            {
                _aliases[(alias.Region, alias.Alias.AliasName)] = alias.Alias;
            }
        }
    }

    public KmsKeyFile? Key(string region, string keyId) => _keys.GetValueOrDefault((region, keyId));

    public void Save(KmsKeyFile key)
    {
        _keys[(key.Region, key.Metadata.KeyId)] = key;
        Write(Path.Combine(_keysFolder, $"{key.Region}.{key.Metadata.KeyId}.json"), JsonSerializer.SerializeToUtf8Bytes(key, KmsJsonContext.Default.KmsKeyFile));
    }

    public AliasListEntry? Alias(string region, string aliasName) => _aliases.GetValueOrDefault((region, aliasName));

    public bool TryAddAlias(string region, AliasListEntry alias)
    {
        if (!_aliases.TryAdd((region, alias.AliasName), alias))
        {
            return false;
        }

        Write(AliasPath(region, alias.AliasName), JsonSerializer.SerializeToUtf8Bytes(new KmsAliasFile(region, alias), KmsJsonContext.Default.KmsAliasFile));
        return true;
    }

    public bool RemoveAlias(string region, string aliasName)
    {
        if (!_aliases.TryRemove((region, aliasName), out _))
        {
            return false;
        }

        File.Delete(AliasPath(region, aliasName));
        return true;
    }

    public IEnumerable<KmsKeyFile> Keys(string region) =>
        _keys.Where(k => k.Key.Region == region).Select(k => k.Value).OrderBy(k => k.Metadata.KeyId, StringComparer.Ordinal);

    public IEnumerable<AliasListEntry> Aliases(string region) =>
        _aliases.Where(a => a.Key.Region == region).Select(a => a.Value).OrderBy(a => a.AliasName, StringComparer.Ordinal);

    private string AliasPath(string region, string aliasName) =>
        Path.Combine(_aliasesFolder, $"{region}.{Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(aliasName))}.json");

    private static void Write(string path, byte[] bytes)
    {
        var temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    private static T? Read<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(path), type);
        }
        catch (Exception error) when (error is JsonException or IOException)
        {
            return null; // a damaged file loses that key; the emulator still starts
        }
    }
}
