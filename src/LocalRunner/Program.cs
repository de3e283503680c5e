// The local pod runner: plays the kubelet for MediaWorker pods under `make run`.
return 0;
