package gauntlet.agent.target.docker;

/**
 * An image of a built-in server, present on the engine.
 *
 * @param tag e.g. {@code gauntlet/node:1a2b3c4d5e6f-offline}
 * @param id the engine's image id
 * @param offline built from the host's runtime rather than an official base image
 * @param runtimeVersion the runtime's version when known from the build (offline images), else empty
 * @param built whether this call built it (false: an image with this tag was reused)
 */
record ServerImage(String tag, String id, boolean offline, String runtimeVersion, boolean built) {}
