package org.spedbridge.sped.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A run's background piece: its result, or its failure as the exception it was; finish() always waits. */
class BackgroundTaskTest {

    @Test
    void awaitReturnsTheResultFromAnotherThread() throws Exception {
        BackgroundTask<String> task = new BackgroundTask<>("test-result", () -> Thread.currentThread().getName());
        assertThat(task.await()).isEqualTo("test-result");
    }

    @Test
    void aFailureComesBackAsTheExceptionItWas() {
        SQLException sql = new SQLException("the database refused");
        assertThatThrownBy(() -> new BackgroundTask<Void>("test-sql", () -> {
            throw sql;
        }).await()).isSameAs(sql);
        IOException io = new IOException("disk full");
        assertThatThrownBy(() -> new BackgroundTask<Void>("test-io", () -> {
            throw io;
        }).await()).isSameAs(io);
        IllegalStateException runtime = new IllegalStateException("bug");
        assertThatThrownBy(() -> new BackgroundTask<Void>("test-runtime", () -> {
            throw runtime;
        }).await()).isSameAs(runtime);
    }

    @Test
    void finishWaitsForTheThreadEvenWhenInterruptedAndKeepsTheInterrupt() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        BackgroundTask<Void> task = new BackgroundTask<>("test-slow", () -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            done.countDown();
            return null;
        });
        Thread.currentThread().interrupt();
        new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            release.countDown();
        }).start();
        BackgroundTask.finish(task);
        assertThat(done.getCount()).as("finish returned only after the thread was done").isZero();
        assertThat(Thread.interrupted()).as("the caller's interrupt is kept").isTrue();
        BackgroundTask.finish(null); // nothing started: nothing to wait for
    }
}
