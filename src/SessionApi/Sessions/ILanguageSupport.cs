namespace BroadcastOperator.SessionApi.Sessions;

/// <summary>Which source→target pairs the configured speech engines serve.</summary>
public interface ILanguageSupport
{
    bool Serves(string source, string target);

    /// <summary>The served pairs as `en->es`, for refusal messages.</summary>
    IReadOnlyList<string> DescribeServedPairs();
}
