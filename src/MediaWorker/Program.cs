using BroadcastOperator.MediaWorker.Hosting;

// One MediaWorker per session, configured by the environment its Pod gets from the operator
// (src/Shared/Worker/WorkerEnvironment.cs; bound and validated by Options/).
WorkerApplication.Build(args).Run();
