using System.Runtime.CompilerServices;

// The RFC 7714 vectors give session keys directly; the tests build contexts from them.
[assembly: InternalsVisibleTo("BroadcastOperator.WebRtc.Tests")]
[assembly: InternalsVisibleTo("BroadcastOperator.Benchmarks")]
