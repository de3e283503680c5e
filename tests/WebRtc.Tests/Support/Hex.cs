using System.Globalization;

namespace BroadcastOperator.WebRtc.Tests.Support;

/// <summary>Byte literals written as RFC-style hex dumps ("00 01 00 58 ...").</summary>
internal static class Hex
{
    public static byte[] Parse(string dump)
    {
        var digits = new string(dump.Where(Uri.IsHexDigit).ToArray());
        return Enumerable.Range(0, digits.Length / 2)
            .Select(i => byte.Parse(digits.AsSpan(i * 2, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture))
            .ToArray();
    }
}
