using System.Collections.Concurrent;
using BroadcastOperator.TestSupport.Fuzzing;
using BroadcastOperator.WebRtc.Dtls;

namespace BroadcastOperator.WebRtc.Tests.Dtls;

/// <summary>
/// Our DTLS server fed broken handshake messages: the ClientHello and every later client flight, mutated. Each case
/// must end in keys or a <see cref="DtlsHandshakeException"/> (nothing else thrown, the process not brought down), and
/// its thread must end once closed (no hang). `make fuzz` raises the counts with FUZZ_CASES and picks FUZZ_SEED.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class DtlsServerFuzzTests
{
    private static readonly TimeSpan PerCaseDeadline = TimeSpan.FromSeconds(10);
    private const int Concurrency = 16;

    [Fact]
    public async Task Mutated_client_flights_fed_to_a_fresh_server_end_in_a_handshake_error()
    {
        var flights = await RecordClientDatagrams();
        var seed = FuzzRun.Seed(1801);
        var cases = FuzzRun.Cases(3000);
        var random = new Random(seed);
        var mutator = new DtlsMutator(random);
        var inputs = Enumerable.Range(0, cases).Select(_ =>
        {
            // A prefix of the real client's datagrams in order, one or more of them mutated.
            var count = random.Next(1, flights.Count + 1);
            return flights.Take(count).Select(d => random.Next(count) == 0 || count == 1 ? mutator.Mutate(d) : d).ToArray();
        }).ToList();

        var outcomes = new ConcurrentBag<string>();
        await System.Threading.Tasks.Parallel.ForEachAsync(inputs.Select((datagrams, index) => (datagrams, index)),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (input, _) => outcomes.Add(await FeedServer(input.datagrams, $"seed {seed} case {input.index}")));

        FuzzRun.Report("dtls-server-fed", cases, seed, Summary(outcomes));
    }

    [Fact]
    public async Task A_handshake_with_one_client_flight_mutated_in_flight_ends_in_keys_or_an_error_on_both_sides()
    {
        var seed = FuzzRun.Seed(1802);
        var cases = FuzzRun.Cases(240);
        var random = new Random(seed);
        var plans = Enumerable.Range(0, cases).Select(_ => (Datagram: random.Next(0, 6), Mutator: new DtlsMutator(new Random(random.Next())))).ToList();
        var outcomes = new ConcurrentBag<string>();
        var options = new DtlsSrtpOptions { HandshakeTimeout = TimeSpan.FromSeconds(1.5), PostHandshakeLinger = TimeSpan.Zero };

        await System.Threading.Tasks.Parallel.ForEachAsync(plans.Select((plan, index) => (plan, index)), new ParallelOptions { MaxDegreeOfParallelism = Concurrency },
            async (input, _) =>
            {
                var sent = 0;
                using var pair = new DtlsPair(clientOptions: options, serverOptions: options,
                    tamperClientDatagram: d => Interlocked.Increment(ref sent) - 1 == input.plan.Datagram ? input.plan.Mutator.Mutate(d) : d);
                var server = pair.Server.HandshakeAsync();
                var client = pair.Client.HandshakeAsync();
                var what = $"seed {seed} case {input.index}";
                var serverOutcome = await Outcome(server, what);
                await Outcome(client, what);
                pair.Client.Close();
                pair.Server.Close();
                await EndsPromptly(pair.Server, what);
                await EndsPromptly(pair.Client, what);
                outcomes.Add(serverOutcome);
            });

        FuzzRun.Report("dtls-handshake-in-flight", cases, seed, Summary(outcomes));
    }

    private static async Task<string> FeedServer(byte[][] datagrams, string what)
    {
        var server = new DtlsSrtpTransport(DtlsRole.Server, DtlsPair.ServerCertificate, DtlsPair.ClientCertificate.Fingerprint, _ => { },
            new DtlsSrtpOptions { HandshakeTimeout = TimeSpan.FromSeconds(2) });
        var handshake = server.HandshakeAsync();
        foreach (var datagram in datagrams)
        {
            server.TryEnqueueDatagram(datagram);
        }

        // Let the server read what it was given, then end the case: a real peer would go quiet here too.
        await Task.WhenAny(handshake, Task.Delay(20));
        server.Close();
        var outcome = await Outcome(handshake, what);
        await EndsPromptly(server, what);
        return outcome;
    }

    private static async Task<string> Outcome(Task<DtlsSrtpKeys> handshake, string what)
    {
        try
        {
            await handshake.WaitAsync(PerCaseDeadline);
            return "keys";
        }
        catch (DtlsHandshakeException e)
        {
            return e.Message.Split(':', 2)[0];
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{what}: the handshake neither ended nor failed within {PerCaseDeadline.TotalSeconds} s");
            throw;
        }
        catch (Exception e)
        {
            Assert.Fail($"{what}: the handshake threw {e.GetType().Name} instead of a DtlsHandshakeException: {e}");
            throw;
        }
    }

    private static async Task EndsPromptly(DtlsSrtpTransport transport, string what)
    {
        var ended = await Task.WhenAny(transport.Completion, Task.Delay(PerCaseDeadline));
        Assert.True(ended == transport.Completion, $"{what}: the DTLS thread did not end after close");
    }

    private static async Task<IReadOnlyList<byte[]>> RecordClientDatagrams()
    {
        using var pair = new DtlsPair();
        var server = pair.Server.HandshakeAsync();
        await pair.Client.HandshakeAsync().WaitAsync(DtlsPair.Deadline);
        await server.WaitAsync(DtlsPair.Deadline);
        Assert.True(pair.ClientSent.Count >= 3, "a DTLS 1.2 client sends at least ClientHello, ClientHello with cookie and its last flight");
        return pair.ClientSent.ToList();
    }

    private static string Summary(IEnumerable<string> outcomes) =>
        string.Join(", ", outcomes.GroupBy(o => o).OrderByDescending(g => g.Count()).Take(4).Select(g => $"{g.Count()} {g.Key}"));
}
