using System.Globalization;
using System.Text;

namespace BroadcastOperator.LocalRunner;

/// <summary>
/// Keeps one run of a container's stdout and stderr as the kubelet does, for the API server to serve
/// as pods/log: <c>{root}/{namespace}_{pod}_{uid}/{container}/{restartCount}.log</c>, one CRI line per
/// output line (<c>2026-12-05T10:00:00.123456789Z stdout F text</c>), rotated to <c>.log.1</c> past
/// <see cref="MaxBytes"/> so a chatty worker cannot fill the disk. src/EmbeddedKube/Logs reads the same layout.
/// </summary>
public sealed class ContainerLogWriter : IDisposable
{
    /// <summary>The kubelet's default containerLogMaxSize.</summary>
    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    private readonly object _gate = new();
    private readonly string _path;
    private readonly long _maxBytes;
    private FileStream _file;

    public ContainerLogWriter(string root, string ns, string pod, string uid, string container, int restartCount, long maxBytes = DefaultMaxBytes)
    {
        var directory = Path.Combine(root, $"{ns}_{pod}_{uid}", container);
        Directory.CreateDirectory(directory);
        _path = Path.Combine(directory, restartCount.ToString(CultureInfo.InvariantCulture) + ".log");
        _maxBytes = maxBytes;
        _file = Open(_path);
    }

    public long MaxBytes => _maxBytes;

    public void Write(string stream, string line)
    {
        var time = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'", CultureInfo.InvariantCulture);
        var bytes = Encoding.UTF8.GetBytes($"{time} {stream} F {line}\n");
        lock (_gate)
        {
            if (_file.Length + bytes.Length > _maxBytes && _file.Length > 0)
            {
                Rotate();
            }
            _file.Write(bytes);
            _file.Flush();
        }
    }

    /// <summary>The current file becomes <c>.log.1</c> (replacing an older one) and a new one starts.</summary>
    private void Rotate()
    {
        _file.Dispose();
        File.Move(_path, _path + ".1", overwrite: true);
        _file = Open(_path);
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);

    public void Dispose()
    {
        lock (_gate)
        {
            _file.Dispose();
        }
    }
}
