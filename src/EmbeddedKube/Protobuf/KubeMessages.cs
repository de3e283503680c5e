namespace BroadcastOperator.EmbeddedKube.Protobuf;

/// <summary>
/// The messages of the built-in kinds this server takes and gives as protobuf, with the field
/// numbers of k8s.io/api (core/v1, coordination/v1, authorization/v1) and k8s.io/apimachinery
/// (meta/v1) generated.proto. Coverage is what kubectl's generators and this system send: enough
/// of Pod, Service, Event and Lease for their everyday fields; anything else is skipped on read.
/// <c>keepZero</c> marks the Go fields that are pointers or lack <c>omitempty</c>.
/// </summary>
public static class KubeMessages
{
    private static readonly MessageSchema OwnerReference = new MessageSchema("OwnerReference")
        .String(1, "kind").String(3, "name").String(4, "uid").String(5, "apiVersion").Bool(6, "controller", keepZero: true).Bool(7, "blockOwnerDeletion", keepZero: true);

    private static readonly MessageSchema ManagedFieldsEntry = new MessageSchema("ManagedFieldsEntry")
        .String(1, "manager").String(2, "operation").String(3, "apiVersion").Add(4, "time", FieldKind.Time)
        .String(6, "fieldsType").Add(7, "fieldsV1", FieldKind.FieldsV1).String(8, "subresource");

    public static readonly MessageSchema ObjectMeta = new MessageSchema("ObjectMeta")
        .String(1, "name").String(2, "generateName").String(3, "namespace").String(4, "selfLink").String(5, "uid")
        .String(6, "resourceVersion").Int64(7, "generation").Add(8, "creationTimestamp", FieldKind.Time)
        .Add(9, "deletionTimestamp", FieldKind.Time).Int64(10, "deletionGracePeriodSeconds", keepZero: true)
        .Add(11, "labels", FieldKind.StringMap).Add(12, "annotations", FieldKind.StringMap)
        .Messages(13, "ownerReferences", OwnerReference).Strings(14, "finalizers").Messages(17, "managedFields", ManagedFieldsEntry);

    private static readonly MessageSchema ListMeta = new MessageSchema("ListMeta")
        .String(1, "selfLink").String(2, "resourceVersion").String(3, "continue").Int64(4, "remainingItemCount");

    private static readonly MessageSchema ObjectReference = new MessageSchema("ObjectReference")
        .String(1, "kind").String(2, "namespace").String(3, "name").String(4, "uid").String(5, "apiVersion")
        .String(6, "resourceVersion").String(7, "fieldPath");

    private static readonly MessageSchema LocalObjectReference = new MessageSchema("LocalObjectReference").String(1, "name");

    // core/v1 ConfigMap, Secret, ServiceAccount, Namespace
    private static readonly MessageSchema ConfigMap = new MessageSchema("ConfigMap")
        .Message(1, "metadata", ObjectMeta).Add(2, "data", FieldKind.StringMap).Add(3, "binaryData", FieldKind.BytesMap).Bool(4, "immutable", keepZero: true);

    private static readonly MessageSchema Secret = new MessageSchema("Secret")
        .Message(1, "metadata", ObjectMeta).Add(2, "data", FieldKind.BytesMap).String(3, "type")
        .Add(4, "stringData", FieldKind.StringMap).Bool(5, "immutable", keepZero: true);

    private static readonly MessageSchema ServiceAccount = new MessageSchema("ServiceAccount")
        .Message(1, "metadata", ObjectMeta).Messages(2, "secrets", ObjectReference)
        .Messages(3, "imagePullSecrets", LocalObjectReference).Bool(4, "automountServiceAccountToken", keepZero: true);

    private static readonly MessageSchema Namespace = new MessageSchema("Namespace")
        .Message(1, "metadata", ObjectMeta)
        .Message(2, "spec", new MessageSchema("NamespaceSpec").Strings(1, "finalizers"))
        .Message(3, "status", new MessageSchema("NamespaceStatus").String(1, "phase"));

    // core/v1 Service
    private static readonly MessageSchema ServicePort = new MessageSchema("ServicePort")
        .String(1, "name").String(2, "protocol").Int32(3, "port", keepZero: true).Add(4, "targetPort", FieldKind.IntOrString)
        .Int32(5, "nodePort").String(6, "appProtocol");

    private static readonly MessageSchema Service = new MessageSchema("Service")
        .Message(1, "metadata", ObjectMeta)
        .Message(2, "spec", new MessageSchema("ServiceSpec")
            .Messages(1, "ports", ServicePort).Add(2, "selector", FieldKind.StringMap).String(3, "clusterIP").String(4, "type")
            .Strings(5, "externalIPs").String(7, "sessionAffinity").String(10, "externalName").String(11, "externalTrafficPolicy")
            .Bool(13, "publishNotReadyAddresses").String(17, "ipFamilyPolicy").Strings(18, "clusterIPs").Strings(19, "ipFamilies")
            .String(22, "internalTrafficPolicy"));

    // core/v1 Pod
    private static readonly MessageSchema ContainerPort = new MessageSchema("ContainerPort")
        .String(1, "name").Int32(2, "hostPort").Int32(3, "containerPort", keepZero: true).String(4, "protocol").String(5, "hostIP");

    private static readonly MessageSchema Container = new MessageSchema("Container")
        .String(1, "name").String(2, "image").Strings(3, "command").Strings(4, "args").String(5, "workingDir")
        .Messages(6, "ports", ContainerPort).Messages(7, "env", new MessageSchema("EnvVar").String(1, "name").String(2, "value"))
        .String(13, "terminationMessagePath").String(14, "imagePullPolicy").Bool(16, "stdin").Bool(17, "stdinOnce").Bool(18, "tty")
        .String(20, "terminationMessagePolicy");

    private static readonly MessageSchema ContainerState = new MessageSchema("ContainerState")
        .Message(1, "waiting", new MessageSchema("ContainerStateWaiting").String(1, "reason").String(2, "message"))
        .Message(2, "running", new MessageSchema("ContainerStateRunning").Add(1, "startedAt", FieldKind.Time))
        .Message(3, "terminated", new MessageSchema("ContainerStateTerminated")
            .Int32(1, "exitCode", keepZero: true).Int32(2, "signal").String(3, "reason").String(4, "message")
            .Add(5, "startedAt", FieldKind.Time).Add(6, "finishedAt", FieldKind.Time).String(7, "containerID"));

    private static readonly MessageSchema ContainerStatus = new MessageSchema("ContainerStatus")
        .String(1, "name").Message(2, "state", ContainerState).Message(3, "lastState", ContainerState).Bool(4, "ready", keepZero: true)
        .Int32(5, "restartCount", keepZero: true).String(6, "image").String(7, "imageID").String(8, "containerID").Bool(9, "started", keepZero: true);

    private static readonly MessageSchema Pod = new MessageSchema("Pod")
        .Message(1, "metadata", ObjectMeta)
        .Message(2, "spec", new MessageSchema("PodSpec")
            .Messages(2, "containers", Container).String(3, "restartPolicy").Int64(4, "terminationGracePeriodSeconds", keepZero: true)
            .Int64(5, "activeDeadlineSeconds", keepZero: true).String(6, "dnsPolicy").Add(7, "nodeSelector", FieldKind.StringMap)
            .String(8, "serviceAccountName").String(9, "serviceAccount").String(10, "nodeName").Bool(11, "hostNetwork")
            .Messages(15, "imagePullSecrets", LocalObjectReference).String(16, "hostname").String(19, "schedulerName")
            .Messages(20, "initContainers", Container).Bool(21, "automountServiceAccountToken", keepZero: true))
        .Message(3, "status", new MessageSchema("PodStatus")
            .String(1, "phase").String(3, "message").String(4, "reason").String(5, "hostIP").String(6, "podIP")
            .Add(7, "startTime", FieldKind.Time).Messages(8, "containerStatuses", ContainerStatus).String(9, "qosClass"));

    // core/v1 Event, coordination/v1 Lease
    private static readonly MessageSchema Event = new MessageSchema("Event")
        .Message(1, "metadata", ObjectMeta).Message(2, "involvedObject", ObjectReference).String(3, "reason").String(4, "message")
        .Message(5, "source", new MessageSchema("EventSource").String(1, "component").String(2, "host"))
        .Add(6, "firstTimestamp", FieldKind.Time).Add(7, "lastTimestamp", FieldKind.Time).Int32(8, "count").String(9, "type")
        .Add(10, "eventTime", FieldKind.MicroTime).String(12, "action").Message(13, "related", ObjectReference)
        .String(14, "reportingComponent").String(15, "reportingInstance");

    private static readonly MessageSchema Lease = new MessageSchema("Lease")
        .Message(1, "metadata", ObjectMeta)
        .Message(2, "spec", new MessageSchema("LeaseSpec")
            .String(1, "holderIdentity").Int32(2, "leaseDurationSeconds", keepZero: true).Add(3, "acquireTime", FieldKind.MicroTime)
            .Add(4, "renewTime", FieldKind.MicroTime).Int32(5, "leaseTransitions", keepZero: true).String(6, "strategy").String(7, "preferredHolder"));

    // authorization/v1 self-reviews (kubectl auth can-i sends them as protobuf)
    private static readonly MessageSchema ResourceAttributes = new MessageSchema("ResourceAttributes")
        .String(1, "namespace").String(2, "verb").String(3, "group").String(4, "version").String(5, "resource")
        .String(6, "subresource").String(7, "name");

    private static readonly MessageSchema SelfSubjectAccessReview = new MessageSchema("SelfSubjectAccessReview")
        .Message(1, "metadata", ObjectMeta)
        .Message(2, "spec", new MessageSchema("SelfSubjectAccessReviewSpec")
            .Message(1, "resourceAttributes", ResourceAttributes)
            .Message(2, "nonResourceAttributes", new MessageSchema("NonResourceAttributes").String(1, "path").String(2, "verb")))
        .Message(3, "status", new MessageSchema("SubjectAccessReviewStatus")
            .Bool(1, "allowed", keepZero: true).String(2, "reason").String(3, "evaluationError").Bool(4, "denied"));

    private static readonly MessageSchema SelfSubjectRulesReview = new MessageSchema("SelfSubjectRulesReview")
        .Message(1, "metadata", ObjectMeta)
        .Message(2, "spec", new MessageSchema("SelfSubjectRulesReviewSpec").String(1, "namespace"))
        .Message(3, "status", new MessageSchema("SubjectRulesReviewStatus")
            .Messages(1, "resourceRules", new MessageSchema("ResourceRule")
                .Strings(1, "verbs").Strings(2, "apiGroups").Strings(3, "resources").Strings(4, "resourceNames"))
            .Messages(2, "nonResourceRules", new MessageSchema("NonResourceRule").Strings(1, "verbs").Strings(2, "nonResourceURLs"))
            .Bool(3, "incomplete", keepZero: true).String(4, "evaluationError"));

    // meta/v1 Status, the answer to a failed request
    public static readonly MessageSchema Status = new MessageSchema("Status")
        .Message(1, "metadata", ListMeta).String(2, "status").String(3, "message").String(4, "reason")
        .Message(5, "details", new MessageSchema("StatusDetails")
            .String(1, "name").String(2, "group").String(3, "kind")
            .Messages(4, "causes", new MessageSchema("StatusCause").String(1, "reason").String(2, "message").String(3, "field"))
            .Int32(5, "retryAfterSeconds").String(6, "uid"))
        .Int32(6, "code");

    private static readonly Dictionary<(string ApiVersion, string Kind), MessageSchema> ByKind = new()
    {
        [("v1", "ConfigMap")] = ConfigMap,
        [("v1", "Secret")] = Secret,
        [("v1", "ServiceAccount")] = ServiceAccount,
        [("v1", "Namespace")] = Namespace,
        [("v1", "Service")] = Service,
        [("v1", "Pod")] = Pod,
        [("v1", "Event")] = Event,
        [("v1", "Status")] = Status,
        [("coordination.k8s.io/v1", "Lease")] = Lease,
        [("authorization.k8s.io/v1", "SelfSubjectAccessReview")] = SelfSubjectAccessReview,
        [("authorization.k8s.io/v1", "SelfSubjectRulesReview")] = SelfSubjectRulesReview,
    };

    /// <summary>The message of a kind served as protobuf; null for any other kind (custom resources among them).</summary>
    public static MessageSchema? For(string apiVersion, string kind) => ByKind.GetValueOrDefault((apiVersion, kind));
}
