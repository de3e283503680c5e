using System.ComponentModel.DataAnnotations;

namespace BroadcastOperator.SessionApi.Options;

/// <summary>
/// Where session archives are read from, section `Archive` (environment `Archive__Directory`, `Archive__S3__Bucket`, …):
/// the folder the workers write to (the archive volume, `.local/archive` under make run), or, with a bucket, S3 (AWS mode).
/// </summary>
public sealed class ArchiveOptions
{
    public const string Section = "Archive";

    /// <summary>Folder holding {namespace}/{session}/ archives. Default /var/lib/broadcast/archive (the operator's default too).</summary>
    [Required]
    public string Directory { get; set; } = "/var/lib/broadcast/archive";

    public ArchiveS3Options S3 { get; set; } = new();

    /// <summary>How long a presigned download URL works (S3 mode). Default 15 min; 1 s to 7 days (SigV4's limit).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan PresignedUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>The bucket the workers upload archives to; the same values as the operator's `Operator__Archive__S3__*`.</summary>
public sealed class ArchiveS3Options
{
    /// <summary>Bucket; set, archives are read from S3 and files are handed out as presigned URLs. Env Archive__S3__Bucket.</summary>
    public string Bucket { get; set; } = "";

    /// <summary>Key prefix before {namespace}/{session}/. Default `archive/`. Env Archive__S3__Prefix.</summary>
    public string Prefix { get; set; } = "archive/";

    /// <summary>AWS region of the bucket. Default us-east-1. Env Archive__S3__Region.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>An S3-compatible endpoint instead of AWS's (tests, local S3); path-style addressing then. Env Archive__S3__ServiceUrl.</summary>
    public string ServiceUrl { get; set; } = "";

    public bool Enabled => Bucket.Length > 0;
}
