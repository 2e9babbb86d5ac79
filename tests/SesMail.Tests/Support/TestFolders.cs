namespace SesMail.Tests.Support;

/// <summary>Clean-up of the temporary folders the test fixtures start emulators and stacks in.</summary>
internal static class TestFolders
{
    /// <summary>
    /// Deletes a folder and everything in it if it can; one that is missing, still in use or not permitted is left
    /// behind under the temp folder, since a test's own outcome is what matters at clean-up.
    /// </summary>
    /// <param name="path">The folder.</param>
    public static void DeleteQuietly(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // Left behind.
        }
    }
}
