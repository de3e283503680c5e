using BroadcastOperator.Operator.Reconcile.Worker;
using BroadcastOperator.Operator.Tests.Support;
using BroadcastOperator.Shared.Model;
using BroadcastOperator.Shared.Worker;

namespace BroadcastOperator.Operator.Tests.Reconcile;

public sealed class WorkerArchiveEnvironmentTests
{
    [Fact]
    public void In_AWS_mode_an_archiving_worker_gets_the_operators_bucket_its_session_prefix_and_the_encryption()
    {
        var session = Sessions.New();
        session.Spec.Archive = new ArchiveSpec();
        var settings = Sessions.Settings.Worker with
        {
            ArchiveDirectory = "/tmp/archive",
            ArchiveS3 = new ArchiveS3Target("talks", "archive/", "eu-west-1", "aws:kms", "alias/archive", null),
        };

        var env = WorkerResources.ArchiveEnvironment(session, settings).ToDictionary(e => e.Name, e => e.Value);

        Assert.Equal("/tmp/archive/team/talk", env[WorkerEnvironment.ArchiveDirectory]);
        Assert.Equal("talks", env[WorkerEnvironment.ArchiveS3Bucket]);
        Assert.Equal("archive/team/talk/", env[WorkerEnvironment.ArchiveS3Prefix]);
        Assert.Equal("eu-west-1", env[WorkerEnvironment.ArchiveS3Region]);
        Assert.Equal("aws:kms", env[WorkerEnvironment.ArchiveS3Encryption]);
        Assert.Equal("alias/archive", env[WorkerEnvironment.ArchiveS3KmsKeyId]);
        Assert.False(env.ContainsKey(WorkerEnvironment.ArchiveS3Endpoint));
    }

    [Fact]
    public void Without_a_bucket_or_without_an_archive_no_S3_variable_is_set()
    {
        var session = Sessions.New();
        session.Spec.Archive = new ArchiveSpec();
        var folderOnly = WorkerResources.ArchiveEnvironment(session, Sessions.Settings.Worker).Select(e => e.Name).ToList();
        session.Spec.Archive = null;
        var withS3 = Sessions.Settings.Worker with { ArchiveS3 = new ArchiveS3Target("talks", "archive/", "us-east-1", "AES256", null, null) };

        Assert.DoesNotContain(folderOnly, n => n.StartsWith("BROADCAST_ARCHIVE_S3_", StringComparison.Ordinal));
        Assert.Empty(WorkerResources.ArchiveEnvironment(session, withS3));
    }
}
