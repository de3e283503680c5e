using BroadcastOperator.Operator.Options;

namespace BroadcastOperator.Operator.Tests.Reconcile;

public sealed class WorkerOptionsValidatorTests
{
    private static List<string> Errors(Action<WorkerOptions> configure)
    {
        var options = new OperatorOptions();
        configure(options.Worker);
        var result = new OperatorOptionsValidator().Validate(null, options);
        return result.Failed ? result.Failures.ToList() : [];
    }

    [Fact]
    public void The_defaults_are_valid() => Assert.Empty(Errors(_ => { }));

    [Theory]
    [InlineData("500m")]
    [InlineData("2")]
    [InlineData("0.5")]
    [InlineData("256Mi")]
    [InlineData("1G")]
    [InlineData("1e3")]
    public void Kubernetes_quantities_are_accepted(string quantity) =>
        Assert.Empty(Errors(w => w.Resources.Requests.Cpu = quantity));

    [Theory]
    [InlineData("half")]
    [InlineData("500 m")]
    [InlineData("1GB")]
    [InlineData("-1")]
    public void A_malformed_quantity_is_refused_naming_the_setting(string quantity)
    {
        var error = Assert.Single(Errors(w => w.Resources.Limits.Memory = quantity));

        Assert.Contains("Operator:Worker:Resources:Limits:Memory", error);
        Assert.Contains(quantity, error);
    }

    [Fact]
    public void A_request_above_its_limit_is_refused()
    {
        var error = Assert.Single(Errors(w => (w.Resources.Requests.Memory, w.Resources.Limits.Memory) = ("2Gi", "1Gi")));

        Assert.Contains("Requests:Memory is above", error);
    }

    [Fact]
    public void An_unknown_media_mode_is_refused_listing_the_modes()
    {
        var error = Assert.Single(Errors(w => w.Media.Mode = "hostnet"));

        Assert.Contains("hostNetwork, nodePort, loadBalancer or turn", error);
    }

    [Theory]
    [InlineData("hostNetwork")]
    [InlineData("NodePort")]
    [InlineData("loadbalancer")]
    public void Media_modes_are_read_case_insensitively(string mode) => Assert.Empty(Errors(w => w.Media.Mode = mode));

    [Fact]
    public void Service_modes_need_a_fixed_media_port_for_the_service_to_target()
    {
        Assert.Single(Errors(w => (w.Media.Mode, w.Media.Port) = ("nodePort", 0)));
        Assert.Empty(Errors(w => (w.Media.Mode, w.Media.Port) = ("hostNetwork", 0)));
    }

    [Fact]
    public void Turn_mode_needs_a_turn_url()
    {
        Assert.Contains(Errors(w => w.Media.Mode = "turn"), e => e.Contains("Turn:Urls"));
        Assert.Contains(Errors(w => (w.Media.Mode, w.Media.Turn.Urls) = ("turn", ["stun:stun.example.com"])), e => e.Contains("not a turn:"));
        Assert.Empty(Errors(w => (w.Media.Mode, w.Media.Turn.Urls) = ("turn", ["turn:turn.example.com:3478?transport=udp"])));
    }

    [Fact]
    public void A_malformed_service_account_or_node_address_is_refused()
    {
        Assert.Single(Errors(w => w.ServiceAccountName = "Media Worker"));
        Assert.Single(Errors(w => w.Media.NodeAddress = "not an address"));
        Assert.Empty(Errors(w => w.Media.NodeAddress = "203.0.113.7"));
    }

    [Fact]
    public void Load_balancer_annotations_need_distinct_names()
    {
        Assert.Single(Errors(w => w.Media.ServiceAnnotations = [new() { Name = "a/b", Value = "1" }, new() { Name = "a/b", Value = "2" }]));
        Assert.Single(Errors(w => w.Media.ServiceAnnotations = [new() { Name = " ", Value = "1" }]));
        Assert.Empty(Errors(w => w.Media.ServiceAnnotations = [new() { Name = "service.beta.kubernetes.io/aws-load-balancer-type", Value = "nlb" }]));
    }
}
