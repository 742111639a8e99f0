package org.spedbridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * Peak heap during one phase: the heap pools' peak usage (reset at the start; the JVM tracks it exactly)
 * and, as a cross-check, the largest used heap seen by a sampling thread (every 10 ms). Both count garbage
 * that the collector has not needed to collect yet, so they grow with -Xmx; what the phase needs is closer to
 * the largest heap in use right after a collection (the heap pools' collection usage, sampled alike): with
 * -Xmx256m it must stay well under 256 MB.
 */
final class HeapWatch implements AutoCloseable {

    private volatile boolean running = true;
    private volatile long maxSampled;
    private volatile long maxAfterGc;
    private final Thread sampler;

    private HeapWatch() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                p.resetPeakUsage();
            }
        }
        sampler = new Thread(() -> {
            Runtime rt = Runtime.getRuntime();
            while (running) {
                maxSampled = Math.max(maxSampled, rt.totalMemory() - rt.freeMemory());
                maxAfterGc = Math.max(maxAfterGc, afterGc());
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-watch");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** Starts watching after a GC, so that the phase starts from live data only. */
    static HeapWatch start() {
        System.gc();
        return new HeapWatch();
    }

    /** Sum of the heap pools' peaks (an upper bound of the peak of their total). */
    static long poolPeaks() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    /** The heap pools' usage right after their last collection, summed. */
    private static long afterGc() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null) {
                sum += p.getCollectionUsage().getUsed();
            }
        }
        return sum;
    }

    /** The largest heap in use right after a collection during the phase. */
    long maxAfterGcMb() {
        return maxAfterGc >> 20;
    }

    long maxSampledMb() {
        return maxSampled >> 20;
    }

    long poolPeaksMb() {
        return poolPeaks() >> 20;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
