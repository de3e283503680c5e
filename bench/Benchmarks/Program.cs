// `make bench` entry point: each benchmark prints `BENCH <name> <value> <unit>` lines.
Console.WriteLine("BENCH placeholder_none 0 count");
