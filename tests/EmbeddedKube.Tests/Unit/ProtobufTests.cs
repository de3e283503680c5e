using System.Text.Json.Nodes;
using BroadcastOperator.EmbeddedKube.Protobuf;
using Google.Protobuf;

namespace BroadcastOperator.EmbeddedKube.Tests.Unit;

public sealed class ProtobufTests
{
    /// <summary>
    /// The body kubectl 1.32 sent for <c>kubectl create configmap vec2 -n default --from-literal=greeting=hello</c>
    /// (captured with -v=8): the magic, runtime.Unknown{typeMeta{v1, ConfigMap}, raw}, empty contentEncoding and contentType.
    /// </summary>
    private static readonly byte[] KubectlCreateConfigMap = Convert.FromHexString(
        "6b3873000a0f0a0276311209436f6e66" +
        "69674d617012300a1b0a047665633212" +
        "001a0764656661756c7422002a003200" +
        "380042001211" + "0a086772656574696e67" +
        "120568656c6c6f1a002200");

    [Fact]
    public void Kubectls_configmap_body_decodes_to_its_name_namespace_and_data()
    {
        Assert.True(ProtobufEnvelope.TryParse(KubectlCreateConfigMap, out var envelope, out var error), error);
        Assert.Equal(("v1", "ConfigMap"), (envelope.ApiVersion, envelope.Kind));

        var configMap = ProtoJson.Decode(ByteString.CopyFrom(envelope.Raw), KubeMessages.For("v1", "ConfigMap")!);

        Assert.Equal("vec2", configMap["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("default", configMap["metadata"]!["namespace"]!.GetValue<string>());
        Assert.Null(configMap["metadata"]!["creationTimestamp"]); // the zero Time kubectl sends is Go's null
        Assert.Null(configMap["metadata"]!["generateName"]); // "" is absent, as in Go's JSON
        Assert.Equal("hello", configMap["data"]!["greeting"]!.GetValue<string>());
    }

    [Fact]
    public void A_secret_round_trips_through_encode_and_decode()
    {
        var secret = JsonNode.Parse("""
            {"metadata":{"name":"creds","labels":{"app":"x"},"ownerReferences":[{"apiVersion":"v1","kind":"Pod","name":"p","uid":"u","controller":true}],
             "creationTimestamp":"2026-12-05T10:00:00Z"},
             "data":{"user":"YWxpY2U="},"stringData":{"plain":"text"},"type":"Opaque","immutable":false}
            """)!.AsObject();
        var schema = KubeMessages.For("v1", "Secret")!;

        var decoded = ProtoJson.Decode(ProtoJson.Encode(secret, schema), schema);

        Assert.True(JsonNode.DeepEquals(secret, decoded), decoded.ToJsonString());
    }

    [Fact]
    public void Lease_micro_times_and_service_int_or_string_ports_round_trip()
    {
        var lease = JsonNode.Parse("""{"metadata":{"name":"l"},"spec":{"holderIdentity":"a","leaseDurationSeconds":15,"renewTime":"2026-12-05T10:00:00.123456Z"}}""")!.AsObject();
        var service = JsonNode.Parse("""{"metadata":{"name":"s"},"spec":{"ports":[{"port":80,"targetPort":"http"},{"port":81,"targetPort":8081}],"selector":{"app":"w"}}}""")!.AsObject();

        var leaseSchema = KubeMessages.For("coordination.k8s.io/v1", "Lease")!;
        var serviceSchema = KubeMessages.For("v1", "Service")!;

        Assert.True(JsonNode.DeepEquals(lease, ProtoJson.Decode(ProtoJson.Encode(lease, leaseSchema), leaseSchema)));
        Assert.True(JsonNode.DeepEquals(service, ProtoJson.Decode(ProtoJson.Encode(service, serviceSchema), serviceSchema)));
    }

    [Fact]
    public void An_unknown_field_number_is_skipped()
    {
        var schema = KubeMessages.For("v1", "ConfigMap")!;
        var known = ProtoJson.Encode(JsonNode.Parse("""{"data":{"a":"1"}}""")!.AsObject(), schema);
        using var stream = new MemoryStream();
        using (var output = new CodedOutputStream(stream, leaveOpen: true))
        {
            output.WriteTag(99, WireFormat.WireType.LengthDelimited);
            output.WriteString("from a newer Kubernetes");
            output.WriteTag(98, WireFormat.WireType.Varint);
            output.WriteInt64(7);
        }
        var withUnknown = ByteString.CopyFrom([.. stream.ToArray(), .. known.ToByteArray()]);

        Assert.Equal("""{"data":{"a":"1"}}""", ProtoJson.Decode(withUnknown, schema).ToJsonString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("6b387300")] // magic alone: an empty envelope is well-formed
    [InlineData("7b7d")] // JSON "{}"
    [InlineData("6b3873000a")] // typeMeta's length is missing
    [InlineData("6b3873000aff")] // typeMeta claims more bytes than there are
    public void Envelope_parsing_says_why_it_fails_and_never_throws(string hex)
    {
        var parsed = ProtobufEnvelope.TryParse(Convert.FromHexString(hex), out _, out var error);
        Assert.Equal(hex == "6b387300", parsed);
        Assert.Equal(parsed, error.Length == 0);
    }

    [Fact]
    public void Envelope_round_trips()
    {
        var envelope = new ProtobufEnvelope("v1", "Namespace", [1, 2, 3], "", "application/vnd.kubernetes.protobuf");
        Assert.True(ProtobufEnvelope.TryParse(envelope.ToByteArray(), out var parsed, out _));
        Assert.Equal((envelope.ApiVersion, envelope.Kind, envelope.ContentType), (parsed.ApiVersion, parsed.Kind, parsed.ContentType));
        Assert.Equal(envelope.Raw, parsed.Raw);
    }

    [Fact]
    public void Random_and_mutated_bytes_never_throw_anything_but_the_codecs_own_errors()
    {
        var random = new Random(3036);
        var schemas = new[] { "ConfigMap", "Secret", "Pod", "Service", "Event", "Namespace", "ServiceAccount" }.Select(k => KubeMessages.For("v1", k)!).ToList();
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = (byte[])KubectlCreateConfigMap.Clone();
            if (i % 2 == 0)
            {
                bytes = new byte[random.Next(0, 64)];
                random.NextBytes(bytes);
            }
            else
            {
                for (var flips = random.Next(1, 4); flips > 0; flips--)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }
            }
            if (ProtobufEnvelope.TryParse(bytes, out var envelope, out _))
            {
                try
                {
                    ProtoJson.Decode(ByteString.CopyFrom(envelope.Raw), schemas[i % schemas.Count]);
                }
                catch (Exception e) when (e is InvalidProtocolBufferException or ProtobufFormatException)
                {
                }
            }
            try
            {
                ProtoJson.Decode(ByteString.CopyFrom(bytes), schemas[i % schemas.Count]);
            }
            catch (Exception e) when (e is InvalidProtocolBufferException or ProtobufFormatException)
            {
            }
        }
    }
}
