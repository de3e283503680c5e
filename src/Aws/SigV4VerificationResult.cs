namespace BroadcastOperator.Aws;

/// <summary>Outcome of verifying one request: the principal on success, a reason otherwise.</summary>
public sealed record SigV4VerificationResult(SigV4Failure Failure, string Detail, object? Principal, string? AccessKeyId)
{
    public bool Succeeded => Failure == SigV4Failure.None;

    public static SigV4VerificationResult Success(object principal, string accessKeyId) =>
        new(SigV4Failure.None, "", principal, accessKeyId);

    public static SigV4VerificationResult Fail(SigV4Failure failure, string detail) => new(failure, detail, null, null);
}
