using System.Net;

namespace MilvusPS.Emulator.Hosting;

/// <summary>Turns <see cref="EmulatorOptions.Host"/> into the address Kestrel binds and the host clients dial.</summary>
internal static class ListenAddress
{
    public static bool TryParse(string host, out IPAddress address)
    {
        switch (host.Trim())
        {
            case "localhost":
                // Kestrel cannot bind "localhost" to a dynamic port; loopback IPv4 is what clients resolve first anyway.
                address = IPAddress.Loopback;
                return true;
            case "*" or "0.0.0.0":
                address = IPAddress.Any;
                return true;
            case "::" or "[::]":
                address = IPAddress.IPv6Any;
                return true;
            default:
                return IPAddress.TryParse(host.Trim().Trim('[', ']'), out address!);
        }
    }

    /// <summary>The host part of the URI clients should use.</summary>
    public static string DialHost(IPAddress bound, bool tls)
    {
        if (tls && (IPAddress.IsLoopback(bound) || bound.Equals(IPAddress.Any) || bound.Equals(IPAddress.IPv6Any)))
            return "localhost"; // certificates name hosts, and test certificates name localhost
        if (bound.Equals(IPAddress.Any)) return "127.0.0.1";
        if (bound.Equals(IPAddress.IPv6Any)) return "[::1]";
        return bound.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{bound}]" : bound.ToString();
    }
}
