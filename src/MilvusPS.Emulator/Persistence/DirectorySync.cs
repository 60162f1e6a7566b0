using System.Runtime.InteropServices;

namespace MilvusPS.Emulator.Persistence;

/// <summary>
/// Makes renames and new files in a folder durable. A rename is a change to the folder, not to the file: until the folder
/// itself is fsync'd, a power loss can bring back the old name. The snapshot swap depends on it, because the log is
/// emptied right after. On Unix the folder is opened and fsync'd. On Windows a rename is a journalled metadata change
/// and a folder cannot be flushed this way, so nothing is done there.
/// </summary>
internal static class DirectorySync
{
    /// <summary>Flushes the folder's entries to disk (Unix); throws IOException when the system refuses.</summary>
    public static void Flush(string folder)
    {
        if (OperatingSystem.IsWindows()) return;
        var fd = Open(folder, 0 /* O_RDONLY */);
        if (fd < 0) throw new IOException($"Cannot open the folder '{folder}' to flush it (errno {Marshal.GetLastPInvokeError()}).");
        try
        {
            if (Fsync(fd) != 0) throw new IOException($"Cannot flush the folder '{folder}' (errno {Marshal.GetLastPInvokeError()}).");
        }
        finally
        {
            _ = Close(fd);
        }
    }

    // Plain DllImport (no unsafe code): on Unix, string arguments go to the C library as UTF-8.
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static extern int Fsync(int fd);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);
}
