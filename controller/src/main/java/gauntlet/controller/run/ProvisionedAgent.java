package gauntlet.controller.run;

import io.grpc.CallCredentials;

/**
 * Where a provisioned agent answers on this machine (the local end of a tunnel) and the token it
 * was started with.
 */
public record ProvisionedAgent(String host, int port, CallCredentials token) {}
