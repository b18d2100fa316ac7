package gauntlet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

class GauntletTest {

  /** The property each copy of Netty reads its leak detector's level from (its own constant). */
  private static String levelProperty(Class<?> detector) throws ReflectiveOperationException {
    Field property = detector.getDeclaredField("PROP_LEVEL");
    property.setAccessible(true);
    return (String) property.get(null);
  }

  @Test
  void theCommandTurnsOffTheLeakDetectorOfBothNettyCopies() throws ReflectiveOperationException {
    // The load engine's Netty, and gRPC's shaded one under the controller's and agent's calls:
    // a relocated copy reads a relocated property, which "io.netty.leakDetection.level" misses.
    assertThat(Gauntlet.LEAK_DETECTION_LEVELS).contains(
        levelProperty(io.netty.util.ResourceLeakDetector.class),
        levelProperty(io.grpc.netty.shaded.io.netty.util.ResourceLeakDetector.class));
  }
}
