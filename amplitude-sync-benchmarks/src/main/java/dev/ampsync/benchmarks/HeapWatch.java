package dev.ampsync.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * Watches the heap during one phase: peak heap used (sampled every 5 ms from {@link MemoryMXBean},
 * and seen by every GC just before it collects), the largest heap used right after a GC (an upper
 * bound of the live set), and GC count and time from the GC MXBeans.
 */
final class HeapWatch implements AutoCloseable {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final List<GarbageCollectorMXBean> gcs = ManagementFactory.getGarbageCollectorMXBeans();
  private final AtomicLong peakUsed = new AtomicLong();
  private final AtomicLong maxAfterGc = new AtomicLong();
  private final long gcCount0;
  private final long gcTime0;
  private final Thread sampler;
  private final NotificationListener listener;
  private volatile boolean running = true;
  private long gcCount;
  private long gcTime;
  private long committed;

  HeapWatch() {
    System.gc();
    long count = 0;
    long time = 0;
    for (GarbageCollectorMXBean gc : gcs) {
      count += Math.max(0, gc.getCollectionCount());
      time += Math.max(0, gc.getCollectionTime());
    }
    gcCount0 = count;
    gcTime0 = time;
    listener = (notification, handback) -> {
      if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
        return;
      }
      GarbageCollectionNotificationInfo info =
          GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
      peakUsed.accumulateAndGet(sum(info.getGcInfo().getMemoryUsageBeforeGc()), Math::max);
      maxAfterGc.accumulateAndGet(sum(info.getGcInfo().getMemoryUsageAfterGc()), Math::max);
    };
    for (GarbageCollectorMXBean gc : gcs) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(listener, null, null);
      }
    }
    sampler = new Thread(() -> {
      while (running) {
        MemoryUsage heap = memory.getHeapMemoryUsage();
        peakUsed.accumulateAndGet(heap.getUsed(), Math::max);
        try {
          Thread.sleep(5);
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "heap-watch");
    sampler.setDaemon(true);
    sampler.start();
  }

  private static long sum(Map<String, MemoryUsage> pools) {
    long used = 0;
    for (Map.Entry<String, MemoryUsage> pool : pools.entrySet()) {
      String name = pool.getKey();
      // heap pools only (G1, Parallel, Serial names)
      if (name.contains("Eden") || name.contains("Survivor") || name.contains("Old Gen") || name.contains("Tenured")) {
        used += pool.getValue().getUsed();
      }
    }
    return used;
  }

  @Override
  public void close() {
    running = false;
    sampler.interrupt();
    try {
      sampler.join(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (GarbageCollectorMXBean gc : gcs) {
      if (gc instanceof NotificationEmitter emitter) {
        try {
          emitter.removeNotificationListener(listener);
        } catch (Exception ignored) {
          // gone already
        }
      }
    }
    long count = 0;
    long time = 0;
    for (GarbageCollectorMXBean gc : gcs) {
      count += Math.max(0, gc.getCollectionCount());
      time += Math.max(0, gc.getCollectionTime());
    }
    gcCount = count - gcCount0;
    gcTime = time - gcTime0;
    committed = memory.getHeapMemoryUsage().getCommitted();
  }

  long peakUsedBytes() {
    return peakUsed.get();
  }

  long maxAfterGcBytes() {
    return maxAfterGc.get();
  }

  long gcCount() {
    return gcCount;
  }

  long gcTimeMs() {
    return gcTime;
  }

  long committedBytes() {
    return committed;
  }

  String describe() {
    return String.format("peak heap used %.1f MB, max heap after GC %.1f MB, heap committed %.1f MB (max %.0f MB), GC %d collections / %d ms",
        peakUsedBytes() / 1e6, maxAfterGcBytes() / 1e6, committedBytes() / 1e6,
        memory.getHeapMemoryUsage().getMax() / 1e6, gcCount, gcTime);
  }
}
