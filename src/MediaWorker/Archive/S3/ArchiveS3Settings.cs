namespace BroadcastOperator.MediaWorker.Archive.S3;

/// <summary>
/// Where the archive goes in AWS mode (the <c>BROADCAST_ARCHIVE_S3_…</c> variables the operator sets from its
/// <c>Operator__Worker__ArchiveS3__…</c> settings): the bucket, the session's key prefix ({prefix}{namespace}/{session}/),
/// the server-side encryption every object is written with, and an S3-compatible endpoint instead of AWS's (tests).
/// </summary>
public sealed record ArchiveS3Settings(string Bucket, string KeyPrefix, string Region)
{
    /// <summary>AES256 (S3-managed keys, the default) or aws:kms (then <see cref="KmsKeyId"/>, or the account's default KMS key).</summary>
    public string ServerSideEncryption { get; init; } = "AES256";

    public string? KmsKeyId { get; init; }

    /// <summary>An S3-compatible endpoint (path-style addressing); null: AWS's regional endpoint.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>How often new bytes are looked for and the manifest is put while the session runs.</summary>
    public TimeSpan SyncInterval { get; init; } = TimeSpan.FromSeconds(10);

    public string Location => $"s3://{Bucket}/{KeyPrefix}";
}
