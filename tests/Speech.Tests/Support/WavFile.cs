namespace BroadcastOperator.Speech.Tests.Support;

/// <summary>Reads 16-bit PCM mono RIFF/WAVE files (the librivox test utterances).</summary>
public static class WavFile
{
    public static (short[] Samples, int SampleRate) Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var offset = 12;
        var sampleRate = 0;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BitConverter.ToInt32(bytes, offset + 4);
            if (id == "fmt ")
            {
                sampleRate = BitConverter.ToInt32(bytes, offset + 12);
            }
            else if (id == "data")
            {
                var length = Math.Min(size, bytes.Length - offset - 8) / 2;
                var samples = new short[length];
                Buffer.BlockCopy(bytes, offset + 8, samples, 0, length * 2);
                return (samples, sampleRate);
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk");
    }
}
