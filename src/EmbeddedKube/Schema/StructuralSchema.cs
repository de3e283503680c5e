using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BroadcastOperator.EmbeddedKube.Api;
using BroadcastOperator.EmbeddedKube.Storage;

namespace BroadcastOperator.EmbeddedKube.Schema;

/// <summary>
/// A CRD's openAPIV3Schema, applied as the API server applies it: defaults first, then unknown
/// fields pruned, then validation with one <see cref="FieldError"/> per field at fault.
/// Covers the keywords structural schemas use: type, properties, required, items,
/// additionalProperties, enum, pattern, min/max (Length, Items, imum), format date-time,
/// nullable, default, x-kubernetes-preserve-unknown-fields, -int-or-string, -list-type.
/// </summary>
public sealed class StructuralSchema
{
    private readonly JsonObject _root;
    private readonly Dictionary<string, Regex> _patterns = new(StringComparer.Ordinal);

    public StructuralSchema(JsonObject openApiV3Schema) => _root = openApiV3Schema;

    /// <summary>Defaults and prunes <paramref name="obj"/> in place, then returns its validation errors.</summary>
    public IReadOnlyList<FieldError> Apply(JsonObject obj)
    {
        ApplyDefaults(obj, _root);
        Prune(obj, _root, isRoot: true);
        var errors = new List<FieldError>();
        ValidateObjectProperties(obj, _root, "", errors, isRoot: true);
        return errors;
    }

    private static void ApplyDefaults(JsonNode? node, JsonObject schema)
    {
        switch (node)
        {
            case JsonObject obj:
                if (schema["properties"] is JsonObject properties)
                {
                    foreach (var (name, propertySchemaNode) in properties)
                    {
                        if (propertySchemaNode is not JsonObject propertySchema)
                        {
                            continue;
                        }
                        if (!obj.ContainsKey(name) && propertySchema["default"] is { } defaultValue)
                        {
                            obj[name] = defaultValue.DeepClone();
                        }
                        if (obj[name] is { } child)
                        {
                            ApplyDefaults(child, propertySchema);
                        }
                    }
                }
                else if (schema["additionalProperties"] is JsonObject valueSchema)
                {
                    foreach (var (_, child) in obj)
                    {
                        ApplyDefaults(child, valueSchema);
                    }
                }
                break;
            case JsonArray array when schema["items"] is JsonObject itemSchema:
                foreach (var item in array)
                {
                    ApplyDefaults(item, itemSchema);
                }
                break;
        }
    }

    private static void Prune(JsonNode? node, JsonObject schema, bool isRoot = false)
    {
        if (schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() == true && schema["properties"] is null)
        {
            return;
        }
        switch (node)
        {
            case JsonObject obj when schema["properties"] is JsonObject properties:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    if (isRoot && name is "apiVersion" or "kind" or "metadata")
                    {
                        continue;
                    }
                    if (properties[name] is JsonObject propertySchema)
                    {
                        Prune(obj[name], propertySchema);
                    }
                    else if (schema["x-kubernetes-preserve-unknown-fields"]?.GetValue<bool>() != true)
                    {
                        obj.Remove(name);
                    }
                }
                break;
            case JsonObject obj when schema["additionalProperties"] is JsonObject valueSchema:
                foreach (var (_, child) in obj)
                {
                    Prune(child, valueSchema);
                }
                break;
            case JsonArray array when schema["items"] is JsonObject itemSchema:
                foreach (var item in array)
                {
                    Prune(item, itemSchema);
                }
                break;
        }
    }

    private void Validate(JsonNode? node, JsonObject schema, string path, List<FieldError> errors)
    {
        if (node is null)
        {
            if (schema["nullable"]?.GetValue<bool>() != true)
            {
                errors.Add(FieldError.InvalidValue(path, "\"null\"", $"{path} in body must be of type {schema["type"]}: \"null\""));
            }
            return;
        }

        if (schema["x-kubernetes-int-or-string"]?.GetValue<bool>() == true)
        {
            if (Kind(node) is not ("integer" or "string"))
            {
                errors.Add(FieldError.InvalidValue(path, Render(node), $"{path} in body must be of type int-or-string: \"{Kind(node)}\""));
            }
            return;
        }

        var expected = schema["type"]?.GetValue<string>();
        if (expected is not null && !TypeMatches(node, expected))
        {
            errors.Add(FieldError.InvalidValue(path, $"\"{Kind(node)}\"", $"{path} in body must be of type {expected}: \"{Kind(node)}\""));
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, node)))
        {
            errors.Add(FieldError.Unsupported(path, Render(node), allowed.Select(Render)));
        }

        switch (node)
        {
            case JsonObject obj:
                ValidateObjectProperties(obj, schema, path, errors, isRoot: false);
                break;
            case JsonArray array:
                ValidateArray(array, schema, path, errors);
                break;
            default:
                ValidateScalar((JsonValue)node, schema, path, errors);
                break;
        }
    }

    private void ValidateObjectProperties(JsonObject obj, JsonObject schema, string path, List<FieldError> errors, bool isRoot)
    {
        if (schema["required"] is JsonArray required)
        {
            foreach (var name in required.Select(r => r!.GetValue<string>()))
            {
                if (!obj.ContainsKey(name))
                {
                    errors.Add(FieldError.Required(Join(path, name)));
                }
            }
        }
        if (schema["properties"] is JsonObject properties)
        {
            foreach (var (name, value) in obj)
            {
                if (isRoot && name is "metadata" or "apiVersion" or "kind")
                {
                    continue;
                }
                if (properties[name] is JsonObject propertySchema)
                {
                    Validate(value, propertySchema, Join(path, name), errors);
                }
            }
        }
        else if (schema["additionalProperties"] is JsonObject valueSchema)
        {
            foreach (var (name, value) in obj)
            {
                Validate(value, valueSchema, $"{path}[{name}]", errors);
            }
        }
    }

    private void ValidateArray(JsonArray array, JsonObject schema, string path, List<FieldError> errors)
    {
        if (schema["minItems"] is { } minItems && array.Count < JsonNumber.AsLong(minItems))
        {
            errors.Add(FieldError.InvalidValue(path, array.Count.ToString(CultureInfo.InvariantCulture), $"{path} in body should have at least {minItems} items"));
        }
        if (schema["maxItems"] is { } maxItems && array.Count > JsonNumber.AsLong(maxItems))
        {
            errors.Add(new FieldError(path, "FieldValueTooMany", $"Too many: {array.Count}: must have at most {maxItems} items"));
        }
        if (schema["items"] is JsonObject itemSchema)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Validate(array[i], itemSchema, $"{path}[{i}]", errors);
            }
        }
        var listType = schema["x-kubernetes-list-type"]?.GetValue<string>();
        if (listType == "set")
        {
            for (var i = 0; i < array.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (JsonNode.DeepEquals(array[i], array[j]))
                    {
                        errors.Add(FieldError.Duplicate($"{path}[{i}]", Render(array[i])));
                        break;
                    }
                }
            }
        }
        else if (listType == "map" && schema["x-kubernetes-list-map-keys"] is JsonArray keyNames)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < array.Count; i++)
            {
                var key = string.Join("\u0000", keyNames.Select(k => array[i]?[k!.GetValue<string>()]?.ToJsonString() ?? ""));
                if (!seen.Add(key))
                {
                    errors.Add(FieldError.Duplicate($"{path}[{i}]", Render(array[i])));
                }
            }
        }
    }

    private void ValidateScalar(JsonValue value, JsonObject schema, string path, List<FieldError> errors)
    {
        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                var text = value.GetValue<string>();
                if (schema["minLength"] is { } minLength && text.Length < JsonNumber.AsLong(minLength))
                {
                    errors.Add(FieldError.InvalidValue(path, Render(value), $"{path} in body should be at least {minLength} chars long"));
                }
                if (schema["maxLength"] is { } maxLength && text.Length > JsonNumber.AsLong(maxLength))
                {
                    errors.Add(new FieldError(path, "FieldValueTooLong", $"Too long: may not be more than {maxLength} bytes"));
                }
                if (schema["pattern"]?.GetValue<string>() is { } pattern && !PatternFor(pattern).IsMatch(text))
                {
                    errors.Add(FieldError.InvalidValue(path, Render(value), $"{path} in body should match '{pattern}'"));
                }
                if (schema["format"]?.GetValue<string>() == "date-time" && !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out _))
                {
                    errors.Add(FieldError.InvalidValue(path, Render(value), $"{path} in body must be of type date-time: {Render(value)}"));
                }
                break;
            case JsonValueKind.Number:
                var number = JsonNumber.AsDouble(value);
                if (schema["minimum"] is { } minimum && number < JsonNumber.AsDouble(minimum))
                {
                    errors.Add(FieldError.InvalidValue(path, Render(value), $"{path} in body should be greater than or equal to {minimum}"));
                }
                if (schema["maximum"] is { } maximum && number > JsonNumber.AsDouble(maximum))
                {
                    errors.Add(FieldError.InvalidValue(path, Render(value), $"{path} in body should be less than or equal to {maximum}"));
                }
                break;
        }
    }

    private Regex PatternFor(string pattern)
    {
        lock (_patterns)
        {
            if (!_patterns.TryGetValue(pattern, out var regex))
            {
                regex = new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(100));
                _patterns[pattern] = regex;
            }
            return regex;
        }
    }

    private static bool TypeMatches(JsonNode node, string expected) => expected switch
    {
        "object" => node is JsonObject,
        "array" => node is JsonArray,
        "string" => Kind(node) == "string",
        "boolean" => Kind(node) == "boolean",
        "integer" => Kind(node) == "integer",
        "number" => Kind(node) is "number" or "integer",
        _ => true,
    };

    private static string Kind(JsonNode node) => node switch
    {
        JsonObject => "object",
        JsonArray => "array",
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number => IsInteger(v) ? "integer" : "number",
            _ => "null",
        },
        _ => "null",
    };

    private static bool IsInteger(JsonValue value) =>
        value.TryGetValue<long>(out _) || (value.TryGetValue<double>(out var d) && Math.Floor(d) == d && !value.ToJsonString().Contains('.'));

    private static string Render(JsonNode? node) => node is null ? "null" : node.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";
}
