package org.spedbridge.sped.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

/**
 * Which exceptions are which local cause, also wrapped (the causes made to happen for real:
 * importroute.FailureCauseTest); and what is not a local cause: a socket's or SIRAS' server's "Permission denied".
 */
class FailureCauseKindsTest {

    @Test
    void localCausesAreFoundInTheChain() {
        assertThat(FailureCause.of(new UncheckedIOException(new IOException("No space left on device"))))
                .contains(FailureCause.DISK_FULL);
        assertThat(FailureCause.of(new FileSystemException("/data/runs/x", null, "Read-only file system")))
                .contains(FailureCause.DISK_UNWRITABLE);
        assertThat(FailureCause.of(new IllegalStateException(new AccessDeniedException("/data/runs"))))
                .contains(FailureCause.DISK_UNWRITABLE);
        assertThat(FailureCause.of(new IllegalStateException("lock", new SQLException("gone", "08006"))))
                .contains(FailureCause.DATABASE);
    }

    @Test
    void aSocketsOrTheServersPermissionDeniedIsNotTheLocalDisk() {
        assertThat(FailureCause.of(new SocketException("Permission denied"))).isEmpty();
        assertThat(FailureCause.of(new RuntimeException(new SftpException(ChannelSftp.SSH_FX_PERMISSION_DENIED,
                "Permission denied")))).isEmpty();
    }

    @Test
    void theDatabaseMessageSaysUnreachableOnlyWhenItWas() {
        Path work = Path.of("data/runs");
        assertThat(FailureCause.DATABASE.describe(new SQLTransientConnectionException("pool", "08001",
                new ConnectException("Connection refused")), work)).startsWith("The database could not be reached (");
        assertThat(FailureCause.DATABASE.describe(new SQLException("value too long", "22001"), work))
                .startsWith("A database error stopped the import (SQLException: value too long)");
    }
}
