// Every test here starts the whole system (API server, operator, signaling, workers, browsers) and speaks to it in
// real time. Two of them side by side on a two-core machine starve each other's recognizers and browsers' audio
// threads, and the live test then measured the machine, not the system: they run one after another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
