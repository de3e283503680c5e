using System.Text.Json.Nodes;

namespace BroadcastOperator.EmbeddedKube.Api;

/// <summary>
/// A failure the API answers with a Kubernetes <c>Status</c> object, as a real API server does:
/// the HTTP code, a CamelCase reason and, for validation, the fields at fault.
/// </summary>
public sealed class ApiException : Exception
{
    public int Code { get; }
    public string Reason { get; }
    public JsonObject? Details { get; }

    public ApiException(int code, string reason, string message, JsonObject? details = null)
        : base(message)
    {
        Code = code;
        Reason = reason;
        Details = details;
    }

    public static ApiException NotFound(string resource, string? name, string? group = null) =>
        new(404, "NotFound", name is null ? $"the server could not find the requested resource" : $"{Qualified(resource, group)} \"{name}\" not found",
            Detail(name, group, resource));

    public static ApiException AlreadyExists(string resource, string name, string? group) =>
        new(409, "AlreadyExists", $"{Qualified(resource, group)} \"{name}\" already exists", Detail(name, group, resource));

    public static ApiException Conflict(string resource, string name, string? group, string why) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on {Qualified(resource, group)} \"{name}\": {why}", Detail(name, group, resource));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException MethodNotAllowed(string message) => new(405, "MethodNotAllowed", message);

    public static ApiException UnsupportedMediaType(string contentType) =>
        new(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/merge-patch+json, application/json-patch+json, application/strategic-merge-patch+json, application/apply-patch+yaml (got \"{contentType}\")");

    public static ApiException TooLarge(long limit) => new(413, "RequestEntityTooLarge", $"the request body is larger than {limit} bytes");

    public static ApiException Gone(string message) => new(410, "Expired", message);

    public static ApiException Forbidden(string message) => new(403, "Forbidden", message);

    /// <summary>422 Invalid with one cause per field, in the shape kubectl prints.</summary>
    public static ApiException Invalid(string kind, string? group, string name, IReadOnlyList<FieldError> errors)
    {
        var qualifiedKind = string.IsNullOrEmpty(group) ? kind : $"{kind}.{group}";
        var joined = errors.Count == 1 ? errors[0].ToString() : "[" + string.Join(", ", errors) + "]";
        var causes = new JsonArray();
        foreach (var error in errors)
        {
            causes.Add(new JsonObject { ["reason"] = error.Reason, ["message"] = error.Detail, ["field"] = error.Field });
        }
        var details = new JsonObject { ["name"] = name, ["group"] = group ?? "", ["kind"] = kind, ["causes"] = causes };
        return new ApiException(422, "Invalid", $"{qualifiedKind} \"{name}\" is invalid: {joined}", details);
    }

    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["details"] = Details?.DeepClone(),
        ["code"] = Code,
    };

    private static string Qualified(string resource, string? group) =>
        string.IsNullOrEmpty(group) ? resource : $"{resource}.{group}";

    private static JsonObject? Detail(string? name, string? group, string resource) =>
        name is null ? null : new JsonObject { ["name"] = name, ["group"] = group ?? "", ["kind"] = resource };
}

/// <summary>One field that failed validation: <c>spec.sourceLanguage: Invalid value: "english": ...</c>.</summary>
public sealed record FieldError(string Field, string Reason, string Detail)
{
    public static FieldError Required(string field) => new(field, "FieldValueRequired", "Required value");

    public static FieldError InvalidValue(string field, string renderedValue, string why) =>
        new(field, "FieldValueInvalid", $"Invalid value: {renderedValue}: {why}");

    public static FieldError Unsupported(string field, string renderedValue, IEnumerable<string> supported) =>
        new(field, "FieldValueNotSupported", $"Unsupported value: {renderedValue}: supported values: {string.Join(", ", supported)}");

    public static FieldError Duplicate(string field, string renderedValue) =>
        new(field, "FieldValueDuplicate", $"Duplicate value: {renderedValue}");

    public static FieldError Forbidden(string field, string why) => new(field, "FieldValueForbidden", $"Forbidden: {why}");

    public override string ToString() => $"{Field}: {Detail}";
}
