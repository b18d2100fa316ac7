package gauntlet.controller.provision;

/**
 * The POSIX shell scripts run on a provisioned machine. They need {@code sh}, {@code tar},
 * {@code uname} and the core file commands, nothing else: no bash, no Java, no curl. Each runs as
 * {@code sh -c '...'}, so the login shell may be anything. Arguments are release ids and agent
 * names, whose syntax (letters, digits, {@code . _ + -}) needs no quoting.
 */
final class RemoteScripts {
  /** Printed by {@link #probe} when the release is in place. */
  static final String PRESENT = "present";
  static final String ABSENT = "absent";
  static final String WRONG_ARCH = "arch ";

  private RemoteScripts() {}

  /** Prints present, absent, or {@code arch <uname -m>} when the machine cannot run the release. */
  static String probe(Release release) {
    return """
        r="$HOME/.cache/gauntlet/%1$s"
        m=$(uname -m)
        if [ "$m" != "%2$s" ]; then echo "arch $m"; exit 0; fi
        if [ -f "$r/RELEASE" ] && [ "$(cat "$r/RELEASE")" = "%1$s" ] && [ -x "$r/bin/gauntlet" ]; then
          echo present
        else
          echo absent
        fi
        """.formatted(release.id(), release.arch());
  }

  /**
   * Unpacks the tar on stdin into a scratch folder, then moves it into place in one step: a
   * half-sent release is never taken for a whole one, and two controllers uploading at once both
   * end with one good copy.
   */
  static String upload(Release release) {
    return """
        set -e
        c="$HOME/.cache/gauntlet"; r="$c/%1$s"; t="$c/.upload-%1$s-$$"
        trap 'rm -rf "$t"' EXIT
        mkdir -p "$c"; rm -rf "$t"; mkdir "$t"
        tar -xf - -C "$t"
        test "$(cat "$t/RELEASE")" = "%1$s"
        if [ -d "$r" ]; then rm -rf "$t"; else mv "$t" "$r"; fi
        echo uploaded
        """.formatted(release.id());
  }

  /**
   * Runs the agent in the foreground of the SSH session, on loopback, with the token read from the
   * first line of stdin, in a run folder of its own that goes when the agent does. The agent ends
   * when stdin closes: the controller closed the session, or died and the session with it.
   */
  static String agent(Release release, String name) {
    return """
        r="$HOME/.cache/gauntlet/%1$s"; runs="$HOME/.cache/gauntlet/runs"; run="$runs/$$"
        mkdir -p "$runs" && rm -rf "$run" && mkdir -m 700 "$run" || exit 1
        trap 'rm -rf "$run"' EXIT
        trap 'exit 129' HUP
        trap 'exit 143' TERM
        IFS= read -r token || exit 1
        (umask 077 && printf '%%s\\n' "$token" > "$run/token")
        "$r/bin/gauntlet" agent --listen 127.0.0.1:0 --name %2$s --work-dir "$run/work" --token-file "$run/token" \\
          --exit-with-stdin
        """.formatted(release.id(), name);
  }

  /** {@code sh -c '<script>'}, the script single-quoted for the remote login shell. */
  static String shell(String script) {
    return "sh -c '" + script.replace("'", "'\\''") + "'";
  }
}
