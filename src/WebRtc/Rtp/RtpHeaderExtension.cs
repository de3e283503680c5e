namespace BroadcastOperator.WebRtc.Rtp;

/// <summary>
/// Elements of an RTP header extension block (RFC 8285): the one-byte form (profile 0xBEDE, ids
/// 1-14, 1-16 bytes each) and the two-byte form (profile 0x100X, ids 1-255, 0-255 bytes).
/// <code>
///  one-byte:  | ID(4) | L(4) | data (L+1 bytes) ...      two-byte:  | ID(8) | length(8) | data ...
/// </code>
/// Padding bytes (0) between elements are skipped; malformed blocks simply yield no element.
/// </summary>
public static class RtpHeaderExtension
{
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>Finds element <paramref name="id"/> in the extension block <paramref name="extension"/> of <paramref name="profile"/>.</summary>
    public static bool TryFind(ushort profile, ReadOnlySpan<byte> extension, int id, out ReadOnlySpan<byte> value)
    {
        value = default;
        var twoByte = (profile & 0xFFF0) == 0x1000;
        if (profile != OneByteProfile && !twoByte)
        {
            return false;
        }

        var offset = 0;
        while (offset < extension.Length)
        {
            if (extension[offset] == 0)
            {
                offset++; // padding
                continue;
            }

            int elementId, length, header;
            if (twoByte)
            {
                if (offset + 1 >= extension.Length)
                {
                    return false;
                }

                (elementId, length, header) = (extension[offset], extension[offset + 1], 2);
            }
            else
            {
                (elementId, length, header) = (extension[offset] >> 4, (extension[offset] & 0x0F) + 1, 1);
                if (elementId == 15)
                {
                    return false; // reserved: stop processing (RFC 8285 §4.2)
                }
            }

            if (offset + header + length > extension.Length)
            {
                return false;
            }

            if (elementId == id)
            {
                value = extension.Slice(offset + header, length);
                return true;
            }

            offset += header + length;
        }

        return false;
    }

    /// <summary>
    /// The client-to-mixer audio level (RFC 6464) in element <paramref name="id"/> of <paramref name="packet"/>:
    /// level in -dBov (0 loudest, 127 silence) and the voice-activity flag.
    /// </summary>
    public static bool TryGetAudioLevel(ReadOnlySpan<byte> packet, in RtpHeader header, int id, out int levelDbov, out bool voice)
    {
        levelDbov = 127;
        voice = false;
        if (!header.HasExtension || !TryFind(header.ExtensionProfile, packet.Slice(header.ExtensionOffset, header.ExtensionLength), id, out var value) || value.Length < 1)
        {
            return false;
        }

        levelDbov = value[0] & 0x7F;
        voice = (value[0] & 0x80) != 0;
        return true;
    }
}
