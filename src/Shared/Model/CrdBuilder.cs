using System.Collections;
using System.ComponentModel;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace BroadcastOperator.Shared.Model;

/// <summary>
/// Builds a CustomResourceDefinition (as JSON) from a C# resource type and its schema markers.
/// `make crds` writes its output to config/crds/; a test fails when the files drift from it.
/// </summary>
public static class CrdBuilder
{
    public static JsonObject Build<TResource>(string group, string version, string kind)
        where TResource : IKubernetesObject<V1ObjectMeta>
    {
        var type = typeof(TResource);
        var names = type.GetCustomAttribute<CrdNamesAttribute>()
            ?? throw new InvalidOperationException($"{type.Name} needs [CrdNames]");

        var rootSchema = SchemaForClass(type);
        rootSchema["description"] = $"{kind} is a {group} resource.";

        var versionEntry = new JsonObject
        {
            ["name"] = version,
            ["served"] = true,
            ["storage"] = true,
            ["schema"] = new JsonObject { ["openAPIV3Schema"] = rootSchema },
            ["subresources"] = new JsonObject { ["status"] = new JsonObject() },
            ["additionalPrinterColumns"] = PrinterColumns(type),
        };

        var spec = new JsonObject
        {
            ["group"] = group,
            ["names"] = new JsonObject
            {
                ["kind"] = kind,
                ["listKind"] = kind + "List",
                ["plural"] = names.Plural,
                ["singular"] = names.Singular,
                ["shortNames"] = StringArray(names.ShortNames),
                ["categories"] = StringArray(names.Categories),
            },
            ["scope"] = "Namespaced",
            ["versions"] = new JsonArray(versionEntry),
        };

        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{names.Plural}.{group}" },
            ["spec"] = spec,
        };
    }

    private static JsonArray PrinterColumns(Type type)
    {
        var columns = new JsonArray();
        foreach (var column in type.GetCustomAttributes<PrinterColumnAttribute>())
        {
            var entry = new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type,
                ["jsonPath"] = column.JsonPath,
            };
            if (column.Description is not null)
            {
                entry["description"] = column.Description;
            }
            columns.Add(entry);
        }
        return columns;
    }

    private static JsonObject SchemaForClass(Type type)
    {
        var properties = new JsonObject();
        var required = new JsonArray();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonIgnoreAttribute>() is not null)
            {
                continue;
            }
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
                ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            properties[name] = SchemaForProperty(property);
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(name);
            }
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = properties };
        if (required.Count > 0)
        {
            schema["required"] = required;
        }
        return schema;
    }

    private static JsonObject SchemaForProperty(PropertyInfo property)
    {
        var schema = SchemaForType(property.PropertyType);
        if (property.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema.Insert(0, "description", description.Description);
        }
        if (property.GetCustomAttribute<DefaultValueAttribute>() is { Value: { } defaultValue })
        {
            schema["default"] = JsonValue.Create(defaultValue);
        }
        Apply<PatternAttribute>(property, a => schema["pattern"] = a.Pattern);
        Apply<MinLengthAttribute>(property, a => schema["minLength"] = a.Value);
        Apply<MaxLengthAttribute>(property, a => schema["maxLength"] = a.Value);
        Apply<MinItemsAttribute>(property, a => schema["minItems"] = a.Value);
        Apply<MaxItemsAttribute>(property, a => schema["maxItems"] = a.Value);
        Apply<MinimumAttribute>(property, a => schema["minimum"] = a.Value);
        Apply<MaximumAttribute>(property, a => schema["maximum"] = a.Value);
        Apply<ListTypeAttribute>(property, a => schema["x-kubernetes-list-type"] = a.ListType);
        Apply<ListMapKeysAttribute>(property, a => schema["x-kubernetes-list-map-keys"] = StringArray(a.Keys));
        Apply<ItemsPatternAttribute>(property, a => ((JsonObject)schema["items"]!)["pattern"] = a.Pattern);
        return schema;
    }

    private static void Apply<TAttribute>(PropertyInfo property, Action<TAttribute> apply)
        where TAttribute : Attribute
    {
        if (property.GetCustomAttribute<TAttribute>() is { } attribute)
        {
            apply(attribute);
        }
    }

    private static JsonObject SchemaForType(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;

        if (type == typeof(string))
        {
            return new JsonObject { ["type"] = "string" };
        }
        if (type == typeof(bool))
        {
            return new JsonObject { ["type"] = "boolean" };
        }
        if (type == typeof(int))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int32" };
        }
        if (type == typeof(long))
        {
            return new JsonObject { ["type"] = "integer", ["format"] = "int64" };
        }
        if (type == typeof(double))
        {
            return new JsonObject { ["type"] = "number" };
        }
        if (type == typeof(DateTime))
        {
            return new JsonObject { ["type"] = "string", ["format"] = "date-time" };
        }
        if (type.IsEnum)
        {
            return new JsonObject { ["type"] = "string", ["enum"] = StringArray(EnumWireNames(type)) };
        }
        if (type == typeof(V1ObjectMeta))
        {
            return new JsonObject { ["type"] = "object" };
        }
        if (type == typeof(V1Condition))
        {
            return ConditionSchema();
        }
        if (DictionaryValueType(type) is { } valueType)
        {
            return new JsonObject { ["type"] = "object", ["additionalProperties"] = SchemaForType(valueType) };
        }
        if (ListItemType(type) is { } itemType)
        {
            return new JsonObject { ["type"] = "array", ["items"] = SchemaForType(itemType) };
        }
        if (type.IsClass)
        {
            return SchemaForClass(type);
        }
        throw new NotSupportedException($"No schema mapping for {type}");
    }

    /// <summary>The names an enum has on the wire, as its JSON converter writes them.</summary>
    public static IReadOnlyList<string> EnumWireNames(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name)
            .ToList();

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Dictionary<,>) && type.GetGenericArguments()[0] == typeof(string)
            ? type.GetGenericArguments()[1]
            : null;

    private static Type? ListItemType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }
        if (type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var definition = type.GetGenericTypeDefinition();
            if (definition == typeof(List<>) || definition == typeof(IList<>) || definition == typeof(IReadOnlyList<>))
            {
                return type.GetGenericArguments()[0];
            }
        }
        return null;
    }

    /// <summary>metav1.Condition, as Kubernetes' own CRDs declare it.</summary>
    private static JsonObject ConditionSchema() => new()
    {
        ["type"] = "object",
        ["properties"] = new JsonObject
        {
            ["type"] = new JsonObject { ["type"] = "string", ["maxLength"] = 316 },
            ["status"] = new JsonObject { ["type"] = "string", ["enum"] = StringArray(["True", "False", "Unknown"]) },
            ["observedGeneration"] = new JsonObject { ["type"] = "integer", ["format"] = "int64", ["minimum"] = 0 },
            ["lastTransitionTime"] = new JsonObject { ["type"] = "string", ["format"] = "date-time" },
            ["reason"] = new JsonObject { ["type"] = "string", ["maxLength"] = 1024, ["minLength"] = 1 },
            ["message"] = new JsonObject { ["type"] = "string", ["maxLength"] = 32768 },
        },
        ["required"] = StringArray(["type", "status", "lastTransitionTime", "reason", "message"]),
    };

    private static JsonArray StringArray(IEnumerable<string> values) =>
        new(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
}
