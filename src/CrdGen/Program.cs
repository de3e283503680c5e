using BroadcastOperator.CrdGen;

// `make crds`: writes the CRDs generated from the C# model into the folder given (config/crds).
var outputDirectory = args.Length > 0 ? args[0] : "config/crds";
Directory.CreateDirectory(outputDirectory);
foreach (var (fileName, yaml) in CrdFiles.Render())
{
    var path = Path.Combine(outputDirectory, fileName);
    File.WriteAllText(path, yaml);
    Console.WriteLine($"wrote {path}");
}
