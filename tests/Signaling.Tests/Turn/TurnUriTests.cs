using BroadcastOperator.Shared.Turn;

namespace BroadcastOperator.Signaling.Tests.Turn;

public sealed class TurnUriTests
{
    [Theory]
    [InlineData("turn:turn.example.com")]
    [InlineData("turn:turn.example.com:3478?transport=udp")]
    [InlineData("turn:127.0.0.1:3478?transport=tcp")]
    [InlineData("turns:turn.example.com:443?transport=tcp")]
    [InlineData("turn:[2001:db8::1]:3478?transport=udp")]
    public void RFC_7065_forms_are_accepted(string uri) => Assert.True(TurnUri.IsValid(uri));

    [Theory]
    [InlineData("stun:stun.example.com:3478")]
    [InlineData("turn://turn.example.com:3478")]
    [InlineData("turn:turn.example.com:0")]
    [InlineData("turn:turn.example.com:70000")]
    [InlineData("turn:turn.example.com:3478?transport=sctp")]
    [InlineData("turn:turn.example.com:3478?transport=udp&x=1")]
    [InlineData("turn:")]
    [InlineData("turn:user@turn.example.com")]
    [InlineData("TURN-server")]
    public void Anything_else_is_refused(string uri) => Assert.False(TurnUri.IsValid(uri));
}
