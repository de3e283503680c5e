using System.Text.Json;
using BroadcastOperator.MediaWorker.Captions;
using BroadcastOperator.Speech.Expression;
using BroadcastOperator.Speech.Model;

namespace BroadcastOperator.MediaWorker.Tests;

public sealed class CaptionFormatTests
{
    [Fact]
    public void A_final_caption_carries_the_phrases_expression_label_and_figures()
    {
        var prosody = new PhraseProsody(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1.6), 9, 5.6, 3.1, -14.2, 182, 4.5, 1.5, 1, TimeSpan.FromMilliseconds(300));
        var expression = new PhraseExpression(ExpressionLabel.Excited, 1.32, 6.1, 3.2, 1.2, 1.5, prosody);
        var caption = new CaptionEvent(new PhraseId(4), "es", "la casa es muy grande", true, false, TimeSpan.Zero, TimeSpan.FromSeconds(2))
        {
            Expression = expression,
        };

        var text = CaptionsEndpoint.Format(caption);
        using var body = JsonDocument.Parse(text[(text.IndexOf("data: ", StringComparison.Ordinal) + 6)..].Trim());
        var e = body.RootElement.GetProperty("expression");
        Assert.Equal("excited", e.GetProperty("label").GetString());
        Assert.Equal(1.32, e.GetProperty("rateRatio").GetDouble());
        Assert.Equal(6.1, e.GetProperty("loudnessDeltaDb").GetDouble());
        Assert.Equal(182, e.GetProperty("f0Hz").GetDouble());
        Assert.Equal(300, e.GetProperty("pauseMs").GetInt64());

        var partial = CaptionsEndpoint.Format(caption with { IsFinal = false, Expression = null });
        Assert.Contains("\"expression\":null", partial, StringComparison.Ordinal);
    }
}
