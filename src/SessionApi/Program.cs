using BroadcastOperator.SessionApi.Hosting;
using BroadcastOperator.SessionApi.Tokens;

// `SessionApi token --sub alice --role speaker` prints a development JWT; otherwise the HTTP API runs.
if (args.Length > 0 && args[0] == TokenCommand.Name)
{
    return TokenCommand.Run(args[1..]);
}

SessionApiApplication.Build(args).Run();
return 0;
