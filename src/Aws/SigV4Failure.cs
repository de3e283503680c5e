namespace BroadcastOperator.Aws;

/// <summary>Why a request's SigV4 authentication was refused (also the metric label).</summary>
public enum SigV4Failure
{
    None,
    MissingAuthentication,
    MalformedAuthentication,
    UnknownAccessKey,
    InvalidSessionToken,
    ExpiredCredential,
    RequestExpired,
    WrongScope,
    SignatureMismatch,
}
