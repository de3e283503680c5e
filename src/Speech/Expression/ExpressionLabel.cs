using System.Text.Json.Serialization;

namespace BroadcastOperator.Speech.Expression;

/// <summary>The phrase's expression, by the rules of <see cref="ExpressionRules"/>; lower-case on the wire.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExpressionLabel>))]
public enum ExpressionLabel
{
    [JsonStringEnumMemberName("neutral")] Neutral,
    [JsonStringEnumMemberName("excited")] Excited,
    [JsonStringEnumMemberName("calm")] Calm,
    [JsonStringEnumMemberName("emphatic")] Emphatic,
    [JsonStringEnumMemberName("question")] Question,
}
