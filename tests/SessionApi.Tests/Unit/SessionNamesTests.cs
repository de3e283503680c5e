using BroadcastOperator.SessionApi.Sessions;

namespace BroadcastOperator.SessionApi.Tests.Unit;

public sealed class SessionNamesTests
{
    [Fact]
    public void Names_are_adjective_noun_number_and_valid_resource_names()
    {
        var names = Enumerable.Range(0, 500).Select(_ => SessionNames.Next()).ToList();

        Assert.All(names, name =>
        {
            Assert.Matches("^[a-z]+-[a-z]+-[1-9][0-9]{2}$", name);
            Assert.True(SessionNames.IsWellFormed(name));
        });
        Assert.True(names.Distinct().Count() > 450, "names repeat far too often");
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("UPPER-case-1")]
    [InlineData("")]
    [InlineData("a-very-long-name-that-goes-on-and-on-and-on-past-the-sixty-three-limit")]
    public void Ids_that_cannot_be_session_names_are_refused(string id) => Assert.False(SessionNames.IsWellFormed(id));
}
