package gauntlet.core;

import java.lang.management.ManagementFactory;
import java.util.Optional;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * This JVM's own diagnostic commands, what {@code jcmd PID <command>} runs, through JMX: HotSpot
 * registers them as operations of one MBean ({@code Compiler.queue} is {@code compilerQueue}). On a
 * JVM without them every call answers empty.
 */
public final class DiagnosticCommands {
  private static final String[] SIGNATURE = {String[].class.getName()};

  private final MBeanServer server;
  private final ObjectName name;

  private DiagnosticCommands(MBeanServer server, ObjectName name) {
    this.server = server;
    this.name = name;
  }

  /** This JVM's commands; none when it has no such MBean. */
  public static DiagnosticCommands ofThisJvm() {
    MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    try {
      ObjectName name = new ObjectName("com.sun.management:type=DiagnosticCommand");
      return new DiagnosticCommands(server, server.isRegistered(name) ? name : null);
    } catch (JMException e) {
      return new DiagnosticCommands(server, null);
    }
  }

  /** Whether this JVM has the commands at all. */
  public boolean available() {
    return name != null;
  }

  /**
   * What {@code operation} printed, given {@code arguments} as jcmd would pass them; empty when the
   * JVM has no such command or it failed.
   */
  public Optional<String> run(String operation, String... arguments) {
    if (name == null) {
      return Optional.empty();
    }
    try {
      Object answer = server.invoke(name, operation, new Object[] {arguments}, SIGNATURE);
      return answer instanceof String text ? Optional.of(text) : Optional.empty();
    } catch (JMException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
