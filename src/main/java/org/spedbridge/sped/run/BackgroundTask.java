package org.spedbridge.sped.run;

import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A piece of an import run done on a thread of its own while the run goes on (the two processor cores,
 * the database and the SFTP download work at the same time); the run waits for its result, and gets its
 * failure as the SQLException, IOException or RuntimeException it was.
 */
public final class BackgroundTask<T> {

    /** What the thread does. */
    public interface Work<T> {
        T run() throws SQLException, IOException;
    }

    private final FutureTask<T> task;

    public BackgroundTask(String threadName, Work<T> work) {
        this.task = new FutureTask<>(work::run);
        Thread thread = new Thread(task, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The result, once the thread is done; its failure, if it failed. */
    public T await() throws SQLException, IOException {
        try {
            return waitFor();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SQLException sql) {
                throw sql;
            }
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException rt) {
                throw rt;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** Whether the thread is done (finished or failed). */
    public boolean done() {
        return task.isDone();
    }

    /** Waits until the thread is done, whatever its outcome (before closing a connection it uses). */
    public static void finish(BackgroundTask<?> task) {
        if (task != null) {
            try {
                task.waitFor();
            } catch (ExecutionException e) {
                // reported by await(), or moot: the run is refused or failed anyway
            }
        }
    }

    /** Waits even when interrupted (the caller closes what the thread uses right after). */
    private T waitFor() throws ExecutionException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
