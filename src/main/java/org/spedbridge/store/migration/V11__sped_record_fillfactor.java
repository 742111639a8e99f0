package org.spedbridge.store.migration;

import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * PostgreSQL only: sped_record's pages are filled to half, so the nightly update of every record finds room
 * for the new row version on the same page (a HOT update: no index entry written, see V10). Pages written
 * before this migration get the room as their rows are next updated. H2 has no such setting: nothing to do.
 */
public final class V11__sped_record_fillfactor extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName();
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            try (Statement s = context.getConnection().createStatement()) {
                s.execute("ALTER TABLE sped_record SET (fillfactor = 50)");
            }
        }
    }
}
