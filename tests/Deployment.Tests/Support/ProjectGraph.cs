using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace BroadcastOperator.Deployment.Tests.Support;

/// <summary>
/// The solution's projects read from their files: each project's ProjectReferences, the namespaces and type names
/// its code declares, and its code with comments and string literals blanked out. No compiler: a reference counts as
/// used when the referencing code names one of the target's namespaces (a using, a global using, a qualified name),
/// names a type the target declares in a namespace enclosing the code's own, or names the target's assembly file
/// (a project referenced so that its binary is built beside the referencing one and started as a process).
/// </summary>
public sealed partial class ProjectGraph
{
    private ProjectGraph(IReadOnlyList<ProjectNode> projects) => Projects = projects;

    public IReadOnlyList<ProjectNode> Projects { get; }

    /// <summary>Every project under src/, tests/ and bench/.</summary>
    public static ProjectGraph Load(string root)
    {
        var files = new[] { "src", "tests", "bench" }
            .Select(folder => Path.Combine(root, folder))
            .Where(Directory.Exists)
            .SelectMany(folder => Directory.EnumerateFiles(folder, "*.csproj", SearchOption.AllDirectories))
            .Where(file => !IsBuildOutput(file))
            .Order(StringComparer.Ordinal);
        return new ProjectGraph([.. files.Select(file => ProjectNode.Read(root, file))]);
    }

    /// <summary>The references whose target the referencing project's code never uses.</summary>
    public IEnumerable<(ProjectNode From, ProjectNode To)> UnusedReferences()
    {
        var byPath = Projects.ToDictionary(p => p.Path, StringComparer.Ordinal);
        foreach (var project in Projects)
        {
            foreach (var reference in project.References)
            {
                if (!byPath.TryGetValue(reference, out var target))
                {
                    throw new InvalidOperationException($"{project.Name} references {reference}, which is not under src/, tests/ or bench/");
                }
                if (!project.Uses(target))
                {
                    yield return (project, target);
                }
            }
        }
    }

    internal static bool IsBuildOutput(string path) =>
        path.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) is var parts
        && parts.Any(part => part is "bin" or "obj" or "node_modules");

    [GeneratedRegex(@"^\s*namespace\s+([\w.]+)", RegexOptions.Multiline)]
    internal static partial Regex NamespaceDeclaration();

    [GeneratedRegex(@"\b(?:class|struct|interface|enum|record(?:\s+(?:class|struct))?|delegate\s+[\w<>?,.\[\]\s]+?)\s+(\w+)")]
    internal static partial Regex TypeDeclaration();

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/|@?\$*""(?:[^""\\\n]|\\.)*""|'(?:[^'\\\n]|\\.)'", RegexOptions.Singleline)]
    internal static partial Regex CommentOrLiteral();
}

/// <summary>One project: where it is, what it references, and what its code declares and says.</summary>
public sealed class ProjectNode
{
    private readonly IReadOnlyList<SourceFile> _files;
    private readonly IReadOnlyList<string> _globalUsings;
    private readonly string _rawText;

    private ProjectNode(string path, string name, string assemblyFile, IReadOnlyList<string> references, IReadOnlyList<string> globalUsings,
        IReadOnlyList<SourceFile> files, string rawText)
    {
        Path = path;
        Name = name;
        AssemblyFile = assemblyFile;
        References = references;
        _globalUsings = globalUsings;
        _files = files;
        _rawText = rawText;
        Namespaces = files.Select(f => f.Namespace).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        TypesByNamespace = files.GroupBy(f => f.Namespace, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.SelectMany(f => f.DeclaredTypes).ToHashSet(StringComparer.Ordinal),
                StringComparer.Ordinal);
    }

    /// <summary>Relative to the repository root, with forward slashes: src/Operator/Operator.csproj.</summary>
    public string Path { get; }

    public string Name { get; }

    /// <summary>The file name of the assembly the project builds (Directory.Build.props names them all BroadcastOperator.*).</summary>
    public string AssemblyFile { get; }

    /// <summary>The ProjectReferences, as repository-relative paths.</summary>
    public IReadOnlyList<string> References { get; }

    public IReadOnlySet<string> Namespaces { get; }

    public IReadOnlyDictionary<string, IReadOnlySet<string>> TypesByNamespace { get; }

    public override string ToString() => Name;

    public static ProjectNode Read(string root, string file)
    {
        var directory = System.IO.Path.GetDirectoryName(file)!;
        var project = XDocument.Load(file);
        var references = project.Descendants("ProjectReference")
            .Select(r => Relative(root, System.IO.Path.GetFullPath(System.IO.Path.Combine(directory, (string)r.Attribute("Include")!))))
            .ToList();
        var globalUsings = project.Descendants("Using").Select(u => (string?)u.Attribute("Include")).OfType<string>().ToList();
        var sources = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !ProjectGraph.IsBuildOutput(System.IO.Path.GetRelativePath(directory, f)))
            .Select(f => File.ReadAllText(f))
            .ToList();
        var name = System.IO.Path.GetFileNameWithoutExtension(file);
        return new ProjectNode(Relative(root, file), name, $"BroadcastOperator.{name}.dll", references, globalUsings,
            [.. sources.Select(SourceFile.Parse)], string.Join('\n', sources));
    }

    /// <summary>True when this project's code uses something <paramref name="target"/> declares.</summary>
    public bool Uses(ProjectNode target) =>
        _globalUsings.Any(target.Namespaces.Contains)
        || _rawText.Contains(target.AssemblyFile, StringComparison.Ordinal)
        || _files.Any(file => file.Uses(target));

    private static string Relative(string root, string path) => System.IO.Path.GetRelativePath(root, path).Replace('\\', '/');
}

/// <summary>One source file: its namespace, the types it declares, and its code without comments and literals.</summary>
public sealed class SourceFile
{
    private readonly string _code;

    private SourceFile(string @namespace, IReadOnlySet<string> declaredTypes, string code)
    {
        Namespace = @namespace;
        DeclaredTypes = declaredTypes;
        _code = code;
    }

    public string Namespace { get; }

    public IReadOnlySet<string> DeclaredTypes { get; }

    public static SourceFile Parse(string text)
    {
        var code = ProjectGraph.CommentOrLiteral().Replace(text, m => m.Value.StartsWith('/') ? " " : "\"\"");
        var declared = ProjectGraph.NamespaceDeclaration().Match(code);
        var types = ProjectGraph.TypeDeclaration().Matches(code).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);
        return new SourceFile(declared.Success ? declared.Groups[1].Value : "", types, code);
    }

    /// <summary>
    /// This file names one of the target's namespaces (in a using or a qualified name), or, from inside a namespace
    /// that encloses one of the target's, names it relative to there or names one of its types unqualified.
    /// </summary>
    public bool Uses(ProjectNode target)
    {
        foreach (var ns in target.Namespaces)
        {
            if (NamesQualified(ns))
            {
                return true;
            }
            foreach (var enclosing in EnclosingNamespaces())
            {
                if (ns == enclosing)
                {
                    if (target.TypesByNamespace[ns].Any(NamesIdentifier))
                    {
                        return true;
                    }
                }
                else if (ns.StartsWith(enclosing + ".", StringComparison.Ordinal) && NamesQualified(ns[(enclosing.Length + 1)..]))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /// <summary>The file's namespace and each one it is nested in (A.B.C → A.B.C, A.B, A).</summary>
    private IEnumerable<string> EnclosingNamespaces()
    {
        for (var ns = Namespace; ns.Length > 0; ns = ns.LastIndexOf('.') is var dot and > 0 ? ns[..dot] : "")
        {
            yield return ns;
        }
    }

    /// <summary>`Name;` (a using) or `Name.Member` not preceded by another name part.</summary>
    private bool NamesQualified(string name) => Find(name, next => next == ';' || next == '.');

    private bool NamesIdentifier(string name) => Find(name, next => !char.IsLetterOrDigit(next) && next != '_');

    private bool Find(string name, Func<char, bool> followedBy)
    {
        for (var at = _code.IndexOf(name, StringComparison.Ordinal); at >= 0; at = _code.IndexOf(name, at + 1, StringComparison.Ordinal))
        {
            var before = at == 0 ? ' ' : _code[at - 1];
            var afterIndex = at + name.Length;
            while (afterIndex < _code.Length && _code[afterIndex] == ' ')
            {
                afterIndex++;
            }
            var after = afterIndex < _code.Length ? _code[afterIndex] : ' ';
            if (!char.IsLetterOrDigit(before) && before != '_' && before != '.' && followedBy(after))
            {
                return true;
            }
        }
        return false;
    }
}
