package io.redisproxy.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty reports a leaked buffer. Registered for every test through the
 * service loader, and installed before any buffer class loads, so every detector reports here.
 * Tests run with {@code -Dio.netty.leakDetection.level=paranoid}: every buffer is tracked.
 */
public final class LeakDetectionExtension implements AfterAllCallback {
  private static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    // Leaks are found when a dropped buffer is collected and a later allocation polls for it.
    for (int i = 0; i < 5; i++) {
      System.gc();
      ByteBufAllocator.DEFAULT.buffer(1).release();
      ByteBufAllocator.DEFAULT.directBuffer(1).release();
      ByteBufAllocator.DEFAULT.heapBuffer(1).release();
    }
    List<String> found = List.copyOf(LEAKS);
    LEAKS.clear();
    assertThat(found).as("Netty buffer leaks in " + context.getDisplayName()).isEmpty();
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return new ResourceLeakDetector<>(resource, samplingInterval) {
        @Override
        protected void reportTracedLeak(String resourceType, String records) {
          LEAKS.add(resourceType + " leaked:" + records);
          super.reportTracedLeak(resourceType, records);
        }

        @Override
        protected void reportUntracedLeak(String resourceType) {
          LEAKS.add(resourceType + " leaked");
          super.reportUntracedLeak(resourceType);
        }
      };
    }
  }
}
