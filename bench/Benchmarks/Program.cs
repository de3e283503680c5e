using System.Reflection;
using BroadcastOperator.Benchmarks;

// `make bench [FILTER=name]`: runs every IBenchSuite (or those whose name contains FILTER).
var filter = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("FILTER") ?? "";
var report = new BenchReport(Console.Out);
var suites = Assembly.GetExecutingAssembly().GetTypes()
    .Where(t => typeof(IBenchSuite).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchSuite)Activator.CreateInstance(t)!)
    .Where(s => s.Name.Contains(filter, StringComparison.OrdinalIgnoreCase))
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToList();

var failures = 0;
foreach (var suite in suites)
{
    report.Note($"suite {suite.Name}");
    try
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await suite.RunAsync(report, timeout.Token);
    }
    catch (Exception e)
    {
        failures++;
        Console.Error.WriteLine($"suite {suite.Name} failed: {e}");
    }
}
report.Note($"{suites.Count} suites, {failures} failed");
return failures == 0 ? 0 : 1;
