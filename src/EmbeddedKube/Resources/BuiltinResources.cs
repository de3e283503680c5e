namespace BroadcastOperator.EmbeddedKube.Resources;

/// <summary>The built-in kinds this server serves: those the system and kubectl use.</summary>
public static class BuiltinResources
{
    public static readonly ResourceType Namespaces = Core("Namespace", "namespaces", namespaced: false, status: true, "ns");
    public static readonly ResourceType Pods = Core("Pod", "pods", namespaced: true, status: true, "po") with { Categories = ["all"] };
    public static readonly ResourceType Services = Core("Service", "services", namespaced: true, status: true, "svc") with { Categories = ["all"] };
    public static readonly ResourceType Events = Core("Event", "events", namespaced: true, status: false, "ev");
    public static readonly ResourceType Secrets = Core("Secret", "secrets", namespaced: true, status: false);

    public static readonly ResourceType CustomResourceDefinitions = new()
    {
        Group = "apiextensions.k8s.io",
        Version = "v1",
        Kind = "CustomResourceDefinition",
        Plural = "customresourcedefinitions",
        Singular = "customresourcedefinition",
        Namespaced = false,
        HasStatusSubresource = true,
        ShortNames = ["crd", "crds"],
        PrinterColumns = [new PrinterColumn("Created At", "date", ".metadata.creationTimestamp")],
    };

    public static readonly ResourceType SelfSubjectAccessReviews = Review("SelfSubjectAccessReview", "selfsubjectaccessreviews");
    public static readonly ResourceType SelfSubjectRulesReviews = Review("SelfSubjectRulesReview", "selfsubjectrulesreviews");

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        Namespaces,
        Pods,
        Services,
        Events,
        Core("ConfigMap", "configmaps", namespaced: true, status: false, "cm"),
        Core("PersistentVolumeClaim", "persistentvolumeclaims", namespaced: true, status: true, "pvc"),
        Secrets,
        Core("ServiceAccount", "serviceaccounts", namespaced: true, status: false, "sa"),
        Core("Endpoints", "endpoints", namespaced: true, status: false, "ep"),
        new()
        {
            Group = "coordination.k8s.io", Version = "v1", Kind = "Lease", Plural = "leases", Singular = "lease", Namespaced = true,
        },
        new()
        {
            Group = "events.k8s.io", Version = "v1", Kind = "Event", Plural = "events", Singular = "event", Namespaced = true,
            ShortNames = ["ev"],
        },
        CustomResourceDefinitions,
        SelfSubjectAccessReviews,
        SelfSubjectRulesReviews,
    ];

    private static ResourceType Review(string kind, string plural) => new()
    {
        Group = "authorization.k8s.io",
        Version = "v1",
        Kind = kind,
        Plural = plural,
        Singular = kind.ToLowerInvariant(),
        Namespaced = false,
        IsReview = true,
    };

    private static ResourceType Core(string kind, string plural, bool namespaced, bool status, params string[] shortNames) => new()
    {
        Group = "",
        Version = "v1",
        Kind = kind,
        Plural = plural,
        Singular = kind.ToLowerInvariant(),
        Namespaced = namespaced,
        HasStatusSubresource = status,
        ShortNames = shortNames,
    };
}
